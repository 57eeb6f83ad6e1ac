/*
 * check_flow.c - the checker's own account of unfilled periods (DESIGN.md, "Supply of teaching
 * periods"), by a maximum flow written here and used by nothing else.
 *
 * After the plan, teacher t is at school a(t). It gives up to its capacity (max_periods, or the
 * policy default) to its subjects, split in any way: a non-shortage subject only at a(t), a
 * shortage subject at any school of a(t)'s cluster (only at a(t) when a(t) has no cluster).
 * The least unfilled is the demand minus a maximum flow in
 *
 *   source -> group(a, subjects) -> demand(a, j)                  non-shortage j, or no cluster
 *                                -> pool(cluster, j) -> demand(s, j)   shortage j, s in cluster
 *   demand(s, j) -> sink, capacity D(s, j) = sum over the classes k of s of periods(k, j)
 *
 * Teachers with the same school after the plan and the same subjects have the same arcs, so
 * they are one group node with their capacities added (exact). Pools (a cluster with its
 * schools; a school without a cluster) share no arcs, so one flow over the county is a maximum
 * flow in each pool. Capacities are in thousandths of a period so that a report with fractions
 * can be tested for achievability; with whole demands every augmentation stays a multiple of
 * SCALE and the least unfilled comes out whole.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "check_int.h"

#define SCALE 1000LL
#define BIG ((LLONG_MAX / 4 / SCALE) * SCALE) /* uncapacitated arcs; a multiple of SCALE */
#define TOL 0.01                              /* periods, for sums */
#define TOL_ENTRY 1e-6                        /* periods, for one entry against its demand */

/* ------------------------------------------------------------------ Dinic's maximum flow */

typedef struct net {
    int n;
    int m, cap_m;
    int *head;                       /* n: first arc out of the node, -1 for none */
    int *nxt, *to;                   /* m: arc e and e ^ 1 are a pair (forward, reverse) */
    long long *res;                  /* m: residual capacity */
    long long *orig;                 /* m: capacity as built (0 for reverse arcs) */
    int *level, *cur, *queue, *path; /* n */
} net;

static void net_free(net *g)
{
    free(g->head);
    free(g->nxt);
    free(g->to);
    free(g->res);
    free(g->orig);
    free(g->level);
    free(g->cur);
    free(g->queue);
    free(g->path);
    memset(g, 0, sizeof *g);
}

static int net_init(net *g, int n)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    size_t k = n > 0 ? (size_t)n : 1;
    g->head = malloc(k * sizeof *g->head);
    g->level = malloc(k * sizeof *g->level);
    g->cur = malloc(k * sizeof *g->cur);
    g->queue = malloc(k * sizeof *g->queue);
    g->path = malloc(k * sizeof *g->path);
    if (!g->head || !g->level || !g->cur || !g->queue || !g->path)
        return -1;
    for (int v = 0; v < n; v++)
        g->head[v] = -1;
    return 0;
}

/* Add u -> v of capacity c (and its reverse). The forward arc's index, or -1 on out of memory. */
static int net_arc(net *g, int u, int v, long long c)
{
    if (g->m + 2 > g->cap_m) {
        int nc = g->cap_m ? g->cap_m * 2 : 1024;
        int *nx = realloc(g->nxt, (size_t)nc * sizeof *nx);
        if (!nx)
            return -1;
        g->nxt = nx;
        int *tt = realloc(g->to, (size_t)nc * sizeof *tt);
        if (!tt)
            return -1;
        g->to = tt;
        long long *r = realloc(g->res, (size_t)nc * sizeof *r);
        if (!r)
            return -1;
        g->res = r;
        long long *o = realloc(g->orig, (size_t)nc * sizeof *o);
        if (!o)
            return -1;
        g->orig = o;
        g->cap_m = nc;
    }
    int e = g->m;
    g->to[e] = v;
    g->res[e] = g->orig[e] = c;
    g->nxt[e] = g->head[u];
    g->head[u] = e;
    g->to[e + 1] = u;
    g->res[e + 1] = g->orig[e + 1] = 0;
    g->nxt[e + 1] = g->head[v];
    g->head[v] = e + 1;
    g->m += 2;
    return e;
}

/* Back to the capacities as built (no flow). */
static void net_reset(net *g)
{
    memcpy(g->res, g->orig, (size_t)g->m * sizeof *g->res);
}

