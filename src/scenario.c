/*
 * scenario.c - rotas-scenarios/1: reading a scenario file, and applying a scenario's changes
 * to a copy of the county (and of the policy). A JSON reader, so it knows jansson.
 *
 * Reading checks the shape (kinds, keys, types); applying checks references against the
 * county as changed so far. Both report every problem with its JSON path.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "json_int.h"
#include "rotas/json.h"
#include "rotas/shortage.h"
#include "rotas/whatif.h"

typedef enum ch_kind { CH_POLICY, CH_HIRE, CH_REMOVE, CH_CLOSE, CH_TRAVEL, CH_YEAR } ch_kind;

typedef struct change {
    ch_kind kind;
    char *path; /* "scenarios[3].changes[1]" */
    char *policy_json;
    int count;
    char *subject, *school, *cluster, *into, *teachers_to, *from, *to;
    int key;  /* rotas_key_level of hires */
    int year; /* hire year or plan year; 0 = not given */
    char **teachers;
    size_t n_teachers;
    double km, minutes;
} change;

typedef struct scenario {
    char *name;
    change *changes;
    size_t n_changes;
    rotas_whatif_jobs jobs;
    int has_jobs;
} scenario;

struct rotas_scenario_set {
    char *base;
    char *policy_json; /* base overrides, or NULL */
    rotas_whatif_jobs jobs;
    scenario *sc;
    size_t n;
};

typedef struct rd {
    rotas_diags *d;
    size_t n;
} rd;

static void bad(rd *r, const char *path, const char *key, const char *expected, const json_t *v)
{
    char f[96];
    rotas__json_found(v, f, sizeof f);
    if (key)
        rotas_diags_add(r->d, _("%s.%s: expected %s, found %s"), path, key, expected, f);
    else
        rotas_diags_add(r->d, _("%s: expected %s, found %s"), path, expected, f);
    r->n++;
}

static void bad_str(rd *r, const char *path, const char *key, const char *expected,
                    const char *found)
{
    rotas_diags_add(r->d, _("%s.%s: expected %s, found \"%s\""), path, key, expected, found);
    r->n++;
}

/* Unknown keys of obj are errors; allowed is a NULL-terminated list. */
static void check_keys(rd *r, json_t *obj, const char *path, const char *const *allowed)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++)
            if (!strcmp(allowed[i], k))
                ok = 1;
        if (!ok) {
            char want[256];
            snprintf(want, sizeof want, "%s", _("one of"));
            for (size_t i = 0; allowed[i]; i++) {
                size_t l = strlen(want);
                snprintf(want + l, sizeof want - l, "%s %s", i ? "," : "", allowed[i]);
            }
            rotas_diags_add(r->d, _("%s.%s: unknown key (expected %s)"), path, k, want);
            r->n++;
        }
    }
}

static char *get_string(rd *r, json_t *obj, const char *path, const char *key, int required,
                        int *oom)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            bad(r, path, key, _("a string"), NULL);
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        bad(r, path, key, _("a non-empty string"), v);
        return NULL;
    }
    char *s = rotas_strdup(json_string_value(v));
    if (!s)
        *oom = 1;
    return s;
}

static int as_int(const json_t *v, long long *out)
{
    if (json_is_integer(v)) {
        *out = (long long)json_integer_value(v);
        return 1;
    }
    if (json_is_real(v) && json_real_value(v) == floor(json_real_value(v)) &&
        fabs(json_real_value(v)) < 1e9) {
        *out = (long long)json_real_value(v);
        return 1;
    }
    return 0;
}

/* 1 read, 0 absent, -1 bad */
static int get_int(rd *r, json_t *obj, const char *path, const char *key, int required, long lo,
                   long hi, int *out)
{
    json_t *v = json_object_get(obj, key);
    long long x;
    if (!v) {
        if (required)
            bad(r, path, key, _("an integer"), NULL);
        return required ? -1 : 0;
    }
    if (!as_int(v, &x) || x < lo || x > hi) {
        char want[96];
        snprintf(want, sizeof want, _("an integer from %ld to %ld"), lo, hi);
        bad(r, path, key, want, v);
        return -1;
    }
    *out = (int)x;
    return 1;
}

