/*
 * cmd_whatif_merge.c - rotas whatif merge: join the run databases of shards into one table.
 *
 * With --scenarios FILE the merged table is held against what a complete run of the file
 * holds: every scenario's name and input hash (rotas_whatif_hashes). A scenario without a row
 * of its current hash is missing (no row at all) or stale (rows of other inputs only: the
 * scenario, the base county, the policy or the time limit changed since it ran); rows of names
 * the file no longer has are extra and left out. Exit 1 when a row is missing, stale, failed
 * or timed out (--allow-failed: failed rows are accepted), 2 on bad input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "rotas/store_runs.h"
#include "rotas/whatif.h"

int cmd_whatif_merge(int argc, char **argv);

static const cli_help help = {
    "whatif merge",
    N_("usage: rotas whatif merge OUT.db SHARD.db... [--scenarios FILE] [--time-limit S]\n"
       "                          [--policy FILE] [--allow-failed] [--shards N]\n"
       "                          [--journal MODE] [-o FILE] [--csv FILE] [-q]\n"
       "\n"
       "Join the run databases of shards (rotas whatif --shard K/N --db SHARD.db) into OUT.db\n"
       "and write the merged rows as rotas-whatif/1 JSON and CSV. A key (scenario, input hash)\n"
       "present twice keeps an ok row over a failed one.\n"
       "\n"
       "With --scenarios, the merged table is checked against the scenario file, with the\n"
       "--time-limit and --policy the shards ran with (they are part of the input hash):\n"
       "  missing  a scenario of the file has no row (a shard was killed or never ran)\n"
       "  stale    its rows are of other inputs only (the scenario, the base county, the\n"
       "           policy, the time limit or the rotas version changed since): the old\n"
       "           rows are not used\n"
       "  extra    rows of a scenario the file no longer has: left out of the output\n"
       "The output then holds exactly the file's scenarios that have a current row, in file\n"
       "order. Without --scenarios every scenario name found is written (its latest row).\n"
       "\n"),
    N_("examples:\n"
       "  rotas whatif merge all.db shards/shard-*.db --scenarios s.json -o results.json\n"
       "  rotas whatif merge all.db shards/shard-*.db --scenarios s.json --time-limit 30 \\\n"
       "      --shards 8 --allow-failed --csv results.csv -o results.json\n"
       "\n"
       "Slurm, Kubernetes and container recipes: docs/whatif.md, docs/slurm-whatif.sh,\n"
       "docs/k8s-whatif.sh.\n"
       "\n"
       "Exit status: 0 every row present, current and ok; 1 a row missing, stale, failed or\n"
       "timed out (the rows there are still written), or a database error; 2 bad input.\n")};

/* The scenario names and current hashes of a scenario file; NULL after reporting. */
typedef struct expected {
    rotas_scenario_set *set;
    char (*hash)[17];
    size_t n;
} expected;

static int load_expected(expected *x, const char *path, const char *policy_path, double time_limit)
{
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_county *base = NULL;
    rotas_policy policy;
    int code = EXIT_OK;
    rotas_rc rc = rotas_scenarios_read(&x->set, path, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure(path, &d, &err, rc);
        goto done;
    }
    if ((code = cli_load_policy(&policy, policy_path)) != EXIT_OK)
        goto done;
    if (!(base = cli_load_county(rotas_scenarios_base(x->set), &code)))
        goto done;
    rc = rotas_whatif_hashes(&x->hash, x->set, base, &policy, time_limit, ROTAS_VERSION, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure(path, &d, &err, rc);
        goto done;
    }
    x->n = rotas_scenarios_count(x->set);
done:
    rotas_county_free(base);
    rotas_diags_clear(&d);
    return code;
}

/* Append shard k (1-based) to a comma list once. */
static void add_shard(char *list, size_t cap, int *seen, int k)
{
    if (seen[k - 1])
        return;
    seen[k - 1] = 1;
    size_t len = strlen(list);
    snprintf(list + len, cap - len, "%s%d", len ? "," : "", k);
}

/* Hold the latest rows (texts[], one per name) against the file: fills rows[] in file order
   and reports what is missing, stale, extra or failed. Returns the count of problems that
   make the exit 1 (missing + stale + failed unless allowed), or -1 on an error. */
