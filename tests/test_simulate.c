/* test_simulate.c - the multi-year simulation, with a stand-in planner. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rotas/simulate.h"
#include "rotas/whatif.h"

/* ------------------------------------------------------------------ a tiny county */

static char *sdup(const char *s)
{
    return rotas_strdup(s);
}

static void add_class(rotas_county *c, int school, const char *id, int g1, int g2, int students)
{
    rotas_class *k = &c->classes[c->n_classes++];
    k->id = sdup(id);
    k->school = school;
    k->grades[0] = g1;
    k->n_grades = 1;
    if (g2) {
        k->grades[1] = g2;
        k->n_grades = 2;
    }
    k->students = students;
}

static void add_teacher(rotas_county *c, const char *id, int school, int subject, int key,
                        int since, int birth, rotas_role role)
{
    rotas_teacher *t = &c->teachers[c->n_teachers++];
    t->id = sdup(id);
    t->name = sdup(id);
    t->gender = c->n_teachers % 2 ? 'F' : 'M';
    t->birth_year = birth;
    t->school = school;
    t->subjects = malloc(sizeof *t->subjects);
    t->subjects[0] = subject;
    t->n_subjects = 1;
    t->role = role;
    t->school_since = since;
    t->post_since = since;
    t->key = key;
    t->degree = sdup("bachelor");
    t->degree_level = ROTAS_DEGREE_BACHELOR;
}

/* S1 central primary of C1, S2 complete primary, S3 teaching point (both in C1), S4 urban. */
static rotas_county *tiny(void)
{
    rotas_county *c = rotas_county_new();
    c->name = sdup("tiny");
    c->year = 2026;
    const char *subj[] = {"chinese", "math", "english"};
    c->subjects = calloc(3, sizeof *c->subjects);
    for (int i = 0; i < 3; i++) {
        c->subjects[i].id = sdup(subj[i]);
        c->subjects[i].name = sdup(subj[i]);
        c->subjects[i].shortage = i == 2;
    }
    c->n_subjects = 3;
    c->clusters = calloc(1, sizeof *c->clusters);
    c->clusters[0].id = sdup("C1");
    c->clusters[0].central = 0;
    c->clusters[0].declared = 1;
    c->n_clusters = 1;
    const char *sid[] = {"S1", "S2", "S3", "S4"};
    rotas_school_kind kind[] = {ROTAS_KIND_CENTRAL_PRIMARY, ROTAS_KIND_COMPLETE_PRIMARY,
                                ROTAS_KIND_TEACHING_POINT, ROTAS_KIND_URBAN_PRIMARY};
    rotas_area area[] = {ROTAS_AREA_TOWN, ROTAS_AREA_RURAL, ROTAS_AREA_RURAL, ROTAS_AREA_URBAN};
    c->schools = calloc(4, sizeof *c->schools);
    for (int i = 0; i < 4; i++) {
        rotas_school *s = &c->schools[i];
        s->id = sdup(sid[i]);
        s->name = sdup(sid[i]);
        s->kind = kind[i];
        s->area = area[i];
        s->cluster = i < 3 ? 0 : -1;
        s->group = -1;
        s->lat = 25.0 + 0.05 * i;
        s->lon = 110.0;
        s->staff_quota = 4;
    }
    c->n_schools = 4;
    c->classes = calloc(8, sizeof *c->classes);
    add_class(c, 0, "1A", 1, 0, 40);
    add_class(c, 0, "3A", 3, 0, 42);
    add_class(c, 1, "3A", 3, 0, 30);
    add_class(c, 1, "4A", 4, 0, 28);
    add_class(c, 2, "3A", 3, 4, 9);
    add_class(c, 3, "3A", 3, 0, 45);
    c->schools[0].students = 82;
    c->schools[1].students = 58;
    c->schools[2].students = 9;
    c->schools[3].students = 45;
    c->travel = calloc(3, sizeof *c->travel);
    c->travel[0] = (rotas_travel){.from = 0, .to = 1, .km = 6, .minutes = 15};
    c->travel[1] = (rotas_travel){.from = 0, .to = 2, .km = 12, .minutes = 30};
    c->travel[2] = (rotas_travel){.from = 1, .to = 2, .km = 7, .minutes = 20};
    c->n_travel = 3;
    c->curriculum = calloc(8, sizeof *c->curriculum);
    int g[] = {1, 3, 4};
    for (int i = 0; i < 3; i++) {
        c->curriculum[c->n_curriculum++] = (rotas_curriculum_row){.grade = g[i], .subject = 0,
                                                                  .periods = 8};
        c->curriculum[c->n_curriculum++] = (rotas_curriculum_row){.grade = g[i], .subject = 1,
                                                                  .periods = 5};
        if (g[i] >= 3)
            c->curriculum[c->n_curriculum++] =
                (rotas_curriculum_row){.grade = g[i], .subject = 2, .periods = 3};
    }
    c->teachers = calloc(8, sizeof *c->teachers);
    add_teacher(c, "T1", 0, 0, ROTAS_KEY_COUNTY, 2010, 1975, ROTAS_ROLE_PRINCIPAL);
    add_teacher(c, "T2", 0, 1, ROTAS_KEY_NONE, 2018, 1985, ROTAS_ROLE_TEACHER);
    add_teacher(c, "T3", 1, 0, ROTAS_KEY_NONE, 2015, 1980, ROTAS_ROLE_TEACHER);
    add_teacher(c, "T4", 1, 1, ROTAS_KEY_NONE, 2020, 1990, ROTAS_ROLE_TEACHER);
    add_teacher(c, "T5", 2, 0, ROTAS_KEY_NONE, 2012, 1970, ROTAS_ROLE_TEACHER);
    add_teacher(c, "T6", 3, 2, ROTAS_KEY_CITY, 2016, 1982, ROTAS_ROLE_TEACHER);
    add_teacher(c, "T7", 3, 0, ROTAS_KEY_NONE, 2019, 1992, ROTAS_ROLE_TEACHER);
    c->teachers[4].preferences = malloc(2 * sizeof(int));
    c->teachers[4].preferences[0] = 2;
    c->teachers[4].preferences[1] = 0;
    c->teachers[4].n_preferences = 2;
    rotas_error err = {0};
    if (rotas_county_finalize(c, &err) != ROTAS_OK) {
        fprintf(stderr, "tiny: %s\n", err.msg);
        abort();
    }
    return c;
}


