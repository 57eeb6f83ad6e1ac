/*
 * check.c - the independent checker of plans (timetables: check/timetable.c).
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

#include "i18n_int.h"
#include "check_int.h"
#include "rotas/check.h"

void rotas__check_viol(rotas__check_sink *s, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    rotas_diags_add(s->out, "%s", buf);
    s->n++;
}

const char *rotas__check_tid(const rotas_county *c, int t)
{
    return t >= 0 && (size_t)t < c->n_teachers && c->teachers[t].id ? c->teachers[t].id : "?";
}
const char *rotas__check_sid(const rotas_county *c, int s)
{
    return s >= 0 && (size_t)s < c->n_schools && c->schools[s].id ? c->schools[s].id : "?";
}
const char *rotas__check_subid(const rotas_county *c, int s)
{
    return s >= 0 && (size_t)s < c->n_subjects && c->subjects[s].id ? c->subjects[s].id : "?";
}
const char *rotas__check_reason(const char *r)
{
    return r ? r : "no reason given";
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
        snprintf(buf, n, _("teacher is exempt (\"%s\") and may not move"), t->exempt);
        return 1;
    }
    if (t->exchange_until != 0 && t->exchange_until >= y) {
        snprintf(buf, n, _("teacher is on an exchange until %d and may not move"),
                 t->exchange_until);
        return 1;
    }
    if (p->exempt_years_before_retirement > 0 && t->birth_year > 0) {
        int retire = t->gender == 'F' ? p->retirement_age_women : p->retirement_age_men;
        int left = retire - (y - t->birth_year);
        if (left <= p->exempt_years_before_retirement) {
            snprintf(buf, n, _("teacher is %d years from retirement (limit %d) and may not move"),
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
                viol(s, _("decision %zu (move %s to %s): %s is not moved"), i + 1, tid(c, t),
                     sid(c, d->school), tid(c, t));
            else if (after[t] != d->school)
                viol(s, _("decision %zu (move %s to %s): %s is moved to %s in move %d"), i + 1,
                     tid(c, t), sid(c, d->school), tid(c, t), sid(c, after[t]), moved_by[t] + 1);
            break;
        case ROTAS_DECISION_STAY:
            if (t_ok && moved_by[t] >= 0)
                viol(s, _("decision %zu (stay %s: %s): %s is moved to %s in move %d"), i + 1,
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
                     _("decision %zu (receive_key %s%s%s): no key teacher (county level or above)"
                       "%s%s moves to %s"),
                     i + 1, sid(c, d->school), d->subject >= 0 ? " " : "",
                     d->subject >= 0 ? subid(c, d->subject) : "", d->subject >= 0 ? " of " : "",
                     d->subject >= 0 ? subid(c, d->subject) : "", sid(c, d->school));
            break;
        }
        case ROTAS_DECISION_TOGETHER:
            if (!t_ok || !t2_ok)
                break;
            if ((moved_by[t] >= 0) != (moved_by[t2] >= 0))
                viol(s, _("decision %zu (together %s and %s): %s moves and %s does not"), i + 1,
                     tid(c, t), tid(c, t2), tid(c, moved_by[t] >= 0 ? t : t2),
                     tid(c, moved_by[t] >= 0 ? t2 : t));
            else if (moved_by[t] >= 0 && after[t] != after[t2])
                viol(s,
                     _("decision %zu (together %s and %s): they move to different schools "
                       "(%s and %s)"),
                     i + 1, tid(c, t), tid(c, t2), sid(c, after[t]), sid(c, after[t2]));
            break;
        default:
            viol(s, _("decision %zu: unknown kind %d"), i + 1, (int)d->kind);
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
                 _("move %zu (%s): priority is %g, expected %g (%d years at the school x %g + "
                   "key %g + %d hardship years x %g)"),
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
            viol(s,
                 _("preferences: %s is %d, expected %d (moved teachers with preferences who %s)"),
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
                     _("envy: %s (priority %g) goes to %s, ranks %s higher (choice %d), and %s "
                       "went to %s (priority %g); the plan does not list this case"),
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
            viol(s, _("envy %zu (%s over %s at %s): why is empty"), e + 1, tid(c, x->teacher),
                 tid(c, x->other), sid(c, x->school));
        if (ia < 0 || ib < 0 || x->teacher == x->other) {
            viol(s, _("envy %zu (%s over %s at %s): both teachers must be moved by the plan"),
                 e + 1, tid(c, x->teacher), tid(c, x->other), sid(c, x->school));
            continue;
        }
        const rotas_teacher *a = &c->teachers[x->teacher], *b = &c->teachers[x->other];
        double pa = priority_of(a, y, p), pb = priority_of(b, y, p);
        int ra = pref_rank(a, plan->moves[ia].to), rb = pref_rank(a, x->school);
        if (plan->moves[ib].to != x->school)
            viol(s, _("envy %zu (%s over %s at %s): %s goes to %s, not %s"), e + 1, a->id, b->id,
                 sid(c, x->school), b->id, sid(c, plan->moves[ib].to), sid(c, x->school));
        else if (!(pa > pb + 1e-9) || rb == 0 || (ra != 0 && ra <= rb) || !same_place(a, b))
            viol(s,
                 _("envy %zu (%s over %s at %s): not a case of justified envy (priorities %g "
                   "and %g; %s ranks %s %d and its own destination %s %d, 0 = not ranked)"),
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
            viol(s, _("secondment %zu: unknown teacher (index %d)"), i + 1, x->teacher);
            continue;
        }
        const rotas_teacher *t = &c->teachers[x->teacher];
        for (size_t j = 0; j < i; j++)
            if (plan->secondments[j].teacher == x->teacher)
                viol(s, _("secondment %zu (%s): teacher already seconded in secondment %zu"), i + 1,
                     t->id, j + 1);
        if (!t->middle_leader)
            viol(s, _("secondment %zu (%s): not a middle leader"), i + 1, t->id);
        if (frozen(t, y, p, why, sizeof why))
            viol(s, _("secondment %zu (%s): %s"), i + 1, t->id, why);
        if (moved_by[x->teacher] >= 0)
            viol(s, _("secondment %zu (%s): the teacher is also in move %d"), i + 1, t->id,
                 moved_by[x->teacher] + 1);
        if (x->from != t->school)
            viol(s, _("secondment %zu (%s): from is %s but the teacher is at %s"), i + 1, t->id,
                 sid(c, x->from), sid(c, t->school));
        if (t->school >= 0 && (size_t)t->school < ns &&
            c->schools[t->school].area != ROTAS_AREA_URBAN)
            viol(s, _("secondment %zu (%s): the teacher's school %s is %s, not urban"), i + 1,
                 t->id, sid(c, t->school), rotas_area_name(c->schools[t->school].area));
        if (x->to < 0 || (size_t)x->to >= ns) {
            viol(s, _("secondment %zu (%s): unknown destination school (index %d)"), i + 1, t->id,
                 x->to);
            continue;
        }
        if (c->schools[x->to].area == ROTAS_AREA_URBAN)
            viol(s,
                 _("secondment %zu (%s): destination %s is urban, expected a town or rural school"),
                 i + 1, t->id, sid(c, x->to));
        for (size_t j = 0; j < i; j++)
            if (plan->secondments[j].to == x->to)
                viol(s, _("secondment %zu (%s): %s already receives a secondee in secondment %zu"),
                     i + 1, t->id, sid(c, x->to), j + 1);
        if (x->until != y)
            viol(s, _("secondment %zu (%s): until is %d, expected %d (one year)"), i + 1, t->id,
                 x->until, y);
        double km = rotas_county_km(c, t->school, x->to);
        if (t->school >= 0 && !(fabs(x->km - km) <= 0.01))
            viol(s, _("secondment %zu (%s): km is %.2f, the travel table says %.2f"), i + 1, t->id,
                 x->km, km);
    }
    int asked = p->secondment_count, chosen = (int)plan->n_secondments;
    if (chosen > asked)
        viol(s, _("secondment: %d chosen, %d asked"), chosen, asked);
    else if (chosen < asked) {
        int cand = 0;
        for (size_t ti = 0; ti < nt; ti++) {
            const rotas_teacher *t = &c->teachers[ti];
            cand += t->middle_leader && !frozen(t, y, p, why, sizeof why) && t->school >= 0 &&
                    (size_t)t->school < ns && c->schools[t->school].area == ROTAS_AREA_URBAN &&
                    moved_by[ti] < 0;
        }
        /* one secondee a school: no more than the town and rural schools */
        int recv = 0;
        for (size_t si = 0; si < ns; si++)
            recv += c->schools[si].area != ROTAS_AREA_URBAN;
        if (cand <= recv && cand != chosen)
            viol(s, _("secondment: %d chosen, %d asked, %d candidates"), chosen, asked, cand);
        else if (cand > recv && recv != chosen)
            viol(s,
                 _("secondment: %d chosen, %d asked, %d candidates for %d town or rural schools"),
                 chosen, asked, cand, recv);
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
            viol(&s, _("relaxed %zu: \"%s\" is not a rule that may be relaxed"), i + 1, r->rule);
            continue;
        }
        if (!(r->amount > 0)) {
            viol(&s, _("relaxed %zu (%s): amount must be positive, found %g"), i + 1, r->rule,
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
        viol(&s, _("out of memory while checking"));
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
        viol(&s, _("out of memory while checking"));
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
            viol(&s, _("move %zu: unknown teacher (index %d)"), i + 1, ti);
            continue;
        }
        const rotas_teacher *t = &c->teachers[ti];
        if (moved_by[ti] >= 0) {
            viol(&s, _("move %zu (%s): teacher already moves in move %d"), i + 1, t->id,
                 moved_by[ti] + 1);
            continue;
        }
        moved_by[ti] = (int)i;
        if (m->to < 0 || (size_t)m->to >= ns) {
            viol(&s, _("move %zu (%s): unknown destination school (index %d)"), i + 1, t->id,
                 m->to);
            continue;
        }
        if (m->from != t->school)
            viol(&s, _("move %zu (%s): from is %s but the teacher is at %s"), i + 1, t->id,
                 sid(c, m->from), sid(c, t->school));
        if (m->to == t->school)
            viol(&s, _("move %zu (%s): destination %s is the teacher's own school"), i + 1, t->id,
                 sid(c, m->to));
        if (frozen(t, y, p, why, sizeof why))
            viol(&s, _("move %zu (%s): %s"), i + 1, t->id, why);
        else if (decided_to[ti] < 0 && !eligible(t, y, p)) {
            if (is_leader(t))
                viol(&s,
                     _("move %zu (%s): teacher is not eligible (%d years at the school, %d "
                       "required; %d years in the post, %d required)"),
                     i + 1, t->id, y - t->school_since, p->teacher_tenure_years, y - t->post_since,
                     p->leader_tenure_years);
            else
                viol(&s,
                     _("move %zu (%s): teacher is not eligible (%d years at the school, %d "
                       "required)"),
                     i + 1, t->id, y - t->school_since, p->teacher_tenure_years);
        }
        if (m->until != until)
            viol(&s, _("move %zu (%s): until is %d, expected %d (year %d + term %d - 1)"), i + 1,
                 t->id, m->until, until, y, p->exchange_term_years);
        double km = rotas_county_km(c, t->school, m->to);
        if (!(fabs(m->km - km) <= 0.01))
            viol(&s, _("move %zu (%s): km is %.2f, the travel table says %.2f"), i + 1, t->id,
                 m->km, km);
        if (p->max_km >= 0 && km > p->max_km + EPS)
            viol(&s, _("rule max_km: move %zu (%s) %s -> %s is %.1f km, limit %.1f"), i + 1, t->id,
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
                 _("rule leader_tenure: %s (%s, %d years in the post at %s) must move and does "
                   "not"),
                 t->id, rotas_role_name(t->role), y - t->post_since, sid(c, t->school));
    }
    int need = need_of(p->min_rotation_share, n_elig);
    if (!relaxed[ROTAS_RULE_MIN_ROTATION_SHARE] && n_elig_moved < need)
        viol(&s, _("rule min_rotation_share: %d eligible teachers moved, %d required (%g%% of %d)"),
             n_elig_moved, need, p->min_rotation_share * 100, n_elig);
    int of_eligible = p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE;
    int kbase = of_eligible ? n_elig : n_moved;
    need = need_of(p->min_key_share, kbase);
    if (!relaxed[ROTAS_RULE_MIN_KEY_SHARE] && n_key_moved < need)
        viol(&s, _("rule min_key_share: %d key teachers moved, %d required (%g%% of %d %s)"),
             n_key_moved, need, p->min_key_share * 100, kbase,
             of_eligible ? _("eligible") : _("moved"));

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
                viol(&s, _("rule posts: school %s has %d principals after the plan, %d before"),
                     sc->id, k[1], k[0]);
            if (k[3] != k[2])
                viol(&s,
                     _("rule posts: school %s has %d vice-principals after the plan, %d before"),
                     sc->id, k[3], k[2]);
        }
        int cap = k[4] > sc->staff_quota ? k[4] : sc->staff_quota;
        if (!relaxed[ROTAS_RULE_STAFF_QUOTA] && k[5] > cap)
            viol(&s,
                 _("rule staff_quota: school %s has %d teachers after the plan, more than its %d "
                   "before and its quota %d"),
                 sc->id, k[5], k[4], sc->staff_quota);
        int lim = (int)floor(p->max_out_share * k[4] + EPS);
        if (lim < 1)
            lim = 1;
        if (!relaxed[ROTAS_RULE_MAX_OUT_SHARE] && k[6] > lim)
            viol(&s,
                 _("rule max_out_share: school %s loses %d teachers, at most %d allowed "
                   "(max(1, floor(%g%% of %d)))"),
                 sc->id, k[6], lim, p->max_out_share * 100, k[4]);
    }

    /* the report's figures: the bound is never above the objective, and the gap never says
       less than they do */
    if (isfinite(plan->objective) && isfinite(plan->bound)) {
        double tol = 1e-6 * fmax(1.0, fabs(plan->objective));
        double g = fabs(plan->objective) > 0
                       ? (plan->objective - plan->bound) / fabs(plan->objective)
                       : 0.0;
        if (plan->bound > plan->objective + tol)
            viol(&s, _("report: the bound %.10g is above the objective %.10g"), plan->bound,
                 plan->objective);
        else if (!(plan->gap >= g - 1e-6))
            viol(&s, _("report: the gap %.6g is below (objective - bound) / objective = %.6g"),
                 plan->gap, g);
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
             _("changed is %d, expected %d (%d moves not in the previous plan + %d previous "
               "moves no longer present)"),
             plan->n_changed, added + dropped, added, dropped);
    return s.n;
}
