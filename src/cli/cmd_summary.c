/* cmd_summary.c - `rotas summary`: validate a county and print what it holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "opts.h"
#include "rotas/county.h"
#include "rotas/plan.h"
#include "rotas/policy.h"
#include "rotas/shortage.h"

static const cli_help help = {
    "summary",
    N_("usage: rotas summary COUNTY [--year Y] [-o FILE]\n"
       "\n"
       "Check a county (a rotas-county/1 .json file or a .db database) and print what it\n"
       "holds: schools by kind and area, teachers by role, key teachers, exemptions,\n"
       "teachers on exchange and those eligible to rotate, the clusters, and for each\n"
       "subject the weekly lessons needed against the lessons its teachers can give.\n"
       "A file with problems is not summarised: every problem is listed on stderr with\n"
       "its place in the file (e.g. teachers[41].school) and the exit status is 2.\n"
       "\n"),
    N_("example:\n"
       "  rotas summary county.json\n"
       "  rotas summary county.db -o summary.txt\n"
       "  rotas summary county.db --year 2027\n"
       "\n"
       "Tenure uses the national defaults (a teacher is eligible after 6 years at one\n"
       "school, a principal or vice-principal must move after 10 years in the post),\n"
       "counted up to the county's year (\"year\" in the file; this year if absent).\n"
       "Supply is the weekly periods (max_periods, else 16) of the teachers who list the\n"
       "subject: what they could give it if they taught nothing else. Uncovered is what\n"
       "the classes still lack when every teacher's periods are split over its subjects\n"
       "in the best way: shortage subjects (English, music, PE, art, IT, psychology)\n"
       "anywhere in the teacher's cluster, since itinerant teachers serve the cluster's\n"
       "schools, other subjects at the teacher's own school. The total uncovered is the\n"
       "same for every best split; where a teacher of two subjects could leave the gap in\n"
       "either, the subject rows show one such split (rural and hardship schools served\n"
       "first).\n")};

int cmd_summary(int argc, char **argv);

/* s with control characters shown as escapes (\n, \t, \x1b...): a name read from a file
   never moves the cursor or recolours the clerk's terminal. slot: one of 4 buffers, so that
   one printf may show several. */
static const char *shown(const char *s, int slot)
{
    static char buf[4][2048];
    char *o = buf[slot & 3];
    size_t n = 0, cap = sizeof buf[0] - 8;
    const unsigned char *p = (const unsigned char *)s;
    for (; *p && n < cap; p++) {
        if (*p == '\n')
            n += (size_t)snprintf(o + n, 8, "\\n");
        else if (*p == '\t')
            n += (size_t)snprintf(o + n, 8, "\\t");
        else if (*p == '\r')
            n += (size_t)snprintf(o + n, 8, "\\r");
        else if (*p < 0x20 || *p == 0x7f)
            n += (size_t)snprintf(o + n, 8, "\\x%02x", *p);
        else
            o[n++] = (char)*p;
    }
    if (*p && (*p & 0xC0) == 0x80) /* cut short inside a character: drop its first bytes */
        while (n > 0 && ((unsigned char)o[--n] & 0xC0) == 0x80)
            ;
    o[n] = '\0';
    return o;
}

typedef struct tally {
    int schools, students, classes;
} tally;

/* The names of school kinds, areas and roles as the files write them; shown translated. */
static const char *const kind_names[ROTAS_KIND_COUNT] = {
    N_("urban_primary"), N_("urban_junior"),     N_("central_primary"), N_("junior"),
    N_("nine_year"),     N_("complete_primary"), N_("teaching_point")};
static const char *const area_names[ROTAS_AREA_COUNT] = {N_("urban"), N_("town"), N_("rural")};
static const char *const role_names[ROTAS_ROLE_COUNT] = {N_("teacher"), N_("principal"),
                                                         N_("vice_principal")};

/* "  kind      teaching_point         1        19        2" */
static void tally_row(FILE *out, const char *label, const char *name, const tally *t)
{
    fputs("  ", out);
    cli_fpad(out, label, -10);
    cli_fpad(out, name, -18);
    fprintf(out, " %7d %9d %8d\n", t->schools, t->students, t->classes);
}

/* "  exempt from rotation             1", then note */
static void count_row_note(FILE *out, const char *label, int n, const char *note)
{
    fputs("  ", out);
    cli_fpad(out, label, -28);
    fprintf(out, " %5d%s\n", n, note);
}

static void count_row(FILE *out, const char *label, int n)
{
    count_row_note(out, label, n, "");
}

