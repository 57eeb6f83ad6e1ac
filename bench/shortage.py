#!/usr/bin/env python3
"""Share of required lessons that no qualified teacher can cover (the max-flow shortage).

    python3 bench/shortage.py county.json [more.json ...] [--clusters]

For each rotas-county/1 file: the weekly periods the classes need (a multi-grade class needs
the largest of its grades' periods), and how many of them the teachers cannot cover in the best
assignment. A teacher supplies max_periods (or the policy default, 16) a week, split in any way
over its subjects; a non-shortage subject only at its own school, a shortage subject
(subjects[].shortage) at any school of its school's cluster (at its own school only when the
school is in no cluster). This is a max-flow fact, not an even split, and it is what the planners
call unfilled before any move.

Prints one line per county: the share uncovered, split by shortage / other subjects and by area,
and the clusters with nothing uncovered (a township counts as covered when its cluster and the
schools outside the cluster named after the township are). --clusters adds a line per cluster.
"""
import json
import sys
from collections import defaultdict, deque

DEFAULT_MAX = 16


class Dinic:
    def __init__(self, n):
        self.n = n
        self.head = [[] for _ in range(n)]
        self.to, self.cap = [], []

    def edge(self, u, v, c):
        self.head[u].append(len(self.to))
        self.to.append(v)
        self.cap.append(c)
        self.head[v].append(len(self.to))
        self.to.append(u)
        self.cap.append(0)
        return len(self.to) - 2

    def _bfs(self, s, t):
        self.level = [-1] * self.n
        self.level[s] = 0
        q = deque([s])
        while q:
            u = q.popleft()
            for e in self.head[u]:
                if self.cap[e] > 0 and self.level[self.to[e]] < 0:
                    self.level[self.to[e]] = self.level[u] + 1
                    q.append(self.to[e])
        return self.level[t] >= 0

    def _dfs(self, s, t, f):
        # iterative augmenting path search on the level graph
        stack = [(s, f)]
        path = []
        while stack:
            u, _ = stack[-1]
            if u == t:
                push = min(self.cap[e] for e in path) if path else f
                push = min(push, f)
                for e in path:
                    self.cap[e] -= push
                    self.cap[e ^ 1] += push
                return push
            advanced = False
            while self.it[u] < len(self.head[u]):
                e = self.head[u][self.it[u]]
                v = self.to[e]
                if self.cap[e] > 0 and self.level[v] == self.level[u] + 1:
                    stack.append((v, 0))
                    path.append(e)
                    advanced = True
                    break
                self.it[u] += 1
            if not advanced:
                stack.pop()
                if path:
                    path.pop()
                    self.it[stack[-1][0]] += 1
                self.level[u] = -1
        return 0

    def maxflow(self, s, t):
        flow = 0
        while self._bfs(s, t):
            self.it = [0] * self.n
            while True:
                f = self._dfs(s, t, float("inf"))
                if f == 0:
                    break
                flow += f
        return flow


