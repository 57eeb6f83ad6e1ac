/*
 * json_county.c - reading rotas-county/1: loading the file safely, validating every field and
 * building the county model.
 *
 * Validation reports every problem it finds, each as "<where>: expected <what>, found <what
 * was there>", where <where> is the JSON path as the locator renders it (the CSV reader maps
 * paths to file:line:column). Only when no problem was found is the county built and finalized.
 *
 * Unknown keys of every object are kept as the JSON text of an object holding them (`extra`).
 * Bell periods have no `extra` of their own: their unknown keys are kept in the school's extra
 * under the key "bell" (a name the school itself never leaves unknown) as an array with one
 * object per period; the writer (json_county_write.c) puts them back.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "i18n_int.h"
#include "json_int.h"
#include "researchers_int.h"
#include "rotas/json.h"
#include "strmap_int.h"

#define PATH_MAX_LEN 256

typedef struct v_ctx {
    rotas__locate_fn loc;
    void *ctx;
    rotas_diags *d;
    size_t n;     /* problems found */
    int nomem;    /* an allocation failed */
    int ref_year; /* the county year, or the current calendar year */
    int max_year; /* latest year a start date may name */
    char *first;  /* the first message (for the one-line summary) */
} v_ctx;

/* ---- reporting -------------------------------------------------------------------------- */

static void report(v_ctx *v, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void rotas__json_vreport(rotas__locate_fn loc, void *ctx, rotas_diags *d, size_t *n, char **first,
                         const char *path, const char *fmt, va_list ap)
{
    char where[512], msg[768];
    if (loc) {
        where[0] = '\0';
        loc(ctx, path, where, sizeof where);
    } else {
        snprintf(where, sizeof where, "%s", path);
    }
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (!*first) {
        /* "where: msg" in the user's language (the separator is "：" in Chinese) */
        size_t len = (size_t)snprintf(NULL, 0, _("%s: %s"), where, msg) + 1;
        if ((*first = malloc(len)))
            snprintf(*first, len, _("%s: %s"), where, msg);
    }
    (*n)++;
    if (d)
        rotas_diags_add(d, _("%s: %s"), where, msg);
}

static void report(v_ctx *v, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rotas__json_vreport(v->loc, v->ctx, v->d, &v->n, &v->first, path, fmt, ap);
    va_end(ap);
}

const char *rotas__json_found(const json_t *j, char *buf, size_t n)
{
    if (!j) {
        snprintf(buf, n, "%s", _("nothing"));
        return buf;
    }
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        snprintf(buf, n, "%s", _("an object"));
        break;
    case JSON_ARRAY:
        snprintf(buf, n, "%s", _("an array"));
        break;
    case JSON_STRING: {
        const char *s = json_string_value(j);
        size_t len = json_string_length(j), keep = len;
        if (keep > 60) {
            keep = 60;
            while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
                keep--; /* do not cut a UTF-8 sequence */
        }
        json_t *cut = json_stringn(s, keep);
        char *q = cut ? json_dumps(cut, JSON_ENCODE_ANY) : NULL;
        snprintf(buf, n, "%s%s", q ? q : _("a string"), keep < len ? "..." : "");
        free(q);
        json_decref(cut);
        break;
    }
    case JSON_INTEGER:
        snprintf(buf, n, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
        break;
    case JSON_REAL: {
        double x = json_real_value(j);
        /* show 1.0 as "1.0": a real where an integer is expected must look like one */
        if (x == (double)(long long)x && x > -1e15 && x < 1e15)
            snprintf(buf, n, "%.1f", x);
        else
            snprintf(buf, n, "%.15g", x);
        break;
    }
    case JSON_TRUE:
        snprintf(buf, n, "true");
        break;
    case JSON_FALSE:
        snprintf(buf, n, "false");
        break;
    case JSON_NULL:
        snprintf(buf, n, "%s", _("null"));
        break;
    }
    return buf;
}

static void expected(v_ctx *v, const char *path, const char *what, const json_t *j)
{
    char f[160];
    report(v, path, _("expected %s, found %s"), what, rotas__json_found(j, f, sizeof f));
}

static void pathf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pathf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, PATH_MAX_LEN, fmt, ap);
    va_end(ap);
}

/* base.key, or key alone at the top level (base ""). */
static void join(char *p, const char *base, const char *key)
{
    pathf(p, "%s%s%s", base, *base ? "." : "", key);
}

/* ---- field access ----------------------------------------------------------------------- */

/* The value of key in obj, or NULL; a missing required field is reported at base. */
static json_t *field(v_ctx *v, json_t *obj, const char *base, const char *key, int required)
{
    json_t *j = json_object_get(obj, key);
    if (!j && required)
        report(v, *base ? base : _("(top level)"), _("missing required field \"%s\""), key);
    return j;
}

/* A string value (borrowed from the document) or NULL after reporting. */
static const char *get_str(v_ctx *v, json_t *obj, const char *base, const char *key, int required,
                           int nonempty, const char *what)
{
    char p[PATH_MAX_LEN];
    json_t *j = field(v, obj, base, key, required);
    if (!j)
        return NULL;
    join(p, base, key);
    if (!json_is_string(j) || (nonempty && json_string_length(j) == 0)) {
        expected(v, p, what, j);
        return NULL;
    }
    if (strlen(json_string_value(j)) != json_string_length(j)) {
        expected(v, p, _("a string without NUL characters"), j);
        return NULL;
    }
    return json_string_value(j);
}

/* String or null: *out NULL for null. Returns 1 when valid (or absent and optional). */
static int get_str_or_null(v_ctx *v, json_t *obj, const char *base, const char *key, int required,
                           const char *what, const char **out)
{
    char p[PATH_MAX_LEN];
    *out = NULL;
    json_t *j = field(v, obj, base, key, required);
    if (!j)
        return !required;
    if (json_is_null(j))
        return 1;
    join(p, base, key);
    if (!json_is_string(j) || json_string_length(j) == 0 ||
        strlen(json_string_value(j)) != json_string_length(j)) {
        expected(v, p, what, j);
        return 0;
    }
    *out = json_string_value(j);
    return 1;
}

/* An integer in lo..hi. Returns 1 and sets *out when valid. */
static int get_int(v_ctx *v, json_t *obj, const char *base, const char *key, int required, long lo,
                   long hi, const char *what, int *out)
{
    char p[PATH_MAX_LEN];
    json_t *j = field(v, obj, base, key, required);
    if (!j)
        return 0;
    join(p, base, key);
    if (!json_is_integer(j) || json_integer_value(j) < lo || json_integer_value(j) > hi) {
        expected(v, p, what, j);
        return 0;
    }
    *out = (int)json_integer_value(j);
    return 1;
}

/* A number (integer or real) in lo..hi. */
static int get_num(v_ctx *v, json_t *obj, const char *base, const char *key, int required,
                   double lo, double hi, const char *what, double *out)
{
    char p[PATH_MAX_LEN];
    json_t *j = field(v, obj, base, key, required);
    if (!j)
        return 0;
    join(p, base, key);
    if (!json_is_number(j) || !(json_number_value(j) >= lo && json_number_value(j) <= hi)) {
        expected(v, p, what, j);
        return 0;
    }
    *out = json_number_value(j);
    return 1;
}

static char *dup(v_ctx *v, const char *s)
{
    if (!s)
        return NULL;
    char *d = rotas_strdup(s);
    if (!d)
        v->nomem = 1;
    return d;
}

/* Keep the keys of obj that are not in known (NULL-terminated) as a JSON object text. */
static char *take_extra(v_ctx *v, json_t *obj, const char *const *known)
{
    json_t *ex = NULL;
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val)
    {
        int k = 0;
        for (const char *const *p = known; *p; p++)
            if (!strcmp(*p, key))
                k = 1;
        if (k)
            continue;
        if (!ex && !(ex = json_object())) {
            v->nomem = 1;
            return NULL;
        }
        if (json_object_set(ex, key, val) != 0)
            v->nomem = 1;
    }
    if (!ex)
        return NULL;
    char *s = json_dumps(ex, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    if (!s)
        v->nomem = 1;
    json_decref(ex);
    return s;
}

/* An array at key (required or not); reports a wrong type. */
static json_t *get_array(v_ctx *v, json_t *obj, const char *base, const char *key, int required,
                         const char *what)
{
    json_t *j = field(v, obj, base, key, required);
    if (!j)
        return NULL;
    if (!json_is_array(j)) {
        char p[PATH_MAX_LEN];
        join(p, base, key);
        expected(v, p, what, j);
        return NULL;
    }
    return j;
}

/* "one of a, b, c" for an enum's names. */
static void names_list(char *buf, size_t n, const char *(*name)(int), int count)
{
    size_t len = 0;
    buf[0] = '\0';
    len += (size_t)snprintf(buf, n, "%s", _("one of "));
    for (int i = 0; i < count && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s\"%s\"", i ? ", " : "", name(i));
}

static const char *kind_name_i(int i)
{
    return rotas_kind_name((rotas_school_kind)i);
}
static const char *area_name_i(int i)
{
    return rotas_area_name((rotas_area)i);
}
static const char *role_name_i(int i)
{
    return rotas_role_name((rotas_role)i);
}
static const char *key_name_i(int i)
{
    return rotas_key_name(i + 1);
}

