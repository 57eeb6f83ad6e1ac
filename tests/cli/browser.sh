#!/bin/bash
# The HTML report in headless Chromium: it loads without errors (window.onerror marker and the
# browser's log), the map's arrows stand for every move (sum of data-count after the script ran),
# and a screenshot BUILD/report.png is saved. With Node 20+, a DevTools-protocol check also
# clicks a header to sort and blocks all network access. No Chromium and no way to install it:
# prints SKIP and exits 0.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
dir=$(mktemp -d "$BUILD/browser_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
PY=/usr/bin/python3
[ -x $PY ] || PY=python3

CHROME=
for c in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  [ -x "$c" ] && { CHROME=$c; break; }
done
if [ -z "$CHROME" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
  echo "browser.sh: installing chromium" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > "$dir/apt.log" 2>&1 &&
    [ -x /usr/bin/chromium ] && CHROME=/usr/bin/chromium
fi
if [ -z "$CHROME" ]; then
  echo "SKIP: no Chromium (apt-get install chromium) - browser test not run"
  exit 0
fi

# The planner's plan of the demo county when it exists, else the small fixture.
if [ -f "$SRC/datasets/demo-county.json" ]; then
  county=$SRC/datasets/demo-county.json
  "$ROTAS" plan "$county" --time-limit 5 -q -o "$dir/plan.json" || fail "rotas plan"
else
  county=$SRC/tests/data/render/county.json
  cp "$SRC/tests/data/render/plan.json" "$dir/plan.json"
fi
moves=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["moves"]))' "$dir/plan.json")
report=$BUILD/report.html
"$ROTAS" render "$dir/plan.json" --county "$county" --html "$report" -q || fail "render"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --hide-scrollbars --enable-logging=stderr --v=0)
timeout 90 "$CHROME" "${flags[@]}" --user-data-dir="$dir/p1" --virtual-time-budget=5000 \
  --dump-dom "file://$report" > "$dir/dom.html" 2> "$dir/chrome.err" || {
  tail -20 "$dir/chrome.err"; fail "chromium --dump-dom failed"; }
grep -q 'id="js-status"[^>]*data-js="ok"' "$dir/dom.html" || {
  grep -o '<div id="js-status"[^>]*>[^<]*' "$dir/dom.html"; fail "page script did not finish ok"; }
grep -q "data-arrow-moves=\"$moves\"" "$dir/dom.html" || {
  grep -o 'data-arrow-moves="[0-9]*"' "$dir/dom.html"; fail "arrows do not add up to $moves moves"; }
sum=$(grep -o 'data-count="[0-9]*"' "$dir/dom.html" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}')
[ "$sum" = "$moves" ] || fail "DOM: sum of data-count $sum, plan has $moves moves"
if grep -E 'Uncaught|CONSOLE.*[Ee]rror' "$dir/chrome.err"; then fail "console errors"; fi

timeout 90 "$CHROME" "${flags[@]}" --user-data-dir="$dir/p2" --window-size=1280,2000 \
  --screenshot="$BUILD/report.png" "file://$report" > /dev/null 2>&1 || fail "screenshot"
[ -s "$BUILD/report.png" ] || fail "no screenshot"

if command -v node > /dev/null && node --experimental-websocket -e 'WebSocket' 2> /dev/null; then
  timeout 90 node --experimental-websocket "$SRC/tests/browser/cdp_check.mjs" "$CHROME" \
    "$report" "$moves" || fail "DevTools check"
else
  echo "note: no Node with WebSocket; DevTools check not run"
fi
# A cluster timetable of the demo county: the class grids render and the page runs clean.
if [ -f "$SRC/datasets/demo-county.json" ]; then
  "$ROTAS" timetable "$county" --cluster C01 --time-limit 2 -q -o "$dir/tt.json" ||
    fail "rotas timetable"
  ttreport=$BUILD/timetable-report.html
  "$ROTAS" render "$dir/tt.json" --county "$county" --html "$ttreport" -q || fail "render timetable"
  timeout 90 "$CHROME" "${flags[@]}" --user-data-dir="$dir/p3" --virtual-time-budget=5000 \
    --dump-dom "file://$ttreport" > "$dir/ttdom.html" 2> "$dir/tt.err" || fail "timetable --dump-dom"
  grep -q 'id="js-status"[^>]*data-js="ok"' "$dir/ttdom.html" || fail "timetable page script"
  grep -q '星期一' "$dir/ttdom.html" || fail "timetable page has no weekday grid"
  if grep -E 'Uncaught|CONSOLE.*[Ee]rror' "$dir/tt.err"; then fail "timetable console errors"; fi
  timeout 90 "$CHROME" "${flags[@]}" --user-data-dir="$dir/p4" --window-size=1280,2000 \
    --screenshot="$BUILD/timetable-report.png" "file://$ttreport" > /dev/null 2>&1 ||
    fail "timetable screenshot"
  [ -s "$BUILD/timetable-report.png" ] || fail "no timetable screenshot"
  # printed: each school's 总课表 and all teachers' week take one A4 landscape page each
  grep -q 'class="block-label"' "$dir/ttdom.html" || fail "day charts without block labels"
  masters=$(grep -o 'class="master-page"' "$dir/ttdom.html" | wc -l)
  [ "$masters" -ge 1 ] || fail "no 总课表 in the timetable page"
  timeout 120 "$CHROME" "${flags[@]}" --user-data-dir="$dir/p5" --no-pdf-header-footer \
    --print-to-pdf="$dir/tt.pdf" "file://$ttreport" > /dev/null 2>&1 || fail "print to PDF"
  boxes=$(grep -a -o '/MediaBox \[[^]]*\]' "$dir/tt.pdf" | wc -l)
  if [ "$boxes" -gt 0 ]; then
    # A4 landscape: 842 x 595 points
    land=$(grep -a -o '/MediaBox \[0 0 841[.0-9]* 59[45][.0-9]*\]' "$dir/tt.pdf" | wc -l)
    [ "$land" -eq $((masters + 1)) ] ||
      fail "printed: $land landscape pages, expected $masters 总课表 + 1 teachers' week"
  else
    echo "note: PDF page sizes not readable; landscape page count not checked"
  fi
  # cover notices print one A4 page each (overview, each teacher, each class)
  busiest=$("$PY" -c 'import json,sys,collections; t=json.load(open(sys.argv[1]));
print(collections.Counter(l["teacher"] for l in t["lessons"] if l["school"] != "S009").most_common(1)[0][0])' \
    "$dir/tt.json")
  "$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$busiest" --days 2026-03-10 -q \
    -o "$dir/cover.json" --html "$dir/notices.html" || fail "rotas cover"
  notices=$(grep -o 'class="notice' "$dir/notices.html" | wc -l)
  [ "$notices" -ge 3 ] || fail "cover: $notices notices"
  timeout 120 "$CHROME" "${flags[@]}" --user-data-dir="$dir/p6" --no-pdf-header-footer \
    --print-to-pdf="$dir/notices.pdf" "file://$dir/notices.html" > /dev/null 2>&1 ||
    fail "print notices to PDF"
  pages=$(grep -a -o '/MediaBox \[[^]]*\]' "$dir/notices.pdf" | wc -l)
  [ "$pages" -eq 0 ] || [ "$pages" -eq "$notices" ] ||
    fail "notices: $pages printed pages for $notices notices"
fi
echo "ok: $report ($moves moves), screenshots $BUILD/report.png $BUILD/timetable-report.png"
exit 0
