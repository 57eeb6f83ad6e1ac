/*
 * poolflow.c - the exact weighted shortage of each pool, for the greedy start's move deltas.
 *
 * With the moves fixed, teaching periods flow from the teachers (grouped by school and subject
 * set, their capacities summed) to demand nodes: (school, subject) for a non-shortage subject,
 * (pool, subject) for a shortage subject (itinerant teaching in the cluster, or the school
 * alone without one). Nothing flows between pools, so the model's unfilled cost is a sum over
 * pools, and a move changes at most two of them.
 *
 * A pool's cost is the minimum of sum w_unfilled x fac(s) x unfilled(s, j): a maximum flow in
 * which the demand of higher-weighted schools is served first. The demand that can be served
 * together is a polymatroid, so the greedy by weight is optimal: sink arcs are opened one
 * weight class at a time, heaviest first, and Dinic's algorithm augments after each (an
 * augmenting path ends at the sink and never takes flow off an arc into it, so what a heavier
 * class got is kept). The total served is then a maximum flow too: the unweighted shortage is
 * the one rotas_shortage_compute finds (test_poolflow checks it).
 *
 * Deltas are cached per pool state: an entry is valid while its pool's version is unchanged,
 * so the greedy's full scans recompute only what the last move touched. A delta, and a move
 * carried out, start from the pool's optimal flow now (the leaving teacher's periods taken off,
 * the arriving teacher's added, then augmented class by class): augmenting paths from any
 * feasible flow reach the same class-by-class optimum as from none, at a fraction of the cost.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan_int.h"
#include "poolflow_int.h"

typedef struct pf_sup {
    int school, set;
    double cap;
} pf_sup;

typedef struct pf_pool {
    int *sch; /* its schools */
    int nsch;
    int *node_s, *node_j; /* demand nodes: school (-1 for the pool's own shortage node), subject */
    int nnode;
    int *pc_node; /* demand pieces, heaviest first: node, weight, periods */
    double *pc_w, *pc_d;
    int npc;
    pf_sup *sup;
    int nsup, capsup;
    /* the flow network, built for nsup suppliers (rebuilt when one is added) */
    int built, nv, ne;
    int *head, *nxt, *to, *level, *it, *qu;
    double *cap0, *res;
    double *cur;  /* the residual capacities of the pool's optimal flow now (cost_ver) */
    int src_e0;   /* edges src -> supplier k: src_e0 + 2k */
    int sink_e0;  /* edges node -> sink of piece q: sink_e0 + 2q */
    int steal_e0; /* edges src -> node of piece q: steal_e0 + 2q (see augment_by_class) */
    unsigned ver;
    unsigned cost_ver; /* version cost was computed for, 0 none */
    double cost, unfilled;
} pf_pool;

typedef struct pf_entry {
    int a, d, set, cap;
    unsigned ver, pool; /* the pool's version when computed, and the pool */
    double val;
} pf_entry;

struct pflow {
    const model *m;
    int npool;
    int *pool_of; /* per school */
    int *node_sj; /* per (school, subject): node index in its pool, -1 none */
    int *node_pj; /* per (pool, subject): the pooled shortage node, -1 none */
    pf_pool *pool;
    pf_entry *cache;
    size_t mask;
    int oom;
};

static int grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return 0;
    int nc = *cap ? *cap : 16;
    while (nc < need)
        nc *= 2;
    void *a = realloc(*p, (size_t)nc * size);
    if (!a)
        return -1;
    *p = a;
    *cap = nc;
    return 0;
}

static int cmp_w_desc(const void *pa, const void *pb, const pf_pool *P)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    if (P->pc_w[a] != P->pc_w[b])
        return P->pc_w[a] > P->pc_w[b] ? -1 : 1;
    return (a > b) - (a < b);
}

static _Thread_local const pf_pool *g_sort_pool;
static int cmp_piece(const void *pa, const void *pb)
{
    return cmp_w_desc(pa, pb, g_sort_pool);
}

