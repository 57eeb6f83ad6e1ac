/*
 * rotas/shortage.h - the true shortage of teaching periods: what remains of the classes'
 * demand after the best assignment of every teacher's capacity (DESIGN.md, "Supply of
 * teaching periods"). One definition for every figure rotas calls unfilled, uncovered or
 * short outside the planner's model: `rotas summary`, what-if hires, the simulation's
 * hiring rule.
 *
 * Demand. D(s, j) = sum over the classes k of school s of rotas_class_periods(c, k, j).
 *
 * Supply. A teacher t at school a has capacity cap(t) = max_periods, or the policy's
 * default_max_periods where max_periods is 0, and may split it in any way over the subjects
 * it lists (entries out of range are ignored):
 *   - a non-shortage subject only at its school a;
 *   - a shortage subject (rotas_subject.shortage) at any school of a's cluster, or only at a
 *     when a is in no cluster.
 * Every teacher counts (leaders, exempt teachers, those on exchange). A pool is a cluster
 * with its schools, or a school in no cluster; pools are independent of each other.
 *
 * Unfilled. The maximum flow of capacity to demand (integers) is computed; unfilled(s, j) =
 * D(s, j) - periods of (s, j) served by that flow. The total is the same for every maximum
 * flow; its split over the schools of a pool is not, so it is made deterministic and fair:
 * schools with a higher factor 1 + w_rural x [area rural] + w_hardship x hardship (the
 * planner's weighting) are served first, i.e. the served periods are lexicographically
 * largest by factor level, highest level first. Within a level the split is a fixed one
 * (by school and subject index order), the same on every run.
 *
 * Cost: a Dinic maximum flow on teachers aggregated by (school, subject set); a county of
 * 2,000 schools and 36,000 teachers takes about 11 ms (bench/RESULTS.md).
 */
#ifndef ROTAS_SHORTAGE_H
#define ROTAS_SHORTAGE_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/policy.h"

/*
 * Demand per (school, subject): fills demand[s * c->n_subjects + j] = D(s, j) for every
 * school s and subject j. `demand` is caller storage of n_schools x n_subjects doubles
 * (nothing is written when either count is 0). `c` is borrowed and must be finalized.
 */
void rotas_shortage_demand(double *demand, const rotas_county *c);

/*
 * The true shortage. Fills unfilled[s * c->n_subjects + j] with the periods of subject j
 * that school s still lacks after a maximum flow (see above); *total, when total is not
 * NULL, with their sum. `unfilled` is caller storage of n_schools x n_subjects doubles, or
 * NULL when only the total is wanted. All values are whole numbers >= 0.
 *
 * school_of: NULL to take every teacher where the county has it (rotas_teacher.school);
 * else n_teachers school indexes, borrowed, that place teacher t at school_of[t] instead
 * (a plan's outcome, a what-if). A negative index leaves the teacher out (gone from the
 * county).
 *
 * `c` and `p` are borrowed and not changed; `c` must be finalized (it reads the curriculum
 * table). Returns ROTAS_OK; ROTAS_EINPUT when a school index (school_of[t], or a teacher's
 * school) is past the last school, with the teacher named; ROTAS_ENOMEM. On failure the
 * outputs are left unspecified.
 */
rotas_rc rotas_shortage_compute(double *unfilled, double *total, const rotas_county *c,
                                const rotas_policy *p, const int *school_of, rotas_error *err);

#endif
