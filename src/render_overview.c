/*
 * render_overview.c - the overviews a school prints from a cluster timetable: each school's
 * 总课表 on one A4 landscape page, all teachers' week on one page (time across, as FET prints
 * it), the teachers' loads, and the reason a lesson is still pending (待排).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_int.h"

#define E rotas__html_escape

static int days_of(const rotas_timetable *tt)
{
    int d = tt->days > 0 && tt->days <= 7 ? tt->days : ROTAS_DAYS;
    for (size_t i = 0; i < tt->n_lessons; i++)
        if (tt->lessons[i].day + 1 > d && tt->lessons[i].day < 7)
            d = tt->lessons[i].day + 1;
    return d;
}

/* Periods shown for school s (its bell, or more if a lesson lies beyond); s < 0: the most of
   any school with lessons. */
static int periods_of(const rotas_timetable *tt, const rotas_county *c, int s)
{
    int n = tt->periods > 0 && s < 0 ? tt->periods : 0;
    if (s >= 0 && (size_t)s < c->n_schools) {
        size_t nb = 0;
        rotas_school_bell(&c->schools[s], &nb);
        n = (int)nb;
    }
    for (size_t i = 0; i < tt->n_lessons; i++)
        if ((s < 0 || tt->lessons[i].school == s) && tt->lessons[i].period + 1 > n)
            n = tt->lessons[i].period + 1;
    return n > 0 ? n : 1;
}

static int teacher_cap(const rotas_timetable *tt, const rotas_county *c, int t)
{
    int m = c->teachers[t].max_periods;
    return m > 0 ? m : tt->policy.default_max_periods;
}

const char *rotas__unscheduled_reason(const rotas_timetable *tt, const rotas_county *c, int k,
                                      int j, rotas_lang lang)
{
    int en = lang == ROTAS_LANG_EN;
    if (k < 0 || (size_t)k >= c->n_classes || j < 0 || (size_t)j >= c->n_subjects)
        return "?";
    int s = c->classes[k].school, cl = s >= 0 ? c->schools[s].cluster : -1;
    int any = 0, room = 0;
    for (size_t t = 0; t < c->n_teachers; t++) {
        const rotas_teacher *T = &c->teachers[t];
        int teaches = 0;
        for (size_t q = 0; q < T->n_subjects; q++)
            teaches |= T->subjects[q] == j;
        if (!teaches || T->school < 0)
            continue;
        if (c->subjects[j].shortage
                ? !(T->school == s || (cl >= 0 && c->schools[T->school].cluster == cl))
                : T->school != s)
            continue;
        any = 1;
        int load = 0;
        for (size_t i = 0; i < tt->n_lessons; i++)
            load += tt->lessons[i].teacher == (int)t;
        room |= load < teacher_cap(tt, c, (int)t);
    }
    if (!any)
        return en ? "no teacher of the subject may teach this class" : "无可任课的本学科教师";
    if (!room)
        return en ? "the teachers of the subject are at their weekly maximum"
                  : "本学科教师周课时已满";
    return en ? "no free period fits (class, teachers, travel or slot rules)"
              : "无可用时段（班级、教师、路程或排课规则冲突）";
}

