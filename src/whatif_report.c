/*
 * whatif_report.c - rotas-whatif/1 rows as JSON (to and from), the results document, the CSV
 * (UTF-8 with BOM, for Excel) and the readable table. A JSON reader/writer: knows jansson.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "csv_cell_int.h"
#include "rotas/outfile.h"
#include "rotas/plan.h"
#include "rotas/whatif.h"

static const char *const stage_names[3] = {"primary", "junior", "county"};
static const char *const ind_names[3] = {"degree", "key", "pe_arts"};

static json_t *num(double x)
{
    if (!isfinite(x))
        return json_null();
    /* 6 significant decimals keep files readable and stable */
    return json_real(round(x * 1e6) / 1e6);
}

char *rotas_whatif_row_to_json(const rotas_whatif_row *r)
{
    json_t *o = json_object(), *subj = json_object(), *area = json_object(), *ind = json_object(),
           *tt = json_object(), *solver = json_object();
    char *text = NULL;
    if (!o || !subj || !area || !ind || !tt || !solver)
        goto done;
    for (size_t i = 0; i < r->n_unfilled_subject; i++)
        json_object_set_new(subj, r->unfilled_subject[i].subject,
                            num(r->unfilled_subject[i].periods));
    for (int a = 0; a < 3; a++)
        json_object_set_new(area, rotas_area_name((rotas_area)a), num(r->unfilled_area[a]));
    for (int st = 0; st < 3; st++) {
        json_t *row = json_object();
        for (int k = 0; row && k < 3; k++)
            json_object_set_new(row, ind_names[k],
                                json_pack("{s:o, s:o}", "mean", num(r->ind_mean[st][k]), "cv",
                                          num(r->ind_cv[st][k])));
        json_object_set_new(ind, stage_names[st], row ? row : json_null());
    }
    json_object_set_new(tt, "clusters", json_integer(r->tt_clusters));
    json_object_set_new(tt, "unscheduled", json_integer(r->tt_unscheduled));
    json_object_set_new(tt, "km", num(r->tt_km));
    json_object_set_new(solver, "status",
                        r->plan_status[0] ? json_string(r->plan_status) : json_null());
    json_object_set_new(solver, "gap", num(r->gap));
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "hash", json_string(r->hash));
    json_object_set_new(o, "status", json_string(r->status));
    json_object_set_new(o, "cached", json_boolean(r->cached));
    json_object_set_new(o, "seconds", num(r->seconds));
    json_object_set_new(o, "year", json_integer(r->year));
    json_object_set_new(o, "moves", json_integer(r->moves));
    json_object_set_new(o, "key_moved", json_integer(r->key_moved));
    json_object_set_new(o, "unfilled_before", num(r->unfilled_before));
    json_object_set_new(o, "unfilled_after", num(r->unfilled_after));
    json_object_set_new(o, "unfilled_by_subject", subj);
    json_object_set_new(o, "unfilled_by_area", area);
    json_object_set_new(o, "indicators_after", ind);
    json_object_set_new(o, "km", num(r->km));
    json_object_set_new(o, "timetable", tt);
    json_object_set_new(o, "solver", solver);
    json_object_set_new(o, "error", r->error[0] ? json_string(r->error) : json_null());
    subj = area = ind = tt = solver = NULL;
    text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(10));
done:
    json_decref(o);
    json_decref(subj);
    json_decref(area);
    json_decref(ind);
    json_decref(tt);
    json_decref(solver);
    return text;
}

static double getn(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : 0.0;
}

static void get_s(json_t *o, const char *k, char *buf, size_t n)
{
    json_t *v = json_object_get(o, k);
    snprintf(buf, n, "%s", json_is_string(v) ? json_string_value(v) : "");
}

