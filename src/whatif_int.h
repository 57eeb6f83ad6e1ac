/* whatif_int.h - pieces shared by the what-if batch (whatif.c) and merge checks
   (whatif_expect.c). */
#ifndef ROTAS_WHATIF_INT_H
#define ROTAS_WHATIF_INT_H

#include "rotas/whatif.h"

/* Scenario i as a batch runs it: the file's policy overrides and the scenario's changes
   applied to copies of base and *policy, then time_limit (> 0) over the policy's. Problems go
   to diags and give ROTAS_EINPUT without touching err; another failure fills err. *out is new
   (rotas_county_free); *policy_out is set on success. */
rotas_rc rotas__scenario_prepare(rotas_county **out, rotas_policy *policy_out,
                                 const rotas_scenario_set *s, size_t i, const rotas_county *base,
                                 const rotas_policy *policy, double time_limit, rotas_diags *diags,
                                 rotas_error *err);

#endif
