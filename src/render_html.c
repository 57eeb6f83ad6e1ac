/* render_html.c - one self-contained HTML report of a plan or a timetable: inline CSS, inline
   SVG and a small inline script; no network, no external fonts. Every name from the data is
   escaped. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "render_int.h"
#include "utf8_int.h"
#include "rotas/outfile.h"

#define E(b, s) rotas__html_escape((b), (s))
#define PI 3.14159265358979323846

static const char *const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                      "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
                                      "#393b79", "#637939", "#843c39", "#7b4173"};
#define N_PALETTE (sizeof palette / sizeof palette[0])
static const char *const area_colour[] = {"#c0392b", "#e67e22", "#27ae60"};

static const char css[] =
    ":root{--ink:#1d2733;--muted:#5b6675;--line:#d5dbe3;--head:#e8eef5;--accent:#1f5f99;"
    "--flag:#c00000;--flagbg:#fde2e2}"
    "*{box-sizing:border-box}"
    "body{margin:0;padding:24px 32px;color:var(--ink);background:#fff;font:14px/1.5 system-ui,"
    "-apple-system,\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\","
    "\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",sans-serif}"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;"
    "border-bottom:2px solid var(--accent)}h3{font-size:15px;margin:16px 0 6px}"
    ".meta{color:var(--muted);margin:0 0 12px}"
    ".figures{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}"
    ".fig{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:130px;"
    "background:#f8fafc}.fig b{display:block;font-size:22px;color:var(--accent)}"
    ".fig span{color:var(--muted);font-size:12px}"
    "table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}"
    "th,td{border:1px solid var(--line);padding:3px 7px;vertical-align:top}"
    "th{background:var(--head);text-align:center;white-space:nowrap}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".flag{color:var(--flag);background:var(--flagbg);font-weight:bold}"
    "table.sortable th{cursor:pointer;user-select:none}"
    "table.sortable th[aria-sort=ascending]::after{content:\" \\25B2\"}"
    "table.sortable th[aria-sort=descending]::after{content:\" \\25BC\"}"
    ".hint{color:var(--muted);font-size:12px}"
    "svg text{font-family:inherit}"
    ".map{border:1px solid var(--line);background:#fbfcfd;max-width:100%;height:auto}"
    ".map-side{display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap}"
    ".map-side>div{flex:1 1 600px}.flows{flex:0 0 auto;font-size:12px}"
    ".school{stroke:#fff;stroke-width:1}.move-arrow{fill:none;opacity:.75}"
    ".move-arrow:hover{opacity:1}"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;margin:4px 0}"
    ".sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;"
    "vertical-align:-1px}"
    ".bars{display:grid;grid-template-columns:minmax(120px,max-content) 1fr;gap:3px 10px;"
    "max-width:900px;font-size:13px;margin:6px 0 14px}"
    ".bar{height:10px;border-radius:2px;margin:2px 0}.bar.before{background:#aab4c0}"
    ".bar.after{background:var(--accent)}.barnum{font-size:11px;color:var(--muted)}"
    ".cvrow{position:relative;height:16px;background:#f1f4f7;border-radius:2px;min-width:260px}"
    ".cvrow i{position:absolute;top:0;bottom:0;width:2px;background:var(--flag)}"
    ".cvrow .bar{position:absolute;left:0;height:6px;margin:0}"
    ".cvrow .before{top:1px}.cvrow .after{top:9px}"
    ".grid-page{margin-bottom:18px}"
    "table.grid{table-layout:fixed;width:100%;max-width:980px}"
    "table.grid td{height:46px;text-align:center;vertical-align:middle;font-size:12px}"
    "table.grid th.p{width:92px;font-weight:normal;font-size:12px;white-space:normal}"
    "table.grid td .s{font-weight:bold;display:block}"
    "table.grid td .t{color:var(--muted);display:block}"
    "nav{font-size:13px;margin:8px 0}nav a{margin-right:12px;color:var(--accent)}"
    ".pending{color:#b00020;font-size:12px;margin:2px 0}"
    ".route{max-width:100%;height:auto;border:1px solid var(--line);background:#fbfcfd}"
    "@page{size:A4;margin:10mm}"
    "@media print{body{padding:0;font-size:11px}nav,.hint,.no-print{display:none}"
    "h2{break-after:avoid;page-break-after:avoid}"
    "table{break-inside:auto}tr{break-inside:avoid;page-break-inside:avoid}"
    ".grid-page{break-inside:avoid;page-break-inside:avoid;break-after:page;"
    "page-break-after:always}"
    "table.grid{max-width:none;font-size:10px}table.grid td{height:38px}"
    ".map{max-height:240mm}}";

/* Installed first, so that any later error is recorded. */
static const char head_js[] = "window.__rotasErrors=[];window.addEventListener('error',function(e){"
                              "window.__rotasErrors.push(String(e&&e.message?e.message:e));});";

static const char main_js[] =
    "(function(){'use strict';"
    "function sortBy(th){var table=th.closest('table');var tb=table.tBodies[0];"
    "var idx=Array.prototype.indexOf.call(th.parentNode.children,th);"
    "var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;"
    "Array.prototype.forEach.call(th.parentNode.children,function(h){h.removeAttribute('aria-sort')"
    ";});"
    "th.setAttribute('aria-sort',dir===1?'ascending':'descending');"
    "var rows=Array.prototype.slice.call(tb.rows);"
    "rows.sort(function(a,b){var x=a.cells[idx],y=b.cells[idx];if(!x||!y)return 0;"
    "var nx=x.getAttribute('data-sort'),ny=y.getAttribute('data-sort');var r;"
    "if(nx!==null&&ny!==null){r=parseFloat(nx)-parseFloat(ny);}"
    "else{r=x.textContent.localeCompare(y.textContent,document.documentElement.lang);}"
    "return r*dir;});rows.forEach(function(r){tb.appendChild(r);});}"
    "document.querySelectorAll('table.sortable th').forEach(function(th){th.tabIndex=0;"
    "th.addEventListener('click',function(){sortBy(th);});"
    "th.addEventListener('keydown',function(e){if(e.key==='Enter'){sortBy(th);}});});"
    "var n=0;document.querySelectorAll('.move-arrow').forEach(function(a){"
    "n+=parseInt(a.getAttribute('data-count'),10)||0;});"
    "var st=document.getElementById('js-status');st.setAttribute('data-arrow-moves',String(n));"
    "var errs=window.__rotasErrors||[];"
    "st.setAttribute('data-js',errs.length?'error':'ok');"
    "if(errs.length){st.hidden=false;st.textContent='JS: '+errs.join('; ');}"
    "})();";

static void page_head(rotas__buf *b, const char *title, rotas_lang lang)
{
    rotas__buf_printf(b,
                      "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta name=\"generator\" content=\"rotas\">\n<title>",
                      lang == ROTAS_LANG_EN ? "en" : "zh-CN");
    E(b, title);
    rotas__buf_printf(b, "</title>\n<style>%s</style>\n<script>%s</script>\n</head>\n<body>\n", css,
                      head_js);
    rotas__buf_puts(b, "<div id=\"js-status\" class=\"flag\" data-js=\"pending\" hidden></div>\n");
}

static void page_tail(rotas__buf *b)
{
    rotas__buf_printf(b, "<script>%s</script>\n</body>\n</html>\n", main_js);
}

static void fig(rotas__buf *b, const char *value, const char *label)
{
    rotas__buf_puts(b, "<div class=\"fig\"><b>");
    E(b, value);
    rotas__buf_puts(b, "</b><span>");
    E(b, label);
    rotas__buf_puts(b, "</span></div>");
}

