/*
 * simulate.c - the multi-year simulation. Each year Y, on a private copy of the county:
 *
 *   1. start of year: exchanges that ended (exchange_until < Y) end: the teacher stays (or goes
 *      back to the original school with return_after_exchange); teachers at the legal age
 *      (birth_year + retirement age <= Y) retire; new teachers are hired (the fixed plan for Y
 *      if given, else the rule below);
 *   2. the share of leaders past the post-tenure line is taken (before the plan);
 *   3. the year is planned (opt->planner) and applied: school = to, school_since = Y,
 *      leaders' post_since = Y, exchange_until = until. Tenure grows by itself as Y grows.
 *      A year the planner cannot plan is recorded as failed (its message kept) and nobody
 *      moves; the next year starts from the county as it stands.
 *
 * Hiring rule: shortages are (subject, pool) pairs with unfilled weekly periods, the true
 * shortage of rotas/shortage.h (the classes' demand left after the best use of every
 * teacher's capacity over its subjects); shortage subjects (itinerant) pool over a cluster,
 * where the hire goes to the school with the most unfilled periods, others are per school;
 * a fixed hire to a cluster goes to that school too. The largest shortages get one new
 * teacher each, as many as teachers left this year; a school over its staff_quota gets at
 * most one hire per five of its own departures (退5进1). New hires: aged 22-25, bachelor, not
 * key, school_since = Y, ids "H<Y>-<n>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/shortage.h"
#include "rotas/simulate.h"
#include "rotas/whatif.h"

typedef struct sim {
    rotas_county *c;
    int *home; /* original school during an exchange, -1 otherwise; parallel to teachers */
    unsigned long long rng;
} sim;

static unsigned rnd(sim *s, unsigned n)
{
    s->rng = s->rng * 6364136223846793005ull + 1442695040888963407ull;
    return n ? (unsigned)((s->rng >> 33) % n) : 0;
}

void rotas_simulation_free(rotas_simulation *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_years; i++)
        free(s->years[i].unfilled_subject);
    free(s->years);
    for (size_t i = 0; i < s->n_subjects; i++)
        free(s->subject_ids[i]);
    free(s->subject_ids);
    free(s);
}

void rotas_sim_hires_clear(rotas_sim_hires *h)
{
    if (!h)
        return;
    free(h->items);
    h->items = NULL;
    h->n = 0;
}

static void teacher_free_fields(rotas_teacher *t)
{
    free(t->id);
    free(t->name);
    free(t->subjects);
    free(t->title);
    free(t->degree);
    free(t->exempt);
    free(t->preferences);
    free(t->extra);
}

/* Retire teachers at the legal age; departures per school are counted into left[]. */
static int retire(sim *s, const rotas_policy *p, int year, int *left)
{
    rotas_county *c = s->c;
    size_t w = 0;
    int n = 0;
    for (size_t t = 0; t < c->n_teachers; t++) {
        rotas_teacher *te = &c->teachers[t];
        int age = te->gender == 'M' ? p->retirement_age_men : p->retirement_age_women;
        if (te->birth_year > 0 && te->birth_year + age <= year) {
            if (te->school >= 0)
                left[te->school]++;
            teacher_free_fields(te);
            n++;
            continue;
        }
        s->home[w] = s->home[t];
        c->teachers[w++] = *te;
    }
    c->n_teachers = w;
    return n;
}

static int end_exchanges(sim *s, int year, int go_back)
{
    int n = 0;
    for (size_t t = 0; t < s->c->n_teachers; t++) {
        rotas_teacher *te = &s->c->teachers[t];
        if (te->exchange_until == 0 || te->exchange_until >= year)
            continue;
        te->exchange_until = 0;
        if (go_back && s->home[t] >= 0 && s->home[t] != te->school) {
            te->school = s->home[t];
            te->school_since = year;
            n++;
        }
        s->home[t] = -1;
    }
    return n;
}