static int get_num(rd *r, json_t *obj, const char *path, const char *key, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        bad(r, path, key, _("a number >= 0"), NULL);
        return -1;
    }
    if (!json_is_number(v) || json_number_value(v) < 0 || !isfinite(json_number_value(v))) {
        bad(r, path, key, _("a number >= 0"), v);
        return -1;
    }
    *out = json_number_value(v);
    return 1;
}

static void jobs_clear(rotas_whatif_jobs *j)
{
    for (size_t i = 0; i < j->n_tt_clusters; i++)
        free(j->tt_clusters[i]);
    free(j->tt_clusters);
    memset(j, 0, sizeof *j);
}

static void parse_job_item(rd *r, json_t *v, const char *path, rotas_whatif_jobs *j, int *oom)
{
    if (json_is_string(v) && !strcmp(json_string_value(v), "plan")) {
        j->plan = 1;
        return;
    }
    if (json_is_object(v)) {
        static const char *const keys[] = {"timetable", NULL};
        check_keys(r, v, path, keys);
        json_t *t = json_object_get(v, "timetable");
        if (json_is_string(t) && !strcmp(json_string_value(t), "all")) {
            j->tt_all = 1;
            return;
        }
        if (json_is_array(t) && json_array_size(t) > 0) {
            size_t i;
            json_t *e;
            j->tt_clusters = calloc(json_array_size(t), sizeof *j->tt_clusters);
            if (!j->tt_clusters) {
                *oom = 1;
                return;
            }
            json_array_foreach(t, i, e)
            {
                char p[300];
                snprintf(p, sizeof p, "%s.timetable[%zu]", path, i);
                if (!json_is_string(e)) {
                    bad(r, p, NULL, _("a cluster id"), e);
                    continue;
                }
                j->tt_clusters[j->n_tt_clusters] = rotas_strdup(json_string_value(e));
                if (!j->tt_clusters[j->n_tt_clusters])
                    *oom = 1;
                else
                    j->n_tt_clusters++;
            }
            return;
        }
        bad(r, path, "timetable", _("\"all\" or a non-empty array of cluster ids"), t);
        return;
    }
    bad(r, path, NULL, _("\"plan\" or {\"timetable\": \"all\" | [cluster ids]}"), v);
}

static void parse_jobs(rd *r, json_t *v, const char *path, rotas_whatif_jobs *j, int *oom)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        if (json_array_size(v) == 0)
            bad(r, path, NULL, _("a non-empty list of jobs"), v);
        json_array_foreach(v, i, e)
        {
            char p[300];
            snprintf(p, sizeof p, "%s[%zu]", path, i);
            parse_job_item(r, e, p, j, oom);
        }
    } else {
        parse_job_item(r, v, path, j, oom);
    }
}

static void change_free(change *c)
{
    free(c->path);
    free(c->policy_json);
    free(c->subject);
    free(c->school);
    free(c->cluster);
    free(c->into);
    free(c->teachers_to);
    free(c->from);
    free(c->to);
    for (size_t i = 0; i < c->n_teachers; i++)
        free(c->teachers[i]);
    free(c->teachers);
}

void rotas_scenarios_free(rotas_scenario_set *s)
{
    if (!s)
        return;
    free(s->base);
    free(s->policy_json);
    jobs_clear(&s->jobs);
    for (size_t i = 0; i < s->n; i++) {
        free(s->sc[i].name);
        for (size_t j = 0; j < s->sc[i].n_changes; j++)
            change_free(&s->sc[i].changes[j]);
        free(s->sc[i].changes);
        jobs_clear(&s->sc[i].jobs);
    }
    free(s->sc);
    free(s);
}

/* ------------------------------------------------------------------ reading */

