/* test_cover.c - daily cover: a substitute, a swap and an absence with no cover on a small
   cluster built for each, every result verified by rotas_check_cover; the checker catches a
   broken cover; the JSON round trip; dates; the C model against models/cover.mod. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rotas/check.h"
#include "rotas/cover.h"
#include "rotas/json.h"

/* Two schools of cluster C1, 10 km / 20 minutes apart; chinese and math at each school, music
   (shortage) from the itinerant T4. T3 teaches chinese at S1 and T7 music at S2; neither has
   lessons. */
static const char county_json[] =
    "{\"format\":\"rotas-county/1\",\"name\":\"cover test\",\"year\":2026,"
    "\"subjects\":[{\"id\":\"chinese\",\"name\":\"语文\",\"shortage\":false},"
    "{\"id\":\"math\",\"name\":\"数学\",\"shortage\":false},"
    "{\"id\":\"music\",\"name\":\"音乐\",\"shortage\":true}],"
    "\"clusters\":[{\"id\":\"C1\",\"name\":\"青山片区\",\"central\":\"S1\"}],"
    "\"schools\":["
    "{\"id\":\"S1\",\"name\":\"中心小学\",\"kind\":\"central_primary\",\"area\":\"town\","
    "\"cluster\":\"C1\",\"group\":null,\"hardship\":0,\"lat\":27.7,\"lon\":114.3,"
    "\"students\":30,\"staff_quota\":4,\"classes\":[{\"id\":\"1-1\",\"grades\":[1],"
    "\"students\":30}]},"
    "{\"id\":\"S2\",\"name\":\"村小\",\"kind\":\"complete_primary\",\"area\":\"rural\","
    "\"cluster\":\"C1\",\"group\":null,\"hardship\":1,\"lat\":27.75,\"lon\":114.35,"
    "\"students\":20,\"staff_quota\":3,\"classes\":[{\"id\":\"1-1\",\"grades\":[1],"
    "\"students\":20}]}],"
    "\"travel\":[{\"from\":\"S1\",\"to\":\"S2\",\"km\":10,\"minutes\":20}],"
    "\"curriculum\":[{\"grade\":1,\"subject\":\"chinese\",\"periods\":2},"
    "{\"grade\":1,\"subject\":\"math\",\"periods\":2},"
    "{\"grade\":1,\"subject\":\"music\",\"periods\":1}],"
    "\"teachers\":["
    "{\"id\":\"T1\",\"name\":\"张一\",\"gender\":\"F\",\"birth_year\":1980,\"school\":\"S1\","
    "\"subjects\":[\"chinese\"],\"role\":\"teacher\",\"school_since\":2015,\"key\":false,\"title\":"
    "null,\"degree\":\"bachelor\",\"exempt\":null,\"exchange_until\":null,\"preferences\":[]},"
    "{\"id\":\"T2\",\"name\":\"王二\",\"gender\":\"M\",\"birth_year\":1981,\"school\":\"S1\","
    "\"subjects\":[\"math\"],\"role\":\"teacher\",\"school_since\":2015,\"key\":false,\"title\":"
    "null,\"degree\":\"bachelor\",\"exempt\":null,\"exchange_until\":null,\"preferences\":[]},"
    "{\"id\":\"T3\",\"name\":\"李三\",\"gender\":\"F\",\"birth_year\":1982,\"school\":\"S1\","
    "\"subjects\":[\"chinese\"],\"role\":\"teacher\",\"school_since\":2015,\"key\":false,\"title\":"
    "null,\"degree\":\"bachelor\",\"exempt\":null,\"exchange_until\":null,\"preferences\":[]},"
    "{\"id\":\"T4\",\"name\":\"赵四\",\"gender\":\"M\",\"birth_year\":1983,\"school\":\"S1\","
    "\"subjects\":[\"music\"],\"role\":\"teacher\",\"school_since\":2015,\"key\":false,\"title\":"
    "null,\"degree\":\"bachelor\",\"exempt\":null,\"exchange_until\":null,\"preferences\":[]},"
    "{\"id\":\"T5\",\"name\":\"钱五\",\"gender\":\"F\",\"birth_year\":1984,\"school\":\"S2\","
    "\"subjects\":[\"chinese\"],\"role\":\"teacher\",\"school_since\":2015,\"key\":false,\"title\":"
    "null,\"degree\":\"bachelor\",\"exempt\":null,\"exchange_until\":null,\"preferences\":[]},"
    "{\"id\":\"T6\",\"name\":\"孙六\",\"gender\":\"M\",\"birth_year\":1985,\"school\":\"S2\","
    "\"subjects\":[\"math\"],\"role\":\"teacher\",\"school_since\":2015,\"key\":false,\"title\":"
    "null,\"degree\":\"bachelor\",\"exempt\":null,\"exchange_until\":null,\"preferences\":[]},"
    "{\"id\":\"T7\",\"name\":\"周七\",\"gender\":\"M\",\"birth_year\":1985,\"school\":\"S2\","
    "\"subjects\":[\"music\"],\"role\":\"teacher\",\"school_since\":2015,\"key\":false,\"title\":"
    "null,\"degree\":\"bachelor\",\"exempt\":null,\"exchange_until\":null,\"preferences\":[]}]}";

