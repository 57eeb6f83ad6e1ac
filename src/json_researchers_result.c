/*
 * json_researchers_result.c - rotas-researchers/1: writing a links-and-visits result and
 * reading one back for the checker and the renderers.
 *
 * {"format": "rotas-researchers/1", "county", "term": {"start", "end"},
 *  "params": {"min_links", "min_visits", "subjects_per_school", "weak_source"},
 *  "status", "objective", "bound", "gap", "seconds",
 *  "calendar": {"status", "objective", "bound", "gap", "seconds"},
 *  "links": [{"researcher", "name", "level", "school", "school_name", "subject", "km",
 *             "weak_rank", "research_day": {"weekday" 1-5, "start", "end"} | null,
 *             "visits": ["YYYY-MM-DD", ...]}],
 *  "weak": [{"school", "subjects": [...], "periods": [...]}], "unlinked": [school ids],
 *  "uncovered": [{"school", "subject"}], "shortfalls": [{"researcher", "school", "subject",
 *  "missing"}], "summary": {...}}
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotas/outfile.h"
#include "i18n_int.h"
#include "json_int.h"
#include "render_int.h"
#include "researchers_int.h"
#include "rotas/researchers.h"

static json_t *num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *hhmm(int m)
{
    char b[8];
    snprintf(b, sizeof b, "%02d:%02d", (m / 60) % 100, m % 60);
    return json_string(b);
}

static json_t *date(int d)
{
    char b[11];
    return json_string(rotas_day_format(d, b));
}

rotas_rc rotas__json_write(const json_t *o, const char *path, rotas_error *err)
{
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(12));
    size_t n = text ? strlen(text) : 0;
    char *t2 = text ? realloc(text, n + 2) : NULL;
    rotas_rc rc;
    if (!t2) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while writing %s"), path);
    } else {
        text = t2;
        memcpy(text + n, "\n", 2);
        rc = rotas_outfile_write(path, text, n + 1, err);
    }
    free(text);
    return rc;
}

rotas_rc rotas_researchers_write_json(const rotas_researchers_result *res, const rotas_county *c,
                                      const rotas_researchers_data *r, const char *path,
                                      rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    json_t *o = json_object(), *links = json_array(), *weak = json_array(), *unl = json_array(),
           *unc = json_array(), *sh = json_array();
    int bad = !o || !links || !weak || !unl || !unc || !sh;
    if (bad)
        goto built;
    bad |= json_object_set_new(o, "format", json_string(ROTAS_FORMAT_RESEARCHERS));
    if (res->county)
        bad |= json_object_set_new(o, "county", json_string(res->county));
    bad |= json_object_set_new(
        o, "term",
        json_pack("{s:o,s:o}", "start", date(res->term_start), "end", date(res->term_end)));
    bad |= json_object_set_new(o, "params",
                               json_pack("{s:i,s:i,s:i,s:s}", "min_links", res->min_links,
                                         "min_visits", res->min_visits, "subjects_per_school",
                                         res->subjects_per_school, "weak_source",
                                         res->weak_source ? res->weak_source : "given"));
    bad |= json_object_set_new(o, "status", json_string(rotas_status_name(res->status)));
    bad |= json_object_set_new(o, "objective", num(res->objective));
    bad |= json_object_set_new(o, "bound", num(res->bound));
    bad |= json_object_set_new(o, "gap", num(res->gap));
    bad |= json_object_set_new(o, "seconds", num(res->seconds));
    bad |= json_object_set_new(
        o, "calendar",
        json_pack("{s:s,s:o,s:o,s:o,s:o}", "status", rotas_status_name(res->calendar_status),
                  "objective", num(res->calendar_objective), "bound", num(res->calendar_bound),
                  "gap", num(res->calendar_gap), "seconds", num(res->calendar_seconds)));
    size_t nvis = 0;
    for (size_t l = 0; l < res->n_links && !bad; l++) {
        const rotas_rlink *K = &res->links[l];
        const rotas_researcher *R = &r->researchers[K->researcher];
        json_t *v = json_array(), *rd;
        if (K->research_day >= 0)
            rd = json_pack("{s:i,s:o,s:o}", "weekday", K->research_day + 1, "start",
                           hhmm(K->research_start), "end", hhmm(K->research_end));
        else
            rd = json_null();
        for (size_t i = 0; v && i < res->n_visits; i++)
            if (res->visits[i].link == (int)l) {
                bad |= json_array_append_new(v, date(res->visits[i].date));
                nvis++;
            }
        json_t *L =
            json_pack("{s:s,s:s?,s:s,s:s,s:s?,s:s,s:f,s:i,s:o,s:o}", "researcher", R->id, "name",
                      R->name, "level", R->level == ROTAS_RESEARCHER_CITY ? "city" : "county",
                      "school", c->schools[K->school].id, "school_name", c->schools[K->school].name,
                      "subject", c->subjects[K->subject].id, "km", round(K->km * 10) / 10,
                      "weak_rank", K->weak_rank, "research_day", rd, "visits", v ? v : json_null());
        bad |= !L || json_array_append_new(links, L);
    }
    for (size_t i = 0; i < res->n_weak && !bad; i++) {
        const rotas_rweak *W = &res->weak[i];
        json_t *s = json_array(), *p = json_array();
        for (size_t k = 0; s && p && k < W->n_subjects; k++) {
            bad |= json_array_append_new(s, json_string(c->subjects[W->subjects[k]].id));
            bad |= json_array_append_new(p, num(W->periods[k]));
        }
        bad |= json_array_append_new(weak,
                                     json_pack("{s:s,s:o,s:o}", "school", c->schools[W->school].id,
                                               "subjects", s, "periods", p));
    }
    for (size_t i = 0; i < res->n_unlinked && !bad; i++)
        bad |= json_array_append_new(unl, json_string(c->schools[res->unlinked[i]].id));
    for (size_t i = 0; i < res->n_uncovered && !bad; i++)
        bad |= json_array_append_new(unc, json_pack("{s:s,s:s}", "school",
                                                    c->schools[res->uncovered[2 * i]].id, "subject",
                                                    c->subjects[res->uncovered[2 * i + 1]].id));
    for (size_t i = 0; i < res->n_shortfalls && !bad; i++) {
        const rotas_rlink *K = &res->links[res->shortfalls[i].link];
        bad |= json_array_append_new(
            sh, json_pack("{s:s,s:s,s:s,s:i}", "researcher", r->researchers[K->researcher].id,
                          "school", c->schools[K->school].id, "subject", c->subjects[K->subject].id,
                          "missing", res->shortfalls[i].missing));
    }
    bad |= json_object_set(o, "links", links);
    bad |= json_object_set(o, "weak", weak);
    bad |= json_object_set(o, "unlinked", unl);
    bad |= json_object_set(o, "uncovered", unc);
    bad |= json_object_set(o, "shortfalls", sh);
    bad |= json_object_set_new(
        o, "summary",
        json_pack("{s:i,s:i,s:i,s:i,s:f,s:i,s:i,s:i,s:i,s:i,s:i}", "researchers",
                  (int)r->n_researchers, "rural_schools", (int)res->n_weak, "links",
                  (int)res->n_links, "visits", (int)nvis, "km", round(res->km * 10) / 10,
                  "max_load", res->max_load, "min_load", res->min_load, "same_week", res->same_week,
                  "spread_missing", res->spread_missing, "unlinked", (int)res->n_unlinked,
                  "uncovered", (int)res->n_uncovered));
built:
    rc = bad ? rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while writing %s"), path)
             : rotas__json_write(o, path, err);
    json_decref(o);
    json_decref(links);
    json_decref(weak);
    json_decref(unl);
    json_decref(unc);
    json_decref(sh);
    return rc;
}

/* ---- reading ----------------------------------------------------------------------------- */

