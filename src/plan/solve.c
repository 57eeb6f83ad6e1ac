/*
 * solve.c - the solve strategy: checking and completing solutions, starts, the restricted
 * MIP, feasibility, pool improvement (LNS), the relaxed stages, rotas_plan_make.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "lp_int.h"
#include "plan_int.h"
#include "rotas/plan.h"
#include "utf8_int.h"

/* Hard model trivially infeasible (a must leader or a rule with no column at all)? */
/* Move columns from which the LP relaxation is not attempted (see rotas_plan_make). */
/* Seconds GLPK's primal simplex needs for the LP relaxation, per row x column of the model
   (measured on one core here: 30 schools 2.8k x 14k in 2.0 s, 120 schools 6.4k x 20.8k in
   6.6 s; 400 schools 22k x 74.5k not within 60 s). */
#define LP_SECONDS_PER_CELL 5e-8
/* The share of the budget that fix and optimize takes before the LP relaxation, when the
   relaxation is estimated to take more than LNS_FIRST_FROM of it. */
#define LNS_FIRST 0.25
#define LNS_FIRST_FROM 0.15
/* How far from the free moves the flows are freed in a fix-and-optimize step (rows): the
   types the moves touch and the unfilled periods of their nodes; measured on 400 schools,
   the whole closure makes each step's LP 3 to 4 times larger and slower. */
#define LNS_DEPTH 1
/* Fix and optimize (lns_improve): the free move columns a neighbourhood starts with (at most),
   and the bounds of each step's time limit (a second per minute of the run's budget between
   them). Measured on 30- and 120-school counties at 60 s (bench/RESULTS.md), 150 columns and
   1-s steps gave better plans on all six counties than 1,500 columns and steps of a fifth of
   what is left: many small steps beat a few long ones. */
#define LNS_TARGET0 150
#define LNS_STEP_MIN 0.25
#define LNS_STEP_MAX 5.0
#define LNS_ESCALATIONS 2
/* The shares of what is left that the restricted MIP over the LP relaxation's support (the
   first plan in the spirit of RINS) and the fix and optimize after it take; the rest goes to
   branch and cut. Measured: the restricted MIP's plan is soon beaten by fix and optimize,
   whose plans branch and cut then seldom improves. */
#define RINS_SHARE 0.05
/* From a plan: the share of what is left for RINS over the whole county (rins_from_plan).
   Measured at 10 s on 19 counties of 15-45 schools, 0.2 against no such step: geometric mean
   0.99; at 60 s, 120 schools seed 2 0.83 (bench/RESULTS.md). */
#define RINS_PLAN_SHARE 0.2
/* The greedy start's share of what is left; it ends sooner when its local search finds no
   better move (about 2 s up to 120 schools, 8 s at 400). Measured on 2,000 schools at 60 s: 0.25
   gave 20,044,779, 0.7 gave 18,105,580 (its local search, with exact deltas, does more there than
   fix and optimize); its moves alone take about 6 s there, its local search 13 s more. */
#define GREEDY_SHARE 0.6
#define LNS_SHARE 0.9

static double lp_seconds_estimate(const model *m)
{
    return LP_SECONDS_PER_CELL * (double)rotas__lp_n_rows(m->lp) * (double)rotas__lp_n_cols(m->lp);
}

static int trivially_infeasible(const model *m)
{
    if (m->dec_bad)
        return 1;
    for (int r = 0; r < R_COUNT; r++)
        if (m->rule_cols[r][0] == -2)
            return 1;
    return 0;
}

/* 1 when every row and column bound holds for x (tolerance relative to the row's size). */
static int rows_hold(const model *m, const double *x)
{
    for (size_t r = 0; r < m->n_rows; r++) {
        const mrow *row = &m->rows[r];
        double act = 0.0, big = 1.0;
        for (size_t e = row->off; e < row->off + row->n; e++) {
            double t = m->eval[e] * x[m->ecol[e]];
            act += t;
            big = fmax(big, fabs(t));
        }
        double tol = 1e-7 * fmax(big, fmax(isinf(row->lo) ? 0 : fabs(row->lo),
                                           isinf(row->hi) ? 0 : fabs(row->hi)));
        if (tol < 1e-6)
            tol = 1e-6;
        if (act < row->lo - tol || act > row->hi + tol)
            return 0;
    }
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = 0; j < n; j++) {
        if (x[j] < m->lb[j] - 1e-6 || x[j] > m->ub[j] + 1e-6)
            return 0;
        if (((int)j < m->n_arcs || m->slack_kind[j] >= 0) && fabs(x[j] - round(x[j])) > 1e-6)
            return 0;
    }
    return 1;
}

int rotas__plan_is_int_col(const model *m, size_t j)
{
    return (int)j < m->n_arcs || m->slack_kind[j] >= 0;
}

/* 1 when x's integer part (moves, slack) holds every row made of integer columns only: the
   rules. The other rows (supply, balance, rounding) hold for the best continuous values of
   any such x, which the plan's description computes without the LP. */
static int rules_hold(const model *m, const double *x)
{
    for (size_t r = 0; r < m->n_rows; r++) {
        const mrow *row = &m->rows[r];
        double act = 0.0;
        int all_int = 1;
        for (size_t e = row->off; e < row->off + row->n && all_int; e++) {
            all_int = rotas__plan_is_int_col(m, (size_t)m->ecol[e]);
            act += m->eval[e] * round(x[m->ecol[e]]);
        }
        if (all_int && (act < row->lo - 1e-6 || act > row->hi + 1e-6))
            return 0;
    }
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = 0; j < n; j++)
        if (rotas__plan_is_int_col(m, j) &&
            (round(x[j]) < m->lb[j] - 1e-9 || round(x[j]) > m->ub[j] + 1e-9))
            return 0;
    return 1;
}

/* Complete x: with its integer columns (moves, slack) fixed at their rounded values, solve the
   LP of the rest (flows, unfilled periods, key deviations) to optimality and read it back.
   Returns 1 when the result holds every row and bound, else 0 (x's integer part unchanged). */
int rotas__plan_complete(model *m, double *x)
{
    size_t n = rotas__lp_n_cols(m->lp);
    rotas_error e = {0};
    for (size_t j = 0; j < n; j++)
        if (rotas__plan_is_int_col(m, j)) {
            double v = round(x[j]);
            if (v < m->lb[j] || v > m->ub[j])
                return 0;
        }
    /* the flows with the moves fixed: one small LP per independent part (a pool's nodes and
       the teacher types that reach them) */
    double *xs = malloc((n + 1) * sizeof *xs);
    if (!xs)
        return 0;
    rotas_lp_options lo = {0};
    lo.primal = 1;
    lo.relax_only = 1;
    lo.verbose = m->verbose;
    lo.time_limit = fmax(0.2, m->deadline - rotas__plan_now_s());
    rotas_lp_result res;
    double t = rotas__plan_now_s();
    rotas_rc r = rotas__lp_solve_restricted(m->lp, x, NULL, 0, &lo, &res, xs, &e);
    m->t_complete = rotas__plan_now_s() - t;
    int ok = 0;
    if (!r && res.status == ROTAS_LP_OPTIMAL) {
        for (size_t j = 0; j < n; j++)
            x[j] = rotas__plan_is_int_col(m, j) ? round(x[j]) : xs[j];
        ok = rows_hold(m, x);
    }
    free(xs);
    return ok;
}

static int make_start(model *m, double *x)
{
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = 0; j < n; j++)
        x[j] = 0.0;
    for (int i = 0; i < m->ng; i++)
        for (int k = 0; k < m->g[i].n_cand; k++)
            x[m->arc_off[i] + k] = m->g[i].start[k];
    /* slack columns close what the greedy plan leaves open (relaxed model); they sit only in
       rows of integer columns */
    for (size_t r = 0; r < m->n_rows; r++) {
        const mrow *row = &m->rows[r];
        if (row->fix_lo < 0 && row->fix_hi < 0)
            continue;
        double act = 0.0;
        for (size_t e = row->off; e < row->off + row->n; e++)
            act += m->eval[e] * x[m->ecol[e]];
        if (act < row->lo - 1e-9 && row->fix_lo >= 0)
            x[row->fix_lo] += ceil(row->lo - act - 1e-9);
        if (act > row->hi + 1e-9 && row->fix_hi >= 0)
            x[row->fix_hi] += ceil(act - row->hi - 1e-9);
    }
    return rotas__plan_complete(m, x) == 1;
}

static double start_objective(const model *m, const double *x)
{
    double v = m->obj_const;
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = 0; j < n; j++)
        v += m->obj[j] * x[j];
    return v;
}

/* A solution xs from GLPK, completed (its flows with the moves fixed) and checked row by row,
   replaces the plan in x when x holds none yet or xs is better by more than margin (a negative
   margin takes an equal one). 1 when it did. */
static int adopt(model *m, double *x, double *xs, int *start_ok, double margin)
{
    if (!rotas__plan_complete(m, xs) ||
        (*start_ok && !(start_objective(m, xs) < start_objective(m, x) - margin)))
        return 0;
    memcpy(x, xs, rotas__lp_n_cols(m->lp) * sizeof *x);
    *start_ok = 1;
    return 1;
}

