/* cmd_import.c - `rotas import` (JSON or a CSV folder into the database) and `rotas export`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "rotas/csv.h"
#include "rotas/json.h"
#include "rotas/store.h"
#include "rotas/store_plans.h"
#include "rotas/workbook.h"

int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_template(int argc, char **argv);

static void import_help(FILE *f)
{
    fputs(_("usage: rotas import FILE.json|FILE.xlsx|FILE.xls|DIR COUNTY.db [--replace] [-q]\n"
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
            "  COUNTY.db    the database to write (or --db COUNTY.db)\n"
            "  --csv DIR    read the folder DIR of CSV files instead of a JSON file:\n"
            "               subjects.csv schools.csv classes.csv travel.csv curriculum.csv\n"
            "               teachers.csv, optional clusters.csv groups.csv bells.csv; UTF-8 or\n"
            "               GB18030 (as Excel saves it), lists separated by ';'\n"
            "  --encoding E the CSV files' encoding, utf-8 or gb18030, instead of detecting\n"
            "               it per file (a UTF-8 byte order mark decides; a file that is\n"
            "               valid UTF-8 but reads as mojibake is taken as GB18030)\n"
            "  --replace    replace a county that has approved plans (rotation history);\n"
            "               without it such a database is left alone (exit 2)\n"
            "  -q, --quiet  no summary line\n"
            "  -h, --help   this help\n"
            "\n"
            "examples:\n"
            "  rotas import county.json county.db\n"
            "  rotas import --csv 2026-data/ --db county.db\n"
            "  rotas import --csv 2026-data/ --db county.db --encoding gb18030\n"
            "  rotas import 教师名单2026.xlsx county.db\n"
            "  rotas export --db county.db -o county-check.json\n"),
          f);
}

static void export_help(FILE *f)
{
    fputs(_("usage: rotas export COUNTY.db [-o FILE.json | --xlsx FILE.xlsx | --csv DIR]\n"
            "\n"
            "Write the county held in the database as rotas-county/1 JSON, with the exact\n"
            "order and the extra fields of the file it was imported from; or as an Excel\n"
            "workbook (one sheet per table, Chinese sheet names and headers) or a folder of\n"
            "CSV files (UTF-8 with BOM), which 'rotas import' reads back to the same county.\n"
            "\n"
            "  COUNTY.db      the database to read (or --db COUNTY.db; it must exist)\n"
            "  -o, --output FILE  JSON: where to write ('-' or none: standard output)\n"
            "  --xlsx FILE    write an .xlsx workbook instead\n"
            "  --csv DIR      write a folder of CSV files instead (made if missing)\n"
            "  -h, --help     this help\n"
            "\n"
            "examples:\n"
            "  rotas export county.db -o county.json\n"
            "  rotas export county.db --xlsx 教师名单.xlsx\n"
            "  rotas export --db county.db --csv county-csv/\n"),
          f);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"csv", required_argument, NULL, 'c'},
                                         {"encoding", required_argument, NULL, 'e'},
                                         {"replace", no_argument, NULL, 'r'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL, *csv = NULL, *json = NULL;
    int quiet = cli_quiet, ch, code = EXIT_OK, replace = 0;
    rotas_county *c = NULL;
    rotas_store *s = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    rotas_rc rc;
    rotas_csv_encoding enc = ROTAS_CSV_AUTO;
    struct stat sb;
    double t0 = now_seconds();

    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (ch) {
        case 'd':
            db = optarg;
            break;
        case 'c':
            csv = optarg;
            break;
        case 'e':
            if (!strcasecmp(optarg, "utf-8") || !strcasecmp(optarg, "utf8"))
                enc = ROTAS_CSV_UTF8;
            else if (!strcasecmp(optarg, "gb18030"))
                enc = ROTAS_CSV_GB18030;
            else {
                cli_error("import: --encoding: expected utf-8 or gb18030, found \"%s\"", optarg);
                return EXIT_INPUT;
            }
            break;
        case 'r':
            replace = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            import_help(stdout);
            return EXIT_OK;
        default:
            cli_error(_("import: unknown option '%s' (try 'rotas import --help')"),
                      argv[optind - 1]);
            return EXIT_INPUT;
        }
    }
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
        cli_error("import: --encoding applies to a folder of CSV files (a JSON file is UTF-8)");
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
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"xlsx", required_argument, NULL, 'x'},
                                         {"csv", required_argument, NULL, 'c'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL, *out = "-", *xlsx = NULL, *csvdir = NULL;
    int ch, code = EXIT_OK;
    rotas_county *c = NULL;
    rotas_store *s = NULL;
    rotas_error err = {0};
    rotas_rc rc;
    struct stat sb;

    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (ch) {
        case 'd':
            db = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'x':
            xlsx = optarg;
            break;
        case 'c':
            csvdir = optarg;
            break;
        case 'q':
            break;
        case 'h':
            export_help(stdout);
            return EXIT_OK;
        default:
            cli_error(_("export: unknown option or missing value '%s' (try 'rotas export --help')"),
                      argv[optind - 1]);
            return EXIT_INPUT;
        }
    }
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

static void template_help(FILE *f)
{
    fputs(_("usage: rotas template --xlsx FILE.xlsx [--county COUNTY]\n"
            "\n"
            "Write an empty workbook to fill in with the county's data in Excel or WPS: one\n"
            "sheet per table (县, 学科, 学校, 班级, 教师, 课程计划, 路程, 片区, 教育集团) with\n"
            "Chinese column names, a 说明 sheet that explains every column with an example,\n"
            "and drop-down lists for 职务, 性别, 骨干, 学历, 城乡, 学校类型 and 学科. Then:\n"
            "rotas import FILE.xlsx --db county.db\n"
            "\n"
            "  --xlsx FILE      the workbook to write (required)\n"
            "  --county COUNTY  a county (.db or .json) whose name, year and subjects are\n"
            "                   filled in already\n"
            "  -h, --help       this help\n"
            "\n"
            "examples:\n"
            "  rotas template --xlsx 模板.xlsx\n"
            "  rotas template --xlsx 2027.xlsx --county county.db\n"),
          f);
}

int cmd_template(int argc, char **argv)
{
    static const struct option opts[] = {{"xlsx", required_argument, NULL, 'x'},
                                         {"county", required_argument, NULL, 'c'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *xlsx = NULL, *county = NULL;
    int ch, code = EXIT_OK;
    rotas_county *c = NULL;
    rotas_error err = {0};
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'x':
            xlsx = optarg;
            break;
        case 'c':
            county = optarg;
            break;
        case 'h':
            template_help(stdout);
            return EXIT_OK;
        default:
            cli_error(_("template: unknown option or missing value '%s'"), argv[optind - 1]);
            fprintf(stderr, _("usage: rotas template --xlsx FILE.xlsx [--county COUNTY]\n"));
            return EXIT_INPUT;
        }
    }
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