typedef struct rd {
    rotas_diags *d;
    size_t n;
    const char *path;
    char first[512];
} rd;

static void bad_at(rd *v, const char *where, const char *what, const json_t *j)
{
    char f[160];
    if (!v->n)
        snprintf(v->first, sizeof v->first, "%s: %s: expected %s, found %s", v->path, where, what,
                 rotas__json_found(j, f, sizeof f));
    v->n++;
    rotas_diags_add(v->d, _("%s: %s: expected %s, found %s"), v->path, where, what,
                    rotas__json_found(j, f, sizeof f));
}

static int researcher_of(const rotas_researchers_data *r, const json_t *j)
{
    if (!json_is_string(j))
        return -1;
    for (size_t i = 0; i < r->n_researchers; i++)
        if (!strcmp(r->researchers[i].id, json_string_value(j)))
            return (int)i;
    return -1;
}

static int school_of(const rotas_county *c, const json_t *j)
{
    return json_is_string(j) ? rotas_county_school(c, json_string_value(j)) : -1;
}

static int subject_of(const rotas_county *c, const json_t *j)
{
    return json_is_string(j) ? rotas_county_subject(c, json_string_value(j)) : -1;
}

static double dnum(const json_t *j)
{
    return json_is_number(j) ? json_number_value(j) : NAN;
}