static void parse_change(rd *r, json_t *o, const char *path, change *c, int *oom)
{
    static const char *const k_policy[] = {"kind", "note", "set", NULL};
    static const char *const k_hire[] = {"kind",    "note", "count", "subject", "school",
                                         "cluster", "key",  "year",  NULL};
    static const char *const k_remove[] = {"kind", "note", "teachers", "reason", NULL};
    static const char *const k_close[] = {"kind", "note", "school", "into", "teachers_to", NULL};
    static const char *const k_travel[] = {"kind", "note", "from", "to", "minutes", "km", NULL};
    static const char *const k_year[] = {"kind", "note", "year", NULL};
    c->path = rotas_strdup(path);
    if (!c->path)
        *oom = 1;
    if (!json_is_object(o)) {
        bad(r, path, NULL, _("a change object"), o);
        return;
    }
    json_t *kind = json_object_get(o, "kind");
    const char *k = json_is_string(kind) ? json_string_value(kind) : "";
    json_t *note = json_object_get(o, "note");
    if (note && !json_is_string(note))
        bad(r, path, "note", _("a string"), note);
    if (!strcmp(k, "policy")) {
        c->kind = CH_POLICY;
        check_keys(r, o, path, k_policy);
        json_t *set = json_object_get(o, "set");
        if (!json_is_object(set)) {
            bad(r, path, "set", _("an object of policy keys"), set);
            return;
        }
        c->policy_json = json_dumps(set, JSON_COMPACT | JSON_SORT_KEYS);
        if (!c->policy_json)
            *oom = 1;
    } else if (!strcmp(k, "hire")) {
        c->kind = CH_HIRE;
        check_keys(r, o, path, k_hire);
        get_int(r, o, path, "count", 1, 1, 10000, &c->count);
        c->subject = get_string(r, o, path, "subject", 1, oom);
        c->school = get_string(r, o, path, "school", 0, oom);
        c->cluster = get_string(r, o, path, "cluster", 0, oom);
        if (json_object_get(o, "school") && json_object_get(o, "cluster")) {
            rotas_diags_add(r->d, _("%s: expected one of school or cluster, found both"), path);
            r->n++;
        } else if (!json_object_get(o, "school") && !json_object_get(o, "cluster")) {
            rotas_diags_add(
                r->d, _("%s.school: expected a school id (or a cluster), found nothing"), path);
            r->n++;
        }
        json_t *key = json_object_get(o, "key");
        if (key) {
            int lvl = json_is_string(key) ? rotas_key_parse(json_string_value(key)) : -1;
            if (json_is_true(key))
                c->key = ROTAS_KEY_COUNTY;
            else if (json_is_false(key))
                c->key = ROTAS_KEY_NONE;
            else if (lvl >= 0)
                c->key = lvl;
            else
                bad(r, path, "key",
                    _("true, false or a key level (school, county, city, province, "
                      "national)"),
                    key);
        }
        get_int(r, o, path, "year", 0, 1900, 2200, &c->year);
    } else if (!strcmp(k, "remove")) {
        c->kind = CH_REMOVE;
        check_keys(r, o, path, k_remove);
        json_t *t = json_object_get(o, "teachers");
        if (!json_is_array(t) || json_array_size(t) == 0) {
            bad(r, path, "teachers", _("a non-empty array of teacher ids"), t);
        } else {
            size_t i;
            json_t *e;
            c->teachers = calloc(json_array_size(t), sizeof *c->teachers);
            if (!c->teachers) {
                *oom = 1;
                return;
            }
            json_array_foreach(t, i, e)
            {
                char p[300];
                snprintf(p, sizeof p, "%s.teachers[%zu]", path, i);
                if (!json_is_string(e)) {
                    bad(r, p, NULL, _("a teacher id"), e);
                    continue;
                }
                if (!(c->teachers[c->n_teachers] = rotas_strdup(json_string_value(e))))
                    *oom = 1;
                else
                    c->n_teachers++;
            }
        }
        json_t *reason = json_object_get(o, "reason");
        if (reason && !(json_is_string(reason) && (!strcmp(json_string_value(reason), "retire") ||
                                                   !strcmp(json_string_value(reason), "leave"))))
            bad(r, path, "reason", _("\"retire\" or \"leave\""), reason);
    } else if (!strcmp(k, "close_school")) {
        c->kind = CH_CLOSE;
        check_keys(r, o, path, k_close);
        c->school = get_string(r, o, path, "school", 1, oom);
        c->into = get_string(r, o, path, "into", 1, oom);
        c->teachers_to = get_string(r, o, path, "teachers_to", 0, oom);
    } else if (!strcmp(k, "travel")) {
        c->kind = CH_TRAVEL;
        check_keys(r, o, path, k_travel);
        c->from = get_string(r, o, path, "from", 1, oom);
        c->to = get_string(r, o, path, "to", 1, oom);
        get_num(r, o, path, "minutes", &c->minutes);
        get_num(r, o, path, "km", &c->km);
    } else if (!strcmp(k, "year")) {
        c->kind = CH_YEAR;
        check_keys(r, o, path, k_year);
        get_int(r, o, path, "year", 1, 1900, 2200, &c->year);
    } else {
        bad(r, path, "kind", _("one of policy, hire, remove, close_school, travel, year"), kind);
    }
}

