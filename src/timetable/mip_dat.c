/*
 * mip_dat.c - the data of the whole-cluster placement model for models/timetable.mod (all
 * lessons free, teachers as chosen), written for glpsol: the reference the tests solve beside
 * the C builder (mip.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/outfile.h"
#include "tt_int.h"

/* Emit " (a,b,...)" only when the same tuple was not emitted before (MathProg rejects
   duplicate members of a set); seen holds n tuples of width k. */
static void tuple_once(FILE *f, int *seen, int *n, int k, const int *v)
{
    for (int i = 0; i < *n; i++)
        if (memcmp(&seen[(size_t)i * (size_t)k], v, (size_t)k * sizeof *v) == 0)
            return;
    memcpy(&seen[(size_t)*n * (size_t)k], v, (size_t)k * sizeof *v);
    (*n)++;
    fputs(" (", f);
    for (int i = 0; i < k; i++)
        fprintf(f, i ? ",%d" : "%d", v[i]);
    fputc(')', f);
}

rotas_rc rotas__tt_write_dat(const tt_problem *P, const tt_lesson *L, const char *path,
                             rotas_error *err)
{
    const rotas_policy *w = P->pol;
    const rotas_county *C = P->c;
    int nt = P->nt, ns = P->ns;
    size_t nseen = (size_t)P->nl + 1;
    for (int t = 0; t < nt; t++)
        nseen += C->teachers[P->tg[t]].n_unavailable;
    for (int k = 0; k < P->nk; k++)
        nseen += C->classes[P->kg[k]].n_unavailable;
    int *gmap = malloc(((size_t)P->nd * (size_t)nt + 1) * sizeof *gmap);
    int *gn = calloc((size_t)P->nl + 1, sizeof *gn);
    int *gd = malloc(((size_t)P->nl + 1) * sizeof *gd),
        *gt = malloc(((size_t)P->nl + 1) * sizeof *gt);
    int *lg = malloc(((size_t)P->nl + 1) * sizeof *lg);
    int *seen = malloc(nseen * 4 * sizeof *seen);
    FILE *f = NULL;
    rotas_outfile *out = NULL;
    rotas_rc rc = ROTAS_OK;
    int ng = 0, n = 0;
    if (!gmap || !gn || !gd || !gt || !lg || !seen) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
        goto done;
    }
    for (size_t i = 0; i < (size_t)P->nd * (size_t)nt; i++)
        gmap[i] = -1;
    /* groups: the lessons to place, as the MIP frees them (fixed lessons are constants) */
    for (int l = 0; l < P->nl; l++) {
        lg[l] = -1;
        if (L[l].t < 0 || L[l].fix)
            continue;
        size_t key = (size_t)L[l].d * (size_t)nt + (size_t)L[l].t;
        if (gmap[key] < 0) {
            gmap[key] = ng;
            gd[ng] = L[l].d;
            gt[ng] = L[l].t;
            ng++;
        }
        lg[l] = gmap[key];
        gn[gmap[key]]++;
    }
    if ((rc = rotas_outfile_open(&out, path, err)) != ROTAS_OK)
        goto done;
    f = rotas_outfile_stream(out);
    fprintf(f, "/* placement data for models/timetable.mod: cluster %s */\ndata;\n",
            C->clusters[P->cluster].id);
    fprintf(f, "set D := 1 2 3 4 5;\nset S :=");
    for (int s = 0; s < ns; s++)
        fprintf(f, " %d", s + 1);
    fprintf(f, ";\nparam np :=");
    for (int s = 0; s < ns; s++)
        fprintf(f, " %d %d", s + 1, P->sch[s].np);
    fprintf(f, ";\nparam : bs be :=\n");
    for (int s = 0; s < ns; s++)
        for (int p = 0; p < P->sch[s].np; p++)
            fprintf(f, "  %d %d %d %d\n", s + 1, p + 1, P->sch[s].bell[p].start,
                    P->sch[s].bell[p].end);
    fprintf(f, ";\nset T :=");
    for (int t = 0; t < nt; t++)
        fprintf(f, " %d", t + 1);
    fprintf(f, ";\nparam cap :=");
    for (int t = 0; t < nt; t++)
        fprintf(f, " %d %d", t + 1, P->cap[t]);
    fprintf(f, ";\nparam maxd :=");
    for (int t = 0; t < nt; t++)
        if (P->maxd[t])
            fprintf(f, " %d %d", t + 1, P->maxd[t]);
    fprintf(f, ";\nset TB :=");
    n = 0;
    for (int t = 0; t < nt; t++) {
        const rotas_teacher *te = &C->teachers[P->tg[t]];
        for (size_t b = 0; b < te->n_unavailable; b++) {
            const rotas_time_block *tb = &te->unavailable[b];
            int v[4] = {t + 1, tb->day + 1, tb->start, tb->end};
            tuple_once(f, seen, &n, 4, v);
        }
    }
    fprintf(f, ";\nset K :=");
    for (int k = 0; k < P->nk; k++)
        fprintf(f, " %d", k + 1);
    fprintf(f, ";\nparam ks :=");
    for (int k = 0; k < P->nk; k++)
        fprintf(f, " %d %d", k + 1, P->ks[k] + 1);
    fprintf(f, ";\nset KB :=");
    n = 0;
    for (int k = 0; k < P->nk; k++) {
        const rotas_class *cl = &C->classes[P->kg[k]];
        for (size_t b = 0; b < cl->n_unavailable; b++) {
            int v[3] = {k + 1, cl->unavailable[b].day + 1, cl->unavailable[b].period + 1};
            tuple_once(f, seen, &n, 3, v);
        }
    }
    fprintf(f, ";\nset M :=");
    for (int d = 0; d < P->nd; d++)
        fprintf(f, " %d", d + 1);
    /* subject rules per demand, read as everyday_build (problem.c) reads them */
    fprintf(f, ";\nparam : mk small nfp nal bp :=\n");
    for (int d = 0; d < P->nd; d++) {
        int nfp = 0, nal = 0, bp = 0;
        for (size_t r = 0; r < C->n_subject_rules; r++) {
            const rotas_subject_rule *sr = &C->subject_rules[r];
            if (sr->subject != P->dem[d].subj)
                continue;
            nfp |= sr->not_first_period != 0;
            nal |= sr->not_after_lunch != 0;
            if (sr->before_period > 0)
                bp = sr->before_period;
        }
        fprintf(f, "  %d %d %d %d %d %d\n", d + 1, P->dem[d].k + 1, P->dem[d].small, nfp, nal, bp);
    }
    fprintf(f, ";\nset G :=");
    for (int g = 0; g < ng; g++)
        fprintf(f, " %d", g + 1);
    fprintf(f, ";\nparam : gk gm gs gt n main :=\n");
    for (int g = 0; g < ng; g++) {
        const tt_demand *dm = &P->dem[gd[g]];
        fprintf(f, "  %d %d %d %d %d %d %d\n", g + 1, dm->k + 1, gd[g] + 1, P->ks[dm->k] + 1,
                gt[g] + 1, gn[g], dm->main);
    }
    fprintf(f, ";\nset FX :=");
    for (int l = 0; l < P->nl; l++)
        if (L[l].fix && L[l].t >= 0 && L[l].day >= 0)
            fprintf(f, " (%d,%d,%d,%d)", L[l].d + 1, L[l].t + 1, L[l].day + 1, L[l].p + 1);
    /* re-plan: the earlier slot of each lesson to place that kept its teacher */
    fprintf(f, ";\nset H :=");
    n = 0;
    for (int l = 0; l < P->nl; l++) {
        if (lg[l] < 0 || L[l].h < 0 || P->homes[L[l].h].t != L[l].t)
            continue;
        int v[3] = {lg[l] + 1, P->homes[L[l].h].day + 1, P->homes[L[l].h].p + 1};
        tuple_once(f, seen, &n, 3, v);
    }
    fprintf(f, ";\nparam km :=");
    for (int a = 0; a < ns; a++)
        for (int b = 0; b < ns; b++)
            if (a != b)
                fprintf(f, " [%d,%d] %.17g", a + 1, b + 1,
                        rotas_county_km(C, P->sch[a].g, P->sch[b].g));
    fprintf(f, ";\nset CF :=");
    for (int a = 0; a < ns; a++)
        for (int b = a + 1; b < ns; b++)
            for (int p = 0; p < P->sch[a].np; p++)
                for (int q = 0; q < P->sch[b].np; q++)
                    if (tt_conflict(P, a, p, b, q))
                        fprintf(f, " (%d,%d,%d,%d)", a + 1, p + 1, b + 1, q + 1);
    fprintf(f, ";\nset R :=");
    for (int q = 0; q < P->npool; q++)
        fprintf(f, " %d", q + 1);
    fprintf(f, ";\nparam rcap :=");
    for (int q = 0; q < P->npool; q++)
        fprintf(f, " %d %d", q + 1, P->pool_cap[q]);
    fprintf(f, ";\nparam mr :=");
    for (int d = 0; d < P->nd; d++)
        if (P->dem[d].pool >= 0)
            fprintf(f, " %d %d", d + 1, P->dem[d].pool + 1);
    fprintf(f, ";\nparam maxs := %d;\n", P->max_schools);
    fprintf(f, "param w_u := %.17g;\nparam w_c := %.17g;\nparam w_km := %.17g;\n",
            w->w_tt_unscheduled, w->w_tt_change, w->w_tt_km);
    fprintf(f, "param w_s := %.17g;\nparam w_m := %.17g;\nparam w_k := %.17g;\nend;\n",
            w->w_tt_school, w->w_tt_morning, w->w_tt_keep);
    rc = rotas_outfile_commit(out, err);
    out = NULL;
done:
    rotas_outfile_abort(out);
    free(gmap);
    free(gn);
    free(gd);
    free(gt);
    free(lg);
    free(seen);
    return rc;
}
