/*
 * rotas/progress.h - a progress reporter for long solves, meant for the command-line tool.
 *
 * Pass rotas_progress_report as the planners' progress callback with a rotas_progress as its
 * context. It writes to the stream given at init (the CLI gives stderr):
 *   - ROTAS_PROGRESS_TTY: one line rewritten in place ("\r\033[K"):
 *       "solving  12.3s  best 1520.0  bound 1498.2  gap 1.44%"
 *   - ROTAS_PROGRESS_JSON: one JSON object a line:
 *       {"phase":"solving","elapsed":12.3,"best":1520,"bound":1498.2,"gap":0.0144}
 *     (best, bound and gap are null while unknown: NaN, infinite or |x| >= 1e300)
 *   - ROTAS_PROGRESS_QUIET: nothing.
 * Updates within the same phase are throttled by the elapsed time passed in (TTY 0.1 s, JSON
 * 1 s); a phase change is always written. Usage:
 *   rotas_progress pr; rotas_progress_init(&pr, stderr, rotas_progress_auto(stderr, quiet));
 *   opt.progress = rotas_progress_report; opt.progress_ctx = &pr;  ... solve ...
 *   rotas_progress_end(&pr);  (ends the TTY line so later messages start clean)
 */
#ifndef ROTAS_PROGRESS_H
#define ROTAS_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

typedef enum rotas_progress_mode {
    ROTAS_PROGRESS_QUIET = 0,
    ROTAS_PROGRESS_TTY,
    ROTAS_PROGRESS_JSON
} rotas_progress_mode;

typedef struct rotas_progress {
    FILE *out;      /* borrowed */
    int mode;       /* rotas_progress_mode */
    int line_open;  /* TTY: a line is showing and needs ending */
    char phase[32]; /* last phase written */
    double last;    /* elapsed of the last write, -1 before the first */
} rotas_progress;

/* TTY when out is a terminal and not quiet, else QUIET. */
rotas_progress_mode rotas_progress_auto(FILE *out, int quiet);
/* "auto" (-1: let the caller decide with rotas_progress_auto), "tty", "json", "none"/"quiet";
   -2 for unknown text. */
int rotas_progress_parse(const char *s);

void rotas_progress_init(rotas_progress *p, FILE *out, rotas_progress_mode mode);
/* The callback (ctx = rotas_progress *). */
void rotas_progress_report(void *ctx, const char *phase, double elapsed, double best, double bound);
/* End the in-place line (TTY); no-op otherwise. */
void rotas_progress_end(rotas_progress *p);

/* Relative gap |best - bound| / max(|best|, 1e-9); NaN when either is unknown. */
double rotas_progress_gap(double best, double bound);
/* Format one update without the TTY control characters or newline (for tests and logs).
   Returns the length snprintf would give. */
int rotas_progress_format(char *buf, size_t n, rotas_progress_mode mode, const char *phase,
                          double elapsed, double best, double bound);

#endif
