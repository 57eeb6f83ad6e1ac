/*
 * cover.c - daily cover (代课/调课) for the lessons of absent teachers (rotas/cover.h).
 *
 * Per week of the absences the timetable is copied into a working state in which the absent
 * teachers' lessons on their absent dates are open. Every open lesson gets its options: a
 * substitute (a qualified teacher who stays within every rule of the timetable when given the
 * lesson), a swap with another lesson of the same class that week, or self-study. Each option
 * is tried alone on the state; two options that each hold but break a rule together exclude
 * each other (a row x_a + x_b <= 1); loads are rows of their own. GLPK picks one option per
 * lesson at least cost (src/lp.c). The chosen set is then applied as a whole and verified; a
 * teacher or class whose rules break (schools a day, max_days over several options) gives a
 * cut and the model is solved again. What still fails after the rounds is repaired greedily
 * to self-study, so the result always holds under the rules.
 */
#define _POSIX_C_SOURCE 200809L
#include "i18n_int.h"
#include "rotas/cover.h"
#include "rotas/outfile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lp_int.h"

/* ------------------------------------------------------------------ dates */

/* Days from 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

long rotas_date_parse(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    long y = atol(s);
    unsigned m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
    unsigned d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || m < 1 || m > 12 || d < 1)
        return -1;
    unsigned lim = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > lim)
        return -1;
    return days_from_civil(y, m, d);
}

void rotas_date_format(long z, char *out, size_t n)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(out, n, "%04ld-%02u-%02u", y, m, d);
}

int rotas_date_weekday(long day)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0) */
    long w = (day + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

const char *rotas_cover_kind_name(rotas_cover_kind k)
{
    switch (k) {
    case ROTAS_COVER_SUBSTITUTE:
        return "substitute";
    case ROTAS_COVER_SWAP:
        return "swap";
    case ROTAS_COVER_SELF_STUDY:
        return "self_study";
    }
    return "?";
}

int rotas_cover_kind_parse(const char *s)
{
    for (int k = 0; k <= (int)ROTAS_COVER_SELF_STUDY; k++)
        if (s && !strcmp(s, rotas_cover_kind_name((rotas_cover_kind)k)))
            return k;
    return -1;
}

void rotas_cover_free(rotas_cover *cv)
{
    if (!cv)
        return;
    for (size_t i = 0; i < cv->n_absences; i++)
        free(cv->absences[i].reason);
    free(cv->absences);
    free(cv->entries);
    free(cv->source);
    free(cv->timetable);
    free(cv);
}

/* ------------------------------------------------------------------ the working state */

typedef struct opt {
    int lesson; /* open lesson (index into tt->lessons) */
    int week;   /* index of its week */
    rotas_cover_kind kind;
    int teacher; /* substitute, or the swap partner's teacher */
    int partner; /* swap: the partner lesson, else -1 */
    double cost;
    int col;
} opt;

typedef struct open_lesson {
    int lesson, week;
    long date;
    int first_opt, n_opt;
    int chosen; /* option index */
} open_lesson;

typedef struct state {
    const rotas_county *c;
    const rotas_timetable *tt;
    const rotas_policy *p;
    const rotas_absence *abs;
    size_t n_abs;
    size_t nl;
    long monday, first_date;
    /* effective lesson: teacher, day, period, active */
    int *t, *day, *per;
    unsigned char *act;
    /* changes applied (lesson ids, for undo and for checks) */
    int *chg;
    size_t n_chg, cap_chg;
    struct undo {
        int l, t, day, per;
        unsigned char act;
    } * und;
    size_t n_und, cap_und;
    /* indexes: lessons by teacher and by class (base timetable) */
    int *tfirst, *tlist; /* CSR, n_teachers + 1 */
    int *kfirst, *klist; /* CSR, n_classes + 1 */
    unsigned *mark;      /* stamps per lesson */
    unsigned stamp;
    int *buf;         /* scratch, nl */
    int *after_lunch; /* per school: first period starting at 12:00 or later, -1 */
    int extra;        /* cover allowance beyond max_periods */
} state;

static int teacher_absent(const state *S, int t, long date)
{
    for (size_t i = 0; i < S->n_abs; i++)
        if (S->abs[i].teacher == t && date >= S->abs[i].from && date <= S->abs[i].to)
            return 1;
    return 0;
}

static int push_undo(state *S, int l)
{
    if (S->n_und == S->cap_und) {
        size_t nc = S->cap_und ? 2 * S->cap_und : 64;
        struct undo *u = realloc(S->und, nc * sizeof *u);
        if (!u)
            return -1;
        S->und = u;
        S->cap_und = nc;
    }
    if (S->n_chg == S->cap_chg) {
        size_t nc = S->cap_chg ? 2 * S->cap_chg : 64;
        int *u = realloc(S->chg, nc * sizeof *u);
        if (!u)
            return -1;
        S->chg = u;
        S->cap_chg = nc;
    }
    S->und[S->n_und++] = (struct undo){l, S->t[l], S->day[l], S->per[l], S->act[l]};
    S->chg[S->n_chg++] = l;
    return 0;
}

static void undo_to(state *S, size_t mark)
{
    while (S->n_und > mark) {
        struct undo *u = &S->und[--S->n_und];
        S->t[u->l] = u->t;
        S->day[u->l] = u->day;
        S->per[u->l] = u->per;
        S->act[u->l] = u->act;
        S->n_chg--;
    }
}

/* Apply an option to the state (open lesson o). -1 on out of memory. */
static int apply(state *S, const opt *o)
{
    int l = o->lesson;
    if (o->kind == ROTAS_COVER_SELF_STUDY)
        return 0;
    if (push_undo(S, l))
        return -1;
    if (o->kind == ROTAS_COVER_SUBSTITUTE) {
        S->t[l] = o->teacher;
        S->act[l] = 1;
        return 0;
    }
    int m = o->partner;
    if (push_undo(S, m))
        return -1;
    int d = S->day[l], p = S->per[l];
    S->day[l] = S->day[m];
    S->per[l] = S->per[m];
    S->act[l] = 1;
    S->day[m] = d;
    S->per[m] = p;
    return 0;
}

/* Lessons now active for teacher u (or class k when by_class): base list + changed ones. */
static size_t gather(state *S, int who, int by_class)
{
    const int *first = by_class ? S->kfirst : S->tfirst;
    const int *list = by_class ? S->klist : S->tlist;
    size_t n = 0;
    if (++S->stamp == 0) {
        memset(S->mark, 0, S->nl * sizeof *S->mark);
        S->stamp = 1;
    }
    const rotas_lesson *L = S->tt->lessons;
    for (int i = first[who]; i < first[who + 1]; i++) {
        int l = list[i];
        S->mark[l] = S->stamp;
        if (S->act[l] && (by_class ? L[l].klass == who : S->t[l] == who))
            S->buf[n++] = l;
    }
    for (size_t i = 0; i < S->n_chg; i++) {
        int l = S->chg[i];
        if (S->mark[l] == S->stamp)
            continue;
        S->mark[l] = S->stamp;
        if (S->act[l] && (by_class ? L[l].klass == who : S->t[l] == who))
            S->buf[n++] = l;
    }
    return n;
}

static void bell_of(const state *S, int l, int *st, int *en)
{
    size_t nb = 0;
    const rotas_bell_period *b = rotas_school_bell(&S->c->schools[S->tt->lessons[l].school], &nb);
    int p = S->per[l];
    if (p >= 0 && (size_t)p < nb) {
        *st = b[p].start;
        *en = b[p].end;
    } else {
        *st = *en = -1;
    }
}

static int teacher_cap(const state *S, int u)
{
    int m = S->c->teachers[u].max_periods;
    return (m > 0 ? m : S->p->default_max_periods) + S->extra;
}

/* The rules of the timetable for teacher u in the current state. 1 ok, 0 broken; why (if
   not NULL) gets a short reason. */
static int teacher_ok(state *S, int u, char *why, size_t nwhy)
{
    size_t n = gather(S, u, 0);
    const rotas_teacher *T = &S->c->teachers[u];
    if ((int)n > teacher_cap(S, u)) {
        if (why)
            snprintf(why, nwhy, "%s would teach %zu periods, at most %d", T->id, n,
                     teacher_cap(S, u));
        return 0;
    }
    unsigned days = 0;
    for (size_t i = 0; i < n; i++)
        days |= 1u << S->day[S->buf[i]];
    int nd = __builtin_popcount(days);
    if (T->max_days > 0 && nd > T->max_days) {
        if (why)
            snprintf(why, nwhy, "%s would teach on %d days, at most %d", T->id, nd, T->max_days);
        return 0;
    }
    for (int d = 0; d < ROTAS_DAYS; d++) {
        int ls[64], st[64], en[64];
        int k = 0;
        for (size_t i = 0; i < n && k < 64; i++) {
            int l = S->buf[i];
            if (S->day[l] != d)
                continue;
            int a, b;
            bell_of(S, l, &a, &b);
            if (a < 0)
                return 0;
            /* insertion by start time */
            int j = k++;
            while (j > 0 && st[j - 1] > a) {
                ls[j] = ls[j - 1];
                st[j] = st[j - 1];
                en[j] = en[j - 1];
                j--;
            }
            ls[j] = l;
            st[j] = a;
            en[j] = b;
        }
        int schools[64], ns = 0;
        for (int i = 0; i < k; i++) {
            int s = S->tt->lessons[ls[i]].school;
            for (size_t q = 0; q < T->n_unavailable; q++) {
                const rotas_time_block *tb = &T->unavailable[q];
                if (tb->day == d && tb->start < en[i] && st[i] < tb->end) {
                    if (why)
                        snprintf(why, nwhy, "%s is unavailable then", T->id);
                    return 0;
                }
            }
            int seen = 0;
            for (int q = 0; q < ns; q++)
                seen |= schools[q] == s;
            if (!seen)
                schools[ns++] = s;
            for (int j = 0; j < i; j++) {
                int s2 = S->tt->lessons[ls[j]].school;
                if (st[i] < en[j] && st[j] < en[i]) {
                    if (why)
                        snprintf(why, nwhy, "%s teaches at that time", T->id);
                    return 0;
                }
                if (s2 != s && (double)(st[i] - en[j]) + 1e-9 < rotas_county_minutes(S->c, s2, s)) {
                    if (why)
                        snprintf(why, nwhy, "%s cannot travel in time", T->id);
                    return 0;
                }
            }
        }
        if (ns > S->p->max_schools_per_day) {
            if (why)
                snprintf(why, nwhy, "%s would teach at %d schools on one day", T->id, ns);
            return 0;
        }
    }
    return 1;
}

/* The rules of the timetable for class k: one lesson at a time, subjects of at most 5 weekly
   periods at most once a day, subject slot rules and class unavailability. */
static int class_ok(state *S, int k)
{
    size_t n = gather(S, k, 1);
    const rotas_class *K = &S->c->classes[k];
    for (size_t i = 0; i < n; i++) {
        int a = S->buf[i];
        const rotas_lesson *la = &S->tt->lessons[a];
        for (size_t j = 0; j < i; j++) {
            int b = S->buf[j];
            if (S->day[a] != S->day[b])
                continue;
            if (S->per[a] == S->per[b])
                return 0;
            if (la->subject == S->tt->lessons[b].subject &&
                rotas_class_periods(S->c, K, la->subject) <= 5)
                return 0;
        }
        for (size_t q = 0; q < K->n_unavailable; q++)
            if (K->unavailable[q].day == S->day[a] && K->unavailable[q].period == S->per[a])
                return 0;
        for (size_t r = 0; r < S->c->n_subject_rules; r++) {
            const rotas_subject_rule *sr = &S->c->subject_rules[r];
            if (sr->subject != la->subject)
                continue;
            if (sr->not_first_period && S->per[a] == 0)
                return 0;
            if (sr->not_after_lunch && S->per[a] == S->after_lunch[la->school])
                return 0;
        }
    }
    return 1;
}

/* Rules of everyone option o touches. */
static int touched_ok(state *S, const opt *o)
{
    const rotas_lesson *l = &S->tt->lessons[o->lesson];
    if (o->kind == ROTAS_COVER_SELF_STUDY)
        return 1;
    if (o->kind == ROTAS_COVER_SUBSTITUTE)
        return teacher_ok(S, o->teacher, NULL, 0);
    return teacher_ok(S, l->teacher, NULL, 0) && teacher_ok(S, o->teacher, NULL, 0) &&
           class_ok(S, l->klass);
}

static int is_fixed(const rotas_county *c, const rotas_lesson *l)
{
    for (size_t i = 0; i < c->n_fixed_lessons; i++) {
        const rotas_fixed_lesson *f = &c->fixed_lessons[i];
        if (f->klass == l->klass && f->subject == l->subject && f->teacher == l->teacher &&
            f->day == l->day && f->period == l->period)
            return 1;
    }
    return 0;
}

static int teaches(const rotas_teacher *t, int subj)
{
    for (size_t i = 0; i < t->n_subjects; i++)
        if (t->subjects[i] == subj)
            return 1;
    return 0;
}

/* Set the state to week w: base lessons active except those of teachers absent that date. */
static void state_week(state *S, long monday)
{
    S->monday = monday;
    S->n_und = S->n_chg = 0;
    for (size_t l = 0; l < S->nl; l++) {
        const rotas_lesson *x = &S->tt->lessons[l];
        S->t[l] = x->teacher;
        S->day[l] = x->day;
        S->per[l] = x->period;
        S->act[l] = !teacher_absent(S, x->teacher, monday + x->day);
    }
}

static int csr(int **first, int **list, size_t n_keys, const rotas_timetable *tt, int by_class)
{
    *first = calloc(n_keys + 1, sizeof **first);
    *list = malloc((tt->n_lessons ? tt->n_lessons : 1) * sizeof **list);
    if (!*first || !*list)
        return -1;
    for (size_t l = 0; l < tt->n_lessons; l++) {
        int k = by_class ? tt->lessons[l].klass : tt->lessons[l].teacher;
        if (k >= 0 && (size_t)k < n_keys)
            (*first)[k + 1]++;
    }
    for (size_t k = 0; k < n_keys; k++)
        (*first)[k + 1] += (*first)[k];
    int *fill = calloc(n_keys + 1, sizeof *fill);
    if (!fill)
        return -1;
    for (size_t l = 0; l < tt->n_lessons; l++) {
        int k = by_class ? tt->lessons[l].klass : tt->lessons[l].teacher;
        if (k >= 0 && (size_t)k < n_keys)
            (*list)[(*first)[k] + fill[k]++] = (int)l;
    }
    free(fill);
    return 0;
}

static void state_free(state *S)
{
    free(S->t);
    free(S->day);
    free(S->per);
    free(S->act);
    free(S->chg);
    free(S->und);
    free(S->tfirst);
    free(S->tlist);
    free(S->kfirst);
    free(S->klist);
    free(S->mark);
    free(S->buf);
    free(S->after_lunch);
}

/* ------------------------------------------------------------------ options */

typedef struct vec {
    void *a;
    size_t n, cap, sz;
} vec;

static void *vec_push(vec *v)
{
    if (v->n == v->cap) {
        size_t nc = v->cap ? 2 * v->cap : 64;
        void *a = realloc(v->a, nc * v->sz);
        if (!a)
            return NULL;
        v->a = a;
        v->cap = nc;
    }
    return (char *)v->a + v->sz * v->n++;
}

/* Append cand to opts if it holds alone on the state (which is left as it was). -1 on out of
   memory. */
static int keep_if_ok(state *S, const opt *cand, vec *opts)
{
    size_t mk = S->n_und;
    if (apply(S, cand))
        return -1;
    int ok = touched_ok(S, cand);
    undo_to(S, mk);
    if (ok) {
        opt *o = vec_push(opts);
        if (!o)
            return -1;
        *o = *cand;
    }
    return 0;
}

/* Options of open lesson ol (state at its week). */
static int make_options(state *S, open_lesson *ol, vec *opts)
{
    const rotas_county *c = S->c;
    const rotas_lesson *l = &S->tt->lessons[ol->lesson];
    const rotas_school *sch = &c->schools[l->school];
    ol->first_opt = (int)opts->n;
    opt *o = vec_push(opts);
    if (!o)
        return -1;
    *o = (opt){ol->lesson, ol->week, ROTAS_COVER_SELF_STUDY, -1, -1, ROTAS_COVER_W_SELF_STUDY, -1};
    /* substitutes */
    for (size_t u = 0; u < c->n_teachers; u++) {
        const rotas_teacher *T = &c->teachers[u];
        if ((int)u == l->teacher || T->school < 0 || !teaches(T, l->subject) ||
            teacher_absent(S, (int)u, ol->date))
            continue;
        if (c->subjects[l->subject].shortage) {
            if (T->school != l->school &&
                (sch->cluster < 0 || c->schools[T->school].cluster != sch->cluster))
                continue;
        } else if (T->school != l->school) {
            continue;
        }
        double km = rotas_county_km(c, T->school, l->school);
        opt cand = {ol->lesson,
                    ol->week,
                    ROTAS_COVER_SUBSTITUTE,
                    (int)u,
                    -1,
                    T->school == l->school ? ROTAS_COVER_W_SAME_SCHOOL
                                           : ROTAS_COVER_W_OTHER_SCHOOL + ROTAS_COVER_W_KM * km,
                    -1};
        if (keep_if_ok(S, &cand, opts))
            return -1;
    }
    /* swaps with another lesson of the class that week */
    int a = l->teacher;
    for (int i = S->kfirst[l->klass]; i < S->kfirst[l->klass + 1]; i++) {
        int m = S->klist[i];
        const rotas_lesson *lm = &S->tt->lessons[m];
        long dm = S->monday + lm->day;
        if (m == ol->lesson || lm->day == l->day || !S->act[m] || dm < S->first_date ||
            lm->teacher < 0 || lm->teacher == a || lm->subject == l->subject ||
            teacher_absent(S, a, dm) || teacher_absent(S, lm->teacher, ol->date) || is_fixed(c, lm))
            continue;
        opt cand = {ol->lesson, ol->week, ROTAS_COVER_SWAP, lm->teacher, m, ROTAS_COVER_W_SWAP, -1};
        if (keep_if_ok(S, &cand, opts))
            return -1;
    }
    ol->n_opt = (int)opts->n - ol->first_opt;
    return 0;
}

/* ------------------------------------------------------------------ the model */

typedef struct pair {
    int a, b;
} pair;

static int pair_cmp(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    return p->a != q->a ? (p->a < q->a ? -1 : 1) : p->b != q->b ? (p->b < q->b ? -1 : 1) : 0;
}

/* Options sharing a person or a lesson: keys to group them. */
static void keys_of(const state *S, const opt *o, int *keys, int *n)
{
    const rotas_lesson *l = &S->tt->lessons[o->lesson];
    int nt = (int)S->c->n_teachers, nk = (int)S->c->n_classes;
    *n = 0;
    if (o->kind == ROTAS_COVER_SELF_STUDY)
        return;
    keys[(*n)++] = o->teacher;
    if (o->kind == ROTAS_COVER_SWAP) {
        keys[(*n)++] = l->teacher;
        keys[(*n)++] = nt + l->klass;
        keys[(*n)++] = nt + nk + o->partner;
    }
}

typedef struct model_in {
    const opt *o;
    size_t n_opt;
    const open_lesson *ol;
    size_t n_ol;
    const pair *conf;
    size_t n_conf;
    const int *cut_first, *cut_list; /* cuts: sum of listed options <= count - 1 */
    size_t n_cuts;
    const int *load_cap; /* per (week, teacher): room left, -1 none */
    int n_weeks;
} model_in;

static rotas_rc solve_model(const state *S, const model_in *M, const rotas_cover_options *co,
                            int *chosen, rotas_lp_result *res, rotas_error *err)
{
    rotas_lp *lp = NULL;
    rotas_rc rc = rotas__lp_new(&lp, "cover", 0, err);
    const rotas_county *c = S->c;
    size_t nt = c->n_teachers;
    int *ycol = NULL, *cols = NULL;
    double *vals = NULL;
    if (rc)
        return rc;
    ycol = malloc((nt ? nt : 1) * sizeof *ycol);
    cols = malloc((M->n_opt + 2) * sizeof *cols);
    vals = malloc((M->n_opt + 2) * sizeof *vals);
    if (!ycol || !cols || !vals) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("cover: out of memory"));
        goto done;
    }
    for (size_t u = 0; u < nt; u++)
        ycol[u] = -1;
    for (size_t i = 0; i < M->n_opt; i++) {
        const opt *o = &M->o[i];
        int col;
        if (o->kind == ROTAS_COVER_SELF_STUDY)
            col = rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, o->cost, "self(L%d,W%d)", o->lesson,
                                o->week);
        else if (o->kind == ROTAS_COVER_SUBSTITUTE)
            col = rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, o->cost, "sub(L%d,W%d,%s)",
                                o->lesson, o->week, c->teachers[o->teacher].id);
        else
            col = rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, o->cost, "swap(L%d,W%d,L%d)",
                                o->lesson, o->week, o->partner);
        if (col < 0) {
            rc = ROTAS_ERR;
            goto done;
        }
        cols[i] = col;
        if (o->kind != ROTAS_COVER_SELF_STUDY && ycol[o->teacher] < 0) {
            ycol[o->teacher] = rotas__lp_col(lp, err, ROTAS_LP_BINARY, 0, 1, ROTAS_COVER_W_PERSON,
                                             "person(%s)", c->teachers[o->teacher].id);
            if (ycol[o->teacher] < 0) {
                rc = ROTAS_ERR;
                goto done;
            }
        }
    }
    int *oc = malloc((M->n_opt ? M->n_opt : 1) * sizeof *oc);
    if (!oc) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("cover: out of memory"));
        goto done;
    }
    memcpy(oc, cols, M->n_opt * sizeof *oc);
    /* one option per open lesson */
    for (size_t j = 0; j < M->n_ol && !rc; j++) {
        const open_lesson *ol = &M->ol[j];
        for (int q = 0; q < ol->n_opt; q++)
            vals[q] = 1;
        if (rotas__lp_row(lp, err, 1, 1, (size_t)ol->n_opt, &oc[ol->first_opt], vals,
                          "one(L%d,W%d)", ol->lesson, ol->week) < 0)
            rc = ROTAS_ERR;
    }
    /* a person touched */
    for (size_t i = 0; i < M->n_opt && !rc; i++) {
        const opt *o = &M->o[i];
        if (o->kind == ROTAS_COVER_SELF_STUDY)
            continue;
        int rc2[2] = {oc[i], ycol[o->teacher]};
        double rv[2] = {1, -1};
        if (rotas__lp_row(lp, err, -INFINITY, 0, 2, rc2, rv, "touch(%zu)", i) < 0)
            rc = ROTAS_ERR;
    }
    /* exclusions */
    for (size_t i = 0; i < M->n_conf && !rc; i++) {
        int rc2[2] = {oc[M->conf[i].a], oc[M->conf[i].b]};
        double rv[2] = {1, 1};
        if (rotas__lp_row(lp, err, -INFINITY, 1, 2, rc2, rv, "excl(%d,%d)", M->conf[i].a,
                          M->conf[i].b) < 0)
            rc = ROTAS_ERR;
    }
    /* loads: substitutes a teacher takes in a week */
    for (int w = 0; w < M->n_weeks && !rc; w++)
        for (size_t u = 0; u < nt && !rc; u++) {
            int room = M->load_cap[(size_t)w * nt + u];
            if (room < 0)
                continue;
            size_t n = 0;
            for (size_t i = 0; i < M->n_opt; i++)
                if (M->o[i].week == w && M->o[i].kind == ROTAS_COVER_SUBSTITUTE &&
                    M->o[i].teacher == (int)u) {
                    cols[n] = oc[i];
                    vals[n++] = 1;
                }
            if (n > (size_t)room && rotas__lp_row(lp, err, -INFINITY, room, n, cols, vals,
                                                  "load(%s,W%d)", c->teachers[u].id, w) < 0)
                rc = ROTAS_ERR;
        }
    /* cuts from earlier rounds */
    for (size_t k = 0; k < M->n_cuts && !rc; k++) {
        size_t n = 0;
        for (int i = M->cut_first[k]; i < M->cut_first[k + 1]; i++) {
            cols[n] = oc[M->cut_list[i]];
            vals[n++] = 1;
        }
        if (rotas__lp_row(lp, err, -INFINITY, (double)n - 1, n, cols, vals, "cut(%zu)", k) < 0)
            rc = ROTAS_ERR;
    }
    if (rc) {
        free(oc);
        goto done;
    }
    if (co && co->export_lp && (rc = rotas__lp_write_lp(lp, co->export_lp, err))) {
        free(oc);
        goto done;
    }
    /* a start: self-study everywhere, nobody touched */
    double *start = calloc(rotas__lp_n_cols(lp) + 1, sizeof *start);
    if (!start) {
        free(oc);
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("cover: out of memory"));
        goto done;
    }
    for (size_t j = 0; j < M->n_ol; j++)
        start[oc[M->ol[j].first_opt]] = 1;
    rotas_lp_options lo = {.time_limit = co && co->time_limit > 0 ? co->time_limit : 10,
                           .mip_gap = S->p->mip_gap,
                           .verbose = co ? co->verbose : 0,
                           .start = start,
                           .primal = 1,
                           .cuts = 1};
    rc = rotas__lp_solve(lp, &lo, res, err);
    free(start);
    if (!rc) {
        if (res->status != ROTAS_LP_OPTIMAL && res->status != ROTAS_LP_FEASIBLE) {
            rc = rotas_error_set(err, ROTAS_ESOLVER,
                                 _("cover: the assignment model gave no solution"));
        } else {
            for (size_t j = 0; j < M->n_ol; j++) {
                const open_lesson *ol = &M->ol[j];
                chosen[j] = ol->first_opt;
                for (int q = 0; q < ol->n_opt; q++)
                    if (rotas__lp_value(lp, oc[ol->first_opt + q]) > 0.5)
                        chosen[j] = ol->first_opt + q;
            }
        }
    }
    free(oc);