/* "HH:MM" -> minutes after midnight, -1 if malformed. */
static int parse_hhmm(const char *s)
{
    int h = 0, m = 0, i = 0;
    if (!s)
        return -1;
    if (s[i] < '0' || s[i] > '9')
        return -1;
    h = s[i++] - '0';
    if (s[i] >= '0' && s[i] <= '9')
        h = h * 10 + (s[i++] - '0');
    if (s[i++] != ':')
        return -1;
    if (s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9')
        return -1;
    m = (s[i] - '0') * 10 + (s[i + 1] - '0');
    if (s[i + 2] != '\0' || h > 23 || m > 59)
        return -1;
    return h * 60 + m;
}

/* ---- the county --------------------------------------------------------------------------- */

typedef struct maps {
    rotas_strmap subjects, schools, clusters, groups, teachers;
    int clusters_declared, groups_declared;
} maps;

static void maps_free(maps *m)
{
    rotas_strmap_free(&m->subjects);
    rotas_strmap_free(&m->schools);
    rotas_strmap_free(&m->clusters);
    rotas_strmap_free(&m->groups);
    rotas_strmap_free(&m->teachers);
}

/* Map the ids of arr's objects (key "id"); duplicates and bad ids are reported. */
static int map_ids(v_ctx *v, rotas_strmap *m, json_t *arr, const char *name, const char *what)
{
    size_t n = arr ? json_array_size(arr) : 0;
    if (rotas_strmap_init(m, n) != 0) {
        v->nomem = 1;
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(arr, i);
        char base[PATH_MAX_LEN];
        pathf(base, "%s[%zu]", name, i);
        if (!json_is_object(o))
            continue; /* reported by the full pass */
        json_t *j = json_object_get(o, "id");
        if (!json_is_string(j) || json_string_length(j) == 0 ||
            strlen(json_string_value(j)) != json_string_length(j))
            continue; /* reported by the full pass */
        int r = rotas_strmap_put(m, json_string_value(j), (int)i);
        if (r < 0) {
            v->nomem = 1;
            return -1;
        }
        if (r == 1) {
            char p[PATH_MAX_LEN], f[160];
            pathf(p, "%s.id", base);
            report(v, p, _("expected a unique %s id, found %s again (first at %s[%d])"), what,
                   rotas__json_found(j, f, sizeof f), name,
                   rotas_strmap_get(m, json_string_value(j)));
        }
    }
    return 0;
}

/* Resolve a reference (string value at path) to an index in m, or report. -1 if bad. */
static int resolve(v_ctx *v, const rotas_strmap *m, json_t *j, const char *path, const char *what)
{
    int i = json_is_string(j) ? rotas_strmap_get(m, json_string_value(j)) : -1;
    if (i < 0)
        expected(v, path, what, j);
    return i;
}

static const char *const top_keys[] = {
    "format", "name",       "year",     "subjects",      "clusters",      "groups",    "schools",
    "travel", "curriculum", "teachers", "subject_rules", "fixed_lessons", "decisions", NULL};
static const char *const subject_keys[] = {"id", "name", "shortage", "room_kind", NULL};
static const char *const cluster_keys[] = {"id", "name", "central", NULL};
static const char *const group_keys[] = {"id", "head", NULL};
static const char *const school_keys[] = {"id",          "name",     "kind", "area",  "cluster",
                                          "group",       "hardship", "lat",  "lon",   "students",
                                          "staff_quota", "classes",  "bell", "rooms", NULL};
static const char *const room_keys[] = {"id", "name", "kind", "capacity", NULL};
static void read_rooms(v_ctx *v, rotas_school *s, json_t *arr, const char *sbase);
static const char *const class_keys[] = {"id", "grades", "students", "unavailable", NULL};
static const char *const class_block_keys[] = {"day", "period", "reason", NULL};
static const char *const time_block_keys[] = {"day", "start", "end", "reason", NULL};
static const char *const rule_keys[] = {"subject", "not_first_period", "not_after_lunch",
                                        "before_period", NULL};
static const char *const fixed_keys[] = {"school", "class",  "subject", "teacher",
                                         "day",    "period", NULL};
static const char *const decision_keys[] = {"kind",    "teacher", "teachers", "school",
                                            "subject", "reason",  NULL};
static const char *const bell_keys[] = {"start", "end", NULL};
static const char *const travel_keys[] = {"from", "to", "km", "minutes", NULL};
static const char *const curriculum_keys[] = {"grade", "subject", "periods", NULL};
static const char *const teacher_keys[] = {
    "id",          "name",        "gender",       "birth_year",     "school",
    "subjects",    "role",        "school_since", "post_since",     "key",
    "title",       "degree",      "exempt",       "exchange_until", "preferences",
    "max_periods", "unavailable", "max_days",     "middle_leader",  "hardship_years",
    NULL};

static void read_subjects(v_ctx *v, rotas_county *c, json_t *arr)
{
    size_t n = json_array_size(arr);
    c->subjects = calloc(n ? n : 1, sizeof *c->subjects);
    if (!c->subjects) {
        v->nomem = 1;
        return;
    }
    c->n_subjects = n;
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN];
        json_t *o = json_array_get(arr, i);
        rotas_subject *s = &c->subjects[i];
        pathf(base, "subjects[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object with id, name and shortage"), o);
            continue;
        }
        s->id = dup(v, get_str(v, o, base, "id", 1, 1, _("a non-empty string id")));
        s->name = dup(v, get_str(v, o, base, "name", 1, 0, _("a string")));
        json_t *sh = field(v, o, base, "shortage", 1);
        if (sh && !json_is_boolean(sh)) {
            pathf(p, "%s.shortage", base);
            expected(v, p, _("true or false"), sh);
        }
        s->shortage = json_is_true(sh);
        /* "category" is read here and kept with the extra fields, so every writer and the
           store give it back as it was given (absent stays absent: defaulted on finalize) */
        json_t *cat = json_object_get(o, "category");
        if (cat) {
            int k = json_is_string(cat) ? rotas_subject_category_parse(json_string_value(cat)) : -1;
            pathf(p, "%s.category", base);
            if (k < 0)
                expected(v, p, _("\"main\", \"pe_arts\" or \"other\""), cat);
            else
                s->category = (rotas_subject_category)k;
        }
        const char *rk = NULL;
        get_str_or_null(v, o, base, "room_kind", 0,
                        _("a kind of room (\"music\", \"computer\", ...) or null"), &rk);
        s->room_kind = dup(v, rk);
        s->extra = take_extra(v, o, subject_keys);
    }
}

static void read_clusters(v_ctx *v, rotas_county *c, maps *m, json_t *arr, size_t n_schools)
{
    size_t n = arr ? json_array_size(arr) : 0;
    size_t cap = arr ? n : n_schools;
    c->clusters = calloc(cap ? cap : 1, sizeof *c->clusters);
    if (!c->clusters) {
        v->nomem = 1;
        return;
    }
    if (!arr) {
        if (rotas_strmap_init(&m->clusters, n_schools) != 0)
            v->nomem = 1;
        return;
    }
    m->clusters_declared = 1;
    c->n_clusters = n;
    if (map_ids(v, &m->clusters, arr, "clusters", _("cluster")) != 0)
        return;
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN];
        json_t *o = json_array_get(arr, i);
        rotas_cluster *k = &c->clusters[i];
        k->declared = 1;
        k->central = -1;
        pathf(base, "clusters[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object with id (and optional name, central)"), o);
            continue;
        }
        k->id = dup(v, get_str(v, o, base, "id", 1, 1, _("a non-empty string id")));
        const char *name = NULL;
        get_str_or_null(v, o, base, "name", 0, _("a non-empty string or null"), &name);
        k->name = dup(v, name);
        json_t *cen = json_object_get(o, "central");
        if (cen && !json_is_null(cen)) {
            pathf(p, "%s.central", base);
            k->central = resolve(v, &m->schools, cen, p, _("the id of a school in schools[]"));
        }
        k->extra = take_extra(v, o, cluster_keys);
    }
}

static void read_groups(v_ctx *v, rotas_county *c, maps *m, json_t *arr, size_t n_schools)
{
    size_t n = arr ? json_array_size(arr) : 0;
    size_t cap = arr ? n : n_schools;
    c->groups = calloc(cap ? cap : 1, sizeof *c->groups);
    if (!c->groups) {
        v->nomem = 1;
        return;
    }
    for (size_t i = 0; i < cap; i++)
        c->groups[i].head = -1;
    if (!arr) {
        if (rotas_strmap_init(&m->groups, n_schools) != 0)
            v->nomem = 1;
        return;
    }
    m->groups_declared = 1;
    c->n_groups = n;
    if (map_ids(v, &m->groups, arr, "groups", _("group")) != 0)
        return;
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN];
        json_t *o = json_array_get(arr, i);
        pathf(base, "groups[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object with id"), o);
            continue;
        }
        c->groups[i].id = dup(v, get_str(v, o, base, "id", 1, 1, _("a non-empty string id")));
        json_t *hd = json_object_get(o, "head");
        if (hd && !json_is_null(hd)) {
            char p[PATH_MAX_LEN];
            pathf(p, "%s.head", base);
            c->groups[i].head =
                resolve(v, &m->schools, hd, p, _("the id of a school in schools[]"));
        }
        c->groups[i].extra = take_extra(v, o, group_keys);
    }
}

/* arr[i].key names school s, which is not of that cluster or group (kind): it is in the one
   with id other_id (in_other), or in none. */
static void not_a_member(v_ctx *v, const rotas_county *c, const char *arr, const char *key,
                         const char *kind, size_t i, const char *id, int s, const char *other_id,
                         int in_other)
{
    char p[PATH_MAX_LEN];
    if (!c->schools[s].id)
        return;
    pathf(p, "%s[%zu].%s", arr, i, key);
    if (in_other)
        report(v, p, _("expected a school of %s \"%s\", found \"%s\" (in %s \"%s\")"), kind,
               id ? id : "?", c->schools[s].id, kind, other_id ? other_id : "");
    else
        report(v, p, _("expected a school of %s \"%s\", found \"%s\" (in no %s)"), kind,
               id ? id : "?", c->schools[s].id, kind);
}

/* School's cluster or group reference: a declared id, or (undeclared) any id, or null. */
static int school_ref(v_ctx *v, json_t *o, const char *base, const char *key, rotas_strmap *m,
                      int declared, char **ids_slot, size_t stride, size_t *n_items, int is_cluster)
{
    char p[PATH_MAX_LEN], what[96];
    json_t *j = field(v, o, base, key, 0);
    if (!j || json_is_null(j))
        return -1;
    join(p, base, key);
    if (declared) {
        snprintf(what, sizeof what, _("the id of a %s in %ss[] or null"), _(key), key);
        return resolve(v, m, j, p, what);
    }
    if (!json_is_string(j) || json_string_length(j) == 0 ||
        strlen(json_string_value(j)) != json_string_length(j)) {
        snprintf(what, sizeof what, _("a %s id (a non-empty string) or null"), _(key));
        expected(v, p, what, j);
        return -1;
    }
    const char *id = json_string_value(j);
    int idx = rotas_strmap_get(m, id);
    if (idx >= 0)
        return idx;
    idx = (int)*n_items;
    char **slot = (char **)((char *)ids_slot + (size_t)idx * stride);
    *slot = dup(v, id);
    if (!*slot)
        return -1;
    if (is_cluster) {
        rotas_cluster *k = (rotas_cluster *)(void *)slot;
        k->central = -1;
        k->declared = 0;
    } else {
        ((rotas_group *)(void *)slot)->head = -1;
    }
    if (rotas_strmap_put(m, *slot, idx) < 0) {
        v->nomem = 1;
        return -1;
    }
    (*n_items)++;
    return idx;
}

static void read_classes(v_ctx *v, rotas_county *c, json_t *arr, const char *sbase, int school)
{
    size_t n = json_array_size(arr);
    rotas_strmap ids = {0};
    if (rotas_strmap_init(&ids, n) != 0) {
        v->nomem = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN], f[160];
        json_t *o = json_array_get(arr, i);
        rotas_class *k = &c->classes[c->n_classes++];
        k->school = school;
        pathf(base, "%s.classes[%zu]", sbase, i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object with id, grades and students"), o);
            continue;
        }
        const char *id = get_str(v, o, base, "id", 1, 1, _("a non-empty string id"));
        k->id = dup(v, id);
        if (id) {
            int r = rotas_strmap_put(&ids, id, (int)i);
            if (r < 0)
                v->nomem = 1;
            else if (r == 1) {
                pathf(p, "%s.id", base);
                report(v, p,
                       _("expected a class id unique in its school, found %s again "
                         "(first at %s.classes[%d])"),
                       rotas__json_found(json_object_get(o, "id"), f, sizeof f), sbase,
                       rotas_strmap_get(&ids, id));
            }
        }
        int junior = 0;
        json_t *g = get_array(v, o, base, "grades", 1, _("an array of grades 1..9"));
        if (g) {
            if (json_array_size(g) == 0) {
                pathf(p, "%s.grades", base);
                report(v, p, _("expected at least one grade 1..9, found an empty array"));
            }
            unsigned seen = 0;
            for (size_t gi = 0; gi < json_array_size(g); gi++) {
                json_t *gj = json_array_get(g, gi);
                pathf(p, "%s.grades[%zu]", base, gi);
                if (!json_is_integer(gj) || json_integer_value(gj) < 1 ||
                    json_integer_value(gj) > ROTAS_MAX_GRADE) {
                    expected(v, p, _("a grade 1..9"), gj);
                    continue;
                }
                int gr = (int)json_integer_value(gj);
                if (seen & (1u << gr)) {
                    report(v, p, _("expected each grade once, found %d again"), gr);
                    continue;
                }
                seen |= 1u << gr;
                if (gr >= 7)
                    junior = 1;
            }
            k->n_grades = 0;
            for (int gr = 1; gr <= ROTAS_MAX_GRADE; gr++)
                if (seen & (1u << gr))
                    k->grades[k->n_grades++] = gr;
        }
        int cap = rotas_stage_max_class_size(junior ? ROTAS_STAGE_JUNIOR : ROTAS_STAGE_PRIMARY);
        json_t *st = field(v, o, base, "students", 1);
        if (st) {
            pathf(p, "%s.students", base);
            if (!json_is_integer(st) || json_integer_value(st) < 0)
                expected(v, p, _("a number of students (an integer 0 or more)"), st);
            else if (json_integer_value(st) > cap)
                report(v, p,
                       junior ? _("expected at most %d students (the legal size of a junior "
                                  "class), found %lld")
                              : _("expected at most %d students (the legal size of a primary "
                                  "class), found %lld"),
                       cap, (long long)json_integer_value(st));
            else
                k->students = (int)json_integer_value(st);
        }
        k->extra = take_extra(v, o, class_keys);
    }
    rotas_strmap_free(&ids);
}

