/* researchers_int.h - internal pieces of the researchers' module (private). */
#ifndef ROTAS_RESEARCHERS_INT_H
#define ROTAS_RESEARCHERS_INT_H

#include "json_int.h"
#include "rotas/researchers.h"

/* Validate the researchers' keys of a finalized county (c->extra) for the county reader;
   problems go to d located by loc. Returns the number of problems (0: fine). */
size_t rotas__researchers_validate(const rotas_county *c, rotas__locate_fn loc, void *ctx,
                                   rotas_diags *d, rotas_error *err);

/* The same for the shuttle keys (pickup_points, teachers' home, vehicles, shuttle). */
size_t rotas__shuttles_validate(const rotas_county *c, rotas__locate_fn loc, void *ctx,
                                rotas_diags *d, rotas_error *err);

/* Write a JSON document (indented, keys sorted) and a newline to path through a temporary file
   ("-" = stdout). o is borrowed. */
rotas_rc rotas__json_write(const json_t *o, const char *path, rotas_error *err);

#endif