/* ------------------------------------------------------------------ a stand-in planner */

static int t2_school[64]; /* school of T2 as each year's plan sees it */
static int t2_since[64];
static int calls;

/* Year 1: T2 goes to S4 on a two-year exchange. Unfilled: english at S3, one period per
   teacher short of ten, so that hires show. */
static rotas_rc fake_plan(rotas_plan **out, const rotas_county *c, const rotas_policy *p,
                          const rotas_plan_options *o, rotas_error *err)
{
    (void)p;
    (void)err;
    rotas_plan *pl = calloc(1, sizeof *pl);
    int t2 = rotas_county_teacher(c, "T2");
    t2_school[calls] = t2 >= 0 ? c->teachers[t2].school : -1;
    t2_since[calls] = t2 >= 0 ? c->teachers[t2].school_since : -1;
    assert_int_equal(o->year, c->year + 1);
    pl->year = o->year;
    pl->status = ROTAS_STATUS_OPTIMAL;
    if (calls == 0 && t2 >= 0) {
        pl->moves = calloc(1, sizeof *pl->moves);
        pl->moves[0] = (rotas_move){.teacher = t2, .from = c->teachers[t2].school, .to = 3,
                                    .until = o->year + 1, .km = 10, .shortage_subject = -1};
        pl->n_moves = 1;
        pl->km_total = 10;
    }
    pl->unfilled = calloc(1, sizeof *pl->unfilled);
    pl->unfilled[0] = (rotas_unfilled){.school = 2, .subject = 2,
                                       .periods = 10.0 - (double)c->n_teachers};
    pl->n_unfilled = 1;
    pl->unfilled_before = 12;
    pl->unfilled_after = pl->unfilled[0].periods;
    pl->after.county.cv[ROTAS_IND_KEY] = 0.5;
    calls++;
    *out = pl;
    return ROTAS_OK;
}

