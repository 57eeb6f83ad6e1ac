/*
 * start.c - the greedy start: moves by delta cost, improvement, leader rings.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan_int.h"
#include "poolflow_int.h"
#include "rotas/plan.h"

/* ---- greedy start ---- */

typedef struct gstate {
    int *in, *out, *left; /* per school, per school, per group */
    double *S;            /* per unit supply */
    int *Kc;              /* per school key teachers now */
    int M, K;
    int ME;         /* moves of eligible teachers (the rotation share counts these) */
    pflow *pf;      /* the exact unfilled cost per pool (NULL: per-unit supply, the even split) */
    int may_add;    /* candidates may be added (the model is not built yet) */
    int *bs, *boff; /* the groups of each school: bs[boff[s] .. boff[s + 1]) */
} gstate;

static int key_ok(const model *m, int M, int K)
{
    if (m->p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE)
        return (double)K + 1e-9 >= m->p->min_key_share * (double)m->n_eligible;
    return (double)K + 1e-9 >= m->p->min_key_share * (double)M;
}

/* Is group g a key teacher of the decision's subject? */
int rotas__plan_rk_qualifies(const model *m, const grp *g, const rotas_decision *dc)
{
    const rotas_teacher *t = &m->c->teachers[g->rep];
    if (!g->key)
        return 0;
    if (dc->subject < 0)
        return 1;
    for (size_t z = 0; z < t->n_subjects; z++)
        if (t->subjects[z] == dc->subject)
            return 1;
    return 0;
}

/* One must leader of school a stays (a vice-principal first). */
static void excuse_leader(model *m, int a)
{
    for (int role = ROTAS_ROLE_VICE_PRINCIPAL; role >= ROTAS_ROLE_PRINCIPAL; role--)
        for (int i = 0; i < m->ng; i++) {
            grp *g = &m->g[i];
            if (g->school == a && g->role == role && g->must && !g->dec && g->excused < g->n) {
                g->excused++;
                return;
            }
        }
}

/* Greedy moves of qualifying key teachers into the decision's school. */
static int rk_count(const model *m, const rotas_decision *dc)
{
    int n = 0;
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        int k = rotas__plan_rk_qualifies(m, g, dc) ? rotas__plan_cand_index(g, dc->school) : -1;
        if (k >= 0)
            n += g->start[k];
    }
    return n;
}

/* Is every receive_key decision met by a move? */
static int rk_met(const model *m)
{
    for (size_t q = 0; q < m->c->n_decisions; q++) {
        const rotas_decision *dc = &m->c->decisions[q];
        if (dc->kind == ROTAS_DECISION_RECEIVE_KEY && rk_count(m, dc) == 0)
            return 0;
    }
    return 1;
}

/* Add (sgn 1) or take back (sgn -1) one move of group g to its k-th candidate. */
static void change_move(const model *m, gstate *st, grp *g, int k, int sgn)
{
    const rotas_teacher *t = &m->c->teachers[g->rep];
    int d = g->cand[k];
    g->start[k] += sgn;
    st->left[g - m->g] -= sgn;
    st->out[g->school] += sgn;
    st->in[d] += sgn;
    st->M += sgn;
    st->ME += sgn * g->elig;
    st->K += sgn * g->key;
    if (g->key) {
        st->Kc[g->school] -= sgn;
        st->Kc[d] += sgn;
    }
    if (st->pf && rotas__pflow_move(st->pf, m->tset[g->rep], m->tcap[g->rep],
                                    sgn > 0 ? g->school : d, sgn > 0 ? d : g->school)) {
        rotas__pflow_free(st->pf); /* out of memory: the even split from here on */
        st->pf = NULL;
    }
    for (size_t q = 0; q < t->n_subjects; q++) {
        int j = t->subjects[q];
        if (j < 0 || j >= m->nj)
            continue;
        st->S[rotas__plan_unit_of(m, g->school, j)] -= sgn * g->per;
        st->S[rotas__plan_unit_of(m, d, j)] += sgn * g->per;
    }
}

/* Past the deadline the exact deltas give way to the even split, which is cheap to evaluate. */
static void mind_deadline(gstate *st, double deadline)
{
    if (st->pf && rotas__plan_now_s() > deadline) {
        rotas__pflow_free(st->pf);
        st->pf = NULL;
    }
}

static void apply_move(const model *m, gstate *st, grp *g, int k)
{
    change_move(m, st, g, k, 1);
}

static double unit_cost(const model *m, int u, double supply)
{
    double un = m->D[u] - supply;
    return un > 0 ? m->p->w_unfilled * m->ufac[u] * un : 0.0;
}

static double dev_cost(const model *m, int s, int k)
{
    return m->has_students[s] ? m->p->w_balance * fabs((double)k - m->T[s]) : 0.0;
}

/* Change of the objective if one move of g to d is added (sgn 1) or taken back (-1): exact with
   st->pf (each pool's weighted maximum flow), else with the even split of each teacher's
   periods over its subjects. */
