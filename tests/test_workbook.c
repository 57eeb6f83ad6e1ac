/* test_workbook.c - the workbook importer against damaged files: the XML inside an .xlsx
   mutated (bytes flipped, cut, tags broken) and re-zipped, the zip container and .xls files
   with bytes flipped or cut. Every one must give a county or ROTAS_EINPUT with a message,
   never a crash (the ASan build runs this too), a leak or another error. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unzip.h>
#include <zip.h>

#include "rotas/workbook.h"

#define XLSX ROTAS_SOURCE_DIR "/tests/data/xlsx/tiny.xlsx"
#define XLS ROTAS_SOURCE_DIR "/tests/data/xlsx/tiny.xls"

typedef struct entry {
    char name[256];
    char *data;
    size_t len;
} entry;

static unsigned rnd_state = 12345u;
static unsigned rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) & 0xFFFFFF;
}

static size_t read_entries(entry *e, size_t cap)
{
    unzFile uf = unzOpen64(XLSX);
    size_t n = 0;
    assert_non_null(uf);
    int r = unzGoToFirstFile(uf);
    while (r == UNZ_OK && n < cap) {
        unz_file_info64 info;
        assert_int_equal(
            unzGetCurrentFileInfo64(uf, &info, e[n].name, sizeof e[n].name, NULL, 0, NULL, 0),
            UNZ_OK);
        e[n].len = (size_t)info.uncompressed_size;
        e[n].data = malloc(e[n].len + 1);
        assert_non_null(e[n].data);
        assert_int_equal(unzOpenCurrentFile(uf), UNZ_OK);
        assert_int_equal(unzReadCurrentFile(uf, e[n].data, (unsigned)e[n].len), (int)e[n].len);
        unzCloseCurrentFile(uf);
        n++;
        r = unzGoToNextFile(uf);
    }
    unzClose(uf);
    return n;
}

static void write_zip(const char *path, const entry *e, size_t n)
{
    zipFile zf = zipOpen(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(zipOpenNewFileInZip(zf, e[i].name, NULL, NULL, 0, NULL, 0, NULL,
                                             Z_DEFLATED, Z_DEFAULT_COMPRESSION),
                         ZIP_OK);
        if (e[i].len)
            assert_int_equal(zipWriteInFileInZip(zf, e[i].data, (unsigned)e[i].len), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
}

/* Read path; returns the rc after checking it is OK or EINPUT with a message. */
static rotas_rc try_read(const char *path)
{
    rotas_county *c = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    rotas_rc rc = rotas_county_read_workbook(&c, path, &d, &err);
    if (rc != ROTAS_OK && rc != ROTAS_EINPUT)
        fail_msg("unexpected rc %d: %s", rc, err.msg);
    if (rc == ROTAS_OK)
        assert_non_null(c);
    else
        assert_true(err.msg[0] != '\0');
    rotas_county_free(c);
    rotas_diags_clear(&d);
    return rc;
}

static void test_xml_mutations(void **state)
{
    (void)state;
    entry e[64];
    size_t n = read_entries(e, 64);
    char path[64];
    snprintf(path, sizeof path, "/tmp/rotas-test-workbook-%ld.xlsx", (long)getpid());
    write_zip(path, e, n);
    assert_int_equal(try_read(path), ROTAS_OK);
    size_t refused = 0;
    for (int it = 0; it < 300; it++) {
        size_t k;
        do
            k = rnd() % n;
        while (!strstr(e[k].name, ".xml") && !strstr(e[k].name, ".rels"));
        char *orig = e[k].data;
        size_t orig_len = e[k].len;
        char *m = malloc(orig_len + 64);
        assert_non_null(m);
        memcpy(m, orig, orig_len);
        size_t len = orig_len;
        switch (it % 5) {
        case 0: /* flip a few bytes */
            for (int q = 0; q < 4; q++)
                m[rnd() % len] ^= (char)(1 + rnd() % 255);
            break;
        case 1: /* cut */
            len = rnd() % len;
            break;
        case 2: /* break a tag */
            m[rnd() % len] = '<';
            break;
        case 3: { /* a digit in place of a character: cell references, string indexes */
            size_t p = rnd() % len;
            m[p] = (char)('0' + rnd() % 10);
            break;
        }
        default: /* duplicate a chunk */
        {
            size_t p = rnd() % len, q = 1 + rnd() % 60;
            if (p + q > len)
                q = len - p;
            memmove(m + p + q, m + p, len - p);
            len += q;
            break;
        }
        }
        e[k].data = m;
        e[k].len = len;
        write_zip(path, e, n);
        refused += try_read(path) == ROTAS_EINPUT;
        e[k].data = orig;
        e[k].len = orig_len;
        free(m);
    }
    assert_true(refused > 100);
    unlink(path);
    for (size_t i = 0; i < n; i++)
        free(e[i].data);
}

static void raw_mutations(const char *src, const char *suffix)
{
    FILE *f = fopen(src, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    size_t n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc(n), *m = malloc(n);
    assert_non_null(buf);
    assert_non_null(m);
    assert_int_equal(fread(buf, 1, n, f), n);
    fclose(f);
    char path[64];
    snprintf(path, sizeof path, "/tmp/rotas-test-workbook-raw-%ld%s", (long)getpid(), suffix);
    size_t refused = 0;
    for (int it = 0; it < 200; it++) {
        memcpy(m, buf, n);
        size_t len = n;
        if (it % 2)
            len = rnd() % n;
        else
            for (int q = 0; q < 1 + it % 7; q++)
                m[rnd() % n] ^= (char)(1 + rnd() % 255);
        FILE *o = fopen(path, "wb");
        assert_non_null(o);
        assert_int_equal(fwrite(m, 1, len, o), len);
        fclose(o);
        refused += try_read(path) == ROTAS_EINPUT;
    }
    assert_true(refused > 50);
    unlink(path);
    free(buf);
    free(m);
}

static void test_zip_bytes(void **state)
{
    (void)state;
    raw_mutations(XLSX, ".xlsx");
}

/* A damaged .xls on which libfreexl reads past a stack buffer (found by fuzz_xlsx): the
   reader runs in a child process, so this is a damaged file (ROTAS_EINPUT), not a crash. */
static void test_xls_freexl_overread(void **state)
{
    (void)state;
    rotas_county *c = NULL;
    rotas_diags d = {0};
    rotas_error err = {0};
    assert_int_equal(rotas_county_read_workbook(
                         &c, ROTAS_SOURCE_DIR "/tests/data/xlsx/freexl-overread.xls", &d, &err),
                     ROTAS_EINPUT);
    assert_null(c);
    assert_non_null(strstr(err.msg, "Excel 97-2003 workbook (.xls)"));
    rotas_diags_clear(&d);
}

static void test_xls_bytes(void **state)
{
    (void)state;
    assert_int_equal(try_read(XLS), ROTAS_OK);
    raw_mutations(XLS, ".xls");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_mutations),
        cmocka_unit_test(test_zip_bytes),
        cmocka_unit_test(test_xls_bytes),
        cmocka_unit_test(test_xls_freexl_overread),
    };
    return cmocka_run_group_tests_name("workbook", tests, NULL, NULL);
}
