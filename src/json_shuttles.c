/*
 * json_shuttles.c - the shuttle data among a county's keys (pickup_points[], teachers[].home,
 * vehicles[], shuttle) and the rotas-shuttles/1 result file. The county reader keeps these keys
 * as extra; this reader validates them with their JSON paths (the county reader calls
 * rotas__shuttles_validate so that import refuses bad ones).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "json_int.h"
#include "render_int.h"
#include "researchers_int.h"
#include "rotas/researchers.h"
#include "rotas/shuttles.h"

typedef struct sv {
    rotas__locate_fn loc;
    void *ctx;
    rotas_diags *d;
    size_t n;
    int nomem;
    char first[600];
} sv;

static void bad(sv *v, const char *path, const char *what, const json_t *j)
{
    char where[512], f[160];
    if (v->loc) {
        where[0] = '\0';
        v->loc(v->ctx, path, where, sizeof where);
    } else {
        snprintf(where, sizeof where, "%s", path);
    }
    rotas__json_found(j, f, sizeof f);
    if (!v->n)
        snprintf(v->first, sizeof v->first, "%s: expected %s, found %s", where, what, f);
    v->n++;
    if (v->d)
        rotas_diags_add(v->d, _("%s: expected %s, found %s"), where, what, f);
}

static int get_latlon(sv *v, json_t *o, const char *p, double *lat, double *lon)
{
    char q[300];
    json_t *a = json_object_get(o, "lat"), *b = json_object_get(o, "lon");
    int ok = 1;
    snprintf(q, sizeof q, "%s.lat", p);
    if (!json_is_number(a) || fabs(json_number_value(a)) > 90) {
        bad(v, q, _("a latitude -90..90"), a);
        ok = 0;
    } else {
        *lat = json_number_value(a);
    }
    snprintf(q, sizeof q, "%s.lon", p);
    if (!json_is_number(b) || fabs(json_number_value(b)) > 180) {
        bad(v, q, _("a longitude -180..180"), b);
        ok = 0;
    } else {
        *lon = json_number_value(b);
    }
    return ok;
}

static double get_num(sv *v, json_t *o, const char *base, const char *key, double lo, double hi,
                      double dflt, const char *what)
{
    char q[300];
    json_t *j = json_object_get(o, key);
    if (!j || json_is_null(j))
        return dflt;
    snprintf(q, sizeof q, "%s.%s", base, key);
    if (!json_is_number(j) || json_number_value(j) < lo || json_number_value(j) > hi) {
        bad(v, q, what, j);
        return dflt;
    }
    return json_number_value(j);
}

static int add_place(sv *v, rotas_shuttle_data *s, size_t *cap, const char *id, const char *name,
                     double lat, double lon)
{
    if (s->n_places == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        rotas_place *g = realloc(s->places, nc * sizeof *g);
        if (!g) {
            v->nomem = 1;
            return -1;
        }
        s->places = g;
        *cap = nc;
    }
    rotas_place *P = &s->places[s->n_places];
    P->id = rotas_strdup(id);
    P->name = rotas_strdup(name);
    P->lat = lat;
    P->lon = lon;
    return (int)s->n_places++;
}

static rotas_rc read_data(rotas_shuttle_data **out, const rotas_county *c, sv *v, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    json_t *root = c->extra ? json_loads(c->extra, 0, NULL) : NULL, *j;
    rotas_shuttle_data *s = calloc(1, sizeof *s);
    size_t cap = 0;
    char p[300];
    if (!s || !(s->home = malloc((c->n_teachers + 1) * sizeof *s->home))) {
        v->nomem = 1;
        goto done;
    }
    s->n_teachers = c->n_teachers;
    for (size_t t = 0; t < c->n_teachers; t++)
        s->home[t] = -1;
    s->max_ride = 60;
    s->speed = 30;
    s->arrive_before = 10;
    s->min_km = 3;
    s->earliest = 6 * 60;
    /* pick-up points */
    if (root && (j = json_object_get(root, "pickup_points")) && !json_is_null(j)) {
        if (!json_is_array(j)) {
            bad(v, "pickup_points", _("an array of {\"id\", \"name\", \"lat\", \"lon\"}"), j);
        } else {
            for (size_t i = 0; i < json_array_size(j); i++) {
                json_t *o = json_array_get(j, i), *id = json_object_get(o, "id"),
                       *nm = json_object_get(o, "name");
                double lat = 0, lon = 0;
                snprintf(p, sizeof p, "pickup_points[%zu]", i);
                if (!json_is_object(o)) {
                    bad(v, p, _("a pick-up point {\"id\", \"name\", \"lat\", \"lon\"}"), o);
                    continue;
                }
                snprintf(p, sizeof p, "pickup_points[%zu].id", i);
                if (!json_is_string(id) || !json_string_length(id)) {
                    bad(v, p, _("a pick-up point id (a non-empty string)"), id);
                    continue;
                }
                for (size_t k = 0; k < s->n_places; k++)
                    if (!strcmp(s->places[k].id, json_string_value(id)))
                        bad(v, p, _("a unique pick-up point id"), id);
                snprintf(p, sizeof p, "pickup_points[%zu]", i);
                if (!get_latlon(v, o, p, &lat, &lon))
                    continue;
                if (add_place(v, s, &cap, json_string_value(id),
                              json_is_string(nm) ? json_string_value(nm) : NULL, lat, lon) < 0)
                    goto done;
            }
        }
    }
    s->n_points = s->n_places;
    /* homes, in the teachers' extra keys */
    for (size_t t = 0; t < c->n_teachers; t++) {
        if (!c->teachers[t].extra)
            continue;
        json_t *te = json_loads(c->teachers[t].extra, 0, NULL);
        json_t *h = te ? json_object_get(te, "home") : NULL;
        snprintf(p, sizeof p, "teachers[%zu].home", t);
        if (h && json_is_string(h)) {
            for (size_t k = 0; k < s->n_points; k++)
                if (!strcmp(s->places[k].id, json_string_value(h)))
                    s->home[t] = (int)k;
            if (s->home[t] < 0)
                bad(v, p, _("the id of a pick-up point in pickup_points[] or {\"lat\", \"lon\"}"),
                    h);
        } else if (h && json_is_object(h)) {
            double lat = 0, lon = 0;
            json_t *nm = json_object_get(h, "name");
            if (get_latlon(v, h, p, &lat, &lon))
                s->home[t] = add_place(v, s, &cap, NULL,
                                       json_is_string(nm) ? json_string_value(nm) : NULL, lat, lon);
        } else if (h && !json_is_null(h)) {
            bad(v, p, _("the id of a pick-up point in pickup_points[] or {\"lat\", \"lon\"}"), h);
        }
        json_decref(te);
        if (v->nomem)
            goto done;
    }
    /* vehicles */
    if (root && (j = json_object_get(root, "vehicles")) && !json_is_null(j)) {
        if (!json_is_array(j)) {
            bad(v, "vehicles", _("an array of vehicles"), j);
        } else if (json_array_size(j)) {
            if (!(s->vehicles = calloc(json_array_size(j), sizeof *s->vehicles))) {
                v->nomem = 1;
                goto done;
            }
            for (size_t i = 0; i < json_array_size(j); i++) {
                json_t *o = json_array_get(j, i), *id = json_object_get(o, "id"),
                       *seats = json_object_get(o, "seats"), *dep = json_object_get(o, "depot");
                rotas_vehicle *V = &s->vehicles[s->n_vehicles];
                snprintf(p, sizeof p, "vehicles[%zu]", i);
                if (!json_is_object(o)) {
                    bad(v, p,
                        _("a vehicle {\"id\", \"seats\", \"depot\", \"cost_per_day\", "
                          "\"cost_per_km\"}"),
                        o);
                    continue;
                }
                int ok = 1;
                snprintf(p, sizeof p, "vehicles[%zu].id", i);
                if (!json_is_string(id) || !json_string_length(id)) {
                    bad(v, p, _("a vehicle id (a non-empty string)"), id);
                    ok = 0;
                } else {
                    for (size_t k = 0; k < s->n_vehicles; k++)
                        if (!strcmp(s->vehicles[k].id, json_string_value(id))) {
                            bad(v, p, _("a unique vehicle id"), id);
                            ok = 0;
                        }
                }
                snprintf(p, sizeof p, "vehicles[%zu].seats", i);
                if (!json_is_integer(seats) || json_integer_value(seats) < 1 ||
                    json_integer_value(seats) > 80) {
                    bad(v, p, _("the passenger seats, 1..80"), seats);
                    ok = 0;
                }
                snprintf(p, sizeof p, "vehicles[%zu].depot", i);
                V->depot_school = -1;
                if (json_is_string(dep)) {
                    V->depot_school = rotas_county_school(c, json_string_value(dep));
                    if (V->depot_school < 0) {
                        bad(v, p, _("the id of a school in schools[] or {\"lat\", \"lon\"}"), dep);
                        ok = 0;
                    } else {
                        V->lat = c->schools[V->depot_school].lat;
                        V->lon = c->schools[V->depot_school].lon;
                    }
                } else if (json_is_object(dep)) {
                    ok &= get_latlon(v, dep, p, &V->lat, &V->lon);
                } else {
                    bad(v, p, _("the id of a school in schools[] or {\"lat\", \"lon\"}"), dep);
                    ok = 0;
                }
                snprintf(p, sizeof p, "vehicles[%zu]", i);
                V->cost_per_day =
                    get_num(v, o, p, "cost_per_day", 0, 1e6, 0, _("a cost 0..1000000"));
                V->cost_per_km = get_num(v, o, p, "cost_per_km", 0, 1e4, 0, _("a cost 0..10000"));
                if (!ok)
                    continue;
                V->id = rotas_strdup(json_string_value(id));
                V->seats = (int)json_integer_value(seats);
                if (!V->id) {
                    v->nomem = 1;
                    goto done;
                }
                s->n_vehicles++;
            }
        }
    }
    if (root && (j = json_object_get(root, "shuttle")) && !json_is_null(j)) {
        if (!json_is_object(j)) {
            bad(v, "shuttle", _("{\"max_ride_minutes\", \"speed_kmh\", ...}"), j);
        } else {
            s->max_ride =
                get_num(v, j, "shuttle", "max_ride_minutes", 5, 300, 60, _("minutes 5..300"));
            s->speed = get_num(v, j, "shuttle", "speed_kmh", 5, 120, 30, _("km/h 5..120"));
            s->arrive_before =
                get_num(v, j, "shuttle", "arrive_before_minutes", 0, 120, 10, _("minutes 0..120"));
            s->min_km = get_num(v, j, "shuttle", "min_km", 0, 100, 3, _("km 0..100"));
            json_t *e = json_object_get(j, "earliest");
            int h, m;
            if (e && (!json_is_string(e) || sscanf(json_string_value(e), "%d:%d", &h, &m) != 2 ||
                      h < 0 || h > 23 || m < 0 || m > 59))
                bad(v, "shuttle.earliest", _("a time \"HH:MM\""), e);
            else if (e)
                s->earliest = h * 60 + m;
        }
    }
