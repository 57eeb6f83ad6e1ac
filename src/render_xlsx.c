/* render_xlsx.c - plans and timetables as XLSX workbooks (libxlsxwriter). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "render_int.h"
#include "rotas/outfile.h"

#ifndef ROTAS_HAVE_XLSX

int rotas_render_have_xlsx(void)
{
    return 0;
}

static rotas_rc no_xlsx(const char *path, rotas_error *err)
{
    return rotas_error_set(err, ROTAS_ERR,
                           _("%s: this rotas was built without libxlsxwriter; use --csv or --html, "
                             "or install libxlsxwriter-dev and rebuild"),
                           path);
}

rotas_rc rotas_render_plan_xlsx(const rotas_plan *p, const rotas_county *c, const char *path,
                                rotas_lang lang, rotas_error *err)
{
    (void)p;
    (void)c;
    (void)lang;
    return no_xlsx(path, err);
}

rotas_rc rotas_render_timetable_xlsx(const rotas_timetable *t, const rotas_county *c,
                                     const char *path, rotas_lang lang, rotas_error *err)
{
    (void)t;
    (void)c;
    (void)lang;
    return no_xlsx(path, err);
}

rotas_rc rotas_cover_render_xlsx(const rotas_cover *cv, const rotas_county *c, const char *path,
                                 int lang, rotas_error *err)
{
    (void)cv;
    (void)c;
    (void)lang;
    return no_xlsx(path, err);
}

#else

#include <xlsxwriter.h>

int rotas_render_have_xlsx(void)
{
    return 1;
}

#define MAX_DEC 5
#define PAPER_A4 9

typedef struct xw {
    lxw_workbook *wb;
    rotas_lang lang;
    rotas__sheet_names names;
    lxw_format *title, *head, *text, *text_flag, *note, *grid, *grid_head, *empty;
    lxw_format *num[MAX_DEC][2];
    lxw_error lerr; /* first libxlsxwriter error */
    int oom;
} xw;

static lxw_format *fmt_new(xw *x, int bold, int border, int wrap)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        x->oom = 1;
        return NULL;
    }
    if (bold)
        format_set_bold(f);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    if (wrap)
        format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static void formats(xw *x)
{
    static const char *const nf[MAX_DEC] = {"0", "0.0", "0.00", "0.000", "0.0000"};
    x->title = fmt_new(x, 1, 0, 0);
    if (x->title)
        format_set_font_size(x->title, 14);
    x->head = fmt_new(x, 1, 1, 1);
    if (x->head) {
        format_set_bg_color(x->head, 0xDDE7F0);
        format_set_align(x->head, LXW_ALIGN_CENTER);
    }
    x->text = fmt_new(x, 0, 1, 1);
    x->text_flag = fmt_new(x, 1, 1, 1);
    if (x->text_flag) {
        format_set_font_color(x->text_flag, 0xC00000);
        format_set_bg_color(x->text_flag, 0xFDE2E2);
    }
    x->note = fmt_new(x, 0, 0, 0);
    if (x->note)
        format_set_font_color(x->note, 0x555555);
    x->grid = fmt_new(x, 0, 1, 1);
    if (x->grid)
        format_set_align(x->grid, LXW_ALIGN_CENTER);
    x->grid_head = fmt_new(x, 1, 1, 1);
    if (x->grid_head) {
        format_set_align(x->grid_head, LXW_ALIGN_CENTER);
        format_set_bg_color(x->grid_head, 0xDDE7F0);
    }
    x->empty = fmt_new(x, 0, 1, 0);
    for (int d = 0; d < MAX_DEC; d++)
        for (int fl = 0; fl < 2; fl++) {
            lxw_format *f = fmt_new(x, fl, 1, 0);
            if (f) {
                format_set_num_format(f, nf[d]);
                if (fl) {
                    format_set_font_color(f, 0xC00000);
                    format_set_bg_color(f, 0xFDE2E2);
                }
            }
            x->num[d][fl] = f;
        }
}

static void chk(xw *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && x->lerr == LXW_NO_ERROR)
        x->lerr = e;
}

static lxw_worksheet *sheet(xw *x, const char *want)
{
    char name[128];
    if (rotas__sheet_name(&x->names, want, name, sizeof name) != 0) {
        x->oom = 1;
        return NULL;
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) {
        chk(x, LXW_ERROR_SHEETNAME_ALREADY_USED);
        return NULL;
    }
    worksheet_set_paper(ws, PAPER_A4);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_center_horizontally(ws);
    return ws;
}

static void put_cell(xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, const rotas__cell *c)
{
    if (c->is_num) {
        int d = c->decimals < 0 ? 0 : c->decimals >= MAX_DEC ? MAX_DEC - 1 : c->decimals;
        chk(x, worksheet_write_number(ws, r, col, c->num, x->num[d][c->flag ? 1 : 0]));
    } else if (c->text && c->text[0]) {
        chk(x, worksheet_write_string(ws, r, col, c->text, c->flag ? x->text_flag : x->text));
    } else {
        chk(x, worksheet_write_blank(ws, r, col, x->text));
    }
}

