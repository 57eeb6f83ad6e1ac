/* test_json_county.c - the rotas-county/1 reader and writer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <libintl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_int.h"
#include "rotas/json.h"

#define TINY ROTAS_SOURCE_DIR "/tests/data/tiny-county.json"
#define BAD_DIR ROTAS_SOURCE_DIR "/tests/bad"
#define EVERYDAY ROTAS_SOURCE_DIR "/tests/data/tiny-everyday.json"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

/* All messages (err + diags) joined by newlines; caller frees. */
static char *messages(const rotas_error *err, const rotas_diags *d)
{
    size_t n = strlen(err->msg) + 64;
    for (size_t i = 0; i < d->n_items; i++)
        n += strlen(d->items[i]) + 1;
    char *s = malloc(n);
    assert_non_null(s);
    strcpy(s, err->msg);
    strcat(s, "\n");
    for (size_t i = 0; i < d->n_items; i++) {
        strcat(s, d->items[i]);
        strcat(s, "\n");
    }
    /* the count line the command-line tool adds */
    size_t k = rotas_diags_count(d);
    sprintf(s + strlen(s), "%zu error%s\n", k, k == 1 ? "" : "s");
    return s;
}

/* Read text as a county; expect ROTAS_EINPUT and every needle among the messages. */
static void expect_bad(const char *text, ...)
{
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    rotas_rc rc = rotas_county_read_json_buffer(&c, text, strlen(text), "t.json", &d, &err);
    char *all = messages(&err, &d);
    if (rc != ROTAS_EINPUT)
        fprintf(stderr, "rc %d for:\n%s\nmessages:\n%s", rc, text, all);
    assert_int_equal(rc, ROTAS_EINPUT);
    assert_null(c);
    va_list ap;
    va_start(ap, text);
    const char *needle;
    while ((needle = va_arg(ap, const char *)) != NULL) {
        if (!strstr(all, needle))
            fprintf(stderr, "missing \"%s\" in:\n%s", needle, all);
        assert_non_null(strstr(all, needle));
    }
    va_end(ap);
    free(all);
    rotas_diags_clear(&d);
}

static rotas_county *read_tiny(void)
{
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    rotas_rc rc = rotas_county_read_json(&c, TINY, &d, &err);
    if (rc != ROTAS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        for (size_t i = 0; i < d.n_items; i++)
            fprintf(stderr, "  %s\n", d.items[i]);
    }
    assert_int_equal(rc, ROTAS_OK);
    assert_int_equal(rotas_diags_count(&d), 0);
    rotas_diags_clear(&d);
    return c;
}

static void test_tiny_happy(void **state)
{
    (void)state;
    rotas_county *c = read_tiny();
    assert_string_equal(c->name, "青山县（示例）");
    assert_int_equal(c->year, 2026);
    assert_int_equal(c->n_subjects, 6);
    assert_int_equal(c->n_schools, 5);
    assert_int_equal(c->n_clusters, 2);
    assert_int_equal(c->clusters[0].declared, 1);
    assert_int_equal(c->clusters[0].central, rotas_county_school(c, "S02"));
    assert_int_equal(c->n_groups, 1);
    assert_int_equal(c->n_teachers, 20);
    assert_int_equal(c->n_classes, 6 + 6 + 2 + 6 + 6);
    /* classes grouped by school in school order */
    for (size_t k = 1; k < c->n_classes; k++)
        assert_true(c->classes[k - 1].school <= c->classes[k].school);
    int s3 = rotas_county_school(c, "S03");
    const rotas_school *tp = &c->schools[s3];
    assert_int_equal(tp->kind, ROTAS_KIND_TEACHING_POINT);
    assert_int_equal(tp->n_classes, 2);
    const rotas_class *multi = &c->classes[rotas_county_class(c, s3, "复式1")];
    assert_int_equal(multi->n_grades, 2);
    assert_int_equal(multi->grades[0], 1);
    assert_int_equal(multi->grades[1], 2);
    assert_non_null(strstr(multi->extra, "\"room\""));
    assert_int_equal(tp->n_bell, 5);
    assert_int_equal(tp->bell[0].start, 8 * 60 + 20);
    assert_int_equal(tp->bell[4].end, 15 * 60 + 30);
    assert_non_null(strstr(tp->extra, "早读后")); /* bell period extra kept with the school */
    assert_null(c->schools[0].bell);
    assert_int_equal(c->schools[0].cluster, -1);
    /* the missing S03-S05 travel pair used the fallback */
    assert_int_equal(c->n_estimated_pairs, 1);
    int s5 = rotas_county_school(c, "S05");
    assert_true(c->estimated[(size_t)s3 * c->n_schools + (size_t)s5]);
    assert_true(rotas_county_km(c, s3, s5) > 1.0);
    /* teachers */
    const rotas_teacher *t = &c->teachers[rotas_county_teacher(c, "T001")];
    assert_int_equal(t->role, ROTAS_ROLE_PRINCIPAL);
    assert_int_equal(t->key, ROTAS_KEY_CITY);
    assert_int_equal(t->key_is_bool, 0);
    assert_int_equal(t->post_since, 2013);
    assert_int_equal(t->degree_level, ROTAS_DEGREE_BACHELOR); /* 本科 */
    t = &c->teachers[rotas_county_teacher(c, "T002")];
    assert_int_equal(t->key, ROTAS_KEY_COUNTY);
    assert_int_equal(t->key_is_bool, 1);
    assert_int_equal(t->post_since, t->school_since); /* defaulted */
    t = &c->teachers[rotas_county_teacher(c, "T004")];
    assert_int_equal(t->n_subjects, 2);
    assert_int_equal(t->subjects[0], rotas_county_subject(c, "music"));
    assert_non_null(strstr(t->extra, "wechat"));
    t = &c->teachers[rotas_county_teacher(c, "T010")];
    assert_string_equal(t->exempt, "距退休不足5年");
    t = &c->teachers[rotas_county_teacher(c, "T011")];
    assert_int_equal(t->n_preferences, 2);
    assert_int_equal(t->preferences[1], s5);
    assert_int_equal(c->teachers[11].max_periods, 20);
    assert_non_null(strstr(c->extra, "bureau"));
    assert_non_null(strstr(c->clusters[0].extra, "office"));
    assert_non_null(strstr(c->travel[0].extra, "X012"));
    assert_null(c->subjects[0].extra);
    /* curriculum table */
    assert_int_equal(rotas_class_periods(c, multi, rotas_county_subject(c, "chinese")), 8);
    rotas_county_free(c);
}