done:
    json_decref(root);
    if (v->nomem)
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while reading the shuttle data"));
    else if (v->n)
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             P_("%zu problem; first: %s", "%zu problems; first: %s", v->n), v->n,
                             v->first);
    if (rc == ROTAS_OK && out) {
        *out = s;
        s = NULL;
    }
    rotas_shuttle_data_free(s);
    return rc;
}

rotas_rc rotas_shuttle_data_read(rotas_shuttle_data **out, const rotas_county *c, rotas_diags *d,
                                 rotas_error *err)
{
    sv v = {NULL, NULL, d, 0, 0, ""};
    return read_data(out, c, &v, err);
}

size_t rotas__shuttles_validate(const rotas_county *c, rotas__locate_fn loc, void *ctx,
                                rotas_diags *d, rotas_error *err)
{
    sv v = {loc, ctx, d, 0, 0, ""};
    rotas_rc rc = read_data(NULL, c, &v, err);
    return rc == ROTAS_OK ? 0 : (v.n ? v.n : 1);
}

void rotas_shuttle_data_free(rotas_shuttle_data *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_places; i++) {
        free(s->places[i].id);
        free(s->places[i].name);
    }
    free(s->places);
    free(s->home);
    for (size_t i = 0; i < s->n_vehicles; i++)
        free(s->vehicles[i].id);
    free(s->vehicles);
    free(s);
}

