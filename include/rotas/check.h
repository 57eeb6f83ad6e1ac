/*
 * rotas/check.h - the independent checker. It re-reads the county and a result and verifies
 * every rule directly; it shares no code with the model builders. One message per violation.
 */
#ifndef ROTAS_CHECK_H
#define ROTAS_CHECK_H

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/plan.h"
#include "rotas/policy.h"
#include "rotas/timetable.h"

/* Check a plan against the rules of rotas plan (frozen, eligible, must, quota, key share,
   posts, staffing, max_out_share, distance) minus the rules the plan lists as relaxed.
   Violations go to out (one line each). Returns the number of violations. */
size_t rotas_check_plan(const rotas_county *c, const rotas_policy *p, const rotas_plan *plan,
                        rotas_diags *out);

/* Check a timetable of one cluster: curriculum accounted for (lessons + unscheduled),
   class/teacher clashes, qualification, max_periods, own-school rule for non-shortage
   subjects, travel time, max schools a day, at most once a day for subjects <= 5 periods,
   routes consistent with lessons. Returns the number of violations. */
size_t rotas_check_timetable(const rotas_county *c, const rotas_policy *p,
                             const rotas_timetable *tt, rotas_diags *out);

#endif