typedef struct fx {
    rotas_county *c;
    rotas_timetable *tt;
    rotas_policy pol;
} fx;

static int T(const fx *f, const char *id)
{
    int t = rotas_county_teacher(f->c, id);
    assert_true(t >= 0);
    return t;
}

static void lesson(rotas_timetable *tt, const rotas_county *c, const char *school,
                   const char *subject, const char *teacher, int day, int period)
{
    int s = rotas_county_school(c, school);
    rotas_lesson *l = &tt->lessons[tt->n_lessons++];
    *l = (rotas_lesson){s,
                        rotas_county_class(c, s, "1-1"),
                        rotas_county_subject(c, subject),
                        rotas_county_teacher(c, teacher),
                        day,
                        period,
                        0};
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    rotas_error err = {0};
    rotas_diags d = {0};
    assert_int_equal(rotas_county_read_json_buffer(&f->c, county_json, strlen(county_json),
                                                   "cover.json", &d, &err),
                     ROTAS_OK);
    rotas_policy_default(&f->pol);
    rotas_timetable *tt = calloc(1, sizeof *tt);
    tt->cluster = rotas_county_cluster(f->c, "C1");
    tt->days = 5;
    tt->periods = 7;
    tt->lessons = calloc(16, sizeof *tt->lessons);
    lesson(tt, f->c, "S1", "chinese", "T1", 0, 0);
    lesson(tt, f->c, "S1", "chinese", "T1", 2, 0);
    lesson(tt, f->c, "S1", "math", "T2", 1, 0);
    lesson(tt, f->c, "S1", "math", "T2", 3, 0);
    lesson(tt, f->c, "S1", "music", "T4", 4, 4);
    lesson(tt, f->c, "S2", "chinese", "T5", 0, 0);
    lesson(tt, f->c, "S2", "chinese", "T5", 1, 0);
    lesson(tt, f->c, "S2", "math", "T6", 2, 1);
    lesson(tt, f->c, "S2", "math", "T6", 3, 1);
    lesson(tt, f->c, "S2", "music", "T4", 4, 0);
    /* T4 on Friday: S2 in period 1, S1 in period 5 */
    tt->routes = calloc(1, sizeof *tt->routes);
    tt->routes[0].teacher = rotas_county_teacher(f->c, "T4");
    tt->routes[0].day = 4;
    tt->routes[0].schools = malloc(2 * sizeof(int));
    tt->routes[0].schools[0] = rotas_county_school(f->c, "S2");
    tt->routes[0].schools[1] = rotas_county_school(f->c, "S1");
    tt->routes[0].n_schools = 2;
    tt->routes[0].km = 10;
    tt->routes[0].minutes = 20;
    tt->n_routes = 1;
    tt->policy = f->pol;
    f->tt = tt;
    rotas_diags v = {0};
    size_t n = rotas_check_timetable(f->c, &f->pol, tt, &v);
    for (size_t i = 0; i < v.n_items; i++)
        fprintf(stderr, "fixture: %s\n", v.items[i]);
    rotas_diags_clear(&v);
    assert_int_equal(n, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    rotas_timetable_free(f->tt);
    rotas_county_free(f->c);
    free(f);
    return 0;
}

/* Make a cover and verify it with the checker; returns it. */
static rotas_cover *cover(fx *f, const rotas_absence *a, size_t n, int extra, const char *dat)
{
    rotas_cover *cv = NULL;
    rotas_error err = {0};
    rotas_cover_options o = {.time_limit = 5, .extra_periods = extra, .export_dat = dat};
    rotas_rc rc = rotas_cover_make(&cv, f->c, f->tt, &f->pol, a, n, &o, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, ROTAS_OK);
    rotas_diags v = {0};
    size_t nv = rotas_check_cover(f->c, &f->pol, f->tt, cv, &v);
    for (size_t i = 0; i < v.n_items; i++)
        fprintf(stderr, "check: %s\n", v.items[i]);
    rotas_diags_clear(&v);
    assert_int_equal(nv, 0);
    return cv;
}

static void test_dates(void **state)
{
    (void)state;
    long d = rotas_date_parse("2026-03-09");
    assert_true(d > 0);
    assert_int_equal(rotas_date_weekday(d), 0); /* a Monday */
    assert_int_equal(rotas_date_weekday(rotas_date_parse("1970-01-01")), 3);
    char b[16];
    rotas_date_format(d + 1, b, sizeof b);
    assert_string_equal(b, "2026-03-10");
    rotas_date_format(rotas_date_parse("2024-02-29"), b, sizeof b);
    assert_string_equal(b, "2024-02-29");
    assert_int_equal(rotas_date_parse("2026-02-29"), -1);
    assert_int_equal(rotas_date_parse("2026-13-01"), -1);
    assert_int_equal(rotas_date_parse("2026-3-9"), -1);
    assert_int_equal(rotas_date_parse(NULL), -1);
}

/* T1 away on Monday: T3 of the same school is free and takes the lesson. */
static void test_substitute(void **state)
{
    fx *f = *state;
    long mon = rotas_date_parse("2026-03-09");
    rotas_absence a = {T(f, "T1"), mon, mon, "病假"};
    rotas_cover *cv = cover(f, &a, 1, 0, NULL);
    assert_int_equal(cv->n_entries, 1);
    assert_int_equal(cv->entries[0].kind, ROTAS_COVER_SUBSTITUTE);
    assert_int_equal(cv->entries[0].teacher, T(f, "T3"));
    assert_int_equal(cv->entries[0].date, mon);
    assert_int_equal(cv->status, ROTAS_STATUS_OPTIMAL);
    assert_true(fabs(cv->objective - (ROTAS_COVER_W_SAME_SCHOOL + ROTAS_COVER_W_PERSON)) < 1e-9);
    assert_string_equal(cv->absences[0].reason, "病假");

    /* a broken cover is caught: a math teacher for chinese; a lesson left out */
    cv->entries[0].teacher = T(f, "T2");
    rotas_diags v = {0};
    assert_true(rotas_check_cover(f->c, &f->pol, f->tt, cv, &v) > 0);
    rotas_diags_clear(&v);
    cv->entries[0].teacher = T(f, "T1");
    assert_true(rotas_check_cover(f->c, &f->pol, f->tt, cv, &v) > 0);
    rotas_diags_clear(&v);
    cv->n_entries = 0;
    cv->n_substitute = 0;
    assert_true(rotas_check_cover(f->c, &f->pol, f->tt, cv, &v) > 0);
    assert_non_null(strstr(v.items[0], "has no cover"));
    rotas_diags_clear(&v);
    rotas_cover_free(cv);
}

/* T1 and T3 away on Monday: no chinese teacher of S1 is free, so the lesson trades places with
   a later lesson of the class (T1 is back on Tuesday). */
static void test_swap(void **state)
{
    fx *f = *state;
    long mon = rotas_date_parse("2026-03-09");
    rotas_absence a[2] = {{T(f, "T1"), mon, mon, NULL}, {T(f, "T3"), mon, mon, NULL}};
    char dat[] = "/tmp/rotas_cover_XXXXXX";
    int fd = mkstemp(dat);
    assert_true(fd >= 0);
    close(fd);
    rotas_cover *cv = cover(f, a, 2, 0, dat);
    assert_int_equal(cv->n_entries, 1);
    const rotas_cover_entry *e = &cv->entries[0];
    assert_int_equal(e->kind, ROTAS_COVER_SWAP);
    assert_true(e->swap_date > mon && e->swap_date < mon + 5);
    assert_int_equal(e->swap_day, (int)(e->swap_date - mon));
    assert_true(e->teacher == T(f, "T2") || e->teacher == T(f, "T4"));
    /* a swap into the past (before the absence) is refused by the checker */
    rotas_cover_entry keep = *e;
    cv->entries[0].swap_date -= 7;
    rotas_diags v = {0};
    assert_true(rotas_check_cover(f->c, &f->pol, f->tt, cv, &v) > 0);
    rotas_diags_clear(&v);
    cv->entries[0] = keep;

    /* the MathProg twin gives the same optimum */
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "glpsol -m %s/models/cover.mod -d %s 2>&1 | grep -o 'mip = *[0-9.e+-]*' | tail -1",
             ROTAS_SOURCE_DIR, dat);
    if (system("command -v glpsol > /dev/null 2>&1") == 0) {
        FILE *p = popen(cmd, "r");
        assert_non_null(p);
        char line[128] = "";
        assert_non_null(fgets(line, sizeof line, p));
        pclose(p);
        double z = strtod(strchr(line, '=') + 1, NULL);
        assert_true(fabs(z - cv->objective) < 1e-6);
    }
    remove(dat);
    rotas_cover_free(cv);
}