static rotas_simulation *run(const rotas_county *c, rotas_sim_options *o)
{
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_simulation *s = NULL;
    rotas_error err = {0};
    calls = 0;
    o->planner = fake_plan;
    rotas_rc rc = rotas_simulate(&s, c, &p, o, &err);
    if (rc != ROTAS_OK)
        fprintf(stderr, "simulate: %s\n", err.msg);
    assert_int_equal(rc, ROTAS_OK);
    return s;
}

static void test_deterministic(void **state)
{
    (void)state;
    rotas_county *c = tiny();
    rotas_sim_options o = {.years = 10, .seed = 7};
    rotas_simulation *a = run(c, &o), *b = run(c, &o);
    char *ja = rotas_simulation_dump_json(a), *jb = rotas_simulation_dump_json(b);
    assert_non_null(ja);
    assert_string_equal(ja, jb);
    assert_non_null(strstr(ja, "\"format\": \"rotas-simulation/1\""));
    /* the input county is untouched */
    assert_int_equal(c->n_teachers, 7);
    assert_int_equal(c->teachers[1].school, 0);
    free(ja);
    free(jb);
    rotas_simulation_free(a);
    rotas_simulation_free(b);
    rotas_county_free(c);
}

static void test_retirements_and_hires(void **state)
{
    (void)state;
    rotas_county *c = tiny();
    rotas_sim_options o = {.years = 10, .seed = 3};
    rotas_simulation *s = run(c, &o);
    assert_int_equal(s->n_years, 10);
    assert_int_equal(s->first_year, 2027);
    assert_int_equal(calls, 10);
    /* women retire at 55, men at 60: T5 (F 1970) in 2027, T1 (F 1975) in 2030, T3 (F 1980)
       in 2035; T6 (M 1982), T2 (M 1985) stay */
    int want_ret[10] = {1, 0, 0, 1, 0, 0, 0, 0, 1, 0};
    int teachers = 7, total_ret = 0, total_hired = 0;
    for (int i = 0; i < 10; i++) {
        const rotas_sim_year *y = &s->years[i];
        assert_int_equal(y->year, 2027 + i);
        assert_int_equal(y->retirements, want_ret[i]);
        /* shortages abound and quotas are not reached: one hire for each departure */
        assert_int_equal(y->hires, y->retirements);
        teachers += y->hires - y->retirements;
        assert_int_equal(y->teachers, teachers);
        /* the plan's figures are carried over */
        assert_true(fabs(y->unfilled_after - (10.0 - teachers)) < 1e-9);
        assert_true(fabs(y->unfilled_subject[2] - (10.0 - teachers)) < 1e-9);
        assert_true(fabs(y->unfilled_area[ROTAS_AREA_RURAL] - (10.0 - teachers)) < 1e-9);
        assert_true(fabs(y->after.county.cv[ROTAS_IND_KEY] - 0.5) < 1e-9);
        total_ret += y->retirements;
        total_hired += y->hires;
    }
    assert_int_equal(total_ret, 3);
    assert_int_equal(total_hired, 3);
    assert_int_equal(s->years[0].moves, 1);
    assert_int_equal(s->years[1].moves, 0);
    /* T1, the principal since 2010, is past the ten-year line until she retires in 2030 */
    assert_true(fabs(s->years[0].leaders_past_line - 1.0) < 1e-9);
    assert_true(fabs(s->years[2].leaders_past_line - 1.0) < 1e-9);
    assert_true(fabs(s->years[3].leaders_past_line - 0.0) < 1e-9);
    rotas_simulation_free(s);

    /* quota 1 everywhere: a school at or over its quota gets one hire per five departures
       (退5进1), so only emptied schools hire: S3 in 2027 (T5 left), S1 in 2030 (T1 left, T2
       is at S4); in 2035 T3 leaves S2, where T4 stays: no hire */
    for (size_t i = 0; i < c->n_schools; i++)
        c->schools[i].staff_quota = 1;
    s = run(c, &o);
    int want_hires[10] = {1, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 10; i++)
        assert_int_equal(s->years[i].hires, want_hires[i]);
    assert_int_equal(s->years[9].teachers, 7 - 3 + 2);
    rotas_simulation_free(s);
    rotas_county_free(c);
}

