/* render_researchers.c - researchers' links and visits as an XLSX workbook (a calendar sheet per
   researcher and per school, as the bureau's research office hands them out) and one HTML page. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/outfile.h"
#include "render_int.h"
#include "rotas/researchers.h"

static const char *const wd_zh[] = {"周一", "周二", "周三", "周四", "周五"};

static const char *rname(const rotas_researcher *R)
{
    return R->name ? R->name : R->id;
}

static const char *sname(const rotas_county *c, int s)
{
    return c->schools[s].name ? c->schools[s].name : c->schools[s].id;
}

static const char *jname(const rotas_county *c, int j)
{
    return c->subjects[j].name ? c->subjects[j].name : c->subjects[j].id;
}

/* The cell text of a day in a researcher's (by = researcher index) or a school's (by = -1 - s)
   calendar: the visit, 假 on holidays, 不在岗 when the researcher is unavailable, or "". */
static void day_text(char *out, size_t n, const rotas_researchers_result *res,
                     const rotas_county *c, const rotas_researchers_data *r, int by, int day)
{
    out[0] = '\0';
    if (rotas_researchers_holiday(r, day)) {
        snprintf(out, n, "假");
        return;
    }
    size_t len = 0;
    for (size_t i = 0; i < res->n_visits; i++) {
        const rotas_rvisit *V = &res->visits[i];
        if (V->date != day)
            continue;
        const rotas_rlink *K = &res->links[V->link];
        char when[32] = "";
        if (K->research_day >= 0)
            snprintf(when, sizeof when, " %02d:%02d-%02d:%02d", K->research_start / 60 % 100,
                     K->research_start % 60, K->research_end / 60 % 100, K->research_end % 60);
        if (by >= 0 && K->researcher == by)
            len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s %s%s", len ? "\n" : "",
                                    sname(c, K->school), jname(c, K->subject), when);
        else if (by < 0 && K->school == -1 - by)
            len +=
                (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s %s%s", len ? "\n" : "",
                                 rname(&r->researchers[K->researcher]), jname(c, K->subject), when);
    }
    if (len == 0 && by >= 0) {
        const rotas_researcher *R = &r->researchers[by];
        for (size_t k = 0; k < R->n_unavailable; k++)
            if (R->unavailable[k] == day)
                snprintf(out, n, "不在岗");
    }
}

#ifndef ROTAS_HAVE_XLSX

rotas_rc rotas_render_researchers_xlsx(const rotas_researchers_result *res, const rotas_county *c,
                                       const rotas_researchers_data *r, const char *path,
                                       rotas_error *err)
{
    (void)res;
    (void)c;
    (void)r;
    return rotas_error_set(err, ROTAS_ERR,
                           _("%s: this rotas was built without libxlsxwriter; use --html, or "
                             "install libxlsxwriter-dev and rebuild"),
                           path);
}

#else

#include <xlsxwriter.h>

typedef struct xr {
    lxw_workbook *wb;
    rotas__sheet_names names;
    lxw_format *title, *head, *text, *hol;
    lxw_error lerr;
} xr;

static void chk(xr *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && x->lerr == LXW_NO_ERROR)
        x->lerr = e;
}

static lxw_worksheet *sheet(xr *x, const char *want)
{
    char name[128];
    if (rotas__sheet_name(&x->names, want, name, sizeof name) != 0)
        return NULL;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (ws) {
        worksheet_set_paper(ws, 9);
        worksheet_set_landscape(ws);
        worksheet_fit_to_pages(ws, 1, 0);
    }
    return ws;
}

