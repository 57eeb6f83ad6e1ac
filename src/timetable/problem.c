/*
 * problem.c - the cluster timetable's internal problem (schools, classes, teachers, demands,
 * slot rules, fixed lessons, re-plan homes, travel conflicts) and the true cost of a
 * placement. Construction and repair (timetable.c) and the placement MIP (mip.c) both read
 * it; neither depends on the other.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "tt_int.h"

#define DAYS ROTAS_DAYS

/* ------------------------------------------------------------------ problem */

void rotas__tt_problem_free(tt_problem *P)
{
    free(P->sch);
    free(P->sloc);
    free(P->kg);
    free(P->ks);
    free(P->tg);
    free(P->ts);
    free(P->cap);
    free(P->dem);
    free(P->qual);
    free(P->conflict);
    free(P->afternoon);
    free(P->tav);
    free(P->dok);
    free(P->pen);
    free(P->maxd);
    free(P->fixed);
    free(P->homes);
    free(P->pool_s);
    free(P->pool_cap);
    free(P->pool_kind);
    memset(P, 0, sizeof *P);
}

static int teaches(const rotas_teacher *t, int subj)
{
    for (size_t i = 0; i < t->n_subjects; i++)
        if (t->subjects[i] == subj)
            return 1;
    return 0;
}

static rotas_rc everyday_build(tt_problem *P, rotas_error *err);

/* Room pools: a demand whose subject names a room kind that its school has takes that pool.
   -1 on out of memory. */
static int pools_build(tt_problem *P)
{
    const rotas_county *c = P->c;
    P->pool_s = malloc(((size_t)P->nd + 1) * sizeof *P->pool_s);
    P->pool_cap = malloc(((size_t)P->nd + 1) * sizeof *P->pool_cap);
    P->pool_kind = malloc(((size_t)P->nd + 1) * sizeof *P->pool_kind);
    if (!P->pool_s || !P->pool_cap || !P->pool_kind)
        return -1;
    for (int d = 0; d < P->nd; d++) {
        tt_demand *dm = &P->dem[d];
        const char *kind = c->subjects[dm->subj].room_kind;
        int s = P->ks[dm->k];
        int cap = rotas_school_room_capacity(&c->schools[P->sch[s].g], kind);
        dm->pool = -1;
        if (cap <= 0)
            continue;
        for (int q = 0; q < P->npool && dm->pool < 0; q++)
            if (P->pool_s[q] == s && !strcmp(P->pool_kind[q], kind))
                dm->pool = q;
        if (dm->pool < 0) {
            P->pool_s[P->npool] = s;
            P->pool_cap[P->npool] = cap;
            P->pool_kind[P->npool] = kind;
            dm->pool = P->npool++;
        }
    }
    return 0;
}

