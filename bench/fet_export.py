#!/usr/bin/env python3
"""Export one cluster timetable problem to FET (.fet) for the benchmark comparison.

    fet_export.py COUNTY.json TIMETABLE.json OUT.fet

The teachers rotas chose are kept (FET gets the placement problem only, the same one rotas's
placement stage solves): one activity per lesson rotas placed. How our rules are said in FET:
  - buildings = schools, one room per class in its school's building, every activity pinned to
    its class's room (FET ignores building rules for activities without a room);
  - one time grid for the cluster: 5 days x the longest bell; a class whose school rings fewer
    periods is not available in the extra hours (FET has no per-building bells);
  - travel: TeacherMaxBuildingChangesPerDay = max_schools_per_day - 1 and
    TeacherMinGapsBetweenBuildingChanges = the hours needed to cover the longest road the
    teacher drives between two of its schools, counted on the default bell (FET's gaps are
    whole hours, not minutes; with different bells this is an approximation);
  - a subject of <= 5 weekly periods at most once a day: MinDaysBetweenActivities = 1;
  - teacher max_periods holds by construction (the assignment is fixed).
"""
import json
import math
import sys
from xml.sax.saxutils import escape


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


DEFAULT_BELL = [(480, 520), (530, 570), (600, 640), (650, 690), (840, 880), (890, 930), (940, 980)]


