/*
 * researchers.c - researchers' school links and visit calendar: two GLPK models through the
 * LP builder (models/researchers.mod and models/researcher_calendar.mod are their MathProg
 * twins).
 *
 * Links. x(p,r,s) = 1 when researcher p links rural school r in subject s (s one of p's
 * subjects that r teaches). Rows: link(r) every rural school linked (slack u(r), cost
 * w_unlinked); weak(r,s) each of the school's `subjects_per_school` weakest subjects that some
 * researcher covers is linked (slack, w_uncovered); one(p,r) one subject per pair; load(p)
 * between min(min_links, cap(p), schools p can link) and cap(p) = min(max_links, available
 * days / min_visits); hi(p), lo(p) bound the loads by lmax and lmin, cost w_balance (lmax -
 * lmin); km per link, cost w_km.
 *
 * Calendar, per researcher: v(l,d) = 1 when link l is visited on day d (a weekday of the term,
 * no holiday, not unavailable, the research weekday of the link's school and subject when it
 * has one). Rows: day(d) one visit a day; visits(l) exactly min_visits (slack short(l), 1000);
 * week(l,w) at most one a week (excess, 50); seg(l,k) a visit in each of min_visits equal
 * parts of the term (slack, 10).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "lp_int.h"
#include "rotas/outfile.h"
#include "rotas/researchers.h"
#include "rotas/shortage.h"

#define W_SHORT 1000.0
#define W_WEEK 50.0
#define W_SPREAD 10.0
/* Researchers kept per school and schools per researcher once the model would be large. */
#define NEAREST_SCHOOLS 15
#define NEAREST_RESEARCHERS 4
#define FULL_MODEL_TRIPLES 20000

void rotas_researchers_options_init(rotas_researchers_options *o)
{
    memset(o, 0, sizeof *o);
    o->min_links = 2;
    o->min_visits = 5;
    o->subjects_per_school = 1;
    o->time_limit = 60;
    o->w_unlinked = 10000;
    o->w_uncovered = 1000;
    o->w_balance = 100;
    o->w_km = 1;
}

void rotas_researchers_result_free(rotas_researchers_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_weak; i++) {
        free(r->weak[i].subjects);
        free(r->weak[i].periods);
    }
    free(r->weak);
    free(r->links);
    free(r->visits);
    free(r->unlinked);
    free(r->uncovered);
    free(r->shortfalls);
    free(r->weak_source);
    free(r->county);
    free(r);
}

static int has_research_word(const char *s)
{
    return s && (strstr(s, "教研") || strstr(s, "research") || strstr(s, "Research"));
}

int rotas_researchers_research_day(const rotas_county *c, int school, int subject, int *start,
                                   int *end)
{
    int count[ROTAS_DAYS] = {0}, st[ROTAS_DAYS] = {0}, en[ROTAS_DAYS] = {0};
    for (size_t t = 0; t < c->n_teachers; t++) {
        const rotas_teacher *T = &c->teachers[t];
        if (T->school != school)
            continue;
        int teaches = 0;
        for (size_t k = 0; k < T->n_subjects; k++)
            teaches |= T->subjects[k] == subject;
        if (!teaches)
            continue;
        for (size_t b = 0; b < T->n_unavailable; b++) {
            const rotas_time_block *B = &T->unavailable[b];
            if (B->day < 0 || B->day >= ROTAS_DAYS || !has_research_word(B->reason))
                continue;
            if (!count[B->day]++) {
                st[B->day] = B->start;
                en[B->day] = B->end;
            }
        }
    }
    int best = -1;
    for (int d = 0; d < ROTAS_DAYS; d++)
        if (count[d] > 0 && (best < 0 || count[d] > count[best]))
            best = d;
    if (best >= 0) {
        if (start)
            *start = st[best];
        if (end)
            *end = en[best];
    }
    return best;
}

static double office_km(const rotas_county *c, const rotas_researcher *R, int school)
{
    if (R->base >= 0)
        return rotas_county_km(c, R->base, school);
    const double rad = 3.14159265358979323846 / 180.0;
    double la1 = R->lat * rad, la2 = c->schools[school].lat * rad;
    double dla = la2 - la1, dlo = (c->schools[school].lon - R->lon) * rad;
    double a = sin(dla / 2) * sin(dla / 2) + cos(la1) * cos(la2) * sin(dlo / 2) * sin(dlo / 2);
    return 1.3 * 2 * 6371.0 * atan2(sqrt(a), sqrt(1 - a));
}

