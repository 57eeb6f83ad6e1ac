/* common.c - helpers shared by the commands. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "rotas/json.h"
#include "rotas/outfile.h"
#include "rotas/store.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("rotas: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* East Asian wide code points (CJK, Hangul, full-width forms): two columns. */
static int wide(unsigned long cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

int cli_text_width(const char *s)
{
    int w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned long cp = *p;
        int extra = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : 0;
        if (extra)
            cp &= 0x3Fu >> extra;
        p++;
        for (; extra > 0 && (*p & 0xC0) == 0x80; extra--)
            cp = (cp << 6) | (*p++ & 0x3F);
        w += wide(cp) ? 2 : 1;
    }
    return w;
}

void cli_fpad(FILE *f, const char *s, int width)
{
    int pad = (width < 0 ? -width : width) - cli_text_width(s);
    if (width > 0)
        fprintf(f, "%*s", pad > 0 ? pad : 0, "");
    fputs(s, f);
    if (width < 0)
        fprintf(f, "%*s", pad > 0 ? pad : 0, "");
}

void cli_fcells(FILE *f, const cli_cell *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputs(cells[i].before, f);
        cli_fpad(f, cells[i].text, cells[i].width);
    }
    fputc('\n', f);
}

/* The first of a and b in msg (either may be absent), NULL if neither. */
static const char *first_of(const char *msg, const char *a, const char *b)
{
    const char *p = strstr(msg, a), *q = strstr(msg, b);
    return !p ? q : !q ? p : p < q ? p : q;
}

/* The kind of a message: its place with the numbers taken out ("teachers.csv line # column
   学校", "teachers[#].school") and what was expected, without what was found. Messages in
   Chinese end the place with "：" and say what was found after "，实际". */
static void diag_kind(const char *msg, char *out, size_t n)
{
    const char *colon = first_of(msg, ": ", "：");
    const char *found = first_of(msg, ", found", "，实际");
    size_t k = 0;
    for (const char *p = msg; *p && k + 1 < n && (!found || p < found); p++) {
        if (colon && p < colon && isdigit((unsigned char)*p)) {
            while (p[1] && isdigit((unsigned char)p[1]))
                p++;
            out[k++] = '#';
        } else
            out[k++] = *p;
    }
    out[k] = '\0';
}

/* At most this many messages of one kind are shown; the rest are counted in one line. */
#define CLI_SAME_KIND_SHOWN 3

int cli_report_diags(const char *prefix, const rotas_diags *d)
{
    size_t *kind_of = calloc(d->n_items ? d->n_items : 1, sizeof *kind_of);
    size_t *count = calloc(d->n_items ? d->n_items : 1, sizeof *count);
    char(*keys)[160] = calloc(d->n_items ? d->n_items : 1, sizeof *keys);
    size_t n_kinds = 0;
    if (!kind_of || !count || !keys) { /* no memory to fold: everything, unfolded */
        for (size_t i = 0; i < d->n_items; i++)
            fprintf(stderr, "rotas: %s: %s\n", prefix, d->items[i]);
    } else {
        for (size_t i = 0; i < d->n_items; i++) {
            char key[160];
            diag_kind(d->items[i], key, sizeof key);
            size_t k = 0;
            while (k < n_kinds && strcmp(keys[k], key) != 0)
                k++;
            if (k == n_kinds)
                memcpy(keys[n_kinds++], key, sizeof key);
            kind_of[i] = k;
            count[k]++;
        }
        size_t *shown = calloc(n_kinds ? n_kinds : 1, sizeof *shown);
        for (size_t i = 0; i < d->n_items; i++) {
            size_t k = kind_of[i];
            if (shown && shown[k] >= CLI_SAME_KIND_SHOWN)
                continue;
            fprintf(stderr, "rotas: %s: %s\n", prefix, d->items[i]);
            if (shown && ++shown[k] == CLI_SAME_KIND_SHOWN && count[k] > CLI_SAME_KIND_SHOWN)
                fprintf(stderr, _("rotas: %s: ... and %zu more of the same kind\n"), prefix,
                        count[k] - CLI_SAME_KIND_SHOWN);
        }
        free(shown);
    }
    free(kind_of);
    free(count);
    free(keys);
    if (d->n_dropped)
        fprintf(stderr, _("rotas: %s: ... and %zu more\n"), prefix, d->n_dropped);
    size_t n = rotas_diags_count(d);
    if (n == 1)
        fprintf(stderr, _("rotas: %s: 1 error\n"), prefix);
    else
        fprintf(stderr, _("rotas: %s: %zu errors\n"), prefix, n);
    return EXIT_INPUT;
}