/* Supplier (school, set) of pool p; created with capacity 0 when missing (add). -1: none / oom. */
static int find_sup(pflow *f, int p, int school, int set, int add)
{
    pf_pool *P = &f->pool[p];
    for (int k = 0; k < P->nsup; k++)
        if (P->sup[k].school == school && P->sup[k].set == set)
            return k;
    if (!add)
        return -1;
    if (grow((void **)&P->sup, &P->capsup, P->nsup + 1, sizeof *P->sup)) {
        f->oom = 1;
        return -1;
    }
    P->sup[P->nsup] = (pf_sup){school, set, 0.0};
    P->built = 0;
    return P->nsup++;
}

/* An arc u -> v of capacity c and its reverse (build() sized the arrays). */
static void add_edge(pf_pool *P, int u, int v, double c)
{
    int e = P->ne;
    P->to[e] = v;
    P->cap0[e] = c;
    P->nxt[e] = P->head[u];
    P->head[u] = e;
    P->to[e + 1] = u;
    P->cap0[e + 1] = 0.0;
    P->nxt[e + 1] = P->head[v];
    P->head[v] = e + 1;
    P->ne += 2;
}

/* vertices: 0 source, 1 sink, 2 + k supplier k, 2 + nsup + n node n */
static int build(pflow *f, int p)
{
    const model *m = f->m;
    pf_pool *P = &f->pool[p];
    P->nv = 2 + P->nsup + P->nnode;
    free(P->head);
    free(P->level);
    free(P->it);
    free(P->qu);
    /* arcs (each with its reverse): source -> supplier, node -> sink and source -> node per
       piece, supplier -> node per subject of its set */
    int me = 2 * (P->nsup + 2 * P->npc) + 2; /* + 2: never a zero-size allocation */
    for (int k = 0; k < P->nsup; k++)
        me += 2 * (m->set_off[P->sup[k].set + 1] - m->set_off[P->sup[k].set]);
    free(P->nxt);
    free(P->to);
    free(P->cap0);
    free(P->res);
    free(P->cur);
    P->head = malloc((size_t)P->nv * sizeof *P->head);
    P->level = malloc((size_t)P->nv * sizeof *P->level);
    P->it = malloc((size_t)P->nv * sizeof *P->it);
    P->qu = malloc((size_t)P->nv * sizeof *P->qu);
    P->nxt = malloc((size_t)me * sizeof *P->nxt);
    P->to = malloc((size_t)me * sizeof *P->to);
    P->cap0 = malloc((size_t)me * sizeof *P->cap0);
    P->res = malloc((size_t)me * sizeof *P->res);
    P->cur = malloc((size_t)me * sizeof *P->cur);
    if (!P->head || !P->level || !P->it || !P->qu || !P->nxt || !P->to || !P->cap0 || !P->res ||
        !P->cur)
        return -1;
    for (int v = 0; v < P->nv; v++)
        P->head[v] = -1;
    P->ne = 0;
    P->src_e0 = 0;
    for (int k = 0; k < P->nsup; k++)
        add_edge(P, 0, 2 + k, 0.0);
    P->sink_e0 = P->ne;
    for (int q = 0; q < P->npc; q++)
        add_edge(P, 2 + P->nsup + P->pc_node[q], 1, 0.0);
    P->steal_e0 = P->ne;
    for (int q = 0; q < P->npc; q++)
        add_edge(P, 0, 2 + P->nsup + P->pc_node[q], 0.0);
    for (int k = 0; k < P->nsup; k++) {
        int set = P->sup[k].set, s = P->sup[k].school;
        for (int z = m->set_off[set]; z < m->set_off[set + 1]; z++) {
            int j = m->set_sub[z];
            int n = m->c->subjects[j].shortage ? f->node_pj[(size_t)p * (size_t)m->nj + (size_t)j]
                                               : f->node_sj[(size_t)s * (size_t)m->nj + (size_t)j];
            if (n >= 0)
                add_edge(P, 2 + k, 2 + P->nsup + n, INFINITY);
        }
    }
    P->built = 1;
    P->cost_ver = 0; /* the edges are new: the flow now is computed again */
    return 0;
}