rotas_rc rotas__tt_problem_build(tt_problem *P, const rotas_county *c, int cluster,
                                 const rotas_policy *pol, rotas_error *err)
{
    memset(P, 0, sizeof *P);
    P->c = c;
    P->pol = pol;
    P->cluster = cluster;
    P->max_schools = pol->max_schools_per_day > 0 ? pol->max_schools_per_day : 1;
    P->sloc = malloc((c->n_schools ? c->n_schools : 1) * sizeof *P->sloc);
    P->sch = calloc(c->n_schools ? c->n_schools : 1, sizeof *P->sch);
    if (!P->sloc || !P->sch)
        goto oom;
    for (size_t s = 0; s < c->n_schools; s++) {
        P->sloc[s] = -1;
        if (c->schools[s].cluster == cluster) {
            size_t np = 0;
            P->sch[P->ns].g = (int)s;
            P->sch[P->ns].bell = rotas_school_bell(&c->schools[s], &np);
            P->sch[P->ns].np = (int)np;
            if ((int)np > P->maxp)
                P->maxp = (int)np;
            P->sloc[s] = P->ns++;
        }
    }
    if (P->ns == 0)
        return rotas_error_set(err, ROTAS_EINPUT, _("cluster \"%s\": no school belongs to it"),
                               c->clusters[cluster].id);
    for (int s = 0; s < P->ns; s++)
        P->nk += (int)c->schools[P->sch[s].g].n_classes;
    for (size_t t = 0; t < c->n_teachers; t++) {
        int s = c->teachers[t].school;
        if (s >= 0 && (size_t)s < c->n_schools && P->sloc[s] >= 0)
            P->nt++;
    }
    P->kg = malloc(((size_t)P->nk + 1) * sizeof *P->kg);
    P->ks = malloc(((size_t)P->nk + 1) * sizeof *P->ks);
    P->tg = malloc(((size_t)P->nt + 1) * sizeof *P->tg);
    P->ts = malloc(((size_t)P->nt + 1) * sizeof *P->ts);
    P->cap = malloc(((size_t)P->nt + 1) * sizeof *P->cap);
    P->dem = malloc(((size_t)P->nk * (c->n_subjects ? c->n_subjects : 1) + 1) * sizeof *P->dem);
    if (!P->kg || !P->ks || !P->tg || !P->ts || !P->cap || !P->dem)
        goto oom;
    int k = 0;
    for (int s = 0; s < P->ns; s++) {
        const rotas_school *sc = &c->schools[P->sch[s].g];
        for (size_t i = 0; i < sc->n_classes; i++, k++) {
            P->kg[k] = (int)(sc->first_class + i);
            P->ks[k] = s;
        }
    }
    int t = 0;
    for (size_t g = 0; g < c->n_teachers; g++) {
        const rotas_teacher *te = &c->teachers[g];
        if (te->school < 0 || (size_t)te->school >= c->n_schools || P->sloc[te->school] < 0)
            continue;
        P->tg[t] = (int)g;
        P->ts[t] = P->sloc[te->school];
        P->cap[t] = te->max_periods > 0 ? te->max_periods : pol->default_max_periods;
        if (P->cap[t] < 0)
            P->cap[t] = 0;
        t++;
    }
    for (k = 0; k < P->nk; k++) {
        const rotas_class *cl = &c->classes[P->kg[k]];
        for (size_t j = 0; j < c->n_subjects; j++) {
            int need = rotas_class_periods(c, cl, (int)j);
            if (need <= 0)
                continue;
            tt_demand *d = &P->dem[P->nd++];
            d->k = k;
            d->subj = (int)j;
            d->need = need;
            d->small = need <= 5;
            d->main = c->subjects[j].category == ROTAS_CATEGORY_MAIN;
            P->nl += need;
        }
    }
    if (pools_build(P) != 0)
        goto oom;
    P->qual = calloc((size_t)P->nd * (size_t)P->nt + 1, 1);
    if (!P->qual)
        goto oom;
    for (int d = 0; d < P->nd; d++) {
        int subj = P->dem[d].subj, s = P->ks[P->dem[d].k];
        for (t = 0; t < P->nt; t++) {
            const rotas_teacher *te = &c->teachers[P->tg[t]];
            if (!teaches(te, subj))
                continue;
            if (!c->subjects[subj].shortage && P->ts[t] != s)
                continue;
            P->qual[(size_t)d * (size_t)P->nt + (size_t)t] = 1;
        }
    }
    size_t mp = (size_t)(P->maxp ? P->maxp : 1);
    size_t ns = (size_t)P->ns;
    P->conflict = calloc(ns * ns * mp * mp, 1);
    P->afternoon = calloc(ns * mp, 1);
    if (!P->conflict || !P->afternoon)
        goto oom;
    for (int a = 0; a < P->ns; a++) {
        for (int pa = 0; pa < P->sch[a].np; pa++)
            P->afternoon[(size_t)a * mp + (size_t)pa] = P->sch[a].bell[pa].start >= 12 * 60;
        for (int b = 0; b < P->ns; b++) {
            double travel = rotas_county_minutes(c, P->sch[a].g, P->sch[b].g);
            for (int pa = 0; pa < P->sch[a].np; pa++)
                for (int pb = 0; pb < P->sch[b].np; pb++) {
                    const rotas_bell_period *x = &P->sch[a].bell[pa], *y = &P->sch[b].bell[pb];
                    int overlap = x->start < y->end && y->start < x->end;
                    int bad;
                    /* the same period number at two schools is also kept apart: the
                       checker reads a teacher's (day, period) as one slot */
                    if (a == b || pa == pb)
                        bad = pa == pb || overlap;
                    else if (overlap)
                        bad = 1;
                    else {
                        int gap = x->end <= y->start ? y->start - x->end : x->start - y->end;
                        bad = (double)gap < travel;
                    }
                    P->conflict[(((size_t)a * ns + (size_t)b) * mp + (size_t)pa) * mp +
                                (size_t)pb] = (unsigned char)bad;
                }
        }
    }
    return everyday_build(P, err);
oom:
    return rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
}