static void test_roundtrip(void **state)
{
    (void)state;
    rotas_county *c = read_tiny(), *c2 = NULL;
    rotas_error err = {0};
    char *a = rotas_county_dump_json(c);
    assert_non_null(a);
    assert_int_equal(rotas_county_read_json_buffer(&c2, a, strlen(a), "dump", NULL, &err),
                     ROTAS_OK);
    char *b = rotas_county_dump_json(c2);
    assert_non_null(b);
    assert_string_equal(a, b);
    /* extras at every level come back */
    assert_non_null(strstr(a, "\"source\""));
    assert_non_null(strstr(a, "\"office\""));
    assert_non_null(strstr(a, "\"road\""));
    assert_non_null(strstr(a, "\"room\""));
    assert_non_null(strstr(a, "\"note\": \"早读后\""));
    assert_non_null(strstr(a, "\"wechat\""));
    assert_non_null(strstr(a, "\"founded\": 1952"));
    assert_non_null(strstr(a, "\"start\": \"08:20\""));
    assert_non_null(strstr(a, "\"key\": \"city\""));
    assert_non_null(strstr(a, "\"lat\": 27.8,"));
    /* the bell extra is written inside the period, not as a school key */
    const char *bell = strstr(a, "\"bell\": [");
    assert_non_null(bell);
    assert_null(strstr(bell + 1, "\"bell\""));
    free(a);
    free(b);
    rotas_county_free(c);
    rotas_county_free(c2);
}

static void test_write_file(void **state)
{
    (void)state;
    rotas_county *c = read_tiny(), *c2 = NULL;
    rotas_error err = {0};
    const char *path = ROTAS_BUILD_DIR "/test_json_county_out.json";
    assert_int_equal(rotas_county_write_json(c, path, &err), ROTAS_OK);
    assert_int_equal(rotas_county_read_json(&c2, path, NULL, &err), ROTAS_OK);
    assert_int_equal(c2->n_teachers, c->n_teachers);
    char *text = slurp(path, NULL);
    char *dump = rotas_county_dump_json(c);
    assert_int_equal(strlen(text), strlen(dump) + 1);
    assert_int_equal(text[strlen(text) - 1], '\n');
    free(text);
    free(dump);
    remove(path);
    rotas_error_clear(&err);
    assert_int_equal(rotas_county_write_json(c, ROTAS_BUILD_DIR "/no/such/dir/x.json", &err),
                     ROTAS_EIO);
    assert_non_null(strstr(err.msg, "cannot write"));
    rotas_county_free(c);
    rotas_county_free(c2);
}

/* A county built in memory (as the generator or the store do) writes a file that reads back
   and writes again byte for byte. */
