/*
 * store_plans.c - saved plans and approvals (see rotas/store_plans.h). Part of the store
 * layer: its tables are created on first use and do not touch the schema version.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_int.h"
#include "rotas/json.h"
#include "rotas/store_plans.h"
#include "store_int.h"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS plan_meta(plan INTEGER PRIMARY KEY REFERENCES results(id),"
    " county_hash TEXT NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS approvals(id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " plan INTEGER NOT NULL REFERENCES results(id), year INTEGER NOT NULL,"
    " approved TEXT NOT NULL, before_json TEXT NOT NULL, after_hash TEXT NOT NULL,"
    " reverted TEXT) STRICT;";

static rotas_rc fail(rotas_store *s, const char *step, rotas_error *err)
{
    sqlite3 *db = rotas__store_db(s);
    return rotas_error_set(err, ROTAS_EDB, _("%s: %s: %s (SQLite code %d)"), rotas__store_path(s),
                           step, sqlite3_errmsg(db), sqlite3_extended_errcode(db));
}

static rotas_rc exec(rotas_store *s, const char *sql, const char *step, rotas_error *err)
{
    if (sqlite3_exec(rotas__store_db(s), sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail(s, step, err);
    return ROTAS_OK;
}

static rotas_rc prepare(rotas_store *s, sqlite3_stmt **st, const char *sql, const char *step,
                        rotas_error *err)
{
    if (sqlite3_prepare_v2(rotas__store_db(s), sql, -1, st, NULL) != SQLITE_OK)
        return fail(s, step, err);
    return ROTAS_OK;
}

/* 1 if the approval tables exist (a database never written by this part has none). */
static int have_tables(rotas_store *s)
{
    sqlite3_stmt *st = NULL;
    int n = 0;
    if (sqlite3_prepare_v2(rotas__store_db(s),
                           "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                           " AND name IN ('plan_meta', 'approvals')",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n == 2;
}

static rotas_rc ensure_tables(rotas_store *s, rotas_error *err)
{
    return have_tables(s) ? ROTAS_OK : exec(s, schema, "create the approval tables", err);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    return v ? rotas_strdup((const char *)v) : NULL;
}

rotas_rc rotas_county_fingerprint(char out[17], const rotas_county *c, rotas_error *err)
{
    char *json = rotas_county_dump_json(c);
    if (!json)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)json; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    free(json);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
    return ROTAS_OK;
}

static rotas_rc begin(rotas_store *s, int *in_tx, rotas_error *err)
{
    rotas_rc rc = exec(s, "BEGIN IMMEDIATE", "begin", err);
    if (!rc)
        *in_tx = 1;
    return rc;
}

static rotas_rc commit(rotas_store *s, int *in_tx, rotas_error *err)
{
    rotas_rc rc = exec(s, "COMMIT", "commit", err);
    if (!rc)
        *in_tx = 0;
    return rc;
}

static void rollback(rotas_store *s, int in_tx)
{
    if (in_tx)
        sqlite3_exec(rotas__store_db(s), "ROLLBACK", NULL, NULL, NULL);
}

rotas_rc rotas_store_save_plan(rotas_store *s, const char *label, const char *json,
                               const char *county_hash, long long *id_out, rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    int in_tx = 0;
    long long id = 0;
    rotas_rc rc;
    if ((rc = ensure_tables(s, err)) || (rc = begin(s, &in_tx, err)) ||
        (rc = rotas_store_save_result(s, "plan", label, json, &id, err)) ||
        (rc = prepare(s, &st, "INSERT INTO plan_meta(plan, county_hash) VALUES(?1, ?2)",
                      "record the plan's county", err)))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, county_hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = fail(s, "record the plan's county", err);
        goto done;
    }
    if ((rc = commit(s, &in_tx, err)))
        goto done;
    if (id_out)
        *id_out = id;
done:
    sqlite3_finalize(st);
    rollback(s, in_tx);
    return rc;
}

void rotas_plan_rows_free(rotas_plan_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].created);
        free(rows[i].approved);
        free(rows[i].county_hash);
    }
    free(rows);
}