static int local_class(const tt_problem *P, int g)
{
    for (int k = 0; k < P->nk; k++)
        if (P->kg[k] == g)
            return k;
    return -1;
}

static int local_teacher(const tt_problem *P, int g)
{
    for (int t = 0; t < P->nt; t++)
        if (P->tg[t] == g)
            return t;
    return -1;
}

static int demand_of(const tt_problem *P, int k, int subj)
{
    for (int d = 0; d < P->nd; d++)
        if (P->dem[d].k == k && P->dem[d].subj == subj)
            return d;
    return -1;
}

/* The everyday constraints of the county in local form: teacher and class availability,
   subject slot rules, preferred periods, max_days, fixed lessons, and each teacher's weekly
   maximum cut to the periods it can teach at all. */
static rotas_rc everyday_build(tt_problem *P, rotas_error *err)
{
    const rotas_county *c = P->c;
    size_t mp = (size_t)(P->maxp ? P->maxp : 1), ns = (size_t)P->ns;
    P->prev_total = -1;
    P->tav = malloc((size_t)P->nt * ns * DAYS * mp + 1);
    P->dok = malloc((size_t)P->nd * DAYS * mp + 1);
    P->pen = calloc((size_t)P->nd * mp + 1, sizeof *P->pen);
    P->maxd = calloc((size_t)P->nt + 1, sizeof *P->maxd);
    P->fixed = calloc(c->n_fixed_lessons + 1, sizeof *P->fixed);
    if (!P->tav || !P->dok || !P->pen || !P->maxd || !P->fixed)
        return rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
    for (int t = 0; t < P->nt; t++) {
        const rotas_teacher *te = &c->teachers[P->tg[t]];
        P->maxd[t] = te->max_days > 0 && te->max_days < DAYS ? te->max_days : 0;
        int perday[DAYS] = {0};
        for (size_t s = 0; s < ns; s++)
            for (int day = 0; day < DAYS; day++)
                for (size_t p = 0; p < mp; p++) {
                    int ok = (int)p < P->sch[s].np;
                    for (size_t b = 0; ok && b < te->n_unavailable; b++) {
                        const rotas_time_block *tb = &te->unavailable[b];
                        const rotas_bell_period *bp = &P->sch[s].bell[p];
                        if (tb->day == day && tb->start < bp->end && bp->start < tb->end)
                            ok = 0;
                    }
                    P->tav[(((size_t)t * ns + s) * DAYS + (size_t)day) * mp + p] =
                        (unsigned char)ok;
                }
        /* a teacher teaches at most one lesson per period number a day (the conflict rule),
           so its week holds at most, per day, the period numbers free at some school */
        for (int day = 0; day < DAYS; day++)
            for (size_t p = 0; p < mp; p++) {
                int any = 0;
                for (size_t s = 0; s < ns && !any; s++)
                    any = P->tav[(((size_t)t * ns + s) * DAYS + (size_t)day) * mp + p];
                perday[day] += any;
            }
        /* the best max_days days */
        for (int i = 1; i < DAYS; i++)
            for (int j = i; j > 0 && perday[j] > perday[j - 1]; j--) {
                int x = perday[j];
                perday[j] = perday[j - 1];
                perday[j - 1] = x;
            }
        int avail = 0;
        for (int day = 0; day < (P->maxd[t] ? P->maxd[t] : DAYS); day++)
            avail += perday[day];
        if (P->cap[t] > avail)
            P->cap[t] = avail;
    }
    for (int d = 0; d < P->nd; d++) {
        tt_demand *dm = &P->dem[d];
        int s = P->ks[dm->k];
        const rotas_class *cl = &c->classes[P->kg[dm->k]];
        const rotas_bell_period *bell = P->sch[s].bell;
        int after_lunch = -1;
        for (int p = 0; p < P->sch[s].np && after_lunch < 0; p++)
            if (bell[p].start >= 12 * 60)
                after_lunch = p;
        int nfp = 0, nal = 0;
        dm->pref = dm->main ? -1 : 0;
        for (size_t r = 0; r < c->n_subject_rules; r++) {
            const rotas_subject_rule *sr = &c->subject_rules[r];
            if (sr->subject != dm->subj)
                continue;
            nfp |= sr->not_first_period;
            nal |= sr->not_after_lunch;
            if (sr->before_period > 0)
                dm->pref = sr->before_period;
        }
        for (int day = 0; day < DAYS; day++)
            for (size_t p = 0; p < mp; p++) {
                int ok =
                    (int)p < P->sch[s].np && !(nfp && p == 0) && !(nal && (int)p == after_lunch);
                for (size_t b = 0; ok && b < cl->n_unavailable; b++)
                    if (cl->unavailable[b].day == day && cl->unavailable[b].period == (int)p)
                        ok = 0;
                P->dok[((size_t)d * DAYS + (size_t)day) * mp + p] = (unsigned char)ok;
            }
        for (size_t p = 0; p < mp && (int)p < P->sch[s].np; p++) {
            int late = dm->pref < 0 ? P->afternoon[(size_t)s * mp + p]
                                    : dm->pref > 0 && (int)p >= dm->pref;
            P->pen[(size_t)d * mp + p] = late ? P->pol->w_tt_morning : 0.0;
        }
    }
    /* fixed lessons of the cluster's classes */
    for (size_t i = 0; i < c->n_fixed_lessons; i++) {
        const rotas_fixed_lesson *f = &c->fixed_lessons[i];
        if (f->klass < 0 || (size_t)f->klass >= c->n_classes ||
            c->schools[c->classes[f->klass].school].cluster != P->cluster)
            continue;
        const rotas_class *cl = &c->classes[f->klass];
        const char *sid = c->schools[cl->school].id;
        const char *subj = f->subject >= 0 && (size_t)f->subject < c->n_subjects
                               ? c->subjects[f->subject].id
                               : "?";
        int k = local_class(P, f->klass);
        int d = k >= 0 ? demand_of(P, k, f->subject) : -1;
        int t = f->teacher >= 0 ? local_teacher(P, f->teacher) : -1;
        const char *why = NULL;
        if (d < 0)
            why = "the class has no lessons of this subject in the curriculum";
        else if (t < 0)
            why = "its teacher is not a teacher of the cluster";
        else if (!P->qual[(size_t)d * (size_t)P->nt + (size_t)t])
            why = "its teacher may not teach it (subject, or own-school rule)";
        else if (f->day < 0 || f->day >= DAYS || !tt_slot_ok(P, d, t, f->day, f->period))
            why = "the period is outside the bell, or the teacher, the class or a subject rule "
                  "does not allow it";
        else {
            int n = 0;
            for (int j = 0; j < P->nfixed; j++) {
                const tt_place *g = &P->fixed[j];
                if (g->d == d)
                    n++;
                if (g->day == f->day && ((P->dem[g->d].k == k && g->p == f->period) ||
                                         (g->t == t && tt_conflict(P, P->ks[P->dem[g->d].k], g->p,
                                                                   P->ks[k], f->period))))
                    why = "it clashes with another fixed lesson";
                if (g->d == d && g->day == f->day && P->dem[d].small)
                    why = "its subject is taught at most once a day and another fixed lesson "
                          "has that day";
            }
            int q = P->dem[d].pool, inroom = 0;
            for (int j = 0; j < P->nfixed && q >= 0; j++)
                inroom += P->dem[P->fixed[j].d].pool == q && P->fixed[j].day == f->day &&
                          P->fixed[j].p == f->period;
            if (!why && q >= 0 && inroom >= P->pool_cap[q])
                why = "the school's rooms of its kind are full then (other fixed lessons)";
            if (!why && n >= P->dem[d].need)
                why = "the class has more fixed lessons of this subject than the curriculum";
        }
        if (why)
            return rotas_error_set(err, ROTAS_EINPUT,
                                   _("fixed_lessons[%zu] (%s/%s %s, day %d period %d): %s"), i, sid,
                                   cl->id, subj, f->day + 1, f->period + 1, why);
        P->fixed[P->nfixed++] = (tt_place){d, t, f->day, f->period};
    }
    for (int t = 0; t < P->nt; t++) {
        int n = 0, days = 0, used[DAYS] = {0};
        for (int j = 0; j < P->nfixed; j++)
            if (P->fixed[j].t == t) {
                n++;
                days += !used[P->fixed[j].day];
                used[P->fixed[j].day] = 1;
            }
        if (n > P->cap[t] || (P->maxd[t] && days > P->maxd[t]))
            return rotas_error_set(err, ROTAS_EINPUT,
                                   _("fixed_lessons: teacher %s has %d fixed lessons on %d days, "
                                     "more than its max_periods or max_days allow"),
                                   c->teachers[P->tg[t]].id, n, days);
    }
    return ROTAS_OK;
}