/* Working days of researcher p in [t0, t1]: weekdays, no holiday, not unavailable. */
static size_t work_days(const rotas_researchers_data *r, const rotas_researcher *R, int t0, int t1,
                        int *out)
{
    size_t n = 0, u = 0;
    for (int d = t0; d <= t1; d++) {
        if (rotas_day_weekday(d) >= 5 || rotas_researchers_holiday(r, d))
            continue;
        while (u < R->n_unavailable && R->unavailable[u] < d)
            u++;
        if (u < R->n_unavailable && R->unavailable[u] == d)
            continue;
        if (out)
            out[n] = d;
        n++;
    }
    return n;
}

typedef struct trip {
    int p, r, s;
    int col;
} trip;

typedef struct sdist {
    double km;
    int i;
} sdist;

static int cmp_sdist(const void *a, const void *b)
{
    const sdist *x = a, *y = b;
    if (x->km != y->km)
        return x->km < y->km ? -1 : 1;
    return x->i - y->i;
}

typedef struct wk {
    int s;
    double v;
} wk;

static int cmp_wk(const void *a, const void *b)
{
    const wk *x = a, *y = b;
    if (x->v != y->v)
        return x->v > y->v ? -1 : 1;
    return x->s - y->s;
}

static rotas_status status_of(rotas_lp_status s)
{
    return s == ROTAS_LP_OPTIMAL ? ROTAS_STATUS_OPTIMAL : ROTAS_STATUS_TIME_LIMIT;
}

/* Weak subjects of every rural school into res->weak. */
static rotas_rc weak_subjects(rotas_researchers_result *res, const rotas_county *c,
                              const rotas_researchers_data *r, const rotas_researchers_options *o,
                              const double *demand, rotas_error *err)
{
    size_t ns = c->n_subjects;
    double *unf = NULL;
    wk *tmp = calloc(ns + 1, sizeof *tmp);
    rotas_rc rc = ROTAS_OK;
    if (!tmp)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    const char *src = r->weak_given ? "given" : o->n_plan_unfilled ? "plan" : "shortage";
    if (!(res->weak_source = rotas_strdup(src))) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    if (!r->weak_given) {
        if (!(unf = calloc(c->n_schools * ns + 1, sizeof *unf))) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
            goto done;
        }
        if (o->n_plan_unfilled) {
            for (size_t i = 0; i < o->n_plan_unfilled; i++) {
                int s = o->plan_unfilled_school[i], j = o->plan_unfilled_subject[i];
                if (s >= 0 && (size_t)s < c->n_schools && j >= 0 && (size_t)j < ns)
                    unf[(size_t)s * ns + (size_t)j] += o->plan_unfilled_periods[i];
            }
        } else {
            rotas_policy pol;
            rotas_policy_default(&pol);
            if ((rc = rotas_shortage_compute(unf, NULL, c, &pol, NULL, err)) != ROTAS_OK)
                goto done;
        }
    }
    for (size_t s = 0; s < c->n_schools; s++) {
        if (c->schools[s].area != ROTAS_AREA_RURAL)
            continue;
        rotas_rweak *W = &res->weak[res->n_weak++];
        W->school = (int)s;
        size_t n = 0;
        if (r->weak_given) {
            for (size_t k = 0; k < r->n_weak[s]; k++)
                tmp[n++] = (wk){r->weak[s][k], NAN};
        } else {
            for (size_t j = 0; j < ns; j++)
                if (unf[s * ns + j] > 0.5 && demand[s * ns + j] > 0)
                    tmp[n++] = (wk){(int)j, unf[s * ns + j]};
            qsort(tmp, n, sizeof *tmp, cmp_wk);
        }
        if (n && (!(W->subjects = malloc(n * sizeof *W->subjects)) ||
                  !(W->periods = malloc(n * sizeof *W->periods)))) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
            goto done;
        }
        for (size_t k = 0; k < n; k++) {
            W->subjects[k] = tmp[k].s;
            W->periods[k] = tmp[k].v;
        }
        W->n_subjects = n;
    }
done:
    free(unf);
    free(tmp);
    return rc;
}

/* The calendar of one researcher. Appends visits and shortfalls to res. */
typedef struct cal_out {
    rotas_lp_status status;
    double objective, bound, seconds;
} cal_out;

