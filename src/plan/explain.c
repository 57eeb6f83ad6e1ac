/*
 * explain.c - explaining one teacher (rotas_plan_explain).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "plan_int.h"
#include "rotas/plan.h"

/* ---- explaining one teacher ---- */

/* Periods a move of g to d fills at d (gain > 0) and leaves unfilled at its school, from the
   true shortage before any move, per subject of the teacher. */

/* A role in the reader's language (the codes are msgids of the catalogue: teacher 专任教师,
   principal 校长, vice_principal 副校长). */
static const char *role_label(rotas_role r)
{
    switch (r) {
    case ROTAS_ROLE_PRINCIPAL:
        return _("principal");
    case ROTAS_ROLE_VICE_PRINCIPAL:
        return _("vice_principal");
    default:
        return _("teacher");
    }
}
static void fill_terms(const model *m, const grp *g, int d, FILE *f)
{
    const rotas_teacher *t = &m->c->teachers[g->rep];
    for (size_t q = 0; q < t->n_subjects; q++) {
        int j = t->subjects[q];
        if (j < 0 || j >= m->nj)
            continue;
        int uf = rotas__plan_unit_of(m, g->school, j), ut = rotas__plan_unit_of(m, d, j);
        if (uf == ut) {
            fprintf(f, _("      %s: same pool (cluster), no change\n"), m->c->subjects[j].id);
            continue;
        }
        /* the true shortage before any move; the teacher's capacity goes to any mix of its
           subjects, so a move fills up to the lesser of the two */
        double cap = m->tcap[g->rep];
        double def_t = m->D[ut] - m->S0[ut], fills = def_t > 0 ? fmin(def_t, cap) : 0.0;
        double home = fmax(0.0, m->D[uf] - m->S0[uf]);
        fprintf(f,
                _("      %s: fills up to %.1f of %.1f periods short at the destination (its %.0f "
                  "periods a week go to any of its subjects); %.1f short at home now (weights "
                  "%.2f and %.2f x %g)\n"),
                m->c->subjects[j].id, fills, def_t > 0 ? def_t : 0.0, cap, home, m->ufac[ut],
                m->ufac[uf], m->p->w_unfilled);
    }
}

static void cost_terms(const model *m, const grp *g, int d, FILE *f)
{
    const rotas_teacher *t = &m->c->teachers[g->rep];
    const rotas_policy *p = m->p;
    double km = rotas_county_km(m->c, g->school, d);
    int rank = rotas__plan_find_rank(t, d);
    double pref = t->n_preferences == 0 ? 0.0
                  : rank                ? p->w_preference * (rank - 1)
                                        : p->w_preference * (double)(t->n_preferences + 1);
    int ga = m->c->schools[g->school].group, gb = m->c->schools[d].group;
    char pr[32];
    if (rank)
        snprintf(pr, sizeof pr, _("rank %d"), rank);
    else
        snprintf(pr, sizeof pr, "%s", t->n_preferences ? _("not asked for") : _("none stated"));
    fprintf(f, _("    %s: %.1f km (cost %.1f), move %.1f, preference %s (cost %.1f)"),
            rotas__plan_sid(m, d), km, p->w_km * km, p->w_move, pr, pref);
    if (ga >= 0 && ga == gb)
        fprintf(f, _(", same education group (saves %.1f)"), p->w_group);
    if (m->have_prev)
        fprintf(f, _(", keep %+.0f"), rotas__plan_keep_cost(m, g, d));
    fprintf(f, _("; total %.1f\n"), rotas__plan_arc_cost(m, g, d));
    fill_terms(m, g, d, f);
}

