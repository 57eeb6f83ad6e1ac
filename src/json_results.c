/*
 * json_results.c - rotas-policy/1, rotas-plan/1, rotas-timetable/1 and rotas-cover/1 as JSON.
 *
 * Writers build a jansson tree and dump it (sorted keys, two-space indent); files are written
 * to a temporary name and renamed, so a failed write leaves nothing half-written. Readers check
 * every field and report each problem with its JSON path; on any problem they return
 * ROTAS_EINPUT and no object.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n_int.h"
#include "json_int.h"
#include "utf8_int.h"
#include "rotas/cover.h"
#include "rotas/outfile.h"
#include "rotas/json.h"

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(12))

/* ---------------------------------------------------------------- reading helpers */

typedef struct rd {
    rotas_diags *d;
    size_t n; /* problems found */
} rd;

static void bad(rd *r, const char *path, const char *expected, const json_t *v)
{
    char f[96];
    rotas__json_found(v, f, sizeof f);
    rotas_diags_add(r->d, _("%s: expected %s, found %s"), path, expected, f);
    r->n++;
}

static void join(char *buf, size_t n, const char *path, const char *key)
{
    if (!path || !*path)
        snprintf(buf, n, "%s", key);
    else
        snprintf(buf, n, "%s.%s", path, key);
}

static void at(char *buf, size_t n, const char *path, size_t i)
{
    snprintf(buf, n, "%s[%zu]", path, i);
}

/* Integral JSON number (an integer, or a real with an integral value) into *out. */
static int as_long(const json_t *v, long long *out)
{
    if (json_is_integer(v)) {
        *out = (long long)json_integer_value(v);
        return 1;
    }
    if (json_is_real(v)) {
        double x = json_real_value(v);
        if (x == floor(x) && fabs(x) < 9e15) {
            *out = (long long)x;
            return 1;
        }
    }
    return 0;
}

/* Member key of obj as an int in [lo, hi]. Returns 1 read, 0 absent (not required), -1 bad. */
static int get_int(rd *r, json_t *obj, const char *path, const char *key, int required, long lo,
                   long hi, int *out)
{
    char p[256], want[96];
    json_t *v = json_object_get(obj, key);
    join(p, sizeof p, path, key);
    if (!v && !required)
        return 0;
    if (hi == LONG_MAX)
        snprintf(want, sizeof want, _("an integer >= %ld"), lo);
    else
        snprintf(want, sizeof want, _("an integer in [%ld, %ld]"), lo, hi);
    long long x;
    if (!v || !as_long(v, &x) || x < lo || x > hi || x > INT_MAX || x < INT_MIN) {
        bad(r, p, want, v);
        return -1;
    }
    *out = (int)x;
    return 1;
}

/* Member key as a number; null gives NAN when allow_null. 1 read, 0 absent, -1 bad. */
static int get_num(rd *r, json_t *obj, const char *path, const char *key, int required,
                   int allow_null, double *out)
{
    char p[256];
    json_t *v = json_object_get(obj, key);
    join(p, sizeof p, path, key);
    if (!v && !required)
        return 0;
    if (v && json_is_null(v) && allow_null) {
        *out = NAN;
        return 1;
    }
    if (!v || !json_is_number(v)) {
        bad(r, p, allow_null ? _("a number or null") : _("a number"), v);
        return -1;
    }
    *out = json_number_value(v);
    return 1;
}

/* Member key as a string (borrowed), or NULL (reported when required or of another type). */
static const char *get_str(rd *r, json_t *obj, const char *path, const char *key, int required)
{
    char p[256];
    json_t *v = json_object_get(obj, key);
    join(p, sizeof p, path, key);
    if (!v && !required)
        return NULL;
    if (!json_is_string(v)) {
        bad(r, p, _("a string"), v);
        return NULL;
    }
    return json_string_value(v);
}

/* Member key as an array, NULL if absent (reported when required) or not an array. */
static json_t *get_arr(rd *r, json_t *obj, const char *path, const char *key, int required)
{
    char p[256];
    json_t *v = json_object_get(obj, key);
    join(p, sizeof p, path, key);
    if (!v && !required)
        return NULL;
    if (!json_is_array(v)) {
        bad(r, p, _("an array"), v);
        return NULL;
    }
    return v;
}

static json_t *get_obj(rd *r, json_t *obj, const char *path, const char *key, int required)
{
    char p[256];
    json_t *v = json_object_get(obj, key);
    join(p, sizeof p, path, key);
    if (!v && !required)
        return NULL;
    if (!json_is_object(v)) {
        bad(r, p, _("an object"), v);
        return NULL;
    }
    return v;
}

enum { ID_SCHOOL, ID_SUBJECT, ID_TEACHER, ID_CLUSTER };

/* Member key as an id of a known entity; -1 (reported) when missing or unknown. */
static int get_id(rd *r, const rotas_county *c, json_t *obj, const char *path, const char *key,
                  int kind)
{
    static const char *const what[] = {N_("a known school id"), N_("a known subject id"),
                                       N_("a known teacher id"), N_("a known cluster id")};
    char p[256];
    json_t *v = json_object_get(obj, key);
    join(p, sizeof p, path, key);
    int ix = -1;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        switch (kind) {
        case ID_SCHOOL:
            ix = rotas_county_school(c, s);
            break;
        case ID_SUBJECT:
            ix = rotas_county_subject(c, s);
            break;
        case ID_TEACHER:
            ix = rotas_county_teacher(c, s);
            break;
        default:
            ix = rotas_county_cluster(c, s);
            break;
        }
    }
    if (ix < 0)
        bad(r, p, _(what[kind]), v);
    return ix;
}

/* Load a JSON file (size-limited, duplicate keys rejected). NULL on failure with *rc set. */
static json_t *load_file(const char *path, rd *r, rotas_error *err, rotas_rc *rc)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        *rc = rotas_error_set(err, ROTAS_EIO, _("%s: cannot open: %s"), path, strerror(errno));
        return NULL;
    }
    if ((unsigned long long)st.st_size > ROTAS_JSON_MAX_BYTES) {
        *rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: file too large (%lld bytes, limit %u)"),
                              path, (long long)st.st_size, ROTAS_JSON_MAX_BYTES);
        return NULL;
    }
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        rotas_diags_add(r->d, _("line %d, column %d: %s"), je.line, je.column, je.text);
        r->n++;
        *rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: line %d, column %d: %s"), path, je.line,
                              je.column, je.text);
        return NULL;
    }
    return root;
}

static rotas_rc summary_error(rd *r, const char *name, rotas_error *err)
{
    return rotas_error_set(err, ROTAS_EINPUT, P_("%s: %zu error", "%s: %zu errors", r->n),
                           name ? name : "input", r->n);
}

/* The format field: optional (policy) or required (results); must equal fmt. */
static void check_format(rd *r, json_t *root, const char *fmt, int required)
{
    json_t *v = json_object_get(root, "format");
    if (!v && !required)
        return;
    if (!json_is_string(v) || strcmp(json_string_value(v), fmt) != 0) {
        char want[64];
        snprintf(want, sizeof want, "\"%s\"", fmt);
        bad(r, "format", want, v);
    }
}

/* ---------------------------------------------------------------- writing helpers */

static void put(json_t *o, const char *k, json_t *v, int *ok)
{
    if (!v || json_object_set_new(o, k, v) != 0)
        *ok = 0;
}

static void push(json_t *a, json_t *v, int *ok)
{
    if (!v || json_array_append_new(a, v) != 0)
        *ok = 0;
}

