/* timetable.mod - the placement MIP of a cluster timetable (rotas timetable), teachers fixed.
 *
 * The reference for src/timetable/mip.c: the same variables, rows and objective. A group g is one
 * (class, subject, teacher) with n[g] weekly lessons to place; the teacher of every lesson was
 * chosen before (rotas assigns teachers with a greedy pass and a max-flow). Solve with
 *     glpsol -m models/timetable.mod -d cluster.dat
 * The data file is written by rotas__tt_write_dat (src/timetable/mip_dat.c), used by
 * tests/test_timetable.c.
 *
 * Everyday constraints. The data carry them as the county states them (clock times, periods,
 * rule flags) and the model derives the slot rules itself:
 *  - a teacher's unavailable clock times close every period of a bell they overlap (tav);
 *  - a class's unavailable periods, not_first_period and not_after_lunch (the first period
 *    starting at 12:00 or later) close a slot to a demand (dok);
 *  - before_period N: a lesson after period N costs w_m; without the rule, chinese and maths
 *    cost w_m in a period starting at 12:00 or later (late);
 *  - max_days: a teacher's days with lessons (w) are at most maxd;
 *  - fixed lessons (FX) are not variables: they occupy their class, teacher and day as
 *    constants in the rows, and force y (the teacher is at that school that day);
 *  - re-plan: an x in an earlier lesson's slot (H) saves w_k;
 *  - rooms (R): the lessons of the demands of a pool in one slot, fixed ones included, are at
 *    most its capacity (a computer room 1, a small playground 2).
 * The C builder drops the slots that a fixed lesson rules out instead of writing the
 * constants; the two have the same optimum. As in the C builder, only teachers with lessons
 * to place (TU) have y, v, c, z and w: a teacher whose lessons are all fixed adds a constant
 * that neither objective counts, nor do fixed lessons' period costs.
 */

set D;                          /* days */
set S;                          /* schools of the cluster */
param np{S} integer > 0;        /* periods in a school's bell */
param bs{s in S, 1..np[s]} integer >= 0;   /* period start, minutes after midnight */
param be{s in S, p in 1..np[s]} integer > bs[s, p];  /* period end */
set T;                          /* teachers */
param cap{T} integer >= 0;      /* max_periods, cut to the periods the teacher is free */
param maxd{T} integer >= 0, default 0;   /* max_days, 0 for no limit */
set TB dimen 4;                 /* (t, day, start, end): t cannot teach then */
set K;                          /* classes */
param ks{K} symbolic in S;
set KB dimen 3;                 /* (k, day, p): class k is not available */
set M;                          /* demands (class, subject) */
param mk{M} symbolic in K;
param small{M} binary;          /* at most one lesson a day (<= 5 a week) */
param nfp{M} binary, default 0; /* subject rule not_first_period */
param nal{M} binary, default 0; /* subject rule not_after_lunch */
param bp{M} integer >= 0, default 0;     /* subject rule before_period, 0 none */
set G;                          /* groups (class, subject, teacher) of lessons to place */
param gk{G} symbolic in K;
param gm{G} symbolic in M;
param gs{G} symbolic in S;
param gt{G} symbolic in T;
param n{G} integer > 0;
param main{G} binary;           /* chinese or maths */
set FX dimen 4;                 /* fixed lessons (demand, teacher, day, period) */
set H dimen 3;                  /* re-plan: (g, day, period) where a lesson of g was before */
param km{S, S} >= 0, default 0;
/* pairs of periods at two schools one teacher cannot both teach on a day (overlap, less
   time between them than the road takes, or the same period number), a < b */
set CF dimen 4;                 /* (a, p, b, q) */
param maxs integer > 0;         /* max_schools_per_day */
param w_u; param w_c; param w_km; param w_s; param w_m;
param w_k, default 0;
/* rooms: a pool is a school's rooms of one kind; rcap classes at once (their capacities
   summed); a demand whose subject needs that kind at its school has mr = the pool */
set R default {};
param rcap{R} integer > 0;
param mr{M} default 0;

/* derived slot rules */
param aft{s in S, p in 1..np[s]} binary := if bs[s, p] >= 12 * 60 then 1 else 0;
param lunch{s in S} := if sum{p in 1..np[s]} aft[s, p] > 0
                       then min{p in 1..np[s]: aft[s, p] = 1} p else 0;
param tav{t in T, s in S, d in D, p in 1..np[s]} binary :=
    if exists{(t2, d2, a, b) in TB} (t2 = t and d2 = d and a < be[s, p] and bs[s, p] < b)
    then 0 else 1;
param dok{m in M, d in D, p in 1..np[ks[mk[m]]]} binary :=
    if (nfp[m] = 1 and p = 1) or (nal[m] = 1 and p = lunch[ks[mk[m]]])
       or exists{(k2, d2, p2) in KB} (k2 = mk[m] and d2 = d and p2 = p)
    then 0 else 1;
