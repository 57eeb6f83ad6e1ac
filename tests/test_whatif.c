/* test_whatif.c - scenario files, changes, input hash, run table, shards, workers. */
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

#include "rotas/whatif.h"

/* ------------------------------------------------------------------ a tiny county */

#include "whatif_fixture.h"
}

static rotas_scenario_set *read_ok(const char *text)
{
    rotas_scenario_set *s = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_scenarios_read_buffer(&s, text, strlen(text), "t.json", NULL, &d, &err);
    for (size_t i = 0; i < d.n_items; i++)
        fprintf(stderr, "  %s\n", d.items[i]);
    assert_int_equal(rc, ROTAS_OK);
    rotas_diags_clear(&d);
    return s;
}

static int has_diag(const rotas_diags *d, const char *text)
{
    for (size_t i = 0; i < d->n_items; i++)
        if (strstr(d->items[i], text))
            return 1;
    return 0;
}

static void dump_diags(const rotas_diags *d)
{
    for (size_t i = 0; i < d->n_items; i++)
        fprintf(stderr, "  diag: %s\n", d->items[i]);
}

/* ------------------------------------------------------------------ parsing */

static void test_parse_errors_all_reported(void **state)
{
    (void)state;
    const char *text =
        "{\"format\": \"rotas-scenarios/1\", \"base\": \"x.json\", \"colour\": 1,"
        " \"scenarios\": ["
        "  {\"name\": \"a\", \"changes\": [{\"kind\": \"demolish\"}]},"
        "  {\"name\": \"b\", \"changes\": [{\"kind\": \"hire\", \"subject\": \"english\","
        "     \"school\": \"S1\", \"cluster\": \"C1\", \"extra\": true}]},"
        "  {\"name\": \"c\", \"changes\": [{\"kind\": \"remove\", \"teachers\": [],"
        "     \"reason\": \"fired\"}]},"
        "  {\"name\": \"d\", \"changes\": [{\"kind\": \"travel\", \"from\": \"S1\","
        "     \"to\": \"S2\", \"km\": -3}]},"
        "  {\"name\": \"a\", \"jobs\": [\"plan\", {\"timetable\": 7}]},"
        "  {\"name\": \"f\", \"changes\": [{\"kind\": \"close_school\", \"school\": \"S3\"},"
        "     {\"kind\": \"year\", \"year\": \"next\"}, {\"kind\": \"policy\", \"set\": 3}]}"
        "]}";
    rotas_scenario_set *s = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_scenarios_read_buffer(&s, text, strlen(text), "t.json", NULL, &d, &err);
    assert_int_equal(rc, ROTAS_EINPUT);
    assert_null(s);
    dump_diags(&d);
    assert_true(has_diag(&d, "(top level).colour: unknown key"));
    assert_true(has_diag(&d, "scenarios[0].changes[0].kind: expected one of policy, hire"));
    assert_true(has_diag(&d, "scenarios[1].changes[0].extra: unknown key"));
    assert_true(has_diag(&d, "scenarios[1].changes[0]: expected one of school or cluster"));
    assert_true(has_diag(&d, "scenarios[1].changes[0].count: expected an integer"));
    assert_true(has_diag(&d, "scenarios[2].changes[0].teachers: expected a non-empty array"));
    assert_true(has_diag(&d, "scenarios[2].changes[0].reason: expected \"retire\" or \"leave\", "
                             "found \"fired\""));
    assert_true(has_diag(&d, "scenarios[3].changes[0].km: expected a number >= 0, found -3"));
    assert_true(has_diag(&d, "scenarios[3].changes[0].minutes: expected a number >= 0, found "
                             "nothing"));
    assert_true(has_diag(&d, "scenarios[4].name: expected a name not used by an earlier"));
    assert_true(has_diag(&d, "scenarios[4].jobs[1].timetable: expected \"all\" or"));
    assert_true(has_diag(&d, "scenarios[5].changes[0].into: expected a string, found nothing"));
    assert_true(has_diag(&d, "scenarios[5].changes[1].year: expected an integer from 1900"));
    assert_true(has_diag(&d, "scenarios[5].changes[2].set: expected an object of policy keys"));
    assert_int_equal(rotas_diags_count(&d), 14);
    assert_non_null(strstr(err.msg, "14 errors"));
    rotas_diags_clear(&d);

    /* not JSON at all, and a wrong format */
    rc = rotas_scenarios_read_buffer(&s, "{\"format\": ", 11, "t.json", NULL, &d, &err);
    assert_int_equal(rc, ROTAS_EINPUT);
    assert_int_equal(d.n_items, 1);
    rotas_diags_clear(&d);
    const char *fmt = "{\"format\": \"rotas-plan/1\", \"base\": \"x\", \"scenarios\": [{\"name\":"
                      " \"a\"}]}";
    rc = rotas_scenarios_read_buffer(&s, fmt, strlen(fmt), "t.json", NULL, &d, &err);
    assert_int_equal(rc, ROTAS_EINPUT);
    assert_true(has_diag(&d, "format: expected \"rotas-scenarios/1\", found \"rotas-plan/1\""));
    rotas_diags_clear(&d);
}

