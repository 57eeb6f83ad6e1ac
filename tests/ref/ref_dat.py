#!/usr/bin/env python3
"""ref_dat.py - the data section of tests/ref/reference.mod for a county and a plan year.

    ref_dat.py county.json YEAR [--policy policy.json] [-o county.dat]

Computed from the county file and the rules of README.md ("Rotation plan"), with the policy
defaults written out below (the values of src/policy.c), overridden by the policy file's keys.
It reads the county JSON itself and shares nothing with the C code.
"""
import argparse
import json
import math
import sys

# rotas_policy defaults (src/policy.c): only the keys the rotation plan uses
DEFAULTS = {
    "teacher_tenure_years": 6,
    "leader_tenure_years": 10,
    "min_rotation_share": 0.10,
    "min_key_share": 0.20,
    "key_share_base": "moved",
    "max_out_share": 0.20,
    "max_km": None,
    "default_max_periods": 16,
    "retirement_age_men": 60,
    "retirement_age_women": 55,
    "exempt_years_before_retirement": 0,
    "w_unfilled": 1000.0,
    "w_rural": 0.5,
    "w_hardship": 0.25,
    "w_balance": 20.0,
    "w_km": 0.2,
    "w_preference": 5.0,
    "w_group": 5.0,
    "w_move": 10.0,
}

KEY_LEVELS = ["none", "school", "county", "city", "province", "national"]
LEADERS = ("principal", "vice_principal")


def policy_of(path_or_dict):
    p = dict(DEFAULTS)
    if path_or_dict is None:
        return p
    src = path_or_dict
    if isinstance(src, str):
        with open(src, encoding="utf-8") as f:
            src = json.load(f)
    for k, v in src.items():
        if k in p:
            p[k] = v
    if p["max_km"] is not None and p["max_km"] < 0:
        p["max_km"] = None
    return p


def is_key(t):
    """County level or above: true, or a level from county up."""
    k = t.get("key", False)
    if isinstance(k, bool):
        return k
    if isinstance(k, str) and k in KEY_LEVELS:
        return KEY_LEVELS.index(k) >= KEY_LEVELS.index("county")
    return False


def haversine_km(lat1, lon1, lat2, lon2):
    r, rad = 6371.0, math.pi / 180.0
    dlat, dlon = (lat2 - lat1) * rad, (lon2 - lon1) * rad
    a = (math.sin(dlat / 2) ** 2 +
         math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin(dlon / 2) ** 2)
    return 2 * r * math.atan2(math.sqrt(a), math.sqrt(1 - a))


def km_table(county):
    """km between every pair: the travel table either way, else straight line x 1.3."""
    sch = {s["id"]: s for s in county["schools"]}
    km = {}
    for tr in county.get("travel", []):
        a, b = tr["from"], tr["to"]
        if a in sch and b in sch:
            km[(a, b)] = km[(b, a)] = float(tr["km"])
    for a in sch:
        for b in sch:
            if a != b and (a, b) not in km:
                sa, sb = sch[a], sch[b]
                km[(a, b)] = 1.3 * haversine_km(sa["lat"], sa["lon"], sb["lat"], sb["lon"])
    return km