static long check_rows(const expected *x, rotas_runs *runs, char **texts, size_t n_texts,
                       rotas_whatif_row *rows, size_t *n_rows, int allow_failed, int shards,
                       const char *path)
{
    long missing = 0, stale = 0, failed = 0, extra = 0;
    rotas_error err = {0};
    rotas_whatif_row latest;
    int *seen = calloc(shards > 0 ? (size_t)shards : 1, sizeof *seen);
    char rerun[512] = "";
    if (!seen) {
        cli_error(_("whatif merge: out of memory"));
        return -1;
    }
    *n_rows = 0;
    for (size_t i = 0; i < x->n; i++) {
        const char *name = rotas_scenarios_name(x->set, i);
        char *json = NULL;
        if (rotas_runs_find(runs, name, x->hash[i], &json, &err) != ROTAS_OK) {
            cli_error(_("whatif merge: %s"), err.msg);
            free(seen);
            return -1;
        }
        if (json) {
            rotas_whatif_row *r = &rows[*n_rows];
            rotas_rc rc = rotas_whatif_row_from_json(r, json, &err);
            free(json);
            if (rc != ROTAS_OK) {
                cli_error(_("whatif merge: scenario \"%s\": %s"), name, err.msg);
                free(seen);
                return -1;
            }
            r->cached = 0;
            (*n_rows)++;
            if (strcmp(r->status, "ok")) {
                failed++;
                cli_error(_("whatif merge: %s: scenarios[%zu] \"%s\": %s: %s"), r->status, i, name,
                          r->status, r->error);
                if (shards > 0)
                    add_shard(rerun, sizeof rerun, seen, (int)(i % (size_t)shards) + 1);
            }
            continue;
        }
        const char *old = NULL;
        for (size_t k = 0; k < n_texts && !old; k++)
            if (rotas_whatif_row_from_json(&latest, texts[k], NULL) == ROTAS_OK &&
                !strcmp(latest.name, name))
                old = latest.hash;
        if (old) {
            stale++;
            cli_error(_("whatif merge: stale: scenarios[%zu] \"%s\": the rows are of input %s, the "
                        "file now gives %s (the scenario, the base county, the policy, the "
                        "time limit or the rotas version changed since it ran; run it again)"),
                      i, name, old, x->hash[i]);
        } else {
            missing++;
            cli_error(_("whatif merge: missing: scenarios[%zu] \"%s\": no row in any shard"), i,
                      name);
        }
        if (shards > 0)
            add_shard(rerun, sizeof rerun, seen, (int)(i % (size_t)shards) + 1);
    }
    for (size_t k = 0; k < n_texts; k++) {
        if (rotas_whatif_row_from_json(&latest, texts[k], NULL) != ROTAS_OK)
            continue;
        size_t i = 0;
        while (i < x->n && strcmp(rotas_scenarios_name(x->set, i), latest.name))
            i++;
        if (i == x->n) {
            extra++;
            cli_error(_("whatif merge: extra: \"%s\" is not a scenario of %s: left out"),
                      latest.name, path);
        }
    }
    fprintf(stderr,
            ngettext("rotas: whatif merge: %zu scenario in %s: %zu with a current row (%ld failed "
                     "or timed out), %ld missing, %ld stale; %ld extra left out\n",
                     "rotas: whatif merge: %zu scenarios in %s: %zu with a current row (%ld failed "
                     "or timed out), %ld missing, %ld stale; %ld extra left out\n",
                     (unsigned long)(x->n)),
            x->n, path, *n_rows, failed, missing, stale, extra);
    if (stale > 0 && (size_t)stale == x->n)
        cli_error(_("whatif merge: every row is stale: if the shards ran with --time-limit or "
                    "--policy, give merge the same ones; the shards and the merge must also be "
                    "the same rotas version (this is %s)"),
                  ROTAS_VERSION);
    if (rerun[0])
        fprintf(stderr,
                strchr(rerun, ',')
                    ? _("rotas: whatif merge: run shards %s of %d again (finished rows are read "
                        "back from each shard's database), e.g. sbatch --array=%s "
                        "docs/slurm-whatif.sh --shards %d %s [the options the shards ran with]\n")
                    : _("rotas: whatif merge: run shard %s of %d again (finished rows are read "
                        "back from each shard's database), e.g. sbatch --array=%s "
                        "docs/slurm-whatif.sh --shards %d %s [the options the shards ran with]\n"),
                rerun, shards, rerun, shards, path);
    free(seen);
    return missing + stale + (allow_failed ? 0 : failed);
}

