/* render_tables.c - the lists every renderer shows, as tables of text and number cells. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_int.h"

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- orders ---- */

static const rotas_plan *sort_plan;
static const rotas_county *sort_county;
static const rotas_timetable *sort_tt;

static int cmp_move(const void *a, const void *b)
{
    const rotas_move *x = &sort_plan->moves[*(const size_t *)a];
    const rotas_move *y = &sort_plan->moves[*(const size_t *)b];
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    int r = strcmp(rotas__teacher_id(sort_county, x->teacher),
                   rotas__teacher_id(sort_county, y->teacher));
    if (r)
        return r;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

size_t *rotas__move_order(const rotas_plan *p, const rotas_county *c)
{
    if (!p->n_moves)
        return NULL;
    size_t *o = malloc(p->n_moves * sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < p->n_moves; i++)
        o[i] = i;
    sort_plan = p;
    sort_county = c;
    qsort(o, p->n_moves, sizeof *o, cmp_move);
    return o;
}

static int cmp_lesson(const void *a, const void *b)
{
    const rotas_lesson *x = &sort_tt->lessons[*(const size_t *)a];
    const rotas_lesson *y = &sort_tt->lessons[*(const size_t *)b];
    int kx[4] = {x->school, x->klass, x->day, x->period};
    int ky[4] = {y->school, y->klass, y->day, y->period};
    for (int i = 0; i < 4; i++)
        if (kx[i] != ky[i])
            return kx[i] < ky[i] ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

size_t *rotas__lesson_order(const rotas_timetable *tt)
{
    if (!tt->n_lessons)
        return NULL;
    size_t *o = malloc(tt->n_lessons * sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < tt->n_lessons; i++)
        o[i] = i;
    sort_tt = tt;
    qsort(o, tt->n_lessons, sizeof *o, cmp_lesson);
    return o;
}

/* ---- plan tables ---- */

void rotas__plan_moves_table(rotas__table *t, const rotas_plan *p, const rotas_county *c,
                             rotas_lang lang)
{
    /* the official list (交流轮岗名单): who, what, from where to where, how, how long, why */
    static const int heads[] = {
        L_NO,           L_TEACHER_ID, L_NAME, L_GENDER, L_BIRTH_YEAR, L_DEGREE, L_TITLE,   L_ROLE,
        L_MAIN_SUBJECT, L_KEY_LEVEL,  L_FROM, L_TO,     L_MODE,       L_TERM,   L_REASONS, L_KM};
    rotas__table_init(t, "moves", L_SHEET_MOVES, NCOLS(heads), heads);
    size_t *order = rotas__move_order(p, c);
    if (p->n_moves && !order) {
        t->oom = 1;
        return;
    }
    rotas__buf b = {0};
    for (size_t i = 0; i < p->n_moves; i++) {
        const rotas_move *m = &p->moves[order[i]];
        const rotas_teacher *tc =
            m->teacher >= 0 && (size_t)m->teacher < c->n_teachers ? &c->teachers[m->teacher] : NULL;
        rotas__table_num(t, (double)(i + 1), 0);
        rotas__table_text(t, rotas__teacher_id(c, m->teacher));
        rotas__table_text(t, rotas__teacher_name(c, m->teacher));
        rotas__table_text(t, tc ? rotas__gender_label(tc->gender, lang) : "");
        if (tc && tc->birth_year)
            rotas__table_num(t, tc->birth_year, 0);
        else
            rotas__table_text(t, "");
        rotas__table_text(t, !tc ? ""
                             : tc->degree_level >= ROTAS_DEGREE_SECONDARY
                                 ? rotas__degree_label(tc->degree_level, lang)
                                 : (tc->degree ? tc->degree : ""));
        rotas__table_text(t, tc && tc->title ? tc->title : "");
        rotas__table_text(t, tc ? rotas__role_label((int)tc->role, lang) : "");
        rotas__table_text(t, tc && tc->n_subjects ? rotas__subject_name(c, tc->subjects[0], lang)
                                                  : "");
        rotas__table_text(t, tc ? rotas__key_label(tc->key, lang) : "");
        rotas__table_text(t, rotas__school_name(c, m->from));
        rotas__table_text(t, rotas__school_name(c, m->to));
        rotas__table_text(t,
                          rotas__label(m->reasons & ROTAS_REASON_GROUP_DISPATCH ? L_MODE_DISPATCH
                                                                                : L_MODE_ROTATION,
                                       lang));
        rotas__buf_reset(&b);
        rotas__buf_printf(&b, "%d–%d", p->year, m->until);
        rotas__table_text(t, rotas__buf_str(&b));
        rotas__buf_reset(&b);
        rotas__reasons_text(&b, m, c, &p->policy, lang);
        rotas__table_text(t, rotas__buf_str(&b));
        rotas__table_num(t, m->km, 1);
        if (b.oom)
            t->oom = 1;
    }
    rotas__buf_free(&b);
    free(order);
}

void rotas__plan_unfilled_table(rotas__table *t, const rotas_plan *p, const rotas_county *c,
                                rotas_lang lang)
{
    static const int heads[] = {L_SCHOOL, L_SUBJECT, L_PERIODS};
    rotas__table_init(t, "unfilled", L_SHEET_UNFILLED, NCOLS(heads), heads);
    for (size_t i = 0; i < p->n_unfilled; i++) {
        const rotas_unfilled *u = &p->unfilled[i];
        rotas__table_text(t, rotas__school_name(c, u->school));
        rotas__table_text(t, rotas__subject_name(c, u->subject, lang));
        rotas__table_num(t, u->periods, 1);
    }
}

static const rotas_indicator_row *ind_row(const rotas_indicators *s, int r)
{
    return r == 0 ? &s->primary : r == 1 ? &s->junior : &s->county;
}

void rotas__plan_indicators_table(rotas__table *t, const rotas_plan *p, rotas_lang lang)
{
    static const int heads[] = {L_STAGE,      L_INDICATOR, L_MEAN_BEFORE, L_CV_BEFORE,
                                L_MEAN_AFTER, L_CV_AFTER,  L_CV_LIMIT,    L_CV_CHECK};
    static const int stage[] = {L_PRIMARY, L_JUNIOR, L_COUNTY};
    static const int ind[] = {L_IND_DEGREE, L_IND_KEY, L_IND_PE_ARTS};
    rotas__table_init(t, "indicators", L_SHEET_INDICATORS, NCOLS(heads), heads);
    for (int r = 0; r < 3; r++) {
        const rotas_indicator_row *b = ind_row(&p->before, r), *a = ind_row(&p->after, r);
        double lim = rotas__cv_limit(r);
        for (int i = 0; i < ROTAS_IND_COUNT; i++) {
            rotas__table_text(t, rotas__label(stage[r], lang));
            rotas__table_text(t, rotas__label(ind[i], lang));
            rotas__table_num(t, b->mean[i], 2);
            rotas__table_num(t, b->cv[i], 3);
            if (lim >= 0 && b->cv[i] > lim)
                rotas__table_flag(t);
            rotas__table_num(t, a->mean[i], 2);
            rotas__table_num(t, a->cv[i], 3);
            if (lim >= 0 && a->cv[i] > lim)
                rotas__table_flag(t);
            if (lim >= 0) {
                char buf[16];
                snprintf(buf, sizeof buf, "≤ %.2f", lim);
                rotas__table_text(t, buf);
                rotas__table_text(t, rotas__label(a->cv[i] > lim ? L_EXCEEDS : L_WITHIN, lang));
                if (a->cv[i] > lim)
                    rotas__table_flag(t);
            } else {
                rotas__table_text(t, "");
                rotas__table_text(t, "");
            }
        }
    }
}

static void item_text(rotas__table *t, int label, const char *v, rotas_lang lang)
{
    rotas__table_text(t, rotas__label(label, lang));
    rotas__table_text(t, v);
}

static void item_num(rotas__table *t, int label, double v, int dec, rotas_lang lang)
{
    rotas__table_text(t, rotas__label(label, lang));
    rotas__table_num(t, v, dec);
}

static void policy_items(rotas__table *t, const rotas_policy *p, rotas_lang lang)
{
    rotas__buf b = {0};
    rotas__buf_printf(&b,
                      lang == ROTAS_LANG_EN
                          ? "teacher tenure %d y; leader tenure %d y; rotation share %g; key share "
                            "%g (%s); term %d y; max out share %g; max km %s%g; time limit %g s"
                          : "教师任教年限%d年；校长任职年限%d年；交流比例%g；骨干比例%g(%s)；"
                            "交流期限%d年；单校调出上限%g；最远距离%s%g公里；时限%g秒",
                      p->teacher_tenure_years, p->leader_tenure_years, p->min_rotation_share,
                      p->min_key_share,
                      p->key_share_base == ROTAS_KEY_SHARE_OF_ELIGIBLE
                          ? (lang == ROTAS_LANG_EN ? "of eligible" : "占符合条件人数")
                          : (lang == ROTAS_LANG_EN ? "of moved" : "占交流人数"),
                      p->exchange_term_years, p->max_out_share, p->max_km < 0 ? "∞ " : "",
                      p->max_km < 0 ? 0.0 : p->max_km, p->time_limit_seconds);
    item_text(t, L_POLICY, rotas__buf_str(&b), lang);
    if (b.oom)
        t->oom = 1;
    rotas__buf_free(&b);
}

void rotas__plan_summary_table(rotas__table *t, const rotas_plan *p, const rotas_county *c,
                               rotas_lang lang)
{
    static const int heads[] = {L_ITEM, L_VALUE};
    rotas__table_init(t, "summary", L_SHEET_SUMMARY, NCOLS(heads), heads);
    item_num(t, L_YEAR, p->year, 0, lang);
    {
        char st[160];
        item_text(
            t, L_STATUS,
            rotas__plain_status(st, sizeof st, (int)p->status, p->gap, p->n_relaxed > 0, lang),
            lang);
    }
    item_num(t, L_SECONDS, p->seconds, 0, lang);
    item_num(t, L_MOVES_N, (double)p->n_moves, 0, lang);
    item_num(t, L_ELIGIBLE, p->n_eligible, 0, lang);
    item_num(t, L_MUST, p->n_must, 0, lang);
    item_num(t, L_FROZEN, p->n_frozen, 0, lang);
    item_num(t, L_KEY_MOVED, p->n_key_moved, 0, lang);
    item_num(t, L_UNFILLED_BEFORE, p->unfilled_before, 1, lang);
    item_num(t, L_UNFILLED_AFTER, p->unfilled_after, 1, lang);
    item_num(t, L_KM_TOTAL, p->km_total, 1, lang);
    item_num(t, L_ESTIMATED_PAIRS, (double)p->n_estimated_pairs, 0, lang);
    item_num(t, L_SCHOOLS_N, (double)c->n_schools, 0, lang);
    item_num(t, L_TEACHERS_N, (double)c->n_teachers, 0, lang);
    item_num(t, L_SECONDMENTS_N, (double)p->n_secondments, 0, lang);
    {
        char buf[80];
        snprintf(buf, sizeof buf, "%d / %d / %d / %d", p->preference_got[1], p->preference_got[2],
                 p->preference_got[3], p->preference_got[0]);
        item_text(t, L_PREF_GOT, buf, lang);
    }
    item_num(t, L_ENVY_N, (double)p->n_envy, 0, lang);
    if (p->n_changed >= 0 && p->n_changed != 0)
        item_num(t, L_CHANGED_N, p->n_changed, 0, lang);
    if (p->n_relaxed == 0)
        item_text(t, L_RELAXED, rotas__label(L_NONE, lang), lang);
    for (size_t i = 0; i < p->n_relaxed; i++) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s: %g%s%s", p->relaxed[i].rule, p->relaxed[i].amount,
                 p->relaxed[i].detail[0] ? " — " : "", p->relaxed[i].detail);
        item_text(t, L_RELAXED, buf, lang);
    }
    policy_items(t, &p->policy, lang);
}