static int bfs(pf_pool *P)
{
    for (int v = 0; v < P->nv; v++)
        P->level[v] = -1;
    int qh = 0, qt = 0;
    P->level[0] = 0;
    P->qu[qt++] = 0;
    while (qh < qt) {
        int u = P->qu[qh++];
        if (P->level[1] >= 0 && P->level[u] >= P->level[1])
            break; /* no shortest path to the sink goes on from here */
        for (int e = P->head[u]; e >= 0; e = P->nxt[e])
            if (P->res[e] > 1e-9 && P->level[P->to[e]] < 0) {
                P->level[P->to[e]] = P->level[u] + 1;
                P->qu[qt++] = P->to[e];
            }
    }
    return P->level[1] >= 0;
}

static double dfs(pf_pool *P, int u, double lim)
{
    if (u == 1)
        return lim;
    for (; P->it[u] >= 0; P->it[u] = P->nxt[P->it[u]]) {
        int e = P->it[u], v = P->to[e];
        if (P->res[e] <= 1e-9 || P->level[v] != P->level[u] + 1)
            continue;
        double got = dfs(P, v, fmin(lim, P->res[e]));
        if (got > 0) {
            P->res[e] -= got;
            P->res[e ^ 1] += got;
            return got;
        }
    }
    return 0.0;
}

static void maxflow(pf_pool *P)
{
    while (bfs(P)) {
        memcpy(P->it, P->head, (size_t)P->nv * sizeof *P->it);
        double got;
        while ((got = dfs(P, 0, INFINITY)) > 0)
            ;
    }
}

/* Augment from the flow in P->res, class by class. */
static void augment_by_class(pf_pool *P, int steal)
{
    for (int q0 = 0; q0 < P->npc;) {
        int q1 = q0;
        double unmet = 0.0;
        while (q1 < P->npc && P->pc_w[q1] == P->pc_w[q0])
            unmet += P->res[P->sink_e0 + 2 * q1++];
        if (unmet <= 1e-9) {
            q0 = q1;
            continue; /* the class is served in full */
        }
        /* the lighter classes' sink arcs are closed meanwhile (their residual waits in cap0
           of the reverse arc, 0 otherwise), and what they are served may go to this class:
           a steal arc from the source to the node carries up to the piece's flow, and what
           passes there is then taken off the piece's sink arc (the same periods, now ending
           at a heavier piece) */
        for (int q = q1; q < P->npc; q++) {
            int e = P->sink_e0 + 2 * q, es = P->steal_e0 + 2 * q;
            P->cap0[e + 1] = P->res[e];
            P->res[e] = 0.0;
            P->res[es] = steal ? P->res[e + 1] : 0.0; /* the piece's flow */
            P->res[es + 1] = 0.0;
        }
        maxflow(P);
        for (int q = q1; q < P->npc; q++) {
            int e = P->sink_e0 + 2 * q, es = P->steal_e0 + 2 * q;
            double used = P->res[es + 1];
            P->res[e] = P->cap0[e + 1] + used;
            P->res[e + 1] -= used;
            P->cap0[e + 1] = 0.0;
            P->res[es] = 0.0;
            P->res[es + 1] = 0.0;
        }
        q0 = q1;
    }
}

/* The unfilled cost of the flow in P->res (and its unweighted unfilled periods). */
static double res_cost(const pf_pool *P, double *unfilled)
{
    double cost = 0.0, un = 0.0;
    for (int q = 0; q < P->npc; q++) {
        double left = P->res[P->sink_e0 + 2 * q];
        if (left < 1e-9)
            left = 0.0;
        cost += P->pc_w[q] * left;
        un += left;
    }
    if (unfilled)
        *unfilled = un;
    return cost;
}

