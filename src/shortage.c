/*
 * shortage.c - the true shortage of teaching periods (rotas/shortage.h): a maximum flow of
 * teachers' capacity to the classes' demand.
 *
 * One network per pool (a cluster, or a school in no cluster; pools share nothing), integer
 * capacities:
 *
 *   source -> group g               sum of cap(t) over the teachers of g
 *   group g -> demand (a, j)        non-shortage subject j of g's teachers, their school a;
 *                                   shortage j at a school in no cluster
 *   group g -> pool (k, j)          shortage subject j, the teachers' school a in cluster k
 *   pool (k, j) -> demand (s, j)    every school s of cluster k with D(s, j) > 0
 *   demand (s, j) -> sink           D(s, j)
 *
 * A group is the set of teachers that reach exactly the same demand and pool nodes (they are
 * interchangeable, so one node for all of them is exact); nodes exist only where demand is
 * positive. Arcs out of a group carry at most the group's capacity, so they get that.
 *
 * Fair split: the arcs into the sink start closed and are opened one factor level at a time,
 * highest first, each time running Dinic to a maximum flow. An augmenting path never lowers
 * the flow on an arc into the sink, so each level keeps what the levels above it got, and
 * gets the most it can given that; after the last level the flow is a maximum flow of the
 * whole network. The unfilled periods of (s, j) are then the residual capacity of its arc
 * into the sink.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/shortage.h"

void rotas_shortage_demand(double *demand, const rotas_county *c)
{
    size_t nsub = c->n_subjects;
    if (!c->n_schools || !nsub)
        return;
    memset(demand, 0, c->n_schools * nsub * sizeof *demand);
    for (size_t k = 0; k < c->n_classes; k++) {
        const rotas_class *cl = &c->classes[k];
        if (cl->school < 0 || (size_t)cl->school >= c->n_schools)
            continue;
        for (size_t j = 0; j < nsub; j++)
            demand[(size_t)cl->school * nsub + j] += rotas_class_periods(c, cl, (int)j);
    }
}

/* ------------------------------------------------------------------ Dinic */

typedef struct net {
    int n;    /* nodes; 0 is the source, 1 the sink */
    size_t m; /* edges added */
    size_t m_cap;
    int *efrom, *eto;
    long long *ecap;
    /* the residual graph, compressed: arcs of node u are head[u] .. head[u + 1] - 1 */
    size_t *head;
    int *to;
    long long *cap;
    size_t *rev;
    size_t *fwd; /* arc of each edge's forward direction */
    int *level;
    size_t *it;
    int *queue;
    size_t *path;
    int *nodes;
    size_t arc_cap, node_cap; /* allocated lengths, kept between pools */
} net;

enum { SOURCE = 0, SINK = 1 };

static void net_free(net *g)
{
    free(g->efrom);
    free(g->eto);
    free(g->ecap);
    free(g->head);
    free(g->to);
    free(g->cap);
    free(g->rev);
    free(g->fwd);
    free(g->level);
    free(g->it);
    free(g->queue);
    free(g->path);
    free(g->nodes);
}

static int edge_add(net *g, int from, int to, long long cap)
{
    if (g->m == g->m_cap) {
        size_t nc = g->m_cap ? 2 * g->m_cap : 1024;
        int *f = realloc(g->efrom, nc * sizeof *f);
        if (!f)
            return -1;
        g->efrom = f;
        int *t = realloc(g->eto, nc * sizeof *t);
        if (!t)
            return -1;
        g->eto = t;
        long long *c = realloc(g->ecap, nc * sizeof *c);
        if (!c)
            return -1;
        g->ecap = c;
        g->m_cap = nc;
    }
    g->efrom[g->m] = from;
    g->eto[g->m] = to;
    g->ecap[g->m] = cap;
    g->m++;
    return 0;
}

static size_t grown(size_t have, size_t need)
{
    size_t n = have ? have : 64;
    while (n < need)
        n *= 2;
    return n;
}

#define GROW(ptr, n)                                                                               \
    do {                                                                                           \
        void *q_ = realloc((ptr), (n) * sizeof *(ptr));                                            \
        if (!q_)                                                                                   \
            return -1;                                                                             \
        (ptr) = q_;                                                                                \
    } while (0)

