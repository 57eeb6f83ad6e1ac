/*
 * rows.c - the model builder: columns and rows, one row family per rule (named after its
 * policy key), the exact supply flow with its rounding rows.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "lp_int.h"
#include "plan_int.h"
#include "rotas/plan.h"

/* Penalty multiplier of each rule's slack (planner only). */
const double rotas__plan_rule_mult[R_COUNT] = {
    [R_KEY] = 1.0, [R_ROT] = 1.0,   [R_MUST] = 2.0, [R_QUOTA] = 3.0,
    [R_OUT] = 3.0, [R_POSTS] = 4.0, [R_GROUP] = 1.0};

/* ---- building the LP ---- */

static char *fmt_name(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *fmt_name(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, NAME_BUF, fmt, ap);
    va_end(ap);
    return buf;
}

static int add_col(model *m, rotas_error *err, int kind, double lb, double ub, double obj,
                   int slack, const char *name)
{
    int j = rotas__lp_col(m->lp, err, kind, lb, ub, obj, "%s", name);
    if (j < 0)
        return -1;
    if (j >= m->ncols_cap) {
        int nc = m->ncols_cap ? 2 * m->ncols_cap : 1024;
        while (nc <= j)
            nc *= 2;
        double *o = realloc(m->obj, (size_t)nc * sizeof *o);
        if (!o)
            goto oom;
        m->obj = o;
        double *l = realloc(m->lb, (size_t)nc * sizeof *l);
        if (!l)
            goto oom;
        m->lb = l;
        double *u = realloc(m->ub, (size_t)nc * sizeof *u);
        if (!u)
            goto oom;
        m->ub = u;
        int *sk = realloc(m->slack_kind, (size_t)nc * sizeof *sk);
        if (!sk)
            goto oom;
        m->slack_kind = sk;
        m->ncols_cap = nc;
    }
    m->obj[j] = obj;
    m->lb[j] = kind == ROTAS_LP_BINARY ? 0.0 : lb;
    m->ub[j] = kind == ROTAS_LP_BINARY ? 1.0 : ub;
    m->slack_kind[j] = slack;
    return j;
oom:
    rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
    return -1;
}

/* Entries collected for the next row. */
typedef struct rowbuf {
    int *cols;
    double *vals;
    size_t n, cap;
} rowbuf;

static int rb_add(rowbuf *rb, int col, double v)
{
    if (rb->n == rb->cap) {
        size_t nc = rb->cap ? 2 * rb->cap : 64;
        int *a = realloc(rb->cols, nc * sizeof *a);
        if (!a)
            return -1;
        rb->cols = a;
        double *b = realloc(rb->vals, nc * sizeof *b);
        if (!b)
            return -1;
        rb->vals = b;
        rb->cap = nc;
    }
    rb->cols[rb->n] = col;
    rb->vals[rb->n] = v;
    rb->n++;
    return 0;
}

static int add_row(model *m, rotas_error *err, double lo, double hi, rowbuf *rb, int fix_lo,
                   int fix_hi, const char *name)
{
    if (rb->n == 0) /* nothing can change it: a constant row holds or not; not added */
        return 0;
    if (rotas__lp_row(m->lp, err, lo, hi, rb->n, rb->cols, rb->vals, "%s", name) < 0)
        return -1;
    if (m->n_rows == m->cap_rows) {
        size_t nc = m->cap_rows ? 2 * m->cap_rows : 256;
        mrow *r = realloc(m->rows, nc * sizeof *r);
        if (!r)
            goto oom;
        m->rows = r;
        m->cap_rows = nc;
    }
    while (m->n_ent + rb->n > m->cap_ent) {
        size_t nc = m->cap_ent ? 2 * m->cap_ent : 4096;
        int *ec = realloc(m->ecol, nc * sizeof *ec);
        if (!ec)
            goto oom;
        m->ecol = ec;
        double *ev = realloc(m->eval, nc * sizeof *ev);
        if (!ev)
            goto oom;
        m->eval = ev;
        m->cap_ent = nc;
    }
    memcpy(m->ecol + m->n_ent, rb->cols, rb->n * sizeof *rb->cols);
    memcpy(m->eval + m->n_ent, rb->vals, rb->n * sizeof *rb->vals);
    m->rows[m->n_rows++] = (mrow){lo, hi, m->n_ent, rb->n, fix_lo, fix_hi};
    m->n_ent += rb->n;
    rb->n = 0;
    return 0;
oom:
    rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
    return -1;
}

int rotas__plan_add_row(model *m, rotas_error *err, double lo, double hi, size_t n, const int *cols,
                        const double *vals, int fix_lo, int fix_hi, const char *name)
{
    rowbuf rb = {(int *)(uintptr_t)cols, (double *)(uintptr_t)vals, n, n};
    return add_row(m, err, lo, hi, &rb, fix_lo, fix_hi, name);
}

int rotas__plan_slack_col(model *m, rotas_error *err, double pen, int rule, const char *name)
{
    return add_col(m, err, ROTAS_LP_INTEGER, 0, INFINITY, pen * rotas__plan_rule_mult[rule], rule,
                   name);
}

static double penalty_unit(const model *m)
{
    const rotas_policy *p = m->p;
    double maxfac = 1.0, maxcap = p->default_max_periods, maxkm = 0.0;
    size_t maxpref = 0;
    for (int s = 0; s < m->ns; s++)
        if (m->fac[s] > maxfac)
            maxfac = m->fac[s];
    for (size_t i = 0; i < m->c->n_teachers; i++) {
        const rotas_teacher *t = &m->c->teachers[i];
        if (t->max_periods > maxcap)
            maxcap = t->max_periods;
        if (t->n_preferences > maxpref)
            maxpref = t->n_preferences;
    }
    for (size_t k = 0; k < (size_t)m->ns * (size_t)m->ns; k++)
        if (m->c->km[k] > maxkm)
            maxkm = m->c->km[k];
    double per_move = 2.0 * fabs(p->w_unfilled) * maxfac * maxcap + 2.0 * fabs(p->w_balance) +
                      fabs(p->w_km) * maxkm + fabs(p->w_preference) * (double)(maxpref + 1) +
                      fabs(p->w_move) + fabs(p->w_group);
    return 10.0 * per_move + 1000.0;
}