/* Bell: returns the unknown keys of its periods as a JSON array (new) or NULL if none. */
static json_t *read_bell(v_ctx *v, rotas_school *s, json_t *arr, const char *sbase)
{
    char p[PATH_MAX_LEN];
    json_t *extras = NULL;
    int any_extra = 0;
    size_t n = json_array_size(arr);
    pathf(p, "%s.bell", sbase);
    if (n == 0) {
        report(v, p,
               _("expected at least one period {\"start\": \"08:00\", \"end\": \"08:40\"}, "
                 "found an empty array"));
        return NULL;
    }
    if (n > 20) {
        report(v, p, _("expected at most 20 periods a day, found %zu"), n);
        return NULL;
    }
    s->bell = calloc(n, sizeof *s->bell);
    extras = json_array();
    if (!s->bell || !extras) {
        v->nomem = 1;
        json_decref(extras);
        return NULL;
    }
    s->n_bell = n;
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN];
        json_t *o = json_array_get(arr, i);
        pathf(base, "%s.bell[%zu]", sbase, i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object {\"start\": \"HH:MM\", \"end\": \"HH:MM\"}"), o);
            json_array_append_new(extras, json_object());
            continue;
        }
        int t[2] = {-1, -1};
        const char *keys[2] = {"start", "end"};
        for (int e = 0; e < 2; e++) {
            json_t *j = field(v, o, base, keys[e], 1);
            if (!j)
                continue;
            pathf(p, "%s.%s", base, keys[e]);
            t[e] = json_is_string(j) ? parse_hhmm(json_string_value(j)) : -1;
            if (t[e] < 0)
                expected(v, p, _("a time of day \"HH:MM\""), j);
        }
        s->bell[i].start = t[0];
        s->bell[i].end = t[1];
        if (t[0] >= 0 && t[1] >= 0 && t[1] <= t[0]) {
            pathf(p, "%s.end", base);
            report(v, p, _("expected a time after the start %02d:%02d, found \"%02d:%02d\""),
                   t[0] / 60, t[0] % 60, t[1] / 60, t[1] % 60);
        }
        if (i > 0 && t[0] >= 0 && s->bell[i - 1].end >= 0 && t[0] < s->bell[i - 1].end) {
            pathf(p, "%s.start", base);
            report(v, p,
                   _("expected a time no earlier than the end of the period before "
                     "(%02d:%02d; periods in order, not overlapping), found \"%02d:%02d\""),
                   s->bell[i - 1].end / 60, s->bell[i - 1].end % 60, t[0] / 60, t[0] % 60);
        }
        char *ex = take_extra(v, o, bell_keys);
        json_t *exj = ex ? json_loads(ex, 0, NULL) : json_object();
        free(ex);
        if (ex)
            any_extra = 1;
        if (!exj || json_array_append_new(extras, exj) != 0)
            v->nomem = 1;
    }
    if (!any_extra) {
        json_decref(extras);
        return NULL;
    }
    return extras;
}

/* ---- everyday constraints: unavailable times ------------------------------------------------ */

/* Put arr (new reference, consumed) under key in the JSON object text *extra. */
static void stash_extra(v_ctx *v, char **extra, const char *key, json_t *arr)
{
    json_t *ex = *extra ? json_loads(*extra, 0, NULL) : json_object();
    free(*extra);
    *extra = NULL;
    if (!ex || json_object_set(ex, key, arr) != 0)
        v->nomem = 1;
    else if (!(*extra =
                   json_dumps(ex, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))))
        v->nomem = 1;
    json_decref(ex);
    json_decref(arr);
}

/* The unknown keys of one entry appended to extras (an array); sets *any when there were. */
static void keep_entry_extra(v_ctx *v, json_t *extras, json_t *o, const char *const *known,
                             int *any)
{
    char *ex = json_is_object(o) ? take_extra(v, o, known) : NULL;
    json_t *exj = ex ? json_loads(ex, 0, NULL) : json_object();
    if (ex)
        *any = 1;
    free(ex);
    if (!exj || json_array_append_new(extras, exj) != 0)
        v->nomem = 1;
}

/* An optional boolean at key (absent or null: *out unchanged). */
static void get_bool(v_ctx *v, json_t *o, const char *base, const char *key, int *out)
{
    json_t *j = json_object_get(o, key);
    if (!j || json_is_null(j))
        return;
    if (!json_is_boolean(j)) {
        char p[PATH_MAX_LEN];
        join(p, base, key);
        expected(v, p, _("true or false"), j);
        return;
    }
    *out = json_is_true(j);
}

/* A class's unavailable periods; returns the entries' unknown keys (new) or NULL if none. */
static json_t *read_class_blocks(v_ctx *v, rotas_class *k, json_t *arr, const char *cbase,
                                 size_t n_bell)
{
    char what[96];
    size_t n = json_array_size(arr);
    int any = 0;
    if (n == 0)
        return NULL;
    json_t *extras = json_array();
    k->unavailable = calloc(n, sizeof *k->unavailable);
    if (!k->unavailable || !extras) {
        v->nomem = 1;
        json_decref(extras);
        return NULL;
    }
    snprintf(what, sizeof what, _("a period 1..%zu (the school's bell)"), n_bell);
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN];
        json_t *o = json_array_get(arr, i);
        pathf(base, "%s.unavailable[%zu]", cbase, i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object {\"day\": 1..5, \"period\": 1.., \"reason\": \"升旗\"}"),
                     o);
            continue;
        }
        int day = 0, per = 0;
        int ok =
            get_int(v, o, base, "day", 1, 1, ROTAS_DAYS, _("a day 1..5 (Monday..Friday)"), &day);
        ok &= get_int(v, o, base, "period", 1, 1, (long)n_bell, what, &per);
        const char *r = NULL;
        get_str_or_null(v, o, base, "reason", 0, _("a reason (a non-empty string) or null"), &r);
        for (size_t q = 0; ok && q < k->n_unavailable; q++)
            if (k->unavailable[q].day == day - 1 && k->unavailable[q].period == per - 1) {
                report(v, base,
                       _("expected each day and period once, found day %d period %d "
                         "again"),
                       day, per);
                ok = 0;
            }
        if (!ok)
            continue;
        rotas_class_block *b = &k->unavailable[k->n_unavailable++];
        b->day = day - 1;
        b->period = per - 1;
        b->reason = dup(v, r);
        keep_entry_extra(v, extras, o, class_block_keys, &any);
    }
    if (!any) {
        json_decref(extras);
        return NULL;
    }
    return extras;
}

/* A teacher's unavailable times; returns the entries' unknown keys (new) or NULL if none. */
static json_t *read_time_blocks(v_ctx *v, rotas_teacher *t, json_t *arr, const char *tbase)
{
    size_t n = json_array_size(arr);
    int any = 0;
    if (n == 0)
        return NULL;
    json_t *extras = json_array();
    t->unavailable = calloc(n, sizeof *t->unavailable);
    if (!t->unavailable || !extras) {
        v->nomem = 1;
        json_decref(extras);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN];
        json_t *o = json_array_get(arr, i);
        pathf(base, "%s.unavailable[%zu]", tbase, i);
        if (!json_is_object(o)) {
            expected(v, base,
                     _("an object {\"day\": 1..5, \"start\": \"14:00\", \"end\": "
                       "\"17:00\", \"reason\": \"教研\"}"),
                     o);
            continue;
        }
        int day = 0;
        int ok =
            get_int(v, o, base, "day", 1, 1, ROTAS_DAYS, _("a day 1..5 (Monday..Friday)"), &day);
        int tm[2] = {-1, -1};
        const char *keys[2] = {"start", "end"};
        for (int e = 0; e < 2; e++) {
            json_t *j = field(v, o, base, keys[e], 1);
            if (!j) {
                ok = 0;
                continue;
            }
            pathf(p, "%s.%s", base, keys[e]);
            tm[e] = json_is_string(j) ? parse_hhmm(json_string_value(j)) : -1;
            if (tm[e] < 0) {
                expected(v, p, _("a time of day \"HH:MM\""), j);
                ok = 0;
            }
        }
        if (tm[0] >= 0 && tm[1] >= 0 && tm[1] <= tm[0]) {
            pathf(p, "%s.end", base);
            report(v, p, _("expected a time after the start %02d:%02d, found \"%02d:%02d\""),
                   tm[0] / 60, tm[0] % 60, tm[1] / 60, tm[1] % 60);
            ok = 0;
        }
        const char *r = NULL;
        get_str_or_null(v, o, base, "reason", 0, _("a reason (a non-empty string) or null"), &r);
        if (!ok)
            continue;
        rotas_time_block *b = &t->unavailable[t->n_unavailable++];
        b->day = day - 1;
        b->start = tm[0];
        b->end = tm[1];
        b->reason = dup(v, r);
        keep_entry_extra(v, extras, o, time_block_keys, &any);
    }
    if (!any) {
        json_decref(extras);
        return NULL;
    }
    return extras;
}