static double trivial_bound(const model *m)
{
    double v = m->obj_const;
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = 0; j < n; j++) {
        if (m->obj[j] == 0.0)
            continue;
        double a = m->obj[j] * m->lb[j],
               b = isinf(m->ub[j]) ? (m->obj[j] > 0 ? INFINITY : -INFINITY) : m->obj[j] * m->ub[j];
        v += a < b ? a : b;
    }
    return v;
}

/* A bound that needs no LP of the model: the county as one pool. Whatever the plan, its
   teaching periods form a flow from the county's teachers (by subject set, every teacher at
   its whole capacity) to the county's demand per subject, so its unfilled periods of subject
   j are at least those of the best such flow, each priced at least w_unfilled times the
   smallest factor of a school that needs j. The other terms are at least the constant part
   and each column's cheapest bound where its cost can be negative. NAN when the small LP
   fails. */
static double county_bound(const model *m)
{
    const rotas_county *c = m->c;
    int ns = m->ns, nj = m->nj;
    double u_fixed = 0.0, other = 0.0, dem_total = 0.0, v = NAN;
    double *dem = NULL, *wj = NULL, *cap = NULL;
    int *ucol_mark = NULL;
    rotas_lp *lp = NULL;
    rotas_error e = {0};
    size_t n = rotas__lp_n_cols(m->lp);
    if (!NEW(dem, nj) || !NEW(wj, nj) || !NEW(cap, m->nsets) || !NEW(ucol_mark, n))
        goto done;
    for (int j = 0; j < nj; j++)
        wj[j] = INFINITY;
    for (int s = 0; s < ns; s++)
        for (int j = 0; j < nj; j++) {
            size_t k = (size_t)s * (size_t)nj + (size_t)j;
            double d = m->demand_sj[k];
            if (m->ucol_sj[k] >= 0)
                ucol_mark[m->ucol_sj[k]] = 1;
            u_fixed += m->ufix_sj[k] * m->p->w_unfilled * m->fac[s];
            if (d <= 0)
                continue;
            dem[j] += d;
            dem_total += d;
            wj[j] = fmin(wj[j], m->p->w_unfilled * m->fac[s]);
        }
    other = m->obj_const - u_fixed;
    for (size_t j = 0; j < n; j++) {
        if (ucol_mark[j] || m->obj[j] >= 0.0)
            continue;
        other += m->obj[j] * (isinf(m->ub[j]) ? INFINITY : m->ub[j]);
    }
    if (dem_total <= 0) {
        v = other;
        goto done;
    }
    for (size_t t = 0; t < c->n_teachers; t++)
        if (m->tset[t] >= 0)
            cap[m->tset[t]] += m->tcap[t];
    if (rotas__lp_new(&lp, "county_bound", 0, &e))
        goto done;
    int *ucol = NULL;
    if (!NEW(ucol, nj))
        goto done;
    for (int j = 0; j < nj; j++)
        ucol[j] = dem[j] > 0 ? rotas__lp_col(lp, &e, ROTAS_LP_CONTINUOUS, 0.0, dem[j], wj[j],
                                             "unfilled(%s)", c->subjects[j].id)
                             : -1;
    int *rc = NULL, *fc = NULL;
    double *rv = NULL;
    if (!NEW(fc, nj * m->nsets + 1) || !NEW(rc, nj + 1) || !NEW(rv, nj + 1)) {
        free(ucol);
        free(fc);
        free(rc);
        free(rv);
        goto done;
    }
    for (int k = 0; k < m->nsets; k++) {
        int nr = 0;
        for (int q = m->set_off[k]; q < m->set_off[k + 1]; q++) {
            int j = m->set_sub[q];
            fc[k * nj + j] = -1;
            if (dem[j] <= 0 || cap[k] <= 0)
                continue;
            fc[k * nj + j] = rotas__lp_col(lp, &e, ROTAS_LP_CONTINUOUS, 0.0, INFINITY, 0.0,
                                           "f(%d,%s)", k, c->subjects[j].id);
            rc[nr] = fc[k * nj + j];
            rv[nr++] = 1.0;
        }
        if (nr > 0)
            rotas__lp_row(lp, &e, -INFINITY, cap[k], (size_t)nr, rc, rv, "cap(%d)", k);
    }
    for (int j = 0; j < nj; j++) {
        if (ucol[j] < 0)
            continue;
        int nr = 0;
        rc[nr] = ucol[j];
        rv[nr++] = 1.0;
        /* the flows into j (rc has room for one per set only when few; count first) */
        size_t cnt = 1;
        for (int k = 0; k < m->nsets; k++)
            for (int q = m->set_off[k]; q < m->set_off[k + 1]; q++)
                cnt += m->set_sub[q] == j && fc[k * nj + j] >= 0;
        int *cols = malloc(cnt * sizeof *cols);
        double *vals = malloc(cnt * sizeof *vals);
        if (cols && vals) {
            size_t z = 0;
            cols[z] = ucol[j];
            vals[z++] = 1.0;
            for (int k = 0; k < m->nsets; k++)
                for (int q = m->set_off[k]; q < m->set_off[k + 1]; q++)
                    if (m->set_sub[q] == j && fc[k * nj + j] >= 0) {
                        cols[z] = fc[k * nj + j];
                        vals[z++] = 1.0;
                    }
            rotas__lp_row(lp, &e, dem[j], INFINITY, z, cols, vals, "cover(%s)", c->subjects[j].id);
        }
        free(cols);
        free(vals);
    }
    free(ucol);
    free(fc);
    free(rc);
    free(rv);
    rotas_lp_options lo = {0};
    lo.primal = 1;
    lo.relax_only = 1;
    lo.time_limit = 5.0;
    rotas_lp_result res;
    if (!e.code && !rotas__lp_solve(lp, &lo, &res, &e) && res.status == ROTAS_LP_OPTIMAL)
        v = res.objective + other;
done:
    rotas__lp_free(lp);
    free(dem);
    free(wj);
    free(cap);
    free(ucol_mark);
    return v;
}

rotas_rc rotas__plan_county_bound(const rotas_county *c, const rotas_policy *p,
                                  const rotas_plan_options *opt, double *out, rotas_error *err)
{
    static const rotas_plan_options no_opt = {0};
    model m;
    int Y;
    memset(&m, 0, sizeof m);
    if (!opt)
        opt = &no_opt;
    rotas_rc rc = rotas__plan_plan_year(c, opt, &Y, err);
    if (!rc && !(rc = rotas__plan_model_init(&m, c, p, Y, opt->previous, err)) &&
        !(rc = rotas__plan_make_candidates(&m, 0, err)) && !(rc = rotas__plan_build(&m, 0, err)))
        *out = county_bound(&m);
    rotas__plan_model_free(&m);
    return rc;
}

/* Moves of plan not in previous (same teacher and destination) + previous moves gone. */
static int count_changed(const rotas_plan *plan, const rotas_plan *previous)
{
    int n = 0;
    for (size_t i = 0; i < plan->n_moves; i++) {
        int same = 0;
        for (size_t j = 0; j < previous->n_moves && !same; j++)
            same = previous->moves[j].teacher == plan->moves[i].teacher &&
                   previous->moves[j].to == plan->moves[i].to;
        n += !same;
    }
    for (size_t j = 0; j < previous->n_moves; j++) {
        int kept = 0;
        for (size_t i = 0; i < plan->n_moves && !kept; i++)
            kept = previous->moves[j].teacher == plan->moves[i].teacher &&
                   previous->moves[j].to == plan->moves[i].to;
        n += !kept;
    }
    return n;
}

static rotas_rc add_relaxed(rotas_plan *plan, int rule, double amount, const model *m)
{
    rotas_relaxed *a = realloc(plan->relaxed, (plan->n_relaxed + 1) * sizeof *a);
    if (!a)
        return ROTAS_ENOMEM;
    plan->relaxed = a;
    rotas_relaxed *r = &plan->relaxed[plan->n_relaxed++];
    memset(r, 0, sizeof *r);
    snprintf(r->rule, sizeof r->rule, "%s", rotas_rule_name((rotas_rule)rule));
    r->amount = amount;
    int n = (int)llround(amount);
    const rotas_policy *p = m->p;
    switch (rule) {
    case R_KEY:
        snprintf(r->detail, sizeof r->detail,
                 P_("%d key teacher short of the %.0f%% key-teacher share (not enough movable key "
                    "teachers)",
                    "%d key teachers short of the %.0f%% key-teacher share (not enough movable "
                    "key teachers)",
                    n),
                 n, 100.0 * p->min_key_share);
        break;
    case R_ROT:
        snprintf(r->detail, sizeof r->detail,
                 P_("%d teacher short of the %d moves that %.0f%% of the %d eligible asks for",
                    "%d teachers short of the %d moves that %.0f%% of the %d eligible asks for", n),
                 n, m->quota_min, 100.0 * p->min_rotation_share, m->n_eligible);
        break;
    case R_MUST:
        snprintf(r->detail, sizeof r->detail,
                 P_("%d leader past %d years in post stays: no post of the same role to go "
                    "to, or the school may not lose so many in a year",
                    "%d leaders past %d years in post stay: no post of the same role to go "
                    "to, or the school may not lose so many in a year",
                    n),
                 n, p->leader_tenure_years);
        break;
    case R_QUOTA:
        snprintf(r->detail, sizeof r->detail,
                 P_("%d teacher over the staff quota of the receiving schools",
                    "%d teachers over the staff quota of the receiving schools", n),
                 n);
        break;
    case R_OUT:
        snprintf(r->detail, sizeof r->detail,
                 P_("%d teacher beyond the %.0f%% a school may lose in a year",
                    "%d teachers beyond the %.0f%% a school may lose in a year", n),
                 n, 100.0 * p->max_out_share);
        break;
    case R_GROUP:
        snprintf(r->detail, sizeof r->detail,
                 _("%d short in the education groups' dispatch (managers, key teachers of weak "
                   "subjects and team size missing, summed over member schools)"),
                 n);
        break;
    default:
        snprintf(r->detail, sizeof r->detail,
                 P_("%d leader post left unmatched (a leader moved without a replacement)",
                    "%d leader posts left unmatched (a leader moved without a replacement)", n),
                 n);
        break;
    }
    return ROTAS_OK;
}

