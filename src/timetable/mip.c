/*
 * mip.c - the placement MIP of a cluster timetable, with the teacher of every lesson fixed.
 * The same model is written in GNU MathProg in models/timetable.mod.
 *
 * Lessons of one (demand, teacher) pair are interchangeable and form a group g with n_g
 * lessons. For the freed lessons, with every other lesson fixed where it is:
 *
 *   x[g,day,p]  binary   group g has a lesson in period p of its school on day
 *   u[g]        integer  lessons of g left unscheduled                  cost w_tt_unscheduled
 *   y[t,s,day]  binary   teacher t teaches at school s on day
 *   v[t,s]      binary   teacher t teaches at school s in the week       cost w_tt_school
 *   c[t,day]    >= 0     school changes of t on day, >= sum_s y - 1      cost w_tt_change
 *   z[t,day,a,b] >= 0    t at both a and b on day, >= y_a + y_b - 1      cost w_tt_km x km(a,b)
 *   and w_tt_morning on x of a main subject in a period starting at 12:00 or later.
 *
 *   cover(g):        sum x[g,.,.] + u[g] = n_g
 *   class(k,day,p):  at most one lesson
 *   once(d,day):     a subject of <= 5 weekly periods at most once a day to the class
 *   clash(t,day,s,p,s2,p2): a teacher in one place at a time, with the travel time between
 *                    schools (pairs of periods closer than the road)
 *   load(t):         at most max_periods lessons
 *   teach(t,s,day,p): sum_g x <= y[t,s,day] (one lesson at a time, only on a day at s)
 *   days(g):         sum_day y[t,s,day] >= sum x[g,.,.] for a group taught at most once a day
 *   week(t,s,day):   y <= v;  maxsch(t,day): sum_s y <= max_schools_per_day
 *
 * With at most two schools a day the change and km terms are exact for routes that do not
 * return to a school; the caller re-evaluates the true cost and keeps a new placement only if
 * it is cheaper.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "lp_int.h"
#include "tt_int.h"

#define DAYS ROTAS_DAYS

/* The placement model under construction: the freed lessons' groups, their candidate slots,
   what the fixed lessons already use, and the model's columns. */
typedef struct mip {
    const tt_problem *P;
    tt_lesson *L;                /* the placement (borrowed) */
    const unsigned char *free_l; /* nl: 1 for a freed lesson */
    rotas_error *err;
    rotas_lp *lp;
    /* groups of freed lessons (one demand, one teacher) */
    int ng;
    int *g_d, *g_t, *g_n, *g_x0, *g_nx, *g_u;
    int *gmap;     /* nd * nt: group of (demand, teacher) or -1 */
    int *lesson_g; /* nl: group of a freed lesson or -1 */
    /* candidate slots: x columns */
    int nx;
    int *x_g, *x_day, *x_p, *x_col;
    unsigned char *xhome; /* nx: the slot is a freed lesson's earlier slot (re-plan) */
    /* what the fixed lessons use */
    int *loadfix;        /* nt: fixed lessons of a teacher */
    int *dfix;           /* nd * DAYS: fixed lessons of a demand on a day */
    int *tsfix;          /* (t * DAYS + day) * ns + s: fixed lessons of t at s on day */
    int *tdfixn, *tdfix; /* fixed lessons of a teacher-day: count, list (tdcap each) */
    int tdcap;
    unsigned char *clsfix; /* (k * DAYS + day) * maxp + p: the class slot is taken */
    int *rfix;             /* (pool * DAYS + day) * maxp + p: fixed lessons in the rooms */
    unsigned char *tuse;   /* nt: the teacher has freed lessons */
    unsigned char *tsuse;  /* nt * ns: the teacher has freed lessons at the school */
    /* other columns, -1 where absent */
    int *ycol; /* (t * DAYS + day) * ns + s */
    int *vcol; /* t * ns + s */
    int *ccol; /* t * DAYS + day */
    int *wcol; /* t * DAYS + day */
    /* a row's entries */
    int *cols;
    double *vals;
} mip;

static void mip_free(mip *m)
{
    rotas__lp_free(m->lp);
    free(m->g_d);
    free(m->g_t);
    free(m->g_n);
    free(m->g_x0);
    free(m->g_nx);
    free(m->g_u);
    free(m->gmap);
    free(m->lesson_g);
    free(m->x_g);
    free(m->x_day);
    free(m->x_p);
    free(m->x_col);
    free(m->xhome);
    free(m->loadfix);
    free(m->dfix);
    free(m->tsfix);
    free(m->tdfixn);
    free(m->tdfix);
    free(m->clsfix);
    free(m->rfix);
    free(m->tuse);
    free(m->tsuse);
    free(m->ycol);
    free(m->vcol);
    free(m->ccol);
    free(m->wcol);
    free(m->cols);
    free(m->vals);
}

static rotas_rc oom(mip *m)
{
    return rotas_error_set(m->err, ROTAS_ENOMEM, _("timetable: out of memory"));
}

/* A builder call failed: it has filled err. */
static rotas_rc lp_failed(const mip *m)
{
    return m->err && m->err->code ? m->err->code : ROTAS_ERR;
}

static const char *sid(const tt_problem *P, int s)
{
    return P->c->schools[P->sch[s].g].id;
}

