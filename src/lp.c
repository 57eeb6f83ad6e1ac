/* lp.c - the thin builder over GLPK: named columns and rows, checked, solved on a budget. */
#include "lp_int.h"

#include <glpk.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rotas/outfile.h"
#include "strmap_int.h"

#define NAME_MAX_LEN 255

struct rotas_lp {
    glp_prob *prob;
    unsigned env_gen;                  /* the GLPK environment prob lives in (see lp_dead) */
    rotas_strmap col_names, row_names; /* keys borrowed from the name arrays below */
    char **cnames, **rnames;
    size_t n_cols, n_rows, cap_cols, cap_rows;
    int n_int;   /* integer or binary columns */
    int has_mip; /* last solve produced a MIP solution */
    int has_lp;  /* last solve produced an LP solution */
    /* scratch for merging row entries, sized to cap_cols */
    double *acc;
    int *seen;
    int *ind;    /* 1-based scratch for GLPK */
    double *val; /* 1-based scratch for GLPK */
    size_t scratch_cap;
    /* the matrix by columns and by rows (restricted solves), for mat_cols x mat_rows */
    int *csc_off, *csc_row, *csr_off, *csr_col;
    double *csc_val, *csr_val;
    size_t mat_cols, mat_rows;
};

/* GLPK's terminal output goes to stderr when the current solve is verbose, else nowhere; never
   to stdout, which belongs to the command's result. GLPK's environment is per thread. */
static _Thread_local int g_verbose;

/* The end of what GLPK printed last in this thread, for the message of an internal error. */
static _Thread_local char g_last[320];

static int term_hook(void *info, const char *s)
{
    (void)info;
    if (g_verbose)
        fputs(s, stderr);
    size_t have = strlen(g_last), add = strlen(s);
    if (add >= sizeof g_last)
        s += add - (sizeof g_last - 1), add = sizeof g_last - 1;
    if (have + add >= sizeof g_last) {
        size_t drop = have + add - (sizeof g_last - 1);
        memmove(g_last, g_last + drop, have - drop + 1);
        have -= drop;
    }
    memcpy(g_last + have, s, add + 1);
    return 1;
}

/* GLPK stops on an internal error (a failed assertion: seen in the primal simplex of its
   proximity search on a county with extreme weights, "Assertion failed: teta_lim >= 0.0") by
   calling its error hook, then abort(). Where a guard is set, the hook jumps back to it
   instead; the thread's whole GLPK environment, every problem in it, must then be freed
   (glp_free_env), and the problems of that environment are dead (lp_dead). The restricted
   MIPs run in a thread of their own, with an environment of their own, so that their failure
   costs only their step; a failure in the whole model's solves leaves it dead, and the
   planner carries on with the best plan it has (every solve of a dead model says failed).
   Memory a guarded solve allocates is owned by the guard until freed, so that none leaks. */
typedef struct glpk_guard {
    jmp_buf jb;
    void *owned[16];
    int n_owned;
} glpk_guard;
static _Thread_local glpk_guard *g_guard;
static _Thread_local unsigned g_env_gen;

static void error_hook(void *info)
{
    (void)info;
    if (g_guard)
        longjmp(g_guard->jb, 1);
}

static int lp_dead(const rotas_lp *lp)
{
    return !lp->prob || lp->env_gen != g_env_gen;
}

static void *guard_own(void *p)
{
    if (p && g_guard && g_guard->n_owned < (int)(sizeof g_guard->owned / sizeof *g_guard->owned))
        g_guard->owned[g_guard->n_owned++] = p;
    return p;
}

static void guard_free(void *p)
{
    if (p && g_guard)
        for (int i = g_guard->n_owned; i-- > 0;)
            if (g_guard->owned[i] == p) {
                g_guard->owned[i] = g_guard->owned[--g_guard->n_owned];
                break;
            }
    free(p);
}

/* GLPK's hooks for this thread's environment, and its last message cleared: set by every
   guarded entry (rotas__lp_solve, rotas__lp_dive, a restricted MIP's thread), so the bodies
   under a guard need not. */
static void glpk_hooks(void)
{
    glp_term_hook(term_hook, NULL);
    glp_error_hook(error_hook, NULL);
    g_last[0] = '\0';
}

