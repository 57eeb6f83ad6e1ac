/* test_timetable.c - the cluster timetable: max-flow, each rule on a cluster built to break it,
   the placement MIP against its MathProg reference. Every result is verified by an
   independent rule check written here from the specification. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotas/check.h"
#include "rotas/timetable.h"
#include "timetable/tt_int.h"

/* ------------------------------------------------------------------ building counties */

static char *dup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    assert_non_null(d);
    strcpy(d, s);
    return d;
}

#define GROW(arr, n)                                                                               \
    do {                                                                                           \
        arr = realloc(arr, ((n) + 1) * sizeof *(arr));                                             \
        assert_non_null(arr);                                                                      \
        memset(&(arr)[n], 0, sizeof *(arr));                                                       \
    } while (0)

static int add_subject(rotas_county *c, const char *id, int shortage)
{
    GROW(c->subjects, c->n_subjects);
    c->subjects[c->n_subjects].id = dup(id);
    c->subjects[c->n_subjects].name = dup(id);
    c->subjects[c->n_subjects].shortage = shortage;
    return (int)c->n_subjects++;
}

static int add_cluster(rotas_county *c, const char *id)
{
    GROW(c->clusters, c->n_clusters);
    c->clusters[c->n_clusters].id = dup(id);
    c->clusters[c->n_clusters].central = -1;
    c->clusters[c->n_clusters].declared = 1;
    return (int)c->n_clusters++;
}

static int add_school(rotas_county *c, const char *id, int cluster, double lat, double lon)
{
    GROW(c->schools, c->n_schools);
    rotas_school *s = &c->schools[c->n_schools];
    s->id = dup(id);
    s->name = dup(id);
    s->kind = ROTAS_KIND_COMPLETE_PRIMARY;
    s->cluster = cluster;
    s->group = -1;
    s->lat = lat;
    s->lon = lon;
    return (int)c->n_schools++;
}

/* A room of a school (rooms are shared: a music room, a computer room, a playground). */
static void add_room(rotas_county *c, int school, const char *id, const char *kind, int capacity)
{
    rotas_school *s = &c->schools[school];
    GROW(s->rooms, s->n_rooms);
    s->rooms[s->n_rooms].id = dup(id);
    s->rooms[s->n_rooms].kind = dup(kind);
    s->rooms[s->n_rooms].capacity = capacity;
    s->n_rooms++;
}

/* A bell of n periods of len minutes starting at first, gap minutes apart, with a lunch break
   of lunch minutes after period `before_lunch` (0-based count). */
static void set_bell(rotas_county *c, int school, int n, int first, int len, int gap,
                     int before_lunch, int lunch)
{
    rotas_school *s = &c->schools[school];
    s->bell = calloc((size_t)n, sizeof *s->bell);
    assert_non_null(s->bell);
    s->n_bell = (size_t)n;
    int t = first;
    for (int i = 0; i < n; i++) {
        if (i == before_lunch && i > 0)
            t += lunch - gap;
        s->bell[i].start = t;
        s->bell[i].end = t + len;
        t += len + gap;
    }
}

static int add_class(rotas_county *c, int school, const char *id, int grade)
{
    GROW(c->classes, c->n_classes);
    rotas_class *k = &c->classes[c->n_classes];
    k->id = dup(id);
    k->school = school;
    k->grades[0] = grade;
    k->n_grades = 1;
    k->students = 20;
    return (int)c->n_classes++;
}

static int add_teacher(rotas_county *c, const char *id, int school, int max_periods, int n,
                       const int *subjects)
{
    GROW(c->teachers, c->n_teachers);
    rotas_teacher *t = &c->teachers[c->n_teachers];
    t->id = dup(id);
    t->name = dup(id);
    t->gender = 'F';
    t->birth_year = 1985;
    t->school = school;
    t->subjects = malloc((size_t)n * sizeof(int));
    assert_non_null(t->subjects);
    memcpy(t->subjects, subjects, (size_t)n * sizeof(int));
    t->n_subjects = (size_t)n;
    t->max_periods = max_periods;
    return (int)c->n_teachers++;
}

static void add_curriculum(rotas_county *c, int grade, int subject, int periods)
{
    GROW(c->curriculum, c->n_curriculum);
    c->curriculum[c->n_curriculum].grade = grade;
    c->curriculum[c->n_curriculum].subject = subject;
    c->curriculum[c->n_curriculum].periods = periods;
    c->n_curriculum++;
}

static void add_travel(rotas_county *c, int a, int b, double km, double minutes)
{
    GROW(c->travel, c->n_travel);
    c->travel[c->n_travel] = (rotas_travel){a, b, km, minutes, NULL};
    c->n_travel++;
}

static void finalize(rotas_county *c)
{
    rotas_error err = {0};
    assert_int_equal(rotas_county_finalize(c, &err), ROTAS_OK);
}

#define tt_free rotas_timetable_free

/* ------------------------------------------------------------------ independent rule check */

static int has_subject(const rotas_teacher *t, int s)
{
    for (size_t i = 0; i < t->n_subjects; i++)
        if (t->subjects[i] == s)
            return 1;
    return 0;
}

static int cmp_start(const void *a, const void *b)
{
    const int *x = a, *y = b;
    return x[0] - y[0];
}