/* What the fixed lessons (and the lessons not freed) use, and the groups of freed lessons. */
static rotas_rc mip_groups(mip *m)
{
    const tt_problem *P = m->P;
    tt_lesson *L = m->L;
    int ns = P->ns, nt = P->nt, mp = P->maxp;
    size_t ntd = (size_t)nt * DAYS;
    const unsigned char *free_l = m->free_l;
    m->tdcap = ns * mp + 1;
    m->gmap = malloc(((size_t)P->nd * (size_t)nt + 1) * sizeof *m->gmap);
    m->lesson_g = malloc(((size_t)P->nl + 1) * sizeof *m->lesson_g);
    m->g_d = malloc(((size_t)P->nl + 1) * sizeof(int));
    m->g_t = malloc(((size_t)P->nl + 1) * sizeof(int));
    m->g_n = calloc((size_t)P->nl + 1, sizeof(int));
    m->g_x0 = malloc(((size_t)P->nl + 1) * sizeof(int));
    m->g_nx = calloc((size_t)P->nl + 1, sizeof(int));
    m->g_u = malloc(((size_t)P->nl + 1) * sizeof(int));
    m->loadfix = calloc((size_t)nt + 1, sizeof *m->loadfix);
    m->dfix = calloc((size_t)P->nd * DAYS + 1, sizeof *m->dfix);
    m->tsfix = calloc(ntd * (size_t)ns + 1, sizeof *m->tsfix);
    m->tdfixn = calloc(ntd + 1, sizeof *m->tdfixn);
    m->tdfix = malloc((ntd * (size_t)m->tdcap + 1) * sizeof *m->tdfix);
    m->clsfix = calloc((size_t)P->nk * DAYS * (size_t)mp + 1, 1);
    m->rfix = calloc((size_t)P->npool * DAYS * (size_t)mp + 1, sizeof *m->rfix);
    m->tuse = calloc((size_t)nt + 1, 1);
    m->tsuse = calloc((size_t)nt * (size_t)ns + 1, 1);
    if (!m->gmap || !m->lesson_g || !m->g_d || !m->g_t || !m->g_n || !m->g_x0 || !m->g_nx ||
        !m->g_u || !m->loadfix || !m->dfix || !m->tsfix || !m->tdfixn || !m->tdfix || !m->clsfix ||
        !m->rfix || !m->tuse || !m->tsuse)
        return oom(m);
    for (size_t i = 0; i < (size_t)P->nd * (size_t)nt; i++)
        m->gmap[i] = -1;
    /* fixed part */
    for (int l = 0; l < P->nl; l++) {
        m->lesson_g[l] = -1;
        const tt_lesson *x = &L[l];
        if ((free_l[l] && !x->fix) || x->day < 0 || x->t < 0)
            continue;
        int k = P->dem[x->d].k, s = P->ks[k];
        size_t td = (size_t)x->t * DAYS + (size_t)x->day;
        m->loadfix[x->t]++;
        m->dfix[(size_t)x->d * DAYS + (size_t)x->day]++;
        m->tsfix[td * (size_t)ns + (size_t)s]++;
        m->tdfix[td * (size_t)m->tdcap + (size_t)m->tdfixn[td]++] = l;
        m->clsfix[((size_t)k * DAYS + (size_t)x->day) * (size_t)mp + (size_t)x->p] = 1;
        if (P->dem[x->d].pool >= 0)
            m->rfix[((size_t)P->dem[x->d].pool * DAYS + (size_t)x->day) * (size_t)mp +
                    (size_t)x->p]++;
    }
    /* groups of freed lessons */
    for (int l = 0; l < P->nl; l++) {
        if (!free_l[l] || L[l].fix || L[l].t < 0)
            continue;
        size_t key = (size_t)L[l].d * (size_t)nt + (size_t)L[l].t;
        if (m->gmap[key] < 0) {
            m->gmap[key] = m->ng;
            m->g_d[m->ng] = L[l].d;
            m->g_t[m->ng] = L[l].t;
            m->ng++;
        }
        m->lesson_g[l] = m->gmap[key];
        m->g_n[m->gmap[key]]++;
        m->tuse[L[l].t] = 1;
        m->tsuse[(size_t)L[l].t * (size_t)ns + (size_t)P->ks[P->dem[L[l].d].k]] = 1;
    }
    return ROTAS_OK;
}

/* The candidate slots of every group: its class free, its teacher free and not in a clash with
   a fixed lesson, within max_schools_per_day and once a day for a small subject. */
static rotas_rc mip_slots(mip *m)
{
    const tt_problem *P = m->P;
    tt_lesson *L = m->L;
    int ns = P->ns, mp = P->maxp;
    /* candidate slots */
    size_t xcap = (size_t)m->ng * DAYS * (size_t)mp + 1;
    m->x_g = malloc(xcap * sizeof(int));
    m->x_day = malloc(xcap * sizeof(int));
    m->x_p = malloc(xcap * sizeof(int));
    m->x_col = malloc(xcap * sizeof(int));
    if (!m->x_g || !m->x_day || !m->x_p || !m->x_col)
        return oom(m);
    for (int g = 0; g < m->ng; g++) {
        int d = m->g_d[g], t = m->g_t[g], k = P->dem[d].k, s = P->ks[k];
        m->g_x0[g] = m->nx;
        for (int day = 0; day < DAYS; day++) {
            size_t td = (size_t)t * DAYS + (size_t)day;
            if (P->dem[d].small && m->dfix[(size_t)d * DAYS + (size_t)day] > 0)
                continue;
            if (m->tsfix[td * (size_t)ns + (size_t)s] == 0) {
                int n = 0;
                for (int z = 0; z < ns; z++)
                    n += m->tsfix[td * (size_t)ns + (size_t)z] > 0;
                if (n >= P->max_schools)
                    continue;
            }
            for (int p = 0; p < P->sch[s].np; p++) {
                int q = P->dem[d].pool;
                if (m->clsfix[((size_t)k * DAYS + (size_t)day) * (size_t)mp + (size_t)p] ||
                    !tt_slot_ok(P, d, t, day, p) ||
                    (q >= 0 && m->rfix[((size_t)q * DAYS + (size_t)day) * (size_t)mp + (size_t)p] >=
                                   P->pool_cap[q]))
                    continue;
                int bad = 0;
                for (int i = 0; i < m->tdfixn[td] && !bad; i++) {
                    const tt_lesson *y = &L[m->tdfix[td * (size_t)m->tdcap + (size_t)i]];
                    bad = tt_conflict(P, s, p, P->ks[P->dem[y->d].k], y->p);
                }
                if (bad)
                    continue;
                m->x_g[m->nx] = g;
                m->x_day[m->nx] = day;
                m->x_p[m->nx] = p;
                m->nx++;
            }
        }
        m->g_nx[g] = m->nx - m->g_x0[g];
    }
    /* re-plan: the slots where a freed lesson sat before, with the same teacher */
    m->xhome = calloc((size_t)m->nx + 1, 1);
    if (!m->xhome)
        return oom(m);
    for (int l = 0; l < P->nl; l++) {
        int g = m->lesson_g[l];
        if (g < 0 || L[l].h < 0 || P->homes[L[l].h].t != L[l].t)
            continue;
        for (int i = m->g_x0[g]; i < m->g_x0[g] + m->g_nx[g]; i++)
            if (m->x_day[i] == P->homes[L[l].h].day && m->x_p[i] == P->homes[L[l].h].p)
                m->xhome[i] = 1;
    }
    return ROTAS_OK;
}