static json_t *jnum(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *school_id(const rotas_county *c, int s)
{
    return s >= 0 && (size_t)s < c->n_schools && c->schools[s].id ? json_string(c->schools[s].id)
                                                                  : json_null();
}
static json_t *subject_id(const rotas_county *c, int s)
{
    return s >= 0 && (size_t)s < c->n_subjects && c->subjects[s].id ? json_string(c->subjects[s].id)
                                                                    : json_null();
}
static json_t *teacher_id(const rotas_county *c, int t)
{
    return t >= 0 && (size_t)t < c->n_teachers && c->teachers[t].id ? json_string(c->teachers[t].id)
                                                                    : json_null();
}

/* Write text to path atomically ("-" = stdout). */
static rotas_rc write_text(const char *text, const char *path, rotas_error *err)
{
    size_t len = strlen(text);
    char *t = malloc(len + 1);
    if (!t)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    memcpy(t, text, len);
    t[len] = '\n';
    rotas_rc rc = rotas_outfile_write(path, t, len + 1, err);
    free(t);
    return rc;
}

/* ---------------------------------------------------------------- policy */

enum { K_INT, K_NUM, K_BASE, K_KM };
typedef struct pkey {
    const char *name;
    int kind;
    size_t off;
    double lo, hi; /* inclusive; for K_NUM lo_open means > lo */
    int lo_open;
} pkey;

#define PI(f, lo, hi)                                                                              \
    {                                                                                              \
#f, K_INT, offsetof(rotas_policy, f), lo, hi, 0                                            \
    }
#define PN(f, lo, hi)                                                                              \
    {                                                                                              \
#f, K_NUM, offsetof(rotas_policy, f), lo, hi, 0                                            \
    }
#define PW(f)                                                                                      \
    {                                                                                              \
#f, K_NUM, offsetof(rotas_policy, f), 0, HUGE_VAL, 0                                       \
    }

static const pkey pkeys[] = {
    PI(teacher_tenure_years, 0, INT_MAX),
    PI(leader_tenure_years, 0, INT_MAX),
    PN(min_rotation_share, 0, 1),
    PN(min_key_share, 0, 1),
    {"key_share_base", K_BASE, offsetof(rotas_policy, key_share_base), 0, 0, 0},
    PI(exchange_term_years, 1, INT_MAX),
    PN(max_out_share, 0, 1),
    {"max_km", K_KM, offsetof(rotas_policy, max_km), 0, HUGE_VAL, 0},
    PI(default_max_periods, 1, INT_MAX),
    {"time_limit_seconds", K_NUM, offsetof(rotas_policy, time_limit_seconds), 0, HUGE_VAL, 1},
    PN(mip_gap, 0, 1),
    PI(candidate_schools, 0, INT_MAX),
    PI(retirement_age_men, 1, 100),
    PI(retirement_age_women, 1, 100),
    PI(exempt_years_before_retirement, 0, INT_MAX),
    PW(w_unfilled),
    PW(w_rural),
    PW(w_hardship),
    PW(w_balance),
    PW(w_km),
    PW(w_preference),
    PW(w_group),
    PW(w_move),
    PI(max_schools_per_day, 1, INT_MAX),
    PW(w_tt_unscheduled),
    PW(w_tt_change),
    PW(w_tt_km),
    PW(w_tt_school),
    PW(w_tt_morning),
    PI(secondment_count, 0, INT_MAX),
    PW(w_prio_tenure),
    PW(w_prio_key),
    PW(w_prio_hardship),
    PW(w_tt_keep),
    PW(w_keep),
    PI(group_managers_per_member, 0, 100),
    PI(group_key_team_per_member, 0, 100),
};
static const size_t n_pkeys = sizeof pkeys / sizeof pkeys[0];

static void num_want(const pkey *k, char *buf, size_t n)
{
    if (k->kind == K_INT) {
        if (k->hi >= (double)INT_MAX)
            snprintf(buf, n, _("an integer >= %.0f"), k->lo);
        else
            snprintf(buf, n, _("an integer in [%.0f, %.0f]"), k->lo, k->hi);
    } else if (k->kind == K_KM) {
        snprintf(buf, n, "%s", _("null or a number >= 0"));
    } else if (k->lo_open) {
        snprintf(buf, n, _("a number > %g"), k->lo);
    } else if (isinf(k->hi)) {
        snprintf(buf, n, _("a number >= %g"), k->lo);
    } else {
        snprintf(buf, n, _("a number in [%g, %g]"), k->lo, k->hi);
    }
}

/* Apply the keys of obj onto *p. prefix: path of obj ("" at top level, "policy" in a plan). */
static void policy_from_obj(rotas_policy *p, json_t *obj, const char *prefix, rd *r)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        char path[256], want[96];
        join(path, sizeof path, prefix, key);
        if (!strcmp(key, "format")) {
            if (!json_is_string(v) || strcmp(json_string_value(v), ROTAS_FORMAT_POLICY) != 0)
                bad(r, path, "\"" ROTAS_FORMAT_POLICY "\"", v);
            continue;
        }
        const pkey *k = NULL;
        for (size_t i = 0; i < n_pkeys; i++)
            if (!strcmp(pkeys[i].name, key))
                k = &pkeys[i];
        if (!k) {
            rotas_diags_add(r->d, _("%s: unknown policy key"), path);
            r->n++;
            continue;
        }
        char *field = (char *)p + k->off;
        num_want(k, want, sizeof want);
        switch (k->kind) {
        case K_INT: {
            long long x;
            if (!as_long(v, &x) || (double)x < k->lo || (double)x > k->hi)
                bad(r, path, want, v);
            else
                *(int *)field = (int)x;
            break;
        }
        case K_BASE: {
            const char *s = json_is_string(v) ? json_string_value(v) : NULL;
            if (s && !strcmp(s, "moved"))
                *(int *)field = ROTAS_KEY_SHARE_OF_MOVED;
            else if (s && !strcmp(s, "eligible"))
                *(int *)field = ROTAS_KEY_SHARE_OF_ELIGIBLE;
            else
                bad(r, path, _("\"moved\" or \"eligible\""), v);
            break;
        }
        case K_KM:
            if (json_is_null(v))
                *(double *)field = -1.0;
            else if (!json_is_number(v) || !(json_number_value(v) >= 0))
                bad(r, path, want, v);
            else
                *(double *)field = json_number_value(v);
            break;
        default: {
            double x = json_is_number(v) ? json_number_value(v) : NAN;
            int okv = json_is_number(v) && isfinite(x) && x <= k->hi &&
                      (k->lo_open ? x > k->lo : x >= k->lo);
            if (!okv)
                bad(r, path, want, v);
            else
                *(double *)field = x;
            break;
        }
        }
    }
}

static json_t *policy_to_json(const rotas_policy *p)
{
    int ok = 1;
    json_t *o = json_object();
    if (!o)
        return NULL;
    put(o, "format", json_string(ROTAS_FORMAT_POLICY), &ok);
    for (size_t i = 0; i < n_pkeys; i++) {
        const pkey *k = &pkeys[i];
        const char *field = (const char *)p + k->off;
        switch (k->kind) {
        case K_INT:
            put(o, k->name, json_integer(*(const int *)field), &ok);
            break;
        case K_BASE:
            put(o, k->name,
                json_string(*(const int *)field == ROTAS_KEY_SHARE_OF_ELIGIBLE ? "eligible"
                                                                               : "moved"),
                &ok);
            break;
        case K_KM: {
            double x = *(const double *)field;
            put(o, k->name, x < 0 || !isfinite(x) ? json_null() : json_real(x), &ok);
            break;
        }
        default:
            put(o, k->name, jnum(*(const double *)field), &ok);
            break;
        }
    }
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *rotas_policy_dump_json(const rotas_policy *p)
{
    json_t *o = policy_to_json(p);
    char *s = o ? json_dumps(o, DUMP_FLAGS) : NULL;
    json_decref(o);
    return s;
}

rotas_rc rotas_policy_read_json(rotas_policy *out, const char *path, rotas_diags *diags,
                                rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rd r = {diags, 0};
    json_t *root = load_file(path, &r, err, &rc);
    if (!root)
        return rc;
    if (!json_is_object(root)) {
        bad(&r, "(top level)", _("an object of policy keys"), root);
    } else {
        rotas_policy tmp = *out;
        policy_from_obj(&tmp, root, "", &r);
        if (r.n == 0)
            *out = tmp;
    }
    if (r.n)
        rc = summary_error(&r, path, err);
    json_decref(root);
    return rc;
}

rotas_rc rotas_policy_apply_json(rotas_policy *p, const char *json_text, const char *where,
                                 rotas_diags *diags, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rd r = {diags, 0};
    const char *name = where && *where ? where : "policy";
    json_error_t je;
    json_t *root = json_loads(json_text ? json_text : "", JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        rotas_diags_add(diags, _("%s: line %d, column %d: %s"), name, je.line, je.column, je.text);
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: line %d, column %d: %s"), name, je.line,
                               je.column, je.text);
    }
    if (!json_is_object(root)) {
        bad(&r, name, _("an object of policy keys"), root);
    } else {
        rotas_policy tmp = *p;
        rotas_diags local = {0};
        rd inner = {&local, 0};
        policy_from_obj(&tmp, root, "", &inner);
        for (size_t i = 0; i < local.n_items; i++)
            rotas_diags_add(diags, "%s: %s", name, local.items[i]);
        rotas_diags_clear(&local);
        r.n += inner.n;
        if (inner.n == 0)
            *p = tmp;
    }
    if (r.n)
        rc = summary_error(&r, name, err);
    json_decref(root);
    return rc;
}

