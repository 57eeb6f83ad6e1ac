/* cli.h - shared pieces of the rotas command-line tool. Includes only public headers. */
#ifndef ROTAS_CLI_H
#define ROTAS_CLI_H

#include <libintl.h>
#include <stdio.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/outfile.h"
#include "rotas/policy.h"

/* A message in the user's language (po/zh_CN.po); N_ marks a string translated later. */
#define _(s) gettext(s)
#define N_(s) (s)

/* Pick the language of messages (--lang zh|en, removed from argv unless the command reads it
   itself, or the locale) and open the catalogue. */
void cli_i18n_init(int *argc, char **argv);
/* 1 when messages are in Chinese. */
extern int cli_lang_zh;

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_ERR = 1, EXIT_INPUT = 2, EXIT_INFEASIBLE = 3 };

/* A command: name, one-line summary, entry point (argv[0] is the command name). */
typedef struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} cli_command;

/* Global flags (set by main before the command runs). */
extern int cli_quiet;
extern int cli_verbose;

/* "rotas: <what>: <detail>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Columns s takes on a terminal: 2 for a CJK character, 1 for the others (UTF-8). */
int cli_text_width(const char *s);
/* Write s padded with spaces to width columns, as printf's "%*s" does but by the columns the
   text takes (Chinese labels line up): width > 0 right-aligned, width < 0 left-aligned. */
void cli_fpad(FILE *f, const char *s, int width);
/* A cell of a line of a table for people: what comes before it, its text, its width (as for
   cli_fpad). cli_fcells writes the cells in order, then a newline. */
typedef struct cli_cell {
    const char *before;
    const char *text;
    int width;
} cli_cell;
void cli_fcells(FILE *f, const cli_cell *cells, size_t n);
/* Print each diagnostic as "rotas: <prefix>: <msg>" and a count line; returns EXIT_INPUT. */
int cli_report_diags(const char *prefix, const rotas_diags *d);
/* Report a failed read: the located problems in d if there are any (exit 2), else the one
   message in err (exit code from rc). Returns the exit code. */
int cli_report_failure(const char *prefix, const rotas_diags *d, const rotas_error *err,
                       rotas_rc rc);
/* Map a library return code to an exit code. */
int cli_exit_code(rotas_rc rc);

/* Load a county from a .db (SQLite store) or a .json (rotas-county/1) path, reporting
   problems on stderr. Returns NULL on failure and sets *exit_code. */
rotas_county *cli_load_county(const char *path, int *exit_code);
/* Run the full validator on a county loaded from the database at path (a hand-edited
   database is reported like a bad import: every problem located, EXIT_INPUT). 0 if valid. */
int cli_validate_stored(const char *path, const rotas_county *c);
/* Load a policy: defaults, then the file if path is non-NULL. 0 ok, else exit code. */
int cli_load_policy(rotas_policy *out, const char *path);
/* Write the violations in v to out_path ("-" = stdout), one a line, and the summary on stderr
   unless quiet: "check: WHAT: N violations" when n > 0, else ok_line (may be NULL).
   Returns EXIT_OK (none), EXIT_ERR (violations, or the file cannot be written). */
int cli_write_violations(const char *out_path, const rotas_diags *v, size_t n, const char *what,
                         int quiet, const char *ok_line);
/* Refuse (message, EXIT_INPUT) when an output names the same file as an input or as another
   output: ins[n_in] and outs[n_out] may hold NULLs (absent). An input that is a database
   counts with its -wal, -shm and -journal files. Call before any work. 0 when all is well. */
int cli_refuse_same(const char *const *ins, size_t n_in, const char *const *outs, size_t n_out);
/* Check that dir is a folder that can be written into, creating it if missing (its parent
   must be a writable folder); reports a problem. 0 if all is well. */
int cli_out_dir(const char *dir);
/* Start an output file (rotas/outfile.h) for out_path, reporting a failure. NULL on failure
   (*exit_code set). */
rotas_outfile *cli_out_open(const char *out_path, int *exit_code);
/* Commit it, reporting a failure; returns EXIT_OK or EXIT_ERR. */
int cli_out_commit(rotas_outfile *o);
/* 1 if path ends with suffix (case-insensitive). */
int cli_has_suffix(const char *path, const char *suffix);

#endif
