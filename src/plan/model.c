/*
 * model.c - the planner's model data: the clock, teacher groups, subject sets, the model
 * (init and free), the bureau's decisions, candidate destinations and move costs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n_int.h"
#include "lp_int.h"
#include "plan_int.h"
#include "rotas/plan.h"
#include "rotas/shortage.h"

double rotas_plan_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double rotas__plan_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int rotas__plan_unit_of(const model *m, int s, int j)
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

int rotas__plan_is_leader(int role)
{
    return role == ROTAS_ROLE_PRINCIPAL || role == ROTAS_ROLE_VICE_PRINCIPAL;
}

/* ---- teacher grouping ---- */

static _Thread_local const model *g_sort_model;

int rotas__plan_cmp_int(int a, int b)
{
    return (a > b) - (a < b);
}

/* With group dispatch on, middle leaders and other teachers are not interchangeable. */
static int manager_key(const model *m, const rotas_teacher *t)
{
    return rotas__plan_dispatch_on(m) && rotas__plan_is_manager(t);
}

static int group_cmp(const void *pa, const void *pb)
{
    const model *m = g_sort_model;
    int a = *(const int *)pa, b = *(const int *)pb;
    const rotas_teacher *ta = &m->c->teachers[a], *tb = &m->c->teachers[b];
    int r;
    if ((r = rotas__plan_cmp_int(ta->school, tb->school)) ||
        (r = rotas__plan_cmp_int(m->solo[a], m->solo[b])) ||
        (r = rotas__plan_cmp_int((int)ta->role, (int)tb->role)) ||
        (r = rotas__plan_cmp_int(ta->key >= ROTAS_KEY_COUNTY, tb->key >= ROTAS_KEY_COUNTY)) ||
        (r = rotas__plan_cmp_int(m->tstate[a] & T_MUST, m->tstate[b] & T_MUST)) ||
        (r = rotas__plan_cmp_int(manager_key(m, ta), manager_key(m, tb))) ||
        (r = rotas__plan_cmp_int(ta->max_periods > 0 ? ta->max_periods : m->p->default_max_periods,
                                 tb->max_periods > 0 ? tb->max_periods
                                                     : m->p->default_max_periods)) ||
        (r = rotas__plan_cmp_int((int)ta->n_subjects, (int)tb->n_subjects)) ||
        (r = rotas__plan_cmp_int((int)ta->n_preferences, (int)tb->n_preferences)))
        return r;
    for (size_t k = 0; k < ta->n_subjects; k++)
        if ((r = rotas__plan_cmp_int(ta->subjects[k], tb->subjects[k])))
            return r;
    for (size_t k = 0; k < ta->n_preferences; k++)
        if ((r = rotas__plan_cmp_int(ta->preferences[k], tb->preferences[k])))
            return r;
    /* inside a group: longest tenure first, then post tenure, then teacher order */
    if ((r = rotas__plan_cmp_int(ta->school_since, tb->school_since)) ||
        (r = rotas__plan_cmp_int(ta->post_since, tb->post_since)))
        return r;
    return rotas__plan_cmp_int(a, b);
}

static int same_group(const model *m, int a, int b)
{
    const rotas_teacher *ta = &m->c->teachers[a], *tb = &m->c->teachers[b];
    if (m->solo[a] || m->solo[b] || ta->school != tb->school || ta->role != tb->role ||
        (ta->key >= ROTAS_KEY_COUNTY) != (tb->key >= ROTAS_KEY_COUNTY) ||
        (m->tstate[a] & T_MUST) != (m->tstate[b] & T_MUST) ||
        manager_key(m, ta) != manager_key(m, tb) ||
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
        return rotas__plan_cmp_int(a, b); /* never: the reader caps subject lists far lower */
    int na = subject_list(m, a, la), nb = subject_list(m, b, lb);
    if (na != nb)
        return rotas__plan_cmp_int(na, nb);
    for (int k = 0; k < na; k++)
        if (la[k] != lb[k])
            return rotas__plan_cmp_int(la[k], lb[k]);
    return rotas__plan_cmp_int(a, b);
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

void rotas__plan_model_free(model *m)
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
    rotas__plan_lp_reset(m); /* the model of the last build */
    free(m->dec_to);
    free(m->partner);
    free(m->prev_to);
    free(m->solo);
    free(m->tg);
    free(m->tset);
    free(m->set_off);
    free(m->set_sub);
    free(m->tcap);
    free(m->u0_sj);
    free(m->near);
    free(m->weak_sj);
}

void rotas__plan_lp_reset(model *m)
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
    free(m->xlp);
    m->ucol_sj = NULL;
    m->ufix_sj = NULL;
    m->xlp = NULL;
    m->n_rows = m->cap_rows = m->n_ent = m->cap_ent = 0;
    m->ncols_cap = 0;
    m->n_arcs = 0;
    m->obj_const = 0.0;
}