/* ---------------------------------------------------------------- plans: writing */

static const char *const ind_names[ROTAS_IND_COUNT] = {"degree", "key", "pe_arts"};

static json_t *ind_row(const rotas_indicator_row *row, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    for (int i = 0; i < ROTAS_IND_COUNT; i++) {
        json_t *m = json_object();
        if (m) {
            put(m, "mean", jnum(row->mean[i]), ok);
            put(m, "cv", jnum(row->cv[i]), ok);
        }
        put(o, ind_names[i], m, ok);
    }
    put(o, "n_schools", json_integer(row->n_schools), ok);
    put(o, "students", json_integer(row->students), ok);
    return o;
}

static json_t *ind_set(const rotas_indicators *s, int *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = 0;
        return NULL;
    }
    put(o, "primary", ind_row(&s->primary, ok), ok);
    put(o, "junior", ind_row(&s->junior, ok), ok);
    put(o, "county", ind_row(&s->county, ok), ok);
    return o;
}

static json_t *reasons_json(const rotas_county *c, const rotas_move *m, int *ok)
{
    json_t *a = json_array();
    char buf[160];
    if (!a) {
        *ok = 0;
        return NULL;
    }
    unsigned b = m->reasons;
    if (b & ROTAS_REASON_LEADER_TENURE)
        push(a, json_string("leader_tenure"), ok);
    if (b & ROTAS_REASON_TENURE)
        push(a, json_string("tenure"), ok);
    if (b & ROTAS_REASON_SHORTAGE) {
        int s = m->shortage_subject;
        if (s >= 0 && (size_t)s < c->n_subjects && c->subjects[s].id) {
            snprintf(buf, sizeof buf, "shortage:%s", c->subjects[s].id);
            push(a, json_string(buf), ok);
        } else {
            push(a, json_string("shortage"), ok);
        }
    }
    if (b & ROTAS_REASON_QUOTA)
        push(a, json_string("rotation_share"), ok);
    if (b & ROTAS_REASON_KEY_SHARE)
        push(a, json_string("key_share"), ok);
    if (b & ROTAS_REASON_BALANCE)
        push(a, json_string("balance"), ok);
    if (b & ROTAS_REASON_PREFERENCE) {
        if (m->preference_rank > 0) {
            snprintf(buf, sizeof buf, "preference:%d", m->preference_rank);
            push(a, json_string(buf), ok);
        } else {
            push(a, json_string("preference"), ok);
        }
    }
    if (b & ROTAS_REASON_GROUP)
        push(a, json_string("group"), ok);
    if (b & ROTAS_REASON_GROUP_DISPATCH)
        push(a, json_string("group_dispatch"), ok);
    return a;
}

static json_t *plan_to_json(const rotas_plan *plan, const rotas_county *c)
{
    int ok = 1;
    json_t *o = json_object(), *a = NULL;
    if (!o)
        return NULL;
    put(o, "format", json_string(ROTAS_FORMAT_PLAN), &ok);
    put(o, "year", json_integer(plan->year), &ok);
    put(o, "status", json_string(rotas_status_name(plan->status)), &ok);
    put(o, "objective", jnum(plan->objective), &ok);
    put(o, "bound", jnum(plan->bound), &ok);
    put(o, "gap", jnum(plan->gap), &ok);
    put(o, "seconds", jnum(plan->seconds), &ok);

    a = json_array();
    for (size_t i = 0; a && i < plan->n_moves; i++) {
        const rotas_move *m = &plan->moves[i];
        json_t *mo = json_object();
        if (!mo) {
            ok = 0;
            break;
        }
        const rotas_teacher *t =
            m->teacher >= 0 && (size_t)m->teacher < c->n_teachers ? &c->teachers[m->teacher] : NULL;
        put(mo, "teacher", teacher_id(c, m->teacher), &ok);
        put(mo, "name", t && t->name ? json_string(t->name) : json_null(), &ok);
        put(mo, "subject", subject_id(c, t && t->n_subjects ? t->subjects[0] : -1), &ok);
        put(mo, "key",
            t && t->key > ROTAS_KEY_NONE ? json_string(rotas_key_name(t->key)) : json_false(), &ok);
        put(mo, "from", school_id(c, m->from), &ok);
        put(mo, "to", school_id(c, m->to), &ok);
        put(mo, "reasons", reasons_json(c, m, &ok), &ok);
        put(mo, "km", jnum(m->km), &ok);
        put(mo, "until", json_integer(m->until), &ok);
        put(mo, "priority", jnum(m->priority), &ok);
        push(a, mo, &ok);
    }
    put(o, "moves", a, &ok);

    a = json_array();
    for (size_t i = 0; a && i < plan->n_secondments; i++) {
        const rotas_secondment *x = &plan->secondments[i];
        const rotas_teacher *t =
            x->teacher >= 0 && (size_t)x->teacher < c->n_teachers ? &c->teachers[x->teacher] : NULL;
        json_t *xo = json_object();
        if (xo) {
            put(xo, "teacher", teacher_id(c, x->teacher), &ok);
            put(xo, "name", t && t->name ? json_string(t->name) : json_null(), &ok);
            put(xo, "from", school_id(c, x->from), &ok);
            put(xo, "to", school_id(c, x->to), &ok);
            put(xo, "km", jnum(x->km), &ok);
            put(xo, "until", json_integer(x->until), &ok);
            put(xo, "role", json_string("teaching_vice_principal"), &ok);
        }
        push(a, xo, &ok);
    }
    put(o, "secondments", a, &ok);

    json_t *pref = plan->preference_got[0] >= 0 ? json_object() : NULL;
    if (pref) {
        put(pref, "first", json_integer(plan->preference_got[1]), &ok);
        put(pref, "second", json_integer(plan->preference_got[2]), &ok);
        put(pref, "third", json_integer(plan->preference_got[3]), &ok);
        put(pref, "none", json_integer(plan->preference_got[0]), &ok);
    }
    if (pref)
        put(o, "preferences", pref, &ok);

    a = json_array();
    for (size_t i = 0; a && i < plan->n_envy; i++) {
        const rotas_envy *x = &plan->envy[i];
        json_t *xo = json_object();
        if (xo) {
            put(xo, "teacher", teacher_id(c, x->teacher), &ok);
            put(xo, "other", teacher_id(c, x->other), &ok);
            put(xo, "school", school_id(c, x->school), &ok);
            put(xo, "why", json_string(x->why), &ok);
        }
        push(a, xo, &ok);
    }
    put(o, "envy", a, &ok);
    put(o, "changed", plan->n_changed >= 0 ? json_integer(plan->n_changed) : json_null(), &ok);

    a = json_array();
    for (size_t i = 0; a && i < plan->n_unfilled; i++) {
        const rotas_unfilled *u = &plan->unfilled[i];
        json_t *uo = json_object();
        if (uo) {
            put(uo, "school", school_id(c, u->school), &ok);
            put(uo, "subject", subject_id(c, u->subject), &ok);
            put(uo, "periods", jnum(u->periods), &ok);
        }
        push(a, uo, &ok);
    }
    put(o, "unfilled", a, &ok);

    json_t *ind = json_object();
    if (ind) {
        put(ind, "before", ind_set(&plan->before, &ok), &ok);
        put(ind, "after", ind_set(&plan->after, &ok), &ok);
    }
    put(o, "indicators", ind, &ok);

    a = json_array();
    for (size_t i = 0; a && i < plan->n_relaxed; i++) {
        const rotas_relaxed *x = &plan->relaxed[i];
        json_t *xo = json_object();
        if (xo) {
            put(xo, "rule", json_string(x->rule), &ok);
            put(xo, "amount", jnum(x->amount), &ok);
            put(xo, "detail", json_string(x->detail), &ok);
        }
        push(a, xo, &ok);
    }
    put(o, "relaxed", a, &ok);

    put(o, "policy", policy_to_json(&plan->policy), &ok);

    json_t *sum = json_object();
    if (sum) {
        put(sum, "eligible", json_integer(plan->n_eligible), &ok);
        put(sum, "must", json_integer(plan->n_must), &ok);
        put(sum, "frozen", json_integer(plan->n_frozen), &ok);
        put(sum, "moved", json_integer((json_int_t)plan->n_moves), &ok);
        put(sum, "key_moved", json_integer(plan->n_key_moved), &ok);
        put(sum, "unfilled_before", jnum(plan->unfilled_before), &ok);
        put(sum, "unfilled_after", jnum(plan->unfilled_after), &ok);
        put(sum, "km_total", jnum(plan->km_total), &ok);
    }
    put(o, "summary", sum, &ok);
    put(o, "travel_estimated_pairs", json_integer((json_int_t)plan->n_estimated_pairs), &ok);
    if (plan->source)
        put(o, "county", json_string(plan->source), &ok);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *rotas_plan_dump_json(const rotas_plan *plan, const rotas_county *c)
{
    json_t *o = plan_to_json(plan, c);
    char *s = o ? json_dumps(o, DUMP_FLAGS) : NULL;
    json_decref(o);
    return s;
}

rotas_rc rotas_plan_write_json(const rotas_plan *plan, const rotas_county *c, const char *path,
                               rotas_error *err)
{
    char *s = rotas_plan_dump_json(plan, c);
    if (!s)
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory writing the plan"), path);
    rotas_rc rc = write_text(s, path, err);
    free(s);
    return rc;
}

/* ---------------------------------------------------------------- plans: reading */

static void read_reasons(rd *r, const rotas_county *c, json_t *arr, const char *path, rotas_move *m)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        char p[256];
        at(p, sizeof p, path, i);
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        if (!s) {
            bad(r, p, _("a reason string"), v);
        } else if (!strcmp(s, "leader_tenure")) {
            m->reasons |= ROTAS_REASON_LEADER_TENURE;
        } else if (!strcmp(s, "tenure")) {
            m->reasons |= ROTAS_REASON_TENURE;
        } else if (!strcmp(s, "rotation_share")) {
            m->reasons |= ROTAS_REASON_QUOTA;
        } else if (!strcmp(s, "key_share")) {
            m->reasons |= ROTAS_REASON_KEY_SHARE;
        } else if (!strcmp(s, "balance")) {
            m->reasons |= ROTAS_REASON_BALANCE;
        } else if (!strcmp(s, "group")) {
            m->reasons |= ROTAS_REASON_GROUP;
        } else if (!strcmp(s, "group_dispatch")) {
            m->reasons |= ROTAS_REASON_GROUP_DISPATCH;
        } else if (!strcmp(s, "shortage")) {
            m->reasons |= ROTAS_REASON_SHORTAGE;
        } else if (!strncmp(s, "shortage:", 9)) {
            int sub = rotas_county_subject(c, s + 9);
            if (sub < 0)
                bad(r, p, _("\"shortage:<known subject id>\""), v);
            m->reasons |= ROTAS_REASON_SHORTAGE;
            m->shortage_subject = sub;
        } else if (!strcmp(s, "preference")) {
            m->reasons |= ROTAS_REASON_PREFERENCE;
        } else if (!strncmp(s, "preference:", 11)) {
            char *end = NULL;
            long rank = strtol(s + 11, &end, 10);
            if (end == s + 11 || *end || rank < 1 || rank > INT_MAX)
                bad(r, p, _("\"preference:<rank from 1>\""), v);
            else
                m->preference_rank = (int)rank;
            m->reasons |= ROTAS_REASON_PREFERENCE;
        } else {
            bad(r, p,
                _("one of leader_tenure, tenure, shortage:<subject>, rotation_share, key_share, "
                  "balance, preference:<rank>, group, group_dispatch"),
                v);
        }
    }
}

