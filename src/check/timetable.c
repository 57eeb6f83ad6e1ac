/*
 * timetable.c - the independent checker of cluster timetables (rotas check on a
 * rotas-timetable/1 result).
 *
 * Written from the rules as stated (README "Rules", rotas/check.h), not from the timetable
 * planner: it reads only the county model and the result, and recomputes every count itself.
 * Each violation is one line in `out`; lessons are numbered from 1.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "check_int.h"
#include "rotas/check.h"

/* ------------------------------------------------------------------ timetables */

typedef struct slot {
    int teacher, day, start, end, school, period;
    size_t lesson;
} slot;

static int slot_cmp(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    if (x->teacher != y->teacher)
        return x->teacher < y->teacher ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->school != y->school)
        return x->school < y->school ? -1 : 1;
    if (x->period != y->period)
        return x->period < y->period ? -1 : 1;
    return x->lesson < y->lesson ? -1 : x->lesson > y->lesson;
}

typedef struct key3 {
    int a, b, c;
} key3;

static int key3_cmp(const void *p, const void *q)
{
    const key3 *x = p, *y = q;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    return 0;
}

static void hhmm(int m, char *buf, size_t n)
{
    snprintf(buf, n, "%02d:%02d", (m / 60) % 100, m % 60);
}

/* "S1/1A english, T2, day 1 period 2" for messages. */
static void lesson_label(const rotas_county *c, const rotas_lesson *l, char *buf, size_t n)
{
    const char *cls = l->klass >= 0 && (size_t)l->klass < c->n_classes && c->classes[l->klass].id
                          ? c->classes[l->klass].id
                          : "?";
    int sch =
        l->klass >= 0 && (size_t)l->klass < c->n_classes ? c->classes[l->klass].school : l->school;
    snprintf(buf, n, _("%s/%s %s, %s, day %d period %d"), sid(c, sch), cls, subid(c, l->subject),
             tid(c, l->teacher), l->day + 1, l->period + 1);
}

static int teaches(const rotas_teacher *t, int subject)
{
    for (size_t i = 0; i < t->n_subjects; i++)
        if (t->subjects[i] == subject)
            return 1;
    return 0;
}

/* Schools of a teacher-day group in visiting order (consecutive repeats merged). */
static size_t visit_order(const slot *g, size_t n, int *order)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || order[m - 1] != g[i].school)
            order[m++] = g[i].school;
    return m;
}

static size_t distinct(const int *v, size_t n)
{
    size_t d = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < i && v[j] != v[i])
            j++;
        d += j == i;
    }
    return d;
}

static void list_schools(const rotas_county *c, const int *v, size_t n, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < cap; i++) {
        int w = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", sid(c, v[i]));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (n == 0)
        snprintf(buf, cap, "%s", _("none"));
}