static rotas_rc parse_root(rotas_scenario_set *s, json_t *root, const char *dir, rd *r)
{
    static const char *const k_root[] = {"format",    "base", "policy", "jobs",
                                         "scenarios", "note", NULL};
    static const char *const k_sc[] = {"name", "changes", "jobs", "note", NULL};
    int oom = 0;
    if (!json_is_object(root)) {
        bad(r, "(top level)", NULL, _("an object"), root);
        return ROTAS_OK;
    }
    check_keys(r, root, _("(top level)"), k_root);
    json_t *fmt = json_object_get(root, "format");
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), ROTAS_FORMAT_SCENARIOS) != 0)
        bad(r, "format", NULL, "\"" ROTAS_FORMAT_SCENARIOS "\"", fmt);
    json_t *base = json_object_get(root, "base");
    if (!json_is_string(base) || json_string_length(base) == 0) {
        bad(r, "base", NULL, _("the path of a county .json or .db"), base);
    } else {
        const char *b = json_string_value(base);
        size_t n = strlen(b) + (dir ? strlen(dir) : 0) + 2;
        s->base = malloc(n);
        if (!s->base)
            return ROTAS_ENOMEM;
        if (dir && *dir && b[0] != '/')
            snprintf(s->base, n, "%s/%s", dir, b);
        else
            snprintf(s->base, n, "%s", b);
    }
    json_t *pol = json_object_get(root, "policy");
    if (pol) {
        if (!json_is_object(pol))
            bad(r, "policy", NULL, _("an object of policy keys"), pol);
        else if (!(s->policy_json = json_dumps(pol, JSON_COMPACT | JSON_SORT_KEYS)))
            return ROTAS_ENOMEM;
    }
    json_t *jobs = json_object_get(root, "jobs");
    if (jobs)
        parse_jobs(r, jobs, "jobs", &s->jobs, &oom);
    else
        s->jobs.plan = 1;
    json_t *sc = json_object_get(root, "scenarios");
    if (!json_is_array(sc) || json_array_size(sc) == 0) {
        bad(r, "scenarios", NULL, _("a non-empty array of scenarios"), sc);
        return oom ? ROTAS_ENOMEM : ROTAS_OK;
    }
    s->sc = calloc(json_array_size(sc), sizeof *s->sc);
    if (!s->sc)
        return ROTAS_ENOMEM;
    size_t i;
    json_t *e;
    json_array_foreach(sc, i, e)
    {
        char p[64];
        snprintf(p, sizeof p, "scenarios[%zu]", i);
        scenario *x = &s->sc[s->n++];
        if (!json_is_object(e)) {
            bad(r, p, NULL, _("a scenario object"), e);
            continue;
        }
        check_keys(r, e, p, k_sc);
        x->name = get_string(r, e, p, "name", 1, &oom);
        for (size_t k = 0; x->name && k + 1 < s->n; k++)
            if (s->sc[k].name && !strcmp(s->sc[k].name, x->name)) {
                bad_str(r, p, "name", _("a name not used by an earlier scenario"), x->name);
                break;
            }
        json_t *ch = json_object_get(e, "changes");
        if (ch && !json_is_array(ch)) {
            bad(r, p, "changes", _("an array of changes"), ch);
        } else if (ch && json_array_size(ch) > 0) {
            x->changes = calloc(json_array_size(ch), sizeof *x->changes);
            if (!x->changes)
                return ROTAS_ENOMEM;
            size_t j;
            json_t *c;
            json_array_foreach(ch, j, c)
            {
                char cp[96];
                snprintf(cp, sizeof cp, "%s.changes[%zu]", p, j);
                parse_change(r, c, cp, &x->changes[x->n_changes++], &oom);
            }
        }
        json_t *jb = json_object_get(e, "jobs");
        if (jb) {
            char jp[96];
            snprintf(jp, sizeof jp, "%s.jobs", p);
            parse_jobs(r, jb, jp, &x->jobs, &oom);
            x->has_jobs = 1;
        }
    }
    return oom ? ROTAS_ENOMEM : ROTAS_OK;
}