static void read_ind_row(rd *r, json_t *o, const char *path, rotas_indicator_row *row)
{
    char p[256];
    for (int i = 0; i < ROTAS_IND_COUNT; i++) {
        json_t *m = get_obj(r, o, path, ind_names[i], 0);
        if (!m)
            continue;
        join(p, sizeof p, path, ind_names[i]);
        get_num(r, m, p, "mean", 0, 1, &row->mean[i]);
        get_num(r, m, p, "cv", 0, 1, &row->cv[i]);
    }
    get_int(r, o, path, "n_schools", 0, 0, INT_MAX, &row->n_schools);
    int st = 0;
    if (get_int(r, o, path, "students", 0, 0, INT_MAX, &st) == 1)
        row->students = st;
}

static void read_ind_set(rd *r, json_t *o, const char *path, rotas_indicators *s)
{
    static const char *const rows[] = {"primary", "junior", "county"};
    rotas_indicator_row *dst[] = {&s->primary, &s->junior, &s->county};
    char p[256];
    for (int i = 0; i < 3; i++) {
        json_t *x = get_obj(r, o, path, rows[i], 0);
        join(p, sizeof p, path, rows[i]);
        if (x)
            read_ind_row(r, x, p, dst[i]);
    }
}

/* "one of min_key_share, ..., posts": the rules a plan may relax (rotas/result.h), in order. */
static void relaxed_rules_expected(char *out, size_t n)
{
    size_t k = (size_t)snprintf(out, n, "%s", _("one of "));
    for (int i = 0; i < ROTAS_RULE_COUNT && k < n; i++)
        k +=
            (size_t)snprintf(out + k, n - k, "%s%s", i ? ", " : "", rotas_rule_name((rotas_rule)i));
}