/* Teacher and class availability and subject slot rules of one lesson. */
static void check_lesson_times(sink *s, const rotas_county *c, const rotas_lesson *l, size_t i,
                               const char *lab, const rotas_bell_period *bell, size_t nb)
{
    const rotas_teacher *t = &c->teachers[l->teacher];
    const rotas_class *k = &c->classes[l->klass];
    int st = bell[l->period].start, en = bell[l->period].end;
    char t1[8], t2[8];
    for (size_t b = 0; b < t->n_unavailable; b++) {
        const rotas_time_block *tb = &t->unavailable[b];
        if (tb->day != l->day || !(tb->start < en && st < tb->end))
            continue;
        hhmm(tb->start, t1, sizeof t1);
        hhmm(tb->end, t2, sizeof t2);
        viol(s, _("lesson %zu (%s): %s is unavailable %s-%s on day %d (%s)"), i + 1, lab, t->id, t1,
             t2, l->day + 1, reason_or(tb->reason));
    }
    for (size_t b = 0; b < k->n_unavailable; b++)
        if (k->unavailable[b].day == l->day && k->unavailable[b].period == l->period)
            viol(s, _("lesson %zu (%s): class %s/%s is unavailable on day %d period %d (%s)"),
                 i + 1, lab, sid(c, k->school), k->id, l->day + 1, l->period + 1,
                 reason_or(k->unavailable[b].reason));
    /* the first period after the midday break: the first that starts at or after 12:00 */
    int after_lunch = -1;
    for (size_t q = 0; q < nb && after_lunch < 0; q++)
        if (bell[q].start >= 12 * 60)
            after_lunch = (int)q;
    for (size_t r = 0; r < c->n_subject_rules; r++) {
        const rotas_subject_rule *sr = &c->subject_rules[r];
        if (sr->subject != l->subject)
            continue;
        if (sr->not_first_period && l->period == 0)
            viol(s, _("lesson %zu (%s): %s may not be in the first period (subject rule)"), i + 1,
                 lab, subid(c, l->subject));
        if (sr->not_after_lunch && l->period == after_lunch) {
            hhmm(st, t1, sizeof t1);
            viol(s,
                 _("lesson %zu (%s): %s may not be in the first period after lunch (period %d, "
                   "%s; subject rule)"),
                 i + 1, lab, subid(c, l->subject), l->period + 1, t1);
        }
        /* before_period is a preference the timetable tries to meet: not a violation */
    }
}

/* What the rule checks share: the county, the result and the counts built on the way. */
typedef struct ck {
    const rotas_county *c;
    const rotas_policy *p;
    const rotas_timetable *tt;
    sink *s;
    int cl; /* the timetable's cluster */
    const char *clid;
    int *placed, *unsch;    /* n_classes * n_subjects */
    int *load;              /* n_teachers: lessons */
    unsigned char *days_of; /* n_teachers: bit per day with lessons */
    unsigned char *ok; /* n_lessons: 1 when class, subject, teacher, day and period are known */
    slot *slots;       /* the lessons with ok, as times at schools */
    size_t n_slots;
    key3 *keys;    /* scratch, n_lessons */
    int *group_of; /* (t * DAYS + day) * 2: first slot and count of a teacher-day, or -1 */
    unsigned char *route_seen; /* n_teachers * DAYS */
    int *order;                /* scratch: schools in visiting order */
    char lab[512], buf[512];
} ck;

#define IN_CLUSTER(sch) ((sch) >= 0 && (size_t)(sch) < ns && c->schools[(sch)].cluster == cl)

/* Structure of each lesson; placed counts per class and subject. */
static void check_lessons(ck *cx)
{
    const rotas_county *c = cx->c;
    const rotas_timetable *tt = cx->tt;
    const int cl = cx->cl;
    const char *clid = cx->clid;
    const size_t nk = c->n_classes, nsub = c->n_subjects, nt = c->n_teachers, ns = c->n_schools,
                 nl = tt->n_lessons;
    for (size_t i = 0; i < nl; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        int good = 1;
        lesson_label(c, l, cx->lab, sizeof cx->lab);
        if (l->klass < 0 || (size_t)l->klass >= nk) {
            viol(cx->s, _("lesson %zu (%s): unknown class (index %d)"), i + 1, cx->lab, l->klass);
            continue;
        }
        const rotas_class *k = &c->classes[l->klass];
        if (!IN_CLUSTER(k->school)) {
            viol(cx->s, _("lesson %zu (%s): class %s/%s is not in cluster %s"), i + 1, cx->lab,
                 sid(c, k->school), k->id, clid);
            continue;
        }
        if (l->school != k->school) {
            viol(cx->s, _("lesson %zu (%s): school is %s but class %s belongs to %s"), i + 1,
                 cx->lab, sid(c, l->school), k->id, sid(c, k->school));
            good = 0;
        }
        if (l->subject < 0 || (size_t)l->subject >= nsub) {
            viol(cx->s, _("lesson %zu (%s): unknown subject (index %d)"), i + 1, cx->lab,
                 l->subject);
            continue;
        }
        cx->placed[(size_t)l->klass * nsub + (size_t)l->subject]++;
        if (l->teacher < 0 || (size_t)l->teacher >= nt) {
            viol(cx->s, _("lesson %zu (%s): unknown teacher (index %d)"), i + 1, cx->lab,
                 l->teacher);
            good = 0;
        }
        if (l->day < 0 || l->day >= ROTAS_DAYS) {
            viol(cx->s, _("lesson %zu (%s): day %d is outside 1..%d"), i + 1, cx->lab, l->day + 1,
                 ROTAS_DAYS);
            good = 0;
        }
        size_t nb;
        rotas_school_bell(&c->schools[k->school], &nb);
        if (l->period < 0 || (size_t)l->period >= nb) {
            viol(cx->s, _("lesson %zu (%s): period %d is outside the bell of %s (1..%zu)"), i + 1,
                 cx->lab, l->period + 1, sid(c, k->school), nb);
            good = 0;
        }
        cx->ok[i] = (unsigned char)good;
    }
}

