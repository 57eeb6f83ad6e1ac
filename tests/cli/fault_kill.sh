#!/usr/bin/env bash
# Fault injection in the spirit of SQLite's crash tests: `rotas import` and `rotas approve` are
# killed with SIGKILL at random moments (a bounded loop, the seed printed); after each kill the
# database passes PRAGMA integrity_check and holds either the old county or the new one, never
# a mix; an approval is recorded exactly when the county changed.
# usage: fault_kill.sh ROTAS_BIN SOURCE_DIR BUILD_DIR [ROUNDS]
set -u
ROTAS=$1 SRC=$2 BUILD=$3 ROUNDS=${4:-12}
T=$(mktemp -d "$BUILD/fault_kill.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
old=$SRC/tests/data/tiny-county.json
new=$SRC/datasets/demo-county.json
[ -f "$new" ] || new=$SRC/tests/data/tiny-everyday.json

# references: the old and the new county as exported, before and after an approval
"$ROTAS" import "$old" --db "$T/old.db" -q || fail "import old"
"$ROTAS" export --db "$T/old.db" -o "$T/old.json" || fail "export old"
"$ROTAS" import "$new" --db "$T/new.db" -q || fail "import new"
"$ROTAS" export --db "$T/new.db" -o "$T/new.json" || fail "export new"
"$ROTAS" import "$new" --db "$T/plan.db" -q || fail "import for approve"
"$ROTAS" plan "$T/plan.db" --save --time-limit 5 -q -o "$T/plan.json" 2>"$T/err" ||
    { cat "$T/err" >&2; fail "plan --save"; }
id=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select max(id) from results where kind='plan'\").fetchone()[0])" "$T/plan.db")
cp "$T/plan.db" "$T/approved.db"
"$ROTAS" approve "$T/approved.db" "$id" -q || fail "approve"
"$ROTAS" export --db "$T/approved.db" -o "$T/approved.json" || fail "export approved"
cmp -s "$T/new.json" "$T/approved.json" && fail "the approval changed nothing: no test"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()" "$T/plan.db"

python3 - "$ROTAS" "$T" "$old" "$new" "$id" "$ROUNDS" <<'EOF'
import os, random, shutil, signal, sqlite3, subprocess, sys, time
rotas, T, old, new, plan_id, rounds = sys.argv[1:7]
rounds = int(rounds)
seed = int(os.environ.get("ROTAS_FAULT_SEED", str(int(time.time()))))
rng = random.Random(seed)
print("fault_kill: seed %d (ROTAS_FAULT_SEED=%d to repeat), %d rounds each" % (seed, seed, rounds))
ref = {k: open(os.path.join(T, k + ".json"), "rb").read() for k in ("old", "new", "approved")}

def timed(cmd):
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - t0

def fresh(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    shutil.copy(src, dst)

def state(db, kinds):
    c = sqlite3.connect(db)
    ok = c.execute("PRAGMA integrity_check").fetchall()
    fk = c.execute("PRAGMA foreign_key_check").fetchall()
    approvals = c.execute("select count(*) from results where kind='approval'").fetchone()[0]
    c.close()
    if ok != [("ok",)]:
        sys.exit("integrity_check: %r" % ok)
    if fk:
        sys.exit("foreign_key_check: %r" % fk[:5])
    out = subprocess.run([rotas, "export", "--db", db], capture_output=True)
    if out.returncode != 0:
        sys.exit("export after a kill: %s" % out.stderr.decode())
    for k in kinds:
        if out.stdout == ref[k]:
            return k, approvals
    sys.exit("the county is neither %s: a mixed database" % " nor ".join(kinds))

def campaign(name, base, cmd, kinds, check):
    db = os.path.join(T, name + ".db")
    fresh(base, db)
    span = timed(cmd(db))
    seen = {}
    for r in range(rounds):
        fresh(base, db)
        p = subprocess.Popen(cmd(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, span * 1.1))
        p.send_signal(signal.SIGKILL)
        p.wait()
        k, approvals = state(db, kinds)
        check(k, approvals)
        seen[k] = seen.get(k, 0) + 1
    print("fault_kill: %s killed %d times in a %.2f s run: %s" % (name, rounds, span, seen))

def import_ok(k, approvals):
    pass

def approve_ok(k, approvals):
    want = 0 if k == "new" else 1
    if approvals != want:
        sys.exit("approve: county %s but %d approval records" % (k, approvals))

campaign("import", os.path.join(T, "old.db"),
         lambda db: [rotas, "import", new, "--db", db, "-q"], ("old", "new"), import_ok)
campaign("approve", os.path.join(T, "plan.db"),
         lambda db: [rotas, "approve", db, plan_id, "-q"], ("new", "approved"), approve_ok)
EOF
rc=$?
[ $rc -eq 0 ] || fail "fault injection"
echo "fault_kill: ok"
