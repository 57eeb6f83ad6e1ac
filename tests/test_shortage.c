/* test_shortage.c - the true shortage of teaching periods (rotas/shortage.h) on hand-built
   counties whose answer is known by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotas/shortage.h"

/* ------------------------------------------------------------------ building counties */

#define CAP 16 /* room in every array of a test county */

/* Subjects: 0 chinese, 1 math, 2 science, 3 art (not shortage), 4 english, 5 music
   (shortage). */
enum { CHINESE, MATH, SCIENCE, ART, ENGLISH, MUSIC, N_SUBJECTS };

static rotas_county *county(int n_clusters)
{
    static const char *ids[N_SUBJECTS] = {"chinese", "math", "science", "art", "english", "music"};
    rotas_county *c = rotas_county_new();
    assert_non_null(c);
    c->year = 2026;
    c->subjects = calloc(N_SUBJECTS, sizeof *c->subjects);
    for (int j = 0; j < N_SUBJECTS; j++) {
        c->subjects[j].id = rotas_strdup(ids[j]);
        c->subjects[j].name = rotas_strdup(ids[j]);
        c->subjects[j].shortage = j >= ENGLISH;
    }
    c->n_subjects = N_SUBJECTS;
    c->clusters = calloc(CAP, sizeof *c->clusters);
    for (int k = 0; k < n_clusters; k++) {
        char id[16];
        snprintf(id, sizeof id, "C%d", k + 1);
        c->clusters[k].id = rotas_strdup(id);
        c->clusters[k].central = -1;
        c->clusters[k].declared = 1;
    }
    c->n_clusters = (size_t)n_clusters;
    c->schools = calloc(CAP, sizeof *c->schools);
    c->classes = calloc(CAP, sizeof *c->classes);
    c->teachers = calloc(CAP, sizeof *c->teachers);
    c->curriculum = calloc(CAP, sizeof *c->curriculum);
    return c;
}

static int school(rotas_county *c, int cluster, rotas_area area, int hardship)
{
    char id[16];
    int s = (int)c->n_schools++;
    snprintf(id, sizeof id, "S%d", s + 1);
    rotas_school *sc = &c->schools[s];
    sc->id = rotas_strdup(id);
    sc->name = rotas_strdup(id);
    sc->kind = cluster >= 0 ? ROTAS_KIND_COMPLETE_PRIMARY : ROTAS_KIND_URBAN_PRIMARY;
    sc->area = area;
    sc->cluster = cluster;
    sc->group = -1;
    sc->hardship = hardship;
    sc->lat = 25.0 + 0.01 * s;
    sc->lon = 110.0;
    return s;
}

/* A class of one grade (classes must be added school by school). */
static void klass(rotas_county *c, int s, int grade)
{
    char id[16];
    rotas_class *k = &c->classes[c->n_classes];
    snprintf(id, sizeof id, "K%zu", c->n_classes + 1);
    c->n_classes++;
    k->id = rotas_strdup(id);
    k->school = s;
    k->grades[0] = grade;
    k->n_grades = 1;
    k->students = 30;
}

static void periods(rotas_county *c, int grade, int subject, int n)
{
    c->curriculum[c->n_curriculum++] =
        (rotas_curriculum_row){.grade = grade, .subject = subject, .periods = n};
}

/* A teacher of subjects[0..n) (-1 ends the list early) at school s. */
static int teacher(rotas_county *c, int s, int max_periods, int n, const int *subjects)
{
    char id[16];
    int t = (int)c->n_teachers++;
    snprintf(id, sizeof id, "T%d", t + 1);
    rotas_teacher *te = &c->teachers[t];
    te->id = rotas_strdup(id);
    te->name = rotas_strdup(id);
    te->gender = 'F';
    te->birth_year = 1985;
    te->school = s;
    te->subjects = malloc((size_t)n * sizeof *te->subjects);
    memcpy(te->subjects, subjects, (size_t)n * sizeof *te->subjects);
    te->n_subjects = (size_t)n;
    te->role = ROTAS_ROLE_TEACHER;
    te->school_since = 2020;
    te->post_since = 2020;
    te->max_periods = max_periods;
    return t;
}