/* Columns x, u, v and y. */
static rotas_rc mip_columns(mip *m)
{
    const tt_problem *P = m->P;
    const rotas_county *C = P->c;
    const rotas_policy *w = P->pol;
    rotas_error *err = m->err;
    int ns = P->ns, nt = P->nt, mp = P->maxp;
    size_t ntd = (size_t)nt * DAYS;
    /* columns */
    for (int i = 0; i < m->nx; i++) {
        int g = m->x_g[i], d = m->g_d[g], s = P->ks[P->dem[d].k];
        const rotas_class *cl = &C->classes[P->kg[P->dem[d].k]];
        /* soft period preference; keeping a lesson where it was saves w_tt_keep */
        double cost =
            P->pen[(size_t)d * (size_t)mp + (size_t)m->x_p[i]] - (m->xhome[i] ? w->w_tt_keep : 0.0);
        m->x_col[i] =
            rotas__lp_col(m->lp, err, ROTAS_LP_BINARY, 0, 1, cost, "x(%s.%s,%s,%s,%d,%d)",
                          sid(P, s), cl->id, C->subjects[P->dem[d].subj].id,
                          C->teachers[P->tg[m->g_t[g]]].id, m->x_day[i] + 1, m->x_p[i] + 1);
        if (m->x_col[i] < 0)
            return lp_failed(m);
    }
    for (int g = 0; g < m->ng; g++) {
        int d = m->g_d[g], s = P->ks[P->dem[d].k];
        const rotas_class *cl = &C->classes[P->kg[P->dem[d].k]];
        m->g_u[g] = rotas__lp_col(m->lp, err, ROTAS_LP_INTEGER, 0, m->g_n[g], w->w_tt_unscheduled,
                                  "u(%s.%s,%s,%s)", sid(P, s), cl->id,
                                  C->subjects[P->dem[d].subj].id, C->teachers[P->tg[m->g_t[g]]].id);
        if (m->g_u[g] < 0)
            return lp_failed(m);
    }
    m->ycol = malloc((ntd * (size_t)ns + 1) * sizeof *m->ycol);
    m->vcol = malloc(((size_t)nt * (size_t)ns + 1) * sizeof *m->vcol);
    m->ccol = malloc((ntd + 1) * sizeof *m->ccol);
    if (!m->ycol || !m->vcol || !m->ccol)
        return oom(m);
    for (int t = 0; t < nt; t++) {
        for (int s = 0; s < ns; s++) {
            size_t ts = (size_t)t * (size_t)ns + (size_t)s;
            int fixed_week = 0;
            for (int day = 0; day < DAYS; day++)
                fixed_week |=
                    m->tsfix[((size_t)t * DAYS + (size_t)day) * (size_t)ns + (size_t)s] > 0;
            m->vcol[ts] = -1;
            if (m->tuse[t] && (m->tsuse[ts] || fixed_week)) {
                m->vcol[ts] = rotas__lp_col(m->lp, err, ROTAS_LP_BINARY, 0, 1, w->w_tt_school,
                                            "v(%s,%s)", C->teachers[P->tg[t]].id, sid(P, s));
                if (m->vcol[ts] < 0)
                    return lp_failed(m);
                if (fixed_week && rotas__lp_set_bounds(m->lp, m->vcol[ts], 1, 1, err) != ROTAS_OK)
                    return lp_failed(m);
            }
            for (int day = 0; day < DAYS; day++) {
                size_t y = ((size_t)t * DAYS + (size_t)day) * (size_t)ns + (size_t)s;
                m->ycol[y] = -1;
                if (m->vcol[ts] < 0 || (!m->tsuse[ts] && m->tsfix[y] == 0))
                    continue;
                m->ycol[y] = rotas__lp_col(m->lp, err, ROTAS_LP_BINARY, 0, 1, 0.0, "y(%s,%s,%d)",
                                           C->teachers[P->tg[t]].id, sid(P, s), day + 1);
                if (m->ycol[y] < 0)
                    return lp_failed(m);
                if (m->tsfix[y] > 0 &&
                    rotas__lp_set_bounds(m->lp, m->ycol[y], 1, 1, err) != ROTAS_OK)
                    return lp_failed(m);
            }
        }
    }
    size_t rowcap = (size_t)m->nx + (size_t)ns * 4 + 16;
    m->cols = malloc(rowcap * sizeof *m->cols);
    m->vals = malloc(rowcap * sizeof *m->vals);
    if (!m->cols || !m->vals)
        return oom(m);
    return ROTAS_OK;
}

