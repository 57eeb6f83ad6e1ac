/* test_progress.c - the progress reporter: line and JSON formats, throttling, quiet mode. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libintl.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotas/progress.h"

static char *read_all(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    rewind(f);
    char *d = calloc((size_t)n + 1, 1);
    size_t got = fread(d, 1, (size_t)n, f);
    d[got] = '\0';
    return d;
}

static void test_format_json(void **state)
{
    (void)state;
    char buf[256];
    rotas_progress_format(buf, sizeof buf, ROTAS_PROGRESS_JSON, "solving", 12.5, 1520, 1498.2);
    assert_string_equal(buf, "{\"phase\":\"solving\",\"elapsed\":12.5,\"best\":1520,"
                             "\"bound\":1498.2,\"gap\":0.01434210526}");
    rotas_progress_format(buf, sizeof buf, ROTAS_PROGRESS_JSON, "building", 0.25, NAN, INFINITY);
    assert_string_equal(buf, "{\"phase\":\"building\",\"elapsed\":0.25,\"best\":null,"
                             "\"bound\":null,\"gap\":null}");
    rotas_progress_format(buf, sizeof buf, ROTAS_PROGRESS_JSON, "a\"b\\c\n", 1, 1e308, -1e308);
    assert_string_equal(buf, "{\"phase\":\"a\\\"b\\\\c\\u000a\",\"elapsed\":1,\"best\":null,"
                             "\"bound\":null,\"gap\":null}");
}

static void test_format_line(void **state)
{
    (void)state;
    char buf[256];
    rotas_progress_format(buf, sizeof buf, ROTAS_PROGRESS_TTY, "solving", 12.34, 1520, 1498.2);
    assert_string_equal(buf, "solving     12.3s  best 1520.0  bound 1498.2  gap 1.43%");
    rotas_progress_format(buf, sizeof buf, ROTAS_PROGRESS_TTY, "solving", 3, NAN, 1498.2);
    assert_string_equal(buf, "solving      3.0s  best -  bound 1498.2");
    rotas_progress_format(buf, sizeof buf, ROTAS_PROGRESS_TTY, "loading", 0.1, NAN, NAN);
    assert_string_equal(buf, "loading      0.1s");
    /* truncation is safe and reports the full length */
    char small[8];
    int n = rotas_progress_format(small, sizeof small, ROTAS_PROGRESS_TTY, "solving", 12.34, 1520,
                                  1498.2);
    assert_int_equal(n, (int)strlen("solving     12.3s  best 1520.0  bound 1498.2  gap 1.43%"));
    assert_int_equal(strlen(small), 7);
}

/* With the catalogue bound for Chinese (as the CLI binds it), a terminal line names the phase
   and its figures in Chinese; a JSON line stays as it is, for programs. */
static void test_format_chinese(void **state)
{
    (void)state;
    if (!setlocale(LC_MESSAGES, "C.UTF-8"))
        skip();
    setenv("LANGUAGE", "zh_CN", 1);
    bindtextdomain("rotas", ROTAS_BUILD_DIR "/locale");
    bind_textdomain_codeset("rotas", "UTF-8");
    char line[256], json[256];
    rotas_progress_format(line, sizeof line, ROTAS_PROGRESS_TTY, "solving", 12.34, 1520, 1498.2);
    rotas_progress_format(json, sizeof json, ROTAS_PROGRESS_JSON, "solving", 12.5, 1520, 1498.2);
    unsetenv("LANGUAGE");
    setlocale(LC_MESSAGES, "C");
    assert_string_equal(line, "求解中   12.3s  当前最好 1520.0  界 1498.2  差距 1.43%");
    assert_non_null(strstr(json, "\"phase\":\"solving\""));
    rotas_progress_format(line, sizeof line, ROTAS_PROGRESS_TTY, "solving", 3, NAN, 1498.2);
    assert_string_equal(line, "solving      3.0s  best -  bound 1498.2");
}

static void test_gap(void **state)
{
    (void)state;
    assert_true(fabs(rotas_progress_gap(100, 90) - 0.1) < 1e-12);
    assert_true(fabs(rotas_progress_gap(-100, -110) - 0.1) < 1e-12);
    assert_true(rotas_progress_gap(0, 0) == 0);
    assert_true(isnan(rotas_progress_gap(NAN, 1)));
    assert_true(isnan(rotas_progress_gap(1, -INFINITY)));
}

static void test_report_json_throttle(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    rotas_progress p;
    rotas_progress_init(&p, f, ROTAS_PROGRESS_JSON);
    rotas_progress_report(&p, "building", 0.0, NAN, NAN);
    rotas_progress_report(&p, "solving", 0.2, NAN, 90); /* phase change: written */
    rotas_progress_report(&p, "solving", 0.7, 100, 90); /* < 1 s later: skipped */
    rotas_progress_report(&p, "solving", 1.3, 95, 91);  /* written */
    rotas_progress_end(&p);
    char *d = read_all(f);
    assert_string_equal(d, "{\"phase\":\"building\",\"elapsed\":0,\"best\":null,\"bound\":null,"
                           "\"gap\":null}\n"
                           "{\"phase\":\"solving\",\"elapsed\":0.2,\"best\":null,\"bound\":90,"
                           "\"gap\":null}\n"
                           "{\"phase\":\"solving\",\"elapsed\":1.3,\"best\":95,\"bound\":91,"
                           "\"gap\":0.04210526316}\n");
    free(d);
    fclose(f);
}

static void test_report_tty(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    rotas_progress p;
    rotas_progress_init(&p, f, ROTAS_PROGRESS_TTY);
    rotas_progress_report(&p, "solving", 1.0, 10, 5);
    rotas_progress_report(&p, "solving", 1.05, 9, 5); /* throttled */
    rotas_progress_report(&p, "solving", 1.2, 8, 6);
    rotas_progress_end(&p);
    char *d = read_all(f);
    assert_string_equal(d, "\r\033[Ksolving      1.0s  best 10.0  bound 5.0  gap 50.00%"
                           "\r\033[Ksolving      1.2s  best 8.0  bound 6.0  gap 25.00%"
                           "\r\033[K");
    free(d);
    fclose(f);
}

static void test_quiet(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    rotas_progress p;
    rotas_progress_init(&p, f, ROTAS_PROGRESS_QUIET);
    rotas_progress_report(&p, "solving", 1.0, 10, 5);
    rotas_progress_end(&p);
    assert_int_equal(ftell(f), 0);
    /* auto mode: a file is not a terminal; -q always quiet */
    assert_int_equal(rotas_progress_auto(f, 0), ROTAS_PROGRESS_QUIET);
    assert_int_equal(rotas_progress_auto(f, 1), ROTAS_PROGRESS_QUIET);
    rotas_progress_report(NULL, "x", 0, 0, 0); /* NULL context is harmless */
    fclose(f);
    assert_int_equal(rotas_progress_parse("json"), ROTAS_PROGRESS_JSON);
    assert_int_equal(rotas_progress_parse("tty"), ROTAS_PROGRESS_TTY);
    assert_int_equal(rotas_progress_parse("none"), ROTAS_PROGRESS_QUIET);
    assert_int_equal(rotas_progress_parse("auto"), -1);
    assert_int_equal(rotas_progress_parse("loud"), -2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_json),
        cmocka_unit_test(test_format_line),
        cmocka_unit_test(test_format_chinese),
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_report_json_throttle),
        cmocka_unit_test(test_report_tty),
        cmocka_unit_test(test_quiet),
    };
    return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
