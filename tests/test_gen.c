/* test_gen.c - the synthetic county generator: determinism, variety, every invariant. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotas/county.h"
#include "rotas/gen.h"
#include "rotas/shortage.h"
#include "rotas/json.h"
#include "rotas/check.h"
#include "rotas/policy.h"
#include "rotas/timetable.h"

static rotas_county *make(int schools, unsigned long seed, int year)
{
    rotas_gen_options o = {schools, seed, year, 0, 0, 0, 0, 0, 0, 0};
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_rc rc = rotas_gen_county(&c, &o, &err);
    if (rc != ROTAS_OK)
        fprintf(stderr, "gen %d/%lu: %s\n", schools, seed, err.msg);
    assert_int_equal(rc, ROTAS_OK);
    assert_non_null(c);
    return c;
}

static int streq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Field-by-field equality of two counties. */
static void assert_same_county(const rotas_county *a, const rotas_county *b)
{
    assert_true(streq(a->name, b->name));
    assert_int_equal(a->year, b->year);
    assert_int_equal(a->n_subjects, b->n_subjects);
    assert_int_equal(a->n_clusters, b->n_clusters);
    assert_int_equal(a->n_groups, b->n_groups);
    assert_int_equal(a->n_schools, b->n_schools);
    assert_int_equal(a->n_classes, b->n_classes);
    assert_int_equal(a->n_travel, b->n_travel);
    assert_int_equal(a->n_curriculum, b->n_curriculum);
    assert_int_equal(a->n_teachers, b->n_teachers);
    for (size_t i = 0; i < a->n_clusters; i++) {
        assert_true(streq(a->clusters[i].id, b->clusters[i].id));
        assert_true(streq(a->clusters[i].name, b->clusters[i].name));
        assert_int_equal(a->clusters[i].central, b->clusters[i].central);
    }
    for (size_t i = 0; i < a->n_groups; i++)
        assert_true(streq(a->groups[i].id, b->groups[i].id));
    for (size_t i = 0; i < a->n_schools; i++) {
        const rotas_school *x = &a->schools[i], *y = &b->schools[i];
        assert_true(streq(x->id, y->id) && streq(x->name, y->name));
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->area, y->area);
        assert_int_equal(x->cluster, y->cluster);
        assert_int_equal(x->group, y->group);
        assert_int_equal(x->hardship, y->hardship);
        assert_true(x->lat == y->lat && x->lon == y->lon);
        assert_int_equal(x->students, y->students);
        assert_int_equal(x->staff_quota, y->staff_quota);
        assert_int_equal(x->n_bell, y->n_bell);
        for (size_t k = 0; k < x->n_bell; k++)
            assert_true(x->bell[k].start == y->bell[k].start && x->bell[k].end == y->bell[k].end);
    }
    for (size_t i = 0; i < a->n_classes; i++) {
        const rotas_class *x = &a->classes[i], *y = &b->classes[i];
        assert_true(streq(x->id, y->id));
        assert_int_equal(x->school, y->school);
        assert_int_equal(x->n_grades, y->n_grades);
        assert_memory_equal(x->grades, y->grades, sizeof x->grades);
        assert_int_equal(x->students, y->students);
    }
    for (size_t i = 0; i < a->n_travel; i++) {
        const rotas_travel *x = &a->travel[i], *y = &b->travel[i];
        assert_true(x->from == y->from && x->to == y->to && x->km == y->km &&
                    x->minutes == y->minutes);
    }
    for (size_t i = 0; i < a->n_teachers; i++) {
        const rotas_teacher *x = &a->teachers[i], *y = &b->teachers[i];
        assert_true(streq(x->id, y->id) && streq(x->name, y->name));
        assert_int_equal(x->gender, y->gender);
        assert_int_equal(x->birth_year, y->birth_year);
        assert_int_equal(x->school, y->school);
        assert_int_equal(x->n_subjects, y->n_subjects);
        assert_memory_equal(x->subjects, y->subjects, x->n_subjects * sizeof *x->subjects);
        assert_int_equal(x->role, y->role);
        assert_int_equal(x->school_since, y->school_since);
        assert_int_equal(x->post_since, y->post_since);
        assert_int_equal(x->key, y->key);
        assert_true(streq(x->title, y->title) && streq(x->degree, y->degree));
        assert_true(streq(x->exempt, y->exempt));
        assert_int_equal(x->exchange_until, y->exchange_until);
        assert_int_equal(x->n_preferences, y->n_preferences);
        if (x->n_preferences)
            assert_memory_equal(x->preferences, y->preferences,
                                x->n_preferences * sizeof *x->preferences);
        assert_int_equal(x->max_periods, y->max_periods);
    }
}

static void test_deterministic(void **state)
{
    (void)state;
    static const int sizes[] = {10, 120, 400};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        rotas_county *a = make(sizes[i], 99, 0), *b = make(sizes[i], 99, 0);
        assert_same_county(a, b);
        rotas_county_free(a);
        rotas_county_free(b);
    }
}

static int is_junior_kind(rotas_school_kind k)
{
    return k == ROTAS_KIND_URBAN_JUNIOR || k == ROTAS_KIND_JUNIOR;
}

