/*
 * rotas/county.h - the county model: one struct tree, ids interned to indexes.
 *
 * A county is read from rotas-county/1 JSON (rotas/json.h), CSV (rotas/csv.h) or the SQLite
 * store (rotas/store.h), or made by the generator (rotas/gen.h). Everything that references
 * another entity holds its index (int, -1 for none), never its id string.
 *
 * Fields of the file format that rotas does not know are kept verbatim in `extra` (the JSON
 * text of an object holding the unknown keys, or NULL), so that export gives them back.
 *
 * Life cycle: rotas_county_new() gives an empty county; loaders fill the arrays and then call
 * rotas_county_finalize(), which interns ids, builds the dense travel matrix (with the
 * documented fallback for missing pairs), the curriculum table and the per-school class
 * ranges. Planners and checkers read a finalized county and never change it.
 */
#ifndef ROTAS_COUNTY_H
#define ROTAS_COUNTY_H

#include <stddef.h>

#include "rotas/error.h"

#define ROTAS_FORMAT_COUNTY "rotas-county/1"
#define ROTAS_MAX_GRADE 9
#define ROTAS_DAYS 5

typedef enum rotas_school_kind {
    ROTAS_KIND_URBAN_PRIMARY = 0, /* "urban_primary": county-town primary (城区小学) */
    ROTAS_KIND_URBAN_JUNIOR,      /* "urban_junior": county-town junior middle (城区初中) */
    ROTAS_KIND_CENTRAL_PRIMARY,   /* "central_primary": township central primary (中心小学) */
    ROTAS_KIND_JUNIOR,            /* "junior": township junior middle (初中) */
    ROTAS_KIND_NINE_YEAR,         /* "nine_year": nine-year school (九年一贯制) */
    ROTAS_KIND_COMPLETE_PRIMARY,  /* "complete_primary": village complete primary (完小) */
    ROTAS_KIND_TEACHING_POINT,    /* "teaching_point": teaching point (教学点) */
    ROTAS_KIND_COUNT
} rotas_school_kind;

typedef enum rotas_area {
    ROTAS_AREA_URBAN = 0,
    ROTAS_AREA_TOWN,
    ROTAS_AREA_RURAL,
    ROTAS_AREA_COUNT
} rotas_area;

typedef enum rotas_role {
    ROTAS_ROLE_TEACHER = 0,
    ROTAS_ROLE_PRINCIPAL,
    ROTAS_ROLE_VICE_PRINCIPAL,
    ROTAS_ROLE_COUNT
} rotas_role;

/* Key-teacher level (骨干). The balance indicators and the key share count COUNTY and above. */
typedef enum rotas_key_level {
    ROTAS_KEY_NONE = 0,
    ROTAS_KEY_SCHOOL,   /* "school" */
    ROTAS_KEY_COUNTY,   /* "county", or JSON true */
    ROTAS_KEY_CITY,     /* "city" */
    ROTAS_KEY_PROVINCE, /* "province" */
    ROTAS_KEY_NATIONAL  /* "national" */
} rotas_key_level;

/* Degree (学历), ordered. JSON accepts the English word or the Chinese term. */
typedef enum rotas_degree {
    ROTAS_DEGREE_UNKNOWN = 0,
    ROTAS_DEGREE_SECONDARY, /* "secondary" 中专/高中 */
    ROTAS_DEGREE_COLLEGE,   /* "college" 大专 */
    ROTAS_DEGREE_BACHELOR,  /* "bachelor" 本科 */
    ROTAS_DEGREE_MASTER,    /* "master" 硕士 */
    ROTAS_DEGREE_DOCTOR     /* "doctor" 博士 */
} rotas_degree;

typedef enum rotas_stage { ROTAS_STAGE_PRIMARY = 0, ROTAS_STAGE_JUNIOR = 1 } rotas_stage;