rotas_rc rotas_store_list_plans(rotas_plan_row **out, size_t *n_out, rotas_store *s,
                                rotas_error *err)
{
    static const char with_meta[] =
        "SELECT r.id, json_extract(r.json, '$.year'), json_array_length(r.json, '$.moves'),"
        " r.created, (SELECT a.approved FROM approvals a WHERE a.plan = r.id AND a.reverted"
        " IS NULL), m.county_hash, (SELECT count(*) FROM approvals a WHERE a.plan = r.id AND"
        " a.reverted IS NOT NULL)"
        " FROM results r LEFT JOIN plan_meta m ON m.plan = r.id WHERE r.kind = 'plan'"
        " ORDER BY r.id";
    static const char without_meta[] =
        "SELECT r.id, json_extract(r.json, '$.year'), json_array_length(r.json, '$.moves'),"
        " r.created, NULL, NULL, 0 FROM results r WHERE r.kind = 'plan' ORDER BY r.id";
    sqlite3_stmt *st = NULL;
    rotas_plan_row *rows = NULL;
    size_t n = 0, cap = 0;
    rotas_rc rc = prepare(s, &st, have_tables(s) ? with_meta : without_meta, "list plans", err);
    *out = NULL;
    *n_out = 0;
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            rotas_plan_row *g = realloc(rows, nc * sizeof *g);
            if (!g) {
                rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
                goto done;
            }
            rows = g;
            cap = nc;
        }
        rotas_plan_row *row = &rows[n++];
        memset(row, 0, sizeof *row);
        row->id = sqlite3_column_int64(st, 0);
        row->year = sqlite3_column_int(st, 1);
        row->n_moves = sqlite3_column_int64(st, 2);
        row->created = col_dup(st, 3);
        row->approved = col_dup(st, 4);
        row->county_hash = col_dup(st, 5);
        row->reverted = sqlite3_column_int(st, 6);
    }
    if (r != SQLITE_DONE) {
        rc = fail(s, "list plans", err);
        goto done;
    }
    *out = rows;
    *n_out = n;
    rows = NULL;
done:
    rotas_plan_rows_free(rows, n);
    sqlite3_finalize(st);
    return rc;
}

/* The approved time of plan id if an approval of it is in force (new string), else NULL. */
static rotas_rc approved_at(rotas_store *s, long long id, char **out, rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    *out = NULL;
    rotas_rc rc =
        prepare(s, &st, "SELECT approved FROM approvals WHERE plan = ?1 AND reverted IS NULL",
                "read approvals", err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        if (!(*out = col_dup(st, 0)))
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    } else if (r != SQLITE_DONE) {
        rc = fail(s, "read approvals", err);
    }
    sqlite3_finalize(st);
    return rc;
}

