/* cmd_researchers.c - rotas researchers: researchers' school links and visit calendar
   (教研员定点联系); also the researchers' branch of rotas check and rotas render. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "programmes.h"
#include "rotas/json.h"
#include "rotas/researchers.h"

int cmd_researchers(int argc, char **argv);

static const cli_help help = {
    "researchers",
    N_("usage: rotas researchers COUNTY [--term START..END] [--plan PLAN.json] [-o OUT.json]\n"
       "                         [--xlsx FILE] [--html FILE] [--min-links N] [--visits N]\n"
       "                         [--subjects N] [--time-limit S] [--export-lp F]\n"
       "                         [--export-dat F] [-q] [-v]\n"
       "\n"
       "Link the county's researchers (教研员, researchers[] in the county) to rural schools\n"
       "and make their visit calendar for one term (教研员定点联系/帮扶).\n"
       "\n"
       "Links (a GLPK model): every researcher links at least --min-links (2) rural schools\n"
       "in a subject it researches and the school teaches; every rural school is linked,\n"
       "in its weakest subject(s) (--subjects, 1) where a researcher of it exists; no\n"
       "researcher takes more links than its free days allow (--visits each); loads are\n"
       "balanced (most minus fewest links) and km from the base kept down. A school's weak\n"
       "subjects are the county's weak_subjects[], else the periods it lacks in the plan\n"
       "given with --plan (unfilled[]), else in the county as it stands (the max-flow\n"
       "shortage of 'rotas summary'), most periods first.\n"
       "\n"
       "Calendar (a GLPK model per researcher): each link gets --visits (5) visits on\n"
       "weekdays of the term, no holiday (county holidays[]), none on the researcher's\n"
       "unavailable days, one school a day; no two visits of a link in one week where\n"
       "avoidable, one in each fifth of the term where possible; a visit in subject S falls\n"
       "on the school's research half-day for S when its teachers of S have one\n"
       "(teachers[].unavailable with a reason such as \"英语教研\"). Visits that no calendar\n"
       "can place are listed in shortfalls[].\n"
       "\n"
       "The result (rotas-researchers/1) is checked by the independent checker before it is\n"
       "written; 'rotas check COUNTY OUT.json' checks it again, 'rotas render OUT.json\n"
       "--xlsx F --html F' renders it later.\n"
       "\n"),
    N_("examples:\n"
       "  rotas researchers datasets/demo-county.json --term 2027-09-01..2028-01-15 -o r.json\n"
       "  rotas researchers county.db --plan plan.json --xlsx researchers.xlsx --html r.html\n"
       "  rotas check datasets/demo-county.json r.json\n"
       "\n"
       "exit status: 0 ok (also with unlinked schools or shortfalls, which are listed), 1\n"
       "error or a result the checker rejected, 2 bad input or usage.\n")};

static int parse_term(const char *s, int *a, int *b)
{
    char x[11], y[11];
    const char *dots = strstr(s, "..");
    if (!dots || dots - s != 10 || strlen(dots + 2) != 10)
        return -1;
    memcpy(x, s, 10);
    x[10] = '\0';
    memcpy(y, dots + 2, 10);
    y[10] = '\0';
    if (rotas_day_parse(x, a) || rotas_day_parse(y, b) || *b < *a || *b - *a > 400)
        return -1;
    return 0;
}

/* --term START..END into the options (ctx). */
static int term_option(const char *value, void *ctx)
{
    rotas_researchers_options *o = ctx;
    if (parse_term(value, &o->term_start, &o->term_end) != 0) {
        cli_error(_("researchers: --term: expected START..END as YYYY-MM-DD..YYYY-MM-DD "
                    "(at most 400 days, END not before START), found \"%s\""),
                  value);
        return EXIT_INPUT;
    }
    return 0;
}

