/*
 * decode.c - from a solution to the plan: moves by priority, the description of the plan.
 */
#include <math.h>
#include <stdlib.h>

#include "i18n_int.h"
#include "lp_int.h"
#include "plan_int.h"
#include "rotas/plan.h"
#include "rotas/shortage.h"

/* ---- decoding ---- */

int rotas__plan_find_rank(const rotas_teacher *t, int d)
{
    for (size_t k = 0; k < t->n_preferences; k++)
        if (t->preferences[k] == d)
            return (int)k + 1;
    return 0;
}

/* The bureau's priority score (积分) of a teacher in the plan year. */
double rotas__plan_priority_of(const model *m, int t)
{
    const rotas_teacher *te = &m->c->teachers[t];
    return m->p->w_prio_tenure * (double)(m->Y - te->school_since) +
           m->p->w_prio_key * (te->key >= ROTAS_KEY_COUNTY ? 1.0 : 0.0) +
           m->p->w_prio_hardship * (double)te->hardship_years;
}

static _Thread_local const model *g_prio_model;

static int cmp_priority(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    double x = rotas__plan_priority_of(g_prio_model, a),
           y = rotas__plan_priority_of(g_prio_model, b);
    if (x != y)
        return x > y ? -1 : 1;
    return rotas__plan_cmp_int(a, b);
}

rotas_rc rotas__plan_decode(const model *m, const double *xv, rotas_plan *plan, rotas_error *err)
{
    const rotas_county *c = m->c;
    const rotas_policy *p = m->p;
    rotas_rc rc = ROTAS_OK;
    int *school_of = NULL;
    double *S = NULL;
    size_t nmoves = 0;
    for (int a = 0; a < m->n_arcs; a++)
        nmoves += (size_t)llround(xv[a]);
    plan->moves = calloc(nmoves ? nmoves : 1, sizeof *plan->moves);
    if (!NEW(school_of, c->n_teachers) || !NEW(S, m->nunits) || !plan->moves) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    for (size_t i = 0; i < c->n_teachers; i++)
        school_of[i] = c->teachers[i].school;
    int K = 0;
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        /* Members share subjects, role, key-ness and preferences; they differ in priority.
           In priority order each takes the destination it ranks best among those left
           (serial dictatorship), so that no member envies another of its group. */
        int *left = NULL, *order = NULL;
        if (!NEW(left, g->n_cand ? g->n_cand : 1) || !NEW(order, g->n)) {
            free(left);
            free(order);
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
            goto done;
        }
        int total = 0;
        for (int k = 0; k < g->n_cand; k++)
            total += left[k] = (int)llround(xv[m->arc_off[i] + k]);
        for (int q = 0; q < g->n; q++)
            order[q] = m->members[g->first + q];
        g_prio_model = m;
        qsort(order, (size_t)g->n, sizeof *order, cmp_priority);
        const rotas_teacher *rep = &c->teachers[g->rep];
        for (int q = 0; q < g->n && total > 0; q++) {
            int best = -1, best_rank = 0;
            for (int k = 0; k < g->n_cand; k++) {
                if (left[k] <= 0)
                    continue;
                int r = rotas__plan_find_rank(rep, g->cand[k]);
                if (best < 0 || (r > 0 && (best_rank == 0 || r < best_rank))) {
                    best = k;
                    best_rank = r;
                }
            }
            left[best]--;
            total--;
            {
                int k = best;
                int t = order[q];
                rotas_move *mv = &plan->moves[plan->n_moves++];
                mv->teacher = t;
                mv->from = g->school;
                mv->to = g->cand[k];
                mv->km = rotas_county_km(c, mv->from, mv->to);
                mv->until = m->Y + p->exchange_term_years - 1;
                mv->shortage_subject = -1;
                school_of[t] = mv->to;
                K += g->key;
            }
        }
        free(left);
        free(order);
    }
    plan->n_key_moved = K;
done:
    free(school_of);
    free(S);
    return rc;
}

