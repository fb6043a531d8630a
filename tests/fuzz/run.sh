#!/bin/sh
# `make fuzz`: builds the libFuzzer targets (preset `fuzz`: clang 16, ASan) and runs each for
# FUZZ_SECONDS seconds (default 60), FUZZ_JOBS of them at a time (default 1), seeded with the shipped files and the regression corpus
# tests/fuzz/corpus/<target>/. New interesting inputs go to build-fuzz/corpus/<target>/,
# crashes, leaks and hangs (an input running over 10 s) to build-fuzz/artifacts/, the log of
# each run to build-fuzz/logs/. Copy a crash input into tests/fuzz/corpus/<target>/ when it
# is fixed, so `make test` replays it from then on.
set -eu
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"fuzz_yaml fuzz_config fuzz_csv fuzz_part"}
cmake --preset fuzz >/dev/null
# shellcheck disable=SC2086
cmake --build --preset fuzz -j "${JOBS:-2}" --target $targets

out=build-fuzz
seeds=$out/seeds
rm -rf "$seeds"
mkdir -p "$seeds/fuzz_yaml" "$seeds/fuzz_config" "$seeds/fuzz_csv" "$seeds/fuzz_part" "$out/artifacts" "$out/logs"
name() { echo "$1" | tr '/' '_'; }
for f in scenarios/*.yaml config/*.yaml tests/fixtures/*/*.yaml tests/fixtures/config/broken/*.yaml; do
  cp "$f" "$seeds/fuzz_yaml/$(name "$f")"
done
# The configuration loader: first byte 0 scenario, 1 base, 2 sweep (see fuzz_config.cpp).
for f in scenarios/*.yaml; do
  if grep -q '^uncertain:' "$f"; then mode='\002'; else mode='\000'; fi
  { printf "$mode"; cat "$f"; } > "$seeds/fuzz_config/$(name "$f")"
done
for f in config/norway.yaml tests/fixtures/config/base.yaml; do
  { printf '\001'; cat "$f"; } > "$seeds/fuzz_config/$(name "$f")"
done
# Sweep fixtures name their scenario file from tests/fixtures/sweep/; the fuzzed sweep sits in scenarios/.
for f in tests/fixtures/sweep/*.yaml; do
  { printf '\002'; sed 's|^scenario_file:.*|scenario_file: productivity.yaml|' "$f"; } > "$seeds/fuzz_config/$(name "$f")"
done
# The data tables: first byte picks the reader (see fuzz_csv.cpp).
role() {
  case "$1" in
    *population*|*projection*) echo '\000' ;; *mortality_decline*) echo '\010' ;; *mortality*) echo '\001' ;;
    *fertility*) echo '\002' ;; *migration*) echo '\003' ;; *use_profiles*) echo '\005' ;; *services*) echo '\004' ;;
    *staffing*) echo '\006' ;; *employment*) echo '\007' ;; *) echo '\000' ;;
  esac
}
for f in config/norway/*.csv tests/fixtures/config/data/*.csv tests/fixtures/config/broken/*.csv; do
  { printf "$(role "$f")"; cat "$f"; } > "$seeds/fuzz_csv/$(name "$f")"
done

# One target: runs it, prints its executions, leaves "$out/logs/<target>.failed" on a finding.
fuzz_one() {
  target=$1
  mkdir -p "$out/corpus/$target"
  log="$out/logs/$target.log"
  rm -f "$out/logs/$target.failed"
  echo "fuzzing $target for $seconds s (log: $log)"
  if ! "$out/tests/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$out/artifacts/$target-" \
      "$out/corpus/$target" "$seeds/$target" "tests/fuzz/corpus/$target" > "$log" 2>&1; then
    touch "$out/logs/$target.failed"
    echo "  $target FAILED: see $log and $out/artifacts/"
  fi
  grep -E '^stat::number_of_executed_units|^Done ' "$log" | sed "s/^/  $target: /" || true
}

# FUZZ_JOBS targets at a time (default 1): the targets are dealt round-robin into lanes.
jobs=${FUZZ_JOBS:-1}
lane=0
while [ "$lane" -lt "$jobs" ]; do
  (
    i=0
    for target in $targets; do
      [ $((i % jobs)) -eq "$lane" ] && fuzz_one "$target"
      i=$((i + 1))
    done
  ) &
  lane=$((lane + 1))
done
wait
status=0
for target in $targets; do
  [ -e "$out/logs/$target.failed" ] && status=1
done
crashes=$(find "$out/artifacts" -type f | wc -l)
echo "artifacts (crashes, leaks, timeouts) in $out/artifacts: $crashes"
exit $status
