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
} rotas_gen_options;

/* Make a county. *out is new and finalized. ROTAS_EINPUT for options out of range. */
rotas_rc rotas_gen_county(rotas_county **out, const rotas_gen_options *opt, rotas_error *err);

#endif
