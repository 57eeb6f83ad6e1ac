/*
 * check_fixture.h - a small hand-built county, a clean plan and a clean timetable for it,
 * shared by test_check.c and test_json_results.c.
 *
 * Subjects: chinese (0), english (1, shortage), music (2, shortage).
 * Cluster C1: S1 (central primary, default bell) and S2 (complete primary, own bell starting
 * 08:30); S3 is a county-town primary outside any cluster. Each school has one grade-3 class
 * (S1/1A, S2/1A, S3/3A); grade 3 has chinese 2, english 2, music 1 periods a week.
 * Travel: S1-S2 5 km 15 min, S1-S3 20 km 30 min, S2-S3 25 km 40 min.
 * Teachers (plan year 2026):
 *   T1 S1 chinese, since 2015, county key       (eligible by tenure)
 *   T2 S1 english+music, since 2024              (itinerant in the timetable)
 *   T3 S2 chinese, since 2023
 *   T4 S3 principal, chinese, post since 2010, county key (must move)
 *   T5 S2 music, since 2010, exempt "孕期哺乳"
 *   T6 S3 chinese, since 2012, on exchange until 2026
 *   T7 S1 principal, chinese, post since 2014   (must move)
 *   T8 S2 principal, music, post since 2022
 *   T9 S3 music, since 2021
 * Clean plan: T4 S3 -> S1 and T7 S1 -> S3 (posts kept), until 2028; priorities by the default
 * weights (T4: 16 years + 5 key = 21, T7: 12); no secondments, no preferences, no envy.
 * Unfilled after the clean plan (every teacher 16 periods, the policy default): S3 english 2
 * (S3 has no cluster and no english teacher); everything else is covered. fx_plan leaves
 * unfilled[] empty; fx_unfilled sets it (test_check.c does so for the clean plan).
 */
#ifndef CHECK_FIXTURE_H
#define CHECK_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "rotas/county.h"
#include "rotas/plan.h"
#include "rotas/policy.h"
#include "rotas/timetable.h"

enum { FX_CHINESE, FX_ENGLISH, FX_MUSIC };
enum { FX_S1, FX_S2, FX_S3 };
enum { FX_K1, FX_K2, FX_K3 };
enum { FX_T1, FX_T2, FX_T3, FX_T4, FX_T5, FX_T6, FX_T7, FX_T8, FX_T9 };

static inline int *fx_ints(int n, const int *v)
{
    int *p = malloc((size_t)n * sizeof *p);
    if (p)
        memcpy(p, v, (size_t)n * sizeof *p);
    return p;
}