/* Every rule a generated county keeps. */
static void check_invariants(const rotas_county *c, int target, int year)
{
    size_t ns = c->n_schools;
    assert_int_equal(c->year, year);
    assert_true(fabs((double)ns - target) <= 0.1 * target + 0.5);

    /* subjects and curriculum */
    assert_int_equal(c->n_subjects, 16);
    static const char *const shortage[] = {"english", "music", "pe", "art", "it", "psychology"};
    for (size_t i = 0; i < sizeof shortage / sizeof shortage[0]; i++) {
        int s = rotas_county_subject(c, shortage[i]);
        assert_true(s >= 0);
        assert_true(c->subjects[s].shortage);
    }
    int n_short = 0;
    for (size_t s = 0; s < c->n_subjects; s++)
        n_short += c->subjects[s].shortage;
    assert_int_equal(n_short, 6);
    int eng = rotas_county_subject(c, "english"), it = rotas_county_subject(c, "it");
    int music = rotas_county_subject(c, "music"), art = rotas_county_subject(c, "art");
    for (int g = 1; g <= 9; g++) {
        int total = 0;
        for (size_t s = 0; s < c->n_subjects; s++)
            total += c->periods[g * c->n_subjects + s];
        assert_int_equal(total, g <= 2 ? 26 : g <= 6 ? 30 : 34);
        assert_true((c->periods[g * c->n_subjects + eng] > 0) == (g >= 3));
        assert_true((c->periods[g * c->n_subjects + it] > 0) == (g >= 3 && g <= 8));
        assert_int_equal(c->periods[g * c->n_subjects + music], g <= 6 ? 2 : 1);
        assert_int_equal(c->periods[g * c->n_subjects + art], g <= 6 ? 2 : 1);
    }

    /* schools and classes */
    int *members = calloc(c->n_clusters + 1, sizeof *members);
    int *gsize = calloc(c->n_groups + 1, sizeof *gsize);
    int *gurban = calloc(c->n_groups + 1, sizeof *gurban);
    int *norm = calloc(ns, sizeof *norm);
    assert_non_null(norm);
    assert_non_null(members);
    assert_non_null(gsize);
    assert_non_null(gurban);
    for (size_t s = 0; s < ns; s++) {
        const rotas_school *sc = &c->schools[s];
        assert_int_equal(rotas_county_school(c, sc->id), (int)s);
        assert_true(sc->cluster >= -1 && sc->cluster < (int)c->n_clusters);
        assert_true(sc->group >= -1 && sc->group < (int)c->n_groups);
        if (sc->cluster >= 0)
            members[sc->cluster]++;
        if (sc->group >= 0) {
            gsize[sc->group]++;
            gurban[sc->group] += sc->area == ROTAS_AREA_URBAN;
        }
        switch (sc->area) {
        case ROTAS_AREA_URBAN:
            assert_int_equal(sc->cluster, -1);
            assert_int_equal(sc->hardship, 0);
            break;
        case ROTAS_AREA_TOWN:
            assert_true(sc->hardship >= 0 && sc->hardship <= 1);
            break;
        default:
            assert_true(sc->hardship >= 1 && sc->hardship <= 3);
            assert_true(sc->cluster >= 0);
        }
        assert_true(sc->n_classes >= 1);
        int sum = 0, prim = 0, jun = 0;
        for (size_t k = 0; k < sc->n_classes; k++) {
            const rotas_class *cl = &c->classes[sc->first_class + k];
            assert_int_equal(cl->school, (int)s);
            assert_true(cl->n_grades >= 1 && cl->n_grades <= 3);
            for (size_t g = 0; g < cl->n_grades; g++) {
                assert_true(cl->grades[g] >= 1 && cl->grades[g] <= 9);
                if (g)
                    assert_int_equal(cl->grades[g], cl->grades[g - 1] + 1);
            }
            int junior = cl->grades[0] >= 7;
            assert_true(cl->students >= 1 && cl->students <= (junior ? 50 : 45));
            if (is_junior_kind(sc->kind))
                assert_true(junior);
            if (sc->kind == ROTAS_KIND_TEACHING_POINT)
                assert_true(cl->students >= 3 && cl->students <= 20);
            sum += cl->students;
            if (junior)
                jun += cl->students;
            else
                prim += cl->students;
        }
        assert_int_equal(sum, sc->students);
        if (sc->kind == ROTAS_KIND_TEACHING_POINT)
            assert_true(sc->n_classes <= 4);
        if (sc->kind == ROTAS_KIND_COMPLETE_PRIMARY)
            assert_int_equal(sc->n_classes, 6);
        double q = prim / 19.0 + jun / 13.5;
        if (sc->students < 100 && q < 1.7 * (double)sc->n_classes)
            q = 1.7 * (double)sc->n_classes;
        norm[s] = (int)floor(q + 0.5) > 1 ? (int)floor(q + 0.5) : 1;
        assert_true(sc->staff_quota >= 1);
        size_t nb;
        const rotas_bell_period *b = rotas_school_bell(sc, &nb);
        assert_true(nb >= 6 && nb <= 8);
        if (jun > 0)
            assert_true(nb >= 7);
        for (size_t k = 0; k < nb; k++) {
            assert_true(b[k].start < b[k].end);
            if (k)
                assert_true(b[k - 1].end <= b[k].start);
        }
    }
    for (size_t k = 0; k < c->n_clusters; k++) {
        const rotas_cluster *cl = &c->clusters[k];
        assert_true(cl->declared);
        assert_true(cl->central >= 0 && cl->central < (int)ns);
        assert_int_equal(c->schools[cl->central].cluster, (int)k);
        assert_int_equal(c->schools[cl->central].kind, ROTAS_KIND_CENTRAL_PRIMARY);
        assert_true(members[k] >= 3 && members[k] <= 12);
    }
    for (size_t g = 0; g < c->n_groups; g++) {
        assert_true(gsize[g] >= 2);
        assert_int_equal(gurban[g], 1);
    }
    free(members);
    free(gsize);
    free(gurban);

    /* teachers */
    size_t *principals = calloc(ns, sizeof *principals), *vices = calloc(ns, sizeof *vices);
    long *staff = calloc(ns, sizeof *staff);
    long *short_main = calloc(ns, sizeof *short_main);
    assert_non_null(principals);
    assert_non_null(vices);
    assert_non_null(staff);
    assert_non_null(short_main);
    size_t long_leaders = 0, exempt = 0, exchange = 0, prefs = 0;
    size_t key_n[ROTAS_AREA_COUNT] = {0}, all_n[ROTAS_AREA_COUNT] = {0};
    for (size_t i = 0; i < c->n_teachers; i++) {
        const rotas_teacher *t = &c->teachers[i];
        assert_int_equal(rotas_county_teacher(c, t->id), (int)i);
        assert_non_null(t->name);
        assert_true(t->school >= 0 && t->school < (int)ns);
        assert_true(t->gender == 'M' || t->gender == 'F');
        int age = year - t->birth_year;
        assert_true(age >= 22 && age <= 60);
        assert_true(t->n_subjects >= 1 && t->n_subjects <= 5);
        for (size_t a = 0; a < t->n_subjects; a++) {
            assert_true(t->subjects[a] >= 0 && t->subjects[a] < (int)c->n_subjects);
            for (size_t b = 0; b < a; b++)
                assert_true(t->subjects[a] != t->subjects[b]);
        }
        assert_true(t->school_since <= year && t->school_since >= t->birth_year + 22);
        assert_true(t->post_since <= year && t->post_since >= t->school_since);
        if (t->role == ROTAS_ROLE_TEACHER)
            assert_int_equal(t->post_since, t->school_since);
        assert_true(t->key >= ROTAS_KEY_NONE && t->key <= ROTAS_KEY_PROVINCE);
        assert_true(t->degree_level >= ROTAS_DEGREE_SECONDARY &&
                    t->degree_level <= ROTAS_DEGREE_MASTER);
        assert_int_equal(rotas_degree_parse(t->degree), t->degree_level);
        assert_true(t->exchange_until == 0 || t->exchange_until >= year);
        for (size_t a = 0; a < t->n_preferences; a++) {
            assert_true(t->preferences[a] >= 0 && t->preferences[a] < (int)ns);
            assert_true(t->preferences[a] != t->school);
            for (size_t b = 0; b < a; b++)
                assert_true(t->preferences[a] != t->preferences[b]);
        }
        assert_true(t->n_preferences <= 3);
        if (t->role == ROTAS_ROLE_TEACHER)
            assert_true(t->max_periods == 0 || (t->max_periods >= 12 && t->max_periods <= 20) ||
                        (c->schools[t->school].kind == ROTAS_KIND_TEACHING_POINT &&
                         t->max_periods >= 16 && t->max_periods <= 40));
        else
            assert_true(t->max_periods >= 4 && t->max_periods <= 8);
        if (t->role == ROTAS_ROLE_PRINCIPAL)
            principals[t->school]++;
        if (t->role == ROTAS_ROLE_VICE_PRINCIPAL)
            vices[t->school]++;
        if (t->role != ROTAS_ROLE_TEACHER && !t->exempt && year - t->post_since >= 10)
            long_leaders++;
        exempt += t->exempt != NULL;
        exchange += t->exchange_until != 0;
        prefs += t->n_preferences > 0;
        staff[t->school]++;
        if (c->subjects[t->subjects[0]].shortage)
            short_main[t->school]++;
        rotas_area ar = c->schools[t->school].area;
        all_n[ar]++;
        key_n[ar] += t->key >= ROTAS_KEY_SCHOOL;
    }
    assert_true(long_leaders >= 1);
    assert_true(c->n_teachers >= ns);
    if (c->n_teachers >= 1000) {
        double nt = (double)c->n_teachers;
        assert_true(exempt >= 0.015 * nt && exempt <= 0.07 * nt);
        assert_true(exchange >= 0.005 * nt && exchange <= 0.06 * nt);
        assert_true(prefs >= 0.25 * nt && prefs <= 0.55 * nt);
        assert_true(nt / (double)ns >= 12.0 && nt / (double)ns <= 22.0);
        /* key teachers concentrated in the county town */
        assert_true((double)key_n[ROTAS_AREA_URBAN] / all_n[ROTAS_AREA_URBAN] >
                    1.5 * (double)key_n[ROTAS_AREA_RURAL] / all_n[ROTAS_AREA_RURAL]);
    }
    long q_area[ROTAS_AREA_COUNT] = {0}, st_area[ROTAS_AREA_COUNT] = {0};
    long cls_area[ROTAS_AREA_COUNT] = {0}, sh_area[ROTAS_AREA_COUNT] = {0};
    for (size_t s = 0; s < ns; s++) {
        const rotas_school *sc = &c->schools[s];
        assert_true(staff[s] >= 1);
        if (sc->kind != ROTAS_KIND_TEACHING_POINT)
            assert_int_equal(principals[s], 1);
        else
            assert_true(principals[s] <= 1);
        if (sc->n_classes >= 6 && staff[s] >= 3)
            assert_true(vices[s] >= 1 && vices[s] <= 2);
        if (sc->n_classes < 6)
            assert_int_equal(vices[s], 0);
        /* staff quotas: the norm, with room, or below the teacher count (over quota) */
        if (sc->staff_quota < staff[s])
            assert_true(sc->staff_quota <= norm[s]);
        else
            assert_true(sc->staff_quota >= norm[s]);
        q_area[sc->area] += sc->staff_quota;
        st_area[sc->area] += staff[s];
        cls_area[sc->area] += (long)sc->n_classes;
        sh_area[sc->area] += short_main[s];
    }
    free(norm);
    /* staffing: the whole county near its quota */
    long q_all = q_area[0] + q_area[1] + q_area[2], st_all = st_area[0] + st_area[1] + st_area[2];
    assert_true(st_all >= 0.8 * q_all && st_all <= 1.2 * q_all);
    /* shortage subjects thin in villages: specialists per class well below the county town */
    if (cls_area[ROTAS_AREA_RURAL] > 0)
        assert_true((double)sh_area[ROTAS_AREA_RURAL] / cls_area[ROTAS_AREA_RURAL] <
                    0.5 * (double)sh_area[ROTAS_AREA_URBAN] / cls_area[ROTAS_AREA_URBAN]);
    free(principals);
    free(vices);
    free(staff);
    free(short_main);

    /* travel: valid, unique pairs, some intra-cluster pairs missing in large counties */
    size_t intra = 0, intra_possible = 0;
    for (size_t i = 0; i < c->n_travel; i++) {
        const rotas_travel *t = &c->travel[i];
        assert_true(t->from >= 0 && t->from < t->to && t->to < (int)ns);
        assert_true(t->km > 0 && t->minutes > 0);
        double line = rotas_county_km(c, t->from, t->to);
        assert_true(fabs(line - t->km) < 1e-9);
        assert_true(t->minutes >= t->km / 55.0 * 60.0);
        if (i)
            assert_true(c->travel[i - 1].from < t->from ||
                        (c->travel[i - 1].from == t->from && c->travel[i - 1].to < t->to));
        int ca = c->schools[t->from].cluster, cb = c->schools[t->to].cluster;
        intra += ca >= 0 && ca == cb;
    }
    for (size_t k = 0; k < c->n_clusters; k++) {
        size_t m = 0;
        for (size_t s = 0; s < ns; s++)
            m += c->schools[s].cluster == (int)k;
        intra_possible += m * (m - 1) / 2;
    }
    assert_true(intra <= intra_possible);
    if (intra_possible >= 300) {
        double missing = 1.0 - (double)intra / (double)intra_possible;
        assert_true(missing >= 0.02 && missing <= 0.2);
    }
    assert_true(c->n_estimated_pairs > 0 || ns <= 5);
}