static void test_parse_ok_and_jobs(void **state)
{
    (void)state;
    rotas_scenario_set *s = read_ok("{\"format\": \"rotas-scenarios/1\", \"base\": \"demo.json\","
                                    " \"jobs\": [\"plan\", {\"timetable\": \"all\"}],"
                                    " \"scenarios\": [{\"name\": \"baseline\"},"
                                    "  {\"name\": \"tt\", \"jobs\": {\"timetable\": [\"C1\"]}}]}");
    rotas_error err = {0};
    rotas_scenarios_free(s);
    s = NULL;
    const char *text = "{\"format\": \"rotas-scenarios/1\", \"base\": \"demo.json\","
                       " \"jobs\": [\"plan\", {\"timetable\": \"all\"}],"
                       " \"scenarios\": [{\"name\": \"baseline\"},"
                       "  {\"name\": \"tt\", \"jobs\": {\"timetable\": [\"C1\"]}}]}";
    assert_int_equal(
        rotas_scenarios_read_buffer(&s, text, strlen(text), "t.json", "/data", NULL, &err),
        ROTAS_OK);
    assert_string_equal(rotas_scenarios_base(s), "/data/demo.json");
    assert_int_equal(rotas_scenarios_count(s), 2);
    assert_string_equal(rotas_scenarios_name(s, 1), "tt");
    const rotas_whatif_jobs *j0 = rotas_scenarios_jobs(s, 0), *j1 = rotas_scenarios_jobs(s, 1);
    assert_int_equal(j0->plan, 1);
    assert_int_equal(j0->tt_all, 1);
    assert_int_equal(j1->plan, 0);
    assert_int_equal(j1->tt_all, 0);
    assert_int_equal(j1->n_tt_clusters, 1);
    assert_string_equal(j1->tt_clusters[0], "C1");
    rotas_scenarios_free(s);
}

/* ------------------------------------------------------------------ applying */

static rotas_county *apply_one(rotas_scenario_set *s, size_t i, const rotas_county *base,
                               rotas_policy *p)
{
    rotas_county *c = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_policy_default(p);
    rotas_rc rc = rotas_scenario_apply(&c, p, s, i, base, &d, &err);
    dump_diags(&d);
    assert_int_equal(rc, ROTAS_OK);
    assert_non_null(c);
    rotas_diags_clear(&d);
    return c;
}

static void test_apply_reference_errors(void **state)
{
    (void)state;
    rotas_county *base = tiny();
    rotas_scenario_set *s = read_ok(
        "{\"format\": \"rotas-scenarios/1\", \"base\": \"x\", \"scenarios\": [{\"name\": \"bad\","
        " \"jobs\": {\"timetable\": [\"C9\"]}, \"changes\": ["
        "  {\"kind\": \"hire\", \"count\": 2, \"subject\": \"latin\", \"school\": \"S999\"},"
        "  {\"kind\": \"remove\", \"teachers\": [\"T1\", \"T99\"]},"
        "  {\"kind\": \"close_school\", \"school\": \"S1\", \"into\": \"S2\"},"
        "  {\"kind\": \"close_school\", \"school\": \"S3\", \"into\": \"S3\"},"
        "  {\"kind\": \"travel\", \"from\": \"S1\", \"to\": \"S7\", \"km\": 1, \"minutes\": 2},"
        "  {\"kind\": \"policy\", \"set\": {\"teacher_tenure_years\": 9, \"tenure\": 9}},"
        "  {\"kind\": \"remove\", \"teachers\": [\"T1\"]}"
        "]}]}");
    rotas_county *c = NULL;
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_scenario_apply(&c, &p, s, 0, base, &d, &err);
    dump_diags(&d);
    assert_int_equal(rc, ROTAS_EINPUT);
    assert_null(c);
    assert_true(has_diag(&d, "scenarios[0].changes[0].subject: expected a subject id, found "
                             "\"latin\""));
    assert_true(has_diag(&d, "scenarios[0].changes[0].school: expected a school id, found "
                             "\"S999\""));
    assert_true(has_diag(&d, "scenarios[0].changes[1].teachers[1]: expected a teacher id, found "
                             "\"T99\""));
    assert_true(has_diag(&d, "scenarios[0].changes[2].school: expected a school that is not the "
                             "central school of cluster C1, found \"S1\""));
    assert_true(has_diag(&d, "scenarios[0].changes[3].into: expected a school other than"));
    assert_true(has_diag(&d, "scenarios[0].changes[4].to: expected a school id, found \"S7\""));
    assert_true(has_diag(&d, "scenarios[0].changes[5].set"));
    assert_true(has_diag(&d, "scenarios[0].changes[5].set: tenure: unknown policy key"));
    assert_true(has_diag(&d, "scenarios[0].jobs: timetable: expected a cluster id, found \"C9\""));
    /* T1 was not removed by the bad change 1, so removing it in change 6 is fine */
    assert_false(has_diag(&d, "scenarios[0].changes[6]"));
    assert_int_equal(rotas_diags_count(&d), 8);
    /* the policy was not changed */
    assert_int_equal(p.teacher_tenure_years, 6);
    rotas_diags_clear(&d);
    rotas_scenarios_free(s);
    rotas_county_free(base);
}