/* A copy of the moves now in g->start, per move column (NULL: out of memory). */
static int *save_starts(const model *m)
{
    int *save = malloc((size_t)(m->n_arcs ? m->n_arcs : 1) * sizeof *save);
    if (save)
        for (int i = 0; i < m->ng; i++)
            if (m->g[i].n_cand > 0) /* a group without candidates may have no array */
                memcpy(save + m->arc_off[i], m->g[i].start, (size_t)m->g[i].n_cand * sizeof *save);
    return save;
}

/* The moves now in g->start (a previous plan's, the greedy's) as a start in xr: x takes it when
   every row holds and it is better than x (or x is none; 1), else g->start is put back from
   save (0). */
static int keep_if_better(model *m, double *x, double *xr, int *start_ok, const int *save)
{
    if (make_start(m, xr) &&
        (!*start_ok || start_objective(m, xr) < start_objective(m, x) - 1e-9)) {
        memcpy(x, xr, rotas__lp_n_cols(m->lp) * sizeof *x);
        *start_ok = 1;
        return 1;
    }
    for (int i = 0; i < m->ng; i++)
        for (int k = 0; k < m->g[i].n_cand; k++)
            m->g[i].start[k] = save[m->arc_off[i] + k];
    return 0;
}

/* Re-plan: the previous plan's moves (those the model still has) as a start, kept when every
   row holds and it is better than the greedy's start. */
static rotas_rc previous_start(model *m, double *x, int *start_ok, rotas_error *err)
{
    size_t n = rotas__lp_n_cols(m->lp);
    int *save = save_starts(m);
    double *xp = malloc((n ? n : 1) * sizeof *xp);
    if (!save || !xp) {
        free(save);
        free(xp);
        return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
    }
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].n_cand > 0)
            memset(m->g[i].start, 0, (size_t)m->g[i].n_cand * sizeof *m->g[i].start);
    for (size_t t = 0; t < m->c->n_teachers; t++) {
        int gi = m->tg[t], k = gi >= 0 && m->prev_to[t] >= 0
                                   ? rotas__plan_cand_index(&m->g[gi], m->prev_to[t])
                                   : -1;
        if (k >= 0)
            m->g[gi].start[k]++;
    }
    /* move decisions are not in the previous plan perhaps: their one arc */
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].dec == 2 && m->g[i].n_cand > 0)
            m->g[i].start[0] = 1;
    keep_if_better(m, x, xp, start_ok, save);
    free(save);
    free(xp);
    return ROTAS_OK;
}

typedef struct progress_relay {
    const rotas_plan_options *opt;
    double offset;
} progress_relay;

static void relay(void *ctx, const char *phase, double elapsed, double best, double bound)
{
    progress_relay *r = ctx;
    if (r->opt && r->opt->progress)
        r->opt->progress(r->opt->progress_ctx, phase, r->offset + elapsed, best, bound);
}

/* The greedy from the moves of xl (the LP relaxation's, or a plan's), regular teachers'
   moves rounded down, then its moves and local search with the exact deltas: x becomes its
   plan when that is better (or x had none). 1 better, 0 not, -1 out of memory. */
static int greedy_from(model *m, const double *xl, double *x, int *start_ok, double budget)
{
    double t_in = rotas__plan_now_s();
    size_t n = rotas__lp_n_cols(m->lp);
    int *save = save_starts(m);
    double *xr = malloc((n ? n : 1) * sizeof *xr);
    if (!save || !xr) {
        free(save);
        free(xr);
        return -1;
    }
    /* the greedy keeps its own leaders' and decided moves; when xl is a plan (those moves
       whole), its own are taken instead, so that the local search starts from that plan */
    int whole = 1;
    for (int i = 0; i < m->ng && whole; i++)
        if (rotas__plan_is_leader(m->g[i].role) || m->g[i].dec)
            for (int k = 0; k < m->g[i].n_cand; k++) {
                double v = xl[m->arc_off[i] + k];
                whole &= fabs(v - round(v)) < 1e-6 && v > -0.5;
            }
    if (whole)
        for (int i = 0; i < m->ng; i++)
            if (rotas__plan_is_leader(m->g[i].role) || m->g[i].dec)
                for (int k = 0; k < m->g[i].n_cand; k++)
                    m->g[i].start[k] = (int)round(xl[m->arc_off[i] + k]);
    int g = rotas__plan_greedy(m, rotas__plan_now_s() + budget, xl);
    int better = g >= 0 && keep_if_better(m, x, xr, start_ok, save);
    free(save);
    free(xr);
    m->gf_est = fmax(m->gf_est, rotas__plan_now_s() - t_in);
    return g < 0 ? -1 : better;
}

/* The polish: the greedy's local search (exact deltas) from the plan x, which takes its plan
   when better; -v says what it did. */
static rotas_rc polish(model *m, double *x, int *start_ok, double budget, rotas_error *err)
{
    double tb = rotas__plan_now_s(), before = start_objective(m, x);
    if (greedy_from(m, x, x, start_ok, budget) < 0)
        return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
    if (m->verbose)
        fprintf(stderr, "polish: %.1f -> %.1f in %.2f s\n", before, start_objective(m, x),
                rotas__plan_now_s() - tb);
    return ROTAS_OK;
}

/* In the spirit of RINS (Danna, Rothberg and Le Pape 2005), from a plan: the moves that neither
   the LP relaxation (m->xlp) nor the plan x makes are kept out, every other move is free, and
   so is every flow and unfilled column, so that a move's effect can travel through teachers of
   several subjects (a science teacher arriving lets a science-and-art teacher teach art). It is
   solved as its own MIP without the kept-out columns, with GLPK's presolver (the start is then
   not given to GLPK: the result is compared with x instead). A better plan, its flows completed
   and every row checked, replaces x. Measured on 30 schools seed 1 at 10 s: 95,975 -> 75,709 in
   1.1 s, where the steps of fix and optimize, whose flows are freed one row from the free
   moves only, had stayed near 96,000 for 8 s. Freeing only the moves where the relaxation and
   the plan differ (the plan's other moves kept) gave 0.99 of this on 19 counties at 10 s.
   GLPK's proximity search runs at the restriction's root: on the same 19 counties at 10 s
   0.989 of the plans without it (20 schools seed 2: 21,879 -> 16,962). The arrays xs and fr
   are the caller's scratch, a column each, fr all 0. */
static rotas_rc rins_from_plan(model *m, double *x, double *xs, unsigned char *fr, double budget,
                               rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    if (!m->xlp || budget < 0.05)
        return ROTAS_OK;
    long nfree = 0, differ = 0;
    for (int a = 0; a < m->n_arcs; a++) {
        if (m->xlp[a] > 1e-6 || x[a] > 0.5) {
            fr[a] = 1;
            nfree++;
        }
        differ += fabs(m->xlp[a] - x[a]) > 0.01;
    }
    if (differ == 0)
        return ROTAS_OK; /* the relaxation is the plan: nothing to explore */
    rotas_lp_options lo = {0};
    lo.primal = 1;
    lo.mip_gap = 1e-6;
    lo.cuts = 1;
    lo.presolve = 1;
    lo.proximity = 1;
    lo.start = x;
    lo.time_limit = budget;
    rotas_lp_result res;
    double tb = rotas__plan_now_s(), before = start_objective(m, x);
    if ((rc = rotas__lp_solve_restricted(m->lp, x, fr, 0, &lo, &res, xs, err)))
        return rc;
    /* checked before use: its flows completed, every row held (with the full bounds) */
    int one = 1;
    if ((res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE) &&
        res.objective < before - 1e-6)
        adopt(m, x, xs, &one, 1e-6);
    if (m->verbose)
        fprintf(stderr, "rins: %ld moves free, %s %.1f in %.2f s (plan %.1f -> %.1f)\n", nfree,
                res.status == ROTAS_LP_OPTIMAL ? "optimal" : "not proven", res.objective,
                rotas__plan_now_s() - tb, before, start_objective(m, x));
    return rc;
}

/* The LP relaxation, then a restricted MIP (in the spirit of RINS): from a plan, over the whole
   county with every flow free (rins_from_plan); without one, the move columns the relaxation
   uses are kept, the others fixed at 0, and that MIP is solved for a share of the time, the
   bounds restored after. Its plan becomes the start of the full solve. Sets *lp_infeasible
   when the relaxation itself has no solution (the full model has none). */
