/*
 * county_export.c - a county out to a CSV folder or an .xlsx workbook, and the empty template
 * workbook a clerk fills in (rotas/workbook.h). The tables come from county_sheets.c; the CSV
 * and workbook readers read them back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef ROTAS_HAVE_XLSX
#include <xlsxwriter.h>
#endif

#include "i18n_int.h"
#include "rotas/outfile.h"
#include "rotas/workbook.h"
#include "sheet_int.h"

/* ---------------------------------------------------------------- CSV */

static int put_csv_cell(FILE *f, const char *s)
{
    int quote = !*s ? 0 : (s[0] == ' ' || s[strlen(s) - 1] == ' ');
    for (const char *p = s; *p && !quote; p++)
        quote = *p == ',' || *p == '"' || *p == '\n' || *p == '\r';
    if (!quote)
        return fputs(s, f) < 0;
    if (fputc('"', f) == EOF)
        return 1;
    for (const char *p = s; *p; p++)
        if ((*p == '"' && fputc('"', f) == EOF) || fputc(*p, f) == EOF)
            return 1;
    return fputc('"', f) == EOF;
}

static rotas_rc write_csv(const rotas__sheet *s, const char *dir, rotas_error *err)
{
    size_t n = strlen(dir) + strlen(s->name) + 8;
    char *path = malloc(n);
    rotas_outfile *of = NULL;
    if (!path)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    snprintf(path, n, "%s/%s.csv", dir, s->name);
    rotas_rc rc = rotas_outfile_open(&of, path, err);
    if (rc == ROTAS_OK) {
        FILE *f = rotas_outfile_stream(of);
        int bad = fputs("\xEF\xBB\xBF", f) < 0; /* the BOM Excel needs to read UTF-8 */
        for (size_t r = 0; r < s->n_rows && !bad; r++) {
            for (size_t c = 0; c < s->rows[r].n && !bad; c++)
                bad =
                    (c && fputc(',', f) == EOF) || put_csv_cell(f, s->cells[s->rows[r].first + c]);
            bad |= fputs("\r\n", f) < 0;
        }
        if (bad) {
            rotas_outfile_abort(of);
            rc = rotas_error_set(err, ROTAS_EIO, _("%s: cannot write: %s"), path, strerror(errno));
        } else {
            rc = rotas_outfile_commit(of, err);
        }
    }
    free(path);
    return rc;
}

rotas_rc rotas_county_write_csv_dir(const rotas_county *c, const char *dir, rotas_error *err)
{
    rotas__sheet *s = NULL;
    size_t n = 0;
    struct stat sb;
    if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: expected a folder, found a file"), dir);
    if (stat(dir, &sb) != 0 && mkdir(dir, 0777) != 0)
        return rotas_error_set(err, ROTAS_EIO, _("%s: cannot make the folder: %s"), dir,
                               strerror(errno));
    rotas_rc rc = rotas__county_to_sheets(&s, &n, c, 0, err);
    for (size_t i = 0; i < n && rc == ROTAS_OK; i++) {
        int county = !strcmp(s[i].name, "county");
        int has_data =
            s[i].n_rows > 1 && (!county || *s[i].cells[s[i].rows[1].first] ||
                                (s[i].rows[1].n > 1 && *s[i].cells[s[i].rows[1].first + 1]));
        if (has_data || rotas__sheet_required((int)i))
            rc = write_csv(&s[i], dir, err);
    }
    rotas__sheets_free(s, n);
    return rc;
}

/* ---------------------------------------------------------------- xlsx */

#ifndef ROTAS_HAVE_XLSX

rotas_rc rotas_county_write_xlsx(const rotas_county *c, const char *path, rotas_error *err)
{
    (void)c;
    return rotas_error_set(err, ROTAS_ERR, _("%s: this rotas was built without libxlsxwriter"),
                           path);
}

rotas_rc rotas_county_template_xlsx(const char *path, const rotas_county *c, rotas_error *err)
{
    (void)c;
    return rotas_error_set(err, ROTAS_ERR, _("%s: this rotas was built without libxlsxwriter"),
                           path);
}

#else

typedef struct xb {
    lxw_workbook *wb;
    lxw_format *head, *note, *wrap;
    lxw_error lerr;
} xb;

