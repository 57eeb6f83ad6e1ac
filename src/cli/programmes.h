/* programmes.h - pieces shared by the county programmes' commands (rotas researchers, rotas
   shuttles) and their branches in rotas check and rotas render. */
#ifndef ROTAS_CLI_PROGRAMMES_H
#define ROTAS_CLI_PROGRAMMES_H

#include <stddef.h>

#include "rotas/error.h"

/* rotas check COUNTY RESULT for each kind: exit code. */
int cli_check_researchers(const char *county_path, const char *result_path, const char *out_path,
                          int quiet);
int cli_check_shuttles(const char *county_path, const char *result_path, const char *out_path,
                       int quiet);
/* rotas render RESULT --xlsx/--html for each kind: exit code. */
int cli_render_researchers(const char *result_path, const char *county_path, const char *xlsx,
                           const char *html);
int cli_render_shuttles(const char *result_path, const char *county_path, const char *xlsx,
                        const char *html);

/* The checker's n violations (lines in v) to out_path ('-' = stdout) and a count on stderr
   (exit 1), or ok_line on stderr (exit 0); quiet leaves stderr alone. */
int cli_check_report(const rotas_diags *v, size_t n, const char *out_path, int quiet,
                     const char *ok_line);
/* A planner's result the checker rejected: each violation and a summary on stderr; returns 1. */
int cli_rejected(const char *cmd, const rotas_diags *v, size_t n);

#endif
