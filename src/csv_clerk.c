/*
 * csv_clerk.c - reading tables as a personnel clerk writes them: Chinese column headers
 * (工号, 姓名, 任教起始年 ...), any case, Chinese values (男/女, 校长, 县级骨干, 中心小学, 乡村,
 * subject names for ids), optional columns that are usually empty, and a suggestion for a
 * column that is almost a known one. Used by the CSV and workbook readers (csv.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sheet_int.h"

/* Chinese names of the tables (sheet names of the workbook). */
static const struct {
    const char *stem, *zh;
} table_zh[] = {
    {"county", "县"},
    {"subjects", "学科"},
    {"clusters", "片区"},
    {"groups", "教育集团"},
    {"schools", "学校"},
    {"classes", "班级"},
    {"bells", "作息时间"},
    {"travel", "路程"},
    {"curriculum", "课程计划"},
    {"teachers", "教师"},
    {"teacher_unavailable", "教师不排课时间"},
    {"class_unavailable", "班级不排课时段"},
    {"subject_rules", "学科排课规则"},
    {"fixed_lessons", "固定课程"},
    {"decisions", "局里决定"},
    {"rooms", "专用教室"},
};

const char *rotas__stem_zh(const char *stem)
{
    for (size_t i = 0; i < sizeof table_zh / sizeof table_zh[0]; i++)
        if (!strcmp(table_zh[i].stem, stem))
            return table_zh[i].zh;
    return NULL;
}

/* Column headers: in table stem (NULL: any table), canonical column, then its Chinese names,
   the first being the one the template writes. */
typedef struct alias {
    const char *stem, *col;
    const char *zh[4];
} alias;

static const alias aliases[] = {
    {"teachers", "id", {"工号", "教师编号", "编号", NULL}},
    {"teachers", "name", {"姓名", "教师姓名", NULL}},
    {"teachers", "school", {"学校", "所在学校", "学校代码", "学校编号"}},
    {"teachers", "subjects", {"学科", "任教学科", NULL}},
    {"schools", "id", {"学校代码", "学校编号", "编号", "代码"}},
    {"schools", "name", {"学校名称", "名称", "校名", NULL}},
    {"subjects", "id", {"学科代码", "代码", "编号", NULL}},
    {"subjects", "name", {"学科名称", "名称", NULL}},
    {"clusters", "id", {"片区代码", "片区编号", "编号", NULL}},
    {"clusters", "name", {"片区名称", "名称", NULL}},
    {"groups", "id", {"集团代码", "编号", NULL}},
    {"groups", "head", {"牵头校", "牵头学校", NULL}},
    {"classes", "id", {"班级", "班级编号", "编号", NULL}},
    {"classes", "school", {"学校", "学校代码", NULL, NULL}},
    {"county", "name", {"县名", "名称", "县区", NULL}},
    {"county", "year", {"年份", "学年", "数据年份", NULL}},
    {NULL, "gender", {"性别", NULL, NULL, NULL}},
    {NULL, "birth_year", {"出生年份", "出生年", NULL, NULL}},
    {NULL, "role", {"职务", NULL, NULL, NULL}},
    {NULL, "school_since", {"任教起始年", "到校年份", "本校任教起始年", NULL}},
    {NULL, "post_since", {"任职起始年", "现职起始年", NULL, NULL}},
    {NULL, "key", {"骨干", "骨干教师", NULL, NULL}},
    {NULL, "title", {"职称", NULL, NULL, NULL}},
    {NULL, "degree", {"学历", NULL, NULL, NULL}},
    {NULL, "exempt", {"免交流原因", "免于交流", NULL, NULL}},
    {NULL, "exchange_until", {"交流截止年", "交流至", NULL, NULL}},
    {NULL, "preferences", {"志愿学校", "志愿", NULL, NULL}},
    {NULL, "max_periods", {"周课时上限", NULL, NULL, NULL}},
    {NULL, "max_days", {"每周最多天数", NULL, NULL, NULL}},
    {NULL, "middle_leader", {"中层干部", NULL, NULL, NULL}},
    {NULL, "hardship_years", {"艰苦地区年限", NULL, NULL, NULL}},
    {NULL, "kind", {"类型", "学校类型", NULL, NULL}},
    {NULL, "area", {"城乡", "区域", NULL, NULL}},
    {NULL, "cluster", {"片区", "学区", NULL, NULL}},
    {NULL, "group", {"教育集团", "集团", NULL, NULL}},
    {NULL, "hardship", {"艰苦程度", NULL, NULL, NULL}},
    {NULL, "lat", {"纬度", NULL, NULL, NULL}},
    {NULL, "lon", {"经度", NULL, NULL, NULL}},
    {NULL, "students", {"学生数", "学生人数", NULL, NULL}},
    {NULL, "staff_quota", {"编制数", "编制", NULL, NULL}},
    {NULL, "shortage", {"紧缺", "紧缺学科", NULL, NULL}},
    {NULL, "category", {"类别", NULL, NULL, NULL}},
    {NULL, "central", {"中心校", NULL, NULL, NULL}},
    {NULL, "grades", {"年级", NULL, NULL, NULL}},
    {NULL, "grade", {"年级", NULL, NULL, NULL}},
    {NULL, "subject", {"学科", "科目", NULL, NULL}},
    {NULL, "periods", {"周课时", "课时", NULL, NULL}},
    {NULL, "period", {"节次", NULL, NULL, NULL}},
    {NULL, "start", {"开始", "开始时间", NULL, NULL}},
    {NULL, "end", {"结束", "结束时间", NULL, NULL}},
    {NULL, "from", {"起点", "起点学校", NULL, NULL}},
    {NULL, "to", {"终点", "终点学校", NULL, NULL}},
    {NULL, "km", {"公里", "距离", NULL, NULL}},
    {NULL, "minutes", {"分钟", "用时", NULL, NULL}},
    {NULL, "school", {"学校", NULL, NULL, NULL}},
    {NULL, "class", {"班级", NULL, NULL, NULL}},
    {NULL, "teacher", {"教师", "工号", NULL, NULL}},
    {NULL, "teacher2", {"教师2", NULL, NULL, NULL}},
    {NULL, "day", {"星期", NULL, NULL, NULL}},
    {NULL, "reason", {"原因", "理由", NULL, NULL}},
    {NULL, "not_first_period", {"不排第一节", NULL, NULL, NULL}},
    {NULL, "not_after_lunch", {"不排午后第一节", NULL, NULL, NULL}},
    {NULL, "before_period", {"尽量排在前几节", NULL, NULL, NULL}},
};

