/*
 * check_int.h - private parts of the checker shared between check.c, check_flow.c and
 * check/timetable.c.
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

/* Violations found so far: each is one line of out (may be NULL), n counts them. */
typedef struct rotas__check_sink {
    rotas_diags *out;
    size_t n;
} rotas__check_sink;

/* Add one violation (printf format). */
void rotas__check_viol(rotas__check_sink *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Ids for messages: "?" when the index is out of range. */
const char *rotas__check_tid(const rotas_county *c, int t);
const char *rotas__check_sid(const rotas_county *c, int s);
const char *rotas__check_subid(const rotas_county *c, int s);
/* A reason, or "no reason given". */
const char *rotas__check_reason(const char *r);

/* Short names inside the checker's files. */
typedef rotas__check_sink sink;
#define viol rotas__check_viol
#define tid rotas__check_tid
#define sid rotas__check_sid
#define subid rotas__check_subid
#define reason_or rotas__check_reason
#define EPS 1e-9

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
