#!/usr/bin/env python3
"""brute_check.py - check reference.mod against brute force on the smallest tiny counties.

    brute_check.py [--seeds 400] [--max-eligible 4] [--glpsol glpsol]

For each seed whose county has at most --max-eligible eligible teachers, every combination of
moves is enumerated in Python, the rules are checked one by one, and the best supply of periods
for the resulting placement is found by a min-cost flow (teacher -> (school, subject) cells,
weight fac(school) per period served); the best objective must equal glpsol's optimum on
reference.mod (or both must find no plan). A check of the MathProg formulation by a second,
unrelated method; not part of the ctest run.
"""
import argparse
import itertools
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ref_dat  # noqa: E402
import tiny_county  # noqa: E402


def max_weight_supply(teachers_at, m):
    """Largest sum of fac(s) x periods served; teachers_at: [(tid, school)]."""
    p = m["policy"]
    nodes = ["src", "snk"]
    idx = {"src": 0, "snk": 1}
    edges = []  # [to, cap, cost, rev]
    graph = {}

    def node(name):
        if name not in idx:
            idx[name] = len(nodes)
            nodes.append(name)
            graph[idx[name]] = []
        return idx[name]

    graph[0], graph[1] = [], []

    def add(a, b, cap, cost):
        graph[a].append(len(edges))
        edges.append([b, cap, cost, len(edges) + 1])
        graph[b].append(len(edges))
        edges.append([a, 0, -cost, len(edges) - 1])

    for tid, at in teachers_at:
        t = m["tmap"][tid]
        mp = t.get("max_periods") or 0
        cap = mp if mp > 0 else p["default_max_periods"]
        tn = node("t:" + tid)
        add(0, tn, cap, 0.0)
        for j in dict.fromkeys(t.get("subjects", [])):
            if j not in m["shortage"]:
                continue
            places = [s for s in m["schools"] if (at, s) in m["near"]] if m["shortage"][j] \
                else [at]
            for s in places:
                if m["D"][(s, j)] > 0:
                    add(tn, node("c:%s:%s" % (s, j)), 10 ** 9, -m["fac"][s])
    for (s, j), dd in m["D"].items():
        if dd > 0 and ("c:%s:%s" % (s, j)) in idx:
            add(idx["c:%s:%s" % (s, j)], 1, dd, 0.0)
    n = len(nodes)
    total = 0.0
    while True:  # successive shortest paths (Bellman-Ford: costs are negative)
        dist = [float("inf")] * n
        prev = [-1] * n
        dist[0] = 0.0
        for _ in range(n):
            changed = False
            for u in range(n):
                if dist[u] == float("inf"):
                    continue
                for e in graph[u]:
                    to, cap, cost, _r = edges[e]
                    if cap > 0 and dist[u] + cost < dist[to] - 1e-12:
                        dist[to] = dist[u] + cost
                        prev[to] = e
                        changed = True
            if not changed:
                break
        if dist[1] >= -1e-12:
            break
        f, v = float("inf"), 1
        while v != 0:
            e = prev[v]
            f = min(f, edges[e][1])
            v = edges[edges[e][3]][0]
        v = 1
        while v != 0:
            e = prev[v]
            edges[e][1] -= f
            edges[edges[e][3]][1] += f
            v = edges[edges[e][3]][0]
        total += -dist[1] * f
    return total


def brute(m):
    p = m["policy"]
    elig = m["eligible"]
    choices = []
    for tid in elig:
        opts = [d for (t, d) in m["arcs"] if t == tid]
        choices.append(([] if tid in m["must"] else [None]) + opts)
    key = {t["id"]: ref_dat.is_key(t) for t in m["teachers"]}
    role = {t["id"]: t.get("role") for t in m["teachers"]}
    home = {t["id"]: t["school"] for t in m["teachers"]}
    fac_d = sum(m["fac"][s] * v for (s, j), v in m["D"].items())
    best = None
    for combo in itertools.product(*choices):
        moves = [(t, d) for t, d in zip(elig, combo) if d is not None]
        n_mv = len(moves)
        if n_mv < m["quota_min"]:
            continue
        k_mv = sum(1 for t, d in moves if key[t])
        if p["key_share_base"] == "eligible":
            if k_mv < m["key_need"]:
                continue
        elif k_mv + 1e-9 < p["min_key_share"] * n_mv:
            continue
        ok = True
        for s in m["schools"]:
            out = [t for t, d in moves if home[t] == s]
            inn = [t for t, d in moves if d == s]
            if len(out) > m["outcap"][s] or \
                    m["staff0"][s] + len(inn) - len(out) > m["staffmax"][s]:
                ok = False
                break
            for r in ("principal", "vice_principal"):
                if sum(role[t] == r for t in out) != sum(role[t] == r for t in inn):
                    ok = False
                    break
            if not ok:
                break
        if not ok:
            continue
        cost = sum(m["arcs"][mv] for mv in moves)
        dest = dict(moves)
        placed = [(t["id"], dest.get(t["id"], t["school"])) for t in m["teachers"]]
        dev = 0.0
        for s in m["schools"]:
            if m["students"][s] > 0:
                K = sum(1 for t, at in placed if at == s and key[t])
                dev += abs(K - m["target"][s])
        obj = (p["w_unfilled"] * (fac_d - max_weight_supply(placed, m)) +
               p["w_balance"] * dev + cost)
        if best is None or obj < best:
            best = obj
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=400)
    ap.add_argument("--max-eligible", type=int, default=4)
    ap.add_argument("--glpsol", default="glpsol")
    a = ap.parse_args(argv)
    n = bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, a.seeds + 1):
            c, pol, y = tiny_county.make(seed)
            m = ref_dat.analyse(c, y, pol)
            if len(m["eligible"]) > a.max_eligible:
                continue
            n += 1
            dat = os.path.join(tmp, "x.dat")
            with open(dat, "w", encoding="utf-8") as f:
                f.write(ref_dat.dat_text(m))
            out = subprocess.run([a.glpsol, "-m", os.path.join(HERE, "reference.mod"), "-d",
                                  dat], stdout=subprocess.PIPE, text=True).stdout
            g = re.search(r"^REF objective (\S+)$", out, re.M)
            solved = "INTEGER OPTIMAL" in out or "GLPK Integer" not in out  # no moves: an LP
            g = float(g.group(1)) if g and solved else None
            b = brute(m)
            same = (g is None and b is None) or (g is not None and b is not None and
                                                abs(g - b) <= max(1e-4, 1e-6 * abs(b)))
            print("seed %d: %d eligible: glpsol %s, brute force %s%s" %
                  (seed, len(m["eligible"]), g, b, "" if same else "  MISMATCH"), flush=True)
            bad += not same
    print("%d counties compared, %d mismatched" % (n, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