/* The pool's cost (and unweighted unfilled periods) from scratch. NAN when out of memory. */
static double pool_cost(pflow *f, int p, double *unfilled)
{
    pf_pool *P = &f->pool[p];
    if (!P->built && build(f, p)) {
        f->oom = 1;
        return NAN;
    }
    if (P->ne > 0)
        memcpy(P->res, P->cap0, (size_t)P->ne * sizeof *P->res);
    for (int k = 0; k < P->nsup; k++)
        P->res[P->src_e0 + 2 * k] = P->sup[k].cap > 0 ? P->sup[k].cap : 0.0;
    for (int q = 0; q < P->npc; q++)
        P->res[P->sink_e0 + 2 * q] = P->pc_d[q];
    augment_by_class(P, 1);
    return res_cost(P, unfilled);
}

static double current(pflow *f, int p)
{
    pf_pool *P = &f->pool[p];
    if (P->cost_ver != P->ver || !P->built) {
        P->cost = pool_cost(f, p, &P->unfilled);
        if (isnan(P->cost))
            return NAN;
        if (P->ne > 0)
            memcpy(P->cur, P->res, (size_t)P->ne * sizeof *P->cur);
        P->cost_ver = P->ver;
    }
    return P->cost;
}

/* The pool's cost with supplier k given cap more periods, from its optimal flow now: the new
   periods are augmented class by class, heaviest first, with the lighter classes' sink arcs
   closed meanwhile (a path may move another teacher's periods to a heavier node, never take
   periods off a node's sink arc). */
static double gain_cost(pflow *f, int p, int k, double cap)
{
    pf_pool *P = &f->pool[p];
    if (isnan(current(f, p)))
        return NAN;
    if (P->cost <= 0.0)
        return P->cost; /* nothing unfilled: more periods change nothing */
    memcpy(P->res, P->cur, (size_t)P->ne * sizeof *P->res);
    /* the flow now is optimal, so every augmenting path starts with the new periods: the
       other teachers' free periods are left out of the search */
    for (int q = 0; q < P->nsup; q++)
        P->res[P->src_e0 + 2 * q] = 0.0;
    P->res[P->src_e0 + 2 * k] = cap;
    augment_by_class(P, 0);
    return res_cost(P, NULL);
}

/* Supplier k teaches cap periods less, on P->res (a copy of the optimal flow now): its free
   periods go first; what it can no longer teach is taken off the lightest demand it serves
   (every flow path is source, supplier, node, sink: k's periods at a node are the flow on its
   arc there, and a node's periods leave by its pieces' sink arcs). The flow left is feasible,
   and augment_by_class makes it optimal again. */
static void take_off(pf_pool *P, int k, double cap)
{
    int es = P->src_e0 + 2 * k;
    double x = cap - P->res[es]; /* periods k teaches now beyond what it keeps */
    if (x <= 1e-9) {
        P->res[es] -= cap; /* its free periods are enough: the flow stands */
        if (P->res[es] < 0.0)
            P->res[es] = 0.0;
        return;
    }
    P->res[es] = 0.0;
    P->res[es ^ 1] -= x;
    while (x > 1e-9) {
        /* the arc of k with flow whose node's lightest served piece is the lightest */
        int be = -1, bq = -1;
        double bw = INFINITY;
        for (int e = P->head[2 + k]; e >= 0; e = P->nxt[e]) {
            if ((e & 1) || P->res[e ^ 1] <= 1e-9)
                continue; /* a reverse arc, or no flow */
            int v = P->to[e];
            for (int e2 = P->head[v]; e2 >= 0; e2 = P->nxt[e2]) {
                if ((e2 & 1) || P->to[e2] != 1 || P->res[e2 ^ 1] <= 1e-9)
                    continue;
                int q = (e2 - P->sink_e0) / 2;
                if (P->pc_w[q] < bw || (P->pc_w[q] == bw && e2 > P->sink_e0 + 2 * bq)) {
                    bw = P->pc_w[q];
                    be = e;
                    bq = q;
                }
            }
        }
        if (be < 0)
            break; /* cannot happen: k's flow reaches the sink */
        int e2 = P->sink_e0 + 2 * bq;
        double y = fmin(x, fmin(P->res[be ^ 1], P->res[e2 ^ 1]));
        P->res[be ^ 1] -= y;
        P->res[be] += y;
        P->res[e2 ^ 1] -= y;
        P->res[e2] += y;
        x -= y;
    }
}