static rotas_plan *plan_from_json(json_t *root, const rotas_county *c, rd *r)
{
    rotas_plan *plan = calloc(1, sizeof *plan);
    char p[256], q[256];
    if (!plan)
        return NULL;
    rotas_policy_default(&plan->policy);
    plan->objective = plan->bound = plan->gap = NAN;
    check_format(r, root, ROTAS_FORMAT_PLAN, 1);
    get_int(r, root, "", "year", 1, 1, 9999, &plan->year);
    const char *st = get_str(r, root, "", "status", 1);
    if (st) {
        int s = rotas_status_parse(st);
        if (s < 0)
            bad(r, "status", _("one of optimal, feasible, time_limit, infeasible"),
                json_object_get(root, "status"));
        else
            plan->status = (rotas_status)s;
    }
    get_num(r, root, "", "objective", 0, 1, &plan->objective);
    get_num(r, root, "", "bound", 0, 1, &plan->bound);
    get_num(r, root, "", "gap", 0, 1, &plan->gap);
    get_num(r, root, "", "seconds", 0, 1, &plan->seconds);

    json_t *moves = get_arr(r, root, "", "moves", 1);
    if (moves && json_array_size(moves)) {
        plan->moves = calloc(json_array_size(moves), sizeof *plan->moves);
        if (!plan->moves)
            goto oom;
        size_t i;
        json_t *m;
        json_array_foreach(moves, i, m)
        {
            rotas_move *mv = &plan->moves[plan->n_moves++];
            mv->teacher = mv->from = mv->to = mv->shortage_subject = -1;
            at(p, sizeof p, "moves", i);
            if (!json_is_object(m)) {
                bad(r, p, _("a move object"), m);
                continue;
            }
            mv->teacher = get_id(r, c, m, p, "teacher", ID_TEACHER);
            mv->from = get_id(r, c, m, p, "from", ID_SCHOOL);
            mv->to = get_id(r, c, m, p, "to", ID_SCHOOL);
            json_t *rs = get_arr(r, m, p, "reasons", 0);
            if (rs) {
                join(q, sizeof q, p, "reasons");
                read_reasons(r, c, rs, q, mv);
            }
            mv->km = NAN;
            get_num(r, m, p, "km", 1, 0, &mv->km);
            get_int(r, m, p, "until", 1, 1, 9999, &mv->until);
            mv->priority = NAN; /* not reported (a plan from before priorities) */
            get_num(r, m, p, "priority", 0, 1, &mv->priority);
        }
    }

    json_t *sec = get_arr(r, root, "", "secondments", 0);
    if (sec && json_array_size(sec)) {
        plan->secondments = calloc(json_array_size(sec), sizeof *plan->secondments);
        if (!plan->secondments)
            goto oom;
        size_t i;
        json_t *x;
        json_array_foreach(sec, i, x)
        {
            rotas_secondment *y = &plan->secondments[plan->n_secondments++];
            y->teacher = y->from = y->to = -1;
            at(p, sizeof p, "secondments", i);
            if (!json_is_object(x)) {
                bad(r, p, _("a secondment object"), x);
                continue;
            }
            y->teacher = get_id(r, c, x, p, "teacher", ID_TEACHER);
            y->from = get_id(r, c, x, p, "from", ID_SCHOOL);
            y->to = get_id(r, c, x, p, "to", ID_SCHOOL);
            y->km = NAN;
            get_num(r, x, p, "km", 1, 0, &y->km);
            get_int(r, x, p, "until", 1, 1, 9999, &y->until);
            const char *role = get_str(r, x, p, "role", 0);
            if (role && strcmp(role, "teaching_vice_principal") != 0) {
                join(q, sizeof q, p, "role");
                bad(r, q, _("\"teaching_vice_principal\""), json_object_get(x, "role"));
            }
        }
    }
    json_t *pref = get_obj(r, root, "", "preferences", 0);
    if (!json_object_get(root, "preferences"))
        plan->preference_got[0] = -1; /* not reported: preferences and envy go unchecked */
    if (pref) {
        static const char *const got_keys[4] = {"none", "first", "second", "third"};
        for (int k = 0; k < 4; k++)
            get_int(r, pref, "preferences", got_keys[k], 0, 0, LONG_MAX, &plan->preference_got[k]);
    }
    json_t *envy = get_arr(r, root, "", "envy", 0);
    if (envy && json_array_size(envy)) {
        plan->envy = calloc(json_array_size(envy), sizeof *plan->envy);
        if (!plan->envy)
            goto oom;
        size_t i;
        json_t *x;
        json_array_foreach(envy, i, x)
        {
            rotas_envy *y = &plan->envy[plan->n_envy++];
            y->teacher = y->other = y->school = -1;
            at(p, sizeof p, "envy", i);
            if (!json_is_object(x)) {
                bad(r, p, _("an envy object"), x);
                continue;
            }
            y->teacher = get_id(r, c, x, p, "teacher", ID_TEACHER);
            y->other = get_id(r, c, x, p, "other", ID_TEACHER);
            y->school = get_id(r, c, x, p, "school", ID_SCHOOL);
            const char *why = get_str(r, x, p, "why", 0);
            if (why)
                rotas__utf8_copy(y->why, sizeof y->why, why);
        }
    }
    plan->n_changed = -1;
    json_t *chg = json_object_get(root, "changed");
    if (chg && !json_is_null(chg))
        get_int(r, root, "", "changed", 0, 0, LONG_MAX, &plan->n_changed);

    json_t *unf = get_arr(r, root, "", "unfilled", 0);
    if (unf && json_array_size(unf)) {
        plan->unfilled = calloc(json_array_size(unf), sizeof *plan->unfilled);
        if (!plan->unfilled)
            goto oom;
        size_t i;
        json_t *u;
        json_array_foreach(unf, i, u)
        {
            rotas_unfilled *x = &plan->unfilled[plan->n_unfilled++];
            at(p, sizeof p, "unfilled", i);
            if (!json_is_object(u)) {
                bad(r, p, _("an object"), u);
                continue;
            }
            x->school = get_id(r, c, u, p, "school", ID_SCHOOL);
            x->subject = get_id(r, c, u, p, "subject", ID_SUBJECT);
            get_num(r, u, p, "periods", 1, 0, &x->periods);
        }
    }

    json_t *ind = get_obj(r, root, "", "indicators", 0);
    if (ind) {
        json_t *b = get_obj(r, ind, "indicators", "before", 0);
        json_t *a = get_obj(r, ind, "indicators", "after", 0);
        if (b)
            read_ind_set(r, b, "indicators.before", &plan->before);
        if (a)
            read_ind_set(r, a, "indicators.after", &plan->after);
    }

    json_t *rel = get_arr(r, root, "", "relaxed", 0);
    if (rel && json_array_size(rel)) {
        plan->relaxed = calloc(json_array_size(rel), sizeof *plan->relaxed);
        if (!plan->relaxed)
            goto oom;
        size_t i;
        json_t *x;
        json_array_foreach(rel, i, x)
        {
            rotas_relaxed *y = &plan->relaxed[plan->n_relaxed++];
            at(p, sizeof p, "relaxed", i);
            if (!json_is_object(x)) {
                bad(r, p, _("an object"), x);
                continue;
            }
            const char *rule = get_str(r, x, p, "rule", 1);
            if (rule) {
                if (rotas_rule_parse(rule) < 0) {
                    char what[160];
                    relaxed_rules_expected(what, sizeof what);
                    join(q, sizeof q, p, "rule");
                    bad(r, q, what, json_object_get(x, "rule"));
                }
                snprintf(y->rule, sizeof y->rule, "%s", rule);
            }
            get_num(r, x, p, "amount", 1, 0, &y->amount);
            const char *det = get_str(r, x, p, "detail", 0);
            if (det)
                rotas__utf8_copy(y->detail, sizeof y->detail, det);
        }
    }

    json_t *pol = get_obj(r, root, "", "policy", 0);
    if (pol)
        policy_from_obj(&plan->policy, pol, "policy", r);

    json_t *sum = get_obj(r, root, "", "summary", 0);
    if (sum) {
        get_int(r, sum, "summary", "eligible", 0, 0, INT_MAX, &plan->n_eligible);
        get_int(r, sum, "summary", "must", 0, 0, INT_MAX, &plan->n_must);
        get_int(r, sum, "summary", "frozen", 0, 0, INT_MAX, &plan->n_frozen);
        get_int(r, sum, "summary", "key_moved", 0, 0, INT_MAX, &plan->n_key_moved);
        get_num(r, sum, "summary", "unfilled_before", 0, 0, &plan->unfilled_before);
        get_num(r, sum, "summary", "unfilled_after", 0, 0, &plan->unfilled_after);
        get_num(r, sum, "summary", "km_total", 0, 0, &plan->km_total);
    }
    int est = 0;
    if (get_int(r, root, "", "travel_estimated_pairs", 0, 0, INT_MAX, &est) == 1)
        plan->n_estimated_pairs = (size_t)est;
    const char *src = get_str(r, root, "", "county", 0);
    if (src && !(plan->source = rotas_strdup(src)))
        goto oom;
    return plan;
oom:
    rotas_plan_free(plan);
    return NULL;
}

/* A result document read from a file: the builder gets the parsed object and reports its
   problems into r; on any problem nothing is returned. */
typedef void *(*result_builder)(json_t *root, const rotas_county *c, rd *r);

static rotas_rc read_result(void **out, const rotas_county *c, const char *path,
                            const char *expected, result_builder build, void (*release)(void *),
                            rotas_diags *diags, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rd r = {diags, 0};
    void *res = NULL;
    json_t *root = load_file(path, &r, err, &rc);
    if (!root)
        return rc;
    if (!json_is_object(root)) {
        bad(&r, _("(top level)"), expected, root);
    } else {
        res = build(root, c, &r);
        if (!res) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
            goto done;
        }
    }
    if (r.n) {
        rc = summary_error(&r, path, err);
        goto done;
    }
    *out = res;
    res = NULL;
done:
    release(res);
    json_decref(root);
    return rc;
}

static void *build_plan(json_t *root, const rotas_county *c, rd *r)
{
    return plan_from_json(root, c, r);
}

static void release_plan(void *p)
{
    rotas_plan_free(p);
}

rotas_rc rotas_plan_read_json(rotas_plan **out, const rotas_county *c, const char *path,
                              rotas_diags *diags, rotas_error *err)
{
    void *res = NULL;
    rotas_rc rc = read_result(&res, c, path, _("a rotas-plan/1 object"), build_plan, release_plan,
                              diags, err);
    if (rc == ROTAS_OK)
        *out = res;
    return rc;
}

/* ---------------------------------------------------------------- timetables: writing */

static json_t *class_id(const rotas_county *c, int k)
{
    return k >= 0 && (size_t)k < c->n_classes && c->classes[k].id ? json_string(c->classes[k].id)
                                                                  : json_null();
}