size_t rotas__plan_n_dispatch(const rotas_plan *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_moves; i++)
        n += (p->moves[i].reasons & ROTAS_REASON_GROUP_DISPATCH) != 0;
    return n;
}

void rotas__plan_dispatch_table(rotas__table *t, const rotas_plan *p, const rotas_county *c,
                                rotas_lang lang)
{
    static const int heads[] = {L_NO,           L_EDU_GROUP, L_FROM, L_TO,
                                L_TEACHER_ID,   L_NAME,      L_ROLE, L_DISPATCH_AS,
                                L_MAIN_SUBJECT, L_KEY_LEVEL, L_TERM};
    rotas__table_init(t, "group_dispatch", L_SHEET_DISPATCH, NCOLS(heads), heads);
    size_t *order = rotas__move_order(p, c);
    if (p->n_moves && !order) {
        t->oom = 1;
        return;
    }
    rotas__buf b = {0};
    size_t no = 0;
    for (size_t i = 0; i < p->n_moves; i++) {
        const rotas_move *m = &p->moves[order[i]];
        if (!(m->reasons & ROTAS_REASON_GROUP_DISPATCH))
            continue;
        const rotas_teacher *tc =
            m->teacher >= 0 && (size_t)m->teacher < c->n_teachers ? &c->teachers[m->teacher] : NULL;
        int g = m->from >= 0 && (size_t)m->from < c->n_schools ? c->schools[m->from].group : -1;
        rotas__table_num(t, (double)++no, 0);
        rotas__table_text(t, g >= 0 && (size_t)g < c->n_groups && c->groups[g].id ? c->groups[g].id
                                                                                  : "");
        rotas__table_text(t, rotas__school_name(c, m->from));
        rotas__table_text(t, rotas__school_name(c, m->to));
        rotas__table_text(t, rotas__teacher_id(c, m->teacher));
        rotas__table_text(t, rotas__teacher_name(c, m->teacher));
        rotas__table_text(t, tc ? rotas__role_label((int)tc->role, lang) : "");
        int man = tc && (tc->middle_leader || tc->role == ROTAS_ROLE_PRINCIPAL ||
                         tc->role == ROTAS_ROLE_VICE_PRINCIPAL);
        int key = tc && tc->key >= ROTAS_KEY_COUNTY;
        rotas__buf_reset(&b);
        if (man)
            rotas__buf_puts(&b, rotas__label(L_AS_MANAGER, lang));
        if (key)
            rotas__buf_printf(&b, "%s%s", man ? (lang == ROTAS_LANG_EN ? ", " : "、") : "",
                              rotas__label(L_AS_KEY, lang));
        rotas__table_text(t, rotas__buf_str(&b));
        rotas__table_text(t, tc && tc->n_subjects ? rotas__subject_name(c, tc->subjects[0], lang)
                                                  : "");
        rotas__table_text(t, tc ? rotas__key_label(tc->key, lang) : "");
        rotas__buf_reset(&b);
        rotas__buf_printf(&b, "%d–%d", p->year, m->until);
        rotas__table_text(t, rotas__buf_str(&b));
        if (b.oom)
            t->oom = 1;
    }
    rotas__buf_free(&b);
    free(order);
}

