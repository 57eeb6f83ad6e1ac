/*
 * check_cover.c - the independent checker of a daily cover (rotas-cover/1).
 *
 * It shares no code with the cover builder (src/cover.c): from the timetable and the absences
 * it lists the lessons that need cover, matches the entries against them, checks each
 * entry's own rules, and then builds the timetable every week of the cover implies (the
 * substitutes teach, swapped lessons trade places, self-study lessons are unscheduled) and
 * checks it with rotas_check_timetable, so that travel minutes, bells, schools a day, loads
 * (each teacher's max_periods plus the cover's extra_periods), unavailable times and subject
 * rules are verified exactly as for a timetable.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/check.h"
#include "rotas/cover.h"

typedef struct sink {
    rotas_diags *out;
    size_t n;
} sink;

static void viol(sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void viol(sink *s, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (s->out)
        rotas_diags_add(s->out, "%s", msg);
    s->n++;
}

static int away(const rotas_cover *cv, int t, long date)
{
    for (size_t i = 0; i < cv->n_absences; i++)
        if (cv->absences[i].teacher == t && cv->absences[i].from <= date &&
            date <= cv->absences[i].to)
            return 1;
    return 0;
}

static const char *tname(const rotas_county *c, int t)
{
    return t >= 0 && (size_t)t < c->n_teachers ? c->teachers[t].id : "?";
}

/* The lesson of tt at (class, subject, teacher, day, period), or -1. */
static long find_lesson(const rotas_timetable *tt, int k, int subj, int t, int day, int per)
{
    for (size_t i = 0; i < tt->n_lessons; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        if (l->klass == k && l->subject == subj && l->teacher == t && l->day == day &&
            l->period == per)
            return (long)i;
    }
    return -1;
}

static int start_of(const rotas_county *c, const rotas_lesson *l)
{
    size_t nb = 0;
    const rotas_bell_period *b = rotas_school_bell(&c->schools[l->school], &nb);
    return l->period >= 0 && (size_t)l->period < nb ? b[l->period].start : 0;
}

/* Routes of a week's lessons: per teacher and day, schools in time order. */
static int routes_of(rotas_timetable *w, const rotas_county *c)
{
    size_t nt = c->n_teachers;
    for (size_t t = 0; t < nt; t++)
        for (int d = 0; d < ROTAS_DAYS; d++) {
            int idx[64], n = 0;
            for (size_t i = 0; i < w->n_lessons && n < 64; i++)
                if (w->lessons[i].teacher == (int)t && w->lessons[i].day == d)
                    idx[n++] = (int)i;
            if (n < 2)
                continue;
            for (int a = 1; a < n; a++) /* by start time */
                for (int b = a; b > 0 && start_of(c, &w->lessons[idx[b - 1]]) >
                                             start_of(c, &w->lessons[idx[b]]);
                     b--) {
                    int x = idx[b];
                    idx[b] = idx[b - 1];
                    idx[b - 1] = x;
                }
            int order[64], m = 0, distinct = 0;
            for (int i = 0; i < n; i++) {
                int s = w->lessons[idx[i]].school;
                if (m == 0 || order[m - 1] != s)
                    order[m++] = s;
            }
            for (int i = 0; i < m; i++) {
                int seen = 0;
                for (int j = 0; j < i; j++)
                    seen |= order[j] == order[i];
                distinct += !seen;
            }
            if (distinct < 2)
                continue;
            rotas_route *r = &w->routes[w->n_routes++];
            r->teacher = (int)t;
            r->day = d;
            r->schools = malloc((size_t)m * sizeof *r->schools);
            if (!r->schools)
                return -1;
            r->n_schools = (size_t)m;
            for (int i = 0; i < m; i++) {
                r->schools[i] = order[i];
                if (i) {
                    r->km += rotas_county_km(c, order[i - 1], order[i]);
                    r->minutes += rotas_county_minutes(c, order[i - 1], order[i]);
                }
            }
        }
    return 0;
}

