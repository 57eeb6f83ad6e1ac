/*
 * previous.c - reading an earlier timetable for a re-plan (rotas timetable --from).
 *
 * The strict reader (rotas_timetable_read_json) rejects ids the county does not know. A
 * re-plan is made precisely after the county changed (a teacher left, a class was merged), so
 * this reader keeps such lessons with index -1: they cannot be kept and count as moved.
 * Everything else is read as strictly as the format demands.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/timetable.h"

static int str_of(json_t *o, const char *key, const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = json_is_string(v) ? json_string_value(v) : NULL;
    return *out != NULL;
}

rotas_rc rotas_timetable_read_previous(rotas_timetable **out, const rotas_county *c,
                                       const char *path, size_t *n_unknown, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    json_error_t jerr;
    rotas_timetable *tt = NULL;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    const char *s = NULL;
    *out = NULL;
    *n_unknown = 0;
    if (!root)
        return rotas_error_set(err, ROTAS_EINPUT, "%s:%d:%d: %s", path, jerr.line, jerr.column,
                               jerr.text);
    if (!json_is_object(root) || !str_of(root, "format", &s) ||
        strcmp(s, ROTAS_FORMAT_TIMETABLE) != 0) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: format: expected \"%s\""), path,
                             ROTAS_FORMAT_TIMETABLE);
        goto done;
    }
    tt = calloc(1, sizeof *tt);
    if (!tt)
        goto oom;
    tt->days = ROTAS_DAYS;
    tt->kept_lessons = tt->moved_lessons = -1;
    rotas_policy_default(&tt->policy);
    if (!str_of(root, "cluster", &s) || (tt->cluster = rotas_county_cluster(c, s)) < 0) {
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             _("%s: cluster: expected a cluster id of the county"), path);
        goto done;
    }
    json_t *ls = json_object_get(root, "lessons");
    if (!json_is_array(ls)) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: lessons: expected an array"), path);
        goto done;
    }
    tt->lessons = calloc(json_array_size(ls) + 1, sizeof *tt->lessons);
    if (!tt->lessons)
        goto oom;
    size_t i;
    json_t *l;
    json_array_foreach(ls, i, l)
    {
        const char *sch = NULL, *cls = NULL, *sub = NULL, *tea = NULL;
        json_t *dv = json_object_get(l, "day"), *pv = json_object_get(l, "period");
        if (!json_is_object(l) || !str_of(l, "school", &sch) || !str_of(l, "class", &cls) ||
            !str_of(l, "subject", &sub) || !str_of(l, "teacher", &tea) || !json_is_integer(dv) ||
            !json_is_integer(pv) || json_integer_value(dv) < 1 ||
            json_integer_value(dv) > ROTAS_DAYS || json_integer_value(pv) < 1 ||
            json_integer_value(pv) > 100) {
            rc = rotas_error_set(err, ROTAS_EINPUT,
                                 _("%s: lessons[%zu]: expected school, class, subject, teacher "
                                   "(strings), day 1..%d and period 1..100"),
                                 path, i, ROTAS_DAYS);
            goto done;
        }
        rotas_lesson *x = &tt->lessons[tt->n_lessons++];
        x->school = rotas_county_school(c, sch);
        x->klass = x->school >= 0 ? rotas_county_class(c, x->school, cls) : -1;
        x->subject = rotas_county_subject(c, sub);
        x->teacher = rotas_county_teacher(c, tea);
        x->day = (int)json_integer_value(dv) - 1;
        x->period = (int)json_integer_value(pv) - 1;
        if (x->klass < 0 || x->subject < 0 || x->teacher < 0) {
            x->school = x->klass = x->subject = x->teacher = -1;
            (*n_unknown)++;
        }
    }
    *out = tt;
    tt = NULL;
    goto done;
oom:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
done:
    rotas_timetable_free(tt);
    json_decref(root);
    return rc;
}
