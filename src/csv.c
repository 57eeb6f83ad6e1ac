/*
 * csv.c - a county from a folder of CSV files (rotas/csv.h).
 *
 * Each file is read whole (at most 256 MB), decoded (UTF-8 if its bytes are valid UTF-8, else
 * GB18030 through iconv), split by RFC 4180 (quoted fields, doubled quotes, newlines inside
 * quotes, CRLF or LF), and its rows turned into the rotas-county/1 document shape: the header
 * names the columns, in any order; unknown columns become extra fields; empty cells are left
 * out; list cells are split on ';'. A cell that does not parse as its column's type goes in as
 * a string, so that the shared validator (rotas__county_from_json) reports it as
 * `expected an integer, found "abc"`. Its JSON paths are mapped back to `file.csv:line:column`
 * (column = the field's number in the row) by locate().
 */
#include "rotas/csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <iconv.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>

#include "i18n_int.h"
#include "json_int.h"
#include "sheet_int.h"
#include "strmap_int.h"

#define CSV_MAX_BYTES (256u * 1024u * 1024u)

/* How a cell is read. An empty cell is null for T_STR and T_INT_OR_NULL, an empty array for the
   lists, and left out (absent) for the others and for unknown columns. */
typedef enum col_type {
    T_STR,
    T_INT,
    T_INT_OR_NULL,
    T_NUM,
    T_BOOL,
    T_KEY,
    T_STR_LIST,
    T_INT_LIST
} col_type;

typedef struct col_def {
    const char *name;
    col_type type;
} col_def;

enum {
    F_SUBJECTS,
    F_CLUSTERS,
    F_GROUPS,
    F_SCHOOLS,
    F_CLASSES,
    F_BELLS,
    F_TRAVEL,
    F_CURRICULUM,
    F_TEACHERS,
    F_TEACHER_UNAV,
    F_CLASS_UNAV,
    F_RULES,
    F_FIXED,
    F_DECISIONS,
    F_ROOMS,
    F_COUNT
};

static const col_def subject_cols[] = {
    {"id", T_STR}, {"name", T_STR}, {"shortage", T_BOOL}, {"room_kind", T_STR}, {NULL, T_STR}};
static const col_def room_cols[] = {{"school", T_STR}, {"id", T_STR},       {"name", T_STR},
                                    {"kind", T_STR},   {"capacity", T_INT}, {NULL, T_STR}};
static const col_def cluster_cols[] = {
    {"id", T_STR}, {"name", T_STR}, {"central", T_STR}, {NULL, T_STR}};
static const col_def group_cols[] = {{"id", T_STR}, {"head", T_STR}, {NULL, T_STR}};
static const col_def school_cols[] = {{"id", T_STR},       {"name", T_STR},        {"kind", T_STR},
                                      {"area", T_STR},     {"cluster", T_STR},     {"group", T_STR},
                                      {"hardship", T_INT}, {"lat", T_NUM},         {"lon", T_NUM},
                                      {"students", T_INT}, {"staff_quota", T_INT}, {NULL, T_STR}};
static const col_def class_cols[] = {
    {"school", T_STR}, {"id", T_STR}, {"grades", T_INT_LIST}, {"students", T_INT}, {NULL, T_STR}};
static const col_def bell_cols[] = {
    {"school", T_STR}, {"period", T_INT}, {"start", T_STR}, {"end", T_STR}, {NULL, T_STR}};
static const col_def travel_cols[] = {
    {"from", T_STR}, {"to", T_STR}, {"km", T_NUM}, {"minutes", T_NUM}, {NULL, T_STR}};
static const col_def curriculum_cols[] = {
    {"grade", T_INT}, {"subject", T_STR}, {"periods", T_INT}, {NULL, T_STR}};
static const col_def teacher_cols[] = {{"id", T_STR},
                                       {"name", T_STR},
                                       {"gender", T_STR},
                                       {"birth_year", T_INT},
                                       {"school", T_STR},
                                       {"subjects", T_STR_LIST},
                                       {"role", T_STR},
                                       {"school_since", T_INT},
                                       {"post_since", T_INT},
                                       {"key", T_KEY},
                                       {"title", T_STR},
                                       {"degree", T_STR},
                                       {"exempt", T_STR},
                                       {"exchange_until", T_INT_OR_NULL},
                                       {"preferences", T_STR_LIST},
                                       {"max_periods", T_INT},
                                       {"max_days", T_INT},
                                       {"middle_leader", T_BOOL},
                                       {"hardship_years", T_INT},
                                       {NULL, T_STR}};
static const col_def teacher_unav_cols[] = {{"teacher", T_STR}, {"day", T_INT},    {"start", T_STR},
                                            {"end", T_STR},     {"reason", T_STR}, {NULL, T_STR}};
static const col_def class_unav_cols[] = {{"school", T_STR}, {"class", T_STR},  {"day", T_INT},
                                          {"period", T_INT}, {"reason", T_STR}, {NULL, T_STR}};
static const col_def rule_cols[] = {{"subject", T_STR},
                                    {"not_first_period", T_BOOL},
                                    {"not_after_lunch", T_BOOL},
                                    {"before_period", T_INT_OR_NULL},
                                    {NULL, T_STR}};
static const col_def fixed_cols[] = {{"school", T_STR},  {"class", T_STR}, {"subject", T_STR},
                                     {"teacher", T_STR}, {"day", T_INT},   {"period", T_INT},
                                     {NULL, T_STR}};
/* decisions.csv: a "together" row names its two teachers in teacher and teacher2. */
static const col_def decision_cols[] = {{"kind", T_STR},   {"teacher", T_STR}, {"teacher2", T_STR},
                                        {"school", T_STR}, {"subject", T_STR}, {"reason", T_STR},
                                        {NULL, T_STR}};

static const struct {
    const char *file, *key; /* key: the top-level JSON array, NULL for classes and bells */
    const col_def *cols;
    int required;
} files[F_COUNT] = {
    {"subjects.csv", "subjects", subject_cols, 1},
    {"clusters.csv", "clusters", cluster_cols, 0},
    {"groups.csv", "groups", group_cols, 0},
    {"schools.csv", "schools", school_cols, 1},
    {"classes.csv", NULL, class_cols, 1},
    {"bells.csv", NULL, bell_cols, 0},
    {"travel.csv", "travel", travel_cols, 1},
    {"curriculum.csv", "curriculum", curriculum_cols, 1},
    {"teachers.csv", "teachers", teacher_cols, 1},
    {"teacher_unavailable.csv", NULL, teacher_unav_cols, 0},
    {"class_unavailable.csv", NULL, class_unav_cols, 0},
    {"subject_rules.csv", "subject_rules", rule_cols, 0},
    {"fixed_lessons.csv", "fixed_lessons", fixed_cols, 0},
    {"decisions.csv", "decisions", decision_cols, 0},
    {"rooms.csv", NULL, room_cols, 0},
};

typedef rotas__sheet_row csv_row;

typedef struct csv_file {
    int present;
    char *shown; /* the name in messages when not the CSV file's (a workbook's sheet) */
    char *path;
    char *text; /* decoded UTF-8, cells point into it */
    char **cells;
    size_t n_cells, cap_cells;
    csv_row *rows; /* rows[0] is the header */
    size_t n_rows, cap_rows;
    const char **written; /* the header's cells as the clerk wrote them (trimmed), n = rows[0].n */
    size_t *elem_line;    /* line of the row that became JSON array element i */
    size_t n_elems;
} csv_file;

typedef struct school_src {
    size_t *class_lines, n_class, cap_class;
    size_t *bell_lines, n_bell, cap_bell;
    size_t *room_lines, n_room, cap_room;
} school_src;