static rotas_rc calendar_one(rotas_researchers_result *res, const rotas_researcher *R,
                             const rotas_researchers_data *r, const size_t *L, size_t nl,
                             double tlim, int verbose, cal_out *co, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_lp *lp = NULL;
    int t0 = res->term_start, t1 = res->term_end, V = res->min_visits;
    size_t span = (size_t)(t1 - t0 + 1);
    int *days = malloc((span + 1) * sizeof *days);
    int *vcol = NULL, *cols = NULL, *shortc = NULL;
    double *vals = NULL;
    char db[11];
    size_t nd = days ? work_days(r, R, t0, t1, days) : 0;
    if (!days)
        goto oom;
    vcol = malloc((nl * nd + 1) * sizeof *vcol);
    cols = malloc((nl * nd + nd + 8) * sizeof *cols);
    vals = malloc((nl * nd + nd + 8) * sizeof *vals);
    shortc = malloc((nl + 1) * sizeof *shortc);
    if (!vcol || !cols || !vals || !shortc)
        goto oom;
    if ((rc = rotas__lp_new(&lp, "calendar", 0, err)) != ROTAS_OK)
        goto done;
    for (size_t l = 0; l < nl; l++) {
        const rotas_rlink *K = &res->links[L[l]];
        for (size_t d = 0; d < nd; d++) {
            vcol[l * nd + d] = -1;
            if (K->research_day >= 0 && rotas_day_weekday(days[d]) != K->research_day)
                continue;
            vcol[l * nd + d] = rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, 0.0, "v(%zu,%s)", L[l],
                                             rotas_day_format(days[d], db));
            if (vcol[l * nd + d] < 0)
                goto fail;
        }
        shortc[l] = rotas__lp_col(lp, err, ROTAS_LP_INTEGER, 0, V, W_SHORT, "short(%zu)", L[l]);
        if (shortc[l] < 0)
            goto fail;
    }
    /* day(d): one school a day */
    for (size_t d = 0; d < nd; d++) {
        size_t n = 0;
        for (size_t l = 0; l < nl; l++)
            if (vcol[l * nd + d] >= 0) {
                cols[n] = vcol[l * nd + d];
                vals[n++] = 1;
            }
        if (n > 1 && rotas__lp_row(lp, err, -INFINITY, 1, n, cols, vals, "day(%s)",
                                   rotas_day_format(days[d], db)) < 0)
            goto fail;
    }
    for (size_t l = 0; l < nl; l++) {
        /* visits(l) */
        size_t n = 0;
        for (size_t d = 0; d < nd; d++)
            if (vcol[l * nd + d] >= 0) {
                cols[n] = vcol[l * nd + d];
                vals[n++] = 1;
            }
        cols[n] = shortc[l];
        vals[n++] = 1;
        if (rotas__lp_row(lp, err, V, V, n, cols, vals, "visits(%zu)", L[l]) < 0)
            goto fail;
        /* week(l,w): at most one visit a week, the excess paid */
        for (size_t d = 0; d < nd;) {
            int w = rotas_day_week_start(days[d]);
            n = 0;
            for (; d < nd && rotas_day_week_start(days[d]) == w; d++)
                if (vcol[l * nd + d] >= 0) {
                    cols[n] = vcol[l * nd + d];
                    vals[n++] = 1;
                }
            if (n < 2)
                continue;
            int e = rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, INFINITY, W_WEEK, "e(%zu,%s)",
                                  L[l], rotas_day_format(w, db));
            if (e < 0)
                goto fail;
            cols[n] = e;
            vals[n++] = -1;
            if (rotas__lp_row(lp, err, -INFINITY, 1, n, cols, vals, "week(%zu,%s)", L[l], db) < 0)
                goto fail;
        }
        /* seg(l,k): a visit in each part of the term */
        for (int k = 0; k < V; k++) {
            n = 0;
            for (size_t d = 0; d < nd; d++)
                if (vcol[l * nd + d] >= 0 && (long)(days[d] - t0) * V / (long)span == (long)k) {
                    cols[n] = vcol[l * nd + d];
                    vals[n++] = 1;
                }
            int g = rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, 1, W_SPREAD, "g(%zu,%d)", L[l],
                                  k + 1);
            if (g < 0)
                goto fail;
            cols[n] = g;
            vals[n++] = 1;
            if (rotas__lp_row(lp, err, 1, INFINITY, n, cols, vals, "seg(%zu,%d)", L[l], k + 1) < 0)
                goto fail;
        }
    }
    rotas_lp_options lo = {.time_limit = tlim, .verbose = verbose};
    rotas_lp_result lr;
    if ((rc = rotas__lp_solve(lp, &lo, &lr, err)) != ROTAS_OK)
        goto done;
    co->status = lr.status;
    co->objective = lr.objective;
    co->bound = lr.bound;
    co->seconds = lr.seconds;
    if (lr.status != ROTAS_LP_OPTIMAL && lr.status != ROTAS_LP_FEASIBLE) {
        rc = rotas_error_set(err, ROTAS_ESOLVER,
                             _("researcher %s: the calendar model found no calendar in %.0f s"),
                             R->id, tlim);
        goto done;
    }
    for (size_t l = 0; l < nl; l++) {
        int got = 0;
        for (size_t d = 0; d < nd; d++)
            if (vcol[l * nd + d] >= 0 && rotas__lp_value(lp, vcol[l * nd + d]) > 0.5) {
                res->visits[res->n_visits++] = (rotas_rvisit){(int)L[l], days[d]};
                got++;
            }
        if (got < V)
            res->shortfalls[res->n_shortfalls++] = (rotas_rshort){(int)L[l], V - got};
    }
    goto done;