static void title_row(xw *x, lxw_worksheet *ws, lxw_row_t r, size_t n_cols, const char *text)
{
    if (n_cols > 1)
        chk(x, worksheet_merge_range(ws, r, 0, r, (lxw_col_t)(n_cols - 1), text, x->title));
    else
        chk(x, worksheet_write_string(ws, r, 0, text, x->title));
    chk(x, worksheet_set_row(ws, r, 22, NULL));
}

static void head_row(xw *x, lxw_worksheet *ws, lxw_row_t r, const rotas__table *t)
{
    for (size_t j = 0; j < t->n_cols; j++)
        chk(x, worksheet_write_string(ws, r, (lxw_col_t)j, rotas__label(t->heads[j], x->lang),
                                      x->head));
}

/* Column widths that fit the header and the cells (CJK counts double), 6..50 characters. */
static void fit_columns(xw *x, lxw_worksheet *ws, const rotas__table *t, const size_t *rows,
                        size_t n_rows)
{
    for (size_t j = 0; j < t->n_cols; j++) {
        size_t w = rotas__display_width(rotas__label(t->heads[j], x->lang));
        for (size_t i = 0; i < n_rows; i++) {
            size_t r = rows ? rows[i] : i;
            size_t cw = rotas__display_width(rotas__table_cell(t, r, j)->text);
            if (cw > w)
                w = cw;
        }
        double width = (double)w + 2.0;
        if (width < 6)
            width = 6;
        if (width > 50)
            width = 50;
        chk(x, worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, width, NULL));
    }
}

/* A sheet holding one table: title row, header row (frozen), the rows. */
static lxw_worksheet *table_sheet(xw *x, const rotas__table *t, const char *title, int landscape)
{
    lxw_worksheet *ws = sheet(x, rotas__label(t->title, x->lang));
    if (!ws)
        return NULL;
    if (landscape)
        worksheet_set_landscape(ws);
    title_row(x, ws, 0, t->n_cols, title);
    head_row(x, ws, 1, t);
    size_t rows = rotas__table_rows(t);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < t->n_cols; j++)
            put_cell(x, ws, (lxw_row_t)(i + 2), (lxw_col_t)j, rotas__table_cell(t, i, j));
    worksheet_freeze_panes(ws, 2, 0);
    chk(x, worksheet_repeat_rows(ws, 1, 1));
    fit_columns(x, ws, t, NULL, rows);
    return ws;
}

static rotas_rc open_book(xw *x, const char *path, rotas_outfile **tmp, rotas_lang lang,
                          rotas_error *err)
{
    memset(x, 0, sizeof *x);
    x->lang = lang;
    /* libxlsxwriter opens its file by name: give it one in a private folder next to path */
    rotas_rc rc = rotas_outfile_open_named(tmp, path, err);
    if (rc != ROTAS_OK)
        return rc;
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    x->wb = workbook_new_opt(rotas_outfile_name(*tmp), &opt);
    if (!x->wb)
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: cannot start the workbook"), path);
    formats(x);
    return ROTAS_OK;
}

static rotas_rc close_book(xw *x, const char *path, rotas_outfile *tmp, rotas_rc rc,
                           rotas_error *err)
{
    if (x->wb) {
        if (rc == ROTAS_OK && x->oom)
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
        if (rc == ROTAS_OK && x->lerr != LXW_NO_ERROR)
            rc = rotas_error_set(err, ROTAS_ERR, "%s: %s", path, lxw_strerror(x->lerr));
        lxw_error e = workbook_close(x->wb);
        x->wb = NULL;
        if (rc == ROTAS_OK && e != LXW_NO_ERROR)
            rc = rotas_error_set(err, ROTAS_EIO, _("%s: cannot write: %s"), path, lxw_strerror(e));
    }
    if (rc == ROTAS_OK && tmp)
        rc = rotas_outfile_commit(tmp, err);
    else
        rotas_outfile_abort(tmp);
    rotas__sheet_names_free(&x->names);
    return rc;
}

static int table_oom(const rotas__table *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].oom)
            return 1;
    return 0;
}

/* ---- plan ---- */

static void school_sheet(xw *x, const rotas__table *moves, const size_t *order, const rotas_plan *p,
                         const rotas_county *c, int s)
{
    size_t *in = malloc((p->n_moves + 1) * sizeof *in);
    size_t *out = malloc((p->n_moves + 1) * sizeof *out);
    size_t n_in = 0, n_out = 0;
    if (!in || !out) {
        x->oom = 1;
        goto done;
    }
    for (size_t i = 0; i < p->n_moves; i++) {
        const rotas_move *m = &p->moves[order[i]];
        if (m->to == s)
            in[n_in++] = i;
        if (m->from == s)
            out[n_out++] = i;
    }
    lxw_worksheet *ws = sheet(x, rotas__school_name(c, s));
    if (!ws)
        goto done;
    worksheet_set_landscape(ws);
    char title[400];
    snprintf(title, sizeof title, "%s — %s %d", rotas__school_name(c, s),
             rotas__label(L_TITLE_PLAN, x->lang), p->year);
    title_row(x, ws, 0, moves->n_cols, title);
    lxw_row_t r = 1;
    for (int part = 0; part < 2; part++) {
        const size_t *rows = part == 0 ? in : out;
        size_t n = part == 0 ? n_in : n_out;
        char sec[160];
        snprintf(sec, sizeof sec, "%s (%zu)",
                 rotas__label(part == 0 ? L_ARRIVALS : L_DEPARTURES, x->lang), n);
        chk(x, worksheet_write_string(ws, r, 0, sec, x->head));
        r++;
        head_row(x, ws, r, moves);
        if (part == 0) {
            worksheet_freeze_panes(ws, r + 1, 0);
            chk(x, worksheet_repeat_rows(ws, 0, r));
        }
        r++;
        for (size_t i = 0; i < n; i++, r++)
            for (size_t j = 0; j < moves->n_cols; j++)
                put_cell(x, ws, r, (lxw_col_t)j, rotas__table_cell(moves, rows[i], j));
        r++;
    }
    /* widths over both parts */
    size_t *all = malloc((n_in + n_out + 1) * sizeof *all);
    if (!all) {
        x->oom = 1;
        goto done;
    }
    memcpy(all, in, n_in * sizeof *all);
    memcpy(all + n_in, out, n_out * sizeof *all);
    fit_columns(x, ws, moves, all, n_in + n_out);
    free(all);
done:
    free(in);
    free(out);
}