/* Where an attached row came from: the JSON path of the element it became
   ("teachers[3].unavailable[1]") and its file and line. */
typedef struct attached_src {
    char path[96];
    int file;
    size_t line;
} attached_src;

/* county.csv (name, year: one row) sits after the tables, at index F_COUNTY. */
#define F_COUNTY F_COUNT
/* extra: the county's other top-level keys (researchers, vehicles ...) as one JSON object */
static const char *const county_names[] = {"name", "year", "extra"};

typedef struct csv_ctx {
    const char *dir; /* the folder, or the workbook (book = 1) */
    int book;
    rotas_csv_encoding enc; /* ROTAS_CSV_AUTO: detected per file */
    csv_file f[F_COUNT + 1];
    school_src *sx; /* per element of schools[] */
    size_t n_schools;
    attached_src *att; /* rows of teacher_unavailable.csv and class_unavailable.csv */
    size_t n_att, cap_att;
    rotas_diags *d;
    int nomem;
} csv_ctx;

/* The name of file fi in messages: "teachers.csv", or "county.xlsx[教师]" for a sheet. */
#define FNAME(x, fi) ((x)->f[fi].shown ? (const char *)(x)->f[fi].shown : file_name(fi))

static const char *file_name(int fi)
{
    return fi == F_COUNTY ? "county.csv" : files[fi].file;
}

const char *rotas__sheet_stem(int i)
{
    static char stems[F_COUNT + 1][32];
    const char *f = file_name(i);
    if (!stems[i][0])
        snprintf(stems[i], sizeof stems[i], "%.*s", (int)strlen(f) - 4, f);
    return stems[i];
}

const char *rotas__sheet_zh(int i)
{
    const char *zh = rotas__stem_zh(rotas__sheet_stem(i));
    return zh ? zh : rotas__sheet_stem(i);
}

int rotas__sheet_index(const char *name)
{
    size_t n = strlen(name);
    if (n > 4 && !strcasecmp(name + n - 4, ".csv"))
        n -= 4;
    for (int i = 0; i <= F_COUNTY; i++) {
        const char *stem = rotas__sheet_stem(i);
        if ((strlen(stem) == n && !strncasecmp(stem, name, n)) ||
            (strlen(rotas__sheet_zh(i)) == n && !strncmp(rotas__sheet_zh(i), name, n)))
            return i;
    }
    return -1;
}

void rotas__sheets_free(rotas__sheet *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++) {
        free(t[i].name);
        free(t[i].text);
        free(t[i].cells);
        free(t[i].rows);
    }
    free(t);
}

static size_t known_columns(int fi, const char **names, size_t cap);
static const col_def *find_col(const col_def *cols, const char *name);

int rotas__sheet_count(void)
{
    return F_COUNT + 1;
}

int rotas__sheet_required(int i)
{
    return i >= 0 && i < F_COUNT && files[i].required;
}

int rotas__sheet_numeric(int i, const char *col)
{
    if (i == F_COUNTY)
        return !strcmp(col, "year");
    if (i < 0 || i > F_COUNT)
        return 0;
    const col_def *c = find_col(files[i].cols, col);
    return c && (c->type == T_INT || c->type == T_NUM || c->type == T_INT_OR_NULL);
}

size_t rotas__sheet_columns(int i, const char **names, size_t cap)
{
    return i >= 0 && i <= F_COUNTY ? known_columns(i, names, cap) : 0;
}

/* The known column names of table fi into names (at most cap); returns how many. */
static size_t known_columns(int fi, const char **names, size_t cap)
{
    size_t n = 0;
    if (fi == F_COUNTY) {
        for (; n < 3 && n < cap; n++)
            names[n] = county_names[n];
        return n;
    }
    for (const col_def *c = files[fi].cols; c->name && n < cap; c++)
        names[n++] = c->name;
    return n;
}

/* ---------------------------------------------------------------- reading and decoding */

/* Offset of the first byte that is not valid UTF-8, or n if all are. */
static size_t utf8_bad_offset(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return n;
}

/* Line and field number of byte offset off in raw (undecoded) bytes. ',', '"' and line feeds
   never occur inside a GB18030 multi-byte sequence, so the raw bytes can be scanned. */
/* A message about the bytes of file name at a line and field, before the file is split into
   columns (so the column has no header yet): "teachers.csv line 3 column 2: MSG". */
/* "WHERE: MSG" into the problems of x. */
static void where_msg(csv_ctx *x, const char *where, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static void where_msg(csv_ctx *x, const char *where, const char *fmt, va_list ap)
{
    char msg[768];
    vsnprintf(msg, sizeof msg, fmt, ap);
    rotas_diags_add(x->d, _("%s: %s"), where, msg);
}

static void raw_msg(csv_ctx *x, const char *name, size_t line, size_t field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void raw_msg(csv_ctx *x, const char *name, size_t line, size_t field, const char *fmt, ...)
{
    char where[512];
    snprintf(where, sizeof where, _("%s line %zu column %zu"), name, line, field);
    va_list ap;
    va_start(ap, fmt);
    where_msg(x, where, fmt, ap);
    va_end(ap);
}

static void raw_position(const unsigned char *s, size_t off, size_t *line, size_t *field)
{
    int inq = 0;
    *line = 1;
    *field = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '"')
            inq = !inq;
        else if (s[i] == ',' && !inq)
            (*field)++;
        else if (s[i] == '\n') {
            (*line)++;
            if (!inq)
                *field = 1;
        }
    }
}

/* GB18030 to UTF-8. On a byte that is not GB18030 either, report where and return 1. */
static int from_gb18030(csv_ctx *x, csv_file *f, const char *name, char *raw, size_t n,
                        size_t utf8_bad, char **out, size_t *out_n)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    int rc = 0;
    if (cd == (iconv_t)-1) {
        rotas_diags_add(x->d, _("%s: not UTF-8, and GB18030 conversion is unavailable"), f->path);
        return 1;
    }
    size_t cap = n * 2 + 16;
    char *buf = malloc(cap + 1);
    if (!buf) {
        x->nomem = 1;
        rc = -1;
        goto done;
    }
    char *in = raw, *o = buf;
    size_t in_left = n, o_left = cap;
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &o, &o_left) != (size_t)-1)
            continue;
        if (errno == E2BIG) { /* cannot happen with 2x room; be safe */
            size_t used = (size_t)(o - buf);
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                x->nomem = 1;
                rc = -1;
                goto done;
            }
            buf = nb;
            o = buf + used;
            o_left += cap;
            cap *= 2;
            continue;
        }
        /* Neither encoding fits: point at the bad byte of the one that got further. */
        size_t off = (size_t)(in - raw), line, field;
        int cut = errno == EINVAL;
        if (utf8_bad > off) {
            off = utf8_bad;
            cut = 0;
        }
        raw_position((const unsigned char *)raw, off, &line, &field);
        raw_msg(x, name, line, field, _("expected UTF-8 or GB18030 text, found byte 0x%02X%s"),
                (unsigned char)raw[off],
                cut ? _(" (a character cut off at the end of the file)") : "");
        rc = 1;
        goto done;
    }
    *o = '\0';
    *out_n = (size_t)(o - buf);
    *out = buf;
    buf = NULL;
done:
    free(buf);
    iconv_close(cd);
    return rc;
}

/* How plausible text is as a Chinese county's data: the share of its non-ASCII characters
   that are CJK ideographs, CJK or fullwidth punctuation, general punctuation or the middle
   dot of minority names. Mojibake (GB18030 bytes read as UTF-8: "һƬ" for 一片) scores low. */