/* T1 and T3 away all week: no substitute, no day to swap to: both chinese lessons become
   self-study with the reason, and the implied week leaves them unscheduled. */
static void test_no_cover(void **state)
{
    fx *f = *state;
    long mon = rotas_date_parse("2026-03-09");
    rotas_absence a[2] = {{T(f, "T1"), mon, mon + 6, "培训"}, {T(f, "T3"), mon, mon + 4, NULL}};
    rotas_cover *cv = cover(f, a, 2, 2, NULL);
    assert_int_equal(cv->n_entries, 2);
    assert_int_equal(cv->n_self_study, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(cv->entries[i].kind, ROTAS_COVER_SELF_STUDY);
        assert_true(strlen(cv->entries[i].reason) > 10);
    }
    assert_int_equal(cv->people_touched, 0);
    rotas_cover_free(cv);
}

/* Two absences at once. The itinerant T4 away on Friday: music is a shortage subject, so T7
   of the other school may take it; T5 away Monday and Tuesday: nobody else teaches chinese
   at S2. Then the JSON round trip and a bad file. */
static void test_several_and_json(void **state)
{
    fx *f = *state;
    long mon = rotas_date_parse("2026-03-09");
    rotas_absence a[2] = {{T(f, "T4"), mon + 4, mon + 4, NULL}, {T(f, "T5"), mon, mon + 1, "事假"}};
    rotas_cover *cv = cover(f, a, 2, 2, NULL);
    assert_int_equal(cv->n_entries, 4);
    /* T7 (music, S2, free) takes both music lessons: at its own school in period 1, and
       10 km away at S1 in period 5 (the lunch break leaves the time) */
    int music = 0;
    for (size_t i = 0; i < cv->n_entries; i++)
        if (cv->entries[i].subject == rotas_county_subject(f->c, "music")) {
            const rotas_cover_entry *e = &cv->entries[i];
            music++;
            assert_int_equal(e->kind, ROTAS_COVER_SUBSTITUTE);
            assert_int_equal(e->teacher, T(f, "T7"));
            assert_true(fabs(e->km - (e->school == rotas_county_school(f->c, "S1") ? 10 : 0)) <
                        1e-9);
        }
    assert_int_equal(music, 2);

    char path[] = "/tmp/rotas_cover_json_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    rotas_error err = {0};
    assert_int_equal(rotas_cover_write_json(cv, f->c, path, &err), ROTAS_OK);
    rotas_cover *back = NULL;
    rotas_diags d = {0};
    assert_int_equal(rotas_cover_read_json(&back, f->c, path, &d, &err), ROTAS_OK);
    assert_int_equal(back->n_entries, cv->n_entries);
    assert_int_equal(back->n_absences, 2);
    assert_string_equal(back->absences[1].reason, "事假");
    assert_int_equal(back->extra_periods, 2);
    for (size_t i = 0; i < cv->n_entries; i++) {
        const rotas_cover_entry *x = &cv->entries[i], *y = &back->entries[i];
        assert_int_equal(x->date, y->date);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->teacher, y->teacher);
        assert_int_equal(x->klass, y->klass);
        assert_int_equal(x->swap_date, y->swap_date);
        assert_int_equal(x->swap_period, y->swap_period);
    }
    rotas_diags v = {0};
    assert_int_equal(rotas_check_cover(f->c, &back->policy, f->tt, back, &v), 0);

    /* a bad file: every problem located by its JSON path */
    FILE *w = fopen(path, "w");
    fputs("{\"format\":\"rotas-cover/1\",\"cluster\":\"C1\",\"status\":\"optimal\","
          "\"absences\":[{\"teacher\":\"T9\",\"from\":\"2026-03-09\",\"to\":\"2026-3-10\"}],"
          "\"cover\":[{\"date\":\"2026-03-09\",\"day\":1,\"period\":1,\"school\":\"S1\","
          "\"class\":\"1-1\",\"subject\":\"chinese\",\"absent\":\"T1\",\"kind\":\"magic\"}]}",
          w);
    fclose(w);
    rotas_cover *bad = NULL;
    assert_int_equal(rotas_cover_read_json(&bad, f->c, path, &d, &err), ROTAS_EINPUT);
    assert_null(bad);
    int saw_teacher = 0, saw_date = 0, saw_kind = 0;
    for (size_t i = 0; i < d.n_items; i++) {
        saw_teacher |= strstr(d.items[i], "absences[0].teacher: expected a known teacher id") != 0;
        saw_date |= strstr(d.items[i], "absences[0].to: expected a date") != 0;
        saw_kind |= strstr(d.items[i], "cover[0].kind: expected one of substitute") != 0;
    }
    assert_true(saw_teacher && saw_date && saw_kind);
    rotas_diags_clear(&d);
    remove(path);
    rotas_cover_free(back);
    rotas_cover_free(cv);
}

