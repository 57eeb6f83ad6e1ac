/*
 * rotas/shuttles.h - teacher shuttles (通勤班车): morning routes from teachers' homes to the
 * schools they teach at, arriving before the first period, and the return trips after the
 * last period, with as few vehicles as can do it and then the fewest km.
 *
 * Method: the riders are grouped by (pick-up point, school); feasible routes are generated
 * (one or two pick-up points in order, then one to three schools in order; seats, arrival
 * before each school's first period less a margin, every rider's ride time within the limit,
 * morning and evening), each route paired with each vehicle whose depot makes it in time; a
 * set-partitioning model over these columns (every group once, every vehicle at most once) is
 * solved by GLPK through the LP builder (models/shuttles.mod is its MathProg twin) with a time
 * limit; status, objective, bound and gap are reported. Riders no route can serve are listed
 * with the reason.
 *
 * Data (optional keys of a rotas-county/1 file, kept by import and export):
 *   "pickup_points": [{"id", "name", "lat", "lon"}],
 *   teachers[].home: a pick-up point id, or {"lat", "lon", "name"?},
 *   "vehicles": [{"id", "seats", "depot": school id or {"lat", "lon"}, "cost_per_day",
 *                 "cost_per_km"}],
 *   "shuttle": {"max_ride_minutes": 60, "speed_kmh": 30, "arrive_before_minutes": 10,
 *               "earliest": "06:00", "min_km": 3}.
 * A teacher rides when it has a home, teaches at a rural or town school (after the plan given
 * with --plan) and lives at least min_km from it (straight line x 1.3).
 */
#ifndef ROTAS_SHUTTLES_H
#define ROTAS_SHUTTLES_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/result.h"

#define ROTAS_FORMAT_SHUTTLES "rotas-shuttles/1"

typedef struct rotas_place {
    char *id;   /* pick-up point id, or NULL for a teacher's own coordinates */
    char *name; /* may be NULL */
    double lat, lon;
} rotas_place;

typedef struct rotas_vehicle {
    char *id;
    int seats;
    int depot_school; /* school index, or -1 */
    double lat, lon;  /* the depot */
    double cost_per_day, cost_per_km;
} rotas_vehicle;

typedef struct rotas_shuttle_data {
    rotas_place *points; /* pickup_points[] */
    size_t n_points;
    int *home;           /* per teacher: index in places[], -1 without a home */
    rotas_place *places; /* points first, then teachers' own coordinates */
    size_t n_places;
    size_t n_teachers;
    rotas_vehicle *vehicles;
    size_t n_vehicles;
    double max_ride, speed, arrive_before, min_km;
    int earliest; /* minutes after midnight */
} rotas_shuttle_data;

/* Read the shuttle keys of a finalized county (pickup_points, teachers' home in their extra
   keys, vehicles, shuttle); problems go to d with their JSON path. *out is new on ROTAS_OK. */
rotas_rc rotas_shuttle_data_read(rotas_shuttle_data **out, const rotas_county *c, rotas_diags *d,
                                 rotas_error *err);
void rotas_shuttle_data_free(rotas_shuttle_data *s);

/* A stop of a trip. */
typedef struct rotas_bus_stop {
    int place;  /* index in data->places, or -1 for a school stop */
    int school; /* school index for a school stop, else -1 */
    int time;   /* minutes after midnight: arrival (morning) / departure (evening) */
} rotas_bus_stop;

typedef struct rotas_bus_trip {
    rotas_bus_stop *stops;
    size_t n_stops;
    double km;  /* from the depot's departure to the last stop */
    int depart; /* leaves the depot */
} rotas_bus_trip;

typedef struct rotas_bus_route {
    int vehicle;
    rotas_bus_trip morning, evening;
    int *riders; /* teacher indexes */
    size_t n_riders;
    double km_day; /* both trips and the runs back to the depot */
    double cost_day;
} rotas_bus_route;

typedef struct rotas_unserved {
    int teacher;
    char reason[160];
} rotas_unserved;

typedef struct rotas_shuttle_result {
    rotas_status status;
    double objective, bound, gap, seconds;
    rotas_bus_route *routes;
    size_t n_routes;
    rotas_unserved *unserved;
    size_t n_unserved;
    size_t n_riders;
    double km, cost;
    double max_ride, arrive_before;
    int *school_of; /* per teacher, the school used (after the plan) */
    size_t n_teachers;
    size_t columns; /* route x vehicle columns of the model */
    char *county;
} rotas_shuttle_result;

void rotas_shuttle_result_free(rotas_shuttle_result *r);

typedef struct rotas_shuttle_options {
    double time_limit;    /* 60 */
    const int *school_of; /* per teacher, its school after a plan, or NULL */
    const char *export_lp, *export_dat;
    int verbose;
} rotas_shuttle_options;

rotas_rc rotas_shuttles_plan(rotas_shuttle_result **out, const rotas_county *c,
                             const rotas_shuttle_data *s, const rotas_shuttle_options *o,
                             rotas_error *err);

rotas_rc rotas_shuttles_write_json(const rotas_shuttle_result *r, const rotas_county *c,
                                   const rotas_shuttle_data *s, const char *path, rotas_error *err);
rotas_rc rotas_shuttles_read_json(rotas_shuttle_result **out, const char *path,
                                  const rotas_county *c, const rotas_shuttle_data *s,
                                  rotas_diags *d, rotas_error *err);

/* The independent checker (check_shuttles.c). Returns the number of violations. */
size_t rotas_check_shuttles(const rotas_county *c, const rotas_shuttle_data *s,
                            const rotas_shuttle_result *r, rotas_diags *out);

rotas_rc rotas_render_shuttles_xlsx(const rotas_shuttle_result *r, const rotas_county *c,
                                    const rotas_shuttle_data *s, const char *path,
                                    rotas_error *err);
rotas_rc rotas_render_shuttles_html(const rotas_shuttle_result *r, const rotas_county *c,
                                    const rotas_shuttle_data *s, const char *path,
                                    rotas_error *err);

#endif
