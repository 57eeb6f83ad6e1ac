/*
 * render_cover.c - printable notices of a daily cover (rotas-cover/1): one A4 page per teacher
 * who covers, swaps or is absent, and one per class whose lessons change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "render_int.h"
#include "rotas/outfile.h"
#include "rotas/cover.h"

static const char *tr(rotas_lang lang, const char *zh, const char *en)
{
    return lang == ROTAS_LANG_EN ? en : zh;
}

static const char css[] =
    "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;padding:16px;"
    "color:#222}"
    "h1{font-size:20px;margin:0 0 8px}h2{font-size:17px;margin:0 0 6px}"
    ".notice{border:1px solid #999;padding:14px 18px;margin:0 0 18px;max-width:180mm}"
    "table{border-collapse:collapse;width:100%;margin:6px 0}"
    "th,td{border:1px solid #888;padding:3px 6px;font-size:13px;text-align:left}"
    "th{background:#eee}.self{color:#a00;font-weight:bold}.sign{margin-top:18px;color:#555}"
    "@page{size:A4;margin:12mm}"
    "@media print{body{padding:0}.notice{border:none;page-break-after:always;margin:0}}";

/* One row of a notice: what happens at the lesson of entry e. */
static void what(rotas__buf *b, const rotas_cover *cv, const rotas_county *c,
                 const rotas_cover_entry *e, rotas_lang lang)
{
    const char *absent = rotas__teacher_name(c, e->absent);
    (void)cv;
    switch (e->kind) {
    case ROTAS_COVER_SUBSTITUTE:
        rotas__html_escape(b, rotas__teacher_name(c, e->teacher));
        rotas__buf_puts(b, tr(lang, " 代 ", " covers for "));
        rotas__html_escape(b, absent);
        rotas__buf_puts(b, tr(lang, " 上课", ""));
        break;
    case ROTAS_COVER_SWAP: {
        char d2[16], bell[32];
        rotas_date_format(e->swap_date, d2, sizeof d2);
        rotas__bell_text(bell, sizeof bell, c, e->school, e->swap_period);
        if (lang == ROTAS_LANG_EN)
            rotas__buf_printf(b, "swap: %s moves here; ",
                              rotas__subject_name(c, e->swap_subject, lang));
        else
            rotas__buf_printf(b, "调课：本节改上%s（",
                              rotas__subject_name(c, e->swap_subject, lang));
        rotas__html_escape(b, rotas__teacher_name(c, e->teacher));
        if (lang == ROTAS_LANG_EN)
            rotas__buf_printf(b, "); this lesson moves to %s %s period %d (%s), ", d2,
                              rotas__day_label(e->swap_day, lang), e->swap_period + 1, bell);
        else
            rotas__buf_printf(b, "）；本节课移至%s %s 第%d节（%s），仍由", d2,
                              rotas__day_label(e->swap_day, lang), e->swap_period + 1, bell);
        rotas__html_escape(b, absent);
        rotas__buf_puts(b, tr(lang, "上", " teaches it"));
        break;
    }
    case ROTAS_COVER_SELF_STUDY:
        rotas__buf_printf(b, "<span class=\"self\">%s</span> ", tr(lang, "自习", "self-study"));
        rotas__html_escape(b, e->reason);
        break;
    }
}

void rotas__cover_table(rotas__table *t, const rotas_cover *cv, const rotas_county *c,
                        rotas_lang lang)
{
    static const int heads[] = {L_DATE,    L_DAY,    L_PERIOD,      L_TIME,     L_SCHOOL, L_CLASS,
                                L_SUBJECT, L_ABSENT, L_ARRANGEMENT, L_COVER_BY, L_DETAIL};
    rotas__table_init(t, "cover", L_SHEET_COVER, sizeof heads / sizeof heads[0], heads);
    rotas__buf b = {0};
    for (size_t i = 0; i < cv->n_entries; i++) {
        const rotas_cover_entry *e = &cv->entries[i];
        char d[16], bell[32];
        rotas_date_format(e->date, d, sizeof d);
        rotas__bell_text(bell, sizeof bell, c, e->school, e->period);
        rotas__table_text(t, d);
        rotas__table_text(t, rotas__day_label(e->day, lang));
        rotas__table_num(t, e->period + 1, 0);
        rotas__table_text(t, bell);
        rotas__table_text(t, rotas__school_name(c, e->school));
        rotas__buf_reset(&b);
        rotas__class_label(&b, c, e->klass, lang);
        rotas__table_text(t, rotas__buf_str(&b));
        rotas__table_text(t, rotas__subject_name(c, e->subject, lang));
        rotas__table_text(t, rotas__teacher_name(c, e->absent));
        rotas__table_text(t, e->kind == ROTAS_COVER_SUBSTITUTE ? tr(lang, "代课", "substitute")
                             : e->kind == ROTAS_COVER_SWAP     ? tr(lang, "调课", "swap")
                                                               : tr(lang, "自习", "self-study"));
        rotas__table_text(
            t, e->kind == ROTAS_COVER_SELF_STUDY ? "" : rotas__teacher_name(c, e->teacher));
        rotas__buf_reset(&b);
        if (e->kind == ROTAS_COVER_SWAP) {
            char d2[16];
            rotas_date_format(e->swap_date, d2, sizeof d2);
            rotas__buf_printf(&b,
                              lang == ROTAS_LANG_EN
                                  ? "%s comes here; this lesson moves to %s %s period %d"
                                  : "本节改上%s；本节课移至%s %s第%d节",
                              rotas__subject_name(c, e->swap_subject, lang), d2,
                              rotas__day_label(e->swap_day, lang), e->swap_period + 1);
        } else if (e->kind == ROTAS_COVER_SELF_STUDY) {
            rotas__buf_puts(&b, e->reason);
        } else if (e->km > 0) {
            rotas__buf_printf(
                &b, lang == ROTAS_LANG_EN ? "from another school, %.1f km" : "外校教师，%.1f公里",
                e->km);
        }
        rotas__table_text(t, rotas__buf_str(&b));
    }
    if (b.oom)
        t->oom = 1;
    rotas__buf_free(&b);
}