void rotas__tt_load_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                          rotas_lang lang)
{
    static const int heads[] = {L_TEACHER_ID,  L_NAME,   L_MAIN_SUBJECT,   L_SCHOOL, L_LOAD_PERIODS,
                                L_MAX_PERIODS, L_DAYS_N, L_SCHOOLS_TAUGHT, L_KM};
    rotas__table_init(t, "loads", L_SHEET_LOADS, sizeof heads / sizeof heads[0], heads);
    size_t nt = c->n_teachers, ns = c->n_schools;
    int *load = calloc(nt + 1, sizeof *load);
    unsigned *days = calloc(nt + 1, sizeof *days);
    unsigned char *at = calloc(nt * (ns ? ns : 1) + 1, 1);
    double *km = calloc(nt + 1, sizeof *km);
    if (!load || !days || !at || !km) {
        t->oom = 1;
        goto done;
    }
    for (size_t i = 0; i < tt->n_lessons; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        if (l->teacher < 0 || (size_t)l->teacher >= nt)
            continue;
        load[l->teacher]++;
        if (l->day >= 0 && l->day < 31)
            days[l->teacher] |= 1u << l->day;
        if (l->school >= 0 && (size_t)l->school < ns)
            at[(size_t)l->teacher * ns + (size_t)l->school] = 1;
    }
    for (size_t i = 0; i < tt->n_routes; i++)
        if (tt->routes[i].teacher >= 0 && (size_t)tt->routes[i].teacher < nt)
            km[tt->routes[i].teacher] += tt->routes[i].km;
    for (size_t u = 0; u < nt; u++) {
        if (!load[u])
            continue;
        const rotas_teacher *T = &c->teachers[u];
        int nsch = 0;
        for (size_t s = 0; s < ns; s++)
            nsch += at[u * ns + s];
        rotas__table_text(t, rotas__teacher_id(c, (int)u));
        rotas__table_text(t, rotas__teacher_name(c, (int)u));
        rotas__table_text(t, T->n_subjects ? rotas__subject_name(c, T->subjects[0], lang) : "");
        rotas__table_text(t, rotas__school_name(c, T->school));
        rotas__table_num(t, load[u], 0);
        rotas__table_num(t, teacher_cap(tt, c, (int)u), 0);
        rotas__table_num(t, __builtin_popcount(days[u]), 0);
        rotas__table_num(t, nsch, 0);
        rotas__table_num(t, km[u], 1);
    }
done:
    free(load);
    free(days);
    free(at);
    free(km);
}

void rotas__tt_room_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                          rotas_lang lang)
{
    static const int heads[] = {L_SCHOOL,        L_ROOM_ID,   L_NAME,      L_ROOM_KIND,
                                L_ROOM_CAPACITY, L_ROOM_USED, L_ROOM_PEAK, L_ROOM_SHARE};
    rotas__table_init(t, "rooms", L_SHEET_ROOMS, sizeof heads / sizeof heads[0], heads);
    int days = days_of(tt);
    for (size_t s = 0; s < c->n_schools; s++) {
        const rotas_school *sc = &c->schools[s];
        if (!sc->n_rooms || tt->cluster < 0 || sc->cluster != tt->cluster)
            continue;
        int np = periods_of(tt, c, (int)s);
        size_t slots = (size_t)days * (size_t)(np > 0 ? np : 1);
        int *at = calloc(slots * sc->n_rooms + 1, sizeof *at);
        if (!at) {
            t->oom = 1;
            return;
        }
        for (size_t i = 0; i < tt->n_lessons; i++) {
            const rotas_lesson *l = &tt->lessons[i];
            if (l->school != (int)s || l->room <= 0 || (size_t)l->room > sc->n_rooms ||
                l->day < 0 || l->day >= days || l->period < 0 || l->period >= np)
                continue;
            at[(size_t)(l->room - 1) * slots + (size_t)l->day * (size_t)np + (size_t)l->period]++;
        }
        for (size_t r = 0; r < sc->n_rooms; r++) {
            const rotas_room *rm = &sc->rooms[r];
            int used = 0, peak = 0, busy = 0;
            for (size_t q = 0; q < slots; q++) {
                int n = at[r * slots + q];
                used += n;
                busy += n > 0;
                if (n > peak)
                    peak = n;
            }
            rotas__table_text(t, rotas__school_name(c, (int)s));
            rotas__table_text(t, rm->id ? rm->id : "");
            rotas__table_text(t, rm->name ? rm->name : "");
            rotas__table_text(t, rm->kind ? rm->kind : "");
            rotas__table_num(t, rm->capacity, 0);
            rotas__table_num(t, used, 0);
            rotas__table_num(t, peak, 0);
            rotas__table_num(t, slots ? 100.0 * busy / (double)slots : 0.0, 0);
        }
        free(at);
    }
    (void)lang;
}