int cli_report_failure(const char *prefix, const rotas_diags *d, const rotas_error *err,
                       rotas_rc rc)
{
    if (rotas_diags_count(d) > 0)
        return cli_report_diags(prefix, d);
    cli_error("%s", err->msg);
    return cli_exit_code(rc);
}

int cli_exit_code(rotas_rc rc)
{
    switch (rc) {
    case ROTAS_OK:
        return EXIT_OK;
    case ROTAS_EINPUT:
        return EXIT_INPUT;
    case ROTAS_EINFEASIBLE:
        return EXIT_INFEASIBLE;
    default:
        return EXIT_ERR;
    }
}

int cli_has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    if (m > n)
        return 0;
    for (size_t i = 0; i < m; i++)
        if (tolower((unsigned char)path[n - m + i]) != tolower((unsigned char)suffix[i]))
            return 0;
    return 1;
}

/* The numbers JSON cannot hold, which the validator would never see. */
static size_t non_finite(const char *path, const rotas_county *c, rotas_diags *d)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n_schools; i++)
        if (!isfinite(c->schools[i].lat) || !isfinite(c->schools[i].lon)) {
            rotas_diags_add(d,
                            "schools[%zu] (%s): lat, lon: expected finite numbers, found "
                            "%g, %g",
                            i, c->schools[i].id, c->schools[i].lat, c->schools[i].lon);
            n++;
        }
    for (size_t i = 0; i < c->n_travel; i++)
        if (!isfinite(c->travel[i].km) || !isfinite(c->travel[i].minutes)) {
            rotas_diags_add(d, "travel[%zu]: km, minutes: expected finite numbers, found %g, %g", i,
                            c->travel[i].km, c->travel[i].minutes);
            n++;
        }
    (void)path;
    return n;
}

int cli_validate_stored(const char *path, const rotas_county *c)
{
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_county *again = NULL;
    int code = EXIT_OK;
    if (non_finite(path, c, &d) > 0) {
        code = cli_report_diags(path, &d);
        rotas_diags_clear(&d);
        return code;
    }
    char *text = rotas_county_dump_json(c);
    if (!text) {
        cli_error(_("%s: out of memory"), path);
        return EXIT_ERR;
    }
    rotas_rc rc = rotas_county_read_json_buffer(&again, text, strlen(text), path, &d, &err);
    if (rc != ROTAS_OK)
        code = cli_report_failure(path, &d, &err, rc);
    rotas_county_free(again);
    rotas_diags_clear(&d);
    free(text);
    return code;
}

rotas_county *cli_load_county(const char *path, int *exit_code)
{
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    if (cli_has_suffix(path, ".db") || cli_has_suffix(path, ".sqlite")) {
        rotas_store *s = NULL;
        rotas_rc rc = rotas_store_open_mode(&s, path, ROTAS_STORE_READ, &err);
        if (rc == ROTAS_OK)
            rc = rotas_store_load_county(&c, s, &err);
        rotas_store_close(s);
        if (rc != ROTAS_OK) {
            cli_error("%s", err.msg);
            *exit_code = cli_exit_code(rc);
            return NULL;
        }
        if ((*exit_code = cli_validate_stored(path, c)) != EXIT_OK) {
            rotas_county_free(c);
            return NULL;
        }
        return c;
    }
    rotas_rc rc = rotas_county_read_json(&c, path, &d, &err);
    if (rc != ROTAS_OK) {
        *exit_code = cli_report_failure(path, &d, &err, rc);
        rotas_diags_clear(&d);
        return NULL;
    }
    rotas_diags_clear(&d);
    return c;
}