int cmd_summary(int argc, char **argv)
{
    const char *out_path = "-";
    int code = EXIT_OK;
    int year_opt = 0;
    rotas_county *c = NULL;
    FILE *out = NULL;
    rotas_outfile *of = NULL;
    double *need = NULL, *short_by = NULL;
    rotas_policy pol;
    rotas_error err = {0};

    const cli_opt opts[] = {
        {.kind = CLI_OPT_INT,
         .short_name = 'y',
         .long_name = "year",
         .value_name = "Y",
         .help = N_("count who is on exchange, eligible and bound to rotate in year\n"
                    "Y, as 'rotas plan --year Y' does (default: the county's year)"),
         .out = &year_opt,
         .lo = 1900,
         .hi = 9999,
         .expected = N_("a year")},
        CLI_STRING('o', "output", "FILE",
                   N_("write the summary to FILE ('-' = standard output, the default)"), &out_path),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (optind != argc - 1) {
        cli_error(_("summary: %s (try 'rotas summary --help')"),
                  optind >= argc ? _("which county? give a .json or .db file")
                                 : _("give exactly one county file"));
        return EXIT_INPUT;
    }
    const char *ins[] = {argv[optind]}, *outs[] = {out_path};
    if ((code = cli_refuse_same(ins, 1, outs, 1)) != 0)
        return code;
    c = cli_load_county(argv[optind], &code);
    if (!c)
        return code;
    rotas_policy_default(&pol);

    if (!(of = cli_out_open(out_path, &code)))
        goto done;
    out = rotas_outfile_stream(of);

    int year = year_opt ? year_opt : c->year;
    if (!year) {
        time_t now = time(NULL);
        struct tm tmv;
        year = gmtime_r(&now, &tmv) ? tmv.tm_year + 1900 : 2026;
    }
    cli_fpad(out, _("county"), -12);
    fprintf(out, "%s\n", c->name ? shown(c->name, 0) : _("(no name)"));
    cli_fpad(out, _("year"), -12);
    fprintf(out, "%d%s\n", year,
            year_opt  ? _(" (--year: counted as 'rotas plan --year' counts)")
            : c->year ? ""
                      : _(" (not in the file: this year)"));

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
    const cli_cell school_head[] = {{"\n", _("schools"), -30},
                                    {" ", _("schools"), 7},
                                    {" ", _("students"), 9},
                                    {" ", _("classes"), 8}};
    cli_fcells(out, school_head, sizeof school_head / sizeof school_head[0]);
    for (int k = 0; k < ROTAS_KIND_COUNT; k++)
        if (by_kind[k].schools)
            tally_row(out, _("kind"), _(kind_names[k]), &by_kind[k]);
    for (int a = 0; a < ROTAS_AREA_COUNT; a++)
        if (by_area[a].schools)
            tally_row(out, _("area"), _(area_names[a]), &by_area[a]);
    tally_row(out, _("total"), "", &all);

    /* Teachers. */
    int by_role[ROTAS_ROLE_COUNT] = {0}, key = 0, exempt = 0, exchange = 0;
    for (size_t i = 0; i < c->n_teachers; i++) {
        const rotas_teacher *t = &c->teachers[i];
        by_role[t->role]++;
        if (t->key >= ROTAS_KEY_COUNTY)
            key++;
        if (t->exempt)
            exempt++;
        if (t->exchange_until >= year)
            exchange++;
    }
    /* The planner's rules, counted at the county's year: leaders who must rotate, and the
       other teachers eligible by years at the school. */
    rotas_eligibility el;
    if (rotas_plan_eligibility(&el, c, &pol, year, &err) != ROTAS_OK) {
        cli_error(_("summary: %s"), err.msg);
        code = EXIT_ERR;
        goto done;
    }
    int due = el.n_must, eligible = el.n_eligible - el.n_must;
    fputc('\n', out);
    cli_fpad(out, _("teachers"), -12);
    fprintf(out, "%zu\n", c->n_teachers);
    for (int r = 0; r < ROTAS_ROLE_COUNT; r++)
        count_row(out, _(role_names[r]), by_role[r]);
    count_row(out, _("key (county level or above)"), key);
    count_row(out, _("exempt from rotation"), exempt);
    count_row(out, _("on exchange in the year"), exchange);
    char note[160];
    snprintf(note, sizeof note, _("  (%d+ years at the school)"), pol.teacher_tenure_years);
    count_row_note(out, _("eligible to rotate"), eligible, note);
    snprintf(note, sizeof note, _("  (principals and vice-principals, %d+ years in the post)"),
             pol.leader_tenure_years);
    count_row_note(out, _("leaders who must rotate"), due, note);

    /* Clusters. */
    fputc('\n', out);
    cli_fpad(out, _("clusters"), -12);
    fprintf(out, "%zu\n", c->n_clusters);
    const cli_cell cluster_head[] = {{"  ", _("id"), -10},      {" ", _("schools"), 7},
                                     {" ", _("classes"), 8},    {" ", _("teachers"), 8},
                                     {"  ", _("central"), -10}, {" ", _("name"), 0}};
    if (c->n_clusters)
        cli_fcells(out, cluster_head, sizeof cluster_head / sizeof cluster_head[0]);
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
        fprintf(out, "  %-10s %7d %8d %8d  %-10s %s\n", shown(cl->id, 0), ns, ncl, nt,
                cl->central >= 0 ? shown(c->schools[cl->central].id, 1) : "-",
                cl->name ? shown(cl->name, 2) : "");
    }
    int loose = 0;
    for (size_t s = 0; s < c->n_schools; s++)
        loose += c->schools[s].cluster < 0;
    if (loose)
        fprintf(out,
                ngettext("  %d school in no cluster\n", "  %d schools in no cluster\n",
                         (unsigned long)loose),
                loose);

    /* Demand, supply and the true shortage (rotas/shortage.h) by subject. */
    size_t cells = c->n_schools * c->n_subjects;
    need = calloc(cells + 1, sizeof *need);
    short_by = calloc(cells + 1, sizeof *short_by);
    if (!need || !short_by) {
        cli_error(_("summary: out of memory"));
        code = EXIT_ERR;
        goto done;
    }
    rotas_shortage_demand(need, c);
    if (rotas_shortage_compute(short_by, NULL, c, &pol, NULL, &err) != ROTAS_OK) {
        cli_error(_("summary: %s"), err.msg);
        code = EXIT_ERR;
        goto done;
    }
    fputc('\n', out);
    cli_fpad(out, _("subjects"), -12);
    fprintf(out, "%s\n",
            _("periods a week: needed by the classes, the teachers' capacity, and not covered"));
    const cli_cell subject_head[] = {{"  ", _("subject"), -12}, {" ", "", -8},
                                     {" ", _("needed"), 7},     {" ", _("teachers"), 9},
                                     {" ", _("supply"), 7},     {" ", _("uncovered"), 9},
                                     {"  ", _("counted"), 0}};
    cli_fcells(out, subject_head, sizeof subject_head / sizeof subject_head[0]);
    double all_demand = 0, all_unmet = 0;
    for (size_t sj = 0; sj < c->n_subjects; sj++) {
        const rotas_subject *su = &c->subjects[sj];
        double demand = 0, supply = 0, unmet = 0;
        int qualified = 0;
        for (size_t s = 0; s < c->n_schools; s++) {
            demand += need[s * c->n_subjects + sj];
            unmet += short_by[s * c->n_subjects + sj];
        }
        for (size_t i = 0; i < c->n_teachers; i++) {
            const rotas_teacher *t = &c->teachers[i];
            int has = 0;
            for (size_t k = 0; k < t->n_subjects; k++)
                has |= t->subjects[k] == (int)sj;
            if (!has)
                continue;
            qualified++;
            supply += t->max_periods > 0 ? t->max_periods : pol.default_max_periods;
        }
        fputs("  ", out);
        cli_fpad(out, shown(su->id, 0), -12);
        fputc(' ', out);
        cli_fpad(out, su->shortage ? _("shortage") : "", -8);
        fprintf(out, " %7.0f %9d %7.0f %9.0f  %s\n", demand, qualified, supply, unmet,
                su->shortage ? _("by cluster") : _("by school"));
        all_demand += demand;
        all_unmet += unmet;
    }
    /* The total is the same for every best split; a teacher of two subjects may leave its
       share of it to either, so the rows above are one such split. */
    fputs("  ", out);
    cli_fpad(out, _("total"), -12);
    fprintf(out, " %-8s %7.0f %9s %7s %9.0f\n", "", all_demand, "", "", all_unmet);

    fputc('\n', out);
    cli_fpad(out, _("travel"), -12);
    fprintf(out,
            _("%zu pairs given; %zu of %zu school pairs estimated from the map (straight line x "
              "1.3 at 30 km/h)\n"),
            c->n_travel, c->n_estimated_pairs,
            c->n_schools > 1 ? c->n_schools * (c->n_schools - 1) / 2 : 0);
    code = cli_out_commit(of);
    of = NULL;
done:
    rotas_outfile_abort(of);
    free(need);
    free(short_by);
    rotas_county_free(c);
    return code;
}
