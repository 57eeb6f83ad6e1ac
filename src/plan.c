/*
 * plan.c - the yearly rotation planner (rotas plan).
 *
 * The model (models/rotation.mod is the same model in GNU MathProg):
 *
 * Year Y; tenure = Y - school_since, post tenure = Y - post_since.
 *  - frozen: exempt, exchange_until >= Y, or (exempt_years_before_retirement > 0) within that
 *    many years of the retirement age. Frozen teachers never move.
 *  - eligible: not frozen and tenure >= teacher_tenure_years, or a leader (principal or
 *    vice-principal) with post tenure >= leader_tenure_years ("must": such a leader moves).
 *  Only eligible teachers get move columns.
 *
 * Supply and demand of periods (exact). Demand of a school for a subject is the sum over its
 * classes of rotas_class_periods. A teacher gives its capacity (max_periods, or the policy's
 * default_max_periods) to any mix of its subjects: non-shortage subjects at its school after the
 * plan, shortage subjects anywhere in that school's cluster (itinerant teaching; a school without
 * a cluster is its own pool). The model carries this as a flow (see rows_supply): teacher types
 * (a place and a subject set) to demand nodes, unfilled(school, subject) priced w_unfilled x the
 * school's factor 1 + w_rural [rural] + w_hardship h. With the moves integer the flow part is a
 * transportation problem with integer data, so the unfilled periods of a plan are the maximum
 * flow's (the checker recomputes them) and integral; rounding rows (valid MIR cuts of each
 * node's capacity relaxation) tighten the LP. Every solution is completed (its flows recomputed
 * with the moves fixed, by an LP) and checked row by row before use.
 *
 * Balance: with K_s key teachers (county level or above) at school s, P_s its students and
 * k = 100 sum K / sum P the county's key teachers per 100 students (a constant: moves do not
 * change the total), school s is on target with T_s = k P_s / 100 key teachers. The model
 * pays w_balance per key teacher of |K_s - T_s| (the student-weighted linear deviation of the
 * per-100 figure, measured in teachers), over schools with students.
 *
 * Objective, minimised:
 *   w_unfilled sum_units weight(u) unfilled(u)         priority 1
 * + w_balance  sum_s |K_s - T_s|                       priority 2
 * + sum_moves (w_km km + w_move + preference penalty - w_group [same education group])
 * where the preference penalty is w_preference (rank - 1) for a preferred school and
 * w_preference (n_preferences + 1) for any other school when the teacher stated preferences
 * (0 when the teacher stated none). The default weights make the priorities real: one unfilled
 * period (1000 and more) outweighs any balance unit (20 a key teacher), which outweighs what a
 * move costs (10 + 0.2 per km + preferences).
 *
 * Hard rows: each teacher at most once (must leaders exactly once); posts (per school and
 * leader role: leaders in = leaders out, leaders only take leader posts of their role);
 * staffing (in - out <= max(staff, quota) - staff); out <= max(1, floor(max_out_share staff));
 * moved >= ceil(min_rotation_share eligible); key moved >= min_key_share x moved (or x eligible).
 * max_km prunes the columns.
 *
 * Speed: only eligible teachers have columns; destinations are pruned to useful ones (a deficit
 * of one of the teacher's subjects in the destination's unit, a more rural or harder school,
 * for key teachers a school with fewer key teachers per 100 students, or a preferred school),
 * the candidate_schools nearest of them plus the preferred; leaders go only to schools holding
 * an eligible leader of their role. Interchangeable teachers (same school, role, key-ness,
 * must status, capacity, subject list and preferences) share one integer column per
 * destination, bounded by the group size; after solving, a group's moves go to its
 * longest-tenured members first (ties by teacher order). Unfilled and deviation columns exist
 * only where a move can change them; the rest is a constant. Small models (groups x schools
 * <= 20,000) take every destination, so nothing is pruned away.
 *
 * Solve: the LP relaxation (primal simplex); a restricted MIP over the move columns it uses (a
 * first plan, in the spirit of RINS); without one, a feasibility-only branch and bound, then a
 * dive; then fix and optimize by pools (lns_improve) for most of the budget; then GLPK's branch
 * and cut (MIR, cover, clique cuts) from the best plan, for the bound and what it can still
 * find. Every solution is completed (its flows by an LP with the moves fixed) and checked row by
 * row before use; a GLPK failure is retried with the other simplex. In a county too large for
 * the LP within the budget, the greedy's plan (every rule checked) is the plan.
 *
 * Stages: strict with pruned candidates; when GLPK proves that infeasible (the LP, branch and
 * bound, or a rule with no column), strict with wide candidates; when that is proven
 * infeasible too, the relaxed model: penalised integer slack on each rule group, reporting the
 * rules that gave (status feasible). When the budget ends with no strict plan and no proof,
 * the relaxed model gives the plan, reported as time_limit.
 *
 * The bureau's decisions (county->decisions) are hard rules in every stage, never relaxed:
 * move: the teacher (eligible or not; never a frozen one) has one column, to that school, taken
 * (row decision(t) = 1); it counts for the rotation share only when eligible. stay: no column,
 * and a must leader is must no more (it still counts among the eligible). together: both
 * teachers get their own group of one with the same candidates and rows x(a,d) = x(b,d).
 * receive_key: the school becomes a candidate of the key teachers of the subject and a row
 * asks >= 1 of them to move in. Conflicts no rule can resolve (a decided move of a frozen
 * teacher, beyond max_km, together with a teacher that cannot move, a receive_key nobody can
 * serve) are ROTAS_EINPUT naming the decision. The fairness stage never swaps a decided move.
 *
 * Re-plan (options.previous): w_keep per change. Each previously moved teacher is a group of one
 * whose previous destination is a candidate; that column costs -w_keep, every other move column
 * +w_keep, and the constant w_keep x previous moves: the term is w_keep x n_changed. The previous
 * moves are offered as a start; fairness keeps them.
 *
 * Secondments (secondment_count > 0) are chosen after the plan, see secondments().
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lp_int.h"
#include "plan_int.h"
#include "rotas/plan.h"
#include "rotas/shortage.h"

#define NAME_BUF 600
#define NEW(ptr, n) ((ptr) = calloc((size_t)(n) > 0 ? (size_t)(n) : 1, sizeof *(ptr)))

enum { T_FROZEN = 1, T_ELIGIBLE = 2, T_MUST = 4, T_TENURE = 8, T_STAY = 16, T_DECIDED = 32 };

/* The rules that may give (rotas_rule, rotas/result.h; relaxed rules are listed in its order). */
enum {
    R_KEY = ROTAS_RULE_MIN_KEY_SHARE,
    R_ROT = ROTAS_RULE_MIN_ROTATION_SHARE,
    R_MUST = ROTAS_RULE_LEADER_TENURE,
    R_QUOTA = ROTAS_RULE_STAFF_QUOTA,
    R_OUT = ROTAS_RULE_MAX_OUT_SHARE,
    R_POSTS = ROTAS_RULE_POSTS,
    R_COUNT = ROTAS_RULE_COUNT
};
/* Penalty multiplier of each rule's slack (planner only). */
static const double rule_mult[R_COUNT] = {[R_KEY] = 1.0,   [R_ROT] = 1.0, [R_MUST] = 2.0,
                                          [R_QUOTA] = 3.0, [R_OUT] = 3.0, [R_POSTS] = 4.0};

typedef struct grp {
    int school, role, key, must, n;
    int first;  /* members[first .. first + n) */
    double per; /* periods of each subject a member supplies */
    int rep;    /* representative teacher */
    int *cand;  /* candidate destinations */
    int n_cand, cap_cand;
    int *start; /* greedy moves per candidate (parallel to cand) */
    int excused; /* must members the greedy leaves (rules in conflict) */
    int elig;    /* members count for the rotation share (eligible by tenure or post) */
    int dec;     /* 0; 1: a together decision links it (the greedy leaves it); 2: a move
                    decision fixes it */
} grp;

typedef struct mrow {
    double lo, hi;
    size_t off, n;
    int fix_lo, fix_hi; /* slack columns raising / lowering the activity (-1: none) */
} mrow;

typedef struct model {
    const rotas_county *c;
    const rotas_policy *p;
    int Y;
    int ns, nj, nc, nunits;
    unsigned char *tstate; /* per teacher T_* */
    double *tper;          /* per teacher supply of each subject */
    int *staff0, *room, *outcap, *K0, *has_students;
    double *T, *fac, *demand_sj; /* T per school, factor per school, demand per (s,j) */
    double *D, *S0, *ufac;       /* per unit */
    int n_eligible, n_must, n_frozen, quota_min;
    double lp_bound;      /* the LP relaxation's optimum (a bound on the model), NAN unknown */
    int out_raised;       /* must leaders beyond the outflow cap, summed over schools */
    int out_raised_school; /* a school where it happened (for the message), -1 if none */
    int conflict; /* the greedy proved the hard rules in conflict */
    double key_rate; /* key teachers per 100 students, county */
    grp *g;
    int ng;
    int *members;
    /* LP */
    rotas_lp *lp;
    int *arc_off;                 /* per group: index of its first arc column (cols are arcs) */
    int n_arcs;
    double *obj;                  /* objective coefficient per column */
    double *lb, *ub;
    int ncols_cap;
    double obj_const;
    mrow *rows;
    size_t n_rows, cap_rows;
    int *ecol;
    double *eval;
    size_t n_ent, cap_ent;
    int rule_cols[R_COUNT][2]; /* range [first, last) of slack columns of each rule */
    int *slack_kind;           /* per column: rule index or -1 */
    /* decisions and re-plan */
    int *dec_to;    /* per teacher: destination of a move decision, else -1 */
    int *partner;   /* per teacher: the other teacher of a together decision, else -1 */
    int *prev_to;   /* per teacher: destination in the previous plan, else -1 */
    unsigned char *solo; /* per teacher: its own group of one (decision or previous move) */
    int *tg;        /* per teacher: group index, -1 if none */
    int have_prev, n_prev;
    int dec_bad; /* a decision row has no column: no plan can carry it out */
    /* exact supply (see "Supply" above) */
    int *tset;        /* per teacher: index of its subject set, -1 when it teaches nothing */
    int nsets;
    int *set_off;     /* set k's subjects: set_sub[set_off[k] .. set_off[k + 1]) */
    int *set_sub;
    int *tcap;        /* per teacher: weekly capacity */
    int *ucol_sj;     /* per (school, subject): its unfilled column, -1 when none */
    double *ufix_sj;  /* per (school, subject): unfilled periods no move can change */
    double *u0_sj;    /* per (school, subject): true unfilled before the plan (max flow) */
    double deadline;  /* the run's wall-clock deadline (now_s() scale) */
    double t_complete; /* seconds the last complete() took */
    int *near;        /* per school: every school by km from it, nearest first (ns x ns) */
    int verbose;
} model;

double rotas_plan_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int unit_of(const model *m, int s, int j)
{
    const rotas_school *sc = &m->c->schools[s];
    int pool = m->c->subjects[j].shortage && sc->cluster >= 0 ? sc->cluster : m->nc + s;
    return pool * m->nj + j;
}

static double school_factor(const model *m, int s)
{
    const rotas_school *sc = &m->c->schools[s];
    return 1.0 + m->p->w_rural * (sc->area == ROTAS_AREA_RURAL ? 1.0 : 0.0) +
           m->p->w_hardship * (double)sc->hardship;
}

static int is_leader(int role)
{
    return role == ROTAS_ROLE_PRINCIPAL || role == ROTAS_ROLE_VICE_PRINCIPAL;
}

/* ---- teacher grouping ---- */

static _Thread_local const model *g_sort_model;

static int cmp_int(int a, int b)
{
    return (a > b) - (a < b);
}

static int group_cmp(const void *pa, const void *pb)
{
    const model *m = g_sort_model;
    int a = *(const int *)pa, b = *(const int *)pb;
    const rotas_teacher *ta = &m->c->teachers[a], *tb = &m->c->teachers[b];
    int r;
    if ((r = cmp_int(ta->school, tb->school)) || (r = cmp_int(m->solo[a], m->solo[b])) ||
        (r = cmp_int((int)ta->role, (int)tb->role)) ||
        (r = cmp_int(ta->key >= ROTAS_KEY_COUNTY, tb->key >= ROTAS_KEY_COUNTY)) ||
        (r = cmp_int(m->tstate[a] & T_MUST, m->tstate[b] & T_MUST)) ||
        (r = cmp_int(ta->max_periods > 0 ? ta->max_periods : m->p->default_max_periods,
                     tb->max_periods > 0 ? tb->max_periods : m->p->default_max_periods)) ||
        (r = cmp_int((int)ta->n_subjects, (int)tb->n_subjects)) ||
        (r = cmp_int((int)ta->n_preferences, (int)tb->n_preferences)))
        return r;
    for (size_t k = 0; k < ta->n_subjects; k++)
        if ((r = cmp_int(ta->subjects[k], tb->subjects[k])))
            return r;
    for (size_t k = 0; k < ta->n_preferences; k++)
        if ((r = cmp_int(ta->preferences[k], tb->preferences[k])))
            return r;
    /* inside a group: longest tenure first, then post tenure, then teacher order */
    if ((r = cmp_int(ta->school_since, tb->school_since)) ||
        (r = cmp_int(ta->post_since, tb->post_since)))
        return r;
    return cmp_int(a, b);
}

static int same_group(const model *m, int a, int b)
{
    const rotas_teacher *ta = &m->c->teachers[a], *tb = &m->c->teachers[b];
    if (m->solo[a] || m->solo[b] || ta->school != tb->school || ta->role != tb->role ||
        (ta->key >= ROTAS_KEY_COUNTY) != (tb->key >= ROTAS_KEY_COUNTY) ||
        (m->tstate[a] & T_MUST) != (m->tstate[b] & T_MUST) ||
        (ta->max_periods > 0 ? ta->max_periods : m->p->default_max_periods) !=
            (tb->max_periods > 0 ? tb->max_periods : m->p->default_max_periods) ||
        ta->n_subjects != tb->n_subjects || ta->n_preferences != tb->n_preferences)
        return 0;
    for (size_t k = 0; k < ta->n_subjects; k++)
        if (ta->subjects[k] != tb->subjects[k])
            return 0;
    for (size_t k = 0; k < ta->n_preferences; k++)
        if (ta->preferences[k] != tb->preferences[k])
            return 0;
    return 1;
}

/* ---- subject sets (exact supply) ---- */

/* A teacher's subjects as a sorted list without repeats or unknown indexes; returns the count. */
static int subject_list(const model *m, int t, int *out)
{
    const rotas_teacher *te = &m->c->teachers[t];
    int n = 0;
    for (size_t k = 0; k < te->n_subjects; k++) {
        int j = te->subjects[k];
        if (j < 0 || j >= m->nj)
            continue;
        int at = n;
        while (at > 0 && out[at - 1] > j)
            at--;
        if (at > 0 && out[at - 1] == j)
            continue;
        memmove(out + at + 1, out + at, (size_t)(n - at) * sizeof *out);
        out[at] = j;
        n++;
    }
    return n;
}

static _Thread_local const model *g_set_model;

static int set_cmp(const void *pa, const void *pb)
{
    const model *m = g_set_model;
    int a = *(const int *)pa, b = *(const int *)pb;
    int la[64], lb[64];
    const rotas_teacher *ta = &m->c->teachers[a], *tb = &m->c->teachers[b];
    if (ta->n_subjects > 64 || tb->n_subjects > 64)
        return cmp_int(a, b); /* never: the reader caps subject lists far lower */
    int na = subject_list(m, a, la), nb = subject_list(m, b, lb);
    if (na != nb)
        return cmp_int(na, nb);
    for (int k = 0; k < na; k++)
        if (la[k] != lb[k])
            return cmp_int(la[k], lb[k]);
    return cmp_int(a, b);
}

/* Intern the teachers' subject sets: m->tset, m->set_off, m->set_sub, m->tcap. */
static int make_sets(model *m)
{
    size_t nt = m->c->n_teachers;
    int *ord = NULL, *tmp = NULL;
    int rc = -1;
    if (!NEW(m->tset, nt) || !NEW(m->tcap, nt) || !NEW(ord, nt) || !NEW(m->set_off, nt + 1) ||
        !NEW(tmp, m->nj + 1))
        goto done;
    size_t total = 0;
    for (size_t i = 0; i < nt; i++) {
        const rotas_teacher *t = &m->c->teachers[i];
        ord[i] = (int)i;
        m->tcap[i] = t->max_periods > 0 ? t->max_periods : m->p->default_max_periods;
        if (t->n_subjects > 64)
            goto done;
        total += t->n_subjects;
    }
    if (!NEW(m->set_sub, total))
        goto done;
    g_set_model = m;
    qsort(ord, nt, sizeof *ord, set_cmp);
    g_set_model = NULL;
    int prev[64], nprev = -1;
    size_t used = 0;
    m->nsets = 0;
    for (size_t q = 0; q < nt; q++) {
        int t = ord[q], cur[64];
        int n = subject_list(m, t, cur);
        if (n == 0) {
            m->tset[t] = -1;
            continue;
        }
        int same = n == nprev;
        for (int k = 0; same && k < n; k++)
            same = cur[k] == prev[k];
        if (!same) {
            m->set_off[m->nsets] = (int)used;
            memcpy(m->set_sub + used, cur, (size_t)n * sizeof *cur);
            used += (size_t)n;
            m->nsets++;
            m->set_off[m->nsets] = (int)used;
            memcpy(prev, cur, (size_t)n * sizeof *cur);
            nprev = n;
        }
        m->tset[t] = m->nsets - 1;
    }
    rc = 0;
done:
    free(ord);
    free(tmp);
    return rc;
}

static void model_free(model *m)
{
    free(m->tstate);
    free(m->tper);
    free(m->staff0);
    free(m->room);
    free(m->outcap);
    free(m->K0);
    free(m->has_students);
    free(m->T);
    free(m->fac);
    free(m->demand_sj);
    free(m->D);
    free(m->S0);
    free(m->ufac);
    for (int i = 0; i < m->ng; i++) {
        free(m->g[i].cand);
        free(m->g[i].start);
    }
    free(m->g);
    free(m->members);
    rotas__lp_free(m->lp);
    free(m->arc_off);
    free(m->obj);
    free(m->lb);
    free(m->ub);
    free(m->rows);
    free(m->ecol);
    free(m->eval);
    free(m->slack_kind);
    free(m->dec_to);
    free(m->partner);
    free(m->prev_to);
    free(m->solo);
    free(m->tg);
    free(m->tset);
    free(m->set_off);
    free(m->set_sub);
    free(m->tcap);
    free(m->ucol_sj);
    free(m->ufix_sj);
    free(m->u0_sj);
    free(m->near);
}

static void lp_reset(model *m)
{
    rotas__lp_free(m->lp);
    m->lp = NULL;
    free(m->arc_off);
    free(m->obj);
    free(m->lb);
    free(m->ub);
    free(m->rows);
    free(m->ecol);
    free(m->eval);
    free(m->slack_kind);
    m->arc_off = NULL;
    m->obj = m->lb = m->ub = NULL;
    m->rows = NULL;
    m->ecol = NULL;
    m->eval = NULL;
    m->slack_kind = NULL;
    free(m->ucol_sj);
    free(m->ufix_sj);
    m->ucol_sj = NULL;
    m->ufix_sj = NULL;
    m->n_rows = m->cap_rows = m->n_ent = m->cap_ent = 0;
    m->ncols_cap = 0;
    m->n_arcs = 0;
    m->obj_const = 0.0;
}


static const char *tname(const rotas_county *c, int t)
{
    return t >= 0 && (size_t)t < c->n_teachers && c->teachers[t].id ? c->teachers[t].id : "?";
}

static const char *sname(const rotas_county *c, int s)
{
    return s >= 0 && (size_t)s < c->n_schools && c->schools[s].id ? c->schools[s].id : "?";
}

static int within_km(const model *m, int a, int b);

/* Why teacher t cannot move at all this year (NULL: it can, eligible or decided). */
static const char *cannot_move(const model *m, int t)
{
    unsigned st = m->tstate[t];
    if (st & T_FROZEN)
        return m->c->teachers[t].exempt ? "is exempt" : "is frozen (on an exchange, or near retirement)";
    if (st & T_STAY)
        return "has a stay decision";
    if (!(st & (T_ELIGIBLE | T_DECIDED)))
        return "is not eligible (too few years at the school) and no move decision names it";
    return NULL;
}

/* The bureau's decisions onto the teacher states; conflicts no rule relaxation can resolve are
   bad input, named by the decision. */
static rotas_rc apply_decisions(model *m, rotas_error *err)
{
    const rotas_county *c = m->c;
    int nt = (int)c->n_teachers, ns = m->ns;
    for (size_t i = 0; i < c->n_decisions; i++) {
        const rotas_decision *d = &c->decisions[i];
        int t = d->teacher;
        if (d->kind == ROTAS_DECISION_RECEIVE_KEY) {
            if (d->school < 0 || d->school >= ns || d->subject >= m->nj)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       "plan: decision %zu (receive_key): unknown school or subject",
                                       i + 1);
            continue;
        }
        if (t < 0 || t >= nt)
            return rotas_error_set(err, ROTAS_EINPUT, "plan: decision %zu (%s): unknown teacher",
                                   i + 1, rotas_decision_kind_name(d->kind));
        if (d->kind == ROTAS_DECISION_TOGETHER) {
            int t2 = d->teacher2;
            if (t2 < 0 || t2 >= nt || t2 == t)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       "plan: decision %zu (together %s): the second teacher is "
                                       "unknown or the same",
                                       i + 1, tname(c, t));
            if ((m->partner[t] >= 0 && m->partner[t] != t2) ||
                (m->partner[t2] >= 0 && m->partner[t2] != t))
                return rotas_error_set(err, ROTAS_EINPUT,
                                       "plan: decision %zu (together %s and %s): a teacher may be "
                                       "in one together decision only",
                                       i + 1, tname(c, t), tname(c, t2));
            m->partner[t] = t2;
            m->partner[t2] = t;
            m->solo[t] = m->solo[t2] = 1;
        } else if (d->kind == ROTAS_DECISION_STAY) {
            if (m->tstate[t] & T_MUST)
                m->n_must--;
            m->tstate[t] = (unsigned char)((m->tstate[t] & ~T_MUST) | T_STAY);
        } else if (d->kind == ROTAS_DECISION_MOVE) {
            if (d->school < 0 || d->school >= ns)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       "plan: decision %zu (move %s): unknown school", i + 1,
                                       tname(c, t));
            if (m->dec_to[t] >= 0 && m->dec_to[t] != d->school)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       "plan: decision %zu (move %s to %s): another decision "
                                       "moves %s to %s",
                                       i + 1, tname(c, t), sname(c, d->school), tname(c, t),
                                       sname(c, m->dec_to[t]));
            m->dec_to[t] = d->school;
            m->solo[t] = 1;
        }
    }
    for (size_t i = 0; i < c->n_decisions; i++) {
        const rotas_decision *d = &c->decisions[i];
        int t = d->teacher;
        if (d->kind == ROTAS_DECISION_MOVE) {
            const rotas_teacher *te = &c->teachers[t];
            const char *why = NULL;
            if (m->tstate[t] & T_FROZEN)
                why = te->exempt ? "the teacher is exempt" : "the teacher is frozen (on an "
                                                             "exchange, or near retirement)";
            else if (m->tstate[t] & T_STAY)
                why = "a stay decision keeps the teacher";
            else if (d->school == te->school)
                why = "it is the teacher's own school";
            else if (!within_km(m, te->school, d->school))
                why = "it is farther than max_km";
            if (why)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       "plan: decision %zu (move %s to %s) cannot be carried "
                                       "out: %s",
                                       i + 1, tname(c, t), sname(c, d->school), why);
            m->tstate[t] |= T_DECIDED;
        }
    }
    for (size_t i = 0; i < c->n_decisions; i++) {
        const rotas_decision *d = &c->decisions[i];
        if (d->kind == ROTAS_DECISION_TOGETHER) {
            int a = d->teacher, b = d->teacher2;
            const char *wa = cannot_move(m, a), *wb = cannot_move(m, b);
            int da = m->dec_to[a], db = m->dec_to[b];
            const char *why = NULL;
            char buf[200];
            if ((da >= 0 || db >= 0) && (wa || wb)) {
                snprintf(buf, sizeof buf, "%s must move by decision but %s %s",
                         tname(m->c, da >= 0 ? a : b), tname(m->c, wa ? a : b), wa ? wa : wb);
                why = buf;
            } else if (da >= 0 && db >= 0 && da != db) {
                why = "their move decisions name different schools";
            } else if ((da >= 0 && da == c->teachers[b].school) ||
                       (db >= 0 && db == c->teachers[a].school)) {
                why = "one would move to the other's own school";
            }
            if (why)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       "plan: decision %zu (together %s and %s) cannot be "
                                       "carried out: %s",
                                       i + 1, tname(c, a), tname(c, b), why);
        } else if (d->kind == ROTAS_DECISION_RECEIVE_KEY) {
            int ok = 0;
            for (int t = 0; t < nt && !ok; t++) {
                const rotas_teacher *te = &c->teachers[t];
                if (te->key < ROTAS_KEY_COUNTY || cannot_move(m, t) || te->school == d->school ||
                    !within_km(m, te->school, d->school) ||
                    (m->dec_to[t] >= 0 && m->dec_to[t] != d->school))
                    continue;
                for (size_t k = 0; k < te->n_subjects && !ok; k++)
                    ok = d->subject < 0 || te->subjects[k] == d->subject;
            }
            if (!ok)
                return rotas_error_set(
                    err, ROTAS_EINPUT,
                    "plan: decision %zu (receive_key %s%s%s) cannot be carried out: no key "
                    "teacher (county level or above)%s%s may move there this year",
                    i + 1, sname(c, d->school), d->subject >= 0 ? " " : "",
                    d->subject >= 0 ? c->subjects[d->subject].id : "", d->subject >= 0 ? " of " : "",
                    d->subject >= 0 ? c->subjects[d->subject].id : "");
        }
    }
    return ROTAS_OK;
}

