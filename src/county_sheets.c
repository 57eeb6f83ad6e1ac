/*
 * county_tables.c - a county as the tables of a CSV folder (one per file, the reader's
 * columns), for `rotas export --csv` and `--xlsx`: the inverse of the CSV reader, read off the
 * county's rotas-county/1 document so that every field the writer keeps comes along. Lists are
 * joined with ';', null and absent are empty cells, extra fields become extra columns.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/json.h"
#include "sheet_int.h"

/* The text of a value as the CSV reader reads it back. */
static void cell_text(const json_t *v, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!v || json_is_null(v))
        return;
    if (json_is_string(v))
        snprintf(buf, n, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(buf, n, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) { /* the shortest form that reads back the same */
        double x = json_real_value(v);
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, n, "%.*g", prec, x);
            if (strtod(buf, NULL) == x)
                break;
        }
    } else if (json_is_true(v))
        snprintf(buf, n, "true");
    else if (json_is_false(v))
        snprintf(buf, n, "false");
    else if (json_is_array(v)) {
        size_t i, used = 0;
        const json_t *e;
        json_array_foreach(v, i, e)
        {
            char one[256];
            cell_text(e, one, sizeof one);
            int w = snprintf(buf + used, n - used, "%s%s", i ? ";" : "", one);
            if (w < 0 || (size_t)w >= n - used)
                break;
            used += (size_t)w;
        }
    } else {
        char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
        snprintf(buf, n, "%s", s ? s : "");
        free(s);
    }
}

/* Rows of table i from the objects in rows[] (with the parent id in column parent_col when
   parent_ids is given). Columns: the known ones present in any row, in the reader's order,
   then the extra keys in first-seen order. skip: a key not to write (a nested array). */
static void fill(rotas__sheet_builder *b, int i, json_t *objs, json_t *parent_ids,
                 const char *parent_col, const char *const *skip, int zh)
{
    const char *known[32];
    size_t n_known = rotas__sheet_columns(i, known, 32);
    const char *cols[96];
    size_t n_cols = 0;
    size_t k;
    json_t *o;
    const char *key;
    json_t *v;
    for (size_t c = 0; c < n_known; c++) {
        int used = parent_col && !strcmp(known[c], parent_col);
        json_array_foreach(objs, k, o) used |= json_object_get(o, known[c]) != NULL;
        /* every known column when there are no rows, so that the header shows them */
        if (used || json_array_size(objs) == 0)
            cols[n_cols++] = known[c];
    }
    json_array_foreach(objs, k, o)
    {
        json_object_foreach(o, key, v)
        {
            int seen = 0;
            for (size_t c = 0; c < n_cols && !seen; c++)
                seen = !strcmp(cols[c], key);
            for (size_t q = 0; skip && skip[q] && !seen; q++)
                seen = !strcmp(skip[q], key);
            for (size_t c = 0; c < n_known && !seen; c++)
                seen = !strcmp(known[c], key);
            if (!seen && n_cols < 96)
                cols[n_cols++] = key;
        }
    }
    rotas__sb_row_start(b, 1);
    for (size_t c = 0; c < n_cols; c++) {
        const char *h = zh ? rotas__column_zh(rotas__sheet_stem(i), cols[c]) : NULL;
        rotas__sb_put(b, c, h ? h : cols[c], strlen(h ? h : cols[c]));
    }
    rotas__sb_row_end(b);
    json_array_foreach(objs, k, o)
    {
        rotas__sb_row_start(b, k + 2);
        for (size_t c = 0; c < n_cols; c++) {
            char buf[4096];
            if (parent_col && !strcmp(cols[c], parent_col))
                cell_text(json_array_get(parent_ids, k), buf, sizeof buf);
            else
                cell_text(json_object_get(o, cols[c]), buf, sizeof buf);
            rotas__sb_put(b, c, buf, strlen(buf));
        }
        rotas__sb_row_end(b);
    }
}

/* Flatten the nested arrays (classes, bells and rooms of schools, unavailable of classes and
   teachers) into objects carrying their parents, and the together pairs into teacher2. */
