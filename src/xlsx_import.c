/*
 * xlsx_import.c - a county from a workbook: .xlsx (Excel 2007 and later, WPS) through minizip
 * (the zip container) and expat (the XML), .xls (Excel 97-2003, older WPS) through libfreexl.
 * Each sheet becomes a table of text cells (numbers as Excel shows them: 1982, not 1982.0),
 * read as the CSV folder is (csv.c): one sheet per table, named like the CSV file (teachers)
 * or in Chinese (教师); other sheets (说明) are ignored. Messages name "book.xlsx[教师]:row:col".
 */
#include <errno.h>
#include <expat.h>
#include <freexl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unzip.h>

#include "i18n_int.h"
#include "rotas/workbook.h"
#include "sheet_int.h"

#define ENTRY_MAX_BYTES (256u * 1024u * 1024u)
#define MAX_SHEETS 64
#define MAX_COLS ROTAS__SHEET_MAX_COLS

/* A number as Excel shows it: whole numbers without ".0", others in their shortest form. */
static void number_text(double x, char *buf, size_t n)
{
    if (isfinite(x) && x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, n, "%.0f", x);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

/* ---------------------------------------------------------------- .xlsx */

/* Read a whole zip entry (NUL-terminated). 0 ok, 1 absent, -1 failure (message in why). */
static int read_entry(unzFile uf, const char *name, char **out, size_t *len, char *why, size_t nwhy)
{
    unz_file_info64 info;
    *out = NULL;
    if (unzLocateFile(uf, name, 1) != UNZ_OK && unzLocateFile(uf, name, 2) != UNZ_OK)
        return 1;
    if (unzGetCurrentFileInfo64(uf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
        unzOpenCurrentFile(uf) != UNZ_OK) {
        snprintf(why, nwhy, _("cannot read %s inside the workbook"), name);
        return -1;
    }
    if (info.uncompressed_size > ENTRY_MAX_BYTES) {
        unzCloseCurrentFile(uf);
        snprintf(why, nwhy, _("%s inside the workbook is larger than %u MB"), name,
                 ENTRY_MAX_BYTES >> 20);
        return -1;
    }
    size_t cap = (size_t)info.uncompressed_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        unzCloseCurrentFile(uf);
        snprintf(why, nwhy, _("out of memory"));
        return -1;
    }
    for (;;) {
        if (n + 1 >= cap) { /* the header lied: read on, up to the limit */
            if (cap > ENTRY_MAX_BYTES) {
                free(buf);
                unzCloseCurrentFile(uf);
                snprintf(why, nwhy, _("%s inside the workbook is larger than %u MB"), name,
                         ENTRY_MAX_BYTES >> 20);
                return -1;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                unzCloseCurrentFile(uf);
                snprintf(why, nwhy, _("out of memory"));
                return -1;
            }
            buf = nb;
            cap *= 2;
        }
        int r = unzReadCurrentFile(uf, buf + n, (unsigned)(cap - 1 - n));
        if (r < 0) {
            free(buf);
            unzCloseCurrentFile(uf);
            snprintf(why, nwhy, _("%s inside the workbook is damaged (zip error %d)"), name, r);
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (unzCloseCurrentFile(uf) != UNZ_OK) {
        free(buf);
        snprintf(why, nwhy, _("%s inside the workbook is damaged (bad checksum)"), name);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(local_name(atts[i]), want))
            return atts[i + 1];
    return NULL;
}

/* Run expat over buf. 0 ok, -1 with the reason in why. */
static int parse_xml(const char *buf, size_t len, void *ud, XML_StartElementHandler st,
                     XML_EndElementHandler en, XML_CharacterDataHandler ch, const char *what,
                     char *why, size_t nwhy)
{
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        snprintf(why, nwhy, _("out of memory"));
        return -1;
    }
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, st, en);
    if (ch)
        XML_SetCharacterDataHandler(p, ch);
    int ok = XML_Parse(p, buf, (int)len, 1) == XML_STATUS_OK;
    if (!ok)
        snprintf(why, nwhy, _("%s inside the workbook is not valid XML (line %lu: %s)"), what,
                 (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
    return ok ? 0 : -1;
}

/* A growing string (text of an element). */
typedef struct str {
    char *s;
    size_t n, cap;
    int nomem;
} str;

static void str_add(str *x, const char *s, size_t n)
{
    if (x->nomem)
        return;
    if (x->n + n + 1 > x->cap) {
        size_t cap = (x->n + n + 1) * 2;
        char *t = realloc(x->s, cap);
        if (!t) {
            x->nomem = 1;
            return;
        }
        x->s = t;
        x->cap = cap;
    }
    memcpy(x->s + x->n, s, n);
    x->n += n;
    x->s[x->n] = '\0';
}

/* workbook.xml: the sheets in order; workbook.xml.rels: their parts. */
typedef struct book {
    char *name[MAX_SHEETS], *rid[MAX_SHEETS], *target[MAX_SHEETS];
    size_t n;
    char *rel_id[4 * MAX_SHEETS], *rel_target[4 * MAX_SHEETS];
    size_t n_rel;
    int nomem;
} book;

static void XMLCALL wb_start(void *ud, const char *el, const char **atts)
{
    book *b = ud;
    if (!strcmp(local_name(el), "sheet") && b->n < MAX_SHEETS) {
        const char *name = attr(atts, "name"), *rid = attr(atts, "id");
        if (!name || !rid)
            return;
        b->name[b->n] = rotas_strdup(name);
        b->rid[b->n] = rotas_strdup(rid);
        b->nomem |= !b->name[b->n] || !b->rid[b->n];
        b->n++;
    }
}

static void XMLCALL rel_start(void *ud, const char *el, const char **atts)
{
    book *b = ud;
    if (!strcmp(local_name(el), "Relationship") && b->n_rel < 4 * MAX_SHEETS) {
        const char *id = attr(atts, "Id"), *t = attr(atts, "Target");
        if (!id || !t)
            return;
        b->rel_id[b->n_rel] = rotas_strdup(id);
        b->rel_target[b->n_rel] = rotas_strdup(t);
        b->nomem |= !b->rel_id[b->n_rel] || !b->rel_target[b->n_rel];
        b->n_rel++;
    }
}

static void XMLCALL no_end(void *ud, const char *el)
{
    (void)ud;
    (void)el;
}

static void book_free(book *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->name[i]);
        free(b->rid[i]);
        free(b->target[i]);
    }
    for (size_t i = 0; i < b->n_rel; i++) {
        free(b->rel_id[i]);
        free(b->rel_target[i]);
    }
}

/* sharedStrings.xml: the text of each <si>, phonetic runs (<rPh>) left out. */
typedef struct sst {
    char **s;
    size_t n, cap;
    str cur;
    int in_si, in_t, in_rph, nomem;
} sst;

static void XMLCALL sst_start(void *ud, const char *el, const char **atts)
{
    sst *x = ud;
    (void)atts;
    el = local_name(el);
    if (!strcmp(el, "si")) {
        x->in_si = 1;
        x->cur.n = 0;
        str_add(&x->cur, "", 0);
    } else if (!strcmp(el, "rPh"))
        x->in_rph = 1;
    else if (!strcmp(el, "t"))
        x->in_t = 1;
}

static void XMLCALL sst_end(void *ud, const char *el)
{
    sst *x = ud;
    el = local_name(el);
    if (!strcmp(el, "t"))
        x->in_t = 0;
    else if (!strcmp(el, "rPh"))
        x->in_rph = 0;
    else if (!strcmp(el, "si") && x->in_si) {
        x->in_si = 0;
        if (x->n == x->cap) {
            size_t cap = x->cap ? x->cap * 2 : 256;
            char **t = realloc(x->s, cap * sizeof *t);
            if (!t) {
                x->nomem = 1;
                return;
            }
            x->s = t;
            x->cap = cap;
        }
        x->s[x->n] = rotas_strdup(x->cur.s ? x->cur.s : "");
        x->nomem |= !x->s[x->n];
        x->n++;
    }
}

static void XMLCALL sst_text(void *ud, const char *s, int len)
{
    sst *x = ud;
    if (x->in_si && x->in_t && !x->in_rph)
        str_add(&x->cur, s, (size_t)len);
}

/* A worksheet: <row r><c r t><v>|<is><t>. */
typedef struct ws {
    rotas__sheet_builder b;
    const sst *strings;
    size_t next_row, col, next_col;
    char type[16];
    str v;
    int in_row, in_c, in_v, in_is_t, bad_index;
} ws;

/* Column (0-based) of a cell reference "AB12"; -1 if it has no letters. */
static long ref_col(const char *r)
{
    long c = 0;
    int any = 0;
    for (; *r >= 'A' && *r <= 'Z'; r++, any = 1)
        c = c * 26 + (*r - 'A' + 1);
    return any && c <= MAX_COLS ? c - 1 : -1;
}

static void XMLCALL ws_start(void *ud, const char *el, const char **atts)
{
    ws *w = ud;
    el = local_name(el);
    if (!strcmp(el, "row")) {
        const char *r = attr(atts, "r");
        long n = r ? strtol(r, NULL, 10) : 0;
        w->next_row = n > 0 ? (size_t)n : w->next_row + 1;
        rotas__sb_row_start(&w->b, w->next_row);
        w->in_row = 1;
        w->next_col = 0;
    } else if (!strcmp(el, "c") && w->in_row) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        long c = r ? ref_col(r) : -1;
        w->col = c >= 0 ? (size_t)c : w->next_col;
        w->next_col = w->col + 1;
        snprintf(w->type, sizeof w->type, "%s", t ? t : "n");
        w->v.n = 0;
        str_add(&w->v, "", 0);
        w->in_c = 1;
    } else if (w->in_c && !strcmp(el, "v"))
        w->in_v = 1;
    else if (w->in_c && !strcmp(el, "t"))
        w->in_is_t = 1;
}