static double plausibility(const unsigned char *s, size_t n)
{
    size_t all = 0, good = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i], cp;
        size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (len == 1) {
            i++;
            continue;
        }
        if (i + len > n)
            break;
        cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        for (size_t k = 1; k < len; k++)
            cp = (cp << 6) | (s[i + k] & 0x3F);
        i += len;
        all++;
        if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
            (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
            (cp >= 0x2000 && cp <= 0x206F) || cp == 0xB7 || cp == 0xFEFF ||
            (cp >= 0x20000 && cp <= 0x2FA1F))
            good++;
    }
    return all ? (double)good / (double)all : 1.0;
}

/* Offset of the first NUL byte in raw, or n. */
static size_t nul_offset(const char *raw, size_t n)
{
    const char *z = memchr(raw, '\0', n);
    return z ? (size_t)(z - raw) : n;
}

/* Read and decode a file. 0 ok (or absent: f->present = 0), 1 reported, -1 out of memory. */
static int load_file(csv_ctx *x, csv_file *f, const char *name, size_t *len)
{
    struct stat sb;
    FILE *fp = NULL;
    char *raw = NULL;
    int rc = 0;
    size_t dl = strlen(x->dir);
    f->path = malloc(dl + strlen(name) + 2);
    if (!f->path)
        return -1;
    sprintf(f->path, "%s%s%s", x->dir, dl && x->dir[dl - 1] == '/' ? "" : "/", name);
    if (stat(f->path, &sb) != 0) { /* Teachers.CSV as Windows names it is teachers.csv */
        DIR *dh = opendir(x->dir);
        struct dirent *e;
        int found = 0;
        while (dh && !found && (e = readdir(dh)))
            if (!strcasecmp(e->d_name, name)) {
                char *p = malloc(dl + strlen(e->d_name) + 2);
                if (!p) {
                    closedir(dh);
                    return -1;
                }
                sprintf(p, "%s%s%s", x->dir, dl && x->dir[dl - 1] == '/' ? "" : "/", e->d_name);
                free(f->path);
                f->path = p;
                found = stat(f->path, &sb) == 0;
            }
        if (dh)
            closedir(dh);
        if (!found) {
            f->present = 0;
            return 0;
        }
    }
    f->present = 1;
    if (!S_ISREG(sb.st_mode)) {
        rotas_diags_add(x->d, _("%s: expected a file, found something else"), f->path);
        return 1;
    }
    if ((unsigned long long)sb.st_size > CSV_MAX_BYTES) {
        rotas_diags_add(x->d, _("%s: file is larger than %u MB"), f->path, CSV_MAX_BYTES >> 20);
        return 1;
    }
    size_t n = (size_t)sb.st_size;
    if (!(fp = fopen(f->path, "rb"))) {
        rotas_diags_add(x->d, _("%s: cannot open: %s"), f->path, strerror(errno));
        return 1;
    }
    if (!(raw = malloc(n + 1))) {
        rc = -1;
        goto done;
    }
    if (fread(raw, 1, n, fp) != n || ferror(fp)) {
        rotas_diags_add(x->d, _("%s: cannot read: %s"), f->path, strerror(errno));
        rc = 1;
        goto done;
    }
    raw[n] = '\0';
    size_t zero = nul_offset(raw, n);
    if (zero < n) {
        size_t line, field;
        raw_position((const unsigned char *)raw, zero, &line, &field);
        int utf16 = n >= 2 && ((unsigned char)raw[0] == 0xFF || (unsigned char)raw[0] == 0xFE);
        raw_msg(x, name, line, field, _("expected text, found a NUL byte (0x00)%s"),
                utf16 ? _("; the file looks like UTF-16: save it as UTF-8 or GB18030") : "");
        rc = 1;
        goto done;
    }
    int bom = n >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3);
    size_t bad = utf8_bad_offset((const unsigned char *)raw, n);
    int gb = bad < n; /* not UTF-8: GB18030 (or an error there) */
    if (x->enc == ROTAS_CSV_UTF8 && bad < n) {
        size_t line, field;
        raw_position((const unsigned char *)raw, bad, &line, &field);
        raw_msg(x, name, line, field,
                _("expected UTF-8 text (--encoding utf-8), found byte 0x%02X"),
                (unsigned char)raw[bad]);
        rc = 1;
        goto done;
    }
    if (x->enc == ROTAS_CSV_GB18030) {
        if (bom) {
            raw_msg(x, name, 1, 1, "%s",
                    _("expected GB18030 text (--encoding gb18030), found a UTF-8 byte order "
                      "mark"));
            rc = 1;
            goto done;
        }
        gb = 1;
        bad = 0; /* report GB18030's own bad byte */
    } else if (x->enc == ROTAS_CSV_AUTO && !gb && !bom &&
               plausibility((const unsigned char *)raw, n) < 0.5) {
        /* valid UTF-8, but not plausible text: GB18030 bytes that happen to be valid UTF-8?
           Take GB18030 if it decodes the file and reads better. */
        char *alt = NULL;
        size_t alt_n = 0;
        rotas_diags quiet = {0};
        rotas_diags *keep = x->d;
        x->d = &quiet;
        int r = from_gb18030(x, f, name, raw, n, n, &alt, &alt_n);
        x->d = keep;
        rotas_diags_clear(&quiet);
        if (r < 0) {
            rc = -1;
            goto done;
        }
        if (r == 0 && plausibility((const unsigned char *)alt, alt_n) >
                          plausibility((const unsigned char *)raw, n)) {
            f->text = alt;
            *len = alt_n;
            goto decoded;
        }
        free(alt);
    }
    if (!gb) {
        f->text = raw;
        raw = NULL;
        *len = n;
    } else {
        rc = from_gb18030(x, f, name, raw, n, bad, &f->text, len);
    }
decoded:
    if (!rc && *len >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3)) {
        memmove(f->text, f->text + 3, *len - 3 + 1);
        *len -= 3;
    }
    if (!rc) {
        /* a byte order mark anywhere else: two files pasted together? */
        for (size_t i = 0; i + 3 <= *len; i++)
            if (!memcmp(f->text + i, "\xEF\xBB\xBF", 3)) {
                size_t line, field;
                raw_position((const unsigned char *)f->text, i, &line, &field);
                raw_msg(x, name, line, field, "%s",
                        _("expected text, found a byte order mark (U+FEFF) inside the file (two "
                          "files joined?)"));
                rc = 1;
                break;
            }
    }
done:
    free(raw);
    if (fp)
        fclose(fp);
    return rc;
}

/* ---------------------------------------------------------------- splitting (RFC 4180) */

static int push_cell(csv_file *f, char *cell)
{
    if (f->n_cells == f->cap_cells) {
        size_t cap = f->cap_cells ? f->cap_cells * 2 : 256;
        char **c = realloc(f->cells, cap * sizeof *c);
        if (!c)
            return -1;
        f->cells = c;
        f->cap_cells = cap;
    }
    f->cells[f->n_cells++] = cell;
    return 0;
}

