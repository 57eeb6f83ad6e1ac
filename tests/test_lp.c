/* test_lp.c - the LP builder: names, checks, solve outcomes, bounds, start vectors, export. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lp_int.h"

static int near(double a, double b)
{
    return fabs(a - b) < 1e-6;
}

/* max 5a + 4b + 3c st 2a + 3b + c <= 5, 4a + b + 2c <= 11, 3a + 4b + 2c <= 8, binary. */
static rotas_lp *knapsack(void)
{
    rotas_lp *lp = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas__lp_new(&lp, "knap", 1, &err), ROTAS_OK);
    int a = rotas__lp_col(lp, &err, ROTAS_LP_BINARY, 0, 1, 5, "x(%s)", "a");
    int b = rotas__lp_col(lp, &err, ROTAS_LP_BINARY, 0, 1, 4, "x(%s)", "b");
    int c = rotas__lp_col(lp, &err, ROTAS_LP_BINARY, 0, 1, 3, "x(%s)", "c");
    assert_int_equal(a, 0);
    assert_int_equal(c, 2);
    int cols[] = {a, b, c};
    double r1[] = {2, 3, 1}, r2[] = {4, 1, 2}, r3[] = {3, 4, 2};
    assert_int_equal(rotas__lp_row(lp, &err, -INFINITY, 5, 3, cols, r1, "cap1"), 0);
    assert_int_equal(rotas__lp_row(lp, &err, -INFINITY, 11, 3, cols, r2, "cap2"), 1);
    assert_int_equal(rotas__lp_row(lp, &err, -INFINITY, 8, 3, cols, r3, "cap3"), 2);
    return lp;
}

static void test_solve_optimal(void **state)
{
    (void)state;
    rotas_lp *lp = knapsack();
    rotas_lp_options opt = {.time_limit = 10};
    rotas_lp_result res;
    rotas_error err = {0};
    assert_int_equal(rotas__lp_solve(lp, &opt, &res, &err), ROTAS_OK);
    assert_int_equal(res.status, ROTAS_LP_OPTIMAL);
    /* a + c: weight 3/6/5 fits, value 8; a + b: 5, 5, 7 -> value 9 fits all rows. */
    assert_true(near(res.objective, 9.0));
    assert_true(near(res.bound, 9.0));
    assert_true(near(res.gap, 0.0));
    assert_true(near(rotas__lp_value(lp, 0), 1.0));
    assert_true(near(rotas__lp_value(lp, 1), 1.0));
    assert_true(near(rotas__lp_value(lp, 2), 0.0));
    assert_true(near(rotas__lp_row_value(lp, 0), 5.0));
    rotas__lp_free(lp);
}

static void test_relaxation_bound(void **state)
{
    (void)state;
    rotas_lp *lp = knapsack();
    rotas_lp_options opt = {.time_limit = 10, .relax_only = 1};
    rotas_lp_result res;
    assert_int_equal(rotas__lp_solve(lp, &opt, &res, NULL), ROTAS_OK);
    assert_int_equal(res.status, ROTAS_LP_OPTIMAL);
    assert_true(res.objective >= 9.0 - 1e-9); /* the relaxation bounds the MIP from above */
    rotas__lp_free(lp);
}

static void test_infeasible(void **state)
{
    (void)state;
    rotas_lp *lp = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas__lp_new(&lp, "inf", 0, &err), ROTAS_OK);
    int x = rotas__lp_col(lp, &err, ROTAS_LP_INTEGER, 0, 10, 1, "x");
    int y = rotas__lp_col(lp, &err, ROTAS_LP_INTEGER, 0, 10, 1, "y");
    int cols[] = {x, y};
    double v[] = {1, 1};
    rotas__lp_row(lp, &err, 25, INFINITY, 2, cols, v, "need");
    rotas_lp_options opt = {.time_limit = 5};
    rotas_lp_result res;
    assert_int_equal(rotas__lp_solve(lp, &opt, &res, &err), ROTAS_OK);
    assert_int_equal(res.status, ROTAS_LP_INFEASIBLE);
    assert_true(isnan(res.objective));
    rotas__lp_free(lp);
}