static void chk(xb *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && x->lerr == LXW_NO_ERROR)
        x->lerr = e;
}

static rotas_rc book_open(xb *x, const char *path, rotas_outfile **tmp, rotas_error *err)
{
    memset(x, 0, sizeof *x);
    rotas_rc rc = rotas_outfile_open_named(tmp, path, err);
    if (rc != ROTAS_OK)
        return rc;
    if (!(x->wb = workbook_new(rotas_outfile_name(*tmp))))
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: cannot start the workbook"), path);
    x->head = workbook_add_format(x->wb);
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xDDEBF7);
    format_set_border(x->head, LXW_BORDER_THIN);
    x->note = workbook_add_format(x->wb);
    format_set_font_color(x->note, 0x595959);
    x->wrap = workbook_add_format(x->wb);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    return ROTAS_OK;
}

static rotas_rc book_close(xb *x, const char *path, rotas_outfile *tmp, rotas_rc rc,
                           rotas_error *err)
{
    if (x->wb) {
        if (rc == ROTAS_OK && x->lerr != LXW_NO_ERROR)
            rc = rotas_error_set(err, ROTAS_ERR, "%s: %s", path, lxw_strerror(x->lerr));
        lxw_error e = workbook_close(x->wb);
        if (rc == ROTAS_OK && e != LXW_NO_ERROR)
            rc = rotas_error_set(err, ROTAS_EIO, _("%s: cannot write: %s"), path, lxw_strerror(e));
    }
    if (rc == ROTAS_OK && tmp)
        return rotas_outfile_commit(tmp, err);
    rotas_outfile_abort(tmp);
    return rc;
}

/* Display width of a UTF-8 string: CJK characters count double. */
static double text_width(const char *s)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x80)
            w += 1;
        else if (*p >= 0xE0)
            w += 2;
    return w;
}

/* One table's sheet: header row (frozen), cells (numbers as numbers), fitted widths. */
static lxw_worksheet *put_sheet(xb *x, const rotas__sheet *s, int table, const char *const *cols)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, s->name);
    double width[256] = {0};
    if (!ws) {
        chk(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    for (size_t r = 0; r < s->n_rows; r++)
        for (size_t c = 0; c < s->rows[r].n && c < 256; c++) {
            const char *v = s->cells[s->rows[r].first + c];
            char *end = NULL;
            double num = *v ? strtod(v, &end) : 0;
            if (r > 0 && *v && !*end && cols && rotas__sheet_numeric(table, cols[c]))
                chk(x, worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, num, NULL));
            else if (*v)
                chk(x, worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, v,
                                              r == 0 ? x->head : NULL));
            double w = text_width(v) + 2;
            if (w > width[c])
                width[c] = w > 40 ? 40 : w;
        }
    for (size_t c = 0; s->n_rows && c < s->rows[0].n && c < 256; c++)
        chk(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c] < 8 ? 8 : width[c],
                                    NULL));
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
}

rotas_rc rotas_county_write_xlsx(const rotas_county *c, const char *path, rotas_error *err)
{
    rotas__sheet *zh = NULL, *en = NULL;
    size_t n = 0, n_en = 0;
    rotas_outfile *tmp = NULL;
    xb x;
    rotas_rc rc = rotas__county_to_sheets(&zh, &n, c, 1, err);
    if (rc == ROTAS_OK)
        rc = rotas__county_to_sheets(&en, &n_en, c, 0, err);
    if (rc == ROTAS_OK)
        rc = book_open(&x, path, &tmp, err);
    else
        memset(&x, 0, sizeof x);
    for (size_t k = 0; k < n && rc == ROTAS_OK; k++) {
        size_t i = (k + n - 1) % n; /* county.csv's sheet (the last table) first */
        int county = !strcmp(en[i].name, "county");
        int has_data =
            zh[i].n_rows > 1 && (!county || *zh[i].cells[zh[i].rows[1].first] ||
                                 (zh[i].rows[1].n > 1 && *zh[i].cells[zh[i].rows[1].first + 1]));
        if (!has_data && !rotas__sheet_required((int)i))
            continue;
        const char *cols[256];
        for (size_t q = 0; q < en[i].rows[0].n && q < 256; q++)
            cols[q] = en[i].cells[en[i].rows[0].first + q];
        put_sheet(&x, &zh[i], (int)i, (const char *const *)cols);
    }
    rc = book_close(&x, path, tmp, rc, err);
    rotas__sheets_free(zh, n);
    rotas__sheets_free(en, n_en);
    return rc;
}

