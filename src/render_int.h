/*
 * render_int.h - pieces shared by the XLSX, CSV and HTML renderers: a growing buffer,
 * escaping, atomic file writes, sheet names, display widths, bilingual labels and the
 * tables (rows of cells) that all three renderers lay out.
 */
#ifndef ROTAS_RENDER_INT_H
#define ROTAS_RENDER_INT_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/cover.h"
#include "rotas/error.h"
#include "rotas/render.h"
#include "rotas/result.h"

/* ---- buffer ---- */
typedef struct rotas__buf {
    char *data; /* NUL-terminated while non-NULL */
    size_t len, cap;
    int oom; /* set once an allocation failed; later appends do nothing */
} rotas__buf;

void rotas__buf_put(rotas__buf *b, const char *s, size_t n);
void rotas__buf_puts(rotas__buf *b, const char *s);
void rotas__buf_printf(rotas__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rotas__buf_free(rotas__buf *b);
/* Empty the buffer, keeping its storage. */
void rotas__buf_reset(rotas__buf *b);
/* The text so far ("" when empty), borrowed. */
const char *rotas__buf_str(const rotas__buf *b);

/* HTML text and attribute escaping of & < > " ' (NULL appends nothing). */
void rotas__html_escape(rotas__buf *b, const char *s);
/* One RFC 4180 text field (csv_cell_int.h): quoted when it holds , " CR LF or a leading or
   trailing space, " doubled; a leading = + - @ TAB CR gets an apostrophe (never a formula). */
void rotas__csv_field(rotas__buf *b, const char *s);
/* The same for a number's text: written as it is (a leading - stays a minus sign). */
void rotas__csv_number(rotas__buf *b, const char *s);

/* ---- XLSX sheet names ---- */
#define ROTAS_SHEET_NAME_MAX 31 /* characters (UTF-16 units) */
typedef struct rotas__sheet_names {
    char **names;
    size_t n, cap;
} rotas__sheet_names;
/* A valid, unique (case-insensitive) sheet name for want into out (cap >= 128 bytes):
   []:*?/\ become _, leading/trailing ' dropped, at most 31 characters cut at a character
   boundary, "History" and empty names changed, duplicates get " (2)", " (3)", ...
   Records it in set. Returns 0, or -1 on out of memory. */
int rotas__sheet_name(rotas__sheet_names *set, const char *want, char *out, size_t cap);
void rotas__sheet_names_free(rotas__sheet_names *set);

/* Display width of the widest line of s: East Asian wide characters count 2. */
size_t rotas__display_width(const char *s);

/* ---- labels ---- */
typedef enum rotas__label_id {
    L_TITLE_PLAN,
    L_TITLE_TT,
    L_SHEET_MOVES,
    L_SHEET_UNFILLED,
    L_SHEET_INDICATORS,
    L_SHEET_SUMMARY,
    L_SHEET_TEACHERS,
    L_SHEET_UNSCHEDULED,
    L_SHEET_LESSONS,
    L_NO,
    L_TEACHER_ID,
    L_NAME,
    L_MAIN_SUBJECT,
    L_KEY_LEVEL,
    L_TITLE,
    L_FROM,
    L_TO,
    L_KM,
    L_REASONS,
    L_TERM,
    L_SCHOOL,
    L_SUBJECT,
    L_PERIODS,
    L_STAGE,
    L_INDICATOR,
    L_MEAN_BEFORE,
    L_CV_BEFORE,
    L_MEAN_AFTER,
    L_CV_AFTER,
    L_CV_LIMIT,
    L_CV_CHECK,
    L_EXCEEDS,
    L_WITHIN,
    L_PRIMARY,
    L_JUNIOR,
    L_COUNTY,
    L_IND_DEGREE,
    L_IND_KEY,
    L_IND_PE_ARTS,
    L_ITEM,
    L_VALUE,
    L_STATUS,
    L_OBJECTIVE,
    L_BOUND,
    L_GAP,
    L_SECONDS,
    L_YEAR,
    L_MOVES_N,
    L_ELIGIBLE,
    L_MUST,
    L_FROZEN,
    L_KEY_MOVED,
    L_UNFILLED_BEFORE,
    L_UNFILLED_AFTER,
    L_KM_TOTAL,
    L_ESTIMATED_PAIRS,
    L_RELAXED,
    L_POLICY,
    L_ARRIVALS,
    L_DEPARTURES,
    L_CLASS,
    L_DAY,
    L_PERIOD,
    L_TIME,
    L_TEACHER,
    L_ROUTE,
    L_MINUTES,
    L_CLUSTER,
    L_LESSONS_N,
    L_UNSCHEDULED_N,
    L_CAPACITY_BOUND,
    L_SCHOOL_CHANGES,
    L_NO_CLUSTER,
    L_BEFORE,
    L_AFTER,
    L_MAP,
    L_BY_CLUSTER,
    L_BY_SUBJECT,
    L_ESTIMATE_NOTE,
    L_CLASS_GRIDS,
    L_TEACHER_GRIDS,
    L_ROUTES_DAY,
    L_AREA_URBAN,
    L_AREA_TOWN,
    L_AREA_RURAL,
    L_SORT_HINT,
    L_NONE,
    L_SCHOOLS_N,
    L_TEACHERS_N,
    L_GRADE_SUFFIX,
    L_SHEET_SECONDMENTS,
    L_SECONDMENTS_N,
    L_PREF_GOT,
    L_ENVY_N,
    L_CHANGED_N,
    L_SHEET_LOADS,
    L_SHEET_ROOMS,
    L_ROOM_ID,
    L_ROOM_KIND,
    L_ROOM_CAPACITY,
    L_ROOM_USED,
    L_ROOM_PEAK,
    L_ROOM_SHARE,
    L_LOAD_PERIODS,
    L_MAX_PERIODS,
    L_DAYS_N,
    L_SCHOOLS_TAUGHT,
    L_MASTER,
    L_ALL_TEACHERS,
    L_PENDING,
    L_REASON,
    L_DATE,
    L_ABSENT,
    L_ARRANGEMENT,
    L_COVER_BY,
    L_DETAIL,
    L_SHEET_COVER,
    L_SHEET_NOTICES,
    L_GENDER,
    L_BIRTH_YEAR,
    L_DEGREE,
    L_ROLE,
    L_MODE,
    L_MODE_ROTATION,
    L_SHEET_DISPATCH,
    L_MODE_DISPATCH,
    L_EDU_GROUP,
    L_DISPATCH_AS,
    L_AS_MANAGER,
    L_AS_KEY,
    L_COUNT_
} rotas__label_id;

const char *rotas__label(int id, rotas_lang lang);
const char *rotas__status_label(int status, rotas_lang lang);
/* The outcome of a solve in plain words for people: "已找到方案，与最优差距不超过 7.5%" (no
   objective values or bounds). relaxed: rules had to give. Returns buf. */
const char *rotas__plain_status(char *buf, size_t n, int status, double gap, int relaxed,
                                rotas_lang lang);
/* 男/女 (M/F), 教师/校长/副校长, and a degree level in words. */
const char *rotas__gender_label(char g, rotas_lang lang);
const char *rotas__role_label(int role, rotas_lang lang);
const char *rotas__degree_label(int level, rotas_lang lang);
const char *rotas__key_label(int level, rotas_lang lang);
const char *rotas__day_label(int day, rotas_lang lang); /* 0..6 */
const char *rotas__area_label(int area, rotas_lang lang);

/* Names from the county, never NULL ("?" for a bad index, the id when the name is NULL). */
const char *rotas__school_name(const rotas_county *c, int s);
const char *rotas__subject_name(const rotas_county *c, int s, rotas_lang lang);
const char *rotas__teacher_name(const rotas_county *c, int t);
const char *rotas__teacher_id(const rotas_county *c, int t);
const char *rotas__cluster_name(const rotas_county *c, int k, rotas_lang lang);
/* Class name for people, from its grades and its place among the school's classes of the same
   grades: "一年级1班", "一至三年级复式班" (a second one: "一至三年级复式2班"); English "Grade 1
   Class 1", "Grades 1-3 combined class". */
void rotas__class_label(rotas__buf *b, const rotas_county *c, int k, rotas_lang lang);
/* Short form for dense grids: "一(1)", "一至三(1)"; English "1-1", "1-3/1". */
void rotas__class_short(rotas__buf *b, const rotas_county *c, int k, rotas_lang lang);

/* The reasons of a move as text, joined by "；" (zh) or "; " (en). */
void rotas__reasons_text(rotas__buf *b, const rotas_move *m, const rotas_county *c,
                         const rotas_policy *p, rotas_lang lang);
/* "HH:MM-HH:MM" of period (0-based) at school s, "" when beyond its bell. */
void rotas__bell_text(char *out, size_t n, const rotas_county *c, int s, int period);

/* ---- tables ---- */
#define ROTAS_TABLE_MAX_COLS 16
typedef struct rotas__cell {
    char *text; /* owned; numbers are pre-formatted too */
    double num;
    int is_num;
    int decimals;
    int flag; /* 1: highlight (e.g. indicator over its threshold) */
} rotas__cell;

typedef struct rotas__table {
    const char *csv_name; /* "moves" -> moves.csv */
    int title;            /* label id of the sheet / section */
    size_t n_cols;
    int heads[ROTAS_TABLE_MAX_COLS];
    rotas__cell *cells; /* n_rows * n_cols, row-major */
    size_t n_cells, cap;
    int oom;
} rotas__table;

void rotas__table_init(rotas__table *t, const char *csv_name, int title, size_t n_cols,
                       const int *heads);
void rotas__table_text(rotas__table *t, const char *s);
void rotas__table_num(rotas__table *t, double x, int decimals);
/* Mark the last cell added. */
void rotas__table_flag(rotas__table *t);
size_t rotas__table_rows(const rotas__table *t);
const rotas__cell *rotas__table_cell(const rotas__table *t, size_t row, size_t col);
void rotas__table_free(rotas__table *t);

/* Table builders. Moves are listed in the order of rotas__move_order. */
void rotas__plan_moves_table(rotas__table *t, const rotas_plan *p, const rotas_county *c,
                             rotas_lang lang);
void rotas__plan_unfilled_table(rotas__table *t, const rotas_plan *p, const rotas_county *c,
                                rotas_lang lang);
void rotas__plan_indicators_table(rotas__table *t, const rotas_plan *p, rotas_lang lang);
/* The moves a group's head school sends to its members (reason group_dispatch), 集团派驻. */
void rotas__plan_dispatch_table(rotas__table *t, const rotas_plan *p, const rotas_county *c,
                                rotas_lang lang);
/* How many moves of the plan are group dispatches. */
size_t rotas__plan_n_dispatch(const rotas_plan *p);
void rotas__plan_secondments_table(rotas__table *t, const rotas_plan *p, const rotas_county *c,
                                   rotas_lang lang);
void rotas__plan_summary_table(rotas__table *t, const rotas_plan *p, const rotas_county *c,
                               rotas_lang lang);
void rotas__tt_lessons_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                             rotas_lang lang);
void rotas__tt_routes_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                            rotas_lang lang);
void rotas__tt_unscheduled_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                                 rotas_lang lang);
void rotas__tt_summary_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                             rotas_lang lang);

