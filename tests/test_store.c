/* test_store.c - the SQLite store: round trip of every field, replace, migrations, refusals,
   results, and a failed import that leaves the previous county intact. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "rotas/json.h"
#include "rotas/store.h"

static char *dup_s(const char *s)
{
    char *d = rotas_strdup(s);
    assert_non_null(d);
    return d;
}

/* A small county with every field set to something other than its default. */
static rotas_county *make_county(int variant)
{
    rotas_county *c = rotas_county_new();
    assert_non_null(c);
    c->name = dup_s(variant ? "另一个县" : "示例县");
    c->year = 2026 + variant;
    c->extra = dup_s("{\"note\":\"top\"}");

    c->n_subjects = 3;
    c->subjects = calloc(3, sizeof *c->subjects);
    const char *sid[] = {"chinese", "english", "music"}, *sname[] = {"语文", "英语", "音乐"};
    for (int i = 0; i < 3; i++) {
        c->subjects[i].id = dup_s(sid[i]);
        c->subjects[i].name = dup_s(sname[i]);
        c->subjects[i].shortage = i > 0;
    }
    c->subjects[2].extra = dup_s("{\"code\":7}");

    c->n_clusters = 2;
    c->clusters = calloc(2, sizeof *c->clusters);
    c->clusters[0].id = dup_s("C01");
    c->clusters[0].name = dup_s("东片区");
    c->clusters[0].central = 1;
    c->clusters[0].declared = 1;
    c->clusters[0].extra = dup_s("{\"x\":[1,2]}");
    c->clusters[1].id = dup_s("C02");
    c->clusters[1].central = -1;
    c->clusters[1].declared = 0;

    c->n_groups = 1;
    c->groups = calloc(1, sizeof *c->groups);
    c->groups[0].id = dup_s("G1");
    c->groups[0].head = 0; /* S01 */
    c->groups[0].extra = dup_s("{\"lead\":\"S01\"}");

    c->n_schools = 3;
    c->schools = calloc(3, sizeof *c->schools);
    const char *scid[] = {"S01", "S02", "S03"},
               *scname[] = {"城关一小", "东镇中心小学", "李村教学点"};
    for (int i = 0; i < 3; i++) {
        rotas_school *s = &c->schools[i];
        s->id = dup_s(scid[i]);
        s->name = dup_s(scname[i]);
        s->kind = i == 0   ? ROTAS_KIND_URBAN_PRIMARY
                  : i == 1 ? ROTAS_KIND_CENTRAL_PRIMARY
                           : ROTAS_KIND_TEACHING_POINT;
        s->area = i == 0 ? ROTAS_AREA_URBAN : i == 1 ? ROTAS_AREA_TOWN : ROTAS_AREA_RURAL;
        s->cluster = i == 0 ? -1 : 0;
        s->group = i == 1 ? -1 : 0;
        s->hardship = i;
        s->lat = 30.123456789 + i * 0.1;
        s->lon = 110.987654321 - i * 0.07;
        s->students = 900 - 400 * i;
        s->staff_quota = 50 - 20 * i;
    }
    c->schools[2].extra = dup_s("{\"road\":\"mud\"}");
    c->schools[1].n_bell = 2;
    c->schools[1].bell = calloc(2, sizeof *c->schools[1].bell);
    c->schools[1].bell[0] = (rotas_bell_period){480, 520};
    c->schools[1].bell[1] = (rotas_bell_period){530, 570};

    c->n_classes = 4;
    c->classes = calloc(4, sizeof *c->classes);
    const char *kid[] = {"1-1", "1-2", "A", "复式1"};
    int kschool[] = {0, 0, 1, 2};
    for (int i = 0; i < 4; i++) {
        rotas_class *k = &c->classes[i];
        k->id = dup_s(kid[i]);
        k->school = kschool[i];
        k->students = 40 - i;
        k->grades[0] = 1 + i;
        k->n_grades = 1;
    }
    c->classes[3].grades[1] = 5;
    c->classes[3].grades[2] = 6;
    c->classes[3].n_grades = 3;
    c->classes[3].extra = dup_s("{\"room\":\"东\"}");

    c->n_travel = 2;
    c->travel = calloc(2, sizeof *c->travel);
    c->travel[0] = (rotas_travel){.from = 1, .to = 2, .km = 7.25, .minutes = 18.5};
    c->travel[1] = (rotas_travel){.from = 0, .to = 1, .km = 31.0, .minutes = 44.0};
    c->travel[1].extra = dup_s("{\"road\":\"G318\"}");

    c->n_curriculum = 2;
    c->curriculum = calloc(2, sizeof *c->curriculum);
    c->curriculum[0] = (rotas_curriculum_row){.grade = 1, .subject = 0, .periods = 8};
    c->curriculum[1] = (rotas_curriculum_row){.grade = 3, .subject = 1, .periods = 2};
    c->curriculum[1].extra = dup_s("{\"from\":2022}");

    c->n_teachers = 3 + (size_t)variant;
    c->teachers = calloc(c->n_teachers, sizeof *c->teachers);
    for (size_t i = 0; i < c->n_teachers; i++) {
        rotas_teacher *t = &c->teachers[i];
        char id[16];
        snprintf(id, sizeof id, "T%03zu", 10 - i); /* ids not in sorted order */
        t->id = dup_s(id);
        t->name = dup_s(i % 2 ? "王芳" : "李强");
        t->gender = i % 2 ? 'F' : 'M';
        t->birth_year = 1970 + (int)i;
        t->school = (int)(i % 3);
        t->role = (rotas_role)(i % 3);
        t->school_since = 2010 + (int)i;
        t->post_since = 2012 + (int)i;
        t->max_periods = (int)i * 2;
    }
    rotas_teacher *t = &c->teachers[0];
    t->n_subjects = 2;
    t->subjects = calloc(2, sizeof *t->subjects);
    t->subjects[0] = 2;
    t->subjects[1] = 0;
    t->key = ROTAS_KEY_COUNTY;
    t->key_is_bool = 1;
    t->title = dup_s("一级教师");
    t->degree = dup_s("本科");
    t->degree_level = ROTAS_DEGREE_BACHELOR;
    t->exempt = dup_s("illness");
    t->exchange_until = 2028;
    t->n_preferences = 2;
    t->preferences = calloc(2, sizeof *t->preferences);
    t->preferences[0] = 2;
    t->preferences[1] = 1;
    t->extra = dup_s("{\"phone\":\"138\"}");
    t = &c->teachers[1];
    t->n_subjects = 1;
    t->subjects = calloc(1, sizeof *t->subjects);
    t->subjects[0] = 1;
    t->key = ROTAS_KEY_PROVINCE;
    t->degree = dup_s("master");
    t->degree_level = ROTAS_DEGREE_MASTER;
    t = &c->teachers[2];
    t->gender = '\0';
    t->school = -1;

    /* everyday constraints */
    rotas_class *k = &c->classes[1];
    k->n_unavailable = 2;
    k->unavailable = calloc(2, sizeof *k->unavailable);
    k->unavailable[0] = (rotas_class_block){.day = 0, .period = 0, .reason = dup_s("升旗")};
    k->unavailable[1] = (rotas_class_block){.day = 4, .period = 6, .reason = NULL};
    t = &c->teachers[1];
    t->max_days = 3;
    t->middle_leader = 1;
    t->hardship_years = 7;
    t->n_unavailable = 2;
    t->unavailable = calloc(2, sizeof *t->unavailable);
    t->unavailable[0] =
        (rotas_time_block){.day = 2, .start = 840, .end = 1020, .reason = dup_s("英语教研")};
    t->unavailable[1] = (rotas_time_block){.day = 0, .start = 480, .end = 500, .reason = NULL};
    c->n_subject_rules = 2;
    c->subject_rules = calloc(2, sizeof *c->subject_rules);
    c->subject_rules[0] =
        (rotas_subject_rule){.subject = 2, .not_first_period = 1, .not_after_lunch = 1};
    c->subject_rules[1] = (rotas_subject_rule){
        .subject = 0, .before_period = 4, .extra = dup_s("{\"why\":\"早上\"}")};
    c->n_fixed_lessons = 1;
    c->fixed_lessons = calloc(1, sizeof *c->fixed_lessons);
    c->fixed_lessons[0] = (rotas_fixed_lesson){
        .klass = 3, .subject = 1, .teacher = 1, .day = 1, .period = 1, .extra = dup_s("{\"n\":1}")};
    c->n_decisions = 4;
    c->decisions = calloc(4, sizeof *c->decisions);
    c->decisions[0] = (rotas_decision){ROTAS_DECISION_MOVE, 1, -1, 2, -1, NULL, NULL};
    c->decisions[1] = (rotas_decision){ROTAS_DECISION_STAY,     0, -1, -1, -1, dup_s("病休"),
                                       dup_s("{\"doc\":\"x\"}")};
    c->decisions[2] = (rotas_decision){ROTAS_DECISION_RECEIVE_KEY, -1, -1, 2, 1, NULL, NULL};
    c->decisions[3] = (rotas_decision){ROTAS_DECISION_TOGETHER, 0, 2, -1, -1, NULL, NULL};
    assert_int_equal(rotas_county_finalize(c, NULL), ROTAS_OK);
    return c;
}

