/*
 * json_researchers.c - the researchers' data (researchers[], term, holidays[], weak_subjects[]
 * among a county's top-level keys) and dates.
 *
 * The county reader keeps top-level keys it does not model in the county's `extra`; this
 * reader validates and models the researchers' part of them, with every problem located by its
 * JSON path. The county reader calls rotas__researchers_validate so that import refuses a
 * county whose researchers are wrong.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "json_int.h"
#include "researchers_int.h"
#include "rotas/cover.h"
#include "rotas/researchers.h"

/* ---- dates -------------------------------------------------------------------------------- */

/* The county's dates as int day numbers, over the one calendar of rotas/cover.h (days since
   1970-01-01, Monday = 0); a term's dates lie between 1990 and 2200. */
int rotas_day_parse(const char *s, int *out)
{
    long v = rotas_date_parse(s);
    if (v < 0 || v < rotas_date_parse("1990-01-01") || v > rotas_date_parse("2200-12-31"))
        return -1;
    *out = (int)v;
    return 0;
}

char *rotas_day_format(int day, char *buf)
{
    rotas_date_format(day, buf, 11);
    return buf;
}

int rotas_day_weekday(int day)
{
    return rotas_date_weekday(day);
}

int rotas_day_week_start(int day)
{
    return day - rotas_day_weekday(day);
}

/* ---- the data ----------------------------------------------------------------------------- */

typedef struct rv {
    rotas__locate_fn loc;
    void *ctx;
    rotas_diags *d;
    size_t n;
    int nomem;
    char *first;
} rv;

