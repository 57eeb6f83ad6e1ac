/* test_local_search.c - the greedy start (src/plan/start.c) ends where its local search has
 * nothing left that pays: on generated counties, after rotas__plan_greedy,
 *   - no two moving leaders of one role can trade destinations for a lower objective (each
 *     school still receives and loses the leaders it did, so the posts hold);
 *   - no regular move can be traded for another teacher's move (the shares, staff rooms and
 *     out slots kept) for a lower objective;
 * and where every school is over its quota (no single move fits), the greedy still meets the
 * rotation and key shares, by swaps.
 * The objective is recomputed here from the greedy's moves: move costs, the key balance, and
 * the weighted unfilled periods of a pool flow built afresh for the moved county
 * (test_poolflow checks that flow against the library's true shortage). */
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

/* The objective of the moves in g->start, from scratch. */
static double objective(const model *m)
{
    double v = 0.0;
    int *kc = malloc((size_t)m->ns * sizeof *kc);
    assert_non_null(kc);
    memcpy(kc, m->K0, (size_t)m->ns * sizeof *kc);
    pflow *f = rotas__pflow_new(m, 64);
    assert_non_null(f);
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        for (int k = 0; k < g->n_cand; k++)
            for (int q = 0; q < g->start[k]; q++) {
                v += rotas__plan_arc_cost(m, g, g->cand[k]);
                if (g->key) {
                    kc[g->school]--;
                    kc[g->cand[k]]++;
                }
                assert_int_equal(rotas__pflow_move(f, m->tset[g->rep], (int)m->tcap[g->rep],
                                                   g->school, g->cand[k]),
                                 0);
            }
    }
    for (int s = 0; s < m->ns; s++)
        if (m->has_students[s])
            v += m->p->w_balance * fabs((double)kc[s] - m->T[s]);
    double un = 0.0;
    v += rotas__pflow_total(f, &un);
    rotas__pflow_free(f);
    free(kc);
    return v;
}

static int key_ok(const model *m, int moves, int keys)
{
    double base =
        m->p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE ? (double)m->n_eligible : (double)moves;
    return (double)keys + 1e-9 >= m->p->min_key_share * base;
}

typedef struct tally {
    int *in, *out, *left;
    int moves, keys, elig;
} tally;

static void count(const model *m, tally *t)
{
    memset(t->in, 0, (size_t)m->ns * sizeof *t->in);
    memset(t->out, 0, (size_t)m->ns * sizeof *t->out);
    t->moves = t->keys = t->elig = 0;
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        t->left[i] = g->n;
        for (int k = 0; k < g->n_cand; k++) {
            int v = g->start[k];
            t->in[g->cand[k]] += v;
            t->out[g->school] += v;
            t->left[i] -= v;
            t->moves += v;
            t->keys += v * g->key;
            t->elig += v * g->elig;
        }
    }
}

static tally tally_new(const model *m)
{
    tally t = {0};
    t.in = malloc((size_t)m->ns * sizeof *t.in);
    t.out = malloc((size_t)m->ns * sizeof *t.out);
    t.left = malloc((size_t)(m->ng ? m->ng : 1) * sizeof *t.left);
    assert_non_null(t.in);
    assert_non_null(t.out);
    assert_non_null(t.left);
    return t;
}

static void tally_free(tally *t)
{
    free(t->in);
    free(t->out);
    free(t->left);
}

static int rules_hold(const model *m, const tally *t)
{
    if (t->elig < m->quota_min || !key_ok(m, t->moves, t->keys))
        return 0;
    for (int s = 0; s < m->ns; s++)
        if (t->in[s] - t->out[s] > m->room[s] || t->out[s] > m->outcap[s])
            return 0;
    return 1;
}