/* ---------------------------------------------------------------- template */

/* What each column of the template means, with an example (说明 sheet). */
typedef struct col_doc {
    const char *stem, *col, *what, *example;
    int required;
} col_doc;

static const col_doc docs[] = {
    {"county", "name", "县（区）名称，报表标题用", "洞竹县", 0},
    {"county", "year", "数据所属年份；方案默认做下一年", "2026", 1},
    {"subjects", "id", "学科代码，全表唯一，可用中文", "yingyu 或 英语", 1},
    {"subjects", "name", "学科名称", "英语", 1},
    {"subjects", "shortage", "是否紧缺学科（由片区走教教师共享）：是/否", "是", 1},
    {"subjects", "category",
     "类别：main 语数主科（排上午）、pe_arts 体育艺术（均衡指标）、other 其他；可不填", "other", 0},
    {"clusters", "id", "片区代码", "C01", 0},
    {"clusters", "name", "片区名称", "贝田镇片区", 0},
    {"clusters", "central", "片区中心校的学校代码", "S003", 0},
    {"groups", "id", "教育集团或结对帮扶的代码", "G01", 0},
    {"groups", "head", "集团牵头校的学校代码（派驻管理干部和骨干教师），可空", "S001", 0},
    {"schools", "id", "学校代码，全县唯一", "S001", 1},
    {"schools", "name", "学校名称", "城关第一小学", 1},
    {"schools", "kind", "学校类型：城区小学、城区初中、中心小学、初中、九年一贯制、完小、教学点",
     "中心小学", 1},
    {"schools", "area", "城乡：城区、镇区、乡村", "乡村", 1},
    {"schools", "cluster", "所属片区代码，可空", "C01", 0},
    {"schools", "group", "所属教育集团代码，可空", "G01", 0},
    {"schools", "hardship", "艰苦边远程度 0–3（0 不艰苦）", "1", 1},
    {"schools", "lat", "纬度（地图上取点）", "27.7312", 1},
    {"schools", "lon", "经度", "116.9021", 1},
    {"schools", "students", "在校学生数", "420", 1},
    {"schools", "staff_quota", "核定编制数", "28", 1},
    {"classes", "school", "班级所在学校代码", "S001", 1},
    {"classes", "id", "班级编号（校内唯一）", "1-1", 1},
    {"classes", "grades", "年级 1–9；复式班写多个，用分号隔开", "3;4", 1},
    {"classes", "students", "班级人数", "42", 1},
    {"travel", "from", "起点学校代码", "S001", 1},
    {"travel", "to", "终点学校代码", "S014", 1},
    {"travel", "km", "路程（公里）", "12.5", 1},
    {"travel", "minutes", "车程（分钟）", "25", 1},
    {"curriculum", "grade", "年级 1–9", "3", 1},
    {"curriculum", "subject", "学科代码或名称", "英语", 1},
    {"curriculum", "periods", "每周课时", "2", 1},
    {"teachers", "id", "教师工号，全县唯一", "T0001", 1},
    {"teachers", "name", "姓名", "王芳", 1},
    {"teachers", "gender", "性别：男/女", "女", 1},
    {"teachers", "birth_year", "出生年份", "1982", 1},
    {"teachers", "school", "现任教学校代码", "S001", 1},
    {"teachers", "subjects", "任教学科，第一个为主教学科，多个用分号隔开", "语文;道德与法治", 1},
    {"teachers", "role", "职务：教师、校长、副校长", "教师", 1},
    {"teachers", "school_since", "在本校任教的起始年份", "2015", 1},
    {"teachers", "post_since", "任现职（校长/副校长）的起始年份；教师可空", "2016", 0},
    {"teachers", "key", "骨干：否、校级骨干、县级骨干、市级骨干、省级骨干、国家级骨干", "县级骨干",
     1},
    {"teachers", "title", "职称，可空", "一级教师", 0},
    {"teachers", "degree", "学历：中专、大专、本科、硕士、博士，可空", "本科", 0},
    {"teachers", "exempt", "不参加交流的原因（孕产期、重病等），一般为空", "孕产期", 0},
    {"teachers", "exchange_until", "正在交流的，交流截止年份；一般为空", "2027", 0},
    {"teachers", "preferences", "志愿学校代码，按先后用分号隔开，可空", "S014;S020", 0},
    {"teachers", "max_periods", "每周最多课时，可空（默认 16）", "16", 0},
};