static void test_built_county(void **state)
{
    (void)state;
    rotas_county *c = rotas_county_new(), *c2 = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    assert_non_null(c);
    c->year = 2026;
    c->n_subjects = 1;
    c->subjects = calloc(1, sizeof *c->subjects);
    c->subjects[0].id = rotas_strdup("english");
    c->subjects[0].name = rotas_strdup("英语");
    c->subjects[0].shortage = 1;
    c->n_clusters = 1;
    c->clusters = calloc(1, sizeof *c->clusters);
    c->clusters[0].id = rotas_strdup("K1");
    c->clusters[0].name = rotas_strdup("北片");
    c->clusters[0].central = 0;
    c->n_schools = 1;
    c->schools = calloc(1, sizeof *c->schools);
    rotas_school *s = &c->schools[0];
    s->id = rotas_strdup("A");
    s->name = rotas_strdup("甲校");
    s->kind = ROTAS_KIND_CENTRAL_PRIMARY;
    s->area = ROTAS_AREA_TOWN;
    s->cluster = 0;
    s->group = -1;
    s->lat = 30.123456789;
    s->lon = 110.5;
    s->students = 40;
    s->staff_quota = 3;
    s->n_bell = 1;
    s->bell = calloc(1, sizeof *s->bell);
    s->bell[0].start = 8 * 60;
    s->bell[0].end = 8 * 60 + 45;
    c->n_classes = 1;
    c->classes = calloc(1, sizeof *c->classes);
    c->classes[0].id = rotas_strdup("1");
    c->classes[0].school = 0;
    c->classes[0].grades[0] = 3;
    c->classes[0].n_grades = 1;
    c->classes[0].students = 40;
    c->n_teachers = 1;
    c->teachers = calloc(1, sizeof *c->teachers);
    rotas_teacher *t = &c->teachers[0];
    t->id = rotas_strdup("T");
    t->name = rotas_strdup("丁");
    t->gender = 'M';
    t->birth_year = 1985;
    t->school = 0;
    t->subjects = calloc(1, sizeof *t->subjects);
    t->n_subjects = 1;
    t->role = ROTAS_ROLE_VICE_PRINCIPAL;
    t->school_since = 2015;
    t->post_since = 2018;
    t->key = ROTAS_KEY_PROVINCE;
    t->exchange_until = 2027;
    assert_int_equal(rotas_county_finalize(c, &err), ROTAS_OK);
    char *a = rotas_county_dump_json(c);
    assert_non_null(a);
    assert_int_equal(rotas_county_read_json_buffer(&c2, a, strlen(a), "built", &d, &err), ROTAS_OK);
    char *b = rotas_county_dump_json(c2);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "\"name\": \"北片\""));
    assert_non_null(strstr(a, "\"central\": \"A\""));
    assert_non_null(strstr(a, "\"key\": \"province\""));
    assert_non_null(strstr(a, "\"end\": \"08:45\""));
    assert_non_null(strstr(a, "\"lat\": 30.123456789,"));
    assert_non_null(strstr(a, "\"exchange_until\": 2027"));
    assert_int_equal(c2->teachers[0].post_since, 2018);
    assert_int_equal(c2->clusters[0].central, 0);
    free(a);
    free(b);
    rotas_county_free(c);
    rotas_county_free(c2);
}

/* A small valid county to mutate: {PLACEHOLDERS} are not used; tests build variants by
   replacing one literal substring. */
static const char *mini =
    "{\"format\":\"rotas-county/1\",\"year\":2026,"
    "\"subjects\":[{\"id\":\"math\",\"name\":\"数学\",\"shortage\":false},"
    "{\"id\":\"music\",\"name\":\"音乐\",\"shortage\":true}],"
    "\"schools\":["
    "{\"id\":\"S1\",\"name\":\"A\",\"kind\":\"central_primary\",\"area\":\"town\","
    "\"cluster\":\"C1\",\"group\":null,\"hardship\":1,\"lat\":27.1,\"lon\":114.2,"
    "\"students\":60,\"staff_quota\":5,"
    "\"classes\":[{\"id\":\"1\",\"grades\":[1],\"students\":30},"
    "{\"id\":\"2\",\"grades\":[2],\"students\":30}]},"
    "{\"id\":\"S2\",\"name\":\"B\",\"kind\":\"teaching_point\",\"area\":\"rural\","
    "\"cluster\":\"C1\",\"group\":null,\"hardship\":2,\"lat\":27.2,\"lon\":114.3,"
    "\"students\":10,\"staff_quota\":1,"
    "\"classes\":[{\"id\":\"m\",\"grades\":[1,2],\"students\":10}]}],"
    "\"travel\":[{\"from\":\"S1\",\"to\":\"S2\",\"km\":12.5,\"minutes\":30}],"
    "\"curriculum\":[{\"grade\":1,\"subject\":\"math\",\"periods\":4},"
    "{\"grade\":1,\"subject\":\"music\",\"periods\":2}],"
    "\"teachers\":[{\"id\":\"T1\",\"name\":\"甲\",\"gender\":\"F\",\"birth_year\":1980,"
    "\"school\":\"S1\",\"subjects\":[\"math\"],\"role\":\"teacher\",\"school_since\":2010,"
    "\"key\":false,\"title\":null,\"degree\":null,\"exempt\":null,\"exchange_until\":null}]}";

/* mini with the first occurrence of from replaced by to; caller frees. */
static char *variant(const char *from, const char *to)
{
    const char *p = strstr(mini, from);
    assert_non_null(p);
    size_t n = strlen(mini) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);
    assert_non_null(s);
    memcpy(s, mini, (size_t)(p - mini));
    strcpy(s + (p - mini), to);
    strcat(s, p + strlen(from));
    return s;
}

static void expect_variant(const char *from, const char *to, const char *needle)
{
    char *s = variant(from, to);
    expect_bad(s, needle, (const char *)NULL);
    free(s);
}

static void test_mini_ok(void **state)
{
    (void)state;
    rotas_county *c = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_county_read_json_buffer(&c, mini, strlen(mini), "m", NULL, &err),
                     ROTAS_OK);
    /* clusters[] absent: made from the schools, undeclared */
    assert_int_equal(c->n_clusters, 1);
    assert_int_equal(c->clusters[0].declared, 0);
    assert_int_equal(c->schools[1].cluster, 0);
    char *dump = rotas_county_dump_json(c);
    assert_null(strstr(dump, "\"clusters\""));
    free(dump);
    rotas_county_free(c);
}

