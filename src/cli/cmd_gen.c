/* cmd_gen.c - rotas gen: write a synthetic county, deterministic for a seed. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "rotas/gen.h"
#include "rotas/json.h"
#include "rotas/outfile.h"
#include "rotas/policy.h"

int cmd_gen(int argc, char **argv);

static const cli_help help = {
    "gen",
    N_("usage: rotas gen --schools N --seed S [--year Y] [--constraints] [--coverage P]\n"
       "                 [--over-quota P] [--covered-townships N] [--multi-subject P]\n"
       "                 [--one-teacher P] [--programmes] [--rooms] [--group-policy FILE]\n"
       "                 [-o FILE] [-q] [-v]\n"
       "\n"
       "Write a synthetic county (rotas-county/1 JSON): a county town with urban primaries\n"
       "and junior middles, townships with a central primary heading a cluster of village\n"
       "primaries and teaching points, teachers with tenure, titles, key levels and\n"
       "preferences, a road-distance table with some pairs left out. Classes follow the 2022\n"
       "curriculum (26 periods a week in grades 1-2, 30 in 3-6, 34 in 7-9) and the staff is\n"
       "sized to cover most of it: what no qualified teacher can cover falls mostly on\n"
       "shortage subjects at village schools. The same options give the same bytes; another\n"
       "seed gives a county of another shape (the shares below are drawn from the seed\n"
       "within the ranges shown unless an option pins them).\n"
       "\n"),
    /* xgettext:no-c-format */
    N_("examples:\n"
       "  rotas gen --schools 120 --seed 7 -o county.json && rotas summary county.json\n"
       "  rotas gen --schools 60 --seed 3 --constraints -o everyday.json\n"
       "  rotas gen --schools 120 --seed 7 --constraints --programmes -o county.json\n"
       "  rotas gen --schools 120 --seed 7 --coverage 0.9 -o short.json      # 10% uncovered\n"
       "  rotas gen --schools 120 --seed 7 --over-quota 40% -o crowded.json\n"
       "  rotas gen --schools 60 --seed 3 --covered-townships 2 -o covered.json\n"
       "  rotas gen --schools 60 --seed 3 --multi-subject 0.8 -o generalists.json\n"
       "  rotas gen --schools 60 --seed 3 --one-teacher 1 -o points.json\n"
       "  rotas gen --schools 60 --seed 3 --rooms -o rooms.json\n"
       "  rotas gen --schools 60 --seed 3 --group-policy groups.json -o county.json &&\n"
       "    rotas plan county.json --policy groups.json -o plan.json\n")};

