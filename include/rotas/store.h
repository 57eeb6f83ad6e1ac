/*
 * rotas/store.h - the SQLite store, the system of record. The only module that knows SQLite.
 *
 * One table per entity, foreign keys on, WAL, schema version in PRAGMA user_version with
 * append-only migrations; a database newer than this program is refused. Every write that
 * belongs together is one transaction: an import either lands whole or not at all.
 */
#ifndef ROTAS_STORE_H
#define ROTAS_STORE_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"

typedef struct rotas_store rotas_store;

/* How a command uses the database. */
typedef enum rotas_store_mode {
    ROTAS_STORE_READ,  /* read only: opened read-only, never written (an older schema is
                          migrated in a copy in memory); works on a read-only medium */
    ROTAS_STORE_WRITE, /* an existing rotas database, migrated and written */
    ROTAS_STORE_CREATE /* as WRITE, and a missing, 0-byte or table-less file is created */
} rotas_store_mode;

/* Open a database (caller owns *out). Before any write, and reading only, the file is
   checked to be a rotas database: PRAGMA application_id 0x524F5441 ("ROTA"), which rotas
   sets at creation (a database of an older rotas, id 0, is recognised by its tables and
   stamped when opened for writing). Another program's SQLite file, a file that is not
   SQLite, or (READ, WRITE) a missing or empty one is ROTAS_EINPUT and left untouched.
   ":memory:" works in every mode. */
rotas_rc rotas_store_open_mode(rotas_store **out, const char *path, rotas_store_mode mode,
                               rotas_error *err);
/* rotas_store_open_mode(out, path, ROTAS_STORE_CREATE, err). */
rotas_rc rotas_store_open(rotas_store **out, const char *path, rotas_error *err);
void rotas_store_close(rotas_store *s);
/* The schema version of this program. */
int rotas_store_schema_version(void);

/* Replace the county held in the database by c, in one transaction. */
rotas_rc rotas_store_save_county(rotas_store *s, const rotas_county *c, rotas_error *err);
/* Load the county (finalized). ROTAS_EINPUT if the database holds none. */
rotas_rc rotas_store_load_county(rotas_county **out, rotas_store *s, rotas_error *err);

/* Replace the county and record a result (e.g. the approval of a plan that changed it) in
   one transaction: both land or neither. */
rotas_rc rotas_store_save_county_with_result(rotas_store *s, const rotas_county *c,
                                             const char *kind, const char *label, const char *json,
                                             long long *id_out, rotas_error *err);

/* Results (plans, timetables, what-if rows) are stored as their JSON documents.
   kind: "plan", "timetable", ...; returns the new id in *id_out. */
rotas_rc rotas_store_save_result(rotas_store *s, const char *kind, const char *label,
                                 const char *json, long long *id_out, rotas_error *err);
/* *json_out is new (free()); *kind_out new too if non-NULL. ROTAS_EINPUT if no such id. */
rotas_rc rotas_store_load_result(rotas_store *s, long long id, char **kind_out, char **json_out,
                                 rotas_error *err);

#endif
