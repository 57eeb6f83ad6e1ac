/* county.c - the in-memory county model: life cycle, id index, derived tables. */
#include "i18n_int.h"
#include "rotas/county.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap_int.h"

struct rotas_index {
    rotas_strmap schools, subjects, teachers, clusters;
    rotas_strmap *classes; /* one map per school */
    size_t n_class_maps;
};

const rotas_bell_period rotas_default_bell[] = {
    {8 * 60, 8 * 60 + 40},        {8 * 60 + 50, 9 * 60 + 30}, {10 * 60, 10 * 60 + 40},
    {10 * 60 + 50, 11 * 60 + 30}, {14 * 60, 14 * 60 + 40},    {14 * 60 + 50, 15 * 60 + 30},
    {15 * 60 + 40, 16 * 60 + 20},
};
const size_t rotas_default_bell_len = sizeof rotas_default_bell / sizeof rotas_default_bell[0];

char *rotas_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

rotas_county *rotas_county_new(void)
{
    return calloc(1, sizeof(rotas_county));
}

static void index_free(struct rotas_index *ix)
{
    if (!ix)
        return;
    rotas_strmap_free(&ix->schools);
    rotas_strmap_free(&ix->subjects);
    rotas_strmap_free(&ix->teachers);
    rotas_strmap_free(&ix->clusters);
    for (size_t i = 0; i < ix->n_class_maps; i++)
        rotas_strmap_free(&ix->classes[i]);
    free(ix->classes);
    free(ix);
}

void rotas_county_free(rotas_county *c)
{
    if (!c)
        return;
    free(c->name);
    for (size_t i = 0; i < c->n_subjects; i++) {
        free(c->subjects[i].id);
        free(c->subjects[i].name);
        free(c->subjects[i].extra);
        free(c->subjects[i].room_kind);
    }
    free(c->subjects);
    for (size_t i = 0; i < c->n_clusters; i++) {
        free(c->clusters[i].id);
        free(c->clusters[i].name);
        free(c->clusters[i].extra);
    }
    free(c->clusters);
    for (size_t i = 0; i < c->n_groups; i++) {
        free(c->groups[i].id);
        free(c->groups[i].extra);
    }
    free(c->groups);
    for (size_t i = 0; i < c->n_schools; i++) {
        free(c->schools[i].id);
        free(c->schools[i].name);
        free(c->schools[i].bell);
        for (size_t r = 0; r < c->schools[i].n_rooms; r++) {
            free(c->schools[i].rooms[r].id);
            free(c->schools[i].rooms[r].name);
            free(c->schools[i].rooms[r].kind);
            free(c->schools[i].rooms[r].extra);
        }
        free(c->schools[i].rooms);
        free(c->schools[i].extra);
    }
    free(c->schools);
    for (size_t i = 0; i < c->n_classes; i++) {
        free(c->classes[i].id);
        free(c->classes[i].extra);
        for (size_t k = 0; k < c->classes[i].n_unavailable; k++)
            free(c->classes[i].unavailable[k].reason);
        free(c->classes[i].unavailable);
    }
    free(c->classes);
    for (size_t i = 0; i < c->n_travel; i++)
        free(c->travel[i].extra);
    free(c->travel);
    for (size_t i = 0; i < c->n_curriculum; i++)
        free(c->curriculum[i].extra);
    free(c->curriculum);
    for (size_t i = 0; i < c->n_teachers; i++) {
        rotas_teacher *t = &c->teachers[i];
        free(t->id);
        free(t->name);
        free(t->subjects);
        free(t->title);
        free(t->degree);
        free(t->exempt);
        free(t->preferences);
        free(t->extra);
        for (size_t k = 0; k < t->n_unavailable; k++)
            free(t->unavailable[k].reason);
        free(t->unavailable);
    }
    free(c->teachers);
    for (size_t i = 0; i < c->n_subject_rules; i++)
        free(c->subject_rules[i].extra);
    free(c->subject_rules);
    for (size_t i = 0; i < c->n_fixed_lessons; i++)
        free(c->fixed_lessons[i].extra);
    free(c->fixed_lessons);
    for (size_t i = 0; i < c->n_decisions; i++) {
        free(c->decisions[i].reason);
        free(c->decisions[i].extra);
    }
    free(c->decisions);
    free(c->extra);
    free(c->km);
    free(c->minutes);
    free(c->estimated);
    free(c->periods);
    index_free(c->index);
    free(c);
}

static double haversine_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0, rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * atan2(sqrt(a), sqrt(1 - a));
}