/* maxsch, change and pair rows with the c and z columns; week rows. */
static rotas_rc mip_travel_rows(mip *m)
{
    const tt_problem *P = m->P;
    const rotas_county *C = P->c;
    const rotas_policy *w = P->pol;
    rotas_error *err = m->err;
    int ns = P->ns, nt = P->nt;
    /* change and km terms */
    for (int t = 0; t < nt; t++) {
        if (!m->tuse[t])
            continue;
        for (int day = 0; day < DAYS; day++) {
            size_t td = (size_t)t * DAYS + (size_t)day;
            int n = 0;
            for (int s = 0; s < ns; s++)
                if (m->ycol[td * (size_t)ns + (size_t)s] >= 0) {
                    m->cols[n] = m->ycol[td * (size_t)ns + (size_t)s];
                    m->vals[n++] = 1.0;
                }
            m->ccol[td] = -1;
            if (n < 2)
                continue;
            if (rotas__lp_row(m->lp, err, -INFINITY, P->max_schools, (size_t)n, m->cols, m->vals,
                              "maxsch(%s,%d)", C->teachers[P->tg[t]].id, day + 1) < 0)
                return lp_failed(m);
            m->ccol[td] =
                rotas__lp_col(m->lp, err, ROTAS_LP_CONTINUOUS, 0, INFINITY, w->w_tt_change,
                              "c(%s,%d)", C->teachers[P->tg[t]].id, day + 1);
            if (m->ccol[td] < 0)
                return lp_failed(m);
            m->cols[n] = m->ccol[td];
            m->vals[n] = -1.0;
            if (rotas__lp_row(m->lp, err, -INFINITY, 1.0, (size_t)n + 1, m->cols, m->vals,
                              "change(%s,%d)", C->teachers[P->tg[t]].id, day + 1) < 0)
                return lp_failed(m);
            for (int a = 0; a < ns; a++)
                for (int b = a + 1; b < ns; b++) {
                    int ya = m->ycol[td * (size_t)ns + (size_t)a],
                        yb = m->ycol[td * (size_t)ns + (size_t)b];
                    if (ya < 0 || yb < 0)
                        continue;
                    double km = rotas_county_km(C, P->sch[a].g, P->sch[b].g);
                    int zc = rotas__lp_col(m->lp, err, ROTAS_LP_CONTINUOUS, 0, INFINITY,
                                           w->w_tt_km * km, "z(%s,%d,%s,%s)",
                                           C->teachers[P->tg[t]].id, day + 1, sid(P, a), sid(P, b));
                    if (zc < 0)
                        return lp_failed(m);
                    int zc3[3] = {ya, yb, zc};
                    double zv[3] = {1, 1, -1};
                    if (rotas__lp_row(m->lp, err, -INFINITY, 1.0, 3, zc3, zv, "pair(%s,%d,%s,%s)",
                                      C->teachers[P->tg[t]].id, day + 1, sid(P, a), sid(P, b)) < 0)
                        return lp_failed(m);
                }
        }
        for (int s = 0; s < ns; s++) {
            size_t ts = (size_t)t * (size_t)ns + (size_t)s;
            for (int day = 0; day < DAYS; day++) {
                int y = m->ycol[((size_t)t * DAYS + (size_t)day) * (size_t)ns + (size_t)s];
                if (y < 0 || m->vcol[ts] < 0)
                    continue;
                int c2[2] = {y, m->vcol[ts]};
                double v2[2] = {1, -1};
                if (rotas__lp_row(m->lp, err, -INFINITY, 0.0, 2, c2, v2, "week(%s,%s,%d)",
                                  C->teachers[P->tg[t]].id, sid(P, s), day + 1) < 0)
                    return lp_failed(m);
            }
        }
    }
    return ROTAS_OK;
}

/* cover(g): every lesson of a group placed or counted unscheduled. */
static rotas_rc mip_cover_rows(mip *m)
{
    const tt_problem *P = m->P;
    const rotas_county *C = P->c;
    rotas_error *err = m->err;
    /* cover */
    for (int g = 0; g < m->ng; g++) {
        int n = 0;
        for (int i = m->g_x0[g]; i < m->g_x0[g] + m->g_nx[g]; i++) {
            m->cols[n] = m->x_col[i];
            m->vals[n++] = 1.0;
        }
        m->cols[n] = m->g_u[g];
        m->vals[n++] = 1.0;
        int d = m->g_d[g];
        if (rotas__lp_row(m->lp, err, m->g_n[g], m->g_n[g], (size_t)n, m->cols, m->vals,
                          "cover(%s.%s,%s,%s)", sid(P, P->ks[P->dem[d].k]),
                          C->classes[P->kg[P->dem[d].k]].id, C->subjects[P->dem[d].subj].id,
                          C->teachers[P->tg[m->g_t[g]]].id) < 0)
            return lp_failed(m);
    }
    return ROTAS_OK;
}

