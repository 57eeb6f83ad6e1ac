/*
 * poolflow_int.h - the exact weighted shortage of each pool (poolflow.c), for the greedy start.
 */
#ifndef ROTAS_POOLFLOW_INT_H
#define ROTAS_POOLFLOW_INT_H

#include <stddef.h>

struct model;
typedef struct pflow pflow;

/* Every teacher of m->c at its school now; cache_slots about the number of deltas a scan of the
   greedy asks for. NULL when out of memory. */
pflow *rotas__pflow_new(const struct model *m, size_t cache_slots);
void rotas__pflow_free(pflow *f);
/* Change of the model's unfilled cost (w_unfilled x fac x periods) if a teacher of subject set
   `set` and capacity cap goes from school `from` to school `to`; NAN when out of memory. */
double rotas__pflow_delta(pflow *f, int set, int cap, int from, int to);
/* Carry that move out. 0 ok, -1 out of memory. */
int rotas__pflow_move(pflow *f, int set, int cap, int from, int to);
/* The unfilled cost of the whole county now (and its unweighted unfilled periods). */
double rotas__pflow_total(pflow *f, double *unfilled);
int rotas__pflow_failed(const pflow *f);
/* The version of the school's pool: it changes with every move into or out of the pool. */
unsigned rotas__pflow_version(const pflow *f, int school);

#endif
