/*
 * check_researchers.c - the independent checker of rotas-researchers/1. It reads the county,
 * the researchers' data and the result, and verifies every rule from the data alone; it uses
 * nothing of the planner (researchers.c): working days, capacities, research half-days,
 * weeks and term parts are recomputed here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/researchers.h"
#include "rotas/shortage.h"

#define V(out, ...)                                                                                \
    do {                                                                                           \
        rotas_diags_add(out, __VA_ARGS__);                                                         \
        nviol++;                                                                                   \
    } while (0)

static int demand_of(const rotas_county *c, int school, int subject)
{
    const rotas_school *S = &c->schools[school];
    int d = 0;
    for (size_t k = 0; k < S->n_classes; k++)
        d += rotas_class_periods(c, &c->classes[S->first_class + k], subject);
    return d;
}

static int unavailable(const rotas_researcher *R, int day)
{
    for (size_t i = 0; i < R->n_unavailable; i++)
        if (R->unavailable[i] == day)
            return 1;
    return 0;
}

static int free_day(const rotas_researchers_data *r, const rotas_researcher *R, int day)
{
    int wd = ((day % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday */
    if (wd >= 5)
        return 0;
    for (size_t h = 0; h < r->n_holidays; h++)
        if (day >= r->holidays[h].start && day <= r->holidays[h].end)
            return 0;
    return !unavailable(R, day);
}

static int teaches(const rotas_researcher *R, int subject)
{
    for (size_t k = 0; k < R->n_subjects; k++)
        if (R->subjects[k] == subject)
            return 1;
    return 0;
}

/* The research weekday (0..4) of teachers of subject at school: the day with most blocks whose
   reason names 教研 or research; -1 if none. */
static int research_weekday(const rotas_county *c, int school, int subject)
{
    int n[5] = {0};
    for (size_t t = 0; t < c->n_teachers; t++) {
        const rotas_teacher *T = &c->teachers[t];
        int has = 0;
        for (size_t k = 0; k < T->n_subjects; k++)
            has |= T->subjects[k] == subject;
        if (T->school != school || !has)
            continue;
        for (size_t b = 0; b < T->n_unavailable; b++) {
            const char *why = T->unavailable[b].reason;
            if (why &&
                (strstr(why, "教研") || strstr(why, "research") || strstr(why, "Research")) &&
                T->unavailable[b].day >= 0 && T->unavailable[b].day < 5)
                n[T->unavailable[b].day]++;
        }
    }
    int best = -1;
    for (int d = 0; d < 5; d++)
        if (n[d] && (best < 0 || n[d] > n[best]))
            best = d;
    return best;
}

static double km_of(const rotas_county *c, const rotas_researcher *R, int school)
{
    if (R->base >= 0)
        return rotas_county_km(c, R->base, school);
    double rad = acos(-1.0) / 180.0;
    double dlat = (c->schools[school].lat - R->lat) * rad,
           dlon = (c->schools[school].lon - R->lon) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) + cos(R->lat * rad) *
                                                   cos(c->schools[school].lat * rad) *
                                                   sin(dlon / 2) * sin(dlon / 2);
    return 1.3 * 2 * 6371.0 * asin(sqrt(h > 1 ? 1 : h));
}