static void finalize(rotas_county *c)
{
    rotas_error err = {0};
    rotas_rc rc = rotas_county_finalize(c, &err);
    if (rc != ROTAS_OK)
        fprintf(stderr, "finalize: %s\n", err.msg);
    assert_int_equal(rc, ROTAS_OK);
}

/* unfilled[] and the total, both checked to agree. */
static double shortage(double *unfilled, const rotas_county *c, const rotas_policy *p,
                       const int *school_of)
{
    rotas_error err = {0};
    double total = -1;
    rotas_rc rc = rotas_shortage_compute(unfilled, &total, c, p, school_of, &err);
    if (rc != ROTAS_OK)
        fprintf(stderr, "shortage: %s\n", err.msg);
    assert_int_equal(rc, ROTAS_OK);
    double sum = 0;
    for (size_t i = 0; i < c->n_schools * c->n_subjects; i++) {
        assert_true(unfilled[i] >= 0 && unfilled[i] == floor(unfilled[i]));
        sum += unfilled[i];
    }
    assert_true(fabs(sum - total) < 1e-9);
    return total;
}

#define U(s, j) unfilled[(size_t)(s)*N_SUBJECTS + (j)]

static rotas_policy policy(void)
{
    rotas_policy p;
    rotas_policy_default(&p);
    return p;
}

/* ------------------------------------------------------------------ tests */

/* A class teacher of four subjects gives all 16 periods to the one that is needed: chinese 8
   is covered (an even split would give it 4 and leave 4 short). With math 10 as well, 18
   periods need 16: 2 short, whichever subject takes them. */
static void test_class_teacher_covers_one_subject(void **state)
{
    (void)state;
    rotas_county *c = county(0);
    int s = school(c, -1, ROTAS_AREA_RURAL, 0);
    klass(c, s, 1);
    periods(c, 1, CHINESE, 8);
    teacher(c, s, 0, 4, (const int[]){CHINESE, MATH, SCIENCE, ART});
    finalize(c);
    rotas_policy p = policy();
    double unfilled[N_SUBJECTS], demand[N_SUBJECTS];
    rotas_shortage_demand(demand, c);
    assert_true(demand[CHINESE] == 8 && demand[MATH] == 0);
    assert_true(shortage(unfilled, c, &p, NULL) == 0);
    assert_true(U(s, CHINESE) == 0);
    rotas_county_free(c);

    c = county(0);
    s = school(c, -1, ROTAS_AREA_RURAL, 0);
    klass(c, s, 1);
    periods(c, 1, CHINESE, 8);
    periods(c, 1, MATH, 10);
    teacher(c, s, 0, 4, (const int[]){CHINESE, MATH, SCIENCE, ART});
    finalize(c);
    assert_true(shortage(unfilled, c, &p, NULL) == 2);
    assert_true(U(s, CHINESE) + U(s, MATH) == 2);
    rotas_county_free(c);
}

/* Cluster C1: S1 (town) has the only english teacher (16 periods) and a math teacher; S2
   (rural: factor 1.5 against 1) needs english 10 and math 5, S1 english 10. The english teacher
   serves both schools: 20 needed, 16 given, 4 short, and the rural school is served first, so the 4
   fall on S1. Math is not a shortage subject: S1's math teacher cannot teach at S2. */
static void test_pooled_shortage_subject(void **state)
{
    (void)state;
    rotas_county *c = county(1);
    int s1 = school(c, 0, ROTAS_AREA_TOWN, 0), s2 = school(c, 0, ROTAS_AREA_RURAL, 0);
    klass(c, s1, 1);
    klass(c, s2, 2);
    periods(c, 1, ENGLISH, 10);
    periods(c, 2, ENGLISH, 10);
    periods(c, 2, MATH, 5);
    teacher(c, s1, 0, 1, (const int[]){ENGLISH});
    teacher(c, s1, 0, 1, (const int[]){MATH});
    finalize(c);
    rotas_policy p = policy();
    double unfilled[2 * N_SUBJECTS];
    assert_true(shortage(unfilled, c, &p, NULL) == 4 + 5);
    assert_true(U(s2, ENGLISH) == 0);
    assert_true(U(s1, ENGLISH) == 4);
    assert_true(U(s2, MATH) == 5);
    assert_true(U(s1, MATH) == 0);

    /* the factor decides: with S1 the harder school (hardship 3: factor 1.75 against 1.5),
       S1 is served first and S2 bears the 4 */
    c->schools[s1].hardship = 3;
    assert_true(shortage(unfilled, c, &p, NULL) == 4 + 5);
    assert_true(U(s1, ENGLISH) == 0);
    assert_true(U(s2, ENGLISH) == 4);
    /* equal factors: the same split on every run */
    c->schools[s1].hardship = 0;
    p.w_rural = 0;
    p.w_hardship = 0;
    double again[2 * N_SUBJECTS];
    shortage(unfilled, c, &p, NULL);
    shortage(again, c, &p, NULL);
    assert_memory_equal(unfilled, again, sizeof unfilled);
    assert_true(U(s1, ENGLISH) + U(s2, ENGLISH) == 4);
    rotas_county_free(c);
}