/* class(k,day,p): at most one lesson in a class slot. */
static rotas_rc mip_class_rows(mip *m)
{
    const tt_problem *P = m->P;
    const rotas_county *C = P->c;
    rotas_error *err = m->err;
    int mp = P->maxp;
    rotas_rc rc = ROTAS_OK;
    /* class slots, once a day, teacher slots: collect x per key by scanning (small models) */
    {
        /* class(k,day,p) */
        int *head = malloc(((size_t)P->nk * DAYS * (size_t)mp + 1) * sizeof *head);
        int *next = malloc(((size_t)m->nx + 1) * sizeof *next);
        if (!head || !next) {
            free(head);
            free(next);
            return oom(m);
        }
        for (size_t i = 0; i < (size_t)P->nk * DAYS * (size_t)mp; i++)
            head[i] = -1;
        for (int i = m->nx - 1; i >= 0; i--) {
            size_t key =
                ((size_t)P->dem[m->g_d[m->x_g[i]]].k * DAYS + (size_t)m->x_day[i]) * (size_t)mp +
                (size_t)m->x_p[i];
            next[i] = head[key];
            head[key] = i;
        }
        for (int k = 0; k < P->nk && rc == ROTAS_OK; k++)
            for (int day = 0; day < DAYS; day++)
                for (int p = 0; p < mp; p++) {
                    int n = 0;
                    for (int i = head[((size_t)k * DAYS + (size_t)day) * (size_t)mp + (size_t)p];
                         i >= 0; i = next[i]) {
                        m->cols[n] = m->x_col[i];
                        m->vals[n++] = 1.0;
                    }
                    if (n < 2)
                        continue;
                    const rotas_class *cl = &C->classes[P->kg[k]];
                    if (rotas__lp_row(m->lp, err, -INFINITY, 1.0, (size_t)n, m->cols, m->vals,
                                      "class(%s.%s,%d,%d)", sid(P, P->ks[k]), cl->id, day + 1,
                                      p + 1) < 0)
                        rc = ROTAS_ERR;
                }
        free(head);
        free(next);
        if (rc != ROTAS_OK)
            return lp_failed(m);
    }
    return ROTAS_OK;
}

/* once(d,day): a subject of <= 5 weekly periods at most once a day to the class. */
static rotas_rc mip_once_rows(mip *m)
{
    const tt_problem *P = m->P;
    const rotas_county *C = P->c;
    rotas_error *err = m->err;
    /* once(d,day) */
    for (int d = 0; d < P->nd; d++) {
        if (!P->dem[d].small)
            continue;
        for (int day = 0; day < DAYS; day++) {
            int n = 0;
            for (int g = 0; g < m->ng; g++) {
                if (m->g_d[g] != d)
                    continue;
                for (int i = m->g_x0[g]; i < m->g_x0[g] + m->g_nx[g]; i++)
                    if (m->x_day[i] == day) {
                        m->cols[n] = m->x_col[i];
                        m->vals[n++] = 1.0;
                    }
            }
            if (n < 2)
                continue;
            if (rotas__lp_row(m->lp, err, -INFINITY, 1.0, (size_t)n, m->cols, m->vals,
                              "once(%s.%s,%s,%d)", sid(P, P->ks[P->dem[d].k]),
                              C->classes[P->kg[P->dem[d].k]].id, C->subjects[P->dem[d].subj].id,
                              day + 1) < 0)
                return lp_failed(m);
        }
    }
    return ROTAS_OK;
}

/* room(q,day,p): the lessons in a school's rooms of one kind at most their capacity. */
static rotas_rc mip_room_rows(mip *m)
{
    const tt_problem *P = m->P;
    size_t mp = (size_t)P->maxp, nkey = (size_t)P->npool * DAYS * mp;
    rotas_rc rc = ROTAS_OK;
    if (nkey == 0)
        return ROTAS_OK;
    int *head = malloc(nkey * sizeof *head), *next = malloc(((size_t)m->nx + 1) * sizeof *next);
    if (!head || !next) {
        free(head);
        free(next);
        return oom(m);
    }
    for (size_t i = 0; i < nkey; i++)
        head[i] = -1;
    for (int i = m->nx - 1; i >= 0; i--) {
        int q = P->dem[m->g_d[m->x_g[i]]].pool;
        if (q < 0)
            continue;
        size_t key = ((size_t)q * DAYS + (size_t)m->x_day[i]) * mp + (size_t)m->x_p[i];
        next[i] = head[key];
        head[key] = i;
    }
    for (size_t key = 0; key < nkey && rc == ROTAS_OK; key++) {
        int n = 0, q = (int)(key / (DAYS * mp));
        for (int i = head[key]; i >= 0; i = next[i]) {
            m->cols[n] = m->x_col[i];
            m->vals[n++] = 1.0;
        }
        int left = P->pool_cap[q] - m->rfix[key];
        if (n > left && rotas__lp_row(m->lp, m->err, -INFINITY, left, (size_t)n, m->cols, m->vals,
                                      "room(%s,%s,%d,%d)", sid(P, P->pool_s[q]), P->pool_kind[q],
                                      (int)(key / mp % DAYS) + 1, (int)(key % mp) + 1) < 0)
            rc = lp_failed(m);
    }
    free(head);
    free(next);
    return rc;
}