static void read_schools(v_ctx *v, rotas_county *c, maps *m, json_t *arr)
{
    size_t n = json_array_size(arr), n_cls = 0;
    char kinds[256], areas[128];
    names_list(kinds, sizeof kinds, kind_name_i, ROTAS_KIND_COUNT);
    names_list(areas, sizeof areas, area_name_i, ROTAS_AREA_COUNT);
    for (size_t i = 0; i < n; i++) {
        json_t *cl = json_object_get(json_array_get(arr, i), "classes");
        if (json_is_array(cl))
            n_cls += json_array_size(cl);
    }
    c->schools = calloc(n ? n : 1, sizeof *c->schools);
    c->classes = calloc(n_cls ? n_cls : 1, sizeof *c->classes);
    if (!c->schools || !c->classes) {
        v->nomem = 1;
        return;
    }
    c->n_schools = n;
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN];
        json_t *o = json_array_get(arr, i);
        rotas_school *s = &c->schools[i];
        s->cluster = s->group = -1;
        pathf(base, "schools[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object describing a school"), o);
            continue;
        }
        s->id = dup(v, get_str(v, o, base, "id", 1, 1, _("a non-empty string id")));
        s->name = dup(v, get_str(v, o, base, "name", 1, 0, _("a string")));
        const char *kind = get_str(v, o, base, "kind", 1, 0, kinds);
        if (kind) {
            int k = rotas_kind_parse(kind);
            if (k < 0) {
                pathf(p, "%s.kind", base);
                expected(v, p, kinds, json_object_get(o, "kind"));
            } else
                s->kind = (rotas_school_kind)k;
        }
        const char *area = get_str(v, o, base, "area", 1, 0, areas);
        if (area) {
            int a = rotas_area_parse(area);
            if (a < 0) {
                pathf(p, "%s.area", base);
                expected(v, p, areas, json_object_get(o, "area"));
            } else
                s->area = (rotas_area)a;
        }
        s->cluster = school_ref(v, o, base, "cluster", &m->clusters, m->clusters_declared,
                                &c->clusters[0].id, sizeof *c->clusters, &c->n_clusters, 1);
        s->group = school_ref(v, o, base, "group", &m->groups, m->groups_declared, &c->groups[0].id,
                              sizeof *c->groups, &c->n_groups, 0);
        get_int(v, o, base, "hardship", 1, 0, 3, _("an integer 0..3"), &s->hardship);
        get_num(v, o, base, "lat", 1, -90, 90, _("a latitude -90..90"), &s->lat);
        get_num(v, o, base, "lon", 1, -180, 180, _("a longitude -180..180"), &s->lon);
        get_int(v, o, base, "students", 1, 0, 100000, _("a number of students 0..100000"),
                &s->students);
        get_int(v, o, base, "staff_quota", 1, 0, 10000, _("a staff quota 0..10000"),
                &s->staff_quota);
        json_t *cls = get_array(v, o, base, "classes", 1, _("an array of classes"));
        size_t first_class = c->n_classes;
        if (cls)
            read_classes(v, c, cls, base, (int)i);
        json_t *bell_extra = NULL;
        json_t *bell = json_object_get(o, "bell");
        if (bell && !json_is_null(bell)) {
            if (!json_is_array(bell)) {
                pathf(p, "%s.bell", base);
                expected(v, p, _("an array of periods {\"start\": \"08:00\", \"end\": \"08:40\"}"),
                         bell);
            } else
                bell_extra = read_bell(v, s, bell, base);
        }
        json_t *rooms = json_object_get(o, "rooms");
        if (rooms && !json_is_null(rooms)) {
            if (!json_is_array(rooms)) {
                pathf(p, "%s.rooms", base);
                expected(v, p, _("an array of rooms {\"id\": \"R1\", \"kind\": \"music\"}"), rooms);
            } else
                read_rooms(v, s, rooms, base);
        }
        size_t n_bell = s->n_bell ? s->n_bell : rotas_default_bell_len;
        for (size_t k = 0; cls && k < json_array_size(cls); k++) {
            json_t *co = json_array_get(cls, k), *un;
            if (!json_is_object(co) || !(un = json_object_get(co, "unavailable")) ||
                json_is_null(un))
                continue;
            char cbase[PATH_MAX_LEN];
            pathf(cbase, "%s.classes[%zu]", base, k);
            rotas_class *kl = &c->classes[first_class + k];
            if (!json_is_array(un)) {
                pathf(p, "%s.unavailable", cbase);
                expected(v, p,
                         _("an array of periods {\"day\": 1, \"period\": 1, \"reason\": "
                           "\"升旗\"}"),
                         un);
                continue;
            }
            json_t *ux = read_class_blocks(v, kl, un, cbase, n_bell);
            if (ux)
                stash_extra(v, &kl->extra, "unavailable", ux);
        }
        s->extra = take_extra(v, o, school_keys);
        if (bell_extra) {
            json_t *ex = s->extra ? json_loads(s->extra, 0, NULL) : json_object();
            free(s->extra);
            s->extra = NULL;
            if (!ex || json_object_set(ex, "bell", bell_extra) != 0)
                v->nomem = 1;
            else
                s->extra =
                    json_dumps(ex, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
            json_decref(ex);
            json_decref(bell_extra);
        }
    }
}

/* schools[i].rooms: shared rooms (id unique within the school, kind, capacity >= 1). */
static void read_rooms(v_ctx *v, rotas_school *s, json_t *arr, const char *sbase)
{
    char base[PATH_MAX_LEN], p[PATH_MAX_LEN];
    size_t n = json_array_size(arr);
    s->rooms = calloc(n ? n : 1, sizeof *s->rooms);
    if (!s->rooms) {
        v->nomem = 1;
        return;
    }
    s->n_rooms = n;
    for (size_t r = 0; r < n; r++) {
        json_t *o = json_array_get(arr, r);
        rotas_room *x = &s->rooms[r];
        pathf(base, "%s.rooms[%zu]", sbase, r);
        x->capacity = 1;
        if (!json_is_object(o)) {
            expected(v, base, _("a room {\"id\": \"R1\", \"kind\": \"music\", \"capacity\": 1}"),
                     o);
            continue;
        }
        x->id = dup(v, get_str(v, o, base, "id", 1, 1, _("a non-empty string id")));
        const char *nm = NULL;
        get_str_or_null(v, o, base, "name", 0, _("a non-empty string or null"), &nm);
        x->name = dup(v, nm);
        x->kind =
            dup(v, get_str(v, o, base, "kind", 1, 1,
                           _("a kind of room (\"music\", \"computer\", \"playground\", ...)")));
        get_int(v, o, base, "capacity", 0, 1, 100, _("classes at once, an integer 1..100"),
                &x->capacity);
        for (size_t q = 0; x->id && q < r; q++)
            if (s->rooms[q].id && !strcmp(s->rooms[q].id, x->id)) {
                pathf(p, "%s.id", base);
                report(v, p,
                       _("expected room ids unique within a school, found \"%s\" twice in "
                         "school %s"),
                       x->id, s->id ? s->id : "?");
            }
        x->extra = take_extra(v, o, room_keys);
    }
}

static int pair_cmp(const void *a, const void *b)
{
    const long *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

static void read_travel(v_ctx *v, rotas_county *c, maps *m, json_t *arr)
{
    size_t n = arr ? json_array_size(arr) : 0;
    long *pairs = NULL; /* (a * n_schools + b, row), a < b */
    size_t n_pairs = 0;
    c->travel = calloc(n ? n : 1, sizeof *c->travel);
    pairs = calloc(n ? 2 * n : 1, sizeof *pairs);
    if (!c->travel || !pairs) {
        v->nomem = 1;
        free(pairs);
        return;
    }
    c->n_travel = n;
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN];
        json_t *o = json_array_get(arr, i);
        rotas_travel *t = &c->travel[i];
        t->from = t->to = -1;
        pathf(base, "travel[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object with from, to, km and minutes"), o);
            continue;
        }
        json_t *j;
        if ((j = field(v, o, base, "from", 1))) {
            pathf(p, "%s.from", base);
            t->from = resolve(v, &m->schools, j, p, _("the id of a school in schools[]"));
        }
        if ((j = field(v, o, base, "to", 1))) {
            pathf(p, "%s.to", base);
            t->to = resolve(v, &m->schools, j, p, _("the id of a school in schools[]"));
        }
        if (t->from >= 0 && t->from == t->to) {
            pathf(p, "%s.to", base);
            char f[160];
            report(v, p, _("expected a school other than from, found %s (the same school)"),
                   rotas__json_found(j, f, sizeof f));
        } else if (t->from >= 0 && t->to >= 0) {
            long a = t->from < t->to ? t->from : t->to, b = t->from < t->to ? t->to : t->from;
            pairs[2 * n_pairs] = a * (long)c->n_schools + b;
            pairs[2 * n_pairs + 1] = (long)i;
            n_pairs++;
        }
        get_num(v, o, base, "km", 1, 0, 1000, _("a distance in km 0..1000"), &t->km);
        get_num(v, o, base, "minutes", 1, 0, 1440, _("a travel time in minutes 0..1440"),
                &t->minutes);
        t->extra = take_extra(v, o, travel_keys);
    }
    qsort(pairs, n_pairs, 2 * sizeof *pairs, pair_cmp);
    for (size_t i = 1; i < n_pairs; i++) {
        if (pairs[2 * i] != pairs[2 * (i - 1)])
            continue;
        char p[PATH_MAX_LEN];
        long row = pairs[2 * i + 1], first = pairs[2 * (i - 1) + 1];
        /* report the later row; walk back to the first row of the run */
        for (size_t k = i - 1; k > 0 && pairs[2 * (k - 1)] == pairs[2 * i]; k--)
            first = pairs[2 * (k - 1) + 1];
        const rotas_travel *t = &c->travel[row];
        pathf(p, "travel[%ld]", row);
        report(v, p,
               _("expected one row per pair of schools, found %s-%s again (first at "
                 "travel[%ld])"),
               c->schools[t->from].id ? c->schools[t->from].id : "?",
               c->schools[t->to].id ? c->schools[t->to].id : "?", first);
    }
    free(pairs);
}

static void read_curriculum(v_ctx *v, rotas_county *c, maps *m, json_t *arr)
{
    size_t n = json_array_size(arr);
    size_t ns = c->n_subjects ? c->n_subjects : 1;
    long *first = malloc((ROTAS_MAX_GRADE + 1) * ns * sizeof *first);
    c->curriculum = calloc(n ? n : 1, sizeof *c->curriculum);
    if (!c->curriculum || !first) {
        v->nomem = 1;
        free(first);
        return;
    }
    for (size_t i = 0; i < (ROTAS_MAX_GRADE + 1) * ns; i++)
        first[i] = -1;
    c->n_curriculum = n;
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN];
        json_t *o = json_array_get(arr, i);
        rotas_curriculum_row *r = &c->curriculum[i];
        r->subject = -1;
        pathf(base, "curriculum[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object with grade, subject and periods"), o);
            continue;
        }
        int g_ok =
            get_int(v, o, base, "grade", 1, 1, ROTAS_MAX_GRADE, _("a grade 1..9"), &r->grade);
        json_t *j = field(v, o, base, "subject", 1);
        if (j) {
            pathf(p, "%s.subject", base);
            r->subject = resolve(v, &m->subjects, j, p, _("the id of a subject in subjects[]"));
        }
        get_int(v, o, base, "periods", 1, 0, 20, _("a number of periods a week 0..20"),
                &r->periods);
        if (g_ok && r->subject >= 0) {
            long *f = &first[(size_t)r->grade * ns + (size_t)r->subject];
            if (*f >= 0)
                report(v, base,
                       _("expected one row per grade and subject, found grade %d "
                         "%s again (first at curriculum[%ld])"),
                       r->grade, json_string_value(j), *f);
            else
                *f = (long)i;
        }
        r->extra = take_extra(v, o, curriculum_keys);
    }
    free(first);
}

/* An array of ids resolved through m into a new int array; duplicates are reported. */
static int *read_id_list(v_ctx *v, json_t *arr, const char *path, const rotas_strmap *m,
                         const char *what, size_t *n_out)
{
    size_t n = json_array_size(arr);
    int *out = calloc(n ? n : 1, sizeof *out);
    *n_out = 0;
    if (!out) {
        v->nomem = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        char p[PATH_MAX_LEN], f[160];
        json_t *j = json_array_get(arr, i);
        pathf(p, "%s[%zu]", path, i);
        int x = resolve(v, m, j, p, what);
        if (x < 0)
            continue;
        int again = 0;
        for (size_t k = 0; k < *n_out; k++)
            if (out[k] == x)
                again = 1;
        if (again) {
            report(v, p, _("expected each id once, found %s again"),
                   rotas__json_found(j, f, sizeof f));
            continue;
        }
        out[(*n_out)++] = x;
    }
    return out;
}

