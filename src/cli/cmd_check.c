/* cmd_check.c - rotas check: verify a plan or a timetable against the rules, independently. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rotas/check.h"
#include "rotas/json.h"
#include "rotas/timetable.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: rotas check COUNTY RESULT.json [--policy POLICY.json] [--from PREVIOUS.json]\n"
            "                   [-o FILE] [-q]\n"
            "\n"
            "Verify a rotation plan (rotas-plan/1) or a cluster timetable (rotas-timetable/1)\n"
            "against the rules, recomputed from the county without the planners' code. The\n"
            "kind of result is taken from its \"format\" field. The rules are checked under the\n"
            "policy the result echoes, or under POLICY.json when given.\n"
            "\n"
            "COUNTY is a rotas-county/1 JSON file or a county database (.db).\n"
            "Each violation is one line on stdout (moves, lessons and routes are numbered\n"
            "from 1, days and periods from 1), e.g.\n"
            "  move 3 (T00412): teacher is exempt (\"孕期哺乳\") and may not move\n"
            "  rule min_key_share: 2 key teachers moved, 4 required (20%% of 18 moved)\n"
            "  teacher T0031 day 2: 5 minutes from S12 (period 3 ends 10:40) to S14 (period 4\n"
            "  starts 10:45), travel takes 18\n"
            "\n"
            "options:\n"
            "  --policy FILE  check under this policy instead of the one in the result\n"
            "  --decisions FILE  the plan was made with these bureau decisions\n"
            "                 (rotas-decisions/1, as given to rotas plan --decisions)\n"
            "  --from FILE    the result was a re-plan of FILE (same format): also check its\n"
            "                 change counts (a plan's \"changed\", a timetable's\n"
            "                 \"kept_lessons\" and \"moved_lessons\")\n"
            "  -o FILE        write the violations to FILE ('-' = stdout, the default)\n"
            "  -q             no summary line on stderr\n"
            "  -h, --help     this help\n"
            "\n"
            "examples:\n"
            "  rotas check county.db plan-2027.json\n"
            "  rotas check county.json timetable-C03.json --policy strict.json\n"
            "  rotas check county.db timetable-C03-v2.json --from timetable-C03.json\n"
            "\n"
            "exit status: 0 no violations (\"ok: ...\" on stderr), 1 violations found,\n"
            "2 bad input or usage.\n");
}

int cmd_check(int argc, char **argv);

int cmd_check(int argc, char **argv) {
    static const struct option opts[] = {{"policy", required_argument, NULL, 'p'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"decisions", required_argument, NULL, 'D'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *policy_path = NULL, *out_path = "-", *from_path = NULL;
    int quiet = cli_quiet, code = EXIT_OK, ch;
    rotas_county *c = NULL;
    rotas_plan *plan = NULL, *prev_plan = NULL;
    rotas_timetable *tt = NULL, *prev_tt = NULL;
    rotas_diags d = {0}, v = {0};
    rotas_error err = {0};
    rotas_policy pol;
    FILE *out = NULL;
    char fmt[64] = "";

    optind = 1;
    opterr = 0;
    const char *decisions_path = NULL;
    while ((ch = getopt_long(argc, argv, "p:o:qhD:", opts, NULL)) != -1) {
        switch (ch) {
        case 'D':
            decisions_path = optarg;
            break;
        case 'f':
            from_path = optarg;
            break;
        case 'p':
            policy_path = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default:
            return cli_bad_option("check", argv, usage);
        }
    }
    if (argc - optind != 2) {
        cli_error("check: expected COUNTY and RESULT.json (try 'rotas check --help')");
        return EXIT_INPUT;
    }
    const char *county_path = argv[optind], *result_path = argv[optind + 1];

    rotas_rc rc = rotas_json_read_format(fmt, sizeof fmt, result_path, &err);
    if (rc != ROTAS_OK) {
        cli_error("%s", err.msg);
        return cli_exit_code(rc) == EXIT_ERR ? EXIT_INPUT : cli_exit_code(rc);
    }
    int is_plan = !strcmp(fmt, ROTAS_FORMAT_PLAN);
    if (!is_plan && strcmp(fmt, ROTAS_FORMAT_TIMETABLE) != 0) {
        cli_error("%s: format: expected \"%s\" or \"%s\", found \"%s\"", result_path,
                  ROTAS_FORMAT_PLAN, ROTAS_FORMAT_TIMETABLE, fmt);
        return EXIT_INPUT;
    }

    c = cli_load_county(county_path, &code);
    if (!c)
        goto done;
    if (decisions_path) {
        rc = rotas_decisions_read_json(c, decisions_path, &d, &err);
        if (rc != ROTAS_OK) {
            code = cli_report_failure(decisions_path, &d, &err, rc);
            goto done;
        }
    }
    rc = is_plan ? rotas_plan_read_json(&plan, c, result_path, &d, &err)
                 : rotas_timetable_read_json(&tt, c, result_path, &d, &err);
    if (rc != ROTAS_OK) {
        code = cli_report_failure(result_path, &d, &err, rc);
        goto done;
    }
    if (from_path) {
        rotas_error_clear(&err);
        /* The earlier timetable may name teachers or classes the county no longer has
           (that is why it was re-planned): those lessons count as moved. */
        size_t n_unknown = 0;
        rc = is_plan ? rotas_plan_read_json(&prev_plan, c, from_path, &d, &err)
                     : rotas_timetable_read_previous(&prev_tt, c, from_path, &n_unknown, &err);
        if (rc != ROTAS_OK) {
            if (rotas_diags_count(&d) > 0)
                code = cli_report_diags(from_path, &d);
            else {
                cli_error("%s", err.msg);
                code = cli_exit_code(rc) == EXIT_ERR ? EXIT_INPUT : cli_exit_code(rc);
            }
            goto done;
        }
    }
    if (policy_path) {
        if ((code = cli_load_policy(&pol, policy_path)) != EXIT_OK)
            goto done;
    } else {
        pol = is_plan ? plan->policy : tt->policy;
    }

    size_t n =
        is_plan ? rotas_check_plan(c, &pol, plan, &v) : rotas_check_timetable(c, &pol, tt, &v);
    if (prev_plan)
        n += rotas_check_plan_replan(c, plan, prev_plan, &v);
    if (prev_tt)
        n += rotas_check_timetable_replan(c, tt, prev_tt, &v);
    out = strcmp(out_path, "-") ? fopen(out_path, "w") : stdout;
    if (!out) {
        cli_error("%s: cannot write", out_path);
        code = EXIT_ERR;
        goto done;
    }
    for (size_t i = 0; i < v.n_items; i++)
        fprintf(out, "%s\n", v.items[i]);
    if (v.n_dropped)
        fprintf(out, "... and %zu more violations\n", v.n_dropped);
    if (out != stdout && fclose(out) != 0) {
        out = NULL;
        cli_error("%s: write failed", out_path);
        code = EXIT_ERR;
        goto done;
    }
    out = NULL;
    if (n > 0) {
        if (!quiet)
            cli_error("check: %s: %zu violation%s", result_path, n, n == 1 ? "" : "s");
        code = EXIT_ERR;
    } else if (!quiet) {
        if (is_plan)
            fprintf(stderr, "ok: plan for %d: %zu moves, %zu relaxed rules, no violations\n",
                    plan->year, plan->n_moves, plan->n_relaxed);
        else
            fprintf(stderr,
                    "ok: timetable of cluster %s: %zu lessons, %zu unscheduled entries, no "
                    "violations\n",
                    c->clusters[tt->cluster].id, tt->n_lessons, tt->n_unscheduled);
    }

done:
    if (out && out != stdout)
        fclose(out);
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
    rotas_plan_free(plan);
    rotas_plan_free(prev_plan);
    rotas_timetable_free(tt);
    rotas_timetable_free(prev_tt);
    rotas_county_free(c);
    return code;
}