static void test_apply_hire(void **state)
{
    (void)state;
    rotas_county *base = tiny();
    rotas_scenario_set *s = read_ok(
        "{\"format\": \"rotas-scenarios/1\", \"base\": \"x\", \"scenarios\": ["
        " {\"name\": \"school\", \"changes\": [{\"kind\": \"hire\", \"count\": 3,"
        "   \"subject\": \"english\", \"school\": \"S4\", \"key\": \"county\", \"year\": 2027}]},"
        " {\"name\": \"cluster\", \"changes\": [{\"kind\": \"hire\", \"count\": 2,"
        "   \"subject\": \"english\", \"cluster\": \"C1\"}]}]}");
    rotas_policy p;
    rotas_county *c = apply_one(s, 0, base, &p);
    assert_int_equal(c->n_teachers, base->n_teachers + 3);
    for (size_t i = base->n_teachers; i < c->n_teachers; i++) {
        const rotas_teacher *t = &c->teachers[i];
        assert_int_equal(t->school, rotas_county_school(c, "S4"));
        assert_int_equal(t->subjects[0], rotas_county_subject(c, "english"));
        assert_int_equal(t->key, ROTAS_KEY_COUNTY);
        assert_int_equal(t->school_since, 2027);
        assert_int_equal(t->degree_level, ROTAS_DEGREE_BACHELOR);
        assert_int_equal(rotas_county_teacher(c, t->id), (int)i);
    }
    assert_string_equal(c->teachers[base->n_teachers].id, "NEW-english-1");
    assert_string_equal(c->teachers[base->n_teachers + 2].id, "NEW-english-3");
    /* the base county is untouched */
    assert_int_equal(base->n_teachers, 7);
    rotas_county_free(c);

    /* Cluster C1: english need S1 3 (3A), S2 6 (3A, 4A), S3 3; nobody teaches english there,
       so all of it is unfilled. First hire goes to S2 (most unfilled, 6, counted down by the
       hire's 16 to -10), the second to S1 (3, first of the tie). */
    c = apply_one(s, 1, base, &p);
    assert_int_equal(c->n_teachers, base->n_teachers + 2);
    assert_int_equal(c->teachers[7].school, rotas_county_school(c, "S2"));
    assert_int_equal(c->teachers[8].school, rotas_county_school(c, "S1"));
    assert_int_equal(c->teachers[7].school_since, 2027); /* default: the plan year */
    assert_int_equal(c->teachers[7].key, ROTAS_KEY_NONE);
    rotas_county_free(c);
    rotas_scenarios_free(s);
    rotas_county_free(base);
}

/* A cluster hire goes where the true shortage is (rotas/shortage.h), not where teachers of
   that main subject are missing: T5 (S3, chinese) also teaches math and covers S3's 8
   chinese and 5 math; T4 (S2, math) gives only 6 of S2's 10 math. Unfilled math: S1 0,
   S2 4, S3 0, so the hire goes to S2 (a count of main-subject teachers would say S3, 5). */
static void test_apply_hire_true_shortage(void **state)
{
    (void)state;
    rotas_county *base = tiny();
    rotas_teacher *t5 = &base->teachers[rotas_county_teacher(base, "T5")];
    int *subj = realloc(t5->subjects, 2 * sizeof *subj);
    assert_non_null(subj);
    subj[1] = rotas_county_subject(base, "math");
    t5->subjects = subj;
    t5->n_subjects = 2;
    base->teachers[rotas_county_teacher(base, "T4")].max_periods = 6;
    rotas_scenario_set *s =
        read_ok("{\"format\": \"rotas-scenarios/1\", \"base\": \"x\", \"scenarios\": ["
                " {\"name\": \"math\", \"changes\": [{\"kind\": \"hire\", \"count\": 1,"
                "   \"subject\": \"math\", \"cluster\": \"C1\"}]}]}");
    rotas_policy p;
    rotas_county *c = apply_one(s, 0, base, &p);
    assert_int_equal(c->n_teachers, base->n_teachers + 1);
    assert_int_equal(c->teachers[7].school, rotas_county_school(c, "S2"));
    assert_int_equal(c->teachers[7].subjects[0], rotas_county_subject(c, "math"));
    rotas_county_free(c);
    rotas_scenarios_free(s);
    rotas_county_free(base);
}

