/* test_poolflow.c - the greedy start's exact pool costs (src/plan/poolflow.c) against the
 * library's true shortage (rotas_shortage_compute, its own maximum flow over the whole county):
 * on generated counties of several kinds, after every one of many random moves, the unfilled
 * periods are the same, the weighted cost is never above what the true shortage's own
 * placement of them costs, every predicted delta is the change that the move then makes, and
 * the flows carried over from move to move cost what a flow computed from scratch costs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"
#include "plan/poolflow_int.h"
#include "rotas/gen.h"
#include "rotas/shortage.h"

static unsigned long lcg(unsigned long *s)
{
    *s = *s * 6364136223846793005UL + 1442695040888963407UL;
    return *s >> 33;
}

static void run_county(const rotas_gen_options *go, int n_moves)
{
    rotas_county *c = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_gen_county(&c, go, &err), ROTAS_OK);
    rotas_policy p;
    rotas_policy_default(&p);
    model m = {0};
    assert_int_equal(rotas__plan_model_init(&m, c, &p, c->year + 1, NULL, &err), ROTAS_OK);
    pflow *f = rotas__pflow_new(&m, 4096);
    assert_non_null(f);
    int nt = (int)c->n_teachers, ns = (int)c->n_schools, nj = (int)c->n_subjects;
    int *school_of = malloc((size_t)nt * sizeof *school_of);
    double *un = malloc((size_t)ns * (size_t)nj * sizeof *un);
    assert_non_null(school_of);
    assert_non_null(un);
    for (int t = 0; t < nt; t++)
        school_of[t] = c->teachers[t].school;
    unsigned long seed = go->seed * 7919UL + 17UL;
    double total_un = 0.0, cost = rotas__pflow_total(f, &total_un);
    for (int step = 0; step <= n_moves; step++) {
        /* the true shortage of the county as it stands now */
        double truth = 0.0;
        assert_int_equal(rotas_shortage_compute(un, &truth, c, &p, school_of, &err), ROTAS_OK);
        assert_true(fabs(total_un - truth) < 1e-6);
        double placed = 0.0; /* the true shortage's own placement of the unfilled periods */
        for (int s = 0; s < ns; s++)
            for (int j = 0; j < nj; j++)
                placed += p.w_unfilled * m.fac[s] * un[(size_t)s * (size_t)nj + (size_t)j];
        assert_true(cost <= placed + 1e-6);
        if (step == n_moves)
            break;
        /* a random teacher who teaches something, to a random other school */
        int t = -1;
        for (int tries = 0; tries < 100 && t < 0; tries++) {
            int q = (int)(lcg(&seed) % (unsigned long)nt);
            if (m.tset[q] >= 0)
                t = q;
        }
        assert_true(t >= 0);
        int to = (int)(lcg(&seed) % (unsigned long)ns);
        double delta = rotas__pflow_delta(f, m.tset[t], m.tcap[t], school_of[t], to);
        assert_false(isnan(delta));
        assert_int_equal(rotas__pflow_move(f, m.tset[t], m.tcap[t], school_of[t], to), 0);
        school_of[t] = to;
        double now = rotas__pflow_total(f, &total_un);
        assert_true(fabs(now - cost - delta) < 1e-6 * fmax(1.0, fabs(cost)));
        cost = now;
        /* the flow carried over from move to move costs what one from scratch costs */
        c->teachers[t].school = to;
        pflow *fresh = rotas__pflow_new(&m, 16);
        assert_non_null(fresh);
        double fresh_un = 0.0, fresh_cost = rotas__pflow_total(fresh, &fresh_un);
        assert_true(fabs(fresh_cost - cost) < 1e-6 * fmax(1.0, fabs(cost)));
        assert_true(fabs(fresh_un - total_un) < 1e-6);
        rotas__pflow_free(fresh);
    }
    assert_false(rotas__pflow_failed(f));
    rotas__pflow_free(f);
    free(school_of);
    free(un);
    rotas__plan_model_free(&m);
    rotas_county_free(c);
}

static void test_plain_counties(void **state)
{
    (void)state;
    for (unsigned long seed = 1; seed <= 10; seed++) {
        rotas_gen_options go = {.schools = 12, .seed = seed};
        run_county(&go, 100);
    }
}

static void test_county_kinds(void **state)
{
    (void)state;
    /* over quota, fully covered, multi-subject class teachers and one-teacher points, thin */
    rotas_gen_options kinds[] = {
        {.schools = 20, .seed = 5, .over_quota = 0.9},
        {.schools = 20, .seed = 6, .coverage = 1.0, .covered_townships = 50},
        {.schools = 20, .seed = 7, .multi_subject = 1.0, .one_teacher = 1.0},
        {.schools = 20, .seed = 8, .coverage = 0.5},
        {.schools = 40, .seed = 9},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        run_county(&kinds[k], 150);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_counties),
        cmocka_unit_test(test_county_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
