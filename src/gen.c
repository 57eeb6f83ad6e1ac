/*
 * gen.c - the synthetic county generator.
 *
 * One seed gives one county, byte for byte: all randomness comes from a xoshiro256** stream
 * seeded through splitmix64, and every structural choice (how many schools sit in the county
 * town, how big clusters are, how well rural schools are staffed, which travel pairs are
 * missing, which schools ring a different bell) is drawn from that stream, so that two seeds
 * give counties of different shape, not the same shape with other numbers.
 *
 * Layout: the county town (urban primaries, urban juniors, sometimes a nine-year school; no
 * cluster) at the centre; townships 5-40 km out (further in large counties), each with a
 * central primary that heads a cluster of 3-12 schools (village complete primaries and
 * teaching points 2-15 km around it, sometimes the township's nine-year school) and a junior
 * middle outside the cluster. Some county-town schools lead education groups of rural schools.
 */
#include "i18n_int.h"
#include "rotas/gen.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers: splitmix64 seeding a xoshiro256** stream ---- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void rng_seed(rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

/* Uniform in [0, 1). */
static double unif(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [lo, hi]. */
static int irange(rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (int)(rng_next(r) % span);
}

static double drange(rng *r, double lo, double hi)
{
    return lo + (hi - lo) * unif(r);
}

static int chance(rng *r, double p)
{
    return unif(r) < p;
}

/* ---- subjects and the 2022 curriculum ---- */

enum {
    SUB_CHINESE,
    SUB_MATH,
    SUB_ENGLISH,
    SUB_MORALITY,
    SUB_SCIENCE,
    SUB_MUSIC,
    SUB_ART,
    SUB_PE,
    SUB_IT,
    SUB_PSYCH,
    SUB_LABOUR,
    SUB_PHYSICS,
    SUB_CHEMISTRY,
    SUB_HISTORY,
    SUB_GEOGRAPHY,
    SUB_BIOLOGY,
    N_SUB
};

static const struct {
    const char *id, *name;
    int shortage;
} subject_table[N_SUB] = {
    {"chinese", "语文", 0},
    {"math", "数学", 0},
    {"english", "英语", 1},
    {"morality", "道德与法治", 0},
    {"science", "科学", 0},
    {"music", "音乐", 1},
    {"art", "美术", 1},
    {"pe", "体育与健康", 1},
    {"it", "信息科技", 1},
    {"psychology", "心理健康", 1},
    {"labour", "劳动与综合实践", 0},
    {"physics", "物理", 0},
    {"chemistry", "化学", 0},
    {"history", "历史", 0},
    {"geography", "地理", 0},
    {"biology", "生物", 0},
};

/* Weekly periods per grade (rows 1..9) and subject; totals 26, 30, 34. The same rows ship as
   datasets/curriculum-2022.csv. */
static const int curriculum[ROTAS_MAX_GRADE + 1][N_SUB] = {
    /*        chi mat eng mor sci mus art pe  it  psy lab phy che his geo bio */
    [1] = {8, 4, 0, 2, 1, 2, 2, 4, 0, 0, 3, 0, 0, 0, 0, 0},
    [2] = {8, 4, 0, 2, 1, 2, 2, 4, 0, 0, 3, 0, 0, 0, 0, 0},
    [3] = {7, 4, 3, 2, 2, 2, 2, 3, 1, 1, 3, 0, 0, 0, 0, 0},
    [4] = {7, 4, 3, 2, 2, 2, 2, 3, 1, 1, 3, 0, 0, 0, 0, 0},
    [5] = {6, 5, 3, 2, 2, 2, 2, 3, 1, 1, 3, 0, 0, 0, 0, 0},
    [6] = {6, 5, 3, 2, 2, 2, 2, 3, 1, 1, 3, 0, 0, 0, 0, 0},
    [7] = {6, 5, 4, 2, 0, 1, 1, 3, 1, 1, 3, 0, 0, 2, 2, 3},
    [8] = {5, 5, 4, 2, 0, 1, 1, 3, 1, 1, 2, 3, 0, 2, 2, 2},
    [9] = {6, 6, 4, 2, 0, 1, 1, 3, 0, 1, 2, 3, 3, 2, 0, 0},
};

/* ---- names ---- */

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蔡", "蒋", "余", "叶", "杜",
    "魏", "钟", "廖", "邱", "温", "古", "赖", "巫", "丘", "练", "骆", "刁"};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玲", "红", "鹏", "辉", "婷", "燕",
    "建", "国", "志", "文", "斌", "宇", "浩", "凯", "晨", "欣", "雪", "梅", "琳", "萍", "春",
    "海", "波", "俊", "峰", "丹", "慧", "佳", "嘉", "思", "雨", "晓", "嘉", "振", "荣", "坤"};
static const char *const place[] = {
    "龙", "田", "石", "门", "东", "西", "南", "北", "上", "下", "坪", "岭", "坑", "塘", "溪",
    "河", "水", "山", "黄", "青", "新", "丰", "安", "和", "平", "贝", "岗", "埔", "洞", "口",
    "车", "佗", "鹤", "麻", "紫", "登", "云", "枫", "竹", "梅", "铁", "横", "径", "陂", "湖",
    "岩", "峰", "洋", "汤", "桥", "林", "高", "罗", "黎", "沙", "柏", "樟", "圩", "福", "义"};
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const urban_primary_names[] = {"实验小学", "城南小学", "城北小学",
                                                  "城东小学", "城西小学", "新城小学"};
static const char *const title_names[] = {"三级教师", "二级教师", "一级教师", "高级教师",
                                          "正高级教师"};
static const char *const degree_names[] = {"", "secondary", "college", "bachelor", "master"};

/* ---- bells ---- */

#define HM(h, m) ((h)*60 + (m))
static const rotas_bell_period bell_rural_a[] = {
    {HM(8, 30), HM(9, 10)},  {HM(9, 20), HM(10, 0)},  {HM(10, 30), HM(11, 10)},
    {HM(11, 20), HM(12, 0)}, {HM(15, 0), HM(15, 40)}, {HM(15, 55), HM(16, 35)}};
static const rotas_bell_period bell_rural_b[] = {{HM(8, 10), HM(8, 50)},   {HM(9, 0), HM(9, 40)},
                                                 {HM(10, 10), HM(10, 50)}, {HM(11, 0), HM(11, 40)},
                                                 {HM(14, 30), HM(15, 10)}, {HM(15, 20), HM(16, 0)}};
static const rotas_bell_period bell_primary7[] = {{HM(8, 0), HM(8, 40)},   {HM(8, 50), HM(9, 30)},
                                                  {HM(9, 55), HM(10, 35)}, {HM(10, 45), HM(11, 25)},
                                                  {HM(14, 20), HM(15, 0)}, {HM(15, 10), HM(15, 50)},
                                                  {HM(16, 0), HM(16, 40)}};
static const rotas_bell_period bell_junior8[] = {
    {HM(7, 50), HM(8, 35)},   {HM(8, 45), HM(9, 30)},  {HM(9, 50), HM(10, 35)},
    {HM(10, 45), HM(11, 30)}, {HM(14, 0), HM(14, 45)}, {HM(14, 55), HM(15, 40)},
    {HM(15, 50), HM(16, 35)}, {HM(16, 45), HM(17, 30)}};

/* ---- the generator's working state ---- */

/* Structural parameters, drawn from the seed. */
typedef struct params {
    double lat0, lon0;     /* county town */
    double urban_share;    /* share of schools in the county town */
    double urban_junior;   /* share of county-town schools that are junior middles */
    double cluster_mean;   /* mean number of schools around a central primary */
    double tp_share;       /* share of teaching points among village schools */
    double junior_in_town; /* probability a township has its own junior middle */
    double nine_year;      /* probability the township's junior school is a nine-year school */
    double radius_max;     /* km from the county town to the furthest township */
    double village_spread; /* km around the central primary */
    int urban_classes_lo, urban_classes_hi; /* classes per grade in county-town primaries */
    double staff[ROTAS_AREA_COUNT];         /* staffing level (teachers / quota) by area */
    double town_keep;     /* probability a township school keeps a shortage specialist */
    double itinerant;     /* share of its villages' shortage periods a central primary staffs */
    double urban_surplus; /* weight of shortage subjects when staffing county-town schools */
    double rural_spec;    /* probability a village school has a shortage specialist */
    double key_share[ROTAS_AREA_COUNT];
    double lead_long;  /* share of leaders more than 10 years in post */
    double pref_share; /* share of teachers stating preferences */
    double exempt_share;
    double exchange_share;
    double missing_pairs; /* share of intra-cluster pairs left out of travel[] */
    double other_bell;    /* share of village schools with their own bell */
    double group_share;   /* share of county-town schools leading a group */
    double road;          /* road winding factor base */
    double per_school;    /* teachers a school, on average, that the county aims at */
    double coverage;      /* share of the county's weekly periods its teachers can cover */
    double over_quota;    /* share of schools with staff_quota below their teacher count */
    double covered_share; /* share of townships where every lesson has a teacher */
    int covered_count;    /* ... or this many (-1: use the share) */
    double multi;         /* share of primary teachers who are multi-subject class teachers */
    double one_teacher;   /* share of teaching points with a single teacher */
    double village_self;  /* share of a village's shortage periods its own staff covers */
    double lead_cohort;   /* probability that a school's leaders took office together */
    double own_max;       /* share of teachers with a max_periods of their own */
} params;

typedef struct gen {
    rng r;
    params p;
    int year;
    rotas_county *c;
    double scale; /* on the classes per grade of multi-class schools, to hit per_school */
    size_t cap_schools, cap_classes, cap_teachers, cap_travel;
    /* per school: township number (-1 urban) and km from the county town */
    int *township;
    double *dist;
    char **township_names;
    size_t n_townships;
    /* per school: a teaching point kept by one teacher; share of its own planned periods the
       staff covers (non-shortage, shortage); periods its cluster's central school adds for it
       (itinerant); per township: every lesson covered */
    unsigned char *one_teacher;
    double *plan_other, *plan_short, *plan_itin;
    unsigned char *covered;
} gen;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    memset((char *)q + *cap * elem, 0, (n - *cap) * elem);
    *p = q;
    *cap = n;
    return 0;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        return NULL;
    return rotas_strdup(buf);
}

/* x to a multiple of unit (1, 0.1, 1e-4, ...) as the double nearest that decimal (so that
   it prints short: 24.4, not 24.400000000000002). */
static double round_to(double x, double unit)
{
    return floor(x / unit + 0.5) / floor(1.0 / unit + 0.5);
}

static void offset(const params *p, double km_x, double km_y, double *lat, double *lon)
{
    const double rad = 3.14159265358979323846 / 180.0;
    *lat = round_to(p->lat0 + km_y / 111.0, 1e-5);
    *lon = round_to(p->lon0 + km_x / (111.0 * cos(p->lat0 * rad)), 1e-5);
}

static double straight_km(const rotas_school *a, const rotas_school *b)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dy = (a->lat - b->lat) * 111.0;
    double dx = (a->lon - b->lon) * 111.0 * cos((a->lat + b->lat) / 2 * rad);
    return sqrt(dx * dx + dy * dy);
}