/* A subject's role, as data (field "category"): the code names no subject id. */
typedef enum rotas_subject_category {
    ROTAS_CATEGORY_DEFAULT = 0, /* not given: rotas_county_finalize sets it from the id/name */
    ROTAS_CATEGORY_OTHER,       /* "other" */
    ROTAS_CATEGORY_MAIN,        /* "main": Chinese and maths (kept to the morning) */
    ROTAS_CATEGORY_PE_ARTS,     /* "pe_arts": PE, music, art (the balance indicator) */
    ROTAS_CATEGORY_COUNT
} rotas_subject_category;

typedef struct rotas_subject {
    char *id;     /* "english" */
    char *name;   /* "英语" */
    int shortage; /* 1 for shortage subjects (紧缺学科): served by itinerant teachers */
    rotas_subject_category category; /* kept in extra as "category" when given */
    char *extra;
    /* Kind of room its lessons need ("music", "computer", ...; JSON "room_kind"), NULL for a
       class's own room. At a school with rooms of that kind every lesson of the subject takes
       one of them; at a school without, the lesson is in the class's room (as without rooms). */
    char *room_kind;
} rotas_subject;

typedef struct rotas_cluster {
    char *id;
    char *name;   /* may be NULL */
    int central;  /* school index of the central school, -1 if not stated */
    int declared; /* 1 if listed in clusters[], 0 if only referenced by schools */
    char *extra;
} rotas_cluster;

typedef struct rotas_group {
    char *id; /* education group (教育集团) or pair (结对) id */
    int head; /* the head school (牵头校) that dispatches managers and key teachers to the
                 group's other schools (集团派驻), -1 for none: no dispatch rule */
    char *extra;
} rotas_group;

typedef struct rotas_bell_period {
    int start; /* minutes after midnight */
    int end;
} rotas_bell_period;

/* A period a class cannot have a lesson (JSON: {"day": 1, "period": 1, "reason": "升旗"},
   1-based in the file, 0-based here). */
typedef struct rotas_class_block {
    int day, period;
    char *reason; /* may be NULL */
} rotas_class_block;

/* A span of clock time a teacher cannot teach (JSON: {"day": 3, "start": "14:00", "end":
   "17:00", "reason": "英语教研"}; day 1-based in the file, 0-based here). */
typedef struct rotas_time_block {
    int day;
    int start, end; /* minutes after midnight */
    char *reason;   /* may be NULL */
} rotas_time_block;

typedef struct rotas_class {
    char *id;                    /* unique within its school */
    int school;                  /* school index */
    int grades[ROTAS_MAX_GRADE]; /* grades 1..9, ascending, n_grades > 1 for multi-grade classes */
    size_t n_grades;
    int students;
    char *extra;
    /* Periods the class is not available (assembly, 升旗): day 0..4, period 0-based. */
    struct rotas_class_block *unavailable;
    size_t n_unavailable;
} rotas_class;

/* A shared room of a school (JSON "schools[].rooms[]"): a music room, a computer room, a gym,
   a playground. capacity: classes it takes at once (a small playground 2, a computer room 1). */
typedef struct rotas_room {
    char *id;   /* unique within its school */
    char *name; /* may be NULL */
    char *kind; /* matched against subjects[].room_kind */
    int capacity;
    char *extra;
} rotas_room;

typedef struct rotas_school {
    char *id;
    char *name;
    rotas_school_kind kind;
    rotas_area area;
    int cluster;  /* cluster index, -1 for none (county-town schools often have none) */
    int group;    /* group index, -1 for none */
    int hardship; /* 0..3 */
    double lat, lon;
    int students;
    int staff_quota;
    size_t first_class; /* this school's classes are county->classes[first_class ..+n_classes) */
    size_t n_classes;
    rotas_bell_period *bell; /* NULL: the default bell (rotas_default_bell) */
    size_t n_bell;
    char *extra;
    rotas_room *rooms; /* may be NULL */
    size_t n_rooms;
} rotas_school;

typedef struct rotas_travel {
    int from, to; /* school indexes; the pair is symmetric */
    double km;
    double minutes;
    char *extra;
} rotas_travel;

typedef struct rotas_curriculum_row {
    int grade;
    int subject;
    int periods;
    char *extra;
} rotas_curriculum_row;