rotas_rc rotas_render_plan_xlsx(const rotas_plan *p, const rotas_county *c, const char *path,
                                rotas_lang lang, rotas_error *err)
{
    xw x;
    rotas_outfile *tmp = NULL;
    rotas__table tabs[4];
    size_t *order = NULL;
    char *touched = NULL;
    memset(tabs, 0, sizeof tabs);
    rotas__plan_moves_table(&tabs[0], p, c, lang);
    rotas__plan_unfilled_table(&tabs[1], p, c, lang);
    rotas__plan_indicators_table(&tabs[2], p, lang);
    rotas__plan_summary_table(&tabs[3], p, c, lang);
    rotas_rc rc = open_book(&x, path, &tmp, lang, err);
    if (rc != ROTAS_OK)
        goto done;
    if (table_oom(tabs, 4)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
        goto done;
    }
    char title[300];
    snprintf(title, sizeof title, "%s%s%d %s", c->name ? c->name : "", c->name ? " " : "", p->year,
             rotas__label(L_TITLE_PLAN, lang));
    /* reserve the fixed names first so a school cannot take them */
    lxw_worksheet *ws = table_sheet(&x, &tabs[0], title, 1);
    if (ws) {
        chk(&x, worksheet_set_column(ws, 14, 14, 40, NULL)); /* reasons wrap */
        /* the official list: a filter on every column, the whole width on one A4 page */
        chk(&x, worksheet_autofilter(ws, 1, 0, (lxw_row_t)(1 + rotas__table_rows(&tabs[0])),
                                     (lxw_col_t)(tabs[0].n_cols - 1)));
    }
    table_sheet(&x, &tabs[1], rotas__label(L_SHEET_UNFILLED, lang), 0);
    ws = table_sheet(&x, &tabs[2], rotas__label(L_SHEET_INDICATORS, lang), 1);
    if (ws) {
        lxw_row_t r = (lxw_row_t)(rotas__table_rows(&tabs[2]) + 3);
        chk(&x, worksheet_write_string(ws, r, 0,
                                       lang == ROTAS_LANG_EN
                                           ? "CV limits (2017 county balance evaluation): "
                                             "primary <= 0.50, junior <= 0.45"
                                           : "差异系数标准(县域义务教育优质均衡督导评估)：小学"
                                             "≤0.50，初中≤0.45",
                                       x.note));
    }
    table_sheet(&x, &tabs[3], rotas__label(L_SHEET_SUMMARY, lang), 0);
    if (rotas__plan_n_dispatch(p)) {
        rotas__table dis;
        rotas__plan_dispatch_table(&dis, p, c, lang);
        if (dis.oom)
            x.oom = 1;
        else
            table_sheet(&x, &dis, rotas__label(L_SHEET_DISPATCH, lang), 0);
        rotas__table_free(&dis);
    }
    if (p->n_secondments) {
        rotas__table sec;
        rotas__plan_secondments_table(&sec, p, c, lang);
        if (sec.oom)
            x.oom = 1;
        else
            table_sheet(&x, &sec, rotas__label(L_SHEET_SECONDMENTS, lang), 0);
        rotas__table_free(&sec);
    }

    order = rotas__move_order(p, c);
    touched = calloc(c->n_schools + 1, 1);
    if ((p->n_moves && !order) || !touched) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
        goto done;
    }
    for (size_t i = 0; i < p->n_moves; i++) {
        const rotas_move *m = &p->moves[i];
        if (m->from >= 0 && (size_t)m->from < c->n_schools)
            touched[m->from] = 1;
        if (m->to >= 0 && (size_t)m->to < c->n_schools)
            touched[m->to] = 1;
    }
    for (size_t s = 0; s < c->n_schools; s++)
        if (touched[s])
            school_sheet(&x, &tabs[0], order, p, c, (int)s);
done:
    rc = close_book(&x, path, tmp, rc, err);
    for (size_t i = 0; i < 4; i++)
        rotas__table_free(&tabs[i]);
    free(order);
    free(touched);
    return rc;
}

/* ---- timetable ---- */

