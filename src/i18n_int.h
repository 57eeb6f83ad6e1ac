/*
 * i18n_int.h - internal: the library's messages in the user's language (GNU gettext).
 *
 * The library marks the messages a user reads (located bad-input messages and the fragments
 * pasted into them) with _() or, in tables, N_(), and looks them up in the "rotas" text domain.
 * It never binds or picks a language itself: the program does (the CLI's i18n.c binds the
 * domain and sets LC_MESSAGES only for Chinese). Without that the messages are as written, so a
 * library user and the tests get English, byte for byte. scripts/po-update.sh extracts the
 * marked strings of src/ and src/cli/ into po/rotas.pot.
 */
#ifndef ROTAS_I18N_INT_H
#define ROTAS_I18N_INT_H

#include <libintl.h>

#define ROTAS_TEXTDOMAIN "rotas"
#define _(s) dgettext(ROTAS_TEXTDOMAIN, s)
#define N_(s) (s)
/* singular or plural by n ("1 error", "2 errors") */
#define P_(s, p, n) dngettext(ROTAS_TEXTDOMAIN, s, p, (unsigned long)(n))

#endif