static void fig_num(rotas__buf *b, double v, int dec, int label, rotas_lang lang)
{
    char s[64];
    snprintf(s, sizeof s, "%.*f", dec, v);
    fig(b, s, rotas__label(label, lang));
}

/* A table; rows = NULL: all rows. */
static void html_table(rotas__buf *b, const rotas__table *t, rotas_lang lang, int sortable,
                       const char *id)
{
    rotas__buf_puts(b, "<table");
    if (id)
        rotas__buf_printf(b, " id=\"%s\"", id);
    if (sortable)
        rotas__buf_puts(b, " class=\"sortable\"");
    rotas__buf_puts(b, ">\n<thead><tr>");
    for (size_t j = 0; j < t->n_cols; j++) {
        rotas__buf_puts(b, "<th scope=\"col\">");
        E(b, rotas__label(t->heads[j], lang));
        rotas__buf_puts(b, "</th>");
    }
    rotas__buf_puts(b, "</tr></thead>\n<tbody>\n");
    size_t rows = rotas__table_rows(t);
    for (size_t i = 0; i < rows; i++) {
        rotas__buf_puts(b, "<tr>");
        for (size_t j = 0; j < t->n_cols; j++) {
            const rotas__cell *c = rotas__table_cell(t, i, j);
            rotas__buf_puts(b, "<td");
            if (c->is_num || c->flag)
                rotas__buf_printf(b, " class=\"%s%s%s\"", c->is_num ? "num" : "",
                                  c->is_num && c->flag ? " " : "", c->flag ? "flag" : "");
            if (c->is_num)
                rotas__buf_printf(b, " data-sort=\"%.17g\"", c->num);
            rotas__buf_puts(b, ">");
            E(b, c->text);
            rotas__buf_puts(b, "</td>");
        }
        rotas__buf_puts(b, "</tr>\n");
    }
    rotas__buf_puts(b, "</tbody></table>\n");
}

static void h2(rotas__buf *b, const char *id, const char *text)
{
    rotas__buf_printf(b, "<h2 id=\"%s\">", id);
    E(b, text);
    rotas__buf_puts(b, "</h2>\n");
}

/* ---- map ---- */

typedef struct pt {
    double x, y;
} pt;

#define MAP_W 900.0
#define MAP_PAD 30.0

/* School positions in SVG units; returns the map height. */
static double project(const rotas_county *c, pt *xy)
{
    size_t n = c->n_schools, valid = 0;
    double minlat = 1e9, maxlat = -1e9, minlon = 1e9, maxlon = -1e9, sumlat = 0;
    for (size_t i = 0; i < n; i++) {
        const rotas_school *s = &c->schools[i];
        if ((s->lat == 0 && s->lon == 0) || !isfinite(s->lat) || !isfinite(s->lon))
            continue;
        valid++;
        sumlat += s->lat;
        if (s->lat < minlat)
            minlat = s->lat;
        if (s->lat > maxlat)
            maxlat = s->lat;
        if (s->lon < minlon)
            minlon = s->lon;
        if (s->lon > maxlon)
            maxlon = s->lon;
    }
    if (valid < 2 || (maxlat - minlat < 1e-9 && maxlon - minlon < 1e-9)) {
        /* no usable coordinates: a circle */
        double h = 600, r = 250;
        for (size_t i = 0; i < n; i++) {
            double a = n ? 2 * PI * (double)i / (double)n : 0;
            xy[i].x = MAP_W / 2 + r * cos(a);
            xy[i].y = h / 2 + r * sin(a);
        }
        return h;
    }
    double k = cos(sumlat / (double)valid * PI / 180.0);
    double w = (maxlon - minlon) * k, hh = maxlat - minlat;
    double scale = (MAP_W - 2 * MAP_PAD) / (w > 1e-12 ? w : 1e-12);
    if (hh * scale > 700 - 2 * MAP_PAD)
        scale = (700 - 2 * MAP_PAD) / hh;
    double height = hh * scale + 2 * MAP_PAD;
    double xoff = (MAP_W - w * scale) / 2;
    for (size_t i = 0; i < n; i++) {
        const rotas_school *s = &c->schools[i];
        if ((s->lat == 0 && s->lon == 0) || !isfinite(s->lat) || !isfinite(s->lon)) {
            xy[i].x = MAP_PAD / 2;
            xy[i].y = height - MAP_PAD / 2;
            continue;
        }
        xy[i].x = xoff + (s->lon - minlon) * k * scale;
        xy[i].y = MAP_PAD + (maxlat - s->lat) * scale;
    }
    return height;
}

typedef struct arrow {
    int from, to, subject;
    int count;
} arrow;

static int cmp_arrow(const void *a, const void *b)
{
    const arrow *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return (x->subject > y->subject) - (x->subject < y->subject);
}

static int main_subject(const rotas_county *c, int t)
{
    if (t < 0 || (size_t)t >= c->n_teachers || !c->teachers[t].n_subjects)
        return -1;
    return c->teachers[t].subjects[0];
}

static const char *subject_colour(int s)
{
    return s < 0 ? "#555555" : palette[(size_t)s % N_PALETTE];
}

/* Beside the map: per school that moves touch, how many arrive and leave. */
static void school_flows(rotas__buf *b, const rotas_plan *p, const rotas_county *c, rotas_lang lang,
                         int *oom)
{
    int *in = calloc(c->n_schools + 1, sizeof *in), *out = calloc(c->n_schools + 1, sizeof *out);
    if (!in || !out) {
        *oom = 1;
        goto done;
    }
    for (size_t i = 0; i < p->n_moves; i++) {
        const rotas_move *m = &p->moves[i];
        if (m->from >= 0 && (size_t)m->from < c->n_schools && m->to >= 0 &&
            (size_t)m->to < c->n_schools) {
            out[m->from]++;
            in[m->to]++;
        }
    }
    rotas__buf_puts(b, "<table class=\"flows\" id=\"school-flows\"><thead><tr><th>");
    E(b, rotas__label(L_SCHOOL, lang));
    rotas__buf_puts(b, "</th><th>");
    E(b, rotas__label(L_ARRIVALS, lang));
    rotas__buf_puts(b, "</th><th>");
    E(b, rotas__label(L_DEPARTURES, lang));
    rotas__buf_puts(b, "</th></tr></thead><tbody>\n");
    for (size_t s = 0; s < c->n_schools; s++) {
        if (!in[s] && !out[s])
            continue;
        rotas__buf_puts(b, "<tr><td>");
        E(b, rotas__school_name(c, (int)s));
        rotas__buf_printf(b, "</td><td class=\"num\">%d</td><td class=\"num\">%d</td></tr>\n",
                          in[s], out[s]);
    }
    rotas__buf_puts(b, "</tbody></table>\n");
done:
    free(in);
    free(out);
}

/* A label's box on the map. */
typedef struct box {
    double x0, y0, x1, y1;
} box;

/* Width of a label at font-size 11: CJK characters a full em, others about half. */
static double label_width(const char *s)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x80)
            w += 6.2;
        else if (*p >= 0xE0)
            w += 11;
    return w;
}

/* The box of a label drawn at (x, y + 4) (baseline) with anchor 0 start, 1 middle, 2 end. */
static box label_box(double x, double y, double w, double h, int anchor)
{
    double x0 = anchor == 0 ? x : anchor == 1 ? x - w / 2 : x - w;
    return (box){x0, y + 4 - h + 2, x0 + w, y + 4 + 2};
}

