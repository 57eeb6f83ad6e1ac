/*
 * check_groups.c - the checker's rule group_dispatch (集团派驻), from the rule as stated in
 * README "Education groups": it reads only the county, the policy and the plan.
 *
 * For each education group with a head school, each other school of the group (a member)
 * must receive from the head, among the plan's moves, group_managers_per_member managers (a
 * middle leader, principal or vice-principal) and group_key_team_per_member key teachers
 * (county level or above) who teach one of the member's weakest subjects, distinct people
 * (when both numbers are above zero, the arrivals who are either must number their sum).
 * A member's weakest subjects: its K subjects (K = group_key_team_per_member, at least 1) with
 * the largest gap between the weekly periods its classes need and what its own teachers give
 * (each teacher's weekly capacity spread evenly over its subjects), ties by subject order,
 * gaps above zero only; every subject when none has a gap. The shortfall, summed over the
 * members (managers missing + key teachers missing + team size missing), must be covered by
 * relaxed[] group_dispatch. A move tagged group_dispatch must be such an arrival, and every
 * such arrival must carry the tag.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "check_int.h"

static size_t report(rotas_diags *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static size_t report(rotas_diags *out, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    rotas_diags_add(out, "%s", buf);
    return 1;
}

/* The head school serving school s, or -1. */
static int head_of(const rotas_county *c, size_t s)
{
    int g = c->schools[s].group;
    if (g < 0 || (size_t)g >= c->n_groups)
        return -1;
    int h = c->groups[g].head;
    if (h < 0 || (size_t)h >= c->n_schools || (size_t)h == s || c->schools[h].group != g)
        return -1;
    return h;
}

/* weak[j] = 1 for school s's weakest subjects. */
static void weakest(const rotas_county *c, const rotas_policy *p, size_t s, int want, double *gap,
                    unsigned char *weak)
{
    size_t nj = c->n_subjects;
    for (size_t j = 0; j < nj; j++) {
        gap[j] = 0.0;
        weak[j] = 0;
    }
    const rotas_school *sc = &c->schools[s];
    for (size_t k = 0; k < sc->n_classes; k++)
        for (size_t j = 0; j < nj; j++)
            gap[j] += rotas_class_periods(c, &c->classes[sc->first_class + k], (int)j);
    for (size_t t = 0; t < c->n_teachers; t++) {
        const rotas_teacher *te = &c->teachers[t];
        if (te->school != (int)s || te->n_subjects == 0)
            continue;
        double each = (double)(te->max_periods > 0 ? te->max_periods : p->default_max_periods) /
                      (double)te->n_subjects;
        for (size_t q = 0; q < te->n_subjects; q++)
            if (te->subjects[q] >= 0 && (size_t)te->subjects[q] < nj)
                gap[te->subjects[q]] -= each;
    }
    int any = 0;
    for (int n = 0; n < want; n++) { /* the largest remaining gap, lowest index on ties */
        long long best = 0;
        size_t bj = nj;
        for (size_t j = 0; j < nj; j++) {
            long long g = llround(gap[j] * 1e6);
            if (!weak[j] && g > best) {
                best = g;
                bj = j;
            }
        }
        if (bj == nj)
            break;
        weak[bj] = 1;
        any = 1;
    }
    if (!any)
        for (size_t j = 0; j < nj; j++)
            weak[j] = 1;
}

size_t rotas__check_groups(const rotas_county *c, const rotas_policy *p, const rotas_plan *plan,
                           rotas_diags *out)
{
    size_t n = 0, ns = c->n_schools, nj = c->n_subjects, nt = c->n_teachers;
    int M = p->group_managers_per_member, K = p->group_key_team_per_member;
    int on = M > 0 || K > 0;
    double allowed = 0.0;
    for (size_t i = 0; i < plan->n_relaxed; i++)
        if (!strcmp(plan->relaxed[i].rule, "group_dispatch"))
            allowed += plan->relaxed[i].amount;
    double *gap = malloc((nj ? nj : 1) * sizeof *gap);
    unsigned char *weak = malloc(nj ? nj : 1);
    unsigned char *counted = calloc(plan->n_moves ? plan->n_moves : 1, 1);
    if (!gap || !weak || !counted) {
        n += report(out, _("out of memory while checking"));
        goto done;
    }
    double short_total = 0.0;
    char where[400] = "";
    size_t wl = 0;
    for (size_t s = 0; on && s < ns; s++) {
        int h = head_of(c, s);
        if (h < 0)
            continue;
        weakest(c, p, s, K > 0 ? K : 1, gap, weak);
        int man = 0, key = 0, team = 0;
        for (size_t i = 0; i < plan->n_moves; i++) {
            const rotas_move *mv = &plan->moves[i];
            if (mv->teacher < 0 || (size_t)mv->teacher >= nt || mv->to != (int)s)
                continue;
            const rotas_teacher *t = &c->teachers[mv->teacher];
            if (t->school != h)
                continue;
            int is_man = M > 0 && (t->middle_leader || t->role == ROTAS_ROLE_PRINCIPAL ||
                                   t->role == ROTAS_ROLE_VICE_PRINCIPAL);
            int is_key = 0;
            if (K > 0 && t->key >= ROTAS_KEY_COUNTY)
                for (size_t q = 0; q < t->n_subjects; q++)
                    is_key |=
                        t->subjects[q] >= 0 && (size_t)t->subjects[q] < nj && weak[t->subjects[q]];
            man += is_man;
            key += is_key;
            team += is_man || is_key;
            if (is_man || is_key)
                counted[i] = 1;
        }
        double sh = (man < M ? M - man : 0) + (key < K ? K - key : 0) +
                    (M > 0 && K > 0 && team < M + K ? M + K - team : 0);
        if (sh > 0) {
            short_total += sh;
            if (wl < sizeof where - 80)
                wl += (size_t)snprintf(where + wl, sizeof where - wl,
                                       "%s%s (from %s: %d of %d managers, %d of %d key teachers)",
                                       wl ? "; " : "", c->schools[s].id, c->schools[h].id, man, M,
                                       key, K);
        }
    }
    if (short_total > allowed + 1e-6)
        n += report(out,
                    _("rule group_dispatch: member schools short of their head school's dispatch "
                      "by %.0f (relaxed[] allows %.0f): %s"),
                    short_total, allowed, where);
    for (size_t i = 0; i < plan->n_moves; i++) {
        const rotas_move *mv = &plan->moves[i];
        int tagged = (mv->reasons & ROTAS_REASON_GROUP_DISPATCH) != 0;
        if (tagged && !counted[i])
            n += report(out,
                        _("move %zu (%s): reason group_dispatch, but it is not a manager or key "
                          "teacher of a weak subject sent by an education group's head school to a "
                          "member"),
                        i + 1,
                        mv->teacher >= 0 && (size_t)mv->teacher < nt ? c->teachers[mv->teacher].id
                                                                     : "?");
        else if (!tagged && counted[i])
            n += report(
                out, _("move %zu (%s): a group dispatch (集团派驻) without reason group_dispatch"),
                i + 1, c->teachers[mv->teacher].id);
    }
done:
    free(gap);
    free(weak);
    free(counted);
    return n;
}
