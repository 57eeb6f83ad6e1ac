/* test_categories.c - subject roles as data ("category"): defaults from well-known ids and
   names, an explicit category wins, bad values are reported, and the store and the writer
   give the category back as it was given. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotas/json.h"
#include "rotas/plan.h"
#include "rotas/store.h"

#define DEMO ROTAS_SOURCE_DIR "/datasets/demo-county.json"

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
    *len = (size_t)n;
    return buf;
}

/* Replace every occurrence of from by to (new string). */
static char *replace_all(const char *s, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to), n = 0;
    for (const char *p = strstr(s, from); p; p = strstr(p + lf, from))
        n++;
    char *out = malloc(strlen(s) + n * (lt > lf ? lt - lf : 0) + 1), *o = out;
    assert_non_null(out);
    const char *p = s, *q;
    while ((q = strstr(p, from))) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, lt);
        o += lt;
        p = q + lf;
    }
    strcpy(o, p);
    return out;
}

static rotas_county *read_buf(const char *buf, rotas_diags *d)
{
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_rc rc = rotas_county_read_json_buffer(&c, buf, strlen(buf), "t.json", d, &err);
    if (!d)
        assert_int_equal(rc, ROTAS_OK);
    return c;
}

/* Subject ids written as their Chinese names give the same indicators as the demo's ids. */
static void test_chinese_ids_same_indicators(void **state)
{
    (void)state;
    size_t len;
    char *buf = slurp(DEMO, &len);
    rotas_county *demo = read_buf(buf, NULL);
    char *zh = rotas_strdup(buf);
    for (size_t i = 0; i < demo->n_subjects; i++) {
        char from[64], to[128];
        snprintf(from, sizeof from, "\"%s\"", demo->subjects[i].id);
        snprintf(to, sizeof to, "\"%s\"", demo->subjects[i].name);
        char *next = replace_all(zh, from, to);
        free(zh);
        zh = next;
    }
    rotas_county *c = read_buf(zh, NULL);
    int pe = rotas_county_subject(c, "体育与健康");
    assert_true(pe >= 0);
    assert_int_equal(c->subjects[pe].category, ROTAS_CATEGORY_PE_ARTS);
    assert_int_equal(c->subjects[rotas_county_subject(c, "语文")].category, ROTAS_CATEGORY_MAIN);
    assert_int_equal(c->subjects[rotas_county_subject(c, "英语")].category, ROTAS_CATEGORY_OTHER);
    rotas_indicators a, b;
    rotas_indicators_compute(&a, demo, NULL);
    rotas_indicators_compute(&b, c, NULL);
    assert_true(a.county.mean[ROTAS_IND_PE_ARTS] > 1.0);
    assert_true(a.county.cv[ROTAS_IND_PE_ARTS] > 0.5);
    for (int k = 0; k < ROTAS_IND_COUNT; k++) {
        assert_true(fabs(a.county.mean[k] - b.county.mean[k]) < 1e-9);
        assert_true(fabs(a.county.cv[k] - b.county.cv[k]) < 1e-9);
        assert_true(fabs(a.primary.cv[k] - b.primary.cv[k]) < 1e-9);
        assert_true(fabs(a.junior.cv[k] - b.junior.cv[k]) < 1e-9);
    }
    rotas_county_free(c);
    rotas_county_free(demo);
    free(zh);
    free(buf);
}

/* An explicit category wins over the default, and both the writer and the store keep it. */
static void test_explicit_category_kept(void **state)
{
    (void)state;
    size_t len;
    char *buf = slurp(DEMO, &len);
    /* music no longer counts as PE/arts; a subject "sport" id with no default counts */
    char *b1 =
        replace_all(buf, "\"id\": \"music\",", "\"category\": \"other\", \"id\": \"music\",");
    rotas_county *demo = read_buf(buf, NULL), *c = read_buf(b1, NULL);
    int mu = rotas_county_subject(c, "music");
    assert_int_equal(c->subjects[mu].category, ROTAS_CATEGORY_OTHER);
    rotas_indicators a, b;
    rotas_indicators_compute(&a, demo, NULL);
    rotas_indicators_compute(&b, c, NULL);
    assert_true(b.county.mean[ROTAS_IND_PE_ARTS] < a.county.mean[ROTAS_IND_PE_ARTS] - 0.1);

    /* the writer gives "category" back where it was given, and nowhere else */
    char *out = rotas_county_dump_json(c);
    assert_non_null(out);
    assert_non_null(strstr(out, "\"category\": \"other\""));
    assert_null(strstr(strstr(out, "\"category\"") + 1, "\"category\""));
    free(out);

    /* the store too */
    rotas_store *st = NULL;
    rotas_county *back = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_store_open(&st, ":memory:", &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(st, c, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, st, &err), ROTAS_OK);
    assert_int_equal(back->subjects[rotas_county_subject(back, "music")].category,
                     ROTAS_CATEGORY_OTHER);
    assert_int_equal(back->subjects[rotas_county_subject(back, "pe")].category,
                     ROTAS_CATEGORY_PE_ARTS);
    rotas_county_free(back);
    rotas_store_close(st);
    rotas_county_free(c);
    rotas_county_free(demo);
    free(b1);
    free(buf);
}

static void test_bad_category(void **state)
{
    (void)state;
    size_t len;
    char *buf = slurp(DEMO, &len);
    char *b1 =
        replace_all(buf, "\"id\": \"music\",", "\"category\": \"sport\", \"id\": \"music\",");
    rotas_diags d = {0};
    rotas_county *c = read_buf(b1, &d);
    assert_null(c);
    assert_int_equal(rotas_diags_count(&d), 1);
    assert_non_null(strstr(d.items[0], ".category: expected \"main\", \"pe_arts\" or \"other\", "
                                       "found \"sport\""));
    rotas_diags_clear(&d);
    free(b1);
    free(buf);
}

static void test_defaults(void **state)
{
    (void)state;
    assert_int_equal(rotas_subject_category_default("pe", NULL), ROTAS_CATEGORY_PE_ARTS);
    assert_int_equal(rotas_subject_category_default("S07", "美术"), ROTAS_CATEGORY_PE_ARTS);
    assert_int_equal(rotas_subject_category_default("math", "Mathematics"), ROTAS_CATEGORY_MAIN);
    assert_int_equal(rotas_subject_category_default("english", "英语"), ROTAS_CATEGORY_OTHER);
    assert_int_equal(rotas_subject_category_parse("pe_arts"), ROTAS_CATEGORY_PE_ARTS);
    assert_int_equal(rotas_subject_category_parse("default"), -1);
    assert_int_equal(rotas_subject_category_parse("x"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chinese_ids_same_indicators),
        cmocka_unit_test(test_explicit_category_kept),
        cmocka_unit_test(test_bad_category),
        cmocka_unit_test(test_defaults),
    };
    return cmocka_run_group_tests_name("categories", tests, NULL, NULL);
}