static void test_errors(void **state)
{
    (void)state;
    expect_bad("", "t.json: the file is empty", (const char *)NULL);
    expect_bad("{\"format\": ", "t.json:1:", "invalid JSON", (const char *)NULL);
    expect_bad("{\"a\":1,\n\"a\":2}", "t.json:2:", "duplicate", (const char *)NULL);
    expect_bad("{\"format\":\"\xff\"}", "not valid UTF-8", (const char *)NULL);
    expect_bad("[1]", "(top level): expected a rotas-county/1 object", (const char *)NULL);
    expect_bad("{\"name\":\"x\"}", "missing required field \"format\"", (const char *)NULL);
    expect_bad("{\"format\":\"rotas-plan/1\"}",
               "format: expected \"rotas-county/1\", found \"rotas-plan/1\"", (const char *)NULL);
    expect_variant("\"hardship\":1", "\"hardship\":7",
                   "schools[0].hardship: expected an integer 0..3, found 7");
    expect_variant("\"school\":\"S1\"", "\"school\":\"S999\"",
                   "teachers[0].school: expected the id of a school in schools[], found \"S999\"");
    expect_variant("\"birth_year\":1980,", "",
                   "teachers[0]: missing required field \"birth_year\"");
    expect_variant("\"birth_year\":1980", "\"birth_year\":1800",
                   "teachers[0].birth_year: expected a year of birth 1951..2010, found 1800");
    expect_variant("\"school_since\":2010", "\"school_since\":2031",
                   "teachers[0].school_since: expected a year no later than 2027, found 2031");
    expect_variant("\"school_since\":2010", "\"school_since\":1990",
                   "expected a year at least 16 years after birth_year 1980, found 1990");
    expect_variant("\"exchange_until\":null", "\"exchange_until\":2005",
                   "teachers[0].exchange_until: expected null or a year no earlier than "
                   "school_since 2010, found 2005");
    expect_variant("\"grades\":[1,2]", "\"grades\":[]",
                   "schools[1].classes[0].grades: expected at least one grade 1..9");
    expect_variant("\"grades\":[1,2]", "\"grades\":[1,10]",
                   "schools[1].classes[0].grades[1]: expected a grade 1..9, found 10");
    expect_variant("\"students\":10}]}]", "\"students\":46}]}]",
                   "schools[1].classes[0].students: expected at most 45 students");
    expect_variant("\"km\":12.5", "\"km\":-3", "travel[0].km: expected a distance in km 0..1000");
    expect_variant("\"km\":12.5", "\"km\":1500", "found 1500");
    expect_variant("\"minutes\":30", "\"minutes\":2000", "travel[0].minutes: expected a travel");
    expect_variant("\"to\":\"S2\"", "\"to\":\"S1\"", "travel[0].to: expected a school other than");
    expect_variant("\"hardship\":1", "\"hardship\":1.0",
                   "schools[0].hardship: expected an integer 0..3, found 1.0");
    expect_variant("\"school_since\":2010", "\"school_since\":\"2010\"",
                   "teachers[0].school_since: expected a year no later than 2027, found \"2010\"");
    expect_variant("\"birth_year\":1980", "\"birth_year\":null",
                   "teachers[0].birth_year: expected a year of birth 1951..2010, found null");
    expect_variant("\"lat\":27.1", "\"lat\":127.1",
                   "schools[0].lat: expected a latitude -90..90, found 127.1");
    expect_variant("\"kind\":\"central_primary\"", "\"kind\":\"primary\"",
                   "schools[0].kind: expected one of \"urban_primary\"");
    expect_variant("\"id\":\"S2\"", "\"id\":\"S1\"",
                   "schools[1].id: expected a unique school id, found \"S1\" again");
    expect_variant("\"id\":\"2\"", "\"id\":\"1\"",
                   "schools[0].classes[1].id: expected a class id unique in its school");
    expect_variant("\"periods\":2}",
                   "\"periods\":2},{\"grade\":1,\"subject\":\"music\","
                   "\"periods\":3}",
                   "curriculum[2]: expected one row per grade and subject");
    expect_variant("\"periods\":4", "\"periods\":21",
                   "curriculum[0].periods: expected a number of periods a week 0..20, found 21");
    expect_variant("\"subjects\":[\"math\"]", "\"subjects\":[\"physics\"]",
                   "teachers[0].subjects[0]: expected the id of a subject in subjects[]");
    expect_variant("\"exchange_until\":null", "\"exchange_until\":null,\"max_periods\":41",
                   "teachers[0].max_periods: expected a number of periods a week 1..40");
    expect_variant("\"gender\":\"F\"", "\"gender\":\"女\"",
                   "teachers[0].gender: expected \"M\" or \"F\", found \"女\"");
    expect_variant("\"degree\":null", "\"degree\":\"phd\"",
                   "teachers[0].degree: expected a degree");
    expect_variant("\"key\":false", "\"key\":\"provincial\"",
                   "teachers[0].key: expected true, false or one of");
    expect_variant("\"students\":10}]}]",
                   "\"students\":10}],"
                   "\"bell\":[{\"start\":\"08:00\",\"end\":\"08:40\"},"
                   "{\"start\":\"08:30\",\"end\":\"09:10\"}]}]",
                   "schools[1].bell[1].start: expected a time no earlier than the end");
    expect_variant("\"students\":10}]}]",
                   "\"students\":10}],"
                   "\"bell\":[{\"start\":\"08:40\",\"end\":\"08:00\"}]}]",
                   "schools[1].bell[0].end: expected a time after the start 08:40");
    expect_variant("\"format\":\"rotas-county/1\",",
                   "\"format\":\"rotas-county/1\","
                   "\"clusters\":[{\"id\":\"C2\"}],",
                   "schools[0].cluster: expected the id of a cluster in clusters[] or null, "
                   "found \"C1\"");
    expect_variant("\"format\":\"rotas-county/1\",",
                   "\"format\":\"rotas-county/1\","
                   "\"clusters\":[{\"id\":\"C1\",\"central\":\"S9\"}],",
                   "clusters[0].central: expected the id of a school in schools[], found \"S9\"");
    expect_variant("\"subjects\":[{", "\"subjects\":5,\"x\":[{",
                   "subjects: expected an array of subjects, found 5");
}

