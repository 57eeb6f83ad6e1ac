/*
 * check.c - the independent checker of plans and timetables.
 *
 * Written from the rules as stated (README "Rules", rotas/check.h), not from the model
 * builders: it reads only the county model and the result, and recomputes every count itself.
 * Each violation is one line in `out`; moves and lessons are numbered from 1.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "rotas/check.h"

#define EPS 1e-9

typedef struct sink {
    rotas_diags *out;
    size_t n;
} sink;

static void viol(sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void viol(sink *s, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    rotas_diags_add(s->out, "%s", buf);
    s->n++;
}

static const char *tid(const rotas_county *c, int t)
{
    return t >= 0 && (size_t)t < c->n_teachers && c->teachers[t].id ? c->teachers[t].id : "?";
}
static const char *sid(const rotas_county *c, int s)
{
    return s >= 0 && (size_t)s < c->n_schools && c->schools[s].id ? c->schools[s].id : "?";
}
static const char *subid(const rotas_county *c, int s)
{
    return s >= 0 && (size_t)s < c->n_subjects && c->subjects[s].id ? c->subjects[s].id : "?";
}

static int is_leader(const rotas_teacher *t)
{
    return t->role == ROTAS_ROLE_PRINCIPAL || t->role == ROTAS_ROLE_VICE_PRINCIPAL;
}

/* ------------------------------------------------------------------ plans */

/* Why a teacher may not move in year y: 0 free, else writes the reason into buf. */
static int frozen(const rotas_teacher *t, int y, const rotas_policy *p, char *buf, size_t n)
{
    if (t->exempt) {
        snprintf(buf, n, "teacher is exempt (\"%s\") and may not move", t->exempt);
        return 1;
    }
    if (t->exchange_until != 0 && t->exchange_until >= y) {
        snprintf(buf, n, "teacher is on an exchange until %d and may not move", t->exchange_until);
        return 1;
    }
    if (p->exempt_years_before_retirement > 0 && t->birth_year > 0) {
        int retire = t->gender == 'F' ? p->retirement_age_women : p->retirement_age_men;
        int left = retire - (y - t->birth_year);
        if (left <= p->exempt_years_before_retirement) {
            snprintf(buf, n, "teacher is %d years from retirement (limit %d) and may not move",
                     left, p->exempt_years_before_retirement);
            return 1;
        }
    }
    return 0;
}

static int leader_past_line(const rotas_teacher *t, int y, const rotas_policy *p)
{
    return is_leader(t) && y - t->post_since >= p->leader_tenure_years;
}

static int eligible(const rotas_teacher *t, int y, const rotas_policy *p)
{
    return y - t->school_since >= p->teacher_tenure_years || leader_past_line(t, y, p);
}

static int need_of(double share, int base)
{
    return (int)ceil(share * base - EPS);
}

/* ------------------------------------------------------------------ everyday rules of plans */

static const char *reason_or(const char *r)
{
    return r ? r : "no reason given";
}

/* Decisions of the bureau: each is carried out by the plan. */
static void check_decisions(sink *s, const rotas_county *c, const rotas_plan *plan,
                            const int *moved_by, const int *after)
{
    const size_t nt = c->n_teachers;
    for (size_t i = 0; i < c->n_decisions; i++) {
        const rotas_decision *d = &c->decisions[i];
        int t = d->teacher, t2 = d->teacher2;
        int t_ok = t >= 0 && (size_t)t < nt, t2_ok = t2 >= 0 && (size_t)t2 < nt;
        switch (d->kind) {
        case ROTAS_DECISION_MOVE:
            if (!t_ok)
                break;
            if (moved_by[t] < 0)
                viol(s, "decision %zu (move %s to %s): %s is not moved", i + 1, tid(c, t),
                     sid(c, d->school), tid(c, t));
            else if (after[t] != d->school)
                viol(s, "decision %zu (move %s to %s): %s is moved to %s in move %d", i + 1,
                     tid(c, t), sid(c, d->school), tid(c, t), sid(c, after[t]), moved_by[t] + 1);
            break;
        case ROTAS_DECISION_STAY:
            if (t_ok && moved_by[t] >= 0)
                viol(s, "decision %zu (stay %s: %s): %s is moved to %s in move %d", i + 1,
                     tid(c, t), reason_or(d->reason), tid(c, t), sid(c, after[t]), moved_by[t] + 1);
            break;
        case ROTAS_DECISION_RECEIVE_KEY: {
            int got = 0;
            for (size_t m = 0; m < plan->n_moves && !got; m++) {
                const rotas_move *mv = &plan->moves[m];
                if (mv->to != d->school || mv->teacher < 0 || (size_t)mv->teacher >= nt)
                    continue;
                const rotas_teacher *x = &c->teachers[mv->teacher];
                if (x->key < ROTAS_KEY_COUNTY)
                    continue;
                if (d->subject < 0)
                    got = 1;
                for (size_t k = 0; !got && k < x->n_subjects; k++)
                    got = x->subjects[k] == d->subject;
            }
            if (!got)
                viol(s,
                     "decision %zu (receive_key %s%s%s): no key teacher (county level or above)"
                     "%s%s moves to %s",
                     i + 1, sid(c, d->school), d->subject >= 0 ? " " : "",
                     d->subject >= 0 ? subid(c, d->subject) : "", d->subject >= 0 ? " of " : "",
                     d->subject >= 0 ? subid(c, d->subject) : "", sid(c, d->school));
            break;
        }
        case ROTAS_DECISION_TOGETHER:
            if (!t_ok || !t2_ok)
                break;
            if ((moved_by[t] >= 0) != (moved_by[t2] >= 0))
                viol(s, "decision %zu (together %s and %s): %s moves and %s does not", i + 1,
                     tid(c, t), tid(c, t2), tid(c, moved_by[t] >= 0 ? t : t2),
                     tid(c, moved_by[t] >= 0 ? t2 : t));
            else if (moved_by[t] >= 0 && after[t] != after[t2])
                viol(s,
                     "decision %zu (together %s and %s): they move to different schools "
                     "(%s and %s)",
                     i + 1, tid(c, t), tid(c, t2), sid(c, after[t]), sid(c, after[t2]));
            break;
        default:
            viol(s, "decision %zu: unknown kind %d", i + 1, (int)d->kind);
            break;
        }
    }
}