/* Re-plan: the lessons of the earlier timetable that map onto this cluster become homes
   (lessons to keep where they were, if they still fit). */
rotas_rc rotas__tt_homes_build(tt_problem *P, const rotas_timetable *prev, rotas_error *err)
{
    const rotas_county *c = P->c;
    size_t mp = (size_t)(P->maxp ? P->maxp : 1);
    unsigned char *seen = NULL;
    P->prev_total = (int)prev->n_lessons;
    P->homes = calloc(prev->n_lessons + 1, sizeof *P->homes);
    seen = calloc((size_t)P->nk * DAYS * mp + 1, 1);
    if (!P->homes || !seen) {
        free(seen);
        return rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
    }
    for (size_t i = 0; i < prev->n_lessons; i++) {
        const rotas_lesson *x = &prev->lessons[i];
        if (x->klass < 0 || (size_t)x->klass >= c->n_classes || x->teacher < 0 || x->subject < 0 ||
            x->day < 0 || x->day >= DAYS || x->period < 0 || x->period >= P->maxp)
            continue;
        int k = local_class(P, x->klass);
        if (k < 0 || (x->school >= 0 && x->school != P->sch[P->ks[k]].g))
            continue;
        int d = demand_of(P, k, x->subject), t = local_teacher(P, x->teacher);
        if (d < 0 || t < 0 || !P->qual[(size_t)d * (size_t)P->nt + (size_t)t])
            continue;
        size_t key = ((size_t)k * DAYS + (size_t)x->day) * mp + (size_t)x->period;
        if (seen[key])
            continue; /* a second lesson in one class slot: cannot be kept twice */
        seen[key] = 1;
        int isfixed = 0;
        for (int j = 0; j < P->nfixed && !isfixed; j++)
            isfixed = P->fixed[j].d == d && P->fixed[j].t == t && P->fixed[j].day == x->day &&
                      P->fixed[j].p == x->period;
        if (isfixed) {
            P->prev_fixed++;
            continue;
        }
        P->homes[P->nhomes++] = (tt_place){d, t, x->day, x->period};
    }
    free(seen);
    return ROTAS_OK;
}

