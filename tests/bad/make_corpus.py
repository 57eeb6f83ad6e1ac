#!/usr/bin/env python3
"""Regenerate the bad-input corpus: python3 tests/bad/make_corpus.py (from the source root).

Each case is a small valid county with one problem (or a few) put in. NAME.json is the input;
NAME.expected lists lines that must each appear in the error output of `rotas import` and
`rotas summary` (and in the reader's messages, checked by tests/test_json_county.c).
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

BASE = {
    "format": "rotas-county/1",
    "name": "小县",
    "year": 2026,
    "subjects": [
        {"id": "chinese", "name": "语文", "shortage": False},
        {"id": "math", "name": "数学", "shortage": False},
        {"id": "music", "name": "音乐", "shortage": True},
    ],
    "clusters": [{"id": "C1", "name": "东片", "central": "S1"}],
    "schools": [
        {"id": "S1", "name": "东镇中心小学", "kind": "central_primary", "area": "town",
         "cluster": "C1", "group": None, "hardship": 1, "lat": 27.1, "lon": 114.2,
         "students": 60, "staff_quota": 5,
         "classes": [{"id": "1", "grades": [1], "students": 30},
                     {"id": "2", "grades": [2], "students": 30}]},
        {"id": "S2", "name": "东镇李家教学点", "kind": "teaching_point", "area": "rural",
         "cluster": "C1", "group": None, "hardship": 2, "lat": 27.2, "lon": 114.3,
         "students": 10, "staff_quota": 1,
         "classes": [{"id": "m", "grades": [1, 2], "students": 10}],
         "bell": [{"start": "08:20", "end": "09:00"}, {"start": "09:10", "end": "09:50"}]},
        {"id": "S3", "name": "东镇中学", "kind": "junior", "area": "town",
         "cluster": None, "group": None, "hardship": 1, "lat": 27.15, "lon": 114.25,
         "students": 48, "staff_quota": 4,
         "classes": [{"id": "7-1", "grades": [7], "students": 48}]},
    ],
    "travel": [{"from": "S1", "to": "S2", "km": 12.5, "minutes": 30},
               {"from": "S1", "to": "S3", "km": 4, "minutes": 10}],
    "curriculum": [{"grade": 1, "subject": "chinese", "periods": 8},
                   {"grade": 1, "subject": "math", "periods": 4},
                   {"grade": 1, "subject": "music", "periods": 2},
                   {"grade": 7, "subject": "math", "periods": 5}],
    "teachers": [
        {"id": "T1", "name": "甲", "gender": "F", "birth_year": 1980, "school": "S1",
         "subjects": ["math"], "role": "teacher", "school_since": 2010, "key": False,
         "title": None, "degree": "本科", "exempt": None, "exchange_until": None},
        {"id": "T2", "name": "乙", "gender": "M", "birth_year": 1975, "school": "S1",
         "subjects": ["chinese", "music"], "role": "principal", "school_since": 2012,
         "post_since": 2014, "key": "county", "title": "高级教师", "degree": "bachelor",
         "exempt": None, "exchange_until": None, "preferences": ["S3"], "max_periods": 12},
        {"id": "T3", "name": "丙", "gender": "F", "birth_year": 1990, "school": "S3",
         "subjects": ["math"], "role": "teacher", "school_since": 2015, "key": True,
         "title": None, "degree": None, "exempt": None, "exchange_until": None},
    ],
}

CASES = {}


def case(name, expected):
    def deco(fn):
        CASES[name] = (fn, expected if isinstance(expected, list) else [expected])
        return fn
    return deco


def raw(text):
    return lambda d: text


def setp(path, value):
    """Set d[path...] = value (path as a list of keys/indexes); DELETE removes."""
    def fn(d):
        o = d
        for k in path[:-1]:
            o = o[k]
        if value is DELETE:
            del o[path[-1]]
        else:
            o[path[-1]] = value
        return d
    return fn


DELETE = object()

# ---- file level -------------------------------------------------------------------------
case("empty-file", "the file is empty")(raw(""))
case("malformed-json", ["3:", "invalid JSON"])(raw('{\n  "format": "rotas-county/1",\n  "year": 2026,,\n}\n'))
case("trailing-garbage", "invalid JSON")(raw('{"format": "rotas-county/1"} extra\n'))
case("invalid-utf8", ["not valid UTF-8"])(raw(b'{"format": "rotas-county/1", "name": "\xd6\xd0\xce\xc4"}\n'))
case("duplicate-key", ["duplicate", "each key may appear once"])(raw('{\n "format": "rotas-county/1",\n "year": 2026,\n "year": 2027\n}\n'))
case("top-level-array", "(top level): expected a rotas-county/1 object")(raw('[{"format": "rotas-county/1"}]\n'))
case("format-missing", 'missing required field "format"')(setp(["format"], DELETE))
case("format-wrong", 'format: expected "rotas-county/1", found "rotas-county/2"')(setp(["format"], "rotas-county/2"))
case("format-plan", 'format: expected "rotas-county/1", found "rotas-plan/1"')(setp(["format"], "rotas-plan/1"))
case("year-absurd", "year: expected a year 1990..2200, found 20260")(setp(["year"], 20260))
case("schools-missing", '(top level): missing required field "schools"')(setp(["schools"], DELETE))
case("subjects-not-array", "subjects: expected an array of subjects, found an object")(setp(["subjects"], {"math": "数学"}))

# ---- subjects ---------------------------------------------------------------------------
case("subject-duplicate-id", 'subjects[2].id: expected a unique subject id, found "chinese" again (first at subjects[0])')(setp(["subjects", 2, "id"], "chinese"))
case("subject-shortage-type", 'subjects[0].shortage: expected true or false, found "no"')(setp(["subjects", 0, "shortage"], "no"))
case("subject-missing-name", 'subjects[1]: missing required field "name"')(setp(["subjects", 1, "name"], DELETE))

# ---- clusters ---------------------------------------------------------------------------
case("cluster-duplicate-id", 'clusters[1].id: expected a unique cluster id, found "C1" again')(
    lambda d: (d["clusters"].append({"id": "C1"}), d)[1])
case("cluster-central-unknown", 'clusters[0].central: expected the id of a school in schools[], found "S9"')(setp(["clusters", 0, "central"], "S9"))
case("cluster-central-outside", 'clusters[0].central: expected a school of cluster "C1", found "S3" (in no cluster)')(setp(["clusters", 0, "central"], "S3"))
case("school-cluster-undeclared", 'schools[1].cluster: expected the id of a cluster in clusters[] or null, found "C2"')(setp(["schools", 1, "cluster"], "C2"))
case("school-cluster-type", "schools[1].cluster: expected a cluster id (a non-empty string) or null, found 7")(
    lambda d: (d.pop("clusters"), setp(["schools", 1, "cluster"], 7)(d))[1])
case("school-group-undeclared", 'schools[0].group: expected the id of a group in groups[] or null, found "G9"')(
    lambda d: (d.__setitem__("groups", [{"id": "G1"}]), setp(["schools", 0, "group"], "G9")(d))[1])

case("group-head-unknown", 'groups[0].head: expected the id of a school in schools[], found "S9"')(
    lambda d: (d.__setitem__("groups", [{"id": "G1", "head": "S9"}]), setp(["schools", 0, "group"], "G1")(d))[1])
case("group-head-outside", 'groups[0].head: expected a school of group "G1", found "S3" (in no group)')(
    lambda d: (d.__setitem__("groups", [{"id": "G1", "head": "S3"}]), setp(["schools", 0, "group"], "G1")(d))[1])

# ---- schools ----------------------------------------------------------------------------
case("school-duplicate-id", 'schools[2].id: expected a unique school id, found "S1" again (first at schools[0])')(setp(["schools", 2, "id"], "S1"))
case("school-kind-unknown", 'schools[0].kind: expected one of "urban_primary", "urban_junior", "central_primary", "junior", "nine_year", "complete_primary", "teaching_point", found "中心小学"')(setp(["schools", 0, "kind"], "中心小学"))
case("school-area-unknown", 'schools[2].area: expected one of "urban", "town", "rural", found "village"')(setp(["schools", 2, "area"], "village"))
case("school-hardship-range", "schools[1].hardship: expected an integer 0..3, found 7")(setp(["schools", 1, "hardship"], 7))
case("school-hardship-type", 'schools[1].hardship: expected an integer 0..3, found "high"')(setp(["schools", 1, "hardship"], "high"))
case("school-lat-range", "schools[0].lat: expected a latitude -90..90, found 127.1")(setp(["schools", 0, "lat"], 127.1))
case("school-lon-range", "schools[0].lon: expected a longitude -180..180, found -214.2")(setp(["schools", 0, "lon"], -214.2))
case("school-students-negative", "schools[2].students: expected a number of students 0..100000, found -48")(setp(["schools", 2, "students"], -48))
case("school-missing-fields", ['schools[0]: missing required field "staff_quota"', 'schools[0]: missing required field "lat"'])(
    lambda d: (d["schools"][0].pop("staff_quota"), d["schools"][0].pop("lat"), d)[2])
case("school-not-object", 'schools[1]: expected an object describing a school, found "S2"')(setp(["schools", 1], "S2"))

# ---- classes ----------------------------------------------------------------------------
case("class-duplicate-id", 'schools[0].classes[1].id: expected a class id unique in its school, found "1" again (first at schools[0].classes[0])')(setp(["schools", 0, "classes", 1, "id"], "1"))
case("class-no-grades", "schools[1].classes[0].grades: expected at least one grade 1..9, found an empty array")(setp(["schools", 1, "classes", 0, "grades"], []))
case("class-grade-range", ["schools[0].classes[0].grades[0]: expected a grade 1..9, found 0", "schools[0].classes[1].grades[0]: expected a grade 1..9, found 10"])(
    lambda d: (setp(["schools", 0, "classes", 0, "grades"], [0])(d), setp(["schools", 0, "classes", 1, "grades"], [10])(d))[1])
case("class-too-big-primary", "schools[0].classes[0].students: expected at most 45 students (the legal size of a primary class), found 46")(setp(["schools", 0, "classes", 0, "students"], 46))
case("class-too-big-junior", "schools[2].classes[0].students: expected at most 50 students (the legal size of a junior class), found 51")(setp(["schools", 2, "classes", 0, "students"], 51))
case("class-students-negative", "schools[1].classes[0].students: expected a number of students (an integer 0 or more), found -1")(setp(["schools", 1, "classes", 0, "students"], -1))

# ---- bell -------------------------------------------------------------------------------
case("bell-end-before-start", "schools[1].bell[0].end: expected a time after the start 08:20, found \"08:00\"")(setp(["schools", 1, "bell", 0, "end"], "08:00"))
case("bell-overlap", "schools[1].bell[1].start: expected a time no earlier than the end of the period before (09:00; periods in order, not overlapping), found \"08:50\"")(setp(["schools", 1, "bell", 1, "start"], "08:50"))
case("bell-bad-time", 'schools[1].bell[0].start: expected a time of day "HH:MM", found "8点20"')(setp(["schools", 1, "bell", 0, "start"], "8点20"))

# ---- travel -----------------------------------------------------------------------------
case("travel-unknown-school", ['travel[0].to: expected the id of a school in schools[], found "S7"', 'travel[1].from: expected the id of a school in schools[], found "X1"'])(
    lambda d: (setp(["travel", 0, "to"], "S7")(d), setp(["travel", 1, "from"], "X1")(d))[1])
case("travel-same-school", 'travel[1].to: expected a school other than from, found "S1" (the same school)')(setp(["travel", 1, "to"], "S1"))
case("travel-negative-km", "travel[0].km: expected a distance in km 0..1000, found -12.5")(setp(["travel", 0, "km"], -12.5))
case("travel-absurd-km", "travel[0].km: expected a distance in km 0..1000, found 1200")(setp(["travel", 0, "km"], 1200))
case("travel-absurd-minutes", "travel[1].minutes: expected a travel time in minutes 0..1440, found 1500")(setp(["travel", 1, "minutes"], 1500))
case("travel-repeated-pair", "travel[2]: expected one row per pair of schools, found S2-S1 again (first at travel[0])")(
    lambda d: (d["travel"].append({"from": "S2", "to": "S1", "km": 12, "minutes": 29}), d)[1])

# ---- curriculum -------------------------------------------------------------------------
case("curriculum-unknown-subject", 'curriculum[1].subject: expected the id of a subject in subjects[], found "physics"')(setp(["curriculum", 1, "subject"], "physics"))
case("curriculum-repeated", "curriculum[4]: expected one row per grade and subject, found grade 1 math again (first at curriculum[1])")(
    lambda d: (d["curriculum"].append({"grade": 1, "subject": "math", "periods": 5}), d)[1])
case("curriculum-periods-range", "curriculum[0].periods: expected a number of periods a week 0..20, found 25")(setp(["curriculum", 0, "periods"], 25))
case("curriculum-grade-range", "curriculum[3].grade: expected a grade 1..9, found 12")(setp(["curriculum", 3, "grade"], 12))

# ---- teachers ---------------------------------------------------------------------------
case("teacher-duplicate-id", 'teachers[2].id: expected a unique teacher id, found "T1" again (first at teachers[0])')(setp(["teachers", 2, "id"], "T1"))
case("teacher-unknown-school", 'teachers[1].school: expected the id of a school in schools[], found "S999"')(setp(["teachers", 1, "school"], "S999"))
case("teacher-unknown-subject", 'teachers[1].subjects[1]: expected the id of a subject in subjects[], found "dance"')(setp(["teachers", 1, "subjects", 1], "dance"))
case("teacher-no-subjects", "teachers[0].subjects: expected at least one subject id (the main subject first), found an empty array")(setp(["teachers", 0, "subjects"], []))
case("teacher-missing-birth-year", 'teachers[2]: missing required field "birth_year"')(setp(["teachers", 2, "birth_year"], DELETE))
case("teacher-birth-year-absurd", "teachers[0].birth_year: expected a year of birth 1951..2010, found 1880")(setp(["teachers", 0, "birth_year"], 1880))
case("teacher-since-future", "teachers[0].school_since: expected a year no later than 2027, found 2030")(setp(["teachers", 0, "school_since"], 2030))
case("teacher-since-before-birth", "teachers[2].school_since: expected a year at least 16 years after birth_year 1990, found 1985")(setp(["teachers", 2, "school_since"], 1985))
case("teacher-post-since-future", "teachers[1].post_since: expected a year no later than 2027, found 2029")(setp(["teachers", 1, "post_since"], 2029))
case("teacher-exchange-before-since", "teachers[0].exchange_until: expected null or a year no earlier than school_since 2010, found 2008")(setp(["teachers", 0, "exchange_until"], 2008))
case("teacher-role-unknown", 'teachers[0].role: expected one of "teacher", "principal", "vice_principal", found "校长"')(setp(["teachers", 0, "role"], "校长"))
case("teacher-gender", 'teachers[0].gender: expected "M" or "F", found "female"')(setp(["teachers", 0, "gender"], "female"))
case("teacher-key-level", 'teachers[0].key: expected true, false or one of "school", "county", "city", "province", "national", found "district"')(setp(["teachers", 0, "key"], "district"))
case("teacher-degree-unknown", 'teachers[1].degree: expected a degree (secondary, college, bachelor, master, doctor or 中专, 大专, 本科, 硕士, 博士) or null, found "phd"')(setp(["teachers", 1, "degree"], "phd"))
case("teacher-exempt-type", "teachers[0].exempt: expected null or the reason (a non-empty string), found true")(setp(["teachers", 0, "exempt"], True))
case("teacher-preference-unknown", 'teachers[1].preferences[0]: expected the id of a school in schools[], found "S8"')(setp(["teachers", 1, "preferences"], ["S8"]))
case("teacher-max-periods", "teachers[1].max_periods: expected a number of periods a week 1..40, found 0")(setp(["teachers", 1, "max_periods"], 0))
case("teacher-duplicate-subject", 'teachers[1].subjects[1]: expected each id once, found "chinese" again')(setp(["teachers", 1, "subjects"], ["chinese", "chinese"]))
case("teacher-title-type", "teachers[1].title: expected a title (a non-empty string) or null, found 3")(setp(["teachers", 1, "title"], 3))


# ---- everyday constraints ----------------------------------------------------------------
def fixed(*rows):
    """Set fixed_lessons[] to rows of (school, class, subject, teacher, day, period)."""
    def fn(d):
        d["fixed_lessons"] = [dict(zip(["school", "class", "subject", "teacher", "day", "period"], r))
                              for r in rows]
        return d
    return fn


def decisions(*rows):
    def fn(d):
        d["decisions"] = list(rows)
        return d
    return fn


def both(*fns):
    def fn(d):
        for f in fns:
            d = f(d)
        return d
    return fn


case("class-unavailable-period", "schools[1].classes[0].unavailable[0].period: expected a period 1..2 (the school's bell), found 3")(
    setp(["schools", 1, "classes", 0, "unavailable"], [{"day": 1, "period": 3, "reason": "升旗"}]))
case("class-unavailable-day", "schools[0].classes[0].unavailable[0].day: expected a day 1..5 (Monday..Friday), found 6")(
    setp(["schools", 0, "classes", 0, "unavailable"], [{"day": 6, "period": 1}]))
case("class-unavailable-repeated", "schools[0].classes[1].unavailable[1]: expected each day and period once, found day 1 period 1 again")(
    setp(["schools", 0, "classes", 1, "unavailable"], [{"day": 1, "period": 1}, {"day": 1, "period": 1, "reason": "升旗"}]))
case("teacher-unavailable-end-before-start", 'teachers[0].unavailable[0].end: expected a time after the start 14:00, found "13:00"')(
    setp(["teachers", 0, "unavailable"], [{"day": 3, "start": "14:00", "end": "13:00"}]))
case("teacher-unavailable-bad-time", 'teachers[1].unavailable[0].start: expected a time of day "HH:MM", found "下午"')(
    setp(["teachers", 1, "unavailable"], [{"day": 3, "start": "下午", "end": "17:00"}]))
case("teacher-unavailable-not-array", 'teachers[1].unavailable: expected an array of times {"day": 3, "start": "14:00", "end": "17:00"}, found "周三下午"')(
    setp(["teachers", 1, "unavailable"], "周三下午"))
case("teacher-max-days", "teachers[0].max_days: expected a number of days a week 1..5, found 6")(setp(["teachers", 0, "max_days"], 6))
case("teacher-middle-leader-type", 'teachers[0].middle_leader: expected true or false, found "yes"')(setp(["teachers", 0, "middle_leader"], "yes"))
case("teacher-hardship-years", "teachers[2].hardship_years: expected a number of years 0..45, found 50")(setp(["teachers", 2, "hardship_years"], 50))
case("subject-rule-repeated", 'subject_rules[1].subject: expected one rule per subject, found "music" again (first at subject_rules[0])')(
    setp(["subject_rules"], [{"subject": "music", "not_first_period": True}, {"subject": "music", "before_period": 4}]))
case("subject-rule-unknown-subject", 'subject_rules[0].subject: expected the id of a subject in subjects[], found "体育"')(
    setp(["subject_rules"], [{"subject": "体育", "not_after_lunch": True}]))
case("subject-rule-before-period", "subject_rules[0].before_period: expected a period number 1..20, found 0")(
    setp(["subject_rules"], [{"subject": "math", "before_period": 0}]))
case("fixed-lesson-unqualified", 'fixed_lessons[0].teacher: expected a teacher qualified for "music", found "T1" (subjects: math)')(
    fixed(["S1", "1", "music", "T1", 2, 3]))
case("fixed-lesson-other-school", 'fixed_lessons[0].teacher: expected a teacher of school "S1" (math is not a shortage subject), found "T3" (at S3)')(
    fixed(["S1", "1", "math", "T3", 2, 3]))
case("fixed-lesson-other-cluster", 'fixed_lessons[0].teacher: expected a teacher of a school in the cluster of "S3" (itinerant music), found "T2" (at S1)')(
    fixed(["S3", "7-1", "music", "T2", 2, 3]))
case("fixed-lesson-unknown-class", 'fixed_lessons[0].class: expected the id of a class of school "S2", found "1"')(
    fixed(["S2", "1", "math", "T1", 2, 3]))
case("fixed-lesson-period-range", 'fixed_lessons[0].period: expected a period 1..2 (the bell of school "S2"), found 3')(
    fixed(["S2", "m", "music", "T2", 2, 3]))
case("fixed-lesson-class-clash", "fixed_lessons[1]: expected one fixed lesson per class and period, found class S1/1 on day 2 period 3 again (first at fixed_lessons[0])")(
    fixed(["S1", "1", "math", "T1", 2, 3], ["S1", "1", "chinese", "T2", 2, 3]))
case("fixed-lesson-teacher-clash", 'fixed_lessons[1]: expected one fixed lesson per teacher and period, found "T1" on day 2 period 3 again (first at fixed_lessons[0])')(
    fixed(["S1", "1", "math", "T1", 2, 3], ["S1", "2", "math", "T1", 2, 3]))
case("fixed-lesson-over-curriculum", "fixed_lessons[2]: expected at most 2 fixed lessons of music for class S1/1 (its weekly periods), found 3")(
    fixed(["S1", "1", "music", "T2", 1, 3], ["S1", "1", "music", "T2", 2, 3], ["S1", "1", "music", "T2", 3, 3]))
case("fixed-lesson-teacher-unavailable", 'fixed_lessons[0]: expected a time teacher "T1" is available, found day 3 period 5 (14:00-14:40), inside the unavailable time 14:00-17:00 数学教研')(
    both(setp(["teachers", 0, "unavailable"], [{"day": 3, "start": "14:00", "end": "17:00", "reason": "数学教研"}]),
         fixed(["S1", "1", "math", "T1", 3, 5])))
case("fixed-lesson-class-unavailable", "fixed_lessons[0]: expected a period class S1/1 is available, found day 1 period 1, which the class marks unavailable: 升旗")(
    both(setp(["schools", 0, "classes", 0, "unavailable"], [{"day": 1, "period": 1, "reason": "升旗"}]),
         fixed(["S1", "1", "math", "T1", 1, 1])))
case("decision-move-own-school", 'decisions[0].school: expected a school other than the teacher\'s own, found "S1" (where "T1" teaches now)')(
    decisions({"kind": "move", "teacher": "T1", "school": "S1"}))
case("decision-move-exempt", 'decisions[0].teacher: expected a teacher who is not exempt, found "T1" (exempt: 病休); the move decision conflicts with the exemption')(
    both(setp(["teachers", 0, "exempt"], "病休"), decisions({"kind": "move", "teacher": "T1", "school": "S3"})))
case("decision-together-exempt", 'decisions[0].teachers[1]: expected a teacher who is not exempt, found "T3" (exempt: 哺乳期); the together decision conflicts with the exemption')(
    both(setp(["teachers", 2, "exempt"], "哺乳期"), decisions({"kind": "together", "teachers": ["T1", "T3"]})))
case("decision-move-and-stay", 'decisions[1].teacher: expected either a move or a stay decision for "T1", found both (the move at decisions[0])')(
    decisions({"kind": "move", "teacher": "T1", "school": "S3"}, {"kind": "stay", "teacher": "T1", "reason": "病休"}))
case("decision-twice", 'decisions[1].teacher: expected one move decision per teacher, found "T1" again (first at decisions[0])')(
    decisions({"kind": "move", "teacher": "T1", "school": "S3"}, {"kind": "move", "teacher": "T1", "school": "S2"}))
case("decision-stay-no-reason", 'decisions[0]: missing required field "reason"')(
    decisions({"kind": "stay", "teacher": "T1"}))
case("decision-kind-unknown", 'decisions[0].kind: expected one of "move", "stay", "receive_key", "together", found "调动"')(
    decisions({"kind": "调动", "teacher": "T1", "school": "S3"}))
case("decision-unknown-teacher", 'decisions[0].teacher: expected the id of a teacher in teachers[], found "T9"')(
    decisions({"kind": "move", "teacher": "T9", "school": "S3"}))
case("decision-together-one", "decisions[0].teachers: expected an array of two teacher ids, found 1")(
    decisions({"kind": "together", "teachers": ["T1"]}))
case("decision-field-of-other-kind", 'decisions[0].teacher: expected no "teacher" in a receive_key decision, found "T1"')(
    decisions({"kind": "receive_key", "school": "S2", "subject": "music", "teacher": "T1"}))

# ---- several problems at once: all are reported ------------------------------------------
# ---- the county programmes' keys (rotas researchers, rotas shuttles) ------------------------
case("researcher-subject-unknown",
     'researchers[0].subjects[0]: expected the id of a subject in subjects[], found "klingon"')(
    setp(["researchers"], [{"id": "R1", "level": "county", "subjects": ["klingon"], "base": "S1"}]))
case("researcher-level-unknown",
     'researchers[0].level: expected one of "city", "county", found "province"')(
    setp(["researchers"], [{"id": "R1", "level": "province", "subjects": ["math"], "base": "S1"}]))
case("term-end-before-start",
     'term.end: expected a date on or after the start 2027-09-01, found "2027-08-01"')(
    setp(["term"], {"start": "2027-09-01", "end": "2027-08-01"}))
case("holiday-bad-date", 'holidays[0]: expected a date "YYYY-MM-DD", found "2027-13-01"')(
    setp(["holidays"], ["2027-13-01"]))
case("vehicle-seats", "vehicles[0].seats: expected the passenger seats, 1..80, found 0")(
    setp(["vehicles"], [{"id": "V1", "seats": 0, "depot": "S1"}]))
case("teacher-home-unknown",
     'teachers[0].home: expected the id of a pick-up point in pickup_points[] or {"lat", "lon"}, found "P9"')(
    setp(["teachers", 0, "home"], "P9"))

case("many-problems", ["schools[1].hardship: expected an integer 0..3, found 9",
                       'teachers[0].school: expected the id of a school in schools[], found "S0"',
                       "travel[0].km: expected a distance in km 0..1000, found -1",
                       "3 errors"])(
    lambda d: (setp(["schools", 1, "hardship"], 9)(d), setp(["teachers", 0, "school"], "S0")(d),
               setp(["travel", 0, "km"], -1)(d))[2])


def main():
    for f in os.listdir(HERE):
        if f.endswith(".json") or f.endswith(".expected"):
            os.remove(os.path.join(HERE, f))
    for name, (fn, expected) in sorted(CASES.items()):
        out = fn(copy.deepcopy(BASE))
        path = os.path.join(HERE, name + ".json")
        if isinstance(out, bytes):
            open(path, "wb").write(out)
        elif isinstance(out, str):
            open(path, "w", encoding="utf-8").write(out)
        else:
            with open(path, "w", encoding="utf-8") as f:
                json.dump(out, f, ensure_ascii=False, indent=1)
                f.write("\n")
        with open(os.path.join(HERE, name + ".expected"), "w", encoding="utf-8") as f:
            f.write("\n".join(expected) + "\n")
    print(len(CASES), "cases")


if __name__ == "__main__":
    main()