const char *rotas__column_alias(const char *header, const char *stem, const char *const *names,
                                size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(header, names[i]))
            return names[i];
    /* the table's own aliases first, then those of any table */
    for (int pass = 0; pass < 2; pass++)
        for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++) {
            if (pass == 0 ? !aliases[a].stem || strcmp(aliases[a].stem, stem) != 0
                          : aliases[a].stem != NULL)
                continue;
            for (int k = 0; k < 4 && aliases[a].zh[k]; k++)
                if (!strcmp(header, aliases[a].zh[k]))
                    for (size_t i = 0; i < n; i++)
                        if (!strcmp(names[i], aliases[a].col))
                            return names[i];
        }
    return NULL;
}

const char *rotas__column_zh(const char *stem, const char *column)
{
    for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++)
        if (aliases[a].stem && !strcmp(aliases[a].stem, stem) && !strcmp(aliases[a].col, column))
            return aliases[a].zh[0];
    for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++)
        if (!aliases[a].stem && !strcmp(aliases[a].col, column))
            return aliases[a].zh[0];
    return NULL;
}

/* Edit distance of a and b (bytes), capped at 99. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];
    if (la > 60 || lb > 60)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + ((a[i - 1] | 32) != (b[j - 1] | 32));
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *rotas__column_nearest(const char *header, const char *const *names, const int *absent,
                                  size_t n)
{
    const char *best = NULL;
    size_t best_d = 99, lh = strlen(header);
    for (size_t i = 0; i < n; i++) {
        if (!absent[i])
            continue;
        size_t ln = strlen(names[i]), d = distance(header, names[i]);
        size_t limit = (ln > lh ? ln : lh) / 3;
        if (limit < 1)
            limit = 1;
        /* a part of the name ("since" for "school_since") is close too */
        if (d > limit && lh >= 3 && strstr(names[i], header))
            d = limit;
        if (d <= limit && d < best_d) {
            best = names[i];
            best_d = d;
        }
    }
    return best;
}

/* ---------------------------------------------------------------- values */

typedef struct value_alias {
    const char *zh, *canonical;
} value_alias;

static const value_alias genders[] = {{"男", "M"}, {"女", "F"}, {NULL, NULL}};
static const value_alias roles[] = {{"教师", "teacher"},
                                    {"专任教师", "teacher"},
                                    {"校长", "principal"},
                                    {"副校长", "vice_principal"},
                                    {NULL, NULL}};