/* Unscheduled entries; their counts per class and subject. */
static void check_unscheduled(ck *cx)
{
    const rotas_county *c = cx->c;
    const rotas_timetable *tt = cx->tt;
    const int cl = cx->cl;
    const char *clid = cx->clid;
    const size_t nk = c->n_classes, nsub = c->n_subjects, ns = c->n_schools;
    for (size_t i = 0; i < tt->n_unscheduled; i++) {
        const rotas_unscheduled *u = &tt->unscheduled[i];
        if (u->klass < 0 || (size_t)u->klass >= nk || u->subject < 0 ||
            (size_t)u->subject >= nsub) {
            viol(cx->s, _("unscheduled %zu: unknown class or subject"), i + 1);
            continue;
        }
        const rotas_class *k = &c->classes[u->klass];
        if (!IN_CLUSTER(k->school)) {
            viol(cx->s, _("unscheduled %zu: class %s/%s is not in cluster %s"), i + 1,
                 sid(c, k->school), k->id, clid);
            continue;
        }
        if (u->periods < 0) {
            viol(cx->s, _("unscheduled %zu (%s/%s %s): periods is %d, expected >= 0"), i + 1,
                 sid(c, k->school), k->id, subid(c, u->subject), u->periods);
            continue;
        }
        cx->unsch[(size_t)u->klass * nsub + (size_t)u->subject] += u->periods;
    }
}

/* Rule 1: the curriculum is accounted for. */
static void check_curriculum(ck *cx)
{
    const rotas_county *c = cx->c;
    const int cl = cx->cl;
    const size_t nk = c->n_classes, nsub = c->n_subjects, ns = c->n_schools;
    for (size_t k = 0; k < nk; k++) {
        const rotas_class *kl = &c->classes[k];
        if (!IN_CLUSTER(kl->school))
            continue;
        for (size_t sub = 0; sub < nsub; sub++) {
            int req = rotas_class_periods(c, kl, (int)sub);
            int pl = cx->placed[k * nsub + sub], un = cx->unsch[k * nsub + sub];
            if (pl > req)
                viol(cx->s, _("class %s/%s %s: %d lessons placed, only %d required"),
                     sid(c, kl->school), kl->id, c->subjects[sub].id, pl, req);
            else if (pl + un != req)
                viol(cx->s,
                     _("class %s/%s %s: %d lessons placed + %d unscheduled = %d, %d required"),
                     sid(c, kl->school), kl->id, c->subjects[sub].id, pl, un, pl + un, req);
        }
    }
}

/* Keys of the well-formed lessons, sorted, so that equal keys form runs. */
enum { BY_CLASS_SLOT, BY_TEACHER_SLOT, BY_CLASS_SUBJECT_DAY };

static size_t sorted_keys(ck *cx, int by)
{
    size_t n = 0;
    for (size_t i = 0; i < cx->tt->n_lessons; i++) {
        const rotas_lesson *l = &cx->tt->lessons[i];
        if (!cx->ok[i])
            continue;
        cx->keys[n++] = by == BY_CLASS_SLOT     ? (key3){l->klass, l->day, l->period}
                        : by == BY_TEACHER_SLOT ? (key3){l->teacher, l->day, l->period}
                                                : (key3){l->klass, l->subject, l->day};
    }
    qsort(cx->keys, n, sizeof *cx->keys, key3_cmp);
    return n;
}

