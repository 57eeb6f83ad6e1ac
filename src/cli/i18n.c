/* i18n.c - messages in the user's language through GNU gettext (po/zh_CN.po).

   Chinese when `--lang zh` is given or the locale (LC_ALL, LC_MESSAGES, LANG) is zh_*; English
   with `--lang en` or any other locale. A machine without the zh_CN locale installed still gets
   Chinese messages: the messages category falls back to C.UTF-8 and LANGUAGE picks the
   catalogue. Numbers are never localised (LC_NUMERIC stays "C"), so files stay the same. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_lang_zh = 0;

static int starts_zh(const char *s)
{
    return s && !strncmp(s, "zh", 2);
}

static int has_catalogue(const char *dir)
{
    char path[4200];
    struct stat sb;
    snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES/rotas.mo", dir);
    return stat(path, &sb) == 0;
}

/* The catalogue folder: beside the installed program (PREFIX/bin/../share/locale, wherever
   PREFIX is), the configured one, else the build tree's (tests, uninstalled runs). */
static const char *locale_dir(void)
{
    static char beside[4096];
    const char *env = getenv("ROTAS_LOCALEDIR");
    if (env && *env)
        return env;
    ssize_t n = readlink("/proc/self/exe", beside, sizeof beside - 32);
    if (n > 0) {
        beside[n] = '\0';
        char *slash = strrchr(beside, '/');
        if (slash) {
            strcpy(slash, "/../share/locale");
            if (has_catalogue(beside))
                return beside;
        }
    }
    if (has_catalogue(ROTAS_LOCALEDIR))
        return ROTAS_LOCALEDIR;
    return ROTAS_BUILD_LOCALEDIR;
}

void cli_i18n_init(int *argc, char **argv)
{
    const char *lang = NULL;
    /* render and cover read --lang themselves (the language of what they write) */
    int keep = *argc > 1 && (!strcmp(argv[1], "render") || !strcmp(argv[1], "cover"));
    for (int i = 1; i < *argc; i++) {
        int n = 0;
        if (!strcmp(argv[i], "--lang") && i + 1 < *argc) {
            lang = argv[i + 1];
            n = 2;
        } else if (!strncmp(argv[i], "--lang=", 7)) {
            lang = argv[i] + 7;
            n = 1;
        }
        if (n && !keep) {
            memmove(argv + i, argv + i + n, (size_t)(*argc - i - n + 1) * sizeof *argv);
            *argc -= n;
            i--;
        } else if (n)
            i += n - 1;
    }
    const char *env = getenv("LC_ALL");
    if (!env || !*env)
        env = getenv("LC_MESSAGES");
    if (!env || !*env)
        env = getenv("LANG");
    cli_lang_zh = lang ? starts_zh(lang) : starts_zh(env);
    if (!setlocale(LC_CTYPE, ""))
        setlocale(LC_CTYPE, "C.UTF-8");
    if (!cli_lang_zh)
        return; /* English: the messages as written */
    const char *cur = setlocale(LC_MESSAGES, "");
    if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX"))
        setlocale(LC_MESSAGES, "C.UTF-8"); /* "C" would ignore LANGUAGE */
    setenv("LANGUAGE", "zh_CN", 1);
    bindtextdomain("rotas", locale_dir());
    bind_textdomain_codeset("rotas", "UTF-8");
    textdomain("rotas");
}
