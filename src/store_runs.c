/*
 * store_runs.c - the what-if run table: one row per (scenario name, input hash), kept in a
 * SQLite database (the county database or a results database of its own). Part of the store
 * layer; the table is created if missing and does not touch the store's schema version.
 *
 *   whatif_runs(name, hash, idx, status, finished, json)   PRIMARY KEY (name, hash)
 *
 * Every put is its own transaction: a batch that is interrupted keeps every finished row.
 *
 * Journal: a rollback journal (DELETE) unless the caller asks for WAL. Run and shard databases
 * usually live on a cluster's shared filesystem (NFS, Lustre, CephFS), where WAL's shared-memory
 * index cannot work (SQLite documents that WAL needs all processes on one host); a rollback
 * journal needs only the filesystem's POSIX locks. Each task writes its own shard database, so
 * WAL's concurrent readers buy nothing there.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n_int.h"
#include "rotas/county.h"
#include "rotas/store_runs.h"

struct rotas_runs {
    sqlite3 *db;
    char *path;
};

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS whatif_runs("
    " name TEXT NOT NULL, hash TEXT NOT NULL, idx INTEGER NOT NULL DEFAULT 0,"
    " status TEXT NOT NULL, finished REAL NOT NULL, json TEXT NOT NULL,"
    " PRIMARY KEY(name, hash))";

static rotas_rc db_error(rotas_runs *r, const char *what, rotas_error *err)
{
    return rotas_error_set(err, ROTAS_EDB, "%s: %s: %s", r->path, what, sqlite3_errmsg(r->db));
}

void rotas_runs_close(rotas_runs *r)
{
    if (!r)
        return;
    sqlite3_close(r->db);
    free(r->path);
    free(r);
}

rotas_rc rotas_runs_open(rotas_runs **out, const char *path, rotas_error *err)
{
    return rotas_runs_open_journal(out, path, NULL, err);
}

rotas_rc rotas_runs_open_journal(rotas_runs **out, const char *path, const char *journal,
                                 rotas_error *err)
{
    static const char *const modes[] = {"delete", "truncate", "persist", "wal"};
    static const char *const pragmas[] = {"PRAGMA journal_mode=DELETE",
                                          "PRAGMA journal_mode=TRUNCATE",
                                          "PRAGMA journal_mode=PERSIST", "PRAGMA journal_mode=WAL"};
    rotas_rc rc = ROTAS_OK;
    size_t mode = 0;
    *out = NULL;
    if (journal) {
        for (mode = 0; mode < 4 && strcmp(journal, modes[mode]); mode++)
            ;
        if (mode == 4)
            return rotas_error_set(err, ROTAS_EINPUT,
                                   _("journal mode: expected delete, truncate, persist or wal, "
                                     "found \"%s\""),
                                   journal);
    }
    rotas_runs *r = calloc(1, sizeof *r);
    if (!r || !(r->path = rotas_strdup(path))) {
        free(r);
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    }
    if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        rc = r->db ? db_error(r, "open", err)
                   : rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    sqlite3_extended_result_codes(r->db, 1);
    sqlite3_busy_timeout(r->db, 5000);
    if (sqlite3_exec(r->db, pragmas[mode], NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(r->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(r->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_error(r, "create the run table", err);
        goto done;
    }
done:
    if (rc != ROTAS_OK) {
        rotas_runs_close(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

/* The row of (name, hash): only an ok one, or any (ok first, then the newest). */
static rotas_rc get_row(rotas_runs *r, const char *name, const char *hash, int any_status,
                        char **json_out, rotas_error *err)
{
    static const char *const sql[] = {
        "SELECT json FROM whatif_runs WHERE name = ?1 AND hash = ?2 AND status = 'ok'",
        "SELECT json FROM whatif_runs WHERE name = ?1 AND hash = ?2"
        " ORDER BY (status = 'ok') DESC, finished DESC LIMIT 1"};
    sqlite3_stmt *st = NULL;
    rotas_rc rc = ROTAS_OK;
    *json_out = NULL;
    if (sqlite3_prepare_v2(r->db, sql[any_status ? 1 : 0], -1, &st, NULL) != SQLITE_OK) {
        rc = db_error(r, "read a run", err);
        goto done;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        *json_out = rotas_strdup((const char *)sqlite3_column_text(st, 0));
        if (!*json_out)
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    } else if (s != SQLITE_DONE) {
        rc = db_error(r, "read a run", err);
    }
done:
    sqlite3_finalize(st);
    return rc;
}

rotas_rc rotas_runs_get(rotas_runs *r, const char *name, const char *hash, char **json_out,
                        rotas_error *err)
{
    return get_row(r, name, hash, 0, json_out, err);
}

rotas_rc rotas_runs_find(rotas_runs *r, const char *name, const char *hash, char **json_out,
                         rotas_error *err)
{
    return get_row(r, name, hash, 1, json_out, err);
}