/* ------------------------------------------------------------------ cost */

static int lesson_start(const tt_problem *P, const tt_lesson *l)
{
    return P->sch[P->ks[P->dem[l->d].k]].bell[l->p].start;
}

/* Route of a teacher-day given its lessons (indexes into L), sorted here by clock time:
   changes and km over the visiting order. */
void rotas__tt_day_route(const tt_problem *P, const tt_lesson *L, int *ls, int n, int *changes,
                         double *km)
{
    for (int i = 1; i < n; i++) {
        int x = ls[i], j = i - 1;
        int sx = lesson_start(P, &L[x]);
        while (j >= 0 && lesson_start(P, &L[ls[j]]) > sx) {
            ls[j + 1] = ls[j];
            j--;
        }
        ls[j + 1] = x;
    }
    *changes = 0;
    *km = 0.0;
    for (int i = 1; i < n; i++) {
        int a = P->ks[P->dem[L[ls[i - 1]].d].k], b = P->ks[P->dem[L[ls[i]].d].k];
        if (a != b) {
            (*changes)++;
            *km += rotas_county_km(P->c, P->sch[a].g, P->sch[b].g);
        }
    }
}

void rotas__tt_cost(const tt_problem *P, const tt_lesson *L, tt_cost *out)
{
    memset(out, 0, sizeof *out);
    const rotas_policy *w = P->pol;
    int *bucket = malloc(((size_t)P->nl + 1) * sizeof *bucket);
    int *start = calloc((size_t)P->nt * DAYS + 1, sizeof *start);
    unsigned char *serve = calloc((size_t)P->nt * (size_t)P->ns + 1, 1);
    if (!bucket || !start || !serve) {
        out->total = INFINITY;
        goto done;
    }
    for (int l = 0; l < P->nl; l++) {
        if (L[l].day < 0 || L[l].t < 0) {
            out->unplaced++;
            continue;
        }
        start[L[l].t * DAYS + L[l].day]++;
        int s = P->ks[P->dem[L[l].d].k];
        serve[(size_t)L[l].t * (size_t)P->ns + (size_t)s] = 1;
        if (P->pen[(size_t)L[l].d * (size_t)P->maxp + (size_t)L[l].p] > 0)
            out->afternoon_main++;
    }
    if (P->prev_total >= 0) {
        /* a home is kept when its class slot holds a lesson of its demand and teacher */
        int kept = P->prev_fixed;
        for (int l = 0; l < P->nl; l++)
            kept += tt_at_home(P, &L[l]);
        out->moved = P->prev_total - kept;
    }
    /* counting sort of lessons by teacher-day */
    int acc = 0;
    for (int i = 0; i < P->nt * DAYS; i++) {
        int n = start[i];
        start[i] = acc;
        acc += n;
    }
    int *pos = malloc(((size_t)P->nt * DAYS + 1) * sizeof *pos);
    if (!pos) {
        out->total = INFINITY;
        goto done;
    }
    memcpy(pos, start, (size_t)P->nt * DAYS * sizeof *pos);
    for (int l = 0; l < P->nl; l++)
        if (L[l].day >= 0 && L[l].t >= 0)
            bucket[pos[L[l].t * DAYS + L[l].day]++] = l;
    for (int i = 0; i < P->nt * DAYS; i++) {
        int ch;
        double km;
        rotas__tt_day_route(P, L, bucket + start[i], pos[i] - start[i], &ch, &km);
        out->changes += ch;
        out->km += km;
    }
    free(pos);
    for (int t = 0; t < P->nt; t++) {
        int n = 0;
        for (int s = 0; s < P->ns; s++)
            n += serve[(size_t)t * (size_t)P->ns + (size_t)s];
        if (n > 1)
            out->extra_schools += n - 1;
    }
    out->total = w->w_tt_unscheduled * out->unplaced + w->w_tt_change * out->changes +
                 w->w_tt_km * out->km + w->w_tt_school * out->extra_schools +
                 w->w_tt_morning * out->afternoon_main + w->w_tt_keep * out->moved;
done:
    free(bucket);
    free(start);
    free(serve);
}