static int net_levels(net *g, int s, int t)
{
    for (int v = 0; v < g->n; v++)
        g->level[v] = -1;
    int qh = 0, qt = 0;
    g->level[s] = 0;
    g->queue[qt++] = s;
    while (qh < qt) {
        int u = g->queue[qh++];
        for (int e = g->head[u]; e >= 0; e = g->nxt[e])
            if (g->res[e] > 0 && g->level[g->to[e]] < 0) {
                g->level[g->to[e]] = g->level[u] + 1;
                g->queue[qt++] = g->to[e];
            }
    }
    return g->level[t] >= 0;
}

/* Maximum flow from s to t on the current residual capacities (iterative blocking flows). */
static long long net_maxflow(net *g, int s, int t)
{
    long long flow = 0;
    while (net_levels(g, s, t)) {
        memcpy(g->cur, g->head, (size_t)g->n * sizeof *g->cur);
        int top = 0, u = s;
        for (;;) {
            if (u == t) {
                long long f = g->res[g->path[0]];
                for (int i = 1; i < top; i++)
                    if (g->res[g->path[i]] < f)
                        f = g->res[g->path[i]];
                for (int i = 0; i < top; i++) {
                    g->res[g->path[i]] -= f;
                    g->res[g->path[i] ^ 1] += f;
                }
                flow += f;
                int k = 0;
                while (g->res[g->path[k]] > 0)
                    k++;
                top = k;
                u = g->to[g->path[k] ^ 1];
                continue;
            }
            int e = g->cur[u];
            while (e >= 0 && !(g->res[e] > 0 && g->level[g->to[e]] == g->level[u] + 1))
                e = g->nxt[e];
            g->cur[u] = e;
            if (e >= 0) {
                g->path[top++] = e;
                u = g->to[e];
                continue;
            }
            g->level[u] = -1; /* a dead end in this phase */
            if (top == 0)
                break;
            top--;
            u = g->to[g->path[top] ^ 1];
            g->cur[u] = g->nxt[g->cur[u]];
        }
    }
    return flow;
}

/* ------------------------------------------------------------------ the supply network */

typedef struct tgroup {
    int school; /* after the plan */
    long long cap;
    int n_subj;
    const int *subj; /* sorted, distinct, each with demand within reach */
} tgroup;

typedef struct supply {
    size_t ns, nsub, npools;
    long long *demand; /* ns * nsub: D(s, j) in periods */
    int *dnode;        /* ns * nsub: demand node or -1 */
    int *sink_arc;     /* ns * nsub: arc demand -> sink or -1 */
    int *subj_store;
    tgroup *groups;
    net g;
} supply;

enum { SRC = 0, SNK = 1 };

static void supply_free(supply *x)
{
    free(x->demand);
    free(x->dnode);
    free(x->sink_arc);
    free(x->subj_store);
    free(x->groups);
    net_free(&x->g);
}

static int cluster_of(const rotas_county *c, size_t s)
{
    int cl = c->schools[s].cluster;
    return cl >= 0 && (size_t)cl < c->n_clusters ? cl : -1;
}