/* The pool's cost with supplier k1 given cap periods less and, unless k2 < 0, supplier k2 given
   cap more, from its optimal flow now: k1's periods are taken off, k2's added to its source
   arc, and every teacher's free periods augmented class by class, heaviest first. */
static double loss_cost(pflow *f, int p, int k1, int k2, double cap)
{
    pf_pool *P = &f->pool[p];
    double base = current(f, p);
    if (isnan(base))
        return NAN;
    int es = P->src_e0 + 2 * k1;
    if (k2 < 0 && cap <= P->cur[es] + 1e-9)
        return base; /* k1's free periods were enough: the flow stands */
    memcpy(P->res, P->cur, (size_t)P->ne * sizeof *P->res);
    take_off(P, k1, cap);
    if (k2 >= 0)
        P->res[P->src_e0 + 2 * k2] += cap;
    augment_by_class(P, 1);
    return res_cost(P, NULL);
}

static void pool_free(pf_pool *P)
{
    free(P->sch);
    free(P->node_s);
    free(P->node_j);
    free(P->pc_node);
    free(P->pc_w);
    free(P->pc_d);
    free(P->sup);
    free(P->head);
    free(P->nxt);
    free(P->to);
    free(P->level);
    free(P->it);
    free(P->qu);
    free(P->cap0);
    free(P->res);
    free(P->cur);
}

void rotas__pflow_free(pflow *f)
{
    if (!f)
        return;
    for (int p = 0; p < f->npool; p++)
        pool_free(&f->pool[p]);
    free(f->pool);
    free(f->pool_of);
    free(f->node_sj);
    free(f->node_pj);
    free(f->cache);
    free(f);
}

