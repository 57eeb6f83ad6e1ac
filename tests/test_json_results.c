/* test_json_results.c - policy, plan and timetable JSON: round trips and located errors. */
/* cmocka needs these first, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_fixture.h"
#include "rotas/check.h"
#include "rotas/json.h"
#include "rotas/render.h"

static const char *scratch(const char *name)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/test_json_results_%s", ROTAS_BUILD_DIR, name);
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int has_item(const rotas_diags *d, const char *want)
{
    for (size_t i = 0; i < d->n_items; i++)
        if (!strcmp(d->items[i], want))
            return 1;
    fprintf(stderr, "missing \"%s\" among:\n", want);
    for (size_t i = 0; i < d->n_items; i++)
        fprintf(stderr, "  %s\n", d->items[i]);
    return 0;
}

/* Policies compare by their complete dump (struct padding is indeterminate). */
static void assert_policy_equal(const rotas_policy *a, const rotas_policy *b)
{
    char *x = rotas_policy_dump_json(a), *y = rotas_policy_dump_json(b);
    assert_non_null(x);
    assert_non_null(y);
    assert_string_equal(x, y);
    free(x);
    free(y);
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* ---------------------------------------------------------------- policy */

static void policy_defaults_roundtrip(void **state)
{
    (void)state;
    rotas_policy p, q;
    rotas_policy_default(&p);
    p.max_km = 35.5;
    p.key_share_base = ROTAS_KEY_SHARE_OF_ELIGIBLE;
    p.w_tt_km = 2.25;
    char *s = rotas_policy_dump_json(&p);
    assert_non_null(s);
    assert_non_null(strstr(s, "\"format\": \"rotas-policy/1\""));
    assert_non_null(strstr(s, "\"key_share_base\": \"eligible\""));
    rotas_policy_default(&q);
    assert_int_equal(rotas_policy_apply_json(&q, s, "dump", NULL, NULL), ROTAS_OK);
    assert_policy_equal(&p, &q);
    free(s);

    rotas_policy_default(&p); /* no limit is written as null and read back as -1 */
    s = rotas_policy_dump_json(&p);
    assert_non_null(strstr(s, "\"max_km\": null"));
    q.max_km = 3;
    assert_int_equal(rotas_policy_apply_json(&q, s, "dump", NULL, NULL), ROTAS_OK);
    NEAR(q.max_km, -1.0);
    free(s);
}

static void policy_file_errors(void **state)
{
    (void)state;
    const char *path = scratch("policy_bad.json");
    write_file(path, "{\"format\": \"rotas-policy/1\", \"min_key_share\": 1.5,\n"
                     " \"teacher_tenure_years\": -1, \"time_limit_seconds\": 0,\n"
                     " \"key_share_base\": \"all\", \"max_km\": \"far\", \"min_keyshare\": 0.2,\n"
                     " \"exchange_term_years\": 2.5, \"w_move\": true}");
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_diags d = {0};
    rotas_error err = {0};
    assert_int_equal(rotas_policy_read_json(&p, path, &d, &err), ROTAS_EINPUT);
    assert_int_equal(rotas_diags_count(&d), 8);
    assert_true(has_item(&d, "min_key_share: expected a number in [0, 1], found 1.5"));
    assert_true(has_item(&d, "teacher_tenure_years: expected an integer >= 0, found -1"));
    assert_true(has_item(&d, "time_limit_seconds: expected a number > 0, found 0"));
    assert_true(has_item(&d, "key_share_base: expected \"moved\" or \"eligible\", found \"all\""));
    assert_true(has_item(&d, "max_km: expected null or a number >= 0, found \"far\""));
    assert_true(has_item(&d, "min_keyshare: unknown policy key"));
    assert_true(has_item(&d, "exchange_term_years: expected an integer >= 1, found 2.5"));
    assert_true(has_item(&d, "w_move: expected a number >= 0, found true"));
    assert_non_null(strstr(err.msg, ": 8 errors"));
    rotas_policy q;
    rotas_policy_default(&q);
    assert_policy_equal(&p, &q); /* untouched */
    rotas_diags_clear(&d);
}

static void policy_file_good(void **state)
{
    (void)state;
    const char *path = scratch("policy_good.json");
    write_file(path, "{\"min_rotation_share\": 0.15, \"teacher_tenure_years\": 9,"
                     " \"max_km\": 40, \"exchange_term_years\": 1.0}");
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_diags d = {0};
    assert_int_equal(rotas_policy_read_json(&p, path, &d, NULL), ROTAS_OK);
    assert_int_equal(rotas_diags_count(&d), 0);
    NEAR(p.min_rotation_share, 0.15);
    assert_int_equal(p.teacher_tenure_years, 9);
    assert_int_equal(p.exchange_term_years, 1);
    NEAR(p.max_km, 40);
    assert_int_equal(p.leader_tenure_years, 10); /* default kept */
}

static void policy_apply_errors(void **state)
{
    (void)state;
    rotas_policy p;
    rotas_policy_default(&p);
    rotas_diags d = {0};
    rotas_error err = {0};
    assert_int_equal(
        rotas_policy_apply_json(&p, "{\"mip_gap\": -0.1}", "scenarios[2].policy", &d, &err),
        ROTAS_EINPUT);
    assert_int_equal(d.n_items, 1);
    assert_string_equal(d.items[0],
                        "scenarios[2].policy: mip_gap: expected a number in [0, 1], found -0.1");
    rotas_diags_clear(&d);
    assert_int_equal(rotas_policy_apply_json(&p, "[1]", "x", &d, NULL), ROTAS_EINPUT);
    assert_int_equal(rotas_policy_apply_json(&p, "{\"mip_gap\": ", "x", &d, NULL), ROTAS_EINPUT);
    rotas_diags_clear(&d);
    assert_int_equal(rotas_policy_apply_json(&p, "{\"mip_gap\": 0.05}", "x", &d, NULL), ROTAS_OK);
    NEAR(p.mip_gap, 0.05);
}

static void policy_missing_file(void **state)
{
    (void)state;
    rotas_policy p;
    rotas_error err = {0};
    rotas_policy_default(&p);
    assert_int_equal(rotas_policy_read_json(&p, scratch("nope.json"), NULL, &err), ROTAS_EIO);
    assert_non_null(strstr(err.msg, "cannot open"));
}

/* ---------------------------------------------------------------- plans */

static void plan_roundtrip(void **state)
{
    (void)state;
    rotas_county *c = fx_county();
    rotas_plan *p = fx_plan(c);
    p->objective = 123.5;
    p->bound = 120.25;
    p->gap = 0.0275;
    p->seconds = 1.5;
    p->moves[1].reasons |= ROTAS_REASON_SHORTAGE | ROTAS_REASON_PREFERENCE | ROTAS_REASON_GROUP |
                           ROTAS_REASON_QUOTA | ROTAS_REASON_KEY_SHARE | ROTAS_REASON_BALANCE;
    p->moves[1].shortage_subject = FX_MUSIC;
    p->moves[1].preference_rank = 2;
    p->unfilled = calloc(1, sizeof *p->unfilled);
    p->unfilled[0] = (rotas_unfilled){FX_S3, FX_ENGLISH, 2}; /* the true shortage after the moves */
    p->n_unfilled = 1;
    fx_relax(p, "posts");
    p->before.primary.mean[ROTAS_IND_KEY] = 1.25;
    p->after.junior.cv[ROTAS_IND_PE_ARTS] = 0.5;
    p->before.county.n_schools = 3;
    p->before.county.students = 120;
    p->policy.max_km = 30;
    p->source = rotas_strdup("datasets/fixture.json");
    p->unfilled_before = 4;
    p->unfilled_after = 2;
    p->n_estimated_pairs = 0;

    char *s = rotas_plan_dump_json(p, c);
    assert_non_null(s);
    assert_non_null(strstr(s, "\"shortage:music\""));
    assert_non_null(strstr(s, "\"preference:2\""));
    assert_non_null(strstr(s, "\"key\": \"county\""));
    assert_non_null(strstr(s, "\"key\": false"));
    assert_non_null(strstr(s, "\"county\": \"datasets/fixture.json\""));
    assert_non_null(strstr(s, "\"subject\": \"chinese\""));
    assert_non_null(strstr(s, "\"changed\": null"));
    assert_non_null(strstr(s, "\"secondments\": []"));
    assert_non_null(strstr(s, "\"priority\": 21.0"));
    free(s);

    const char *path = scratch("plan.json");
    rotas_error err = {0};
    assert_int_equal(rotas_plan_write_json(p, c, path, &err), ROTAS_OK);
    rotas_plan *q = NULL;
    rotas_diags d = {0};
    assert_int_equal(rotas_plan_read_json(&q, c, path, &d, &err), ROTAS_OK);
    assert_int_equal(q->year, 2026);
    assert_int_equal(q->status, ROTAS_STATUS_OPTIMAL);
    NEAR(q->objective, 123.5);
    NEAR(q->bound, 120.25);
    NEAR(q->gap, 0.0275);
    assert_int_equal(q->n_moves, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(q->moves[i].teacher, p->moves[i].teacher);
        assert_int_equal(q->moves[i].from, p->moves[i].from);
        assert_int_equal(q->moves[i].to, p->moves[i].to);
        assert_int_equal(q->moves[i].reasons, p->moves[i].reasons);
        assert_int_equal(q->moves[i].until, p->moves[i].until);
        NEAR(q->moves[i].km, p->moves[i].km);
    }
    assert_int_equal(q->moves[1].shortage_subject, FX_MUSIC);
    assert_int_equal(q->moves[1].preference_rank, 2);
    assert_int_equal(q->n_unfilled, 1);
    assert_int_equal(q->unfilled[0].school, FX_S3);
    assert_int_equal(q->unfilled[0].subject, FX_ENGLISH);
    NEAR(q->unfilled[0].periods, 2);
    assert_int_equal(q->n_relaxed, 1);
    assert_string_equal(q->relaxed[0].rule, "posts");
    assert_string_equal(q->relaxed[0].detail, "test");
    NEAR(q->before.primary.mean[ROTAS_IND_KEY], 1.25);
    NEAR(q->after.junior.cv[ROTAS_IND_PE_ARTS], 0.5);
    assert_int_equal(q->before.county.n_schools, 3);
    assert_int_equal(q->before.county.students, 120);
    assert_policy_equal(&q->policy, &p->policy);
    assert_int_equal(q->n_eligible, 3);
    assert_int_equal(q->n_must, 2);
    assert_int_equal(q->n_frozen, 2);
    assert_int_equal(q->n_key_moved, 1);
    NEAR(q->unfilled_after, 2);
    NEAR(q->km_total, 40);
    assert_string_equal(q->source, "datasets/fixture.json");
    NEAR(q->moves[0].priority, 21);
    NEAR(q->moves[1].priority, 12);
    assert_int_equal(q->n_changed, -1);
    assert_int_equal(q->n_secondments, 0);
    assert_int_equal(q->n_envy, 0);
    /* The read plan is still clean for the checker (with its own policy). */
    assert_int_equal(rotas_check_plan(c, &q->policy, q, &d), 0);
    rotas_plan_free(q);
    rotas_plan_free(p);
    rotas_county_free(c);
}

static void plan_read_errors(void **state)
{
    (void)state;
    rotas_county *c = fx_county();
    const char *path = scratch("plan_bad.json");
    write_file(path,
               "{\"format\": \"rotas-plan/1\", \"year\": 2026, \"status\": \"great\",\n"
               " \"moves\": [{\"teacher\": \"T4\", \"from\": \"S3\", \"to\": \"S1\", \"km\": 20,"
               " \"until\": 2028, \"reasons\": [\"tenure\", \"whim\", \"shortage:latin\"]},\n"
               " {\"teacher\": \"T999\", \"from\": \"S3\", \"to\": \"S9\", \"km\": \"far\","
               " \"until\": 2028}, 7],\n"
               " \"relaxed\": [{\"rule\": \"gravity\", \"amount\": 1}],\n"
               " \"policy\": {\"min_key_share\": 2}}");
    rotas_plan *q = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    assert_int_equal(rotas_plan_read_json(&q, c, path, &d, &err), ROTAS_EINPUT);
    assert_null(q);
    assert_true(has_item(&d, "status: expected one of optimal, feasible, time_limit, "
                             "infeasible, found \"great\""));
    assert_true(has_item(&d, "moves[0].reasons[1]: expected one of leader_tenure, tenure, "
                             "shortage:<subject>, rotation_share, key_share, balance, "
                             "preference:<rank>, group, group_dispatch, found \"whim\""));
    assert_true(has_item(&d, "moves[0].reasons[2]: expected \"shortage:<known subject id>\", "
                             "found \"shortage:latin\""));
    assert_true(has_item(&d, "moves[1].teacher: expected a known teacher id, found \"T999\""));
    assert_true(has_item(&d, "moves[1].to: expected a known school id, found \"S9\""));
    assert_true(has_item(&d, "moves[1].km: expected a number, found \"far\""));
    assert_true(has_item(&d, "moves[2]: expected a move object, found 7"));
    assert_true(has_item(&d, "relaxed[0].rule: expected one of min_key_share, "
                             "min_rotation_share, leader_tenure, staff_quota, max_out_share, "
                             "posts, group_dispatch, found \"gravity\""));
    assert_true(has_item(&d, "policy.min_key_share: expected a number in [0, 1], found 2"));
    assert_int_equal(rotas_diags_count(&d), 9);
    assert_non_null(strstr(err.msg, "plan_bad.json: 9 errors"));
    rotas_diags_clear(&d);

    write_file(path, "{\"format\": \"rotas-timetable/1\"}");
    assert_int_equal(rotas_plan_read_json(&q, c, path, &d, NULL), ROTAS_EINPUT);
    assert_true(has_item(&d, "format: expected \"rotas-plan/1\", found \"rotas-timetable/1\""));
    assert_true(has_item(&d, "year: expected an integer in [1, 9999], found nothing"));
    assert_true(has_item(&d, "moves: expected an array, found nothing"));
    rotas_diags_clear(&d);

    write_file(path, "{\"format\": \"rotas-plan/1\",\n  \"year\": }");
    assert_int_equal(rotas_plan_read_json(&q, c, path, &d, &err), ROTAS_EINPUT);
    assert_int_equal(d.n_items, 1);
    assert_non_null(strstr(d.items[0], "line 2"));
    rotas_diags_clear(&d);
    rotas_county_free(c);
}

/* ---------------------------------------------------------------- timetables */

static void timetable_roundtrip(void **state)
{
    (void)state;
    rotas_county *c = fx_county();
    rotas_timetable *t = fx_timetable();
    /* one lesson left unscheduled instead of placed */
    memmove(&t->lessons[1], &t->lessons[2], (t->n_lessons - 2) * sizeof *t->lessons);
    t->n_lessons--;
    t->unscheduled[t->n_unscheduled++] = (rotas_unscheduled){FX_K1, FX_CHINESE, 1};
    t->capacity_bound = 1;
    t->source = rotas_strdup("county.db");
    t->routes[0].minutes = 15;
    t->policy.max_schools_per_day = 3;

    const char *path = scratch("timetable.json");
    rotas_error err = {0};
    assert_int_equal(rotas_timetable_write_json(t, c, path, &err), ROTAS_OK);
    char *s = rotas_timetable_dump_json(t, c);
    assert_non_null(strstr(s, "\"format\": \"rotas-timetable/1\""));
    assert_non_null(strstr(s, "\"cluster\": \"C1\""));
    free(s);
    rotas_timetable *q = NULL;
    rotas_diags d = {0};
    assert_int_equal(rotas_timetable_read_json(&q, c, path, &d, &err), ROTAS_OK);
    assert_int_equal(q->cluster, 0);
    assert_int_equal(q->days, 5);
    assert_int_equal(q->periods, 7);
    assert_int_equal(q->n_lessons, t->n_lessons);
    for (size_t i = 0; i < t->n_lessons; i++) {
        assert_int_equal(q->lessons[i].school, t->lessons[i].school);
        assert_int_equal(q->lessons[i].klass, t->lessons[i].klass);
        assert_int_equal(q->lessons[i].subject, t->lessons[i].subject);
        assert_int_equal(q->lessons[i].teacher, t->lessons[i].teacher);
        assert_int_equal(q->lessons[i].day, t->lessons[i].day);
        assert_int_equal(q->lessons[i].period, t->lessons[i].period);
    }
    assert_int_equal(q->n_routes, 3);
    assert_int_equal(q->routes[2].day, 2);
    assert_int_equal(q->routes[2].n_schools, 2);
    assert_int_equal(q->routes[2].schools[1], FX_S2);
    NEAR(q->routes[0].minutes, 15);
    assert_int_equal(q->n_unscheduled, 1);
    assert_int_equal(q->unscheduled[0].klass, FX_K1);
    assert_int_equal(q->unscheduled[0].periods, 1);
    assert_int_equal(q->capacity_bound, 1);
    assert_int_equal(q->school_changes, 3);
    NEAR(q->km, 15);
    assert_int_equal(q->policy.max_schools_per_day, 3);
    assert_string_equal(q->source, "county.db");
    assert_int_equal(rotas_check_timetable(c, &q->policy, q, &d), 0);
    rotas_timetable_free(q);
    rotas_timetable_free(t);
    rotas_county_free(c);
}

static void timetable_read_errors(void **state)
{
    (void)state;
    rotas_county *c = fx_county();
    const char *path = scratch("timetable_bad.json");
    write_file(path,
               "{\"format\": \"rotas-timetable/1\", \"cluster\": \"C9\", \"status\": \"optimal\",\n"
               " \"lessons\": [{\"school\": \"S1\", \"class\": \"9Z\", \"subject\": \"chinese\","
               " \"teacher\": \"T1\", \"day\": 0, \"period\": 1},\n"
               " {\"school\": \"S2\", \"class\": \"1A\", \"subject\": \"art\", \"teacher\": \"T1\","
               " \"day\": 1, \"period\": \"first\"}],\n"
               " \"routes\": [{\"teacher\": \"T2\", \"day\": 1, \"schools\": [\"S1\", \"S7\"],"
               " \"km\": 5}],\n"
               " \"unscheduled\": [{\"school\": \"S1\", \"class\": \"1A\", \"subject\":"
               " \"chinese\", \"periods\": -1}]}");
    rotas_timetable *q = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    assert_int_equal(rotas_timetable_read_json(&q, c, path, &d, &err), ROTAS_EINPUT);
    assert_null(q);
    assert_true(has_item(&d, "cluster: expected a known cluster id, found \"C9\""));
    assert_true(has_item(&d, "lessons[0].class: expected a class id of school \"S1\", found "
                             "\"9Z\""));
    assert_true(has_item(&d, "lessons[0].day: expected an integer in [1, 1000], found 0"));
    assert_true(has_item(&d, "lessons[1].subject: expected a known subject id, found \"art\""));
    assert_true(has_item(&d, "lessons[1].period: expected an integer in [1, 1000], found "
                             "\"first\""));
    assert_true(has_item(&d, "routes[0].schools[1]: expected a known school id, found \"S7\""));
    assert_true(has_item(&d, "unscheduled[0].periods: expected an integer in [0, 1000], found "
                             "-1"));
    assert_int_equal(rotas_diags_count(&d), 7);
    rotas_diags_clear(&d);
    rotas_county_free(c);
}

/* The everyday parts of a plan: secondments, preference outcomes, envy, re-plan count. */
static void plan_everyday_roundtrip(void **state)
{
    (void)state;
    rotas_county *c = fx_county();
    rotas_plan *p = fx_plan(c);
    p->policy.secondment_count = 12;
    p->policy.w_prio_tenure = 1.5;
    p->policy.w_prio_key = 4;
    p->policy.w_prio_hardship = 2.5;
    p->policy.w_keep = 7000;
    p->policy.w_tt_keep = 250;
    p->moves[0].priority = 27.25;
    p->secondments = calloc(1, sizeof *p->secondments);
    p->secondments[0] = (rotas_secondment){FX_T9, FX_S3, FX_S2, 25.0, 2026};
    p->n_secondments = 1;
    p->preference_got[0] = 4;
    p->preference_got[1] = 3;
    p->preference_got[2] = 2;
    p->preference_got[3] = 1;
    p->envy = calloc(1, sizeof *p->envy);
    p->envy[0] = (rotas_envy){FX_T4, FX_T7, FX_S3, "leader_tenure"};
    p->n_envy = 1;
    p->n_changed = 3;
    char *s = rotas_plan_dump_json(p, c);
    assert_non_null(strstr(s, "\"role\": \"teaching_vice_principal\""));
    assert_non_null(strstr(s, "\"first\": 3"));
    assert_non_null(strstr(s, "\"none\": 4"));
    assert_non_null(strstr(s, "\"why\": \"leader_tenure\""));
    assert_non_null(strstr(s, "\"changed\": 3"));
    assert_non_null(strstr(s, "\"secondment_count\": 12"));
    free(s);
    const char *path = scratch("plan-everyday.json");
    rotas_error err = {0};
    assert_int_equal(rotas_plan_write_json(p, c, path, &err), ROTAS_OK);
    rotas_plan *q = NULL;
    rotas_diags d = {0};
    assert_int_equal(rotas_plan_read_json(&q, c, path, &d, &err), ROTAS_OK);
    NEAR(q->moves[0].priority, 27.25);
    assert_int_equal(q->n_secondments, 1);
    assert_int_equal(q->secondments[0].teacher, FX_T9);
    assert_int_equal(q->secondments[0].from, FX_S3);
    assert_int_equal(q->secondments[0].to, FX_S2);
    NEAR(q->secondments[0].km, 25.0);
    assert_int_equal(q->secondments[0].until, 2026);
    for (int k = 0; k < 4; k++)
        assert_int_equal(q->preference_got[k], p->preference_got[k]);
    assert_int_equal(q->n_envy, 1);
    assert_int_equal(q->envy[0].teacher, FX_T4);
    assert_int_equal(q->envy[0].other, FX_T7);
    assert_int_equal(q->envy[0].school, FX_S3);
    assert_string_equal(q->envy[0].why, "leader_tenure");
    assert_int_equal(q->n_changed, 3);
    assert_policy_equal(&q->policy, &p->policy);
    assert_int_equal(q->policy.secondment_count, 12);
    NEAR(q->policy.w_prio_hardship, 2.5);
    rotas_plan_free(q);
    q = NULL;

    /* located errors in the new parts */
    write_file(path, "{\"format\": \"rotas-plan/1\", \"year\": 2026, \"status\": \"optimal\","
                     " \"moves\": [{\"teacher\": \"T4\", \"from\": \"S3\", \"to\": \"S1\","
                     " \"km\": 20, \"until\": 2028, \"priority\": \"high\"}],"
                     " \"secondments\": [{\"teacher\": \"T99\", \"from\": \"S3\", \"to\": \"S2\","
                     " \"km\": 25, \"until\": 2026, \"role\": \"principal\"}],"
                     " \"preferences\": {\"first\": -1}, \"envy\": [{\"teacher\": \"T4\","
                     " \"other\": \"T7\", \"school\": \"S9\", \"why\": \"x\"}], \"changed\": \"3\","
                     " \"policy\": {\"w_keep\": -5}}");
    assert_int_equal(rotas_plan_read_json(&q, c, path, &d, &err), ROTAS_EINPUT);
    assert_true(has_item(&d, "moves[0].priority: expected a number or null, found \"high\""));
    assert_true(has_item(&d, "secondments[0].teacher: expected a known teacher id, found \"T99\""));
    assert_true(has_item(&d, "secondments[0].role: expected \"teaching_vice_principal\", found "
                             "\"principal\""));
    assert_true(has_item(&d, "preferences.first: expected an integer >= 0, found -1"));
    assert_true(has_item(&d, "envy[0].school: expected a known school id, found \"S9\""));
    assert_true(has_item(&d, "changed: expected an integer >= 0, found \"3\""));
    assert_true(has_item(&d, "policy.w_keep: expected a number >= 0, found -5"));
    rotas_diags_clear(&d);
    rotas_plan_free(p);
    rotas_county_free(c);
}

static void timetable_replan_roundtrip(void **state)
{
    (void)state;
    rotas_county *c = fx_county();
    rotas_timetable *t = fx_timetable();
    char *s = rotas_timetable_dump_json(t, c);
    assert_non_null(strstr(s, "\"kept_lessons\": null"));
    assert_non_null(strstr(s, "\"moved_lessons\": null"));
    free(s);
    t->kept_lessons = 8;
    t->moved_lessons = 2;
    const char *path = scratch("timetable-replan.json");
    rotas_error err = {0};
    assert_int_equal(rotas_timetable_write_json(t, c, path, &err), ROTAS_OK);
    rotas_timetable *q = NULL;
    rotas_diags d = {0};
    assert_int_equal(rotas_timetable_read_json(&q, c, path, &d, &err), ROTAS_OK);
    assert_int_equal(q->kept_lessons, 8);
    assert_int_equal(q->moved_lessons, 2);
    rotas_timetable_free(q);
    q = NULL;
    t->kept_lessons = t->moved_lessons = -1;
    assert_int_equal(rotas_timetable_write_json(t, c, path, &err), ROTAS_OK);
    assert_int_equal(rotas_timetable_read_json(&q, c, path, &d, &err), ROTAS_OK);
    assert_int_equal(q->kept_lessons, -1);
    assert_int_equal(q->moved_lessons, -1);
    rotas_timetable_free(q);
    rotas_timetable_free(t);
    rotas_county_free(c);
}

/* A detail longer than its buffer in a plan file (a Chinese one, three bytes a character) is
   cut on a whole character: the plan read back writes again. */
static void plan_long_detail_cut_whole(void **state)
{
    (void)state;
    rotas_county *c = fx_county();
    rotas_plan *p = fx_plan(c);
    fx_relax(p, "posts");
    char *s = rotas_plan_dump_json(p, c);
    assert_non_null(s);
    char *at = strstr(s, "\"detail\": \"test\"");
    assert_non_null(at);
    size_t head = (size_t)(at - s), tail_off = head + strlen("\"detail\": \"test\"");
    char *t = malloc(strlen(s) + 400);
    assert_non_null(t);
    memcpy(t, s, head);
    size_t n = head + (size_t)sprintf(t + head, "\"detail\": \"a"); /* then 差 x 100 */
    for (int i = 0; i < 100; i++)
        n += (size_t)sprintf(t + n, "\xe5\xb7\xae"); /* 差 */
    n += (size_t)sprintf(t + n, "\"");
    strcpy(t + n, s + tail_off);
    const char *path = scratch("plan-long.json");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(t, f);
    fclose(f);
    rotas_plan *q = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    assert_int_equal(rotas_plan_read_json(&q, c, path, &d, &err), ROTAS_OK);
    /* "a" and 52 whole characters; the 53rd would end past the 159 bytes the buffer holds */
    assert_int_equal(strlen(q->relaxed[0].detail), 1 + 52 * 3);
    char *back = rotas_plan_dump_json(q, c);
    assert_non_null(back);
    assert_non_null(strstr(back, "\"detail\": \"a\xe5\xb7\xae"));
    free(back);
    rotas_diags_clear(&d);
    rotas_plan_free(q);
    free(t);
    free(s);
    rotas_plan_free(p);
    rotas_county_free(c);
}

/* --explain's plain line for a move that fills a shortage gives the periods short where the
   teacher goes, before and after the plan: T2 (english and music, S1) to S3, a county-town
   school outside any cluster whose 2 english periods nobody teaches; after the move T2 teaches
   them (the fixture's figures, worked by hand). */
static void outcome_shortage_figures(void **state)
{
    (void)state;
    rotas_county *c = fx_county();
    rotas_plan *p = fx_plan(c);
    p->moves[p->n_moves++] = (rotas_move){FX_T2,
                                          FX_S1,
                                          FX_S3,
                                          ROTAS_REASON_TENURE | ROTAS_REASON_SHORTAGE,
                                          FX_ENGLISH,
                                          0,
                                          rotas_county_km(c, FX_S1, FX_S3),
                                          2028,
                                          2.0};
    char *zh = rotas_render_teacher_outcome(p, c, FX_T2, ROTAS_LANG_ZH);
    assert_non_null(zh);
    assert_non_null(strstr(zh, "补充紧缺学科：英语。该校英语每周缺2节，交流后缺0节。"));
    char *en = rotas_render_teacher_outcome(p, c, FX_T2, ROTAS_LANG_EN);
    assert_non_null(en);
    assert_non_null(
        strstr(en, "Short of english at the school: 2 periods a week before the plan, 0 after."));
    /* a move without the shortage reason says nothing of it */
    char *t4 = rotas_render_teacher_outcome(p, c, FX_T4, ROTAS_LANG_EN);
    assert_non_null(t4);
    assert_null(strstr(t4, "Short of"));
    free(zh);
    free(en);
    free(t4);
    rotas_plan_free(p);
    rotas_county_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(policy_defaults_roundtrip),  cmocka_unit_test(policy_file_errors),
        cmocka_unit_test(policy_file_good),           cmocka_unit_test(policy_apply_errors),
        cmocka_unit_test(policy_missing_file),        cmocka_unit_test(plan_roundtrip),
        cmocka_unit_test(plan_long_detail_cut_whole), cmocka_unit_test(outcome_shortage_figures),
        cmocka_unit_test(plan_read_errors),           cmocka_unit_test(timetable_roundtrip),
        cmocka_unit_test(timetable_read_errors),      cmocka_unit_test(plan_everyday_roundtrip),
        cmocka_unit_test(timetable_replan_roundtrip),
    };
    return cmocka_run_group_tests_name("json_results", tests, NULL, NULL);
}