rotas_rc rotas_runs_put(rotas_runs *r, const char *name, const char *hash, long idx,
                        const char *status, const char *json, rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    rotas_rc rc = ROTAS_OK;
    if (sqlite3_prepare_v2(r->db,
                           "INSERT OR REPLACE INTO whatif_runs(name, hash, idx, status, finished,"
                           " json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = db_error(r, "store a run", err);
        goto done;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, idx);
    sqlite3_bind_text(st, 4, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 5, (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9);
    sqlite3_bind_text(st, 6, json, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_error(r, "store a run", err);
done:
    sqlite3_finalize(st);
    return rc;
}

rotas_rc rotas_runs_merge(rotas_runs *r, const char *other_path, long *added_out, rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    rotas_rc rc = ROTAS_OK;
    int attached = 0, in_tx = 0;
    long before = 0, after = 0;
    if (added_out)
        *added_out = 0;
    /* Refuse a file that is not a run database before attaching it (ATTACH would create it).
       Read-write where allowed: a shard killed inside a transaction leaves a hot journal, which
       only a connection that may write rolls back (no other process holds the database then,
       or the journal would not be hot); read-only storage is still read. */
    sqlite3 *probe = NULL;
    char why[256] = "";
    int ok = 0;
    for (int pass = 0; pass < 2 && !ok; pass++) {
        int flags = pass == 0 ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
        if (sqlite3_open_v2(other_path, &probe, flags, NULL) == SQLITE_OK) {
            sqlite3_busy_timeout(probe, 5000);
            ok = sqlite3_prepare_v2(probe,
                                    "SELECT name, hash, idx, status, finished, json"
                                    " FROM whatif_runs LIMIT 1",
                                    -1, &st, NULL) == SQLITE_OK &&
                 sqlite3_step(st) != SQLITE_ERROR;
            ok = ok && sqlite3_extended_errcode(probe) != SQLITE_READONLY_ROLLBACK;
        }
        if (!ok && probe && !why[0])
            snprintf(why, sizeof why, "%s", sqlite3_errmsg(probe));
        sqlite3_finalize(st);
        st = NULL;
        sqlite3_close(probe);
        probe = NULL;
    }
    if (!ok)
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: not a what-if run database (%s)"),
                               other_path, why[0] ? why : "cannot open");

    if (sqlite3_prepare_v2(r->db, "ATTACH DATABASE ?1 AS shard", -1, &st, NULL) != SQLITE_OK) {
        rc = db_error(r, "attach", err);
        goto done;
    }
    sqlite3_bind_text(st, 1, other_path, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = db_error(r, "attach", err);
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    attached = 1;
    if (sqlite3_exec(r->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_error(r, "begin", err);
        goto done;
    }
    in_tx = 1;
    if (sqlite3_prepare_v2(r->db, "SELECT count(*) FROM main.whatif_runs", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        rc = db_error(r, "count", err);
        goto done;
    }
    before = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_exec(r->db,
                     "INSERT INTO main.whatif_runs(name, hash, idx, status, finished, json)"
                     " SELECT name, hash, idx, status, finished, json FROM shard.whatif_runs"
                     " WHERE true"
                     " ON CONFLICT(name, hash) DO UPDATE SET idx = excluded.idx,"
                     " status = excluded.status, finished = excluded.finished,"
                     " json = excluded.json"
                     " WHERE whatif_runs.status <> 'ok' AND excluded.status = 'ok'",
                     NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_error(r, "merge", err);
        goto done;
    }
    if (sqlite3_prepare_v2(r->db, "SELECT count(*) FROM main.whatif_runs", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        rc = db_error(r, "count", err);
        goto done;
    }
    after = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_error(r, "commit", err);
        goto done;
    }
    in_tx = 0;
    if (added_out)
        *added_out = after - before;
done:
    sqlite3_finalize(st);
    if (in_tx)
        sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
    if (attached)
        sqlite3_exec(r->db, "DETACH DATABASE shard", NULL, NULL, NULL);
    return rc;
}

rotas_rc rotas_runs_list(rotas_runs *r, char ***rows_out, size_t *n_out, rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    rotas_rc rc = ROTAS_OK;
    char **rows = NULL;
    size_t n = 0, cap = 0;
    *rows_out = NULL;
    *n_out = 0;
    /* the latest row of each name: an ok row over a failed one, then the newest */
    if (sqlite3_prepare_v2(r->db,
                           "SELECT json FROM whatif_runs w WHERE rowid = ("
                           " SELECT rowid FROM whatif_runs v WHERE v.name = w.name"
                           " ORDER BY (v.status = 'ok') DESC, v.finished DESC LIMIT 1)"
                           " ORDER BY idx, name",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = db_error(r, "list runs", err);
        goto done;
    }
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nr = realloc(rows, nc * sizeof *nr);
            if (!nr) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
                goto done;
            }
            rows = nr;
            cap = nc;
        }
        if (!(rows[n] = rotas_strdup((const char *)sqlite3_column_text(st, 0)))) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
            goto done;
        }
        n++;
    }
    if (s != SQLITE_DONE)
        rc = db_error(r, "list runs", err);
done:
    sqlite3_finalize(st);
    if (rc != ROTAS_OK) {
        for (size_t i = 0; i < n; i++)
            free(rows[i]);
        free(rows);
        return rc;
    }
    *rows_out = rows;
    *n_out = n;
    return rc;
}
