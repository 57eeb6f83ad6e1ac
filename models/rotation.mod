/* rotation.mod - the yearly rotation model of `rotas plan` in GNU MathProg.
 *
 * This is the readable reference of the model src/plan.c builds through the C API (there,
 * interchangeable teachers share one integer column per destination; here every teacher has
 * its own binary column, which gives the same optimum). The data section is written for a
 * county by rotas__plan_write_dat (src/plan.c): the eligible teachers, their candidate
 * destinations after pruning, and the figures below, computed as the planner computes them.
 *
 *   glpsol -m models/rotation.mod -d county.dat -o solution.txt
 *
 * Units: a unit is (school, subject) for a subject taught inside the school, or (cluster,
 * subject) for a shortage subject pooled over the cluster (itinerant teaching).
 */

/* weights and rule figures */
param w_unfilled >= 0;        /* per weighted unfilled period */
param w_balance >= 0;         /* per key teacher away from the school's share */
param min_key_share >= 0;
param key_base_eligible binary; /* 1: key moved >= share x eligible; 0: x moved */
param quota_min >= 0 integer; /* ceil(min_rotation_share x eligible) */
param n_eligible >= 0 integer;

set S;                        /* schools */
set U;                        /* units (school or cluster, subject) */
set E;                        /* eligible teachers */

param has_students{S} binary;
param staff0{S} >= 0;         /* teachers before */
param room{S} >= 0;           /* max(staff0, staff_quota) - staff0 */
param outcap{S} >= 1;         /* max(1, floor(max_out_share x staff0)) */
param K0{S} >= 0;             /* key teachers (county level or above) before */
param T{S} >= 0;              /* key teachers the school would hold at the county rate */

param demand{U} >= 0;         /* weekly periods the unit's classes need */
param supply0{U} >= 0;        /* weekly periods its teachers give now */
param weight{U} >= 0;         /* demand-weighted 1 + w_rural [rural] + w_hardship hardship */

param home{E} symbolic in S;
param role{E} integer;        /* 0 teacher, 1 principal, 2 vice-principal */
param key{E} binary;
param must{E} binary;         /* a leader past the post-tenure line */
param elig{E} binary default 1; /* counts for the rotation share (0: moved by decision only) */
param decided{E} binary default 0; /* a move decision: its one arc is taken */

/* the bureau's decisions: together pairs, and receive_key (school, qualifying key teachers) */
set TOG within E cross E;
set RK;
param rk_school{RK} symbolic in S;
set RKT{RK} within E default {};

/* re-plan: w_keep per change from the previous plan; keep = 1 on the previous moves */
param w_keep >= 0 default 0;
param replan binary default 0;
param n_prev >= 0 integer default 0;

set A within E cross S;       /* candidate moves (teacher, destination) */
param cost{A};                /* w_km km + w_move + preference penalty - w_group [same group] */
param supply{E, S, U} default 0; /* periods a move (t, d) adds to (+) or takes from (-) unit u */
param keep{A} binary default 0;

var x{A} binary;
var prev_moves >= n_prev, <= n_prev; /* a constant (MathProg drops constants from objectives) */
var unfilled{U} >= 0;
var keydev{s in S: has_students[s]} >= 0;

minimize obj:
    w_unfilled * sum{u in U} weight[u] * unfilled[u]
  + w_balance * sum{s in S: has_students[s]} keydev[s]
  + sum{(t, d) in A} cost[t, d] * x[t, d]
  + replan * w_keep * (prev_moves + sum{(t, d) in A} (1 - 2 * keep[t, d]) * x[t, d]);

s.t. once{t in E: must[t] = 0 and decided[t] = 0}: sum{(t, d) in A} x[t, d] <= 1;
s.t. decision{t in E: decided[t] = 1}: sum{(t, d) in A} x[t, d] = 1;
s.t. together{(a, b) in TOG, d in S}:
    (if (a, d) in A then x[a, d] else 0) = (if (b, d) in A then x[b, d] else 0);
s.t. receive_key{r in RK}: sum{t in RKT[r]: (t, rk_school[r]) in A} x[t, rk_school[r]] >= 1;
s.t. must_move{t in E: must[t] = 1}: sum{(t, d) in A} x[t, d] = 1;

/* every school keeps its principals and vice-principals: leaders in = leaders out */
s.t. posts{s in S, r in 1..2}:
    sum{(t, s) in A: role[t] = r} x[t, s] - sum{(t, d) in A: home[t] = s and role[t] = r} x[t, d] = 0;

/* staff after <= max(staff before, staff quota) */
s.t. staff{s in S}:
    sum{(t, s) in A} x[t, s] - sum{(t, d) in A: home[t] = s} x[t, d] <= room[s];

/* no school loses more than max(1, floor(max_out_share x staff)) */
s.t. out{s in S}: sum{(t, d) in A: home[t] = s} x[t, d] <= outcap[s];

s.t. cover{u in U}:
    unfilled[u] + sum{(t, d) in A} supply[t, d, u] * x[t, d] >= demand[u] - supply0[u];

s.t. keyhi{s in S: has_students[s]}:
    keydev[s] >= K0[s] + sum{(t, s) in A: key[t] = 1} x[t, s]
               - sum{(t, d) in A: home[t] = s and key[t] = 1} x[t, d] - T[s];
s.t. keylo{s in S: has_students[s]}:
    keydev[s] >= T[s] - K0[s] - sum{(t, s) in A: key[t] = 1} x[t, s]
               + sum{(t, d) in A: home[t] = s and key[t] = 1} x[t, d];

s.t. rotation_share: sum{(t, d) in A: elig[t] = 1} x[t, d] >= quota_min;

s.t. key_share:
    sum{(t, d) in A: key[t] = 1} x[t, d]
    >= min_key_share * (if key_base_eligible = 1 then n_eligible else sum{(t, d) in A} x[t, d]);

solve;

printf "objective %.10g\n", obj;
printf{(t, d) in A: x[t, d] > 0.5} "move %s %s %s\n", t, home[t], d;

end;