static rotas_rc restricted_solve(model *m, double *x, int *start_ok, int *lp_infeasible, double t0,
                                 double deadline, const rotas_plan_options *opt, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    size_t n = rotas__lp_n_cols(m->lp);
    rotas_lp_result res;
    double *xl = malloc((n ? n : 1) * sizeof *xl);
    unsigned char *fixed = calloc(n ? n : 1, 1);
    if (!xl || !fixed) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    progress_relay pr = {opt, rotas__plan_now_s() - t0};
    rotas_lp_options lo = {0};
    lo.primal = 1;
    lo.relax_only = 1;
    lo.time_limit = 0.5 * (deadline - rotas__plan_now_s());
    if (lo.time_limit < 0.01)
        lo.time_limit = 0.01;
    lo.verbose = opt->verbose;
    lo.progress = opt->progress ? relay : NULL;
    lo.progress_ctx = &pr;
    if (*start_ok) {
        /* a primal feasible first basis: the whole model with the plan's moves fixed
           (measured: the relaxation from there is faster than from scratch, by more than
           this solve costs) */
        rotas_lp_options wo = lo;
        wo.progress = NULL;
        wo.time_limit = 0.25 * lo.time_limit;
        for (int j = 0; j < m->n_arcs && !rc; j++)
            rc = rotas__lp_set_bounds(m->lp, j, round(x[j]), round(x[j]), err);
        if (!rc)
            rc = rotas__lp_solve(m->lp, &wo, &res, err);
        for (int j = 0; j < m->n_arcs; j++) {
            rotas_rc r2 = rotas__lp_set_bounds(m->lp, j, m->lb[j], m->ub[j], err);
            if (r2 && !rc)
                rc = r2;
        }
        if (rc)
            goto done;
        lo.time_limit = fmax(0.01, 0.5 * (deadline - rotas__plan_now_s()));
    }
    if ((rc = rotas__lp_solve(m->lp, &lo, &res, err)))
        goto done;
    if (res.status == ROTAS_LP_INFEASIBLE) {
        *lp_infeasible = 1;
        goto done;
    }
    if (res.status != ROTAS_LP_OPTIMAL)
        goto done;
    m->lp_bound = res.objective;
    for (size_t j = 0; j < n; j++)
        xl[j] = rotas__lp_value(m->lp, (int)j);
    free(m->xlp);
    if (NEW(m->xlp, m->n_arcs))
        memcpy(m->xlp, xl, (size_t)m->n_arcs * sizeof *m->xlp);
    /* the relaxation rounded and repaired by the greedy: keep it if better */
    if (greedy_from(m, xl, x, start_ok, 0.05 * (deadline - rotas__plan_now_s())) < 0) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    if (*start_ok) {
        /* from a plan: RINS over the whole county, every flow free (xl is spent: the
           relaxation is in m->xlp; fixed is still all 0) */
        rc = rins_from_plan(m, x, xl, fixed, RINS_PLAN_SHARE * (deadline - rotas__plan_now_s()),
                            err);
        goto done;
    }
    /* without one: the MIP over the relaxation's support, for a first plan */
    size_t kept = 0;
    for (int j = 0; j < m->n_arcs; j++) {
        if (xl[j] > 1e-6) {
            kept++;
            continue;
        }
        fixed[j] = 1;
        if ((rc = rotas__lp_set_bounds(m->lp, j, 0.0, 0.0, err)))
            goto restore;
    }
    if (kept == (size_t)m->n_arcs)
        goto restore; /* nothing to restrict */
    lo.relax_only = 0;
    lo.mip_gap = 1e-4;
    lo.time_limit = RINS_SHARE * (deadline - rotas__plan_now_s());
    if (lo.time_limit < 0.01)
        lo.time_limit = 0.01;
    lo.start = *start_ok ? x : NULL;
    pr.offset = rotas__plan_now_s() - t0;
    if ((rc = rotas__lp_solve(m->lp, &lo, &res, err)))
        goto restore;
    if ((res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE) &&
        (!*start_ok || res.objective < start_objective(m, x) - 1e-9)) {
        /* checked before use: its flows completed, every row held (with the full bounds) */
        for (size_t j = 0; j < n; j++)
            xl[j] = rotas__lp_value(m->lp, (int)j);
        for (int j = 0; j < m->n_arcs; j++)
            if (fixed[j]) {
                rotas_rc r2 = rotas__lp_set_bounds(m->lp, j, m->lb[j], m->ub[j], err);
                if (r2 && !rc)
                    rc = r2;
                fixed[j] = 0;
            }
        adopt(m, x, xl, start_ok, 1e-9);
    }
restore:
    for (int j = 0; j < m->n_arcs; j++)
        if (fixed[j]) {
            rotas_rc r2 = rotas__lp_set_bounds(m->lp, j, m->lb[j], m->ub[j], err);
            if (r2 && !rc)
                rc = r2;
        }
done:
    free(xl);
    free(fixed);
    return rc;
}

/* A first plan by feasibility alone: the strict model with a zero objective, so that branch
   and bound stops at its first integer solution; the plan's flows are then completed under the
   true objective and every row checked. */
static rotas_rc feasibility_start(model *m, double *x, int *start_ok, double budget, double t0,
                                  const rotas_plan_options *opt, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    size_t n = rotas__lp_n_cols(m->lp);
    double *xs = malloc((n + 1) * sizeof *xs);
    if (!xs)
        return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
    for (size_t j = 0; j < n && !rc; j++)
        rc = rotas__lp_set_obj(m->lp, (int)j, 0.0, err);
    rotas__lp_set_obj_const(m->lp, 0.0);
    rotas_lp_result res = {
        .status = ROTAS_LP_NO_SOLUTION, .objective = NAN, .bound = NAN, .gap = NAN};
    if (!rc && budget > 0.05) {
        progress_relay pr = {opt, rotas__plan_now_s() - t0};
        rotas_lp_options lo = {0};
        lo.primal = 1;
        lo.time_limit = budget;
        lo.verbose = opt->verbose;
        lo.progress = opt->progress ? relay : NULL;
        lo.progress_ctx = &pr;
        rc = rotas__lp_solve(m->lp, &lo, &res, err);
        if (!rc && (res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE))
            for (size_t j = 0; j < n; j++)
                xs[j] = rotas__lp_value(m->lp, (int)j);
    }
    for (size_t j = 0; j < n; j++) {
        rotas_rc r2 = rotas__lp_set_obj(m->lp, (int)j, m->obj[j], err);
        if (r2 && !rc)
            rc = r2;
    }
    rotas__lp_set_obj_const(m->lp, m->obj_const);
    if (!rc && (res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE))
        adopt(m, x, xs, start_ok, 1e-9);
    free(xs);
    return rc;
}

/* Large-neighbourhood search (fix and optimize) on the incumbent x. Five kinds of
   neighbourhood, in turn:
   - a region: a school (in turn, most weighted unfilled periods first) grown by schools that
     move columns link to it, drawn at random; every move column with an end in it is free;
   - a subject short somewhere (in turn, most weighted unfilled periods first): the move
     columns of its teachers with an end in a region grown the same way from a random school;
   - teachers drawn at random anywhere: all their move columns;
   - once the LP relaxation is known, the move columns where it and x differ (in the spirit
     of RINS), within a region grown from a school where they differ;
   - ruin and recreate: a region grown from a random school, its regular moves taken back and
     the plan recreated by the greedy's moves and local search (no MIP).
   Each kind grows until about its own target of free move columns; a target grows when its
   MIP is proven quickly and shrinks when time runs out. The restriction (the other moves
   fixed; the flows and unfilled periods next to the free moves free, the rest kept) is solved
   as its own small MIP from x (rotas__lp_solve_restricted); a better plan (its flows
   completed, every row checked) replaces x. Each step's MIP has about a second per minute of
   the budget. When no step has improved x for a while, every target doubles and the steps get
   three times the time, at most LNS_ESCALATIONS times; then it stops (what is left goes to
   branch and cut). Runs until `until` at most. */
enum { NB_REGION, NB_SUBJECT, NB_RANDOM, NB_LP, NB_RUIN, NB_KINDS };

