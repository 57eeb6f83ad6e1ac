/* test_csv.c - the CSV folder importer: UTF-8 and GB18030 give the same county, RFC 4180
   details, and every bad folder in tests/data/csv/bad-* gives its expected located messages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rotas/csv.h"
#include "rotas/json.h"
#include "rotas/store.h"

#define CSV_DATA ROTAS_SOURCE_DIR "/tests/data/csv/"

static rotas_county *read_ok(const char *dir)
{
    rotas_county *c = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_county_read_csv_dir(&c, dir, &d, &err);
    for (size_t i = 0; i < d.n_items; i++)
        print_message("%s\n", d.items[i]);
    assert_int_equal(rc, ROTAS_OK);
    assert_int_equal(rotas_diags_count(&d), 0);
    assert_non_null(c);
    rotas_diags_clear(&d);
    return c;
}

static void test_utf8_and_gb18030_agree(void **state)
{
    (void)state;
    rotas_county *a = read_ok(CSV_DATA "good-utf8"), *b = read_ok(CSV_DATA "good-gb18030");
    char *ja = rotas_county_dump_json(a), *jb = rotas_county_dump_json(b);
    assert_non_null(ja);
    assert_non_null(jb);
    assert_string_equal(ja, jb);
    /* Chinese text came through the GB18030 conversion. */
    int t = rotas_county_teacher(b, "T001");
    assert_true(t >= 0);
    assert_string_equal(b->teachers[t].name, "张伟");
    assert_string_equal(b->schools[2].name, "青山镇石岭教学点");
    free(ja);
    free(jb);
    rotas_county_free(a);
    rotas_county_free(b);
}

static void test_fields(void **state)
{
    (void)state;
    rotas_county *c = read_ok(CSV_DATA "good-utf8");
    assert_int_equal(c->n_subjects, 6);
    assert_int_equal(c->n_schools, 5);
    assert_int_equal(c->n_teachers, 20);
    assert_int_equal(c->n_groups, 1);
    assert_int_equal(c->n_clusters, 2);
    /* header order is free: clusters.csv starts with "name" */
    assert_string_equal(c->clusters[0].id, "C01");
    assert_int_equal(c->clusters[0].central, rotas_county_school(c, "S02"));
    /* BOM stripped: the first column of subjects.csv is "id" */
    assert_string_equal(c->subjects[0].id, "chinese");
    assert_true(c->subjects[2].shortage);
    assert_non_null(c->subjects[2].extra);
    assert_non_null(strstr(c->subjects[2].extra, "紧缺学科"));
    /* list cells and multi-grade classes */
    int s3 = rotas_county_school(c, "S03");
    int k = rotas_county_class(c, s3, "复式1");
    assert_true(k >= 0);
    assert_int_equal(c->classes[k].n_grades, 2);
    assert_int_equal(c->classes[k].grades[1], 2);
    assert_non_null(strstr(c->classes[k].extra, "东厢"));
    /* bells.csv rows were out of order; the periods come back sorted */
    assert_int_equal(c->schools[s3].n_bell, 5);
    assert_int_equal(c->schools[s3].bell[0].start, 8 * 60 + 20);
    assert_int_equal(c->schools[s3].bell[4].end, 15 * 60 + 30);
    /* quoted field with a comma, doubled quotes and a newline, in an unknown column */
    int t4 = rotas_county_teacher(c, "T004");
    assert_non_null(c->teachers[t4].extra);
    assert_non_null(strstr(c->teachers[t4].extra, "擅长合唱, 兼\\\"美术\\\"\\n周三下午外出"));
    assert_int_equal(c->teachers[t4].n_subjects, 2);
    /* key: true is a bool, "city" a level; empty cells are absent */
    int t2 = rotas_county_teacher(c, "T002");
    assert_int_equal(c->teachers[t2].key, ROTAS_KEY_COUNTY);
    assert_true(c->teachers[t2].key_is_bool);
    assert_int_equal(c->teachers[0].key, ROTAS_KEY_CITY);
    assert_false(c->teachers[0].key_is_bool);
    assert_null(c->teachers[t2].exempt);
    int t11 = rotas_county_teacher(c, "T011");
    assert_int_equal(c->teachers[t11].n_preferences, 2);
    assert_int_equal(c->teachers[t11].preferences[1], rotas_county_school(c, "S05"));
    rotas_county_free(c);
}

/* CSV import, store, load: the same county. */
static void test_csv_through_store(void **state)
{
    (void)state;
    rotas_county *c = read_ok(CSV_DATA "good-gb18030"), *back = NULL;
    rotas_store *s = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_store_open(&s, ":memory:", &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(s, c, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    char *ja = rotas_county_dump_json(c), *jb = rotas_county_dump_json(back);
    assert_string_equal(ja, jb);
    free(ja);
    free(jb);
    rotas_county_free(c);
    rotas_county_free(back);
    rotas_store_close(s);
}

/* Each bad-* folder holds an `expected` file: every line must appear (as a substring) among
   the messages, and the read must fail with ROTAS_EINPUT and no county. */
static void check_bad(const char *name)
{
    char dir[1024], exp[1100], line[1024];
    snprintf(dir, sizeof dir, CSV_DATA "%s", name);
    snprintf(exp, sizeof exp, "%s/expected", dir);
    rotas_county *c = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_county_read_csv_dir(&c, dir, &d, &err);
    if (rc != ROTAS_EINPUT)
        print_message("%s: rc %d (%s)\n", name, rc, err.msg);
    assert_int_equal(rc, ROTAS_EINPUT);
    assert_null(c);
    assert_true(rotas_diags_count(&d) > 0);
    assert_non_null(strstr(err.msg, "error"));
    FILE *f = fopen(exp, "r");
    assert_non_null(f);
    int n_lines = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0])
            continue;
        n_lines++;
        int found = 0;
        for (size_t i = 0; i < d.n_items && !found; i++)
            found = strstr(d.items[i], line) != NULL;
        if (!found) {
            print_message("%s: expected message not found: %s\ngot:\n", name, line);
            for (size_t i = 0; i < d.n_items; i++)
                print_message("  %s\n", d.items[i]);
        }
        assert_true(found);
    }
    fclose(f);
    assert_true(n_lines > 0);
    rotas_diags_clear(&d);
}

