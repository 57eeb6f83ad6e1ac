/*
 * shuttles.c - teacher shuttles: feasible routes generated, then a set-partitioning model over
 * (route, vehicle type) columns solved by GLPK through the LP builder (models/shuttles.mod is
 * its MathProg twin).
 *
 * Riders are grouped by (pick-up point, school). A route serves every group between its one or
 * two pick-up points and its one to three schools (a group larger than the largest vehicle is
 * cut in pieces that get routes of their own). Morning: pick-up points in order, then schools in
 * order, leaving the first pick-up point as late as every school's first period less
 * arrive_before allows; evening: schools in order, each left no earlier than its last period's
 * end, then the pick-up points. Every rider's ride time is within max_ride both ways; the
 * orders with the fewest km that do so are kept. Vehicles with the same depot, seats and costs
 * are one type. Model: y(route, type) binary; cover(g): each group on exactly one column (or
 * unserved, u(g), W_UNSERVED per rider); type(k): at most the type's count; objective W_VEHICLE
 * per vehicle used plus the km of the day (both trips and the runs from and back to the depot).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "lp_int.h"
#include "rotas/outfile.h"
#include "rotas/shuttles.h"

#define W_VEHICLE 10000.0
#define W_UNSERVED 1000000.0
#define DWELL 1.0      /* minutes at a stop */
#define MAX_WAIT 45.0  /* evening: minutes a teacher may wait after its last period */
#define NEAR_SCHOOLS 6 /* partner schools per school */
#define NEAR_KM 25.0   /* schools of one route at most this far apart */
#define PLACES_PAIR_KM 20.0
#define NEAR_TYPES 4 /* vehicle types offered per route: the nearest depots */

void rotas_shuttle_result_free(rotas_shuttle_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_routes; i++) {
        free(r->routes[i].morning.stops);
        free(r->routes[i].evening.stops);
        free(r->routes[i].riders);
    }
    free(r->routes);
    free(r->unserved);
    free(r->school_of);
    free(r->county);
    free(r);
}

static double hav(double la1, double lo1, double la2, double lo2)
{
    const double k = 3.14159265358979323846 / 180.0;
    double a = sin((la2 - la1) * k / 2), b = sin((lo2 - lo1) * k / 2);
    double h = a * a + cos(la1 * k) * cos(la2 * k) * b * b;
    return 1.3 * 2 * 6371.0 * asin(sqrt(h > 1 ? 1 : h));
}

/* Nodes: places 0..np-1, then schools np..np+ns-1, then depots. */
typedef struct net {
    const rotas_county *c;
    const rotas_shuttle_data *s;
    size_t np;
} net;

static void node_pos(const net *N, int n, double *lat, double *lon)
{
    if ((size_t)n < N->np) {
        *lat = N->s->places[n].lat;
        *lon = N->s->places[n].lon;
    } else {
        *lat = N->c->schools[(size_t)n - N->np].lat;
        *lon = N->c->schools[(size_t)n - N->np].lon;
    }
}

static double leg_km(const net *N, int a, int b)
{
    if (a == b)
        return 0;
    if ((size_t)a >= N->np && (size_t)b >= N->np)
        return rotas_county_km(N->c, a - (int)N->np, b - (int)N->np);
    double la, lo, lb, mb;
    node_pos(N, a, &la, &lo);
    node_pos(N, b, &lb, &mb);
    return hav(la, lo, lb, mb);
}

static double leg_min(const net *N, int a, int b)
{
    if (a == b)
        return 0;
    if ((size_t)a >= N->np && (size_t)b >= N->np)
        return rotas_county_minutes(N->c, a - (int)N->np, b - (int)N->np);
    return leg_km(N, a, b) / N->s->speed * 60.0;
}

static double depot_km(const net *N, const rotas_vehicle *V, int n)
{
    double la, lo;
    if (V->depot_school >= 0)
        return leg_km(N, (int)N->np + V->depot_school, n);
    node_pos(N, n, &la, &lo);
    return hav(V->lat, V->lon, la, lo);
}

static double depot_min(const net *N, const rotas_vehicle *V, int n)
{
    if (V->depot_school >= 0)
        return leg_min(N, (int)N->np + V->depot_school, n);
    return depot_km(N, V, n) / N->s->speed * 60.0;
}