/* End of the run of keys equal to keys[i]. */
static size_t run_end(const ck *cx, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n && !key3_cmp(&cx->keys[i], &cx->keys[j]))
        j++;
    return j;
}

/* Rule 2: class clashes. */
static void check_class_clashes(ck *cx)
{
    const rotas_county *c = cx->c;
    size_t n = sorted_keys(cx, BY_CLASS_SLOT);
    for (size_t i = 0, j; i < n; i = j) {
        j = run_end(cx, n, i);
        if (j - i > 1) {
            const rotas_class *k = &c->classes[cx->keys[i].a];
            viol(cx->s, _("class %s/%s: %zu lessons on day %d period %d"), sid(c, k->school), k->id,
                 j - i, cx->keys[i].b + 1, cx->keys[i].c + 1);
        }
    }
}

/* Rule 2: teacher clashes. */
static void check_teacher_clashes(ck *cx)
{
    size_t n = sorted_keys(cx, BY_TEACHER_SLOT);
    for (size_t i = 0, j; i < n; i = j) {
        j = run_end(cx, n, i);
        if (j - i > 1)
            viol(cx->s, _("teacher %s: %zu lessons on day %d period %d"), tid(cx->c, cx->keys[i].a),
                 j - i, cx->keys[i].b + 1, cx->keys[i].c + 1);
    }
}

/* Rules 3 and 4, loads and max_days per teacher; the slots for rules 5 and 6. */
static void check_qualified(ck *cx)
{
    const rotas_county *c = cx->c;
    const rotas_policy *p = cx->p;
    const rotas_timetable *tt = cx->tt;
    const int cl = cx->cl;
    const char *clid = cx->clid;
    const size_t nt = c->n_teachers, ns = c->n_schools, nl = tt->n_lessons;
    for (size_t i = 0; i < nl; i++) {
        if (!cx->ok[i])
            continue;
        const rotas_lesson *l = &tt->lessons[i];
        const rotas_teacher *t = &c->teachers[l->teacher];
        const rotas_class *k = &c->classes[l->klass];
        const rotas_subject *sub = &c->subjects[l->subject];
        lesson_label(c, l, cx->lab, sizeof cx->lab);
        cx->load[l->teacher]++;
        if (!teaches(t, l->subject))
            viol(cx->s, _("lesson %zu (%s): %s does not teach %s"), i + 1, cx->lab, t->id, sub->id);
        if (!sub->shortage && t->school != k->school)
            viol(cx->s,
                 _("lesson %zu (%s): %s is not a shortage subject, so a teacher of %s must teach "
                   "it, and %s is of %s"),
                 i + 1, cx->lab, sub->id, sid(c, k->school), t->id, sid(c, t->school));
        if (sub->shortage && !IN_CLUSTER(t->school))
            viol(cx->s, _("lesson %zu (%s): %s is of %s, which is not in cluster %s"), i + 1,
                 cx->lab, t->id, sid(c, t->school), clid);
        size_t nb;
        const rotas_bell_period *bell = rotas_school_bell(&c->schools[k->school], &nb);
        check_lesson_times(cx->s, c, l, i, cx->lab, bell, nb);
        cx->days_of[l->teacher] |= (unsigned char)(1u << l->day);
        cx->slots[cx->n_slots++] =
            (slot){l->teacher, l->day, bell[l->period].start, bell[l->period].end, k->school,
                   l->period,  i};
    }
    for (size_t t = 0; t < nt; t++) {
        int lim =
            c->teachers[t].max_periods > 0 ? c->teachers[t].max_periods : p->default_max_periods;
        if (cx->load[t] > lim)
            viol(cx->s, _("teacher %s: %d lessons a week, at most %d"), c->teachers[t].id,
                 cx->load[t], lim);
        int nd = 0;
        for (int d = 0; d < ROTAS_DAYS; d++)
            nd += (cx->days_of[t] >> d) & 1;
        if (c->teachers[t].max_days > 0 && nd > c->teachers[t].max_days)
            viol(cx->s, _("teacher %s: teaches on %d days, at most %d (max_days)"),
                 c->teachers[t].id, nd, c->teachers[t].max_days);
    }
}