static double overlap(const box *a, const box *b)
{
    double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0);
    double hh = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);
    return w > 0 && hh > 0 ? w * hh : 0;
}

static void plan_map(rotas__buf *b, const rotas_plan *p, const rotas_county *c, rotas_lang lang,
                     int *oom)
{
    pt *xy = calloc(c->n_schools + 1, sizeof *xy);
    arrow *ar = calloc(p->n_moves + 1, sizeof *ar);
    char *used_sub = calloc(c->n_subjects + 1, 1);
    char *in_move = calloc(c->n_schools + 1, 1);
    if (!xy || !ar || !used_sub || !in_move) {
        *oom = 1;
        goto done;
    }
    double h = project(c, xy);
    size_t na = 0;
    for (size_t i = 0; i < p->n_moves; i++) {
        const rotas_move *m = &p->moves[i];
        if (m->from < 0 || (size_t)m->from >= c->n_schools || m->to < 0 ||
            (size_t)m->to >= c->n_schools)
            continue;
        ar[na].from = m->from;
        ar[na].to = m->to;
        ar[na].subject = main_subject(c, m->teacher);
        ar[na].count = 1;
        na++;
        in_move[m->from] = in_move[m->to] = 1;
    }
    qsort(ar, na, sizeof *ar, cmp_arrow);
    size_t nu = 0;
    for (size_t i = 0; i < na; i++) {
        if (nu && ar[nu - 1].from == ar[i].from && ar[nu - 1].to == ar[i].to &&
            ar[nu - 1].subject == ar[i].subject)
            ar[nu - 1].count++;
        else
            ar[nu++] = ar[i];
    }
    for (size_t i = 0; i < nu; i++)
        if (ar[i].subject >= 0 && (size_t)ar[i].subject < c->n_subjects)
            used_sub[ar[i].subject] = 1;

    rotas__buf_printf(b,
                      "<svg class=\"map\" id=\"map-svg\" xmlns=\"http://www.w3.org/2000/svg\" "
                      "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                      "aria-label=\"",
                      MAP_W, h, MAP_W, h);
    E(b, rotas__label(L_MAP, lang));
    rotas__buf_puts(b, "\">\n<defs>");
    for (size_t s = 0; s <= c->n_subjects; s++) {
        int si = s == c->n_subjects ? -1 : (int)s;
        if (si >= 0 && !used_sub[s])
            continue;
        rotas__buf_printf(b,
                          "<marker id=\"ah%d\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
                          "markerWidth=\"5\" markerHeight=\"5\" orient=\"auto-start-reverse\">"
                          "<path d=\"M0,0L10,5L0,10z\" fill=\"%s\"/></marker>",
                          si + 1, subject_colour(si));
    }
    rotas__buf_puts(b, "</defs>\n<g class=\"schools\">\n");
    for (size_t i = 0; i < c->n_schools; i++) {
        const rotas_school *s = &c->schools[i];
        int area = (int)s->area >= 0 && s->area < ROTAS_AREA_COUNT ? (int)s->area : 2;
        rotas__buf_printf(b,
                          "<circle class=\"school area-%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" "
                          "fill=\"%s\" data-school=\"",
                          rotas_area_name((rotas_area)area), xy[i].x, xy[i].y, in_move[i] ? 6 : 4,
                          area_colour[area]);
        E(b, s->id);
        rotas__buf_puts(b, "\"><title>");
        E(b, rotas__school_name(c, (int)i));
        rotas__buf_printf(b, " (%s, %s", rotas__area_label(area, lang), rotas_kind_name(s->kind));
        if (s->cluster >= 0) {
            rotas__buf_puts(b, ", ");
            E(b, rotas__cluster_name(c, s->cluster, lang));
        }
        rotas__buf_printf(b, ", %d %s)</title></circle>\n", s->students,
                          lang == ROTAS_LANG_EN ? "students" : "名学生");
    }
    rotas__buf_puts(b, "</g>\n<g class=\"moves\">\n");
    for (size_t i = 0; i < nu; i++) {
        const arrow *a = &ar[i];
        pt A = xy[a->from], B = xy[a->to];
        double dx = B.x - A.x, dy = B.y - A.y, len = sqrt(dx * dx + dy * dy);
        /* k-th subject on the same pair bends further out */
        int k = 0;
        for (size_t j = i; j > 0 && ar[j - 1].from == a->from && ar[j - 1].to == a->to; j--)
            k++;
        double ux = len > 1e-9 ? dx / len : 0, uy = len > 1e-9 ? dy / len : 0;
        double shorten = len > 16 ? 7.0 : 0.0;
        pt A2 = {A.x + ux * shorten, A.y + uy * shorten};
        pt B2 = {B.x - ux * shorten, B.y - uy * shorten};
        double bend = 0.12 * len + 8.0 * k;
        pt C = {(A2.x + B2.x) / 2 - uy * bend, (A2.y + B2.y) / 2 + ux * bend};
        if (len <= 1e-9) {
            C.x = A.x + 14;
            C.y = A.y - 20;
        }
        double width = 1.2 + 1.1 * sqrt((double)a->count);
        rotas__buf_printf(b,
                          "<path class=\"move-arrow\" d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" "
                          "stroke=\"%s\" stroke-width=\"%.2f\" marker-end=\"url(#ah%d)\" "
                          "data-count=\"%d\" data-from=\"",
                          A2.x, A2.y, C.x, C.y, B2.x, B2.y, subject_colour(a->subject), width,
                          a->subject + 1, a->count);
        E(b, c->schools[a->from].id);
        rotas__buf_puts(b, "\" data-to=\"");
        E(b, c->schools[a->to].id);
        rotas__buf_puts(b, "\" data-subject=\"");
        if (a->subject >= 0 && (size_t)a->subject < c->n_subjects)
            E(b, c->subjects[a->subject].id);
        rotas__buf_puts(b, "\"><title>");
        E(b, rotas__school_name(c, a->from));
        rotas__buf_puts(b, " → ");
        E(b, rotas__school_name(c, a->to));
        rotas__buf_printf(b, ": %d × ", a->count);
        E(b, a->subject >= 0 ? rotas__subject_name(c, a->subject, lang) : "?");
        rotas__buf_puts(b, "</title></path>\n");
    }
    rotas__buf_puts(b, "</g>\n");
    /* labels of the schools that moves touch, when few enough to read */
    size_t n_touched = 0;
    for (size_t i = 0; i < c->n_schools; i++)
        n_touched += in_move[i] ? 1 : 0;
    if (n_touched <= 40) {
        /* collision-aware: each label takes the first of eight places around its school that
           overlaps no label placed before (and no school dot), else the least crowded one */
        box *placed = calloc(n_touched + 1, sizeof *placed);
        size_t n_placed = 0;
        if (!placed) {
            *oom = 1;
            goto done;
        }
        rotas__buf_puts(b, "<g class=\"labels\" font-size=\"11\" fill=\"#333\">\n");
        for (size_t i = 0; i < c->n_schools; i++) {
            if (!in_move[i])
                continue;
            const char *name = rotas__school_name(c, (int)i);
            double w = label_width(name), bh = 13;
            static const double dx[] = {8, -8, 0, 0, 8, 8, -8, -8};
            static const double dy[] = {0, 0, -12, 14, -11, 13, -11, 13};
            static const int anchor[] = {0, 2, 1, 1, 0, 0, 2, 2}; /* start, middle, end */
            int best = 0;
            double best_cost = 1e300;
            for (int k = 0; k < 8; k++) {
                box bx = label_box(xy[i].x + dx[k], xy[i].y + dy[k], w, bh, anchor[k]);
                double cost = 0;
                for (size_t q = 0; q < n_placed; q++)
                    cost += overlap(&bx, &placed[q]);
                for (size_t q = 0; q < c->n_schools; q++) /* dots of the touched schools */
                    if (in_move[q] && q != i) {
                        box dot = {xy[q].x - 6, xy[q].y - 6, xy[q].x + 6, xy[q].y + 6};
                        cost += overlap(&bx, &dot);
                    }
                if (bx.x0 < 0 || bx.x1 > MAP_W || bx.y0 < 0 || bx.y1 > h)
                    cost += 1e6;
                if (cost < best_cost - 1e-9) {
                    best_cost = cost;
                    best = k;
                }
                if (cost == 0)
                    break;
            }
            placed[n_placed++] =
                label_box(xy[i].x + dx[best], xy[i].y + dy[best], w, bh, anchor[best]);
            static const char *const anchors[] = {"start", "middle", "end"};
            rotas__buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
                              xy[i].x + dx[best], xy[i].y + dy[best] + 4, anchors[anchor[best]]);
            E(b, name);
            rotas__buf_puts(b, "</text>\n");
        }
        rotas__buf_puts(b, "</g>\n");
        free(placed);
    }
    rotas__buf_puts(b, "</svg>\n<div class=\"legend\">");
    for (int a = 0; a < ROTAS_AREA_COUNT; a++) {
        rotas__buf_printf(b, "<span><i class=\"sw\" style=\"background:%s;border-radius:6px\"></i>",
                          area_colour[a]);
        E(b, rotas__area_label(a, lang));
        rotas__buf_puts(b, "</span>");
    }
    for (size_t s = 0; s < c->n_subjects; s++) {
        if (!used_sub[s])
            continue;
        rotas__buf_printf(b, "<span><i class=\"sw\" style=\"background:%s\"></i>",
                          subject_colour((int)s));
        E(b, rotas__subject_name(c, (int)s, lang));
        rotas__buf_puts(b, "</span>");
    }
    rotas__buf_printf(b, "</div>\n<p class=\"hint\">%s</p>\n",
                      lang == ROTAS_LANG_EN
                          ? "One arrow per origin, destination and main subject; its width "
                            "grows with the number of teachers (hover for names and counts)."
                          : "每条箭头代表同一原学校、交流学校和主教学科的教师；线越粗人数越多"
                            "(鼠标悬停查看学校与人数)。");