static rotas_rc model_init(model *m, const rotas_county *c, const rotas_policy *p, int Y,
                           const rotas_plan *prev, rotas_error *err)
{
    memset(m, 0, sizeof *m);
    m->lp_bound = NAN;
    m->c = c;
    m->p = p;
    m->Y = Y;
    m->ns = (int)c->n_schools;
    m->nj = (int)c->n_subjects;
    m->nc = (int)c->n_clusters;
    m->nunits = (m->nc + m->ns) * m->nj;
    int ns = m->ns, nj = m->nj;
    size_t nt = c->n_teachers;
    if (!NEW(m->tstate, nt) || !NEW(m->tper, nt) || !NEW(m->staff0, ns) || !NEW(m->room, ns) ||
        !NEW(m->outcap, ns) || !NEW(m->K0, ns) || !NEW(m->has_students, ns) || !NEW(m->T, ns) ||
        !NEW(m->fac, ns) || !NEW(m->demand_sj, (size_t)ns * (size_t)nj) ||
        !NEW(m->D, m->nunits) || !NEW(m->S0, m->nunits) || !NEW(m->ufac, m->nunits) ||
        !NEW(m->members, nt) || !NEW(m->dec_to, nt) || !NEW(m->partner, nt) ||
        !NEW(m->prev_to, nt) || !NEW(m->solo, nt) || !NEW(m->tg, nt))
        return rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
    for (size_t i = 0; i < nt; i++)
        m->dec_to[i] = m->partner[i] = m->prev_to[i] = m->tg[i] = -1;

    for (size_t i = 0; i < nt; i++) {
        const rotas_teacher *t = &c->teachers[i];
        if (t->school < 0 || t->school >= ns)
            return rotas_error_set(err, ROTAS_EINPUT, "plan: teacher %s has no school",
                                   t->id ? t->id : "?");
        /* frozen, eligible, must: the library's one statement of the rules (summary's too) */
        unsigned el = rotas_plan_teacher_eligibility(t, p, Y), st = 0;
        if (el & ROTAS_ELIG_FROZEN)
            st |= T_FROZEN;
        if (el & ROTAS_ELIG_TENURE)
            st |= T_ELIGIBLE | T_TENURE;
        if (el & ROTAS_ELIG_MUST)
            st |= T_ELIGIBLE | T_MUST;
        m->tstate[i] = (unsigned char)st;
        if (st & T_FROZEN)
            m->n_frozen++;
        if (st & T_ELIGIBLE)
            m->n_eligible++;
        if (st & T_MUST)
            m->n_must++;
        int cap = t->max_periods > 0 ? t->max_periods : p->default_max_periods;
        m->tper[i] = t->n_subjects > 0 ? (double)cap / (double)t->n_subjects : 0.0;
        m->staff0[t->school]++;
        if (t->key >= ROTAS_KEY_COUNTY)
            m->K0[t->school]++;
        for (size_t k = 0; k < t->n_subjects; k++) {
            int j = t->subjects[k];
            if (j >= 0 && j < nj)
                m->S0[unit_of(m, t->school, j)] += m->tper[i];
        }
    }
    if (make_sets(m))
        return rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
    rotas_rc drc = apply_decisions(m, err);
    if (drc)
        return drc;
    if (prev) {
        m->have_prev = 1;
        for (size_t k = 0; k < prev->n_moves; k++) {
            int t = prev->moves[k].teacher, d = prev->moves[k].to;
            if (t < 0 || (size_t)t >= nt || d < 0 || d >= ns)
                continue;
            m->n_prev++;
            m->prev_to[t] = d;
            m->solo[t] = 1;
        }
    }
    /* ceil with a tolerance: 0.1 x 30 is 3.0000000000000004 in binary */
    m->quota_min = (int)ceil(p->min_rotation_share * (double)m->n_eligible - 1e-9);
    if (m->quota_min < 0)
        m->quota_min = 0;

    long students = 0, keys = 0;
    for (int s = 0; s < ns; s++) {
        const rotas_school *sc = &c->schools[s];
        m->fac[s] = school_factor(m, s);
        int hi = m->staff0[s] > sc->staff_quota ? m->staff0[s] : sc->staff_quota;
        m->room[s] = hi - m->staff0[s];
        int oc = (int)floor(p->max_out_share * (double)m->staff0[s] + 1e-9);
        m->outcap[s] = oc > 1 ? oc : 1;
        if (sc->students > 0) {
            m->has_students[s] = 1;
            students += sc->students;
            keys += m->K0[s];
        }
        for (size_t k = 0; k < sc->n_classes; k++) {
            const rotas_class *cl = &c->classes[sc->first_class + k];
            for (int j = 0; j < nj; j++)
                m->demand_sj[(size_t)s * (size_t)nj + (size_t)j] +=
                    rotas_class_periods(c, cl, j);
        }
        for (int j = 0; j < nj; j++) {
            double d = m->demand_sj[(size_t)s * (size_t)nj + (size_t)j];
            int u = unit_of(m, s, j);
            m->D[u] += d;
            m->ufac[u] += d * m->fac[s];
        }
    }
    for (int u = 0; u < m->nunits; u++)
        m->ufac[u] = m->D[u] > 0 ? m->ufac[u] / m->D[u] : 1.0;
    /* the true shortage before the plan (a maximum flow); the heuristics (candidate
       destinations, the greedy) read a unit's supply as demand minus it */
    if (!NEW(m->u0_sj, (size_t)ns * (size_t)nj))
        return rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
    {
        rotas_rc src = rotas_shortage_compute(m->u0_sj, NULL, c, p, NULL, err);
        if (src)
            return src;
        for (int u = 0; u < m->nunits; u++)
            m->S0[u] = m->D[u];
        for (int s = 0; s < ns; s++)
            for (int j = 0; j < nj; j++)
                m->S0[unit_of(m, s, j)] -= m->u0_sj[(size_t)s * (size_t)nj + (size_t)j];
    }
    m->key_rate = students > 0 ? 100.0 * (double)keys / (double)students : 0.0;
    for (int s = 0; s < ns; s++)
        m->T[s] = m->key_rate * (double)c->schools[s].students / 100.0;

    /* Leaders past the post-tenure line move without exception (无差别); where a small school
       has more of them than max_out_share lets it lose in a year (a principal and a
       vice-principal at a school of five), the cap gives way for them: it is raised to the
       number of must leaders and the plan reports max_out_share as relaxed. Solving with the
       raised cap keeps the model free of penalty columns. */
    m->out_raised_school = -1;
    {
        int *must = NULL;
        if (!NEW(must, ns))
            return rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        for (size_t i = 0; i < nt; i++)
            if (m->tstate[i] & T_MUST)
                must[c->teachers[i].school]++;
        for (int s = 0; s < ns; s++)
            if (must[s] > m->outcap[s]) {
                m->out_raised += must[s] - m->outcap[s];
                m->outcap[s] = must[s];
                if (m->out_raised_school < 0)
                    m->out_raised_school = s;
            }
        free(must);
    }

    /* groups of interchangeable eligible teachers */
    int ne = 0;
    for (size_t i = 0; i < nt; i++)
        if (((m->tstate[i] & T_ELIGIBLE) && !(m->tstate[i] & T_STAY)) ||
            (m->tstate[i] & T_DECIDED))
            m->members[ne++] = (int)i;
    g_sort_model = m;
    qsort(m->members, (size_t)ne, sizeof *m->members, group_cmp);
    g_sort_model = NULL;
    if (!NEW(m->g, ne))
        return rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
    for (int k = 0; k < ne;) {
        int e = k + 1;
        while (e < ne && same_group(m, m->members[k], m->members[e]))
            e++;
        grp *g = &m->g[m->ng++];
        int t = m->members[k];
        g->school = c->teachers[t].school;
        g->role = (int)c->teachers[t].role;
        g->key = c->teachers[t].key >= ROTAS_KEY_COUNTY;
        g->must = (m->tstate[t] & T_MUST) != 0;
        g->n = e - k;
        g->first = k;
        g->per = m->tper[t];
        g->rep = t;
        g->elig = (m->tstate[t] & T_ELIGIBLE) != 0;
        g->dec = m->dec_to[t] >= 0 ? 2 : m->partner[t] >= 0 ? 1 : 0;
        if (g->dec == 2)
            g->must = 0; /* the decision row moves it */
        for (int q = k; q < e; q++)
            m->tg[m->members[q]] = m->ng - 1;
        k = e;
    }
    /* a together pair where one is decided: both are fixed to that school */
    for (int i = 0; i < m->ng; i++) {
        int t = m->g[i].rep, o = m->partner[t];
        if (o >= 0 && m->dec_to[o] >= 0 && m->dec_to[t] < 0)
            m->g[i].dec = 2, m->g[i].must = 0;
    }
    return ROTAS_OK;
}

/* ---- candidates ---- */

static int add_cand(grp *g, int d)
{
    for (int k = 0; k < g->n_cand; k++)
        if (g->cand[k] == d)
            return k;
    if (g->n_cand == g->cap_cand) {
        int nc = g->cap_cand ? 2 * g->cap_cand : 8;
        int *a = realloc(g->cand, (size_t)nc * sizeof *a);
        if (!a)
            return -1;
        g->cand = a;
        int *b = realloc(g->start, (size_t)nc * sizeof *b);
        if (!b)
            return -1;
        g->start = b;
        g->cap_cand = nc;
    }
    g->cand[g->n_cand] = d;
    g->start[g->n_cand] = 0;
    return g->n_cand++;
}

static _Thread_local const double *g_sort_km;

static int cmp_by_km(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    int r = (g_sort_km[a] > g_sort_km[b]) - (g_sort_km[a] < g_sort_km[b]);
    return r ? r : cmp_int(a, b);
}

static int within_km(const model *m, int a, int b)
{
    return m->p->max_km < 0 || rotas_county_km(m->c, a, b) <= m->p->max_km + 1e-9;
}

/* Does destination d help (pruned mode)? */
static int useful(const model *m, const grp *g, int d)
{
    const rotas_county *c = m->c;
    const rotas_school *from = &c->schools[g->school], *to = &c->schools[d];
    const rotas_teacher *t = &c->teachers[g->rep];
    for (size_t k = 0; k < t->n_subjects; k++) {
        int j = t->subjects[k];
        if (j < 0 || j >= m->nj)
            continue;
        int uf = unit_of(m, g->school, j), ut = unit_of(m, d, j);
        if (uf != ut && m->D[ut] - m->S0[ut] > 1e-9)
            return 2;
    }
    if (g->key && m->has_students[d] && m->has_students[g->school] &&
        (double)m->K0[d] * from->students < (double)m->K0[g->school] * to->students)
        return 2;
    if (to->area > from->area || to->hardship > from->hardship)
        return 1;
    return 0;
}

/* Destinations the decisions and the previous plan need: a receive_key school for the key
   teachers of its subject, the previous destination of a teacher, and for a together pair the
   union of both sets (less their own schools), so that x(a,d) = x(b,d) links every column. */
static int decision_candidates(model *m)
{
    const rotas_county *c = m->c;
    for (size_t i = 0; i < c->n_decisions; i++) {
        const rotas_decision *d = &c->decisions[i];
        if (d->kind != ROTAS_DECISION_RECEIVE_KEY)
            continue;
        for (int q = 0; q < m->ng; q++) {
            grp *g = &m->g[q];
            const rotas_teacher *t = &c->teachers[g->rep];
            if (!g->key || g->dec == 2 || is_leader(g->role) || g->school == d->school ||
                !within_km(m, g->school, d->school))
                continue;
            int has = d->subject < 0;
            for (size_t k = 0; k < t->n_subjects && !has; k++)
                has = t->subjects[k] == d->subject;
            if (has && add_cand(g, d->school) < 0)
                return -1;
        }
    }
    for (int q = 0; q < m->ng; q++) {
        grp *g = &m->g[q];
        int d = m->prev_to[g->rep];
        if (g->n == 1 && g->dec != 2 && d >= 0 && d != g->school && within_km(m, g->school, d) &&
            add_cand(g, d) < 0)
            return -1;
    }
    for (int q = 0; q < m->ng; q++) {
        grp *g = &m->g[q];
        int o = m->partner[g->rep];
        if (o < 0 || o < g->rep)
            continue;
        int qo = m->tg[o];
        if (qo < 0) { /* the partner cannot move: neither does this one */
            g->n_cand = 0;
            continue;
        }
        grp *h = &m->g[qo];
        for (int k = 0; k < h->n_cand; k++)
            if (h->cand[k] != g->school && within_km(m, g->school, h->cand[k]) &&
                add_cand(g, h->cand[k]) < 0)
                return -1;
        int w = 0;
        for (int k = 0; k < g->n_cand; k++)
            if (g->cand[k] != h->school && within_km(m, h->school, g->cand[k]))
                g->cand[w++] = g->cand[k];
        g->n_cand = w;
        h->n_cand = 0;
        for (int k = 0; k < g->n_cand; k++)
            if (add_cand(h, g->cand[k]) < 0)
                return -1;
    }
    for (int q = 0; q < m->ng; q++) { /* a partner without a group: no moves */
        grp *g = &m->g[q];
        int o = m->partner[g->rep];
        if (o >= 0 && m->tg[o] < 0)
            g->n_cand = 0;
    }
    return 0;
}

static int cand_index(const grp *g, int d)
{
    for (int k = 0; k < g->n_cand; k++)
        if (g->cand[k] == d)
            return k;
    return -1;
}

/* wide: every destination within max_km (nearest 4 x candidate_schools), leaders every post */
static rotas_rc make_candidates(model *m, int wide, rotas_error *err)
{
    const rotas_county *c = m->c;
    int ns = m->ns;
    int *list = NULL;
    unsigned char *leader_school[ROTAS_ROLE_COUNT] = {NULL, NULL, NULL};
    rotas_rc rc = ROTAS_OK;
    if (!NEW(list, ns) || !NEW(leader_school[1], ns) || !NEW(leader_school[2], ns)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    for (int i = 0; i < m->ng; i++)
        if (is_leader(m->g[i].role))
            leader_school[m->g[i].role][m->g[i].school] = 1;
    if (!m->near) { /* every school by km from each, nearest first (ties by index) */
        if (!NEW(m->near, (size_t)ns * (size_t)ns))
            goto oom;
        for (int s = 0; s < ns; s++) {
            int *row = m->near + (size_t)s * (size_t)ns;
            for (int d = 0; d < ns; d++)
                row[d] = d;
            g_sort_km = c->km + (size_t)s * (size_t)ns;
            qsort(row, (size_t)ns, sizeof *row, cmp_by_km);
        }
    }
    /* auto: many destinations while the model stays small; in larger counties the LP grows
       with them and GLPK's simplex becomes the bottleneck (120 schools: 10 destinations gave
       a 6% better plan in 60 s than 25, whose root LP barely finished; 400 schools: with 6
       the root LP finishes in the minute and the plan has a bound, with 10 it does not) */
    int keep = m->p->candidate_schools > 0 ? m->p->candidate_schools
               : m->ns <= 60                ? 25
               : m->ns <= 200               ? 10
                                            : 6;
    if (wide)
        keep *= 4;
    /* a small model takes every destination: nothing is pruned away */
    int all = (long)m->ng * (long)ns <= 20000;
    for (int i = 0; i < m->ng; i++) {
        grp *g = &m->g[i];
        g->n_cand = 0;
        const rotas_teacher *t = &c->teachers[g->rep];
        if (g->dec == 2) { /* a move decision: that school only */
            int o = m->partner[g->rep];
            if (add_cand(g, m->dec_to[g->rep] >= 0 ? m->dec_to[g->rep] : m->dec_to[o]) < 0)
                goto oom;
            continue;
        }
        /* strong reasons (a deficit of the teacher's subject, fewer key teachers) keep the
           nearest `keep`; a more rural or harder school alone keeps the nearest few */
        const int *near = m->near + (size_t)g->school * (size_t)ns;
        for (int level = 2; level >= 1; level--) {
            int n = 0;
            int lim = all ? ns : level == 2 ? keep : (keep < 3 ? keep : 3);
            for (int q = 0; q < ns && n < lim; q++) {
                int d = near[q];
                if (d == g->school || !within_km(m, g->school, d))
                    continue;
                if (is_leader(g->role) || wide || all) {
                    if (level != 2 || (is_leader(g->role) && !leader_school[g->role][d]))
                        continue;
                } else if (useful(m, g, d) != level) {
                    continue;
                }
                list[n++] = d;
            }
            for (int k = 0; k < n; k++)
                if (add_cand(g, list[k]) < 0)
                    goto oom;
        }
        for (size_t k = 0; k < t->n_preferences; k++) {
            int d = t->preferences[k];
            if (d < 0 || d >= ns || d == g->school || !within_km(m, g->school, d))
                continue;
            if (is_leader(g->role) && !leader_school[g->role][d])
                continue;
            if (add_cand(g, d) < 0)
                goto oom;
        }
    }
    if (decision_candidates(m) < 0)
        goto oom;
    goto done;
oom:
    rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
done:
    free(list);
    free(leader_school[1]);
    free(leader_school[2]);
    return rc;
}

/* Cost of one teacher of group g moving to d (priority-3 terms). */
static double move_cost(const model *m, const grp *g, int d)
{
    const rotas_county *c = m->c;
    const rotas_policy *p = m->p;
    const rotas_teacher *t = &c->teachers[g->rep];
    double cost = p->w_km * rotas_county_km(c, g->school, d) + p->w_move;
    if (t->n_preferences > 0) {
        size_t rank = 0;
        for (size_t k = 0; k < t->n_preferences; k++)
            if (t->preferences[k] == d) {
                rank = k + 1;
                break;
            }
        cost += p->w_preference * (rank ? (double)(rank - 1) : (double)(t->n_preferences + 1));
    }
    int ga = c->schools[g->school].group, gb = c->schools[d].group;
    if (ga >= 0 && ga == gb)
        cost -= p->w_group;
    return cost;
}

/* Re-plan: w_keep for each change from the previous plan. A previous move repeated costs
   -w_keep (against the constant w_keep x previous moves), any other move +w_keep. */
static double keep_cost(const model *m, const grp *g, int d)
{
    if (!m->have_prev)
        return 0.0;
    return g->n == 1 && m->prev_to[g->rep] == d ? -m->p->w_keep : m->p->w_keep;
}

static double arc_cost(const model *m, const grp *g, int d)
{
    return move_cost(m, g, d) + keep_cost(m, g, d);
}

/* ---- greedy start ---- */

typedef struct gstate {
    int *in, *out, *left; /* per school, per school, per group */
    double *S;            /* per unit supply */
    int *Kc;              /* per school key teachers now */
    int M, K;
    int ME;               /* moves of eligible teachers (the rotation share counts these) */
} gstate;

static int key_ok(const model *m, int M, int K)
{
    if (m->p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE)
        return (double)K + 1e-9 >= m->p->min_key_share * (double)m->n_eligible;
    return (double)K + 1e-9 >= m->p->min_key_share * (double)M;
}

/* Is group g a key teacher of the decision's subject? */
static int rk_qualifies(const model *m, const grp *g, const rotas_decision *dc)
{
    const rotas_teacher *t = &m->c->teachers[g->rep];
    if (!g->key)
        return 0;
    if (dc->subject < 0)
        return 1;
    for (size_t z = 0; z < t->n_subjects; z++)
        if (t->subjects[z] == dc->subject)
            return 1;
    return 0;
}

/* Greedy moves of qualifying key teachers into the decision's school. */
static int rk_count(const model *m, const rotas_decision *dc)
{
    int n = 0;
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        int k = rk_qualifies(m, g, dc) ? cand_index(g, dc->school) : -1;
        if (k >= 0)
            n += g->start[k];
    }
    return n;
}

/* Add (sgn 1) or take back (sgn -1) one move of group g to its k-th candidate. */
static void change_move(const model *m, gstate *st, grp *g, int k, int sgn)
{
    const rotas_teacher *t = &m->c->teachers[g->rep];
    int d = g->cand[k];
    g->start[k] += sgn;
    st->left[g - m->g] -= sgn;
    st->out[g->school] += sgn;
    st->in[d] += sgn;
    st->M += sgn;
    st->ME += sgn * g->elig;
    st->K += sgn * g->key;
    if (g->key) {
        st->Kc[g->school] -= sgn;
        st->Kc[d] += sgn;
    }
    for (size_t q = 0; q < t->n_subjects; q++) {
        int j = t->subjects[q];
        if (j < 0 || j >= m->nj)
            continue;
        st->S[unit_of(m, g->school, j)] -= sgn * g->per;
        st->S[unit_of(m, d, j)] += sgn * g->per;
    }
}

static void apply_move(const model *m, gstate *st, grp *g, int k)
{
    change_move(m, st, g, k, 1);
}

static double unit_cost(const model *m, int u, double supply)
{
    double un = m->D[u] - supply;
    return un > 0 ? m->p->w_unfilled * m->ufac[u] * un : 0.0;
}

static double dev_cost(const model *m, int s, int k)
{
    return m->has_students[s] ? m->p->w_balance * fabs((double)k - m->T[s]) : 0.0;
}