static void test_invariants(void **state)
{
    (void)state;
    static const int sizes[] = {5, 10, 30, 120, 400};
    static const unsigned long seeds[] = {1, 2, 3, 2027, 120};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (size_t j = 0; j < sizeof seeds / sizeof seeds[0]; j++) {
            rotas_county *c = make(sizes[i], seeds[j], 0);
            check_invariants(c, sizes[i], 2026);
            rotas_county_free(c);
        }
}

static void test_year(void **state)
{
    (void)state;
    rotas_county *c = make(60, 5, 2031);
    check_invariants(c, 60, 2031);
    rotas_county_free(c);
    c = make(60, 5, 2000);
    check_invariants(c, 60, 2000);
    rotas_county_free(c);
}

static void test_large(void **state)
{
    (void)state;
    rotas_county *c = make(2000, 11, 0);
    check_invariants(c, 2000, 2026);
    rotas_county_free(c);
}

/* Seeds change the shape of the county, not only the numbers. */
static void test_varied(void **state)
{
    (void)state;
    int n_clusters[8], n_tp[8], n_groups[8], max_cluster[8];
    for (int k = 0; k < 8; k++) {
        rotas_county *c = make(120, (unsigned long)k + 1, 0);
        n_clusters[k] = (int)c->n_clusters;
        n_groups[k] = (int)c->n_groups;
        n_tp[k] = 0;
        max_cluster[k] = 0;
        for (size_t s = 0; s < c->n_schools; s++)
            n_tp[k] += c->schools[s].kind == ROTAS_KIND_TEACHING_POINT;
        for (size_t cl = 0; cl < c->n_clusters; cl++) {
            int m = 0;
            for (size_t s = 0; s < c->n_schools; s++)
                m += c->schools[s].cluster == (int)cl;
            if (m > max_cluster[k])
                max_cluster[k] = m;
        }
        rotas_county_free(c);
    }
    int lo_c = n_clusters[0], hi_c = n_clusters[0], lo_t = n_tp[0], hi_t = n_tp[0];
    int lo_g = n_groups[0], hi_g = n_groups[0], lo_m = max_cluster[0], hi_m = max_cluster[0];
    for (int k = 1; k < 8; k++) {
        lo_c = n_clusters[k] < lo_c ? n_clusters[k] : lo_c;
        hi_c = n_clusters[k] > hi_c ? n_clusters[k] : hi_c;
        lo_t = n_tp[k] < lo_t ? n_tp[k] : lo_t;
        hi_t = n_tp[k] > hi_t ? n_tp[k] : hi_t;
        lo_g = n_groups[k] < lo_g ? n_groups[k] : lo_g;
        hi_g = n_groups[k] > hi_g ? n_groups[k] : hi_g;
        lo_m = max_cluster[k] < lo_m ? max_cluster[k] : lo_m;
        hi_m = max_cluster[k] > hi_m ? max_cluster[k] : hi_m;
    }
    assert_true(hi_c - lo_c >= 3);
    assert_true(10 * hi_t >= 16 * lo_t);
    assert_true(hi_g > lo_g);
    assert_true(hi_m > lo_m);

    rotas_county *a = make(30, 1, 0), *b = make(30, 2, 0);
    assert_true(a->n_teachers != b->n_teachers || a->n_classes != b->n_classes ||
                a->schools[0].lat != b->schools[0].lat);
    rotas_county_free(a);
    rotas_county_free(b);
}

