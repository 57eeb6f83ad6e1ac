/*
 * rotas/cover.h - daily cover (代课/调课): who teaches the lessons of absent teachers.
 *
 * Given a cluster's weekly timetable (rotas-timetable/1) and teachers absent on some dates,
 * every lesson an absent teacher would give on those dates gets, least disruption first:
 *   - a substitute (代课): a free teacher of the subject who can reach the school in time under
 *     the timetable's rules (travel minutes between bells, max_schools_per_day, unavailable
 *     times, max_days, max_periods); a teacher of the same school first;
 *   - a swap (调课): the lesson trades places with another lesson of the same class in the same
 *     week, on a date the absent teacher is present and not earlier than the first absence;
 *   - self-study (自习) when nothing fits, with the reason.
 * The choice is a small assignment model solved by GLPK (models/cover.mod is its MathProg
 * twin): each lesson one option; options that cannot hold together exclude each other; a
 * price per option (same school 10, another school 40 + 2 x km, swap 60, self-study 1000)
 * plus 15 per person touched (substitutes and swap partners), so that few people carry the
 * cover. The result is a rotas-cover/1 record; rotas_check_cover (rotas/check.h) verifies it
 * by building the timetable each week implies and checking it like any timetable.
 *
 * Dates are day numbers: days since 1970-01-01 (rotas_date_parse).
 */
#ifndef ROTAS_COVER_H
#define ROTAS_COVER_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/policy.h"
#include "rotas/result.h"

#define ROTAS_FORMAT_COVER "rotas-cover/1"

/* Prices of the cover model (documented above; the MathProg twin takes the same). */
#define ROTAS_COVER_W_SAME_SCHOOL 10.0
#define ROTAS_COVER_W_OTHER_SCHOOL 40.0
#define ROTAS_COVER_W_KM 2.0
#define ROTAS_COVER_W_SWAP 60.0
#define ROTAS_COVER_W_SELF_STUDY 1000.0
#define ROTAS_COVER_W_PERSON 15.0

/* "2026-03-09" -> day number; -1 for anything else (bad form, month or day out of range). */
long rotas_date_parse(const char *s);
/* Day number -> "YYYY-MM-DD" into out (size >= 11). */
void rotas_date_format(long day, char *out, size_t n);
/* Weekday of a day number: 0 Monday .. 6 Sunday. */
int rotas_date_weekday(long day);

typedef enum rotas_cover_kind {
    ROTAS_COVER_SUBSTITUTE = 0, /* "substitute" (代课) */
    ROTAS_COVER_SWAP,           /* "swap" (调课) */
    ROTAS_COVER_SELF_STUDY      /* "self_study" (自习) */
} rotas_cover_kind;

/* "substitute", "swap", "self_study"; "?" out of range. Static string. */
const char *rotas_cover_kind_name(rotas_cover_kind k);
/* The kind named s, or -1. */
int rotas_cover_kind_parse(const char *s);

/* A teacher absent from date `from` to date `to` (inclusive). */
typedef struct rotas_absence {
    int teacher;
    long from, to;
    char *reason; /* owned, may be NULL (病假, 事假, 培训) */
} rotas_absence;

/* What happens to one lesson of an absent teacher on one date. */
typedef struct rotas_cover_entry {
    long date;                          /* the date of the lesson */
    int day, period;                    /* 0-based, as in rotas_lesson */
    int school, klass, subject, absent; /* the lesson and its absent teacher */
    rotas_cover_kind kind;
    int teacher; /* substitute: who teaches it; swap: the partner lesson's teacher; else -1 */
    /* swap: the partner lesson of the same class (it comes into this slot, and the absent
       teacher's lesson goes to the partner's slot); else -1 / 0 */
    long swap_date;
    int swap_day, swap_period, swap_subject;
    double km;        /* substitute from another school: the road from its school, else 0 */
    char reason[200]; /* self-study: why nothing fits; else "" */
} rotas_cover_entry;

typedef struct rotas_cover {
    int cluster;
    rotas_status status; /* of the assignment model */
    double objective, bound, gap, seconds;
    rotas_absence *absences; /* owned */
    size_t n_absences;
    rotas_cover_entry *entries; /* owned, by date, period, school, class */
    size_t n_entries;
    int n_substitute, n_swap, n_self_study;
    int people_touched; /* distinct substitutes and swap partners */
    int extra_periods;  /* cover periods a teacher may take in a week beyond its
                           max_periods (JSON "extra_periods") */
    rotas_policy policy;
    char *source;    /* owned, may be NULL: the county path */
    char *timetable; /* owned, may be NULL: the timetable path */
} rotas_cover;

typedef struct rotas_cover_options {
    double time_limit; /* seconds for the model (<= 0: 10) */
    int verbose;
    /* Cover periods a teacher may take in a week beyond its max_periods (代课 is paid extra
       work; 0 keeps the timetable's loads exactly). */
    int extra_periods;
    const char *export_lp;  /* write the assignment model in CPLEX LP format (may be NULL) */
    const char *export_dat; /* write the data of models/cover.mod (may be NULL) */
} rotas_cover_options;

/* Cover the absences (borrowed; copied into the result) on the cluster timetable tt of c.
   Absences must name teachers of c with from <= to; dates on a weekend are skipped. A lesson
   of an absent teacher is covered on every weekday date of its absence. *out is new on
   success (rotas_cover_free). ROTAS_EINPUT for a bad absence (message names it). */
rotas_rc rotas_cover_make(rotas_cover **out, const rotas_county *c, const rotas_timetable *tt,
                          const rotas_policy *p, const rotas_absence *absences, size_t n_absences,
                          const rotas_cover_options *opt, rotas_error *err);

/* Free a cover and everything it owns. NULL-safe. */
void rotas_cover_free(rotas_cover *cv);

/* JSON (rotas-cover/1). The writer names schools, classes, subjects and teachers by id and
   dates as "YYYY-MM-DD"; path "-" = stdout. The reader resolves ids against c and reports
   every problem located by JSON path into diags; ROTAS_EINPUT when there is one. */
rotas_rc rotas_cover_write_json(const rotas_cover *cv, const rotas_county *c, const char *path,
                                rotas_error *err);
char *rotas_cover_dump_json(const rotas_cover *cv, const rotas_county *c);
rotas_rc rotas_cover_read_json(rotas_cover **out, const rotas_county *c, const char *path,
                               rotas_diags *diags, rotas_error *err);

/* Printable notices (one self-contained HTML page, one A4 page per affected teacher and per
   affected class, with what changes when and where). path "-" = stdout. lang: 0 Chinese,
   1 English (rotas_lang). */
rotas_rc rotas_cover_render_html(const rotas_cover *cv, const rotas_county *c, const char *path,
                                 int lang, rotas_error *err);
/* The same as a workbook: 代课调课 (every lesson and what happens to it) and 通知 (a block per
   teacher and per class, one printed page each). ROTAS_ERR when this build has no
   libxlsxwriter (rotas_render_have_xlsx). */
rotas_rc rotas_cover_render_xlsx(const rotas_cover *cv, const rotas_county *c, const char *path,
                                 int lang, rotas_error *err);

#endif