pflow *rotas__pflow_new(const model *m, size_t cache_slots)
{
    const rotas_county *c = m->c;
    int ns = m->ns, nj = m->nj;
    pflow *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->m = m;
    f->npool = m->nc + ns;
    if (!NEW(f->pool, f->npool) || !NEW(f->pool_of, ns) ||
        !NEW(f->node_sj, (size_t)ns * (size_t)nj) ||
        !NEW(f->node_pj, (size_t)f->npool * (size_t)nj))
        goto oom;
    size_t slots = 1024;
    while (slots < cache_slots && slots < ((size_t)1 << 20))
        slots *= 2;
    if (!NEW(f->cache, slots))
        goto oom;
    f->mask = slots - 1;
    for (size_t k = 0; k < (size_t)ns * (size_t)nj; k++)
        f->node_sj[k] = -1;
    for (size_t k = 0; k < (size_t)f->npool * (size_t)nj; k++)
        f->node_pj[k] = -1;
    int *cnt = NULL;
    if (!NEW(cnt, f->npool))
        goto oom;
    for (int s = 0; s < ns; s++) {
        int cl = c->schools[s].cluster;
        f->pool_of[s] = cl >= 0 ? cl : m->nc + s;
        cnt[f->pool_of[s]]++;
    }
    for (int p = 0; p < f->npool; p++) {
        pf_pool *P = &f->pool[p];
        /* nodes: at most nj per school and nj pooled; pieces: nj per school */
        if (!NEW(P->sch, cnt[p]) || !NEW(P->node_s, (cnt[p] + 1) * nj) ||
            !NEW(P->node_j, (cnt[p] + 1) * nj) || !NEW(P->pc_node, cnt[p] * nj) ||
            !NEW(P->pc_w, cnt[p] * nj) || !NEW(P->pc_d, cnt[p] * nj)) {
            free(cnt);
            goto oom;
        }
        P->ver = 1;
    }
    free(cnt);
    for (int s = 0; s < ns; s++) {
        pf_pool *P = &f->pool[f->pool_of[s]];
        P->sch[P->nsch++] = s;
    }
    for (int p = 0; p < f->npool; p++) {
        pf_pool *P = &f->pool[p];
        for (int z = 0; z < P->nsch; z++) {
            int s = P->sch[z];
            for (int j = 0; j < nj; j++) {
                double d = m->demand_sj[(size_t)s * (size_t)nj + (size_t)j];
                if (d <= 0)
                    continue;
                int *slot = c->subjects[j].shortage
                                ? &f->node_pj[(size_t)p * (size_t)nj + (size_t)j]
                                : &f->node_sj[(size_t)s * (size_t)nj + (size_t)j];
                if (*slot < 0) {
                    *slot = P->nnode;
                    P->node_s[P->nnode] = c->subjects[j].shortage ? -1 : s;
                    P->node_j[P->nnode] = j;
                    P->nnode++;
                }
                P->pc_node[P->npc] = *slot;
                P->pc_w[P->npc] = m->p->w_unfilled * m->fac[s];
                P->pc_d[P->npc] = d;
                P->npc++;
            }
        }
        /* heaviest first (an index sort, then the three arrays permuted) */
        int *ord = NULL, *tn = NULL;
        double *tw = NULL, *td = NULL;
        if (!NEW(ord, P->npc) || !NEW(tn, P->npc) || !NEW(tw, P->npc) || !NEW(td, P->npc)) {
            free(ord);
            free(tn);
            free(tw);
            free(td);
            goto oom;
        }
        for (int q = 0; q < P->npc; q++)
            ord[q] = q;
        g_sort_pool = P;
        qsort(ord, (size_t)P->npc, sizeof *ord, cmp_piece);
        for (int q = 0; q < P->npc; q++) {
            tn[q] = P->pc_node[ord[q]];
            tw[q] = P->pc_w[ord[q]];
            td[q] = P->pc_d[ord[q]];
        }
        memcpy(P->pc_node, tn, (size_t)P->npc * sizeof *tn);
        memcpy(P->pc_w, tw, (size_t)P->npc * sizeof *tw);
        memcpy(P->pc_d, td, (size_t)P->npc * sizeof *td);
        free(ord);
        free(tn);
        free(tw);
        free(td);
    }
    /* every teacher where it is now, frozen and ineligible ones too */
    for (size_t i = 0; i < c->n_teachers; i++) {
        int set = m->tset[i], s = c->teachers[i].school;
        if (set < 0 || s < 0)
            continue;
        int k = find_sup(f, f->pool_of[s], s, set, 1);
        if (k < 0)
            goto oom;
        f->pool[f->pool_of[s]].sup[k].cap += m->tcap[i];
    }
    return f;
oom:
    rotas__pflow_free(f);
    return NULL;
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* Cost change of pool p when supplier (a, set) loses cap and (d, set) gains it; a or d may be
   -1 (a teacher only leaves or only arrives) or outside p. Cached per pool version. */
static double pool_delta(pflow *f, int p, int a, int d, int set, int cap)
{
    pf_pool *P = &f->pool[p];
    uint64_t h = mix(((uint64_t)(uint32_t)(a + 1) << 40) ^ ((uint64_t)(uint32_t)(d + 1) << 20) ^
                     (uint64_t)(uint32_t)set ^ ((uint64_t)(uint32_t)cap << 52) ^
                     ((uint64_t)(uint32_t)p << 28));
    pf_entry *e = &f->cache[h & f->mask];
    if (e->a == a && e->d == d && e->set == set && e->cap == cap && e->ver == P->ver &&
        e->pool == (unsigned)p)
        return e->val;
    if (isnan(current(f, p)))
        return NAN;
    int k1 = a >= 0 ? find_sup(f, p, a, set, 0) : -1;
    int k2 = d >= 0 ? find_sup(f, p, d, set, 1) : -1;
    if (d >= 0 && k2 < 0)
        return NAN;
    if (!P->built && build(f, p)) {
        f->oom = 1;
        return NAN;
    }
    double base = current(f, p); /* again: a new supplier rebuilt the network */
    if (isnan(base))
        return NAN;
    double v = 0.0;
    if (k1 >= 0 && k2 < 0)
        v = loss_cost(f, p, k1, -1, (double)cap) - base;
    else if (k1 >= 0)
        v = loss_cost(f, p, k1, k2, (double)cap) - base;
    else if (k2 >= 0)
        v = gain_cost(f, p, k2, (double)cap) - base;
    *e = (pf_entry){a, d, set, cap, P->ver, (unsigned)p, v};
    return v;
}

double rotas__pflow_delta(pflow *f, int set, int cap, int from, int to)
{
    if (set < 0 || from == to)
        return 0.0;
    int pa = f->pool_of[from], pd = f->pool_of[to];
    if (pa == pd)
        return pool_delta(f, pa, from, to, set, cap);
    return pool_delta(f, pa, from, -1, set, cap) + pool_delta(f, pd, -1, to, set, cap);
}

/* A new version of pool p after supplier k1 lost cap periods and k2 gained them (-1: none).
   Its optimal flow, when known, is carried over as loss_cost computes it (the greedy makes
   thousands of moves, and a pool's flow from scratch costs as much as a hundred deltas). */
static void settle(pflow *f, int p, int k1, int k2, int cap)
{
    pf_pool *P = &f->pool[p];
    int known = P->built && P->cost_ver == P->ver;
    P->ver++;
    if (!known)
        return; /* current() computes it from scratch when asked */
    if (P->ne > 0)
        memcpy(P->res, P->cur, (size_t)P->ne * sizeof *P->res);
    if (k1 >= 0)
        take_off(P, k1, (double)cap);
    if (k2 >= 0)
        P->res[P->src_e0 + 2 * k2] += (double)cap;
    augment_by_class(P, 1);
    P->cost = res_cost(P, &P->unfilled);
    if (P->ne > 0)
        memcpy(P->cur, P->res, (size_t)P->ne * sizeof *P->cur);
    P->cost_ver = P->ver;
}

int rotas__pflow_move(pflow *f, int set, int cap, int from, int to)
{
    if (set < 0 || from == to)
        return 0;
    int pa = f->pool_of[from], pd = f->pool_of[to];
    int ka = find_sup(f, pa, from, set, 1), kd = find_sup(f, pd, to, set, 1);
    if (ka < 0 || kd < 0)
        return -1;
    f->pool[pa].sup[ka].cap -= cap;
    f->pool[pd].sup[kd].cap += cap;
    if (pa == pd) {
        settle(f, pa, ka, kd, cap);
    } else {
        settle(f, pa, ka, -1, cap);
        settle(f, pd, -1, kd, cap);
    }
    return 0;
}

double rotas__pflow_total(pflow *f, double *unfilled)
{
    double cost = 0.0, un = 0.0;
    for (int p = 0; p < f->npool; p++) {
        cost += current(f, p);
        un += f->pool[p].unfilled;
    }
    if (unfilled)
        *unfilled = un;
    return cost;
}

int rotas__pflow_failed(const pflow *f)
{
    return f->oom;
}

unsigned rotas__pflow_version(const pflow *f, int school)
{
    return f->pool[f->pool_of[school]].ver;
}