static void summary(const rotas_researchers_result *res, const rotas_researchers_data *r)
{
    char a[11], b[11];
    fprintf(stderr,
            _("researchers: %zu researchers, %zu rural schools, %zu links (%d to %d a researcher), "
              "%zu visits %s..%s, %zu unlinked, %zu weak subjects uncovered, %zu shortfalls, "
              "%d second visits in a week, %.1f km; links %s objective %.2f bound %.2f gap %.2f%%, "
              "calendar %s objective %.2f bound %.2f, %.1f s\n"),
            r->n_researchers, res->n_weak, res->n_links, res->min_load, res->max_load,
            res->n_visits, rotas_day_format(res->term_start, a), rotas_day_format(res->term_end, b),
            res->n_unlinked, res->n_uncovered, res->n_shortfalls, res->same_week, res->km,
            _(rotas_status_name(res->status)), res->objective, res->bound, 100.0 * res->gap,
            _(rotas_status_name(res->calendar_status)), res->calendar_objective,
            res->calendar_bound, res->seconds + res->calendar_seconds);
}

static rotas_researchers_data *load_data(const rotas_county *c, int *code)
{
    rotas_researchers_data *r = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_researchers_data_read(&r, c, &d, &err);
    if (rc != ROTAS_OK)
        *code = cli_report_failure("researchers", &d, &err, rc);
    rotas_diags_clear(&d);
    return r;
}