static json_t *tt_to_json(const rotas_timetable *tt, const rotas_county *c)
{
    int ok = 1;
    json_t *o = json_object(), *a;
    if (!o)
        return NULL;
    put(o, "format", json_string(ROTAS_FORMAT_TIMETABLE), &ok);
    put(o, "cluster",
        tt->cluster >= 0 && (size_t)tt->cluster < c->n_clusters && c->clusters[tt->cluster].id
            ? json_string(c->clusters[tt->cluster].id)
            : json_null(),
        &ok);
    put(o, "status", json_string(rotas_status_name(tt->status)), &ok);
    put(o, "days", json_integer(tt->days), &ok);
    put(o, "periods", json_integer(tt->periods), &ok);

    a = json_array();
    for (size_t i = 0; a && i < tt->n_lessons; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        json_t *lo = json_object();
        if (lo) {
            put(lo, "school", school_id(c, l->school), &ok);
            put(lo, "class", class_id(c, l->klass), &ok);
            put(lo, "subject", subject_id(c, l->subject), &ok);
            put(lo, "teacher", teacher_id(c, l->teacher), &ok);
            put(lo, "day", json_integer(l->day + 1), &ok);
            put(lo, "period", json_integer(l->period + 1), &ok);
            if (l->room > 0 && l->school >= 0 && (size_t)l->school < c->n_schools &&
                (size_t)l->room <= c->schools[l->school].n_rooms)
                put(lo, "room", json_string(c->schools[l->school].rooms[l->room - 1].id), &ok);
        }
        push(a, lo, &ok);
    }
    put(o, "lessons", a, &ok);

    a = json_array();
    for (size_t i = 0; a && i < tt->n_routes; i++) {
        const rotas_route *rt = &tt->routes[i];
        json_t *ro = json_object(), *ss = json_array();
        for (size_t j = 0; ss && j < rt->n_schools; j++)
            push(ss, school_id(c, rt->schools[j]), &ok);
        if (ro) {
            put(ro, "teacher", teacher_id(c, rt->teacher), &ok);
            put(ro, "day", json_integer(rt->day + 1), &ok);
            put(ro, "schools", ss, &ok);
            put(ro, "km", jnum(rt->km), &ok);
            put(ro, "minutes", jnum(rt->minutes), &ok);
        } else {
            json_decref(ss);
        }
        push(a, ro, &ok);
    }
    put(o, "routes", a, &ok);

    a = json_array();
    for (size_t i = 0; a && i < tt->n_unscheduled; i++) {
        const rotas_unscheduled *u = &tt->unscheduled[i];
        json_t *uo = json_object();
        if (uo) {
            int sch =
                u->klass >= 0 && (size_t)u->klass < c->n_classes ? c->classes[u->klass].school : -1;
            put(uo, "school", school_id(c, sch), &ok);
            put(uo, "class", class_id(c, u->klass), &ok);
            put(uo, "subject", subject_id(c, u->subject), &ok);
            put(uo, "periods", json_integer(u->periods), &ok);
        }
        push(a, uo, &ok);
    }
    put(o, "unscheduled", a, &ok);

    put(o, "capacity_bound", json_integer(tt->capacity_bound), &ok);
    put(o, "objective", jnum(tt->objective), &ok);
    put(o, "bound", jnum(tt->bound), &ok);
    put(o, "travel_bound", jnum(tt->travel_bound), &ok);
    put(o, "gap", jnum(tt->gap), &ok);
    put(o, "seconds", jnum(tt->seconds), &ok);
    put(o, "school_changes", json_integer(tt->school_changes), &ok);
    put(o, "kept_lessons", tt->kept_lessons >= 0 ? json_integer(tt->kept_lessons) : json_null(),
        &ok);
    put(o, "moved_lessons", tt->moved_lessons >= 0 ? json_integer(tt->moved_lessons) : json_null(),
        &ok);
    put(o, "km", jnum(tt->km), &ok);
    put(o, "policy", policy_to_json(&tt->policy), &ok);
    if (tt->source)
        put(o, "county", json_string(tt->source), &ok);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *rotas_timetable_dump_json(const rotas_timetable *tt, const rotas_county *c)
{
    json_t *o = tt_to_json(tt, c);
    char *s = o ? json_dumps(o, DUMP_FLAGS) : NULL;
    json_decref(o);
    return s;
}

rotas_rc rotas_timetable_write_json(const rotas_timetable *tt, const rotas_county *c,
                                    const char *path, rotas_error *err)
{
    char *s = rotas_timetable_dump_json(tt, c);
    if (!s)
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory writing the timetable"),
                               path);
    rotas_rc rc = write_text(s, path, err);
    free(s);
    return rc;
}

/* ---------------------------------------------------------------- timetables: reading */

/* school + class members of o: the global class index, -1 (reported) if unknown. */
static int get_class(rd *r, const rotas_county *c, json_t *o, const char *path, int *school)
{
    char p[256];
    *school = get_id(r, c, o, path, "school", ID_SCHOOL);
    json_t *v = json_object_get(o, "class");
    join(p, sizeof p, path, "class");
    if (*school < 0) {
        if (!json_is_string(v))
            bad(r, p, _("a class id"), v);
        return -1;
    }
    int k = json_is_string(v) ? rotas_county_class(c, *school, json_string_value(v)) : -1;
    if (k < 0) {
        char want[300];
        snprintf(want, sizeof want, _("a class id of school \"%s\""), c->schools[*school].id);
        bad(r, p, want, v);
    }
    return k;
}

