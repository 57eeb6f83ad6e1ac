/*
 * plan_int.h - internals of the rotation planner shared with its tests (private).
 */
#ifndef ROTAS_PLAN_INT_H
#define ROTAS_PLAN_INT_H

#include "rotas/plan.h"

/*
 * Write a GNU MathProg data section for models/rotation.mod: the same parameters and the same
 * candidate arcs (teacher, destination) as the hard model rotas_plan_make would build first
 * for this county, policy and options, teacher by teacher (no aggregation). The objective of
 * `glpsol -m models/rotation.mod -d path` equals the planner's optimal objective.
 */
rotas_rc rotas__plan_write_dat(const rotas_county *c, const rotas_policy *p,
                               const rotas_plan_options *opt, const char *path, rotas_error *err);

#endif
