/*
 * lp_int.h - the thin LP/MIP builder over GLPK (private). The only module that knows glpk.h.
 *
 * Planners add named columns and rows from 0-based C arrays; the builder checks every name and
 * index before GLPK sees them (GLPK aborts the process on bad data), makes names unique, and
 * solves with a wall-clock budget of its own: dual simplex for the root LP, then branch and
 * bound with presolve off, so that a start vector given by the planner is read in the original
 * column space. Status, objective, best bound and gap are reported truthfully.
 *
 * Names: only [A-Za-z0-9_(),.] survive, other bytes become '_', at most 255 characters; a
 * name already used gets a suffix "_2", "_3", ... Names are for people reading the LP file.
 */
#ifndef ROTAS_LP_INT_H
#define ROTAS_LP_INT_H

#include <stddef.h>

#include "rotas/error.h"

typedef struct rotas_lp rotas_lp;

enum { ROTAS_LP_CONTINUOUS = 0, ROTAS_LP_INTEGER = 1, ROTAS_LP_BINARY = 2 };

/* Solve outcome. */
typedef enum rotas_lp_status {
    ROTAS_LP_OPTIMAL = 0, /* proven optimal (within mip_gap) */
    ROTAS_LP_FEASIBLE,    /* a solution, not proven optimal: time ran out or terminated */
    ROTAS_LP_INFEASIBLE,  /* proven: no solution */
    ROTAS_LP_NO_SOLUTION, /* time ran out before any solution was found */
    ROTAS_LP_UNBOUNDED,
    ROTAS_LP_FAILED /* the solver failed (numerical trouble) */
} rotas_lp_status;

typedef struct rotas_lp_options {
    double time_limit;   /* wall-clock seconds for the whole solve (> 0) */
    double mip_gap;      /* relative gap to stop at (0 = prove optimality) */
    int relax_only;      /* 1: solve the LP relaxation only */
    int verbose;         /* 1: GLPK's log to stderr */
    const double *start; /* a feasible integer start (n_cols values) or NULL */
    /* Called now and then while solving (may be NULL); best/bound NAN while unknown. */
    void (*progress)(void *ctx, const char *phase, double elapsed, double best, double bound);
    void *progress_ctx;
    int primal; /* 1: primal simplex for the root LP (else dual, falling back) */
    int cuts;   /* 1: GLPK's MIR, Gomory, cover and clique cuts */
    /* 1: GLPK's MIP presolver, which drops fixed columns and tightens rows (it solves its own
       root LP; a start cannot be mapped into the presolved problem and is not given) */
    int presolve;
    /* 1: GLPK's proximity search at the root (Fischetti and Monaci): from the first integer
       solution, solutions nearer to it and better by a margin, until the time limit */
    int proximity;
} rotas_lp_options;

typedef struct rotas_lp_result {
    rotas_lp_status status;
    double objective; /* NAN when there is no solution */
    double bound;     /* best proven bound on the objective (NAN when unknown) */
    double gap;       /* |objective - bound| / max(1e-9, |objective|), 0 when optimal */
    double seconds;
    double lp_seconds; /* time of the root LP */
    int nodes;         /* branch-and-bound nodes solved (approximate) */
    int failed;        /* GLPK stopped on a failure (singular basis, numerics), not the budget */
} rotas_lp_result;

/* A new empty problem; minimize unless maximize. Caller owns (rotas__lp_free). */
rotas_rc rotas__lp_new(rotas_lp **out, const char *name, int maximize, rotas_error *err);
void rotas__lp_free(rotas_lp *lp);

/* Add a column; returns its 0-based index, or -1 with err set (bad bounds, out of memory).
   Use -INFINITY / INFINITY for free bounds; BINARY forces [0, 1]. The name is printf-style. */
