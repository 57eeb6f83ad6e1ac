/* simulate_json.c - rotas-simulation/1 writer and rotas-hires/1 reader (jansson). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/outfile.h"
#include "rotas/simulate.h"

static json_t *num(double x)
{
    if (!isfinite(x))
        return json_null();
    return json_real(round(x * 1e6) / 1e6);
}

static json_t *ind_row(const rotas_indicator_row *r)
{
    static const char *const names[ROTAS_IND_COUNT] = {"degree", "key", "pe_arts"};
    json_t *o = json_object();
    for (int k = 0; o && k < ROTAS_IND_COUNT; k++)
        json_object_set_new(o, names[k],
                            json_pack("{s:o, s:o}", "mean", num(r->mean[k]), "cv", num(r->cv[k])));
    return o ? o : json_null();
}

char *rotas_simulation_dump_json(const rotas_simulation *s)
{
    json_t *doc = json_object(), *years = json_array();
    char *text = NULL;
    if (!doc || !years) {
        json_decref(years);
        goto done;
    }
    json_object_set_new(doc, "format", json_string(ROTAS_FORMAT_SIMULATION));
    json_object_set_new(doc, "first_year", json_integer(s->first_year));
    json_object_set_new(doc, "seed", json_integer((json_int_t)s->seed));
    json_object_set_new(doc, "return_after_exchange", json_boolean(s->return_after_exchange));
    json_object_set_new(doc, "failed_years", json_integer((json_int_t)s->n_failed));
    json_object_set_new(doc, "years", years);
    for (size_t i = 0; i < s->n_years; i++) {
        const rotas_sim_year *y = &s->years[i];
        json_t *o = json_object(), *subj = json_object(), *area = json_object(),
               *ind = json_object();
        if (!o || !subj || !area || !ind) {
            json_decref(o);
            json_decref(subj);
            json_decref(area);
            json_decref(ind);
            goto done;
        }
        for (size_t b = 0; b < s->n_subjects; b++)
            if (y->unfilled_subject[b] > 0)
                json_object_set_new(subj, s->subject_ids[b], num(y->unfilled_subject[b]));
        for (int a = 0; a < 3; a++)
            json_object_set_new(area, rotas_area_name((rotas_area)a), num(y->unfilled_area[a]));
        json_object_set_new(ind, "primary", ind_row(&y->after.primary));
        json_object_set_new(ind, "junior", ind_row(&y->after.junior));
        json_object_set_new(ind, "county", ind_row(&y->after.county));
        json_object_set_new(o, "year", json_integer(y->year));
        json_object_set_new(o, "teachers", json_integer(y->teachers));
        json_object_set_new(o, "retirements", json_integer(y->retirements));
        json_object_set_new(o, "hires", json_integer(y->hires));
        json_object_set_new(o, "returns", json_integer(y->returns));
        json_object_set_new(o, "leaders_past_line", num(y->leaders_past_line));
        json_object_set_new(o, "moves", json_integer(y->moves));
        json_object_set_new(o, "key_moved", json_integer(y->key_moved));
        json_object_set_new(o, "km", num(y->km));
        json_object_set_new(o, "unfilled_before", num(y->unfilled_before));
        json_object_set_new(o, "unfilled_after", num(y->unfilled_after));
        json_object_set_new(o, "unfilled_by_subject", subj);
        json_object_set_new(o, "unfilled_by_area", area);
        json_object_set_new(o, "indicators_after", ind);
        json_object_set_new(o, "status", json_string(rotas_status_name(y->status)));
        json_object_set_new(o, "gap", num(y->gap));
        if (y->failed) {
            /* no plan: what a plan would have said is unknown, not zero */
            static const char *const planned[] = {"moves",
                                                  "key_moved",
                                                  "km",
                                                  "unfilled_before",
                                                  "unfilled_after",
                                                  "unfilled_by_subject",
                                                  "unfilled_by_area",
                                                  "indicators_after",
                                                  "gap"};
            for (size_t k = 0; k < sizeof planned / sizeof *planned; k++)
                json_object_set_new(o, planned[k], json_null());
            json_object_set_new(o, "status", json_string("failed"));
            json_t *e = json_string(y->error); /* NULL if cut inside a character */
            json_object_set_new(o, "error", e ? e : json_string("the planner returned no plan"));
        }
        if (json_array_append_new(years, o) != 0)
            goto done;
    }
    text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10));
done:
    json_decref(doc);
    return text;
}

