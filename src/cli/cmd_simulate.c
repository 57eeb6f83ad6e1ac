/* cmd_simulate.c - rotas simulate: plan, apply and age the county year after year. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rotas/plan.h"
#include "rotas/simulate.h"

int cmd_simulate(int argc, char **argv);

static void simulate_usage(FILE *f)
{
    fprintf(f,
            "usage: rotas simulate COUNTY [--years N] [--policy FILE] [--hires FILE] [--seed S]\n"
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
            "\n"
            "options:\n"
            "  -y, --years N        years to simulate, 1..50 (default 10)\n"
            "  -p, --policy FILE    policy (rotas-policy/1); default the national rules\n"
            "      --hires FILE     fixed hiring plan (rotas-hires/1) for the years it lists\n"
            "  -s, --seed S         seed for hires' age and gender and for ties (default 1)\n"
            "      --return-after-exchange  teachers go back when their exchange ends\n"
            "      --time-limit S   seconds per yearly plan (overrides the policy)\n"
            "  -o, --output FILE    write there ('-' = stdout, the default)\n"
            "  -q, --quiet          no progress on stderr\n"
            "  -h, --help           this help\n"
            "\n"
            "example:\n"
            "  rotas simulate datasets/demo-county.json --years 10 --time-limit 10 -o sim.json\n");
}

static void on_year(void *ctx, const struct rotas_sim_year *y, int index, int years)
{
    (void)ctx;
    if (cli_quiet)
        return;
    if (y->failed)
        fprintf(stderr, "rotas: simulate: [%d/%d] %d: no plan (%s); nobody moves this year\n",
                index, years, y->year, y->error);
    else
        fprintf(stderr,
                "rotas: simulate: [%d/%d] %d: %s, gap %.1f%%, %d moves, %d retired, %d hired, "
                "%.1f s\n",
                index, years, y->year, rotas_status_name(y->status), 100 * y->gap, y->moves,
                y->retirements, y->hires, y->seconds);
}

int cmd_simulate(int argc, char **argv)
{
    static const struct option longopts[] = {{"years", required_argument, NULL, 'y'},
                                             {"policy", required_argument, NULL, 'p'},
                                             {"hires", required_argument, NULL, 'H'},
                                             {"seed", required_argument, NULL, 's'},
                                             {"return-after-exchange", no_argument, NULL, 'R'},
                                             {"time-limit", required_argument, NULL, 't'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *policy_path = NULL, *hires_path = NULL, *out = "-";
    rotas_sim_options opt = {0};
    double time_limit = 0;
    int ch, code = EXIT_OK;
    rotas_county *c = NULL;
    rotas_simulation *sim = NULL;
    rotas_sim_hires hires = {0};
    rotas_diags d = {0};
    rotas_error err = {0};
    opt.years = 10;
    opt.seed = 1;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":y:p:s:o:qh", longopts, NULL)) != -1) {
        char *end = NULL;
        errno = 0;
        switch (ch) {
        case 'y': {
            long v = strtol(optarg, &end, 10);
            if (errno || !*optarg || *end || v < 1 || v > 50) {
                cli_error("simulate: --years: expected an integer in 1..50, found \"%s\"", optarg);
                return EXIT_INPUT;
            }
            opt.years = (int)v;
            break;
        }
        case 'p':
            policy_path = optarg;
            break;
        case 'H':
            hires_path = optarg;
            break;
        case 's': {
            unsigned long v = strtoul(optarg, &end, 10);
            if (errno || !*optarg || *end || optarg[0] == '-') {
                cli_error("simulate: --seed: expected a non-negative integer, found \"%s\"",
                          optarg);
                return EXIT_INPUT;
            }
            opt.seed = v;
            break;
        }
        case 'R':
            opt.return_after_exchange = 1;
            break;
        case 't':
            time_limit = strtod(optarg, &end);
            if (!*optarg || *end || !(time_limit > 0) || time_limit > 1e6) {
                cli_error("simulate: --time-limit: expected seconds > 0, found \"%s\"", optarg);
                return EXIT_INPUT;
            }
            break;
        case 'o':
            out = optarg;
            break;
        case 'q':
            cli_quiet = 1;
            break;
        case 'h':
            simulate_usage(stdout);
            return EXIT_OK;
        case ':':
            cli_error("simulate: %s needs a value", argv[optind - 1]);
            return EXIT_INPUT;
        default:
            cli_error("simulate: unknown option '%s' (try 'rotas simulate --help')",
                      argv[optind - 1]);
            return EXIT_INPUT;
        }
    }
    if (argc - optind != 1) {
        cli_error("simulate: expected one county (.json or .db) (try 'rotas simulate --help')");
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
                cli_error("simulate: %s", err.msg);
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
        cli_error("simulate: %s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (sim->n_failed) {
        cli_error("simulate: %zu of %zu years could not be planned (\"status\": \"failed\" in "
                  "their entries; nobody moved in them)",
                  sim->n_failed, sim->n_years);
        code = EXIT_ERR;
    }
    if (!cli_quiet && !opt.return_after_exchange)
        fprintf(stderr, "rotas: simulate: teachers stay at the exchange school when an exchange "
                        "ends (--return-after-exchange to send them back)\n");
done:
    rotas_simulation_free(sim);
    rotas_sim_hires_clear(&hires);
    rotas_county_free(c);
    rotas_diags_clear(&d);
    return code;
}
