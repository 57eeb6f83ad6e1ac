/*
 * bound.c - a lower bound on the travel part of a cluster timetable, for the teachers as chosen.
 * The same model is written in GNU MathProg in models/timetable_bound.mod.
 *
 * Each teacher with lessons is relaxed on its own: only how many of its lessons it gives at
 * each school on each day matters, not which periods. For teacher t with N_s lessons at
 * school s (fixed lessons included), per school s and day:
 *
 *   n[s,day]  integer  lessons at s on day, fixed lessons there <= n <= cap(s,day) y[s,day]
 *   y[s,day]  binary   t teaches at s on day (1 where a fixed lesson is)
 *   u[s]      >= 0     lessons of t at s left unscheduled: N_s - sum_day n[s,day]
 *   days(s):  sum_day y[s,day] + u[s] >= the most lessons t gives one class in a subject
 *             taught at most once a day (<= 5 a week) at s
 *   v[s]      binary   t teaches at s in the week, >= y[s,day]
 *   e         >= 0     extra schools in the week, >= sum_s v - 1           cost w_tt_school
 *   c[day]    >= 0     school changes on day, >= sum_s y[s,day] - 1       cost w_tt_change
 *   z[day,a,b] >= 0    t at both a and b on day, >= y_a + y_b - 1          cost w_tt_km x km(a,b)
 *             (with more than two schools a day allowed, instead per day
 *   k[day]    >= 0     >= sum_s y[s,day] nn(s) / 2 - max_s nn(s) / 2       cost w_tt_km
 *             where nn(s) is the road to the nearest other school: a route through m >= 2
 *             schools has every school at one end of a leg at least, each leg counted twice)
 *   and u costs w_tt_unscheduled - w_tt_morning.
 *
 *   load:        sum n <= the teacher's weekly periods (max_periods cut to its free periods)
 *   daycap(day): sum_s n[s,day] <= the period numbers t is free at some of its schools (a
 *                teacher gives one lesson per period number a day)
 *   maxsch(day): sum_s y[s,day] <= max_schools_per_day
 *   max_days:    w[day] >= y[s,day], sum_day w <= max_days
 *
 * cap(s,day) is the smaller of: the periods of s's bell in which t is free and some class of
 * t at s may have one of t's subjects, and, summed over t's demands at s, one for a subject
 * of at most five weekly periods (taught at most once a day) or the periods open to it.
 *
 * Why the sum of the teachers' optima is a lower bound on the whole objective (for timetables
 * that keep every lesson's teacher): with U0 lessons without a teacher, U1_t unscheduled
 * lessons of teacher t, M lessons outside their preferred periods (M >=
 * pref_lb - U0 - U1) and travel T_t, the objective is at least
 *   w_u U0 + w_m max(0, pref_lb - U0) + sum_t ((w_u - w_m) U1_t + T_t),
 * the first part is the bound without travel, and every teacher's timetable is a solution of
 * its own relaxation above. The caller adds them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "lp_int.h"
#include "rotas/outfile.h"
#include "tt_int.h"

#define DAYS ROTAS_DAYS

/* One teacher's relaxation. */
typedef struct tb {
    const tt_problem *P;
    rotas_error *err;
    int t;
    int *nls;         /* ns: lessons of t at s (N_s) */
    int *nfix;        /* ns * DAYS: fixed lessons of t at s on day */
    int *dmin;        /* ns: most lessons of one subject of at most 5 a week to one class */
    int *dcnt;        /* nd: scratch */
    int *cap;         /* ns * DAYS */
    int pcap[DAYS];   /* period numbers free a day */
    int *ycol, *ncol; /* ns * DAYS, -1 where absent */
    int *vcol, *ucol; /* ns */
    int cols[64];
    double vals[64];
    int *lcols; /* ns * DAYS: the load row */
    double *lvals;
} tb;

static const char *sname(const tt_problem *P, int s)
{
    return P->c->schools[P->sch[s].g].id;
}