static int push_row(csv_file *f, size_t line, size_t first)
{
    if (f->n_rows == f->cap_rows) {
        size_t cap = f->cap_rows ? f->cap_rows * 2 : 64;
        csv_row *r = realloc(f->rows, cap * sizeof *r);
        if (!r)
            return -1;
        f->rows = r;
        f->cap_rows = cap;
    }
    f->rows[f->n_rows++] = (csv_row){line, first, f->n_cells - first};
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Split f->text (len bytes) into rows of cells, in place. Blank lines are skipped.
   0 ok, 1 reported, -1 out of memory. */
static int split(csv_ctx *x, csv_file *f, const char *name, size_t len)
{
    char *t = f->text;
    size_t r = 0, line = 1;
    while (r < len) {
        size_t row_line = line, first = f->n_cells, field = 1;
        char sep = '\0';
        for (;;) {
            char *cell = t + r, *w = t + r;
            if (t[r] == '"') {
                size_t qline = line;
                r++;
                for (;;) {
                    if (r >= len) {
                        raw_msg(x, name, qline, field, "%s",
                                _("expected a closing quote, found the end of the file"));
                        return 1;
                    }
                    if (t[r] == '"') {
                        if (r + 1 < len && t[r + 1] == '"') {
                            *w++ = '"';
                            r += 2;
                            continue;
                        }
                        r++;
                        break;
                    }
                    if (t[r] == '\n')
                        line++;
                    *w++ = t[r++];
                }
                if (r < len && t[r] != ',' && t[r] != '\n' && t[r] != '\r') {
                    raw_msg(x, name, line, field,
                            _("expected ',' or the end of the line after a closing quote, found "
                              "'%c'"),
                            t[r]);
                    return 1;
                }
            } else {
                while (r < len && t[r] != ',' && t[r] != '\n' && t[r] != '\r')
                    r++;
                w = t + r;
            }
            sep = r < len ? t[r] : '\0';
            if (push_cell(f, cell))
                return -1;
            *w = '\0'; /* w <= r: the separator was read first */
            if (sep == ',') {
                r++;
                field++;
                continue;
            }
            break;
        }
        /* end of record: the separator byte itself was overwritten by the cell's NUL */
        if (sep == '\r' || sep == '\n')
            r++;
        if (sep == '\r' && r < len && t[r] == '\n')
            r++;
        line++;
        int blank = 1;
        for (size_t i = first; i < f->n_cells && blank; i++)
            if (*trim(f->cells[i]))
                blank = 0;
        if (blank && f->n_rows > 0) { /* a blank line (the header may not be blank) */
            f->n_cells = first;
            continue;
        }
        if (push_row(f, row_line, first))
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- cells to JSON */

/* An integer as Excel may write it: 1369, 1,369 (thousands) or 1982.0 (a number cell). */
static int parse_ll(const char *s, long long *v)
{
    char buf[32], *end = NULL;
    size_t n = 0;
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++) {
        if (*p == ',' && p > s && p[1] >= '0' && p[1] <= '9' && n > 0)
            continue;
        if (n + 1 >= sizeof buf)
            return 0;
        buf[n++] = *p;
    }
    buf[n] = '\0';
    char *dot = strchr(buf, '.');
    if (dot && dot > buf) { /* 1982.0, 1982.00: a whole number */
        for (char *q = dot + 1; *q; q++)
            if (*q != '0')
                return 0;
        *dot = '\0';
    }
    errno = 0;
    *v = strtoll(buf, &end, 10);
    return errno == 0 && *end == '\0' && end != buf;
}

/* A decimal number as people write it: -12, 3.5, 1e-3; not 0x10, inf, nan or " 1". */
static int is_decimal(const char *s)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

static int parse_bool(const char *s, int *v)
{
    static const char *const yes[] = {"true", "yes", "y", "1", "是", "真"};
    static const char *const no[] = {"false", "no", "n", "0", "否", "假"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (!strcasecmp(s, yes[i])) {
            *v = 1;
            return 1;
        }
        if (!strcasecmp(s, no[i])) {
            *v = 0;
            return 1;
        }
    }
    return 0;
}

static json_t *scalar(const char *s, col_type type)
{
    long long ll;
    int b;
    switch (type) {
    case T_INT:
    case T_INT_OR_NULL:
    case T_INT_LIST:
        if (parse_ll(s, &ll))
            return json_integer(ll);
        break;
    case T_NUM: {
        char *end = NULL;
        errno = 0;
        double v = strtod(s, &end);
        if (*s && is_decimal(s) && *end == '\0' && errno == 0 && isfinite(v)) {
            if (parse_ll(s, &ll))
                return json_integer(ll);
            return json_real(v);
        }
        break;
    }
    case T_BOOL:
        if (parse_bool(s, &b))
            return json_boolean(b);
        break;
    case T_KEY: /* true/false, or a level name */
        if (parse_bool(s, &b))
            return json_boolean(b);
        break;
    default:
        break;
    }
    return json_string(s);
}

/* The value of a non-empty cell for its column type; NULL on out of memory. */
static json_t *cell_value(char *s, col_type type)
{
    if (type != T_STR_LIST && type != T_INT_LIST)
        return scalar(s, type);
    json_t *arr = json_array();
    char *p = s;
    while (arr && p) {
        char *semi = strchr(p, ';');
        if (semi)
            *semi = '\0';
        char *item = trim(p);
        if (*item) {
            json_t *v = scalar(item, type);
            if (!v || json_array_append_new(arr, v)) {
                json_decref(arr);
                return NULL;
            }
        }
        p = semi ? semi + 1 : NULL;
    }
    return arr;
}

static const col_def *find_col(const col_def *cols, const char *name)
{
    for (; cols->name; cols++)
        if (!strcmp(cols->name, name))
            return cols;
    return NULL;
}

/* Where a cell is, as the clerk reads the file: "teachers.csv line 3 column 学校" with the
   header as written (a sheet: "book.xlsx[教师] row 3 column 学校"); without a column (col 0)
   the line alone; a column past the header by its number. */
static void at_cell(const csv_ctx *x, int fi, size_t line, size_t col, char *buf, size_t n)
{
    const csv_file *f = &x->f[fi];
    const char *name = FNAME(x, fi);
    size_t nh = f->n_rows ? f->rows[0].n : 0;
    if (col && col <= nh && f->written && *f->written[col - 1])
        snprintf(buf, n, x->book ? _("%s row %zu column %s") : _("%s line %zu column %s"), name,
                 line, f->written[col - 1]);
    else if (col)
        snprintf(buf, n, x->book ? _("%s row %zu column %zu") : _("%s line %zu column %zu"), name,
                 line, col);
    else
        snprintf(buf, n, x->book ? _("%s row %zu") : _("%s line %zu"), name, line);
}

/* A message about a cell (col 0: about its line) of file fi: "WHERE: MSG". */
static void cell_msg(csv_ctx *x, int fi, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void cell_msg(csv_ctx *x, int fi, size_t line, size_t col, const char *fmt, ...)
{
    char where[512];
    at_cell(x, fi, line, col, where, sizeof where);
    va_list ap;
    va_start(ap, fmt);
    where_msg(x, where, fmt, ap);
    va_end(ap);
}

/* How many cells of row r name a known column of table fi (aliases included). */
static size_t known_in_row(const csv_file *f, const csv_row *r, int fi, const char **names,
                           size_t n_names)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        char tmp[256];
        snprintf(tmp, sizeof tmp, "%s", f->cells[r->first + i]);
        if (rotas__column_alias(trim(tmp), rotas__sheet_stem(fi), names, n_names))
            k++;
    }
    return k;
}

/* Check the header of a present table: a title row above it is dropped, aliases become the
   canonical names, names are non-empty and unique, and a column that is almost a missing known
   one is an error naming it. 0 ok, 1 reported. */
static int check_header(csv_ctx *x, int fi)
{
    csv_file *f = &x->f[fi];
    const char *names[32];
    size_t n_names = known_columns(fi, names, 32);
    if (f->n_rows == 0) {
        cell_msg(x, fi, 1, 0, "%s", _("expected a header row naming the columns, found nothing"));
        return 1;
    }
    /* a title row ("2026年教师名单") above the header: no known column in it, some in the next */
    if (f->n_rows >= 2 && known_in_row(f, &f->rows[0], fi, names, n_names) == 0 &&
        known_in_row(f, &f->rows[1], fi, names, n_names) > 0) {
        memmove(f->rows, f->rows + 1, (f->n_rows - 1) * sizeof *f->rows);
        f->n_rows--;
    }
    const csv_row *h = &f->rows[0];
    size_t hl = h->line;
    int bad = 0;
    /* the header as written, for messages (without memory for it they name columns by number) */
    free(f->written);
    f->written = calloc(h->n ? h->n : 1, sizeof *f->written);
    for (size_t i = 0; i < h->n; i++) {
        char *c = f->cells[h->first + i] = trim(f->cells[h->first + i]);
        if (f->written)
            f->written[i] = c;
        if (!*c) {
            cell_msg(x, fi, hl, i + 1, "%s", _("expected a column name, found nothing"));
            bad = 1;
            continue;
        }
        /* header cells may now point to the constant canonical names: they are never written */
        const char *canon = rotas__column_alias(c, rotas__sheet_stem(fi), names, n_names);
        if (canon)
            f->cells[h->first + i] = c = (char *)(uintptr_t)canon;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(f->cells[h->first + k], c)) {
                cell_msg(x, fi, hl, i + 1,
                         _("expected unique column names, found \"%s\" again (column %zu)"),
                         f->written ? f->written[i] : c, k + 1);
                bad = 1;
            }
    }
    /* an unknown column close to a known one that is missing: renamed, or misspelt */
    int absent[32];
    for (size_t k = 0; k < n_names; k++) {
        absent[k] = 1;
        for (size_t i = 0; i < h->n; i++)
            if (!strcmp(f->cells[h->first + i], names[k]))
                absent[k] = 0;
    }
    for (size_t i = 0; i < h->n; i++) {
        const char *c = f->cells[h->first + i];
        int known = 0;
        for (size_t k = 0; k < n_names && !known; k++)
            known = !strcmp(c, names[k]);
        const char *near = known || !*c ? NULL : rotas__column_nearest(c, names, absent, n_names);
        if (near) {
            const char *zh = rotas__column_zh(rotas__sheet_stem(fi), near);
            if (zh)
                cell_msg(x, fi, hl, 0, _("unknown column \"%s\": did you mean \"%s\" (%s)?"), c,
                         near, zh);
            else
                cell_msg(x, fi, hl, 0, _("unknown column \"%s\": did you mean \"%s\"?"), c, near);
            bad = 1;
        }
    }
    return bad;
}