/* Rows of the grid of school s: its bell, or more when a lesson lies beyond it. */
static int grid_periods(const rotas_timetable *tt, const rotas_county *c, int s)
{
    size_t nb = 0;
    if (s >= 0 && (size_t)s < c->n_schools)
        rotas_school_bell(&c->schools[s], &nb);
    int n = (int)nb;
    for (size_t i = 0; i < tt->n_lessons; i++)
        if (tt->lessons[i].school == s && tt->lessons[i].period + 1 > n)
            n = tt->lessons[i].period + 1;
    return n;
}

static void period_label(char *out, size_t n, const rotas_county *c, int s, int period,
                         rotas_lang lang)
{
    char bell[32];
    rotas__bell_text(bell, sizeof bell, c, s, period);
    if (lang == ROTAS_LANG_EN)
        snprintf(out, n, "Period %d%s%s", period + 1, bell[0] ? "\n" : "", bell);
    else
        snprintf(out, n, "第%d节%s%s", period + 1, bell[0] ? "\n" : "", bell);
}

static int tt_days(const rotas_timetable *tt)
{
    int d = tt->days > 0 && tt->days <= 7 ? tt->days : ROTAS_DAYS;
    for (size_t i = 0; i < tt->n_lessons; i++)
        if (tt->lessons[i].day + 1 > d && tt->lessons[i].day < 7)
            d = tt->lessons[i].day + 1;
    return d;
}

/* One sheet per school: a grid per class, one page each. */
static void class_sheet(xw *x, const rotas_timetable *tt, const rotas_county *c, int s,
                        const size_t *order)
{
    const rotas_school *sc = &c->schools[s];
    int days = tt_days(tt), np = grid_periods(tt, c, s);
    lxw_worksheet *ws = sheet(x, rotas__school_name(c, s));
    if (!ws)
        return;
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    lxw_row_t *breaks = calloc(sc->n_classes + 2, sizeof *breaks);
    size_t n_breaks = 0;
    if (!breaks) {
        x->oom = 1;
        return;
    }
    rotas__buf b = {0};
    lxw_row_t r = 0;
    char cell[512];
    for (size_t k = sc->first_class; k < sc->first_class + sc->n_classes; k++) {
        if (r > 0 && n_breaks < sc->n_classes)
            breaks[n_breaks++] = r;
        rotas__buf_reset(&b);
        rotas__buf_printf(&b, "%s  ", rotas__school_name(c, s));
        rotas__class_label(&b, c, (int)k, x->lang);
        rotas__buf_printf(&b, "  %s", rotas__label(L_TITLE_TT, x->lang));
        title_row(x, ws, r, (size_t)days + 1, rotas__buf_str(&b));
        r++;
        chk(x, worksheet_write_string(ws, r, 0, rotas__label(L_PERIOD, x->lang), x->grid_head));
        for (int d = 0; d < days; d++)
            chk(x, worksheet_write_string(ws, r, (lxw_col_t)(d + 1), rotas__day_label(d, x->lang),
                                          x->grid_head));
        if (k == sc->first_class)
            worksheet_freeze_panes(ws, r + 1, 1);
        r++;
        lxw_row_t top = r;
        for (int pd = 0; pd < np; pd++) {
            period_label(cell, sizeof cell, c, s, pd, x->lang);
            chk(x, worksheet_write_string(ws, top + (lxw_row_t)pd, 0, cell, x->grid_head));
            for (int d = 0; d < days; d++)
                chk(x, worksheet_write_blank(ws, top + (lxw_row_t)pd, (lxw_col_t)(d + 1), x->grid));
            chk(x, worksheet_set_row(ws, top + (lxw_row_t)pd, 34, NULL));
        }
        for (size_t i = 0; i < tt->n_lessons; i++) {
            const rotas_lesson *l = &tt->lessons[order[i]];
            if (l->klass != (int)k || l->period < 0 || l->period >= np || l->day < 0 ||
                l->day >= days)
                continue;
            snprintf(cell, sizeof cell, "%s\n%s", rotas__subject_name(c, l->subject, x->lang),
                     rotas__teacher_name(c, l->teacher));
            chk(x, worksheet_write_string(ws, top + (lxw_row_t)l->period, (lxw_col_t)(l->day + 1),
                                          cell, x->grid));
        }
        r = top + (lxw_row_t)np;
        for (size_t u = 0; u < tt->n_unscheduled; u++) {
            const rotas_unscheduled *un = &tt->unscheduled[u];
            if (un->klass != (int)k || un->periods <= 0)
                continue;
            snprintf(cell, sizeof cell, "%s×%d（%s）", rotas__subject_name(c, un->subject, x->lang),
                     un->periods, rotas__unscheduled_reason(tt, c, (int)k, un->subject, x->lang));
            chk(x,
                worksheet_write_string(ws, r, 0, rotas__label(L_PENDING, x->lang), x->grid_head));
            if (days > 1)
                chk(x, worksheet_merge_range(ws, r, 1, r, (lxw_col_t)days, cell, x->text_flag));
            else
                chk(x, worksheet_write_string(ws, r, 1, cell, x->text_flag));
            r++;
        }
        r++;
    }
    if (n_breaks)
        chk(x, worksheet_set_h_pagebreaks(ws, breaks));
    chk(x, worksheet_set_column(ws, 0, 0, 14, NULL));
    chk(x, worksheet_set_column(ws, 1, (lxw_col_t)days, 16, NULL));
    if (b.oom)
        x->oom = 1;
    rotas__buf_free(&b);
    free(breaks);
}