static void draw_params(gen *g, int n)
{
    rng *r = &g->r;
    params *p = &g->p;
    p->lat0 = round_to(drange(r, 22.5, 27.5), 1e-4);
    p->lon0 = round_to(drange(r, 109.0, 118.0), 1e-4);
    p->urban_share = drange(r, 0.07, 0.15);
    p->urban_junior = drange(r, 0.25, 0.45);
    p->cluster_mean = drange(r, 3.0, 8.5);
    p->tp_share = drange(r, 0.1, 0.65);
    p->junior_in_town = drange(r, 0.7, 1.0);
    p->nine_year = drange(r, 0.0, 0.35);
    p->radius_max = drange(r, 30.0, 42.0) * (n > 150 ? sqrt((double)n / 150.0) : 1.0);
    p->village_spread = drange(r, 6.0, 15.0);
    p->urban_classes_lo = irange(r, 2, 4);
    p->urban_classes_hi = p->urban_classes_lo + irange(r, 1, 3);
    p->staff[ROTAS_AREA_URBAN] = drange(r, 1.0, 1.12);
    p->staff[ROTAS_AREA_TOWN] = drange(r, 0.9, 1.05);
    p->staff[ROTAS_AREA_RURAL] = drange(r, 0.85, 1.0);
    p->town_keep = drange(r, 0.5, 0.9);
    p->rural_spec = drange(r, 0.04, 0.2);
    p->key_share[ROTAS_AREA_URBAN] = drange(r, 0.15, 0.25);
    p->key_share[ROTAS_AREA_TOWN] = drange(r, 0.07, 0.14);
    p->key_share[ROTAS_AREA_RURAL] = drange(r, 0.03, 0.08);
    p->lead_long = drange(r, 0.15, 0.4);
    p->pref_share = drange(r, 0.3, 0.5);
    p->exempt_share = drange(r, 0.01, 0.025);
    p->exchange_share = drange(r, 0.02, 0.04);
    p->missing_pairs = drange(r, 0.05, 0.15);
    p->other_bell = drange(r, 0.05, 0.4);
    p->group_share = drange(r, 0.25, 0.7);
    p->road = drange(r, 1.25, 1.45);
    p->per_school = drange(r, 15.5, 18.5);
    p->itinerant = drange(r, 0.2, 0.6);
    p->urban_surplus = drange(r, 1.1, 1.4);
    p->coverage = drange(r, 0.93, 0.985);
    p->over_quota = drange(r, 0.15, 0.25);
    p->covered_share = drange(r, 0.1, 0.25);
    p->covered_count = -1;
    p->multi = drange(r, 0.35, 0.65);
    p->one_teacher = drange(r, 0.2, 0.5);
    p->village_self = drange(r, 0.15, 0.45);
    p->lead_cohort = drange(r, 0.05, 0.15);
    p->own_max = drange(r, 0.06, 0.14);
}

/* ---- schools and classes ---- */

static int add_school(gen *g, rotas_school_kind kind, rotas_area area, int cluster, int town,
                      double dist, double lat, double lon, char *name)
{
    rotas_county *c = g->c;
    if (!name)
        return -1;
    if (c->n_schools >= g->cap_schools) { /* sized in advance by build_schools */
        free(name);
        return -1;
    }
    size_t i = c->n_schools;
    rotas_school *s = &c->schools[i];
    memset(s, 0, sizeof *s);
    s->id = fmt("S%03zu", i + 1);
    s->name = name;
    c->n_schools++;
    if (!s->id)
        return -1;
    s->kind = kind;
    s->area = area;
    s->cluster = cluster;
    s->group = -1;
    s->lat = lat;
    s->lon = lon;
    g->township[i] = town;
    g->dist[i] = dist;
    return (int)i;
}

static int add_class(gen *g, int school, const int *grades, size_t n_grades, int students, int seq)
{
    rotas_county *c = g->c;
    if (grow((void **)&c->classes, &g->cap_classes, c->n_classes + 1, sizeof *c->classes))
        return -1;
    rotas_class *k = &c->classes[c->n_classes];
    memset(k, 0, sizeof *k);
    k->school = school;
    for (size_t i = 0; i < n_grades; i++)
        k->grades[i] = grades[i];
    k->n_grades = n_grades;
    k->students = students;
    if (n_grades == 1)
        k->id = fmt("g%dc%d", grades[0], seq);
    else if (n_grades == 2)
        k->id = fmt("g%d%d", grades[0], grades[1]);
    else
        k->id = fmt("g%d%d%d", grades[0], grades[1], grades[2]);
    c->n_classes++;
    return k->id ? 0 : -1;
}

/* Classes of one grade: n classes (times the size scale) whose sizes lie in [lo, hi] (hi
   within the legal cap). */
static int add_grade(gen *g, int school, int grade, int n, int lo, int hi)
{
    n = (int)floor(n * g->scale + unif(&g->r)); /* rounded at random: the mean is n x scale */
    if (n < 1)
        n = 1;
    for (int k = 1; k <= n; k++)
        if (add_class(g, school, &grade, 1, irange(&g->r, lo, hi), k))
            return -1;
    return 0;
}

static int make_classes(gen *g, int s)
{
    rng *r = &g->r;
    const params *p = &g->p;
    rotas_school *sc = &g->c->schools[s];
    switch (sc->kind) {
    case ROTAS_KIND_URBAN_PRIMARY: {
        int per = irange(r, p->urban_classes_lo, p->urban_classes_hi);
        for (int gr = 1; gr <= 6; gr++) {
            int n = per + irange(r, -1, 1);
            if (add_grade(g, s, gr, n > 1 ? n : 1, 38, 45))
                return -1;
        }
        break;
    }
    case ROTAS_KIND_URBAN_JUNIOR: {
        int per = irange(r, p->urban_classes_lo + 1, p->urban_classes_hi + 2);
        for (int gr = 7; gr <= 9; gr++)
            if (add_grade(g, s, gr, per + irange(r, -1, 1), 44, 50))
                return -1;
        break;
    }
    case ROTAS_KIND_CENTRAL_PRIMARY: {
        int per = irange(r, 1, 3);
        for (int gr = 1; gr <= 6; gr++)
            if (add_grade(g, s, gr, per, per == 1 ? 25 : 30, 45))
                return -1;
        break;
    }
    case ROTAS_KIND_JUNIOR: {
        int per = irange(r, 2, 6);
        for (int gr = 7; gr <= 9; gr++)
            if (add_grade(g, s, gr, per, 36, 50))
                return -1;
        break;
    }
    case ROTAS_KIND_NINE_YEAR: {
        int urban = sc->area == ROTAS_AREA_URBAN;
        int pp = urban ? irange(r, 2, 4) : irange(r, 1, 2);
        int pj = urban ? irange(r, 2, 5) : irange(r, 1, 3);
        for (int gr = 1; gr <= 6; gr++)
            if (add_grade(g, s, gr, pp, urban ? 38 : 20, 45))
                return -1;
        for (int gr = 7; gr <= 9; gr++)
            if (add_grade(g, s, gr, pj, urban ? 44 : 30, 50))
                return -1;
        break;
    }
    case ROTAS_KIND_COMPLETE_PRIMARY: {
        int lo = irange(r, 8, 20), hi = lo + irange(r, 5, 15);
        for (int gr = 1; gr <= 6; gr++)
            if (add_class(g, s, &gr, 1, irange(r, lo, hi), 1))
                return -1;
        break;
    }
    case ROTAS_KIND_TEACHING_POINT: {
        /* 1-4 small classes, often multi-grade. */
        static const int shapes[][4][4] = {
            /* each class: n_grades, grades... ; n_grades 0 ends */
            {{2, 1, 2}, {0}},
            {{3, 1, 2, 3}, {0}},
            {{1, 1}, {1, 2}, {0}},
            {{2, 1, 2}, {2, 3, 4}, {0}},
            {{1, 1}, {1, 2}, {1, 3}, {0}},
            {{3, 1, 2, 3}, {3, 4, 5, 6}, {0}},
            {{1, 1}, {1, 2}, {2, 3, 4}, {0}},
            {{2, 1, 2}, {2, 3, 4}, {2, 5, 6}, {0}},
            {{1, 1}, {1, 2}, {1, 3}, {1, 4}},
            {{1, 1}, {0}},
        };
        /* a point kept by one teacher: one or two small multi-grade classes */
        static const int one_shapes[][4][4] = {
            {{2, 1, 2}, {0}},         {{3, 1, 2, 3}, {0}},         {{2, 3, 4}, {0}},
            {{2, 1, 2}, {0}},         {{2, 1, 2}, {2, 3, 4}, {0}}, {{3, 1, 2, 3}, {0}},
            {{1, 1}, {2, 2, 3}, {0}},
        };
        int one = chance(r, p->one_teacher);
        g->one_teacher[s] = (unsigned char)one;
        const int(*sh)[4] = one ? one_shapes[irange(r, 0, (int)N_OF(one_shapes) - 1)]
                                : shapes[irange(r, 0, (int)N_OF(shapes) - 1)];
        for (int k = 0; k < 4 && sh[k][0] > 0; k++) {
            int ng = sh[k][0];
            int lo = ng == 1 ? 4 : 6, hi = ng == 1 ? 15 : 20;
            if (one) {
                lo = ng == 1 ? 3 : 4;
                hi = ng == 1 ? 8 : 12;
            }
            if (add_class(g, s, &sh[k][1], (size_t)ng, irange(r, lo, hi), 1))
                return -1;
        }
        break;
    }
    default:
        break;
    }
    return 0;
}

/* Students and staff quota from the classes just made (the school's classes are the tail). */
static void staff_quota(gen *g, int s, size_t first)
{
    rotas_county *c = g->c;
    rotas_school *sc = &c->schools[s];
    int prim = 0, jun = 0;
    size_t n = c->n_classes - first;
    for (size_t k = first; k < c->n_classes; k++) {
        if (c->classes[k].grades[0] >= 7)
            jun += c->classes[k].students;
        else
            prim += c->classes[k].students;
    }
    sc->students = prim + jun;
    double q = prim / 19.0 + jun / 13.5;
    if (sc->students < 100 && q < 1.7 * (double)n)
        q = 1.7 * (double)n;
    sc->staff_quota = (int)floor(q + 0.5);
    if (sc->staff_quota < 1)
        sc->staff_quota = 1;
}

static int set_bell(gen *g, int s)
{
    rng *r = &g->r;
    rotas_school *sc = &g->c->schools[s];
    const rotas_bell_period *b = NULL;
    size_t n = 0;
    int junior = sc->kind == ROTAS_KIND_URBAN_JUNIOR || sc->kind == ROTAS_KIND_JUNIOR ||
                 sc->kind == ROTAS_KIND_NINE_YEAR;
    if (junior) {
        if (chance(r, g->p.other_bell * 0.8)) {
            b = bell_junior8;
            n = N_OF(bell_junior8);
        }
    } else if (sc->area == ROTAS_AREA_RURAL) {
        if (chance(r, g->p.other_bell)) {
            int k = irange(r, 0, 2);
            b = k == 0 ? bell_rural_a : k == 1 ? bell_rural_b : bell_primary7;
            n = k == 2 ? N_OF(bell_primary7) : N_OF(bell_rural_a);
        }
    } else if (chance(r, g->p.other_bell * 0.3)) {
        b = bell_primary7;
        n = N_OF(bell_primary7);
    }
    if (!b)
        return 0;
    sc->bell = malloc(n * sizeof *b);
    if (!sc->bell)
        return -1;
    memcpy(sc->bell, b, n * sizeof *b);
    sc->n_bell = n;
    return 0;
}

/* A name of two place syllables not yet in names[0..n). */
static void place_name(rng *r, char *buf, size_t size, char *const *names, size_t n,
                       const char *suffix)
{
    for (int tries = 0; tries < 50; tries++) {
        const char *a = place[irange(r, 0, (int)N_OF(place) - 1)];
        const char *b = place[irange(r, 0, (int)N_OF(place) - 1)];
        if (a == b)
            continue;
        snprintf(buf, size, "%s%s%s", a, b, suffix);
        size_t i = 0;
        while (i < n && strcmp(names[i], buf) != 0)
            i++;
        if (i == n)
            return;
    }
    snprintf(buf, size, "%s%s%zu%s", place[0], place[1], n, suffix);
}

