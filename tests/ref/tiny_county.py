#!/usr/bin/env python3
"""tiny_county.py - tiny random counties (rotas-county/1) and policies for the reference test.

    tiny_county.py SEED [-o county.json] [--policy-out policy.json]

Prints the plan year on stdout. Everything is decided by the seed (random.Random(seed)), so a
seed always gives the same county. The structure varies by seed: 3-6 schools in 1-2 clusters
(sometimes a school without a cluster), urban/town/rural areas, hardship 0-3, single- and
multi-grade classes, a small curriculum over five subjects of which two are shortage subjects,
10-40 teachers with 1-3 subjects, tenure such that some are eligible, key teachers at several
levels, a principal and a vice-principal per school (a one-teacher school has its principal
only) with varied post tenure (sometimes all of them due at once), exempt teachers, teachers
on a current exchange, preferences, schools over their staff quota, max_periods, a travel
entry for every pair (so no distance is estimated), sometimes an education group.

The policy varies too (key_share_base, shares, max_km, exempt_years_before_retirement, some
weights); it always asks for an exact solve (mip_gap 0, generous time limit) and sets the
priority-score weights to 0: the planner's fairness stage swaps destinations only between
teachers of different priority, and such swaps may cost km or preference points on purpose,
which would make its objective differ from the optimum this test compares against.
"""
import argparse
import json
import random
import sys

YEAR = 2027  # plan year; the county's reference year is YEAR - 1

SUBJECTS = [
    ("chinese", "语文", False),
    ("math", "数学", False),
    ("science", "科学", False),
    ("english", "英语", True),
    ("music", "音乐", True),
]
JUNIOR_EXTRA = ("physics", "物理", False)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def curriculum(rng, junior):
    """Weekly periods per grade and subject: a base table with a little noise per seed."""
    rows = []
    for g in range(1, 10):
        prim = g <= 6
        base = {
            "chinese": (8 if g <= 2 else 6 if g <= 6 else 5),
            "math": (4 if g <= 4 else 5),
            "science": (1 if g <= 2 else 2),
            "english": (0 if g <= 2 else 3 if prim else 4),
            "music": 2 if prim else 1,
        }
        if not prim and junior:
            base["physics"] = 0 if g == 7 else 3
        for sid, p in base.items():
            if p > 0 and rng.random() < 0.3:
                p += rng.choice([-1, 1])
            if p > 0:
                rows.append({"grade": g, "subject": sid, "periods": p})
    return rows