done:
    free(xy);
    free(ar);
    free(used_sub);
    free(in_move);
}

/* ---- bars ---- */

static void bar_rows(rotas__buf *b, const char *const *names, const double *before,
                     const double *after, size_t n, rotas_lang lang)
{
    double mx = 0;
    for (size_t i = 0; i < n; i++) {
        if (before[i] > mx)
            mx = before[i];
        if (after[i] > mx)
            mx = after[i];
    }
    rotas__buf_puts(b, "<div class=\"bars\">\n");
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (before[i] <= 0 && after[i] <= 0)
            continue;
        shown++;
        rotas__buf_puts(b, "<div>");
        E(b, names[i]);
        rotas__buf_printf(
            b,
            "</div><div><div class=\"bar before\" style=\"width:%.1f%%\" "
            "title=\"%s %.1f\"></div><div class=\"bar after\" style=\"width:%.1f%%\" "
            "title=\"%s %.1f\"></div><span class=\"barnum\">%.1f → %.1f</span></div>\n",
            mx > 0 ? 100.0 * before[i] / mx : 0, rotas__label(L_BEFORE, lang), before[i],
            mx > 0 ? 100.0 * after[i] / mx : 0, rotas__label(L_AFTER, lang), after[i], before[i],
            after[i]);
    }
    if (!shown) {
        rotas__buf_puts(b, "<div>");
        E(b, rotas__label(L_NONE, lang));
        rotas__buf_puts(b, "</div><div></div>\n");
    }
    rotas__buf_puts(b, "</div>\n");
}

static void plan_bars(rotas__buf *b, const rotas_plan *p, const rotas_county *c, rotas_lang lang,
                      int *oom)
{
    int *school_of = calloc(c->n_teachers + 1, sizeof *school_of);
    double *est0 = NULL, *est1 = NULL, *cb = NULL, *ca = NULL, *sb = NULL, *sa = NULL;
    const char **names = NULL;
    size_t nk = c->n_clusters + 1, nj = c->n_subjects;
    if (!school_of) {
        *oom = 1;
        goto done;
    }
    for (size_t t = 0; t < c->n_teachers; t++)
        school_of[t] = c->teachers[t].school;
    for (size_t i = 0; i < p->n_moves; i++)
        if (p->moves[i].teacher >= 0 && (size_t)p->moves[i].teacher < c->n_teachers)
            school_of[p->moves[i].teacher] = p->moves[i].to;
    est0 = rotas__unfilled_estimate(c, &p->policy, NULL);
    est1 = rotas__unfilled_estimate(c, &p->policy, school_of);
    cb = calloc(nk, sizeof *cb);
    ca = calloc(nk, sizeof *ca);
    sb = calloc(nj + 1, sizeof *sb);
    sa = calloc(nj + 1, sizeof *sa);
    names = calloc(nk + nj + 1, sizeof *names);
    if (!est0 || !est1 || !cb || !ca || !sb || !sa || !names) {
        *oom = 1;
        goto done;
    }
    for (size_t s = 0; s < c->n_schools; s++) {
        int k = c->schools[s].cluster;
        size_t ki = k >= 0 && (size_t)k < c->n_clusters ? (size_t)k : c->n_clusters;
        for (size_t j = 0; j < nj; j++) {
            cb[ki] += est0[s * nj + j];
            ca[ki] += est1[s * nj + j];
            sb[j] += est0[s * nj + j];
            sa[j] += est1[s * nj + j];
        }
    }
    rotas__buf_puts(b, "<h3>");
    E(b, rotas__label(L_BY_CLUSTER, lang));
    rotas__buf_puts(b, "</h3>\n<div class=\"legend\"><span><i class=\"sw\" "
                       "style=\"background:#aab4c0\"></i>");
    E(b, rotas__label(L_BEFORE, lang));
    rotas__buf_puts(b, "</span><span><i class=\"sw\" style=\"background:#1f5f99\"></i>");
    E(b, rotas__label(L_AFTER, lang));
    rotas__buf_puts(b, "</span><span class=\"hint\">");
    E(b, rotas__label(L_ESTIMATE_NOTE, lang));
    rotas__buf_puts(b, "</span></div>\n");
    for (size_t k = 0; k < nk; k++)
        names[k] = rotas__cluster_name(c, k < c->n_clusters ? (int)k : -1, lang);
    bar_rows(b, names, cb, ca, nk, lang);
    rotas__buf_puts(b, "<h3>");
    E(b, rotas__label(L_BY_SUBJECT, lang));
    rotas__buf_puts(b, "</h3>\n");
    for (size_t j = 0; j < nj; j++)
        names[j] = rotas__subject_name(c, (int)j, lang);
    bar_rows(b, names, sb, sa, nj, lang);
done:
    free(school_of);
    free(est0);
    free(est1);
    free(cb);
    free(ca);
    free(sb);
    free(sa);
    free(names);
}

