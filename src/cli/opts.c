/* opts.c - option tables: parsing argv and the options part of --help from one table. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "opts.h"

/* More options than any command has; a longer table is a programming error. */
#define CLI_OPTS_MAX 64
/* getopt_long's value of a long-only option: this plus its index in the table. */
#define LONG_ONLY 0x1000

const char *const cli_expect_seconds = N_("seconds > 0");
const char *const cli_help_quiet = N_("no summary on stderr");
const char *const cli_help_verbose = N_("the solver's log on stderr");
const char *const cli_help_progress =
    N_("progress of long solves on stderr: auto (a line updated in place\n"
       "when stderr is a terminal), tty, json (JSON lines), none");

/* The value names the tables use that read better translated ("FILE" is 文件 in Chinese);
   listed here so that they are in the catalogue. The others (N, P, K/N...) stay as written. */
static const char *const value_names[] = {N_("FILE"),      N_("DIR"),     N_("PATH"), N_("COUNTY"),
                                          N_("COUNTY.db"), N_("TEACHER"), N_("TEXT"), N_("MODE"),
                                          N_("OLD.json"),  N_("S"),       N_("Y")};

static const char *value_name(const char *v)
{
    for (size_t i = 0; i < sizeof value_names / sizeof value_names[0]; i++)
        if (!strcmp(v, value_names[i]))
            return _(v);
    return v;
}

/* Columns s takes on a terminal: a CJK character (3 bytes in UTF-8 from U+0800) takes two. */
static size_t display_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) /* the first byte of a character */
            w += *p >= 0xE0 ? 2 : 1;
    return w;
}

void cli_opts_help(FILE *f, const cli_opt *t)
{
    char left[CLI_OPTS_MAX][96];
    size_t width = 0, n = 0;
    for (size_t i = 0; t[i].kind != CLI_OPT_END && n < CLI_OPTS_MAX; i++, n++) {
        const cli_opt *o = &t[i];
        char s[8] = "";
        if (o->short_name)
            snprintf(s, sizeof s, "-%c%s", o->short_name, o->long_name ? ", " : "");
        snprintf(left[i], sizeof left[i], "%s%s%s%s%s", s, o->long_name ? "--" : "",
                 o->long_name ? o->long_name : "", o->value_name ? " " : "",
                 o->value_name ? value_name(o->value_name) : "");
        size_t w = display_width(left[i]);
        if (!o->hidden && w > width)
            width = w;
    }
    if (width > 24)
        width = 24;
    fputs(_("options:\n"), f);
    for (size_t i = 0; i < n; i++) {
        if (t[i].hidden)
            continue;
        const char *help = t[i].help                   ? _(t[i].help)
                           : t[i].kind == CLI_OPT_HELP ? _("this help")
                                                       : "";
        size_t w = display_width(left[i]);
        fprintf(f, "  %s", left[i]);
        if (w > width) /* too long for the column: the help starts on the next line */
            fprintf(f, "\n  %*s", (int)width, "");
        else
            fprintf(f, "%*s", (int)(width - w), "");
        /* the help's own lines under each other */
        for (const char *p = help;;) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            fprintf(f, "  %.*s\n", (int)len, p);
            if (!nl || !nl[1])
                break;
            p = nl + 1;
            fprintf(f, "  %*s", (int)width, "");
        }
    }
    fputc('\n', f);
}

void cli_opts_usage(FILE *f, const cli_help *h, const cli_opt *t)
{
    if (h->head)
        fputs(_(h->head), f);
    cli_opts_help(f, t);
    if (h->tail)
        fputs(_(h->tail), f);
}

/* "--name" or "-c": how the option is called in a message. */
static void opt_name(const cli_opt *o, char *buf, size_t n)
{
    if (o->long_name)
        snprintf(buf, n, "--%s", o->long_name);
    else
        snprintf(buf, n, "-%c", o->short_name);
}

static int bad_value(const cli_help *h, const cli_opt *o, const char *value)
{
    char name[64], expected[256];
    opt_name(o, name, sizeof name);
    if (o->expected)
        snprintf(expected, sizeof expected, "%s", _(o->expected));
    else if (o->kind == CLI_OPT_INT || o->kind == CLI_OPT_LONG)
        snprintf(expected, sizeof expected, _("an integer in [%.0f, %.0f]"), o->lo, o->hi);
    else if (o->kind == CLI_OPT_DOUBLE && o->percent)
        snprintf(expected, sizeof expected, _("a share in %g..%g (or %g%%..%g%%)"), o->lo, o->hi,
                 o->lo * 100, o->hi * 100);
    else if (o->kind == CLI_OPT_DOUBLE)
        snprintf(expected, sizeof expected, _("a number in %c%g, %g]"), o->lo_open ? '(' : '[',
                 o->lo, o->hi);
    else { /* CHOICE: "a, b or c" */
        size_t k = 0, m = 0;
        while (o->choices && o->choices[m])
            m++;
        expected[0] = '\0';
        for (size_t i = 0; i < m && k < sizeof expected; i++)
            k += (size_t)snprintf(expected + k, sizeof expected - k, "%s%s",
                                  i == 0       ? ""
                                  : i + 1 == m ? _(" or ")
                                               : ", ",
                                  o->choices[i]);
    }
    cli_error(_("%s: %s: expected %s, found \"%s\""), h->cmd, name, expected, value);
    return EXIT_INPUT;
}

