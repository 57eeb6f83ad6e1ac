/* test_lp.c - the LP builder: names, checks, solve outcomes, bounds, start vectors, export. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_solve_optimal),
        cmocka_unit_test(test_relaxation_bound),
        cmocka_unit_test(test_infeasible),
        cmocka_unit_test(test_names_cleaned_and_unique),
        cmocka_unit_test(test_bad_input_rejected),
        cmocka_unit_test(test_repeated_entries_merge),
        cmocka_unit_test(test_start_vector),
        cmocka_unit_test(test_write_lp_readable),
        cmocka_unit_test(test_dive),
        cmocka_unit_test(test_tiny_entries_dropped),
    };
    return cmocka_run_group_tests_name("lp", tests, NULL, NULL);
}