/* Every problem of a file is reported, not only the first. */
static void test_all_problems(void **state)
{
    (void)state;
    char *s = variant("\"hardship\":1", "\"hardship\":-1");
    char *s2 = strstr(s, "\"school\":\"S1\"");
    assert_non_null(s2);
    memcpy(s2, "\"school\":\"SX\"", 13);
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    assert_int_equal(rotas_county_read_json_buffer(&c, s, strlen(s), "t", &d, &err), ROTAS_EINPUT);
    assert_int_equal(rotas_diags_count(&d), 2);
    assert_non_null(strstr(err.msg, "2 problems"));
    assert_non_null(strstr(d.items[0], "schools[0].hardship"));
    assert_non_null(strstr(d.items[1], "teachers[0].school"));
    rotas_diags_clear(&d);
    free(s);
}

static void locate(void *ctx, const char *path, char *buf, size_t n)
{
    (*(int *)ctx)++;
    snprintf(buf, n, "teachers.csv:2:5 (%s)", path);
}

static void test_locator(void **state)
{
    (void)state;
    char *s = variant("\"school\":\"S1\"", "\"school\":\"S9\"");
    json_error_t je;
    json_t *root = json_loads(s, 0, &je);
    assert_non_null(root);
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    int calls = 0;
    assert_int_equal(rotas__county_from_json(&c, root, locate, &calls, &d, &err), ROTAS_EINPUT);
    assert_null(c);
    assert_int_equal(calls, 1);
    assert_int_equal(d.n_items, 1);
    assert_string_equal(d.items[0], "teachers.csv:2:5 (teachers[0].school): expected the id "
                                    "of a school in schools[], found \"S9\"");
    json_decref(root);
    rotas_diags_clear(&d);
    free(s);
}

/* One bad reference read with the catalogue as the program leaves it: 1 if the message came out
   in Chinese (and then it must be exactly this one), 0 if in English (exactly that one). */
static int read_bad_reference(void)
{
    char *s = variant("\"school\":\"S1\"", "\"school\":\"S9\"");
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    assert_int_equal(rotas_county_read_json_buffer(&c, s, strlen(s), "x.json", &d, &err),
                     ROTAS_EINPUT);
    assert_int_equal(d.n_items, 1);
    int zh = strstr(d.items[0], "：") != NULL;
    if (zh) {
        assert_string_equal(d.items[0],
                            "teachers[0].school：应为学校表（schools）中已有的学校代码，"
                            "实际是\"S9\"");
        assert_non_null(strstr(err.msg, "1 处问题；第一处：teachers[0].school：应为"));
    } else {
        assert_string_equal(d.items[0], "teachers[0].school: expected the id of a school in "
                                        "schools[], found \"S9\"");
        assert_non_null(strstr(err.msg, "1 problem; first: teachers[0].school: expected"));
    }
    rotas_diags_clear(&d);
    free(s);
    return zh;
}

/* The library's messages are English as written until the program binds the catalogue and
   asks for Chinese (as the CLI's i18n.c does); then they are Chinese, JSON paths and ids kept. */
static void test_messages_in_chinese(void **state)
{
    (void)state;
    assert_int_equal(read_bad_reference(), 0);
    if (!setlocale(LC_MESSAGES, "C.UTF-8"))
        skip(); /* a C library without C.UTF-8: gettext would ignore LANGUAGE under "C" */
    setenv("LANGUAGE", "zh_CN", 1);
    bindtextdomain("rotas", ROTAS_BUILD_DIR "/locale");
    bind_textdomain_codeset("rotas", "UTF-8");
    int zh = read_bad_reference();
    unsetenv("LANGUAGE");
    setlocale(LC_MESSAGES, "C");
    assert_int_equal(zh, 1);
    assert_int_equal(read_bad_reference(), 0);
}

