/* csv_cell.c - one CSV cell: RFC 4180 quoting and the formula-injection guard. */
#include <string.h>

#include "csv_cell_int.h"

int rotas__csv_formula_like(const char *s)
{
    return s && s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

void rotas__csv_cell(const char *s, int is_text, rotas__csv_put put, void *ctx)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    int guard = is_text && rotas__csv_formula_like(s);
    int quote = n > 0 && ((!guard && s[0] == ' ') || s[n - 1] == ' ');
    if (strpbrk(s, ",\"\r\n"))
        quote = 1;
    if (quote)
        put(ctx, "\"", 1);
    if (guard)
        put(ctx, "'", 1);
    if (!quote) {
        put(ctx, s, n);
        return;
    }
    const char *run = s;
    for (const char *p = s; *p; p++)
        if (*p == '"') {
            put(ctx, run, (size_t)(p - run) + 1); /* through the quote, then one more */
            put(ctx, "\"", 1);
            run = p + 1;
        }
    put(ctx, run, strlen(run));
    put(ctx, "\"", 1);
}
