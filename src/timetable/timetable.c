/*
 * timetable.c - one cluster's weekly timetable with itinerant teachers (走教).
 *
 * Method, in three stages (a monolithic placement MIP finds no first solution in GLPK on a
 * cluster of four schools; given one, it improves it quickly):
 *
 *  (a) who teaches what (assign.c): every (class, subject) demand is given teachers by a
 *      greedy pass (own-school teachers first, then teachers already serving the school, few
 *      schools per itinerant teacher, balanced loads), and the greedy flow is augmented to a
 *      maximum flow of teacher periods against demand (Dinic, flow.c). The max-flow value also
 * gives capacity_bound: lessons no timetable can place because the cluster's qualified teachers do
 * not have the periods (time ignored; rules 3, 4 and max_periods respected). (b) when: lessons are
 * placed one by one, itinerant teachers first, each in the cheapest feasible slot (a new school in
 * a teacher's day costs a change and its km, main subjects prefer the morning). Lessons that find
 * no slot are repaired by ejection chains: the lesson takes the slot whose blocking lessons are
 * fewest and least often moved (possibly with another qualified teacher who has periods left), the
 * blocked lessons go back into the queue; the best state seen is kept. Then a local search moves
 * lessons and swaps two lessons of a class while the objective falls. (c) improvement with GLPK
 * (mip.c): fix-and-optimize. In turn, one itinerant teacher's lessons, the same with every lesson
 * of the classes it teaches, and one day of the cluster are freed; the placement MIP of the freed
 * lessons is solved with everything else fixed and the current placement as the start vector (each
 * within a share of the budget); the new placement is kept when its true cost is lower. Rounds
 * repeat while they gain.
 *
 * Objective (policy weights): w_tt_unscheduled per unplaced lesson, w_tt_change per school
 * change of a teacher in a day, w_tt_km per km travelled, w_tt_school per extra school a
 * teacher serves in the week, w_tt_morning per chinese/maths lesson starting at 12:00 or later.
 *
 * Bound and gap: the reported bound is a valid lower bound on that objective over all
 * timetables: w_tt_unscheduled x capacity_bound (the unscheduled lessons that no timetable
 * avoids) plus, per class, w_tt_morning x the main-subject lessons that cannot fit in its
 * morning periods. gap = (objective - bound) / objective (0 when the objective is 0).
 *
 * Everyday constraints (county.h) are hard in every phase: a slot is open to a lesson only if
 * its teacher is free then (unavailable clock times against the school's bell), its class is
 * available, and the subject rules allow it (not_first_period; not_after_lunch = the first
 * period starting at 12:00 or later); a teacher with max_days opens no further day; fixed
 * lessons are placed first and never freed, ejected or moved, and count toward the curriculum
 * and max_periods. Each teacher's weekly maximum is cut to min(max_periods, the period numbers
 * it is free at some school of the cluster, summed over its best max_days days), which keeps
 * the max-flow capacity bound valid. before_period N is soft: a lesson of that subject after
 * period N costs w_tt_morning (it replaces the afternoon rule for chinese/maths).
 *
 * Re-plan (options->previous): each earlier lesson that maps onto the cluster (class, subject
 * and a still-qualified teacher) is a home; its teacher is chosen first, and it is put back in
 * its slot before anything else is placed, if it still fits. Every earlier lesson not in its
 * slot at the end costs w_tt_keep (after w_tt_unscheduled, before the travel terms) in the
 * heuristics, the local search and the placement MIP (x of a home slot saves w_tt_keep).
 *
 * Determinism: all tie-breaks use a generator seeded from options->seed; iteration counts are
 * fixed. Only the wall-clock limit can cut a run short, and then status says "time_limit".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n_int.h"
#include "rotas/timetable.h"
#include "tt_int.h"

#define DAYS ROTAS_DAYS

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* xorshift generator: deterministic for a seed. */
static unsigned rnd(unsigned *s)
{
    unsigned x = *s ? *s : 2463534242u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

/* ------------------------------------------------------------------ placement state */

typedef struct state {
    const tt_problem *P;
    tt_lesson *L;
    int *cls; /* nk * DAYS * maxp: lesson or -1 */
    int *td;  /* nt * DAYS * tdcap: lessons of a teacher-day */
    int *tdn; /* nt * DAYS */
    int tdcap;
    int *load;   /* nt: placed lessons */
    int *dday;   /* nd * DAYS */
    int *tsd;    /* nt * DAYS * ns */
    int *tsw;    /* nt * ns */
    int *tdays;  /* nt * DAYS: distinct schools of the teacher-day */
    int *tdused; /* nt: days with lessons (max_days) */
    int *ruse;   /* npool * DAYS * maxp: lessons in a room pool */
    int unplaced;
    int *scratch;
} state;

#define CLS(S, k, day, p)                                                                          \
    (S)->cls[((size_t)(k)*DAYS + (size_t)(day)) * (size_t)(S)->P->maxp + (size_t)(p)]
#define RUSE(S, q, day, p)                                                                         \
    (S)->ruse[((size_t)(q)*DAYS + (size_t)(day)) * (size_t)(S)->P->maxp + (size_t)(p)]

static void state_free(state *S)
{
    free(S->cls);
    free(S->td);
    free(S->tdn);
    free(S->load);
    free(S->dday);
    free(S->tsd);
    free(S->tsw);
    free(S->tdays);
    free(S->tdused);
    free(S->ruse);
    free(S->scratch);
}

static int lesson_school(const tt_problem *P, const tt_lesson *l)
{
    return P->ks[P->dem[l->d].k];
}

static void st_place(state *S, int l, int t, int day, int p)
{
    const tt_problem *P = S->P;
    tt_lesson *x = &S->L[l];
    int s = lesson_school(P, x);
    x->t = t;
    x->day = day;
    x->p = p;
    CLS(S, P->dem[x->d].k, day, p) = l;
    size_t td = (size_t)t * DAYS + (size_t)day;
    if (S->tdn[td] == 0)
        S->tdused[t]++;
    S->td[td * (size_t)S->tdcap + (size_t)S->tdn[td]++] = l;
    S->load[t]++;
    S->dday[(size_t)x->d * DAYS + (size_t)day]++;
    if (S->tsd[td * (size_t)P->ns + (size_t)s]++ == 0)
        S->tdays[td]++;
    S->tsw[(size_t)t * (size_t)P->ns + (size_t)s]++;
    if (P->dem[x->d].pool >= 0)
        RUSE(S, P->dem[x->d].pool, day, p)++;
    S->unplaced--;
}

static void st_remove(state *S, int l)
{
    const tt_problem *P = S->P;
    tt_lesson *x = &S->L[l];
    int t = x->t, day = x->day, s = lesson_school(P, x);
    CLS(S, P->dem[x->d].k, day, x->p) = -1;
    size_t td = (size_t)t * DAYS + (size_t)day;
    int *v = &S->td[td * (size_t)S->tdcap];
    for (int i = 0; i < S->tdn[td]; i++)
        if (v[i] == l) {
            v[i] = v[--S->tdn[td]];
            break;
        }
    if (S->tdn[td] == 0)
        S->tdused[t]--;
    S->load[t]--;
    S->dday[(size_t)x->d * DAYS + (size_t)day]--;
    if (--S->tsd[td * (size_t)P->ns + (size_t)s] == 0)
        S->tdays[td]--;
    S->tsw[(size_t)t * (size_t)P->ns + (size_t)s]--;
    if (P->dem[x->d].pool >= 0)
        RUSE(S, P->dem[x->d].pool, day, x->p)--;
    x->day = x->p = -1;
    S->unplaced++;
}

static int state_init(state *S, const tt_problem *P, tt_lesson *L)
{
    memset(S, 0, sizeof *S);
    S->P = P;
    S->L = L;
    S->tdcap = P->ns * P->maxp + 1;
    size_t ntd = (size_t)P->nt * DAYS + 1;
    S->cls = malloc(((size_t)P->nk * DAYS * (size_t)P->maxp + 1) * sizeof *S->cls);
    S->td = malloc(ntd * (size_t)S->tdcap * sizeof *S->td);
    S->tdn = calloc(ntd, sizeof *S->tdn);
    S->load = calloc((size_t)P->nt + 1, sizeof *S->load);
    S->dday = calloc((size_t)P->nd * DAYS + 1, sizeof *S->dday);
    S->tsd = calloc(ntd * (size_t)P->ns, sizeof *S->tsd);
    S->tsw = calloc((size_t)P->nt * (size_t)P->ns + 1, sizeof *S->tsw);
    S->tdays = calloc(ntd, sizeof *S->tdays);
    S->tdused = calloc((size_t)P->nt + 1, sizeof *S->tdused);
    S->ruse = calloc((size_t)P->npool * DAYS * (size_t)P->maxp + 1, sizeof *S->ruse);
    S->scratch = malloc(((size_t)P->nl + (size_t)S->tdcap + 8) * sizeof *S->scratch);
    if (!S->cls || !S->td || !S->tdn || !S->load || !S->dday || !S->tsd || !S->tsw || !S->tdays ||
        !S->tdused || !S->ruse || !S->scratch)
        return -1;
    for (size_t i = 0; i < (size_t)P->nk * DAYS * (size_t)P->maxp; i++)
        S->cls[i] = -1;
    S->unplaced = P->nl;
    for (int l = 0; l < P->nl; l++) {
        tt_lesson x = L[l];
        L[l].day = L[l].p = -1;
        if (x.day >= 0 && x.t >= 0)
            st_place(S, l, x.t, x.day, x.p);
    }
    return 0;
}

/* 1 if lesson l may go to (t, day, p) now (l itself not placed). */
static int can_place(const state *S, int l, int t, int day, int p)
{
    const tt_problem *P = S->P;
    const tt_lesson *x = &S->L[l];
    const tt_demand *dm = &P->dem[x->d];
    int s = P->ks[dm->k];
    if (t < 0 || p >= P->sch[s].np || CLS(S, dm->k, day, p) >= 0 || S->load[t] >= P->cap[t])
        return 0;
    if (!tt_slot_ok(P, x->d, t, day, p))
        return 0;
    if (dm->small && S->dday[(size_t)x->d * DAYS + (size_t)day] > 0)
        return 0;
    if (dm->pool >= 0 && RUSE(S, dm->pool, day, p) >= P->pool_cap[dm->pool])
        return 0;
    size_t td = (size_t)t * DAYS + (size_t)day;
    if (P->maxd[t] && S->tdn[td] == 0 && S->tdused[t] >= P->maxd[t])
        return 0;
    if (S->tsd[td * (size_t)P->ns + (size_t)s] == 0 && S->tdays[td] >= P->max_schools)
        return 0;
    const int *v = &S->td[td * (size_t)S->tdcap];
    for (int i = 0; i < S->tdn[td]; i++) {
        const tt_lesson *y = &S->L[v[i]];
        if (tt_conflict(P, s, p, lesson_school(P, y), y->p))
            return 0;
    }
    return 1;
}

/* Lessons blocking (t, day, p) for lesson l: written to out, returns the count, or -1 when the
   slot cannot be freed by moving lessons (no such period, teacher at its weekly maximum). */
static int blockers(const state *S, int l, int t, int day, int p, int *out)
{
    const tt_problem *P = S->P;
    const tt_lesson *x = &S->L[l];
    const tt_demand *dm = &P->dem[x->d];
    int s = P->ks[dm->k], n = 0;
    if (t < 0 || p >= P->sch[s].np || S->load[t] >= P->cap[t] || !tt_slot_ok(P, x->d, t, day, p))
        return -1;
    int occ = CLS(S, dm->k, day, p);
    if (occ >= 0)
        out[n++] = occ;
    size_t td = (size_t)t * DAYS + (size_t)day;
    const int *v = &S->td[td * (size_t)S->tdcap];
    if (dm->small && S->dday[(size_t)x->d * DAYS + (size_t)day] > 0) {
        for (int k = 0; k < P->maxp; k++) {
            int m = CLS(S, dm->k, day, k);
            if (m >= 0 && m != occ && S->L[m].d == x->d)
                out[n++] = m;
        }
    }
    if (dm->pool >= 0 && RUSE(S, dm->pool, day, p) >= P->pool_cap[dm->pool]) {
        /* the rooms are full: free them of the other classes' lessons there */
        for (int k = 0; k < P->nk; k++) {
            int m = P->ks[k] == s ? CLS(S, k, day, p) : -1;
            if (m < 0 || m == occ || P->dem[S->L[m].d].pool != dm->pool)
                continue;
            int dup = 0;
            for (int j = 0; j < n; j++)
                dup |= out[j] == m;
            if (!dup)
                out[n++] = m;
        }
    }
    for (int i = 0; i < S->tdn[td]; i++) {
        const tt_lesson *y = &S->L[v[i]];
        if (tt_conflict(P, s, p, lesson_school(P, y), y->p)) {
            int dup = 0;
            for (int j = 0; j < n; j++)
                dup |= out[j] == v[i];
            if (!dup)
                out[n++] = v[i];
        }
    }
    if (S->tsd[td * (size_t)P->ns + (size_t)s] == 0 && S->tdays[td] >= P->max_schools) {
        /* free the school of the day with the fewest lessons left after the above */
        int bs = -1, bc = 1 << 30;
        for (int z = 0; z < P->ns; z++) {
            int cnt = S->tsd[td * (size_t)P->ns + (size_t)z];
            if (cnt == 0)
                continue;
            for (int j = 0; j < n; j++)
                if (S->L[out[j]].t == t && S->L[out[j]].day == day &&
                    lesson_school(P, &S->L[out[j]]) == z)
                    cnt--;
            if (cnt < bc) {
                bc = cnt;
                bs = z;
            }
        }
        for (int i = 0; i < S->tdn[td]; i++) {
            if (lesson_school(P, &S->L[v[i]]) != bs)
                continue;
            int dup = 0;
            for (int j = 0; j < n; j++)
                dup |= out[j] == v[i];
            if (!dup)
                out[n++] = v[i];
        }
    }
    if (P->maxd[t] && S->tdn[td] == 0 && S->tdused[t] >= P->maxd[t]) {
        /* max_days: free the teacher's day with the fewest lessons */
        int bd = -1, bc = 1 << 30;
        for (int dd = 0; dd < DAYS; dd++) {
            int cnt = S->tdn[(size_t)t * DAYS + (size_t)dd];
            if (cnt > 0 && cnt < bc) {
                bc = cnt;
                bd = dd;
            }
        }
        if (bd < 0)
            return -1;
        const int *w = &S->td[((size_t)t * DAYS + (size_t)bd) * (size_t)S->tdcap];
        for (int i = 0; i < bc; i++) {
            int dup = 0;
            for (int j = 0; j < n; j++)
                dup |= out[j] == w[i];
            if (!dup)
                out[n++] = w[i];
        }
    }
    for (int i = 0; i < n; i++)
        if (S->L[out[i]].fix)
            return -1; /* fixed lessons never move */
    return n;
}

/* Cost of a teacher-day (changes and km) with the current lessons. */
static double td_cost(state *S, int t, int day)
{
    const tt_problem *P = S->P;
    size_t td = (size_t)t * DAYS + (size_t)day;
    int n = S->tdn[td];
    if (S->tdays[td] <= 1)
        return 0.0;
    int *tmp = S->scratch;
    memcpy(tmp, &S->td[td * (size_t)S->tdcap], (size_t)n * sizeof *tmp);
    int ch;
    double km;
    rotas__tt_day_route(P, S->L, tmp, n, &ch, &km);
    return P->pol->w_tt_change * ch + P->pol->w_tt_km * km;
}

static double teacher_week_cost(const state *S, int t)
{
    int n = 0;
    for (int z = 0; z < S->P->ns; z++)
        n += S->tsw[(size_t)t * (size_t)S->P->ns + (size_t)z] > 0;
    return n > 1 ? S->P->pol->w_tt_school * (n - 1) : 0.0;
}

static double lesson_term(const state *S, int l)
{
    const tt_problem *P = S->P;
    const tt_lesson *x = &S->L[l];
    double keep = x->h >= 0 && !tt_at_home(P, x) ? P->pol->w_tt_keep : 0.0;
    if (x->day < 0)
        return P->pol->w_tt_unscheduled + keep;
    return P->pen[(size_t)x->d * (size_t)P->maxp + (size_t)x->p] + keep;
}

/* Cost of the parts of the objective touched by teachers t1, t2 on days d1, d2 and the two
   lessons (any of them may be -1). */
static double local_cost(state *S, int t1, int t2, int d1, int d2, int l1, int l2)
{
    double c = 0.0;
    int ts[2] = {t1, t2}, ds[2] = {d1, d2};
    for (int i = 0; i < 2; i++) {
        if (ts[i] < 0 || (i == 1 && ts[1] == ts[0]))
            continue;
        c += teacher_week_cost(S, ts[i]);
        for (int j = 0; j < 2; j++) {
            if (ds[j] < 0 || (j == 1 && ds[1] == ds[0]))
                continue;
            c += td_cost(S, ts[i], ds[j]);
        }
    }
    if (l1 >= 0)
        c += lesson_term(S, l1);
    if (l2 >= 0)
        c += lesson_term(S, l2);
    return c;
}

/* Heuristic price of putting lesson l at (t, day, p): the objective's increase plus small
   tie-breakers that keep room for later lessons. */
static double slot_price(state *S, int l, int t, int day, int p, unsigned *seed)
{
    const tt_problem *P = S->P;
    const tt_lesson *x = &S->L[l];
    const tt_demand *dm = &P->dem[x->d];
    int s = P->ks[dm->k];
    size_t td = (size_t)t * DAYS + (size_t)day;
    double price = 0.0;
    if (S->tdays[td] > 0 && S->tsd[td * (size_t)P->ns + (size_t)s] == 0) {
        double km = INFINITY;
        for (int z = 0; z < P->ns; z++)
            if (S->tsd[td * (size_t)P->ns + (size_t)z] > 0) {
                double k = rotas_county_km(P->c, P->sch[z].g, P->sch[s].g);
                if (k < km)
                    km = k;
            }
        price += P->pol->w_tt_change + P->pol->w_tt_km * 2.0 * km;
    }
    if (S->tsw[(size_t)t * (size_t)P->ns + (size_t)s] == 0) {
        int n = 0;
        for (int z = 0; z < P->ns; z++)
            n += S->tsw[(size_t)t * (size_t)P->ns + (size_t)z] > 0;
        if (n > 0)
            price += P->pol->w_tt_school;
    }
    int aft = P->afternoon[(size_t)s * (size_t)P->maxp + (size_t)p];
    price += P->pen[(size_t)x->d * (size_t)P->maxp + (size_t)p];
    if (!dm->pref && !aft)
        price += 0.3 * P->pol->w_tt_morning; /* leave mornings to subjects that want them */
    if (x->h >= 0) {
        const tt_place *h = &P->homes[x->h];
        if (h->t == t && h->day == day && h->p == p)
            price -= P->pol->w_tt_keep;
    }
    /* a part-timer's new day is dear: it uses up one of its max_days */
    if (P->maxd[t] && S->tdn[td] == 0)
        price += 0.5;
    if (!dm->small)
        price += 0.4 * S->dday[(size_t)x->d * DAYS + (size_t)day];
    /* itinerant teachers: a day at a school they already teach at that day is cheaper than
       opening a new day, which stays free for another school */
    if (S->tdays[td] == 0 && S->tsw[(size_t)t * (size_t)P->ns + (size_t)s] > 0)
        price += 0.2;
    price += 1e-3 * (double)(rnd(seed) % 1000) / 1000.0;
    return price;
}

static int best_slot(state *S, int l, int t, int *bday, int *bp, double *bprice, unsigned *seed)
{
    const tt_problem *P = S->P;
    int s = lesson_school(P, &S->L[l]);
    int found = 0;
    for (int day = 0; day < DAYS; day++)
        for (int p = 0; p < P->sch[s].np; p++) {
            if (!can_place(S, l, t, day, p))
                continue;
            double pr = slot_price(S, l, t, day, p, seed);
            if (!found || pr < *bprice) {
                found = 1;
                *bprice = pr;
                *bday = day;
                *bp = p;
            }
        }
    return found;
}

/* ------------------------------------------------------------------ construction, repair */

static int construct(state *S, unsigned *seed)
{
    const tt_problem *P = S->P;
    tt_lesson *L = S->L;
    int *order = malloc(((size_t)P->nl + 1) * sizeof *order);
    int *schools = calloc((size_t)P->nt + 1, sizeof *schools);
    unsigned char *serve = calloc((size_t)P->nt * (size_t)P->ns + 1, 1);
    long *key = malloc(((size_t)P->nl + 1) * sizeof *key);
    int n = 0;
    if (!order || !schools || !serve || !key) {
        free(order);
        free(schools);
        free(serve);
        free(key);
        return -1;
    }
    for (int l = 0; l < P->nl; l++)
        if (L[l].t >= 0) {
            size_t e = (size_t)L[l].t * (size_t)P->ns + (size_t)lesson_school(P, &L[l]);
            if (!serve[e]) {
                serve[e] = 1;
                schools[L[l].t]++;
            }
        }
    for (int l = 0; l < P->nl; l++) {
        if (L[l].t < 0 || L[l].day >= 0)
            continue;
        /* itinerant teachers first (most schools first), then teachers with the largest
           weekly maximum; a teacher's lessons stay together, in lesson (class) order */
        int t = L[l].t;
        long itin = schools[t] > 1 ? 0 : 1;
        long k = itin * 100000L + (long)(99 - (schools[t] > 99 ? 99 : schools[t])) * 1000L +
                 (long)(999 - (P->cap[t] > 999 ? 999 : P->cap[t]));
        key[l] = k * 65536L + t;
        order[n++] = l;
    }
    /* stable sort by key */
    for (int i = 1; i < n; i++) {
        int v = order[i], j = i - 1;
        while (j >= 0 && key[order[j]] > key[v]) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = v;
    }
    for (int i = 0; i < n; i++) {
        int l = order[i], day, p;
        double pr;
        if (best_slot(S, l, L[l].t, &day, &p, &pr, seed))
            st_place(S, l, L[l].t, day, p);
    }
    free(order);
    free(schools);
    free(serve);
    free(key);
    return 0;
}

/* Ejection-chain repair of unplaced lessons. Keeps the best placement seen in best[]. */
static int repair(state *S, tt_lesson *best, long max_iter, double deadline, unsigned *seed)
{
    const tt_problem *P = S->P;
    tt_lesson *L = S->L;
    int nl = P->nl;
    int *queue = malloc(((size_t)nl * 4 + 16) * sizeof *queue);
    int *ejected = calloc((size_t)nl + 1, sizeof *ejected);
    long *placed_at = calloc((size_t)nl + 1, sizeof *placed_at);
    int *bl = malloc(((size_t)S->tdcap * 2 + (size_t)P->maxp + (size_t)P->nk + 8) * sizeof *bl);
    int *bbest =
        malloc(((size_t)S->tdcap * 2 + (size_t)P->maxp + (size_t)P->nk + 8) * sizeof *bbest);
    int rc = 0;
    if (!queue || !ejected || !placed_at || !bl || !bbest) {
        rc = -1;
        goto done;
    }
    memcpy(best, L, (size_t)nl * sizeof *L);
    int best_unplaced = S->unplaced;
    size_t qcap = (size_t)nl * 4 + 16, qh = 0, qn = 0;
    for (int l = 0; l < nl; l++)
        if (L[l].day < 0)
            queue[(qh + qn++) % qcap] = l;
    long iter = 0;
    long stall = 0;
    while (qn > 0 && iter < max_iter) {
        if ((iter & 255) == 0 && now_s() > deadline)
            break;
        iter++;
        int l = queue[qh];
        qh = (qh + 1) % qcap;
        qn--;
        if (L[l].day >= 0)
            continue;
        const tt_demand *dm = &P->dem[L[l].d];
        int s = P->ks[dm->k];
        /* candidate teachers: its own, then others qualified */
        int day, p, bt = -1, bday = -1, bp = -1;
        double pr, bpr = INFINITY;
        if (L[l].t >= 0 && best_slot(S, l, L[l].t, &day, &p, &pr, seed)) {
            bt = L[l].t;
            bday = day;
            bp = p;
            bpr = pr;
        }
        if (bt < 0)
            for (int t = 0; t < P->nt; t++) {
                if (t == L[l].t || !P->qual[(size_t)L[l].d * (size_t)P->nt + (size_t)t])
                    continue;
                if (best_slot(S, l, t, &day, &p, &pr, seed) && pr + 5.0 < bpr) {
                    bt = t;
                    bday = day;
                    bp = p;
                    bpr = pr + 5.0;
                }
            }
        if (bt >= 0) {
            st_place(S, l, bt, bday, bp);
            placed_at[l] = iter;
        } else {
            /* eject: choose the slot with the cheapest blocking set */
            double bw = INFINITY;
            int bn = -1;
            for (int t = -1; t < P->nt; t++) {
                int tt = t < 0 ? L[l].t : t;
                if (tt < 0 || (t >= 0 && t == L[l].t) ||
                    !P->qual[(size_t)L[l].d * (size_t)P->nt + (size_t)tt])
                    continue;
                for (day = 0; day < DAYS; day++)
                    for (p = 0; p < P->sch[s].np; p++) {
                        int n = blockers(S, l, tt, day, p, bl);
                        if (n <= 0)
                            continue;
                        double w = t >= 0 ? 3.0 : 0.0;
                        for (int i = 0; i < n; i++) {
                            w += 1.0 + 0.5 * ejected[bl[i]];
                            if (tt_at_home(P, &L[bl[i]]))
                                w += 4.0;
                            if (iter - placed_at[bl[i]] < 8)
                                w += 50.0;
                        }
                        w += (double)(rnd(seed) % 1000) / 1000.0;
                        if (w < bw) {
                            bw = w;
                            bn = n;
                            memcpy(bbest, bl, (size_t)n * sizeof *bl);
                            bt = tt;
                            bday = day;
                            bp = p;
                        }
                    }
            }
            if (bn > 0) {
                for (int i = 0; i < bn; i++) {
                    st_remove(S, bbest[i]);
                    ejected[bbest[i]]++;
                    if (qn < qcap)
                        queue[(qh + qn++) % qcap] = bbest[i];
                }
                if (can_place(S, l, bt, bday, bp)) {
                    st_place(S, l, bt, bday, bp);
                    placed_at[l] = iter;
                } else if (qn < qcap) {
                    queue[(qh + qn++) % qcap] = l;
                }
            }
            /* else: l cannot be placed at all (no teacher with periods left) */
        }
        if (S->unplaced < best_unplaced) {
            best_unplaced = S->unplaced;
            memcpy(best, L, (size_t)nl * sizeof *L);
            stall = 0;
        } else if (++stall > 20L * nl + 2000) {
            break;
        }
    }
done:
    free(queue);
    free(ejected);
    free(placed_at);
    free(bl);
    free(bbest);
    return rc;
}

/* Number of lessons in L that break a rule given the lessons before them (debugging aid). */
static int count_invalid(const tt_problem *P, const tt_lesson *L)
{
    state S2;
    tt_lesson *copy = malloc(((size_t)P->nl + 1) * sizeof *copy);
    int bad = 0;
    if (!copy)
        return -1;
    for (int l = 0; l < P->nl; l++)
        copy[l] = (tt_lesson){L[l].d, L[l].t, -1, -1, L[l].h, L[l].fix};
    if (state_init(&S2, P, copy) != 0) {
        state_free(&S2);
        free(copy);
        return -1;
    }
    for (int l = 0; l < P->nl; l++)
        if (L[l].day >= 0 && L[l].t >= 0) {
            if (can_place(&S2, l, L[l].t, L[l].day, L[l].p))
                st_place(&S2, l, L[l].t, L[l].day, L[l].p);
            else
                bad++;
        }
    state_free(&S2);
    free(copy);
    return bad;
}

/* Reset the state to the lessons in src. */
static void state_load(state *S, const tt_lesson *src)
{
    const tt_problem *P = S->P;
    for (int l = 0; l < P->nl; l++)
        if (S->L[l].day >= 0)
            st_remove(S, l);
    for (int l = 0; l < P->nl; l++) {
        S->L[l].t = src[l].t;
        S->L[l].h = src[l].h;
        if (src[l].day >= 0 && src[l].t >= 0)
            st_place(S, l, src[l].t, src[l].day, src[l].p);
    }
}

/* Local search: move a lesson to another slot, swap two lessons of one class, insert
   unplaced lessons. Only strict improvements are taken. Returns the moves made. */
static long improve(state *S, int max_pass, double deadline)
{
    const tt_problem *P = S->P;
    tt_lesson *L = S->L;
    long moves = 0;
    for (int pass = 0; pass < max_pass; pass++) {
        long before = moves;
        for (int l = 0; l < P->nl; l++) {
            if ((l & 63) == 0 && now_s() > deadline)
                return moves;
            if (L[l].t < 0 || L[l].fix)
                continue;
            int t = L[l].t, k = P->dem[L[l].d].k, s = P->ks[k];
            if (L[l].day < 0) {
                /* insert if possible */
                for (int day = 0; day < DAYS && L[l].day < 0; day++)
                    for (int p = 0; p < P->sch[s].np; p++)
                        if (can_place(S, l, t, day, p)) {
                            st_place(S, l, t, day, p);
                            moves++;
                            break;
                        }
                continue;
            }
            int od = L[l].day, op = L[l].p;
            double best_delta = -1e-9;
            int bd = -1, bp = -1, bm = -1;
            for (int day = 0; day < DAYS; day++)
                for (int p = 0; p < P->sch[s].np; p++) {
                    if (day == od && p == op)
                        continue;
                    int m = CLS(S, k, day, p);
                    if (m >= 0 && L[m].fix)
                        continue;
                    int tm = m >= 0 ? L[m].t : -1;
                    double c0 = local_cost(S, t, tm, od, day, l, m);
                    st_remove(S, l);
                    if (m >= 0)
                        st_remove(S, m);
                    int ok = can_place(S, l, t, day, p);
                    if (ok)
                        st_place(S, l, t, day, p);
                    int ok2 = 1;
                    if (ok && m >= 0) {
                        ok2 = can_place(S, m, tm, od, op);
                        if (ok2)
                            st_place(S, m, tm, od, op);
                    }
                    double c1 = ok && ok2 ? local_cost(S, t, tm, od, day, l, m) : INFINITY;
                    /* undo */
                    if (ok)
                        st_remove(S, l);
                    if (ok && m >= 0 && ok2)
                        st_remove(S, m);
                    st_place(S, l, t, od, op);
                    if (m >= 0)
                        st_place(S, m, tm, day, p);
                    if (c1 - c0 < best_delta) {
                        best_delta = c1 - c0;
                        bd = day;
                        bp = p;
                        bm = m;
                    }
                }
            if (bd >= 0) {
                int tm = bm >= 0 ? L[bm].t : -1;
                st_remove(S, l);
                if (bm >= 0)
                    st_remove(S, bm);
                st_place(S, l, t, bd, bp);
                if (bm >= 0)
                    st_place(S, bm, tm, od, op);
                moves++;
            }
        }
        if (moves == before)
            break;
    }
    return moves;
}

/* ------------------------------------------------------------------ result */

/* A room of kind for lesson x (1 + index into its school's rooms, 0 when all are full; the
   room pools of the placement keep them from filling up): the first with a place left at the
   lesson's day and period among the lessons of T so far. */
static int free_room(const tt_problem *P, const rotas_timetable *T, const rotas_lesson *x,
                     const char *kind)
{
    const rotas_school *sc = &P->c->schools[x->school];
    for (size_t r = 0; r < sc->n_rooms; r++) {
        if (!sc->rooms[r].kind || strcmp(sc->rooms[r].kind, kind))
            continue;
        int used = 0;
        for (size_t i = 0; i + 1 < T->n_lessons; i++) {
            const rotas_lesson *y = &T->lessons[i];
            used += y->school == x->school && y->room == (int)r + 1 && y->day == x->day &&
                    y->period == x->period;
        }
        if (used < sc->rooms[r].capacity)
            return (int)r + 1;
    }
    return 0;
}

static rotas_rc make_result(rotas_timetable **out, const tt_problem *P, const tt_lesson *L,
                            const tt_cost *cost, rotas_error *err)
{
    rotas_timetable *T = calloc(1, sizeof *T);
    int *placed = calloc((size_t)P->nd + 1, sizeof *placed);
    int *bucket = malloc(((size_t)P->nl + 1) * sizeof *bucket);
    if (!T || !placed || !bucket)
        goto oom;
    T->cluster = P->cluster;
    T->days = DAYS;
    T->periods = P->maxp;
    T->policy = *P->pol;
    T->lessons = calloc((size_t)P->nl + 1, sizeof *T->lessons);
    T->unscheduled = calloc((size_t)P->nd + 1, sizeof *T->unscheduled);
    T->routes = calloc((size_t)P->nt * DAYS + 1, sizeof *T->routes);
    if (!T->lessons || !T->unscheduled || !T->routes)
        goto oom;
    for (int l = 0; l < P->nl; l++) {
        if (L[l].day < 0 || L[l].t < 0)
            continue;
        const tt_demand *dm = &P->dem[L[l].d];
        rotas_lesson *x = &T->lessons[T->n_lessons++];
        *x = (rotas_lesson){
            P->sch[P->ks[dm->k]].g, P->kg[dm->k], dm->subj, P->tg[L[l].t], L[l].day, L[l].p, 0};
        if (dm->pool >= 0)
            x->room = free_room(P, T, x, P->pool_kind[dm->pool]);
        placed[L[l].d]++;
    }
    for (int d = 0; d < P->nd; d++)
        if (placed[d] < P->dem[d].need)
            T->unscheduled[T->n_unscheduled++] =
                (rotas_unscheduled){P->kg[P->dem[d].k], P->dem[d].subj, P->dem[d].need - placed[d]};
    for (int t = 0; t < P->nt; t++)
        for (int day = 0; day < DAYS; day++) {
            int n = 0;
            for (int l = 0; l < P->nl; l++)
                if (L[l].t == t && L[l].day == day)
                    bucket[n++] = l;
            if (n < 2)
                continue;
            int ch;
            double km;
            rotas__tt_day_route(P, L, bucket, n, &ch, &km);
            if (ch == 0)
                continue;
            rotas_route *r = &T->routes[T->n_routes];
            r->schools = malloc(((size_t)ch + 1) * sizeof *r->schools);
            if (!r->schools)
                goto oom;
            T->n_routes++;
            r->teacher = P->tg[t];
            r->day = day;
            int prev = -1;
            for (int i = 0; i < n; i++) {
                int s = lesson_school(P, &L[bucket[i]]);
                if (s != prev) {
                    if (prev >= 0) {
                        r->km += rotas_county_km(P->c, P->sch[prev].g, P->sch[s].g);
                        r->minutes += rotas_county_minutes(P->c, P->sch[prev].g, P->sch[s].g);
                    }
                    r->schools[r->n_schools++] = P->sch[s].g;
                    prev = s;
                }
            }
            T->school_changes += (int)r->n_schools - 1;
            T->km += r->km;
        }
    T->objective = cost->total;
    free(placed);
    free(bucket);
    *out = T;
    return ROTAS_OK;
oom:
    if (T) {
        for (size_t i = 0; i < T->n_routes; i++)
            free(T->routes[i].schools);
        free(T->routes);
        free(T->lessons);
        free(T->unscheduled);
        free(T);
    }
    free(placed);
    free(bucket);
    return rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
}

/* Lower bound on the preference term: per class and kind of preference (the morning for main
   subjects, periods 1..n for a subject rule before_period n), the lessons beyond the
   preferred slots the class, the subject rules and the once-a-day rule leave open. */
static int pref_bound(const tt_problem *P)
{
    int lb = 0;
    size_t mp = (size_t)P->maxp;
    unsigned char *slot = malloc(DAYS * mp + 1);
    if (!slot)
        return 0;
    for (int k = 0; k < P->nk; k++) {
        for (int di = 0; di < P->nd; di++) {
            int kind = P->dem[di].pref;
            if (P->dem[di].k != k || kind == 0)
                continue;
            int first = 1;
            for (int dj = 0; dj < di; dj++)
                first &= !(P->dem[dj].k == k && P->dem[dj].pref == kind);
            if (!first)
                continue;
            int need = 0, cap = 0, slots = 0;
            memset(slot, 0, DAYS * mp);
            for (int d = di; d < P->nd; d++) {
                if (P->dem[d].k != k || P->dem[d].pref != kind)
                    continue;
                need += P->dem[d].need;
                int n = 0, days = 0;
                for (int day = 0; day < DAYS; day++) {
                    int m = 0;
                    for (size_t p = 0; p < mp; p++)
                        if (tt_slot_ok(P, d, -1, day, (int)p) && P->pen[(size_t)d * mp + p] == 0) {
                            m++;
                            slot[(size_t)day * mp + p] = 1;
                        }
                    n += m;
                    days += m > 0;
                }
                cap += P->dem[d].small ? days : n;
            }
            for (size_t i = 0; i < DAYS * mp; i++)
                slots += slot[i];
            if (cap > slots)
                cap = slots;
            if (need > cap)
                lb += need - cap;
        }
    }
    free(slot);
    return lb;
}

/* Homes follow their lessons: when a lesson sits in the earlier slot of another lesson of the
   same class, subject and teacher, the two swap homes (the timetable is the same; the count of
   kept lessons then reads off each lesson). */
static void canon_homes(const tt_problem *P, tt_lesson *L, int *cls)
{
    size_t mp = (size_t)P->maxp;
    for (size_t i = 0; i < (size_t)P->nk * DAYS * mp; i++)
        cls[i] = -1;
    for (int l = 0; l < P->nl; l++)
        if (L[l].day >= 0)
            cls[((size_t)P->dem[L[l].d].k * DAYS + (size_t)L[l].day) * mp + (size_t)L[l].p] = l;
    for (int l = 0; l < P->nl; l++) {
        if (L[l].h < 0 || tt_at_home(P, &L[l]))
            continue;
        const tt_place *h = &P->homes[L[l].h];
        int m = cls[((size_t)P->dem[h->d].k * DAYS + (size_t)h->day) * mp + (size_t)h->p];
        if (m < 0 || m == l || L[m].d != h->d || L[m].t != h->t || L[m].fix || tt_at_home(P, &L[m]))
            continue;
        int x = L[l].h;
        L[l].h = L[m].h;
        L[m].h = x;
    }
}

/* ------------------------------------------------------------------ driver */

static void progress(const rotas_timetable_options *opt, const char *phase, double t0, double best,
                     double bound)
{
    if (opt && opt->progress)
        opt->progress(opt->progress_ctx, phase, now_s() - t0, best, bound);
}

/* Bound on the unscheduled and late terms over all timetables: at least `unsched` lessons are
   unscheduled, and a lesson outside its preferred periods beyond those (pref_lb counts both; an
   unscheduled lesson may be one of them, and w_tt_unscheduled is the larger weight). */
static double late_bound(const tt_problem *P, int unsched, int pref_lb)
{
    int late = pref_lb - unsched;
    return P->pol->w_tt_unscheduled * unsched + P->pol->w_tt_morning * (late > 0 ? late : 0);
}

/* Bound over the timetables that keep the teachers of L (a lesson without one stays
   unscheduled): the larger of the bound over all timetables and, with U0 lessons without a
   teacher, late_bound(U0) plus the teachers' relaxations (bound.c says why that is valid). */
static double teacher_bound(const tt_problem *P, const tt_lesson *L, int capacity_bound,
                            int pref_lb, double travel_lb)
{
    int u0 = 0;
    for (int l = 0; l < P->nl; l++)
        u0 += L[l].t < 0;
    double all = late_bound(P, capacity_bound, pref_lb);
    double kept = late_bound(P, u0, pref_lb) + travel_lb;
    return kept > all ? kept : all;
}

/* 1 when some lesson's teacher is not the one in snap. */
static int teachers_changed(const tt_problem *P, const tt_lesson *L, const int *snap)
{
    for (int l = 0; l < P->nl; l++)
        if (L[l].t != snap[l])
            return 1;
    return 0;
}

rotas_rc rotas_timetable_make(rotas_timetable **out, const rotas_county *c, int cluster,
                              const rotas_policy *pol, const rotas_timetable_options *opt,
                              rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    tt_problem P = {0};
    state S = {0};
    tt_lesson *L = NULL, *best = NULL;
    unsigned char *free_l = NULL, *kk = NULL;
    int *sch_of = NULL, *cls_scratch = NULL, *tsnap = NULL;
    double t0 = now_s();
    rotas_timetable_options dflt = {0};
    if (!opt)
        opt = &dflt;
    *out = NULL;
    if (!c || !pol || cluster < 0 || (size_t)cluster >= c->n_clusters)
        return rotas_error_set(err, ROTAS_EINPUT, _("timetable: no cluster %d"), cluster);
    double limit = pol->time_limit_seconds > 0 ? pol->time_limit_seconds : 60.0;
    double deadline = t0 + limit;
    unsigned seed = opt->seed ? opt->seed : 12345u;

    if ((rc = rotas__tt_problem_build(&P, c, cluster, pol, err)) != ROTAS_OK)
        goto done;
    if (opt->previous) {
        if (opt->previous->cluster != cluster) {
            rc = rotas_error_set(err, ROTAS_EINPUT,
                                 _("timetable: the previous timetable is of another cluster"));
            goto done;
        }
        if ((rc = rotas__tt_homes_build(&P, opt->previous, err)) != ROTAS_OK)
            goto done;
    }
    L = calloc((size_t)P.nl + 1, sizeof *L);
    best = calloc((size_t)P.nl + 1, sizeof *best);
    free_l = calloc((size_t)P.nl + 1, 1);
    cls_scratch = malloc(((size_t)P.nk * DAYS * (size_t)P.maxp + 1) * sizeof *cls_scratch);
    tsnap = malloc(((size_t)P.nl + 1) * sizeof *tsnap);
    if (!L || !best || !free_l || !cls_scratch || !tsnap) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
        goto done;
    }
    int capacity_bound = rotas__tt_assign_teachers(&P, L);
    if (capacity_bound < 0 || state_init(&S, &P, L) != 0) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
        goto done;
    }
    /* re-plan: every earlier lesson that still fits goes back to its slot first */
    for (int l = 0; l < P.nl; l++)
        if (L[l].h >= 0 && L[l].day < 0 && L[l].t == P.homes[L[l].h].t &&
            can_place(&S, l, L[l].t, P.homes[L[l].h].day, P.homes[L[l].h].p))
            st_place(&S, l, L[l].t, P.homes[L[l].h].day, P.homes[L[l].h].p);
    /* bound: unscheduled lessons no timetable avoids; lessons outside their preferred periods
       beyond those (each unscheduled lesson may be one of them, and w_tt_unscheduled is the
       larger weight); earlier lessons that cannot be kept (their teacher or class is gone) */
    int pref_lb = pref_bound(&P);
    double keep_lb =
        P.prev_total >= 0 ? pol->w_tt_keep * (P.prev_total - P.prev_fixed - P.nhomes) : 0.0;
    double bound = late_bound(&P, capacity_bound, pref_lb) + keep_lb;
    progress(opt, "assigned", t0, NAN, bound);

    /* (b) construct and repair */
    if (construct(&S, &seed) != 0 || repair(&S, best, 200L * P.nl + 10000, deadline, &seed) != 0) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
        goto done;
    }
    state_load(&S, best);
    canon_homes(&P, L, cls_scratch);
    improve(&S, 50, deadline);
    /* another round of repair for what is still unplaced, then improve again */
    if (S.unplaced > capacity_bound) {
        if (repair(&S, best, 200L * P.nl + 10000, deadline, &seed) != 0) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
            goto done;
        }
        tt_cost a, b;
        rotas__tt_cost(&P, best, &b);
        rotas__tt_cost(&P, L, &a);
        if (b.total < a.total)
            state_load(&S, best);
        canon_homes(&P, L, cls_scratch);
        improve(&S, 50, deadline);
    }
    canon_homes(&P, L, cls_scratch);
    tt_cost cost;
    rotas__tt_cost(&P, L, &cost);
    /* the travel part of the bound, for the teachers as now chosen (the MIP keeps them) */
    double travel_lb = 0.0, bound_budget = limit * 0.05;
    if (bound_budget < 0.2)
        bound_budget = 0.2;
    if ((rc = rotas__tt_travel_bound(&P, L, bound_budget, &travel_lb, err)) != ROTAS_OK)
        goto done;
    bound = teacher_bound(&P, L, capacity_bound, pref_lb, travel_lb) + keep_lb;
    for (int l = 0; l < P.nl; l++)
        tsnap[l] = L[l].t;
    progress(opt, "constructed", t0, cost.total, bound);
    if (getenv("ROTAS_TT_DEBUG"))
        fprintf(stderr, "constructed: invalid %d\n", count_invalid(&P, L));

    /* (c) fix-and-optimize with the placement MIP */
    int mip_status_all = 0; /* 1 when the budget ended the improvement */
    if (opt->export_lp) {
        memset(free_l, 1, (size_t)P.nl);
        tt_mip_opts mo = {.time_limit = 1.0, .export_lp = opt->export_lp};
        int imp = 0;
        if ((rc = rotas__tt_mip(&P, L, free_l, &mo, &imp, err)) != ROTAS_OK)
            goto done;
    }
    {
        /* sub-problems: each itinerant teacher's week, then each day */
        sch_of = calloc((size_t)P.nt + 1, sizeof *sch_of);
        kk = calloc((size_t)P.nk + 1, 1);
        if (!sch_of || !kk) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
            goto done;
        }
        for (int t = 0; t < P.nt; t++)
            for (int z = 0; z < P.ns; z++)
                sch_of[t] += S.tsw[(size_t)t * (size_t)P.ns + (size_t)z] > 0;
        /* kinds of sub-problem, smallest first: 0 an itinerant teacher's lessons alone, 1 the
           same with every lesson of the classes it teaches, 2 one day of the cluster */
        int rounds = 3;
        for (int round = 0; round < rounds && cost.total > bound + 1e-9; round++) {
            int any = 0;
            for (int t = 0; t < P.nt; t++) {
                sch_of[t] = 0;
                for (int z = 0; z < P.ns; z++)
                    sch_of[t] += S.tsw[(size_t)t * (size_t)P.ns + (size_t)z] > 0;
            }
            for (int sub = 0; sub < 2 * P.nt + DAYS; sub++) {
                double left = deadline - now_s();
                if (left < 0.5) {
                    mip_status_all = 1;
                    break;
                }
                memset(free_l, 0, (size_t)P.nl);
                int nfree = 0;
                if (sub < 2 * P.nt) {
                    int t = sub % P.nt, wide = sub >= P.nt;
                    if (sch_of[t] < 2)
                        continue;
                    memset(kk, 0, (size_t)P.nk);
                    for (int l = 0; l < P.nl; l++)
                        if (L[l].t == t) {
                            free_l[l] = 1;
                            kk[P.dem[L[l].d].k] = 1;
                        }
                    if (wide)
                        for (int l = 0; l < P.nl; l++)
                            if (kk[P.dem[L[l].d].k] && L[l].t >= 0)
                                free_l[l] = 1;
                } else {
                    int day = sub - 2 * P.nt;
                    for (int l = 0; l < P.nl; l++)
                        if (L[l].t >= 0 && (L[l].day == day || L[l].day < 0))
                            free_l[l] = 1;
                }
                for (int l = 0; l < P.nl; l++)
                    nfree += free_l[l];
                if (nfree == 0 || nfree > 400)
                    continue;
                double tl = limit / 12.0;
                if (tl > 5.0)
                    tl = 5.0;
                if (tl < 0.5)
                    tl = 0.5;
                if (tl > left)
                    tl = left;
                int imp = 0, st = 0;
                tt_mip_opts mo = {.time_limit = tl, .verbose = opt->verbose, .status_out = &st};
                state_free(&S);
                memset(&S, 0, sizeof S);
                if ((rc = rotas__tt_mip(&P, L, free_l, &mo, &imp, err)) != ROTAS_OK)
                    goto done;
                canon_homes(&P, L, cls_scratch);
                if (state_init(&S, &P, L) != 0) {
                    rc = rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
                    goto done;
                }
                if (getenv("ROTAS_TT_DEBUG"))
                    fprintf(stderr, "sub %d: %d free, improved %d, invalid %d\n", sub, nfree, imp,
                            count_invalid(&P, L));
                if (imp) {
                    any = 1;
                    improve(&S, 5, deadline);
                    rotas__tt_cost(&P, L, &cost);
                    progress(opt, "improved", t0, cost.total, bound);
                }
            }
            if (!any)
                break;
        }
    }
    canon_homes(&P, L, cls_scratch);
    rotas__tt_cost(&P, L, &cost);
    if (teachers_changed(&P, L, tsnap)) {
        if ((rc = rotas__tt_travel_bound(&P, L, bound_budget, &travel_lb, err)) != ROTAS_OK)
            goto done;
        bound = teacher_bound(&P, L, capacity_bound, pref_lb, travel_lb) + keep_lb;
    }

    if ((rc = make_result(out, &P, L, &cost, err)) != ROTAS_OK)
        goto done;
    rotas_timetable *T = *out;
    T->capacity_bound = capacity_bound;
    T->kept_lessons = T->moved_lessons = -1;
    if (opt->previous) {
        /* counted as the checker counts: identical lessons of the earlier timetable */
        int kept = 0;
        for (size_t j = 0; j < opt->previous->n_lessons; j++) {
            const rotas_lesson *a = &opt->previous->lessons[j];
            int same = 0;
            for (size_t i = 0; i < T->n_lessons && !same; i++) {
                const rotas_lesson *b = &T->lessons[i];
                same = a->klass == b->klass && a->subject == b->subject &&
                       a->teacher == b->teacher && a->day == b->day && a->period == b->period;
            }
            kept += same;
        }
        T->kept_lessons = kept;
        T->moved_lessons = (int)opt->previous->n_lessons - kept;
    }
    T->bound = bound;
    T->travel_bound = travel_lb;
    T->gap = cost.total > 1e-9 ? (cost.total - bound) / cost.total : 0.0;
    if (T->gap < 0)
        T->gap = 0;
    T->seconds = now_s() - t0;
    if (T->gap <= pol->mip_gap + 1e-12)
        T->status = ROTAS_STATUS_OPTIMAL;
    else if (mip_status_all)
        T->status = ROTAS_STATUS_TIME_LIMIT;
    else
        T->status = ROTAS_STATUS_FEASIBLE;
    progress(opt, "done", t0, cost.total, bound);
