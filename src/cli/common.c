/* common.c - helpers shared by the commands. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rotas/json.h"
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

int cli_report_diags(const char *prefix, const rotas_diags *d)
{
    for (size_t i = 0; i < d->n_items; i++)
        fprintf(stderr, "rotas: %s: %s\n", prefix, d->items[i]);
    if (d->n_dropped)
        fprintf(stderr, "rotas: %s: ... and %zu more\n", prefix, d->n_dropped);
    size_t n = rotas_diags_count(d);
    fprintf(stderr, "rotas: %s: %zu error%s\n", prefix, n, n == 1 ? "" : "s");
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

rotas_county *cli_load_county(const char *path, int *exit_code)
{
    rotas_county *c = NULL;
    rotas_error err = {0};
    rotas_diags d = {0};
    if (cli_has_suffix(path, ".db") || cli_has_suffix(path, ".sqlite")) {
        rotas_store *s = NULL;
        rotas_rc rc = rotas_store_open(&s, path, &err);
        if (rc == ROTAS_OK)
            rc = rotas_store_load_county(&c, s, &err);
        rotas_store_close(s);
        if (rc != ROTAS_OK) {
            cli_error("%s", err.msg);
            *exit_code = cli_exit_code(rc);
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

int cli_write_violations(const char *out_path, const rotas_diags *v, size_t n, const char *what,
                         int quiet, const char *ok_line)
{
    FILE *out = strcmp(out_path, "-") ? fopen(out_path, "w") : stdout;
    if (!out) {
        cli_error("%s: cannot write", out_path);
        return EXIT_ERR;
    }
    for (size_t i = 0; i < v->n_items; i++)
        fprintf(out, "%s\n", v->items[i]);
    if (v->n_dropped)
        fprintf(out, "... and %zu more violations\n", v->n_dropped);
    if (out != stdout ? fclose(out) != 0 : fflush(out) != 0) {
        cli_error("%s: write failed", out_path);
        return EXIT_ERR;
    }
    if (n > 0) {
        if (!quiet)
            cli_error("check: %s: %zu violation%s", what, n, n == 1 ? "" : "s");
        return EXIT_ERR;
    }
    if (!quiet && ok_line)
        fprintf(stderr, "%s\n", ok_line);
    return EXIT_OK;
}