rotas_rc rotas_store_plan_approvable(rotas_store *s, long long id, const char *county_hash,
                                     int *why, char *approved_on, int *has_hash, rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    char *when = NULL;
    rotas_rc rc;
    *has_hash = 0;
    *why = ROTAS_APPROVABLE;
    approved_on[0] = '\0';
    if (!have_tables(s))
        return ROTAS_OK;
    if ((rc = approved_at(s, id, &when, err)))
        return rc;
    if (when) {
        *why = ROTAS_ALREADY_APPROVED;
        snprintf(approved_on, 32, "%s", when);
        free(when);
        return ROTAS_OK;
    }
    if ((rc = prepare(s, &st, "SELECT county_hash FROM plan_meta WHERE plan = ?1",
                      "read the plan's county", err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 0);
        *has_hash = 1;
        if (!h || strcmp(h, county_hash) != 0)
            *why = ROTAS_OTHER_COUNTY;
    } else if (r != SQLITE_DONE) {
        rc = fail(s, "read the plan's county", err);
    }
    sqlite3_finalize(st);
    return rc;
}

rotas_rc rotas_store_approve_plan(rotas_store *s, long long id, int year, const char *before_json,
                                  const rotas_county *after, const char *after_hash,
                                  rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    char *when = NULL;
    int in_tx = 0;
    rotas_rc rc;
    if ((rc = ensure_tables(s, err)) || (rc = begin(s, &in_tx, err)) ||
        (rc = approved_at(s, id, &when, err)))
        goto done;
    if (when) { /* another approval won the race */
        rc = rotas_error_set(err, ROTAS_ERR, _("plan %lld is already approved (on %s)"), id, when);
        goto done;
    }
    if ((rc = rotas__store_write_county(s, after, err)) ||
        (rc = prepare(s, &st,
                      "INSERT INTO approvals(plan, year, approved, before_json, after_hash)"
                      " VALUES(?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3, ?4)",
                      "record the approval", err)))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_text(st, 3, before_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, after_hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = fail(s, "record the approval", err);
        goto done;
    }
    {
        char label[64], doc[128];
        snprintf(label, sizeof label, "approval of plan %lld", id);
        snprintf(doc, sizeof doc,
                 "{\"format\": \"rotas-approval/1\", \"plan\": %lld, \"year\": %d}", id, year);
        if ((rc = rotas_store_save_result(s, "approval", label, doc, NULL, err)))
            goto done;
    }
    rc = commit(s, &in_tx, err);
done:
    free(when);
    sqlite3_finalize(st);
    rollback(s, in_tx);
    return rc;
}

rotas_rc rotas_store_last_approval(rotas_store *s, long long *plan_out, char **before_json_out,
                                   char *after_hash_out, rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    *before_json_out = NULL;
    if (!have_tables(s))
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: no plan has been approved"),
                               rotas__store_path(s));
    rotas_rc rc = prepare(s, &st,
                          "SELECT plan, before_json, after_hash FROM approvals"
                          " WHERE reverted IS NULL ORDER BY id DESC LIMIT 1",
                          "read approvals", err);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *plan_out = sqlite3_column_int64(st, 0);
        const char *h = (const char *)sqlite3_column_text(st, 2);
        snprintf(after_hash_out, 17, "%s", h ? h : "");
        if (!(*before_json_out = col_dup(st, 1)))
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    } else if (r == SQLITE_DONE) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: no approval to revert"),
                             rotas__store_path(s));
    } else {
        rc = fail(s, "read approvals", err);
    }
    sqlite3_finalize(st);
    return rc;
}

rotas_rc rotas_store_revert_approval(rotas_store *s, long long id, const rotas_county *before,
                                     rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    int in_tx = 0;
    rotas_rc rc;
    if ((rc = ensure_tables(s, err)) || (rc = begin(s, &in_tx, err)) ||
        (rc = rotas__store_write_county(s, before, err)) ||
        (rc = prepare(s, &st,
                      "UPDATE approvals SET reverted = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                      " WHERE id = (SELECT max(id) FROM approvals WHERE reverted IS NULL)"
                      " AND plan = ?1",
                      "mark the approval reverted", err)))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = fail(s, "mark the approval reverted", err);
        goto done;
    }
    if (sqlite3_changes(rotas__store_db(s)) != 1) {
        rc = rotas_error_set(err, ROTAS_ERR, _("plan %lld is not the last approval in force"), id);
        goto done;
    }
    {
        char label[64], doc[128];
        snprintf(label, sizeof label, "revert of plan %lld", id);
        snprintf(doc, sizeof doc, "{\"format\": \"rotas-revert/1\", \"plan\": %lld}", id);
        if ((rc = rotas_store_save_result(s, "revert", label, doc, NULL, err)))
            goto done;
    }
    rc = commit(s, &in_tx, err);
done:
    sqlite3_finalize(st);
    rollback(s, in_tx);
    return rc;
}

rotas_rc rotas_store_count_approvals(rotas_store *s, long long *out, rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    if (!have_tables(s))
        return ROTAS_OK;
    rotas_rc rc = prepare(s, &st, "SELECT count(*) FROM approvals WHERE reverted IS NULL",
                          "count approvals", err);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        rc = fail(s, "count approvals", err);
    sqlite3_finalize(st);
    return rc;
}