int rotas__lp_col(rotas_lp *lp, rotas_error *err, int kind, double lb, double ub, double obj,
                  const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Add a row lo <= sum vals[i] * x[cols[i]] <= hi (-INFINITY/INFINITY for open sides; lo == hi
   for equality). Entries with a zero coefficient are dropped; repeated columns are summed.
   Returns the 0-based row index or -1 with err (unknown column, both sides open, ...). */
int rotas__lp_row(rotas_lp *lp, rotas_error *err, double lo, double hi, size_t n, const int *cols,
                  const double *vals, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* Row entries smaller than this times the row's largest are dropped as round-off. */
#define ROTAS_LP_TINY 1e-9

/* The matrix's smallest and largest absolute entries, and the smallest ratio of smallest to
   largest within one row (INFINITY when the matrix is empty): for tests and diagnostics. */
void rotas__lp_coef_range(const rotas_lp *lp, double *min_abs, double *max_abs,
                          double *worst_row_ratio);

/* Objective constant term. */
void rotas__lp_set_obj_const(rotas_lp *lp, double c);
/* Change a column's bounds (e.g. fix it for fix-and-optimize). */
rotas_rc rotas__lp_set_bounds(rotas_lp *lp, int col, double lb, double ub, rotas_error *err);
/* Change a column's objective coefficient. */
rotas_rc rotas__lp_set_obj(rotas_lp *lp, int col, double c, rotas_error *err);

size_t rotas__lp_n_cols(const rotas_lp *lp);
size_t rotas__lp_n_rows(const rotas_lp *lp);
/* The name given to a column (after cleaning), borrowed. */
const char *rotas__lp_col_name(const rotas_lp *lp, int col);

/* Solve. err only for failures of the library itself; the outcome is in *res. */
rotas_rc rotas__lp_solve(rotas_lp *lp, const rotas_lp_options *opt, rotas_lp_result *res,
                         rotas_error *err);
/*
 * Solve a restriction of the model around a solution x (n_cols values): integer columns with
 * free_int[j] != 0 are free within their bounds, every other integer column keeps round(x[j]);
 * continuous columns linked to a free integer column through rows (via continuous columns, at
 * most `depth` rows away; 0: any number) are free, the others keep x[j]; with no integer column
 * free (free_int NULL or all 0), every continuous column is free. With depth 0 and x's
 * continuous part optimal for its integer part, the restriction is exact: its optimum is the
 * model's with the fixed integer columns fixed. The free columns form one smaller problem per
 * independent part (columns joined by rows), each solved with opt (its time limit covering them
 * all; opt->start non-NULL means x is feasible and is given to each part as its start). On a
 * solution (status OPTIMAL or FEASIBLE) out holds the whole vector: the parts' values, x elsewhere;
 * objective and bound are the whole model's (bound: of the restriction). The model itself is not
 * changed; rotas__lp_value does not see the restriction's solution.
 */
rotas_rc rotas__lp_solve_restricted(rotas_lp *lp, const double *x, const unsigned char *free_int,
                                    int depth, const rotas_lp_options *opt, rotas_lp_result *res,
                                    double *out, rotas_error *err);

/*
 * A diving heuristic for a first integer solution: solve the LP relaxation, then repeatedly
 * round the integer columns closest to integrality to their nearer integer (up first) by
 * tightening bounds and re-solving from the current basis with the dual simplex; undo and
 * round the other way when a step makes the LP infeasible. Bounds are restored afterwards.
 * On success (1) out holds an integer-feasible vector (n_cols values) and *objective its
 * value; 0 when no solution was found within time_limit seconds; -1 on out of memory.
 */
int rotas__lp_dive(rotas_lp *lp, double time_limit, double *out, double *objective);

/* Value of a column in the last solution (MIP, or LP when relax_only); 0 if none. */
double rotas__lp_value(const rotas_lp *lp, int col);
/* Activity of a row in the last solution. */
double rotas__lp_row_value(const rotas_lp *lp, int row);

/* Write the model in CPLEX LP format / free MPS. */
rotas_rc rotas__lp_write_lp(rotas_lp *lp, const char *path, rotas_error *err);
rotas_rc rotas__lp_write_mps(rotas_lp *lp, const char *path, rotas_error *err);

#endif