static void test_bad_options(void **state)
{
    (void)state;
    rotas_county *c = (rotas_county *)1;
    rotas_error err = {0};
    rotas_gen_options o = {4, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(rotas_gen_county(&c, &o, &err), ROTAS_EINPUT);
    assert_null(c);
    assert_non_null(strstr(err.msg, "schools"));
    assert_non_null(strstr(err.msg, "found 4"));
    rotas_error_clear(&err);
    o.schools = 2001;
    assert_int_equal(rotas_gen_county(&c, &o, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "2001"));
    rotas_error_clear(&err);
    o.schools = 50;
    o.year = 1800;
    assert_int_equal(rotas_gen_county(&c, &o, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "year"));
    assert_null(c);
    assert_int_equal(rotas_gen_county(&c, NULL, NULL), ROTAS_EINPUT);
}

/* --rooms: the same county plus rooms at every school but teaching points, music, art, it and
   pe needing them; a cluster's timetable keeps to them (the checker says so) and every lesson
   of those subjects at a school with such rooms names one. */
static void test_rooms(void **state)
{
    (void)state;
    rotas_gen_options o = {40, 5, 0, 0, 0, 0, 0, 0, 0, 0};
    rotas_error err = {0};
    rotas_county *plain = NULL, *c = NULL;
    assert_int_equal(rotas_gen_county(&plain, &o, &err), ROTAS_OK);
    o.rooms = 1;
    assert_int_equal(rotas_gen_county(&c, &o, &err), ROTAS_OK);
    assert_int_equal(c->n_teachers, plain->n_teachers);
    assert_int_equal(c->n_classes, plain->n_classes);
    size_t rooms = 0;
    for (size_t s = 0; s < c->n_schools; s++) {
        const rotas_school *sc = &c->schools[s];
        assert_int_equal(plain->schools[s].n_rooms, 0);
        rooms += sc->n_rooms;
        if (sc->kind == ROTAS_KIND_TEACHING_POINT)
            assert_int_equal(sc->n_rooms, 0);
        else
            assert_true(rotas_school_room_capacity(sc, "playground") >= 1);
    }
    assert_true(rooms > 0);
    assert_string_equal(c->subjects[rotas_county_subject(c, "music")].room_kind, "music");
    assert_string_equal(c->subjects[rotas_county_subject(c, "it")].room_kind, "computer");
    assert_null(c->subjects[rotas_county_subject(c, "chinese")].room_kind);
    rotas_policy p;
    rotas_policy_default(&p);
    p.time_limit_seconds = 2;
    rotas_timetable *tt = NULL;
    rotas_timetable_options to = {.seed = 1};
    assert_int_equal(rotas_timetable_make(&tt, c, 0, &p, &to, &err), ROTAS_OK);
    rotas_diags d = {0};
    size_t v = rotas_check_timetable(c, &p, tt, &d);
    for (size_t i = 0; i < d.n_items; i++)
        printf("check: %s\n", d.items[i]);
    rotas_diags_clear(&d);
    assert_int_equal(v, 0);
    size_t in_rooms = 0;
    for (size_t i = 0; i < tt->n_lessons; i++)
        in_rooms += tt->lessons[i].room > 0;
    printf("  cluster %s: %zu lessons, %zu in shared rooms, %zu rooms in the county\n",
           c->clusters[0].id, tt->n_lessons, in_rooms, rooms);
    assert_true(in_rooms > 0);
    rotas_timetable_free(tt);
    rotas_county_free(c);
    rotas_county_free(plain);
}

/* datasets/curriculum-2022.csv holds the rows every generated county embeds. */
static void test_curriculum_csv(void **state)
{
    (void)state;
    FILE *f = fopen(ROTAS_SOURCE_DIR "/datasets/curriculum-2022.csv", "r");
    assert_non_null(f);
    rotas_county *c = make(10, 1, 0);
    char line[256];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "grade,subject,periods\n");
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        int grade, periods;
        char sub[64];
        assert_int_equal(sscanf(line, "%d,%63[^,],%d", &grade, sub, &periods), 3);
        assert_true(n < c->n_curriculum);
        const rotas_curriculum_row *r = &c->curriculum[n++];
        assert_int_equal(grade, r->grade);
        assert_string_equal(sub, c->subjects[r->subject].id);
        assert_int_equal(periods, r->periods);
    }
    assert_int_equal(n, c->n_curriculum);
    fclose(f);
    rotas_county_free(c);
}

