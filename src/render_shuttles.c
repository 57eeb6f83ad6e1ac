/* render_shuttles.c - teacher shuttles as an XLSX workbook (a printable timetable per route, as
   the bureau hands it to the driver and the riders) and an HTML page with a map of the routes. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/outfile.h"
#include "render_int.h"
#include "rotas/shuttles.h"

static const char *stop_name(const rotas_county *c, const rotas_shuttle_data *s,
                             const rotas_bus_stop *S)
{
    if (S->school >= 0)
        return c->schools[S->school].name ? c->schools[S->school].name : c->schools[S->school].id;
    const rotas_place *P = &s->places[S->place];
    return P->name ? P->name : P->id ? P->id : "住处";
}

/* The riders who board or alight at a stop, as names. */
static void stop_riders(char *out, size_t n, const rotas_bus_route *R, const rotas_bus_stop *S,
                        const rotas_county *c, const rotas_shuttle_data *s,
                        const rotas_shuttle_result *r)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t q = 0; q < R->n_riders; q++) {
        int t = R->riders[q];
        int here = S->school >= 0 ? r->school_of[t] == S->school : s->home[t] == S->place;
        if (here && len < n)
            len += (size_t)snprintf(out + len, n - len, "%s%s", len ? "、" : "",
                                    c->teachers[t].name ? c->teachers[t].name : c->teachers[t].id);
    }
}

#ifndef ROTAS_HAVE_XLSX

rotas_rc rotas_render_shuttles_xlsx(const rotas_shuttle_result *r, const rotas_county *c,
                                    const rotas_shuttle_data *s, const char *path, rotas_error *err)
{
    (void)r;
    (void)c;
    (void)s;
    return rotas_error_set(err, ROTAS_ERR,
                           _("%s: this rotas was built without libxlsxwriter; use --html, or "
                             "install libxlsxwriter-dev and rebuild"),
                           path);
}

#else

#include <xlsxwriter.h>