static rotas_rc build_map(rotas_strmap *m, const char *what, size_t n, const void *base,
                          size_t stride, rotas_error *err)
{
    if (rotas_strmap_init(m, n) != 0)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    for (size_t i = 0; i < n; i++) {
        const char *id = *(char *const *)((const char *)base + i * stride);
        if (!id)
            continue;
        int r = rotas_strmap_put(m, id, (int)i);
        if (r == 1)
            return rotas_error_set(err, ROTAS_EINPUT, _("duplicate %s id \"%s\""), what, id);
        if (r < 0)
            return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    }
    return ROTAS_OK;
}

rotas_rc rotas_county_finalize(rotas_county *c, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    size_t n = c->n_schools;

    index_free(c->index);
    c->index = calloc(1, sizeof *c->index);
    if (!c->index)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    struct rotas_index *ix = c->index;
    if ((rc = build_map(&ix->schools, "school", n, c->schools, sizeof *c->schools, err)) ||
        (rc = build_map(&ix->subjects, "subject", c->n_subjects, c->subjects, sizeof *c->subjects,
                        err)) ||
        (rc = build_map(&ix->teachers, "teacher", c->n_teachers, c->teachers, sizeof *c->teachers,
                        err)) ||
        (rc = build_map(&ix->clusters, "cluster", c->n_clusters, c->clusters, sizeof *c->clusters,
                        err)))
        return rc;

    for (size_t i = 0; i < c->n_subjects; i++)
        if (c->subjects[i].category == ROTAS_CATEGORY_DEFAULT)
            c->subjects[i].category =
                rotas_subject_category_default(c->subjects[i].id, c->subjects[i].name);

    /* Class ranges: classes are stored grouped by school. */
    for (size_t s = 0; s < n; s++) {
        c->schools[s].first_class = 0;
        c->schools[s].n_classes = 0;
    }
    for (size_t k = 0; k < c->n_classes; k++) {
        int s = c->classes[k].school;
        if (s < 0 || (size_t)s >= n)
            return rotas_error_set(err, ROTAS_EINPUT, _("class \"%s\" has no school"),
                                   c->classes[k].id ? c->classes[k].id : "?");
        if (k > 0 && c->classes[k - 1].school > s)
            return rotas_error_set(err, ROTAS_ERR, _("classes are not grouped by school"));
        if (c->schools[s].n_classes == 0)
            c->schools[s].first_class = k;
        c->schools[s].n_classes++;
    }
    ix->classes = calloc(n ? n : 1, sizeof *ix->classes);
    if (!ix->classes)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    ix->n_class_maps = n;
    for (size_t s = 0; s < n; s++) {
        rotas_school *sc = &c->schools[s];
        if (rotas_strmap_init(&ix->classes[s], sc->n_classes) != 0)
            return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        for (size_t k = 0; k < sc->n_classes; k++) {
            const rotas_class *cl = &c->classes[sc->first_class + k];
            int r =
                rotas_strmap_put(&ix->classes[s], cl->id ? cl->id : "", (int)(sc->first_class + k));
            if (r == 1)
                return rotas_error_set(err, ROTAS_EINPUT,
                                       _("duplicate class id \"%s\" in school \"%s\""), cl->id,
                                       sc->id);
            if (r < 0)
                return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        }
    }

    /* Travel matrix. */
    free(c->km);
    free(c->minutes);
    free(c->estimated);
    size_t nn = n * n;
    c->km = calloc(nn ? nn : 1, sizeof *c->km);
    c->minutes = calloc(nn ? nn : 1, sizeof *c->minutes);
    c->estimated = calloc(nn ? nn : 1, 1);
    if (!c->km || !c->minutes || !c->estimated)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    unsigned char *known = calloc(nn ? nn : 1, 1);
    if (!known)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    for (size_t i = 0; i < c->n_travel; i++) {
        const rotas_travel *t = &c->travel[i];
        if (t->from < 0 || t->to < 0 || (size_t)t->from >= n || (size_t)t->to >= n)
            continue;
        size_t ab = (size_t)t->from * n + (size_t)t->to, ba = (size_t)t->to * n + (size_t)t->from;
        c->km[ab] = c->km[ba] = t->km;
        c->minutes[ab] = c->minutes[ba] = t->minutes;
        known[ab] = known[ba] = 1;
    }
    c->n_estimated_pairs = 0;
    for (size_t a = 0; a < n; a++) {
        for (size_t b = a + 1; b < n; b++) {
            if (known[a * n + b])
                continue;
            double km = 1.3 * haversine_km(c->schools[a].lat, c->schools[a].lon, c->schools[b].lat,
                                           c->schools[b].lon);
            double min = km / 30.0 * 60.0;
            c->km[a * n + b] = c->km[b * n + a] = km;
            c->minutes[a * n + b] = c->minutes[b * n + a] = min;
            c->estimated[a * n + b] = c->estimated[b * n + a] = 1;
            c->n_estimated_pairs++;
        }
    }
    free(known);

    /* Curriculum table. */
    free(c->periods);
    size_t np = (size_t)(ROTAS_MAX_GRADE + 1) * (c->n_subjects ? c->n_subjects : 1);
    c->periods = calloc(np, sizeof *c->periods);
    if (!c->periods)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    for (size_t i = 0; i < c->n_curriculum; i++) {
        const rotas_curriculum_row *r = &c->curriculum[i];
        if (r->grade < 1 || r->grade > ROTAS_MAX_GRADE || r->subject < 0 ||
            (size_t)r->subject >= c->n_subjects)
            continue;
        c->periods[(size_t)r->grade * c->n_subjects + (size_t)r->subject] = r->periods;
    }
    return ROTAS_OK;
}