static const char overview_css[] =
    "<style>"
    "@page master{size:A4 landscape;margin:6mm}"
    ".master-page,.allt-page{page:master;margin-bottom:18px;overflow-x:auto}"
    "table.master,table.allt{border-collapse:collapse;table-layout:fixed;font-size:9px}"
    "table.master th,table.master td,table.allt th,table.allt td{border:1px solid #b8c0ca;"
    "padding:1px 2px;text-align:center;vertical-align:middle;overflow:hidden}"
    "table.master td{min-width:26px;height:24px}table.allt td{min-width:22px;height:14px;"
    "white-space:nowrap}"
    "table.master th.k,table.allt th.k{text-align:left;white-space:nowrap}"
    "table.master th.d,table.allt th.d{border-left:2px solid #5b6675}"
    "td.dl{border-left:2px solid #5b6675!important}"
    "td.pending{color:#b00020;text-align:left;white-space:normal}th.pending{width:110px}"
    "th.k{width:64px}"
    ".master small{display:block;color:#5b6675}"
    "@media print{.master-page,.allt-page{break-after:page;page-break-after:always;"
    "break-inside:avoid;overflow:visible;margin:0}.master-page h3,.allt-page h3{margin:0 0 2px}"
    "table.master,table.allt{width:100%;font-size:7px;line-height:1.1}"
    "table.master td{height:auto;min-width:0}"
    "table.allt td,table.allt th{height:var(--rh,8px);line-height:var(--rh,8px);min-width:0;"
    "padding:0 1px;font-size:calc(var(--rh,8px) * .8)}"
    "table.allt th,table.allt td{border-width:.5px}.allt-page .legend{font-size:8px;margin:0}}"
    "</style>\n";

/* "音乐×2" for each pending subject of class k; the reasons go to the title. */
static int pending_cell(rotas__buf *b, const rotas_timetable *tt, const rotas_county *c, int k,
                        rotas_lang lang)
{
    int n = 0;
    for (size_t i = 0; i < tt->n_unscheduled; i++) {
        const rotas_unscheduled *u = &tt->unscheduled[i];
        if (u->klass != k || u->periods <= 0)
            continue;
        if (n++)
            rotas__buf_puts(b, lang == ROTAS_LANG_EN ? "; " : "；");
        E(b, rotas__subject_name(c, u->subject, lang));
        rotas__buf_printf(b, "×%d ", u->periods);
        rotas__buf_puts(b, "<small>");
        E(b, rotas__unscheduled_reason(tt, c, k, u->subject, lang));
        rotas__buf_puts(b, "</small>");
    }
    return n;
}

/* cells[day * np + period] = lesson index + 1 of class k (k >= 0) or else of teacher t. */
static void fill_cells(size_t *cells, const rotas_timetable *tt, int days, int np, int k, int t)
{
    memset(cells, 0, ((size_t)days * (size_t)np + 1) * sizeof *cells);
    for (size_t i = 0; i < tt->n_lessons; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        if ((k >= 0 ? l->klass == k : l->teacher == t) && l->day >= 0 && l->day < days &&
            l->period >= 0 && l->period < np)
            cells[(size_t)l->day * (size_t)np + (size_t)l->period] = i + 1;
    }
}

/* The day headers (a cell spanning np periods each), then extra (header cells of the first
   row, may be ""), then the row of period numbers. */
static void day_heads(rotas__buf *b, int days, int np, const char *extra, rotas_lang lang)
{
    for (int d = 0; d < days; d++) {
        rotas__buf_printf(b, "<th class=\"d\" colspan=\"%d\">", np);
        E(b, rotas__day_label(d, lang));
        rotas__buf_puts(b, "</th>");
    }
    rotas__buf_puts(b, extra);
    rotas__buf_puts(b, "</tr><tr>");
    for (int d = 0; d < days; d++)
        for (int p = 0; p < np; p++)
            rotas__buf_printf(b, "<th%s>%d</th>", p == 0 ? " class=\"d\"" : "", p + 1);
    rotas__buf_puts(b, "</tr></thead><tbody>\n");
}

