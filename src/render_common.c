/* render_common.c - buffer, escaping, file writes, sheet names and widths for the renderers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_cell_int.h"
#include "render_int.h"

/* ---- buffer ---- */

static int buf_grow(rotas__buf *b, size_t need)
{
    if (b->oom)
        return -1;
    if (b->len + need + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + need + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = 1;
            return -1;
        }
        cap *= 2;
    }
    char *d = realloc(b->data, cap);
    if (!d) {
        b->oom = 1;
        return -1;
    }
    b->data = d;
    b->cap = cap;
    return 0;
}

void rotas__buf_put(rotas__buf *b, const char *s, size_t n)
{
    if (buf_grow(b, n) != 0)
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rotas__buf_puts(rotas__buf *b, const char *s)
{
    if (s)
        rotas__buf_put(b, s, strlen(s));
}

void rotas__buf_printf(rotas__buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        rotas__buf_put(b, small, (size_t)n);
        return;
    }
    if (buf_grow(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void rotas__buf_free(rotas__buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void rotas__buf_reset(rotas__buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

const char *rotas__buf_str(const rotas__buf *b)
{
    return b->data ? b->data : "";
}

/* ---- escaping ---- */

void rotas__html_escape(rotas__buf *b, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            break;
        }
        if (rep) {
            rotas__buf_put(b, run, (size_t)(s - run));
            rotas__buf_puts(b, rep);
            run = s + 1;
        }
    }
    rotas__buf_put(b, run, (size_t)(s - run));
}

static void buf_put_cb(void *ctx, const char *bytes, size_t n)
{
    rotas__buf_put(ctx, bytes, n);
}

void rotas__csv_field(rotas__buf *b, const char *s)
{
    rotas__csv_cell(s, 1, buf_put_cb, b);
}

void rotas__csv_number(rotas__buf *b, const char *s)
{
    rotas__csv_cell(s, 0, buf_put_cb, b);
}

/* ---- files ---- */

/* ---- UTF-8 ---- */

/* Decode one code point at s (advances *len bytes); invalid bytes count as one char U+FFFD. */
static unsigned utf8_next(const unsigned char *s, size_t *len)
{
    unsigned c = s[0];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0) {
        *len = 1;
        return 0xFFFD;
    }
    unsigned cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *len = n;
    return cp;
}

static int wide(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t rotas__display_width(const char *s)
{
    size_t best = 0, cur = 0;
    if (!s)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == '\n') {
            cur = 0;
            p++;
            continue;
        }
        size_t n;
        unsigned cp = utf8_next(p, &n);
        cur += wide(cp) ? 2 : 1;
        if (cur > best)
            best = cur;
        p += n;
    }
    return best;
}

/* ---- sheet names ---- */

static int ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return x - y;
        if (!x)
            return 0;
    }
}

static int taken(const rotas__sheet_names *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (!ascii_casecmp(set->names[i], name))
            return 1;
    return 0;
}

/* Copy at most max_units UTF-16 units of s into out (cap bytes), cut at a char boundary. */
static void copy_units(char *out, size_t cap, const char *s, size_t max_units)
{
    size_t o = 0, units = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n;
        unsigned cp = utf8_next(p, &n);
        size_t u = cp >= 0x10000 ? 2 : 1;
        if (units + u > max_units || o + n + 1 > cap)
            break;
        memcpy(out + o, p, n);
        o += n;
        units += u;
        p += n;
    }
    out[o] = '\0';
}

