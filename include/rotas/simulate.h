/*
 * rotas/simulate.h - a ten-year simulation (rotas-simulation/1): plan a year, apply it, then
 * age the county a year (exchanges end, teachers retire, new teachers are hired) and repeat.
 */
#ifndef ROTAS_SIMULATE_H
#define ROTAS_SIMULATE_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/plan.h"
#include "rotas/policy.h"

#define ROTAS_FORMAT_SIMULATION "rotas-simulation/1"
#define ROTAS_FORMAT_HIRES "rotas-hires/1"

/* The planner the simulation calls each year: rotas_plan_make, or a stand-in in tests. */
typedef rotas_rc (*rotas_sim_planner)(rotas_plan **out, const rotas_county *c,
                                      const rotas_policy *p, const rotas_plan_options *opt,
                                      rotas_error *err);

/* A fixed hiring plan: hires[i] take effect at the start of year `year`. */
typedef struct rotas_sim_hire {
    int year;
    int subject; /* subject index */
    int school;  /* school index, or -1 with cluster >= 0: the cluster's school with the most
                    unfilled periods of the subject (rotas/shortage.h) */
    int cluster;
    int count;
} rotas_sim_hire;

typedef struct rotas_sim_hires {
    rotas_sim_hire *items;
    size_t n;
} rotas_sim_hires;

/* Read a rotas-hires/1 file: {"format": "rotas-hires/1", "years": [{"year": 2028, "hires":
   [{"subject": "english", "school": "S01" | "cluster": "C01", "count": 2}]}]}. Ids are checked
   against c; problems go to diags with JSON paths. *out is caller storage. */
rotas_rc rotas_sim_hires_read_json(rotas_sim_hires *out, const char *path, const rotas_county *c,
                                   rotas_diags *diags, rotas_error *err);
void rotas_sim_hires_clear(rotas_sim_hires *h);

struct rotas_sim_year;

typedef struct rotas_sim_options {
    int years;                    /* years to simulate (>= 1) */
    unsigned long seed;           /* hires' gender and age, ties between equal shortages */
    int return_after_exchange;    /* 1: a teacher goes back to the original school when the
                                     exchange ends; 0 (default): stays where the exchange took her */
    rotas_sim_planner planner;    /* required: rotas_plan_make */
    const rotas_sim_hires *hires; /* may be NULL: years it lists use it instead of the rule */
    /* Called after each year (may be NULL). */
    void (*progress)(void *ctx, int year, int index, int years);
    void *progress_ctx;
    /* Called after each year with its entry (may be NULL; ctx is progress_ctx). */
    void (*on_year)(void *ctx, const struct rotas_sim_year *y, int index, int years);
} rotas_sim_options;

typedef struct rotas_sim_year {
    int year;
    int teachers;                    /* after the year's retirements and hires, before the plan */
    int retirements, hires, returns; /* at the start of the year */
    double leaders_past_line;        /* share of principals and vice-principals past
                                        leader_tenure_years in the post, before the plan */
    int moves, key_moved;
    double km;
    double unfilled_before, unfilled_after;
    double unfilled_area[3];  /* after the plan, by rotas_area */
    double *unfilled_subject; /* n_subjects entries, after the plan (owned) */
    rotas_indicators after;
    rotas_status status; /* meaningless when failed */
    double gap, seconds;
    int failed;      /* 1: the year could not be planned; nobody moved */
    char error[256]; /* why, when failed */
} rotas_sim_year;

typedef struct rotas_simulation {
    int first_year;
    unsigned long seed;
    int return_after_exchange;
    char **subject_ids; /* n_subjects (owned) */
    size_t n_subjects;
    rotas_sim_year *years;
    size_t n_years;
    size_t n_failed; /* years that could not be planned */
} rotas_simulation;

/* Run the simulation on a copy of c. *out is new (rotas_simulation_free). A year the planner
   cannot plan (no plan in the time limit, infeasible, solver failure) does not stop the run:
   the year is recorded as failed with the planner's message, nobody moves, and the county goes
   on to the next year (ageing, retirements and hires as usual). Only out of memory and a
   broken county stop it. Deterministic for a seed (when no plan is cut by the clock). */
rotas_rc rotas_simulate(rotas_simulation **out, const rotas_county *c, const rotas_policy *p,
                        const rotas_sim_options *opt, rotas_error *err);
void rotas_simulation_free(rotas_simulation *s);

/* rotas-simulation/1 JSON: new string (free()), or written to path ("-" = stdout). */
char *rotas_simulation_dump_json(const rotas_simulation *s);
rotas_rc rotas_simulation_write_json(const rotas_simulation *s, const char *path, rotas_error *err);

#endif