/* After the jump back to guard g: what it owns freed, the environment with it. */
static void guard_unwind(glpk_guard *g, int verbose, const char *what)
{
    for (int i = 0; i < g->n_owned; i++)
        free(g->owned[i]);
    g->n_owned = 0;
    g_guard = NULL;
    char msg[sizeof g_last];
    size_t k = 0;
    for (const char *c = g_last; *c && k + 1 < sizeof msg; c++)
        msg[k++] = *c == '\n' ? ' ' : *c;
    while (k > 0 && msg[k - 1] == ' ')
        k--;
    msg[k] = '\0';
    glp_free_env();
    g_env_gen++;
    if (verbose)
        fprintf(stderr, "rotas: warning: GLPK stopped on an internal error in %s (%s)\n", what,
                msg);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

rotas_rc rotas__lp_new(rotas_lp **out, const char *name, int maximize, rotas_error *err)
{
    rotas_lp *lp = calloc(1, sizeof *lp);
    if (!lp)
        return rotas_error_set(err, ROTAS_ENOMEM, "model: out of memory");
    if (rotas_strmap_init(&lp->col_names, 1024) != 0 ||
        rotas_strmap_init(&lp->row_names, 1024) != 0) {
        rotas__lp_free(lp);
        return rotas_error_set(err, ROTAS_ENOMEM, "model: out of memory");
    }
    glpk_hooks();
    lp->prob = glp_create_prob();
    lp->env_gen = g_env_gen;
    char clean[64];
    snprintf(clean, sizeof clean, "%s", name ? name : "rotas");
    for (char *p = clean; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", *p))
            *p = '_';
    glp_set_prob_name(lp->prob, clean);
    glp_set_obj_name(lp->prob, "obj");
    glp_set_obj_dir(lp->prob, maximize ? GLP_MAX : GLP_MIN);
    *out = lp;
    return ROTAS_OK;
}

void rotas__lp_free(rotas_lp *lp)
{
    if (!lp)
        return;
    if (!lp_dead(lp))
        glp_delete_prob(lp->prob);
    rotas_strmap_free(&lp->col_names);
    rotas_strmap_free(&lp->row_names);
    for (size_t i = 0; i < lp->n_cols; i++)
        free(lp->cnames[i]);
    for (size_t i = 0; i < lp->n_rows; i++)
        free(lp->rnames[i]);
    free(lp->cnames);
    free(lp->rnames);
    free(lp->acc);
    free(lp->seen);
    free(lp->ind);
    free(lp->val);
    free(lp->csc_off);
    free(lp->csc_row);
    free(lp->csc_val);
    free(lp->csr_off);
    free(lp->csr_col);
    free(lp->csr_val);
    free(lp);
}

/* Format, clean and make unique a name; returns a new string or NULL (out of memory). */
__attribute__((format(printf, 2, 0))) static char *make_name(rotas_strmap *used, const char *fmt,
                                                             va_list ap)
{
    char buf[NAME_MAX_LEN + 1];
    vsnprintf(buf, sizeof buf, fmt, ap);
    if (buf[0] == '\0')
        snprintf(buf, sizeof buf, "_");
    for (char *p = buf; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '_' || ch == '(' || ch == ')' || ch == ',' || ch == '.';
        if (!ok)
            *p = '_';
    }
    /* A CPLEX LP name must not start with a digit or a period. */
    if ((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '.') {
        memmove(buf + 1, buf, NAME_MAX_LEN - 1);
        buf[NAME_MAX_LEN] = '\0';
        buf[0] = '_';
    }
    char *name = NULL;
    if (rotas_strmap_get(used, buf) < 0) {
        name = malloc(strlen(buf) + 1);
        if (name)
            strcpy(name, buf);
        return name;
    }
    for (int k = 2;; k++) {
        char alt[NAME_MAX_LEN + 1];
        char suffix[16];
        int sl = snprintf(suffix, sizeof suffix, "_%d", k);
        size_t base = strlen(buf);
        if (base + (size_t)sl > NAME_MAX_LEN)
            base = NAME_MAX_LEN - (size_t)sl;
        memcpy(alt, buf, base);
        memcpy(alt + base, suffix, (size_t)sl + 1);
        if (rotas_strmap_get(used, alt) < 0) {
            name = malloc(strlen(alt) + 1);
            if (name)
                strcpy(name, alt);
            return name;
        }
    }
}

static int grow_names(char ***arr, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 256;
    while (c < need)
        c *= 2;
    char **a = realloc(*arr, c * sizeof **arr);
    if (!a)
        return -1;
    *arr = a;
    *cap = c;
    return 0;
}

static int grow_scratch(rotas_lp *lp, size_t need)
{
    if (need <= lp->scratch_cap)
        return 0;
    size_t c = lp->scratch_cap ? lp->scratch_cap * 2 : 1024;
    while (c < need)
        c *= 2;
    double *acc = realloc(lp->acc, c * sizeof *acc);
    if (!acc)
        return -1;
    lp->acc = acc;
    int *seen = realloc(lp->seen, c * sizeof *seen);
    if (!seen)
        return -1;
    lp->seen = seen;
    int *ind = realloc(lp->ind, (c + 1) * sizeof *ind);
    if (!ind)
        return -1;
    lp->ind = ind;
    double *val = realloc(lp->val, (c + 1) * sizeof *val);
    if (!val)
        return -1;
    lp->val = val;
    for (size_t i = lp->scratch_cap; i < c; i++) {
        lp->acc[i] = 0.0;
        lp->seen[i] = 0;
    }
    lp->scratch_cap = c;
    return 0;
}

static int bounds_type(double lb, double ub)
{
    if (isinf(lb) && lb < 0 && isinf(ub) && ub > 0)
        return GLP_FR;
    if (isinf(ub) && ub > 0)
        return GLP_LO;
    if (isinf(lb) && lb < 0)
        return GLP_UP;
    if (lb == ub)
        return GLP_FX;
    return GLP_DB;
}

static rotas_rc check_bounds(double lb, double ub, int kind, const char *what, const char *name,
                             rotas_error *err)
{
    if (isnan(lb) || isnan(ub) || (isinf(lb) && lb > 0) || (isinf(ub) && ub < 0) || lb > ub)
        return rotas_error_set(err, ROTAS_ERR, "model: %s %s: bad bounds [%g, %g]", what, name, lb,
                               ub);
    if (kind == ROTAS_LP_INTEGER &&
        ((!isinf(lb) && lb != floor(lb)) || (!isinf(ub) && ub != floor(ub))))
        return rotas_error_set(err, ROTAS_ERR, "model: %s %s: integer column with bounds [%g, %g]",
                               what, name, lb, ub);
    return ROTAS_OK;
}

int rotas__lp_col(rotas_lp *lp, rotas_error *err, int kind, double lb, double ub, double obj,
                  const char *fmt, ...)
{
    if (lp_dead(lp)) {
        rotas_error_set(err, ROTAS_ESOLVER, "model: lost to a solver error");
        return -1;
    }
    if (kind == ROTAS_LP_BINARY) {
        lb = 0.0;
        ub = 1.0;
    }
    if (!isfinite(obj)) {
        rotas_error_set(err, ROTAS_ERR, "model: column objective coefficient %g", obj);
        return -1;
    }
    if (grow_names(&lp->cnames, &lp->cap_cols, lp->n_cols + 1) != 0 ||
        grow_scratch(lp, lp->n_cols + 1) != 0) {
        rotas_error_set(err, ROTAS_ENOMEM, "model: out of memory");
        return -1;
    }
    va_list ap;
    va_start(ap, fmt);
    char *name = make_name(&lp->col_names, fmt, ap);
    va_end(ap);
    if (!name) {
        rotas_error_set(err, ROTAS_ENOMEM, "model: out of memory");
        return -1;
    }
    if (check_bounds(lb, ub, kind, "column", name, err) != ROTAS_OK) {
        free(name);
        return -1;
    }
    if (rotas_strmap_put(&lp->col_names, name, (int)lp->n_cols) < 0) {
        free(name);
        rotas_error_set(err, ROTAS_ENOMEM, "model: out of memory");
        return -1;
    }
    lp->cnames[lp->n_cols] = name;
    int j = glp_add_cols(lp->prob, 1);
    glp_set_col_name(lp->prob, j, name);
    glp_set_col_bnds(lp->prob, j, bounds_type(lb, ub), isinf(lb) ? 0.0 : lb, isinf(ub) ? 0.0 : ub);
    glp_set_obj_coef(lp->prob, j, obj);
    if (kind == ROTAS_LP_BINARY) {
        glp_set_col_kind(lp->prob, j, GLP_BV);
        lp->n_int++;
    } else if (kind == ROTAS_LP_INTEGER) {
        glp_set_col_kind(lp->prob, j, GLP_IV);
        lp->n_int++;
    }
    return (int)lp->n_cols++;
}

int rotas__lp_row(rotas_lp *lp, rotas_error *err, double lo, double hi, size_t n, const int *cols,
                  const double *vals, const char *fmt, ...)
{
    if (lp_dead(lp)) {
        rotas_error_set(err, ROTAS_ESOLVER, "model: lost to a solver error");
        return -1;
    }
    if (grow_names(&lp->rnames, &lp->cap_rows, lp->n_rows + 1) != 0) {
        rotas_error_set(err, ROTAS_ENOMEM, "model: out of memory");
        return -1;
    }
    va_list ap;
    va_start(ap, fmt);
    char *name = make_name(&lp->row_names, fmt, ap);
    va_end(ap);
    if (!name) {
        rotas_error_set(err, ROTAS_ENOMEM, "model: out of memory");
        return -1;
    }
    if (check_bounds(lo, hi, ROTAS_LP_CONTINUOUS, "row", name, err) != ROTAS_OK) {
        free(name);
        return -1;
    }
    if (isinf(lo) && isinf(hi)) {
        rotas_error_set(err, ROTAS_ERR, "model: row %s: free rows are not allowed", name);
        free(name);
        return -1;
    }
    /* Merge repeated columns, drop zeros. */
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        int c = cols[i];
        if (c < 0 || (size_t)c >= lp->n_cols || !isfinite(vals[i])) {
            rotas_error_set(err, ROTAS_ERR, "model: row %s: entry %zu: column %d of %zu, value %g",
                            name, i, c, lp->n_cols, vals[i]);
            for (size_t k = 0; k < len; k++) {
                lp->seen[lp->ind[k + 1]] = 0;
                lp->acc[lp->ind[k + 1]] = 0.0;
            }
            free(name);
            return -1;
        }
        if (!lp->seen[c]) {
            lp->seen[c] = 1;
            lp->ind[++len] = c;
        }
        lp->acc[c] += vals[i];
    }
    /* Entries below ROTAS_LP_TINY of the row's largest are round-off (a sum that should be
       zero, a coefficient computed as a difference): dropped, they cannot mislead the
       simplex (entries 1e15 apart made GLPK's LP values wrong and its MIP solutions break
       rows). */
    double big = 0.0;
    for (size_t k = 1; k <= len; k++)
        big = fmax(big, fabs(lp->acc[lp->ind[k]]));
    size_t m = 0;
    for (size_t k = 1; k <= len; k++) {
        int c = lp->ind[k];
        double v = lp->acc[c];
        lp->seen[c] = 0;
        lp->acc[c] = 0.0;
        if (fabs(v) > ROTAS_LP_TINY * big) {
            m++;
            lp->ind[m] = c + 1;
            lp->val[m] = v;
        }
    }
    if (rotas_strmap_put(&lp->row_names, name, (int)lp->n_rows) < 0) {
        free(name);
        rotas_error_set(err, ROTAS_ENOMEM, "model: out of memory");
        return -1;
    }
    lp->rnames[lp->n_rows] = name;
    int i = glp_add_rows(lp->prob, 1);
    glp_set_row_name(lp->prob, i, name);
    glp_set_row_bnds(lp->prob, i, bounds_type(lo, hi), isinf(lo) ? 0.0 : lo, isinf(hi) ? 0.0 : hi);
    if (m > 0)
        glp_set_mat_row(lp->prob, i, (int)m, lp->ind, lp->val);
    return (int)lp->n_rows++;
}

void rotas__lp_set_obj_const(rotas_lp *lp, double c)
{
    glp_set_obj_coef(lp->prob, 0, c);
}

rotas_rc rotas__lp_set_bounds(rotas_lp *lp, int col, double lb, double ub, rotas_error *err)
{
    if (col < 0 || (size_t)col >= lp->n_cols)
        return rotas_error_set(err, ROTAS_ERR, "model: no column %d", col);
    if (lp_dead(lp))
        return ROTAS_OK; /* nothing is solved on it again */
    int kind =
        glp_get_col_kind(lp->prob, col + 1) == GLP_CV ? ROTAS_LP_CONTINUOUS : ROTAS_LP_INTEGER;
    rotas_rc rc = check_bounds(lb, ub, kind, "column", lp->cnames[col], err);
    if (rc)
        return rc;
    glp_set_col_bnds(lp->prob, col + 1, bounds_type(lb, ub), isinf(lb) ? 0.0 : lb,
                     isinf(ub) ? 0.0 : ub);
    return ROTAS_OK;
}

rotas_rc rotas__lp_set_obj(rotas_lp *lp, int col, double c, rotas_error *err)
{
    if (col < 0 || (size_t)col >= lp->n_cols || !isfinite(c))
        return rotas_error_set(err, ROTAS_ERR, "model: no column %d or bad coefficient", col);
    if (lp_dead(lp))
        return ROTAS_OK;
    glp_set_obj_coef(lp->prob, col + 1, c);
    return ROTAS_OK;
}

size_t rotas__lp_n_cols(const rotas_lp *lp)
{
    return lp->n_cols;
}

size_t rotas__lp_n_rows(const rotas_lp *lp)
{
    return lp->n_rows;
}

const char *rotas__lp_col_name(const rotas_lp *lp, int col)
{
    return col >= 0 && (size_t)col < lp->n_cols ? lp->cnames[col] : NULL;
}

/* State shared with the branch-and-bound callback. */
typedef struct solve_ctx {
    const rotas_lp_options *opt;
    double t0, deadline;
    double *start1; /* 1-based start vector */
    int start_done;
    int minimize;
    double bound; /* best proven bound so far */
    double last_progress;
    int nodes;
} solve_ctx;

static void tighten_bound(solve_ctx *x, double b)
{
    if (isnan(b) || fabs(b) >= 1e300) /* GLPK says -DBL_MAX for "no bound yet" */
        return;
    if (isnan(x->bound) || (x->minimize ? b > x->bound : b < x->bound))
        x->bound = b;
}

static void callback(glp_tree *tree, void *info)
{
    solve_ctx *x = info;
    int reason = glp_ios_reason(tree);
    if (reason == GLP_IHEUR && x->start1 && !x->start_done) {
        x->start_done = 1;
        glp_ios_heur_sol(tree, x->start1);
    }
    int best = glp_ios_best_node(tree);
    if (best)
        tighten_bound(x, glp_ios_node_bound(tree, best));
    int a_cnt = 0, n_cnt = 0, t_cnt = 0;
    glp_ios_tree_size(tree, &a_cnt, &n_cnt, &t_cnt);
    x->nodes = t_cnt;
    double t = now_seconds();
    if (x->opt->progress && t - x->last_progress >= 1.0) {
        glp_prob *p = glp_ios_get_prob(tree);
        double inc = glp_mip_status(p) == GLP_FEAS || glp_mip_status(p) == GLP_OPT
                         ? glp_mip_obj_val(p)
                         : NAN;
        x->opt->progress(x->opt->progress_ctx, "solving", t - x->t0, inc, x->bound);
        x->last_progress = t;
    }
    if (t >= x->deadline)
        glp_ios_terminate(tree);
}

static int remaining_ms(const solve_ctx *x)
{
    double left = x->deadline - now_seconds();
    if (left < 0.001)
        left = 0.001;
    return left > 2e6 ? 2000000000 : (int)(left * 1000.0);
}

static rotas_rc solve_body(rotas_lp *lp, const rotas_lp_options *opt, rotas_lp_result *res,
                           rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    solve_ctx x = {0};
    x.opt = opt;
    x.t0 = now_seconds();
    x.deadline = x.t0 + (opt->time_limit > 0 ? opt->time_limit : 60.0);
    x.minimize = glp_get_obj_dir(lp->prob) == GLP_MIN;
    x.bound = NAN;
    x.last_progress = x.t0;
    g_verbose = opt->verbose;
    lp->has_mip = lp->has_lp = 0;
    *res = (rotas_lp_result){.status = ROTAS_LP_FAILED, .objective = NAN, .bound = NAN, .gap = NAN};

    if (opt->progress)
        opt->progress(opt->progress_ctx, "solving", 0.0, NAN, NAN);

    /* Scale the rows and columns (as glpsol does): the models mix periods, km and penalty
       weights, and unscaled the simplex stalls on the larger ones. */
    glp_scale_prob(lp->prob, GLP_SF_AUTO);
    /* with the MIP presolver, GLPK solves the presolved problem's root LP itself */
    int presolve = opt->presolve && !opt->relax_only && lp->n_int > 0;
    if (presolve)
        goto mip;
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.meth = opt->primal ? GLP_PRIMAL : GLP_DUALP;
    smcp.msg_lev = opt->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    smcp.presolve = GLP_OFF;
    smcp.tm_lim = remaining_ms(&x);
    int r = glp_simplex(lp->prob, &smcp);
    res->lp_seconds = now_seconds() - x.t0;
    if (r == GLP_ETMLIM) {
        res->status = ROTAS_LP_NO_SOLUTION;
        goto done;
    }
    if (r != 0) {
        /* A singular or ill-conditioned basis: retry once from an advanced basis, primal. */
        glp_adv_basis(lp->prob, 0);
        smcp.meth = GLP_PRIMAL;
        smcp.tm_lim = remaining_ms(&x);
        r = glp_simplex(lp->prob, &smcp);
        if (r == GLP_ETMLIM) {
            res->status = ROTAS_LP_NO_SOLUTION;
            goto done;
        }
        if (r != 0) {
            res->status = ROTAS_LP_FAILED;
            goto done;
        }
    }
    int st = glp_get_status(lp->prob);
    if (st == GLP_NOFEAS || glp_get_prim_stat(lp->prob) == GLP_NOFEAS) {
        res->status = ROTAS_LP_INFEASIBLE;
        goto done;
    }
    if (st == GLP_UNBND) {
        res->status = ROTAS_LP_UNBOUNDED;
        goto done;
    }
    if (st != GLP_OPT) {
        res->status = ROTAS_LP_FAILED;
        goto done;
    }
    double lp_obj = glp_get_obj_val(lp->prob);
    x.bound = lp_obj;
    if (opt->relax_only || lp->n_int == 0) {
        lp->has_lp = 1;
        res->status = ROTAS_LP_OPTIMAL;
        res->objective = lp_obj;
        res->bound = lp_obj;
        res->gap = 0.0;
        goto done;
    }

mip:
    if (opt->start && !presolve) {
        x.start1 = guard_own(malloc((lp->n_cols + 1) * sizeof *x.start1));
        if (!x.start1) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, "model: out of memory");
            goto done;
        }
        x.start1[0] = 0.0;
        for (size_t j = 0; j < lp->n_cols; j++)
            x.start1[j + 1] = opt->start[j];
    }
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.presolve = presolve ? GLP_ON : GLP_OFF;
    if (opt->proximity) {
        iocp.ps_heur = GLP_ON;
        iocp.ps_tm_lim = remaining_ms(&x); /* its own limit, 60 s unless told */
    }
    iocp.msg_lev = opt->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    iocp.mip_gap = opt->mip_gap > 0 ? opt->mip_gap : 0.0;
    iocp.cb_func = callback;
    iocp.cb_info = &x;
    iocp.tm_lim = remaining_ms(&x);
    iocp.out_dly = 0;
    if (opt->cuts) {
        iocp.mir_cuts = GLP_ON;
        iocp.gmi_cuts = opt->cuts > 1 ? GLP_ON : GLP_OFF;
        /* the cover cuts' knapsack rows and the clique cuts' conflict graph are built before
           the search, with no look at the clock: measured, 1.0 s on a 35-school county with
           decisions (354 knapsack rows, 10,100 vertices) where the search had 0.3 s; so only
           with a few seconds to spare */
        iocp.cov_cuts = iocp.tm_lim >= 5000 ? GLP_ON : GLP_OFF;
        iocp.clq_cuts = iocp.tm_lim >= 5000 ? GLP_ON : GLP_OFF;
    }
    r = glp_intopt(lp->prob, &iocp);
    int ms = glp_mip_status(lp->prob);
    res->nodes = x.nodes;
    /* GLPK stopped for a reason other than the budget, the gap or our callback (a singular
       basis, a numerical failure): say so, whatever it found */
    res->failed = r != 0 && r != GLP_ETMLIM && r != GLP_ESTOP && r != GLP_EMIPGAP &&
                  !(presolve && r == GLP_ENOPFS);
    if (ms == GLP_OPT || ms == GLP_FEAS) {
        lp->has_mip = 1;
        res->objective = glp_mip_obj_val(lp->prob);
        if (ms == GLP_OPT && r == 0) {
            res->status = ROTAS_LP_OPTIMAL;
            res->bound = res->objective;
        } else {
            res->bound = x.bound;
            /* The incumbent itself bounds nothing; the gap is measured against the tree. */
            res->status = r == GLP_EMIPGAP ? ROTAS_LP_OPTIMAL : ROTAS_LP_FEASIBLE;
            if (res->failed)
                res->status = ROTAS_LP_FEASIBLE;
        }
    } else if (ms == GLP_NOFEAS || (presolve && r == GLP_ENOPFS)) {
        res->status = ROTAS_LP_INFEASIBLE;
    } else if (r == GLP_ETMLIM || r == GLP_ESTOP) {
        res->status = ROTAS_LP_NO_SOLUTION;
        res->bound = x.bound;
    } else {
        res->status = ROTAS_LP_FAILED;
        res->bound = x.bound;
    }
    if (!isnan(res->objective) && !isnan(res->bound))
        res->gap = fabs(res->objective - res->bound) / (fabs(res->objective) + 1e-9);
    if (res->status == ROTAS_LP_OPTIMAL && res->bound == res->objective)
        res->gap = 0.0;

done:
    if (res->status == ROTAS_LP_FAILED)
        res->failed = 1;
    res->seconds = now_seconds() - x.t0;
    if (opt->progress)
        opt->progress(opt->progress_ctx, "solved", res->seconds, res->objective, res->bound);
    guard_free(x.start1);
    return rc;
}