static void test_apply_remove_close_travel_policy_year(void **state)
{
    (void)state;
    rotas_county *base = tiny();
    rotas_scenario_set *s = read_ok(
        "{\"format\": \"rotas-scenarios/1\", \"base\": \"x\","
        " \"policy\": {\"time_limit_seconds\": 5},"
        " \"scenarios\": ["
        " {\"name\": \"remove\", \"changes\": [{\"kind\": \"remove\", \"teachers\": [\"T2\","
        "   \"T6\"], \"reason\": \"retire\"}]},"
        " {\"name\": \"close\", \"changes\": [{\"kind\": \"close_school\", \"school\": \"S3\","
        "   \"into\": \"S2\"}]},"
        " {\"name\": \"close_to\", \"changes\": [{\"kind\": \"close_school\", \"school\": \"S2\","
        "   \"into\": \"S1\", \"teachers_to\": \"S4\"}]},"
        " {\"name\": \"road\", \"changes\": [{\"kind\": \"travel\", \"from\": \"S3\","
        "   \"to\": \"S1\", \"km\": 4, \"minutes\": 9}, {\"kind\": \"travel\", \"from\": \"S4\","
        "   \"to\": \"S2\", \"km\": 20, \"minutes\": 35}]},"
        " {\"name\": \"policy\", \"changes\": [{\"kind\": \"policy\", \"set\":"
        "   {\"teacher_tenure_years\": 9, \"min_rotation_share\": 0.15}},"
        "   {\"kind\": \"year\", \"year\": 2030}]}]}");
    rotas_policy p;

    rotas_county *c = apply_one(s, 0, base, &p);
    assert_int_equal(c->n_teachers, 5);
    assert_int_equal(rotas_county_teacher(c, "T2"), -1);
    assert_int_equal(rotas_county_teacher(c, "T6"), -1);
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T7")].school, 3);
    assert_true(fabs(p.time_limit_seconds - 5) < 1e-9); /* base overrides applied */
    rotas_county_free(c);

    /* close S3 into S2: its class 3A becomes S3-3A at S2, 9 students more, T5 moves to S2,
       the S1-S3 and S2-S3 rows go, S4 is now index 2, T5's preference for S3 is dropped */
    c = apply_one(s, 1, base, &p);
    assert_int_equal(c->n_schools, 3);
    assert_int_equal(rotas_county_school(c, "S3"), -1);
    int s2 = rotas_county_school(c, "S2");
    assert_int_equal(s2, 1);
    assert_int_equal(rotas_county_school(c, "S4"), 2);
    assert_int_equal(c->schools[s2].students, 58 + 9);
    assert_int_equal(c->schools[s2].n_classes, 3);
    int k = rotas_county_class(c, s2, "S3-3A");
    assert_true(k >= 0);
    assert_int_equal(c->classes[k].n_grades, 2);
    assert_int_equal(c->classes[k].students, 9);
    assert_int_equal(rotas_county_class(c, s2, "3A") >= 0, 1);
    assert_int_equal(c->n_classes, 6);
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T5")].school, s2);
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T5")].n_preferences, 1);
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T5")].preferences[0], 0);
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T6")].school, 2);
    assert_int_equal(c->n_travel, 1);
    assert_true(fabs(rotas_county_km(c, 0, 1) - 6) < 1e-9);
    assert_int_equal(c->clusters[0].central, 0);
    for (size_t i = 1; i < c->n_classes; i++)
        assert_true(c->classes[i - 1].school <= c->classes[i].school);
    rotas_county_free(c);

    /* teachers_to: S2's teachers go to S4 (now index 2), its classes to S1 */
    c = apply_one(s, 2, base, &p);
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T3")].school,
                     rotas_county_school(c, "S4"));
    assert_int_equal(c->schools[0].n_classes, 4);
    assert_int_equal(c->schools[0].students, 82 + 58);
    assert_true(rotas_county_class(c, 0, "S2-3A") >= 0);
    assert_true(rotas_county_class(c, 0, "4A") >= 0);
    rotas_county_free(c);

    c = apply_one(s, 3, base, &p);
    assert_int_equal(c->n_travel, 4);
    assert_true(fabs(rotas_county_km(c, 0, 2) - 4) < 1e-9);
    assert_true(fabs(rotas_county_minutes(c, 2, 0) - 9) < 1e-9);
    assert_true(fabs(rotas_county_km(c, 1, 3) - 20) < 1e-9);
    assert_int_equal(c->estimated[1 * 4 + 3], 0);
    rotas_county_free(c);

    c = apply_one(s, 4, base, &p);
    assert_int_equal(p.teacher_tenure_years, 9);
    assert_true(fabs(p.min_rotation_share - 0.15) < 1e-9);
    assert_int_equal(c->year, 2029); /* plan year 2030 */
    rotas_county_free(c);

    rotas_scenarios_free(s);
    rotas_county_free(base);
}

/* ------------------------------------------------------------------ hash */

static void test_hash_stable_and_sensitive(void **state)
{
    (void)state;
    rotas_county *a = tiny(), *b = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_county_clone(&b, a, &err), ROTAS_OK);
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_whatif_jobs jobs = {.plan = 1};
    char h1[17], h2[17], h3[17];
    rotas_whatif_hash(h1, a, &p, &jobs, "0.1.0");
    rotas_whatif_hash(h2, b, &p, &jobs, "0.1.0");
    assert_string_equal(h1, h2);
    assert_int_equal(strlen(h1), 16);
    /* a known value guards the serialization against silent change */
    rotas_whatif_hash(h3, a, &p, &jobs, "0.1.0");
    assert_string_equal(h1, h3);

    b->teachers[3].birth_year++;
    rotas_whatif_hash(h2, b, &p, &jobs, "0.1.0");
    assert_string_not_equal(h1, h2);
    b->teachers[3].birth_year--;
    free(b->schools[2].name);
    b->schools[2].name = rotas_strdup("S3 renamed");
    rotas_whatif_hash(h2, b, &p, &jobs, "0.1.0");
    assert_string_not_equal(h1, h2);

    rotas_policy q = p;
    q.w_km = 0.3;
    rotas_whatif_hash(h2, a, &q, &jobs, "0.1.0");
    assert_string_not_equal(h1, h2);
    rotas_whatif_jobs j2 = {.plan = 1, .tt_all = 1};
    rotas_whatif_hash(h2, a, &p, &j2, "0.1.0");
    assert_string_not_equal(h1, h2);
    rotas_whatif_hash(h2, a, &p, &jobs, "0.1.1");
    assert_string_not_equal(h1, h2);
    rotas_county_free(a);
    rotas_county_free(b);
}

/* ------------------------------------------------------------------ the batch */

/* A planner stand-in: figures from the county, so that changes show in the row. */
static rotas_rc fake_runner(rotas_whatif_row *row, const rotas_county *c, const rotas_policy *p,
                            const rotas_whatif_jobs *jobs, void *ctx, rotas_error *err)
{
    (void)jobs;
    (void)ctx;
    if (!strcmp(row->name, "slow"))
        sleep(30);
    if (!strcmp(row->name, "fails"))
        return rotas_error_set(err, ROTAS_EINFEASIBLE, "no plan: the data admit none");
    row->year = c->year + 1;
    row->moves = (int)c->n_teachers;
    row->key_moved = p->teacher_tenure_years;
    row->unfilled_before = (double)c->n_schools;
    row->unfilled_after = (double)c->n_classes;
    row->unfilled_area[ROTAS_AREA_RURAL] = 2.5;
    snprintf(row->unfilled_subject[0].subject, sizeof row->unfilled_subject[0].subject, "english");
    row->unfilled_subject[0].periods = 3;
    row->n_unfilled_subject = 1;
    row->ind_cv[0][ROTAS_IND_KEY] = 0.42;
    row->km = 12.5;
    snprintf(row->plan_status, sizeof row->plan_status, "optimal");
    return ROTAS_OK;
}