done:
    rotas__lp_free(lp);
    free(ycol);
    free(cols);
    free(vals);
    return rc;
}

/* Data of models/cover.mod (the first round: no cuts). */
static rotas_rc write_dat(const state *S, const model_in *M, const char *path, rotas_error *err)
{
    const rotas_county *c = S->c;
    size_t nt = c->n_teachers;
    rotas_outfile *of = NULL;
    rotas_rc rc = rotas_outfile_open(&of, path, err);
    if (rc)
        return rc;
    FILE *f = rotas_outfile_stream(of);
    fprintf(f, "/* rotas cover: data for models/cover.mod */\ndata;\nparam wp := %g;\nset L :=",
            ROTAS_COVER_W_PERSON);
    for (size_t j = 0; j < M->n_ol; j++)
        fprintf(f, " l%zu", j);
    fprintf(f, ";\nset O :=");
    for (size_t i = 0; i < M->n_opt; i++)
        fprintf(f, " o%zu", i);
    fprintf(f, ";\nset P :=");
    unsigned char *seen = calloc(nt + 1, 1);
    if (!seen) {
        rotas_outfile_abort(of);
        return rotas_error_set(err, ROTAS_ENOMEM, _("cover: out of memory"));
    }
    for (size_t i = 0; i < M->n_opt; i++) {
        int t = M->o[i].teacher;
        if (M->o[i].kind != ROTAS_COVER_SELF_STUDY && !seen[t]) {
            seen[t] = 1;
            fprintf(f, " %s", c->teachers[t].id);
        }
    }
    free(seen);
    fprintf(f, ";\nparam lesson :=");
    for (size_t j = 0; j < M->n_ol; j++)
        for (int q = 0; q < M->ol[j].n_opt; q++)
            fprintf(f, " o%d l%zu", M->ol[j].first_opt + q, j);
    fprintf(f, ";\nparam cost :=");
    for (size_t i = 0; i < M->n_opt; i++)
        fprintf(f, " o%zu %.6f", i, M->o[i].cost);
    fprintf(f, ";\nset TOUCH :=");
    for (size_t i = 0; i < M->n_opt; i++)
        if (M->o[i].kind != ROTAS_COVER_SELF_STUDY)
            fprintf(f, " (o%zu,%s)", i, c->teachers[M->o[i].teacher].id);
    fprintf(f, ";\nset EXCL :=");
    for (size_t i = 0; i < M->n_conf; i++)
        fprintf(f, " (o%d,o%d)", M->conf[i].a, M->conf[i].b);
    fprintf(f, ";\nset K :=");
    for (int w = 0; w < M->n_weeks; w++)
        for (size_t u = 0; u < nt; u++)
            if (M->load_cap[(size_t)w * nt + u] >= 0)
                for (size_t i = 0; i < M->n_opt; i++)
                    if (M->o[i].week == w && M->o[i].kind == ROTAS_COVER_SUBSTITUTE &&
                        M->o[i].teacher == (int)u) {
                        fprintf(f, " %s_W%d", c->teachers[u].id, w);
                        break;
                    }
    fprintf(f, ";\nparam room :=");
    for (int w = 0; w < M->n_weeks; w++)
        for (size_t u = 0; u < nt; u++)
            for (size_t i = 0; i < M->n_opt; i++)
                if (M->o[i].week == w && M->o[i].kind == ROTAS_COVER_SUBSTITUTE &&
                    M->o[i].teacher == (int)u) {
                    fprintf(f, " %s_W%d %d", c->teachers[u].id, w, M->load_cap[(size_t)w * nt + u]);
                    break;
                }
    fprintf(f, ";\nset INLOAD :=");
    for (size_t i = 0; i < M->n_opt; i++)
        if (M->o[i].kind == ROTAS_COVER_SUBSTITUTE)
            fprintf(f, " (o%zu,%s_W%d)", i, c->teachers[M->o[i].teacher].id, M->o[i].week);
    fprintf(f, ";\nend;\n");
    return rotas_outfile_commit(of, err);
}