static const rotas_indicator_row *ind_row(const rotas_indicators *s, int r)
{
    return r == 0 ? &s->primary : r == 1 ? &s->junior : &s->county;
}

static void cv_bars(rotas__buf *b, const rotas_plan *p, rotas_lang lang)
{
    static const int stage[] = {L_PRIMARY, L_JUNIOR};
    static const int ind[] = {L_IND_DEGREE, L_IND_KEY, L_IND_PE_ARTS};
    double mx = 0.6;
    for (int r = 0; r < 2; r++)
        for (int i = 0; i < ROTAS_IND_COUNT; i++) {
            double x = ind_row(&p->before, r)->cv[i], y = ind_row(&p->after, r)->cv[i];
            if (isfinite(x) && x > mx)
                mx = x;
            if (isfinite(y) && y > mx)
                mx = y;
        }
    rotas__buf_puts(b, "<div class=\"bars\">\n");
    for (int r = 0; r < 2; r++) {
        double lim = rotas__cv_limit(r);
        for (int i = 0; i < ROTAS_IND_COUNT; i++) {
            double x = ind_row(&p->before, r)->cv[i], y = ind_row(&p->after, r)->cv[i];
            if (!isfinite(x))
                x = 0;
            if (!isfinite(y))
                y = 0;
            rotas__buf_puts(b, "<div>");
            E(b, rotas__label(stage[r], lang));
            rotas__buf_puts(b, " · ");
            E(b, rotas__label(ind[i], lang));
            rotas__buf_printf(b,
                              "</div><div><div class=\"cvrow\"><div class=\"bar before\" "
                              "style=\"width:%.1f%%\"></div><div class=\"bar after\" "
                              "style=\"width:%.1f%%\"></div><i style=\"left:%.1f%%\" "
                              "title=\"≤ %.2f\"></i></div><span class=\"barnum%s\">CV %.3f → "
                              "%.3f (≤ %.2f)</span></div>\n",
                              100 * x / mx, 100 * y / mx, 100 * lim / mx, lim,
                              y > lim ? " flag" : "", x, y, lim);
        }
    }
    rotas__buf_puts(b, "</div>\n");
}

static rotas_rc finish(rotas__buf *b, int oom, const char *path, rotas_error *err)
{
    if (oom || b->oom)
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
    return rotas_outfile_write(path, rotas__buf_str(b), b->len, err);
}

rotas_rc rotas_render_plan_html(const rotas_plan *p, const rotas_county *c, const char *path,
                                rotas_lang lang, rotas_error *err)
{
    rotas__buf b = {0};
    rotas__table tabs[4];
    int oom = 0;
    rotas__plan_moves_table(&tabs[0], p, c, lang);
    rotas__plan_unfilled_table(&tabs[1], p, c, lang);
    rotas__plan_indicators_table(&tabs[2], p, lang);
    rotas__plan_summary_table(&tabs[3], p, c, lang);
    for (int i = 0; i < 4; i++)
        oom |= tabs[i].oom;
    char title[400];
    snprintf(title, sizeof title, "%s%s%d %s", c->name ? c->name : "", c->name ? " " : "", p->year,
             rotas__label(L_TITLE_PLAN, lang));
    rotas__utf8_trim(title);
    page_head(&b, title, lang);
    rotas__buf_puts(&b, "<header><h1>");
    E(&b, title);
    rotas__buf_puts(&b, "</h1><p class=\"meta\">");
    E(&b, rotas__label(L_STATUS, lang));
    rotas__buf_puts(&b, lang == ROTAS_LANG_EN ? ": " : "：");
    {
        char st[160];
        E(&b, rotas__plain_status(st, sizeof st, (int)p->status, p->gap, p->n_relaxed > 0, lang));
    }
    rotas__buf_puts(&b, "</p></header>\n");
    rotas__buf_printf(&b,
                      "<nav><a href=\"#sec-map\">%s</a><a href=\"#sec-moves\">%s</a>"
                      "<a href=\"#sec-unfilled\">%s</a><a href=\"#sec-ind\">%s</a>"
                      "<a href=\"#sec-summary\">%s</a></nav>\n",
                      rotas__label(L_MAP, lang), rotas__label(L_SHEET_MOVES, lang),
                      rotas__label(L_SHEET_UNFILLED, lang), rotas__label(L_SHEET_INDICATORS, lang),
                      rotas__label(L_SHEET_SUMMARY, lang));
    rotas__buf_puts(&b, "<section class=\"figures\">");
    fig_num(&b, (double)p->n_moves, 0, L_MOVES_N, lang);
    fig_num(&b, p->n_eligible, 0, L_ELIGIBLE, lang);
    fig_num(&b, p->n_must, 0, L_MUST, lang);
    fig_num(&b, p->n_key_moved, 0, L_KEY_MOVED, lang);
    {
        char s[80];
        snprintf(s, sizeof s, "%.0f → %.0f", p->unfilled_before, p->unfilled_after);
        fig(&b, s, lang == ROTAS_LANG_EN ? "Unfilled periods/week" : "缺课时(周)");
    }
    fig_num(&b, p->km_total, 0, L_KM_TOTAL, lang);
    rotas__buf_puts(&b, "</section>\n");
    if (p->n_relaxed) {
        rotas__buf_puts(&b, "<p class=\"flag\">");
        E(&b, rotas__label(L_RELAXED, lang));
        rotas__buf_puts(&b, ": ");
        for (size_t i = 0; i < p->n_relaxed; i++) {
            if (i)
                rotas__buf_puts(&b, "; ");
            E(&b, p->relaxed[i].rule);
            if (p->relaxed[i].detail[0]) {
                rotas__buf_puts(&b, " — ");
                E(&b, p->relaxed[i].detail);
            }
        }
        rotas__buf_puts(&b, "</p>\n");
    }

    rotas__buf_puts(&b, "<section id=\"sec-map-s\">");
    h2(&b, "sec-map", rotas__label(L_MAP, lang));
    rotas__buf_puts(&b, "<div class=\"map-side\"><div>");
    plan_map(&b, p, c, lang, &oom);
    rotas__buf_puts(&b, "</div>");
    school_flows(&b, p, c, lang, &oom);
    rotas__buf_puts(&b, "</div></section>\n<section>");
    h2(&b, "sec-moves", rotas__label(L_SHEET_MOVES, lang));
    rotas__buf_puts(&b, "<p class=\"hint\">");
    E(&b, rotas__label(L_SORT_HINT, lang));
    rotas__buf_puts(&b, "</p>\n");
    html_table(&b, &tabs[0], lang, 1, "moves");
    if (rotas__plan_n_dispatch(p)) {
        rotas__table dis;
        rotas__plan_dispatch_table(&dis, p, c, lang);
        oom |= dis.oom;
        rotas__buf_puts(&b, "<h3 id=\"sec-dispatch\">");
        E(&b, rotas__label(L_SHEET_DISPATCH, lang));
        rotas__buf_puts(&b, "</h3>\n");
        html_table(&b, &dis, lang, 1, "group_dispatch");
        rotas__table_free(&dis);
    }
    if (p->n_secondments) {
        rotas__table sec;
        rotas__plan_secondments_table(&sec, p, c, lang);
        oom |= sec.oom;
        rotas__buf_puts(&b, "<h3>");
        E(&b, rotas__label(L_SHEET_SECONDMENTS, lang));
        rotas__buf_puts(&b, "</h3>\n");
        html_table(&b, &sec, lang, 1, "secondments");
        rotas__table_free(&sec);
    }
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-unfilled", rotas__label(L_SHEET_UNFILLED, lang));
    plan_bars(&b, p, c, lang, &oom);
    html_table(&b, &tabs[1], lang, 1, "unfilled");
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-ind", rotas__label(L_SHEET_INDICATORS, lang));
    cv_bars(&b, p, lang);
    html_table(&b, &tabs[2], lang, 0, "indicators");
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-summary", rotas__label(L_SHEET_SUMMARY, lang));
    html_table(&b, &tabs[3], lang, 0, "summary");
    rotas__buf_puts(&b, "</section>\n");
    page_tail(&b);
    rotas_rc rc = finish(&b, oom, path, err);
    rotas__buf_free(&b);
    for (int i = 0; i < 4; i++)
        rotas__table_free(&tabs[i]);
    return rc;
}