rotas_rc rotas_scenarios_read_buffer(rotas_scenario_set **out, const char *buf, size_t len,
                                     const char *name, const char *dir, rotas_diags *diags,
                                     rotas_error *err)
{
    json_error_t je;
    rd r = {diags, 0};
    rotas_rc rc = ROTAS_OK;
    rotas_scenario_set *s = NULL;
    *out = NULL;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        rotas_diags_add(diags, _("line %d, column %d: %s"), je.line, je.column, je.text);
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: line %d, column %d: %s"), name, je.line,
                             je.column, je.text);
        goto done;
    }
    s = calloc(1, sizeof *s);
    if (!s) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    rc = parse_root(s, root, dir, &r);
    if (rc != ROTAS_OK) {
        rotas_error_set(err, rc, _("out of memory"));
        goto done;
    }
    if (r.n) {
        rc = rotas_error_set(err, ROTAS_EINPUT, P_("%s: %zu error", "%s: %zu errors", r.n), name,
                             r.n);
        goto done;
    }
done:
    json_decref(root);
    if (rc != ROTAS_OK) {
        rotas_scenarios_free(s);
        s = NULL;
    }
    *out = s;
    return rc;
}

rotas_rc rotas_scenarios_read(rotas_scenario_set **out, const char *path, rotas_diags *diags,
                              rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    char *buf = NULL, *dir = NULL;
    size_t len = 0;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return rotas_error_set(err, ROTAS_EIO, _("%s: cannot open"), path);
    size_t cap = 1 << 16;
    buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len < cap)
            break;
        if (cap >= ROTAS_JSON_MAX_BYTES) {
            rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: larger than %u bytes"), path,
                                 ROTAS_JSON_MAX_BYTES);
            goto done;
        }
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    if (!buf) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    if (ferror(f)) {
        rc = rotas_error_set(err, ROTAS_EIO, _("%s: read error"), path);
        goto done;
    }
    dir = rotas_strdup(path);
    if (!dir) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    rc = rotas_scenarios_read_buffer(out, buf, len, path, dir, diags, err);
done:
    fclose(f);
    free(buf);
    free(dir);
    return rc;
}

const char *rotas_scenarios_base(const rotas_scenario_set *s)
{
    return s->base;
}
size_t rotas_scenarios_count(const rotas_scenario_set *s)
{
    return s->n;
}
const char *rotas_scenarios_name(const rotas_scenario_set *s, size_t i)
{
    return i < s->n ? s->sc[i].name : NULL;
}
const rotas_whatif_jobs *rotas_scenarios_jobs(const rotas_scenario_set *s, size_t i)
{
    if (i < s->n && s->sc[i].has_jobs)
        return &s->sc[i].jobs;
    return &s->jobs;
}

/* ------------------------------------------------------------------ applying */

static rotas_rc add_teacher(rotas_county *c, const char *id, int school, int sub, int key, int year,
                            char gender)
{
    rotas_teacher *nt = realloc(c->teachers, (c->n_teachers + 1) * sizeof *nt);
    if (!nt)
        return ROTAS_ENOMEM;
    c->teachers = nt;
    rotas_teacher *t = &c->teachers[c->n_teachers];
    memset(t, 0, sizeof *t);
    t->id = rotas_strdup(id);
    t->name = rotas_strdup(id);
    t->subjects = malloc(sizeof *t->subjects);
    t->degree = rotas_strdup("bachelor");
    c->n_teachers++; /* counted now so that a failure below is freed with the county */
    if (!t->id || !t->name || !t->subjects || !t->degree)
        return ROTAS_ENOMEM;
    t->subjects[0] = sub;
    t->n_subjects = 1;
    t->gender = gender;
    t->birth_year = year - 24;
    t->school = school;
    t->role = ROTAS_ROLE_TEACHER;
    t->school_since = year;
    t->post_since = year;
    t->key = key;
    t->degree_level = ROTAS_DEGREE_BACHELOR;
    return ROTAS_OK;
}

/* A teacher id not yet used: prefix-1, prefix-2, ... */
static void fresh_teacher_id(const rotas_county *c, const char *prefix, int *next, char *buf,
                             size_t n)
{
    for (;;) {
        snprintf(buf, n, "%s-%d", prefix, ++*next);
        if (rotas_county_teacher(c, buf) < 0)
            return;
    }
}

