/*
 * fairness.c - the fairness stage: swaps that remove envy without making the plan worse.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "lp_int.h"
#include "plan_int.h"
#include "rotas/plan.h"

/* Recompute the continuous columns of x for its moves (optimal flows, unfilled periods, key
   deviations) and tell whether every row holds. Slack columns keep their values. */
int rotas__plan_refresh_x(model *m, double *x)
{
    return rotas__plan_complete(m, x) == 1;
}

/* The objective without the arcs' own costs: unfilled periods, key balance, slack. */
static double non_arc_objective(const model *m, const double *x)
{
    double v = 0.0;
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = (size_t)m->n_arcs; j < n; j++)
        v += m->obj[j] * x[j];
    return v;
}

/* Two teachers compete for the same kind of place: same main subject and role. */
static int same_place(const rotas_teacher *a, const rotas_teacher *b)
{
    return a->role == b->role && a->n_subjects > 0 && b->n_subjects > 0 &&
           a->subjects[0] == b->subjects[0];
}

/* Does moved teacher a (moves[i]) envy b (moves[j])? a has the higher priority, ranks b's
   destination above its own, and both hold the same kind of place. */
static int envies(const model *m, const rotas_plan *plan, size_t i, size_t j)
{
    const rotas_move *ma = &plan->moves[i], *mb = &plan->moves[j];
    const rotas_teacher *a = &m->c->teachers[ma->teacher], *b = &m->c->teachers[mb->teacher];
    /* the cheap tests first: this runs for every pair of moves */
    if (i == j || !same_place(a, b))
        return 0;
    int ra = rotas__plan_find_rank(a, ma->to), rb = rotas__plan_find_rank(a, mb->to);
    return rb > 0 && (ra == 0 || rb < ra) &&
           rotas__plan_priority_of(m, ma->teacher) > rotas__plan_priority_of(m, mb->teacher) + 1e-9;
}

/* Try to swap the destinations of moves i and j in x; keep the swap if every rule still holds
   and the unfilled periods and key balance do not get worse. Returns 1 kept, 0 not, with why. */
static int try_swap(model *m, double *x, rotas_plan *plan, const int *tgroup, size_t i, size_t j,
                    double *base, char *why, size_t wn)
{
    rotas_move *ma = &plan->moves[i], *mb = &plan->moves[j];
    const rotas_county *c = m->c;
    int ga = tgroup[ma->teacher], gb = tgroup[mb->teacher];
    const char *ida = c->teachers[ma->teacher].id, *idb = c->teachers[mb->teacher].id;
    if (ga < 0 || gb < 0 || m->dec_to[ma->teacher] >= 0 || m->dec_to[mb->teacher] >= 0 ||
        m->partner[ma->teacher] >= 0 || m->partner[mb->teacher] >= 0)
        return snprintf(why, wn, _("a decision of the bureau fixes one of the two moves")), 0;
    if (m->prev_to[ma->teacher] == ma->to || m->prev_to[mb->teacher] == mb->to)
        return snprintf(why, wn, _("the re-plan keeps %s's move from the previous plan"),
                        m->prev_to[ma->teacher] == ma->to ? c->teachers[ma->teacher].id
                                                          : c->teachers[mb->teacher].id),
               0;
    int a_old = rotas__plan_cand_index(&m->g[ga], ma->to),
        a_new = rotas__plan_cand_index(&m->g[ga], mb->to);
    int b_old = rotas__plan_cand_index(&m->g[gb], mb->to),
        b_new = rotas__plan_cand_index(&m->g[gb], ma->to);
    if (a_old < 0 || b_old < 0)
        return snprintf(why, wn, _("internal: move not in the model")), 0;
    if (a_new < 0)
        return snprintf(why, wn,
                        _("%s was not a destination for %s: too far, or its subjects are "
                          "not short there"),
                        rotas__plan_sid(m, mb->to), ida),
               0;
    if (b_new < 0)
        return snprintf(why, wn,
                        _("%s cannot take %s's place at %s: too far, or its subjects are "
                          "not short there"),
                        idb, ida, rotas__plan_sid(m, ma->to)),
               0;
    if (!rotas__plan_within_km(m, ma->from, mb->to) || !rotas__plan_within_km(m, mb->from, ma->to))
        return snprintf(why, wn, _("max_km: the swap would make a move longer than %g km"),
                        m->p->max_km),
               0;
    if (rotas__plan_now_s() > m->deadline)
        return snprintf(why, wn, _("the time limit ran out before the swap was tried")), 0;
    int ca = m->arc_off[ga], cb = m->arc_off[gb];
    x[ca + a_old] -= 1;
    x[ca + a_new] += 1;
    x[cb + b_old] -= 1;
    x[cb + b_new] += 1;
    int ok = rotas__plan_refresh_x(m, x);
    double v = ok ? non_arc_objective(m, x) : 0.0;
    if (ok && v <= *base + 1e-6) {
        *base = v;
        int t = ma->to;
        ma->to = mb->to;
        mb->to = t;
        ma->km = rotas_county_km(c, ma->from, ma->to);
        mb->km = rotas_county_km(c, mb->from, mb->to);
        return 1;
    }
    x[ca + a_old] += 1;
    x[ca + a_new] -= 1;
    x[cb + b_old] += 1;
    x[cb + b_new] -= 1;
    rotas__plan_refresh_x(m, x);
    if (!ok)
        snprintf(why, wn,
                 _("swapping %s and %s breaks a rule (staff quota, outflow cap, posts or "
                   "a share)"),
                 ida, idb);
    else
        snprintf(why, wn,
                 _("swapping %s and %s would leave more periods unfilled or key teachers "
                   "less balanced (objective +%.1f)"),
                 ida, idb, v - *base);
    return 0;
}

