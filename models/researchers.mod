/* researchers.mod - researchers' school links (教研员定点联系), the MathProg twin of the link
   model that src/researchers.c builds through the LP builder. Data: rotas researchers COUNTY
   --export-dat F, then: glpsol -m models/researchers.mod -d F

   x[p,r,s] = 1: researcher p links rural school r in subject s (X: the candidate triples, s a
   subject of p that r teaches). Every rural school is linked (else u[r], w_unlinked); each
   required weak subject of a school (Q) is linked (else w[r,s], w_uncovered); one subject per
   researcher and school; each researcher between minl[p] and cap[p] links; lmax/lmin bound the
   loads (w_balance per link between most and fewest); w_km per km from the base. */

set P;
set R;
set S;
set X within P cross R cross S;
set Q within R cross S;

param km{X} >= 0;
param cap{P} >= 0, integer;
param minl{P} >= 0, integer;
param w_unlinked >= 0;
param w_uncovered >= 0;
param w_balance >= 0;
param w_km >= 0;

var x{X} binary;
var u{R} >= 0, <= 1;
var w{Q} >= 0, <= 1;
var lmax >= 0, integer;
var lmin >= 0, integer;

minimize obj:
    sum{(p, r, s) in X} w_km * km[p, r, s] * x[p, r, s]
  + sum{r in R} w_unlinked * u[r]
  + sum{(r, s) in Q} w_uncovered * w[r, s]
  + w_balance * (lmax - lmin);

s.t. link{r in R}: sum{(p, q, s) in X: q = r} x[p, q, s] + u[r] >= 1;

s.t. weak{(r, s) in Q}: sum{(p, q, t) in X: q = r and t = s} x[p, q, t] + w[r, s] >= 1;

s.t. one{p in P, r in R}: sum{(q, rr, s) in X: q = p and rr = r} x[q, rr, s] <= 1;

s.t. load{p in P}: minl[p] <= sum{(q, r, s) in X: q = p} x[q, r, s] <= cap[p];

s.t. hi{p in P}: sum{(q, r, s) in X: q = p} x[q, r, s] <= lmax;

s.t. lo{p in P}: sum{(q, r, s) in X: q = p} x[q, r, s] >= lmin;

solve;

printf "objective %.10g\n", obj;
printf "links %d\n", sum{(p, r, s) in X} x[p, r, s];

end;