static double move_delta(const model *m, const gstate *st, const grp *g, int d, int sgn)
{
    const rotas_teacher *t = &m->c->teachers[g->rep];
    double v = sgn * rotas__plan_arc_cost(m, g, d);
    double ex = st->pf ? rotas__pflow_delta(st->pf, m->tset[g->rep], m->tcap[g->rep],
                                            sgn > 0 ? g->school : d, sgn > 0 ? d : g->school)
                       : NAN;
    if (!isnan(ex))
        v += ex;
    else
        for (size_t q = 0; q < t->n_subjects; q++) {
            int j = t->subjects[q];
            if (j < 0 || j >= m->nj)
                continue;
            int uf = rotas__plan_unit_of(m, g->school, j), ut = rotas__plan_unit_of(m, d, j);
            if (uf == ut)
                continue;
            v += unit_cost(m, ut, st->S[ut] + sgn * g->per) - unit_cost(m, ut, st->S[ut]);
            v += unit_cost(m, uf, st->S[uf] - sgn * g->per) - unit_cost(m, uf, st->S[uf]);
        }
    if (g->key) {
        int a = g->school;
        v += dev_cost(m, a, st->Kc[a] - sgn) - dev_cost(m, a, st->Kc[a]);
        v += dev_cost(m, d, st->Kc[d] + sgn) - dev_cost(m, d, st->Kc[d]);
    }
    return v;
}

/* Does a receive_key decision need this move of g to d (no other qualifying move into d)? */
static int rk_needs(const model *m, const grp *g, int d)
{
    const rotas_county *c = m->c;
    if (!g->key)
        return 0;
    for (size_t q = 0; q < c->n_decisions; q++) {
        const rotas_decision *dc = &c->decisions[q];
        if (dc->kind != ROTAS_DECISION_RECEIVE_KEY || dc->school != d)
            continue;
        if (!rotas__plan_rk_qualifies(m, g, dc))
            continue;
        if (rk_count(m, dc) <= 1)
            return 1;
    }
    return 0;
}

/* Is this move of g to d a group dispatch (集团派驻)? The local search keeps such moves. */
static int dispatch_needs(const model *m, const grp *g, int d)
{
    return rotas__plan_dispatch_kind(m, g, d) != 0;
}

/* The best destination for one more move of h: the candidate (not skip_q, not avoid, with
   room) whose delta is below *best, which it lowers; -1 when none is. */
static int best_dest(const model *m, const gstate *st, const grp *h, int skip_q, int avoid,
                     double *best)
{
    int bq = -1;
    for (int q = 0; q < h->n_cand; q++) {
        int d2 = h->cand[q];
        if (q == skip_q || d2 == avoid || st->in[d2] - st->out[d2] >= m->room[d2])
            continue;
        double v = move_delta(m, st, h, d2, 1);
        if (v < *best) {
            *best = v;
            bq = q;
        }
    }
    return bq;
}

/* Replace: a regular move taken back and another teacher's move made instead, where that
   pays. The rotation and key shares may hold only with a move, so taking a costly one back
   alone can be barred when trading it for a cheaper one is not. 1 when a move was replaced. */
static int replace_moves(const model *m, gstate *st, double deadline)
{
    int changed = 0;
    for (int i = 0; i < m->ng && rotas__plan_now_s() <= deadline; i++) {
        grp *g = &m->g[i];
        if (rotas__plan_is_leader(g->role) || g->dec)
            continue;
        for (int k = 0; k < g->n_cand && rotas__plan_now_s() <= deadline; k++) {
            int d = g->cand[k], a = g->school;
            if (g->start[k] <= 0 || rk_needs(m, g, d) || dispatch_needs(m, g, d))
                continue;
            double drop = move_delta(m, st, g, d, -1);
            change_move(m, st, g, k, -1);
            int over = st->in[a] - st->out[a] > m->room[a]; /* a has no room for it again */
            int bi = -1, bk = -1;
            double best = -drop - 1e-7;
            for (int i2 = 0; i2 < m->ng; i2++) {
                grp *h = &m->g[i2];
                if (rotas__plan_is_leader(h->role) || h->dec || st->left[i2] <= 0 ||
                    st->out[h->school] >= m->outcap[h->school] || st->ME + h->elig < m->quota_min ||
                    !key_ok(m, st->M + 1, st->K + h->key) || (over && h->school != a))
                    continue;
                int q = best_dest(m, st, h, i2 == i ? k : -1, over ? a : -1, &best);
                if (q >= 0) {
                    bi = i2;
                    bk = q;
                }
            }
            if (bi >= 0) {
                change_move(m, st, &m->g[bi], bk, 1);
                changed = 1;
            } else {
                change_move(m, st, g, k, 1);
            }
        }
    }
    return changed;
}

/* Leader swaps: two moving leaders of one role trade destinations, where that pays (each
   school still receives and loses the leaders it did, so the posts hold). The rings of the
   greedy place leaders by geography only. 1 when a pair was swapped. */
static int swap_leaders(const model *m, gstate *st, double deadline)
{
    int changed = 0;
    for (int i = 0; i < m->ng && rotas__plan_now_s() <= deadline; i++) {
        grp *g = &m->g[i];
        if (!rotas__plan_is_leader(g->role) || g->dec)
            continue;
        for (int k = 0; k < g->n_cand; k++) {
            if (g->start[k] <= 0 || dispatch_needs(m, g, g->cand[k]) || rk_needs(m, g, g->cand[k]))
                continue;
            for (int i2 = i + 1; i2 < m->ng && g->start[k] > 0; i2++) {
                grp *h = &m->g[i2];
                if (h->role != g->role || h->dec)
                    continue;
                for (int k2 = 0; k2 < h->n_cand && g->start[k] > 0; k2++) {
                    int d1 = g->cand[k], d2 = h->cand[k2];
                    if (h->start[k2] <= 0 || d1 == d2 || dispatch_needs(m, h, d2) ||
                        rk_needs(m, h, d2))
                        continue;
                    int q1 = rotas__plan_cand_index(g, d2), q2 = rotas__plan_cand_index(h, d1);
                    if (q1 < 0 || q2 < 0)
                        continue;
                    double v = move_delta(m, st, g, d1, -1);
                    change_move(m, st, g, k, -1);
                    v += move_delta(m, st, h, d2, -1);
                    change_move(m, st, h, k2, -1);
                    v += move_delta(m, st, g, d2, 1);
                    change_move(m, st, g, q1, 1);
                    v += move_delta(m, st, h, d1, 1);
                    change_move(m, st, h, q2, 1);
                    if (v < -1e-7) {
                        changed = 1;
                        break; /* g's k-th move is gone: on to its next */
                    }
                    change_move(m, st, h, q2, -1);
                    change_move(m, st, g, q1, -1);
                    change_move(m, st, h, k2, 1);
                    change_move(m, st, g, k, 1);
                }
            }
        }
    }
    return changed;
}