static int lookup(const rotas_county *c, const rotas_strmap *m, const char *id)
{
    if (!c || !c->index || !id)
        return -1;
    return rotas_strmap_get(m, id);
}

int rotas_county_school(const rotas_county *c, const char *id)
{
    return c && c->index ? lookup(c, &c->index->schools, id) : -1;
}
int rotas_county_subject(const rotas_county *c, const char *id)
{
    return c && c->index ? lookup(c, &c->index->subjects, id) : -1;
}
int rotas_county_teacher(const rotas_county *c, const char *id)
{
    return c && c->index ? lookup(c, &c->index->teachers, id) : -1;
}
int rotas_county_cluster(const rotas_county *c, const char *id)
{
    return c && c->index ? lookup(c, &c->index->clusters, id) : -1;
}
int rotas_county_class(const rotas_county *c, int school, const char *class_id)
{
    if (!c || !c->index || school < 0 || (size_t)school >= c->index->n_class_maps)
        return -1;
    return lookup(c, &c->index->classes[school], class_id);
}

int rotas_class_periods(const rotas_county *c, const rotas_class *k, int s)
{
    int best = 0;
    if (s < 0 || (size_t)s >= c->n_subjects || !c->periods)
        return 0;
    for (size_t g = 0; g < k->n_grades; g++) {
        int gr = k->grades[g];
        if (gr < 1 || gr > ROTAS_MAX_GRADE)
            continue;
        int p = c->periods[(size_t)gr * c->n_subjects + (size_t)s];
        if (p > best)
            best = p;
    }
    return best;
}

double rotas_county_km(const rotas_county *c, int a, int b)
{
    if (a == b)
        return 0.0;
    return c->km[(size_t)a * c->n_schools + (size_t)b];
}

double rotas_county_minutes(const rotas_county *c, int a, int b)
{
    if (a == b)
        return 0.0;
    return c->minutes[(size_t)a * c->n_schools + (size_t)b];
}

rotas_stage rotas_school_stage(const rotas_county *c, const rotas_school *s)
{
    switch (s->kind) {
    case ROTAS_KIND_URBAN_JUNIOR:
    case ROTAS_KIND_JUNIOR:
        return ROTAS_STAGE_JUNIOR;
    case ROTAS_KIND_NINE_YEAR: {
        long junior = 0, all = 0;
        for (size_t k = 0; k < s->n_classes; k++) {
            const rotas_class *cl = &c->classes[s->first_class + k];
            all += cl->students;
            if (cl->n_grades > 0 && cl->grades[0] >= 7)
                junior += cl->students;
        }
        return 2 * junior > all ? ROTAS_STAGE_JUNIOR : ROTAS_STAGE_PRIMARY;
    }
    default:
        return ROTAS_STAGE_PRIMARY;
    }
}

int rotas_stage_max_class_size(rotas_stage st)
{
    return st == ROTAS_STAGE_JUNIOR ? 50 : 45;
}

int rotas_degree_above_requirement(int degree_level, rotas_stage st)
{
    return st == ROTAS_STAGE_JUNIOR ? degree_level >= ROTAS_DEGREE_BACHELOR
                                    : degree_level >= ROTAS_DEGREE_COLLEGE;
}

int rotas_school_room_capacity(const rotas_school *s, const char *kind)
{
    int n = 0;
    for (size_t r = 0; s && kind && r < s->n_rooms; r++)
        if (s->rooms[r].kind && !strcmp(s->rooms[r].kind, kind))
            n += s->rooms[r].capacity;
    return n;
}

int rotas_school_room(const rotas_school *s, const char *id)
{
    for (size_t r = 0; s && id && r < s->n_rooms; r++)
        if (s->rooms[r].id && !strcmp(s->rooms[r].id, id))
            return (int)r;
    return -1;
}

const rotas_bell_period *rotas_school_bell(const rotas_school *s, size_t *n_out)
{
    if (s && s->bell && s->n_bell > 0) {
        *n_out = s->n_bell;
        return s->bell;
    }
    *n_out = rotas_default_bell_len;
    return rotas_default_bell;
}

