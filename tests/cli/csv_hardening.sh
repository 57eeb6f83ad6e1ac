#!/usr/bin/env bash
# CSV import of awkward files: a NUL byte, a byte order mark inside a file, 0x10 as a number,
# ids of only spaces or with a line break or quote are refused at file:line:column with exit
# 2; a GB18030 folder whose bytes happen to be valid UTF-8 (一片, 郑伟, 谢强) imports as
# GB18030, not as mojibake; a UTF-8 BOM decides; --encoding overrides the detection.
# usage: csv_hardening.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
T=$(mktemp -d "$BUILD/csv_hardening.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
GOOD=$SRC/tests/data/csv/good-utf8

# case NAME 'python that edits the folder $dir' 'expected message'...
case_() {
    local name=$1 edit=$2
    shift 2
    rm -rf "${T:?}/$name"
    cp -r "$GOOD" "$T/$name"
    python3 -c "$edit" "$T/$name" || { fail "$name: cannot build the case"; return; }
    "$ROTAS" import --csv "$T/$name" --db "$T/$name.db" >/dev/null 2>"$T/err"
    local r=$?
    [ "$r" = 2 ] || fail "$name: exit $r, expected 2"
    for want in "$@"; do
        grep -qF -- "$want" "$T/err" || fail "$name: stderr lacks: $want ($(head -2 "$T/err"))"
    done
    [ -e "$T/$name.db" ] && fail "$name: a database was written"
}
PRE='import sys, os; d = sys.argv[1]
def edit(f, old, new):
    p = os.path.join(d, f); b = open(p, "rb").read(); assert old in b, (f, old)
    open(p, "wb").write(b.replace(old, new, 1))
'
case_ nul "$PRE"'edit("teachers.csv", b"T002,", b"T0\x0002,")' \
    'teachers.csv line 3 column 1: expected text, found a NUL byte (0x00)'
case_ nul-name "$PRE"'edit("schools.csv", "城关第一小学".encode(), b"A\x00B")' \
    'schools.csv line 2 column 2: expected text, found a NUL byte (0x00)'
case_ bom-middle "$PRE"'edit("travel.csv", b"S01,S03", b"\xef\xbb\xbfS01,S03")' \
    'travel.csv line 3 column 1: expected text, found a byte order mark (U+FEFF) inside the file'
case_ hex-number "$PRE"'edit("travel.csv", b"21.5", b"0x10")' 'travel.csv line 2 column km' '0x10'
case_ inf-number "$PRE"'edit("travel.csv", b"21.5", b"inf")' 'travel.csv line 2 column km' 'inf'
case_ id-spaces "$PRE"'edit("teachers.csv", b"T002,", b"   ,")' \
    'teachers.csv line 3 column id: expected an id (letters, digits, - _ .), found only spaces'
case_ id-newline "$PRE"'edit("teachers.csv", b"T002,", b"\"T0\n02\",")' \
    'teachers.csv line 3 column id: expected an id (letters, digits, - _ .), found a line break inside it'
case_ id-quote "$PRE"'edit("schools.csv", b"\nS02,", b"\n\"S\"\"02\",")' \
    'schools.csv line 3 column id: expected an id (letters, digits, - _ .), found a quote character inside it'
case_ ref-spaces "$PRE"'edit("teachers.csv", b",S01,", b",  ,")' \
    'teachers.csv line 2 column school: expected an id'

# A GB18030 folder whose every byte is also valid UTF-8: all text ASCII but 一片, 郑伟, 谢强.
python3 - "$GOOD" "$T/gb" "$T/gb-bom" <<'EOF'
import csv, io, os, sys
src, dst, dst_bom = sys.argv[1:]
for out in (dst, dst_bom):
    os.makedirs(out)
for f in os.listdir(src):
    rows = list(csv.reader(open(os.path.join(src, f), encoding="utf-8-sig", newline="")))
    for r in rows:
        for i, cell in enumerate(r):
            if any(ord(ch) > 127 for ch in cell):
                r[i] = "note" if r is rows[0] else {"本科": "bachelor", "大专": "college",
                                                    "硕士": "master", "中专": "secondary"}.get(cell, "x")
    if f == "clusters.csv":
        rows[1][0] = "一片"
    if f == "teachers.csv":
        rows[1][1], rows[2][1] = "郑伟", "谢强"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    data = buf.getvalue().encode("gb18030")
    data.decode("utf-8")  # the point of the case: valid UTF-8 bytes
    open(os.path.join(dst, f), "wb").write(data)
    # the same text saved as UTF-8 with a BOM: the BOM decides
    open(os.path.join(dst_bom, f), "wb").write(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
EOF
"$ROTAS" import --csv "$T/gb" --db "$T/gb.db" -q 2>"$T/err" || fail "GB18030-as-UTF-8 import: $(cat "$T/err")"
"$ROTAS" export --db "$T/gb.db" -o "$T/gb.json" || fail "export gb"
for name in 一片 郑伟 谢强; do
    grep -q "\"name\": \"$name\"" "$T/gb.json" || fail "GB18030 folder read as mojibake: no $name"
done
grep -q 'һƬ' "$T/gb.json" && fail "mojibake һƬ imported"
"$ROTAS" import --csv "$T/gb-bom" --db "$T/bom.db" -q || fail "UTF-8 with BOM import"
"$ROTAS" export --db "$T/bom.db" -o "$T/bom.json" || fail "export bom"
cmp -s "$T/gb.json" "$T/bom.json" || fail "the GB18030 and UTF-8+BOM folders differ"
# --encoding overrides: utf-8 reads the mojibake as asked; gb18030 refuses a UTF-8 BOM
"$ROTAS" import --csv "$T/gb" --db "$T/forced.db" --encoding utf-8 -q || fail "--encoding utf-8"
"$ROTAS" export --db "$T/forced.db" -o "$T/forced.json" || fail "export forced"
grep -q 'һƬ' "$T/forced.json" || fail "--encoding utf-8 did not override the detection"
"$ROTAS" import --csv "$T/gb-bom" --db "$T/x.db" --encoding gb18030 2>"$T/err"
[ $? = 2 ] || fail "--encoding gb18030 on a UTF-8 BOM: not exit 2"
grep -q 'expected GB18030 text (--encoding gb18030), found a UTF-8 byte order mark' "$T/err" ||
    fail "--encoding gb18030 on a BOM: $(cat "$T/err")"
"$ROTAS" import --csv "$SRC/tests/data/csv/good-gb18030" --db "$T/y.db" --encoding utf-8 2>"$T/err"
[ $? = 2 ] || fail "--encoding utf-8 on GB18030 bytes: not exit 2"
grep -q 'expected UTF-8 text (--encoding utf-8), found byte 0x' "$T/err" || fail "utf-8 forced: $(cat "$T/err")"
"$ROTAS" import --csv "$GOOD" --db "$T/z.db" --encoding latin1 2>/dev/null
[ $? = 2 ] || fail "--encoding latin1: not exit 2"
# the real folders still import
"$ROTAS" import --csv "$SRC/tests/data/csv/good-gb18030" --db "$T/g.db" -q || fail "good-gb18030"
"$ROTAS" import --csv "$GOOD" --db "$T/u.db" -q || fail "good-utf8"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "csv_hardening: ok"