def analyse(county, year, policy=None):
    """Everything the model needs, as plain Python values."""
    p = policy_of(policy)
    Y = int(year)
    schools = county["schools"]
    sids = [s["id"] for s in schools]
    sch = {s["id"]: s for s in schools}
    subjects = [j["id"] for j in county["subjects"]]
    shortage = {j["id"]: bool(j.get("shortage")) for j in county["subjects"]}
    teachers = county["teachers"]

    # curriculum periods per (grade, subject)
    periods = {}
    for r in county.get("curriculum", []):
        periods[(int(r["grade"]), r["subject"])] = int(r["periods"])

    # demand: per class and subject, the largest of its grades' periods, once
    D = {(s, j): 0 for s in sids for j in subjects}
    for s in schools:
        for cl in s.get("classes", []):
            for j in subjects:
                D[(s["id"], j)] += max([periods.get((int(g), j), 0) for g in cl["grades"]] + [0])

    # teachers: frozen, eligible, must
    frozen, eligible, must = set(), [], set()
    for t in teachers:
        tid = t["id"]
        exch = t.get("exchange_until") or 0
        by = t.get("birth_year") or 0
        retire = p["retirement_age_women"] if t.get("gender") == "F" else p["retirement_age_men"]
        yb = p["exempt_years_before_retirement"]
        if (t.get("exempt") is not None or (exch and exch >= Y) or
                (yb > 0 and by > 0 and Y - by >= retire - yb)):
            frozen.add(tid)
            continue
        school_since = t["school_since"]
        post_since = t.get("post_since", school_since)
        if post_since is None:
            post_since = school_since
        lead = t.get("role") in LEADERS
        due = lead and Y - post_since >= p["leader_tenure_years"]
        if Y - school_since >= p["teacher_tenure_years"] or due:
            eligible.append(tid)
            if due:
                must.add(tid)

    staff0 = {s: 0 for s in sids}
    K0 = {s: 0 for s in sids}
    for t in teachers:
        staff0[t["school"]] += 1
        if is_key(t):
            K0[t["school"]] += 1
    staffmax = {s: max(staff0[s], int(sch[s].get("staff_quota", 0))) for s in sids}
    outcap = {s: max(1, int(math.floor(p["max_out_share"] * staff0[s] + 1e-9))) for s in sids}
    tmap = {t["id"]: t for t in teachers}
    must_at = {s: 0 for s in sids}
    for tid in must:
        must_at[tmap[tid]["school"]] += 1
    out_raised = 0
    for s in sids:
        if must_at[s] > outcap[s]:
            out_raised += must_at[s] - outcap[s]
            outcap[s] = must_at[s]

    students = {s: int(sch[s].get("students", 0)) for s in sids}
    tot_students = sum(students[s] for s in sids if students[s] > 0)
    tot_key = sum(K0[s] for s in sids if students[s] > 0)
    rate = 100.0 * tot_key / tot_students if tot_students > 0 else 0.0
    target = {s: rate * students[s] / 100.0 for s in sids}

    fac = {s: 1.0 + p["w_rural"] * (1.0 if sch[s]["area"] == "rural" else 0.0) +
           p["w_hardship"] * float(sch[s].get("hardship", 0)) for s in sids}

    near = set()
    for a in sids:
        for s in sids:
            ca, cs = sch[a].get("cluster"), sch[s].get("cluster")
            if a == s or (ca is not None and ca == cs):
                near.add((a, s))

    km = km_table(county)
    arcs = {}
    for tid in eligible:
        t = tmap[tid]
        a = t["school"]
        prefs = t.get("preferences") or []
        for d in sids:
            if d == a:
                continue
            if p["max_km"] is not None and km[(a, d)] > p["max_km"] + 1e-9:
                continue
            c = p["w_km"] * km[(a, d)] + p["w_move"]
            if prefs:
                rank = prefs.index(d) + 1 if d in prefs else 0
                c += p["w_preference"] * ((rank - 1) if rank else (len(prefs) + 1))
            ga, gd = sch[a].get("group"), sch[d].get("group")
            if ga is not None and ga == gd:
                c -= p["w_group"]
            arcs[(tid, d)] = c

    n_elig = len(eligible)
    return {
        "policy": p, "year": Y, "schools": sids, "subjects": subjects, "shortage": shortage,
        "teachers": teachers, "tmap": tmap, "eligible": eligible, "must": must,
        "frozen": frozen, "D": D, "fac": fac, "near": near, "staff0": staff0,
        "staffmax": staffmax, "outcap": outcap, "out_raised": out_raised,
        "students": students, "target": target, "arcs": arcs,
        "quota_min": max(0, int(math.ceil(p["min_rotation_share"] * n_elig - 1e-9))),
        "key_need": max(0, int(math.ceil(p["min_key_share"] * n_elig - 1e-9))),
        "demand_total": sum(D.values()),
    }