static void assert_str(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void assert_same_county(const rotas_county *a, const rotas_county *b)
{
    assert_str(a->name, b->name);
    assert_int_equal(a->year, b->year);
    assert_str(a->extra, b->extra);
    assert_int_equal(a->n_subjects, b->n_subjects);
    for (size_t i = 0; i < a->n_subjects; i++) {
        assert_str(a->subjects[i].id, b->subjects[i].id);
        assert_str(a->subjects[i].name, b->subjects[i].name);
        assert_int_equal(a->subjects[i].shortage, b->subjects[i].shortage);
        assert_str(a->subjects[i].extra, b->subjects[i].extra);
    }
    assert_int_equal(a->n_clusters, b->n_clusters);
    for (size_t i = 0; i < a->n_clusters; i++) {
        assert_str(a->clusters[i].id, b->clusters[i].id);
        assert_str(a->clusters[i].name, b->clusters[i].name);
        assert_int_equal(a->clusters[i].central, b->clusters[i].central);
        assert_int_equal(a->clusters[i].declared, b->clusters[i].declared);
        assert_str(a->clusters[i].extra, b->clusters[i].extra);
    }
    assert_int_equal(a->n_groups, b->n_groups);
    for (size_t i = 0; i < a->n_groups; i++) {
        assert_str(a->groups[i].id, b->groups[i].id);
        assert_str(a->groups[i].extra, b->groups[i].extra);
        assert_int_equal(a->groups[i].head, b->groups[i].head);
    }
    assert_int_equal(a->n_schools, b->n_schools);
    for (size_t i = 0; i < a->n_schools; i++) {
        const rotas_school *x = &a->schools[i], *y = &b->schools[i];
        assert_str(x->id, y->id);
        assert_str(x->name, y->name);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->area, y->area);
        assert_int_equal(x->cluster, y->cluster);
        assert_int_equal(x->group, y->group);
        assert_int_equal(x->hardship, y->hardship);
        assert_true(x->lat == y->lat); /* bit-exact */
        assert_true(x->lon == y->lon);
        assert_int_equal(x->students, y->students);
        assert_int_equal(x->staff_quota, y->staff_quota);
        assert_int_equal(x->first_class, y->first_class);
        assert_int_equal(x->n_classes, y->n_classes);
        assert_int_equal(x->n_bell, y->n_bell);
        for (size_t p = 0; p < x->n_bell; p++) {
            assert_int_equal(x->bell[p].start, y->bell[p].start);
            assert_int_equal(x->bell[p].end, y->bell[p].end);
        }
        assert_str(x->extra, y->extra);
    }
    assert_int_equal(a->n_classes, b->n_classes);
    for (size_t i = 0; i < a->n_classes; i++) {
        const rotas_class *x = &a->classes[i], *y = &b->classes[i];
        assert_str(x->id, y->id);
        assert_int_equal(x->school, y->school);
        assert_int_equal(x->n_grades, y->n_grades);
        for (size_t g = 0; g < x->n_grades; g++)
            assert_int_equal(x->grades[g], y->grades[g]);
        assert_int_equal(x->students, y->students);
        assert_str(x->extra, y->extra);
        assert_int_equal(x->n_unavailable, y->n_unavailable);
        for (size_t u = 0; u < x->n_unavailable; u++) {
            assert_int_equal(x->unavailable[u].day, y->unavailable[u].day);
            assert_int_equal(x->unavailable[u].period, y->unavailable[u].period);
            assert_str(x->unavailable[u].reason, y->unavailable[u].reason);
        }
    }
    assert_int_equal(a->n_travel, b->n_travel);
    for (size_t i = 0; i < a->n_travel; i++) {
        assert_int_equal(a->travel[i].from, b->travel[i].from);
        assert_int_equal(a->travel[i].to, b->travel[i].to);
        assert_true(a->travel[i].km == b->travel[i].km);
        assert_true(a->travel[i].minutes == b->travel[i].minutes);
        assert_str(a->travel[i].extra, b->travel[i].extra);
    }
    assert_int_equal(a->n_curriculum, b->n_curriculum);
    for (size_t i = 0; i < a->n_curriculum; i++) {
        assert_int_equal(a->curriculum[i].grade, b->curriculum[i].grade);
        assert_int_equal(a->curriculum[i].subject, b->curriculum[i].subject);
        assert_int_equal(a->curriculum[i].periods, b->curriculum[i].periods);
        assert_str(a->curriculum[i].extra, b->curriculum[i].extra);
    }
    assert_int_equal(a->n_teachers, b->n_teachers);
    for (size_t i = 0; i < a->n_teachers; i++) {
        const rotas_teacher *x = &a->teachers[i], *y = &b->teachers[i];
        assert_str(x->id, y->id);
        assert_str(x->name, y->name);
        assert_int_equal(x->gender, y->gender);
        assert_int_equal(x->birth_year, y->birth_year);
        assert_int_equal(x->school, y->school);
        assert_int_equal(x->n_subjects, y->n_subjects);
        for (size_t k = 0; k < x->n_subjects; k++)
            assert_int_equal(x->subjects[k], y->subjects[k]);
        assert_int_equal(x->role, y->role);
        assert_int_equal(x->school_since, y->school_since);
        assert_int_equal(x->post_since, y->post_since);
        assert_int_equal(x->key, y->key);
        assert_int_equal(x->key_is_bool, y->key_is_bool);
        assert_str(x->title, y->title);
        assert_str(x->degree, y->degree);
        assert_int_equal(x->degree_level, y->degree_level);
        assert_str(x->exempt, y->exempt);
        assert_int_equal(x->exchange_until, y->exchange_until);
        assert_int_equal(x->n_preferences, y->n_preferences);
        for (size_t k = 0; k < x->n_preferences; k++)
            assert_int_equal(x->preferences[k], y->preferences[k]);
        assert_int_equal(x->max_periods, y->max_periods);
        assert_str(x->extra, y->extra);
        assert_int_equal(x->max_days, y->max_days);
        assert_int_equal(x->middle_leader, y->middle_leader);
        assert_int_equal(x->hardship_years, y->hardship_years);
        assert_int_equal(x->n_unavailable, y->n_unavailable);
        for (size_t u = 0; u < x->n_unavailable; u++) {
            assert_int_equal(x->unavailable[u].day, y->unavailable[u].day);
            assert_int_equal(x->unavailable[u].start, y->unavailable[u].start);
            assert_int_equal(x->unavailable[u].end, y->unavailable[u].end);
            assert_str(x->unavailable[u].reason, y->unavailable[u].reason);
        }
    }
    assert_int_equal(a->n_subject_rules, b->n_subject_rules);
    for (size_t i = 0; i < a->n_subject_rules; i++) {
        const rotas_subject_rule *x = &a->subject_rules[i], *y = &b->subject_rules[i];
        assert_int_equal(x->subject, y->subject);
        assert_int_equal(x->not_first_period, y->not_first_period);
        assert_int_equal(x->not_after_lunch, y->not_after_lunch);
        assert_int_equal(x->before_period, y->before_period);
        assert_str(x->extra, y->extra);
    }
    assert_int_equal(a->n_fixed_lessons, b->n_fixed_lessons);
    for (size_t i = 0; i < a->n_fixed_lessons; i++) {
        const rotas_fixed_lesson *x = &a->fixed_lessons[i], *y = &b->fixed_lessons[i];
        assert_int_equal(x->klass, y->klass);
        assert_int_equal(x->subject, y->subject);
        assert_int_equal(x->teacher, y->teacher);
        assert_int_equal(x->day, y->day);
        assert_int_equal(x->period, y->period);
        assert_str(x->extra, y->extra);
    }
    assert_int_equal(a->n_decisions, b->n_decisions);
    for (size_t i = 0; i < a->n_decisions; i++) {
        const rotas_decision *x = &a->decisions[i], *y = &b->decisions[i];
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->teacher, y->teacher);
        assert_int_equal(x->teacher2, y->teacher2);
        assert_int_equal(x->school, y->school);
        assert_int_equal(x->subject, y->subject);
        assert_str(x->reason, y->reason);
        assert_str(x->extra, y->extra);
    }
    /* Derived tables agree too. */
    for (size_t s = 0; s < a->n_schools; s++)
        for (size_t t = 0; t < a->n_schools; t++)
            assert_true(rotas_county_km(a, (int)s, (int)t) == rotas_county_km(b, (int)s, (int)t));
    assert_int_equal(a->n_estimated_pairs, b->n_estimated_pairs);
}

