/* cmd_plan.c - rotas plan (make next year's rotation list) and rotas approve (apply one). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "rotas/progress.h"
#include "rotas/check.h"
#include "rotas/json.h"
#include "rotas/plan.h"
#include "rotas/render.h"
#include "rotas/store.h"
#include "rotas/store_plans.h"

int cmd_plan(int argc, char **argv);
int cmd_approve(int argc, char **argv);

static const cli_help help = {
    "plan",
    /* xgettext:no-c-format */
    N_("usage: rotas plan COUNTY [--year Y] [--policy POLICY.json] [-o PLAN.json]\n"
       "                  [--time-limit S] [--export-lp F | --export-mps F] [--save] [-q] [-v]\n"
       "                  [--decisions D.json] [--from PREVIOUS.json] [--explain TEACHER]\n"
       "\n"
       "Make next year's rotation list (交流轮岗): who must move (principals and\n"
       "vice-principals past the post-tenure line), who may (teachers past the school-tenure\n"
       "line), and where to, as an integer program solved with GLPK. The plan fills the\n"
       "periods short in rural and hardship schools first (shortage subjects are pooled per\n"
       "cluster, served by itinerant teachers), then evens out key teachers between schools,\n"
       "then keeps moves few, short, wished for and inside education groups, under the rules\n"
       "of the policy: 10% of the eligible rotate, key teachers at least 20% of them,\n"
       "leader posts kept, staff quotas and the yearly out-share respected. When the rules\n"
       "cannot all hold, the plan says which gave and by how much (status \"feasible\").\n"
       "\n"
       "Every plan is verified by the independent checker (rotas check) before it is\n"
       "written; a plan the checker rejects is not written.\n"
       "\n"
       "COUNTY is a county database (.db) or a rotas-county/1 JSON file.\n"
       "\n"),
    N_("examples:\n"
       "  rotas plan county.db --year 2027 -o plan-2027.json\n"
       "  rotas plan county.json --policy strict.json --time-limit 20 --export-lp m.lp\n"
       "  rotas plan county.db --save -o /dev/null && rotas approve county.db 3\n"
       "  rotas plan county.json --decisions bureau.json --from plan-2027.json \\\n"
       "             --explain T0042 -o plan-2027b.json\n"
       "\n"
       "With the policy's secondment_count > 0 the plan also names that many county-town\n"
       "middle leaders as teaching vice-principals for a year at township schools.\n"
       "\n"
       "exit status: 0 a plan was written, 1 error (or the checker rejected the plan),\n"
       "2 bad input or usage, 3 the data admit no plan.\n")};

static const cli_help approve_help = {
    "approve",
    N_("usage: rotas approve COUNTY.db PLAN_ID [-q]\n"
       "\n"
       "Apply a plan saved with 'rotas plan --save': each moved teacher's school becomes\n"
       "the destination, school_since the plan year (post_since too for principals and\n"
       "vice-principals) and exchange_until the end of the exchange. The county is saved\n"
       "in one transaction, so the next year's tenure counts from the approved moves, and\n"
       "the county's year becomes the plan's (a plain 'rotas plan' then plans the year\n"
       "after). A plan is approved once and only against the county it was made from:\n"
       "after an import or another approval it is refused ('rotas plans' shows which are\n"
       "ready). The checker verifies the plan against the county again before anything\n"
       "is written. 'rotas revert COUNTY.db PLAN_ID' undoes the last approval exactly.\n"
       "\n"),
    N_("example:\n"
       "  rotas plan county.db --year 2027 --save -o plan-2027.json   # prints: plan id 4\n"
       "  rotas approve county.db 4\n"
       "\n"
       "exit status: 0 applied, 1 error or refused, 2 bad input or usage.\n")};

static void print_progress(void *ctx, const char *phase, double elapsed, double best, double bound)
{
    (void)ctx;
    if (isnan(best))
        fprintf(stderr, _("rotas: plan: %s, %.1f s\n"), *phase ? _(phase) : "", elapsed);
    else
        fprintf(stderr, _("rotas: plan: %s, %.1f s, best %.1f, bound %.1f\n"),
                *phase ? _(phase) : "", elapsed, best, bound);
}

