/* cmd_render.c - rotas render: a plan or timetable as XLSX, CSV files or an HTML report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "rotas/cover.h"
#include "programmes.h"
#include "rotas/researchers.h"
#include "rotas/shuttles.h"
#include "rotas/json.h"
#include "rotas/render.h"

int cmd_render(int argc, char **argv);

static const cli_help help = {
    "render",
    N_("usage: rotas render RESULT.json [--county COUNTY] [--xlsx FILE] [--csv DIR]\n"
       "                    [--html FILE] [-o FILE] [--lang zh|en] [-q]\n"
       "\n"
       "Render a rotation plan (rotas-plan/1), a cluster timetable (rotas-timetable/1) or a\n"
       "daily cover (rotas-cover/1: printable notices, --html or --xlsx) for people. The kind\n"
       "is taken from the result's \"format\"; names come from the\n"
       "county, which is the result's own \"county\" field unless --county is given.\n"
       "Researchers' links and visits (rotas-researchers/1: calendars per researcher and\n"
       "per school) and teacher shuttles (rotas-shuttles/1: a timetable per route and a map)\n"
       "render to --xlsx and --html only, in Chinese.\n"
       "\n"
       "At least one output is needed: --xlsx, --csv, --html or -o.\n"
       "\n"),
    N_("examples:\n"
       "  rotas render plan-2027.json --county county.db --xlsx 轮岗名单2027.xlsx\n"
       "  rotas render plan-2027.json --html report.html --csv out/\n"
       "  rotas render timetable-C03.json --xlsx C03.xlsx --lang en\n"
       "  rotas render cover.json --html notices.html --xlsx notices.xlsx\n"
       "\n"
       "exit status: 0 ok, 1 cannot write, 2 bad input or usage.\n")};

/* The county path of a result: as written, or next to the result when relative and absent. */
static char *resolve_county(const char *written, const char *result_path)
{
    if (written[0] == '/' || access(written, R_OK) == 0)
        return rotas_strdup(written);
    const char *slash = strrchr(result_path, '/');
    if (!slash)
        return rotas_strdup(written);
    size_t n = (size_t)(slash - result_path) + 1 + strlen(written) + 1;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "%.*s/%s", (int)(slash - result_path), result_path, written);
    if (access(p, R_OK) != 0) {
        free(p);
        return rotas_strdup(written);
    }
    return p;
}

/* -o FILE: --xlsx or --html by the suffix. */
struct outputs {
    const char **xlsx, **html;
};

static int output_option(const char *value, void *ctx)
{
    struct outputs *o = ctx;
    if (cli_has_suffix(value, ".xlsx"))
        *o->xlsx = value;
    else if (cli_has_suffix(value, ".html") || cli_has_suffix(value, ".htm"))
        *o->html = value;
    else {
        cli_error(
            _("render: -o %s: expected a name ending in .xlsx or .html (use --csv DIR for CSV)"),
            value);
        return EXIT_INPUT;
    }
    return 0;
}

static int lang_option(const char *value, void *ctx)
{
    int lang = rotas_lang_parse(value);
    if (lang < 0) {
        cli_error(_("render: --lang: expected zh or en, found \"%s\""), value);
        return EXIT_INPUT;
    }
    *(int *)ctx = lang;
    return 0;
}

