/*
 * tt_int.h - the cluster timetable planner (private): a small max-flow (flow.c), the internal
 * problem and the true cost (problem.c), the teacher assignment (assign.c), shared by
 * construction, repair and improvement (timetable.c) and the placement
 * MIP (mip.c; its MathProg data in mip_dat.c) and the travel bound (bound.c).
 */
#ifndef ROTAS_TT_INT_H
#define ROTAS_TT_INT_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/policy.h"
#include "rotas/timetable.h"

/* ---- max-flow (Dinic), integer capacities ---- */

typedef struct rotas_flow rotas_flow;

/* A network with n nodes (0..n-1) and no arcs. NULL on out of memory. Free with
   rotas__flow_free. */
rotas_flow *rotas__flow_new(int n);
void rotas__flow_free(rotas_flow *f);
/* Add an arc u -> v with capacity cap (>= 0) and initial flow (0 <= flow <= cap); returns the arc
   id (>= 0) or -1 on out of memory or bad nodes. */
int rotas__flow_arc(rotas_flow *f, int u, int v, long cap, long flow);
/* Augment the current flow to a maximum flow from s to t; returns the total flow value leaving s
   (initial flow included). */
long rotas__flow_max(rotas_flow *f, int s, int t);
/* Flow on an arc. */
long rotas__flow_of(const rotas_flow *f, int arc);

/* ---- the internal problem ---- */

typedef struct tt_school {
    int g;  /* county school index */
    int np; /* periods a day in its bell */
    const rotas_bell_period *bell;
} tt_school;

typedef struct tt_demand {
    int k;     /* local class */
    int subj;  /* county subject index */
    int need;  /* weekly lessons (fixed lessons included) */
    int small; /* 1: at most one lesson a day (need <= 5) */
    int main;  /* chinese or maths */
    int pref;  /* preferred periods: 0 none, -1 the morning (main subjects without a rule),
                  n > 0 periods 1..n (subject rule before_period) */
    int pool;  /* room pool its lessons take (subject's room_kind at the class's school), -1 */
} tt_demand;

typedef struct tt_lesson {
    int d;      /* demand */
    int t;      /* local teacher, -1 when none */
    int day, p; /* -1 when not placed */
    int h;      /* home: index into tt_problem.homes (re-plan), -1 for none */
    int fix;    /* 1: a fixed lesson of the county, never moved */
} tt_lesson;

/* A slot of the earlier timetable (re-plan) or a fixed lesson, in local indexes. */
typedef struct tt_place {
    int d, t, day, p;
} tt_place;

typedef struct tt_problem {
    const rotas_county *c;
    const rotas_policy *pol;
    int cluster;
    int ns, nk, nt, nd, nl;
    tt_school *sch;      /* ns */
    int *sloc;           /* county school -> local school or -1 (n_schools) */
    int *kg, *ks;        /* class: county index, local school (nk) */
    int *tg, *ts, *cap;  /* teacher: county index, local school, weekly max (nt) */
    tt_demand *dem;      /* nd */
    unsigned char *qual; /* nd * nt: teacher may teach the demand (rules 3, 4) */
    int maxp;            /* longest bell */
    int max_schools;     /* per teacher a day */
    /* conflict[((a * ns + b) * maxp + pa) * maxp + pb]: one teacher cannot teach period pa at
       school a and period pb at school b on one day (overlap, or too little time to travel) */
    unsigned char *conflict;
    unsigned char *afternoon; /* ns * maxp: period starts at 12:00 or later */
    /* everyday constraints */
    unsigned char *tav; /* ((t * ns + s) * DAYS + day) * maxp + p: t may teach then (its
                           unavailable times do not overlap the period of s's bell) */
    unsigned char *dok; /* (d * DAYS + day) * maxp + p: the class is available and the subject
                           rules (not_first_period, not_after_lunch) allow the period */
    double *pen;        /* nd * maxp: soft cost of a lesson of d in period p (w_tt_morning when
                           outside its preferred periods) */
    int *maxd;          /* nt: max_days, 0 for no limit */
    tt_place *fixed;    /* the cluster's fixed lessons */
    int nfixed;
    tt_place *homes; /* re-plan: previous lessons that map onto this cluster, file order */
    int nhomes;
    int prev_total; /* re-plan: lessons in the previous timetable, -1 when afresh */
    int prev_fixed; /* previous lessons identical to a fixed lesson (always kept) */
    /* room pools: the rooms of one kind at one school; at most pool_cap lessons of demands
       with that pool in one (day, period) */
    int npool;
    int *pool_s;            /* local school */
    int *pool_cap;          /* sum of the rooms' capacities */
    const char **pool_kind; /* borrowed from the county */
} tt_problem;

#define TT_DAYS ROTAS_DAYS

/* Lesson of demand d may be in (day, p) of its school with teacher t (hard rules of time). */
static inline int tt_slot_ok(const tt_problem *P, int d, int t, int day, int p)
{
    int s = P->ks[P->dem[d].k];
    size_t mp = (size_t)P->maxp;
    return p >= 0 && p < P->sch[s].np &&
           P->dok[((size_t)d * TT_DAYS + (size_t)day) * mp + (size_t)p] &&
           (t < 0 || P->tav[(((size_t)t * (size_t)P->ns + (size_t)s) * TT_DAYS + (size_t)day) * mp +
                            (size_t)p]);
}

