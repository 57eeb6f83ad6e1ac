#!/usr/bin/env python3
"""Read FET's placement back as a rotas timetable, so `rotas check` can judge it by our rules
and the objective can be compared with rotas's.

    fet_result.py COUNTY.json TIMETABLE.json FET_ACTIVITIES.xml OUT.json

TIMETABLE.json is the rotas timetable the .fet was exported from (activity i = its lesson i).
Prints one line: placed/total activities, school changes, km, objective (rotas weights).
Activities FET did not place become unscheduled lessons.
"""
import json
import math
import sys
import xml.etree.ElementTree as ET


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


DEFAULT_BELL = [(480, 520), (530, 570), (600, 640), (650, 690), (840, 880), (890, 930), (940, 980)]


def main():
    county_path, tt_path, xml_path, out_path = sys.argv[1:5]
    county = json.load(open(county_path, encoding="utf-8"))
    tt = json.load(open(tt_path, encoding="utf-8"))
    pol = tt.get("policy", {})
    schools = {s["id"]: s for s in county["schools"]}
    bells = {sid: ([(hm(p["start"]), hm(p["end"])) for p in s["bell"]] if s.get("bell") else DEFAULT_BELL)
             for sid, s in schools.items()}
    km, mins = {}, {}
    for t in county.get("travel", []):
        km[(t["from"], t["to"])] = km[(t["to"], t["from"])] = float(t["km"])
        mins[(t["from"], t["to"])] = mins[(t["to"], t["from"])] = float(t["minutes"])

    def fallback(a, b):
        # the county model's rule for a missing pair: straight line x 1.3, at 30 km/h
        sa, sb = schools[a], schools[b]
        la1, lo1, la2, lo2 = map(math.radians, (sa["lat"], sa["lon"], sb["lat"], sb["lon"]))
        h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
        d = 2 * 6371.0 * math.atan2(math.sqrt(h), math.sqrt(1 - h)) * 1.3
        return d, d / 30.0 * 60.0

    def leg(a, b):
        if (a, b) in km:
            return km[(a, b)], mins[(a, b)]
        return fallback(a, b)

    placed = {}
    try:
        root = ET.parse(xml_path).getroot()
        for a in root.iter("Activity"):
            i = int(a.find("Id").text)
            d, h = a.find("Day").text, a.find("Hour").text
            if d and h:
                placed[i] = (int(d[1:]), int(h[1:]))
    except (OSError, ET.ParseError):
        pass
    lessons, unsched = [], {}
    for i, l in enumerate(tt["lessons"], 1):
        if i in placed:
            m = dict(l)
            m["day"], m["period"] = placed[i]
            lessons.append(m)
        else:
            key = (l["school"], l["class"], l["subject"])
            unsched[key] = unsched.get(key, 0) + 1
    un = [dict(u) for u in tt["unscheduled"]]
    for (s, k, subj), n in unsched.items():
        for u in un:
            if (u["school"], u["class"], u["subject"]) == (s, k, subj):
                u["periods"] += n
                break
        else:
            un.append({"school": s, "class": k, "subject": subj, "periods": n})
    # routes by clock time
    byday = {}
    for l in lessons:
        start = bells[l["school"]][l["period"] - 1][0]
        byday.setdefault((l["teacher"], l["day"]), []).append((start, l["school"]))
    routes, changes, total_km = [], 0, 0.0
    serve = {}
    for l in lessons:
        serve.setdefault(l["teacher"], set()).add(l["school"])
    for (t, d), v in sorted(byday.items()):
        v.sort()
        order = []
        for _, s in v:
            if not order or order[-1] != s:
                order.append(s)
        if len(order) < 2:
            continue
        rk = sum(leg(a, b)[0] for a, b in zip(order, order[1:]))
        rm = sum(leg(a, b)[1] for a, b in zip(order, order[1:]))
        routes.append({"teacher": t, "day": d, "schools": order, "km": rk, "minutes": rm})
        changes += len(order) - 1
        total_km += rk
    afternoon = sum(1 for l in lessons if l["subject"] in ("chinese", "math")
                    and bells[l["school"]][l["period"] - 1][0] >= 12 * 60)
    extra = sum(len(s) - 1 for s in serve.values())
    n_un = sum(u["periods"] for u in un)
    obj = (pol.get("w_tt_unscheduled", 1000) * n_un + pol.get("w_tt_change", 20) * changes
           + pol.get("w_tt_km", 1) * total_km + pol.get("w_tt_school", 30) * extra
           + pol.get("w_tt_morning", 1) * afternoon)
    out = dict(tt)
    out.update({"lessons": lessons, "unscheduled": un, "routes": routes, "school_changes": changes,
                "km": total_km, "objective": obj, "status": "feasible"})
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
    print(f"placed {len(placed)}/{len(tt['lessons'])} changes {changes} km {total_km:.1f} "
          f"objective {obj:.2f}")


if __name__ == "__main__":
    main()