void rotas__plan_secondments_table(rotas__table *t, const rotas_plan *p, const rotas_county *c,
                                   rotas_lang lang)
{
    static const int heads[] = {L_NO,   L_TEACHER_ID, L_NAME, L_MAIN_SUBJECT,
                                L_FROM, L_TO,         L_KM,   L_TERM};
    rotas__table_init(t, "secondments", L_SHEET_SECONDMENTS, NCOLS(heads), heads);
    for (size_t i = 0; i < p->n_secondments; i++) {
        const rotas_secondment *s = &p->secondments[i];
        const rotas_teacher *tc =
            s->teacher >= 0 && (size_t)s->teacher < c->n_teachers ? &c->teachers[s->teacher] : NULL;
        char term[32];
        rotas__table_num(t, (double)(i + 1), 0);
        rotas__table_text(t, rotas__teacher_id(c, s->teacher));
        rotas__table_text(t, rotas__teacher_name(c, s->teacher));
        rotas__table_text(t, tc && tc->n_subjects ? rotas__subject_name(c, tc->subjects[0], lang)
                                                  : "");
        rotas__table_text(t, rotas__school_name(c, s->from));
        rotas__table_text(t, rotas__school_name(c, s->to));
        rotas__table_num(t, s->km, 1);
        snprintf(term, sizeof term, "%d", s->until);
        rotas__table_text(t, term);
    }
}

