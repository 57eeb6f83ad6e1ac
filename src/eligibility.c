/*
 * eligibility.c - who may, must or may not rotate in a year (rotas/plan.h), by the rules the
 * planner's model starts from:
 *   frozen:   exempt, or on an exchange whose last year is >= Y, or (exempt_years_before_retirement
 *             > 0) within that many years of the retirement age of the teacher's gender;
 *   eligible: not frozen, and Y - school_since >= teacher_tenure_years, or a principal or
 *             vice-principal with Y - post_since >= leader_tenure_years;
 *   must:     not frozen, such a leader.
 * The bureau's decisions are not applied here.
 */
#include <stddef.h>

#include "i18n_int.h"
#include "rotas/plan.h"

static int is_leader(rotas_role role)
{
    return role == ROTAS_ROLE_PRINCIPAL || role == ROTAS_ROLE_VICE_PRINCIPAL;
}

unsigned rotas_plan_teacher_eligibility(const rotas_teacher *t, const rotas_policy *p, int year)
{
    int age = year - t->birth_year;
    int retire = t->gender == 'F' ? p->retirement_age_women : p->retirement_age_men;
    if (t->exempt || (t->exchange_until && t->exchange_until >= year) ||
        (p->exempt_years_before_retirement > 0 && t->birth_year > 0 &&
         age >= retire - p->exempt_years_before_retirement))
        return ROTAS_ELIG_FROZEN;
    unsigned st = 0;
    if (year - t->school_since >= p->teacher_tenure_years)
        st |= ROTAS_ELIG_ELIGIBLE | ROTAS_ELIG_TENURE;
    if (is_leader(t->role) && year - t->post_since >= p->leader_tenure_years)
        st |= ROTAS_ELIG_ELIGIBLE | ROTAS_ELIG_MUST;
    return st;
}

rotas_rc rotas_plan_eligibility(rotas_eligibility *out, const rotas_county *c,
                                const rotas_policy *p, int year, rotas_error *err)
{
    if (!out || !c || !p)
        return rotas_error_set(err, ROTAS_EINPUT, _("eligibility: no county, policy or output"));
    if (year <= 0)
        return rotas_error_set(err, ROTAS_EINPUT, _("eligibility: year %d is not a year"), year);
    rotas_eligibility e = {.year = year};
    for (size_t i = 0; i < c->n_teachers; i++) {
        unsigned st = rotas_plan_teacher_eligibility(&c->teachers[i], p, year);
        e.n_frozen += (st & ROTAS_ELIG_FROZEN) != 0;
        e.n_eligible += (st & ROTAS_ELIG_ELIGIBLE) != 0;
        e.n_must += (st & ROTAS_ELIG_MUST) != 0;
    }
    *out = e;
    return ROTAS_OK;
}
