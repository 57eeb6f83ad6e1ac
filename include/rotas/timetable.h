/*
 * rotas/timetable.h - the planner of one cluster's shared weekly timetable (rotas-timetable/1).
 * The timetable itself is a plain record declared in rotas/result.h.
 */
#ifndef ROTAS_TIMETABLE_H
#define ROTAS_TIMETABLE_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/policy.h"
#include "rotas/result.h"

typedef struct rotas_timetable_options {
    const char *export_lp;
    int verbose;
    unsigned seed;
    void (*progress)(void *ctx, const char *phase, double elapsed, double best, double bound);
    void *progress_ctx;
    /* Re-plan: keep every lesson of this earlier timetable that still fits (NULL: afresh). */
    const rotas_timetable *previous;
} rotas_timetable_options;

/* Timetable one cluster. *out is new on success (free with rotas_timetable_free). */
rotas_rc rotas_timetable_make(rotas_timetable **out, const rotas_county *c, int cluster,
                              const rotas_policy *p, const rotas_timetable_options *opt,
                              rotas_error *err);

/* Read an earlier timetable of c's cluster for a re-plan (options.previous). Unlike
   rotas_timetable_read_json it tolerates lessons whose school, class, subject or teacher is no
   longer in the county: they are kept with all indexes -1 (they cannot be kept, so they count
   as moved) and *n_unknown gets their number. Not JSON, another format, an unknown cluster, or
   a lesson without its fields or with day/period out of range: ROTAS_EINPUT. *out is new on
   success (rotas_timetable_free). Only lessons and cluster are read. */
rotas_rc rotas_timetable_read_previous(rotas_timetable **out, const rotas_county *c,
                                       const char *path, size_t *n_unknown, rotas_error *err);

#endif