/* Teacher grids (periods x days, cell "school\nclass subject") and their travel legs. */
static void teacher_sheet(xw *x, const rotas_timetable *tt, const rotas_county *c,
                          const size_t *order)
{
    int days = tt_days(tt);
    int np = tt->periods > 0 ? tt->periods : 1;
    for (size_t i = 0; i < tt->n_lessons; i++)
        if (tt->lessons[i].period + 1 > np)
            np = tt->lessons[i].period + 1;
    lxw_worksheet *ws = sheet(x, rotas__label(L_SHEET_TEACHERS, x->lang));
    if (!ws)
        return;
    worksheet_set_landscape(ws);
    char *seen = calloc(c->n_teachers + 1, 1);
    if (!seen) {
        x->oom = 1;
        return;
    }
    for (size_t i = 0; i < tt->n_lessons; i++) {
        int t = tt->lessons[i].teacher;
        if (t >= 0 && (size_t)t < c->n_teachers)
            seen[t] = 1;
    }
    rotas__buf b = {0};
    char cell[512];
    lxw_row_t r = 0;
    int first = 1;
    /* one teacher per printed page; the page header names the cluster and the sheet */
    size_t n_seen = 0, n_breaks = 0;
    for (size_t t = 0; t < c->n_teachers; t++)
        n_seen += seen[t] != 0;
    lxw_row_t *breaks = calloc(n_seen + 1, sizeof *breaks);
    if (!breaks) {
        free(seen);
        x->oom = 1;
        return;
    }
    {
        char name[300], hdr[400];
        snprintf(name, sizeof name, "%s", rotas__cluster_name(c, tt->cluster, x->lang));
        for (char *q = name; *q; q++) /* '&' starts a header code */
            if (*q == '&')
                *q = '+';
        snprintf(hdr, sizeof hdr, "&L%s&R%s &P/&N", name, rotas__label(L_SHEET_TEACHERS, x->lang));
        chk(x, worksheet_set_header(ws, hdr));
    }
    for (size_t t = 0; t < c->n_teachers; t++) {
        if (!seen[t])
            continue;
        if (r > 0)
            breaks[n_breaks++] = r;
        const rotas_teacher *tc = &c->teachers[t];
        rotas__buf_reset(&b);
        rotas__buf_printf(&b, "%s (%s)", rotas__teacher_name(c, (int)t),
                          rotas__teacher_id(c, (int)t));
        if (tc->n_subjects)
            rotas__buf_printf(&b, "  %s", rotas__subject_name(c, tc->subjects[0], x->lang));
        title_row(x, ws, r, (size_t)days + 1, rotas__buf_str(&b));
        r++;
        chk(x, worksheet_write_string(ws, r, 0, rotas__label(L_PERIOD, x->lang), x->grid_head));
        for (int d = 0; d < days; d++)
            chk(x, worksheet_write_string(ws, r, (lxw_col_t)(d + 1), rotas__day_label(d, x->lang),
                                          x->grid_head));
        if (first)
            worksheet_freeze_panes(ws, r + 1, 1);
        first = 0;
        r++;
        lxw_row_t top = r;
        for (int pd = 0; pd < np; pd++) {
            snprintf(cell, sizeof cell, x->lang == ROTAS_LANG_EN ? "Period %d" : "第%d节", pd + 1);
            chk(x, worksheet_write_string(ws, top + (lxw_row_t)pd, 0, cell, x->grid_head));
            for (int d = 0; d < days; d++)
                chk(x, worksheet_write_blank(ws, top + (lxw_row_t)pd, (lxw_col_t)(d + 1), x->grid));
            chk(x, worksheet_set_row(ws, top + (lxw_row_t)pd, 34, NULL));
        }
        for (size_t i = 0; i < tt->n_lessons; i++) {
            const rotas_lesson *l = &tt->lessons[order[i]];
            if (l->teacher != (int)t || l->period < 0 || l->period >= np || l->day < 0 ||
                l->day >= days)
                continue;
            rotas__buf_reset(&b);
            char bell[32];
            rotas__bell_text(bell, sizeof bell, c, l->school, l->period);
            rotas__buf_printf(&b, "%s\n", rotas__school_name(c, l->school));
            rotas__class_label(&b, c, l->klass, x->lang);
            rotas__buf_printf(&b, " %s\n%s", rotas__subject_name(c, l->subject, x->lang), bell);
            chk(x, worksheet_write_string(ws, top + (lxw_row_t)l->period, (lxw_col_t)(l->day + 1),
                                          rotas__buf_str(&b), x->grid));
        }
        r = top + (lxw_row_t)np;
        /* travel legs */
        for (size_t i = 0; i < tt->n_routes; i++) {
            const rotas_route *rt = &tt->routes[i];
            if (rt->teacher != (int)t || rt->n_schools < 2)
                continue;
            rotas__buf_reset(&b);
            rotas__buf_printf(&b, "%s: ", rotas__day_label(rt->day, x->lang));
            for (size_t k = 0; k < rt->n_schools; k++)
                rotas__buf_printf(&b, "%s%s", k ? " → " : "",
                                  rotas__school_name(c, rt->schools[k]));
            rotas__buf_printf(
                &b, x->lang == ROTAS_LANG_EN ? ", %.1f km, %.0f min" : "，%.1f公里，%.0f分钟",
                rt->km, rt->minutes);
            chk(x, worksheet_write_string(ws, r, 0, rotas__label(L_ROUTE, x->lang), x->grid_head));
            if (days > 1)
                chk(x, worksheet_merge_range(ws, r, 1, r, (lxw_col_t)days, rotas__buf_str(&b),
                                             x->text));
            else
                chk(x, worksheet_write_string(ws, r, 1, rotas__buf_str(&b), x->text));
            r++;
        }
        r++;
    }
    if (n_breaks)
        chk(x, worksheet_set_h_pagebreaks(ws, breaks));
    chk(x, worksheet_set_column(ws, 0, 0, 10, NULL));
    chk(x, worksheet_set_column(ws, 1, (lxw_col_t)days, 18, NULL));
    if (b.oom)
        x->oom = 1;
    rotas__buf_free(&b);
    free(breaks);
    free(seen);
}

