/* cmd_cover.c - rotas cover: who teaches the lessons of absent teachers (代课/调课). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "opts.h"
#include "rotas/check.h"
#include "rotas/cover.h"
#include "rotas/json.h"
#include "rotas/render.h"

/* Take back a notice file written by this run when the cover itself cannot be written: only
   a regular file (never a device or a pipe given as the output). */
static void remove_written(const char *path)
{
    struct stat st;
    if (path && strcmp(path, "-") != 0 && lstat(path, &st) == 0 && S_ISREG(st.st_mode))
        remove(path);
}

int cmd_cover(int argc, char **argv);
int cli_check_cover(const char *county_path, const char *cover_path, const char *tt_path,
                    const char *policy_path, const char *out_path, int quiet);

static const cli_help help = {
    "cover",
    N_("usage: rotas cover COUNTY --timetable TT.json --absent TEACHER[@DAYS][,..]\n"
       "                   [--days FIRST[..LAST]] [--reason TEXT] [-o COVER.json]\n"
       "                   [--html NOTICES.html] [--xlsx NOTICES.xlsx] [--lang zh|en]\n"
       "                   [--policy POLICY.json]\n"
       "                   [--extra-periods N] [--time-limit S] [--export-lp FILE] [-q] [-v]\n"
       "\n"
       "Daily cover (代课/调课): for every lesson the absent teachers would give on the\n"
       "weekdays FIRST..LAST (dates YYYY-MM-DD) in the cluster timetable TT.json, find,\n"
       "least disruption first:\n"
       "  1. a substitute (代课): a free teacher of the subject (of the class's school; for a\n"
       "     shortage subject, of any school of the cluster) who stays within every rule of\n"
       "     the timetable when given the lesson: travel minutes between the schools'\n"
       "     bells, max_schools_per_day, unavailable times, max_days, and max_periods plus\n"
       "     --extra-periods (代课 is paid extra work; default 2 a week, 0 keeps the\n"
       "     timetable's loads). A teacher of the same school first, then the nearest;\n"
       "  2. a swap (调课): the lesson trades places with another lesson of the same class\n"
       "     that week, on a date the absent teacher is back (not before FIRST);\n"
       "  3. self-study (自习) when nothing fits, with the reason.\n"
       "A small assignment model (GLPK) chooses for all lessons at once: prices 10 for a\n"
       "substitute of the same school, 40 + 2 per km for one from another school, 60 for a\n"
       "swap, 1000 for self-study, plus 15 per person touched (so that few colleagues carry\n"
       "the cover). models/cover.mod is the same model in MathProg.\n"
       "\n"
       "The result (rotas-cover/1) lists each lesson with what happens to it; it is checked\n"
       "by the independent checker (the timetable each week implies must pass every rule of\n"
       "'rotas check') before it is written. --html writes printable notices: one page per\n"
       "teacher who covers, swaps or is absent, and one per class, to hand out or post.\n"
       "Verify a cover file later with 'rotas check COUNTY COVER.json --timetable TT.json'.\n"
       "\n"),
    N_("examples:\n"
       "  rotas cover county.db --timetable timetable-C01.json --absent T00012 \\\n"
       "      --days 2026-03-09..2026-03-11 --reason 病假 -o cover.json --html notices.html\n"
       "  rotas cover county.json --timetable tt.json --absent T00012,T00040 --days 2026-03-10\n"
       "  rotas cover county.db --timetable tt.json \\\n"
       "      --absent T00012@2026-03-09..2026-03-11,T00040@2026-03-12 --reason 培训\n"
       "\n"
       "exit status: 0 ok (also when some lessons become self-study), 1 error or a cover the\n"
       "checker rejected, 2 bad input or usage.\n")};