/* cap(s,day) and the period numbers of each day, from the slot rules of t's demands. */
static void capacities(tb *b, const tt_lesson *L)
{
    const tt_problem *P = b->P;
    int t = b->t, ns = P->ns, mp = P->maxp;
    unsigned char *seen = calloc((size_t)P->nd + 1, 1);
    for (int day = 0; day < DAYS; day++) {
        b->pcap[day] = 0;
        for (int p = 0; p < mp; p++) {
            int any = 0;
            for (int s = 0; s < ns && !any; s++)
                any = b->nls[s] > 0 && p < P->sch[s].np &&
                      P->tav[(((size_t)t * (size_t)ns + (size_t)s) * DAYS + (size_t)day) *
                                 (size_t)mp +
                             (size_t)p];
            b->pcap[day] += any;
        }
    }
    for (int s = 0; s < ns; s++) {
        if (b->nls[s] == 0)
            continue;
        for (int day = 0; day < DAYS; day++) {
            int slots = 0, per_demand = 0;
            for (int p = 0; p < P->sch[s].np; p++) {
                int open = 0;
                for (int l = 0; l < P->nl && !open; l++)
                    open = L[l].t == t && P->ks[P->dem[L[l].d].k] == s &&
                           tt_slot_ok(P, L[l].d, t, day, p);
                slots += open;
            }
            if (seen)
                memset(seen, 0, (size_t)P->nd);
            for (int l = 0; l < P->nl; l++) {
                int d = L[l].d;
                if (L[l].t != t || P->ks[P->dem[d].k] != s || (seen && seen[d]))
                    continue;
                if (seen)
                    seen[d] = 1;
                int open = 0;
                for (int p = 0; p < P->sch[s].np; p++)
                    open += tt_slot_ok(P, d, t, day, p);
                per_demand += P->dem[d].small && open > 0 ? 1 : open;
            }
            int cp = slots < per_demand ? slots : per_demand;
            if (!seen) /* out of memory: the weaker, still valid cap */
                cp = slots;
            b->cap[(size_t)s * DAYS + (size_t)day] = cp;
        }
    }
    free(seen);
}

/* Build and solve the relaxation of teacher b->t; *lb gets a valid lower bound on its part
   (the optimum, or the solver's bound when time ran out; 0 when neither is known). */