/* Column number (1-based) of name in the header, 0 if absent. */
static size_t col_of(const csv_file *f, const char *name)
{
    if (!f->present || f->n_rows == 0)
        return 0;
    const csv_row *h = &f->rows[0];
    for (size_t i = 0; i < h->n; i++)
        if (!strcmp(f->cells[h->first + i], name))
            return i + 1;
    return 0;
}

/* Columns that hold ids (or lists of ids). */
static int id_column(const char *name)
{
    static const char *const cols[] = {"id",      "school", "teacher",  "teacher2",   "subject",
                                       "cluster", "group",  "from",     "to",         "class",
                                       "central", "head",   "subjects", "preferences"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        if (!strcmp(cols[i], name))
            return 1;
    return 0;
}

/* An id cell of only spaces, or with a line break or a quote, is refused where it is.
   had: the cell held something before trimming. 1 if reported. */
static int bad_id(csv_ctx *x, int fi, size_t line, size_t col, const char *name, int had,
                  const char *v)
{
    if (!id_column(name))
        return 0;
    const char *what = NULL;
    if (had && !*v)
        what = _("only spaces");
    else if (strpbrk(v, "\r\n"))
        what = _("a line break inside it");
    else if (strchr(v, '"'))
        what = _("a quote character inside it");
    if (!what)
        return 0;
    cell_msg(x, fi, line, col, _("expected an id (letters, digits, - _ .), found %s"), what);
    return 1;
}

/* The JSON object for data row ri (>= 1) of file fi; skip_a/skip_b: columns not put in. */
static json_t *row_object(csv_ctx *x, int fi, size_t ri, const char *skip_a, const char *skip_b)
{
    csv_file *f = &x->f[fi];
    const csv_row *h = &f->rows[0], *r = &f->rows[ri];
    json_t *o = json_object();
    if (!o)
        return NULL;
    for (size_t i = 0; i < r->n; i++) {
        char *raw = f->cells[r->first + i];
        int had = raw[0] != '\0';
        char *v = trim(raw);
        if (!*v && i >= h->n)
            continue;
        if (i < h->n && bad_id(x, fi, r->line, i + 1, f->cells[h->first + i], had, v))
            continue;
        if (i >= h->n) {
            cell_msg(x, fi, r->line, i + 1,
                     _("expected at most %zu fields (as in the header), found %zu"), h->n, r->n);
            break;
        }
        const char *name = f->cells[h->first + i];
        if ((skip_a && !strcmp(name, skip_a)) || (skip_b && !strcmp(name, skip_b)))
            continue;
        const col_def *cd = find_col(files[fi].cols, name);
        json_t *j;
        if (*v)
            j = cell_value(v, cd ? cd->type : T_STR);
        else if (!cd || cd->type == T_INT || cd->type == T_NUM || cd->type == T_BOOL ||
                 cd->type == T_KEY)
            continue;
        else if (cd->type == T_STR || cd->type == T_INT_OR_NULL)
            j = json_null();
        else
            j = json_array();
        if (!j || json_object_set_new(o, name, j)) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

static int push_line(size_t **arr, size_t *n, size_t *cap, size_t line)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        size_t *a = realloc(*arr, c * sizeof *a);
        if (!a)
            return -1;
        *arr = a;
        *cap = c;
    }
    (*arr)[(*n)++] = line;
    return 0;
}

/* A top-level array from file fi. 0 ok, -1 out of memory. */
static int build_array(csv_ctx *x, int fi, json_t *root)
{
    csv_file *f = &x->f[fi];
    json_t *arr = json_array();
    if (!arr || json_object_set_new(root, files[fi].key, arr))
        return -1;
    f->elem_line = calloc(f->n_rows ? f->n_rows : 1, sizeof *f->elem_line);
    if (!f->elem_line)
        return -1;
    for (size_t ri = 1; ri < f->n_rows; ri++) {
        json_t *o = row_object(x, fi, ri, NULL, NULL);
        if (!o || json_array_append_new(arr, o))
            return -1;
        f->elem_line[f->n_elems++] = f->rows[ri].line;
    }
    return 0;
}

/* Classes (fi F_CLASSES), bell periods (F_BELLS) or rooms (F_ROOMS) into their schools. 0 ok,
   -1 no memory. */
static int attach(csv_ctx *x, int fi, json_t *schools, const rotas_strmap *ids)
{
    csv_file *f = &x->f[fi];
    size_t scol = col_of(f, "school"), pcol = col_of(f, "period");
    const char *key = fi == F_CLASSES ? "classes" : fi == F_ROOMS ? "rooms" : "bell";
    for (size_t ri = 1; ri < f->n_rows; ri++) {
        const csv_row *r = &f->rows[ri];
        const char *sid = scol && scol <= r->n ? trim(f->cells[r->first + scol - 1]) : "";
        int si = *sid ? rotas_strmap_get(ids, sid) : -1;
        if (si < 0) {
            if (*sid)
                cell_msg(x, fi, r->line, scol,
                         _("expected a school id from schools.csv, found \"%s\""), sid);
            else if (scol)
                cell_msg(x, fi, r->line, scol, "%s",
                         _("expected a school id from schools.csv, found nothing"));
            else
                cell_msg(x, fi, r->line, 0, "%s", _("expected a \"school\" column, found none"));
            if (!scol)
                break;
            continue;
        }
        long long period = 0;
        if (fi == F_BELLS) {
            const char *p = pcol && pcol <= r->n ? trim(f->cells[r->first + pcol - 1]) : "";
            if (pcol && (!parse_ll(p, &period) || period < 1 || period > 99)) {
                cell_msg(x, fi, r->line, pcol, _("expected a period number 1..99, found \"%s\""),
                         p);
                continue;
            }
        }
        json_t *o = row_object(x, fi, ri, "school", fi == F_BELLS ? "period" : NULL);
        if (!o)
            return -1;
        json_t *school = json_array_get(schools, (size_t)si);
        json_t *list = json_object_get(school, key);
        if (!list) {
            list = json_array();
            if (!list || json_object_set_new(school, key, list)) {
                json_decref(o);
                return -1;
            }
        }
        school_src *sx = &x->sx[si];
        size_t pos = json_array_size(list);
        if (fi == F_BELLS && pcol) {
            /* keep the school's periods sorted by number; a repeated number is an error */
            pos = 0;
            while (pos < json_array_size(list) &&
                   json_integer_value(json_object_get(json_array_get(list, pos), "\x01p")) < period)
                pos++;
            json_t *at = json_array_get(list, pos);
            if (at && json_integer_value(json_object_get(at, "\x01p")) == period) {
                cell_msg(x, fi, r->line, pcol,
                         _("expected each period once per school, found period %lld again (line "
                           "%zu)"),
                         period, sx->bell_lines[pos]);
                json_decref(o);
                continue;
            }
            if (json_object_set_new(o, "\x01p", json_integer(period))) {
                json_decref(o);
                return -1;
            }
        }
        if (json_array_insert_new(list, pos, o))
            return -1;
        size_t **lines = fi == F_CLASSES ? &sx->class_lines
                         : fi == F_ROOMS ? &sx->room_lines
                                         : &sx->bell_lines;
        size_t *n = fi == F_CLASSES ? &sx->n_class : fi == F_ROOMS ? &sx->n_room : &sx->n_bell;
        size_t *cap = fi == F_CLASSES ? &sx->cap_class
                      : fi == F_ROOMS ? &sx->cap_room
                                      : &sx->cap_bell;
        if (push_line(lines, n, cap, 0))
            return -1;
        memmove(*lines + pos + 1, *lines + pos, (*n - 1 - pos) * sizeof **lines);
        (*lines)[pos] = r->line;
    }
    /* drop the sort keys */
    if (fi == F_BELLS)
        for (size_t si = 0; si < json_array_size(schools); si++) {
            json_t *list = json_object_get(json_array_get(schools, si), "bell");
            for (size_t k = 0; k < json_array_size(list); k++)
                json_object_del(json_array_get(list, k), "\x01p");
        }
    return 0;
}

static int push_att(csv_ctx *x, int fi, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int push_att(csv_ctx *x, int fi, size_t line, const char *fmt, ...)
{
    if (x->n_att == x->cap_att) {
        size_t c = x->cap_att ? x->cap_att * 2 : 16;
        attached_src *a = realloc(x->att, c * sizeof *a);
        if (!a)
            return -1;
        x->att = a;
        x->cap_att = c;
    }
    attached_src *a = &x->att[x->n_att++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->path, sizeof a->path, fmt, ap);
    va_end(ap);
    a->file = fi;
    a->line = line;
    return 0;
}

/* The cell of column name in row r of f, trimmed ("" if absent). */
static const char *cell_of(const csv_file *f, const csv_row *r, const char *name)
{
    size_t c = col_of(f, name);
    return c && c <= r->n ? trim(f->cells[r->first + c - 1]) : "";
}

/* Append o (consumed) to the array at key of parent, creating it; the new index in *pos. */
static int append_to(json_t *parent, const char *key, json_t *o, size_t *pos)
{
    json_t *list = json_object_get(parent, key);
    if (!list) {
        list = json_array();
        if (!list || json_object_set_new(parent, key, list)) {
            json_decref(o);
            return -1;
        }
    }
    *pos = json_array_size(list);
    return json_array_append_new(list, o) ? -1 : 0;
}

/* teacher_unavailable.csv rows into their teachers. 0 ok, -1 out of memory. */
static int attach_teacher_unav(csv_ctx *x, json_t *teachers)
{
    csv_file *f = &x->f[F_TEACHER_UNAV];
    size_t tcol = col_of(f, "teacher");
    rotas_strmap ids = {0};
    int rc = 0;
    if (rotas_strmap_init(&ids, json_array_size(teachers)))
        return -1;
    for (size_t i = 0; i < json_array_size(teachers); i++) {
        const char *id = json_string_value(json_object_get(json_array_get(teachers, i), "id"));
        if (id && rotas_strmap_put(&ids, id, (int)i) < 0) {
            rc = -1;
            goto done;
        }
    }
    for (size_t ri = 1; ri < f->n_rows; ri++) {
        const csv_row *r = &f->rows[ri];
        const char *tid = cell_of(f, r, "teacher");
        int ti = *tid ? rotas_strmap_get(&ids, tid) : -1;
        if (!tcol) {
            cell_msg(x, F_TEACHER_UNAV, 1, 0, "%s", _("expected a \"teacher\" column, found none"));
            break;
        }
        if (ti < 0) {
            cell_msg(x, F_TEACHER_UNAV, r->line, tcol,
                     _("expected a teacher id from teachers.csv, found \"%s\""), tid);
            continue;
        }
        json_t *o = row_object(x, F_TEACHER_UNAV, ri, "teacher", NULL);
        size_t pos = 0;
        if (!o || append_to(json_array_get(teachers, (size_t)ti), "unavailable", o, &pos) ||
            push_att(x, F_TEACHER_UNAV, r->line, "teachers[%d].unavailable[%zu]", ti, pos)) {
            rc = -1;
            goto done;
        }
    }
done:
    rotas_strmap_free(&ids);
    return rc;
}

/* class_unavailable.csv rows into their classes (classes already attached). */
static int attach_class_unav(csv_ctx *x, json_t *schools, const rotas_strmap *sids)
{
    csv_file *f = &x->f[F_CLASS_UNAV];
    size_t scol = col_of(f, "school"), kcol = col_of(f, "class");
    if (f->n_rows > 1 && (!scol || !kcol)) {
        cell_msg(x, F_CLASS_UNAV, 1, 0, _("expected \"school\" and \"class\" columns, found %s"),
                 scol ? _("no class column") : _("no school column"));
        return 0;
    }
    for (size_t ri = 1; ri < f->n_rows; ri++) {
        const csv_row *r = &f->rows[ri];
        const char *sid = cell_of(f, r, "school"), *kid = cell_of(f, r, "class");
        int si = *sid ? rotas_strmap_get(sids, sid) : -1;
        if (si < 0) {
            cell_msg(x, F_CLASS_UNAV, r->line, scol,
                     _("expected a school id from schools.csv, found \"%s\""), sid);
            continue;
        }
        json_t *cls = json_object_get(json_array_get(schools, (size_t)si), "classes");
        size_t k = 0;
        while (k < json_array_size(cls)) {
            const char *id = json_string_value(json_object_get(json_array_get(cls, k), "id"));
            if (id && !strcmp(id, kid))
                break;
            k++;
        }
        if (k == json_array_size(cls)) {
            cell_msg(x, F_CLASS_UNAV, r->line, kcol,
                     _("expected a class of school \"%s\" from classes.csv, found \"%s\""), sid,
                     kid);
            continue;
        }
        json_t *o = row_object(x, F_CLASS_UNAV, ri, "school", "class");
        size_t pos = 0;
        if (!o || append_to(json_array_get(cls, k), "unavailable", o, &pos) ||
            push_att(x, F_CLASS_UNAV, r->line, "schools[%d].classes[%zu].unavailable[%zu]", si, k,
                     pos))
            return -1;
    }
    return 0;
}

/* decisions.csv: a "together" row's teacher and teacher2 become "teachers": [a, b]; elsewhere
   a teacher2 cell becomes "teachers" too, which the validator refuses for that kind. */
static int fix_decisions(json_t *decisions)
{
    for (size_t i = 0; i < json_array_size(decisions); i++) {
        json_t *o = json_array_get(decisions, i);
        json_t *t2 = json_object_get(o, "teacher2");
        const char *kind = json_string_value(json_object_get(o, "kind"));
        int together = kind && !strcmp(kind, "together");
        if (!together && (!t2 || json_is_null(t2))) {
            json_object_del(o, "teacher2");
            continue;
        }
        json_t *arr = json_array();
        if (!arr)
            return -1;
        json_t *t1 = json_object_get(o, "teacher");
        if ((t1 && !json_is_null(t1) && json_array_append(arr, t1)) ||
            (t2 && !json_is_null(t2) && json_array_append(arr, t2)) ||
            json_object_set_new(o, "teachers", arr))
            return -1;
        json_object_del(o, "teacher2");
        if (together)
            json_object_del(o, "teacher");
    }
    return 0;
}

/* ---------------------------------------------------------------- locating JSON paths */

static int file_of_key(const char *key, size_t n)
{
    for (int i = 0; i < F_COUNT; i++)
        if (files[i].key && strlen(files[i].key) == n && !strncmp(files[i].key, key, n))
            return i;
    return -1;
}

/* Read "[n]" at *p; 1 if there was one. */
static int index_at(const char **p, size_t *out)
{
    if (**p != '[')
        return 0;
    char *end = NULL;
    unsigned long long v = strtoull(*p + 1, &end, 10);
    if (!end || *end != ']')
        return 0;
    *out = (size_t)v;
    *p = end + 1;
    return 1;
}

/* A key "name" at *p (after an optional '.'), copied into buf. */
static void key_at(const char **p, char *buf, size_t n)
{
    if (**p == '.')
        (*p)++;
    size_t k = 0;
    while (**p && **p != '.' && **p != '[') {
        if (k + 1 < n)
            buf[k++] = **p;
        (*p)++;
    }
    buf[k] = '\0';
}

/* The cell of column key (canonical name) on a line of file fi; a key that is no column of
   the file (a field the validator names, say "post_since" taken from school_since) in brackets. */
static void at_key(const csv_ctx *x, int fi, size_t line, const char *key, char *buf, size_t n)
{
    size_t c = col_of(&x->f[fi], key);
    if (c) {
        at_cell(x, fi, line, c, buf, n);
    } else {
        char w[400];
        at_cell(x, fi, line, 0, w, sizeof w);
        snprintf(buf, n, "%s (%s)", w, key);
    }
}

static void locate(void *vctx, const char *path, char *buf, size_t n)
{
    csv_ctx *x = vctx;
    const char *p = path;
    char key[128];
    size_t i, j;
    /* a row of teacher_unavailable.csv or class_unavailable.csv */
    for (size_t a = 0; a < x->n_att; a++) {
        size_t len = strlen(x->att[a].path);
        if (strncmp(path, x->att[a].path, len) != 0 || (path[len] && path[len] != '.'))
            continue;
        const char *rest = path + len;
        int fi = x->att[a].file;
        if (!*rest) {
            at_cell(x, fi, x->att[a].line, 0, buf, n);
            return;
        }
        key_at(&rest, key, sizeof key);
        at_key(x, fi, x->att[a].line, key, buf, n);
        return;
    }
    key_at(&p, key, sizeof key);
    int fi = file_of_key(key, strlen(key));
    if (fi < 0 || !x->f[fi].present) {
        if (fi >= 0)
            snprintf(buf, n, "%s%s%s%s", x->dir, x->book ? "[" : "/",
                     x->book ? rotas__sheet_zh(fi) : files[fi].file, x->book ? "]" : "");
        else
            snprintf(buf, n, "%s%s%s", x->dir, *path ? ": " : "", path);
        return;
    }
    const csv_file *f = &x->f[fi];
    if (!index_at(&p, &i) || i >= f->n_elems) {
        snprintf(buf, n, "%s", FNAME(x, fi));
        return;
    }
    size_t line = f->elem_line[i];
    if (!*p) {
        at_cell(x, fi, line, 0, buf, n);
        return;
    }
    key_at(&p, key, sizeof key);
    if (fi == F_SCHOOLS && i < x->n_schools &&
        (!strcmp(key, "classes") || !strcmp(key, "bell") || !strcmp(key, "rooms")) &&
        index_at(&p, &j)) {
        int sub = key[0] == 'c' ? F_CLASSES : key[0] == 'r' ? F_ROOMS : F_BELLS;
        const school_src *sx = &x->sx[i];
        size_t nl = sub == F_CLASSES ? sx->n_class : sub == F_ROOMS ? sx->n_room : sx->n_bell;
        if (j < nl) {
            size_t sl = (sub == F_CLASSES ? sx->class_lines
                         : sub == F_ROOMS ? sx->room_lines
                                          : sx->bell_lines)[j];
            if (!*p) {
                at_cell(x, sub, sl, 0, buf, n);
                return;
            }
            key_at(&p, key, sizeof key);
            at_key(x, sub, sl, key, buf, n);
            return;
        }
    }
    if (fi == F_DECISIONS && !strcmp(key, "teachers") && index_at(&p, &j))
        snprintf(key, sizeof key, "%s", j == 0 ? "teacher" : "teacher2");
    at_key(x, fi, line, key, buf, n);
}

/* ---------------------------------------------------------------- entry point */

static void ctx_free(csv_ctx *x)
{
    for (int i = 0; i <= F_COUNTY; i++) {
        csv_file *f = &x->f[i];
        free(f->shown);
        free(f->path);
        free(f->text);
        free(f->cells);
        free(f->written);
        free(f->rows);
        free(f->elem_line);
    }
    free(x->att);
    for (size_t s = 0; s < x->n_schools; s++) {
        free(x->sx[s].class_lines);
        free(x->sx[s].bell_lines);
        free(x->sx[s].room_lines);
    }
    free(x->sx);
}

/* name, year and the other top-level keys (a JSON object in the column extra) from the first
   data row of county.csv. 0 ok, -1 out of memory. */
static int county_row(csv_ctx *x, json_t *root)
{
    csv_file *f = &x->f[F_COUNTY];
    if (f->n_rows < 2)
        return 0;
    const csv_row *r = &f->rows[1];
    const char *name = cell_of(f, r, "name"), *year = cell_of(f, r, "year");
    const char *extra = cell_of(f, r, "extra");
    long long y;
    if (*name && json_object_set_new(root, "name", json_string(name)))
        return -1;
    if (extra && *extra) {
        json_error_t je;
        json_t *o = json_loads(extra, JSON_DECODE_ANY, &je);
        if (!json_is_object(o)) {
            cell_msg(x, F_COUNTY, r->line, col_of(f, "extra"),
                     _("expected a JSON object of the county's other keys, found \"%.40s\"%s"),
                     extra, strlen(extra) > 40 ? "..." : "");
        } else {
            const char *k;
            json_t *v;
            json_object_foreach(o, k, v)
            {
                if (!json_object_get(root, k) && json_object_set(root, k, v)) {
                    json_decref(o);
                    return -1;
                }
            }
        }
        json_decref(o);
    }
    if (*year &&
        json_object_set_new(root, "year", parse_ll(year, &y) ? json_integer(y) : json_string(year)))
        return -1;
    if (f->n_rows > 2)
        cell_msg(x, F_COUNTY, f->rows[2].line, 0,
                 _("expected one row (the county's name and year), found %zu"), f->n_rows - 1);
    return 0;
}

/* The county from the files loaded into x (headers checked): build the rotas-county/1
   document and validate it. before: the diagnostics count when reading began. */
static rotas_rc build(csv_ctx *x, rotas_county **out, size_t before, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_diags *d = x->d;
    const char *dir = x->dir;
    json_t *root = NULL;
    rotas_strmap ids = {0};
    rotas_county *c = NULL;

    if (rotas_diags_count(d) > before)
        goto bad;
    if (!(root = json_object()) ||
        json_object_set_new(root, "format", json_string(ROTAS_FORMAT_COUNTY)))
        goto nomem;
    for (int i = 0; i < F_COUNT; i++)
        if (files[i].key && x->f[i].present && build_array(x, i, root))
            goto nomem;
    if (x->f[F_COUNTY].present && county_row(x, root))
        goto nomem;

    /* Classes and bell periods go into their schools. */
    json_t *schools = json_object_get(root, "schools");
    x->n_schools = json_array_size(schools);
    x->sx = calloc(x->n_schools ? x->n_schools : 1, sizeof *x->sx);
    if (!x->sx || rotas_strmap_init(&ids, x->n_schools))
        goto nomem;
    for (size_t s = 0; s < x->n_schools; s++) {
        json_t *o = json_array_get(schools, s);
        const char *id = json_string_value(json_object_get(o, "id"));
        if (id && rotas_strmap_put(&ids, id, (int)s) < 0)
            goto nomem;
        json_t *cls = json_array();
        if (!cls || json_object_set_new(o, "classes", cls))
            goto nomem;
    }
    if (attach(x, F_CLASSES, schools, &ids) ||
        (x->f[F_BELLS].present && attach(x, F_BELLS, schools, &ids)) ||
        (x->f[F_ROOMS].present && attach(x, F_ROOMS, schools, &ids)))
        goto nomem;
    if ((x->f[F_CLASS_UNAV].present && attach_class_unav(x, schools, &ids)) ||
        (x->f[F_TEACHER_UNAV].present &&
         attach_teacher_unav(x, json_object_get(root, "teachers"))) ||
        fix_decisions(json_object_get(root, "decisions")))
        goto nomem;
    if (x->nomem || rotas__csv_clerk_pass(root))
        goto nomem;

    rotas_error verr = {0};
    rc = rotas__county_from_json(&c, root, locate, x, d, &verr);
    if (rc == ROTAS_ENOMEM)
        goto nomem;
    if (rc == ROTAS_OK && rotas_diags_count(d) == before) {
        *out = c;
        c = NULL;
        goto done;
    }
    if (rc != ROTAS_OK && rc != ROTAS_EINPUT && rotas_diags_count(d) == before) {
        rotas_error_set(err, rc, "%s: %s", dir, verr.msg);
        goto done;
    }
bad : {
    size_t n_bad = rotas_diags_count(d) - before;
    rc = rotas_error_set(err, ROTAS_EINPUT, P_("%s: %zu error", "%s: %zu errors", n_bad), dir,
                         n_bad);
    goto done;
}
nomem:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
done:
    rotas_county_free(c);
    rotas_strmap_free(&ids);
    json_decref(root);
    return rc;
}

rotas_rc rotas_county_read_csv_dir(rotas_county **out, const char *dir, rotas_diags *diags,
                                   rotas_error *err)
{
    return rotas_county_read_csv_dir_enc(out, dir, ROTAS_CSV_AUTO, diags, err);
}

rotas_rc rotas_county_read_csv_dir_enc(rotas_county **out, const char *dir, rotas_csv_encoding enc,
                                       rotas_diags *diags, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_diags local = {0};
    rotas_diags *d = diags ? diags : &local;
    size_t before = rotas_diags_count(d);
    csv_ctx x = {.dir = dir, .enc = enc, .d = d};
    struct stat sb;
    *out = NULL;

    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: expected a folder of CSV files, found %s"),
                             dir, stat(dir, &sb) != 0 ? _("nothing") : _("a file"));
        goto done;
    }
    for (int i = 0; i < F_COUNT; i++) {
        csv_file *f = &x.f[i];
        size_t len = 0;
        int r = load_file(&x, f, files[i].file, &len);
        if (r < 0)
            goto nomem;
        if (r > 0)
            continue;
        if (!f->present) {
            if (files[i].required)
                rotas_diags_add(d, _("%s: missing file"), f->path);
            continue;
        }
        r = split(&x, f, files[i].file, len);
        if (r < 0)
            goto nomem;
        if (r == 0 && check_header(&x, i))
            r = 1;
        if (r > 0)
            f->present = 0; /* reported; its rows are not used */
    }
    { /* county.csv: the county's name and year, optional */
        csv_file *f = &x.f[F_COUNTY];
        size_t len = 0;
        int r = load_file(&x, f, "county.csv", &len);
        if (r == 0 && f->present)
            r = split(&x, f, "county.csv", len);
        if (r < 0)
            goto nomem;
        if (r > 0 || (f->present && check_header(&x, F_COUNTY)))
            f->present = 0;
    }
    rc = build(&x, out, before, err);
    goto done;
nomem:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
done:
    ctx_free(&x);
    rotas_diags_clear(&local);
    return rc;
}