static void XMLCALL ws_end(void *ud, const char *el)
{
    ws *w = ud;
    el = local_name(el);
    if (!strcmp(el, "v"))
        w->in_v = 0;
    else if (!strcmp(el, "t"))
        w->in_is_t = 0;
    else if (!strcmp(el, "c") && w->in_c) {
        const char *v = w->v.s ? w->v.s : "";
        char num[64];
        w->in_c = 0;
        if (!strcmp(w->type, "s")) {
            char *end = NULL;
            long k = strtol(v, &end, 10);
            if (*v && !*end && k >= 0 && (size_t)k < w->strings->n)
                v = w->strings->s[k];
            else {
                w->bad_index = 1;
                v = "";
            }
        } else if (!strcmp(w->type, "n") && *v) {
            char *end = NULL;
            double x = strtod(v, &end);
            if (!*end) {
                number_text(x, num, sizeof num);
                v = num;
            }
        } else if (!strcmp(w->type, "b"))
            v = !strcmp(v, "1") ? "true" : "false";
        rotas__sb_put(&w->b, w->col, v, strlen(v));
    } else if (!strcmp(el, "row") && w->in_row) {
        w->in_row = 0;
        rotas__sb_row_end(&w->b);
    }
}

static void XMLCALL ws_text(void *ud, const char *s, int len)
{
    ws *w = ud;
    if (w->in_c && (w->in_v || w->in_is_t))
        str_add(&w->v, s, (size_t)len);
}