/* Checks a county; counts the leader swaps and the trades tried. */
static void run_county(const rotas_gen_options *go, int *pairs, long *trades)
{
    rotas_county *c = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_gen_county(&c, go, &err), ROTAS_OK);
    rotas_policy p;
    rotas_policy_default(&p);
    model m = {0};
    assert_int_equal(rotas__plan_model_init(&m, c, &p, c->year + 1, NULL, &err), ROTAS_OK);
    assert_int_equal(rotas__plan_make_candidates(&m, 0, &err), ROTAS_OK);
    assert_int_equal(rotas__plan_greedy(&m, rotas__plan_now_s() + 600.0, NULL), 1);
    assert_false(rotas__plan_dispatch_on(&m));
    tally t = tally_new(&m);
    count(&m, &t);
    assert_true(rules_hold(&m, &t));
    double base = objective(&m), tol = 1e-6 * fmax(1.0, fabs(base));

    /* leader swaps */
    for (int i = 0; i < m.ng; i++) {
        grp *g = &m.g[i];
        if (!rotas__plan_is_leader(g->role) || g->dec)
            continue;
        for (int k = 0; k < g->n_cand; k++) {
            if (g->start[k] <= 0)
                continue;
            for (int i2 = i + 1; i2 < m.ng; i2++) {
                grp *h = &m.g[i2];
                if (h->role != g->role || h->dec)
                    continue;
                for (int k2 = 0; k2 < h->n_cand; k2++) {
                    int d1 = g->cand[k], d2 = h->cand[k2];
                    if (h->start[k2] <= 0 || d1 == d2)
                        continue;
                    int q1 = rotas__plan_cand_index(g, d2), q2 = rotas__plan_cand_index(h, d1);
                    if (q1 < 0 || q2 < 0)
                        continue;
                    g->start[k]--, h->start[k2]--, g->start[q1]++, h->start[q2]++;
                    double v = objective(&m);
                    g->start[k]++, h->start[k2]++, g->start[q1]--, h->start[q2]--;
                    assert_true(v >= base - tol);
                    ++*pairs;
                }
            }
        }
    }

    /* trades: for every regular move, every other teacher's move in its place */
    for (int i = 0; i < m.ng; i++) {
        grp *g = &m.g[i];
        if (rotas__plan_is_leader(g->role) || g->dec)
            continue;
        for (int k = 0; k < g->n_cand; k++) {
            if (g->start[k] <= 0)
                continue;
            for (int i2 = 0; i2 < m.ng; i2++) {
                grp *h = &m.g[i2];
                if (rotas__plan_is_leader(h->role) || h->dec || t.left[i2] <= 0)
                    continue;
                for (int q = 0; q < h->n_cand; q++) {
                    if (i2 == i && q == k)
                        continue;
                    g->start[k]--;
                    h->start[q]++;
                    tally u = {t.in, t.out, t.left, 0, 0, 0};
                    count(&m, &u);
                    if (rules_hold(&m, &u)) {
                        double v = objective(&m);
                        if (v < base - tol)
                            print_error("%s: %s to %s traded for %s to %s: %.3f < %.3f\n",
                                        c->name ? c->name : "?", c->teachers[g->rep].id,
                                        c->schools[g->cand[k]].id, c->teachers[h->rep].id,
                                        c->schools[h->cand[q]].id, v, base);
                        assert_true(v >= base - tol);
                        ++*trades;
                    }
                    g->start[k]++;
                    h->start[q]--;
                    count(&m, &t);
                }
            }
        }
    }
    tally_free(&t);
    rotas__plan_model_free(&m);
    rotas_county_free(c);
}

static void test_local_optimum(void **state)
{
    (void)state;
    /* plain, over quota, multi-subject class teachers with one-teacher points */
    rotas_gen_options kinds[] = {
        {.schools = 10, .seed = 3},
        {.schools = 12, .seed = 5, .over_quota = 0.6},
        {.schools = 12, .seed = 7, .multi_subject = 1.0, .one_teacher = 1.0},
    };
    int pairs = 0;
    long trades = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        run_county(&kinds[k], &pairs, &trades);
    /* the checks ran: leader swaps and trades within the rules existed */
    assert_true(pairs > 0);
    assert_true(trades > 100);
}

/* Every school one teacher over its quota: no single move fits anywhere, and the rotation and
   key shares are met by swaps (a teacher out of each school for each one in). */
static void test_every_school_full(void **state)
{
    (void)state;
    rotas_gen_options kinds[] = {
        {.schools = 30, .seed = 4},
        {.schools = 45, .seed = 7},
        {.schools = 60, .seed = 5},
    };
    for (size_t q = 0; q < sizeof kinds / sizeof *kinds; q++) {
        rotas_county *c = NULL;
        rotas_error err = {0};
        assert_int_equal(rotas_gen_county(&c, &kinds[q], &err), ROTAS_OK);
        for (size_t s = 0; s < c->n_schools; s++)
            c->schools[s].staff_quota = 0;
        for (size_t t = 0; t < c->n_teachers; t++)
            if (c->teachers[t].school >= 0)
                c->schools[c->teachers[t].school].staff_quota++;
        for (size_t s = 0; s < c->n_schools; s++)
            if (c->schools[s].staff_quota > 0)
                c->schools[s].staff_quota--;
        rotas_policy p;
        rotas_policy_default(&p);
        model m = {0};
        assert_int_equal(rotas__plan_model_init(&m, c, &p, c->year + 1, NULL, &err), ROTAS_OK);
        assert_int_equal(rotas__plan_make_candidates(&m, 0, &err), ROTAS_OK);
        for (int s = 0; s < m.ns; s++)
            assert_int_equal(m.room[s], 0);
        assert_int_equal(rotas__plan_greedy(&m, rotas__plan_now_s() + 600.0, NULL), 1);
        tally t = tally_new(&m);
        count(&m, &t);
        assert_true(rules_hold(&m, &t));
        assert_true(t.elig >= m.quota_min && m.quota_min > 0);
        tally_free(&t);
        rotas__plan_model_free(&m);
        rotas_county_free(c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_local_optimum),
        cmocka_unit_test(test_every_school_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