/* Lesson x sits at its home (re-plan): same teacher, day and period as before. */
static inline int tt_at_home(const tt_problem *P, const tt_lesson *x)
{
    if (x->h < 0 || x->day < 0)
        return 0;
    const tt_place *h = &P->homes[x->h];
    return h->d == x->d && h->t == x->t && h->day == x->day && h->p == x->p;
}

/* A placement as a lesson list (teachers chosen); the objective of the spec. */
typedef struct tt_cost {
    int unplaced;
    int changes;
    double km;
    int extra_schools;  /* sum over teachers of (schools served in the week - 1) */
    int afternoon_main; /* lessons outside their preferred periods (morning, before_period) */
    int moved;          /* re-plan: previous lessons not kept in place */
    double total;
} tt_cost;

static inline int tt_conflict(const tt_problem *P, int a, int pa, int b, int pb)
{
    return P->conflict[(((size_t)a * (size_t)P->ns + (size_t)b) * (size_t)P->maxp + (size_t)pa) *
                           (size_t)P->maxp +
                       (size_t)pb];
}

/* Placement MIP (mip.c). Lessons with free[l] == 1 are re-placed; the others stay where
   they are (placed or not). A lesson's teacher is kept. On return with ROTAS_OK, *improved
   tells whether the lessons were changed (only when the true cost went down). With path set,
   the model is written in CPLEX LP format and not solved. */
typedef struct tt_mip_opts {
    double time_limit;
    int verbose;
    const char *export_lp;
    double *bound_out;     /* LP/tree bound of the sub-problem (may be NULL) */
    int *status_out;       /* 0 optimal, 1 not proven (may be NULL) */
    double *objective_out; /* the MIP's objective (may be NULL; NAN without a solution) */
} tt_mip_opts;

rotas_rc rotas__tt_mip(const tt_problem *P, tt_lesson *L, const unsigned char *free_l,
                       const tt_mip_opts *o, int *improved, rotas_error *err);
/* Write the whole-cluster placement model's data (all lessons free, teachers as in L) for
   models/timetable.mod. */
rotas_rc rotas__tt_write_dat(const tt_problem *P, const tt_lesson *L, const char *path,
                             rotas_error *err);

/* Lower bound on the travel part of the objective (changes, km, extra schools, and unscheduled
   lessons of a teacher at w_tt_unscheduled - w_tt_morning) over the timetables in which every
   lesson of L keeps its teacher (bound.c; models/timetable_bound.mod). Add it to the bound on
   unscheduled and late lessons. time_limit: seconds for all the teachers together. */
rotas_rc rotas__tt_travel_bound(const tt_problem *P, const tt_lesson *L, double time_limit,
                                double *out, rotas_error *err);
/* Write the data of the same relaxations (every itinerant teacher of L) for
   models/timetable_bound.mod, whose optimum is the travel bound. */
rotas_rc rotas__tt_write_bound_dat(const tt_problem *P, const tt_lesson *L, const char *path,
                                   rotas_error *err);

/* Reference run for tests: choose the teachers of a cluster as rotas_timetable_make does,
   write the model's data to dat_path (if not NULL) and solve the whole-cluster placement MIP
   from an empty start; *objective gets its optimum. */
rotas_rc rotas__tt_reference(const rotas_county *c, int cluster, const rotas_policy *pol,
                             const char *dat_path, double *objective, rotas_error *err);

/* ---- assign.c ---- */

/* Give every demand its teachers; fills L[].d and L[].t (t = -1 where nobody can) and the
   homes of a re-plan; returns the capacity bound (demand minus maximum flow) or -1 on out of
   memory. */
int rotas__tt_assign_teachers(const tt_problem *P, tt_lesson *L);

/* ---- problem.c ---- */

/* Build the internal problem of one cluster (county cluster index) under pol: schools, classes,
   teachers, demands, qualification, travel conflicts and the everyday constraints (fixed
   lessons checked). On failure the partly built problem must still be freed. */
rotas_rc rotas__tt_problem_build(tt_problem *P, const rotas_county *c, int cluster,
                                 const rotas_policy *pol, rotas_error *err);
/* Re-plan: the earlier timetable's lessons that map onto the cluster become homes. */
rotas_rc rotas__tt_homes_build(tt_problem *P, const rotas_timetable *prev, rotas_error *err);
/* Free what rotas__tt_problem_build allocated and zero P (safe on a zeroed P). */
void rotas__tt_problem_free(tt_problem *P);
/* Changes and km of one teacher-day whose lessons are ls[0..n-1] (indexes into L); ls is
   sorted by clock time here. */
void rotas__tt_day_route(const tt_problem *P, const tt_lesson *L, int *ls, int n, int *changes,
                         double *km);
/* Reference run for tests: choose the teachers of a cluster as rotas_timetable_make does
   first, write the travel bound's data to dat_path (if not NULL) and compute it (*travel). */
rotas_rc rotas__tt_bound_reference(const rotas_county *c, int cluster, const rotas_policy *pol,
                                   const char *dat_path, double *travel, rotas_error *err);

/* True cost of a placement. */
void rotas__tt_cost(const tt_problem *P, const tt_lesson *L, tt_cost *out);

#endif