/* The priority score (积分) of a teacher in plan year y. */
static double priority_of(const rotas_teacher *t, int y, const rotas_policy *p)
{
    return p->w_prio_tenure * (double)(y - t->school_since) +
           p->w_prio_key * (t->key >= ROTAS_KEY_COUNTY ? 1.0 : 0.0) +
           p->w_prio_hardship * (double)t->hardship_years;
}

/* 1-based rank of school s in t's preferences, 0 if not among them. */
static int pref_rank(const rotas_teacher *t, int s)
{
    for (size_t i = 0; i < t->n_preferences; i++)
        if (t->preferences[i] == s)
            return (int)i + 1;
    return 0;
}

/* Two moved teachers compete for the same kind of place when they have the same main subject
   and the same role: only then could one have taken the other's post. */
static int same_place(const rotas_teacher *a, const rotas_teacher *b)
{
    return a->role == b->role && a->n_subjects > 0 && b->n_subjects > 0 &&
           a->subjects[0] == b->subjects[0];
}

/* Priorities, preference outcomes and justified envy among the moved teachers. */
static void check_priorities(sink *s, const rotas_county *c, const rotas_policy *p,
                             const rotas_plan *plan)
{
    const int y = plan->year;
    const size_t nt = c->n_teachers, nm = plan->n_moves;
    int got[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < nm; i++) {
        const rotas_move *m = &plan->moves[i];
        if (m->teacher < 0 || (size_t)m->teacher >= nt)
            continue;
        const rotas_teacher *t = &c->teachers[m->teacher];
        double want = priority_of(t, y, p);
        if (!isnan(m->priority) && !(fabs(m->priority - want) <= 1e-6))
            viol(s,
                 "move %zu (%s): priority is %g, expected %g (%d years at the school x %g + "
                 "key %g + %d hardship years x %g)",
                 i + 1, t->id, m->priority, want, y - t->school_since, p->w_prio_tenure,
                 t->key >= ROTAS_KEY_COUNTY ? p->w_prio_key : 0.0, t->hardship_years,
                 p->w_prio_hardship);
        if (t->n_preferences > 0) {
            int r = pref_rank(t, m->to);
            if (r >= 1 && r <= 3)
                got[r]++;
            else if (r == 0)
                got[0]++;
        }
    }
    if (plan->preference_got[0] < 0)
        return; /* the plan does not report preference outcomes (nor envy) */
    static const char *const names[4] = {"none", "first", "second", "third"};
    static const char *const meaning[4] = {"got none of their preferences",
                                           "got their first choice", "got their second choice",
                                           "got their third choice"};
    for (int k = 0; k < 4; k++)
        if (plan->preference_got[k] != got[k])
            viol(s, "preferences: %s is %d, expected %d (moved teachers with preferences who %s)",
                 names[k], plan->preference_got[k], got[k], meaning[k]);

    /* Justified envy: a (higher priority) ranks b's destination above its own, and b holds the
       same kind of place (same main subject and role). */
    for (size_t i = 0; i < nm; i++) {
        const rotas_move *ma = &plan->moves[i];
        if (ma->teacher < 0 || (size_t)ma->teacher >= nt)
            continue;
        const rotas_teacher *a = &c->teachers[ma->teacher];
        double pa = priority_of(a, y, p);
        int ra = pref_rank(a, ma->to);
        for (size_t j = 0; j < nm; j++) {
            const rotas_move *mb = &plan->moves[j];
            if (j == i || mb->teacher < 0 || (size_t)mb->teacher >= nt)
                continue;
            const rotas_teacher *b = &c->teachers[mb->teacher];
            double pb = priority_of(b, y, p);
            int rb = pref_rank(a, mb->to);
            if (!(pa > pb + 1e-9) || rb == 0 || (ra != 0 && ra <= rb) || !same_place(a, b))
                continue;
            int listed = 0;
            for (size_t e = 0; e < plan->n_envy && !listed; e++)
                listed = plan->envy[e].teacher == ma->teacher &&
                         plan->envy[e].other == mb->teacher && plan->envy[e].school == mb->to;
            if (!listed)
                viol(s,
                     "envy: %s (priority %g) goes to %s, ranks %s higher (choice %d), and %s "
                     "went to %s (priority %g); the plan does not list this case",
                     a->id, pa, sid(c, ma->to), sid(c, mb->to), rb, sid(c, mb->to), b->id, pb);
        }
    }
    for (size_t e = 0; e < plan->n_envy; e++) {
        const rotas_envy *x = &plan->envy[e];
        int ia = -1, ib = -1;
        for (size_t i = 0; i < nm; i++) {
            if (plan->moves[i].teacher == x->teacher)
                ia = (int)i;
            if (plan->moves[i].teacher == x->other)
                ib = (int)i;
        }
        if (!x->why[0])
            viol(s, "envy %zu (%s over %s at %s): why is empty", e + 1, tid(c, x->teacher),
                 tid(c, x->other), sid(c, x->school));
        if (ia < 0 || ib < 0 || x->teacher == x->other) {
            viol(s, "envy %zu (%s over %s at %s): both teachers must be moved by the plan", e + 1,
                 tid(c, x->teacher), tid(c, x->other), sid(c, x->school));
            continue;
        }
        const rotas_teacher *a = &c->teachers[x->teacher], *b = &c->teachers[x->other];
        double pa = priority_of(a, y, p), pb = priority_of(b, y, p);
        int ra = pref_rank(a, plan->moves[ia].to), rb = pref_rank(a, x->school);
        if (plan->moves[ib].to != x->school)
            viol(s, "envy %zu (%s over %s at %s): %s goes to %s, not %s", e + 1, a->id, b->id,
                 sid(c, x->school), b->id, sid(c, plan->moves[ib].to), sid(c, x->school));
        else if (!(pa > pb + 1e-9) || rb == 0 || (ra != 0 && ra <= rb) || !same_place(a, b))
            viol(s,
                 "envy %zu (%s over %s at %s): not a case of justified envy (priorities %g "
                 "and %g; %s ranks %s %d and its own destination %s %d, 0 = not ranked)",
                 e + 1, a->id, b->id, sid(c, x->school), pa, pb, a->id, sid(c, x->school), rb,
                 sid(c, plan->moves[ia].to), ra);
    }
}