static rotas_timetable *tt_from_json(json_t *root, const rotas_county *c, rd *r)
{
    rotas_timetable *tt = calloc(1, sizeof *tt);
    char p[256], q[256];
    if (!tt)
        return NULL;
    rotas_policy_default(&tt->policy);
    tt->objective = tt->bound = tt->gap = NAN;
    tt->cluster = -1;
    check_format(r, root, ROTAS_FORMAT_TIMETABLE, 1);
    tt->cluster = get_id(r, c, root, "", "cluster", ID_CLUSTER);
    const char *st = get_str(r, root, "", "status", 1);
    if (st) {
        int s = rotas_status_parse(st);
        if (s < 0)
            bad(r, "status", _("one of optimal, feasible, time_limit, infeasible"),
                json_object_get(root, "status"));
        else
            tt->status = (rotas_status)s;
    }
    tt->days = ROTAS_DAYS;
    get_int(r, root, "", "days", 0, 1, 7, &tt->days);
    get_int(r, root, "", "periods", 0, 0, 100, &tt->periods);

    json_t *ls = get_arr(r, root, "", "lessons", 1);
    if (ls && json_array_size(ls)) {
        tt->lessons = calloc(json_array_size(ls), sizeof *tt->lessons);
        if (!tt->lessons)
            goto oom;
        size_t i;
        json_t *l;
        json_array_foreach(ls, i, l)
        {
            rotas_lesson *x = &tt->lessons[tt->n_lessons++];
            x->school = x->klass = x->subject = x->teacher = -1;
            at(p, sizeof p, "lessons", i);
            if (!json_is_object(l)) {
                bad(r, p, _("a lesson object"), l);
                continue;
            }
            x->klass = get_class(r, c, l, p, &x->school);
            x->subject = get_id(r, c, l, p, "subject", ID_SUBJECT);
            x->teacher = get_id(r, c, l, p, "teacher", ID_TEACHER);
            int d = 0, per = 0;
            if (get_int(r, l, p, "day", 1, 1, 1000, &d) == 1)
                x->day = d - 1;
            if (get_int(r, l, p, "period", 1, 1, 1000, &per) == 1)
                x->period = per - 1;
            const char *room = get_str(r, l, p, "room", 0);
            if (room && x->school >= 0) {
                int ri = rotas_school_room(&c->schools[x->school], room);
                if (ri < 0) {
                    char rp[300], want[300];
                    join(rp, sizeof rp, p, "room");
                    snprintf(want, sizeof want, _("the id of a room of school %s"),
                             c->schools[x->school].id);
                    bad(r, rp, want, json_object_get(l, "room"));
                } else
                    x->room = ri + 1;
            }
        }
    }

    json_t *rs = get_arr(r, root, "", "routes", 0);
    if (rs && json_array_size(rs)) {
        tt->routes = calloc(json_array_size(rs), sizeof *tt->routes);
        if (!tt->routes)
            goto oom;
        size_t i;
        json_t *ro;
        json_array_foreach(rs, i, ro)
        {
            rotas_route *x = &tt->routes[tt->n_routes++];
            x->teacher = -1;
            at(p, sizeof p, "routes", i);
            if (!json_is_object(ro)) {
                bad(r, p, _("a route object"), ro);
                continue;
            }
            x->teacher = get_id(r, c, ro, p, "teacher", ID_TEACHER);
            int d = 0;
            if (get_int(r, ro, p, "day", 1, 1, 1000, &d) == 1)
                x->day = d - 1;
            json_t *ss = get_arr(r, ro, p, "schools", 1);
            if (ss && json_array_size(ss)) {
                x->schools = calloc(json_array_size(ss), sizeof *x->schools);
                if (!x->schools)
                    goto oom;
                size_t j;
                json_t *s;
                join(q, sizeof q, p, "schools");
                json_array_foreach(ss, j, s)
                {
                    char e[300];
                    at(e, sizeof e, q, j);
                    int ix = json_is_string(s) ? rotas_county_school(c, json_string_value(s)) : -1;
                    if (ix < 0)
                        bad(r, e, _("a known school id"), s);
                    x->schools[x->n_schools++] = ix;
                }
            }
            get_num(r, ro, p, "km", 1, 0, &x->km);
            get_num(r, ro, p, "minutes", 0, 0, &x->minutes);
        }
    }

    json_t *us = get_arr(r, root, "", "unscheduled", 0);
    if (us && json_array_size(us)) {
        tt->unscheduled = calloc(json_array_size(us), sizeof *tt->unscheduled);
        if (!tt->unscheduled)
            goto oom;
        size_t i;
        json_t *u;
        json_array_foreach(us, i, u)
        {
            rotas_unscheduled *x = &tt->unscheduled[tt->n_unscheduled++];
            x->klass = x->subject = -1;
            at(p, sizeof p, "unscheduled", i);
            if (!json_is_object(u)) {
                bad(r, p, _("an object"), u);
                continue;
            }
            int sch;
            x->klass = get_class(r, c, u, p, &sch);
            x->subject = get_id(r, c, u, p, "subject", ID_SUBJECT);
            get_int(r, u, p, "periods", 1, 0, 1000, &x->periods);
        }
    }

    get_int(r, root, "", "capacity_bound", 0, 0, INT_MAX, &tt->capacity_bound);
    get_num(r, root, "", "objective", 0, 1, &tt->objective);
    get_num(r, root, "", "bound", 0, 1, &tt->bound);
    tt->travel_bound = NAN;
    get_num(r, root, "", "travel_bound", 0, 1, &tt->travel_bound);
    get_num(r, root, "", "gap", 0, 1, &tt->gap);
    get_num(r, root, "", "seconds", 0, 1, &tt->seconds);
    get_int(r, root, "", "school_changes", 0, 0, INT_MAX, &tt->school_changes);
    tt->kept_lessons = tt->moved_lessons = -1;
    json_t *kl = json_object_get(root, "kept_lessons"),
           *ml = json_object_get(root, "moved_lessons");
    if (kl && !json_is_null(kl))
        get_int(r, root, "", "kept_lessons", 0, 0, LONG_MAX, &tt->kept_lessons);
    if (ml && !json_is_null(ml))
        get_int(r, root, "", "moved_lessons", 0, 0, LONG_MAX, &tt->moved_lessons);
    get_num(r, root, "", "km", 0, 0, &tt->km);
    json_t *pol = get_obj(r, root, "", "policy", 0);
    if (pol)
        policy_from_obj(&tt->policy, pol, "policy", r);
    const char *src = get_str(r, root, "", "county", 0);
    if (src && !(tt->source = rotas_strdup(src)))
        goto oom;
    return tt;
oom:
    rotas_timetable_free(tt);
    return NULL;
}

static void *build_timetable(json_t *root, const rotas_county *c, rd *r)
{
    return tt_from_json(root, c, r);
}

static void release_timetable(void *p)
{
    rotas_timetable_free(p);
}

rotas_rc rotas_timetable_read_json(rotas_timetable **out, const rotas_county *c, const char *path,
                                   rotas_diags *diags, rotas_error *err)
{
    void *res = NULL;
    rotas_rc rc = read_result(&res, c, path, _("a rotas-timetable/1 object"), build_timetable,
                              release_timetable, diags, err);
    if (rc == ROTAS_OK)
        *out = res;
    return rc;
}

rotas_rc rotas_json_read_format(char *out, size_t n, const char *path, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rd r = {NULL, 0};
    json_t *root = load_file(path, &r, err, &rc);
    if (!root)
        return rc;
    json_t *v = json_object_get(root, "format");
    if (!json_is_string(v)) {
        char f[96];
        rotas__json_found(v, f, sizeof f);
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: format: expected a string, found %s"), path,
                             f);
    } else {
        snprintf(out, n, "%s", json_string_value(v));
    }
    json_decref(root);
    return rc;
}

/* ---------------------------------------------------------------- daily cover (rotas-cover/1) */

static json_t *jdate(long day)
{
    char b[16];
    if (day < 0)
        return json_null();
    rotas_date_format(day, b, sizeof b);
    return json_string(b);
}