/* ---- timetable tables ---- */

void rotas__tt_lessons_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                             rotas_lang lang)
{
    static const int heads[] = {L_SCHOOL, L_CLASS,   L_DAY,        L_PERIOD,
                                L_TIME,   L_SUBJECT, L_TEACHER_ID, L_TEACHER};
    rotas__table_init(t, "lessons", L_SHEET_LESSONS, NCOLS(heads), heads);
    size_t *order = rotas__lesson_order(tt);
    if (tt->n_lessons && !order) {
        t->oom = 1;
        return;
    }
    rotas__buf b = {0};
    for (size_t i = 0; i < tt->n_lessons; i++) {
        const rotas_lesson *l = &tt->lessons[order[i]];
        char bell[32];
        rotas__table_text(t, rotas__school_name(c, l->school));
        rotas__buf_reset(&b);
        rotas__class_label(&b, c, l->klass, lang);
        rotas__table_text(t, rotas__buf_str(&b));
        rotas__table_text(t, rotas__day_label(l->day, lang));
        rotas__table_num(t, l->period + 1, 0);
        rotas__bell_text(bell, sizeof bell, c, l->school, l->period);
        rotas__table_text(t, bell);
        rotas__table_text(t, rotas__subject_name(c, l->subject, lang));
        rotas__table_text(t, rotas__teacher_id(c, l->teacher));
        rotas__table_text(t, rotas__teacher_name(c, l->teacher));
    }
    if (b.oom)
        t->oom = 1;
    rotas__buf_free(&b);
    free(order);
}