static void read_teachers(v_ctx *v, rotas_county *c, maps *m, json_t *arr)
{
    size_t n = json_array_size(arr);
    rotas_strmap *ids = &m->teachers;
    char roles[128], keys[160], what[256];
    names_list(roles, sizeof roles, role_name_i, ROTAS_ROLE_COUNT);
    names_list(keys, sizeof keys, key_name_i, ROTAS_KEY_NATIONAL);
    c->teachers = calloc(n ? n : 1, sizeof *c->teachers);
    if (!c->teachers || rotas_strmap_init(ids, n) != 0) {
        v->nomem = 1;
        return;
    }
    c->n_teachers = n;
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN], f[160];
        json_t *o = json_array_get(arr, i), *j;
        rotas_teacher *t = &c->teachers[i];
        t->school = -1;
        pathf(base, "teachers[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object describing a teacher"), o);
            continue;
        }
        const char *id = get_str(v, o, base, "id", 1, 1, _("a non-empty string id"));
        t->id = dup(v, id);
        if (id) {
            int r = rotas_strmap_put(ids, id, (int)i);
            if (r < 0)
                v->nomem = 1;
            else if (r == 1) {
                pathf(p, "%s.id", base);
                report(v, p,
                       _("expected a unique teacher id, found %s again (first at "
                         "teachers[%d])"),
                       rotas__json_found(json_object_get(o, "id"), f, sizeof f),
                       rotas_strmap_get(ids, id));
            }
        }
        t->name = dup(v, get_str(v, o, base, "name", 1, 0, _("a string")));
        const char *g = get_str(v, o, base, "gender", 1, 0, _("\"M\" or \"F\""));
        if (g && strcmp(g, "M") && strcmp(g, "F")) {
            pathf(p, "%s.gender", base);
            expected(v, p, _("\"M\" or \"F\""), json_object_get(o, "gender"));
        } else if (g)
            t->gender = g[0];
        int birth = 0;
        snprintf(what, sizeof what, _("a year of birth %d..%d"), v->ref_year - 75,
                 v->ref_year - 16);
        if (get_int(v, o, base, "birth_year", 1, v->ref_year - 75, v->ref_year - 16, what,
                    &t->birth_year))
            birth = t->birth_year;
        if ((j = field(v, o, base, "school", 1))) {
            pathf(p, "%s.school", base);
            t->school = resolve(v, &m->schools, j, p, _("the id of a school in schools[]"));
        }
        if ((j = get_array(v, o, base, "subjects", 1,
                           _("an array of subject ids (the main subject first)")))) {
            pathf(p, "%s.subjects", base);
            if (json_array_size(j) == 0)
                report(v, p,
                       _("expected at least one subject id (the main subject first), "
                         "found an empty array"));
            t->subjects = read_id_list(v, j, p, &m->subjects,
                                       _("the id of a subject in subjects[]"), &t->n_subjects);
        }
        const char *role = get_str(v, o, base, "role", 1, 0, roles);
        if (role) {
            int r = rotas_role_parse(role);
            if (r < 0) {
                pathf(p, "%s.role", base);
                expected(v, p, roles, json_object_get(o, "role"));
            } else
                t->role = (rotas_role)r;
        }
        /* Years: not in the future, not before the teacher was 16. */
        const char *since_keys[2] = {"school_since", "post_since"};
        int *since_out[2] = {&t->school_since, &t->post_since};
        for (int e = 0; e < 2; e++) {
            j = field(v, o, base, since_keys[e], e == 0);
            if (!j)
                continue;
            pathf(p, "%s.%s", base, since_keys[e]);
            if (!json_is_integer(j) || json_integer_value(j) > v->max_year) {
                snprintf(what, sizeof what, _("a year no later than %d"), v->max_year);
                expected(v, p, what, j);
            } else if (!birth && json_integer_value(j) < v->ref_year - 75 + 16) {
                snprintf(what, sizeof what, _("a year %d..%d"), v->ref_year - 75 + 16, v->max_year);
                expected(v, p, what, j);
            } else if (birth && json_integer_value(j) < birth + 16) {
                snprintf(what, sizeof what, _("a year at least 16 years after birth_year %d"),
                         birth);
                expected(v, p, what, j);
            } else
                *since_out[e] = (int)json_integer_value(j);
        }
        if (!json_object_get(o, "post_since"))
            t->post_since = t->school_since;
        j = field(v, o, base, "key", 1);
        if (j) {
            pathf(p, "%s.key", base);
            if (json_is_boolean(j)) {
                t->key = json_is_true(j) ? ROTAS_KEY_COUNTY : ROTAS_KEY_NONE;
                t->key_is_bool = 1;
            } else {
                int k = json_is_string(j) ? rotas_key_parse(json_string_value(j)) : -1;
                if (k < 0) {
                    snprintf(what, sizeof what, _("true, false or %s"), keys);
                    expected(v, p, what, j);
                } else
                    t->key = k;
            }
        }
        const char *s = NULL;
        get_str_or_null(v, o, base, "title", 1, _("a title (a non-empty string) or null"), &s);
        t->title = dup(v, s);
        s = NULL;
        if (get_str_or_null(v, o, base, "degree", 1,
                            _("a degree (secondary, college, bachelor, master, doctor or "
                              "中专, 大专, 本科, 硕士, 博士) or null"),
                            &s) &&
            s) {
            t->degree_level = rotas_degree_parse(s);
            if (t->degree_level < 0) {
                t->degree_level = ROTAS_DEGREE_UNKNOWN;
                pathf(p, "%s.degree", base);
                expected(v, p,
                         _("a degree (secondary, college, bachelor, master, doctor or "
                           "中专, 大专, 本科, 硕士, 博士) or null"),
                         json_object_get(o, "degree"));
            }
        }
        t->degree = dup(v, s);
        s = NULL;
        get_str_or_null(v, o, base, "exempt", 1, _("null or the reason (a non-empty string)"), &s);
        t->exempt = dup(v, s);
        j = field(v, o, base, "exchange_until", 1);
        if (j && !json_is_null(j)) {
            pathf(p, "%s.exchange_until", base);
            if (!json_is_integer(j) || json_integer_value(j) < 1900 ||
                json_integer_value(j) > v->ref_year + 10) {
                snprintf(what, sizeof what, _("null or a year no later than %d"), v->ref_year + 10);
                expected(v, p, what, j);
            } else if (t->school_since && json_integer_value(j) < t->school_since) {
                snprintf(what, sizeof what, _("null or a year no earlier than school_since %d"),
                         t->school_since);
                expected(v, p, what, j);
            } else
                t->exchange_until = (int)json_integer_value(j);
        }
        j = json_object_get(o, "preferences");
        if (j && !json_is_null(j)) {
            pathf(p, "%s.preferences", base);
            if (!json_is_array(j))
                expected(v, p, _("an array of school ids, best first"), j);
            else
                t->preferences = read_id_list(
                    v, j, p, &m->schools, _("the id of a school in schools[]"), &t->n_preferences);
        }
        j = json_object_get(o, "max_periods");
        if (j && !json_is_null(j))
            get_int(v, o, base, "max_periods", 0, 1, 40, _("a number of periods a week 1..40"),
                    &t->max_periods);
        json_t *tx = NULL;
        j = json_object_get(o, "unavailable");
        if (j && !json_is_null(j)) {
            pathf(p, "%s.unavailable", base);
            if (!json_is_array(j))
                expected(v, p,
                         _("an array of times {\"day\": 3, \"start\": \"14:00\", "
                           "\"end\": \"17:00\"}"),
                         j);
            else
                tx = read_time_blocks(v, t, j, base);
        }
        j = json_object_get(o, "max_days");
        if (j && !json_is_null(j))
            get_int(v, o, base, "max_days", 0, 1, ROTAS_DAYS, _("a number of days a week 1..5"),
                    &t->max_days);
        get_bool(v, o, base, "middle_leader", &t->middle_leader);
        j = json_object_get(o, "hardship_years");
        if (j && !json_is_null(j))
            get_int(v, o, base, "hardship_years", 0, 0, 45, _("a number of years 0..45"),
                    &t->hardship_years);
        t->extra = take_extra(v, o, teacher_keys);
        if (tx)
            stash_extra(v, &t->extra, "unavailable", tx);
    }
}

/* ---- everyday constraints: subject rules, fixed lessons, decisions -------------------------- */

/* Weekly periods of subject s for class k from the curriculum rows as read (the largest over
   the class's grades); the county is not finalized yet. */
static int class_subject_periods(const rotas_county *c, const rotas_class *k, int s)
{
    int best = 0;
    for (size_t i = 0; i < c->n_curriculum; i++) {
        const rotas_curriculum_row *r = &c->curriculum[i];
        if (r->subject != s)
            continue;
        for (size_t g = 0; g < k->n_grades; g++)
            if (k->grades[g] == r->grade && r->periods > best)
                best = r->periods;
    }
    return best;
}

static int find_class(const rotas_county *c, int school, const char *id)
{
    for (size_t k = 0; k < c->n_classes; k++)
        if (c->classes[k].school == school && c->classes[k].id && !strcmp(c->classes[k].id, id))
            return (int)k;
    return -1;
}

static const char *nz(const char *s)
{
    return s ? s : "?";
}

static void read_subject_rules(v_ctx *v, rotas_county *c, maps *m, json_t *arr)
{
    size_t n = json_array_size(arr);
    if (n == 0)
        return;
    c->subject_rules = calloc(n, sizeof *c->subject_rules);
    if (!c->subject_rules) {
        v->nomem = 1;
        return;
    }
    c->n_subject_rules = n;
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN], f[160];
        json_t *o = json_array_get(arr, i), *j;
        rotas_subject_rule *r = &c->subject_rules[i];
        r->subject = -1;
        pathf(base, "subject_rules[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, base, _("an object {\"subject\": \"pe\", \"not_first_period\": true, ...}"),
                     o);
            continue;
        }
        if ((j = field(v, o, base, "subject", 1))) {
            pathf(p, "%s.subject", base);
            r->subject = resolve(v, &m->subjects, j, p, _("the id of a subject in subjects[]"));
            for (size_t k = 0; r->subject >= 0 && k < i; k++)
                if (c->subject_rules[k].subject == r->subject) {
                    report(v, p,
                           _("expected one rule per subject, found %s again (first at "
                             "subject_rules[%zu])"),
                           rotas__json_found(j, f, sizeof f), k);
                    break;
                }
        }
        get_bool(v, o, base, "not_first_period", &r->not_first_period);
        get_bool(v, o, base, "not_after_lunch", &r->not_after_lunch);
        j = json_object_get(o, "before_period");
        if (j && !json_is_null(j))
            get_int(v, o, base, "before_period", 0, 1, 20, _("a period number 1..20"),
                    &r->before_period);
        r->extra = take_extra(v, o, rule_keys);
    }
}

/* The first unavailable block of teacher t that overlaps the clock span [start, end) of day. */
static const rotas_time_block *teacher_block_at(const rotas_teacher *t, int day, int start, int end)
{
    for (size_t b = 0; b < t->n_unavailable; b++) {
        const rotas_time_block *tb = &t->unavailable[b];
        if (tb->day == day && tb->start < end && start < tb->end)
            return tb;
    }
    return NULL;
}