/* Local search on the regular teachers' moves: take back or send elsewhere while the
   objective falls and every hard rule holds. */
static void improve(const model *m, gstate *st, double deadline, const int *by_school,
                    const int *by_school_off)
{
    for (int pass = 0; pass < 20; pass++) {
        /* the leaders first: few pairs, and the rings placed them by geography only */
        int changed = swap_leaders(m, st, deadline);
        for (int i = 0; i < m->ng && rotas__plan_now_s() <= deadline; i++) {
            grp *g = &m->g[i];
            if (rotas__plan_is_leader(g->role) || g->dec)
                continue;
            for (int k = 0; k < g->n_cand; k++) {
                while (g->start[k] > 0) {
                    int d = g->cand[k], a = g->school;
                    double drop = move_delta(m, st, g, d, -1);
                    /* take back: the source must have room for its teacher again */
                    int can_drop = st->ME - g->elig >= m->quota_min && !rk_needs(m, g, d) &&
                                   !dispatch_needs(m, g, d) &&
                                   key_ok(m, st->M - 1, st->K - g->key) &&
                                   st->in[a] - st->out[a] + 1 <= m->room[a];
                    if (can_drop && drop < -1e-7) {
                        change_move(m, st, g, k, -1);
                        changed = 1;
                        continue;
                    }
                    /* relocate: the same teacher to another candidate */
                    if (rk_needs(m, g, d) || dispatch_needs(m, g, d))
                        break;
                    change_move(m, st, g, k, -1);
                    double best = -drop - 1e-7; /* must beat keeping the move */
                    int bk = best_dest(m, st, g, k, -1, &best);
                    change_move(m, st, g, bk >= 0 ? bk : k, 1);
                    if (bk >= 0)
                        changed = 1;
                    break;
                }
            }
        }
        /* add: the best improving moves */
        while (rotas__plan_now_s() <= deadline) {
            int bi = -1, bk = -1;
            double best = -1e-7;
            for (int i = 0; i < m->ng; i++) {
                grp *g = &m->g[i];
                if (rotas__plan_is_leader(g->role) || g->dec || st->left[i] <= 0 ||
                    st->out[g->school] >= m->outcap[g->school] ||
                    (!g->key && !key_ok(m, st->M + 1, st->K)))
                    continue;
                for (int k = 0; k < g->n_cand; k++) {
                    int d = g->cand[k];
                    if (st->in[d] - st->out[d] >= m->room[d])
                        continue;
                    double v = move_delta(m, st, g, d, 1);
                    if (v < best) {
                        best = v;
                        bi = i;
                        bk = k;
                    }
                }
            }
            if (bi < 0)
                break;
            change_move(m, st, &m->g[bi], bk, 1);
            changed = 1;
        }
        /* pairs: a move into a full school together with a move out of it */
        for (int i = 0; i < m->ng && rotas__plan_now_s() <= deadline; i++) {
            grp *g = &m->g[i];
            if (rotas__plan_is_leader(g->role) || g->dec)
                continue;
            for (int k = 0; k < g->n_cand; k++) {
                int d = g->cand[k];
                if (st->left[i] <= 0 || st->out[g->school] >= m->outcap[g->school])
                    break;
                if (st->in[d] - st->out[d] < m->room[d] || st->out[d] >= m->outcap[d])
                    continue;
                double add1 = move_delta(m, st, g, d, 1);
                if (add1 >= 0)
                    continue;
                change_move(m, st, g, k, 1);
                int bi = -1, bk = -1;
                double best = -add1 - 1e-7;
                for (int e = by_school_off[d]; e < by_school_off[d + 1]; e++) {
                    int i2 = by_school[e];
                    grp *h = &m->g[i2];
                    if (rotas__plan_is_leader(h->role) || h->dec || st->left[i2] <= 0 ||
                        !key_ok(m, st->M + 1, st->K + h->key))
                        continue;
                    int q = best_dest(m, st, h, -1, -1, &best);
                    if (q >= 0) {
                        bi = i2;
                        bk = q;
                    }
                }
                if (bi >= 0) {
                    change_move(m, st, &m->g[bi], bk, 1);
                    changed = 1;
                } else {
                    change_move(m, st, g, k, -1);
                }
            }
        }
        changed |= replace_moves(m, st, deadline);
        if (!changed || rotas__plan_now_s() > deadline)
            break;
    }
}

static int can_move(const model *m, const gstate *st, const grp *g, int d)
{
    return st->left[g - m->g] > 0 && st->out[g->school] < m->outcap[g->school] &&
           st->in[d] - st->out[d] < m->room[d];
}

static _Thread_local const double *g_sort_ang;

