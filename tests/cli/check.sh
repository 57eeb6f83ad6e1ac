#!/bin/bash
# rotas check: clean plan and timetable pass (exit 0, "ok:" on stderr); a broken one lists
# its violations on stdout (exit 1); bad input exits 2.
set -u
ROTAS=$1
BUILD=$3
dir=$(mktemp -d "$BUILD/check_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$dir/county.json" <<'JSON'
{"format": "rotas-county/1", "name": "check fixture", "year": 2025,
 "subjects": [{"id": "chinese", "name": "语文", "shortage": false},
              {"id": "english", "name": "英语", "shortage": true},
              {"id": "music", "name": "音乐", "shortage": true}],
 "clusters": [{"id": "C1", "name": "片区", "central": "S1"}],
 "schools": [
  {"id": "S1", "name": "S1", "kind": "central_primary", "area": "rural", "cluster": "C1",
   "group": null, "hardship": 0, "lat": 30.0, "lon": 110.0, "students": 40, "staff_quota": 10,
   "classes": [{"id": "1A", "grades": [3], "students": 40}]},
  {"id": "S2", "name": "S2", "kind": "complete_primary", "area": "rural", "cluster": "C1",
   "group": null, "hardship": 0, "lat": 30.01, "lon": 110.0, "students": 40, "staff_quota": 10,
   "classes": [{"id": "1A", "grades": [3], "students": 40}],
   "bell": [{"start": "08:30", "end": "09:10"}, {"start": "09:20", "end": "10:00"},
            {"start": "10:30", "end": "11:10"}, {"start": "11:20", "end": "12:00"},
            {"start": "15:00", "end": "15:40"}, {"start": "15:55", "end": "16:35"},
            {"start": "16:45", "end": "17:25"}]},
  {"id": "S3", "name": "S3", "kind": "urban_primary", "area": "urban", "cluster": null,
   "group": null, "hardship": 0, "lat": 30.02, "lon": 110.0, "students": 40, "staff_quota": 10,
   "classes": [{"id": "3A", "grades": [3], "students": 40}]}],
 "travel": [{"from": "S1", "to": "S2", "km": 5, "minutes": 15},
            {"from": "S1", "to": "S3", "km": 20, "minutes": 30},
            {"from": "S2", "to": "S3", "km": 25, "minutes": 40}],
 "curriculum": [{"grade": 3, "subject": "chinese", "periods": 2},
                {"grade": 3, "subject": "english", "periods": 2},
                {"grade": 3, "subject": "music", "periods": 1}],
 "teachers": [
  {"id": "T1", "name": "T1", "gender": "M", "birth_year": 1980, "school": "S1", "subjects": ["chinese"], "role": "teacher", "school_since": 2015, "post_since": 2015, "key": "county", "title": null, "degree": "bachelor", "exempt": null, "exchange_until": null, "preferences": []},
  {"id": "T2", "name": "T2", "gender": "F", "birth_year": 1980, "school": "S1", "subjects": ["english", "music"], "role": "teacher", "school_since": 2024, "post_since": 2024, "key": false, "title": null, "degree": "bachelor", "exempt": null, "exchange_until": null, "preferences": []},
  {"id": "T3", "name": "T3", "gender": "M", "birth_year": 1980, "school": "S2", "subjects": ["chinese"], "role": "teacher", "school_since": 2023, "post_since": 2023, "key": false, "title": null, "degree": "bachelor", "exempt": null, "exchange_until": null, "preferences": []},
  {"id": "T4", "name": "T4", "gender": "F", "birth_year": 1980, "school": "S3", "subjects": ["chinese"], "role": "principal", "school_since": 2010, "post_since": 2010, "key": "county", "title": null, "degree": "bachelor", "exempt": null, "exchange_until": null, "preferences": []},
  {"id": "T5", "name": "T5", "gender": "M", "birth_year": 1980, "school": "S2", "subjects": ["music"], "role": "teacher", "school_since": 2010, "post_since": 2010, "key": false, "title": null, "degree": "bachelor", "exempt": "孕期哺乳", "exchange_until": null, "preferences": []},
  {"id": "T6", "name": "T6", "gender": "F", "birth_year": 1980, "school": "S3", "subjects": ["chinese"], "role": "teacher", "school_since": 2012, "post_since": 2012, "key": false, "title": null, "degree": "bachelor", "exempt": null, "exchange_until": 2026, "preferences": []},
  {"id": "T7", "name": "T7", "gender": "M", "birth_year": 1980, "school": "S1", "subjects": ["chinese"], "role": "principal", "school_since": 2014, "post_since": 2014, "key": false, "title": null, "degree": "bachelor", "exempt": null, "exchange_until": null, "preferences": []},
  {"id": "T8", "name": "T8", "gender": "F", "birth_year": 1980, "school": "S2", "subjects": ["music"], "role": "principal", "school_since": 2022, "post_since": 2022, "key": false, "title": null, "degree": "bachelor", "exempt": null, "exchange_until": null, "preferences": []},
  {"id": "T9", "name": "T9", "gender": "M", "birth_year": 1980, "school": "S3", "subjects": ["music"], "role": "teacher", "school_since": 2021, "post_since": 2021, "key": false, "title": null, "degree": "bachelor", "exempt": null, "exchange_until": null, "preferences": []}]}
JSON

# After the two moves S3 has no english teacher and no cluster: 2 periods unfilled, the rest
# is covered (every teacher 16 periods).
S3_EN='{"school": "S3", "subject": "english", "periods": 2}'
plan() { # $1: extra move JSON (may be empty), $2: extra top-level keys,
         # $3: unfilled entries (default: the true ones), $4: summary unfilled_after (default 2)
cat <<JSON
{"format": "rotas-plan/1", "year": 2026, "status": "optimal", "objective": 100, "bound": 100,
 "gap": 0, "seconds": 0.1,
 "moves": [{"teacher": "T4", "from": "S3", "to": "S1", "reasons": ["leader_tenure"], "km": 20, "until": 2028},
           {"teacher": "T7", "from": "S1", "to": "S3", "reasons": ["leader_tenure"], "km": 20, "until": 2028}$1],
 "unfilled": [${3-$S3_EN}], "summary": {"unfilled_after": ${4-2}}, "relaxed": [] $2}
JSON
}

# 1. A clean plan: exit 0, nothing on stdout, "ok:" on stderr.
plan "" "" > "$dir/plan.json"
"$ROTAS" check "$dir/county.json" "$dir/plan.json" > "$dir/out" 2> "$dir/err"
rc=$?
[ $rc -eq 0 ] || { cat "$dir/out" "$dir/err"; fail "clean plan: exit $rc"; }
[ ! -s "$dir/out" ] || fail "clean plan: stdout not empty"
grep -q '^ok: plan for 2026: 2 moves' "$dir/err" || fail "clean plan: no ok line"

# 1b. The report's figures: a gap below (objective - bound) / objective, or a bound above the
# objective, is refused.
plan "" "" | sed 's/"bound": 100,/"bound": 90,/' > "$dir/plan1b.json"
"$ROTAS" check "$dir/county.json" "$dir/plan1b.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "gap 0 with bound 90 < objective 100: not refused"
grep -qF 'report: the gap 0 is below (objective - bound) / objective = 0.1' "$dir/out" ||
  { cat "$dir/out"; fail "gap: message"; }
plan "" "" | sed 's/"bound": 100,/"bound": 90,/; s/"gap": 0,/"gap": 0.1,/' > "$dir/plan1c.json"
"$ROTAS" check "$dir/county.json" "$dir/plan1c.json" -q > /dev/null 2>&1 ||
  fail "gap 0.1 with bound 90, objective 100: refused"
plan "" "" | sed 's/"bound": 100,/"bound": 110,/' > "$dir/plan1d.json"
"$ROTAS" check "$dir/county.json" "$dir/plan1d.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "bound above the objective: not refused"
grep -qF 'report: the bound 110 is above the objective 100' "$dir/out" ||
  { cat "$dir/out"; fail "bound: message"; }

# 2. An exempt teacher moved: one violation line, exit 1.
plan ', {"teacher": "T5", "from": "S2", "to": "S1", "reasons": ["tenure"], "km": 5, "until": 2028}' "" \
  > "$dir/plan2.json"
"$ROTAS" check "$dir/county.json" "$dir/plan2.json" > "$dir/out" 2> "$dir/err"
rc=$?
[ $rc -eq 1 ] || fail "exempt move: exit $rc"
[ "$(wc -l < "$dir/out")" -eq 1 ] || { cat "$dir/out"; fail "exempt move: not one line"; }
grep -qF 'move 3 (T5): teacher is exempt ("孕期哺乳") and may not move' "$dir/out" ||
  fail "exempt move: message"

# 3. The policy echoed in the plan is used, and --policy overrides it.
plan "" ', "policy": {"format": "rotas-policy/1", "max_km": 10}' > "$dir/plan3.json"
"$ROTAS" check "$dir/county.json" "$dir/plan3.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "echoed policy: expected violations"
grep -qF 'rule max_km: move 1 (T4) S3 -> S1 is 20.0 km, limit 10.0' "$dir/out" ||
  fail "echoed policy: message"
echo '{"max_km": null}' > "$dir/policy.json"
"$ROTAS" check "$dir/county.json" "$dir/plan3.json" --policy "$dir/policy.json" -q \
  > "$dir/out" 2> "$dir/err" || fail "--policy: expected clean"
[ ! -s "$dir/err" ] || fail "-q: stderr not empty"

# 4. Timetables: clean, then a clash.
tt() { # $1: period of T2's Monday lesson at S2 (1-based)
cat <<JSON
{"format": "rotas-timetable/1", "cluster": "C1", "status": "optimal", "days": 5, "periods": 7,
 "lessons": [
  {"school": "S1", "class": "1A", "subject": "chinese", "teacher": "T1", "day": 1, "period": 1},
  {"school": "S1", "class": "1A", "subject": "chinese", "teacher": "T1", "day": 2, "period": 1},
  {"school": "S1", "class": "1A", "subject": "english", "teacher": "T2", "day": 1, "period": 2},
  {"school": "S1", "class": "1A", "subject": "english", "teacher": "T2", "day": 2, "period": 2},
  {"school": "S1", "class": "1A", "subject": "music", "teacher": "T2", "day": 3, "period": 1},
  {"school": "S2", "class": "1A", "subject": "chinese", "teacher": "T3", "day": 1, "period": 1},
  {"school": "S2", "class": "1A", "subject": "chinese", "teacher": "T3", "day": 2, "period": 1},
  {"school": "S2", "class": "1A", "subject": "english", "teacher": "T2", "day": 1, "period": $1},
  {"school": "S2", "class": "1A", "subject": "english", "teacher": "T2", "day": 2, "period": 5},
  {"school": "S2", "class": "1A", "subject": "music", "teacher": "T2", "day": 3, "period": 3}],
 "routes": [{"teacher": "T2", "day": 1, "schools": ["S1", "S2"], "km": 5, "minutes": 15},
            {"teacher": "T2", "day": 2, "schools": ["S1", "S2"], "km": 5, "minutes": 15},
            {"teacher": "T2", "day": 3, "schools": ["S1", "S2"], "km": 5, "minutes": 15}],
 "unscheduled": []}
JSON
}
tt 5 > "$dir/tt.json"
"$ROTAS" check "$dir/county.json" "$dir/tt.json" > "$dir/out" 2> "$dir/err" ||
  { cat "$dir/out" "$dir/err"; fail "clean timetable"; }
grep -q '^ok: timetable of cluster C1: 10 lessons' "$dir/err" || fail "timetable ok line"
tt 2 > "$dir/tt2.json"
"$ROTAS" check "$dir/county.json" "$dir/tt2.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "teacher clash: exit"
[ "$(cat "$dir/out")" = "teacher T2: 2 lessons on day 1 period 2" ] ||
  { cat "$dir/out"; fail "teacher clash: message"; }

# 5. Bad input: exit 2 with a located message.
sed 's/"T5"/"T55"/' "$dir/plan2.json" > "$dir/bad.json"
"$ROTAS" check "$dir/county.json" "$dir/bad.json" > "$dir/out" 2> "$dir/err"
[ $? -eq 2 ] || fail "unknown teacher: exit"
grep -qF 'moves[2].teacher: expected a known teacher id, found "T55"' "$dir/err" ||
  { cat "$dir/err"; fail "unknown teacher: message"; }
echo '{"format": "rotas-county/1"}' > "$dir/weird.json"
"$ROTAS" check "$dir/county.json" "$dir/weird.json" > /dev/null 2> "$dir/err"
[ $? -eq 2 ] || fail "wrong format: exit"
grep -q 'format: expected "rotas-plan/1", "rotas-timetable/1" or "rotas-cover/1"' "$dir/err" || fail "format msg"
echo '{' > "$dir/broken.json"
"$ROTAS" check "$dir/county.json" "$dir/broken.json" > /dev/null 2>&1
[ $? -eq 2 ] || fail "broken JSON: exit"
"$ROTAS" check "$dir/county.json" > /dev/null 2>&1
[ $? -eq 2 ] || fail "missing argument: exit"
"$ROTAS" check --help | grep -q 'rotas check county.db' || fail "--help example"
# 6. Everyday rules: a wrong priority, an unlisted case of envy, a bureau decision not kept.
plan '' ', "preferences": {"first": 0, "second": 0, "third": 0, "none": 0}' |
  sed 's/"until": 2028}/"until": 2028, "priority": 12}/' > "$dir/plan6.json"
"$ROTAS" check "$dir/county.json" "$dir/plan6.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "priority: exit"
grep -qF 'move 1 (T4): priority is 12, expected 21 (16 years at the school x 1 + key 5 + 0 hardship years x 2)' "$dir/out" ||
  { cat "$dir/out"; fail "priority: message"; }
[ "$(wc -l < "$dir/out")" -eq 1 ] || { cat "$dir/out"; fail "priority: not one line"; }
sed 's/"T9", "name": "T9", "gender": "M"/"T9", "middle_leader": true, "name": "T9", "gender": "M"/' \
  "$dir/county.json" > "$dir/county6.json"
python3 - "$dir/county6.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["decisions"] = [{"kind": "stay", "teacher": "T1", "reason": "病休"},
                  {"kind": "receive_key", "school": "S2", "subject": "chinese"}]
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False)
PY
plan "" ', "policy": {"format": "rotas-policy/1", "secondment_count": 2}' > "$dir/plan7.json"
"$ROTAS" check "$dir/county6.json" "$dir/plan7.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "decisions: exit"
printf '%s\n' \
  'decision 2 (receive_key S2 chinese): no key teacher (county level or above) of chinese moves to S2' \
  'secondment: 0 chosen, 2 asked, 1 candidates' > "$dir/want"
