/*
 * rotas/plan.h - the planner of the yearly rotation plan (rotas-plan/1).
 *
 * The planner builds an integer program from a finalized county and a policy, solves it with
 * GLPK (through the LP builder) and decodes a rotas_plan. The plan is a plain record declared in
 * rotas/result.h: the JSON writer and reader are in rotas/json.h, the independent checker in
 * rotas/check.h.
 */
#ifndef ROTAS_PLAN_H
#define ROTAS_PLAN_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/policy.h"
#include "rotas/result.h"

/* Options of one planner run. */
typedef struct rotas_plan_options {
    int year;               /* plan year Y; 0: the county's year + 1 */
    const char *export_lp;  /* write the model in CPLEX LP format here (NULL: no) */
    const char *export_mps; /* write the model in free MPS here (NULL: no) */
    int verbose;            /* GLPK's log on stderr */
    /* Progress callback (may be NULL): phase "building"/"solving", elapsed s, best, bound. */
    void (*progress)(void *ctx, const char *phase, double elapsed, double best, double bound);
    void *progress_ctx;
    /* Re-plan: keep as much as possible of this earlier plan (NULL: plan afresh). Minimal
       change is the first objective after the rules. */
    const rotas_plan *previous;
} rotas_plan_options;

/* Compute indicators of the county with the given school of every teacher (NULL: as is). */
void rotas_indicators_compute(rotas_indicators *out, const rotas_county *c, const int *school_of);

/* Make a plan. *out is new on success (free with rotas_plan_free). Returns ROTAS_EINFEASIBLE
   only when the data admit no plan even with every rule relaxed. */
rotas_rc rotas_plan_make(rotas_plan **out, const rotas_county *c, const rotas_policy *p,
                         const rotas_plan_options *opt, rotas_error *err);

/* Why one teacher moves or stays under plan (NULL: only the model's view): frozen, eligible,
   must, decisions, the candidate destinations with their cost terms (km, preference, group,
   periods filled at the destination and left at home), or why it stays. *out is new text
   (free it). opt as given to rotas_plan_make (year, previous). */
rotas_rc rotas_plan_explain(char **out, const rotas_county *c, const rotas_policy *p,
                            const rotas_plan_options *opt, const rotas_plan *plan, int teacher,
                            rotas_error *err);

#endif