static rotas_rc apply_hire(rotas_county *c, const rotas_policy *p, const change *ch, rd *r,
                           rotas_error *err)
{
    int sub = rotas_county_subject(c, ch->subject);
    int school = ch->school ? rotas_county_school(c, ch->school) : -1;
    int cl = ch->cluster ? rotas_county_cluster(c, ch->cluster) : -1;
    int bad0 = (int)r->n;
    if (sub < 0)
        bad_str(r, ch->path, "subject", _("a subject id"), ch->subject);
    if (ch->school && school < 0)
        bad_str(r, ch->path, "school", _("a school id"), ch->school);
    if (ch->cluster && cl < 0)
        bad_str(r, ch->path, "cluster", _("a cluster id"), ch->cluster);
    if (cl >= 0) {
        int any = 0;
        for (size_t s = 0; s < c->n_schools; s++)
            any |= c->schools[s].cluster == cl;
        if (!any)
            bad_str(r, ch->path, "cluster", _("a cluster with schools"), ch->cluster);
    }
    if ((int)r->n != bad0)
        return ROTAS_OK;
    int year = ch->year ? ch->year : c->year + 1;
    /* With a cluster: each hire to the cluster's school with the most unfilled periods of the
       subject (rotas/shortage.h), counted down by the hire's periods, so that hires spread. */
    double *short_by = NULL;
    if (cl >= 0) {
        short_by = calloc(c->n_schools * c->n_subjects, sizeof *short_by);
        if (!short_by)
            return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        rotas_rc src = rotas_shortage_compute(short_by, NULL, c, p, NULL, err);
        if (src != ROTAS_OK) {
            free(short_by);
            return src;
        }
    }
    int next = 0;
    char prefix[64], id[96];
    snprintf(prefix, sizeof prefix, "NEW-%.40s", ch->subject);
    rotas_rc rc = ROTAS_OK;
    for (int k = 0; k < ch->count && rc == ROTAS_OK; k++) {
        int to = school;
        if (cl >= 0) {
            size_t nsub = c->n_subjects, j = (size_t)sub;
            for (size_t s = 0; s < c->n_schools; s++)
                if (c->schools[s].cluster == cl &&
                    (to < 0 || short_by[s * nsub + j] > short_by[(size_t)to * nsub + j]))
                    to = (int)s;
            short_by[(size_t)to * nsub + j] -= p->default_max_periods;
        }
        fresh_teacher_id(c, prefix, &next, id, sizeof id);
        rc = add_teacher(c, id, to, sub, ch->key, year, k % 2 ? 'M' : 'F');
        if (rc == ROTAS_OK)
            rc = rotas_county_finalize(c, err);
        else
            rotas_error_set(err, rc, _("out of memory"));
    }
    free(short_by);
    return rc;
}

static void teacher_free_fields(rotas_teacher *t)
{
    free(t->id);
    free(t->name);
    free(t->subjects);
    free(t->title);
    free(t->degree);
    free(t->exempt);
    free(t->preferences);
    free(t->extra);
}

static rotas_rc apply_remove(rotas_county *c, const change *ch, rd *r, rotas_error *err)
{
    unsigned char *gone = calloc(c->n_teachers ? c->n_teachers : 1, 1);
    if (!gone)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    size_t bad0 = r->n;
    for (size_t i = 0; i < ch->n_teachers; i++) {
        int t = rotas_county_teacher(c, ch->teachers[i]);
        if (t < 0) {
            char key[48];
            snprintf(key, sizeof key, "teachers[%zu]", i);
            bad_str(r, ch->path, key, _("a teacher id"), ch->teachers[i]);
        } else {
            gone[t] = 1;
        }
    }
    rotas_rc rc = ROTAS_OK;
    if (r->n == bad0) {
        size_t w = 0;
        for (size_t t = 0; t < c->n_teachers; t++) {
            if (gone[t])
                teacher_free_fields(&c->teachers[t]);
            else
                c->teachers[w++] = c->teachers[t];
        }
        c->n_teachers = w;
        rc = rotas_county_finalize(c, err);
    }
    free(gone);
    return rc;
}