/* Fairness stage: remove justified envy between moved teachers by swapping their
   destinations wherever the rules, the unfilled periods and the key balance allow (it may
   cost km and preference points of others: fairness comes before them); report the cases
   that remain and why; fill priorities and preference outcomes. */
rotas_rc rotas__plan_fairness(model *m, double *x, rotas_plan *plan, rotas_error *err)
{
    const rotas_county *c = m->c;
    int *tgroup = NULL;
    rotas_rc rc = ROTAS_OK;
    char why[200];
    if (!NEW(tgroup, c->n_teachers))
        return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
    for (size_t t = 0; t < c->n_teachers; t++)
        tgroup[t] = -1;
    for (int i = 0; i < m->ng; i++)
        for (int q = 0; q < m->g[i].n; q++)
            tgroup[m->members[m->g[i].first + q]] = i;
    /* past the deadline no swap is tried (try_swap says so): the cases are listed */
    int in_time = rotas__plan_now_s() < m->deadline;
    if (in_time)
        rotas__plan_refresh_x(m, x);
    double base = in_time ? non_arc_objective(m, x) : 0.0;
    size_t nm = plan->n_moves;
    for (int round = 0, changed = in_time; changed && round < 20; round++) {
        changed = 0;
        for (size_t i = 0; i < nm; i++)
            for (size_t j = 0; j < nm; j++)
                if (envies(m, plan, i, j) &&
                    try_swap(m, x, plan, tgroup, i, j, &base, why, sizeof why))
                    changed = 1;
    }
    for (size_t i = 0; i < nm; i++)
        for (size_t j = 0; j < nm; j++) {
            if (!envies(m, plan, i, j))
                continue;
            if (try_swap(m, x, plan, tgroup, i, j, &base, why, sizeof why))
                continue; /* a late swap: the pair is fine now (a later pass checks the rest) */
            rotas_envy *a = realloc(plan->envy, (plan->n_envy + 1) * sizeof *a);
            if (!a) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                goto done;
            }
            plan->envy = a;
            rotas_envy *e = &plan->envy[plan->n_envy++];
            e->teacher = plan->moves[i].teacher;
            e->other = plan->moves[j].teacher;
            e->school = plan->moves[j].to;
            snprintf(e->why, sizeof e->why, "%s", why);
        }
    /* a late swap above may have made or ended other cases: list exactly the cases left */
    size_t kept = 0;
    for (size_t e = 0; e < plan->n_envy; e++) {
        size_t i = nm, j = nm;
        for (size_t k = 0; k < nm; k++) {
            if (plan->moves[k].teacher == plan->envy[e].teacher)
                i = k;
            if (plan->moves[k].teacher == plan->envy[e].other)
                j = k;
        }
        if (i < nm && j < nm && envies(m, plan, i, j) && plan->moves[j].to == plan->envy[e].school)
            plan->envy[kept++] = plan->envy[e];
    }
    plan->n_envy = kept;
    for (size_t i = 0; i < nm; i++)
        for (size_t j = 0; j < nm; j++) {
            if (!envies(m, plan, i, j))
                continue;
            int listed = 0;
            for (size_t e = 0; e < plan->n_envy && !listed; e++)
                listed = plan->envy[e].teacher == plan->moves[i].teacher &&
                         plan->envy[e].other == plan->moves[j].teacher;
            if (listed)
                continue;
            rotas_envy *a = realloc(plan->envy, (plan->n_envy + 1) * sizeof *a);
            if (!a) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                goto done;
            }
            plan->envy = a;
            rotas_envy *e = &plan->envy[plan->n_envy++];
            e->teacher = plan->moves[i].teacher;
            e->other = plan->moves[j].teacher;
            e->school = plan->moves[j].to;
            snprintf(e->why, sizeof e->why,
                     _("swapping them would undo a fairer swap made for "
                       "another teacher of higher priority"));
        }
    memset(plan->preference_got, 0, sizeof plan->preference_got);
    for (size_t i = 0; i < nm; i++) {
        rotas_move *mv = &plan->moves[i];
        const rotas_teacher *t = &c->teachers[mv->teacher];
        mv->priority = rotas__plan_priority_of(m, mv->teacher);
        if (t->n_preferences > 0) {
            int r = rotas__plan_find_rank(t, mv->to);
            if (r >= 0 && r <= 3)
                plan->preference_got[r]++;
        }
    }
    plan->n_changed = -1;
done:
    free(tgroup);
    return rc;
}
