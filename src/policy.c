#include "rotas/policy.h"

void rotas_policy_default(rotas_policy *out)
{
    *out = (rotas_policy){
        .teacher_tenure_years = 6,
        .leader_tenure_years = 10,
        .min_rotation_share = 0.10,
        .min_key_share = 0.20,
        .key_share_base = ROTAS_KEY_SHARE_OF_MOVED,
        .exchange_term_years = 3,
        .max_out_share = 0.20,
        .max_km = -1.0,
        .default_max_periods = 16,
        .time_limit_seconds = 60.0,
        .mip_gap = 0.0,
        .candidate_schools = 25,
        .retirement_age_men = 60,
        .retirement_age_women = 55,
        .exempt_years_before_retirement = 0,
        .w_unfilled = 1000.0,
        .w_rural = 0.5,
        .w_hardship = 0.25,
        .w_balance = 20.0,
        .w_km = 0.2,
        .w_preference = 5.0,
        .w_group = 5.0,
        .w_move = 10.0,
        .max_schools_per_day = 2,
        .w_tt_unscheduled = 1000.0,
        .w_tt_change = 20.0,
        .w_tt_km = 1.0,
        .w_tt_school = 30.0,
        .w_tt_morning = 1.0,
    };
}
