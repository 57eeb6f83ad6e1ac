/*
 * gen_programmes.c - the generator's data for the county programmes (rotas gen --programmes):
 * researchers (教研员) with their bases, subjects and days away, the term and its holidays;
 * pick-up points, teachers' homes (in their extra keys) and vehicles for the shuttles.
 *
 * Written as top-level keys into the county's `extra` (the JSON text of the keys the county
 * model does not hold), so the county writer puts them out unchanged. Deterministic: a random
 * stream of its own, seeded from the county's seed, so the rest of the county is the same bytes
 * with or without --programmes.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/gen.h"
#include "rotas/researchers.h"

typedef struct prng {
    uint64_t x;
} prng;

static uint64_t next(prng *r)
{
    uint64_t z = (r->x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int irand(prng *r, int lo, int hi)
{
    return lo + (int)(next(r) % (uint64_t)(hi - lo + 1));
}

typedef struct sbuf {
    char *s;
    size_t n, cap;
    int oom;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = b->cap - b->n;
        va_start(ap, fmt);
        int k = b->s ? vsnprintf(b->s + b->n, room, fmt, ap) : -1;
        va_end(ap);
        if (k >= 0 && (size_t)k < room) {
            b->n += (size_t)k;
            return;
        }
        size_t cap = b->cap ? 2 * b->cap : 4096;
        while (k >= 0 && cap < b->n + (size_t)k + 1)
            cap *= 2;
        char *g = realloc(b->s, cap);
        if (!g) {
            b->oom = 1;
            return;
        }
        b->s = g;
        b->cap = cap;
    }
}

static const char *const family[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                     "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
static const char *const given[] = {"建国", "丽华", "志强", "秀英", "海燕", "文军", "晓梅", "国庆",
                                    "红霞", "立新", "春梅", "永红", "卫东", "桂兰", "明",   "静"};
/* Subjects researchers cover, weighted toward the core and the shortage subjects. */
static const char *const rsubj[] = {"chinese", "math", "english",    "english",
                                    "music",   "art",  "pe",         "pe",
                                    "science", "it",   "psychology", "morality"};