int cmd_render(int argc, char **argv)
{
    const char *county_arg = NULL, *xlsx = NULL, *csv = NULL, *html = NULL;
    int quiet = cli_quiet, code = EXIT_OK, lang = ROTAS_LANG_ZH;
    char *format = NULL, *written = NULL, *county_path = NULL;
    rotas_county *c = NULL;
    rotas_plan *plan = NULL;
    rotas_timetable *tt = NULL;
    rotas_cover *cv = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};

    struct outputs o_outs = {&xlsx, &html};
    const cli_opt opts[] = {
        CLI_STRING(0, "xlsx", "FILE",
                   N_("a workbook. Plan: 轮岗名单 (rotation list), a sheet per school with\n"
                      "arrivals and departures, 缺课时, 均衡指标, 说明. Timetable: a grid\n"
                      "per class on a sheet per school, each school's 总课表 (one A4\n"
                      "landscape page), 课程清单, 教师课表 with routes (a teacher a page),\n"
                      "教师总课表, 教师工作量, 未排课, 说明. A4, frozen headers."),
                   &xlsx),
        CLI_STRING(0, "csv", "DIR",
                   N_("CSV files in DIR (created): moves, unfilled, indicators, summary\n"
                      "or lessons, routes, unscheduled, summary, loads; UTF-8 with BOM,\n"
                      "CRLF"),
                   &csv),
        CLI_STRING(0, "html", "FILE",
                   N_("one self-contained page ('-' = stdout): figures, sortable move\n"
                      "list, map of moves, unfilled periods, balance indicators; or the\n"
                      "schools' 总课表, all teachers' week, loads, class and teacher grids\n"
                      "(pending lessons 待排 with the reason) and itinerant teachers' day\n"
                      "routes; or a cover's notices, one A4 page per teacher and class"),
                   &html),
        {.kind = CLI_OPT_STRING,
         .short_name = 'o',
         .long_name = "output",
         .value_name = "FILE",
         .help = N_("the same as --xlsx or --html, chosen by FILE's suffix"),
         .call = output_option,
         .ctx = &o_outs},
        CLI_STRING(0, "county", "PATH",
                   N_("the county (rotas-county/1 JSON or a .db) the result was made from"),
                   &county_arg),
        {.kind = CLI_OPT_STRING,
         .long_name = "lang",
         .value_name = "zh|en",
         .help = N_("language of headers and labels (default zh)"),
         .call = lang_option,
         .ctx = &lang},
        CLI_FLAG('q', "quiet", N_("no summary line on stderr"), &quiet),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (argc - optind != 1) {
        cli_error(_("render: expected one RESULT.json (try 'rotas render --help')"));
        return EXIT_INPUT;
    }
    if (!xlsx && !csv && !html) {
        cli_error(_("render: nothing to write: give --xlsx FILE, --csv DIR or --html FILE"));
        return EXIT_INPUT;
    }
    if (xlsx && !rotas_render_have_xlsx()) {
        cli_error(_("render: --xlsx: this rotas was built without libxlsxwriter (install "
                    "libxlsxwriter-dev and rebuild, or use --csv/--html)"));
        return EXIT_ERR;
    }
    const char *result_path = argv[optind];
    {
        const char *ins[] = {result_path, county_arg}, *outs[] = {xlsx, html};
        if ((code = cli_refuse_same(ins, 2, outs, 2)) != 0)
            return code;
    }

    rotas_rc rc = rotas_render_peek(result_path, &format, &written, &err);
    if (rc != ROTAS_OK) {
        cli_error("%s", err.msg);
        code = EXIT_INPUT;
        goto done;
    }
    int is_plan = format && !strcmp(format, ROTAS_FORMAT_PLAN);
    int is_cover = format && !strcmp(format, ROTAS_FORMAT_COVER);
    if (is_cover && csv) {
        cli_error(_("render: %s is a cover (rotas-cover/1): it renders as notices with --html "
                    "or --xlsx, not --csv"),
                  result_path);
        code = EXIT_INPUT;
        goto done;
    }
    int is_res = format && !strcmp(format, ROTAS_FORMAT_RESEARCHERS);
    int is_bus = format && !strcmp(format, ROTAS_FORMAT_SHUTTLES);
    if (!is_plan && !is_cover && !is_res && !is_bus &&
        !(format && !strcmp(format, ROTAS_FORMAT_TIMETABLE))) {
        cli_error(_("%s: format: expected \"%s\" or \"%s\", found %s%s%s"), result_path,
                  ROTAS_FORMAT_PLAN, ROTAS_FORMAT_TIMETABLE, format ? "\"" : "",
                  format ? format : _("nothing"), format ? "\"" : "");
        code = EXIT_INPUT;
        goto done;
    }
    if (county_arg)
        county_path = rotas_strdup(county_arg);
    else if (written)
        county_path = resolve_county(written, result_path);
    if (!county_path) {
        cli_error(_("render: %s names no county: give --county COUNTY"), result_path);
        code = EXIT_INPUT;
        goto done;
    }
    if (is_res) { /* researchers' links and visits: XLSX calendars and HTML */
        code = csv ? (cli_error(_("render: --csv: not available for %s"), ROTAS_FORMAT_RESEARCHERS),
                      EXIT_INPUT)
                   : cli_render_researchers(result_path, county_path, xlsx, html);
        goto done;
    }
    if (is_bus) { /* shuttles: route timetables (XLSX) and a map (HTML) */
        code = csv ? (cli_error(_("render: --csv: not available for %s"), ROTAS_FORMAT_SHUTTLES),
                      EXIT_INPUT)
                   : cli_render_shuttles(result_path, county_path, xlsx, html);
        goto done;
    }
    c = cli_load_county(county_path, &code);
    if (!c)
        goto done;
    if (is_cover) {
        rc = rotas_cover_read_json(&cv, c, result_path, &d, &err);
        if (rc != ROTAS_OK) {
            code = cli_report_failure(result_path, &d, &err, rc);
            goto done;
        }
        if (html && (rc = rotas_cover_render_html(cv, c, html, lang, &err)) != ROTAS_OK)
            goto fail;
        if (xlsx && (rc = rotas_cover_render_xlsx(cv, c, xlsx, lang, &err)) != ROTAS_OK)
            goto fail;
        if (!quiet)
            fprintf(stderr, _("rendered cover notices: %zu lessons\n"), cv->n_entries);
        goto done;
    }
    rc = is_plan ? rotas_plan_read_json(&plan, c, result_path, &d, &err)
                 : rotas_timetable_read_json(&tt, c, result_path, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure(result_path, &d, &err, rc);
        goto done;
    }
    rotas_lang lg = (rotas_lang)lang;
    if (xlsx) {
        rc = is_plan ? rotas_render_plan_xlsx(plan, c, xlsx, lg, &err)
                     : rotas_render_timetable_xlsx(tt, c, xlsx, lg, &err);
        if (rc != ROTAS_OK)
            goto fail;
    }
    if (csv) {
        rc = is_plan ? rotas_render_plan_csv(plan, c, csv, lg, &err)
                     : rotas_render_timetable_csv(tt, c, csv, lg, &err);
        if (rc != ROTAS_OK)
            goto fail;
    }
    if (html) {
        rc = is_plan ? rotas_render_plan_html(plan, c, html, lg, &err)
                     : rotas_render_timetable_html(tt, c, html, lg, &err);
        if (rc != ROTAS_OK)
            goto fail;
    }
    if (!quiet) {
        if (is_plan)
            fprintf(stderr, _("rendered plan for %d: %zu moves\n"), plan->year, plan->n_moves);
        else
            fprintf(stderr, _("rendered timetable: %zu lessons, %zu unscheduled entries\n"),
                    tt->n_lessons, tt->n_unscheduled);
    }
    goto done;
fail:
    cli_error("%s", err.msg);
    code = rc == ROTAS_EINPUT ? EXIT_INPUT : EXIT_ERR;
done:
    rotas_diags_clear(&d);
    rotas_plan_free(plan);
    rotas_timetable_free(tt);
    rotas_cover_free(cv);
    rotas_county_free(c);
    free(format);
    free(written);
    free(county_path);
    return code;
}
