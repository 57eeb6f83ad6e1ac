/*
 * rotas/store_runs.h - the what-if run table in a SQLite database (part of the store layer).
 *
 * One row per (scenario name, input hash): the row of rotas-whatif/1 as JSON text, its status,
 * its position in the scenario file and when it finished. `rotas whatif` reads unchanged
 * scenarios back from it; `rotas whatif merge` joins the databases of shards.
 */
#ifndef ROTAS_STORE_RUNS_H
#define ROTAS_STORE_RUNS_H

#include <stddef.h>

#include "rotas/error.h"

typedef struct rotas_runs rotas_runs;

/* Open (creating the table whatif_runs if needed) a SQLite database with a rollback journal
   (journal_mode DELETE: safe on network filesystems, where WAL is not). Caller owns. */
rotas_rc rotas_runs_open(rotas_runs **out, const char *path, rotas_error *err);
/* The same with a journal mode: "delete" (NULL), "truncate", "persist" or "wal" (one host
   only: WAL's shared-memory index does not work across the machines of a network
   filesystem). Another string: ROTAS_EINPUT. */
rotas_rc rotas_runs_open_journal(rotas_runs **out, const char *path, const char *journal,
                                 rotas_error *err);
void rotas_runs_close(rotas_runs *r);
/* Finished "ok" row of (name, hash): *json_out new (free()) or NULL when none. */
rotas_rc rotas_runs_get(rotas_runs *r, const char *name, const char *hash, char **json_out,
                        rotas_error *err);
/* The row of (name, hash) whatever its status (an ok one first, then the newest): *json_out
   new (free()) or NULL when none. */
rotas_rc rotas_runs_find(rotas_runs *r, const char *name, const char *hash, char **json_out,
                         rotas_error *err);
/* Store a row (committed at once); replaces the row of the same key. idx orders output. */
rotas_rc rotas_runs_put(rotas_runs *r, const char *name, const char *hash, long idx,
                        const char *status, const char *json, rotas_error *err);
/* Join another run database into this one: rows of new keys are added; a key present in both
   keeps an "ok" row over a failed one, else the one already here. *added_out: rows added. */
rotas_rc rotas_runs_merge(rotas_runs *r, const char *other_path, long *added_out, rotas_error *err);
/* The latest row of every scenario name, ordered by idx then name. *rows_out new (free()). */
rotas_rc rotas_runs_list(rotas_runs *r, char ***rows_out, size_t *n_out, rotas_error *err);

#endif
