/*
 * whatif_jobs.c - the jobs of one what-if scenario, as the rotas CLI runs them in a worker:
 * the rotation plan, then cluster timetables on the county after the plan's moves.
 */
#include <stdio.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/plan.h"
#include "rotas/timetable.h"
#include "rotas/whatif.h"

/* Figures of a plan into the row. */
static void plan_figures(rotas_whatif_row *row, const rotas_plan *plan, const rotas_county *c)
{
    row->year = plan->year;
    row->moves = (int)plan->n_moves;
    row->key_moved = 0;
    for (size_t i = 0; i < plan->n_moves; i++) {
        int t = plan->moves[i].teacher;
        if (t >= 0 && (size_t)t < c->n_teachers && c->teachers[t].key >= ROTAS_KEY_COUNTY)
            row->key_moved++;
    }
    row->unfilled_before = plan->unfilled_before;
    row->unfilled_after = plan->unfilled_after;
    row->km = plan->km_total;
    row->gap = plan->gap;
    snprintf(row->plan_status, sizeof row->plan_status, "%s", rotas_status_name(plan->status));
    row->n_unfilled_subject = 0;
    for (size_t i = 0; i < plan->n_unfilled; i++) {
        const rotas_unfilled *u = &plan->unfilled[i];
        if (u->periods <= 0)
            continue;
        if (u->school >= 0 && (size_t)u->school < c->n_schools)
            row->unfilled_area[c->schools[u->school].area] += u->periods;
        if (u->subject < 0 || (size_t)u->subject >= c->n_subjects)
            continue;
        const char *sid = c->subjects[u->subject].id;
        size_t k = 0;
        while (k < row->n_unfilled_subject && strcmp(row->unfilled_subject[k].subject, sid))
            k++;
        if (k == row->n_unfilled_subject) {
            if (k >= ROTAS_WHATIF_MAX_SUBJECTS)
                continue;
            snprintf(row->unfilled_subject[k].subject, sizeof row->unfilled_subject[k].subject,
                     "%s", sid);
            row->unfilled_subject[k].periods = 0;
            row->n_unfilled_subject++;
        }
        row->unfilled_subject[k].periods += u->periods;
    }
    const rotas_indicator_row *rows[3] = {&plan->after.primary, &plan->after.junior,
                                          &plan->after.county};
    for (int st = 0; st < 3; st++)
        for (int k = 0; k < ROTAS_IND_COUNT && k < 3; k++) {
            row->ind_mean[st][k] = rows[st]->mean[k];
            row->ind_cv[st][k] = rows[st]->cv[k];
        }
}

rotas_rc rotas_whatif_run_jobs(rotas_whatif_row *row, const rotas_county *c, const rotas_policy *p,
                               const rotas_whatif_jobs *jobs, void *ctx, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_plan *plan = NULL;
    rotas_county *moved = NULL;
    const rotas_county *tt_county = c;
    (void)ctx;
    if (jobs->plan) {
        rotas_plan_options opt = {0};
        opt.year = c->year > 0 ? c->year + 1 : 0;
        if ((rc = rotas_plan_make(&plan, c, p, &opt, err)) != ROTAS_OK)
            goto done;
        plan_figures(row, plan, c);
    }
    if (!jobs->tt_all && jobs->n_tt_clusters == 0)
        goto done;
    if (plan && plan->n_moves > 0) {
        if ((rc = rotas_county_clone(&moved, c, err)) != ROTAS_OK)
            goto done;
        for (size_t i = 0; i < plan->n_moves; i++) {
            const rotas_move *m = &plan->moves[i];
            if (m->teacher < 0 || (size_t)m->teacher >= moved->n_teachers)
                continue;
            moved->teachers[m->teacher].school = m->to;
            moved->teachers[m->teacher].school_since = plan->year;
        }
        tt_county = moved;
    }
    size_t n = jobs->tt_all ? tt_county->n_clusters : jobs->n_tt_clusters;
    for (size_t i = 0; i < n; i++) {
        int cl = jobs->tt_all ? (int)i : rotas_county_cluster(tt_county, jobs->tt_clusters[i]);
        if (cl < 0)
            continue;
        rotas_timetable *tt = NULL;
        rotas_timetable_options topt = {0};
        rotas_error e = {0};
        rc = rotas_timetable_make(&tt, tt_county, cl, p, &topt, &e);
        if (rc != ROTAS_OK) {
            rotas_error_set(err, rc, _("timetable %s: %s"), tt_county->clusters[cl].id, e.msg);
            goto done;
        }
        row->tt_clusters++;
        for (size_t u = 0; u < tt->n_unscheduled; u++)
            row->tt_unscheduled += tt->unscheduled[u].periods;
        row->tt_km += tt->km;
        rotas_timetable_free(tt);
    }
done:
    rotas_plan_free(plan);
    rotas_county_free(moved);
    return rc;
}