/* ---- the result file ------------------------------------------------------------------------ */

static json_t *hhmm(int m)
{
    char b[8];
    snprintf(b, sizeof b, "%02d:%02d", (m / 60) % 100, ((m % 60) + 60) % 60);
    return json_string(b);
}

static json_t *num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static const char *place_label(const rotas_shuttle_data *s, int p, char *buf, size_t n)
{
    if (s->places[p].id)
        return s->places[p].id;
    snprintf(buf, n, "%.5f,%.5f", s->places[p].lat, s->places[p].lon);
    return buf;
}

/* A trip: its stops with who boards or alights at pick-up points (the riders of the place);
   the school stops' lists are filled by the caller, which knows each rider's school. */
static json_t *trip_json(const rotas_bus_trip *T, const rotas_bus_route *R, const rotas_county *c,
                         const rotas_shuttle_data *s, int evening)
{
    json_t *stops = json_array();
    char b[64];
    for (size_t i = 0; stops && i < T->n_stops; i++) {
        const rotas_bus_stop *S = &T->stops[i];
        json_t *who = json_array(), *o;
        if (S->school >= 0) {
            o = json_pack("{s:s,s:s,s:s?,s:o}", "kind", "school", "school",
                          c->schools[S->school].id, "name", c->schools[S->school].name, "time",
                          hhmm(S->time));
        } else {
            for (size_t k = 0; who && k < R->n_riders; k++)
                if (s->home[R->riders[k]] == S->place)
                    json_array_append_new(who, json_string(c->teachers[R->riders[k]].id));
            o = json_pack("{s:s,s:s,s:s?,s:o}", "kind", "pickup", "place",
                          place_label(s, S->place, b, sizeof b), "name", s->places[S->place].name,
                          "time", hhmm(S->time));
        }
        /* morning: riders board at pick-up points and alight at schools; evening: the reverse */
        if (o && who)
            json_object_set_new(o, (S->school >= 0) != evening ? "alight" : "board", who);
        else
            json_decref(who);
        if (o)
            json_array_append_new(stops, o);
    }
    return json_pack("{s:o,s:f,s:o}", "depart", hhmm(T->depart), "km", round(T->km * 10) / 10,
                     "stops", stops ? stops : json_array());
}