static rotas_rc hire_one(sim *s, int year, int school, int sub, int *serial)
{
    rotas_county *c = s->c;
    rotas_teacher *nt = realloc(c->teachers, (c->n_teachers + 1) * sizeof *nt);
    if (!nt)
        return ROTAS_ENOMEM;
    c->teachers = nt;
    int *nh = realloc(s->home, (c->n_teachers + 1) * sizeof *nh);
    if (!nh)
        return ROTAS_ENOMEM;
    s->home = nh;
    char id[48];
    do
        snprintf(id, sizeof id, "H%d-%03d", year, ++*serial);
    while (rotas_county_teacher(c, id) >= 0);
    rotas_teacher *t = &c->teachers[c->n_teachers];
    memset(t, 0, sizeof *t);
    s->home[c->n_teachers] = -1;
    t->id = rotas_strdup(id);
    t->name = rotas_strdup(id);
    t->subjects = malloc(sizeof *t->subjects);
    t->degree = rotas_strdup("bachelor");
    c->n_teachers++;
    if (!t->id || !t->name || !t->subjects || !t->degree)
        return ROTAS_ENOMEM;
    t->subjects[0] = sub;
    t->n_subjects = 1;
    t->gender = rnd(s, 2) ? 'M' : 'F';
    t->birth_year = year - 22 - (int)rnd(s, 4);
    t->school = school;
    t->role = ROTAS_ROLE_TEACHER;
    t->school_since = year;
    t->post_since = year;
    t->key = ROTAS_KEY_NONE;
    t->degree_level = ROTAS_DEGREE_BACHELOR;
    return ROTAS_OK;
}

typedef struct shortage {
    int school; /* where the hire goes */
    int subject;
    double periods;
    unsigned tie;
} shortage;

static int cmp_shortage(const void *a, const void *b)
{
    const shortage *x = a, *y = b;
    if (x->periods != y->periods)
        return x->periods < y->periods ? 1 : -1;
    return (x->tie > y->tie) - (x->tie < y->tie);
}

static int staff_of(const rotas_county *c, int school)
{
    int n = 0;
    for (size_t t = 0; t < c->n_teachers; t++)
        n += c->teachers[t].school == school;
    return n;
}

/* The hiring rule. */
static rotas_rc hire_rule(sim *s, const rotas_policy *p, int year, const int *left, int departed,
                          int *hired, rotas_error *err)
{
    rotas_county *c = s->c;
    size_t ns = c->n_schools, nsub = c->n_subjects;
    shortage *sh = calloc(ns * nsub + 1, sizeof *sh);
    double *unf = calloc(ns * nsub + 1, sizeof *unf);
    int *quota_hires = calloc(ns + 1, sizeof *quota_hires);
    size_t n = 0;
    rotas_rc rc = ROTAS_OK;
    int serial = 0;
    if (!sh || !unf || !quota_hires) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    if ((rc = rotas_shortage_compute(unf, NULL, c, p, NULL, err)) != ROTAS_OK)
        goto done;
    for (size_t b = 0; b < nsub; b++) {
        if (c->subjects[b].shortage) {
            /* pooled over a cluster; the hire goes to its school with the most unfilled */
            for (size_t k = 0; k < c->n_clusters; k++) {
                double total = 0;
                int best = -1;
                for (size_t a = 0; a < ns; a++) {
                    if (c->schools[a].cluster != (int)k)
                        continue;
                    total += unf[a * nsub + b];
                    if (best < 0 || unf[a * nsub + b] > unf[(size_t)best * nsub + b])
                        best = (int)a;
                }
                if (best >= 0 && total > 0)
                    sh[n++] = (shortage){best, (int)b, total, rnd(s, 1u << 30)};
            }
            for (size_t a = 0; a < ns; a++)
                if (c->schools[a].cluster < 0 && unf[a * nsub + b] > 0)
                    sh[n++] = (shortage){(int)a, (int)b, unf[a * nsub + b], rnd(s, 1u << 30)};
        } else {
            for (size_t a = 0; a < ns; a++)
                if (unf[a * nsub + b] > 0)
                    sh[n++] = (shortage){(int)a, (int)b, unf[a * nsub + b], rnd(s, 1u << 30)};
        }
    }
    qsort(sh, n, sizeof *sh, cmp_shortage);
    for (size_t i = 0; i < n && *hired < departed; i++) {
        int a = sh[i].school;
        if (staff_of(c, a) >= c->schools[a].staff_quota && c->schools[a].staff_quota > 0) {
            /* over (or at) quota: one hire per five departures (退5进1) */
            if (quota_hires[a] + 1 > left[a] / 5)
                continue;
        }
        quota_hires[a]++;
        if ((rc = hire_one(s, year, a, sh[i].subject, &serial)) != ROTAS_OK) {
            rotas_error_set(err, rc, _("out of memory"));
            goto done;
        }
        (*hired)++;
    }
done:
    free(sh);
    free(unf);
    free(quota_hires);
    return rc;
}

