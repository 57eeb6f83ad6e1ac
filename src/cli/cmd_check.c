/* cmd_check.c - rotas check: verify a plan or a timetable against the rules, independently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "programmes.h"
#include "rotas/check.h"
#include "rotas/json.h"
#include "rotas/timetable.h"
#include "rotas/researchers.h"
#include "rotas/shuttles.h"

static const cli_help help = {
    "check",
    N_("usage: rotas check COUNTY RESULT.json [--policy POLICY.json] [--from PREVIOUS.json]\n"
       "                   [--timetable TT.json] [-o FILE] [-q]\n"
       "\n"
       "Verify a rotation plan (rotas-plan/1), a cluster timetable (rotas-timetable/1) or a\n"
       "daily cover (rotas-cover/1, against the timetable it covers) against the rules,\n"
       "recomputed from the county without the planners' code. The kind of result is\n"
       "taken from its \"format\" field. The rules are checked under the\n"
       "policy the result echoes, or under POLICY.json when given. Researchers' links and\n"
       "visits (rotas-researchers/1) and teacher shuttles (rotas-shuttles/1) are checked\n"
       "against the county's own data for them (see 'rotas researchers --help', 'rotas\n"
       "shuttles --help'); --policy and --from do not apply to them.\n"
       "\n"
       "COUNTY is a rotas-county/1 JSON file or a county database (.db).\n"
       "Each violation is one line on stdout (moves, lessons and routes are numbered\n"
       "from 1, days and periods from 1), e.g.\n"
       "  move 3 (T00412): teacher is exempt (\"孕期哺乳\") and may not move\n"
       "  rule min_key_share: 2 key teachers moved, 4 required (20% of 18 moved)\n"
       "  teacher T0031 day 2: 5 minutes from S12 (period 3 ends 10:40) to S14 (period 4\n"
       "  starts 10:45), travel takes 18\n"
       "\n"),
    N_("examples:\n"
       "  rotas check county.db plan-2027.json\n"
       "  rotas check county.json timetable-C03.json --policy strict.json\n"
       "  rotas check county.db timetable-C03-v2.json --from timetable-C03.json\n"
       "  rotas check county.db cover.json --timetable timetable-C03.json\n"
       "\n"
       "exit status: 0 no violations (\"ok: ...\" on stderr), 1 violations found,\n"
       "2 bad input or usage.\n")};

int cmd_check(int argc, char **argv);
int cli_check_cover(const char *county_path, const char *cover_path, const char *tt_path,
                    const char *policy_path, const char *out_path, int quiet);

int cmd_check(int argc, char **argv)
{
    const char *policy_path = NULL, *out_path = "-", *from_path = NULL;
    int quiet = cli_quiet, code = EXIT_OK;
    rotas_county *c = NULL;
    rotas_plan *plan = NULL, *prev_plan = NULL;
    rotas_timetable *tt = NULL, *prev_tt = NULL;
    rotas_diags d = {0}, v = {0};
    rotas_error err = {0};
    rotas_policy pol;
    char fmt[64] = "";

    const char *decisions_path = NULL, *tt_path = NULL;
    const cli_opt opts[] = {
        CLI_STRING('p', "policy", "FILE",
                   N_("check under this policy instead of the one in the result"), &policy_path),
        CLI_STRING('D', "decisions", "FILE",
                   N_("the plan was made with these bureau decisions\n"
                      "(rotas-decisions/1, as given to rotas plan --decisions)"),
                   &decisions_path),
        CLI_STRING(0, "from", "FILE",
                   N_("the result was a re-plan of FILE (same format): also check its\n"
                      "change counts (a plan's \"changed\", a timetable's\n"
                      "\"kept_lessons\" and \"moved_lessons\")"),
                   &from_path),
        CLI_STRING(0, "timetable", "FILE",
                   N_("a cover's timetable (default: the path the cover records)"), &tt_path),
        CLI_STRING('o', "output", "FILE",
                   N_("write the violations to FILE ('-' = stdout, the default)"), &out_path),
        CLI_FLAG('q', "quiet", N_("no summary line on stderr"), &quiet),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (argc - optind != 2) {
        cli_error(_("check: expected COUNTY and RESULT.json (try 'rotas check --help')"));
        return EXIT_INPUT;
    }
    const char *county_path = argv[optind], *result_path = argv[optind + 1];
    {
        const char *ins[] = {county_path, result_path, from_path, policy_path, decisions_path};
        const char *outs[] = {out_path};
        if ((code = cli_refuse_same(ins, 5, outs, 1)) != 0)
            return code;
    }

    rotas_rc rc = rotas_json_read_format(fmt, sizeof fmt, result_path, &err);
    if (rc != ROTAS_OK) {
        cli_error("%s", err.msg);
        return cli_exit_code(rc) == EXIT_ERR ? EXIT_INPUT : cli_exit_code(rc);
    }
    if (!strcmp(fmt, ROTAS_FORMAT_COVER))
        return cli_check_cover(county_path, result_path, tt_path, policy_path, out_path, quiet);
    if (!strcmp(fmt, ROTAS_FORMAT_RESEARCHERS))
        return cli_check_researchers(county_path, result_path, out_path, quiet);
    if (!strcmp(fmt, ROTAS_FORMAT_SHUTTLES))
        return cli_check_shuttles(county_path, result_path, out_path, quiet);
    int is_plan = !strcmp(fmt, ROTAS_FORMAT_PLAN);
    if (!is_plan && strcmp(fmt, ROTAS_FORMAT_TIMETABLE) != 0) {
        cli_error(_("%s: format: expected \"%s\", \"%s\" or \"%s\", found \"%s\""), result_path,
                  ROTAS_FORMAT_PLAN, ROTAS_FORMAT_TIMETABLE, ROTAS_FORMAT_COVER, fmt);
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
    char ok[400];
    if (is_plan)
        snprintf(ok, sizeof ok, _("ok: plan for %d: %zu moves, %zu relaxed rules, no violations"),
                 plan->year, plan->n_moves, plan->n_relaxed);
    else
        snprintf(ok, sizeof ok,
                 _("ok: timetable of cluster %s: %zu lessons, %zu unscheduled entries, no "
                   "violations"),
                 c->clusters[tt->cluster].id, tt->n_lessons, tt->n_unscheduled);
    code = cli_write_violations(out_path, &v, n, result_path, quiet, ok);
done:
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
    rotas_plan_free(plan);
    rotas_plan_free(prev_plan);
    rotas_timetable_free(tt);
    rotas_timetable_free(prev_tt);
    rotas_county_free(c);
    return code;
}