/* Exact change of the objective if one move of g to d is added (sgn 1) or taken back (-1). */
static double move_delta(const model *m, const gstate *st, const grp *g, int d, int sgn)
{
    const rotas_teacher *t = &m->c->teachers[g->rep];
    double v = sgn * arc_cost(m, g, d);
    for (size_t q = 0; q < t->n_subjects; q++) {
        int j = t->subjects[q];
        if (j < 0 || j >= m->nj)
            continue;
        int uf = unit_of(m, g->school, j), ut = unit_of(m, d, j);
        if (uf == ut)
            continue;
        v += unit_cost(m, ut, st->S[ut] + sgn * g->per) - unit_cost(m, ut, st->S[ut]);
        v += unit_cost(m, uf, st->S[uf] - sgn * g->per) - unit_cost(m, uf, st->S[uf]);
    }
    if (g->key) {
        int a = g->school;
        v += dev_cost(m, a, st->Kc[a] - sgn) - dev_cost(m, a, st->Kc[a]);
        v += dev_cost(m, d, st->Kc[d] + sgn) - dev_cost(m, d, st->Kc[d]);
    }
    return v;
}

/* Does a receive_key decision need this move of g to d (no other qualifying move into d)? */
static int rk_needs(const model *m, const grp *g, int d)
{
    const rotas_county *c = m->c;
    if (!g->key)
        return 0;
    for (size_t q = 0; q < c->n_decisions; q++) {
        const rotas_decision *dc = &c->decisions[q];
        if (dc->kind != ROTAS_DECISION_RECEIVE_KEY || dc->school != d)
            continue;
        if (!rk_qualifies(m, g, dc))
            continue;
        if (rk_count(m, dc) <= 1)
            return 1;
    }
    return 0;
}

/* Local search on the regular teachers' moves: take back or send elsewhere while the
   objective falls and every hard rule holds. */
static void improve(const model *m, gstate *st, double deadline, const int *by_school,
                    const int *by_school_off)
{
    for (int pass = 0; pass < 20; pass++) {
        int changed = 0;
        for (int i = 0; i < m->ng; i++) {
            grp *g = &m->g[i];
            if (is_leader(g->role) || g->dec)
                continue;
            for (int k = 0; k < g->n_cand; k++) {
                while (g->start[k] > 0) {
                    int d = g->cand[k], a = g->school;
                    double drop = move_delta(m, st, g, d, -1);
                    /* take back: the source must have room for its teacher again */
                    int can_drop = st->ME - g->elig >= m->quota_min && !rk_needs(m, g, d) &&
                                   key_ok(m, st->M - 1, st->K - g->key) &&
                                   st->in[a] - st->out[a] + 1 <= m->room[a];
                    if (can_drop && drop < -1e-7) {
                        change_move(m, st, g, k, -1);
                        changed = 1;
                        continue;
                    }
                    /* relocate: the same teacher to another candidate */
                    if (rk_needs(m, g, d))
                        break;
                    change_move(m, st, g, k, -1);
                    int bk = -1;
                    double best = -drop - 1e-7; /* must beat keeping the move */
                    for (int q = 0; q < g->n_cand; q++) {
                        int d2 = g->cand[q];
                        if (q == k || st->in[d2] - st->out[d2] >= m->room[d2])
                            continue;
                        double add = move_delta(m, st, g, d2, 1);
                        if (add < best) {
                            best = add;
                            bk = q;
                        }
                    }
                    change_move(m, st, g, bk >= 0 ? bk : k, 1);
                    if (bk >= 0)
                        changed = 1;
                    break;
                }
            }
        }
        /* add: the best improving moves */
        for (;;) {
            int bi = -1, bk = -1;
            double best = -1e-7;
            for (int i = 0; i < m->ng; i++) {
                grp *g = &m->g[i];
                if (is_leader(g->role) || g->dec || st->left[i] <= 0 ||
                    st->out[g->school] >= m->outcap[g->school] ||
                    (!g->key && !key_ok(m, st->M + 1, st->K)))
                    continue;
                for (int k = 0; k < g->n_cand; k++) {
                    int d = g->cand[k];
                    if (st->in[d] - st->out[d] >= m->room[d])
                        continue;
                    double v = move_delta(m, st, g, d, 1);
                    if (v < best) {
                        best = v;
                        bi = i;
                        bk = k;
                    }
                }
            }
            if (bi < 0)
                break;
            change_move(m, st, &m->g[bi], bk, 1);
            changed = 1;
        }
        /* pairs: a move into a full school together with a move out of it */
        for (int i = 0; i < m->ng && now_s() <= deadline; i++) {
            grp *g = &m->g[i];
            if (is_leader(g->role) || g->dec)
                continue;
            for (int k = 0; k < g->n_cand; k++) {
                int d = g->cand[k];
                if (st->left[i] <= 0 || st->out[g->school] >= m->outcap[g->school])
                    break;
                if (st->in[d] - st->out[d] < m->room[d] || st->out[d] >= m->outcap[d])
                    continue;
                double add1 = move_delta(m, st, g, d, 1);
                if (add1 >= 0)
                    continue;
                change_move(m, st, g, k, 1);
                int bi = -1, bk = -1;
                double best = -add1 - 1e-7;
                for (int e = by_school_off[d]; e < by_school_off[d + 1]; e++) {
                    int i2 = by_school[e];
                    grp *h = &m->g[i2];
                    if (is_leader(h->role) || h->dec || st->left[i2] <= 0 ||
                        !key_ok(m, st->M + 1, st->K + h->key))
                        continue;
                    for (int q = 0; q < h->n_cand; q++) {
                        int d2 = h->cand[q];
                        if (st->in[d2] - st->out[d2] >= m->room[d2])
                            continue;
                        double v = move_delta(m, st, h, d2, 1);
                        if (v < best) {
                            best = v;
                            bi = i2;
                            bk = q;
                        }
                    }
                }
                if (bi >= 0) {
                    change_move(m, st, &m->g[bi], bk, 1);
                    changed = 1;
                } else {
                    change_move(m, st, g, k, -1);
                }
            }
        }
        if (!changed || now_s() > deadline)
            break;
    }
}

static int can_move(const model *m, const gstate *st, const grp *g, int d)
{
    return st->left[g - m->g] > 0 && st->out[g->school] < m->outcap[g->school] &&
           st->in[d] - st->out[d] < m->room[d];
}

static _Thread_local const double *g_sort_ang;

static int cmp_by_ang(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    int r = (g_sort_ang[a] > g_sort_ang[b]) - (g_sort_ang[a] < g_sort_ang[b]);
    return r ? r : cmp_int(a, b);
}

/* Out slots of school a left after its must leaders still to go: > 0 means none left for
   another move. */
static int must_left(const model *m, const gstate *st, int a)
{
    int need = 0;
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].school == a && m->g[i].must && !m->g[i].dec)
            need += m->g[i].n - m->g[i].excused;
    return st->out[a] + need + 1 > m->outcap[a];
}

/* Room at full school d for one more: the cheapest regular move out of d to a school with
   room (not to avoid). 1 done, 0 none found. */
static int make_room(const model *m, gstate *st, int d, int avoid)
{
    int hi = -1, hk = -1;
    double best = 0.0;
    for (int i = 0; i < m->ng; i++) {
        grp *h = &m->g[i];
        if (h->school != d || h->dec || is_leader(h->role) || st->left[i] <= 0 ||
            st->out[d] >= m->outcap[d])
            continue;
        for (int k = 0; k < h->n_cand; k++) {
            int d2 = h->cand[k];
            if (d2 == avoid || st->in[d2] - st->out[d2] >= m->room[d2])
                continue;
            double v = move_delta(m, st, h, d2, 1);
            if (hi < 0 || v < best) {
                hi = i;
                hk = k;
                best = v;
            }
        }
    }
    if (hi < 0)
        return 0;
    apply_move(m, st, &m->g[hi], hk);
    return 1;
}

/* Must leaders of one role in a ring (sorted by angle around their centre); each goes to the
   school of the leader `shift` places on. A lone must leader is paired with the nearest other
   eligible leader of its role; one without any partner is excused (m->conflict). Excused
   leaders (g->excused) stay. Adds the candidates used. 0 ok, 1 no ring, -1 oom. */
static int leader_ring(model *m, gstate *st, int role)
{
    const rotas_county *c = m->c;
    int n = 0;
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].role == role && m->g[i].must && !m->g[i].dec)
            n += m->g[i].n - m->g[i].excused;
    if (n == 0)
        return 0;
    int *gi = malloc((size_t)(n + 1) * sizeof *gi), *ord = malloc((size_t)(n + 1) * sizeof *ord);
    double *ang = malloc((size_t)(n + 1) * sizeof *ang);
    int rc = 1;
    if (!gi || !ord || !ang) {
        rc = -1;
        goto done;
    }
    n = 0;
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].role == role && m->g[i].must && !m->g[i].dec)
            for (int k = m->g[i].excused; k < m->g[i].n; k++)
                gi[n++] = i;
    if (n == 1) {
        /* a partner: the nearest eligible leader of the role elsewhere that may still leave */
        const grp *a = &m->g[gi[0]];
        int best = -1;
        double bkm = 0;
        for (int i = 0; i < m->ng; i++) {
            const grp *b = &m->g[i];
            if (b->role != role || b->must || b->dec || b->school == a->school || st->left[i] <= 0 ||
                st->out[b->school] >= m->outcap[b->school] || !within_km(m, a->school, b->school))
                continue;
            double km = rotas_county_km(c, a->school, b->school);
            if (best < 0 || km < bkm) {
                best = i;
                bkm = km;
            }
        }
        if (best < 0) {
            int any = 0; /* any partner at all, whatever the greedy did so far? */
            for (int i = 0; i < m->ng && !any; i++)
                any = m->g[i].role == role && !m->g[i].must && !m->g[i].dec && m->g[i].school != a->school &&
                      within_km(m, a->school, m->g[i].school);
            if (any)
                goto done; /* rc 1: no ring found by the greedy */
            m->g[gi[0]].excused++;
            m->conflict = 1;
            rc = 0;
            goto done;
        }
        gi[n++] = best;
    }
    double clat = 0, clon = 0;
    for (int k = 0; k < n; k++) {
        clat += c->schools[m->g[gi[k]].school].lat;
        clon += c->schools[m->g[gi[k]].school].lon;
    }
    clat /= n;
    clon /= n;
    for (int k = 0; k < n; k++) {
        const rotas_school *sc = &c->schools[m->g[gi[k]].school];
        ang[k] = atan2(sc->lat - clat, sc->lon - clon);
        ord[k] = k;
    }
    g_sort_ang = ang;
    qsort(ord, (size_t)n, sizeof *ord, cmp_by_ang);
    for (int shift = 1; shift < n; shift++) {
        int ok = 1;
        for (int k = 0; k < n && ok; k++) {
            int a = m->g[gi[ord[k]]].school, b = m->g[gi[ord[(k + shift) % n]]].school;
            if (a == b || !within_km(m, a, b))
                ok = 0;
        }
        if (!ok)
            continue;
        for (int k = 0; k < n; k++) {
            grp *g = &m->g[gi[ord[k]]];
            int b = m->g[gi[ord[(k + shift) % n]]].school;
            int idx = add_cand(g, b);
            if (idx < 0) {
                rc = -1;
                goto done;
            }
            apply_move(m, st, g, idx);
        }
        rc = 0;
        break;
    }
done:
    free(gi);
    free(ord);
    free(ang);
    return rc;
}

/* A greedy plan in g->start. Returns 1 when it meets every hard rule, 0 when not, -1 oom. */
/* xl: a solution of the LP relaxation to follow (leader moves are kept from the last greedy
   plan, regular moves start from the rounded relaxation), or NULL. */
static int greedy(model *m, double deadline, const double *xl)
{
    gstate st = {0};
    int ok = 0;
    for (int i = 0; i < m->ng; i++)
        for (int k = 0; k < m->g[i].n_cand; k++)
            if (!xl || (!is_leader(m->g[i].role) && !m->g[i].dec))
                m->g[i].start[k] = 0;
    if (!NEW(st.in, m->ns) || !NEW(st.out, m->ns) || !NEW(st.left, m->ng) ||
        !NEW(st.S, m->nunits)) {
        ok = -1;
        goto done;
    }
    memcpy(st.S, m->S0, (size_t)m->nunits * sizeof *st.S);
    if (!NEW(st.Kc, m->ns)) {
        ok = -1;
        goto done;
    }
    memcpy(st.Kc, m->K0, (size_t)m->ns * sizeof *st.Kc);
    for (int i = 0; i < m->ng; i++)
        st.left[i] = m->g[i].n;
    if (xl) {
        st.M = st.K = st.ME = 0;
        for (int i = 0; i < m->ng; i++)
            for (int k = 0; k < m->g[i].n_cand; k++) {
                int v = m->g[i].start[k];
                m->g[i].start[k] = 0;
                for (int q = 0; q < v; q++)
                    change_move(m, &st, &m->g[i], k, 1);
            }
        /* the relaxation's moves, largest first, while the rows allow */
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < m->ng; i++) {
                grp *g = &m->g[i];
                if (is_leader(g->role) || g->dec)
                    continue;
                for (int k = 0; k < g->n_cand; k++) {
                    int want = (int)floor(xl[m->arc_off[i] + k] + (pass == 0 ? 0.0 : 0.5));
                    while (g->start[k] < want && can_move(m, &st, g, g->cand[k]))
                        change_move(m, &st, g, k, 1);
                }
            }
        goto regular;
    }
    for (int i = 0; i < m->ng; i++)
        m->g[i].excused = 0;
    m->conflict = 0;
    /* a school whose must leaders outnumber what it may lose: the rules conflict (proven);
       excuse the extra ones, vice-principals first */
    for (int role = ROTAS_ROLE_VICE_PRINCIPAL; role >= ROTAS_ROLE_PRINCIPAL; role--)
        for (int i = 0; i < m->ng; i++) {
            grp *g = &m->g[i];
            if (!g->must || g->role != role)
                continue;
            int cnt = 0;
            for (int q = 0; q < m->ng; q++)
                if (m->g[q].must && m->g[q].school == g->school)
                    cnt += m->g[q].n - m->g[q].excused;
            while (cnt > m->outcap[g->school] && g->excused < g->n) {
                g->excused++;
                cnt--;
                m->conflict = 1;
            }
        }
    /* move decisions first (a together partner of a decided teacher goes along), making room
       at a full destination by a regular move out of it */
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].dec == 2 && m->g[i].n_cand > 0) {
            int d = m->g[i].cand[0];
            if (st.in[d] - st.out[d] >= m->room[d])
                make_room(m, &st, d, m->g[i].school);
            apply_move(m, &st, &m->g[i], 0);
        }
    /* receive_key decisions: the cheapest qualifying move into each school still without one
       (a key teacher more never breaks the key share) */
    for (size_t q = 0; q < m->c->n_decisions; q++) {
        const rotas_decision *dc = &m->c->decisions[q];
        if (dc->kind != ROTAS_DECISION_RECEIVE_KEY || rk_count(m, dc) > 0)
            continue;
        int bi = -1, bk = -1;
        double best = 0.0;
        for (int i = 0; i < m->ng; i++) {
            grp *g = &m->g[i];
            int k = rk_qualifies(m, g, dc) && !g->dec && !is_leader(g->role)
                        ? cand_index(g, dc->school) : -1;
            if (k < 0 || !can_move(m, &st, g, dc->school) || must_left(m, &st, g->school) > 0)
                continue;
            double v = move_delta(m, &st, g, dc->school, 1);
            if (bi < 0 || v < best) {
                bi = i;
                bk = k;
                best = v;
            }
        }
        if (bi < 0) {
            /* the school is full: a qualifying move in after a regular move out of it */
            for (int i = 0; i < m->ng; i++) {
                grp *g = &m->g[i];
                int k = rk_qualifies(m, g, dc) && !g->dec && !is_leader(g->role)
                            ? cand_index(g, dc->school) : -1;
                if (k < 0 || st.left[i] <= 0 || must_left(m, &st, g->school) > 0)
                    continue;
                double v = move_delta(m, &st, g, dc->school, 1);
                if (bi < 0 || v < best) {
                    bi = i;
                    bk = k;
                    best = v;
                }
            }
            if (bi >= 0 && !make_room(m, &st, dc->school, m->g[bi].school))
                bi = -1;
        }
        if (bi >= 0)
            apply_move(m, &st, &m->g[bi], bk);
    }
    for (int role = ROTAS_ROLE_PRINCIPAL; role <= ROTAS_ROLE_VICE_PRINCIPAL; role++) {
        int r = leader_ring(m, &st, role);
        if (r != 0) {
            ok = r < 0 ? -1 : 0;
            goto done;
        }
    }
    for (int s = 0; s < m->ns; s++)
        if (st.out[s] > m->outcap[s])
            goto done;
regular:
    /* regular teachers: the best single moves while rules call for moves or moves pay */
    for (;;) {
        int need_key = !key_ok(m, st.M, st.K);
        int need_any = st.ME < m->quota_min;
        int bi = -1, bk = -1;
        double best = 0.0;
        for (int i = 0; i < m->ng; i++) {
            grp *g = &m->g[i];
            if (is_leader(g->role) || g->dec || st.left[i] <= 0 || (need_key && !g->key) ||
                (need_any && !need_key && !g->elig))
                continue;
            if (!need_key && !need_any && !g->key && !key_ok(m, st.M + 1, st.K))
                continue;
            for (int k = 0; k < g->n_cand; k++) {
                int d = g->cand[k];
                if (!can_move(m, &st, g, d))
                    continue;
                double v = -move_delta(m, &st, g, d, 1);
                if (bi < 0 || v > best) {
                    bi = i;
                    bk = k;
                    best = v;
                }
            }
        }
        if (bi < 0)
            break;
        if (!need_key && !need_any && best <= 0)
            break;
        apply_move(m, &st, &m->g[bi], bk);
    }
    if (st.ME >= m->quota_min && key_ok(m, st.M, st.K)) {
        /* groups by school, for the pair moves */
        int *bs = malloc((size_t)(m->ng ? m->ng : 1) * sizeof *bs);
        int *off = calloc((size_t)m->ns + 2, sizeof *off);
        if (!bs || !off) {
            free(bs);
            free(off);
            ok = -1;
            goto done;
        }
        for (int i = 0; i < m->ng; i++)
            off[m->g[i].school + 2]++;
        for (int s = 0; s < m->ns; s++)
            off[s + 2] += off[s + 1];
        for (int i = 0; i < m->ng; i++)
            bs[off[m->g[i].school + 1]++] = i;
        improve(m, &st, deadline, bs, off);
        free(bs);
        free(off);
    }
    ok = !m->conflict && st.ME >= m->quota_min && key_ok(m, st.M, st.K);
done:
    free(st.Kc);
    free(st.in);
    free(st.out);
    free(st.left);
    free(st.S);
    return ok;
}

/* ---- building the LP ---- */

static char *fmt_name(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *fmt_name(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, NAME_BUF, fmt, ap);
    va_end(ap);
    return buf;
}

static int add_col(model *m, rotas_error *err, int kind, double lb, double ub, double obj,
                   int slack, const char *name)
{
    int j = rotas__lp_col(m->lp, err, kind, lb, ub, obj, "%s", name);
    if (j < 0)
        return -1;
    if (j >= m->ncols_cap) {
        int nc = m->ncols_cap ? 2 * m->ncols_cap : 1024;
        while (nc <= j)
            nc *= 2;
        double *o = realloc(m->obj, (size_t)nc * sizeof *o);
        if (!o)
            goto oom;
        m->obj = o;
        double *l = realloc(m->lb, (size_t)nc * sizeof *l);
        if (!l)
            goto oom;
        m->lb = l;
        double *u = realloc(m->ub, (size_t)nc * sizeof *u);
        if (!u)
            goto oom;
        m->ub = u;
        int *sk = realloc(m->slack_kind, (size_t)nc * sizeof *sk);
        if (!sk)
            goto oom;
        m->slack_kind = sk;
        m->ncols_cap = nc;
    }
    m->obj[j] = obj;
    m->lb[j] = kind == ROTAS_LP_BINARY ? 0.0 : lb;
    m->ub[j] = kind == ROTAS_LP_BINARY ? 1.0 : ub;
    m->slack_kind[j] = slack;
    return j;
oom:
    rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
    return -1;
}

/* Entries collected for the next row. */
typedef struct rowbuf {
    int *cols;
    double *vals;
    size_t n, cap;
} rowbuf;

static int rb_add(rowbuf *rb, int col, double v)
{
    if (rb->n == rb->cap) {
        size_t nc = rb->cap ? 2 * rb->cap : 64;
        int *a = realloc(rb->cols, nc * sizeof *a);
        if (!a)
            return -1;
        rb->cols = a;
        double *b = realloc(rb->vals, nc * sizeof *b);
        if (!b)
            return -1;
        rb->vals = b;
        rb->cap = nc;
    }
    rb->cols[rb->n] = col;
    rb->vals[rb->n] = v;
    rb->n++;
    return 0;
}

static int add_row(model *m, rotas_error *err, double lo, double hi, rowbuf *rb, int fix_lo,
                   int fix_hi, const char *name)
{
    if (rb->n == 0) /* nothing can change it: a constant row holds or not; not added */
        return 0;
    if (rotas__lp_row(m->lp, err, lo, hi, rb->n, rb->cols, rb->vals, "%s", name) < 0)
        return -1;
    if (m->n_rows == m->cap_rows) {
        size_t nc = m->cap_rows ? 2 * m->cap_rows : 256;
        mrow *r = realloc(m->rows, nc * sizeof *r);
        if (!r)
            goto oom;
        m->rows = r;
        m->cap_rows = nc;
    }
    while (m->n_ent + rb->n > m->cap_ent) {
        size_t nc = m->cap_ent ? 2 * m->cap_ent : 4096;
        int *ec = realloc(m->ecol, nc * sizeof *ec);
        if (!ec)
            goto oom;
        m->ecol = ec;
        double *ev = realloc(m->eval, nc * sizeof *ev);
        if (!ev)
            goto oom;
        m->eval = ev;
        m->cap_ent = nc;
    }
    memcpy(m->ecol + m->n_ent, rb->cols, rb->n * sizeof *rb->cols);
    memcpy(m->eval + m->n_ent, rb->vals, rb->n * sizeof *rb->vals);
    m->rows[m->n_rows++] = (mrow){lo, hi, m->n_ent, rb->n, fix_lo, fix_hi};
    m->n_ent += rb->n;
    rb->n = 0;
    return 0;
oom:
    rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
    return -1;
}

static double penalty_unit(const model *m)
{
    const rotas_policy *p = m->p;
    double maxfac = 1.0, maxcap = p->default_max_periods, maxkm = 0.0;
    size_t maxpref = 0;
    for (int s = 0; s < m->ns; s++)
        if (m->fac[s] > maxfac)
            maxfac = m->fac[s];
    for (size_t i = 0; i < m->c->n_teachers; i++) {
        const rotas_teacher *t = &m->c->teachers[i];
        if (t->max_periods > maxcap)
            maxcap = t->max_periods;
        if (t->n_preferences > maxpref)
            maxpref = t->n_preferences;
    }
    for (size_t k = 0; k < (size_t)m->ns * (size_t)m->ns; k++)
        if (m->c->km[k] > maxkm)
            maxkm = m->c->km[k];
    double per_move = 2.0 * fabs(p->w_unfilled) * maxfac * maxcap + 2.0 * fabs(p->w_balance) +
                      fabs(p->w_km) * maxkm + fabs(p->w_preference) * (double)(maxpref + 1) +
                      fabs(p->w_move) + fabs(p->w_group);
    return 10.0 * per_move + 1000.0;
}

static const char *sid(const model *m, int s)
{
    return m->c->schools[s].id ? m->c->schools[s].id : "?";
}