oom:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while building the calendar"));
    goto done;
fail:
    rc = err && err->code ? err->code : ROTAS_ERR;
done:
    rotas__lp_free(lp);
    free(days);
    free(vcol);
    free(cols);
    free(vals);
    free(shortc);
    return rc;
}

/* The MathProg data of the link model (models/researchers.mod). */
static rotas_rc write_dat(const char *path, const rotas_county *c, const rotas_researchers_data *r,
                          const trip *T, size_t nt, const double *km, const int *cap,
                          const int *minl, const int *cand, const rotas_researchers_result *res,
                          const int *req, size_t nreq, const rotas_researchers_options *o,
                          rotas_error *err)
{
    rotas_outfile *of = NULL;
    rotas_rc orc = rotas_outfile_open(&of, path, err);
    if (orc != ROTAS_OK)
        return orc;
    FILE *f = rotas_outfile_stream(of);
    fprintf(f,
            "# data of models/researchers.mod, written by rotas researchers --export-dat\ndata;\n");
    fprintf(f, "param w_unlinked := %.17g;\nparam w_uncovered := %.17g;\n", o->w_unlinked,
            o->w_uncovered);
    fprintf(f, "param w_balance := %.17g;\nparam w_km := %.17g;\n", o->w_balance, o->w_km);
    fprintf(f, "set P :=");
    for (size_t p = 0; p < r->n_researchers; p++)
        if (cap[p] > 0 && cand[p] > 0)
            fprintf(f, " p%zu", p);
    fprintf(f, ";\nset R :=");
    for (size_t i = 0; i < res->n_weak; i++)
        fprintf(f, " r%d", res->weak[i].school);
    fprintf(f, ";\nset S :=");
    for (size_t s = 0; s < c->n_subjects; s++)
        fprintf(f, " s%zu", s);
    fprintf(f, ";\nset X :=");
    for (size_t i = 0; i < nt; i++)
        fprintf(f, "\n (p%d, r%d, s%d)", T[i].p, T[i].r, T[i].s);
    fprintf(f, ";\nset Q :=");
    for (size_t i = 0; i < nreq; i++)
        fprintf(f, " (r%d, s%d)", req[2 * i], req[2 * i + 1]);
    fprintf(f, ";\nparam km :=");
    for (size_t i = 0; i < nt; i++)
        fprintf(f, "\n p%d r%d s%d %.17g", T[i].p, T[i].r, T[i].s, km[i]);
    fprintf(f, ";\nparam cap :=");
    for (size_t p = 0; p < r->n_researchers; p++)
        if (cap[p] > 0 && cand[p] > 0)
            fprintf(f, " p%zu %d", p, cap[p]);
    fprintf(f, ";\nparam minl :=");
    for (size_t p = 0; p < r->n_researchers; p++)
        if (cap[p] > 0 && cand[p] > 0)
            fprintf(f, " p%zu %d", p, minl[p]);
    fprintf(f, ";\nend;\n");
    return rotas_outfile_commit(of, err);
}