const char *rotas__plan_sid(const model *m, int s)
{
    return m->c->schools[s].id ? m->c->schools[s].id : "?";
}

/* ---- exact supply ----

   A type is a place and a subject set: the school for sets with a subject taught inside the
   school, the cluster for sets of shortage subjects only (such teachers reach the same lessons
   from any school of the cluster). Its capacity is that of the teachers there now, minus the
   groups that leave it, plus those that arrive. Demand nodes: (school, subject) for subjects
   taught inside the school, (pool, subject) for shortage subjects, where a pool is a cluster
   or a school without one. Rows:
     cap(type):   sum_j f(type, j) + sum_leaving cap x - sum_arriving cap x <= capacity now
     cover(node): sum_types f(type, j) + sum_{schools s of node} unfilled(s, j) >= demand
   with 0 <= unfilled(s, j) <= demand(s, j), priced w_unfilled x the school's factor. With the
   moves integer the rest is a transportation problem: its optimum leaves exactly the maximum
   flow's shortage, spread where it costs least. */

typedef struct stype {
    int loc, set; /* loc < ns: a school; else ns + cluster */
    double c0;    /* capacity of the teachers there now */
    int next;     /* next type at the same place, -1 */
} stype;

static int loc_of(const model *m, int s, int set)
{
    int cl = m->c->schools[s].cluster;
    if (cl < 0)
        return s;
    for (int k = m->set_off[set]; k < m->set_off[set + 1]; k++)
        if (!m->c->subjects[m->set_sub[k]].shortage)
            return s;
    return m->ns + cl;
}

/* The demand node a type's subject j goes to: (school, j) or (pool, j) after ns * nj. */
static int node_of(const model *m, int loc, int j)
{
    if (loc >= m->ns) /* a cluster type: only shortage subjects */
        return m->ns * m->nj + (loc - m->ns) * m->nj + j;
    const rotas_school *sc = &m->c->schools[loc];
    if (!m->c->subjects[j].shortage)
        return loc * m->nj + j;
    int pool = sc->cluster >= 0 ? sc->cluster : m->nc + loc;
    return m->ns * m->nj + pool * m->nj + j;
}

static const char *subj_id(const model *m, int j)
{
    return m->c->subjects[j].id ? m->c->subjects[j].id : "?";
}

static const char *loc_id(const model *m, int loc)
{
    if (loc < m->ns)
        return rotas__plan_sid(m, loc);
    const char *id = m->c->clusters[loc - m->ns].id;
    return id ? id : "?";
}

/* The place of a pool (a cluster, or a school without one) and of a demand node. */
static const char *pool_where(const model *m, int pool)
{
    return pool < m->nc ? loc_id(m, m->ns + pool) : rotas__plan_sid(m, pool - m->nc);
}

static const char *node_where(const model *m, int n)
{
    int ns = m->ns, nj = m->nj;
    return n >= ns * nj ? pool_where(m, (n - ns * nj) / nj) : rotas__plan_sid(m, n / nj);
}

static const char *set_name(const model *m, int set, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int k = m->set_off[set]; k < m->set_off[set + 1] && len + 1 < n; k++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", k > m->set_off[set] ? "." : "",
                                subj_id(m, m->set_sub[k]));
    return buf;
}

typedef struct tentry {
    int type, col;
    double v;
} tentry;

static int find_type(stype **ty, int *nty, int *cap, int *head, int loc, int set)
{
    for (int k = head[loc]; k >= 0; k = (*ty)[k].next)
        if ((*ty)[k].set == set)
            return k;
    if (*nty == *cap) {
        int nc = *cap ? 2 * *cap : 256;
        stype *a = realloc(*ty, (size_t)nc * sizeof *a);
        if (!a)
            return -1;
        *ty = a;
        *cap = nc;
    }
    (*ty)[*nty] = (stype){loc, set, 0.0, head[loc]};
    head[loc] = *nty;
    return (*nty)++;
}

static int cmp_tentry(const void *pa, const void *pb)
{
    const tentry *a = pa, *b = pb;
    if (a->type != b->type)
        return rotas__plan_cmp_int(a->type, b->type);
    return rotas__plan_cmp_int(a->col, b->col);
}

static rotas_rc rows_supply(model *m, rotas_error *err)
{
    const rotas_county *c = m->c;
    const rotas_policy *p = m->p;
    int ns = m->ns, nj = m->nj, nloc = m->ns + m->nc;
    int nnodes = ns * nj + (m->nc + ns) * nj;
    rotas_rc rc = ROTAS_OK;
    stype *ty = NULL;
    int nty = 0, capty = 0;
    int *head = NULL, *fcol = NULL, *fnode = NULL, *ftype = NULL, *te_off = NULL, *nfirst = NULL;
    int *ncnt = NULL, *nlist = NULL, *ncolmark = NULL;
    double *ndem = NULL, *acc = NULL;
    tentry *te = NULL;
    size_t nte = 0, capte = 0, nf = 0, capf = 0;
    rowbuf rb = {0};
    char nb[NAME_BUF], setb[300];
#define OOM()                                                                                      \
    do {                                                                                           \
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));                         \
        goto done;                                                                                 \
    } while (0)