static void read_fixed_lessons(v_ctx *v, rotas_county *c, maps *m, json_t *arr)
{
    size_t n = json_array_size(arr);
    if (n == 0)
        return;
    c->fixed_lessons = calloc(n, sizeof *c->fixed_lessons);
    int *ok_rows = calloc(n, sizeof *ok_rows);
    if (!c->fixed_lessons || !ok_rows) {
        v->nomem = 1;
        free(ok_rows);
        return;
    }
    c->n_fixed_lessons = n;
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN], what[160];
        json_t *o = json_array_get(arr, i), *j;
        rotas_fixed_lesson *fl = &c->fixed_lessons[i];
        int school = -1, day = 0, per = 0, ok = 1;
        fl->klass = fl->subject = fl->teacher = -1;
        pathf(base, "fixed_lessons[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, base,
                     _("an object {\"school\", \"class\", \"subject\", \"teacher\", "
                       "\"day\", \"period\"}"),
                     o);
            continue;
        }
        if ((j = field(v, o, base, "school", 1))) {
            pathf(p, "%s.school", base);
            school = resolve(v, &m->schools, j, p, _("the id of a school in schools[]"));
        }
        if ((j = field(v, o, base, "class", 1)) && school >= 0) {
            pathf(p, "%s.class", base);
            if (json_is_string(j))
                fl->klass = find_class(c, school, json_string_value(j));
            if (fl->klass < 0) {
                snprintf(what, sizeof what, _("the id of a class of school \"%s\""),
                         nz(c->schools[school].id));
                expected(v, p, what, j);
            }
        }
        if ((j = field(v, o, base, "subject", 1))) {
            pathf(p, "%s.subject", base);
            fl->subject = resolve(v, &m->subjects, j, p, _("the id of a subject in subjects[]"));
        }
        if ((j = field(v, o, base, "teacher", 1))) {
            pathf(p, "%s.teacher", base);
            fl->teacher = resolve(v, &m->teachers, j, p, _("the id of a teacher in teachers[]"));
        }
        ok &= get_int(v, o, base, "day", 1, 1, ROTAS_DAYS, _("a day 1..5 (Monday..Friday)"), &day);
        size_t n_bell = 20;
        const rotas_bell_period *bell = NULL;
        if (school >= 0)
            bell = rotas_school_bell(&c->schools[school], &n_bell);
        if (school >= 0)
            snprintf(what, sizeof what, _("a period 1..%zu (the bell of school \"%s\")"), n_bell,
                     nz(c->schools[school].id));
        else
            snprintf(what, sizeof what, _("a period 1..%zu"), n_bell);
        ok &= get_int(v, o, base, "period", 1, 1, (long)n_bell, what, &per);
        fl->day = day - 1;
        fl->period = per - 1;
        fl->extra = take_extra(v, o, fixed_keys);
        if (!ok || fl->klass < 0 || fl->subject < 0 || fl->teacher < 0)
            continue;
        ok_rows[i] = 1;

        /* the teacher may teach it */
        const rotas_teacher *t = &c->teachers[fl->teacher];
        const rotas_class *k = &c->classes[fl->klass];
        const rotas_subject *su = &c->subjects[fl->subject];
        int qualified = 0;
        for (size_t q = 0; q < t->n_subjects; q++)
            qualified |= t->subjects[q] == fl->subject;
        pathf(p, "%s.teacher", base);
        if (!qualified)
            report(v, p,
                   _("expected a teacher qualified for \"%s\", found \"%s\" (subjects: "
                     "%s%s)"),
                   nz(su->id), nz(t->id),
                   t->n_subjects ? nz(c->subjects[t->subjects[0]].id) : "none",
                   t->n_subjects > 1 ? ", ..." : "");
        if (t->school >= 0 && t->school != school) {
            int tcl = c->schools[t->school].cluster, kcl = c->schools[school].cluster;
            if (!su->shortage)
                report(v, p,
                       _("expected a teacher of school \"%s\" (%s is not a shortage "
                         "subject), found \"%s\" (at %s)"),
                       nz(c->schools[school].id), nz(su->id), nz(t->id),
                       nz(c->schools[t->school].id));
            else if (kcl < 0 || tcl != kcl)
                report(v, p,
                       _("expected a teacher of a school in the cluster of \"%s\" (itinerant "
                         "%s), found \"%s\" (at %s)"),
                       nz(c->schools[school].id), nz(su->id), nz(t->id),
                       nz(c->schools[t->school].id));
        }
        /* no clash with an earlier fixed lesson; not more than the curriculum */
        int same = 1;
        for (size_t q = 0; q < i; q++) {
            const rotas_fixed_lesson *g = &c->fixed_lessons[q];
            if (!ok_rows[q])
                continue;
            if (g->day == fl->day && g->period == fl->period && g->klass == fl->klass)
                report(v, base,
                       _("expected one fixed lesson per class and period, found class "
                         "%s/%s on day %d period %d again (first at fixed_lessons[%zu])"),
                       nz(c->schools[school].id), nz(k->id), day, per, q);
            else if (g->day == fl->day && g->period == fl->period && g->teacher == fl->teacher)
                report(v, base,
                       _("expected one fixed lesson per teacher and period, found \"%s\" "
                         "on day %d period %d again (first at fixed_lessons[%zu])"),
                       nz(t->id), day, per, q);
            if (g->klass == fl->klass && g->subject == fl->subject)
                same++;
        }
        int cap = class_subject_periods(c, k, fl->subject);
        if (same == cap + 1)
            report(v, base,
                   cap == 1 ? _("expected at most %d fixed lesson of %s for class %s/%s (its "
                                "weekly periods), found %d")
                            : _("expected at most %d fixed lessons of %s for class %s/%s (its "
                                "weekly periods), found %d"),
                   cap, nz(su->id), nz(c->schools[school].id), nz(k->id), same);
        /* inside the available time of the teacher and the class */
        const rotas_time_block *tb =
            teacher_block_at(t, fl->day, bell[fl->period].start, bell[fl->period].end);
        if (tb)
            report(
                v, base,
                _("expected a time teacher \"%s\" is available, found day %d period "
                  "%d (%02d:%02d-%02d:%02d), inside the unavailable time %02d:%02d-%02d:%02d%s%s"),
                nz(t->id), day, per, bell[fl->period].start / 60, bell[fl->period].start % 60,
                bell[fl->period].end / 60, bell[fl->period].end % 60, tb->start / 60,
                tb->start % 60, tb->end / 60, tb->end % 60, tb->reason ? " " : "",
                tb->reason ? tb->reason : "");
        for (size_t b = 0; b < k->n_unavailable; b++)
            if (k->unavailable[b].day == fl->day && k->unavailable[b].period == fl->period)
                report(v, base,
                       _("expected a period class %s/%s is available, found day %d "
                         "period %d, which the class marks unavailable%s%s"),
                       nz(c->schools[school].id), nz(k->id), day, per,
                       k->unavailable[b].reason ? ": " : "",
                       k->unavailable[b].reason ? k->unavailable[b].reason : "");
    }
    free(ok_rows);
}

/* Read a decisions[] array (name: its path, "decisions") into a new array. */
/* A teacher is in one together pair at most: pairs that share a teacher would chain into a
   group or close a cycle (A with B, B with C, C with A), which the planner cannot keep. */
static void together_chain(v_ctx *v, const rotas_county *c, const rotas_decision *ds, size_t i,
                           const char *name, const char *base)
{
    const rotas_decision *d = &ds[i];
    int who[2] = {d->teacher, d->teacher2};
    for (int e = 0; e < 2; e++) {
        if (who[e] < 0)
            continue;
        for (size_t q = 0; q < i; q++) {
            const rotas_decision *f = &ds[q];
            if (f->kind != ROTAS_DECISION_TOGETHER ||
                (f->teacher != who[e] && f->teacher2 != who[e]))
                continue;
            int other = f->teacher == who[e] ? f->teacher2 : f->teacher;
            if (other == who[1 - e])
                continue; /* the same pair again */
            char p[PATH_MAX_LEN];
            pathf(p, "%s.teachers[%d]", base, e);
            report(v, p,
                   _("expected a teacher in no other together decision, found \"%s\" (also "
                     "together with \"%s\" at %s[%zu]); together pairs cannot chain or form a "
                     "cycle"),
                   nz(c->teachers[who[e]].id), other >= 0 ? nz(c->teachers[other].id) : "?", name,
                   q);
            break;
        }
    }
}