/* Fixed lessons of the cluster's classes are in place. */
static void check_fixed(ck *cx)
{
    const rotas_county *c = cx->c;
    const rotas_timetable *tt = cx->tt;
    const int cl = cx->cl;
    const size_t nk = c->n_classes, ns = c->n_schools, nl = tt->n_lessons;
    for (size_t i = 0; i < c->n_fixed_lessons; i++) {
        const rotas_fixed_lesson *f = &c->fixed_lessons[i];
        if (f->klass < 0 || (size_t)f->klass >= nk || !IN_CLUSTER(c->classes[f->klass].school))
            continue;
        int found = 0;
        for (size_t j = 0; j < nl && !found; j++) {
            const rotas_lesson *l = &tt->lessons[j];
            found = l->klass == f->klass && l->subject == f->subject && l->teacher == f->teacher &&
                    l->day == f->day && l->period == f->period;
        }
        if (!found) {
            const rotas_class *k = &c->classes[f->klass];
            viol(cx->s,
                 _("fixed lesson %zu (%s/%s %s, %s, day %d period %d): not in the timetable"),
                 i + 1, sid(c, k->school), k->id, subid(c, f->subject), tid(c, f->teacher),
                 f->day + 1, f->period + 1);
        }
    }
}

/* Rules 5 and 6 per teacher-day (overlaps, travel time, schools a day); visiting orders. */
static void check_teacher_days(ck *cx)
{
    const rotas_county *c = cx->c;
    const rotas_policy *p = cx->p;
    const size_t nt = c->n_teachers;
    qsort(cx->slots, cx->n_slots, sizeof *cx->slots, slot_cmp);
    for (size_t i = 0; i < nt * ROTAS_DAYS * 2; i++)
        cx->group_of[i] = -1;
    for (size_t g = 0; g < cx->n_slots;) {
        size_t e = g + 1;
        while (e < cx->n_slots && cx->slots[e].teacher == cx->slots[g].teacher &&
               cx->slots[e].day == cx->slots[g].day)
            e++;
        const char *t = tid(c, cx->slots[g].teacher);
        int day = cx->slots[g].day + 1;
        for (size_t a = g; a < e; a++)
            for (size_t b = a + 1; b < e; b++) {
                const slot *x = &cx->slots[a], *y = &cx->slots[b];
                if (x->period != y->period && x->start < y->end && y->start < x->end) {
                    char t1[8], t2[8], t3[8], t4[8];
                    hhmm(x->start, t1, sizeof t1);
                    hhmm(x->end, t2, sizeof t2);
                    hhmm(y->start, t3, sizeof t3);
                    hhmm(y->end, t4, sizeof t4);
                    viol(cx->s,
                         _("teacher %s day %d: %s period %d (%s-%s) overlaps %s period %d "
                           "(%s-%s)"),
                         t, day, sid(c, x->school), x->period + 1, t1, t2, sid(c, y->school),
                         y->period + 1, t3, t4);
                }
            }
        for (size_t a = g; a + 1 < e; a++) {
            const slot *x = &cx->slots[a], *y = &cx->slots[a + 1];
            if (x->school == y->school || y->start < x->end)
                continue; /* same school, or an overlap reported above / a clash */
            double need = rotas_county_minutes(c, x->school, y->school);
            int gap = y->start - x->end;
            if ((double)gap + EPS < need) {
                char t1[8], t2[8];
                hhmm(x->end, t1, sizeof t1);
                hhmm(y->start, t2, sizeof t2);
                viol(cx->s,
                     _("teacher %s day %d: %d minutes from %s (period %d ends %s) to %s (period "
                       "%d starts %s), travel takes %.0f"),
                     t, day, gap, sid(c, x->school), x->period + 1, t1, sid(c, y->school),
                     y->period + 1, t2, need);
            }
        }
        size_t m = visit_order(&cx->slots[g], e - g, cx->order);
        size_t nd = distinct(cx->order, m);
        if ((int)nd > p->max_schools_per_day) {
            list_schools(c, cx->order, m, cx->buf, sizeof cx->buf);
            viol(cx->s, _("teacher %s day %d: teaches at %zu schools (%s), at most %d a day"), t,
                 day, nd, cx->buf, p->max_schools_per_day);
        }
        size_t gi = ((size_t)cx->slots[g].teacher * ROTAS_DAYS + (size_t)cx->slots[g].day) * 2;
        cx->group_of[gi] = (int)g;
        cx->group_of[gi + 1] = (int)(e - g);
        g = e;
    }
}

