/* store_int.h - what the store's own files share (the only other users of sqlite3.h). */
#ifndef ROTAS_STORE_INT_H
#define ROTAS_STORE_INT_H

#include <sqlite3.h>

#include "rotas/store.h"

/* The connection (borrowed) and the path the store was opened with (borrowed). */
sqlite3 *rotas__store_db(rotas_store *s);
const char *rotas__store_path(const rotas_store *s);
/* Delete the county held and insert c, inside a transaction the caller holds. */
rotas_rc rotas__store_write_county(rotas_store *s, const rotas_county *c, rotas_error *err);

#endif