/* Lay the edges out as arcs; each node keeps its arcs in the order the edges were added.
   The arrays are kept from one pool to the next and grow as needed. */
static int net_build(net *g)
{
    size_t n = (size_t)g->n, a = 2 * g->m;
    if (a > g->arc_cap) {
        size_t nc = grown(g->arc_cap, a);
        GROW(g->to, nc);
        GROW(g->cap, nc);
        GROW(g->rev, nc);
        GROW(g->fwd, nc); /* m <= a */
        g->arc_cap = nc;
    }
    if (n + 1 > g->node_cap) {
        size_t nc = grown(g->node_cap, n + 1);
        GROW(g->head, nc);
        GROW(g->it, nc);
        GROW(g->path, nc);
        GROW(g->level, nc);
        GROW(g->queue, nc);
        GROW(g->nodes, nc);
        g->node_cap = nc;
    }
    memset(g->head, 0, (n + 1) * sizeof *g->head);
    for (size_t e = 0; e < g->m; e++) {
        g->head[g->efrom[e] + 1]++;
        g->head[g->eto[e] + 1]++;
    }
    for (size_t u = 0; u < n; u++)
        g->head[u + 1] += g->head[u];
    memcpy(g->it, g->head, n * sizeof *g->it);
    for (size_t e = 0; e < g->m; e++) {
        size_t f = g->it[g->efrom[e]]++, b = g->it[g->eto[e]]++;
        g->to[f] = g->eto[e];
        g->cap[f] = g->ecap[e];
        g->rev[f] = b;
        g->to[b] = g->efrom[e];
        g->cap[b] = 0;
        g->rev[b] = f;
        g->fwd[e] = f;
    }
    return 0;
}

static int bfs(net *g)
{
    for (int u = 0; u < g->n; u++)
        g->level[u] = -1;
    size_t qh = 0, qt = 0;
    g->level[SOURCE] = 0;
    g->queue[qt++] = SOURCE;
    while (qh < qt) {
        int u = g->queue[qh++];
        for (size_t a = g->head[u]; a < g->head[u + 1]; a++)
            if (g->cap[a] > 0 && g->level[g->to[a]] < 0) {
                g->level[g->to[a]] = g->level[u] + 1;
                g->queue[qt++] = g->to[a];
            }
    }
    return g->level[SINK] >= 0;
}

/* Blocking flow on the level graph, one augmenting path at a time (iterative: the level
   graph may be deep where flow is pushed back through other groups). */
static void blocking_flow(net *g)
{
    memcpy(g->it, g->head, (size_t)g->n * sizeof *g->it);
    size_t top = 0;
    int u = SOURCE;
    g->nodes[0] = SOURCE;
    for (;;) {
        if (u == SINK) {
            long long b = g->cap[g->path[0]];
            for (size_t i = 1; i < top; i++)
                if (g->cap[g->path[i]] < b)
                    b = g->cap[g->path[i]];
            size_t first = top;
            for (size_t i = 0; i < top; i++) {
                size_t a = g->path[i];
                g->cap[a] -= b;
                g->cap[g->rev[a]] += b;
                if (g->cap[a] == 0 && first == top)
                    first = i;
            }
            top = first;
            u = g->nodes[top];
            continue;
        }
        size_t end = g->head[u + 1];
        while (g->it[u] < end &&
               (g->cap[g->it[u]] <= 0 || g->level[g->to[g->it[u]]] != g->level[u] + 1))
            g->it[u]++;
        if (g->it[u] == end) {
            g->level[u] = -1; /* dead end in this phase */
            if (top == 0)
                return;
            top--;
            u = g->nodes[top];
            g->it[u]++;
            continue;
        }
        size_t a = g->it[u];
        g->path[top] = a;
        g->nodes[++top] = g->to[a];
        u = g->to[a];
    }
}

static void max_flow(net *g)
{
    while (bfs(g))
        blocking_flow(g);
}

/* ------------------------------------------------------------------ groups of teachers */

