/* cmd_import.c - `rotas import` (JSON or a CSV folder into the database) and `rotas export`. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "opts.h"
#include "rotas/csv.h"
#include "rotas/json.h"
#include "rotas/store.h"
#include "rotas/store_plans.h"
#include "rotas/workbook.h"

int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_template(int argc, char **argv);

static const cli_help import_help = {
    "import",
    N_("usage: rotas import FILE.json|FILE.xlsx|FILE.xls|DIR COUNTY.db [--replace] [-q]\n"
       "       rotas import --csv DIR --db DB [--encoding utf-8|gb18030] [--replace] [-q]\n"
       "\n"
       "Validate a county completely, then replace the county held in the SQLite database\n"
       "DB with it, in one transaction (the database is created if it does not exist).\n"
       "If the input has any problem, every problem is listed (JSON path or\n"
       "file:line:column), nothing is written and the exit status is 2.\n"
       "\n"
       "A workbook (.xlsx from Excel or WPS, .xls from Excel 97-2003) has one sheet per\n"
       "table, named like the CSV files or in Chinese (教师, 学校 ...), with English or\n"
       "Chinese column names; 'rotas template --xlsx F' writes an empty one to fill in.\n"
       "\n"
       "COUNTY.db is the database to write (or --db COUNTY.db).\n"
       "\n"),
    N_("examples:\n"
       "  rotas import county.json county.db\n"
       "  rotas import --csv 2026-data/ --db county.db\n"
       "  rotas import --csv 2026-data/ --db county.db --encoding gb18030\n"
       "  rotas import 教师名单2026.xlsx county.db\n"
       "  rotas export --db county.db -o county-check.json\n")};

static const cli_help export_help = {
    "export",
    N_("usage: rotas export COUNTY.db [-o FILE.json | --xlsx FILE.xlsx | --csv DIR]\n"
       "\n"
       "Write the county held in the database as rotas-county/1 JSON, with the exact\n"
       "order and the extra fields of the file it was imported from; or as an Excel\n"
       "workbook (one sheet per table, Chinese sheet names and headers) or a folder of\n"
       "CSV files (UTF-8 with BOM), which 'rotas import' reads back to the same county.\n"
       "\n"
       "COUNTY.db is the database to read (or --db COUNTY.db; it must exist).\n"
       "\n"),
    N_("examples:\n"
       "  rotas export county.db -o county.json\n"
       "  rotas export county.db --xlsx 教师名单.xlsx\n"
       "  rotas export --db county.db --csv county-csv/\n")};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_import(int argc, char **argv)
{
    const char *db = NULL, *csv = NULL, *json = NULL;
    int quiet = cli_quiet, code = EXIT_OK, replace = 0, encoding = -1;
    rotas_county *c = NULL;
    rotas_store *s = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    rotas_rc rc;
    rotas_csv_encoding enc = ROTAS_CSV_AUTO;
    struct stat sb;
    double t0 = now_seconds();

    static const char *const encodings[] = {"utf-8", "utf8", "gb18030", NULL};
    const cli_opt opts[] = {
        CLI_STRING(0, "db", "COUNTY.db", N_("the database to write (the same as COUNTY.db)"), &db),
        CLI_STRING(0, "csv", "DIR",
                   N_("read the folder DIR of CSV files instead of a JSON file:\n"
                      "subjects.csv schools.csv classes.csv travel.csv curriculum.csv\n"
                      "teachers.csv, optional clusters.csv groups.csv bells.csv county.csv;\n"
                      "UTF-8 or GB18030 (as Excel saves it), lists separated by ';'"),
                   &csv),
        {.kind = CLI_OPT_CHOICE,
         .long_name = "encoding",
         .value_name = "E",
         .help = N_("the CSV files' encoding, utf-8 or gb18030, instead of detecting\n"
                    "it per file (a UTF-8 byte order mark decides; a file that is\n"
                    "valid UTF-8 but reads as mojibake is taken as GB18030)"),
         .out = &encoding,
         .choices = encodings,
         .expected = N_("utf-8 or gb18030")},
        CLI_FLAG(0, "replace",
                 N_("replace a county that has approved plans (rotation history);\n"
                    "without it such a database is left alone (exit 2)"),
                 &replace),
        CLI_FLAG('q', "quiet", N_("no summary line"), &quiet),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&import_help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (encoding >= 0)
        enc = encoding == 2 ? ROTAS_CSV_GB18030 : ROTAS_CSV_UTF8;
    if (optind < argc)
        json = argv[optind++];
    if (optind < argc && !db && cli_has_suffix(argv[optind], ".db")) /* rotas import IN COUNTY.db */
        db = argv[optind++];
    if (optind < argc) {
        cli_error(_("import: unexpected argument '%s'"), argv[optind]);
        return EXIT_INPUT;
    }
    if (!db || (!json && !csv) || (json && csv)) {
        cli_error(_("import: give one input (FILE.json, FILE.xlsx, FILE.xls or a CSV folder) and "
                    "the database COUNTY.db (try 'rotas import --help')"));
        return EXIT_INPUT;
    }

    /* a folder given without --csv is a CSV folder; a workbook is read as one */
    if (json && !csv && stat(json, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        csv = json;
        json = NULL;
    }
    const char *input = csv ? csv : json;
    {
        const char *ins[] = {json}, *outs[] = {db};
        if ((code = cli_refuse_same(ins, 1, outs, 1)) != 0)
            return code;
    }
    if (enc != ROTAS_CSV_AUTO && !csv) {
        cli_error(_("import: --encoding applies to a folder of CSV files (a JSON file is UTF-8)"));
        return EXIT_INPUT;
    }
    if (csv)
        rc = rotas_county_read_csv_dir_enc(&c, csv, enc, &d, &err);
    else if (cli_has_suffix(json, ".xlsx") || cli_has_suffix(json, ".xls"))
        rc = rotas_county_read_workbook(&c, json, &d, &err);
    else
        rc = rotas_county_read_json(&c, json, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure(input, &d, &err, rc);
        goto done;
    }
    if ((rc = rotas_store_open(&s, db, &err))) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    /* approved plans are history: replacing the county they moved needs a clear yes */
    long long n_approved = 0;
    if ((rc = rotas_store_count_approvals(s, &n_approved, &err))) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (n_approved > 0 && !replace) {
        cli_error(_("import: %s holds a county with rotation history (approved plans: %lld); "
                    "importing would replace it. Add --replace to replace it anyway, or import "
                    "into a new database"),
                  db, n_approved);
        code = EXIT_INPUT;
        goto done;
    }
    if ((rc = rotas_store_save_county(s, c, &err))) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (!quiet)
        fprintf(stderr, _("rotas: imported %s into %s: %zu schools, %zu teachers, %.2f s\n"), input,
                db, c->n_schools, c->n_teachers, now_seconds() - t0);
done:
    rotas_store_close(s);
    rotas_county_free(c);
    rotas_diags_clear(&d);
    return code;
}