/* Secondments of county-town middle leaders as teaching vice-principals. */
static void check_secondments(sink *s, const rotas_county *c, const rotas_policy *p,
                              const rotas_plan *plan, const int *moved_by)
{
    const int y = plan->year;
    const size_t nt = c->n_teachers, ns = c->n_schools;
    char why[512];
    for (size_t i = 0; i < plan->n_secondments; i++) {
        const rotas_secondment *x = &plan->secondments[i];
        if (x->teacher < 0 || (size_t)x->teacher >= nt) {
            viol(s, "secondment %zu: unknown teacher (index %d)", i + 1, x->teacher);
            continue;
        }
        const rotas_teacher *t = &c->teachers[x->teacher];
        for (size_t j = 0; j < i; j++)
            if (plan->secondments[j].teacher == x->teacher)
                viol(s, "secondment %zu (%s): teacher already seconded in secondment %zu", i + 1,
                     t->id, j + 1);
        if (!t->middle_leader)
            viol(s, "secondment %zu (%s): not a middle leader", i + 1, t->id);
        if (frozen(t, y, p, why, sizeof why))
            viol(s, "secondment %zu (%s): %s", i + 1, t->id, why);
        if (moved_by[x->teacher] >= 0)
            viol(s, "secondment %zu (%s): the teacher is also in move %d", i + 1, t->id,
                 moved_by[x->teacher] + 1);
        if (x->from != t->school)
            viol(s, "secondment %zu (%s): from is %s but the teacher is at %s", i + 1, t->id,
                 sid(c, x->from), sid(c, t->school));
        if (t->school >= 0 && (size_t)t->school < ns &&
            c->schools[t->school].area != ROTAS_AREA_URBAN)
            viol(s, "secondment %zu (%s): the teacher's school %s is %s, not urban", i + 1, t->id,
                 sid(c, t->school), rotas_area_name(c->schools[t->school].area));
        if (x->to < 0 || (size_t)x->to >= ns) {
            viol(s, "secondment %zu (%s): unknown destination school (index %d)", i + 1, t->id,
                 x->to);
            continue;
        }
        if (c->schools[x->to].area == ROTAS_AREA_URBAN)
            viol(s, "secondment %zu (%s): destination %s is urban, expected a town or rural school",
                 i + 1, t->id, sid(c, x->to));
        for (size_t j = 0; j < i; j++)
            if (plan->secondments[j].to == x->to)
                viol(s, "secondment %zu (%s): %s already receives a secondee in secondment %zu",
                     i + 1, t->id, sid(c, x->to), j + 1);
        if (x->until != y)
            viol(s, "secondment %zu (%s): until is %d, expected %d (one year)", i + 1, t->id,
                 x->until, y);
        double km = rotas_county_km(c, t->school, x->to);
        if (t->school >= 0 && !(fabs(x->km - km) <= 0.01))
            viol(s, "secondment %zu (%s): km is %.2f, the travel table says %.2f", i + 1, t->id,
                 x->km, km);
    }
    int asked = p->secondment_count, chosen = (int)plan->n_secondments;
    if (chosen > asked)
        viol(s, "secondment: %d chosen, %d asked", chosen, asked);
    else if (chosen < asked) {
        int cand = 0;
        for (size_t ti = 0; ti < nt; ti++) {
            const rotas_teacher *t = &c->teachers[ti];
            cand += t->middle_leader && !frozen(t, y, p, why, sizeof why) && t->school >= 0 &&
                    (size_t)t->school < ns && c->schools[t->school].area == ROTAS_AREA_URBAN &&
                    moved_by[ti] < 0;
        }
        if (cand != chosen)
            viol(s, "secondment: %d chosen, %d asked, %d candidates", chosen, asked, cand);
    }
}

