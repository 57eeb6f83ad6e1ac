/*
 * check_int.h - private parts of the checker shared between check.c and check_flow.c.
 *
 * check_flow.c recomputes the unfilled periods of a plan with its own maximum flow (DESIGN.md,
 * "Supply of teaching periods"). It reads only the county and the plan; nothing here is shared
 * with the planners.
 */
#ifndef ROTAS_CHECK_INT_H
#define ROTAS_CHECK_INT_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/policy.h"
#include "rotas/result.h"

/*
 * Verify plan->unfilled[] and plan->unfilled_after against the staff after the plan:
 * after[t] is the school of teacher t after the plan (its own school when it does not move;
 * n_teachers entries, borrowed). Rules: every entry names a known school and subject, once,
 * with 0 <= periods <= the weekly demand; per pool (a cluster with its schools, or a school
 * without a cluster) the entries add up to the least unfilled the staff can leave (maximum
 * flow), and the entries can all be true at once; a finite unfilled_after equals the sum of the
 * entries. One line per violation is added to out; returns their number.
 */
size_t rotas__check_unfilled(const rotas_county *c, const rotas_policy *p, const rotas_plan *plan,
                             const int *after, rotas_diags *out);

/*
 * One best distribution of unfilled periods for the staff after[] (as above):
 * out[s * n_subjects + j] = D(s, j) minus what a maximum flow teaches there (out: caller storage
 * of n_schools * n_subjects doubles). *total (may be NULL) gets the sum. 0 ok, -1 out of memory.
 */
int rotas__check_min_unfilled(const rotas_county *c, const rotas_policy *p, const int *after,
                              double *out, double *total);

/*
 * Rule group_dispatch (check_groups.c): each member school of an education group with a head
 * receives the policy's managers and key teachers of its weakest subjects from the head, unless
 * relaxed[] group_dispatch covers the shortfall; the group_dispatch reason tags exactly those
 * moves. One line per violation is added to out; returns their number.
 */
size_t rotas__check_groups(const rotas_county *c, const rotas_policy *p, const rotas_plan *plan,
                           rotas_diags *out);

#endif