static void test_file_errors(void **state)
{
    (void)state;
    rotas_county *c = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_county_read_json(&c, ROTAS_BUILD_DIR "/no-such.json", NULL, &err),
                     ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "cannot open"));
    rotas_error_clear(&err);
    assert_int_equal(rotas_county_read_json(&c, ROTAS_SOURCE_DIR "/tests", NULL, &err),
                     ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "folder"));
    /* junk fails at the first bad token, with line and column */
    const char *junk = ROTAS_BUILD_DIR "/test_json_county_junk.json";
    FILE *f = fopen(junk, "wb");
    assert_non_null(f);
    fputs("{\n  \"format\": \"rotas-county/1\",\n  oops", f);
    for (int i = 0; i < 100000; i++)
        fputs("junk junk junk junk\n", f);
    fclose(f);
    rotas_error_clear(&err);
    assert_int_equal(rotas_county_read_json(&c, junk, NULL, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "test_json_county_junk.json:3:"));
    remove(junk);
    /* a long run of letters is stopped by the guard at its first byte, not buffered */
    f = fopen(junk, "wb");
    assert_non_null(f);
    fputs("{\n \"format\": ", f);
    for (int i = 0; i < 200000; i++)
        fputs("xxxxxxxxxx", f);
    fclose(f);
    rotas_error_clear(&err);
    assert_int_equal(rotas_county_read_json(&c, junk, NULL, &err), ROTAS_EINPUT);
    assert_non_null(
        strstr(err.msg, "test_json_county_junk.json:2:12: invalid JSON: invalid token"));
    /* and an endless string */
    f = fopen(junk, "wb");
    assert_non_null(f);
    fputs("{\"name\": \"", f);
    for (int i = 0; i < 200000; i++)
        fputs("xxxxxxxxxx", f);
    fclose(f);
    rotas_error_clear(&err);
    assert_int_equal(rotas_county_read_json(&c, junk, NULL, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "a string longer than 1048576 bytes"));
    remove(junk);
    /* a byte order mark is skipped */
    f = fopen(junk, "wb");
    assert_non_null(f);
    fputs("\xEF\xBB\xBF", f);
    fputs(mini, f);
    fclose(f);
    assert_int_equal(rotas_county_read_json(&c, junk, NULL, NULL), ROTAS_OK);
    rotas_county_free(c);
    remove(junk);
}

/* Every file of the bad-input corpus fails with ROTAS_EINPUT and the expected messages. */
static void test_corpus(void **state)
{
    (void)state;
    DIR *dir = opendir(BAD_DIR);
    assert_non_null(dir);
    struct dirent *e;
    int n = 0, failed = 0;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char path[1024], exp[1024];
        snprintf(path, sizeof path, "%s/%s", BAD_DIR, e->d_name);
        snprintf(exp, sizeof exp, "%s/%.*s.expected", BAD_DIR, (int)(len - 5), e->d_name);
        rotas_county *c = NULL;
        rotas_error err = {0};
        rotas_diags d = {0};
        rotas_rc rc = rotas_county_read_json(&c, path, &d, &err);
        char *all = messages(&err, &d);
        char *want = slurp(exp, NULL);
        if (rc != ROTAS_EINPUT) {
            fprintf(stderr, "%s: rc %d, expected ROTAS_EINPUT\n", e->d_name, rc);
            failed++;
        }
        for (char *line = strtok(want, "\n"); line; line = strtok(NULL, "\n")) {
            if (!*line)
                continue;
            if (!strstr(all, line)) {
                fprintf(stderr, "%s: missing \"%s\" in:\n%s", e->d_name, line, all);
                failed++;
            }
        }
        rotas_county_free(c);
        rotas_diags_clear(&d);
        free(all);
        free(want);
        n++;
    }
    closedir(dir);
    assert_int_equal(failed, 0);
    assert_true(n >= 100);
}

/* ---- everyday constraints ---------------------------------------------------------------- */

static rotas_county *read_everyday(void)
{
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    rotas_rc rc = rotas_county_read_json(&c, EVERYDAY, &d, &err);
    if (rc != ROTAS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        for (size_t i = 0; i < d.n_items; i++)
            fprintf(stderr, "  %s\n", d.items[i]);
    }
    assert_int_equal(rc, ROTAS_OK);
    rotas_diags_clear(&d);
    return c;
}

