"""Write a plausible rotas-plan/1 for a county, for rendering tests only (not a planner).

usage: make_plan.py COUNTY.json PLAN.json [SHARE]
Moves SHARE (default 0.12) of the teachers with 6+ years at an urban or town school to rural
schools, nearest first, so the report has a realistic number of arrows and school sheets.
"""
import json
import math
import sys


def km(a, b):
    r = 6371.0
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 1.3 * 2 * r * math.asin(math.sqrt(h))


def ind(cv):
    row = {k: {"mean": m, "cv": v} for (k, m), v in zip((("degree", 4.6), ("key", 1.1), ("pe_arts", 0.9)), cv)}
    row.update({"n_schools": 1, "students": 100})
    return row


def main():
    src, dst = sys.argv[1], sys.argv[2]
    share = float(sys.argv[3]) if len(sys.argv) > 3 else 0.12
    with open(src, encoding="utf-8") as f:
        c = json.load(f)
    year = (c.get("year") or 2026) + 1
    schools = {s["id"]: s for s in c["schools"]}
    shortage = {s["id"] for s in c["subjects"] if s.get("shortage")}
    rural = [s for s in c["schools"] if s["area"] == "rural"]
    eligible = [t for t in c["teachers"]
                if schools[t["school"]]["area"] in ("urban", "town") and not t.get("exempt")
                and t.get("school_since", year) <= year - 6 and not t.get("exchange_until")]
    n = max(1, int(len(eligible) * share))
    moves, load = [], {s["id"]: 0 for s in rural}
    for t in eligible[:n]:
        here = schools[t["school"]]
        dest = min(rural, key=lambda s: (load[s["id"]], km(here, s)))
        load[dest["id"]] += 1
        reasons = ["tenure"]
        if t["role"] != "teacher" and t.get("post_since", year) <= year - 10:
            reasons.insert(0, "leader_tenure")
        if t["subjects"][0] in shortage:
            reasons.append("shortage:" + t["subjects"][0])
        if t.get("key") not in (False, None, "school"):
            reasons.append("key_share")
        moves.append({"teacher": t["id"], "from": here["id"], "to": dest["id"], "reasons": reasons,
                      "km": round(km(here, dest), 1), "until": year + 2})
    plan = {
        "format": "rotas-plan/1", "year": year, "status": "feasible", "objective": 5120.5,
        "bound": 4980.0, "gap": 0.0274, "seconds": 12.3, "moves": moves,
        "unfilled": [{"school": s["id"], "subject": "music", "periods": 2} for s in rural[:5]],
        "indicators": {
            "before": {"primary": ind((0.38, 0.71, 0.55)), "junior": ind((0.30, 0.66, 0.49)),
                       "county": ind((0.36, 0.69, 0.53))},
            "after": {"primary": ind((0.35, 0.47, 0.51)), "junior": ind((0.29, 0.48, 0.44)),
                      "county": ind((0.33, 0.47, 0.49))}},
        "relaxed": [],
        "summary": {"eligible": len(eligible), "must": 0, "frozen": 0, "moved": len(moves),
                    "key_moved": sum("key_share" in m["reasons"] for m in moves),
                    "unfilled_before": 120, "unfilled_after": 10,
                    "km_total": round(sum(m["km"] for m in moves), 1)}}
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(plan, f, ensure_ascii=False, indent=1)


main()