static int first_start(const rotas_school *S)
{
    size_t n;
    const rotas_bell_period *b = rotas_school_bell(S, &n);
    return b[0].start;
}

static int last_end(const rotas_school *S)
{
    size_t n;
    const rotas_bell_period *b = rotas_school_bell(S, &n);
    return b[n - 1].end;
}

typedef struct grp {
    int place, school, size, alone; /* alone: a piece of a large group, routes of its own */
    int *teachers;
} grp;

typedef struct route {
    int P[2], np_, S[3], ns_; /* morning order */
    int E[3];                 /* evening school order (pick-up points in reverse) */
    int *groups;
    size_t n_groups;
    int load;
    double mkm, ekm; /* trip km (first stop to last) */
    double t0;       /* morning: leaves P[0] */
    double ecum_end; /* evening: leaves the last school at */
} route;

/* Morning times of the order: t0 and feasibility. */
static int morning_ok(const net *N, const grp *G, const int *grs, size_t ng, const int *P, int np_,
                      const int *S, int ns_, double *t0, double *km)
{
    int seq[5], n = 0;
    double cum[5] = {0};
    for (int i = 0; i < np_; i++)
        seq[n++] = P[i];
    for (int i = 0; i < ns_; i++)
        seq[n++] = (int)N->np + S[i];
    *km = 0;
    for (int i = 1; i < n; i++) {
        cum[i] = cum[i - 1] + leg_min(N, seq[i - 1], seq[i]) + DWELL;
        *km += leg_km(N, seq[i - 1], seq[i]);
    }
    double T = INFINITY;
    for (int i = np_; i < n; i++) {
        double lim = first_start(&N->c->schools[S[i - np_]]) - N->s->arrive_before - cum[i];
        if (lim < T)
            T = lim;
    }
    *t0 = floor(T);
    for (size_t g = 0; g < ng; g++) {
        int pi = -1, si = -1;
        for (int i = 0; i < np_; i++)
            if (P[i] == G[grs[g]].place)
                pi = i;
        for (int i = 0; i < ns_; i++)
            if (S[i] == G[grs[g]].school)
                si = np_ + i;
        if (pi < 0 || si < 0 || cum[si] - cum[pi] > N->s->max_ride)
            return 0;
    }
    return 1;
}

/* Evening: schools in order E, then pick-up points in reverse of P. */
static int evening_ok(const net *N, const grp *G, const int *grs, size_t ng, const int *P, int np_,
                      const int *E, int ns_, double *km, double *dep_last)
{
    double t[3], arr = 0;
    *km = 0;
    for (int i = 0; i < ns_; i++) {
        double end = last_end(&N->c->schools[E[i]]);
        if (i == 0)
            t[i] = end;
        else {
            double a = t[i - 1] + leg_min(N, (int)N->np + E[i - 1], (int)N->np + E[i]) + DWELL;
            *km += leg_km(N, (int)N->np + E[i - 1], (int)N->np + E[i]);
            t[i] = a > end ? a : end;
        }
        if (t[i] - end > MAX_WAIT)
            return 0;
    }
    *dep_last = t[ns_ - 1];
    double drop[2];
    int prev = (int)N->np + E[ns_ - 1];
    arr = t[ns_ - 1];
    for (int k = 0; k < np_; k++) {
        int p = P[np_ - 1 - k];
        arr += leg_min(N, prev, p) + DWELL;
        *km += leg_km(N, prev, p);
        drop[np_ - 1 - k] = arr;
        prev = p;
    }
    for (size_t g = 0; g < ng; g++) {
        double board = -1, off = -1;
        for (int i = 0; i < ns_; i++)
            if (E[i] == G[grs[g]].school)
                board = t[i];
        for (int i = 0; i < np_; i++)
            if (P[i] == G[grs[g]].place)
                off = drop[i];
        if (board < 0 || off < 0 || off - board > N->s->max_ride)
            return 0;
    }
    return 1;
}