rotas_rc rotas_render_shuttles_xlsx(const rotas_shuttle_result *r, const rotas_county *c,
                                    const rotas_shuttle_data *s, const char *path, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_outfile *of = NULL;
    rotas__sheet_names names = {0};
    char buf[1024], name[128];
    lxw_error first = LXW_NO_ERROR;
    if ((rc = rotas_outfile_open_named(&of, path, err)) != ROTAS_OK)
        return rc;
    lxw_workbook *wb = workbook_new(rotas_outfile_name(of));
    if (!wb) {
        rotas_outfile_abort(of);
        return rotas_error_set(err, ROTAS_EIO, _("%s: cannot write"), path);
    }
    lxw_format *title = workbook_add_format(wb), *head = workbook_add_format(wb),
               *text = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_bold(head);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_bg_color(head, 0xDDE7F0);
    format_set_border(text, LXW_BORDER_THIN);
    format_set_text_wrap(text);
#define W(e)                                                                                       \
    do {                                                                                           \
        lxw_error e_ = (e);                                                                        \
        if (e_ != LXW_NO_ERROR && first == LXW_NO_ERROR)                                           \
            first = e_;                                                                            \
    } while (0)
    /* 线路汇总 */
    if (rotas__sheet_name(&names, "线路汇总", name, sizeof name) != 0)
        goto oom;
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    W(worksheet_write_string(ws, 0, 0, "教师通勤班车线路汇总", title));
    static const char *const heads[] = {"线路",     "车辆",   "座位",  "乘车教师",
                                        "早班发车", "日公里", "日费用"};
    for (int k = 0; k < 7; k++)
        W(worksheet_write_string(ws, 2, (lxw_col_t)k, heads[k], head));
    worksheet_set_column(ws, 0, 6, 12, NULL);
    for (size_t i = 0; i < r->n_routes; i++) {
        const rotas_bus_route *R = &r->routes[i];
        lxw_row_t row = (lxw_row_t)(3 + i);
        snprintf(buf, sizeof buf, "B%02zu", i + 1);
        W(worksheet_write_string(ws, row, 0, buf, text));
        W(worksheet_write_string(ws, row, 1, s->vehicles[R->vehicle].id, text));
        W(worksheet_write_number(ws, row, 2, s->vehicles[R->vehicle].seats, text));
        W(worksheet_write_number(ws, row, 3, (double)R->n_riders, text));
        snprintf(buf, sizeof buf, "%02d:%02d", R->morning.depart / 60, R->morning.depart % 60);
        W(worksheet_write_string(ws, row, 4, buf, text));
        W(worksheet_write_number(ws, row, 5, round(R->km_day * 10) / 10, text));
        W(worksheet_write_number(ws, row, 6, round(R->cost_day * 100) / 100, text));
    }
    lxw_row_t row = (lxw_row_t)(4 + r->n_routes);
    for (size_t i = 0; i < r->n_unserved; i++) {
        int t = r->unserved[i].teacher;
        snprintf(buf, sizeof buf, "未安排：%s（%s）%s",
                 c->teachers[t].name ? c->teachers[t].name : c->teachers[t].id,
                 c->schools[r->school_of[t]].name ? c->schools[r->school_of[t]].name
                                                  : c->schools[r->school_of[t]].id,
                 r->unserved[i].reason);
        W(worksheet_write_string(ws, row++, 0, buf, NULL));
    }
    /* one printable timetable per route */
    for (size_t i = 0; i < r->n_routes; i++) {
        const rotas_bus_route *R = &r->routes[i];
        snprintf(buf, sizeof buf, "B%02zu", i + 1);
        if (rotas__sheet_name(&names, buf, name, sizeof name) != 0)
            goto oom;
        ws = workbook_add_worksheet(wb, name);
        worksheet_set_paper(ws, 9);
        worksheet_fit_to_pages(ws, 1, 0);
        worksheet_set_column(ws, 0, 1, 10, NULL);
        worksheet_set_column(ws, 2, 2, 24, NULL);
        worksheet_set_column(ws, 3, 3, 50, NULL);
        snprintf(buf, sizeof buf, "班车 B%02zu 时刻表（车辆 %s，%d 座，%zu 人）", i + 1,
                 s->vehicles[R->vehicle].id, s->vehicles[R->vehicle].seats, R->n_riders);
        W(worksheet_write_string(ws, 0, 0, buf, title));
        lxw_row_t rr = 2;
        for (int pass = 0; pass < 2; pass++) {
            const rotas_bus_trip *T = pass ? &R->evening : &R->morning;
            snprintf(buf, sizeof buf, "%s（%02d:%02d 车场发车）", pass ? "放学返程" : "早班",
                     T->depart / 60, T->depart % 60);
            W(worksheet_write_string(ws, rr++, 0, buf, head));
            static const char *const h2[] = {"站序", "时间", "站点", "上/下车教师"};
            for (int k = 0; k < 4; k++)
                W(worksheet_write_string(ws, rr, (lxw_col_t)k, h2[k], head));
            rr++;
            for (size_t k = 0; k < T->n_stops; k++) {
                const rotas_bus_stop *S = &T->stops[k];
                W(worksheet_write_number(ws, rr, 0, (double)(k + 1), text));
                snprintf(buf, sizeof buf, "%02d:%02d", S->time / 60, S->time % 60);
                W(worksheet_write_string(ws, rr, 1, buf, text));
                W(worksheet_write_string(ws, rr, 2, stop_name(c, s, S), text));
                char who[768];
                stop_riders(who, sizeof who, R, S, c, s, r);
                snprintf(buf, sizeof buf, "%s %s", (S->school >= 0) != pass ? "下车" : "上车", who);
                W(worksheet_write_string(ws, rr, 3, buf, text));
                rr++;
            }
            rr++;
        }
    }
#undef W
    lxw_error e = workbook_close(wb);
    wb = NULL;
    if (e != LXW_NO_ERROR || first != LXW_NO_ERROR) {
        rc = rotas_error_set(err, ROTAS_EIO, "%s: %s", path,
                             lxw_strerror(e != LXW_NO_ERROR ? e : first));
        rotas_outfile_abort(of);
    } else {
        rc = rotas_outfile_commit(of, err);
    }
    of = NULL;
    goto done;
oom:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
    workbook_close(wb);
    rotas_outfile_abort(of);
    of = NULL;
done:
    rotas__sheet_names_free(&names);
    return rc;
}

#endif

#define E(b, s) rotas__html_escape(b, s)

rotas_rc rotas_render_shuttles_html(const rotas_shuttle_result *r, const rotas_county *c,
                                    const rotas_shuttle_data *s, const char *path, rotas_error *err)
{
    static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                          "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
    rotas__buf b = {0};
    char who[768];
    rotas__buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"generator\" content=\"rotas\">\n<title>教师通勤班车</title>\n"
                        "<style>body{font-family:sans-serif;margin:1.5em;color:#222}"
                        "table{border-collapse:collapse;margin:.5em 0 1.5em}"
                        "td,th{border:1px solid #bbb;padding:.25em .5em;font-size:90%}"
                        "th{background:#dde7f0}.flag{color:#c00000}svg{border:1px solid #ccc}"
                        "@media print{h2{page-break-before:always}}</style>\n</head>\n<body>\n");
    rotas__buf_printf(
        &b,
        "<h1>教师通勤班车</h1>\n<p>%zu 名乘车教师，%zu 条线路（车辆），%zu 人未能安排；"
        "日行 %.1f 公里，日费用 %.2f。模型 %s：目标值 %.2f，下界 %.2f，差距 %.2f%%，%.1f "
        "秒。</p>\n",
        r->n_riders, r->n_routes, r->n_unserved, r->km, r->cost, rotas_status_name(r->status),
        r->objective, r->bound, 100 * r->gap, r->seconds);
    /* the map: schools, pick-up points and each route's morning trip */
    double la0 = INFINITY, la1 = -INFINITY, lo0 = INFINITY, lo1 = -INFINITY;
    for (size_t i = 0; i < c->n_schools; i++) {
        la0 = fmin(la0, c->schools[i].lat);
        la1 = fmax(la1, c->schools[i].lat);
        lo0 = fmin(lo0, c->schools[i].lon);
        lo1 = fmax(lo1, c->schools[i].lon);
    }
    for (size_t i = 0; i < s->n_points; i++) {
        la0 = fmin(la0, s->places[i].lat);
        la1 = fmax(la1, s->places[i].lat);
        lo0 = fmin(lo0, s->places[i].lon);
        lo1 = fmax(lo1, s->places[i].lon);
    }
    double sx = 760 / fmax(lo1 - lo0, 1e-6), sy = 560 / fmax(la1 - la0, 1e-6);