static int cmp_by_ang(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    int r = (g_sort_ang[a] > g_sort_ang[b]) - (g_sort_ang[a] < g_sort_ang[b]);
    return r ? r : rotas__plan_cmp_int(a, b);
}

/* Out slots of school a left after its must leaders still to go: > 0 means none left for
   another move. */
static int must_left(const model *m, const gstate *st, int a)
{
    int need = 0;
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].school == a && m->g[i].must && !m->g[i].dec)
            need += m->g[i].n - m->g[i].excused;
    return st->out[a] + need + 1 > m->outcap[a];
}

/* Room at full school d for one more: the cheapest regular move out of d to a school with
   room (not to avoid). 1 done, 0 none found. */
static int make_room(const model *m, gstate *st, int d, int avoid)
{
    int hi = -1, hk = -1;
    double best = 0.0;
    for (int i = 0; i < m->ng; i++) {
        grp *h = &m->g[i];
        if (h->school != d || h->dec || rotas__plan_is_leader(h->role) || st->left[i] <= 0 ||
            st->out[d] >= m->outcap[d])
            continue;
        for (int k = 0; k < h->n_cand; k++) {
            int d2 = h->cand[k];
            if (d2 == avoid || st->in[d2] - st->out[d2] >= m->room[d2])
                continue;
            double v = move_delta(m, st, h, d2, 1);
            if (hi < 0 || v < best) {
                hi = i;
                hk = k;
                best = v;
            }
        }
    }
    if (hi < 0)
        return 0;
    apply_move(m, st, &m->g[hi], hk);
    return 1;
}

/* Must leaders of one role in a ring (sorted by angle around their centre); each goes to the
   school of the leader `shift` places on. A lone must leader is paired with the nearest other
   eligible leader of its role; one without any partner is excused (m->conflict). Excused
   leaders (g->excused) stay. Adds the candidates used. 0 ok, 1 no ring, -1 oom. */
static int leader_ring(model *m, gstate *st, int role)
{
    const rotas_county *c = m->c;
    int n = 0;
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].role == role && m->g[i].must && !m->g[i].dec)
            n += m->g[i].n - m->g[i].excused;
    if (n == 0)
        return 0;
    int *gi = malloc((size_t)(n + 1) * sizeof *gi), *ord = malloc((size_t)(n + 1) * sizeof *ord);
    double *ang = malloc((size_t)(n + 1) * sizeof *ang);
    int rc = 1;
    if (!gi || !ord || !ang) {
        rc = -1;
        goto done;
    }
    n = 0;
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].role == role && m->g[i].must && !m->g[i].dec)
            for (int k = m->g[i].excused; k < m->g[i].n; k++)
                gi[n++] = i;
    if (n == 1) {
        /* a partner: the nearest eligible leader of the role elsewhere that may still leave */
        const grp *a = &m->g[gi[0]];
        int best = -1;
        double bkm = 0;
        for (int i = 0; i < m->ng; i++) {
            const grp *b = &m->g[i];
            if (b->role != role || b->must || b->dec || b->school == a->school ||
                st->left[i] <= 0 || st->out[b->school] >= m->outcap[b->school] ||
                !rotas__plan_within_km(m, a->school, b->school))
                continue;
            double km = rotas_county_km(c, a->school, b->school);
            if (best < 0 || km < bkm) {
                best = i;
                bkm = km;
            }
        }
        if (best < 0) {
            int any = 0; /* any partner at all, whatever the greedy did so far? */
            for (int i = 0; i < m->ng && !any; i++)
                any = m->g[i].role == role && !m->g[i].must && !m->g[i].dec &&
                      m->g[i].school != a->school &&
                      rotas__plan_within_km(m, a->school, m->g[i].school);
            if (any)
                goto done; /* rc 1: no ring found by the greedy */
            m->g[gi[0]].excused++;
            m->conflict = 1;
            rc = 0;
            goto done;
        }
        gi[n++] = best;
    }
    double clat = 0, clon = 0;
    for (int k = 0; k < n; k++) {
        clat += c->schools[m->g[gi[k]].school].lat;
        clon += c->schools[m->g[gi[k]].school].lon;
    }
    clat /= n;
    clon /= n;
    for (int k = 0; k < n; k++) {
        const rotas_school *sc = &c->schools[m->g[gi[k]].school];
        ang[k] = atan2(sc->lat - clat, sc->lon - clon);
        ord[k] = k;
    }
    g_sort_ang = ang;
    qsort(ord, (size_t)n, sizeof *ord, cmp_by_ang);
    for (int shift = 1; shift < n; shift++) {
        int ok = 1;
        for (int k = 0; k < n && ok; k++) {
            int a = m->g[gi[ord[k]]].school, b = m->g[gi[ord[(k + shift) % n]]].school;
            if (a == b || !rotas__plan_within_km(m, a, b))
                ok = 0;
        }
        if (!ok)
            continue;
        for (int k = 0; k < n; k++) {
            grp *g = &m->g[gi[ord[k]]];
            int b = m->g[gi[ord[(k + shift) % n]]].school;
            int idx = rotas__plan_add_cand(g, b);
            if (idx < 0) {
                rc = -1;
                goto done;
            }
            apply_move(m, st, g, idx);
        }
        rc = 0;
        break;
    }
done:
    free(gi);
    free(ord);
    free(ang);
    return rc;
}

/* May group i make a regular move now (need_key: the key share asks for a key teacher; need_any:
   the rotation share asks for an eligible one)? */