/* Returns the number of violations of rules 1-7 and of the route fields; prints them. */
static int verify(const rotas_county *c, const rotas_policy *p, const rotas_timetable *tt)
{
    int bad = 0;
    size_t n = tt->n_lessons;
    /* 1: curriculum accounted for */
    for (size_t k = 0; k < c->n_classes; k++) {
        if (c->schools[c->classes[k].school].cluster != tt->cluster)
            continue;
        for (size_t s = 0; s < c->n_subjects; s++) {
            int need = rotas_class_periods(c, &c->classes[k], (int)s), got = 0;
            for (size_t i = 0; i < n; i++)
                got += tt->lessons[i].klass == (int)k && tt->lessons[i].subject == (int)s;
            for (size_t i = 0; i < tt->n_unscheduled; i++)
                if (tt->unscheduled[i].klass == (int)k && tt->unscheduled[i].subject == (int)s)
                    got += tt->unscheduled[i].periods;
            if (got != need) {
                printf("rule 1: class %s subject %s: %d of %d\n", c->classes[k].id,
                       c->subjects[s].id, got, need);
                bad++;
            }
        }
    }
    int *load = calloc(c->n_teachers + 1, sizeof *load);
    assert_non_null(load);
    for (size_t i = 0; i < n; i++) {
        const rotas_lesson *a = &tt->lessons[i];
        const rotas_teacher *te = &c->teachers[a->teacher];
        size_t nb;
        const rotas_bell_period *bell = rotas_school_bell(&c->schools[a->school], &nb);
        if (a->day < 0 || a->day >= 5 || a->period < 0 || (size_t)a->period >= nb ||
            c->classes[a->klass].school != a->school) {
            printf("lesson %zu out of range\n", i);
            bad++;
            continue;
        }
        load[a->teacher]++;
        /* 3 */
        if (!has_subject(te, a->subject)) {
            printf("rule 3: %s does not teach %s\n", te->id, c->subjects[a->subject].id);
            bad++;
        }
        /* 4 */
        if (!c->subjects[a->subject].shortage && te->school != a->school) {
            printf("rule 4: %s teaches %s at another school\n", te->id, c->subjects[a->subject].id);
            bad++;
        }
        if (c->schools[te->school].cluster != tt->cluster) {
            printf("rule 4: %s from outside the cluster\n", te->id);
            bad++;
        }
        for (size_t j = i + 1; j < n; j++) {
            const rotas_lesson *b = &tt->lessons[j];
            if (b->day != a->day)
                continue;
            /* 2: class */
            if (a->klass == b->klass && a->period == b->period) {
                printf("rule 2: class clash\n");
                bad++;
            }
            /* 2: teacher overlap in clock time */
            if (a->teacher == b->teacher) {
                size_t nb2;
                const rotas_bell_period *bell2 = rotas_school_bell(&c->schools[b->school], &nb2);
                if (bell[a->period].start < bell2[b->period].end &&
                    bell2[b->period].start < bell[a->period].end) {
                    printf("rule 2: teacher %s overlap day %d\n", te->id, a->day);
                    bad++;
                }
            }
            /* 7 */
            if (a->klass == b->klass && a->subject == b->subject &&
                rotas_class_periods(c, &c->classes[a->klass], a->subject) <= 5) {
                printf("rule 7: %s %s twice on day %d\n", c->classes[a->klass].id,
                       c->subjects[a->subject].id, a->day);
                bad++;
            }
        }
    }
    for (size_t t = 0; t < c->n_teachers; t++) {
        int mx =
            c->teachers[t].max_periods > 0 ? c->teachers[t].max_periods : p->default_max_periods;
        if (load[t] > mx) {
            printf("rule 3: %s teaches %d > %d\n", c->teachers[t].id, load[t], mx);
            bad++;
        }
    }
    /* 5, 6 and routes */
    int changes = 0;
    double km = 0;
    size_t routes_seen = 0;
    int(*day_ls)[3] = malloc((n + 1) * sizeof *day_ls);
    assert_non_null(day_ls);
    for (size_t t = 0; t < c->n_teachers; t++)
        for (int d = 0; d < 5; d++) {
            int m = 0;
            for (size_t i = 0; i < n; i++) {
                const rotas_lesson *a = &tt->lessons[i];
                if (a->teacher != (int)t || a->day != d)
                    continue;
                size_t nb;
                const rotas_bell_period *bell = rotas_school_bell(&c->schools[a->school], &nb);
                day_ls[m][0] = bell[a->period].start;
                day_ls[m][1] = bell[a->period].end;
                day_ls[m][2] = a->school;
                m++;
            }
            qsort(day_ls, (size_t)m, sizeof *day_ls, cmp_start);
            int distinct[64], nd = 0, visits = 0;
            double rkm = 0;
            for (int i = 0; i < m; i++) {
                int seen = 0;
                for (int j = 0; j < nd; j++)
                    seen |= distinct[j] == day_ls[i][2];
                if (!seen)
                    distinct[nd++] = day_ls[i][2];
                if (i == 0 || day_ls[i][2] != day_ls[i - 1][2])
                    visits++;
                if (i > 0 && day_ls[i][2] != day_ls[i - 1][2]) {
                    double need = rotas_county_minutes(c, day_ls[i - 1][2], day_ls[i][2]);
                    if (day_ls[i][0] - day_ls[i - 1][1] < need) {
                        printf("rule 5: %s day %d: %d min for a %.0f min road\n", c->teachers[t].id,
                               d, day_ls[i][0] - day_ls[i - 1][1], need);
                        bad++;
                    }
                    rkm += rotas_county_km(c, day_ls[i - 1][2], day_ls[i][2]);
                }
            }
            if (nd > p->max_schools_per_day) {
                printf("rule 6: %s day %d at %d schools\n", c->teachers[t].id, d, nd);
                bad++;
            }
            if (visits > 1) {
                changes += visits - 1;
                km += rkm;
                int found = 0;
                for (size_t r = 0; r < tt->n_routes; r++)
                    if (tt->routes[r].teacher == (int)t && tt->routes[r].day == d) {
                        found = 1;
                        if ((int)tt->routes[r].n_schools != visits ||
                            fabs(tt->routes[r].km - rkm) > 1e-6) {
                            printf("route of %s day %d inconsistent\n", c->teachers[t].id, d);
                            bad++;
                        }
                    }
                routes_seen += (size_t)found;
                if (!found) {
                    printf("route of %s day %d missing\n", c->teachers[t].id, d);
                    bad++;
                }
            }
        }
    if (routes_seen != tt->n_routes || changes != tt->school_changes || fabs(km - tt->km) > 1e-6) {
        printf("routes: %zu of %zu, changes %d vs %d, km %.3f vs %.3f\n", routes_seen, tt->n_routes,
               changes, tt->school_changes, km, tt->km);
        bad++;
    }
    free(day_ls);
    free(load);
    return bad;
}

static size_t n_unscheduled(const rotas_timetable *tt)
{
    size_t n = 0;
    for (size_t i = 0; i < tt->n_unscheduled; i++)
        n += (size_t)tt->unscheduled[i].periods;
    return n;
}

static void show(void *ctx, const char *phase, double elapsed, double best, double bound)
{
    (void)ctx;
    printf("  %-12s %7.3f s  best %10.2f  bound %10.2f\n", phase, elapsed, best, bound);
}

static rotas_timetable *run(const rotas_county *c, int cluster, const rotas_policy *p)
{
    rotas_timetable *tt = NULL;
    rotas_error err = {0};
    rotas_timetable_options opt = {.seed = 7, .progress = getenv("TT_DEBUG") ? show : NULL};
    rotas_rc rc = rotas_timetable_make(&tt, c, cluster, p, &opt, &err);
    if (rc != ROTAS_OK)
        printf("timetable: %s\n", err.msg);
    assert_int_equal(rc, ROTAS_OK);
    assert_non_null(tt);
    assert_int_equal(verify(c, p, tt), 0);
    rotas_diags d = {0};
    size_t v = rotas_check_timetable(c, p, tt, &d);
    for (size_t i = 0; i < d.n_items; i++)
        printf("check: %s\n", d.items[i]);
    rotas_diags_clear(&d);
    assert_int_equal(v, 0);
    return tt;
}

static void policy(rotas_policy *p)
{
    rotas_policy_default(p);
    p->time_limit_seconds = 3;
}

/* ------------------------------------------------------------------ max-flow */

static void test_flow_basic(void **state)
{
    (void)state;
    /* s=0, a=1, b=2, t=3: s->a 3, s->b 2, a->b 1, a->t 2, b->t 3: max 5 */
    rotas_flow *f = rotas__flow_new(4);
    assert_non_null(f);
    int e[5];
    e[0] = rotas__flow_arc(f, 0, 1, 3, 0);
    e[1] = rotas__flow_arc(f, 0, 2, 2, 0);
    e[2] = rotas__flow_arc(f, 1, 2, 1, 0);
    e[3] = rotas__flow_arc(f, 1, 3, 2, 0);
    e[4] = rotas__flow_arc(f, 2, 3, 3, 0);
    for (int i = 0; i < 5; i++)
        assert_true(e[i] >= 0);
    assert_int_equal(rotas__flow_arc(f, 0, 9, 1, 0), -1);
    assert_int_equal(rotas__flow_arc(f, 0, 1, 1, 2), -1);
    assert_int_equal(rotas__flow_max(f, 0, 3), 5);
    assert_int_equal(rotas__flow_of(f, e[0]) + rotas__flow_of(f, e[1]), 5);
    assert_int_equal(rotas__flow_of(f, e[3]) + rotas__flow_of(f, e[4]), 5);
    /* conservation at a and b */
    assert_int_equal(rotas__flow_of(f, e[0]), rotas__flow_of(f, e[2]) + rotas__flow_of(f, e[3]));
    rotas__flow_free(f);
}