#define LPFAIL()                                                                                   \
    do {                                                                                           \
        rc = err && err->code ? err->code : ROTAS_ERR;                                             \
        goto done;                                                                                 \
    } while (0)
    if (!NEW(head, nloc) || !NEW(ndem, nnodes) || !NEW(m->ucol_sj, (size_t)ns * (size_t)nj) ||
        !NEW(m->ufix_sj, (size_t)ns * (size_t)nj))
        OOM();
    for (int l = 0; l < nloc; l++)
        head[l] = -1;
    for (size_t k = 0; k < (size_t)ns * (size_t)nj; k++)
        m->ucol_sj[k] = -1;
    /* types of the teachers where they are now */
    for (size_t i = 0; i < c->n_teachers; i++) {
        int set = m->tset[i];
        if (set < 0)
            continue;
        int t = find_type(&ty, &nty, &capty, head, loc_of(m, c->teachers[i].school, set), set);
        if (t < 0)
            OOM();
        ty[t].c0 += m->tcap[i];
    }
    /* arcs: capacity leaves one type and reaches another */
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        int set = m->tset[g->rep];
        if (set < 0)
            continue;
        double cap = m->tcap[g->rep];
        int from = find_type(&ty, &nty, &capty, head, loc_of(m, g->school, set), set);
        if (from < 0)
            OOM();
        for (int k = 0; k < g->n_cand; k++) {
            int to = find_type(&ty, &nty, &capty, head, loc_of(m, g->cand[k], set), set);
            if (to < 0)
                OOM();
            if (to == from)
                continue;
            if (nte + 2 > capte) {
                size_t nc = capte ? 2 * capte : 4096;
                tentry *a = realloc(te, nc * sizeof *a);
                if (!a)
                    OOM();
                te = a;
                capte = nc;
            }
            te[nte++] = (tentry){from, m->arc_off[i] + k, cap};
            te[nte++] = (tentry){to, m->arc_off[i] + k, -cap};
        }
    }
    if (nte > 0)
        qsort(te, nte, sizeof *te, cmp_tentry);
    /* demand per node */
    for (int s = 0; s < ns; s++)
        for (int j = 0; j < nj; j++) {
            double d = m->demand_sj[(size_t)s * (size_t)nj + (size_t)j];
            if (d > 0)
                ndem[node_of(m, s, j)] += d;
        }
    /* flow columns, type by type, and their capacity rows */
    /* a type's arc entries: te[te_off[t] .. te_off[t + 1]) (te is sorted by type) */
    if (!NEW(te_off, nty + 1))
        OOM();
    for (size_t q = 0; q < nte; q++)
        te_off[te[q].type + 1]++;
    for (int t = 0; t < nty; t++)
        te_off[t + 1] += te_off[t];
    for (int t = 0; t < nty; t++) {
        set_name(m, ty[t].set, setb, sizeof setb);
        /* a type that reaches one node only gives it all its capacity: no flow column, no
           capacity row; the node's cover row takes the capacity and the arcs directly (the
           same LP, smaller and less degenerate) */
        int reach = 0;
        for (int k = m->set_off[ty[t].set]; k < m->set_off[ty[t].set + 1]; k++)
            reach += ndem[node_of(m, ty[t].loc, m->set_sub[k])] > 0;
        for (int k = m->set_off[ty[t].set]; k < m->set_off[ty[t].set + 1]; k++) {
            int j = m->set_sub[k], n = node_of(m, ty[t].loc, j);
            if (ndem[n] <= 0)
                continue;
            int col = -1; /* direct */
            if (reach > 1) {
                col =
                    add_col(m, err, ROTAS_LP_CONTINUOUS, 0, INFINITY, 0.0, -1,
                            fmt_name(nb, "f(%s,%s,%s)", loc_id(m, ty[t].loc), setb, subj_id(m, j)));
                if (col < 0)
                    LPFAIL();
            }
            if (nf == capf) {
                size_t nc = capf ? 2 * capf : 4096;
                int *a = realloc(fcol, nc * sizeof *a),
                    *b2 = a ? realloc(fnode, nc * sizeof *b2) : NULL;
                int *b3 = b2 ? realloc(ftype, nc * sizeof *b3) : NULL;
                if (a)
                    fcol = a;
                if (b2)
                    fnode = b2;
                if (b3)
                    ftype = b3;
                if (!a || !b2 || !b3)
                    OOM();
                capf = nc;
            }
            fcol[nf] = col;
            fnode[nf] = n;
            ftype[nf] = t;
            nf++;
            if (col >= 0 && rb_add(&rb, col, 1.0))
                OOM();
        }
        if (rb.n == 0)
            continue; /* the type teaches nothing anybody needs */
        for (int q = te_off[t]; q < te_off[t + 1]; q++)
            if (rb_add(&rb, te[q].col, te[q].v))
                OOM();
        if (add_row(m, err, -INFINITY, ty[t].c0, &rb, -1, -1,
                    fmt_name(nb, "cap(%s,%s)", loc_id(m, ty[t].loc), setb)) < 0)
            LPFAIL();
    }
    /* cover rows: flows into each node, and unfilled columns of the node's schools */
    if (!NEW(ncnt, nnodes + 1) || !NEW(nlist, nf))
        OOM();
    for (size_t q = 0; q < nf; q++)
        ncnt[fnode[q] + 1]++;
    for (int n = 0; n < nnodes; n++)
        ncnt[n + 1] += ncnt[n];
    if (!NEW(nfirst, nnodes + 1))
        OOM();
    memcpy(nfirst, ncnt, (size_t)(nnodes + 1) * sizeof *nfirst);
    for (size_t q = 0; q < nf; q++)
        nlist[nfirst[fnode[q]]++] = (int)q;
    /* the schools of each pool */
    int npool = m->nc + ns;
    int *pfirst = NULL, *plist = NULL;
    if (!NEW(pfirst, npool + 1) || !NEW(plist, ns)) {
        free(pfirst);
        OOM();
    }
    for (int s = 0; s < ns; s++) {
        int cl = c->schools[s].cluster;
        pfirst[(cl >= 0 ? cl : m->nc + s) + 1]++;
    }
    for (int q = 0; q < npool; q++)
        pfirst[q + 1] += pfirst[q];
    {
        int *pos = NULL;
        if (!NEW(pos, npool + 1)) {
            free(pfirst);
            free(plist);
            OOM();
        }
        memcpy(pos, pfirst, (size_t)(npool + 1) * sizeof *pos);
        for (int s = 0; s < ns; s++) {
            int cl = c->schools[s].cluster;
            plist[pos[cl >= 0 ? cl : m->nc + s]++] = s;
        }
        free(pos);
    }
    for (int n = 0; n < nnodes && !rc; n++) {
        if (ndem[n] <= 0)
            continue;
        int pooled = n >= ns * nj, j = n % nj;
        int lo_s, hi_s;
        const int *schools;
        int one = n / nj;
        if (pooled) {
            int pool = (n - ns * nj) / nj;
            schools = plist + pfirst[pool];
            lo_s = 0;
            hi_s = pfirst[pool + 1] - pfirst[pool];
        } else {
            schools = &one;
            lo_s = 0;
            hi_s = 1;
        }
        int has_flow = ncnt[n + 1] > ncnt[n];
        for (int q = lo_s; q < hi_s; q++) {
            int s = schools[q];
            double d = m->demand_sj[(size_t)s * (size_t)nj + (size_t)j];
            if (d <= 0)
                continue;
            double w = p->w_unfilled * m->fac[s];
            if (!has_flow) {
                m->ufix_sj[(size_t)s * (size_t)nj + (size_t)j] = d;
                m->obj_const += w * d;
                continue;
            }
            int col =
                add_col(m, err, ROTAS_LP_CONTINUOUS, 0, d, w, -1,
                        fmt_name(nb, "unfilled(%s,%s)", rotas__plan_sid(m, s), subj_id(m, j)));
            if (col < 0) {
                rc = err && err->code ? err->code : ROTAS_ERR;
                break;
            }
            m->ucol_sj[(size_t)s * (size_t)nj + (size_t)j] = col;
            if (rb_add(&rb, col, 1.0))
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        }
        if (rc || !has_flow)
            continue;
        double direct = 0.0;
        for (int q = ncnt[n]; q < ncnt[n + 1] && !rc; q++) {
            int fq = nlist[q];
            if (fcol[fq] >= 0) {
                if (rb_add(&rb, fcol[fq], 1.0))
                    rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                continue;
            }
            /* a direct type: its capacity now, and what its arcs take away or bring */
            int t = ftype[fq];
            direct += ty[t].c0;
            for (int z = te_off[t]; z < te_off[t + 1] && !rc; z++)
                if (rb_add(&rb, te[z].col, -te[z].v))
                    rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        }
        if (!rc && add_row(m, err, ndem[n] - direct, INFINITY, &rb, -1, -1,
                           fmt_name(nb, "cover(%s,%s)", node_where(m, n), subj_id(m, j))) < 0)
            rc = err && err->code ? err->code : ROTAS_ERR;
    }
    if (rc) {
        free(pfirst);
        free(plist);
        goto done;
    }
    /* Rounding rows. For a set N of demand nodes, all the capacity of the types that reach N
       could go to N, so
         sum_{N} unfilled + sum_arriving cap x - sum_leaving cap x >= demand(N) - capacity now
       holds; with the moves integer its mixed-integer rounding (q the largest |coefficient|,
       d the right side, f = frac(d / q), a = coefficient / q):
         sum_{N} unfilled + sum q (f floor(a) + min(frac(a), f)) x >= q f ceil(d / q)
       is valid and cuts off fractional moves. N: each node alone, the lessons of one school
       taught inside it, and all the nodes of a pool (a cluster's whole demand). Coefficients
       are snapped to integers where they are within 1e-9 of one; none below 1e-9 of q is
       kept. */
    if (!NEW(acc, m->n_arcs) || !NEW(ncolmark, m->n_arcs)) {
        free(pfirst);
        free(plist);
        OOM();
    }
    {
        int *touched = NULL, *tflag = NULL, *types_here = NULL, *set = NULL;
        if (!NEW(touched, m->n_arcs) || !NEW(tflag, nty) || !NEW(types_here, nty) ||
            !NEW(set, nnodes)) {
            free(touched);
            free(tflag);
            free(types_here);
            free(pfirst);
            free(plist);
            OOM();
        }
        /* node sets: kind 0 single nodes, 1 a school's inside lessons, 2 a pool */
        for (int kind = 0; kind < 3 && !rc; kind++) {
            int nsets = kind == 0 ? nnodes : kind == 1 ? ns : npool;
            for (int q0 = 0; q0 < nsets && !rc; q0++) {
                int nn = 0;
                if (kind == 0) {
                    set[nn++] = q0;
                } else if (kind == 1) {
                    for (int j = 0; j < nj; j++)
                        if (!c->subjects[j].shortage)
                            set[nn++] = q0 * nj + j;
                } else {
                    for (int z = pfirst[q0]; z < pfirst[q0 + 1]; z++)
                        for (int j = 0; j < nj; j++)
                            if (!c->subjects[j].shortage)
                                set[nn++] = plist[z] * nj + j;
                    for (int j = 0; j < nj; j++)
                        set[nn++] = ns * nj + q0 * nj + j;
                }
                int live = 0, nt2 = 0, nt_ = 0;
                double dem = 0.0, c0 = 0.0;
                for (int z = 0; z < nn; z++)
                    if (ndem[set[z]] > 0 && ncnt[set[z] + 1] > ncnt[set[z]]) {
                        set[live++] = set[z];
                        dem += ndem[set[z]];
                    }
                if (live == 0 || (kind > 0 && live < 2))
                    continue; /* nothing to round, or the same row as a single node's */
                for (int z = 0; z < live; z++)
                    for (int q = ncnt[set[z]]; q < ncnt[set[z] + 1]; q++) {
                        int t = ftype[nlist[q]];
                        if (!tflag[t]) {
                            tflag[t] = 1;
                            types_here[nt2++] = t;
                            c0 += ty[t].c0;
                        }
                    }
                for (int z = 0; z < nt2; z++) {
                    int t = types_here[z];
                    tflag[t] = 0;
                    for (int q = te_off[t]; q < te_off[t + 1]; q++) {
                        int a = te[q].col;
                        if (!ncolmark[a]) {
                            ncolmark[a] = 1;
                            touched[nt_++] = a;
                        }
                        acc[a] -= te[q].v;
                    }
                }
                double qmax = 0.0;
                for (int z = 0; z < nt_; z++)
                    qmax = fmax(qmax, fabs(acc[touched[z]]));
                double d = dem - c0;
                double fl = qmax > 0 ? floor(d / qmax) : 0.0, f = qmax > 0 ? d / qmax - fl : 0.0;
                /* a row far on the slack side (d well below what one move changes) cannot
                   cut; nor can one whose f is 0 */
                if (qmax > 0 && f > 1e-6 && f < 1 - 1e-6 && d > -2.0 * qmax) {
                    for (int z = 0; z < live && !rc; z++) {
                        int n = set[z], j = n % nj;
                        if (n >= ns * nj) {
                            int pool = (n - ns * nj) / nj;
                            for (int q = pfirst[pool]; q < pfirst[pool + 1]; q++) {
                                int col = m->ucol_sj[(size_t)plist[q] * (size_t)nj + (size_t)j];
                                if (col >= 0 && rb_add(&rb, col, 1.0))
                                    rc = rotas_error_set(err, ROTAS_ENOMEM,
                                                         _("plan: out of memory"));
                            }
                        } else {
                            int col = m->ucol_sj[(size_t)(n / nj) * (size_t)nj + (size_t)j];
                            if (col >= 0 && rb_add(&rb, col, 1.0))
                                rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                        }
                    }
                    int nx = 0;
                    for (int z = 0; z < nt_ && !rc; z++) {
                        double a = acc[touched[z]] / qmax;
                        if (fabs(a) < 1e-9)
                            continue;
                        double ra = round(a);
                        if (fabs(a - ra) < 1e-9)
                            a = ra;
                        double fa = a - floor(a);
                        double coef = qmax * (f * floor(a) + fmin(fa, f));
                        if (fabs(coef) >= 1e-9 * qmax) {
                            if (rb_add(&rb, touched[z], coef))
                                rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
                            nx++;
                        }
                    }
                    const char *where = kind == 0   ? node_where(m, set[0])
                                        : kind == 1 ? rotas__plan_sid(m, q0)
                                                    : pool_where(m, q0);
                    if (!rc && nx > 0 &&
                        add_row(m, err, qmax * f * (fl + 1.0), INFINITY, &rb, -1, -1,
                                kind == 0
                                    ? fmt_name(nb, "round(%s,%s)", where, subj_id(m, set[0] % nj))
                                : kind == 1 ? fmt_name(nb, "round_school(%s)", where)
                                            : fmt_name(nb, "round_pool(%s)", where)) < 0)
                        rc = err && err->code ? err->code : ROTAS_ERR;
                    rb.n = 0;
                }
                for (int z = 0; z < nt_; z++) {
                    acc[touched[z]] = 0.0;
                    ncolmark[touched[z]] = 0;
                }
            }
        }
        free(touched);
        free(tflag);
        free(types_here);
        free(set);
    }
    free(pfirst);
    free(plist);