/* ---- timetable ---- */

static int tt_days(const rotas_timetable *tt)
{
    int d = tt->days > 0 && tt->days <= 7 ? tt->days : ROTAS_DAYS;
    for (size_t i = 0; i < tt->n_lessons; i++)
        if (tt->lessons[i].day + 1 > d && tt->lessons[i].day < 7)
            d = tt->lessons[i].day + 1;
    return d;
}

static int school_periods(const rotas_timetable *tt, const rotas_county *c, int s)
{
    size_t nb = 0;
    if (s >= 0 && (size_t)s < c->n_schools)
        rotas_school_bell(&c->schools[s], &nb);
    int n = (int)nb;
    for (size_t i = 0; i < tt->n_lessons; i++)
        if ((s < 0 || tt->lessons[i].school == s) && tt->lessons[i].period + 1 > n)
            n = tt->lessons[i].period + 1;
    return n;
}

static void grid_head(rotas__buf *b, int days, rotas_lang lang)
{
    rotas__buf_puts(b, "<table class=\"grid\"><thead><tr><th class=\"p\">");
    E(b, rotas__label(L_PERIOD, lang));
    rotas__buf_puts(b, "</th>");
    for (int d = 0; d < days; d++) {
        rotas__buf_puts(b, "<th>");
        E(b, rotas__day_label(d, lang));
        rotas__buf_puts(b, "</th>");
    }
    rotas__buf_puts(b, "</tr></thead><tbody>\n");
}

/* Grids of every class of the cluster's schools; cells[period*days+day] = lesson index+1. */
static void class_grids(rotas__buf *b, const rotas_timetable *tt, const rotas_county *c,
                        const char *has, rotas_lang lang, int *oom)
{
    int days = tt_days(tt);
    for (size_t s = 0; s < c->n_schools; s++) {
        if (!has[s])
            continue;
        const rotas_school *sc = &c->schools[s];
        int np = school_periods(tt, c, (int)s);
        size_t *cells = calloc((size_t)(np * days) + 1, sizeof *cells);
        if (!cells) {
            *oom = 1;
            return;
        }
        for (size_t k = sc->first_class; k < sc->first_class + sc->n_classes; k++) {
            memset(cells, 0, ((size_t)(np * days) + 1) * sizeof *cells);
            for (size_t i = 0; i < tt->n_lessons; i++) {
                const rotas_lesson *l = &tt->lessons[i];
                if (l->klass == (int)k && l->day >= 0 && l->day < days && l->period >= 0 &&
                    l->period < np)
                    cells[l->period * days + l->day] = i + 1;
            }
            rotas__buf_puts(b, "<div class=\"grid-page\"><h3>");
            E(b, rotas__school_name(c, (int)s));
            rotas__buf_puts(b, " · ");
            {
                rotas__buf cl = {0};
                rotas__class_label(&cl, c, (int)k, lang);
                E(b, rotas__buf_str(&cl));
                if (cl.oom)
                    *oom = 1;
                rotas__buf_free(&cl);
            }
            rotas__buf_puts(b, "</h3>\n");
            grid_head(b, days, lang);
            for (int pd = 0; pd < np; pd++) {
                char bell[32];
                rotas__bell_text(bell, sizeof bell, c, (int)s, pd);
                rotas__buf_printf(b, "<tr><th class=\"p\">%s%d%s<br>%s</th>",
                                  lang == ROTAS_LANG_EN ? "Period " : "第", pd + 1,
                                  lang == ROTAS_LANG_EN ? "" : "节", bell);
                for (int d = 0; d < days; d++) {
                    size_t li = cells[pd * days + d];
                    if (!li) {
                        rotas__buf_puts(b, "<td></td>");
                        continue;
                    }
                    const rotas_lesson *l = &tt->lessons[li - 1];
                    rotas__buf_printf(b,
                                      "<td class=\"lesson\" style=\"border-left:4px solid %s\">"
                                      "<span class=\"s\">",
                                      subject_colour(l->subject));
                    E(b, rotas__subject_name(c, l->subject, lang));
                    rotas__buf_puts(b, "</span><span class=\"t\">");
                    E(b, rotas__teacher_name(c, l->teacher));
                    rotas__buf_puts(b, "</span></td>");
                }
                rotas__buf_puts(b, "</tr>\n");
            }
            rotas__buf_puts(b, "</tbody></table>");
            for (size_t u = 0; u < tt->n_unscheduled; u++) {
                const rotas_unscheduled *un = &tt->unscheduled[u];
                if (un->klass != (int)k || un->periods <= 0)
                    continue;
                rotas__buf_puts(b, "<p class=\"pending\">");
                E(b, rotas__label(L_PENDING, lang));
                rotas__buf_puts(b, lang == ROTAS_LANG_EN ? ": " : "：");
                E(b, rotas__subject_name(c, un->subject, lang));
                rotas__buf_printf(b, " ×%d (", un->periods);
                E(b, rotas__unscheduled_reason(tt, c, (int)k, un->subject, lang));
                rotas__buf_puts(b, ")</p>");
            }
            rotas__buf_puts(b, "</div>\n");
        }
        free(cells);
    }
}

static void teacher_grids(rotas__buf *b, const rotas_timetable *tt, const rotas_county *c,
                          const char *seen, rotas_lang lang, int *oom)
{
    int days = tt_days(tt), np = school_periods(tt, c, -1);
    if (tt->periods > np)
        np = tt->periods;
    size_t *cells = calloc((size_t)(np * days) + 1, sizeof *cells);
    rotas__buf cls = {0};
    if (!cells) {
        *oom = 1;
        return;
    }
    for (size_t t = 0; t < c->n_teachers; t++) {
        if (!seen[t])
            continue;
        memset(cells, 0, ((size_t)(np * days) + 1) * sizeof *cells);
        for (size_t i = 0; i < tt->n_lessons; i++) {
            const rotas_lesson *l = &tt->lessons[i];
            if (l->teacher == (int)t && l->day >= 0 && l->day < days && l->period >= 0 &&
                l->period < np)
                cells[l->period * days + l->day] = i + 1;
        }
        rotas__buf_puts(b, "<div class=\"grid-page\"><h3>");
        E(b, rotas__teacher_name(c, (int)t));
        rotas__buf_puts(b, " (");
        E(b, rotas__teacher_id(c, (int)t));
        rotas__buf_puts(b, ")");
        if (c->teachers[t].n_subjects) {
            rotas__buf_puts(b, " · ");
            E(b, rotas__subject_name(c, c->teachers[t].subjects[0], lang));
        }
        rotas__buf_puts(b, "</h3>\n");
        grid_head(b, days, lang);
        for (int pd = 0; pd < np; pd++) {
            rotas__buf_printf(b, "<tr><th class=\"p\">%s%d%s</th>",
                              lang == ROTAS_LANG_EN ? "Period " : "第", pd + 1,
                              lang == ROTAS_LANG_EN ? "" : "节");
            for (int d = 0; d < days; d++) {
                size_t li = cells[pd * days + d];
                if (!li) {
                    rotas__buf_puts(b, "<td></td>");
                    continue;
                }
                const rotas_lesson *l = &tt->lessons[li - 1];
                char bell[32];
                rotas__bell_text(bell, sizeof bell, c, l->school, l->period);
                rotas__buf_printf(b,
                                  "<td class=\"lesson\" style=\"border-left:4px solid %s\">"
                                  "<span class=\"s\">",
                                  palette[(size_t)(l->school < 0 ? 0 : l->school) % N_PALETTE]);
                E(b, rotas__school_name(c, l->school));
                rotas__buf_puts(b, "</span><span class=\"t\">");
                rotas__buf_reset(&cls);
                rotas__class_label(&cls, c, l->klass, lang);
                E(b, rotas__buf_str(&cls));
                rotas__buf_puts(b, " ");
                E(b, rotas__subject_name(c, l->subject, lang));
                rotas__buf_printf(b, "<br>%s</span></td>", bell);
            }
            rotas__buf_puts(b, "</tr>\n");
        }
        rotas__buf_puts(b, "</tbody></table></div>\n");
    }
    if (cls.oom)
        *oom = 1;
    rotas__buf_free(&cls);
    free(cells);
}