int cmd_researchers(int argc, char **argv)
{
    rotas_researchers_options o;
    rotas_researchers_options_init(&o);
    const char *out_path = "-", *plan_path = NULL, *xlsx = NULL, *html = NULL;
    int quiet = cli_quiet, code = EXIT_OK;
    rotas_county *c = NULL;
    rotas_researchers_data *r = NULL;
    rotas_researchers_result *res = NULL;
    rotas_plan *plan = NULL;
    int *us = NULL, *uj = NULL;
    double *up = NULL;
    rotas_error err = {0};
    rotas_diags d = {0}, v = {0};

    const cli_opt opts[] = {
        {.kind = CLI_OPT_STRING,
         .long_name = "term",
         .value_name = "A..B",
         .help = N_("the term, e.g. 2027-09-01..2028-01-15 (default: the county's term)"),
         .call = term_option,
         .ctx = &o},
        CLI_STRING(0, "plan", "FILE",
                   N_("take weak subjects from a rotation plan's unfilled periods"), &plan_path),
        CLI_STRING('o', "output", "FILE", N_("the result ('-' = stdout, the default)"), &out_path),
        CLI_STRING(0, "xlsx", "FILE",
                   N_("a workbook: links, a calendar sheet per researcher and per school"), &xlsx),
        CLI_STRING(0, "html", "FILE", N_("a self-contained report page"), &html),
        CLI_INT(0, "min-links", "N", N_("rural schools each researcher links at least (2)"),
                &o.min_links, 0, 50),
        CLI_INT(0, "visits", "N", N_("visits per link and term (5)"), &o.min_visits, 1, 60),
        CLI_INT(0, "subjects", "N", N_("weakest subjects of a school that must be linked (1)"),
                &o.subjects_per_school, 0, 20),
        CLI_SECONDS("time-limit", N_("wall-clock seconds for both models (60)"), &o.time_limit,
                    1e6),
        CLI_STRING(0, "export-lp", "F", N_("the link model in CPLEX LP format (for glpsol or cbc)"),
                   &o.export_lp),
        CLI_STRING(0, "export-dat", "F",
                   N_("the link model's data for models/researchers.mod (glpsol -m -d)"),
                   &o.export_dat),
        CLI_QUIET(&quiet),
        CLI_VERBOSE(&o.verbose),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (argc - optind != 1) {
        cli_error(_("researchers: expected one COUNTY (try 'rotas researchers --help')"));
        return EXIT_INPUT;
    }
    const char *county_path = argv[optind];
    {
        const char *ins[] = {county_path, plan_path};
        const char *outs[] = {out_path, xlsx, html, o.export_lp, o.export_dat};
        if ((code = cli_refuse_same(ins, 2, outs, 5)) != 0)
            return code;
    }
    c = cli_load_county(county_path, &code);
    if (!c)
        goto done;
    if (!(r = load_data(c, &code)))
        goto done;
    if (plan_path) {
        rotas_rc rc = rotas_plan_read_json(&plan, c, plan_path, &d, &err);
        if (rc != ROTAS_OK) {
            code = cli_report_failure(plan_path, &d, &err, rc);
            goto done;
        }
        size_t n = plan->n_unfilled;
        us = calloc(n + 1, sizeof *us);
        uj = calloc(n + 1, sizeof *uj);
        up = calloc(n + 1, sizeof *up);
        if (!us || !uj || !up) {
            cli_error(_("researchers: out of memory"));
            code = EXIT_ERR;
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            us[i] = plan->unfilled[i].school;
            uj[i] = plan->unfilled[i].subject;
            up[i] = plan->unfilled[i].periods;
        }
        o.plan_unfilled_school = us;
        o.plan_unfilled_subject = uj;
        o.plan_unfilled_periods = up;
        o.n_plan_unfilled = n;
    }
    rotas_rc rc = rotas_researchers_plan(&res, c, r, &o, &err);
    if (rc != ROTAS_OK) {
        cli_error(_("researchers: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    res->county = rotas_strdup(county_path);
    size_t nv = rotas_check_researchers(c, r, res, &v);
    if (nv > 0) {
        for (size_t i = 0; i < v.n_items; i++)
            fprintf(stderr, _("rotas: researchers: check: %s\n"), v.items[i]);
        cli_error(
            _("researchers: the checker rejected the result (%zu violations); nothing written"),
            nv);
        code = EXIT_ERR;
        goto done;
    }
    if ((rc = rotas_researchers_write_json(res, c, r, out_path, &err)) != ROTAS_OK ||
        (xlsx && (rc = rotas_render_researchers_xlsx(res, c, r, xlsx, &err)) != ROTAS_OK) ||
        (html && (rc = rotas_render_researchers_html(res, c, r, html, &err)) != ROTAS_OK)) {
        cli_error(_("researchers: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (!quiet)
        summary(res, r);
done:
    free(us);
    free(uj);
    free(up);
    rotas_plan_free(plan);
    rotas_researchers_result_free(res);
    rotas_researchers_data_free(r);
    rotas_county_free(c);
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
    return code;
}

int cli_check_researchers(const char *county_path, const char *result_path, const char *out_path,
                          int quiet)
{
    int code = EXIT_OK;
    rotas_county *c = cli_load_county(county_path, &code);
    rotas_researchers_data *r = NULL;
    rotas_researchers_result *res = NULL;
    rotas_diags d = {0}, v = {0};
    rotas_error err = {0};
    if (!c || !(r = load_data(c, &code)))
        goto done;
    rotas_rc rc = rotas_researchers_read_json(&res, result_path, c, r, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure("check", &d, &err, rc);
        goto done;
    }
    size_t n = rotas_check_researchers(c, r, res, &v);
    char ok[160];
    snprintf(ok, sizeof ok,
             _("ok: researchers' links and visits: %zu links, %zu visits, no violations"),
             res->n_links, res->n_visits);
    code = cli_check_report(&v, n, out_path, quiet, ok);
done:
    rotas_researchers_result_free(res);
    rotas_researchers_data_free(r);
    rotas_county_free(c);
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
    return code;
}

int cli_render_researchers(const char *result_path, const char *county_path, const char *xlsx,
                           const char *html)
{
    int code = EXIT_OK;
    rotas_county *c = cli_load_county(county_path, &code);
    rotas_researchers_data *r = NULL;
    rotas_researchers_result *res = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    if (!c || !(r = load_data(c, &code)))
        goto done;
    rotas_rc rc = rotas_researchers_read_json(&res, result_path, c, r, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure("render", &d, &err, rc);
        goto done;
    }
    if ((xlsx && (rc = rotas_render_researchers_xlsx(res, c, r, xlsx, &err)) != ROTAS_OK) ||
        (html && (rc = rotas_render_researchers_html(res, c, r, html, &err)) != ROTAS_OK)) {
        cli_error(_("render: %s"), err.msg);
        code = cli_exit_code(rc);
    }
done:
    rotas_researchers_result_free(res);
    rotas_researchers_data_free(r);
    rotas_county_free(c);
    rotas_diags_clear(&d);
    return code;
}