const char *rotas__plan_tname(const rotas_county *c, int t)
{
    return t >= 0 && (size_t)t < c->n_teachers && c->teachers[t].id ? c->teachers[t].id : "?";
}

static const char *sname(const rotas_county *c, int s)
{
    return s >= 0 && (size_t)s < c->n_schools && c->schools[s].id ? c->schools[s].id : "?";
}

/* Why teacher t cannot move at all this year (NULL: it can, eligible or decided). */
static const char *cannot_move(const model *m, int t)
{
    unsigned st = m->tstate[t];
    if (st & T_FROZEN)
        return m->c->teachers[t].exempt ? _("is exempt")
                                        : _("is frozen (on an exchange, or near retirement)");
    if (st & T_STAY)
        return _("has a stay decision");
    if (!(st & (T_ELIGIBLE | T_DECIDED)))
        return _("is not eligible (too few years at the school) and no move decision names it");
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
                return rotas_error_set(
                    err, ROTAS_EINPUT,
                    _("plan: decision %zu (receive_key): unknown school or subject"), i + 1);
            continue;
        }
        if (t < 0 || t >= nt)
            return rotas_error_set(err, ROTAS_EINPUT, _("plan: decision %zu (%s): unknown teacher"),
                                   i + 1, rotas_decision_kind_name(d->kind));
        if (d->kind == ROTAS_DECISION_TOGETHER) {
            int t2 = d->teacher2;
            if (t2 < 0 || t2 >= nt || t2 == t)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       _("plan: decision %zu (together %s): the second teacher is "
                                         "unknown or the same"),
                                       i + 1, rotas__plan_tname(c, t));
            if ((m->partner[t] >= 0 && m->partner[t] != t2) ||
                (m->partner[t2] >= 0 && m->partner[t2] != t))
                return rotas_error_set(
                    err, ROTAS_EINPUT,
                    _("plan: decision %zu (together %s and %s): a teacher may be "
                      "in one together decision only"),
                    i + 1, rotas__plan_tname(c, t), rotas__plan_tname(c, t2));
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
                                       _("plan: decision %zu (move %s): unknown school"), i + 1,
                                       rotas__plan_tname(c, t));
            if (m->dec_to[t] >= 0 && m->dec_to[t] != d->school)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       _("plan: decision %zu (move %s to %s): another decision "
                                         "moves %s to %s"),
                                       i + 1, rotas__plan_tname(c, t), sname(c, d->school),
                                       rotas__plan_tname(c, t), sname(c, m->dec_to[t]));
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
                why = te->exempt ? _("the teacher is exempt")
                                 : _("the teacher is frozen (on an "
                                     "exchange, or near retirement)");
            else if (m->tstate[t] & T_STAY)
                why = _("a stay decision keeps the teacher");
            else if (d->school == te->school)
                why = _("it is the teacher's own school");
            else if (!rotas__plan_within_km(m, te->school, d->school))
                why = _("it is farther than max_km");
            if (why)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       _("plan: decision %zu (move %s to %s) cannot be carried "
                                         "out: %s"),
                                       i + 1, rotas__plan_tname(c, t), sname(c, d->school), why);
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
                snprintf(buf, sizeof buf, _("%s must move by decision but %s %s"),
                         rotas__plan_tname(m->c, da >= 0 ? a : b),
                         rotas__plan_tname(m->c, wa ? a : b), wa ? wa : wb);
                why = buf;
            } else if (da >= 0 && db >= 0 && da != db) {
                why = _("their move decisions name different schools");
            } else if ((da >= 0 && da == c->teachers[b].school) ||
                       (db >= 0 && db == c->teachers[a].school)) {
                why = _("one would move to the other's own school");
            }
            if (why)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       _("plan: decision %zu (together %s and %s) cannot be "
                                         "carried out: %s"),
                                       i + 1, rotas__plan_tname(c, a), rotas__plan_tname(c, b),
                                       why);
        } else if (d->kind == ROTAS_DECISION_RECEIVE_KEY) {
            int ok = 0;
            for (int t = 0; t < nt && !ok; t++) {
                const rotas_teacher *te = &c->teachers[t];
                if (te->key < ROTAS_KEY_COUNTY || cannot_move(m, t) || te->school == d->school ||
                    !rotas__plan_within_km(m, te->school, d->school) ||
                    (m->dec_to[t] >= 0 && m->dec_to[t] != d->school))
                    continue;
                for (size_t k = 0; k < te->n_subjects && !ok; k++)
                    ok = d->subject < 0 || te->subjects[k] == d->subject;
            }
            if (!ok && d->subject >= 0)
                return rotas_error_set(
                    err, ROTAS_EINPUT,
                    _("plan: decision %zu (receive_key %s %s) cannot be carried out: no key "
                      "teacher (county level or above) of %s may move there this year"),
                    i + 1, sname(c, d->school), c->subjects[d->subject].id,
                    c->subjects[d->subject].id);
            if (!ok)
                return rotas_error_set(
                    err, ROTAS_EINPUT,
                    _("plan: decision %zu (receive_key %s) cannot be carried out: no key "
                      "teacher (county level or above) may move there this year"),
                    i + 1, sname(c, d->school));
        }
    }
    return ROTAS_OK;
}