static rotas_rc teacher_bound(tb *b, const tt_lesson *L, double time_limit, double *lb)
{
    const tt_problem *P = b->P;
    const rotas_county *C = P->c;
    const rotas_policy *w = P->pol;
    rotas_error *err = b->err;
    int t = b->t, ns = P->ns;
    const char *tid = C->teachers[P->tg[t]].id;
    rotas_lp *lp = NULL;
    rotas_rc rc = ROTAS_OK;
    double wu = w->w_tt_unscheduled - w->w_tt_morning;
    *lb = 0.0;
    capacities(b, L);
    if ((rc = rotas__lp_new(&lp, "timetable_bound", 0, err)) != ROTAS_OK)
        return rc;
    int nsch = 0, ecol = -1;
    for (int s = 0; s < ns; s++) {
        b->vcol[s] = b->ucol[s] = -1;
        for (int day = 0; day < DAYS; day++)
            b->ycol[(size_t)s * DAYS + (size_t)day] = b->ncol[(size_t)s * DAYS + (size_t)day] = -1;
        if (b->nls[s] == 0)
            continue;
        nsch++;
        b->vcol[s] =
            rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, 0.0, "v(%s,%s)", tid, sname(P, s));
        b->ucol[s] = rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, b->nls[s], wu > 0 ? wu : 0,
                                   "u(%s,%s)", tid, sname(P, s));
        if (b->vcol[s] < 0 || b->ucol[s] < 0)
            goto fail;
        for (int day = 0; day < DAYS; day++) {
            size_t i = (size_t)s * DAYS + (size_t)day;
            int fx = b->nfix[i];
            int hi = b->cap[i] > fx ? b->cap[i] : fx;
            b->ycol[i] = rotas__lp_col(lp, err, ROTAS_LP_BINARY, fx > 0, 1, 0.0, "y(%s,%s,%d)", tid,
                                       sname(P, s), day + 1);
            b->ncol[i] = rotas__lp_col(lp, err, ROTAS_LP_INTEGER, fx, hi, 0.0, "n(%s,%s,%d)", tid,
                                       sname(P, s), day + 1);
            if (b->ycol[i] < 0 || b->ncol[i] < 0)
                goto fail;
            /* n <= cap y;  y <= v */
            int c2[2] = {b->ncol[i], b->ycol[i]};
            double v2[2] = {1, -(double)hi};
            if (rotas__lp_row(lp, err, -INFINITY, 0, 2, c2, v2, "open(%s,%s,%d)", tid, sname(P, s),
                              day + 1) < 0)
                goto fail;
            int c3[2] = {b->ycol[i], b->vcol[s]};
            double v3[2] = {1, -1};
            if (rotas__lp_row(lp, err, -INFINITY, 0, 2, c3, v3, "week(%s,%s,%d)", tid, sname(P, s),
                              day + 1) < 0)
                goto fail;
        }
        /* cover(s): sum_day n + u = N_s */
        int n = 0;
        for (int day = 0; day < DAYS; day++) {
            b->cols[n] = b->ncol[(size_t)s * DAYS + (size_t)day];
            b->vals[n++] = 1;
        }
        b->cols[n] = b->ucol[s];
        b->vals[n++] = 1;
        if (rotas__lp_row(lp, err, b->nls[s], b->nls[s], (size_t)n, b->cols, b->vals,
                          "cover(%s,%s)", tid, sname(P, s)) < 0)
            goto fail;
        /* days(s): a subject given at most once a day needs as many days there */
        if (b->dmin[s] >= 2) {
            n = 0;
            for (int day = 0; day < DAYS; day++) {
                b->cols[n] = b->ycol[(size_t)s * DAYS + (size_t)day];
                b->vals[n++] = 1;
            }
            b->cols[n] = b->ucol[s];
            b->vals[n++] = 1;
            if (rotas__lp_row(lp, err, b->dmin[s], INFINITY, (size_t)n, b->cols, b->vals,
                              "days(%s,%s)", tid, sname(P, s)) < 0)
                goto fail;
        }
    }
    if (nsch >= 2) {
        ecol =
            rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, INFINITY, w->w_tt_school, "e(%s)", tid);
        if (ecol < 0)
            goto fail;
        int n = 0;
        for (int s = 0; s < ns; s++)
            if (b->vcol[s] >= 0) {
                b->cols[n] = b->vcol[s];
                b->vals[n++] = 1;
            }
        b->cols[n] = ecol;
        b->vals[n++] = -1;
        if (rotas__lp_row(lp, err, -INFINITY, 1, (size_t)n, b->cols, b->vals, "extra(%s)", tid) < 0)
            goto fail;
    }
    /* load: at most the teacher's weekly periods (its max_periods cut to its free periods) */
    {
        int n = 0;
        for (int s = 0; s < ns; s++)
            for (int day = 0; day < DAYS; day++)
                if (b->ncol[(size_t)s * DAYS + (size_t)day] >= 0) {
                    b->lcols[n] = b->ncol[(size_t)s * DAYS + (size_t)day];
                    b->lvals[n++] = 1;
                }
        if (n > 0 && rotas__lp_row(lp, err, -INFINITY, P->cap[t], (size_t)n, b->lcols, b->lvals,
                                   "load(%s)", tid) < 0)
            goto fail;
    }
    /* per day: period numbers, schools, changes, km */
    double nnmax = 0;
    double *nn = calloc((size_t)ns + 1, sizeof *nn);
    if (!nn) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
        goto done;
    }
    for (int a = 0; a < ns; a++) {
        nn[a] = INFINITY;
        for (int z = 0; z < ns; z++)
            if (z != a && b->nls[z] > 0 && b->nls[a] > 0) {
                double km = rotas_county_km(C, P->sch[a].g, P->sch[z].g);
                if (km < nn[a])
                    nn[a] = km;
            }
        if (!isfinite(nn[a]))
            nn[a] = 0;
        if (nn[a] > nnmax)
            nnmax = nn[a];
    }
    int wcols[DAYS], nw = 0;
    for (int day = 0; day < DAYS && rc == ROTAS_OK; day++) {
        int n = 0;
        for (int s = 0; s < ns; s++)
            if (b->ncol[(size_t)s * DAYS + (size_t)day] >= 0) {
                b->cols[n] = b->ncol[(size_t)s * DAYS + (size_t)day];
                b->vals[n++] = 1;
            }
        if (n > 0 && rotas__lp_row(lp, err, -INFINITY, b->pcap[day], (size_t)n, b->cols, b->vals,
                                   "daycap(%s,%d)", tid, day + 1) < 0)
            rc = ROTAS_ERR;
        if (P->maxd[t]) {
            wcols[nw] =
                rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, 0.0, "w(%s,%d)", tid, day + 1);
            if (wcols[nw] < 0) {
                rc = ROTAS_ERR;
                break;
            }
            for (int s = 0; s < ns && rc == ROTAS_OK; s++) {
                int y = b->ycol[(size_t)s * DAYS + (size_t)day];
                if (y < 0)
                    continue;
                int c2[2] = {y, wcols[nw]};
                double v2[2] = {1, -1};
                if (rotas__lp_row(lp, err, -INFINITY, 0, 2, c2, v2, "dayon(%s,%s,%d)", tid,
                                  sname(P, s), day + 1) < 0)
                    rc = ROTAS_ERR;
            }
            nw++;
        }
        if (nsch < 2)
            continue;
        n = 0;
        for (int s = 0; s < ns; s++)
            if (b->ycol[(size_t)s * DAYS + (size_t)day] >= 0) {
                b->cols[n] = b->ycol[(size_t)s * DAYS + (size_t)day];
                b->vals[n++] = 1;
            }
        if (rotas__lp_row(lp, err, -INFINITY, P->max_schools, (size_t)n, b->cols, b->vals,
                          "maxsch(%s,%d)", tid, day + 1) < 0) {
            rc = ROTAS_ERR;
            break;
        }
        int cc = rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, INFINITY, w->w_tt_change,
                               "c(%s,%d)", tid, day + 1);
        if (cc < 0) {
            rc = ROTAS_ERR;
            break;
        }
        b->cols[n] = cc;
        b->vals[n] = -1;
        if (rotas__lp_row(lp, err, -INFINITY, 1, (size_t)n + 1, b->cols, b->vals, "change(%s,%d)",
                          tid, day + 1) < 0) {
            rc = ROTAS_ERR;
            break;
        }
        if (P->max_schools <= 2) {
            for (int a = 0; a < ns && rc == ROTAS_OK; a++)
                for (int z = a + 1; z < ns && rc == ROTAS_OK; z++) {
                    int ya = b->ycol[(size_t)a * DAYS + (size_t)day];
                    int yz = b->ycol[(size_t)z * DAYS + (size_t)day];
                    if (ya < 0 || yz < 0)
                        continue;
                    double km = rotas_county_km(C, P->sch[a].g, P->sch[z].g);
                    int zc =
                        rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, INFINITY, w->w_tt_km * km,
                                      "z(%s,%d,%s,%s)", tid, day + 1, sname(P, a), sname(P, z));
                    int c3[3] = {ya, yz, zc};
                    double v3[3] = {1, 1, -1};
                    if (zc < 0 ||
                        rotas__lp_row(lp, err, -INFINITY, 1, 3, c3, v3, "pair(%s,%d,%s,%s)", tid,
                                      day + 1, sname(P, a), sname(P, z)) < 0)
                        rc = ROTAS_ERR;
                }
        } else {
            int kc = rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, INFINITY, w->w_tt_km,
                                   "k(%s,%d)", tid, day + 1);
            if (kc < 0) {
                rc = ROTAS_ERR;
                break;
            }
            n = 0;
            for (int s = 0; s < ns; s++)
                if (b->ycol[(size_t)s * DAYS + (size_t)day] >= 0) {
                    b->cols[n] = b->ycol[(size_t)s * DAYS + (size_t)day];
                    b->vals[n++] = nn[s] / 2;
                }
            b->cols[n] = kc;
            b->vals[n++] = -1;
            if (rotas__lp_row(lp, err, -INFINITY, nnmax / 2, (size_t)n, b->cols, b->vals,
                              "legs(%s,%d)", tid, day + 1) < 0)
                rc = ROTAS_ERR;
        }
    }
    free(nn);
    if (rc != ROTAS_OK)
        goto fail;
    if (nw > 0) {
        double ones[DAYS] = {1, 1, 1, 1, 1};
        if (rotas__lp_row(lp, err, -INFINITY, P->maxd[t], (size_t)nw, wcols, ones, "maxdays(%s)",
                          tid) < 0)
            goto fail;
    }
    rotas_lp_options lo = {.time_limit = time_limit > 0.05 ? time_limit : 0.05};
    rotas_lp_result res;
    if ((rc = rotas__lp_solve(lp, &lo, &res, err)) != ROTAS_OK)
        goto done;
    if (res.status == ROTAS_LP_OPTIMAL && isfinite(res.objective))
        *lb = res.objective;
    else if (isfinite(res.bound))
        *lb = res.bound;
    if (*lb < 0)
        *lb = 0;
    goto done;
