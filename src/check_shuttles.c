/*
 * check_shuttles.c - the independent checker of rotas-shuttles/1: riders, seats, vehicles,
 * stop order, the clock (every leg recomputed from the county's roads or the straight line
 * x 1.3 at the shuttle speed), arrival before the first period, departure after the last,
 * ride times, km. Nothing of the planner (shuttles.c) is used.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/shuttles.h"

#define TOL 1.0 /* minutes of rounding a leg may carry */

static double straight(double la1, double lo1, double la2, double lo2)
{
    double k = acos(-1.0) / 180.0;
    double dl = (la2 - la1) * k, dm = (lo2 - lo1) * k;
    double h = sin(dl / 2) * sin(dl / 2) + cos(la1 * k) * cos(la2 * k) * sin(dm / 2) * sin(dm / 2);
    return 1.3 * 2 * 6371.0 * asin(sqrt(h > 1 ? 1 : h));
}

typedef struct pt {
    int school; /* >= 0: a school */
    double lat, lon;
} pt;

static pt stop_pt(const rotas_county *c, const rotas_shuttle_data *s, const rotas_bus_stop *S)
{
    pt p = {S->school, 0, 0};
    if (S->school >= 0) {
        p.lat = c->schools[S->school].lat;
        p.lon = c->schools[S->school].lon;
    } else {
        p.lat = s->places[S->place].lat;
        p.lon = s->places[S->place].lon;
    }
    return p;
}

static pt depot_pt(const rotas_vehicle *V)
{
    pt p = {V->depot_school, V->lat, V->lon};
    return p;
}

static double km(const rotas_county *c, pt a, pt b)
{
    if (a.school >= 0 && b.school >= 0)
        return rotas_county_km(c, a.school, b.school);
    return straight(a.lat, a.lon, b.lat, b.lon);
}

static double mins(const rotas_county *c, const rotas_shuttle_data *s, pt a, pt b)
{
    if (a.school >= 0 && b.school >= 0)
        return rotas_county_minutes(c, a.school, b.school);
    return km(c, a, b) / s->speed * 60.0;
}

static int bell_first(const rotas_school *S)
{
    size_t n;
    return rotas_school_bell(S, &n)[0].start;
}

static int bell_last(const rotas_school *S)
{
    size_t n;
    const rotas_bell_period *b = rotas_school_bell(S, &n);
    return b[n - 1].end;
}

#define V(...)                                                                                     \
    do {                                                                                           \
        rotas_diags_add(out, __VA_ARGS__);                                                         \
        nv++;                                                                                      \
    } while (0)

