#!/usr/bin/env bash
# Installs the Debian packages carecast needs, only those that are missing.
# Usage: scripts/install-deps.sh [core|mpi|report|fuzz|all]   (default: core)
set -euo pipefail

core=(build-essential cmake pkg-config git libboost-program-options-dev libeigen3-dev
      libtbb-dev libyaml-cpp-dev catch2 libsleef-dev  # libsleef-dev: healthy ageing's vectorised exponential
      libxlsxwriter-dev chromium python3 fonts-dejavu-core  # report workbook; report tests (browser, readback)
      libcpp-httplib-dev nlohmann-json3-dev python3-selenium chromium-driver)  # carecast serve and its tests (nlohmann-json also reads an earlier result's manifest.json)
mpi=(libopenmpi-dev openmpi-bin)
report=(librsvg2-bin)  # PNG copies of the report's charts (rsvg-convert)
fuzz=(clang-16 libfuzzer-16-dev libclang-rt-16-dev)  # make fuzz (clang 14 cannot compile engine/src/sweep.cpp)

want=()
case "${1:-core}" in
  core) want=("${core[@]}") ;;
  mpi) want=("${core[@]}" "${mpi[@]}") ;;
  report) want=("${core[@]}" "${report[@]}") ;;
  fuzz) want=("${core[@]}" "${fuzz[@]}") ;;
  all) want=("${core[@]}" "${mpi[@]}" "${report[@]}" "${fuzz[@]}") ;;
  *) echo "install-deps: unknown set '$1' (use core, mpi, report, fuzz or all)" >&2; exit 2 ;;
esac

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
