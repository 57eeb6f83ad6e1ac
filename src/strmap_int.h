/* strmap_int.h - a small open-addressing map from borrowed C strings to int (private). */
#ifndef ROTAS_STRMAP_INT_H
#define ROTAS_STRMAP_INT_H

#include <stddef.h>

typedef struct rotas_strmap {
    const char **keys; /* borrowed: the strings must outlive the map */
    int *vals;
    size_t cap; /* power of two */
    size_t n;
} rotas_strmap;

/* Prepare for about n keys; 0 ok, -1 out of memory. */
int rotas_strmap_init(rotas_strmap *m, size_t n);
/* 0 inserted, 1 key already present (value unchanged), -1 out of memory. */
int rotas_strmap_put(rotas_strmap *m, const char *key, int val);
/* The value, or -1. */
int rotas_strmap_get(const rotas_strmap *m, const char *key);
void rotas_strmap_free(rotas_strmap *m);

#endif
