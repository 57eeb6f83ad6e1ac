/*
 * rotas/result.h - the results as plain records: the status of a solve, the yearly rotation
 * plan (rotas-plan/1) and one cluster's weekly timetable (rotas-timetable/1), the rules a plan
 * may relax, and the functions that free them.
 *
 * The planners make these records (rotas/plan.h, rotas/timetable.h); the JSON reader and writer
 * (rotas/json.h), the independent checker (rotas/check.h) and the renderers (rotas/render.h)
 * read them and need nothing of the planners.
 */
#ifndef ROTAS_RESULT_H
#define ROTAS_RESULT_H

#include <stddef.h>

#include "rotas/policy.h"

typedef enum rotas_status {
    ROTAS_STATUS_OPTIMAL = 0, /* "optimal": proven within mip_gap */
    ROTAS_STATUS_FEASIBLE,    /* "feasible": rules relaxed (see relaxed[]) or not proven */
    ROTAS_STATUS_TIME_LIMIT,  /* "time_limit": best found when the budget ran out */
    ROTAS_STATUS_INFEASIBLE   /* "infeasible": the data admit no plan */
} rotas_status;

/* The JSON name of a status ("optimal", ...); "?" for a value out of range. Static string. */
const char *rotas_status_name(rotas_status s);
/* The status named s (a rotas_status value), or -1 for NULL or an unknown name. */
int rotas_status_parse(const char *s);

/* ---- the rotation plan ---- */

#define ROTAS_FORMAT_PLAN "rotas-plan/1"

/* Why a teacher moves; a move carries a bit set of these. */
enum {
    ROTAS_REASON_LEADER_TENURE = 1u << 0, /* "leader_tenure": leader past the post-tenure line */
    ROTAS_REASON_SHORTAGE = 1u << 1,      /* "shortage:<subject>": fills periods at the target */
    ROTAS_REASON_QUOTA = 1u << 2,         /* "rotation_share": needed for the 10% share */
    ROTAS_REASON_KEY_SHARE = 1u << 3,     /* "key_share": needed for the key-teacher share */
    ROTAS_REASON_BALANCE = 1u << 4,       /* "balance": evens out key teachers between schools */
    ROTAS_REASON_PREFERENCE = 1u << 5,    /* "preference:<rank>": the teacher asked for it */
    ROTAS_REASON_GROUP = 1u << 6,         /* "group": inside the education group */
    ROTAS_REASON_TENURE = 1u << 7,        /* "tenure": eligible by years at the school */
    ROTAS_REASON_GROUP_DISPATCH = 1u << 8 /* "group_dispatch": sent by the education group's
                                             head school to a member (集团派驻) */
};

typedef struct rotas_move {
    int teacher;
    int from, to;         /* school indexes */
    unsigned reasons;     /* ROTAS_REASON_* bits */
    int shortage_subject; /* subject index the move fills, -1 if none */
    int preference_rank;  /* 1-based rank of `to` in the teacher's preferences, 0 if none */
    double km;
    int until;       /* last year of the exchange */
    double priority; /* the teacher's priority score (积分), see rotas_policy w_prio_* */
} rotas_move;

/* A one-year secondment (跟岗挂职): a county-town middle leader serves as teaching
   vice-principal at a township school. Listed apart from the moves; not a post change. */
typedef struct rotas_secondment {
    int teacher;
    int from, to;
    double km;
    int until; /* the plan year: one-year term */
} rotas_secondment;

/* A case of justified envy left in the plan: `teacher` (higher priority) was sent to a school
   it ranks lower than `school`, which went to the lower-priority `other`. */
typedef struct rotas_envy {
    int teacher, other, school;
    char why[200]; /* the rule that forced it, in plain words */
} rotas_envy;

typedef struct rotas_unfilled {
    int school, subject;
    double periods;
} rotas_unfilled;

/* Balance indicators per 100 students (教督〔2017〕6号) for a set of schools. */
enum { ROTAS_IND_DEGREE = 0, ROTAS_IND_KEY, ROTAS_IND_PE_ARTS, ROTAS_IND_COUNT };
typedef struct rotas_indicator_row {
    double mean[ROTAS_IND_COUNT]; /* student-weighted mean per 100 students */
    double cv[ROTAS_IND_COUNT];   /* student-weighted coefficient of variation */
    int n_schools;
    long students;
} rotas_indicator_row;
typedef struct rotas_indicators {
    rotas_indicator_row primary, junior, county;
} rotas_indicators;

/* The rules a plan may relax, one name table for the planner, the checker and the JSON reader.
   Named after their policy keys; the planner lists relaxed rules in this order. */