/* load(t), teach(t,s,day,p) and clash rows of every teacher with freed lessons. */
static rotas_rc mip_teacher_rows(mip *m)
{
    const tt_problem *P = m->P;
    const rotas_county *C = P->c;
    rotas_error *err = m->err;
    int ns = P->ns, nt = P->nt, mp = P->maxp;
    rotas_rc rc = ROTAS_OK;
    /* teacher rows */
    {
        int *slot = malloc(((size_t)ns * (size_t)mp + 1) * sizeof *slot); /* first x at (s,p) */
        int *nxt = malloc(((size_t)m->nx + 1) * sizeof *nxt);
        int *cnt = malloc(((size_t)ns + 1) * sizeof *cnt);
        if (!slot || !nxt || !cnt) {
            free(slot);
            free(nxt);
            free(cnt);
            return oom(m);
        }
        for (int t = 0; t < nt && rc == ROTAS_OK; t++) {
            if (!m->tuse[t])
                continue;
            const char *tid = C->teachers[P->tg[t]].id;
            /* load */
            int n = 0;
            for (int i = 0; i < m->nx; i++)
                if (m->g_t[m->x_g[i]] == t) {
                    m->cols[n] = m->x_col[i];
                    m->vals[n++] = 1.0;
                }
            if (n > P->cap[t] - m->loadfix[t] &&
                rotas__lp_row(m->lp, err, -INFINITY, P->cap[t] - m->loadfix[t], (size_t)n, m->cols,
                              m->vals, "load(%s)", tid) < 0) {
                rc = ROTAS_ERR;
                break;
            }
            for (int day = 0; day < DAYS && rc == ROTAS_OK; day++) {
                for (int i = 0; i < ns * mp; i++)
                    slot[i] = -1;
                for (int i = m->nx - 1; i >= 0; i--) {
                    int g = m->x_g[i];
                    if (m->g_t[g] != t || m->x_day[i] != day)
                        continue;
                    size_t key =
                        (size_t)P->ks[P->dem[m->g_d[g]].k] * (size_t)mp + (size_t)m->x_p[i];
                    nxt[i] = slot[key];
                    slot[key] = i;
                }
                size_t td = (size_t)t * DAYS + (size_t)day;
                for (int s = 0; s < ns && rc == ROTAS_OK; s++) {
                    int y = m->ycol[td * (size_t)ns + (size_t)s];
                    for (int p = 0; p < P->sch[s].np && rc == ROTAS_OK; p++) {
                        int q = 0;
                        for (int i = slot[(size_t)s * (size_t)mp + (size_t)p]; i >= 0; i = nxt[i]) {
                            m->cols[q] = m->x_col[i];
                            m->vals[q++] = 1.0;
                        }
                        /* teach(t,s,day,p): one lesson at a time, and only on a day at s */
                        if (q > 0 && y >= 0 && m->tsfix[td * (size_t)ns + (size_t)s] == 0) {
                            m->cols[q] = y;
                            m->vals[q] = -1.0;
                            if (rotas__lp_row(m->lp, err, -INFINITY, 0.0, (size_t)q + 1, m->cols,
                                              m->vals, "teach(%s,%s,%d,%d)", tid, sid(P, s),
                                              day + 1, p + 1) < 0)
                                rc = ROTAS_ERR;
                        } else if (q >= 2 && rotas__lp_row(m->lp, err, -INFINITY, 1.0, (size_t)q,
                                                           m->cols, m->vals, "teach(%s,%s,%d,%d)",
                                                           tid, sid(P, s), day + 1, p + 1) < 0)
                            rc = ROTAS_ERR;
                        /* clashes with later slots of other schools */
                        for (int s2 = s + 1; s2 < ns && rc == ROTAS_OK && q > 0; s2++)
                            for (int p2 = 0; p2 < P->sch[s2].np && rc == ROTAS_OK; p2++) {
                                if (!tt_conflict(P, s, p, s2, p2) ||
                                    slot[(size_t)s2 * (size_t)mp + (size_t)p2] < 0)
                                    continue;
                                int r = q;
                                for (int i = slot[(size_t)s2 * (size_t)mp + (size_t)p2]; i >= 0;
                                     i = nxt[i]) {
                                    m->cols[r] = m->x_col[i];
                                    m->vals[r++] = 1.0;
                                }
                                if (rotas__lp_row(m->lp, err, -INFINITY, 1.0, (size_t)r, m->cols,
                                                  m->vals, "clash(%s,%d,%s.%d,%s.%d)", tid, day + 1,
                                                  sid(P, s), p + 1, sid(P, s2), p2 + 1) < 0)
                                    rc = ROTAS_ERR;
                            }
                    }
                }
            }
        }
        free(slot);
        free(nxt);
        free(cnt);
        if (rc != ROTAS_OK)
            return lp_failed(m);
    }
    return ROTAS_OK;
}

/* days(g): a group taught at most once a day needs as many days at its school. */
static rotas_rc mip_days_rows(mip *m)
{
    const tt_problem *P = m->P;
    const rotas_county *C = P->c;
    rotas_error *err = m->err;
    int ns = P->ns;
    /* days(g): a group taught at most once a day needs as many days at its school */
    for (int g = 0; g < m->ng; g++) {
        int d = m->g_d[g], t = m->g_t[g], s = P->ks[P->dem[d].k];
        if (!P->dem[d].small || m->g_nx[g] == 0)
            continue;
        int n = 0;
        for (int day = 0; day < DAYS; day++) {
            int y = m->ycol[((size_t)t * DAYS + (size_t)day) * (size_t)ns + (size_t)s];
            if (y >= 0) {
                m->cols[n] = y;
                m->vals[n++] = 1.0;
            }
        }
        for (int i = m->g_x0[g]; i < m->g_x0[g] + m->g_nx[g]; i++) {
            m->cols[n] = m->x_col[i];
            m->vals[n++] = -1.0;
        }
        if (rotas__lp_row(m->lp, err, 0.0, INFINITY, (size_t)n, m->cols, m->vals,
                          "days(%s.%s,%s,%s)", sid(P, s), C->classes[P->kg[P->dem[d].k]].id,
                          C->subjects[P->dem[d].subj].id, C->teachers[P->tg[t]].id) < 0)
            return lp_failed(m);
    }
    return ROTAS_OK;
}