/* Day view of each itinerant teacher: a row per day on a time axis, a block per lesson
   coloured by school, travel drawn between blocks at different schools. */
static void route_views(rotas__buf *b, const rotas_timetable *tt, const rotas_county *c,
                        rotas_lang lang, int *oom)
{
    int days = tt_days(tt);
    char *itin = calloc(c->n_teachers + 1, 1);
    size_t *day_lessons = calloc(tt->n_lessons + 1, sizeof *day_lessons);
    rotas__buf tip = {0};
    if (!itin || !day_lessons) {
        *oom = 1;
        goto done;
    }
    for (size_t i = 0; i < tt->n_routes; i++)
        if (tt->routes[i].n_schools >= 2 && tt->routes[i].teacher >= 0 &&
            (size_t)tt->routes[i].teacher < c->n_teachers)
            itin[tt->routes[i].teacher] = 1;
    int t0 = 24 * 60, t1 = 0;
    for (size_t i = 0; i < tt->n_lessons; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        if (l->school < 0 || (size_t)l->school >= c->n_schools)
            continue;
        size_t nb;
        const rotas_bell_period *bell = rotas_school_bell(&c->schools[l->school], &nb);
        if (l->period < 0 || (size_t)l->period >= nb)
            continue;
        if (bell[l->period].start < t0)
            t0 = bell[l->period].start;
        if (bell[l->period].end > t1)
            t1 = bell[l->period].end;
    }
    if (t1 <= t0) {
        t0 = 8 * 60;
        t1 = 17 * 60;
    }
    t0 = (t0 / 60) * 60;
    t1 = ((t1 + 59) / 60) * 60;
    const double W = 900, left = 90, right = 20, rowh = 34, top = 26;
    double span = (double)(t1 - t0);
    size_t shown = 0;
    for (size_t t = 0; t < c->n_teachers; t++) {
        if (!itin[t])
            continue;
        shown++;
        double H = top + rowh * days + 10;
        rotas__buf_puts(b, "<h3>");
        E(b, rotas__teacher_name(c, (int)t));
        rotas__buf_puts(b, " (");
        E(b, rotas__teacher_id(c, (int)t));
        rotas__buf_puts(b, ")</h3>\n");
        rotas__buf_printf(
            b,
            "<svg class=\"route\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" data-teacher=\"",
            W, H, W, H);
        E(b, rotas__teacher_id(c, (int)t));
        rotas__buf_puts(b, "\">\n<g font-size=\"11\" fill=\"#5b6675\">");
        for (int m = t0; m <= t1; m += 60) {
            double x = left + (W - left - right) * (m - t0) / span;
            rotas__buf_printf(b,
                              "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
                              "stroke=\"#e3e7ec\"/><text x=\"%.1f\" y=\"16\" "
                              "text-anchor=\"middle\">%02d:00</text>",
                              x, top - 4, x, H - 6, x, m / 60);
        }
        rotas__buf_puts(b, "</g>\n");
        for (int d = 0; d < days; d++) {
            double y = top + rowh * d;
            rotas__buf_printf(b, "<text x=\"6\" y=\"%.1f\" font-size=\"12\">", y + rowh / 2 + 4);
            E(b, rotas__day_label(d, lang));
            rotas__buf_puts(b, "</text>\n");
            /* this day's lessons in time order */
            size_t n = 0;
            for (size_t i = 0; i < tt->n_lessons; i++)
                if (tt->lessons[i].teacher == (int)t && tt->lessons[i].day == d)
                    day_lessons[n++] = i;
            for (size_t i = 1; i < n; i++) /* insertion sort by start time */
                for (size_t j = i; j > 0; j--) {
                    const rotas_lesson *x = &tt->lessons[day_lessons[j - 1]];
                    const rotas_lesson *yl = &tt->lessons[day_lessons[j]];
                    char bx[32], by[32];
                    rotas__bell_text(bx, sizeof bx, c, x->school, x->period);
                    rotas__bell_text(by, sizeof by, c, yl->school, yl->period);
                    if (strcmp(bx, by) <= 0)
                        break;
                    size_t tmp = day_lessons[j];
                    day_lessons[j] = day_lessons[j - 1];
                    day_lessons[j - 1] = tmp;
                }
            double prev_end = -1;
            int prev_school = -1;
            for (size_t i = 0; i < n; i++) {
                const rotas_lesson *l = &tt->lessons[day_lessons[i]];
                size_t nb;
                if (l->school < 0 || (size_t)l->school >= c->n_schools)
                    continue;
                const rotas_bell_period *bell = rotas_school_bell(&c->schools[l->school], &nb);
                if (l->period < 0 || (size_t)l->period >= nb)
                    continue;
                double x0 = left + (W - left - right) * (bell[l->period].start - t0) / span;
                double x1 = left + (W - left - right) * (bell[l->period].end - t0) / span;
                if (prev_school >= 0 && prev_school != l->school && prev_end >= 0) {
                    double mins = rotas_county_minutes(c, prev_school, l->school);
                    double km = rotas_county_km(c, prev_school, l->school);
                    rotas__buf_printf(b,
                                      "<line class=\"travel\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                                      "y2=\"%.1f\" stroke=\"#333\" stroke-dasharray=\"3 2\">"
                                      "<title>%.1f km, %.0f min</title></line>\n",
                                      prev_end, y + rowh / 2, x0, y + rowh / 2, km, mins);
                }
                rotas__buf_reset(&tip);
                rotas__buf_puts(&tip, rotas__school_name(c, l->school));
                rotas__buf_puts(&tip, " ");
                rotas__class_label(&tip, c, l->klass, lang);
                rotas__buf_printf(&tip, " %s %02d:%02d-%02d:%02d",
                                  rotas__subject_name(c, l->subject, lang),
                                  bell[l->period].start / 60, bell[l->period].start % 60,
                                  bell[l->period].end / 60, bell[l->period].end % 60);
                rotas__buf_printf(b,
                                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                                  "rx=\"3\" fill=\"%s\"><title>",
                                  x0, y + 5, x1 - x0 > 1 ? x1 - x0 : 1, rowh - 10,
                                  palette[(size_t)l->school % N_PALETTE]);
                E(b, rotas__buf_str(&tip));
                rotas__buf_puts(b, "</title></rect>\n");
                /* the block's label: class and subject */
                rotas__buf_reset(&tip);
                rotas__class_short(&tip, c, l->klass, lang);
                rotas__buf_printf(&tip, " %s", rotas__subject_name(c, l->subject, lang));
                rotas__buf_printf(b,
                                  "<text class=\"block-label\" x=\"%.1f\" y=\"%.1f\" "
                                  "font-size=\"9\" text-anchor=\"middle\" fill=\"#111\">",
                                  (x0 + x1) / 2, y + rowh / 2 + 3);
                E(b, rotas__buf_str(&tip));
                rotas__buf_puts(b, "</text>\n");
                prev_end = x1;
                prev_school = l->school;
            }
        }
        rotas__buf_puts(b, "</svg>\n<div class=\"legend\">");
        /* schools of this teacher */
        for (size_t s = 0; s < c->n_schools; s++) {
            int uses = 0;
            for (size_t i = 0; i < tt->n_lessons && !uses; i++)
                uses = tt->lessons[i].teacher == (int)t && tt->lessons[i].school == (int)s;
            if (!uses)
                continue;
            rotas__buf_printf(b, "<span><i class=\"sw\" style=\"background:%s\"></i>",
                              palette[s % N_PALETTE]);
            E(b, rotas__school_name(c, (int)s));
            rotas__buf_puts(b, "</span>");
        }
        rotas__buf_puts(b, "</div>\n");
    }
    if (!shown) {
        rotas__buf_puts(b, "<p>");
        E(b, rotas__label(L_NONE, lang));
        rotas__buf_puts(b, "</p>\n");
    }
done:
    if (tip.oom)
        *oom = 1;
    rotas__buf_free(&tip);
    free(itin);
    free(day_lessons);
}