static const rotas_timetable *sort_routes_tt;
static const rotas_county *sort_routes_c;
static int cmp_route(const void *a, const void *b)
{
    const rotas_route *x = &sort_routes_tt->routes[*(const size_t *)a];
    const rotas_route *y = &sort_routes_tt->routes[*(const size_t *)b];
    int r = strcmp(rotas__teacher_id(sort_routes_c, x->teacher),
                   rotas__teacher_id(sort_routes_c, y->teacher));
    if (r)
        return r;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

void rotas__tt_routes_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                            rotas_lang lang)
{
    static const int heads[] = {L_TEACHER_ID, L_TEACHER, L_DAY, L_ROUTE, L_KM, L_MINUTES};
    rotas__table_init(t, "routes", L_ROUTES_DAY, NCOLS(heads), heads);
    size_t *order = tt->n_routes ? malloc(tt->n_routes * sizeof *order) : NULL;
    if (tt->n_routes && !order) {
        t->oom = 1;
        return;
    }
    for (size_t i = 0; i < tt->n_routes; i++)
        order[i] = i;
    sort_routes_tt = tt;
    sort_routes_c = c;
    if (order)
        qsort(order, tt->n_routes, sizeof *order, cmp_route);
    rotas__buf b = {0};
    for (size_t i = 0; i < tt->n_routes; i++) {
        const rotas_route *r = &tt->routes[order[i]];
        rotas__table_text(t, rotas__teacher_id(c, r->teacher));
        rotas__table_text(t, rotas__teacher_name(c, r->teacher));
        rotas__table_text(t, rotas__day_label(r->day, lang));
        rotas__buf_reset(&b);
        for (size_t k = 0; k < r->n_schools; k++) {
            if (k)
                rotas__buf_puts(&b, " → ");
            rotas__buf_puts(&b, rotas__school_name(c, r->schools[k]));
        }
        rotas__table_text(t, rotas__buf_str(&b));
        rotas__table_num(t, r->km, 1);
        rotas__table_num(t, r->minutes, 0);
    }
    if (b.oom)
        t->oom = 1;
    rotas__buf_free(&b);
    free(order);
}

