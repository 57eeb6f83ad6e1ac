/* test_plan.c - the rotation planner: rules, relaxed rules, shortage moves, MathProg cross-check,
   time limit, export; the balance indicators. Every plan is verified by the checker. */
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

#include "plan/plan_int.h"
#include "rotas/check.h"
#include "rotas/plan.h"

/* ---- a small county built in C ---- */

enum { SUB_CHINESE, SUB_MATH, SUB_ENGLISH, SUB_MUSIC, SUB_PE, SUB_ART, N_SUB };

typedef struct builder {
    rotas_county *c;
    size_t cap_s, cap_c, cap_t;
} builder;

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap * 2 : 8;
    while (n < need)
        n *= 2;
    void *q = realloc(p, n * size);
    assert_non_null(q);
    *cap = n;
    return q;
}

static builder make_builder(int year)
{
    builder b = {0};
    b.c = rotas_county_new();
    assert_non_null(b.c);
    rotas_county *c = b.c;
    c->year = year;
    static const char *ids[N_SUB] = {"chinese", "math", "english", "music", "pe", "art"};
    static const int shortage[N_SUB] = {0, 0, 1, 1, 1, 1};
    c->subjects = calloc(N_SUB, sizeof *c->subjects);
    c->n_subjects = N_SUB;
    for (int j = 0; j < N_SUB; j++) {
        c->subjects[j].id = rotas_strdup(ids[j]);
        c->subjects[j].name = rotas_strdup(ids[j]);
        c->subjects[j].shortage = shortage[j];
    }
    /* curriculum, grades 1-6 */
    static const int per[N_SUB] = {8, 5, 3, 2, 3, 2};
    c->curriculum = calloc(6 * N_SUB, sizeof *c->curriculum);
    for (int g = 1; g <= 6; g++)
        for (int j = 0; j < N_SUB; j++) {
            if (j == SUB_ENGLISH && g < 3)
                continue;
            c->curriculum[c->n_curriculum++] =
                (rotas_curriculum_row){.grade = g, .subject = j, .periods = per[j]};
        }
    return b;
}

static int add_cluster(builder *b, const char *id)
{
    rotas_county *c = b->c;
    c->clusters = realloc(c->clusters, (c->n_clusters + 1) * sizeof *c->clusters);
    memset(&c->clusters[c->n_clusters], 0, sizeof *c->clusters);
    c->clusters[c->n_clusters].id = rotas_strdup(id);
    c->clusters[c->n_clusters].central = -1;
    c->clusters[c->n_clusters].declared = 1;
    return (int)c->n_clusters++;
}

/* A school with one class per grade 1..n_classes, 30 students each. */
static int add_school(builder *b, const char *id, rotas_area area, int cluster, double lat,
                      double lon, int n_classes, int quota)
{
    rotas_county *c = b->c;
    c->schools = grow(c->schools, &b->cap_s, c->n_schools + 1, sizeof *c->schools);
    rotas_school *s = &c->schools[c->n_schools];
    memset(s, 0, sizeof *s);
    s->id = rotas_strdup(id);
    s->name = rotas_strdup(id);
    s->kind = area == ROTAS_AREA_URBAN ? ROTAS_KIND_URBAN_PRIMARY : ROTAS_KIND_COMPLETE_PRIMARY;
    s->area = area;
    s->cluster = cluster;
    s->group = -1;
    s->hardship = area == ROTAS_AREA_RURAL ? 2 : 0;
    s->lat = lat;
    s->lon = lon;
    s->staff_quota = quota;
    for (int k = 0; k < n_classes; k++) {
        c->classes = grow(c->classes, &b->cap_c, c->n_classes + 1, sizeof *c->classes);
        rotas_class *cl = &c->classes[c->n_classes++];
        memset(cl, 0, sizeof *cl);
        char cid[16];
        snprintf(cid, sizeof cid, "c%d", k + 1);
        cl->id = rotas_strdup(cid);
        cl->school = (int)c->n_schools;
        cl->grades[0] = k % 6 + 1;
        cl->n_grades = 1;
        cl->students = 30;
        s->students += 30;
    }
    return (int)c->n_schools++;
}

static int add_teacher(builder *b, const char *id, int school, int subject, rotas_role role,
                       int school_since, int post_since, int key)
{
    rotas_county *c = b->c;
    c->teachers = grow(c->teachers, &b->cap_t, c->n_teachers + 1, sizeof *c->teachers);
    rotas_teacher *t = &c->teachers[c->n_teachers];
    memset(t, 0, sizeof *t);
    t->id = rotas_strdup(id);
    t->name = rotas_strdup(id);
    t->gender = 'F';
    t->birth_year = 1980;
    t->school = school;
    t->subjects = malloc(sizeof *t->subjects);
    t->subjects[0] = subject;
    t->n_subjects = 1;
    t->role = role;
    t->school_since = school_since;
    t->post_since = post_since ? post_since : school_since;
    t->key = key;
    t->degree_level = ROTAS_DEGREE_BACHELOR;
    return (int)c->n_teachers++;
}

static rotas_county *finish(builder *b)
{
    rotas_error err = {0};
    assert_int_equal(rotas_county_finalize(b->c, &err), ROTAS_OK);
    return b->c;
}

static void policy_fast(rotas_policy *p)
{
    rotas_policy_default(p);
    p->time_limit_seconds = 20;
}

/* rotas_plan_eligibility gives the plan's own counts of frozen, eligible and must teachers (the
   must leaders a stay decision keeps are not must in the plan). */
static void assert_eligibility_as_plan(const rotas_county *c, const rotas_policy *p,
                                       const rotas_plan *plan)
{
    rotas_eligibility el;
    rotas_error err = {0};
    assert_int_equal(rotas_plan_eligibility(&el, c, p, plan->year, &err), ROTAS_OK);
    assert_int_equal(el.year, plan->year);
    assert_int_equal(el.n_frozen, plan->n_frozen);
    assert_int_equal(el.n_eligible, plan->n_eligible);
    unsigned char *kept = calloc(c->n_teachers + 1, 1);
    assert_non_null(kept);
    int n_kept = 0;
    for (size_t i = 0; i < c->n_decisions; i++) {
        int t = c->decisions[i].teacher;
        if (c->decisions[i].kind == ROTAS_DECISION_STAY && !kept[t] &&
            (rotas_plan_teacher_eligibility(&c->teachers[t], p, plan->year) & ROTAS_ELIG_MUST)) {
            kept[t] = 1;
            n_kept++;
        }
    }
    free(kept);
    assert_int_equal(el.n_must - n_kept, plan->n_must);
}

/* Make a plan, run the checker on it and assert no violation (with opt->previous, also the
   re-plan check of n_changed). */
static rotas_plan *plan_checked_opt(const rotas_county *c, const rotas_policy *p,
                                    const rotas_plan_options *opt)
{
    rotas_plan *plan = NULL;
    rotas_error err = {0};
    rotas_rc rc = rotas_plan_make(&plan, c, p, opt, &err);
    if (rc != ROTAS_OK)
        fprintf(stderr, "plan: %s\n", err.msg);
    assert_int_equal(rc, ROTAS_OK);
    assert_non_null(plan);
    rotas_diags d = {0};
    size_t nv = rotas_check_plan(c, p, plan, &d);
    if (opt && opt->previous)
        nv += rotas_check_plan_replan(c, plan, opt->previous, &d);
    for (size_t i = 0; i < d.n_items; i++)
        fprintf(stderr, "violation: %s\n", d.items[i]);
    rotas_diags_clear(&d);
    assert_int_equal(nv, 0);
    assert_eligibility_as_plan(c, p, plan);
    return plan;
}

