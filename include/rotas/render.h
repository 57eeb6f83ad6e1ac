/*
 * rotas/render.h - renderings of results for people: XLSX workbooks, CSV files and one
 * self-contained HTML report, of a rotation plan (rotas-plan/1) or a cluster timetable
 * (rotas-timetable/1), in Chinese (default) or English.
 *
 * Renderers read a result and the finalized county it was made from; they never change
 * either. Every output is written to a temporary file next to the target and renamed into
 * place, so a failed render never leaves a partial file behind.
 */
#ifndef ROTAS_RENDER_H
#define ROTAS_RENDER_H

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/result.h"

typedef enum rotas_lang { ROTAS_LANG_ZH = 0, ROTAS_LANG_EN = 1 } rotas_lang;

/* "zh" / "en" (also "zh-CN", "cn", "english"); -1 for unknown text. */
int rotas_lang_parse(const char *s);

/* What a plan does with teacher t, in plain words for the clerk (new string, free()):
   "王芳（T00002，副校长，语文）：调往城关二小（4.7公里），2027–2029年交流轮岗。理由：任教满6年；
   补充紧缺学科：英语。", or why it stays (on an exchange, exempt, not yet eligible, eligible
   but not needed this year). NULL on out of memory. */
char *rotas_render_teacher_outcome(const rotas_plan *p, const rotas_county *c, int t,
                                   rotas_lang lang);

/* How the solve of p went, in plain words (no objective or bound): "已找到方案，与最优差距不超过
   7.5%". Written into buf (n bytes); returns buf. */
const char *rotas_render_plain_status(char *buf, size_t n, const rotas_plan *p, rotas_lang lang);

/* 1 if this build can write XLSX (libxlsxwriter was found), else 0. */
int rotas_render_have_xlsx(void);

/* XLSX workbook at path. Plan sheets: 轮岗名单 (moves), one per school with arrivals or
   departures, 缺课时 (unfilled), 均衡指标 (indicators), 说明 (summary). Timetable sheets: 说明,
   课程清单 (lesson list), 未排课 (unscheduled), 教师课表 (teacher grids and routes, one teacher per
   printed page), 教师总课表 (all teachers' week on one page), 教师工作量 (periods, days, schools,
   km per teacher), and per school its 总课表 (classes x days x periods on one A4 landscape
   page, pending lessons 待排 with the reason) and a sheet with one grid per class. Classes are
   named for people ("一年级1班"). Returns ROTAS_ERR with "built without libxlsxwriter"
   when rotas_render_have_xlsx() is 0. */
rotas_rc rotas_render_plan_xlsx(const rotas_plan *p, const rotas_county *c, const char *path,
                                rotas_lang lang, rotas_error *err);
rotas_rc rotas_render_timetable_xlsx(const rotas_timetable *t, const rotas_county *c,
                                     const char *path, rotas_lang lang, rotas_error *err);

/* CSV files in directory dir (created if missing; one level): UTF-8 with BOM, CRLF line
   ends, RFC 4180 quoting. Plan: moves.csv, unfilled.csv, indicators.csv, summary.csv.
   Timetable: lessons.csv, routes.csv, unscheduled.csv, summary.csv, loads.csv. */
rotas_rc rotas_render_plan_csv(const rotas_plan *p, const rotas_county *c, const char *dir,
                               rotas_lang lang, rotas_error *err);
rotas_rc rotas_render_timetable_csv(const rotas_timetable *t, const rotas_county *c,
                                    const char *dir, rotas_lang lang, rotas_error *err);

/* One self-contained HTML file (inline CSS and JS, no network). path "-" = stdout.
   The plan's map draws one element of class "move-arrow" per distinct (from, to, subject)
   with data-count = the number of moves it stands for, so the sum of data-count over the
   arrows equals the number of moves. After its script ran, the element #js-status carries
   data-js="ok" (or "error" with the messages) and data-arrow-moves = that sum. */
rotas_rc rotas_render_plan_html(const rotas_plan *p, const rotas_county *c, const char *path,
                                rotas_lang lang, rotas_error *err);
rotas_rc rotas_render_timetable_html(const rotas_timetable *t, const rotas_county *c,
                                     const char *path, rotas_lang lang, rotas_error *err);

/* Peek at a result file without a county: its "format" and its "county" (source path).
 *format and *county are new strings (free with free()), NULL when absent. */
rotas_rc rotas_render_peek(const char *path, char **format, char **county, rotas_error *err);

#endif