rotas_rc rotas_plan_explain(char **out, const rotas_county *c, const rotas_policy *p,
                            const rotas_plan_options *opt, const rotas_plan *plan, int teacher,
                            rotas_error *err)
{
    static const rotas_plan_options no_opt = {0};
    model m;
    memset(&m, 0, sizeof m);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = NULL;
    rotas_rc rc;
    int Y;
    *out = NULL;
    if (!opt)
        opt = &no_opt;
    if (teacher < 0 || (size_t)teacher >= c->n_teachers)
        return rotas_error_set(err, ROTAS_EINPUT, _("plan: explain: unknown teacher"));
    rotas_plan_options o2 = *opt;
    if (plan)
        o2.year = plan->year;
    if ((rc = rotas__plan_plan_year(c, &o2, &Y, err)))
        return rc;
    if ((rc = rotas__plan_model_init(&m, c, p, Y, opt->previous, err)) ||
        (rc = rotas__plan_make_candidates(&m, 0, err)))
        goto done;
    f = open_memstream(&buf, &len);
    if (!f) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    const rotas_teacher *t = &c->teachers[teacher];
    unsigned st = m.tstate[teacher];
    int tenure = Y - t->school_since, post = Y - t->post_since;
    fprintf(f, _("%s (%s, %s) at %s in %d: %d years at the school (eligible from %d)"), t->id,
            role_label(t->role), t->n_subjects ? c->subjects[t->subjects[0]].id : "-",
            rotas__plan_sid(&m, t->school), Y, tenure, p->teacher_tenure_years);
    if (rotas__plan_is_leader((int)t->role))
        fprintf(f, _(", %d years in the post (must move from %d)"), post, p->leader_tenure_years);
    fprintf(f, "%s\n", t->key >= ROTAS_KEY_COUNTY ? _(", key teacher") : "");
    const rotas_move *mv = NULL;
    for (size_t k = 0; plan && k < plan->n_moves; k++)
        if (plan->moves[k].teacher == teacher)
            mv = &plan->moves[k];
    for (size_t k = 0; plan && k < plan->n_secondments; k++)
        if (plan->secondments[k].teacher == teacher)
            fprintf(f, _("  seconded to %s for %d as teaching vice-principal (%.1f km)\n"),
                    rotas__plan_sid(&m, plan->secondments[k].to), plan->secondments[k].until,
                    plan->secondments[k].km);
    for (size_t i = 0; i < c->n_decisions; i++) {
        const rotas_decision *d = &c->decisions[i];
        if (d->teacher != teacher &&
            !(d->kind == ROTAS_DECISION_TOGETHER && d->teacher2 == teacher))
            continue;
        if (d->kind == ROTAS_DECISION_MOVE)
            fprintf(f, _("  decision %zu: move to %s"), i + 1, rotas__plan_sid(&m, d->school));
        else if (d->kind == ROTAS_DECISION_TOGETHER)
            fprintf(f, _("  decision %zu: together with %s"), i + 1,
                    rotas__plan_tname(c, d->teacher == teacher ? d->teacher2 : d->teacher));
        else if (d->kind == ROTAS_DECISION_STAY)
            fprintf(f, _("  decision %zu: stay"), i + 1);
        else
            fprintf(f, _("  decision %zu: %s"), i + 1, rotas_decision_kind_name(d->kind));
        fprintf(f, "%s%s\n", d->reason ? _(": ") : "", d->reason ? d->reason : "");
    }
    if (st & T_FROZEN) {
        if (t->exempt)
            fprintf(f, _("  frozen: exempt (%s); frozen teachers never move\n"), t->exempt);
        else if (t->exchange_until >= Y)
            fprintf(f, _("  frozen: on an exchange until %d; frozen teachers never move\n"),
                    t->exchange_until);
        else
            fprintf(f, _("  frozen: within %d years of retirement; frozen teachers never move\n"),
                    p->exempt_years_before_retirement);
    } else if (st & T_STAY) {
        fprintf(f, _("  stays: a stay decision of the bureau%s\n"),
                rotas__plan_is_leader((int)t->role) && post >= p->leader_tenure_years
                    ? _(" (it lifts the post-tenure must-move)")
                    : "");
    } else if (!(st & (T_ELIGIBLE | T_DECIDED))) {
        fprintf(f, _("  not eligible: %d years at the school < %d%s; it stays\n"), tenure,
                p->teacher_tenure_years,
                rotas__plan_is_leader((int)t->role) ? _(" and below the post-tenure line") : "");
    } else {
        if (st & T_MUST)
            fprintf(f, _("  must move: %s %d years in the post >= %d\n"), role_label(t->role), post,
                    p->leader_tenure_years);
        else if (st & T_ELIGIBLE)
            fprintf(f, _("  eligible: %d years at the school >= %d\n"), tenure,
                    p->teacher_tenure_years);
        if (m.dec_to[teacher] >= 0)
            fprintf(f, _("  a move decision fixes its destination: %s\n"),
                    rotas__plan_sid(&m, m.dec_to[teacher]));
        int gi = m.tg[teacher];
        const grp *g = gi >= 0 ? &m.g[gi] : NULL;
        if (g && g->n > 1)
            fprintf(f,
                    P_("  interchangeable with %d other at its school (same subjects, role, "
                       "key-ness, preferences): within them the higher priority chooses first\n",
                       "  interchangeable with %d others at its school (same subjects, role, "
                       "key-ness, preferences): within them the higher priority chooses first\n",
                       g->n - 1),
                    g->n - 1);
        if (!g || g->n_cand == 0) {
            fprintf(f, _("  candidate destinations: none (no school within reach where its "
                         "subjects are short, more rural or harder, or that it asked for)\n"));
        } else {
            fprintf(f, _("  candidate destinations considered (%d):\n"), g->n_cand);
            for (int k = 0; k < g->n_cand; k++)
                cost_terms(&m, g, g->cand[k], f);
        }
        if (mv) {
            fprintf(f, _("  moves to %s (%.1f km, until %d, priority %.1f)\n"),
                    rotas__plan_sid(&m, mv->to), mv->km, mv->until, mv->priority);
            if (g && rotas__plan_cand_index(g, mv->to) < 0)
                cost_terms(&m, g, mv->to, f);
        } else if (plan && g && g->n_cand > 0) {
            int n_out = 0, me = 0;
            int *in = NULL;
            if (!NEW(in, m.ns)) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                goto done;
            }
            for (size_t k = 0; k < plan->n_moves; k++) {
                const rotas_move *x = &plan->moves[k];
                in[x->to]++;
                in[x->from]--;
                n_out += x->from == t->school;
                me += (m.tstate[x->teacher] & T_ELIGIBLE) != 0;
            }
            fprintf(f, _("  stays:\n"));
            if (n_out >= m.outcap[t->school])
                fprintf(f,
                        P_("    its school %s already loses %d teacher, the most it may "
                           "(max_out_share)\n",
                           "    its school %s already loses %d teachers, the most it may "
                           "(max_out_share)\n",
                           n_out),
                        rotas__plan_sid(&m, t->school), n_out);
            for (int k = 0; k < g->n_cand; k++) {
                int d = g->cand[k];
                if (in[d] >= m.room[d])
                    fprintf(f,
                            _("    %s has no staffing room left (%+d teachers net in the plan, "
                              "room %d under its quota)\n"),
                            rotas__plan_sid(&m, d), in[d], m.room[d]);
            }
            if (me >= m.quota_min)
                fprintf(f,
                        _("    the rotation share is met: %d eligible moved, %d required; "
                          "the moves made fill more or cost less\n"),
                        me, m.quota_min);
            if (st & T_MUST)
                fprintf(f, _("    the leader_tenure rule was relaxed for it (see relaxed)\n"));
            free(in);
        }
    }
    if (fclose(f) != 0) {
        f = NULL;
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    f = NULL;
    *out = buf;
    buf = NULL;
done:
    if (f)
        fclose(f);
    free(buf);
    rotas__plan_model_free(&m);
    return rc;
}