done:
#undef OOM
#undef LPFAIL
    free(ty);
    free(head);
    free(fcol);
    free(fnode);
    free(ftype);
    free(te_off);
    free(nfirst);
    free(ncnt);
    free(nlist);
    free(ncolmark);
    free(ndem);
    free(acc);
    free(te);
    free(rb.cols);
    free(rb.vals);
    return rc;
}

/* Arcs (move columns) indexed by school: those arriving at and those leaving each school. */
typedef struct arc_index {
    int *head_in, *next_in, *head_out, *next_out, *arc_g;
    int *pin, *pout; /* teachers who could arrive at / leave each school */
} arc_index;

static void arc_index_free(arc_index *ix)
{
    free(ix->head_in);
    free(ix->next_in);
    free(ix->head_out);
    free(ix->next_out);
    free(ix->arc_g);
    free(ix->pin);
    free(ix->pout);
}

static int arc_index_make(arc_index *ix, const model *m)
{
    int ns = m->ns, na = m->n_arcs;
    memset(ix, 0, sizeof *ix);
    if (!NEW(ix->head_in, ns) || !NEW(ix->next_in, na) || !NEW(ix->head_out, ns) ||
        !NEW(ix->next_out, na) || !NEW(ix->arc_g, na) || !NEW(ix->pin, ns) || !NEW(ix->pout, ns))
        return -1;
    for (int s = 0; s < ns; s++)
        ix->head_in[s] = ix->head_out[s] = -1;
    for (int i = 0; i < m->ng; i++) {
        const grp *g = &m->g[i];
        if (g->n_cand > 0)
            ix->pout[g->school] += g->n;
        for (int k = 0; k < g->n_cand; k++) {
            int a = m->arc_off[i] + k, d = g->cand[k];
            ix->pin[d] += g->n;
            ix->arc_g[a] = i;
            ix->next_in[a] = ix->head_in[d];
            ix->head_in[d] = a;
            ix->next_out[a] = ix->head_out[g->school];
            ix->head_out[g->school] = a;
        }
    }
    return 0;
}