int cmd_export(int argc, char **argv)
{
    const char *db = NULL, *out = "-", *xlsx = NULL, *csvdir = NULL;
    int code = EXIT_OK, quiet = 0;
    rotas_county *c = NULL;
    rotas_store *s = NULL;
    rotas_error err = {0};
    rotas_rc rc;
    struct stat sb;

    const cli_opt opts[] = {
        CLI_STRING(0, "db", "COUNTY.db", N_("the database to read (the same as COUNTY.db)"), &db),
        CLI_STRING('o', "output", "FILE", N_("JSON: where to write ('-' or none: standard output)"),
                   &out),
        CLI_STRING(0, "xlsx", "FILE", N_("write an .xlsx workbook instead"), &xlsx),
        CLI_STRING(0, "csv", "DIR", N_("write a folder of CSV files instead (made if missing)"),
                   &csvdir),
        {.kind = CLI_OPT_FLAG,
         .short_name = 'q',
         .long_name = "quiet",
         .out = &quiet,
         .hidden = 1}, /* export says nothing anyway; accepted like the other commands' */
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&export_help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (optind < argc && !db) /* rotas export COUNTY.db, as every command takes the county */
        db = argv[optind++];
    if (optind < argc) {
        cli_error(_("export: unexpected argument '%s'"), argv[optind]);
        return EXIT_INPUT;
    }
    if (!db) {
        cli_error(_("export: which county? give COUNTY.db (try 'rotas export --help')"));
        return EXIT_INPUT;
    }
    {
        const char *ins[] = {db}, *outs[] = {out, xlsx};
        if ((code = cli_refuse_same(ins, 1, outs, 2)) != 0)
            return code;
    }
    /* Opening would create an empty database: say what is wrong instead. */
    if (strcmp(db, ":memory:") != 0 && stat(db, &sb) != 0) {
        cli_error(_("%s: no such database"), db);
        return EXIT_INPUT;
    }
    if (xlsx && csvdir) {
        cli_error(_("export: give one of -o FILE.json, --xlsx FILE, --csv DIR"));
        return EXIT_INPUT;
    }
    if ((rc = rotas_store_open_mode(&s, db, ROTAS_STORE_READ, &err)) ||
        (rc = rotas_store_load_county(&c, s, &err)) ||
        (rc = xlsx     ? rotas_county_write_xlsx(c, xlsx, &err)
              : csvdir ? rotas_county_write_csv_dir(c, csvdir, &err)
                       : rotas_county_write_json(c, out, &err))) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
    }
    rotas_store_close(s);
    rotas_county_free(c);
    return code;
}

static const cli_help template_help = {
    "template",
    N_("usage: rotas template --xlsx FILE.xlsx [--county COUNTY]\n"
       "\n"
       "Write an empty workbook to fill in with the county's data in Excel or WPS: one\n"
       "sheet per table (县, 学科, 学校, 班级, 教师, 课程计划, 路程, 片区, 教育集团) with\n"
       "Chinese column names, a 说明 sheet that explains every column with an example,\n"
       "and drop-down lists for 职务, 性别, 骨干, 学历, 城乡, 学校类型 and 学科. Then:\n"
       "rotas import FILE.xlsx --db county.db\n"
       "\n"),
    N_("examples:\n"
       "  rotas template --xlsx 模板.xlsx\n"
       "  rotas template --xlsx 2027.xlsx --county county.db\n")};

int cmd_template(int argc, char **argv)
{
    const char *xlsx = NULL, *county = NULL;
    int code = EXIT_OK;
    rotas_county *c = NULL;
    rotas_error err = {0};
    const cli_opt opts[] = {
        CLI_STRING(0, "xlsx", "FILE", N_("the workbook to write (required)"), &xlsx),
        CLI_STRING(0, "county", "COUNTY",
                   N_("a county (.db or .json) whose name, year and subjects are\n"
                      "filled in already"),
                   &county),
        CLI_HELP, CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&template_help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (optind < argc) {
        cli_error(_("template: unexpected argument '%s'"), argv[optind]);
        return EXIT_INPUT;
    }
    if (!xlsx) {
        cli_error(_("template: --xlsx FILE is required (try 'rotas template --help')"));
        return EXIT_INPUT;
    }
    if (county && !(c = cli_load_county(county, &code)))
        return code;
    rotas_rc rc = rotas_county_template_xlsx(xlsx, c, &err);
    if (rc) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
    }
    rotas_county_free(c);
    return code;
}