/* A shortage subject at a school in no cluster is served only by that school's teachers: S2
   (no cluster) needs music 6 and has a music teacher of max_periods 4; the music teacher of
   S1 (cluster C1, which needs no music) cannot go there, and S2's cannot go to S1. */
static void test_school_without_cluster(void **state)
{
    (void)state;
    rotas_county *c = county(1);
    int s1 = school(c, 0, ROTAS_AREA_TOWN, 0), s2 = school(c, -1, ROTAS_AREA_URBAN, 0);
    int s3 = school(c, 0, ROTAS_AREA_RURAL, 0);
    klass(c, s2, 1);
    klass(c, s3, 2);
    periods(c, 1, MUSIC, 6);
    periods(c, 2, MUSIC, 3);
    teacher(c, s1, 0, 1, (const int[]){MUSIC});
    teacher(c, s2, 4, 1, (const int[]){MUSIC});
    finalize(c);
    rotas_policy p = policy();
    double unfilled[3 * N_SUBJECTS];
    assert_true(shortage(unfilled, c, &p, NULL) == 2);
    assert_true(U(s2, MUSIC) == 2);
    assert_true(U(s3, MUSIC) == 0); /* S1's teacher goes round to S3 */
    rotas_county_free(c);
}

/* Capacity: max_periods where given, else the policy default; subject entries out of range
   are ignored and a subject listed twice counts once. */
static void test_max_periods_and_default(void **state)
{
    (void)state;
    rotas_county *c = county(0);
    int s = school(c, -1, ROTAS_AREA_RURAL, 0);
    klass(c, s, 1);
    periods(c, 1, CHINESE, 30);
    teacher(c, s, 6, 1, (const int[]){CHINESE});
    teacher(c, s, 0, 4, (const int[]){CHINESE, -1, 99, CHINESE});
    teacher(c, s, 0, 1, (const int[]){MATH}); /* no math needed: gives nothing */
    finalize(c);
    rotas_policy p = policy();
    double unfilled[N_SUBJECTS];
    assert_true(shortage(unfilled, c, &p, NULL) == 30 - 6 - 16);
    p.default_max_periods = 20;
    assert_true(shortage(unfilled, c, &p, NULL) == 30 - 6 - 20);
    assert_true(U(s, CHINESE) == 4);
    c->teachers[0].max_periods = 10;
    assert_true(shortage(unfilled, c, &p, NULL) == 0);
    rotas_county_free(c);
}

/* Nothing to compute: no schools; then no teachers. */
static void test_empty_county(void **state)
{
    (void)state;
    rotas_county *c = county(0);
    finalize(c);
    rotas_policy p = policy();
    double total = -1, demand[1] = {-7}, unfilled[1] = {-7};
    rotas_error err = {0};
    assert_int_equal(rotas_shortage_compute(unfilled, &total, c, &p, NULL, &err), ROTAS_OK);
    assert_true(total == 0);
    assert_true(unfilled[0] == -7); /* zero cells: nothing written */
    rotas_shortage_demand(demand, c);
    assert_true(demand[0] == -7);
    rotas_county_free(c);

    /* schools and classes but no teachers: everything is unfilled; NULL unfilled is fine */
    c = county(1);
    int s1 = school(c, 0, ROTAS_AREA_RURAL, 0), s2 = school(c, -1, ROTAS_AREA_URBAN, 0);
    klass(c, s1, 1);
    klass(c, s2, 1);
    periods(c, 1, CHINESE, 7);
    periods(c, 1, ENGLISH, 2);
    finalize(c);
    assert_int_equal(rotas_shortage_compute(NULL, &total, c, &p, NULL, &err), ROTAS_OK);
    assert_true(total == 2 * (7 + 2));
    rotas_county_free(c);
}