/* GLPK's MIP presolver (rotas_lp_options.presolve), alone and with proximity search: the same
   optimum, a start vector not handed to GLPK (it cannot be mapped into the presolved problem),
   and a model without an integer solution reported infeasible, not as a failure, whether the
   presolver finds it out (the relaxation infeasible) or the search does (the relaxation
   feasible, no integer point). */
static void test_presolve(void **state)
{
    (void)state;
    rotas_lp *lp = knapsack();
    double start[] = {0, 0, 1};
    rotas_lp_options opt = {.time_limit = 10, .presolve = 1, .start = start};
    rotas_lp_result res;
    rotas_error err = {0};
    assert_int_equal(rotas__lp_solve(lp, &opt, &res, &err), ROTAS_OK);
    assert_int_equal(res.status, ROTAS_LP_OPTIMAL);
    assert_false(res.failed);
    assert_true(near(res.objective, 9.0));
    assert_true(near(rotas__lp_value(lp, 0), 1.0));
    assert_true(near(rotas__lp_value(lp, 1), 1.0));
    assert_true(near(rotas__lp_value(lp, 2), 0.0));
    /* with GLPK's proximity search at the root as well: the same optimum */
    opt.proximity = 1;
    assert_int_equal(rotas__lp_solve(lp, &opt, &res, &err), ROTAS_OK);
    assert_int_equal(res.status, ROTAS_LP_OPTIMAL);
    assert_true(near(res.objective, 9.0));
    rotas__lp_free(lp);
    for (int kind = 0; kind < 2; kind++) {
        lp = NULL;
        assert_int_equal(rotas__lp_new(&lp, "inf", 0, &err), ROTAS_OK);
        int x = rotas__lp_col(lp, &err, ROTAS_LP_INTEGER, 0, 10, 1, "x");
        int y = rotas__lp_col(lp, &err, ROTAS_LP_INTEGER, 0, 10, 1, "y");
        int cols[] = {x, y};
        double v[] = {1, 1}, w[] = {2, 2};
        if (kind == 0) /* x + y >= 25 with both at most 10 */
            rotas__lp_row(lp, &err, 25, INFINITY, 2, cols, v, "need");
        else /* 2x + 2y = 7: x + y = 3.5 */
            rotas__lp_row(lp, &err, 7, 7, 2, cols, w, "odd");
        rotas_lp_options o = {.time_limit = 5, .presolve = 1};
        assert_int_equal(rotas__lp_solve(lp, &o, &res, &err), ROTAS_OK);
        assert_int_equal(res.status, ROTAS_LP_INFEASIBLE);
        assert_false(res.failed);
        assert_true(isnan(res.objective));
        rotas__lp_free(lp);
    }
}

static void test_names_cleaned_and_unique(void **state)
{
    (void)state;
    rotas_lp *lp = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas__lp_new(&lp, "names", 0, &err), ROTAS_OK);
    int a = rotas__lp_col(lp, &err, ROTAS_LP_CONTINUOUS, 0, 1, 0, "x(T-01,学校)");
    int b = rotas__lp_col(lp, &err, ROTAS_LP_CONTINUOUS, 0, 1, 0, "x(T-01,学校)");
    int c = rotas__lp_col(lp, &err, ROTAS_LP_CONTINUOUS, 0, 1, 0, "9lives");
    assert_string_equal(rotas__lp_col_name(lp, a), "x(T_01,______)");
    assert_string_equal(rotas__lp_col_name(lp, b), "x(T_01,______)_2");
    assert_string_equal(rotas__lp_col_name(lp, c), "_9lives");
    /* a 400-character name is cut to 255 */
    char longname[401];
    memset(longname, 'n', 400);
    longname[400] = '\0';
    int d = rotas__lp_col(lp, &err, ROTAS_LP_CONTINUOUS, 0, 1, 0, "%s", longname);
    assert_int_equal(strlen(rotas__lp_col_name(lp, d)), 255);
    rotas__lp_free(lp);
}