/* The part a relationship target names, from xl/. */
static void part_path(const char *target, char *out, size_t n)
{
    if (target[0] == '/')
        snprintf(out, n, "%s", target + 1);
    else
        snprintf(out, n, "xl/%s", target);
}

static rotas_rc read_xlsx(rotas__sheet **out, size_t *n_out, const char *path, rotas_error *err)
{
    unzFile uf = unzOpen64(path);
    book bk = {0};
    sst strings = {0};
    rotas__sheet *sheets = NULL;
    size_t n_sheets = 0;
    char *buf = NULL, why[512] = "";
    size_t len = 0;
    rotas_rc rc = ROTAS_OK;
    int r;
    *out = NULL;
    *n_out = 0;
    if (!uf)
        return rotas_error_set(err, ROTAS_EINPUT,
                               _("%s: expected an Excel workbook (.xlsx), found a file that is not "
                                 "one (not a zip container)"),
                               path);
    if ((r = read_entry(uf, "xl/workbook.xml", &buf, &len, why, sizeof why)) != 0) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: expected an Excel workbook (.xlsx), %s"),
                             path, r > 0 ? _("found a zip file without xl/workbook.xml") : why);
        goto done;
    }
    if (parse_xml(buf, len, &bk, wb_start, no_end, NULL, "xl/workbook.xml", why, sizeof why))
        goto bad;
    free(buf);
    buf = NULL;
    if ((r = read_entry(uf, "xl/_rels/workbook.xml.rels", &buf, &len, why, sizeof why)) < 0)
        goto bad;
    if (r == 0 &&
        parse_xml(buf, len, &bk, rel_start, no_end, NULL, "workbook.xml.rels", why, sizeof why))
        goto bad;
    free(buf);
    buf = NULL;
    if ((r = read_entry(uf, "xl/sharedStrings.xml", &buf, &len, why, sizeof why)) < 0)
        goto bad;
    if (r == 0 && parse_xml(buf, len, &strings, sst_start, sst_end, sst_text,
                            "xl/sharedStrings.xml", why, sizeof why))
        goto bad;
    free(buf);
    buf = NULL;
    if (bk.nomem || strings.nomem || strings.cur.nomem)
        goto nomem;
    if (!(sheets = calloc(bk.n ? bk.n : 1, sizeof *sheets)))
        goto nomem;
    for (size_t i = 0; i < bk.n; i++) {
        char part[512];
        const char *target = NULL;
        for (size_t k = 0; k < bk.n_rel && !target; k++)
            if (!strcmp(bk.rel_id[k], bk.rid[i]))
                target = bk.rel_target[k];
        if (!target) {
            snprintf(why, sizeof why, _("sheet \"%s\" has no part in the workbook"), bk.name[i]);
            goto bad;
        }
        part_path(target, part, sizeof part);
        if ((r = read_entry(uf, part, &buf, &len, why, sizeof why)) != 0) {
            if (r > 0)
                snprintf(why, sizeof why, _("sheet \"%s\" is missing (%s)"), bk.name[i], part);
            goto bad;
        }
        rotas__sheet *s = &sheets[n_sheets++];
        ws w = {.b = {.s = s}, .strings = &strings};
        if (!(s->name = rotas_strdup(bk.name[i]))) {
            free(w.v.s);
            goto nomem;
        }
        int pr = parse_xml(buf, len, &w, ws_start, ws_end, ws_text, part, why, sizeof why);
        free(buf);
        buf = NULL;
        free(w.v.s);
        if (pr) {
            free(w.b.off);
            goto bad;
        }
        if (w.v.nomem || rotas__sb_finish(&w.b)) {
            free(w.b.off);
            goto nomem;
        }
        if (w.bad_index) {
            snprintf(why, sizeof why, _("sheet \"%s\" refers to a shared string that is missing"),
                     bk.name[i]);
            goto bad;
        }
    }
    *out = sheets;
    *n_out = n_sheets;
    sheets = NULL;
    goto done;
