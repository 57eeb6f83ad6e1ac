#!/usr/bin/env bash
# import -> export -> import -> export gives the same file twice, and keeps the fields rotas
# does not know. usage: roundtrip.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
tmp=$(mktemp -d "$BUILD/roundtrip.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

inputs=("$SRC/tests/data/tiny-county.json" "$SRC/tests/data/tiny-everyday.json")
[ -f "$SRC/datasets/demo-county.json" ] && inputs+=("$SRC/datasets/demo-county.json")
for input in "${inputs[@]}"; do
    name=$(basename "$input" .json)
    d=$tmp/$name
    mkdir -p "$d"
    "$ROTAS" import "$input" --db "$d/one.db" >/dev/null || { fail "$name: import"; continue; }
    "$ROTAS" export --db "$d/one.db" -o "$d/one.json" || { fail "$name: export"; continue; }
    "$ROTAS" import "$d/one.json" --db "$d/two.db" >/dev/null || { fail "$name: import of the export"; continue; }
    "$ROTAS" export --db "$d/two.db" -o "$d/two.json" || { fail "$name: second export"; continue; }
    cmp -s "$d/one.json" "$d/two.json" ||
        { fail "$name: the two exports differ"; diff "$d/one.json" "$d/two.json" | head -20 >&2; }
    # export to stdout gives the same bytes
    "$ROTAS" export --db "$d/two.db" >"$d/stdout.json" || fail "$name: export to stdout"
    cmp -s "$d/one.json" "$d/stdout.json" || fail "$name: export to stdout differs from -o"
    # the export is itself a valid county
    "$ROTAS" summary "$d/one.json" >/dev/null || fail "$name: summary of the export"
done

# Unknown fields at every level of the tiny county come back.
one=$tmp/tiny-county/one.json
for needle in '"source": {' '"bureau": "青山县教育局"' '"office": "青山镇中心小学教导处"' \
    '"founded": 1952' '"room": "东厢"' '"note": "早读后"' '"road": "county road X012"' \
    '"phone": "138-0000-0004"' '"verified": true' '"start": "08:20"' '"grades": [' \
    '"key": "city"' '"degree": "本科"' '"exempt": "距退休不足5年"' '"max_periods": 20'; do
    grep -qF -- "$needle" "$one" || fail "tiny-county: export lacks $needle"
done
# The everyday constraints survive the database too.
one=$tmp/tiny-everyday/one.json
for needle in '"unavailable": [' '"reason": "升旗"' '"note": "操场"' '"room": "局三楼"' \
    '"max_days": 4' '"middle_leader": true' '"hardship_years": 12' '"subject_rules": [' \
    '"before_period": 4' '"fixed_lessons": [' '"why": "音乐教室"' '"decisions": [' \
    '"kind": "together"' '"reason": "病休"' '"start": "14:00"' '"room_kind": "music"' \
    '"rooms": [' '"kind": "playground"' '"capacity": 2' '"floor": 2' '"name": "音乐教室"'; do
    grep -qF -- "$needle" "$one" || fail "tiny-everyday: export lacks $needle"
done
echo "roundtrip: ${#inputs[@]} counties, $fails failures"
[ $fails -eq 0 ]