def q(s):
    return "'" + str(s).replace("'", "''") + "'"


def num(v):
    return repr(float(v)) if isinstance(v, float) else str(v)


def dat_text(m):
    p = m["policy"]
    out = []
    w = out.append
    w("data;")
    w("set S := %s;" % " ".join(q(s) for s in m["schools"]))
    w("set J := %s;" % " ".join(q(j) for j in m["subjects"]))
    w("set T := %s;" % " ".join(q(t["id"]) for t in m["teachers"]))
    w("set E := %s;" % " ".join(q(t) for t in m["eligible"]))
    w("param home := %s;" % " ".join("%s %s" % (q(t["id"]), q(t["school"]))
                                     for t in m["teachers"]))
    roles = {"teacher": 0, "principal": 1, "vice_principal": 2}
    w("param role := %s;" % " ".join("%s %d" % (q(t["id"]), roles.get(t.get("role"), 0))
                                     for t in m["teachers"]))
    w("param key := %s;" % " ".join("%s %d" % (q(t["id"]), 1 if is_key(t) else 0)
                                    for t in m["teachers"]))
    w("param must := %s;" % " ".join("%s %d" % (q(t), 1 if t in m["must"] else 0)
                                     for t in m["eligible"]))
    caps = []
    for t in m["teachers"]:
        mp = t.get("max_periods") or 0
        caps.append("%s %s" % (q(t["id"]), num(mp if mp > 0 else p["default_max_periods"])))
    w("param cap := %s;" % " ".join(caps))
    subj = set(m["subjects"])
    w("set TJ := %s;" % " ".join("(%s,%s)" % (q(t["id"]), q(j)) for t in m["teachers"]
                                 for j in dict.fromkeys(t.get("subjects", [])) if j in subj))
    w("param shortage := %s;" % " ".join("%s %d" % (q(j), 1 if m["shortage"][j] else 0)
                                         for j in m["subjects"]))
    w("set NEAR := %s;" % " ".join("(%s,%s)" % (q(a), q(s)) for a, s in sorted(m["near"])))
    w("param D := %s;" % " ".join("%s %s %d" % (q(s), q(j), v)
                                  for (s, j), v in sorted(m["D"].items()) if v))
    for name, key in (("fac", "fac"), ("target", "target"), ("staff0", "staff0"),
                      ("staffmax", "staffmax"), ("outcap", "outcap")):
        w("param %s := %s;" % (name, " ".join("%s %s" % (q(s), num(m[key][s]))
                                              for s in m["schools"])))
    w("param has_students := %s;" % " ".join("%s %d" % (q(s), 1 if m["students"][s] > 0 else 0)
                                             for s in m["schools"]))
    w("param quota_min := %d;" % m["quota_min"])
    w("param key_base_eligible := %d;" % (1 if p["key_share_base"] == "eligible" else 0))
    w("param min_key_share := %s;" % num(float(p["min_key_share"])))
    w("param key_need := %d;" % m["key_need"])
    w("param w_unfilled := %s;" % num(float(p["w_unfilled"])))
    w("param w_balance := %s;" % num(float(p["w_balance"])))
    w("set A := %s;" % " ".join("(%s,%s)" % (q(t), q(d)) for (t, d) in m["arcs"]))
    w("param cost := %s;" % " ".join("%s %s %s" % (q(t), q(d), num(float(c)))
                                     for (t, d), c in m["arcs"].items()))
    w("end;")
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("county")
    ap.add_argument("year", type=int)
    ap.add_argument("--policy")
    ap.add_argument("-o", "--output")
    a = ap.parse_args(argv)
    with open(a.county, encoding="utf-8") as f:
        county = json.load(f)
    text = dat_text(analyse(county, a.year, a.policy))
    if a.output:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