/* Pool of a school: its cluster, or n_clusters + the school itself. */
static size_t pool_of(const rotas_county *c, size_t s)
{
    int cl = cluster_of(c, s);
    return cl >= 0 ? (size_t)cl : c->n_clusters + s;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int group_cmp(const void *a, const void *b)
{
    const tgroup *x = a, *y = b;
    if (x->school != y->school)
        return x->school < y->school ? -1 : 1;
    if (x->n_subj != y->n_subj)
        return x->n_subj < y->n_subj ? -1 : 1;
    for (int i = 0; i < x->n_subj; i++)
        if (x->subj[i] != y->subj[i])
            return x->subj[i] < y->subj[i] ? -1 : 1;
    return 0;
}

/* Build the network for the staff after[] (NULL: everyone at its own school). 0, -1 on OOM. */
static int supply_build(supply *x, const rotas_county *c, const rotas_policy *p, const int *after)
{
    const size_t ns = c->n_schools, nsub = c->n_subjects, ncl = c->n_clusters;
    const size_t cells = ns > 0 && nsub > 0 ? ns * nsub : 1;
    int *pnode = NULL;
    int rc = -1;
    memset(x, 0, sizeof *x);
    x->ns = ns;
    x->nsub = nsub;
    x->npools = ncl + ns;
    x->demand = calloc(cells, sizeof *x->demand);
    x->dnode = malloc(cells * sizeof *x->dnode);
    x->sink_arc = malloc(cells * sizeof *x->sink_arc);
    pnode = malloc((ncl > 0 && nsub > 0 ? ncl * nsub : 1) * sizeof *pnode);
    if (!x->demand || !x->dnode || !x->sink_arc || !pnode)
        goto done;

    /* Demand, and a node for every (school, subject) that has some. */
    int n = 2;
    for (size_t s = 0; s < ns; s++) {
        const rotas_school *sc = &c->schools[s];
        for (size_t k = sc->first_class; k < sc->first_class + sc->n_classes && k < c->n_classes;
             k++)
            for (size_t j = 0; j < nsub; j++)
                x->demand[s * nsub + j] += rotas_class_periods(c, &c->classes[k], (int)j);
    }
    for (size_t i = 0; i < ns * nsub; i++) {
        x->dnode[i] = x->demand[i] > 0 ? n++ : -1;
        x->sink_arc[i] = -1;
    }
    /* A pool node for every (cluster, shortage subject) with demand in the cluster. */
    for (size_t i = 0; i < ncl * nsub; i++)
        pnode[i] = -1;
    for (size_t s = 0; s < ns; s++) {
        int cl = cluster_of(c, s);
        for (size_t j = 0; cl >= 0 && j < nsub; j++)
            if (c->subjects[j].shortage && x->dnode[s * nsub + j] >= 0 &&
                pnode[(size_t)cl * nsub + j] < 0)
                pnode[(size_t)cl * nsub + j] = n++;
    }

    /* Teachers, with the subjects whose demand they can reach, grouped. */
    size_t nt = c->n_teachers, n_store = 0, ng = 0;
    for (size_t t = 0; t < nt; t++)
        n_store += c->teachers[t].n_subjects;
    x->subj_store = malloc((n_store ? n_store : 1) * sizeof *x->subj_store);
    x->groups = malloc((nt ? nt : 1) * sizeof *x->groups);
    if (!x->subj_store || !x->groups)
        goto done;
    n_store = 0;
    for (size_t t = 0; t < nt; t++) {
        const rotas_teacher *te = &c->teachers[t];
        int a = after ? after[t] : te->school;
        long long cap = te->max_periods > 0 ? te->max_periods : p->default_max_periods;
        if (a < 0 || (size_t)a >= ns || cap <= 0)
            continue;
        int cl = cluster_of(c, (size_t)a);
        int *sub = &x->subj_store[n_store];
        int m = 0;
        for (size_t i = 0; i < te->n_subjects; i++) {
            int j = te->subjects[i];
            if (j < 0 || (size_t)j >= nsub)
                continue;
            int reach = c->subjects[j].shortage && cl >= 0
                            ? pnode[(size_t)cl * nsub + (size_t)j] >= 0
                            : x->dnode[(size_t)a * nsub + (size_t)j] >= 0;
            if (reach)
                sub[m++] = j;
        }
        if (m == 0)
            continue;
        qsort(sub, (size_t)m, sizeof *sub, int_cmp);
        int d = 1;
        for (int i = 1; i < m; i++)
            if (sub[i] != sub[d - 1])
                sub[d++] = sub[i];
        n_store += (size_t)d;
        x->groups[ng++] = (tgroup){a, cap, d, sub};
    }
    qsort(x->groups, ng, sizeof *x->groups, group_cmp);
    size_t nm = 0;
    for (size_t i = 0; i < ng; i++) {
        if (nm > 0 && !group_cmp(&x->groups[nm - 1], &x->groups[i]))
            x->groups[nm - 1].cap += x->groups[i].cap;
        else
            x->groups[nm++] = x->groups[i];
    }
    int g0 = n;
    n += (int)nm;

    if (net_init(&x->g, n) < 0)
        goto done;
    for (size_t i = 0; i < nm; i++) {
        const tgroup *gr = &x->groups[i];
        int v = g0 + (int)i, cl = cluster_of(c, (size_t)gr->school);
        if (net_arc(&x->g, SRC, v, gr->cap * SCALE) < 0)
            goto done;
        for (int k = 0; k < gr->n_subj; k++) {
            size_t j = (size_t)gr->subj[k];
            int w = c->subjects[j].shortage && cl >= 0 ? pnode[(size_t)cl * nsub + j]
                                                       : x->dnode[(size_t)gr->school * nsub + j];
            if (net_arc(&x->g, v, w, BIG) < 0)
                goto done;
        }
    }
    for (size_t s = 0; s < ns; s++) {
        int cl = cluster_of(c, s);
        for (size_t j = 0; j < nsub; j++) {
            size_t i = s * nsub + j;
            if (x->dnode[i] < 0)
                continue;
            if (cl >= 0 && c->subjects[j].shortage &&
                net_arc(&x->g, pnode[(size_t)cl * nsub + j], x->dnode[i], BIG) < 0)
                goto done;
            if ((x->sink_arc[i] = net_arc(&x->g, x->dnode[i], SNK, x->demand[i] * SCALE)) < 0)
                goto done;
        }
    }
    rc = 0;
done:
    free(pnode);
    return rc;
}

/* Flow into the sink from (school, subject) cell i, in thousandths of a period. */
static long long cell_flow(const supply *x, size_t i)
{
    int e = x->sink_arc[i];
    return e < 0 ? 0 : x->g.orig[e] - x->g.res[e];
}

int rotas__check_min_unfilled(const rotas_county *c, const rotas_policy *p, const int *after,
                              double *out, double *total)
{
    supply x;
    if (supply_build(&x, c, p, after) < 0) {
        supply_free(&x);
        return -1;
    }
    net_maxflow(&x.g, SRC, SNK);
    double sum = 0;
    for (size_t i = 0; i < x.ns * x.nsub; i++) {
        out[i] = (double)(x.demand[i] * SCALE - cell_flow(&x, i)) / (double)SCALE;
        sum += out[i];
    }
    if (total)
        *total = sum;
    supply_free(&x);
    return 0;
}

/* ------------------------------------------------------------------ the rules */

static void add(rotas_diags *out, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(rotas_diags *out, size_t *n, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    rotas_diags_add(out, "%s", buf);
    (*n)++;
}

/* Periods for messages: whole numbers as such, else two decimals. */
static const char *num(char *buf, size_t n, double v)
{
    if (isfinite(v) && fabs(v - nearbyint(v)) < 1e-6)
        snprintf(buf, n, "%.0f", nearbyint(v) == 0 ? 0.0 : nearbyint(v));
    else
        snprintf(buf, n, "%.2f", v);
    return buf;
}

static void pool_name(const rotas_county *c, size_t pool, char *buf, size_t n)
{
    if (pool < c->n_clusters)
        snprintf(buf, n, _("cluster %s"), c->clusters[pool].id ? c->clusters[pool].id : "?");
    else
        snprintf(buf, n, _("school %s"),
                 c->schools[pool - c->n_clusters].id ? c->schools[pool - c->n_clusters].id : "?");
}

size_t rotas__check_unfilled(const rotas_county *c, const rotas_policy *p, const rotas_plan *plan,
                             const int *after, rotas_diags *out)
{
    const size_t ns = c->n_schools, nsub = c->n_subjects;
    size_t nv = 0;
    supply x;
    double *rep = NULL, *pool_rep = NULL;
    long long *pool_dem = NULL, *pool_flow = NULL, *pool_need = NULL, *pool_got = NULL;
    int *first = NULL;
    char a[64], b[64], d[64], pn[300];

    if (supply_build(&x, c, p, after) < 0)
        goto oom;
    const size_t cells = ns > 0 && nsub > 0 ? ns * nsub : 1, np = x.npools ? x.npools : 1;
    rep = calloc(cells, sizeof *rep);
    first = calloc(cells, sizeof *first);
    pool_rep = calloc(np, sizeof *pool_rep);
    pool_dem = calloc(np, sizeof *pool_dem);
    pool_flow = calloc(np, sizeof *pool_flow);
    pool_need = calloc(np, sizeof *pool_need);
    pool_got = calloc(np, sizeof *pool_got);
    if (!rep || !first || !pool_rep || !pool_dem || !pool_flow || !pool_need || !pool_got)
        goto oom;

    /* Rule 1: each entry on its own. */
    double total = 0;
    for (size_t i = 0; i < plan->n_unfilled; i++) {
        const rotas_unfilled *u = &plan->unfilled[i];
        if (u->school < 0 || (size_t)u->school >= ns || u->subject < 0 ||
            (size_t)u->subject >= nsub) {
            add(out, &nv, _("unfilled %zu: unknown school or subject"), i + 1);
            continue;
        }
        size_t cell = (size_t)u->school * nsub + (size_t)u->subject;
        const char *s_id = c->schools[u->school].id, *j_id = c->subjects[u->subject].id;
        if (first[cell])
            add(out, &nv, _("unfilled %zu (%s %s): the same school and subject as unfilled %d"),
                i + 1, s_id, j_id, first[cell]);
        else
            first[cell] = (int)i + 1;
        long long dem = x.demand[cell];
        if (!(u->periods >= -TOL_ENTRY && u->periods <= (double)dem + TOL_ENTRY))
            add(out, &nv,
                _("unfilled %zu (%s %s): %s periods, expected 0 to %lld (the school's weekly "
                  "demand)"),
                i + 1, s_id, j_id, num(a, sizeof a, u->periods), dem);
        if (!isfinite(u->periods))
            continue;
        rep[cell] += u->periods;
        pool_rep[pool_of(c, (size_t)u->school)] += u->periods;
        total += u->periods;
    }
    if (isfinite(plan->unfilled_after) && fabs(plan->unfilled_after - total) > TOL)
        add(out, &nv, _("summary unfilled_after is %s, the unfilled entries add up to %s"),
            num(a, sizeof a, plan->unfilled_after), num(b, sizeof b, total));

    /* Rule 2: the least unfilled of each pool, by a maximum flow. */
    net_maxflow(&x.g, SRC, SNK);
    for (size_t s = 0; s < ns; s++)
        for (size_t j = 0; j < nsub; j++) {
            size_t pool = pool_of(c, s), i = s * nsub + j;
            pool_dem[pool] += x.demand[i];
            pool_flow[pool] += cell_flow(&x, i);
        }

    /* Rule 3: what the entries leave taught can all be taught at once. */
    net_reset(&x.g);
    for (size_t s = 0; s < ns; s++)
        for (size_t j = 0; j < nsub; j++) {
            size_t i = s * nsub + j;
            if (x.sink_arc[i] < 0)
                continue;
            double r = rep[i] < 0 ? 0 : rep[i] > (double)x.demand[i] ? (double)x.demand[i] : rep[i];
            long long need = llround(((double)x.demand[i] - r) * (double)SCALE);
            x.g.res[x.sink_arc[i]] = x.g.orig[x.sink_arc[i]] = need;
            pool_need[pool_of(c, s)] += need;
        }
    net_maxflow(&x.g, SRC, SNK);
    for (size_t s = 0; s < ns; s++)
        for (size_t j = 0; j < nsub; j++)
            pool_got[pool_of(c, s)] += cell_flow(&x, s * nsub + j);

    for (size_t pool = 0; pool < x.npools; pool++) {
        if (pool_dem[pool] == 0 && pool_rep[pool] == 0)
            continue;
        double least = (double)(pool_dem[pool] * SCALE - pool_flow[pool]) / (double)SCALE;
        pool_name(c, pool, pn, sizeof pn);
        if (fabs(pool_rep[pool] - least) > TOL)
            add(out, &nv,
                _("rule unfilled: %s reports %s unfilled periods a week, the staff after the plan "
                  "leaves %s (maximum flow)"),
                pn, num(a, sizeof a, pool_rep[pool]), num(b, sizeof b, least));
        double need = (double)pool_need[pool] / (double)SCALE;
        double got = (double)pool_got[pool] / (double)SCALE;
        /* A report below the least is infeasible by rule 2 already: one message is enough. */
        if (pool_rep[pool] >= least - TOL && need - got > TOL)
            add(out, &nv,
                _("rule unfilled: %s: the entries cannot all hold at once: the staff after the "
                  "plan "
                  "can teach at most %s of the %s periods they leave taught (%s short)"),
                pn, num(a, sizeof a, got), num(b, sizeof b, need), num(d, sizeof d, need - got));
    }
    goto done;
oom:
    add(out, &nv, _("out of memory while checking unfilled periods"));
done:
    supply_free(&x);
    free(rep);
    free(first);
    free(pool_rep);
    free(pool_dem);
    free(pool_flow);
    free(pool_need);
    free(pool_got);
    return nv;
}
