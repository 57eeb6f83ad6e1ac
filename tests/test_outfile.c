/* test_outfile.c - safe output files: atomic replace, kept mode, abort, named files for
   libraries, devices in place, links never followed, same-file detection. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rotas/outfile.h"

typedef struct fx {
    char dir[512];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s/test_outfile.XXXXXX", ROTAS_BUILD_DIR);
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    DIR *d = opendir(f->dir);
    struct dirent *e;
    char p[1024];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", f->dir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void path_in(const fx *f, char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", f->dir, name);
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Files in the folder besides the ones named (temporary leftovers). */
static int others(const fx *f, const char *a, const char *b)
{
    DIR *d = opendir(f->dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && (!a || strcmp(e->d_name, a)) &&
            (!b || strcmp(e->d_name, b)))
            n++;
    if (d)
        closedir(d);
    return n;
}

static void test_replace_keeps_mode(void **state)
{
    fx *f = *state;
    char p[600];
    rotas_error err = {0};
    path_in(f, p, sizeof p, "out.json");
    assert_int_equal(rotas_outfile_write(p, "one\n", 4, &err), ROTAS_OK);
    assert_string_equal(slurp(p), "one\n");
    assert_int_equal(chmod(p, 0600), 0);
    assert_int_equal(rotas_outfile_write(p, "two\n", 4, &err), ROTAS_OK);
    assert_string_equal(slurp(p), "two\n");
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_equal(others(f, "out.json", NULL), 0);
}

static void test_abort_leaves_target(void **state)
{
    fx *f = *state;
    char p[600];
    rotas_error err = {0};
    rotas_outfile *o = NULL;
    path_in(f, p, sizeof p, "keep.txt");
    assert_int_equal(rotas_outfile_write(p, "old", 3, &err), ROTAS_OK);
    assert_int_equal(rotas_outfile_open(&o, p, &err), ROTAS_OK);
    fputs("half of the new", rotas_outfile_stream(o));
    fflush(rotas_outfile_stream(o));
    assert_string_equal(slurp(p), "old"); /* nothing shows before the commit */
    rotas_outfile_abort(o);
    assert_string_equal(slurp(p), "old");
    assert_int_equal(others(f, "keep.txt", NULL), 0);
    rotas_outfile_abort(NULL);
}

static void test_named_for_libraries(void **state)
{
    fx *f = *state;
    char p[600];
    rotas_error err = {0};
    rotas_outfile *o = NULL;
    path_in(f, p, sizeof p, "book.xlsx");
    assert_int_equal(rotas_outfile_open_named(&o, p, &err), ROTAS_OK);
    assert_null(rotas_outfile_stream(o));
    const char *name = rotas_outfile_name(o);
    assert_non_null(name);
    assert_non_null(strstr(name, f->dir));
    FILE *fp = fopen(name, "wb");
    assert_non_null(fp);
    fputs("workbook", fp);
    fclose(fp);
    assert_int_equal(rotas_outfile_commit(o, &err), ROTAS_OK);
    assert_string_equal(slurp(p), "workbook");
    assert_int_equal(others(f, "book.xlsx", NULL), 0); /* the private folder is gone */
    /* a named outfile aborted leaves nothing */
    assert_int_equal(rotas_outfile_open_named(&o, p, &err), ROTAS_OK);
    rotas_outfile_abort(o);
    assert_string_equal(slurp(p), "workbook");
    assert_int_equal(others(f, "book.xlsx", NULL), 0);
}

static void test_devices_in_place(void **state)
{
    (void)state;
    rotas_error err = {0};
    struct stat before, after;
    assert_int_equal(stat("/dev/null", &before), 0);
    if (!S_ISCHR(before.st_mode))
        skip(); /* someone replaced /dev/null on this machine */
    assert_int_equal(rotas_outfile_write("/dev/null", "x", 1, &err), ROTAS_OK);
    assert_int_equal(stat("/dev/null", &after), 0);
    assert_true(S_ISCHR(after.st_mode));
    assert_int_equal(before.st_ino, after.st_ino);
    /* a full device: the write fails, ROTAS_EIO, the message names it */
    struct stat full;
    if (stat("/dev/full", &full) == 0 && S_ISCHR(full.st_mode)) {
        assert_int_equal(rotas_outfile_write("/dev/full", "x", 1, &err), ROTAS_EIO);
        assert_non_null(strstr(err.msg, "/dev/full: write failed"));
    }
}

static void test_links_and_same(void **state)
{
    fx *f = *state;
    char victim[600], lnk[600], other[600], hard[600];
    rotas_error err = {0};
    path_in(f, victim, sizeof victim, "victim");
    path_in(f, lnk, sizeof lnk, "link.json");
    path_in(f, other, sizeof other, "other");
    path_in(f, hard, sizeof hard, "hard");
    assert_int_equal(rotas_outfile_write(victim, "precious", 8, &err), ROTAS_OK);
    assert_int_equal(symlink(victim, lnk), 0);
    assert_int_equal(rotas_outfile_write(lnk, "new", 3, &err), ROTAS_OK);
    assert_string_equal(slurp(victim), "precious");
    struct stat st;
    assert_int_equal(lstat(lnk, &st), 0);
    assert_true(S_ISREG(st.st_mode)); /* the link itself was replaced */

    assert_int_equal(link(victim, hard), 0);
    assert_int_equal(rotas_outfile_same(hard, victim), 1);
    assert_int_equal(rotas_outfile_same(victim, victim), 1);
    assert_int_equal(rotas_outfile_same(other, victim), 0); /* does not exist */
    assert_int_equal(rotas_outfile_same(lnk, victim), 0);
    assert_int_equal(rotas_outfile_same("-", victim), 0);
    char fifo[600];
    path_in(f, fifo, sizeof fifo, "fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(rotas_outfile_same(fifo, fifo), 0); /* not a regular file */

    /* a folder is not an output; check_dir says what a folder target is */
    assert_int_equal(rotas_outfile_write(f->dir, "x", 1, &err), ROTAS_EIO);
    rotas_error_clear(&err);
    assert_int_equal(rotas_outfile_check_dir(victim, &err), ROTAS_EINPUT);
    assert_non_null(strstr(err.msg, "expected a folder"));
    assert_int_equal(rotas_outfile_check_dir(f->dir, &err), ROTAS_OK);
    rotas_error_clear(&err);
    char missing[700];
    snprintf(missing, sizeof missing, "%s/no/such", f->dir);
    assert_int_equal(rotas_outfile_check_dir(missing, &err), ROTAS_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_replace_keeps_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_leaves_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_named_for_libraries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_devices_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_links_and_same, setup, teardown),
    };
    return cmocka_run_group_tests_name("outfile", tests, NULL, NULL);
}