static json_t *cover_to_json(const rotas_cover *cv, const rotas_county *c)
{
    int ok = 1;
    json_t *o = json_object(), *a;
    if (!o)
        return NULL;
    put(o, "format", json_string(ROTAS_FORMAT_COVER), &ok);
    put(o, "cluster",
        cv->cluster >= 0 && (size_t)cv->cluster < c->n_clusters
            ? json_string(c->clusters[cv->cluster].id)
            : json_null(),
        &ok);
    put(o, "status", json_string(rotas_status_name(cv->status)), &ok);
    put(o, "objective", jnum(cv->objective), &ok);
    put(o, "bound", jnum(cv->bound), &ok);
    put(o, "gap", jnum(cv->gap), &ok);
    put(o, "seconds", jnum(cv->seconds), &ok);
    put(o, "extra_periods", json_integer(cv->extra_periods), &ok);
    a = json_array();
    for (size_t i = 0; a && i < cv->n_absences; i++) {
        const rotas_absence *x = &cv->absences[i];
        json_t *e = json_object();
        if (e) {
            put(e, "teacher", teacher_id(c, x->teacher), &ok);
            put(e, "from", jdate(x->from), &ok);
            put(e, "to", jdate(x->to), &ok);
            put(e, "reason", x->reason ? json_string(x->reason) : json_null(), &ok);
        }
        push(a, e, &ok);
    }
    put(o, "absences", a, &ok);
    a = json_array();
    for (size_t i = 0; a && i < cv->n_entries; i++) {
        const rotas_cover_entry *x = &cv->entries[i];
        json_t *e = json_object();
        if (e) {
            put(e, "date", jdate(x->date), &ok);
            put(e, "day", json_integer(x->day + 1), &ok);
            put(e, "period", json_integer(x->period + 1), &ok);
            put(e, "school", school_id(c, x->school), &ok);
            put(e, "class", class_id(c, x->klass), &ok);
            put(e, "subject", subject_id(c, x->subject), &ok);
            put(e, "absent", teacher_id(c, x->absent), &ok);
            put(e, "kind", json_string(rotas_cover_kind_name(x->kind)), &ok);
            if (x->kind != ROTAS_COVER_SELF_STUDY)
                put(e, "teacher", teacher_id(c, x->teacher), &ok);
            if (x->kind == ROTAS_COVER_SUBSTITUTE)
                put(e, "km", jnum(x->km), &ok);
            if (x->kind == ROTAS_COVER_SWAP) {
                json_t *w = json_object();
                if (w) {
                    put(w, "date", jdate(x->swap_date), &ok);
                    put(w, "day", json_integer(x->swap_day + 1), &ok);
                    put(w, "period", json_integer(x->swap_period + 1), &ok);
                    put(w, "subject", subject_id(c, x->swap_subject), &ok);
                }
                put(e, "swap", w, &ok);
            }
            if (x->kind == ROTAS_COVER_SELF_STUDY)
                put(e, "reason", json_string(x->reason), &ok);
        }
        push(a, e, &ok);
    }
    put(o, "cover", a, &ok);
    json_t *sm = json_object();
    if (sm) {
        put(sm, "lessons", json_integer((json_int_t)cv->n_entries), &ok);
        put(sm, "substitute", json_integer(cv->n_substitute), &ok);
        put(sm, "swap", json_integer(cv->n_swap), &ok);
        put(sm, "self_study", json_integer(cv->n_self_study), &ok);
        put(sm, "people_touched", json_integer(cv->people_touched), &ok);
    }
    put(o, "summary", sm, &ok);
    put(o, "policy", policy_to_json(&cv->policy), &ok);
    if (cv->source)
        put(o, "county", json_string(cv->source), &ok);
    if (cv->timetable)
        put(o, "timetable", json_string(cv->timetable), &ok);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *rotas_cover_dump_json(const rotas_cover *cv, const rotas_county *c)
{
    json_t *o = cover_to_json(cv, c);
    char *s = o ? json_dumps(o, DUMP_FLAGS) : NULL;
    json_decref(o);
    return s;
}

rotas_rc rotas_cover_write_json(const rotas_cover *cv, const rotas_county *c, const char *path,
                                rotas_error *err)
{
    char *s = rotas_cover_dump_json(cv, c);
    if (!s)
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory writing the cover"), path);
    rotas_rc rc = write_text(s, path, err);
    free(s);
    return rc;
}

/* Member key as a date "YYYY-MM-DD"; -1 (reported) when missing or not a date. */
static long get_date(rd *r, json_t *obj, const char *path, const char *key)
{
    char p[256];
    json_t *v = json_object_get(obj, key);
    join(p, sizeof p, path, key);
    long d = json_is_string(v) ? rotas_date_parse(json_string_value(v)) : -1;
    if (d < 0)
        bad(r, p, _("a date \"YYYY-MM-DD\""), v);
    return d;
}

static rotas_cover *cover_from_json(json_t *root, const rotas_county *c, rd *r)
{
    rotas_cover *cv = calloc(1, sizeof *cv);
    char p[256], q[256];
    if (!cv)
        return NULL;
    rotas_policy_default(&cv->policy);
    cv->objective = cv->bound = cv->gap = NAN;
    check_format(r, root, ROTAS_FORMAT_COVER, 1);
    cv->cluster = get_id(r, c, root, "", "cluster", ID_CLUSTER);
    const char *st = get_str(r, root, "", "status", 1);
    if (st) {
        int s = rotas_status_parse(st);
        if (s < 0)
            bad(r, "status", _("one of optimal, feasible, time_limit, infeasible"),
                json_object_get(root, "status"));
        else
            cv->status = (rotas_status)s;
    }
    get_num(r, root, "", "objective", 0, 1, &cv->objective);
    get_num(r, root, "", "bound", 0, 1, &cv->bound);
    get_num(r, root, "", "gap", 0, 1, &cv->gap);
    get_num(r, root, "", "seconds", 0, 1, &cv->seconds);
    get_int(r, root, "", "extra_periods", 0, 0, 40, &cv->extra_periods);
    json_t *as = get_arr(r, root, "", "absences", 1);
    if (as && json_array_size(as)) {
        cv->absences = calloc(json_array_size(as), sizeof *cv->absences);
        if (!cv->absences)
            goto oom;
        size_t i;
        json_t *e;
        json_array_foreach(as, i, e)
        {
            rotas_absence *x = &cv->absences[cv->n_absences++];
            at(p, sizeof p, "absences", i);
            if (!json_is_object(e)) {
                bad(r, p, _("an object"), e);
                continue;
            }
            x->teacher = get_id(r, c, e, p, "teacher", ID_TEACHER);
            x->from = get_date(r, e, p, "from");
            x->to = get_date(r, e, p, "to");
            if (x->from >= 0 && x->to >= 0 && x->to < x->from) {
                join(q, sizeof q, p, "to");
                bad(r, q, _("a date not before \"from\""), json_object_get(e, "to"));
            }
            json_t *rs = json_object_get(e, "reason");
            if (json_is_string(rs) && !(x->reason = rotas_strdup(json_string_value(rs))))
                goto oom;
        }
    }
    json_t *es = get_arr(r, root, "", "cover", 1);
    if (es && json_array_size(es)) {
        cv->entries = calloc(json_array_size(es), sizeof *cv->entries);
        if (!cv->entries)
            goto oom;
        size_t i;
        json_t *e;
        json_array_foreach(es, i, e)
        {
            rotas_cover_entry *x = &cv->entries[cv->n_entries++];
            at(p, sizeof p, "cover", i);
            x->teacher = x->swap_day = x->swap_period = x->swap_subject = -1;
            x->swap_date = -1;
            if (!json_is_object(e)) {
                bad(r, p, _("an object"), e);
                continue;
            }
            x->date = get_date(r, e, p, "date");
            if (get_int(r, e, p, "day", 1, 1, ROTAS_DAYS, &x->day) > 0)
                x->day--;
            if (get_int(r, e, p, "period", 1, 1, 100, &x->period) > 0)
                x->period--;
            x->klass = get_class(r, c, e, p, &x->school);
            x->subject = get_id(r, c, e, p, "subject", ID_SUBJECT);
            x->absent = get_id(r, c, e, p, "absent", ID_TEACHER);
            const char *k = get_str(r, e, p, "kind", 1);
            int kind = rotas_cover_kind_parse(k);
            if (k && kind < 0) {
                join(q, sizeof q, p, "kind");
                bad(r, q, _("one of substitute, swap, self_study"), json_object_get(e, "kind"));
            }
            x->kind = kind < 0 ? ROTAS_COVER_SELF_STUDY : (rotas_cover_kind)kind;
            if (kind == ROTAS_COVER_SUBSTITUTE || kind == ROTAS_COVER_SWAP)
                x->teacher = get_id(r, c, e, p, "teacher", ID_TEACHER);
            if (kind == ROTAS_COVER_SUBSTITUTE)
                get_num(r, e, p, "km", 0, 0, &x->km);
            if (kind == ROTAS_COVER_SWAP) {
                join(q, sizeof q, p, "swap");
                json_t *w = get_obj(r, e, p, "swap", 1);
                if (w) {
                    x->swap_date = get_date(r, w, q, "date");
                    if (get_int(r, w, q, "day", 1, 1, ROTAS_DAYS, &x->swap_day) > 0)
                        x->swap_day--;
                    if (get_int(r, w, q, "period", 1, 1, 100, &x->swap_period) > 0)
                        x->swap_period--;
                    x->swap_subject = get_id(r, c, w, q, "subject", ID_SUBJECT);
                }
            }
            const char *why = get_str(r, e, p, "reason", 0);
            if (why)
                rotas__utf8_copy(x->reason, sizeof x->reason, why);
        }
    }
    json_t *sm = get_obj(r, root, "", "summary", 0);
    if (sm) {
        get_int(r, sm, "summary", "substitute", 0, 0, INT_MAX, &cv->n_substitute);
        get_int(r, sm, "summary", "swap", 0, 0, INT_MAX, &cv->n_swap);
        get_int(r, sm, "summary", "self_study", 0, 0, INT_MAX, &cv->n_self_study);
        get_int(r, sm, "summary", "people_touched", 0, 0, INT_MAX, &cv->people_touched);
    } else {
        cv->n_substitute = cv->n_swap = cv->n_self_study = cv->people_touched = -1;
    }
    json_t *pol = get_obj(r, root, "", "policy", 0);
    if (pol)
        policy_from_obj(&cv->policy, pol, "policy", r);
    const char *src = get_str(r, root, "", "county", 0);
    if (src && !(cv->source = rotas_strdup(src)))
        goto oom;
    const char *ttp = get_str(r, root, "", "timetable", 0);
    if (ttp && !(cv->timetable = rotas_strdup(ttp)))
        goto oom;
    return cv;
oom:
    rotas_cover_free(cv);
    return NULL;
}

static void *build_cover(json_t *root, const rotas_county *c, rd *r)
{
    return cover_from_json(root, c, r);
}

static void release_cover(void *p)
{
    rotas_cover_free(p);
}

rotas_rc rotas_cover_read_json(rotas_cover **out, const rotas_county *c, const char *path,
                               rotas_diags *diags, rotas_error *err)
{
    void *res = NULL;
    rotas_rc rc = read_result(&res, c, path, _("a rotas-cover/1 object"), build_cover,
                              release_cover, diags, err);
    if (rc == ROTAS_OK)
        *out = res;
    return rc;
}