static rotas_plan *plan_checked(const rotas_county *c, const rotas_policy *p)
{
    rotas_plan_options opt = {0};
    return plan_checked_opt(c, p, &opt);
}

static const rotas_move *move_of(const rotas_plan *plan, int teacher)
{
    for (size_t k = 0; k < plan->n_moves; k++)
        if (plan->moves[k].teacher == teacher)
            return &plan->moves[k];
    return NULL;
}

static int has_relaxed(const rotas_plan *plan, const char *rule)
{
    for (size_t k = 0; k < plan->n_relaxed; k++)
        if (!strcmp(plan->relaxed[k].rule, rule))
            return 1;
    return 0;
}

/* Town school T1 with too many English teachers, a rural cluster R1..R3 without any. Regular
   staffing elsewhere: a Chinese/maths teacher per two classes. */
static rotas_county *shortage_county(int *english_teachers, int n_out)
{
    builder b = make_builder(2025);
    int cl = add_cluster(&b, "C1");
    int t1 = add_school(&b, "T1", ROTAS_AREA_TOWN, -1, 30.00, 110.00, 6, 14);
    int r1 = add_school(&b, "R1", ROTAS_AREA_RURAL, cl, 30.05, 110.02, 6, 14);
    int r2 = add_school(&b, "R2", ROTAS_AREA_RURAL, cl, 30.07, 110.05, 6, 14);
    int r3 = add_school(&b, "R3", ROTAS_AREA_RURAL, cl, 30.02, 110.08, 6, 14);
    int schools[4] = {t1, r1, r2, r3};
    char id[32];
    int n = 0;
    for (int k = 0; k < 4; k++) {
        int s = schools[k];
        snprintf(id, sizeof id, "P%d", k);
        add_teacher(&b, id, s, SUB_CHINESE, ROTAS_ROLE_PRINCIPAL, 2022, 2022, 0);
        for (int q = 0; q < 3; q++) {
            snprintf(id, sizeof id, "CH%d_%d", k, q);
            add_teacher(&b, id, s, SUB_CHINESE, ROTAS_ROLE_TEACHER, 2023, 0, 0);
            snprintf(id, sizeof id, "MA%d_%d", k, q);
            add_teacher(&b, id, s, SUB_MATH, ROTAS_ROLE_TEACHER, 2023, 0, 0);
        }
        snprintf(id, sizeof id, "PE%d", k);
        add_teacher(&b, id, s, k == 0 ? SUB_PE : SUB_MUSIC, ROTAS_ROLE_TEACHER, 2023, 0, 0);
    }
    /* four English teachers in town, long there: T1 needs 12 periods, they give 64 */
    for (int q = 0; q < 4; q++) {
        snprintf(id, sizeof id, "EN%d", q);
        int t = add_teacher(&b, id, t1, SUB_ENGLISH, ROTAS_ROLE_TEACHER, 2015 - q, 0,
                            q == 0 ? ROTAS_KEY_COUNTY : 0);
        if (english_teachers && n < n_out)
            english_teachers[n++] = t;
    }
    return finish(&b);
}