/* "A..B" or "A" into dates; 0 ok, else a message and EXIT_INPUT. */
static int parse_days(const char *s, long *from, long *to)
{
    const char *dots = strstr(s, "..");
    char a[32] = "", b[32] = "";
    if (dots) {
        snprintf(a, sizeof a, "%.*s", (int)(dots - s < 31 ? dots - s : 31), s);
        snprintf(b, sizeof b, "%s", dots + 2);
    } else {
        snprintf(a, sizeof a, "%s", s);
        snprintf(b, sizeof b, "%s", s);
    }
    *from = rotas_date_parse(a);
    *to = rotas_date_parse(b);
    if (*from < 0 || *to < 0) {
        cli_error(_("cover: --days: expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, found \"%s\""),
                  s);
        return EXIT_INPUT;
    }
    if (*to < *from) {
        cli_error(_("cover: --days: expected the last date not before the first, found \"%s\""), s);
        return EXIT_INPUT;
    }
    if (*to - *from > 366) {
        cli_error(_("cover: --days: expected at most a year, found %ld days"), *to - *from + 1);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}
/* Add the comma-separated entries ID or ID@FIRST[..LAST] in s as absences, from..to (the
   --days range, -1 when not given) for an entry without dates; returns 0, or EXIT_INPUT after
   a message. */
static int add_absent(const rotas_county *c, const char *s, long from, long to, rotas_absence **abs,
                      size_t *n)
{
    char *copy = rotas_strdup(s), *save = NULL;
    if (!copy)
        return EXIT_ERR;
    int code = EXIT_OK;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        long a_from = from, a_to = to;
        char *at = strchr(tok, '@');
        if (at) {
            *at = '\0';
            if ((code = parse_days(at + 1, &a_from, &a_to)) != EXIT_OK)
                break;
        } else if (from < 0) {
            cli_error(_("cover: --absent: %s has no dates: expected --days or %s@FIRST..LAST"), tok,
                      tok);
            code = EXIT_INPUT;
            break;
        }
        int t = rotas_county_teacher(c, tok);
        if (t < 0) {
            cli_error(_("cover: --absent: expected a teacher id of the county, found \"%s\""), tok);
            code = EXIT_INPUT;
            break;
        }
        rotas_absence *a = realloc(*abs, (*n + 1) * sizeof **abs);
        if (!a) {
            code = EXIT_ERR;
            break;
        }
        *abs = a;
        a[(*n)++] = (rotas_absence){t, a_from, a_to, NULL};
    }
    free(copy);
    return code;
}

/* The values of --absent, which may repeat. */
struct absent_args {
    const char *v[64];
    size_t n;
};

static int absent_option(const char *value, void *ctx)
{
    struct absent_args *a = ctx;
    if (a->n == sizeof a->v / sizeof a->v[0]) {
        cli_error(_("cover: --absent: at most 64 options (use commas)"));
        return EXIT_INPUT;
    }
    a->v[a->n++] = value;
    return 0;
}

