/*
 * fuzz_csv.c - libFuzzer target: the CSV county importer must never crash or leak.
 *
 * The input is split at lines "====" into the county's files, in this order: subjects,
 * clusters, groups, schools, classes, bells, travel, curriculum, teachers; each part is
 * written to a scratch folder and the folder is imported. Seed: tests/data/csv/fuzz-seed/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rotas/county.h"
#include "rotas/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {"subjects.csv", "clusters.csv",   "groups.csv",
                                    "schools.csv",  "classes.csv",    "bells.csv",
                                    "travel.csv",   "curriculum.csv", "teachers.csv"};
enum { N_FILES = sizeof files / sizeof files[0] };

static char dir[64];

static void write_part(int i, const uint8_t *p, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    if (!p) {
        unlink(path);
        return;
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (n && fwrite(p, 1, n, f) != n)
        abort();
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/rotas-fuzz-csv-XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    static const char sep[] = "\n====\n";
    const size_t sl = sizeof sep - 1;
    size_t start = 0;
    int part = 0;
    for (size_t i = 0; part < N_FILES; i++) {
        int at_sep = i + sl <= size && memcmp(data + i, sep, sl) == 0;
        if (i >= size || at_sep) {
            write_part(part++, data + start, (i < size ? i : size) - start);
            if (i >= size)
                break;
            start = i + sl;
            i = start - 1;
        }
    }
    for (; part < N_FILES; part++)
        write_part(part, NULL, 0);
    rotas_county *c = NULL;
    rotas_diags d = {0};
    rotas_county_read_csv_dir(&c, dir, &d, NULL);
    rotas_county_free(c);
    rotas_diags_clear(&d);
    return 0;
}
