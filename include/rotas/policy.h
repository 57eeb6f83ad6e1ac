/*
 * rotas/policy.h - rotas-policy/1: the rules and weights a plan or timetable is made under.
 *
 * Every default is national policy or the seeds' county rule (see README, "Policy"). A policy
 * file is a flat JSON object {"format": "rotas-policy/1", key: value, ...}; keys not given
 * keep their default; unknown keys are an error (a misspelt key must not be silently ignored).
 * Reading and writing policy JSON lives in rotas/json.h.
 */
#ifndef ROTAS_POLICY_H
#define ROTAS_POLICY_H

#define ROTAS_FORMAT_POLICY "rotas-policy/1"

typedef enum rotas_key_share_base {
    ROTAS_KEY_SHARE_OF_MOVED = 0, /* "moved": key teachers >= share x teachers moved (national) */
    ROTAS_KEY_SHARE_OF_ELIGIBLE /* "eligible": key teachers >= share x eligible (some provinces) */
} rotas_key_share_base;

typedef struct rotas_policy {
    /* rotation */
    int teacher_tenure_years;  /* 6: a teacher this long at one school is eligible */
    int leader_tenure_years;   /* 10: a principal/vice-principal this long in the post must move */
    double min_rotation_share; /* 0.10: moved eligible >= ceil(share x eligible) */
    double min_key_share;      /* 0.20: key teachers among the moved */
    int key_share_base;        /* rotas_key_share_base, "moved" */
    int exchange_term_years;   /* 3: an exchange lasts this long; until = Y + term - 1 */
    double max_out_share;      /* 0.20: a school loses at most max(1, floor(share x staff)) */
    double max_km;             /* < 0: no limit (JSON null) */
    int default_max_periods;   /* 16: weekly periods of a teacher without max_periods */
    double time_limit_seconds; /* 60: wall-clock budget of a solve */
    double mip_gap;            /* 0: relative gap at which the MIP stops */
    int candidate_schools;     /* 0 (auto): destinations kept per teacher (nearest useful
                                  ones): 25 up to 60 schools, else 6; every school in a small model */
    int retirement_age_men;    /* 60 */
    int retirement_age_women;  /* 55 */
    int exempt_years_before_retirement; /* 0: also freeze teachers this close to retirement */
    /* objective weights, rotation */
    double w_unfilled;   /* 1000 per unfilled period (x area/hardship factor) */
    double w_rural;      /* 0.5: extra weight factor for rural schools */
    double w_hardship;   /* 0.25: extra factor per hardship level */
    double w_balance;    /* 20: per unit of key-teacher spread between schools */
    double w_km;         /* 0.2 per km moved */
    double w_preference; /* 5 per rank step of a teacher's preference not honoured */
    double w_group;      /* 5 saved for a move inside the education group */
    double w_move;       /* 10 per move (no more moves than needed) */
    /* timetable */
    int max_schools_per_day; /* 2 */
    double w_tt_unscheduled; /* 1000 per unscheduled lesson */
    double w_tt_change;      /* 20 per school change of a teacher in a day */
    double w_tt_km;          /* 1 per km travelled */
    double w_tt_school;      /* 30 per extra school a teacher serves in the week */
    double w_tt_morning;     /* 1 per main-subject lesson in the afternoon */
    /* everyday constraints */
    int secondment_count;   /* 0: none; else choose this many (10-20) secondments */
    double w_prio_tenure;   /* 1 priority point per year at the current school */
    double w_prio_key;      /* 5 points for a key teacher (county level or above) */
    double w_prio_hardship; /* 2 points per year served in rural/hardship schools */
    double w_tt_keep;       /* 500 per lesson moved from the --from timetable */
    double w_keep;          /* 5000 per move changed from the --from plan */
    /* education groups (集团派驻): what each member school receives from its group's head */
    int group_managers_per_member; /* 0: managers (middle leaders or leaders) a member gets */
    int group_key_team_per_member; /* 0: key teachers of its weakest subjects a member gets */
} rotas_policy;

/* The national defaults. */
void rotas_policy_default(rotas_policy *out);

#endif