static int regular_ok(const model *m, const gstate *st, int i, int need_key, int need_any)
{
    const grp *g = &m->g[i];
    if (rotas__plan_is_leader(g->role) || g->dec || st->left[i] <= 0 || (need_key && !g->key) ||
        (need_any && !need_key && !g->elig))
        return 0;
    return need_key || need_any || g->key || key_ok(m, st->M + 1, st->K);
}

/* The best regular move by a full scan: 1 found (*bi, *bk, its delta *best), 0 none. */
static int best_regular(const model *m, const gstate *st, int need_key, int need_any, int *bi,
                        int *bk, double *best)
{
    *bi = -1;
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        if (!regular_ok(m, st, i, need_key, need_any))
            continue;
        for (int k = 0; k < g->n_cand; k++) {
            if (!can_move(m, st, g, g->cand[k]))
                continue;
            double v = move_delta(m, st, g, g->cand[k], 1);
            if (*bi < 0 || v < *best) {
                *bi = i;
                *bk = k;
                *best = v;
            }
        }
    }
    return *bi >= 0;
}

/* Where no single move fits (every destination full: over-quota counties) and the key or the
   rotation share still asks for moves: the best swap, group i to d = its k-th candidate and
   group h of d back to i's school as h's q-th candidate, both schools' staff unchanged. Group i
   is one the rules ask for (regular_ok); h any regular teacher that may leave, the key share
   kept. The delta is the sum of the two single moves' (the local search refines it). h's way
   back may be a new candidate (within max_km) while the model is not built yet (*bq -1).
   1 found, 0 none, -1 out of memory. */
static int best_swap(const model *m, const gstate *st, int need_key, int need_any, int *bi, int *bk,
                     int *bh, int *bq, double *best)
{
    const int *off = st->boff, *by = st->bs;
    int *need = NULL;
    *bi = -1;
    *best = 0.0;
    if (!NEW(need, m->ns))
        return -1;
    /* the out slots each school's must leaders still to go need (the excused ones stay) */
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        if (g->must && !g->dec && st->left[i] > g->excused)
            need[g->school] += st->left[i] - g->excused;
    }
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        int a = g->school;
        if (!regular_ok(m, st, i, need_key, need_any) || st->out[a] + need[a] + 1 > m->outcap[a])
            continue;
        for (int k = 0; k < g->n_cand; k++) {
            int d = g->cand[k];
            if (d == a || st->out[d] + need[d] + 1 > m->outcap[d])
                continue;
            double vg = NAN;
            for (int z = off[d]; z < off[d + 1]; z++) {
                int h = by[z];
                const grp *r = &m->g[h];
                if (h == i || r->dec || rotas__plan_is_leader(r->role) || st->left[h] <= 0 ||
                    (!need_key && !key_ok(m, st->M + 2, st->K + g->key + r->key)))
                    continue;
                int q = rotas__plan_cand_index(r, a);
                if (q < 0 && (!st->may_add || !rotas__plan_within_km(m, d, a)))
                    continue;
                if (isnan(vg))
                    vg = move_delta(m, st, g, d, 1);
                double v = vg + move_delta(m, st, r, a, 1);
                if (*bi < 0 || v < *best) {
                    *bi = i;
                    *bk = k;
                    *bh = h;
                    *bq = q;
                    *best = v;
                }
            }
        }
    }
    free(need);
    return *bi >= 0;
}

/* When no single move fits: the best swap made, while the rules ask for moves (md < 2; moves
   that only pay are not swapped). h leaves first, so that i's destination has its place. 1 made,
   0 none, -1 out of memory. */
static int try_swap(const model *m, gstate *st, int md, int need_key, int need_any)
{
    if (md >= 2)
        return 0;
    int i = -1, k = -1, h = -1, q = -1;
    double v = 0.0;
    int found = best_swap(m, st, need_key, need_any, &i, &k, &h, &q, &v);
    if (found <= 0)
        return found;
    if (q < 0 && (q = rotas__plan_add_cand(&m->g[h], m->g[i].school)) < 0)
        return -1;
    apply_move(m, st, &m->g[h], q);
    apply_move(m, st, &m->g[i], k);
    return 1;
}

/* A candidate move in the lazy greedy's heap: its delta when last computed, and what it
   depended on then (the versions of both pools, the key teachers at both schools). */
typedef struct hent {
    double v;
    int i, k;
    unsigned va, vd;
    int ka, kd;
} hent;

typedef struct heap {
    hent *a;
    size_t n, cap;
} heap;

static int hless(const hent *x, const hent *y)
{
    if (x->v != y->v)
        return x->v < y->v;
    return x->i != y->i ? x->i < y->i : x->k < y->k;
}

static int heap_push(heap *h, hent e)
{
    if (h->n == h->cap) {
        size_t nc = h->cap ? 2 * h->cap : 1024;
        hent *a = realloc(h->a, nc * sizeof *a);
        if (!a)
            return -1;
        h->a = a;
        h->cap = nc;
    }
    size_t q = h->n++;
    while (q > 0 && hless(&e, &h->a[(q - 1) / 2])) {
        h->a[q] = h->a[(q - 1) / 2];
        q = (q - 1) / 2;
    }
    h->a[q] = e;
    return 0;
}

static hent heap_pop(heap *h)
{
    hent top = h->a[0], e = h->a[--h->n];
    size_t q = 0;
    for (;;) {
        size_t c = 2 * q + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && hless(&h->a[c + 1], &h->a[c]))
            c++;
        if (!hless(&h->a[c], &e))
            break;
        h->a[q] = h->a[c];
        q = c;
    }
    if (h->n > 0)
        h->a[q] = e;
    return top;
}