static void test_flow_reroutes_initial(void **state)
{
    (void)state;
    /* bipartite: demands d0 (2), d1 (2); teachers t0 (cap 2), t1 (cap 2); d0 may use t0, t1;
       d1 only t0. A greedy start gives d0 all of t0: the max-flow must reroute it to t1. */
    rotas_flow *f = rotas__flow_new(6);
    int s = 4, t = 5;
    int sd0 = rotas__flow_arc(f, s, 0, 2, 2);
    int sd1 = rotas__flow_arc(f, s, 1, 2, 0);
    int d0t0 = rotas__flow_arc(f, 0, 2, 2, 2);
    int d0t1 = rotas__flow_arc(f, 0, 3, 2, 0);
    int d1t0 = rotas__flow_arc(f, 1, 2, 2, 0);
    rotas__flow_arc(f, 2, t, 2, 2);
    rotas__flow_arc(f, 3, t, 2, 0);
    assert_int_equal(rotas__flow_max(f, s, t), 4);
    assert_int_equal(rotas__flow_of(f, sd0), 2);
    assert_int_equal(rotas__flow_of(f, sd1), 2);
    assert_int_equal(rotas__flow_of(f, d1t0), 2);
    assert_int_equal(rotas__flow_of(f, d0t1), 2);
    assert_int_equal(rotas__flow_of(f, d0t0), 0);
    /* the flow on an unknown arc is 0; a flow of nothing is 0 */
    assert_int_equal(rotas__flow_of(f, 99), 0);
    assert_int_equal(rotas__flow_max(f, s, s), 0);
    rotas__flow_free(f);
    assert_null(rotas__flow_new(0));
}

/* ------------------------------------------------------------------ clusters */

typedef struct fixture {
    rotas_county *c;
    int chinese, math, music, pe, english;
    int cl;
} fixture;

/* Two schools A (central) and B, 5 km / 15 min apart; grade 3 curriculum: chinese 6, math 5,
   music 2, pe 3. A has 2 classes, B 1. */
static void base(fixture *f)
{
    f->c = rotas_county_new();
    assert_non_null(f->c);
    rotas_county *c = f->c;
    f->chinese = add_subject(c, "chinese", 0);
    f->math = add_subject(c, "math", 0);
    f->music = add_subject(c, "music", 1);
    f->pe = add_subject(c, "pe", 1);
    f->english = add_subject(c, "english", 1);
    f->cl = add_cluster(c, "C1");
    add_cluster(c, "C2");
    int a = add_school(c, "A", f->cl, 25.0, 100.0);
    int b = add_school(c, "B", f->cl, 25.03, 100.0);
    add_school(c, "Z", 1, 26.0, 101.0);
    add_class(c, a, "1", 3);
    add_class(c, a, "2", 3);
    add_class(c, b, "1", 3);
    add_curriculum(c, 3, f->chinese, 6);
    add_curriculum(c, 3, f->math, 5);
    add_curriculum(c, 3, f->music, 2);
    add_curriculum(c, 3, f->pe, 3);
    add_travel(c, a, b, 5.0, 15.0);
}

