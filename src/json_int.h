/*
 * json_int.h - internal: a county from an already parsed JSON document.
 *
 * The JSON reader and the CSV reader share it: the CSV reader turns its files into the same
 * document shape and passes a locator that turns a JSON path into "file.csv:line:column", so
 * that every check is written once and every message names the place in the user's file.
 */
#ifndef ROTAS_JSON_INT_H
#define ROTAS_JSON_INT_H

#include <stdarg.h>
#include <jansson.h>
#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"

/* Describe a JSON value for messages ("found ..."): strings quoted and shortened at 60 bytes
   without cutting a UTF-8 sequence, numbers as written (a real 1.0 as "1.0"), true, null, an
   array, an object, or "nothing" for NULL. Returns buf. */
const char *rotas__json_found(const json_t *j, char *buf, size_t n);

/* Write into buf (size n) the location of json_path (e.g. "teachers[41].school"), as the user
   should read it. The default (locator NULL) is the path itself. */
typedef void (*rotas__locate_fn)(void *ctx, const char *json_path, char *buf, size_t n);

/* One located message: "WHERE: MSG" with WHERE from loc (or path itself when loc is NULL),
   added to d (when not NULL) and counted in *n; the first one is kept in *first (allocated)
   for the one-line summary. */
void rotas__json_vreport(rotas__locate_fn loc, void *ctx, rotas_diags *d, size_t *n, char **first,
                         const char *path, const char *fmt, va_list ap)
    __attribute__((format(printf, 7, 0)));

/*
 * Validate root (borrowed) as rotas-county/1 and build the county. Every problem is added to
 * d as "<where>: expected <what>, found <what was there>". On problems: ROTAS_EINPUT, *out
 * untouched, err says how many. On success *out is new and finalized.
 */
rotas_rc rotas__county_from_json(rotas_county **out, json_t *root, rotas__locate_fn loc, void *ctx,
                                 rotas_diags *d, rotas_error *err);

#endif