/* What every row family needs while the model is built. */
typedef struct build_ctx {
    model *m;
    int relaxed;
    double pen; /* the penalty unit of slack columns (relaxed model) */
    rowbuf rb;
    arc_index ix;
    int *dcol; /* per school: its key deviation column, -1 */
    char nb[NAME_BUF];
    rotas_error *err;
} build_ctx;

static rotas_rc oom_or(build_ctx *b)
{
    return b->err && b->err->code ? b->err->code
                                  : rotas_error_set(b->err, ROTAS_ENOMEM, _("plan: out of memory"));
}

#define TRY(x)                                                                                     \
    do {                                                                                           \
        if (x)                                                                                     \
            return oom_or(b);                                                                      \
    } while (0)

/* A slack column of a rule (relaxed model only; -1 in the strict model). */
static int slack_col(build_ctx *b, int rule, const char *name)
{
    if (!b->relaxed)
        return -1;
    return add_col(b->m, b->err, ROTAS_LP_INTEGER, 0, INFINITY,
                   b->pen * rotas__plan_rule_mult[rule], rule, name);
}

/* Move columns: one per group and candidate destination. */
static rotas_rc cols_moves(build_ctx *b)
{
    model *m = b->m;
    for (int i = 0; i < m->ng; i++) {
        grp *g = &m->g[i];
        const rotas_teacher *t = &m->c->teachers[g->rep];
        char who[300];
        if (g->n == 1)
            snprintf(who, sizeof who, "%s", t->id ? t->id : "?");
        else
            snprintf(who, sizeof who, "%s_and_%d", t->id ? t->id : "?", g->n - 1);
        m->arc_off[i] = m->n_arcs;
        for (int k = 0; k < g->n_cand; k++) {
            int j = add_col(m, b->err, g->n == 1 ? ROTAS_LP_BINARY : ROTAS_LP_INTEGER, 0, g->n,
                            rotas__plan_arc_cost(m, g, g->cand[k]), -1,
                            fmt_name(b->nb, "x(%s,%s)", who, rotas__plan_sid(m, g->cand[k])));
            TRY(j < 0);
            m->n_arcs++;
        }
    }
    m->arc_off[m->ng] = m->n_arcs;
    return ROTAS_OK;
}

