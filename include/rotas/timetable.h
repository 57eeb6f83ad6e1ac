/*
 * rotas/timetable.h - one cluster's shared weekly timetable (rotas-timetable/1) and its planner.
 */
#ifndef ROTAS_TIMETABLE_H
#define ROTAS_TIMETABLE_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/plan.h"
#include "rotas/policy.h"

#define ROTAS_FORMAT_TIMETABLE "rotas-timetable/1"

typedef struct rotas_lesson {
    int school, klass, subject, teacher; /* klass: global class index */
    int day;    /* 0..4 (JSON: 1..5) */
    int period; /* 0-based index into the school's bell (JSON: 1-based) */
} rotas_lesson;

typedef struct rotas_route {
    int teacher, day;
    int *schools; /* visiting order */
    size_t n_schools;
    double km, minutes;
} rotas_route;

typedef struct rotas_unscheduled {
    int klass, subject;
    int periods;
} rotas_unscheduled;

typedef struct rotas_timetable {
    int cluster;
    rotas_status status;
    int days, periods; /* periods: the largest bell of the cluster */
    rotas_lesson *lessons;
    size_t n_lessons;
    rotas_route *routes;
    size_t n_routes;
    rotas_unscheduled *unscheduled;
    size_t n_unscheduled;
    int capacity_bound; /* fewest lessons that must stay unscheduled (max-flow, time ignored) */
    double objective, bound, gap, seconds;
    int school_changes;  /* sum over teacher-days of (schools visited - 1) */
    double km;           /* itinerant km in the week */
    rotas_policy policy;
    char *source; /* owned, may be NULL: the county path it was made from (JSON "county") */
    /* Re-plan (--from): lessons kept where they were, and lessons moved or dropped; -1 when
       the timetable was made afresh. */
    int kept_lessons, moved_lessons;
} rotas_timetable;

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
void rotas_timetable_free(rotas_timetable *t);

/* Read an earlier timetable of c's cluster for a re-plan (options.previous). Unlike
   rotas_timetable_read_json it tolerates lessons whose school, class, subject or teacher is no
   longer in the county: they are kept with all indexes -1 (they cannot be kept, so they count
   as moved) and *n_unknown gets their number. Not JSON, another format, an unknown cluster, or
   a lesson without its fields or with day/period out of range: ROTAS_EINPUT. *out is new on
   success (rotas_timetable_free). Only lessons and cluster are read. */
rotas_rc rotas_timetable_read_previous(rotas_timetable **out, const rotas_county *c,
                                       const char *path, size_t *n_unknown, rotas_error *err);

#endif