fail:
    if (rc == ROTAS_OK || rc == ROTAS_ERR)
        rc = err && err->code ? err->code : ROTAS_ERR;
done:
    rotas__lp_free(lp);
    return rc;
}

static void tb_free(tb *b)
{
    free(b->nls);
    free(b->nfix);
    free(b->dmin);
    free(b->dcnt);
    free(b->cap);
    free(b->ycol);
    free(b->ncol);
    free(b->vcol);
    free(b->ucol);
    free(b->lcols);
    free(b->lvals);
}

static rotas_rc tb_init(tb *b, const tt_problem *P, rotas_error *err)
{
    size_t ns = (size_t)P->ns;
    memset(b, 0, sizeof *b);
    b->P = P;
    b->err = err;
    b->nls = calloc(ns + 1, sizeof *b->nls);
    b->nfix = calloc(ns * DAYS + 1, sizeof *b->nfix);
    b->dmin = calloc(ns + 1, sizeof *b->dmin);
    b->dcnt = calloc((size_t)P->nd + 1, sizeof *b->dcnt);
    b->cap = calloc(ns * DAYS + 1, sizeof *b->cap);
    b->ycol = calloc(ns * DAYS + 1, sizeof *b->ycol);
    b->ncol = calloc(ns * DAYS + 1, sizeof *b->ncol);
    b->vcol = calloc(ns + 1, sizeof *b->vcol);
    b->ucol = calloc(ns + 1, sizeof *b->ucol);
    b->lcols = calloc(ns * DAYS + 1, sizeof *b->lcols);
    b->lvals = calloc(ns * DAYS + 1, sizeof *b->lvals);
    if (!b->nls || !b->nfix || !b->dmin || !b->dcnt || !b->cap || !b->ycol || !b->ncol ||
        !b->vcol || !b->ucol || !b->lcols || !b->lvals) {
        tb_free(b);
        return rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
    }
    return ROTAS_OK;
}