static rotas_rc lns_improve(model *m, double *x, double t0, double until,
                            const rotas_plan_options *opt, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    int ns = m->ns, nj = m->nj;
    size_t n = rotas__lp_n_cols(m->lp);
    double *xs = NULL, *cost = NULL, *scost = NULL;
    int *order = NULL, *arc_g = NULL, *arc_k = NULL, *sa_off = NULL, *sa = NULL;
    int *chosen = NULL, *front = NULL, *sorder = NULL;
    unsigned char *in = NULL, *freec = NULL, *gsub = NULL;
    if (!NEW(xs, n) || !NEW(cost, ns) || !NEW(order, ns) || !NEW(in, ns) ||
        !NEW(arc_g, m->n_arcs) || !NEW(arc_k, m->n_arcs) || !NEW(freec, n) ||
        !NEW(sa_off, ns + 1) || !NEW(chosen, ns) || !NEW(front, 2 * m->n_arcs + ns + 1) ||
        !NEW(scost, nj) || !NEW(sorder, nj) || !NEW(gsub, (size_t)m->ng * (size_t)nj)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        int set = m->tset[g->rep];
        if (set >= 0)
            for (int k = m->set_off[set]; k < m->set_off[set + 1]; k++)
                gsub[(size_t)i * (size_t)nj + (size_t)m->set_sub[k]] = 1;
        for (int k = 0; k < g->n_cand; k++) {
            int a = m->arc_off[i] + k;
            arc_g[a] = i;
            arc_k[a] = k;
            sa_off[g->school + 1]++;
            sa_off[g->cand[k] + 1]++;
        }
    }
    /* the move columns at each school (either end): sa[sa_off[s] .. sa_off[s + 1]) */
    for (int q = 0; q < ns; q++)
        sa_off[q + 1] += sa_off[q];
    if (!NEW(sa, sa_off[ns])) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    {
        int *pos = front; /* ns entries: front has room for them (see its allocation) */
        memcpy(pos, sa_off, (size_t)ns * sizeof *pos);
        for (int a = 0; a < m->n_arcs; a++) {
            const grp *g = &m->g[arc_g[a]];
            sa[pos[g->school]++] = a;
            sa[pos[g->cand[arc_k[a]]]++] = a;
        }
    }
    /* schools with moves, most weighted unfilled periods first; subjects with unfilled
       periods, most first */
    int used = 0, nsub = 0;
    for (int s = 0; s < ns; s++)
        for (int j = 0; j < nj; j++) {
            size_t k = (size_t)s * (size_t)nj + (size_t)j;
            double u = m->ucol_sj[k] >= 0 ? x[m->ucol_sj[k]] : 0.0;
            cost[s] += m->fac[s] * u;
            scost[j] += m->fac[s] * u;
        }
    for (int s = 0; s < ns; s++)
        if (sa_off[s + 1] > sa_off[s])
            order[used++] = s;
    for (int a = 1; a < used; a++) /* insertion sort by cost, descending */
        for (int b = a; b > 0 && cost[order[b]] > cost[order[b - 1]]; b--) {
            int t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    for (int j = 0; j < nj; j++)
        if (scost[j] > 0.5)
            sorder[nsub++] = j;
    for (int a = 1; a < nsub; a++)
        for (int b = a; b > 0 && scost[sorder[b]] > scost[sorder[b - 1]]; b--) {
            int t = sorder[b];
            sorder[b] = sorder[b - 1];
            sorder[b - 1] = t;
        }
    if (used == 0 || m->ng == 0)
        goto done;
    /* each kind starts with about a tenth of the move columns free, at most LNS_TARGET0 */
    long target[NB_KINDS];
    for (int k = 0; k < NB_KINDS; k++) {
        target[k] = m->n_arcs / 10;
        if (target[k] > LNS_TARGET0)
            target[k] = LNS_TARGET0;
        if (target[k] < 50)
            target[k] = 50;
    }
    progress_relay pr = {opt, 0.0};
    unsigned seed = 12345u;
    int it_kind[NB_KINDS] = {0};
    /* a plan at the best bound known is optimal: nothing to improve */
    double bound = county_bound(m);
    if (!isnan(m->lp_bound) && (isnan(bound) || m->lp_bound > bound))
        bound = m->lp_bound;
    /* each step's MIP gets at most about a second per minute of the run's budget: measured,
       many small steps improve plans faster than a few long ones */
    double step = fmin(LNS_STEP_MAX, fmax(LNS_STEP_MIN, (m->deadline - t0) / 60.0));
    int escalations = 0;
    for (int it = 0, fails = 0; rotas__plan_now_s() < until - 0.05; it++) {
        if (!isnan(bound) && start_objective(m, x) <= bound + 1e-6 * fmax(1.0, fabs(bound)))
            break;
        if (fails >= 24 + used / 4 && until - rotas__plan_now_s() > 2.0 * m->gf_est) {
            /* no better plan near this one: first the greedy's local search with the exact
               deltas (other neighbourhoods: a move traded for another teacher's, leaders
               trading places), and on from its plan if it found a better one */
            int one = 1, pb = greedy_from(m, x, x, &one, 0.1 * (until - rotas__plan_now_s()));
            if (pb < 0) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                goto done;
            }
            if (m->verbose)
                fprintf(stderr, "lns: local search %s\n",
                        pb ? "found a better plan" : "found none");
            if (pb) {
                fails = 0;
                continue;
            }
            /* then up to LNS_ESCALATIONS times, neighbourhoods twice as large with three times
               the time a step, then stop */
            if (escalations++ == LNS_ESCALATIONS)
                break;
            /* neighbourhoods of half the moves or more are the whole model solved again and
               again from the start: branch and cut on the whole does that once, with its
               tree and cuts kept (8 schools at 20 s: it then proves the optimum, 9,336.5,
               where the steps stayed at 12,330.0) */
            long smallest = target[0];
            for (int k = 1; k < NB_KINDS; k++)
                if (target[k] < smallest)
                    smallest = target[k];
            if (2 * smallest >= m->n_arcs / 2)
                break;
            fails = 0;
            step = fmin(LNS_STEP_MAX, 3.0 * step);
            for (int k = 0; k < NB_KINDS; k++)
                target[k] *= 2;
            if (m->verbose)
                fprintf(stderr, "lns: no better plan near this one: larger neighbourhoods\n");
        }
        int kind = it % NB_KINDS;
        if ((kind == NB_SUBJECT && nsub == 0) || (kind == NB_LP && !m->xlp) ||
            (kind == NB_RUIN && until - rotas__plan_now_s() < 2.0 * m->gf_est))
            kind = NB_RANDOM; /* ruin and recreate only where it ends in time */
        int subj = kind == NB_SUBJECT ? sorder[it_kind[kind] % nsub] : -1;
        long nfree = 0;
        memset(freec, 0, (size_t)m->n_arcs);
        if (kind == NB_RANDOM) {
            for (int tries = 0; nfree < target[kind] && tries < 4 * m->ng; tries++) {
                seed = seed * 1103515245u + 12345u;
                int i = (int)(((seed >> 8) ^ (seed << 7)) % (unsigned)m->ng);
                for (int k = 0; k < m->g[i].n_cand; k++)
                    if (!freec[m->arc_off[i] + k]) {
                        freec[m->arc_off[i] + k] = 1;
                        nfree++;
                    }
            }
        } else {
            /* a region from a school, grown by schools linked to it by a move column that
               this kind frees, drawn at random */
            int nch = 0, nf = 0;
            memset(in, 0, (size_t)ns);
            seed = seed * 1103515245u + 12345u;
            int s0 = kind == NB_REGION ? order[it_kind[kind] % used]
                                       : order[(seed >> 16) % (unsigned)used];
            if (kind == NB_LP) {
                /* a school where the relaxation and x differ, drawn at random */
                int nd = 0;
                for (int a = 0; a < m->n_arcs; a++)
                    if (fabs(m->xlp[a] - x[a]) > 0.01)
                        nd++;
                if (nd == 0) {
                    it_kind[kind]++;
                    fails++;
                    continue;
                }
                seed = seed * 1103515245u + 12345u;
                int pick = (int)((seed >> 8) % (unsigned)nd);
                for (int a = 0; a < m->n_arcs; a++)
                    if (fabs(m->xlp[a] - x[a]) > 0.01 && pick-- == 0) {
                        s0 = m->g[arc_g[a]].cand[arc_k[a]];
                        break;
                    }
            }
            for (int s = s0;;) {
                in[s] = 1;
                chosen[nch++] = s;
                for (int z = sa_off[s]; z < sa_off[s + 1]; z++) {
                    int a = sa[z];
                    if (freec[a] ||
                        (subj >= 0 && !gsub[(size_t)arc_g[a] * (size_t)nj + (size_t)subj]) ||
                        (kind == NB_LP && fabs(m->xlp[a] - x[a]) <= 0.01))
                        continue;
                    freec[a] = 1;
                    nfree++;
                    const grp *g = &m->g[arc_g[a]];
                    int other = g->school == s ? g->cand[arc_k[a]] : g->school;
                    if (!in[other])
                        front[nf++] = other;
                }
                if (nfree >= target[kind] || nch >= ns)
                    break;
                /* next: a linked school not yet in (drawn from the frontier, which keeps
                   repeats: a school linked by many moves comes more often) */
                s = -1;
                while (nf > 0 && s < 0) {
                    seed = seed * 1103515245u + 12345u;
                    int z = (int)((seed >> 16) % (unsigned)nf);
                    int cand = front[z];
                    front[z] = front[--nf];
                    if (!in[cand])
                        s = cand;
                }
                if (s < 0)
                    break;
            }
        }
        it_kind[kind]++;
        if (nfree == 0) {
            fails++;
            continue;
        }
        if (kind == NB_RUIN) {
            /* ruin and recreate, without GLPK: the region's regular moves are taken back, and
               the greedy's moves and local search (exact deltas) recreate the plan from what
               is left; x takes it when better. A region grows after each miss. Measured:
               steps of 0.1-0.3 s at 30 schools where a MIP over the same region often ends
               unproven, and plans 3-5% better at 10 and 60 s (bench/RESULTS.md) */
            double tb = rotas__plan_now_s(), before = start_objective(m, x);
            memcpy(xs, x, n * sizeof *xs);
            for (int a = 0; a < m->n_arcs; a++)
                if (freec[a] && !rotas__plan_is_leader(m->g[arc_g[a]].role) && !m->g[arc_g[a]].dec)
                    xs[a] = 0.0;
            int one = 1, pb = greedy_from(m, xs, x, &one, fmin(step, until - rotas__plan_now_s()));
            if (pb < 0) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                goto done;
            }
            if (m->verbose)
                fprintf(stderr, "lns %d: ruin and recreate, %ld free, %.1f -> %.1f in %.2f s\n", it,
                        nfree, before, start_objective(m, x), rotas__plan_now_s() - tb);
            if (pb) {
                fails = 0;
            } else {
                fails++;
                if (2 * target[kind] < m->n_arcs)
                    target[kind] += target[kind] / 4 + 1;
            }
            continue;
        }
        rotas_lp_options lo = {0};
        lo.primal = 1;
        lo.mip_gap = 1e-6;
        lo.cuts = 1;
        lo.verbose = 0;
        lo.start = x;
        lo.time_limit =
            fmin(until - rotas__plan_now_s(), fmax(1.0, 0.2 * (until - rotas__plan_now_s())));
        lo.time_limit = fmin(lo.time_limit, step);
        lo.progress = opt->progress ? relay : NULL;
        pr.offset = rotas__plan_now_s() - t0;
        lo.progress_ctx = &pr;
        rotas_lp_result res;
        if (lo.time_limit < 0.05)
            break;
        if ((rc = rotas__lp_solve_restricted(m->lp, x, freec, LNS_DEPTH, &lo, &res, xs, err)))
            goto done;
        int better = (res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE) &&
                     res.objective < start_objective(m, x) - 1e-6;
        if (m->verbose)
            fprintf(stderr, "lns %d: %s, %ld free, %s %.1f in %.2f s\n", it,
                    kind == NB_REGION    ? "region"
                    : kind == NB_SUBJECT ? m->c->subjects[subj].id
                    : kind == NB_LP      ? "lp"
                                         : "random",
                    nfree, res.status == ROTAS_LP_OPTIMAL ? "optimal" : "not proven", res.objective,
                    res.seconds);
        /* adapt: larger when the MIP is proven quickly, smaller when it runs out of time */
        if (res.status == ROTAS_LP_OPTIMAL && res.seconds < 0.25 * lo.time_limit)
            target[kind] += target[kind] / 4 + 1;
        else if (res.status != ROTAS_LP_OPTIMAL && target[kind] > 50)
            target[kind] = target[kind] * 2 / 3;
        /* checked with the full bounds before use; its flows completed where that is cheap
           (in a large county completing every pool's flows after each step would take
           most of the budget: the step's own flows are kept, every row checked) */
        int one = 1, took = 0;
        if (better && m->t_complete < 0.25)
            took = adopt(m, x, xs, &one, 1e-6);
        else if (better && rows_hold(m, xs) &&
                 start_objective(m, xs) < start_objective(m, x) - 1e-6) {
            memcpy(x, xs, n * sizeof *x);
            took = 1;
        }
        if (took)
            fails = 0;
        else
            fails++;
    }
