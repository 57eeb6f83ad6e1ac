/* fuzz_json.c - libFuzzer target: the rotas-county/1 reader must never crash or leak. */
#include <stddef.h>
#include <stdint.h>

#include "rotas/county.h"
#include "rotas/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rotas_county *c = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    if (rotas_county_read_json_buffer(&c, (const char *)data, size, "fuzz.json", &d, &err) ==
        ROTAS_OK) {
        char *s = rotas_county_dump_json(c);
        rotas_county *again = NULL;
        rotas_diags d2 = {0};
        /* What we write, we must read back. */
        if (s && rotas_county_read_json_buffer(&again, s, __builtin_strlen(s), "dump", &d2, NULL) !=
                     ROTAS_OK)
            __builtin_trap();
        rotas_county_free(again);
        rotas_diags_clear(&d2);
        __builtin_free(s);
    }
    rotas_county_free(c);
    rotas_diags_clear(&d);
    return 0;
}
