/* flow.c - Dinic's maximum flow on small integer networks (teacher periods vs demand). */
#include <stdlib.h>

#include "tt_int.h"

typedef struct arc {
    int to, next;
    long cap; /* residual capacity */
} arc;

struct rotas_flow {
    int n;
    int *head, *level, *it, *queue;
    arc *arcs;
    long *orig; /* capacity of forward arc i/2 as added */
    size_t n_arcs, cap_arcs;
};

rotas_flow *rotas__flow_new(int n)
{
    if (n <= 0)
        return NULL;
    rotas_flow *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->n = n;
    f->head = malloc((size_t)n * sizeof *f->head);
    f->level = malloc((size_t)n * sizeof *f->level);
    f->it = malloc((size_t)n * sizeof *f->it);
    f->queue = malloc((size_t)n * sizeof *f->queue);
    if (!f->head || !f->level || !f->it || !f->queue) {
        rotas__flow_free(f);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        f->head[i] = -1;
    return f;
}

void rotas__flow_free(rotas_flow *f)
{
    if (!f)
        return;
    free(f->head);
    free(f->level);
    free(f->it);
    free(f->queue);
    free(f->arcs);
    free(f->orig);
    free(f);
}

int rotas__flow_arc(rotas_flow *f, int u, int v, long cap, long flow)
{
    if (u < 0 || v < 0 || u >= f->n || v >= f->n || cap < 0 || flow < 0 || flow > cap)
        return -1;
    if (f->n_arcs + 2 > f->cap_arcs) {
        size_t c = f->cap_arcs ? f->cap_arcs * 2 : 64;
        arc *a = realloc(f->arcs, c * sizeof *a);
        if (!a)
            return -1;
        f->arcs = a;
        long *o = realloc(f->orig, (c / 2) * sizeof *o);
        if (!o)
            return -1;
        f->orig = o;
        f->cap_arcs = c;
    }
    size_t i = f->n_arcs;
    f->arcs[i] = (arc){v, f->head[u], cap - flow};
    f->head[u] = (int)i;
    f->arcs[i + 1] = (arc){u, f->head[v], flow};
    f->head[v] = (int)i + 1;
    f->orig[i / 2] = cap;
    f->n_arcs += 2;
    return (int)(i / 2);
}

static int bfs(rotas_flow *f, int s, int t)
{
    for (int i = 0; i < f->n; i++)
        f->level[i] = -1;
    int qh = 0, qt = 0;
    f->level[s] = 0;
    f->queue[qt++] = s;
    while (qh < qt) {
        int u = f->queue[qh++];
        for (int e = f->head[u]; e >= 0; e = f->arcs[e].next)
            if (f->arcs[e].cap > 0 && f->level[f->arcs[e].to] < 0) {
                f->level[f->arcs[e].to] = f->level[u] + 1;
                f->queue[qt++] = f->arcs[e].to;
            }
    }
    return f->level[t] >= 0;
}

/* Blocking-flow DFS, iterative over the current-arc pointers (depth is small: 4 layers). */
static long dfs(rotas_flow *f, int u, int t, long pushed)
{
    if (u == t)
        return pushed;
    for (; f->it[u] >= 0; f->it[u] = f->arcs[f->it[u]].next) {
        arc *a = &f->arcs[f->it[u]];
        if (a->cap <= 0 || f->level[a->to] != f->level[u] + 1)
            continue;
        long d = dfs(f, a->to, t, pushed < a->cap ? pushed : a->cap);
        if (d > 0) {
            a->cap -= d;
            f->arcs[f->it[u] ^ 1].cap += d;
            return d;
        }
    }
    return 0;
}

long rotas__flow_max(rotas_flow *f, int s, int t)
{
    if (s < 0 || t < 0 || s >= f->n || t >= f->n || s == t)
        return 0;
    while (bfs(f, s, t)) {
        for (int i = 0; i < f->n; i++)
            f->it[i] = f->head[i];
        while (dfs(f, s, t, 1L << 40) > 0)
            ;
    }
    long total = 0;
    for (int e = f->head[s]; e >= 0; e = f->arcs[e].next)
        if ((e & 1) == 0)
            total += f->orig[e / 2] - f->arcs[e].cap;
        else
            total -= f->arcs[e].cap; /* flow into s on an arc v -> s */
    return total;
}

long rotas__flow_of(const rotas_flow *f, int a)
{
    if (a < 0 || (size_t)a * 2 >= f->n_arcs)
        return 0;
    return f->orig[a] - f->arcs[(size_t)a * 2].cap;
}
