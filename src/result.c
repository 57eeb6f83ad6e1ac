/* result.c - plain-record helpers of results (rotas/result.h): status and rule names, frees. */
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/result.h"

static const char *const status_names[] = {N_("optimal"), N_("feasible"), N_("time_limit"),
                                           N_("infeasible")};

const char *rotas_status_name(rotas_status s)
{
    return (unsigned)s < sizeof status_names / sizeof status_names[0] ? status_names[s] : "?";
}

int rotas_status_parse(const char *s)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++)
        if (!strcmp(s, status_names[i]))
            return (int)i;
    return -1;
}

static const char *const rule_names[ROTAS_RULE_COUNT] = {
    [ROTAS_RULE_MIN_KEY_SHARE] = "min_key_share",
    [ROTAS_RULE_MIN_ROTATION_SHARE] = "min_rotation_share",
    [ROTAS_RULE_LEADER_TENURE] = "leader_tenure",
    [ROTAS_RULE_STAFF_QUOTA] = "staff_quota",
    [ROTAS_RULE_MAX_OUT_SHARE] = "max_out_share",
    [ROTAS_RULE_POSTS] = "posts",
    [ROTAS_RULE_GROUP_DISPATCH] = "group_dispatch"};

const char *rotas_rule_name(rotas_rule r)
{
    return (unsigned)r < ROTAS_RULE_COUNT ? rule_names[r] : "?";
}

int rotas_rule_parse(const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < ROTAS_RULE_COUNT; i++)
        if (!strcmp(s, rule_names[i]))
            return i;
    return -1;
}

void rotas_plan_free(rotas_plan *p)
{
    if (!p)
        return;
    free(p->moves);
    free(p->unfilled);
    free(p->relaxed);
    free(p->secondments);
    free(p->envy);
    free(p->source);
    free(p);
}

void rotas_timetable_free(rotas_timetable *t)
{
    if (!t)
        return;
    free(t->lessons);
    if (t->routes)
        for (size_t i = 0; i < t->n_routes; i++)
            free(t->routes[i].schools);
    free(t->routes);
    free(t->unscheduled);
    free(t->source);
    free(t);
}
