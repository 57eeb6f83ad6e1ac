/* progress.c - solver progress on a terminal line or as JSON lines. */
#include "rotas/progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "i18n_int.h"

static int known(double x)
{
    return isfinite(x) && fabs(x) < 1e300;
}

rotas_progress_mode rotas_progress_auto(FILE *out, int quiet)
{
    if (quiet || !out)
        return ROTAS_PROGRESS_QUIET;
    int fd = fileno(out);
    return fd >= 0 && isatty(fd) ? ROTAS_PROGRESS_TTY : ROTAS_PROGRESS_QUIET;
}

int rotas_progress_parse(const char *s)
{
    if (!s)
        return -2;
    if (!strcmp(s, "auto"))
        return -1;
    if (!strcmp(s, "tty"))
        return ROTAS_PROGRESS_TTY;
    if (!strcmp(s, "json"))
        return ROTAS_PROGRESS_JSON;
    if (!strcmp(s, "none") || !strcmp(s, "quiet"))
        return ROTAS_PROGRESS_QUIET;
    return -2;
}

void rotas_progress_init(rotas_progress *p, FILE *out, rotas_progress_mode mode)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->mode = out ? (int)mode : ROTAS_PROGRESS_QUIET;
    p->last = -1;
}

double rotas_progress_gap(double best, double bound)
{
    if (!known(best) || !known(bound))
        return NAN;
    double d = fabs(best);
    return fabs(best - bound) / (d > 1e-9 ? d : 1e-9);
}

/* A JSON number or null. */
static int jnum(char *buf, size_t n, double x)
{
    if (!known(x))
        return snprintf(buf, n, "null");
    return snprintf(buf, n, "%.10g", x);
}

/* Phase names are ours, but escape " and \ and control characters anyway. */
static void jstr(char *out, size_t n, const char *s)
{
    size_t o = 0;
    for (; s && *s && o + 7 < n; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            out[o++] = '\\';
            out[o++] = (char)ch;
        } else if (ch < 0x20) {
            o += (size_t)snprintf(out + o, n - o, "\\u%04x", ch);
        } else {
            out[o++] = (char)ch;
        }
    }
    out[o] = '\0';
}

/* The phases the solvers report, shown in the user's language on a terminal. */
static const char *const phases[] = {N_("building"), N_("solving"),     N_("solved"),
                                     N_("assigned"), N_("constructed"), N_("improved"),
                                     N_("done"),     N_("loading")};

static const char *phase_shown(const char *phase)
{
    for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++)
        if (!strcmp(phase, phases[i]))
            return _(phases[i]);
    return phase;
}

int rotas_progress_format(char *buf, size_t n, rotas_progress_mode mode, const char *phase,
                          double elapsed, double best, double bound)
{
    double gap = rotas_progress_gap(best, bound);
    if (!phase)
        phase = "";
    if (mode == ROTAS_PROGRESS_JSON) {
        char ph[128], e[40], b[40], d[40], g[40];
        jstr(ph, sizeof ph, phase);
        jnum(e, sizeof e, elapsed);
        jnum(b, sizeof b, best);
        jnum(d, sizeof d, bound);
        jnum(g, sizeof g, gap);
        return snprintf(buf, n,
                        "{\"phase\":\"%s\",\"elapsed\":%s,\"best\":%s,\"bound\":%s,"
                        "\"gap\":%s}",
                        ph, e, b, d, g);
    }
    int len = snprintf(buf, n, "%-9s %6.1fs", phase_shown(phase), known(elapsed) ? elapsed : 0.0);
    if (len < 0)
        return len;
    size_t used = (size_t)len < n ? (size_t)len : (n ? n - 1 : 0);
    int k = 0;
    if (known(best))
        k = snprintf(buf + used, n - used, _("  best %.1f"), best);
    else if (known(bound))
        k = snprintf(buf + used, n - used, "%s", _("  best -"));
    if (k > 0) {
        len += k;
        used = (size_t)len < n ? (size_t)len : (n ? n - 1 : 0);
    }
    if (known(bound)) {
        k = snprintf(buf + used, n - used, _("  bound %.1f"), bound);
        if (k > 0) {
            len += k;
            used = (size_t)len < n ? (size_t)len : (n ? n - 1 : 0);
        }
    }
    if (isfinite(gap)) {
        k = snprintf(buf + used, n - used, _("  gap %.2f%%"), 100.0 * gap);
        if (k > 0)
            len += k;
    }
    return len;
}

void rotas_progress_report(void *ctx, const char *phase, double elapsed, double best, double bound)
{
    rotas_progress *p = ctx;
    if (!p || !p->out || p->mode == ROTAS_PROGRESS_QUIET)
        return;
    if (!phase)
        phase = "";
    int same = !strncmp(p->phase, phase, sizeof p->phase - 1);
    double every = p->mode == ROTAS_PROGRESS_JSON ? 1.0 : 0.1;
    if (same && p->last >= 0 && known(elapsed) && elapsed - p->last < every)
        return;
    char line[256];
    rotas_progress_format(line, sizeof line, (rotas_progress_mode)p->mode, phase, elapsed, best,
                          bound);
    if (p->mode == ROTAS_PROGRESS_JSON) {
        fprintf(p->out, "%s\n", line);
    } else {
        fprintf(p->out, "\r\033[K%s", line);
        p->line_open = 1;
    }
    fflush(p->out);
    snprintf(p->phase, sizeof p->phase, "%s", phase);
    p->last = known(elapsed) ? elapsed : p->last;
}

void rotas_progress_end(rotas_progress *p)
{
    if (!p || !p->out)
        return;
    if (p->mode == ROTAS_PROGRESS_TTY && p->line_open) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
    }
    p->line_open = 0;
}
