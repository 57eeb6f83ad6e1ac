"""Check workbooks written by `rotas render --xlsx` with openpyxl.

usage: render_xlsx.py plan|timetable WORKBOOK RESULT.json
Asserts the sheets, their headers, frozen header rows, A4 paper, fit to one page wide, and that
the rows equal the moves (plan) or lessons (timetable) of RESULT.json.
"""
import json
import sys

import openpyxl

A4 = 9


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check_print(ws):
    if int(ws.page_setup.paperSize or 0) != A4:
        fail("%s: paper size %r, expected A4 (9)" % (ws.title, ws.page_setup.paperSize))
    pr = ws.sheet_properties.pageSetUpPr
    if not (pr and pr.fitToPage) or ws.page_setup.fitToWidth not in (1, None):
        fail("%s: not fit to one page wide" % ws.title)


def header(ws, row=2):
    return [c.value for c in ws[row]]


def data_rows(ws, first=3):
    return [r for r in ws.iter_rows(min_row=first, values_only=True) if any(v is not None for v in r)]


def check_plan(wb, result):
    moves = result["moves"]
    names = wb.sheetnames
    for want in ["轮岗名单", "缺课时", "均衡指标", "说明"]:
        if want not in names:
            fail("sheet %s missing (have %s)" % (want, names))
    ws = wb["轮岗名单"]
    h = header(ws)
    want = ["序号", "教师编号", "姓名", "性别", "出生年份", "学历", "职称", "职务", "学科", "骨干",
            "原学校", "交流学校", "交流方式", "起止年限", "理由", "距离(公里)"]
    if h[: len(want)] != want:
        fail("轮岗名单 header %r" % h)
    if ws.freeze_panes != "A3":
        fail("轮岗名单 frozen at %r, expected A3" % ws.freeze_panes)
    if ws.page_setup.orientation != "landscape":
        fail("轮岗名单 not landscape")
    rows = data_rows(ws)
    if len(rows) != len(moves):
        fail("轮岗名单 has %d rows, the plan %d moves" % (len(rows), len(moves)))
    ids = sorted(r[1] for r in rows)
    if ids != sorted(m["teacher"] for m in moves):
        fail("轮岗名单 teacher ids %r" % ids)
    if not all(isinstance(r[15], (int, float)) for r in rows):
        fail("轮岗名单 km not numeric")
    if not all(r[3] in ("男", "女") and r[7] in ("教师", "校长", "副校长") and r[12] == "交流轮岗"
               for r in rows):
        fail("轮岗名单 gender, post or kind of move %r" % (rows[:1],))
    if not all(isinstance(r[4], int) for r in rows):
        fail("轮岗名单 birth years not whole numbers")
    if not ws.auto_filter.ref or not ws.auto_filter.ref.startswith("A2:P"):
        fail("轮岗名单 autofilter %r" % ws.auto_filter.ref)
    # the title row, bold headers
    if not ws["A1"].value or "教师交流轮岗方案" not in ws["A1"].value:
        fail("轮岗名单 title %r" % ws["A1"].value)
    if not ws["B2"].font.b:
        fail("轮岗名单 header not bold")
    # widths fit the text: the reasons column is wide, the number column narrow
    if ws.column_dimensions["O"].width < 30 or ws.column_dimensions["A"].width > 10:
        fail("column widths %r %r" % (ws.column_dimensions["O"].width, ws.column_dimensions["A"].width))
    # names unbroken: the name column is as wide as the longest name
    longest = max((sum(2 if ord(ch) > 127 else 1 for ch in str(r[2])) for r in rows), default=0)
    if ws.column_dimensions["C"].width < longest:
        fail("name column %r too narrow for %d characters" % (ws.column_dimensions["C"].width, longest))
    ws = wb["缺课时"]
    if header(ws) != ["学校", "学科", "周课时"]:
        fail("缺课时 header %r" % header(ws))
    if len(data_rows(ws)) != len(result.get("unfilled", [])):
        fail("缺课时 rows")
    ws = wb["均衡指标"]
    if header(ws)[:2] != ["学段", "指标(每百名学生)"]:
        fail("均衡指标 header %r" % header(ws))
    rows = data_rows(ws)
    if len(rows) < 9:
        fail("均衡指标 rows %d" % len(rows))
    marks = [r[7] for r in rows[:9]]
    if "超标" not in marks or "达标" not in marks:
        fail("均衡指标 marks %r" % marks)
    # a sheet per school that sends or receives, with 调入 and 调出 sections
    touched = set()
    for m in moves:
        touched.add(m["from"])
        touched.add(m["to"])
    school_sheets = [n for n in names if n not in ("轮岗名单", "缺课时", "均衡指标", "说明")]
    if len(school_sheets) != len(touched):
        fail("school sheets %r for %d schools" % (school_sheets, len(touched)))
    for n in school_sheets:
        if len(n) > 31 or any(ch in n for ch in "[]:*?/\\"):
            fail("bad sheet name %r" % n)
        ws = wb[n]
        col = [c.value for c in ws["A"]]
        if not any(v and str(v).startswith("调入") for v in col) or not any(
                v and str(v).startswith("调出") for v in col):
            fail("school sheet %s lacks 调入/调出" % n)
    for ws in wb.worksheets:
        check_print(ws)
        if not ws.freeze_panes:
            fail("%s: no frozen panes" % ws.title)