static int flatten(json_t *root, json_t *out[], json_t *parents[])
{
    size_t i, k;
    json_t *s, *cl, *t, *blk;
    json_t *classes = out[0], *bells = out[1], *cun = out[2], *tun = out[3], *rooms = out[4];
    json_t *cls_par = parents[0], *bell_par = parents[1], *room_par = parents[2];
    int bad = 0;
    json_array_foreach(json_object_get(root, "schools"), i, s)
    {
        json_t *sid = json_object_get(s, "id");
        json_array_foreach(json_object_get(s, "classes"), k, cl)
        {
            json_t *c2 = json_deep_copy(cl);
            size_t u;
            json_array_foreach(json_object_get(cl, "unavailable"), u, blk)
            {
                json_t *b2 = json_deep_copy(blk);
                bad |= !b2 || json_object_set(b2, "school", sid) ||
                       json_object_set(b2, "class", json_object_get(cl, "id")) ||
                       json_array_append_new(cun, b2);
            }
            if (c2)
                json_object_del(c2, "unavailable"); /* absent is fine */
            bad |= !c2 || json_array_append_new(classes, c2) || json_array_append(cls_par, sid);
        }
        json_array_foreach(json_object_get(s, "bell"), k, blk)
        {
            json_t *b2 = json_deep_copy(blk);
            bad |= !b2 || json_object_set_new(b2, "period", json_integer((json_int_t)k + 1)) ||
                   json_array_append_new(bells, b2) || json_array_append(bell_par, sid);
        }
        json_array_foreach(json_object_get(s, "rooms"), k, blk)
        {
            json_t *r2 = json_deep_copy(blk);
            bad |= !r2 || json_array_append_new(rooms, r2) || json_array_append(room_par, sid);
        }
    }
    json_array_foreach(json_object_get(root, "teachers"), i, t)
    {
        json_array_foreach(json_object_get(t, "unavailable"), k, blk)
        {
            json_t *b2 = json_deep_copy(blk);
            bad |= !b2 || json_object_set(b2, "teacher", json_object_get(t, "id")) ||
                   json_array_append_new(tun, b2);
        }
    }
    json_array_foreach(json_object_get(root, "decisions"), i, t)
    {
        json_t *pair = json_object_get(t, "teachers");
        if (json_is_array(pair) && json_array_size(pair) == 2) {
            bad |= json_object_set(t, "teacher", json_array_get(pair, 0)) ||
                   json_object_set(t, "teacher2", json_array_get(pair, 1)) ||
                   json_object_del(t, "teachers");
        }
    }
    return bad;
}

rotas_rc rotas__county_to_sheets(rotas__sheet **out, size_t *n_out, const rotas_county *c, int zh,
                                 rotas_error *err)
{
    char *doc = rotas_county_dump_json(c);
    json_t *root = doc ? json_loads(doc, 0, NULL) : NULL;
    size_t n = (size_t)rotas__sheet_count();
    rotas__sheet *t = calloc(n, sizeof *t);
    json_t *flat[5] = {json_array(), json_array(), json_array(), json_array(), json_array()};
    json_t *par[3] = {json_array(), json_array(), json_array()}, *empty = json_array();
    rotas_rc rc = ROTAS_OK;
    free(doc);
    *out = NULL;
    *n_out = 0;
    if (!root || !t || !empty || !flat[0] || !flat[1] || !flat[2] || !flat[3] || !flat[4] ||
        !par[0] || !par[1] || !par[2] || flatten(root, flat, par)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    static const char *const school_skip[] = {"classes", "bell", "rooms", NULL};
    static const char *const teacher_skip[] = {"unavailable", NULL};
    static const char *const class_skip[] = {"unavailable", NULL};
    for (size_t i = 0; i < n; i++) {
        rotas__sheet_builder b = {.s = &t[i]};
        const char *stem = rotas__sheet_stem((int)i);
        const char *name = zh ? rotas__sheet_zh((int)i) : stem;
        if (!(t[i].name = rotas_strdup(name))) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
            goto done;
        }
        json_t *objs = json_object_get(root, stem);
        if (!strcmp(stem, "county")) {
            json_t *one = json_array(), *o = json_object();
            json_object_set(o, "name", json_object_get(root, "name"));
            json_object_set(o, "year", json_object_get(root, "year"));
            /* the county's other top-level keys (researchers, vehicles ...), as JSON text */
            if (c->extra && *c->extra && strcmp(c->extra, "{}") != 0)
                json_object_set_new(o, "extra", json_string(c->extra));
            json_array_append_new(one, o);
            fill(&b, (int)i, one, NULL, NULL, NULL, zh);
            json_decref(one);
        } else if (!strcmp(stem, "classes"))
            fill(&b, (int)i, flat[0], par[0], "school", class_skip, zh);
        else if (!strcmp(stem, "bells"))
            fill(&b, (int)i, flat[1], par[1], "school", NULL, zh);
        else if (!strcmp(stem, "rooms"))
            fill(&b, (int)i, flat[4], par[2], "school", NULL, zh);
        else if (!strcmp(stem, "class_unavailable"))
            fill(&b, (int)i, flat[2], NULL, NULL, NULL, zh);
        else if (!strcmp(stem, "teacher_unavailable"))
            fill(&b, (int)i, flat[3], NULL, NULL, NULL, zh);
        else
            fill(&b, (int)i, objs ? objs : empty, NULL, NULL,
                 !strcmp(stem, "schools")    ? school_skip
                 : !strcmp(stem, "teachers") ? teacher_skip
                                             : NULL,
                 zh);
        int bad = rotas__sb_finish(&b);
        free(b.off);
        if (bad) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
            goto done;
        }
    }
    *out = t;
    *n_out = n;
    t = NULL;
done:
    rotas__sheets_free(t, n);
    for (int q = 0; q < 5; q++)
        json_decref(flat[q]);
    for (int q = 0; q < 3; q++)
        json_decref(par[q]);
    json_decref(empty);
    json_decref(root);
    return rc;
}
