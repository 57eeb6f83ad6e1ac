/*
 * rotas/whatif.h - batches of what-if scenarios (rotas-scenarios/1 in, rotas-whatif/1 out).
 *
 * A scenario file names a base county, base policy overrides, default jobs and a list of
 * scenarios, each a list of changes (policy keys, hires, removals, a school closing, a road,
 * the plan year) and optionally its own jobs. The batch runner applies every scenario's
 * changes to its own copy of the county (all problems reported before anything runs), hashes
 * the inputs, reads unchanged scenarios back from the run table, and solves the rest in
 * worker processes (fork: one scenario's crash or time-out cannot take the batch down).
 *
 * Rows are carried as JSON text (one object of rotas-whatif/1's scenarios[]); a C view of a
 * row (rotas_whatif_row) is provided for tables and tests.
 */
#ifndef ROTAS_WHATIF_H
#define ROTAS_WHATIF_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/policy.h"
#include "rotas/plan.h"
#include "rotas/store_runs.h"

#define ROTAS_FORMAT_SCENARIOS "rotas-scenarios/1"
#define ROTAS_FORMAT_WHATIF "rotas-whatif/1"

/* A deep copy of a finalized county (finalized too). *out is new (rotas_county_free). */
rotas_rc rotas_county_clone(rotas_county **out, const rotas_county *c, rotas_error *err);

/* ------------------------------------------------------------------ scenarios */

/* What a scenario runs: the rotation plan, then optionally cluster timetables on the county
   after the plan's moves (all clusters, or the listed ones). */
typedef struct rotas_whatif_jobs {
    int plan;           /* 1: run the rotation plan */
    int tt_all;         /* 1: timetable every cluster */
    char **tt_clusters; /* owned by the scenario set: cluster ids when !tt_all */
    size_t n_tt_clusters;
} rotas_whatif_jobs;

typedef struct rotas_scenario_set rotas_scenario_set;

/* Read a scenario file. Syntax problems (unknown keys or kinds, wrong types) go to diags with
   JSON paths; then ROTAS_EINPUT and no set. *out is new (rotas_scenarios_free). */
rotas_rc rotas_scenarios_read(rotas_scenario_set **out, const char *path, rotas_diags *diags,
                              rotas_error *err);
/* The same from a buffer; base paths are resolved against dir (NULL: as written). */
rotas_rc rotas_scenarios_read_buffer(rotas_scenario_set **out, const char *buf, size_t len,
                                     const char *name, const char *dir, rotas_diags *diags,
                                     rotas_error *err);
void rotas_scenarios_free(rotas_scenario_set *s);

/* The base county path, resolved against the scenario file's folder. Borrowed. */
const char *rotas_scenarios_base(const rotas_scenario_set *s);
size_t rotas_scenarios_count(const rotas_scenario_set *s);
/* Name of scenario i. Borrowed. */
const char *rotas_scenarios_name(const rotas_scenario_set *s, size_t i);
/* Jobs of scenario i (its own, else the file's default, else the plan). Borrowed. */
const rotas_whatif_jobs *rotas_scenarios_jobs(const rotas_scenario_set *s, size_t i);

/*
 * Apply the file's base policy overrides and scenario i's changes, in order, to copies of
 * base and *policy. References are checked against the county as changed so far; every
 * problem goes to diags as "scenarios[i].changes[j].key: expected ..., found ...". On
 * problems ROTAS_EINPUT and no county. *out is new and finalized; *policy is updated.
 */
rotas_rc rotas_scenario_apply(rotas_county **out, rotas_policy *policy, const rotas_scenario_set *s,
                              size_t i, const rotas_county *base, rotas_diags *diags,
                              rotas_error *err);

/* Input hash: FNV-1a-64 over a canonical serialization of the county (every field, in
   order), the complete policy JSON, the jobs and the version string. 16 hex digits + NUL. */
void rotas_whatif_hash(char out[17], const rotas_county *c, const rotas_policy *p,
                       const rotas_whatif_jobs *jobs, const char *version);

/* The input hash of every scenario of the file, as rotas_whatif_run computes it with the same
   base county, policy, time limit (> 0: overrides the policy's) and version: (*out)[i] is
   scenario i's. Problems in the file go to diags (ROTAS_EINPUT). *out is new (free()). */
rotas_rc rotas_whatif_hashes(char (**out)[17], const rotas_scenario_set *s,
                             const rotas_county *base, const rotas_policy *policy,
                             double time_limit, const char *version, rotas_diags *diags,
                             rotas_error *err);

/* ------------------------------------------------------------------ rows */

#define ROTAS_WHATIF_MAX_SUBJECTS 64