static void test_moves_applied_and_exchanges(void **state)
{
    (void)state;
    rotas_county *c = tiny();
    rotas_sim_options o = {.years = 4, .seed = 1};
    rotas_simulation *s = run(c, &o);
    /* year 1 moves T2 from S1 to S4 until 2028; later years see it there, since 2027; with
       the default it stays when the exchange ends */
    assert_int_equal(t2_school[0], 0);
    assert_int_equal(t2_school[1], 3);
    assert_int_equal(t2_since[1], 2027);
    assert_int_equal(t2_school[3], 3);
    for (int i = 0; i < 4; i++)
        assert_int_equal(s->years[i].returns, 0);
    rotas_simulation_free(s);

    o.return_after_exchange = 1;
    s = run(c, &o);
    assert_int_equal(t2_school[1], 3);
    assert_int_equal(t2_school[2], 0); /* back in 2029 */
    assert_int_equal(t2_since[2], 2029);
    assert_int_equal(s->years[2].returns, 1);
    rotas_simulation_free(s);
    rotas_county_free(c);
}

static void test_fixed_hires(void **state)
{
    (void)state;
    rotas_county *c = tiny();
    rotas_sim_hire items[2] = {{.year = 2028, .subject = 2, .school = 3, .cluster = -1, .count = 3},
                               {.year = 2028, .subject = 2, .school = -1, .cluster = 0,
                                .count = 1}};
    rotas_sim_hires h = {items, 2};
    rotas_sim_options o = {.years = 3, .seed = 1, .hires = &h};
    rotas_simulation *s = run(c, &o);
    assert_int_equal(s->years[0].hires, 1); /* the rule: T5 retired */
    assert_int_equal(s->years[1].hires, 4); /* the plan */
    assert_int_equal(s->years[1].teachers, 7 - 1 + 1 + 4);
    rotas_simulation_free(s);

    /* the reader: ids checked, every problem located */
    char path[512];
    snprintf(path, sizeof path, "%s/test_simulate_hires_%d.json", ROTAS_BUILD_DIR, (int)getpid());
    FILE *f = fopen(path, "w");
    fputs("{\"format\": \"rotas-hires/1\", \"years\": [{\"year\": 2028, \"hires\": ["
          "{\"subject\": \"english\", \"school\": \"S4\", \"count\": 2},"
          "{\"subject\": \"latin\", \"cluster\": \"C9\", \"count\": 0}]}]}",
          f);
    fclose(f);
    rotas_diags d = {0};
    rotas_error err = {0};
    assert_int_equal(rotas_sim_hires_read_json(&h, path, c, &d, &err), ROTAS_EINPUT);
    assert_int_equal(d.n_items, 3);
    assert_non_null(strstr(d.items[0], "years[0].hires[1].subject: expected a subject id, "
                                       "found \"latin\""));
    assert_non_null(strstr(d.items[1], "years[0].hires[1].cluster"));
    assert_non_null(strstr(d.items[2], "years[0].hires[1].count"));
    rotas_diags_clear(&d);
    f = fopen(path, "w");
    fputs("{\"format\": \"rotas-hires/1\", \"years\": [{\"year\": 2028, \"hires\": ["
          "{\"subject\": \"english\", \"school\": \"S4\", \"count\": 2}]}]}",
          f);
    fclose(f);
    assert_int_equal(rotas_sim_hires_read_json(&h, path, c, &d, &err), ROTAS_OK);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.items[0].school, 3);
    assert_int_equal(h.items[0].count, 2);
    rotas_sim_hires_clear(&h);
    remove(path);
    rotas_county_free(c);
}