/* A calendar: one row per week of the term, Monday to Friday. */
static void calendar(xr *x, lxw_worksheet *ws, const char *title,
                     const rotas_researchers_result *res, const rotas_county *c,
                     const rotas_researchers_data *r, int by)
{
    char cell[1024], d[11];
    chk(x, worksheet_write_string(ws, 0, 0, title, x->title));
    chk(x, worksheet_write_string(ws, 2, 0, "周（起）", x->head));
    for (int k = 0; k < 5; k++)
        chk(x, worksheet_write_string(ws, 2, (lxw_col_t)(k + 1), wd_zh[k], x->head));
    worksheet_set_column(ws, 0, 0, 12, NULL);
    worksheet_set_column(ws, 1, 5, 24, NULL);
    worksheet_freeze_panes(ws, 3, 1);
    lxw_row_t row = 3;
    for (int w = rotas_day_week_start(res->term_start); w <= res->term_end; w += 7, row++) {
        chk(x, worksheet_write_string(ws, row, 0, rotas_day_format(w, d), x->head));
        for (int k = 0; k < 5; k++) {
            int day = w + k;
            if (day < res->term_start || day > res->term_end) {
                chk(x, worksheet_write_blank(ws, row, (lxw_col_t)(k + 1), x->text));
                continue;
            }
            day_text(cell, sizeof cell, res, c, r, by, day);
            char full[1100];
            snprintf(full, sizeof full, "%s%s%s", rotas_day_format(day, d) + 5, cell[0] ? "\n" : "",
                     cell);
            chk(x, worksheet_write_string(ws, row, (lxw_col_t)(k + 1), full,
                                          !strcmp(cell, "假") ? x->hol : x->text));
        }
    }
}