typedef struct groups {
    int *dest; /* destination nodes of all groups, each group's sorted and unique */
    size_t n_dest, dest_cap;
    size_t *off; /* group g: dest[off[g] .. off[g] + len[g]) */
    size_t *len;
    long long *cap;
    size_t n;
    size_t *table;     /* open addressing: group index + 1, 0 empty */
    size_t table_n;    /* allocated entries */
    size_t table_mask; /* entries in use, minus one (a power of two, per pool) */
} groups;

static void groups_free(groups *gr)
{
    free(gr->dest);
    free(gr->off);
    free(gr->len);
    free(gr->cap);
    free(gr->table);
}

static uint64_t hash_list(const int *v, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint64_t)(unsigned)v[i];
        h *= 1099511628211ull;
    }
    return h ^ (uint64_t)n;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Add capacity for the destination list v[0..n) (sorted, unique): to its group if one
   exists, else to a new group. -1 on out of memory. */
static int groups_add(groups *gr, const int *v, size_t n, long long cap)
{
    uint64_t h = hash_list(v, n);
    size_t mask = gr->table_mask, i = (size_t)h & mask;
    for (; gr->table[i]; i = (i + 1) & mask) {
        size_t g = gr->table[i] - 1;
        if (gr->len[g] == n && !memcmp(&gr->dest[gr->off[g]], v, n * sizeof *v)) {
            gr->cap[g] += cap;
            return 0;
        }
    }
    if (gr->n_dest + n > gr->dest_cap) {
        size_t nc = gr->dest_cap ? 2 * gr->dest_cap : 1024;
        while (nc < gr->n_dest + n)
            nc *= 2;
        int *d = realloc(gr->dest, nc * sizeof *d);
        if (!d)
            return -1;
        gr->dest = d;
        gr->dest_cap = nc;
    }
    size_t g = gr->n;
    memcpy(&gr->dest[gr->n_dest], v, n * sizeof *v);
    gr->off[g] = gr->n_dest;
    gr->len[g] = n;
    gr->cap[g] = cap;
    gr->n_dest += n;
    gr->n++;
    gr->table[i] = g + 1;
    return 0;
}

/* ------------------------------------------------------------------ the shortage */

typedef struct by_factor {
    double factor;
    size_t school;
} by_factor;

static int cmp_factor(const void *a, const void *b)
{
    const by_factor *x = a, *y = b;
    if (x->factor != y->factor)
        return x->factor < y->factor ? 1 : -1;
    return (x->school > y->school) - (x->school < y->school);
}

/* Teacher t's school (school_of, else the county's), -1 for none. */
static int school_at(const rotas_county *c, const int *school_of, size_t t)
{
    return school_of ? school_of[t] : c->teachers[t].school;
}

