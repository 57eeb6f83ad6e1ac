/*
 * rotas/gen.h - the synthetic county generator, deterministic for a seed.
 */
#ifndef ROTAS_GEN_H
#define ROTAS_GEN_H

#include "rotas/county.h"
#include "rotas/error.h"

typedef struct rotas_gen_options {
    int schools;        /* about this many schools (>= 5) */
    unsigned long seed;
    int year;           /* reference year of the data (tenure is counted to it); 0: 2026 */
    int constraints;    /* 1: also everyday constraints (research half-days, leaders' meeting,
                           part-time teachers, 升旗, subject rules, fixed lessons, middle
                           leaders, hardship years, bureau decisions). They come from a random
                           stream of their own: the rest of the county is the same bytes as
                           without them. */
} rotas_gen_options;

/* Make a county. *out is new and finalized. ROTAS_EINPUT for options out of range. */
rotas_rc rotas_gen_county(rotas_county **out, const rotas_gen_options *opt, rotas_error *err);

#endif