int cli_load_policy(rotas_policy *out, const char *path)
{
    rotas_policy_default(out);
    if (!path)
        return EXIT_OK;
    rotas_error err = {0};
    rotas_diags d = {0};
    rotas_rc rc = rotas_policy_read_json(out, path, &d, &err);
    int code = EXIT_OK;
    if (rc != ROTAS_OK) {
        code = cli_report_failure(path, &d, &err, rc);
    }
    rotas_diags_clear(&d);
    return code;
}

static int same_as_input(const char *out, const char *in)
{
    static const char *const sidecars[] = {"", "-wal", "-shm", "-journal"};
    int db = cli_has_suffix(in, ".db") || cli_has_suffix(in, ".sqlite");
    for (size_t k = 0; k < (db ? 4u : 1u); k++) {
        char side[4096];
        if (snprintf(side, sizeof side, "%s%s", in, sidecars[k]) >= (int)sizeof side)
            continue;
        if (rotas_outfile_same(out, side))
            return 1;
    }
    return 0;
}

/* 1 if nothing exists at path yet (a file two outputs would both create). */
static int not_yet(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) != 0;
}

int cli_refuse_same(const char *const *ins, size_t n_in, const char *const *outs, size_t n_out)
{
    for (size_t j = 0; j < n_out; j++) {
        if (!outs[j])
            continue;
        for (size_t i = 0; i < n_in; i++)
            if (ins[i] && same_as_input(outs[j], ins[i])) {
                cli_error(_("%s: this output is the input %s; refusing to overwrite it "
                            "(choose another output file)"),
                          outs[j], ins[i]);
                return EXIT_INPUT;
            }
        for (size_t k = j + 1; k < n_out; k++)
            if (outs[k] && (rotas_outfile_same(outs[j], outs[k]) ||
                            (!strcmp(outs[j], outs[k]) && not_yet(outs[j])))) {
                cli_error(_("%s: given as two different outputs (%s and %s)"), outs[j], outs[j],
                          outs[k]);
                return EXIT_INPUT;
            }
    }
    return 0;
}

rotas_outfile *cli_out_open(const char *out_path, int *exit_code)
{
    rotas_error err = {0};
    rotas_outfile *o = NULL;
    rotas_rc rc = rotas_outfile_open(&o, out_path, &err);
    if (rc != ROTAS_OK) {
        cli_error("%s", err.msg);
        *exit_code = cli_exit_code(rc);
        return NULL;
    }
    return o;
}

int cli_out_commit(rotas_outfile *o)
{
    rotas_error err = {0};
    if (rotas_outfile_commit(o, &err) != ROTAS_OK) {
        cli_error("%s", err.msg);
        return EXIT_ERR;
    }
    return EXIT_OK;
}

int cli_out_dir(const char *dir)
{
    rotas_error err = {0};
    rotas_rc rc = rotas_outfile_check_dir(dir, &err);
    if (rc != ROTAS_OK) {
        cli_error("%s", err.msg);
        return cli_exit_code(rc);
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error(_("%s: cannot create the folder: %s"), dir, strerror(errno));
        return EXIT_ERR;
    }
    return 0;
}

int cli_write_violations(const char *out_path, const rotas_diags *v, size_t n, const char *what,
                         int quiet, const char *ok_line)
{
    int code = EXIT_OK;
    rotas_outfile *of = cli_out_open(out_path, &code);
    if (!of)
        return code;
    FILE *out = rotas_outfile_stream(of);
    for (size_t i = 0; i < v->n_items; i++)
        fprintf(out, "%s\n", v->items[i]);
    if (v->n_dropped)
        fprintf(out, _("... and %zu more violations\n"), v->n_dropped);
    if ((code = cli_out_commit(of)) != EXIT_OK)
        return code;
    if (n > 0) {
        if (!quiet)
            cli_error(ngettext("check: %s: %zu violation", "check: %s: %zu violations",
                               (unsigned long)(n)),
                      what, n);
        return EXIT_ERR;
    }
    if (!quiet && ok_line)
        fprintf(stderr, "%s\n", ok_line);
    return EXIT_OK;
}