/* The guard of the outermost GLPK call of a thread (there is one at a time per thread). */
static _Thread_local glpk_guard g_top;

static void failed_result(rotas_lp_result *res)
{
    *res = (rotas_lp_result){
        .status = ROTAS_LP_FAILED, .objective = NAN, .bound = NAN, .gap = NAN, .failed = 1};
}

rotas_rc rotas__lp_solve(rotas_lp *lp, const rotas_lp_options *opt, rotas_lp_result *res,
                         rotas_error *err)
{
    if (lp_dead(lp)) {
        failed_result(res);
        return ROTAS_OK;
    }
    if (g_guard)
        return solve_body(lp, opt, res, err);
    glpk_hooks();
    g_top.n_owned = 0;
    g_guard = &g_top;
    if (setjmp(g_top.jb)) {
        guard_unwind(&g_top, 1, "a solve of the whole model; it is not used again in this run");
        failed_result(res);
        return ROTAS_OK;
    }
    rotas_rc rc = solve_body(lp, opt, res, err);
    g_guard = NULL;
    return rc;
}

typedef struct dive_item {
    double d;
    int j;
} dive_item;

static int cmp_dive(const void *pa, const void *pb)
{
    const dive_item *a = pa, *b = pb;
    if (a->d != b->d)
        return a->d < b->d ? -1 : 1;
    return (a->j > b->j) - (a->j < b->j);
}