static rotas_rc row_from_obj(rotas_whatif_row *r, json_t *o, rotas_error *err)
{
    memset(r, 0, sizeof *r);
    if (!json_is_object(o) || !json_is_string(json_object_get(o, "name")) ||
        !json_is_string(json_object_get(o, "status")))
        return rotas_error_set(err, ROTAS_EINPUT, "a what-if row needs name and status");
    get_s(o, "name", r->name, sizeof r->name);
    get_s(o, "hash", r->hash, sizeof r->hash);
    get_s(o, "status", r->status, sizeof r->status);
    get_s(o, "error", r->error, sizeof r->error);
    r->cached = json_is_true(json_object_get(o, "cached"));
    r->seconds = getn(o, "seconds");
    r->year = (int)getn(o, "year");
    r->moves = (int)getn(o, "moves");
    r->key_moved = (int)getn(o, "key_moved");
    r->unfilled_before = getn(o, "unfilled_before");
    r->unfilled_after = getn(o, "unfilled_after");
    r->km = getn(o, "km");
    json_t *subj = json_object_get(o, "unfilled_by_subject");
    const char *k;
    json_t *v;
    json_object_foreach(subj, k, v)
    {
        if (r->n_unfilled_subject >= ROTAS_WHATIF_MAX_SUBJECTS)
            break;
        snprintf(r->unfilled_subject[r->n_unfilled_subject].subject,
                 sizeof r->unfilled_subject[0].subject, "%s", k);
        r->unfilled_subject[r->n_unfilled_subject++].periods =
            json_is_number(v) ? json_number_value(v) : 0;
    }
    json_t *area = json_object_get(o, "unfilled_by_area");
    for (int a = 0; a < 3; a++)
        r->unfilled_area[a] = getn(area, rotas_area_name((rotas_area)a));
    json_t *ind = json_object_get(o, "indicators_after");
    for (int st = 0; st < 3; st++) {
        json_t *row = json_object_get(ind, stage_names[st]);
        for (int i = 0; i < 3; i++) {
            json_t *cell = json_object_get(row, ind_names[i]);
            r->ind_mean[st][i] = getn(cell, "mean");
            r->ind_cv[st][i] = getn(cell, "cv");
        }
    }
    json_t *tt = json_object_get(o, "timetable");
    r->tt_clusters = (int)getn(tt, "clusters");
    r->tt_unscheduled = (int)getn(tt, "unscheduled");
    r->tt_km = getn(tt, "km");
    json_t *solver = json_object_get(o, "solver");
    get_s(solver, "status", r->plan_status, sizeof r->plan_status);
    r->gap = getn(solver, "gap");
    return ROTAS_OK;
}

rotas_rc rotas_whatif_row_from_json(rotas_whatif_row *out, const char *json, rotas_error *err)
{
    json_error_t je;
    json_t *o = json_loads(json ? json : "", 0, &je);
    if (!o)
        return rotas_error_set(err, ROTAS_EINPUT, "what-if row: line %d: %s", je.line, je.text);
    rotas_rc rc = row_from_obj(out, o, err);
    json_decref(o);
    return rc;
}

/* ------------------------------------------------------------------ CSV */

static void file_put(void *ctx, const char *bytes, size_t n)
{
    fwrite(bytes, 1, n, ctx);
}

/* A text cell (csv_cell_int.h: quoted as needed, never a formula). */
static void csv_field(FILE *f, const char *s)
{
    rotas__csv_cell(s, 1, file_put, f);
}

static void write_csv(FILE *f, const rotas_whatif_row *rows, size_t n)
{
    fputs("\xEF\xBB\xBF", f);
    fputs("name,status,cached,seconds,year,moves,key_moved,unfilled_before,unfilled_after,"
          "unfilled_urban,unfilled_town,unfilled_rural,unfilled_by_subject,"
          "cv_degree_primary,cv_key_primary,cv_pe_arts_primary,"
          "cv_degree_junior,cv_key_junior,cv_pe_arts_junior,"
          "key_per100_county,km,tt_clusters,tt_unscheduled,tt_km,solver_status,gap,error\r\n",
          f);
    for (size_t i = 0; i < n; i++) {
        const rotas_whatif_row *r = &rows[i];
        char subj[2048] = "";
        for (size_t k = 0; k < r->n_unfilled_subject; k++) {
            size_t l = strlen(subj);
            snprintf(subj + l, sizeof subj - l, "%s%s:%g", k ? ";" : "",
                     r->unfilled_subject[k].subject, r->unfilled_subject[k].periods);
        }
        csv_field(f, r->name);
        fprintf(f, ",%s,%s,%.2f,%d,%d,%d,%g,%g,%g,%g,%g,", r->status, r->cached ? "true" : "false",
                r->seconds, r->year, r->moves, r->key_moved, r->unfilled_before, r->unfilled_after,
                r->unfilled_area[0], r->unfilled_area[1], r->unfilled_area[2]);
        csv_field(f, subj);
        for (int st = 0; st < 2; st++)
            for (int k = 0; k < 3; k++)
                fprintf(f, ",%.4f", r->ind_cv[st][k]);
        fprintf(f, ",%.4f,%.1f,%d,%d,%.1f,%s,%.4f,", r->ind_mean[2][ROTAS_IND_KEY], r->km,
                r->tt_clusters, r->tt_unscheduled, r->tt_km, r->plan_status, r->gap);
        csv_field(f, r->error);
        fputs("\r\n", f);
    }
}

