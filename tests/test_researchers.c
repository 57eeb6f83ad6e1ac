/* test_researchers.c - researchers' links and visits: tiny counties against brute force, the
   MathProg twin, every rule broken on purpose caught by the checker, located input errors. */
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
#include "rotas/researchers.h"

/* Five schools: U1 in the county town, R1..R4 rural, one grade-3 class each (chinese 7,
   english 3 periods). R1's English teacher has 英语教研 on Wednesday afternoons. */
#define COUNTY_HEAD                                                                                                                                     \
    "{\"format\": \"rotas-county/1\", \"year\": 2026,"                                                                                                  \
    "\"subjects\": [{\"id\": \"chinese\", \"name\": \"语文\", \"shortage\": false},"                                                                  \
    "              {\"id\": \"english\", \"name\": \"英语\", \"shortage\": true}],"                                                                   \
    "\"curriculum\": [{\"grade\": 3, \"subject\": \"chinese\", \"periods\": 7},"                                                                        \
    "                {\"grade\": 3, \"subject\": \"english\", \"periods\": 3}],"                                                                        \
    "\"schools\": [" SCHOOL("U1", "urban", 24.00, 115.00) "," SCHOOL("R1", "rural", 24.10, 115.05) "," SCHOOL("R2", "rural", 24.05, 115.20) "," SCHOOL( \
        "R3", "rural", 24.20,                                                                                                                           \
        114.90) "," SCHOOL("R4", "rural", 23.90,                                                                                                        \
                           115.10) "],"                                                                                                                 \
                                   "\"teachers\": [" TEACHER("T1", "U1", "chinese", "") "," TEACHER(                                                    \
                                       "T2", "R1", "english",                                                                                           \
                                       ",\"unavailable\": [{\"day\": 3, \"start\": "                                                                    \
                                       "\"14:00\", \"end\": \"17:00\", \"reason\": "                                                                    \
                                       "\"英语教研\"}]") "," TEACHER("T3", "R2", "chinese",                                                             \
                                                                     "") "," TEACHER("T4", "R3",                                                        \
                                                                                     "chin"                                                             \
                                                                                     "ese",                                                             \
                                                                                     "") "," TEACHER("T5",                                              \
                                                                                                     "R4",                                              \
                                                                                                     "chinese",                                         \
                                                                                                     "") "]"

#define SCHOOL(id, area, lat, lon)                                                                 \
    "{\"id\": \"" id "\", \"name\": \"" id "\", \"kind\": \"complete_primary\", \"area\": \"" area \
    "\", \"cluster\": null, \"group\": null, \"hardship\": 0, \"lat\": " #lat ", \"lon\": " #lon   \
    ", \"students\": 30, \"staff_quota\": 2, \"classes\": [{\"id\": \"c1\", \"grades\": [3], "     \
    "\"students\": 30}]}"
#define TEACHER(id, school, subject, more)                                                         \
    "{\"id\": \"" id "\", \"name\": \"" id "\", \"gender\": \"F\", \"birth_year\": 1985, "         \
    "\"school\": \"" school "\", \"subjects\": [\"" subject "\"], \"role\": \"teacher\", "         \
    "\"school_since\": 2015, \"key\": false, \"degree\": \"bachelor\", \"title\": null, "          \
    "\"exempt\": null, \"exchange_until\": null" more "}"

/* The links case: three researchers, weak subjects given. */
static const char *links_county = COUNTY_HEAD
    ","
    "\"term\": {\"start\": \"2027-09-01\", \"end\": \"2027-10-31\"},"
    "\"holidays\": [{\"start\": \"2027-10-01\", \"end\": \"2027-10-07\", \"name\": \"国庆节\"}],"
    "\"weak_subjects\": [{\"school\": \"R1\", \"subjects\": [\"english\"]},"
    "                   {\"school\": \"R2\", \"subjects\": [\"english\", \"chinese\"]},"
    "                   {\"school\": \"R3\", \"subjects\": [\"chinese\"]}],"
    "\"researchers\": ["
    " {\"id\": \"P1\", \"level\": \"city\", \"subjects\": [\"english\"], \"lat\": 24.3, \"lon\": "
    "115.3,"
    "  \"max_links\": 2},"
    " {\"id\": \"P2\", \"level\": \"county\", \"subjects\": [\"chinese\"], \"base\": \"U1\","
    "  \"max_links\": 1, \"unavailable\": [\"2027-09-02\", {\"start\": \"2027-09-13\", \"end\": "
    "\"2027-09-17\"}]},"
    " {\"id\": \"P3\", \"level\": \"county\", \"subjects\": [\"chinese\", \"english\"], \"base\": "
    "\"U1\"}]}";

