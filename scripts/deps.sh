#!/usr/bin/env bash
# Install the Debian packages rotas needs to build, test and benchmark, if missing.
# Usage: scripts/deps.sh [--bench | --browser | --cluster]   (runs apt-get as root, or through sudo)
set -euo pipefail
pkgs=(cmake make gcc pkg-config libglpk-dev glpk-utils libsqlite3-dev libjansson-dev
      libcmocka-dev libxlsxwriter-dev libminizip-dev libexpat1-dev libfreexl-dev gettext
      python3 python3-openpyxl python3-xlwt python3-yaml clang-format)
if [ "${1:-}" = "--bench" ]; then pkgs+=(coinor-cbc fet hyperfine time bc); fi
# the HTML report's browser test (tests/cli/browser.sh) and a CJK font for its screenshot
if [ "${1:-}" = "--browser" ]; then pkgs+=(chromium fonts-wqy-microhei); fi
# the Slurm test (tests/cluster/slurm.sh): a one-node cluster started by the test
if [ "${1:-}" = "--cluster" ]; then pkgs+=(slurm-wlm munge); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "rotas: installing ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