/* Remove school x, remapping every school index (classes must be gone from x already). */
static void drop_school(rotas_county *c, int x)
{
    rotas_school *s = &c->schools[x];
    free(s->id);
    free(s->name);
    free(s->bell);
    free(s->extra);
    memmove(&c->schools[x], &c->schools[x + 1], (c->n_schools - (size_t)x - 1) * sizeof *s);
    c->n_schools--;
#define REMAP(v) ((v) > x ? (v)-1 : (v))
    for (size_t k = 0; k < c->n_classes; k++)
        c->classes[k].school = REMAP(c->classes[k].school);
    for (size_t t = 0; t < c->n_teachers; t++) {
        rotas_teacher *te = &c->teachers[t];
        te->school = REMAP(te->school);
        size_t w = 0;
        for (size_t i = 0; i < te->n_preferences; i++)
            if (te->preferences[i] != x)
                te->preferences[w++] = REMAP(te->preferences[i]);
        te->n_preferences = w;
    }
    size_t w = 0;
    for (size_t i = 0; i < c->n_travel; i++) {
        rotas_travel tr = c->travel[i];
        if (tr.from == x || tr.to == x) {
            free(tr.extra);
            continue;
        }
        tr.from = REMAP(tr.from);
        tr.to = REMAP(tr.to);
        c->travel[w++] = tr;
    }
    c->n_travel = w;
    for (size_t i = 0; i < c->n_clusters; i++)
        if (c->clusters[i].central >= 0)
            c->clusters[i].central = REMAP(c->clusters[i].central);
#undef REMAP
}

static int cmp_class_school(const void *a, const void *b)
{
    const rotas_class *x = a, *y = b;
    return (x->school > y->school) - (x->school < y->school);
}

static rotas_rc apply_close(rotas_county *c, const change *ch, rd *r, rotas_error *err)
{
    int x = rotas_county_school(c, ch->school);
    int into = rotas_county_school(c, ch->into);
    int tto = ch->teachers_to ? rotas_county_school(c, ch->teachers_to) : into;
    size_t bad0 = r->n;
    if (x < 0)
        bad_str(r, ch->path, "school", _("a school id"), ch->school);
    if (into < 0)
        bad_str(r, ch->path, "into", _("a school id"), ch->into);
    if (ch->teachers_to && tto < 0)
        bad_str(r, ch->path, "teachers_to", _("a school id"), ch->teachers_to);
    if (x >= 0 && into == x)
        bad_str(r, ch->path, "into", _("a school other than the one closing"), ch->into);
    if (x >= 0 && ch->teachers_to && tto == x)
        bad_str(r, ch->path, "teachers_to", _("a school other than the one closing"),
                ch->teachers_to);
    for (size_t i = 0; x >= 0 && i < c->n_clusters; i++)
        if (c->clusters[i].central == x) {
            char want[160];
            snprintf(want, sizeof want, _("a school that is not the central school of cluster %s"),
                     c->clusters[i].id);
            bad_str(r, ch->path, "school", want, ch->school);
        }
    if (r->n != bad0)
        return ROTAS_OK;
    /* Classes: to `into`, ids made unique there. */
    for (size_t k = 0; k < c->n_classes; k++) {
        rotas_class *cl = &c->classes[k];
        if (cl->school != x)
            continue;
        cl->school = into;
        if (rotas_county_class(c, into, cl->id) >= 0) {
            char buf[256];
            int n = 1;
            snprintf(buf, sizeof buf, "%s-%s", ch->school, cl->id);
            while (rotas_county_class(c, into, buf) >= 0)
                snprintf(buf, sizeof buf, "%s-%s-%d", ch->school, cl->id, ++n);
            char *id = rotas_strdup(buf);
            if (!id)
                return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
            free(cl->id);
            cl->id = id;
        }
    }
    c->schools[into].students += c->schools[x].students;
    for (size_t t = 0; t < c->n_teachers; t++)
        if (c->teachers[t].school == x)
            c->teachers[t].school = tto;
    /* regroup classes by school; insertion sort keeps their order inside a school */
    for (size_t i = 1; i < c->n_classes; i++) {
        rotas_class v = c->classes[i];
        size_t j = i;
        while (j > 0 && cmp_class_school(&c->classes[j - 1], &v) > 0) {
            c->classes[j] = c->classes[j - 1];
            j--;
        }
        c->classes[j] = v;
    }
    drop_school(c, x);
    return rotas_county_finalize(c, err);
}