def main():
    county_path, tt_path, out_path = sys.argv[1:4]
    county = json.load(open(county_path, encoding="utf-8"))
    tt = json.load(open(tt_path, encoding="utf-8"))
    cl = tt["cluster"]
    policy = tt.get("policy", {})
    max_schools = int(policy.get("max_schools_per_day", 2))
    schools = {s["id"]: s for s in county["schools"] if s.get("cluster") == cl}
    bells = {}
    for sid, s in schools.items():
        if s.get("bell"):
            bells[sid] = [(hm(p["start"]), hm(p["end"])) for p in s["bell"]]
        else:
            bells[sid] = DEFAULT_BELL
    hours = max(len(b) for b in bells.values())
    minutes = {}
    for t in county.get("travel", []):
        minutes[(t["from"], t["to"])] = minutes[(t["to"], t["from"])] = float(t["minutes"])

    def travel(a, b):
        if a == b:
            return 0.0
        if (a, b) in minutes:
            return minutes[(a, b)]
        # the county model's fallback: straight line x 1.3 at 30 km/h
        sa, sb = schools[a], schools[b]
        r = 6371.0
        la1, lo1, la2, lo2 = map(math.radians, (sa["lat"], sa["lon"], sb["lat"], sb["lon"]))
        h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
        km = 2 * r * math.atan2(math.sqrt(h), math.sqrt(1 - h)) * 1.3
        return km / 30.0 * 60.0

    def gaps_needed(a, b):
        # fewest whole free hours g so that period h at a and h + g + 1 at b never clash
        for g in range(hours):
            ok = True
            for x, y in ((a, b), (b, a)):
                bx, by = bells[x], bells[y]
                for h in range(len(bx)):
                    k = h + g + 1
                    if k < len(by) and by[k][0] - bx[h][1] < travel(x, y):
                        ok = False
            if ok:
                return g
        return hours

    lessons = tt["lessons"]
    periods = {}  # (school, class, subject) -> weekly periods required
    grades = {}
    for c in county["curriculum"]:
        grades[(c["grade"], c["subject"])] = c["periods"]
    for sid, s in schools.items():
        for k in s["classes"]:
            for subj in {c["subject"] for c in county["curriculum"]}:
                p = max([grades.get((g, subj), 0) for g in k["grades"]] or [0])
                periods[(sid, k["id"], subj)] = p

    teachers = sorted({l["teacher"] for l in lessons})
    subjects = sorted({l["subject"] for l in lessons})
    tschools = {}
    for l in lessons:
        tschools.setdefault(l["teacher"], set()).add(l["school"])

    def cname(sid, kid):
        return f"{sid}.{kid}"

    out = []
    w = out.append
    w('<?xml version="1.0" encoding="UTF-8"?>\n<fet version="6.8.5">\n')
    w(f"<Mode>Official</Mode>\n<Institution_Name>{escape(cl)}</Institution_Name>\n<Comments>rotas cluster {escape(cl)}</Comments>\n")
    w("<Days_List>\n<Number_of_Days>5</Number_of_Days>\n")
    for d in range(1, 6):
        w(f"<Day>\n\t<Name>d{d}</Name>\n</Day>\n")
    w("</Days_List>\n<Hours_List>\n")
    w(f"<Number_of_Hours>{hours}</Number_of_Hours>\n")
    for h in range(1, hours + 1):
        w(f"<Hour>\n\t<Name>h{h}</Name>\n</Hour>\n")
    w("</Hours_List>\n<Subjects_List>\n")
    for s in subjects:
        w(f"<Subject>\n\t<Name>{escape(s)}</Name>\n\t<Comments></Comments>\n</Subject>\n")
    w("</Subjects_List>\n<Activity_Tags_List>\n</Activity_Tags_List>\n<Teachers_List>\n")
    for t in teachers:
        w(f"<Teacher>\n\t<Name>{escape(t)}</Name>\n\t<Target_Number_of_Hours>0</Target_Number_of_Hours>\n"
          "\t<Qualified_Subjects>\n\t</Qualified_Subjects>\n\t<Comments></Comments>\n</Teacher>\n")
    w("</Teachers_List>\n<Students_List>\n")
    for sid in sorted(schools):
        for k in schools[sid]["classes"]:
            w(f"<Year>\n\t<Name>{escape(cname(sid, k['id']))}</Name>\n\t<Number_of_Students>0</Number_of_Students>\n"
              "\t<Comments></Comments>\n\t<Number_of_Categories>0</Number_of_Categories>\n"
              "\t<Separator> </Separator>\n</Year>\n")
    w("</Students_List>\n<Activities_List>\n")
    groups = {}  # (school, class, subject) -> activity ids
    for i, l in enumerate(lessons, 1):
        w(f"<Activity>\n\t<Teacher>{escape(l['teacher'])}</Teacher>\n\t<Subject>{escape(l['subject'])}</Subject>\n"
          f"\t<Students>{escape(cname(l['school'], l['class']))}</Students>\n\t<Duration>1</Duration>\n"
          f"\t<Total_Duration>1</Total_Duration>\n\t<Id>{i}</Id>\n\t<Activity_Group_Id>0</Activity_Group_Id>\n"
          "\t<Active>true</Active>\n\t<Comments></Comments>\n</Activity>\n")
        groups.setdefault((l["school"], l["class"], l["subject"]), []).append(i)
    w("</Activities_List>\n<Buildings_List>\n")
    for sid in sorted(schools):
        w(f"<Building>\n\t<Name>{escape(sid)}</Name>\n\t<Comments></Comments>\n</Building>\n")
    w("</Buildings_List>\n<Rooms_List>\n")
    for sid in sorted(schools):
        for k in schools[sid]["classes"]:
            w(f"<Room>\n\t<Name>{escape(cname(sid, k['id']))}</Name>\n\t<Building>{escape(sid)}</Building>\n"
              "\t<Capacity>30000</Capacity>\n\t<Virtual>false</Virtual>\n\t<Comments></Comments>\n</Room>\n")
    w("</Rooms_List>\n<Time_Constraints_List>\n")
    w("<ConstraintBasicCompulsoryTime>\n\t<Weight_Percentage>100</Weight_Percentage>\n\t<Active>true</Active>\n"
      "\t<Comments></Comments>\n</ConstraintBasicCompulsoryTime>\n")
    for sid in sorted(schools):
        np_ = len(bells[sid])
        if np_ >= hours:
            continue
        for k in schools[sid]["classes"]:
            slots = [(d, h) for d in range(1, 6) for h in range(np_ + 1, hours + 1)]
            w(f"<ConstraintStudentsSetNotAvailableTimes>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
              f"\t<Students>{escape(cname(sid, k['id']))}</Students>\n\t<Number_of_Not_Available_Times>{len(slots)}</Number_of_Not_Available_Times>\n")
            for d, h in slots:
                w(f"\t<Not_Available_Time>\n\t\t<Day>d{d}</Day>\n\t\t<Hour>h{h}</Hour>\n\t</Not_Available_Time>\n")
            w("\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintStudentsSetNotAvailableTimes>\n")
    for key, ids in sorted(groups.items()):
        if len(ids) < 2 or periods.get(key, 99) > 5:
            continue
        w("<ConstraintMinDaysBetweenActivities>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
          "\t<Consecutive_If_Same_Day>false</Consecutive_If_Same_Day>\n"
          f"\t<Number_of_Activities>{len(ids)}</Number_of_Activities>\n")
        for i in ids:
            w(f"\t<Activity_Id>{i}</Activity_Id>\n")
        w("\t<MinDays>1</MinDays>\n\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintMinDaysBetweenActivities>\n")
    w("</Time_Constraints_List>\n<Space_Constraints_List>\n")
    w("<ConstraintBasicCompulsorySpace>\n\t<Weight_Percentage>100</Weight_Percentage>\n\t<Active>true</Active>\n"
      "\t<Comments></Comments>\n</ConstraintBasicCompulsorySpace>\n")
    for i, l in enumerate(lessons, 1):
        w(f"<ConstraintActivityPreferredRoom>\n\t<Weight_Percentage>100</Weight_Percentage>\n\t<Activity_Id>{i}</Activity_Id>\n"
          f"\t<Room>{escape(cname(l['school'], l['class']))}</Room>\n\t<Permanently_Locked>true</Permanently_Locked>\n"
          "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintActivityPreferredRoom>\n")
    for t in teachers:
        ss = sorted(tschools[t])
        if len(ss) < 2:
            continue
        w(f"<ConstraintTeacherMaxBuildingChangesPerDay>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
          f"\t<Teacher>{escape(t)}</Teacher>\n\t<Max_Building_Changes_Per_Day>{max(0, max_schools - 1)}</Max_Building_Changes_Per_Day>\n"
          "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintTeacherMaxBuildingChangesPerDay>\n")
        g = max(gaps_needed(a, b) for a in ss for b in ss if a < b)
        if g > 0:
            w(f"<ConstraintTeacherMinGapsBetweenBuildingChanges>\n\t<Weight_Percentage>100</Weight_Percentage>\n"
              f"\t<Teacher>{escape(t)}</Teacher>\n\t<Min_Gaps_Between_Building_Changes>{g}</Min_Gaps_Between_Building_Changes>\n"
              "\t<Active>true</Active>\n\t<Comments></Comments>\n</ConstraintTeacherMinGapsBetweenBuildingChanges>\n")
    w("</Space_Constraints_List>\n</fet>\n")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("".join(out))
    print(f"{out_path}: {len(lessons)} activities, {len(teachers)} teachers, "
          f"{sum(len(s['classes']) for s in schools.values())} classes, {len(schools)} buildings, {hours} hours")


if __name__ == "__main__":
    main()