static const value_alias kinds[] = {{"城区小学", "urban_primary"},
                                    {"城区初中", "urban_junior"},
                                    {"中心小学", "central_primary"},
                                    {"中心校", "central_primary"},
                                    {"初中", "junior"},
                                    {"初级中学", "junior"},
                                    {"九年一贯制", "nine_year"},
                                    {"九年一贯制学校", "nine_year"},
                                    {"完小", "complete_primary"},
                                    {"完全小学", "complete_primary"},
                                    {"教学点", "teaching_point"},
                                    {NULL, NULL}};
static const value_alias areas[] = {{"城区", "urban"}, {"县城", "urban"}, {"镇区", "town"},
                                    {"乡镇", "town"},  {"乡村", "rural"}, {"农村", "rural"},
                                    {NULL, NULL}};
static const value_alias keys[] = {{"校级骨干", "school"},     {"县级骨干", "county"},
                                   {"市级骨干", "city"},       {"省级骨干", "province"},
                                   {"国家级骨干", "national"}, {NULL, NULL}};

/* Replace o[key] by its canonical value when it is one of the Chinese names. */
static int translate(json_t *o, const char *key, const value_alias *t)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (!v)
        return 0;
    for (; t->zh; t++)
        if (!strcmp(v, t->zh))
            return json_object_set_new(o, key, json_string(t->canonical));
    return 0;
}

/* A subject given by its name becomes its id (names that are also ids stay). */
static int subject_ref(json_t *subjects, json_t *holder, const char *key, size_t index)
{
    json_t *j = key ? json_object_get(holder, key) : json_array_get(holder, index);
    const char *v = json_string_value(j);
    if (!v)
        return 0;
    const char *hit = NULL;
    size_t i;
    json_t *s;
    json_array_foreach(subjects, i, s)
    {
        const char *id = json_string_value(json_object_get(s, "id"));
        const char *name = json_string_value(json_object_get(s, "name"));
        if (id && !strcmp(id, v))
            return 0;
        if (!hit && id && name && !strcmp(name, v))
            hit = id;
    }
    if (!hit)
        return 0;
    json_t *nv = json_string(hit);
    return key ? json_object_set_new(holder, key, nv) : json_array_set_new(holder, index, nv);
}

/* A clock time Excel stored as a fraction of a day (08:00 typed into a cell is 0.3333...)
   becomes "08:00" again. */
static int excel_time(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    char *end = NULL;
    if (!v || !*v || strchr(v, ':'))
        return 0;
    double d = strtod(v, &end);
    if (*end || d < 0 || d >= 1)
        return 0;
    int minutes = (int)(d * 24 * 60 + 0.5);
    char buf[8];
    snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 24, minutes % 60);
    return json_object_set_new(o, key, json_string(buf));
}

int rotas__csv_clerk_pass(json_t *root)
{
    json_t *subjects = json_object_get(root, "subjects"), *o, *arr;
    size_t i, k;
    int bad = 0;
    json_array_foreach(json_object_get(root, "teachers"), i, o)
    {
        bad |= translate(o, "gender", genders) | translate(o, "role", roles) |
               translate(o, "key", keys);
        json_array_foreach(json_object_get(o, "subjects"), k, arr) bad |=
            subject_ref(subjects, json_object_get(o, "subjects"), NULL, k);
        /* the usually empty columns may be left out of the file */
        static const char *const optional[] = {"exempt", "exchange_until", "title", "degree"};
        for (size_t q = 0; q < 4; q++)
            if (!json_object_get(o, optional[q]))
                bad |= json_object_set_new(o, optional[q], json_null());
    }
    json_array_foreach(json_object_get(root, "schools"), i, o)
    {
        json_t *bell;
        bad |= translate(o, "kind", kinds) | translate(o, "area", areas);
        json_array_foreach(json_object_get(o, "bell"), k, bell) bad |=
            excel_time(bell, "start") | excel_time(bell, "end");
    }
    json_array_foreach(json_object_get(root, "teachers"), i, o)
    {
        json_t *blk;
        json_array_foreach(json_object_get(o, "unavailable"), k, blk) bad |=
            excel_time(blk, "start") | excel_time(blk, "end");
    }
    static const char *const with_subject[] = {"curriculum", "subject_rules", "fixed_lessons",
                                               "decisions"};
    for (size_t w = 0; w < 4; w++)
        json_array_foreach(json_object_get(root, with_subject[w]), i, o) bad |=
            subject_ref(subjects, o, "subject", 0);
    return bad ? -1 : 0;
}