/* Rule 7: subjects of at most 5 weekly periods at most once a day. */
static void check_once_a_day(ck *cx)
{
    const rotas_county *c = cx->c;
    size_t n = sorted_keys(cx, BY_CLASS_SUBJECT_DAY);
    for (size_t i = 0, j; i < n; i = j) {
        j = run_end(cx, n, i);
        const rotas_class *k = &c->classes[cx->keys[i].a];
        int req = rotas_class_periods(c, k, cx->keys[i].b);
        if (j - i > 1 && req <= 5)
            viol(cx->s,
                 _("class %s/%s %s: %zu lessons on day %d (%d periods a week: at most one a day)"),
                 sid(c, k->school), k->id, c->subjects[cx->keys[i].b].id, j - i, cx->keys[i].c + 1,
                 req);
    }
}

/* Rooms: a lesson of a subject that needs a kind of room takes one of its school's rooms of
   that kind when the school has any; a room named by a lesson belongs to the lesson's school
   and is of the kind the subject needs; a room holds at most its capacity in classes at once. */
static void check_rooms(ck *cx)
{
    const rotas_county *c = cx->c;
    const rotas_timetable *tt = cx->tt;
    size_t *first = calloc(c->n_schools + 1, sizeof *first), nk = 0;
    if (!first) {
        viol(cx->s, _("out of memory while checking rooms"));
        return;
    }
    for (size_t s = 0; s < c->n_schools; s++)
        first[s + 1] = first[s] + c->schools[s].n_rooms;
    for (size_t i = 0; i < tt->n_lessons; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        if (!cx->ok[i])
            continue;
        const rotas_school *sc = &c->schools[c->classes[l->klass].school];
        const char *need = c->subjects[l->subject].room_kind;
        lesson_label(c, l, cx->lab, sizeof cx->lab);
        if (l->room < 0 || (size_t)l->room > sc->n_rooms) {
            viol(cx->s, _("lesson %zu (%s): room index %d is not a room of %s (it has %zu)"), i + 1,
                 cx->lab, l->room, sc->id, sc->n_rooms);
            continue;
        }
        if (l->room == 0) {
            int have = 0;
            for (size_t r = 0; need && r < sc->n_rooms; r++)
                have |= sc->rooms[r].kind && !strcmp(sc->rooms[r].kind, need);
            if (have)
                viol(cx->s,
                     _("lesson %zu (%s): %s needs a %s room and %s has one, but the lesson "
                       "has no room"),
                     i + 1, cx->lab, c->subjects[l->subject].id, need, sc->id);
            continue;
        }
        const rotas_room *rm = &sc->rooms[l->room - 1];
        if (need && (!rm->kind || strcmp(rm->kind, need)))
            viol(cx->s, _("lesson %zu (%s): room %s is a %s room, %s needs a %s room"), i + 1,
                 cx->lab, rm->id, rm->kind ? rm->kind : "?", c->subjects[l->subject].id, need);
        cx->keys[nk++] = (key3){(int)(first[c->classes[l->klass].school] + (size_t)l->room - 1),
                                l->day, l->period};
    }
    qsort(cx->keys, nk, sizeof *cx->keys, key3_cmp);
    for (size_t i = 0, j; i < nk; i = j) {
        j = run_end(cx, nk, i);
        size_t s = 0;
        while (first[s + 1] <= (size_t)cx->keys[i].a)
            s++;
        const rotas_room *rm = &c->schools[s].rooms[(size_t)cx->keys[i].a - first[s]];
        if ((int)(j - i) > rm->capacity)
            viol(cx->s, _("room %s/%s: %zu classes on day %d period %d, it takes %d"),
                 sid(c, (int)s), rm->id, j - i, cx->keys[i].b + 1, cx->keys[i].c + 1, rm->capacity);
    }
    free(first);
}