/* Load teacher t's lessons per school (and its fixed lessons per school and day); returns 1
   when they are at two schools or more. A teacher of one school travels nowhere, and its
   relaxation may be counted as 0 (at most its optimum). */
static int tb_load(tb *b, const tt_lesson *L, int t)
{
    const tt_problem *P = b->P;
    int nsch = 0;
    memset(b->nls, 0, (size_t)P->ns * sizeof *b->nls);
    memset(b->nfix, 0, (size_t)P->ns * DAYS * sizeof *b->nfix);
    memset(b->dmin, 0, (size_t)P->ns * sizeof *b->dmin);
    memset(b->dcnt, 0, (size_t)P->nd * sizeof *b->dcnt);
    for (int l = 0; l < P->nl; l++) {
        if (L[l].t != t)
            continue;
        int d = L[l].d, s = P->ks[P->dem[d].k];
        nsch += b->nls[s]++ == 0;
        if (L[l].fix && L[l].day >= 0)
            b->nfix[(size_t)s * DAYS + (size_t)L[l].day]++;
        if (P->dem[d].small && ++b->dcnt[d] > b->dmin[s])
            b->dmin[s] = b->dcnt[d];
    }
    b->t = t;
    return nsch >= 2;
}

/* The argument in the head comment needs w_tt_unscheduled >= w_tt_morning; rows are built in
   fixed scratch of 64 entries (clusters have a handful of schools). */
static int bound_applies(const tt_problem *P)
{
    return P->ns + 2 <= 64 && P->pol->w_tt_unscheduled >= P->pol->w_tt_morning;
}

rotas_rc rotas__tt_travel_bound(const tt_problem *P, const tt_lesson *L, double time_limit,
                                double *out, rotas_error *err)
{
    rotas_rc rc;
    tb b;
    *out = 0.0;
    if (!bound_applies(P))
        return ROTAS_OK;
    if ((rc = tb_init(&b, P, err)) != ROTAS_OK)
        return rc;
    int nit = 0;
    for (int t = 0; t < P->nt; t++)
        nit += tb_load(&b, L, t);
    double share = nit > 0 ? time_limit / nit : time_limit;
    for (int t = 0; t < P->nt && rc == ROTAS_OK; t++) {
        if (!tb_load(&b, L, t))
            continue;
        double lb = 0;
        rc = teacher_bound(&b, L, share, &lb);
        if (getenv("ROTAS_TT_DEBUG"))
            fprintf(stderr, "travel bound %s: %.2f\n", P->c->teachers[P->tg[t]].id, lb);
        *out += lb;
    }
    tb_free(&b);
    return rc;
}