static int dive_simplex(rotas_lp *lp, double deadline, int meth)
{
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.meth = meth;
    smcp.msg_lev = GLP_MSG_OFF;
    double left = deadline - now_seconds();
    if (left <= 0)
        return -1;
    smcp.tm_lim = left > 2e6 ? 2000000000 : (int)(left * 1000.0) + 1;
    int r = glp_simplex(lp->prob, &smcp);
    if (r == GLP_ETMLIM)
        return -1;
    if (r != 0) {
        glp_adv_basis(lp->prob, 0);
        smcp.meth = GLP_PRIMAL;
        r = glp_simplex(lp->prob, &smcp);
        if (r != 0)
            return -1;
    }
    return glp_get_status(lp->prob) == GLP_OPT ? 1 : 0;
}

static int dive_body(rotas_lp *lp, double time_limit, double *out, double *objective)
{
    size_t n = lp->n_cols;
    double deadline = now_seconds() + (time_limit > 0 ? time_limit : 1.0);
    int ok = 0;
    int *type = guard_own(malloc((n + 1) * sizeof *type));
    double *lb = guard_own(malloc((n + 1) * sizeof *lb)),
           *ub = guard_own(malloc((n + 1) * sizeof *ub));
    int *batch = guard_own(malloc((n + 1) * sizeof *batch)),
        *ptype = guard_own(malloc((n + 1) * sizeof *ptype));
    double *plb = guard_own(malloc((n + 1) * sizeof *plb)),
           *pub = guard_own(malloc((n + 1) * sizeof *pub));
    double *dist = guard_own(malloc((n + 1) * sizeof *dist));
    dive_item *order = guard_own(malloc((n + 1) * sizeof *order));
    if (!type || !lb || !ub || !batch || !ptype || !plb || !pub || !dist || !order) {
        ok = -1;
        goto done;
    }
    for (size_t j = 1; j <= n; j++) {
        type[j] = glp_get_col_type(lp->prob, (int)j);
        lb[j] = glp_get_col_lb(lp->prob, (int)j);
        ub[j] = glp_get_col_ub(lp->prob, (int)j);
    }
    g_verbose = 0;
    if (dive_simplex(lp, deadline, GLP_PRIMAL) != 1)
        goto done;
    for (;;) {
        /* fractional integer columns, nearest to integrality first; round a batch of them:
           all within 0.2 of an integer, and at least an eighth of the fractional ones */
        size_t nb = 0;
        int best = 0;
        for (size_t j = 1; j <= n; j++) {
            if (glp_get_col_kind(lp->prob, (int)j) == GLP_CV)
                continue;
            double v = glp_get_col_prim(lp->prob, (int)j), f = v - floor(v);
            if (f < 1e-6 || f > 1 - 1e-6)
                continue;
            batch[nb] = (int)j;
            dist[nb++] = fmin(f, 1 - f);
        }
        if (nb > 0) {
            for (size_t k = 0; k < nb; k++)
                order[k] = (dive_item){dist[k], batch[k]};
            qsort(order, nb, sizeof *order, cmp_dive);
            size_t take = nb / 4 + 1, close = 0;
            while (close < nb && order[close].d < 0.2)
                close++;
            if (close > take)
                take = close;
            if (take > nb)
                take = nb;
            for (size_t k = 0; k < take; k++)
                batch[k] = order[k].j;
            nb = take;
            best = batch[0];
        }
        if (!best) {
            for (size_t j = 0; j < n; j++)
                out[j] = glp_get_col_prim(lp->prob, (int)j + 1);
            *objective = glp_get_obj_val(lp->prob);
            ok = 1;
            break;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            /* attempt 0: the batch to its nearer integers; 1: only the best one; 2: the best
               one the other way */
            size_t m = attempt == 0 ? nb : 1;
            int *cols = attempt == 0 ? batch : &best;
            for (size_t k = 0; k < m; k++) {
                int j = cols[k];
                ptype[k] = glp_get_col_type(lp->prob, j);
                plb[k] = glp_get_col_lb(lp->prob, j);
                pub[k] = glp_get_col_ub(lp->prob, j);
                double v = glp_get_col_prim(lp->prob, j), f = v - floor(v);
                int up = f >= 0.5;
                if (attempt == 2)
                    up = !up;
                double nl = glp_get_col_lb(lp->prob, j), nu = glp_get_col_ub(lp->prob, j);
                int t = glp_get_col_type(lp->prob, j);
                if (t == GLP_FR || t == GLP_UP)
                    nl = -DBL_MAX;
                if (t == GLP_FR || t == GLP_LO)
                    nu = DBL_MAX;
                if (up)
                    nl = ceil(v);
                else
                    nu = floor(v);
                glp_set_col_bnds(lp->prob, j, nl == nu ? GLP_FX : (nu == DBL_MAX ? GLP_LO : GLP_DB),
                                 nl, nu == DBL_MAX ? 0.0 : nu);
            }
            int r = dive_simplex(lp, deadline, GLP_DUALP);
            if (r < 0)
                goto done; /* time */
            if (r == 1)
                break;
            /* infeasible: undo this attempt */
            for (size_t k = 0; k < m; k++)
                glp_set_col_bnds(lp->prob, cols[k], ptype[k], plb[k], pub[k]);
            if (attempt == 2)
                goto done;
            if (dive_simplex(lp, deadline, GLP_DUALP) != 1)
                goto done;
        }
    }
done:
    if (type && lb && ub)
        for (size_t j = 1; j <= n; j++)
            glp_set_col_bnds(lp->prob, (int)j, type[j], lb[j], ub[j]);
    guard_free(type);
    guard_free(lb);
    guard_free(ub);
    guard_free(batch);
    guard_free(ptype);
    guard_free(dist);
    guard_free(order);
    guard_free(plb);
    guard_free(pub);
    return ok;
}

