/* test_shuttles.c - teacher shuttles: a tiny county against brute force over every assignment
   of rider groups to vehicles, the MathProg twin, every rule broken on purpose caught by the
   checker, located input errors, the generator. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rotas/gen.h"
#include "rotas/json.h"
#include "rotas/shuttles.h"

#define SCHOOL(id, area, lat, lon)                                                                 \
    "{\"id\": \"" id "\", \"name\": \"" id "\", \"kind\": \"complete_primary\", \"area\": \"" area \
    "\", \"cluster\": null, \"group\": null, \"hardship\": 0, \"lat\": " #lat ", \"lon\": " #lon   \
    ", \"students\": 30, \"staff_quota\": 9, \"classes\": [{\"id\": \"c1\", \"grades\": [3], "     \
    "\"students\": 30}]}"
#define TEACHER(id, school, home)                                                                  \
    "{\"id\": \"" id "\", \"name\": \"" id "\", \"gender\": \"F\", \"birth_year\": 1985, "         \
    "\"school\": \"" school "\", \"subjects\": [\"chinese\"], \"role\": \"teacher\", "             \
    "\"school_since\": 2015, \"key\": false, \"degree\": \"bachelor\", \"title\": null, "          \
    "\"exempt\": null, \"exchange_until\": null, \"home\": \"" home "\"}"

#define HEAD                                                                                                                                                                                                          \
    "{\"format\": \"rotas-county/1\", \"year\": 2026,"                                                                                                                                                                \
    "\"subjects\": [{\"id\": \"chinese\", \"name\": \"语文\", \"shortage\": false}],"                                                                                                                               \
    "\"curriculum\": [{\"grade\": 3, \"subject\": \"chinese\", \"periods\": 7}],"                                                                                                                                     \
    "\"schools\": [" SCHOOL("U1", "urban", 24.00, 115.00) "," SCHOOL("R1", "rural", 24.10, 115.02) "," SCHOOL("R2", "rural", 24.12, 115.06) "," SCHOOL(                                                               \
        "R3", "rural", 23.92,                                                                                                                                                                                         \
        114.93) "],"                                                                                                                                                                                                  \
                "\"teachers\": [" TEACHER("A1", "R1", "P1") "," TEACHER("A2", "R1", "P1") "," TEACHER("A3", "R1", "P1") "," TEACHER(                                                                                  \
                    "B1", "R2",                                                                                                                                                                                       \
                    "P1") "," TEACHER("B2", "R2",                                                                                                                                                                     \
                                      "P1") "," TEACHER("C1", "R3",                                                                                                                                                   \
                                                        "P2") "," TEACHER("C2", "R3",                                                                                                                                 \
                                                                          "P2") "," TEACHER("C3",                                                                                                                     \
                                                                                            "R3",                                                                                                                     \
                                                                                            "P2") "," TEACHER("C4",                                                                                                   \
                                                                                                              "R3",                                                                                                   \
                                                                                                              "P2") "],"                                                                                              \
                                                                                                                    "\"pickup_points\": [{\"id\": \"P1\", \"name\": \"县城站\", \"lat\": 24.01, \"lon\": 115.01}," \
                                                                                                                    "                   {\"id\": \"P2\", \"name\": \"南站\", \"lat\": 23.99, \"lon\": 114.99}],"

static const char *county_text = HEAD
    "\"vehicles\": [{\"id\": \"V1\", \"seats\": 6, \"depot\": \"U1\", \"cost_per_day\": 300,"
    " \"cost_per_km\": 2}, {\"id\": \"V2\", \"seats\": 5, \"depot\": \"U1\", \"cost_per_day\": 250,"
    " \"cost_per_km\": 2}, {\"id\": \"V3\", \"seats\": 4, \"depot\": {\"lat\": 23.95, \"lon\": "
    "114.95},"
    " \"cost_per_day\": 200, \"cost_per_km\": 1.5}],"
    "\"shuttle\": {\"max_ride_minutes\": 40, \"speed_kmh\": 30}}";

static rotas_county *load(const char *text, rotas_shuttle_data **s)
{
    rotas_county *c = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_county_read_json_buffer(&c, text, strlen(text), "t.json", &d, &err);
    for (size_t i = 0; rc && i < d.n_items; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    assert_int_equal(rc, ROTAS_OK);
    assert_int_equal(rotas_shuttle_data_read(s, c, NULL, &err), ROTAS_OK);
    rotas_diags_clear(&d);
    return c;
}

static rotas_shuttle_result *plan(const rotas_county *c, const rotas_shuttle_data *s,
                                  const char *dat)
{
    rotas_shuttle_options o = {20, NULL, NULL, dat, 0};
    rotas_shuttle_result *r = NULL;
    rotas_error err = {0};
    rotas_rc rc = rotas_shuttles_plan(&r, c, s, &o, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, ROTAS_OK);
    rotas_diags v = {0};
    size_t n = rotas_check_shuttles(c, s, r, &v);
    for (size_t i = 0; i < v.n_items; i++)
        fprintf(stderr, "check: %s\n", v.items[i]);
    assert_int_equal(n, 0);
    rotas_diags_clear(&v);
    return r;
}

/* ---- brute force, written from the README's rules ---- */