rotas_rc rotas_shuttles_write_json(const rotas_shuttle_result *r, const rotas_county *c,
                                   const rotas_shuttle_data *s, const char *path, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    char b[64];
    json_t *o = json_object(), *routes = json_array(), *uns = json_array();
    int oom = !o || !routes || !uns;
    for (size_t i = 0; !oom && i < r->n_routes; i++) {
        const rotas_bus_route *R = &r->routes[i];
        json_t *riders = json_array();
        for (size_t k = 0; riders && k < R->n_riders; k++) {
            int t = R->riders[k];
            json_array_append_new(riders, json_pack("{s:s,s:s?,s:s,s:s}", "teacher",
                                                    c->teachers[t].id, "name", c->teachers[t].name,
                                                    "home", place_label(s, s->home[t], b, sizeof b),
                                                    "school", c->schools[r->school_of[t]].id));
        }
        json_t *mo = trip_json(&R->morning, R, c, s, 0), *ev = trip_json(&R->evening, R, c, s, 1);
        /* fill the school stops' alight/board lists */
        for (int pass = 0; pass < 2; pass++) {
            json_t *stops = json_object_get(pass ? ev : mo, "stops");
            for (size_t k = 0; k < json_array_size(stops); k++) {
                json_t *st = json_array_get(stops, k);
                json_t *lst = json_object_get(st, pass ? "board" : "alight");
                const char *sid = json_string_value(json_object_get(st, "school"));
                if (!sid || !lst)
                    continue;
                for (size_t q = 0; q < R->n_riders; q++)
                    if (!strcmp(c->schools[r->school_of[R->riders[q]]].id, sid))
                        json_array_append_new(lst, json_string(c->teachers[R->riders[q]].id));
            }
        }
        json_t *ro = json_pack(
            "{s:s,s:i,s:s,s:o,s:o,s:o,s:f,s:f}", "vehicle", s->vehicles[R->vehicle].id, "seats",
            s->vehicles[R->vehicle].seats, "id", "", "riders", riders ? riders : json_null(),
            "morning", mo ? mo : json_null(), "evening", ev ? ev : json_null(), "km_day",
            round(R->km_day * 10) / 10, "cost_day", round(R->cost_day * 100) / 100);
        char id[32];
        snprintf(id, sizeof id, "B%02zu", i + 1);
        if (!ro || json_object_set_new(ro, "id", json_string(id)) ||
            json_array_append_new(routes, ro))
            oom = 1;
    }
    for (size_t i = 0; !oom && i < r->n_unserved; i++) {
        int t = r->unserved[i].teacher;
        oom |= json_array_append_new(
            uns,
            json_pack("{s:s,s:s?,s:s,s:s}", "teacher", c->teachers[t].id, "home",
                      s->home[t] >= 0 ? place_label(s, s->home[t], b, sizeof b) : NULL, "school",
                      c->schools[r->school_of[t]].id, "reason", r->unserved[i].reason));
    }
    if (!oom) {
        json_object_set_new(o, "format", json_string(ROTAS_FORMAT_SHUTTLES));
        if (r->county)
            json_object_set_new(o, "county", json_string(r->county));
        json_object_set_new(o, "status", json_string(rotas_status_name(r->status)));
        json_object_set_new(o, "objective", num(r->objective));
        json_object_set_new(o, "bound", num(r->bound));
        json_object_set_new(o, "gap", num(r->gap));
        json_object_set_new(o, "seconds", num(r->seconds));
        json_object_set_new(o, "params",
                            json_pack("{s:f,s:f,s:f,s:f,s:o}", "max_ride_minutes", s->max_ride,
                                      "speed_kmh", s->speed, "arrive_before_minutes",
                                      s->arrive_before, "min_km", s->min_km, "earliest",
                                      hhmm(s->earliest)));
        json_t *mv = json_array();
        for (size_t t = 0; mv && t < c->n_teachers; t++)
            if (r->school_of[t] != c->teachers[t].school && r->school_of[t] >= 0)
                json_array_append_new(mv, json_pack("{s:s,s:s}", "teacher", c->teachers[t].id,
                                                    "school", c->schools[r->school_of[t]].id));
        json_object_set_new(o, "plan_moves", mv ? mv : json_null());
        json_object_set(o, "routes", routes);
        json_object_set(o, "unserved", uns);
        json_object_set_new(o, "summary",
                            json_pack("{s:i,s:i,s:i,s:f,s:f,s:i}", "vehicles", (int)r->n_routes,
                                      "riders", (int)r->n_riders, "unserved", (int)r->n_unserved,
                                      "km", round(r->km * 10) / 10, "cost",
                                      round(r->cost * 100) / 100, "columns", (int)r->columns));
    }
    rc = oom ? rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while writing %s"), path)
             : rotas__json_write(o, path, err);
    json_decref(o);
    json_decref(routes);
    json_decref(uns);
    return rc;
}