rotas_rc rotas_render_researchers_xlsx(const rotas_researchers_result *res, const rotas_county *c,
                                       const rotas_researchers_data *r, const char *path,
                                       rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_outfile *of = NULL;
    xr x = {0};
    char buf[512], d1[11], d2[11];
    if ((rc = rotas_outfile_open_named(&of, path, err)) != ROTAS_OK)
        return rc;
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    x.wb = workbook_new_opt(rotas_outfile_name(of), &wo);
    if (!x.wb) {
        rotas_outfile_abort(of);
        return rotas_error_set(err, ROTAS_EIO, _("%s: cannot write"), path);
    }
    x.title = workbook_add_format(x.wb);
    format_set_bold(x.title);
    format_set_font_size(x.title, 14);
    x.head = workbook_add_format(x.wb);
    format_set_bold(x.head);
    format_set_border(x.head, LXW_BORDER_THIN);
    format_set_bg_color(x.head, 0xDDE7F0);
    format_set_text_wrap(x.head);
    x.text = workbook_add_format(x.wb);
    format_set_border(x.text, LXW_BORDER_THIN);
    format_set_text_wrap(x.text);
    format_set_align(x.text, LXW_ALIGN_VERTICAL_TOP);
    x.hol = workbook_add_format(x.wb);
    format_set_border(x.hol, LXW_BORDER_THIN);
    format_set_bg_color(x.hol, 0xEEEEEE);
    format_set_text_wrap(x.hol);

    /* 联系安排: the links, one row each. */
    lxw_worksheet *ws = sheet(&x, "联系安排");
    if (!ws)
        goto fail;
    snprintf(buf, sizeof buf, "教研员定点联系学校安排 %s 至 %s",
             rotas_day_format(res->term_start, d1), rotas_day_format(res->term_end, d2));
    chk(&x, worksheet_write_string(ws, 0, 0, buf, x.title));
    static const char *const heads[] = {"教研员",   "级别",         "联系学校", "学科",
                                        "距离(km)", "薄弱学科排名", "教研时间", "走访日期"};
    for (int k = 0; k < 8; k++)
        chk(&x, worksheet_write_string(ws, 2, (lxw_col_t)k, heads[k], x.head));
    worksheet_set_column(ws, 0, 3, 14, NULL);
    worksheet_set_column(ws, 6, 6, 16, NULL);
    worksheet_set_column(ws, 7, 7, 60, NULL);
    worksheet_freeze_panes(ws, 3, 0);
    for (size_t l = 0; l < res->n_links; l++) {
        const rotas_rlink *K = &res->links[l];
        const rotas_researcher *R = &r->researchers[K->researcher];
        lxw_row_t row = (lxw_row_t)(3 + l);
        chk(&x, worksheet_write_string(ws, row, 0, rname(R), x.text));
        chk(&x, worksheet_write_string(
                    ws, row, 1, R->level == ROTAS_RESEARCHER_CITY ? "市级" : "县级", x.text));
        chk(&x, worksheet_write_string(ws, row, 2, sname(c, K->school), x.text));
        chk(&x, worksheet_write_string(ws, row, 3, jname(c, K->subject), x.text));
        chk(&x, worksheet_write_number(ws, row, 4, round(K->km * 10) / 10, x.text));
        if (K->weak_rank)
            chk(&x, worksheet_write_number(ws, row, 5, K->weak_rank, x.text));
        else
            chk(&x, worksheet_write_string(ws, row, 5, "-", x.text));
        if (K->research_day >= 0) {
            snprintf(buf, sizeof buf, "%s %02d:%02d-%02d:%02d", wd_zh[K->research_day],
                     K->research_start / 60 % 100, K->research_start % 60,
                     K->research_end / 60 % 100, K->research_end % 60);
            chk(&x, worksheet_write_string(ws, row, 6, buf, x.text));
        } else {
            chk(&x, worksheet_write_string(ws, row, 6, "全天", x.text));
        }
        size_t len = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < res->n_visits; i++)
            if (res->visits[i].link == (int)l && len < sizeof buf - 12)
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? "、" : "",
                                        rotas_day_format(res->visits[i].date, d1));
        chk(&x, worksheet_write_string(ws, row, 7, buf, x.text));
    }
    /* A calendar per researcher with links, then per linked school. */
    for (size_t p = 0; p < r->n_researchers; p++) {
        int any = 0;
        for (size_t l = 0; l < res->n_links; l++)
            any |= res->links[l].researcher == (int)p;
        if (!any)
            continue;
        snprintf(buf, sizeof buf, "教研员 %s", rname(&r->researchers[p]));
        if (!(ws = sheet(&x, buf)))
            goto fail;
        snprintf(buf, sizeof buf, "%s（%s）走访日历", rname(&r->researchers[p]),
                 r->researchers[p].level == ROTAS_RESEARCHER_CITY ? "市级教研员" : "县级教研员");
        calendar(&x, ws, buf, res, c, r, (int)p);
    }
    for (size_t s = 0; s < c->n_schools; s++) {
        int any = 0;
        for (size_t l = 0; l < res->n_links; l++)
            any |= res->links[l].school == (int)s;
        if (!any)
            continue;
        snprintf(buf, sizeof buf, "学校 %s", sname(c, (int)s));
        if (!(ws = sheet(&x, buf)))
            goto fail;
        snprintf(buf, sizeof buf, "%s 教研员来校日历", sname(c, (int)s));
        calendar(&x, ws, buf, res, c, r, -1 - (int)s);
    }
    /* 说明 */
    if (!(ws = sheet(&x, "说明")))
        goto fail;
    lxw_row_t row = 0;
    snprintf(buf, sizeof buf,
             "学期 %s 至 %s；每位教研员至少联系 %d 所农村学校，每个联系点每学期至少走访 %d 次",
             rotas_day_format(res->term_start, d1), rotas_day_format(res->term_end, d2),
             res->min_links, res->min_visits);
    chk(&x, worksheet_write_string(ws, row++, 0, buf, NULL));
    snprintf(buf, sizeof buf,
             "联系 %zu 个，走访 %zu 次，未联系学校 %zu 所，薄弱学科未覆盖 %zu 项，"
             "走访不足 %zu 个联系点，同周重复走访 %d 次",
             res->n_links, res->n_visits, res->n_unlinked, res->n_uncovered, res->n_shortfalls,
             res->same_week);
    chk(&x, worksheet_write_string(ws, row++, 0, buf, NULL));
    snprintf(
        buf, sizeof buf,
        "联系模型：%s，目标值 %.2f，下界 %.2f，差距 %.2f%%；日历模型：%s，目标值 %.2f，下界 %.2f",
        rotas_status_name(res->status), res->objective, res->bound, 100 * res->gap,
        rotas_status_name(res->calendar_status), res->calendar_objective, res->calendar_bound);
    chk(&x, worksheet_write_string(ws, row++, 0, buf, NULL));
    for (size_t i = 0; i < res->n_unlinked; i++) {
        snprintf(buf, sizeof buf, "未联系：%s", sname(c, res->unlinked[i]));
        chk(&x, worksheet_write_string(ws, row++, 0, buf, NULL));
    }
    for (size_t i = 0; i < res->n_uncovered; i++) {
        snprintf(buf, sizeof buf, "薄弱学科无教研员联系：%s %s", sname(c, res->uncovered[2 * i]),
                 jname(c, res->uncovered[2 * i + 1]));
        chk(&x, worksheet_write_string(ws, row++, 0, buf, NULL));
    }
    lxw_error e = workbook_close(x.wb);
    x.wb = NULL;
    if (e != LXW_NO_ERROR || x.lerr != LXW_NO_ERROR) {
        rc = rotas_error_set(err, ROTAS_EIO, "%s: %s", path,
                             lxw_strerror(e != LXW_NO_ERROR ? e : x.lerr));
        rotas_outfile_abort(of);
    } else {
        rc = rotas_outfile_commit(of, err);
    }
    of = NULL;
    goto done;
