/* cmd_timetable.c - rotas timetable: one cluster's weekly timetable, or every cluster's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "rotas/progress.h"
#include "rotas/check.h"
#include "rotas/json.h"
#include "rotas/store.h"
#include "rotas/timetable.h"

int cmd_timetable(int argc, char **argv);

static const cli_help help = {
    "timetable",
    N_("usage: rotas timetable COUNTY --cluster ID [--policy POLICY.json] [-o TT.json]\n"
       "                       [--from OLD.json] [--time-limit S] [--seed N] [--export-lp FILE]\n"
       "                       [--save] [-q] [-v]\n"
       "       rotas timetable COUNTY --all [-o DIR] [options]\n"
       "\n"
       "Make the shared weekly timetable of a cluster (片区): every class gets its\n"
       "curriculum, itinerant teachers (走教) travel between the cluster's schools, each\n"
       "school keeps its own bell. Teachers are chosen first (own school first, few schools\n"
       "per itinerant teacher, balanced loads), lessons are then placed and repaired, and\n"
       "the placement is improved with GLPK on sub-problems within the time limit.\n"
       "Lessons that cannot be placed are listed in \"unscheduled\"; capacity_bound says how\n"
       "many of them no timetable could avoid (the cluster's teachers lack the periods).\n"
       "The result is checked by the independent checker before it is written; a\n"
       "timetable the checker rejects is never written.\n"
       "\n"
       "bound is a lower bound on the objective over the timetables that keep every\n"
       "lesson's teacher: the lessons no timetable avoids, plus travel_bound, what each\n"
       "itinerant teacher's school changes, roads and extra schools must cost at least\n"
       "(a relaxation per teacher of its lessons per school and day, solved by GLPK).\n"
       "gap = (objective - bound) / objective; status optimal = gap within mip_gap.\n"
       "\n"
       "Rooms: a subject with a room_kind (music, computer, playground...) takes one of its\n"
       "school's rooms of that kind (schools[].rooms[]) in every lesson, and a room holds\n"
       "at most its capacity in classes at once; each such lesson names its room. Schools\n"
       "without rooms of that kind teach it in the class's own room.\n"
       "\n"
       "Everyday constraints in the county are kept in every phase: a teacher's unavailable\n"
       "times (teachers[].unavailable, by clock time against each school's bell), a class's\n"
       "unavailable periods (classes[].unavailable, e.g. 升旗), subject rules not_first_period\n"
       "and not_after_lunch (the first period starting at 12:00 or later), a teacher's\n"
       "max_days, and fixed_lessons (placed first, never moved; they count toward the\n"
       "curriculum and max_periods). A subject rule before_period N is a preference: each\n"
       "lesson after period N costs w_tt_morning (for chinese/maths without a rule: each\n"
       "lesson starting at 12:00 or later). capacity_bound counts a teacher's periods as\n"
       "min(max_periods, periods it is free on its best max_days days).\n"
       "\n"
       "Re-plan with --from: after a change (a teacher left, a road's minutes went up, a\n"
       "class was merged) every lesson of the earlier timetable that still fits stays where\n"
       "it was (same class, subject, teacher, day, period); only the rest is placed again.\n"
       "The objective puts unscheduled lessons first, then w_tt_keep per earlier lesson not\n"
       "kept, then the usual terms. Lessons naming teachers or classes no longer in the\n"
       "county are dropped (said on stderr) and count as moved. The result carries\n"
       "kept_lessons and moved_lessons (earlier lessons - kept); verify them with\n"
       "'rotas check COUNTY NEW.json --from OLD.json' (that reader needs every id known).\n"
       "\n"
       "COUNTY is a county database (.db) or a rotas-county/1 JSON file.\n"
       "\n"),
    N_("examples:\n"
       "  rotas timetable county.db --cluster C03 -o timetable-C03.json\n"
       "  rotas timetable county.json --cluster C03 --time-limit 20 --export-lp c03.lp\n"
       "  rotas timetable county.db --all -o timetables/ --save\n"
       "  rotas timetable county-new.json --cluster C03 --from timetable-C03.json -o v2.json\n"
       "\n"
       "exit status: 0 ok (also with unscheduled lessons), 1 error or a timetable the checker\n"
       "rejected, 2 bad input or usage.\n")};

static void summary(const rotas_county *c, const rotas_timetable *tt)
{
    int schools = 0, classes = 0, teachers = 0;
    long required = 0, unsched = 0;
    for (size_t s = 0; s < c->n_schools; s++) {
        if (c->schools[s].cluster != tt->cluster)
            continue;
        schools++;
        classes += (int)c->schools[s].n_classes;
        for (size_t k = 0; k < c->schools[s].n_classes; k++)
            for (size_t j = 0; j < c->n_subjects; j++)
                required +=
                    rotas_class_periods(c, &c->classes[c->schools[s].first_class + k], (int)j);
    }
    for (size_t t = 0; t < c->n_teachers; t++) {
        int s = c->teachers[t].school;
        teachers += s >= 0 && (size_t)s < c->n_schools && c->schools[s].cluster == tt->cluster;
    }
    for (size_t i = 0; i < tt->n_unscheduled; i++)
        unsched += tt->unscheduled[i].periods;
    fprintf(stderr,
            _("cluster %s: %d schools, %d classes, %d teachers, %zu/%ld lessons placed, "
              "%ld unscheduled (capacity bound %d), %d school changes, %.1f km, "
              "objective %.2f, bound %.2f, gap %.1f%%, %.1f s, %s"),
            c->clusters[tt->cluster].id, schools, classes, teachers, tt->n_lessons, required,
            unsched, tt->capacity_bound, tt->school_changes, tt->km, tt->objective, tt->bound,
            100.0 * tt->gap, tt->seconds, _(rotas_status_name(tt->status)));
    if (tt->kept_lessons >= 0)
        fprintf(stderr, _(", %d lessons kept, %d moved"), tt->kept_lessons, tt->moved_lessons);
    fputc('\n', stderr);
}

/* Make, check, write (and save) one cluster's timetable. Returns an exit code. */
static int one(const rotas_county *c, int cluster, const rotas_policy *pol, const char *county_path,
               const char *out_path, const char *export_lp, unsigned seed, int save, int quiet,
               int verbose, const rotas_timetable *previous, rotas_progress *pr)
{
    rotas_timetable *tt = NULL;
    rotas_error err = {0};
    rotas_diags v = {0};
    rotas_store *st = NULL;
    char *json = NULL;
    int code = EXIT_OK;
    rotas_timetable_options opt = {.export_lp = export_lp,
                                   .verbose = verbose,
                                   .seed = seed,
                                   .progress = rotas_progress_report,
                                   .progress_ctx = pr,
                                   .previous = previous};
    rotas_rc rc = rotas_timetable_make(&tt, c, cluster, pol, &opt, &err);
    rotas_progress_end(pr);
    if (rc != ROTAS_OK) {
        cli_error(_("timetable %s: %s"), c->clusters[cluster].id, err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    tt->source = rotas_strdup(county_path);
    size_t n = rotas_check_timetable(c, pol, tt, &v);
    if (n > 0) {
        for (size_t i = 0; i < v.n_items; i++)
            cli_error(_("timetable %s: check: %s"), c->clusters[cluster].id, v.items[i]);
        cli_error(ngettext("timetable %s: the checker found %zu violation; nothing written",
                           "timetable %s: the checker found %zu violations; nothing written",
                           (unsigned long)(n)),
                  c->clusters[cluster].id, n);
        code = EXIT_ERR;
        goto done;
    }
    if ((rc = rotas_timetable_write_json(tt, c, out_path, &err)) != ROTAS_OK) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (save) {
        long long id = 0;
        json = rotas_timetable_dump_json(tt, c);
        if (!json) {
            cli_error(_("timetable %s: out of memory"), c->clusters[cluster].id);
            code = EXIT_ERR;
            goto done;
        }
        rc = rotas_store_open_mode(&st, county_path, ROTAS_STORE_WRITE, &err);
        if (rc != ROTAS_OK ||
            (rc = rotas_store_save_result(st, "timetable", c->clusters[cluster].id, json, &id,
                                          &err)) != ROTAS_OK) {
            cli_error("%s", err.msg);
            code = cli_exit_code(rc);
            goto done;
        }
        if (!quiet)
            fprintf(stderr, _("rotas: timetable %s saved as result %lld\n"),
                    c->clusters[cluster].id, id);
    }
    if (!quiet)
        summary(c, tt);
done:
    rotas_store_close(st);
    free(json);
    rotas_diags_clear(&v);
    rotas_timetable_free(tt);
    return code;
}

int cmd_timetable(int argc, char **argv)
{
    const char *cluster_id = NULL, *policy_path = NULL, *out = NULL, *export_lp = NULL;
    const char *from_path = NULL, *progress_mode = "auto";
    rotas_timetable *previous = NULL;
    double time_limit = -1;
    long seed = 1;
    int all = 0, save = 0, quiet = cli_quiet, verbose = cli_verbose, code = EXIT_OK;
    rotas_county *c = NULL;
    rotas_policy pol;

    const cli_opt opts[] = {
        CLI_STRING('c', "cluster", "ID", N_("the cluster to timetable"), &cluster_id),
        CLI_FLAG('a', "all", N_("every cluster; one file per cluster, DIR/timetable-<ID>.json"),
                 &all),
        CLI_STRING('p', "policy", "FILE",
                   N_("rotas-policy/1 (max_schools_per_day, w_tt_* weights, time limit)"),
                   &policy_path),
        CLI_STRING('o', "output", "PATH",
                   N_("output file ('-' = stdout, the default), or with --all a directory\n"
                      "(default: the current directory)"),
                   &out),
        {.kind = CLI_OPT_DOUBLE,
         .short_name = 't',
         .long_name = "time-limit",
         .value_name = "S",
         .help = N_("wall-clock seconds per cluster (default: the policy's, 60)"),
         .out = &time_limit,
         .lo = 0,
         .lo_open = 1,
         .hi = 1e6,
         .expected = cli_expect_seconds},
        {.kind = CLI_OPT_LONG,
         .short_name = 's',
         .long_name = "seed",
         .value_name = "N",
         .help = N_("tie-break seed (same seed and data: same timetable)"),
         .out = &seed,
         .lo = 0,
         .hi = 4294967295.0,
         .expected = N_("a non-negative integer")},
        CLI_STRING('f', "from", "OLD.json",
                   N_("re-plan: keep the lessons of this earlier timetable of the cluster\n"
                      "that still fit (only with --cluster)"),
                   &from_path),
        CLI_STRING('x', "export-lp", "FILE",
                   N_("write the whole-cluster placement MIP (teachers fixed as chosen)\n"
                      "in CPLEX LP format, e.g. for glpsol or cbc; add the file's\n"
                      "'constant term' to the solver's objective to compare with ours"),
                   &export_lp),
        CLI_FLAG('S', "save", N_("store the timetable in the database (COUNTY must be .db)"),
                 &save),
        CLI_QUIET(&quiet),
        CLI_PROGRESS(&progress_mode),
        CLI_VERBOSE(&verbose),
        CLI_HELP,
        CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (argc - optind != 1) {
        cli_error(_("timetable: expected one COUNTY (try 'rotas timetable --help')"));
        return EXIT_INPUT;
    }
    if (!all == !cluster_id) {
        cli_error(_("timetable: give either --cluster ID or --all"));
        return EXIT_INPUT;
    }
    if (from_path && all) {
        cli_error(_("timetable: --from re-plans one cluster: give --cluster ID, not --all"));
        return EXIT_INPUT;
    }
    int pmode = rotas_progress_parse(progress_mode);
    if (pmode == -2) {
        cli_error(_("timetable: --progress: expected auto, tty, json or none, found \"%s\""),
                  progress_mode);
        return EXIT_INPUT;
    }
    rotas_progress pr;
    rotas_progress_init(
        &pr, stderr, pmode >= 0 ? (rotas_progress_mode)pmode : rotas_progress_auto(stderr, quiet));
    const char *county_path = argv[optind];
    if (save && !cli_has_suffix(county_path, ".db") && !cli_has_suffix(county_path, ".sqlite")) {
        cli_error(_("timetable: --save needs a county database (.db), not %s"), county_path);
        return EXIT_INPUT;
    }
    {
        const char *ins[] = {county_path, policy_path, from_path};
        const char *outs[] = {all ? NULL : out, export_lp};
        if ((code = cli_refuse_same(ins, 3, outs, 2)) != 0)
            return code;
    }
    if (all && (code = cli_out_dir(out ? out : ".")) != 0)
        return code;
    if ((code = cli_load_policy(&pol, policy_path)) != EXIT_OK)
        return code;
    if (time_limit > 0)
        pol.time_limit_seconds = time_limit;
    c = cli_load_county(county_path, &code);
    if (!c)
        return code;

    if (!all) {
        int cl = rotas_county_cluster(c, cluster_id);
        if (cl < 0) {
            cli_error(_("timetable: --cluster: no cluster \"%s\" in %s"), cluster_id, county_path);
            code = EXIT_INPUT;
            goto done;
        }
        if (from_path) {
            rotas_error err = {0};
            size_t unknown = 0;
            rotas_rc rc = rotas_timetable_read_previous(&previous, c, from_path, &unknown, &err);
            if (rc != ROTAS_OK) {
                cli_error(_("timetable: --from: %s"), err.msg);
                code = cli_exit_code(rc) == EXIT_ERR ? EXIT_INPUT : cli_exit_code(rc);
                goto done;
            }
            if (previous->cluster != cl) {
                cli_error(_("timetable: --from: %s is a timetable of cluster %s, not %s"),
                          from_path, c->clusters[previous->cluster].id, cluster_id);
                code = EXIT_INPUT;
                goto done;
            }
            if (unknown && !quiet)
                fprintf(stderr,
                        ngettext("rotas: timetable %s: %zu lesson of %s name a class, subject or "
                                 "teacher no longer in %s; it is counted as moved\n",
                                 "rotas: timetable %s: %zu lessons of %s name a class, subject or "
                                 "teacher no longer in %s; they are counted as moved\n",
                                 (unsigned long)(unknown)),
                        cluster_id, unknown, from_path, county_path);
        }
        code = one(c, cl, &pol, county_path, out ? out : "-", export_lp, (unsigned)seed, save,
                   quiet, verbose, previous, &pr);
        goto done;
    }
    const char *dir = out ? out : ".";
    int failed = 0, first = 1;
    for (size_t i = 0; i < c->n_clusters; i++) {
        int used = 0;
        for (size_t s = 0; s < c->n_schools && !used; s++)
            used = c->schools[s].cluster == (int)i;
        if (!used)
            continue;
        size_t n = strlen(dir) + strlen(c->clusters[i].id) + 32;
        char *path = malloc(n);
        if (!path) {
            cli_error(_("timetable: out of memory"));
            code = EXIT_ERR;
            goto done;
        }
        snprintf(path, n, "%s/timetable-%s.json", dir, c->clusters[i].id);
        int r = one(c, (int)i, &pol, county_path, path, first ? export_lp : NULL, (unsigned)seed,
                    save, quiet, verbose, NULL, &pr);
        free(path);
        first = 0;
        if (r != EXIT_OK) {
            failed++;
            if (code == EXIT_OK)
                code = r;
        }
    }
    if (failed)
        cli_error(ngettext("timetable: %d cluster failed", "timetable: %d clusters failed",
                           (unsigned long)(failed)),
                  failed);
done:
    rotas_timetable_free(previous);
    rotas_county_free(c);
    return code;
}
