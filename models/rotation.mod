/* rotation.mod - the yearly rotation model of `rotas plan` in GNU MathProg.
 *
 * This is the readable reference of the model src/plan/ builds through the C API. As there,
 * interchangeable teachers (same school, role, key-ness, must status, capacity, subjects and
 * preferences) are one entry of size n with one integer column per destination. The C model
 * lets teaching periods flow from teacher types (a place and a subject set); here every entry
 * has its own flows, which gives the same optimum. The rounding rows below are valid cuts,
 * as in the C model; they only help glpsol, which adds no cuts of its own by default. The
 * data section is written for a county by rotas__plan_write_dat (src/plan/dat.c): every teacher,
 * the eligible ones' candidate destinations after pruning, and the figures below, computed as
 * the planner computes them.
 *
 *   glpsol -m models/rotation.mod -d county.dat -o solution.txt
 *
 * Exact supply: a teacher, at its school a after the plan (its own school, or the destination
 * of its move), gives up to its capacity (max_periods, or the policy's default_max_periods) in
 * weekly periods, split over its subjects in any way. A non-shortage subject is taught at a
 * only: demand node (a, subject). A shortage subject is taught anywhere in a's pool (its
 * cluster, or a itself when it has none; itinerant teaching): node (pool, subject). Every
 * teacher counts, frozen and ineligible ones too. unfilled(s, j) <= demand(s, j) closes each
 * node's cover row and costs w_unfilled x the school's factor 1 + w_rural [rural] +
 * w_hardship hardship per period; with the moves fixed, the rest is a transportation problem
 * whose optimum leaves exactly the maximum flow's shortage, where it costs least.
 */

/* weights and rule figures */
param w_unfilled >= 0;        /* per weighted unfilled period */
param w_balance >= 0;         /* per key teacher away from the school's share */
param min_key_share >= 0;
param key_base_eligible binary; /* 1: key moved >= share x eligible; 0: x moved */
param quota_min >= 0 integer; /* ceil(min_rotation_share x eligible) */
param n_eligible >= 0 integer;

set S;                        /* schools */
set TA;                       /* every teacher, interchangeable ones as one entry */
set E within TA;              /* eligible teachers (and those a move decision moves) */
param size{TA} integer >= 1 default 1; /* teachers of the entry */

param has_students{S} binary;
param staff0{S} >= 0;         /* teachers before */
param room{S} >= 0;           /* max(staff0, staff_quota) - staff0 */
param outcap{S} >= 1;         /* max(1, floor(max_out_share x staff0)) */
param K0{S} >= 0;             /* key teachers (county level or above) before */
param T{S} >= 0;              /* key teachers the school would hold at the county rate */
param fac{S} >= 0;            /* 1 + w_rural [rural] + w_hardship hardship */

/* subjects, pools and demand */
set J;                        /* subjects */
param shortage{J} binary;     /* 1: taught anywhere in the pool (itinerant teaching) */
param pool{S} symbolic;       /* the school's cluster, or the school itself without one */
param demand{S, J} >= 0 default 0; /* weekly periods the school's classes need */

/* the place of the demand node a teacher at school a serves subject j in */
param np{a in S, j in J} symbolic := if shortage[j] = 1 then pool[a] else a;
set N := setof{s in S, j in J: demand[s, j] > 0} (np[s, j], j); /* demand nodes */
param node_demand{(n, j) in N} := sum{s in S: np[s, j] = n} demand[s, j];

/* every teacher (fixed ones too) */
param home{TA} symbolic in S;
param cap{TA} >= 0;           /* weekly periods: max_periods or default_max_periods */
set SUBJ{TA} within J default {}; /* its subjects */

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

/* education-group dispatch (集团派驻, src/plan/groups.c): the member schools of groups with a
   head school, the policy's team sizes, and per member the head's entries that count as
   managers (middle leaders, principals, vice-principals) and as key teachers of the member's
   weakest subjects */
param g_managers >= 0 integer default 0; /* group_managers_per_member */
param g_key_team >= 0 integer default 0; /* group_key_team_per_member */
set GM default {};
set MAN{GM} default {};
set KT{GM} default {};

set A within E cross S;       /* candidate moves (teacher, destination) */
param cost{A};                /* w_km km + w_move + preference penalty - w_group [same group] */
param keep{A} binary default 0;

/* the schools a teacher may be at after the plan: its own and its candidate destinations */
set L{t in TA} := {home[t]} union setof{(t, d) in A} d;

var x{(t, d) in A} integer >= 0, <= size[t];
var prev_moves >= n_prev, <= n_prev; /* a constant (MathProg drops constants from objectives) */
var f{t in TA, a in L[t], j in SUBJ[t]: (np[a, j], j) in N} >= 0; /* periods t gives j at a */
var unfilled{s in S, j in J: demand[s, j] > 0} >= 0, <= demand[s, j];
var keydev{s in S: has_students[s]} >= 0;

minimize obj:
    w_unfilled * sum{s in S, j in J: demand[s, j] > 0} fac[s] * unfilled[s, j]
  + w_balance * sum{s in S: has_students[s]} keydev[s]
  + sum{(t, d) in A} cost[t, d] * x[t, d]
  + replan * w_keep * (prev_moves + sum{(t, d) in A} (1 - 2 * keep[t, d]) * x[t, d]);

