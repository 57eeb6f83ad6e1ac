/*
 * store.c - the SQLite store: schema, migrations, saving and loading the county, results.
 * The only file of rotas that includes sqlite3.h.
 *
 * Every entity has its own table and a `pos` column, so that loading gives back the exact
 * order of the file that was imported (export is lossless). References between entities are
 * stored as ids with foreign keys; the cluster's central school is a plain id checked on load
 * (schools reference clusters, so the other direction would make a cycle).
 */
#include "i18n_int.h"
#include "rotas/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store_int.h"
#include "strmap_int.h"

struct rotas_store {
    sqlite3 *db;
    char *path;
};

/*
 * Migrations: append only. migrations[N] upgrades user_version N to N + 1, in one
 * transaction. Never edit a step that has shipped; add a new one.
 */
static const char *const migrations[] = {
    /* 0 -> 1: the county tables and results. */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) STRICT;"
    "CREATE TABLE subjects(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, name TEXT,"
    " shortage INTEGER NOT NULL DEFAULT 0, extra TEXT) STRICT;"
    "CREATE TABLE clusters(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, name TEXT,"
    " central TEXT, declared INTEGER NOT NULL DEFAULT 1, extra TEXT) STRICT;"
    "CREATE TABLE groups(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, extra TEXT) STRICT;"
    "CREATE TABLE schools(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, name TEXT,"
    " kind TEXT NOT NULL, area TEXT NOT NULL,"
    " cluster TEXT REFERENCES clusters(id), grp TEXT REFERENCES groups(id),"
    " hardship INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,"
    " students INTEGER NOT NULL, staff_quota INTEGER NOT NULL, extra TEXT) STRICT;"
    "CREATE TABLE classes(school TEXT NOT NULL REFERENCES schools(id), id TEXT NOT NULL,"
    " pos INTEGER NOT NULL, grades TEXT NOT NULL, students INTEGER NOT NULL, extra TEXT,"
    " PRIMARY KEY(school, id)) STRICT;"
    "CREATE TABLE bell_periods(school TEXT NOT NULL REFERENCES schools(id),"
    " period INTEGER NOT NULL, start_min INTEGER NOT NULL, end_min INTEGER NOT NULL,"
    " PRIMARY KEY(school, period)) STRICT;"
    "CREATE TABLE travel(pos INTEGER PRIMARY KEY,"
    " from_school TEXT NOT NULL REFERENCES schools(id),"
    " to_school TEXT NOT NULL REFERENCES schools(id),"
    " km REAL NOT NULL, minutes REAL NOT NULL, extra TEXT) STRICT;"
    "CREATE TABLE curriculum(pos INTEGER PRIMARY KEY, grade INTEGER NOT NULL,"
    " subject TEXT NOT NULL REFERENCES subjects(id), periods INTEGER NOT NULL,"
    " extra TEXT) STRICT;"
    "CREATE TABLE teachers(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, name TEXT,"
    " gender TEXT, birth_year INTEGER NOT NULL, school TEXT REFERENCES schools(id),"
    " role TEXT NOT NULL, school_since INTEGER NOT NULL, post_since INTEGER NOT NULL,"
    " key TEXT NOT NULL, key_is_bool INTEGER NOT NULL, title TEXT, degree TEXT, exempt TEXT,"
    " exchange_until INTEGER, max_periods INTEGER NOT NULL, extra TEXT) STRICT;"
    "CREATE TABLE teacher_subjects(teacher TEXT NOT NULL REFERENCES teachers(id),"
    " pos INTEGER NOT NULL, subject TEXT NOT NULL REFERENCES subjects(id),"
    " PRIMARY KEY(teacher, pos)) STRICT;"
    "CREATE TABLE teacher_preferences(teacher TEXT NOT NULL REFERENCES teachers(id),"
    " pos INTEGER NOT NULL, school TEXT NOT NULL REFERENCES schools(id),"
    " PRIMARY KEY(teacher, pos)) STRICT;"
    "CREATE TABLE results(id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
    " label TEXT, created TEXT NOT NULL, json TEXT NOT NULL) STRICT;",
    /* 1 -> 2: everyday constraints. Days and periods are 1-based, as in the files. */
    "ALTER TABLE teachers ADD COLUMN max_days INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE teachers ADD COLUMN middle_leader INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE teachers ADD COLUMN hardship_years INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE class_unavailable(school TEXT NOT NULL, class TEXT NOT NULL,"
    " pos INTEGER NOT NULL, day INTEGER NOT NULL, period INTEGER NOT NULL, reason TEXT,"
    " PRIMARY KEY(school, class, pos),"
    " FOREIGN KEY(school, class) REFERENCES classes(school, id)) STRICT;"
    "CREATE TABLE teacher_unavailable(teacher TEXT NOT NULL REFERENCES teachers(id),"
    " pos INTEGER NOT NULL, day INTEGER NOT NULL, start_min INTEGER NOT NULL,"
    " end_min INTEGER NOT NULL, reason TEXT, PRIMARY KEY(teacher, pos)) STRICT;"
    "CREATE TABLE subject_rules(pos INTEGER PRIMARY KEY,"
    " subject TEXT NOT NULL REFERENCES subjects(id), not_first_period INTEGER NOT NULL,"
    " not_after_lunch INTEGER NOT NULL, before_period INTEGER NOT NULL, extra TEXT) STRICT;"
    "CREATE TABLE fixed_lessons(pos INTEGER PRIMARY KEY, school TEXT NOT NULL,"
    " class TEXT NOT NULL, subject TEXT NOT NULL REFERENCES subjects(id),"
    " teacher TEXT NOT NULL REFERENCES teachers(id), day INTEGER NOT NULL,"
    " period INTEGER NOT NULL, extra TEXT,"
    " FOREIGN KEY(school, class) REFERENCES classes(school, id)) STRICT;"
    "CREATE TABLE decisions(pos INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
    " teacher TEXT REFERENCES teachers(id), teacher2 TEXT REFERENCES teachers(id),"
    " school TEXT REFERENCES schools(id), subject TEXT REFERENCES subjects(id), reason TEXT,"
    " extra TEXT) STRICT;",
    /* 2 -> 3: shared rooms of a school and the kind of room a subject needs. */
    "CREATE TABLE rooms(school TEXT NOT NULL REFERENCES schools(id), id TEXT NOT NULL,"
    " pos INTEGER NOT NULL, name TEXT, kind TEXT NOT NULL, capacity INTEGER NOT NULL,"
    " extra TEXT, PRIMARY KEY(school, id)) STRICT;"
    "ALTER TABLE subjects ADD COLUMN room_kind TEXT;",
    /* 3 -> 4: an education group's head school (a plain id checked on load, like central). */
    "ALTER TABLE groups ADD COLUMN head TEXT;",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int rotas_store_schema_version(void)
{
    return N_MIGRATIONS;
}

/* Fill err from the connection's current error, naming the SQL step. Copies at once. */
static rotas_rc db_fail(rotas_store *s, rotas_error *err, const char *step)
{
    int code = sqlite3_extended_errcode(s->db);
    if ((code & 0xff) == SQLITE_NOTADB)
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: not a SQLite database (%s)"), s->path,
                               sqlite3_errmsg(s->db));
    return rotas_error_set(err, ROTAS_EDB, _("%s: %s: %s (SQLite code %d)"), s->path, step,
                           sqlite3_errmsg(s->db), code);
}

static rotas_rc exec(rotas_store *s, const char *sql, const char *step, rotas_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        rotas_rc rc;
        int code = sqlite3_extended_errcode(s->db);
        if ((code & 0xff) == SQLITE_NOTADB)
            rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: not a SQLite database (%s)"), s->path,
                                 msg ? msg : sqlite3_errstr(code));
        else
            rc = rotas_error_set(err, ROTAS_EDB, _("%s: %s: %s (SQLite code %d)"), s->path, step,
                                 msg ? msg : sqlite3_errstr(code), code);
        sqlite3_free(msg);
        return rc;
    }
    return ROTAS_OK;
}

static rotas_rc prepare(rotas_store *s, sqlite3_stmt **st, const char *sql, const char *step,
                        rotas_error *err)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
        return db_fail(s, err, step);
    return ROTAS_OK;
}

/* One integer from a query without parameters. */
static rotas_rc query_int(rotas_store *s, const char *sql, const char *step, long long *out,
                          rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    rotas_rc rc = prepare(s, &st, sql, step, err);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (r == SQLITE_DONE)
        *out = 0;
    else
        rc = db_fail(s, err, step);
    sqlite3_finalize(st);
    return rc;
}