/* Reaching the school in time: T7 now teaches S2's music on Friday in period 6 (14:50), right
   after T4's lesson at S1 in period 5 (14:00-14:40). S1 to S2 takes 20 minutes, so T7 cannot
   take T4's lesson, and with the absence on Friday there is no later day to swap to: it
   becomes self-study. With T7's own lesson in period 1 instead, T7 covers it from 10 km away. */
static void test_travel(void **state)
{
    fx *f = *state;
    rotas_timetable *tt = f->tt;
    int t7 = T(f, "T7"), s1 = rotas_county_school(f->c, "S1");
    tt->lessons[9].teacher = t7; /* S2 music, Friday */
    tt->lessons[9].period = 5;
    free(tt->routes[0].schools); /* T4 now teaches at one school on Friday */
    tt->n_routes = 0;
    rotas_diags v = {0};
    assert_int_equal(rotas_check_timetable(f->c, &f->pol, tt, &v), 0);
    long fri = rotas_date_parse("2026-03-13");
    rotas_absence a = {T(f, "T4"), fri, fri, NULL};
    rotas_cover *cv = cover(f, &a, 1, 2, NULL);
    assert_int_equal(cv->n_entries, 1);
    assert_int_equal(cv->entries[0].school, s1);
    assert_int_equal(cv->entries[0].kind, ROTAS_COVER_SELF_STUDY);
    /* the checker refuses T7 there: 10 minutes from S1 to S2, travel takes 20 */
    cv->entries[0].kind = ROTAS_COVER_SUBSTITUTE;
    cv->entries[0].teacher = t7;
    cv->n_self_study = 0;
    cv->n_substitute = 1;
    assert_true(rotas_check_cover(f->c, &f->pol, tt, cv, &v) > 0);
    int travel = 0;
    for (size_t i = 0; i < v.n_items; i++)
        travel |= strstr(v.items[i], "travel takes 20") != NULL;
    assert_true(travel);
    rotas_diags_clear(&v);
    rotas_cover_free(cv);

    tt->lessons[9].period = 0;
    cv = cover(f, &a, 1, 2, NULL);
    assert_int_equal(cv->entries[0].kind, ROTAS_COVER_SUBSTITUTE);
    assert_int_equal(cv->entries[0].teacher, t7);
    assert_true(fabs(cv->entries[0].km - 10) < 1e-9);
    assert_true(fabs(cv->objective - (ROTAS_COVER_W_OTHER_SCHOOL + ROTAS_COVER_W_KM * 10 +
                                      ROTAS_COVER_W_PERSON)) < 1e-9);
    rotas_cover_free(cv);
}