/* school_of places teachers elsewhere (a plan's outcome): the chinese teacher of S1 moved to
   S2 covers S2 and leaves S1 short; -1 leaves a teacher out; an index past the last school
   is an input error naming the teacher. */
static void test_school_of(void **state)
{
    (void)state;
    rotas_county *c = county(0);
    int s1 = school(c, -1, ROTAS_AREA_TOWN, 0), s2 = school(c, -1, ROTAS_AREA_RURAL, 0);
    klass(c, s1, 1);
    klass(c, s2, 2);
    periods(c, 1, CHINESE, 8);
    periods(c, 2, CHINESE, 12);
    teacher(c, s1, 0, 1, (const int[]){CHINESE});
    teacher(c, s1, 0, 1, (const int[]){CHINESE});
    finalize(c);
    rotas_policy p = policy();
    double unfilled[2 * N_SUBJECTS];
    assert_true(shortage(unfilled, c, &p, NULL) == 12);
    assert_true(U(s2, CHINESE) == 12);
    int moved[2] = {s1, s2};
    assert_true(shortage(unfilled, c, &p, moved) == 0);
    int gone[2] = {-1, s2};
    assert_true(shortage(unfilled, c, &p, gone) == 8);
    assert_true(U(s1, CHINESE) == 8 && U(s2, CHINESE) == 0);
    /* the county itself is read, never changed */
    assert_int_equal(c->teachers[1].school, s1);

    int bad[2] = {s1, 2};
    rotas_error err = {0};
    double total = 0;
    assert_int_equal(rotas_shortage_compute(unfilled, &total, c, &p, bad, &err), ROTAS_EINPUT);
    assert_int_equal(err.code, ROTAS_EINPUT);
    assert_string_equal(err.msg,
                        "shortage: teacher T2: school index 2, but the county has 2 schools");
    rotas_county_free(c);
}

/* Teachers of several subjects share their capacity across schools of the cluster: T1 (S1,
   english + chinese) and T2 (S2, english). Needs: S1 chinese 10, S1 english 6, S2 english 14.
   T1 gives 10 to chinese and 6 to english; T2 16 to english: 30 needed, 32 given, none short.
   A pairing by main subject (T1 english only) would leave S1 chinese 10 short. */
static void test_shared_capacity(void **state)
{
    (void)state;
    rotas_county *c = county(1);
    int s1 = school(c, 0, ROTAS_AREA_TOWN, 0), s2 = school(c, 0, ROTAS_AREA_RURAL, 0);
    klass(c, s1, 1);
    klass(c, s2, 2);
    periods(c, 1, CHINESE, 10);
    periods(c, 1, ENGLISH, 6);
    periods(c, 2, ENGLISH, 14);
    teacher(c, s1, 0, 2, (const int[]){ENGLISH, CHINESE});
    teacher(c, s2, 0, 1, (const int[]){ENGLISH});
    finalize(c);
    rotas_policy p = policy();
    double unfilled[2 * N_SUBJECTS];
    assert_true(shortage(unfilled, c, &p, NULL) == 0);
    /* one more period of S1 chinese than the pool can give: 1 short in all */
    c->teachers[1].max_periods = 13;
    assert_true(shortage(unfilled, c, &p, NULL) == 1);
    rotas_county_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_class_teacher_covers_one_subject),
        cmocka_unit_test(test_pooled_shortage_subject),
        cmocka_unit_test(test_school_without_cluster),
        cmocka_unit_test(test_max_periods_and_default),
        cmocka_unit_test(test_empty_county),
        cmocka_unit_test(test_school_of),
        cmocka_unit_test(test_shared_capacity),
    };
    return cmocka_run_group_tests_name("shortage", tests, NULL, NULL);
}