static void report(rv *v, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report(rv *v, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rotas__json_vreport(v->loc, v->ctx, v->d, &v->n, &v->first, path, fmt, ap);
    va_end(ap);
}

static void expected(rv *v, const char *path, const char *what, const json_t *j)
{
    char f[160];
    report(v, path, _("expected %s, found %s"), what, rotas__json_found(j, f, sizeof f));
}

static char *dupstr(rv *v, const char *s)
{
    char *d = rotas_strdup(s);
    if (s && !d)
        v->nomem = 1;
    return d;
}

/* A date at j (path p): returns 0 and sets *out, or reports and returns -1. */
static int get_date(rv *v, json_t *j, const char *p, int *out)
{
    if (!json_is_string(j) || rotas_day_parse(json_string_value(j), out) != 0) {
        expected(v, p, _("a date \"YYYY-MM-DD\""), j);
        return -1;
    }
    return 0;
}

/* A span: a date, or {"start", "end"} with end >= start. */
static int get_span(rv *v, json_t *j, const char *p, int *start, int *end, const char **name)
{
    char q[256];
    if (name)
        *name = NULL;
    if (json_is_string(j)) {
        if (get_date(v, j, p, start) != 0)
            return -1;
        *end = *start;
        return 0;
    }
    if (!json_is_object(j)) {
        expected(v, p, _("a date \"YYYY-MM-DD\" or {\"start\": date, \"end\": date}"), j);
        return -1;
    }
    json_t *s = json_object_get(j, "start"), *e = json_object_get(j, "end");
    snprintf(q, sizeof q, "%s.start", p);
    if (get_date(v, s, q, start) != 0)
        return -1;
    snprintf(q, sizeof q, "%s.end", p);
    if (!e) {
        *end = *start;
    } else if (get_date(v, e, q, end) != 0) {
        return -1;
    } else if (*end < *start) {
        char b[11];
        report(v, q, _("expected a date on or after the start %s, found \"%s\""),
               rotas_day_format(*start, b), json_string_value(e));
        return -1;
    }
    json_t *n = json_object_get(j, "name");
    if (name && json_is_string(n))
        *name = json_string_value(n);
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void read_researchers(rv *v, rotas_researchers_data *r, const rotas_county *c, json_t *arr)
{
    char p[256], q[300];
    size_t n = json_array_size(arr);
    if (n == 0)
        return;
    if (!(r->researchers = calloc(n, sizeof *r->researchers))) {
        v->nomem = 1;
        return;
    }
    r->n_researchers = n;
    for (size_t i = 0; i < n; i++) {
        rotas_researcher *x = &r->researchers[i];
        json_t *o = json_array_get(arr, i), *j;
        x->base = -1;
        snprintf(p, sizeof p, "researchers[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, p, _("a researcher {\"id\", \"name\", \"level\", \"subjects\", ...}"), o);
            continue;
        }
        j = json_object_get(o, "id");
        snprintf(q, sizeof q, "%s.id", p);
        if (!json_is_string(j) || json_string_length(j) == 0) {
            expected(v, q, _("a researcher id (a non-empty string)"), j);
        } else {
            for (size_t k = 0; k < i; k++)
                if (r->researchers[k].id && !strcmp(r->researchers[k].id, json_string_value(j)))
                    report(v, q,
                           _("expected a unique researcher id, found \"%s\" again (first at "
                             "researchers[%zu])"),
                           json_string_value(j), k);
            x->id = dupstr(v, json_string_value(j));
        }
        j = json_object_get(o, "name");
        if (j && !json_is_null(j)) {
            snprintf(q, sizeof q, "%s.name", p);
            if (!json_is_string(j))
                expected(v, q, _("a name (a string)"), j);
            else
                x->name = dupstr(v, json_string_value(j));
        }
        j = json_object_get(o, "level");
        snprintf(q, sizeof q, "%s.level", p);
        if (json_is_string(j) && !strcmp(json_string_value(j), "city"))
            x->level = ROTAS_RESEARCHER_CITY;
        else if (json_is_string(j) && !strcmp(json_string_value(j), "county"))
            x->level = ROTAS_RESEARCHER_COUNTY;
        else
            expected(v, q, _("one of \"city\", \"county\""), j);
        j = json_object_get(o, "subjects");
        snprintf(q, sizeof q, "%s.subjects", p);
        if (!json_is_array(j) || json_array_size(j) == 0) {
            expected(v, q, _("a non-empty array of subject ids"), j);
        } else {
            size_t m = json_array_size(j);
            if (!(x->subjects = calloc(m, sizeof *x->subjects))) {
                v->nomem = 1;
                return;
            }
            for (size_t k = 0; k < m; k++) {
                json_t *s = json_array_get(j, k);
                int si = json_is_string(s) ? rotas_county_subject(c, json_string_value(s)) : -1;
                snprintf(q, sizeof q, "%s.subjects[%zu]", p, k);
                if (si < 0) {
                    expected(v, q, _("the id of a subject in subjects[]"), s);
                    continue;
                }
                int dup = 0;
                for (size_t t = 0; t < x->n_subjects; t++)
                    dup |= x->subjects[t] == si;
                if (dup)
                    report(v, q, _("expected each subject once, found \"%s\" again"),
                           json_string_value(s));
                else
                    x->subjects[x->n_subjects++] = si;
            }
        }
        j = json_object_get(o, "base");
        json_t *lat = json_object_get(o, "lat"), *lon = json_object_get(o, "lon");
        if (j && !json_is_null(j)) {
            snprintf(q, sizeof q, "%s.base", p);
            x->base = json_is_string(j) ? rotas_county_school(c, json_string_value(j)) : -1;
            if (x->base < 0)
                expected(v, q, _("the id of a school in schools[] (the researcher's base)"), j);
            else {
                x->lat = c->schools[x->base].lat;
                x->lon = c->schools[x->base].lon;
            }
            if (lat || lon)
                report(v, p,
                       _("expected either \"base\" or \"lat\"/\"lon\" (an office), found both"));
        } else if (lat || lon) {
            snprintf(q, sizeof q, "%s.lat", p);
            if (!json_is_number(lat) || fabs(json_number_value(lat)) > 90)
                expected(v, q, _("a latitude -90..90"), lat);
            else
                x->lat = json_number_value(lat);
            snprintf(q, sizeof q, "%s.lon", p);
            if (!json_is_number(lon) || fabs(json_number_value(lon)) > 180)
                expected(v, q, _("a longitude -180..180"), lon);
            else
                x->lon = json_number_value(lon);
        } else {
            report(v, p,
                   _("missing required field \"base\" (a school id) or \"lat\" and \"lon\" "
                     "(the office)"));
        }
        j = json_object_get(o, "max_links");
        if (j && !json_is_null(j)) {
            snprintf(q, sizeof q, "%s.max_links", p);
            if (!json_is_integer(j) || json_integer_value(j) < 1 || json_integer_value(j) > 50)
                expected(v, q, _("a number of schools 1..50"), j);
            else
                x->max_links = (int)json_integer_value(j);
        }
        j = json_object_get(o, "unavailable");
        if (j && !json_is_null(j)) {
            snprintf(q, sizeof q, "%s.unavailable", p);
            if (!json_is_array(j)) {
                expected(v, q, _("an array of dates or {\"start\", \"end\"} spans"), j);
                continue;
            }
            size_t cap = 0;
            for (size_t k = 0; k < json_array_size(j); k++) {
                int a, b;
                snprintf(q, sizeof q, "%s.unavailable[%zu]", p, k);
                if (get_span(v, json_array_get(j, k), q, &a, &b, NULL) != 0)
                    continue;
                if (b - a > 400) {
                    report(v, q, _("expected a span of at most 400 days, found %d days"),
                           b - a + 1);
                    continue;
                }
                for (int dd = a; dd <= b; dd++) {
                    if (x->n_unavailable == cap) {
                        cap = cap ? 2 * cap : 16;
                        int *g = realloc(x->unavailable, cap * sizeof *g);
                        if (!g) {
                            v->nomem = 1;
                            return;
                        }
                        x->unavailable = g;
                    }
                    x->unavailable[x->n_unavailable++] = dd;
                }
            }
            if (x->n_unavailable) {
                qsort(x->unavailable, x->n_unavailable, sizeof *x->unavailable, cmp_int);
                size_t u = 1;
                for (size_t k = 1; k < x->n_unavailable; k++)
                    if (x->unavailable[k] != x->unavailable[u - 1])
                        x->unavailable[u++] = x->unavailable[k];
                x->n_unavailable = u;
            }
        }
    }
}

static void read_weak(rv *v, rotas_researchers_data *r, const rotas_county *c, json_t *arr)
{
    char p[256];
    r->weak_given = 1;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i);
        snprintf(p, sizeof p, "weak_subjects[%zu]", i);
        if (!json_is_object(o)) {
            expected(v, p, _("{\"school\": id, \"subjects\": [ids, weakest first]}"), o);
            continue;
        }
        json_t *s = json_object_get(o, "school"), *l = json_object_get(o, "subjects");
        int si = json_is_string(s) ? rotas_county_school(c, json_string_value(s)) : -1;
        snprintf(p, sizeof p, "weak_subjects[%zu].school", i);
        if (si < 0) {
            expected(v, p, _("the id of a school in schools[]"), s);
            continue;
        }
        if (r->n_weak[si] > 0 || r->weak[si]) {
            report(v, p, _("expected each school once, found \"%s\" again"), json_string_value(s));
            continue;
        }
        snprintf(p, sizeof p, "weak_subjects[%zu].subjects", i);
        if (!json_is_array(l)) {
            expected(v, p, _("an array of subject ids, weakest first"), l);
            continue;
        }
        size_t m = json_array_size(l);
        if (!(r->weak[si] = calloc(m + 1, sizeof(int)))) {
            v->nomem = 1;
            return;
        }
        for (size_t k = 0; k < m; k++) {
            json_t *x = json_array_get(l, k);
            int sj = json_is_string(x) ? rotas_county_subject(c, json_string_value(x)) : -1;
            snprintf(p, sizeof p, "weak_subjects[%zu].subjects[%zu]", i, k);
            if (sj < 0) {
                expected(v, p, _("the id of a subject in subjects[]"), x);
                continue;
            }
            int dup = 0;
            for (size_t t = 0; t < r->n_weak[si]; t++)
                dup |= r->weak[si][t] == sj;
            if (dup)
                report(v, p, _("expected each subject once, found \"%s\" again"),
                       json_string_value(x));
            else
                r->weak[si][r->n_weak[si]++] = sj;
        }
    }
}