/* ---- everyday constraints ---- */

static rotas_county *make_everyday(int schools, unsigned long seed)
{
    rotas_gen_options o = {schools, seed, 0, 1, 0, 0, 0, 0, 0, 0};
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_rc rc = rotas_gen_county(&c, &o, &err);
    if (rc != ROTAS_OK)
        fprintf(stderr, "gen --constraints %d/%lu: %s\n", schools, seed, err.msg);
    assert_int_equal(rc, ROTAS_OK);
    return c;
}

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
    free(c->subject_rules);
    c->subject_rules = NULL;
    c->n_subject_rules = 0;
    free(c->fixed_lessons);
    c->fixed_lessons = NULL;
    c->n_fixed_lessons = 0;
    for (size_t i = 0; i < c->n_decisions; i++)
        free(c->decisions[i].reason);
    free(c->decisions);
    c->decisions = NULL;
    c->n_decisions = 0;
}

/* Without --constraints (with --programmes) the generator writes the demo county byte for byte. */
static void test_datasets_unchanged(void **state)
{
    (void)state;
    rotas_county *c = make(30, 2027, 2026);
    assert_int_equal(rotas_gen_programmes(c, 2027, NULL), ROTAS_OK);
    char *text = rotas_county_dump_json(c);
    FILE *f = fopen(ROTAS_SOURCE_DIR "/datasets/demo-county.json", "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *file = malloc((size_t)n + 1);
    assert_non_null(file);
    assert_int_equal(fread(file, 1, (size_t)n, f), (size_t)n);
    file[n] = '\0';
    fclose(f);
    assert_int_equal(strlen(text) + 1, (size_t)n);
    assert_memory_equal(text, file, strlen(text));
    free(file);
    free(text);
    rotas_county_free(c);
}

static void test_constraints(void **state)
{
    (void)state;
    static const struct {
        int schools;
        unsigned long seed;
    } cases[] = {{5, 1}, {40, 9}, {120, 7}, {300, 2027}};
    int research_days = 0;
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
        rotas_county *c = make_everyday(cases[ci].schools, cases[ci].seed);
        rotas_county *plain = make(cases[ci].schools, cases[ci].seed, 0);
        /* it validates and round-trips */
        char *a = rotas_county_dump_json(c);
        rotas_county *back = NULL;
        rotas_diags d = {0};
        rotas_error err = {0};
        rotas_rc rc = rotas_county_read_json_buffer(&back, a, strlen(a), "gen", &d, &err);
        for (size_t i = 0; i < d.n_items && i < 10; i++)
            fprintf(stderr, "  %s\n", d.items[i]);
        assert_int_equal(rc, ROTAS_OK);
        char *b = rotas_county_dump_json(back);
        assert_string_equal(a, b);
        free(a);
        free(b);
        rotas_county_free(back);
        rotas_diags_clear(&d);
        /* what it holds */
        assert_int_equal(c->n_subject_rules, 3);
        int principals_met = 1, any_research = 0, middle = 0, hardship = 0, part = 0, flag = 0;
        unsigned days = 0;
        for (size_t t = 0; t < c->n_teachers; t++) {
            const rotas_teacher *x = &c->teachers[t];
            int monday = 0;
            for (size_t k = 0; k < x->n_unavailable; k++) {
                monday |= x->unavailable[k].day == 0 && x->unavailable[k].start == 14 * 60;
                if (x->unavailable[k].reason && strstr(x->unavailable[k].reason, "教研")) {
                    any_research = 1;
                    days |= 1u << x->unavailable[k].day;
                }
            }
            if (x->role == ROTAS_ROLE_PRINCIPAL && !monday)
                principals_met = 0;
            middle += x->middle_leader;
            hardship += x->hardship_years > 0;
            part += x->max_days > 0;
            assert_true(x->max_days == 0 || x->max_days == 3 || x->max_days == 4);
        }
        for (size_t k = 0; k < c->n_classes; k++)
            flag += c->classes[k].n_unavailable;
        assert_true(principals_met);
        assert_true(any_research);
        assert_true(hardship > 0);
        assert_true(part > 0);
        assert_true(flag > 0);
        if (cases[ci].schools >= 40) {
            assert_true(middle > 0);
            assert_true(c->n_fixed_lessons >= 1);
        }
        int kinds[ROTAS_DECISION_COUNT] = {0};
        for (size_t i = 0; i < c->n_decisions; i++)
            kinds[c->decisions[i].kind]++;
        if (cases[ci].schools >= 40) {
            assert_true(kinds[ROTAS_DECISION_MOVE] >= 1 && kinds[ROTAS_DECISION_MOVE] <= 2);
            assert_true(kinds[ROTAS_DECISION_STAY] >= 1 && kinds[ROTAS_DECISION_STAY] <= 2);
            assert_int_equal(kinds[ROTAS_DECISION_RECEIVE_KEY], 1);
            assert_int_equal(kinds[ROTAS_DECISION_TOGETHER], 1);
        }
        research_days += days != 0;
        /* the rest of the county is the county made without constraints */
        strip_everyday(c);
        a = rotas_county_dump_json(c);
        b = rotas_county_dump_json(plain);
        assert_string_equal(a, b);
        free(a);
        free(b);
        rotas_county_free(c);
        rotas_county_free(plain);
    }
    assert_true(research_days > 0);
    /* the research days vary with the seed */
    unsigned seen = 0;
    for (unsigned long seed = 1; seed <= 6; seed++) {
        rotas_county *c = make_everyday(20, seed);
        for (size_t t = 0; t < c->n_teachers; t++)
            if (c->teachers[t].n_subjects &&
                c->teachers[t].subjects[0] == rotas_county_subject(c, "english"))
                for (size_t k = 0; k < c->teachers[t].n_unavailable; k++)
                    seen |= 1u << c->teachers[t].unavailable[k].day;
        rotas_county_free(c);
    }
    assert_true(__builtin_popcount(seen) >= 2);
}