s.t. once{t in E: must[t] = 0 and decided[t] = 0}: sum{(t, d) in A} x[t, d] <= size[t];
s.t. decision{t in E: decided[t] = 1}: sum{(t, d) in A} x[t, d] = size[t];
s.t. together{(a, b) in TOG, d in S}:
    (if (a, d) in A then x[a, d] else 0) = (if (b, d) in A then x[b, d] else 0);
s.t. receive_key{r in RK}: sum{t in RKT[r]: (t, rk_school[r]) in A} x[t, rk_school[r]] >= 1;
s.t. must_move{t in E: must[t] = 1 and decided[t] = 0}: sum{(t, d) in A} x[t, d] = size[t];

/* every school keeps its principals and vice-principals: leaders in = leaders out */
s.t. posts{s in S, r in 1..2}:
    sum{(t, s) in A: role[t] = r} x[t, s] - sum{(t, d) in A: home[t] = s and role[t] = r} x[t, d] = 0;

/* staff after <= max(staff before, staff quota) */
s.t. staff{s in S}:
    sum{(t, s) in A} x[t, s] - sum{(t, d) in A: home[t] = s} x[t, d] <= room[s];

/* no school loses more than max(1, floor(max_out_share x staff)) */
s.t. out{s in S}: sum{(t, d) in A: home[t] = s} x[t, d] <= outcap[s];

/* exact supply: a teacher gives its capacity only where it is after the plan ... */
s.t. capacity{t in TA, a in L[t]}:
    sum{j in SUBJ[t]: (np[a, j], j) in N} f[t, a, j]
    <= cap[t] * ((if a = home[t] then size[t] - sum{(t, d) in A} x[t, d] else 0)
                 + (if (t, a) in A then x[t, a] else 0));

/* ... and each demand node is covered by the flows into it or left unfilled */
s.t. cover{(n, j) in N}:
    sum{s in S: np[s, j] = n and demand[s, j] > 0} unfilled[s, j]
  + sum{t in TA, a in L[t]: j in SUBJ[t] and np[a, j] = n} f[t, a, j] >= node_demand[n, j];

/* Rounding cuts (the C model's round rows; valid, they only speed the search up). All the
   capacity that can reach node (n, j) could go to j, so
     sum unfilled + sum_{(t, d) in A} acc x >= node_demand - c0,
   acc = cap x (1 if t's move brings it into the node, -1 if it takes it out, else 0), c0 the
   capacity there now; with q the largest |acc|, b = (node_demand - c0) / q, rf = frac(b), its
   mixed-integer rounding is
     sum unfilled + sum q (rf floor(acc / q) + min(frac(acc / q), rf)) x >= q rf ceil(b). */
param c0{(n, j) in N} := sum{t in TA: j in SUBJ[t] and np[home[t], j] = n} size[t] * cap[t];
param acc{(n, j) in N, (t, d) in A} :=
    if j in SUBJ[t] then cap[t] * ((if np[d, j] = n then 1 else 0)
                                   - (if np[home[t], j] = n then 1 else 0)) else 0;
set NR := setof{(n, j) in N, (t, d) in A: acc[n, j, t, d] != 0} (n, j);
param q{(n, j) in NR} := max{(t, d) in A} abs(acc[n, j, t, d]);
param rb{(n, j) in NR} := (node_demand[n, j] - c0[n, j]) / q[n, j];
param rf{(n, j) in NR} := rb[n, j] - floor(rb[n, j]);
s.t. rounding{(n, j) in NR: rf[n, j] > 1e-6 and rf[n, j] < 1 - 1e-6}:
    sum{s in S: np[s, j] = n and demand[s, j] > 0} unfilled[s, j]
  + sum{(t, d) in A: acc[n, j, t, d] != 0}
        q[n, j] * (rf[n, j] * floor(acc[n, j, t, d] / q[n, j])
                   + min(acc[n, j, t, d] / q[n, j] - floor(acc[n, j, t, d] / q[n, j]), rf[n, j]))
        * x[t, d]
    >= q[n, j] * rf[n, j] * (floor(rb[n, j]) + 1);

s.t. keyhi{s in S: has_students[s]}:
    keydev[s] >= K0[s] + sum{(t, s) in A: key[t] = 1} x[t, s]
               - sum{(t, d) in A: home[t] = s and key[t] = 1} x[t, d] - T[s];
s.t. keylo{s in S: has_students[s]}:
    keydev[s] >= T[s] - K0[s] - sum{(t, s) in A: key[t] = 1} x[t, s]
               + sum{(t, d) in A: home[t] = s and key[t] = 1} x[t, d];

s.t. rotation_share: sum{(t, d) in A: elig[t] = 1} x[t, d] >= quota_min;

/* each member receives g_managers managers and g_key_team key teachers from its head school,
   distinct people (the third row, with both teams asked for) */
s.t. group_managers{s in GM: g_managers > 0}:
    sum{t in MAN[s]: (t, s) in A} x[t, s] >= g_managers;
s.t. group_key_team{s in GM: g_key_team > 0}:
    sum{t in KT[s]: (t, s) in A} x[t, s] >= g_key_team;
s.t. group_dispatch{s in GM: g_managers > 0 and g_key_team > 0}:
    sum{t in MAN[s] union KT[s]: (t, s) in A} x[t, s] >= g_managers + g_key_team;

s.t. key_share:
    sum{(t, d) in A: key[t] = 1} x[t, d]
    >= min_key_share * (if key_base_eligible = 1 then n_eligible else sum{(t, d) in A} x[t, d]);

solve;

printf "objective %.10g\n", obj;
printf{(t, d) in A: x[t, d] > 0.5} "move %s %s %s\n", t, home[t], d;

end;