int rotas__lp_dive(rotas_lp *lp, double time_limit, double *out, double *objective)
{
    if (lp_dead(lp))
        return -1;
    if (g_guard)
        return dive_body(lp, time_limit, out, objective);
    glpk_hooks();
    g_top.n_owned = 0;
    g_guard = &g_top;
    if (setjmp(g_top.jb)) {
        guard_unwind(&g_top, 1, "a dive on the whole model; it is not used again in this run");
        lp->has_mip = lp->has_lp = 0;
        return -1;
    }
    int ok = dive_body(lp, time_limit, out, objective);
    g_guard = NULL;
    return ok;
}

double rotas__lp_value(const rotas_lp *lp, int col)
{
    if (col < 0 || (size_t)col >= lp->n_cols || lp_dead(lp))
        return 0.0;
    if (lp->has_mip)
        return glp_mip_col_val(lp->prob, col + 1);
    if (lp->has_lp)
        return glp_get_col_prim(lp->prob, col + 1);
    return 0.0;
}

double rotas__lp_row_value(const rotas_lp *lp, int row)
{
    if (row < 0 || (size_t)row >= lp->n_rows || lp_dead(lp))
        return 0.0;
    if (lp->has_mip)
        return glp_mip_row_val(lp->prob, row + 1);
    if (lp->has_lp)
        return glp_get_row_prim(lp->prob, row + 1);
    return 0.0;
}