int rotas__sheet_name(rotas__sheet_names *set, const char *want, char *out, size_t cap)
{
    char clean[512];
    size_t o = 0;
    const char *s = want ? want : "";
    while (*s == '\'')
        s++;
    for (; *s && o + 1 < sizeof clean; s++)
        clean[o++] = strchr("[]:*?/\\", *s)                     ? '_'
                     : (*s == '\n' || *s == '\r' || *s == '\t') ? ' '
                                                                : *s;
    clean[o] = '\0';
    /* the copy may cut a multi-byte char at the buffer end: copy_units stops before it */
    char base[128];
    copy_units(base, sizeof base, clean, ROTAS_SHEET_NAME_MAX);
    size_t bl = strlen(base);
    while (bl > 0 && (base[bl - 1] == '\'' || base[bl - 1] == ' '))
        base[--bl] = '\0';
    if (bl == 0)
        snprintf(base, sizeof base, "Sheet");
    if (!ascii_casecmp(base, "History"))
        snprintf(base, sizeof base, "History_");
    char cand[128];
    snprintf(cand, sizeof cand, "%s", base);
    for (int k = 2; taken(set, cand); k++) {
        char suffix[24];
        snprintf(suffix, sizeof suffix, " (%d)", k);
        char cut[128];
        copy_units(cut, sizeof cut, base, ROTAS_SHEET_NAME_MAX - strlen(suffix));
        snprintf(cand, sizeof cand, "%s%s", cut, suffix);
    }
    if (set->n == set->cap) {
        size_t nc = set->cap ? set->cap * 2 : 16;
        char **nn = realloc(set->names, nc * sizeof *nn);
        if (!nn)
            return -1;
        set->names = nn;
        set->cap = nc;
    }
    char *d = rotas_strdup(cand);
    if (!d)
        return -1;
    set->names[set->n++] = d;
    snprintf(out, cap, "%s", cand);
    return 0;
}

void rotas__sheet_names_free(rotas__sheet_names *set)
{
    for (size_t i = 0; i < set->n; i++)
        free(set->names[i]);
    free(set->names);
    set->names = NULL;
    set->n = set->cap = 0;
}

/* ---- tables ---- */

void rotas__table_init(rotas__table *t, const char *csv_name, int title, size_t n_cols,
                       const int *heads)
{
    memset(t, 0, sizeof *t);
    t->csv_name = csv_name;
    t->title = title;
    t->n_cols = n_cols > ROTAS_TABLE_MAX_COLS ? ROTAS_TABLE_MAX_COLS : n_cols;
    for (size_t i = 0; i < t->n_cols; i++)
        t->heads[i] = heads[i];
}

static rotas__cell *table_push(rotas__table *t)
{
    if (t->oom)
        return NULL;
    if (t->n_cells == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        rotas__cell *n = realloc(t->cells, nc * sizeof *n);
        if (!n) {
            t->oom = 1;
            return NULL;
        }
        t->cells = n;
        t->cap = nc;
    }
    rotas__cell *c = &t->cells[t->n_cells++];
    memset(c, 0, sizeof *c);
    return c;
}

void rotas__table_text(rotas__table *t, const char *s)
{
    rotas__cell *c = table_push(t);
    if (!c)
        return;
    c->text = rotas_strdup(s ? s : "");
    if (!c->text)
        t->oom = 1;
}

void rotas__table_num(rotas__table *t, double x, int decimals)
{
    rotas__cell *c = table_push(t);
    if (!c)
        return;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", decimals, x);
    c->text = rotas_strdup(buf);
    c->num = x;
    c->is_num = 1;
    c->decimals = decimals;
    if (!c->text)
        t->oom = 1;
}

void rotas__table_flag(rotas__table *t)
{
    if (t->n_cells && !t->oom)
        t->cells[t->n_cells - 1].flag = 1;
}

size_t rotas__table_rows(const rotas__table *t)
{
    return t->n_cols ? t->n_cells / t->n_cols : 0;
}

const rotas__cell *rotas__table_cell(const rotas__table *t, size_t row, size_t col)
{
    return &t->cells[row * t->n_cols + col];
}

void rotas__table_free(rotas__table *t)
{
    for (size_t i = 0; i < t->n_cells; i++)
        free(t->cells[i].text);
    free(t->cells);
    t->cells = NULL;
    t->n_cells = t->cap = 0;
}
