/*
 * assign.c - who teaches what: every (class, subject) demand is given teachers by a greedy pass
 * (own-school teachers first, then teachers already serving the school, few schools per
 * itinerant teacher, balanced loads), and the greedy flow is augmented to a maximum flow of
 * teacher periods against demand (flow.c). Its value gives capacity_bound.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tt_int.h"

#define DAYS ROTAS_DAYS

/* Give every demand its teachers; fills L[].d and L[].t (t = -1 where nobody can); returns
   the capacity bound (demand minus maximum flow) or -1 on out of memory. */
int rotas__tt_assign_teachers(const tt_problem *P, tt_lesson *L)
{
    int nd = P->nd, nt = P->nt;
    size_t mp = (size_t)P->maxp;
    int *x = calloc((size_t)nd * (size_t)nt + 1, sizeof *x); /* lessons of d given to t */
    int *load = calloc((size_t)nt + 1, sizeof *load);
    int *capr = calloc((size_t)nt + 1, sizeof *capr); /* periods left after fixed lessons */
    int *left = malloc(((size_t)nd + 1) * sizeof *left);
    int *dcap = calloc((size_t)nd + 1, sizeof *dcap); /* lessons d can have besides fixed */
    int *nfix = calloc((size_t)nd + 1, sizeof *nfix);
    int *order = malloc(((size_t)nd + 1) * sizeof *order);
    int *ncand = calloc((size_t)nd + 1, sizeof *ncand);
    unsigned char *serves = calloc((size_t)nt * (size_t)P->ns + 1, 1);
    int *arcs = malloc(((size_t)nd * (size_t)nt + 1) * sizeof *arcs);
    rotas_flow *f = rotas__flow_new(nd + nt + 2);
    int bound = -1;
    if (!x || !load || !capr || !left || !dcap || !nfix || !order || !ncand || !serves || !arcs ||
        !f)
        goto done;
    for (int t = 0; t < nt; t++)
        capr[t] = P->cap[t];
    for (int j = 0; j < P->nfixed; j++) {
        nfix[P->fixed[j].d]++;
        capr[P->fixed[j].t]--;
        serves[(size_t)P->fixed[j].t * (size_t)P->ns + (size_t)P->ks[P->dem[P->fixed[j].d].k]] = 1;
    }
    for (int t = 0; t < nt; t++)
        if (capr[t] < 0)
            capr[t] = 0;
    for (int d = 0; d < nd; d++) {
        /* the slots (or, once a day, the days) the class and the subject rules leave open */
        int slots = 0, days = 0;
        for (int day = 0; day < DAYS; day++) {
            int n = 0;
            for (size_t p = 0; p < mp; p++)
                n += tt_slot_ok(P, d, -1, day, (int)p);
            slots += n;
            days += n > 0;
        }
        int room = (P->dem[d].small ? days : slots) - nfix[d];
        dcap[d] = P->dem[d].need - nfix[d];
        if (dcap[d] > room)
            dcap[d] = room;
        if (dcap[d] < 0)
            dcap[d] = 0;
        left[d] = dcap[d];
        order[d] = d;
        for (int t = 0; t < nt; t++)
            ncand[d] += P->qual[(size_t)d * (size_t)nt + (size_t)t];
    }
    /* re-plan: the previous teacher of each lesson first */
    for (int h = 0; h < P->nhomes; h++) {
        int d = P->homes[h].d, t = P->homes[h].t;
        if (left[d] <= 0 || load[t] >= capr[t])
            continue;
        x[(size_t)d * (size_t)nt + (size_t)t]++;
        load[t]++;
        left[d]--;
        serves[(size_t)t * (size_t)P->ns + (size_t)P->ks[P->dem[d].k]] = 1;
    }
    /* insertion sort: fewest candidates first, stable */
    for (int i = 1; i < nd; i++) {
        int v = order[i], j = i - 1;
        while (j >= 0 && ncand[order[j]] > ncand[v]) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = v;
    }
    /* pass 0: non-shortage demands (own school by rule 4); pass 1: shortage demands with
       own-school teachers; pass 2: shortage demands with any teacher of the cluster. */
    for (int pass = 0; pass < 3; pass++) {
        for (int oi = 0; oi < nd; oi++) {
            int d = order[oi];
            int shortage = P->c->subjects[P->dem[d].subj].shortage;
            if ((pass == 0) == (shortage != 0))
                continue;
            int s = P->ks[P->dem[d].k];
            while (left[d] > 0) {
                int best = -1;
                double bs = INFINITY;
                for (int t = 0; t < nt; t++) {
                    if (!P->qual[(size_t)d * (size_t)nt + (size_t)t] || load[t] >= capr[t])
                        continue;
                    if (pass == 1 && P->ts[t] != s)
                        continue;
                    const rotas_teacher *te = &P->c->teachers[P->tg[t]];
                    double sc = 3.0 * load[t] / (capr[t] > 0 ? capr[t] : 1);
                    if (te->n_subjects > 0 && te->subjects[0] != P->dem[d].subj)
                        sc += 1.0;
                    if (x[(size_t)d * (size_t)nt + (size_t)t] > 0)
                        sc -= 2.0;
                    if (capr[t] - load[t] < left[d])
                        sc += 0.5; /* would split the demand */
                    if (P->maxd[t])
                        sc += 0.5; /* part-timers are harder to place */
                    if (P->ts[t] != s && !serves[(size_t)t * (size_t)P->ns + (size_t)s]) {
                        int n = 0;
                        for (int z = 0; z < P->ns; z++)
                            n += serves[(size_t)t * (size_t)P->ns + (size_t)z];
                        sc += 10.0 + 5.0 * n +
                              0.1 * rotas_county_km(P->c, P->sch[P->ts[t]].g, P->sch[s].g);
                    }
                    if (sc < bs) {
                        bs = sc;
                        best = t;
                    }
                }
                if (best < 0)
                    break;
                int give = capr[best] - load[best];
                if (give > left[d])
                    give = left[d];
                x[(size_t)d * (size_t)nt + (size_t)best] += give;
                load[best] += give;
                left[d] -= give;
                serves[(size_t)best * (size_t)P->ns + (size_t)s] = 1;
            }
        }
    }
    /* augment the greedy flow to a maximum flow */
    int src = nd + nt, snk = nd + nt + 1;
    long total = 0;
    for (int d = 0; d < nd; d++) {
        total += P->dem[d].need - nfix[d];
        if (rotas__flow_arc(f, src, d, dcap[d], dcap[d] - left[d]) < 0)
            goto done;
        for (int t = 0; t < nt; t++) {
            size_t e = (size_t)d * (size_t)nt + (size_t)t;
            arcs[e] = -1;
            if (P->qual[e]) {
                arcs[e] = rotas__flow_arc(f, d, nd + t, dcap[d], x[e]);
                if (arcs[e] < 0)
                    goto done;
            }
        }
    }
    for (int t = 0; t < nt; t++)
        if (rotas__flow_arc(f, nd + t, snk, capr[t], load[t]) < 0)
            goto done;
    long flow = rotas__flow_max(f, src, snk);
    bound = (int)(total - flow);
    int l = 0;
    for (int d = 0; d < nd; d++) {
        int given = 0, first = l;
        for (int j = 0; j < P->nfixed; j++)
            if (P->fixed[j].d == d) {
                L[l++] = (tt_lesson){d, P->fixed[j].t, P->fixed[j].day, P->fixed[j].p, -1, 1};
                given++;
            }
        for (int t = 0; t < nt; t++) {
            size_t e = (size_t)d * (size_t)nt + (size_t)t;
            long n = arcs[e] >= 0 ? rotas__flow_of(f, arcs[e]) : 0;
            for (long i = 0; i < n && given < P->dem[d].need; i++, given++)
                L[l++] = (tt_lesson){d, t, -1, -1, -1, 0};
        }
        for (; given < P->dem[d].need; given++)
            L[l++] = (tt_lesson){d, -1, -1, -1, -1, 0};
        /* homes go to lessons of their demand with their teacher */
        for (int h = 0; h < P->nhomes; h++) {
            if (P->homes[h].d != d)
                continue;
            for (int i = first; i < l; i++)
                if (!L[i].fix && L[i].h < 0 && L[i].t == P->homes[h].t) {
                    L[i].h = h;
                    break;
                }
        }
    }
done:
    free(x);
    free(load);
    free(capr);
    free(left);
    free(dcap);
    free(nfix);
    free(order);
    free(ncand);
    free(serves);
    free(arcs);
    rotas__flow_free(f);
    return bound;
}
