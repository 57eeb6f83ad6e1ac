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

#include "whatif_fixture.h"
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
        pl->moves[0] = (rotas_move){.teacher = t2,
                                    .from = c->teachers[t2].school,
                                    .to = 3,
                                    .until = o->year + 1,
                                    .km = 10,
                                    .shortage_subject = -1};
        pl->n_moves = 1;
        pl->km_total = 10;
    }
    pl->unfilled = calloc(1, sizeof *pl->unfilled);
    pl->unfilled[0] =
        (rotas_unfilled){.school = 2, .subject = 2, .periods = 10.0 - (double)c->n_teachers};
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
    rotas_sim_hire items[2] = {
        {.year = 2028, .subject = 2, .school = 3, .cluster = -1, .count = 3},
        {.year = 2028, .subject = 2, .school = -1, .cluster = 0, .count = 1}};
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

/* Records the first year's hire (school and main subject), then plans like fake_plan. */
static int hire_school = -2, hire_subject = -2;
static rotas_rc noting_plan(rotas_plan **out, const rotas_county *c, const rotas_policy *p,
                            const rotas_plan_options *o, rotas_error *err)
{
    if (calls == 0)
        for (size_t t = 0; t < c->n_teachers; t++)
            if (!strncmp(c->teachers[t].id, "H2027-", 6)) {
                hire_school = c->teachers[t].school;
                hire_subject = c->teachers[t].subjects[0];
            }
    return fake_plan(out, c, p, o, err);
}

/* The hiring rule ranks the true shortage (rotas/shortage.h). T5 retires in 2027, leaving
   S3's 8 chinese periods untaught. T1 (S1, chinese and english, 28 periods) covers S1's 16
   chinese and all 12 english of cluster C1, so the largest shortage is S3 chinese, where
   the one hire goes. Counted by main subject, english C1 (12 periods, nobody's main subject)
   would come first. */
static void test_hire_rule_true_shortage(void **state)
{
    (void)state;
    rotas_county *c = tiny();
    rotas_teacher *t1 = &c->teachers[rotas_county_teacher(c, "T1")];
    int *subj = realloc(t1->subjects, 2 * sizeof *subj);
    assert_non_null(subj);
    subj[1] = rotas_county_subject(c, "english");
    t1->subjects = subj;
    t1->n_subjects = 2;
    t1->max_periods = 28;
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_simulation *s = NULL;
    rotas_error err = {0};
    rotas_sim_options o = {.years = 1, .seed = 3, .planner = noting_plan};
    calls = 0;
    assert_int_equal(rotas_simulate(&s, c, &p, &o, &err), ROTAS_OK);
    assert_int_equal(s->years[0].retirements, 1);
    assert_int_equal(s->years[0].hires, 1);
    assert_int_equal(hire_school, rotas_county_school(c, "S3"));
    assert_int_equal(hire_subject, rotas_county_subject(c, "chinese"));
    rotas_simulation_free(s);
    rotas_county_free(c);
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
        cmocka_unit_test(test_hire_rule_true_shortage),
        cmocka_unit_test(test_failed_year_goes_on),
    };
    return cmocka_run_group_tests_name("simulate", tests, NULL, NULL);
}