/* Key deviation columns, where a move can change a school's key count; the rest is constant. */
static rotas_rc cols_balance(build_ctx *b)
{
    model *m = b->m;
    int ns = m->ns;
    unsigned char *touch = NULL;
    TRY(!NEW(touch, ns));
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].key && m->g[i].n_cand > 0) {
            touch[m->g[i].school] = 1;
            for (int k = 0; k < m->g[i].n_cand; k++)
                touch[m->g[i].cand[k]] = 1;
        }
    rotas_rc rc = ROTAS_OK;
    for (int s = 0; s < ns && !rc; s++) {
        b->dcol[s] = -1;
        if (!m->has_students[s])
            continue;
        if (touch[s]) {
            b->dcol[s] = add_col(m, b->err, ROTAS_LP_CONTINUOUS, 0, INFINITY, m->p->w_balance, -1,
                                 fmt_name(b->nb, "keydev(%s)", rotas__plan_sid(m, s)));
            if (b->dcol[s] < 0)
                rc = oom_or(b);
        } else {
            m->obj_const += m->p->w_balance * fabs((double)m->K0[s] - m->T[s]);
        }
    }
    free(touch);
    return rc;
}

/* leader_tenure (must leaders move exactly once), decided moves, everyone else at most once. */
static rotas_rc rows_leader_tenure(build_ctx *b)
{
    model *m = b->m;
    for (int i = 0; i < m->ng; i++) {
        grp *g = &m->g[i];
        const char *tid = m->c->teachers[g->rep].id ? m->c->teachers[g->rep].id : "?";
        for (int k = 0; k < g->n_cand; k++)
            TRY(rb_add(&b->rb, m->arc_off[i] + k, 1.0));
        if (g->dec == 2) {
            if (b->rb.n == 0) {
                m->dec_bad = 1;
                continue;
            }
            TRY(add_row(m, b->err, g->n, g->n, &b->rb, -1, -1,
                        fmt_name(b->nb, "decision(%s)", tid)));
        } else if (g->must) {
            int sl = slack_col(b, R_MUST, fmt_name(b->nb, "slack_leader_tenure(%s)", tid));
            TRY(b->relaxed && sl < 0);
            if (sl >= 0)
                TRY(rb_add(&b->rb, sl, 1.0));
            if (b->rb.n == 0) {
                /* a must leader without any destination */
                if (!b->relaxed)
                    m->rule_cols[R_MUST][0] = -2; /* marks: strict model infeasible */
                continue;
            }
            TRY(add_row(m, b->err, g->n, g->n, &b->rb, sl, -1, fmt_name(b->nb, "must(%s)", tid)));
        } else {
            TRY(add_row(m, b->err, -INFINITY, g->n, &b->rb, -1, -1,
                        fmt_name(b->nb, "once(%s)", tid)));
        }
    }
    return ROTAS_OK;
}

/* posts: per school and leader role, leaders in = leaders out. */
static rotas_rc rows_posts(build_ctx *b)
{
    model *m = b->m;
    for (int role = ROTAS_ROLE_PRINCIPAL; role <= ROTAS_ROLE_VICE_PRINCIPAL; role++) {
        const char *rn = role == ROTAS_ROLE_PRINCIPAL ? "principal" : "vice_principal";
        for (int s = 0; s < m->ns; s++) {
            for (int a = b->ix.head_out[s]; a >= 0; a = b->ix.next_out[a])
                if (m->g[b->ix.arc_g[a]].role == role)
                    TRY(rb_add(&b->rb, a, -1.0));
            for (int a = b->ix.head_in[s]; a >= 0; a = b->ix.next_in[a])
                if (m->g[b->ix.arc_g[a]].role == role)
                    TRY(rb_add(&b->rb, a, 1.0));
            if (b->rb.n == 0)
                continue;
            int sp = -1, sm = -1;
            if (b->relaxed) {
                sp = slack_col(b, R_POSTS,
                               fmt_name(b->nb, "slack_posts_up(%s,%s)", rotas__plan_sid(m, s), rn));
                sm = slack_col(
                    b, R_POSTS,
                    fmt_name(b->nb, "slack_posts_down(%s,%s)", rotas__plan_sid(m, s), rn));
                TRY(sp < 0 || sm < 0);
                TRY(rb_add(&b->rb, sp, 1.0) || rb_add(&b->rb, sm, -1.0));
            }
            TRY(add_row(m, b->err, 0, 0, &b->rb, sp, sm,
                        fmt_name(b->nb, "posts(%s,%s)", rotas__plan_sid(m, s), rn)));
        }
    }
    return ROTAS_OK;
}