/* ------------------------------------------------------------------ the whole job */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int entry_cmp(const void *x, const void *y)
{
    const rotas_cover_entry *a = x, *b = y;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->period != b->period)
        return a->period < b->period ? -1 : 1;
    if (a->school != b->school)
        return a->school < b->school ? -1 : 1;
    return a->klass < b->klass ? -1 : a->klass > b->klass;
}

rotas_rc rotas_cover_make(rotas_cover **out, const rotas_county *c, const rotas_timetable *tt,
                          const rotas_policy *p, const rotas_absence *absences, size_t n_absences,
                          const rotas_cover_options *co, rotas_error *err)
{
    double t0 = now_s();
    rotas_rc rc = ROTAS_OK;
    state S = {0};
    vec opts = {.sz = sizeof(opt)}, ols = {.sz = sizeof(open_lesson)}, conf = {.sz = sizeof(pair)},
        cutf = {.sz = sizeof(int)}, cutl = {.sz = sizeof(int)};
    long *weeks = NULL;
    int n_weeks = 0;
    int *chosen = NULL, *load_cap = NULL, *keys_first = NULL, *keys_list = NULL;
    rotas_cover *cv = NULL;
    *out = NULL;

    if (n_absences == 0)
        return rotas_error_set(err, ROTAS_EINPUT, _("cover: no absent teacher given"));
    long first = absences[0].from, last = absences[0].to;
    for (size_t i = 0; i < n_absences; i++) {
        const rotas_absence *a = &absences[i];
        if (a->teacher < 0 || (size_t)a->teacher >= c->n_teachers)
            return rotas_error_set(err, ROTAS_EINPUT, _("absence %zu: unknown teacher"), i + 1);
        if (a->from < 0 || a->to < a->from)
            return rotas_error_set(err, ROTAS_EINPUT,
                                   _("absence %zu (%s): expected a first date not after the last"),
                                   i + 1, c->teachers[a->teacher].id);
        if (a->to - a->from > 366)
            return rotas_error_set(err, ROTAS_EINPUT,
                                   _("absence %zu (%s): expected at most a year, found %ld days"),
                                   i + 1, c->teachers[a->teacher].id, a->to - a->from + 1);
        first = a->from < first ? a->from : first;
        last = a->to > last ? a->to : last;
    }
    S.c = c;
    S.tt = tt;
    S.p = p;
    S.abs = absences;
    S.n_abs = n_absences;
    S.nl = tt->n_lessons;
    S.first_date = first;
    S.extra = co && co->extra_periods > 0 ? co->extra_periods : 0;
    size_t nl1 = S.nl ? S.nl : 1;
    S.t = malloc(nl1 * sizeof *S.t);
    S.day = malloc(nl1 * sizeof *S.day);
    S.per = malloc(nl1 * sizeof *S.per);
    S.act = malloc(nl1);
    S.mark = calloc(nl1, sizeof *S.mark);
    S.buf = malloc(nl1 * sizeof *S.buf);
    S.after_lunch = malloc((c->n_schools ? c->n_schools : 1) * sizeof *S.after_lunch);
    if (!S.t || !S.day || !S.per || !S.act || !S.mark || !S.buf || !S.after_lunch ||
        csr(&S.tfirst, &S.tlist, c->n_teachers, tt, 0) ||
        csr(&S.kfirst, &S.klist, c->n_classes, tt, 1))
        goto oom;
    for (size_t s = 0; s < c->n_schools; s++) {
        size_t nb = 0;
        const rotas_bell_period *b = rotas_school_bell(&c->schools[s], &nb);
        S.after_lunch[s] = -1;
        for (size_t q = 0; q < nb && S.after_lunch[s] < 0; q++)
            if (b[q].start >= 12 * 60)
                S.after_lunch[s] = (int)q;
    }

    /* weeks and open lessons */
    long mon0 = first - rotas_date_weekday(first), mon1 = last - rotas_date_weekday(last);
    n_weeks = (int)((mon1 - mon0) / 7 + 1);
    weeks = malloc((size_t)n_weeks * sizeof *weeks);
    if (!weeks)
        goto oom;
    for (int w = 0; w < n_weeks; w++)
        weeks[w] = mon0 + 7L * w;
    for (int w = 0; w < n_weeks; w++) {
        for (int d = 0; d < ROTAS_DAYS && d < tt->days; d++) {
            long date = weeks[w] + d;
            for (size_t l = 0; l < S.nl; l++) {
                const rotas_lesson *x = &tt->lessons[l];
                if (x->day != d || !teacher_absent(&S, x->teacher, date))
                    continue;
                open_lesson *ol = vec_push(&ols);
                if (!ol)
                    goto oom;
                *ol = (open_lesson){(int)l, w, date, 0, 0, 0};
            }
        }
    }
    /* options, week by week (ols are in week order) */
    for (size_t j = 0; j < ols.n; j++) {
        open_lesson *ol = &((open_lesson *)ols.a)[j];
        if (j == 0 || ((open_lesson *)ols.a)[j - 1].week != ol->week)
            state_week(&S, weeks[ol->week]);
        if (make_options(&S, ol, &opts))
            goto oom;
    }
    /* exclusions between options of different lessons sharing a person, class or lesson */
    {
        opt *O = opts.a;
        size_t nt = c->n_teachers, nk = c->n_classes, nkeys = nt + nk + S.nl;
        keys_first = calloc(nkeys + 1, sizeof *keys_first);
        keys_list = malloc((opts.n * 4 + 1) * sizeof *keys_list);
        if (!keys_first || !keys_list)
            goto oom;
        int kk[4], nkk;
        for (size_t i = 0; i < opts.n; i++) {
            keys_of(&S, &O[i], kk, &nkk);
            for (int q = 0; q < nkk; q++)
                keys_first[kk[q] + 1]++;
        }
        for (size_t k = 0; k < nkeys; k++)
            keys_first[k + 1] += keys_first[k];
        int *fill = calloc(nkeys + 1, sizeof *fill);
        if (!fill)
            goto oom;
        for (size_t i = 0; i < opts.n; i++) {
            keys_of(&S, &O[i], kk, &nkk);
            for (int q = 0; q < nkk; q++)
                keys_list[keys_first[kk[q]] + fill[kk[q]]++] = (int)i;
        }
        free(fill);
        int cur_week = -1;
        for (size_t k = 0; k < nkeys; k++)
            for (int x = keys_first[k]; x < keys_first[k + 1]; x++)
                for (int y = x + 1; y < keys_first[k + 1]; y++) {
                    int a = keys_list[x], b = keys_list[y];
                    if (O[a].lesson == O[b].lesson || O[a].week != O[b].week)
                        continue;
                    if (O[a].week != cur_week) {
                        cur_week = O[a].week;
                        state_week(&S, weeks[cur_week]);
                    }
                    int bad = 0;
                    /* the same partner lesson, or one's partner is the other's lesson */
                    if (O[a].kind == ROTAS_COVER_SWAP && O[b].kind == ROTAS_COVER_SWAP &&
                        O[a].partner == O[b].partner)
                        bad = 1;
                    if (!bad) {
                        size_t mk = S.n_und;
                        if (apply(&S, &O[a]) || apply(&S, &O[b]))
                            goto oom;
                        bad = !touched_ok(&S, &O[a]) || !touched_ok(&S, &O[b]);
                        undo_to(&S, mk);
                    }
                    if (bad) {
                        pair *pp = vec_push(&conf);
                        if (!pp)
                            goto oom;
                        *pp = (pair){a < b ? a : b, a < b ? b : a};
                    }
                }
        if (conf.n)
            qsort(conf.a, conf.n, sizeof(pair), pair_cmp);
        size_t u = 0;
        pair *P = conf.a;
        for (size_t i = 0; i < conf.n; i++)
            if (u == 0 || pair_cmp(&P[u - 1], &P[i]))
                P[u++] = P[i];
        conf.n = u;
    }
    /* loads: room left per week and teacher */
    load_cap = malloc(((size_t)n_weeks * c->n_teachers + 1) * sizeof *load_cap);
    chosen = malloc((ols.n + 1) * sizeof *chosen);
    if (!load_cap || !chosen)
        goto oom;
    for (int w = 0; w < n_weeks; w++) {
        state_week(&S, weeks[w]);
        for (size_t u = 0; u < c->n_teachers; u++) {
            size_t n = gather(&S, (int)u, 0);
            int room = teacher_cap(&S, (int)u) - (int)n;
            load_cap[(size_t)w * c->n_teachers + u] = room < 0 ? 0 : room;
        }
    }

    if (co && co->export_dat) {
        model_in M0 = {opts.a, opts.n, ols.a, ols.n,    conf.a, conf.n,
                       NULL,   NULL,   0,     load_cap, n_weeks};
        if ((rc = write_dat(&S, &M0, co->export_dat, err)))
            goto done;
    }
    rotas_lp_result res = {0};
    int verified = 0;
    double deadline = t0 + (co && co->time_limit > 0 ? co->time_limit : 10);
    int *cf = vec_push(&cutf);
    if (!cf)
        goto oom;
    *cf = 0;
    for (int round = 0; round < 20 && !verified; round++) {
        model_in M = {opts.a, opts.n, ols.a,      ols.n,    conf.a, conf.n,
                      cutf.a, cutl.a, cutf.n - 1, load_cap, n_weeks};
        rotas_cover_options co2 = co ? *co : (rotas_cover_options){0};
        co2.time_limit = deadline - now_s();
        if (co2.time_limit < 0.5)
            co2.time_limit = 0.5;
        if (round > 0)
            co2.export_lp = NULL;
        if ((rc = solve_model(&S, &M, &co2, chosen, &res, err)))
            goto done;
        /* verify the chosen set, week by week; a broken person or class gives a cut */
        verified = 1;
        opt *O = opts.a;
        open_lesson *OL = ols.a;
        for (int w = 0; w < n_weeks; w++) {
            state_week(&S, weeks[w]);
            for (size_t j = 0; j < ols.n; j++)
                if (OL[j].week == w && apply(&S, &O[chosen[j]]))
                    goto oom;
            for (size_t j = 0; j < ols.n; j++) {
                if (OL[j].week != w)
                    continue;
                const opt *o = &O[chosen[j]];
                if (touched_ok(&S, o))
                    continue;
                verified = 0;
                /* cut: the chosen options of this week touching the same people */
                int kk[4], nkk, kk2[4], nkk2;
                keys_of(&S, o, kk, &nkk);
                size_t before = cutl.n;
                for (size_t i = 0; i < ols.n; i++) {
                    if (OL[i].week != w)
                        continue;
                    keys_of(&S, &O[chosen[i]], kk2, &nkk2);
                    int share = 0;
                    for (int x = 0; x < nkk && !share; x++)
                        for (int y = 0; y < nkk2 && !share; y++)
                            share = kk[x] == kk2[y];
                    if (share) {
                        int *q = vec_push(&cutl);
                        if (!q)
                            goto oom;
                        *q = chosen[i];
                    }
                }
                if (cutl.n - before < 2) {
                    cutl.n = before; /* a lone option that fails cannot happen; no cut */
                    continue;
                }
                if (!(cf = vec_push(&cutf)))
                    goto oom;
                *cf = (int)cutl.n;
                break; /* one cut per week and round */
            }
        }
        if (now_s() > deadline)
            break;
    }
    /* repair: apply in order, anything that breaks becomes self-study */
    {
        opt *O = opts.a;
        open_lesson *OL = ols.a;
        for (int w = 0; w < n_weeks; w++) {
            state_week(&S, weeks[w]);
            for (size_t j = 0; j < ols.n; j++) {
                if (OL[j].week != w)
                    continue;
                size_t mk = S.n_und;
                if (apply(&S, &O[chosen[j]]))
                    goto oom;
                if (!touched_ok(&S, &O[chosen[j]])) {
                    undo_to(&S, mk);
                    chosen[j] = OL[j].first_opt;
                    verified = 0;
                }
            }
        }
    }

    /* the result */
    cv = calloc(1, sizeof *cv);
    if (!cv)
        goto oom;
    cv->cluster = tt->cluster;
    cv->policy = *p;
    cv->extra_periods = S.extra;
    cv->absences = calloc(n_absences, sizeof *cv->absences);
    cv->entries = calloc(ols.n ? ols.n : 1, sizeof *cv->entries);
    if (!cv->absences || !cv->entries)
        goto oom;
    cv->n_absences = n_absences;
    for (size_t i = 0; i < n_absences; i++) {
        cv->absences[i] = absences[i];
        cv->absences[i].reason = NULL;
        if (absences[i].reason && !(cv->absences[i].reason = rotas_strdup(absences[i].reason)))
            goto oom;
    }
    unsigned char *touched = calloc(c->n_teachers + 1, 1);
    if (!touched)
        goto oom;
    for (size_t j = 0; j < ols.n; j++) {
        const open_lesson *ol = &((open_lesson *)ols.a)[j];
        const opt *o = &((opt *)opts.a)[chosen[j]];
        const rotas_lesson *l = &tt->lessons[ol->lesson];
        rotas_cover_entry *e = &cv->entries[cv->n_entries++];
        *e = (rotas_cover_entry){.date = ol->date,
                                 .day = l->day,
                                 .period = l->period,
                                 .school = l->school,
                                 .klass = l->klass,
                                 .subject = l->subject,
                                 .absent = l->teacher,
                                 .kind = o->kind,
                                 .teacher = o->teacher,
                                 .swap_date = -1,
                                 .swap_day = -1,
                                 .swap_period = -1,
                                 .swap_subject = -1};
        if (o->kind == ROTAS_COVER_SUBSTITUTE) {
            cv->n_substitute++;
            e->km = rotas_county_km(c, c->teachers[o->teacher].school, l->school);
        } else if (o->kind == ROTAS_COVER_SWAP) {
            const rotas_lesson *m = &tt->lessons[o->partner];
            cv->n_swap++;
            e->swap_date = weeks[ol->week] + m->day;
            e->swap_day = m->day;
            e->swap_period = m->period;
            e->swap_subject = m->subject;
        } else {
            cv->n_self_study++;
            snprintf(e->reason, sizeof e->reason, "%s",
                     ol->n_opt <= 1 ? "no qualified teacher is free and can reach the school in "
                                      "time, and no lesson of the class can trade places"
                                    : "the teachers who could cover are needed for other lessons "
                                      "at the same time or have no periods left");
        }
        if (o->kind != ROTAS_COVER_SELF_STUDY && !touched[o->teacher]) {
            touched[o->teacher] = 1;
            cv->people_touched++;
        }
    }
    free(touched);
    qsort(cv->entries, cv->n_entries, sizeof *cv->entries, entry_cmp);
    cv->objective = 0;
    for (size_t j = 0; j < ols.n; j++)
        cv->objective += ((opt *)opts.a)[chosen[j]].cost;
    cv->objective += ROTAS_COVER_W_PERSON * cv->people_touched;
    cv->bound = isfinite(res.bound) ? res.bound : NAN;
    if (cv->bound > cv->objective)
        cv->bound = cv->objective;
    cv->gap = isfinite(cv->bound) ? fabs(cv->objective - cv->bound) /
                                        (fabs(cv->objective) > 1e-9 ? fabs(cv->objective) : 1e-9)
                                  : NAN;
    if (fabs(cv->objective - cv->bound) < 1e-6)
        cv->gap = 0;
    cv->status = verified && res.status == ROTAS_LP_OPTIMAL     ? ROTAS_STATUS_OPTIMAL
                 : res.status == ROTAS_LP_FEASIBLE && !verified ? ROTAS_STATUS_TIME_LIMIT
                                                                : ROTAS_STATUS_FEASIBLE;
    cv->seconds = now_s() - t0;
    *out = cv;
    cv = NULL;
    goto done;
oom:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("cover: out of memory"));
done:
    rotas_cover_free(cv);
    state_free(&S);
    free(opts.a);
    free(ols.a);
    free(conf.a);
    free(cutf.a);
    free(cutl.a);
    free(weeks);
    free(chosen);
    free(load_cap);
    free(keys_first);
    free(keys_list);
    return rc;
}