#define X(lon) (20 + ((lon)-lo0) * sx)
#define Y(lat) (20 + (la1 - (lat)) * sy)
    rotas__buf_puts(
        &b, "<h2 style=\"page-break-before:auto\">线路图</h2>\n<svg id=\"map\" width=\"800\" "
            "height=\"600\" viewBox=\"0 0 800 600\">\n");
    for (size_t i = 0; i < c->n_schools; i++) {
        rotas__buf_printf(
            &b, "<circle class=\"school\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#999\"><title>",
            X(c->schools[i].lon), Y(c->schools[i].lat));
        E(&b, c->schools[i].name ? c->schools[i].name : c->schools[i].id);
        rotas__buf_puts(&b, "</title></circle>\n");
    }
    for (size_t i = 0; i < s->n_points; i++) {
        rotas__buf_printf(&b,
                          "<rect class=\"pickup\" x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" "
                          "fill=\"#000\"><title>",
                          X(s->places[i].lon) - 4, Y(s->places[i].lat) - 4);
        E(&b, s->places[i].name ? s->places[i].name : s->places[i].id);
        rotas__buf_puts(&b, "</title></rect>\n");
    }
    for (size_t i = 0; i < r->n_routes; i++) {
        const rotas_bus_trip *T = &r->routes[i].morning;
        rotas__buf_printf(
            &b,
            "<polyline class=\"route\" data-route=\"B%02zu\" fill=\"none\" stroke=\"%s\" "
            "stroke-width=\"2\" points=\"",
            i + 1, colours[i % 10]);
        for (size_t k = 0; k < T->n_stops; k++) {
            const rotas_bus_stop *S = &T->stops[k];
            double lat = S->school >= 0 ? c->schools[S->school].lat : s->places[S->place].lat;
            double lon = S->school >= 0 ? c->schools[S->school].lon : s->places[S->place].lon;
            rotas__buf_printf(&b, "%s%.1f,%.1f", k ? " " : "", X(lon), Y(lat));
        }
        rotas__buf_printf(&b, "\"><title>B%02zu</title></polyline>\n", i + 1);
    }
#undef X
#undef Y
    rotas__buf_puts(&b, "</svg>\n");
    /* timetables */
    for (size_t i = 0; i < r->n_routes; i++) {
        const rotas_bus_route *R = &r->routes[i];
        rotas__buf_printf(&b, "<h2 style=\"color:%s\">B%02zu（", colours[i % 10], i + 1);
        E(&b, s->vehicles[R->vehicle].id);
        rotas__buf_printf(&b, "，%d 座，%zu 人，日行 %.1f 公里）</h2>\n",
                          s->vehicles[R->vehicle].seats, R->n_riders, R->km_day);
        for (int pass = 0; pass < 2; pass++) {
            const rotas_bus_trip *T = pass ? &R->evening : &R->morning;
            rotas__buf_printf(
                &b,
                "<table class=\"trip\"><tr><th colspan=\"3\">%s，%02d:%02d 车场发车</th></tr>\n",
                pass ? "放学返程" : "早班", T->depart / 60, T->depart % 60);
            for (size_t k = 0; k < T->n_stops; k++) {
                const rotas_bus_stop *S = &T->stops[k];
                rotas__buf_printf(&b, "<tr><td>%02d:%02d</td><td>", S->time / 60, S->time % 60);
                E(&b, stop_name(c, s, S));
                stop_riders(who, sizeof who, R, S, c, s, r);
                rotas__buf_printf(&b, "</td><td>%s ", (S->school >= 0) != pass ? "下车" : "上车");
                E(&b, who);
                rotas__buf_puts(&b, "</td></tr>\n");
            }
            rotas__buf_puts(&b, "</table>\n");
        }
    }
    if (r->n_unserved) {
        rotas__buf_puts(&b, "<h2>未能安排的教师</h2>\n<ul class=\"flag\">\n");
        for (size_t i = 0; i < r->n_unserved; i++) {
            int t = r->unserved[i].teacher;
            rotas__buf_puts(&b, "<li>");
            E(&b, c->teachers[t].name ? c->teachers[t].name : c->teachers[t].id);
            rotas__buf_puts(&b, "：");
            E(&b, r->unserved[i].reason);
            rotas__buf_puts(&b, "</li>\n");
        }
        rotas__buf_puts(&b, "</ul>\n");
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