/* ---- what real counties have: coverage, quotas, covered townships, class teachers ---- */

static rotas_county *make_opt(int schools, unsigned long seed, const rotas_gen_options *base)
{
    rotas_gen_options o = *base;
    o.schools = schools;
    o.seed = seed;
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_rc rc = rotas_gen_county(&c, &o, &err);
    if (rc != ROTAS_OK)
        fprintf(stderr, "gen %d/%lu: %s\n", schools, seed, err.msg);
    assert_int_equal(rc, ROTAS_OK);
    return c;
}

/* The max-flow shortage (rotas_shortage_compute, default policy: a teacher gives max_periods,
   else 16, to its subjects in any split; non-shortage subjects at its school, shortage
   subjects anywhere in its school's cluster). Per cluster in by_cluster (clusters share no
   teacher, so each cluster's figure is exact), per school in by_school (NULL-able; exact for
   schools outside clusters); returns the county's total, *need the periods needed. */
static long shortage(const rotas_county *c, long *need, long *by_cluster, long *by_school)
{
    size_t ns = c->n_schools, nsub = c->n_subjects;
    double *dem = calloc(ns * nsub + 1, sizeof *dem), *un = calloc(ns * nsub + 1, sizeof *un);
    double total = 0.0;
    rotas_policy p;
    rotas_policy_default(&p);
    assert_true(dem && un);
    rotas_shortage_demand(dem, c);
    assert_int_equal(rotas_shortage_compute(un, &total, c, &p, NULL, NULL), ROTAS_OK);
    long needed = 0;
    for (size_t x = 0; x < ns; x++) {
        long u = 0;
        for (size_t s = 0; s < nsub; s++) {
            needed += (long)llround(dem[x * nsub + s]);
            u += (long)llround(un[x * nsub + s]);
        }
        int k = c->schools[x].cluster;
        if (by_cluster && k >= 0)
            by_cluster[k] += u;
        if (by_school)
            by_school[x] = u;
    }
    free(dem);
    free(un);
    *need = needed;
    return (long)llround(total);
}

