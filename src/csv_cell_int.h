/* csv_cell_int.h - one CSV cell as every CSV writer of rotas writes it. */
#ifndef ROTAS_CSV_CELL_INT_H
#define ROTAS_CSV_CELL_INT_H

#include <stddef.h>

/* Where the bytes of a cell go: put(ctx, bytes, n). */
typedef void (*rotas__csv_put)(void *ctx, const char *bytes, size_t n);

/* Write s (NULL: empty) as one CSV cell. RFC 4180: quoted when it holds , " CR LF or a
   leading or trailing space, " doubled. A text cell (is_text 1) that begins with = + - @
   TAB or CR gets a leading apostrophe, so that Excel and WPS show it as text and never
   evaluate it as a formula (OWASP "CSV injection"); a number (is_text 0) is written as it is. */
void rotas__csv_cell(const char *s, int is_text, rotas__csv_put put, void *ctx);

/* 1 if a text cell s would be read as a formula by a spreadsheet (see above). */
int rotas__csv_formula_like(const char *s);

#endif