done:
    free(xs);
    free(cost);
    free(scost);
    free(order);
    free(sorder);
    free(in);
    free(arc_g);
    free(arc_k);
    free(freec);
    free(gsub);
    free(sa_off);
    free(sa);
    free(chosen);
    free(front);
    return rc;
}

/* Phase 1 of the relaxed model: the least weighted slack alone (rule multipliers, no other
   cost), a small and easy problem. Each slack column is then bounded by its phase-1 value, the
   objective restored, and the phase-1 solution becomes the start of phase 2. Without this,
   the big penalties make the relaxation weak and the search slow. */
static rotas_rc relax_phase1(model *m, double *x, int *start_ok, double t0, double deadline,
                             const rotas_plan_options *opt, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    size_t n = rotas__lp_n_cols(m->lp);
    if (m->verbose)
        fprintf(stderr, "relaxed: %s\n",
                *start_ok && !m->greedy_forced ? "the greedy's plan bounds each rule's slack"
                                               : "phase 1, the least weighted slack alone");
    if (*start_ok && !m->greedy_forced) {
        /* the greedy's plan already tells how far the rules must give (it excused only
           leaders in proven conflict): bound the slack by it, no phase-1 solve */
        for (size_t j = 0; j < n; j++)
            if (m->slack_kind[j] >= 0) {
                x[j] = round(x[j]);
                m->ub[j] = x[j];
                if ((rc = rotas__lp_set_bounds(m->lp, (int)j, 0.0, x[j], err)))
                    return rc;
            }
        return ROTAS_OK;
    }
    for (size_t j = 0; j < n; j++)
        if ((rc = rotas__lp_set_obj(
                 m->lp, (int)j,
                 m->slack_kind[j] >= 0 ? rotas__plan_rule_mult[m->slack_kind[j]] : 0.0, err)))
            return rc;
    rotas__lp_set_obj_const(m->lp, 0.0);
    progress_relay pr = {opt, rotas__plan_now_s() - t0};
    rotas_lp_options lo = {0};
    lo.primal = 1;
    lo.time_limit = 0.4 * (deadline - rotas__plan_now_s());
    if (lo.time_limit < 0.01)
        lo.time_limit = 0.01;
    lo.verbose = opt->verbose;
    lo.start = *start_ok ? x : NULL;
    lo.progress = opt->progress ? relay : NULL;
    lo.progress_ctx = &pr;
    rotas_lp_result res;
    if ((rc = rotas__lp_solve(m->lp, &lo, &res, err)))
        return rc;
    if (m->verbose)
        fprintf(stderr, "relaxed: phase 1 %s, weighted slack %g (bound %g) in %.2f s\n",
                res.status == ROTAS_LP_OPTIMAL ? "optimal" : "not proven", res.objective, res.bound,
                res.seconds);
    if (res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE) {
        for (size_t j = 0; j < n; j++)
            x[j] = rotas__lp_value(m->lp, (int)j);
        for (size_t j = 0; j < n; j++)
            if (m->slack_kind[j] >= 0) {
                x[j] = round(x[j]);
                m->ub[j] = x[j];
                if ((rc = rotas__lp_set_bounds(m->lp, (int)j, 0.0, x[j], err)))
                    return rc;
            }
        *start_ok = 1;
    }
    for (size_t j = 0; j < n; j++)
        if ((rc = rotas__lp_set_obj(m->lp, (int)j, m->obj[j], err)))
            return rc;
    rotas__lp_set_obj_const(m->lp, m->obj_const);
    return ROTAS_OK;
}

/* Dive on the LP relaxation for an integer plan; keep it in x when it is the first one or
   better than the one there. */
static rotas_rc dive_start(model *m, double *x, int *start_ok, double budget, rotas_error *err)
{
    size_t nc = rotas__lp_n_cols(m->lp);
    double *xd = malloc((nc + 1) * sizeof *xd), dobj = 0.0;
    if (!xd)
        return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
    if (budget > 0.05 && rotas__lp_dive(m->lp, budget, xd, &dobj) == 1) {
        for (size_t j = 0; j < nc; j++)
            if ((int)j < m->n_arcs || m->slack_kind[j] >= 0)
                xd[j] = round(xd[j]);
        if (rotas__plan_refresh_x(m, xd) &&
            (!*start_ok || start_objective(m, xd) < start_objective(m, x) - 1e-6)) {
            memcpy(x, xd, nc * sizeof *x);
            *start_ok = 1;
        }
    }
    free(xd);
    return ROTAS_OK;
}

rotas_rc rotas__plan_plan_year(const rotas_county *c, const rotas_plan_options *opt, int *Y,
                               rotas_error *err)
{
    *Y = opt && opt->year ? opt->year : (c->year ? c->year + 1 : 0);
    if (*Y <= 0)
        return rotas_error_set(
            err, ROTAS_EINPUT,
            _("plan: no plan year: the county gives no year; give one (--year)"));
    return ROTAS_OK;
}