static void test_bad_input_rejected(void **state)
{
    (void)state;
    rotas_lp *lp = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas__lp_new(&lp, "bad", 0, &err), ROTAS_OK);
    int x = rotas__lp_col(lp, &err, ROTAS_LP_CONTINUOUS, 0, 1, 0, "x");
    assert_int_equal(x, 0);
    assert_int_equal(rotas__lp_col(lp, &err, ROTAS_LP_CONTINUOUS, 2, 1, 0, "lb_over_ub"), -1);
    assert_non_null(strstr(err.msg, "bad bounds"));
    rotas_error_clear(&err);
    assert_int_equal(rotas__lp_col(lp, &err, ROTAS_LP_INTEGER, 0.5, 3, 0, "frac"), -1);
    assert_non_null(strstr(err.msg, "integer column"));
    rotas_error_clear(&err);
    int cols[] = {x, 7};
    double v[] = {1, 1};
    assert_int_equal(rotas__lp_row(lp, &err, 0, 1, 2, cols, v, "unknown_col"), -1);
    assert_non_null(strstr(err.msg, "column 7"));
    rotas_error_clear(&err);
    assert_int_equal(rotas__lp_row(lp, &err, -INFINITY, INFINITY, 1, cols, v, "free"), -1);
    assert_non_null(strstr(err.msg, "free rows"));
    /* a failed row leaves the scratch clean: the next row with x works */
    rotas_error_clear(&err);
    assert_int_equal(rotas__lp_row(lp, &err, 0, 1, 1, cols, v, "ok"), 0);
    assert_int_equal(rotas__lp_n_rows(lp), 1);
    rotas__lp_free(lp);
}

static void test_repeated_entries_merge(void **state)
{
    (void)state;
    rotas_lp *lp = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas__lp_new(&lp, "merge", 1, &err), ROTAS_OK);
    int x = rotas__lp_col(lp, &err, ROTAS_LP_CONTINUOUS, 0, INFINITY, 1, "x");
    int cols[] = {x, x, x};
    double v[] = {1, 1, 2}; /* 4x <= 8 */
    rotas__lp_row(lp, &err, -INFINITY, 8, 3, cols, v, "cap");
    rotas_lp_options opt = {.time_limit = 5};
    rotas_lp_result res;
    assert_int_equal(rotas__lp_solve(lp, &opt, &res, &err), ROTAS_OK);
    assert_int_equal(res.status, ROTAS_LP_OPTIMAL);
    assert_true(near(res.objective, 2.0));
    rotas__lp_free(lp);
}

/* An assignment with a start vector: the solver must accept it and still prove the optimum. */
static void test_start_vector(void **state)
{
    (void)state;
    enum { N = 12 };
    rotas_lp *lp = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas__lp_new(&lp, "assign", 0, &err), ROTAS_OK);
    int col[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            col[i][j] = rotas__lp_col(lp, &err, ROTAS_LP_BINARY, 0, 1,
                                      (double)((i * 7 + j * 5) % 11), "x(%d,%d)", i, j);
    int idx[N];
    double one[N];
    for (int k = 0; k < N; k++)
        one[k] = 1;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++)
            idx[j] = col[i][j];
        rotas__lp_row(lp, &err, 1, 1, N, idx, one, "row(%d)", i);
    }
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++)
            idx[i] = col[i][j];
        rotas__lp_row(lp, &err, 1, 1, N, idx, one, "col(%d)", j);
    }
    double *start = calloc(N * N, sizeof *start);
    for (int i = 0; i < N; i++)
        start[col[i][i]] = 1.0;
    rotas_lp_options opt = {.time_limit = 10, .start = start};
    rotas_lp_result res;
    assert_int_equal(rotas__lp_solve(lp, &opt, &res, &err), ROTAS_OK);
    assert_int_equal(res.status, ROTAS_LP_OPTIMAL);
    assert_true(res.objective <= 0.0 + 1e-9); /* a zero-cost permutation exists: (i*7+j*5)%11 */
    free(start);
    rotas__lp_free(lp);
}

/* The dive returns an integer solution that satisfies every row, and leaves the bounds as
   they were: a branch and bound afterwards still proves the same optimum. */
