/*
 * secondments.c - secondments after the plan (secondment_count).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "plan_int.h"
#include "rotas/plan.h"

/* Secondments (跟岗挂职): secondment_count middle leaders of urban schools, not frozen and not
   moved, as teaching vice-principals for the plan year at town or rural schools, one per
   school. Receiving schools in order of most unfilled periods after the plan, then fewest key
   teachers per 100 students, then school order; each takes the nearest candidate left. */
typedef struct sec_school {
    int s;
    double unfilled, key_rate;
} sec_school;

static int cmp_sec_school(const void *pa, const void *pb)
{
    const sec_school *a = pa, *b = pb;
    if (fabs(a->unfilled - b->unfilled) > 1e-9)
        return a->unfilled > b->unfilled ? -1 : 1;
    if (fabs(a->key_rate - b->key_rate) > 1e-9)
        return a->key_rate < b->key_rate ? -1 : 1;
    return rotas__plan_cmp_int(a->s, b->s);
}

rotas_rc rotas__plan_secondments(const model *m, rotas_plan *plan, rotas_error *err)
{
    const rotas_county *c = m->c;
    int want = m->p->secondment_count, ns = m->ns;
    size_t nt = c->n_teachers;
    rotas_rc rc = ROTAS_OK;
    unsigned char *moved = NULL, *used = NULL;
    int *K = NULL;
    sec_school *rs = NULL;
    if (want <= 0)
        return ROTAS_OK;
    if (!NEW(moved, nt) || !NEW(used, nt) || !NEW(K, ns) || !NEW(rs, ns) ||
        !(plan->secondments = calloc((size_t)want, sizeof *plan->secondments))) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    memcpy(K, m->K0, (size_t)ns * sizeof *K);
    for (size_t k = 0; k < plan->n_moves; k++) {
        const rotas_move *mv = &plan->moves[k];
        moved[mv->teacher] = 1;
        if (c->teachers[mv->teacher].key >= ROTAS_KEY_COUNTY) {
            K[mv->from]--;
            K[mv->to]++;
        }
    }
    int nr = 0;
    for (int s = 0; s < ns; s++) {
        if (c->schools[s].area == ROTAS_AREA_URBAN)
            continue;
        rs[nr].s = s;
        for (size_t k = 0; k < plan->n_unfilled; k++)
            if (plan->unfilled[k].school == s)
                rs[nr].unfilled += plan->unfilled[k].periods;
        rs[nr].key_rate =
            c->schools[s].students > 0 ? 100.0 * K[s] / (double)c->schools[s].students : INFINITY;
        nr++;
    }
    qsort(rs, (size_t)nr, sizeof *rs, cmp_sec_school);
    for (int r = 0; r < nr && (int)plan->n_secondments < want; r++) {
        int d = rs[r].s, best = -1;
        double bkm = 0;
        for (size_t t = 0; t < nt; t++) {
            const rotas_teacher *te = &c->teachers[t];
            if (!te->middle_leader || used[t] || moved[t] || (m->tstate[t] & T_FROZEN) ||
                c->schools[te->school].area != ROTAS_AREA_URBAN)
                continue;
            double km = rotas_county_km(c, te->school, d);
            if (best < 0 || km < bkm - 1e-9) {
                best = (int)t;
                bkm = km;
            }
        }
        if (best < 0)
            break;
        used[best] = 1;
        plan->secondments[plan->n_secondments++] = (rotas_secondment){
            .teacher = best, .from = c->teachers[best].school, .to = d, .km = bkm, .until = m->Y};
    }
done:
    free(moved);
    free(used);
    free(K);
    free(rs);
    return rc;
}