/* ---- exact supply ----

   A type is a place and a subject set: the school for sets with a subject taught inside the
   school, the cluster for sets of shortage subjects only (such teachers reach the same lessons
   from any school of the cluster). Its capacity is that of the teachers there now, minus the
   groups that leave it, plus those that arrive. Demand nodes: (school, subject) for subjects
   taught inside the school, (pool, subject) for shortage subjects, where a pool is a cluster
   or a school without one. Rows:
     cap(type):   sum_j f(type, j) + sum_leaving cap x - sum_arriving cap x <= capacity now
     cover(node): sum_types f(type, j) + sum_{schools s of node} unfilled(s, j) >= demand
   with 0 <= unfilled(s, j) <= demand(s, j), priced w_unfilled x the school's factor. With the
   moves integer the rest is a transportation problem: its optimum leaves exactly the maximum
   flow's shortage, spread where it costs least. */

typedef struct stype {
    int loc, set;  /* loc < ns: a school; else ns + cluster */
    double c0;     /* capacity of the teachers there now */
    int next;      /* next type at the same place, -1 */
} stype;

static int loc_of(const model *m, int s, int set)
{
    int cl = m->c->schools[s].cluster;
    if (cl < 0)
        return s;
    for (int k = m->set_off[set]; k < m->set_off[set + 1]; k++)
        if (!m->c->subjects[m->set_sub[k]].shortage)
            return s;
    return m->ns + cl;
}

/* The demand node a type's subject j goes to: (school, j) or (pool, j) after ns * nj. */
static int node_of(const model *m, int loc, int j)
{
    if (loc >= m->ns) /* a cluster type: only shortage subjects */
        return m->ns * m->nj + (loc - m->ns) * m->nj + j;
    const rotas_school *sc = &m->c->schools[loc];
    if (!m->c->subjects[j].shortage)
        return loc * m->nj + j;
    int pool = sc->cluster >= 0 ? sc->cluster : m->nc + loc;
    return m->ns * m->nj + pool * m->nj + j;
}

static const char *subj_id(const model *m, int j)
{
    return m->c->subjects[j].id ? m->c->subjects[j].id : "?";
}

static const char *loc_id(const model *m, int loc)
{
    if (loc < m->ns)
        return sid(m, loc);
    const char *id = m->c->clusters[loc - m->ns].id;
    return id ? id : "?";
}

static const char *set_name(const model *m, int set, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int k = m->set_off[set]; k < m->set_off[set + 1] && len + 1 < n; k++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", k > m->set_off[set] ? "." : "",
                                subj_id(m, m->set_sub[k]));
    return buf;
}

typedef struct tentry {
    int type, col;
    double v;
} tentry;

static int find_type(stype **ty, int *nty, int *cap, int *head, int loc, int set)
{
    for (int k = head[loc]; k >= 0; k = (*ty)[k].next)
        if ((*ty)[k].set == set)
            return k;
    if (*nty == *cap) {
        int nc = *cap ? 2 * *cap : 256;
        stype *a = realloc(*ty, (size_t)nc * sizeof *a);
        if (!a)
            return -1;
        *ty = a;
        *cap = nc;
    }
    (*ty)[*nty] = (stype){loc, set, 0.0, head[loc]};
    head[loc] = *nty;
    return (*nty)++;
}

static int cmp_tentry(const void *pa, const void *pb)
{
    const tentry *a = pa, *b = pb;
    if (a->type != b->type)
        return cmp_int(a->type, b->type);
    return cmp_int(a->col, b->col);
}

static rotas_rc rows_supply(model *m, rotas_error *err)
{
    const rotas_county *c = m->c;
    const rotas_policy *p = m->p;
    int ns = m->ns, nj = m->nj, nloc = m->ns + m->nc;
    int nnodes = ns * nj + (m->nc + ns) * nj;
    rotas_rc rc = ROTAS_OK;
    stype *ty = NULL;
    int nty = 0, capty = 0;
    int *head = NULL, *fcol = NULL, *fnode = NULL, *ftype = NULL, *tfirst = NULL, *nfirst = NULL;
    int *ncnt = NULL, *nlist = NULL, *ncolmark = NULL;
    double *ndem = NULL, *acc = NULL;
    tentry *te = NULL;
    size_t nte = 0, capte = 0, nf = 0, capf = 0;
    rowbuf rb = {0};
    char nb[NAME_BUF], setb[300];
#define OOM()                                                                                      \
    do {                                                                                           \
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");                           \
        goto done;                                                                                 \
    } while (0)
#define LPFAIL()                                                                                   \
    do {                                                                                           \
        rc = err && err->code ? err->code : ROTAS_ERR;                                             \
        goto done;                                                                                 \
    } while (0)
    if (!NEW(head, nloc) || !NEW(ndem, nnodes) || !NEW(m->ucol_sj, (size_t)ns * (size_t)nj) ||
        !NEW(m->ufix_sj, (size_t)ns * (size_t)nj) || !NEW(tfirst, 1))
        OOM();
    for (int l = 0; l < nloc; l++)
        head[l] = -1;
    for (size_t k = 0; k < (size_t)ns * (size_t)nj; k++)
        m->ucol_sj[k] = -1;
    /* types of the teachers where they are now */
    for (size_t i = 0; i < c->n_teachers; i++) {
        int set = m->tset[i];
        if (set < 0)
            continue;
        int t = find_type(&ty, &nty, &capty, head, loc_of(m, c->teachers[i].school, set), set);
        if (t < 0)
            OOM();
        ty[t].c0 += m->tcap[i];
    }
    /* arcs: capacity leaves one type and reaches another */
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        int set = m->tset[g->rep];
        if (set < 0)
            continue;
        double cap = m->tcap[g->rep];
        int from = find_type(&ty, &nty, &capty, head, loc_of(m, g->school, set), set);
        if (from < 0)
            OOM();
        for (int k = 0; k < g->n_cand; k++) {
            int to = find_type(&ty, &nty, &capty, head, loc_of(m, g->cand[k], set), set);
            if (to < 0)
                OOM();
            if (to == from)
                continue;
            if (nte + 2 > capte) {
                size_t nc = capte ? 2 * capte : 4096;
                tentry *a = realloc(te, nc * sizeof *a);
                if (!a)
                    OOM();
                te = a;
                capte = nc;
            }
            te[nte++] = (tentry){from, m->arc_off[i] + k, cap};
            te[nte++] = (tentry){to, m->arc_off[i] + k, -cap};
        }
    }
    if (nte > 0)
        qsort(te, nte, sizeof *te, cmp_tentry);
    /* demand per node */
    for (int s = 0; s < ns; s++)
        for (int j = 0; j < nj; j++) {
            double d = m->demand_sj[(size_t)s * (size_t)nj + (size_t)j];
            if (d > 0)
                ndem[node_of(m, s, j)] += d;
        }
    /* flow columns, type by type, and their capacity rows */
    free(tfirst);
    if (!NEW(tfirst, nty + 1))
        OOM();
    size_t e = 0;
    for (int t = 0; t < nty; t++) {
        tfirst[t] = (int)nf;
        set_name(m, ty[t].set, setb, sizeof setb);
        /* a type that reaches one node only gives it all its capacity: no flow column, no
           capacity row; the node's cover row takes the capacity and the arcs directly (the
           same LP, smaller and less degenerate) */
        int reach = 0;
        for (int k = m->set_off[ty[t].set]; k < m->set_off[ty[t].set + 1]; k++)
            reach += ndem[node_of(m, ty[t].loc, m->set_sub[k])] > 0;
        for (int k = m->set_off[ty[t].set]; k < m->set_off[ty[t].set + 1]; k++) {
            int j = m->set_sub[k], n = node_of(m, ty[t].loc, j);
            if (ndem[n] <= 0)
                continue;
            int col = -1; /* direct */
            if (reach > 1) {
                col = add_col(m, err, ROTAS_LP_CONTINUOUS, 0, INFINITY, 0.0, -1,
                              fmt_name(nb, "f(%s,%s,%s)", loc_id(m, ty[t].loc), setb, subj_id(m, j)));
                if (col < 0)
                    LPFAIL();
            }
            if (nf == capf) {
                size_t nc = capf ? 2 * capf : 4096;
                int *a = realloc(fcol, nc * sizeof *a), *b2 = a ? realloc(fnode, nc * sizeof *b2) : NULL;
                int *b3 = b2 ? realloc(ftype, nc * sizeof *b3) : NULL;
                if (a)
                    fcol = a;
                if (b2)
                    fnode = b2;
                if (b3)
                    ftype = b3;
                if (!a || !b2 || !b3)
                    OOM();
                capf = nc;
            }
            fcol[nf] = col;
            fnode[nf] = n;
            ftype[nf] = t;
            nf++;
            if (col >= 0 && rb_add(&rb, col, 1.0))
                OOM();
        }
        size_t e0 = e;
        while (e < nte && te[e].type < t)
            e++;
        e0 = e;
        while (e < nte && te[e].type == t)
            e++;
        if (rb.n == 0)
            continue; /* the type teaches nothing anybody needs */
        for (size_t q = e0; q < e; q++)
            if (rb_add(&rb, te[q].col, te[q].v))
                OOM();
        if (add_row(m, err, -INFINITY, ty[t].c0, &rb, -1, -1,
                    fmt_name(nb, "cap(%s,%s)", loc_id(m, ty[t].loc), setb)) < 0)
            LPFAIL();
    }
    tfirst[nty] = (int)nf;
    /* cover rows: flows into each node, and unfilled columns of the node's schools */
    if (!NEW(ncnt, nnodes + 1) || !NEW(nlist, nf))
        OOM();
    for (size_t q = 0; q < nf; q++)
        ncnt[fnode[q] + 1]++;
    for (int n = 0; n < nnodes; n++)
        ncnt[n + 1] += ncnt[n];
    if (!NEW(nfirst, nnodes + 1))
        OOM();
    memcpy(nfirst, ncnt, (size_t)(nnodes + 1) * sizeof *nfirst);
    for (size_t q = 0; q < nf; q++)
        nlist[nfirst[fnode[q]]++] = (int)q;
    /* the schools of each pool */
    int npool = m->nc + ns;
    int *pfirst = NULL, *plist = NULL;
    if (!NEW(pfirst, npool + 1) || !NEW(plist, ns)) {
        free(pfirst);
        OOM();
    }
    for (int s = 0; s < ns; s++) {
        int cl = c->schools[s].cluster;
        pfirst[(cl >= 0 ? cl : m->nc + s) + 1]++;
    }
    for (int q = 0; q < npool; q++)
        pfirst[q + 1] += pfirst[q];
    {
        int *pos = NULL;
        if (!NEW(pos, npool + 1)) {
            free(pfirst);
            free(plist);
            OOM();
        }
        memcpy(pos, pfirst, (size_t)(npool + 1) * sizeof *pos);
        for (int s = 0; s < ns; s++) {
            int cl = c->schools[s].cluster;
            plist[pos[cl >= 0 ? cl : m->nc + s]++] = s;
        }
        free(pos);
    }
    for (int n = 0; n < nnodes && !rc; n++) {
        if (ndem[n] <= 0)
            continue;
        int pooled = n >= ns * nj, j = n % nj;
        int lo_s, hi_s;
        const int *schools;
        int one = n / nj;
        if (pooled) {
            int pool = (n - ns * nj) / nj;
            schools = plist + pfirst[pool];
            lo_s = 0;
            hi_s = pfirst[pool + 1] - pfirst[pool];
        } else {
            schools = &one;
            lo_s = 0;
            hi_s = 1;
        }
        int has_flow = ncnt[n + 1] > ncnt[n];
        for (int q = lo_s; q < hi_s; q++) {
            int s = schools[q];
            double d = m->demand_sj[(size_t)s * (size_t)nj + (size_t)j];
            if (d <= 0)
                continue;
            double w = p->w_unfilled * m->fac[s];
            if (!has_flow) {
                m->ufix_sj[(size_t)s * (size_t)nj + (size_t)j] = d;
                m->obj_const += w * d;
                continue;
            }
            int col = add_col(m, err, ROTAS_LP_CONTINUOUS, 0, d, w, -1,
                              fmt_name(nb, "unfilled(%s,%s)", sid(m, s), subj_id(m, j)));
            if (col < 0) {
                rc = err && err->code ? err->code : ROTAS_ERR;
                break;
            }
            m->ucol_sj[(size_t)s * (size_t)nj + (size_t)j] = col;
            if (rb_add(&rb, col, 1.0))
                rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        }
        if (rc || !has_flow)
            continue;
        double direct = 0.0;
        for (int q = ncnt[n]; q < ncnt[n + 1] && !rc; q++) {
            int fq = nlist[q];
            if (fcol[fq] >= 0) {
                if (rb_add(&rb, fcol[fq], 1.0))
                    rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                continue;
            }
            /* a direct type: its capacity now, and what its arcs take away or bring */
            int t = ftype[fq];
            direct += ty[t].c0;
            size_t lo = 0, hi = nte;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (te[mid].type < t)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t z = lo; z < nte && te[z].type == t && !rc; z++)
                if (rb_add(&rb, te[z].col, -te[z].v))
                    rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        }
        const char *where = pooled ? (n - ns * nj) / nj < m->nc
                                         ? loc_id(m, ns + (n - ns * nj) / nj)
                                         : sid(m, (n - ns * nj) / nj - m->nc)
                                   : sid(m, n / nj);
        if (!rc && add_row(m, err, ndem[n] - direct, INFINITY, &rb, -1, -1,
                           fmt_name(nb, "cover(%s,%s)", where, subj_id(m, j))) < 0)
            rc = err && err->code ? err->code : ROTAS_ERR;
    }
    if (rc) {
        free(pfirst);
        free(plist);
        goto done;
    }
    /* Rounding rows. For a set N of demand nodes, all the capacity of the types that reach N
       could go to N, so
         sum_{N} unfilled + sum_arriving cap x - sum_leaving cap x >= demand(N) - capacity now
       holds; with the moves integer its mixed-integer rounding (q the largest |coefficient|,
       d the right side, f = frac(d / q), a = coefficient / q):
         sum_{N} unfilled + sum q (f floor(a) + min(frac(a), f)) x >= q f ceil(d / q)
       is valid and cuts off fractional moves. N: each node alone, the lessons of one school
       taught inside it, and all the nodes of a pool (a cluster's whole demand). Coefficients
       are snapped to integers where they are within 1e-9 of one; none below 1e-9 of q is
       kept. */
    if (!NEW(acc, m->n_arcs) || !NEW(ncolmark, m->n_arcs)) {
        free(pfirst);
        free(plist);
        OOM();
    }
    {
        int *touched = NULL, *tflag = NULL, *types_here = NULL, *set = NULL;
        if (!NEW(touched, m->n_arcs) || !NEW(tflag, nty) || !NEW(types_here, nty) ||
            !NEW(set, nnodes)) {
            free(touched);
            free(tflag);
            free(types_here);
            free(pfirst);
            free(plist);
            OOM();
        }
        /* node sets: kind 0 single nodes, 1 a school's inside lessons, 2 a pool */
        for (int kind = 0; kind < 3 && !rc; kind++) {
            int nsets = kind == 0 ? nnodes : kind == 1 ? ns : npool;
            for (int q0 = 0; q0 < nsets && !rc; q0++) {
                int nn = 0;
                if (kind == 0) {
                    set[nn++] = q0;
                } else if (kind == 1) {
                    for (int j = 0; j < nj; j++)
                        if (!c->subjects[j].shortage)
                            set[nn++] = q0 * nj + j;
                } else {
                    for (int z = pfirst[q0]; z < pfirst[q0 + 1]; z++)
                        for (int j = 0; j < nj; j++)
                            if (!c->subjects[j].shortage)
                                set[nn++] = plist[z] * nj + j;
                    for (int j = 0; j < nj; j++)
                        set[nn++] = ns * nj + q0 * nj + j;
                }
                int live = 0, nt2 = 0, nt_ = 0;
                double dem = 0.0, c0 = 0.0;
                for (int z = 0; z < nn; z++)
                    if (ndem[set[z]] > 0 && ncnt[set[z] + 1] > ncnt[set[z]]) {
                        set[live++] = set[z];
                        dem += ndem[set[z]];
                    }
                if (live == 0 || (kind > 0 && live < 2))
                    continue; /* nothing to round, or the same row as a single node's */
                for (int z = 0; z < live; z++)
                    for (int q = ncnt[set[z]]; q < ncnt[set[z] + 1]; q++) {
                        int t = ftype[nlist[q]];
                        if (!tflag[t]) {
                            tflag[t] = 1;
                            types_here[nt2++] = t;
                            c0 += ty[t].c0;
                        }
                    }
                for (int z = 0; z < nt2; z++) {
                    int t = types_here[z];
                    tflag[t] = 0;
                    size_t lo = 0, hi = nte;
                    while (lo < hi) {
                        size_t mid = (lo + hi) / 2;
                        if (te[mid].type < t)
                            lo = mid + 1;
                        else
                            hi = mid;
                    }
                    for (size_t q = lo; q < nte && te[q].type == t; q++) {
                        int a = te[q].col;
                        if (!ncolmark[a]) {
                            ncolmark[a] = 1;
                            touched[nt_++] = a;
                        }
                        acc[a] -= te[q].v;
                    }
                }
                double qmax = 0.0;
                for (int z = 0; z < nt_; z++)
                    qmax = fmax(qmax, fabs(acc[touched[z]]));
                double d = dem - c0;
                double fl = qmax > 0 ? floor(d / qmax) : 0.0, f = qmax > 0 ? d / qmax - fl : 0.0;
                /* a row far on the slack side (d well below what one move changes) cannot
                   cut; nor can one whose f is 0 */
                if (qmax > 0 && f > 1e-6 && f < 1 - 1e-6 && d > -2.0 * qmax) {
                    for (int z = 0; z < live && !rc; z++) {
                        int n = set[z], j = n % nj;
                        if (n >= ns * nj) {
                            int pool = (n - ns * nj) / nj;
                            for (int q = pfirst[pool]; q < pfirst[pool + 1]; q++) {
                                int col = m->ucol_sj[(size_t)plist[q] * (size_t)nj + (size_t)j];
                                if (col >= 0 && rb_add(&rb, col, 1.0))
                                    rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                            }
                        } else {
                            int col = m->ucol_sj[(size_t)(n / nj) * (size_t)nj + (size_t)j];
                            if (col >= 0 && rb_add(&rb, col, 1.0))
                                rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                        }
                    }
                    int nx = 0;
                    for (int z = 0; z < nt_ && !rc; z++) {
                        double a = acc[touched[z]] / qmax;
                        if (fabs(a) < 1e-9)
                            continue;
                        double ra = round(a);
                        if (fabs(a - ra) < 1e-9)
                            a = ra;
                        double fa = a - floor(a);
                        double coef = qmax * (f * floor(a) + fmin(fa, f));
                        if (fabs(coef) >= 1e-9 * qmax) {
                            if (rb_add(&rb, touched[z], coef))
                                rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                            nx++;
                        }
                    }
                    const char *where;
                    if (kind == 0) {
                        int n = set[0];
                        where = n >= ns * nj ? (n - ns * nj) / nj < m->nc
                                                   ? loc_id(m, ns + (n - ns * nj) / nj)
                                                   : sid(m, (n - ns * nj) / nj - m->nc)
                                             : sid(m, n / nj);
                    } else if (kind == 1) {
                        where = sid(m, q0);
                    } else {
                        where = q0 < m->nc ? loc_id(m, ns + q0) : sid(m, q0 - m->nc);
                    }
                    if (!rc && nx > 0 &&
                        add_row(m, err, qmax * f * (fl + 1.0), INFINITY, &rb, -1, -1,
                                kind == 0 ? fmt_name(nb, "round(%s,%s)", where, subj_id(m, set[0] % nj))
                                : kind == 1 ? fmt_name(nb, "round_school(%s)", where)
                                            : fmt_name(nb, "round_pool(%s)", where)) < 0)
                        rc = err && err->code ? err->code : ROTAS_ERR;
                    rb.n = 0;
                }
                for (int z = 0; z < nt_; z++) {
                    acc[touched[z]] = 0.0;
                    ncolmark[touched[z]] = 0;
                }
            }
        }
        free(touched);
        free(tflag);
        free(types_here);
        free(set);
    }
    free(pfirst);
    free(plist);
done:
#undef OOM
#undef LPFAIL
    free(ty);
    free(head);
    free(fcol);
    free(fnode);
    free(ftype);
    free(tfirst);
    free(nfirst);
    free(ncnt);
    free(nlist);
    free(ncolmark);
    free(ndem);
    free(acc);
    free(te);
    free(rb.cols);
    free(rb.vals);
    return rc;
}

/* Arcs (move columns) indexed by school: those arriving at and those leaving each school. */
typedef struct arc_index {
    int *head_in, *next_in, *head_out, *next_out, *arc_g;
    int *pin, *pout; /* teachers who could arrive at / leave each school */
} arc_index;

static void arc_index_free(arc_index *ix)
{
    free(ix->head_in);
    free(ix->next_in);
    free(ix->head_out);
    free(ix->next_out);
    free(ix->arc_g);
    free(ix->pin);
    free(ix->pout);
}

static int arc_index_make(arc_index *ix, const model *m)
{
    int ns = m->ns, na = m->n_arcs;
    memset(ix, 0, sizeof *ix);
    if (!NEW(ix->head_in, ns) || !NEW(ix->next_in, na) || !NEW(ix->head_out, ns) ||
        !NEW(ix->next_out, na) || !NEW(ix->arc_g, na) || !NEW(ix->pin, ns) || !NEW(ix->pout, ns))
        return -1;
    for (int s = 0; s < ns; s++)
        ix->head_in[s] = ix->head_out[s] = -1;
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        if (g->n_cand > 0)
            ix->pout[g->school] += g->n;
        for (int k = 0; k < g->n_cand; k++) {
            int a = m->arc_off[i] + k, d = g->cand[k];
            ix->pin[d] += g->n;
            ix->arc_g[a] = i;
            ix->next_in[a] = ix->head_in[d];
            ix->head_in[d] = a;
            ix->next_out[a] = ix->head_out[g->school];
            ix->head_out[g->school] = a;
        }
    }
    return 0;
}

/* What every row family needs while the model is built. */
typedef struct build_ctx {
    model *m;
    int relaxed;
    double pen; /* the penalty unit of slack columns (relaxed model) */
    rowbuf rb;
    arc_index ix;
    int *dcol;  /* per school: its key deviation column, -1 */
    char nb[NAME_BUF];
    rotas_error *err;
} build_ctx;

static rotas_rc oom_or(build_ctx *b)
{
    return b->err && b->err->code ? b->err->code
                                  : rotas_error_set(b->err, ROTAS_ENOMEM, "plan: out of memory");
}

#define TRY(x)                                                                                     \
    do {                                                                                           \
        if (x)                                                                                     \
            return oom_or(b);                                                                      \
    } while (0)

/* A slack column of a rule (relaxed model only; -1 in the strict model). */
static int slack_col(build_ctx *b, int rule, const char *name)
{
    if (!b->relaxed)
        return -1;
    return add_col(b->m, b->err, ROTAS_LP_INTEGER, 0, INFINITY, b->pen * rule_mult[rule], rule,
                   name);
}