size_t rotas_check_researchers(const rotas_county *c, const rotas_researchers_data *r,
                               const rotas_researchers_result *res, rotas_diags *out)
{
    size_t nviol = 0;
    char d1[11], d2[11];
    size_t np = r->n_researchers, nl = res->n_links;
    int *load = calloc(np + 1, sizeof *load);
    int *count = calloc(nl + 1, sizeof *count);
    double *unf = calloc(c->n_schools * c->n_subjects + 1, sizeof *unf);
    if (!load || !count || !unf) {
        V(out, _("out of memory while checking"));
        goto done;
    }
    if (res->term_end < res->term_start || res->min_visits < 1)
        V(out, _("term %s..%s or min_visits %d is empty"), rotas_day_format(res->term_start, d1),
          rotas_day_format(res->term_end, d2), res->min_visits);

    /* Links. */
    for (size_t l = 0; l < nl; l++) {
        const rotas_rlink *K = &res->links[l];
        const rotas_researcher *R = &r->researchers[K->researcher];
        const char *sid = c->schools[K->school].id, *jid = c->subjects[K->subject].id;
        load[K->researcher]++;
        if (c->schools[K->school].area != ROTAS_AREA_RURAL)
            V(out, _("link %s-%s: school %s is not rural (area %s)"), R->id, sid, sid,
              rotas_area_name(c->schools[K->school].area));
        if (!teaches(R, K->subject))
            V(out, _("link %s-%s: researcher %s does not research %s"), R->id, sid, R->id, jid);
        if (demand_of(c, K->school, K->subject) <= 0)
            V(out, _("link %s-%s: school %s has no %s lessons"), R->id, sid, sid, jid);
        for (size_t m = 0; m < l; m++)
            if (res->links[m].researcher == K->researcher && res->links[m].school == K->school)
                V(out, _("link %s-%s: the researcher links the school twice"), R->id, sid);
        double km = km_of(c, R, K->school);
        if (isfinite(K->km) && fabs(km - K->km) > 0.051)
            V(out, _("link %s-%s: km %.1f, the distance from the base is %.1f"), R->id, sid, K->km,
              km);
        int rd = research_weekday(c, K->school, K->subject);
        if (rd != K->research_day)
            V(out,
              _("link %s-%s (%s): research day %d, the school's teachers of %s have %d "
                "(0 = none)"),
              R->id, sid, jid, K->research_day + 1, jid, rd + 1);
    }

    /* Researchers: capacity and the least links. */
    for (size_t p = 0; p < np; p++) {
        const rotas_researcher *R = &r->researchers[p];
        int days = 0;
        for (int d = res->term_start; d <= res->term_end; d++)
            days += free_day(r, R, d);
        int cap = days / (res->min_visits > 0 ? res->min_visits : 1);
        if (R->max_links && cap > R->max_links)
            cap = R->max_links;
        int cand = 0;
        for (size_t s = 0; s < c->n_schools; s++) {
            if (c->schools[s].area != ROTAS_AREA_RURAL)
                continue;
            int ok = 0;
            for (size_t k = 0; k < R->n_subjects && !ok; k++)
                ok = demand_of(c, (int)s, R->subjects[k]) > 0;
            cand += ok;
        }
        int need = res->min_links;
        if (need > cap)
            need = cap;
        if (need > cand)
            need = cand;
        if (load[p] < need)
            V(out, _("researcher %s links %d rural schools, expected at least %d"), R->id, load[p],
              need);
        if (load[p] > cap)
            V(out, _("researcher %s links %d schools, its %d free days allow %d (%d visits each)"),
              R->id, load[p], days, cap, res->min_visits);
    }

    /* Rural schools: linked, or listed as unlinked; weak subjects. */
    int derive = res->weak_source && !strcmp(res->weak_source, "shortage") && !r->weak_given;
    if (derive) {
        rotas_policy pol;
        rotas_policy_default(&pol);
        if (rotas_shortage_compute(unf, NULL, c, &pol, NULL, NULL) != ROTAS_OK)
            V(out, _("the county's shortage could not be computed"));
    }
    for (size_t s = 0; s < c->n_schools; s++) {
        if (c->schools[s].area != ROTAS_AREA_RURAL)
            continue;
        const char *sid = c->schools[s].id;
        int linked = 0, listed = 0;
        for (size_t l = 0; l < nl; l++)
            linked |= res->links[l].school == (int)s;
        for (size_t i = 0; i < res->n_unlinked; i++)
            listed += res->unlinked[i] == (int)s;
        if (!linked && !listed)
            V(out, _("rural school %s has no link and is not listed in unlinked[]"), sid);
        if (linked && listed)
            V(out, _("school %s is listed in unlinked[] but has a link"), sid);
        const rotas_rweak *W = NULL;
        for (size_t i = 0; i < res->n_weak; i++)
            if (res->weak[i].school == (int)s)
                W = &res->weak[i];
        if (!W) {
            V(out, _("rural school %s is missing from weak[]"), sid);
            continue;
        }
        /* The weak list: the given one, or the county's shortage, most periods first. */
        if (r->weak_given) {
            int same = W->n_subjects == r->n_weak[s];
            for (size_t k = 0; same && k < W->n_subjects; k++)
                same = W->subjects[k] == r->weak[s][k];
            if (!same)
                V(out, _("weak[%s]: the subjects differ from the county's weak_subjects"), sid);
        } else if (derive) {
            size_t n = 0;
            for (size_t j = 0; j < c->n_subjects; j++)
                n += unf[s * c->n_subjects + j] > 0.5 && demand_of(c, (int)s, (int)j) > 0;
            int ok = W->n_subjects == n;
            for (size_t k = 0; ok && k < W->n_subjects; k++) {
                double v = unf[s * c->n_subjects + (size_t)W->subjects[k]];
                ok =
                    v > 0.5 && fabs(v - W->periods[k]) < 1e-6 && (k == 0 || W->periods[k - 1] >= v);
            }
            if (!ok)
                V(out, _("weak[%s]: expected the subjects the school lacks periods in, most first"),
                  sid);
        }
        /* Required weak subjects. */
        int got = 0;
        for (size_t k = 0; k < W->n_subjects && got < res->subjects_per_school; k++) {
            int j = W->subjects[k], exists = 0;
            if (demand_of(c, (int)s, j) <= 0)
                continue;
            for (size_t p = 0; p < np && !exists; p++) {
                int days = 0;
                for (int d = res->term_start; d <= res->term_end && days < res->min_visits; d++)
                    days += free_day(r, &r->researchers[p], d);
                exists = teaches(&r->researchers[p], j) && days >= res->min_visits;
            }
            if (!exists)
                continue;
            got++;
            int has = 0, unc = 0;
            for (size_t l = 0; l < nl; l++)
                has |= res->links[l].school == (int)s && res->links[l].subject == j;
            for (size_t i = 0; i < res->n_uncovered; i++)
                unc |= res->uncovered[2 * i] == (int)s && res->uncovered[2 * i + 1] == j;
            if (!has && !unc)
                V(out,
                  _("school %s: weak subject %s (rank %zu) has no link and is not listed in "
                    "uncovered[]"),
                  sid, c->subjects[j].id, k + 1);
            if (has && unc)
                V(out, _("school %s: %s is listed in uncovered[] but has a link"), sid,
                  c->subjects[j].id);
        }
    }

    /* Visits. */
    for (size_t i = 0; i < res->n_visits; i++) {
        const rotas_rvisit *X = &res->visits[i];
        const rotas_rlink *K = &res->links[X->link];
        const rotas_researcher *R = &r->researchers[K->researcher];
        const char *sid = c->schools[K->school].id;
        rotas_day_format(X->date, d1);
        count[X->link]++;
        if (X->date < res->term_start || X->date > res->term_end)
            V(out, _("visit %s-%s on %s: outside the term"), R->id, sid, d1);
        int wd = ((X->date % 7) + 7 + 3) % 7;
        if (wd >= 5)
            V(out, _("visit %s-%s on %s: a weekend day"), R->id, sid, d1);
        for (size_t h = 0; h < r->n_holidays; h++)
            if (X->date >= r->holidays[h].start && X->date <= r->holidays[h].end)
                V(out, _("visit %s-%s on %s: a holiday (%s)"), R->id, sid, d1,
                  r->holidays[h].name ? r->holidays[h].name : "holidays[]");
        if (unavailable(R, X->date))
            V(out, _("visit %s-%s on %s: the researcher is unavailable"), R->id, sid, d1);
        int rd = research_weekday(c, K->school, K->subject);
        if (rd >= 0 && wd != rd)
            V(out,
              _("visit %s-%s on %s: weekday %d, the school's research half-day for %s is on "
                "weekday %d"),
              R->id, sid, d1, wd + 1, c->subjects[K->subject].id, rd + 1);
        for (size_t k = 0; k < i; k++)
            if (res->visits[k].date == X->date &&
                res->links[res->visits[k].link].researcher == K->researcher)
                V(out, _("researcher %s visits two schools on %s (%s and %s)"), R->id, d1,
                  c->schools[res->links[res->visits[k].link].school].id, sid);
    }
    int same = 0, spread = 0;
    long span = (long)res->term_end - res->term_start + 1;
    for (size_t l = 0; l < nl; l++) {
        const rotas_rlink *K = &res->links[l];
        int missing = 0;
        for (size_t i = 0; i < res->n_shortfalls; i++)
            if (res->shortfalls[i].link == (int)l)
                missing += res->shortfalls[i].missing;
        if (count[l] + missing != res->min_visits || (count[l] < res->min_visits) != (missing > 0))
            V(out, _("link %s-%s: %d visits and %d listed missing, expected %d visits in all"),
              r->researchers[K->researcher].id, c->schools[K->school].id, count[l], missing,
              res->min_visits);
        /* visits in one week beyond the first, and term parts without a visit */
        char part[64] = {0};
        for (size_t i = 0; i < res->n_visits; i++) {
            if (res->visits[i].link != (int)l)
                continue;
            int di = res->visits[i].date;
            int mon = di - ((di % 7) + 7 + 3) % 7;
            int earlier = 0;
            for (size_t k = 0; k < i; k++) {
                int dk = res->visits[k].date;
                earlier |= res->visits[k].link == (int)l && dk - ((dk % 7) + 7 + 3) % 7 == mon;
            }
            same += earlier;
            long k = span > 0 ? (long)(di - res->term_start) * res->min_visits / span : 0;
            if (k >= 0 && k < 64)
                part[k] = 1;
        }
        for (int k = 0; k < res->min_visits && k < 64; k++)
            spread += !part[k];
    }
    if (res->same_week >= 0 && same != res->same_week)
        V(out, _("summary same_week is %d, the visits have %d second visits in one week"),
          res->same_week, same);
    if (res->spread_missing >= 0 && spread != res->spread_missing)
        V(out, _("summary spread_missing is %d, the visits leave %d term parts without a visit"),
          res->spread_missing, spread);
done:
    free(load);
    free(count);
    free(unf);
    return nviol;
}
