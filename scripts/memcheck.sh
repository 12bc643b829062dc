#!/usr/bin/env bash
# Runs the tests of the runtime's unsafe code under valgrind's memcheck and fails on any error:
# runtime/tests/unsafe_paths.rs, and the runtime's own unit tests of the modules that hold
# unsafe blocks (ops, workspace, layers). Release builds, so that the kernels run as users run
# them; valgrind does not emulate AVX-512, so under it they take the AVX2 (or SSE) path, and the
# release test run in CI checks the AVX-512 path against ndarray on a CPU that has it.
#
#   scripts/memcheck.sh            # both test binaries
#   scripts/memcheck.sh products   # only the tests whose names contain `products`
#
# Needs valgrind (Debian/Ubuntu: `apt-get install valgrind`). Takes about 6 minutes on 2 cores
# (3 of them the products of unsafe_paths under memcheck), so CI does not run it.
set -euo pipefail
cd "$(dirname "$0")/.."
filter=${1:-}

if ! command -v valgrind >/dev/null 2>&1; then
  echo "memcheck: valgrind is not installed (apt-get install valgrind)" >&2
  exit 2
fi

# The path of a test binary, built if needed: cargo prints `Executable … (path)`.
executable() {
  cargo test --release -p adjoint-runtime "$@" --no-run 2>&1 |
    sed -n 's/^ *Executable .*(\(.*\))$/\1/p' | tail -n 1
}

unsafe_paths=$(executable --test unsafe_paths)
unit_tests=$(executable --lib)

log_dir=$(mktemp -d)
status=0
run() {
  local name=$1 binary=$2
  shift 2
  local log="$log_dir/$name.log"
  echo "memcheck: $name ($binary${*:+ $*})"
  # --error-exitcode: any memcheck error fails the run. Definite leaks count as errors;
  # thread-local pools and the test harness's own bookkeeping are "still reachable".
  if ! valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite --track-origins=yes --log-file="$log" \
    "$binary" --test-threads=1 "$@" >"$log_dir/$name.out" 2>&1; then
    status=1
    tail -n 30 "$log_dir/$name.out"
  fi
  grep -E "ERROR SUMMARY|definitely lost|Invalid|uninitialised" "$log" | sed 's/^==[0-9]*== /  /'
  grep -E "^test result" "$log_dir/$name.out" | sed 's/^/  /'
}

run unsafe_paths "$unsafe_paths" ${filter:+"$filter"}
if [ -z "$filter" ]; then
  for module in ops:: workspace:: layers::; do
    run "unit-${module%::}" "$unit_tests" "$module"
  done
else
  run unit "$unit_tests" "$filter"
fi

if [ "$status" -ne 0 ]; then
  echo "memcheck: errors; the full logs are in $log_dir" >&2
else
  echo "memcheck: 0 errors (logs in $log_dir)"
fi
exit "$status"