/* Move columns: one per group and candidate destination. */
static rotas_rc cols_moves(build_ctx *b)
{
    model *m = b->m;
    for (int i = 0; i < m->ng; i++) {
        grp *g = &m->g[i];
        const rotas_teacher *t = &m->c->teachers[g->rep];
        char who[300];
        if (g->n == 1)
            snprintf(who, sizeof who, "%s", t->id ? t->id : "?");
        else
            snprintf(who, sizeof who, "%s_and_%d", t->id ? t->id : "?", g->n - 1);
        m->arc_off[i] = m->n_arcs;
        for (int k = 0; k < g->n_cand; k++) {
            int j = add_col(m, b->err, g->n == 1 ? ROTAS_LP_BINARY : ROTAS_LP_INTEGER, 0, g->n,
                            arc_cost(m, g, g->cand[k]), -1,
                            fmt_name(b->nb, "x(%s,%s)", who, sid(m, g->cand[k])));
            TRY(j < 0);
            m->n_arcs++;
        }
    }
    m->arc_off[m->ng] = m->n_arcs;
    return ROTAS_OK;
}

/* Key deviation columns, where a move can change a school's key count; the rest is constant. */
static rotas_rc cols_balance(build_ctx *b)
{
    model *m = b->m;
    int ns = m->ns;
    unsigned char *touch = NULL;
    TRY(!NEW(touch, ns));
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].key && m->g[i].n_cand > 0) {
            touch[m->g[i].school] = 1;
            for (int k = 0; k < m->g[i].n_cand; k++)
                touch[m->g[i].cand[k]] = 1;
        }
    rotas_rc rc = ROTAS_OK;
    for (int s = 0; s < ns && !rc; s++) {
        b->dcol[s] = -1;
        if (!m->has_students[s])
            continue;
        if (touch[s]) {
            b->dcol[s] = add_col(m, b->err, ROTAS_LP_CONTINUOUS, 0, INFINITY, m->p->w_balance, -1,
                                 fmt_name(b->nb, "keydev(%s)", sid(m, s)));
            if (b->dcol[s] < 0)
                rc = oom_or(b);
        } else {
            m->obj_const += m->p->w_balance * fabs((double)m->K0[s] - m->T[s]);
        }
    }
    free(touch);
    return rc;
}

/* leader_tenure (must leaders move exactly once), decided moves, everyone else at most once. */
static rotas_rc rows_leader_tenure(build_ctx *b)
{
    model *m = b->m;
    for (int i = 0; i < m->ng; i++) {
        grp *g = &m->g[i];
        const char *tid = m->c->teachers[g->rep].id ? m->c->teachers[g->rep].id : "?";
        for (int k = 0; k < g->n_cand; k++)
            TRY(rb_add(&b->rb, m->arc_off[i] + k, 1.0));
        if (g->dec == 2) {
            if (b->rb.n == 0) {
                m->dec_bad = 1;
                continue;
            }
            TRY(add_row(m, b->err, g->n, g->n, &b->rb, -1, -1,
                        fmt_name(b->nb, "decision(%s)", tid)));
        } else if (g->must) {
            int sl = slack_col(b, R_MUST, fmt_name(b->nb, "slack_leader_tenure(%s)", tid));
            TRY(b->relaxed && sl < 0);
            if (sl >= 0)
                TRY(rb_add(&b->rb, sl, 1.0));
            if (b->rb.n == 0) {
                /* a must leader without any destination */
                if (!b->relaxed)
                    m->rule_cols[R_MUST][0] = -2; /* marks: strict model infeasible */
                continue;
            }
            TRY(add_row(m, b->err, g->n, g->n, &b->rb, sl, -1, fmt_name(b->nb, "must(%s)", tid)));
        } else {
            TRY(add_row(m, b->err, -INFINITY, g->n, &b->rb, -1, -1,
                        fmt_name(b->nb, "once(%s)", tid)));
        }
    }
    return ROTAS_OK;
}

/* posts: per school and leader role, leaders in = leaders out. */
static rotas_rc rows_posts(build_ctx *b)
{
    model *m = b->m;
    for (int role = ROTAS_ROLE_PRINCIPAL; role <= ROTAS_ROLE_VICE_PRINCIPAL; role++) {
        const char *rn = role == ROTAS_ROLE_PRINCIPAL ? "principal" : "vice_principal";
        for (int s = 0; s < m->ns; s++) {
            for (int a = b->ix.head_out[s]; a >= 0; a = b->ix.next_out[a])
                if (m->g[b->ix.arc_g[a]].role == role)
                    TRY(rb_add(&b->rb, a, -1.0));
            for (int a = b->ix.head_in[s]; a >= 0; a = b->ix.next_in[a])
                if (m->g[b->ix.arc_g[a]].role == role)
                    TRY(rb_add(&b->rb, a, 1.0));
            if (b->rb.n == 0)
                continue;
            int sp = -1, sm = -1;
            if (b->relaxed) {
                sp = slack_col(b, R_POSTS, fmt_name(b->nb, "slack_posts_up(%s,%s)", sid(m, s), rn));
                sm = slack_col(b, R_POSTS,
                               fmt_name(b->nb, "slack_posts_down(%s,%s)", sid(m, s), rn));
                TRY(sp < 0 || sm < 0);
                TRY(rb_add(&b->rb, sp, 1.0) || rb_add(&b->rb, sm, -1.0));
            }
            TRY(add_row(m, b->err, 0, 0, &b->rb, sp, sm,
                        fmt_name(b->nb, "posts(%s,%s)", sid(m, s), rn)));
        }
    }
    return ROTAS_OK;
}

/* staff_quota: staff after <= max(staff before, quota), where arrivals could break it. */
static rotas_rc rows_staff_quota(build_ctx *b)
{
    model *m = b->m;
    for (int s = 0; s < m->ns; s++) {
        if (b->ix.pin[s] <= m->room[s])
            continue;
        for (int a = b->ix.head_in[s]; a >= 0; a = b->ix.next_in[a])
            TRY(rb_add(&b->rb, a, 1.0));
        for (int a = b->ix.head_out[s]; a >= 0; a = b->ix.next_out[a])
            TRY(rb_add(&b->rb, a, -1.0));
        if (b->rb.n == 0)
            continue;
        int sl = slack_col(b, R_QUOTA, fmt_name(b->nb, "slack_staff_quota(%s)", sid(m, s)));
        TRY(b->relaxed && (sl < 0 || rb_add(&b->rb, sl, -1.0)));
        TRY(add_row(m, b->err, -INFINITY, m->room[s], &b->rb, -1, sl,
                    fmt_name(b->nb, "staff(%s)", sid(m, s))));
    }
    return ROTAS_OK;
}

/* max_out_share: no school loses more than its cap. */
static rotas_rc rows_out_share(build_ctx *b)
{
    model *m = b->m;
    for (int s = 0; s < m->ns; s++) {
        if (b->ix.pout[s] <= m->outcap[s])
            continue;
        for (int a = b->ix.head_out[s]; a >= 0; a = b->ix.next_out[a])
            TRY(rb_add(&b->rb, a, 1.0));
        int sl = slack_col(b, R_OUT, fmt_name(b->nb, "slack_max_out_share(%s)", sid(m, s)));
        TRY(b->relaxed && (sl < 0 || rb_add(&b->rb, sl, -1.0)));
        TRY(add_row(m, b->err, -INFINITY, m->outcap[s], &b->rb, -1, sl,
                    fmt_name(b->nb, "out(%s)", sid(m, s))));
    }
    return ROTAS_OK;
}

/* Balance: dev_s >= |K0 + key in - key out - T|, and its rounding row. */
static rotas_rc rows_balance(build_ctx *b)
{
    model *m = b->m;
    for (int s = 0; s < m->ns; s++) {
        if (b->dcol[s] < 0)
            continue;
        for (int sign = 0; sign < 2; sign++) {
            double sg = sign == 0 ? 1.0 : -1.0; /* dev - sg (in - out) >= sg (K0 - T) */
            TRY(rb_add(&b->rb, b->dcol[s], 1.0));
            for (int a = b->ix.head_in[s]; a >= 0; a = b->ix.next_in[a])
                if (m->g[b->ix.arc_g[a]].key)
                    TRY(rb_add(&b->rb, a, -sg));
            for (int a = b->ix.head_out[s]; a >= 0; a = b->ix.next_out[a])
                if (m->g[b->ix.arc_g[a]].key)
                    TRY(rb_add(&b->rb, a, sg));
            TRY(add_row(m, b->err, sg * ((double)m->K0[s] - m->T[s]), INFINITY, &b->rb, -1, -1,
                        fmt_name(b->nb, sign == 0 ? "keyhi(%s)" : "keylo(%s)", sid(m, s))));
        }
        /* rounding row: with t = T - K0 and k = key in - key out (integer), the convex hull of
           |k - t| adds dev - (1 - 2 phi) k >= phi - (1 - 2 phi) floor(t), phi = frac(t);
           skipped where 1 - 2 phi vanishes (it would only repeat keyhi/keylo) */
        double t = m->T[s] - (double)m->K0[s], ft = floor(t), phi = t - ft;
        if (phi < 1e-9 || phi > 1 - 1e-9 || fabs(1 - 2 * phi) < 1e-6)
            continue;
        TRY(rb_add(&b->rb, b->dcol[s], 1.0));
        for (int a = b->ix.head_in[s]; a >= 0; a = b->ix.next_in[a])
            if (m->g[b->ix.arc_g[a]].key)
                TRY(rb_add(&b->rb, a, -(1 - 2 * phi)));
        for (int a = b->ix.head_out[s]; a >= 0; a = b->ix.next_out[a])
            if (m->g[b->ix.arc_g[a]].key)
                TRY(rb_add(&b->rb, a, 1 - 2 * phi));
        TRY(add_row(m, b->err, phi - (1 - 2 * phi) * ft, INFINITY, &b->rb, -1, -1,
                    fmt_name(b->nb, "keyround(%s)", sid(m, s))));
    }
    return ROTAS_OK;
}

/* min_rotation_share: moved eligible >= ceil(share x eligible). */
static rotas_rc rows_rotation_share(build_ctx *b)
{
    model *m = b->m;
    if (m->quota_min <= 0)
        return ROTAS_OK;
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].elig)
            for (int k = 0; k < m->g[i].n_cand; k++)
                TRY(rb_add(&b->rb, m->arc_off[i] + k, 1.0));
    int sl = slack_col(b, R_ROT, "slack_min_rotation_share");
    TRY(b->relaxed && sl < 0);
    if (sl >= 0)
        TRY(rb_add(&b->rb, sl, 1.0));
    if (b->rb.n == 0 && !b->relaxed)
        m->rule_cols[R_ROT][0] = -2;
    TRY(add_row(m, b->err, m->quota_min, INFINITY, &b->rb, sl, -1, "rotation_share"));
    return ROTAS_OK;
}

/* min_key_share: key moved >= share x moved (or ceil(share x eligible)). */
static rotas_rc rows_key_share(build_ctx *b)
{
    model *m = b->m;
    const rotas_policy *p = m->p;
    if (!(p->min_key_share > 0))
        return ROTAS_OK;
    int base_elig = p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE;
    double need = base_elig ? ceil(p->min_key_share * m->n_eligible - 1e-9) : 0.0;
    for (int i = 0; i < m->ng; i++)
        for (int k = 0; k < m->g[i].n_cand; k++) {
            double v = (m->g[i].key ? 1.0 : 0.0) - (base_elig ? 0.0 : p->min_key_share);
            TRY(rb_add(&b->rb, m->arc_off[i] + k, v));
        }
    int sl = slack_col(b, R_KEY, "slack_min_key_share");
    TRY(b->relaxed && sl < 0);
    if (sl >= 0)
        TRY(rb_add(&b->rb, sl, 1.0));
    if (b->rb.n == 0 && need > 0 && !b->relaxed)
        m->rule_cols[R_KEY][0] = -2;
    TRY(add_row(m, b->err, need, INFINITY, &b->rb, sl, -1, "key_share"));
    return ROTAS_OK;
}

/* The bureau's together and receive_key decisions: hard in the relaxed model too. */
static rotas_rc rows_decisions(build_ctx *b)
{
    model *m = b->m;
    const rotas_county *c = m->c;
    for (size_t q = 0; q < c->n_decisions; q++) {
        const rotas_decision *d = &c->decisions[q];
        if (d->kind == ROTAS_DECISION_TOGETHER) {
            int ga = m->tg[d->teacher], gb = m->tg[d->teacher2];
            if (ga < 0 || gb < 0)
                continue; /* one cannot move: the other has no columns */
            for (int k = 0; k < m->g[ga].n_cand; k++) {
                int kb = cand_index(&m->g[gb], m->g[ga].cand[k]);
                TRY(rb_add(&b->rb, m->arc_off[ga] + k, 1.0));
                if (kb >= 0)
                    TRY(rb_add(&b->rb, m->arc_off[gb] + kb, -1.0));
                TRY(add_row(m, b->err, 0, 0, &b->rb, -1, -1,
                            fmt_name(b->nb, "together(%s,%s,%s)", c->teachers[d->teacher].id,
                                     c->teachers[d->teacher2].id, sid(m, m->g[ga].cand[k]))));
            }
            for (int k = 0; k < m->g[gb].n_cand; k++) {
                if (cand_index(&m->g[ga], m->g[gb].cand[k]) >= 0)
                    continue;
                TRY(rb_add(&b->rb, m->arc_off[gb] + k, 1.0));
                TRY(add_row(m, b->err, 0, 0, &b->rb, -1, -1,
                            fmt_name(b->nb, "together(%s,%s,%s)", c->teachers[d->teacher].id,
                                     c->teachers[d->teacher2].id, sid(m, m->g[gb].cand[k]))));
            }
        } else if (d->kind == ROTAS_DECISION_RECEIVE_KEY) {
            for (int i = 0; i < m->ng; i++) {
                const grp *g = &m->g[i];
                if (!g->key)
                    continue;
                const rotas_teacher *t = &c->teachers[g->rep];
                int has = d->subject < 0;
                for (size_t z = 0; z < t->n_subjects && !has; z++)
                    has = t->subjects[z] == d->subject;
                int k = has ? cand_index(g, d->school) : -1;
                if (k >= 0)
                    TRY(rb_add(&b->rb, m->arc_off[i] + k, 1.0));
            }
            if (b->rb.n == 0) {
                m->dec_bad = 1;
                continue;
            }
            TRY(add_row(m, b->err, 1, INFINITY, &b->rb, -1, -1,
                        fmt_name(b->nb, "receive_key(%s,%s)", sid(m, d->school),
                                 d->subject >= 0 ? c->subjects[d->subject].id : "any")));
        }
    }
    return ROTAS_OK;
}

#undef TRY

/* Build the model over the current candidates; relaxed: with penalised slack on the rules.
   One function per rule family, named after its policy key. */
static rotas_rc build(model *m, int relaxed, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    build_ctx b = {.m = m, .relaxed = relaxed, .err = err};
    lp_reset(m);
    m->dec_bad = 0;
    for (int r = 0; r < R_COUNT; r++)
        m->rule_cols[r][0] = m->rule_cols[r][1] = -1;
    if ((rc = rotas__lp_new(&m->lp, relaxed ? "rotation_relaxed" : "rotation", 0, err)))
        goto done;
    if (!NEW(m->arc_off, m->ng + 1) || !NEW(b.dcol, m->ns)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    b.pen = relaxed ? penalty_unit(m) : 0.0;
    if ((rc = cols_moves(&b)) || (rc = cols_balance(&b)))
        goto done;
    m->obj_const += m->p->w_keep * (double)m->n_prev;
    if (arc_index_make(&b.ix, m)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    if ((rc = rows_leader_tenure(&b)) || (rc = rows_posts(&b)) ||
        (rc = rows_staff_quota(&b)) || (rc = rows_out_share(&b)) || (rc = rows_balance(&b)) ||
        (rc = rows_supply(m, err)) || (rc = rows_rotation_share(&b)) ||
        (rc = rows_key_share(&b)) || (rc = rows_decisions(&b)))
        goto done;
    /* rows_supply adds the unfilled periods no move can change to the constant */
    rotas__lp_set_obj_const(m->lp, m->obj_const);
done:
    free(b.rb.cols);
    free(b.rb.vals);
    free(b.dcol);
    arc_index_free(&b.ix);
    return rc;
}

/* Hard model trivially infeasible (a must leader or a rule with no column at all)? */
static int trivially_infeasible(const model *m)
{
    if (m->dec_bad)
        return 1;
    for (int r = 0; r < R_COUNT; r++)
        if (m->rule_cols[r][0] == -2)
            return 1;
    return 0;
}

/* 1 when every row and column bound holds for x (tolerance relative to the row's size). */
static int rows_hold(const model *m, const double *x)
{
    for (size_t r = 0; r < m->n_rows; r++) {
        const mrow *row = &m->rows[r];
        double act = 0.0, big = 1.0;
        for (size_t e = row->off; e < row->off + row->n; e++) {
            double t = m->eval[e] * x[m->ecol[e]];
            act += t;
            big = fmax(big, fabs(t));
        }
        double tol = 1e-7 * fmax(big, fmax(isinf(row->lo) ? 0 : fabs(row->lo),
                                           isinf(row->hi) ? 0 : fabs(row->hi)));
        if (tol < 1e-6)
            tol = 1e-6;
        if (act < row->lo - tol || act > row->hi + tol)
            return 0;
    }
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = 0; j < n; j++) {
        if (x[j] < m->lb[j] - 1e-6 || x[j] > m->ub[j] + 1e-6)
            return 0;
        if (((int)j < m->n_arcs || m->slack_kind[j] >= 0) && fabs(x[j] - round(x[j])) > 1e-6)
            return 0;
    }
    return 1;
}

static int is_int_col(const model *m, size_t j)
{
    return (int)j < m->n_arcs || m->slack_kind[j] >= 0;
}

/* 1 when x's integer part (moves, slack) holds every row made of integer columns only: the
   rules. The other rows (supply, balance, rounding) hold for the best continuous values of
   any such x, which the plan's description computes without the LP. */
static int rules_hold(const model *m, const double *x)
{
    for (size_t r = 0; r < m->n_rows; r++) {
        const mrow *row = &m->rows[r];
        double act = 0.0;
        int all_int = 1;
        for (size_t e = row->off; e < row->off + row->n && all_int; e++) {
            all_int = is_int_col(m, (size_t)m->ecol[e]);
            act += m->eval[e] * round(x[m->ecol[e]]);
        }
        if (all_int && (act < row->lo - 1e-6 || act > row->hi + 1e-6))
            return 0;
    }
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = 0; j < n; j++)
        if (is_int_col(m, j) && (round(x[j]) < m->lb[j] - 1e-9 || round(x[j]) > m->ub[j] + 1e-9))
            return 0;
    return 1;
}

/* Complete x: with its integer columns (moves, slack) fixed at their rounded values, solve the
   LP of the rest (flows, unfilled periods, key deviations) to optimality and read it back.
   Returns 1 when the result holds every row and bound, else 0 (x's integer part unchanged). */
static int complete(model *m, double *x)
{
    size_t n = rotas__lp_n_cols(m->lp);
    rotas_error e = {0};
    int ok = 0;
    for (size_t j = 0; j < n; j++)
        if (is_int_col(m, j)) {
            double v = round(x[j]);
            if (v < m->lb[j] || v > m->ub[j])
                goto restore;
            if (rotas__lp_set_bounds(m->lp, (int)j, v, v, &e))
                goto restore;
        }
    rotas_lp_options lo = {0};
    lo.primal = 1;
    lo.relax_only = 1;
    lo.verbose = m->verbose;
    lo.time_limit = fmax(0.2, m->deadline - now_s());
    rotas_lp_result res;
    double t = now_s();
    rotas_rc r = rotas__lp_solve(m->lp, &lo, &res, &e);
    m->t_complete = now_s() - t;
    if (r)
        goto restore;
    if (res.status != ROTAS_LP_OPTIMAL)
        goto restore;
    for (size_t j = 0; j < n; j++)
        x[j] = is_int_col(m, j) ? round(x[j]) : rotas__lp_value(m->lp, (int)j);
    ok = rows_hold(m, x);
restore:
    for (size_t j = 0; j < n; j++)
        if (is_int_col(m, j))
            rotas__lp_set_bounds(m->lp, (int)j, m->lb[j], m->ub[j], &e);
    return ok;
}

static int make_start(model *m, double *x)
{
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = 0; j < n; j++)
        x[j] = 0.0;
    for (int i = 0; i < m->ng; i++)
        for (int k = 0; k < m->g[i].n_cand; k++)
            x[m->arc_off[i] + k] = m->g[i].start[k];
    /* slack columns close what the greedy plan leaves open (relaxed model); they sit only in
       rows of integer columns */
    for (size_t r = 0; r < m->n_rows; r++) {
        const mrow *row = &m->rows[r];
        if (row->fix_lo < 0 && row->fix_hi < 0)
            continue;
        double act = 0.0;
        for (size_t e = row->off; e < row->off + row->n; e++)
            act += m->eval[e] * x[m->ecol[e]];
        if (act < row->lo - 1e-9 && row->fix_lo >= 0)
            x[row->fix_lo] += ceil(row->lo - act - 1e-9);
        if (act > row->hi + 1e-9 && row->fix_hi >= 0)
            x[row->fix_hi] += ceil(act - row->hi - 1e-9);
    }
    return complete(m, x) == 1;
}

static double start_objective(const model *m, const double *x)
{
    double v = m->obj_const;
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = 0; j < n; j++)
        v += m->obj[j] * x[j];
    return v;
}

static double trivial_bound(const model *m)
{
    double v = m->obj_const;
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = 0; j < n; j++) {
        if (m->obj[j] == 0.0)
            continue;
        double a = m->obj[j] * m->lb[j], b = isinf(m->ub[j]) ? (m->obj[j] > 0 ? INFINITY : -INFINITY)
                                                            : m->obj[j] * m->ub[j];
        v += a < b ? a : b;
    }
    return v;
}

/* ---- decoding ---- */

static int find_rank(const rotas_teacher *t, int d)
{
    for (size_t k = 0; k < t->n_preferences; k++)
        if (t->preferences[k] == d)
            return (int)k + 1;
    return 0;
}

/* The bureau's priority score (积分) of a teacher in the plan year. */
static double priority_of(const model *m, int t)
{
    const rotas_teacher *te = &m->c->teachers[t];
    return m->p->w_prio_tenure * (double)(m->Y - te->school_since) +
           m->p->w_prio_key * (te->key >= ROTAS_KEY_COUNTY ? 1.0 : 0.0) +
           m->p->w_prio_hardship * (double)te->hardship_years;
}

static _Thread_local const model *g_prio_model;

static int cmp_priority(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    double x = priority_of(g_prio_model, a), y = priority_of(g_prio_model, b);
    if (x != y)
        return x > y ? -1 : 1;
    return cmp_int(a, b);
}

static rotas_rc decode(const model *m, const double *xv, rotas_plan *plan, rotas_error *err)
{
    const rotas_county *c = m->c;
    const rotas_policy *p = m->p;
    rotas_rc rc = ROTAS_OK;
    int *school_of = NULL;
    double *S = NULL;
    size_t nmoves = 0;
    for (int a = 0; a < m->n_arcs; a++)
        nmoves += (size_t)llround(xv[a]);
    plan->moves = calloc(nmoves ? nmoves : 1, sizeof *plan->moves);
    if (!NEW(school_of, c->n_teachers) || !NEW(S, m->nunits) || !plan->moves) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    for (size_t i = 0; i < c->n_teachers; i++)
        school_of[i] = c->teachers[i].school;
    int K = 0;
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        /* Members share subjects, role, key-ness and preferences; they differ in priority.
           In priority order each takes the destination it ranks best among those left
           (serial dictatorship), so that no member envies another of its group. */
        int *left = NULL, *order = NULL;
        if (!NEW(left, g->n_cand ? g->n_cand : 1) || !NEW(order, g->n)) {
            free(left);
            free(order);
            rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
            goto done;
        }
        int total = 0;
        for (int k = 0; k < g->n_cand; k++)
            total += left[k] = (int)llround(xv[m->arc_off[i] + k]);
        for (int q = 0; q < g->n; q++)
            order[q] = m->members[g->first + q];
        g_prio_model = m;
        qsort(order, (size_t)g->n, sizeof *order, cmp_priority);
        const rotas_teacher *rep = &c->teachers[g->rep];
        for (int q = 0; q < g->n && total > 0; q++) {
            int best = -1, best_rank = 0;
            for (int k = 0; k < g->n_cand; k++) {
                if (left[k] <= 0)
                    continue;
                int r = find_rank(rep, g->cand[k]);
                if (best < 0 || (r > 0 && (best_rank == 0 || r < best_rank))) {
                    best = k;
                    best_rank = r;
                }
            }
            left[best]--;
            total--;
            {
                int k = best;
                int t = order[q];
                rotas_move *mv = &plan->moves[plan->n_moves++];
                mv->teacher = t;
                mv->from = g->school;
                mv->to = g->cand[k];
                mv->km = rotas_county_km(c, mv->from, mv->to);
                mv->until = m->Y + p->exchange_term_years - 1;
                mv->shortage_subject = -1;
                school_of[t] = mv->to;
                K += g->key;
            }
        }
        free(left);
        free(order);
    }
    plan->n_key_moved = K;