rotas_rc rotas_shortage_compute(double *unfilled, double *total, const rotas_county *c,
                                const rotas_policy *p, const int *school_of, rotas_error *err)
{
    size_t ns = c->n_schools, nsub = c->n_subjects, nk = c->n_clusters, nt = c->n_teachers;
    size_t nd = ns * nsub, npool = nk + ns;
    rotas_rc rc = ROTAS_OK;
    net g = {0};
    groups gr = {0};
    double *dem = NULL;
    int *dnode = NULL, *pnode = NULL, *list = NULL;
    size_t *sink_edge = NULL, *pstart = NULL, *tstart = NULL, *tlist = NULL;
    by_factor *order = NULL;
    double sum = 0;

    if (total)
        *total = 0;
    for (size_t t = 0; t < nt; t++) {
        int a = school_at(c, school_of, t);
        if (a >= 0 && (size_t)a >= ns)
            return rotas_error_set(err, ROTAS_EINPUT,
                                   _("shortage: teacher %s: school index %d, but the county has "
                                     "%zu schools"),
                                   c->teachers[t].id ? c->teachers[t].id : "?", a, ns);
    }
    if (!nd)
        return ROTAS_OK;
    dem = malloc(nd * sizeof *dem);
    dnode = malloc(nd * sizeof *dnode);
    sink_edge = malloc(nd * sizeof *sink_edge);
    pnode = malloc(nsub * sizeof *pnode);
    list = malloc(nsub * sizeof *list);
    order = malloc(ns * sizeof *order);
    pstart = calloc(npool + 1, sizeof *pstart);
    tstart = calloc(ns + 1, sizeof *tstart);
    tlist = malloc((nt ? nt : 1) * sizeof *tlist);
    gr.off = malloc((nt ? nt : 1) * sizeof *gr.off);
    gr.len = malloc((nt ? nt : 1) * sizeof *gr.len);
    gr.cap = malloc((nt ? nt : 1) * sizeof *gr.cap);
    if (!dem || !dnode || !sink_edge || !pnode || !list || !order || !pstart || !tstart || !tlist ||
        !gr.off || !gr.len || !gr.cap)
        goto nomem;
    rotas_shortage_demand(dem, c);
    if (unfilled)
        memset(unfilled, 0, nd * sizeof *unfilled);

    /* Pools: cluster k is pool k, a school s in no cluster pool nk + s. Schools by pool, and
       in each pool by factor, highest first (then by index). */
    for (size_t s = 0; s < ns; s++) {
        int k = c->schools[s].cluster;
        pstart[(k >= 0 && (size_t)k < nk ? (size_t)k : nk + s) + 1]++;
    }
    for (size_t i = 0; i < npool; i++)
        pstart[i + 1] += pstart[i];
    for (size_t s = 0; s < ns; s++) {
        const rotas_school *sc = &c->schools[s];
        int k = sc->cluster;
        size_t at = pstart[k >= 0 && (size_t)k < nk ? (size_t)k : nk + s]++;
        order[at].factor =
            1.0 + p->w_rural * (sc->area == ROTAS_AREA_RURAL) + p->w_hardship * sc->hardship;
        order[at].school = s;
    }
    for (size_t i = npool; i > 0; i--) /* the fill moved each start to the next pool's */
        pstart[i] = pstart[i - 1];
    pstart[0] = 0;
    /* Teachers by school, in index order. */
    size_t most = 0; /* most teachers in one pool */
    for (size_t t = 0; t < nt; t++) {
        int a = school_at(c, school_of, t);
        if (a >= 0)
            tstart[a + 1]++;
    }
    for (size_t s = 0; s < ns; s++)
        tstart[s + 1] += tstart[s];
    {
        size_t *fill = malloc((ns ? ns : 1) * sizeof *fill);
        if (!fill)
            goto nomem;
        memcpy(fill, tstart, ns * sizeof *fill);
        for (size_t t = 0; t < nt; t++) {
            int a = school_at(c, school_of, t);
            if (a >= 0)
                tlist[fill[a]++] = t;
        }
        free(fill);
    }
    for (size_t P = 0; P < npool; P++) {
        size_t n = 0;
        for (size_t x = pstart[P]; x < pstart[P + 1]; x++)
            n += tstart[order[x].school + 1] - tstart[order[x].school];
        if (n > most)
            most = n;
    }
    gr.table_n = 16;
    while (gr.table_n < 2 * most)
        gr.table_n *= 2;
    gr.table = malloc(gr.table_n * sizeof *gr.table);
    if (!gr.table)
        goto nomem;

    for (size_t P = 0; P < npool; P++) {
        size_t x0 = pstart[P], x1 = pstart[P + 1];
        if (x0 == x1)
            continue;
        qsort(&order[x0], x1 - x0, sizeof *order, cmp_factor);
        int k = P < nk ? (int)P : -1;

        /* Nodes: demand (s, j) with D > 0, pools (k, j) of shortage subjects, groups. */
        g.n = 2;
        g.m = 0;
        for (size_t x = x0; x < x1; x++)
            for (size_t j = 0; j < nsub; j++) {
                size_t i = order[x].school * nsub + j;
                dnode[i] = dem[i] > 0 ? g.n++ : -1;
            }
        if (g.n == 2)
            continue; /* no demand: nothing unfilled */
        for (size_t j = 0; j < nsub; j++) {
            pnode[j] = -1;
            if (k < 0 || !c->subjects[j].shortage)
                continue;
            for (size_t x = x0; x < x1 && pnode[j] < 0; x++)
                if (dnode[order[x].school * nsub + j] >= 0)
                    pnode[j] = g.n++;
        }

        /* Groups of teachers by the nodes they reach; teachers in index order. */
        size_t tn = 16, nteach = 0;
        for (size_t x = x0; x < x1; x++)
            nteach += tstart[order[x].school + 1] - tstart[order[x].school];
        while (tn < 2 * nteach)
            tn *= 2;
        memset(gr.table, 0, tn * sizeof *gr.table);
        gr.table_mask = tn - 1;
        gr.n = 0;
        gr.n_dest = 0;
        for (size_t x = x0; x < x1; x++) {
            size_t a = order[x].school;
            for (size_t q = tstart[a]; q < tstart[a + 1]; q++) {
                const rotas_teacher *te = &c->teachers[tlist[q]];
                long long cap = te->max_periods > 0 ? te->max_periods : p->default_max_periods;
                if (cap <= 0)
                    continue;
                size_t n = 0;
                for (size_t i = 0; i < te->n_subjects; i++) {
                    int j = te->subjects[i];
                    if (j < 0 || (size_t)j >= nsub)
                        continue;
                    int d =
                        c->subjects[j].shortage && k >= 0 ? pnode[j] : dnode[a * nsub + (size_t)j];
                    if (d >= 0)
                        list[n++] = d;
                }
                if (n > 1) {
                    qsort(list, n, sizeof *list, cmp_int);
                    size_t w = 1;
                    for (size_t i = 1; i < n; i++)
                        if (list[i] != list[w - 1])
                            list[w++] = list[i];
                    n = w;
                }
                if (n && groups_add(&gr, list, n, cap) != 0)
                    goto nomem;
            }
        }
        int first_group = g.n;
        g.n += (int)gr.n;

        /* Arcs: groups, then pool to school in factor order, then the (closed) sink arcs. */
        for (size_t i = 0; i < gr.n; i++) {
            if (edge_add(&g, SOURCE, first_group + (int)i, gr.cap[i]) != 0)
                goto nomem;
            for (size_t d = 0; d < gr.len[i]; d++)
                if (edge_add(&g, first_group + (int)i, gr.dest[gr.off[i] + d], gr.cap[i]) != 0)
                    goto nomem;
        }
        for (size_t x = x0; x < x1 && k >= 0; x++)
            for (size_t j = 0; j < nsub; j++) {
                size_t i = order[x].school * nsub + j;
                if (pnode[j] >= 0 && dnode[i] >= 0 &&
                    edge_add(&g, pnode[j], dnode[i], (long long)dem[i]) != 0)
                    goto nomem;
            }
        for (size_t x = x0; x < x1; x++)
            for (size_t j = 0; j < nsub; j++) {
                size_t i = order[x].school * nsub + j;
                if (dnode[i] < 0)
                    continue;
                sink_edge[i] = g.m;
                if (edge_add(&g, dnode[i], SINK, 0) != 0)
                    goto nomem;
            }
        if (net_build(&g) != 0)
            goto nomem;

        /* Open the sink arcs one factor level at a time, highest first. */
        for (size_t x = x0; x < x1;) {
            size_t end = x;
            while (end < x1 && order[end].factor == order[x].factor)
                end++;
            for (; x < end; x++)
                for (size_t j = 0; j < nsub; j++) {
                    size_t i = order[x].school * nsub + j;
                    if (dnode[i] >= 0)
                        g.cap[g.fwd[sink_edge[i]]] = (long long)dem[i];
                }
            if (gr.n)
                max_flow(&g);
        }
        for (size_t x = x0; x < x1; x++)
            for (size_t j = 0; j < nsub; j++) {
                size_t i = order[x].school * nsub + j;
                double u = dnode[i] >= 0 ? (double)g.cap[g.fwd[sink_edge[i]]] : 0.0;
                if (unfilled)
                    unfilled[i] = u;
                sum += u;
            }
    }
    if (total)
        *total = sum;
    goto done;
nomem:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("shortage: out of memory"));
done:
    net_free(&g);
    groups_free(&gr);
    free(dem);
    free(dnode);
    free(sink_edge);
    free(pnode);
    free(list);
    free(order);
    free(pstart);
    free(tstart);
    free(tlist);
    return rc;
}