typedef struct bf {
    const rotas_county *c;
    const rotas_shuttle_data *s;
} bf;

static double sl(double a, double b, double x, double y)
{
    double k = acos(-1) / 180, p = sin((x - a) * k / 2), q = sin((y - b) * k / 2);
    return 1.3 * 2 * 6371.0 * asin(sqrt(p * p + cos(a * k) * cos(x * k) * q * q));
}

/* node: >= 0 a school, < 0 a place (-1 - index) */
static void pos(const bf *B, int n, double *la, double *lo)
{
    if (n >= 0) {
        *la = B->c->schools[n].lat;
        *lo = B->c->schools[n].lon;
    } else {
        *la = B->s->places[-1 - n].lat;
        *lo = B->s->places[-1 - n].lon;
    }
}

static double bkm(const bf *B, int a, int b)
{
    if (a >= 0 && b >= 0)
        return rotas_county_km(B->c, a, b);
    double p, q, x, y;
    pos(B, a, &p, &q);
    pos(B, b, &x, &y);
    return sl(p, q, x, y);
}

static double bmin(const bf *B, int a, int b)
{
    if (a >= 0 && b >= 0)
        return rotas_county_minutes(B->c, a, b);
    return bkm(B, a, b) / B->s->speed * 60;
}

static double vkm(const bf *B, const rotas_vehicle *V, int n)
{
    if (V->depot_school >= 0)
        return bkm(B, V->depot_school, n);
    double x, y;
    pos(B, n, &x, &y);
    return sl(V->lat, V->lon, x, y);
}

static double vmin(const bf *B, const rotas_vehicle *V, int n)
{
    if (V->depot_school >= 0)
        return bmin(B, V->depot_school, n);
    return vkm(B, V, n) / B->s->speed * 60;
}

