/* cmd_simulate.c - rotas simulate: plan, apply and age the county year after year. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "rotas/plan.h"
#include "rotas/simulate.h"

int cmd_simulate(int argc, char **argv);

static const cli_help help = {
    "simulate",
    N_("usage: rotas simulate COUNTY [--years N] [--policy FILE] [--hires FILE] [--seed S]\n"
       "                      [--return-after-exchange] [--time-limit S] [-o FILE] [-q]\n"
       "\n"
       "Simulate rotation over several years. Each year Y: exchanges that ended end (the\n"
       "teacher stays at the school of the exchange, unless --return-after-exchange);\n"
       "teachers at the retirement age retire; new teachers are hired (the largest\n"
       "shortages of weekly periods first, one a shortage, as many as left; a school over\n"
       "its staff quota gets one per five who left, 退5进1; or the fixed plan of --hires);\n"
       "then the year's rotation plan is made and applied. Tenure grows as the years pass.\n"
       "Writes rotas-simulation/1 JSON: per year moves, key teachers moved, retirements,\n"
       "hires, unfilled periods by subject and area, balance indicators and their CVs, the\n"
       "share of leaders past the ten-year line, the plan status and gap. The same seed\n"
       "gives the same file. A year that cannot be planned (no plan within the time\n"
       "limit) does not stop the run: its entry says \"status\": \"failed\" and why,\n"
       "nobody moves that year, and the next year goes on from the county as it stands.\n"
       "\n"
       "Exit status: 0 every year planned, 1 some years failed (the file is still\n"
       "written), 2 bad input or usage.\n"
       "\n"),
    N_("example:\n"
       "  rotas simulate datasets/demo-county.json --years 10 --time-limit 10 -o sim.json\n")};

static void on_year(void *ctx, const struct rotas_sim_year *y, int index, int years)
{
    (void)ctx;
    if (cli_quiet)
        return;
    if (y->failed)
        fprintf(stderr, _("rotas: simulate: [%d/%d] %d: no plan (%s); nobody moves this year\n"),
                index, years, y->year, y->error);
    else
        fprintf(stderr,
                _("rotas: simulate: [%d/%d] %d: %s, gap %.1f%%, %d moves, %d retired, %d hired, "
                  "%.1f s\n"),
                index, years, y->year, _(rotas_status_name(y->status)), 100 * y->gap, y->moves,
                y->retirements, y->hires, y->seconds);
}

int cmd_simulate(int argc, char **argv)
{
    const char *policy_path = NULL, *hires_path = NULL, *out = "-";
    rotas_sim_options opt = {0};
    double time_limit = 0;
    int code = EXIT_OK;
    long seed = 1;
    rotas_county *c = NULL;
    rotas_simulation *sim = NULL;
    rotas_sim_hires hires = {0};
    rotas_diags d = {0};
    rotas_error err = {0};
    opt.years = 10;
    opt.seed = 1;
    const cli_opt opts[] = {
        {.kind = CLI_OPT_INT,
         .short_name = 'y',
         .long_name = "years",
         .value_name = "N",
         .help = N_("years to simulate, 1..50 (default 10)"),
         .out = &opt.years,
         .lo = 1,
         .hi = 50},
        CLI_STRING('p', "policy", "FILE", N_("policy (rotas-policy/1); default the national rules"),
                   &policy_path),
        CLI_STRING(0, "hires", "FILE",
                   N_("fixed hiring plan (rotas-hires/1) for the years it lists"), &hires_path),
        {.kind = CLI_OPT_LONG,
         .short_name = 's',
         .long_name = "seed",
         .value_name = "S",
         .help = N_("seed for hires' age and gender and for ties (default 1)"),
         .out = &seed,
         .lo = 0,
         .hi = (double)LONG_MAX,
         .expected = N_("a non-negative integer")},
        CLI_FLAG(0, "return-after-exchange", N_("teachers go back when their exchange ends"),
                 &opt.return_after_exchange),
        CLI_SECONDS("time-limit", N_("seconds per yearly plan (overrides the policy)"), &time_limit,
                    1e6),
        CLI_STRING('o', "output", "FILE", N_("write there ('-' = stdout, the default)"), &out),
        CLI_FLAG('q', "quiet", N_("no progress on stderr"), &cli_quiet),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    opt.seed = (unsigned long)seed;
    if (argc - optind != 1) {
        cli_error(_("simulate: expected one county (.json or .db) (try 'rotas simulate --help')"));
        return EXIT_INPUT;
    }
    {
        const char *ins[] = {argv[optind], policy_path, hires_path}, *outs[] = {out};
        if ((code = cli_refuse_same(ins, 3, outs, 1)) != 0)
            goto done;
    }
    rotas_policy policy;
    if ((code = cli_load_policy(&policy, policy_path)) != EXIT_OK)
        goto done;
    if (time_limit > 0)
        policy.time_limit_seconds = time_limit;
    if (!(c = cli_load_county(argv[optind], &code)))
        goto done;
    if (hires_path) {
        rotas_rc rc = rotas_sim_hires_read_json(&hires, hires_path, c, &d, &err);
        if (rc != ROTAS_OK) {
            if (rotas_diags_count(&d))
                code = cli_report_diags(hires_path, &d);
            else {
                cli_error(_("simulate: %s"), err.msg);
                code = cli_exit_code(rc);
            }
            goto done;
        }
        opt.hires = &hires;
    }
    opt.planner = rotas_plan_make;
    opt.on_year = on_year;
    rotas_rc rc = rotas_simulate(&sim, c, &policy, &opt, &err);
    if (rc == ROTAS_OK)
        rc = rotas_simulation_write_json(sim, out, &err);
    if (rc != ROTAS_OK) {
        cli_error(_("simulate: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (sim->n_failed) {
        cli_error(_("simulate: %zu of %zu years could not be planned (\"status\": \"failed\" in "
                    "their entries; nobody moved in them)"),
                  sim->n_failed, sim->n_years);
        code = EXIT_ERR;
    }
    if (!cli_quiet && !opt.return_after_exchange)
        fprintf(stderr, _("rotas: simulate: teachers stay at the exchange school when an exchange "
                          "ends (--return-after-exchange to send them back)\n"));
done:
    rotas_simulation_free(sim);
    rotas_sim_hires_clear(&hires);
    rotas_county_free(c);
    rotas_diags_clear(&d);
    return code;
}