static void test_dive(void **state)
{
    (void)state;
    rotas_lp *lp = knapsack();
    double x[3], obj = 0.0;
    assert_int_equal(rotas__lp_dive(lp, 5.0, x, &obj), 1);
    double w1 = 2 * x[0] + 3 * x[1] + x[2], w2 = 4 * x[0] + x[1] + 2 * x[2],
           w3 = 3 * x[0] + 4 * x[1] + 2 * x[2];
    for (int j = 0; j < 3; j++)
        assert_true(near(x[j], 0.0) || near(x[j], 1.0));
    assert_true(w1 <= 5 + 1e-9 && w2 <= 11 + 1e-9 && w3 <= 8 + 1e-9);
    assert_true(near(obj, 5 * x[0] + 4 * x[1] + 3 * x[2]));
    rotas_lp_options opt = {.time_limit = 10, .start = x};
    rotas_lp_result res;
    assert_int_equal(rotas__lp_solve(lp, &opt, &res, NULL), ROTAS_OK);
    assert_int_equal(res.status, ROTAS_LP_OPTIMAL);
    assert_true(near(res.objective, 9.0));
    rotas__lp_free(lp);
}

static void test_write_lp_readable(void **state)
{
    (void)state;
    rotas_lp *lp = knapsack();
    char path[] = "/tmp/rotas_test_lp_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    rotas_error err = {0};
    assert_int_equal(rotas__lp_write_lp(lp, path, &err), ROTAS_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_non_null(strstr(buf, "x(a)"));
    assert_non_null(strstr(buf, "cap2"));
    assert_non_null(strstr(buf, "Maximize"));
    remove(path);
    assert_int_equal(rotas__lp_write_lp(lp, "/nonexistent/dir/x.lp", &err), ROTAS_EIO);
    rotas__lp_free(lp);
}

/* Round-off entries never reach GLPK: an entry below 1e-9 of its row's largest is dropped,
   whatever its absolute size; ordinary small entries stay. */
static void test_tiny_entries_dropped(void **state)
{
    (void)state;
    rotas_lp *lp = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas__lp_new(&lp, "tiny", 0, &err), ROTAS_OK);
    int a = rotas__lp_col(lp, &err, ROTAS_LP_INTEGER, 0, 5, 1.0, "a");
    int b = rotas__lp_col(lp, &err, ROTAS_LP_CONTINUOUS, 0, 5, 1.0, "b");
    int cc = rotas__lp_col(lp, &err, ROTAS_LP_CONTINUOUS, 0, 5, 1.0, "c");
    int cols[3] = {a, b, cc};
    double vals[3] = {16.0, 3.7e-14, 1e-3};
    assert_true(rotas__lp_row(lp, &err, 1.0, INFINITY, 3, cols, vals, "r1") >= 0);
    /* a sum that should cancel: 0.1 + 0.2 - 0.3 */
    int cols2[4] = {a, b, b, b};
    double vals2[4] = {1.0, 0.1, 0.2, -0.3};
    assert_true(rotas__lp_row(lp, &err, 0.0, INFINITY, 4, cols2, vals2, "r2") >= 0);
    double lo, hi, worst;
    rotas__lp_coef_range(lp, &lo, &hi, &worst);
    assert_true(fabs(lo - 1e-3) < 1e-12);
    assert_true(fabs(hi - 16.0) < 1e-12);
    assert_true(worst >= ROTAS_LP_TINY);
    rotas__lp_free(lp);
}

/* Three pools of a small facility model: in each, facilities open 0-2 times (integer, cost 5
   each), a facility opened k times ships up to 10 k; four customers each get their demand or
   pay 20 a unit short; shipping costs 1 + (f + c) % 3. One county row limits the openings
   (integer columns only). Rows are kept for checking. */
enum { FP = 3, FF = 3, FC = 4 };
typedef struct fac_model {
    rotas_lp *lp;
    int y[FP][FF], f[FP][FF][FC], u[FP][FC];
    int nrows;
    int rcols[64][32];
    double rvals[64][32], rlo[64], rhi[64];
    int rlen[64];
} fac_model;

static void fac_row(fac_model *fm, double lo, double hi, int n, const int *cols, const double *vals)
{
    rotas_error err = {0};
    int r = fm->nrows++;
    assert_true(r < 64 && n <= 32);
    memcpy(fm->rcols[r], cols, (size_t)n * sizeof *cols);
    memcpy(fm->rvals[r], vals, (size_t)n * sizeof *vals);
    fm->rlen[r] = n;
    fm->rlo[r] = lo;
    fm->rhi[r] = hi;
    assert_true(rotas__lp_row(fm->lp, &err, lo, hi, (size_t)n, cols, vals, "r%d", r) >= 0);
}