static int hm(const json_t *j)
{
    int h, m;
    if (!json_is_string(j) || sscanf(json_string_value(j), "%d:%d", &h, &m) != 2)
        return -1;
    return h * 60 + m;
}

rotas_rc rotas_researchers_read_json(rotas_researchers_result **out, const char *path,
                                     const rotas_county *c, const rotas_researchers_data *r,
                                     rotas_diags *d, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    json_error_t je;
    rd v = {d, 0, path, ""};
    char p[160];
    rotas_researchers_result *res = calloc(1, sizeof *res);
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je), *j;
    if (!res) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    if (!root) {
        rc = rotas_error_set(err, ROTAS_EINPUT, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        goto done;
    }
    j = json_object_get(root, "format");
    if (!json_is_string(j) || strcmp(json_string_value(j), ROTAS_FORMAT_RESEARCHERS)) {
        bad_at(&v, "format", "\"" ROTAS_FORMAT_RESEARCHERS "\"", j);
        goto done;
    }
    json_t *term = json_object_get(root, "term");
    if (rotas_day_parse(json_string_value(json_object_get(term, "start")), &res->term_start) ||
        rotas_day_parse(json_string_value(json_object_get(term, "end")), &res->term_end))
        bad_at(&v, "term", _("{\"start\": date, \"end\": date}"), term);
    json_t *pa = json_object_get(root, "params");
    j = json_object_get(pa, "min_links");
    res->min_links = json_is_integer(j) ? (int)json_integer_value(j) : 2;
    j = json_object_get(pa, "min_visits");
    res->min_visits =
        json_is_integer(j) && json_integer_value(j) > 0 ? (int)json_integer_value(j) : 5;
    j = json_object_get(pa, "subjects_per_school");
    res->subjects_per_school = json_is_integer(j) ? (int)json_integer_value(j) : 1;
    j = json_object_get(pa, "weak_source");
    res->weak_source = rotas_strdup(json_is_string(j) ? json_string_value(j) : "given");
    int st = rotas_status_parse(json_string_value(json_object_get(root, "status")));
    res->status = st < 0 ? ROTAS_STATUS_FEASIBLE : (rotas_status)st;
    res->objective = dnum(json_object_get(root, "objective"));
    res->bound = dnum(json_object_get(root, "bound"));
    res->gap = dnum(json_object_get(root, "gap"));
    res->seconds = dnum(json_object_get(root, "seconds"));
    json_t *cal = json_object_get(root, "calendar");
    st = rotas_status_parse(json_string_value(json_object_get(cal, "status")));
    res->calendar_status = st < 0 ? ROTAS_STATUS_FEASIBLE : (rotas_status)st;
    res->calendar_objective = dnum(json_object_get(cal, "objective"));
    res->calendar_bound = dnum(json_object_get(cal, "bound"));
    res->calendar_gap = dnum(json_object_get(cal, "gap"));
    j = json_object_get(root, "county");
    res->county = json_is_string(j) ? rotas_strdup(json_string_value(j)) : NULL;

    json_t *links = json_object_get(root, "links");
    if (!json_is_array(links)) {
        bad_at(&v, "links", _("an array of links"), links);
        goto done;
    }
    size_t nl = json_array_size(links), nv = 0;
    for (size_t l = 0; l < nl; l++)
        nv += json_array_size(json_object_get(json_array_get(links, l), "visits"));
    res->links = calloc(nl + 1, sizeof *res->links);
    res->visits = calloc(nv + 1, sizeof *res->visits);
    if (!res->links || !res->visits) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    for (size_t l = 0; l < nl; l++) {
        json_t *L = json_array_get(links, l);
        rotas_rlink *K = &res->links[res->n_links];
        K->researcher = researcher_of(r, json_object_get(L, "researcher"));
        K->school = school_of(c, json_object_get(L, "school"));
        K->subject = subject_of(c, json_object_get(L, "subject"));
        snprintf(p, sizeof p, "links[%zu]", l);
        if (K->researcher < 0) {
            snprintf(p, sizeof p, "links[%zu].researcher", l);
            bad_at(&v, p, _("the id of a researcher in the county's researchers[]"),
                   json_object_get(L, "researcher"));
            continue;
        }
        if (K->school < 0) {
            snprintf(p, sizeof p, "links[%zu].school", l);
            bad_at(&v, p, _("the id of a school in the county"), json_object_get(L, "school"));
            continue;
        }
        if (K->subject < 0) {
            snprintf(p, sizeof p, "links[%zu].subject", l);
            bad_at(&v, p, _("the id of a subject in the county"), json_object_get(L, "subject"));
            continue;
        }
        K->km = dnum(json_object_get(L, "km"));
        j = json_object_get(L, "weak_rank");
        K->weak_rank = json_is_integer(j) ? (int)json_integer_value(j) : 0;
        json_t *rdj = json_object_get(L, "research_day");
        K->research_day = -1;
        if (json_is_object(rdj)) {
            j = json_object_get(rdj, "weekday");
            K->research_day = json_is_integer(j) ? (int)json_integer_value(j) - 1 : -1;
            K->research_start = hm(json_object_get(rdj, "start"));
            K->research_end = hm(json_object_get(rdj, "end"));
        }
        json_t *vs = json_object_get(L, "visits");
        for (size_t k = 0; k < json_array_size(vs); k++) {
            int dd;
            if (rotas_day_parse(json_string_value(json_array_get(vs, k)), &dd) != 0) {
                snprintf(p, sizeof p, "links[%zu].visits[%zu]", l, k);
                bad_at(&v, p, _("a date \"YYYY-MM-DD\""), json_array_get(vs, k));
                continue;
            }
            res->visits[res->n_visits++] = (rotas_rvisit){(int)res->n_links, dd};
        }
        res->n_links++;
    }
    json_t *weak = json_object_get(root, "weak");
    res->weak = calloc(json_array_size(weak) + 1, sizeof *res->weak);
    json_t *unl = json_object_get(root, "unlinked"), *unc = json_object_get(root, "uncovered"),
           *sh = json_object_get(root, "shortfalls");
    res->unlinked = calloc(json_array_size(unl) + 1, sizeof *res->unlinked);
    res->uncovered = calloc(2 * json_array_size(unc) + 2, sizeof *res->uncovered);
    res->shortfalls = calloc(json_array_size(sh) + 1, sizeof *res->shortfalls);
    if (!res->weak || !res->unlinked || !res->uncovered || !res->shortfalls) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    for (size_t i = 0; i < json_array_size(weak); i++) {
        json_t *W = json_array_get(weak, i), *s = json_object_get(W, "subjects"),
               *pp = json_object_get(W, "periods");
        rotas_rweak *X = &res->weak[res->n_weak];
        X->school = school_of(c, json_object_get(W, "school"));
        if (X->school < 0) {
            snprintf(p, sizeof p, "weak[%zu].school", i);
            bad_at(&v, p, _("the id of a school in the county"), json_object_get(W, "school"));
            continue;
        }
        size_t n = json_array_size(s);
        X->subjects = calloc(n + 1, sizeof *X->subjects);
        X->periods = calloc(n + 1, sizeof *X->periods);
        res->n_weak++;
        if (!X->subjects || !X->periods) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
            goto done;
        }
        for (size_t k = 0; k < n; k++) {
            int sj = subject_of(c, json_array_get(s, k));
            if (sj < 0) {
                snprintf(p, sizeof p, "weak[%zu].subjects[%zu]", i, k);
                bad_at(&v, p, _("the id of a subject in the county"), json_array_get(s, k));
                continue;
            }
            X->periods[X->n_subjects] = dnum(json_array_get(pp, k));
            X->subjects[X->n_subjects++] = sj;
        }
    }
    for (size_t i = 0; i < json_array_size(unl); i++) {
        int s = school_of(c, json_array_get(unl, i));
        snprintf(p, sizeof p, "unlinked[%zu]", i);
        if (s < 0)
            bad_at(&v, p, _("the id of a school in the county"), json_array_get(unl, i));
        else
            res->unlinked[res->n_unlinked++] = s;
    }
    for (size_t i = 0; i < json_array_size(unc); i++) {
        json_t *U = json_array_get(unc, i);
        int s = school_of(c, json_object_get(U, "school")),
            sj = subject_of(c, json_object_get(U, "subject"));
        snprintf(p, sizeof p, "uncovered[%zu]", i);
        if (s < 0 || sj < 0) {
            bad_at(&v, p, _("{\"school\": a school id, \"subject\": a subject id}"), U);
            continue;
        }
        res->uncovered[2 * res->n_uncovered] = s;
        res->uncovered[2 * res->n_uncovered + 1] = sj;
        res->n_uncovered++;
    }
    for (size_t i = 0; i < json_array_size(sh); i++) {
        json_t *S = json_array_get(sh, i);
        int pr = researcher_of(r, json_object_get(S, "researcher"));
        int s = school_of(c, json_object_get(S, "school")),
            sj = subject_of(c, json_object_get(S, "subject"));
        json_t *m = json_object_get(S, "missing");
        int link = -1;
        for (size_t l = 0; l < res->n_links; l++)
            if (res->links[l].researcher == pr && res->links[l].school == s &&
                res->links[l].subject == sj)
                link = (int)l;
        snprintf(p, sizeof p, "shortfalls[%zu]", i);
        if (link < 0 || !json_is_integer(m)) {
            bad_at(&v, p,
                   _("{\"researcher\", \"school\", \"subject\"} of a link in links[] and "
                     "\"missing\" (an integer)"),
                   S);
            continue;
        }
        res->shortfalls[res->n_shortfalls++] = (rotas_rshort){link, (int)json_integer_value(m)};
    }
    json_t *sm = json_object_get(root, "summary");
    j = json_object_get(sm, "same_week");
    res->same_week = json_is_integer(j) ? (int)json_integer_value(j) : -1;
    j = json_object_get(sm, "spread_missing");
    res->spread_missing = json_is_integer(j) ? (int)json_integer_value(j) : -1;
    j = json_object_get(sm, "max_load");
    res->max_load = json_is_integer(j) ? (int)json_integer_value(j) : -1;
    j = json_object_get(sm, "min_load");
    res->min_load = json_is_integer(j) ? (int)json_integer_value(j) : -1;
    res->km = dnum(json_object_get(sm, "km"));
done:
    if (rc == ROTAS_OK && v.n)
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             P_("%zu problem; first: %s", "%zu problems; first: %s", v.n), v.n,
                             v.first);
    json_decref(root);
    if (rc == ROTAS_OK) {
        *out = res;
        res = NULL;
    }
    rotas_researchers_result_free(res);
    return rc;
}