static int hm(const json_t *j)
{
    int h, m;
    if (!json_is_string(j) || sscanf(json_string_value(j), "%d:%d", &h, &m) != 2)
        return -100000;
    return h * 60 + m;
}

static int place_of(const rotas_shuttle_data *s, const char *label)
{
    char b[64];
    for (size_t i = 0; i < s->n_places; i++)
        if (!strcmp(place_label(s, (int)i, b, sizeof b), label))
            return (int)i;
    return -1;
}

static int read_trip(rotas_bus_trip *T, json_t *j, const rotas_county *c,
                     const rotas_shuttle_data *s, const char *p, sv *v)
{
    char q[300];
    json_t *stops = json_object_get(j, "stops");
    T->depart = hm(json_object_get(j, "depart"));
    T->km = json_is_number(json_object_get(j, "km")) ? json_number_value(json_object_get(j, "km"))
                                                     : NAN;
    T->stops = calloc(json_array_size(stops) + 1, sizeof *T->stops);
    if (!T->stops)
        return -1;
    for (size_t k = 0; k < json_array_size(stops); k++) {
        json_t *st = json_array_get(stops, k);
        rotas_bus_stop *S = &T->stops[T->n_stops];
        S->time = hm(json_object_get(st, "time"));
        S->place = S->school = -1;
        snprintf(q, sizeof q, "%s.stops[%zu]", p, k);
        json_t *sc = json_object_get(st, "school"), *pl = json_object_get(st, "place");
        if (json_is_string(sc))
            S->school = rotas_county_school(c, json_string_value(sc));
        else if (json_is_string(pl))
            S->place = place_of(s, json_string_value(pl));
        if ((S->school < 0 && S->place < 0) || S->time < -1000) {
            bad(v, q, _("a stop {\"school\" or \"place\", \"time\": \"HH:MM\"} the county knows"),
                st);
            continue;
        }
        T->n_stops++;
    }
    return 0;
}