static void fac_build(fac_model *fm)
{
    rotas_error err = {0};
    memset(fm, 0, sizeof *fm);
    assert_int_equal(rotas__lp_new(&fm->lp, "fac", 0, &err), ROTAS_OK);
    for (int p = 0; p < FP; p++) {
        for (int f = 0; f < FF; f++)
            fm->y[p][f] = rotas__lp_col(fm->lp, &err, ROTAS_LP_INTEGER, 0, 2, 5, "y(%d,%d)", p, f);
        for (int f = 0; f < FF; f++)
            for (int c = 0; c < FC; c++)
                fm->f[p][f][c] = rotas__lp_col(fm->lp, &err, ROTAS_LP_CONTINUOUS, 0, INFINITY,
                                               1 + (f + c + p) % 3, "f(%d,%d,%d)", p, f, c);
        for (int c = 0; c < FC; c++)
            fm->u[p][c] =
                rotas__lp_col(fm->lp, &err, ROTAS_LP_CONTINUOUS, 0, INFINITY, 20, "u(%d,%d)", p, c);
    }
    for (int p = 0; p < FP; p++) {
        for (int f = 0; f < FF; f++) {
            int cols[FC + 1];
            double vals[FC + 1];
            for (int c = 0; c < FC; c++) {
                cols[c] = fm->f[p][f][c];
                vals[c] = 1;
            }
            cols[FC] = fm->y[p][f];
            vals[FC] = -10;
            fac_row(fm, -INFINITY, 0, FC + 1, cols, vals);
        }
        for (int c = 0; c < FC; c++) {
            int cols[FF + 1];
            double vals[FF + 1];
            for (int f = 0; f < FF; f++) {
                cols[f] = fm->f[p][f][c];
                vals[f] = 1;
            }
            cols[FF] = fm->u[p][c];
            vals[FF] = 1;
            fac_row(fm, 3 + (3 * c + 5 * p) % 7, INFINITY, FF + 1, cols, vals);
        }
    }
    int cols[FP * FF];
    double vals[FP * FF];
    for (int p = 0; p < FP; p++)
        for (int f = 0; f < FF; f++) {
            cols[p * FF + f] = fm->y[p][f];
            vals[p * FF + f] = 1;
        }
    fac_row(fm, -INFINITY, 8, FP * FF, cols, vals);
}

static double fac_obj(const fac_model *fm, const double *x)
{
    double v = 0;
    for (int p = 0; p < FP; p++) {
        for (int f = 0; f < FF; f++) {
            v += 5 * x[fm->y[p][f]];
            for (int c = 0; c < FC; c++)
                v += (1 + (f + c + p) % 3) * x[fm->f[p][f][c]];
        }
        for (int c = 0; c < FC; c++)
            v += 20 * x[fm->u[p][c]];
    }
    return v;
}

static int fac_rows_hold(const fac_model *fm, const double *x)
{
    for (int r = 0; r < fm->nrows; r++) {
        double a = 0;
        for (int k = 0; k < fm->rlen[r]; k++)
            a += fm->rvals[r][k] * x[fm->rcols[r][k]];
        if (a < fm->rlo[r] - 1e-6 || a > fm->rhi[r] + 1e-6)
            return 0;
    }
    for (size_t j = 0; j < rotas__lp_n_cols(fm->lp); j++)
        if (x[j] < -1e-9)
            return 0;
    return 1;
}

/* The openings of the test's plan: every facility once, but only the first of pool 1 (7 in
   all, one below the county's limit). */
static double fac_y0(int p, int f)
{
    return p == 1 && f > 0 ? 0 : 1;
}

/* The model solved with the integer columns of pools other than `free_pool` fixed at fac_y0,
   as the reference a restriction must agree with. */
static double fac_reference(fac_model *fm, int free_pool)
{
    rotas_error err = {0};
    for (int p = 0; p < FP; p++)
        for (int f = 0; f < FF; f++)
            assert_int_equal(rotas__lp_set_bounds(fm->lp, fm->y[p][f],
                                                  p == free_pool ? 0 : fac_y0(p, f),
                                                  p == free_pool ? 2 : fac_y0(p, f), &err),
                             ROTAS_OK);
    rotas_lp_options o = {0};
    o.time_limit = 10;
    rotas_lp_result r;
    assert_int_equal(rotas__lp_solve(fm->lp, &o, &r, &err), ROTAS_OK);
    assert_int_equal(r.status, ROTAS_LP_OPTIMAL);
    for (int p = 0; p < FP; p++)
        for (int f = 0; f < FF; f++)
            assert_int_equal(rotas__lp_set_bounds(fm->lp, fm->y[p][f], 0, 2, &err), ROTAS_OK);
    return r.objective;
}