done:
    free(school_of);
    free(S);
    return rc;
}

/* Recompute the continuous columns of x for its moves (optimal flows, unfilled periods, key
   deviations) and tell whether every row holds. Slack columns keep their values. */
static int refresh_x(model *m, double *x)
{
    return complete(m, x) == 1;
}

/* The objective without the arcs' own costs: unfilled periods, key balance, slack. */
static double non_arc_objective(const model *m, const double *x)
{
    double v = 0.0;
    size_t n = rotas__lp_n_cols(m->lp);
    for (size_t j = (size_t)m->n_arcs; j < n; j++)
        v += m->obj[j] * x[j];
    return v;
}


/* Two teachers compete for the same kind of place: same main subject and role. */
static int same_place(const rotas_teacher *a, const rotas_teacher *b)
{
    return a->role == b->role && a->n_subjects > 0 && b->n_subjects > 0 &&
           a->subjects[0] == b->subjects[0];
}

/* Does moved teacher a (moves[i]) envy b (moves[j])? a has the higher priority, ranks b's
   destination above its own, and both hold the same kind of place. */
static int envies(const model *m, const rotas_plan *plan, size_t i, size_t j)
{
    const rotas_move *ma = &plan->moves[i], *mb = &plan->moves[j];
    const rotas_teacher *a = &m->c->teachers[ma->teacher], *b = &m->c->teachers[mb->teacher];
    if (i == j || !(priority_of(m, ma->teacher) > priority_of(m, mb->teacher) + 1e-9) ||
        !same_place(a, b))
        return 0;
    int ra = find_rank(a, ma->to), rb = find_rank(a, mb->to);
    return rb > 0 && (ra == 0 || rb < ra);
}

/* Try to swap the destinations of moves i and j in x; keep the swap if every rule still holds
   and the unfilled periods and key balance do not get worse. Returns 1 kept, 0 not, with why. */
static int try_swap(model *m, double *x, rotas_plan *plan, const int *tgroup, size_t i,
                    size_t j, double *base, char *why, size_t wn)
{
    rotas_move *ma = &plan->moves[i], *mb = &plan->moves[j];
    const rotas_county *c = m->c;
    int ga = tgroup[ma->teacher], gb = tgroup[mb->teacher];
    const char *ida = c->teachers[ma->teacher].id, *idb = c->teachers[mb->teacher].id;
    if (ga < 0 || gb < 0 || m->dec_to[ma->teacher] >= 0 || m->dec_to[mb->teacher] >= 0 ||
        m->partner[ma->teacher] >= 0 || m->partner[mb->teacher] >= 0)
        return snprintf(why, wn, "a decision of the bureau fixes one of the two moves"), 0;
    if (m->prev_to[ma->teacher] == ma->to || m->prev_to[mb->teacher] == mb->to)
        return snprintf(why, wn, "the re-plan keeps %s's move from the previous plan",
                        m->prev_to[ma->teacher] == ma->to ? c->teachers[ma->teacher].id
                                                          : c->teachers[mb->teacher].id),
               0;
    int a_old = cand_index(&m->g[ga], ma->to), a_new = cand_index(&m->g[ga], mb->to);
    int b_old = cand_index(&m->g[gb], mb->to), b_new = cand_index(&m->g[gb], ma->to);
    if (a_old < 0 || b_old < 0)
        return snprintf(why, wn, "internal: move not in the model"), 0;
    if (a_new < 0)
        return snprintf(why, wn, "%s was not a destination for %s: too far, or its subjects are "
                                 "not short there",
                        sid(m, mb->to), ida),
               0;
    if (b_new < 0)
        return snprintf(why, wn, "%s cannot take %s's place at %s: too far, or its subjects are "
                                 "not short there",
                        idb, ida, sid(m, ma->to)),
               0;
    if (!within_km(m, ma->from, mb->to) || !within_km(m, mb->from, ma->to))
        return snprintf(why, wn, "max_km: the swap would make a move longer than %g km",
                        m->p->max_km),
               0;
    if (now_s() > m->deadline)
        return snprintf(why, wn, "the time limit ran out before the swap was tried"), 0;
    int ca = m->arc_off[ga], cb = m->arc_off[gb];
    x[ca + a_old] -= 1;
    x[ca + a_new] += 1;
    x[cb + b_old] -= 1;
    x[cb + b_new] += 1;
    int ok = refresh_x(m, x);
    double v = ok ? non_arc_objective(m, x) : 0.0;
    if (ok && v <= *base + 1e-6) {
        *base = v;
        int t = ma->to;
        ma->to = mb->to;
        mb->to = t;
        ma->km = rotas_county_km(c, ma->from, ma->to);
        mb->km = rotas_county_km(c, mb->from, mb->to);
        return 1;
    }
    x[ca + a_old] += 1;
    x[ca + a_new] -= 1;
    x[cb + b_old] += 1;
    x[cb + b_new] -= 1;
    refresh_x(m, x);
    if (!ok)
        snprintf(why, wn, "swapping %s and %s breaks a rule (staff quota, outflow cap, posts or "
                          "a share)",
                 ida, idb);
    else
        snprintf(why, wn, "swapping %s and %s would leave more periods unfilled or key teachers "
                          "less balanced (objective +%.1f)",
                 ida, idb, v - *base);
    return 0;
}

/* Fairness stage: remove justified envy between moved teachers by swapping their
   destinations wherever the rules, the unfilled periods and the key balance allow (it may
   cost km and preference points of others: fairness comes before them); report the cases
   that remain and why; fill priorities and preference outcomes. */
static rotas_rc fairness(model *m, double *x, rotas_plan *plan, rotas_error *err)
{
    const rotas_county *c = m->c;
    int *tgroup = NULL;
    rotas_rc rc = ROTAS_OK;
    char why[200];
    if (!NEW(tgroup, c->n_teachers))
        return rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
    for (size_t t = 0; t < c->n_teachers; t++)
        tgroup[t] = -1;
    for (int i = 0; i < m->ng; i++)
        for (int q = 0; q < m->g[i].n; q++)
            tgroup[m->members[m->g[i].first + q]] = i;
    /* past the deadline no swap is tried (try_swap says so): the cases are listed */
    int in_time = now_s() < m->deadline;
    if (in_time)
        refresh_x(m, x);
    double base = in_time ? non_arc_objective(m, x) : 0.0;
    size_t nm = plan->n_moves;
    for (int round = 0, changed = in_time; changed && round < 20; round++) {
        changed = 0;
        for (size_t i = 0; i < nm; i++)
            for (size_t j = 0; j < nm; j++)
                if (envies(m, plan, i, j) &&
                    try_swap(m, x, plan, tgroup, i, j, &base, why, sizeof why))
                    changed = 1;
    }
    for (size_t i = 0; i < nm; i++)
        for (size_t j = 0; j < nm; j++) {
            if (!envies(m, plan, i, j))
                continue;
            if (try_swap(m, x, plan, tgroup, i, j, &base, why, sizeof why))
                continue; /* a late swap: the pair is fine now (a later pass checks the rest) */
            rotas_envy *a = realloc(plan->envy, (plan->n_envy + 1) * sizeof *a);
            if (!a) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                goto done;
            }
            plan->envy = a;
            rotas_envy *e = &plan->envy[plan->n_envy++];
            e->teacher = plan->moves[i].teacher;
            e->other = plan->moves[j].teacher;
            e->school = plan->moves[j].to;
            snprintf(e->why, sizeof e->why, "%s", why);
        }
    /* a late swap above may have made or ended other cases: list exactly the cases left */
    size_t kept = 0;
    for (size_t e = 0; e < plan->n_envy; e++) {
        size_t i = nm, j = nm;
        for (size_t k = 0; k < nm; k++) {
            if (plan->moves[k].teacher == plan->envy[e].teacher)
                i = k;
            if (plan->moves[k].teacher == plan->envy[e].other)
                j = k;
        }
        if (i < nm && j < nm && envies(m, plan, i, j) && plan->moves[j].to == plan->envy[e].school)
            plan->envy[kept++] = plan->envy[e];
    }
    plan->n_envy = kept;
    for (size_t i = 0; i < nm; i++)
        for (size_t j = 0; j < nm; j++) {
            if (!envies(m, plan, i, j))
                continue;
            int listed = 0;
            for (size_t e = 0; e < plan->n_envy && !listed; e++)
                listed = plan->envy[e].teacher == plan->moves[i].teacher &&
                         plan->envy[e].other == plan->moves[j].teacher;
            if (listed)
                continue;
            rotas_envy *a = realloc(plan->envy, (plan->n_envy + 1) * sizeof *a);
            if (!a) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                goto done;
            }
            plan->envy = a;
            rotas_envy *e = &plan->envy[plan->n_envy++];
            e->teacher = plan->moves[i].teacher;
            e->other = plan->moves[j].teacher;
            e->school = plan->moves[j].to;
            snprintf(e->why, sizeof e->why, "swapping them would undo a fairer swap made for "
                                            "another teacher of higher priority");
        }
    memset(plan->preference_got, 0, sizeof plan->preference_got);
    for (size_t i = 0; i < nm; i++) {
        rotas_move *mv = &plan->moves[i];
        const rotas_teacher *t = &c->teachers[mv->teacher];
        mv->priority = priority_of(m, mv->teacher);
        if (t->n_preferences > 0) {
            int r = find_rank(t, mv->to);
            if (r >= 0 && r <= 3)
                plan->preference_got[r]++;
        }
    }
    plan->n_changed = -1;
done:
    free(tgroup);
    return rc;
}

/* Reasons, unfilled periods and indicators of the decoded moves. */
static rotas_rc describe(const model *m, const double *x, rotas_plan *plan, rotas_error *err)
{
    const rotas_county *c = m->c;
    const rotas_policy *p = m->p;
    rotas_rc rc = ROTAS_OK;
    int *school_of = NULL;
    double *S = NULL;
    if (!NEW(school_of, c->n_teachers) || !NEW(S, m->nunits)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    for (size_t i = 0; i < c->n_teachers; i++)
        school_of[i] = c->teachers[i].school;
    int M = (int)plan->n_moves, K = plan->n_key_moved;
    for (size_t k = 0; k < plan->n_moves; k++)
        school_of[plan->moves[k].teacher] = plan->moves[k].to;
    /* reasons */
    double base = p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE ? (double)m->n_eligible
                                                                   : (double)M;
    int key_binding = (double)(K - 1) + 1e-9 < p->min_key_share * base;
    for (size_t k = 0; k < plan->n_moves; k++) {
        rotas_move *mv = &plan->moves[k];
        const rotas_teacher *t = &c->teachers[mv->teacher];
        unsigned st = m->tstate[mv->teacher];
        int key = t->key >= ROTAS_KEY_COUNTY;
        if (st & T_MUST)
            mv->reasons |= ROTAS_REASON_LEADER_TENURE;
        if (st & T_TENURE)
            mv->reasons |= ROTAS_REASON_TENURE;
        double best = 1e-9;
        for (size_t q = 0; q < t->n_subjects; q++) {
            int j = t->subjects[q];
            if (j < 0 || j >= m->nj)
                continue;
            int uf = unit_of(m, mv->from, j), ut = unit_of(m, mv->to, j);
            double def = m->D[ut] - m->S0[ut];
            if (uf != ut && def > best) {
                best = def;
                mv->shortage_subject = j;
            }
        }
        if (mv->shortage_subject >= 0)
            mv->reasons |= ROTAS_REASON_SHORTAGE;
        if (M <= m->quota_min && !(st & T_MUST))
            mv->reasons |= ROTAS_REASON_QUOTA;
        if (key && key_binding && p->min_key_share > 0)
            mv->reasons |= ROTAS_REASON_KEY_SHARE;
        if (key && m->has_students[mv->from] && m->has_students[mv->to] &&
            (double)m->K0[mv->from] > m->T[mv->from] && (double)m->K0[mv->to] < m->T[mv->to])
            mv->reasons |= ROTAS_REASON_BALANCE;
        mv->preference_rank = find_rank(t, mv->to);
        if (mv->preference_rank > 0)
            mv->reasons |= ROTAS_REASON_PREFERENCE;
        int ga = c->schools[mv->from].group, gb = c->schools[mv->to].group;
        if (ga >= 0 && ga == gb)
            mv->reasons |= ROTAS_REASON_GROUP;
        plan->km_total += mv->km;
    }

    /* unfilled after, per school and subject: the library's maximum flow for the staff after
       the plan (the model's own figure at its optimal flow; served rural and hardship schools
       first, which is the least weighted unfilled) */
    size_t nsj = (size_t)m->ns * (size_t)m->nj;
    double *U = NULL;
    if (!NEW(U, nsj)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    if ((rc = rotas_shortage_compute(U, NULL, c, p, school_of, err))) {
        free(U);
        goto done;
    }
    size_t cap = 0;
    double wu = 0.0;
    for (int s = 0; s < m->ns; s++)
        for (int j = 0; j < m->nj; j++) {
            size_t k = (size_t)s * (size_t)m->nj + (size_t)j;
            double un = U[k];
            plan->unfilled_before += m->u0_sj[k];
            if (un <= 1e-9)
                continue;
            plan->unfilled_after += un;
            wu += m->fac[s] * un;
            if (plan->n_unfilled == cap) {
                size_t nc = cap ? 2 * cap : 64;
                rotas_unfilled *a = realloc(plan->unfilled, nc * sizeof *a);
                if (!a) {
                    free(U);
                    rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                    goto done;
                }
                plan->unfilled = a;
                cap = nc;
            }
            plan->unfilled[plan->n_unfilled++] =
                (rotas_unfilled){.school = s, .subject = j, .periods = un};
        }
    free(U);
    /* the objective from what the plan does: moves (and slack), unfilled periods, balance */
    {
        double obj = p->w_unfilled * wu + p->w_keep * (double)m->n_prev;
        size_t n = rotas__lp_n_cols(m->lp);
        for (size_t j = 0; j < n; j++)
            if (is_int_col(m, j))
                obj += m->obj[j] * round(x[j]);
        int *Ka = NULL;
        if (!NEW(Ka, m->ns)) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
            goto done;
        }
        for (size_t i = 0; i < c->n_teachers; i++)
            if (c->teachers[i].key >= ROTAS_KEY_COUNTY)
                Ka[school_of[i]]++;
        for (int s = 0; s < m->ns; s++)
            if (m->has_students[s])
                obj += p->w_balance * fabs((double)Ka[s] - m->T[s]);
        free(Ka);
        plan->objective = obj;
    }
    rotas_indicators_compute(&plan->before, c, NULL);
    rotas_indicators_compute(&plan->after, c, school_of);
done:
    free(school_of);
    free(S);
    return rc;
}

/* Moves of plan not in previous (same teacher and destination) + previous moves gone. */
static int count_changed(const rotas_plan *plan, const rotas_plan *previous)
{
    int n = 0;
    for (size_t i = 0; i < plan->n_moves; i++) {
        int same = 0;
        for (size_t j = 0; j < previous->n_moves && !same; j++)
            same = previous->moves[j].teacher == plan->moves[i].teacher &&
                   previous->moves[j].to == plan->moves[i].to;
        n += !same;
    }
    for (size_t j = 0; j < previous->n_moves; j++) {
        int kept = 0;
        for (size_t i = 0; i < plan->n_moves && !kept; i++)
            kept = previous->moves[j].teacher == plan->moves[i].teacher &&
                   previous->moves[j].to == plan->moves[i].to;
        n += !kept;
    }
    return n;
}

/* Secondments (跟岗挂职): secondment_count middle leaders of urban schools, not frozen and not
   moved, as teaching vice-principals for the plan year at town or rural schools, one per
   school. Receiving schools in order of most unfilled periods after the plan, then fewest key
   teachers per 100 students, then school order; each takes the nearest candidate left. */
typedef struct sec_school {
    int s;
    double unfilled, key_rate;
} sec_school;

static int cmp_sec_school(const void *pa, const void *pb)
{
    const sec_school *a = pa, *b = pb;
    if (fabs(a->unfilled - b->unfilled) > 1e-9)
        return a->unfilled > b->unfilled ? -1 : 1;
    if (fabs(a->key_rate - b->key_rate) > 1e-9)
        return a->key_rate < b->key_rate ? -1 : 1;
    return cmp_int(a->s, b->s);
}

static rotas_rc secondments(const model *m, rotas_plan *plan, rotas_error *err)
{
    const rotas_county *c = m->c;
    int want = m->p->secondment_count, ns = m->ns;
    size_t nt = c->n_teachers;
    rotas_rc rc = ROTAS_OK;
    unsigned char *moved = NULL, *used = NULL;
    int *K = NULL;
    sec_school *rs = NULL;
    if (want <= 0)
        return ROTAS_OK;
    if (!NEW(moved, nt) || !NEW(used, nt) || !NEW(K, ns) || !NEW(rs, ns) ||
        !(plan->secondments = calloc((size_t)want, sizeof *plan->secondments))) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    memcpy(K, m->K0, (size_t)ns * sizeof *K);
    for (size_t k = 0; k < plan->n_moves; k++) {
        const rotas_move *mv = &plan->moves[k];
        moved[mv->teacher] = 1;
        if (c->teachers[mv->teacher].key >= ROTAS_KEY_COUNTY) {
            K[mv->from]--;
            K[mv->to]++;
        }
    }
    int nr = 0;
    for (int s = 0; s < ns; s++) {
        if (c->schools[s].area == ROTAS_AREA_URBAN)
            continue;
        rs[nr].s = s;
        for (size_t k = 0; k < plan->n_unfilled; k++)
            if (plan->unfilled[k].school == s)
                rs[nr].unfilled += plan->unfilled[k].periods;
        rs[nr].key_rate = c->schools[s].students > 0
                              ? 100.0 * K[s] / (double)c->schools[s].students
                              : INFINITY;
        nr++;
    }
    qsort(rs, (size_t)nr, sizeof *rs, cmp_sec_school);
    for (int r = 0; r < nr && (int)plan->n_secondments < want; r++) {
        int d = rs[r].s, best = -1;
        double bkm = 0;
        for (size_t t = 0; t < nt; t++) {
            const rotas_teacher *te = &c->teachers[t];
            if (!te->middle_leader || used[t] || moved[t] || (m->tstate[t] & T_FROZEN) ||
                c->schools[te->school].area != ROTAS_AREA_URBAN)
                continue;
            double km = rotas_county_km(c, te->school, d);
            if (best < 0 || km < bkm - 1e-9) {
                best = (int)t;
                bkm = km;
            }
        }
        if (best < 0)
            break;
        used[best] = 1;
        plan->secondments[plan->n_secondments++] = (rotas_secondment){
            .teacher = best, .from = c->teachers[best].school, .to = d, .km = bkm, .until = m->Y};
    }
done:
    free(moved);
    free(used);
    free(K);
    free(rs);
    return rc;
}

static rotas_rc add_relaxed(rotas_plan *plan, int rule, double amount, const model *m)
{
    rotas_relaxed *a = realloc(plan->relaxed, (plan->n_relaxed + 1) * sizeof *a);
    if (!a)
        return ROTAS_ENOMEM;
    plan->relaxed = a;
    rotas_relaxed *r = &plan->relaxed[plan->n_relaxed++];
    memset(r, 0, sizeof *r);
    snprintf(r->rule, sizeof r->rule, "%s", rotas_rule_name((rotas_rule)rule));
    r->amount = amount;
    int n = (int)llround(amount);
    const rotas_policy *p = m->p;
    switch (rule) {
    case R_KEY:
        snprintf(r->detail, sizeof r->detail,
                 "%d key teacher%s short of the %.0f%% key-teacher share (not enough movable key "
                 "teachers)",
                 n, n == 1 ? "" : "s", 100.0 * p->min_key_share);
        break;
    case R_ROT:
        snprintf(r->detail, sizeof r->detail,
                 "%d teacher%s short of the %d moves that %.0f%% of the %d eligible asks for", n,
                 n == 1 ? "" : "s", m->quota_min, 100.0 * p->min_rotation_share, m->n_eligible);
        break;
    case R_MUST:
        snprintf(r->detail, sizeof r->detail,
                 "%d leader%s past %d years in post stay%s: no post of the same role to go "
                 "to, or the school may not lose so many in a year",
                 n, n == 1 ? "" : "s", p->leader_tenure_years, n == 1 ? "s" : "");
        break;
    case R_QUOTA:
        snprintf(r->detail, sizeof r->detail,
                 "%d teacher%s over the staff quota of the receiving schools", n,
                 n == 1 ? "" : "s");
        break;
    case R_OUT:
        snprintf(r->detail, sizeof r->detail,
                 "%d teacher%s beyond the %.0f%% a school may lose in a year", n,
                 n == 1 ? "" : "s", 100.0 * p->max_out_share);
        break;
    default:
        snprintf(r->detail, sizeof r->detail,
                 "%d leader post%s left unmatched (a leader moved without a replacement)", n,
                 n == 1 ? "" : "s");
        break;
    }
    return ROTAS_OK;
}

/* Re-plan: the previous plan's moves (those the model still has) as a start, kept when every
   row holds and it is better than the greedy's start. */
static rotas_rc previous_start(model *m, double *x, int *start_ok, rotas_error *err)
{
    size_t n = rotas__lp_n_cols(m->lp);
    int *save = malloc((size_t)(m->n_arcs ? m->n_arcs : 1) * sizeof *save);
    double *xp = malloc((n ? n : 1) * sizeof *xp);
    if (!save || !xp) {
        free(save);
        free(xp);
        return rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
    }
    for (int i = 0; i < m->ng; i++)
        for (int k = 0; k < m->g[i].n_cand; k++) {
            save[m->arc_off[i] + k] = m->g[i].start[k];
            m->g[i].start[k] = 0;
        }
    for (size_t t = 0; t < m->c->n_teachers; t++) {
        int gi = m->tg[t], k = gi >= 0 && m->prev_to[t] >= 0 ? cand_index(&m->g[gi], m->prev_to[t]) : -1;
        if (k >= 0)
            m->g[gi].start[k]++;
    }
    /* move decisions are not in the previous plan perhaps: their one arc */
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].dec == 2 && m->g[i].n_cand > 0)
            m->g[i].start[0] = 1;
    if (make_start(m, xp) &&
        (!*start_ok || start_objective(m, xp) < start_objective(m, x) - 1e-9)) {
        memcpy(x, xp, n * sizeof *x);
        *start_ok = 1;
    } else {
        for (int i = 0; i < m->ng; i++)
            for (int k = 0; k < m->g[i].n_cand; k++)
                m->g[i].start[k] = save[m->arc_off[i] + k];
    }
    free(save);
    free(xp);
    return ROTAS_OK;
}