size_t rotas_check_plan(const rotas_county *c, const rotas_policy *p, const rotas_plan *plan,
                        rotas_diags *out)
{
    sink s = {out, 0};
    const int y = plan->year;
    const size_t nt = c->n_teachers, ns = c->n_schools;
    int relaxed[ROTAS_RULE_COUNT] = {0};
    int *moved_by = NULL, *after = NULL, *cnt = NULL, *decided_to = NULL;
    unsigned char *stays = NULL;
    char why[512];

    for (size_t i = 0; i < plan->n_relaxed; i++) {
        const rotas_relaxed *r = &plan->relaxed[i];
        int k = rotas_rule_parse(r->rule);
        if (k < 0) {
            viol(&s, "relaxed %zu: \"%s\" is not a rule that may be relaxed", i + 1, r->rule);
            continue;
        }
        if (!(r->amount > 0)) {
            viol(&s, "relaxed %zu (%s): amount must be positive, found %g", i + 1, r->rule,
                 r->amount);
            continue;
        }
        relaxed[k] = 1;
    }

    moved_by = malloc((nt ? nt : 1) * sizeof *moved_by);
    after = malloc((nt ? nt : 1) * sizeof *after);
    /* per school: principals before/after, vice before/after, staff before/after, out */
    cnt = calloc((ns ? ns : 1) * 7, sizeof *cnt);
    if (!moved_by || !after || !cnt) {
        viol(&s, "out of memory while checking");
        goto done;
    }
    for (size_t t = 0; t < nt; t++) {
        moved_by[t] = -1;
        after[t] = c->teachers[t].school;
    }
    /* Bureau decisions: a decided move overrides eligibility; a stay lifts a must. */
    decided_to = malloc((nt ? nt : 1) * sizeof *decided_to);
    stays = calloc(nt ? nt : 1, 1);
    if (!decided_to || !stays) {
        viol(&s, "out of memory while checking");
        goto done;
    }
    for (size_t t = 0; t < nt; t++)
        decided_to[t] = -1;
    for (size_t i = 0; i < c->n_decisions; i++) {
        const rotas_decision *d = &c->decisions[i];
        if (d->teacher < 0 || (size_t)d->teacher >= nt)
            continue;
        if (d->kind == ROTAS_DECISION_MOVE)
            decided_to[d->teacher] = d->school;
        else if (d->kind == ROTAS_DECISION_STAY)
            stays[d->teacher] = 1;
    }

    const int until = y + p->exchange_term_years - 1;
    for (size_t i = 0; i < plan->n_moves; i++) {
        const rotas_move *m = &plan->moves[i];
        int ti = m->teacher;
        if (ti < 0 || (size_t)ti >= nt) {
            viol(&s, "move %zu: unknown teacher (index %d)", i + 1, ti);
            continue;
        }
        const rotas_teacher *t = &c->teachers[ti];
        if (moved_by[ti] >= 0) {
            viol(&s, "move %zu (%s): teacher already moves in move %d", i + 1, t->id,
                 moved_by[ti] + 1);
            continue;
        }
        moved_by[ti] = (int)i;
        if (m->to < 0 || (size_t)m->to >= ns) {
            viol(&s, "move %zu (%s): unknown destination school (index %d)", i + 1, t->id, m->to);
            continue;
        }
        if (m->from != t->school)
            viol(&s, "move %zu (%s): from is %s but the teacher is at %s", i + 1, t->id,
                 sid(c, m->from), sid(c, t->school));
        if (m->to == t->school)
            viol(&s, "move %zu (%s): destination %s is the teacher's own school", i + 1, t->id,
                 sid(c, m->to));
        if (frozen(t, y, p, why, sizeof why))
            viol(&s, "move %zu (%s): %s", i + 1, t->id, why);
        else if (decided_to[ti] < 0 && !eligible(t, y, p)) {
            if (is_leader(t))
                viol(&s,
                     "move %zu (%s): teacher is not eligible (%d years at the school, %d "
                     "required; %d years in the post, %d required)",
                     i + 1, t->id, y - t->school_since, p->teacher_tenure_years, y - t->post_since,
                     p->leader_tenure_years);
            else
                viol(&s,
                     "move %zu (%s): teacher is not eligible (%d years at the school, %d "
                     "required)",
                     i + 1, t->id, y - t->school_since, p->teacher_tenure_years);
        }
        if (m->until != until)
            viol(&s, "move %zu (%s): until is %d, expected %d (year %d + term %d - 1)", i + 1,
                 t->id, m->until, until, y, p->exchange_term_years);
        double km = rotas_county_km(c, t->school, m->to);
        if (!(fabs(m->km - km) <= 0.01))
            viol(&s, "move %zu (%s): km is %.2f, the travel table says %.2f", i + 1, t->id, m->km,
                 km);
        if (p->max_km >= 0 && km > p->max_km + EPS)
            viol(&s, "rule max_km: move %zu (%s) %s -> %s is %.1f km, limit %.1f", i + 1, t->id,
                 sid(c, t->school), sid(c, m->to), km, p->max_km);
        after[ti] = m->to;
    }

    /* Must-move leaders, counts of eligible and moved. */
    int n_elig = 0, n_elig_moved = 0, n_moved = 0, n_key_moved = 0;
    for (size_t ti = 0; ti < nt; ti++) {
        const rotas_teacher *t = &c->teachers[ti];
        int fz = frozen(t, y, p, why, sizeof why);
        int el = !fz && eligible(t, y, p);
        int mv = moved_by[ti] >= 0 && after[ti] != t->school;
        n_elig += el;
        n_elig_moved += el && mv;
        n_moved += mv;
        n_key_moved += mv && t->key >= ROTAS_KEY_COUNTY;
        if (!fz && leader_past_line(t, y, p) && !mv && !relaxed[ROTAS_RULE_LEADER_TENURE] &&
            !stays[ti])
            viol(&s,
                 "rule leader_tenure: %s (%s, %d years in the post at %s) must move and does "
                 "not",
                 t->id, rotas_role_name(t->role), y - t->post_since, sid(c, t->school));
    }
    int need = need_of(p->min_rotation_share, n_elig);
    if (!relaxed[ROTAS_RULE_MIN_ROTATION_SHARE] && n_elig_moved < need)
        viol(&s, "rule min_rotation_share: %d eligible teachers moved, %d required (%g%% of %d)",
             n_elig_moved, need, p->min_rotation_share * 100, n_elig);
    int of_eligible = p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE;
    int kbase = of_eligible ? n_elig : n_moved;
    need = need_of(p->min_key_share, kbase);
    if (!relaxed[ROTAS_RULE_MIN_KEY_SHARE] && n_key_moved < need)
        viol(&s, "rule min_key_share: %d key teachers moved, %d required (%g%% of %d %s)",
             n_key_moved, need, p->min_key_share * 100, kbase, of_eligible ? "eligible" : "moved");

    /* Per-school counts. */
    for (size_t ti = 0; ti < nt; ti++) {
        const rotas_teacher *t = &c->teachers[ti];
        int b = t->school, a = after[ti];
        if (b >= 0 && (size_t)b < ns) {
            cnt[b * 7 + 4]++;
            if (t->role == ROTAS_ROLE_PRINCIPAL)
                cnt[b * 7 + 0]++;
            if (t->role == ROTAS_ROLE_VICE_PRINCIPAL)
                cnt[b * 7 + 2]++;
            if (a != b)
                cnt[b * 7 + 6]++;
        }
        if (a >= 0 && (size_t)a < ns) {
            cnt[a * 7 + 5]++;
            if (t->role == ROTAS_ROLE_PRINCIPAL)
                cnt[a * 7 + 1]++;
            if (t->role == ROTAS_ROLE_VICE_PRINCIPAL)
                cnt[a * 7 + 3]++;
        }
    }
    for (size_t si = 0; si < ns; si++) {
        const int *k = &cnt[si * 7];
        const rotas_school *sc = &c->schools[si];
        if (!relaxed[ROTAS_RULE_POSTS]) {
            if (k[1] != k[0])
                viol(&s, "rule posts: school %s has %d principals after the plan, %d before",
                     sc->id, k[1], k[0]);
            if (k[3] != k[2])
                viol(&s, "rule posts: school %s has %d vice-principals after the plan, %d before",
                     sc->id, k[3], k[2]);
        }
        int cap = k[4] > sc->staff_quota ? k[4] : sc->staff_quota;
        if (!relaxed[ROTAS_RULE_STAFF_QUOTA] && k[5] > cap)
            viol(&s,
                 "rule staff_quota: school %s has %d teachers after the plan, more than its %d "
                 "before and its quota %d",
                 sc->id, k[5], k[4], sc->staff_quota);
        int lim = (int)floor(p->max_out_share * k[4] + EPS);
        if (lim < 1)
            lim = 1;
        if (!relaxed[ROTAS_RULE_MAX_OUT_SHARE] && k[6] > lim)
            viol(&s,
                 "rule max_out_share: school %s loses %d teachers, at most %d allowed "
                 "(max(1, floor(%g%% of %d)))",
                 sc->id, k[6], lim, p->max_out_share * 100, k[4]);
    }

    check_decisions(&s, c, plan, moved_by, after);
    check_priorities(&s, c, p, plan);
    check_secondments(&s, c, p, plan, moved_by);
    s.n += rotas__check_unfilled(c, p, plan, after, out);
    s.n += rotas__check_groups(c, p, plan, out);

done:
    free(moved_by);
    free(after);
    free(cnt);
    free(decided_to);
    free(stays);
    return s.n;
}

