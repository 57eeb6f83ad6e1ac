/* cmd_summary.c - `rotas summary`: validate a county and print what it holds. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "rotas/county.h"
#include "rotas/policy.h"

static void summary_usage(FILE *f)
{
    fprintf(f,
            "usage: rotas summary COUNTY [-o FILE]\n"
            "\n"
            "Check a county (a rotas-county/1 .json file or a .db database) and print what it\n"
            "holds: schools by kind and area, teachers by role, key teachers, exemptions,\n"
            "teachers on exchange and those eligible to rotate, the clusters, and for each\n"
            "subject the weekly lessons needed against the lessons its teachers can give.\n"
            "A file with problems is not summarised: every problem is listed on stderr with\n"
            "its place in the file (e.g. teachers[41].school) and the exit status is 2.\n"
            "\n"
            "options:\n"
            "  -o, --output FILE  write the summary to FILE ('-' = standard output, the default)\n"
            "  -h, --help         show this help\n"
            "\n"
            "example:\n"
            "  rotas summary county.json\n"
            "  rotas summary county.db -o summary.txt\n"
            "\n"
            "Tenure uses the national defaults (a teacher is eligible after %d years at one\n"
            "school, a principal or vice-principal must move after %d years in the post),\n"
            "counted up to the county's year (\"year\" in the file; this year if absent).\n"
            "Supply counts each teacher's weekly periods (max_periods, else %d) split evenly\n"
            "over the subjects the teacher lists. Shortage subjects (English, music, PE, art,\n"
            "IT, psychology) are pooled over each cluster, since itinerant teachers serve the\n"
            "cluster's schools; other subjects are counted school by school.\n",
            6, 10, 16);
}

int cmd_summary(int argc, char **argv);

typedef struct tally {
    int schools, students, classes;
} tally;

int cmd_summary(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *out_path = "-";
    int ch, code = EXIT_OK;
    rotas_county *c = NULL;
    FILE *out = NULL;
    double *need_school = NULL, *have_school = NULL, *need_cluster = NULL,
           *have_cluster = NULL;
    rotas_policy pol;

    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'o':
            out_path = optarg;
            break;
        case 'h':
            summary_usage(stdout);
            return EXIT_OK;
        case ':':
            cli_error("summary: option %s needs a value (try 'rotas summary --help')",
                      argv[optind - 1]);
            return EXIT_INPUT;
        default:
            cli_error("summary: unknown option '%s' (try 'rotas summary --help')",
                      argv[optind - 1]);
            return EXIT_INPUT;
        }
    }
    if (optind != argc - 1) {
        cli_error("summary: %s (try 'rotas summary --help')",
                  optind >= argc ? "which county? give a .json or .db file"
                                 : "give exactly one county file");
        return EXIT_INPUT;
    }
    c = cli_load_county(argv[optind], &code);
    if (!c)
        return code;
    rotas_policy_default(&pol);

    if (!strcmp(out_path, "-"))
        out = stdout;
    else if (!(out = fopen(out_path, "w"))) {
        cli_error("%s: cannot write", out_path);
        code = EXIT_ERR;
        goto done;
    }

    int year = c->year;
    if (!year) {
        time_t now = time(NULL);
        struct tm tmv;
        year = gmtime_r(&now, &tmv) ? tmv.tm_year + 1900 : 2026;
    }
    fprintf(out, "county      %s\n", c->name ? c->name : "(no name)");
    fprintf(out, "year        %d%s\n", year, c->year ? "" : " (not in the file: this year)");

    /* Schools. */
    tally by_kind[ROTAS_KIND_COUNT] = {{0, 0, 0}}, by_area[ROTAS_AREA_COUNT] = {{0, 0, 0}};
    tally all = {0, 0, 0};
    for (size_t s = 0; s < c->n_schools; s++) {
        const rotas_school *sc = &c->schools[s];
        int students = 0;
        for (size_t k = 0; k < sc->n_classes; k++)
            students += c->classes[sc->first_class + k].students;
        if (students == 0)
            students = sc->students;
        tally *t[3] = {&by_kind[sc->kind], &by_area[sc->area], &all};
        for (int i = 0; i < 3; i++) {
            t[i]->schools++;
            t[i]->students += students;
            t[i]->classes += (int)sc->n_classes;
        }
    }
    fprintf(out, "\nschools     %-18s %7s %9s %8s\n", "", "schools", "students", "classes");
    for (int k = 0; k < ROTAS_KIND_COUNT; k++)
        if (by_kind[k].schools)
            fprintf(out, "  kind      %-18s %7d %9d %8d\n", rotas_kind_name((rotas_school_kind)k),
                    by_kind[k].schools, by_kind[k].students, by_kind[k].classes);
    for (int a = 0; a < ROTAS_AREA_COUNT; a++)
        if (by_area[a].schools)
            fprintf(out, "  area      %-18s %7d %9d %8d\n", rotas_area_name((rotas_area)a),
                    by_area[a].schools, by_area[a].students, by_area[a].classes);
    fprintf(out, "  total     %-18s %7d %9d %8d\n", "", all.schools, all.students, all.classes);

    /* Teachers. */
    int by_role[ROTAS_ROLE_COUNT] = {0}, key = 0, exempt = 0, exchange = 0, eligible = 0,
        due = 0;
    for (size_t i = 0; i < c->n_teachers; i++) {
        const rotas_teacher *t = &c->teachers[i];
        by_role[t->role]++;
        if (t->key >= ROTAS_KEY_COUNTY)
            key++;
        int away = t->exchange_until >= year;
        if (t->exempt)
            exempt++;
        if (away)
            exchange++;
        if (t->exempt || away)
            continue;
        if (t->role != ROTAS_ROLE_TEACHER &&
            year - (t->post_since ? t->post_since : t->school_since) >= pol.leader_tenure_years)
            due++;
        else if (year - t->school_since >= pol.teacher_tenure_years)
            eligible++;
    }
    fprintf(out, "\nteachers    %zu\n", c->n_teachers);
    for (int r = 0; r < ROTAS_ROLE_COUNT; r++)
        fprintf(out, "  %-28s %5d\n", rotas_role_name((rotas_role)r), by_role[r]);
    fprintf(out, "  %-28s %5d\n", "key (county level or above)", key);
    fprintf(out, "  %-28s %5d\n", "exempt from rotation", exempt);
    fprintf(out, "  %-28s %5d\n", "on exchange in the year", exchange);
    fprintf(out, "  %-28s %5d  (%d+ years at the school)\n", "eligible to rotate", eligible,
            pol.teacher_tenure_years);
    fprintf(out, "  %-28s %5d  (principals and vice-principals, %d+ years in the post)\n",
            "leaders who must rotate", due, pol.leader_tenure_years);

    /* Clusters. */
    fprintf(out, "\nclusters    %zu\n", c->n_clusters);
    if (c->n_clusters)
        fprintf(out, "  %-10s %7s %8s %8s  %-10s %s\n", "id", "schools", "classes", "teachers",
                "central", "name");
    for (size_t k = 0; k < c->n_clusters; k++) {
        int ns = 0, ncl = 0, nt = 0;
        for (size_t s = 0; s < c->n_schools; s++)
            if (c->schools[s].cluster == (int)k) {
                ns++;
                ncl += (int)c->schools[s].n_classes;
            }
        for (size_t i = 0; i < c->n_teachers; i++)
            if (c->teachers[i].school >= 0 && c->schools[c->teachers[i].school].cluster == (int)k)
                nt++;
        const rotas_cluster *cl = &c->clusters[k];
        fprintf(out, "  %-10s %7d %8d %8d  %-10s %s\n", cl->id, ns, ncl, nt,
                cl->central >= 0 ? c->schools[cl->central].id : "-", cl->name ? cl->name : "");
    }
    int loose = 0;
    for (size_t s = 0; s < c->n_schools; s++)
        loose += c->schools[s].cluster < 0;
    if (loose)
        fprintf(out, "  %d school%s in no cluster\n", loose, loose == 1 ? "" : "s");

    /* Demand and supply by subject. */
    size_t ns = c->n_schools ? c->n_schools : 1, nk = c->n_clusters ? c->n_clusters : 1;
    need_school = calloc(ns, sizeof *need_school);
    have_school = calloc(ns, sizeof *have_school);
    need_cluster = calloc(nk, sizeof *need_cluster);
    have_cluster = calloc(nk, sizeof *have_cluster);
    if (!need_school || !have_school || !need_cluster || !have_cluster) {
        cli_error("summary: out of memory");
        code = EXIT_ERR;
        goto done;
    }
    fprintf(out, "\nsubjects    periods a week: needed by the classes, the teachers' capacity, "
                 "and not covered\n");
    fprintf(out, "  %-12s %-8s %7s %9s %7s %9s  %s\n", "subject", "", "needed", "teachers",
            "supply", "uncovered", "counted");
    for (size_t sj = 0; sj < c->n_subjects; sj++) {
        const rotas_subject *su = &c->subjects[sj];
        double demand = 0, supply = 0, unmet = 0;
        int qualified = 0;
        memset(need_school, 0, ns * sizeof *need_school);
        memset(have_school, 0, ns * sizeof *have_school);
        memset(need_cluster, 0, nk * sizeof *need_cluster);
        memset(have_cluster, 0, nk * sizeof *have_cluster);
        for (size_t k = 0; k < c->n_classes; k++) {
            int p = rotas_class_periods(c, &c->classes[k], (int)sj);
            demand += p;
            need_school[c->classes[k].school] += p;
        }
        for (size_t i = 0; i < c->n_teachers; i++) {
            const rotas_teacher *t = &c->teachers[i];
            int has = 0;
            for (size_t k = 0; k < t->n_subjects; k++)
                has |= t->subjects[k] == (int)sj;
            if (!has || t->n_subjects == 0)
                continue;
            qualified++;
            double cap = (t->max_periods > 0 ? t->max_periods : pol.default_max_periods) /
                         (double)t->n_subjects;
            supply += cap;
            if (t->school >= 0)
                have_school[t->school] += cap;
        }
        for (size_t s = 0; s < c->n_schools; s++) {
            int k = c->schools[s].cluster;
            if (su->shortage && k >= 0) {
                need_cluster[k] += need_school[s];
                have_cluster[k] += have_school[s];
            } else if (need_school[s] > have_school[s]) {
                unmet += need_school[s] - have_school[s];
            }
        }
        for (size_t k = 0; su->shortage && k < c->n_clusters; k++)
            if (need_cluster[k] > have_cluster[k])
                unmet += need_cluster[k] - have_cluster[k];
        fprintf(out, "  %-12s %-8s %7.0f %9d %7.0f %9.0f  %s\n", su->id,
                su->shortage ? "shortage" : "", demand, qualified, supply, unmet,
                su->shortage ? "by cluster" : "by school");
    }

    fprintf(out, "\ntravel      %zu pairs given; %zu of %zu school pairs estimated from the map "
                 "(straight line x 1.3 at 30 km/h)\n",
            c->n_travel, c->n_estimated_pairs,
            c->n_schools > 1 ? c->n_schools * (c->n_schools - 1) / 2 : 0);
    if (out != stdout && fclose(out) != 0) {
        out = NULL;
        cli_error("%s: cannot write", out_path);
        code = EXIT_ERR;
        goto done;
    }
    out = NULL;
    code = EXIT_OK;
done:
    if (out && out != stdout)
        fclose(out);
    free(need_school);
    free(have_school);
    free(need_cluster);
    free(have_cluster);
    rotas_county_free(c);
    return code;
}