def analyse(path, per_cluster=False):
    with open(path, encoding="utf-8") as fh:
        c = json.load(fh)
    subjects = {s["id"]: bool(s.get("shortage")) for s in c["subjects"]}
    per = defaultdict(int)
    for row in c["curriculum"]:
        per[(int(row["grade"]), row["subject"])] += int(row["periods"])
    schools = {s["id"]: s for s in c["schools"]}
    cluster_of = {sid: s.get("cluster") for sid, s in schools.items()}
    members = defaultdict(list)
    for sid, k in cluster_of.items():
        if k is not None:
            members[k].append(sid)

    demand = defaultdict(int)  # (school, subject) -> periods a week
    for sid, s in schools.items():
        for k in s.get("classes", []):
            for sub in subjects:
                p = max((per.get((int(g), sub), 0) for g in k["grades"]), default=0)
                if p:
                    demand[(sid, sub)] += p

    groups = defaultdict(int)  # (school, subjects) -> capacity
    for t in c["teachers"]:
        cap = t.get("max_periods") or DEFAULT_MAX
        groups[(t["school"], tuple(t["subjects"]))] += cap

    nodes = {}

    def node(key):
        if key not in nodes:
            nodes[key] = len(nodes)
        return nodes[key]

    S, T = node("S"), node("T")
    for key in groups:
        node(("g",) + key)
    for key in demand:
        node(("d",) + key)
    g = Dinic(len(nodes))
    dem_edge = {}
    for key, d in demand.items():
        dem_edge[key] = g.edge(nodes[("d",) + key], T, d)
    for (sid, subs), cap in groups.items():
        u = nodes[("g", sid, subs)]
        g.edge(S, u, cap)
        for sub in subs:
            if subjects.get(sub) and cluster_of.get(sid) is not None:
                reach = members[cluster_of[sid]]
            else:
                reach = [sid]
            for x in reach:
                if (x, sub) in demand:
                    g.edge(u, nodes[("d", x, sub)], cap)
    g.maxflow(S, T)

    total = sum(demand.values())
    unmet = {key: g.cap[e] for key, e in dem_edge.items()}  # residual = uncovered
    short_need = sum(d for (s, sub), d in demand.items() if subjects[sub])
    short_unmet = sum(u for (s, sub), u in unmet.items() if subjects[sub])
    by_area = defaultdict(lambda: [0, 0])
    for (sid, sub), d in demand.items():
        a = schools[sid].get("area", "?")
        by_area[a][0] += d
        by_area[a][1] += unmet[(sid, sub)]
    # per cluster (exact: clusters do not share teachers), and townships: the cluster plus the
    # schools outside it whose name starts with the township's name
    cl_need, cl_unmet = defaultdict(int), defaultdict(int)
    for (sid, sub), d in demand.items():
        k = cluster_of[sid]
        if k is not None:
            cl_need[k] += d
            cl_unmet[k] += unmet[(sid, sub)]
    school_unmet = defaultdict(int)
    for (sid, sub), u in unmet.items():
        school_unmet[sid] += u
    names = {k["id"]: k.get("name", "") for k in c.get("clusters", [])}
    covered_clusters = [k for k in cl_need if cl_unmet[k] == 0]
    covered_towns = []
    for k in covered_clusters:
        town = names.get(k, "")
        town = town[: -2] if town.endswith("片区") else ""
        outside = [sid for sid, s in schools.items()
                   if cluster_of[sid] is None and town and s.get("name", "").startswith(town)]
        if all(school_unmet[sid] == 0 for sid in outside):
            covered_towns.append(k)
    over = sum(1 for sid, s in schools.items()
               if s.get("staff_quota", 0) < sum(1 for t in c["teachers"] if t["school"] == sid))
    u_all = sum(unmet.values())
    areas = " ".join(
        f"{a} {100.0 * v[1] / v[0]:.1f}%" for a, v in sorted(by_area.items()) if v[0])
    print(f"{path}: schools {len(schools)} teachers {len(c['teachers'])} "
          f"periods {total} uncovered {u_all} = {100.0 * u_all / max(total, 1):.2f}% "
          f"(shortage subjects {100.0 * short_unmet / max(short_need, 1):.1f}%, "
          f"others {100.0 * (u_all - short_unmet) / max(total - short_need, 1):.1f}%; {areas}); "
          f"clusters fully covered {len(covered_clusters)}/{len(cl_need)}, "
          f"townships {len(covered_towns)}; over quota {over}/{len(schools)}")
    if per_cluster:
        for k in sorted(cl_need):
            print(f"  {k} {names.get(k, '')}: {cl_unmet[k]} of {cl_need[k]} uncovered")
    return u_all / max(total, 1)


def main(argv):
    per_cluster = "--clusters" in argv
    files = [a for a in argv if not a.startswith("--")]
    if not files:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for f in files:
        analyse(f, per_cluster)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