typedef struct progress_relay {
    const rotas_plan_options *opt;
    double offset;
} progress_relay;

static void relay(void *ctx, const char *phase, double elapsed, double best, double bound)
{
    progress_relay *r = ctx;
    if (r->opt && r->opt->progress)
        r->opt->progress(r->opt->progress_ctx, phase, r->offset + elapsed, best, bound);
}

/* A restricted solve for a first plan (in the spirit of RINS): solve the LP relaxation, keep
   only the move columns the relaxation uses or the start uses, solve that small MIP for a share
   of the time, restore the bounds. Its plan becomes the start of the full solve. Sets
   *lp_infeasible when the relaxation itself has no solution (the full model has none). */
static rotas_rc restricted_solve(model *m, double *x, int *start_ok, int *lp_infeasible,
                                 double t0, double deadline, const rotas_plan_options *opt,
                                 rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    size_t n = rotas__lp_n_cols(m->lp);
    rotas_lp_result res;
    double *xl = malloc((n ? n : 1) * sizeof *xl);
    unsigned char *fixed = calloc(n ? n : 1, 1);
    if (!xl || !fixed) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    progress_relay pr = {opt, now_s() - t0};
    rotas_lp_options lo = {0};
    lo.primal = 1;
    lo.relax_only = 1;
    lo.time_limit = 0.5 * (deadline - now_s());
    if (lo.time_limit < 0.01)
        lo.time_limit = 0.01;
    lo.verbose = opt->verbose;
    lo.progress = opt->progress ? relay : NULL;
    lo.progress_ctx = &pr;
    if ((rc = rotas__lp_solve(m->lp, &lo, &res, err)))
        goto done;
    if (res.status == ROTAS_LP_INFEASIBLE) {
        *lp_infeasible = 1;
        goto done;
    }
    if (res.status != ROTAS_LP_OPTIMAL)
        goto done;
    m->lp_bound = res.objective;
    for (size_t j = 0; j < n; j++)
        xl[j] = rotas__lp_value(m->lp, (int)j);
    {
        /* the relaxation rounded and repaired by the greedy: keep it if better */
        int *save = malloc((size_t)(m->n_arcs ? m->n_arcs : 1) * sizeof *save);
        double *xr = malloc((n ? n : 1) * sizeof *xr);
        if (!save || !xr) {
            free(save);
            free(xr);
            rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
            goto done;
        }
        for (int i = 0; i < m->ng; i++)
            for (int k = 0; k < m->g[i].n_cand; k++)
                save[m->arc_off[i] + k] = m->g[i].start[k];
        int g = greedy(m, now_s() + 0.05 * (deadline - now_s()), xl);
        int better = 0;
        if (g >= 0 && make_start(m, xr) &&
            (!*start_ok || start_objective(m, xr) < start_objective(m, x) - 1e-9))
            better = 1; /* make_start checked every row and bound */
        if (better) {
            memcpy(x, xr, n * sizeof *x);
            *start_ok = 1;
        } else {
            for (int i = 0; i < m->ng; i++)
                for (int k = 0; k < m->g[i].n_cand; k++)
                    m->g[i].start[k] = save[m->arc_off[i] + k];
        }
        free(save);
        free(xr);
        if (g < 0) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
            goto done;
        }
    }
    size_t kept = 0;
    for (int j = 0; j < m->n_arcs; j++) {
        if (xl[j] > 1e-6 || (*start_ok && x[j] > 0.5)) {
            kept++;
            continue;
        }
        fixed[j] = 1;
        if ((rc = rotas__lp_set_bounds(m->lp, j, 0.0, 0.0, err)))
            goto restore;
    }
    if (kept == (size_t)m->n_arcs)
        goto restore; /* nothing to restrict */
    lo.relax_only = 0;
    lo.mip_gap = 1e-4;
    lo.time_limit = 0.3 * (deadline - now_s());
    if (lo.time_limit < 0.01)
        lo.time_limit = 0.01;
    lo.start = *start_ok ? x : NULL;
    pr.offset = now_s() - t0;
    if ((rc = rotas__lp_solve(m->lp, &lo, &res, err)))
        goto restore;
    if ((res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE) &&
        (!*start_ok || res.objective < start_objective(m, x) - 1e-9)) {
        /* checked before use: its flows completed, every row held (with the full bounds) */
        for (size_t j = 0; j < n; j++)
            xl[j] = rotas__lp_value(m->lp, (int)j);
        for (int j = 0; j < m->n_arcs; j++)
            if (fixed[j]) {
                rotas_rc r2 = rotas__lp_set_bounds(m->lp, j, m->lb[j], m->ub[j], err);
                if (r2 && !rc)
                    rc = r2;
                fixed[j] = 0;
            }
        if (complete(m, xl) && (!*start_ok || start_objective(m, xl) < start_objective(m, x) - 1e-9)) {
            memcpy(x, xl, n * sizeof *x);
            *start_ok = 1;
        }
    }
restore:
    for (int j = 0; j < m->n_arcs; j++)
        if (fixed[j]) {
            rotas_rc r2 = rotas__lp_set_bounds(m->lp, j, m->lb[j], m->ub[j], err);
            if (r2 && !rc)
                rc = r2;
        }
done:
    free(xl);
    free(fixed);
    return rc;
}

/* A first plan by feasibility alone: the strict model with a zero objective, so that branch
   and bound stops at its first integer solution; the plan's flows are then completed under the
   true objective and every row checked. */
static rotas_rc feasibility_start(model *m, double *x, int *start_ok, double budget,
                                  double t0, const rotas_plan_options *opt, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    size_t n = rotas__lp_n_cols(m->lp);
    double *xs = malloc((n + 1) * sizeof *xs);
    if (!xs)
        return rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
    for (size_t j = 0; j < n && !rc; j++)
        rc = rotas__lp_set_obj(m->lp, (int)j, 0.0, err);
    rotas__lp_set_obj_const(m->lp, 0.0);
    rotas_lp_result res = {.status = ROTAS_LP_NO_SOLUTION, .objective = NAN, .bound = NAN, .gap = NAN};
    if (!rc && budget > 0.05) {
        progress_relay pr = {opt, now_s() - t0};
        rotas_lp_options lo = {0};
        lo.primal = 1;
        lo.time_limit = budget;
        lo.verbose = opt->verbose;
        lo.progress = opt->progress ? relay : NULL;
        lo.progress_ctx = &pr;
        rc = rotas__lp_solve(m->lp, &lo, &res, err);
        if (!rc && (res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE))
            for (size_t j = 0; j < n; j++)
                xs[j] = rotas__lp_value(m->lp, (int)j);
    }
    for (size_t j = 0; j < n; j++) {
        rotas_rc r2 = rotas__lp_set_obj(m->lp, (int)j, m->obj[j], err);
        if (r2 && !rc)
            rc = r2;
    }
    rotas__lp_set_obj_const(m->lp, m->obj_const);
    if (!rc && (res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE) &&
        complete(m, xs) && (!*start_ok || start_objective(m, xs) < start_objective(m, x) - 1e-9)) {
        memcpy(x, xs, n * sizeof *x);
        *start_ok = 1;
    }
    free(xs);
    return rc;
}

/* Large-neighbourhood search (fix and optimize) on the incumbent x: a neighbourhood is a few
   pools (a cluster with its schools, or a school without one), chosen first where the plan
   leaves the most weighted unfilled periods, then in turn; every move column with neither end
   in it is fixed at its value in x, and GLPK solves the rest from x as its start. A better plan
   (completed and checked row by row) replaces x. Runs until `until`. */
static rotas_rc lns_improve(model *m, double *x, double t0, double until,
                            const rotas_plan_options *opt, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    int ns = m->ns, npool = m->nc + ns;
    size_t n = rotas__lp_n_cols(m->lp);
    double *xs = NULL, *cost = NULL;
    int *order = NULL, *pool_of = NULL, *arc_g = NULL, *arc_k = NULL;
    unsigned char *in = NULL;
    if (!NEW(xs, n) || !NEW(cost, npool) || !NEW(order, npool) || !NEW(pool_of, ns) ||
        !NEW(in, ns) || !NEW(arc_g, m->n_arcs) || !NEW(arc_k, m->n_arcs)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    for (int i = 0; i < m->ng; i++)
        for (int k = 0; k < m->g[i].n_cand; k++) {
            arc_g[m->arc_off[i] + k] = i;
            arc_k[m->arc_off[i] + k] = k;
        }
    int used = 0;
    for (int s = 0; s < ns; s++) {
        int cl = m->c->schools[s].cluster;
        pool_of[s] = cl >= 0 ? cl : m->nc + s;
    }
    /* pools with moves or unfilled periods, most costly first */
    for (int s = 0; s < ns; s++)
        for (int j = 0; j < m->nj; j++) {
            size_t k = (size_t)s * (size_t)m->nj + (size_t)j;
            double u = m->ucol_sj[k] >= 0 ? x[m->ucol_sj[k]] : 0.0;
            cost[pool_of[s]] += m->fac[s] * u + 1e-6;
        }
    for (int q = 0; q < npool; q++)
        if (cost[q] > 0)
            order[used++] = q;
    for (int a = 1; a < used; a++) /* insertion sort by cost, descending (used is small) */
        for (int b = a; b > 0 && cost[order[b]] > cost[order[b - 1]]; b--) {
            int t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    if (used == 0)
        goto done;
    /* about a quarter of the move columns free at a time */
    int per = 1;
    {
        long free_arcs = 0, total = m->n_arcs > 0 ? m->n_arcs : 1;
        while (per < used && free_arcs * 4 < total) {
            free_arcs = 0;
            memset(in, 0, (size_t)ns);
            for (int s = 0; s < ns; s++)
                for (int q = 0; q < per; q++)
                    if (pool_of[s] == order[q])
                        in[s] = 1;
            for (int a = 0; a < m->n_arcs; a++) {
                const grp *g = &m->g[arc_g[a]];
                free_arcs += in[g->school] || in[g->cand[arc_k[a]]];
            }
            if (free_arcs * 4 < total)
                per++;
        }
    }
    progress_relay pr = {opt, 0.0};
    unsigned seed = 12345u;
    for (int it = 0, fails = 0; now_s() < until - 0.05 && fails < 2 * used + 2; it++) {
        int better = 0;
        memset(in, 0, (size_t)ns);
        /* the costliest pool in turn, with others drawn at random */
        int first = order[it % used];
        for (int s = 0; s < ns; s++)
            if (pool_of[s] == first)
                in[s] = 1;
        for (int q = 1; q < per; q++) {
            seed = seed * 1103515245u + 12345u;
            int pick = order[(seed >> 16) % (unsigned)used];
            for (int s = 0; s < ns; s++)
                if (pool_of[s] == pick)
                    in[s] = 1;
        }
        int nfix = 0;
        for (int a = 0; a < m->n_arcs; a++) {
            const grp *g = &m->g[arc_g[a]];
            if (in[g->school] || in[g->cand[arc_k[a]]])
                continue;
            double v = round(x[a]);
            if ((rc = rotas__lp_set_bounds(m->lp, a, v, v, err)))
                goto restore;
            nfix++;
        }
        rotas_lp_options lo = {0};
        lo.primal = 1;
        lo.mip_gap = 1e-6;
        lo.cuts = 1;
        lo.verbose = opt->verbose;
        lo.start = x;
        lo.time_limit = fmin(until - now_s(), fmax(1.0, 0.2 * (until - now_s())));
        lo.progress = opt->progress ? relay : NULL;
        pr.offset = now_s() - t0;
        lo.progress_ctx = &pr;
        rotas_lp_result res;
        if (lo.time_limit < 0.05)
            goto restore;
        if ((rc = rotas__lp_solve(m->lp, &lo, &res, err)))
            goto restore;
        if (res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE) {
            for (size_t j = 0; j < n; j++)
                xs[j] = rotas__lp_value(m->lp, (int)j);
            if (res.objective < start_objective(m, x) - 1e-6)
                better = 1;
        }
        /* adapt the neighbourhood: larger when its MIP is proven quickly, smaller when it
           runs out of time */
        if (res.status == ROTAS_LP_OPTIMAL && res.seconds < 0.25 * lo.time_limit && per < used)
            per++;
        else if (res.status != ROTAS_LP_OPTIMAL && per > 1)
            per--;
    restore:
        for (int a = 0; a < m->n_arcs; a++) {
            rotas_rc r2 = rotas__lp_set_bounds(m->lp, a, m->lb[a], m->ub[a], err);
            if (r2 && !rc)
                rc = r2;
        }
        if (rc)
            goto done;
        /* checked with the full bounds before use */
        if (better && complete(m, xs) && start_objective(m, xs) < start_objective(m, x) - 1e-6) {
            memcpy(x, xs, n * sizeof *x);
            fails = 0;
        } else {
            fails++;
        }
        (void)nfix;
    }
done:
    free(xs);
    free(cost);
    free(order);
    free(pool_of);
    free(in);
    free(arc_g);
    free(arc_k);
    return rc;
}

/* Phase 1 of the relaxed model: the least weighted slack alone (rule multipliers, no other
   cost), a small and easy problem. Each slack column is then bounded by its phase-1 value, the
   objective restored, and the phase-1 solution becomes the start of phase 2. Without this,
   the big penalties make the relaxation weak and the search slow. */
static rotas_rc relax_phase1(model *m, double *x, int *start_ok, double t0, double deadline,
                             const rotas_plan_options *opt, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    size_t n = rotas__lp_n_cols(m->lp);
    if (*start_ok) {
        /* the greedy's plan already tells how far the rules must give (it excused only
           leaders in proven conflict): bound the slack by it, no phase-1 solve */
        for (size_t j = 0; j < n; j++)
            if (m->slack_kind[j] >= 0) {
                x[j] = round(x[j]);
                m->ub[j] = x[j];
                if ((rc = rotas__lp_set_bounds(m->lp, (int)j, 0.0, x[j], err)))
                    return rc;
            }
        return ROTAS_OK;
    }
    for (size_t j = 0; j < n; j++)
        if ((rc = rotas__lp_set_obj(m->lp, (int)j,
                                    m->slack_kind[j] >= 0 ? rule_mult[m->slack_kind[j]] : 0.0,
                                    err)))
            return rc;
    rotas__lp_set_obj_const(m->lp, 0.0);
    progress_relay pr = {opt, now_s() - t0};
    rotas_lp_options lo = {0};
    lo.primal = 1;
    lo.time_limit = 0.4 * (deadline - now_s());
    if (lo.time_limit < 0.01)
        lo.time_limit = 0.01;
    lo.verbose = opt->verbose;
    lo.start = *start_ok ? x : NULL;
    lo.progress = opt->progress ? relay : NULL;
    lo.progress_ctx = &pr;
    rotas_lp_result res;
    if ((rc = rotas__lp_solve(m->lp, &lo, &res, err)))
        return rc;
    if (res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE) {
        for (size_t j = 0; j < n; j++)
            x[j] = rotas__lp_value(m->lp, (int)j);
        for (size_t j = 0; j < n; j++)
            if (m->slack_kind[j] >= 0) {
                x[j] = round(x[j]);
                m->ub[j] = x[j];
                if ((rc = rotas__lp_set_bounds(m->lp, (int)j, 0.0, x[j], err)))
                    return rc;
            }
        *start_ok = 1;
    }
    for (size_t j = 0; j < n; j++)
        if ((rc = rotas__lp_set_obj(m->lp, (int)j, m->obj[j], err)))
            return rc;
    rotas__lp_set_obj_const(m->lp, m->obj_const);
    return ROTAS_OK;
}

/* Dive on the LP relaxation for an integer plan; keep it in x when it is the first one or
   better than the one there. */
static rotas_rc dive_start(model *m, double *x, int *start_ok, double budget, rotas_error *err)
{
    size_t nc = rotas__lp_n_cols(m->lp);
    double *xd = malloc((nc + 1) * sizeof *xd), dobj = 0.0;
    if (!xd)
        return rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
    if (budget > 0.05 && rotas__lp_dive(m->lp, budget, xd, &dobj) == 1) {
        for (size_t j = 0; j < nc; j++)
            if ((int)j < m->n_arcs || m->slack_kind[j] >= 0)
                xd[j] = round(xd[j]);
        if (refresh_x(m, xd) &&
            (!*start_ok || start_objective(m, xd) < start_objective(m, x) - 1e-6)) {
            memcpy(x, xd, nc * sizeof *x);
            *start_ok = 1;
        }
    }
    free(xd);
    return ROTAS_OK;
}

static rotas_rc plan_year(const rotas_county *c, const rotas_plan_options *opt, int *Y,
                          rotas_error *err)
{
    *Y = opt && opt->year ? opt->year : (c->year ? c->year + 1 : 0);
    if (*Y <= 0)
        return rotas_error_set(err, ROTAS_EINPUT,
                               "plan: no plan year: the county gives no year; give one (--year)");
    return ROTAS_OK;
}

rotas_rc rotas_plan_make(rotas_plan **out, const rotas_county *c, const rotas_policy *p,
                         const rotas_plan_options *opt, rotas_error *err)
{
    static const rotas_plan_options no_opt = {0};
    if (!opt)
        opt = &no_opt;
    *out = NULL;
    double t0 = opt->started > 0 && opt->started <= now_s() ? opt->started : now_s();
    double tl = p->time_limit_seconds > 0 ? p->time_limit_seconds : 60.0;
    /* the limit covers the whole run: keep a margin for checking and writing the plan */
    double deadline = t0 + tl - fmin(1.0, fmax(0.05, 0.02 * tl));
    model m;
    rotas_plan *plan = NULL;
    double *x = NULL;
    double *xfb = NULL; /* a plan holding every rule, flows not completed */
    rotas_rc rc;
    int Y;
    memset(&m, 0, sizeof m);
    if ((rc = plan_year(c, opt, &Y, err)))
        return rc;
    if (opt->progress)
        opt->progress(opt->progress_ctx, "building", 0.0, NAN, NAN);
    if ((rc = model_init(&m, c, p, Y, opt->previous, err)))
        goto done;
    m.deadline = deadline;
    m.verbose = opt->verbose;
    plan = calloc(1, sizeof *plan);
    if (!plan) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    plan->year = Y;
    plan->policy = *p;
    plan->n_eligible = m.n_eligible;
    plan->n_must = m.n_must;
    plan->n_frozen = m.n_frozen;
    plan->n_estimated_pairs = c->n_estimated_pairs;

    rotas_lp_result res = {.status = ROTAS_LP_NO_SOLUTION, .objective = NAN, .bound = NAN, .gap = NAN};
    int have_x = 0, relaxed = 0, used_start_only = 0, unproven = 0, failed = 0, fb_relaxed = 0;
    for (int stage = 0; stage < 3; stage++) {
        relaxed = stage == 2;
        if (stage < 2 && (rc = make_candidates(&m, stage == 1, err)))
            goto done;
        int g = greedy(&m, now_s() + 0.25 * (deadline - now_s()), NULL);
        if (g < 0) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
            goto done;
        }
        /* the greedy's conflicts are no proof: the strict model's LP or branch and bound
           decides whether the rules can all hold */
        m.lp_bound = NAN; /* a bound of this model only */
        if ((rc = build(&m, relaxed, err)))
            goto done;
        if (relaxed && m.dec_bad) {
            rc = rotas_error_set(err, ROTAS_EINPUT,
                                 "plan: the bureau's decisions cannot be carried out: a move, "
                                 "together or receive_key decision has no possible move");
            goto done;
        }
        if (!relaxed && trivially_infeasible(&m))
            continue; /* a rule no column can meet: widen, then relax */
        free(x);
        x = malloc((rotas__lp_n_cols(m.lp) + 1) * sizeof *x);
        if (!x) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
            goto done;
        }
        int start_ok = (relaxed || g == 1) && make_start(&m, x);
        if (!start_ok && (relaxed || g == 1) && rules_hold(&m, x)) {
            /* the greedy's plan holds every rule but its flows could not be completed in
               time (a large county): kept as the plan of last resort */
            free(xfb);
            xfb = malloc((rotas__lp_n_cols(m.lp) + 1) * sizeof *xfb);
            if (!xfb) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                goto done;
            }
            memcpy(xfb, x, rotas__lp_n_cols(m.lp) * sizeof *x);
            fb_relaxed = relaxed;
        }
        if (opt->previous && (rc = previous_start(&m, x, &start_ok, err)))
            goto done;
        if (relaxed && (rc = relax_phase1(&m, x, &start_ok, t0, deadline, opt, err)))
            goto done;
        /* out of time already (a large county): what there is will do */
        if (now_s() > deadline - 0.05 * (deadline - t0) && (start_ok || (xfb && fb_relaxed == relaxed))) {
            if (!start_ok)
                memcpy(x, xfb, rotas__lp_n_cols(m.lp) * sizeof *x);
            have_x = 1;
            used_start_only = 1;
            res.status = ROTAS_LP_NO_SOLUTION;
            break;
        }
        int lp_infeasible = 0;
        if ((rc = restricted_solve(&m, x, &start_ok, &lp_infeasible, t0, deadline, opt, err)))
            goto done;
        if (lp_infeasible)
            continue; /* proven: no plan with these candidates; widen, then relax */
        if (opt->export_lp && (rc = rotas__lp_write_lp(m.lp, opt->export_lp, err)))
            goto done;
        if (opt->export_mps && (rc = rotas__lp_write_mps(m.lp, opt->export_mps, err)))
            goto done;
        /* The restricted MIP over the LP's support gives the first plan (measured: the best
           first plans); without one, a dive on the LP relaxation is the surest way to one. */
        if (!start_ok && (rc = feasibility_start(&m, x, &start_ok, 0.4 * (deadline - now_s()),
                                                 t0, opt, err)))
            goto done;
        if (!start_ok && (rc = dive_start(&m, x, &start_ok, 0.5 * (deadline - now_s()), err)))
            goto done;
        /* Fix and optimize around the first plan, for most of what is left: measured, it
           improves plans where branch and cut on the whole model does not */
        if (start_ok && (rc = lns_improve(&m, x, t0, now_s() + 0.7 * (deadline - now_s()), opt, err)))
            goto done;
        /* Branch and cut from the best start. Without a start in the strict model, keep a
           reserve: if no plan turns up, the relaxed model still gives one in time. */
        double reserve = !relaxed && !start_ok ? 0.3 * (deadline - now_s()) : 0.0;
        /* and time to complete, check and decode the plan after the search */
        reserve += fmin(0.1 * (deadline - now_s()), 3.0 * m.t_complete + 0.05);
        progress_relay pr = {opt, now_s() - t0};
        rotas_lp_options lo = {0};
        lo.primal = 1;
        lo.mip_gap = p->mip_gap;
        lo.cuts = 1;
        lo.verbose = opt->verbose;
        lo.progress = opt->progress ? relay : NULL;
        lo.progress_ctx = &pr;
        int tries = 0, got = 0;
        for (;;) {
            lo.time_limit = deadline - reserve - now_s();
            if (lo.time_limit < 0.01)
                lo.time_limit = 0.01;
            lo.start = start_ok ? x : NULL;
            if ((rc = rotas__lp_solve(m.lp, &lo, &res, err)))
                goto done;
            if (res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE) {
                /* never trust a solution unchecked: complete its flows and check every row */
                size_t n = rotas__lp_n_cols(m.lp);
                double *xs = malloc((n + 1) * sizeof *xs);
                if (!xs) {
                    rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                    goto done;
                }
                for (size_t j = 0; j < n; j++)
                    xs[j] = rotas__lp_value(m.lp, (int)j);
                if (complete(&m, xs) &&
                    (!start_ok || start_objective(&m, xs) <= start_objective(&m, x) + 1e-6)) {
                    memcpy(x, xs, n * sizeof *x);
                    start_ok = got = 1;
                }
                free(xs);
            }
            /* GLPK failed (singular basis, numerics): retry from the best plan known with the
               other simplex and no cuts while time is left; never reported as a time limit */
            if (!res.failed || ++tries > 2 || deadline - reserve - now_s() < 0.5)
                break;
            lo.primal = !lo.primal;
            lo.cuts = 0;
        }
        if (res.failed)
            failed = 1;
        if (got || (start_ok && (res.status == ROTAS_LP_NO_SOLUTION || res.failed ||
                                 res.status == ROTAS_LP_OPTIMAL || res.status == ROTAS_LP_FEASIBLE))) {
            have_x = 1;
            used_start_only = !got;
            res.objective = start_objective(&m, x);
            break;
        }
        if (res.status == ROTAS_LP_INFEASIBLE && !res.failed)
            continue; /* proven: widen, then relax */
        if (xfb && fb_relaxed == relaxed) {
            /* the budget is spent: the greedy's plan, checked rule by rule */
            size_t n = rotas__lp_n_cols(m.lp);
            memcpy(x, xfb, n * sizeof *x);
            have_x = 1;
            used_start_only = 1;
            unproven = unproven || relaxed;
            break;
        }
        if (relaxed) {
            rc = rotas_error_set(err, ROTAS_ESOLVER,
                                 "plan: no plan found within the time limit of %g s (raise "
                                 "time_limit_seconds or --time-limit)",
                                 p->time_limit_seconds);
            goto done;
        }
        /* no plan meeting every rule within the budget, and no proof that none exists: the
           relaxed model gives a plan in the reserve, reported as time_limit */
        unproven = 1;
        stage = 1;
    }
    if (!have_x && c->n_decisions > 0 && relaxed) {
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             "plan: the bureau's %zu decision%s cannot all be carried out "
                             "together, even with every rule relaxed (check the move, together "
                             "and receive_key decisions against each other)",
                             c->n_decisions, c->n_decisions == 1 ? "" : "s");
        goto done;
    }
    if (!have_x) {
        rc = rotas_error_set(err, ROTAS_EINFEASIBLE,
                             "plan: the data admit no plan even with every rule relaxed");
        goto done;
    }
    if ((rc = decode(&m, x, plan, err)) || (rc = fairness(&m, x, plan, err)) ||
        (rc = describe(&m, x, plan, err)) || (rc = secondments(&m, plan, err)))
        goto done;
    if (opt->previous)
        plan->n_changed = count_changed(plan, opt->previous);
    res.objective = plan->objective; /* describe() computed it from the plan */
    /* the best proven bound: branch and bound's, else the LP relaxation's, else the trivial
       one (each column at its cheapest bound) */
    plan->bound = !isnan(res.bound) ? res.bound : !isnan(m.lp_bound) ? m.lp_bound : trivial_bound(&m);
    if (!isnan(m.lp_bound) && m.lp_bound > plan->bound)
        plan->bound = m.lp_bound;
    if (plan->bound > plan->objective)
        plan->bound = plan->objective;
    plan->gap = res.status == ROTAS_LP_OPTIMAL && !used_start_only
                    ? res.gap
                    : fabs(plan->objective - plan->bound) / (fabs(plan->objective) + 1e-9);
    if (isnan(plan->gap) || isinf(plan->gap))
        plan->gap = 1.0;
    if (relaxed) {
        /* rules gave because the strict model was proven infeasible (feasible), or because
           no strict plan turned up within the budget (time_limit) */
        plan->status = unproven ? ROTAS_STATUS_TIME_LIMIT : ROTAS_STATUS_FEASIBLE;
        double amount[R_COUNT] = {0};
        size_t n = rotas__lp_n_cols(m.lp);
        for (size_t j = 0; j < n; j++)
            if (m.slack_kind[j] >= 0) {
                double v = x[j];
                if (m.slack_kind[j] == R_POSTS && strncmp(rotas__lp_col_name(m.lp, (int)j),
                                                          "slack_posts_down", 16) == 0)
                    continue; /* count each unmatched post once */
                amount[m.slack_kind[j]] += v;
            }
        for (int r = 0; r < R_COUNT; r++)
            if (amount[r] > 0.5) {
                if (add_relaxed(plan, r, round(amount[r]), &m)) {
                    rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                    goto done;
                }
                if (unproven) /* no cause is known: say what happened */
                    snprintf(plan->relaxed[plan->n_relaxed - 1].detail,
                             sizeof plan->relaxed[plan->n_relaxed - 1].detail,
                             "short by %.0f: the time limit ended before a plan meeting every "
                             "rule was found (not proven impossible; allow more time)",
                             round(amount[r]));
            }
    } else if (res.status == ROTAS_LP_OPTIMAL && !used_start_only && !failed) {
        plan->status = ROTAS_STATUS_OPTIMAL;
    } else if (failed) {
        plan->status = ROTAS_STATUS_FEASIBLE; /* the solver failed: a checked plan, unproven */
    } else {
        plan->status = ROTAS_STATUS_TIME_LIMIT;
    }
    if (m.out_raised > 0) {
        rotas_relaxed *r = NULL;
        for (size_t i = 0; i < plan->n_relaxed; i++)
            if (!strcmp(plan->relaxed[i].rule, rotas_rule_name(ROTAS_RULE_MAX_OUT_SHARE)))
                r = &plan->relaxed[i];
        if (!r) {
            if (add_relaxed(plan, R_OUT, 0.0, &m)) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                goto done;
            }
            r = &plan->relaxed[plan->n_relaxed - 1];
            r->detail[0] = '\0';
        }
        r->amount += m.out_raised;
        size_t len = strlen(r->detail);
        snprintf(r->detail + len, sizeof r->detail - len,
                 "%s%d leader%s past %d years in post must leave schools that may lose fewer "
                 "(e.g. %s)",
                 len ? "; " : "", m.out_raised, m.out_raised == 1 ? "" : "s",
                 m.p->leader_tenure_years, sid(&m, m.out_raised_school));
        /* the rules as given could not all hold: the plan is "feasible" with relaxed[] (its
           bound and gap still say how good it is under the rules that held); a time_limit
           stays one */
        if (plan->status == ROTAS_STATUS_OPTIMAL)
            plan->status = ROTAS_STATUS_FEASIBLE;
    }
    plan->seconds = now_s() - t0;
    *out = plan;
    plan = NULL;