static void test_everyday_read(void **state)
{
    (void)state;
    rotas_county *c = read_everyday();
    int s2 = rotas_county_school(c, "S02"), s3 = rotas_county_school(c, "S03");
    const rotas_class *k = &c->classes[rotas_county_class(c, s2, "1-1")];
    assert_int_equal(k->n_unavailable, 2);
    assert_int_equal(k->unavailable[0].day, 0);
    assert_int_equal(k->unavailable[0].period, 0);
    assert_string_equal(k->unavailable[0].reason, "升旗");
    assert_int_equal(k->unavailable[1].day, 4);
    assert_int_equal(k->unavailable[1].period, 6);
    assert_null(k->unavailable[1].reason);
    assert_non_null(strstr(k->extra, "操场")); /* an entry's unknown key kept with the class */
    const rotas_teacher *t = &c->teachers[rotas_county_teacher(c, "T008")];
    assert_int_equal(t->n_unavailable, 1);
    assert_int_equal(t->unavailable[0].day, 2);
    assert_int_equal(t->unavailable[0].start, 14 * 60);
    assert_int_equal(t->unavailable[0].end, 17 * 60);
    assert_string_equal(t->unavailable[0].reason, "英语教研");
    t = &c->teachers[rotas_county_teacher(c, "T009")];
    assert_int_equal(t->max_days, 4);
    assert_int_equal(t->hardship_years, 3);
    assert_int_equal(t->middle_leader, 0);
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T002")].middle_leader, 1);
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T001")].max_days, 0);
    assert_int_equal(c->n_subject_rules, 3);
    assert_int_equal(c->subject_rules[0].subject, rotas_county_subject(c, "pe"));
    assert_int_equal(c->subject_rules[0].not_first_period, 1);
    assert_int_equal(c->subject_rules[0].not_after_lunch, 1);
    assert_int_equal(c->subject_rules[0].before_period, 0);
    assert_int_equal(c->subject_rules[1].before_period, 4);
    assert_non_null(strstr(c->subject_rules[2].extra, "教务处"));
    assert_int_equal(c->n_fixed_lessons, 2);
    const rotas_fixed_lesson *fl = &c->fixed_lessons[1];
    assert_int_equal(fl->klass, rotas_county_class(c, s3, "3"));
    assert_int_equal(fl->subject, rotas_county_subject(c, "music"));
    assert_int_equal(fl->teacher, rotas_county_teacher(c, "T009"));
    assert_int_equal(fl->day, 1);
    assert_int_equal(fl->period, 1);
    assert_int_equal(c->n_decisions, 5);
    assert_int_equal(c->decisions[0].kind, ROTAS_DECISION_MOVE);
    assert_int_equal(c->decisions[0].teacher, rotas_county_teacher(c, "T005"));
    assert_int_equal(c->decisions[0].school, rotas_county_school(c, "S05"));
    assert_int_equal(c->decisions[1].kind, ROTAS_DECISION_STAY);
    assert_string_equal(c->decisions[1].reason, "病休");
    assert_int_equal(c->decisions[2].kind, ROTAS_DECISION_RECEIVE_KEY);
    assert_int_equal(c->decisions[2].subject, rotas_county_subject(c, "english"));
    assert_int_equal(c->decisions[3].subject, -1);
    assert_int_equal(c->decisions[4].kind, ROTAS_DECISION_TOGETHER);
    assert_int_equal(c->decisions[4].teacher, rotas_county_teacher(c, "T002"));
    assert_int_equal(c->decisions[4].teacher2, rotas_county_teacher(c, "T004"));
    rotas_county_free(c);
}

static void test_everyday_roundtrip(void **state)
{
    (void)state;
    rotas_county *c = read_everyday(), *c2 = NULL;
    rotas_error err = {0};
    char *a = rotas_county_dump_json(c);
    assert_non_null(a);
    assert_int_equal(rotas_county_read_json_buffer(&c2, a, strlen(a), "dump", NULL, &err),
                     ROTAS_OK);
    char *b = rotas_county_dump_json(c2);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "\"note\": \"操场\""));
    assert_non_null(strstr(a, "\"room\": \"局三楼\""));
    assert_non_null(strstr(a, "\"why\": \"音乐教室\""));
    assert_non_null(strstr(a, "\"teachers\": [\n        \"T002\",\n        \"T004\"\n      ]"));
    assert_non_null(strstr(a, "\"max_days\": 4"));
    assert_non_null(strstr(a, "\"middle_leader\": true"));
    /* the unknown keys travel inside the entries, not as class or teacher keys */
    assert_int_equal(
        c2->classes[rotas_county_class(c2, rotas_county_school(c2, "S02"), "1-1")].n_unavailable,
        2);
    free(a);
    free(b);
    rotas_county_free(c);
    rotas_county_free(c2);
    /* a county without the new fields writes none of them */
    c = read_tiny();
    a = rotas_county_dump_json(c);
    assert_null(strstr(a, "unavailable"));
    assert_null(strstr(a, "decisions"));
    assert_null(strstr(a, "fixed_lessons"));
    assert_null(strstr(a, "subject_rules"));
    assert_null(strstr(a, "middle_leader"));
    assert_null(strstr(a, "hardship_years"));
    assert_null(strstr(a, "max_days"));
    free(a);
    rotas_county_free(c);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void expect_decisions_bad(const char *text, const char *needle)
{
    const char *path = ROTAS_BUILD_DIR "/test_json_county_decisions.json";
    rotas_county *c = read_everyday();
    rotas_error err = {0};
    rotas_diags d = {0};
    write_text(path, text);
    rotas_rc rc = rotas_decisions_read_json(c, path, &d, &err);
    char *all = messages(&err, &d);
    if (!strstr(all, needle))
        fprintf(stderr, "missing \"%s\" in:\n%s", needle, all);
    assert_int_equal(rc, ROTAS_EINPUT);
    assert_non_null(strstr(all, needle));
    assert_int_equal(c->n_decisions, 5); /* unchanged */
    free(all);
    rotas_diags_clear(&d);
    rotas_county_free(c);
    remove(path);
}

