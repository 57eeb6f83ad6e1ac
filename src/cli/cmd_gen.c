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

int cmd_gen(int argc, char **argv);

static void gen_usage(FILE *f)
{
    fprintf(f,
            "usage: rotas gen --schools N --seed S [--year Y] [--constraints] [-o FILE] [-q] [-v]\n"
            "\n"
            "Write a synthetic county (rotas-county/1 JSON): a county town with urban primaries\n"
            "and junior middles, townships with a central primary heading a cluster of village\n"
            "primaries and teaching points, teachers with tenure, titles, key levels and\n"
            "preferences, a road-distance table with some pairs left out. The same options give\n"
            "the same bytes; another seed gives a county of another shape.\n"
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
            "  -o, --output FILE write there instead of stdout ('-' = stdout)\n"
            "  -q, --quiet       nothing on stderr but errors (the default)\n"
            "  -v, --verbose     print a summary line on stderr\n"
            "  -h, --help        this help\n"
            "\n"
            "example:\n"
            "  rotas gen --schools 120 --seed 7 -o county.json && rotas summary county.json\n"
            "  rotas gen --schools 60 --seed 3 --constraints -o everyday.json\n");
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
    static const struct option longopts[] = {
        {"schools", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 's'},
        {"year", required_argument, NULL, 'y'},    {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},         {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},          {"constraints", no_argument, NULL, 'c'},
        {NULL, 0, NULL, 0}};
    rotas_gen_options opt = {0, 0, 0, 0};
    const char *out = "-";
    int have_schools = 0, have_seed = 0, verbose = cli_verbose, ch;
    long v;

    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":n:s:y:o:qvhc", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            opt.constraints = 1;
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
    if (rc == ROTAS_OK)
        rc = rotas_county_write_json(c, out, &err);
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
