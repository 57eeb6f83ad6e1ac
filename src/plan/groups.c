/*
 * groups.c - education-group dispatch (集团派驻), the rule group_dispatch.
 *
 * A group (groups[]) with a head school (groups[].head) sends from its head to each of its
 * member schools (the group's other schools) group_managers_per_member managers (middle leaders
 * or leaders of the head school) and group_key_team_per_member key teachers (county level or
 * above) of the member's weakest subjects. For a member s with head h, M and K the policy's
 * numbers, and x the move columns of the head's eligible teachers into s:
 *
 *   managers(s):  sum x[manager]          >= M
 *   key_team(s):  sum x[key of W(s)]      >= K
 *   dispatch(s):  sum x[manager or key of W(s)] >= M + K
 *
 * The third row makes the two teams distinct people (a key middle leader counts once): with
 * the three rows, M managers and K key teachers can always be told apart among the arrivals.
 * W(s), the member's weakest subjects: its K subjects (at least one) with the largest gap
 * D(s, j) - sum over its teachers of j of capacity / number of subjects (ties by subject
 * order), gaps above zero only; when no subject has a gap, every subject. The gap is the
 * school's own staff against its own lessons, a figure that does not depend on how a maximum
 * flow spreads a cluster's itinerant teachers, so the checker finds the same subjects.
 * The moves count in the rotation share like any other move (they are move columns). In the
 * relaxed model each row has its slack column (rule group_dispatch).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "plan_int.h"

int rotas__plan_dispatch_on(const model *m)
{
    return m->p->group_managers_per_member > 0 || m->p->group_key_team_per_member > 0;
}

int rotas__plan_is_manager(const rotas_teacher *t)
{
    return t->middle_leader || rotas__plan_is_leader((int)t->role);
}

/* The head school that serves member school s, or -1 (no rule for s). */
int rotas__plan_dispatch_head(const model *m, int s)
{
    if (!rotas__plan_dispatch_on(m) || s < 0 || s >= m->ns)
        return -1;
    int gi = m->c->schools[s].group;
    if (gi < 0 || (size_t)gi >= m->c->n_groups)
        return -1;
    int h = m->c->groups[gi].head;
    return h >= 0 && h < m->ns && h != s && m->c->schools[h].group == gi ? h : -1;
}

typedef struct gap_item {
    long long gap; /* micro-periods */
    int j;
} gap_item;

static int cmp_gap(const void *pa, const void *pb)
{
    const gap_item *a = pa, *b = pb;
    if (a->gap != b->gap)
        return a->gap > b->gap ? -1 : 1;
    return rotas__plan_cmp_int(a->j, b->j);
}

rotas_rc rotas__plan_groups_init(model *m, rotas_error *err)
{
    int ns = m->ns, nj = m->nj;
    if (!rotas__plan_dispatch_on(m))
        return ROTAS_OK;
    double *sup = NULL;
    gap_item *it = NULL;
    if (!NEW(m->weak_sj, (size_t)ns * (size_t)nj) || !NEW(sup, (size_t)ns * (size_t)nj) ||
        !NEW(it, nj)) {
        free(sup);
        return rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
    }
    for (size_t t = 0; t < m->c->n_teachers; t++) {
        const rotas_teacher *te = &m->c->teachers[t];
        for (size_t q = 0; q < te->n_subjects; q++)
            if (te->subjects[q] >= 0 && te->subjects[q] < nj)
                sup[(size_t)te->school * (size_t)nj + (size_t)te->subjects[q]] += m->tper[t];
    }
    int want = m->p->group_key_team_per_member > 0 ? m->p->group_key_team_per_member : 1;
    for (int s = 0; s < ns; s++) {
        if (rotas__plan_dispatch_head(m, s) < 0)
            continue;
        int n = 0;
        for (int j = 0; j < nj; j++) {
            size_t sj = (size_t)s * (size_t)nj + (size_t)j;
            long long gap = llround((m->demand_sj[sj] - sup[sj]) * 1e6);
            if (gap > 0)
                it[n++] = (gap_item){gap, j};
        }
        qsort(it, (size_t)n, sizeof *it, cmp_gap);
        for (int k = 0; k < n && k < want; k++)
            m->weak_sj[(size_t)s * (size_t)nj + (size_t)it[k].j] = 1;
        if (n == 0)
            for (int j = 0; j < nj; j++)
                m->weak_sj[(size_t)s * (size_t)nj + (size_t)j] = 1;
    }
    free(sup);
    free(it);
    return ROTAS_OK;
}

/* Does teacher t count for member school d: bit 1 a manager, bit 2 a key teacher of one of
   d's weakest subjects; 0 when t is not at d's head school. */
