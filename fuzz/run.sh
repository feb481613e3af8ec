#!/bin/sh
# Builds the libFuzzer harnesses with clang (ASan) in a build directory of
# their own and runs each: first over its regression inputs
# (fuzz/regressions/<harness>/, every crash ever found), then fuzzing from its
# seed corpus (fuzz/corpus/<harness>/, read only; new inputs go to the build
# directory) with the libFuzzer arguments given.
#
#   fuzz/run.sh BUILD_DIR [libFuzzer args…]       e.g. -max_total_time=10
#   FUZZ_HARNESSES="fuzz-json fuzz-server" fuzz/run.sh …   only these
#
# Without clang it says so and exits 0 (the gcc build and tests do not need it).
set -eu

if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz: clang is not installed, skipping the fuzz runs (apt-get install clang libclang-rt-14-dev)"
  exit 0
fi

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: fuzz/run.sh BUILD_DIR [libFuzzer args]}
shift
[ $# -gt 0 ] || set -- -max_total_time=10

harnesses=${FUZZ_HARNESSES:-"fuzz-json fuzz-ticket-code fuzz-model fuzz-csv fuzz-server"}

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$src" -Dapp=false -Dfuzz=true -Db_sanitize=address \
    -Dbuildtype=debugoptimized >"$build.setup.log" 2>&1 || {
      cat "$build.setup.log"; echo "fuzz: meson setup failed"; exit 1; }
fi
targets=""
for h in $harnesses; do targets="$targets fuzz/$h"; done
# shellcheck disable=SC2086
ninja -C "$build" -j2 $targets >"$build/fuzz-build.log" 2>&1 || {
  cat "$build/fuzz-build.log"; echo "fuzz: build failed"; exit 1; }

mkdir -p "$build/fuzz-artifacts"
status=0
for h in $harnesses; do
  exe="$build/fuzz/$h"
  work="$build/fuzz-corpus/$h"
  mkdir -p "$work"
  log="$build/fuzz-artifacts/$h.log"

  # ASan's own leak check at exit is LSan's; suppressions in fuzz/lsan.supp.
  lsan="suppressions=$src/fuzz/lsan.supp"
  asan="abort_on_error=0"
  extra=""
  # A dictionary of the harness's words and edge values, where it has one.
  [ -f "$src/fuzz/$h.dict" ] && extra="-dict=$src/fuzz/$h.dict"
  case "$h" in
    fuzz-server)
      # The server runs on a thread of its own: per-input leak checks race
      # with it. Server leaks are valgrind's job (make check-valgrind).
      asan="$asan:detect_leaks=0"; extra="$extra -detect_leaks=0" ;;
  esac

  if [ -d "$src/fuzz/regressions/$h" ] && [ -n "$(ls -A "$src/fuzz/regressions/$h")" ]; then
    if ! ASAN_OPTIONS=$asan LSAN_OPTIONS=$lsan "$exe" $extra "$src/fuzz/regressions/$h"/* \
           >"$log.regressions" 2>&1; then
      cat "$log.regressions"
      echo "fuzz: $h FAILED on a regression input (log: $log.regressions)"
      status=1
      continue
    fi
  fi

  start=$(date +%s)
  # shellcheck disable=SC2086
  if ASAN_OPTIONS=$asan LSAN_OPTIONS=$lsan "$exe" $extra -artifact_prefix="$build/fuzz-artifacts/$h-" \
       -print_final_stats=1 "$@" "$work" "$src/fuzz/corpus/$h" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    echo "fuzz: $h ok: ${runs:-?} executions in $(( $(date +%s) - start )) s"
  else
    tail -n 60 "$log"
    echo "fuzz: $h FAILED (log: $log; the input is in $build/fuzz-artifacts/)"
    status=1
  fi
done
exit $status
