#!/usr/bin/env bash
# Output files that cannot hurt: devices and FIFOs written in place, no link followed, the
# mode of a replaced file kept, an output onto an input refused before any work (exit 2),
# a failed write (/dev/full) exit 1, no temporary file left behind.
# usage: safe_output.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
T=$(mktemp -d "$BUILD/safe_output.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
status() { "$@" >"$T/out" 2>"$T/err"; echo $?; }
tiny=$SRC/tests/data/tiny-county.json
cp "$tiny" "$T/c.json"
"$ROTAS" import "$T/c.json" --db "$T/c.db" -q || fail "import"
"$ROTAS" plan "$T/c.db" --time-limit 5 -q -o "$T/p.json" || fail "plan"
sum() { sha256sum "$1" | cut -d' ' -f1; }

# --- devices and FIFOs are written in place, never replaced by a regular file. As root, a
# null device of our own (others may be using /dev/null while this runs).
if mknod -m 666 "$T/null" c 1 3 2>/dev/null; then NULLDEV=$T/null; else NULLDEV=/dev/null; fi
for cmd in "summary $T/c.json" "plan $T/c.json --time-limit 3 -q" "export --db $T/c.db"; do
    # shellcheck disable=SC2086
    [ "$(status "$ROTAS" $cmd -o "$NULLDEV")" = 0 ] || fail "$cmd -o /dev/null: $(cat "$T/err")"
    [ -c "$NULLDEV" ] || fail "$cmd -o NULL replaced the device"
done
[ "$(status "$ROTAS" render "$T/p.json" --county "$T/c.db" --html "$NULLDEV")" = 0 ] ||
    fail "render --html /dev/null: $(cat "$T/err")"
[ -c "$NULLDEV" ] || fail "render --html /dev/null replaced /dev/null"
if "$ROTAS" render --help 2>/dev/null | grep -q -- '--xlsx'; then
    r=$(status "$ROTAS" render "$T/p.json" --county "$T/c.db" --xlsx "$NULLDEV")
    [ "$r" = 0 ] || fail "render --xlsx /dev/null exit $r: $(cat "$T/err")"
    [ -c "$NULLDEV" ] || fail "render --xlsx /dev/null replaced /dev/null"
fi
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from-fifo" &
reader=$!
[ "$(status "$ROTAS" summary "$T/c.json" -o "$T/fifo")" = 0 ] || fail "summary -o FIFO: $(cat "$T/err")"
wait "$reader"
[ -p "$T/fifo" ] || fail "the FIFO was replaced by a regular file"
grep -q '^teachers +20$' "$T/from-fifo" || grep -qE '^teachers +20$' "$T/from-fifo" ||
    fail "nothing came through the FIFO"

# --- a failed write is exit 1, on stdout and on a named device
[ "$(status "$ROTAS" summary "$T/c.json" -o /dev/full)" = 1 ] || fail "summary -o /dev/full not exit 1"
grep -q 'write failed' "$T/err" || fail "summary -o /dev/full: no message: $(cat "$T/err")"
r=$("$ROTAS" summary "$T/c.json" >/dev/full 2>"$T/err"; echo $?)
[ "$r" = 1 ] || fail "summary > /dev/full exit $r, expected 1"
grep -q 'standard output: write failed' "$T/err" || fail "summary > /dev/full: $(cat "$T/err")"
r=$("$ROTAS" export --db "$T/c.db" >/dev/full 2>/dev/null; echo $?)
[ "$r" = 1 ] || fail "export > /dev/full exit $r"
[ "$(status "$ROTAS" plan "$T/c.json" --time-limit 3 -q -o /dev/full)" = 1 ] ||
    fail "plan -o /dev/full not exit 1"

# --- a link planted at a temporary name, or named as the output, is never followed
echo "victim" >"$T/victim"
for name in p2.json.tmp .p2.json.tmp .p2.json.tmp~ p2.json.tmp~; do
    ln -s "$T/victim" "$T/$name"
done
"$ROTAS" plan "$T/c.json" --time-limit 3 -q -o "$T/p2.json" || fail "plan -o p2.json"
[ "$(cat "$T/victim")" = victim ] || fail "a planted link's target was overwritten"
ln -s "$T/victim" "$T/link.json"
"$ROTAS" export --db "$T/c.db" -o "$T/link.json" || fail "export -o link"
[ "$(cat "$T/victim")" = victim ] || fail "export -o LINK wrote through the link"
[ -f "$T/link.json" ] && [ ! -L "$T/link.json" ] || fail "export -o LINK: the link is not replaced"
rm -f "$T"/p2.json.tmp "$T"/.p2.json.tmp "$T"/.p2.json.tmp~ "$T"/p2.json.tmp~
ls -a "$T" | grep -E '^\.?(p2|link)\.json\.' && fail "a temporary file was left behind"

# --- an existing file keeps its mode; a new one gets 0666 less the umask
"$ROTAS" export --db "$T/c.db" -o "$T/secret.json" || fail "export"
chmod 600 "$T/secret.json"
"$ROTAS" export --db "$T/c.db" -o "$T/secret.json" || fail "export again"
[ "$(stat -c %a "$T/secret.json")" = 600 ] || fail "0600 output came back $(stat -c %a "$T/secret.json")"
chmod 640 "$T/p.json"
"$ROTAS" check "$T/c.db" "$T/p.json" -q -o "$T/violations.txt" || fail "check -o"
(umask 027 && "$ROTAS" summary "$T/c.json" -o "$T/new.txt") || fail "summary -o new"
[ "$(stat -c %a "$T/new.txt")" = 640 ] || fail "new file mode $(stat -c %a "$T/new.txt") under umask 027"

# --- an output onto an input is refused with exit 2 before any work; the input is unchanged
same() { # expected-input-name command...
    local want=$1
    shift
    local before
    before=$(sum "$want")
    local r
    r=$(status "$@")
    [ "$r" = 2 ] || fail "$* : exit $r, expected 2"
    grep -q 'refusing to overwrite' "$T/err" || fail "$* : message: $(cat "$T/err")"
    [ "$(sum "$want")" = "$before" ] || fail "$* : changed $want"
}
same "$T/c.db" "$ROTAS" export --db "$T/c.db" -o "$T/c.db"
same "$T/c.json" "$ROTAS" plan "$T/c.json" -o "$T/c.json"
same "$T/c.db" "$ROTAS" plan "$T/c.db" --save -o "$T/c.db"
same "$T/p.json" "$ROTAS" check "$T/c.db" "$T/p.json" -o "$T/p.json"
same "$T/p.json" "$ROTAS" render "$T/p.json" --html "$T/p.json"
same "$T/c.json" "$ROTAS" summary "$T/c.json" -o "$T/c.json"
same "$T/c.json" "$ROTAS" import "$T/c.json" --db "$T/c.json"
same "$T/c.json" "$ROTAS" timetable "$T/c.json" --cluster C01 -o "$T/c.json"
same "$T/c.json" "$ROTAS" simulate "$T/c.json" --years 1 -o "$T/c.json"
ln "$T/c.json" "$T/hardlink.json"
same "$T/c.json" "$ROTAS" plan "$T/c.json" -o "$T/hardlink.json"
ln -s c.json "$T/symlink.json"
same "$T/c.json" "$ROTAS" plan "$T/symlink.json" -o "$T/./c.json"
cat >"$T/s.json" <<EOF
{"format": "rotas-scenarios/1", "base": "c.json", "policy": {"time_limit_seconds": 2},
 "jobs": ["plan"], "scenarios": [{"name": "base"}]}
EOF
"$ROTAS" whatif "$T/s.json" -q --db "$T/x.db" -o "$T/r.json" 2>/dev/null || fail "whatif"
same "$T/x.db" "$ROTAS" whatif "$T/s.json" --db "$T/x.db" -o "$T/x.db"
same "$T/s.json" "$ROTAS" whatif "$T/s.json" --csv "$T/s.json"
"$ROTAS" whatif "$T/s.json" -q -o "$T/r2.json" 2>/dev/null || fail "whatif with the default run database"
same "$T/s-results.db" "$ROTAS" whatif "$T/s.json" -o "$T/s-results.db"
# two outputs onto one new file
r=$(status "$ROTAS" plan "$T/c.json" -o "$T/twice.lp" --export-lp "$T/twice.lp")
[ "$r" = 2 ] || fail "plan -o F --export-lp F: exit $r"

# --- timetable --all -o DIR checks DIR before solving
: >"$T/afile"
start=$(date +%s)
[ "$(status "$ROTAS" timetable "$T/c.json" --all -o "$T/afile")" = 2 ] ||
    fail "timetable --all -o FILE: $(cat "$T/err")"
grep -q 'expected a folder' "$T/err" || fail "timetable --all -o FILE: $(cat "$T/err")"
[ "$(status "$ROTAS" timetable "$T/c.json" --all -o "$T/no/such/dir")" = 1 ] ||
    fail "timetable --all -o missing parent: $(cat "$T/err")"
[ $(($(date +%s) - start)) -le 5 ] || fail "timetable --all solved before checking DIR"
"$ROTAS" timetable "$T/c.json" --all -q --time-limit 2 -o "$T/tts" || fail "timetable --all -o new DIR"
ls "$T"/tts/timetable-*.json >/dev/null 2>&1 || fail "timetable --all wrote nothing"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "safe_output: ok"
