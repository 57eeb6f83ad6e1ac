#!/usr/bin/env bash
# Time the true shortage (rotas_shortage_compute) on a generated county.
# usage: bench/bench_shortage.sh [BUILD_DIR] [SCHOOLS] [SEED]   (BUILD_DIR holds librotas_lib.a)
set -euo pipefail
BUILD=${1:-build}
SRC=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$SRC/include" "$SRC/bench/bench_shortage.c" \
   "$BUILD/librotas_lib.a" -lglpk -lsqlite3 $(pkg-config --libs jansson) -lm -o "$T/bench_shortage"
"$T/bench_shortage" "${2:-2000}" "${3:-1}"
