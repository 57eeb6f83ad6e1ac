/* strmap.c - open addressing with linear probing, FNV-1a hashing. */
#include "strmap_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

int rotas_strmap_init(rotas_strmap *m, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 1)
        cap *= 2;
    m->keys = calloc(cap, sizeof *m->keys);
    m->vals = calloc(cap, sizeof *m->vals);
    m->cap = cap;
    m->n = 0;
    if (!m->keys || !m->vals) {
        rotas_strmap_free(m);
        return -1;
    }
    return 0;
}

static int grow(rotas_strmap *m)
{
    rotas_strmap bigger;
    if (rotas_strmap_init(&bigger, m->cap) != 0)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            rotas_strmap_put(&bigger, m->keys[i], m->vals[i]);
    rotas_strmap_free(m);
    *m = bigger;
    return 0;
}

int rotas_strmap_put(rotas_strmap *m, const char *key, int val)
{
    if (!m->keys)
        return -1;
    if (2 * (m->n + 1) > m->cap && grow(m) != 0)
        return -1;
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0)
            return 1;
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return 0;
}

int rotas_strmap_get(const rotas_strmap *m, const char *key)
{
    if (!m->keys)
        return -1;
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0)
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

void rotas_strmap_free(rotas_strmap *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
}