/* Routes against the lessons. */
static void check_routes(ck *cx)
{
    const rotas_county *c = cx->c;
    const rotas_timetable *tt = cx->tt;
    const size_t nt = c->n_teachers, ns = c->n_schools;
    for (size_t i = 0; i < tt->n_routes; i++) {
        const rotas_route *r = &tt->routes[i];
        if (r->teacher < 0 || (size_t)r->teacher >= nt || r->day < 0 || r->day >= ROTAS_DAYS) {
            viol(cx->s, _("route %zu: unknown teacher (index %d) or day %d outside 1..%d"), i + 1,
                 r->teacher, r->day + 1, ROTAS_DAYS);
            continue;
        }
        const char *t = c->teachers[r->teacher].id;
        size_t cell = (size_t)r->teacher * ROTAS_DAYS + (size_t)r->day;
        if (cx->route_seen[cell]) {
            viol(cx->s, _("route %zu (%s day %d): a second route for this teacher and day"), i + 1,
                 t, r->day + 1);
            continue;
        }
        cx->route_seen[cell] = 1;
        size_t m = 0;
        if (cx->group_of[cell * 2] >= 0)
            m = visit_order(&cx->slots[cx->group_of[cell * 2]], (size_t)cx->group_of[cell * 2 + 1],
                            cx->order);
        int same = m == r->n_schools;
        for (size_t j = 0; same && j < m; j++)
            same = cx->order[j] == r->schools[j];
        if (!same) {
            char got[256];
            list_schools(c, r->schools, r->n_schools, got, sizeof got);
            list_schools(c, cx->order, m, cx->buf, sizeof cx->buf);
            viol(cx->s, _("route %zu (%s day %d): schools %s, but the lessons visit %s"), i + 1, t,
                 r->day + 1, got, cx->buf);
        }
        double km = 0;
        int bad_school = 0;
        for (size_t j = 0; j < r->n_schools; j++)
            if (r->schools[j] < 0 || (size_t)r->schools[j] >= ns)
                bad_school = 1;
        for (size_t j = 0; !bad_school && j + 1 < r->n_schools; j++)
            km += rotas_county_km(c, r->schools[j], r->schools[j + 1]);
        if (!bad_school && !(fabs(r->km - km) <= 0.01))
            viol(cx->s, _("route %zu (%s day %d): km is %.2f, the legs add up to %.2f"), i + 1, t,
                 r->day + 1, r->km, km);
    }
    for (size_t cell = 0; cell < nt * ROTAS_DAYS; cell++) {
        if (cx->group_of[cell * 2] < 0 || cx->route_seen[cell])
            continue;
        size_t m = visit_order(&cx->slots[cx->group_of[cell * 2]],
                               (size_t)cx->group_of[cell * 2 + 1], cx->order);
        if (distinct(cx->order, m) > 1) {
            list_schools(c, cx->order, m, cx->buf, sizeof cx->buf);
            viol(cx->s, _("teacher %s day %zu: visits %s but has no route"),
                 c->teachers[cell / ROTAS_DAYS].id, cell % ROTAS_DAYS + 1, cx->buf);
        }
    }
}