int cmd_cover(int argc, char **argv)
{
    const char *tt_path = NULL, *days = NULL, *reason = NULL, *out_path = "-", *html = NULL;
    const char *policy_path = NULL, *lang_s = "zh", *xlsx = NULL;
    struct absent_args ab = {.n = 0};
    rotas_cover_options co = {.time_limit = 10, .extra_periods = 2};
    int quiet = cli_quiet, verbose = cli_verbose, code = EXIT_OK;
    rotas_county *c = NULL;
    rotas_timetable *tt = NULL;
    rotas_cover *cv = NULL;
    rotas_absence *abs = NULL;
    size_t n_abs = 0;
    rotas_diags d = {0}, v = {0};
    rotas_error err = {0};
    rotas_policy pol;

    const cli_opt opts[] = {
        CLI_STRING(0, "timetable", "FILE", N_("the cluster's timetable (rotas-timetable/1)"),
                   &tt_path),
        {.kind = CLI_OPT_STRING,
         .long_name = "absent",
         .value_name = "IDS",
         .help = N_("absent teachers' ids, comma-separated (may repeat); ID@A..B\n"
                    "gives that teacher its own dates"),
         .call = absent_option,
         .ctx = &ab},
        CLI_STRING(0, "days", "A..B",
                   N_("the dates of the absences without their own, e.g.\n"
                      "2026-03-09..2026-03-11, or one date; weekends are skipped"),
                   &days),
        CLI_STRING(0, "reason", "TEXT", N_("why (病假, 事假, 培训), printed on the notices"),
                   &reason),
        CLI_STRING('o', "output", "PATH", N_("the cover as JSON ('-' = stdout, the default)"),
                   &out_path),
        CLI_STRING(0, "html", "PATH", N_("printable notices (self-contained HTML, A4)"), &html),
        CLI_STRING(0, "xlsx", "PATH",
                   N_("the same as a workbook: 代课调课 (every lesson) and 通知 (a block\n"
                      "per teacher and class, a printed page each)"),
                   &xlsx),
        CLI_STRING(0, "lang", "zh|en", N_("language of the notices (default zh)"), &lang_s),
        CLI_STRING(0, "policy", "FILE",
                   N_("rules to keep (default: the policy the timetable echoes)"), &policy_path),
        CLI_INT(0, "extra-periods", "N",
                N_("cover periods a teacher may take in a week beyond its\n"
                   "max_periods (default 2)"),
                &co.extra_periods, 0, 40),
        {.kind = CLI_OPT_DOUBLE,
         .long_name = "time-limit",
         .value_name = "S",
         .help = N_("seconds for the model (default 10)"),
         .out = &co.time_limit,
         .lo = 0,
         .lo_open = 1,
         .hi = 86400,
         .expected = N_("seconds in (0, 86400]")},
        CLI_STRING(0, "export-lp", "FILE", N_("the assignment model in CPLEX LP format"),
                   &co.export_lp),
        CLI_STRING(0, "export-dat", "FILE",
                   N_("the data of models/cover.mod (glpsol -m models/cover.mod -d FILE)"),
                   &co.export_dat),
        CLI_QUIET(&quiet),
        CLI_VERBOSE(&verbose),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    co.verbose = verbose;
    if (argc - optind != 1) {
        cli_error(_("cover: expected one COUNTY (try 'rotas cover --help')"));
        return EXIT_INPUT;
    }
    if (!tt_path || !ab.n) {
        cli_error(_("cover: expected --timetable and --absent (try 'rotas cover --help')"));
        return EXIT_INPUT;
    }
    int lang = rotas_lang_parse(lang_s);
    if (lang < 0) {
        cli_error(_("cover: --lang: expected zh or en, found \"%s\""), lang_s);
        return EXIT_INPUT;
    }
    long from = -1, to = -1;
    if (days && (code = parse_days(days, &from, &to)) != EXIT_OK)
        return code;
    const char *county_path = argv[optind];
    {
        const char *ins[] = {county_path, tt_path, policy_path};
        const char *outs[] = {out_path, html, xlsx, co.export_dat};
        if ((code = cli_refuse_same(ins, 3, outs, 4)) != 0)
            return code;
    }
    c = cli_load_county(county_path, &code);
    if (!c)
        goto done;
    rotas_rc rc = rotas_timetable_read_json(&tt, c, tt_path, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure(tt_path, &d, &err, rc);
        goto done;
    }
    for (size_t i = 0; i < ab.n; i++)
        if ((code = add_absent(c, ab.v[i], from, to, &abs, &n_abs)) != EXIT_OK)
            goto done;
    for (size_t i = 0; i < n_abs; i++)
        abs[i].reason = (char *)reason; /* borrowed: copied by rotas_cover_make */
    if (policy_path) {
        if ((code = cli_load_policy(&pol, policy_path)) != EXIT_OK)
            goto done;
    } else {
        pol = tt->policy;
    }
    rc = rotas_cover_make(&cv, c, tt, &pol, abs, n_abs, &co, &err);
    if (rc != ROTAS_OK) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    cv->source = rotas_strdup(county_path);
    cv->timetable = rotas_strdup(tt_path);
    size_t nv = rotas_check_cover(c, &pol, tt, cv, &v);
    if (nv) {
        for (size_t i = 0; i < v.n_items; i++)
            cli_error(_("cover rejected by the checker: %s"), v.items[i]);
        cli_error(ngettext("cover: %zu violation; nothing written",
                           "cover: %zu violations; nothing written", (unsigned long)(nv)),
                  nv);
        code = EXIT_ERR;
        goto done;
    }
    /* the notices first: when they cannot be written, neither is the cover (each file is
       written whole or not at all) */
    if (html && (rc = rotas_cover_render_html(cv, c, html, lang, &err)) != ROTAS_OK) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (xlsx && (rc = rotas_cover_render_xlsx(cv, c, xlsx, lang, &err)) != ROTAS_OK) {
        cli_error("%s", err.msg);
        remove_written(html);
        code = cli_exit_code(rc);
        goto done;
    }
    if ((rc = rotas_cover_write_json(cv, c, out_path, &err)) != ROTAS_OK) {
        cli_error("%s", err.msg);
        remove_written(html);
        remove_written(xlsx);
        code = cli_exit_code(rc);
        goto done;
    }
    for (size_t i = 0; i < cv->n_absences && !quiet; i++) {
        size_t n = 0;
        for (size_t e = 0; e < cv->n_entries; e++)
            n += cv->entries[e].absent == cv->absences[i].teacher;
        if (!n)
            fprintf(stderr,
                    _("note: %s has no lessons in the timetable of cluster %s on those days\n"),
                    c->teachers[cv->absences[i].teacher].id, c->clusters[cv->cluster].id);
    }
    if (!quiet)
        fprintf(stderr,
                _("cover of cluster %s: %zu lessons: %d substitute, %d swap, %d self-study; %d "
                  "people touched; objective %.2f, bound %.2f, %s, %.2f s\n"),
                c->clusters[cv->cluster].id, cv->n_entries, cv->n_substitute, cv->n_swap,
                cv->n_self_study, cv->people_touched, cv->objective, cv->bound,
                _(rotas_status_name(cv->status)), cv->seconds);
done:
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
    rotas_cover_free(cv);
    free(abs);
    rotas_timetable_free(tt);
    rotas_county_free(c);
    return code;
}

/* rotas check COUNTY COVER.json [--timetable TT.json]: the timetable defaults to the path the
   cover records. Returns the exit code. */
int cli_check_cover(const char *county_path, const char *cover_path, const char *tt_path,
                    const char *policy_path, const char *out_path, int quiet)
{
    int code = EXIT_OK;
    rotas_county *c = NULL;
    rotas_cover *cv = NULL;
    rotas_timetable *tt = NULL;
    rotas_diags d = {0}, v = {0};
    rotas_error err = {0};
    rotas_policy pol;
    c = cli_load_county(county_path, &code);
    if (!c)
        goto done;
    rotas_rc rc = rotas_cover_read_json(&cv, c, cover_path, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure(cover_path, &d, &err, rc);
        goto done;
    }
    if (!tt_path)
        tt_path = cv->timetable;
    if (!tt_path) {
        cli_error(_("check: %s records no timetable; give --timetable TT.json"), cover_path);
        code = EXIT_INPUT;
        goto done;
    }
    rc = rotas_timetable_read_json(&tt, c, tt_path, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure(tt_path, &d, &err, rc);
        goto done;
    }
    if (policy_path) {
        if ((code = cli_load_policy(&pol, policy_path)) != EXIT_OK)
            goto done;
    } else {
        pol = cv->policy;
    }
    size_t n = rotas_check_cover(c, &pol, tt, cv, &v);
    char ok[300];
    snprintf(ok, sizeof ok, _("ok: cover of cluster %s: %zu lessons, no violations"),
             c->clusters[cv->cluster].id, cv->n_entries);
    code = cli_write_violations(out_path, &v, n, cover_path, quiet, ok);
done:
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
    rotas_cover_free(cv);
    rotas_timetable_free(tt);
    rotas_county_free(c);
    return code;
}