static void test_bad_folders(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "bad-missing-file", "bad-types",    "bad-encoding", "bad-quote",
        "bad-references",   "bad-header",   "bad-bells",    "bad-extra-fields",
        "bad-encoding-gb",  "bad-everyday", "bad-rooms",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        check_bad(bad[i]);
}

/* The optional files and columns of the everyday constraints. */
static void test_everyday(void **state)
{
    (void)state;
    rotas_county *c = read_ok(CSV_DATA "good-everyday");
    int s1 = rotas_county_school(c, "S01"), s2 = rotas_county_school(c, "S02");
    int s3 = rotas_county_school(c, "S03");
    const rotas_teacher *t = &c->teachers[rotas_county_teacher(c, "T008")];
    assert_int_equal(t->n_unavailable, 2);
    assert_int_equal(t->unavailable[0].day, 2);
    assert_int_equal(t->unavailable[0].start, 14 * 60);
    assert_int_equal(t->unavailable[0].end, 17 * 60);
    assert_string_equal(t->unavailable[0].reason, "英语教研");
    assert_null(t->unavailable[1].reason);
    t = &c->teachers[rotas_county_teacher(c, "T009")];
    assert_int_equal(t->max_days, 4);
    assert_int_equal(t->hardship_years, 3);
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T002")].middle_leader, 1); /* 是 */
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T011")].hardship_years, 12);
    assert_int_equal(c->teachers[rotas_county_teacher(c, "T012")].max_days, 0);
    const rotas_class *k = &c->classes[rotas_county_class(c, s2, "1-1")];
    assert_int_equal(k->n_unavailable, 2);
    assert_int_equal(k->unavailable[1].day, 4);
    assert_int_equal(k->unavailable[1].period, 6);
    assert_int_equal(c->classes[rotas_county_class(c, s1, "1-1")].n_unavailable, 1);
    /* rooms.csv and subjects.csv's room_kind: capacity defaults to 1, unknown columns kept */
    assert_int_equal(c->schools[s2].n_rooms, 2);
    assert_string_equal(c->schools[s2].rooms[0].name, "音乐教室");
    assert_int_equal(c->schools[s2].rooms[1].capacity, 2);
    assert_string_equal(c->schools[s2].rooms[1].kind, "playground");
    assert_non_null(strstr(c->schools[s2].rooms[0].extra, "floor"));
    assert_int_equal(c->schools[s1].n_rooms, 1);
    assert_int_equal(c->schools[s1].rooms[0].capacity, 1);
    assert_int_equal(c->schools[s3].n_rooms, 0);
    assert_string_equal(c->subjects[rotas_county_subject(c, "music")].room_kind, "music");
    assert_null(c->subjects[rotas_county_subject(c, "chinese")].room_kind);
    assert_int_equal(c->n_subject_rules, 2);
    assert_int_equal(c->subject_rules[0].not_first_period, 1);
    assert_int_equal(c->subject_rules[0].before_period, 0);
    assert_int_equal(c->subject_rules[1].before_period, 4);
    assert_int_equal(c->n_fixed_lessons, 2);
    assert_int_equal(c->fixed_lessons[1].klass, rotas_county_class(c, s3, "3"));
    assert_int_equal(c->fixed_lessons[1].teacher, rotas_county_teacher(c, "T009"));
    assert_non_null(strstr(c->fixed_lessons[1].extra, "音乐教室"));
    assert_int_equal(c->n_decisions, 4);
    assert_int_equal(c->decisions[0].kind, ROTAS_DECISION_MOVE);
    assert_int_equal(c->decisions[0].school, rotas_county_school(c, "S05"));
    assert_int_equal(c->decisions[2].subject, rotas_county_subject(c, "english"));
    assert_int_equal(c->decisions[3].kind, ROTAS_DECISION_TOGETHER);
    assert_int_equal(c->decisions[3].teacher, rotas_county_teacher(c, "T002"));
    assert_int_equal(c->decisions[3].teacher2, rotas_county_teacher(c, "T004"));
    /* the JSON export reads back the same */
    char *a = rotas_county_dump_json(c);
    rotas_county *c2 = NULL;
    assert_int_equal(rotas_county_read_json_buffer(&c2, a, strlen(a), "x", NULL, NULL), ROTAS_OK);
    char *b = rotas_county_dump_json(c2);
    assert_string_equal(a, b);
    free(a);
    free(b);
    rotas_county_free(c2);
    rotas_county_free(c);
}

static void test_not_a_folder(void **state)
{
    (void)state;
    rotas_county *c = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_county_read_csv_dir(&c, CSV_DATA "no-such-folder", NULL, &err),
                     ROTAS_EINPUT);
    assert_null(c);
    assert_non_null(strstr(err.msg, "expected a folder of CSV files, found nothing"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_and_gb18030_agree), cmocka_unit_test(test_fields),
        cmocka_unit_test(test_csv_through_store),      cmocka_unit_test(test_bad_folders),
        cmocka_unit_test(test_not_a_folder),           cmocka_unit_test(test_everyday),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