/* Rows 2 and 3 of an overview: `first` over column A, each day across its np periods, the
   period numbers below. */
static void day_period_heads(xw *x, lxw_worksheet *ws, int days, int np, const char *first)
{
    chk(x, worksheet_merge_range(ws, 1, 0, 2, 0, first, x->grid_head));
    for (int d = 0; d < days; d++) {
        lxw_col_t c0 = (lxw_col_t)(1 + d * np);
        if (np > 1)
            chk(x, worksheet_merge_range(ws, 1, c0, 1, (lxw_col_t)(c0 + np - 1),
                                         rotas__day_label(d, x->lang), x->grid_head));
        else
            chk(x, worksheet_write_string(ws, 1, c0, rotas__day_label(d, x->lang), x->grid_head));
        for (int p = 0; p < np; p++)
            chk(x, worksheet_write_number(ws, 2, (lxw_col_t)(c0 + p), p + 1, x->grid_head));
    }
}

/* A school's 总课表: a row per class, a column per day and period, pending lessons (待排) with
   their reason in the last column; one A4 landscape page. */
static void master_sheet(xw *x, const rotas_timetable *tt, const rotas_county *c, int s,
                         const size_t *order)
{
    const rotas_school *sc = &c->schools[s];
    int days = tt_days(tt), np = grid_periods(tt, c, s);
    char name[300];
    snprintf(name, sizeof name, "%s%s%s", rotas__school_name(c, s),
             x->lang == ROTAS_LANG_EN ? " " : "", rotas__label(L_MASTER, x->lang));
    lxw_worksheet *ws = sheet(x, name);
    if (!ws)
        return;
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 1);
    worksheet_set_margins(ws, 0.2, 0.2, 0.3, 0.3);
    lxw_col_t pend = (lxw_col_t)(1 + days * np);
    title_row(x, ws, 0, (size_t)pend + 1, name);
    day_period_heads(x, ws, days, np, rotas__label(L_CLASS, x->lang));
    chk(x, worksheet_merge_range(ws, 1, pend, 2, pend, rotas__label(L_PENDING, x->lang),
                                 x->grid_head));
    rotas__buf b = {0};
    char cell[512];
    lxw_row_t r = 3;
    for (size_t k = sc->first_class; k < sc->first_class + sc->n_classes; k++, r++) {
        rotas__buf_reset(&b);
        rotas__class_label(&b, c, (int)k, x->lang);
        chk(x, worksheet_write_string(ws, r, 0, rotas__buf_str(&b), x->grid_head));
        for (int q = 0; q < days * np; q++)
            chk(x, worksheet_write_blank(ws, r, (lxw_col_t)(1 + q), x->grid));
        for (size_t i = 0; i < tt->n_lessons; i++) {
            const rotas_lesson *l = &tt->lessons[order[i]];
            if (l->klass != (int)k || l->period < 0 || l->period >= np || l->day < 0 ||
                l->day >= days)
                continue;
            snprintf(cell, sizeof cell, "%s\n%s", rotas__subject_name(c, l->subject, x->lang),
                     rotas__teacher_name(c, l->teacher));
            chk(x, worksheet_write_string(ws, r, (lxw_col_t)(1 + l->day * np + l->period), cell,
                                          x->grid));
        }
        rotas__buf_reset(&b);
        for (size_t u = 0; u < tt->n_unscheduled; u++) {
            const rotas_unscheduled *un = &tt->unscheduled[u];
            if (un->klass != (int)k || un->periods <= 0)
                continue;
            rotas__buf_printf(&b, "%s%s×%d（%s）", b.len ? "\n" : "",
                              rotas__subject_name(c, un->subject, x->lang), un->periods,
                              rotas__unscheduled_reason(tt, c, (int)k, un->subject, x->lang));
        }
        if (b.len)
            chk(x, worksheet_write_string(ws, r, pend, rotas__buf_str(&b), x->text_flag));
        else
            chk(x, worksheet_write_blank(ws, r, pend, x->text));
        chk(x, worksheet_set_row(ws, r, 30, NULL));
    }
    worksheet_freeze_panes(ws, 3, 1);
    chk(x, worksheet_set_column(ws, 0, 0, 12, NULL));
    chk(x, worksheet_set_column(ws, 1, (lxw_col_t)(pend - 1), 6.5, NULL));
    chk(x, worksheet_set_column(ws, pend, pend, 24, NULL));
    if (b.oom)
        x->oom = 1;
    rotas__buf_free(&b);
}