def make(seed):
    rng = random.Random(seed)
    n_schools = rng.randint(3, 6)
    junior = rng.random() < 0.25
    subjects = list(SUBJECTS) + ([JUNIOR_EXTRA] if junior else [])
    subj_ids = [s[0] for s in subjects]
    shortage_ids = [s[0] for s in subjects if s[2]]

    n_clusters = 1 if n_schools <= 3 or rng.random() < 0.4 else 2
    cluster_ids = ["C%02d" % (k + 1) for k in range(n_clusters)]

    schools = []
    for i in range(n_schools):
        sid = "S%03d" % (i + 1)
        if i == 0:
            area = rng.choice(["urban", "urban", "town"])
        else:
            area = rng.choice(["urban", "town", "rural", "rural"])
        # the first school of each cluster is its central school
        cl = cluster_ids[i % n_clusters] if (i > 0 or rng.random() < 0.5) else None
        if i > 0 and rng.random() < 0.12:
            cl = None  # a school outside any cluster
        if junior and i == n_schools - 1:
            kind, grade_pool, cap = "junior", [7, 8, 9], 50
        elif area == "urban":
            kind, grade_pool, cap = "urban_primary", [1, 2, 3, 4, 5, 6], 45
        elif area == "town":
            kind, grade_pool, cap = "central_primary", [1, 2, 3, 4, 5, 6], 45
        else:
            kind = rng.choice(["complete_primary", "teaching_point"])
            grade_pool, cap = [1, 2, 3, 4, 5, 6], 45
        n_classes = rng.randint(1, 2) if kind == "teaching_point" else rng.randint(1, 4)
        classes = []
        grades_left = list(grade_pool)
        rng.shuffle(grades_left)
        for k in range(n_classes):
            if kind == "teaching_point" and rng.random() < 0.6 and len(grades_left) >= 2:
                gs = sorted(grades_left[:rng.randint(2, 3)])  # a multi-grade class
            else:
                gs = [grades_left[0] if grades_left else rng.choice(grade_pool)]
            for g in gs:
                if g in grades_left:
                    grades_left.remove(g)
            if not grades_left:
                grades_left = list(grade_pool)
            classes.append({"id": "c%d" % (k + 1), "grades": gs,
                            "students": rng.randint(5 if len(gs) > 1 else 15, cap - 5)})
        students = sum(c["students"] for c in classes)
        if rng.random() < 0.06:
            students, classes = 0, []  # a school without pupils this year
        schools.append({
            "id": sid, "name": "学校%d" % (i + 1), "kind": kind, "area": area,
            "cluster": cl, "group": None, "hardship": rng.randint(0, 3) if area == "rural"
            else rng.choice([0, 0, 1]),
            "lat": round(25.0 + rng.uniform(-0.3, 0.3), 5),
            "lon": round(112.0 + rng.uniform(-0.3, 0.3), 5),
            "students": students, "staff_quota": 0, "classes": classes,
        })

    groups = []
    if n_schools >= 3 and rng.random() < 0.5:
        members = rng.sample(range(n_schools), rng.randint(2, min(3, n_schools)))
        for i in members:
            schools[i]["group"] = "G01"
        groups.append({"id": "G01"})

    travel = []
    for a in range(n_schools):
        for b in range(a + 1, n_schools):
            km = round(rng.uniform(1.5, 60.0), 1)
            pair = [schools[a]["id"], schools[b]["id"]]
            if rng.random() < 0.5:
                pair.reverse()  # the pair counts both ways
            travel.append({"from": pair[0], "to": pair[1], "km": km,
                           "minutes": round(km * 1.8, 1)})

    # teachers: spread 10-40 over the schools, some schools with one teacher
    n_teachers = rng.randint(max(10, n_schools), 40)
    weights = [rng.choice([0.3, 1, 1, 2, 3]) for _ in range(n_schools)]
    one_teacher = [i for i in range(n_schools) if rng.random() < 0.15]
    counts = [1 if i in one_teacher else 1 for i in range(n_schools)]
    others = [i for i in range(n_schools) if i not in one_teacher] or [0]
    for _ in range(n_teachers - n_schools):
        counts[rng.choices(others, [weights[i] for i in others])[0]] += 1

    all_leaders_due = rng.random() < 0.1
    leader_due_p = rng.choice([0.0, 0.0, 0.2, 0.3, 0.5])
    tenure_p = rng.choice([0.2, 0.35, 0.5, 0.7])
    key_p = rng.choice([0.15, 0.3, 0.45, 0.6])
    teachers = []
    for i, sc in enumerate(schools):
        own = [j for j in subj_ids
               if (j != "physics" or sc["kind"] == "junior")]
        for k in range(counts[i]):
            tid = "T%04d" % (len(teachers) + 1)
            role = "principal" if k == 0 else "vice_principal" if k == 1 else "teacher"
            if rng.random() < tenure_p:
                school_since = YEAR - rng.randint(6, 20)
            else:
                school_since = YEAR - rng.randint(0, 5)
            post_since = school_since
            if role != "teacher":
                if all_leaders_due or rng.random() < leader_due_p:
                    post_since = YEAR - rng.randint(10, 14)
                else:
                    post_since = YEAR - rng.randint(0, 9)
                school_since = min(school_since, post_since)
            n_sub = rng.choices([1, 2, 3], [5, 3, 1])[0]
            subs = rng.sample(own, n_sub)
            if rng.random() < 0.25 and not any(s in shortage_ids for s in subs):
                subs.append(rng.choice(shortage_ids))
            kr = rng.random()
            key = (rng.choice([True, "county", "city", "province", "national"]) if kr < key_p
                   else "school" if kr < key_p + 0.1 else False)
            r = rng.random()
            exempt = rng.choice(["illness", "pregnancy", "病假"]) if r < 0.07 else None
            exch = None
            r = rng.random()
            if r < 0.08:
                exch = YEAR + rng.randint(0, 2)  # on an exchange: frozen
            elif r < 0.14:
                exch = YEAR - rng.randint(1, 3)  # an exchange that has ended
            prefs = []
            if rng.random() < 0.35:
                pool = [s["id"] for s in schools if s["id"] != sc["id"]]
                prefs = rng.sample(pool, rng.randint(1, min(3, len(pool))))
            gender = rng.choice("MF")
            birth = YEAR - rng.randint(23, 59 if gender == "M" else 54)
            # nobody starts before 18 (the reader asks for 16 years after birth)
            post_since = max(post_since, birth + 18)
            school_since = max(min(school_since, post_since), birth + 18)
            if exch is not None and exch < school_since:
                exch = None  # an exchange ends no earlier than the teacher came
            t = {
                "id": tid,
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                "gender": gender,
                "birth_year": birth,
                "school": sc["id"], "subjects": subs, "role": role,
                "school_since": school_since, "post_since": post_since,
                "key": key, "title": rng.choice(["一级教师", "二级教师", "高级教师"]),
                "degree": rng.choice(["college", "bachelor", "bachelor", "master"]),
                "exempt": exempt, "exchange_until": exch, "preferences": prefs,
            }
            if rng.random() < 0.2:
                t["max_periods"] = rng.randint(10, 20)
            teachers.append(t)

    # staff quotas: some schools over quota (no room to receive), some with room
    for i, sc in enumerate(schools):
        r = rng.random()
        if r < 0.3:
            sc["staff_quota"] = max(0, counts[i] - rng.randint(0, 2))
        else:
            sc["staff_quota"] = counts[i] + rng.randint(1, 4)

    clusters = [{"id": cid, "name": "片区%d" % (k + 1),
                 "central": next((s["id"] for s in schools if s["cluster"] == cid), None)}
                for k, cid in enumerate(cluster_ids)
                if any(s["cluster"] == cid for s in schools)]
    for c in clusters:
        if c["central"] is None:
            del c["central"]

    county = {
        "format": "rotas-county/1",
        "name": "tiny county %d" % seed,
        "year": YEAR - 1,
        "subjects": [{"id": a, "name": b, "shortage": c} for a, b, c in subjects],
        "clusters": clusters,
        "groups": groups,
        "schools": schools,
        "travel": travel,
        "curriculum": curriculum(rng, junior),
        "teachers": teachers,
    }

    policy = {
        "format": "rotas-policy/1",
        "mip_gap": 0,
        "time_limit_seconds": 120,
        "w_prio_tenure": 0, "w_prio_key": 0, "w_prio_hardship": 0,
    }
    if rng.random() < 0.2:
        policy["key_share_base"] = "eligible"
    if rng.random() < 0.4:
        policy["min_rotation_share"] = rng.choice([0.1, 0.2, 0.3])
    if rng.random() < 0.3:
        policy["min_key_share"] = rng.choice([0.0, 0.1, 0.3])
    if rng.random() < 0.4:
        policy["max_out_share"] = rng.choice([0.1, 0.3, 0.5])
    if rng.random() < 0.2:
        policy["max_km"] = rng.choice([20, 35, 50])
    if rng.random() < 0.25:
        policy["exempt_years_before_retirement"] = rng.choice([3, 5])
    if rng.random() < 0.2:
        policy["default_max_periods"] = rng.choice([12, 14, 18])
    if rng.random() < 0.3:
        policy["w_balance"] = rng.choice([0, 5, 50])
    if rng.random() < 0.3:
        policy["w_km"] = rng.choice([0, 0.5, 1])
    if rng.random() < 0.2:
        policy["w_rural"] = rng.choice([0, 1.0])
    if rng.random() < 0.2:
        policy["w_group"] = rng.choice([0, 20])
    if rng.random() < 0.2:
        policy["w_preference"] = rng.choice([0, 2, 12])
    if rng.random() < 0.15:
        policy["teacher_tenure_years"] = rng.choice([4, 8])
    return county, policy, YEAR


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("seed", type=int)
    ap.add_argument("-o", "--output", help="county JSON (default stdout)")
    ap.add_argument("--policy-out", help="write the seed's policy JSON here")
    a = ap.parse_args(argv)
    county, policy, year = make(a.seed)
    text = json.dumps(county, ensure_ascii=False, indent=1)
    if a.output:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        print(year)
    else:
        sys.stdout.write(text + "\n")
    if a.policy_out:
        with open(a.policy_out, "w", encoding="utf-8") as f:
            json.dump(policy, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