size_t rotas_check_shuttles(const rotas_county *c, const rotas_shuttle_data *s,
                            const rotas_shuttle_result *r, rotas_diags *out)
{
    size_t nv = 0;
    int *seen = calloc(c->n_teachers + 1, sizeof *seen);
    int *vused = calloc(s->n_vehicles + 1, sizeof *vused);
    if (!seen || !vused) {
        V(_("out of memory while checking"));
        goto done;
    }
    double tot_km = 0, tot_cost = 0;
    for (size_t i = 0; i < r->n_routes; i++) {
        const rotas_bus_route *R = &r->routes[i];
        const rotas_vehicle *Vh = &s->vehicles[R->vehicle];
        char id[16];
        snprintf(id, sizeof id, "B%02zu", i + 1);
        if (vused[R->vehicle]++)
            V(_("route %s: vehicle %s already drives another route"), id, Vh->id);
        if ((int)R->n_riders > Vh->seats)
            V(_("route %s: %zu riders, vehicle %s has %d seats"), id, R->n_riders, Vh->id,
              Vh->seats);
        for (int pass = 0; pass < 2; pass++) {
            const rotas_bus_trip *T = pass ? &R->evening : &R->morning;
            const char *when = pass ? _("evening") : _("morning");
            if (T->n_stops == 0) {
                V(_("route %s: the %s trip has no stops"), id, when);
                continue;
            }
            /* morning: pick-ups then schools; evening: schools then drop-offs */
            int phase = 0;
            for (size_t k = 0; k < T->n_stops; k++) {
                int is_school = T->stops[k].school >= 0;
                int want_first = pass ? 1 : 0;
                if (is_school != want_first && phase == 0)
                    phase = 1;
                else if (is_school == want_first && phase == 1)
                    V(_("route %s: the %s trip goes back to a %s after a %s"), id, when,
                      is_school ? _("school") : _("pick-up point"),
                      is_school ? _("pick-up point") : _("school"));
            }
            double dist = km(c, depot_pt(Vh), stop_pt(c, s, &T->stops[0]));
            double first_leg = mins(c, s, depot_pt(Vh), stop_pt(c, s, &T->stops[0]));
            if (!pass && T->depart < s->earliest)
                V(_("route %s: leaves the depot at %02d:%02d, before %02d:%02d"), id,
                  T->depart / 60, T->depart % 60, s->earliest / 60, s->earliest % 60);
            if (!pass && T->depart + first_leg > T->stops[0].time + TOL)
                V(_("route %s: cannot reach its first stop by %02d:%02d from the depot"), id,
                  T->stops[0].time / 60, T->stops[0].time % 60);
            for (size_t k = 1; k < T->n_stops; k++) {
                pt a = stop_pt(c, s, &T->stops[k - 1]), b = stop_pt(c, s, &T->stops[k]);
                dist += km(c, a, b);
                if (T->stops[k].time + TOL < T->stops[k - 1].time + mins(c, s, a, b))
                    V(_("route %s %s: stop %zu at %02d:%02d, the road from the stop before takes "
                        "%.0f min"),
                      id, when, k + 1, T->stops[k].time / 60, T->stops[k].time % 60,
                      mins(c, s, a, b));
            }
            if (isfinite(T->km) && fabs(T->km - dist) > 0.2)
                V(_("route %s %s: km %.1f, the stops make %.1f"), id, when, T->km, dist);
            for (size_t k = 0; k < T->n_stops; k++) {
                int sc = T->stops[k].school;
                if (sc < 0)
                    continue;
                if (!pass &&
                    T->stops[k].time > bell_first(&c->schools[sc]) - s->arrive_before + 1e-9)
                    V(_("route %s: arrives at %s at %02d:%02d, later than %.0f min before its "
                        "first "
                        "period (%02d:%02d)"),
                      id, c->schools[sc].id, T->stops[k].time / 60, T->stops[k].time % 60,
                      s->arrive_before, bell_first(&c->schools[sc]) / 60,
                      bell_first(&c->schools[sc]) % 60);
                if (pass && T->stops[k].time < bell_last(&c->schools[sc]))
                    V(_("route %s: leaves %s at %02d:%02d, before its last period ends"), id,
                      c->schools[sc].id, T->stops[k].time / 60, T->stops[k].time % 60);
            }
        }
        /* riders: their home is a stop before their school in the morning, after it at night */
        for (size_t q = 0; q < R->n_riders; q++) {
            int t = R->riders[q], sc = r->school_of[t], h = s->home[t];
            if (seen[t]++)
                V(_("teacher %s rides twice"), c->teachers[t].id);
            if (h < 0) {
                V(_("route %s: teacher %s has no home"), id, c->teachers[t].id);
                continue;
            }
            for (int pass = 0; pass < 2; pass++) {
                const rotas_bus_trip *T = pass ? &R->evening : &R->morning;
                int th = -100000, ts = -100000;
                for (size_t k = 0; k < T->n_stops; k++) {
                    if (T->stops[k].school < 0 && T->stops[k].place == h)
                        th = T->stops[k].time;
                    if (T->stops[k].school == sc)
                        ts = T->stops[k].time;
                }
                if (th < -1000 || ts < -1000) {
                    V(_("route %s %s: teacher %s: no stop at its %s"), id,
                      pass ? _("evening") : _("morning"), c->teachers[t].id,
                      th < -1000 ? _("home") : _("school"));
                    continue;
                }
                double ride = pass ? th - ts : ts - th;
                if (ride < 0)
                    V(_("route %s: teacher %s reaches %s before leaving"), id, c->teachers[t].id,
                      pass ? _("home") : _("school"));
                if (ride > s->max_ride + TOL)
                    V(_("route %s %s: teacher %s rides %.0f min, over the limit of %.0f"), id,
                      pass ? _("evening") : _("morning"), c->teachers[t].id, ride, s->max_ride);
            }
        }
        double day = R->morning.km + R->evening.km;
        if (R->morning.n_stops && R->evening.n_stops)
            day += km(c, stop_pt(c, s, &R->morning.stops[R->morning.n_stops - 1]), depot_pt(Vh)) +
                   km(c, stop_pt(c, s, &R->evening.stops[R->evening.n_stops - 1]), depot_pt(Vh));
        if (isfinite(R->km_day) && fabs(day - R->km_day) > 0.5)
            V(_("route %s: km_day %.1f, the trips and the runs to the depot make %.1f"), id,
              R->km_day, day);
        double cost = Vh->cost_per_day + Vh->cost_per_km * R->km_day;
        if (isfinite(R->cost_day) && fabs(cost - R->cost_day) > 0.02 + 0.001 * cost)
            V(_("route %s: cost_day %.2f, the vehicle's costs make %.2f"), id, R->cost_day, cost);
        tot_km += R->km_day;
        tot_cost += R->cost_day;
    }
    for (size_t i = 0; i < r->n_unserved; i++) {
        int t = r->unserved[i].teacher;
        if (seen[t]++)
            V(_("teacher %s is listed as unserved and also rides (or is listed twice)"),
              c->teachers[t].id);
        if (!r->unserved[i].reason[0])
            V(_("unserved teacher %s has no reason"), c->teachers[t].id);
    }
    /* every teacher who should ride is served or listed */
    for (size_t t = 0; t < c->n_teachers; t++) {
        int sc = r->school_of[t], h = s->home[t];
        if (h < 0 || sc < 0 || c->schools[sc].area == ROTAS_AREA_URBAN || seen[t])
            continue;
        if (straight(s->places[h].lat, s->places[h].lon, c->schools[sc].lat, c->schools[sc].lon) >=
            s->min_km)
            V(_("teacher %s lives %.1f km from %s and is neither on a route nor listed as "
                "unserved"),
              c->teachers[t].id,
              straight(s->places[h].lat, s->places[h].lon, c->schools[sc].lat, c->schools[sc].lon),
              c->schools[sc].id);
    }
    if (isfinite(r->km) && fabs(r->km - tot_km) > 0.1 * (double)(r->n_routes + 1))
        V(_("summary km %.1f, the routes make %.1f"), r->km, tot_km);
    if (isfinite(r->cost) && fabs(r->cost - tot_cost) > 0.01 * (double)(r->n_routes + 1))
        V(_("summary cost %.2f, the routes make %.2f"), r->cost, tot_cost);
done:
    free(seen);
    free(vused);
    return nv;
}