int cmd_gen(int argc, char **argv)
{
    rotas_gen_options opt;
    memset(&opt, 0, sizeof opt);
    const char *out = "-", *group_policy = NULL;
    int programmes = 0, quiet = 0, verbose_opt = 0;
    long seed = -1;
    /* the shares and counts whose 0 means "none": -1 until given */
    double over_quota = -1, multi_subject = -1, one_teacher = -1;
    int covered_townships = -1;

    const cli_opt opts[] = {
        CLI_INT('n', "schools", "N", N_("about N schools, 5..2000 (about 17 teachers a school)"),
                &opt.schools, 5, 2000),
        CLI_LONG('s', "seed", "S", N_("random seed, a non-negative integer"), &seed, 0,
                 (double)LONG_MAX),
        CLI_INT('y', "year", "Y",
                N_("the data's reference year (tenure counts to it), default 2026"), &opt.year,
                1990, 2100),
        CLI_FLAG('c', "constraints",
                 N_("also everyday constraints: subject research afternoons, the\n"
                    "principals' Monday meeting, part-time teachers (max_days),\n"
                    "升旗 on Monday period 1, subject rules, a few fixed lessons,\n"
                    "middle leaders, hardship years and bureau decisions (the rest\n"
                    "of the county is the same as without)"),
                 &opt.constraints),
        CLI_SHARE(0, "coverage",
                  N_("share of the weekly periods the teachers can cover, 0.5..1 or\n"
                     "50%..100% (a teacher gives max_periods, default 16, to its\n"
                     "subjects: others at its school, shortage subjects anywhere in its\n"
                     "cluster); default drawn 0.93..0.985"),
                  &opt.coverage, 0.5, 1.0),
        CLI_SHARE(0, "over-quota",
                  N_("share of schools with staff_quota below their teacher count,\n"
                     "0..1 or 0%..100% (county-town schools and township juniors\n"
                     "first); default drawn 0.15..0.25"),
                  &over_quota, 0.0, 1.0),
        CLI_INT(0, "covered-townships", "N",
                N_("townships (cluster and junior middle) where every lesson has a\n"
                   "qualified teacher, 0..1000; default about 1 in 6 (at least 1\n"
                   "when there are 3 or more townships)"),
                &covered_townships, 0, 1000),
        CLI_SHARE(0, "multi-subject",
                  N_("share of primary teachers who are multi-subject class teachers\n"
                     "(chinese + morality + labour, math + science, music + art, PE +\n"
                     "psychology; fewer in the county town and in junior schools),\n"
                     "0..1; default drawn 0.35..0.65"),
                  &multi_subject, 0.0, 1.0),
        CLI_SHARE(0, "one-teacher",
                  N_("share of teaching points kept by a single teacher with one or\n"
                     "two small multi-grade classes, 0..1; default drawn 0.2..0.5"),
                  &one_teacher, 0.0, 1.0),
        CLI_FLAG(0, "programmes",
                 N_("also the data of the county programmes: researchers[] (教研员:\n"
                    "city ones at the city's office, county ones based at county-town\n"
                    "schools, subjects, days away), the autumn term of the plan year\n"
                    "and its holidays, for 'rotas researchers' (the rest of the\n"
                    "county is the same as without)"),
                 &programmes),
        CLI_FLAG(0, "rooms",
                 /* xgettext:no-c-format */
                 N_("shared rooms: music, art and computer rooms and a playground\n"
                    "at every school but teaching points, as many as keep the\n"
                    "school's weekly music, art, it and pe lessons within 80% of\n"
                    "the room-periods (a playground takes several classes at once);\n"
                    "those subjects then need their room (room_kind)"),
                 &opt.rooms),
        CLI_STRING(0, "group-policy", "FILE",
                   N_("also write a rotas-policy/1 file (the national defaults) that\n"
                      "turns the education-group dispatch on: each member school\n"
                      "receives 1 manager and 1 key teacher from its group's head\n"
                      "school (group_managers_per_member, group_key_team_per_member);\n"
                      "every group of the county names its head school"),
                   &group_policy),
        CLI_STRING('o', "output", "FILE", N_("write there instead of stdout ('-' = stdout)"), &out),
        CLI_FLAG('q', "quiet", N_("nothing on stderr but errors (the default)"), &quiet),
        CLI_FLAG('v', "verbose", N_("print a summary line on stderr"), &verbose_opt),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    int verbose = verbose_opt ? 1 : quiet ? 0 : cli_verbose;
    int have_schools = opt.schools != 0, have_seed = seed >= 0;
    if (have_seed)
        opt.seed = (unsigned long)seed;
    if (over_quota >= 0)
        opt.over_quota = over_quota > 0 ? over_quota : ROTAS_GEN_NONE;
    if (covered_townships >= 0)
        opt.covered_townships = covered_townships > 0 ? covered_townships : ROTAS_GEN_NONE;
    if (multi_subject >= 0)
        opt.multi_subject = multi_subject > 0 ? multi_subject : ROTAS_GEN_NONE;
    if (one_teacher >= 0)
        opt.one_teacher = one_teacher > 0 ? one_teacher : ROTAS_GEN_NONE;
    if (optind < argc) {
        cli_error(_("gen: unexpected argument '%s' (try 'rotas gen --help')"), argv[optind]);
        return EXIT_INPUT;
    }
    if (!have_schools || !have_seed) {
        cli_error(_("gen: %s is required, e.g. 'rotas gen --schools 120 --seed 7'"),
                  have_schools ? "--seed" : "--schools");
        return EXIT_INPUT;
    }

    {
        const char *outs[] = {out, group_policy};
        int code = cli_refuse_same(NULL, 0, outs, 2);
        if (code)
            return code;
    }
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_rc rc = rotas_gen_county(&c, &opt, &err);
    if (rc == ROTAS_OK && programmes)
        rc = rotas_gen_programmes(c, opt.seed, &err);
    if (rc == ROTAS_OK)
        rc = rotas_county_write_json(c, out, &err);
    if (rc == ROTAS_OK && group_policy) {
        rotas_policy p;
        rotas_policy_default(&p);
        p.group_managers_per_member = 1;
        p.group_key_team_per_member = 1;
        char *text = rotas_policy_dump_json(&p);
        rc = text ? rotas_outfile_write(group_policy, text, strlen(text), &err)
                  : rotas_error_set(&err, ROTAS_ENOMEM, "gen: out of memory");
        free(text);
    }
    if (rc != ROTAS_OK) {
        cli_error("%s", err.msg);
        rotas_county_free(c);
        return cli_exit_code(rc);
    }
    if (verbose)
        fprintf(stderr, _("rotas: gen: %s: %zu schools, %zu classes, %zu teachers, %zu clusters\n"),
                c->name ? c->name : "county", c->n_schools, c->n_classes, c->n_teachers,
                c->n_clusters);
    rotas_county_free(c);
    return EXIT_OK;
}
