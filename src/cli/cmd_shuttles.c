/* cmd_shuttles.c - rotas shuttles: teacher shuttle routes (通勤班车); also the shuttles' branch
   of rotas check and rotas render. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "programmes.h"
#include "rotas/json.h"
#include "rotas/shuttles.h"

int cmd_shuttles(int argc, char **argv);

static const cli_help help = {
    "shuttles",
    N_("usage: rotas shuttles COUNTY [--plan PLAN.json] [-o OUT.json] [--xlsx FILE]\n"
       "                      [--html FILE] [--time-limit S] [--export-lp F] [--export-dat F]\n"
       "                      [-q] [-v]\n"
       "\n"
       "Design the teacher shuttles (通勤班车): morning routes from the pick-up points where\n"
       "teachers live to the village schools they teach at, arriving arrive_before_minutes\n"
       "(10) before each school's first period (its bell), with a seat for everyone and no\n"
       "ride longer than shuttle.max_ride_minutes (60), and the return trips after each\n"
       "school's last period; as few vehicles as can do it, then the fewest km.\n"
       "\n"
       "Riders: teachers with a home (teachers[].home: a pickup_points[] id or {lat, lon})\n"
       "who teach at a rural or town school (after the plan given with --plan) at least\n"
       "shuttle.min_km (3) away. Vehicles: vehicles[] (seats, depot, cost_per_day,\n"
       "cost_per_km); none leaves its depot before shuttle.earliest (06:00).\n"
       "\n"
       "Method: feasible routes (one or two pick-up points in order, then one to three schools\n"
       "in order) are generated and paired with each vehicle type that can drive them in time;\n"
       "GLPK solves the set-partitioning model over them (every rider group once, no vehicle\n"
       "twice) within the time limit, reporting status, objective, bound and gap. Teachers no\n"
       "route can serve are listed with the reason. The result (rotas-shuttles/1) is checked\n"
       "by the independent checker before it is written.\n"
       "\n"),
    N_("examples:\n"
       "  rotas shuttles datasets/demo-county.json -o shuttles.json --xlsx shuttles.xlsx\n"
       "  rotas shuttles county.db --plan plan.json --html shuttles.html -o shuttles.json\n"
       "  rotas check datasets/demo-county.json shuttles.json\n"
       "\n"
       "exit status: 0 ok (also with unserved teachers, who are listed), 1 error or a result\n"
       "the checker rejected, 2 bad input or usage.\n")};

static rotas_shuttle_data *load_data(const rotas_county *c, int *code)
{
    rotas_shuttle_data *s = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_shuttle_data_read(&s, c, &d, &err);
    if (rc != ROTAS_OK)
        *code = cli_report_failure("shuttles", &d, &err, rc);
    rotas_diags_clear(&d);
    return s;
}

int cmd_shuttles(int argc, char **argv)
{
    rotas_shuttle_options o = {60, NULL, NULL, NULL, 0};
    const char *out_path = "-", *plan_path = NULL, *xlsx = NULL, *html = NULL;
    int quiet = cli_quiet, code = EXIT_OK;
    rotas_county *c = NULL;
    rotas_shuttle_data *s = NULL;
    rotas_shuttle_result *res = NULL;
    rotas_plan *plan = NULL;
    int *school_of = NULL;
    rotas_error err = {0};
    rotas_diags d = {0}, v = {0};

    const cli_opt opts[] = {
        CLI_STRING(0, "plan", "FILE", N_("teachers at their destinations in this rotation plan"),
                   &plan_path),
        CLI_STRING('o', "output", "FILE", N_("the result ('-' = stdout, the default)"), &out_path),
        CLI_STRING(0, "xlsx", "FILE",
                   N_("a printable timetable per route (and a sheet of all routes)"), &xlsx),
        CLI_STRING(0, "html", "FILE", N_("a report page with a map of the routes"), &html),
        CLI_SECONDS("time-limit", N_("wall-clock seconds for the solve (60)"), &o.time_limit, 1e6),
        CLI_STRING(0, "export-lp", "F", N_("the model in CPLEX LP format (for glpsol or cbc)"),
                   &o.export_lp),
        CLI_STRING(0, "export-dat", "F",
                   N_("the model's data for models/shuttles.mod (glpsol -m -d)"), &o.export_dat),
        CLI_QUIET(&quiet),
        CLI_VERBOSE(&o.verbose),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (argc - optind != 1) {
        cli_error(_("shuttles: expected one COUNTY (try 'rotas shuttles --help')"));
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
    if (!c || !(s = load_data(c, &code)))
        goto done;
    if (plan_path) {
        rotas_rc rc = rotas_plan_read_json(&plan, c, plan_path, &d, &err);
        if (rc != ROTAS_OK) {
            code = cli_report_failure(plan_path, &d, &err, rc);
            goto done;
        }
        if (!(school_of = malloc((c->n_teachers + 1) * sizeof *school_of))) {
            cli_error(_("shuttles: out of memory"));
            code = EXIT_ERR;
            goto done;
        }
        for (size_t t = 0; t < c->n_teachers; t++)
            school_of[t] = c->teachers[t].school;
        for (size_t i = 0; i < plan->n_moves; i++)
            school_of[plan->moves[i].teacher] = plan->moves[i].to;
        o.school_of = school_of;
    }
    rotas_rc rc = rotas_shuttles_plan(&res, c, s, &o, &err);
    if (rc != ROTAS_OK) {
        cli_error(_("shuttles: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    res->county = rotas_strdup(county_path);
    size_t nv = rotas_check_shuttles(c, s, res, &v);
    if (nv > 0) {
        code = cli_rejected("shuttles", &v, nv);
        goto done;
    }
    if ((rc = rotas_shuttles_write_json(res, c, s, out_path, &err)) != ROTAS_OK ||
        (xlsx && (rc = rotas_render_shuttles_xlsx(res, c, s, xlsx, &err)) != ROTAS_OK) ||
        (html && (rc = rotas_render_shuttles_html(res, c, s, html, &err)) != ROTAS_OK)) {
        cli_error(_("shuttles: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (!quiet)
        fprintf(stderr,
                _("shuttles: %zu riders, %zu routes (vehicles), %zu unserved, %.1f km and %.2f a "
                  "day; %zu columns, %s objective %.2f bound %.2f gap %.2f%%, %.1f s\n"),
                res->n_riders, res->n_routes, res->n_unserved, res->km, res->cost, res->columns,
                _(rotas_status_name(res->status)), res->objective, res->bound, 100 * res->gap,
                res->seconds);
done:
    free(school_of);
    rotas_plan_free(plan);
    rotas_shuttle_result_free(res);
    rotas_shuttle_data_free(s);
    rotas_county_free(c);
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
    return code;
}

int cli_check_shuttles(const char *county_path, const char *result_path, const char *out_path,
                       int quiet)
{
    int code = EXIT_OK;
    rotas_county *c = cli_load_county(county_path, &code);
    rotas_shuttle_data *s = NULL;
    rotas_shuttle_result *res = NULL;
    rotas_diags d = {0}, v = {0};
    rotas_error err = {0};
    if (!c || !(s = load_data(c, &code)))
        goto done;
    rotas_rc rc = rotas_shuttles_read_json(&res, result_path, c, s, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure("check", &d, &err, rc);
        goto done;
    }
    size_t n = rotas_check_shuttles(c, s, res, &v);
    char ok[160];
    snprintf(ok, sizeof ok, _("ok: shuttles: %zu routes, %zu riders, no violations"), res->n_routes,
             res->n_riders);
    code = cli_check_report(&v, n, out_path, quiet, ok);
done:
    rotas_shuttle_result_free(res);
    rotas_shuttle_data_free(s);
    rotas_county_free(c);
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
    return code;
}

int cli_render_shuttles(const char *result_path, const char *county_path, const char *xlsx,
                        const char *html)
{
    int code = EXIT_OK;
    rotas_county *c = cli_load_county(county_path, &code);
    rotas_shuttle_data *s = NULL;
    rotas_shuttle_result *res = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    if (!c || !(s = load_data(c, &code)))
        goto done;
    rotas_rc rc = rotas_shuttles_read_json(&res, result_path, c, s, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure("render", &d, &err, rc);
        goto done;
    }
    if ((xlsx && (rc = rotas_render_shuttles_xlsx(res, c, s, xlsx, &err)) != ROTAS_OK) ||
        (html && (rc = rotas_render_shuttles_html(res, c, s, html, &err)) != ROTAS_OK)) {
        cli_error(_("render: %s"), err.msg);
        code = cli_exit_code(rc);
    }
done:
    rotas_shuttle_result_free(res);
    rotas_shuttle_data_free(s);
    rotas_county_free(c);
    rotas_diags_clear(&d);
    return code;
}