rotas_rc rotas__county_read_sheets(rotas_county **out, const char *source, rotas__sheet *tables,
                                   size_t n_tables, rotas_diags *diags, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    rotas_diags local = {0};
    rotas_diags *d = diags ? diags : &local;
    size_t before = rotas_diags_count(d);
    csv_ctx x = {.dir = source, .book = 1, .d = d};
    *out = NULL;

    for (size_t k = 0; k < n_tables; k++) {
        rotas__sheet *t = &tables[k];
        int fi = rotas__sheet_index(t->name);
        if (fi < 0)
            continue; /* another sheet (说明, a list of values...) */
        csv_file *f = &x.f[fi];
        if (f->present) {
            rotas_diags_add(d, _("%s: expected one sheet for %.*s, found \"%s\" too"), source,
                            (int)strlen(files[fi].file) - 4, files[fi].file, t->name);
            continue;
        }
        size_t nl = strlen(source) + strlen(t->name) + 3;
        if (!(f->shown = malloc(nl)))
            goto nomem;
        snprintf(f->shown, nl, "%s[%s]", source, t->name);
        f->present = 1;
        f->text = t->text;
        f->cells = t->cells;
        f->n_cells = f->cap_cells = t->n_cells;
        f->rows = t->rows;
        f->n_rows = f->cap_rows = t->n_rows;
        t->text = NULL;
        t->cells = NULL;
        t->rows = NULL;
        if (check_header(&x, fi))
            f->present = 0;
    }
    for (int i = 0; i < F_COUNT; i++)
        if (files[i].required && !x.f[i].present && !x.f[i].shown)
            rotas_diags_add(d, _("%s: expected a sheet named %.*s (or %s), found none"), source,
                            (int)strlen(files[i].file) - 4, files[i].file, rotas__sheet_zh(i));
    rc = build(&x, out, before, err);
    goto done;
nomem:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
done:
    ctx_free(&x);
    rotas_diags_clear(&local);
    return rc;
}