static int build_schools(gen *g, int n_target)
{
    rng *r = &g->r;
    const params *p = &g->p;
    rotas_county *c = g->c;
    int rc = -1;
    char buf[128];
    char **village = NULL;
    size_t n_village = 0;
    /* The count of each part first, so that the total is about n_target. */
    int urban = (int)floor(n_target * p->urban_share + 0.5);
    if (urban < 2)
        urban = 2;
    int rest = n_target - urban;
    if (rest < 3) {
        rest = 3;
        urban = n_target - 3 >= 2 ? n_target - 3 : 2;
    }

    size_t cap = (size_t)n_target + 16;
    g->township = calloc(cap, sizeof *g->township);
    g->dist = calloc(cap, sizeof *g->dist);
    g->one_teacher = calloc(cap, 1);
    g->plan_other = calloc(cap, sizeof *g->plan_other);
    g->plan_short = calloc(cap, sizeof *g->plan_short);
    g->plan_itin = calloc(cap, sizeof *g->plan_itin);
    c->schools = calloc(cap, sizeof *c->schools);
    g->township_names = calloc((size_t)n_target, sizeof *g->township_names);
    village = calloc(64, sizeof *village);
    if (!g->township || !g->dist || !c->schools || !g->township_names || !village ||
        !g->one_teacher || !g->plan_other || !g->plan_short || !g->plan_itin)
        goto done;
    g->cap_schools = cap;

    /* County town. */
    int n_junior = (int)floor(urban * p->urban_junior + 0.5);
    if (n_junior < 1)
        n_junior = 1;
    int n_nine = urban >= 6 && chance(r, 0.5) ? 1 : 0;
    int n_primary = urban - n_junior - n_nine;
    if (n_primary < 1) {
        n_primary = 1;
        n_junior = urban - 1 - n_nine;
    }
    double town_r = 1.5 + 0.5 * sqrt((double)urban);
    for (int i = 0; i < urban; i++) {
        double ang = drange(r, 0, 2 * 3.14159265358979323846);
        double d = town_r * sqrt(unif(r)) + 0.2;
        double lat, lon;
        offset(p, d * cos(ang), d * sin(ang), &lat, &lon);
        rotas_school_kind kind;
        char *name;
        if (i < n_primary) {
            kind = ROTAS_KIND_URBAN_PRIMARY;
            name = (size_t)i < N_OF(urban_primary_names)
                       ? fmt("%s", urban_primary_names[i])
                       : fmt("城关第%d小学", i - (int)N_OF(urban_primary_names) + 1);
        } else if (i < n_primary + n_junior) {
            kind = ROTAS_KIND_URBAN_JUNIOR;
            name = i == n_primary ? fmt("实验中学") : fmt("城关第%d中学", i - n_primary);
        } else {
            kind = ROTAS_KIND_NINE_YEAR;
            name = fmt("城关九年一贯制学校");
        }
        if (add_school(g, kind, ROTAS_AREA_URBAN, -1, -1, d, lat, lon, name) < 0)
            goto done;
        c->schools[c->n_schools - 1].hardship = 0;
    }

    /* Townships, each with one cluster: sizes drawn first, then placed around the centre. */
    int n_town = 0;
    int sizes[2048][3]; /* per township: cluster others, has junior, nine-year */
    while (rest >= 3 && n_town < 2048) {
        /* others: village schools around the central primary (the cluster also holds the
           central primary and, for a nine-year township, its nine-year school) */
        int others = (int)floor(p->cluster_mean + drange(r, -2.5, 2.5) + 0.5);
        if (others < 2)
            others = 2;
        if (others > 11)
            others = 11;
        int junior = chance(r, p->junior_in_town);
        int nine = junior && chance(r, p->nine_year);
        if (nine && others > 10)
            others = 10;
        int need = 1 + others + junior;
        if (need > rest) {
            junior = rest >= 4 ? junior : 0;
            nine = nine && junior;
            others = rest - 1 - junior;
            if (others < 2) {
                others = 2;
                junior = 0;
                nine = 0;
            }
        }
        rest -= 1 + others + junior;
        /* leftovers too small for a cluster join this one */
        if (rest > 0 && rest < 3 && others + rest <= 11 - nine) {
            others += rest;
            rest = 0;
        }
        sizes[n_town][0] = others;
        sizes[n_town][1] = junior;
        sizes[n_town][2] = nine;
        n_town++;
    }
    if (rest > 0 && rest < 3) {
        /* still left over (the last cluster was full): more county-town primaries */
        for (int i = 0; i < rest; i++) {
            double ang = drange(r, 0, 6.283185307179586), d = town_r * sqrt(unif(r)) + 0.2;
            double lat, lon;
            offset(p, d * cos(ang), d * sin(ang), &lat, &lon);
            if (add_school(g, ROTAS_KIND_URBAN_PRIMARY, ROTAS_AREA_URBAN, -1, -1, d, lat, lon,
                           fmt("城关第%d小学", 90 + i)) < 0)
                goto done;
        }
    }

    c->clusters = calloc((size_t)n_town ? (size_t)n_town : 1, sizeof *c->clusters);
    if (!c->clusters)
        goto done;
    double phase = drange(r, 0, 6.283185307179586);
    for (int t = 0; t < n_town; t++) {
        int others = sizes[t][0], junior = sizes[t][1], nine = sizes[t][2];
        place_name(r, buf, sizeof buf, g->township_names, (size_t)t, chance(r, 0.7) ? "镇" : "乡");
        g->township_names[t] = rotas_strdup(buf);
        if (!g->township_names[t])
            goto done;
        g->n_townships = (size_t)t + 1;
        const char *tn = g->township_names[t];
        /* rings of townships: spread angles, radius 5..radius_max */
        double ang = phase + 6.283185307179586 * (t + drange(r, -0.3, 0.3)) / n_town;
        double dist = 5.0 + (p->radius_max - 5.0) * sqrt(drange(r, 0.05, 1.0));
        double tx = dist * cos(ang), ty = dist * sin(ang);
        double lat, lon;
        rotas_cluster *cl = &c->clusters[t];
        cl->id = fmt("C%02d", t + 1);
        cl->name = fmt("%s片区", tn);
        cl->declared = 1;
        c->n_clusters++;
        if (!cl->id || !cl->name)
            goto done;
        offset(p, tx, ty, &lat, &lon);
        int central = add_school(g, ROTAS_KIND_CENTRAL_PRIMARY, ROTAS_AREA_TOWN, t, t, dist, lat,
                                 lon, fmt("%s中心小学", tn));
        if (central < 0)
            goto done;
        cl->central = central;
        c->schools[central].hardship = dist > 0.6 * p->radius_max ? irange(r, 0, 1) : 0;
        if (junior) {
            double a2 = drange(r, 0, 6.283185307179586), d2 = drange(r, 0.3, 2.0);
            offset(p, tx + d2 * cos(a2), ty + d2 * sin(a2), &lat, &lon);
            int j = add_school(g, nine ? ROTAS_KIND_NINE_YEAR : ROTAS_KIND_JUNIOR, ROTAS_AREA_TOWN,
                               nine ? t : -1, t, dist, lat, lon,
                               nine ? fmt("%s九年一贯制学校", tn) : fmt("%s中学", tn));
            if (j < 0)
                goto done;
            c->schools[j].hardship = c->schools[central].hardship;
        }
        n_village = 0;
        for (int v = 0; v < others; v++) {
            int tp = chance(r, p->tp_share);
            double a2 = drange(r, 0, 6.283185307179586);
            double d2 = 2.0 + (p->village_spread - 2.0) * sqrt(unif(r));
            offset(p, tx + d2 * cos(a2), ty + d2 * sin(a2), &lat, &lon);
            place_name(r, buf, sizeof buf, village, n_village, "");
            if (n_village < 64 && !(village[n_village] = rotas_strdup(buf)))
                goto done;
            n_village++;
            int vs =
                add_school(g, tp ? ROTAS_KIND_TEACHING_POINT : ROTAS_KIND_COMPLETE_PRIMARY,
                           ROTAS_AREA_RURAL, t, t, hypot(tx + d2 * cos(a2), ty + d2 * sin(a2)), lat,
                           lon, tp ? fmt("%s%s教学点", tn, buf) : fmt("%s%s小学", tn, buf));
            if (vs < 0)
                goto done;
            int h = g->dist[vs] > 0.55 * p->radius_max ? irange(r, 2, 3) : irange(r, 1, 2);
            if (tp && h < 3 && chance(r, 0.5))
                h++;
            c->schools[vs].hardship = h;
        }
        for (size_t v = 0; v < n_village && v < 64; v++) {
            free(village[v]);
            village[v] = NULL;
        }
    }
    rc = 0;
done:
    if (village)
        for (size_t v = 0; v < 64; v++)
            free(village[v]);
    free(village);
    return rc;
}

/* ---- groups ---- */