/* The hires listed for the year. A hire to a cluster goes to the cluster's school with the
   most unfilled periods of the subject (as the county stands before the item), counted down
   by each hire's periods, so that the item's hires spread as in a what-if hire. */
static rotas_rc hire_fixed(sim *s, const rotas_policy *p, const rotas_sim_hires *h, int year,
                           int *hired, rotas_error *err)
{
    int serial = 0;
    rotas_county *c = s->c;
    size_t nsub = c->n_subjects;
    double *unf = NULL;
    rotas_rc rc = ROTAS_OK;
    for (size_t i = 0; i < h->n; i++) {
        const rotas_sim_hire *x = &h->items[i];
        if (x->year != year)
            continue;
        if (x->school < 0) {
            free(unf);
            if (!(unf = calloc(c->n_schools * nsub + 1, sizeof *unf))) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
                goto done;
            }
            if ((rc = rotas_shortage_compute(unf, NULL, c, p, NULL, err)) != ROTAS_OK)
                goto done;
        }
        for (int k = 0; k < x->count; k++) {
            int to = x->school;
            size_t j = (size_t)x->subject;
            if (to < 0) {
                for (size_t a = 0; a < c->n_schools; a++)
                    if (c->schools[a].cluster == x->cluster &&
                        (to < 0 || unf[a * nsub + j] > unf[(size_t)to * nsub + j]))
                        to = (int)a;
                if (to >= 0)
                    unf[(size_t)to * nsub + j] -= p->default_max_periods;
            }
            if (to < 0)
                break;
            rc = hire_one(s, year, to, x->subject, &serial);
            if (rc == ROTAS_OK)
                rc = rotas_county_finalize(c, err);
            if (rc != ROTAS_OK) {
                rotas_error_set(err, rc, _("out of memory"));
                goto done;
            }
            (*hired)++;
        }
    }
done:
    free(unf);
    return rc;
}

static int year_listed(const rotas_sim_hires *h, int year)
{
    for (size_t i = 0; h && i < h->n; i++)
        if (h->items[i].year == year)
            return 1;
    return 0;
}

static double leaders_past(const rotas_county *c, const rotas_policy *p, int year)
{
    int n = 0, past = 0;
    for (size_t t = 0; t < c->n_teachers; t++) {
        const rotas_teacher *te = &c->teachers[t];
        if (te->role == ROTAS_ROLE_TEACHER)
            continue;
        n++;
        past += year - te->post_since >= p->leader_tenure_years;
    }
    return n ? (double)past / n : 0.0;
}

static void apply_plan(sim *s, const rotas_plan *plan, int year)
{
    for (size_t i = 0; i < plan->n_moves; i++) {
        const rotas_move *m = &plan->moves[i];
        if (m->teacher < 0 || (size_t)m->teacher >= s->c->n_teachers)
            continue;
        rotas_teacher *te = &s->c->teachers[m->teacher];
        if (s->home[m->teacher] < 0)
            s->home[m->teacher] = te->school;
        te->school = m->to;
        te->school_since = year;
        if (te->role != ROTAS_ROLE_TEACHER)
            te->post_since = year;
        te->exchange_until = m->until;
    }
}

