/* reference.mod - an independent reference model of the yearly rotation plan (rotas plan).
 *
 * Written from the rules in README.md ("Rotation plan") and docs/DESIGN ("Supply of teaching
 * periods"), not from src/plan/: one binary column per eligible teacher and destination (no
 * aggregation of interchangeable teachers, no pruning of destinations other than max_km), and
 * one flow column per teacher, place it may be at, school it may teach at and subject it
 * teaches. The data section comes from tests/ref/ref_dat.py.
 *
 *   python3 tests/ref/ref_dat.py county.json 2027 --policy policy.json -o county.dat
 *   glpsol -m tests/ref/reference.mod -d county.dat
 *
 * The objective has no constant term (unfilled periods and key deviations are variables), so
 * an exported LP (glpsol --check --wlp) gives the same optimum in any solver.
 */

/* ---- sets and figures ---- */
set S;                              /* schools */
set J;                              /* subjects */
set T;                              /* all teachers */
set E within T;                     /* eligible teachers: the only ones that may move */

param home{T} symbolic in S;        /* school before the plan */
param role{T} integer, >= 0, <= 2;  /* 0 teacher, 1 principal, 2 vice-principal */
param key{T} binary;                /* key teacher, county level or above */
param must{E} binary;               /* leader past the post-tenure line: moves exactly once */
param cap{T} >= 0;                  /* weekly periods the teacher can give */
set TJ within T cross J;            /* (t, j): j is one of t's subjects */

param shortage{J} binary;           /* shortage subject: taught anywhere in the cluster */
set NEAR within S cross S;          /* (a, s): s in the cluster of a, or s = a */
param D{S, J} >= 0, default 0;      /* weekly periods the classes of s need of j */
param fac{S} >= 0;                  /* 1 + w_rural [rural] + w_hardship hardship */

param has_students{S} binary;
param target{S} >= 0;               /* key teachers s would hold at the county's rate */
param staff0{S} >= 0, integer;      /* teachers before */
param staffmax{S} >= 0, integer;    /* max(staff before, staff_quota) */
param outcap{S} >= 0, integer;      /* max(1, floor(max_out_share staff)), raised for must leaders */

param quota_min >= 0, integer;      /* ceil(min_rotation_share x eligible) */
param key_base_eligible binary;     /* 1: key moved >= key_need; 0: >= min_key_share x moved */
param min_key_share >= 0;
param key_need >= 0, integer;       /* ceil(min_key_share x eligible) */

param w_unfilled >= 0;
param w_balance >= 0;

set A within E cross S;             /* (t, d): d is not t's school (and within max_km) */
param cost{A};                      /* w_km km + w_move + preference - w_group [same group] */

check{(t, d) in A}: d != home[t];

/* evaluation of a given plan: with fixed = 1 the moves are exactly FIX (the rest of the model,
   the supply of periods and the key balance, is still optimised over) */
param fixed binary, default 0;
set FIX within A, default {(t, d) in A: 0 = 1};

/* places a teacher may be at after the plan */
set P := setof{t in T} (t, home[t]) union A;

/* (t, d, s, j): t, at d, teaches j at s */
set F := setof{(t, d) in P, (t, j) in TJ, s in S:
               D[s, j] > 0 and
               (shortage[j] = 1 and (d, s) in NEAR or shortage[j] = 0 and s = d)}
         (t, d, s, j);

/* ---- variables ---- */
var x{A} binary;                    /* t moves to d */
var f{F} >= 0;                      /* periods */
var unfilled{S, J} >= 0;
var dev{s in S: has_students[s] = 1} >= 0;

/* 1 when t is at d after the plan */
var at{(t, d) in P} >= 0, <= 1;
s.t. at_def{(t, d) in P}:
    at[t, d] = (if d = home[t] then
                   (if t in E then 1 - sum{(t, e) in A} x[t, e] else 1)
                else x[t, d]);

/* ---- rules ---- */
s.t. once{t in E: must[t] = 0}: sum{(t, d) in A} x[t, d] <= 1;
s.t. must_move{t in E: must[t] = 1}: sum{(t, d) in A} x[t, d] = 1;

s.t. posts{s in S, r in 1..2}:
    sum{(t, s) in A: role[t] = r} x[t, s] = sum{(t, d) in A: home[t] = s and role[t] = r} x[t, d];

s.t. staffing{s in S}:
    staff0[s] + sum{(t, s) in A} x[t, s] - sum{(t, d) in A: home[t] = s} x[t, d] <= staffmax[s];

s.t. outflow{s in S}: sum{(t, d) in A: home[t] = s} x[t, d] <= outcap[s];

s.t. rotation: sum{(t, d) in A} x[t, d] >= quota_min;

s.t. key_share:
    sum{(t, d) in A: key[t] = 1} x[t, d] >=
        (if key_base_eligible = 1 then key_need else min_key_share * sum{(t, d) in A} x[t, d]);

s.t. fix_plan{(t, d) in A: fixed = 1}: x[t, d] = (if (t, d) in FIX then 1 else 0);

/* ---- supply of periods ---- */
s.t. capacity{(t, d) in P}: sum{(t, d, s, j) in F} f[t, d, s, j] <= cap[t] * at[t, d];

s.t. cover{s in S, j in J}: sum{(t, d, s, j) in F} f[t, d, s, j] + unfilled[s, j] = D[s, j];

/* ---- key balance ---- */
var K{S};                           /* key teachers at s after the plan */
s.t. K_def{s in S}:
    K[s] = sum{t in T: key[t] = 1 and home[t] = s} 1
         + sum{(t, s) in A: key[t] = 1} x[t, s]
         - sum{(t, d) in A: key[t] = 1 and home[t] = s} x[t, d];
s.t. dev_up{s in S: has_students[s] = 1}: dev[s] >= K[s] - target[s];
s.t. dev_dn{s in S: has_students[s] = 1}: dev[s] >= target[s] - K[s];

minimize obj:
    w_unfilled * sum{s in S, j in J} fac[s] * unfilled[s, j]
  + w_balance * sum{s in S: has_students[s] = 1} dev[s]
  + sum{(t, d) in A} cost[t, d] * x[t, d];

solve;

printf "REF objective %.9f\n",
    w_unfilled * sum{s in S, j in J} fac[s] * unfilled[s, j]
  + w_balance * sum{s in S: has_students[s] = 1} dev[s]
  + sum{(t, d) in A} cost[t, d] * x[t, d];
printf "REF unfilled %.6f\n", sum{s in S, j in J} unfilled[s, j];
printf "REF weighted_unfilled %.6f\n", sum{s in S, j in J} fac[s] * unfilled[s, j];
printf "REF deviation %.6f\n", sum{s in S: has_students[s] = 1} dev[s];
printf "REF moves %d\n", sum{(t, d) in A} x[t, d];
printf{(t, d) in A: x[t, d] > 0.5} "REF move %s %s %s\n", t, home[t], d;
printf{s in S, j in J: unfilled[s, j] > 1e-6} "REF unfilled_at %s %s %.6f\n", s, j, unfilled[s, j];

end;
