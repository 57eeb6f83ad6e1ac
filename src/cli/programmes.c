/* programmes.c - pieces shared by rotas researchers and rotas shuttles (see programmes.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "programmes.h"

int cli_check_report(const rotas_diags *v, size_t n, const char *out_path, int quiet,
                     const char *ok_line)
{
    return cli_write_violations(out_path, v, n, "the result", quiet, ok_line);
}

int cli_rejected(const char *cmd, const rotas_diags *v, size_t n)
{
    for (size_t i = 0; i < v->n_items; i++)
        fprintf(stderr, _("rotas: %s: check: %s\n"), cmd, v->items[i]);
    cli_error(_("%s: the checker rejected the result (%zu violations); nothing written"), cmd, n);
    return EXIT_ERR;
}