/* " dl" for a day's first period (the day's left rule), else "". */
static const char *day_rule(size_t q, int np)
{
    return q % (size_t)np == 0 ? " dl" : "";
}

void rotas__tt_master_html(rotas__buf *b, const rotas_timetable *tt, const rotas_county *c,
                           const char *has, rotas_lang lang, int *oom)
{
    int days = days_of(tt);
    rotas__buf cl = {0};
    rotas__buf_puts(b, overview_css);
    for (size_t s = 0; s < c->n_schools; s++) {
        if (!has[s] || !c->schools[s].n_classes)
            continue;
        const rotas_school *sc = &c->schools[s];
        int np = periods_of(tt, c, (int)s);
        size_t ncell = (size_t)np * (size_t)days;
        size_t *cells = calloc(ncell + 1, sizeof *cells);
        if (!cells) {
            *oom = 1;
            break;
        }
        int any_pending = 0;
        for (size_t i = 0; i < tt->n_unscheduled; i++)
            any_pending |= tt->unscheduled[i].periods > 0 && tt->unscheduled[i].klass >= 0 &&
                           c->classes[tt->unscheduled[i].klass].school == (int)s;
        rotas__buf_printf(b, "<div class=\"master-page\" data-school=\"%s\"><h3>", sc->id);
        E(b, rotas__school_name(c, (int)s));
        rotas__buf_puts(b, " ");
        E(b, rotas__label(L_MASTER, lang));
        rotas__buf_printf(b,
                          "</h3>\n<table class=\"master\"><thead><tr><th class=\"k\" "
                          "rowspan=\"2\">%s</th>",
                          rotas__label(L_CLASS, lang));
        char extra[160];
        snprintf(extra, sizeof extra, "<th class=\"pending\" rowspan=\"2\">%s</th>",
                 rotas__label(L_PENDING, lang));
        day_heads(b, days, np, any_pending ? extra : "", lang);
        for (size_t k = sc->first_class; k < sc->first_class + sc->n_classes; k++) {
            fill_cells(cells, tt, days, np, (int)k, -1);
            rotas__buf_reset(&cl);
            rotas__class_label(&cl, c, (int)k, lang);
            rotas__buf_puts(b, "<tr><th class=\"k\">");
            E(b, rotas__buf_str(&cl));
            rotas__buf_puts(b, "</th>");
            for (size_t q = 0; q < ncell; q++) {
                const char *dl = day_rule(q, np);
                if (!cells[q]) {
                    rotas__buf_printf(b, "<td class=\"%s\"></td>", dl + (dl[0] ? 1 : 0));
                    continue;
                }
                const rotas_lesson *l = &tt->lessons[cells[q] - 1];
                rotas__buf_printf(b, "<td class=\"mc%s\">", dl);
                E(b, rotas__subject_name(c, l->subject, lang));
                rotas__buf_puts(b, "<small>");
                E(b, rotas__teacher_name(c, l->teacher));
                rotas__buf_puts(b, "</small></td>");
            }
            if (any_pending) {
                rotas__buf_puts(b, "<td class=\"pending\">");
                pending_cell(b, tt, c, (int)k, lang);
                rotas__buf_puts(b, "</td>");
            }
            rotas__buf_puts(b, "</tr>\n");
        }
        rotas__buf_puts(b, "</tbody></table></div>\n");
        free(cells);
    }
    if (cl.oom)
        *oom = 1;
    rotas__buf_free(&cl);
}