rotas_rc rotas_simulate(rotas_simulation **out, const rotas_county *c0, const rotas_policy *p,
                        const rotas_sim_options *opt, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_simulation *res = NULL;
    sim s = {0};
    int *left = NULL;
    rotas_plan *plan = NULL;
    *out = NULL;
    if (!opt->planner || opt->years < 1)
        return rotas_error_set(err, ROTAS_EINPUT, _("simulate: expected years >= 1 and a planner"));
    if ((rc = rotas_county_clone(&s.c, c0, err)) != ROTAS_OK)
        return rc;
    rotas_county *c = s.c;
    s.rng = 0x9E3779B97F4A7C15ull ^ (unsigned long long)opt->seed;
    s.home = malloc((c->n_teachers + 1) * sizeof *s.home);
    left = calloc(c->n_schools + 1, sizeof *left);
    res = calloc(1, sizeof *res);
    if (!s.home || !left || !res)
        goto oom;
    for (size_t t = 0; t < c->n_teachers; t++)
        s.home[t] = -1;
    res->years = calloc((size_t)opt->years, sizeof *res->years);
    res->subject_ids = calloc(c->n_subjects + 1, sizeof *res->subject_ids);
    if (!res->years || !res->subject_ids)
        goto oom;
    for (size_t b = 0; b < c->n_subjects; b++, res->n_subjects++)
        if (!(res->subject_ids[b] = rotas_strdup(c->subjects[b].id)))
            goto oom;
    res->first_year = c->year + 1;
    res->seed = opt->seed;
    res->return_after_exchange = opt->return_after_exchange;

    for (int yi = 0; yi < opt->years; yi++) {
        int year = res->first_year + yi;
        rotas_sim_year *y = &res->years[res->n_years];
        memset(y, 0, sizeof *y);
        y->year = year;
        if (!(y->unfilled_subject = calloc(c->n_subjects + 1, sizeof *y->unfilled_subject)))
            goto oom;
        res->n_years++;
        /* 1. start of year */
        memset(left, 0, (c->n_schools + 1) * sizeof *left);
        y->returns = end_exchanges(&s, year, opt->return_after_exchange);
        y->retirements = retire(&s, p, year, left);
        if ((rc = rotas_county_finalize(c, err)) != ROTAS_OK)
            goto done;
        if (year_listed(opt->hires, year))
            rc = hire_fixed(&s, p, opt->hires, year, &y->hires, err);
        else
            rc = hire_rule(&s, p, year, left, y->retirements, &y->hires, err);
        if (rc != ROTAS_OK)
            goto done;
        c->year = year - 1;
        if ((rc = rotas_county_finalize(c, err)) != ROTAS_OK)
            goto done;
        y->teachers = (int)c->n_teachers;
        /* 2. before the plan */
        y->leaders_past_line = leaders_past(c, p, year);
        /* 3. plan and apply */
        rotas_plan_options po = {0};
        po.year = year;
        rotas_error pe = {0};
        rotas_rc prc = opt->planner(&plan, c, p, &po, &pe);
        if (prc == ROTAS_ENOMEM) {
            rc = rotas_error_set(err, prc, _("year %d: %s"), year, pe.msg);
            goto done;
        }
        if (prc != ROTAS_OK || !plan) {
            /* the year goes on without moves: the county only ages */
            y->failed = 1;
            snprintf(y->error, sizeof y->error, "%s",
                     pe.msg[0] ? pe.msg : "the planner returned no plan");
            y->status = ROTAS_STATUS_INFEASIBLE;
            res->n_failed++;
            rotas_plan_free(plan);
            plan = NULL;
            if (opt->progress)
                opt->progress(opt->progress_ctx, year, yi + 1, opt->years);
            if (opt->on_year)
                opt->on_year(opt->progress_ctx, y, yi + 1, opt->years);
            continue;
        }
        y->moves = (int)plan->n_moves;
        for (size_t i = 0; i < plan->n_moves; i++) {
            int t = plan->moves[i].teacher;
            if (t >= 0 && (size_t)t < c->n_teachers && c->teachers[t].key >= ROTAS_KEY_COUNTY)
                y->key_moved++;
        }
        y->km = plan->km_total;
        y->unfilled_before = plan->unfilled_before;
        y->unfilled_after = plan->unfilled_after;
        for (size_t i = 0; i < plan->n_unfilled; i++) {
            const rotas_unfilled *u = &plan->unfilled[i];
            if (u->school >= 0 && (size_t)u->school < c->n_schools)
                y->unfilled_area[c->schools[u->school].area] += u->periods;
            if (u->subject >= 0 && (size_t)u->subject < c->n_subjects)
                y->unfilled_subject[u->subject] += u->periods;
        }
        y->after = plan->after;
        y->status = plan->status;
        y->gap = plan->gap;
        y->seconds = plan->seconds;
        apply_plan(&s, plan, year);
        rotas_plan_free(plan);
        plan = NULL;
        if (opt->progress)
            opt->progress(opt->progress_ctx, year, yi + 1, opt->years);
        if (opt->on_year)
            opt->on_year(opt->progress_ctx, y, yi + 1, opt->years);
    }
    goto done;
oom:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
done:
    rotas_plan_free(plan);
    rotas_county_free(s.c);
    free(s.home);
    free(left);
    if (rc != ROTAS_OK) {
        rotas_simulation_free(res);
        res = NULL;
    }
    *out = res;
    return rc;
}