typedef struct rotas_teacher {
    char *id;
    char *name;
    char gender; /* 'M' or 'F' */
    int birth_year;
    int school;    /* school index */
    int *subjects; /* subject indexes, first = main subject */
    size_t n_subjects;
    rotas_role role;
    int school_since;   /* year */
    int post_since;     /* year; equals school_since where not given */
    int key;            /* rotas_key_level */
    int key_is_bool;    /* the file said true/false rather than a level (kept for export) */
    char *title;        /* 职称, free text, may be NULL */
    char *degree;       /* as written, may be NULL */
    int degree_level;   /* rotas_degree, derived from degree */
    char *exempt;       /* NULL: not exempt; else the reason */
    int exchange_until; /* 0: null; else the last year of the current exchange */
    int *preferences;   /* school indexes, best first */
    size_t n_preferences;
    int max_periods; /* 0: policy default_max_periods */
    char *extra;
    /* Everyday constraints (all optional in the file): */
    rotas_time_block *unavailable; /* times the teacher cannot teach */
    size_t n_unavailable;
    int max_days;       /* 0: no limit; else teaches on at most this many days a week */
    int middle_leader;  /* 1: a middle leader (中层干部), candidate for secondment */
    int hardship_years; /* years served before in rural or hardship schools (priority score) */
} rotas_teacher;

/* Subject slot rules for timetables (JSON "subject_rules[]"). */
typedef struct rotas_subject_rule {
    int subject;
    int not_first_period; /* never in a school's first period of the day */
    int not_after_lunch;  /* never in the first period after the midday break */
    int before_period;    /* 0: none; else, where possible, in periods 1..before_period */
    char *extra;
} rotas_subject_rule;

/* A lesson fixed in place (JSON "fixed_lessons[]"; day and period 1-based in the file). */
typedef struct rotas_fixed_lesson {
    int klass, subject, teacher; /* klass: global class index */
    int day, period;             /* 0-based */
    char *extra;
} rotas_fixed_lesson;

/* A decision the bureau has already taken for the rotation plan (JSON "decisions[]", or a
   rotas-decisions/1 file given to `rotas plan --decisions`). */
typedef enum rotas_decision_kind {
    ROTAS_DECISION_MOVE = 0,    /* "move": teacher must go to school */
    ROTAS_DECISION_STAY,        /* "stay": teacher stays this year (deferred), with a reason */
    ROTAS_DECISION_RECEIVE_KEY, /* "receive_key": school must receive a key teacher of subject */
    ROTAS_DECISION_TOGETHER,    /* "together": two teachers move together or not at all */
    ROTAS_DECISION_COUNT
} rotas_decision_kind;

typedef struct rotas_decision {
    rotas_decision_kind kind;
    int teacher;  /* move, stay, together */
    int teacher2; /* together */
    int school;   /* move: destination; receive_key: the receiving school; else -1 */
    int subject;  /* receive_key: subject of the key teacher, -1 for any */
    char *reason; /* may be NULL */
    char *extra;
} rotas_decision;

typedef struct rotas_county {
    char *name; /* may be NULL */
    int year;   /* the data's reference year, 0 if not given */
    rotas_subject *subjects;
    size_t n_subjects;
    rotas_cluster *clusters;
    size_t n_clusters;
    rotas_group *groups;
    size_t n_groups;
    rotas_school *schools;
    size_t n_schools;
    rotas_class *classes; /* all classes, grouped by school in school order */
    size_t n_classes;
    rotas_travel *travel; /* as given (kept for export) */
    size_t n_travel;
    rotas_curriculum_row *curriculum;
    size_t n_curriculum;
    rotas_teacher *teachers;
    size_t n_teachers;
    char *extra; /* unknown top-level keys */
    rotas_subject_rule *subject_rules;
    size_t n_subject_rules;
    rotas_fixed_lesson *fixed_lessons;
    size_t n_fixed_lessons;
    rotas_decision *decisions;
    size_t n_decisions;

    /* Derived by rotas_county_finalize(): */
    double *km;                /* n_schools * n_schools, km[a * n + b] */
    double *minutes;           /* n_schools * n_schools */
    unsigned char *estimated;  /* 1 where the pair was missing and the fallback was used */
    size_t n_estimated_pairs;  /* unordered pairs a != b filled by the fallback */
    int *periods;              /* (ROTAS_MAX_GRADE + 1) * n_subjects: periods[g * n_subjects + s] */
    struct rotas_index *index; /* id lookups (private) */
} rotas_county;

