/* timetable.mod - the placement MIP of a cluster timetable (rotas timetable), teachers fixed.
 *
 * The reference for src/tt_mip.c: the same variables, rows and objective. A group g is one
 * (class, subject, teacher) with n[g] weekly lessons; the teacher of every lesson was chosen
 * before (rotas assigns teachers with a greedy pass and a max-flow). Solve with
 *     glpsol -m models/timetable.mod -d cluster.dat
 * The data file is written by the test (tests/test_timetable.c) from a county.
 */

set D;                          /* days */
set S;                          /* schools of the cluster */
param np{S} integer > 0;        /* periods in a school's bell */
set T;                          /* teachers */
param cap{T} integer >= 0;      /* max_periods */
set K;                          /* classes */
set M;                          /* demands (class, subject) */
param small{M} binary;          /* at most one lesson a day (<= 5 a week) */
set G;                          /* groups (class, subject, teacher) */
param gk{G} symbolic in K;
param gm{G} symbolic in M;
param gs{G} symbolic in S;
param gt{G} symbolic in T;
param n{G} integer > 0;
param main{G} binary;           /* chinese or maths */
param aft{s in S, 1..np[s]} binary, default 0;  /* period starts at 12:00 or later */
param km{S, S} >= 0, default 0;
/* pairs of periods at two schools one teacher cannot both teach on a day (overlap, or less
   time between them than the road takes), a < b */
set CF dimen 4;                 /* (a, p, b, q) */
param maxs integer > 0;         /* max_schools_per_day */
param w_u; param w_c; param w_km; param w_s; param w_m;

set X := setof{g in G, d in D, p in 1..np[gs[g]]} (g, d, p);
set TS := setof{g in G} (gt[g], gs[g]);

var x{X} binary;
var u{g in G} integer >= 0, <= n[g];
var y{TS, D} binary;
var v{TS} binary;
var c{T, D} >= 0;
var z{(t, a) in TS, (t2, b) in TS, D: t = t2 and a < b} >= 0;

minimize cost:
    w_u * sum{g in G} u[g]
  + w_c * sum{t in T, d in D} c[t, d]
  + w_km * sum{(t, a) in TS, (t2, b) in TS, d in D: t = t2 and a < b} km[a, b] * z[t, a, t2, b, d]
  + w_s * sum{(t, s) in TS} v[t, s]
  + w_m * sum{(g, d, p) in X: main[g] = 1 and aft[gs[g], p] = 1} x[g, d, p];

s.t. cover{g in G}: sum{(g, d, p) in X} x[g, d, p] + u[g] = n[g];

s.t. class{k in K, d in D, p in 1..max{s in S} np[s]}:
    sum{(g, d, p) in X: gk[g] = k} x[g, d, p] <= 1;

s.t. once{m in M, d in D: small[m] = 1}:
    sum{(g, d, p) in X: gm[g] = m} x[g, d, p] <= 1;

s.t. teach{(t, s) in TS, d in D, p in 1..np[s]}:
    sum{(g, d, p) in X: gt[g] = t and gs[g] = s} x[g, d, p] <= y[t, s, d];

s.t. clash{(t, a) in TS, (t2, b) in TS, d in D, (a, p, b, q) in CF: t = t2}:
    sum{(g, d, p) in X: gt[g] = t and gs[g] = a} x[g, d, p]
  + sum{(g, d, q) in X: gt[g] = t and gs[g] = b} x[g, d, q] <= 1;

s.t. load{t in T}: sum{(g, d, p) in X: gt[g] = t} x[g, d, p] <= cap[t];

s.t. maxsch{t in T, d in D}: sum{(t, s) in TS} y[t, s, d] <= maxs;

s.t. change{t in T, d in D}: sum{(t, s) in TS} y[t, s, d] - 1 <= c[t, d];

s.t. pair{(t, a) in TS, (t2, b) in TS, d in D: t = t2 and a < b}:
    y[t, a, d] + y[t, b, d] - 1 <= z[t, a, t2, b, d];

s.t. week{(t, s) in TS, d in D}: y[t, s, d] <= v[t, s];

s.t. days{g in G: small[gm[g]] = 1}:
    sum{d in D} y[gt[g], gs[g], d] >= sum{(g, d, p) in X} x[g, d, p];

solve;

printf "placement cost %.6f\n", cost;

end;
