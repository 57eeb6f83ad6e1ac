/*
 * rotas/gen.h - the synthetic county generator, deterministic for a seed.
 */
#ifndef ROTAS_GEN_H
#define ROTAS_GEN_H

#include "rotas/county.h"
#include "rotas/error.h"

/* A share or count option pinned at zero (0 in an option field means "drawn from the seed"). */
#define ROTAS_GEN_NONE (-1)

/* Options. Every field after `constraints` is 0 for "drawn from the seed within a realistic
   range" (so that seeds give structurally different counties), ROTAS_GEN_NONE for none, or
   the value to pin. A pinned option changes only what it names: the other draws stay the
   same. */
typedef struct rotas_gen_options {
    int schools; /* about this many schools (>= 5) */
    unsigned long seed;
    int year;              /* reference year of the data (tenure is counted to it); 0: 2026 */
    int constraints;       /* 1: also everyday constraints (research half-days, leaders' meeting,
                              part-time teachers, 升旗, subject rules, fixed lessons, middle
                              leaders, hardship years, bureau decisions). They come from a random
                              stream of their own: the rest of the county is the same bytes as
                              without them. */
    double coverage;       /* share of the curriculum's weekly periods that the county's teachers
                              can cover (max-flow: non-shortage subjects at the teacher's school,
                              shortage subjects anywhere in its cluster), 0.5..1; what is left
                              falls mostly on shortage subjects at village schools. 0: drawn
                              0.93..0.985 */
    double over_quota;     /* share of schools whose staff_quota is below their teacher count,
                              0..1 (county-town schools and township juniors first). 0: drawn
                              0.15..0.25 */
    int covered_townships; /* townships (a cluster and its junior middle) staffed so that every
                              lesson has a qualified teacher. 0: drawn, about 1 in 6 */
    double multi_subject;  /* share of primary teachers who are multi-subject class teachers
                              (chinese + morality + labour, math + science, music + art,
                              PE + psychology...; junior: chinese + history, physics +
                              chemistry...), 0..1. 0: drawn 0.35..0.65 */
    double one_teacher;    /* share of teaching points kept by a single teacher (1-2 small
                              multi-grade classes), 0..1. 0: drawn 0.2..0.5 */
    int rooms;             /* 1: shared rooms (music, art, computer rooms, a playground) sized to
                              each school's weekly lessons of music, art, it and pe, and those
                              subjects need them (room_kind); teaching points have none. No
                              random draw: the rest of the county is the same bytes as without. */
} rotas_gen_options;

/* Make a county. *out is new and finalized. ROTAS_EINPUT for options out of range. */
rotas_rc rotas_gen_county(rotas_county **out, const rotas_gen_options *opt, rotas_error *err);

/* Add the county programmes' data to a generated county: researchers[] (教研员), the term of
   the plan year and its holidays (rotas researchers), as top-level keys kept in c->extra.
   Deterministic for seed, from a random stream of its own (the rest of the county is
   unchanged). c is borrowed and changed. */
rotas_rc rotas_gen_programmes(rotas_county *c, unsigned long seed, rotas_error *err);

#endif