static hent fresh(const model *m, const gstate *st, int i, int k)
{
    const grp *g = &m->g[i];
    int a = g->school, d = g->cand[k];
    return (hent){
        move_delta(m, st, g, d, 1),      i,         k,        rotas__pflow_version(st->pf, a),
        rotas__pflow_version(st->pf, d), st->Kc[a], st->Kc[d]};
}

static int stale(const model *m, const gstate *st, const hent *e)
{
    const grp *g = &m->g[e->i];
    int a = g->school, d = g->cand[e->k];
    return e->va != rotas__pflow_version(st->pf, a) || e->vd != rotas__pflow_version(st->pf, d) ||
           e->ka != st->Kc[a] || e->kd != st->Kc[d];
}

/* Regular teachers: the best single move, again and again, while the key share or the rotation
   share asks for moves, then while moves pay. With the exact deltas (st->pf) the candidates sit
   in a heap by their last computed delta, and only the top is brought up to date (a lazy
   greedy: a delta that became better since stays where it was until the heap is rebuilt, when
   it runs dry or has no move left that pays; the cache makes a rebuild cheap where the pools
   did not change). 0 ok, -1 oom. */
static int regular_moves(const model *m, gstate *st, double deadline)
{
    /* one heap per kind of move the rules ask for: a key teacher (0), an eligible one (1),
       any that pays (2); built when first needed, rebuilt when it runs dry or has no move
       left that pays after moves were made since it was built */
    heap h[3] = {{0}};
    long built_at[3] = {-1, -1, -1}, moves = 0;
    int rc = 0;
    for (;;) {
        mind_deadline(st, deadline);
        int need_key = !key_ok(m, st->M, st->K);
        int need_any = st->ME < m->quota_min;
        int md = need_key ? 0 : need_any ? 1 : 2, bi = -1, bk = -1;
        double best = 0.0;
        if (md == 2 && rotas__plan_now_s() > deadline)
            break; /* the rules are met; moves that only pay wait for the search */
        if (!st->pf) {
            if (!best_regular(m, st, need_key, need_any, &bi, &bk, &best)) {
                int sw = try_swap(m, st, md, need_key, need_any);
                if (sw < 0) {
                    rc = -1;
                    goto out;
                }
                if (sw)
                    continue;
                break;
            }
        } else {
            heap *H = &h[md];
            if (built_at[md] < 0) {
                H->n = 0;
                for (int i = 0; i < m->ng && st->pf; i++) {
                    if ((i & 63) == 0)
                        mind_deadline(st, deadline);
                    if (st->pf && regular_ok(m, st, i, need_key, need_any))
                        for (int k = 0; k < m->g[i].n_cand; k++)
                            if (can_move(m, st, &m->g[i], m->g[i].cand[k]) &&
                                heap_push(H, fresh(m, st, i, k))) {
                                rc = -1;
                                goto out;
                            }
                }
                if (!st->pf)
                    continue; /* out of time: the even split from here on */
                built_at[md] = moves;
            }
            for (unsigned pops = 1; H->n > 0; pops++) {
                if ((pops & 255) == 0) {
                    mind_deadline(st, deadline);
                    if (!st->pf)
                        break;
                }
                hent e = heap_pop(H);
                const grp *g = &m->g[e.i];
                if (!regular_ok(m, st, e.i, need_key, need_any) ||
                    !can_move(m, st, g, g->cand[e.k]))
                    continue;
                if (stale(m, st, &e)) {
                    if (heap_push(H, fresh(m, st, e.i, e.k))) {
                        rc = -1;
                        goto out;
                    }
                    continue;
                }
                bi = e.i;
                bk = e.k;
                best = e.v;
                break;
            }
            if (!st->pf)
                continue;
            if (bi < 0 || (md == 2 && best >= 0)) {
                if (built_at[md] == moves) {
                    /* no single move fits: a swap, while the rules ask for moves */
                    int sw = try_swap(m, st, md, need_key, need_any);
                    if (sw < 0) {
                        rc = -1;
                        goto out;
                    }
                    if (sw) {
                        moves++;
                        continue;
                    }
                    break;
                }
                built_at[md] = -1; /* once more from a full scan */
                continue;
            }
        }
        if (md == 2 && best >= 0)
            break;
        apply_move(m, st, &m->g[bi], bk);
        moves++;
    }
out:
    for (int q = 0; q < 3; q++)
        free(h[q].a);
    return rc;
}

/* A receive_key decision at a full school whose regular teachers cannot go anywhere with room:
   the cheapest pair of a qualifying key teacher into the school and a regular teacher of the
   school to the key teacher's school (both schools keep their staff count). 1 done, 0 none. */
static int swap_in(const model *m, gstate *st, const rotas_decision *dc)
{
    int d = dc->school, bi = -1, bk = -1, bh = -1, bq = -1;
    double best = 0.0;
    if (must_left(m, st, d) > 0)
        return 0; /* no out slot at d left for a regular teacher */
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        int k = rotas__plan_rk_qualifies(m, g, dc) && !g->dec && !rotas__plan_is_leader(g->role)
                    ? rotas__plan_cand_index(g, d)
                    : -1;
        if (k < 0 || st->left[i] <= 0 || must_left(m, st, g->school) > 0)
            continue;
        double vg = move_delta(m, st, g, d, 1);
        for (int h = 0; h < m->ng; h++) {
            const grp *r = &m->g[h];
            if (r->school != d || r->dec || rotas__plan_is_leader(r->role) || st->left[h] <= 0)
                continue;
            int q = rotas__plan_cand_index(r, g->school);
            if (q < 0)
                continue;
            double v = vg + move_delta(m, st, r, g->school, 1);
            if (bi < 0 || v < best) {
                bi = i;
                bk = k;
                bh = h;
                bq = q;
                best = v;
            }
        }
    }
    if (bi < 0)
        return 0;
    apply_move(m, st, &m->g[bi], bk);
    apply_move(m, st, &m->g[bh], bq);
    return 1;
}