static rotas_rc migrate(rotas_store *s, rotas_error *err)
{
    long long version = 0, n_tables = 0;
    rotas_rc rc = query_int(s, "PRAGMA user_version", "read schema version", &version, err);
    if (rc)
        return rc;
    if (version > N_MIGRATIONS)
        return rotas_error_set(err, ROTAS_EINPUT,
                               _("%s: database schema version %lld is newer than this program "
                                 "(version %d); use a newer rotas"),
                               s->path, version, N_MIGRATIONS);
    if (version == 0) {
        rc = query_int(s, "SELECT count(*) FROM sqlite_schema", "read schema", &n_tables, err);
        if (rc)
            return rc;
        if (n_tables > 0)
            return rotas_error_set(err, ROTAS_EINPUT,
                                   _("%s: not a rotas database (it holds other tables)"), s->path);
    }
    for (int v = (int)version; v < N_MIGRATIONS; v++) {
        char step[64], pragma[64];
        snprintf(step, sizeof step, "migration %d to %d", v, v + 1);
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if ((rc = exec(s, "BEGIN IMMEDIATE", step, err)))
            return rc;
        if ((rc = exec(s, migrations[v], step, err)) || (rc = exec(s, pragma, step, err))) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        if ((rc = exec(s, "COMMIT", step, err))) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
    return ROTAS_OK;
}

static rotas_rc stamp(rotas_store *s, rotas_error *err);

/* Open read-write (creating the file if missing), WAL, migrate and stamp application_id. */
static rotas_rc open_rw(rotas_store **out, const char *path, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = rotas_strdup(path))) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    int r = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (r != SQLITE_OK) {
        if (!s->db) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
            goto done;
        }
        rc = rotas_error_set(err, ROTAS_EIO, _("%s: cannot open database: %s"), path,
                             sqlite3_errmsg(s->db));
        goto done;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    /* The first statement reads the file header: a file that is not a database fails here. */
    if ((rc = exec(s, "PRAGMA journal_mode = WAL", "set journal mode", err)) ||
        (rc = exec(s, "PRAGMA foreign_keys = ON", "enable foreign keys", err)) ||
        (rc = migrate(s, err)) || (rc = stamp(s, err)))
        goto done;
done:
    if (rc) {
        rotas_store_close(s);
        s = NULL;
    }
    *out = s;
    return rc;
}

/* ------------------------------------------------------------ foreign files */

/* PRAGMA application_id of every database rotas creates: "ROTA". A database with another
   id belongs to another program and is refused before a byte of it is written. */
#define ROTAS_APPLICATION_ID 0x524F5441

/* The tables that make a database written by a rotas older than application_id (then 0)
   a rotas database, not another program's file that happens to set user_version. */
static const char *const legacy_tables[] = {"meta",     "subjects", "schools", "classes",
                                            "teachers", "travel",   "results", "curriculum"};

/* Mark a rotas database as one (a new one, or one from before application_id). */
static rotas_rc stamp(rotas_store *s, rotas_error *err)
{
    long long id = 0;
    rotas_rc rc = query_int(s, "PRAGMA application_id", "read application_id", &id, err);
    if (rc || id == ROTAS_APPLICATION_ID)
        return rc;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d", ROTAS_APPLICATION_ID);
    if ((rc = exec(s, "BEGIN IMMEDIATE", "set application_id", err)))
        return rc;
    if ((rc = exec(s, sql, "set application_id", err)) ||
        (rc = exec(s, "COMMIT", "set application_id", err)))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* "file:<path>?mode=ro[&immutable=1]" with the URI's special characters escaped. */
static char *ro_uri(const char *path, int immutable)
{
    size_t n = strlen(path) * 3 + 40;
    char *u = malloc(n), *w = u;
    if (!u)
        return NULL;
    w += sprintf(w, "file:");
    for (const char *p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            w += sprintf(w, "%%%02X", (unsigned char)*p);
        else
            *w++ = *p;
    }
    sprintf(w, "?mode=ro%s", immutable ? "&immutable=1" : "");
    return u;
}

/* Open path read-only; on a read-only medium a WAL database cannot get its -shm file, so
   open it as immutable then (nothing can write it there anyway). */
static rotas_rc open_ro(rotas_store *s, rotas_error *err)
{
    for (int immutable = 0; immutable < 2; immutable++) {
        char *uri = ro_uri(s->path, immutable);
        if (!uri)
            return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        int r = sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
        free(uri);
        if (r == SQLITE_OK) {
            sqlite3_extended_result_codes(s->db, 1);
            sqlite3_busy_timeout(s->db, 5000);
            long long v = 0;
            rotas_error probe = {0};
            if (query_int(s, "PRAGMA user_version", "read schema version", &v, &probe) == ROTAS_OK)
                return ROTAS_OK;
            int code = sqlite3_extended_errcode(s->db) & 0xff;
            if (immutable || (code != SQLITE_CANTOPEN && code != SQLITE_READONLY)) {
                rotas_error_set(err, probe.code, "%s", probe.msg);
                return probe.code;
            }
        } else if (!s->db) {
            return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        } else if (immutable) {
            return rotas_error_set(err, ROTAS_EIO, _("%s: cannot open database: %s"), s->path,
                                   sqlite3_errmsg(s->db));
        }
        sqlite3_close_v2(s->db);
        s->db = NULL;
    }
    return rotas_error_set(err, ROTAS_EIO, _("%s: cannot open database"), s->path);
}

/* Decide, reading only, whether the open connection holds a rotas database: *empty 1 for a
   database with no tables at all. EINPUT with the reason for another program's file. */
static rotas_rc identify(rotas_store *s, int *empty, long long *version, rotas_error *err)
{
    long long id = 0, n_tables = 0;
    rotas_rc rc;
    *empty = 0;
    if ((rc = query_int(s, "PRAGMA application_id", "read application_id", &id, err)) ||
        (rc = query_int(s, "PRAGMA user_version", "read schema version", version, err)) ||
        (rc = query_int(s, "SELECT count(*) FROM sqlite_schema", "read schema", &n_tables, err)))
        return rc;
    if (id != 0 && id != ROTAS_APPLICATION_ID)
        return rotas_error_set(err, ROTAS_EINPUT,
                               _("%s: not a rotas database: application_id 0x%08llX belongs to "
                                 "another program (rotas: 0x%08X)"),
                               s->path, (unsigned long long)id & 0xffffffffULL,
                               ROTAS_APPLICATION_ID);
    if (*version > N_MIGRATIONS)
        return rotas_error_set(err, ROTAS_EINPUT,
                               _("%s: database schema version %lld is newer than this program "
                                 "(version %d); use a newer rotas"),
                               s->path, *version, N_MIGRATIONS);
    if (n_tables == 0 && *version == 0) {
        *empty = 1;
        return ROTAS_OK;
    }
    if (id == ROTAS_APPLICATION_ID && *version >= 1)
        return ROTAS_OK;
    /* application_id 0: a rotas database from before it, or another program's */
    const char *missing = NULL;
    for (size_t i = 0; i < sizeof legacy_tables / sizeof legacy_tables[0] && !missing; i++) {
        sqlite3_stmt *st = NULL;
        if ((rc = prepare(s, &st, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                          "read schema", err)))
            return rc;
        sqlite3_bind_text(st, 1, legacy_tables[i], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_ROW)
            missing = legacy_tables[i];
        sqlite3_finalize(st);
    }
    if (*version < 1 || missing)
        return rotas_error_set(err, ROTAS_EINPUT,
                               _("%s: not a rotas database (application_id 0, user_version %lld, "
                                 "%s); refusing to change it"),
                               s->path, *version,
                               missing ? "no rotas tables" : "tables of another program");
    return ROTAS_OK;
}

/* A read-only store of an older schema: copy it into memory and migrate the copy. */
static rotas_rc migrate_copy(rotas_store *s, rotas_error *err)
{
    sqlite3 *mem = NULL;
    if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_close_v2(mem);
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), s->path);
    }
    sqlite3_backup *b = sqlite3_backup_init(mem, "main", s->db, "main");
    int r = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
    sqlite3_backup_finish(b);
    if (r != SQLITE_DONE) {
        rotas_rc rc = rotas_error_set(err, ROTAS_EDB, _("%s: cannot read the database: %s"),
                                      s->path, sqlite3_errmsg(mem));
        sqlite3_close_v2(mem);
        return rc;
    }
    sqlite3_close_v2(s->db);
    s->db = mem;
    sqlite3_extended_result_codes(s->db, 1);
    return migrate(s, err);
}

rotas_rc rotas_store_open_mode(rotas_store **out, const char *path, rotas_store_mode mode,
                               rotas_error *err)
{
    *out = NULL;
    if (!strcmp(path, ":memory:"))
        return open_rw(out, path, err);
    struct stat st;
    if (stat(path, &st) != 0) {
        if (mode == ROTAS_STORE_CREATE)
            return open_rw(out, path, err);
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: no such database"), path);
    }
    if (S_ISDIR(st.st_mode))
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: a folder, not a database"), path);
    if (st.st_size == 0) {
        if (mode == ROTAS_STORE_CREATE)
            return open_rw(out, path, err);
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: an empty file, not a rotas database"),
                               path);
    }
    rotas_rc rc = ROTAS_OK;
    int empty = 0;
    long long version = 0;
    rotas_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = rotas_strdup(path))) {
        free(s);
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    }
    if ((rc = open_ro(s, err)) || (rc = identify(s, &empty, &version, err)))
        goto done;
    if (empty && mode != ROTAS_STORE_CREATE) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: an empty database, not a rotas database"),
                             path);
        goto done;
    }
    if (mode == ROTAS_STORE_READ) {
        if (version < N_MIGRATIONS && (rc = migrate_copy(s, err)))
            goto done;
        rc = exec(s, "PRAGMA foreign_keys = ON", "enable foreign keys", err);
        goto done;
    }
    /* a rotas database (or an empty one to create): open it for writing */
    rotas_store_close(s);
    s = NULL;
    return open_rw(out, path, err);