rotas_rc rotas__tt_write_bound_dat(const tt_problem *P, const tt_lesson *L, const char *path,
                                   rotas_error *err)
{
    const rotas_policy *w = P->pol;
    rotas_rc rc;
    tb b;
    int ns = P->ns;
    if ((rc = tb_init(&b, P, err)) != ROTAS_OK)
        return rc;
    rotas_outfile *out = NULL;
    if ((rc = rotas_outfile_open(&out, path, err)) != ROTAS_OK) {
        tb_free(&b);
        return rc;
    }
    FILE *f = rotas_outfile_stream(out);
    fprintf(f, "/* travel bound data for models/timetable_bound.mod: cluster %s */\ndata;\n",
            P->c->clusters[P->cluster].id);
    fprintf(f, "set D := 1 2 3 4 5;\nset S :=");
    for (int s = 0; s < ns; s++)
        fprintf(f, " %d", s + 1);
    fprintf(f, ";\nset T :=");
    for (int t = 0; t < P->nt; t++)
        if (bound_applies(P) && tb_load(&b, L, t))
            fprintf(f, " %d", t + 1);
    fprintf(f, ";\nparam load :=");
    for (int t = 0; t < P->nt; t++)
        if (bound_applies(P) && tb_load(&b, L, t))
            fprintf(f, " %d %d", t + 1, P->cap[t]);
    fprintf(f, ";\nparam maxd :=");
    for (int t = 0; t < P->nt; t++)
        if (bound_applies(P) && tb_load(&b, L, t) && P->maxd[t])
            fprintf(f, " %d %d", t + 1, P->maxd[t]);
    fprintf(f, ";\nparam N :=");
    for (int t = 0; t < P->nt; t++)
        if (bound_applies(P) && tb_load(&b, L, t))
            for (int s = 0; s < ns; s++)
                if (b.nls[s])
                    fprintf(f, " [%d,%d] %d", t + 1, s + 1, b.nls[s]);
    fprintf(f, ";\nparam fx :=");
    for (int t = 0; t < P->nt; t++)
        if (bound_applies(P) && tb_load(&b, L, t))
            for (size_t i = 0; i < (size_t)ns * DAYS; i++)
                if (b.nfix[i])
                    fprintf(f, " [%d,%zu,%zu] %d", t + 1, i / DAYS + 1, i % DAYS + 1, b.nfix[i]);
    fprintf(f, ";\nparam dmin :=");
    for (int t = 0; t < P->nt; t++)
        if (bound_applies(P) && tb_load(&b, L, t))
            for (int s = 0; s < ns; s++)
                if (b.dmin[s])
                    fprintf(f, " [%d,%d] %d", t + 1, s + 1, b.dmin[s]);
    fprintf(f, ";\nparam cap :=");
    for (int t = 0; t < P->nt; t++)
        if (bound_applies(P) && tb_load(&b, L, t)) {
            capacities(&b, L);
            for (size_t i = 0; i < (size_t)ns * DAYS; i++)
                if (b.nls[i / DAYS])
                    fprintf(f, " [%d,%zu,%zu] %d", t + 1, i / DAYS + 1, i % DAYS + 1, b.cap[i]);
        }
    fprintf(f, ";\nparam pcap :=");
    for (int t = 0; t < P->nt; t++)
        if (bound_applies(P) && tb_load(&b, L, t)) {
            capacities(&b, L);
            for (int day = 0; day < DAYS; day++)
                fprintf(f, " [%d,%d] %d", t + 1, day + 1, b.pcap[day]);
        }
    fprintf(f, ";\nparam km :=");
    for (int a = 0; a < ns; a++)
        for (int z = 0; z < ns; z++)
            if (a != z)
                fprintf(f, " [%d,%d] %.17g", a + 1, z + 1,
                        rotas_county_km(P->c, P->sch[a].g, P->sch[z].g));
    fprintf(f, ";\nparam maxs := %d;\n", P->max_schools);
    fprintf(f, "param w_u := %.17g;\nparam w_m := %.17g;\nparam w_c := %.17g;\n",
            w->w_tt_unscheduled, w->w_tt_morning, w->w_tt_change);
    fprintf(f, "param w_km := %.17g;\nparam w_s := %.17g;\nend;\n", w->w_tt_km, w->w_tt_school);
    rc = rotas_outfile_commit(out, err);
    tb_free(&b);
    return rc;
}
