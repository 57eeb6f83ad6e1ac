/* opts.h - the option table of a command: one table per command, from which cli_opts_parse
   parses argv (no hand-written getopt loops) and cli_opts_help prints the options part of
   its --help. */
#ifndef ROTAS_CLI_OPTS_H
#define ROTAS_CLI_OPTS_H

#include <stdio.h>
#include <unistd.h> /* optind */

/* What an option takes and where its value goes (the field `out`):
   FLAG    no value; *(int *)out = flag_value (1 when flag_value is 0)
   STRING  *(const char **)out = the value as given
   INT     *(int *)out, a whole number in [lo, hi]
   LONG    *(long *)out, the same
   DOUBLE  *(double *)out, a number in [lo, hi] ((lo, hi] when lo_open); with percent, a
           share given as a fraction or a percentage ("0.4" or "40%")
   CHOICE  *(int *)out = the index in choices (a NULL-terminated list, case-insensitive)
   HELP    -h/--help: the command's help on stdout, exit 0
   When `call` is set it receives the value (or NULL for a FLAG) after it is stored, with
   `ctx`; it returns 0 to go on or an exit code (after printing its own message). */
typedef enum {
    CLI_OPT_END = 0,
    CLI_OPT_FLAG,
    CLI_OPT_STRING,
    CLI_OPT_INT,
    CLI_OPT_LONG,
    CLI_OPT_DOUBLE,
    CLI_OPT_CHOICE,
    CLI_OPT_HELP
} cli_opt_kind;

typedef struct cli_opt {
    cli_opt_kind kind;
    int short_name;         /* 0: long only */
    const char *long_name;  /* NULL: short only */
    const char *value_name; /* "FILE", "N" ... (shown in --help) */
    const char *help;       /* one line or more ('\n' breaks), marked N_() */
    void *out;              /* where the value goes (see above); may be NULL with `call` */
    double lo, hi;          /* INT, LONG, DOUBLE: the allowed range */
    int lo_open;            /* DOUBLE: lo itself is not allowed */
    int percent;            /* DOUBLE: a share, "0.4" or "40%" */
    const char *expected;   /* INT, DOUBLE, CHOICE: what a bad value is told it should be,
                               N_(); NULL: made from the range or the choices */
    const char *const *choices;
    int flag_value;
    int (*call)(const char *value, void *ctx);
    void *ctx;
    int hidden; /* parsed but not shown in --help */
} cli_opt;

/* The words of a command's --help around the options part: head starts with the usage
   lines (its first paragraph is what a bad option prints), tail holds the examples and the
   exit status. Both are msgids (N_()); either may be NULL. */
typedef struct cli_help {
    const char *cmd; /* "plan", "whatif merge" */
    const char *head;
    const char *tail;
} cli_help;

/* Table entries: short name (0: none), long name, value name, help (N_()), where to store. */
#define CLI_FLAG(s, l, help_, out_)                                                                \
    {                                                                                              \
        .kind = CLI_OPT_FLAG, .short_name = (s), .long_name = (l), .help = (help_), .out = (out_)  \
    }
/* A flag that stores v (e.g. -q storing 0 into verbose). */
#define CLI_FLAG_SET(s, l, help_, out_, v)                                                         \
    {                                                                                              \
        .kind = CLI_OPT_FLAG, .short_name = (s), .long_name = (l), .help = (help_), .out = (out_), \
        .flag_value = (v)                                                                          \
    }
#define CLI_STRING(s, l, value, help_, out_)                                                       \
    {                                                                                              \
        .kind = CLI_OPT_STRING, .short_name = (s), .long_name = (l), .value_name = (value),        \
        .help = (help_), .out = (out_)                                                             \
    }
#define CLI_INT(s, l, value, help_, out_, lo_, hi_)                                                \
    {                                                                                              \
        .kind = CLI_OPT_INT, .short_name = (s), .long_name = (l), .value_name = (value),           \
        .help = (help_), .out = (out_), .lo = (lo_), .hi = (hi_)                                   \
    }
#define CLI_LONG(s, l, value, help_, out_, lo_, hi_)                                               \
    {                                                                                              \
        .kind = CLI_OPT_LONG, .short_name = (s), .long_name = (l), .value_name = (value),          \
        .help = (help_), .out = (out_), .lo = (lo_), .hi = (hi_)                                   \
    }
#define CLI_DOUBLE(s, l, value, help_, out_, lo_, hi_)                                             \
    {                                                                                              \
        .kind = CLI_OPT_DOUBLE, .short_name = (s), .long_name = (l), .value_name = (value),        \
        .help = (help_), .out = (out_), .lo = (lo_), .hi = (hi_)                                   \
    }
#define CLI_CHOICE(s, l, value, help_, out_, choices_)                                             \
    {                                                                                              \
        .kind = CLI_OPT_CHOICE, .short_name = (s), .long_name = (l), .value_name = (value),        \
        .help = (help_), .out = (out_), .choices = (choices_)                                      \
    }
/* A share in [lo, hi], as a fraction or a percentage. */
#define CLI_SHARE(s, l, help_, out_, lo_, hi_)                                                     \
    {                                                                                              \
        .kind = CLI_OPT_DOUBLE, .short_name = (s), .long_name = (l), .value_name = "P",            \
        .help = (help_), .out = (out_), .lo = (lo_), .hi = (hi_), .percent = 1                     \
    }
/* Seconds of a time limit: (0, hi]. */
#define CLI_SECONDS(l, help_, out_, hi_)                                                           \
    {                                                                                              \
        .kind = CLI_OPT_DOUBLE, .long_name = (l), .value_name = "S", .help = (help_),              \
        .out = (out_), .lo = 0, .lo_open = 1, .hi = (hi_), .expected = cli_expect_seconds          \
    }
extern const char *const cli_expect_seconds;
/* The options many commands share, with the same help. */
extern const char *const cli_help_quiet, *const cli_help_verbose, *const cli_help_progress;
#define CLI_QUIET(out_) CLI_FLAG('q', "quiet", cli_help_quiet, (out_))
#define CLI_VERBOSE(out_) CLI_FLAG('v', "verbose", cli_help_verbose, (out_))
#define CLI_PROGRESS(out_) CLI_STRING('P', "progress", "MODE", cli_help_progress, (out_))
/* -h, --help ("this help"). */
#define CLI_HELP                                                                                   \
    {                                                                                              \
        .kind = CLI_OPT_HELP, .short_name = 'h', .long_name = "help"                               \
    }
/* The option table's end. */
#define CLI_OPTS_END                                                                               \
    {                                                                                              \
        .kind = CLI_OPT_END                                                                        \
    }

/* What cli_opts_parse returns when the command should go on (optind is at the first
   positional argument, which getopt may have moved behind the options). */
#define CLI_OPTS_GO (-1)

/* Parse argv by the table t: CLI_OPTS_GO, or the exit code to return at once (0 after
   --help; 2 after an unknown option, a missing value (cli_bad_option's one line and the usage
   lines) or a bad value (a message naming the option)). */
int cli_opts_parse(const cli_help *h, const cli_opt *t, int argc, char **argv);
/* The options part of the help ("options:" and one entry per option). */
void cli_opts_help(FILE *f, const cli_opt *t);
/* The whole help: head, options, tail. */
void cli_opts_usage(FILE *f, const cli_help *h, const cli_opt *t);

#endif