rotas_rc rotas_plan_make(rotas_plan **out, const rotas_county *c, const rotas_policy *p,
                         const rotas_plan_options *opt, rotas_error *err)
{
    static const rotas_plan_options no_opt = {0};
    if (!opt)
        opt = &no_opt;
    *out = NULL;
    double t0 = opt->started > 0 && opt->started <= rotas__plan_now_s() ? opt->started
                                                                        : rotas__plan_now_s();
    double tl = p->time_limit_seconds > 0 ? p->time_limit_seconds : 60.0;
    /* the limit covers the whole run: keep a margin for checking and writing the plan */
    double deadline = t0 + tl - fmin(1.0, fmax(0.05, 0.02 * tl));
    model m;
    rotas_plan *plan = NULL;
    double *x = NULL;
    double *xfb = NULL; /* a plan holding every rule, flows not completed */
    rotas_rc rc;
    int Y;
    memset(&m, 0, sizeof m);
    if ((rc = rotas__plan_plan_year(c, opt, &Y, err)))
        return rc;
    if (opt->progress)
        opt->progress(opt->progress_ctx, "building", 0.0, NAN, NAN);
    if ((rc = rotas__plan_model_init(&m, c, p, Y, opt->previous, err)))
        goto done;
    m.deadline = deadline;
    m.verbose = opt->verbose;
    m.gf_est = 5e-4 * m.ns;
    plan = calloc(1, sizeof *plan);
    if (!plan) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    plan->year = Y;
    plan->policy = *p;
    plan->n_eligible = m.n_eligible;
    plan->n_must = m.n_must;
    plan->n_frozen = m.n_frozen;
    plan->n_estimated_pairs = c->n_estimated_pairs;

    rotas_lp_result res = {
        .status = ROTAS_LP_NO_SOLUTION, .objective = NAN, .bound = NAN, .gap = NAN};
    int have_x = 0, relaxed = 0, used_start_only = 0, unproven = 0, failed = 0, fb_relaxed = 0;
    for (int stage = 0; stage < 3; stage++) {
        relaxed = stage == 2;
        if (stage < 2 && (rc = rotas__plan_make_candidates(&m, stage == 1, err)))
            goto done;
        m.greedy_force = relaxed;
        double tg = rotas__plan_now_s();
        int g = rotas__plan_greedy(
            &m, rotas__plan_now_s() + GREEDY_SHARE * (deadline - rotas__plan_now_s()), NULL);
        if (opt->verbose)
            fprintf(stderr, "stage %d (%s): greedy %s in %.2f s\n", stage,
                    stage == 0   ? "strict"
                    : stage == 1 ? "strict, every destination"
                                 : "relaxed",
                    g == 1   ? "met every rule"
                    : g == 0 ? "did not meet every rule"
                             : "failed",
                    rotas__plan_now_s() - tg);
        if (g < 0) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
            goto done;
        }
        /* the greedy's conflicts are no proof: the strict model's LP or branch and bound
           decides whether the rules can all hold */
        m.lp_bound = NAN; /* a bound of this model only */
        if ((rc = rotas__plan_build(&m, relaxed, err)))
            goto done;
        if (relaxed && m.dec_bad) {
            rc = rotas_error_set(err, ROTAS_EINPUT,
                                 _("plan: the bureau's decisions cannot be carried out: a move, "
                                   "together or receive_key decision has no possible move"));
            goto done;
        }
        if (!relaxed && trivially_infeasible(&m))
            continue; /* a rule no column can meet: widen, then relax */
        free(x);
        x = malloc((rotas__lp_n_cols(m.lp) + 1) * sizeof *x);
        if (!x) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
            goto done;
        }
        int start_ok = (relaxed || g == 1) && make_start(&m, x);
        if (start_ok && opt->progress) /* the first plan: the greedy's */
            opt->progress(opt->progress_ctx, "solved", rotas__plan_now_s() - t0,
                          start_objective(&m, x), NAN);
        if (!start_ok && (relaxed || g == 1) && rules_hold(&m, x)) {
            /* the greedy's plan holds every rule but its flows could not be completed in
               time (a large county): kept as the plan of last resort */
            free(xfb);
            xfb = malloc((rotas__lp_n_cols(m.lp) + 1) * sizeof *xfb);
            if (!xfb) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                goto done;
            }
            memcpy(xfb, x, rotas__lp_n_cols(m.lp) * sizeof *x);
            fb_relaxed = relaxed;
        }
        if (opt->previous && (rc = previous_start(&m, x, &start_ok, err)))
            goto done;
        /* no plan meeting every rule, and a model whose LP relaxation would not be solved in
           twice what is left (a large county): GLPK's searches for a first plan would each
           overrun their share by seconds (measured at 2,000 schools: 1-3 s a solve, the run
           7 s over its limit), so the relaxed model's greedy gives the plan, reported as
           not proven */
        int too_big = lp_seconds_estimate(&m) > 2.0 * (deadline - rotas__plan_now_s());
        if (!start_ok && too_big && xfb && fb_relaxed == relaxed) {
            /* the greedy's plan holds every rule, its flows not completed in time: it is
               the plan (as when the budget is spent) */
            memcpy(x, xfb, rotas__lp_n_cols(m.lp) * sizeof *x);
            have_x = 1;
            used_start_only = 1;
            res.status = ROTAS_LP_NO_SOLUTION;
            break;
        }
        if (!relaxed && !start_ok && too_big) {
            if (opt->verbose)
                fprintf(stderr,
                        "stage %d: no first plan, and no time for GLPK to search for "
                        "one: the relaxed model\n",
                        stage);
            unproven = 1;
            stage = 1;
            continue;
        }
        /* phase 1 likewise: the greedy's plan is the start, its slack priced in phase 2 */
        if (relaxed && !(start_ok && too_big) &&
            (rc = relax_phase1(&m, x, &start_ok, t0, deadline, opt, err)))
            goto done;
        if (opt->export_lp && (rc = rotas__lp_write_lp(m.lp, opt->export_lp, err)))
            goto done;
        if (opt->export_mps && (rc = rotas__lp_write_mps(m.lp, opt->export_mps, err)))
            goto done;
        /* Fix and optimize from the greedy's plan first, on small restrictions that are
           each their own MIP (the other moves fixed, the flows next to the free moves free),
           where the LP relaxation would take a fair share of what is left (estimated from
           the model's size): measured, it then gives better plans sooner than anything that
           waits for the relaxation. Where the relaxation would not be solved within half of
           what is left, the whole budget goes to it and the bound is the county-as-one-pool
           one (county_bound). A cheap relaxation comes first (its bound ends the search as
           soon as a plan reaches it). */
        if (start_ok) {
            double left = deadline - rotas__plan_now_s(), est = lp_seconds_estimate(&m);
            int skip_lp = est > 0.5 * left;
            double reserve = fmin(0.1 * left, 3.0 * m.t_complete + 0.05);
            /* the polish at the end: a tenth, or what a greedy from a plan takes */
            double pol = skip_lp ? fmin(0.5 * left, fmax(0.1 * left, 1.5 * m.gf_est)) : 0.0;
            double until =
                skip_lp ? deadline - reserve - pol : rotas__plan_now_s() + LNS_FIRST * left;
            if ((skip_lp || est > LNS_FIRST_FROM * left) &&
                (rc = lns_improve(&m, x, t0, until, opt, err)))
                goto done;
            /* the polish (see below) in the last tenth: measured at 30 s, 400 schools seed 1
               3,439,964 -> 3,435,565 and seed 2 453,719 -> 433,155 in 1.1 s */
            if (skip_lp && start_ok &&
                (rc = polish(&m, x, &start_ok, deadline - reserve - rotas__plan_now_s(), err)))
                goto done;
            if (skip_lp) {
                have_x = 1;
                used_start_only = 1;
                res.status = ROTAS_LP_NO_SOLUTION;
                break;
            }
        }
        /* out of time already (a large county): what there is will do */
        if (rotas__plan_now_s() > deadline - 0.05 * (deadline - t0) &&
            (start_ok || (xfb && fb_relaxed == relaxed))) {
            if (!start_ok)
                memcpy(x, xfb, rotas__lp_n_cols(m.lp) * sizeof *x);
            have_x = 1;
            used_start_only = 1;
            res.status = ROTAS_LP_NO_SOLUTION;
            break;
        }
        int lp_infeasible = 0;
        if ((rc = restricted_solve(&m, x, &start_ok, &lp_infeasible, t0, deadline, opt, err)))
            goto done;
        if (lp_infeasible)
            continue; /* proven: no plan with these candidates; widen, then relax */
        /* The restricted MIP over the LP's support gives the first plan (measured: the best
           first plans); without one, a dive on the LP relaxation is the surest way to one. */
        if (!start_ok &&
            (rc = feasibility_start(&m, x, &start_ok, 0.4 * (deadline - rotas__plan_now_s()), t0,
                                    opt, err)))
            goto done;
        if (!start_ok &&
            (rc = dive_start(&m, x, &start_ok, 0.5 * (deadline - rotas__plan_now_s()), err)))
            goto done;
        /* Fix and optimize around the first plan, for most of what is left: measured, it
           improves plans where branch and cut on the whole model does not */
        if (start_ok &&
            (rc = lns_improve(&m, x, t0,
                              rotas__plan_now_s() + LNS_SHARE * (deadline - rotas__plan_now_s()),
                              opt, err)))
            goto done;
        /* the plan of fix and optimize through the greedy's local search (exact deltas):
           measured at 60 s against without, 0.68, 0.96, 1.00, 1.02, 1.01, 0.99 (30 schools
           seeds 1, 2, 11, over-quota; 120 seeds 1, 16), in a quarter of a second; branch
           and cut then starts from the better plan */
        if (start_ok &&
            (rc = polish(&m, x, &start_ok, 0.5 * (deadline - rotas__plan_now_s()), err)))
            goto done;
        /* Branch and cut from the best start. Without a start in the strict model, keep a
           reserve: if no plan turns up, the relaxed model still gives one in time. */
        double reserve = !relaxed && !start_ok ? 0.3 * (deadline - rotas__plan_now_s()) : 0.0;
        /* and time to complete, check and decode the plan after the search */
        reserve += fmin(0.1 * (deadline - rotas__plan_now_s()), 3.0 * m.t_complete + 0.05);
        /* branch and cut solves its root LP again and sets up before it searches, partly
           without looking at the clock; with less time than the relaxation is estimated to
           take, the plan in hand is the answer (measured: a 35-school county with decisions
           ended 0.4-0.7 s past a 10-s limit when the search was started with 0.3 s) */
        if (start_ok &&
            deadline - reserve - rotas__plan_now_s() < fmax(0.25, lp_seconds_estimate(&m))) {
            if (m.verbose)
                fprintf(stderr, "branch and cut: %.2f s left, too little; the plan stands\n",
                        deadline - reserve - rotas__plan_now_s());
            have_x = 1;
            used_start_only = 1;
            res.status = ROTAS_LP_NO_SOLUTION;
            res.objective = start_objective(&m, x);
            break;
        }
        progress_relay pr = {opt, rotas__plan_now_s() - t0};
        rotas_lp_options lo = {0};
        lo.primal = 1;
        lo.mip_gap = p->mip_gap;
        lo.cuts = 1;
        lo.verbose = opt->verbose;
        lo.progress = opt->progress ? relay : NULL;
        lo.progress_ctx = &pr;
        int tries = 0, got = 0;
        for (;;) {
            lo.time_limit = deadline - reserve - rotas__plan_now_s();
            if (lo.time_limit < 0.01)
                lo.time_limit = 0.01;
            lo.start = start_ok ? x : NULL;
            if ((rc = rotas__lp_solve(m.lp, &lo, &res, err)))
                goto done;
            if (res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE) {
                /* never trust a solution unchecked: complete its flows and check every row */
                size_t n = rotas__lp_n_cols(m.lp);
                double *xs = malloc((n + 1) * sizeof *xs);
                if (!xs) {
                    rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                    goto done;
                }
                for (size_t j = 0; j < n; j++)
                    xs[j] = rotas__lp_value(m.lp, (int)j);
                if (adopt(&m, x, xs, &start_ok, -1e-6))
                    got = 1;
                free(xs);
            }
            /* GLPK failed (singular basis, numerics): retry from the best plan known with the
               other simplex and no cuts while time is left; never reported as a time limit */
            if (!res.failed || ++tries > 2 || deadline - reserve - rotas__plan_now_s() < 0.5)
                break;
            lo.primal = !lo.primal;
            lo.cuts = 0;
        }
        if (res.failed)
            failed = 1;
        if (got ||
            (start_ok && (res.status == ROTAS_LP_NO_SOLUTION || res.failed ||
                          res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE))) {
            have_x = 1;
            used_start_only = !got;
            res.objective = start_objective(&m, x);
            break;
        }
        if (res.status == ROTAS_LP_INFEASIBLE && !res.failed)
            continue; /* proven: widen, then relax */
        if (xfb && fb_relaxed == relaxed) {
            /* the budget is spent: the greedy's plan, checked rule by rule */
            size_t n = rotas__lp_n_cols(m.lp);
            memcpy(x, xfb, n * sizeof *x);
            have_x = 1;
            used_start_only = 1;
            break;
        }
        if (relaxed) {
            rc = rotas_error_set(err, ROTAS_ESOLVER,
                                 _("plan: no plan found within the time limit of %g s (raise "
                                   "time_limit_seconds or --time-limit)"),
                                 p->time_limit_seconds);
            goto done;
        }
        /* no plan meeting every rule within the budget, and no proof that none exists: the
           relaxed model gives a plan in the reserve, reported as time_limit */
        unproven = 1;
        stage = 1;
    }
    if (!have_x && c->n_decisions > 0 && relaxed) {
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             P_("plan: the bureau's %zu decision cannot all be carried out "
                                "together, even with every rule relaxed (check the move, "
                                "together and receive_key decisions against each other)",
                                "plan: the bureau's %zu decisions cannot all be carried out "
                                "together, even with every rule relaxed (check the move, "
                                "together and receive_key decisions against each other)",
                                c->n_decisions),
                             c->n_decisions);
        goto done;
    }
    if (!have_x) {
        rc = rotas_error_set(err, ROTAS_EINFEASIBLE,
                             _("plan: the data admit no plan even with every rule relaxed"));
        goto done;
    }
    if ((rc = rotas__plan_decode(&m, x, plan, err)) ||
        (rc = rotas__plan_fairness(&m, x, plan, err)) ||
        (rc = rotas__plan_describe(&m, x, plan, err)) ||
        (rc = rotas__plan_secondments(&m, plan, err)))
        goto done;
    if (opt->previous)
        plan->n_changed = count_changed(plan, opt->previous);
    res.objective = plan->objective; /* describe() computed it from the plan */
    /* the best proven bound: branch and bound's, else the LP relaxation's, else the trivial
       one (each column at its cheapest bound) */
    plan->bound = !isnan(res.bound)    ? res.bound
                  : !isnan(m.lp_bound) ? m.lp_bound
                                       : trivial_bound(&m);
    if (!isnan(m.lp_bound) && m.lp_bound > plan->bound)
        plan->bound = m.lp_bound;
    {
        double cb = county_bound(&m);
        if (!isnan(cb) && cb > plan->bound)
            plan->bound = cb;
    }
    if (plan->bound > plan->objective)
        plan->bound = plan->objective;
    /* the gap of the plan as written: the fairness stage's swaps may cost km and preference
       points after the search (fairness comes before them), so the search's own gap is only
       a floor */
    plan->gap = fabs(plan->objective - plan->bound) / (fabs(plan->objective) + 1e-9);
    if (res.status == ROTAS_LP_OPTIMAL && !used_start_only && res.gap > plan->gap)
        plan->gap = res.gap;
    if (isnan(plan->gap) || isinf(plan->gap))
        plan->gap = 1.0;
    if (relaxed) {
        /* rules gave because the strict model was proven infeasible (feasible), or because
           no strict plan turned up within the budget (time_limit) */
        plan->status = unproven ? ROTAS_STATUS_TIME_LIMIT : ROTAS_STATUS_FEASIBLE;
        double amount[R_COUNT] = {0};
        size_t n = rotas__lp_n_cols(m.lp);
        for (size_t j = 0; j < n; j++)
            if (m.slack_kind[j] >= 0) {
                double v = x[j];
                if (m.slack_kind[j] == R_POSTS &&
                    strncmp(rotas__lp_col_name(m.lp, (int)j), "slack_posts_down", 16) == 0)
                    continue; /* count each unmatched post once */
                amount[m.slack_kind[j]] += v;
            }
        for (int r = 0; r < R_COUNT; r++)
            if (amount[r] > 0.5) {
                if (add_relaxed(plan, r, round(amount[r]), &m)) {
                    rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                    goto done;
                }
                if (unproven) /* no cause is known: say what happened */
                    snprintf(plan->relaxed[plan->n_relaxed - 1].detail,
                             sizeof plan->relaxed[plan->n_relaxed - 1].detail,
                             _("short by %.0f: the time limit ended before a plan meeting every "
                               "rule was found (not proven impossible; allow more time)"),
                             round(amount[r]));
            }
    } else if (res.status == ROTAS_LP_OPTIMAL && !used_start_only && !failed) {
        /* proven for the model; the plan as written is optimal only when the fairness
           stage's swaps kept it within mip_gap of the bound (else it is a checked plan whose
           gap says how far it may be: 10 schools, seed 67005, coverage 0.5: 239.34 against
           234.34 after a swap, 2.1%) */
        plan->status =
            plan->gap <= fmax(p->mip_gap, 1e-6) ? ROTAS_STATUS_OPTIMAL : ROTAS_STATUS_FEASIBLE;
    } else if (failed) {
        plan->status = ROTAS_STATUS_FEASIBLE; /* the solver failed: a checked plan, unproven */
    } else {
        plan->status = ROTAS_STATUS_TIME_LIMIT;
    }
    if (m.out_raised > 0) {
        rotas_relaxed *r = NULL;
        for (size_t i = 0; i < plan->n_relaxed; i++)
            if (!strcmp(plan->relaxed[i].rule, rotas_rule_name(ROTAS_RULE_MAX_OUT_SHARE)))
                r = &plan->relaxed[i];
        if (!r) {
            if (add_relaxed(plan, R_OUT, 0.0, &m)) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                goto done;
            }
            r = &plan->relaxed[plan->n_relaxed - 1];
            r->detail[0] = '\0';
        }
        r->amount += m.out_raised;
        size_t len = strlen(r->detail);
        snprintf(r->detail + len, sizeof r->detail - len,
                 P_("%s%d leader past %d years in post must leave schools that may lose fewer "
                    "(e.g. %s)",
                    "%s%d leaders past %d years in post must leave schools that may lose fewer "
                    "(e.g. %s)",
                    m.out_raised),
                 len ? _("; ") : "", m.out_raised, m.p->leader_tenure_years,
                 rotas__plan_sid(&m, m.out_raised_school));
        /* the rules as given could not all hold: the plan is "feasible" with relaxed[] (its
           bound and gap still say how good it is under the rules that held); a time_limit
           stays one */
        if (plan->status == ROTAS_STATUS_OPTIMAL)
            plan->status = ROTAS_STATUS_FEASIBLE;
    }
    plan->seconds = rotas__plan_now_s() - t0;
    /* texts cut to their buffers (a translated detail can be longer) end on a whole character */
    for (size_t i = 0; i < plan->n_relaxed; i++)
        rotas__utf8_trim(plan->relaxed[i].detail);
    for (size_t i = 0; i < plan->n_envy; i++)
        rotas__utf8_trim(plan->envy[i].why);
    *out = plan;
    plan = NULL;
done:
    free(x);
    free(xfb);
    rotas__plan_model_free(&m);
    rotas_plan_free(plan);
    return rc;
}
