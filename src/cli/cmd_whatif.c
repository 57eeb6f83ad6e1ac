/* cmd_whatif.c - rotas whatif: a batch of scenarios in worker processes; rotas whatif merge. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "rotas/store_runs.h"
#include "rotas/whatif.h"

int cmd_whatif(int argc, char **argv);
int cmd_whatif_merge(int argc, char **argv); /* cmd_whatif_merge.c */

static const cli_help help = {
    "whatif",
    N_("usage: rotas whatif SCENARIOS.json [--db FILE] [-j N] [-o FILE] [--csv FILE]\n"
       "                    [--shard K/N] [--time-limit S] [--policy FILE]\n"
       "                    [--journal MODE] [-q]\n"
       "       rotas whatif merge OUT.db SHARD.db... --scenarios FILE [-o FILE] ...\n"
       "                    (see 'rotas whatif merge --help')\n"
       "\n"
       "Run a batch of what-if scenarios (rotas-scenarios/1): each scenario changes a copy of\n"
       "the base county (policy keys, hires, removals, a school closing, a road, the plan\n"
       "year) and runs the rotation plan and, if asked, cluster timetables on it. Every\n"
       "scenario is checked before anything runs. Scenarios run in N worker processes; a\n"
       "scenario that fails or passes its wall limit (time limit x jobs + margin) is reported\n"
       "in its row and the batch goes on. Rows are saved in the run table of --db as they\n"
       "finish; a scenario whose inputs did not change since is read back (\"cached\"), not\n"
       "solved again. Ctrl-C stops: finished rows stay saved, exit 130.\n"
       "\n"
       "Results: rotas-whatif/1 JSON (-o, default stdout), CSV for Excel (--csv, UTF-8 with\n"
       "BOM) and a table on stderr.\n"
       "\n"),
    N_("examples:\n"
       "  rotas whatif datasets/scenarios-example.json -j 2 -o results.json --csv results.csv\n"
       "  rotas whatif s.json --shard 1/2 --db s1.db -o /dev/null   # on machine 1\n"
       "  rotas whatif s.json --shard 2/2 --db s2.db -o /dev/null   # on machine 2\n"
       "  rotas whatif merge all.db s1.db s2.db --scenarios s.json -o results.json\n"
       "\n"
       "Exit status: 0 all scenarios ok, 1 some failed or timed out (rows still written),\n"
       "2 bad scenario file or usage, 128 + the signal when stopped by one (130 Ctrl-C,\n"
       "143 SIGTERM, 129 SIGHUP): the workers are stopped and the finished rows kept.\n")};

static volatile sig_atomic_t interrupted; /* the signal that asked to stop, 0 while none */

static void on_sigint(int sig)
{
    interrupted = sig;
}

/* The signals that end a batch: each stops the workers, keeps the finished rows and exits
   128 + the signal's number, as Ctrl-C does. */
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define N_STOP_SIGNALS (sizeof stop_signals / sizeof stop_signals[0])

static void progress(void *ctx, const rotas_whatif_row *r, size_t done, size_t total)
{
    (void)ctx;
    if (cli_quiet)
        return;
    if (!strcmp(r->status, "ok"))
        fprintf(stderr, _("rotas: whatif: [%zu/%zu] %s: %s, %.1f s%s\n"), done, total, r->name,
                r->plan_status[0] ? _(r->plan_status) : "ok", r->seconds,
                r->cached ? _(" (cached)") : "");
    else
        fprintf(stderr, _("rotas: whatif: [%zu/%zu] %s: %s: %s\n"), done, total, r->name, r->status,
                r->error);
}

static int parse_shard(const char *s, int *k, int *n)
{
    char *end = NULL;
    errno = 0;
    long a = strtol(s, &end, 10);
    if (errno || end == s || *end != '/')
        return -1;
    const char *b = end + 1;
    long m = strtol(b, &end, 10);
    if (errno || end == b || *end != '\0' || m < 1 || m > 100000 || a < 1 || a > m)
        return -1;
    *k = (int)a;
    *n = (int)m;
    return 0;
}

static int write_rows(const rotas_whatif_row *rows, size_t n, const char *out, const char *csv)
{
    rotas_error err = {0};
    rotas_rc rc = rotas_whatif_write(rows, n, out, csv, cli_quiet ? NULL : stderr, &err);
    if (rc != ROTAS_OK) {
        cli_error(_("whatif: %s"), err.msg);
        return cli_exit_code(rc);
    }
    return EXIT_OK;
}

/* --shard K/N into the options (ctx). */
static int shard_option(const char *value, void *ctx)
{
    rotas_whatif_options *o = ctx;
    if (parse_shard(value, &o->shard_k, &o->shard_n)) {
        cli_error(_("whatif: --shard: expected K/N with 1 <= K <= N, found \"%s\""), value);
        return EXIT_INPUT;
    }
    return 0;
}

