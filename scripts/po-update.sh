#!/usr/bin/env bash
# Refresh the message catalogue after changing translated strings (the standard GNU way):
# extract the marked strings (_(), N_() and the plural P_()) of the library (src/*.c,
# src/*/*.c) and of the program (src/cli/*.c) into po/rotas.pot, merge them into po/zh_CN.po;
# then translate the new or fuzzy entries in po/zh_CN.po. The build compiles it with msgfmt.
#   scripts/po-update.sh             refresh po/rotas.pot and po/zh_CN.po
#   scripts/po-update.sh --pot FILE  only extract, into FILE (tests/cli/i18n.sh compares)
set -euo pipefail
cd "$(dirname "$0")/.."
pot=po/rotas.pot
[ "${1:-}" = --pot ] && pot=$2
# sorted, so that the catalogue does not churn with the order the shell lists files in
mapfile -t sources < <(ls src/*.c src/*/*.c | LC_ALL=C sort)
xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 --flag=P_:1:c-format --flag=P_:2:c-format \
  --from-code=UTF-8 --no-wrap --package-name=rotas -o "$pot" "${sources[@]}"
[ "${1:-}" = --pot ] && exit 0
msgmerge --quiet --update --no-fuzzy-matching --no-wrap --backup=none po/zh_CN.po po/rotas.pot
msgattrib --no-obsolete --no-wrap -o po/zh_CN.po po/zh_CN.po  # messages no longer used go
msgfmt --check --statistics -o /dev/null po/zh_CN.po
