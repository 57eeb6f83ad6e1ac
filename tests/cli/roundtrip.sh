#!/usr/bin/env bash
# import -> export -> import -> export gives the same file twice, and keeps the fields rotas
# does not know. usage: roundtrip.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
tmp=$(mktemp -d "$BUILD/roundtrip.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# A county with odd numbers: 17 significant digits, the largest and smallest doubles, -0.0,
# big integers, and unknown keys in an unsorted order.
python3 - "$SRC/tests/data/tiny-county.json" "$tmp/odd.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["schools"][0]
s["lat"], s["lon"] = 27.123456789012345, 114.40000000000001
d["schools"][1]["lat"] = 0.1 + 0.2
d["zeta_extra"] = 1.7976931348623157e308
d["alpha_extra"] = {"tiny": 5e-324, "neg_zero": -0.0, "big": 9007199254740993, "e": 1e21,
                    "m": -2.5e-7, "b": "text", "a": [3.0, 1e-5, 123456.789]}
d["travel"][0]["km"] = 12.345678901234567
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
EOF
inputs=("$SRC/tests/data/tiny-county.json" "$SRC/tests/data/tiny-everyday.json" "$tmp/odd.json")
for ds in "$SRC"/datasets/*-county.json; do [ -f "$ds" ] && inputs+=("$ds"); done
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

# The odd numbers come back exactly, and unknown keys in the order they were read.
python3 - "$tmp/odd.json" "$tmp/odd/one.json" <<'EOF' || fail "odd numbers: not exact"
import json, math, re, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def same(x, y, path):
    assert type(x) == type(y), "%s: %r vs %r" % (path, x, y)
    if isinstance(x, float):
        assert x == y and math.copysign(1, x) == math.copysign(1, y), "%s: %r vs %r" % (path, x, y)
    elif isinstance(x, dict):
        for k in x:
            same(x[k], y[k], path + "." + k)
    elif isinstance(x, list):
        for i, (p, q) in enumerate(zip(x, y)):
            same(p, q, "%s[%d]" % (path, i))
    else:
        assert x == y, "%s: %r vs %r" % (path, x, y)
same(a["schools"][0]["lat"], b["schools"][0]["lat"], "lat")
same(a["schools"][0]["lon"], b["schools"][0]["lon"], "lon")
same(a["schools"][1]["lat"], b["schools"][1]["lat"], "lat")
same(a["zeta_extra"], b["zeta_extra"], "zeta_extra")
same(a["alpha_extra"], b["alpha_extra"], "alpha_extra")
same(a["travel"][0]["km"], b["travel"][0]["km"], "km")
assert list(b["alpha_extra"]) == list(a["alpha_extra"]), list(b["alpha_extra"])
keys = list(b)
assert keys.index("zeta_extra") < keys.index("alpha_extra"), keys
text = open(sys.argv[2]).read()
for x in (a["schools"][0]["lat"], a["travel"][0]["km"], a["schools"][1]["lat"]):
    assert ': %r' % x in text, "not the shortest form of %r" % x  # Python's repr is shortest
assert re.search(r'"lat": 27\.[0-9],', text), "short reals are not short"
EOF

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