rotas_rc rotas_gen_programmes(rotas_county *c, unsigned long seed, rotas_error *err)
{
    prng r = {(uint64_t)seed ^ 0x70726f6772616dULL}; /* "program" */
    sbuf b = {0};
    char d1[11], d2[11];
    int y = (c->year ? c->year : 2026) + 1; /* the plan year: its autumn term */
    size_t rural = 0, urban = 0;
    for (size_t s = 0; s < c->n_schools; s++) {
        rural += c->schools[s].area == ROTAS_AREA_RURAL;
        urban += c->schools[s].area == ROTAS_AREA_URBAN;
    }
    /* About one researcher per four rural schools: a third from the city's research office,
       the rest from the county's, based at a county-town school or the bureau. */
    int n = (int)(rural / 4) + 2;
    double clat = 0, clon = 0;
    for (size_t s = 0; s < c->n_schools; s++) {
        clat += c->schools[s].lat / (double)c->n_schools;
        clon += c->schools[s].lon / (double)c->n_schools;
    }
    put(&b, "{");
    if (c->extra && strlen(c->extra) > 2) {
        put(&b, "%.*s,", (int)strlen(c->extra) - 2, c->extra + 1);
    }
    int ts, te;
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-09-01", y);
    rotas_day_parse(buf, &ts);
    snprintf(buf, sizeof buf, "%04d-01-15", y + 1);
    rotas_day_parse(buf, &te);
    put(&b, "\"term\":{\"start\":\"%s\",\"end\":\"%s\"},", rotas_day_format(ts, d1),
        rotas_day_format(te, d2));
    put(&b,
        "\"holidays\":[{\"start\":\"%04d-10-01\",\"end\":\"%04d-10-07\",\"name\":\"国庆节\"},"
        "{\"start\":\"%04d-01-01\",\"end\":\"%04d-01-01\",\"name\":\"元旦\"}],",
        y, y, y + 1, y + 1);
    put(&b, "\"researchers\":[");
    for (int i = 0; i < n; i++) {
        int city = i % 3 == 0;
        const char *s1 = rsubj[irand(&r, 0, (int)(sizeof rsubj / sizeof *rsubj) - 1)];
        const char *s2 = rsubj[irand(&r, 0, (int)(sizeof rsubj / sizeof *rsubj) - 1)];
        put(&b, "%s{\"id\":\"R%03d\",\"name\":\"%s%s\",\"level\":\"%s\",\"subjects\":[\"%s\"",
            i ? "," : "", i + 1, family[irand(&r, 0, 19)], given[irand(&r, 0, 15)],
            city ? "city" : "county", s1);
        if (strcmp(s1, s2) && irand(&r, 0, 3) == 0)
            put(&b, ",\"%s\"", s2);
        put(&b, "]");
        if (city || urban == 0) {
            /* the city's research office, 40-70 km north-east of the county's centre */
            double km = irand(&r, 40, 70);
            put(&b, ",\"lat\":%.4f,\"lon\":%.4f", clat + km / 111.0 * 0.7,
                clon + km / (111.0 * cos(clat * 3.14159265358979 / 180)) * 0.7);
        } else {
            size_t k = (size_t)irand(&r, 0, (int)urban - 1);
            for (size_t s = 0; s < c->n_schools; s++)
                if (c->schools[s].area == ROTAS_AREA_URBAN && k-- == 0) {
                    put(&b, ",\"base\":\"%s\"", c->schools[s].id);
                    break;
                }
        }
        /* days away: a training week for some, a few single days for all */
        put(&b, ",\"unavailable\":[");
        int first = 1;
        if (irand(&r, 0, 2) == 0) {
            int w = rotas_day_week_start(ts + irand(&r, 14, 100));
            put(&b, "{\"start\":\"%s\",\"end\":\"%s\"}", rotas_day_format(w, d1),
                rotas_day_format(w + 4, d2));
            first = 0;
        }
        for (int k = irand(&r, 1, 4); k > 0; k--) {
            put(&b, "%s\"%s\"", first ? "" : ",", rotas_day_format(ts + irand(&r, 0, te - ts), d1));
            first = 0;
        }
        put(&b, "]}");
    }
    put(&b, "]");
    /* Shuttles: a pick-up point in the county town and one per township (at its central
       school); teachers of village and township schools live in the county town (45%) or in
       their township (25%); a fleet of mixed buses at the county town. */
    double ulat = 0, ulon = 0;
    int nu = 0, depot = -1;
    for (size_t s = 0; s < c->n_schools; s++)
        if (c->schools[s].area == ROTAS_AREA_URBAN) {
            ulat += c->schools[s].lat;
            ulon += c->schools[s].lon;
            if (depot < 0)
                depot = (int)s;
            nu++;
        }
    if (nu) {
        ulat /= nu;
        ulon /= nu;
    } else {
        ulat = clat;
        ulon = clon;
    }
    put(&b,
        ",\"pickup_points\":[{\"id\":\"P00\",\"name\":\"县城汽车站\",\"lat\":%.5f,\"lon\":%.5f}",
        ulat, ulon);
    for (size_t k = 0; k < c->n_clusters; k++) {
        int cs = c->clusters[k].central;
        if (cs < 0)
            continue;
        put(&b, ",{\"id\":\"P%02zu\",\"name\":\"%s站\",\"lat\":%.5f,\"lon\":%.5f}", k + 1,
            c->clusters[k].name ? c->clusters[k].name : c->clusters[k].id,
            c->schools[cs].lat + 0.004, c->schools[cs].lon + 0.004);
    }
    put(&b, "]");
    int riders = 0;
    for (size_t t = 0; t < c->n_teachers; t++) {
        rotas_teacher *T = &c->teachers[t];
        int s = T->school, cl = s >= 0 ? c->schools[s].cluster : -1;
        if (s < 0 || c->schools[s].area == ROTAS_AREA_URBAN)
            continue;
        int roll = irand(&r, 0, 99);
        char home[8];
        /* nobody commutes daily from the county town to a school over 30 km away (straight) */
        double dla = (c->schools[s].lat - ulat) * 111.0,
               dlo = (c->schools[s].lon - ulon) * 111.0 * cos(ulat * 3.14159265358979 / 180);
        if (roll < 45 && dla * dla + dlo * dlo > 30.0 * 30.0)
            roll = 45 + roll / 2;
        if (roll < 45)
            snprintf(home, sizeof home, "P00");
        else if (roll < 70 && cl >= 0 && c->clusters[cl].central >= 0)
            snprintf(home, sizeof home, "P%02d", cl + 1);
        else
            continue;
        riders++;
        size_t len = T->extra ? strlen(T->extra) : 0;
        char *x = malloc(len + 24);
        if (!x) {
            b.oom = 1;
            break;
        }
        if (len > 2)
            snprintf(x, len + 24, "%.*s,\"home\":\"%s\"}", (int)len - 1, T->extra, home);
        else
            snprintf(x, len + 24, "{\"home\":\"%s\"}", home);
        free(T->extra);
        T->extra = x;
    }
    static const int seats[] = {19, 33, 14, 7};
    int nveh = riders / 12 + 2;
    put(&b, ",\"vehicles\":[");
    for (int i = 0; i < nveh; i++) {
        int st = seats[i % 4];
        put(&b, "%s{\"id\":\"V%02d\",\"seats\":%d,", i ? "," : "", i + 1, st);
        /* every other vehicle is kept at a township's central school */
        int cl = i % 2 && c->n_clusters ? (i / 2) % (int)c->n_clusters : -1;
        if (cl >= 0 && c->clusters[cl].central >= 0)
            put(&b, "\"depot\":\"%s\",", c->schools[c->clusters[cl].central].id);
        else if (depot >= 0)
            put(&b, "\"depot\":\"%s\",", c->schools[depot].id);
        else
            put(&b, "\"depot\":{\"lat\":%.5f,\"lon\":%.5f},", ulat, ulon);
        put(&b, "\"cost_per_day\":%d,\"cost_per_km\":%.1f}",
            st > 20   ? 420
            : st > 10 ? 320
                      : 220,
            st > 20   ? 3.5
            : st > 10 ? 2.6
                      : 1.8);
    }
    put(&b, "],\"shuttle\":{\"max_ride_minutes\":75,\"speed_kmh\":40,\"arrive_before_minutes\":10,"
            "\"earliest\":\"06:00\",\"min_km\":3}}");
    if (b.oom) {
        free(b.s);
        return rotas_error_set(err, ROTAS_ENOMEM, _("gen: out of memory"));
    }
    free(c->extra);
    c->extra = b.s;
    return ROTAS_OK;
}