size_t rotas_check_cover(const rotas_county *c, const rotas_policy *p, const rotas_timetable *tt,
                         const rotas_cover *cv, rotas_diags *out)
{
    sink s = {out, 0};
    size_t ne = cv->n_entries, nl = tt->n_lessons;
    long *lesson_of = calloc(ne ? ne : 1, sizeof *lesson_of);
    long *partner_of = calloc(ne ? ne : 1, sizeof *partner_of);
    long first = -1, last = -1;
    char d1[16], d2[16];
    if (!lesson_of || !partner_of) {
        viol(&s, _("cover: out of memory while checking"));
        goto done;
    }
    if (cv->cluster != tt->cluster)
        viol(&s, _("cover: cluster %s, the timetable's is %s"),
             cv->cluster >= 0 ? c->clusters[cv->cluster].id : "?",
             tt->cluster >= 0 ? c->clusters[tt->cluster].id : "?");
    for (size_t i = 0; i < cv->n_absences; i++) {
        const rotas_absence *a = &cv->absences[i];
        if (first < 0 || a->from < first)
            first = a->from;
        if (a->to > last)
            last = a->to;
    }

    /* Every entry is one lesson of an absent teacher on an absent date, once. */
    int n_sub = 0, n_swap = 0, n_self = 0;
    for (size_t e = 0; e < ne; e++) {
        const rotas_cover_entry *x = &cv->entries[e];
        rotas_date_format(x->date, d1, sizeof d1);
        lesson_of[e] = partner_of[e] = -1;
        if (rotas_date_weekday(x->date) != x->day)
            viol(&s, _("cover %zu: %s is not day %d of its week"), e + 1, d1, x->day + 1);
        if (!away(cv, x->absent, x->date))
            viol(&s, _("cover %zu: %s is not absent on %s"), e + 1, tname(c, x->absent), d1);
        lesson_of[e] = find_lesson(tt, x->klass, x->subject, x->absent, x->day, x->period);
        if (lesson_of[e] < 0) {
            viol(&s,
                 _("cover %zu: the timetable has no lesson of %s for that class, subject, day "
                   "and period"),
                 e + 1, tname(c, x->absent));
            continue;
        }
        for (size_t f = 0; f < e; f++)
            if (lesson_of[f] == lesson_of[e] && cv->entries[f].date == x->date)
                viol(&s, _("cover %zu: the same lesson on %s as cover %zu"), e + 1, d1, f + 1);
        switch (x->kind) {
        case ROTAS_COVER_SUBSTITUTE:
            n_sub++;
            if (x->teacher < 0 || (size_t)x->teacher >= c->n_teachers || x->teacher == x->absent)
                viol(&s, _("cover %zu: substitute %s is not another teacher"), e + 1,
                     tname(c, x->teacher));
            else if (away(cv, x->teacher, x->date))
                viol(&s, _("cover %zu: substitute %s is absent on %s"), e + 1, tname(c, x->teacher),
                     d1);
            break;
        case ROTAS_COVER_SWAP: {
            n_swap++;
            rotas_date_format(x->swap_date, d2, sizeof d2);
            partner_of[e] =
                find_lesson(tt, x->klass, x->swap_subject, x->teacher, x->swap_day, x->swap_period);
            if (partner_of[e] < 0)
                viol(&s,
                     _("cover %zu: swap partner (%s, day %d period %d) is not a lesson of the "
                       "class"),
                     e + 1, tname(c, x->teacher), x->swap_day + 1, x->swap_period + 1);
            if (rotas_date_weekday(x->swap_date) != x->swap_day ||
                x->swap_date - x->swap_day != x->date - x->day || x->swap_date == x->date)
                viol(&s, _("cover %zu: swap date %s is not another weekday of the week of %s"),
                     e + 1, d2, d1);
            if (x->swap_date < first)
                viol(&s, _("cover %zu: swap date %s is before the first absence"), e + 1, d2);
            if (away(cv, x->absent, x->swap_date))
                viol(&s, _("cover %zu: %s is absent on the swap date %s too"), e + 1,
                     tname(c, x->absent), d2);
            if (x->teacher == x->absent || away(cv, x->teacher, x->date) ||
                away(cv, x->teacher, x->swap_date))
                viol(&s, _("cover %zu: swap partner %s is absent on %s or %s"), e + 1,
                     tname(c, x->teacher), d1, d2);
            for (size_t f = 0; f < e; f++)
                if (partner_of[f] >= 0 && partner_of[f] == partner_of[e] &&
                    cv->entries[f].swap_date == x->swap_date)
                    viol(&s, _("cover %zu: swaps with the same lesson as cover %zu"), e + 1, f + 1);
            break;
        }
        case ROTAS_COVER_SELF_STUDY:
            n_self++;
            break;
        }
    }
    if (cv->n_substitute >= 0 &&
        (cv->n_substitute != n_sub || cv->n_swap != n_swap || cv->n_self_study != n_self))
        viol(&s, _("summary: %d substitute, %d swap, %d self_study; the entries have %d, %d, %d"),
             cv->n_substitute, cv->n_swap, cv->n_self_study, n_sub, n_swap, n_self);

    /* Every lesson that needs cover has an entry. */
    for (size_t i = 0; i < cv->n_absences; i++) {
        const rotas_absence *a = &cv->absences[i];
        for (long d = a->from; d <= a->to && d - a->from < 400; d++) {
            int wd = rotas_date_weekday(d);
            if (wd >= ROTAS_DAYS || wd >= tt->days)
                continue;
            rotas_date_format(d, d1, sizeof d1);
            for (size_t l = 0; l < nl; l++) {
                if (tt->lessons[l].teacher != a->teacher || tt->lessons[l].day != wd)
                    continue;
                int found = 0;
                for (size_t e = 0; e < ne && !found; e++)
                    found = lesson_of[e] == (long)l && cv->entries[e].date == d;
                if (!found)
                    viol(&s, _("%s: lesson of %s (day %d period %d, %s) has no cover"), d1,
                         tname(c, a->teacher), wd + 1, tt->lessons[l].period + 1,
                         c->subjects[tt->lessons[l].subject].id);
            }
        }
    }
    if (s.n)
        goto done; /* the weeks cannot be built from entries that do not match */

    /* The timetable of each week, checked as a timetable. */
    for (long mon = first - rotas_date_weekday(first); first >= 0 && mon <= last; mon += 7) {
        rotas_timetable w = *tt;
        rotas_county cc = *c;
        rotas_fixed_lesson *fx = NULL;
        rotas_teacher *tc = NULL;
        w.lessons = malloc((nl ? nl : 1) * sizeof *w.lessons);
        w.unscheduled = malloc((tt->n_unscheduled + ne + 1) * sizeof *w.unscheduled);
        w.routes = calloc(c->n_teachers * ROTAS_DAYS + 1, sizeof *w.routes);
        w.n_routes = 0;
        unsigned char *gone = calloc(nl ? nl : 1, 1);
        fx = malloc((c->n_fixed_lessons + 1) * sizeof *fx);
        tc = malloc((c->n_teachers + 1) * sizeof *tc);
        if (!w.lessons || !w.unscheduled || !w.routes || !gone || !fx || !tc) {
            viol(&s, _("cover: out of memory while checking"));
            goto week_done;
        }
        if (nl)
            memcpy(w.lessons, tt->lessons, nl * sizeof *w.lessons);
        if (tt->n_unscheduled)
            memcpy(w.unscheduled, tt->unscheduled, tt->n_unscheduled * sizeof *w.unscheduled);
        for (size_t e = 0; e < ne; e++) {
            const rotas_cover_entry *x = &cv->entries[e];
            if (x->date - x->day != mon)
                continue;
            rotas_lesson *l = &w.lessons[lesson_of[e]];
            if (x->kind == ROTAS_COVER_SUBSTITUTE) {
                l->teacher = x->teacher;
            } else if (x->kind == ROTAS_COVER_SWAP) {
                rotas_lesson *m = &w.lessons[partner_of[e]];
                l->day = m->day;
                l->period = m->period;
                m->day = x->day;
                m->period = x->period;
            } else {
                gone[lesson_of[e]] = 1;
                size_t u = 0;
                while (u < w.n_unscheduled && !(w.unscheduled[u].klass == l->klass &&
                                                w.unscheduled[u].subject == l->subject))
                    u++;
                if (u == w.n_unscheduled)
                    w.unscheduled[w.n_unscheduled++] = (rotas_unscheduled){l->klass, l->subject, 0};
                w.unscheduled[u].periods++;
            }
        }
        /* fixed lessons of an absent teacher on an absent date are covered, not kept */
        cc.n_fixed_lessons = 0;
        cc.fixed_lessons = fx;
        for (size_t i = 0; i < c->n_fixed_lessons; i++) {
            const rotas_fixed_lesson *f = &c->fixed_lessons[i];
            if (f->day < 0 || f->day >= ROTAS_DAYS || !away(cv, f->teacher, mon + f->day))
                fx[cc.n_fixed_lessons++] = *f;
        }
        /* the cover allowance: extra_periods beyond each teacher's weekly maximum */
        if (c->n_teachers)
            memcpy(tc, c->teachers, c->n_teachers * sizeof *tc);
        for (size_t t = 0; t < c->n_teachers; t++)
            tc[t].max_periods =
                (tc[t].max_periods > 0 ? tc[t].max_periods : p->default_max_periods) +
                (cv->extra_periods > 0 ? cv->extra_periods : 0);
        cc.teachers = tc;
        size_t k = 0;
        for (size_t l = 0; l < nl; l++)
            if (!gone[l])
                w.lessons[k++] = w.lessons[l];
        w.n_lessons = k;
        if (routes_of(&w, c)) {
            viol(&s, _("cover: out of memory while checking"));
            goto week_done;
        }
        rotas_diags d = {0};
        size_t n = rotas_check_timetable(&cc, p, &w, &d);
        rotas_date_format(mon, d1, sizeof d1);
        for (size_t i = 0; i < d.n_items; i++)
            viol(&s, _("week of %s: %s"), d1, d.items[i]);
        if (n > d.n_items)
            viol(&s, _("week of %s: %zu more violations"), d1, n - d.n_items);
        rotas_diags_clear(&d);
    week_done:
        for (size_t r = 0; w.routes && r < w.n_routes; r++)
            free(w.routes[r].schools);
        free(w.routes);
        free(w.lessons);
        free(w.unscheduled);
        free(gone);
        free(fx);
        free(tc);
    }
done:
    free(lesson_of);
    free(partner_of);
    return s.n;
}
