#include "rotas/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rotas_rc rotas_error_set(rotas_error *err, int code, const char *fmt, ...)
{
    if (err && err->code == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code ? code : ROTAS_ERR;
    }
    return code;
}

void rotas_error_clear(rotas_error *err)
{
    if (err) {
        err->code = 0;
        err->msg[0] = '\0';
    }
}

void rotas_diags_add(rotas_diags *d, const char *fmt, ...)
{
    if (!d)
        return;
    if (d->n_items >= ROTAS_DIAGS_MAX) {
        d->n_dropped++;
        return;
    }
    if (d->n_items == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        char **items = realloc(d->items, cap * sizeof *items);
        if (!items) {
            d->n_dropped++;
            return;
        }
        d->items = items;
        d->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        d->n_dropped++;
        return;
    }
    char *s = malloc((size_t)n + 1);
    if (!s) {
        d->n_dropped++;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    d->items[d->n_items++] = s;
}

size_t rotas_diags_count(const rotas_diags *d)
{
    return d ? d->n_items + d->n_dropped : 0;
}

void rotas_diags_clear(rotas_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_items; i++)
        free(d->items[i]);
    free(d->items);
    d->items = NULL;
    d->n_items = d->cap = d->n_dropped = 0;
}