/* The template's sheets, in order. */
static const char *const template_tables[] = {"county",  "subjects", "schools",
                                              "classes", "teachers", "curriculum",
                                              "travel",  "clusters", "groups"};

static void list_validation(xb *x, lxw_worksheet *ws, lxw_col_t col, const char **values,
                            const char *formula, int strict)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.validate = formula ? LXW_VALIDATION_TYPE_LIST_FORMULA : LXW_VALIDATION_TYPE_LIST;
    dv.value_list = (char **)(void *)values;
    dv.value_formula = (char *)(void *)formula;
    dv.error_type = strict ? LXW_VALIDATION_ERROR_TYPE_STOP : LXW_VALIDATION_ERROR_TYPE_INFORMATION;
    chk(x, worksheet_data_validation_range(ws, 1, col, 5000, col, &dv));
}

rotas_rc rotas_county_template_xlsx(const char *path, const rotas_county *c, rotas_error *err)
{
    static const char *roles[] = {"教师", "校长", "副校长", NULL};
    static const char *areas[] = {"城区", "镇区", "乡村", NULL};
    static const char *kinds[] = {"城区小学",   "城区初中", "中心小学", "初中",
                                  "九年一贯制", "完小",     "教学点",   NULL};
    static const char *genders[] = {"男", "女", NULL};
    static const char *keys[] = {"否",       "校级骨干",   "县级骨干", "市级骨干",
                                 "省级骨干", "国家级骨干", NULL};
    static const char *degrees[] = {"中专", "大专", "本科", "硕士", "博士", NULL};
    static const char *yesno[] = {"是", "否", NULL};
    rotas_outfile *tmp = NULL;
    xb x;
    rotas_rc rc = book_open(&x, path, &tmp, err);
    rotas__sheet *pre = NULL;
    size_t n_pre = 0;
    if (rc == ROTAS_OK && c)
        rc = rotas__county_to_sheets(&pre, &n_pre, c, 1, err);
    /* 说明 first: what to do, then every column */
    lxw_worksheet *doc = rc == ROTAS_OK ? workbook_add_worksheet(x.wb, "说明") : NULL;
    if (rc == ROTAS_OK && !doc)
        chk(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    if (doc) {
        static const char *intro[] = {
            "填写说明：每个工作表是一张表，第一行是列名（请勿改动列名），从第二行起每行一条记录。",
            "带下拉箭头的列请从列表中选；学科、学校等用代码相互引用，代码在全县唯一。",
            "填好后运行：rotas import 本文件.xlsx --db 县名.db ；有错会指出工作表、行和列。",
            "可不填的列可以留空；教学点、复式班等情况见各列说明。"};
        for (size_t i = 0; i < 4; i++)
            chk(&x, worksheet_write_string(doc, (lxw_row_t)i, 0, intro[i], NULL));
        static const char *head[] = {"工作表", "列名", "英文列名", "必填", "说明", "示例"};
        for (lxw_col_t k = 0; k < 6; k++)
            chk(&x, worksheet_write_string(doc, 5, k, head[k], x.head));
        lxw_row_t r = 6;
        for (size_t t = 0; t < sizeof template_tables / sizeof template_tables[0]; t++)
            for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
                if (strcmp(docs[d].stem, template_tables[t]) != 0)
                    continue;
                const char *zh = rotas__column_zh(docs[d].stem, docs[d].col);
                int ti = rotas__sheet_index(docs[d].stem);
                chk(&x, worksheet_write_string(doc, r, 0, rotas__sheet_zh(ti), NULL));
                chk(&x, worksheet_write_string(doc, r, 1, zh ? zh : docs[d].col, NULL));
                chk(&x, worksheet_write_string(doc, r, 2, docs[d].col, x.note));
                chk(&x, worksheet_write_string(doc, r, 3, docs[d].required ? "是" : "否", NULL));
                chk(&x, worksheet_write_string(doc, r, 4, docs[d].what, x.wrap));
                chk(&x, worksheet_write_string(doc, r, 5, docs[d].example, NULL));
                r++;
            }
        chk(&x, worksheet_set_column(doc, 0, 0, 12, NULL));
        chk(&x, worksheet_set_column(doc, 1, 2, 16, NULL));
        chk(&x, worksheet_set_column(doc, 3, 3, 6, NULL));
        chk(&x, worksheet_set_column(doc, 4, 4, 60, x.wrap));
        chk(&x, worksheet_set_column(doc, 5, 5, 18, NULL));
        worksheet_freeze_panes(doc, 6, 0);
    }
    for (size_t t = 0; rc == ROTAS_OK && t < sizeof template_tables / sizeof template_tables[0];
         t++) {
        const char *stem = template_tables[t];
        int ti = rotas__sheet_index(stem);
        lxw_worksheet *ws = workbook_add_worksheet(x.wb, rotas__sheet_zh(ti));
        if (!ws) {
            chk(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
            break;
        }
        lxw_col_t col = 0;
        for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
            if (strcmp(docs[d].stem, stem) != 0)
                continue;
            const char *zh = rotas__column_zh(stem, docs[d].col);
            const char *h = zh ? zh : docs[d].col;
            chk(&x, worksheet_write_string(ws, 0, col, h, x.head));
            chk(&x, worksheet_write_comment(ws, 0, col, docs[d].what));
            double w = text_width(h) + 4;
            chk(&x, worksheet_set_column(ws, col, col, w < 10 ? 10 : w, NULL));
            const char *cn = docs[d].col;
            if (!strcmp(stem, "teachers") && !strcmp(cn, "role"))
                list_validation(&x, ws, col, roles, NULL, 1);
            else if (!strcmp(stem, "teachers") && !strcmp(cn, "gender"))
                list_validation(&x, ws, col, genders, NULL, 1);
            else if (!strcmp(stem, "teachers") && !strcmp(cn, "key"))
                list_validation(&x, ws, col, keys, NULL, 1);
            else if (!strcmp(stem, "teachers") && !strcmp(cn, "degree"))
                list_validation(&x, ws, col, degrees, NULL, 0);
            else if (!strcmp(stem, "schools") && !strcmp(cn, "area"))
                list_validation(&x, ws, col, areas, NULL, 1);
            else if (!strcmp(stem, "schools") && !strcmp(cn, "kind"))
                list_validation(&x, ws, col, kinds, NULL, 1);
            else if (!strcmp(stem, "subjects") && !strcmp(cn, "shortage"))
                list_validation(&x, ws, col, yesno, NULL, 1);
            else if ((!strcmp(stem, "teachers") && !strcmp(cn, "subjects")) ||
                     (!strcmp(stem, "curriculum") && !strcmp(cn, "subject")))
                /* several subjects go in one cell: the list helps, it does not forbid */
                list_validation(&x, ws, col, NULL, "=学科!$B$2:$B$200", 0);
            col++;
        }
        worksheet_freeze_panes(ws, 1, 0);
        /* the county's own subjects, when a county was given */
        if (pre && !strcmp(stem, "subjects") && pre[ti].n_rows > 1) {
            const rotas__sheet *s = &pre[ti];
            for (size_t r = 1; r < s->n_rows; r++)
                for (size_t k = 0; k < s->rows[r].n && k < 4; k++)
                    chk(&x, worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)k,
                                                   s->cells[s->rows[r].first + k], NULL));
        }
        if (c && !strcmp(stem, "county")) {
            if (c->name)
                chk(&x, worksheet_write_string(ws, 1, 0, c->name, NULL));
            if (c->year)
                chk(&x, worksheet_write_number(ws, 1, 1, c->year, NULL));
        }
    }
    rc = book_close(&x, path, tmp, rc, err);
    rotas__sheets_free(pre, n_pre);
    return rc;
}

#endif /* ROTAS_HAVE_XLSX */
