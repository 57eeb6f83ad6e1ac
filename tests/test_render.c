/* test_render.c - the renderers: escaping, quoting, sheet names, labels, and the files they
   write for a small hand-built county, plan and timetable. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render_int.h"
#include "rotas/render.h"

#define EVIL "<script>alert(1)</script>"

/* ---- fixture ---- */

static char *sdup(const char *s)
{
    return rotas_strdup(s);
}

static int *ints(size_t n, ...)
{
    int *a = calloc(n ? n : 1, sizeof *a);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        a[i] = va_arg(ap, int);
    va_end(ap);
    return a;
}

typedef struct fx {
    rotas_county *c;
    rotas_plan plan;
    rotas_timetable tt;
    char dir[512];
} fx;

static void add_teacher(rotas_county *c, const char *id, const char *name, int school, int subject,
                        int key, const char *title)
{
    rotas_teacher *t = &c->teachers[c->n_teachers++];
    memset(t, 0, sizeof *t);
    t->id = sdup(id);
    t->name = sdup(name);
    t->gender = 'F';
    t->birth_year = 1985;
    t->school = school;
    t->subjects = ints(1, subject);
    t->n_subjects = 1;
    t->school_since = 2015;
    t->post_since = 2015;
    t->key = key;
    t->title = title ? sdup(title) : NULL;
}

static rotas_county *make_county(void)
{
    rotas_county *c = rotas_county_new();
    c->name = sdup("测试县");
    c->year = 2026;
    static const char *const sid[] = {"chinese", "english", "music"};
    static const char *const sname[] = {"语文", "英语", "音乐"};
    c->subjects = calloc(3, sizeof *c->subjects);
    for (int i = 0; i < 3; i++) {
        c->subjects[i].id = sdup(sid[i]);
        c->subjects[i].name = sdup(sname[i]);
        c->subjects[i].shortage = i > 0;
    }
    c->n_subjects = 3;
    c->clusters = calloc(1, sizeof *c->clusters);
    c->clusters[0].id = sdup("C01");
    c->clusters[0].name = sdup("城关片区");
    c->clusters[0].central = 1;
    c->clusters[0].declared = 1;
    c->n_clusters = 1;
    /* schools: 0 urban, 1 central (cluster), 2 village (cluster), 3 a name with bad chars */
    static const char *const ids[] = {"S1", "S2", "S3", "S4"};
    static const char *const names[] = {"县城第一小学", "城关镇中心小学", "李家村完小",
                                        "A/B:[Test]*School? with a very long name indeed"};
    static const int kinds[] = {ROTAS_KIND_URBAN_PRIMARY, ROTAS_KIND_CENTRAL_PRIMARY,
                                ROTAS_KIND_COMPLETE_PRIMARY, ROTAS_KIND_TEACHING_POINT};
    static const double lat[] = {30.00, 30.05, 30.10, 29.95}, lon[] = {110.0, 110.1, 110.2, 110.15};
    c->schools = calloc(4, sizeof *c->schools);
    for (int i = 0; i < 4; i++) {
        rotas_school *s = &c->schools[i];
        s->id = sdup(ids[i]);
        s->name = sdup(names[i]);
        s->kind = (rotas_school_kind)kinds[i];
        s->area = i == 0 ? ROTAS_AREA_URBAN : i == 1 ? ROTAS_AREA_TOWN : ROTAS_AREA_RURAL;
        s->cluster = i == 1 || i == 2 ? 0 : -1;
        s->group = -1;
        s->lat = lat[i];
        s->lon = lon[i];
        s->students = 400 - 90 * i;
        s->staff_quota = 20 - 4 * i;
    }
    c->n_schools = 4;
    /* classes: S2 has 1A, S3 has J1 (grades 1-3), S4 has T1 */
    c->classes = calloc(3, sizeof *c->classes);
    c->classes[0] =
        (rotas_class){.id = sdup("1A"), .school = 1, .grades = {1}, .n_grades = 1, .students = 40};
    c->classes[1] = (rotas_class){
        .id = sdup("J1"), .school = 2, .grades = {1, 2, 3}, .n_grades = 3, .students = 15};
    c->classes[2] =
        (rotas_class){.id = sdup("T1"), .school = 3, .grades = {3}, .n_grades = 1, .students = 8};
    c->n_classes = 3;
    c->curriculum = calloc(4, sizeof *c->curriculum);
    c->curriculum[0] = (rotas_curriculum_row){.grade = 1, .subject = 0, .periods = 8};
    c->curriculum[1] = (rotas_curriculum_row){.grade = 1, .subject = 2, .periods = 2};
    c->curriculum[2] = (rotas_curriculum_row){.grade = 3, .subject = 1, .periods = 3};
    c->curriculum[3] = (rotas_curriculum_row){.grade = 3, .subject = 2, .periods = 2};
    c->n_curriculum = 4;
    c->travel = calloc(1, sizeof *c->travel);
    c->travel[0] = (rotas_travel){.from = 1, .to = 2, .km = 6.5, .minutes = 15};
    c->n_travel = 1;
    c->teachers = calloc(6, sizeof *c->teachers);
    add_teacher(c, "T001", "王芳", 0, 1, ROTAS_KEY_COUNTY, "一级教师");
    add_teacher(c, "T002", EVIL, 0, 2, ROTAS_KEY_NONE, NULL);
    add_teacher(c, "T003", "李\"强\", Jr.", 0, 1, ROTAS_KEY_CITY, "高级教师");
    add_teacher(c, "T004", "赵敏", 1, 2, ROTAS_KEY_NONE, NULL);
    add_teacher(c, "T005", "陈静", 1, 0, ROTAS_KEY_NONE, NULL);
    add_teacher(c, "T006", "周杰", 2, 0, ROTAS_KEY_NONE, NULL);
    rotas_error err = {0};
    assert_int_equal(rotas_county_finalize(c, &err), ROTAS_OK);
    return c;
}

