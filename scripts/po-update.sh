#!/usr/bin/env bash
# Refresh the message catalogue after changing translated strings (the standard GNU way):
# extract the marked strings (_() and N_()) into po/rotas.pot, merge them into po/zh_CN.po;
# then translate the new or fuzzy entries in po/zh_CN.po. The build compiles it with msgfmt.
set -euo pipefail
cd "$(dirname "$0")/.."
xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --no-wrap --package-name=rotas \
  -o po/rotas.pot src/cli/*.c
msgmerge --quiet --update --no-wrap --backup=none po/zh_CN.po po/rotas.pot
msgfmt --check --statistics -o /dev/null po/zh_CN.po