void rotas__tt_unscheduled_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                                 rotas_lang lang)
{
    static const int heads[] = {L_SCHOOL, L_CLASS, L_SUBJECT, L_PERIODS};
    rotas__table_init(t, "unscheduled", L_SHEET_UNSCHEDULED, NCOLS(heads), heads);
    rotas__buf b = {0};
    for (size_t i = 0; i < tt->n_unscheduled; i++) {
        const rotas_unscheduled *u = &tt->unscheduled[i];
        int school =
            u->klass >= 0 && (size_t)u->klass < c->n_classes ? c->classes[u->klass].school : -1;
        rotas__table_text(t, rotas__school_name(c, school));
        rotas__buf_reset(&b);
        rotas__class_label(&b, c, u->klass, lang);
        rotas__table_text(t, rotas__buf_str(&b));
        rotas__table_text(t, rotas__subject_name(c, u->subject, lang));
        rotas__table_num(t, u->periods, 0);
    }
    if (b.oom)
        t->oom = 1;
    rotas__buf_free(&b);
}

void rotas__tt_summary_table(rotas__table *t, const rotas_timetable *tt, const rotas_county *c,
                             rotas_lang lang)
{
    static const int heads[] = {L_ITEM, L_VALUE};
    rotas__table_init(t, "summary", L_SHEET_SUMMARY, NCOLS(heads), heads);
    item_text(t, L_CLUSTER, rotas__cluster_name(c, tt->cluster, lang), lang);
    {
        char st[160];
        item_text(t, L_STATUS,
                  rotas__plain_status(st, sizeof st, (int)tt->status, tt->gap, 0, lang), lang);
    }
    item_num(t, L_SECONDS, tt->seconds, 0, lang);
    item_num(t, L_LESSONS_N, (double)tt->n_lessons, 0, lang);
    long uns = 0;
    for (size_t i = 0; i < tt->n_unscheduled; i++)
        uns += tt->unscheduled[i].periods;
    item_num(t, L_UNSCHEDULED_N, (double)uns, 0, lang);
    item_num(t, L_CAPACITY_BOUND, tt->capacity_bound, 0, lang);
    item_num(t, L_SCHOOL_CHANGES, tt->school_changes, 0, lang);
    item_num(t, L_KM_TOTAL, tt->km, 1, lang);
}

/* ---- estimate ---- */

double *rotas__unfilled_estimate(const rotas_county *c, const rotas_policy *p, const int *school_of)
{
    size_t ns = c->n_schools, nj = c->n_subjects;
    if (!ns || !nj)
        return calloc(1, sizeof(double));
    double *need = calloc(ns * nj, sizeof *need);
    if (!need)
        return NULL;
    for (size_t k = 0; k < c->n_classes; k++) {
        const rotas_class *cl = &c->classes[k];
        if (cl->school < 0 || (size_t)cl->school >= ns)
            continue;
        for (size_t s = 0; s < nj; s++)
            need[(size_t)cl->school * nj + s] += rotas_class_periods(c, cl, (int)s);
    }
    for (size_t i = 0; i < c->n_teachers; i++) {
        const rotas_teacher *t = &c->teachers[i];
        int sc = school_of ? school_of[i] : t->school;
        if (sc < 0 || (size_t)sc >= ns || !t->n_subjects || t->subjects[0] < 0 ||
            (size_t)t->subjects[0] >= nj)
            continue;
        int cap = t->max_periods > 0 ? t->max_periods : p->default_max_periods;
        need[(size_t)sc * nj + (size_t)t->subjects[0]] -= cap;
    }
    for (size_t i = 0; i < ns * nj; i++)
        if (need[i] < 0)
            need[i] = 0;
    return need;
}
