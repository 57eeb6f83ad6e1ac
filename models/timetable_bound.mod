/* timetable_bound.mod - the travel bound of a cluster timetable (rotas timetable: "bound",
 * "travel_bound"), teachers as chosen.
 *
 * The reference for src/timetable/bound.c: the same variables, rows and objective. Every
 * itinerant teacher (lessons at two schools or more) is relaxed on its own: only how many of
 * its lessons it gives at each school on each day matters, not which periods; the teachers
 * share nothing, so one model holds them all and its optimum is the sum of theirs. Solve with
 *     glpsol -m models/timetable_bound.mod -d bound.dat
 * The data file is written by rotas__tt_write_bound_dat (src/timetable/bound.c), used by
 * tests/test_timetable.c. The day capacities are data: cap[t,s,d] is the smaller of the
 * periods of s's bell in which t is free and one of its classes there may have one of its
 * subjects, and the sum over t's (class, subject) demands at s of 1 for a subject taught at
 * most once a day or the periods open to it; pcap[t,d] the period numbers t is free at one
 * of its schools (a teacher gives one lesson per period number a day).
 *
 * Why it is a bound: every timetable that keeps the teachers gives each teacher a solution
 * of its relaxation with the same changes, km and extra schools (changes and km at least
 * these: a day at a set of schools changes at least |set| - 1 times, and with at most two
 * schools a day the pair term is the road; with more, a route through m >= 2 schools has every
 * school at one end of a leg, each leg counted at most twice, so km >= sum of half the road
 * to the nearest other school, less the largest such half when only one school is visited);
 * its unscheduled lessons cost w_u - w_m here because the late-lesson part of the bound may
 * have counted them already (bound.c).
 */

set D;                                  /* days */
set S;                                  /* schools of the cluster */
set T;                                  /* itinerant teachers */
param load{T} integer >= 0;             /* weekly periods (max_periods cut to free periods) */
param maxd{T} integer >= 0, default 0;  /* max_days, 0 for no limit */
param N{T, S} integer >= 0, default 0;  /* lessons of t at s */
param fx{T, S, D} integer >= 0, default 0;   /* fixed lessons of t at s on d */
/* the most lessons t gives one class at s in a subject taught at most once a day */
param dmin{T, S} integer >= 0, default 0;
param cap{T, S, D} integer >= 0, default 0;
param pcap{T, D} integer >= 0;
param km{S, S} >= 0, default 0;
param maxs integer > 0;                 /* max_schools_per_day */
param w_u; param w_m; param w_c; param w_km; param w_s;

set TS := {t in T, s in S: N[t, s] > 0};
param hi{(t, s) in TS, d in D} := max(cap[t, s, d], fx[t, s, d]);
/* road to the nearest other school of the teacher (for more than two schools a day) */
param nn{(t, s) in TS} := min{z in S: z != s and N[t, z] > 0} km[s, z];
param nnmax{t in T} := max{(t, s) in TS} nn[t, s];

var n{(t, s) in TS, d in D} integer, >= fx[t, s, d], <= hi[t, s, d];
var y{(t, s) in TS, d in D} binary;
var u{(t, s) in TS} >= 0, <= N[t, s];
var v{(t, s) in TS} binary;
var e{T} >= 0;
var c{T, D} >= 0;
var z{t in T, d in D, a in S, b in S: a < b and N[t, a] > 0 and N[t, b] > 0 and maxs <= 2} >= 0;
var k{t in T, d in D: maxs > 2} >= 0;
var w{t in T, D: maxd[t] > 0} binary;

minimize travel:
    (w_u - w_m) * sum{(t, s) in TS} u[t, s] + w_s * sum{t in T} e[t]
    + w_c * sum{t in T, d in D} c[t, d]
    + w_km * (sum{t in T, d in D, a in S, b in S: a < b and N[t, a] > 0 and N[t, b] > 0
                  and maxs <= 2} km[a, b] * z[t, d, a, b]
              + sum{t in T, d in D: maxs > 2} k[t, d]);

s.t. fixday{(t, s) in TS, d in D: fx[t, s, d] > 0}: y[t, s, d] = 1;
s.t. open{(t, s) in TS, d in D}: n[t, s, d] <= hi[t, s, d] * y[t, s, d];
s.t. week{(t, s) in TS, d in D}: y[t, s, d] <= v[t, s];
s.t. cover{(t, s) in TS}: sum{d in D} n[t, s, d] + u[t, s] = N[t, s];
s.t. days{(t, s) in TS: dmin[t, s] >= 2}: sum{d in D} y[t, s, d] + u[t, s] >= dmin[t, s];
s.t. extra{t in T}: sum{(t, s) in TS} v[t, s] - e[t] <= 1;
s.t. loadrow{t in T}: sum{(t, s) in TS, d in D} n[t, s, d] <= load[t];
s.t. daycap{t in T, d in D}: sum{(t, s) in TS} n[t, s, d] <= pcap[t, d];
s.t. dayon{(t, s) in TS, d in D: maxd[t] > 0}: y[t, s, d] <= w[t, d];
s.t. maxdays{t in T: maxd[t] > 0}: sum{d in D} w[t, d] <= maxd[t];
s.t. maxsch{t in T, d in D}: sum{(t, s) in TS} y[t, s, d] <= maxs;
s.t. change{t in T, d in D}: sum{(t, s) in TS} y[t, s, d] - c[t, d] <= 1;
s.t. pair{t in T, d in D, a in S, b in S: a < b and N[t, a] > 0 and N[t, b] > 0 and maxs <= 2}:
    y[t, a, d] + y[t, b, d] - z[t, d, a, b] <= 1;
s.t. legs{t in T, d in D: maxs > 2}:
    sum{(t, s) in TS} nn[t, s] / 2 * y[t, s, d] - k[t, d] <= nnmax[t] / 2;

solve;
printf "travel bound %.10g\n", travel;
end;