rotas_rc rotas_simulation_write_json(const rotas_simulation *s, const char *path, rotas_error *err)
{
    char *text = rotas_simulation_dump_json(s);
    if (!text)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    size_t len = strlen(text);
    text[len] = '\n'; /* a final newline in place of the NUL */
    rotas_rc rc = rotas_outfile_write(path, text, len + 1, err);
    free(text);
    return rc;
}

/* ------------------------------------------------------------------ hires */

static void bad(rotas_diags *d, size_t *n, const char *path, const char *want, json_t *v)
{
    char f[96];
    if (!v)
        snprintf(f, sizeof f, "nothing");
    else if (json_is_string(v))
        snprintf(f, sizeof f, "\"%.60s\"", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(f, sizeof f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        snprintf(f, sizeof f, "a %s",
                 json_is_array(v)    ? "list"
                 : json_is_object(v) ? "object"
                                     : "value");
    rotas_diags_add(d, _("%s: expected %s, found %s"), path, want, f);
    (*n)++;
}

rotas_rc rotas_sim_hires_read_json(rotas_sim_hires *out, const char *path, const rotas_county *c,
                                   rotas_diags *diags, rotas_error *err)
{
    json_error_t je;
    size_t nbad = 0, cap = 0;
    rotas_sim_hires h = {0};
    rotas_rc rc = ROTAS_OK;
    memset(out, 0, sizeof *out);
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        rotas_diags_add(diags, _("line %d, column %d: %s"), je.line, je.column, je.text);
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: line %d, column %d: %s"), path, je.line,
                               je.column, je.text);
    }
    json_t *fmt = json_object_get(root, "format");
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), ROTAS_FORMAT_HIRES))
        bad(diags, &nbad, "format", "\"" ROTAS_FORMAT_HIRES "\"", fmt);
    json_t *years = json_object_get(root, "years");
    if (!json_is_array(years))
        bad(diags, &nbad, "years", _("an array of {year, hires}"), years);
    size_t i, j;
    json_t *y, *x;
    json_array_foreach(years, i, y)
    {
        char p[64];
        snprintf(p, sizeof p, "years[%zu].year", i);
        json_t *yr = json_object_get(y, "year");
        if (!json_is_integer(yr) || json_integer_value(yr) < 1900 || json_integer_value(yr) > 2200)
            bad(diags, &nbad, p, _("a year"), yr);
        snprintf(p, sizeof p, "years[%zu].hires", i);
        json_t *hs = json_object_get(y, "hires");
        if (!json_is_array(hs))
            bad(diags, &nbad, p, _("an array of hires"), hs);
        json_array_foreach(hs, j, x)
        {
            char q[96];
            rotas_sim_hire one = {.year = (int)json_integer_value(yr), .school = -1, .cluster = -1};
            json_t *v = json_object_get(x, "subject");
            snprintf(q, sizeof q, "years[%zu].hires[%zu].subject", i, j);
            one.subject = json_is_string(v) ? rotas_county_subject(c, json_string_value(v)) : -1;
            if (one.subject < 0)
                bad(diags, &nbad, q, _("a subject id"), v);
            json_t *sc = json_object_get(x, "school"), *cl = json_object_get(x, "cluster");
            if (sc) {
                snprintf(q, sizeof q, "years[%zu].hires[%zu].school", i, j);
                one.school =
                    json_is_string(sc) ? rotas_county_school(c, json_string_value(sc)) : -1;
                if (one.school < 0)
                    bad(diags, &nbad, q, _("a school id"), sc);
            } else {
                snprintf(q, sizeof q, "years[%zu].hires[%zu].cluster", i, j);
                one.cluster =
                    json_is_string(cl) ? rotas_county_cluster(c, json_string_value(cl)) : -1;
                if (one.cluster < 0)
                    bad(diags, &nbad, q, _("a cluster id (or a school)"), cl);
            }
            v = json_object_get(x, "count");
            snprintf(q, sizeof q, "years[%zu].hires[%zu].count", i, j);
            if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 10000)
                bad(diags, &nbad, q, _("an integer from 1 to 10000"), v);
            else
                one.count = (int)json_integer_value(v);
            if (h.n == cap) {
                cap = cap ? 2 * cap : 16;
                rotas_sim_hire *ni = realloc(h.items, cap * sizeof *ni);
                if (!ni) {
                    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
                    goto done;
                }
                h.items = ni;
            }
            h.items[h.n++] = one;
        }
    }
    if (nbad)
        rc = rotas_error_set(err, ROTAS_EINPUT, P_("%s: %zu error", "%s: %zu errors", nbad), path,
                             nbad);
done:
    json_decref(root);
    if (rc != ROTAS_OK)
        rotas_sim_hires_clear(&h);
    else
        *out = h;
    return rc;
}