/* A greedy plan in g->start. Returns 1 when it meets every hard rule, 0 when not, -1 oom. */
/* xl: a solution of the LP relaxation to follow (leader moves are kept from the last greedy
   plan, regular moves start from the rounded relaxation), or NULL. */
/* Group dispatch: for each member school, the cheapest moves from its head school that close
   a gap of its rows (managers, key team, both teams) while the outflow cap and the member's
   room allow (non-leaders; leaders move in rings). */
static void dispatch_fill(model *m, gstate *st)
{
    int M = m->p->group_managers_per_member, K = m->p->group_key_team_per_member;
    for (int d = 0; d < m->ns; d++) {
        if (rotas__plan_dispatch_head(m, d) < 0)
            continue;
        for (;;) {
            int n[3];
            rotas__plan_dispatch_count(m, d, n);
            int gm = n[0] < M, gk = n[1] < K, gu = n[2] < M + K;
            if (!gm && !gk && !gu)
                break;
            int bi = -1, bk = -1;
            double best = 0.0;
            for (int i = 0; i < m->ng; i++) {
                grp *g = &m->g[i];
                unsigned kind = rotas__plan_dispatch_kind(m, g, d);
                int k = kind && !g->dec && !rotas__plan_is_leader(g->role)
                            ? rotas__plan_cand_index(g, d)
                            : -1;
                /* a full member: room is made below by a regular move out of it */
                if (k < 0 || st->left[i] <= 0 || st->out[g->school] >= m->outcap[g->school] ||
                    must_left(m, st, g->school) > 0)
                    continue;
                if (!((gm && (kind & 1)) || (gk && (kind & 2)) || (!gm && !gk && gu)))
                    continue;
                /* a teacher who closes both gaps first, then the cheapest */
                double v = move_delta(m, st, g, d, 1) -
                           ((gm && (kind & 1)) && (gk && (kind & 2)) ? 1e6 : 0.0);
                if (bi < 0 || v < best) {
                    bi = i;
                    bk = k;
                    best = v;
                }
            }
            if (bi < 0)
                break;
            if (st->in[d] - st->out[d] >= m->room[d] && !make_room(m, st, d, m->g[bi].school))
                break;
            apply_move(m, st, &m->g[bi], bk);
        }
    }
}

