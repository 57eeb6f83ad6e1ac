/* cmd_plans.c - `rotas plans` (the saved plans of a county database) and `rotas revert`
   (undo the last approval exactly). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "rotas/json.h"
#include "rotas/store.h"
#include "rotas/store_plans.h"

int cmd_plans(int argc, char **argv);
int cmd_revert(int argc, char **argv);

static const cli_help plans_help = {
    "plans",
    N_("usage: rotas plans COUNTY.db\n"
       "\n"
       "List the plans saved in the database with 'rotas plan --save': id, plan year,\n"
       "status, number of moves, when saved and when approved (UTC). Status:\n"
       "  approved  applied to the county ('rotas revert COUNTY.db ID' undoes the last)\n"
       "  ready     made from the county as it is now: 'rotas approve COUNTY.db ID'\n"
       "  outdated  the county changed since (imported, or another plan approved):\n"
       "            make a new plan\n"
       "\n"),
    N_("example:\n"
       "  rotas plans county.db\n"
       "\n"
       "exit status: 0 ok, 1 error, 2 bad input or usage.\n")};

static const cli_help revert_help = {
    "revert",
    N_("usage: rotas revert COUNTY.db PLAN_ID [-q]\n"
       "\n"
       "Undo the last approval: the county comes back exactly as it was before plan\n"
       "PLAN_ID was approved (schools, tenure, exchanges and the county's year), in one\n"
       "transaction; the plan can then be approved again or replaced by a new one.\n"
       "Only the last approval still in force can be reverted, and only while the county\n"
       "is the one that approval produced ('rotas plans' shows which that is).\n"
       "\n"),
    N_("example:\n"
       "  rotas approve county.db 4 && rotas revert county.db 4\n"
       "\n"
       "exit status: 0 reverted, 1 error or refused, 2 bad input or usage.\n")};

/* Parse "COUNTY.db [ID]" after the options; returns 0 or an exit code (message printed). */
static int db_args(const char *cmd, int argc, char **argv, int want_id, const char **db,
                   long long *id)
{
    if (argc - optind != 1 + want_id) {
        cli_error(_("%s: expected COUNTY.db%s (try 'rotas %s --help')"), cmd,
                  want_id ? _(" and PLAN_ID") : "", cmd);
        return EXIT_INPUT;
    }
    *db = argv[optind];
    if (!cli_has_suffix(*db, ".db")) {
        cli_error(_("%s: expected a county database (.db), found \"%s\""), cmd, *db);
        return EXIT_INPUT;
    }
    if (want_id) {
        char *end = NULL;
        const char *a = argv[optind + 1];
        long long v = strtoll(a, &end, 10);
        if (!a[0] || *end || v <= 0) {
            cli_error(_("%s: PLAN_ID: expected a positive number, found \"%s\""), cmd, a);
            return EXIT_INPUT;
        }
        *id = v;
    }
    if (access(*db, F_OK) != 0) {
        cli_error(_("%s: %s: no such database"), cmd, *db);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* -q and -h only; 0 to go on, else the exit code + 1 (so that EXIT_OK can be returned). */
static int small_opts(int argc, char **argv, int *quiet, const cli_help *help)
{
    const cli_opt opts[] = {CLI_QUIET(quiet), CLI_HELP, CLI_OPTS_END};
    int opts_rc = cli_opts_parse(help, opts, argc, argv);
    return opts_rc == CLI_OPTS_GO ? 0 : opts_rc + 1;
}

int cmd_plans(int argc, char **argv)
{
    int quiet = cli_quiet, code, r;
    const char *db = NULL;
    rotas_store *st = NULL;
    rotas_county *c = NULL;
    rotas_plan_row *rows = NULL;
    size_t n = 0;
    rotas_error err = {0};
    char hash[17] = "";

    if ((r = small_opts(argc, argv, &quiet, &plans_help)))
        return r - 1;
    if ((code = db_args("plans", argc, argv, 0, &db, NULL)))
        return code;
    rotas_rc rc = rotas_store_open_mode(&st, db, ROTAS_STORE_READ, &err);
    if (!rc && !(rc = rotas_store_load_county(&c, st, &err)))
        rc = rotas_county_fingerprint(hash, c, &err);
    if (!rc)
        rc = rotas_store_list_plans(&rows, &n, st, &err);
    if (rc) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (n == 0) {
        if (!quiet)
            fprintf(stderr,
                    _("rotas: %s holds no saved plan (make one with 'rotas plan %s --save')\n"), db,
                    db);
        goto done;
    }
    /* a table for people: headers and statuses in the user's language, lined up by the
       columns the text takes */
    const cli_cell head[] = {{"", _("id"), -6},       {" ", _("year"), -5},
                             {" ", _("status"), -9},  {" ", _("moves"), 6},
                             {"  ", _("saved"), -20}, {"  ", _("approved"), 0}};
    cli_fcells(stdout, head, sizeof head / sizeof head[0]);
    for (size_t i = 0; i < n; i++) {
        const rotas_plan_row *p = &rows[i];
        const char *status = p->approved                         ? _("approved")
                             : !p->county_hash                   ? _("unknown")
                             : strcmp(p->county_hash, hash) == 0 ? _("ready")
                                                                 : _("outdated");
        printf("%-6lld %-5d ", p->id, p->year);
        cli_fpad(stdout, status, -9);
        printf(" %6lld  %-20s  %s%s\n", p->n_moves, p->created ? p->created : "-",
               p->approved ? p->approved : "-", p->reverted ? _(" (reverted before)") : "");
    }
done:
    rotas_plan_rows_free(rows, n);
    rotas_county_free(c);
    rotas_store_close(st);
    return code;
}

int cmd_revert(int argc, char **argv)
{
    int quiet = cli_quiet, code, r;
    const char *db = NULL;
    long long id = 0, last = 0;
    rotas_store *st = NULL;
    rotas_county *c = NULL, *before = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    char *before_json = NULL;
    char hash[17] = "", after_hash[17] = "";

    if ((r = small_opts(argc, argv, &quiet, &revert_help)))
        return r - 1;
    if ((code = db_args("revert", argc, argv, 1, &db, &id)))
        return code;
    rotas_rc rc = rotas_store_open_mode(&st, db, ROTAS_STORE_WRITE, &err);
    if (!rc && !(rc = rotas_store_load_county(&c, st, &err)))
        rc = rotas_county_fingerprint(hash, c, &err);
    if (!rc)
        rc = rotas_store_last_approval(st, &last, &before_json, after_hash, &err);
    if (rc) {
        cli_error(_("revert: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (last != id) {
        cli_error(_("revert: plan %lld is not the last approval in force; the last is plan %lld "
                    "(revert that first)"),
                  id, last);
        code = EXIT_ERR;
        goto done;
    }
    if (strcmp(hash, after_hash) != 0) {
        cli_error(_("revert: the county changed since plan %lld was approved (imported again?); "
                    "nothing reverted"),
                  id);
        code = EXIT_ERR;
        goto done;
    }
    rc = rotas_county_read_json_buffer(&before, before_json, strlen(before_json),
                                       "the county recorded before the approval", &d, &err);
    if (!rc)
        rc = rotas_store_revert_approval(st, id, before, &err);
    if (rc) {
        code = cli_report_failure("revert", &d, &err, rc);
        goto done;
    }
    if (!quiet)
        fprintf(stderr, _("reverted the approval of plan %lld: the county is back at %d\n"), id,
                before->year);
done:
    free(before_json);
    rotas_diags_clear(&d);
    rotas_county_free(before);
    rotas_county_free(c);
    rotas_store_close(st);
    return code;
}