/* An empty county. Caller owns; release with rotas_county_free. NULL on out of memory. */
rotas_county *rotas_county_new(void);
/* Release a county and everything it owns. NULL-safe. */
void rotas_county_free(rotas_county *c);

/*
 * Build the derived tables: id index, class ranges, dense travel matrix, curriculum table.
 * Reference checks are the loaders' job; finalize fails only on out of memory or on
 * duplicate ids (ROTAS_EINPUT, message names the id).
 * Missing travel pairs: straight-line (haversine) distance x 1.3 km at 30 km/h.
 */
rotas_rc rotas_county_finalize(rotas_county *c, rotas_error *err);

/* Index lookups on a finalized county; -1 when unknown. */
int rotas_county_school(const rotas_county *c, const char *id);
int rotas_county_subject(const rotas_county *c, const char *id);
int rotas_county_teacher(const rotas_county *c, const char *id);
int rotas_county_cluster(const rotas_county *c, const char *id);
/* Class of a school by class id; returns the global class index or -1. */
int rotas_county_class(const rotas_county *c, int school, const char *class_id);

/* Weekly periods of subject s for a class: the largest over its grades (multi-grade classes). */
int rotas_class_periods(const rotas_county *c, const rotas_class *k, int s);
/* Travel between two schools (0 for a == b). */
double rotas_county_km(const rotas_county *c, int a, int b);
double rotas_county_minutes(const rotas_county *c, int a, int b);

/* Stage of a school for staffing norms and balance indicators (nine-year counts as junior
   when most of its students are in grades 7-9, else primary). */
rotas_stage rotas_school_stage(const rotas_county *c, const rotas_school *s);
/* Legal class size for a stage: 45 primary, 50 junior. */
int rotas_stage_max_class_size(rotas_stage st);
/* Degree above the requirement for the stage (primary: college+, junior: bachelor+). */
int rotas_degree_above_requirement(int degree_level, rotas_stage st);

/* Classes a school's rooms of a kind take at once (the sum of their capacities); 0 when the
   school has none of that kind or kind is NULL. */
int rotas_school_room_capacity(const rotas_school *s, const char *kind);
/* Room of a school by id: its index in s->rooms, or -1. */
int rotas_school_room(const rotas_school *s, const char *id);

/* Bell of a school: its own, or the default (7 periods). Borrowed, never NULL. */
const rotas_bell_period *rotas_school_bell(const rotas_school *s, size_t *n_out);
extern const rotas_bell_period rotas_default_bell[];
extern const size_t rotas_default_bell_len;

/* Names for enums ("urban_primary", "rural", "vice_principal", "county", "bachelor").
   Parsers return -1 for unknown text. Degrees also accept 中专 大专 本科 硕士 博士. */
const char *rotas_kind_name(rotas_school_kind k);
int rotas_kind_parse(const char *s);
const char *rotas_area_name(rotas_area a);
int rotas_area_parse(const char *s);
const char *rotas_role_name(rotas_role r);
int rotas_role_parse(const char *s);
const char *rotas_decision_kind_name(rotas_decision_kind k);
int rotas_decision_kind_parse(const char *s);
const char *rotas_key_name(int level);
/* "main", "pe_arts", "other"; parse gives -1 for an unknown name. */
const char *rotas_subject_category_name(rotas_subject_category k);
int rotas_subject_category_parse(const char *s);
/* The category a subject gets when none is given, from well-known ids and names
   ("pe", "体育与健康", "music", "音乐", "chinese", "语文", ...); OTHER for the rest. */
rotas_subject_category rotas_subject_category_default(const char *id, const char *name);
int rotas_key_parse(const char *s);
int rotas_degree_parse(const char *s);

/* strdup that returns NULL for NULL. */
char *rotas_strdup(const char *s);

#endif