def check_timetable(wb, result, lang):
    lessons = result["lessons"]
    names = wb.sheetnames
    fixed = {"zh": ["说明", "课程清单", "未排课", "教师课表", "教师总课表", "教师工作量"],
             "en": ["Summary", "Lessons", "Unscheduled", "Teacher timetables",
                    "All teachers' week", "Teacher loads"]}[lang]
    for want in fixed:
        if want not in names:
            fail("sheet %s missing (have %s)" % (want, names))
    ws = wb[fixed[1]]
    h = header(ws)
    want = {"zh": ["学校", "班级", "星期", "节次", "时间", "学科", "教师编号", "教师"],
            "en": ["School", "Class", "Day", "Period", "Time", "Subject", "Teacher ID", "Teacher"]}[lang]
    if h != want:
        fail("lesson list header %r" % h)
    if ws.freeze_panes != "A3":
        fail("lesson list frozen at %r" % ws.freeze_panes)
    if len(data_rows(ws)) != len(lessons):
        fail("lesson list has %d rows, the timetable %d lessons" % (len(data_rows(ws)), len(lessons)))
    # each school's 总课表: one A4 landscape page, a row per class, one cell per lesson
    master_word = {"zh": "总课表", "en": "master timetable"}[lang]
    masters = [n for n in names if n not in fixed and master_word in str(wb[n]["A1"].value)]
    if not masters:
        fail("no 总课表 sheets")
    in_masters = 0
    for n in masters:
        ws = wb[n]
        check_print(ws)
        if ws.page_setup.orientation != "landscape" or ws.page_setup.fitToHeight not in (1, None):
            fail("%s: not one landscape page" % n)
        for row in ws.iter_rows(min_row=4, values_only=True):
            in_masters += sum(1 for v in row[1:-1] if isinstance(v, str) and "\n" in v)
    if in_masters != len(lessons):
        fail("总课表 sheets hold %d lessons, the timetable %d" % (in_masters, len(lessons)))
    if result.get("unscheduled"):
        pend = [v for n in masters for (v,) in wb[n].iter_rows(min_row=4, min_col=wb[n].max_column,
                                                               max_col=wb[n].max_column,
                                                               values_only=True) if v]
        if len(pend) != len({u["class"] + "/" + u["school"] for u in result["unscheduled"]}):
            fail("pending (待排) cells %r" % pend)
    # all teachers' week: one landscape page, a row per teacher, a cell per lesson
    ws = wb[fixed[4]]
    teachers = {l["teacher"] for l in lessons}
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    if len(rows) != len(teachers):
        fail("%s: %d rows for %d teachers" % (fixed[4], len(rows), len(teachers)))
    if sum(1 for r in rows for v in r[1:] if v) != len(lessons):
        fail("%s: cells do not match the lessons" % fixed[4])
    if ws.page_setup.fitToHeight not in (1, None) or ws.page_setup.orientation != "landscape":
        fail("%s: not one landscape page" % fixed[4])
    # loads: a row per teacher, the periods add up to the lessons
    ws = wb[fixed[5]]
    rows = data_rows(ws)
    if len(rows) != len(teachers) or sum(r[4] for r in rows) != len(lessons):
        fail("%s rows %r" % (fixed[5], rows))
    # the teacher sheet prints one teacher a page, with a page header
    ws = wb[fixed[3]]
    if len(ws.row_breaks.brk) != len(teachers) - 1:
        fail("%s: %d page breaks for %d teachers" % (fixed[3], len(ws.row_breaks.brk), len(teachers)))
    if not ws.oddHeader.right.text:
        fail("%s: no page header" % fixed[3])
    # the class grids: one filled cell per lesson, "subject\nteacher"
    grid_sheets = [n for n in names if n not in fixed and n not in masters]
    if not grid_sheets:
        fail("no class grid sheets")
    days = {"zh": ["星期一", "星期二", "星期三", "星期四", "星期五"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]}[lang]
    filled = 0
    for n in grid_sheets:
        ws = wb[n]
        check_print(ws)
        if ws.page_setup.orientation != "landscape":
            fail("%s not landscape" % n)
        if ws.freeze_panes != "B3":
            fail("%s frozen at %r" % (n, ws.freeze_panes))
        if [c.value for c in ws[2]][1:6] != days:
            fail("%s day header %r" % (n, [c.value for c in ws[2]]))
        for row in ws.iter_rows(values_only=True):
            for v in row[1:]:
                if isinstance(v, str) and "\n" in v:
                    filled += 1
    if filled != len(lessons):
        fail("class grids hold %d lessons, the timetable %d" % (filled, len(lessons)))
    ws = wb[fixed[3]]
    routes = [c.value for c in ws["B"] if isinstance(c.value, str) and "→" in c.value]
    multi = [r for r in result.get("routes", []) if len(r["schools"]) > 1]
    if len(routes) != len(multi):
        fail("teacher sheet lists %d routes, the timetable %d" % (len(routes), len(multi)))
    if len(data_rows(wb[fixed[2]])) != len(result.get("unscheduled", [])):
        fail("unscheduled rows")
    for ws in wb.worksheets:
        check_print(ws)


def main():
    kind, path, result_path = sys.argv[1:4]
    lang = sys.argv[4] if len(sys.argv) > 4 else "zh"
    with open(result_path, encoding="utf-8") as f:
        result = json.load(f)
    wb = openpyxl.load_workbook(path)
    if kind == "plan":
        check_plan(wb, result)
    else:
        check_timetable(wb, result, lang)
    print("ok: %s %s: %s" % (kind, path, ", ".join(wb.sheetnames)))


main()