/* max_days: w columns, dayon and maxdays rows. */
static rotas_rc mip_maxdays_rows(mip *m)
{
    const tt_problem *P = m->P;
    const rotas_county *C = P->c;
    rotas_error *err = m->err;
    int ns = P->ns, nt = P->nt;
    size_t ntd = (size_t)nt * DAYS;
    /* max_days: a part-timer teaches on at most max_days days (w = a day with lessons) */
    m->wcol = malloc((ntd + 1) * sizeof *m->wcol);
    if (!m->wcol)
        return oom(m);
    for (size_t i = 0; i < ntd; i++)
        m->wcol[i] = -1;
    for (int t = 0; t < nt; t++) {
        if (!m->tuse[t] || !P->maxd[t])
            continue;
        const char *tid = C->teachers[P->tg[t]].id;
        int n = 0, nw = 0;
        for (int day = 0; day < DAYS; day++) {
            size_t td = (size_t)t * DAYS + (size_t)day;
            m->wcol[td] =
                rotas__lp_col(m->lp, err, ROTAS_LP_BINARY, 0, 1, 0.0, "w(%s,%d)", tid, day + 1);
            if (m->wcol[td] < 0)
                return lp_failed(m);
            for (int s = 0; s < ns; s++) {
                int y = m->ycol[td * (size_t)ns + (size_t)s];
                if (y < 0)
                    continue;
                int c2[2] = {y, m->wcol[td]};
                double v2[2] = {1, -1};
                if (rotas__lp_row(m->lp, err, -INFINITY, 0.0, 2, c2, v2, "dayon(%s,%s,%d)", tid,
                                  sid(P, s), day + 1) < 0)
                    return lp_failed(m);
                nw++;
            }
            m->cols[n] = m->wcol[td];
            m->vals[n++] = 1.0;
        }
        if (nw > 0 && rotas__lp_row(m->lp, err, -INFINITY, P->maxd[t], (size_t)n, m->cols, m->vals,
                                    "maxdays(%s)", tid) < 0)
            return lp_failed(m);
    }
    return ROTAS_OK;
}

/* The start vector: the current placement, with y, v, c, w and z that it implies. */
static rotas_rc mip_start(mip *m, double *start)
{
    const tt_problem *P = m->P;
    tt_lesson *L = m->L;
    int ns = P->ns, nt = P->nt;
    {
        int *placed = calloc((size_t)m->ng + 1, sizeof *placed);
        if (!placed)
            return oom(m);
        for (int l = 0; l < P->nl; l++) {
            int g = m->lesson_g[l];
            if (g < 0 || L[l].day < 0)
                continue;
            for (int i = m->g_x0[g]; i < m->g_x0[g] + m->g_nx[g]; i++)
                if (m->x_day[i] == L[l].day && m->x_p[i] == L[l].p) {
                    start[m->x_col[i]] += 1.0;
                    placed[g]++;
                }
        }
        for (int g = 0; g < m->ng; g++)
            start[m->g_u[g]] = m->g_n[g] - placed[g];
        free(placed);
        /* y, v, c, z from the lessons of the involved teachers */
        for (int l = 0; l < P->nl; l++) {
            if (L[l].day < 0 || L[l].t < 0 || !m->tuse[L[l].t])
                continue;
            int t = L[l].t, s = P->ks[P->dem[L[l].d].k];
            int y = m->ycol[((size_t)t * DAYS + (size_t)L[l].day) * (size_t)ns + (size_t)s];
            if (y >= 0)
                start[y] = 1.0;
            if (m->vcol[(size_t)t * (size_t)ns + (size_t)s] >= 0)
                start[m->vcol[(size_t)t * (size_t)ns + (size_t)s]] = 1.0;
        }
        for (int t = 0; t < nt; t++) {
            if (!m->tuse[t])
                continue;
            for (int day = 0; day < DAYS; day++) {
                size_t td = (size_t)t * DAYS + (size_t)day;
                if (m->ccol[td] < 0)
                    continue;
                double sum = 0;
                for (int s = 0; s < ns; s++)
                    if (m->ycol[td * (size_t)ns + (size_t)s] >= 0)
                        sum += start[m->ycol[td * (size_t)ns + (size_t)s]];
                start[m->ccol[td]] = sum > 1 ? sum - 1 : 0;
            }
        }
        for (int t = 0; t < nt; t++)
            for (int day = 0; day < DAYS; day++) {
                size_t td = (size_t)t * DAYS + (size_t)day;
                if (m->wcol[td] < 0)
                    continue;
                for (int s = 0; s < ns; s++)
                    if (m->ycol[td * (size_t)ns + (size_t)s] >= 0 &&
                        start[m->ycol[td * (size_t)ns + (size_t)s]] > 0.5)
                        start[m->wcol[td]] = 1.0;
            }
        /* z = max(0, ya + yb - 1), walking the loops that made the z columns */
        for (int t = 0; t < nt; t++) {
            if (!m->tuse[t])
                continue;
            for (int day = 0; day < DAYS; day++) {
                size_t td = (size_t)t * DAYS + (size_t)day;
                if (m->ccol[td] < 0)
                    continue;
                /* z columns were created right after c(t,day), in (a,b) order */
                int col = m->ccol[td] + 1;
                for (int a = 0; a < ns; a++)
                    for (int b = a + 1; b < ns; b++) {
                        int ya = m->ycol[td * (size_t)ns + (size_t)a],
                            yb = m->ycol[td * (size_t)ns + (size_t)b];
                        if (ya < 0 || yb < 0)
                            continue;
                        double z = start[ya] + start[yb] - 1.0;
                        start[col++] = z > 0 ? z : 0;
                    }
            }
        }
    }
    return ROTAS_OK;
}