/* ------------------------------------------------------------------ timetables */

typedef struct slot {
    int teacher, day, start, end, school, period;
    size_t lesson;
} slot;

static int slot_cmp(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    if (x->teacher != y->teacher)
        return x->teacher < y->teacher ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->school != y->school)
        return x->school < y->school ? -1 : 1;
    if (x->period != y->period)
        return x->period < y->period ? -1 : 1;
    return x->lesson < y->lesson ? -1 : x->lesson > y->lesson;
}

typedef struct key3 {
    int a, b, c;
} key3;

static int key3_cmp(const void *p, const void *q)
{
    const key3 *x = p, *y = q;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    return 0;
}

static void hhmm(int m, char *buf, size_t n)
{
    snprintf(buf, n, "%02d:%02d", (m / 60) % 100, m % 60);
}

/* "S1/1A english, T2, day 1 period 2" for messages. */
static void lesson_label(const rotas_county *c, const rotas_lesson *l, char *buf, size_t n)
{
    const char *cls = l->klass >= 0 && (size_t)l->klass < c->n_classes && c->classes[l->klass].id
                          ? c->classes[l->klass].id
                          : "?";
    int sch =
        l->klass >= 0 && (size_t)l->klass < c->n_classes ? c->classes[l->klass].school : l->school;
    snprintf(buf, n, "%s/%s %s, %s, day %d period %d", sid(c, sch), cls, subid(c, l->subject),
             tid(c, l->teacher), l->day + 1, l->period + 1);
}

static int teaches(const rotas_teacher *t, int subject)
{
    for (size_t i = 0; i < t->n_subjects; i++)
        if (t->subjects[i] == subject)
            return 1;
    return 0;
}

/* Schools of a teacher-day group in visiting order (consecutive repeats merged). */
static size_t visit_order(const slot *g, size_t n, int *order)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || order[m - 1] != g[i].school)
            order[m++] = g[i].school;
    return m;
}

static size_t distinct(const int *v, size_t n)
{
    size_t d = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < i && v[j] != v[i])
            j++;
        d += j == i;
    }
    return d;
}

static void list_schools(const rotas_county *c, const int *v, size_t n, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < cap; i++) {
        int w = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", sid(c, v[i]));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (n == 0)
        snprintf(buf, cap, "none");
}

/* Teacher and class availability and subject slot rules of one lesson. */
static void check_lesson_times(sink *s, const rotas_county *c, const rotas_lesson *l, size_t i,
                               const char *lab, const rotas_bell_period *bell, size_t nb)
{
    const rotas_teacher *t = &c->teachers[l->teacher];
    const rotas_class *k = &c->classes[l->klass];
    int st = bell[l->period].start, en = bell[l->period].end;
    char t1[8], t2[8];
    for (size_t b = 0; b < t->n_unavailable; b++) {
        const rotas_time_block *tb = &t->unavailable[b];
        if (tb->day != l->day || !(tb->start < en && st < tb->end))
            continue;
        hhmm(tb->start, t1, sizeof t1);
        hhmm(tb->end, t2, sizeof t2);
        viol(s, "lesson %zu (%s): %s is unavailable %s-%s on day %d (%s)", i + 1, lab, t->id, t1,
             t2, l->day + 1, reason_or(tb->reason));
    }
    for (size_t b = 0; b < k->n_unavailable; b++)
        if (k->unavailable[b].day == l->day && k->unavailable[b].period == l->period)
            viol(s, "lesson %zu (%s): class %s/%s is unavailable on day %d period %d (%s)", i + 1,
                 lab, sid(c, k->school), k->id, l->day + 1, l->period + 1,
                 reason_or(k->unavailable[b].reason));
    /* the first period after the midday break: the first that starts at or after 12:00 */
    int after_lunch = -1;
    for (size_t q = 0; q < nb && after_lunch < 0; q++)
        if (bell[q].start >= 12 * 60)
            after_lunch = (int)q;
    for (size_t r = 0; r < c->n_subject_rules; r++) {
        const rotas_subject_rule *sr = &c->subject_rules[r];
        if (sr->subject != l->subject)
            continue;
        if (sr->not_first_period && l->period == 0)
            viol(s, "lesson %zu (%s): %s may not be in the first period (subject rule)", i + 1, lab,
                 subid(c, l->subject));
        if (sr->not_after_lunch && l->period == after_lunch) {
            hhmm(st, t1, sizeof t1);
            viol(s,
                 "lesson %zu (%s): %s may not be in the first period after lunch (period %d, "
                 "%s; subject rule)",
                 i + 1, lab, subid(c, l->subject), l->period + 1, t1);
        }
        /* before_period is a preference the timetable tries to meet: not a violation */
    }
}