static void test_plain_cluster(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    int ch[] = {f.chinese}, ma[] = {f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 1, ch);
    add_teacher(c, "TA2", 0, 0, 1, ma);
    add_teacher(c, "TB1", 1, 0, 1, ch);
    add_teacher(c, "TB2", 1, 0, 1, ma);
    add_teacher(c, "TM", 0, 0, 2, mu); /* music and pe for all three classes: 15 periods */
    add_teacher(c, "TZ", 2, 0, 1, mu); /* another cluster: must not be used */
    finalize(c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *tt = run(c, f.cl, &p);
    assert_int_equal(tt->capacity_bound, 0);
    assert_int_equal(n_unscheduled(tt), 0);
    assert_int_equal(tt->n_lessons, 3 * 16);
    assert_int_equal(tt->days, 5);
    assert_int_equal(tt->periods, 7);
    assert_int_equal(tt->cluster, f.cl);
    /* TM serves B: it travels on the days it is at both schools; fewest is one change on at
       most a few days, and the optimum keeps main subjects in the morning */
    assert_true(tt->objective >= tt->bound - 1e-9);
    assert_true(tt->gap >= 0.0 && tt->gap <= 1.0);
    for (size_t i = 0; i < tt->n_lessons; i++)
        assert_true(tt->lessons[i].teacher != 5);
    /* same seed, same timetable */
    rotas_timetable *t2 = run(c, f.cl, &p);
    assert_int_equal(t2->n_lessons, tt->n_lessons);
    assert_memory_equal(t2->lessons, tt->lessons, tt->n_lessons * sizeof *tt->lessons);
    tt_free(t2);
    tt_free(tt);
    rotas_county_free(c);
}

static void test_capacity_bound(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TA2", 0, 0, 2, ch);
    add_teacher(c, "TB1", 1, 0, 2, ch);
    add_teacher(c, "TM", 0, 9, 2, mu); /* 15 periods of music and pe wanted, 9 available */
    finalize(c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *tt = run(c, f.cl, &p);
    assert_int_equal(tt->capacity_bound, 6);
    assert_int_equal(n_unscheduled(tt), 6); /* time does not bind */
    assert_true(tt->bound >= 6 * p.w_tt_unscheduled - 1e-9);
    assert_true(tt->objective >= tt->bound - 1e-9);
    tt_free(tt);
    rotas_county_free(c);
}

static void test_nobody_qualified(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    add_curriculum(c, 3, f.english, 3); /* nobody teaches english */
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TA2", 0, 0, 2, ch);
    add_teacher(c, "TB1", 1, 0, 2, ch);
    add_teacher(c, "TM", 1, 0, 2, mu);
    finalize(c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *tt = run(c, f.cl, &p);
    assert_int_equal(tt->capacity_bound, 9);
    assert_int_equal(n_unscheduled(tt), 9);
    for (size_t i = 0; i < tt->n_unscheduled; i++)
        assert_int_equal(tt->unscheduled[i].subject, f.english);
    tt_free(tt);
    rotas_county_free(c);
}

static void test_own_school_rule(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    /* B has no chinese/math teacher; A's teachers have periods to spare but may not go */
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 20, 2, ch);
    add_teacher(c, "TA2", 0, 20, 2, ch);
    add_teacher(c, "TM", 0, 0, 2, mu);
    finalize(c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *tt = run(c, f.cl, &p);
    assert_int_equal(tt->capacity_bound, 11);
    assert_int_equal(n_unscheduled(tt), 11);
    for (size_t i = 0; i < tt->n_lessons; i++)
        if (tt->lessons[i].school == 1)
            assert_true(tt->lessons[i].subject == f.music || tt->lessons[i].subject == f.pe);
    tt_free(tt);
    rotas_county_free(c);
}

/* One itinerant teacher and a road longer than the day: never both schools on one day. */
static void test_travel_time(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    c->travel[0].minutes = 400; /* longer than the school day (8:00-13:50) */
    set_bell(c, 0, 7, 8 * 60, 40, 10, 0, 0);
    set_bell(c, 1, 7, 8 * 60, 40, 10, 0, 0);
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TA2", 0, 0, 2, ch);
    add_teacher(c, "TB1", 1, 0, 2, ch);
    add_teacher(c, "TM", 0, 0, 2, mu);
    finalize(c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *tt = run(c, f.cl, &p);
    /* at B: pe 3 a week, once a day, needs 3 days; at A: 10 lessons, at most 4 a day (each
       class once a day per subject), needs 3 days: 6 days > 5, so one lesson (a pe at B)
       stays out although the teacher has the periods */
    assert_int_equal(tt->capacity_bound, 0);
    assert_int_equal(n_unscheduled(tt), 1);
    assert_int_equal(tt->school_changes, 0); /* one school a day is the only way */
    assert_int_equal(tt->n_routes, 0);
    tt_free(tt);
    rotas_county_free(c);
}

/* Three schools each needing music 2 a week for one class, one teacher. */
static void test_max_schools_per_day(void **state)
{
    (void)state;
    rotas_county *c = rotas_county_new();
    int music = add_subject(c, "music", 1);
    int cl = add_cluster(c, "C");
    char id[8];
    for (int s = 0; s < 3; s++) {
        snprintf(id, sizeof id, "S%d", s);
        add_school(c, id, cl, 25.0 + 0.01 * s, 100.0);
        add_class(c, s, "1", 1);
    }
    add_curriculum(c, 1, music, 2);
    int mu[] = {music};
    add_teacher(c, "T", 0, 0, 1, mu);
    finalize(c);
    rotas_policy p;
    policy(&p);
    p.max_schools_per_day = 1;
    rotas_timetable *tt = run(c, cl, &p);
    /* 2 music lessons a week per class, once a day: 2 days at each school, 6 days > 5 */
    assert_int_equal(tt->capacity_bound, 0); /* time ignored */
    assert_int_equal(n_unscheduled(tt), 1);
    assert_int_equal(tt->school_changes, 0);
    tt_free(tt);
    /* with two schools a day allowed it combines them, and everything is placed */
    p.max_schools_per_day = 2;
    tt = run(c, cl, &p);
    assert_int_equal(n_unscheduled(tt), 0);
    assert_true(tt->school_changes >= 1);
    tt_free(tt);
    rotas_county_free(c);
}

/* Two schools with different bells: B starts at 8:20 with 45-minute periods and a lunch at
   11:55-14:30. A teacher of both must respect clock time, not period numbers. */
static void test_different_bells(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    set_bell(c, 1, 6, 8 * 60 + 20, 45, 10, 4, 155);
    c->travel[0].minutes = 12;
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TA2", 0, 0, 2, ch);
    add_teacher(c, "TB1", 1, 0, 2, ch);
    add_teacher(c, "TM", 0, 0, 2, mu);
    finalize(c);
    rotas_policy p;
    policy(&p);
    p.w_tt_change = 0; /* travel is free: the planner may mix schools in a day */
    p.w_tt_km = 0;
    rotas_timetable *tt = run(c, f.cl, &p);
    assert_int_equal(n_unscheduled(tt), 0);
    assert_int_equal(tt->periods, 7);
    for (size_t i = 0; i < tt->n_lessons; i++)
        if (tt->lessons[i].school == 1)
            assert_true(tt->lessons[i].period < 6);
    tt_free(tt);
    rotas_county_free(c);
}

static void test_bad_cluster(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    finalize(f.c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *tt = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_timetable_make(&tt, f.c, 7, &p, NULL, &err), ROTAS_EINPUT);
    assert_null(tt);
    /* cluster C2 has one school, Z, with no teachers: all its lessons are unscheduled */
    rotas_error_clear(&err);
    tt = run(f.c, 1, &p);
    assert_int_equal(tt->capacity_bound, 0); /* Z has no classes */
    tt_free(tt);
    rotas_county_free(f.c);
}

/* ------------------------------------------------------------------ everyday constraints */

static void block(rotas_teacher *t, int day, int start, int end)
{
    t->unavailable = realloc(t->unavailable, (t->n_unavailable + 1) * sizeof *t->unavailable);
    assert_non_null(t->unavailable);
    t->unavailable[t->n_unavailable++] = (rotas_time_block){day, start, end, NULL};
}

static int lessons_of(const rotas_timetable *tt, int teacher)
{
    int n = 0;
    for (size_t i = 0; i < tt->n_lessons; i++)
        n += tt->lessons[i].teacher == teacher;
    return n;
}

/* TM (music and pe, 15 periods wanted) is away all week but Friday afternoon: only its three
   free periods are used, and the capacity bound knows it (min(max_periods, free periods)). */
static void test_teacher_unavailable(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TA2", 0, 0, 2, ch);
    add_teacher(c, "TB1", 1, 0, 2, ch);
    int tm = add_teacher(c, "TM", 0, 0, 2, mu);
    for (int day = 0; day < 4; day++)
        block(&c->teachers[tm], day, 7 * 60, 18 * 60);
    block(&c->teachers[tm], 4, 7 * 60, 12 * 60);
    finalize(c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *tt = run(c, f.cl, &p);
    assert_int_equal(tt->capacity_bound, 12);
    assert_int_equal(n_unscheduled(tt), 12);
    assert_int_equal(lessons_of(tt, tm), 3);
    for (size_t i = 0; i < tt->n_lessons; i++)
        if (tt->lessons[i].teacher == tm) {
            assert_int_equal(tt->lessons[i].day, 4);
            assert_true(tt->lessons[i].period >= 4); /* 14:00 and later */
        }
    tt_free(tt);
    rotas_county_free(c);
}

/* pe may be neither first period nor first after lunch; TM is free only in those periods
   and on Friday at 10:00: one pe lesson fits (Friday, period 3), music takes the rest. Class
   A/1 has assembly on Monday period 2. */
static void test_pe_slot_rules(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TA2", 0, 0, 2, ch);
    add_teacher(c, "TB1", 1, 0, 2, ch);
    int tm = add_teacher(c, "TM", 0, 0, 2, mu);
    for (int day = 0; day < 5; day++) {
        block(&c->teachers[tm], day, 8 * 60 + 45, 14 * 60 - 5); /* periods 2-4 */
        block(&c->teachers[tm], day, 14 * 60 + 45, 18 * 60);    /* periods 6-7 */
    }
    c->teachers[tm].unavailable[2 * 4].end = 10 * 60 - 5;  /* Friday: 8:45-9:55 ... */
    block(&c->teachers[tm], 4, 10 * 60 + 45, 14 * 60 - 5); /* ... and 10:45-13:55 */
    c->subject_rules = calloc(1, sizeof *c->subject_rules);
    assert_non_null(c->subject_rules);
    c->subject_rules[0] = (rotas_subject_rule){f.pe, 1, 1, 0, NULL};
    c->n_subject_rules = 1;
    rotas_class *a1 = &c->classes[0];
    a1->unavailable = calloc(1, sizeof *a1->unavailable);
    assert_non_null(a1->unavailable);
    a1->unavailable[0] = (rotas_class_block){0, 1, NULL};
    a1->n_unavailable = 1;
    finalize(c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *tt = run(c, f.cl, &p);
    int pe = 0, music = 0;
    for (size_t i = 0; i < tt->n_lessons; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        assert_false(l->klass == 0 && l->day == 0 && l->period == 1);
        if (l->subject == f.pe) {
            pe++;
            assert_int_equal(l->day, 4);
            assert_int_equal(l->period, 2);
        }
        music += l->subject == f.music;
    }
    assert_int_equal(pe, 1);
    assert_int_equal(music, 6);
    assert_int_equal(n_unscheduled(tt), 8);
    tt_free(tt);
    rotas_county_free(c);
}

/* A part-timer teaching music and pe on at most 2 days: pe (3 a week, once a day) loses one
   lesson per class, nothing else is lost, and no lesson is on a third day. */
static void test_max_days(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TA2", 0, 0, 2, ch);
    add_teacher(c, "TB1", 1, 0, 2, ch);
    int tm = add_teacher(c, "TM", 0, 0, 2, mu);
    c->teachers[tm].max_days = 2;
    finalize(c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *tt = run(c, f.cl, &p);
    int days[5] = {0}, nd = 0;
    for (size_t i = 0; i < tt->n_lessons; i++)
        if (tt->lessons[i].teacher == tm)
            days[tt->lessons[i].day] = 1;
    for (int d = 0; d < 5; d++)
        nd += days[d];
    assert_true(nd <= 2);
    assert_int_equal(n_unscheduled(tt), 3);
    for (size_t i = 0; i < tt->n_unscheduled; i++)
        assert_int_equal(tt->unscheduled[i].subject, f.pe);
    tt_free(tt);
    rotas_county_free(c);
}

/* Staff of the travel-bound tests: chinese and maths at A (two) and B, pe at each, and TM
   (music only) at A, whose index is returned. */
static int travel_staff(fixture *f)
{
    rotas_county *c = f->c;
    int ch[] = {f->chinese, f->math}, pe[] = {f->pe}, mu[] = {f->music};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TA2", 0, 0, 2, ch);
    add_teacher(c, "TB1", 1, 0, 2, ch);
    add_teacher(c, "TPA", 0, 0, 1, pe);
    add_teacher(c, "TPB", 1, 0, 1, pe);
    return add_teacher(c, "TM", 0, 0, 1, mu);
}

/* The bound prices travel: TM gives music (2 a week, at most once a day) to A/1, A/2 and B/1.
   Free to choose its days, it keeps A and B apart (A on two days, B on two others): the bound
   is one extra school, w_tt_school, and the planner meets it. With max_days 2 both days must
   hold both schools: one change and the A-B road a day on top, and the planner meets that too
   (status optimal, gap 0). Chinese, maths and pe have teachers at each school. */
static void test_travel_bound(void **state)
{
    (void)state;
    for (int maxd = 0; maxd <= 2; maxd += 2) {
        fixture f;
        base(&f);
        rotas_county *c = f.c;
        int tm = travel_staff(&f);
        c->teachers[tm].max_days = maxd;
        finalize(c);
        rotas_policy p;
        policy(&p);
        rotas_timetable *tt = run(c, f.cl, &p);
        double km = rotas_county_km(c, 0, 1);
        double want = p.w_tt_school + (maxd ? 2 * (p.w_tt_change + p.w_tt_km * km) : 0.0);
        printf("  max_days %d: objective %.2f, bound %.2f (travel %.2f), want %.2f\n", maxd,
               tt->objective, tt->bound, tt->travel_bound, want);
        assert_int_equal(n_unscheduled(tt), 0);
        assert_true(fabs(tt->travel_bound - want) < 1e-6);
        assert_true(fabs(tt->bound - want) < 1e-6);
        assert_true(fabs(tt->objective - want) < 1e-6);
        assert_true(tt->gap < 1e-9);
        assert_int_equal(tt->status, ROTAS_STATUS_OPTIMAL);
        tt_free(tt);
        rotas_county_free(c);
    }
}

/* The travel bound computed in C and models/timetable_bound.mod solved by glpsol agree: the
   cluster of test_travel_bound with TM's max_days 2 (80), with a third school and three schools
   a day allowed (the nearest-road term instead of the pairs), and with a fixed lesson. */
static void test_mathprog_bound(void **state)
{
    (void)state;
    if (system("command -v glpsol >/dev/null 2>&1") != 0) {
        skip();
        return;
    }
    for (int variant = 0; variant < 3; variant++) {
        fixture f;
        base(&f);
        rotas_county *c = f.c;
        int ch[] = {f.chinese, f.math}, pe[] = {f.pe};
        if (variant >= 1) {
            int s3 = add_school(c, "C", f.cl, 25.0, 100.04);
            add_class(c, s3, "1", 3);
            add_travel(c, 0, s3, 4.0, 12.0);
            add_travel(c, 1, s3, 6.0, 18.0);
            add_teacher(c, "TC1", s3, 0, 2, ch);
            add_teacher(c, "TPC", s3, 0, 1, pe);
        }
        int tm = travel_staff(&f);
        c->teachers[tm].max_days = 2;
        if (variant == 2) {
            c->fixed_lessons = calloc(1, sizeof *c->fixed_lessons);
            assert_non_null(c->fixed_lessons);
            c->fixed_lessons[0] = (rotas_fixed_lesson){2, f.music, tm, 4, 0, NULL};
            c->n_fixed_lessons = 1;
            c->teachers[tm].max_days = 3;
        }
        finalize(c);
        rotas_policy p;
        policy(&p);
        if (variant >= 1)
            p.max_schools_per_day = 3;
        char dat[512], out[512], cmd[2048], line[512];
        snprintf(dat, sizeof dat, "%s/tt_bound_%d.dat", ROTAS_BUILD_DIR, variant);
        snprintf(out, sizeof out, "%s/tt_bound_%d.out", ROTAS_BUILD_DIR, variant);
        rotas_error err = {0};
        double mine = NAN, ref = NAN;
        rotas_rc rc = rotas__tt_bound_reference(c, f.cl, &p, dat, &mine, &err);
        if (rc != ROTAS_OK)
            printf("bound reference: %s\n", err.msg);
        assert_int_equal(rc, ROTAS_OK);
        snprintf(cmd, sizeof cmd,
                 "glpsol --tmlim 60 -m %s/models/timetable_bound.mod -d %s > %s 2>&1",
                 ROTAS_SOURCE_DIR, dat, out);
        assert_int_equal(system(cmd), 0);
        FILE *fp = fopen(out, "r");
        assert_non_null(fp);
        while (fgets(line, sizeof line, fp))
            if (sscanf(line, "travel bound %lf", &ref) == 1)
                break;
        fclose(fp);
        printf("travel bound (variant %d): C builder %.6f, MathProg %.6f\n", variant, mine, ref);
        assert_false(isnan(ref));
        assert_true(fabs(mine - ref) <= 1e-6 * fmax(1.0, fabs(ref)));
        if (variant == 0)
            assert_true(fabs(mine - (p.w_tt_school +
                                     2 * (p.w_tt_change + p.w_tt_km * rotas_county_km(c, 0, 1)))) <
                        1e-6);
        /* and the planner's bound for its teachers stays below its objective */
        rotas_timetable *tt = run(c, f.cl, &p);
        assert_true(tt->bound <= tt->objective + 1e-6);
        tt_free(tt);
        rotas_county_free(c);
    }
}

/* A fixed lesson is in place exactly; one that cannot be honoured is bad input. Chinese
   with before_period 2 goes to periods 1-2 only. */
static void test_fixed_lesson_and_before_period(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    int chi[] = {f.chinese}, mat[] = {f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 1, chi);
    add_teacher(c, "TA2", 0, 0, 1, chi);
    add_teacher(c, "TA3", 0, 0, 1, mat);
    add_teacher(c, "TB1", 1, 0, 2, (int[]){f.chinese, f.math});
    int tm = add_teacher(c, "TM", 0, 0, 2, mu);
    c->fixed_lessons = calloc(2, sizeof *c->fixed_lessons);
    assert_non_null(c->fixed_lessons);
    c->fixed_lessons[0] = (rotas_fixed_lesson){2, f.pe, tm, 2, 6, NULL}; /* B/1, Wed period 7 */
    c->n_fixed_lessons = 1;
    c->subject_rules = calloc(1, sizeof *c->subject_rules);
    assert_non_null(c->subject_rules);
    c->subject_rules[0] = (rotas_subject_rule){f.chinese, 0, 0, 2, NULL};
    c->n_subject_rules = 1;
    finalize(c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *tt = run(c, f.cl, &p);
    int found = 0, late = 0;
    for (size_t i = 0; i < tt->n_lessons; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        found += l->klass == 2 && l->subject == f.pe && l->teacher == tm && l->day == 2 &&
                 l->period == 6;
        late += l->subject == f.chinese && l->period >= 2;
    }
    assert_int_equal(found, 1);
    assert_int_equal(n_unscheduled(tt), 0);
    assert_int_equal(late, 0);
    tt_free(tt);
    /* a second fixed lesson in the same class slot */
    c->fixed_lessons[1] = (rotas_fixed_lesson){2, f.music, tm, 2, 6, NULL};
    c->n_fixed_lessons = 2;
    rotas_error err = {0};
    assert_int_equal(rotas_timetable_make(&tt, c, f.cl, &p, NULL, &err), ROTAS_EINPUT);
    assert_null(tt);
    assert_non_null(strstr(err.msg, "fixed_lessons[1]"));
    assert_non_null(strstr(err.msg, "clashes"));
    /* a fixed lesson at a time its teacher is away */
    c->n_fixed_lessons = 1;
    block(&c->teachers[tm], 2, 15 * 60, 17 * 60);
    rotas_error_clear(&err);
    assert_int_equal(rotas_timetable_make(&tt, c, f.cl, &p, NULL, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "fixed_lessons[0]"));
    rotas_county_free(c);
}

static rotas_timetable *replan(const rotas_county *c, int cluster, const rotas_policy *p,
                               const rotas_timetable *prev)
{
    rotas_timetable *tt = NULL;
    rotas_error err = {0};
    rotas_timetable_options opt = {.seed = 7, .previous = prev};
    assert_int_equal(rotas_timetable_make(&tt, c, cluster, p, &opt, &err), ROTAS_OK);
    assert_int_equal(verify(c, p, tt), 0);
    rotas_diags d = {0};
    size_t v = rotas_check_timetable(c, p, tt, &d) + rotas_check_timetable_replan(c, tt, prev, &d);
    for (size_t i = 0; i < d.n_items; i++)
        printf("check: %s\n", d.items[i]);
    rotas_diags_clear(&d);
    assert_int_equal(v, 0);
    assert_int_equal(tt->kept_lessons + tt->moved_lessons, (int)prev->n_lessons);
    return tt;
}

/* Re-plan after a road closes (the two schools can no longer share a teacher-day) and after
   a teacher leaves the cluster: the lessons moved are exactly those that had to move. */
static void test_replan(void **state)
{
    (void)state;
    fixture f;
    base(&f);
    rotas_county *c = f.c;
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TA2", 0, 0, 2, ch);
    add_teacher(c, "TB1", 1, 0, 2, ch);
    int tm = add_teacher(c, "TM", 0, 16, 2, mu);
    int tn = add_teacher(c, "TN", 1, 3, 2, mu);
    /* TM teaches on 3 days: the A classes' pe needs all three, so its B lessons share a day
       with A lessons and a closed road makes them move */
    c->teachers[tm].max_days = 3;
    finalize(c);
    rotas_policy p;
    policy(&p);
    rotas_timetable *t0 = run(c, f.cl, &p);
    assert_int_equal(t0->kept_lessons, -1);
    /* unchanged county: everything stays */
    rotas_timetable *same = replan(c, f.cl, &p, t0);
    assert_int_equal(same->moved_lessons, 0);
    assert_int_equal(same->n_lessons, t0->n_lessons);
    tt_free(same);

    /* the road A-B closes: per teacher-day with both schools, the smaller side must move */
    int need = 0;
    for (int t = 0; t < (int)c->n_teachers; t++)
        for (int day = 0; day < 5; day++) {
            int n[2] = {0, 0};
            for (size_t i = 0; i < t0->n_lessons; i++)
                if (t0->lessons[i].teacher == t && t0->lessons[i].day == day)
                    n[t0->lessons[i].school]++;
            need += n[0] < n[1] ? n[0] : n[1];
        }
    size_t ns = c->n_schools;
    double keep_min = c->minutes[0 * ns + 1];
    c->minutes[0 * ns + 1] = c->minutes[1 * ns + 0] = 600.0;
    rotas_timetable *t1 = replan(c, f.cl, &p, t0);
    printf("  road closed: %d lessons had to move, %d moved, %zu unscheduled before, %zu after\n",
           need, t1->moved_lessons, n_unscheduled(t0), n_unscheduled(t1));
    assert_true(need > 0);
    assert_int_equal(t1->moved_lessons, need);
    assert_int_equal(t1->school_changes, 0);
    tt_free(t1);
    c->minutes[0 * ns + 1] = c->minutes[1 * ns + 0] = keep_min;

    /* TN leaves for another cluster: its lessons must move (TM may take some), nothing else */
    int tn_lessons = lessons_of(t0, tn);
    assert_true(tn_lessons > 0);
    c->teachers[tn].school = 2;
    rotas_timetable *t2 = replan(c, f.cl, &p, t0);
    int replaced = tn_lessons - (int)(n_unscheduled(t2) - n_unscheduled(t0));
    printf("  TN left: %d lessons of TN, %d moved, %d of them placed again\n", tn_lessons,
           t2->moved_lessons, replaced);
    assert_int_equal(lessons_of(t2, tn), 0);
    /* unscheduled lessons come first: a kept lesson may move to make room for a lost one, at
       most one per lesson placed again */
    assert_true(t2->moved_lessons >= tn_lessons);
    assert_true(t2->moved_lessons <= tn_lessons + replaced);
    tt_free(t2);
    /* when keeping a lesson is worth more than placing one, exactly TN's lessons move */
    p.w_tt_keep = 2 * p.w_tt_unscheduled;
    t2 = replan(c, f.cl, &p, t0);
    printf("  TN left, w_tt_keep %g: %d moved\n", p.w_tt_keep, t2->moved_lessons);
    assert_int_equal(t2->moved_lessons, tn_lessons);
    tt_free(t2);
    tt_free(t0);
    rotas_county_free(c);
}

/* Solve the cluster's whole placement MIP with the C builder (writing its MathProg data to
   BUILD_DIR/name.dat) and with models/timetable.mod under glpsol; both objectives out. */
static void mathprog_both(const rotas_county *c, int cluster, const rotas_policy *p,
                          const char *name, double *obj, double *ref)
{
    char dat[512], out[512], cmd[2048];
    snprintf(dat, sizeof dat, "%s/%s.dat", ROTAS_BUILD_DIR, name);
    snprintf(out, sizeof out, "%s/%s.out", ROTAS_BUILD_DIR, name);
    rotas_error err = {0};
    *obj = *ref = NAN;
    rotas_rc rc = rotas__tt_reference(c, cluster, p, dat, obj, &err);
    if (rc != ROTAS_OK)
        printf("reference: %s\n", err.msg);
    assert_int_equal(rc, ROTAS_OK);
    assert_false(isnan(*obj));
    snprintf(cmd, sizeof cmd,
             "glpsol --tmlim 60 --pcost -m %s/models/timetable.mod -d %s > %s 2>&1",
             ROTAS_SOURCE_DIR, dat, out);
    assert_int_equal(system(cmd), 0);
    FILE *fp = fopen(out, "r");
    assert_non_null(fp);
    char line[512];
    while (fgets(line, sizeof line, fp))
        if (sscanf(line, "placement cost %lf", ref) == 1)
            break;
    fclose(fp);
    printf("placement MIP (%s): C builder %.6f, MathProg %.6f\n", name, *obj, *ref);
    assert_false(isnan(*ref));
    assert_true(fabs(*obj - *ref) <= 1e-6 * fmax(1.0, fabs(*ref)));
}

/* 2 schools, 3 classes of grade 3 with chinese 3, math 2, music 2 and pe 1 a week. */
static void mathprog_cluster(fixture *f, int periods)
{
    base(f);
    rotas_county *c = f->c;
    for (size_t i = 0; i < c->n_curriculum; i++) {
        if (c->curriculum[i].subject == f->chinese)
            c->curriculum[i].periods = 3;
        else if (c->curriculum[i].subject == f->math)
            c->curriculum[i].periods = 2;
        else if (c->curriculum[i].subject == f->pe)
            c->curriculum[i].periods = 1;
    }
    /* mornings from 8:00, 40 minutes, 10 apart; the last period at 14:00 */
    for (int s = 0; s < 2; s++) {
        set_bell(c, s, periods, 8 * 60, 40, 10, periods - 1, 0);
        c->schools[s].bell[periods - 1].start = 14 * 60;
        c->schools[s].bell[periods - 1].end = 14 * 60 + 40;
    }
    c->travel[0].minutes = 30;
}

/* The placement MIP built in C and models/timetable.mod solved by glpsol agree on a tiny
   cluster: 2 schools, 3 classes, a 3-period bell, an itinerant music teacher. */
static void test_mathprog_reference(void **state)
{
    (void)state;
    if (system("command -v glpsol >/dev/null 2>&1") != 0) {
        skip();
        return;
    }
    fixture f;
    mathprog_cluster(&f, 3);
    rotas_county *c = f.c;
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TB1", 1, 0, 2, ch);
    add_teacher(c, "TM", 0, 0, 2, mu);
    finalize(c);
    rotas_policy p;
    policy(&p);
    double obj, ref;
    mathprog_both(c, f.cl, &p, "tt_ref", &obj, &ref);
    /* and the planner reaches the same cost: its objective omits one w_tt_school per teacher
       (the model counts every school served, the planner every school beyond the first) */
    rotas_timetable *tt = run(c, f.cl, &p);
    assert_true(fabs(tt->objective - (ref - 3 * p.w_tt_school)) < 1e-6);
    /* the bound is below the optimum for these teachers, and prices TM's second school */
    assert_true(tt->bound <= ref - 3 * p.w_tt_school + 1e-6);
    assert_true(tt->travel_bound >= p.w_tt_school - 1e-6);
    rotas_timetable_free(tt);
    rotas_county_free(c);
}

/* The same with the everyday constraints, on a cluster where each of them changes the
   optimum (checked by dropping each from the data: a model that ignored one would disagree):
   TM (music and pe) teaches on one day only, and its fixed music lessons in A/2 and A/1 on
   Thursday periods 2 and 3 make that day Thursday, where TM is away in the afternoon and pe
   may not be first, so TM's other two lessons are lost; A/1 has assembly on Monday periods 1-2
   and TB1 is away on Monday 8:00-9:35, so one maths lesson (5 a week, before period 2) of A/1
   and of B/1 comes late. TN (music and pe at B) takes the rest. */
static void test_mathprog_everyday(void **state)
{
    (void)state;
    if (system("command -v glpsol >/dev/null 2>&1") != 0) {
        skip();
        return;
    }
    fixture f;
    mathprog_cluster(&f, 4);
    rotas_county *c = f.c;
    for (size_t i = 0; i < c->n_curriculum; i++)
        if (c->curriculum[i].subject == f.math)
            c->curriculum[i].periods = 5;
    int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
    add_teacher(c, "TA1", 0, 0, 2, ch);
    add_teacher(c, "TA2", 0, 0, 2, ch);
    int tb1 = add_teacher(c, "TB1", 1, 0, 2, ch);
    int tm = add_teacher(c, "TM", 0, 0, 2, mu);
    add_teacher(c, "TN", 1, 0, 2, mu);
    block(&c->teachers[tm], 3, 12 * 60, 18 * 60);
    block(&c->teachers[tb1], 0, 8 * 60, 9 * 60 + 35);
    c->teachers[tm].max_days = 1;
    c->fixed_lessons = calloc(2, sizeof *c->fixed_lessons);
    assert_non_null(c->fixed_lessons);
    c->fixed_lessons[0] = (rotas_fixed_lesson){1, f.music, tm, 3, 1, NULL};
    c->fixed_lessons[1] = (rotas_fixed_lesson){0, f.music, tm, 3, 2, NULL};
    c->n_fixed_lessons = 2;
    c->subject_rules = calloc(2, sizeof *c->subject_rules);
    assert_non_null(c->subject_rules);
    c->subject_rules[0] = (rotas_subject_rule){f.pe, 1, 0, 0, NULL};
    c->subject_rules[1] = (rotas_subject_rule){f.math, 0, 0, 2, NULL};
    c->n_subject_rules = 2;
    rotas_class *a1 = &c->classes[0];
    a1->unavailable = calloc(2, sizeof *a1->unavailable);
    assert_non_null(a1->unavailable);
    a1->unavailable[0] = (rotas_class_block){0, 0, NULL};
    a1->unavailable[1] = (rotas_class_block){0, 1, NULL};
    a1->n_unavailable = 2;
    finalize(c);
    rotas_policy p;
    policy(&p);
    double obj, ref;
    mathprog_both(c, f.cl, &p, "tt_ref_everyday", &obj, &ref);
    /* 2 lessons lost, 2 late, 6 (teacher, school) pairs: TN also serves A */
    assert_true(fabs(ref - (2 * p.w_tt_unscheduled + 2 * p.w_tt_morning + 6 * p.w_tt_school)) <
                1e-6);
    /* the planner (free to give TM's lost lessons to TN) finds a cheaper timetable with other
       teachers; its bound, for its own teachers, is at most its objective and prices the
       second school of an itinerant teacher */
    rotas_timetable *tt = run(c, f.cl, &p);
    printf("  planner: objective %.2f, bound %.2f (travel %.2f)\n", tt->objective, tt->bound,
           tt->travel_bound);
    assert_true(tt->bound <= tt->objective + 1e-6);
    assert_true(tt->travel_bound >= p.w_tt_school - 1e-6);
    rotas_timetable_free(tt);
    /* the data carry every rule as the county states it */
    char dat[512], line[4096];
    snprintf(dat, sizeof dat, "%s/tt_ref_everyday.dat", ROTAS_BUILD_DIR);
    FILE *fp = fopen(dat, "r");
    assert_non_null(fp);
    int seen = 0;
    while (fgets(line, sizeof line, fp)) {
        seen |= strstr(line, "set TB := (3,1,480,575) (4,4,720,1080);") ? 1 : 0;
        seen |= strstr(line, "set KB := (1,1,1) (1,1,2);") ? 2 : 0;
        seen |= strstr(line, "param maxd := 4 1;") ? 4 : 0;
        seen |= strstr(line, "set FX := (3,4,4,3) (7,4,4,2);") ? 8 : 0;
    }
    fclose(fp);
    assert_int_equal(seen, 15);
    rotas_county_free(c);
}

/* Rooms: A has one music room (one class at a time), B none. The music teachers TM1, TM2 and
   TN are free only in the first period, music is 3 a week: A's 6 lessons want the 5 first
   periods of A's room, so one stays unscheduled; without the room all 6 fit (side by side). Every
   music lesson at A names the room, none at B; the placement MIP built in C and
   models/timetable.mod agree with the room; a fixed lesson that overfills it is bad input. */
static void test_rooms(void **state)
{
    (void)state;
    for (int with_room = 1; with_room >= 0; with_room--) {
        fixture f;
        mathprog_cluster(&f, 3);
        rotas_county *c = f.c;
        for (size_t i = 0; i < c->n_curriculum; i++)
            if (c->curriculum[i].subject == f.music)
                c->curriculum[i].periods = 3;
        c->subjects[f.music].room_kind = dup("music");
        if (with_room)
            add_room(c, 0, "R1", "music", 1);
        int ch[] = {f.chinese, f.math}, mu[] = {f.music, f.pe};
        add_teacher(c, "TA1", 0, 0, 2, ch);
        add_teacher(c, "TA2", 0, 0, 2, ch);
        add_teacher(c, "TB1", 1, 0, 2, ch);
        int tm1 = add_teacher(c, "TM1", 0, 0, 2, mu);
        int tm2 = add_teacher(c, "TM2", 0, 0, 1, mu);
        int tn = add_teacher(c, "TN", 1, 0, 2, mu);
        for (int d = 0; d < 5; d++) {
            block(&c->teachers[tm1], d, 8 * 60 + 45, 15 * 60);
            block(&c->teachers[tm2], d, 8 * 60 + 45, 15 * 60);
            block(&c->teachers[tn], d, 8 * 60 + 45, 15 * 60);
        }
        finalize(c);
        rotas_policy p;
        policy(&p);
        rotas_timetable *tt = run(c, f.cl, &p);
        int lost = 0, at_a = 0;
        for (size_t i = 0; i < tt->n_unscheduled; i++)
            if (tt->unscheduled[i].subject == f.music)
                lost += tt->unscheduled[i].periods;
        for (size_t i = 0; i < tt->n_lessons; i++) {
            const rotas_lesson *l = &tt->lessons[i];
            if (l->subject != f.music)
                assert_int_equal(l->room, 0);
            else if (l->school == 0) {
                at_a++;
                assert_int_equal(l->room, with_room ? 1 : 0);
                for (size_t j = 0; with_room && j < i; j++)
                    assert_false(tt->lessons[j].room == 1 && tt->lessons[j].school == 0 &&
                                 tt->lessons[j].day == l->day &&
                                 tt->lessons[j].period == l->period);
            } else
                assert_int_equal(l->room, 0);
        }
        printf("  music room %s: %d music lessons at A, %d unscheduled\n", with_room ? "on" : "off",
               at_a, lost);
        assert_int_equal(lost, with_room ? 1 : 0);
        assert_int_equal(at_a, with_room ? 5 : 6);
        rotas_timetable_free(tt);
        if (with_room) {
            double obj, ref;
            mathprog_both(c, f.cl, &p, "tt_ref_rooms", &obj, &ref);
            /* two fixed music lessons in the room at once: bad input */
            c->fixed_lessons = calloc(2, sizeof *c->fixed_lessons);
            assert_non_null(c->fixed_lessons);
            c->fixed_lessons[0] = (rotas_fixed_lesson){0, f.music, tm1, 0, 0, NULL};
            c->fixed_lessons[1] = (rotas_fixed_lesson){1, f.music, tm2, 0, 0, NULL};
            c->n_fixed_lessons = 2;
            rotas_timetable_options opt = {.seed = 7};
            rotas_error err = {0};
            rotas_timetable *bad = NULL;
            assert_int_equal(rotas_timetable_make(&bad, c, f.cl, &p, &opt, &err), ROTAS_EINPUT);
            assert_null(bad);
            assert_non_null(strstr(err.msg, "fixed_lessons[1]"));
            assert_non_null(strstr(err.msg, "rooms of its kind are full"));
        }
        rotas_county_free(c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow_basic),
        cmocka_unit_test(test_flow_reroutes_initial),
        cmocka_unit_test(test_plain_cluster),
        cmocka_unit_test(test_capacity_bound),
        cmocka_unit_test(test_nobody_qualified),
        cmocka_unit_test(test_own_school_rule),
        cmocka_unit_test(test_travel_time),
        cmocka_unit_test(test_max_schools_per_day),
        cmocka_unit_test(test_travel_bound),
        cmocka_unit_test(test_mathprog_bound),
        cmocka_unit_test(test_rooms),
        cmocka_unit_test(test_different_bells),
        cmocka_unit_test(test_bad_cluster),
        cmocka_unit_test(test_teacher_unavailable),
        cmocka_unit_test(test_pe_slot_rules),
        cmocka_unit_test(test_max_days),
        cmocka_unit_test(test_fixed_lesson_and_before_period),
        cmocka_unit_test(test_replan),
        cmocka_unit_test(test_mathprog_reference),
        cmocka_unit_test(test_mathprog_everyday),
    };
    return cmocka_run_group_tests_name("timetable", tests, NULL, NULL);
}