int cmd_whatif_merge(int argc, char **argv)
{
    const char *out = "-", *csv = NULL, *scen = NULL, *policy_path = NULL, *journal = NULL;
    double time_limit = 0;
    int code = EXIT_OK, allow_failed = 0, shards = 0;
    rotas_runs *runs = NULL;
    rotas_whatif_row *rows = NULL;
    char **texts = NULL;
    size_t n = 0, n_rows = 0;
    expected x = {0};
    rotas_error err = {0};
    const cli_opt opts[] = {
        CLI_STRING(0, "scenarios", "FILE",
                   N_("the scenario file the shards ran (rotas-scenarios/1)"), &scen),
        CLI_SECONDS("time-limit", N_("the --time-limit the shards ran with, if any"), &time_limit,
                    1e6),
        CLI_STRING(0, "policy", "FILE", N_("the --policy the shards ran with, if any"),
                   &policy_path),
        CLI_FLAG(0, "allow-failed", N_("exit 0 even when rows failed or timed out"), &allow_failed),
        CLI_INT(0, "shards", "N", N_("the shards were K/N: name the shards to run again"), &shards,
                1, 100000),
        CLI_STRING(0, "journal", "MODE",
                   N_("OUT.db's journal: delete (default; safe on NFS/Lustre), wal"), &journal),
        CLI_STRING('o', "output", "FILE", N_("rotas-whatif/1 JSON ('-' = stdout, the default)"),
                   &out),
        CLI_STRING(0, "csv", "FILE", N_("the rows as CSV (UTF-8 with BOM)"), &csv),
        CLI_FLAG('q', "quiet", N_("no table on stderr (problems are still reported)"), &cli_quiet),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (argc - optind < 2) {
        cli_error(_("whatif merge: expected OUT.db and at least one shard database (try 'rotas "
                    "whatif merge --help')"));
        return EXIT_INPUT;
    }
    if ((time_limit > 0 || policy_path || shards) && !scen) {
        cli_error(_("whatif merge: --time-limit, --policy and --shards go with --scenarios"));
        return EXIT_INPUT;
    }
    /* The scenario file first: a bad file stops before OUT.db is touched. */
    if (scen && (code = load_expected(&x, scen, policy_path, time_limit)) != EXIT_OK)
        goto done;
    for (int i = optind + 1; i < argc; i++)
        if (!strcmp(argv[i], argv[optind])) {
            cli_error(_("whatif merge: %s: the output database is also given as a shard"), argv[i]);
            code = EXIT_INPUT;
            goto done;
        }
    rotas_rc rc = rotas_runs_open_journal(&runs, argv[optind], journal, &err);
    for (int i = optind + 1; rc == ROTAS_OK && i < argc; i++) {
        long added = 0;
        rc = rotas_runs_merge(runs, argv[i], &added, &err);
        if (rc == ROTAS_OK && !cli_quiet)
            fprintf(stderr,
                    ngettext("rotas: whatif merge: %s: %ld new row\n",
                             "rotas: whatif merge: %s: %ld new rows\n", (unsigned long)(added)),
                    argv[i], added);
    }
    if (rc == ROTAS_OK)
        rc = rotas_runs_list(runs, &texts, &n, &err);
    if (rc != ROTAS_OK) {
        cli_error(_("whatif merge: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    size_t cap = (scen ? x.n : n);
    rows = calloc(cap ? cap : 1, sizeof *rows);
    if (!rows) {
        cli_error(_("whatif merge: out of memory"));
        code = EXIT_ERR;
        goto done;
    }
    long problems = 0;
    if (scen) {
        problems = check_rows(&x, runs, texts, n, rows, &n_rows, allow_failed, shards, scen);
        if (problems < 0) {
            code = EXIT_ERR;
            goto done;
        }
    } else {
        long failed = 0;
        for (size_t i = 0; i < n; i++) {
            if (rotas_whatif_row_from_json(&rows[i], texts[i], &err) != ROTAS_OK) {
                cli_error(_("whatif merge: %s: row %zu: %s"), argv[optind], i, err.msg);
                code = EXIT_ERR;
                goto done;
            }
            rows[i].cached = 0;
            if (strcmp(rows[i].status, "ok")) {
                failed++;
                cli_error(_("whatif merge: %s: \"%s\": %s"), rows[i].status, rows[i].name,
                          rows[i].error);
            }
        }
        n_rows = n;
        fprintf(stderr,
                ngettext("rotas: whatif merge: %zu scenario, %ld failed or timed out (without "
                         "--scenarios, missing and stale rows cannot be told)\n",
                         "rotas: whatif merge: %zu scenarios, %ld failed or timed out (without "
                         "--scenarios, missing and stale rows cannot be told)\n",
                         (unsigned long)(n)),
                n, failed);
        problems = allow_failed ? 0 : failed;
    }
    rc = rotas_whatif_write(rows, n_rows, out, csv, cli_quiet ? NULL : stderr, &err);
    if (rc != ROTAS_OK) {
        cli_error(_("whatif merge: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    code = problems > 0 ? EXIT_ERR : EXIT_OK;
done:
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(rows);
    free(x.hash);
    rotas_scenarios_free(x.set);
    rotas_runs_close(runs);
    return code;
}