size_t rotas_check_timetable(const rotas_county *c, const rotas_policy *p,
                             const rotas_timetable *tt, rotas_diags *out)
{
    sink s = {out, 0};
    const size_t nk = c->n_classes, nsub = c->n_subjects, nt = c->n_teachers, ns = c->n_schools;
    const int cl = tt->cluster;
    const char *clid = cl >= 0 && (size_t)cl < c->n_clusters ? c->clusters[cl].id : NULL;
    int *placed = NULL, *unsch = NULL, *load = NULL, *group_of = NULL, *order = NULL;
    unsigned char *ok = NULL, *route_seen = NULL, *days_of = NULL;
    slot *slots = NULL;
    key3 *keys = NULL;
    size_t n_slots = 0;
    char lab[512], buf[512];

    if (!clid) {
        viol(&s, "cluster: unknown cluster (index %d)", cl);
        return s.n;
    }
    if (tt->days != ROTAS_DAYS)
        viol(&s, "days is %d, expected %d", tt->days, ROTAS_DAYS);

    size_t nl = tt->n_lessons;
    placed = calloc((nk ? nk : 1) * (nsub ? nsub : 1), sizeof *placed);
    unsch = calloc((nk ? nk : 1) * (nsub ? nsub : 1), sizeof *unsch);
    load = calloc(nt ? nt : 1, sizeof *load);
    ok = calloc(nl ? nl : 1, 1);
    slots = calloc(nl ? nl : 1, sizeof *slots);
    keys = calloc(nl ? nl : 1, sizeof *keys);
    group_of = malloc((nt ? nt : 1) * ROTAS_DAYS * 2 * sizeof *group_of);
    route_seen = calloc((nt ? nt : 1) * ROTAS_DAYS, 1);
    order = malloc((nl ? nl : 1) * sizeof *order);
    days_of = calloc(nt ? nt : 1, 1);
    if (!placed || !unsch || !load || !ok || !slots || !keys || !group_of || !route_seen ||
        !order || !days_of) {
        viol(&s, "out of memory while checking");
        goto done;
    }

#define IN_CLUSTER(sch) ((sch) >= 0 && (size_t)(sch) < ns && c->schools[(sch)].cluster == cl)

    /* Structure of each lesson; curriculum counts. */
    for (size_t i = 0; i < nl; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        int good = 1;
        lesson_label(c, l, lab, sizeof lab);
        if (l->klass < 0 || (size_t)l->klass >= nk) {
            viol(&s, "lesson %zu (%s): unknown class (index %d)", i + 1, lab, l->klass);
            continue;
        }
        const rotas_class *k = &c->classes[l->klass];
        if (!IN_CLUSTER(k->school)) {
            viol(&s, "lesson %zu (%s): class %s/%s is not in cluster %s", i + 1, lab,
                 sid(c, k->school), k->id, clid);
            continue;
        }
        if (l->school != k->school) {
            viol(&s, "lesson %zu (%s): school is %s but class %s belongs to %s", i + 1, lab,
                 sid(c, l->school), k->id, sid(c, k->school));
            good = 0;
        }
        if (l->subject < 0 || (size_t)l->subject >= nsub) {
            viol(&s, "lesson %zu (%s): unknown subject (index %d)", i + 1, lab, l->subject);
            continue;
        }
        placed[(size_t)l->klass * nsub + (size_t)l->subject]++;
        if (l->teacher < 0 || (size_t)l->teacher >= nt) {
            viol(&s, "lesson %zu (%s): unknown teacher (index %d)", i + 1, lab, l->teacher);
            good = 0;
        }
        if (l->day < 0 || l->day >= ROTAS_DAYS) {
            viol(&s, "lesson %zu (%s): day %d is outside 1..%d", i + 1, lab, l->day + 1,
                 ROTAS_DAYS);
            good = 0;
        }
        size_t nb;
        rotas_school_bell(&c->schools[k->school], &nb);
        if (l->period < 0 || (size_t)l->period >= nb) {
            viol(&s, "lesson %zu (%s): period %d is outside the bell of %s (1..%zu)", i + 1, lab,
                 l->period + 1, sid(c, k->school), nb);
            good = 0;
        }
        ok[i] = (unsigned char)good;
    }

    /* Unscheduled entries. */
    for (size_t i = 0; i < tt->n_unscheduled; i++) {
        const rotas_unscheduled *u = &tt->unscheduled[i];
        if (u->klass < 0 || (size_t)u->klass >= nk || u->subject < 0 ||
            (size_t)u->subject >= nsub) {
            viol(&s, "unscheduled %zu: unknown class or subject", i + 1);
            continue;
        }
        const rotas_class *k = &c->classes[u->klass];
        if (!IN_CLUSTER(k->school)) {
            viol(&s, "unscheduled %zu: class %s/%s is not in cluster %s", i + 1, sid(c, k->school),
                 k->id, clid);
            continue;
        }
        if (u->periods < 0) {
            viol(&s, "unscheduled %zu (%s/%s %s): periods is %d, expected >= 0", i + 1,
                 sid(c, k->school), k->id, subid(c, u->subject), u->periods);
            continue;
        }
        unsch[(size_t)u->klass * nsub + (size_t)u->subject] += u->periods;
    }

    /* Rule 1: the curriculum is accounted for. */
    for (size_t k = 0; k < nk; k++) {
        const rotas_class *kl = &c->classes[k];
        if (!IN_CLUSTER(kl->school))
            continue;
        for (size_t sub = 0; sub < nsub; sub++) {
            int req = rotas_class_periods(c, kl, (int)sub);
            int pl = placed[k * nsub + sub], un = unsch[k * nsub + sub];
            if (pl > req)
                viol(&s, "class %s/%s %s: %d lessons placed, only %d required", sid(c, kl->school),
                     kl->id, c->subjects[sub].id, pl, req);
            else if (pl + un != req)
                viol(&s, "class %s/%s %s: %d lessons placed + %d unscheduled = %d, %d required",
                     sid(c, kl->school), kl->id, c->subjects[sub].id, pl, un, pl + un, req);
        }
    }

    /* Rule 2: class clashes. */
    size_t nkeys = 0;
    for (size_t i = 0; i < nl; i++)
        if (ok[i])
            keys[nkeys++] = (key3){tt->lessons[i].klass, tt->lessons[i].day, tt->lessons[i].period};
    qsort(keys, nkeys, sizeof *keys, key3_cmp);
    for (size_t i = 0; i < nkeys;) {
        size_t j = i + 1;
        while (j < nkeys && !key3_cmp(&keys[i], &keys[j]))
            j++;
        if (j - i > 1) {
            const rotas_class *k = &c->classes[keys[i].a];
            viol(&s, "class %s/%s: %zu lessons on day %d period %d", sid(c, k->school), k->id,
                 j - i, keys[i].b + 1, keys[i].c + 1);
        }
        i = j;
    }
    /* Rule 2: teacher clashes. */
    nkeys = 0;
    for (size_t i = 0; i < nl; i++)
        if (ok[i])
            keys[nkeys++] =
                (key3){tt->lessons[i].teacher, tt->lessons[i].day, tt->lessons[i].period};
    qsort(keys, nkeys, sizeof *keys, key3_cmp);
    for (size_t i = 0; i < nkeys;) {
        size_t j = i + 1;
        while (j < nkeys && !key3_cmp(&keys[i], &keys[j]))
            j++;
        if (j - i > 1)
            viol(&s, "teacher %s: %zu lessons on day %d period %d", tid(c, keys[i].a), j - i,
                 keys[i].b + 1, keys[i].c + 1);
        i = j;
    }

    /* Rules 3 and 4, per lesson; slots for rules 5 and 6. */
    for (size_t i = 0; i < nl; i++) {
        if (!ok[i])
            continue;
        const rotas_lesson *l = &tt->lessons[i];
        const rotas_teacher *t = &c->teachers[l->teacher];
        const rotas_class *k = &c->classes[l->klass];
        const rotas_subject *sub = &c->subjects[l->subject];
        lesson_label(c, l, lab, sizeof lab);
        load[l->teacher]++;
        if (!teaches(t, l->subject))
            viol(&s, "lesson %zu (%s): %s does not teach %s", i + 1, lab, t->id, sub->id);
        if (!sub->shortage && t->school != k->school)
            viol(&s,
                 "lesson %zu (%s): %s is not a shortage subject, so a teacher of %s must teach "
                 "it, and %s is of %s",
                 i + 1, lab, sub->id, sid(c, k->school), t->id, sid(c, t->school));
        if (sub->shortage && !IN_CLUSTER(t->school))
            viol(&s, "lesson %zu (%s): %s is of %s, which is not in cluster %s", i + 1, lab, t->id,
                 sid(c, t->school), clid);
        size_t nb;
        const rotas_bell_period *bell = rotas_school_bell(&c->schools[k->school], &nb);
        check_lesson_times(&s, c, l, i, lab, bell, nb);
        days_of[l->teacher] |= (unsigned char)(1u << l->day);
        slots[n_slots++] =
            (slot){l->teacher, l->day, bell[l->period].start, bell[l->period].end, k->school,
                   l->period,  i};
    }
    for (size_t t = 0; t < nt; t++) {
        int lim =
            c->teachers[t].max_periods > 0 ? c->teachers[t].max_periods : p->default_max_periods;
        if (load[t] > lim)
            viol(&s, "teacher %s: %d lessons a week, at most %d", c->teachers[t].id, load[t], lim);
        int nd = 0;
        for (int d = 0; d < ROTAS_DAYS; d++)
            nd += (days_of[t] >> d) & 1;
        if (c->teachers[t].max_days > 0 && nd > c->teachers[t].max_days)
            viol(&s, "teacher %s: teaches on %d days, at most %d (max_days)", c->teachers[t].id, nd,
                 c->teachers[t].max_days);
    }
    /* Fixed lessons of the cluster's classes are in place. */
    for (size_t i = 0; i < c->n_fixed_lessons; i++) {
        const rotas_fixed_lesson *f = &c->fixed_lessons[i];
        if (f->klass < 0 || (size_t)f->klass >= nk || !IN_CLUSTER(c->classes[f->klass].school))
            continue;
        int found = 0;
        for (size_t j = 0; j < nl && !found; j++) {
            const rotas_lesson *l = &tt->lessons[j];
            found = l->klass == f->klass && l->subject == f->subject && l->teacher == f->teacher &&
                    l->day == f->day && l->period == f->period;
        }
        if (!found) {
            const rotas_class *k = &c->classes[f->klass];
            viol(&s, "fixed lesson %zu (%s/%s %s, %s, day %d period %d): not in the timetable",
                 i + 1, sid(c, k->school), k->id, subid(c, f->subject), tid(c, f->teacher),
                 f->day + 1, f->period + 1);
        }
    }

    /* Rules 5 and 6, per teacher-day; visiting orders for the routes. */
    qsort(slots, n_slots, sizeof *slots, slot_cmp);
    for (size_t i = 0; i < nt * ROTAS_DAYS * 2; i++)
        group_of[i] = -1;
    for (size_t g = 0; g < n_slots;) {
        size_t e = g + 1;
        while (e < n_slots && slots[e].teacher == slots[g].teacher && slots[e].day == slots[g].day)
            e++;
        const char *t = tid(c, slots[g].teacher);
        int day = slots[g].day + 1;
        for (size_t a = g; a < e; a++)
            for (size_t b = a + 1; b < e; b++) {
                const slot *x = &slots[a], *y = &slots[b];
                if (x->period != y->period && x->start < y->end && y->start < x->end) {
                    char t1[8], t2[8], t3[8], t4[8];
                    hhmm(x->start, t1, sizeof t1);
                    hhmm(x->end, t2, sizeof t2);
                    hhmm(y->start, t3, sizeof t3);
                    hhmm(y->end, t4, sizeof t4);
                    viol(&s,
                         "teacher %s day %d: %s period %d (%s-%s) overlaps %s period %d "
                         "(%s-%s)",
                         t, day, sid(c, x->school), x->period + 1, t1, t2, sid(c, y->school),
                         y->period + 1, t3, t4);
                }
            }
        for (size_t a = g; a + 1 < e; a++) {
            const slot *x = &slots[a], *y = &slots[a + 1];
            if (x->school == y->school || y->start < x->end)
                continue; /* same school, or an overlap reported above / a clash */
            double need = rotas_county_minutes(c, x->school, y->school);
            int gap = y->start - x->end;
            if ((double)gap + EPS < need) {
                char t1[8], t2[8];
                hhmm(x->end, t1, sizeof t1);
                hhmm(y->start, t2, sizeof t2);
                viol(&s,
                     "teacher %s day %d: %d minutes from %s (period %d ends %s) to %s (period "
                     "%d starts %s), travel takes %.0f",
                     t, day, gap, sid(c, x->school), x->period + 1, t1, sid(c, y->school),
                     y->period + 1, t2, need);
            }
        }
        size_t m = visit_order(&slots[g], e - g, order);
        size_t nd = distinct(order, m);
        if ((int)nd > p->max_schools_per_day) {
            list_schools(c, order, m, buf, sizeof buf);
            viol(&s, "teacher %s day %d: teaches at %zu schools (%s), at most %d a day", t, day, nd,
                 buf, p->max_schools_per_day);
        }
        size_t gi = ((size_t)slots[g].teacher * ROTAS_DAYS + (size_t)slots[g].day) * 2;
        group_of[gi] = (int)g;
        group_of[gi + 1] = (int)(e - g);
        g = e;
    }

    /* Rule 7: subjects of at most 5 weekly periods at most once a day. */
    nkeys = 0;
    for (size_t i = 0; i < nl; i++)
        if (ok[i])
            keys[nkeys++] =
                (key3){tt->lessons[i].klass, tt->lessons[i].subject, tt->lessons[i].day};
    qsort(keys, nkeys, sizeof *keys, key3_cmp);
    for (size_t i = 0; i < nkeys;) {
        size_t j = i + 1;
        while (j < nkeys && !key3_cmp(&keys[i], &keys[j]))
            j++;
        const rotas_class *k = &c->classes[keys[i].a];
        int req = rotas_class_periods(c, k, keys[i].b);
        if (j - i > 1 && req <= 5)
            viol(&s, "class %s/%s %s: %zu lessons on day %d (%d periods a week: at most one a day)",
                 sid(c, k->school), k->id, c->subjects[keys[i].b].id, j - i, keys[i].c + 1, req);
        i = j;
    }

    /* Routes against the lessons. */
    for (size_t i = 0; i < tt->n_routes; i++) {
        const rotas_route *r = &tt->routes[i];
        if (r->teacher < 0 || (size_t)r->teacher >= nt || r->day < 0 || r->day >= ROTAS_DAYS) {
            viol(&s, "route %zu: unknown teacher (index %d) or day %d outside 1..%d", i + 1,
                 r->teacher, r->day + 1, ROTAS_DAYS);
            continue;
        }
        const char *t = c->teachers[r->teacher].id;
        size_t cell = (size_t)r->teacher * ROTAS_DAYS + (size_t)r->day;
        if (route_seen[cell]) {
            viol(&s, "route %zu (%s day %d): a second route for this teacher and day", i + 1, t,
                 r->day + 1);
            continue;
        }
        route_seen[cell] = 1;
        size_t m = 0;
        if (group_of[cell * 2] >= 0)
            m = visit_order(&slots[group_of[cell * 2]], (size_t)group_of[cell * 2 + 1], order);
        int same = m == r->n_schools;
        for (size_t j = 0; same && j < m; j++)
            same = order[j] == r->schools[j];
        if (!same) {
            char got[256];
            list_schools(c, r->schools, r->n_schools, got, sizeof got);
            list_schools(c, order, m, buf, sizeof buf);
            viol(&s, "route %zu (%s day %d): schools %s, but the lessons visit %s", i + 1, t,
                 r->day + 1, got, buf);
        }
        double km = 0;
        int bad_school = 0;
        for (size_t j = 0; j < r->n_schools; j++)
            if (r->schools[j] < 0 || (size_t)r->schools[j] >= ns)
                bad_school = 1;
        for (size_t j = 0; !bad_school && j + 1 < r->n_schools; j++)
            km += rotas_county_km(c, r->schools[j], r->schools[j + 1]);
        if (!bad_school && !(fabs(r->km - km) <= 0.01))
            viol(&s, "route %zu (%s day %d): km is %.2f, the legs add up to %.2f", i + 1, t,
                 r->day + 1, r->km, km);
    }
    for (size_t cell = 0; cell < nt * ROTAS_DAYS; cell++) {
        if (group_of[cell * 2] < 0 || route_seen[cell])
            continue;
        size_t m = visit_order(&slots[group_of[cell * 2]], (size_t)group_of[cell * 2 + 1], order);
        if (distinct(order, m) > 1) {
            list_schools(c, order, m, buf, sizeof buf);
            viol(&s, "teacher %s day %zu: visits %s but has no route",
                 c->teachers[cell / ROTAS_DAYS].id, cell % ROTAS_DAYS + 1, buf);
        }
    }
#undef IN_CLUSTER

done:
    free(placed);
    free(unsch);
    free(load);
    free(ok);
    free(slots);
    free(keys);
    free(group_of);
    free(route_seen);
    free(order);
    free(days_of);
    return s.n;
}