static rotas_decision *read_decision_array(v_ctx *v, const rotas_county *c, const maps *m,
                                           json_t *arr, const char *name, size_t *n_out)
{
    size_t n = json_array_size(arr);
    char kinds[128];
    *n_out = 0;
    rotas_decision *ds = calloc(n ? n : 1, sizeof *ds);
    if (!ds) {
        v->nomem = 1;
        return NULL;
    }
    *n_out = n;
    snprintf(kinds, sizeof kinds, _("one of \"move\", \"stay\", \"receive_key\", \"together\""));
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN], what[96];
        json_t *o = json_array_get(arr, i), *j;
        rotas_decision *d = &ds[i];
        d->kind = ROTAS_DECISION_COUNT;
        d->teacher = d->teacher2 = d->school = d->subject = -1;
        pathf(base, "%s[%zu]", name, i);
        if (!json_is_object(o)) {
            expected(v, base,
                     _("an object {\"kind\": \"move\", \"teacher\": ..., \"school\": ...}"), o);
            continue;
        }
        const char *ks = get_str(v, o, base, "kind", 1, 0, kinds);
        if (ks) {
            int kd = rotas_decision_kind_parse(ks);
            if (kd < 0) {
                pathf(p, "%s.kind", base);
                expected(v, p, kinds, json_object_get(o, "kind"));
                continue;
            }
            d->kind = (rotas_decision_kind)kd;
        } else
            continue;
        int want_teacher = d->kind == ROTAS_DECISION_MOVE || d->kind == ROTAS_DECISION_STAY;
        int want_school = d->kind == ROTAS_DECISION_MOVE || d->kind == ROTAS_DECISION_RECEIVE_KEY;
        int want_teachers = d->kind == ROTAS_DECISION_TOGETHER;
        int want_subject = d->kind == ROTAS_DECISION_RECEIVE_KEY;
        const char *fields[4] = {"teacher", "school", "teachers", "subject"};
        int wanted[4] = {want_teacher, want_school, want_teachers, want_subject};
        for (int e = 0; e < 4; e++) {
            j = json_object_get(o, fields[e]);
            if (!wanted[e] && j && !json_is_null(j)) {
                pathf(p, "%s.%s", base, fields[e]);
                snprintf(what, sizeof what, _("no \"%s\" in a %s decision"), fields[e], ks);
                expected(v, p, what, j);
            }
        }
        if (want_teacher && (j = field(v, o, base, "teacher", 1))) {
            pathf(p, "%s.teacher", base);
            d->teacher = resolve(v, &m->teachers, j, p, _("the id of a teacher in teachers[]"));
        }
        if (want_school && (j = field(v, o, base, "school", 1))) {
            pathf(p, "%s.school", base);
            d->school = resolve(v, &m->schools, j, p, _("the id of a school in schools[]"));
        }
        if (want_subject && (j = json_object_get(o, "subject")) && !json_is_null(j)) {
            pathf(p, "%s.subject", base);
            d->subject =
                resolve(v, &m->subjects, j, p, _("the id of a subject in subjects[] or null"));
        }
        if (want_teachers &&
            (j = get_array(v, o, base, "teachers", 1, _("an array of two teacher ids")))) {
            pathf(p, "%s.teachers", base);
            if (json_array_size(j) != 2) {
                report(v, p, _("expected an array of two teacher ids, found %zu"),
                       json_array_size(j));
            } else {
                size_t got = 0;
                int *two = read_id_list(v, j, p, &m->teachers,
                                        _("the id of a teacher in teachers[]"), &got);
                if (two && got == 2) {
                    d->teacher = two[0];
                    d->teacher2 = two[1];
                }
                free(two);
            }
        }
        const char *r = NULL;
        if (d->kind == ROTAS_DECISION_STAY) {
            r = get_str(v, o, base, "reason", 1, 1, _("the reason (a non-empty string)"));
        } else
            get_str_or_null(v, o, base, "reason", 0, _("a reason (a non-empty string) or null"),
                            &r);
        d->reason = dup(v, r);
        d->extra = take_extra(v, o, decision_keys);
    }
    /* Consistency with the teachers and between decisions. */
    for (size_t i = 0; i < n; i++) {
        char base[PATH_MAX_LEN], p[PATH_MAX_LEN];
        const rotas_decision *d = &ds[i];
        pathf(base, "%s[%zu]", name, i);
        if (d->kind == ROTAS_DECISION_MOVE && d->teacher >= 0 && d->school >= 0 &&
            c->teachers[d->teacher].school == d->school) {
            pathf(p, "%s.school", base);
            report(v, p,
                   _("expected a school other than the teacher's own, found \"%s\" (where "
                     "\"%s\" teaches now)"),
                   nz(c->schools[d->school].id), nz(c->teachers[d->teacher].id));
        }
        if (d->kind == ROTAS_DECISION_MOVE || d->kind == ROTAS_DECISION_TOGETHER) {
            int who[2] = {d->teacher, d->teacher2};
            for (int e = 0; e < 2; e++) {
                if (who[e] < 0 || !c->teachers[who[e]].exempt)
                    continue;
                if (d->kind == ROTAS_DECISION_MOVE)
                    pathf(p, "%s.teacher", base);
                else
                    pathf(p, "%s.teachers[%d]", base, e);
                report(v, p,
                       _("expected a teacher who is not exempt, found \"%s\" (exempt: %s); "
                         "the %s decision conflicts with the exemption"),
                       nz(c->teachers[who[e]].id), c->teachers[who[e]].exempt,
                       rotas_decision_kind_name(d->kind));
            }
        }
        if ((d->kind == ROTAS_DECISION_MOVE || d->kind == ROTAS_DECISION_STAY) && d->teacher >= 0) {
            for (size_t q = 0; q < i; q++) {
                const rotas_decision *e = &ds[q];
                if ((e->kind != ROTAS_DECISION_MOVE && e->kind != ROTAS_DECISION_STAY) ||
                    e->teacher != d->teacher)
                    continue;
                pathf(p, "%s.teacher", base);
                if (e->kind != d->kind)
                    report(v, p,
                           _("expected either a move or a stay decision for \"%s\", found "
                             "both (the %s at %s[%zu])"),
                           nz(c->teachers[d->teacher].id), rotas_decision_kind_name(e->kind), name,
                           q);
                else
                    report(v, p,
                           _("expected one %s decision per teacher, found \"%s\" again "
                             "(first at %s[%zu])"),
                           rotas_decision_kind_name(d->kind), nz(c->teachers[d->teacher].id), name,
                           q);
                break;
            }
        }
        if (d->kind == ROTAS_DECISION_TOGETHER)
            together_chain(v, c, ds, i, name, base);
    }
    return ds;
}

static void free_decisions(rotas_decision *ds, size_t n)
{
    for (size_t i = 0; ds && i < n; i++) {
        free(ds[i].reason);
        free(ds[i].extra);
    }
    free(ds);
}

/* The top-level arrays of everyday constraints (each optional; null = absent). */
static void read_everyday(v_ctx *v, rotas_county *c, maps *m, json_t *root)
{
    json_t *j;
    if ((j = json_object_get(root, "subject_rules")) && !json_is_null(j)) {
        if (!json_is_array(j))
            expected(v, "subject_rules", _("an array of subject rules"), j);
        else
            read_subject_rules(v, c, m, j);
    }
    if ((j = json_object_get(root, "fixed_lessons")) && !json_is_null(j)) {
        if (!json_is_array(j))
            expected(v, "fixed_lessons", _("an array of fixed lessons"), j);
        else
            read_fixed_lessons(v, c, m, j);
    }
    if ((j = json_object_get(root, "decisions")) && !json_is_null(j)) {
        if (!json_is_array(j))
            expected(v, "decisions", _("an array of decisions"), j);
        else if (json_array_size(j) > 0)
            c->decisions = read_decision_array(v, c, m, j, "decisions", &c->n_decisions);
    }
}

rotas_rc rotas__county_from_json(rotas_county **out, json_t *root, rotas__locate_fn loc, void *ctx,
                                 rotas_diags *d, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_diags local = {0};
    v_ctx v = {loc, ctx, d ? d : &local, 0, 0, 0, 0, NULL};
    maps m = {0};
    rotas_county *c = NULL;
    json_t *j;

    if (!json_is_object(root)) {
        expected(&v, _("(top level)"),
                 _("a rotas-county/1 object {\"format\": \"rotas-county/1\", ...}"), root);
        goto done;
    }
    j = json_object_get(root, "format");
    if (!j) {
        report(&v, "format", _("missing required field \"format\" (expected \"%s\")"),
               ROTAS_FORMAT_COUNTY);
        goto done;
    }
    if (!json_is_string(j) || strcmp(json_string_value(j), ROTAS_FORMAT_COUNTY) != 0) {
        expected(&v, "format", "\"" ROTAS_FORMAT_COUNTY "\"", j);
        goto done;
    }
    c = rotas_county_new();
    if (!c) {
        v.nomem = 1;
        goto done;
    }
    const char *name = NULL;
    get_str_or_null(&v, root, "", "name", 0, _("a county name (a non-empty string) or null"),
                    &name);
    c->name = dup(&v, name);
    j = json_object_get(root, "year");
    if (j && !json_is_null(j)) {
        if (!json_is_integer(j) || json_integer_value(j) < 1990 || json_integer_value(j) > 2200)
            expected(&v, "year", _("a year 1990..2200"), j);
        else
            c->year = (int)json_integer_value(j);
    }
    if (c->year)
        v.ref_year = c->year;
    else {
        time_t now = time(NULL);
        struct tm tmv;
        v.ref_year = gmtime_r(&now, &tmv) ? tmv.tm_year + 1900 : 2026;
    }
    v.max_year = v.ref_year + 1;

    json_t *subjects = get_array(&v, root, "", "subjects", 1, _("an array of subjects"));
    json_t *schools = get_array(&v, root, "", "schools", 1, _("an array of schools"));
    json_t *teachers = get_array(&v, root, "", "teachers", 1, _("an array of teachers"));
    json_t *curriculum = get_array(&v, root, "", "curriculum", 1, _("an array of curriculum rows"));
    j = json_object_get(root, "travel");
    json_t *travel = j && !json_is_null(j)
                         ? get_array(&v, root, "", "travel", 0, _("an array of travel rows"))
                         : NULL;
    j = json_object_get(root, "clusters");
    json_t *clusters = j && !json_is_null(j)
                           ? get_array(&v, root, "", "clusters", 0, _("an array of clusters"))
                           : NULL;
    int clusters_bad = j && !json_is_null(j) && !clusters;
    j = json_object_get(root, "groups");
    json_t *groups = j && !json_is_null(j)
                         ? get_array(&v, root, "", "groups", 0, _("an array of groups"))
                         : NULL;
    int groups_bad = j && !json_is_null(j) && !groups;
    if (!subjects || !schools || !teachers || !curriculum || clusters_bad || groups_bad)
        goto done; /* the shape is wrong: details would only repeat it */

    if (map_ids(&v, &m.subjects, subjects, "subjects", _("subject")) != 0 ||
        map_ids(&v, &m.schools, schools, "schools", _("school")) != 0)
        goto done;
    read_subjects(&v, c, subjects);
    read_clusters(&v, c, &m, clusters, json_array_size(schools));
    read_groups(&v, c, &m, groups, json_array_size(schools));
    if (v.nomem)
        goto done;
    read_schools(&v, c, &m, schools);
    if (v.nomem)
        goto done;
    /* A declared central school must belong to its cluster, a group's head to its group. */
    for (size_t i = 0; clusters && i < c->n_clusters; i++) {
        int cs = c->clusters[i].central, other = cs >= 0 ? c->schools[cs].cluster : -1;
        if (cs >= 0 && other != (int)i)
            not_a_member(&v, c, "clusters", "central", _("cluster"), i, c->clusters[i].id, cs,
                         other >= 0 ? c->clusters[other].id : NULL, other >= 0);
    }
    for (size_t i = 0; groups && i < c->n_groups; i++) {
        int hs = c->groups[i].head, other = hs >= 0 ? c->schools[hs].group : -1;
        if (hs >= 0 && other != (int)i)
            not_a_member(&v, c, "groups", "head", _("group"), i, c->groups[i].id, hs,
                         other >= 0 ? c->groups[other].id : NULL, other >= 0);
    }
    read_travel(&v, c, &m, travel);
    read_curriculum(&v, c, &m, curriculum);
    read_teachers(&v, c, &m, teachers);
    if (!v.nomem)
        read_everyday(&v, c, &m, root);
    c->extra = take_extra(&v, root, top_keys);

done:
    if (v.nomem) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while reading the county"));
    } else if (v.n > 0) {
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             P_("%zu problem; first: %s", "%zu problems; first: %s", v.n), v.n,
                             v.first ? v.first : "?");
    } else if (c) {
        rc = rotas_county_finalize(c, err);
        /* The programmes' keys (researchers, term, holidays, weak subjects; pick-up points,
           homes, vehicles, shuttle), kept among the extra keys, are validated here too. */
        if (rc == ROTAS_OK && rotas__researchers_validate(c, loc, ctx, v.d, err) +
                                      rotas__shuttles_validate(c, loc, ctx, v.d, err) >
                                  0)
            rc = ROTAS_EINPUT;
    } else {
        rc = rotas_error_set(err, ROTAS_ERR, _("no county was read"));
    }
    if (rc == ROTAS_OK) {
        *out = c;
        c = NULL;
    }
    rotas_county_free(c);
    maps_free(&m);
    rotas_diags_clear(&local);
    free(v.first);
    return rc;
}

/* ---- loading files ------------------------------------------------------------------------ */

/*
 * jansson reads through a callback, but it keeps a whole token in memory before it can say the
 * token is wrong: 100 MB of letters would be buffered as one "word". The guard watches the
 * bytes as they pass and stops at the first token no county file can hold (a bare word longer
 * than 64 bytes, a string longer than 1 MiB), so junk fails fast and in bounded memory.
 */
#define GUARD_MAX_WORD 64
#define GUARD_MAX_STRING (1u << 20)

enum { G_OUT = 0, G_WORD, G_STRING, G_ESCAPE };

