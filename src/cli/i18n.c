/* i18n.c - messages in the user's language through GNU gettext (po/zh_CN.po).

   Chinese when `--lang zh` is given or the locale (LC_ALL, LC_MESSAGES, LANG) is zh_*; English
   with `--lang en` or any other locale. A machine without the zh_CN locale installed still gets
   Chinese messages: the messages category falls back to C.UTF-8 and LANGUAGE picks the
   catalogue. Numbers are never localised (LC_NUMERIC stays "C"), so files stay the same. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int cli_lang_zh = 0;

static int starts_zh(const char *s) { return s && !strncmp(s, "zh", 2); }

/* The catalogue folder: the installed one, else the build tree's (tests, uninstalled runs). */
static const char *locale_dir(void)
{
    struct stat sb;
    const char *env = getenv("ROTAS_LOCALEDIR");
    if (env && *env)
        return env;
    if (stat(ROTAS_LOCALEDIR "/zh_CN/LC_MESSAGES/rotas.mo", &sb) == 0)
        return ROTAS_LOCALEDIR;
    return ROTAS_BUILD_LOCALEDIR;
}

void cli_i18n_init(int *argc, char **argv)
{
    const char *lang = NULL;
    int keep = *argc > 1 && !strcmp(argv[1], "render"); /* render reads --lang itself */
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