static const char *batch_text =
    "{\"format\": \"rotas-scenarios/1\", \"base\": \"x\", \"scenarios\": ["
    " {\"name\": \"baseline\"},"
    " {\"name\": \"hire\", \"changes\": [{\"kind\": \"hire\", \"count\": 2, \"subject\":"
    "   \"english\", \"cluster\": \"C1\"}]},"
    " {\"name\": \"tenure9\", \"changes\": [{\"kind\": \"policy\", \"set\":"
    "   {\"teacher_tenure_years\": 9}}]},"
    " {\"name\": \"close\", \"changes\": [{\"kind\": \"close_school\", \"school\": \"S3\","
    "   \"into\": \"S2\"}]},"
    " {\"name\": \"remove\", \"changes\": [{\"kind\": \"remove\", \"teachers\": [\"T7\"]}]}"
    "]}";

static rotas_whatif_options opts(rotas_runs *runs, int workers)
{
    rotas_whatif_options o = {0};
    o.workers = workers;
    o.version = "test";
    o.runner = fake_runner;
    o.runs = runs;
    return o;
}

static char *db_path(const char *name)
{
    static char buf[4][512];
    static int k = 0;
    char *p = buf[k++ % 4];
    snprintf(p, 512, "%s/test_whatif_%s_%d.db", ROTAS_BUILD_DIR, name, (int)getpid());
    remove(p);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", p);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", p);
    remove(side);
    return p;
}

static void test_batch_and_cache(void **state)
{
    (void)state;
    rotas_county *base = tiny();
    rotas_scenario_set *s = read_ok(batch_text);
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_runs *runs = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_runs_open(&runs, ":memory:", &err), ROTAS_OK);
    rotas_whatif_options o = opts(runs, 2);
    rotas_whatif_result r1, r2;
    assert_int_equal(rotas_whatif_run(&r1, s, base, &p, &o, NULL, &err), ROTAS_OK);
    assert_int_equal(r1.n_rows, 5);
    assert_int_equal(r1.n_solved, 5);
    assert_int_equal(r1.n_cached, 0);
    assert_string_equal(r1.rows[0].name, "baseline");
    assert_int_equal(r1.rows[0].moves, 7);
    assert_int_equal(r1.rows[0].year, 2027);
    assert_int_equal(r1.rows[1].moves, 9);                    /* two hires */
    assert_int_equal(r1.rows[2].key_moved, 9);                /* tenure 9 */
    assert_true(fabs(r1.rows[3].unfilled_before - 3) < 1e-9); /* a school closed */
    assert_int_equal(r1.rows[4].moves, 6);
    for (size_t i = 0; i < r1.n_rows; i++) {
        assert_string_equal(r1.rows[i].status, "ok");
        assert_int_equal(r1.rows[i].cached, 0);
        assert_string_equal(r1.rows[i].plan_status, "optimal");
        assert_true(fabs(r1.rows[i].unfilled_subject[0].periods - 3) < 1e-9);
    }

    /* rerun: everything read back, nothing solved */
    assert_int_equal(rotas_whatif_run(&r2, s, base, &p, &o, NULL, &err), ROTAS_OK);
    assert_int_equal(r2.n_rows, 5);
    assert_int_equal(r2.n_solved, 0);
    assert_int_equal(r2.n_cached, 5);
    for (size_t i = 0; i < r2.n_rows; i++) {
        assert_int_equal(r2.rows[i].cached, 1);
        assert_string_equal(r2.rows[i].hash, r1.rows[i].hash);
        assert_int_equal(r2.rows[i].moves, r1.rows[i].moves);
        assert_true(fabs(r2.rows[i].km - 12.5) < 1e-9);
    }
    rotas_whatif_result_clear(&r2);

    /* another base policy: every input hash changes, everything is solved again */
    rotas_policy q = p;
    q.w_move = 11;
    assert_int_equal(rotas_whatif_run(&r2, s, base, &q, &o, NULL, &err), ROTAS_OK);
    assert_int_equal(r2.n_solved, 5);
    assert_int_equal(r2.n_cached, 0);
    rotas_whatif_result_clear(&r2);

    /* without a run table nothing is cached */
    o.runs = NULL;
    assert_int_equal(rotas_whatif_run(&r2, s, base, &p, &o, NULL, &err), ROTAS_OK);
    assert_int_equal(r2.n_solved, 5);
    rotas_whatif_result_clear(&r2);
    rotas_whatif_result_clear(&r1);
    rotas_runs_close(runs);
    rotas_scenarios_free(s);
    rotas_county_free(base);
}

static void test_bad_scenario_runs_nothing(void **state)
{
    (void)state;
    rotas_county *base = tiny();
    rotas_scenario_set *s = read_ok(
        "{\"format\": \"rotas-scenarios/1\", \"base\": \"x\", \"scenarios\": ["
        " {\"name\": \"ok\"},"
        " {\"name\": \"bad1\", \"changes\": [{\"kind\": \"remove\", \"teachers\": [\"T0\"]}]},"
        " {\"name\": \"bad2\", \"changes\": [{\"kind\": \"hire\", \"count\": 1, \"subject\":"
        "   \"english\", \"cluster\": \"C7\"}]}]}");
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_whatif_options o = opts(NULL, 1);
    o.shard_k = 1;
    o.shard_n = 2; /* bad1 is in the other shard: still reported */
    rotas_whatif_result r;
    rotas_diags d = {0};
    rotas_error err = {0};
    assert_int_equal(rotas_whatif_run(&r, s, base, &p, &o, &d, &err), ROTAS_EINPUT);
    assert_int_equal(r.n_solved, 0);
    assert_int_equal(r.n_rows, 0);
    assert_int_equal(rotas_diags_count(&d), 2);
    assert_true(has_diag(&d, "scenarios[1].changes[0].teachers[0]: expected a teacher id"));
    assert_true(has_diag(&d, "scenarios[2].changes[0].cluster: expected a cluster id, found "
                             "\"C7\""));
    assert_non_null(strstr(err.msg, "nothing was run"));
    rotas_diags_clear(&d);
    rotas_whatif_result_clear(&r);
    rotas_scenarios_free(s);
    rotas_county_free(base);
}