/* Cost of one vehicle carrying groups (place[i], school[i], size[i]), or INFINITY. */
static double vehicle_cost(const bf *B, const rotas_vehicle *V, int ng, const int *gp,
                           const int *gsch)
{
    int P[4], np = 0, S[4], ns = 0;
    for (int i = 0; i < ng; i++) {
        int a = 0, b = 0;
        for (int k = 0; k < np; k++)
            a |= P[k] == gp[i];
        for (int k = 0; k < ns; k++)
            b |= S[k] == gsch[i];
        if (!a)
            P[np++] = gp[i];
        if (!b)
            S[ns++] = gsch[i];
        if (np > 2 || ns > 3)
            return INFINITY;
    }
    static const int p3[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    static const int p2[2][3] = {{0, 1, 0}, {1, 0, 0}};
    int nps = ns == 3 ? 6 : ns == 2 ? 2 : 1, npp = np == 2 ? 2 : 1;
    double best = INFINITY, bestm = INFINITY, beste = INFINITY;
    for (int a = 0; a < npp; a++) {
        int PP[2] = {P[p2[a][0]], np == 2 ? P[p2[a][1]] : 0};
        double mb = INFINITY, eb = INFINITY, day = 0, t0b = 0;
        int Sm[3] = {0}, Se[3] = {0};
        for (int q = 0; q < nps; q++) {
            int SS[3];
            for (int i = 0; i < ns; i++)
                SS[i] = S[ns == 3 ? p3[q][i] : ns == 2 ? p2[q][i] : 0];
            /* morning */
            int seq[5], n = 0;
            double cum[5] = {0}, km = 0;
            for (int i = 0; i < np; i++)
                seq[n++] = -1 - PP[i];
            for (int i = 0; i < ns; i++)
                seq[n++] = SS[i];
            for (int i = 1; i < n; i++) {
                cum[i] = cum[i - 1] + bmin(B, seq[i - 1], seq[i]) + 1;
                km += bkm(B, seq[i - 1], seq[i]);
            }
            double T = INFINITY;
            for (int i = np; i < n; i++) {
                size_t nb;
                double lim = rotas_school_bell(&B->c->schools[seq[i]], &nb)[0].start -
                             B->s->arrive_before - cum[i];
                T = lim < T ? lim : T;
            }
            int ok = 1;
            for (int g = 0; g < ng; g++) {
                double tp = 0, ts = 0;
                for (int i = 0; i < n; i++) {
                    if (seq[i] == -1 - gp[g])
                        tp = cum[i];
                    if (seq[i] == gsch[g])
                        ts = cum[i];
                }
                ok &= ts - tp <= B->s->max_ride;
            }
            if (ok && km < mb) {
                mb = km;
                t0b = floor(T);
                memcpy(Sm, SS, sizeof SS);
            }
            /* evening: schools in this order, then places in reverse */
            double t[3], ekm = 0, drop[2];
            ok = 1;
            for (int i = 0; i < ns; i++) {
                size_t nb;
                const rotas_bell_period *bl = rotas_school_bell(&B->c->schools[SS[i]], &nb);
                double end = bl[nb - 1].end;
                t[i] = i ? fmax(t[i - 1] + bmin(B, SS[i - 1], SS[i]) + 1, end) : end;
                if (i)
                    ekm += bkm(B, SS[i - 1], SS[i]);
                ok &= t[i] - end <= 45;
            }
            double arr = t[ns - 1];
            int prev = SS[ns - 1];
            for (int k = np - 1; k >= 0; k--) {
                arr += bmin(B, prev, -1 - PP[k]) + 1;
                ekm += bkm(B, prev, -1 - PP[k]);
                drop[k] = arr;
                prev = -1 - PP[k];
            }
            for (int g = 0; g < ng; g++) {
                double board = 0, off = 0;
                for (int i = 0; i < ns; i++)
                    if (SS[i] == gsch[g])
                        board = t[i];
                for (int k = 0; k < np; k++)
                    if (PP[k] == gp[g])
                        off = drop[k];
                ok &= off - board <= B->s->max_ride;
            }
            if (ok && ekm < eb) {
                eb = ekm;
                memcpy(Se, SS, sizeof SS);
            }
        }
        if (!isfinite(mb) || !isfinite(eb) || mb + eb >= bestm + beste)
            continue;
        /* the orders are chosen by the trips' km; then the vehicle must make it in time */
        bestm = mb;
        beste = eb;
        /* the evening ends at the first place of the morning order (places in reverse) */
        day = vkm(B, V, -1 - PP[0]) + mb + vkm(B, V, Sm[ns - 1]) + vkm(B, V, Se[0]) + eb +
              vkm(B, V, -1 - PP[0]);
        best = t0b - vmin(B, V, -1 - PP[0]) < B->s->earliest ? INFINITY : 10000.0 + day;
    }
    return best;
}

static void brute_force(void **state)
{
    (void)state;
    rotas_shuttle_data *s = NULL;
    rotas_county *c = load(county_text, &s);
    char dat[256];
    snprintf(dat, sizeof dat, "%s/test_shuttles_%d.dat", ROTAS_BUILD_DIR, (int)getpid());
    rotas_shuttle_result *r = plan(c, s, dat);
    assert_int_equal(r->status, ROTAS_STATUS_OPTIMAL);
    bf B = {c, s};
    /* groups: (P1, R1) 3, (P1, R2) 2, (P2, R3) 4 */
    int gp[3] = {0, 0, 1}, gsch[3] = {rotas_county_school(c, "R1"), rotas_county_school(c, "R2"),
                                      rotas_county_school(c, "R3")};
    int size[3] = {3, 2, 4};
    double best = INFINITY;
    /* each group to vehicle 0..2 or unserved (3) */
    for (int m = 0; m < 64; m++) {
        int a[3] = {m % 4, m / 4 % 4, m / 16 % 4};
        double obj = 0;
        for (int g = 0; g < 3; g++)
            obj += a[g] == 3 ? 1e6 * size[g] : 0;
        for (int v = 0; v < 3 && isfinite(obj); v++) {
            int p[3], q[3], n = 0, load = 0;
            for (int g = 0; g < 3; g++)
                if (a[g] == v) {
                    p[n] = gp[g];
                    q[n++] = gsch[g];
                    load += size[g];
                }
            if (!n)
                continue;
            /* a route takes every group between its places and its schools */
            for (int g = 0; g < 3; g++) {
                int inP = 0, inS = 0;
                for (int k = 0; k < n; k++) {
                    inP |= p[k] == gp[g];
                    inS |= q[k] == gsch[g];
                }
                if (inP && inS && a[g] != v)
                    obj = INFINITY;
            }
            if (load > s->vehicles[v].seats)
                obj = INFINITY;
            else
                obj += vehicle_cost(&B, &s->vehicles[v], n, p, q);
        }
        if (obj < best)
            best = obj;
    }
    assert_true(isfinite(best));
    assert_true(fabs(best - r->objective) < 1e-3);
    assert_int_equal(r->n_unserved, 0);
    /* the MathProg twin on the exported data */
    if (system("glpsol --version >/dev/null 2>&1") == 0) {
        char cmd[1024], line[256];
        snprintf(cmd, sizeof cmd, "glpsol -m %s/models/shuttles.mod -d %s 2>&1", ROTAS_SOURCE_DIR,
                 dat);
        FILE *f = popen(cmd, "r");
        assert_non_null(f);
        double obj = NAN;
        while (fgets(line, sizeof line, f))
            if (!strncmp(line, "objective ", 10))
                obj = strtod(line + 10, NULL);
        pclose(f);
        assert_true(fabs(obj - r->objective) < 1e-3);
    }
    remove(dat);
    rotas_shuttle_result_free(r);
    rotas_shuttle_data_free(s);
    rotas_county_free(c);
}

/* ---- the checker ---- */

typedef struct fx {
    rotas_county *c;
    rotas_shuttle_data *s;
    rotas_shuttle_result *r;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->c = load(county_text, &f->s);
    f->r = plan(f->c, f->s, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    rotas_shuttle_result_free(f->r);
    rotas_shuttle_data_free(f->s);
    rotas_county_free(f->c);
    free(f);
    return 0;
}

static void expect(fx *f, const char *what)
{
    rotas_diags v = {0};
    size_t n = rotas_check_shuttles(f->c, f->s, f->r, &v);
    int found = 0;
    for (size_t i = 0; i < v.n_items; i++)
        found |= strstr(v.items[i], what) != NULL;
    if (!found)
        for (size_t i = 0; i < v.n_items; i++)
            fprintf(stderr, "got: %s\n", v.items[i]);
    assert_true(n > 0);
    assert_true(found);
    rotas_diags_clear(&v);
}

static void check_seats_and_vehicle(void **state)
{
    fx *f = *state;
    assert_true(f->r->n_routes >= 2);
    f->r->routes[1].vehicle = f->r->routes[0].vehicle;
    expect(f, "already drives another route");
    f->r->routes[1].vehicle = (f->r->routes[0].vehicle + 1) % 3;
    f->s->vehicles[f->r->routes[0].vehicle].seats = 1; /* a car too small for its riders */
    expect(f, "has 1 seats");
}

static void check_times(void **state)
{
    fx *f = *state;
    rotas_bus_trip *M = &f->r->routes[0].morning;
    M->stops[M->n_stops - 1].time = 8 * 60; /* at the first period */
    expect(f, "later than 10 min before its first period");
    rotas_bus_trip *E = &f->r->routes[0].evening;
    E->stops[0].time = 15 * 60;
    expect(f, "before its last period ends");
}

static void check_ride_and_rider(void **state)
{
    fx *f = *state;
    rotas_bus_trip *M = &f->r->routes[0].morning;
    M->stops[0].time -= 90; /* picked up 90 minutes earlier */
    M->depart -= 90;
    expect(f, "over the limit of 40");
    M->stops[0].time += 90;
    M->depart += 90;
    f->r->routes[0].n_riders--; /* a rider dropped from the lists */
    expect(f, "is neither on a route nor listed as unserved");
}

static void check_km(void **state)
{
    fx *f = *state;
    f->r->routes[0].morning.km += 3;
    expect(f, "the stops make");
    f->r->routes[0].morning.km -= 3;
    f->r->km += 10;
    expect(f, "summary km");
}

static void json_round_trip(void **state)
{
    fx *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/test_shuttles_%d.json", ROTAS_BUILD_DIR, (int)getpid());
    rotas_error err = {0};
    assert_int_equal(rotas_shuttles_write_json(f->r, f->c, f->s, path, &err), ROTAS_OK);
    rotas_shuttle_result *back = NULL;
    rotas_diags d = {0}, v = {0};
    assert_int_equal(rotas_shuttles_read_json(&back, path, f->c, f->s, &d, &err), ROTAS_OK);
    assert_int_equal(back->n_routes, f->r->n_routes);
    assert_int_equal(rotas_check_shuttles(f->c, f->s, back, &v), 0);
    rotas_shuttle_result_free(back);
    remove(path);
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
}

static void bad_input(void **state)
{
    (void)state;
    static const struct {
        const char *tail, *message;
    } cases[] = {
        {"\"vehicles\": [{\"id\": \"V1\", \"seats\": 0, \"depot\": \"U1\"}]}",
         "vehicles[0].seats: expected the passenger seats, 1..80, found 0"},
        {"\"vehicles\": [{\"id\": \"V1\", \"seats\": 9, \"depot\": \"X1\"}]}",
         "vehicles[0].depot: expected the id of a school in schools[] or {\"lat\", \"lon\"}, found "
         "\"X1\""},
        {"\"vehicles\": [], \"shuttle\": {\"max_ride_minutes\": 1000}}",
         "shuttle.max_ride_minutes: expected minutes 5..300, found 1000"},
        {"\"vehicles\": [], \"shuttle\": {\"earliest\": \"25:00\"}}",
         "shuttle.earliest: expected a time \"HH:MM\", found \"25:00\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[8192];
        snprintf(text, sizeof text, "%s%s", HEAD, cases[i].tail);
        rotas_county *c = NULL;
        rotas_diags d = {0};
        rotas_error err = {0};
        assert_int_equal(rotas_county_read_json_buffer(&c, text, strlen(text), "t.json", &d, &err),
                         ROTAS_EINPUT);
        int found = 0;
        for (size_t k = 0; k < d.n_items; k++)
            found |= strstr(d.items[k], cases[i].message) != NULL;
        if (!found)
            for (size_t k = 0; k < d.n_items; k++)
                fprintf(stderr, "got: %s\n", d.items[k]);
        assert_true(found);
        rotas_diags_clear(&d);
    }
    /* a home naming no pick-up point */
    char text[8192];
    snprintf(text, sizeof text, "%s\"vehicles\": []}", HEAD);
    char *p = strstr(text, "\"home\": \"P2\"");
    assert_non_null(p);
    memcpy(p, "\"home\": \"P9\"", 12);
    rotas_county *c = NULL;
    rotas_diags d = {0};
    assert_int_equal(rotas_county_read_json_buffer(&c, text, strlen(text), "t.json", &d, NULL),
                     ROTAS_EINPUT);
    assert_non_null(strstr(d.items[0], "teachers[5].home: expected the id of a pick-up point in "
                                       "pickup_points[] or {\"lat\", \"lon\"}, found \"P9\""));
    rotas_diags_clear(&d);
}

static void generated(void **state)
{
    (void)state;
    rotas_gen_options o = {0};
    o.schools = 30;
    o.seed = 9;
    rotas_county *a = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_gen_county(&a, &o, &err), ROTAS_OK);
    assert_int_equal(rotas_gen_programmes(a, o.seed, &err), ROTAS_OK);
    rotas_shuttle_data *s = NULL;
    assert_int_equal(rotas_shuttle_data_read(&s, a, NULL, &err), ROTAS_OK);
    assert_true(s->n_vehicles >= 2);
    rotas_shuttle_result *r = plan(a, s, NULL);
    assert_true(r->n_routes >= 1);
    assert_true(r->n_riders > r->n_unserved);
    rotas_shuttle_result_free(r);
    rotas_shuttle_data_free(s);
    rotas_county_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(brute_force),
        cmocka_unit_test_setup_teardown(check_seats_and_vehicle, setup, teardown),
        cmocka_unit_test_setup_teardown(check_times, setup, teardown),
        cmocka_unit_test_setup_teardown(check_ride_and_rider, setup, teardown),
        cmocka_unit_test_setup_teardown(check_km, setup, teardown),
        cmocka_unit_test_setup_teardown(json_round_trip, setup, teardown),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(generated),
    };
    return cmocka_run_group_tests_name("shuttles", tests, NULL, NULL);
}