bad:
    rc = rotas_error_set(err, ROTAS_EINPUT, "%s: %s", path, why);
    goto done;
nomem:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
done:
    free(buf);
    rotas__sheets_free(sheets, n_sheets);
    book_free(&bk);
    for (size_t i = 0; i < strings.n; i++)
        free(strings.s[i]);
    free(strings.s);
    free(strings.cur.s);
    unzClose(uf);
    return rc;
}

/* ---------------------------------------------------------------- .xls */

static rotas_rc read_xls(rotas__sheet **out, size_t *n_out, const char *path, rotas_error *err)
{
    const void *h = NULL;
    unsigned int n = 0;
    rotas__sheet *sheets = NULL;
    size_t n_sheets = 0;
    rotas_rc rc = ROTAS_OK;
    *out = NULL;
    *n_out = 0;
    int fr = freexl_open(path, &h);
    if (fr != FREEXL_OK) {
        if (h)
            freexl_close(h);
        return rotas_error_set(err, ROTAS_EINPUT,
                               _("%s: expected an Excel 97-2003 workbook (.xls), found a file "
                                 "libfreexl cannot read (error %d)"),
                               path, fr);
    }
    unsigned int pw = 0;
    if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw != FREEXL_BIFF_PLAIN) {
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             _("%s: the workbook is protected by a password; save it without one"),
                             path);
        goto done;
    }
    if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &n) != FREEXL_OK)
        n = 0;
    if (n > MAX_SHEETS)
        n = MAX_SHEETS;
    if (!(sheets = calloc(n ? n : 1, sizeof *sheets)))
        goto nomem;
    for (unsigned short i = 0; i < n; i++) {
        const char *name = NULL;
        unsigned int rows = 0;
        unsigned short cols = 0;
        if (freexl_get_worksheet_name(h, i, &name) != FREEXL_OK ||
            freexl_select_active_worksheet(h, i) != FREEXL_OK ||
            freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
            rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: sheet %u cannot be read"), path, i + 1);
            goto done;
        }
        rotas__sheet *s = &sheets[n_sheets++];
        rotas__sheet_builder b = {.s = s};
        if (!(s->name = rotas_strdup(name ? name : "")))
            goto nomem;
        if (cols > MAX_COLS)
            cols = MAX_COLS;
        for (unsigned int r = 0; r < rows; r++) {
            rotas__sb_row_start(&b, r + 1);
            for (unsigned short c = 0; c < cols; c++) {
                FreeXL_CellValue v;
                char num[64];
                const char *t = "";
                if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
                    continue;
                switch (v.type) {
                case FREEXL_CELL_INT:
                    snprintf(num, sizeof num, "%d", v.value.int_value);
                    t = num;
                    break;
                case FREEXL_CELL_DOUBLE:
                    number_text(v.value.double_value, num, sizeof num);
                    t = num;
                    break;
                case FREEXL_CELL_TEXT:
                case FREEXL_CELL_SST_TEXT:
                case FREEXL_CELL_DATE:
                case FREEXL_CELL_DATETIME:
                case FREEXL_CELL_TIME:
                    t = v.value.text_value ? v.value.text_value : "";
                    break;
                default:
                    break;
                }
                if (*t)
                    rotas__sb_put(&b, c, t, strlen(t));
            }
            rotas__sb_row_end(&b);
        }
        if (rotas__sb_finish(&b)) {
            free(b.off);
            goto nomem;
        }
    }
    *out = sheets;
    *n_out = n_sheets;
    sheets = NULL;
    goto done;