static void make_plan(rotas_plan *p)
{
    memset(p, 0, sizeof *p);
    rotas_policy_default(&p->policy);
    p->year = 2027;
    p->status = ROTAS_STATUS_OPTIMAL;
    p->objective = 1234.5;
    p->bound = 1234.5;
    p->seconds = 0.7;
    p->n_moves = 3;
    p->moves = calloc(3, sizeof *p->moves);
    p->moves[0] = (rotas_move){.teacher = 0,
                               .from = 0,
                               .to = 2,
                               .reasons = ROTAS_REASON_TENURE | ROTAS_REASON_SHORTAGE |
                                          ROTAS_REASON_KEY_SHARE,
                               .shortage_subject = 1,
                               .km = 25.3,
                               .until = 2029};
    p->moves[1] = (rotas_move){.teacher = 1,
                               .from = 0,
                               .to = 3,
                               .reasons = ROTAS_REASON_PREFERENCE | ROTAS_REASON_QUOTA,
                               .shortage_subject = -1,
                               .preference_rank = 2,
                               .km = 18,
                               .until = 2029};
    p->moves[2] = (rotas_move){.teacher = 2,
                               .from = 0,
                               .to = 2,
                               .reasons = ROTAS_REASON_LEADER_TENURE | ROTAS_REASON_GROUP |
                                          ROTAS_REASON_BALANCE,
                               .shortage_subject = -1,
                               .km = 25.3,
                               .until = 2029};
    p->n_unfilled = 1;
    p->unfilled = calloc(1, sizeof *p->unfilled);
    p->unfilled[0] = (rotas_unfilled){.school = 3, .subject = 2, .periods = 2};
    p->before.primary.cv[ROTAS_IND_KEY] = 0.62;
    p->after.primary.cv[ROTAS_IND_KEY] = 0.41;
    p->before.junior.cv[ROTAS_IND_KEY] = 0.80;
    p->after.junior.cv[ROTAS_IND_KEY] = 0.50; /* still over 0.45 */
    p->after.primary.mean[ROTAS_IND_KEY] = 1.2;
    p->n_eligible = 3;
    p->n_key_moved = 2;
    p->unfilled_before = 5;
    p->unfilled_after = 2;
    p->km_total = 68.6;
    p->n_secondments = 1;
    p->secondments = calloc(1, sizeof *p->secondments);
    p->secondments[0] =
        (rotas_secondment){.teacher = 4, .from = 1, .to = 2, .km = 6.5, .until = 2027};
    p->preference_got[2] = 1;
    p->n_changed = -1;
}