/* staff_quota: staff after <= max(staff before, quota), where arrivals could break it. */
static rotas_rc rows_staff_quota(build_ctx *b)
{
    model *m = b->m;
    for (int s = 0; s < m->ns; s++) {
        if (b->ix.pin[s] <= m->room[s])
            continue;
        for (int a = b->ix.head_in[s]; a >= 0; a = b->ix.next_in[a])
            TRY(rb_add(&b->rb, a, 1.0));
        for (int a = b->ix.head_out[s]; a >= 0; a = b->ix.next_out[a])
            TRY(rb_add(&b->rb, a, -1.0));
        if (b->rb.n == 0)
            continue;
        int sl =
            slack_col(b, R_QUOTA, fmt_name(b->nb, "slack_staff_quota(%s)", rotas__plan_sid(m, s)));
        TRY(b->relaxed && (sl < 0 || rb_add(&b->rb, sl, -1.0)));
        TRY(add_row(m, b->err, -INFINITY, m->room[s], &b->rb, -1, sl,
                    fmt_name(b->nb, "staff(%s)", rotas__plan_sid(m, s))));
    }
    return ROTAS_OK;
}

/* max_out_share: no school loses more than its cap. */
static rotas_rc rows_out_share(build_ctx *b)
{
    model *m = b->m;
    for (int s = 0; s < m->ns; s++) {
        if (b->ix.pout[s] <= m->outcap[s])
            continue;
        for (int a = b->ix.head_out[s]; a >= 0; a = b->ix.next_out[a])
            TRY(rb_add(&b->rb, a, 1.0));
        int sl =
            slack_col(b, R_OUT, fmt_name(b->nb, "slack_max_out_share(%s)", rotas__plan_sid(m, s)));
        TRY(b->relaxed && (sl < 0 || rb_add(&b->rb, sl, -1.0)));
        TRY(add_row(m, b->err, -INFINITY, m->outcap[s], &b->rb, -1, sl,
                    fmt_name(b->nb, "out(%s)", rotas__plan_sid(m, s))));
    }
    return ROTAS_OK;
}

/* Balance: dev_s >= |K0 + key in - key out - T|, and its rounding row. */
static rotas_rc rows_balance(build_ctx *b)
{
    model *m = b->m;
    for (int s = 0; s < m->ns; s++) {
        if (b->dcol[s] < 0)
            continue;
        for (int sign = 0; sign < 2; sign++) {
            double sg = sign == 0 ? 1.0 : -1.0; /* dev - sg (in - out) >= sg (K0 - T) */
            TRY(rb_add(&b->rb, b->dcol[s], 1.0));
            for (int a = b->ix.head_in[s]; a >= 0; a = b->ix.next_in[a])
                if (m->g[b->ix.arc_g[a]].key)
                    TRY(rb_add(&b->rb, a, -sg));
            for (int a = b->ix.head_out[s]; a >= 0; a = b->ix.next_out[a])
                if (m->g[b->ix.arc_g[a]].key)
                    TRY(rb_add(&b->rb, a, sg));
            TRY(add_row(
                m, b->err, sg * ((double)m->K0[s] - m->T[s]), INFINITY, &b->rb, -1, -1,
                fmt_name(b->nb, sign == 0 ? "keyhi(%s)" : "keylo(%s)", rotas__plan_sid(m, s))));
        }
        /* rounding row: with t = T - K0 and k = key in - key out (integer), the convex hull of
           |k - t| adds dev - (1 - 2 phi) k >= phi - (1 - 2 phi) floor(t), phi = frac(t);
           skipped where 1 - 2 phi vanishes (it would only repeat keyhi/keylo) */
        double t = m->T[s] - (double)m->K0[s], ft = floor(t), phi = t - ft;
        if (phi < 1e-9 || phi > 1 - 1e-9 || fabs(1 - 2 * phi) < 1e-6)
            continue;
        TRY(rb_add(&b->rb, b->dcol[s], 1.0));
        for (int a = b->ix.head_in[s]; a >= 0; a = b->ix.next_in[a])
            if (m->g[b->ix.arc_g[a]].key)
                TRY(rb_add(&b->rb, a, -(1 - 2 * phi)));
        for (int a = b->ix.head_out[s]; a >= 0; a = b->ix.next_out[a])
            if (m->g[b->ix.arc_g[a]].key)
                TRY(rb_add(&b->rb, a, 1 - 2 * phi));
        TRY(add_row(m, b->err, phi - (1 - 2 * phi) * ft, INFINITY, &b->rb, -1, -1,
                    fmt_name(b->nb, "keyround(%s)", rotas__plan_sid(m, s))));
    }
    return ROTAS_OK;
}

/* min_rotation_share: moved eligible >= ceil(share x eligible). */
static rotas_rc rows_rotation_share(build_ctx *b)
{
    model *m = b->m;
    if (m->quota_min <= 0)
        return ROTAS_OK;
    for (int i = 0; i < m->ng; i++)
        if (m->g[i].elig)
            for (int k = 0; k < m->g[i].n_cand; k++)
                TRY(rb_add(&b->rb, m->arc_off[i] + k, 1.0));
    int sl = slack_col(b, R_ROT, "slack_min_rotation_share");
    TRY(b->relaxed && sl < 0);
    if (sl >= 0)
        TRY(rb_add(&b->rb, sl, 1.0));
    if (b->rb.n == 0 && !b->relaxed)
        m->rule_cols[R_ROT][0] = -2;
    TRY(add_row(m, b->err, m->quota_min, INFINITY, &b->rb, sl, -1, "rotation_share"));
    return ROTAS_OK;
}