fail:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
    workbook_close(x.wb);
    rotas_outfile_abort(of);
    of = NULL;
done:
    rotas__sheet_names_free(&x.names);
    return rc;
}

#endif

/* ---- HTML ---------------------------------------------------------------------------------- */

#define E(b, s) rotas__html_escape(b, s)

rotas_rc rotas_render_researchers_html(const rotas_researchers_result *res, const rotas_county *c,
                                       const rotas_researchers_data *r, const char *path,
                                       rotas_error *err)
{
    rotas__buf b = {0};
    char d1[11], d2[11], cell[1024];
    rotas__buf_puts(
        &b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"generator\" content=\"rotas\">\n<title>教研员定点联系与走访</title>\n"
            "<style>body{font-family:sans-serif;margin:1.5em;color:#222}"
            "table{border-collapse:collapse;margin:.5em 0 1.5em}"
            "td,th{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;font-size:90%}"
            "th{background:#dde7f0}.fig{display:inline-block;margin:0 1.5em .8em 0}"
            ".fig b{display:block;font-size:150%}.hol{background:#eee;color:#777}"
            ".flag{color:#c00000}td.v{white-space:pre-line}"
            "@media print{h2{page-break-before:always}}</style>\n</head>\n<body>\n");
    rotas__buf_printf(&b, "<h1>教研员定点联系与走访 %s 至 %s</h1>\n",
                      rotas_day_format(res->term_start, d1), rotas_day_format(res->term_end, d2));
    rotas__buf_printf(
        &b,
        "<div class=\"fig\"><b>%zu</b>教研员</div><div class=\"fig\"><b>%zu</b>农村学校</div>"
        "<div class=\"fig\"><b id=\"n-links\">%zu</b>联系点</div>"
        "<div class=\"fig\"><b id=\"n-visits\">%zu</b>走访</div>"
        "<div class=\"fig\"><b>%zu</b>未联系学校</div><div class=\"fig\"><b>%d</b>同周重复</div>\n",
        r->n_researchers, res->n_weak, res->n_links, res->n_visits, res->n_unlinked,
        res->same_week);
    rotas__buf_printf(&b,
                      "<p>联系模型 %s：目标值 %.2f，下界 %.2f，差距 %.2f%%，%.1f 秒；日历模型 "
                      "%s：目标值 %.2f，下界 %.2f。</p>\n",
                      rotas_status_name(res->status), res->objective, res->bound, 100 * res->gap,
                      res->seconds, rotas_status_name(res->calendar_status),
                      res->calendar_objective, res->calendar_bound);
    rotas__buf_puts(
        &b,
        "<h2>联系安排</h2>\n<table id=\"links\"><tr><th>教研员</th><th>级别</th><th>学校</th>"
        "<th>学科</th><th>km</th><th>薄弱学科排名</th><th>教研时间</th><th>走访日期</th></tr>\n");
    for (size_t l = 0; l < res->n_links; l++) {
        const rotas_rlink *K = &res->links[l];
        const rotas_researcher *R = &r->researchers[K->researcher];
        rotas__buf_puts(&b, "<tr class=\"link\"><td>");
        E(&b, rname(R));
        rotas__buf_printf(&b, "</td><td>%s</td><td>",
                          R->level == ROTAS_RESEARCHER_CITY ? "市级" : "县级");
        E(&b, sname(c, K->school));
        rotas__buf_puts(&b, "</td><td>");
        E(&b, jname(c, K->subject));
        rotas__buf_printf(&b, "</td><td>%.1f</td><td>%d</td><td>", K->km, K->weak_rank);
        if (K->research_day >= 0)
            rotas__buf_printf(&b, "%s %02d:%02d-%02d:%02d", wd_zh[K->research_day],
                              K->research_start / 60 % 100, K->research_start % 60,
                              K->research_end / 60 % 100, K->research_end % 60);
        else
            rotas__buf_puts(&b, "全天");
        rotas__buf_puts(&b, "</td><td>");
        int first = 1;
        for (size_t i = 0; i < res->n_visits; i++)
            if (res->visits[i].link == (int)l) {
                rotas__buf_printf(&b, "%s<span class=\"visit\">%s</span>", first ? "" : " ",
                                  rotas_day_format(res->visits[i].date, d1));
                first = 0;
            }
        rotas__buf_puts(&b, "</td></tr>\n");
    }
    rotas__buf_puts(&b, "</table>\n");
    if (res->n_unlinked || res->n_uncovered || res->n_shortfalls) {
        rotas__buf_puts(&b, "<h2>未能安排</h2>\n<ul class=\"flag\">\n");
        for (size_t i = 0; i < res->n_unlinked; i++) {
            rotas__buf_puts(&b, "<li>未联系：");
            E(&b, sname(c, res->unlinked[i]));
            rotas__buf_puts(&b, "</li>\n");
        }
        for (size_t i = 0; i < res->n_uncovered; i++) {
            rotas__buf_puts(&b, "<li>薄弱学科无教研员联系：");
            E(&b, sname(c, res->uncovered[2 * i]));
            rotas__buf_puts(&b, " ");
            E(&b, jname(c, res->uncovered[2 * i + 1]));
            rotas__buf_puts(&b, "</li>\n");
        }
        for (size_t i = 0; i < res->n_shortfalls; i++) {
            const rotas_rlink *K = &res->links[res->shortfalls[i].link];
            rotas__buf_puts(&b, "<li>走访不足：");
            E(&b, rname(&r->researchers[K->researcher]));
            rotas__buf_puts(&b, " → ");
            E(&b, sname(c, K->school));
            rotas__buf_printf(&b, " 少 %d 次</li>\n", res->shortfalls[i].missing);
        }
        rotas__buf_puts(&b, "</ul>\n");
    }
    /* A calendar per researcher. */
    for (size_t p = 0; p < r->n_researchers; p++) {
        int any = 0;
        for (size_t l = 0; l < res->n_links; l++)
            any |= res->links[l].researcher == (int)p;
        if (!any)
            continue;
        rotas__buf_puts(&b, "<h2>");
        E(&b, rname(&r->researchers[p]));
        rotas__buf_puts(&b, " 走访日历</h2>\n<table class=\"cal\"><tr><th>周（起）</th>");
        for (int k = 0; k < 5; k++)
            rotas__buf_printf(&b, "<th>%s</th>", wd_zh[k]);
        rotas__buf_puts(&b, "</tr>\n");
        for (int w = rotas_day_week_start(res->term_start); w <= res->term_end; w += 7) {
            rotas__buf_printf(&b, "<tr><th>%s</th>", rotas_day_format(w, d1));
            for (int k = 0; k < 5; k++) {
                int day = w + k;
                if (day < res->term_start || day > res->term_end) {
                    rotas__buf_puts(&b, "<td></td>");
                    continue;
                }
                day_text(cell, sizeof cell, res, c, r, (int)p, day);
                rotas__buf_printf(&b, "<td class=\"v%s\">", !strcmp(cell, "假") ? " hol" : "");
                E(&b, cell);
                rotas__buf_puts(&b, "</td>");
            }
            rotas__buf_puts(&b, "</tr>\n");
        }
        rotas__buf_puts(&b, "</table>\n");
    }
    rotas__buf_puts(&b, "</body>\n</html>\n");
    if (b.oom) {
        rotas__buf_free(&b);
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while rendering %s"), path);
    }
    rotas_rc rc = rotas_outfile_write(path, rotas__buf_str(&b), b.len, err);
    rotas__buf_free(&b);
    return rc;
}