static void make_tt(rotas_timetable *t)
{
    memset(t, 0, sizeof *t);
    rotas_policy_default(&t->policy);
    t->cluster = 0;
    t->status = ROTAS_STATUS_OPTIMAL;
    t->days = 5;
    t->periods = 7;
    t->n_lessons = 4;
    t->lessons = calloc(4, sizeof *t->lessons);
    /* T004 music teaches 1A (S2) Monday p1 and J1 (S3) Monday p3: itinerant */
    t->lessons[0] =
        (rotas_lesson){.school = 1, .klass = 0, .subject = 2, .teacher = 3, .day = 0, .period = 0};
    t->lessons[1] =
        (rotas_lesson){.school = 2, .klass = 1, .subject = 2, .teacher = 3, .day = 0, .period = 2};
    t->lessons[2] =
        (rotas_lesson){.school = 1, .klass = 0, .subject = 0, .teacher = 4, .day = 1, .period = 1};
    t->lessons[3] =
        (rotas_lesson){.school = 2, .klass = 1, .subject = 0, .teacher = 5, .day = 4, .period = 6};
    t->n_routes = 1;
    t->routes = calloc(1, sizeof *t->routes);
    t->routes[0] = (rotas_route){
        .teacher = 3, .day = 0, .schools = ints(2, 1, 2), .n_schools = 2, .km = 6.5, .minutes = 15};
    t->n_unscheduled = 1;
    t->unscheduled = calloc(1, sizeof *t->unscheduled);
    t->unscheduled[0] = (rotas_unscheduled){.klass = 1, .subject = 2, .periods = 1};
    t->school_changes = 1;
    t->km = 13;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->c = make_county();
    make_plan(&f->plan);
    make_tt(&f->tt);
    snprintf(f->dir, sizeof f->dir, "%s/test_render.%ld", ROTAS_BUILD_DIR, (long)getpid());
    mkdir(f->dir, 0777);
    *state = f;
    return 0;
}