rotas_rc rotas_researchers_plan(rotas_researchers_result **out, const rotas_county *c,
                                const rotas_researchers_data *r, const rotas_researchers_options *o,
                                rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_researchers_result *res = calloc(1, sizeof *res);
    rotas_lp *lp = NULL;
    size_t ns = c->n_subjects, nsch = c->n_schools, np = r->n_researchers;
    double *demand = NULL, *km = NULL;
    int *cap = NULL, *minl = NULL, *req = NULL, *cols = NULL, *ucol = NULL, *keep = NULL;
    int *cand_schools = NULL;
    double *vals = NULL;
    trip *T = NULL;
    size_t nt = 0, nreq = 0, *L = NULL;
    sdist *sd = NULL;

    if (!res)
        goto oom;
    res->term_start = o->term_start ? o->term_start : r->term_start;
    res->term_end = o->term_start ? o->term_end : r->term_end;
    res->min_links = o->min_links;
    res->min_visits = o->min_visits;
    res->subjects_per_school = o->subjects_per_school;
    if (!res->term_start || res->term_end < res->term_start) {
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             _("no term: give --term START..END or the county's "
                               "\"term\": {\"start\", \"end\"}"));
        goto done;
    }
    if (o->min_visits < 1 || o->min_links < 0 || o->subjects_per_school < 0) {
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             _("min_visits must be at least 1, min_links and "
                               "subjects_per_school at least 0"));
        goto done;
    }
    if (np == 0) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("the county has no researchers[]"));
        goto done;
    }
    size_t nrural = 0;
    for (size_t s = 0; s < nsch; s++)
        nrural += c->schools[s].area == ROTAS_AREA_RURAL;
    if (nrural == 0) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("the county has no rural schools to link"));
        goto done;
    }
    demand = calloc(nsch * ns + 1, sizeof *demand);
    res->weak = calloc(nrural, sizeof *res->weak);
    cap = calloc(np + 1, sizeof *cap);
    minl = calloc(np + 1, sizeof *minl);
    sd = calloc(nsch + np + 1, sizeof *sd);
    keep = calloc(np * nsch + 1, sizeof *keep);
    cand_schools = calloc(np + 1, sizeof *cand_schools);
    if (!demand || !res->weak || !cap || !minl || !sd || !keep || !cand_schools)
        goto oom;
    rotas_shortage_demand(demand, c);
    if ((rc = weak_subjects(res, c, r, o, demand, err)) != ROTAS_OK)
        goto done;

    /* Capacity of each researcher: links it can visit min_visits times, one school a day. */
    for (size_t p = 0; p < np; p++) {
        size_t nd = work_days(r, &r->researchers[p], res->term_start, res->term_end, NULL);
        cap[p] = (int)(nd / (size_t)o->min_visits);
        if (r->researchers[p].max_links && cap[p] > r->researchers[p].max_links)
            cap[p] = r->researchers[p].max_links;
    }
    /* Candidate pairs (p, r): p has a subject r teaches. keep[p * nsch + r] = 1. */
    size_t ntrip_all = 0;
    for (size_t p = 0; p < np; p++) {
        const rotas_researcher *R = &r->researchers[p];
        if (cap[p] == 0)
            continue;
        for (size_t i = 0; i < res->n_weak; i++) {
            int s = res->weak[i].school, any = 0;
            for (size_t k = 0; k < R->n_subjects; k++)
                if (demand[(size_t)s * ns + (size_t)R->subjects[k]] > 0) {
                    any = 1;
                    ntrip_all++;
                }
            keep[p * nsch + (size_t)s] = any;
        }
    }
    if (ntrip_all > FULL_MODEL_TRIPLES) {
        /* Large county: each researcher keeps its nearest schools, each school its nearest
           researchers, each required weak subject its nearest researchers of the subject. */
        int *k2 = calloc(np * nsch + 1, sizeof *k2);
        if (!k2)
            goto oom;
        for (size_t p = 0; p < np; p++) {
            size_t n = 0;
            for (size_t s = 0; s < nsch; s++)
                if (keep[p * nsch + s])
                    sd[n++] = (sdist){office_km(c, &r->researchers[p], (int)s), (int)s};
            qsort(sd, n, sizeof *sd, cmp_sdist);
            size_t lim =
                NEAREST_SCHOOLS > 3 * (size_t)cap[p] ? NEAREST_SCHOOLS : 3 * (size_t)cap[p];
            for (size_t k = 0; k < n && k < lim; k++)
                k2[p * nsch + (size_t)sd[k].i] = 1;
        }
        for (size_t i = 0; i < res->n_weak; i++) {
            int s = res->weak[i].school;
            for (int pass = -1; pass < (int)res->weak[i].n_subjects && pass < 3; pass++) {
                size_t n = 0;
                for (size_t p = 0; p < np; p++) {
                    if (!keep[p * nsch + (size_t)s])
                        continue;
                    int ok = pass < 0;
                    for (size_t k = 0; !ok && k < r->researchers[p].n_subjects; k++)
                        ok = r->researchers[p].subjects[k] == res->weak[i].subjects[pass];
                    if (ok)
                        sd[n++] = (sdist){office_km(c, &r->researchers[p], s), (int)p};
                }
                qsort(sd, n, sizeof *sd, cmp_sdist);
                for (size_t k = 0; k < n && k < NEAREST_RESEARCHERS; k++)
                    k2[(size_t)sd[k].i * nsch + (size_t)s] = 1;
            }
        }
        free(keep);
        keep = k2;
    }
    /* Triples. */
    T = calloc(ntrip_all + 1, sizeof *T);
    km = calloc(ntrip_all + 1, sizeof *km);
    if (!T || !km)
        goto oom;
    for (size_t p = 0; p < np; p++) {
        const rotas_researcher *R = &r->researchers[p];
        for (size_t i = 0; i < res->n_weak; i++) {
            int s = res->weak[i].school;
            if (!keep[p * nsch + (size_t)s])
                continue;
            cand_schools[p]++;
            for (size_t k = 0; k < R->n_subjects; k++)
                if (demand[(size_t)s * ns + (size_t)R->subjects[k]] > 0) {
                    km[nt] = office_km(c, R, s);
                    T[nt++] = (trip){(int)p, s, R->subjects[k], -1};
                }
        }
        minl[p] = o->min_links;
        if (minl[p] > cap[p])
            minl[p] = cap[p];
        if (minl[p] > cand_schools[p])
            minl[p] = cand_schools[p];
    }
    /* Required weak subjects: the first subjects_per_school of each school that a researcher
       (with days to spare) covers. */
    req = calloc(2 * res->n_weak * (size_t)(o->subjects_per_school + 1) + 2, sizeof *req);
    if (!req)
        goto oom;
    for (size_t i = 0; i < res->n_weak; i++) {
        int got = 0;
        for (size_t k = 0; k < res->weak[i].n_subjects && got < o->subjects_per_school; k++) {
            int j = res->weak[i].subjects[k], exists = 0;
            if (demand[(size_t)res->weak[i].school * ns + (size_t)j] <= 0)
                continue;
            for (size_t p = 0; p < np && !exists; p++)
                for (size_t q = 0; cap[p] > 0 && q < r->researchers[p].n_subjects; q++)
                    exists |= r->researchers[p].subjects[q] == j;
            if (!exists)
                continue;
            req[2 * nreq] = res->weak[i].school;
            req[2 * nreq + 1] = j;
            nreq++;
            got++;
        }
    }

    /* The link model. */
    if ((rc = rotas__lp_new(&lp, "researchers", 0, err)) != ROTAS_OK)
        goto done;
    for (size_t i = 0; i < nt; i++) {
        T[i].col =
            rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, o->w_km * km[i], "x(%s,%s,%s)",
                          r->researchers[T[i].p].id, c->schools[T[i].r].id, c->subjects[T[i].s].id);
        if (T[i].col < 0)
            goto fail;
    }
    size_t maxn = nt + np + 8;
    cols = malloc(maxn * sizeof *cols);
    vals = malloc(maxn * sizeof *vals);
    ucol = malloc((res->n_weak + nreq + 1) * sizeof *ucol);
    if (!cols || !vals || !ucol)
        goto oom;
    /* link(r) */
    for (size_t i = 0; i < res->n_weak; i++) {
        int s = res->weak[i].school;
        size_t n = 0;
        for (size_t t = 0; t < nt; t++)
            if (T[t].r == s) {
                cols[n] = T[t].col;
                vals[n++] = 1;
            }
        ucol[i] = rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, 1, o->w_unlinked, "u(%s)",
                                c->schools[s].id);
        if (ucol[i] < 0)
            goto fail;
        cols[n] = ucol[i];
        vals[n++] = 1;
        if (rotas__lp_row(lp, err, 1, INFINITY, n, cols, vals, "link(%s)", c->schools[s].id) < 0)
            goto fail;
    }
    /* weak(r,s) */
    for (size_t q = 0; q < nreq; q++) {
        size_t n = 0;
        for (size_t t = 0; t < nt; t++)
            if (T[t].r == req[2 * q] && T[t].s == req[2 * q + 1]) {
                cols[n] = T[t].col;
                vals[n++] = 1;
            }
        int w = rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, 1, o->w_uncovered, "w(%s,%s)",
                              c->schools[req[2 * q]].id, c->subjects[req[2 * q + 1]].id);
        ucol[res->n_weak + q] = w;
        if (w < 0)
            goto fail;
        cols[n] = w;
        vals[n++] = 1;
        if (rotas__lp_row(lp, err, 1, INFINITY, n, cols, vals, "weak(%s,%s)",
                          c->schools[req[2 * q]].id, c->subjects[req[2 * q + 1]].id) < 0)
            goto fail;
    }
    /* one(p,r): triples of one pair are consecutive */
    for (size_t t = 0; t < nt;) {
        size_t e = t;
        while (e < nt && T[e].p == T[t].p && T[e].r == T[t].r)
            e++;
        if (e - t > 1) {
            size_t n = 0;
            for (size_t k = t; k < e; k++) {
                cols[n] = T[k].col;
                vals[n++] = 1;
            }
            if (rotas__lp_row(lp, err, -INFINITY, 1, n, cols, vals, "one(%s,%s)",
                              r->researchers[T[t].p].id, c->schools[T[t].r].id) < 0)
                goto fail;
        }
        t = e;
    }
    /* load(p), hi(p), lo(p) */
    int lmax = rotas__lp_col(lp, err, ROTAS_LP_INTEGER, 0, INFINITY, o->w_balance, "lmax");
    int lmin = rotas__lp_col(lp, err, ROTAS_LP_INTEGER, 0, INFINITY, -o->w_balance, "lmin");
    if (lmax < 0 || lmin < 0)
        goto fail;
    for (size_t p = 0; p < np; p++) {
        if (cap[p] == 0)
            continue;
        size_t n = 0;
        for (size_t t = 0; t < nt; t++)
            if (T[t].p == (int)p) {
                cols[n] = T[t].col;
                vals[n++] = 1;
            }
        const char *id = r->researchers[p].id;
        if (n == 0)
            continue;
        if (rotas__lp_row(lp, err, minl[p], cap[p], n, cols, vals, "load(%s)", id) < 0)
            goto fail;
        cols[n] = lmax;
        vals[n] = -1;
        if (rotas__lp_row(lp, err, -INFINITY, 0, n + 1, cols, vals, "hi(%s)", id) < 0)
            goto fail;
        cols[n] = lmin;
        if (rotas__lp_row(lp, err, 0, INFINITY, n + 1, cols, vals, "lo(%s)", id) < 0)
            goto fail;
    }
    if (o->export_lp && (rc = rotas__lp_write_lp(lp, o->export_lp, err)) != ROTAS_OK)
        goto done;
    if (o->export_dat && (rc = write_dat(o->export_dat, c, r, T, nt, km, cap, minl, cand_schools,
                                         res, req, nreq, o, err)) != ROTAS_OK)
        goto done;
    double tl = o->time_limit > 0 ? o->time_limit : 60;
    rotas_lp_options lo = {.time_limit = 0.6 * tl, .verbose = o->verbose, .cuts = 1};
    rotas_lp_result lr;
    if ((rc = rotas__lp_solve(lp, &lo, &lr, err)) != ROTAS_OK)
        goto done;
    if (lr.status != ROTAS_LP_OPTIMAL && lr.status != ROTAS_LP_FEASIBLE) {
        rc = rotas_error_set(
            err, lr.status == ROTAS_LP_INFEASIBLE ? ROTAS_EINFEASIBLE : ROTAS_ESOLVER,
            _("the link model: %s"),
            lr.status == ROTAS_LP_INFEASIBLE    ? "infeasible"
            : lr.status == ROTAS_LP_NO_SOLUTION ? "no solution within the time limit"
                                                : "the solver failed");
        goto done;
    }
    res->status = status_of(lr.status);
    res->objective = lr.objective;
    res->bound = lr.bound;
    res->gap = lr.gap;
    res->seconds = lr.seconds;

    /* Decode the links. */
    res->links = calloc(nt + 1, sizeof *res->links);
    res->unlinked = calloc(res->n_weak + 1, sizeof *res->unlinked);
    res->uncovered = calloc(2 * nreq + 2, sizeof *res->uncovered);
    if (!res->links || !res->unlinked || !res->uncovered)
        goto oom;
    for (size_t t = 0; t < nt; t++) {
        if (rotas__lp_value(lp, T[t].col) < 0.5)
            continue;
        rotas_rlink *K = &res->links[res->n_links++];
        K->researcher = T[t].p;
        K->school = T[t].r;
        K->subject = T[t].s;
        K->km = km[t];
        K->research_day =
            rotas_researchers_research_day(c, T[t].r, T[t].s, &K->research_start, &K->research_end);
        res->km += km[t];
        for (size_t i = 0; i < res->n_weak; i++)
            if (res->weak[i].school == T[t].r)
                for (size_t k = 0; k < res->weak[i].n_subjects; k++)
                    if (res->weak[i].subjects[k] == T[t].s && !K->weak_rank)
                        K->weak_rank = (int)k + 1;
    }
    for (size_t i = 0; i < res->n_weak; i++) {
        int linked = 0;
        for (size_t l = 0; l < res->n_links; l++)
            linked |= res->links[l].school == res->weak[i].school;
        if (!linked)
            res->unlinked[res->n_unlinked++] = res->weak[i].school;
    }
    for (size_t q = 0; q < nreq; q++) {
        int got = 0;
        for (size_t l = 0; l < res->n_links; l++)
            got |= res->links[l].school == req[2 * q] && res->links[l].subject == req[2 * q + 1];
        if (!got) {
            res->uncovered[2 * res->n_uncovered] = req[2 * q];
            res->uncovered[2 * res->n_uncovered + 1] = req[2 * q + 1];
            res->n_uncovered++;
        }
    }
    res->min_load = -1;
    for (size_t p = 0; p < np; p++) {
        if (cap[p] == 0)
            continue;
        int n = 0;
        for (size_t l = 0; l < res->n_links; l++)
            n += res->links[l].researcher == (int)p;
        if (n > res->max_load)
            res->max_load = n;
        if (res->min_load < 0 || n < res->min_load)
            res->min_load = n;
    }
    if (res->min_load < 0)
        res->min_load = 0;

    /* The calendars, one researcher at a time, with the rest of the budget shared out. */
    res->visits = calloc(res->n_links * (size_t)o->min_visits + 1, sizeof *res->visits);
    res->shortfalls = calloc(res->n_links + 1, sizeof *res->shortfalls);
    L = calloc(res->n_links + 1, sizeof *L);
    if (!res->visits || !res->shortfalls || !L)
        goto oom;
    size_t busy = 0;
    for (size_t p = 0; p < np; p++)
        for (size_t l = 0; l < res->n_links; l++)
            if (res->links[l].researcher == (int)p) {
                busy++;
                break;
            }
    double left = tl - lr.seconds;
    if (left < 1)
        left = 1;
    res->calendar_status = ROTAS_STATUS_OPTIMAL;
    res->calendar_bound = 0;
    for (size_t p = 0; p < np; p++) {
        size_t nl = 0;
        for (size_t l = 0; l < res->n_links; l++)
            if (res->links[l].researcher == (int)p)
                L[nl++] = l;
        if (!nl)
            continue;
        cal_out co = {ROTAS_LP_NO_SOLUTION, 0, 0, 0};
        double share = left / (double)(busy ? busy : 1);
        if ((rc = calendar_one(res, &r->researchers[p], r, L, nl, share < 0.5 ? 0.5 : share,
                               o->verbose, &co, err)) != ROTAS_OK)
            goto done;
        busy--;
        left -= co.seconds;
        if (co.status != ROTAS_LP_OPTIMAL)
            res->calendar_status = ROTAS_STATUS_TIME_LIMIT;
        res->calendar_objective += co.objective;
        res->calendar_bound += isfinite(co.bound) ? co.bound : 0;
        res->calendar_seconds += co.seconds;
    }
    res->calendar_gap =
        res->calendar_objective > 1e-9
            ? fabs(res->calendar_objective - res->calendar_bound) / res->calendar_objective
            : 0;
    /* Figures recomputed from the visits. */
    for (size_t l = 0; l < res->n_links; l++) {
        int seen[64] = {0};
        size_t span = (size_t)(res->term_end - res->term_start + 1);
        int lastw = 0, inw = 0;
        for (size_t v = 0; v < res->n_visits; v++) {
            if (res->visits[v].link != (int)l)
                continue;
            int d = res->visits[v].date, w = rotas_day_week_start(d);
            if (inw && w == lastw)
                res->same_week++;
            lastw = w;
            inw = 1;
            long k = (long)(d - res->term_start) * o->min_visits / (long)span;
            if (k >= 0 && k < 64)
                seen[k] = 1;
        }
        for (int k = 0; k < o->min_visits && k < 64; k++)
            res->spread_missing += !seen[k];
    }
    goto done;
oom:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while planning researchers' links"));
    goto done;
fail:
    rc = err && err->code ? err->code : ROTAS_ERR;
done:
    rotas__lp_free(lp);
    free(demand);
    free(km);
    free(cap);
    free(minl);
    free(req);
    free(cols);
    free(vals);
    free(ucol);
    free(keep);
    free(cand_schools);
    free(T);
    free(L);
    free(sd);
    if (rc == ROTAS_OK) {
        *out = res;
        res = NULL;
    }
    rotas_researchers_result_free(res);
    return rc;
}