int rotas__plan_greedy(model *m, double deadline, const double *xl)
{
    gstate st = {0};
    int ok = 0;
    for (int i = 0; i < m->ng; i++)
        for (int k = 0; k < m->g[i].n_cand; k++)
            if (!xl || (!rotas__plan_is_leader(m->g[i].role) && !m->g[i].dec))
                m->g[i].start[k] = 0;
    st.may_add = !xl;
    if (!NEW(st.in, m->ns) || !NEW(st.out, m->ns) || !NEW(st.left, m->ng) ||
        !NEW(st.S, m->nunits)) {
        ok = -1;
        goto done;
    }
    memcpy(st.S, m->S0, (size_t)m->nunits * sizeof *st.S);
    /* groups by school, for the swaps and the pair moves */
    if (!NEW(st.bs, m->ng ? m->ng : 1) || !NEW(st.boff, m->ns + 2)) {
        ok = -1;
        goto done;
    }
    for (int i = 0; i < m->ng; i++)
        st.boff[m->g[i].school + 2]++;
    for (int s = 0; s < m->ns; s++)
        st.boff[s + 2] += st.boff[s + 1];
    for (int i = 0; i < m->ng; i++)
        st.bs[st.boff[m->g[i].school + 1]++] = i;
    if (!NEW(st.Kc, m->ns)) {
        ok = -1;
        goto done;
    }
    memcpy(st.Kc, m->K0, (size_t)m->ns * sizeof *st.Kc);
    for (int i = 0; i < m->ng; i++)
        st.left[i] = m->g[i].n;
    {
        size_t slots = 0;
        for (int i = 0; i < m->ng; i++)
            slots += 2 * (size_t)m->g[i].n_cand;
        st.pf = rotas__pflow_new(m, slots); /* NULL (out of memory): the even split */
    }
    if (xl) {
        st.M = st.K = st.ME = 0;
        for (int i = 0; i < m->ng; i++)
            for (int k = 0; k < m->g[i].n_cand; k++) {
                int v = m->g[i].start[k];
                m->g[i].start[k] = 0;
                for (int q = 0; q < v; q++)
                    change_move(m, &st, &m->g[i], k, 1);
            }
        /* the relaxation's moves, largest first, while the rows allow */
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < m->ng; i++) {
                grp *g = &m->g[i];
                if (rotas__plan_is_leader(g->role) || g->dec)
                    continue;
                for (int k = 0; k < g->n_cand; k++) {
                    int want = (int)floor(xl[m->arc_off[i] + k] + (pass == 0 ? 0.0 : 0.5));
                    while (g->start[k] < want && can_move(m, &st, g, g->cand[k]))
                        change_move(m, &st, g, k, 1);
                }
            }
        goto regular;
    }
    for (int i = 0; i < m->ng; i++)
        m->g[i].excused = 0;
    m->conflict = 0;
    m->greedy_forced = 0;
    /* a school whose must leaders outnumber what it may lose: the rules conflict (proven);
       excuse the extra ones, vice-principals first */
    for (int role = ROTAS_ROLE_VICE_PRINCIPAL; role >= ROTAS_ROLE_PRINCIPAL; role--)
        for (int i = 0; i < m->ng; i++) {
            grp *g = &m->g[i];
            if (!g->must || g->role != role)
                continue;
            int cnt = 0;
            for (int q = 0; q < m->ng; q++)
                if (m->g[q].must && m->g[q].school == g->school)
                    cnt += m->g[q].n - m->g[q].excused;
            while (cnt > m->outcap[g->school] && g->excused < g->n) {
                g->excused++;
                cnt--;
                m->conflict = 1;
            }
        }
    /* move decisions first (a together partner of a decided teacher goes along), making room
       at a full destination by a regular move out of it */
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].dec == 2 && m->g[i].n_cand > 0) {
            int d = m->g[i].cand[0];
            if (st.in[d] - st.out[d] >= m->room[d])
                make_room(m, &st, d, m->g[i].school);
            apply_move(m, &st, &m->g[i], 0);
        }
    /* receive_key decisions: the cheapest qualifying move into each school still without one
       (a key teacher more never breaks the key share) */
    for (size_t q = 0; q < m->c->n_decisions; q++) {
        const rotas_decision *dc = &m->c->decisions[q];
        if (dc->kind != ROTAS_DECISION_RECEIVE_KEY || rk_count(m, dc) > 0)
            continue;
        int bi = -1, bk = -1;
        double best = 0.0;
        for (int i = 0; i < m->ng; i++) {
            grp *g = &m->g[i];
            int k = rotas__plan_rk_qualifies(m, g, dc) && !g->dec && !rotas__plan_is_leader(g->role)
                        ? rotas__plan_cand_index(g, dc->school)
                        : -1;
            if (k < 0 || !can_move(m, &st, g, dc->school) || must_left(m, &st, g->school) > 0)
                continue;
            double v = move_delta(m, &st, g, dc->school, 1);
            if (bi < 0 || v < best) {
                bi = i;
                bk = k;
                best = v;
            }
        }
        if (bi < 0) {
            /* the school is full: a qualifying move in after a regular move out of it */
            for (int i = 0; i < m->ng; i++) {
                grp *g = &m->g[i];
                int k =
                    rotas__plan_rk_qualifies(m, g, dc) && !g->dec && !rotas__plan_is_leader(g->role)
                        ? rotas__plan_cand_index(g, dc->school)
                        : -1;
                /* the relaxed stage: also from a school whose out slots its must leaders
                   need (max_out_share gives) */
                if (k < 0 || st.left[i] <= 0 ||
                    (must_left(m, &st, g->school) > 0 && !m->greedy_force))
                    continue;
                double v = move_delta(m, &st, g, dc->school, 1);
                if (bi < 0 || v < best) {
                    bi = i;
                    bk = k;
                    best = v;
                }
            }
            int fi = bi, fk = bk;
            if (bi >= 0 && !make_room(m, &st, dc->school, m->g[bi].school))
                bi = -1;
            /* every school full: a swap, the key teacher in and a regular teacher of the
               school out to the key teacher's school */
            if (bi < 0 && swap_in(m, &st, dc))
                continue;
            /* the relaxed stage: the move all the same (staff_quota gives) */
            if (bi < 0 && m->greedy_force) {
                bi = fi;
                bk = fk;
                m->greedy_forced |= bi >= 0;
            }
            /* its school's out slots are all its must leaders': one of them stays
               (leader_tenure gives, which weighs less than max_out_share) */
            if (bi >= 0 && m->greedy_force && must_left(m, &st, m->g[bi].school) > 0) {
                excuse_leader(m, m->g[bi].school);
                m->greedy_forced = 1;
            }
        }
        if (bi >= 0)
            apply_move(m, &st, &m->g[bi], bk);
    }
    for (int role = ROTAS_ROLE_PRINCIPAL; role <= ROTAS_ROLE_VICE_PRINCIPAL; role++) {
        int r = leader_ring(m, &st, role);
        if (r != 0) {
            ok = r < 0 ? -1 : 0;
            goto done;
        }
    }
    /* a school losing more than it may: no plan under the rules; the relaxed stage goes on
       (max_out_share gives) and makes the moves the other rules ask for */
    for (int s = 0; s < m->ns; s++)
        if (st.out[s] > m->outcap[s]) {
            if (!m->greedy_force)
                goto done;
            m->greedy_forced = 1;
        }
regular:
    dispatch_fill(m, &st);
    /* regular teachers: the best single moves while rules call for moves or moves pay */
    if (regular_moves(m, &st, deadline)) {
        ok = -1;
        goto done;
    }
    if (st.ME >= m->quota_min && key_ok(m, st.M, st.K))
        improve(m, &st, deadline, st.bs, st.boff);
    ok = !m->conflict && !m->greedy_forced && st.ME >= m->quota_min && key_ok(m, st.M, st.K) &&
         rotas__plan_dispatch_met(m) && rk_met(m);
done:
    rotas__pflow_free(st.pf);
    free(st.bs);
    free(st.boff);
    free(st.Kc);
    free(st.in);
    free(st.out);
    free(st.left);
    free(st.S);
    return ok;
}
