/*
 * fuzz_xlsx.c - libFuzzer target: the workbook importer (.xlsx through minizip and expat,
 * .xls through libfreexl) must never crash or leak. The input is the workbook file itself;
 * seeds: tests/data/xlsx/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rotas/workbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/rotas-fuzz-xlsx-%ld.xlsx", (long)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    rotas_county *c = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_county_read_workbook(&c, path, &d, &err);
    if (rc != ROTAS_OK && rc != ROTAS_EINPUT && rc != ROTAS_ENOMEM)
        abort();
    rotas_county_free(c);
    rotas_diags_clear(&d);
    return 0;
}