typedef struct src {
    FILE *f; /* a file (after the bytes in pre[]), or */
    unsigned char pre[3];
    size_t n_pre;
    const char *buf; /* a buffer of len bytes */
    size_t len, pos;
    size_t total;
    int too_big;
    int io_error;
    /* the guard */
    int state;
    size_t run;    /* bytes in the current word or string */
    int line, col; /* where the current byte is (1-based) */
    int tok_line, tok_col;
    char why[96]; /* set when the guard stopped the read */
} src;

static int guard(src *s, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = p[i];
        if (ch == '\n') {
            s->line++;
            s->col = 0;
        } else if ((ch & 0xC0) != 0x80) {
            s->col++; /* columns count characters, not UTF-8 continuation bytes */
        }
        switch (s->state) {
        case G_STRING:
            if (ch == '\\')
                s->state = G_ESCAPE;
            else if (ch == '"')
                s->state = G_OUT;
            else if (++s->run > GUARD_MAX_STRING) {
                snprintf(s->why, sizeof s->why, _("a string longer than %u bytes"),
                         GUARD_MAX_STRING);
                return -1;
            }
            continue;
        case G_ESCAPE:
            s->state = G_STRING;
            s->run++;
            continue;
        default:
            break;
        }
        int structural = ch == '{' || ch == '}' || ch == '[' || ch == ']' || ch == ':' ||
                         ch == ',' || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
        if (ch == '"') {
            s->state = G_STRING;
            s->run = 0;
        } else if (structural) {
            s->state = G_OUT;
        } else {
            if (s->state != G_WORD) {
                s->state = G_WORD;
                s->run = 0;
                s->tok_line = s->line;
                s->tok_col = s->col;
            }
            if (++s->run > GUARD_MAX_WORD) {
                snprintf(s->why, sizeof s->why,
                         _("invalid token (more than %d bytes of text that is not JSON)"),
                         GUARD_MAX_WORD);
                s->line = s->tok_line;
                s->col = s->tok_col;
                return -1;
            }
        }
    }
    return 0;
}

static size_t src_read(void *buf, size_t n, void *data)
{
    src *s = data;
    size_t got;
    if (s->f && s->n_pre > 0) {
        got = s->n_pre < n ? s->n_pre : n;
        memcpy(buf, s->pre, got);
        memmove(s->pre, s->pre + got, s->n_pre - got);
        s->n_pre -= got;
    } else if (s->f) {
        got = fread(buf, 1, n, s->f);
        if (got == 0 && ferror(s->f)) {
            s->io_error = 1;
            return (size_t)-1;
        }
    } else {
        got = s->len - s->pos < n ? s->len - s->pos : n;
        memcpy(buf, s->buf + s->pos, got);
        s->pos += got;
    }
    s->total += got;
    if (s->total > ROTAS_JSON_MAX_BYTES) {
        s->too_big = 1;
        return (size_t)-1;
    }
    if (guard(s, buf, got) != 0)
        return (size_t)-1;
    return got;
}

/* Turn a jansson load error into "name:line:column: text". */
static rotas_rc load_error(const char *name, const json_error_t *je, rotas_error *err)
{
    if (json_error_code(je) == json_error_invalid_utf8)
        return rotas_error_set(err, ROTAS_EINPUT,
                               _("%s:%d:%d: the text is not valid UTF-8 (%s); save the file as "
                                 "UTF-8 or import it as CSV, which also reads GB18030"),
                               name, je->line, je->column, je->text);
    if (json_error_code(je) == json_error_duplicate_key)
        return rotas_error_set(err, ROTAS_EINPUT,
                               _("%s:%d:%d: %s (each key may appear once "
                                 "in an object)"),
                               name, je->line, je->column, je->text);
    return rotas_error_set(err, ROTAS_EINPUT, _("%s:%d:%d: invalid JSON: %s"), name, je->line,
                           je->column, je->text);
}

static rotas_rc empty_error(const char *name, rotas_error *err)
{
    return rotas_error_set(err, ROTAS_EINPUT,
                           _("%s: the file is empty (expected a rotas-county/1 JSON object)"),
                           name);
}

/* Parse from s (a file or a buffer) and build the county. */
static rotas_rc load(rotas_county **out, src *s, const char *name, rotas_diags *d, rotas_error *err)
{
    json_error_t je;
    rotas_rc rc;
    s->line = 1;
    s->col = 0;
    json_t *root = json_load_callback(src_read, s, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (s->too_big)
            return rotas_error_set(err, ROTAS_EINPUT, _("%s: too large (more than %u bytes)"), name,
                                   ROTAS_JSON_MAX_BYTES);
        if (s->io_error)
            return rotas_error_set(err, ROTAS_EIO, _("%s: cannot read: %s"), name, strerror(errno));
        if (s->why[0])
            return rotas_error_set(err, ROTAS_EINPUT, _("%s:%d:%d: invalid JSON: %s"), name,
                                   s->line, s->col, s->why);
        if (s->total == 0)
            return empty_error(name, err);
        return load_error(name, &je, err);
    }
    rotas_error e2 = {0};
    rc = rotas__county_from_json(out, root, NULL, NULL, d, &e2);
    if (rc != ROTAS_OK)
        rotas_error_set(err, rc, "%s: %s", name, e2.msg);
    json_decref(root);
    return rc;
}

rotas_rc rotas_county_read_json_buffer(rotas_county **out, const char *buf, size_t len,
                                       const char *name, rotas_diags *d, rotas_error *err)
{
    src s;
    memset(&s, 0, sizeof s);
    if (!name)
        name = "(buffer)";
    if (len > ROTAS_JSON_MAX_BYTES)
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: too large (%zu bytes; the limit is %u)"),
                               name, len, ROTAS_JSON_MAX_BYTES);
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) { /* a UTF-8 byte order mark */
        buf += 3;
        len -= 3;
    }
    if (len == 0)
        return empty_error(name, err);
    s.buf = buf;
    s.len = len;
    return load(out, &s, name, d, err);
}

rotas_rc rotas_county_read_json(rotas_county **out, const char *path, rotas_diags *d,
                                rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    src s;
    struct stat st;
    memset(&s, 0, sizeof s);

    s.f = fopen(path, "rb");
    if (!s.f)
        return rotas_error_set(err, errno == ENOENT ? ROTAS_EINPUT : ROTAS_EIO,
                               _("%s: cannot open: %s"), path, strerror(errno));
    if (fstat(fileno(s.f), &st) == 0 && S_ISREG(st.st_mode)) {
        if ((unsigned long long)st.st_size > ROTAS_JSON_MAX_BYTES) {
            rc = rotas_error_set(err, ROTAS_EINPUT,
                                 _("%s: too large (%lld bytes; the limit is %u bytes)"), path,
                                 (long long)st.st_size, ROTAS_JSON_MAX_BYTES);
            goto done;
        }
    } else if (fstat(fileno(s.f), &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             _("%s: is a folder (a rotas-county/1 JSON file was expected)"), path);
        goto done;
    }
    /* Skip a UTF-8 byte order mark. */
    s.n_pre = fread(s.pre, 1, 3, s.f);
    if (s.n_pre == 3 && !memcmp(s.pre, "\xEF\xBB\xBF", 3))
        s.n_pre = 0;
    else if (s.n_pre == 0 && !ferror(s.f)) {
        rc = empty_error(path, err);
        goto done;
    }
    rc = load(out, &s, path, d, err);
done:
    fclose(s.f);
    return rc;
}

/* ---- a decisions file ------------------------------------------------------------------------ */

/* Map the ids of the county's entities (borrowed from c). */
static int maps_from_county(maps *m, const rotas_county *c)
{
    if (rotas_strmap_init(&m->schools, c->n_schools) != 0 ||
        rotas_strmap_init(&m->subjects, c->n_subjects) != 0 ||
        rotas_strmap_init(&m->teachers, c->n_teachers) != 0)
        return -1;
    for (size_t i = 0; i < c->n_schools; i++)
        if (c->schools[i].id && rotas_strmap_put(&m->schools, c->schools[i].id, (int)i) < 0)
            return -1;
    for (size_t i = 0; i < c->n_subjects; i++)
        if (c->subjects[i].id && rotas_strmap_put(&m->subjects, c->subjects[i].id, (int)i) < 0)
            return -1;
    for (size_t i = 0; i < c->n_teachers; i++)
        if (c->teachers[i].id && rotas_strmap_put(&m->teachers, c->teachers[i].id, (int)i) < 0)
            return -1;
    return 0;
}

static int decision_names_teacher(const rotas_decision *d, int t)
{
    return t >= 0 && (d->teacher == t || d->teacher2 == t);
}

rotas_rc rotas_decisions_read_json(rotas_county *c, const char *path, rotas_diags *d,
                                   rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_diags local = {0};
    v_ctx v = {NULL, NULL, d ? d : &local, 0, 0, 0, 0, NULL};
    maps m = {0};
    json_error_t je;
    json_t *root = NULL, *j, *arr;
    rotas_decision *ds = NULL, *merged = NULL;
    size_t n = 0;

    if (!c || !path)
        return rotas_error_set(err, ROTAS_ERR, _("no county or no path"));
    FILE *f = fopen(path, "rb");
    if (!f)
        return rotas_error_set(err, errno == ENOENT ? ROTAS_EINPUT : ROTAS_EIO,
                               _("%s: cannot open: %s"), path, strerror(errno));
    root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    fclose(f);
    if (!root) {
        rc = load_error(path, &je, err);
        goto done;
    }
    j = json_is_object(root) ? json_object_get(root, "format") : NULL;
    if (!json_is_object(root))
        expected(&v, _("(top level)"),
                 _("a rotas-decisions/1 object {\"format\": "
                   "\"rotas-decisions/1\", \"decisions\": [...]}"),
                 root);
    else if (!j)
        report(&v, "format", _("missing required field \"format\" (expected \"%s\")"),
               ROTAS_FORMAT_DECISIONS);
    else if (!json_is_string(j) || strcmp(json_string_value(j), ROTAS_FORMAT_DECISIONS) != 0)
        expected(&v, "format", "\"" ROTAS_FORMAT_DECISIONS "\"", j);
    else if ((arr = get_array(&v, root, "", "decisions", 1, _("an array of decisions")))) {
        if (maps_from_county(&m, c) != 0)
            v.nomem = 1;
        else
            ds = read_decision_array(&v, c, &m, arr, "decisions", &n);
    }
    if (v.nomem) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while reading decisions"));
        goto done;
    }
    if (v.n > 0) {
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             P_("%s: %zu problem; first: %s", "%s: %zu problems; first: %s", v.n),
                             path, v.n, v.first ? v.first : "?");
        goto done;
    }
    /* The file's decisions replace the county's for the same teachers. */
    merged = calloc(c->n_decisions + n + 1, sizeof *merged);
    if (!merged) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while reading decisions"));
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < c->n_decisions; i++) {
        rotas_decision *old = &c->decisions[i];
        int replaced = 0;
        for (size_t q = 0; q < n && !replaced; q++)
            replaced = decision_names_teacher(&ds[q], old->teacher) ||
                       decision_names_teacher(&ds[q], old->teacher2);
        if (replaced) {
            free(old->reason);
            free(old->extra);
        } else
            merged[k++] = *old;
    }
    for (size_t q = 0; q < n; q++)
        merged[k++] = ds[q];
    free(ds);
    ds = NULL;
    n = 0;
    free(c->decisions);
    c->decisions = merged;
    c->n_decisions = k;
done:
    free_decisions(ds, n);
    json_decref(root);
    maps_free(&m);
    rotas_diags_clear(&local);
    free(v.first);
    return rc;
}