/* ------------------------------------------------------------------ the table */

/* Display width of UTF-8 text: East Asian wide characters count 2. */
static size_t disp_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        int len;
        if (*p < 0x80) {
            cp = *p;
            len = 1;
        } else if ((*p & 0xE0) == 0xC0) {
            cp = *p & 0x1F;
            len = 2;
        } else if ((*p & 0xF0) == 0xE0) {
            cp = *p & 0x0F;
            len = 3;
        } else {
            cp = *p & 0x07;
            len = 4;
        }
        int i = 1;
        for (; i < len && (p[i] & 0xC0) == 0x80; i++)
            cp = (cp << 6) | (p[i] & 0x3F);
        p += i;
        if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
            (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
            (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
            (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
            w += 2;
        else
            w += 1;
    }
    return w;
}

enum { NCOL = 10 };

static void put_cell(FILE *f, const char *s, size_t width, int right)
{
    size_t w = disp_width(s);
    size_t pad = width > w ? width - w : 0;
    if (right)
        for (size_t i = 0; i < pad; i++)
            fputc(' ', f);
    fputs(s, f);
    if (!right)
        for (size_t i = 0; i < pad; i++)
            fputc(' ', f);
}

/* The plan status as a bureau reads it. */
static const char *status_label(const char *plan_status)
{
    if (!strcmp(plan_status, "optimal"))
        return _("optimal");
    if (!strcmp(plan_status, "time_limit"))
        return _("time_limit");
    if (!strcmp(plan_status, "feasible"))
        return _("feasible");
    if (!strcmp(plan_status, "infeasible"))
        return _("infeasible");
    return plan_status[0] ? plan_status : "ok";
}

/* Columns are padded by display width (CJK characters count 2), cells use ASCII otherwise, so
   the table lines up in a terminal whatever its idea of ambiguous-width characters. */
static void write_table(FILE *f, const rotas_whatif_row *rows, size_t n)
{
    static const char *const head_msgid[NCOL] = {
        N_("scenario"), N_("moves"),       N_("key"), N_("unfilled"), N_("key CV primary/junior"),
        N_("km"),       N_("TT unplaced"), N_("gap"), N_("seconds"),  N_("status")};
    const char *head[NCOL];
    for (int c = 0; c < NCOL; c++)
        head[c] = _(head_msgid[c]);
    static const int right[NCOL] = {0, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    size_t width[NCOL];
    char(*cells)[NCOL][200] = calloc(n ? n : 1, sizeof *cells);
    int any_limit = 0, any_tt = 0;
    if (!cells)
        return;
    for (int c = 0; c < NCOL; c++)
        width[c] = disp_width(head[c]);
    for (size_t i = 0; i < n; i++) {
        const rotas_whatif_row *r = &rows[i];
        int ok = !strcmp(r->status, "ok");
        snprintf(cells[i][0], 200, "%s", r->name);
        snprintf(cells[i][1], 200, "%d", r->moves);
        snprintf(cells[i][2], 200, "%d", r->key_moved);
        snprintf(cells[i][3], 200, "%.0f -> %.0f", r->unfilled_before, r->unfilled_after);
        snprintf(cells[i][4], 200, "%.2f / %.2f", r->ind_cv[0][ROTAS_IND_KEY],
                 r->ind_cv[1][ROTAS_IND_KEY]);
        snprintf(cells[i][5], 200, "%.0f", r->km);
        if (r->tt_clusters > 0) {
            snprintf(cells[i][6], 200, "%d", r->tt_unscheduled);
            any_tt = 1;
        } else {
            snprintf(cells[i][6], 200, "-");
        }
        if (isfinite(r->gap) && r->gap > 0 && strcmp(r->plan_status, "optimal") != 0)
            snprintf(cells[i][7], 200, "%.1f%%", 100 * r->gap);
        else
            snprintf(cells[i][7], 200, "%s", !strcmp(r->plan_status, "optimal") ? "0%" : "-");
        snprintf(cells[i][8], 200, "%.0f", r->seconds);
        if (ok) {
            snprintf(cells[i][9], 200, "%s%s", status_label(r->plan_status),
                     r->cached ? _(" (cached)") : "");
            any_limit |= !strcmp(r->plan_status, "time_limit");
        } else {
            snprintf(cells[i][9], 200, "%s: %.150s",
                     !strcmp(r->status, "timeout") ? _("timeout") : _("failed"), r->error);
            for (int c = 1; c < 8; c++)
                snprintf(cells[i][c], 200, "-");
        }
        for (int c = 0; c < NCOL - 1; c++) {
            size_t w = disp_width(cells[i][c]);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (int c = 0; c < NCOL; c++) {
        put_cell(f, head[c], c == NCOL - 1 ? 0 : width[c], right[c]);
        fputs(c == NCOL - 1 ? "\n" : "  ", f);
    }
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < NCOL; c++) {
            put_cell(f, cells[i][c], c == NCOL - 1 ? 0 : width[c], right[c]);
            fputs(c == NCOL - 1 ? "\n" : "  ", f);
        }
    fputs(_("  moves: teachers moved; key: key teachers among them; unfilled: weekly periods "
            "without a teacher of the subject, before -> after the plan;\n"
            "  key CV: spread of key teachers per 100 students across schools after the plan "
            "(lower is more even; lines 0.50 primary, 0.45 junior);\n"
            "  km: km of all moves"),
          f);
    if (any_tt)
        fputs(_("; TT unplaced: lessons the cluster timetables could not place"), f);
    fputs(_(".\n"), f);
    if (any_limit)
        fputs(_("  time_limit: the planner stopped at the time limit with its best plan; gap is "
                "how much better a plan could at most be.\n"),
              f);
    free(cells);
}

/* ------------------------------------------------------------------ writing */

/* Open path safely (rotas/outfile.h): never a partial file, a device written in place. */
static rotas_rc open_out(FILE **f, rotas_outfile **o, const char *path, rotas_error *err)
{
    rotas_rc rc = rotas_outfile_open(o, path, err);
    *f = rc == ROTAS_OK ? rotas_outfile_stream(*o) : NULL;
    return rc;
}

rotas_rc rotas_whatif_write(const rotas_whatif_row *rows, size_t n, const char *json_path,
                            const char *csv_path, FILE *table, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    json_t *doc = NULL;
    char *text = NULL;
    rotas_outfile *tmp = NULL;
    FILE *f = NULL;
    if (json_path) {
        json_t *arr = json_array();
        doc = json_object();
        if (!doc || !arr) {
            json_decref(arr);
            rc = rotas_error_set(err, ROTAS_ENOMEM, "out of memory");
            goto done;
        }
        json_object_set_new(doc, "format", json_string(ROTAS_FORMAT_WHATIF));
        json_object_set_new(doc, "scenarios", arr);
        for (size_t i = 0; i < n; i++) {
            char *rt = rotas_whatif_row_to_json(&rows[i]);
            json_t *o = rt ? json_loads(rt, 0, NULL) : NULL;
            free(rt);
            if (!o || json_array_append_new(arr, o) != 0) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, "out of memory");
                goto done;
            }
        }
        text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10));
        if (!text) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, "out of memory");
            goto done;
        }
        if ((rc = open_out(&f, &tmp, json_path, err)) != ROTAS_OK)
            goto done;
        fputs(text, f);
        fputc('\n', f);
        rc = rotas_outfile_commit(tmp, err);
        f = NULL;
        tmp = NULL;
        if (rc != ROTAS_OK)
            goto done;
    }
    if (csv_path) {
        if ((rc = open_out(&f, &tmp, csv_path, err)) != ROTAS_OK)
            goto done;
        write_csv(f, rows, n);
        rc = rotas_outfile_commit(tmp, err);
        f = NULL;
        tmp = NULL;
        if (rc != ROTAS_OK)
            goto done;
    }
    if (table)
        write_table(table, rows, n);
done:
    rotas_outfile_abort(tmp);
    free(text);
    json_decref(doc);
    return rc;
}