rotas_rc rotas__plan_model_init(model *m, const rotas_county *c, const rotas_policy *p, int Y,
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
        !NEW(m->fac, ns) || !NEW(m->demand_sj, (size_t)ns * (size_t)nj) || !NEW(m->D, m->nunits) ||
        !NEW(m->S0, m->nunits) || !NEW(m->ufac, m->nunits) || !NEW(m->members, nt) ||
        !NEW(m->dec_to, nt) || !NEW(m->partner, nt) || !NEW(m->prev_to, nt) || !NEW(m->solo, nt) ||
        !NEW(m->tg, nt))
        return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
    for (size_t i = 0; i < nt; i++)
        m->dec_to[i] = m->partner[i] = m->prev_to[i] = m->tg[i] = -1;

    for (size_t i = 0; i < nt; i++) {
        const rotas_teacher *t = &c->teachers[i];
        if (t->school < 0 || t->school >= ns)
            return rotas_error_set(err, ROTAS_EINPUT, _("plan: teacher %s has no school"),
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
    }
    if (make_sets(m))
        return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
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
                m->demand_sj[(size_t)s * (size_t)nj + (size_t)j] += rotas_class_periods(c, cl, j);
        }
        for (int j = 0; j < nj; j++) {
            double d = m->demand_sj[(size_t)s * (size_t)nj + (size_t)j];
            int u = rotas__plan_unit_of(m, s, j);
            m->D[u] += d;
            m->ufac[u] += d * m->fac[s];
        }
    }
    for (int u = 0; u < m->nunits; u++)
        m->ufac[u] = m->D[u] > 0 ? m->ufac[u] / m->D[u] : 1.0;
    /* the true shortage before the plan (a maximum flow); the heuristics (candidate
       destinations, the greedy) read a unit's supply as demand minus it */
    if (!NEW(m->u0_sj, (size_t)ns * (size_t)nj))
        return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
    {
        rotas_rc src = rotas_shortage_compute(m->u0_sj, NULL, c, p, NULL, err);
        if (src)
            return src;
        for (int u = 0; u < m->nunits; u++)
            m->S0[u] = m->D[u];
        for (int s = 0; s < ns; s++)
            for (int j = 0; j < nj; j++)
                m->S0[rotas__plan_unit_of(m, s, j)] -= m->u0_sj[(size_t)s * (size_t)nj + (size_t)j];
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
            return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
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

    {
        rotas_rc grc = rotas__plan_groups_init(m, err);
        if (grc)
            return grc;
    }
    /* groups of interchangeable eligible teachers */
    int ne = 0;
    for (size_t i = 0; i < nt; i++)
        if (((m->tstate[i] & T_ELIGIBLE) && !(m->tstate[i] & T_STAY)) || (m->tstate[i] & T_DECIDED))
            m->members[ne++] = (int)i;
    g_sort_model = m;
    qsort(m->members, (size_t)ne, sizeof *m->members, group_cmp);
    g_sort_model = NULL;
    if (!NEW(m->g, ne))
        return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
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

int rotas__plan_add_cand(grp *g, int d)
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
    return r ? r : rotas__plan_cmp_int(a, b);
}