static void table_head(rotas__buf *b, rotas_lang lang, int with_class)
{
    rotas__buf_printf(b, "<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>",
                      tr(lang, "日期", "Date"), tr(lang, "星期", "Day"), tr(lang, "节次", "Period"),
                      tr(lang, "时间", "Time"), tr(lang, "学校", "School"));
    if (with_class)
        rotas__buf_printf(b, "<th>%s</th>", tr(lang, "班级", "Class"));
    rotas__buf_printf(b, "<th>%s</th><th>%s</th></tr>\n", tr(lang, "学科", "Subject"),
                      tr(lang, "安排", "Arrangement"));
}

static void row(rotas__buf *b, const rotas_cover *cv, const rotas_county *c,
                const rotas_cover_entry *e, rotas_lang lang, int with_class)
{
    char d[16], bell[32];
    rotas_date_format(e->date, d, sizeof d);
    rotas__bell_text(bell, sizeof bell, c, e->school, e->period);
    rotas__buf_printf(b, "<tr><td>%s</td><td>%s</td><td>%d</td><td>%s</td><td>", d,
                      rotas__day_label(e->day, lang), e->period + 1, bell);
    rotas__html_escape(b, rotas__school_name(c, e->school));
    rotas__buf_puts(b, "</td>");
    if (with_class) {
        rotas__buf_puts(b, "<td>");
        rotas__buf tmp = {0};
        rotas__class_label(&tmp, c, e->klass, lang);
        rotas__html_escape(b, rotas__buf_str(&tmp));
        rotas__buf_free(&tmp);
        rotas__buf_puts(b, "</td>");
    }
    rotas__buf_puts(b, "<td>");
    rotas__html_escape(b, rotas__subject_name(c, e->subject, lang));
    rotas__buf_puts(b, "</td><td>");
    what(b, cv, c, e, lang);
    rotas__buf_puts(b, "</td></tr>\n");
}

static const char *reason_of(const rotas_cover *cv, int t)
{
    for (size_t i = 0; i < cv->n_absences; i++)
        if (cv->absences[i].teacher == t && cv->absences[i].reason)
            return cv->absences[i].reason;
    return NULL;
}

