/*
 * rotas/check.h - the independent checker. It re-reads the county and a result and verifies
 * every rule directly; it shares no code with the model builders. One message per violation.
 */
#ifndef ROTAS_CHECK_H
#define ROTAS_CHECK_H

#include "rotas/county.h"
#include "rotas/cover.h"
#include "rotas/error.h"
#include "rotas/policy.h"
#include "rotas/result.h"

/* Check a plan against the rules of rotas plan (frozen, eligible, must, quota, key share,
   posts, staffing, max_out_share, distance) minus the rules the plan lists as relaxed, and its
   unfilled periods (below). Violations go to out (one line each). Returns the number of
   violations. c, p and plan are borrowed and not changed.

   Unfilled periods (DESIGN.md, "Supply of teaching periods"), recomputed by the checker's own
   maximum flow. After the plan a teacher is at its move's destination, else at its own school;
   every teacher counts (leaders, frozen and exempt ones too) with its max_periods, or the policy's
   default_max_periods, split in any way over its subjects: a non-shortage subject only at its
   school, a shortage subject at any school of its school's cluster (only at its school when that
   has no cluster). The demand of a school in a subject is the sum over its classes of
   rotas_class_periods. A pool is a cluster with its schools, or a school without a cluster;
   pools never share teachers. The rules:
   - every unfilled entry names a known school and subject, once, with 0 <= periods <= the
     school's demand in the subject (to 1e-6);
   - per pool the entries add up to the least unfilled the staff after the plan can leave (the
     demand minus a maximum flow), to 0.01 periods;
   - the entries can all hold at once: some assignment teaches the demand minus the entries
     (not reported again for a pool whose entries add up to less than the least);
   - a finite plan->unfilled_after equals the sum of the entries, to 0.01 (NaN: not given; note
     that the JSON reader leaves 0 when the file has no summary). */
size_t rotas_check_plan(const rotas_county *c, const rotas_policy *p, const rotas_plan *plan,
                        rotas_diags *out);

/* Check a timetable of one cluster: curriculum accounted for (lessons + unscheduled),
   class/teacher clashes, qualification, max_periods, own-school rule for non-shortage
   subjects, travel time, max schools a day, at most once a day for subjects <= 5 periods,
   routes consistent with lessons. Returns the number of violations. */
size_t rotas_check_timetable(const rotas_county *c, const rotas_policy *p,
                             const rotas_timetable *tt, rotas_diags *out);

/* Everyday rules (checked by the two functions above): plans carry out the county's bureau
   decisions (a decided move is exempt from the eligibility rule but not from exemption; a stay
   lifts a must-move), give every move its priority (w_prio_tenure x years at the school +
   w_prio_key if key county+ + w_prio_hardship x hardship_years), count preference outcomes,
   list every case of justified envy (and only those), and keep the secondment rules. A plan
   read from a file without these reports (a move without "priority", a plan without
   "preferences": priority NaN, preference_got[0] = -1) is not checked for them;
   timetables keep teacher and class unavailability, subject slot rules (not_first_period,
   not_after_lunch), max_days and the cluster's fixed lessons. */

/* Re-plan: plan->n_changed must equal the moves of plan not in previous (same teacher and
   destination) plus the moves of previous no longer present. Returns the violations. */
size_t rotas_check_plan_replan(const rotas_county *c, const rotas_plan *plan,
                               const rotas_plan *previous, rotas_diags *out);

/* Re-plan: kept_lessons must equal the lessons of previous found identically (school, class,
   subject, teacher, day, period) in tt, and moved_lessons the rest of previous. */
size_t rotas_check_timetable_replan(const rotas_county *c, const rotas_timetable *tt,
                                    const rotas_timetable *previous, rotas_diags *out);

/* Check a daily cover (rotas-cover/1) of the cluster timetable tt: each entry is a lesson of
   an absent teacher on a date of its absence, every such lesson has exactly one entry; a
   substitute is another teacher not absent that date; a swap partner is a lesson of the same
   class in the same week, on a date not before the first absence, its teacher present on both
   dates and the absent teacher present on the swap date, no partner used twice; the summary
   counts match; and the timetable each week implies (substitutes teach, swapped lessons trade
   places, self-study lessons unscheduled, routes recomputed) passes rotas_check_timetable.
   Returns the number of violations; messages go to out. */
size_t rotas_check_cover(const rotas_county *c, const rotas_policy *p, const rotas_timetable *tt,
                         const rotas_cover *cv, rotas_diags *out);

#endif