static void test_shards_and_merge(void **state)
{
    (void)state;
    rotas_county *base = tiny();
    rotas_scenario_set *s = read_ok(batch_text);
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_error err = {0};
    char *pa = db_path("shard1"), *pb = db_path("shard2"), *pm = db_path("merged");
    rotas_runs *ra = NULL, *rb = NULL, *rm = NULL, *full = NULL;
    assert_int_equal(rotas_runs_open(&ra, pa, &err), ROTAS_OK);
    assert_int_equal(rotas_runs_open(&rb, pb, &err), ROTAS_OK);
    assert_int_equal(rotas_runs_open(&full, ":memory:", &err), ROTAS_OK);
    rotas_whatif_result r1, r2, rf;
    rotas_whatif_options o = opts(ra, 2);
    o.shard_k = 1;
    o.shard_n = 2;
    assert_int_equal(rotas_whatif_run(&r1, s, base, &p, &o, NULL, &err), ROTAS_OK);
    o.runs = rb;
    o.shard_k = 2;
    assert_int_equal(rotas_whatif_run(&r2, s, base, &p, &o, NULL, &err), ROTAS_OK);
    o.runs = full;
    o.shard_k = o.shard_n = 0;
    assert_int_equal(rotas_whatif_run(&rf, s, base, &p, &o, NULL, &err), ROTAS_OK);
    /* shard 1: scenarios 0, 2, 4; shard 2: 1, 3 */
    assert_int_equal(r1.n_rows, 3);
    assert_int_equal(r2.n_rows, 2);
    assert_string_equal(r1.rows[0].name, "baseline");
    assert_string_equal(r1.rows[1].name, "tenure9");
    assert_string_equal(r1.rows[2].name, "remove");
    assert_string_equal(r2.rows[0].name, "hire");
    assert_string_equal(r2.rows[1].name, "close");
    rotas_runs_close(ra);
    rotas_runs_close(rb);

    assert_int_equal(rotas_runs_open(&rm, pm, &err), ROTAS_OK);
    long added = 0;
    assert_int_equal(rotas_runs_merge(rm, pa, &added, &err), ROTAS_OK);
    assert_int_equal(added, 3);
    assert_int_equal(rotas_runs_merge(rm, pb, &added, &err), ROTAS_OK);
    assert_int_equal(added, 2);
    assert_int_equal(rotas_runs_merge(rm, pb, &added, &err), ROTAS_OK); /* duplicates */
    assert_int_equal(added, 0);
    char **rows = NULL;
    size_t n = 0;
    assert_int_equal(rotas_runs_list(rm, &rows, &n, &err), ROTAS_OK);
    assert_int_equal(n, rf.n_rows);
    for (size_t i = 0; i < n; i++) {
        rotas_whatif_row row;
        assert_int_equal(rotas_whatif_row_from_json(&row, rows[i], &err), ROTAS_OK);
        assert_string_equal(row.name, rf.rows[i].name);
        assert_string_equal(row.hash, rf.rows[i].hash);
        assert_int_equal(row.moves, rf.rows[i].moves);
        assert_int_equal(row.key_moved, rf.rows[i].key_moved);
        assert_true(fabs(row.unfilled_after - rf.rows[i].unfilled_after) < 1e-9);
        free(rows[i]);
    }
    free(rows);
    /* a file that is not a run database is refused */
    err = (rotas_error){0};
    assert_int_equal(rotas_runs_merge(rm, "/nonexistent/x.db", &added, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "not a what-if run database"));
    rotas_runs_close(rm);
    rotas_runs_close(full);
    remove(pa);
    remove(pb);
    remove(pm);
    rotas_whatif_result_clear(&r1);
    rotas_whatif_result_clear(&r2);
    rotas_whatif_result_clear(&rf);
    rotas_scenarios_free(s);
    rotas_county_free(base);
}

static void test_crash_fail_timeout(void **state)
{
    (void)state;
    rotas_county *base = tiny();
    rotas_scenario_set *s =
        read_ok("{\"format\": \"rotas-scenarios/1\", \"base\": \"x\", \"scenarios\": ["
                " {\"name\": \"before\"}, {\"name\": \"crash\"}, {\"name\": \"slow\"},"
                " {\"name\": \"fails\"}, {\"name\": \"after\"}]}");
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_runs *runs = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_runs_open(&runs, ":memory:", &err), ROTAS_OK);
    rotas_whatif_options o = opts(runs, 2);
    o.wall_limit = 1.0;
    setenv("ROTAS_TEST_CRASH_SCENARIO", "crash", 1);
    rotas_whatif_result r;
    assert_int_equal(rotas_whatif_run(&r, s, base, &p, &o, NULL, &err), ROTAS_OK);
    unsetenv("ROTAS_TEST_CRASH_SCENARIO");
    assert_int_equal(r.n_rows, 5);
    assert_string_equal(r.rows[0].status, "ok");
    assert_string_equal(r.rows[1].status, "failed");
    assert_non_null(strstr(r.rows[1].error, "signal 6"));
    assert_string_equal(r.rows[2].status, "timeout");
    assert_non_null(strstr(r.rows[2].error, "wall limit"));
    assert_string_equal(r.rows[3].status, "failed");
    assert_string_equal(r.rows[3].error, "no plan: the data admit none");
    assert_string_equal(r.rows[4].status, "ok");
    assert_int_equal(r.n_failed, 2);
    assert_int_equal(r.n_timeout, 1);
    rotas_whatif_result_clear(&r);
    /* failed rows are stored but not reused: the rerun tries them again */
    o.wall_limit = 0.5;
    assert_int_equal(rotas_whatif_run(&r, s, base, &p, &o, NULL, &err), ROTAS_OK);
    assert_int_equal(r.n_cached, 2);
    assert_int_equal(r.n_solved, 3);
    assert_string_equal(r.rows[1].status, "ok"); /* no crash hook this time */
    rotas_whatif_result_clear(&r);
    rotas_runs_close(runs);
    rotas_scenarios_free(s);
    rotas_county_free(base);
}