static rotas_rc read_data(rotas_researchers_data **out, const rotas_county *c, rv *v,
                          rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    json_t *root = NULL;
    rotas_researchers_data *r = calloc(1, sizeof *r);
    if (!r || (c->n_schools && (!(r->weak = calloc(c->n_schools, sizeof *r->weak)) ||
                                !(r->n_weak = calloc(c->n_schools, sizeof *r->n_weak))))) {
        v->nomem = 1;
        goto done;
    }
    r->n_weak_slots = c->n_schools;
    if (c->extra) {
        json_error_t je;
        root = json_loads(c->extra, 0, &je);
        if (!root) {
            rc = rotas_error_set(err, ROTAS_ERR, _("the county's extra keys are not JSON: %s"),
                                 je.text);
            goto done;
        }
    }
    json_t *j;
    if (root && (j = json_object_get(root, "researchers")) && !json_is_null(j)) {
        if (!json_is_array(j))
            expected(v, "researchers", _("an array of researchers"), j);
        else
            read_researchers(v, r, c, j);
    }
    if (root && (j = json_object_get(root, "term")) && !json_is_null(j)) {
        if (!json_is_object(j) || !json_object_get(j, "start") || !json_object_get(j, "end"))
            expected(v, "term", _("{\"start\": \"YYYY-MM-DD\", \"end\": \"YYYY-MM-DD\"}"), j);
        else if (get_span(v, j, "term", &r->term_start, &r->term_end, NULL) == 0 &&
                 r->term_end - r->term_start > 400) {
            report(v, "term.end", _("expected a term of at most 400 days, found %d days"),
                   r->term_end - r->term_start + 1);
            r->term_start = r->term_end = 0;
        }
    }
    if (root && (j = json_object_get(root, "holidays")) && !json_is_null(j)) {
        if (!json_is_array(j)) {
            expected(v, "holidays", _("an array of dates or {\"start\", \"end\", \"name\"}"), j);
        } else if (json_array_size(j)) {
            size_t n = json_array_size(j);
            if (!(r->holidays = calloc(n, sizeof *r->holidays))) {
                v->nomem = 1;
                goto done;
            }
            for (size_t i = 0; i < n; i++) {
                char p[64];
                const char *name = NULL;
                snprintf(p, sizeof p, "holidays[%zu]", i);
                rotas_holiday *h = &r->holidays[r->n_holidays];
                if (get_span(v, json_array_get(j, i), p, &h->start, &h->end, &name) == 0) {
                    h->name = dupstr(v, name);
                    r->n_holidays++;
                }
            }
        }
    }
    if (root && (j = json_object_get(root, "weak_subjects")) && !json_is_null(j)) {
        if (!json_is_array(j))
            expected(v, "weak_subjects", _("an array of {\"school\", \"subjects\"}"), j);
        else
            read_weak(v, r, c, j);
    }
done:
    json_decref(root);
    if (rc == ROTAS_OK && v->nomem)
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while reading the researchers"));
    else if (rc == ROTAS_OK && v->n)
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             P_("%zu problem; first: %s", "%zu problems; first: %s", v->n), v->n,
                             v->first ? v->first : "?");
    if (rc == ROTAS_OK && out) {
        *out = r;
        r = NULL;
    }
    rotas_researchers_data_free(r);
    return rc;
}