static void test_shortage_moves_english_to_rural_cluster(void **state)
{
    (void)state;
    int en[4];
    rotas_county *c = shortage_county(en, 4);
    rotas_policy p;
    policy_fast(&p);
    rotas_plan *plan = plan_checked(c, &p);
    assert_int_equal(plan->status, ROTAS_STATUS_OPTIMAL);
    assert_int_equal(plan->year, 2026);
    assert_int_equal(plan->n_eligible, 4);
    /* the cluster needs 3 x 12 = 36 English periods (two teachers and 4 periods of a third),
       but T1 (12 staff) may lose only max(1, floor(0.2 x 12)) = 2 */
    int moved = 0;
    int english = rotas_county_subject(c, "english");
    for (int q = 0; q < 4; q++) {
        const rotas_move *mv = move_of(plan, en[q]);
        if (!mv)
            continue;
        moved++;
        assert_int_equal(c->schools[mv->to].area, ROTAS_AREA_RURAL);
        assert_true(mv->reasons & ROTAS_REASON_SHORTAGE);
        assert_int_equal(mv->shortage_subject, english);
        assert_true(mv->reasons & ROTAS_REASON_TENURE);
        assert_int_equal(mv->until, 2026 + 3 - 1);
        assert_true(fabs(mv->km - rotas_county_km(c, mv->from, mv->to)) < 1e-9);
    }
    assert_int_equal(moved, 2);
    assert_true(plan->unfilled_after < plan->unfilled_before);
    /* key share: the key English teacher is among the moved (1 of 2 >= 20%) */
    assert_non_null(move_of(plan, en[0]));
    assert_int_equal(plan->n_key_moved, 1);
    assert_true(plan->gap >= 0 && plan->gap < 1e-6);
    assert_true(plan->bound <= plan->objective + 1e-6);
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* The eligibility counts by hand, near retirement included, and the error path. */
static void test_eligibility(void **state)
{
    (void)state;
    int en[4];
    rotas_county *c = shortage_county(en, 4);
    rotas_policy p;
    policy_fast(&p);
    rotas_eligibility el;
    rotas_error err = {0};
    assert_int_equal(rotas_plan_eligibility(&el, c, &p, 2026, &err), ROTAS_OK);
    int frozen = el.n_frozen, eligible = el.n_eligible;
    c->teachers[en[0]].exempt = rotas_strdup("illness");
    c->teachers[en[1]].exchange_until = 2026;
    c->teachers[en[2]].gender = 'F';
    c->teachers[en[2]].birth_year = 2026 - p.retirement_age_women + 2;
    p.exempt_years_before_retirement = 2;
    assert_int_equal(rotas_plan_teacher_eligibility(&c->teachers[en[0]], &p, 2026),
                     ROTAS_ELIG_FROZEN);
    assert_int_equal(rotas_plan_teacher_eligibility(&c->teachers[en[1]], &p, 2026),
                     ROTAS_ELIG_FROZEN);
    assert_int_equal(
        rotas_plan_teacher_eligibility(&c->teachers[en[1]], &p, 2027) & ROTAS_ELIG_FROZEN, 0);
    assert_int_equal(rotas_plan_teacher_eligibility(&c->teachers[en[2]], &p, 2026),
                     ROTAS_ELIG_FROZEN);
    assert_int_equal(rotas_plan_eligibility(&el, c, &p, 2026, &err), ROTAS_OK);
    assert_int_equal(el.n_frozen, frozen + 3);
    assert_int_equal(el.n_eligible, eligible - 3);
    assert_int_equal(rotas_plan_eligibility(&el, c, &p, 0, &err), ROTAS_EINPUT);
    assert_string_equal(err.msg, "eligibility: year 0 is not a year");
    rotas_county_free(c);
}

static void test_frozen_never_moved(void **state)
{
    (void)state;
    int en[4];
    rotas_county *c = shortage_county(en, 4);
    /* freeze the three longest-serving English teachers: exempt, on exchange, exempt */
    c->teachers[en[0]].exempt = rotas_strdup("illness");
    c->teachers[en[1]].exchange_until = 2026;
    c->teachers[en[2]].exempt = rotas_strdup("nursing");
    rotas_policy p;
    policy_fast(&p);
    p.min_key_share = 0; /* the only key teacher is frozen */
    rotas_plan *plan = plan_checked(c, &p);
    assert_int_equal(plan->n_frozen, 3);
    assert_int_equal(plan->n_eligible, 1);
    assert_null(move_of(plan, en[0]));
    assert_null(move_of(plan, en[1]));
    assert_null(move_of(plan, en[2]));
    assert_non_null(move_of(plan, en[3]));
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* Three schools whose principals and vice-principals are long in post. */
static void test_must_leaders_move_into_same_role(void **state)
{
    (void)state;
    builder b = make_builder(2025);
    int s[3];
    for (int k = 0; k < 3; k++) {
        char id[8];
        snprintf(id, sizeof id, "S%d", k);
        s[k] = add_school(&b, id, k == 0 ? ROTAS_AREA_URBAN : ROTAS_AREA_RURAL, -1, 30.0 + 0.05 * k,
                          110.0, 6, 10);
    }
    int pr[3], vp[3];
    for (int k = 0; k < 3; k++) {
        char id[16];
        snprintf(id, sizeof id, "P%d", k);
        pr[k] = add_teacher(&b, id, s[k], SUB_CHINESE, ROTAS_ROLE_PRINCIPAL, 2010, 2012,
                            ROTAS_KEY_COUNTY);
        snprintf(id, sizeof id, "V%d", k);
        vp[k] = add_teacher(&b, id, s[k], SUB_MATH, ROTAS_ROLE_VICE_PRINCIPAL, 2010,
                            k == 2 ? 2020 : 2014, 0);
        for (int q = 0; q < 10; q++) { /* 12 staff: each school may lose 2 */
            snprintf(id, sizeof id, "T%d_%d", k, q);
            add_teacher(&b, id, s[k], q % 2 ? SUB_MATH : SUB_CHINESE, ROTAS_ROLE_TEACHER, 2022, 0,
                        0);
        }
    }
    rotas_county *c = finish(&b);
    rotas_policy p;
    policy_fast(&p);
    rotas_plan *plan = plan_checked(c, &p);
    assert_int_equal(plan->status, ROTAS_STATUS_OPTIMAL);
    assert_int_equal(plan->n_must, 5); /* 3 principals, 2 vice-principals (V2 is 6 years in) */
    int at_p[3] = {0}, at_v[3] = {0};
    for (int k = 0; k < 3; k++) {
        const rotas_move *mp = move_of(plan, pr[k]);
        assert_non_null(mp);
        assert_true(mp->reasons & ROTAS_REASON_LEADER_TENURE);
        assert_int_not_equal(mp->to, mp->from);
        at_p[mp->to]++;
    }
    for (int k = 0; k < 2; k++) {
        const rotas_move *mv = move_of(plan, vp[k]);
        assert_non_null(mv);
        assert_int_not_equal(mv->to, mv->from);
        at_v[mv->to]++;
    }
    /* V2 (eligible by 16 years at the school, 6 in post) may move or stay; every school keeps
       one principal and one vice-principal */
    const rotas_move *m2 = move_of(plan, vp[2]);
    if (m2) {
        assert_false(m2->reasons & ROTAS_REASON_LEADER_TENURE);
        at_v[m2->to]++;
    } else {
        at_v[2]++;
    }
    for (int k = 0; k < 3; k++) {
        assert_int_equal(at_p[k], 1);
        assert_int_equal(at_v[k], 1);
    }
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* One must principal and no other principal post anywhere: leader_tenure gives. */
static void test_leader_without_post_relaxed(void **state)
{
    (void)state;
    builder b = make_builder(2025);
    int a = add_school(&b, "A", ROTAS_AREA_URBAN, -1, 30.0, 110.0, 6, 12);
    int z = add_school(&b, "B", ROTAS_AREA_RURAL, -1, 30.1, 110.0, 6, 12);
    int pr = add_teacher(&b, "PA", a, SUB_CHINESE, ROTAS_ROLE_PRINCIPAL, 2005, 2005, 0);
    add_teacher(&b, "VB", z, SUB_MATH, ROTAS_ROLE_VICE_PRINCIPAL, 2024, 2024, 0);
    for (int q = 0; q < 6; q++) {
        char id[16];
        snprintf(id, sizeof id, "A%d", q);
        add_teacher(&b, id, a, q % 2 ? SUB_MATH : SUB_CHINESE, ROTAS_ROLE_TEACHER, 2023, 0, 0);
        snprintf(id, sizeof id, "B%d", q);
        add_teacher(&b, id, z, q % 2 ? SUB_MATH : SUB_CHINESE, ROTAS_ROLE_TEACHER, 2023, 0, 0);
    }
    rotas_county *c = finish(&b);
    rotas_policy p;
    policy_fast(&p);
    rotas_plan *plan = plan_checked(c, &p);
    assert_int_equal(plan->status, ROTAS_STATUS_FEASIBLE);
    assert_true(has_relaxed(plan, "leader_tenure") || has_relaxed(plan, "posts"));
    if (has_relaxed(plan, "leader_tenure"))
        assert_null(move_of(plan, pr));
    for (size_t k = 0; k < plan->n_relaxed; k++) {
        assert_true(plan->relaxed[k].amount >= 1.0);
        assert_true(strlen(plan->relaxed[k].detail) > 10);
    }
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* Too few key teachers for the 20% share. */
static void test_too_few_key_teachers_relaxed(void **state)
{
    (void)state;
    int en[4];
    rotas_county *c = shortage_county(en, 4);
    c->teachers[en[0]].key = ROTAS_KEY_NONE; /* no key teacher left */
    rotas_policy p;
    policy_fast(&p);
    rotas_plan *plan = plan_checked(c, &p);
    assert_int_equal(plan->status, ROTAS_STATUS_FEASIBLE);
    assert_true(has_relaxed(plan, "min_key_share"));
    assert_false(has_relaxed(plan, "min_rotation_share"));
    assert_true(plan->n_moves >= 1);
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* Only school A has eligible teachers; B is full: the rotation share cannot be met without
   going over B's staff quota. */
static void test_school_over_quota(void **state)
{
    (void)state;
    builder b = make_builder(2025);
    int a = add_school(&b, "A", ROTAS_AREA_URBAN, -1, 30.0, 110.0, 6, 10);
    int z = add_school(&b, "B", ROTAS_AREA_RURAL, -1, 30.1, 110.0, 6, 6);
    int first = -1;
    for (int q = 0; q < 10; q++) {
        char id[16];
        snprintf(id, sizeof id, "A%d", q);
        int t = add_teacher(&b, id, a, q % 2 ? SUB_MATH : SUB_CHINESE, ROTAS_ROLE_TEACHER, 2010, 0,
                            q == 0 ? ROTAS_KEY_COUNTY : 0);
        if (first < 0)
            first = t;
    }
    for (int q = 0; q < 7; q++) { /* 7 staff, quota 6: over quota */
        char id[16];
        snprintf(id, sizeof id, "B%d", q);
        add_teacher(&b, id, z, q % 2 ? SUB_MATH : SUB_CHINESE, ROTAS_ROLE_TEACHER, 2024, 0, 0);
    }
    rotas_county *c = finish(&b);
    rotas_policy p;
    policy_fast(&p);
    rotas_plan *plan = plan_checked(c, &p);
    assert_int_equal(plan->status, ROTAS_STATUS_FEASIBLE);
    assert_true(has_relaxed(plan, "min_rotation_share") || has_relaxed(plan, "staff_quota"));
    /* B never ends above max(staff before, quota) unless staff_quota gave */
    int in_b = 0;
    for (size_t k = 0; k < plan->n_moves; k++)
        in_b += plan->moves[k].to == z;
    if (!has_relaxed(plan, "staff_quota"))
        assert_int_equal(in_b, 0);
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* A school of 10 may lose at most 2 even though the shortage elsewhere pulls more. */
static void test_max_out_share(void **state)
{
    (void)state;
    builder b = make_builder(2025);
    int cl = add_cluster(&b, "C1");
    int a = add_school(&b, "A", ROTAS_AREA_URBAN, -1, 30.0, 110.0, 6, 10);
    int r = add_school(&b, "R", ROTAS_AREA_RURAL, cl, 30.1, 110.0, 12, 30);
    for (int q = 0; q < 10; q++) {
        char id[16];
        snprintf(id, sizeof id, "A%d", q);
        add_teacher(&b, id, a, q < 6 ? SUB_ENGLISH : SUB_MUSIC, ROTAS_ROLE_TEACHER, 2010, 0,
                    q == 0 ? ROTAS_KEY_COUNTY : 0);
    }
    for (int q = 0; q < 8; q++) {
        char id[16];
        snprintf(id, sizeof id, "R%d", q);
        add_teacher(&b, id, r, q % 2 ? SUB_MATH : SUB_CHINESE, ROTAS_ROLE_TEACHER, 2024, 0, 0);
    }
    rotas_county *c = finish(&b);
    rotas_policy p;
    policy_fast(&p);
    rotas_plan *plan = plan_checked(c, &p);
    assert_int_equal(plan->status, ROTAS_STATUS_OPTIMAL);
    assert_int_equal(plan->n_moves, 2); /* floor(0.2 x 10) */
    p.max_out_share = 0.5;
    rotas_plan *plan2 = plan_checked(c, &p);
    /* now 5 may go, but 2 English and 2 music teachers cover all of R's 24 + 24 periods */
    assert_int_equal(plan2->n_moves, 4);
    rotas_plan_free(plan);
    rotas_plan_free(plan2);
    rotas_county_free(c);
}

static void test_max_km(void **state)
{
    (void)state;
    int en[4];
    rotas_county *c = shortage_county(en, 4);
    rotas_policy p;
    policy_fast(&p);
    /* R1 is about 6 km from T1, R2 about 9, R3 about 10 */
    double lim = rotas_county_km(c, 0, 1) + 0.5;
    assert_true(rotas_county_km(c, 0, 2) > lim && rotas_county_km(c, 0, 3) > lim);
    p.max_km = lim;
    rotas_plan *plan = plan_checked(c, &p);
    assert_true(plan->n_moves >= 1);
    for (size_t k = 0; k < plan->n_moves; k++) {
        assert_true(plan->moves[k].km <= lim);
        assert_int_equal(plan->moves[k].to, 1);
    }
    rotas_plan_free(plan);
    rotas_county_free(c);
}

static void test_no_year(void **state)
{
    (void)state;
    rotas_county *c = shortage_county(NULL, 0);
    c->year = 0;
    rotas_policy p;
    policy_fast(&p);
    rotas_plan *plan = NULL;
    rotas_error err = {0};
    rotas_plan_options opt = {0};
    assert_int_equal(rotas_plan_make(&plan, c, &p, &opt, &err), ROTAS_EINPUT);
    assert_null(plan);
    assert_non_null(strstr(err.msg, "year"));
    opt.year = 2030;
    assert_int_equal(rotas_plan_make(&plan, c, &p, &opt, &err), ROTAS_OK);
    assert_int_equal(plan->year, 2030);
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* A bigger county: 8 schools, 2 clusters, mixed subjects; used for the MathProg cross-check
   and the time limit. */
static rotas_county *mixed_county(void)
{
    builder b = make_builder(2025);
    int c1 = add_cluster(&b, "C1"), c2 = add_cluster(&b, "C2");
    int s[8];
    s[0] = add_school(&b, "U1", ROTAS_AREA_URBAN, -1, 30.00, 110.00, 12, 30);
    s[1] = add_school(&b, "U2", ROTAS_AREA_URBAN, -1, 30.01, 110.01, 12, 30);
    s[2] = add_school(&b, "T1", ROTAS_AREA_TOWN, c1, 30.10, 110.00, 6, 14);
    s[3] = add_school(&b, "V1", ROTAS_AREA_RURAL, c1, 30.12, 110.03, 3, 8);
    s[4] = add_school(&b, "V2", ROTAS_AREA_RURAL, c1, 30.14, 109.98, 3, 8);
    s[5] = add_school(&b, "T2", ROTAS_AREA_TOWN, c2, 29.90, 110.05, 6, 14);
    s[6] = add_school(&b, "V3", ROTAS_AREA_RURAL, c2, 29.88, 110.09, 3, 8);
    s[7] = add_school(&b, "V4", ROTAS_AREA_RURAL, c2, 29.86, 110.02, 2, 6);
    unsigned seed = 7;
    char id[32];
    for (int k = 0; k < 8; k++) {
        int n = k < 2 ? 28 : (k == 2 || k == 5 ? 12 : 6);
        snprintf(id, sizeof id, "P%d", k);
        add_teacher(&b, id, s[k], SUB_CHINESE, ROTAS_ROLE_PRINCIPAL, 2008, k % 3 ? 2020 : 2012,
                    k < 2 ? ROTAS_KEY_CITY : 0);
        for (int q = 0; q < n; q++) {
            seed = seed * 1103515245u + 12345u;
            int r = (int)((seed >> 16) % 100);
            int sub = r < 35   ? SUB_CHINESE
                      : r < 65 ? SUB_MATH
                      : r < 80 ? SUB_ENGLISH
                      : r < 87 ? SUB_MUSIC
                      : r < 94 ? SUB_PE
                               : SUB_ART;
            if (k >= 2 && sub >= SUB_ENGLISH && r % 3)
                sub = SUB_CHINESE;
            int since = 2025 - (int)((seed >> 8) % 14);
            int key = k < 2 && r % 5 == 0 ? ROTAS_KEY_COUNTY : 0;
            snprintf(id, sizeof id, "T%d_%02d", k, q);
            int t = add_teacher(&b, id, s[k], sub, ROTAS_ROLE_TEACHER, since, 0, key);
            if (r % 7 == 0) {
                rotas_teacher *tt = &b.c->teachers[t];
                tt->preferences = malloc(2 * sizeof *tt->preferences);
                tt->preferences[0] = s[(k + 3) % 8];
                tt->preferences[1] = s[(k + 5) % 8];
                tt->n_preferences = 2;
            }
            if (r % 11 == 0) {
                rotas_teacher *tt = &b.c->teachers[t];
                tt->subjects = realloc(tt->subjects, 2 * sizeof *tt->subjects);
                tt->subjects[1] = SUB_MUSIC;
                tt->n_subjects = 2;
            }
        }
    }
    b.c->groups = calloc(1, sizeof *b.c->groups);
    b.c->groups[0].id = rotas_strdup("G1");
    b.c->n_groups = 1;
    b.c->schools[s[0]].group = 0;
    b.c->schools[s[3]].group = 0;
    b.c->schools[s[6]].group = 0;
    return finish(&b);
}

static double glpsol_objective(const char *dat)
{
    char cmd[2048], line[512];
    /* glpsol with its MIR cuts: plain branch and bound proves these small models only after
       minutes, with the cuts at the root (the same model, the same optimum) */
    snprintf(cmd, sizeof cmd, "glpsol --mir -m %s/models/rotation.mod -d %s 2>&1", ROTAS_SOURCE_DIR,
             dat);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    double obj = NAN;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "objective ", 10))
            obj = strtod(line + 10, NULL);
    pclose(f);
    return obj;
}

static rotas_plan *plan_checked_opt(const rotas_county *c, const rotas_policy *p,
                                    const rotas_plan_options *opt);

static void cross_check_opt(rotas_county *c, const rotas_policy *p, const rotas_plan_options *o)
{
    char dat[256];
    snprintf(dat, sizeof dat, "%s/test_plan_%d.dat", ROTAS_BUILD_DIR, (int)getpid());
    rotas_error err = {0};
    rotas_plan_options opt = {0};
    if (o)
        opt = *o;
    assert_int_equal(rotas__plan_write_dat(c, p, &opt, dat, &err), ROTAS_OK);
    double ref = glpsol_objective(dat);
    if (isnan(ref))
        fprintf(stderr, "glpsol failed on %s\n", dat);
    else if (!getenv("ROTAS_KEEP_DAT"))
        remove(dat);
    rotas_plan *plan = plan_checked_opt(c, p, &opt);
    assert_int_equal(plan->status, ROTAS_STATUS_OPTIMAL);
    assert_false(isnan(ref));
    if (!(fabs(plan->objective - ref) <= 1e-6 * fmax(1.0, fabs(ref))))
        fprintf(stderr, "objective %.6f, glpsol %.6f\n", plan->objective, ref);
    assert_true(fabs(plan->objective - ref) <= 1e-6 * fmax(1.0, fabs(ref)));
    /* the bound without an LP (the county as one pool) is below the proven optimum */
    double cb = NAN;
    assert_int_equal(rotas__plan_county_bound(c, p, &opt, &cb, &err), ROTAS_OK);
    assert_false(isnan(cb));
    assert_true(cb <= ref + 1e-6 * fmax(1.0, fabs(ref)));
    rotas_plan_free(plan);
}

static void cross_check(rotas_county *c, const rotas_policy *p)
{
    cross_check_opt(c, p, NULL);
}

static void test_mathprog_cross_check(void **state)
{
    (void)state;
    if (system("glpsol --version > /dev/null 2>&1") != 0)
        skip();
    rotas_county *c = mixed_county();
    rotas_policy p;
    policy_fast(&p);
    cross_check(c, &p);
    p.key_share_base = ROTAS_KEY_SHARE_OF_ELIGIBLE;
    p.min_key_share = 0.05;
    p.min_rotation_share = 0.2;
    p.max_km = 25;
    cross_check(c, &p);
    rotas_county_free(c);
    int en[4];
    c = shortage_county(en, 4);
    rotas_policy_default(&p);
    cross_check(c, &p);
    rotas_county_free(c);
}

static void test_time_limit_honoured(void **state)
{
    (void)state;
    rotas_county *c = mixed_county();
    rotas_policy p;
    policy_fast(&p);
    p.time_limit_seconds = 0.001;
    rotas_plan *plan = plan_checked(c, &p);
    assert_true(plan->status == ROTAS_STATUS_TIME_LIMIT || plan->status == ROTAS_STATUS_OPTIMAL);
    assert_true(plan->n_moves >= (size_t)ceil(0.1 * plan->n_eligible - 1e-9));
    assert_true(plan->seconds < 5.0);
    assert_true(plan->bound <= plan->objective + 1e-6);
    rotas_plan_free(plan);
    rotas_county_free(c);
}

static void progress(void *ctx, const char *phase, double elapsed, double best, double bound)
{
    (void)phase;
    (void)best;
    (void)bound;
    assert_true(elapsed >= 0);
    (*(int *)ctx)++;
}

static void test_export_and_progress(void **state)
{
    (void)state;
    rotas_county *c = mixed_county();
    rotas_policy p;
    policy_fast(&p);
    char lp[256];
    snprintf(lp, sizeof lp, "%s/test_plan_%d.lp", ROTAS_BUILD_DIR, (int)getpid());
    int calls = 0;
    rotas_plan_options opt = {.export_lp = lp, .progress = progress, .progress_ctx = &calls};
    rotas_plan *plan = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_plan_make(&plan, c, &p, &opt, &err), ROTAS_OK);
    assert_true(calls >= 2);
    FILE *f = fopen(lp, "r");
    assert_non_null(f);
    char line[512];
    int seen_cover = 0, seen_x = 0;
    while (fgets(line, sizeof line, f)) {
        seen_cover |= strstr(line, "cover(") != NULL;
        seen_x |= strstr(line, "x(") != NULL;
    }
    fclose(f);
    remove(lp);
    assert_true(seen_cover && seen_x);
    /* unwritable path: an error, no plan */
    rotas_plan *none = NULL;
    rotas_error_clear(&err);
    opt.export_lp = "/nonexistent-dir/x.lp";
    opt.progress = NULL;
    assert_int_equal(rotas_plan_make(&none, c, &p, &opt, &err), ROTAS_EIO);
    assert_null(none);
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* students 45, 37, 89, 76, 55 with 279, 137, 935, 160, 402 key teachers -> CV 0.515 of the
   per-100 figures (620, 370, 1051, 211, 731). */
static void test_indicators_cv(void **state)
{
    (void)state;
    builder b = make_builder(2025);
    static const int P[5] = {45, 37, 89, 76, 55}, X[5] = {279, 137, 935, 160, 402};
    for (int k = 0; k < 5; k++) {
        char id[8];
        snprintf(id, sizeof id, "S%d", k);
        int s = add_school(&b, id, ROTAS_AREA_RURAL, -1, 30, 110, 0, 10);
        b.c->schools[s].students = P[k];
        for (int q = 0; q < X[k]; q++) {
            b.c->teachers =
                grow(b.c->teachers, &b.cap_t, b.c->n_teachers + 1, sizeof *b.c->teachers);
            rotas_teacher *t = &b.c->teachers[b.c->n_teachers++];
            memset(t, 0, sizeof *t);
            t->school = s;
            t->key = ROTAS_KEY_COUNTY;
        }
    }
    /* an empty school is skipped */
    add_school(&b, "EMPTY", ROTAS_AREA_RURAL, -1, 30, 110, 0, 10);
    rotas_error err = {0};
    assert_int_equal(rotas_county_finalize(b.c, &err), ROTAS_OK);
    rotas_indicators ind;
    rotas_indicators_compute(&ind, b.c, NULL);
    assert_true(fabs(ind.county.cv[ROTAS_IND_KEY] - 0.515) < 0.0005);
    assert_int_equal(ind.county.n_schools, 5);
    assert_int_equal(ind.county.students, 302);
    double mean = 100.0 * (279 + 137 + 935 + 160 + 402) / 302.0;
    assert_true(fabs(ind.county.mean[ROTAS_IND_KEY] - mean) < 1e-9);
    assert_true(fabs(ind.primary.cv[ROTAS_IND_KEY] - 0.515) < 0.0005);
    assert_int_equal(ind.junior.n_schools, 0);
    assert_true(ind.county.cv[ROTAS_IND_PE_ARTS] == 0.0); /* no PE/arts teacher: mean 0 */
    /* moving every teacher to S0 changes the figures through school_of */
    int *where = calloc(b.c->n_teachers, sizeof *where);
    rotas_indicators after;
    rotas_indicators_compute(&after, b.c, where);
    assert_true(after.county.cv[ROTAS_IND_KEY] > ind.county.cv[ROTAS_IND_KEY]);
    free(where);
    rotas_county_free(b.c);
}

/* ---- the bureau's decisions, secondments, re-plan, explain ---- */

static void add_decision(rotas_county *c, rotas_decision_kind kind, int t, int t2, int school,
                         int subject)
{
    c->decisions = realloc(c->decisions, (c->n_decisions + 1) * sizeof *c->decisions);
    assert_non_null(c->decisions);
    c->decisions[c->n_decisions++] = (rotas_decision){.kind = kind,
                                                      .teacher = t,
                                                      .teacher2 = t2,
                                                      .school = school,
                                                      .subject = subject,
                                                      .reason = rotas_strdup("局党组研究决定")};
}

/* First teacher (role teacher) at school s matching: eligible (tenure >= 6 in 2026) or not,
   moved in plan or not (plan NULL: any), key or not (-1: any), other than `not`. */
static int pick(const rotas_county *c, const rotas_plan *plan, int s, int eligible, int moved,
                int key, int not )
{
    for (size_t i = 0; i < c->n_teachers; i++) {
        const rotas_teacher *t = &c->teachers[i];
        if ((int)i == not || t->school != s || t->role != ROTAS_ROLE_TEACHER || t->exempt ||
            ((2026 - t->school_since >= 6) != eligible) ||
            (key >= 0 && (t->key >= ROTAS_KEY_COUNTY) != key))
            continue;
        if (plan && (move_of(plan, (int)i) != NULL) != moved)
            continue;
        return (int)i;
    }
    fail_msg("no teacher to pick at school %d", s);
    return -1;
}

static void test_decisions_each_kind(void **state)
{
    (void)state;
    rotas_county *c = mixed_county();
    rotas_policy p;
    policy_fast(&p);
    p.time_limit_seconds = 5;
    rotas_plan *p0 = plan_checked(c, &p);
    int u1 = rotas_county_school(c, "U1"), u2 = rotas_county_school(c, "U2");
    int v3 = rotas_county_school(c, "V3"), v4 = rotas_county_school(c, "V4");
    int newcomer = pick(c, NULL, u1, 0, 0, -1, -1); /* not eligible: moved by decision */
    int stayer = pick(c, p0, u1, 1, 1, -1, -1);     /* moved in p0: stays by decision */
    int key = pick(c, p0, u2, 1, 0, 1, -1);         /* a key teacher p0 left at home */
    int key_subject = c->teachers[key].subjects[0];
    int ta = pick(c, p0, u2, 1, 1, 0, -1), tb = pick(c, p0, u1, 1, 0, 0, stayer);
    int must = rotas_county_teacher(c, "P0");
    add_decision(c, ROTAS_DECISION_MOVE, newcomer, -1, v3, -1);
    add_decision(c, ROTAS_DECISION_STAY, stayer, -1, -1, -1);
    add_decision(c, ROTAS_DECISION_RECEIVE_KEY, -1, -1, v4, key_subject);
    add_decision(c, ROTAS_DECISION_TOGETHER, ta, tb, -1, -1);
    add_decision(c, ROTAS_DECISION_STAY, must, -1, -1, -1);
    rotas_plan *p1 = plan_checked(c, &p);
    const rotas_move *mv = move_of(p1, newcomer);
    assert_non_null(mv);
    assert_int_equal(mv->to, v3);
    assert_null(move_of(p1, stayer));
    assert_null(move_of(p1, must)); /* a stay lifts the must-move */
    int got = 0;
    for (size_t k = 0; k < p1->n_moves; k++) {
        const rotas_teacher *t = &c->teachers[p1->moves[k].teacher];
        got |= p1->moves[k].to == v4 && t->key >= ROTAS_KEY_COUNTY && t->subjects[0] == key_subject;
    }
    assert_true(got);
    const rotas_move *ma = move_of(p1, ta), *mb = move_of(p1, tb);
    assert_true((ma == NULL) == (mb == NULL));
    if (ma)
        assert_int_equal(ma->to, mb->to);
    /* the MathProg model with the decision rows gives the same optimum */
    if (system("glpsol --version > /dev/null 2>&1") == 0)
        cross_check(c, &p);

    /* conflicts no relaxation resolves: bad input naming the decision */
    rotas_plan *bad = NULL;
    rotas_error err = {0};
    rotas_plan_options opt = {0};
    int frozen = pick(c, NULL, u2, 1, 0, -1, -1);
    c->teachers[frozen].exempt = rotas_strdup("illness");
    add_decision(c, ROTAS_DECISION_MOVE, frozen, -1, v4, -1);
    assert_int_equal(rotas_plan_make(&bad, c, &p, &opt, &err), ROTAS_EINPUT);
    assert_null(bad);
    assert_non_null(strstr(err.msg, "decision 6 (move"));
    assert_non_null(strstr(err.msg, "exempt"));
    c->decisions[5].kind = ROTAS_DECISION_TOGETHER; /* together: frozen and a decided mover */
    c->decisions[5].teacher2 = newcomer;
    err = (rotas_error){0};
    assert_int_equal(rotas_plan_make(&bad, c, &p, &opt, &err), ROTAS_EINPUT);
    if (!strstr(err.msg, "decision 6 (together"))
        fprintf(stderr, "%s\n", err.msg);
    assert_non_null(strstr(err.msg, "decision 6 (together"));
    c->decisions[5].kind = ROTAS_DECISION_RECEIVE_KEY; /* nobody can bring art */
    c->decisions[5].school = v4;
    c->decisions[5].subject = SUB_ART;
    for (size_t i = 0; i < c->n_teachers; i++)
        if (c->teachers[i].subjects[0] == SUB_ART)
            c->teachers[i].key = 0;
    err = (rotas_error){0};
    assert_int_equal(rotas_plan_make(&bad, c, &p, &opt, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "decision 6 (receive_key V4 art)"));
    rotas_plan_free(p0);
    rotas_plan_free(p1);
    rotas_county_free(c);
}

static void test_secondments(void **state)
{
    (void)state;
    rotas_county *c = mixed_county();
    rotas_policy p;
    policy_fast(&p);
    p.time_limit_seconds = 5;
    int u1 = rotas_county_school(c, "U1"), u2 = rotas_county_school(c, "U2");
    int ml[3] = {pick(c, NULL, u1, 0, 0, -1, -1), pick(c, NULL, u2, 0, 0, -1, -1), -1};
    ml[2] = pick(c, NULL, u2, 0, 0, -1, ml[1]);
    for (int k = 0; k < 3; k++)
        c->teachers[ml[k]].middle_leader = 1;
    /* a middle leader outside the county town is no candidate */
    c->teachers[pick(c, NULL, rotas_county_school(c, "T1"), 0, 0, -1, -1)].middle_leader = 1;
    p.secondment_count = 2;
    rotas_plan *plan = plan_checked(c, &p);
    assert_int_equal(plan->n_secondments, 2);
    for (size_t k = 0; k < plan->n_secondments; k++) {
        const rotas_secondment *x = &plan->secondments[k];
        assert_true(c->teachers[x->teacher].middle_leader);
        assert_int_equal(c->schools[x->from].area, ROTAS_AREA_URBAN);
        assert_int_not_equal(c->schools[x->to].area, ROTAS_AREA_URBAN);
        assert_int_equal(x->until, plan->year);
    }
    assert_int_not_equal(plan->secondments[0].to, plan->secondments[1].to);
    rotas_plan_free(plan);
    p.secondment_count = 10; /* fewer candidates than asked: all of them */
    plan = plan_checked(c, &p);
    assert_int_equal(plan->n_secondments, 3);
    rotas_plan_free(plan);
    p.secondment_count = 0;
    plan = plan_checked(c, &p);
    assert_int_equal(plan->n_secondments, 0);
    rotas_plan_free(plan);
    rotas_county_free(c);
}

static int same_moves(const rotas_plan *a, const rotas_plan *b)
{
    if (a->n_moves != b->n_moves)
        return 0;
    for (size_t i = 0; i < a->n_moves; i++) {
        const rotas_move *m = move_of(b, a->moves[i].teacher);
        if (!m || m->to != a->moves[i].to)
            return 0;
    }
    return 1;
}

static void test_replan(void **state)
{
    (void)state;
    rotas_county *c = mixed_county();
    rotas_policy p;
    policy_fast(&p);
    p.time_limit_seconds = 5;
    rotas_plan *p0 = plan_checked(c, &p);
    assert_int_equal(p0->n_changed, -1);
    assert_true(p0->n_moves > 2);
    /* unchanged county and policy: the same moves, no change */
    rotas_plan_options opt = {0};
    opt.previous = p0;
    rotas_plan *p1 = plan_checked_opt(c, &p, &opt);
    assert_int_equal(p1->n_changed, 0);
    assert_true(same_moves(p0, p1));
    /* the MathProg model with the keep bonus agrees */
    if (system("glpsol --version > /dev/null 2>&1") == 0)
        cross_check_opt(c, &p, &opt);
    /* a stay decision on a moved teacher: that move goes, the rest is kept */
    int stayer = -1;
    for (size_t k = 0; k < p0->n_moves && stayer < 0; k++)
        if (c->teachers[p0->moves[k].teacher].role == ROTAS_ROLE_TEACHER)
            stayer = p0->moves[k].teacher;
    add_decision(c, ROTAS_DECISION_STAY, stayer, -1, -1, -1);
    rotas_plan *p2 = plan_checked_opt(c, &p, &opt);
    assert_null(move_of(p2, stayer));
    int kept = 0, added = 0;
    for (size_t k = 0; k < p0->n_moves; k++) {
        const rotas_move *m = move_of(p2, p0->moves[k].teacher);
        kept += m && m->to == p0->moves[k].to;
    }
    for (size_t k = 0; k < p2->n_moves; k++) {
        const rotas_move *m = move_of(p0, p2->moves[k].teacher);
        added += !(m && m->to == p2->moves[k].to);
    }
    assert_int_equal(kept, (int)p0->n_moves - 1); /* only the stayer's move had to go */
    assert_int_equal(p2->n_changed, 1 + added);
    assert_true(added <= 1);
    /* a plan made afresh under the same decision changes at least as much */
    rotas_plan *fresh = plan_checked(c, &p);
    int fresh_changed = 0;
    for (size_t k = 0; k < p0->n_moves; k++) {
        const rotas_move *m = move_of(fresh, p0->moves[k].teacher);
        fresh_changed += !(m && m->to == p0->moves[k].to);
    }
    for (size_t k = 0; k < fresh->n_moves; k++) {
        const rotas_move *m = move_of(p0, fresh->moves[k].teacher);
        fresh_changed += !(m && m->to == fresh->moves[k].to);
    }
    assert_true(p2->n_changed <= fresh_changed);
    rotas_plan_free(fresh);
    rotas_plan_free(p0);
    rotas_plan_free(p1);
    rotas_plan_free(p2);
    rotas_county_free(c);
}

static char *explain(const rotas_county *c, const rotas_policy *p, const rotas_plan *plan, int t)
{
    char *text = NULL;
    rotas_error err = {0};
    rotas_plan_options opt = {0};
    assert_int_equal(rotas_plan_explain(&text, c, p, &opt, plan, t, &err), ROTAS_OK);
    assert_non_null(text);
    return text;
}

static void test_explain(void **state)
{
    (void)state;
    rotas_county *c = mixed_county();
    rotas_policy p;
    policy_fast(&p);
    p.time_limit_seconds = 5;
    int u1 = rotas_county_school(c, "U1");
    int frozen = pick(c, NULL, u1, 1, 0, -1, -1);
    c->teachers[frozen].exempt = rotas_strdup("serious illness");
    rotas_plan *plan = plan_checked(c, &p);
    char *s = explain(c, &p, plan, frozen);
    assert_non_null(strstr(s, "frozen: exempt (serious illness)"));
    free(s);
    int must = rotas_county_teacher(c, "P0");
    s = explain(c, &p, plan, must);
    assert_non_null(strstr(s, "must move: principal 14 years in the post >= 10"));
    const rotas_move *mv = move_of(plan, must);
    assert_non_null(mv);
    char want[64];
    snprintf(want, sizeof want, "moves to %s", c->schools[mv->to].id);
    assert_non_null(strstr(s, want));
    free(s);
    const rotas_move *m0 = NULL;
    for (size_t k = 0; k < plan->n_moves && !m0; k++)
        if (c->teachers[plan->moves[k].teacher].role == ROTAS_ROLE_TEACHER)
            m0 = &plan->moves[k];
    assert_non_null(m0);
    s = explain(c, &p, plan, m0->teacher);
    snprintf(want, sizeof want, "moves to %s", c->schools[m0->to].id);
    assert_non_null(strstr(s, want));
    assert_non_null(strstr(s, "candidate destinations considered"));
    assert_non_null(strstr(s, " km (cost "));
    free(s);
    s = explain(c, &p, plan, pick(c, NULL, u1, 0, 0, -1, -1));
    assert_non_null(strstr(s, "not eligible"));
    free(s);
    char *none = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_plan_explain(&none, c, &p, NULL, plan, -5, &err), ROTAS_EINPUT);
    assert_null(none);
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* ---- education-group dispatch (集团派驻) ---- */

/* Group G: head H (county town) and members M1, M2 (rural), two classes each. H has n_ml
   middle leaders (chinese, long there), two key maths teachers and regular staff; the members
   have two chinese teachers and no maths teacher, so maths is their weakest subject (10
   periods against pe 6, music and art 4). X is a school outside the group. */
static rotas_county *group_county(int n_ml, int *ml, int *km)
{
    builder b = make_builder(2025);
    int h = add_school(&b, "H", ROTAS_AREA_URBAN, -1, 30.00, 110.00, 2, 30);
    int m1 = add_school(&b, "M1", ROTAS_AREA_RURAL, -1, 30.05, 110.02, 2, 30);
    int m2 = add_school(&b, "M2", ROTAS_AREA_RURAL, -1, 30.02, 110.06, 2, 30);
    int x = add_school(&b, "X", ROTAS_AREA_TOWN, -1, 30.10, 110.00, 2, 30);
    rotas_county *c = b.c;
    c->groups = calloc(1, sizeof *c->groups);
    c->groups[0].id = rotas_strdup("G");
    c->groups[0].head = h;
    c->n_groups = 1;
    c->schools[h].group = c->schools[m1].group = c->schools[m2].group = 0;
    char id[32];
    int schools[4] = {h, m1, m2, x};
    for (int k = 0; k < 4; k++) {
        snprintf(id, sizeof id, "P%d", k);
        add_teacher(&b, id, schools[k], SUB_CHINESE, ROTAS_ROLE_PRINCIPAL, 2022, 2022, 0);
        for (int q = 0; q < 2; q++) {
            snprintf(id, sizeof id, "CH%d_%d", k, q);
            add_teacher(&b, id, schools[k], SUB_CHINESE, ROTAS_ROLE_TEACHER, 2023, 0, 0);
        }
    }
    for (int q = 0; q < 2; q++) {
        snprintf(id, sizeof id, "MA%d", q);
        add_teacher(&b, id, h, SUB_MATH, ROTAS_ROLE_TEACHER, 2023, 0, 0);
        snprintf(id, sizeof id, "KM%d", q);
        km[q] = add_teacher(&b, id, h, SUB_MATH, ROTAS_ROLE_TEACHER, 2012, 0, ROTAS_KEY_COUNTY);
    }
    for (int q = 0; q < n_ml; q++) {
        snprintf(id, sizeof id, "ML%d", q);
        ml[q] = add_teacher(&b, id, h, SUB_CHINESE, ROTAS_ROLE_TEACHER, 2012, 0, 0);
        c->teachers[ml[q]].middle_leader = 1;
    }
    return finish(&b);
}

static void group_policy(rotas_policy *p)
{
    policy_fast(p);
    p->max_out_share = 0.5;
    p->group_managers_per_member = 1;
    p->group_key_team_per_member = 1;
}

/* Each member gets a middle leader and a key maths teacher from H; the checker agrees and
   catches the plan with one dispatch taken away or with its tag removed. */
static void test_group_dispatch_met(void **state)
{
    (void)state;
    int ml[2], km[2];
    rotas_county *c = group_county(2, ml, km);
    rotas_policy p;
    group_policy(&p);
    rotas_plan *plan = plan_checked(c, &p);
    assert_int_equal(plan->status, ROTAS_STATUS_OPTIMAL);
    assert_false(has_relaxed(plan, "group_dispatch"));
    int m1 = rotas_county_school(c, "M1"), m2 = rotas_county_school(c, "M2");
    int got_ml[4] = {0}, got_km[4] = {0};
    for (int q = 0; q < 2; q++) {
        const rotas_move *a = move_of(plan, ml[q]), *k = move_of(plan, km[q]);
        assert_non_null(a);
        assert_non_null(k);
        assert_true(a->to == m1 || a->to == m2);
        assert_true(k->to == m1 || k->to == m2);
        assert_true(a->reasons & ROTAS_REASON_GROUP_DISPATCH);
        assert_true(k->reasons & ROTAS_REASON_GROUP_DISPATCH);
        got_ml[a->to]++;
        got_km[k->to]++;
    }
    assert_int_equal(got_ml[m1], 1);
    assert_int_equal(got_ml[m2], 1);
    assert_int_equal(got_km[m1], 1);
    assert_int_equal(got_km[m2], 1);
    /* tampered: the first middle leader stays */
    rotas_diags d = {0};
    const rotas_move *a = move_of(plan, ml[0]);
    size_t at = (size_t)(a - plan->moves);
    rotas_move keep = plan->moves[at];
    plan->moves[at] = plan->moves[plan->n_moves - 1];
    plan->n_moves--;
    assert_true(rotas_check_plan(c, &p, plan, &d) >= 1);
    int found = 0;
    for (size_t i = 0; i < d.n_items; i++)
        found |= strstr(d.items[i], "rule group_dispatch") != NULL &&
                 strstr(d.items[i], "0 of 1 managers") != NULL;
    assert_true(found);
    rotas_diags_clear(&d);
    plan->n_moves++;
    plan->moves[plan->n_moves - 1] = plan->moves[at];
    plan->moves[at] = keep;
    /* tampered: the tag taken off a dispatch, or put on another move */
    plan->moves[at].reasons &= ~(unsigned)ROTAS_REASON_GROUP_DISPATCH;
    assert_int_equal(rotas_check_plan(c, &p, plan, &d), 1);
    assert_non_null(strstr(d.items[0], "without reason group_dispatch"));
    rotas_diags_clear(&d);
    plan->moves[at].reasons |= ROTAS_REASON_GROUP_DISPATCH;
    assert_int_equal(rotas_check_plan(c, &p, plan, &d), 0);
    /* with the rule off, the plan's tags are wrong */
    rotas_policy off = p;
    off.group_managers_per_member = off.group_key_team_per_member = 0;
    assert_true(rotas_check_plan(c, &off, plan, &d) >= 4);
    rotas_diags_clear(&d);
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* One middle leader for two members: the rule gives by one (relaxed[] group_dispatch), the
   checker accepts that and refuses the plan without it. */
static void test_group_dispatch_too_few_managers(void **state)
{
    (void)state;
    int ml[1], km[2];
    rotas_county *c = group_county(1, ml, km);
    rotas_policy p;
    group_policy(&p);
    rotas_plan *plan = plan_checked(c, &p);
    assert_int_equal(plan->status, ROTAS_STATUS_FEASIBLE);
    assert_true(has_relaxed(plan, "group_dispatch"));
    for (size_t k = 0; k < plan->n_relaxed; k++)
        if (!strcmp(plan->relaxed[k].rule, "group_dispatch")) {
            assert_true(plan->relaxed[k].amount >= 1.0);
            assert_non_null(strstr(plan->relaxed[k].detail, "education groups"));
        }
    assert_non_null(move_of(plan, ml[0]));
    assert_non_null(move_of(plan, km[0]));
    assert_non_null(move_of(plan, km[1]));
    rotas_diags d = {0};
    size_t nr = plan->n_relaxed;
    plan->n_relaxed = 0;
    assert_true(rotas_check_plan(c, &p, plan, &d) >= 1);
    rotas_diags_clear(&d);
    plan->n_relaxed = nr;
    rotas_plan_free(plan);
    rotas_county_free(c);
}

/* models/rotation.mod with the dispatch rows gives the planner's optimum. */
static void test_group_dispatch_mathprog(void **state)
{
    (void)state;
    if (system("glpsol --version > /dev/null 2>&1") != 0)
        skip();
    int ml[2], km[2];
    rotas_county *c = group_county(2, ml, km);
    rotas_policy p;
    group_policy(&p);
    cross_check(c, &p);
    p.group_managers_per_member = 0; /* the key team alone */
    cross_check(c, &p);
    rotas_county_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indicators_cv),
        cmocka_unit_test(test_shortage_moves_english_to_rural_cluster),
        cmocka_unit_test(test_eligibility),
        cmocka_unit_test(test_frozen_never_moved),
        cmocka_unit_test(test_must_leaders_move_into_same_role),
        cmocka_unit_test(test_leader_without_post_relaxed),
        cmocka_unit_test(test_too_few_key_teachers_relaxed),
        cmocka_unit_test(test_school_over_quota),
        cmocka_unit_test(test_max_out_share),
        cmocka_unit_test(test_max_km),
        cmocka_unit_test(test_no_year),
        cmocka_unit_test(test_mathprog_cross_check),
        cmocka_unit_test(test_time_limit_honoured),
        cmocka_unit_test(test_export_and_progress),
        cmocka_unit_test(test_decisions_each_kind),
        cmocka_unit_test(test_secondments),
        cmocka_unit_test(test_replan),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_group_dispatch_met),
        cmocka_unit_test(test_group_dispatch_too_few_managers),
        cmocka_unit_test(test_group_dispatch_mathprog),
    };
    return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