/* min_key_share: key moved >= share x moved (or ceil(share x eligible)). */
static rotas_rc rows_key_share(build_ctx *b)
{
    model *m = b->m;
    const rotas_policy *p = m->p;
    if (!(p->min_key_share > 0))
        return ROTAS_OK;
    int base_elig = p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE;
    double need = base_elig ? ceil(p->min_key_share * m->n_eligible - 1e-9) : 0.0;
    for (int i = 0; i < m->ng; i++)
        for (int k = 0; k < m->g[i].n_cand; k++) {
            double v = (m->g[i].key ? 1.0 : 0.0) - (base_elig ? 0.0 : p->min_key_share);
            TRY(rb_add(&b->rb, m->arc_off[i] + k, v));
        }
    int sl = slack_col(b, R_KEY, "slack_min_key_share");
    TRY(b->relaxed && sl < 0);
    if (sl >= 0)
        TRY(rb_add(&b->rb, sl, 1.0));
    if (b->rb.n == 0 && need > 0 && !b->relaxed)
        m->rule_cols[R_KEY][0] = -2;
    TRY(add_row(m, b->err, need, INFINITY, &b->rb, sl, -1, "key_share"));
    return ROTAS_OK;
}

/* The bureau's together and receive_key decisions: hard in the relaxed model too. */
static rotas_rc rows_decisions(build_ctx *b)
{
    model *m = b->m;
    const rotas_county *c = m->c;
    for (size_t q = 0; q < c->n_decisions; q++) {
        const rotas_decision *d = &c->decisions[q];
        if (d->kind == ROTAS_DECISION_TOGETHER) {
            int ga = m->tg[d->teacher], gb = m->tg[d->teacher2];
            if (ga < 0 || gb < 0)
                continue; /* one cannot move: the other has no columns */
            for (int k = 0; k < m->g[ga].n_cand; k++) {
                int kb = rotas__plan_cand_index(&m->g[gb], m->g[ga].cand[k]);
                TRY(rb_add(&b->rb, m->arc_off[ga] + k, 1.0));
                if (kb >= 0)
                    TRY(rb_add(&b->rb, m->arc_off[gb] + kb, -1.0));
                TRY(add_row(m, b->err, 0, 0, &b->rb, -1, -1,
                            fmt_name(b->nb, "together(%s,%s,%s)", c->teachers[d->teacher].id,
                                     c->teachers[d->teacher2].id,
                                     rotas__plan_sid(m, m->g[ga].cand[k]))));
            }
            for (int k = 0; k < m->g[gb].n_cand; k++) {
                if (rotas__plan_cand_index(&m->g[ga], m->g[gb].cand[k]) >= 0)
                    continue;
                TRY(rb_add(&b->rb, m->arc_off[gb] + k, 1.0));
                TRY(add_row(m, b->err, 0, 0, &b->rb, -1, -1,
                            fmt_name(b->nb, "together(%s,%s,%s)", c->teachers[d->teacher].id,
                                     c->teachers[d->teacher2].id,
                                     rotas__plan_sid(m, m->g[gb].cand[k]))));
            }
        } else if (d->kind == ROTAS_DECISION_RECEIVE_KEY) {
            for (int i = 0; i < m->ng; i++) {
                const grp *g = &m->g[i];
                if (!g->key)
                    continue;
                const rotas_teacher *t = &c->teachers[g->rep];
                int has = d->subject < 0;
                for (size_t z = 0; z < t->n_subjects && !has; z++)
                    has = t->subjects[z] == d->subject;
                int k = has ? rotas__plan_cand_index(g, d->school) : -1;
                if (k >= 0)
                    TRY(rb_add(&b->rb, m->arc_off[i] + k, 1.0));
            }
            if (b->rb.n == 0) {
                m->dec_bad = 1;
                continue;
            }
            TRY(add_row(m, b->err, 1, INFINITY, &b->rb, -1, -1,
                        fmt_name(b->nb, "receive_key(%s,%s)", rotas__plan_sid(m, d->school),
                                 d->subject >= 0 ? c->subjects[d->subject].id : "any")));
        }
    }
    return ROTAS_OK;
}

#undef TRY

/* Build the model over the current candidates; relaxed: with penalised slack on the rules.
   One function per rule family, named after its policy key. */
rotas_rc rotas__plan_build(model *m, int relaxed, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    build_ctx b = {.m = m, .relaxed = relaxed, .err = err};
    rotas__plan_lp_reset(m);
    m->dec_bad = 0;
    for (int r = 0; r < R_COUNT; r++)
        m->rule_cols[r][0] = m->rule_cols[r][1] = -1;
    if ((rc = rotas__lp_new(&m->lp, relaxed ? "rotation_relaxed" : "rotation", 0, err)))
        goto done;
    if (!NEW(m->arc_off, m->ng + 1) || !NEW(b.dcol, m->ns)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    b.pen = relaxed ? penalty_unit(m) : 0.0;
    if ((rc = cols_moves(&b)) || (rc = cols_balance(&b)))
        goto done;
    m->obj_const += m->p->w_keep * (double)m->n_prev;
    if (arc_index_make(&b.ix, m)) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("plan: out of memory"));
        goto done;
    }
    if ((rc = rows_leader_tenure(&b)) || (rc = rows_posts(&b)) || (rc = rows_staff_quota(&b)) ||
        (rc = rows_out_share(&b)) || (rc = rows_balance(&b)) || (rc = rows_supply(m, err)) ||
        (rc = rows_rotation_share(&b)) || (rc = rows_key_share(&b)) || (rc = rows_decisions(&b)) ||
        (rc = rotas__plan_rows_groups(m, relaxed, b.pen, err)))
        goto done;
    /* rows_supply adds the unfilled periods no move can change to the constant */
    rotas__lp_set_obj_const(m->lp, m->obj_const);
done:
    free(b.rb.cols);
    free(b.rb.vals);
    free(b.dcol);
    arc_index_free(&b.ix);
    return rc;
}