static const char *const kind_names[ROTAS_KIND_COUNT] = {
    "urban_primary", "urban_junior",     "central_primary", "junior",
    "nine_year",     "complete_primary", "teaching_point"};
static const char *const area_names[ROTAS_AREA_COUNT] = {"urban", "town", "rural"};
static const char *const role_names[ROTAS_ROLE_COUNT] = {"teacher", "principal", "vice_principal"};
static const char *const key_names[] = {"none", "school", "county", "city", "province", "national"};

static int parse_in(const char *const *names, size_t n, const char *s)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

const char *rotas_kind_name(rotas_school_kind k)
{
    return (unsigned)k < ROTAS_KIND_COUNT ? kind_names[k] : "?";
}
int rotas_kind_parse(const char *s)
{
    return parse_in(kind_names, ROTAS_KIND_COUNT, s);
}
const char *rotas_area_name(rotas_area a)
{
    return (unsigned)a < ROTAS_AREA_COUNT ? area_names[a] : "?";
}
int rotas_area_parse(const char *s)
{
    return parse_in(area_names, ROTAS_AREA_COUNT, s);
}
const char *rotas_role_name(rotas_role r)
{
    return (unsigned)r < ROTAS_ROLE_COUNT ? role_names[r] : "?";
}
int rotas_role_parse(const char *s)
{
    return parse_in(role_names, ROTAS_ROLE_COUNT, s);
}
static const char *const decision_names[ROTAS_DECISION_COUNT] = {"move", "stay", "receive_key",
                                                                 "together"};

const char *rotas_decision_kind_name(rotas_decision_kind k)
{
    return (unsigned)k < ROTAS_DECISION_COUNT ? decision_names[k] : "?";
}
int rotas_decision_kind_parse(const char *s)
{
    return parse_in(decision_names, ROTAS_DECISION_COUNT, s);
}

const char *rotas_key_name(int level)
{
    return level >= 0 && level <= ROTAS_KEY_NATIONAL ? key_names[level] : "?";
}
int rotas_key_parse(const char *s)
{
    return parse_in(key_names, sizeof key_names / sizeof key_names[0], s);
}

static const char *const category_names[ROTAS_CATEGORY_COUNT] = {"default", "other", "main",
                                                                 "pe_arts"};

const char *rotas_subject_category_name(rotas_subject_category k)
{
    return (unsigned)k < ROTAS_CATEGORY_COUNT ? category_names[k] : "?";
}
int rotas_subject_category_parse(const char *s)
{
    int k = parse_in(category_names, ROTAS_CATEGORY_COUNT, s);
    return k == ROTAS_CATEGORY_DEFAULT ? -1 : k;
}

/* The one place that knows subjects by their ids and names: the defaults of "category". */
rotas_subject_category rotas_subject_category_default(const char *id, const char *name)
{
    static const struct {
        const char *key;
        rotas_subject_category k;
    } t[] = {{"chinese", ROTAS_CATEGORY_MAIN}, {"math", ROTAS_CATEGORY_MAIN},
             {"maths", ROTAS_CATEGORY_MAIN},   {"mathematics", ROTAS_CATEGORY_MAIN},
             {"语文", ROTAS_CATEGORY_MAIN},    {"数学", ROTAS_CATEGORY_MAIN},
             {"pe", ROTAS_CATEGORY_PE_ARTS},   {"music", ROTAS_CATEGORY_PE_ARTS},
             {"art", ROTAS_CATEGORY_PE_ARTS},  {"arts", ROTAS_CATEGORY_PE_ARTS},
             {"体育", ROTAS_CATEGORY_PE_ARTS}, {"体育与健康", ROTAS_CATEGORY_PE_ARTS},
             {"音乐", ROTAS_CATEGORY_PE_ARTS}, {"美术", ROTAS_CATEGORY_PE_ARTS},
             {"艺术", ROTAS_CATEGORY_PE_ARTS}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if ((id && !strcmp(id, t[i].key)) || (name && !strcmp(name, t[i].key)))
            return t[i].k;
    return ROTAS_CATEGORY_OTHER;
}

int rotas_degree_parse(const char *s)
{
    static const struct {
        const char *en, *zh, *zh2;
        int level;
    } t[] = {{"secondary", "中专", "高中", ROTAS_DEGREE_SECONDARY},
             {"college", "大专", "专科", ROTAS_DEGREE_COLLEGE},
             {"bachelor", "本科", "学士", ROTAS_DEGREE_BACHELOR},
             {"master", "硕士", "研究生", ROTAS_DEGREE_MASTER},
             {"doctor", "博士", "博士研究生", ROTAS_DEGREE_DOCTOR}};
    if (!s)
        return -1;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(s, t[i].en) || !strcmp(s, t[i].zh) || !strcmp(s, t[i].zh2))
            return t[i].level;
    return -1;
}