size_t rotas_check_timetable(const rotas_county *c, const rotas_policy *p,
                             const rotas_timetable *tt, rotas_diags *out)
{
    sink s = {out, 0};
    const size_t nk = c->n_classes, nsub = c->n_subjects, nt = c->n_teachers;
    const int cl = tt->cluster;
    ck x = {.c = c, .p = p, .tt = tt, .s = &s, .cl = cl};
    x.clid = cl >= 0 && (size_t)cl < c->n_clusters ? c->clusters[cl].id : NULL;
    if (!x.clid) {
        viol(&s, _("cluster: unknown cluster (index %d)"), cl);
        return s.n;
    }
    if (tt->days != ROTAS_DAYS)
        viol(&s, _("days is %d, expected %d"), tt->days, ROTAS_DAYS);

    size_t nl = tt->n_lessons;
    x.placed = calloc((nk ? nk : 1) * (nsub ? nsub : 1), sizeof *x.placed);
    x.unsch = calloc((nk ? nk : 1) * (nsub ? nsub : 1), sizeof *x.unsch);
    x.load = calloc(nt ? nt : 1, sizeof *x.load);
    x.ok = calloc(nl ? nl : 1, 1);
    x.slots = calloc(nl ? nl : 1, sizeof *x.slots);
    x.keys = calloc(nl ? nl : 1, sizeof *x.keys);
    x.group_of = malloc((nt ? nt : 1) * ROTAS_DAYS * 2 * sizeof *x.group_of);
    x.route_seen = calloc((nt ? nt : 1) * ROTAS_DAYS, 1);
    x.order = malloc((nl ? nl : 1) * sizeof *x.order);
    x.days_of = calloc(nt ? nt : 1, 1);
    if (!x.placed || !x.unsch || !x.load || !x.ok || !x.slots || !x.keys || !x.group_of ||
        !x.route_seen || !x.order || !x.days_of) {
        viol(&s, _("out of memory while checking"));
        goto done;
    }
    check_lessons(&x);
    check_unscheduled(&x);
    check_curriculum(&x);
    check_class_clashes(&x);
    check_teacher_clashes(&x);
    check_qualified(&x);
    check_fixed(&x);
    check_teacher_days(&x);
    check_once_a_day(&x);
    check_rooms(&x);
    check_routes(&x);
done:
    free(x.placed);
    free(x.unsch);
    free(x.load);
    free(x.ok);
    free(x.slots);
    free(x.keys);
    free(x.group_of);
    free(x.route_seen);
    free(x.order);
    free(x.days_of);
    return s.n;
}

/* ------------------------------------------------------------------ re-plans */

size_t rotas_check_timetable_replan(const rotas_county *c, const rotas_timetable *tt,
                                    const rotas_timetable *previous, rotas_diags *out)
{
    sink s = {out, 0};
    int kept = 0;
    const size_t nk = c->n_classes;
    for (size_t j = 0; j < previous->n_lessons; j++) {
        const rotas_lesson *a = &previous->lessons[j];
        int same = 0;
        for (size_t i = 0; i < tt->n_lessons && !same; i++) {
            const rotas_lesson *b = &tt->lessons[i];
            int sa =
                a->klass >= 0 && (size_t)a->klass < nk ? c->classes[a->klass].school : a->school;
            int sb =
                b->klass >= 0 && (size_t)b->klass < nk ? c->classes[b->klass].school : b->school;
            same = sa == sb && a->klass == b->klass && a->subject == b->subject &&
                   a->teacher == b->teacher && a->day == b->day && a->period == b->period;
        }
        kept += same;
    }
    int moved = (int)previous->n_lessons - kept;
    if (tt->kept_lessons != kept)
        viol(&s,
             _("kept_lessons is %d, expected %d (lessons of the previous timetable in the same "
               "place)"),
             tt->kept_lessons, kept);
    if (tt->moved_lessons != moved)
        viol(&s, _("moved_lessons is %d, expected %d (%zu previous lessons - %d kept)"),
             tt->moved_lessons, moved, previous->n_lessons, kept);
    return s.n;
}