static inline rotas_county *fx_county(void)
{
    rotas_county *c = rotas_county_new();
    if (!c)
        return NULL;
    c->name = rotas_strdup("Fixture county");
    c->year = 2025;

    static const char *const subj[] = {"chinese", "english", "music"};
    static const char *const subjn[] = {"语文", "英语", "音乐"};
    c->n_subjects = 3;
    c->subjects = calloc(3, sizeof *c->subjects);
    for (int i = 0; i < 3; i++) {
        c->subjects[i].id = rotas_strdup(subj[i]);
        c->subjects[i].name = rotas_strdup(subjn[i]);
        c->subjects[i].shortage = i != FX_CHINESE;
    }

    c->n_clusters = 1;
    c->clusters = calloc(1, sizeof *c->clusters);
    c->clusters[0].id = rotas_strdup("C1");
    c->clusters[0].central = FX_S1;
    c->clusters[0].declared = 1;

    static const char *const sch[] = {"S1", "S2", "S3"};
    static const rotas_school_kind kinds[] = {
        ROTAS_KIND_CENTRAL_PRIMARY, ROTAS_KIND_COMPLETE_PRIMARY, ROTAS_KIND_URBAN_PRIMARY};
    c->n_schools = 3;
    c->schools = calloc(3, sizeof *c->schools);
    for (int i = 0; i < 3; i++) {
        rotas_school *s = &c->schools[i];
        s->id = rotas_strdup(sch[i]);
        s->name = rotas_strdup(sch[i]);
        s->kind = kinds[i];
        s->area = i == FX_S3 ? ROTAS_AREA_URBAN : ROTAS_AREA_RURAL;
        s->cluster = i == FX_S3 ? -1 : 0;
        s->group = -1;
        s->lat = 30.0 + 0.01 * i;
        s->lon = 110.0;
        s->students = 40;
        s->staff_quota = 10;
    }
    /* S2 rings later: 08:30-09:10, 09:20-10:00, 10:30-11:10, 11:20-12:00, 15:00-15:40,
       15:55-16:35, 16:45-17:25. */
    static const rotas_bell_period bell2[] = {{510, 550}, {560, 600}, {630, 670},  {680, 720},
                                              {900, 940}, {955, 995}, {1005, 1045}};
    c->schools[FX_S2].n_bell = 7;
    c->schools[FX_S2].bell = malloc(sizeof bell2);
    memcpy(c->schools[FX_S2].bell, bell2, sizeof bell2);

    static const char *const cls[] = {"1A", "1A", "3A"};
    c->n_classes = 3;
    c->classes = calloc(3, sizeof *c->classes);
    for (int i = 0; i < 3; i++) {
        c->classes[i].id = rotas_strdup(cls[i]);
        c->classes[i].school = i;
        c->classes[i].grades[0] = 3;
        c->classes[i].n_grades = 1;
        c->classes[i].students = 40;
    }

    c->n_travel = 3;
    c->travel = calloc(3, sizeof *c->travel);
    c->travel[0] = (rotas_travel){FX_S1, FX_S2, 5.0, 15.0, NULL};
    c->travel[1] = (rotas_travel){FX_S1, FX_S3, 20.0, 30.0, NULL};
    c->travel[2] = (rotas_travel){FX_S2, FX_S3, 25.0, 40.0, NULL};

    c->n_curriculum = 3;
    c->curriculum = calloc(3, sizeof *c->curriculum);
    c->curriculum[0] = (rotas_curriculum_row){3, FX_CHINESE, 2, NULL};
    c->curriculum[1] = (rotas_curriculum_row){3, FX_ENGLISH, 2, NULL};
    c->curriculum[2] = (rotas_curriculum_row){3, FX_MUSIC, 1, NULL};

    static const struct {
        const char *id;
        int school, role, since, post, key, n_sub, sub[2];
        const char *exempt;
        int exch;
    } tv[] = {
        {"T1", FX_S1, ROTAS_ROLE_TEACHER, 2015, 2015, ROTAS_KEY_COUNTY, 1, {FX_CHINESE}, NULL, 0},
        {"T2", FX_S1, ROTAS_ROLE_TEACHER, 2024, 2024, 0, 2, {FX_ENGLISH, FX_MUSIC}, NULL, 0},
        {"T3", FX_S2, ROTAS_ROLE_TEACHER, 2023, 2023, 0, 1, {FX_CHINESE}, NULL, 0},
        {"T4", FX_S3, ROTAS_ROLE_PRINCIPAL, 2010, 2010, ROTAS_KEY_COUNTY, 1, {FX_CHINESE}, NULL, 0},
        {"T5", FX_S2, ROTAS_ROLE_TEACHER, 2010, 2010, 0, 1, {FX_MUSIC}, "孕期哺乳", 0},
        {"T6", FX_S3, ROTAS_ROLE_TEACHER, 2012, 2012, 0, 1, {FX_CHINESE}, NULL, 2026},
        {"T7", FX_S1, ROTAS_ROLE_PRINCIPAL, 2014, 2014, 0, 1, {FX_CHINESE}, NULL, 0},
        {"T8", FX_S2, ROTAS_ROLE_PRINCIPAL, 2022, 2022, 0, 1, {FX_MUSIC}, NULL, 0},
        {"T9", FX_S3, ROTAS_ROLE_TEACHER, 2021, 2021, 0, 1, {FX_MUSIC}, NULL, 0},
    };
    c->n_teachers = sizeof tv / sizeof tv[0];
    c->teachers = calloc(c->n_teachers, sizeof *c->teachers);
    for (size_t i = 0; i < c->n_teachers; i++) {
        rotas_teacher *t = &c->teachers[i];
        t->id = rotas_strdup(tv[i].id);
        t->name = rotas_strdup(tv[i].id);
        t->gender = i % 2 ? 'F' : 'M';
        t->birth_year = 1980;
        t->school = tv[i].school;
        t->subjects = fx_ints(tv[i].n_sub, tv[i].sub);
        t->n_subjects = (size_t)tv[i].n_sub;
        t->role = (rotas_role)tv[i].role;
        t->school_since = tv[i].since;
        t->post_since = tv[i].post;
        t->key = tv[i].key;
        t->exempt = rotas_strdup(tv[i].exempt);
        t->exchange_until = tv[i].exch;
    }
    if (rotas_county_finalize(c, NULL) != ROTAS_OK) {
        rotas_county_free(c);
        return NULL;
    }
    return c;
}