cmp -s "$dir/out" "$dir/want" || { diff "$dir/want" "$dir/out"; fail "decisions: messages"; }

# 7. --from: the change counts of a re-plan.
plan "" ', "changed": 0' > "$dir/plan8.json"
"$ROTAS" check "$dir/county.json" "$dir/plan8.json" --from "$dir/plan.json" -q > "$dir/out" ||
  { cat "$dir/out"; fail "--from plan: expected clean"; }
sed 's/"to": "S3"/"to": "S2"/; s/"km": 20, "until": 2028}]/"km": 5, "until": 2028}]/' \
  "$dir/plan8.json" > "$dir/plan9.json"
"$ROTAS" check "$dir/county.json" "$dir/plan9.json" --from "$dir/plan.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "--from plan: exit"
grep -qxF 'changed is 0, expected 2 (1 moves not in the previous plan + 1 previous moves no longer present)' "$dir/out" ||
  { cat "$dir/out"; fail "--from plan: message"; }
tt 5 | sed 's/"unscheduled": \[\]}/"unscheduled": [], "kept_lessons": 10, "moved_lessons": 0}/' > "$dir/tt3.json"
"$ROTAS" check "$dir/county.json" "$dir/tt3.json" --from "$dir/tt.json" -q > "$dir/out" ||
  { cat "$dir/out"; fail "--from timetable: expected clean"; }