static int build_groups(gen *g)
{
    rng *r = &g->r;
    rotas_county *c = g->c;
    size_t urban = 0;
    for (size_t s = 0; s < c->n_schools; s++)
        if (c->schools[s].area == ROTAS_AREA_URBAN)
            urban++;
    size_t want = (size_t)floor((double)urban * g->p.group_share + 0.5);
    if (want < 1)
        want = 1;
    c->groups = calloc(want, sizeof *c->groups);
    if (!c->groups)
        return -1;
    /* leaders: the first urban schools in a seed-shuffled order */
    int *order = malloc(c->n_schools * sizeof *order);
    if (!order)
        return -1;
    size_t n_order = 0;
    for (size_t s = 0; s < c->n_schools; s++)
        if (c->schools[s].area == ROTAS_AREA_URBAN)
            order[n_order++] = (int)s;
    for (size_t i = n_order; i > 1; i--) {
        size_t j = (size_t)irange(r, 0, (int)i - 1);
        int t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    int rc = 0;
    for (size_t k = 0; k < n_order && c->n_groups < want; k++) {
        int lead = order[k];
        int junior = c->schools[lead].kind != ROTAS_KIND_URBAN_PRIMARY;
        int members = 0, target = irange(r, 2, 5);
        int gi = (int)c->n_groups;
        /* members: schools of the same stage not yet in a group, from a random cluster on */
        size_t start = (size_t)irange(r, 0, (int)c->n_schools - 1);
        for (size_t m = 0; m < c->n_schools && members < target; m++) {
            size_t s = (start + m) % c->n_schools;
            rotas_school *sc = &c->schools[s];
            if (sc->area == ROTAS_AREA_URBAN || sc->group >= 0)
                continue;
            int sj = sc->kind == ROTAS_KIND_JUNIOR || sc->kind == ROTAS_KIND_NINE_YEAR;
            if (sj != junior || chance(r, 0.4))
                continue;
            sc->group = gi;
            members++;
        }
        if (members == 0)
            continue;
        c->schools[lead].group = gi;
        c->groups[gi].head = lead; /* the county-town school leads and dispatches */
        c->groups[gi].id = fmt("G%02d", gi + 1);
        c->n_groups++;
        if (!c->groups[gi].id) {
            rc = -1;
            break;
        }
    }
    free(order);
    return rc;
}

/* ---- teachers ---- */

/* Weekly load assumed when turning periods into teachers. */
static double load_of(int subject, int junior)
{
    if (!junior)
        return subject == SUB_CHINESE || subject == SUB_MATH ? 14.0 : 16.0;
    if (subject == SUB_CHINESE || subject == SUB_MATH || subject == SUB_ENGLISH)
        return 12.0;
    if (subject == SUB_MUSIC || subject == SUB_ART || subject == SUB_IT)
        return 16.0;
    return 14.0;
}

static int has_subject(const rotas_teacher *t, int s)
{
    for (size_t i = 0; i < t->n_subjects; i++)
        if (t->subjects[i] == s)
            return 1;
    return 0;
}

static int add_subject(rotas_teacher *t, int s)
{
    if (has_subject(t, s))
        return 0;
    int *p = realloc(t->subjects, (t->n_subjects + 1) * sizeof *p);
    if (!p)
        return -1;
    t->subjects = p;
    t->subjects[t->n_subjects++] = s;
    return 0;
}

static int pick_weighted(rng *r, const double *w, int n)
{
    double total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    double x = unif(r) * total;
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* Age, tenure, title, degree, key level and the other personal fields of teacher t. */
static int person(gen *g, rotas_teacher *t, const rotas_school *sc, int junior)
{
    rng *r = &g->r;
    int Y = g->year;
    rotas_area area = sc->area;
    double female = area == ROTAS_AREA_URBAN ? 0.72 : area == ROTAS_AREA_TOWN ? 0.6 : 0.45;
    t->gender = chance(r, female) ? 'F' : 'M';
    int age;
    double u = unif(r);
    double young = area == ROTAS_AREA_RURAL ? 0.35 : 0.25;
    double old = area == ROTAS_AREA_RURAL ? 0.32 : 0.25;
    if (u < young)
        age = irange(r, 22, 30);
    else if (u < 1 - old)
        age = irange(r, 31, 47);
    else
        age = irange(r, 48, 60);
    if (t->gender == 'F' && age > 55)
        age = irange(r, 48, 55);
    t->birth_year = Y - age;
    /* years at this school */
    int ten;
    u = unif(r);
    if (u < 0.2)
        ten = irange(r, 0, 3);
    else if (u < 0.45)
        ten = irange(r, 4, 8);
    else if (u < 0.82)
        ten = irange(r, 6, 14);
    else
        ten = irange(r, 15, 30);
    if (ten > age - 22)
        ten = age - 22;
    t->school_since = Y - ten;
    t->post_since = t->school_since;
    /* title by age */
    int ti;
    if (age < 24 && chance(r, 0.3))
        ti = -1;
    else if (age < 28)
        ti = area == ROTAS_AREA_RURAL && chance(r, 0.2) ? 0 : 1;
    else if (age < 36)
        ti = chance(r, 0.55) ? 2 : 1;
    else if (age < 46)
        ti = chance(r, area == ROTAS_AREA_URBAN ? 0.4 : 0.2) ? 3 : 2;
    else
        ti = chance(r, area == ROTAS_AREA_URBAN ? 0.6 : 0.4) ? 3 : 2;
    /* key teachers */
    int key = ROTAS_KEY_NONE;
    if (age >= 28 && chance(r, g->p.key_share[area] * (age >= 35 ? 1.25 : 0.6))) {
        double w[] = {0.4, 0.4, 0.15, 0.05};
        key = ROTAS_KEY_SCHOOL + pick_weighted(r, w, 4);
    }
    t->key = key;
    if (key >= ROTAS_KEY_CITY && age >= 45 && ti == 3 && chance(r, 0.3))
        ti = 4;
    if (ti >= 0 && !(t->title = rotas_strdup(title_names[ti])))
        return -1;
    /* degree: area and age */
    double wd[4];
    if (area == ROTAS_AREA_URBAN) {
        wd[0] = 0.02;
        wd[1] = 0.13;
        wd[2] = 0.72;
        wd[3] = junior ? 0.15 : 0.08;
    } else if (area == ROTAS_AREA_TOWN) {
        wd[0] = 0.04;
        wd[1] = 0.3;
        wd[2] = 0.6;
        wd[3] = 0.03;
    } else {
        wd[0] = 0.15;
        wd[1] = 0.5;
        wd[2] = 0.34;
        wd[3] = 0.01;
    }
    if (age >= 48) {
        wd[0] *= 3;
        wd[1] *= 1.5;
        wd[3] *= 0.2;
    } else if (age < 32) {
        wd[0] *= 0.1;
        wd[2] *= 1.5;
    }
    int dg = ROTAS_DEGREE_SECONDARY + pick_weighted(r, wd, 4);
    if (!(t->degree = rotas_strdup(degree_names[dg])))
        return -1;
    t->degree_level = dg;
    return 0;
}

/* Weekly periods of each subject that the classes of school s need (a multi-grade class needs
   the most of its grades). */
static void school_demand(const gen *g, int s, double *demand)
{
    const rotas_county *c = g->c;
    const rotas_school *sc = &c->schools[s];
    for (int sub = 0; sub < N_SUB; sub++)
        demand[sub] = 0;
    for (size_t k = 0; k < sc->n_classes; k++) {
        const rotas_class *cl = &c->classes[sc->first_class + k];
        for (int sub = 0; sub < N_SUB; sub++) {
            int best = 0;
            for (size_t gi = 0; gi < cl->n_grades; gi++)
                if (curriculum[cl->grades[gi]][sub] > best)
                    best = curriculum[cl->grades[gi]][sub];
            demand[sub] += best;
        }
    }
}

static int is_junior_school(const gen *g, int s)
{
    const rotas_school *sc = &g->c->schools[s];
    int n_junior = 0;
    for (size_t k = 0; k < sc->n_classes; k++)
        n_junior += g->c->classes[sc->first_class + k].grades[0] >= 7;
    return 2 * n_junior > (int)sc->n_classes;
}

/* What each school's staff is planned to cover, so that the county as a whole covers about
   p->coverage of its periods: county-town schools and covered townships everything; what is
   left uncovered falls on village schools, mostly on their shortage subjects (which the
   central school's itinerant specialists cover only in part), and on township schools only
   when the target is low. Sets covered[], plan_other[], plan_short[] and plan_itin[]. */
static int plan_coverage(gen *g)
{
    rng *r = &g->r;
    const params *p = &g->p;
    rotas_county *c = g->c;
    size_t nt = g->n_townships, ns = c->n_schools;
    int rc = -1;
    int *order = malloc((nt ? nt : 1) * sizeof *order);
    double *fs_k = malloc((nt ? nt : 1) * sizeof *fs_k);
    g->covered = calloc(nt ? nt : 1, 1);
    if (!order || !fs_k || !g->covered)
        goto done;
    /* covered townships: a seed-shuffled choice */
    for (size_t t = 0; t < nt; t++)
        order[t] = (int)t;
    for (size_t i = nt; i > 1; i--) {
        size_t j = (size_t)irange(r, 0, (int)i - 1);
        int x = order[i - 1];
        order[i - 1] = order[j];
        order[j] = x;
    }
    size_t want = p->covered_count >= 0 ? (size_t)p->covered_count
                                        : (size_t)floor((double)nt * p->covered_share + 0.5);
    if (p->covered_count < 0 && want == 0 && nt >= 3)
        want = 1;
    for (size_t i = 0; i < want && i < nt; i++)
        g->covered[order[i]] = 1;

    /* the periods left uncovered, and where they fall */
    double all = 0, rs = 0, rn = 0, td = 0, dem[N_SUB];
    size_t n_round = 0;
    for (size_t s = 0; s < ns; s++) {
        const rotas_school *sc = &c->schools[s];
        school_demand(g, (int)s, dem);
        int t = g->township[s];
        int cov = t >= 0 && g->covered[t];
        for (int sub = 0; sub < N_SUB; sub++) {
            all += dem[sub];
            if (cov || sc->area == ROTAS_AREA_URBAN)
                continue;
            if (sc->area == ROTAS_AREA_TOWN)
                td += dem[sub];
            else if (subject_table[sub].shortage)
                rs += dem[sub];
            else if (!g->one_teacher[s])
                rn += dem[sub];
        }
        n_round += sc->area == ROTAS_AREA_RURAL && !cov && !g->one_teacher[s];
    }
    /* a village school's staff is made to the nearest whole teacher, and the last one's room
       covers more than planned (its subjects at the school, its shortage subjects in the
       cluster): about 8 periods a village school, measured (bench/shortage.py) */
    double u = (1.0 - p->coverage) * all + 8.0 * (double)n_round;
    if (u < 0)
        u = 0;
    double us = fmin(0.8 * u, 0.9 * rs);
    double un = fmin(u - us, 0.45 * rn);
    double left = u - us - un;
    if (left > 0 && rs > us) { /* more on shortage subjects before township schools */
        double more = fmin(left, 0.9 * rs - us);
        if (more > 0) {
            us += more;
            left -= more;
        }
    }
    double fs = rs > 0 ? 1.0 - us / rs : 1.0, fn = rn > 0 ? 1.0 - un / rn : 1.0;
    double ft = left > 0 && td > 0 ? fmax(0.5, 1.0 - left / td) : 1.0;
    for (size_t t = 0; t < nt; t++) {
        double x = fs + (1.0 - fs) * drange(r, -0.6, 0.6);
        fs_k[t] = g->covered[t] ? 1.0 : x < 0 ? 0 : x > 1 ? 1 : x;
    }
    for (size_t s = 0; s < ns; s++) {
        const rotas_school *sc = &c->schools[s];
        int t = g->township[s];
        int cov = t >= 0 && g->covered[t];
        double self = p->village_self * drange(r, 0.5, 1.5);
        double other = fn + (1.0 - fn) * drange(r, -0.7, 0.7);
        g->plan_other[s] = g->plan_short[s] = 1.0;
        g->plan_itin[s] = 0.0;
        if (sc->area == ROTAS_AREA_TOWN && !cov) {
            g->plan_other[s] = g->plan_short[s] = ft;
        } else if (sc->area == ROTAS_AREA_RURAL && t >= 0) {
            double f = fs_k[t];
            if (self > 1)
                self = 1;
            if (g->one_teacher[s])
                self = 0;
            g->plan_short[s] = self < f ? self : f;
            g->plan_itin[s] = f - g->plan_short[s];
            if (!cov && !g->one_teacher[s])
                g->plan_other[s] = other < 0.3 ? 0.3 : other > 1 ? 1 : other;
        }
    }
    rc = 0;
done:
    free(order);
    free(fs_k);
    return rc;
}

/* Subjects a multi-subject teacher adds to a main subject, in order (-1 ends). */
static const int side_primary_of[N_SUB][4] = {
    [SUB_CHINESE] = {SUB_MORALITY, SUB_LABOUR, SUB_PSYCH, -1},
    [SUB_MATH] = {SUB_SCIENCE, SUB_IT, SUB_LABOUR, -1},
    [SUB_ENGLISH] = {SUB_IT, -1, -1, -1},
    [SUB_MORALITY] = {SUB_CHINESE, SUB_LABOUR, SUB_PSYCH, -1},
    [SUB_SCIENCE] = {SUB_MATH, SUB_IT, SUB_LABOUR, -1},
    [SUB_MUSIC] = {SUB_ART, SUB_PSYCH, -1, -1},
    [SUB_ART] = {SUB_MUSIC, SUB_LABOUR, -1, -1},
    [SUB_PE] = {SUB_PSYCH, SUB_LABOUR, -1, -1},
    [SUB_IT] = {SUB_MATH, SUB_SCIENCE, -1, -1},
    [SUB_PSYCH] = {SUB_MORALITY, SUB_PE, -1, -1},
    [SUB_LABOUR] = {SUB_SCIENCE, SUB_MORALITY, -1, -1},
    [SUB_PHYSICS] = {-1, -1, -1, -1},
    [SUB_CHEMISTRY] = {-1, -1, -1, -1},
    [SUB_HISTORY] = {-1, -1, -1, -1},
    [SUB_GEOGRAPHY] = {-1, -1, -1, -1},
    [SUB_BIOLOGY] = {-1, -1, -1, -1},
};
static const int side_junior_of[N_SUB][4] = {
    [SUB_CHINESE] = {SUB_MORALITY, SUB_HISTORY, -1, -1},
    [SUB_MATH] = {SUB_PHYSICS, SUB_IT, -1, -1},
    [SUB_ENGLISH] = {-1, -1, -1, -1},
    [SUB_MORALITY] = {SUB_HISTORY, SUB_PSYCH, -1, -1},
    [SUB_SCIENCE] = {SUB_PHYSICS, SUB_BIOLOGY, -1, -1},
    [SUB_MUSIC] = {SUB_ART, -1, -1, -1},
    [SUB_ART] = {SUB_MUSIC, -1, -1, -1},
    [SUB_PE] = {SUB_PSYCH, -1, -1, -1},
    [SUB_IT] = {SUB_MATH, SUB_PHYSICS, -1, -1},
    [SUB_PSYCH] = {SUB_MORALITY, -1, -1, -1},
    [SUB_LABOUR] = {SUB_BIOLOGY, SUB_GEOGRAPHY, -1, -1},
    [SUB_PHYSICS] = {SUB_CHEMISTRY, SUB_MATH, -1, -1},
    [SUB_CHEMISTRY] = {SUB_PHYSICS, SUB_BIOLOGY, -1, -1},
    [SUB_HISTORY] = {SUB_GEOGRAPHY, SUB_MORALITY, -1, -1},
    [SUB_GEOGRAPHY] = {SUB_HISTORY, SUB_BIOLOGY, -1, -1},
    [SUB_BIOLOGY] = {SUB_GEOGRAPHY, SUB_CHEMISTRY, -1, -1},
};

#define MAX_LISTED 5 /* subjects a teacher lists at most (a one-teacher point's teacher: 5) */

/* A new teacher of school s (role teacher, the next id) at the end of the county's list, or
   NULL when out of memory. */
static rotas_teacher *new_teacher(gen *g, int s, int *next_id)
{
    rotas_county *c = g->c;
    if (grow((void **)&c->teachers, &g->cap_teachers, c->n_teachers + 1, sizeof *c->teachers))
        return NULL;
    rotas_teacher *t = &c->teachers[c->n_teachers];
    memset(t, 0, sizeof *t);
    t->school = s;
    t->role = ROTAS_ROLE_TEACHER;
    t->id = fmt("T%05d", ++*next_id);
    c->n_teachers++;
    return t->id ? t : NULL;
}

/* Teachers of one school, made to cover what plan_coverage planned for it: each new teacher's
   main subject is the one with the most periods still to cover; a multi-subject class teacher
   spreads over its side subjects, a specialist fills its main subject first; periods left
   over go to teachers with room. Leaders come first (they teach 4-8 periods). */
static int staff_school(gen *g, int s, int *next_id)
{
    rng *r = &g->r;
    const params *p = &g->p;
    rotas_county *c = g->c;
    rotas_school *sc = &c->schools[s];
    int Y = g->year;
    int rc = -1;
    double demand[N_SUB], rem[N_SUB];
    double *spare = NULL;
    school_demand(g, s, demand);
    int junior = is_junior_school(g, s);
    int urban = sc->area == ROTAS_AREA_URBAN, rural = sc->area == ROTAS_AREA_RURAL;
    int town = g->township[s];
    int full = !rural || (town >= 0 && g->covered[town]);
    int one = sc->kind == ROTAS_KIND_TEACHING_POINT && g->one_teacher[s];
    for (int sub = 0; sub < N_SUB; sub++)
        rem[sub] =
            demand[sub] * (subject_table[sub].shortage ? g->plan_short[s] : g->plan_other[s]);
    /* a central primary also covers part of its villages' shortage periods (走教) */
    if (sc->kind == ROTAS_KIND_CENTRAL_PRIMARY && sc->cluster >= 0) {
        double vd[N_SUB];
        for (size_t v = 0; v < c->n_schools; v++) {
            if (c->schools[v].cluster != sc->cluster || c->schools[v].area != ROTAS_AREA_RURAL ||
                g->plan_itin[v] <= 0)
                continue;
            school_demand(g, (int)v, vd);
            for (int sub = 0; sub < N_SUB; sub++)
                if (subject_table[sub].shortage)
                    rem[sub] += vd[sub] * g->plan_itin[v];
        }
    }

    /* leaders: a principal (a teacher in charge at some teaching points, none at others),
       vice-principals at schools of 6 classes or more; none at a one-teacher point */
    int n_vice = sc->n_classes >= 6 ? (sc->n_classes >= 18 ? 2 : irange(r, 1, 2)) : 0;
    int want_principal = sc->kind != ROTAS_KIND_TEACHING_POINT || chance(r, 0.6);
    if (one)
        want_principal = n_vice = 0;
    int n_lead = want_principal + n_vice;

    size_t first = c->n_teachers, cap_spare = 0;
    int made = 0;
    double lead_share = urban ? 0.5 : 1.0;
    for (;;) {
        /* periods left over: to teachers with room (a side subject more) */
        for (int sub = 0; sub < N_SUB; sub++) {
            for (size_t i = first; i < c->n_teachers && rem[sub] > 1e-9; i++) {
                rotas_teacher *t = &c->teachers[i];
                double *sp = &spare[i - first];
                if (*sp <= 1e-9 || (!has_subject(t, sub) && t->n_subjects >= MAX_LISTED - 1))
                    continue;
                double x = fmin(*sp, rem[sub]);
                if (add_subject(t, sub))
                    goto done;
                *sp -= x;
                rem[sub] -= x;
            }
        }
        double total = 0;
        int main_sub = -1;
        for (int sub = 0; sub < N_SUB; sub++) {
            if (rem[sub] > 1e-9)
                total += rem[sub];
            if (rem[sub] > 1e-9 && (main_sub < 0 || rem[sub] > rem[main_sub]))
                main_sub = sub;
        }
        /* a teaching point not kept by one teacher has two at least */
        if (made >= n_lead && made >= (sc->kind == ROTAS_KIND_TEACHING_POINT && !one ? 2 : 1)) {
            if (one || total <= 1e-9 || (!full && total < 8.0))
                break;
        }
        if (main_sub < 0) /* a leader with nothing left to teach: the school's biggest subject */
            for (int sub = 0; sub < N_SUB; sub++)
                if (main_sub < 0 || demand[sub] > demand[main_sub])
                    main_sub = sub;

        if (grow((void **)&spare, &cap_spare, (size_t)made + 1, sizeof *spare))
            goto done;
        rotas_teacher *t = new_teacher(g, s, next_id);
        if (!t)
            goto done;
        double cap = 16.0;
        if (made < n_lead) {
            t->max_periods = made == 0 && want_principal ? irange(r, 4, 6) : irange(r, 6, 8);
            cap = t->max_periods;
        } else if (chance(r, p->own_max)) {
            t->max_periods = rural ? irange(r, 14, 20) : irange(r, 12, 18);
            cap = t->max_periods;
        }
        if (one) {
            /* the point's only teacher: every non-shortage subject of its classes; shortage
               subjects come from the cluster's itinerant teachers */
            double need = 0;
            static const int order[] = {SUB_CHINESE, SUB_MATH, SUB_MORALITY, SUB_SCIENCE,
                                        SUB_LABOUR};
            for (size_t k = 0; k < N_OF(order); k++)
                if (demand[order[k]] > 0) {
                    if (add_subject(t, order[k]))
                        goto done;
                    need += rem[order[k]];
                    rem[order[k]] = 0;
                }
            t->max_periods = (int)ceil(need) < 16   ? 16
                             : (int)ceil(need) > 40 ? 40
                                                    : (int)ceil(need);
            spare[made] = t->max_periods - need;
        } else {
            const int *side = (junior ? side_junior_of : side_primary_of)[main_sub];
            double pm = p->multi * (urban ? lead_share : 1.0) * (junior ? 0.6 : 1.0);
            int multi = chance(r, pm);
            /* a village school rarely has a specialist of a shortage subject: a Chinese or
               maths teacher takes it on */
            if (rural && subject_table[main_sub].shortage && !chance(r, p->rural_spec)) {
                int gen_sub = chance(r, 0.55) || demand[SUB_MATH] <= 0 ? SUB_CHINESE : SUB_MATH;
                if (add_subject(t, gen_sub))
                    goto done;
                multi = 0;
            }
            if (add_subject(t, main_sub))
                goto done;
            double used = fmin(rem[main_sub], multi ? 0.6 * cap : cap);
            rem[main_sub] -= used;
            if (multi) {
                int n_side = irange(r, 2, 3);
                for (int k = 0; k < n_side && side[k] >= 0; k++) {
                    int sub = side[k];
                    /* village class teachers also take PE, music or art */
                    if (rural && k == n_side - 1 && k > 0 && chance(r, 0.5)) {
                        static const int arts[] = {SUB_PE, SUB_MUSIC, SUB_ART};
                        sub = arts[irange(r, 0, 2)];
                    }
                    if (demand[sub] <= 0 || add_subject(t, sub))
                        continue;
                    double x = fmin(rem[sub], cap - used);
                    rem[sub] -= x;
                    used += x;
                }
            }
            double x = fmin(rem[main_sub], cap - used);
            rem[main_sub] -= x;
            used += x;
            spare[made] = cap - used;
        }
        made++;
        if (person(g, t, sc, junior))
            goto done;
    }

    /* the county town holds more than it needs, shortage specialists most of all */
    if (urban) {
        int extra = (int)floor(made * (p->staff[ROTAS_AREA_URBAN] - 1.0) + unif(r));
        double w[N_SUB];
        for (int sub = 0; sub < N_SUB; sub++)
            w[sub] = demand[sub] / load_of(sub, junior) *
                     (subject_table[sub].shortage ? p->urban_surplus : 1.0);
        for (int e = 0; e < extra; e++) {
            rotas_teacher *t = new_teacher(g, s, next_id);
            if (!t || add_subject(t, pick_weighted(r, w, N_SUB)))
                goto done;
            if (chance(r, p->own_max))
                t->max_periods = irange(r, 12, 18);
            made++;
            if (person(g, t, sc, junior))
                goto done;
        }
    }

    /* leaders: the first n_lead teachers made; sometimes appointed together, so that all of
       a school's leaders come due at once */
    int cohort = n_lead >= 2 && chance(r, p->lead_cohort) ? irange(r, 10, 16) : 0;
    for (int l = 0; l < n_lead && l < made; l++) {
        rotas_teacher *t = &c->teachers[first + (size_t)l];
        int principal = l == 0 && want_principal;
        int min_age = principal ? 38 : 32;
        t->role = principal ? ROTAS_ROLE_PRINCIPAL : ROTAS_ROLE_VICE_PRINCIPAL;
        if (Y - t->birth_year < min_age)
            t->birth_year = Y - irange(r, min_age, min_age + 12);
        int years = cohort ? cohort : chance(r, p->lead_long) ? irange(r, 10, 18) : irange(r, 1, 9);
        t->post_since = Y - years;
        int age = Y - t->birth_year;
        if (t->post_since - t->birth_year < 28 || age > (t->gender == 'F' ? 55 : 60)) {
            t->birth_year = t->post_since - 28 - irange(r, 0, 8);
            if (t->gender == 'F' && Y - t->birth_year > 55)
                t->birth_year = Y - 55;
        }
        if (t->school_since > t->post_since)
            t->school_since = t->post_since;
        if (t->school_since < t->birth_year + 22)
            t->school_since = t->birth_year + 22;
        if (t->post_since < t->school_since)
            t->post_since = t->school_since;
    }
    rc = 0;
done:
    free(spare);
    return rc;
}

/* Staff quotas: the staffing norm (staff_quota() above) for most schools, with room for
   one or two more; below the teacher count for a share of schools, county-town schools and
   township junior middles (over-staffed, 退5进1) the likeliest. */
static int set_quotas(gen *g)
{
    rng *r = &g->r;
    rotas_county *c = g->c;
    size_t ns = c->n_schools;
    int *staff = calloc(ns, sizeof *staff);
    double *key = malloc(ns * sizeof *key);
    size_t *idx = malloc(ns * sizeof *idx);
    int rc = -1;
    if (!staff || !key || !idx)
        goto done;
    for (size_t i = 0; i < c->n_teachers; i++)
        staff[c->teachers[i].school]++;
    /* weighted choice without replacement: the largest u^(1/w) */
    size_t eligible = 0;
    for (size_t s = 0; s < ns; s++) {
        const rotas_school *sc = &c->schools[s];
        double w = sc->area == ROTAS_AREA_URBAN || sc->kind == ROTAS_KIND_JUNIOR ? 3.0
                   : sc->kind == ROTAS_KIND_TEACHING_POINT                       ? 0.7
                                                                                 : 1.0;
        double u = unif(r);
        key[s] = staff[s] >= 2 ? pow(u, 1.0 / w) : -1.0;
        eligible += staff[s] >= 2;
        idx[s] = s;
    }
    size_t want = (size_t)ceil(g->p.over_quota * (double)ns - 1e-9);
    if (want > eligible)
        want = eligible;
    for (size_t i = 0; i < want; i++) { /* partial selection sort: want is small */
        size_t best = i;
        for (size_t j = i + 1; j < ns; j++)
            if (key[idx[j]] > key[idx[best]])
                best = j;
        size_t x = idx[i];
        idx[i] = idx[best];
        idx[best] = x;
    }
    for (size_t i = 0; i < ns; i++)
        key[idx[i]] = i < want ? 1.0 : 0.0;
    for (size_t s = 0; s < ns; s++) {
        rotas_school *sc = &c->schools[s];
        int q = sc->staff_quota, n = staff[s];
        if (key[s] > 0) {
            int below = (int)floor(n * drange(r, 0.03, 0.2) + 0.5);
            if (below < 1)
                below = 1;
            if (q > n - below)
                q = n - below;
            if (q < 1)
                q = 1;
        } else {
            int room = irange(r, 0, 1 + n / 8);
            if (q < n + room)
                q = n + room;
        }
        sc->staff_quota = q;
    }
    rc = 0;
done:
    free(staff);
    free(key);
    free(idx);
    return rc;
}

/* Preferences, exemptions, exchanges, loads: once all schools are staffed. */
static int finish_teachers(gen *g)
{
    rng *r = &g->r;
    const params *p = &g->p;
    rotas_county *c = g->c;
    int Y = g->year;
    /* candidate lists for preferences, by stage */
    int *prim = malloc(c->n_schools * sizeof *prim), *jun = malloc(c->n_schools * sizeof *jun);
    size_t n_prim = 0, n_jun = 0;
    int rc = -1;
    if (!prim || !jun)
        goto done;
    for (size_t s = 0; s < c->n_schools; s++) {
        rotas_school_kind k = c->schools[s].kind;
        if (k == ROTAS_KIND_URBAN_JUNIOR || k == ROTAS_KIND_JUNIOR || k == ROTAS_KIND_NINE_YEAR)
            jun[n_jun++] = (int)s;
        if (k != ROTAS_KIND_URBAN_JUNIOR && k != ROTAS_KIND_JUNIOR)
            prim[n_prim++] = (int)s;
    }
    for (size_t i = 0; i < c->n_teachers; i++) {
        rotas_teacher *t = &c->teachers[i];
        const rotas_school *sc = &c->schools[t->school];
        int age = Y - t->birth_year;
        char name[64];
        snprintf(name, sizeof name, "%s%s%s", surnames[irange(r, 0, (int)N_OF(surnames) - 1)],
                 given[irange(r, 0, (int)N_OF(given) - 1)],
                 chance(r, 0.7) ? given[irange(r, 0, (int)N_OF(given) - 1)] : "");
        if (!(t->name = rotas_strdup(name)))
            goto done;
        /* exemptions */
        int near_ret = age >= (t->gender == 'F' ? 53 : 58);
        const char *why = NULL;
        if (near_ret && chance(r, 0.25))
            why = "近退休";
        else if (chance(r, p->exempt_share)) {
            if (t->gender == 'F' && age >= 24 && age <= 38 && chance(r, 0.7))
                why = "孕期哺乳";
            else
                why = chance(r, 0.8) ? "重病" : "特殊岗位";
        }
        if (why && t->role != ROTAS_ROLE_TEACHER && strcmp(why, "近退休") != 0)
            why = NULL;
        if (why && !(t->exempt = rotas_strdup(why)))
            goto done;
        /* teachers now on exchange at a township or village school */
        if (!why && t->role == ROTAS_ROLE_TEACHER && sc->area != ROTAS_AREA_URBAN && age < 50 &&
            chance(r, p->exchange_share * 2.5)) {
            t->school_since = Y - irange(r, 0, 2);
            if (t->school_since < t->birth_year + 22)
                t->school_since = t->birth_year + 22;
            t->post_since = t->school_since;
            t->exchange_until = t->school_since + 2 < Y ? Y : t->school_since + 2;
        }
        /* preferences: 1-3 schools of the teacher's stage, often in town or nearby */
        if (chance(r, p->pref_share)) {
            int junior = t->n_subjects > 0 && t->subjects[0] >= SUB_PHYSICS;
            if (sc->kind == ROTAS_KIND_URBAN_JUNIOR || sc->kind == ROTAS_KIND_JUNIOR)
                junior = 1;
            const int *cand = junior ? jun : prim;
            size_t n_cand = junior ? n_jun : n_prim;
            int n = irange(r, 1, 3);
            int got[3];
            int n_got = 0;
            for (int tries = 0; tries < 20 && n_got < n && n_cand > 1; tries++) {
                int s;
                double u = unif(r);
                if (u < 0.5) {
                    /* a county-town school */
                    s = cand[irange(r, 0, (int)n_cand - 1)];
                    if (c->schools[s].area != ROTAS_AREA_URBAN && chance(r, 0.7))
                        continue;
                } else if (u < 0.8 && sc->cluster >= 0) {
                    /* the teacher's own cluster */
                    const rotas_cluster *cl = &c->clusters[sc->cluster];
                    s = cl->central;
                    if (chance(r, 0.5)) {
                        s = cand[irange(r, 0, (int)n_cand - 1)];
                        if (c->schools[s].cluster != sc->cluster)
                            continue;
                    }
                } else {
                    s = cand[irange(r, 0, (int)n_cand - 1)];
                }
                if (s == t->school)
                    continue;
                int dup = 0;
                for (int k = 0; k < n_got; k++)
                    dup |= got[k] == s;
                if (!dup)
                    got[n_got++] = s;
            }
            if (n_got > 0) {
                t->preferences = malloc((size_t)n_got * sizeof *t->preferences);
                if (!t->preferences)
                    goto done;
                memcpy(t->preferences, got, (size_t)n_got * sizeof *got);
                t->n_preferences = (size_t)n_got;
            }
        }
    }
    /* at least one leader in post more than 10 years, not exempt */
    size_t any = 0;
    for (size_t i = 0; i < c->n_teachers; i++) {
        const rotas_teacher *t = &c->teachers[i];
        if (t->role != ROTAS_ROLE_TEACHER && !t->exempt && Y - t->post_since >= 10)
            any++;
    }
    if (any == 0) {
        for (size_t i = 0; i < c->n_teachers; i++) {
            rotas_teacher *t = &c->teachers[i];
            if (t->role != ROTAS_ROLE_PRINCIPAL || t->exchange_until)
                continue;
            t->post_since = Y - 11;
            if (t->birth_year > t->post_since - 30)
                t->birth_year = t->post_since - 30;
            if (t->school_since > t->post_since)
                t->school_since = t->post_since;
            free(t->exempt);
            t->exempt = NULL;
            break;
        }
    }
    rc = 0;
done:
    free(prim);
    free(jun);
    return rc;
}

/* ---- travel ---- */

static int add_pair(gen *g, int a, int b, double speed_lo, double speed_hi)
{
    rotas_county *c = g->c;
    rng *r = &g->r;
    if (a == b)
        return 0;
    if (grow((void **)&c->travel, &g->cap_travel, c->n_travel + 1, sizeof *c->travel))
        return -1;
    rotas_travel *t = &c->travel[c->n_travel++];
    memset(t, 0, sizeof *t);
    t->from = a < b ? a : b;
    t->to = a < b ? b : a;
    double line = straight_km(&c->schools[a], &c->schools[b]);
    double km = line * drange(r, g->p.road - 0.05, g->p.road + 0.15);
    if (km < 0.3)
        km = 0.3;
    t->km = round_to(km, 0.1);
    double minutes = t->km / drange(r, speed_lo, speed_hi) * 60.0 + irange(r, 1, 5);
    t->minutes = round_to(minutes, 1.0);
    return 0;
}

static int cmp_travel(const void *x, const void *y)
{
    const rotas_travel *a = x, *b = y;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    return 0;
}

static int build_travel(gen *g)
{
    rotas_county *c = g->c;
    rng *r = &g->r;
    size_t n = c->n_schools;
    /* county town among itself */
    for (size_t a = 0; a < n; a++) {
        if (c->schools[a].area != ROTAS_AREA_URBAN)
            continue;
        for (size_t b = a + 1; b < n; b++)
            if (c->schools[b].area == ROTAS_AREA_URBAN && add_pair(g, (int)a, (int)b, 18, 30))
                return -1;
    }
    for (size_t k = 0; k < c->n_clusters; k++) {
        int central = c->clusters[k].central;
        /* within the cluster, some pairs missing */
        for (size_t a = 0; a < n; a++) {
            if (c->schools[a].cluster != (int)k)
                continue;
            for (size_t b = a + 1; b < n; b++)
                if (c->schools[b].cluster == (int)k && !chance(r, g->p.missing_pairs) &&
                    add_pair(g, (int)a, (int)b, 25, 40))
                    return -1;
        }
        /* central school to the county town */
        for (size_t b = 0; b < n; b++)
            if (c->schools[b].area == ROTAS_AREA_URBAN && add_pair(g, central, (int)b, 35, 50))
                return -1;
        /* central school to the 2-4 nearest other central schools (each pair once) */
        int near[4] = {-1, -1, -1, -1};
        double nd[4] = {1e18, 1e18, 1e18, 1e18};
        int want = irange(r, 2, 4);
        for (size_t o = 0; o < c->n_clusters; o++) {
            if (o == k)
                continue;
            int other = c->clusters[o].central;
            double d = straight_km(&c->schools[central], &c->schools[other]);
            for (int i = 0; i < want; i++) {
                if (d < nd[i]) {
                    for (int j = want - 1; j > i; j--) {
                        nd[j] = nd[j - 1];
                        near[j] = near[j - 1];
                    }
                    nd[i] = d;
                    near[i] = other;
                    break;
                }
            }
        }
        for (int i = 0; i < want; i++)
            if (near[i] >= 0 && add_pair(g, central, near[i], 30, 50))
                return -1;
    }
    /* township junior middles: to their central school and to the county-town juniors */
    for (size_t a = 0; a < n; a++) {
        if (c->schools[a].kind != ROTAS_KIND_JUNIOR)
            continue;
        int t = g->township[a];
        if (t >= 0 && (size_t)t < c->n_clusters &&
            add_pair(g, (int)a, c->clusters[t].central, 20, 35))
            return -1;
        for (size_t b = 0; b < n; b++)
            if (c->schools[b].area == ROTAS_AREA_URBAN &&
                c->schools[b].kind != ROTAS_KIND_URBAN_PRIMARY &&
                add_pair(g, (int)a, (int)b, 35, 50))
                return -1;
    }
    /* one entry per pair, in a stable order */
    qsort(c->travel, c->n_travel, sizeof *c->travel, cmp_travel);
    size_t w = 0;
    for (size_t i = 0; i < c->n_travel; i++) {
        if (w > 0 && c->travel[w - 1].from == c->travel[i].from &&
            c->travel[w - 1].to == c->travel[i].to)
            continue;
        c->travel[w++] = c->travel[i];
    }
    c->n_travel = w;
    return 0;
}

/* ---- entry ---- */

/* ---- shared rooms (--rooms) ---- */

/* Weekly periods of subject j for class k: the largest over its grades. */
static int class_subject_load(const rotas_county *c, const rotas_class *k, int j)
{
    int best = 0;
    for (size_t gi = 0; gi < k->n_grades; gi++) {
        int n = 0;
        for (size_t i = 0; i < c->n_curriculum; i++)
            if (c->curriculum[i].grade == k->grades[gi] && c->curriculum[i].subject == j)
                n += c->curriculum[i].periods;
        if (n > best)
            best = n;
    }
    return best;
}

/* Rooms for music, art, it and pe at every school but teaching points: as many rooms of a kind
   (one class each; a playground takes several classes at once) as keep the school's weekly
   lessons of the subject within 80% of the room-periods of its week. 0 ok, -1 no memory. */
static int make_rooms(gen *g)
{
    static const struct {
        const char *subject, *kind, *id, *name;
    } kinds[] = {{"music", "music", "M", "音乐教室"},
                 {"art", "art", "A", "美术教室"},
                 {"it", "computer", "C", "计算机教室"},
                 {"pe", "playground", "P", "操场"}};
    rotas_county *c = g->c;
    for (size_t q = 0; q < sizeof kinds / sizeof kinds[0]; q++)
        for (size_t j = 0; j < c->n_subjects; j++)
            if (!strcmp(c->subjects[j].id, kinds[q].subject) &&
                !(c->subjects[j].room_kind = rotas_strdup(kinds[q].kind)))
                return -1;
    for (size_t s = 0; s < c->n_schools; s++) {
        rotas_school *sc = &c->schools[s];
        if (sc->kind == ROTAS_KIND_TEACHING_POINT)
            continue;
        size_t nb = 0;
        rotas_school_bell(sc, &nb);
        double slots = 0.8 * (double)nb * ROTAS_DAYS;
        sc->rooms = calloc(8 * (sizeof kinds / sizeof kinds[0]), sizeof *sc->rooms);
        if (!sc->rooms)
            return -1;
        for (size_t q = 0; q < sizeof kinds / sizeof kinds[0]; q++) {
            int j = -1, load = 0;
            for (size_t x = 0; x < c->n_subjects; x++)
                if (!strcmp(c->subjects[x].id, kinds[q].subject))
                    j = (int)x;
            for (size_t k = 0; j >= 0 && k < c->n_classes; k++)
                if (c->classes[k].school == (int)s)
                    load += class_subject_load(c, &c->classes[k], j);
            if (load == 0)
                continue;
            int need = (int)ceil((double)load / slots);
            int playground = !strcmp(kinds[q].kind, "playground");
            int n = playground ? 1 : need < 8 ? need : 8;
            for (int r = 0; r < n; r++) {
                rotas_room *rm = &sc->rooms[sc->n_rooms++];
                char id[16], name[64];
                snprintf(id, sizeof id, "%s%d", kinds[q].id, r + 1);
                snprintf(name, sizeof name, n > 1 ? "%s%d" : "%s", kinds[q].name, r + 1);
                rm->capacity = playground ? need : 1;
                if (!(rm->id = rotas_strdup(id)) || !(rm->name = rotas_strdup(name)) ||
                    !(rm->kind = rotas_strdup(kinds[q].kind)))
                    return -1;
            }
        }
    }
    return 0;
}

/* ---- everyday constraints (--constraints) ---- */

static int add_time_block(rotas_teacher *t, int day, int start, int end, const char *reason)
{
    rotas_time_block *b = realloc(t->unavailable, (t->n_unavailable + 1) * sizeof *b);
    if (!b)
        return -1;
    t->unavailable = b;
    b += t->n_unavailable;
    *b = (rotas_time_block){day, start, end, rotas_strdup(reason)};
    if (reason && !b->reason)
        return -1;
    t->n_unavailable++;
    return 0;
}

static int teacher_free_at(const rotas_teacher *t, int day, int start, int end)
{
    for (size_t b = 0; b < t->n_unavailable; b++)
        if (t->unavailable[b].day == day && t->unavailable[b].start < end &&
            start < t->unavailable[b].end)
            return 0;
    return 1;
}

static int decided(const rotas_county *c, int t)
{
    for (size_t i = 0; i < c->n_decisions; i++)
        if (c->decisions[i].teacher == t || c->decisions[i].teacher2 == t)
            return 1;
    return 0;
}

static int add_decision(rotas_county *c, rotas_decision_kind kind, int t, int t2, int school,
                        int subject, const char *reason)
{
    rotas_decision *d = realloc(c->decisions, (c->n_decisions + 1) * sizeof *d);
    if (!d)
        return -1;
    c->decisions = d;
    d += c->n_decisions;
    *d = (rotas_decision){kind, t, t2, school, subject, rotas_strdup(reason), NULL};
    if (reason && !d->reason)
        return -1;
    c->n_decisions++;
    return 0;
}

/* A teacher the plan of year y may move: not exempt, not on an exchange, an ordinary teacher
   `years` or more at the school. */
static int movable(const rotas_teacher *t, int y, int years)
{
    return !t->exempt && (t->exchange_until == 0 || t->exchange_until < y) &&
           t->role == ROTAS_ROLE_TEACHER && y - t->school_since >= years;
}

/* Pick a random teacher index with pred, -1 if none (reservoir sampling over all). */
typedef int (*teacher_pred)(const rotas_county *c, int t, int year, int school);

/* A random teacher (other than not) for which pred holds, -1 if none. */
static int pick_teacher(rng *r, const rotas_county *c, teacher_pred pred, int year, int school,
                        int not )
{
    int got = -1, seen = 0;
    for (size_t t = 0; t < c->n_teachers; t++)
        if ((int)t != not &&pred(c, (int)t, year, school) && irange(r, 0, seen++) == 0)
            got = (int)t;
    return got;
}

/* An urban teacher without a decision yet. */
static int pred_move(const rotas_county *c, int t, int year, int school)
{
    (void)school;
    const rotas_teacher *x = &c->teachers[t];
    return movable(x, year, 0) && c->schools[x->school].area == ROTAS_AREA_URBAN && !decided(c, t);
}

/* An eligible teacher without a decision yet. */
static int pred_stay(const rotas_county *c, int t, int year, int school)
{
    (void)school;
    return movable(&c->teachers[t], year, 6) && !decided(c, t);
}

/* An eligible teacher of school (any urban school when -1) without a decision yet. */
static int pred_together(const rotas_county *c, int t, int year, int school)
{
    const rotas_teacher *x = &c->teachers[t];
    return movable(x, year, 6) && !decided(c, t) &&
           (school < 0 ? c->schools[x->school].area == ROTAS_AREA_URBAN : x->school == school);
}

static int everyday(gen *g, unsigned long seed)
{
    rotas_county *c = g->c;
    rng r;
    rng_seed(&r, (uint64_t)seed ^ 0x65766572796461ULL); /* its own stream: "everyda" */
    const int plan_year = g->year + 1;

    /* Research half-days (教研): every teacher of a shortage main subject is away one
       afternoon, the day varied by seed; music and art share theirs. */
    int perm[ROTAS_DAYS] = {0, 1, 2, 3, 4};
    for (int i = ROTAS_DAYS - 1; i > 0; i--) {
        int j = irange(&r, 0, i), x = perm[i];
        perm[i] = perm[j];
        perm[j] = x;
    }
    int research_day[N_SUB];
    for (int s = 0; s < N_SUB; s++)
        research_day[s] = -1;
    research_day[SUB_ENGLISH] = perm[0];
    research_day[SUB_MUSIC] = research_day[SUB_ART] = perm[1];
    research_day[SUB_PE] = perm[2];
    research_day[SUB_IT] = research_day[SUB_PSYCH] = perm[3];
    for (size_t t = 0; t < c->n_teachers; t++) {
        rotas_teacher *x = &c->teachers[t];
        int main_sub = x->n_subjects ? x->subjects[0] : -1;
        if (main_sub >= 0 && research_day[main_sub] >= 0) {
            char why[64];
            snprintf(why, sizeof why, "%s教研", subject_table[main_sub].name);
            if (add_time_block(x, research_day[main_sub], 14 * 60, 17 * 60, why))
                return -1;
        }
        /* the principals' meeting at the bureau, Monday afternoon */
        if (x->role == ROTAS_ROLE_PRINCIPAL && add_time_block(x, 0, 14 * 60, 17 * 60, "校长例会"))
            return -1;
    }
    /* Part-time teachers: a few work three or four days a week. */
    int n_part = (int)(c->n_teachers / 100) + 2;
    for (int i = 0; i < n_part && c->n_teachers > 0; i++) {
        rotas_teacher *x = &c->teachers[irange(&r, 0, (int)c->n_teachers - 1)];
        if (x->role == ROTAS_ROLE_TEACHER && x->max_days == 0)
            x->max_days = irange(&r, 3, 4);
    }
    /* Middle leaders (中层) in the county town; years served before in hard places. */
    for (size_t t = 0; t < c->n_teachers; t++) {
        rotas_teacher *x = &c->teachers[t];
        rotas_area a = c->schools[x->school].area;
        if (a == ROTAS_AREA_URBAN && x->role == ROTAS_ROLE_TEACHER && chance(&r, 0.05))
            x->middle_leader = 1;
        int career = g->year - (x->birth_year + 21);
        int hy = a == ROTAS_AREA_RURAL  ? (chance(&r, 0.7) ? irange(&r, 1, 15) : 0)
                 : a == ROTAS_AREA_TOWN ? (chance(&r, 0.5) ? irange(&r, 1, 10) : 0)
                                        : (chance(&r, 0.2) ? irange(&r, 1, 6) : 0);
        if (hy > career)
            hy = career > 0 ? career : 0;
        x->hardship_years = hy;
    }
    /* 升旗: Monday's first period in county-town and central schools. */
    for (size_t k = 0; k < c->n_classes; k++) {
        rotas_class *kl = &c->classes[k];
        const rotas_school *sc = &c->schools[kl->school];
        if (sc->area != ROTAS_AREA_URBAN && sc->kind != ROTAS_KIND_CENTRAL_PRIMARY)
            continue;
        kl->unavailable = calloc(1, sizeof *kl->unavailable);
        if (!kl->unavailable || !(kl->unavailable[0].reason = rotas_strdup("升旗")))
            return -1;
        kl->n_unavailable = 1;
    }
    /* Subject rules. */
    c->subject_rules = calloc(3, sizeof *c->subject_rules);
    if (!c->subject_rules)
        return -1;
    c->subject_rules[0] = (rotas_subject_rule){SUB_PE, 1, 1, 0, NULL};
    c->subject_rules[1] = (rotas_subject_rule){SUB_CHINESE, 0, 0, 4, NULL};
    c->subject_rules[2] = (rotas_subject_rule){SUB_MATH, 0, 0, 4, NULL};
    c->n_subject_rules = 3;
    /* Fixed lessons: in one cluster's central school, a chinese lesson of a few classes is
       held at a set time (a demonstration lesson, 公开课). */
    int n_central = 0, central = -1;
    for (size_t s = 0; s < c->n_schools; s++)
        if (c->schools[s].kind == ROTAS_KIND_CENTRAL_PRIMARY && c->schools[s].cluster >= 0 &&
            irange(&r, 0, n_central++) == 0)
            central = (int)s;
    if (central >= 0) {
        const rotas_school *sc = &c->schools[central];
        size_t nb;
        const rotas_bell_period *bell = rotas_school_bell(sc, &nb);
        int want = irange(&r, 2, 3);
        c->fixed_lessons = calloc((size_t)want, sizeof *c->fixed_lessons);
        if (!c->fixed_lessons)
            return -1;
        for (size_t k = sc->first_class; k < sc->first_class + sc->n_classes; k++) {
            if ((int)c->n_fixed_lessons >= want)
                break;
            int day = irange(&r, 1, ROTAS_DAYS - 1), per = irange(&r, 1, nb > 3 ? 3 : (int)nb - 1);
            int teacher = -1, seen = 0;
            for (size_t t = 0; t < c->n_teachers; t++) {
                const rotas_teacher *x = &c->teachers[t];
                int busy = 0;
                for (size_t f = 0; f < c->n_fixed_lessons; f++)
                    busy |= c->fixed_lessons[f].teacher == (int)t &&
                            c->fixed_lessons[f].day == day && c->fixed_lessons[f].period == per;
                if (x->school == central && has_subject(x, SUB_CHINESE) && !busy &&
                    teacher_free_at(x, day, bell[per].start, bell[per].end) &&
                    irange(&r, 0, seen++) == 0)
                    teacher = (int)t;
            }
            if (teacher < 0)
                continue;
            c->fixed_lessons[c->n_fixed_lessons++] =
                (rotas_fixed_lesson){(int)k, SUB_CHINESE, teacher, day, per, NULL};
        }
    }
    /* Bureau decisions. */
    static const char *const stay_why[] = {"病休", "借调县教育局", "家庭困难", "毕业班教学"};
    int n_move = irange(&r, 1, 2), n_stay = irange(&r, 1, 2);
    for (int i = 0; i < n_move; i++) {
        int t = pick_teacher(&r, c, pred_move, plan_year, -1, -1);
        if (t < 0)
            break;
        int dest = -1, seen = 0;
        for (size_t s = 0; s < c->n_schools; s++)
            if (c->schools[s].area != ROTAS_AREA_URBAN && irange(&r, 0, seen++) == 0)
                dest = (int)s;
        if (dest >= 0 && add_decision(c, ROTAS_DECISION_MOVE, t, -1, dest, -1, "局党组研究决定"))
            return -1;
    }
    for (int i = 0; i < n_stay; i++) {
        int t = pick_teacher(&r, c, pred_stay, plan_year, -1, -1);
        if (t >= 0 &&
            add_decision(c, ROTAS_DECISION_STAY, t, -1, -1, -1, stay_why[irange(&r, 0, 3)]))
            return -1;
    }
    int rural_central = -1, seen = 0;
    for (size_t s = 0; s < c->n_schools; s++)
        if (c->schools[s].kind == ROTAS_KIND_CENTRAL_PRIMARY &&
            c->schools[s].area == ROTAS_AREA_RURAL && irange(&r, 0, seen++) == 0)
            rural_central = (int)s;
    if (rural_central < 0)
        for (size_t s = 0; s < c->n_schools && rural_central < 0; s++)
            if (c->schools[s].kind == ROTAS_KIND_CENTRAL_PRIMARY)
                rural_central = (int)s;
    /* a receive_key decision only where an eligible key teacher of the subject, with no
       decision yet, could go: English first, else another shortage subject */
    static const int rk_subjects[] = {SUB_ENGLISH, SUB_MUSIC, SUB_PE, SUB_ART};
    static const char *const rk_why[] = {"英语骨干教师结对帮扶", "音乐骨干教师结对帮扶",
                                         "体育骨干教师结对帮扶", "美术骨干教师结对帮扶"};
    for (int q = 0; rural_central >= 0 && q < 4; q++) {
        int any = 0;
        for (size_t t = 0; t < c->n_teachers && !any; t++) {
            const rotas_teacher *x = &c->teachers[t];
            any = x->key >= ROTAS_KEY_COUNTY && has_subject(x, rk_subjects[q]) &&
                  x->school != rural_central && movable(x, plan_year, 6) && !decided(c, (int)t);
        }
        if (!any)
            continue;
        if (add_decision(c, ROTAS_DECISION_RECEIVE_KEY, -1, -1, rural_central, rk_subjects[q],
                         rk_why[q]))
            return -1;
        break;
    }
    /* two eligible teachers of one county-town school who move together or not at all */
    int a = pick_teacher(&r, c, pred_together, plan_year, -1, -1);
    int b = a >= 0 ? pick_teacher(&r, c, pred_together, plan_year, c->teachers[a].school, a) : -1;
    if (a >= 0 && b >= 0 && add_decision(c, ROTAS_DECISION_TOGETHER, a, b, -1, -1, "夫妻同校"))
        return -1;
    return 0;
}

rotas_rc rotas_gen_county(rotas_county **out, const rotas_gen_options *opt, rotas_error *err)
{
    rotas_rc rc = ROTAS_ENOMEM;
    gen g;
    memset(&g, 0, sizeof g);
    if (!out || !opt)
        return rotas_error_set(err, ROTAS_EINPUT, _("gen: no options"));
    *out = NULL;
    if (opt->schools < 5 || opt->schools > 2000)
        return rotas_error_set(err, ROTAS_EINPUT, _("gen: schools: expected 5..2000, found %d"),
                               opt->schools);
    if (opt->year != 0 && (opt->year < 1990 || opt->year > 2100))
        return rotas_error_set(err, ROTAS_EINPUT, _("gen: year: expected 1990..2100, found %d"),
                               opt->year);
    if (opt->coverage != 0 && !(opt->coverage >= 0.5 && opt->coverage <= 1.0))
        return rotas_error_set(err, ROTAS_EINPUT, _("gen: coverage: expected 0.5..1, found %g"),
                               opt->coverage);
    if (opt->over_quota != 0 && opt->over_quota != ROTAS_GEN_NONE &&
        !(opt->over_quota > 0 && opt->over_quota <= 1.0))
        return rotas_error_set(err, ROTAS_EINPUT, _("gen: over_quota: expected 0..1, found %g"),
                               opt->over_quota);
    if (opt->covered_townships < ROTAS_GEN_NONE || opt->covered_townships > 1000)
        return rotas_error_set(err, ROTAS_EINPUT,
                               _("gen: covered_townships: expected 0..1000, found %d"),
                               opt->covered_townships);
    if (opt->multi_subject != 0 && opt->multi_subject != ROTAS_GEN_NONE &&
        !(opt->multi_subject > 0 && opt->multi_subject <= 1.0))
        return rotas_error_set(err, ROTAS_EINPUT, _("gen: multi_subject: expected 0..1, found %g"),
                               opt->multi_subject);
    if (opt->one_teacher != 0 && opt->one_teacher != ROTAS_GEN_NONE &&
        !(opt->one_teacher > 0 && opt->one_teacher <= 1.0))
        return rotas_error_set(err, ROTAS_EINPUT, _("gen: one_teacher: expected 0..1, found %g"),
                               opt->one_teacher);
    g.year = opt->year ? opt->year : 2026;
    rng_seed(&g.r, (uint64_t)opt->seed ^ 0x726f746173ULL);
    draw_params(&g, opt->schools);
    /* pinned options after every draw, so that pinning one leaves the others as drawn */
#define PIN(field, opt_field)                                                                      \
    if (opt->opt_field == ROTAS_GEN_NONE)                                                          \
        g.p.field = 0;                                                                             \
    else if (opt->opt_field > 0)                                                                   \
        g.p.field = opt->opt_field;
    PIN(coverage, coverage)
    PIN(over_quota, over_quota)
    PIN(multi, multi_subject)
    PIN(one_teacher, one_teacher)
#undef PIN
    if (opt->covered_townships == ROTAS_GEN_NONE)
        g.p.covered_count = 0;
    else if (opt->covered_townships > 0)
        g.p.covered_count = opt->covered_townships;
    rotas_county *c = g.c = rotas_county_new();
    if (!c)
        goto done;
    c->year = g.year;
    {
        char buf[64];
        place_name(&g.r, buf, sizeof buf, NULL, 0, "县");
        if (!(c->name = rotas_strdup(buf)))
            goto done;
    }
    c->subjects = calloc(N_SUB, sizeof *c->subjects);
    if (!c->subjects)
        goto done;
    for (int s = 0; s < N_SUB; s++) {
        c->subjects[s].id = rotas_strdup(subject_table[s].id);
        c->subjects[s].name = rotas_strdup(subject_table[s].name);
        c->subjects[s].shortage = subject_table[s].shortage;
        c->n_subjects++;
        if (!c->subjects[s].id || !c->subjects[s].name)
            goto done;
    }
    c->curriculum = calloc(ROTAS_MAX_GRADE * N_SUB, sizeof *c->curriculum);
    if (!c->curriculum)
        goto done;
    for (int gr = 1; gr <= ROTAS_MAX_GRADE; gr++)
        for (int s = 0; s < N_SUB; s++)
            if (curriculum[gr][s] > 0) {
                rotas_curriculum_row *row = &c->curriculum[c->n_curriculum++];
                row->grade = gr;
                row->subject = s;
                row->periods = curriculum[gr][s];
            }

    if (build_schools(&g, opt->schools))
        goto done;
    /* Classes: the big schools' classes per grade are scaled (a few rounds, from the same
       random state each time) so that the staff the quotas call for is about per_school
       teachers a school. */
    g.scale = 1.0;
    rng saved = g.r;
    for (int round = 0; round < 8; round++) {
        for (size_t k = 0; k < c->n_classes; k++)
            free(c->classes[k].id);
        c->n_classes = 0;
        g.r = saved;
        double big = 0, small = 0;
        for (size_t s = 0; s < c->n_schools; s++) {
            size_t first = c->n_classes;
            if (make_classes(&g, (int)s))
                goto done;
            c->schools[s].first_class = first;
            c->schools[s].n_classes = c->n_classes - first;
            staff_quota(&g, (int)s, first);
            double staff = c->schools[s].staff_quota * g.p.staff[c->schools[s].area];
            if (c->schools[s].kind == ROTAS_KIND_COMPLETE_PRIMARY ||
                c->schools[s].kind == ROTAS_KIND_TEACHING_POINT)
                small += staff;
            else
                big += staff;
        }
        double want = g.p.per_school * (double)c->n_schools - small;
        double ratio = big > 0 && want > 0 ? want / big : 1.0;
        if (fabs(ratio - 1.0) < 0.04)
            break;
        g.scale *= ratio;
        if (g.scale < 0.3)
            g.scale = 0.3;
        if (g.scale > 3.0)
            g.scale = 3.0;
    }
    for (size_t s = 0; s < c->n_schools; s++)
        if (set_bell(&g, (int)s))
            goto done;
    if (build_groups(&g))
        goto done;
    if (plan_coverage(&g))
        goto done;
    int next_id = 0;
    for (size_t s = 0; s < c->n_schools; s++)
        if (staff_school(&g, (int)s, &next_id))
            goto done;
    if (set_quotas(&g))
        goto done;
    if (finish_teachers(&g) || build_travel(&g))
        goto done;
    if (opt->constraints && everyday(&g, opt->seed))
        goto done;
    if (opt->rooms && make_rooms(&g))
        goto done;
    rc = rotas_county_finalize(c, err);
    if (rc != ROTAS_OK)
        goto done;
    *out = c;
    c = NULL;
done:
    if (rc == ROTAS_ENOMEM)
        rotas_error_set(err, ROTAS_ENOMEM, _("gen: out of memory"));
    if (g.c && c)
        rotas_county_free(c);
    for (size_t t = 0; t < g.n_townships; t++)
        free(g.township_names[t]);
    free(g.township_names);
    free(g.township);
    free(g.dist);
    free(g.one_teacher);
    free(g.plan_other);
    free(g.plan_short);
    free(g.plan_itin);
    free(g.covered);
    return rc;
}