nomem:
    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
done:
    rotas__sheets_free(sheets, n_sheets);
    freexl_close(h);
    return rc;
}

/* ---------------------------------------------------------------- .xls, isolated */

/* libfreexl 1.0.6 can crash on a damaged .xls (a stack read past its buffer, found by
   fuzz_xlsx), so it reads the file in a child process that sends the sheets back through a
   pipe: a crash there is a damaged file, not a crash of rotas. The stream: for each sheet
   'S', name, rows; for each row 'R', line, cells; each string as u32 length + bytes; 'E' at
   the end, or 'X', rc, message on an error. */

static int put_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int put_u32(int fd, uint32_t v)
{
    return put_all(fd, &v, sizeof v);
}

static int put_str(int fd, const char *s)
{
    size_t n = strlen(s);
    return put_u32(fd, (uint32_t)n) || put_all(fd, s, n);
}

static void xls_child(int fd, const char *path)
{
    rotas__sheet *sheets = NULL;
    size_t n = 0;
    rotas_error err = {0};
    rotas_rc rc = read_xls(&sheets, &n, path, &err);
    int bad = 0;
    if (rc) {
        int32_t code = rc;
        bad = put_all(fd, "X", 1) || put_all(fd, &code, sizeof code) || put_str(fd, err.msg);
    } else {
        for (size_t i = 0; i < n && !bad; i++) {
            const rotas__sheet *sh = &sheets[i];
            bad = put_all(fd, "S", 1) || put_str(fd, sh->name) || put_u32(fd, (uint32_t)sh->n_rows);
            for (size_t r = 0; r < sh->n_rows && !bad; r++) {
                bad =
                    put_u32(fd, (uint32_t)sh->rows[r].line) || put_u32(fd, (uint32_t)sh->rows[r].n);
                for (size_t k = 0; k < sh->rows[r].n && !bad; k++)
                    bad = put_str(fd, sh->cells[sh->rows[r].first + k]);
            }
        }
        bad = bad || put_all(fd, "E", 1);
    }
    rotas__sheets_free(sheets, n);
    close(fd);
    _exit(bad ? 3 : 0);
}

typedef struct rd {
    const char *p, *end;
} rd;

static int get(rd *r, void *out, size_t n)
{
    if ((size_t)(r->end - r->p) < n)
        return -1;
    memcpy(out, r->p, n);
    r->p += n;
    return 0;
}

static int get_str(rd *r, const char **s, uint32_t *len)
{
    if (get(r, len, sizeof *len) || (size_t)(r->end - r->p) < *len)
        return -1;
    *s = r->p;
    r->p += *len;
    return 0;
}

/* Rebuild the sheets from the child's stream. 0 ok, 1 malformed, -1 out of memory; an error
   the child reported goes to err (rc in *child_rc). */