rotas_rc rotas__lp_write_lp(rotas_lp *lp, const char *path, rotas_error *err)
{
    if (lp_dead(lp))
        return rotas_error_set(err, ROTAS_ESOLVER, "%s: the model was lost to a solver error",
                               path);
    g_verbose = 0;
    glp_term_hook(term_hook, NULL);
    rotas_outfile *o = NULL;
    rotas_rc rc = rotas_outfile_open_named(&o, path, err);
    if (rc != ROTAS_OK)
        return rc;
    if (glp_write_lp(lp->prob, NULL, rotas_outfile_name(o)) != 0) {
        rotas_outfile_abort(o);
        return rotas_error_set(err, ROTAS_EIO, "%s: cannot write the model (LP format)", path);
    }
    return rotas_outfile_commit(o, err);
}

rotas_rc rotas__lp_write_mps(rotas_lp *lp, const char *path, rotas_error *err)
{
    if (lp_dead(lp))
        return rotas_error_set(err, ROTAS_ESOLVER, "%s: the model was lost to a solver error",
                               path);
    g_verbose = 0;
    glp_term_hook(term_hook, NULL);
    rotas_outfile *o = NULL;
    rotas_rc rc = rotas_outfile_open_named(&o, path, err);
    if (rc != ROTAS_OK)
        return rc;
    if (glp_write_mps(lp->prob, GLP_MPS_FILE, NULL, rotas_outfile_name(o)) != 0) {
        rotas_outfile_abort(o);
        return rotas_error_set(err, ROTAS_EIO, "%s: cannot write the model (MPS format)", path);
    }
    return rotas_outfile_commit(o, err);
}

void rotas__lp_coef_range(const rotas_lp *lp, double *min_abs, double *max_abs,
                          double *worst_row_ratio)
{
    if (lp_dead(lp)) {
        *min_abs = *max_abs = *worst_row_ratio = NAN;
        return;
    }
    int n = glp_get_num_rows(lp->prob), nc = glp_get_num_cols(lp->prob);
    int *ind = malloc((size_t)(nc + 1) * sizeof *ind);
    double *val = malloc((size_t)(nc + 1) * sizeof *val);
    double lo = INFINITY, hi = 0.0, worst = INFINITY;
    for (int i = 1; ind && val && i <= n; i++) {
        int len = glp_get_mat_row(lp->prob, i, ind, val);
        double rlo = INFINITY, rhi = 0.0;
        for (int k = 1; k <= len; k++) {
            double a = fabs(val[k]);
            rlo = fmin(rlo, a);
            rhi = fmax(rhi, a);
        }
        if (len > 0) {
            lo = fmin(lo, rlo);
            hi = fmax(hi, rhi);
            worst = fmin(worst, rlo / rhi);
        }
    }
    free(ind);
    free(val);
    *min_abs = lo;
    *max_abs = hi;
    *worst_row_ratio = worst;
}

/* ---- restrictions: solve with most integer columns fixed ---------------------------------- */

/* The matrix by columns and by rows, built from GLPK on first use and kept while the model's
   shape does not change (coefficients never change after a row is added). */
static int mat_cache(rotas_lp *lp)
{
    if (lp->csc_off && lp->mat_cols == lp->n_cols && lp->mat_rows == lp->n_rows)
        return 0;
    free(lp->csc_off);
    free(lp->csc_row);
    free(lp->csc_val);
    free(lp->csr_off);
    free(lp->csr_col);
    free(lp->csr_val);
    lp->csc_off = lp->csr_off = lp->csc_row = lp->csr_col = NULL;
    lp->csc_val = lp->csr_val = NULL;
    size_t nc = lp->n_cols, nr = lp->n_rows, nnz = (size_t)glp_get_num_nz(lp->prob);
    lp->csc_off = calloc(nc + 1, sizeof *lp->csc_off);
    lp->csr_off = calloc(nr + 1, sizeof *lp->csr_off);
    lp->csc_row = malloc((nnz + 1) * sizeof *lp->csc_row);
    lp->csr_col = malloc((nnz + 1) * sizeof *lp->csr_col);
    lp->csc_val = malloc((nnz + 1) * sizeof *lp->csc_val);
    lp->csr_val = malloc((nnz + 1) * sizeof *lp->csr_val);
    int *ind = malloc((nr + 1) * sizeof *ind);
    double *val = malloc((nr + 1) * sizeof *val);
    if (!lp->csc_off || !lp->csr_off || !lp->csc_row || !lp->csr_col || !lp->csc_val ||
        !lp->csr_val || !ind || !val) {
        free(ind);
        free(val);
        free(lp->csc_off);
        lp->csc_off = NULL;
        return -1;
    }
    size_t k = 0;
    for (size_t j = 0; j < nc; j++) {
        lp->csc_off[j] = (int)k;
        int len = glp_get_mat_col(lp->prob, (int)j + 1, ind, val);
        for (int q = 1; q <= len; q++) {
            lp->csc_row[k] = ind[q] - 1;
            lp->csc_val[k] = val[q];
            lp->csr_off[ind[q]]++; /* count of row ind[q] - 1, shifted by one */
            k++;
        }
    }
    lp->csc_off[nc] = (int)k;
    for (size_t i = 0; i < nr; i++)
        lp->csr_off[i + 1] += lp->csr_off[i];
    int *pos = malloc((nr + 1) * sizeof *pos);
    if (!pos) {
        free(ind);
        free(val);
        free(lp->csc_off);
        lp->csc_off = NULL;
        return -1;
    }
    memcpy(pos, lp->csr_off, (nr + 1) * sizeof *pos);
    for (size_t j = 0; j < nc; j++)
        for (int q = lp->csc_off[j]; q < lp->csc_off[j + 1]; q++) {
            int i = lp->csc_row[q];
            lp->csr_col[pos[i]] = (int)j;
            lp->csr_val[pos[i]] = lp->csc_val[q];
            pos[i]++;
        }
    free(pos);
    free(ind);
    free(val);
    lp->mat_cols = nc;
    lp->mat_rows = nr;
    return 0;
}

