/*
 * plan_int.h - the yearly rotation planner (rotas plan): what the files of src/plan/ share,
 * and the internals its tests use (private).
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
 * Greedy start (start.c): leader rings, the bureau's decisions, then the best single move again
 * and again while the key and rotation shares ask for moves and while moves pay, then a local
 * search (take back, send elsewhere, add, pairs through a full school). A move is weighed by
 * its exact change of the objective: poolflow.c keeps each pool's weighted maximum flow and
 * recomputes only the pools a move touches (a lazy greedy over a heap of candidate moves).
 * Past its deadline (60% of what is left) the greedy stops adding moves that only pay and
 * weighs the moves the rules still ask for by the even split of each teacher's periods.
 *
 * Solve: the greedy's plan, its flows completed (one small LP per pool), is improved by fix
 * and optimize (lns_improve): a neighbourhood (a region of schools linked by move columns, or
 * the moves of one short subject within a wider region) is freed, every other move fixed, and
 * the restriction solved as its own small MIP (rotas__lp_solve_restricted: the free moves, the
 * flows and unfilled periods next to them; a neighbourhood starts at 150 free moves and its
 * size adapts to how fast its MIP is proven; each step gets about a second per minute of the
 * budget; when no step improves for a while, twice as large neighbourhoods with three times the
 * time, twice, then it stops; it stops at once at a plan that reaches the best bound known). Where
 * the LP relaxation would take more than 15% of what is left (estimated from the model's size),
 * that comes first, for a quarter of the budget. Then the LP relaxation (primal simplex, from a
 * primal feasible basis: the model with the first plan's moves fixed), a restricted MIP over the
 * move columns it uses (a first plan in the spirit of RINS, for a twentieth of what is left);
 * without a plan, a feasibility-only branch and bound, then a dive; fix and optimize again for nine
 * tenths of what is left; the greedy's local search from that plan (polish); then GLPK's branch
 * and cut (MIR, cover, clique cuts) from the best plan,
 * for the bound and what it can still find. Where the LP relaxation would not be solved within half
 * of the budget (estimated from the model's size; 400 schools and more at a minute), fix and
 * optimize takes the whole budget but a last tenth for the polish, and the bound is the
 * county-as-one-pool bound (the county's
 * teachers anywhere, each subject's unfilled periods at the cheapest school that needs it). Every
 * solution is completed (its flows by an LP with the moves fixed) and checked row by row before
 * use; a GLPK failure is retried with the other simplex.
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
#ifndef ROTAS_PLAN_INT_H
#define ROTAS_PLAN_INT_H

#include "lp_int.h"
#include "rotas/plan.h"

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
    R_GROUP = ROTAS_RULE_GROUP_DISPATCH,
    R_COUNT = ROTAS_RULE_COUNT
};

typedef struct grp {
    int school, role, key, must, n;
    int first;  /* members[first .. first + n) */
    double per; /* periods of each subject a member supplies */
    int rep;    /* representative teacher */
    int *cand;  /* candidate destinations */
    int n_cand, cap_cand;
    int *start;  /* greedy moves per candidate (parallel to cand) */
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
    double lp_bound;       /* the LP relaxation's optimum (a bound on the model), NAN unknown */
    double *xlp;           /* the LP relaxation's move columns (n_arcs values), NULL unknown */
    int out_raised;        /* must leaders beyond the outflow cap, summed over schools */
    int out_raised_school; /* a school where it happened (for the message), -1 if none */
    int conflict;          /* the greedy proved the hard rules in conflict */
    double key_rate;       /* key teachers per 100 students, county */
    grp *g;
    int ng;
    int *members;
    /* LP */
    rotas_lp *lp;
    int *arc_off; /* per group: index of its first arc column (cols are arcs) */
    int n_arcs;
    double *obj; /* objective coefficient per column */
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
    int *dec_to;         /* per teacher: destination of a move decision, else -1 */
    int *partner;        /* per teacher: the other teacher of a together decision, else -1 */
    int *prev_to;        /* per teacher: destination in the previous plan, else -1 */
    unsigned char *solo; /* per teacher: its own group of one (decision or previous move) */
    int *tg;             /* per teacher: group index, -1 if none */
    int have_prev, n_prev;
    int dec_bad; /* a decision row has no column: no plan can carry it out */
    /* exact supply (see "Supply" above) */
    int *tset; /* per teacher: index of its subject set, -1 when it teaches nothing */
    int nsets;
    int *set_off; /* set k's subjects: set_sub[set_off[k] .. set_off[k + 1]) */
    int *set_sub;
    int *tcap;              /* per teacher: weekly capacity */
    int *ucol_sj;           /* per (school, subject): its unfilled column, -1 when none */
    double *ufix_sj;        /* per (school, subject): unfilled periods no move can change */
    double *u0_sj;          /* per (school, subject): true unfilled before the plan (max flow) */
    double deadline;        /* the run's wall-clock deadline (now_s() scale) */
    double t_complete;      /* seconds the last complete() took */
    int *near;              /* per school: every school by km from it, nearest first (ns x ns) */
    unsigned char *weak_sj; /* per (member school, subject): one of its weakest subjects
                               (group dispatch, groups.c); NULL when the rule is off */
    int verbose;
    int greedy_force;  /* the relaxed stage: the greedy carries out a receive_key decision even
                          where no school has room (staff_quota gives) */
    int greedy_forced; /* it did so, or let a school lose more than it may: its plan's slack is
                          then no measure of how far the rules must give */
    double gf_est;     /* seconds of the longest greedy from a plan so far (solve.c greedy_from);
                          before the first, 0.5 ms a school (measured: 0.29 s at 120 schools,
                          0.4 s at 400, about 1 s at 2,000, mostly its fixed cost) */
} model;

