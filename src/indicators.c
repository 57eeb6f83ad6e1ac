/*
 * indicators.c - the county balance indicators (县域义务教育优质均衡, 教督〔2017〕6号).
 *
 * Per school, per 100 students: teachers whose degree is above the requirement of the school's
 * stage, key teachers of county level or above, and PE + music + art teachers (counted by main
 * subject, of category pe_arts). For each set of schools (primary stage, junior stage,
 * county-wide) the student-weighted mean and coefficient of variation:
 *   X = sum P_i X_i / P,  S = sqrt(sum (P_i / P) (X_i - X)^2),  CV = S / X  (0 when X = 0).
 * Schools without students are skipped.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rotas/plan.h"

static void row_compute(rotas_indicator_row *row, const rotas_county *c, double *const *x,
                        const unsigned char *in_set)
{
    memset(row, 0, sizeof *row);
    long total = 0;
    for (size_t s = 0; s < c->n_schools; s++)
        if (in_set[s] && c->schools[s].students > 0) {
            total += c->schools[s].students;
            row->n_schools++;
        }
    row->students = total;
    if (total <= 0)
        return;
    for (int k = 0; k < ROTAS_IND_COUNT; k++) {
        double mean = 0.0;
        for (size_t s = 0; s < c->n_schools; s++)
            if (in_set[s] && c->schools[s].students > 0)
                mean += (double)c->schools[s].students * x[k][s];
        mean /= (double)total;
        double var = 0.0;
        for (size_t s = 0; s < c->n_schools; s++)
            if (in_set[s] && c->schools[s].students > 0) {
                double d = x[k][s] - mean;
                var += (double)c->schools[s].students / (double)total * d * d;
            }
        row->mean[k] = mean;
        row->cv[k] = mean > 0.0 ? sqrt(var) / mean : 0.0;
    }
}

void rotas_indicators_compute(rotas_indicators *out, const rotas_county *c, const int *school_of)
{
    memset(out, 0, sizeof *out);
    size_t n = c->n_schools;
    if (n == 0)
        return;
    double *buf = calloc(n * ROTAS_IND_COUNT, sizeof *buf);
    unsigned char *prim = calloc(n, 1), *jun = calloc(n, 1), *all = calloc(n, 1);
    rotas_stage *stage = calloc(n, sizeof *stage);
    if (!buf || !prim || !jun || !all || !stage)
        goto done;
    double *x[ROTAS_IND_COUNT];
    for (int k = 0; k < ROTAS_IND_COUNT; k++)
        x[k] = buf + (size_t)k * n;
    for (size_t s = 0; s < n; s++) {
        stage[s] = rotas_school_stage(c, &c->schools[s]);
        prim[s] = stage[s] == ROTAS_STAGE_PRIMARY;
        jun[s] = stage[s] == ROTAS_STAGE_JUNIOR;
        all[s] = 1;
    }
    for (size_t i = 0; i < c->n_teachers; i++) {
        const rotas_teacher *t = &c->teachers[i];
        int s = school_of ? school_of[i] : t->school;
        if (s < 0 || (size_t)s >= n)
            continue;
        if (rotas_degree_above_requirement(t->degree_level, stage[s]))
            x[ROTAS_IND_DEGREE][s] += 1.0;
        if (t->key >= ROTAS_KEY_COUNTY)
            x[ROTAS_IND_KEY][s] += 1.0;
        if (t->n_subjects > 0) {
            int m = t->subjects[0];
            if (m >= 0 && (size_t)m < c->n_subjects &&
                c->subjects[m].category == ROTAS_CATEGORY_PE_ARTS)
                x[ROTAS_IND_PE_ARTS][s] += 1.0;
        }
    }
    for (size_t s = 0; s < n; s++) {
        int p = c->schools[s].students;
        for (int k = 0; k < ROTAS_IND_COUNT; k++)
            x[k][s] = p > 0 ? 100.0 * x[k][s] / (double)p : 0.0;
    }
    row_compute(&out->primary, c, x, prim);
    row_compute(&out->junior, c, x, jun);
    row_compute(&out->county, c, x, all);
done:
    free(buf);
    free(prim);
    free(jun);
    free(all);
    free(stage);
}