static size_t staff_of(const rotas_county *c, int s)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n_teachers; i++)
        n += c->teachers[i].school == s;
    return n;
}

static size_t over_quota(const rotas_county *c)
{
    size_t n = 0;
    for (size_t s = 0; s < c->n_schools; s++)
        n += (size_t)c->schools[s].staff_quota < staff_of(c, (int)s);
    return n;
}

/* Default counties leave a realistic few percent uncovered, and a lower coverage target more. */
static void test_coverage(void **state)
{
    (void)state;
    static const int sizes[] = {30, 120, 400};
    rotas_gen_options o;
    memset(&o, 0, sizeof o);
    for (size_t i = 0; i < 3; i++)
        for (unsigned long seed = 1; seed <= 4; seed++) {
            rotas_county *c = make_opt(sizes[i], seed, &o);
            long need, u = shortage(c, &need, NULL, NULL);
            double share = (double)u / (double)need;
            if (share < 0.01 || share > 0.09)
                fprintf(stderr, "gen %d/%lu: %.3f uncovered\n", sizes[i], seed, share);
            assert_true(share >= 0.01 && share <= 0.09);
            rotas_county_free(c);
        }
    o.coverage = 0.85;
    rotas_county *lo = make_opt(120, 7, &o);
    o.coverage = 1.0;
    rotas_county *hi = make_opt(120, 7, &o);
    long n1, n2, u1 = shortage(lo, &n1, NULL, NULL), u2 = shortage(hi, &n2, NULL, NULL);
    assert_true((double)u1 / n1 >= 0.1);
    assert_true((double)u2 / n2 <= 0.02);
    rotas_county_free(lo);
    rotas_county_free(hi);
}

/* --covered-townships: every lesson of the cluster and of its junior middle has a teacher. */
static void test_covered_townships(void **state)
{
    (void)state;
    rotas_gen_options o;
    memset(&o, 0, sizeof o);
    o.covered_townships = 3;
    for (unsigned long seed = 1; seed <= 3; seed++) {
        rotas_county *c = make_opt(120, seed, &o);
        long *by_cluster = calloc(c->n_clusters, sizeof *by_cluster);
        long *by_school = calloc(c->n_schools, sizeof *by_school);
        assert_true(by_cluster && by_school);
        long need;
        shortage(c, &need, by_cluster, by_school);
        size_t zero = 0;
        for (size_t k = 0; k < c->n_clusters; k++) {
            if (by_cluster[k] != 0)
                continue;
            /* the township's junior middle (outside the cluster, named after the township) */
            const char *cn = c->clusters[k].name;
            size_t len = strlen(cn) - strlen("片区");
            int junior_ok = 1;
            for (size_t s = 0; s < c->n_schools; s++)
                if (c->schools[s].cluster < 0 && strncmp(c->schools[s].name, cn, len) == 0 &&
                    c->schools[s].kind == ROTAS_KIND_JUNIOR)
                    junior_ok &= by_school[s] == 0;
            zero += junior_ok;
        }
        assert_true(zero >= 3);
        free(by_cluster);
        free(by_school);
        rotas_county_free(c);
    }
    /* none pinned: at least one cluster short in a county of 120 */
    o.covered_townships = ROTAS_GEN_NONE;
    rotas_county *c = make_opt(120, 1, &o);
    long *by_cluster = calloc(c->n_clusters, sizeof *by_cluster), need;
    shortage(c, &need, by_cluster, NULL);
    size_t short_clusters = 0;
    for (size_t k = 0; k < c->n_clusters; k++)
        short_clusters += by_cluster[k] > 0;
    assert_true(short_clusters >= c->n_clusters / 2);
    free(by_cluster);
    rotas_county_free(c);
}

/* --over-quota: a share of schools has staff_quota below its teacher count; an option changes
   only what it names. */
static void test_over_quota(void **state)
{
    (void)state;
    rotas_gen_options o;
    memset(&o, 0, sizeof o);
    for (unsigned long seed = 1; seed <= 4; seed++) {
        rotas_county *c = make_opt(120, seed, &o);
        size_t n = over_quota(c);
        assert_true(n >= 12 && n <= 36); /* drawn 15-25% */
        rotas_county_free(c);
    }
    o.over_quota = 1.0 / 3.0;
    rotas_county *third = make_opt(120, 5, &o);
    assert_true(3 * over_quota(third) >= third->n_schools);
    o.over_quota = 0.6;
    rotas_county *more = make_opt(120, 5, &o);
    assert_true(over_quota(more) >= 0.6 * (double)more->n_schools - 1e-9);
    o.over_quota = ROTAS_GEN_NONE;
    rotas_county *none = make_opt(120, 5, &o);
    assert_int_equal(over_quota(none), 0);
    /* the same county otherwise */
    assert_int_equal(third->n_teachers, none->n_teachers);
    for (size_t i = 0; i < third->n_teachers; i++)
        assert_string_equal(third->teachers[i].name, none->teachers[i].name);
    rotas_county_free(third);
    rotas_county_free(more);
    rotas_county_free(none);
    /* bad values */
    rotas_error err = {0};
    rotas_county *c = NULL;
    o.schools = 50;
    o.seed = 1;
    o.over_quota = 1.5;
    assert_int_equal(rotas_gen_county(&c, &o, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "over_quota"));
    rotas_error_clear(&err);
    o.over_quota = 0;
    o.coverage = 0.3;
    assert_int_equal(rotas_gen_county(&c, &o, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "coverage"));
    assert_null(c);
}