void rotas__tt_all_teachers_html(rotas__buf *b, const rotas_timetable *tt, const rotas_county *c,
                                 rotas_lang lang, int *oom)
{
    int days = days_of(tt), np = periods_of(tt, c, -1);
    size_t ncell = (size_t)np * (size_t)days;
    size_t *cells = calloc(ncell + 1, sizeof *cells);
    char *seen = calloc(c->n_teachers + 1, 1);
    char *used = calloc(c->n_schools + 1, 1);
    rotas__buf cl = {0};
    if (!cells || !seen || !used) {
        *oom = 1;
        goto done;
    }
    for (size_t i = 0; i < tt->n_lessons; i++) {
        const rotas_lesson *l = &tt->lessons[i];
        if (l->teacher >= 0 && (size_t)l->teacher < c->n_teachers)
            seen[l->teacher] = 1;
        if (l->school >= 0 && (size_t)l->school < c->n_schools)
            used[l->school] = 1;
    }
    rotas__buf_puts(b, "<div class=\"allt-page\"><h3>");
    E(b, rotas__cluster_name(c, tt->cluster, lang));
    rotas__buf_puts(b, " ");
    E(b, rotas__label(L_ALL_TEACHERS, lang));
    rotas__buf_puts(b, "</h3>\n<div class=\"legend\">");
    for (size_t s = 0; s < c->n_schools; s++) {
        if (!used[s])
            continue;
        rotas__buf_printf(b, "<span><i class=\"sw\" style=\"background:hsl(%zu,60%%,80%%)\"></i>",
                          (s * 137 + 20) % 360);
        E(b, rotas__school_name(c, (int)s));
        rotas__buf_puts(b, "</span>");
    }
    /* printed row height: the teachers and two header rows fit one A4 landscape page
       (about 700 px of table) */
    size_t n_t = 0;
    for (size_t t = 0; t < c->n_teachers; t++)
        n_t += seen[t] != 0;
    double rh = 700.0 / (double)(n_t + 3);
    rh = rh > 8 ? 8 : rh < 3 ? 3 : rh;
    rotas__buf_printf(b,
                      "</div>\n<table class=\"allt\" style=\"--rh:%.1fpx\"><thead><tr>"
                      "<th class=\"k\" rowspan=\"2\">%s</th>",
                      rh, rotas__label(L_TEACHER, lang));
    day_heads(b, days, np, "", lang);
    for (size_t t = 0; t < c->n_teachers; t++) {
        if (!seen[t])
            continue;
        fill_cells(cells, tt, days, np, -1, (int)t);
        rotas__buf_printf(b, "<tr data-teacher=\"%s\"><th class=\"k\">", c->teachers[t].id);
        E(b, rotas__teacher_name(c, (int)t));
        rotas__buf_puts(b, "</th>");
        for (size_t q = 0; q < ncell; q++) {
            const char *dl = day_rule(q, np);
            if (!cells[q]) {
                rotas__buf_printf(b, "<td class=\"%s\"></td>", dl + (dl[0] ? 1 : 0));
                continue;
            }
            const rotas_lesson *l = &tt->lessons[cells[q] - 1];
            rotas__buf_printf(b,
                              "<td class=\"tw%s\" style=\"background:hsl(%d,60%%,80%%)\" "
                              "title=\"",
                              dl, (l->school * 137 + 20) % 360);
            rotas__buf_reset(&cl);
            rotas__buf_puts(&cl, rotas__school_name(c, l->school));
            rotas__buf_puts(&cl, " ");
            rotas__class_label(&cl, c, l->klass, lang);
            rotas__buf_puts(&cl, " ");
            rotas__buf_puts(&cl, rotas__subject_name(c, l->subject, lang));
            E(b, rotas__buf_str(&cl));
            rotas__buf_puts(b, "\">");
            rotas__buf_reset(&cl);
            rotas__class_short(&cl, c, l->klass, lang);
            E(b, rotas__buf_str(&cl));
            rotas__buf_puts(b, "</td>");
        }
        rotas__buf_puts(b, "</tr>\n");
    }
    rotas__buf_puts(b, "</tbody></table></div>\n");
done:
    if (cl.oom)
        *oom = 1;
    rotas__buf_free(&cl);
    free(cells);
    free(seen);
    free(used);
}