rotas_rc rotas_shuttles_read_json(rotas_shuttle_result **out, const char *path,
                                  const rotas_county *c, const rotas_shuttle_data *s,
                                  rotas_diags *d, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    json_error_t je;
    sv v = {NULL, NULL, d, 0, 0, ""};
    char p[200];
    rotas_shuttle_result *r = calloc(1, sizeof *r);
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!r)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    if (!root) {
        rc = rotas_error_set(err, ROTAS_EINPUT, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        goto done;
    }
    json_t *f = json_object_get(root, "format");
    if (!json_is_string(f) || strcmp(json_string_value(f), ROTAS_FORMAT_SHUTTLES)) {
        bad(&v, "format", "\"" ROTAS_FORMAT_SHUTTLES "\"", f);
        goto done;
    }
    int st = rotas_status_parse(json_string_value(json_object_get(root, "status")));
    r->status = st < 0 ? ROTAS_STATUS_FEASIBLE : (rotas_status)st;
    r->objective = json_number_value(json_object_get(root, "objective"));
    r->bound = json_number_value(json_object_get(root, "bound"));
    r->n_teachers = c->n_teachers;
    r->school_of = calloc(c->n_teachers + 1, sizeof *r->school_of);
    json_t *routes = json_object_get(root, "routes"), *uns = json_object_get(root, "unserved");
    r->routes = calloc(json_array_size(routes) + 1, sizeof *r->routes);
    r->unserved = calloc(json_array_size(uns) + 1, sizeof *r->unserved);
    if (!r->school_of || !r->routes || !r->unserved) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    for (size_t t = 0; t < c->n_teachers; t++)
        r->school_of[t] = c->teachers[t].school;
    json_t *mv = json_object_get(root, "plan_moves");
    for (size_t i = 0; i < json_array_size(mv); i++) {
        json_t *x = json_array_get(mv, i);
        int t = rotas_county_teacher(c, json_string_value(json_object_get(x, "teacher")));
        int sc = rotas_county_school(c, json_string_value(json_object_get(x, "school")));
        snprintf(p, sizeof p, "plan_moves[%zu]", i);
        if (t < 0 || sc < 0)
            bad(&v, p, _("{\"teacher\", \"school\"} naming known ids"), x);
        else
            r->school_of[t] = sc;
    }
    for (size_t i = 0; i < json_array_size(routes); i++) {
        json_t *ro = json_array_get(routes, i), *vid = json_object_get(ro, "vehicle");
        rotas_bus_route *R = &r->routes[r->n_routes];
        R->vehicle = -1;
        for (size_t k = 0; json_is_string(vid) && k < s->n_vehicles; k++)
            if (!strcmp(s->vehicles[k].id, json_string_value(vid)))
                R->vehicle = (int)k;
        snprintf(p, sizeof p, "routes[%zu].vehicle", i);
        if (R->vehicle < 0) {
            bad(&v, p, _("the id of a vehicle in the county's vehicles[]"), vid);
            continue;
        }
        json_t *rid = json_object_get(ro, "riders");
        R->riders = calloc(json_array_size(rid) + 1, sizeof *R->riders);
        if (!R->riders) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
            goto done;
        }
        r->n_routes++;
        for (size_t k = 0; k < json_array_size(rid); k++) {
            json_t *x = json_array_get(rid, k);
            int t = rotas_county_teacher(c, json_string_value(json_object_get(x, "teacher")));
            int sc = rotas_county_school(c, json_string_value(json_object_get(x, "school")));
            snprintf(p, sizeof p, "routes[%zu].riders[%zu]", i, k);
            if (t < 0 || sc < 0) {
                bad(&v, p, _("{\"teacher\": a teacher id, \"school\": a school id}"), x);
                continue;
            }
            r->school_of[t] = sc;
            R->riders[R->n_riders++] = t;
        }
        r->n_riders += R->n_riders;
        snprintf(p, sizeof p, "routes[%zu].morning", i);
        if (read_trip(&R->morning, json_object_get(ro, "morning"), c, s, p, &v) ||
            (snprintf(p, sizeof p, "routes[%zu].evening", i),
             read_trip(&R->evening, json_object_get(ro, "evening"), c, s, p, &v))) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
            goto done;
        }
        json_t *kd = json_object_get(ro, "km_day"), *cd = json_object_get(ro, "cost_day");
        R->km_day = json_is_number(kd) ? json_number_value(kd) : NAN;
        R->cost_day = json_is_number(cd) ? json_number_value(cd) : NAN;
    }
    for (size_t i = 0; i < json_array_size(uns); i++) {
        json_t *x = json_array_get(uns, i);
        int t = rotas_county_teacher(c, json_string_value(json_object_get(x, "teacher")));
        int sc = rotas_county_school(c, json_string_value(json_object_get(x, "school")));
        snprintf(p, sizeof p, "unserved[%zu]", i);
        if (t < 0 || sc < 0) {
            bad(&v, p, _("{\"teacher\", \"school\", \"reason\"} naming known ids"), x);
            continue;
        }
        r->school_of[t] = sc;
        r->unserved[r->n_unserved].teacher = t;
        const char *why = json_string_value(json_object_get(x, "reason"));
        snprintf(r->unserved[r->n_unserved].reason, sizeof r->unserved[0].reason, "%s",
                 why ? why : "");
        r->n_unserved++;
    }
    r->n_riders += r->n_unserved;
    r->gap = json_number_value(json_object_get(root, "gap"));
    r->seconds = json_number_value(json_object_get(root, "seconds"));
    json_t *sm = json_object_get(root, "summary");
    r->columns = (size_t)json_integer_value(json_object_get(sm, "columns"));
    r->km = json_number_value(json_object_get(sm, "km"));
    r->cost = json_number_value(json_object_get(sm, "cost"));
    json_t *cj = json_object_get(root, "county");
    r->county = json_is_string(cj) ? rotas_strdup(json_string_value(cj)) : NULL;
done:
    if (rc == ROTAS_OK && v.n)
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             P_("%s: %zu problem; first: %s", "%s: %zu problems; first: %s", v.n),
                             path, v.n, v.first);
    json_decref(root);
    if (rc == ROTAS_OK) {
        *out = r;
        r = NULL;
    }
    rotas_shuttle_result_free(r);
    return rc;
}