/* The calendar case: one researcher, two weeks with a holiday, two rural schools. */
static const char *cal_county = COUNTY_HEAD
    ","
    "\"term\": {\"start\": \"2027-09-06\", \"end\": \"2027-09-17\"},"
    "\"holidays\": [\"2027-09-10\"],"
    "\"weak_subjects\": [{\"school\": \"R1\", \"subjects\": [\"english\"]}],"
    "\"researchers\": [{\"id\": \"P1\", \"level\": \"county\", \"subjects\": [\"english\"],"
    " \"base\": \"U1\", \"max_links\": 2, \"unavailable\": [\"2027-09-07\"]}]}";

static rotas_county *load(const char *text, rotas_researchers_data **r)
{
    rotas_county *c = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_county_read_json_buffer(&c, text, strlen(text), "t.json", &d, &err);
    if (rc != ROTAS_OK)
        for (size_t i = 0; i < d.n_items; i++)
            fprintf(stderr, "%s\n", d.items[i]);
    assert_int_equal(rc, ROTAS_OK);
    assert_int_equal(rotas_researchers_data_read(r, c, NULL, &err), ROTAS_OK);
    rotas_diags_clear(&d);
    return c;
}

static rotas_researchers_result *plan(const rotas_county *c, const rotas_researchers_data *r,
                                      int visits, int min_links)
{
    rotas_researchers_options o;
    rotas_researchers_options_init(&o);
    o.min_visits = visits;
    o.min_links = min_links;
    o.time_limit = 20;
    rotas_researchers_result *res = NULL;
    rotas_error err = {0};
    rotas_rc rc = rotas_researchers_plan(&res, c, r, &o, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, ROTAS_OK);
    rotas_diags v = {0};
    size_t n = rotas_check_researchers(c, r, res, &v);
    for (size_t i = 0; i < v.n_items; i++)
        fprintf(stderr, "check: %s\n", v.items[i]);
    assert_int_equal(n, 0);
    rotas_diags_clear(&v);
    return res;
}

/* ---- brute force ---- */

static double km_bf(const rotas_county *c, const rotas_researcher *R, int s)
{
    if (R->base >= 0)
        return rotas_county_km(c, R->base, s);
    double k = acos(-1) / 180, a1 = R->lat * k, a2 = c->schools[s].lat * k;
    double x = sin((a2 - a1) / 2), y = sin((c->schools[s].lon - R->lon) * k / 2);
    return 1.3 * 2 * 6371.0 * asin(sqrt(x * x + cos(a1) * cos(a2) * y * y));
}

static int free_days(const rotas_researchers_data *r, const rotas_researcher *R, int t0, int t1)
{
    int n = 0;
    for (int d = t0; d <= t1; d++) {
        int ok = rotas_day_weekday(d) < 5 && !rotas_researchers_holiday(r, d);
        for (size_t k = 0; k < R->n_unavailable; k++)
            ok &= R->unavailable[k] != d;
        n += ok;
    }
    return n;
}

