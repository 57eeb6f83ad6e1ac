/*
 * whatif_expect.c - what a complete run of a scenario file holds: every scenario's name and
 * input hash, computed exactly as rotas_whatif_run computes them (the file's policy overrides
 * and the scenario's changes applied to the base county, the time limit, the jobs, the
 * version). `rotas whatif merge --scenarios` holds the merged run tables against it.
 * rotas__scenario_prepare is where both this and the batch take a scenario from.
 */
#include <stdlib.h>

#include "i18n_int.h"
#include "rotas/whatif.h"
#include "whatif_int.h"

rotas_rc rotas__scenario_prepare(rotas_county **out, rotas_policy *policy_out,
                                 const rotas_scenario_set *s, size_t i, const rotas_county *base,
                                 const rotas_policy *policy, double time_limit, rotas_diags *diags,
                                 rotas_error *err)
{
    rotas_policy p = *policy;
    rotas_error e = {0};
    rotas_rc r = rotas_scenario_apply(out, &p, s, i, base, diags, &e);
    if (r == ROTAS_EINPUT)
        return r;
    if (r != ROTAS_OK)
        return rotas_error_set(err, r, "%s", e.msg);
    if (time_limit > 0)
        p.time_limit_seconds = time_limit;
    *policy_out = p;
    return ROTAS_OK;
}

rotas_rc rotas_whatif_hashes(char (**out)[17], const rotas_scenario_set *s,
                             const rotas_county *base, const rotas_policy *policy,
                             double time_limit, const char *version, rotas_diags *diags,
                             rotas_error *err)
{
    size_t n = rotas_scenarios_count(s), problems = 0;
    char(*h)[17] = calloc(n ? n : 1, sizeof *h);
    rotas_rc rc = ROTAS_OK;
    *out = NULL;
    if (!h)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    for (size_t i = 0; i < n; i++) {
        rotas_policy p;
        rotas_county *c = NULL;
        rotas_rc r = rotas__scenario_prepare(&c, &p, s, i, base, policy, time_limit, diags, err);
        if (r == ROTAS_EINPUT) {
            problems++;
            continue;
        }
        if (r != ROTAS_OK) {
            rc = r;
            goto done;
        }
        rotas_whatif_hash(h[i], c, &p, rotas_scenarios_jobs(s, i), version);
        rotas_county_free(c);
    }
    if (problems)
        rc = rotas_error_set(
            err, ROTAS_EINPUT,
            P_("%zu scenario with errors", "%zu scenarios with errors", (problems)), problems);
done:
    if (rc != ROTAS_OK) {
        free(h);
        h = NULL;
    }
    *out = h;
    return rc;
}