static void rm_rf(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static int teardown(void **state)
{
    fx *f = *state;
    free(f->plan.moves);
    free(f->plan.unfilled);
    free(f->plan.secondments);
    free(f->tt.lessons);
    for (size_t i = 0; i < f->tt.n_routes; i++)
        free(f->tt.routes[i].schools);
    free(f->tt.routes);
    free(f->tt.unscheduled);
    rotas_county_free(f->c);
    if (!getenv("ROTAS_RENDER_KEEP")) /* set it to look at the files */
        rm_rf(f->dir);
    free(f);
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    size_t got = fread(d, 1, (size_t)n, fp);
    fclose(fp);
    d[got] = '\0';
    if (len)
        *len = got;
    return d;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- pure helpers ---- */

static void test_csv_field(void **state)
{
    (void)state;
    static const char *const in[] = {"plain", "a,b",           "say \"hi\"", "two\nlines",
                                     "cr\rx", " lead",         "trail ",     "",
                                     NULL,    "中文，全角逗号"};
    static const char *const want[] = {"plain",          "\"a,b\"",   "\"say \"\"hi\"\"\"",
                                       "\"two\nlines\"", "\"cr\rx\"", "\" lead\"",
                                       "\"trail \"",     "",          "",
                                       "中文，全角逗号"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        rotas__buf b = {0};
        rotas__csv_field(&b, in[i]);
        assert_string_equal(rotas__buf_str(&b), want[i]);
        rotas__buf_free(&b);
    }
}

/* OWASP CSV injection: a text cell that a spreadsheet would evaluate gets an apostrophe;
   numbers (a minus sign included) stay numbers. */
static void test_csv_formula_guard(void **state)
{
    (void)state;
    static const char *const in[] = {"=cmd|' /C calc'!A0",
                                     "+SUM(A1:A9)",
                                     "-3+3",
                                     "@SUM(1)",
                                     "\tx",
                                     "\rx",
                                     "=a,b",
                                     " =x",
                                     "a=b",
                                     "-",
                                     "中=文"};
    static const char *const want[] = {
        "'=cmd|' /C calc'!A0", "'+SUM(A1:A9)", "'-3+3", "'@SUM(1)", "'\tx", "\"'\rx\"",
        "\"'=a,b\"",           "\" =x\"",      "a=b",   "'-",       "中=文"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        rotas__buf b = {0};
        rotas__csv_field(&b, in[i]);
        assert_string_equal(rotas__buf_str(&b), want[i]);
        rotas__buf_free(&b);
    }
    rotas__buf b = {0};
    rotas__csv_number(&b, "-3.5");
    assert_string_equal(rotas__buf_str(&b), "-3.5");
    rotas__buf_free(&b);
}

static void test_html_escape(void **state)
{
    (void)state;
    rotas__buf b = {0};
    rotas__html_escape(&b, EVIL " & 'x' \"y\"");
    assert_string_equal(rotas__buf_str(&b),
                        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39; &quot;y&quot;");
    rotas__buf_reset(&b);
    rotas__html_escape(&b, NULL);
    rotas__html_escape(&b, "王芳");
    assert_string_equal(rotas__buf_str(&b), "王芳");
    rotas__buf_free(&b);
}

static void test_buf_printf_long(void **state)
{
    (void)state;
    rotas__buf b = {0};
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    rotas__buf_printf(&b, "<%s>%d", big, 42);
    assert_int_equal(b.len, 1999 + 4);
    assert_int_equal(b.data[0], '<');
    assert_string_equal(b.data + 2000, ">42");
    rotas__buf_free(&b);
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
        if (!n)
            return 0;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

static size_t utf16_units(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) != 0x80)
            n += (*p >> 3) == 30 ? 2 : 1;
    }
    return n;
}

static void test_sheet_names(void **state)
{
    (void)state;
    rotas__sheet_names set = {0};
    char out[128];
    assert_int_equal(rotas__sheet_name(&set, "A/B:[x]*y?z\\w", out, sizeof out), 0);
    assert_string_equal(out, "A_B__x__y_z_w");
    assert_int_equal(rotas__sheet_name(&set, "a_b__X__Y_Z_W", out, sizeof out), 0);
    assert_string_equal(out, "a_b__X__Y_Z_W (2)"); /* case-insensitive duplicate */
    assert_int_equal(rotas__sheet_name(&set, "'quoted'", out, sizeof out), 0);
    assert_string_equal(out, "quoted");
    assert_int_equal(rotas__sheet_name(&set, "", out, sizeof out), 0);
    assert_string_equal(out, "Sheet");
    assert_int_equal(rotas__sheet_name(&set, "history", out, sizeof out), 0);
    assert_string_equal(out, "History_");
    /* 40 CJK characters: cut to 31 at a character boundary */
    char longname[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(longname, "县");
    assert_int_equal(rotas__sheet_name(&set, longname, out, sizeof out), 0);
    assert_true(valid_utf8(out));
    assert_int_equal(utf16_units(out), 31);
    /* the same again: a numbered duplicate still within 31 */
    for (int k = 2; k <= 12; k++) {
        assert_int_equal(rotas__sheet_name(&set, longname, out, sizeof out), 0);
        assert_true(valid_utf8(out));
        assert_true(utf16_units(out) <= 31);
        char suffix[16];
        snprintf(suffix, sizeof suffix, " (%d)", k);
        assert_non_null(strstr(out, suffix));
    }
    /* every recorded name unique, free of forbidden characters */
    for (size_t i = 0; i < set.n; i++) {
        assert_null(strpbrk(set.names[i], "[]:*?/\\"));
        for (size_t j = i + 1; j < set.n; j++)
            assert_true(strcasecmp(set.names[i], set.names[j]) != 0);
    }
    rotas__sheet_names_free(&set);
}

static void test_display_width(void **state)
{
    (void)state;
    assert_int_equal(rotas__display_width("abc"), 3);
    assert_int_equal(rotas__display_width("英语"), 4);
    assert_int_equal(rotas__display_width("英语\nabcdefg"), 7);
    assert_int_equal(rotas__display_width("Ａ１"), 4); /* full-width forms */
    assert_int_equal(rotas__display_width(""), 0);
    assert_int_equal(rotas__display_width(NULL), 0);
}

static int ascii_only(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

static void test_labels(void **state)
{
    (void)state;
    for (int i = 0; i < L_COUNT_; i++) {
        const char *zh = rotas__label(i, ROTAS_LANG_ZH), *en = rotas__label(i, ROTAS_LANG_EN);
        assert_true(strcmp(zh, "?") != 0);
        assert_true(strcmp(en, "?") != 0);
        assert_false(ascii_only(zh)); /* every Chinese label has Chinese in it */
        assert_true(ascii_only(en));
        assert_true(strcmp(zh, en) != 0);
    }
    assert_string_equal(rotas__label(L_SHEET_MOVES, ROTAS_LANG_ZH), "轮岗名单");
    assert_string_equal(rotas__label(L_SHEET_UNFILLED, ROTAS_LANG_ZH), "缺课时");
    assert_string_equal(rotas__label(L_SHEET_INDICATORS, ROTAS_LANG_ZH), "均衡指标");
    assert_string_equal(rotas__label(L_SHEET_SUMMARY, ROTAS_LANG_ZH), "说明");
    assert_string_equal(rotas__label(L_SHEET_TEACHERS, ROTAS_LANG_ZH), "教师课表");
    assert_string_equal(rotas__label(L_SHEET_UNSCHEDULED, ROTAS_LANG_ZH), "未排课");
    assert_string_equal(rotas__label(-1, ROTAS_LANG_ZH), "?");
    assert_string_equal(rotas__label(L_COUNT_, ROTAS_LANG_EN), "?");
    assert_string_equal(rotas__day_label(0, ROTAS_LANG_ZH), "星期一");
    assert_string_equal(rotas__day_label(4, ROTAS_LANG_EN), "Friday");
    assert_string_equal(rotas__key_label(ROTAS_KEY_COUNTY, ROTAS_LANG_ZH), "县级骨干");
    assert_string_equal(rotas__key_label(ROTAS_KEY_NONE, ROTAS_LANG_ZH), "");
    assert_string_equal(rotas__status_label(ROTAS_STATUS_OPTIMAL, ROTAS_LANG_ZH), "最优");
    assert_int_equal(rotas_lang_parse("en"), ROTAS_LANG_EN);
    assert_int_equal(rotas_lang_parse("zh"), ROTAS_LANG_ZH);
    assert_int_equal(rotas_lang_parse("fr"), -1);
    assert_int_equal(rotas_lang_parse(NULL), -1);
}

static void test_reasons(void **state)
{
    fx *f = *state;
    rotas__buf b = {0};
    rotas__reasons_text(&b, &f->plan.moves[0], f->c, &f->plan.policy, ROTAS_LANG_ZH);
    assert_string_equal(rotas__buf_str(&b), "任教满6年；补充紧缺学科：英语；骨干教师比例");
    rotas__buf_reset(&b);
    rotas__reasons_text(&b, &f->plan.moves[1], f->c, &f->plan.policy, ROTAS_LANG_ZH);
    assert_string_equal(rotas__buf_str(&b), "完成10%交流比例；本人志愿第2");
    rotas__buf_reset(&b);
    rotas__reasons_text(&b, &f->plan.moves[2], f->c, &f->plan.policy, ROTAS_LANG_ZH);
    assert_string_equal(rotas__buf_str(&b), "交流年限满10年的校长/副校长；均衡配置；集团内交流");
    rotas__buf_reset(&b);
    rotas__reasons_text(&b, &f->plan.moves[0], f->c, &f->plan.policy, ROTAS_LANG_EN);
    assert_string_equal(
        rotas__buf_str(&b),
        "6 years at the school; fills shortage subject: english; key-teacher share");
    rotas__buf_free(&b);
}

/* ---- CSV ---- */

static void test_plan_csv(void **state)
{
    fx *f = *state;
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s/csv", f->dir);
    rotas_error err = {0};
    assert_int_equal(rotas_render_plan_csv(&f->plan, f->c, dir, ROTAS_LANG_ZH, &err), ROTAS_OK);
    snprintf(path, sizeof path, "%s/moves.csv", dir);
    size_t len;
    char *d = slurp(path, &len);
    assert_non_null(d);
    assert_memory_equal(d, "\xEF\xBB\xBF", 3);
    assert_int_equal(strncmp(d + 3, "序号,教师编号,姓名,性别,出生年份,学历,职称,职务,学科,骨干",
                             strlen("序号,教师编号,姓名,性别,出生年份,学历,职称,职务,学科,骨干")),
                     0);
    assert_int_equal(count(d, "\r\n"), 1 + f->plan.n_moves);
    assert_int_equal(count(d, "\n"), count(d, "\r\n"));  /* no bare LF */
    assert_non_null(strstr(d, "\"李\"\"强\"\", Jr.\"")); /* quoted, quotes doubled */
    assert_non_null(strstr(d, ",交流轮岗,2027–2029,任教满6年；补充紧缺学科：英语；骨干教师比例,"));
    free(d);
    snprintf(path, sizeof path, "%s/indicators.csv", dir);
    d = slurp(path, NULL);
    assert_non_null(d);
    assert_int_equal(count(d, "\r\n"), 1 + 9);
    assert_non_null(strstr(d, "超标"));
    free(d);
    snprintf(path, sizeof path, "%s/unfilled.csv", dir);
    d = slurp(path, NULL);
    assert_non_null(strstr(d, "音乐,2.0\r\n"));
    free(d);
    snprintf(path, sizeof path, "%s/secondments.csv", dir);
    d = slurp(path, NULL);
    assert_non_null(d);
    assert_non_null(strstr(d, "1,T005,陈静,语文,城关镇中心小学,李家村完小,6.5,2027\r\n"));
    free(d);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    d = slurp(path, NULL);
    assert_non_null(strstr(d, "跟岗挂职人数,1\r\n"));
    assert_non_null(strstr(d, "0 / 1 / 0 / 0"));
    free(d);
    /* English headers */
    assert_int_equal(rotas_render_plan_csv(&f->plan, f->c, dir, ROTAS_LANG_EN, &err), ROTAS_OK);
    snprintf(path, sizeof path, "%s/moves.csv", dir);
    d = slurp(path, NULL);
    assert_int_equal(strncmp(d + 3, "No.,Teacher ID,Name", 19), 0);
    free(d);
}

static void test_csv_errors(void **state)
{
    fx *f = *state;
    char file[600];
    snprintf(file, sizeof file, "%s/plainfile", f->dir);
    FILE *fp = fopen(file, "w");
    fputs("x", fp);
    fclose(fp);
    rotas_error err = {0};
    assert_int_equal(rotas_render_plan_csv(&f->plan, f->c, file, ROTAS_LANG_ZH, &err), ROTAS_EIO);
    assert_non_null(strstr(err.msg, "not a directory"));
    rotas_error_clear(&err);
    char deep[700];
    snprintf(deep, sizeof deep, "%s/no/such/dir", f->dir);
    assert_int_equal(rotas_render_timetable_csv(&f->tt, f->c, deep, ROTAS_LANG_ZH, &err),
                     ROTAS_EIO);
    assert_non_null(strstr(err.msg, "cannot create directory"));
}

static void test_tt_csv(void **state)
{
    fx *f = *state;
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s/ttcsv", f->dir);
    rotas_error err = {0};
    assert_int_equal(rotas_render_timetable_csv(&f->tt, f->c, dir, ROTAS_LANG_ZH, &err), ROTAS_OK);
    snprintf(path, sizeof path, "%s/lessons.csv", dir);
    char *d = slurp(path, NULL);
    assert_non_null(d);
    assert_int_equal(count(d, "\r\n"), 1 + f->tt.n_lessons);
    assert_non_null(strstr(d, "一至三年级复式班")); /* J1, by its name */
    assert_null(strstr(d, ",J1,"));
    assert_non_null(strstr(d, "08:00-08:40"));
    free(d);
    snprintf(path, sizeof path, "%s/routes.csv", dir);
    d = slurp(path, NULL);
    assert_non_null(strstr(d, "城关镇中心小学 → 李家村完小,6.5,15"));
    free(d);
}

/* ---- HTML ---- */

static void check_no_network(const char *d)
{
    /* no external resources: only the SVG namespace URI may appear */
    const char *p = d;
    while ((p = strstr(p, "http")) != NULL) {
        assert_int_equal(strncmp(p, "http://www.w3.org/2000/svg", 26), 0);
        p += 4;
    }
    assert_null(strstr(d, " src="));
    assert_null(strstr(d, "<link"));
    assert_null(strstr(d, "@import"));
    assert_null(strstr(d, "url(http"));
}

static void test_plan_html(void **state)
{
    fx *f = *state;
    char path[700];
    snprintf(path, sizeof path, "%s/plan.html", f->dir);
    rotas_error err = {0};
    assert_int_equal(rotas_render_plan_html(&f->plan, f->c, path, ROTAS_LANG_ZH, &err), ROTAS_OK);
    char *d = slurp(path, NULL);
    assert_non_null(d);
    assert_non_null(strstr(d, "<html lang=\"zh-CN\">"));
    assert_non_null(strstr(d, "<meta charset=\"utf-8\">"));
    assert_null(strstr(d, EVIL));
    assert_non_null(strstr(d, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_int_equal(count(d, "<script>"), 2); /* our two inline scripts, nothing else */
    check_no_network(d);
    /* arrows: S1->S3 (english x1), S1->S3 (english x1 teacher T003) -> same subject, so one
       element with count 2; S1->S4 music x1 */
    assert_int_equal(count(d, "class=\"move-arrow\""), 2);
    size_t sum = 0;
    for (const char *p = strstr(d, "data-count=\""); p; p = strstr(p + 1, "data-count=\""))
        sum += (size_t)atoi(p + 12);
    assert_int_equal(sum, f->plan.n_moves);
    assert_non_null(strstr(d, "data-count=\"2\" data-from=\"S1\" data-to=\"S3\""));
    assert_non_null(strstr(d, "class=\"sortable\""));
    assert_non_null(strstr(d, "<table id=\"secondments\" class=\"sortable\">"));
    assert_non_null(strstr(d, "@page{size:A4"));
    /* the indicator over its limit is marked */
    assert_non_null(strstr(d, "<td class=\"flag\">超标</td>"));
    /* school names with markup characters are escaped in titles */
    assert_non_null(strstr(d, "A/B:[Test]*School? with a very long name indeed"));
    free(d);
    /* English */
    assert_int_equal(rotas_render_plan_html(&f->plan, f->c, path, ROTAS_LANG_EN, &err), ROTAS_OK);
    d = slurp(path, NULL);
    assert_non_null(strstr(d, "<html lang=\"en\">"));
    assert_non_null(strstr(d, "Rotation list"));
    free(d);
}

static void test_tt_html(void **state)
{
    fx *f = *state;
    char path[700];
    snprintf(path, sizeof path, "%s/tt.html", f->dir);
    rotas_error err = {0};
    assert_int_equal(rotas_render_timetable_html(&f->tt, f->c, path, ROTAS_LANG_ZH, &err),
                     ROTAS_OK);
    char *d = slurp(path, NULL);
    assert_non_null(d);
    check_no_network(d);
    assert_null(strstr(d, EVIL));
    /* class grids: 1A and J1 (the cluster's schools), one page each */
    assert_int_equal(count(d, "<div class=\"grid-page\">"), 2 + 3); /* + 3 teacher grids */
    assert_int_equal(count(d, "class=\"lesson\""), 2 * f->tt.n_lessons);
    assert_non_null(strstr(d, "class=\"route\""));  /* T004's day view */
    assert_non_null(strstr(d, "class=\"travel\"")); /* the leg between her schools */
    assert_non_null(strstr(d, "break-after:page"));
    /* overviews: a 总课表 per school with classes, all teachers' week, the loads table */
    assert_int_equal(count(d, "<div class=\"master-page\""), 2);
    assert_int_equal(count(d, "class=\"mc"), f->tt.n_lessons);
    assert_int_equal(count(d, "class=\"tw"), f->tt.n_lessons);
    assert_non_null(strstr(d, "@page master{size:A4 landscape"));
    assert_non_null(strstr(d, "id=\"sec-loads\""));
    assert_non_null(strstr(d, "一至三年级复式班"));
    /* J1's unscheduled lesson: 待排 with the reason, under its grid and in the 总课表 */
    assert_non_null(strstr(d, "<p class=\"pending\">待排："));
    assert_int_equal(count(d, "<td class=\"pending\">"), 1);
    /* the day chart labels each block with class and subject */
    assert_int_equal(count(d, "class=\"block-label\""), count(d, "<rect x="));
    free(d);
}

static void test_html_write_error(void **state)
{
    fx *f = *state;
    char path[700];
    snprintf(path, sizeof path, "%s/missing/plan.html", f->dir);
    rotas_error err = {0};
    assert_int_equal(rotas_render_plan_html(&f->plan, f->c, path, ROTAS_LANG_ZH, &err), ROTAS_EIO);
    assert_non_null(strstr(err.msg, "missing/plan.html"));
}

/* ---- XLSX ---- */

static void test_xlsx(void **state)
{
    fx *f = *state;
    char path[700];
    rotas_error err = {0};
    snprintf(path, sizeof path, "%s/plan.xlsx", f->dir);
    if (!rotas_render_have_xlsx()) {
        assert_int_equal(rotas_render_plan_xlsx(&f->plan, f->c, path, ROTAS_LANG_ZH, &err),
                         ROTAS_ERR);
        assert_non_null(strstr(err.msg, "without libxlsxwriter"));
        skip();
    }
    assert_int_equal(rotas_render_plan_xlsx(&f->plan, f->c, path, ROTAS_LANG_ZH, &err), ROTAS_OK);
    size_t len;
    char *d = slurp(path, &len);
    assert_non_null(d);
    assert_true(len > 1000);
    assert_memory_equal(d, "PK", 2);
    free(d);
    snprintf(path, sizeof path, "%s/tt.xlsx", f->dir);
    assert_int_equal(rotas_render_timetable_xlsx(&f->tt, f->c, path, ROTAS_LANG_EN, &err),
                     ROTAS_OK);
    assert_int_equal(access(path, R_OK), 0);
    /* a directory that does not exist: an error, and no file */
    snprintf(path, sizeof path, "%s/nodir/plan.xlsx", f->dir);
    assert_int_not_equal(rotas_render_plan_xlsx(&f->plan, f->c, path, ROTAS_LANG_ZH, &err),
                         ROTAS_OK);
    assert_non_null(strstr(err.msg, "nodir/plan.xlsx"));
    assert_int_not_equal(access(path, F_OK), 0);
    /* no temporary files left behind */
    char cmd[800];
    snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q '\\.tmp'", f->dir);
    assert_int_not_equal(system(cmd), 0);
}

static void test_estimate(void **state)
{
    fx *f = *state;
    double *e = rotas__unfilled_estimate(f->c, &f->plan.policy, NULL);
    assert_non_null(e);
    size_t nj = f->c->n_subjects;
    /* S4/T1 grade 3: english 3, music 2, nobody there */
    assert_true(fabs(e[3 * nj + 1] - 3) < 1e-9);
    assert_true(fabs(e[3 * nj + 2] - 2) < 1e-9);
    /* S2/1A: chinese 8 covered by T005 (16) */
    assert_true(fabs(e[1 * nj + 0]) < 1e-9);
    free(e);
    int school_of[6] = {0, 3, 0, 1, 1, 2}; /* T002 (music) moves to S4 */
    e = rotas__unfilled_estimate(f->c, &f->plan.policy, school_of);
    assert_true(fabs(e[3 * nj + 2]) < 1e-9);
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_field),   cmocka_unit_test(test_csv_formula_guard),
        cmocka_unit_test(test_html_escape), cmocka_unit_test(test_buf_printf_long),
        cmocka_unit_test(test_sheet_names), cmocka_unit_test(test_display_width),
        cmocka_unit_test(test_labels),      cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_plan_csv),    cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_tt_csv),      cmocka_unit_test(test_plan_html),
        cmocka_unit_test(test_tt_html),     cmocka_unit_test(test_html_write_error),
        cmocka_unit_test(test_xlsx),        cmocka_unit_test(test_estimate),
    };
    return cmocka_run_group_tests_name("render", tests, setup, teardown);
}