/* An absence over a weekend: Friday and the next Monday fall in two weeks, each checked as its
   own week; Saturday and Sunday have no lessons. */
static void test_two_weeks(void **state)
{
    fx *f = *state;
    long fri = rotas_date_parse("2026-03-13");
    rotas_absence a = {T(f, "T1"), fri, fri + 3, NULL};
    rotas_cover *cv = cover(f, &a, 1, 2, NULL);
    /* T1 teaches on Monday and Wednesday only: the next Monday's lesson is the one */
    assert_int_equal(cv->n_entries, 1);
    assert_int_equal(cv->entries[0].date, fri + 3);
    assert_int_equal(cv->entries[0].kind, ROTAS_COVER_SUBSTITUTE);
    rotas_cover_free(cv);
    rotas_absence b = {T(f, "T4"), fri, fri + 7, NULL}; /* two Fridays */
    cv = cover(f, &b, 1, 2, NULL);
    assert_int_equal(cv->n_entries, 4);
    assert_int_equal(cv->entries[0].date, fri);
    assert_int_equal(cv->entries[3].date, fri + 7);
    rotas_cover_free(cv);
}

static void test_bad_absence(void **state)
{
    fx *f = *state;
    rotas_cover *cv = NULL;
    rotas_error err = {0};
    long mon = rotas_date_parse("2026-03-09");
    rotas_absence a = {T(f, "T1"), mon + 2, mon, NULL};
    assert_int_equal(rotas_cover_make(&cv, f->c, f->tt, &f->pol, &a, 1, NULL, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "T1"));
    assert_null(cv);
    assert_int_equal(rotas_cover_make(&cv, f->c, f->tt, &f->pol, &a, 0, NULL, &err), ROTAS_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test_setup_teardown(test_substitute, setup, teardown),
        cmocka_unit_test_setup_teardown(test_swap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_cover, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_and_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_travel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_weeks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_absence, setup, teardown),
    };
    return cmocka_run_group_tests_name("cover", tests, NULL, NULL);
}