/* New array of move indexes sorted by from school, to school, teacher id; NULL if none/oom. */
size_t *rotas__move_order(const rotas_plan *p, const rotas_county *c);
/* New array of lesson indexes sorted by school, class, day, period. */
size_t *rotas__lesson_order(const rotas_timetable *tt);

/* CV threshold of a stage row (0 primary, 1 junior, 2 county: none, returns -1). */
double rotas__cv_limit(int row);

/* Estimated unfilled weekly periods per school and subject (n_schools * n_subjects, new):
   required periods of the school's classes minus the periods its teachers whose main subject
   it is can give (max_periods or the policy default), floored at 0. school_of: the school of
   every teacher (NULL: as in the county). */
double *rotas__unfilled_estimate(const rotas_county *c, const rotas_policy *p,
                                 const int *school_of);

/* ---- overviews (render_overview.c) ---- */
/* Why lessons of class k in subject j stayed unscheduled, from the county and the timetable:
   no teacher of the subject may teach the class; the teachers who may are at max_periods; or
   no free time fits (class, teachers, travel and slot rules). Static string. */
const char *rotas__unscheduled_reason(const rotas_timetable *tt, const rotas_county *c, int k,
                                      int j, rotas_lang lang);
/* Teacher loads: teacher, name, main subject, school, periods, max periods, days, schools
   taught, km (its routes). */
/* Each room's use in the timetable (rooms of the cluster's schools; no rows without rooms). */
void rotas__tt_room_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                          rotas_lang lang);
void rotas__tt_load_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                          rotas_lang lang);
/* The entries of a cover: date, day, period, time, school, class, subject, absent teacher,
   arrangement (代课/调课/自习), who teaches, detail (the swapped lesson or the reason). Row i is
   cv->entries[i]. */
void rotas__cover_table(rotas__table *t, const rotas_cover *cv, const rotas_county *c,
                        rotas_lang lang);
/* HTML: each school's 总课表 (classes x days x periods, one A4 landscape page each) and all
   teachers' week on one page (teachers x days x periods, coloured by school). */
void rotas__tt_master_html(rotas__buf *b, const rotas_timetable *tt, const rotas_county *c,
                           const char *has, rotas_lang lang, int *oom);
void rotas__tt_all_teachers_html(rotas__buf *b, const rotas_timetable *tt, const rotas_county *c,
                                 rotas_lang lang, int *oom);

#endif
