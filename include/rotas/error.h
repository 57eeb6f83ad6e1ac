/*
 * rotas/error.h - return codes, the error record and the diagnostics list.
 *
 * Fallible functions return rotas_rc (0 ok, negative failure) and take a caller-allocated
 * `rotas_error *err` last (may be NULL). The first failure fills it; later ones leave it.
 *
 * Input validation reports every problem of a file, not only the first: it collects them in a
 * rotas_diags list (bounded: after ROTAS_DIAGS_MAX entries it only counts).
 */
#ifndef ROTAS_ERROR_H
#define ROTAS_ERROR_H

#include <stddef.h>

typedef int rotas_rc;

enum {
    ROTAS_OK = 0,
    ROTAS_ERR = -1,         /* internal or unexpected failure */
    ROTAS_EINPUT = -2,      /* bad input data or usage: the CLI exits 2 */
    ROTAS_ENOMEM = -3,      /* out of memory */
    ROTAS_EIO = -4,         /* file system */
    ROTAS_EDB = -5,         /* SQLite */
    ROTAS_EINFEASIBLE = -6, /* the input data admit no solution: the CLI exits 3 */
    ROTAS_ESOLVER = -7,     /* the solver failed */
    ROTAS_EINTR = -8        /* interrupted (signal) */
};

#define ROTAS_ERROR_MSG_MAX 1024

typedef struct rotas_error {
    int code;                      /* 0 while unset */
    char msg[ROTAS_ERROR_MSG_MAX]; /* "what: detail", no trailing newline */
} rotas_error;

/* Fill err (if non-NULL and not yet set) with code and a printf-style message; returns code. */
rotas_rc rotas_error_set(rotas_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reset err to "no error". NULL-safe. */
void rotas_error_clear(rotas_error *err);

#define ROTAS_DIAGS_MAX 1000

/* A list of located messages, e.g. "teachers[41].school: expected a school id, found \"S9\"". */
typedef struct rotas_diags {
    char **items; /* owned; n_items entries */
    size_t n_items;
    size_t cap;
    size_t n_dropped; /* messages beyond ROTAS_DIAGS_MAX, counted only */
} rotas_diags;

/* Append a message (printf-style). Never fails visibly: on out-of-memory it counts as dropped. */
void rotas_diags_add(rotas_diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Total number of messages added (kept + dropped). */
size_t rotas_diags_count(const rotas_diags *d);
/* Free the messages; d itself is caller storage and is left empty. NULL-safe. */
void rotas_diags_clear(rotas_diags *d);

#endif
