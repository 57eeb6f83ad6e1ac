/* cmd_gen.c - rotas gen: write a synthetic county, deterministic for a seed. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rotas/gen.h"
#include "rotas/json.h"
#include "rotas/outfile.h"
#include "rotas/policy.h"

int cmd_gen(int argc, char **argv);

static void gen_usage(FILE *f)
{
    fprintf(
        f, "usage: rotas gen --schools N --seed S [--year Y] [--constraints] [--coverage P]\n"
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
           "\n"
           "options:\n"
           "  -n, --schools N   about N schools, 5..2000 (about 17 teachers a school)\n"
           "  -s, --seed S      random seed, a non-negative integer\n"
           "  -y, --year Y      the data's reference year (tenure counts to it), default 2026\n"
           "  -c, --constraints also everyday constraints: subject research afternoons, the\n"
           "                    principals' Monday meeting, part-time teachers (max_days),\n"
           "                    升旗 on Monday period 1, subject rules, a few fixed lessons,\n"
           "                    middle leaders, hardship years and bureau decisions (the rest\n"
           "                    of the county is the same as without)\n"
           "      --coverage P  share of the weekly periods the teachers can cover, 0.5..1 or\n"
           "                    50%%..100%% (a teacher gives max_periods, default 16, to its\n"
           "                    subjects: others at its school, shortage subjects anywhere in its\n"
           "                    cluster); default drawn 0.93..0.985\n"
           "      --over-quota P share of schools with staff_quota below their teacher count,\n"
           "                    0..1 or 0%%..100%% (county-town schools and township juniors\n"
           "                    first); default drawn 0.15..0.25\n"
           "      --covered-townships N\n"
           "                    townships (cluster and junior middle) where every lesson has a\n"
           "                    qualified teacher, 0..1000; default about 1 in 6 (at least 1\n"
           "                    when there are 3 or more townships)\n"
           "      --multi-subject P\n"
           "                    share of primary teachers who are multi-subject class teachers\n"
           "                    (chinese + morality + labour, math + science, music + art, PE +\n"
           "                    psychology; fewer in the county town and in junior schools),\n"
           "                    0..1; default drawn 0.35..0.65\n"
           "      --one-teacher P\n"
           "                    share of teaching points kept by a single teacher with one or\n"
           "                    two small multi-grade classes, 0..1; default drawn 0.2..0.5\n");
    fprintf(
        f, "      --programmes  also the data of the county programmes: researchers[] (教研员:\n"
           "                    city ones at the city's office, county ones based at county-town\n"
           "                    schools, subjects, days away), the autumn term of the plan year\n"
           "                    and its holidays, for 'rotas researchers' (the rest of the\n"
           "                    county is the same as without)\n"
           "      --rooms       shared rooms: music, art and computer rooms and a playground\n"
           "                    at every school but teaching points, as many as keep the\n"
           "                    school's weekly music, art, it and pe lessons within 80%% of\n"
           "                    the room-periods (a playground takes several classes at once);\n"
           "                    those subjects then need their room (room_kind)\n"
           "      --group-policy FILE\n"
           "                    also write a rotas-policy/1 file (the national defaults) that\n"
           "                    turns the education-group dispatch on: each member school\n"
           "                    receives 1 manager and 1 key teacher from its group's head\n"
           "                    school (group_managers_per_member, group_key_team_per_member);\n"
           "                    every group of the county names its head school\n"
           "  -o, --output FILE write there instead of stdout ('-' = stdout)\n"
           "  -q, --quiet       nothing on stderr but errors (the default)\n"
           "  -v, --verbose     print a summary line on stderr\n"
           "  -h, --help        this help\n"
           "\n"
           "examples:\n"
           "  rotas gen --schools 120 --seed 7 -o county.json && rotas summary county.json\n"
           "  rotas gen --schools 60 --seed 3 --constraints -o everyday.json\n"
           "  rotas gen --schools 120 --seed 7 --constraints --programmes -o county.json\n"
           "  rotas gen --schools 120 --seed 7 --coverage 0.9 -o short.json      # 10%% uncovered\n"
           "  rotas gen --schools 120 --seed 7 --over-quota 40%% -o crowded.json\n"
           "  rotas gen --schools 60 --seed 3 --covered-townships 2 -o covered.json\n"
           "  rotas gen --schools 60 --seed 3 --multi-subject 0.8 -o generalists.json\n"
           "  rotas gen --schools 60 --seed 3 --one-teacher 1 -o points.json\n"
           "  rotas gen --schools 60 --seed 3 --rooms -o rooms.json\n"
           "  rotas gen --schools 60 --seed 3 --group-policy groups.json -o county.json &&\n"
           "    rotas plan county.json --policy groups.json -o plan.json\n");
}

/* A share: a fraction in lo..hi, or a percentage ("40%"). */
static int parse_share(const char *what, const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (!errno && end && end != s && *end == '%' && end[1] == '\0') {
        v /= 100.0;
        end++;
    }
    if (errno || !end || end == s || *end != '\0' || !(v >= lo && v <= hi)) {
        cli_error("gen: %s: expected a share in %g..%g (or %g%%..%g%%), found \"%s\"", what, lo, hi,
                  lo * 100, hi * 100, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_long(const char *what, const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !end || end == s || *end != '\0' || v < lo || v > hi) {
        cli_error("gen: %s: expected an integer in %ld..%ld, found \"%s\"", what, lo, hi, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cmd_gen(int argc, char **argv)
{
    static const struct option longopts[] = {{"schools", required_argument, NULL, 'n'},
                                             {"seed", required_argument, NULL, 's'},
                                             {"year", required_argument, NULL, 'y'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"constraints", no_argument, NULL, 'c'},
                                             {"coverage", required_argument, NULL, 1000},
                                             {"over-quota", required_argument, NULL, 1001},
                                             {"covered-townships", required_argument, NULL, 1002},
                                             {"multi-subject", required_argument, NULL, 1003},
                                             {"one-teacher", required_argument, NULL, 1004},
                                             {"programmes", no_argument, NULL, 1005},
                                             {"rooms", no_argument, NULL, 1006},
                                             {"group-policy", required_argument, NULL, 1007},
                                             {NULL, 0, NULL, 0}};
    rotas_gen_options opt;
    memset(&opt, 0, sizeof opt);
    double share;
    const char *out = "-";
    int programmes = 0;
    const char *group_policy = NULL;
    int have_schools = 0, have_seed = 0, verbose = cli_verbose, ch;
    long v;

    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":n:s:y:o:qvhc", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            opt.constraints = 1;
            break;
        case 1005:
            programmes = 1;
            break;
        case 1006:
            opt.rooms = 1;
            break;
        case 1007:
            group_policy = optarg;
            break;
        case 1000:
            if (parse_share("--coverage", optarg, 0.5, 1.0, &opt.coverage))
                return EXIT_INPUT;
            break;
        case 1001:
            if (parse_share("--over-quota", optarg, 0.0, 1.0, &share))
                return EXIT_INPUT;
            opt.over_quota = share > 0 ? share : ROTAS_GEN_NONE;
            break;
        case 1002:
            if (parse_long("--covered-townships", optarg, 0, 1000, &v))
                return EXIT_INPUT;
            opt.covered_townships = v > 0 ? (int)v : ROTAS_GEN_NONE;
            break;
        case 1003:
            if (parse_share("--multi-subject", optarg, 0.0, 1.0, &share))
                return EXIT_INPUT;
            opt.multi_subject = share > 0 ? share : ROTAS_GEN_NONE;
            break;
        case 1004:
            if (parse_share("--one-teacher", optarg, 0.0, 1.0, &share))
                return EXIT_INPUT;
            opt.one_teacher = share > 0 ? share : ROTAS_GEN_NONE;
            break;
        case 'n':
            if (parse_long("--schools", optarg, 5, 2000, &v))
                return EXIT_INPUT;
            opt.schools = (int)v;
            have_schools = 1;
            break;
        case 's':
            if (parse_long("--seed", optarg, 0, LONG_MAX, &v))
                return EXIT_INPUT;
            opt.seed = (unsigned long)v;
            have_seed = 1;
            break;
        case 'y':
            if (parse_long("--year", optarg, 1990, 2100, &v))
                return EXIT_INPUT;
            opt.year = (int)v;
            break;
        case 'o':
            out = optarg;
            break;
        case 'q':
            verbose = 0;
            break;
        case 'v':
            verbose = 1;
            break;
        case 'h':
            gen_usage(stdout);
            return EXIT_OK;
        case ':':
            cli_error("gen: option %s needs a value (try 'rotas gen --help')", argv[optind - 1]);
            return EXIT_INPUT;
        default:
            cli_error("gen: unknown option '%s' (try 'rotas gen --help')", argv[optind - 1]);
            return EXIT_INPUT;
        }
    }
    if (optind < argc) {
        cli_error("gen: unexpected argument '%s' (try 'rotas gen --help')", argv[optind]);
        return EXIT_INPUT;
    }
    if (!have_schools || !have_seed) {
        cli_error("gen: %s is required, e.g. 'rotas gen --schools 120 --seed 7'",
                  have_schools ? "--seed" : "--schools");
        return EXIT_INPUT;
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
        fprintf(stderr, "rotas: gen: %s: %zu schools, %zu classes, %zu teachers, %zu clusters\n",
                c->name ? c->name : "county", c->n_schools, c->n_classes, c->n_teachers,
                c->n_clusters);
    rotas_county_free(c);
    return EXIT_OK;
}