static int parse_stream(const char *buf, size_t len, rotas__sheet **out, size_t *n_out,
                        rotas_rc *child_rc, rotas_error *err)
{
    rd r = {buf, buf + len};
    rotas__sheet *sheets = calloc(MAX_SHEETS, sizeof *sheets);
    size_t n = 0;
    char tag;
    int rc = 1;
    if (!sheets)
        return -1;
    while (!get(&r, &tag, 1)) {
        if (tag == 'E') {
            rc = r.p == r.end ? 0 : 1;
            break;
        }
        if (tag == 'X') {
            int32_t code;
            const char *m;
            uint32_t ml;
            if (get(&r, &code, sizeof code) || get_str(&r, &m, &ml))
                break;
            *child_rc = code;
            rotas_error_set(err, code, "%.*s", (int)ml, m);
            rc = 0;
            break;
        }
        const char *name;
        uint32_t nl, rows;
        if (tag != 'S' || n >= MAX_SHEETS || get_str(&r, &name, &nl) || get(&r, &rows, 4))
            break;
        rotas__sheet *sh = &sheets[n++];
        rotas__sheet_builder b = {.s = sh};
        if (!(sh->name = malloc(nl + 1))) {
            rc = -1;
            break;
        }
        memcpy(sh->name, name, nl);
        sh->name[nl] = '\0';
        int bad = 0;
        for (uint32_t q = 0; q < rows && !bad; q++) {
            uint32_t line, cells;
            if (get(&r, &line, 4) || get(&r, &cells, 4)) {
                bad = 1;
                break;
            }
            rotas__sb_row_start(&b, line);
            for (uint32_t k = 0; k < cells && !bad; k++) {
                const char *v;
                uint32_t vl;
                if (get_str(&r, &v, &vl))
                    bad = 1;
                else
                    rotas__sb_put(&b, k, v, vl);
            }
            rotas__sb_row_end(&b);
        }
        if (rotas__sb_finish(&b))
            bad = -1;
        free(b.off);
        if (bad) {
            rc = bad;
            break;
        }
    }
    if (rc == 0 && *child_rc == ROTAS_OK) {
        *out = sheets;
        *n_out = n;
    } else
        rotas__sheets_free(sheets, n);
    return rc;
}

static rotas_rc read_xls_isolated(rotas__sheet **out, size_t *n_out, const char *path,
                                  rotas_error *err)
{
    int fds[2];
    *out = NULL;
    *n_out = 0;
    if (pipe(fds) != 0)
        return rotas_error_set(err, ROTAS_EIO, _("%s: cannot make a pipe: %s"), path,
                               strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return rotas_error_set(err, ROTAS_EIO, _("%s: cannot start a process: %s"), path,
                               strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        xls_child(fds[1], path);
    }
    close(fds[1]);
    str data = {0};
    char chunk[65536];
    for (;;) {
        ssize_t got = read(fds[0], chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        str_add(&data, chunk, (size_t)got);
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    rotas_rc rc = ROTAS_OK, child_rc = ROTAS_OK;
    if (data.nomem)
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             _("%s: expected an Excel 97-2003 workbook (.xls), found a damaged one "
                               "(libfreexl stopped on it%s); save it again from Excel or WPS, or "
                               "as .xlsx"),
                             path, WIFSIGNALED(status) ? _(", crashing") : "");
    else {
        int pr = parse_stream(data.s ? data.s : "", data.n, out, n_out, &child_rc, err);
        if (pr < 0)
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        else if (pr > 0)
            rc = rotas_error_set(err, ROTAS_ERR, _("%s: the .xls reader sent a broken stream"),
                                 path);
        else
            rc = child_rc;
    }
    free(data.s);
    return rc;
}

/* ---------------------------------------------------------------- entry point */

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    if (m > n)
        return 0;
    for (size_t i = 0; i < m; i++)
        if ((s[n - m + i] | 32) != (suf[i] | 32))
            return 0;
    return 1;
}

rotas_rc rotas_county_read_workbook(rotas_county **out, const char *path, rotas_diags *diags,
                                    rotas_error *err)
{
    rotas__sheet *sheets = NULL;
    size_t n = 0;
    rotas_rc rc;
    FILE *f = fopen(path, "rb");
    *out = NULL;
    if (!f)
        return rotas_error_set(err, ROTAS_EINPUT, _("%s: cannot open: %s"), path, strerror(errno));
    unsigned char magic[4] = {0};
    size_t got = fread(magic, 1, 4, f);
    fclose(f);
    /* by content first (a renamed file), then by name */
    int zip = got == 4 && magic[0] == 'P' && magic[1] == 'K';
    int ole = got == 4 && magic[0] == 0xD0 && magic[1] == 0xCF && magic[2] == 0x11;
    if (zip || (!ole && has_suffix(path, ".xlsx")))
        rc = read_xlsx(&sheets, &n, path, err);
    else
        rc = read_xls_isolated(&sheets, &n, path, err);
    if (rc == ROTAS_OK)
        rc = rotas__county_read_sheets(out, path, sheets, n, diags, err);
    rotas__sheets_free(sheets, n);
    return rc;
}