/* ------------------------------------------------------------------ re-plans */

size_t rotas_check_plan_replan(const rotas_county *c, const rotas_plan *plan,
                               const rotas_plan *previous, rotas_diags *out)
{
    sink s = {out, 0};
    (void)c;
    int added = 0, dropped = 0;
    for (size_t i = 0; i < plan->n_moves; i++) {
        int same = 0;
        for (size_t j = 0; j < previous->n_moves && !same; j++)
            same = previous->moves[j].teacher == plan->moves[i].teacher &&
                   previous->moves[j].to == plan->moves[i].to;
        added += !same;
    }
    for (size_t j = 0; j < previous->n_moves; j++) {
        int kept = 0;
        for (size_t i = 0; i < plan->n_moves && !kept; i++)
            kept = previous->moves[j].teacher == plan->moves[i].teacher &&
                   previous->moves[j].to == plan->moves[i].to;
        dropped += !kept;
    }
    if (plan->n_changed != added + dropped)
        viol(&s,
             "changed is %d, expected %d (%d moves not in the previous plan + %d previous "
             "moves no longer present)",
             plan->n_changed, added + dropped, added, dropped);
    return s.n;
}

size_t rotas_check_timetable_replan(const rotas_county *c, const rotas_timetable *tt,
                                    const rotas_timetable *previous, rotas_diags *out)
{
    sink s = {out, 0};
    int kept = 0;
    const size_t nk = c->n_classes;
    for (size_t j = 0; j < previous->n_lessons; j++) {
        const rotas_lesson *a = &previous->lessons[j];
        int same = 0;
        for (size_t i = 0; i < tt->n_lessons && !same; i++) {
            const rotas_lesson *b = &tt->lessons[i];
            int sa =
                a->klass >= 0 && (size_t)a->klass < nk ? c->classes[a->klass].school : a->school;
            int sb =
                b->klass >= 0 && (size_t)b->klass < nk ? c->classes[b->klass].school : b->school;
            same = sa == sb && a->klass == b->klass && a->subject == b->subject &&
                   a->teacher == b->teacher && a->day == b->day && a->period == b->period;
        }
        kept += same;
    }
    int moved = (int)previous->n_lessons - kept;
    if (tt->kept_lessons != kept)
        viol(&s,
             "kept_lessons is %d, expected %d (lessons of the previous timetable in the same "
             "place)",
             tt->kept_lessons, kept);
    if (tt->moved_lessons != moved)
        viol(&s, "moved_lessons is %d, expected %d (%zu previous lessons - %d kept)",
             tt->moved_lessons, moved, previous->n_lessons, kept);
    return s.n;
}
