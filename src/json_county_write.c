/*
 * json_county_write.c - writing a county as rotas-county/1.
 *
 * Output is stable: keys sorted, two-space indent, reals with 15 significant digits (so a
 * value read back prints the same). Each object's `extra` (unknown keys as read) is merged
 * back in; a known key always wins over an extra key of the same name. The unknown keys of
 * bell periods travel in the school's extra under "bell" (see json_county.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "json_int.h"
#include "rotas/outfile.h"
#include "rotas/json.h"

/* Known keys in the documented order, unknown keys after them in the order they were read
   (never sorted: an export reads like its input); reals exact (17 digits, then shortened). */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))

typedef struct w_ctx {
    int nomem;
} w_ctx;

static void put(w_ctx *w, json_t *obj, const char *key, json_t *val)
{
    if (!val || json_object_set_new(obj, key, val) != 0)
        w->nomem = 1;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *school_id(const rotas_county *c, int i)
{
    return i >= 0 && (size_t)i < c->n_schools ? str_or_null(c->schools[i].id) : json_null();
}

static json_t *subject_id(const rotas_county *c, int i)
{
    return i >= 0 && (size_t)i < c->n_subjects ? str_or_null(c->subjects[i].id) : json_null();
}

/* Merge the extra keys (a JSON object text) into obj; known keys already set win. The array
   under key `sub` (the unknown keys of a sub-array's entries: "bell" of a school, "unavailable"
   of a class or teacher) is taken out into *sub_extra instead. */
static void merge_extra_sub(w_ctx *w, json_t *obj, const char *extra, const char *sub,
                            json_t **sub_extra)
{
    if (!extra)
        return;
    json_t *ex = json_loads(extra, JSON_DECODE_ANY, NULL);
    if (json_is_object(ex)) {
        if (sub_extra) {
            json_t *b = json_object_get(ex, sub);
            if (json_is_array(b))
                *sub_extra = json_incref(b);
            json_object_del(ex, sub);
        }
        if (json_object_update_missing(obj, ex) != 0)
            w->nomem = 1;
    }
    json_decref(ex);
}

static void merge_extra(w_ctx *w, json_t *obj, const char *extra, json_t **bell_extra)
{
    merge_extra_sub(w, obj, extra, "bell", bell_extra);
}

/* Append to arr the entry o with the unknown keys of entry k of sub_extra. */
static void append_entry(w_ctx *w, json_t *arr, json_t *o, json_t *sub_extra, size_t k)
{
    json_t *pe = json_array_get(sub_extra, k);
    if (json_is_object(pe) && json_object_update_missing(o, pe) != 0)
        w->nomem = 1;
    if (json_array_append_new(arr, o) != 0)
        w->nomem = 1;
}

static json_t *teacher_id(const rotas_county *c, int i)
{
    return i >= 0 && (size_t)i < c->n_teachers ? str_or_null(c->teachers[i].id) : json_null();
}

static json_t *hhmm(int minutes)
{
    char buf[16];
    if (minutes < 0)
        minutes = 0;
    snprintf(buf, sizeof buf, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
    return json_string(buf);
}

static json_t *decision_json(const rotas_county *c, const rotas_decision *d)
{
    w_ctx w = {0};
    json_t *o = json_object(), *a;
    if (!o)
        return NULL;
    put(&w, o, "kind", json_string(rotas_decision_kind_name(d->kind)));
    switch (d->kind) {
    case ROTAS_DECISION_MOVE:
        put(&w, o, "teacher", teacher_id(c, d->teacher));
        put(&w, o, "school", school_id(c, d->school));
        break;
    case ROTAS_DECISION_STAY:
        put(&w, o, "teacher", teacher_id(c, d->teacher));
        break;
    case ROTAS_DECISION_RECEIVE_KEY:
        put(&w, o, "school", school_id(c, d->school));
        if (d->subject >= 0)
            put(&w, o, "subject", subject_id(c, d->subject));
        break;
    case ROTAS_DECISION_TOGETHER:
        put(&w, o, "teachers", a = json_array());
        if (a && (json_array_append_new(a, teacher_id(c, d->teacher)) != 0 ||
                  json_array_append_new(a, teacher_id(c, d->teacher2)) != 0))
            w.nomem = 1;
        break;
    default:
        break;
    }
    if (d->reason)
        put(&w, o, "reason", json_string(d->reason));
    merge_extra(&w, o, d->extra, NULL);
    if (w.nomem) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *build(const rotas_county *c, w_ctx *w)
{
    json_t *root = json_object(), *arr;
    if (!root) {
        w->nomem = 1;
        return NULL;
    }
    put(w, root, "format", json_string(ROTAS_FORMAT_COUNTY));
    if (c->name)
        put(w, root, "name", json_string(c->name));
    if (c->year)
        put(w, root, "year", json_integer(c->year));

    put(w, root, "subjects", arr = json_array());
    for (size_t i = 0; arr && i < c->n_subjects; i++) {
        const rotas_subject *s = &c->subjects[i];
        json_t *o = json_object();
        if (!o || json_array_append_new(arr, o) != 0) {
            w->nomem = 1;
            break;
        }
        put(w, o, "id", str_or_null(s->id));
        put(w, o, "name", str_or_null(s->name));
        put(w, o, "shortage", json_boolean(s->shortage));
        if (s->room_kind)
            put(w, o, "room_kind", json_string(s->room_kind));
        merge_extra(w, o, s->extra, NULL);
    }

    /* clusters[] is written when the file had one, or when a cluster carries more than its
       id; otherwise the schools' cluster ids say it all (and read back the same). */
    int declared = 0;
    for (size_t i = 0; i < c->n_clusters; i++)
        declared |= c->clusters[i].declared || c->clusters[i].name || c->clusters[i].central >= 0 ||
                    c->clusters[i].extra;
    if (declared) {
        put(w, root, "clusters", arr = json_array());
        for (size_t i = 0; arr && i < c->n_clusters; i++) {
            const rotas_cluster *k = &c->clusters[i];
            json_t *o = json_object();
            if (!o || json_array_append_new(arr, o) != 0) {
                w->nomem = 1;
                break;
            }
            put(w, o, "id", str_or_null(k->id));
            if (k->name)
                put(w, o, "name", json_string(k->name));
            if (k->central >= 0)
                put(w, o, "central", school_id(c, k->central));
            merge_extra(w, o, k->extra, NULL);
        }
    }
    if (c->n_groups > 0) {
        put(w, root, "groups", arr = json_array());
        for (size_t i = 0; arr && i < c->n_groups; i++) {
            json_t *o = json_object();
            if (!o || json_array_append_new(arr, o) != 0) {
                w->nomem = 1;
                break;
            }
            put(w, o, "id", str_or_null(c->groups[i].id));
            if (c->groups[i].head >= 0)
                put(w, o, "head", school_id(c, c->groups[i].head));
            merge_extra(w, o, c->groups[i].extra, NULL);
        }
    }

    put(w, root, "schools", arr = json_array());
    for (size_t i = 0; arr && i < c->n_schools; i++) {
        const rotas_school *s = &c->schools[i];
        json_t *o = json_object(), *cls, *bell_extra = NULL;
        if (!o || json_array_append_new(arr, o) != 0) {
            w->nomem = 1;
            break;
        }
        put(w, o, "id", str_or_null(s->id));
        put(w, o, "name", str_or_null(s->name));
        put(w, o, "kind", json_string(rotas_kind_name(s->kind)));
        put(w, o, "area", json_string(rotas_area_name(s->area)));
        put(w, o, "cluster",
            s->cluster >= 0 && (size_t)s->cluster < c->n_clusters
                ? str_or_null(c->clusters[s->cluster].id)
                : json_null());
        put(w, o, "group",
            s->group >= 0 && (size_t)s->group < c->n_groups ? str_or_null(c->groups[s->group].id)
                                                            : json_null());
        put(w, o, "hardship", json_integer(s->hardship));
        put(w, o, "lat", json_real(s->lat));
        put(w, o, "lon", json_real(s->lon));
        put(w, o, "students", json_integer(s->students));
        put(w, o, "staff_quota", json_integer(s->staff_quota));
        put(w, o, "classes", cls = json_array());
        for (size_t k = 0; cls && k < c->n_classes; k++) {
            const rotas_class *cl = &c->classes[k];
            if (cl->school != (int)i)
                continue;
            json_t *co = json_object(), *g = json_array();
            if (!co || json_array_append_new(cls, co) != 0) {
                json_decref(g);
                w->nomem = 1;
                break;
            }
            put(w, co, "id", str_or_null(cl->id));
            for (size_t gi = 0; g && gi < cl->n_grades; gi++)
                if (json_array_append_new(g, json_integer(cl->grades[gi])) != 0)
                    w->nomem = 1;
            put(w, co, "grades", g);
            put(w, co, "students", json_integer(cl->students));
            json_t *un_extra = NULL;
            merge_extra_sub(w, co, cl->extra, "unavailable", &un_extra);
            if (cl->n_unavailable > 0) {
                json_t *un = json_array();
                put(w, co, "unavailable", un);
                for (size_t b = 0; un && b < cl->n_unavailable; b++) {
                    const rotas_class_block *cb = &cl->unavailable[b];
                    json_t *bo = json_object();
                    if (!bo) {
                        w->nomem = 1;
                        break;
                    }
                    put(w, bo, "day", json_integer(cb->day + 1));
                    put(w, bo, "period", json_integer(cb->period + 1));
                    if (cb->reason)
                        put(w, bo, "reason", json_string(cb->reason));
                    append_entry(w, un, bo, un_extra, b);
                }
            }
            json_decref(un_extra);
        }
        merge_extra(w, o, s->extra, &bell_extra);
        if (s->bell && s->n_bell > 0) {
            json_t *b = json_array();
            put(w, o, "bell", b);
            for (size_t k = 0; b && k < s->n_bell; k++) {
                json_t *po = json_object();
                if (!po || json_array_append_new(b, po) != 0) {
                    w->nomem = 1;
                    break;
                }
                put(w, po, "start", hhmm(s->bell[k].start));
                put(w, po, "end", hhmm(s->bell[k].end));
                json_t *pe = json_array_get(bell_extra, k);
                if (json_is_object(pe) && json_object_update_missing(po, pe) != 0)
                    w->nomem = 1;
            }
        }
        json_decref(bell_extra);
        if (s->n_rooms > 0) {
            json_t *ra = json_array();
            put(w, o, "rooms", ra);
            for (size_t r = 0; ra && r < s->n_rooms; r++) {
                const rotas_room *x = &s->rooms[r];
                json_t *ro = json_object();
                if (!ro || json_array_append_new(ra, ro) != 0) {
                    w->nomem = 1;
                    break;
                }
                put(w, ro, "id", str_or_null(x->id));
                if (x->name)
                    put(w, ro, "name", json_string(x->name));
                put(w, ro, "kind", str_or_null(x->kind));
                put(w, ro, "capacity", json_integer(x->capacity));
                merge_extra(w, ro, x->extra, NULL);
            }
        }
    }

    put(w, root, "travel", arr = json_array());
    for (size_t i = 0; arr && i < c->n_travel; i++) {
        const rotas_travel *t = &c->travel[i];
        json_t *o = json_object();
        if (!o || json_array_append_new(arr, o) != 0) {
            w->nomem = 1;
            break;
        }
        put(w, o, "from", school_id(c, t->from));
        put(w, o, "to", school_id(c, t->to));
        put(w, o, "km", json_real(t->km));
        put(w, o, "minutes", json_real(t->minutes));
        merge_extra(w, o, t->extra, NULL);
    }

    put(w, root, "curriculum", arr = json_array());
    for (size_t i = 0; arr && i < c->n_curriculum; i++) {
        const rotas_curriculum_row *r = &c->curriculum[i];
        json_t *o = json_object();
        if (!o || json_array_append_new(arr, o) != 0) {
            w->nomem = 1;
            break;
        }
        put(w, o, "grade", json_integer(r->grade));
        put(w, o, "subject", subject_id(c, r->subject));
        put(w, o, "periods", json_integer(r->periods));
        merge_extra(w, o, r->extra, NULL);
    }

    put(w, root, "teachers", arr = json_array());
    for (size_t i = 0; arr && i < c->n_teachers; i++) {
        const rotas_teacher *t = &c->teachers[i];
        json_t *o = json_object(), *a;
        char g[2] = {t->gender, '\0'};
        if (!o || json_array_append_new(arr, o) != 0) {
            w->nomem = 1;
            break;
        }
        put(w, o, "id", str_or_null(t->id));
        put(w, o, "name", str_or_null(t->name));
        put(w, o, "gender", t->gender ? json_string(g) : json_null());
        put(w, o, "birth_year", json_integer(t->birth_year));
        put(w, o, "school", school_id(c, t->school));
        put(w, o, "subjects", a = json_array());
        for (size_t k = 0; a && k < t->n_subjects; k++)
            if (json_array_append_new(a, subject_id(c, t->subjects[k])) != 0)
                w->nomem = 1;
        put(w, o, "role", json_string(rotas_role_name(t->role)));
        put(w, o, "school_since", json_integer(t->school_since));
        put(w, o, "post_since", json_integer(t->post_since ? t->post_since : t->school_since));
        if (t->key == ROTAS_KEY_NONE || t->key_is_bool)
            put(w, o, "key", json_boolean(t->key != ROTAS_KEY_NONE));
        else
            put(w, o, "key", json_string(rotas_key_name(t->key)));
        put(w, o, "title", str_or_null(t->title));
        put(w, o, "degree", str_or_null(t->degree));
        put(w, o, "exempt", str_or_null(t->exempt));
        put(w, o, "exchange_until",
            t->exchange_until ? json_integer(t->exchange_until) : json_null());
        put(w, o, "preferences", a = json_array());
        for (size_t k = 0; a && k < t->n_preferences; k++)
            if (json_array_append_new(a, school_id(c, t->preferences[k])) != 0)
                w->nomem = 1;
        if (t->max_periods != 0)
            put(w, o, "max_periods", json_integer(t->max_periods));
        if (t->max_days != 0)
            put(w, o, "max_days", json_integer(t->max_days));
        if (t->middle_leader)
            put(w, o, "middle_leader", json_true());
        if (t->hardship_years != 0)
            put(w, o, "hardship_years", json_integer(t->hardship_years));
        json_t *un_extra = NULL;
        merge_extra_sub(w, o, t->extra, "unavailable", &un_extra);
        if (t->n_unavailable > 0) {
            json_t *un = json_array();
            put(w, o, "unavailable", un);
            for (size_t b = 0; un && b < t->n_unavailable; b++) {
                const rotas_time_block *tb = &t->unavailable[b];
                json_t *bo = json_object();
                if (!bo) {
                    w->nomem = 1;
                    break;
                }
                put(w, bo, "day", json_integer(tb->day + 1));
                put(w, bo, "start", hhmm(tb->start));
                put(w, bo, "end", hhmm(tb->end));
                if (tb->reason)
                    put(w, bo, "reason", json_string(tb->reason));
                append_entry(w, un, bo, un_extra, b);
            }
        }
        json_decref(un_extra);
    }

    if (c->n_subject_rules > 0) {
        put(w, root, "subject_rules", arr = json_array());
        for (size_t i = 0; arr && i < c->n_subject_rules; i++) {
            const rotas_subject_rule *r = &c->subject_rules[i];
            json_t *o = json_object();
            if (!o || json_array_append_new(arr, o) != 0) {
                w->nomem = 1;
                break;
            }
            put(w, o, "subject", subject_id(c, r->subject));
            if (r->not_first_period)
                put(w, o, "not_first_period", json_true());
            if (r->not_after_lunch)
                put(w, o, "not_after_lunch", json_true());
            if (r->before_period > 0)
                put(w, o, "before_period", json_integer(r->before_period));
            merge_extra(w, o, r->extra, NULL);
        }
    }
    if (c->n_fixed_lessons > 0) {
        put(w, root, "fixed_lessons", arr = json_array());
        for (size_t i = 0; arr && i < c->n_fixed_lessons; i++) {
            const rotas_fixed_lesson *fl = &c->fixed_lessons[i];
            int ok = fl->klass >= 0 && (size_t)fl->klass < c->n_classes;
            json_t *o = json_object();
            if (!o || json_array_append_new(arr, o) != 0) {
                w->nomem = 1;
                break;
            }
            put(w, o, "school", ok ? school_id(c, c->classes[fl->klass].school) : json_null());
            put(w, o, "class", ok ? str_or_null(c->classes[fl->klass].id) : json_null());
            put(w, o, "subject", subject_id(c, fl->subject));
            put(w, o, "teacher", teacher_id(c, fl->teacher));
            put(w, o, "day", json_integer(fl->day + 1));
            put(w, o, "period", json_integer(fl->period + 1));
            merge_extra(w, o, fl->extra, NULL);
        }
    }
    if (c->n_decisions > 0) {
        put(w, root, "decisions", arr = json_array());
        for (size_t i = 0; arr && i < c->n_decisions; i++) {
            json_t *o = decision_json(c, &c->decisions[i]);
            if (!o || json_array_append_new(arr, o) != 0) {
                w->nomem = 1;
                break;
            }
        }
    }
    merge_extra(w, root, c->extra, NULL);
    return root;
}

/* The shortest of %.15g, %.16g, %.17g that reads back as exactly x, as jansson writes reals:
   a ".0" when it would look like an integer, the exponent without '+' and leading zeros. */
static size_t short_real(char *out, size_t cap, double x)
{
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(out, cap, "%.*g", prec, x);
        if (n < 0 || (size_t)n >= cap)
            return 0;
        if (strtod(out, NULL) == x)
            break;
    }
    char *e = strchr(out, 'e');
    if (e) {
        char *d = e + 1, *r = e + 1;
        if (*r == '+' || *r == '-') {
            if (*r == '-')
                *d++ = '-';
            r++;
        }
        while (*r == '0' && r[1])
            r++;
        memmove(d, r, strlen(r) + 1);
    } else if (!strchr(out, '.')) {
        if ((size_t)n + 2 >= cap)
            return 0;
        strcat(out, ".0");
    }
    return strlen(out);
}

/* Rewrite every real of the JSON text (a number with '.', 'e' or 'E' outside strings) in its
   shortest exact form. Never longer than jansson's 17 digits, so done in place. */
static void shorten_reals(char *text)
{
    char *r = text, *w = text;
    int in_str = 0;
    while (*r) {
        char ch = *r;
        if (in_str) {
            *w++ = *r++;
            if (ch == '\\' && *r)
                *w++ = *r++;
            else if (ch == '"')
                in_str = 0;
            continue;
        }
        if (ch == '"') {
            in_str = 1;
            *w++ = *r++;
            continue;
        }
        if (ch == '-' || (ch >= '0' && ch <= '9')) {
            const char *start = r;
            int real = 0;
            while (*r && strchr("+-0123456789.eE", *r)) {
                real |= *r == '.' || *r == 'e' || *r == 'E';
                r++;
            }
            size_t len = (size_t)(r - start);
            char buf[64];
            size_t n =
                real && len < sizeof buf ? short_real(buf, sizeof buf, strtod(start, NULL)) : 0;
            if (n && n <= len) {
                memcpy(w, buf, n);
                w += n;
            } else {
                memmove(w, start, len);
                w += len;
            }
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
}

char *rotas_county_dump_json(const rotas_county *c)
{
    w_ctx w = {0};
    char *s = NULL;
    if (!c)
        return NULL;
    json_t *root = build(c, &w);
    if (root && !w.nomem)
        s = json_dumps(root, DUMP_FLAGS);
    json_decref(root);
    if (s)
        shorten_reals(s);
    return s;
}

rotas_rc rotas_county_write_json(const rotas_county *c, const char *path, rotas_error *err)
{
    char *text = rotas_county_dump_json(c);
    if (!text)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while writing the county"));
    /* the text and a final newline (in place of its NUL), through a safe output file */
    size_t len = strlen(text);
    text[len] = '\n';
    rotas_rc rc = rotas_outfile_write(path, text, len + 1, err);
    free(text);
    return rc;
}