"$ROTAS" check "$dir/county.json" "$dir/tt3.json" --from "$dir/tt2.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "--from timetable: exit"
printf '%s\n' 'kept_lessons is 10, expected 9 (lessons of the previous timetable in the same place)' \
  'moved_lessons is 0, expected 1 (10 previous lessons - 9 kept)' > "$dir/want"
cmp -s "$dir/out" "$dir/want" || { diff "$dir/want" "$dir/out"; fail "--from timetable: messages"; }
"$ROTAS" check "$dir/county.json" "$dir/tt3.json" --from "$dir/missing.json" > /dev/null 2>&1
[ $? -eq 2 ] || fail "--from missing file: exit"

# 8. Unfilled periods: recomputed by a maximum flow over the staff after the plan.
plan "" "" "" 0 > "$dir/plan10.json" # nothing reported
"$ROTAS" check "$dir/county.json" "$dir/plan10.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "unfilled: exit"
[ "$(cat "$dir/out")" = "rule unfilled: school S3 reports 0 unfilled periods a week, the staff after the plan leaves 2 (maximum flow)" ] ||
  { cat "$dir/out"; fail "unfilled: message"; }
# T2 (english and music, 16 periods) covers the cluster's 4 english and 2 music periods: nothing
# of C1 is unfilled, however the periods are split
plan "" "" "$S3_EN"', {"school": "S2", "subject": "english", "periods": 1}' 3 > "$dir/plan11.json"
"$ROTAS" check "$dir/county.json" "$dir/plan11.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "unfilled in C1: exit"
[ "$(cat "$dir/out")" = "rule unfilled: cluster C1 reports 1 unfilled periods a week, the staff after the plan leaves 0 (maximum flow)" ] ||
  { cat "$dir/out"; fail "unfilled in C1: message"; }