/* Decode: hand the chosen slots of each group to its freed lessons; L2 is a copy of L. */
static rotas_rc mip_decode(mip *m, tt_lesson *L2)
{
    const tt_problem *P = m->P;
    tt_lesson *L = m->L;
    {
        int *next_x = malloc(((size_t)m->ng + 1) * sizeof *next_x);
        if (!next_x)
            return oom(m);
        unsigned char *taken = calloc((size_t)m->nx + 1, 1);
        if (!taken) {
            free(next_x);
            return oom(m);
        }
        for (int g = 0; g < m->ng; g++)
            next_x[g] = m->g_x0[g];
        for (int l = 0; l < P->nl; l++) {
            int g = m->lesson_g[l];
            if (g < 0)
                continue;
            L2[l].day = L2[l].p = -1;
            if (L[l].h < 0 || P->homes[L[l].h].t != L[l].t)
                continue;
            /* a lesson whose earlier slot is chosen goes back there */
            for (int i = m->g_x0[g]; i < m->g_x0[g] + m->g_nx[g]; i++)
                if (!taken[i] && m->x_day[i] == P->homes[L[l].h].day &&
                    m->x_p[i] == P->homes[L[l].h].p && rotas__lp_value(m->lp, m->x_col[i]) > 0.5) {
                    taken[i] = 1;
                    L2[l].day = m->x_day[i];
                    L2[l].p = m->x_p[i];
                    break;
                }
        }
        for (int l = 0; l < P->nl; l++) {
            int g = m->lesson_g[l];
            if (g < 0 || L2[l].day >= 0)
                continue;
            while (next_x[g] < m->g_x0[g] + m->g_nx[g] &&
                   (taken[next_x[g]] || rotas__lp_value(m->lp, m->x_col[next_x[g]]) < 0.5))
                next_x[g]++;
            if (next_x[g] < m->g_x0[g] + m->g_nx[g]) {
                L2[l].day = m->x_day[next_x[g]];
                L2[l].p = m->x_p[next_x[g]];
                next_x[g]++;
            }
        }
        free(next_x);
        free(taken);
    }
    return ROTAS_OK;
}

/* The constant that puts the model's objective in the planner's terms (written in the LP
   file as a comment, "constant term"): lessons without a teacher are not in the model
   (w_tt_unscheduled each), nor are the period costs of the lessons kept fixed, and the model
   prices every school a teacher serves where the planner prices those beyond the first
   (-w_tt_school per teacher with lessons to place; exact when each places one at least). */
static double export_constant(const mip *m)
{
    const tt_problem *P = m->P;
    double k = 0.0;
    for (int l = 0; l < P->nl; l++) {
        const tt_lesson *x = &m->L[l];
        if (x->t < 0)
            k += P->pol->w_tt_unscheduled;
        else if (m->lesson_g[l] < 0 && x->day >= 0)
            k += P->pen[(size_t)x->d * (size_t)P->maxp + (size_t)x->p];
    }
    for (int t = 0; t < P->nt; t++)
        k -= m->tuse[t] ? P->pol->w_tt_school : 0.0;
    return k;
}

rotas_rc rotas__tt_mip(const tt_problem *P, tt_lesson *L, const unsigned char *free_l,
                       const tt_mip_opts *o, int *improved, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    mip m = {.P = P, .L = L, .free_l = free_l, .err = err};
    double *start = NULL;
    tt_lesson *L2 = NULL;
    *improved = 0;
    if (o->status_out)
        *o->status_out = 0;
    if ((rc = mip_groups(&m)) != ROTAS_OK || (rc = mip_slots(&m)) != ROTAS_OK)
        goto done;
    if ((rc = rotas__lp_new(&m.lp, "timetable", 0, err)) != ROTAS_OK)
        goto done;
    if ((rc = mip_columns(&m)) != ROTAS_OK || (rc = mip_travel_rows(&m)) != ROTAS_OK ||
        (rc = mip_cover_rows(&m)) != ROTAS_OK || (rc = mip_class_rows(&m)) != ROTAS_OK ||
        (rc = mip_once_rows(&m)) != ROTAS_OK || (rc = mip_room_rows(&m)) != ROTAS_OK ||
        (rc = mip_teacher_rows(&m)) != ROTAS_OK || (rc = mip_days_rows(&m)) != ROTAS_OK ||
        (rc = mip_maxdays_rows(&m)) != ROTAS_OK)
        goto done;
    if (o->export_lp) {
        rotas__lp_set_obj_const(m.lp, export_constant(&m));
        rc = rotas__lp_write_lp(m.lp, o->export_lp, err);
        goto done;
    }
    if (m.ng == 0) {
        if (o->objective_out)
            *o->objective_out = 0.0;
        goto done;
    }
    start = calloc(rotas__lp_n_cols(m.lp) + 1, sizeof *start);
    if (!start) {
        rc = oom(&m);
        goto done;
    }
    if ((rc = mip_start(&m, start)) != ROTAS_OK)
        goto done;
    rotas_lp_options lo = {.time_limit = o->time_limit > 0 ? o->time_limit : 5.0,
                           .mip_gap = P->pol->mip_gap,
                           .verbose = o->verbose > 1,
                           .start = start};
    rotas_lp_result res;
    if ((rc = rotas__lp_solve(m.lp, &lo, &res, err)) != ROTAS_OK)
        goto done;
    if (o->bound_out)
        *o->bound_out = res.bound;
    if (o->objective_out)
        *o->objective_out = res.objective;
    if (o->status_out)
        *o->status_out = res.status == ROTAS_LP_OPTIMAL ? 0 : 1;
    if (res.status != ROTAS_LP_OPTIMAL && res.status != ROTAS_LP_FEASIBLE)
        goto done;
    L2 = malloc(((size_t)P->nl + 1) * sizeof *L2);
    if (!L2) {
        rc = oom(&m);
        goto done;
    }
    memcpy(L2, L, (size_t)P->nl * sizeof *L2);
    if ((rc = mip_decode(&m, L2)) != ROTAS_OK)
        goto done;
    tt_cost before, after;
    rotas__tt_cost(P, L, &before);
    rotas__tt_cost(P, L2, &after);
    if (after.total < before.total - 1e-9) {
        memcpy(L, L2, (size_t)P->nl * sizeof *L);
        *improved = 1;
    }
done:
    mip_free(&m);
    free(start);
    free(L2);
    return rc;
}