static rotas_rc apply_travel(rotas_county *c, const change *ch, rd *r, rotas_error *err)
{
    int a = rotas_county_school(c, ch->from), b = rotas_county_school(c, ch->to);
    size_t bad0 = r->n;
    if (a < 0)
        bad_str(r, ch->path, "from", _("a school id"), ch->from);
    if (b < 0)
        bad_str(r, ch->path, "to", _("a school id"), ch->to);
    if (a >= 0 && a == b)
        bad_str(r, ch->path, "to", _("a school other than from"), ch->to);
    if (r->n != bad0)
        return ROTAS_OK;
    for (size_t i = 0; i < c->n_travel; i++) {
        rotas_travel *t = &c->travel[i];
        if ((t->from == a && t->to == b) || (t->from == b && t->to == a)) {
            t->km = ch->km;
            t->minutes = ch->minutes;
            return rotas_county_finalize(c, err);
        }
    }
    rotas_travel *nt = realloc(c->travel, (c->n_travel + 1) * sizeof *nt);
    if (!nt)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    c->travel = nt;
    c->travel[c->n_travel++] =
        (rotas_travel){.from = a, .to = b, .km = ch->km, .minutes = ch->minutes, .extra = NULL};
    return rotas_county_finalize(c, err);
}

static void check_jobs(const rotas_county *c, const rotas_whatif_jobs *j, const char *path, rd *r)
{
    for (size_t i = 0; i < j->n_tt_clusters; i++)
        if (rotas_county_cluster(c, j->tt_clusters[i]) < 0) {
            rotas_diags_add(r->d, _("%s: timetable: expected a cluster id, found \"%s\""), path,
                            j->tt_clusters[i]);
            r->n++;
        }
}

rotas_rc rotas_scenario_apply(rotas_county **out, rotas_policy *policy, const rotas_scenario_set *s,
                              size_t i, const rotas_county *base, rotas_diags *diags,
                              rotas_error *err)
{
    rd r = {diags, 0};
    rotas_county *c = NULL;
    rotas_policy p = *policy;
    rotas_rc rc;
    *out = NULL;
    if (i >= s->n)
        return rotas_error_set(err, ROTAS_EINPUT, _("no scenario %zu"), i);
    const scenario *x = &s->sc[i];
    if ((rc = rotas_county_clone(&c, base, err)) != ROTAS_OK)
        return rc;
    if (s->policy_json) {
        rotas_diags local = {0};
        if (rotas_policy_apply_json(&p, s->policy_json, "policy", &local, NULL) != ROTAS_OK) {
            /* the base overrides are one problem of the file, reported once per scenario 0 */
            if (i == 0)
                for (size_t k = 0; k < local.n_items; k++)
                    rotas_diags_add(diags, "%s", local.items[k]);
            r.n += local.n_items ? local.n_items : 1;
        }
        rotas_diags_clear(&local);
    }
    for (size_t j = 0; j < x->n_changes && rc == ROTAS_OK; j++) {
        const change *ch = &x->changes[j];
        switch (ch->kind) {
        case CH_POLICY: {
            char where[128];
            snprintf(where, sizeof where, "%s.set", ch->path);
            size_t before = rotas_diags_count(diags);
            if (rotas_policy_apply_json(&p, ch->policy_json, where, diags, NULL) != ROTAS_OK)
                r.n += rotas_diags_count(diags) > before ? rotas_diags_count(diags) - before : 1;
            break;
        }
        case CH_HIRE:
            rc = apply_hire(c, &p, ch, &r, err);
            break;
        case CH_REMOVE:
            rc = apply_remove(c, ch, &r, err);
            break;
        case CH_CLOSE:
            rc = apply_close(c, ch, &r, err);
            break;
        case CH_TRAVEL:
            rc = apply_travel(c, ch, &r, err);
            break;
        case CH_YEAR:
            c->year = ch->year - 1;
            break;
        }
    }
    if (rc == ROTAS_OK) {
        char jp[64];
        if (x->has_jobs)
            snprintf(jp, sizeof jp, "scenarios[%zu].jobs", i);
        else
            snprintf(jp, sizeof jp, "jobs");
        /* default jobs are reported once, with scenario 0 */
        if (x->has_jobs || i == 0)
            check_jobs(c, rotas_scenarios_jobs(s, i), jp, &r);
        else {
            rotas_diags tmp = {0};
            rd q = {&tmp, 0};
            check_jobs(c, rotas_scenarios_jobs(s, i), jp, &q);
            r.n += q.n;
            rotas_diags_clear(&tmp);
        }
    }
    if (rc == ROTAS_OK && r.n)
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             P_("scenario \"%s\": %zu error", "scenario \"%s\": %zu errors", r.n),
                             x->name, r.n);
    if (rc != ROTAS_OK) {
        rotas_county_free(c);
        return rc;
    }
    *policy = p;
    *out = c;
    return ROTAS_OK;
}