int cmd_whatif(int argc, char **argv)
{
    const char *db = NULL, *out = "-", *csv = NULL, *policy_path = NULL, *journal = NULL;
    char *db_default = NULL;
    int code = EXIT_OK;
    rotas_whatif_options opt = {0};
    rotas_scenario_set *set = NULL;
    rotas_county *base = NULL;
    rotas_runs *runs = NULL;
    rotas_whatif_result res = {0};
    rotas_diags d = {0};
    rotas_error err = {0};
    struct sigaction sa_old[N_STOP_SIGNALS];
    int handler = 0;

    if (argc >= 2 && !strcmp(argv[1], "merge"))
        return cmd_whatif_merge(argc - 1, argv + 1);
    opt.workers = 1;
    const cli_opt opts[] = {
        CLI_STRING(0, "db", "FILE",
                   N_("run table (SQLite); default SCENARIOS-results.db beside the file"), &db),
        CLI_INT('j', "jobs", "N", N_("worker processes at once (default 1)"), &opt.workers, 1, 64),
        CLI_STRING('o', "output", "FILE", N_("rotas-whatif/1 JSON ('-' = stdout, the default)"),
                   &out),
        CLI_STRING(0, "csv", "FILE", N_("the rows as CSV"), &csv),
        {.kind = CLI_OPT_STRING,
         .long_name = "shard",
         .value_name = "K/N",
         .help = N_("run only scenarios i with i mod N = K-1 (0-based i), for\n"
                    "splitting a batch over machines; join with 'whatif merge'"),
         .call = shard_option,
         .ctx = &opt},
        CLI_SECONDS("time-limit",
                    N_("seconds per solve (overrides the policy's time_limit_seconds)"),
                    &opt.time_limit, 1e6),
        CLI_STRING(0, "policy", "FILE",
                   N_("base policy (rotas-policy/1) before the file's overrides"), &policy_path),
        CLI_STRING(0, "journal", "MODE",
                   N_("the run table's SQLite journal: delete (default: a rollback\n"
                      "journal, safe on NFS and Lustre) or wal (one machine only)"),
                   &journal),
        CLI_FLAG('q', "quiet", N_("no progress and no table on stderr"), &cli_quiet),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (argc - optind != 1) {
        cli_error(_("whatif: expected one scenario file (try 'rotas whatif --help')"));
        return EXIT_INPUT;
    }
    const char *path = argv[optind];

    rotas_rc rc = rotas_scenarios_read(&set, path, &d, &err);
    if (rc != ROTAS_OK) {
        code = rotas_diags_count(&d) ? cli_report_diags(path, &d) : cli_exit_code(rc);
        if (!rotas_diags_count(&d))
            cli_error(_("whatif: %s"), err.msg);
        goto done;
    }
    {
        const char *ins[] = {path, policy_path, db, rotas_scenarios_base(set)};
        const char *outs[] = {out, csv};
        if ((code = cli_refuse_same(ins, 4, outs, 2)) != 0)
            goto done;
    }
    rotas_policy policy;
    if ((code = cli_load_policy(&policy, policy_path)) != EXIT_OK)
        goto done;
    if (!(base = cli_load_county(rotas_scenarios_base(set), &code)))
        goto done;
    if (!db) {
        size_t n = strlen(path);
        db_default = malloc(n + 16);
        if (!db_default) {
            code = EXIT_ERR;
            goto done;
        }
        memcpy(db_default, path, n + 1);
        if (cli_has_suffix(db_default, ".json"))
            db_default[n - 5] = '\0';
        strcat(db_default, "-results.db");
        db = db_default;
        const char *ins[] = {db}, *outs[] = {out, csv};
        if ((code = cli_refuse_same(ins, 1, outs, 2)) != 0)
            goto done;
    }
    if ((rc = rotas_runs_open_journal(&runs, db, journal, &err)) != ROTAS_OK) {
        cli_error(_("whatif: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: the wait for workers wakes up */
    interrupted = 0;
    for (size_t i = 0; i < N_STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &sa, &sa_old[i]);
    handler = 1;

    opt.version = ROTAS_VERSION;
    opt.runner = rotas_whatif_run_jobs;
    opt.runs = runs;
    opt.stop = &interrupted;
    opt.on_row = progress;
    rc = rotas_whatif_run(&res, set, base, &policy, &opt, &d, &err);
    if (rc == ROTAS_EINPUT && rotas_diags_count(&d)) {
        code = cli_report_diags(path, &d);
        goto done;
    }
    if (rc == ROTAS_EINTR) {
        int sig = interrupted ? (int)interrupted : SIGINT;
        cli_error(_("whatif: interrupted by %s: %zu of %zu scenarios finished and saved in %s; "
                    "run again to go on"),
                  sig == SIGINT    ? "Ctrl-C (SIGINT)"
                  : sig == SIGTERM ? "SIGTERM"
                  : sig == SIGHUP  ? "SIGHUP"
                                   : "SIGQUIT",
                  res.n_rows, res.n_selected, db);
        code = 128 + sig;
        goto done;
    }
    if (rc != ROTAS_OK) {
        cli_error(_("whatif: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if ((code = write_rows(res.rows, res.n_rows, out, csv)) != EXIT_OK)
        goto done;
    if (!cli_quiet)
        fprintf(stderr,
                ngettext("rotas: whatif: %zu scenario: %zu solved, %zu cached, %zu failed, %zu "
                         "timed out; rows in %s\n",
                         "rotas: whatif: %zu scenarios: %zu solved, %zu cached, %zu failed, %zu "
                         "timed out; rows in %s\n",
                         (unsigned long)(res.n_selected)),
                res.n_selected, res.n_solved - res.n_failed - res.n_timeout, res.n_cached,
                res.n_failed, res.n_timeout, db);
    if (res.n_failed || res.n_timeout)
        code = EXIT_ERR;
done:
    if (handler)
        for (size_t i = 0; i < N_STOP_SIGNALS; i++)
            sigaction(stop_signals[i], &sa_old[i], NULL);
    rotas_whatif_result_clear(&res);
    rotas_runs_close(runs);
    rotas_county_free(base);
    rotas_scenarios_free(set);
    rotas_diags_clear(&d);
    free(db_default);
    return code;
}