/* Store the value of option o; 0 or an exit code. */
static int store(const cli_help *h, const cli_opt *o, const char *value)
{
    char *end = NULL;
    switch (o->kind) {
    case CLI_OPT_FLAG:
        if (o->out)
            *(int *)o->out = o->flag_value ? o->flag_value : 1;
        break;
    case CLI_OPT_STRING:
        if (o->out)
            *(const char **)o->out = value;
        break;
    case CLI_OPT_INT:
    case CLI_OPT_LONG: {
        errno = 0;
        long v = strtol(value, &end, 10);
        if (!value[0] || *end || errno || (double)v < o->lo || (double)v > o->hi)
            return bad_value(h, o, value);
        if (o->out && o->kind == CLI_OPT_INT)
            *(int *)o->out = (int)v;
        else if (o->out)
            *(long *)o->out = v;
        break;
    }
    case CLI_OPT_DOUBLE: {
        errno = 0;
        double v = strtod(value, &end);
        if (o->percent && end != value && *end == '%' && end[1] == '\0') {
            v /= 100.0;
            end++;
        }
        if (!value[0] || errno || *end || !isfinite(v) || v < o->lo || v > o->hi ||
            (o->lo_open && v <= o->lo))
            return bad_value(h, o, value);
        if (o->out)
            *(double *)o->out = v;
        break;
    }
    case CLI_OPT_CHOICE: {
        int k = 0;
        while (o->choices[k] && strcasecmp(o->choices[k], value) != 0)
            k++;
        if (!o->choices[k])
            return bad_value(h, o, value);
        if (o->out)
            *(int *)o->out = k;
        break;
    }
    default:
        break;
    }
    return o->call ? o->call(value, o->ctx) : 0;
}

/* One line naming the option, then the usage lines of the help (its first paragraph). */
static int bad_option(const cli_help *h, char **argv)
{
    const char *opt = optind > 0 ? argv[optind - 1] : "?";
    cli_error(_("%s: unknown option or missing value '%s'"), h->cmd, opt);
    if (h->head) {
        const char *head = _(h->head);
        const char *end = strstr(head, "\n\n");
        fprintf(stderr, "%.*s", (int)(end ? (size_t)(end - head) + 1 : strlen(head)), head);
    }
    fprintf(stderr, _("(try 'rotas %s --help')\n"), h->cmd);
    return EXIT_INPUT;
}

int cli_opts_parse(const cli_help *h, const cli_opt *t, int argc, char **argv)
{
    struct option lo[CLI_OPTS_MAX + 1];
    char so[3 * CLI_OPTS_MAX + 2];
    size_t n = 0, nl = 0, ns = 0;
    so[ns++] = ':'; /* a missing value is ':' rather than '?', and getopt says nothing */
    for (; t[n].kind != CLI_OPT_END; n++) {
        if (n == CLI_OPTS_MAX) {
            cli_error("%s: too many options in the table", h->cmd);
            return EXIT_ERR;
        }
        int has_arg = t[n].kind == CLI_OPT_FLAG || t[n].kind == CLI_OPT_HELP ? no_argument
                                                                             : required_argument;
        int val = t[n].short_name ? t[n].short_name : LONG_ONLY + (int)n;
        if (t[n].long_name)
            lo[nl++] = (struct option){t[n].long_name, has_arg, NULL, val};
        if (t[n].short_name) {
            so[ns++] = (char)t[n].short_name;
            if (has_arg == required_argument)
                so[ns++] = ':';
        }
    }
    lo[nl] = (struct option){NULL, 0, NULL, 0};
    so[ns] = '\0';

    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
        const cli_opt *o = NULL;
        if (ch >= LONG_ONLY && ch < LONG_ONLY + (int)n)
            o = &t[ch - LONG_ONLY];
        else if (ch != '?' && ch != ':')
            for (size_t i = 0; i < n && !o; i++)
                if (t[i].short_name == ch)
                    o = &t[i];
        if (!o)
            return bad_option(h, argv);
        if (o->kind == CLI_OPT_HELP) {
            cli_opts_usage(stdout, h, t);
            return EXIT_OK;
        }
        int rc = store(h, o, optarg);
        if (rc)
            return rc;
    }
    return CLI_OPTS_GO;
}