int rotas__plan_within_km(const model *m, int a, int b)
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
        int uf = rotas__plan_unit_of(m, g->school, j), ut = rotas__plan_unit_of(m, d, j);
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
            if (!g->key || g->dec == 2 || rotas__plan_is_leader(g->role) ||
                g->school == d->school || !rotas__plan_within_km(m, g->school, d->school))
                continue;
            int has = d->subject < 0;
            for (size_t k = 0; k < t->n_subjects && !has; k++)
                has = t->subjects[k] == d->subject;
            if (has && rotas__plan_add_cand(g, d->school) < 0)
                return -1;
        }
    }
    for (int q = 0; q < m->ng; q++) {
        grp *g = &m->g[q];
        int d = m->prev_to[g->rep];
        if (g->n == 1 && g->dec != 2 && d >= 0 && d != g->school &&
            rotas__plan_within_km(m, g->school, d) && rotas__plan_add_cand(g, d) < 0)
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
            if (h->cand[k] != g->school && rotas__plan_within_km(m, g->school, h->cand[k]) &&
                rotas__plan_add_cand(g, h->cand[k]) < 0)
                return -1;
        int w = 0;
        for (int k = 0; k < g->n_cand; k++)
            if (g->cand[k] != h->school && rotas__plan_within_km(m, h->school, g->cand[k]))
                g->cand[w++] = g->cand[k];
        g->n_cand = w;
        h->n_cand = 0;
        for (int k = 0; k < g->n_cand; k++)
            if (rotas__plan_add_cand(h, g->cand[k]) < 0)
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

int rotas__plan_cand_index(const grp *g, int d)
{
    for (int k = 0; k < g->n_cand; k++)
        if (g->cand[k] == d)
            return k;
    return -1;
}

/* wide: every destination within max_km (nearest 4 x candidate_schools), leaders every post */
rotas_rc rotas__plan_make_candidates(model *m, int wide, rotas_error *err)
{
    const rotas_county *c = m->c;
    int ns = m->ns;
    int *list = NULL;
    unsigned char *leader_school[ROTAS_ROLE_COUNT] = {NULL, NULL, NULL};
    rotas_rc rc = ROTAS_OK;
    if (!NEW(list, ns) || !NEW(leader_school[1], ns) || !NEW(leader_school[2], ns)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    for (int i = 0; i < m->ng; i++)
        if (rotas__plan_is_leader(m->g[i].role))
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
       with them and GLPK's simplex becomes the bottleneck (exact-supply model, generated
       120-school county, 60 s: 10 destinations gave 1,110,844 with the root LP at 25 s, 6
       gave 925,883 and 4 gave 948,222 with it at 5-7 s, at a 4-10% weaker LP bound) */
    int keep = m->p->candidate_schools > 0 ? m->p->candidate_schools
               : m->ns <= 60               ? 25
               : m->ns <= 200              ? 6
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
            if (rotas__plan_add_cand(g, m->dec_to[g->rep] >= 0 ? m->dec_to[g->rep] : m->dec_to[o]) <
                0)
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
                if (d == g->school || !rotas__plan_within_km(m, g->school, d))
                    continue;
                if (rotas__plan_is_leader(g->role) || wide || all) {
                    if (level != 2 ||
                        (rotas__plan_is_leader(g->role) && !leader_school[g->role][d]))
                        continue;
                } else if (useful(m, g, d) != level) {
                    continue;
                }
                list[n++] = d;
            }
            for (int k = 0; k < n; k++)
                if (rotas__plan_add_cand(g, list[k]) < 0)
                    goto oom;
        }
        for (size_t k = 0; k < t->n_preferences; k++) {
            int d = t->preferences[k];
            if (d < 0 || d >= ns || d == g->school || !rotas__plan_within_km(m, g->school, d))
                continue;
            if (rotas__plan_is_leader(g->role) && !leader_school[g->role][d])
                continue;
            if (rotas__plan_add_cand(g, d) < 0)
                goto oom;
        }
    }
    if (rotas__plan_dispatch_candidates(m) < 0 || decision_candidates(m) < 0)
        goto oom;
    goto done;
oom:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
done:
    free(list);
    free(leader_school[1]);
    free(leader_school[2]);
    return rc;
}

/* Cost of one teacher of group g moving to d (priority-3 terms). */
double rotas__plan_move_cost(const model *m, const grp *g, int d)
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
double rotas__plan_keep_cost(const model *m, const grp *g, int d)
{
    if (!m->have_prev)
        return 0.0;
    return g->n == 1 && m->prev_to[g->rep] == d ? -m->p->w_keep : m->p->w_keep;
}

double rotas__plan_arc_cost(const model *m, const grp *g, int d)
{
    return rotas__plan_move_cost(m, g, d) + rotas__plan_keep_cost(m, g, d);
}