/* The C view of one result row (see docs/whatif.md for the JSON). */
typedef struct rotas_whatif_row {
    char name[128];
    char hash[17];
    char status[16]; /* "ok", "failed", "timeout" */
    int cached;      /* 1: read back from the run table, not solved again */
    double seconds;
    int year;
    int moves, key_moved;
    double unfilled_before, unfilled_after; /* weekly periods */
    double unfilled_area[3];                /* after, by rotas_area */
    struct {
        char subject[32];
        double periods;
    } unfilled_subject[ROTAS_WHATIF_MAX_SUBJECTS]; /* after, subjects with periods > 0 */
    size_t n_unfilled_subject;
    double ind_mean[3][3]; /* after: [primary, junior, county][ROTAS_IND_*] per 100 students */
    double ind_cv[3][3];   /* after: coefficient of variation, same layout */
    double km;             /* km moved by the plan */
    int tt_clusters;       /* clusters timetabled */
    int tt_unscheduled;    /* lessons (periods) left unscheduled, summed */
    double tt_km;          /* itinerant km per week, summed */
    char plan_status[16];  /* "optimal", ..., "" when no plan ran */
    double gap;
    char error[512];
} rotas_whatif_row;

/* Row to JSON text (new, free()). NULL on out of memory. */
char *rotas_whatif_row_to_json(const rotas_whatif_row *r);
/* JSON text to row. ROTAS_EINPUT if text is not a row. */
rotas_rc rotas_whatif_row_from_json(rotas_whatif_row *out, const char *json, rotas_error *err);

/*
 * Write the results. json_path: rotas-whatif/1 document ("-" stdout; NULL none); csv_path:
 * UTF-8 CSV with BOM (NULL none); table: a readable aligned table (NULL none).
 */
rotas_rc rotas_whatif_write(const rotas_whatif_row *rows, size_t n, const char *json_path,
                            const char *csv_path, FILE *table, rotas_error *err);

/* ------------------------------------------------------------------ the batch */

/* Runs one scenario's jobs in a worker process; fills *row (name and hash are set by the
   caller; the runner sets the rest). Return non-OK with err for a failed scenario. */
typedef rotas_rc (*rotas_whatif_runner)(rotas_whatif_row *row, const rotas_county *c,
                                        const rotas_policy *p, const rotas_whatif_jobs *jobs,
                                        void *ctx, rotas_error *err);

/* The runner of the rotas CLI: rotas_plan_make, then rotas_timetable_make per cluster. */
rotas_rc rotas_whatif_run_jobs(rotas_whatif_row *row, const rotas_county *c, const rotas_policy *p,
                               const rotas_whatif_jobs *jobs, void *ctx, rotas_error *err);

typedef struct rotas_whatif_options {
    int workers;          /* worker processes at once (>= 1) */
    int shard_k, shard_n; /* run scenario i only if i mod shard_n == shard_k - 1; 0/0: all */
    double time_limit;    /* > 0: overrides the policy's time_limit_seconds */
    double wall_limit;    /* > 0: per-scenario wall limit; else time limit x jobs + margin */
    const char *version;  /* program version for the input hash */
    rotas_whatif_runner runner;
    void *runner_ctx;
    rotas_runs *runs;            /* may be NULL: no cache, nothing stored */
    volatile sig_atomic_t *stop; /* set (e.g. from SIGINT) to stop: workers are killed */
    /* Called in the parent as each row is known (cached or finished). May be NULL. */
    void (*on_row)(void *ctx, const rotas_whatif_row *row, size_t done, size_t total);
    void *on_row_ctx;
} rotas_whatif_options;

typedef struct rotas_whatif_result {
    rotas_whatif_row *rows; /* scenarios of the shard in file order; unfinished ones absent */
    size_t n_rows;
    size_t n_selected; /* scenarios in the shard */
    size_t n_cached, n_solved, n_failed, n_timeout;
    int interrupted;
} rotas_whatif_result;

/*
 * Run a scenario set on a base county and policy. All scenarios are applied first; any
 * problem goes to diags and ROTAS_EINPUT is returned before any worker starts. Rows of
 * finished scenarios are stored in opt->runs as they finish. ROTAS_EINTR when stopped
 * (rows so far are in *out). *out is caller storage; free with rotas_whatif_result_clear.
 */
rotas_rc rotas_whatif_run(rotas_whatif_result *out, const rotas_scenario_set *s,
                          const rotas_county *base, const rotas_policy *policy,
                          const rotas_whatif_options *opt, rotas_diags *diags, rotas_error *err);
void rotas_whatif_result_clear(rotas_whatif_result *r);

#endif