rotas_rc rotas_researchers_data_read(rotas_researchers_data **out, const rotas_county *c,
                                     rotas_diags *d, rotas_error *err)
{
    rv v = {NULL, NULL, d, 0, 0, NULL};
    rotas_rc rc = read_data(out, c, &v, err);
    free(v.first);
    return rc;
}

size_t rotas__researchers_validate(const rotas_county *c, rotas__locate_fn loc, void *ctx,
                                   rotas_diags *d, rotas_error *err)
{
    rv v = {loc, ctx, d, 0, 0, NULL};
    rotas_rc rc = read_data(NULL, c, &v, err);
    free(v.first);
    return rc == ROTAS_OK ? 0 : (v.n ? v.n : 1);
}

void rotas_researchers_data_free(rotas_researchers_data *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_researchers; i++) {
        free(r->researchers[i].id);
        free(r->researchers[i].name);
        free(r->researchers[i].subjects);
        free(r->researchers[i].unavailable);
    }
    free(r->researchers);
    for (size_t i = 0; i < r->n_holidays; i++)
        free(r->holidays[i].name);
    free(r->holidays);
    if (r->weak) {
        for (size_t i = 0; i < r->n_weak_slots; i++)
            free(r->weak[i]);
    }
    free(r->weak);
    free(r->n_weak);
    free(r);
}

int rotas_researchers_holiday(const rotas_researchers_data *r, int day)
{
    for (size_t i = 0; i < r->n_holidays; i++)
        if (day >= r->holidays[i].start && day <= r->holidays[i].end)
            return 1;
    return 0;
}