static void test_decisions_file(void **state)
{
    (void)state;
    const char *path = ROTAS_BUILD_DIR "/test_json_county_decisions.json";
    rotas_county *c = read_everyday();
    rotas_error err = {0};
    rotas_diags d = {0};
    /* T005 had a move to S05: the file's stay replaces it; T002 of the together pair gets a
       move, so the pair goes; T012 is new */
    write_text(path, "{\"format\": \"rotas-decisions/1\", \"decisions\": [\n"
                     " {\"kind\": \"stay\", \"teacher\": \"T005\", \"reason\": \"病休\"},\n"
                     " {\"kind\": \"move\", \"teacher\": \"T002\", \"school\": \"S04\"},\n"
                     " {\"kind\": \"move\", \"teacher\": \"T012\", \"school\": \"S02\"}]}\n");
    assert_int_equal(rotas_decisions_read_json(c, path, &d, &err), ROTAS_OK);
    assert_int_equal(rotas_diags_count(&d), 0);
    assert_int_equal(c->n_decisions, 3 + 3);
    assert_int_equal(c->decisions[0].kind, ROTAS_DECISION_STAY); /* T006 kept */
    assert_int_equal(c->decisions[0].teacher, rotas_county_teacher(c, "T006"));
    assert_int_equal(c->decisions[1].kind, ROTAS_DECISION_RECEIVE_KEY);
    assert_int_equal(c->decisions[2].kind, ROTAS_DECISION_RECEIVE_KEY);
    assert_int_equal(c->decisions[3].kind, ROTAS_DECISION_STAY);
    assert_int_equal(c->decisions[3].teacher, rotas_county_teacher(c, "T005"));
    assert_int_equal(c->decisions[5].school, rotas_county_school(c, "S02"));
    /* the merged set writes and reads back */
    char *a = rotas_county_dump_json(c);
    rotas_county *c2 = NULL;
    assert_int_equal(rotas_county_read_json_buffer(&c2, a, strlen(a), "dump", NULL, &err),
                     ROTAS_OK);
    assert_int_equal(c2->n_decisions, 6);
    free(a);
    rotas_county_free(c2);
    rotas_county_free(c);
    remove(path);

    expect_decisions_bad("{\"format\": \"rotas-county/1\", \"decisions\": []}",
                         "format: expected \"rotas-decisions/1\", found \"rotas-county/1\"");
    expect_decisions_bad("{\"format\": \"rotas-decisions/1\"}",
                         "(top level): missing required field \"decisions\"");
    expect_decisions_bad("{\"format\": \"rotas-decisions/1\", \"decisions\": [{}, \n"
                         "{\"kind\": \"move\", \"teacher\": \"T010\", \"school\": \"S01\"},\n"
                         "{\"kind\": \"stay\", \"teacher\": \"T404\", \"reason\": \"x\"}]}",
                         "decisions[1].teacher: expected a teacher who is not exempt, found "
                         "\"T010\" (exempt: 距退休不足5年); the move decision conflicts with the "
                         "exemption");
    expect_decisions_bad("{\"format\": \"rotas-decisions/1\", \"decisions\": [\n"
                         "{\"kind\": \"stay\", \"teacher\": \"T404\", \"reason\": \"x\"}]}",
                         "decisions[0].teacher: expected the id of a teacher in teachers[], "
                         "found \"T404\"");
    expect_decisions_bad("{\"format\": \"rotas-decisions/1\", \"decisions\": [\n"
                         "{\"kind\": \"move\", \"teacher\": \"T001\", \"school\": \"S02\"},\n"
                         "{\"kind\": \"stay\", \"teacher\": \"T001\", \"reason\": \"x\"}]}",
                         "decisions[1].teacher: expected either a move or a stay decision for "
                         "\"T001\", found both (the move at decisions[0])");
    expect_decisions_bad("{\"format\": \"rotas-decisions/1\", \"decisions\": [}", "invalid JSON");
    expect_decisions_bad("{\"format\": \"rotas-decisions/1\", \"decisions\": [\n"
                         "{\"kind\": \"stay\", \"teacher\": \"T001\"}]}",
                         "decisions[0]: missing required field \"reason\"");
    rotas_county *c3 = read_everyday();
    rotas_error_clear(&err);
    assert_int_equal(rotas_decisions_read_json(c3, ROTAS_BUILD_DIR "/no-such.json", NULL, &err),
                     ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "cannot open"));
    rotas_county_free(c3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_happy),     cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_write_file),     cmocka_unit_test(test_mini_ok),
        cmocka_unit_test(test_errors),         cmocka_unit_test(test_all_problems),
        cmocka_unit_test(test_locator),        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_corpus),         cmocka_unit_test(test_built_county),
        cmocka_unit_test(test_everyday_read),  cmocka_unit_test(test_everyday_roundtrip),
        cmocka_unit_test(test_decisions_file), cmocka_unit_test(test_messages_in_chinese),
    };
    return cmocka_run_group_tests_name("json_county", tests, NULL, NULL);
}
