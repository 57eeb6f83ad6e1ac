/* county_clone.c - a deep copy of a county, for what-if changes and simulation. */
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/whatif.h"

static int dup_str(char **dst, const char *src)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = rotas_strdup(src);
    return *dst ? 0 : -1;
}

static int dup_mem(void **dst, const void *src, size_t n, size_t size)
{
    *dst = NULL;
    if (!src || n == 0)
        return 0;
    *dst = malloc(n * size);
    if (!*dst)
        return -1;
    memcpy(*dst, src, n * size);
    return 0;
}

/* calloc'ed array of n records (at least one, so that a 0-length array is not NULL-confused) */
static void *arr(size_t n, size_t size)
{
    return calloc(n ? n : 1, size);
}

rotas_rc rotas_county_clone(rotas_county **out, const rotas_county *c, rotas_error *err)
{
    rotas_county *d = rotas_county_new();
    int bad = 0;
    rotas_rc rc = ROTAS_OK;
    if (!d)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    d->year = c->year;
    bad |= dup_str(&d->name, c->name);
    bad |= dup_str(&d->extra, c->extra);

    d->subjects = arr(c->n_subjects, sizeof *d->subjects);
    d->clusters = arr(c->n_clusters, sizeof *d->clusters);
    d->groups = arr(c->n_groups, sizeof *d->groups);
    d->schools = arr(c->n_schools, sizeof *d->schools);
    d->classes = arr(c->n_classes, sizeof *d->classes);
    d->travel = arr(c->n_travel, sizeof *d->travel);
    d->curriculum = arr(c->n_curriculum, sizeof *d->curriculum);
    d->teachers = arr(c->n_teachers, sizeof *d->teachers);
    if (!d->subjects || !d->clusters || !d->groups || !d->schools || !d->classes || !d->travel ||
        !d->curriculum || !d->teachers) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    /* Counts are set as each record is copied so that rotas_county_free frees what exists. */
    for (size_t i = 0; i < c->n_subjects; i++, d->n_subjects++) {
        d->subjects[i] = c->subjects[i];
        bad |= dup_str(&d->subjects[i].id, c->subjects[i].id);
        bad |= dup_str(&d->subjects[i].name, c->subjects[i].name);
        bad |= dup_str(&d->subjects[i].extra, c->subjects[i].extra);
        bad |= dup_str(&d->subjects[i].room_kind, c->subjects[i].room_kind);
    }
    for (size_t i = 0; i < c->n_clusters; i++, d->n_clusters++) {
        d->clusters[i] = c->clusters[i];
        bad |= dup_str(&d->clusters[i].id, c->clusters[i].id);
        bad |= dup_str(&d->clusters[i].name, c->clusters[i].name);
        bad |= dup_str(&d->clusters[i].extra, c->clusters[i].extra);
    }
    for (size_t i = 0; i < c->n_groups; i++, d->n_groups++) {
        d->groups[i] = c->groups[i];
        bad |= dup_str(&d->groups[i].id, c->groups[i].id);
        bad |= dup_str(&d->groups[i].extra, c->groups[i].extra);
    }
    for (size_t i = 0; i < c->n_schools; i++, d->n_schools++) {
        const rotas_school *s = &c->schools[i];
        rotas_school *t = &d->schools[i];
        *t = *s;
        bad |= dup_str(&t->id, s->id);
        bad |= dup_str(&t->name, s->name);
        bad |= dup_str(&t->extra, s->extra);
        bad |= dup_mem((void **)&t->bell, s->bell, s->n_bell, sizeof *s->bell);
        if (!t->bell)
            t->n_bell = 0;
        t->rooms = NULL;
        t->n_rooms = 0;
        if (s->n_rooms > 0 && !(t->rooms = calloc(s->n_rooms, sizeof *t->rooms)))
            bad = 1;
        for (size_t r = 0; t->rooms && r < s->n_rooms; r++, t->n_rooms++) {
            t->rooms[r] = s->rooms[r];
            bad |= dup_str(&t->rooms[r].id, s->rooms[r].id);
            bad |= dup_str(&t->rooms[r].name, s->rooms[r].name);
            bad |= dup_str(&t->rooms[r].kind, s->rooms[r].kind);
            bad |= dup_str(&t->rooms[r].extra, s->rooms[r].extra);
        }
    }
    for (size_t i = 0; i < c->n_classes; i++, d->n_classes++) {
        d->classes[i] = c->classes[i];
        bad |= dup_str(&d->classes[i].id, c->classes[i].id);
        bad |= dup_str(&d->classes[i].extra, c->classes[i].extra);
    }
    for (size_t i = 0; i < c->n_travel; i++, d->n_travel++) {
        d->travel[i] = c->travel[i];
        bad |= dup_str(&d->travel[i].extra, c->travel[i].extra);
    }
    for (size_t i = 0; i < c->n_curriculum; i++, d->n_curriculum++) {
        d->curriculum[i] = c->curriculum[i];
        bad |= dup_str(&d->curriculum[i].extra, c->curriculum[i].extra);
    }
    for (size_t i = 0; i < c->n_teachers; i++, d->n_teachers++) {
        const rotas_teacher *s = &c->teachers[i];
        rotas_teacher *t = &d->teachers[i];
        *t = *s;
        bad |= dup_str(&t->id, s->id);
        bad |= dup_str(&t->name, s->name);
        bad |= dup_str(&t->title, s->title);
        bad |= dup_str(&t->degree, s->degree);
        bad |= dup_str(&t->exempt, s->exempt);
        bad |= dup_str(&t->extra, s->extra);
        bad |= dup_mem((void **)&t->subjects, s->subjects, s->n_subjects, sizeof *s->subjects);
        if (!t->subjects)
            t->n_subjects = 0;
        bad |= dup_mem((void **)&t->preferences, s->preferences, s->n_preferences,
                       sizeof *s->preferences);
        if (!t->preferences)
            t->n_preferences = 0;
    }
    /* derived tables are rebuilt */
    d->km = NULL;
    d->minutes = NULL;
    d->estimated = NULL;
    d->periods = NULL;
    d->index = NULL;
    if (bad) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    rc = rotas_county_finalize(d, err);
done:
    if (rc != ROTAS_OK) {
        rotas_county_free(d);
        d = NULL;
    }
    *out = d;
    return rc;
}
