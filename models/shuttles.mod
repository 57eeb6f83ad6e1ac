/* shuttles.mod - teacher shuttles (通勤班车), the MathProg twin of the set-partitioning model
   that src/shuttles.c builds through the LP builder. Data: rotas shuttles COUNTY --export-dat F,
   then: glpsol -m models/shuttles.mod -d F

   J: columns, each a feasible route (pick-up points and schools in order, seats, arrival before
   the first period, ride times) paired with a vehicle type; A: the rider groups (pick-up point,
   school) a column carries; cost: 10,000 per vehicle plus the km of its day. Every group rides
   exactly once or is unserved (w_unserved per rider); a type has count vehicles. */

set G;
set K;
set J;
set A within J cross G;
param size{G} > 0, integer;
param count{K} >= 0, integer;
param type{J} symbolic in K;
param cost{J} >= 0;
param w_unserved >= 0;

var y{J} binary;
var u{G} >= 0, <= 1;

minimize obj: sum{j in J} cost[j] * y[j] + sum{g in G} w_unserved * size[g] * u[g];

s.t. cover{g in G}: sum{(j, gg) in A: gg = g} y[j] + u[g] = 1;

s.t. vehicles{k in K}: sum{j in J: type[j] = k} y[j] <= count[k];

solve;

printf "objective %.10g\n", obj;
printf "vehicles %d\n", sum{j in J} y[j];

end;