static int lists(const rotas_county *c, const rotas_teacher *t, const char *const *subs, size_t n)
{
    if (t->n_subjects < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (t->subjects[i] != rotas_county_subject(c, subs[i]))
            return 0;
    return 1;
}

/* Multi-subject class teachers, one-teacher points, leaders due together, own max_periods. */
static void test_real_staff(void **state)
{
    (void)state;
    rotas_gen_options o;
    memset(&o, 0, sizeof o);
    static const char *const chi[] = {"chinese", "morality", "labour"};
    static const char *const mat[] = {"math", "science"};
    static const char *const mus[] = {"music", "art"};
    static const char *const pe[] = {"pe", "psychology"};
    size_t together = 0;
    for (unsigned long seed = 1; seed <= 4; seed++) {
        rotas_county *c = make_opt(120, seed, &o);
        size_t n_chi = 0, n_mat = 0, n_mus = 0, n_pe = 0, own_max = 0, one_points = 0;
        for (size_t i = 0; i < c->n_teachers; i++) {
            const rotas_teacher *t = &c->teachers[i];
            n_chi += lists(c, t, chi, 3);
            n_mat += lists(c, t, mat, 2);
            n_mus += lists(c, t, mus, 2);
            n_pe += lists(c, t, pe, 2);
            own_max += t->role == ROTAS_ROLE_TEACHER && t->max_periods > 0;
        }
        assert_true(n_chi >= 10 && n_mat >= 10 && n_mus >= 1 && n_pe >= 1);
        assert_true(own_max >= c->n_teachers / 50);
        for (size_t s = 0; s < c->n_schools; s++) {
            const rotas_school *sc = &c->schools[s];
            if (sc->kind == ROTAS_KIND_TEACHING_POINT && staff_of(c, (int)s) == 1) {
                assert_true(sc->n_classes >= 1 && sc->n_classes <= 2);
                int multi = 0;
                for (size_t k = 0; k < sc->n_classes; k++)
                    multi |= c->classes[sc->first_class + k].n_grades >= 2;
                one_points += multi; /* a point kept by one teacher, multi-grade */
            }
            /* all of a school's leaders (2 or more) 10+ years in post */
            size_t leaders = 0, due = 0;
            for (size_t i = 0; i < c->n_teachers; i++) {
                const rotas_teacher *t = &c->teachers[i];
                if (t->school != (int)s || t->role == ROTAS_ROLE_TEACHER)
                    continue;
                leaders++;
                due += c->year - t->post_since >= 10;
            }
            together += leaders >= 2 && due == leaders;
        }
        assert_true(one_points >= 1);
        rotas_county_free(c);
    }
    assert_true(together >= 2);
    /* the share options move what they name */
    o.multi_subject = ROTAS_GEN_NONE;
    o.one_teacher = 1.0;
    rotas_county *c = make_opt(120, 3, &o);
    size_t multi = 0;
    for (size_t i = 0; i < c->n_teachers; i++)
        multi += lists(c, &c->teachers[i], chi, 3);
    for (size_t s = 0; s < c->n_schools; s++)
        if (c->schools[s].kind == ROTAS_KIND_TEACHING_POINT)
            assert_int_equal(staff_of(c, (int)s), 1);
    rotas_county_free(c);
    o.multi_subject = 0.9;
    o.one_teacher = ROTAS_GEN_NONE;
    c = make_opt(120, 3, &o);
    size_t multi_hi = 0;
    for (size_t i = 0; i < c->n_teachers; i++)
        multi_hi += lists(c, &c->teachers[i], chi, 3);
    for (size_t s = 0; s < c->n_schools; s++)
        if (c->schools[s].kind == ROTAS_KIND_TEACHING_POINT)
            assert_true(staff_of(c, (int)s) >= 2);
    assert_true(multi_hi > 3 * multi);
    rotas_county_free(c);
}

/* Every class's weekly periods are the 2022 loads: 26, 30, 34 for a single-grade class. */
static void test_weekly_loads(void **state)
{
    (void)state;
    rotas_county *c = make(120, 2, 0);
    for (size_t k = 0; k < c->n_classes; k++) {
        const rotas_class *cl = &c->classes[k];
        if (cl->n_grades != 1)
            continue;
        int g = cl->grades[0], total = 0;
        for (size_t s = 0; s < c->n_subjects; s++)
            total += rotas_class_periods(c, cl, (int)s);
        assert_int_equal(total, g <= 2 ? 26 : g <= 6 ? 30 : 34);
    }
    rotas_county_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_invariants),
        cmocka_unit_test(test_year),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_varied),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_curriculum_csv),
        cmocka_unit_test(test_datasets_unchanged),
        cmocka_unit_test(test_constraints),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_covered_townships),
        cmocka_unit_test(test_over_quota),
        cmocka_unit_test(test_real_staff),
        cmocka_unit_test(test_weekly_loads),
        cmocka_unit_test(test_rooms),
    };
    return cmocka_run_group_tests_name("gen", tests, NULL, NULL);
}