plan "" "" "$S3_EN" 3 > "$dir/plan12.json"
"$ROTAS" check "$dir/county.json" "$dir/plan12.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "unfilled_after: exit"
[ "$(cat "$dir/out")" = "summary unfilled_after is 3, the unfilled entries add up to 2" ] ||
  { cat "$dir/out"; fail "unfilled_after: message"; }
# S2's chinese teacher T3 moves to S3 (allowed by a bureau decision): S2 chinese 2 unfilled
python3 - "$dir/county.json" "$dir/county8.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["decisions"] = [{"kind": "move", "teacher": "T3", "school": "S3"}]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
plan ', {"teacher": "T3", "from": "S2", "to": "S3", "reasons": ["tenure"], "km": 25, "until": 2028}' \
  "" > "$dir/plan13.json"
"$ROTAS" check "$dir/county8.json" "$dir/plan13.json" > "$dir/out" 2> /dev/null
[ $? -eq 1 ] || fail "unfilled after a move: exit"
[ "$(cat "$dir/out")" = "rule unfilled: cluster C1 reports 0 unfilled periods a week, the staff after the plan leaves 2 (maximum flow)" ] ||
  { cat "$dir/out"; fail "unfilled after a move: message"; }
plan ', {"teacher": "T3", "from": "S2", "to": "S3", "reasons": ["tenure"], "km": 25, "until": 2028}' \
  '' "$S3_EN"', {"school": "S2", "subject": "chinese", "periods": 2}' 4 > "$dir/plan14.json"
"$ROTAS" check "$dir/county8.json" "$dir/plan14.json" > "$dir/out" 2> /dev/null
[ "$(cat "$dir/out")" = "" ] || { cat "$dir/out"; fail "unfilled after a move: expected clean"; }
echo "check.sh: all passed"