/* rotas_whatif_hashes gives the hashes the batch stored (merge --scenarios relies on it);
   rotas_runs_find returns a failed row that rotas_runs_get (the cache) does not. */
static void test_expected_hashes_and_find(void **state)
{
    (void)state;
    rotas_county *base = tiny();
    rotas_scenario_set *s =
        read_ok("{\"format\": \"rotas-scenarios/1\", \"base\": \"x\", \"scenarios\": ["
                " {\"name\": \"a\"}, {\"name\": \"crash\"},"
                " {\"name\": \"b\", \"changes\": [{\"kind\": \"policy\", \"set\":"
                " {\"teacher_tenure_years\": 9}}]}]}");
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_runs *runs = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_runs_open_journal(&runs, ":memory:", "bogus", &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "expected delete, truncate, persist or wal, found \"bogus\""));
    assert_null(runs);
    assert_int_equal(rotas_runs_open_journal(&runs, ":memory:", "delete", &err), ROTAS_OK);
    rotas_whatif_options o = opts(runs, 1);
    o.time_limit = 3;
    setenv("ROTAS_TEST_CRASH_SCENARIO", "crash", 1);
    rotas_whatif_result r;
    assert_int_equal(rotas_whatif_run(&r, s, base, &p, &o, NULL, &err), ROTAS_OK);
    unsetenv("ROTAS_TEST_CRASH_SCENARIO");
    assert_int_equal(r.n_rows, 3);

    char(*h)[17] = NULL;
    assert_int_equal(rotas_whatif_hashes(&h, s, base, &p, 3, "test", NULL, &err), ROTAS_OK);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(h[i], r.rows[i].hash);
    assert_string_not_equal(h[0], h[2]);
    free(h);
    /* another time limit or version is another input */
    assert_int_equal(rotas_whatif_hashes(&h, s, base, &p, 4, "test", NULL, &err), ROTAS_OK);
    assert_string_not_equal(h[0], r.rows[0].hash);
    free(h);
    assert_int_equal(rotas_whatif_hashes(&h, s, base, &p, 3, "other", NULL, &err), ROTAS_OK);
    assert_string_not_equal(h[1], r.rows[1].hash);
    free(h);

    char *json = NULL;
    assert_int_equal(rotas_runs_get(runs, "crash", r.rows[1].hash, &json, &err), ROTAS_OK);
    assert_null(json);
    assert_int_equal(rotas_runs_find(runs, "crash", r.rows[1].hash, &json, &err), ROTAS_OK);
    assert_non_null(json);
    rotas_whatif_row row;
    assert_int_equal(rotas_whatif_row_from_json(&row, json, &err), ROTAS_OK);
    assert_string_equal(row.status, "failed");
    free(json);
    assert_int_equal(rotas_runs_find(runs, "crash", "0000000000000000", &json, &err), ROTAS_OK);
    assert_null(json);

    /* a scenario the county rejects: reported with its path, no hashes */
    rotas_scenario_set *bad = read_ok(
        "{\"format\": \"rotas-scenarios/1\", \"base\": \"x\", \"scenarios\": ["
        " {\"name\": \"a\", \"changes\": [{\"kind\": \"remove\", \"teachers\": [\"NOBODY\"]}]}]}");
    rotas_diags d = {0};
    h = NULL;
    assert_int_equal(rotas_whatif_hashes(&h, bad, base, &p, 0, "test", &d, &err), ROTAS_EINPUT);
    assert_null(h);
    assert_int_equal(rotas_diags_count(&d), 1);
    assert_non_null(strstr(d.items[0], "scenarios[0].changes[0].teachers[0]"));
    rotas_diags_clear(&d);
    rotas_scenarios_free(bad);
    rotas_whatif_result_clear(&r);
    rotas_runs_close(runs);
    rotas_scenarios_free(s);
    rotas_county_free(base);
}

static volatile sig_atomic_t stop_flag;

static void stop_after_first(void *ctx, const rotas_whatif_row *row, size_t done, size_t total)
{
    (void)ctx;
    (void)row;
    (void)total;
    if (done >= 1)
        stop_flag = 1;
}

