/*
 * dat.c - GNU MathProg data for models/rotation.mod (rotas__plan_write_dat).
 */
#include <stdio.h>
#include <string.h>

#include "i18n_int.h"
#include "plan_int.h"
#include "rotas/plan.h"

/* ---- MathProg data for models/rotation.mod ---- */

rotas_rc rotas__plan_write_dat(const rotas_county *c, const rotas_policy *p,
                               const rotas_plan_options *opt, const char *path, rotas_error *err)
{
    model m;
    memset(&m, 0, sizeof m);
    FILE *f = NULL;
    rotas_rc rc;
    int Y;
    static const rotas_plan_options no_opt = {0};
    if (!opt)
        opt = &no_opt;
    if ((rc = rotas__plan_plan_year(c, opt, &Y, err)))
        return rc;
    if ((rc = rotas__plan_model_init(&m, c, p, Y, opt->previous, err)) ||
        (rc = rotas__plan_make_candidates(&m, 0, err)))
        goto done;
    /* the greedy may add leader candidates, as in rotas_plan_make */
    if (rotas__plan_greedy(&m, rotas__plan_now_s() + 60.0, NULL) < 0) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    f = fopen(path, "w");
    if (!f) {
        rc = rotas_error_set(err, ROTAS_EIO, _("%s: cannot write"), path);
        goto done;
    }
    fprintf(f, "data;\n");
    fprintf(f, "param w_unfilled := %.17g;\nparam w_balance := %.17g;\n", p->w_unfilled,
            p->w_balance);
    fprintf(f, "param min_key_share := %.17g;\nparam key_base_eligible := %d;\n", p->min_key_share,
            p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE);
    fprintf(f, "param quota_min := %d;\nparam n_eligible := %d;\n", m.quota_min, m.n_eligible);
    fprintf(f, "set S :=");
    for (int s = 0; s < m.ns; s++)
        fprintf(f, " s%d", s);
    /* teachers: a group of interchangeable teachers is one entry, named by its representative
       (the teachers of a decision are groups of one) */
    fprintf(f, ";\nset TA :=");
    for (size_t i = 0; i < c->n_teachers; i++)
        if (m.tg[i] < 0 || m.g[m.tg[i]].rep == (int)i)
            fprintf(f, " t%zu", i);
    fprintf(f, ";\nset E :=");
    for (int i = 0; i < m.ng; i++)
        fprintf(f, " t%d", m.g[i].rep);
    fprintf(f, ";\nparam size :=");
    for (int i = 0; i < m.ng; i++)
        if (m.g[i].n > 1)
            fprintf(f, " t%d %d", m.g[i].rep, m.g[i].n);
    fprintf(f, ";\nparam: has_students staff0 room outcap K0 T fac :=\n");
    for (int s = 0; s < m.ns; s++)
        fprintf(f, "  s%d %d %d %d %d %d %.17g %.17g\n", s, m.has_students[s], m.staff0[s],
                m.room[s], m.outcap[s], m.K0[s], m.T[s], m.fac[s]);
    /* exact supply: subjects, pools (cluster, or the school itself), demand per school */
    fprintf(f, ";\nset J :=");
    for (int j = 0; j < m.nj; j++)
        fprintf(f, " j%d", j);
    fprintf(f, ";\nparam shortage :=");
    for (int j = 0; j < m.nj; j++)
        fprintf(f, " j%d %d", j, c->subjects[j].shortage ? 1 : 0);
    fprintf(f, ";\nparam pool :=\n");
    for (int s = 0; s < m.ns; s++) {
        int cl = c->schools[s].cluster;
        if (cl >= 0)
            fprintf(f, "  s%d c%d\n", s, cl);
        else
            fprintf(f, "  s%d s%d\n", s, s);
    }
    fprintf(f, ";\nparam demand :=\n");
    for (int s = 0; s < m.ns; s++)
        for (int j = 0; j < m.nj; j++) {
            double d = m.demand_sj[(size_t)s * (size_t)m.nj + (size_t)j];
            if (d > 0)
                fprintf(f, "  s%d j%d %.17g\n", s, j, d);
        }
    /* every teacher: school now, capacity, subjects (as the planner's subject sets) */
    fprintf(f, ";\nparam: home cap :=\n");
    for (size_t i = 0; i < c->n_teachers; i++)
        if (m.tg[i] < 0 || m.g[m.tg[i]].rep == (int)i)
            fprintf(f, "  t%zu s%d %d\n", i, c->teachers[i].school, m.tcap[i]);
    fprintf(f, ";\n");
    for (size_t i = 0; i < c->n_teachers; i++) {
        int set = m.tset[i];
        if (set < 0 || (m.tg[i] >= 0 && m.g[m.tg[i]].rep != (int)i))
            continue;
        fprintf(f, "set SUBJ[t%zu] :=", i);
        for (int k = m.set_off[set]; k < m.set_off[set + 1]; k++)
            fprintf(f, " j%d", m.set_sub[k]);
        fprintf(f, ";\n");
    }
    fprintf(f, "param: role key must :=\n");
    for (int i = 0; i < m.ng; i++)
        fprintf(f, "  t%d %d %d %d\n", m.g[i].rep, m.g[i].role, m.g[i].key, m.g[i].must);
    fprintf(f, ";\nparam: elig decided :=\n");
    for (int i = 0; i < m.ng; i++)
        fprintf(f, "  t%d %d %d\n", m.g[i].rep, m.g[i].elig, m.g[i].dec == 2);
    fprintf(f, ";\nparam: A: cost keep :=\n");
    for (int i = 0; i < m.ng; i++)
        for (int q = 0; q < m.g[i].n_cand; q++)
            fprintf(f, "  t%d s%d %.17g %d\n", m.g[i].rep, m.g[i].cand[q],
                    rotas__plan_move_cost(&m, &m.g[i], m.g[i].cand[q]),
                    m.have_prev && rotas__plan_keep_cost(&m, &m.g[i], m.g[i].cand[q]) < 0);
    fprintf(f, ";\nparam w_keep := %.17g;\nparam replan := %d;\nparam n_prev := %d;\n", p->w_keep,
            m.have_prev, m.n_prev);
    fprintf(f, "set TOG :=");
    for (size_t q = 0; q < c->n_decisions; q++) {
        const rotas_decision *d = &c->decisions[q];
        if (d->kind == ROTAS_DECISION_TOGETHER && m.tg[d->teacher] >= 0 && m.tg[d->teacher2] >= 0)
            fprintf(f, " (t%d,t%d)", d->teacher, d->teacher2);
    }
    fprintf(f, ";\nset RK :=");
    for (size_t q = 0; q < c->n_decisions; q++)
        if (c->decisions[q].kind == ROTAS_DECISION_RECEIVE_KEY)
            fprintf(f, " r%zu", q);
    fprintf(f, ";\nparam rk_school :=");
    for (size_t q = 0; q < c->n_decisions; q++)
        if (c->decisions[q].kind == ROTAS_DECISION_RECEIVE_KEY)
            fprintf(f, " r%zu s%d", q, c->decisions[q].school);
    fprintf(f, ";\n");
    for (size_t q = 0; q < c->n_decisions; q++) {
        const rotas_decision *d = &c->decisions[q];
        if (d->kind != ROTAS_DECISION_RECEIVE_KEY)
            continue;
        fprintf(f, "set RKT[r%zu] :=", q);
        for (int i = 0; i < m.ng; i++)
            if (rotas__plan_rk_qualifies(&m, &m.g[i], d))
                fprintf(f, " t%d", m.g[i].rep);
        fprintf(f, ";\n");
    }
    /* education-group dispatch */
    fprintf(f, "param g_managers := %d;\nparam g_key_team := %d;\nset GM :=",
            rotas__plan_dispatch_on(&m) ? p->group_managers_per_member : 0,
            rotas__plan_dispatch_on(&m) ? p->group_key_team_per_member : 0);
    for (int s = 0; s < m.ns; s++)
        if (rotas__plan_dispatch_head(&m, s) >= 0)
            fprintf(f, " s%d", s);
    fprintf(f, ";\n");
    for (int s = 0; s < m.ns; s++) {
        if (rotas__plan_dispatch_head(&m, s) < 0)
            continue;
        for (unsigned bit = 1; bit <= 2; bit++) {
            fprintf(f, "set %s[s%d] :=", bit == 1 ? "MAN" : "KT", s);
            for (int i = 0; i < m.ng; i++)
                if (rotas__plan_dispatch_kind(&m, &m.g[i], s) & bit)
                    fprintf(f, " t%d", m.g[i].rep);
            fprintf(f, ";\n");
        }
    }
    fprintf(f, "end;\n");
    if (fclose(f) != 0) {
        f = NULL;
        rc = rotas_error_set(err, ROTAS_EIO, _("%s: cannot write"), path);
        goto done;
    }
    f = NULL;
done:
    if (f)
        fclose(f);
    rotas__plan_model_free(&m);
    return rc;
}