static void test_restricted(void **state)
{
    (void)state;
    fac_model fm;
    fac_build(&fm);
    rotas_error err = {0};
    size_t n = rotas__lp_n_cols(fm.lp);
    double *x = calloc(n, sizeof *x), *out = calloc(n, sizeof *out);
    unsigned char *fr = calloc(n, 1);
    assert_non_null(x);
    assert_non_null(out);
    assert_non_null(fr);
    /* the openings of fac_y0, the flows completed: three independent LPs */
    for (int p = 0; p < FP; p++)
        for (int f = 0; f < FF; f++)
            x[fm.y[p][f]] = fac_y0(p, f);
    rotas_lp_options o = {0};
    o.time_limit = 10;
    o.relax_only = 1;
    rotas_lp_result r;
    assert_int_equal(rotas__lp_solve_restricted(fm.lp, x, NULL, 0, &o, &r, out, &err), ROTAS_OK);
    assert_int_equal(r.status, ROTAS_LP_OPTIMAL);
    double ref_fixed = fac_reference(&fm, -1);
    assert_true(near(r.objective, ref_fixed));
    assert_true(near(fac_obj(&fm, out), ref_fixed));
    assert_true(fac_rows_hold(&fm, out));
    for (int p = 0; p < FP; p++)
        for (int f = 0; f < FF; f++)
            assert_true(near(out[fm.y[p][f]], fac_y0(p, f))); /* integers kept */
    memcpy(x, out, n * sizeof *x);
    /* pool 1's openings free: with depth 0 the restriction's optimum is the model's with the
       others fixed; with depth 1 a plan at least as good as x that holds every row */
    for (int f = 0; f < FF; f++)
        fr[fm.y[1][f]] = 1;
    double ref_pool = fac_reference(&fm, 1);
    assert_true(ref_pool <= ref_fixed + 1e-9);
    rotas_lp_options om = {0};
    om.time_limit = 10;
    om.start = x;
    assert_int_equal(rotas__lp_solve_restricted(fm.lp, x, fr, 0, &om, &r, out, &err), ROTAS_OK);
    assert_int_equal(r.status, ROTAS_LP_OPTIMAL);
    assert_true(near(r.objective, ref_pool));
    assert_true(near(fac_obj(&fm, out), ref_pool));
    assert_true(fac_rows_hold(&fm, out));
    for (int p = 0; p < FP; p++)
        if (p != 1)
            for (int f = 0; f < FF; f++)
                assert_true(near(out[fm.y[p][f]], fac_y0(p, f)));
    /* the same with GLPK's presolver (the restriction is its own problem; the start is not
       given to GLPK) */
    om.presolve = 1;
    assert_int_equal(rotas__lp_solve_restricted(fm.lp, x, fr, 0, &om, &r, out, &err), ROTAS_OK);
    assert_int_equal(r.status, ROTAS_LP_OPTIMAL);
    assert_true(near(r.objective, ref_pool));
    assert_true(near(fac_obj(&fm, out), ref_pool));
    assert_true(fac_rows_hold(&fm, out));
    om.presolve = 0;
    assert_int_equal(rotas__lp_solve_restricted(fm.lp, x, fr, 1, &om, &r, out, &err), ROTAS_OK);
    assert_true(r.status == ROTAS_LP_OPTIMAL || r.status == ROTAS_LP_FEASIBLE);
    assert_true(fac_rows_hold(&fm, out));
    assert_true(near(fac_obj(&fm, out), r.objective));
    assert_true(r.objective <= ref_fixed + 1e-6 && r.objective >= ref_pool - 1e-6);
    /* the county row (integer columns only) is folded in: 8 openings at most and the other
       two pools hold 6, so pool 1 opens at most 2 (its demand alone would open more) */
    double opened = 0;
    for (int f = 0; f < FF; f++)
        opened += out[fm.y[1][f]];
    assert_true(opened <= 2 + 1e-9);
    free(x);
    free(out);
    free(fr);
    rotas__lp_free(fm.lp);
}