/* Penalty multiplier of each rule's slack (planner only; rows.c). */
extern const double rotas__plan_rule_mult[R_COUNT];

/* model.c */
double rotas__plan_now_s(void);
int rotas__plan_unit_of(const model *m, int s, int j);
int rotas__plan_is_leader(int role);
int rotas__plan_cmp_int(int a, int b);
void rotas__plan_model_free(model *m);
void rotas__plan_lp_reset(model *m);
const char *rotas__plan_tname(const rotas_county *c, int t);
rotas_rc rotas__plan_model_init(model *m, const rotas_county *c, const rotas_policy *p, int Y,
                                const rotas_plan *prev, rotas_error *err);
int rotas__plan_add_cand(grp *g, int d);
int rotas__plan_within_km(const model *m, int a, int b);
int rotas__plan_cand_index(const grp *g, int d);
rotas_rc rotas__plan_make_candidates(model *m, int wide, rotas_error *err);
double rotas__plan_move_cost(const model *m, const grp *g, int d);
double rotas__plan_keep_cost(const model *m, const grp *g, int d);
double rotas__plan_arc_cost(const model *m, const grp *g, int d);

/* start.c */
int rotas__plan_rk_qualifies(const model *m, const grp *g, const rotas_decision *dc);
int rotas__plan_greedy(model *m, double deadline, const double *xl);

/* rows.c */
const char *rotas__plan_sid(const model *m, int s);
rotas_rc rotas__plan_build(model *m, int relaxed, rotas_error *err);
/* The county-as-one-pool bound (no LP of the model) of the strict model for c (tests). */
rotas_rc rotas__plan_county_bound(const rotas_county *c, const rotas_policy *p,
                                  const rotas_plan_options *opt, double *out, rotas_error *err);

/* rows.c, for the row families of other files: a row over cols/vals (not added when n is 0;
   0 ok, -1 failed with err set) and a slack column of a rule (the relaxed model; pen is the
   penalty unit, the column's index or -1) */
int rotas__plan_add_row(model *m, rotas_error *err, double lo, double hi, size_t n, const int *cols,
                        const double *vals, int fix_lo, int fix_hi, const char *name);
int rotas__plan_slack_col(model *m, rotas_error *err, double pen, int rule, const char *name);

/* groups.c: education-group dispatch (rule group_dispatch) */
int rotas__plan_dispatch_on(const model *m);
int rotas__plan_is_manager(const rotas_teacher *t);
int rotas__plan_dispatch_head(const model *m, int s);
rotas_rc rotas__plan_groups_init(model *m, rotas_error *err);
unsigned rotas__plan_dispatch_kind_t(const model *m, int t, int d);
unsigned rotas__plan_dispatch_kind(const model *m, const grp *g, int d);
int rotas__plan_dispatch_candidates(model *m);
void rotas__plan_dispatch_count(const model *m, int d, int out[3]);
int rotas__plan_dispatch_met(const model *m);
rotas_rc rotas__plan_rows_groups(model *m, int relaxed, double pen, rotas_error *err);

/* solve.c */
int rotas__plan_is_int_col(const model *m, size_t j);
int rotas__plan_complete(model *m, double *x);
rotas_rc rotas__plan_plan_year(const rotas_county *c, const rotas_plan_options *opt, int *Y,
                               rotas_error *err);

/* decode.c */
int rotas__plan_find_rank(const rotas_teacher *t, int d);
double rotas__plan_priority_of(const model *m, int t);
rotas_rc rotas__plan_decode(const model *m, const double *xv, rotas_plan *plan, rotas_error *err);
rotas_rc rotas__plan_describe(const model *m, const double *x, rotas_plan *plan, rotas_error *err);

/* fairness.c */
int rotas__plan_refresh_x(model *m, double *x);
rotas_rc rotas__plan_fairness(model *m, double *x, rotas_plan *plan, rotas_error *err);

/* secondments.c */
rotas_rc rotas__plan_secondments(const model *m, rotas_plan *plan, rotas_error *err);

/*
 * Write a GNU MathProg data section for models/rotation.mod: the same parameters and the same
 * candidate arcs (teacher, destination) as the hard model rotas_plan_make would build first
 * for this county, policy and options, teacher by teacher (no aggregation). The objective of
 * `glpsol -m models/rotation.mod -d path` equals the planner's optimal objective.
 */
rotas_rc rotas__plan_write_dat(const rotas_county *c, const rotas_policy *p,
                               const rotas_plan_options *opt, const char *path, rotas_error *err);

#endif