static void test_stop_keeps_finished_rows(void **state)
{
    (void)state;
    rotas_county *base = tiny();
    rotas_scenario_set *s =
        read_ok("{\"format\": \"rotas-scenarios/1\", \"base\": \"x\", \"scenarios\": ["
                " {\"name\": \"one\"}, {\"name\": \"slow\"}, {\"name\": \"three\"}]}");
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_runs *runs = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_runs_open(&runs, ":memory:", &err), ROTAS_OK);
    rotas_whatif_options o = opts(runs, 1);
    stop_flag = 0;
    o.stop = &stop_flag;
    o.on_row = stop_after_first;
    rotas_whatif_result r;
    assert_int_equal(rotas_whatif_run(&r, s, base, &p, &o, NULL, &err), ROTAS_EINTR);
    assert_int_equal(r.interrupted, 1);
    assert_int_equal(r.n_rows, 1);
    assert_string_equal(r.rows[0].name, "one");
    char **rows = NULL;
    size_t n = 0;
    assert_int_equal(rotas_runs_list(runs, &rows, &n, &err), ROTAS_OK);
    assert_int_equal(n, 1);
    free(rows[0]);
    free(rows);
    rotas_whatif_result_clear(&r);
    rotas_runs_close(runs);
    rotas_scenarios_free(s);
    rotas_county_free(base);
}

static void test_row_json_and_writers(void **state)
{
    (void)state;
    rotas_whatif_row r[2];
    memset(r, 0, sizeof r);
    snprintf(r[0].name, sizeof r[0].name, "招聘8名英语教师");
    snprintf(r[0].status, sizeof r[0].status, "ok");
    r[0].moves = 14;
    r[0].key_moved = 3;
    r[0].unfilled_before = 120;
    r[0].unfilled_after = 36.5;
    r[0].unfilled_area[2] = 30;
    r[0].ind_cv[1][ROTAS_IND_KEY] = 0.61;
    snprintf(r[0].unfilled_subject[0].subject, 32, "music");
    r[0].unfilled_subject[0].periods = 6;
    r[0].n_unfilled_subject = 1;
    snprintf(r[0].plan_status, sizeof r[0].plan_status, "time_limit");
    r[0].gap = 0.012;
    snprintf(r[1].name, sizeof r[1].name, "b,\"quoted\"");
    snprintf(r[1].status, sizeof r[1].status, "failed");
    snprintf(r[1].error, sizeof r[1].error, "worker died");
    char *json = rotas_whatif_row_to_json(&r[0]);
    assert_non_null(json);
    rotas_whatif_row back;
    assert_int_equal(rotas_whatif_row_from_json(&back, json, NULL), ROTAS_OK);
    assert_string_equal(back.name, r[0].name);
    assert_int_equal(back.moves, 14);
    assert_true(fabs(back.unfilled_after - 36.5) < 1e-9);
    assert_true(fabs(back.unfilled_area[2] - 30) < 1e-9);
    assert_true(fabs(back.ind_cv[1][ROTAS_IND_KEY] - 0.61) < 1e-9);
    assert_string_equal(back.plan_status, "time_limit");
    assert_int_equal(back.n_unfilled_subject, 1);
    assert_string_equal(back.unfilled_subject[0].subject, "music");
    free(json);
    assert_int_equal(rotas_whatif_row_from_json(&back, "{\"moves\": 1}", NULL), ROTAS_EINPUT);
    assert_int_equal(rotas_whatif_row_from_json(&back, "[", NULL), ROTAS_EINPUT);

    char jp[512], cp[512];
    snprintf(jp, sizeof jp, "%s/test_whatif_%d.json", ROTAS_BUILD_DIR, (int)getpid());
    snprintf(cp, sizeof cp, "%s/test_whatif_%d.csv", ROTAS_BUILD_DIR, (int)getpid());
    char *tbuf = NULL;
    size_t tlen = 0;
    FILE *table = open_memstream(&tbuf, &tlen);
    rotas_error err = {0};
    assert_int_equal(rotas_whatif_write(r, 2, jp, cp, table, &err), ROTAS_OK);
    fclose(table);
    FILE *f = fopen(cp, "rb");
    char buf[4096] = {0};
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    assert_true(got > 3);
    assert_memory_equal(buf,
                        "\xEF\xBB\xBF"
                        "name,status,",
                        15);
    assert_non_null(strstr(buf, "\"b,\"\"quoted\"\"\",failed"));
    assert_non_null(strstr(buf, "music:6"));
    f = fopen(jp, "rb");
    memset(buf, 0, sizeof buf);
    got = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    assert_non_null(strstr(buf, "\"format\": \"rotas-whatif/1\""));
    /* the table aligns by display width: the wide name is 14 columns wide */
    assert_non_null(strstr(tbuf, "120 -> 36"));
    assert_non_null(strstr(tbuf, "failed: worker died"));
    char *l1 = strchr(tbuf, '\n') + 1, *l2 = strchr(l1, '\n') + 1;
    const char *m1 = strstr(l1, "  14"), *m2 = strstr(l2, "   -");
    assert_non_null(m1);
    assert_non_null(m2);
    free(tbuf);
    remove(jp);
    remove(cp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_errors_all_reported),
        cmocka_unit_test(test_parse_ok_and_jobs),
        cmocka_unit_test(test_apply_reference_errors),
        cmocka_unit_test(test_apply_hire),
        cmocka_unit_test(test_apply_hire_true_shortage),
        cmocka_unit_test(test_apply_remove_close_travel_policy_year),
        cmocka_unit_test(test_hash_stable_and_sensitive),
        cmocka_unit_test(test_batch_and_cache),
        cmocka_unit_test(test_bad_scenario_runs_nothing),
        cmocka_unit_test(test_shards_and_merge),
        cmocka_unit_test(test_crash_fail_timeout),
        cmocka_unit_test(test_expected_hashes_and_find),
        cmocka_unit_test(test_stop_keeps_finished_rows),
        cmocka_unit_test(test_row_json_and_writers),
    };
    return cmocka_run_group_tests_name("whatif", tests, NULL, NULL);
}