static int uf_find(int *parent, int a)
{
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

/* The parts of a restricted MIP (rotas__lp_solve_restricted), each its own GLPK problem. */
typedef struct rparts {
    rotas_lp *lp;
    const rotas_lp_options *opt;
    rotas_lp_result *res;
    double *out;
    rotas_error *err;
    const int *comp_off, *comp_cols;
    int *subcol;
    unsigned char *rowseen;
    const unsigned char *isfree;
    const double *fixact, *xs;
    int *ind;
    double *val, *st_buf;
    double obj_fixed, deadline;
    int ncomp;
    int own_thread; /* solved in a thread of its own (else in the caller's) */
    rotas_rc rc;
    int glpk_failed;
} rparts;

static void solve_parts(rparts *J)
{
    rotas_lp *lp = J->lp;
    const rotas_lp_options *opt = J->opt;
    rotas_lp_result *res = J->res;
    double *out = J->out;
    rotas_error *err = J->err;
    const int *comp_off = J->comp_off, *comp_cols = J->comp_cols;
    int *subcol = J->subcol, *ind = J->ind;
    unsigned char *rowseen = J->rowseen;
    const unsigned char *isfree = J->isfree;
    const double *fixact = J->fixact, *xs = J->xs;
    double *val = J->val, obj_fixed = J->obj_fixed, deadline = J->deadline;
    int ncomp = J->ncomp;
    rotas_rc rc = ROTAS_OK;
    double objective = obj_fixed, bound = obj_fixed;
    int all_optimal = 1;
    for (int k = 0; k < ncomp; k++) {
        int n0 = comp_off[k], n1 = comp_off[k + 1];
        glp_prob *p = glp_create_prob();
        glp_set_obj_dir(p, glp_get_obj_dir(lp->prob));
        int nint = 0;
        glp_add_cols(p, n1 - n0);
        for (int z = n0; z < n1; z++) {
            int j = comp_cols[z], sj = z - n0 + 1;
            subcol[j] = sj;
            glp_set_col_bnds(p, sj, glp_get_col_type(lp->prob, j + 1),
                             glp_get_col_lb(lp->prob, j + 1), glp_get_col_ub(lp->prob, j + 1));
            glp_set_obj_coef(p, sj, glp_get_obj_coef(lp->prob, j + 1));
            int kind = glp_get_col_kind(lp->prob, j + 1);
            if (kind != GLP_CV) {
                glp_set_col_kind(p, sj, kind);
                nint++;
            }
        }
        if (k == 0)
            glp_set_obj_coef(p, 0, obj_fixed);
        /* rows with a free column of this part, their bounds less the fixed activity */
        int nsr = 0;
        for (int z = n0; z < n1; z++) {
            int j = comp_cols[z];
            for (int q = lp->csc_off[j]; q < lp->csc_off[j + 1]; q++) {
                int i = lp->csc_row[q];
                if (rowseen[i] == 2)
                    continue;
                rowseen[i] = 2;
                int len = 0;
                for (int e = lp->csr_off[i]; e < lp->csr_off[i + 1]; e++)
                    if (isfree[lp->csr_col[e]]) {
                        len++;
                        ind[len] = subcol[lp->csr_col[e]];
                        val[len] = lp->csr_val[e];
                    }
                int type = glp_get_row_type(lp->prob, i + 1);
                double lo = glp_get_row_lb(lp->prob, i + 1) - fixact[i];
                double hi = glp_get_row_ub(lp->prob, i + 1) - fixact[i];
                int r = glp_add_rows(p, 1);
                nsr++;
                if (type == GLP_FX)
                    glp_set_row_bnds(p, r, GLP_FX, lo, lo);
                else
                    glp_set_row_bnds(p, r, type, type == GLP_UP ? 0.0 : lo,
                                     type == GLP_LO ? 0.0 : hi);
                glp_set_mat_row(p, r, len, ind, val);
            }
        }
        for (int z = n0; z < n1; z++) /* rowseen back to "seen" for the next part */
            for (int q = lp->csc_off[comp_cols[z]]; q < lp->csc_off[comp_cols[z] + 1]; q++)
                rowseen[lp->csc_row[q]] = 1;
        rotas_lp sub;
        memset(&sub, 0, sizeof sub);
        sub.prob = p;
        sub.env_gen = g_env_gen;
        sub.n_cols = (size_t)(n1 - n0);
        sub.n_rows = (size_t)nsr;
        sub.n_int = nint;
        rotas_lp_options so = *opt;
        so.time_limit = deadline - now_seconds();
        if (so.time_limit < 0.01)
            so.time_limit = 0.01;
        glp_adv_basis(p, 0); /* a triangular first basis, as glpsol takes */
        double *st = NULL;
        if (opt->start && nint > 0) {
            st = J->st_buf;
            for (int z = n0; z < n1; z++)
                st[z - n0] = xs[comp_cols[z]];
        }
        so.start = st;
        if (ncomp > 1)
            so.progress = NULL;
        rotas_lp_result r;
        rc = rotas__lp_solve(&sub, &so, &r, err);
        if (!rc && (r.status == ROTAS_LP_OPTIMAL || r.status == ROTAS_LP_FEASIBLE)) {
            for (int z = n0; z < n1; z++)
                out[comp_cols[z]] = rotas__lp_value(&sub, z - n0);
            double sub_obj = r.objective - (k == 0 ? obj_fixed : 0.0);
            double sub_bound = isnan(r.bound) ? NAN : r.bound - (k == 0 ? obj_fixed : 0.0);
            objective += sub_obj;
            bound += sub_bound;
            if (r.status != ROTAS_LP_OPTIMAL)
                all_optimal = 0;
            res->nodes += r.nodes;
            res->lp_seconds += r.lp_seconds;
        } else if (!rc) {
            res->status = r.status;
            res->failed = r.failed;
        }
        glp_delete_prob(p);
        if (rc || (res->status != ROTAS_LP_OPTIMAL && res->status != ROTAS_LP_FEASIBLE))
            break;
    }
    if (res->status == ROTAS_LP_OPTIMAL) {
        res->objective = objective;
        res->bound = bound;
        if (!all_optimal)
            res->status = ROTAS_LP_FEASIBLE;
        res->gap = isnan(bound) ? NAN : fabs(objective - bound) / (fabs(objective) + 1e-9);
        if (all_optimal)
            res->gap = 0.0;
    }
    J->rc = rc;
}

/* The parts solved in a thread of their own: a GLPK environment of their own, guarded (see
   glpk_guard), so that an internal error of GLPK there costs this restricted MIP only. */
static void *rparts_thread(void *arg)
{
    rparts *J = arg;
    glpk_guard *outer = g_guard;
    glpk_guard g;
    g.n_owned = 0;
    glpk_hooks();
    g_guard = &g;
    if (setjmp(g.jb)) {
        guard_unwind(&g, J->opt->verbose, "a restricted MIP; its step is dropped");
        J->glpk_failed = 1;
    } else {
        solve_parts(J);
        g_guard = NULL;
        if (J->own_thread)
            glp_free_env(); /* the thread's own environment: nothing is left in it */
    }
    g_guard = outer;
    return NULL;
}

rotas_rc rotas__lp_solve_restricted(rotas_lp *lp, const double *x, const unsigned char *free_int,
                                    int depth, const rotas_lp_options *opt, rotas_lp_result *res,
                                    double *out, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    size_t nc = lp->n_cols, nr = lp->n_rows;
    double t0 = now_seconds();
    double deadline = t0 + (opt->time_limit > 0 ? opt->time_limit : 60.0);
    *res =
        (rotas_lp_result){.status = ROTAS_LP_OPTIMAL, .objective = NAN, .bound = NAN, .gap = 0.0};
    unsigned char *isfree = calloc(nc + 1, 1), *rowseen = calloc(nr + 1, 1);
    int *queue = malloc((nc + 1) * sizeof *queue), *parent = malloc((nc + 1) * sizeof *parent);
    int *subcol = malloc((nc + 1) * sizeof *subcol),
        *comp_cols = malloc((nc + 1) * sizeof *comp_cols);
    int *comp_off = calloc(nc + 2, sizeof *comp_off),
        *root_comp = malloc((nc + 1) * sizeof *root_comp);
    double *fixact = calloc(nr + 1, sizeof *fixact), *xs = malloc((nc + 1) * sizeof *xs);
    int *ind = malloc((nc + 2) * sizeof *ind);
    double *val = malloc((nc + 2) * sizeof *val), *st_buf = malloc((nc + 1) * sizeof *st_buf);
    if (lp_dead(lp)) {
        failed_result(res);
        goto done;
    }
    if (!isfree || !rowseen || !queue || !parent || !subcol || !comp_cols || !comp_off ||
        !root_comp || !fixact || !xs || !ind || !val || !st_buf || mat_cache(lp) != 0) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "model: out of memory");
        goto done;
    }
    lp->has_mip = lp->has_lp = 0;
    /* which columns are free: the integer ones asked for, and the continuous ones linked to
       them through rows (via continuous columns); with no integer column free, every
       continuous one */
    int any_int = 0;
    size_t qh = 0, qt = 0;
    for (size_t j = 0; j < nc; j++) {
        int is_int = glp_get_col_kind(lp->prob, (int)j + 1) != GLP_CV;
        xs[j] = is_int ? round(x[j]) : x[j];
        if (is_int && free_int && free_int[j]) {
            isfree[j] = 1;
            queue[qt++] = (int)j;
            any_int = 1;
        }
    }
    if (!any_int) {
        for (size_t j = 0; j < nc; j++)
            isfree[j] = glp_get_col_kind(lp->prob, (int)j + 1) == GLP_CV;
    } else {
        /* breadth first, level by level, to the depth asked for */
        size_t level_end = qt;
        int level = 0;
        while (qh < qt) {
            if (qh == level_end) {
                level_end = qt;
                if (depth > 0 && ++level >= depth)
                    break;
            }
            int j = queue[qh++];
            for (int q = lp->csc_off[j]; q < lp->csc_off[j + 1]; q++) {
                int i = lp->csc_row[q];
                if (rowseen[i])
                    continue;
                rowseen[i] = 1;
                for (int z = lp->csr_off[i]; z < lp->csr_off[i + 1]; z++) {
                    int c = lp->csr_col[z];
                    if (!isfree[c] && glp_get_col_kind(lp->prob, c + 1) == GLP_CV) {
                        isfree[c] = 1;
                        queue[qt++] = c;
                    }
                }
            }
        }
    }
    /* the fixed part: row activities and objective */
    double obj_fixed = glp_get_obj_coef(lp->prob, 0);
    for (size_t j = 0; j < nc; j++) {
        parent[j] = (int)j;
        if (isfree[j])
            continue;
        obj_fixed += glp_get_obj_coef(lp->prob, (int)j + 1) * xs[j];
        for (int q = lp->csc_off[j]; q < lp->csc_off[j + 1]; q++)
            fixact[lp->csc_row[q]] += lp->csc_val[q] * xs[j];
    }
    /* independent parts: free columns joined by rows */
    for (size_t i = 0; i < nr; i++) {
        int first = -1;
        for (int z = lp->csr_off[i]; z < lp->csr_off[i + 1]; z++) {
            int c = lp->csr_col[z];
            if (!isfree[c])
                continue;
            if (first < 0) {
                first = uf_find(parent, c);
                continue;
            }
            int r2 = uf_find(parent, c);
            if (r2 != first)
                parent[r2] = first;
        }
    }
    int ncomp = 0;
    for (size_t j = 0; j < nc; j++)
        root_comp[j] = -1;
    for (size_t j = 0; j < nc; j++)
        if (isfree[j]) {
            int r = uf_find(parent, (int)j);
            if (root_comp[r] < 0)
                root_comp[r] = ncomp++;
            comp_off[root_comp[r] + 1]++;
        }
    for (int k = 0; k < ncomp; k++)
        comp_off[k + 1] += comp_off[k];
    {
        int *pos = parent; /* parents are no longer needed once each column knows its part */
        int *cid = queue;
        for (size_t j = 0; j < nc; j++)
            cid[j] = isfree[j] ? root_comp[uf_find(parent, (int)j)] : -1;
        memcpy(pos, comp_off, (size_t)ncomp * sizeof *pos);
        for (size_t j = 0; j < nc; j++)
            if (cid[j] >= 0)
                comp_cols[pos[cid[j]]++] = (int)j;
    }
    memcpy(out, xs, nc * sizeof *out);
    {
        rparts J = {lp,     opt,       res,      out,    err, comp_off, comp_cols,
                    subcol, rowseen,   isfree,   fixact, xs,  ind,      val,
                    st_buf, obj_fixed, deadline, ncomp,  1,   ROTAS_OK, 0};
        pthread_t th;
        if (pthread_create(&th, NULL, rparts_thread, &J) == 0) {
            pthread_join(th, NULL);
        } else {
            J.own_thread = 0; /* no thread to be had: here, in this thread's environment */
            rparts_thread(&J);
        }
        rc = J.rc;
        if (J.glpk_failed) {
            failed_result(res);
            rc = ROTAS_OK;
        }
    }
done:
    res->seconds = now_seconds() - t0;
    free(isfree);
    free(rowseen);
    free(queue);
    free(parent);
    free(subcol);
    free(comp_cols);
    free(comp_off);
    free(root_comp);
    free(fixact);
    free(xs);
    free(ind);
    free(val);
    free(st_buf);
    return rc;
}