unsigned rotas__plan_dispatch_kind_t(const model *m, int t, int d)
{
    const rotas_teacher *te = &m->c->teachers[t];
    int h = rotas__plan_dispatch_head(m, d);
    if (h < 0 || te->school != h || !m->weak_sj)
        return 0;
    unsigned k = 0;
    if (m->p->group_managers_per_member > 0 && rotas__plan_is_manager(te))
        k |= 1;
    if (m->p->group_key_team_per_member > 0 && te->key >= ROTAS_KEY_COUNTY)
        for (size_t q = 0; q < te->n_subjects; q++)
            if (te->subjects[q] >= 0 && te->subjects[q] < m->nj &&
                m->weak_sj[(size_t)d * (size_t)m->nj + (size_t)te->subjects[q]])
                k |= 2;
    return k;
}

unsigned rotas__plan_dispatch_kind(const model *m, const grp *g, int d)
{
    return rotas__plan_dispatch_kind_t(m, g->rep, d);
}

/* The member schools as destinations of the head's managers and key teachers. */
int rotas__plan_dispatch_candidates(model *m)
{
    if (!rotas__plan_dispatch_on(m))
        return 0;
    for (int i = 0; i < m->ng; i++) {
        grp *g = &m->g[i];
        if (g->dec)
            continue;
        for (int d = 0; d < m->ns; d++) {
            if (d == g->school || !rotas__plan_dispatch_kind(m, g, d) ||
                !rotas__plan_within_km(m, g->school, d))
                continue;
            if (rotas__plan_is_leader(g->role)) { /* a leader needs a leader of d to leave */
                int swap = 0;
                for (int q = 0; q < m->ng && !swap; q++)
                    swap = m->g[q].school == d && m->g[q].role == g->role;
                if (!swap)
                    continue;
            }
            if (rotas__plan_add_cand(g, d) < 0)
                return -1;
        }
    }
    return 0;
}

/* Moves planned by the greedy (g->start) into member d: [0] managers, [1] key team, [2] both
   teams together (each teacher once). */
void rotas__plan_dispatch_count(const model *m, int d, int out[3])
{
    out[0] = out[1] = out[2] = 0;
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        unsigned k = rotas__plan_dispatch_kind(m, g, d);
        int c = k ? rotas__plan_cand_index(g, d) : -1;
        if (c < 0)
            continue;
        int v = g->start[c];
        out[0] += (k & 1) ? v : 0;
        out[1] += (k & 2) ? v : 0;
        out[2] += v;
    }
}

/* Is every member served in the greedy's moves? */
int rotas__plan_dispatch_met(const model *m)
{
    int M = m->p->group_managers_per_member, K = m->p->group_key_team_per_member;
    for (int d = 0; d < m->ns; d++) {
        if (rotas__plan_dispatch_head(m, d) < 0)
            continue;
        int n[3];
        rotas__plan_dispatch_count(m, d, n);
        if (n[0] < M || n[1] < K || n[2] < M + K)
            return 0;
    }
    return 1;
}

rotas_rc rotas__plan_rows_groups(model *m, int relaxed, double pen, rotas_error *err)
{
    int M = m->p->group_managers_per_member, K = m->p->group_key_team_per_member;
    if (!rotas__plan_dispatch_on(m))
        return ROTAS_OK;
    int *cols = NULL;
    double *vals = NULL;
    char name[NAME_BUF];
    rotas_rc rc = ROTAS_OK;
    if (!NEW(cols, m->n_arcs + 1) || !NEW(vals, m->n_arcs + 1)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    static const char *const fam[3] = {"group_managers", "group_key_team", "group_dispatch"};
    for (int d = 0; d < m->ns && !rc; d++) {
        if (rotas__plan_dispatch_head(m, d) < 0)
            continue;
        for (int r = 0; r < 3 && !rc; r++) {
            int need = r == 0 ? M : r == 1 ? K : M + K;
            if (need <= 0 || (r == 2 && (M == 0 || K == 0)))
                continue; /* with one team the third row repeats the first two */
            size_t n = 0;
            for (int i = 0; i < m->ng; i++) {
                unsigned k = rotas__plan_dispatch_kind(m, &m->g[i], d);
                int c = k ? rotas__plan_cand_index(&m->g[i], d) : -1;
                if (c < 0 || (r == 0 && !(k & 1)) || (r == 1 && !(k & 2)))
                    continue;
                cols[n] = m->arc_off[i] + c;
                vals[n++] = 1.0;
            }
            int sl = -1;
            if (relaxed) {
                snprintf(name, sizeof name, "slack_%s(%s)", fam[r], rotas__plan_sid(m, d));
                sl = rotas__plan_slack_col(m, err, pen, R_GROUP, name);
                if (sl < 0) {
                    rc = err && err->code ? err->code : ROTAS_ENOMEM;
                    break;
                }
                cols[n] = sl;
                vals[n++] = 1.0;
            } else if (n == 0) {
                m->rule_cols[R_GROUP][0] = -2; /* no column can meet it: strict infeasible */
                continue;
            }
            snprintf(name, sizeof name, "%s(%s)", fam[r], rotas__plan_sid(m, d));
            if (rotas__plan_add_row(m, err, need, INFINITY, n, cols, vals, sl, -1, name) < 0)
                rc = err && err->code ? err->code : ROTAS_ENOMEM;
        }
    }
done:
    free(cols);
    free(vals);
    return rc;
}