static void test_round_trip(void **state)
{
    (void)state;
    rotas_store *s = NULL;
    rotas_county *c = make_county(0), *back = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_store_open(&s, ":memory:", &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(s, c, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_same_county(c, back);
    assert_int_equal(rotas_county_teacher(back, "T010"), 0);
    assert_int_equal(rotas_county_class(back, 2, "复式1"), 3);
    rotas_county_free(back);
    rotas_county_free(c);
    rotas_store_close(s);
}

static void test_empty_db_has_no_county(void **state)
{
    (void)state;
    rotas_store *s = NULL;
    rotas_county *back = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_store_open(&s, ":memory:", &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_EINPUT);
    assert_null(back);
    assert_non_null(strstr(err.msg, "holds no county"));
    rotas_store_close(s);
}

static void test_resave_replaces(void **state)
{
    (void)state;
    rotas_store *s = NULL;
    rotas_county *a = make_county(0), *b = make_county(1), *back = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_store_open(&s, ":memory:", &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(s, a, &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(s, b, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_same_county(b, back);
    assert_int_equal(back->n_teachers, 4);
    rotas_county_free(back);
    /* and back again: nothing of b is left over */
    assert_int_equal(rotas_store_save_county(s, a, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_same_county(a, back);
    rotas_county_free(back);
    rotas_county_free(a);
    rotas_county_free(b);
    rotas_store_close(s);
}

/* A failure in the middle of an import (after the old rows were deleted and some new ones
   inserted) must leave the previous county exactly as it was. */
static void test_failed_save_keeps_previous(void **state)
{
    (void)state;
    rotas_store *s = NULL;
    rotas_county *a = make_county(0), *bad = make_county(1), *back = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_store_open(&s, ":memory:", &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(s, a, &err), ROTAS_OK);

    /* 1: the last teacher references a school index out of range (checked by the store). */
    bad->teachers[bad->n_teachers - 1].school = 99;
    assert_int_equal(rotas_store_save_county(s, bad, &err), ROTAS_ERR);
    assert_non_null(strstr(err.msg, "teachers[3].school: index 99 out of range"));
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_same_county(a, back);
    rotas_county_free(back);
    back = NULL;

    /* 2: a duplicate teacher id: SQLite's own constraint fails, and the message says where. */
    bad->teachers[bad->n_teachers - 1].school = 0;
    free(bad->teachers[2].id);
    bad->teachers[2].id = dup_s(bad->teachers[1].id);
    rotas_error_clear(&err);
    assert_int_equal(rotas_store_save_county(s, bad, &err), ROTAS_EDB);
    assert_non_null(strstr(err.msg, "insert teachers"));
    assert_non_null(strstr(err.msg, "UNIQUE constraint failed: teachers.id"));
    rotas_error_clear(&err);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_same_county(a, back);
    rotas_county_free(back);

    /* and the store is still usable for a good import */
    assert_int_equal(rotas_store_save_county(s, a, &err), ROTAS_OK);
    rotas_county_free(a);
    rotas_county_free(bad);
    rotas_store_close(s);
}

static void test_results(void **state)
{
    (void)state;
    rotas_store *s = NULL;
    rotas_error err = {0};
    long long id1 = 0, id2 = 0;
    char *kind = NULL, *json = NULL;
    assert_int_equal(rotas_store_open(&s, ":memory:", &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_result(s, "plan", "2027 draft",
                                             "{\"format\":\"rotas-plan/1\",\"名\":1}", &id1, &err),
                     ROTAS_OK);
    assert_int_equal(rotas_store_save_result(s, "timetable", NULL, "{}", &id2, &err), ROTAS_OK);
    assert_true(id2 > id1);
    assert_int_equal(rotas_store_load_result(s, id1, &kind, &json, &err), ROTAS_OK);
    assert_string_equal(kind, "plan");
    assert_string_equal(json, "{\"format\":\"rotas-plan/1\",\"名\":1}");
    free(kind);
    free(json);
    assert_int_equal(rotas_store_load_result(s, id2, NULL, &json, &err), ROTAS_OK);
    assert_string_equal(json, "{}");
    free(json);
    assert_int_equal(rotas_store_load_result(s, 12345, &kind, &json, &err), ROTAS_EINPUT);
    assert_null(json);
    assert_null(kind);
    assert_non_null(strstr(err.msg, "no result with id 12345"));
    rotas_store_close(s);
}

/* A county replaced together with a result (an approval): both land, or neither does. */
static void test_county_with_result_is_one_transaction(void **state)
{
    (void)state;
    rotas_store *s = NULL;
    rotas_county *a = make_county(0), *b = make_county(1), *back = NULL;
    rotas_error err = {0};
    long long id = 0, next = 0;
    char *json = NULL;
    assert_int_equal(rotas_store_open(&s, ":memory:", &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(s, a, &err), ROTAS_OK);
    /* a failing county: no result is recorded either */
    b->teachers[b->n_teachers - 1].school = 99;
    assert_int_equal(
        rotas_store_save_county_with_result(s, b, "approval", "x", "{\"n\":1}", &id, &err),
        ROTAS_ERR);
    /* the probe is the first result of the database: the approval left nothing behind */
    assert_int_equal(rotas_store_save_result(s, "probe", NULL, "{}", &next, &err), ROTAS_OK);
    assert_int_equal(next, 1);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_same_county(a, back);
    rotas_county_free(back);
    back = NULL;
    /* a good one: both */
    rotas_error_clear(&err);
    b->teachers[b->n_teachers - 1].school = 0;
    assert_int_equal(
        rotas_store_save_county_with_result(s, b, "approval", "x", "{\"n\":2}", &id, &err),
        ROTAS_OK);
    assert_int_equal(rotas_store_load_result(s, id, NULL, &json, &err), ROTAS_OK);
    assert_string_equal(json, "{\"n\":2}");
    free(json);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_same_county(b, back);
    rotas_county_free(back);
    rotas_county_free(a);
    rotas_county_free(b);
    rotas_store_close(s);
}

static void scratch(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/test_store_%ld_%s", ROTAS_BUILD_DIR, (long)getpid(), name);
    remove(buf);
}

static void remove_db(const char *path)
{
    char p[600];
    remove(path);
    snprintf(p, sizeof p, "%s-wal", path);
    remove(p);
    snprintf(p, sizeof p, "%s-shm", path);
    remove(p);
}

/* An empty file is a database at version 0: it is migrated to the current version, and the
   file then carries the version (big-endian at offset 60 of the header). */
static void test_migrate_from_zero_and_too_new(void **state)
{
    (void)state;
    char path[512];
    rotas_store *s = NULL;
    rotas_error err = {0};
    rotas_county *c = make_county(0), *back = NULL;
    scratch(path, sizeof path, "mig.db");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(rotas_store_open(&s, path, &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(s, c, &err), ROTAS_OK);
    rotas_store_close(s);

    unsigned char hdr[64];
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(hdr, 1, 64, f), 64);
    fclose(f);
    assert_memory_equal(hdr, "SQLite format 3", 16);
    long v = ((long)hdr[60] << 24) | (hdr[61] << 16) | (hdr[62] << 8) | hdr[63];
    assert_int_equal(v, rotas_store_schema_version());
    assert_true(rotas_store_schema_version() >= 1);

    /* Reopening an up-to-date database migrates nothing and keeps the data. */
    assert_int_equal(rotas_store_open(&s, path, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_same_county(c, back);
    rotas_county_free(back);
    rotas_store_close(s);

    /* A database from a newer rotas is refused, not touched. */
    f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 60, SEEK_SET), 0);
    unsigned char newer[4] = {0, 0, 0, 99};
    assert_int_equal(fwrite(newer, 1, 4, f), 4);
    fclose(f);
    assert_int_equal(rotas_store_open(&s, path, &err), ROTAS_EINPUT);
    assert_null(s);
    assert_non_null(strstr(err.msg, "schema version 99 is newer than this program"));
    remove_db(path);
    rotas_county_free(c);
}

/* Drop the everyday constraints of a county (what a version-1 database could hold). */
static void strip_everyday(rotas_county *c)
{
    for (size_t i = 0; i < c->n_classes; i++) {
        for (size_t k = 0; k < c->classes[i].n_unavailable; k++)
            free(c->classes[i].unavailable[k].reason);
        free(c->classes[i].unavailable);
        c->classes[i].unavailable = NULL;
        c->classes[i].n_unavailable = 0;
    }
    for (size_t i = 0; i < c->n_teachers; i++) {
        rotas_teacher *t = &c->teachers[i];
        for (size_t k = 0; k < t->n_unavailable; k++)
            free(t->unavailable[k].reason);
        free(t->unavailable);
        t->unavailable = NULL;
        t->n_unavailable = 0;
        t->max_days = t->middle_leader = t->hardship_years = 0;
    }
    for (size_t i = 0; i < c->n_subject_rules; i++)
        free(c->subject_rules[i].extra);
    free(c->subject_rules);
    c->subject_rules = NULL;
    c->n_subject_rules = 0;
    for (size_t i = 0; i < c->n_fixed_lessons; i++)
        free(c->fixed_lessons[i].extra);
    free(c->fixed_lessons);
    c->fixed_lessons = NULL;
    c->n_fixed_lessons = 0;
    for (size_t i = 0; i < c->n_decisions; i++) {
        free(c->decisions[i].reason);
        free(c->decisions[i].extra);
    }
    free(c->decisions);
    c->decisions = NULL;
    c->n_decisions = 0;
}

/* A database written at schema version 1 (before the everyday constraints) is migrated to the
   current version when opened and keeps its county; the new tables then take new data. */
static void test_migrate_from_version_1(void **state)
{
    (void)state;
    char path[512];
    rotas_store *s = NULL;
    rotas_error err = {0};
    rotas_county *c = make_county(0), *back = NULL;
    sqlite3 *db = NULL;
    scratch(path, sizeof path, "v1.db");
    assert_true(rotas_store_schema_version() >= 2);
    assert_int_equal(rotas_store_open(&s, path, &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(s, c, &err), ROTAS_OK);
    rotas_store_close(s);
    /* Take the database back to version 1: the tables and columns of steps 1 -> 2, 2 -> 3
       and 3 -> 4 go. */
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TABLE rooms; ALTER TABLE subjects DROP COLUMN room_kind;"
                                  "DROP TABLE decisions; DROP TABLE fixed_lessons;"
                                  "DROP TABLE subject_rules; DROP TABLE teacher_unavailable;"
                                  "DROP TABLE class_unavailable;"
                                  "ALTER TABLE teachers DROP COLUMN max_days;"
                                  "ALTER TABLE teachers DROP COLUMN middle_leader;"
                                  "ALTER TABLE teachers DROP COLUMN hardship_years;"
                                  "ALTER TABLE groups DROP COLUMN head;"
                                  "PRAGMA user_version = 1;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);

    assert_int_equal(rotas_store_open(&s, path, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    strip_everyday(c);
    c->groups[0].head = -1; /* version 1 had no head schools */
    assert_int_equal(rotas_county_finalize(c, NULL), ROTAS_OK);
    assert_same_county(c, back);
    char *a = rotas_county_dump_json(c), *b = rotas_county_dump_json(back);
    assert_string_equal(a, b);
    free(a);
    free(b);
    rotas_county_free(back);
    back = NULL;
    /* the migrated database holds everyday constraints like a new one */
    rotas_county *full = make_county(0);
    assert_int_equal(rotas_store_save_county(s, full, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_same_county(full, back);
    rotas_store_close(s);
    /* the version on file is the current one */
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), rotas_store_schema_version());
    sqlite3_finalize(st);
    sqlite3_close(db);
    rotas_county_free(back);
    rotas_county_free(full);
    rotas_county_free(c);
    remove_db(path);
}

static long long pragma_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Another program's database is refused in every mode and left as it was; a 0-byte file is
   a database only for CREATE; a rotas database from before application_id is read (migrated
   in memory, the file untouched) and stamped when opened for writing. */
static void test_foreign_and_legacy(void **state)
{
    (void)state;
    char path[512];
    rotas_store *s = NULL;
    rotas_error err = {0};
    sqlite3 *db = NULL;
    scratch(path, sizeof path, "hr.db");
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE teachers(id INTEGER PRIMARY KEY, name TEXT);"
                                  "PRAGMA user_version = 1;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    for (int m = ROTAS_STORE_READ; m <= ROTAS_STORE_CREATE; m++) {
        rotas_error_clear(&err);
        assert_int_equal(rotas_store_open_mode(&s, path, (rotas_store_mode)m, &err), ROTAS_EINPUT);
        assert_null(s);
        assert_non_null(strstr(err.msg, "not a rotas database"));
    }
    assert_int_equal(pragma_int(path, "PRAGMA user_version"), 1);
    assert_int_equal(pragma_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
    assert_int_equal(pragma_int(path, "PRAGMA application_id"), 0);
    remove_db(path);

    /* 0 bytes */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fclose(f);
    rotas_error_clear(&err);
    assert_int_equal(rotas_store_open_mode(&s, path, ROTAS_STORE_READ, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "an empty file"));
    assert_int_equal(rotas_store_open_mode(&s, path, ROTAS_STORE_WRITE, &err), ROTAS_EINPUT);
    assert_int_equal(rotas_store_open_mode(&s, path, ROTAS_STORE_CREATE, &err), ROTAS_OK);
    rotas_store_close(s);
    assert_int_equal(pragma_int(path, "PRAGMA application_id"), 0x524F5441);
    remove_db(path);

    /* a version-1 database of an older rotas: application_id 0 */
    rotas_county *c = make_county(0), *back = NULL;
    assert_int_equal(rotas_store_open(&s, path, &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(s, c, &err), ROTAS_OK);
    rotas_store_close(s);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TABLE rooms; ALTER TABLE subjects DROP COLUMN room_kind;"
                                  "DROP TABLE decisions; DROP TABLE fixed_lessons;"
                                  "DROP TABLE subject_rules; DROP TABLE teacher_unavailable;"
                                  "DROP TABLE class_unavailable;"
                                  "ALTER TABLE teachers DROP COLUMN max_days;"
                                  "ALTER TABLE teachers DROP COLUMN middle_leader;"
                                  "ALTER TABLE teachers DROP COLUMN hardship_years;"
                                  "ALTER TABLE groups DROP COLUMN head;"
                                  "PRAGMA user_version = 1; PRAGMA application_id = 0;"
                                  "PRAGMA journal_mode = DELETE;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(rotas_store_open_mode(&s, path, ROTAS_STORE_READ, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_int_equal(back->n_teachers, c->n_teachers);
    rotas_county_free(back);
    rotas_store_close(s);
    assert_int_equal(pragma_int(path, "PRAGMA user_version"), 1);
    assert_int_equal(pragma_int(path, "PRAGMA application_id"), 0);
    assert_int_equal(rotas_store_open_mode(&s, path, ROTAS_STORE_WRITE, &err), ROTAS_OK);
    rotas_store_close(s);
    assert_int_equal(pragma_int(path, "PRAGMA user_version"), rotas_store_schema_version());
    assert_int_equal(pragma_int(path, "PRAGMA application_id"), 0x524F5441);
    rotas_county_free(c);
    remove_db(path);

    /* a missing file is no database to read or write */
    rotas_error_clear(&err);
    assert_int_equal(rotas_store_open_mode(&s, path, ROTAS_STORE_READ, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "no such database"));
    assert_int_equal(rotas_store_open_mode(&s, path, ROTAS_STORE_WRITE, &err), ROTAS_EINPUT);
}

static void test_not_a_database(void **state)
{
    (void)state;
    char path[512];
    rotas_store *s = NULL;
    rotas_error err = {0};
    scratch(path, sizeof path, "text.db");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (int i = 0; i < 200; i++)
        fputs("this is a CSV file, not a database\n", f);
    fclose(f);
    assert_int_equal(rotas_store_open(&s, path, &err), ROTAS_EINPUT);
    assert_null(s);
    assert_non_null(strstr(err.msg, "not a SQLite database"));
    assert_non_null(strstr(err.msg, path));
    /* the file is left as it was */
    f = fopen(path, "rb");
    char line[64];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "this is a CSV file, not a database\n");
    fclose(f);
    remove_db(path);

    /* a directory that does not exist */
    rotas_error_clear(&err);
    assert_int_equal(rotas_store_open(&s, "/nonexistent-dir/x.db", &err), ROTAS_EIO);
    assert_non_null(strstr(err.msg, "cannot open database"));
}

/* 400 schools and 7,000 teachers: save and load in one transaction each, well under a second
   on a quiet machine (the bound asserted here is loose for shared CI machines). */
static void test_large_county(void **state)
{
    (void)state;
    rotas_county *c = make_county(0), *back = NULL;
    rotas_store *s = NULL;
    rotas_error err = {0};
    size_t ns = 400, nt = 7000;
    rotas_school *sc = realloc(c->schools, ns * sizeof *sc);
    assert_non_null(sc);
    c->schools = sc;
    for (size_t i = c->n_schools; i < ns; i++) {
        sc[i] = sc[2];
        char id[16];
        snprintf(id, sizeof id, "X%04zu", i);
        sc[i].id = dup_s(id);
        sc[i].name = dup_s("学校");
        sc[i].bell = NULL;
        sc[i].n_bell = 0;
        sc[i].extra = NULL;
        sc[i].lat += (double)i * 0.001;
    }
    c->n_schools = ns;
    rotas_teacher *t = realloc(c->teachers, nt * sizeof *t);
    assert_non_null(t);
    c->teachers = t;
    for (size_t i = c->n_teachers; i < nt; i++) {
        memset(&t[i], 0, sizeof t[i]);
        char id[16];
        snprintf(id, sizeof id, "Y%05zu", i);
        t[i].id = dup_s(id);
        t[i].name = dup_s("张伟");
        t[i].gender = 'M';
        t[i].school = (int)(i % ns);
        t[i].n_subjects = 2;
        t[i].subjects = calloc(2, sizeof(int));
        t[i].subjects[0] = (int)(i % 3);
        t[i].subjects[1] = (int)((i + 1) % 3);
        t[i].n_preferences = 3;
        t[i].preferences = calloc(3, sizeof(int));
        for (int k = 0; k < 3; k++)
            t[i].preferences[k] = (int)((i + (size_t)k * 7) % ns);
        t[i].title = dup_s("二级教师");
        t[i].degree = dup_s("本科");
    }
    c->n_teachers = nt;
    assert_int_equal(rotas_county_finalize(c, &err), ROTAS_OK);
    assert_int_equal(rotas_store_open(&s, ":memory:", &err), ROTAS_OK);
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(rotas_store_save_county(s, c, &err), ROTAS_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    double save = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double load = (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) / 1e9;
    print_message("save %.3f s, load %.3f s (400 schools, 7000 teachers)\n", save, load);
    assert_true(save < 5.0);
    assert_int_equal(back->n_teachers, nt);
    assert_int_equal(back->teachers[nt - 1].preferences[2], c->teachers[nt - 1].preferences[2]);
    rotas_county_free(back);
    rotas_county_free(c);
    rotas_store_close(s);
}

/* Rooms and the room kind of a subject survive the database; a version 2 database (before
   rooms) opens, migrates and then holds them. */
static void test_rooms_and_migration_from_version_2(void **state)
{
    (void)state;
    char path[512];
    rotas_store *s = NULL;
    rotas_error err = {0};
    rotas_county *c = make_county(0), *back = NULL;
    sqlite3 *db = NULL;
    scratch(path, sizeof path, "v2.db");
    assert_true(rotas_store_schema_version() >= 3);
    assert_int_equal(rotas_store_open(&s, path, &err), ROTAS_OK);
    assert_int_equal(rotas_store_save_county(s, c, &err), ROTAS_OK);
    rotas_store_close(s);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TABLE rooms; ALTER TABLE subjects DROP COLUMN room_kind;"
                                  "ALTER TABLE groups DROP COLUMN head;"
                                  "PRAGMA user_version = 2;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(rotas_store_open(&s, path, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_int_equal(back->schools[0].n_rooms, 0);
    rotas_county_free(back);
    back = NULL;
    /* two rooms at the first school, one with an unknown field; music needs a music room */
    rotas_school *sc = &c->schools[0];
    sc->rooms = calloc(2, sizeof *sc->rooms);
    assert_non_null(sc->rooms);
    sc->rooms[0] = (rotas_room){rotas_strdup("R1"), rotas_strdup("音乐教室"), rotas_strdup("music"),
                                1, rotas_strdup("{\"floor\":2}")};
    sc->rooms[1] = (rotas_room){rotas_strdup("P1"), NULL, rotas_strdup("playground"), 2, NULL};
    sc->n_rooms = 2;
    c->subjects[0].room_kind = rotas_strdup("music");
    assert_int_equal(rotas_store_save_county(s, c, &err), ROTAS_OK);
    assert_int_equal(rotas_store_load_county(&back, s, &err), ROTAS_OK);
    assert_int_equal(back->schools[0].n_rooms, 2);
    assert_string_equal(back->schools[0].rooms[0].name, "音乐教室");
    assert_int_equal(back->schools[0].rooms[1].capacity, 2);
    assert_null(back->schools[0].rooms[1].name);
    assert_string_equal(back->subjects[0].room_kind, "music");
    char *a = rotas_county_dump_json(c), *b = rotas_county_dump_json(back);
    assert_non_null(strstr(a, "\"floor\""));
    assert_string_equal(a, b);
    free(a);
    free(b);
    rotas_store_close(s);
    rotas_county_free(back);
    rotas_county_free(c);
    remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_empty_db_has_no_county),
        cmocka_unit_test(test_resave_replaces),
        cmocka_unit_test(test_failed_save_keeps_previous),
        cmocka_unit_test(test_results),
        cmocka_unit_test(test_county_with_result_is_one_transaction),
        cmocka_unit_test(test_migrate_from_zero_and_too_new),
        cmocka_unit_test(test_not_a_database),
        cmocka_unit_test(test_foreign_and_legacy),
        cmocka_unit_test(test_rooms_and_migration_from_version_2),
        cmocka_unit_test(test_migrate_from_version_1),
        cmocka_unit_test(test_large_county),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
