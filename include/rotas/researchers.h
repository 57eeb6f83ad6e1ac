/*
 * rotas/researchers.h - researchers' school links and visit calendar (教研员定点联系/帮扶).
 *
 * City and county researchers (教研员) each link at least `min_links` (2) rural schools, in a
 * subject they research, and visit every link at least `min_visits` (5) times a term. The
 * planner chooses the links with a GLPK model (every rural school linked, in its weakest
 * subject where a researcher of it exists; loads balanced; distance kept down) and then a
 * visit calendar per researcher with a second GLPK model (one school a day, visits of a link
 * spread over the term and never two in one week where avoidable, a visit in subject S on the
 * school's research half-day for S, nothing on holidays or a researcher's unavailable days).
 *
 * Data (optional top-level keys of a rotas-county/1 file, kept with the county by import and
 * export like every top-level key):
 *   "researchers": [{"id", "name", "level": "city"|"county", "subjects": [ids],
 *                    "base": school id  or  "lat", "lon" (an office),
 *                    "unavailable": ["2027-10-12", {"start": "2027-11-01", "end": "2027-11-05"}],
 *                    "max_links": N (optional)}],
 *   "term": {"start": "2027-09-01", "end": "2028-01-15"},
 *   "holidays": [{"start": "2027-10-01", "end": "2027-10-07", "name": "国庆"}] or dates,
 *   "weak_subjects": [{"school": id, "subjects": [ids, weakest first]}].
 * A school's weak subjects are those given, else the subjects it lacks periods in
 * (rotas_shortage_compute, or a plan's unfilled[]), most periods first.
 *
 * Dates are day numbers: days since 1970-01-01 (a Thursday).
 */
#ifndef ROTAS_RESEARCHERS_H
#define ROTAS_RESEARCHERS_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/result.h"

#define ROTAS_FORMAT_RESEARCHERS "rotas-researchers/1"

/* ---- dates ---- */

/* "YYYY-MM-DD" to a day number; returns 0 and sets *out, or -1 for text that is no date. */
int rotas_day_parse(const char *s, int *out);
/* A day number as "YYYY-MM-DD" into buf (at least 11 bytes); returns buf. */
char *rotas_day_format(int day, char *buf);
/* Weekday of a day number: 0 Monday .. 6 Sunday. */
int rotas_day_weekday(int day);
/* Monday of the week of a day number. */
int rotas_day_week_start(int day);

/* ---- the data ---- */

typedef enum rotas_researcher_level {
    ROTAS_RESEARCHER_CITY = 0, /* "city": 市级教研员 */
    ROTAS_RESEARCHER_COUNTY    /* "county": 县级教研员 */
} rotas_researcher_level;

typedef struct rotas_researcher {
    char *id;
    char *name;
    int level;     /* rotas_researcher_level */
    int *subjects; /* subject indexes */
    size_t n_subjects;
    int base;         /* school index of the base, or -1 for an office at lat/lon */
    double lat, lon;  /* the office (or the base school's position) */
    int *unavailable; /* day numbers, ascending, unique */
    size_t n_unavailable;
    int max_links; /* 0: no own limit */
} rotas_researcher;

typedef struct rotas_holiday {
    int start, end; /* day numbers, inclusive */
    char *name;     /* may be NULL */
} rotas_holiday;

typedef struct rotas_researchers_data {
    rotas_researcher *researchers;
    size_t n_researchers;
    int term_start, term_end; /* day numbers; 0 when the county gives no term */
    rotas_holiday *holidays;
    size_t n_holidays;
    /* Given weak subjects: weak[s] lists subject indexes, weakest first (n_weak[s] may be 0). */
    int **weak;
    size_t *n_weak;
    size_t n_weak_slots; /* the county's n_schools when read */
    int weak_given;      /* 1 when the county has weak_subjects[] */
} rotas_researchers_data;

/*
 * Read researchers[], term, holidays[] and weak_subjects[] from the county's top-level keys
 * (c->extra). Every problem is added to d (may be NULL) as "<json path>: expected ..., found
 * ...". ROTAS_EINPUT when there were problems; *out is new (free with
 * rotas_researchers_data_free) on ROTAS_OK, even when the county has no researchers.
 */
rotas_rc rotas_researchers_data_read(rotas_researchers_data **out, const rotas_county *c,
                                     rotas_diags *d, rotas_error *err);
void rotas_researchers_data_free(rotas_researchers_data *r);

/* 1 if day is a holiday of r. */
int rotas_researchers_holiday(const rotas_researchers_data *r, int day);

/* ---- the result ---- */

typedef struct rotas_rlink {
    int researcher; /* index in rotas_researchers_data */
    int school;
    int subject;
    double km;        /* base to school */
    int weak_rank;    /* 1-based rank of subject among the school's weak subjects, 0 if none */
    int research_day; /* weekday 0..4 of the school's research half-day for the subject, -1 */
    int research_start, research_end; /* minutes after midnight (when research_day >= 0) */
} rotas_rlink;