done:
    free(x);
    free(xfb);
    model_free(&m);
    rotas_plan_free(plan);
    return rc;
}

/* ---- explaining one teacher ---- */

/* Periods a move of g to d fills at d (gain > 0) and leaves unfilled at its school, from the
   supply before any move, per subject of the teacher. */
static void fill_terms(const model *m, const grp *g, int d, FILE *f)
{
    const rotas_teacher *t = &m->c->teachers[g->rep];
    for (size_t q = 0; q < t->n_subjects; q++) {
        int j = t->subjects[q];
        if (j < 0 || j >= m->nj)
            continue;
        int uf = unit_of(m, g->school, j), ut = unit_of(m, d, j);
        if (uf == ut) {
            fprintf(f, "      %s: same pool (cluster), no change\n", m->c->subjects[j].id);
            continue;
        }
        double def_t = m->D[ut] - m->S0[ut], fills = def_t > 0 ? fmin(def_t, g->per) : 0.0;
        double before = fmax(0.0, m->D[uf] - m->S0[uf]);
        double after = fmax(0.0, m->D[uf] - (m->S0[uf] - g->per));
        fprintf(f, "      %s: fills %.1f of %.1f periods short at the destination, leaves %.1f "
                   "more unfilled at home (weights %.2f and %.2f x %g)\n",
                m->c->subjects[j].id, fills, def_t > 0 ? def_t : 0.0, after - before,
                m->ufac[ut], m->ufac[uf], m->p->w_unfilled);
    }
}

static void cost_terms(const model *m, const grp *g, int d, FILE *f)
{
    const rotas_teacher *t = &m->c->teachers[g->rep];
    const rotas_policy *p = m->p;
    double km = rotas_county_km(m->c, g->school, d);
    int rank = find_rank(t, d);
    double pref = t->n_preferences == 0 ? 0.0
                  : rank ? p->w_preference * (rank - 1)
                         : p->w_preference * (double)(t->n_preferences + 1);
    int ga = m->c->schools[g->school].group, gb = m->c->schools[d].group;
    char pr[32];
    if (rank)
        snprintf(pr, sizeof pr, "rank %d", rank);
    else
        snprintf(pr, sizeof pr, "%s", t->n_preferences ? "not asked for" : "none stated");
    fprintf(f, "    %s: %.1f km (cost %.1f), move %.1f, preference %s (cost %.1f)%s", sid(m, d),
            km, p->w_km * km, p->w_move, pr, pref,
            ga >= 0 && ga == gb ? ", same education group (saves " : "");
    if (ga >= 0 && ga == gb)
        fprintf(f, "%.1f)", p->w_group);
    if (m->have_prev)
        fprintf(f, ", keep %+.0f", keep_cost(m, g, d));
    fprintf(f, "; total %.1f\n", arc_cost(m, g, d));
    fill_terms(m, g, d, f);
}

rotas_rc rotas_plan_explain(char **out, const rotas_county *c, const rotas_policy *p,
                            const rotas_plan_options *opt, const rotas_plan *plan, int teacher,
                            rotas_error *err)
{
    static const rotas_plan_options no_opt = {0};
    model m;
    memset(&m, 0, sizeof m);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = NULL;
    rotas_rc rc;
    int Y;
    *out = NULL;
    if (!opt)
        opt = &no_opt;
    if (teacher < 0 || (size_t)teacher >= c->n_teachers)
        return rotas_error_set(err, ROTAS_EINPUT, "plan: explain: unknown teacher");
    rotas_plan_options o2 = *opt;
    if (plan)
        o2.year = plan->year;
    if ((rc = plan_year(c, &o2, &Y, err)))
        return rc;
    if ((rc = model_init(&m, c, p, Y, opt->previous, err)) || (rc = make_candidates(&m, 0, err)))
        goto done;
    f = open_memstream(&buf, &len);
    if (!f) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    const rotas_teacher *t = &c->teachers[teacher];
    unsigned st = m.tstate[teacher];
    int tenure = Y - t->school_since, post = Y - t->post_since;
    fprintf(f, "%s (%s, %s) at %s in %d: %d years at the school (eligible from %d)", t->id,
            rotas_role_name(t->role), t->n_subjects ? c->subjects[t->subjects[0]].id : "-",
            sid(&m, t->school), Y, tenure, p->teacher_tenure_years);
    if (is_leader((int)t->role))
        fprintf(f, ", %d years in the post (must move from %d)", post, p->leader_tenure_years);
    fprintf(f, "%s\n", t->key >= ROTAS_KEY_COUNTY ? ", key teacher" : "");
    const rotas_move *mv = NULL;
    for (size_t k = 0; plan && k < plan->n_moves; k++)
        if (plan->moves[k].teacher == teacher)
            mv = &plan->moves[k];
    for (size_t k = 0; plan && k < plan->n_secondments; k++)
        if (plan->secondments[k].teacher == teacher)
            fprintf(f, "  seconded to %s for %d as teaching vice-principal (%.1f km)\n",
                    sid(&m, plan->secondments[k].to), plan->secondments[k].until,
                    plan->secondments[k].km);
    for (size_t i = 0; i < c->n_decisions; i++) {
        const rotas_decision *d = &c->decisions[i];
        if (d->teacher != teacher && !(d->kind == ROTAS_DECISION_TOGETHER && d->teacher2 == teacher))
            continue;
        fprintf(f, "  decision %zu: %s", i + 1, rotas_decision_kind_name(d->kind));
        if (d->kind == ROTAS_DECISION_MOVE)
            fprintf(f, " to %s", sid(&m, d->school));
        if (d->kind == ROTAS_DECISION_TOGETHER)
            fprintf(f, " with %s", tname(c, d->teacher == teacher ? d->teacher2 : d->teacher));
        fprintf(f, "%s%s\n", d->reason ? ": " : "", d->reason ? d->reason : "");
    }
    if (st & T_FROZEN) {
        if (t->exempt)
            fprintf(f, "  frozen: exempt (%s); frozen teachers never move\n", t->exempt);
        else if (t->exchange_until >= Y)
            fprintf(f, "  frozen: on an exchange until %d; frozen teachers never move\n",
                    t->exchange_until);
        else
            fprintf(f, "  frozen: within %d years of retirement; frozen teachers never move\n",
                    p->exempt_years_before_retirement);
    } else if (st & T_STAY) {
        fprintf(f, "  stays: a stay decision of the bureau%s\n",
                is_leader((int)t->role) && post >= p->leader_tenure_years
                    ? " (it lifts the post-tenure must-move)"
                    : "");
    } else if (!(st & (T_ELIGIBLE | T_DECIDED))) {
        fprintf(f, "  not eligible: %d years at the school < %d%s; it stays\n", tenure,
                p->teacher_tenure_years,
                is_leader((int)t->role) ? " and below the post-tenure line" : "");
    } else {
        if (st & T_MUST)
            fprintf(f, "  must move: %s %d years in the post >= %d\n", rotas_role_name(t->role),
                    post, p->leader_tenure_years);
        else if (st & T_ELIGIBLE)
            fprintf(f, "  eligible: %d years at the school >= %d\n", tenure,
                    p->teacher_tenure_years);
        if (m.dec_to[teacher] >= 0)
            fprintf(f, "  a move decision fixes its destination: %s\n",
                    sid(&m, m.dec_to[teacher]));
        int gi = m.tg[teacher];
        const grp *g = gi >= 0 ? &m.g[gi] : NULL;
        if (g && g->n > 1)
            fprintf(f, "  interchangeable with %d other%s at its school (same subjects, role, "
                       "key-ness, preferences): within them the higher priority chooses first\n",
                    g->n - 1, g->n == 2 ? "" : "s");
        if (!g || g->n_cand == 0) {
            fprintf(f, "  candidate destinations: none (no school within reach where its "
                       "subjects are short, more rural or harder, or that it asked for)\n");
        } else {
            fprintf(f, "  candidate destinations considered (%d):\n", g->n_cand);
            for (int k = 0; k < g->n_cand; k++)
                cost_terms(&m, g, g->cand[k], f);
        }
        if (mv) {
            fprintf(f, "  moves to %s (%.1f km, until %d, priority %.1f)\n", sid(&m, mv->to),
                    mv->km, mv->until, mv->priority);
            if (g && cand_index(g, mv->to) < 0)
                cost_terms(&m, g, mv->to, f);
        } else if (plan && g && g->n_cand > 0) {
            int n_out = 0, me = 0;
            int *in = NULL;
            if (!NEW(in, m.ns)) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
                goto done;
            }
            for (size_t k = 0; k < plan->n_moves; k++) {
                const rotas_move *x = &plan->moves[k];
                in[x->to]++;
                in[x->from]--;
                n_out += x->from == t->school;
                me += (m.tstate[x->teacher] & T_ELIGIBLE) != 0;
            }
            fprintf(f, "  stays:\n");
            if (n_out >= m.outcap[t->school])
                fprintf(f, "    its school %s already loses %d teacher%s, the most it may "
                           "(max_out_share)\n",
                        sid(&m, t->school), n_out, n_out == 1 ? "" : "s");
            for (int k = 0; k < g->n_cand; k++) {
                int d = g->cand[k];
                if (in[d] >= m.room[d])
                    fprintf(f, "    %s has no staffing room left (%+d teachers net in the plan, "
                               "room %d under its quota)\n",
                            sid(&m, d), in[d], m.room[d]);
            }
            if (me >= m.quota_min)
                fprintf(f, "    the rotation share is met: %d eligible moved, %d required; "
                           "the moves made fill more or cost less\n",
                        me, m.quota_min);
            if (st & T_MUST)
                fprintf(f, "    the leader_tenure rule was relaxed for it (see relaxed)\n");
            free(in);
        }
    }
    if (fclose(f) != 0) {
        f = NULL;
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    f = NULL;
    *out = buf;
    buf = NULL;
done:
    if (f)
        fclose(f);
    free(buf);
    model_free(&m);
    return rc;
}

/* ---- MathProg data for models/rotation.mod ---- */

rotas_rc rotas__plan_write_dat(const rotas_county *c, const rotas_policy *p,
                               const rotas_plan_options *opt, const char *path, rotas_error *err)
{
    model m;
    memset(&m, 0, sizeof m);
    FILE *f = NULL;
    rotas_rc rc;
    int Y;
    static const rotas_plan_options no_opt = {0};
    if (!opt)
        opt = &no_opt;
    if ((rc = plan_year(c, opt, &Y, err)))
        return rc;
    if ((rc = model_init(&m, c, p, Y, opt->previous, err)) || (rc = make_candidates(&m, 0, err)))
        goto done;
    if (greedy(&m, now_s() + 60.0, NULL) < 0) { /* the greedy may add leader candidates, as in rotas_plan_make */
        rc = rotas_error_set(err, ROTAS_ENOMEM, "plan: out of memory");
        goto done;
    }
    f = fopen(path, "w");
    if (!f) {
        rc = rotas_error_set(err, ROTAS_EIO, "%s: cannot write", path);
        goto done;
    }
    fprintf(f, "data;\n");
    fprintf(f, "param w_unfilled := %.17g;\nparam w_balance := %.17g;\n", p->w_unfilled,
            p->w_balance);
    fprintf(f, "param min_key_share := %.17g;\nparam key_base_eligible := %d;\n",
            p->min_key_share, p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE);
    fprintf(f, "param quota_min := %d;\nparam n_eligible := %d;\n", m.quota_min, m.n_eligible);
    fprintf(f, "set S :=");
    for (int s = 0; s < m.ns; s++)
        fprintf(f, " s%d", s);
    /* teachers: a group of interchangeable teachers is one entry, named by its representative
       (the teachers of a decision are groups of one) */
    fprintf(f, ";\nset TA :=");
    for (size_t i = 0; i < c->n_teachers; i++)
        if (m.tg[i] < 0 || m.g[m.tg[i]].rep == (int)i)
            fprintf(f, " t%zu", i);
    fprintf(f, ";\nset E :=");
    for (int i = 0; i < m.ng; i++)
        fprintf(f, " t%d", m.g[i].rep);
    fprintf(f, ";\nparam size :=");
    for (int i = 0; i < m.ng; i++)
        if (m.g[i].n > 1)
            fprintf(f, " t%d %d", m.g[i].rep, m.g[i].n);
    fprintf(f, ";\nparam: has_students staff0 room outcap K0 T fac :=\n");
    for (int s = 0; s < m.ns; s++)
        fprintf(f, "  s%d %d %d %d %d %d %.17g %.17g\n", s, m.has_students[s], m.staff0[s],
                m.room[s], m.outcap[s], m.K0[s], m.T[s], m.fac[s]);
    /* exact supply: subjects, pools (cluster, or the school itself), demand per school */
    fprintf(f, ";\nset J :=");
    for (int j = 0; j < m.nj; j++)
        fprintf(f, " j%d", j);
    fprintf(f, ";\nparam shortage :=");
    for (int j = 0; j < m.nj; j++)
        fprintf(f, " j%d %d", j, c->subjects[j].shortage ? 1 : 0);
    fprintf(f, ";\nparam pool :=\n");
    for (int s = 0; s < m.ns; s++) {
        int cl = c->schools[s].cluster;
        if (cl >= 0)
            fprintf(f, "  s%d c%d\n", s, cl);
        else
            fprintf(f, "  s%d s%d\n", s, s);
    }
    fprintf(f, ";\nparam demand :=\n");
    for (int s = 0; s < m.ns; s++)
        for (int j = 0; j < m.nj; j++) {
            double d = m.demand_sj[(size_t)s * (size_t)m.nj + (size_t)j];
            if (d > 0)
                fprintf(f, "  s%d j%d %.17g\n", s, j, d);
        }
    /* every teacher: school now, capacity, subjects (as the planner's subject sets) */
    fprintf(f, ";\nparam: home cap :=\n");
    for (size_t i = 0; i < c->n_teachers; i++)
        if (m.tg[i] < 0 || m.g[m.tg[i]].rep == (int)i)
            fprintf(f, "  t%zu s%d %d\n", i, c->teachers[i].school, m.tcap[i]);
    fprintf(f, ";\n");
    for (size_t i = 0; i < c->n_teachers; i++) {
        int set = m.tset[i];
        if (set < 0 || (m.tg[i] >= 0 && m.g[m.tg[i]].rep != (int)i))
            continue;
        fprintf(f, "set SUBJ[t%zu] :=", i);
        for (int k = m.set_off[set]; k < m.set_off[set + 1]; k++)
            fprintf(f, " j%d", m.set_sub[k]);
        fprintf(f, ";\n");
    }
    fprintf(f, "param: role key must :=\n");
    for (int i = 0; i < m.ng; i++)
        fprintf(f, "  t%d %d %d %d\n", m.g[i].rep, m.g[i].role, m.g[i].key, m.g[i].must);
    fprintf(f, ";\nparam: elig decided :=\n");
    for (int i = 0; i < m.ng; i++)
        fprintf(f, "  t%d %d %d\n", m.g[i].rep, m.g[i].elig, m.g[i].dec == 2);
    fprintf(f, ";\nparam: A: cost keep :=\n");
    for (int i = 0; i < m.ng; i++)
        for (int q = 0; q < m.g[i].n_cand; q++)
            fprintf(f, "  t%d s%d %.17g %d\n", m.g[i].rep, m.g[i].cand[q],
                    move_cost(&m, &m.g[i], m.g[i].cand[q]),
                    m.have_prev && keep_cost(&m, &m.g[i], m.g[i].cand[q]) < 0);
    fprintf(f, ";\nparam w_keep := %.17g;\nparam replan := %d;\nparam n_prev := %d;\n",
            p->w_keep, m.have_prev, m.n_prev);
    fprintf(f, "set TOG :=");
    for (size_t q = 0; q < c->n_decisions; q++) {
        const rotas_decision *d = &c->decisions[q];
        if (d->kind == ROTAS_DECISION_TOGETHER && m.tg[d->teacher] >= 0 && m.tg[d->teacher2] >= 0)
            fprintf(f, " (t%d,t%d)", d->teacher, d->teacher2);
    }
    fprintf(f, ";\nset RK :=");
    for (size_t q = 0; q < c->n_decisions; q++)
        if (c->decisions[q].kind == ROTAS_DECISION_RECEIVE_KEY)
            fprintf(f, " r%zu", q);
    fprintf(f, ";\nparam rk_school :=");
    for (size_t q = 0; q < c->n_decisions; q++)
        if (c->decisions[q].kind == ROTAS_DECISION_RECEIVE_KEY)
            fprintf(f, " r%zu s%d", q, c->decisions[q].school);
    fprintf(f, ";\n");
    for (size_t q = 0; q < c->n_decisions; q++) {
        const rotas_decision *d = &c->decisions[q];
        if (d->kind != ROTAS_DECISION_RECEIVE_KEY)
            continue;
        fprintf(f, "set RKT[r%zu] :=", q);
        for (int i = 0; i < m.ng; i++)
            if (rk_qualifies(&m, &m.g[i], d))
                fprintf(f, " t%d", m.g[i].rep);
        fprintf(f, ";\n");
    }
    fprintf(f, "end;\n");
    if (fclose(f) != 0) {
        f = NULL;
        rc = rotas_error_set(err, ROTAS_EIO, "%s: cannot write", path);
        goto done;
    }
    f = NULL;
done:
    if (f)
        fclose(f);
    model_free(&m);
    return rc;
}