param late{g in G, p in 1..np[gs[g]]} binary :=
    if bp[gm[g]] > 0 then (if p > bp[gm[g]] then 1 else 0)
    else if main[g] = 1 then aft[gs[g], p] else 0;

/* fixed lessons as constants */
param fk{k in K, d in D, p in 1..np[ks[k]]} :=
    sum{(m, t, d2, p2) in FX: mk[m] = k and d2 = d and p2 = p} 1;
param fm{m in M, d in D} := sum{(m2, t, d2, p) in FX: m2 = m and d2 = d} 1;
param ft{t in T, s in S, d in D, p in 1..np[s]} :=
    sum{(m, t2, d2, p2) in FX: t2 = t and ks[mk[m]] = s and d2 = d and p2 = p} 1;
param fl{t in T} := sum{(m, t2, d, p) in FX: t2 = t} 1;

set X := setof{g in G, d in D, p in 1..np[gs[g]]:
               dok[gm[g], d, p] = 1 and tav[gt[g], gs[g], d, p] = 1} (g, d, p);
set TU := setof{g in G} gt[g];
set TS := setof{g in G} (gt[g], gs[g])
          union setof{(m, t, d, p) in FX: t in TU} (t, ks[mk[m]]);

var x{X} binary;
var u{g in G} integer >= 0, <= n[g];
var y{TS, D} binary;
var v{TS} binary;
var c{T, D} >= 0;
var z{(t, a) in TS, (t2, b) in TS, D: t = t2 and a < b} >= 0;
var w{TU, D} binary;

minimize cost:
    w_u * sum{g in G} u[g]
  + w_c * sum{t in T, d in D} c[t, d]
  + w_km * sum{(t, a) in TS, (t2, b) in TS, d in D: t = t2 and a < b} km[a, b] * z[t, a, t2, b, d]
  + w_s * sum{(t, s) in TS} v[t, s]
  + w_m * sum{(g, d, p) in X: late[g, p] = 1} x[g, d, p]
  - w_k * sum{(g, d, p) in X: (g, d, p) in H} x[g, d, p];

s.t. cover{g in G}: sum{(g, d, p) in X} x[g, d, p] + u[g] = n[g];

s.t. class{k in K, d in D, p in 1..np[ks[k]]}:
    sum{(g, d, p) in X: gk[g] = k} x[g, d, p] + fk[k, d, p] <= 1;

s.t. once{m in M, d in D: small[m] = 1}:
    sum{(g, d, p) in X: gm[g] = m} x[g, d, p] + fm[m, d] <= 1;

s.t. teach{(t, s) in TS, d in D, p in 1..np[s]}:
    sum{(g, d, p) in X: gt[g] = t and gs[g] = s} x[g, d, p] + ft[t, s, d, p] <= y[t, s, d];

s.t. clash{(t, a) in TS, (t2, b) in TS, d in D, (a2, p, b2, q) in CF:
           t = t2 and a2 = a and b2 = b}:
    sum{(g, d, p) in X: gt[g] = t and gs[g] = a} x[g, d, p] + ft[t, a, d, p]
  + sum{(g, d, q) in X: gt[g] = t and gs[g] = b} x[g, d, q] + ft[t, b, d, q] <= 1;

s.t. room{r in R, d in D, p in 1..max{s in S} np[s]}:
    sum{(g, d, p) in X: mr[gm[g]] = r} x[g, d, p]
  + sum{(m, t, d, p) in FX: mr[m] = r} 1 <= rcap[r];

s.t. load{t in T}: sum{(g, d, p) in X: gt[g] = t} x[g, d, p] + fl[t] <= cap[t];

s.t. maxsch{t in T, d in D}: sum{(t, s) in TS} y[t, s, d] <= maxs;

s.t. change{t in T, d in D}: sum{(t, s) in TS} y[t, s, d] - 1 <= c[t, d];

s.t. pair{(t, a) in TS, (t2, b) in TS, d in D: t = t2 and a < b}:
    y[t, a, d] + y[t, b, d] - 1 <= z[t, a, t2, b, d];

s.t. week{(t, s) in TS, d in D}: y[t, s, d] <= v[t, s];

/* a teacher with a fixed lesson at s on d is at s that day */
s.t. there{(t, s) in TS, d in D: sum{p in 1..np[s]} ft[t, s, d, p] > 0}: y[t, s, d] = 1;

s.t. days{g in G: small[gm[g]] = 1}:
    sum{d in D} y[gt[g], gs[g], d] >= sum{(g, d, p) in X} x[g, d, p];

s.t. dayon{(t, s) in TS, d in D: maxd[t] > 0}: y[t, s, d] <= w[t, d];

s.t. maxdays{t in TU: maxd[t] > 0}: sum{d in D} w[t, d] <= maxd[t];

solve;

printf "placement cost %.6f\n", cost;

end;