static int parse_int(const char *s, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!s[0] || *end || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

static void print_summary(const rotas_plan *plan, const rotas_county *c)
{
    if (cli_lang_zh) { /* the clerk's words: how it went, not the solver's figures */
        char st[160];
        fprintf(stderr, _("plan %d: %s, %.0f s\n"), plan->year,
                rotas_render_plain_status(st, sizeof st, plan, ROTAS_LANG_ZH), plan->seconds);
    } else
        fprintf(stderr, "plan %d: %s, objective %.2f, bound %.2f, gap %.4f%%, %.2f s\n", plan->year,
                rotas_status_name(plan->status), plan->objective, plan->bound, 100.0 * plan->gap,
                plan->seconds);
    fprintf(stderr, _("teachers: %d eligible, %d must move, %d frozen\n"), plan->n_eligible,
            plan->n_must, plan->n_frozen);
    fprintf(stderr, _("moves: %zu (%d key teachers), %.1f km in all\n"), plan->n_moves,
            plan->n_key_moved, plan->km_total);
    fprintf(stderr, _("unfilled periods a week: %.1f -> %.1f\n"), plan->unfilled_before,
            plan->unfilled_after);
    /* by shortage subject: after the plan, summed over schools */
    for (size_t j = 0; j < c->n_subjects; j++) {
        if (!c->subjects[j].shortage)
            continue;
        double after = 0.0;
        for (size_t k = 0; k < plan->n_unfilled; k++)
            if (plan->unfilled[k].subject == (int)j)
                after += plan->unfilled[k].periods;
        fputs("  ", stderr); /* names lined up by the columns they take (Chinese ones too) */
        cli_fpad(stderr,
                 cli_lang_zh && c->subjects[j].name ? c->subjects[j].name : c->subjects[j].id, -12);
        fprintf(stderr, _(" %.1f unfilled after\n"), after);
    }
    for (size_t k = 0; k < plan->n_relaxed; k++)
        fprintf(stderr, _("relaxed: %s by %g: %s\n"), plan->relaxed[k].rule,
                plan->relaxed[k].amount, plan->relaxed[k].detail);
    if (c->n_decisions > 0) {
        size_t nk[ROTAS_DECISION_COUNT] = {0};
        for (size_t i = 0; i < c->n_decisions; i++)
            if ((int)c->decisions[i].kind >= 0 && c->decisions[i].kind < ROTAS_DECISION_COUNT)
                nk[c->decisions[i].kind]++;
        fprintf(stderr,
                _("decisions carried out: %zu (%zu move, %zu stay, %zu receive_key, %zu "
                  "together)\n"),
                c->n_decisions, nk[ROTAS_DECISION_MOVE], nk[ROTAS_DECISION_STAY],
                nk[ROTAS_DECISION_RECEIVE_KEY], nk[ROTAS_DECISION_TOGETHER]);
        for (size_t i = 0; i < c->n_decisions; i++) {
            const rotas_decision *d = &c->decisions[i];
            if (d->kind != ROTAS_DECISION_MOVE)
                continue;
            fprintf(stderr, _("  %s -> %s by decision%s%s\n"), c->teachers[d->teacher].id,
                    c->schools[d->school].id, d->reason ? ": " : "", d->reason ? d->reason : "");
        }
    }
    for (size_t k = 0; k < plan->n_secondments; k++) {
        const rotas_secondment *x = &plan->secondments[k];
        fprintf(stderr, _("secondment: %s %s -> %s (%.1f km, %d)\n"), c->teachers[x->teacher].id,
                c->schools[x->from].id, c->schools[x->to].id, x->km, x->until);
    }
    if (plan->n_changed >= 0)
        fprintf(stderr,
                ngettext("re-plan: %d change from the previous plan\n",
                         "re-plan: %d changes from the previous plan\n",
                         (unsigned long)(plan->n_changed)),
                plan->n_changed);
    if (plan->n_estimated_pairs)
        fprintf(stderr, _("note: %zu school pairs had no travel entry; distances estimated\n"),
                plan->n_estimated_pairs);
}

int cmd_plan(int argc, char **argv)
{
    const char *policy_path = NULL, *out_path = "-", *dec_path = NULL, *from_path = NULL,
               *explain_id = NULL;
    rotas_plan *previous = NULL;
    char *explain = NULL;
    rotas_plan_options opt = {0};
    opt.started = rotas_plan_clock(); /* the time limit covers reading the county too */
    int quiet = cli_quiet, verbose = cli_verbose, save = 0, code = EXIT_OK;
    double tl = -1;
    int year = 0;
    rotas_county *c = NULL;
    rotas_plan *plan = NULL;
    rotas_store *st = NULL;
    rotas_diags v = {0};
    rotas_error err = {0};
    char *json = NULL;
    rotas_rc rc = ROTAS_OK;

    const char *progress_mode = "auto";
    const cli_opt opts[] = {
        {.kind = CLI_OPT_INT,
         .long_name = "year",
         .value_name = "Y",
         .help = N_("plan year (default: the county's year + 1)"),
         .out = &year,
         .lo = 1900,
         .hi = 9999,
         .expected = N_("a year")},
        CLI_STRING(0, "policy", "FILE", N_("rotas-policy/1 file over the national defaults"),
                   &policy_path),
        CLI_STRING('o', "output", "FILE",
                   N_("write the plan (rotas-plan/1) here ('-' = stdout, the default)"), &out_path),
        CLI_SECONDS("time-limit",
                    N_("wall-clock seconds for the whole run, from reading the county to\n"
                       "writing the plan (default: the policy's, 60); the best plan\n"
                       "found by then is written, with its bound and gap"),
                    &tl, 1e9),
        CLI_STRING(0, "export-lp", "F", N_("also write the exact model solved in CPLEX LP format"),
                   &opt.export_lp),
        CLI_STRING(0, "export-mps", "F", N_("... or in free MPS format"), &opt.export_mps),
        CLI_STRING(0, "decisions", "FILE",
                   N_("the bureau's decisions (rotas-decisions/1): move a teacher to a\n"
                      "school, keep one (stay), a school receives a key teacher of a\n"
                      "subject, two teachers move together; they are hard rules"),
                   &dec_path),
        CLI_STRING(0, "from", "FILE",
                   N_("re-plan: keep as many moves of this earlier plan as the rules\n"
                      "allow (policy w_keep per change); the summary counts changes"),
                   &from_path),
        CLI_STRING(0, "explain", "TEACHER",
                   N_("on stderr: why TEACHER (an id) moves or stays, with the\n"
                      "destinations considered and their cost terms"),
                   &explain_id),
        CLI_FLAG(0, "save",
                 N_("store the plan in the database (COUNTY must be .db); prints\n"
                    "its id, for 'rotas approve'"),
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
        cli_error(_("plan: expected one COUNTY (try 'rotas plan --help')"));
        return EXIT_INPUT;
    }
    if (opt.export_lp && opt.export_mps) {
        cli_error(_("plan: give --export-lp or --export-mps, not both"));
        return EXIT_INPUT;
    }
    const char *county_path = argv[optind];
    if (save && !cli_has_suffix(county_path, ".db")) {
        cli_error(_("plan: --save needs a county database (.db), found \"%s\""), county_path);
        return EXIT_INPUT;
    }
    {
        const char *ins[] = {county_path, policy_path, dec_path, from_path};
        const char *outs[] = {out_path, opt.export_lp, opt.export_mps};
        if ((code = cli_refuse_same(ins, 4, outs, 3)) != 0)
            return code;
    }
    rotas_policy pol;
    if ((code = cli_load_policy(&pol, policy_path)) != EXIT_OK)
        return code;
    if (tl > 0)
        pol.time_limit_seconds = tl;
    c = cli_load_county(county_path, &code);
    if (!c)
        goto done;
    /* a saved plan remembers the county it was made from (before --decisions change it) */
    char county_hash[17] = "";
    if (save && (rc = rotas_county_fingerprint(county_hash, c, &err))) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (dec_path) {
        rotas_diags dd = {0};
        rotas_rc drc = rotas_decisions_read_json(c, dec_path, &dd, &err);
        if (drc) {
            if (rotas_diags_count(&dd) > 0)
                code = cli_report_diags(dec_path, &dd);
            else {
                cli_error("%s", err.msg);
                code = cli_exit_code(drc);
            }
            rotas_diags_clear(&dd);
            goto done;
        }
        rotas_diags_clear(&dd);
    }
    if (from_path) {
        rotas_diags dd = {0};
        rotas_rc drc = rotas_plan_read_json(&previous, c, from_path, &dd, &err);
        if (drc) {
            if (rotas_diags_count(&dd) > 0)
                code = cli_report_diags(from_path, &dd);
            else {
                cli_error("%s", err.msg);
                code = cli_exit_code(drc);
            }
            rotas_diags_clear(&dd);
            goto done;
        }
        rotas_diags_clear(&dd);
        opt.previous = previous;
        if (!year)
            year = previous->year;
    }
    int explain_t = -1;
    if (explain_id && (explain_t = rotas_county_teacher(c, explain_id)) < 0) {
        cli_error(_("plan: --explain: no teacher \"%s\" in %s"), explain_id, county_path);
        code = EXIT_INPUT;
        goto done;
    }
    opt.year = year;
    {
        /* a plan is for a year the county's data have reached: no teacher arrives later */
        int y = year ? year : (c->year ? c->year + 1 : 0);
        size_t last = 0;
        for (size_t t = 1; t < c->n_teachers; t++)
            if (c->teachers[t].school_since > c->teachers[last].school_since)
                last = t;
        if (y && c->n_teachers && c->teachers[last].school_since > y) {
            cli_error(_("plan: year %d is before teacher %s's school_since %d (teachers[%zu]); "
                        "give a --year of %d or later"),
                      y, c->teachers[last].id, c->teachers[last].school_since, last,
                      c->teachers[last].school_since);
            code = EXIT_INPUT;
            goto done;
        }
    }
    opt.verbose = verbose;
    rotas_progress pr;
    int pmode = rotas_progress_parse(progress_mode);
    if (pmode == -2) {
        cli_error(_("plan: --progress: expected auto, tty, json or none, found \"%s\""),
                  progress_mode);
        code = EXIT_INPUT;
        goto done;
    }
    rotas_progress_init(
        &pr, stderr, pmode >= 0 ? (rotas_progress_mode)pmode : rotas_progress_auto(stderr, quiet));
    if (verbose) {
        opt.progress = print_progress;
        opt.progress_ctx = NULL;
    } else {
        opt.progress = rotas_progress_report;
        opt.progress_ctx = &pr;
    }
    rc = rotas_plan_make(&plan, c, &pol, &opt, &err);
    rotas_progress_end(&pr);
    if (rc != ROTAS_OK) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    plan->source = rotas_strdup(county_path);
    size_t nv = rotas_check_plan(c, &pol, plan, &v);
    if (previous)
        nv += rotas_check_plan_replan(c, plan, previous, &v);
    if (nv > 0) {
        for (size_t i = 0; i < v.n_items; i++)
            cli_error(_("plan: checker: %s"), v.items[i]);
        cli_error(ngettext("plan: the checker rejected the plan (%zu violation); nothing written",
                           "plan: the checker rejected the plan (%zu violations); nothing written",
                           (unsigned long)(nv)),
                  nv);
        code = EXIT_ERR;
        goto done;
    }
    if (save) {
        json = rotas_plan_dump_json(plan, c);
        long long id = 0;
        char label[64];
        snprintf(label, sizeof label, "plan %d", plan->year);
        if (!json) {
            cli_error(_("plan: out of memory"));
            code = EXIT_ERR;
            goto done;
        }
        if ((rc = rotas_store_open_mode(&st, county_path, ROTAS_STORE_WRITE, &err)) ||
            (rc = rotas_store_save_plan(st, label, json, county_hash, &id, &err))) {
            cli_error("%s", err.msg);
            code = cli_exit_code(rc);
            goto done;
        }
        fprintf(stderr, _("plan id %lld\n"), id);
    }
    if ((rc = rotas_plan_write_json(plan, c, out_path, &err))) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (!quiet)
        print_summary(plan, c);
    if (explain_t >= 0) {
        /* first the outcome in plain words; the costs behind it in English, in Chinese only
           with -v (they are the model's weights, for the analyst) */
        char *plain = rotas_render_teacher_outcome(plan, c, explain_t,
                                                   cli_lang_zh ? ROTAS_LANG_ZH : ROTAS_LANG_EN);
        if (plain)
            fputs(plain, stderr);
        free(plain);
        if (!cli_lang_zh || verbose) {
            if ((rc = rotas_plan_explain(&explain, c, &pol, &opt, plan, explain_t, &err))) {
                cli_error("%s", err.msg);
                code = cli_exit_code(rc);
                goto done;
            }
            fputs(explain, stderr);
        }
    }
    code = EXIT_OK;
done:
    free(explain);
    rotas_plan_free(previous);
    free(json);
    rotas_store_close(st);
    rotas_diags_clear(&v);
    rotas_plan_free(plan);
    rotas_county_free(c);
    return code;
}

int cmd_approve(int argc, char **argv)
{
    int quiet = cli_quiet, code = EXIT_OK;
    rotas_store *st = NULL;
    rotas_county *c = NULL;
    rotas_plan *plan = NULL;
    rotas_error err = {0};
    rotas_diags d = {0}, v = {0};
    char *kind = NULL, *json = NULL, *before = NULL;
    char tmp[] = "/tmp/rotas-approve-XXXXXX";
    int tmp_made = 0;
    long long id = 0;

    const cli_opt opts[] = {CLI_QUIET(&quiet), CLI_HELP, CLI_OPTS_END};
    int opts_rc = cli_opts_parse(&approve_help, opts, argc, argv);
    if (opts_rc != CLI_OPTS_GO)
        return opts_rc;
    if (argc - optind != 2) {
        cli_error(_("approve: expected COUNTY.db and PLAN_ID (try 'rotas approve --help')"));
        return EXIT_INPUT;
    }
    const char *db = argv[optind];
    if (!cli_has_suffix(db, ".db")) {
        cli_error(_("approve: expected a county database (.db), found \"%s\""), db);
        return EXIT_INPUT;
    }
    if (parse_int(argv[optind + 1], &id) || id <= 0) {
        cli_error(_("approve: PLAN_ID: expected a positive number, found \"%s\""),
                  argv[optind + 1]);
        return EXIT_INPUT;
    }
    if (access(db, F_OK) != 0) {
        cli_error(_("approve: %s: no such database"), db);
        return EXIT_INPUT;
    }
    rotas_rc rc = rotas_store_open_mode(&st, db, ROTAS_STORE_WRITE, &err);
    if (!rc)
        rc = rotas_store_load_county(&c, st, &err);
    if (!rc)
        rc = rotas_store_load_result(st, id, &kind, &json, &err);
    if (rc) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if ((code = cli_validate_stored(db, c)) != EXIT_OK)
        goto done;
    if (strcmp(kind, "plan") != 0) {
        cli_error(_("approve: result %lld is a %s, not a plan"), id, kind);
        code = EXIT_INPUT;
        goto done;
    }
    /* approved at most once, and only against the county the plan was made from */
    char hash[17], approved_on[32];
    int has_hash = 0, why = 0;
    if ((rc = rotas_county_fingerprint(hash, c, &err)) ||
        (rc = rotas_store_plan_approvable(st, id, hash, &why, approved_on, &has_hash, &err))) {
        cli_error("%s", err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (why == ROTAS_ALREADY_APPROVED) {
        cli_error(_("approve: plan %lld is already approved (on %s); a plan is approved once "
                    "('rotas revert' undoes the last approval)"),
                  id, approved_on);
        code = EXIT_ERR;
        goto done;
    }
    if (why == ROTAS_OTHER_COUNTY) {
        cli_error(_("approve: plan %lld was made from another state of the county (it was "
                    "imported or a plan was approved since); make a new plan"),
                  id);
        code = EXIT_ERR;
        goto done;
    }
    /* the plan reader reads files: hand it the stored document through a private temp file */
    int fd = mkstemp(tmp);
    if (fd < 0) {
        cli_error(_("approve: cannot make a temporary file"));
        code = EXIT_ERR;
        goto done;
    }
    tmp_made = 1;
    FILE *f = fdopen(fd, "w");
    if (!f || fputs(json, f) < 0 || fclose(f) != 0) {
        if (!f)
            close(fd);
        cli_error(_("approve: cannot write a temporary file"));
        code = EXIT_ERR;
        goto done;
    }
    rc = rotas_plan_read_json(&plan, c, tmp, &d, &err);
    if (rc) {
        code = cli_report_failure("approve: stored plan", &d, &err, rc);
        goto done;
    }
    /* approved already, or stale: every moved teacher must still be where the plan found it */
    size_t applied = 0, stale = 0;
    for (size_t k = 0; k < plan->n_moves; k++) {
        const rotas_move *mv = &plan->moves[k];
        const rotas_teacher *t = &c->teachers[mv->teacher];
        if (t->school == mv->to && t->school_since == plan->year)
            applied++;
        else if (t->school != mv->from)
            stale++;
    }
    if (plan->n_moves > 0 && applied == plan->n_moves) {
        cli_error(_("approve: plan %lld is already approved (its %zu moves are in the county)"), id,
                  plan->n_moves);
        code = EXIT_ERR;
        goto done;
    }
    if (applied || stale) {
        cli_error(_("approve: plan %lld no longer fits the county: %zu of its %zu teachers are not "
                    "at the school it moves them from; make a new plan"),
                  id, applied + stale, plan->n_moves);
        code = EXIT_ERR;
        goto done;
    }
    if (c->year && plan->year <= c->year) {
        cli_error(_("approve: plan %lld is for %d, but the county is already at %d (a plan for %d "
                    "was approved or the data are of that year); make a new plan"),
                  id, plan->year, c->year, c->year);
        code = EXIT_ERR;
        goto done;
    }
    size_t nv = rotas_check_plan(c, &plan->policy, plan, &v);
    if (nv > 0) {
        for (size_t i = 0; i < v.n_items; i++)
            cli_error(_("approve: checker: %s"), v.items[i]);
        cli_error(_("approve: the checker rejects plan %lld (violations: %zu); nothing changed"),
                  id, nv);
        code = EXIT_ERR;
        goto done;
    }
    /* the county before, recorded so that 'rotas revert' can give it back exactly */
    if (!(before = rotas_county_dump_json(c))) {
        cli_error(_("approve: out of memory"));
        code = EXIT_ERR;
        goto done;
    }
    for (size_t k = 0; k < plan->n_moves; k++) {
        const rotas_move *mv = &plan->moves[k];
        rotas_teacher *t = &c->teachers[mv->teacher];
        t->school = mv->to;
        t->school_since = plan->year;
        if (t->role == ROTAS_ROLE_PRINCIPAL || t->role == ROTAS_ROLE_VICE_PRINCIPAL)
            t->post_since = plan->year;
        t->exchange_until = mv->until;
    }
    c->year = plan->year; /* the county moves on: the next plan is for the year after */
    /* the county with the moves applied and the record of the approval, together */
    if ((rc = rotas_county_fingerprint(hash, c, &err)) ||
        (rc = rotas_store_approve_plan(st, id, plan->year, before, c, hash, &err))) {
        cli_error(_("approve: %s"), err.msg);
        code = cli_exit_code(rc);
        goto done;
    }
    if (!quiet)
        fprintf(stderr, _("approved plan %lld for %d: %zu teachers moved\n"), id, plan->year,
                plan->n_moves);
    code = EXIT_OK;
done:
    if (tmp_made)
        unlink(tmp);
    free(before);
    free(kind);
    free(json);
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
    rotas_plan_free(plan);
    rotas_county_free(c);
    rotas_store_close(st);
    return code;
}