done:
    state_free(&S);
    rotas__tt_problem_free(&P);
    free(L);
    free(best);
    free(free_l);
    free(kk);
    free(sch_of);
    free(cls_scratch);
    free(tsnap);
    return rc;
}

/* For the reference runs: the cluster's problem with its teachers chosen as
   rotas_timetable_make chooses them first (nothing placed). *L is new (free). */
static rotas_rc reference_problem(tt_problem *P, tt_lesson **L, const rotas_county *c, int cluster,
                                  const rotas_policy *pol, rotas_error *err)
{
    rotas_rc rc;
    *L = NULL;
    if (!c || cluster < 0 || (size_t)cluster >= c->n_clusters)
        return rotas_error_set(err, ROTAS_EINPUT, _("timetable: no cluster %d"), cluster);
    if ((rc = rotas__tt_problem_build(P, c, cluster, pol, err)) != ROTAS_OK)
        return rc;
    *L = calloc((size_t)P->nl + 1, sizeof **L);
    if (!*L || rotas__tt_assign_teachers(P, *L) < 0)
        return rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
    return ROTAS_OK;
}

rotas_rc rotas__tt_reference(const rotas_county *c, int cluster, const rotas_policy *pol,
                             const char *dat_path, double *objective, rotas_error *err)
{
    tt_problem P = {0};
    tt_lesson *L = NULL;
    unsigned char *free_l = NULL;
    rotas_rc rc;
    *objective = NAN;
    if ((rc = reference_problem(&P, &L, c, cluster, pol, err)) != ROTAS_OK)
        goto done;
    free_l = malloc((size_t)P.nl + 1);
    if (!free_l) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("timetable: out of memory"));
        goto done;
    }
    memset(free_l, 1, (size_t)P.nl);
    if (dat_path && (rc = rotas__tt_write_dat(&P, L, dat_path, err)) != ROTAS_OK)
        goto done;
    int improved = 0;
    tt_mip_opts mo = {.time_limit = 60.0, .objective_out = objective};
    rc = rotas__tt_mip(&P, L, free_l, &mo, &improved, err);
done:
    rotas__tt_problem_free(&P);
    free(L);
    free(free_l);
    return rc;
}

rotas_rc rotas__tt_bound_reference(const rotas_county *c, int cluster, const rotas_policy *pol,
                                   const char *dat_path, double *travel, rotas_error *err)
{
    tt_problem P = {0};
    tt_lesson *L = NULL;
    rotas_rc rc;
    *travel = NAN;
    if ((rc = reference_problem(&P, &L, c, cluster, pol, err)) != ROTAS_OK)
        goto done;
    if (dat_path && (rc = rotas__tt_write_bound_dat(&P, L, dat_path, err)) != ROTAS_OK)
        goto done;
    rc = rotas__tt_travel_bound(&P, L, 10.0, travel, err);
done:
    rotas__tt_problem_free(&P);
    free(L);
    return rc;
}