rotas_rc rotas_render_timetable_html(const rotas_timetable *t, const rotas_county *c,
                                     const char *path, rotas_lang lang, rotas_error *err)
{
    rotas__buf b = {0};
    rotas__table tabs[5];
    int oom = 0;
    char *has = calloc(c->n_schools + 1, 1);
    char *seen = calloc(c->n_teachers + 1, 1);
    rotas__tt_routes_table(&tabs[0], t, c, lang);
    rotas__tt_unscheduled_table(&tabs[1], t, c, lang);
    rotas__tt_summary_table(&tabs[2], t, c, lang);
    rotas__tt_load_table(&tabs[3], t, c, lang);
    rotas__tt_room_table(&tabs[4], t, c, lang);
    for (int i = 0; i < 5; i++)
        oom |= tabs[i].oom;
    if (!has || !seen) {
        oom = 1;
        goto out;
    }
    for (size_t s = 0; s < c->n_schools; s++)
        has[s] = t->cluster >= 0 && c->schools[s].cluster == t->cluster;
    for (size_t i = 0; i < t->n_lessons; i++) {
        const rotas_lesson *l = &t->lessons[i];
        if (l->school >= 0 && (size_t)l->school < c->n_schools)
            has[l->school] = 1;
        if (l->teacher >= 0 && (size_t)l->teacher < c->n_teachers)
            seen[l->teacher] = 1;
    }
    char title[400];
    snprintf(title, sizeof title, "%s %s", rotas__cluster_name(c, t->cluster, lang),
             rotas__label(L_TITLE_TT, lang));
    rotas__utf8_trim(title);
    page_head(&b, title, lang);
    rotas__buf_puts(&b, "<header><h1>");
    E(&b, title);
    rotas__buf_puts(&b, "</h1><p class=\"meta\">");
    E(&b, rotas__label(L_STATUS, lang));
    rotas__buf_puts(&b, lang == ROTAS_LANG_EN ? ": " : "：");
    {
        char st[160];
        E(&b, rotas__plain_status(st, sizeof st, (int)t->status, t->gap, 0, lang));
    }
    rotas__buf_puts(&b, "</p></header>\n");
    rotas__buf_printf(&b,
                      "<nav><a href=\"#sec-master\">%s</a><a href=\"#sec-all-teachers\">%s</a>"
                      "<a href=\"#sec-loads\">%s</a>"
                      "<a href=\"#sec-classes\">%s</a><a href=\"#sec-teachers\">%s</a>"
                      "<a href=\"#sec-routes\">%s</a><a href=\"#sec-unscheduled\">%s</a></nav>\n",
                      rotas__label(L_MASTER, lang), rotas__label(L_ALL_TEACHERS, lang),
                      rotas__label(L_SHEET_LOADS, lang), rotas__label(L_CLASS_GRIDS, lang),
                      rotas__label(L_TEACHER_GRIDS, lang), rotas__label(L_ROUTES_DAY, lang),
                      rotas__label(L_SHEET_UNSCHEDULED, lang));
    long uns = 0;
    for (size_t i = 0; i < t->n_unscheduled; i++)
        uns += t->unscheduled[i].periods;
    rotas__buf_puts(&b, "<section class=\"figures\">");
    fig_num(&b, (double)t->n_lessons, 0, L_LESSONS_N, lang);
    fig_num(&b, (double)uns, 0, L_UNSCHEDULED_N, lang);
    fig_num(&b, t->capacity_bound, 0, L_CAPACITY_BOUND, lang);
    fig_num(&b, t->school_changes, 0, L_SCHOOL_CHANGES, lang);
    fig_num(&b, t->km, 1, L_KM_TOTAL, lang);
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-master", rotas__label(L_MASTER, lang));
    rotas__tt_master_html(&b, t, c, has, lang, &oom);
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-all-teachers", rotas__label(L_ALL_TEACHERS, lang));
    rotas__tt_all_teachers_html(&b, t, c, lang, &oom);
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-loads", rotas__label(L_SHEET_LOADS, lang));
    html_table(&b, &tabs[3], lang, 1, "loads");
    if (rotas__table_rows(&tabs[4]) > 0) {
        rotas__buf_puts(&b, "</section>\n<section>");
        h2(&b, "sec-rooms", rotas__label(L_SHEET_ROOMS, lang));
        html_table(&b, &tabs[4], lang, 1, "rooms");
    }
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-routes", rotas__label(L_ROUTES_DAY, lang));
    route_views(&b, t, c, lang, &oom);
    html_table(&b, &tabs[0], lang, 1, "routes");
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-classes", rotas__label(L_CLASS_GRIDS, lang));
    class_grids(&b, t, c, has, lang, &oom);
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-teachers", rotas__label(L_TEACHER_GRIDS, lang));
    teacher_grids(&b, t, c, seen, lang, &oom);
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-unscheduled", rotas__label(L_SHEET_UNSCHEDULED, lang));
    html_table(&b, &tabs[1], lang, 1, "unscheduled");
    rotas__buf_puts(&b, "</section>\n<section>");
    h2(&b, "sec-summary", rotas__label(L_SHEET_SUMMARY, lang));
    html_table(&b, &tabs[2], lang, 0, "summary");
    rotas__buf_puts(&b, "</section>\n");
    page_tail(&b);
out:;
    rotas_rc rc = finish(&b, oom, path, err);
    rotas__buf_free(&b);
    for (int i = 0; i < 5; i++)
        rotas__table_free(&tabs[i]);
    free(has);
    free(seen);
    return rc;
}
