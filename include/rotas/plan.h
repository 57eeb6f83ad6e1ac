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
    /* When the run began, by rotas_plan_clock(): the time limit then covers reading the county
       too (the planner keeps a small margin for writing the plan); 0: when rotas_plan_make
       starts. */
    double started;
} rotas_plan_options;

/* Seconds on the clock rotas_plan_options.started is read from (monotonic). */
double rotas_plan_clock(void);

/* Who may, must or may not rotate in a year: the planner's rules, before the bureau's decisions
   (a stay decision lifts a must-move; a move decision may move a teacher who is not eligible).
   Bits of rotas_plan_teacher_eligibility: */
enum {
    ROTAS_ELIG_FROZEN = 1u << 0,   /* stays: exempt, on an exchange through the year, or within
                                      exempt_years_before_retirement of retirement (when > 0) */
    ROTAS_ELIG_ELIGIBLE = 1u << 1, /* may rotate (not frozen): ROTAS_ELIG_TENURE or _MUST */
    ROTAS_ELIG_MUST = 1u << 2,     /* must rotate (not frozen): a principal or vice-principal
                                      with year - post_since >= leader_tenure_years */
    ROTAS_ELIG_TENURE = 1u << 3    /* not frozen, year - school_since >= teacher_tenure_years */
};

/* The ROTAS_ELIG_* bits of teacher t in year under p (t and p borrowed). */
unsigned rotas_plan_teacher_eligibility(const rotas_teacher *t, const rotas_policy *p, int year);

/* Counts of a county's teachers in a year. n_eligible counts the must leaders too; for a plan
   made for that year they equal the plan's n_frozen, n_eligible and n_must (the last less the
   must leaders a stay decision keeps). */
typedef struct rotas_eligibility {
    int year;
    int n_frozen, n_eligible, n_must;
} rotas_eligibility;

/* Count the teachers of c frozen, eligible and bound to move in year (> 0; the planner's plan
   year is rotas_plan_options.year, by default the county's year + 1) under p. c and p are
   borrowed. ROTAS_EINPUT for a NULL argument or a year <= 0. */
rotas_rc rotas_plan_eligibility(rotas_eligibility *out, const rotas_county *c,
                                const rotas_policy *p, int year, rotas_error *err);

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