done:
    if (rc) {
        rotas_store_close(s);
        s = NULL;
    }
    *out = s;
    return rc;
}

rotas_rc rotas_store_open(rotas_store **out, const char *path, rotas_error *err)
{
    return rotas_store_open_mode(out, path, ROTAS_STORE_CREATE, err);
}

void rotas_store_close(rotas_store *s)
{
    if (!s)
        return;
    sqlite3_close_v2(s->db);
    free(s->path);
    free(s);
}

/* ---------------------------------------------------------------- saving */

enum {
    ST_META,
    ST_SUBJECT,
    ST_CLUSTER,
    ST_GROUP,
    ST_SCHOOL,
    ST_CLASS,
    ST_BELL,
    ST_TRAVEL,
    ST_CURRICULUM,
    ST_TEACHER,
    ST_TEACHER_SUBJECT,
    ST_TEACHER_PREF,
    ST_CLASS_UNAV,
    ST_TEACHER_UNAV,
    ST_RULE,
    ST_FIXED,
    ST_DECISION,
    ST_ROOM,
    ST_COUNT
};

static const struct {
    const char *step, *sql;
} insert_sql[ST_COUNT] = {
    {"insert meta", "INSERT INTO meta(key, value) VALUES(?1, ?2)"},
    {"insert subjects", "INSERT INTO subjects(id, pos, name, shortage, extra, room_kind)"
                        " VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
    {"insert clusters", "INSERT INTO clusters(id, pos, name, central, declared, extra)"
                        " VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
    {"insert groups", "INSERT INTO groups(id, pos, extra, head) VALUES(?1, ?2, ?3, ?4)"},
    {"insert schools",
     "INSERT INTO schools(id, pos, name, kind, area, cluster, grp, hardship, lat, lon,"
     " students, staff_quota, extra) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
     " ?13)"},
    {"insert classes", "INSERT INTO classes(school, id, pos, grades, students, extra)"
                       " VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
    {"insert bell_periods", "INSERT INTO bell_periods(school, period, start_min, end_min)"
                            " VALUES(?1, ?2, ?3, ?4)"},
    {"insert travel", "INSERT INTO travel(pos, from_school, to_school, km, minutes, extra)"
                      " VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
    {"insert curriculum", "INSERT INTO curriculum(pos, grade, subject, periods, extra)"
                          " VALUES(?1, ?2, ?3, ?4, ?5)"},
    {"insert teachers",
     "INSERT INTO teachers(id, pos, name, gender, birth_year, school, role, school_since,"
     " post_since, key, key_is_bool, title, degree, exempt, exchange_until, max_periods, extra,"
     " max_days, middle_leader, hardship_years)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
     " ?19, ?20)"},
    {"insert teacher_subjects",
     "INSERT INTO teacher_subjects(teacher, pos, subject) VALUES(?1, ?2, ?3)"},
    {"insert teacher_preferences",
     "INSERT INTO teacher_preferences(teacher, pos, school) VALUES(?1, ?2, ?3)"},
    {"insert class_unavailable",
     "INSERT INTO class_unavailable(school, class, pos, day, period, reason)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
    {"insert teacher_unavailable",
     "INSERT INTO teacher_unavailable(teacher, pos, day, start_min, end_min, reason)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
    {"insert subject_rules",
     "INSERT INTO subject_rules(pos, subject, not_first_period, not_after_lunch, before_period,"
     " extra) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
    {"insert fixed_lessons",
     "INSERT INTO fixed_lessons(pos, school, class, subject, teacher, day, period, extra)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
    {"insert decisions",
     "INSERT INTO decisions(pos, kind, teacher, teacher2, school, subject, reason, extra)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
    {"insert rooms", "INSERT INTO rooms(school, id, pos, name, kind, capacity, extra)"
                     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
};

/* Children first, so that no foreign key is ever dangling. */
static const char delete_all_sql[] =
    "DELETE FROM decisions; DELETE FROM fixed_lessons; DELETE FROM subject_rules;"
    "DELETE FROM teacher_unavailable; DELETE FROM class_unavailable;"
    "DELETE FROM teacher_preferences; DELETE FROM teacher_subjects; DELETE FROM teachers;"
    "DELETE FROM curriculum; DELETE FROM travel; DELETE FROM bell_periods; DELETE FROM rooms;"
    "DELETE FROM classes;"
    "DELETE FROM schools; DELETE FROM groups; DELETE FROM clusters; DELETE FROM subjects;"
    "DELETE FROM meta;";

typedef struct saver {
    rotas_store *s;
    const rotas_county *c;
    sqlite3_stmt *st[ST_COUNT];
    rotas_error *err;
} saver;

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Run a bound insert and reset it for the next row. */
static rotas_rc run(saver *sv, int which)
{
    sqlite3_stmt *st = sv->st[which];
    rotas_rc rc = ROTAS_OK;
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_fail(sv->s, sv->err, insert_sql[which].step);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/* The id of entity index i among n, or NULL (with err set) if i is out of range.
   Where none is allowed, -1 gives "" in *ok_null. */
static rotas_rc ref_id(saver *sv, const char *what, size_t row, const char *field, int i, size_t n,
                       const void *base, size_t stride, int allow_none, const char **out)
{
    *out = NULL;
    if (i == -1 && allow_none)
        return ROTAS_OK;
    if (i < 0 || (size_t)i >= n)
        return rotas_error_set(sv->err, ROTAS_ERR, _("%s: %s[%zu].%s: index %d out of range"),
                               sv->s->path, what, row, field, i);
    *out = *(char *const *)((const char *)base + (size_t)i * stride);
    return ROTAS_OK;
}

#define SCHOOL_REF(sv, what, row, field, i, none, out)                                             \
    ref_id(sv, what, row, field, i, (sv)->c->n_schools, (sv)->c->schools,                          \
           sizeof *(sv)->c->schools, none, out)
#define SUBJECT_REF(sv, what, row, field, i, out)                                                  \
    ref_id(sv, what, row, field, i, (sv)->c->n_subjects, (sv)->c->subjects,                        \
           sizeof *(sv)->c->subjects, 0, out)

static rotas_rc save_meta(saver *sv)
{
    const rotas_county *c = sv->c;
    sqlite3_stmt *st = sv->st[ST_META];
    rotas_rc rc;
    char year[32];
    snprintf(year, sizeof year, "%d", c->year);
    const char *kv[][2] = {{"format", ROTAS_FORMAT_COUNTY},
                           {"name", c->name},
                           {"year", c->year ? year : NULL},
                           {"extra", c->extra}};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
        if (!kv[i][1])
            continue;
        bind_text(st, 1, kv[i][0]);
        bind_text(st, 2, kv[i][1]);
        if ((rc = run(sv, ST_META)))
            return rc;
    }
    return ROTAS_OK;
}

static rotas_rc save_entities(saver *sv)
{
    const rotas_county *c = sv->c;
    rotas_rc rc = ROTAS_OK;
    sqlite3_stmt *st;
    const char *a = NULL, *b = NULL;

    st = sv->st[ST_SUBJECT];
    for (size_t i = 0; i < c->n_subjects; i++) {
        const rotas_subject *x = &c->subjects[i];
        bind_text(st, 1, x->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        bind_text(st, 3, x->name);
        sqlite3_bind_int(st, 4, x->shortage);
        bind_text(st, 5, x->extra);
        bind_text(st, 6, x->room_kind);
        if ((rc = run(sv, ST_SUBJECT)))
            return rc;
    }
    st = sv->st[ST_CLUSTER];
    for (size_t i = 0; i < c->n_clusters; i++) {
        const rotas_cluster *x = &c->clusters[i];
        if ((rc = SCHOOL_REF(sv, "clusters", i, "central", x->central, 1, &a)))
            return rc;
        bind_text(st, 1, x->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        bind_text(st, 3, x->name);
        bind_text(st, 4, a);
        sqlite3_bind_int(st, 5, x->declared);
        bind_text(st, 6, x->extra);
        if ((rc = run(sv, ST_CLUSTER)))
            return rc;
    }
    st = sv->st[ST_GROUP];
    for (size_t i = 0; i < c->n_groups; i++) {
        if ((rc = SCHOOL_REF(sv, "groups", i, "head", c->groups[i].head, 1, &a)))
            return rc;
        bind_text(st, 1, c->groups[i].id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        bind_text(st, 3, c->groups[i].extra);
        bind_text(st, 4, a);
        if ((rc = run(sv, ST_GROUP)))
            return rc;
    }
    st = sv->st[ST_SCHOOL];
    for (size_t i = 0; i < c->n_schools; i++) {
        const rotas_school *x = &c->schools[i];
        if ((rc = ref_id(sv, "schools", i, "cluster", x->cluster, c->n_clusters, c->clusters,
                         sizeof *c->clusters, 1, &a)) ||
            (rc = ref_id(sv, "schools", i, "group", x->group, c->n_groups, c->groups,
                         sizeof *c->groups, 1, &b)))
            return rc;
        bind_text(st, 1, x->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        bind_text(st, 3, x->name);
        bind_text(st, 4, rotas_kind_name(x->kind));
        bind_text(st, 5, rotas_area_name(x->area));
        bind_text(st, 6, a);
        bind_text(st, 7, b);
        sqlite3_bind_int(st, 8, x->hardship);
        sqlite3_bind_double(st, 9, x->lat);
        sqlite3_bind_double(st, 10, x->lon);
        sqlite3_bind_int(st, 11, x->students);
        sqlite3_bind_int(st, 12, x->staff_quota);
        bind_text(st, 13, x->extra);
        if ((rc = run(sv, ST_SCHOOL)))
            return rc;
        for (size_t p = 0; p < x->n_bell; p++) {
            sqlite3_stmt *bt = sv->st[ST_BELL];
            bind_text(bt, 1, x->id);
            sqlite3_bind_int64(bt, 2, (sqlite3_int64)p + 1);
            sqlite3_bind_int(bt, 3, x->bell[p].start);
            sqlite3_bind_int(bt, 4, x->bell[p].end);
            if ((rc = run(sv, ST_BELL)))
                return rc;
        }
        for (size_t r = 0; r < x->n_rooms; r++) {
            sqlite3_stmt *rt = sv->st[ST_ROOM];
            const rotas_room *rm = &x->rooms[r];
            bind_text(rt, 1, x->id);
            bind_text(rt, 2, rm->id);
            sqlite3_bind_int64(rt, 3, (sqlite3_int64)r);
            bind_text(rt, 4, rm->name);
            bind_text(rt, 5, rm->kind);
            sqlite3_bind_int(rt, 6, rm->capacity);
            bind_text(rt, 7, rm->extra);
            if ((rc = run(sv, ST_ROOM)))
                return rc;
        }
    }
    st = sv->st[ST_CLASS];
    for (size_t i = 0; i < c->n_classes; i++) {
        const rotas_class *x = &c->classes[i];
        char grades[ROTAS_MAX_GRADE * 12 + 1];
        size_t len = 0;
        if ((rc = SCHOOL_REF(sv, "classes", i, "school", x->school, 0, &a)))
            return rc;
        grades[0] = '\0';
        for (size_t g = 0; g < x->n_grades && g < ROTAS_MAX_GRADE; g++)
            len +=
                (size_t)snprintf(grades + len, sizeof grades - len, g ? ";%d" : "%d", x->grades[g]);
        bind_text(st, 1, a);
        bind_text(st, 2, x->id);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
        bind_text(st, 4, grades);
        sqlite3_bind_int(st, 5, x->students);
        bind_text(st, 6, x->extra);
        if ((rc = run(sv, ST_CLASS)))
            return rc;
        for (size_t k = 0; k < x->n_unavailable; k++) {
            sqlite3_stmt *cu = sv->st[ST_CLASS_UNAV];
            bind_text(cu, 1, a);
            bind_text(cu, 2, x->id);
            sqlite3_bind_int64(cu, 3, (sqlite3_int64)k);
            sqlite3_bind_int(cu, 4, x->unavailable[k].day + 1);
            sqlite3_bind_int(cu, 5, x->unavailable[k].period + 1);
            bind_text(cu, 6, x->unavailable[k].reason);
            if ((rc = run(sv, ST_CLASS_UNAV)))
                return rc;
        }
    }
    st = sv->st[ST_TRAVEL];
    for (size_t i = 0; i < c->n_travel; i++) {
        const rotas_travel *x = &c->travel[i];
        if ((rc = SCHOOL_REF(sv, "travel", i, "from", x->from, 0, &a)) ||
            (rc = SCHOOL_REF(sv, "travel", i, "to", x->to, 0, &b)))
            return rc;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
        bind_text(st, 2, a);
        bind_text(st, 3, b);
        sqlite3_bind_double(st, 4, x->km);
        sqlite3_bind_double(st, 5, x->minutes);
        bind_text(st, 6, x->extra);
        if ((rc = run(sv, ST_TRAVEL)))
            return rc;
    }
    st = sv->st[ST_CURRICULUM];
    for (size_t i = 0; i < c->n_curriculum; i++) {
        const rotas_curriculum_row *x = &c->curriculum[i];
        if ((rc = SUBJECT_REF(sv, "curriculum", i, "subject", x->subject, &a)))
            return rc;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
        sqlite3_bind_int(st, 2, x->grade);
        bind_text(st, 3, a);
        sqlite3_bind_int(st, 4, x->periods);
        bind_text(st, 5, x->extra);
        if ((rc = run(sv, ST_CURRICULUM)))
            return rc;
    }
    return ROTAS_OK;
}

static rotas_rc save_teachers(saver *sv)
{
    const rotas_county *c = sv->c;
    rotas_rc rc = ROTAS_OK;
    sqlite3_stmt *st = sv->st[ST_TEACHER];
    const char *a = NULL;
    for (size_t i = 0; i < c->n_teachers; i++) {
        const rotas_teacher *x = &c->teachers[i];
        char gender[2] = {x->gender, '\0'};
        if ((rc = SCHOOL_REF(sv, "teachers", i, "school", x->school, 1, &a)))
            return rc;
        bind_text(st, 1, x->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        bind_text(st, 3, x->name);
        bind_text(st, 4, x->gender ? gender : NULL);
        sqlite3_bind_int(st, 5, x->birth_year);
        bind_text(st, 6, a);
        bind_text(st, 7, rotas_role_name(x->role));
        sqlite3_bind_int(st, 8, x->school_since);
        sqlite3_bind_int(st, 9, x->post_since);
        bind_text(st, 10, rotas_key_name(x->key));
        sqlite3_bind_int(st, 11, x->key_is_bool);
        bind_text(st, 12, x->title);
        bind_text(st, 13, x->degree);
        bind_text(st, 14, x->exempt);
        if (x->exchange_until)
            sqlite3_bind_int(st, 15, x->exchange_until);
        else
            sqlite3_bind_null(st, 15);
        sqlite3_bind_int(st, 16, x->max_periods);
        bind_text(st, 17, x->extra);
        sqlite3_bind_int(st, 18, x->max_days);
        sqlite3_bind_int(st, 19, x->middle_leader);
        sqlite3_bind_int(st, 20, x->hardship_years);
        if ((rc = run(sv, ST_TEACHER)))
            return rc;
        for (size_t k = 0; k < x->n_unavailable; k++) {
            sqlite3_stmt *tu = sv->st[ST_TEACHER_UNAV];
            const rotas_time_block *b = &x->unavailable[k];
            bind_text(tu, 1, x->id);
            sqlite3_bind_int64(tu, 2, (sqlite3_int64)k);
            sqlite3_bind_int(tu, 3, b->day + 1);
            sqlite3_bind_int(tu, 4, b->start);
            sqlite3_bind_int(tu, 5, b->end);
            bind_text(tu, 6, b->reason);
            if ((rc = run(sv, ST_TEACHER_UNAV)))
                return rc;
        }
        for (size_t k = 0; k < x->n_subjects; k++) {
            sqlite3_stmt *ts = sv->st[ST_TEACHER_SUBJECT];
            if ((rc = SUBJECT_REF(sv, "teachers", i, "subjects", x->subjects[k], &a)))
                return rc;
            bind_text(ts, 1, x->id);
            sqlite3_bind_int64(ts, 2, (sqlite3_int64)k);
            bind_text(ts, 3, a);
            if ((rc = run(sv, ST_TEACHER_SUBJECT)))
                return rc;
        }
        for (size_t k = 0; k < x->n_preferences; k++) {
            sqlite3_stmt *tp = sv->st[ST_TEACHER_PREF];
            if ((rc = SCHOOL_REF(sv, "teachers", i, "preferences", x->preferences[k], 0, &a)))
                return rc;
            bind_text(tp, 1, x->id);
            sqlite3_bind_int64(tp, 2, (sqlite3_int64)k);
            bind_text(tp, 3, a);
            if ((rc = run(sv, ST_TEACHER_PREF)))
                return rc;
        }
    }
    return ROTAS_OK;
}

#define TEACHER_REF(sv, what, row, field, i, none, out)                                            \
    ref_id(sv, what, row, field, i, (sv)->c->n_teachers, (sv)->c->teachers,                        \
           sizeof *(sv)->c->teachers, none, out)

static rotas_rc save_everyday(saver *sv)
{
    const rotas_county *c = sv->c;
    rotas_rc rc = ROTAS_OK;
    sqlite3_stmt *st = sv->st[ST_RULE];
    const char *a = NULL, *b = NULL, *t = NULL, *u = NULL;
    for (size_t i = 0; i < c->n_subject_rules; i++) {
        const rotas_subject_rule *x = &c->subject_rules[i];
        if ((rc = SUBJECT_REF(sv, "subject_rules", i, "subject", x->subject, &a)))
            return rc;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
        bind_text(st, 2, a);
        sqlite3_bind_int(st, 3, x->not_first_period);
        sqlite3_bind_int(st, 4, x->not_after_lunch);
        sqlite3_bind_int(st, 5, x->before_period);
        bind_text(st, 6, x->extra);
        if ((rc = run(sv, ST_RULE)))
            return rc;
    }
    st = sv->st[ST_FIXED];
    for (size_t i = 0; i < c->n_fixed_lessons; i++) {
        const rotas_fixed_lesson *x = &c->fixed_lessons[i];
        if (x->klass < 0 || (size_t)x->klass >= c->n_classes)
            return rotas_error_set(sv->err, ROTAS_ERR,
                                   _("%s: fixed_lessons[%zu].class: index %d "
                                     "out of range"),
                                   sv->s->path, i, x->klass);
        const rotas_class *k = &c->classes[x->klass];
        if ((rc = SCHOOL_REF(sv, "fixed_lessons", i, "school", k->school, 0, &a)) ||
            (rc = SUBJECT_REF(sv, "fixed_lessons", i, "subject", x->subject, &b)) ||
            (rc = TEACHER_REF(sv, "fixed_lessons", i, "teacher", x->teacher, 0, &t)))
            return rc;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
        bind_text(st, 2, a);
        bind_text(st, 3, k->id);
        bind_text(st, 4, b);
        bind_text(st, 5, t);
        sqlite3_bind_int(st, 6, x->day + 1);
        sqlite3_bind_int(st, 7, x->period + 1);
        bind_text(st, 8, x->extra);
        if ((rc = run(sv, ST_FIXED)))
            return rc;
    }
    st = sv->st[ST_DECISION];
    for (size_t i = 0; i < c->n_decisions; i++) {
        const rotas_decision *x = &c->decisions[i];
        if ((rc = TEACHER_REF(sv, "decisions", i, "teacher", x->teacher, 1, &t)) ||
            (rc = TEACHER_REF(sv, "decisions", i, "teacher2", x->teacher2, 1, &u)) ||
            (rc = SCHOOL_REF(sv, "decisions", i, "school", x->school, 1, &a)))
            return rc;
        b = NULL;
        if (x->subject != -1 && (rc = SUBJECT_REF(sv, "decisions", i, "subject", x->subject, &b)))
            return rc;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
        bind_text(st, 2, rotas_decision_kind_name(x->kind));
        bind_text(st, 3, t);
        bind_text(st, 4, u);
        bind_text(st, 5, a);
        bind_text(st, 6, b);
        bind_text(st, 7, x->reason);
        bind_text(st, 8, x->extra);
        if ((rc = run(sv, ST_DECISION)))
            return rc;
    }
    return ROTAS_OK;
}

static rotas_rc insert_result(rotas_store *s, const char *kind, const char *label, const char *json,
                              long long *id_out, rotas_error *err);

/* Delete the county held and insert c, inside the caller's transaction. */
rotas_rc rotas__store_write_county(rotas_store *s, const rotas_county *c, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    saver sv = {.s = s, .c = c, .err = err};
    if ((rc = exec(s, delete_all_sql, "delete the previous county", err)))
        goto done;
    for (int i = 0; i < ST_COUNT; i++)
        if ((rc = prepare(s, &sv.st[i], insert_sql[i].sql, insert_sql[i].step, err)))
            goto done;
    if ((rc = save_meta(&sv)) || (rc = save_entities(&sv)) || (rc = save_teachers(&sv)) ||
        (rc = save_everyday(&sv)))
        goto done;
done:
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(sv.st[i]);
    return rc;
}

sqlite3 *rotas__store_db(rotas_store *s)
{
    return s->db;
}
const char *rotas__store_path(const rotas_store *s)
{
    return s->path;
}

/* Replace the county and, if kind is non-NULL, record a result, in one transaction. */
static rotas_rc save_county_tx(rotas_store *s, const rotas_county *c, const char *kind,
                               const char *label, const char *json, long long *id_out,
                               rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    int in_tx = 0;

    if ((rc = exec(s, "BEGIN IMMEDIATE", "begin import", err)))
        goto done;
    in_tx = 1;
    if ((rc = rotas__store_write_county(s, c, err)))
        goto done;
    if (kind && (rc = insert_result(s, kind, label, json, id_out, err)))
        goto done;
    if ((rc = exec(s, "COMMIT", "commit import", err)))
        goto done;
    in_tx = 0;
done:
    if (in_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

rotas_rc rotas_store_save_county(rotas_store *s, const rotas_county *c, rotas_error *err)
{
    return save_county_tx(s, c, NULL, NULL, NULL, NULL, err);
}

rotas_rc rotas_store_save_county_with_result(rotas_store *s, const rotas_county *c,
                                             const char *kind, const char *label, const char *json,
                                             long long *id_out, rotas_error *err)
{
    if (!kind || !json)
        return rotas_error_set(err, ROTAS_ERR, _("save result: kind and json are required"));
    return save_county_tx(s, c, kind, label, json, id_out, err);
}

/* ---------------------------------------------------------------- loading */

typedef struct loader {
    rotas_store *s;
    rotas_county *c;
    rotas_strmap subjects, clusters, groups, schools, teachers;
    rotas_error *err;
} loader;

/* Copy a text column (NULL stays NULL). Returns -1 on out of memory. */
static int col_dup(sqlite3_stmt *st, int i, char **out)
{
    *out = NULL;
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return 0;
    const unsigned char *t = sqlite3_column_text(st, i);
    if (!t)
        return -1;
    *out = rotas_strdup((const char *)t);
    return *out ? 0 : -1;
}

static rotas_rc corrupt(loader *ld, const char *table, const char *what, const char *found)
{
    return rotas_error_set(ld->err, ROTAS_EINPUT, _("%s: table %s: %s \"%s\""), ld->s->path, table,
                           what, found ? found : "(null)");
}

static rotas_rc nomem(loader *ld)
{
    return rotas_error_set(ld->err, ROTAS_ENOMEM, _("out of memory"));
}

/* Look an id up; -1 for NULL; -2 (and err) if not found. */
static int resolve(loader *ld, const rotas_strmap *m, sqlite3_stmt *st, int col, const char *table,
                   const char *what)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return -1;
    const char *id = (const char *)sqlite3_column_text(st, col);
    int i = id ? rotas_strmap_get(m, id) : -1;
    if (i < 0) {
        corrupt(ld, table, what, id);
        return -2;
    }
    return i;
}

/* Prepare "SELECT count(*)" and allocate *arr for that many elements of size sz. */
static rotas_rc alloc_rows(loader *ld, const char *table, void **arr, size_t *n, size_t sz)
{
    char sql[96];
    long long cnt = 0;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    rotas_rc rc = query_int(ld->s, sql, "count rows", &cnt, ld->err);
    if (rc)
        return rc;
    *n = 0;
    *arr = calloc(cnt > 0 ? (size_t)cnt : 1, sz);
    if (!*arr)
        return nomem(ld);
    return ROTAS_OK;
}

static rotas_rc map_put(loader *ld, rotas_strmap *m, const char *table, const char *id, int i)
{
    int r = rotas_strmap_put(m, id ? id : "", i);
    if (r < 0)
        return nomem(ld);
    if (r == 1)
        return corrupt(ld, table, "duplicate id", id);
    return ROTAS_OK;
}

static int parse_enum(int (*parse)(const char *), sqlite3_stmt *st, int col)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    return t ? parse(t) : -1;
}

static rotas_rc load_meta(loader *ld)
{
    sqlite3_stmt *st = NULL;
    rotas_rc rc = prepare(ld->s, &st, "SELECT key, value FROM meta", "read meta", ld->err);
    int have_format = 0, r = SQLITE_DONE;
    while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        if (!k || !v)
            continue;
        if (!strcmp(k, "format")) {
            if (strcmp(v, ROTAS_FORMAT_COUNTY) != 0)
                rc = corrupt(ld, "meta", "unknown format", v);
            have_format = 1;
        } else if (!strcmp(k, "name")) {
            if (!(ld->c->name = rotas_strdup(v)))
                rc = nomem(ld);
        } else if (!strcmp(k, "year")) {
            ld->c->year = atoi(v);
        } else if (!strcmp(k, "extra")) {
            if (!(ld->c->extra = rotas_strdup(v)))
                rc = nomem(ld);
        }
    }
    if (!rc && r != SQLITE_DONE)
        rc = db_fail(ld->s, ld->err, "read meta");
    if (!rc && !have_format)
        rc = rotas_error_set(ld->err, ROTAS_EINPUT,
                             _("%s: the database holds no county (import one with 'rotas import')"),
                             ld->s->path);
    sqlite3_finalize(st);
    return rc;
}

#define STEP_ROWS(ld, st, step, rc, body)                                                          \
    do {                                                                                           \
        int r_ = SQLITE_DONE;                                                                      \
        while (!(rc) && (r_ = sqlite3_step(st)) == SQLITE_ROW) {                                   \
            body                                                                                   \
        }                                                                                          \
        if (!(rc) && r_ != SQLITE_DONE)                                                            \
            rc = db_fail((ld)->s, (ld)->err, step);                                                \
    } while (0)

static rotas_rc load_subjects_clusters_groups(loader *ld, sqlite3_stmt **central_st)
{
    rotas_county *c = ld->c;
    sqlite3_stmt *st = NULL;
    rotas_rc rc;

    if ((rc = alloc_rows(ld, "subjects", (void **)&c->subjects, &c->n_subjects,
                         sizeof *c->subjects)) ||
        (rc = prepare(ld->s, &st,
                      "SELECT id, name, shortage, extra, json_extract(extra, '$.category'),"
                      " room_kind FROM subjects ORDER BY pos",
                      "read subjects", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read subjects", rc, {
        rotas_subject *x = &c->subjects[c->n_subjects];
        if (col_dup(st, 0, &x->id) || col_dup(st, 1, &x->name) || col_dup(st, 3, &x->extra) ||
            col_dup(st, 5, &x->room_kind))
            rc = nomem(ld);
        x->shortage = sqlite3_column_int(st, 2);
        if (sqlite3_column_type(st, 4) != SQLITE_NULL) { /* the category given on import */
            int k = rotas_subject_category_parse((const char *)sqlite3_column_text(st, 4));
            x->category = k < 0 ? ROTAS_CATEGORY_DEFAULT : (rotas_subject_category)k;
        }
        c->n_subjects++;
        if (!rc)
            rc = map_put(ld, &ld->subjects, "subjects", x->id, (int)c->n_subjects - 1);
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;

    if ((rc = alloc_rows(ld, "clusters", (void **)&c->clusters, &c->n_clusters,
                         sizeof *c->clusters)) ||
        (rc = prepare(ld->s, &st, "SELECT id, name, declared, extra FROM clusters ORDER BY pos",
                      "read clusters", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read clusters", rc, {
        rotas_cluster *x = &c->clusters[c->n_clusters];
        if (col_dup(st, 0, &x->id) || col_dup(st, 1, &x->name) || col_dup(st, 3, &x->extra))
            rc = nomem(ld);
        x->declared = sqlite3_column_int(st, 2);
        x->central = -1;
        c->n_clusters++;
        if (!rc)
            rc = map_put(ld, &ld->clusters, "clusters", x->id, (int)c->n_clusters - 1);
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;

    if ((rc = alloc_rows(ld, "groups", (void **)&c->groups, &c->n_groups, sizeof *c->groups)) ||
        (rc = prepare(ld->s, &st, "SELECT id, extra FROM groups ORDER BY pos", "read groups",
                      ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read groups", rc, {
        rotas_group *x = &c->groups[c->n_groups];
        if (col_dup(st, 0, &x->id) || col_dup(st, 1, &x->extra))
            rc = nomem(ld);
        x->head = -1;
        c->n_groups++;
        if (!rc)
            rc = map_put(ld, &ld->groups, "groups", x->id, (int)c->n_groups - 1);
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;
    /* Central schools are resolved once the schools are known. */
    rc = prepare(ld->s, central_st, "SELECT central FROM clusters ORDER BY pos",
                 "read cluster central schools", ld->err);
done:
    sqlite3_finalize(st);
    return rc;
}

static rotas_rc load_schools(loader *ld)
{
    rotas_county *c = ld->c;
    sqlite3_stmt *st = NULL;
    rotas_rc rc;
    if ((rc = alloc_rows(ld, "schools", (void **)&c->schools, &c->n_schools, sizeof *c->schools)) ||
        (rc = prepare(ld->s, &st,
                      "SELECT id, name, kind, area, cluster, grp, hardship, lat, lon, students,"
                      " staff_quota, extra FROM schools ORDER BY pos",
                      "read schools", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read schools", rc, {
        rotas_school *x = &c->schools[c->n_schools];
        if (col_dup(st, 0, &x->id) || col_dup(st, 1, &x->name) || col_dup(st, 11, &x->extra))
            rc = nomem(ld);
        c->n_schools++;
        int kind = parse_enum(rotas_kind_parse, st, 2);
        int area = parse_enum(rotas_area_parse, st, 3);
        x->cluster = resolve(ld, &ld->clusters, st, 4, "schools", "unknown cluster");
        x->group = resolve(ld, &ld->groups, st, 5, "schools", "unknown group");
        if (kind < 0)
            rc = corrupt(ld, "schools", "unknown kind", (const char *)sqlite3_column_text(st, 2));
        else if (area < 0)
            rc = corrupt(ld, "schools", "unknown area", (const char *)sqlite3_column_text(st, 3));
        else if (x->cluster == -2 || x->group == -2)
            rc = ROTAS_EINPUT;
        x->kind = (rotas_school_kind)(kind < 0 ? 0 : kind);
        x->area = (rotas_area)(area < 0 ? 0 : area);
        x->hardship = sqlite3_column_int(st, 6);
        x->lat = sqlite3_column_double(st, 7);
        x->lon = sqlite3_column_double(st, 8);
        x->students = sqlite3_column_int(st, 9);
        x->staff_quota = sqlite3_column_int(st, 10);
        if (!rc)
            rc = map_put(ld, &ld->schools, "schools", x->id, (int)c->n_schools - 1);
    });
done:
    sqlite3_finalize(st);
    return rc;
}

static rotas_rc load_classes_bells(loader *ld)
{
    rotas_county *c = ld->c;
    sqlite3_stmt *st = NULL;
    rotas_rc rc;
    if ((rc = alloc_rows(ld, "classes", (void **)&c->classes, &c->n_classes, sizeof *c->classes)) ||
        (rc = prepare(ld->s, &st,
                      "SELECT school, id, grades, students, extra FROM classes ORDER BY pos",
                      "read classes", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read classes", rc, {
        rotas_class *x = &c->classes[c->n_classes];
        if (col_dup(st, 1, &x->id) || col_dup(st, 4, &x->extra))
            rc = nomem(ld);
        c->n_classes++;
        x->school = resolve(ld, &ld->schools, st, 0, "classes", "unknown school");
        if (x->school < 0 && !rc)
            rc = corrupt(ld, "classes", "unknown school", (const char *)sqlite3_column_text(st, 0));
        x->students = sqlite3_column_int(st, 3);
        const char *g = (const char *)sqlite3_column_text(st, 2);
        while (!rc && g && *g) {
            char *end = NULL;
            long v = strtol(g, &end, 10);
            if (end == g || x->n_grades >= ROTAS_MAX_GRADE) {
                rc = corrupt(ld, "classes", "bad grades", (const char *)sqlite3_column_text(st, 2));
                break;
            }
            x->grades[x->n_grades++] = (int)v;
            g = *end == ';' ? end + 1 : end;
        }
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;

    if ((rc = prepare(ld->s, &st,
                      "SELECT school, start_min, end_min FROM bell_periods ORDER BY school, period",
                      "read bell_periods", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read bell_periods", rc, {
        int si = resolve(ld, &ld->schools, st, 0, "bell_periods", "unknown school");
        if (si < 0) {
            rc = corrupt(ld, "bell_periods", "unknown school",
                         (const char *)sqlite3_column_text(st, 0));
        } else {
            rotas_school *x = &c->schools[si];
            rotas_bell_period *b = realloc(x->bell, (x->n_bell + 1) * sizeof *b);
            if (!b) {
                rc = nomem(ld);
            } else {
                x->bell = b;
                b[x->n_bell].start = sqlite3_column_int(st, 1);
                b[x->n_bell].end = sqlite3_column_int(st, 2);
                x->n_bell++;
            }
        }
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;

    if ((rc = prepare(
             ld->s, &st,
             "SELECT school, id, name, kind, capacity, extra FROM rooms ORDER BY school, pos",
             "read rooms", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read rooms", rc, {
        int si = resolve(ld, &ld->schools, st, 0, "rooms", "unknown school");
        if (si < 0) {
            rc = corrupt(ld, "rooms", "unknown school", (const char *)sqlite3_column_text(st, 0));
        } else {
            rotas_school *x = &c->schools[si];
            rotas_room *r = realloc(x->rooms, (x->n_rooms + 1) * sizeof *r);
            if (!r) {
                rc = nomem(ld);
            } else {
                x->rooms = r;
                memset(&r[x->n_rooms], 0, sizeof *r);
                rotas_room *rm = &r[x->n_rooms++];
                if (col_dup(st, 1, &rm->id) || col_dup(st, 2, &rm->name) ||
                    col_dup(st, 3, &rm->kind) || col_dup(st, 5, &rm->extra))
                    rc = nomem(ld);
                rm->capacity = sqlite3_column_int(st, 4);
            }
        }
    });
done:
    sqlite3_finalize(st);
    return rc;
}

static rotas_rc load_travel_curriculum(loader *ld)
{
    rotas_county *c = ld->c;
    sqlite3_stmt *st = NULL;
    rotas_rc rc;
    if ((rc = alloc_rows(ld, "travel", (void **)&c->travel, &c->n_travel, sizeof *c->travel)) ||
        (rc = prepare(ld->s, &st,
                      "SELECT from_school, to_school, km, minutes, extra FROM travel ORDER BY pos",
                      "read travel", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read travel", rc, {
        rotas_travel *x = &c->travel[c->n_travel];
        if (col_dup(st, 4, &x->extra))
            rc = nomem(ld);
        c->n_travel++;
        x->from = resolve(ld, &ld->schools, st, 0, "travel", "unknown school");
        x->to = resolve(ld, &ld->schools, st, 1, "travel", "unknown school");
        if (!rc && (x->from < 0 || x->to < 0))
            rc = ROTAS_EINPUT;
        x->km = sqlite3_column_double(st, 2);
        x->minutes = sqlite3_column_double(st, 3);
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;

    if ((rc = alloc_rows(ld, "curriculum", (void **)&c->curriculum, &c->n_curriculum,
                         sizeof *c->curriculum)) ||
        (rc = prepare(ld->s, &st,
                      "SELECT grade, subject, periods, extra FROM curriculum ORDER BY pos",
                      "read curriculum", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read curriculum", rc, {
        rotas_curriculum_row *x = &c->curriculum[c->n_curriculum];
        if (col_dup(st, 3, &x->extra))
            rc = nomem(ld);
        c->n_curriculum++;
        x->grade = sqlite3_column_int(st, 0);
        x->subject = resolve(ld, &ld->subjects, st, 1, "curriculum", "unknown subject");
        if (!rc && x->subject < 0)
            rc = rotas_error_set(ld->err, ROTAS_EINPUT, _("%s: table curriculum: no subject"),
                                 ld->s->path);
        x->periods = sqlite3_column_int(st, 2);
    });
done:
    sqlite3_finalize(st);
    return rc;
}

/* Append v to a growing int list (capacity doubles at powers of two). */
static int push_int(int **arr, size_t *n, int v)
{
    if ((*n & (*n - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
        int *a = realloc(*arr, (*n ? *n * 2 : 1) * sizeof *a);
        if (!a)
            return -1;
        *arr = a;
    }
    (*arr)[(*n)++] = v;
    return 0;
}

static rotas_rc load_teachers(loader *ld)
{
    rotas_county *c = ld->c;
    sqlite3_stmt *st = NULL;
    rotas_rc rc;
    if ((rc = alloc_rows(ld, "teachers", (void **)&c->teachers, &c->n_teachers,
                         sizeof *c->teachers)) ||
        (rc = prepare(ld->s, &st,
                      "SELECT id, name, gender, birth_year, school, role, school_since,"
                      " post_since, key, key_is_bool, title, degree, exempt, exchange_until,"
                      " max_periods, extra, max_days, middle_leader, hardship_years"
                      " FROM teachers ORDER BY pos",
                      "read teachers", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read teachers", rc, {
        rotas_teacher *x = &c->teachers[c->n_teachers];
        if (col_dup(st, 0, &x->id) || col_dup(st, 1, &x->name) || col_dup(st, 10, &x->title) ||
            col_dup(st, 11, &x->degree) || col_dup(st, 12, &x->exempt) ||
            col_dup(st, 15, &x->extra))
            rc = nomem(ld);
        c->n_teachers++;
        const char *g = (const char *)sqlite3_column_text(st, 2);
        x->gender = g ? g[0] : '\0';
        x->birth_year = sqlite3_column_int(st, 3);
        x->school = resolve(ld, &ld->schools, st, 4, "teachers", "unknown school");
        int role = parse_enum(rotas_role_parse, st, 5);
        int key = parse_enum(rotas_key_parse, st, 8);
        if (!rc && x->school == -2)
            rc = ROTAS_EINPUT;
        if (!rc && role < 0)
            rc = corrupt(ld, "teachers", "unknown role", (const char *)sqlite3_column_text(st, 5));
        if (!rc && key < 0)
            rc = corrupt(ld, "teachers", "unknown key level",
                         (const char *)sqlite3_column_text(st, 8));
        x->role = (rotas_role)(role < 0 ? 0 : role);
        x->key = key < 0 ? 0 : key;
        x->school_since = sqlite3_column_int(st, 6);
        x->post_since = sqlite3_column_int(st, 7);
        x->key_is_bool = sqlite3_column_int(st, 9);
        int dl = x->degree ? rotas_degree_parse(x->degree) : -1;
        x->degree_level = dl < 0 ? ROTAS_DEGREE_UNKNOWN : dl;
        x->exchange_until = sqlite3_column_int(st, 13);
        x->max_periods = sqlite3_column_int(st, 14);
        x->max_days = sqlite3_column_int(st, 16);
        x->middle_leader = sqlite3_column_int(st, 17);
        x->hardship_years = sqlite3_column_int(st, 18);
        if (!rc)
            rc = map_put(ld, &ld->teachers, "teachers", x->id, (int)c->n_teachers - 1);
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;

    static const struct {
        const char *table, *sql;
        int pref;
    } lists[] = {
        {"teacher_subjects", "SELECT teacher, subject FROM teacher_subjects ORDER BY teacher, pos",
         0},
        {"teacher_preferences",
         "SELECT teacher, school FROM teacher_preferences ORDER BY teacher, pos", 1},
    };
    for (size_t li = 0; li < 2 && !rc; li++) {
        if ((rc = prepare(ld->s, &st, lists[li].sql, lists[li].table, ld->err)))
            goto done;
        STEP_ROWS(ld, st, lists[li].table, rc, {
            int ti = resolve(ld, &ld->teachers, st, 0, lists[li].table, "unknown teacher");
            int v = resolve(ld, lists[li].pref ? &ld->schools : &ld->subjects, st, 1,
                            lists[li].table, lists[li].pref ? "unknown school" : "unknown subject");
            if (ti < 0 || v < 0) {
                rc = ROTAS_EINPUT;
                if (ti == -1 || v == -1)
                    corrupt(ld, lists[li].table, "missing id", NULL);
            } else {
                rotas_teacher *x = &c->teachers[ti];
                if (lists[li].pref ? push_int(&x->preferences, &x->n_preferences, v)
                                   : push_int(&x->subjects, &x->n_subjects, v))
                    rc = nomem(ld);
            }
        });
        sqlite3_finalize(st);
        st = NULL;
    }
done:
    sqlite3_finalize(st);
    return rc;
}

/* A class index from its position column (classes are loaded in pos order, pos = index). */
static int class_at(loader *ld, sqlite3_stmt *st, int col)
{
    long long pos = sqlite3_column_int64(st, col);
    if (sqlite3_column_type(st, col) == SQLITE_NULL || pos < 0 ||
        (unsigned long long)pos >= ld->c->n_classes)
        return -1;
    return (int)pos;
}

static rotas_rc load_everyday(loader *ld)
{
    rotas_county *c = ld->c;
    sqlite3_stmt *st = NULL;
    rotas_rc rc;

    /* Unavailable periods and times: appended to their class or teacher, in order. */
    if ((rc = prepare(ld->s, &st,
                      "SELECT k.pos, u.day, u.period, u.reason FROM class_unavailable u"
                      " JOIN classes k ON k.school = u.school AND k.id = u.class"
                      " ORDER BY k.pos, u.pos",
                      "read class_unavailable", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read class_unavailable", rc, {
        int ki = class_at(ld, st, 0);
        if (ki < 0) {
            rc = corrupt(ld, "class_unavailable", "unknown class", NULL);
        } else {
            rotas_class *x = &c->classes[ki];
            rotas_class_block *b = realloc(x->unavailable, (x->n_unavailable + 1) * sizeof *b);
            if (!b) {
                rc = nomem(ld);
            } else {
                x->unavailable = b;
                b += x->n_unavailable++;
                b->day = sqlite3_column_int(st, 1) - 1;
                b->period = sqlite3_column_int(st, 2) - 1;
                if (col_dup(st, 3, &b->reason))
                    rc = nomem(ld);
            }
        }
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;
    if ((rc = prepare(ld->s, &st,
                      "SELECT teacher, day, start_min, end_min, reason FROM teacher_unavailable"
                      " ORDER BY teacher, pos",
                      "read teacher_unavailable", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read teacher_unavailable", rc, {
        int ti = resolve(ld, &ld->teachers, st, 0, "teacher_unavailable", "unknown teacher");
        if (ti < 0) {
            rc = ROTAS_EINPUT;
        } else {
            rotas_teacher *x = &c->teachers[ti];
            rotas_time_block *b = realloc(x->unavailable, (x->n_unavailable + 1) * sizeof *b);
            if (!b) {
                rc = nomem(ld);
            } else {
                x->unavailable = b;
                b += x->n_unavailable++;
                b->day = sqlite3_column_int(st, 1) - 1;
                b->start = sqlite3_column_int(st, 2);
                b->end = sqlite3_column_int(st, 3);
                if (col_dup(st, 4, &b->reason))
                    rc = nomem(ld);
            }
        }
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;

    if ((rc = alloc_rows(ld, "subject_rules", (void **)&c->subject_rules, &c->n_subject_rules,
                         sizeof *c->subject_rules)))
        goto done;
    if ((rc = prepare(ld->s, &st,
                      "SELECT subject, not_first_period, not_after_lunch, before_period, extra"
                      " FROM subject_rules ORDER BY pos",
                      "read subject_rules", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read subject_rules", rc, {
        rotas_subject_rule *x = &c->subject_rules[c->n_subject_rules++];
        x->subject = resolve(ld, &ld->subjects, st, 0, "subject_rules", "unknown subject");
        if (x->subject < 0)
            rc = ROTAS_EINPUT;
        x->not_first_period = sqlite3_column_int(st, 1);
        x->not_after_lunch = sqlite3_column_int(st, 2);
        x->before_period = sqlite3_column_int(st, 3);
        if (col_dup(st, 4, &x->extra))
            rc = nomem(ld);
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;

    if ((rc = alloc_rows(ld, "fixed_lessons", (void **)&c->fixed_lessons, &c->n_fixed_lessons,
                         sizeof *c->fixed_lessons)))
        goto done;
    if ((rc = prepare(ld->s, &st,
                      "SELECT k.pos, f.subject, f.teacher, f.day, f.period, f.extra"
                      " FROM fixed_lessons f"
                      " LEFT JOIN classes k ON k.school = f.school AND k.id = f.class"
                      " ORDER BY f.pos",
                      "read fixed_lessons", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read fixed_lessons", rc, {
        rotas_fixed_lesson *x = &c->fixed_lessons[c->n_fixed_lessons++];
        x->klass = class_at(ld, st, 0);
        x->subject = resolve(ld, &ld->subjects, st, 1, "fixed_lessons", "unknown subject");
        x->teacher = resolve(ld, &ld->teachers, st, 2, "fixed_lessons", "unknown teacher");
        if (x->klass < 0)
            rc = corrupt(ld, "fixed_lessons", "unknown class", NULL);
        else if (x->subject < 0 || x->teacher < 0)
            rc = ROTAS_EINPUT;
        x->day = sqlite3_column_int(st, 3) - 1;
        x->period = sqlite3_column_int(st, 4) - 1;
        if (col_dup(st, 5, &x->extra))
            rc = nomem(ld);
    });
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto done;

    if ((rc = alloc_rows(ld, "decisions", (void **)&c->decisions, &c->n_decisions,
                         sizeof *c->decisions)))
        goto done;
    if ((rc = prepare(ld->s, &st,
                      "SELECT kind, teacher, teacher2, school, subject, reason, extra"
                      " FROM decisions ORDER BY pos",
                      "read decisions", ld->err)))
        goto done;
    STEP_ROWS(ld, st, "read decisions", rc, {
        rotas_decision *x = &c->decisions[c->n_decisions++];
        int kind = parse_enum(rotas_decision_kind_parse, st, 0);
        x->kind = kind < 0 ? ROTAS_DECISION_MOVE : (rotas_decision_kind)kind;
        x->teacher = resolve(ld, &ld->teachers, st, 1, "decisions", "unknown teacher");
        x->teacher2 = resolve(ld, &ld->teachers, st, 2, "decisions", "unknown teacher");
        x->school = resolve(ld, &ld->schools, st, 3, "decisions", "unknown school");
        x->subject = resolve(ld, &ld->subjects, st, 4, "decisions", "unknown subject");
        if (col_dup(st, 5, &x->reason) || col_dup(st, 6, &x->extra))
            rc = nomem(ld);
        else if (kind < 0)
            rc = corrupt(ld, "decisions", "unknown kind", (const char *)sqlite3_column_text(st, 0));
        else if (x->teacher == -2 || x->teacher2 == -2 || x->school == -2 || x->subject == -2)
            rc = ROTAS_EINPUT;
    });
done:
    sqlite3_finalize(st);
    return rc;
}

rotas_rc rotas_store_load_county(rotas_county **out, rotas_store *s, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    sqlite3_stmt *central = NULL;
    int in_tx = 0;
    loader ld = {.s = s, .err = err};
    *out = NULL;

    if (!(ld.c = rotas_county_new()) || rotas_strmap_init(&ld.subjects, 16) ||
        rotas_strmap_init(&ld.clusters, 16) || rotas_strmap_init(&ld.groups, 16) ||
        rotas_strmap_init(&ld.schools, 64) || rotas_strmap_init(&ld.teachers, 256)) {
        rc = nomem(&ld);
        goto done;
    }
    /* One read transaction: a consistent snapshot even while another process imports. */
    if ((rc = exec(s, "BEGIN", "begin load", err)))
        goto done;
    in_tx = 1;
    if ((rc = load_meta(&ld)) || (rc = load_subjects_clusters_groups(&ld, &central)) ||
        (rc = load_schools(&ld)))
        goto done;
    for (size_t i = 0; i < ld.c->n_clusters; i++) {
        if (sqlite3_step(central) != SQLITE_ROW) {
            rc = db_fail(s, err, "read cluster central schools");
            goto done;
        }
        int ci = resolve(&ld, &ld.schools, central, 0, "clusters", "unknown central school");
        if (ci == -2) {
            rc = ROTAS_EINPUT;
            goto done;
        }
        ld.c->clusters[i].central = ci;
    }
    sqlite3_finalize(central);
    central = NULL;
    if ((rc =
             prepare(s, &central, "SELECT head FROM groups ORDER BY pos", "read group heads", err)))
        goto done;
    for (size_t i = 0; i < ld.c->n_groups; i++) {
        if (sqlite3_step(central) != SQLITE_ROW) {
            rc = db_fail(s, err, "read group heads");
            goto done;
        }
        int hi = resolve(&ld, &ld.schools, central, 0, "groups", "unknown head school");
        if (hi == -2) {
            rc = ROTAS_EINPUT;
            goto done;
        }
        ld.c->groups[i].head = hi;
    }
    if ((rc = load_classes_bells(&ld)) || (rc = load_travel_curriculum(&ld)) ||
        (rc = load_teachers(&ld)) || (rc = load_everyday(&ld)))
        goto done;
    rc = rotas_county_finalize(ld.c, err);
done:
    sqlite3_finalize(central);
    if (in_tx)
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    rotas_strmap_free(&ld.subjects);
    rotas_strmap_free(&ld.clusters);
    rotas_strmap_free(&ld.groups);
    rotas_strmap_free(&ld.schools);
    rotas_strmap_free(&ld.teachers);
    if (rc) {
        if (err && !err->code) /* a path that set rc without a message */
            rotas_error_set(err, rc, _("%s: the stored county is inconsistent"), s->path);
        rotas_county_free(ld.c);
    } else {
        *out = ld.c;
    }
    return rc;
}

/* ---------------------------------------------------------------- results */

static rotas_rc insert_result(rotas_store *s, const char *kind, const char *label, const char *json,
                              long long *id_out, rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    rotas_rc rc;
    if ((rc = prepare(s, &st,
                      "INSERT INTO results(kind, label, created, json)"
                      " VALUES(?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3)",
                      "insert result", err)))
        goto done;
    bind_text(st, 1, kind);
    bind_text(st, 2, label);
    bind_text(st, 3, json);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = db_fail(s, err, "insert result");
        goto done;
    }
    if (id_out)
        *id_out = sqlite3_last_insert_rowid(s->db);
done:
    sqlite3_finalize(st);
    return rc;
}

rotas_rc rotas_store_save_result(rotas_store *s, const char *kind, const char *label,
                                 const char *json, long long *id_out, rotas_error *err)
{
    if (!kind || !json)
        return rotas_error_set(err, ROTAS_ERR, _("save result: kind and json are required"));
    return insert_result(s, kind, label, json, id_out, err);
}

rotas_rc rotas_store_load_result(rotas_store *s, long long id, char **kind_out, char **json_out,
                                 rotas_error *err)
{
    sqlite3_stmt *st = NULL;
    char *kind = NULL, *json = NULL;
    rotas_rc rc;
    *json_out = NULL;
    if (kind_out)
        *kind_out = NULL;
    if ((rc = prepare(s, &st, "SELECT kind, json FROM results WHERE id = ?1", "read result", err)))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: no result with id %lld"), s->path, id);
        goto done;
    }
    if (r != SQLITE_ROW) {
        rc = db_fail(s, err, "read result");
        goto done;
    }
    if (col_dup(st, 0, &kind) || col_dup(st, 1, &json) || !json) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    *json_out = json;
    json = NULL;
    if (kind_out) {
        *kind_out = kind;
        kind = NULL;
    }
done:
    free(kind);
    free(json);
    sqlite3_finalize(st);
    return rc;
}