static void links_brute_force(void **state)
{
    (void)state;
    rotas_researchers_data *r = NULL;
    rotas_county *c = load(links_county, &r);
    rotas_researchers_result *res = plan(c, r, 5, 2);
    assert_int_equal(res->status, ROTAS_STATUS_OPTIMAL);

    /* every (researcher, rural school, subject) the school teaches */
    int tp[64], ts[64], tj[64], nt = 0, cap[8] = {0}, minl[8] = {0}, cand[8] = {0};
    double tk[64];
    for (size_t p = 0; p < r->n_researchers; p++) {
        const rotas_researcher *R = &r->researchers[p];
        cap[p] = free_days(r, R, res->term_start, res->term_end) / 5;
        if (R->max_links && cap[p] > R->max_links)
            cap[p] = R->max_links;
        for (size_t s = 0; s < c->n_schools; s++) {
            if (c->schools[s].area != ROTAS_AREA_RURAL)
                continue;
            cand[p]++;
            for (size_t k = 0; k < R->n_subjects; k++) {
                tp[nt] = (int)p;
                ts[nt] = (int)s;
                tj[nt] = R->subjects[k];
                tk[nt++] = km_bf(c, R, (int)s);
            }
        }
        minl[p] = 2 < cap[p] ? 2 : cap[p];
        if (minl[p] > cand[p])
            minl[p] = cand[p];
    }
    assert_int_equal(cap[1], 1); /* max_links */
    int eng = rotas_county_subject(c, "english"), chi = rotas_county_subject(c, "chinese");
    /* required weak subjects: R1 english, R2 english, R3 chinese */
    int qs[3] = {rotas_county_school(c, "R1"), rotas_county_school(c, "R2"),
                 rotas_county_school(c, "R3")};
    int qj[3] = {eng, eng, chi};
    double best = INFINITY;
    for (long m = 0; m < (1L << nt); m++) {
        int load[8] = {0}, ok = 1;
        double obj = 0;
        for (int i = 0; i < nt && ok; i++)
            if (m >> i & 1) {
                load[tp[i]]++;
                obj += tk[i];
                for (int k = 0; k < i; k++)
                    if ((m >> k & 1) && tp[k] == tp[i] && ts[k] == ts[i])
                        ok = 0;
            }
        int hi = 0, lo = 1000;
        for (size_t p = 0; p < r->n_researchers && ok; p++) {
            ok = load[p] >= minl[p] && load[p] <= cap[p];
            hi = load[p] > hi ? load[p] : hi;
            lo = load[p] < lo ? load[p] : lo;
        }
        if (!ok)
            continue;
        obj += 100.0 * (hi - lo);
        for (size_t s = 0; s < c->n_schools; s++) {
            if (c->schools[s].area != ROTAS_AREA_RURAL)
                continue;
            int linked = 0;
            for (int i = 0; i < nt; i++)
                linked |= (m >> i & 1) && ts[i] == (int)s;
            obj += linked ? 0 : 10000.0;
        }
        for (int q = 0; q < 3; q++) {
            int got = 0;
            for (int i = 0; i < nt; i++)
                got |= (m >> i & 1) && ts[i] == qs[q] && tj[i] == qj[q];
            obj += got ? 0 : 1000.0;
        }
        if (obj < best)
            best = obj;
    }
    assert_true(fabs(best - res->objective) < 1e-6);
    assert_int_equal(res->n_unlinked, 0);
    assert_int_equal(res->n_uncovered, 0);
    /* the R1 English link visits on Wednesdays only */
    for (size_t l = 0; l < res->n_links; l++)
        if (res->links[l].school == qs[0] && res->links[l].subject == eng) {
            assert_int_equal(res->links[l].research_day, 2);
            for (size_t v = 0; v < res->n_visits; v++)
                if (res->visits[v].link == (int)l)
                    assert_int_equal(rotas_day_weekday(res->visits[v].date), 2);
        }
    rotas_researchers_result_free(res);
    rotas_researchers_data_free(r);
    rotas_county_free(c);
}

/* The same model through glpsol and models/researchers.mod. */
static void links_mathprog_twin(void **state)
{
    (void)state;
    if (system("glpsol --version >/dev/null 2>&1") != 0)
        skip();
    rotas_researchers_data *r = NULL;
    rotas_county *c = load(links_county, &r);
    char dat[256], cmd[1024], line[256];
    snprintf(dat, sizeof dat, "%s/test_researchers_%d.dat", ROTAS_BUILD_DIR, (int)getpid());
    rotas_researchers_options o;
    rotas_researchers_options_init(&o);
    o.export_dat = dat;
    o.time_limit = 20;
    rotas_researchers_result *res = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_researchers_plan(&res, c, r, &o, &err), ROTAS_OK);
    snprintf(cmd, sizeof cmd, "glpsol -m %s/models/researchers.mod -d %s 2>&1", ROTAS_SOURCE_DIR,
             dat);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    double obj = NAN;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "objective ", 10))
            obj = strtod(line + 10, NULL);
    pclose(f);
    remove(dat);
    assert_true(fabs(obj - res->objective) < 1e-4 * (1 + fabs(obj)));
    rotas_researchers_result_free(res);
    rotas_researchers_data_free(r);
    rotas_county_free(c);
}