/* Fails on calls 0 and 2 (years 2027 and 2029) as the real planner does when no plan is found
   in the time limit; plans like fake_plan otherwise. */
static rotas_rc failing_plan(rotas_plan **out, const rotas_county *c, const rotas_policy *p,
                             const rotas_plan_options *o, rotas_error *err)
{
    if (calls == 0 || calls == 2) {
        int t2 = rotas_county_teacher(c, "T2");
        t2_school[calls] = t2 >= 0 ? c->teachers[t2].school : -1;
        calls++;
        *out = NULL;
        return rotas_error_set(err, ROTAS_ESOLVER, "plan: no plan found within the time limit");
    }
    int saved = calls, keep0 = t2_school[0];
    int t2 = rotas_county_teacher(c, "T2");
    t2_school[saved] = t2 >= 0 ? c->teachers[t2].school : -1;
    calls = saved == 1 ? 0 : 9; /* fake_plan moves T2 on its first call only */
    rotas_rc rc = fake_plan(out, c, p, o, err);
    t2_school[0] = keep0;
    calls = saved + 1;
    return rc;
}

static int seen_years[16], seen_failed[16], n_seen;

static void note_year(void *ctx, const struct rotas_sim_year *y, int index, int years)
{
    (void)ctx;
    assert_int_equal(years, 4);
    assert_int_equal(index, n_seen + 1);
    seen_years[n_seen] = y->year;
    seen_failed[n_seen++] = y->failed;
}

static void test_failed_year_goes_on(void **state)
{
    (void)state;
    rotas_county *c = tiny();
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_simulation *s = NULL;
    rotas_error err = {0};
    rotas_sim_options o = {.years = 4, .seed = 3, .planner = failing_plan, .on_year = note_year};
    calls = 0;
    n_seen = 0;
    assert_int_equal(rotas_simulate(&s, c, &p, &o, &err), ROTAS_OK);
    assert_int_equal(calls, 4);
    assert_int_equal(s->n_years, 4);
    assert_int_equal(s->n_failed, 2);
    assert_int_equal(n_seen, 4);
    int want_failed[4] = {1, 0, 1, 0};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(seen_years[i], 2027 + i);
        assert_int_equal(seen_failed[i], want_failed[i]);
        assert_int_equal(s->years[i].failed, want_failed[i]);
    }
    assert_string_equal(s->years[0].error, "plan: no plan found within the time limit");
    assert_int_equal(s->years[0].moves, 0);
    /* the failed year still aged the county: T5 retired and was replaced in 2027 */
    assert_int_equal(s->years[0].retirements, 1);
    assert_int_equal(s->years[0].hires, 1);
    /* nobody moved in 2027; 2028's plan moved T2 to S4, which 2029 sees */
    assert_int_equal(s->years[1].moves, 1);
    assert_int_equal(t2_school[0], 0);
    assert_int_equal(t2_school[1], 0);
    assert_int_equal(t2_school[2], 3);
    char *j = rotas_simulation_dump_json(s);
    assert_non_null(j);
    assert_non_null(strstr(j, "\"failed_years\": 2"));
    assert_non_null(strstr(j, "\"status\": \"failed\""));
    assert_non_null(strstr(j, "\"error\": \"plan: no plan found within the time limit\""));
    assert_non_null(strstr(j, "\"moves\": null"));
    free(j);
    rotas_simulation_free(s);
    rotas_county_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_retirements_and_hires),
        cmocka_unit_test(test_moves_applied_and_exchanges),
        cmocka_unit_test(test_fixed_hires),
        cmocka_unit_test(test_failed_year_goes_on),
    };
    return cmocka_run_group_tests_name("simulate", tests, NULL, NULL);
}
