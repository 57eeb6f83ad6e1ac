/* researcher_calendar.mod - one researcher's visit calendar, the MathProg twin of the calendar
   model that src/researchers.c builds through the LP builder (one per researcher).

   v[l,d] = 1: link l is visited on day d; C holds the candidate pairs: weekdays of the term, no
   holiday, not a day the researcher is away, and the research weekday of the link's school and
   subject when it has one. One school a day; exactly V visits a link (short[l] missing, 1000
   each); at most one a week (e[l,w] beyond, 50 each); a visit in each of the V equal parts of
   the term (g[l,k] for a part without, 10 each). week[d]: the Monday of d's week; part[d]: the
   part of the term d falls in, 0..V-1. */

set L;
set D;
set C within L cross D;
param V > 0, integer;
param week{D};
param part{D} >= 0, integer;
set W := setof{d in D} week[d];
set K := 0..V-1;

var v{C} binary;
var short{L} >= 0, <= V, integer;
var e{L, W} >= 0;
var g{L, K} >= 0, <= 1;

minimize obj: 1000 * sum{l in L} short[l] + 50 * sum{l in L, w in W} e[l, w]
            + 10 * sum{l in L, k in K} g[l, k];

s.t. day{d in D}: sum{(l, dd) in C: dd = d} v[l, dd] <= 1;

s.t. visits{l in L}: sum{(ll, d) in C: ll = l} v[ll, d] + short[l] = V;

s.t. weekly{l in L, w in W}: sum{(ll, d) in C: ll = l and week[d] = w} v[ll, d] - e[l, w] <= 1;

s.t. spread{l in L, k in K}: sum{(ll, d) in C: ll = l and part[d] = k} v[ll, d] + g[l, k] >= 1;

solve;

printf "objective %.10g\n", obj;

end;