typedef struct rotas_rvisit {
    int link; /* index in links[] */
    int date; /* day number */
} rotas_rvisit;

typedef struct rotas_rweak {
    int school;
    int *subjects;   /* weakest first */
    double *periods; /* periods lacked (NaN when given without figures) */
    size_t n_subjects;
} rotas_rweak;

typedef struct rotas_rshort {
    int link;
    int missing; /* visits below min_visits that no calendar could place */
} rotas_rshort;

typedef struct rotas_researchers_result {
    int term_start, term_end;
    int min_links, min_visits, subjects_per_school;
    char *weak_source; /* "given", "plan" or "shortage" */
    /* The link model. */
    rotas_status status;
    double objective, bound, gap, seconds;
    /* The calendar models (one per researcher, summed). */
    rotas_status calendar_status;
    double calendar_objective, calendar_bound, calendar_gap, calendar_seconds;
    rotas_rlink *links;
    size_t n_links;
    rotas_rvisit *visits; /* by link, then date */
    size_t n_visits;
    rotas_rweak *weak; /* one per rural school */
    size_t n_weak;
    int *unlinked; /* rural schools without any link */
    size_t n_unlinked;
    int *uncovered; /* pairs (school, subject): required weak subjects without a link */
    size_t n_uncovered;
    rotas_rshort *shortfalls;
    size_t n_shortfalls;
    int same_week;          /* pairs of visits of one link in one week */
    int spread_missing;     /* term segments (term / min_visits) a link has no visit in */
    double km;              /* sum of links' km */
    int max_load, min_load; /* links per researcher */
    char *county;           /* source path, may be NULL */
} rotas_researchers_result;

void rotas_researchers_result_free(rotas_researchers_result *r);

/* ---- the planner ---- */

typedef struct rotas_researchers_options {
    int term_start, term_end;                        /* 0: the county's term */
    int min_links;                                   /* 2 */
    int min_visits;                                  /* 5 */
    int subjects_per_school;                         /* 1: weakest subjects that must be linked */
    double time_limit;                               /* seconds for both models together (60) */
    double w_unlinked, w_uncovered, w_balance, w_km; /* 10000, 1000, 100, 1 */
    /* Weak subjects from a plan's unfilled[] (school, subject, periods), or NULL. */
    const int *plan_unfilled_school, *plan_unfilled_subject;
    const double *plan_unfilled_periods;
    size_t n_plan_unfilled;
    const char *export_lp;  /* write the link model here (CPLEX LP), or NULL */
    const char *export_dat; /* write the link model's MathProg data here, or NULL */
    int verbose;
} rotas_researchers_options;

void rotas_researchers_options_init(rotas_researchers_options *o);

/*
 * Choose links and visits. c and r are borrowed. *out is new (free with
 * rotas_researchers_result_free). ROTAS_EINPUT for a term that is missing or empty, a county
 * without rural schools or researchers (message says which).
 */
rotas_rc rotas_researchers_plan(rotas_researchers_result **out, const rotas_county *c,
                                const rotas_researchers_data *r, const rotas_researchers_options *o,
                                rotas_error *err);

/* Research half-day of (school, subject): a teacher of the school teaching the subject with an
   unavailable[] block whose reason holds "教研" or "research". Returns the weekday 0..4 (the
   most frequent such day) and sets start/end, or -1. */
int rotas_researchers_research_day(const rotas_county *c, int school, int subject, int *start,
                                   int *end);

/* ---- JSON ---- */

/* Write the result as rotas-researchers/1 (path "-" = stdout; written to a temporary file and
   renamed). */
rotas_rc rotas_researchers_write_json(const rotas_researchers_result *res, const rotas_county *c,
                                      const rotas_researchers_data *r, const char *path,
                                      rotas_error *err);
/* Read a rotas-researchers/1 file against the county and its data; problems go to d with
   their JSON path. *out is new on ROTAS_OK. */
rotas_rc rotas_researchers_read_json(rotas_researchers_result **out, const char *path,
                                     const rotas_county *c, const rotas_researchers_data *r,
                                     rotas_diags *d, rotas_error *err);

/* ---- the independent checker (check_researchers.c; shares no code with the planner) ---- */

/* Verify every rule of a result; one line in out per violation; returns their number. */
size_t rotas_check_researchers(const rotas_county *c, const rotas_researchers_data *r,
                               const rotas_researchers_result *res, rotas_diags *out);

/* ---- renderings ---- */

/* XLSX: 联系安排 (links), one calendar sheet per researcher and per school, 说明. */
rotas_rc rotas_render_researchers_xlsx(const rotas_researchers_result *res, const rotas_county *c,
                                       const rotas_researchers_data *r, const char *path,
                                       rotas_error *err);
/* One self-contained HTML page: figures, links, calendar by month. */
rotas_rc rotas_render_researchers_html(const rotas_researchers_result *res, const rotas_county *c,
                                       const rotas_researchers_data *r, const char *path,
                                       rotas_error *err);

#endif