rotas_rc rotas_cover_render_html(const rotas_cover *cv, const rotas_county *c, const char *path,
                                 int lang_i, rotas_error *err)
{
    rotas_lang lang = lang_i == ROTAS_LANG_EN ? ROTAS_LANG_EN : ROTAS_LANG_ZH;
    rotas__buf b = {0};
    unsigned char *seen_t = calloc(c->n_teachers + 1, 1);
    unsigned char *seen_k = calloc(c->n_classes + 1, 1);
    int *order = malloc((c->n_teachers + 1) * sizeof *order);
    rotas_rc rc = ROTAS_OK;
    if (!seen_t || !seen_k || !order) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
        goto done;
    }
    const char *cluster = rotas__cluster_name(c, cv->cluster, lang);
    rotas__buf_printf(&b,
                      "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n",
                      lang == ROTAS_LANG_EN ? "en" : "zh-CN",
                      tr(lang, "代课与调课通知", "Cover notices"), css);
    /* overview */
    rotas__buf_puts(&b, "<section class=\"notice\" id=\"overview\">\n<h1>");
    rotas__html_escape(&b, cluster);
    rotas__buf_printf(&b, " %s</h1>\n<p>", tr(lang, "代课与调课安排", "cover arrangements"));
    for (size_t i = 0; i < cv->n_absences; i++) {
        const rotas_absence *a = &cv->absences[i];
        char d1[16], d2[16];
        rotas_date_format(a->from, d1, sizeof d1);
        rotas_date_format(a->to, d2, sizeof d2);
        rotas__html_escape(&b, rotas__teacher_name(c, a->teacher));
        if (a->from == a->to)
            rotas__buf_printf(&b, " %s %s", tr(lang, "缺勤", "absent"), d1);
        else
            rotas__buf_printf(&b, " %s %s..%s", tr(lang, "缺勤", "absent"), d1, d2);
        if (a->reason) {
            rotas__buf_puts(&b, tr(lang, "（", " ("));
            rotas__html_escape(&b, a->reason);
            rotas__buf_puts(&b, tr(lang, "）", ")"));
        }
        rotas__buf_puts(&b, "<br>\n");
    }
    rotas__buf_printf(&b, "%s: %zu, %s %d, %s %d, %s <span id=\"n-self\">%d</span>, %s %d</p>\n",
                      tr(lang, "课节", "Lessons"), cv->n_entries, tr(lang, "代课", "substitute"),
                      cv->n_substitute, tr(lang, "调课", "swap"), cv->n_swap,
                      tr(lang, "自习", "self-study"), cv->n_self_study,
                      tr(lang, "涉及教师", "colleagues involved"), cv->people_touched);
    table_head(&b, lang, 1);
    for (size_t i = 0; i < cv->n_entries; i++)
        row(&b, cv, c, &cv->entries[i], lang, 1);
    rotas__buf_puts(&b, "</table>\n</section>\n");

    /* one notice per teacher: absent ones, substitutes, swap partners (in order of first
       appearance) */
    size_t nt = 0;
    for (size_t i = 0; i < cv->n_absences; i++)
        if (!seen_t[cv->absences[i].teacher]) {
            seen_t[cv->absences[i].teacher] = 1;
            order[nt++] = cv->absences[i].teacher;
        }
    for (size_t i = 0; i < cv->n_entries; i++) {
        int t = cv->entries[i].teacher;
        if (cv->entries[i].kind != ROTAS_COVER_SELF_STUDY && t >= 0 && !seen_t[t]) {
            seen_t[t] = 1;
            order[nt++] = t;
        }
    }
    for (size_t q = 0; q < nt; q++) {
        int t = order[q];
        rotas__buf_printf(&b, "<section class=\"notice teacher-notice\" data-teacher=\"%s\">\n<h2>",
                          rotas__teacher_id(c, t));
        rotas__html_escape(&b, rotas__teacher_name(c, t));
        rotas__buf_printf(&b, " %s（%s）</h2>\n", tr(lang, "老师", ""), rotas__teacher_id(c, t));
        int is_absent = 0;
        for (size_t i = 0; i < cv->n_absences; i++)
            is_absent |= cv->absences[i].teacher == t;
        if (is_absent) {
            const char *why = reason_of(cv, t);
            rotas__buf_printf(&b, "<p>%s",
                              tr(lang, "您缺勤期间的课程安排如下",
                                 "While you are away your lessons are arranged as follows"));
            if (why) {
                rotas__buf_puts(&b, tr(lang, "（", " ("));
                rotas__html_escape(&b, why);
                rotas__buf_puts(&b, tr(lang, "）", ")"));
            }
            rotas__buf_puts(&b, tr(lang, "。", "."));
            rotas__buf_puts(&b, "</p>\n");
        } else {
            rotas__buf_printf(&b, "<p>%s</p>\n",
                              tr(lang, "请按下表代课或调课，谢谢支持。",
                                 "Please take the lessons below. Thank you."));
        }
        table_head(&b, lang, 1);
        for (size_t i = 0; i < cv->n_entries; i++) {
            const rotas_cover_entry *e = &cv->entries[i];
            if (e->absent == t || (e->kind != ROTAS_COVER_SELF_STUDY && e->teacher == t))
                row(&b, cv, c, e, lang, 1);
        }
        rotas__buf_printf(&b,
                          "</table>\n<p class=\"sign\">%s ________ %s ________</p>\n</section>\n",
                          tr(lang, "教导处", "Academic office"), tr(lang, "签收", "Received"));
    }
    /* one notice per class */
    for (size_t i = 0; i < cv->n_entries; i++) {
        int k = cv->entries[i].klass;
        if (k < 0 || seen_k[k])
            continue;
        seen_k[k] = 1;
        rotas__buf tmp = {0};
        rotas__class_label(&tmp, c, k, lang);
        rotas__buf_printf(&b, "<section class=\"notice class-notice\" data-class=\"%s\">\n<h2>",
                          c->classes[k].id);
        rotas__html_escape(&b, rotas__school_name(c, c->classes[k].school));
        rotas__buf_puts(&b, " ");
        rotas__html_escape(&b, rotas__buf_str(&tmp));
        rotas__buf_free(&tmp);
        rotas__buf_printf(&b, " %s</h2>\n", tr(lang, "课程调整通知", "timetable changes"));
        table_head(&b, lang, 0);
        for (size_t j = i; j < cv->n_entries; j++)
            if (cv->entries[j].klass == k)
                row(&b, cv, c, &cv->entries[j], lang, 0);
        rotas__buf_puts(&b, "</table>\n</section>\n");
    }
    rotas__buf_puts(&b, "</body>\n</html>\n");
    if (b.oom) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
        goto done;
    }
    rc = rotas_outfile_write(path, rotas__buf_str(&b), b.len, err);
done:
    rotas__buf_free(&b);
    free(seen_t);
    free(seen_k);
    free(order);
    return rc;
}