/* A progress callback that makes GLPK stop on an internal error the first time a solve starts:
   an API call out of range, which GLPK reports as it does a failed assertion in its simplex
   (its error hook, then abort()). */
static int g_provoke;

static void provoke(void *ctx, const char *phase, double elapsed, double best, double bound)
{
    (void)ctx;
    (void)elapsed;
    (void)best;
    (void)bound;
    if (g_provoke && strcmp(phase, "solving") == 0) {
        g_provoke = 0;
        glp_prob *q = glp_create_prob();
        (void)glp_get_col_name(q, 7); /* column 7 of none */
        glp_delete_prob(q);
    }
}

static void test_glpk_error_caught(void **state)
{
    (void)state;
    rotas_lp *lp = knapsack();
    rotas_error err = {0};
    rotas_lp_result r;
    double x[3] = {0, 0, 0}, out[3], obj = 0.0;
    unsigned char fr[3] = {1, 1, 1};
    rotas_lp_options bad = {.time_limit = 10, .progress = provoke};
    rotas_lp_options plain = {.time_limit = 10};
    /* in a restricted MIP (a thread and an environment of its own): that solve fails, the
       model lives on */
    g_provoke = 1;
    assert_int_equal(rotas__lp_solve_restricted(lp, x, fr, 0, &bad, &r, out, &err), ROTAS_OK);
    assert_int_equal(g_provoke, 0);
    assert_int_equal(r.status, ROTAS_LP_FAILED);
    assert_true(r.failed);
    assert_int_equal(rotas__lp_solve(lp, &plain, &r, &err), ROTAS_OK);
    assert_int_equal(r.status, ROTAS_LP_OPTIMAL);
    assert_true(near(r.objective, 9.0));
    assert_int_equal(rotas__lp_solve_restricted(lp, x, fr, 0, &plain, &r, out, &err), ROTAS_OK);
    assert_int_equal(r.status, ROTAS_LP_OPTIMAL);
    assert_true(near(r.objective, 9.0));
    /* in a solve of the model itself: the model is lost, every later call on it is safe and
       says so */
    g_provoke = 1;
    assert_int_equal(rotas__lp_solve(lp, &bad, &r, &err), ROTAS_OK);
    assert_int_equal(g_provoke, 0);
    assert_int_equal(r.status, ROTAS_LP_FAILED);
    assert_true(r.failed);
    assert_int_equal(rotas__lp_solve(lp, &plain, &r, &err), ROTAS_OK);
    assert_int_equal(r.status, ROTAS_LP_FAILED);
    assert_int_equal(rotas__lp_solve_restricted(lp, x, fr, 0, &plain, &r, out, &err), ROTAS_OK);
    assert_int_equal(r.status, ROTAS_LP_FAILED);
    assert_int_equal(rotas__lp_dive(lp, 1.0, out, &obj), -1);
    assert_int_equal(rotas__lp_set_bounds(lp, 0, 0, 1, &err), ROTAS_OK);
    assert_true(near(rotas__lp_value(lp, 0), 0.0));
    assert_int_equal(rotas__lp_write_lp(lp, "/dev/null", &err), ROTAS_ESOLVER);
    rotas__lp_free(lp);
    /* and a new model is solved as before */
    lp = knapsack();
    assert_int_equal(rotas__lp_solve(lp, &plain, &r, &err), ROTAS_OK);
    assert_int_equal(r.status, ROTAS_LP_OPTIMAL);
    assert_true(near(r.objective, 9.0));
    rotas__lp_free(lp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_solve_optimal),
        cmocka_unit_test(test_relaxation_bound),
        cmocka_unit_test(test_infeasible),
        cmocka_unit_test(test_presolve),
        cmocka_unit_test(test_names_cleaned_and_unique),
        cmocka_unit_test(test_bad_input_rejected),
        cmocka_unit_test(test_repeated_entries_merge),
        cmocka_unit_test(test_start_vector),
        cmocka_unit_test(test_write_lp_readable),
        cmocka_unit_test(test_dive),
        cmocka_unit_test(test_tiny_entries_dropped),
        cmocka_unit_test(test_restricted),
        cmocka_unit_test(test_glpk_error_caught),
    };
    return cmocka_run_group_tests_name("lp", tests, NULL, NULL);
}