static const int perm3[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
static const int perm2[2][3] = {{0, 1, 0}, {1, 0, 0}};

/* Best orders for a set of places and schools; 0 if none is feasible. */
static int best_orders(const net *N, const grp *G, route *R)
{
    int np_ = R->np_, ns_ = R->ns_, P0[2] = {R->P[0], R->P[1]}, S0[3] = {R->S[0], R->S[1], R->S[2]};
    int nperm_s = ns_ == 3 ? 6 : ns_ == 2 ? 2 : 1, nperm_p = np_ == 2 ? 2 : 1;
    double bestm = INFINITY, beste = INFINITY;
    for (int a = 0; a < nperm_p; a++) {
        int P[2] = {P0[perm2[a][0]], np_ == 2 ? P0[perm2[a][1]] : -1};
        double mbest = INFINITY, ebest = INFINITY, t0b = 0, elast = 0;
        int Sb[3] = {0}, Eb[3] = {0};
        for (int b = 0; b < nperm_s; b++) {
            int S[3] = {0}; /* all three copied below, ns_ of them set */
            for (int i = 0; i < ns_; i++)
                S[i] = S0[ns_ == 3 ? perm3[b][i] : ns_ == 2 ? perm2[b][i] : 0];
            double t0, km, dl;
            if (morning_ok(N, G, R->groups, R->n_groups, P, np_, S, ns_, &t0, &km) && km < mbest) {
                mbest = km;
                t0b = t0;
                memcpy(Sb, S, sizeof S);
            }
            if (evening_ok(N, G, R->groups, R->n_groups, P, np_, S, ns_, &km, &dl) && km < ebest) {
                ebest = km;
                elast = dl;
                memcpy(Eb, S, sizeof S);
            }
        }
        if (isfinite(mbest) && isfinite(ebest) && mbest + ebest < bestm + beste) {
            bestm = mbest;
            beste = ebest;
            R->P[0] = P[0];
            R->P[1] = P[1];
            memcpy(R->S, Sb, sizeof Sb);
            memcpy(R->E, Eb, sizeof Eb);
            R->t0 = t0b;
            R->ecum_end = elast;
            R->mkm = mbest;
            R->ekm = beste;
        }
    }
    return isfinite(bestm);
}

typedef struct gkey {
    double per_rider; /* the column's cost per rider */
    int col;
} gkey;

static int cmp_greedy(const void *a, const void *b)
{
    const gkey *x = a, *y = b;
    if (x->per_rider != y->per_rider)
        return x->per_rider < y->per_rider ? -1 : 1;
    return x->col - y->col;
}

typedef struct vtype {
    int first; /* a vehicle of the type */
    int count;
    int *members;
} vtype;

static void fill_trip(const net *N, const route *R, const rotas_vehicle *V, rotas_bus_route *out)
{
    /* morning */
    rotas_bus_trip *M = &out->morning, *E = &out->evening;
    int seq[5], n = 0;
    for (int i = 0; i < R->np_; i++)
        seq[n++] = R->P[i];
    for (int i = 0; i < R->ns_; i++)
        seq[n++] = (int)N->np + R->S[i];
    double cum = 0;
    for (int i = 0; i < n; i++) {
        if (i)
            cum += leg_min(N, seq[i - 1], seq[i]) + DWELL;
        rotas_bus_stop *S = &M->stops[M->n_stops++];
        S->place = (size_t)seq[i] < N->np ? seq[i] : -1;
        S->school = (size_t)seq[i] < N->np ? -1 : seq[i] - (int)N->np;
        S->time = (int)floor(R->t0 + cum);
    }
    M->depart = (int)floor(R->t0 - depot_min(N, V, seq[0]));
    M->km = depot_km(N, V, seq[0]) + R->mkm;
    double back = depot_km(N, V, seq[n - 1]);
    /* evening */
    int eq[5];
    n = 0;
    for (int i = 0; i < R->ns_; i++)
        eq[n++] = (int)N->np + R->E[i];
    for (int i = R->np_ - 1; i >= 0; i--)
        eq[n++] = R->P[i];
    double t = 0;
    for (int i = 0; i < n; i++) {
        rotas_bus_stop *S = &E->stops[E->n_stops++];
        S->place = (size_t)eq[i] < N->np ? eq[i] : -1;
        S->school = (size_t)eq[i] < N->np ? -1 : eq[i] - (int)N->np;
        if (i == 0) {
            t = last_end(&N->c->schools[S->school]);
        } else {
            t += leg_min(N, eq[i - 1], eq[i]) + DWELL;
            if (S->school >= 0 && t < last_end(&N->c->schools[S->school]))
                t = last_end(&N->c->schools[S->school]);
        }
        S->time = (int)ceil(t);
    }
    E->depart = (int)floor(last_end(&N->c->schools[R->E[0]]) - depot_min(N, V, eq[0]));
    E->km = depot_km(N, V, eq[0]) + R->ekm;
    out->km_day = M->km + back + E->km + depot_km(N, V, eq[n - 1]);
    out->cost_day = V->cost_per_day + V->cost_per_km * out->km_day;
}

rotas_rc rotas_shuttles_plan(rotas_shuttle_result **out, const rotas_county *c,
                             const rotas_shuttle_data *s, const rotas_shuttle_options *o,
                             rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_shuttle_result *res = calloc(1, sizeof *res);
    net N = {c, s, s->n_places};
    grp *G = NULL;
    route *RT = NULL;
    vtype *VT = NULL;
    rotas_lp *lp = NULL;
    size_t ng = 0, nr = 0, capr = 0, nvt = 0;
    int *gcol = NULL, *cols = NULL, *colr = NULL, *colk = NULL, *gs = NULL;
    double *vals = NULL, *colc = NULL, *start = NULL;
    gkey *order = NULL;
    int *left = NULL;
    unsigned char *taken = NULL;
    size_t ncol = 0;
    if (!res)
        goto oom;
    res->n_teachers = c->n_teachers;
    res->max_ride = s->max_ride;
    res->arrive_before = s->arrive_before;
    if (!(res->school_of = malloc((c->n_teachers + 1) * sizeof *res->school_of)) ||
        !(res->unserved = calloc(c->n_teachers + 1, sizeof *res->unserved)) ||
        !(G = calloc(c->n_teachers + 1, sizeof *G)) ||
        !(gs = calloc(c->n_teachers + 1, sizeof *gs)))
        goto oom;
    int maxseats = 0;
    for (size_t v = 0; v < s->n_vehicles; v++)
        if (s->vehicles[v].seats > maxseats)
            maxseats = s->vehicles[v].seats;
    /* Riders and their groups. */
    for (size_t t = 0; t < c->n_teachers; t++) {
        int sc = o && o->school_of ? o->school_of[t] : c->teachers[t].school;
        res->school_of[t] = sc;
        int h = s->home[t];
        if (h < 0 || sc < 0 || c->schools[sc].area == ROTAS_AREA_URBAN)
            continue;
        if (hav(s->places[h].lat, s->places[h].lon, c->schools[sc].lat, c->schools[sc].lon) <
            s->min_km)
            continue;
        res->n_riders++;
        double direct = leg_min(&N, h, (int)N.np + sc);
        if (maxseats == 0) {
            res->unserved[res->n_unserved].teacher = (int)t;
            snprintf(res->unserved[res->n_unserved++].reason, 160, "the county has no vehicles");
            continue;
        }
        if (direct + DWELL > s->max_ride) {
            res->unserved[res->n_unserved].teacher = (int)t;
            snprintf(res->unserved[res->n_unserved++].reason, 160,
                     "the direct ride from home to school takes %.0f min, over the limit of %.0f",
                     direct + DWELL, s->max_ride);
            continue;
        }
        int reach = 0; /* some vehicle can leave its depot in time */
        double arrive = first_start(&c->schools[sc]) - s->arrive_before;
        for (size_t v = 0; v < s->n_vehicles && !reach; v++)
            reach = arrive - direct - DWELL - depot_min(&N, &s->vehicles[v], h) >= s->earliest;
        if (!reach) {
            res->unserved[res->n_unserved].teacher = (int)t;
            snprintf(res->unserved[res->n_unserved++].reason, 160,
                     "no vehicle leaving its depot at %02d:%02d reaches the school by %02d:%02d",
                     s->earliest / 60, s->earliest % 60, (int)arrive / 60, (int)arrive % 60);
            continue;
        }
        size_t g = 0;
        while (g < ng && !(G[g].place == h && G[g].school == sc && G[g].size < maxseats))
            g++;
        if (g == ng) {
            G[ng++] = (grp){h, sc, 0, 0, NULL};
        }
        if (!G[g].teachers && !(G[g].teachers = calloc((size_t)maxseats + 1, sizeof(int))))
            goto oom;
        G[g].teachers[G[g].size++] = (int)t;
    }
    for (size_t g = 0; g < ng; g++)
        for (size_t h = 0; h < ng; h++)
            if (h != g && G[h].place == G[g].place && G[h].school == G[g].school)
                G[g].alone = 1;

                /* Routes. */
#define PUSH_ROUTE(R_)                                                                             \
    do {                                                                                           \
        if (nr == capr) {                                                                          \
            size_t nc_ = capr ? 2 * capr : 256;                                                    \
            route *g_ = realloc(RT, nc_ * sizeof *g_);                                             \
            if (!g_)                                                                               \
                goto oom;                                                                          \
            RT = g_;                                                                               \
            capr = nc_;                                                                            \
        }                                                                                          \
        RT[nr++] = (R_);                                                                           \
    } while (0)
    for (size_t g = 0; g < ng; g++) {
        if (!G[g].alone)
            continue;
        route R = {
            {G[g].place, -1}, 1, {G[g].school, -1, -1}, 1, {0}, NULL, 0, G[g].size, 0, 0, 0, 0};
        if (!(R.groups = malloc(sizeof(int))))
            goto oom;
        R.groups[0] = (int)g;
        R.n_groups = 1;
        if (best_orders(&N, G, &R))
            PUSH_ROUTE(R);
        else
            free(R.groups);
    }
    /* School sets: each school with its nearest partners that have riders. */
    int *sch = calloc(c->n_schools + 1, sizeof *sch), nsch = 0;
    if (!sch)
        goto oom;
    for (size_t g = 0; g < ng; g++)
        if (!G[g].alone) {
            int seen = 0;
            for (int k = 0; k < nsch; k++)
                seen |= sch[k] == G[g].school;
            if (!seen)
                sch[nsch++] = G[g].school;
        }
    for (int a = 0; a < nsch; a++) {
        /* partners: schools after a in sch[] among a's NEAR_SCHOOLS nearest within NEAR_KM */
        int near[NEAR_SCHOOLS], nn = 0;
        for (int k = 0; k < nsch; k++) {
            double dk = rotas_county_km(c, sch[a], sch[k]);
            if (k == a || dk > NEAR_KM)
                continue;
            if (nn < NEAR_SCHOOLS) {
                near[nn++] = k;
            } else {
                int far = 0;
                for (int q = 1; q < nn; q++)
                    if (rotas_county_km(c, sch[a], sch[near[q]]) >
                        rotas_county_km(c, sch[a], sch[near[far]]))
                        far = q;
                if (rotas_county_km(c, sch[a], sch[near[far]]) > dk)
                    near[far] = k;
            }
        }
        int sets[1 + NEAR_SCHOOLS + NEAR_SCHOOLS * NEAR_SCHOOLS][3], nset = 0;
        sets[nset][0] = sch[a];
        sets[nset][1] = sets[nset][2] = -1;
        nset++;
        for (int i = 0; i < nn; i++) {
            if (near[i] < a)
                continue;
            sets[nset][0] = sch[a];
            sets[nset][1] = sch[near[i]];
            sets[nset][2] = -1;
            nset++;
            for (int k = i + 1; k < nn; k++)
                if (near[k] > a && rotas_county_km(c, sch[near[i]], sch[near[k]]) <= NEAR_KM) {
                    sets[nset][0] = sch[a];
                    sets[nset][1] = sch[near[i]];
                    sets[nset][2] = sch[near[k]];
                    nset++;
                }
        }
        for (int q = 0; q < nset; q++) {
            int ns_ = sets[q][2] >= 0 ? 3 : sets[q][1] >= 0 ? 2 : 1;
            /* places with groups into the set */
            int pl[64], npl = 0;
            for (size_t g = 0; g < ng; g++) {
                if (G[g].alone)
                    continue;
                int in = 0;
                for (int k = 0; k < ns_; k++)
                    in |= G[g].school == sets[q][k];
                int seen = 0;
                for (int k = 0; k < npl; k++)
                    seen |= pl[k] == G[g].place;
                if (in && !seen && npl < 64)
                    pl[npl++] = G[g].place;
            }
            for (int i = 0; i < npl; i++)
                for (int k = i; k < npl; k++) {
                    if (k > i && leg_km(&N, pl[i], pl[k]) > PLACES_PAIR_KM)
                        continue;
                    route R = {{pl[i], k > i ? pl[k] : -1},
                               k > i ? 2 : 1,
                               {sets[q][0], sets[q][1], sets[q][2]},
                               ns_,
                               {0},
                               NULL,
                               0,
                               0,
                               0,
                               0,
                               0,
                               0};
                    size_t m = 0;
                    int hasp[2] = {0, 0}, hass[3] = {0, 0, 0};
                    for (size_t g = 0; g < ng; g++) {
                        if (G[g].alone)
                            continue;
                        int pi = G[g].place == R.P[0]                 ? 0
                                 : R.np_ == 2 && G[g].place == R.P[1] ? 1
                                                                      : -1;
                        int si = -1;
                        for (int z = 0; z < ns_; z++)
                            if (G[g].school == R.S[z])
                                si = z;
                        if (pi < 0 || si < 0)
                            continue;
                        gs[m++] = (int)g;
                        hasp[pi] = 1;
                        hass[si] = 1;
                        R.load += G[g].size;
                    }
                    int useful = hasp[0] && (R.np_ == 1 || hasp[1]);
                    for (int z = 0; z < ns_; z++)
                        useful &= hass[z];
                    if (!useful || R.load > maxseats)
                        continue;
                    if (!(R.groups = malloc(m * sizeof(int))))
                        goto oom;
                    memcpy(R.groups, gs, m * sizeof(int));
                    R.n_groups = m;
                    if (best_orders(&N, G, &R))
                        PUSH_ROUTE(R);
                    else
                        free(R.groups);
                }
        }
    }
    free(sch);
#undef PUSH_ROUTE

    /* Vehicle types. */
    if (!(VT = calloc(s->n_vehicles + 1, sizeof *VT)))
        goto oom;
    for (size_t v = 0; v < s->n_vehicles; v++) {
        const rotas_vehicle *V = &s->vehicles[v];
        size_t k = 0;
        for (; k < nvt; k++) {
            const rotas_vehicle *W = &s->vehicles[VT[k].first];
            if (W->seats == V->seats && W->lat == V->lat && W->lon == V->lon &&
                W->depot_school == V->depot_school && W->cost_per_day == V->cost_per_day &&
                W->cost_per_km == V->cost_per_km)
                break;
        }
        if (k == nvt) {
            VT[nvt].first = (int)v;
            if (!(VT[nvt].members = calloc(s->n_vehicles, sizeof(int))))
                goto oom;
            nvt++;
        }
        VT[k].members[VT[k].count++] = (int)v;
    }

    /* The model. */
    if ((rc = rotas__lp_new(&lp, "shuttles", 0, err)) != ROTAS_OK)
        goto done;
    colr = malloc((nr * nvt + 1) * sizeof *colr);
    colk = malloc((nr * nvt + 1) * sizeof *colk);
    colc = malloc((nr * nvt + 1) * sizeof *colc);
    gcol = malloc((ng + 1) * sizeof *gcol);
    if (!colr || !colk || !colc || !gcol)
        goto oom;
    for (size_t r = 0; r < nr; r++)
        for (size_t k = 0; k < nvt; k++) {
            const rotas_vehicle *V = &s->vehicles[VT[k].first];
            if (V->seats < RT[r].load)
                continue;
            if (RT[r].t0 - depot_min(&N, V, RT[r].P[0]) < s->earliest)
                continue;
            /* only the types of the NEAR_TYPES nearest depots that can drive it (by the km
               to the first stop; ties: the type listed first) */
            int nearer = 0;
            double dk = depot_km(&N, V, RT[r].P[0]);
            for (size_t q = 0; q < nvt; q++) {
                const rotas_vehicle *W = &s->vehicles[VT[q].first];
                if (q == k || W->seats < RT[r].load ||
                    RT[r].t0 - depot_min(&N, W, RT[r].P[0]) < s->earliest)
                    continue;
                double dq = depot_km(&N, W, RT[r].P[0]);
                nearer += dq < dk - 1e-9 || (fabs(dq - dk) <= 1e-9 && q < k);
            }
            if (nearer >= NEAR_TYPES)
                continue;
            rotas_bus_route tmp;
            rotas_bus_stop ms[5], es[5];
            memset(&tmp, 0, sizeof tmp);
            tmp.morning.stops = ms;
            tmp.evening.stops = es;
            fill_trip(&N, &RT[r], V, &tmp);
            int col = rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, W_VEHICLE + tmp.km_day,
                                    "y(r%zu,%s)", r, V->id);
            if (col < 0)
                goto fail;
            colr[ncol] = (int)r;
            colc[ncol] = W_VEHICLE + tmp.km_day;
            colk[ncol++] = (int)k;
        }
    res->columns = ncol;
    cols = malloc((ncol + 2) * sizeof *cols);
    vals = malloc((ncol + 2) * sizeof *vals);
    if (!cols || !vals)
        goto oom;
    for (size_t g = 0; g < ng; g++) {
        size_t n = 0;
        for (size_t j = 0; j < ncol; j++)
            for (size_t q = 0; q < RT[colr[j]].n_groups; q++)
                if (RT[colr[j]].groups[q] == (int)g) {
                    cols[n] = (int)j;
                    vals[n++] = 1;
                }
        gcol[g] =
            rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, 1, W_UNSERVED * G[g].size, "u(g%zu)", g);
        if (gcol[g] < 0)
            goto fail;
        cols[n] = gcol[g];
        vals[n++] = 1;
        if (rotas__lp_row(lp, err, 1, 1, n, cols, vals, "cover(g%zu)", g) < 0)
            goto fail;
    }
    for (size_t k = 0; k < nvt; k++) {
        size_t n = 0;
        for (size_t j = 0; j < ncol; j++)
            if (colk[j] == (int)k) {
                cols[n] = (int)j;
                vals[n++] = 1;
            }
        if (n && rotas__lp_row(lp, err, -INFINITY, VT[k].count, n, cols, vals, "type(%s)",
                               s->vehicles[VT[k].first].id) < 0)
            goto fail;
    }
    if (o && o->export_lp && (rc = rotas__lp_write_lp(lp, o->export_lp, err)) != ROTAS_OK)
        goto done;
    if (o && o->export_dat) {
        rotas_outfile *of = NULL;
        if ((rc = rotas_outfile_open(&of, o->export_dat, err)) != ROTAS_OK)
            goto done;
        FILE *f = rotas_outfile_stream(of);
        fprintf(f,
                "# data of models/shuttles.mod (rotas shuttles --export-dat)\ndata;\n"
                "param w_unserved := %.17g;\nset G :=",
                W_UNSERVED);
        for (size_t g = 0; g < ng; g++)
            fprintf(f, " g%zu", g);
        fprintf(f, ";\nset K :=");
        for (size_t k = 0; k < nvt; k++)
            fprintf(f, " k%zu", k);
        fprintf(f, ";\nset J :=");
        for (size_t j = 0; j < ncol; j++)
            fprintf(f, " j%zu", j);
        fprintf(f, ";\nset A :=");
        for (size_t j = 0; j < ncol; j++)
            for (size_t q = 0; q < RT[colr[j]].n_groups; q++)
                fprintf(f, " (j%zu, g%d)", j, RT[colr[j]].groups[q]);
        fprintf(f, ";\nparam size :=");
        for (size_t g = 0; g < ng; g++)
            fprintf(f, " g%zu %d", g, G[g].size);
        fprintf(f, ";\nparam count :=");
        for (size_t k = 0; k < nvt; k++)
            fprintf(f, " k%zu %d", k, VT[k].count);
        fprintf(f, ";\nparam type :=");
        for (size_t j = 0; j < ncol; j++)
            fprintf(f, " j%zu k%d", j, colk[j]);
        fprintf(f, ";\nparam cost :=");
        for (size_t j = 0; j < ncol; j++)
            fprintf(f, " j%zu %.17g", j, colc[j]);
        fprintf(f, ";\nend;\n");
        if ((rc = rotas_outfile_commit(of, err)) != ROTAS_OK)
            goto done;
    }
    /* A greedy start for the branch and cut: the cheapest columns per rider first, while their
       groups are free and their type has a vehicle left; the rest unserved. */
    start = calloc(ncol + ng + 1, sizeof *start);
    order = malloc((ncol + 1) * sizeof *order);
    taken = calloc(ng + 1, 1);
    left = malloc((nvt + 1) * sizeof *left);
    if (!start || !order || !taken || !left)
        goto oom;
    for (size_t k = 0; k < nvt; k++)
        left[k] = VT[k].count;
    for (size_t j = 0; j < ncol; j++)
        order[j] = (gkey){colc[j] / (double)RT[colr[j]].load, (int)j};
    qsort(order, ncol, sizeof *order, cmp_greedy);
    for (size_t q = 0; q < ncol; q++) {
        int j = order[q].col;
        const route *R = &RT[colr[j]];
        int ok = left[colk[j]] > 0;
        for (size_t z = 0; ok && z < R->n_groups; z++)
            ok = !taken[R->groups[z]];
        if (!ok)
            continue;
        start[j] = 1;
        left[colk[j]]--;
        for (size_t z = 0; z < R->n_groups; z++)
            taken[R->groups[z]] = 1;
    }
    for (size_t g = 0; g < ng; g++)
        start[gcol[g]] = taken[g] ? 0 : 1;
    rotas_lp_options lo = {.time_limit = o && o->time_limit > 0 ? o->time_limit : 60,
                           .verbose = o ? o->verbose : 0,
                           .cuts = 2,
                           .start = start};
    rotas_lp_result lr;
    if (ncol + ng == 0) {
        lr = (rotas_lp_result){ROTAS_LP_OPTIMAL, 0, 0, 0, 0, 0, 0, 0};
    } else {
        if ((rc = rotas__lp_solve(lp, &lo, &lr, err)) != ROTAS_OK)
            goto done;
        if (lr.status != ROTAS_LP_OPTIMAL && lr.status != ROTAS_LP_FEASIBLE) {
            rc = rotas_error_set(err, ROTAS_ESOLVER, _("the shuttle model: %s"),
                                 lr.status == ROTAS_LP_NO_SOLUTION
                                     ? "no solution within the time limit"
                                     : "the solver failed");
            goto done;
        }
    }
    res->status = lr.status == ROTAS_LP_OPTIMAL ? ROTAS_STATUS_OPTIMAL : ROTAS_STATUS_TIME_LIMIT;
    res->objective = lr.objective;
    res->bound = lr.bound;
    res->gap = lr.gap;
    res->seconds = lr.seconds;
    /* Decode: the chosen columns, each given a vehicle of its type. */
    if (!(res->routes = calloc(ncol + 1, sizeof *res->routes)))
        goto oom;
    int *used = calloc(nvt + 1, sizeof *used);
    if (!used)
        goto oom;
    for (size_t j = 0; j < ncol; j++) {
        if (rotas__lp_value(lp, (int)j) < 0.5)
            continue;
        const route *R = &RT[colr[j]];
        int k = colk[j];
        rotas_bus_route *X = &res->routes[res->n_routes++];
        X->vehicle = VT[k].members[used[k]++];
        if (!(X->morning.stops = calloc(5, sizeof(rotas_bus_stop))) ||
            !(X->evening.stops = calloc(5, sizeof(rotas_bus_stop))) ||
            !(X->riders = calloc((size_t)R->load + 1, sizeof(int)))) {
            free(used);
            goto oom;
        }
        fill_trip(&N, R, &s->vehicles[X->vehicle], X);
        for (size_t q = 0; q < R->n_groups; q++)
            for (int z = 0; z < G[R->groups[q]].size; z++)
                X->riders[X->n_riders++] = G[R->groups[q]].teachers[z];
        res->km += X->km_day;
        res->cost += X->cost_day;
    }
    free(used);
    for (size_t g = 0; g < ng; g++)
        if (rotas__lp_value(lp, gcol[g]) > 0.5)
            for (int z = 0; z < G[g].size; z++) {
                res->unserved[res->n_unserved].teacher = G[g].teachers[z];
                snprintf(res->unserved[res->n_unserved++].reason, 160, "%s",
                         "no vehicle left: every vehicle that can make this trip in time is on "
                         "another route");
            }
    goto done;
oom:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory while planning shuttles"));
    goto done;
fail:
    rc = err && err->code ? err->code : ROTAS_ERR;
done:
    rotas__lp_free(lp);
    for (size_t g = 0; G && g < ng; g++)
        free(G[g].teachers);
    free(G);
    for (size_t r = 0; r < nr; r++)
        free(RT[r].groups);
    free(RT);
    for (size_t k = 0; VT && k < nvt; k++)
        free(VT[k].members);
    free(VT);
    free(gcol);
    free(cols);
    free(vals);
    free(colr);
    free(colk);
    free(colc);
    free(gs);
    free(start);
    free(order);
    free(left);
    free(taken);
    if (rc == ROTAS_OK) {
        *out = res;
        res = NULL;
    }
    rotas_shuttle_result_free(res);
    return rc;
}
