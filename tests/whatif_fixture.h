/* whatif_fixture.h - a tiny hand-built county shared by the what-if and simulation tests
   (two clusters, a county-town school, leaders past the post-tenure line, preferences). */
#ifndef ROTAS_TEST_WHATIF_FIXTURE_H
#define ROTAS_TEST_WHATIF_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotas/county.h"

static char *sdup(const char *s)
{
    return rotas_strdup(s);
}

static void add_class(rotas_county *c, int school, const char *id, int g1, int g2, int students)
{
    rotas_class *k = &c->classes[c->n_classes++];
    k->id = sdup(id);
    k->school = school;
    k->grades[0] = g1;
    k->n_grades = 1;
    if (g2) {
        k->grades[1] = g2;
        k->n_grades = 2;
    }
    k->students = students;
}

static void add_teacher(rotas_county *c, const char *id, int school, int subject, int key,
                        int since, int birth, rotas_role role)
{
    rotas_teacher *t = &c->teachers[c->n_teachers++];
    t->id = sdup(id);
    t->name = sdup(id);
    t->gender = c->n_teachers % 2 ? 'F' : 'M';
    t->birth_year = birth;
    t->school = school;
    t->subjects = malloc(sizeof *t->subjects);
    t->subjects[0] = subject;
    t->n_subjects = 1;
    t->role = role;
    t->school_since = since;
    t->post_since = since;
    t->key = key;
    t->degree = sdup("bachelor");
    t->degree_level = ROTAS_DEGREE_BACHELOR;
}

/* S1 central primary of C1, S2 complete primary, S3 teaching point (both in C1), S4 urban. */
static rotas_county *tiny(void)
{
    rotas_county *c = rotas_county_new();
    c->name = sdup("tiny");
    c->year = 2026;
    const char *subj[] = {"chinese", "math", "english"};
    c->subjects = calloc(3, sizeof *c->subjects);
    for (int i = 0; i < 3; i++) {
        c->subjects[i].id = sdup(subj[i]);
        c->subjects[i].name = sdup(subj[i]);
        c->subjects[i].shortage = i == 2;
    }
    c->n_subjects = 3;
    c->clusters = calloc(1, sizeof *c->clusters);
    c->clusters[0].id = sdup("C1");
    c->clusters[0].central = 0;
    c->clusters[0].declared = 1;
    c->n_clusters = 1;
    const char *sid[] = {"S1", "S2", "S3", "S4"};
    rotas_school_kind kind[] = {ROTAS_KIND_CENTRAL_PRIMARY, ROTAS_KIND_COMPLETE_PRIMARY,
                                ROTAS_KIND_TEACHING_POINT, ROTAS_KIND_URBAN_PRIMARY};
    rotas_area area[] = {ROTAS_AREA_TOWN, ROTAS_AREA_RURAL, ROTAS_AREA_RURAL, ROTAS_AREA_URBAN};
    c->schools = calloc(4, sizeof *c->schools);
    for (int i = 0; i < 4; i++) {
        rotas_school *s = &c->schools[i];
        s->id = sdup(sid[i]);
        s->name = sdup(sid[i]);
        s->kind = kind[i];
        s->area = area[i];
        s->cluster = i < 3 ? 0 : -1;
        s->group = -1;
        s->lat = 25.0 + 0.05 * i;
        s->lon = 110.0;
        s->staff_quota = 4;
    }
    c->n_schools = 4;
    c->classes = calloc(8, sizeof *c->classes);
    add_class(c, 0, "1A", 1, 0, 40);
    add_class(c, 0, "3A", 3, 0, 42);
    add_class(c, 1, "3A", 3, 0, 30);
    add_class(c, 1, "4A", 4, 0, 28);
    add_class(c, 2, "3A", 3, 4, 9);
    add_class(c, 3, "3A", 3, 0, 45);
    c->schools[0].students = 82;
    c->schools[1].students = 58;
    c->schools[2].students = 9;
    c->schools[3].students = 45;
    c->travel = calloc(3, sizeof *c->travel);
    c->travel[0] = (rotas_travel){.from = 0, .to = 1, .km = 6, .minutes = 15};
    c->travel[1] = (rotas_travel){.from = 0, .to = 2, .km = 12, .minutes = 30};
    c->travel[2] = (rotas_travel){.from = 1, .to = 2, .km = 7, .minutes = 20};
    c->n_travel = 3;
    c->curriculum = calloc(8, sizeof *c->curriculum);
    int g[] = {1, 3, 4};
    for (int i = 0; i < 3; i++) {
        c->curriculum[c->n_curriculum++] =
            (rotas_curriculum_row){.grade = g[i], .subject = 0, .periods = 8};
        c->curriculum[c->n_curriculum++] =
            (rotas_curriculum_row){.grade = g[i], .subject = 1, .periods = 5};
        if (g[i] >= 3)
            c->curriculum[c->n_curriculum++] =
                (rotas_curriculum_row){.grade = g[i], .subject = 2, .periods = 3};
    }
    c->teachers = calloc(8, sizeof *c->teachers);
    add_teacher(c, "T1", 0, 0, ROTAS_KEY_COUNTY, 2010, 1975, ROTAS_ROLE_PRINCIPAL);
    add_teacher(c, "T2", 0, 1, ROTAS_KEY_NONE, 2018, 1985, ROTAS_ROLE_TEACHER);
    add_teacher(c, "T3", 1, 0, ROTAS_KEY_NONE, 2015, 1980, ROTAS_ROLE_TEACHER);
    add_teacher(c, "T4", 1, 1, ROTAS_KEY_NONE, 2020, 1990, ROTAS_ROLE_TEACHER);
    add_teacher(c, "T5", 2, 0, ROTAS_KEY_NONE, 2012, 1970, ROTAS_ROLE_TEACHER);
    add_teacher(c, "T6", 3, 2, ROTAS_KEY_CITY, 2016, 1982, ROTAS_ROLE_TEACHER);
    add_teacher(c, "T7", 3, 0, ROTAS_KEY_NONE, 2019, 1992, ROTAS_ROLE_TEACHER);
    c->teachers[4].preferences = malloc(2 * sizeof(int));
    c->teachers[4].preferences[0] = 2;
    c->teachers[4].preferences[1] = 0;
    c->teachers[4].n_preferences = 2;
    rotas_error err = {0};
    if (rotas_county_finalize(c, &err) != ROTAS_OK) {
        fprintf(stderr, "tiny: %s\n", err.msg);
        abort();
    }
    return c;

#endif