/* Calendar of one researcher against every choice of days. */
static void calendar_brute_force(void **state)
{
    (void)state;
    for (int V = 1; V <= 3; V++) {
        rotas_researchers_data *r = NULL;
        rotas_county *c = load(cal_county, &r);
        rotas_researchers_result *res = plan(c, r, V, 2);
        assert_int_equal(res->n_links, 2);
        int t0 = res->term_start, t1 = res->term_end, span = t1 - t0 + 1;
        int days[16], nd = 0;
        for (int d = t0; d <= t1; d++)
            if (rotas_day_weekday(d) < 5 && !rotas_researchers_holiday(r, d) &&
                d != r->researchers[0].unavailable[0])
                days[nd++] = d;
        assert_int_equal(nd, 8);
        /* candidate days per link: the research weekday where there is one */
        int cd[2][16], nc[2] = {0, 0};
        for (int l = 0; l < 2; l++)
            for (int i = 0; i < nd; i++)
                if (res->links[l].research_day < 0 ||
                    rotas_day_weekday(days[i]) == res->links[l].research_day)
                    cd[l][nc[l]++] = days[i];
        double best = INFINITY;
        for (int a = 0; a < (1 << nc[0]); a++)
            for (int b = 0; b < (1 << nc[1]); b++) {
                int na = __builtin_popcount((unsigned)a), nb = __builtin_popcount((unsigned)b);
                if (na > V || nb > V)
                    continue;
                int clash = 0;
                for (int i = 0; i < nc[0]; i++)
                    for (int k = 0; k < nc[1]; k++)
                        clash |= (a >> i & 1) && (b >> k & 1) && cd[0][i] == cd[1][k];
                if (clash)
                    continue;
                double obj = 1000.0 * (2 * V - na - nb);
                for (int l = 0; l < 2; l++) {
                    int m = l ? b : a, seen[8] = {0}, weeks[4] = {0};
                    for (int i = 0; i < nc[l]; i++)
                        if (m >> i & 1) {
                            weeks[(rotas_day_week_start(cd[l][i]) - rotas_day_week_start(t0)) /
                                  7]++;
                            seen[(long)(cd[l][i] - t0) * V / span] = 1;
                        }
                    for (int w = 0; w < 4; w++)
                        obj += weeks[w] > 1 ? 50.0 * (weeks[w] - 1) : 0;
                    for (int k = 0; k < V; k++)
                        obj += seen[k] ? 0 : 10.0;
                }
                if (obj < best)
                    best = obj;
            }
        assert_true(fabs(best - res->calendar_objective) < 1e-6);
        /* the MathProg twin, models/researcher_calendar.mod, on the same candidate days */
        if (system("glpsol --version >/dev/null 2>&1") == 0) {
            char dat[256], cmd[1024], line[256];
            snprintf(dat, sizeof dat, "%s/test_calendar_%d.dat", ROTAS_BUILD_DIR, (int)getpid());
            FILE *f = fopen(dat, "w");
            assert_non_null(f);
            fprintf(f, "data;\nparam V := %d;\nset L := l0 l1;\nset D :=", V);
            for (int i = 0; i < nd; i++)
                fprintf(f, " d%d", days[i]);
            fprintf(f, ";\nset C :=");
            for (int l = 0; l < 2; l++)
                for (int i = 0; i < nc[l]; i++)
                    fprintf(f, " (l%d, d%d)", l, cd[l][i]);
            fprintf(f, ";\nparam week :=");
            for (int i = 0; i < nd; i++)
                fprintf(f, " d%d %d", days[i], rotas_day_week_start(days[i]));
            fprintf(f, ";\nparam part :=");
            for (int i = 0; i < nd; i++)
                fprintf(f, " d%d %ld", days[i], (long)(days[i] - t0) * V / span);
            fprintf(f, ";\nend;\n");
            fclose(f);
            snprintf(cmd, sizeof cmd, "glpsol -m %s/models/researcher_calendar.mod -d %s 2>&1",
                     ROTAS_SOURCE_DIR, dat);
            FILE *p = popen(cmd, "r");
            assert_non_null(p);
            double obj = NAN;
            while (fgets(line, sizeof line, p))
                if (!strncmp(line, "objective ", 10))
                    obj = strtod(line + 10, NULL);
            pclose(p);
            remove(dat);
            assert_true(fabs(obj - res->calendar_objective) < 1e-6);
        }
        /* V = 3: only two Wednesdays for the English link, one visit short */
        if (V == 3)
            assert_true(res->n_shortfalls >= 1);
        rotas_researchers_result_free(res);
        rotas_researchers_data_free(r);
        rotas_county_free(c);
    }
}

/* ---- the checker ---- */

typedef struct fx {
    rotas_county *c;
    rotas_researchers_data *r;
    rotas_researchers_result *res;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->c = load(links_county, &f->r);
    f->res = plan(f->c, f->r, 5, 2);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    rotas_researchers_result_free(f->res);
    rotas_researchers_data_free(f->r);
    rotas_county_free(f->c);
    free(f);
    return 0;
}