/* All teachers' week on one page: a row per teacher, a column per day and period, the class
   (short form) in each taught slot, one line per teacher (school, class and subject of each
   lesson are in the lesson list and the teacher sheet). */
static void all_teachers_sheet(xw *x, const rotas_timetable *tt, const rotas_county *c,
                               const size_t *order)
{
    int days = tt_days(tt), np = grid_periods(tt, c, -1);
    if (tt->periods > np)
        np = tt->periods;
    lxw_worksheet *ws = sheet(x, rotas__label(L_ALL_TEACHERS, x->lang));
    if (!ws)
        return;
    char *seen = calloc(c->n_teachers + 1, 1);
    if (!seen) {
        x->oom = 1;
        return;
    }
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 1);
    worksheet_set_margins(ws, 0.2, 0.2, 0.3, 0.3);
    for (size_t i = 0; i < tt->n_lessons; i++)
        if (tt->lessons[i].teacher >= 0 && (size_t)tt->lessons[i].teacher < c->n_teachers)
            seen[tt->lessons[i].teacher] = 1;
    char title[300];
    snprintf(title, sizeof title, "%s %s", rotas__cluster_name(c, tt->cluster, x->lang),
             rotas__label(L_ALL_TEACHERS, x->lang));
    title_row(x, ws, 0, (size_t)(1 + days * np), title);
    day_period_heads(x, ws, days, np, rotas__label(L_TEACHER, x->lang));
    rotas__buf b = {0};
    lxw_row_t r = 3;
    for (size_t t = 0; t < c->n_teachers; t++) {
        if (!seen[t])
            continue;
        chk(x, worksheet_write_string(ws, r, 0, rotas__teacher_name(c, (int)t), x->grid_head));
        for (int q = 0; q < days * np; q++)
            chk(x, worksheet_write_blank(ws, r, (lxw_col_t)(1 + q), x->grid));
        for (size_t i = 0; i < tt->n_lessons; i++) {
            const rotas_lesson *l = &tt->lessons[order[i]];
            if (l->teacher != (int)t || l->period < 0 || l->period >= np || l->day < 0 ||
                l->day >= days)
                continue;
            rotas__buf_reset(&b);
            rotas__class_short(&b, c, l->klass, x->lang);
            chk(x, worksheet_write_string(ws, r, (lxw_col_t)(1 + l->day * np + l->period),
                                          rotas__buf_str(&b), x->grid));
        }
        r++;
    }
    worksheet_freeze_panes(ws, 3, 1);
    chk(x, worksheet_set_column(ws, 0, 0, 10, NULL));
    chk(x, worksheet_set_column(ws, 1, (lxw_col_t)(days * np), 5.5, NULL));
    if (b.oom)
        x->oom = 1;
    rotas__buf_free(&b);
    free(seen);
}

rotas_rc rotas_render_timetable_xlsx(const rotas_timetable *t, const rotas_county *c,
                                     const char *path, rotas_lang lang, rotas_error *err)
{
    xw x;
    rotas_outfile *tmp = NULL;
    rotas__table tabs[5];
    size_t *order = NULL;
    char *has = NULL;
    memset(tabs, 0, sizeof tabs);
    rotas__tt_lessons_table(&tabs[0], t, c, lang);
    rotas__tt_unscheduled_table(&tabs[1], t, c, lang);
    rotas__tt_summary_table(&tabs[2], t, c, lang);
    rotas__tt_load_table(&tabs[3], t, c, lang);
    rotas__tt_room_table(&tabs[4], t, c, lang);
    rotas_rc rc = open_book(&x, path, &tmp, lang, err);
    if (rc != ROTAS_OK)
        goto done;
    order = rotas__lesson_order(t);
    has = calloc(c->n_schools + 1, 1);
    if (table_oom(tabs, 5) || (t->n_lessons && !order) || !has) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
        goto done;
    }
    /* fixed sheet names first, so no school can take them */
    char title[300];
    snprintf(title, sizeof title, "%s %s", rotas__cluster_name(c, t->cluster, lang),
             rotas__label(L_TITLE_TT, lang));
    table_sheet(&x, &tabs[2], title, 0);
    lxw_worksheet *ws = table_sheet(&x, &tabs[0], title, 1);
    (void)ws;
    table_sheet(&x, &tabs[1], rotas__label(L_SHEET_UNSCHEDULED, lang), 0);
    teacher_sheet(&x, t, c, order);
    all_teachers_sheet(&x, t, c, order);
    table_sheet(&x, &tabs[3], rotas__label(L_SHEET_LOADS, lang), 0);
    if (rotas__table_rows(&tabs[4]) > 0)
        table_sheet(&x, &tabs[4], rotas__label(L_SHEET_ROOMS, lang), 0);
    for (size_t s = 0; s < c->n_schools; s++)
        has[s] = t->cluster >= 0 && c->schools[s].cluster == t->cluster;
    for (size_t i = 0; i < t->n_lessons; i++)
        if (t->lessons[i].school >= 0 && (size_t)t->lessons[i].school < c->n_schools)
            has[t->lessons[i].school] = 1;
    for (size_t s = 0; s < c->n_schools; s++)
        if (has[s] && c->schools[s].n_classes) {
            master_sheet(&x, t, c, (int)s, order);
            class_sheet(&x, t, c, (int)s, order);
        }