static inline rotas_plan *fx_plan(const rotas_county *c)
{
    rotas_plan *p = calloc(1, sizeof *p);
    p->year = 2026;
    p->status = ROTAS_STATUS_OPTIMAL;
    rotas_policy_default(&p->policy);
    p->n_moves = 2;
    p->moves = calloc(4, sizeof *p->moves); /* room for tests to add two more */
    p->moves[0] = (rotas_move){FX_T4,
                               FX_S3,
                               FX_S1,
                               ROTAS_REASON_LEADER_TENURE | ROTAS_REASON_TENURE,
                               -1,
                               0,
                               rotas_county_km(c, FX_S3, FX_S1),
                               2028,
                               21.0};
    p->moves[1] = (rotas_move){
        FX_T7, FX_S1, FX_S3, ROTAS_REASON_LEADER_TENURE, -1, 0, rotas_county_km(c, FX_S1, FX_S3),
        2028,  12.0};
    p->n_changed = -1;
    p->relaxed = calloc(2, sizeof *p->relaxed);
    p->n_eligible = 3;
    p->n_must = 2;
    p->n_frozen = 2;
    p->n_key_moved = 1;
    p->km_total = 40;
    return p;
}

/* Replace plan->unfilled with the n entries {school, subject, periods} and set unfilled_after
   to their sum. */
static inline void fx_unfilled(rotas_plan *p, size_t n, const rotas_unfilled *u)
{
    free(p->unfilled);
    p->unfilled = n ? malloc(n * sizeof *p->unfilled) : NULL;
    if (n)
        memcpy(p->unfilled, u, n * sizeof *u);
    p->n_unfilled = n;
    p->unfilled_after = 0;
    for (size_t i = 0; i < n; i++)
        p->unfilled_after += u[i].periods;
}

/* The priority of teacher t in plan year 2026 under the default weights. */
static inline double fx_priority(const rotas_county *c, int t)
{
    const rotas_teacher *x = &c->teachers[t];
    return (2026 - x->school_since) + 5.0 * (x->key >= ROTAS_KEY_COUNTY) + 2.0 * x->hardship_years;
}

static inline void fx_move(rotas_plan *p, const rotas_county *c, int t, int to)
{
    int from = c->teachers[t].school;
    p->moves[p->n_moves++] = (rotas_move){t,
                                          from,
                                          to,
                                          ROTAS_REASON_TENURE,
                                          -1,
                                          0,
                                          rotas_county_km(c, from, to),
                                          2028,
                                          fx_priority(c, t)};
}

static inline void fx_relax(rotas_plan *p, const char *rule)
{
    rotas_relaxed *r = &p->relaxed[p->n_relaxed++];
    snprintf(r->rule, sizeof r->rule, "%s", rule);
    r->amount = 1;
    snprintf(r->detail, sizeof r->detail, "test");
}

/* Clean timetable of cluster C1 (see the header comment). */
static inline rotas_timetable *fx_timetable(void)
{
    rotas_timetable *t = calloc(1, sizeof *t);
    rotas_policy_default(&t->policy);
    t->cluster = 0;
    t->status = ROTAS_STATUS_OPTIMAL;
    t->days = 5;
    t->periods = 7;
    static const rotas_lesson ls[] = {
        /* school, class, subject, teacher, day, period, room */
        {FX_S1, FX_K1, FX_CHINESE, FX_T1, 0, 0, 0}, {FX_S1, FX_K1, FX_CHINESE, FX_T1, 1, 0, 0},
        {FX_S1, FX_K1, FX_ENGLISH, FX_T2, 0, 1, 0}, {FX_S1, FX_K1, FX_ENGLISH, FX_T2, 1, 1, 0},
        {FX_S1, FX_K1, FX_MUSIC, FX_T2, 2, 0, 0},   {FX_S2, FX_K2, FX_CHINESE, FX_T3, 0, 0, 0},
        {FX_S2, FX_K2, FX_CHINESE, FX_T3, 1, 0, 0}, {FX_S2, FX_K2, FX_ENGLISH, FX_T2, 0, 4, 0},
        {FX_S2, FX_K2, FX_ENGLISH, FX_T2, 1, 4, 0}, {FX_S2, FX_K2, FX_MUSIC, FX_T2, 2, 2, 0},
    };
    t->n_lessons = sizeof ls / sizeof ls[0];
    t->lessons = calloc(t->n_lessons + 4, sizeof *t->lessons); /* room for tests */
    memcpy(t->lessons, ls, sizeof ls);
    t->n_routes = 3;
    t->routes = calloc(4, sizeof *t->routes);
    for (int d = 0; d < 3; d++) {
        rotas_route *r = &t->routes[d];
        r->teacher = FX_T2;
        r->day = d;
        r->n_schools = 2;
        r->schools = calloc(2, sizeof *r->schools);
        r->schools[0] = FX_S1;
        r->schools[1] = FX_S2;
        r->km = 5.0;
        r->minutes = 15.0;
    }
    t->unscheduled = calloc(4, sizeof *t->unscheduled);
    t->school_changes = 3;
    t->km = 15.0;
    t->objective = 120;
    t->bound = 120;
    t->kept_lessons = t->moved_lessons = -1;
    return t;
}

#endif