typedef enum rotas_rule {
    ROTAS_RULE_MIN_KEY_SHARE = 0,  /* "min_key_share": key teachers among those who move */
    ROTAS_RULE_MIN_ROTATION_SHARE, /* "min_rotation_share": the yearly share of the eligible */
    ROTAS_RULE_LEADER_TENURE,      /* "leader_tenure": leaders past the post line move */
    ROTAS_RULE_STAFF_QUOTA,        /* "staff_quota": no school above its quota by arrivals */
    ROTAS_RULE_MAX_OUT_SHARE,      /* "max_out_share": what a school may lose in a year */
    ROTAS_RULE_POSTS,              /* "posts": a leader who leaves is replaced in the role */
    ROTAS_RULE_GROUP_DISPATCH,     /* "group_dispatch": managers and key teachers from the
                                      education group's head school to each member */
    ROTAS_RULE_COUNT
} rotas_rule;

/* The name of a rule ("min_key_share", ...); "?" for a value out of range. Static string. */
const char *rotas_rule_name(rotas_rule r);
/* The rule named s (a rotas_rule value), or -1 for NULL or an unknown name. */
int rotas_rule_parse(const char *s);

typedef struct rotas_relaxed {
    char rule[32]; /* the name of a rotas_rule (rotas_rule_name) */
    double amount; /* how far it gave (teachers) */
    char detail[160];
} rotas_relaxed;

typedef struct rotas_plan {
    int year;
    rotas_status status;
    double objective, bound, gap, seconds;
    rotas_move *moves;
    size_t n_moves;
    rotas_unfilled *unfilled;
    size_t n_unfilled;
    rotas_indicators before, after;
    rotas_relaxed *relaxed;
    size_t n_relaxed;
    rotas_policy policy;
    /* figures for the summary */
    int n_eligible, n_must, n_frozen, n_key_moved;
    double unfilled_before, unfilled_after; /* weekly periods */
    double km_total;
    size_t n_estimated_pairs; /* travel pairs that used the fallback */
    char *source; /* owned, may be NULL: the county path the plan was made from (JSON "county") */
    /* Everyday constraints: */
    rotas_secondment *secondments; /* owned */
    size_t n_secondments;
    int preference_got[4]; /* among moved teachers with preferences: [1..3] got their first,
                              second, third choice; [0] none of them */
    rotas_envy *envy;      /* owned */
    size_t n_envy;
    int n_changed; /* re-plan (--from): moves that differ from the previous plan, else -1 */
} rotas_plan;

/* Free a plan and everything it owns. NULL-safe. */
void rotas_plan_free(rotas_plan *p);

/* ---- the cluster timetable ---- */

#define ROTAS_FORMAT_TIMETABLE "rotas-timetable/1"

typedef struct rotas_lesson {
    int school, klass, subject, teacher; /* klass: global class index */
    int day;                             /* 0..4 (JSON: 1..5) */
    int period;                          /* 0-based index into the school's bell (JSON: 1-based) */
    /* 1 + index into the school's rooms[] (JSON "room": the room's id); 0: the class's own
       room (no "room" in the file). One-based so that a zeroed lesson has no room. */
    int room;
} rotas_lesson;

typedef struct rotas_route {
    int teacher, day;
    int *schools; /* visiting order */
    size_t n_schools;
    double km, minutes;
} rotas_route;

typedef struct rotas_unscheduled {
    int klass, subject;
    int periods;
} rotas_unscheduled;

typedef struct rotas_timetable {
    int cluster;
    rotas_status status;
    int days, periods; /* periods: the largest bell of the cluster */
    rotas_lesson *lessons;
    size_t n_lessons;
    rotas_route *routes;
    size_t n_routes;
    rotas_unscheduled *unscheduled;
    size_t n_unscheduled;
    int capacity_bound; /* fewest lessons that must stay unscheduled (max-flow, time ignored) */
    /* bound: a lower bound on the objective over the timetables that keep every lesson's
       teacher (the teachers as chosen; the exported model's problem); travel_bound is its part
       for changes, km and extra schools (a relaxation per itinerant teacher, GLPK), NAN when
       not computed (a timetable read from a file without it) */
    double objective, bound, gap, seconds, travel_bound;
    int school_changes; /* sum over teacher-days of (schools visited - 1) */
    double km;          /* itinerant km in the week */
    rotas_policy policy;
    char *source; /* owned, may be NULL: the county path it was made from (JSON "county") */
    /* Re-plan (--from): lessons kept where they were, and lessons moved or dropped; -1 when
       the timetable was made afresh. */
    int kept_lessons, moved_lessons;
} rotas_timetable;

/* Free a timetable and everything it owns. NULL-safe. */
void rotas_timetable_free(rotas_timetable *t);

#endif