/* Reasons, unfilled periods and indicators of the decoded moves. */
rotas_rc rotas__plan_describe(const model *m, const double *x, rotas_plan *plan, rotas_error *err)
{
    const rotas_county *c = m->c;
    const rotas_policy *p = m->p;
    rotas_rc rc = ROTAS_OK;
    int *school_of = NULL;
    double *S = NULL;
    if (!NEW(school_of, c->n_teachers) || !NEW(S, m->nunits)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    for (size_t i = 0; i < c->n_teachers; i++)
        school_of[i] = c->teachers[i].school;
    int M = (int)plan->n_moves, K = plan->n_key_moved;
    for (size_t k = 0; k < plan->n_moves; k++)
        school_of[plan->moves[k].teacher] = plan->moves[k].to;
    /* reasons */
    double base =
        p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE ? (double)m->n_eligible : (double)M;
    int key_binding = (double)(K - 1) + 1e-9 < p->min_key_share * base;
    for (size_t k = 0; k < plan->n_moves; k++) {
        rotas_move *mv = &plan->moves[k];
        const rotas_teacher *t = &c->teachers[mv->teacher];
        unsigned st = m->tstate[mv->teacher];
        int key = t->key >= ROTAS_KEY_COUNTY;
        if (st & T_MUST)
            mv->reasons |= ROTAS_REASON_LEADER_TENURE;
        if (st & T_TENURE)
            mv->reasons |= ROTAS_REASON_TENURE;
        double best = 1e-9;
        for (size_t q = 0; q < t->n_subjects; q++) {
            int j = t->subjects[q];
            if (j < 0 || j >= m->nj)
                continue;
            int uf = rotas__plan_unit_of(m, mv->from, j), ut = rotas__plan_unit_of(m, mv->to, j);
            double def = m->D[ut] - m->S0[ut];
            if (uf != ut && def > best) {
                best = def;
                mv->shortage_subject = j;
            }
        }
        if (mv->shortage_subject >= 0)
            mv->reasons |= ROTAS_REASON_SHORTAGE;
        if (M <= m->quota_min && !(st & T_MUST))
            mv->reasons |= ROTAS_REASON_QUOTA;
        if (key && key_binding && p->min_key_share > 0)
            mv->reasons |= ROTAS_REASON_KEY_SHARE;
        if (key && m->has_students[mv->from] && m->has_students[mv->to] &&
            (double)m->K0[mv->from] > m->T[mv->from] && (double)m->K0[mv->to] < m->T[mv->to])
            mv->reasons |= ROTAS_REASON_BALANCE;
        mv->preference_rank = rotas__plan_find_rank(t, mv->to);
        if (mv->preference_rank > 0)
            mv->reasons |= ROTAS_REASON_PREFERENCE;
        int ga = c->schools[mv->from].group, gb = c->schools[mv->to].group;
        if (ga >= 0 && ga == gb)
            mv->reasons |= ROTAS_REASON_GROUP;
        if (rotas__plan_dispatch_kind_t(m, mv->teacher, mv->to))
            mv->reasons |= ROTAS_REASON_GROUP_DISPATCH;
        plan->km_total += mv->km;
    }

    /* unfilled after, per school and subject: the library's maximum flow for the staff after
       the plan (the model's own figure at its optimal flow; served rural and hardship schools
       first, which is the least weighted unfilled) */
    size_t nsj = (size_t)m->ns * (size_t)m->nj;
    double *U = NULL;
    if (!NEW(U, nsj)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    if ((rc = rotas_shortage_compute(U, NULL, c, p, school_of, err))) {
        free(U);
        goto done;
    }
    size_t cap = 0;
    double wu = 0.0;
    for (int s = 0; s < m->ns; s++)
        for (int j = 0; j < m->nj; j++) {
            size_t k = (size_t)s * (size_t)m->nj + (size_t)j;
            double un = U[k];
            plan->unfilled_before += m->u0_sj[k];
            if (un <= 1e-9)
                continue;
            plan->unfilled_after += un;
            wu += m->fac[s] * un;
            if (plan->n_unfilled == cap) {
                size_t nc = cap ? 2 * cap : 64;
                rotas_unfilled *a = realloc(plan->unfilled, nc * sizeof *a);
                if (!a) {
                    free(U);
                    rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                    goto done;
                }
                plan->unfilled = a;
                cap = nc;
            }
            plan->unfilled[plan->n_unfilled++] =
                (rotas_unfilled){.school = s, .subject = j, .periods = un};
        }
    free(U);
    /* the objective from what the plan does: moves (and slack), unfilled periods, balance */
    {
        double obj = p->w_unfilled * wu + p->w_keep * (double)m->n_prev;
        size_t n = rotas__lp_n_cols(m->lp);
        for (size_t j = 0; j < n; j++)
            if (rotas__plan_is_int_col(m, j))
                obj += m->obj[j] * round(x[j]);
        int *Ka = NULL;
        if (!NEW(Ka, m->ns)) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
            goto done;
        }
        for (size_t i = 0; i < c->n_teachers; i++)
            if (c->teachers[i].key >= ROTAS_KEY_COUNTY)
                Ka[school_of[i]]++;
        for (int s = 0; s < m->ns; s++)
            if (m->has_students[s])
                obj += p->w_balance * fabs((double)Ka[s] - m->T[s]);
        free(Ka);
        plan->objective = obj;
    }
    rotas_indicators_compute(&plan->before, c, NULL);
    rotas_indicators_compute(&plan->after, c, school_of);
done:
    free(school_of);
    free(S);
    return rc;
}