/* Exactly the violations named, at least one each. */
static void expect(fx *f, const char *what)
{
    rotas_diags v = {0};
    size_t n = rotas_check_researchers(f->c, f->r, f->res, &v);
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

static int visit_of(const fx *f, int link)
{
    for (size_t i = 0; i < f->res->n_visits; i++)
        if (f->res->visits[i].link == link)
            return (int)i;
    return -1;
}

static void check_unlinked(void **state)
{
    fx *f = *state;
    /* drop the first link's school from every link: it becomes unlinked, unlisted */
    int s = f->res->links[0].school;
    for (size_t l = 0; l < f->res->n_links; l++)
        if (f->res->links[l].school == s)
            f->res->links[l].school = rotas_county_school(f->c, "U1");
    expect(f, "is not listed in unlinked[]");
}

static void check_weekend_holiday_day(void **state)
{
    fx *f = *state;
    int v = visit_of(f, 0);
    int d;
    rotas_day_parse("2027-09-04", &d); /* a Saturday */
    f->res->visits[v].date = d;
    expect(f, "a weekend day");
    rotas_day_parse("2027-10-04", &d); /* 国庆 */
    f->res->visits[v].date = d;
    expect(f, "a holiday (国庆节)");
    rotas_day_parse("2027-12-06", &d);
    f->res->visits[v].date = d;
    expect(f, "outside the term");
}

static void check_two_schools_a_day(void **state)
{
    fx *f = *state;
    /* two links of one researcher visited the same day */
    for (size_t a = 0; a < f->res->n_links; a++)
        for (size_t b = a + 1; b < f->res->n_links; b++)
            if (f->res->links[a].researcher == f->res->links[b].researcher) {
                f->res->visits[visit_of(f, (int)b)].date = f->res->visits[visit_of(f, (int)a)].date;
                expect(f, "visits two schools on");
                return;
            }
    fail_msg("no researcher with two links");
}

static void check_research_day(void **state)
{
    fx *f = *state;
    int eng = rotas_county_subject(f->c, "english"), r1 = rotas_county_school(f->c, "R1");
    for (size_t l = 0; l < f->res->n_links; l++)
        if (f->res->links[l].school == r1 && f->res->links[l].subject == eng) {
            f->res->visits[visit_of(f, (int)l)].date += 1; /* Thursday: still a school day */
            expect(f, "research half-day for english is on weekday 3");
            return;
        }
    fail_msg("no R1 English link");
}

static void check_subject_and_load(void **state)
{
    fx *f = *state;
    int p2 = -1;
    for (size_t p = 0; p < f->r->n_researchers; p++)
        if (!strcmp(f->r->researchers[p].id, "P2"))
            p2 = (int)p;
    /* give every link to P2 (chinese only, at most one link) */
    for (size_t l = 0; l < f->res->n_links; l++)
        f->res->links[l].researcher = p2;
    expect(f, "does not research english");
    expect(f, "free days allow 1");
}

static void check_counts(void **state)
{
    fx *f = *state;
    f->res->same_week++;
    expect(f, "summary same_week");
    f->res->same_week--;
    f->res->n_visits--; /* one visit fewer, no shortfall listed */
    expect(f, "4 visits and 0 listed missing, expected 5");
}

static void json_round_trip(void **state)
{
    fx *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/test_researchers_%d.json", ROTAS_BUILD_DIR, (int)getpid());
    rotas_error err = {0};
    assert_int_equal(rotas_researchers_write_json(f->res, f->c, f->r, path, &err), ROTAS_OK);
    rotas_researchers_result *back = NULL;
    rotas_diags d = {0}, v = {0};
    assert_int_equal(rotas_researchers_read_json(&back, path, f->c, f->r, &d, &err), ROTAS_OK);
    assert_int_equal(back->n_links, f->res->n_links);
    assert_int_equal(back->n_visits, f->res->n_visits);
    assert_true(fabs(back->objective - f->res->objective) < 1e-6);
    assert_int_equal(rotas_check_researchers(f->c, f->r, back, &v), 0);
    rotas_researchers_result_free(back);
    remove(path);
    rotas_diags_clear(&d);
    rotas_diags_clear(&v);
}

/* ---- input errors ---- */

static void bad_input(void **state)
{
    (void)state;
    static const struct {
        const char *tail, *message;
    } cases[] = {
        {"\"researchers\": [{\"id\": \"P1\", \"level\": \"city\", \"subjects\": [\"klingon\"], "
         "\"base\": \"U1\"}]}",
         "researchers[0].subjects[0]: expected the id of a subject in subjects[], found "
         "\"klingon\""},
        {"\"researchers\": [{\"id\": \"P1\", \"level\": \"province\", \"subjects\": [\"english\"], "
         "\"base\": \"U1\"}]}",
         "researchers[0].level: expected one of \"city\", \"county\", found \"province\""},
        {"\"researchers\": [{\"id\": \"P1\", \"level\": \"city\", \"subjects\": [\"english\"], "
         "\"base\": \"X9\"}]}",
         "researchers[0].base: expected the id of a school in schools[] (the researcher's base), "
         "found \"X9\""},
        {"\"researchers\": [{\"id\": \"P1\", \"level\": \"city\", \"subjects\": [\"english\"]}]}",
         "researchers[0]: missing required field \"base\""},
        {"\"term\": {\"start\": \"2027-09-01\", \"end\": \"2027-02-30\"}}",
         "term.end: expected a date \"YYYY-MM-DD\", found \"2027-02-30\""},
        {"\"term\": {\"start\": \"2027-09-01\", \"end\": \"2027-08-01\"}}",
         "term.end: expected a date on or after the start 2027-09-01, found \"2027-08-01\""},
        {"\"holidays\": [{\"start\": \"2027-10-01\", \"end\": 7}]}",
         "holidays[0].end: expected a date \"YYYY-MM-DD\", found 7"},
        {"\"weak_subjects\": [{\"school\": \"R1\", \"subjects\": [\"english\", \"english\"]}]}",
         "weak_subjects[0].subjects[1]: expected each subject once, found \"english\" again"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[8192];
        snprintf(text, sizeof text, "%s,%s", COUNTY_HEAD, cases[i].tail);
        rotas_county *c = NULL;
        rotas_diags d = {0};
        rotas_error err = {0};
        rotas_rc rc = rotas_county_read_json_buffer(&c, text, strlen(text), "t.json", &d, &err);
        assert_int_equal(rc, ROTAS_EINPUT);
        assert_null(c);
        int found = 0;
        for (size_t k = 0; k < d.n_items; k++)
            found |= strstr(d.items[k], cases[i].message) != NULL;
        if (!found)
            for (size_t k = 0; k < d.n_items; k++)
                fprintf(stderr, "got: %s\n", d.items[k]);
        assert_true(found);
        rotas_diags_clear(&d);
    }
}

/* A generated county with --programmes: deterministic, and planned and checked. */
static void generated(void **state)
{
    (void)state;
    rotas_gen_options o = {0};
    o.schools = 30;
    o.seed = 5;
    o.constraints = 1;
    rotas_county *a = NULL, *b = NULL;
    rotas_error err = {0};
    assert_int_equal(rotas_gen_county(&a, &o, &err), ROTAS_OK);
    assert_int_equal(rotas_gen_programmes(a, o.seed, &err), ROTAS_OK);
    assert_int_equal(rotas_gen_county(&b, &o, &err), ROTAS_OK);
    assert_int_equal(rotas_gen_programmes(b, o.seed, &err), ROTAS_OK);
    assert_string_equal(a->extra, b->extra);
    rotas_researchers_data *r = NULL;
    assert_int_equal(rotas_researchers_data_read(&r, a, NULL, &err), ROTAS_OK);
    assert_true(r->n_researchers >= 2);
    assert_true(r->term_start > 0);
    rotas_researchers_result *res = plan(a, r, 5, 2);
    assert_int_equal(res->n_unlinked, 0);
    rotas_researchers_result_free(res);
    rotas_researchers_data_free(r);
    rotas_county_free(a);
    rotas_county_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(links_brute_force),
        cmocka_unit_test(links_mathprog_twin),
        cmocka_unit_test(calendar_brute_force),
        cmocka_unit_test_setup_teardown(check_unlinked, setup, teardown),
        cmocka_unit_test_setup_teardown(check_weekend_holiday_day, setup, teardown),
        cmocka_unit_test_setup_teardown(check_two_schools_a_day, setup, teardown),
        cmocka_unit_test_setup_teardown(check_research_day, setup, teardown),
        cmocka_unit_test_setup_teardown(check_subject_and_load, setup, teardown),
        cmocka_unit_test_setup_teardown(check_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(json_round_trip, setup, teardown),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(generated),
    };
    return cmocka_run_group_tests_name("researchers", tests, NULL, NULL);
}
