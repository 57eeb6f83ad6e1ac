/* cover.mod - daily cover (代课/调课): the assignment model of rotas cover, in MathProg.
 *
 * Data: rotas cover ... --export-dat cover.dat; solve: glpsol -m models/cover.mod -d cover.dat
 *
 * Each lesson an absent teacher would give on an absent date (L) takes exactly one of its
 * options (O): a substitute, a swap with another lesson of the class, or self-study (always
 * present, so the model is always feasible). An option that holds alone but breaks a rule of
 * the timetable together with another (the same person at clashing times, too little travel
 * time, the same swap partner, a subject twice a day) is excluded with it (EXCL). A teacher
 * takes at most room[k] substitute lessons in a week (LOAD: max_periods plus the allowance,
 * minus what the timetable gives it). Cost: the option's price plus wp per person touched.
 * rotas cover solves this model first and adds cuts only if the chosen set breaks a rule that
 * no pair shows (schools a day, max_days over three or more options).
 */
set L;
set O;
set P;
set K;
param lesson{O} symbolic in L;
param cost{O} >= 0;
param wp >= 0;
set TOUCH within {O, P};
set EXCL within {O, O};
param room{K} >= 0, integer;
set INLOAD within {O, K};

var x{O} binary;
var y{P} binary;

minimize disruption: sum{o in O} cost[o] * x[o] + wp * sum{p in P} y[p];

s.t. one{l in L}: sum{o in O: lesson[o] == l} x[o] = 1;
s.t. touch{(o, p) in TOUCH}: x[o] <= y[p];
s.t. excl{(a, b) in EXCL}: x[a] + x[b] <= 1;
s.t. load{k in K}: sum{(o, k) in INLOAD} x[o] <= room[k];

end;