done:
    rc = close_book(&x, path, tmp, rc, err);
    for (size_t i = 0; i < 5; i++)
        rotas__table_free(&tabs[i]);
    free(order);
    free(has);
    return rc;
}

/* ---- daily cover ---- */

/* Notices: a block per teacher (absent, covering, swapping) and per class, a page each. */
static void notice_block(xw *x, lxw_worksheet *ws, lxw_row_t *r, const rotas__table *t,
                         const char *title, const rotas_cover *cv, int teacher, int klass)
{
    title_row(x, ws, *r, t->n_cols, title);
    (*r)++;
    head_row(x, ws, *r, t);
    (*r)++;
    for (size_t i = 0; i < cv->n_entries; i++) {
        const rotas_cover_entry *e = &cv->entries[i];
        int mine = klass >= 0 ? e->klass == klass
                              : e->absent == teacher ||
                                    (e->kind != ROTAS_COVER_SELF_STUDY && e->teacher == teacher);
        if (!mine)
            continue;
        for (size_t j = 0; j < t->n_cols; j++)
            put_cell(x, ws, *r, (lxw_col_t)j, rotas__table_cell(t, i, j));
        (*r)++;
    }
    (*r)++;
}

rotas_rc rotas_cover_render_xlsx(const rotas_cover *cv, const rotas_county *c, const char *path,
                                 int lang_i, rotas_error *err)
{
    xw x;
    rotas_outfile *tmp = NULL;
    rotas_lang lang = lang_i == ROTAS_LANG_EN ? ROTAS_LANG_EN : ROTAS_LANG_ZH;
    rotas__table tab;
    memset(&tab, 0, sizeof tab);
    rotas__cover_table(&tab, cv, c, lang);
    unsigned char *seen_t = calloc(c->n_teachers + 1, 1);
    unsigned char *seen_k = calloc(c->n_classes + 1, 1);
    lxw_row_t *breaks = calloc(c->n_teachers + c->n_classes + 2, sizeof *breaks);
    size_t n_breaks = 0;
    rotas__buf b = {0};
    rotas_rc rc = open_book(&x, path, &tmp, lang, err);
    if (rc != ROTAS_OK)
        goto done;
    if (tab.oom || !seen_t || !seen_k || !breaks) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
        goto done;
    }
    char title[300];
    snprintf(title, sizeof title, "%s %s", rotas__cluster_name(c, cv->cluster, lang),
             rotas__label(L_SHEET_COVER, lang));
    table_sheet(&x, &tab, title, 1);
    lxw_worksheet *ws = sheet(&x, rotas__label(L_SHEET_NOTICES, lang));
    if (!ws)
        goto done;
    worksheet_set_landscape(ws);
    lxw_row_t r = 0;
    /* teachers: the absent ones, then who covers or swaps, in order of appearance */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < (pass ? cv->n_entries : cv->n_absences); i++) {
            int t =
                pass ? (cv->entries[i].kind == ROTAS_COVER_SELF_STUDY ? -1 : cv->entries[i].teacher)
                     : cv->absences[i].teacher;
            if (t < 0 || (size_t)t >= c->n_teachers || seen_t[t])
                continue;
            seen_t[t] = 1;
            if (r > 0)
                breaks[n_breaks++] = r;
            rotas__buf_reset(&b);
            rotas__buf_printf(&b, lang == ROTAS_LANG_EN ? "%s (%s)" : "%s 老师（%s）",
                              rotas__teacher_name(c, t), rotas__teacher_id(c, t));
            notice_block(&x, ws, &r, &tab, rotas__buf_str(&b), cv, t, -1);
        }
    for (size_t i = 0; i < cv->n_entries; i++) {
        int k = cv->entries[i].klass;
        if (k < 0 || (size_t)k >= c->n_classes || seen_k[k])
            continue;
        seen_k[k] = 1;
        if (r > 0)
            breaks[n_breaks++] = r;
        rotas__buf_reset(&b);
        rotas__buf_printf(&b, "%s ", rotas__school_name(c, c->classes[k].school));
        rotas__class_label(&b, c, k, lang);
        rotas__buf_printf(&b, " %s", lang == ROTAS_LANG_EN ? "timetable changes" : "课程调整通知");
        notice_block(&x, ws, &r, &tab, rotas__buf_str(&b), cv, -1, k);
    }
    if (n_breaks)
        chk(&x, worksheet_set_h_pagebreaks(ws, breaks));
    fit_columns(&x, ws, &tab, NULL, rotas__table_rows(&tab));
    if (b.oom)
        x.oom = 1;
done:
    rc = close_book(&x, path, tmp, rc, err);
    rotas__table_free(&tab);
    rotas__buf_free(&b);
    free(seen_t);
    free(seen_k);
    free(breaks);
    return rc;
}

#endif
