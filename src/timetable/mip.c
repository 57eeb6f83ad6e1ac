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

#include "lp_int.h"
#include "tt_int.h"

#define DAYS ROTAS_DAYS

typedef struct mip {
    int ng;
    int *g_d, *g_t, *g_n, *g_x0, *g_nx, *g_u;
    int nx;
    int *x_g, *x_day, *x_p, *x_col;
    int *lesson_g;
} mip;

static void mip_free(mip *m)
{
    free(m->g_d);
    free(m->g_t);
    free(m->g_n);
    free(m->g_x0);
    free(m->g_nx);
    free(m->g_u);
    free(m->x_g);
    free(m->x_day);
    free(m->x_p);
    free(m->x_col);
    free(m->lesson_g);
}

static const char *sid(const tt_problem *P, int s)
{
    return P->c->schools[P->sch[s].g].id;
}

rotas_rc rotas__tt_mip(const tt_problem *P, tt_lesson *L, const unsigned char *free_l,
                       const tt_mip_opts *o, int *improved, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    const rotas_county *C = P->c;
    const rotas_policy *w = P->pol;
    int ns = P->ns, nt = P->nt, mp = P->maxp;
    size_t ntd = (size_t)nt * DAYS;
    mip m = {0};
    rotas_lp *lp = NULL;
    int *gmap = NULL, *loadfix = NULL, *dfix = NULL, *tsfix = NULL, *tdfixn = NULL;
    int *tdfix = NULL, *ycol = NULL, *vcol = NULL, *ccol = NULL, *cols = NULL;
    unsigned char *clsfix = NULL, *tuse = NULL, *tsuse = NULL, *xhome = NULL;
    int *wcol = NULL;
    double *vals = NULL, *start = NULL;
    tt_lesson *L2 = NULL;
    int tdcap = ns * mp + 1;
    *improved = 0;
    if (o->status_out)
        *o->status_out = 0;

    gmap = malloc(((size_t)P->nd * (size_t)nt + 1) * sizeof *gmap);
    m.lesson_g = malloc(((size_t)P->nl + 1) * sizeof *m.lesson_g);
    m.g_d = malloc(((size_t)P->nl + 1) * sizeof(int));
    m.g_t = malloc(((size_t)P->nl + 1) * sizeof(int));
    m.g_n = calloc((size_t)P->nl + 1, sizeof(int));
    m.g_x0 = malloc(((size_t)P->nl + 1) * sizeof(int));
    m.g_nx = calloc((size_t)P->nl + 1, sizeof(int));
    m.g_u = malloc(((size_t)P->nl + 1) * sizeof(int));
    loadfix = calloc((size_t)nt + 1, sizeof *loadfix);
    dfix = calloc((size_t)P->nd * DAYS + 1, sizeof *dfix);
    tsfix = calloc(ntd * (size_t)ns + 1, sizeof *tsfix);
    tdfixn = calloc(ntd + 1, sizeof *tdfixn);
    tdfix = malloc((ntd * (size_t)tdcap + 1) * sizeof *tdfix);
    clsfix = calloc((size_t)P->nk * DAYS * (size_t)mp + 1, 1);
    tuse = calloc((size_t)nt + 1, 1);
    tsuse = calloc((size_t)nt * (size_t)ns + 1, 1);
    if (!gmap || !m.lesson_g || !m.g_d || !m.g_t || !m.g_n || !m.g_x0 || !m.g_nx || !m.g_u ||
        !loadfix || !dfix || !tsfix || !tdfixn || !tdfix || !clsfix || !tuse || !tsuse)
        goto oom;
    for (size_t i = 0; i < (size_t)P->nd * (size_t)nt; i++)
        gmap[i] = -1;
    /* fixed part */
    for (int l = 0; l < P->nl; l++) {
        m.lesson_g[l] = -1;
        const tt_lesson *x = &L[l];
        if ((free_l[l] && !x->fix) || x->day < 0 || x->t < 0)
            continue;
        int k = P->dem[x->d].k, s = P->ks[k];
        size_t td = (size_t)x->t * DAYS + (size_t)x->day;
        loadfix[x->t]++;
        dfix[(size_t)x->d * DAYS + (size_t)x->day]++;
        tsfix[td * (size_t)ns + (size_t)s]++;
        tdfix[td * (size_t)tdcap + (size_t)tdfixn[td]++] = l;
        clsfix[((size_t)k * DAYS + (size_t)x->day) * (size_t)mp + (size_t)x->p] = 1;
    }
    /* groups of freed lessons */
    for (int l = 0; l < P->nl; l++) {
        if (!free_l[l] || L[l].fix || L[l].t < 0)
            continue;
        size_t key = (size_t)L[l].d * (size_t)nt + (size_t)L[l].t;
        if (gmap[key] < 0) {
            gmap[key] = m.ng;
            m.g_d[m.ng] = L[l].d;
            m.g_t[m.ng] = L[l].t;
            m.ng++;
        }
        m.lesson_g[l] = gmap[key];
        m.g_n[gmap[key]]++;
        tuse[L[l].t] = 1;
        tsuse[(size_t)L[l].t * (size_t)ns + (size_t)P->ks[P->dem[L[l].d].k]] = 1;
    }
    /* candidate slots */
    size_t xcap = (size_t)m.ng * DAYS * (size_t)mp + 1;
    m.x_g = malloc(xcap * sizeof(int));
    m.x_day = malloc(xcap * sizeof(int));
    m.x_p = malloc(xcap * sizeof(int));
    m.x_col = malloc(xcap * sizeof(int));
    if (!m.x_g || !m.x_day || !m.x_p || !m.x_col)
        goto oom;
    for (int g = 0; g < m.ng; g++) {
        int d = m.g_d[g], t = m.g_t[g], k = P->dem[d].k, s = P->ks[k];
        m.g_x0[g] = m.nx;
        for (int day = 0; day < DAYS; day++) {
            size_t td = (size_t)t * DAYS + (size_t)day;
            if (P->dem[d].small && dfix[(size_t)d * DAYS + (size_t)day] > 0)
                continue;
            if (tsfix[td * (size_t)ns + (size_t)s] == 0) {
                int n = 0;
                for (int z = 0; z < ns; z++)
                    n += tsfix[td * (size_t)ns + (size_t)z] > 0;
                if (n >= P->max_schools)
                    continue;
            }
            for (int p = 0; p < P->sch[s].np; p++) {
                if (clsfix[((size_t)k * DAYS + (size_t)day) * (size_t)mp + (size_t)p] ||
                    !tt_slot_ok(P, d, t, day, p))
                    continue;
                int bad = 0;
                for (int i = 0; i < tdfixn[td] && !bad; i++) {
                    const tt_lesson *y = &L[tdfix[td * (size_t)tdcap + (size_t)i]];
                    bad = tt_conflict(P, s, p, P->ks[P->dem[y->d].k], y->p);
                }
                if (bad)
                    continue;
                m.x_g[m.nx] = g;
                m.x_day[m.nx] = day;
                m.x_p[m.nx] = p;
                m.nx++;
            }
        }
        m.g_nx[g] = m.nx - m.g_x0[g];
    }
    /* re-plan: the slots where a freed lesson sat before, with the same teacher */
    xhome = calloc((size_t)m.nx + 1, 1);
    if (!xhome)
        goto oom;
    for (int l = 0; l < P->nl; l++) {
        int g = m.lesson_g[l];
        if (g < 0 || L[l].h < 0 || P->homes[L[l].h].t != L[l].t)
            continue;
        for (int i = m.g_x0[g]; i < m.g_x0[g] + m.g_nx[g]; i++)
            if (m.x_day[i] == P->homes[L[l].h].day && m.x_p[i] == P->homes[L[l].h].p)
                xhome[i] = 1;
    }

    if ((rc = rotas__lp_new(&lp, "timetable", 0, err)) != ROTAS_OK)
        goto done;
    /* columns */
    for (int i = 0; i < m.nx; i++) {
        int g = m.x_g[i], d = m.g_d[g], s = P->ks[P->dem[d].k];
        const rotas_class *cl = &C->classes[P->kg[P->dem[d].k]];
        /* soft period preference; keeping a lesson where it was saves w_tt_keep */
        double cost = P->pen[(size_t)d * (size_t)mp + (size_t)m.x_p[i]] -
                      (xhome[i] ? w->w_tt_keep : 0.0);
        m.x_col[i] = rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, cost, "x(%s.%s,%s,%s,%d,%d)",
                                   sid(P, s), cl->id, C->subjects[P->dem[d].subj].id,
                                   C->teachers[P->tg[m.g_t[g]]].id, m.x_day[i] + 1,
                                   m.x_p[i] + 1);
        if (m.x_col[i] < 0)
            goto fail;
    }
    for (int g = 0; g < m.ng; g++) {
        int d = m.g_d[g], s = P->ks[P->dem[d].k];
        const rotas_class *cl = &C->classes[P->kg[P->dem[d].k]];
        m.g_u[g] = rotas__lp_col(lp, err, ROTAS_LP_INTEGER, 0, m.g_n[g], w->w_tt_unscheduled,
                                 "u(%s.%s,%s,%s)", sid(P, s), cl->id,
                                 C->subjects[P->dem[d].subj].id, C->teachers[P->tg[m.g_t[g]]].id);
        if (m.g_u[g] < 0)
            goto fail;
    }
    ycol = malloc((ntd * (size_t)ns + 1) * sizeof *ycol);
    vcol = malloc(((size_t)nt * (size_t)ns + 1) * sizeof *vcol);
    ccol = malloc((ntd + 1) * sizeof *ccol);
    if (!ycol || !vcol || !ccol)
        goto oom;
    for (int t = 0; t < nt; t++) {
        for (int s = 0; s < ns; s++) {
            size_t ts = (size_t)t * (size_t)ns + (size_t)s;
            int fixed_week = 0;
            for (int day = 0; day < DAYS; day++)
                fixed_week |= tsfix[((size_t)t * DAYS + (size_t)day) * (size_t)ns + (size_t)s] > 0;
            vcol[ts] = -1;
            if (tuse[t] && (tsuse[ts] || fixed_week)) {
                vcol[ts] = rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, w->w_tt_school,
                                         "v(%s,%s)", C->teachers[P->tg[t]].id, sid(P, s));
                if (vcol[ts] < 0)
                    goto fail;
                if (fixed_week && rotas__lp_set_bounds(lp, vcol[ts], 1, 1, err) != ROTAS_OK)
                    goto fail;
            }
            for (int day = 0; day < DAYS; day++) {
                size_t y = ((size_t)t * DAYS + (size_t)day) * (size_t)ns + (size_t)s;
                ycol[y] = -1;
                if (vcol[ts] < 0 || (!tsuse[ts] && tsfix[y] == 0))
                    continue;
                ycol[y] = rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, 0.0, "y(%s,%s,%d)",
                                        C->teachers[P->tg[t]].id, sid(P, s), day + 1);
                if (ycol[y] < 0)
                    goto fail;
                if (tsfix[y] > 0 && rotas__lp_set_bounds(lp, ycol[y], 1, 1, err) != ROTAS_OK)
                    goto fail;
            }
        }
    }
    size_t rowcap = (size_t)m.nx + (size_t)ns * 4 + 16;
    cols = malloc(rowcap * sizeof *cols);
    vals = malloc(rowcap * sizeof *vals);
    if (!cols || !vals)
        goto oom;
    /* change and km terms */
    for (int t = 0; t < nt; t++) {
        if (!tuse[t])
            continue;
        for (int day = 0; day < DAYS; day++) {
            size_t td = (size_t)t * DAYS + (size_t)day;
            int n = 0;
            for (int s = 0; s < ns; s++)
                if (ycol[td * (size_t)ns + (size_t)s] >= 0) {
                    cols[n] = ycol[td * (size_t)ns + (size_t)s];
                    vals[n++] = 1.0;
                }
            ccol[td] = -1;
            if (n < 2)
                continue;
            if (rotas__lp_row(lp, err, -INFINITY, P->max_schools, (size_t)n, cols, vals,
                              "maxsch(%s,%d)", C->teachers[P->tg[t]].id, day + 1) < 0)
                goto fail;
            ccol[td] = rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, INFINITY, w->w_tt_change,
                                     "c(%s,%d)", C->teachers[P->tg[t]].id, day + 1);
            if (ccol[td] < 0)
                goto fail;
            cols[n] = ccol[td];
            vals[n] = -1.0;
            if (rotas__lp_row(lp, err, -INFINITY, 1.0, (size_t)n + 1, cols, vals,
                              "change(%s,%d)", C->teachers[P->tg[t]].id, day + 1) < 0)
                goto fail;
            for (int a = 0; a < ns; a++)
                for (int b = a + 1; b < ns; b++) {
                    int ya = ycol[td * (size_t)ns + (size_t)a], yb = ycol[td * (size_t)ns + (size_t)b];
                    if (ya < 0 || yb < 0)
                        continue;
                    double km = rotas_county_km(C, P->sch[a].g, P->sch[b].g);
                    int zc = rotas__lp_col(lp, err, ROTAS_LP_CONTINUOUS, 0, INFINITY,
                                           w->w_tt_km * km, "z(%s,%d,%s,%s)",
                                           C->teachers[P->tg[t]].id, day + 1, sid(P, a),
                                           sid(P, b));
                    if (zc < 0)
                        goto fail;
                    int zc3[3] = {ya, yb, zc};
                    double zv[3] = {1, 1, -1};
                    if (rotas__lp_row(lp, err, -INFINITY, 1.0, 3, zc3, zv, "pair(%s,%d,%s,%s)",
                                      C->teachers[P->tg[t]].id, day + 1, sid(P, a),
                                      sid(P, b)) < 0)
                        goto fail;
                }
        }
        for (int s = 0; s < ns; s++) {
            size_t ts = (size_t)t * (size_t)ns + (size_t)s;
            for (int day = 0; day < DAYS; day++) {
                int y = ycol[((size_t)t * DAYS + (size_t)day) * (size_t)ns + (size_t)s];
                if (y < 0 || vcol[ts] < 0)
                    continue;
                int c2[2] = {y, vcol[ts]};
                double v2[2] = {1, -1};
                if (rotas__lp_row(lp, err, -INFINITY, 0.0, 2, c2, v2, "week(%s,%s,%d)",
                                  C->teachers[P->tg[t]].id, sid(P, s), day + 1) < 0)
                    goto fail;
            }
        }
    }
    /* cover */
    for (int g = 0; g < m.ng; g++) {
        int n = 0;
        for (int i = m.g_x0[g]; i < m.g_x0[g] + m.g_nx[g]; i++) {
            cols[n] = m.x_col[i];
            vals[n++] = 1.0;
        }
        cols[n] = m.g_u[g];
        vals[n++] = 1.0;
        int d = m.g_d[g];
        if (rotas__lp_row(lp, err, m.g_n[g], m.g_n[g], (size_t)n, cols, vals, "cover(%s.%s,%s,%s)",
                          sid(P, P->ks[P->dem[d].k]), C->classes[P->kg[P->dem[d].k]].id,
                          C->subjects[P->dem[d].subj].id, C->teachers[P->tg[m.g_t[g]]].id) < 0)
            goto fail;
    }
    /* class slots, once a day, teacher slots: collect x per key by scanning (small models) */
    {
        /* class(k,day,p) */
        int *head = malloc(((size_t)P->nk * DAYS * (size_t)mp + 1) * sizeof *head);
        int *next = malloc(((size_t)m.nx + 1) * sizeof *next);
        if (!head || !next) {
            free(head);
            free(next);
            goto oom;
        }
        for (size_t i = 0; i < (size_t)P->nk * DAYS * (size_t)mp; i++)
            head[i] = -1;
        for (int i = m.nx - 1; i >= 0; i--) {
            size_t key = ((size_t)P->dem[m.g_d[m.x_g[i]]].k * DAYS + (size_t)m.x_day[i]) *
                             (size_t)mp +
                         (size_t)m.x_p[i];
            next[i] = head[key];
            head[key] = i;
        }
        for (int k = 0; k < P->nk && rc == ROTAS_OK; k++)
            for (int day = 0; day < DAYS; day++)
                for (int p = 0; p < mp; p++) {
                    int n = 0;
                    for (int i = head[((size_t)k * DAYS + (size_t)day) * (size_t)mp + (size_t)p];
                         i >= 0; i = next[i]) {
                        cols[n] = m.x_col[i];
                        vals[n++] = 1.0;
                    }
                    if (n < 2)
                        continue;
                    const rotas_class *cl = &C->classes[P->kg[k]];
                    if (rotas__lp_row(lp, err, -INFINITY, 1.0, (size_t)n, cols, vals,
                                      "class(%s.%s,%d,%d)", sid(P, P->ks[k]), cl->id, day + 1,
                                      p + 1) < 0)
                        rc = ROTAS_ERR;
                }
        free(head);
        free(next);
        if (rc != ROTAS_OK)
            goto fail;
    }
    /* once(d,day) */
    for (int d = 0; d < P->nd; d++) {
        if (!P->dem[d].small)
            continue;
        for (int day = 0; day < DAYS; day++) {
            int n = 0;
            for (int g = 0; g < m.ng; g++) {
                if (m.g_d[g] != d)
                    continue;
                for (int i = m.g_x0[g]; i < m.g_x0[g] + m.g_nx[g]; i++)
                    if (m.x_day[i] == day) {
                        cols[n] = m.x_col[i];
                        vals[n++] = 1.0;
                    }
            }
            if (n < 2)
                continue;
            if (rotas__lp_row(lp, err, -INFINITY, 1.0, (size_t)n, cols, vals, "once(%s.%s,%s,%d)",
                              sid(P, P->ks[P->dem[d].k]), C->classes[P->kg[P->dem[d].k]].id,
                              C->subjects[P->dem[d].subj].id, day + 1) < 0)
                goto fail;
        }
    }
    /* teacher rows */
    {
        int *slot = malloc(((size_t)ns * (size_t)mp + 1) * sizeof *slot); /* first x at (s,p) */
        int *nxt = malloc(((size_t)m.nx + 1) * sizeof *nxt);
        int *cnt = malloc(((size_t)ns + 1) * sizeof *cnt);
        if (!slot || !nxt || !cnt) {
            free(slot);
            free(nxt);
            free(cnt);
            goto oom;
        }
        for (int t = 0; t < nt && rc == ROTAS_OK; t++) {
            if (!tuse[t])
                continue;
            const char *tid = C->teachers[P->tg[t]].id;
            /* load */
            int n = 0;
            for (int i = 0; i < m.nx; i++)
                if (m.g_t[m.x_g[i]] == t) {
                    cols[n] = m.x_col[i];
                    vals[n++] = 1.0;
                }
            if (n > P->cap[t] - loadfix[t] &&
                rotas__lp_row(lp, err, -INFINITY, P->cap[t] - loadfix[t], (size_t)n, cols, vals,
                              "load(%s)", tid) < 0) {
                rc = ROTAS_ERR;
                break;
            }
            for (int day = 0; day < DAYS && rc == ROTAS_OK; day++) {
                for (int i = 0; i < ns * mp; i++)
                    slot[i] = -1;
                for (int i = m.nx - 1; i >= 0; i--) {
                    int g = m.x_g[i];
                    if (m.g_t[g] != t || m.x_day[i] != day)
                        continue;
                    size_t key = (size_t)P->ks[P->dem[m.g_d[g]].k] * (size_t)mp + (size_t)m.x_p[i];
                    nxt[i] = slot[key];
                    slot[key] = i;
                }
                size_t td = (size_t)t * DAYS + (size_t)day;
                for (int s = 0; s < ns && rc == ROTAS_OK; s++) {
                    int y = ycol[td * (size_t)ns + (size_t)s];
                    for (int p = 0; p < P->sch[s].np && rc == ROTAS_OK; p++) {
                        int q = 0;
                        for (int i = slot[(size_t)s * (size_t)mp + (size_t)p]; i >= 0; i = nxt[i]) {
                            cols[q] = m.x_col[i];
                            vals[q++] = 1.0;
                        }
                        /* teach(t,s,day,p): one lesson at a time, and only on a day at s */
                        if (q > 0 && y >= 0 && tsfix[td * (size_t)ns + (size_t)s] == 0) {
                            cols[q] = y;
                            vals[q] = -1.0;
                            if (rotas__lp_row(lp, err, -INFINITY, 0.0, (size_t)q + 1, cols, vals,
                                              "teach(%s,%s,%d,%d)", tid, sid(P, s), day + 1,
                                              p + 1) < 0)
                                rc = ROTAS_ERR;
                        } else if (q >= 2 &&
                                   rotas__lp_row(lp, err, -INFINITY, 1.0, (size_t)q, cols, vals,
                                                 "teach(%s,%s,%d,%d)", tid, sid(P, s), day + 1,
                                                 p + 1) < 0)
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
                                    cols[r] = m.x_col[i];
                                    vals[r++] = 1.0;
                                }
                                if (rotas__lp_row(lp, err, -INFINITY, 1.0, (size_t)r, cols, vals,
                                                  "clash(%s,%d,%s.%d,%s.%d)", tid, day + 1,
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
            goto fail;
    }

    /* days(g): a group taught at most once a day needs as many days at its school */
    for (int g = 0; g < m.ng; g++) {
        int d = m.g_d[g], t = m.g_t[g], s = P->ks[P->dem[d].k];
        if (!P->dem[d].small || m.g_nx[g] == 0)
            continue;
        int n = 0;
        for (int day = 0; day < DAYS; day++) {
            int y = ycol[((size_t)t * DAYS + (size_t)day) * (size_t)ns + (size_t)s];
            if (y >= 0) {
                cols[n] = y;
                vals[n++] = 1.0;
            }
        }
        for (int i = m.g_x0[g]; i < m.g_x0[g] + m.g_nx[g]; i++) {
            cols[n] = m.x_col[i];
            vals[n++] = -1.0;
        }
        if (rotas__lp_row(lp, err, 0.0, INFINITY, (size_t)n, cols, vals, "days(%s.%s,%s,%s)",
                          sid(P, s), C->classes[P->kg[P->dem[d].k]].id,
                          C->subjects[P->dem[d].subj].id, C->teachers[P->tg[t]].id) < 0)
            goto fail;
    }

    /* max_days: a part-timer teaches on at most max_days days (w = a day with lessons) */
    wcol = malloc((ntd + 1) * sizeof *wcol);
    if (!wcol)
        goto oom;
    for (size_t i = 0; i < ntd; i++)
        wcol[i] = -1;
    for (int t = 0; t < nt; t++) {
        if (!tuse[t] || !P->maxd[t])
            continue;
        const char *tid = C->teachers[P->tg[t]].id;
        int n = 0, nw = 0;
        for (int day = 0; day < DAYS; day++) {
            size_t td = (size_t)t * DAYS + (size_t)day;
            wcol[td] = rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, 0.0, "w(%s,%d)", tid, day + 1);
            if (wcol[td] < 0)
                goto fail;
            for (int s = 0; s < ns; s++) {
                int y = ycol[td * (size_t)ns + (size_t)s];
                if (y < 0)
                    continue;
                int c2[2] = {y, wcol[td]};
                double v2[2] = {1, -1};
                if (rotas__lp_row(lp, err, -INFINITY, 0.0, 2, c2, v2, "dayon(%s,%s,%d)", tid,
                                  sid(P, s), day + 1) < 0)
                    goto fail;
                nw++;
            }
            cols[n] = wcol[td];
            vals[n++] = 1.0;
        }
        if (nw > 0 && rotas__lp_row(lp, err, -INFINITY, P->maxd[t], (size_t)n, cols, vals,
                                    "maxdays(%s)", tid) < 0)
            goto fail;
    }

    if (o->export_lp) {
        rc = rotas__lp_write_lp(lp, o->export_lp, err);
        goto done;
    }
    if (m.ng == 0) {
        if (o->objective_out)
            *o->objective_out = 0.0;
        goto done;
    }

    /* start vector: the current placement */
    size_t ncols = rotas__lp_n_cols(lp);
    start = calloc(ncols + 1, sizeof *start);
    if (!start)
        goto oom;
    {
        int *placed = calloc((size_t)m.ng + 1, sizeof *placed);
        if (!placed)
            goto oom;
        for (int l = 0; l < P->nl; l++) {
            int g = m.lesson_g[l];
            if (g < 0 || L[l].day < 0)
                continue;
            for (int i = m.g_x0[g]; i < m.g_x0[g] + m.g_nx[g]; i++)
                if (m.x_day[i] == L[l].day && m.x_p[i] == L[l].p) {
                    start[m.x_col[i]] += 1.0;
                    placed[g]++;
                }
        }
        for (int g = 0; g < m.ng; g++)
            start[m.g_u[g]] = m.g_n[g] - placed[g];
        free(placed);
        /* y, v, c, z from the lessons of the involved teachers */
        for (int l = 0; l < P->nl; l++) {
            if (L[l].day < 0 || L[l].t < 0 || !tuse[L[l].t])
                continue;
            int t = L[l].t, s = P->ks[P->dem[L[l].d].k];
            int y = ycol[((size_t)t * DAYS + (size_t)L[l].day) * (size_t)ns + (size_t)s];
            if (y >= 0)
                start[y] = 1.0;
            if (vcol[(size_t)t * (size_t)ns + (size_t)s] >= 0)
                start[vcol[(size_t)t * (size_t)ns + (size_t)s]] = 1.0;
        }
        for (int t = 0; t < nt; t++) {
            if (!tuse[t])
                continue;
            for (int day = 0; day < DAYS; day++) {
                size_t td = (size_t)t * DAYS + (size_t)day;
                if (ccol[td] < 0)
                    continue;
                double sum = 0;
                for (int s = 0; s < ns; s++)
                    if (ycol[td * (size_t)ns + (size_t)s] >= 0)
                        sum += start[ycol[td * (size_t)ns + (size_t)s]];
                start[ccol[td]] = sum > 1 ? sum - 1 : 0;
            }
        }
        for (int t = 0; t < nt; t++)
            for (int day = 0; day < DAYS; day++) {
                size_t td = (size_t)t * DAYS + (size_t)day;
                if (wcol[td] < 0)
                    continue;
                for (int s = 0; s < ns; s++)
                    if (ycol[td * (size_t)ns + (size_t)s] >= 0 &&
                        start[ycol[td * (size_t)ns + (size_t)s]] > 0.5)
                        start[wcol[td]] = 1.0;
            }
        /* z = max(0, ya + yb - 1), walking the loops that made the z columns */
        for (int t = 0; t < nt; t++) {
            if (!tuse[t])
                continue;
            for (int day = 0; day < DAYS; day++) {
                size_t td = (size_t)t * DAYS + (size_t)day;
                if (ccol[td] < 0)
                    continue;
                /* z columns were created right after c(t,day), in (a,b) order */
                int col = ccol[td] + 1;
                for (int a = 0; a < ns; a++)
                    for (int b = a + 1; b < ns; b++) {
                        int ya = ycol[td * (size_t)ns + (size_t)a], yb = ycol[td * (size_t)ns + (size_t)b];
                        if (ya < 0 || yb < 0)
                            continue;
                        double z = start[ya] + start[yb] - 1.0;
                        start[col++] = z > 0 ? z : 0;
                    }
            }
        }
    }
    rotas_lp_options lo = {.time_limit = o->time_limit > 0 ? o->time_limit : 5.0,
                           .mip_gap = w->mip_gap,
                           .verbose = o->verbose > 1,
                           .start = start};
    rotas_lp_result res;
    if ((rc = rotas__lp_solve(lp, &lo, &res, err)) != ROTAS_OK)
        goto done;
    if (o->bound_out)
        *o->bound_out = res.bound;
    if (o->objective_out)
        *o->objective_out = res.objective;
    if (o->status_out)
        *o->status_out = res.status == ROTAS_LP_OPTIMAL ? 0 : 1;
    if (res.status != ROTAS_LP_OPTIMAL && res.status != ROTAS_LP_FEASIBLE)
        goto done;
    /* decode: hand the chosen slots of each group to its freed lessons */
    L2 = malloc(((size_t)P->nl + 1) * sizeof *L2);
    if (!L2)
        goto oom;
    memcpy(L2, L, (size_t)P->nl * sizeof *L2);
    {
        int *next_x = malloc(((size_t)m.ng + 1) * sizeof *next_x);
        if (!next_x)
            goto oom;
        unsigned char *taken = calloc((size_t)m.nx + 1, 1);
        if (!taken) {
            free(next_x);
            goto oom;
        }
        for (int g = 0; g < m.ng; g++)
            next_x[g] = m.g_x0[g];
        for (int l = 0; l < P->nl; l++) {
            int g = m.lesson_g[l];
            if (g < 0)
                continue;
            L2[l].day = L2[l].p = -1;
            if (L[l].h < 0 || P->homes[L[l].h].t != L[l].t)
                continue;
            /* a lesson whose earlier slot is chosen goes back there */
            for (int i = m.g_x0[g]; i < m.g_x0[g] + m.g_nx[g]; i++)
                if (!taken[i] && m.x_day[i] == P->homes[L[l].h].day &&
                    m.x_p[i] == P->homes[L[l].h].p && rotas__lp_value(lp, m.x_col[i]) > 0.5) {
                    taken[i] = 1;
                    L2[l].day = m.x_day[i];
                    L2[l].p = m.x_p[i];
                    break;
                }
        }
        for (int l = 0; l < P->nl; l++) {
            int g = m.lesson_g[l];
            if (g < 0 || L2[l].day >= 0)
                continue;
            while (next_x[g] < m.g_x0[g] + m.g_nx[g] &&
                   (taken[next_x[g]] || rotas__lp_value(lp, m.x_col[next_x[g]]) < 0.5))
                next_x[g]++;
            if (next_x[g] < m.g_x0[g] + m.g_nx[g]) {
                L2[l].day = m.x_day[next_x[g]];
                L2[l].p = m.x_p[next_x[g]];
                next_x[g]++;
            }
        }
        free(next_x);
        free(taken);
    }
    tt_cost before, after;
    rotas__tt_cost(P, L, &before);
    rotas__tt_cost(P, L2, &after);
    if (after.total < before.total - 1e-9) {
        memcpy(L, L2, (size_t)P->nl * sizeof *L);
        *improved = 1;
    }
    goto done;
oom:
    rc = rotas_error_set(err, ROTAS_ENOMEM, "timetable: out of memory");
    goto done;
fail:
    if (rc == ROTAS_OK)
        rc = err && err->code ? err->code : ROTAS_ERR;
done:
    rotas__lp_free(lp);
    mip_free(&m);
    free(gmap);
    free(loadfix);
    free(dfix);
    free(tsfix);
    free(tdfixn);
    free(tdfix);
    free(clsfix);
    free(tuse);
    free(tsuse);
    free(xhome);
    free(wcol);
    free(ycol);
    free(vcol);
    free(ccol);
    free(cols);
    free(vals);
    free(start);
    free(L2);
    return rc;
}

/* Emit " (a,b,...)" only when the same tuple was not emitted before (MathProg rejects
   duplicate members of a set); seen holds n tuples of width k. */
static void tuple_once(FILE *f, int *seen, int *n, int k, const int *v)
{
    for (int i = 0; i < *n; i++)
        if (memcmp(&seen[(size_t)i * (size_t)k], v, (size_t)k * sizeof *v) == 0)
            return;
    memcpy(&seen[(size_t)*n * (size_t)k], v, (size_t)k * sizeof *v);
    (*n)++;
    fputs(" (", f);
    for (int i = 0; i < k; i++)
        fprintf(f, i ? ",%d" : "%d", v[i]);
    fputc(')', f);
}

rotas_rc rotas__tt_write_dat(const tt_problem *P, const tt_lesson *L, const char *path,
                             rotas_error *err)
{
    const rotas_policy *w = P->pol;
    const rotas_county *C = P->c;
    int nt = P->nt, ns = P->ns;
    size_t nseen = (size_t)P->nl + 1;
    for (int t = 0; t < nt; t++)
        nseen += C->teachers[P->tg[t]].n_unavailable;
    for (int k = 0; k < P->nk; k++)
        nseen += C->classes[P->kg[k]].n_unavailable;
    int *gmap = malloc(((size_t)P->nd * (size_t)nt + 1) * sizeof *gmap);
    int *gn = calloc((size_t)P->nl + 1, sizeof *gn);
    int *gd = malloc(((size_t)P->nl + 1) * sizeof *gd), *gt = malloc(((size_t)P->nl + 1) * sizeof *gt);
    int *lg = malloc(((size_t)P->nl + 1) * sizeof *lg);
    int *seen = malloc(nseen * 4 * sizeof *seen);
    FILE *f = NULL;
    rotas_rc rc = ROTAS_OK;
    int ng = 0, n = 0;
    if (!gmap || !gn || !gd || !gt || !lg || !seen) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, "timetable: out of memory");
        goto done;
    }
    for (size_t i = 0; i < (size_t)P->nd * (size_t)nt; i++)
        gmap[i] = -1;
    /* groups: the lessons to place, as the MIP frees them (fixed lessons are constants) */
    for (int l = 0; l < P->nl; l++) {
        lg[l] = -1;
        if (L[l].t < 0 || L[l].fix)
            continue;
        size_t key = (size_t)L[l].d * (size_t)nt + (size_t)L[l].t;
        if (gmap[key] < 0) {
            gmap[key] = ng;
            gd[ng] = L[l].d;
            gt[ng] = L[l].t;
            ng++;
        }
        lg[l] = gmap[key];
        gn[gmap[key]]++;
    }
    f = fopen(path, "w");
    if (!f) {
        rc = rotas_error_set(err, ROTAS_EIO, "%s: cannot write", path);
        goto done;
    }
    fprintf(f, "/* placement data for models/timetable.mod: cluster %s */\ndata;\n",
            C->clusters[P->cluster].id);
    fprintf(f, "set D := 1 2 3 4 5;\nset S :=");
    for (int s = 0; s < ns; s++)
        fprintf(f, " %d", s + 1);
    fprintf(f, ";\nparam np :=");
    for (int s = 0; s < ns; s++)
        fprintf(f, " %d %d", s + 1, P->sch[s].np);
    fprintf(f, ";\nparam : bs be :=\n");
    for (int s = 0; s < ns; s++)
        for (int p = 0; p < P->sch[s].np; p++)
            fprintf(f, "  %d %d %d %d\n", s + 1, p + 1, P->sch[s].bell[p].start,
                    P->sch[s].bell[p].end);
    fprintf(f, ";\nset T :=");
    for (int t = 0; t < nt; t++)
        fprintf(f, " %d", t + 1);
    fprintf(f, ";\nparam cap :=");
    for (int t = 0; t < nt; t++)
        fprintf(f, " %d %d", t + 1, P->cap[t]);
    fprintf(f, ";\nparam maxd :=");
    for (int t = 0; t < nt; t++)
        if (P->maxd[t])
            fprintf(f, " %d %d", t + 1, P->maxd[t]);
    fprintf(f, ";\nset TB :=");
    n = 0;
    for (int t = 0; t < nt; t++) {
        const rotas_teacher *te = &C->teachers[P->tg[t]];
        for (size_t b = 0; b < te->n_unavailable; b++) {
            const rotas_time_block *tb = &te->unavailable[b];
            int v[4] = {t + 1, tb->day + 1, tb->start, tb->end};
            tuple_once(f, seen, &n, 4, v);
        }
    }
    fprintf(f, ";\nset K :=");
    for (int k = 0; k < P->nk; k++)
        fprintf(f, " %d", k + 1);
    fprintf(f, ";\nparam ks :=");
    for (int k = 0; k < P->nk; k++)
        fprintf(f, " %d %d", k + 1, P->ks[k] + 1);
    fprintf(f, ";\nset KB :=");
    n = 0;
    for (int k = 0; k < P->nk; k++) {
        const rotas_class *cl = &C->classes[P->kg[k]];
        for (size_t b = 0; b < cl->n_unavailable; b++) {
            int v[3] = {k + 1, cl->unavailable[b].day + 1, cl->unavailable[b].period + 1};
            tuple_once(f, seen, &n, 3, v);
        }
    }
    fprintf(f, ";\nset M :=");
    for (int d = 0; d < P->nd; d++)
        fprintf(f, " %d", d + 1);
    /* subject rules per demand, read as everyday_build (timetable/timetable.c) reads them */
    fprintf(f, ";\nparam : mk small nfp nal bp :=\n");
    for (int d = 0; d < P->nd; d++) {
        int nfp = 0, nal = 0, bp = 0;
        for (size_t r = 0; r < C->n_subject_rules; r++) {
            const rotas_subject_rule *sr = &C->subject_rules[r];
            if (sr->subject != P->dem[d].subj)
                continue;
            nfp |= sr->not_first_period != 0;
            nal |= sr->not_after_lunch != 0;
            if (sr->before_period > 0)
                bp = sr->before_period;
        }
        fprintf(f, "  %d %d %d %d %d %d\n", d + 1, P->dem[d].k + 1, P->dem[d].small, nfp, nal,
                bp);
    }
    fprintf(f, ";\nset G :=");
    for (int g = 0; g < ng; g++)
        fprintf(f, " %d", g + 1);
    fprintf(f, ";\nparam : gk gm gs gt n main :=\n");
    for (int g = 0; g < ng; g++) {
        const tt_demand *dm = &P->dem[gd[g]];
        fprintf(f, "  %d %d %d %d %d %d %d\n", g + 1, dm->k + 1, gd[g] + 1, P->ks[dm->k] + 1,
                gt[g] + 1, gn[g], dm->main);
    }
    fprintf(f, ";\nset FX :=");
    for (int l = 0; l < P->nl; l++)
        if (L[l].fix && L[l].t >= 0 && L[l].day >= 0)
            fprintf(f, " (%d,%d,%d,%d)", L[l].d + 1, L[l].t + 1, L[l].day + 1, L[l].p + 1);
    /* re-plan: the earlier slot of each lesson to place that kept its teacher */
    fprintf(f, ";\nset H :=");
    n = 0;
    for (int l = 0; l < P->nl; l++) {
        if (lg[l] < 0 || L[l].h < 0 || P->homes[L[l].h].t != L[l].t)
            continue;
        int v[3] = {lg[l] + 1, P->homes[L[l].h].day + 1, P->homes[L[l].h].p + 1};
        tuple_once(f, seen, &n, 3, v);
    }
    fprintf(f, ";\nparam km :=");
    for (int a = 0; a < ns; a++)
        for (int b = 0; b < ns; b++)
            if (a != b)
                fprintf(f, " [%d,%d] %.17g", a + 1, b + 1,
                        rotas_county_km(C, P->sch[a].g, P->sch[b].g));
    fprintf(f, ";\nset CF :=");
    for (int a = 0; a < ns; a++)
        for (int b = a + 1; b < ns; b++)
            for (int p = 0; p < P->sch[a].np; p++)
                for (int q = 0; q < P->sch[b].np; q++)
                    if (tt_conflict(P, a, p, b, q))
                        fprintf(f, " (%d,%d,%d,%d)", a + 1, p + 1, b + 1, q + 1);
    fprintf(f, ";\nparam maxs := %d;\n", P->max_schools);
    fprintf(f, "param w_u := %.17g;\nparam w_c := %.17g;\nparam w_km := %.17g;\n",
            w->w_tt_unscheduled, w->w_tt_change, w->w_tt_km);
    fprintf(f, "param w_s := %.17g;\nparam w_m := %.17g;\nparam w_k := %.17g;\nend;\n",
            w->w_tt_school, w->w_tt_morning, w->w_tt_keep);
    if (fclose(f) != 0)
        rc = rotas_error_set(err, ROTAS_EIO, "%s: write failed", path);
    f = NULL;
done:
    if (f)
        fclose(f);
    free(gmap);
    free(gn);
    free(gd);
    free(gt);
    free(lg);
    free(seen);
    return rc;
}
