/* bench_shortage.c - time rotas_shortage_compute on a generated county: median and fastest
   of 11 runs (the county made in memory by rotas_gen_county, as `rotas gen` makes it).
   Built and run by bench/bench_shortage.sh. usage: bench_shortage [SCHOOLS [SEED]] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rotas/gen.h"
#include "rotas/shortage.h"

#define RUNS 11

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    rotas_gen_options o = {.schools = argc > 1 ? atoi(argv[1]) : 2000,
                           .seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 1};
    rotas_county *c = NULL;
    rotas_error err = {0};
    if (rotas_gen_county(&c, &o, &err) != ROTAS_OK) {
        fprintf(stderr, "bench_shortage: %s\n", err.msg);
        return 1;
    }
    rotas_policy p;
    rotas_policy_default(&p);
    size_t cells = c->n_schools * c->n_subjects;
    double *unfilled = malloc((cells + 1) * sizeof *unfilled), total = 0, demand = 0;
    double *need = malloc((cells + 1) * sizeof *need), ms[RUNS];
    if (!unfilled || !need)
        return 1;
    rotas_shortage_demand(need, c);
    for (size_t i = 0; i < cells; i++)
        demand += need[i];
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        if (rotas_shortage_compute(unfilled, &total, c, &p, NULL, &err) != ROTAS_OK) {
            fprintf(stderr, "bench_shortage: %s\n", err.msg);
            return 1;
        }
        ms[r] = (now() - t0) * 1e3;
    }
    qsort(ms, RUNS, sizeof *ms, cmp_double);
    printf("county: %zu schools, %zu teachers, %zu classes; %.0f periods needed, %.0f unfilled\n",
           c->n_schools, c->n_teachers, c->n_classes, demand, total);
    printf("rotas_shortage_compute: median %.1f ms, fastest %.1f ms (%d runs)\n", ms[RUNS / 2],
           ms[0], RUNS);
    free(unfilled);
    free(need);
    rotas_county_free(c);
    return 0;
}
