#!/usr/bin/env bash
# Build the rotas container image from Containerfile and smoke-test it: the binary runs,
# as a non-root user, with no compiler in the image, and a sharded what-if batch on a
# mounted folder gives a complete merge.
#
#   scripts/container.sh [--engine podman|docker] [--tag rotas:VERSION] [--base IMAGE]
#                        [--debootstrap] [--save FILE.tar]
#
#   --engine      podman (default when installed) or docker, with global flags if needed
#   --tag         image name (default rotas:<version from CMakeLists.txt>)
#   --base        the Debian base image (default debian:bookworm-slim)
#   --debootstrap build the base from Debian's packages with debootstrap and import it as
#                 localhost/rotas-base:bookworm, for machines that reach a Debian mirror but no
#                 image registry (needs root and the debootstrap package)
#   --save FILE   also write the image as an OCI archive (for `apptainer build`, see
#                 docs/whatif.md)
#
# Extra engine flags go in CONTAINER_BUILD_FLAGS and CONTAINER_RUN_FLAGS (e.g. a sandbox that
# forbids raising rlimits: CONTAINER_RUN_FLAGS="--ulimit nofile=1024:1024").
# Exit: 0 built and smoke-tested; 1 a build or smoke step failed; 77 no container engine runs.
set -euo pipefail
cd "$(dirname "$0")/.."

engine="" tag="" base="debian:bookworm-slim" debootstrap=0 save=""
while [ $# -gt 0 ]; do
    case "$1" in
    --engine) engine=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    --debootstrap) debootstrap=1; shift ;;
    --save) save=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "container.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
version=$(sed -n 's/^project(rotas VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
tag=${tag:-rotas:$version}
if [ -z "$engine" ]; then
    for e in podman docker; do command -v "$e" >/dev/null && { engine=$e; break; }; done
fi
[ -n "$engine" ] || { echo "SKIP: no container engine (apt-get install podman)" >&2; exit 77; }
read -r -a eng <<<"$engine"   # an engine with its global flags: "podman --storage-driver vfs"
command -v "${eng[0]}" >/dev/null || { echo "SKIP: ${eng[0]} not installed" >&2; exit 77; }
read -r -a build_flags <<<"${CONTAINER_BUILD_FLAGS:-}"
read -r -a run_flags <<<"${CONTAINER_RUN_FLAGS:-}"
say() { echo "container.sh: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

if [ $debootstrap -eq 1 ]; then
    command -v debootstrap >/dev/null || fail "--debootstrap needs the debootstrap package"
    root=$(mktemp -d)
    trap 'rm -rf "$root"' EXIT
    chmod 755 "$root"   # the image's /: mktemp's 0700 would keep the non-root user out
    say "debootstrap bookworm (minbase) into $root"
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
    tar -C "$root" -c . | "${eng[@]}" import - localhost/rotas-base:bookworm >/dev/null
    base=localhost/rotas-base:bookworm
fi

say "building $tag from Containerfile on $base with $engine"
"${eng[@]}" build "${build_flags[@]}" --build-arg BASE="$base" -f Containerfile -t "$tag" . \
    || fail "the build failed"

run() { "${eng[@]}" run --rm --network none "${run_flags[@]}" "$@"; }
say "smoke test"
out=$(run "$tag" --version) || fail "rotas --version does not run in the image"
[ "$out" = "rotas $version" ] || fail "rotas --version says '$out', expected 'rotas $version'"
uid=$(run --entrypoint /usr/bin/id "$tag" -u) || fail "id"
[ "$uid" != 0 ] || fail "the image runs as root"
run --entrypoint /bin/sh "$tag" -c 'for c in cc gcc cmake make; do command -v $c && exit 1; done; exit 0' \
    >/dev/null || fail "a compiler or build tool is in the runtime image"
run "$tag" whatif merge --help | grep -q -- "--scenarios" || fail "whatif merge --help"

# a sharded batch on a mounted folder, written by the image's non-root user
work=$(mktemp -d)
trap 'rm -rf "$work" ${root:+"$root"}' EXIT
chmod 777 "$work"
run -v "$work:/data" "$tag" gen --schools 8 --seed 2 -o county.json || fail "gen in the image"
cat >"$work/s.json" <<'JSON'
{"format": "rotas-scenarios/1", "base": "county.json", "policy": {"time_limit_seconds": 1},
 "scenarios": [{"name": "baseline"},
  {"name": "tenure-9", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 9}}]},
  {"name": "max-15km", "changes": [{"kind": "policy", "set": {"max_km": 15}}]}]}
JSON
chmod 644 "$work/s.json"
for k in 1 2; do
    run -v "$work:/data" "$tag" whatif s.json --shard $k/2 --db shard-$k.db -o shard-$k.json -q \
        || fail "shard $k in the image"
done
run -v "$work:/data" "$tag" whatif merge all.db shard-1.db shard-2.db --scenarios s.json \
    -o results.json -q || fail "merge in the image"
python3 -c "
import json, sys
rows = json.load(open(sys.argv[1]))['scenarios']
assert [r['name'] for r in rows] == ['baseline', 'tenure-9', 'max-15km'], rows
assert all(r['status'] == 'ok' for r in rows), rows
" "$work/results.json" || fail "merged rows"
say "ok: $tag builds, runs as uid $uid, and runs a sharded batch ($("${eng[@]}" image inspect --format '{{.Size}}' "$tag" 2>/dev/null || echo '?') bytes)"
if [ -n "$save" ]; then
    "${eng[@]}" save --format oci-archive -o "$save" "$tag" 2>/dev/null || "${eng[@]}" save -o "$save" "$tag"
    say "saved $save (apptainer build rotas.sif oci-archive://$save)"
fi
