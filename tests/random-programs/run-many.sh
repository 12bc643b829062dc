#!/usr/bin/env bash
# Runs many random programs in chunks: for each chunk, compiles the programs, sets aside any
# program that does not compile (naming it, with the first line of its error), and runs the
# checks of the rest.
#
#   tests/random-programs/run-many.sh SEED COUNT [CHUNK]
#
# Uses CARGO_TARGET_DIR if set (default /tmp/target-random), builds in the test profile (the
# programs are small: compiling dominates), and writes
# a log of every chunk to $CARGO_TARGET_DIR/random-programs/.
set -uo pipefail
seed=${1:?usage: run-many.sh SEED COUNT [CHUNK]}
count=${2:?usage: run-many.sh SEED COUNT [CHUNK]}
chunk=${3:-500}
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-random}
logs=$CARGO_TARGET_DIR/random-programs
mkdir -p "$logs"
total_skipped=()
first=0
while [ "$first" -lt "$count" ]; do
  n=$(( count - first < chunk ? count - first : chunk ))
  skip=""
  for attempt in 1 2 3 4 5 6 7 8; do
    log=$logs/seed$seed-first$first-build$attempt.log
    start=$(date +%s)
    ADJOINT_RANDOM_SEED=$seed ADJOINT_RANDOM_FIRST=$first ADJOINT_RANDOM_COUNT=$n ADJOINT_RANDOM_SKIP=$skip \
      cargo test -p adjoint-random-programs --test random_programs --no-run >"$log" 2>&1
    status=$?
    echo "seed $seed programs $first..$((first + n)): build $attempt took $(( $(date +%s) - start ))s"
    [ "$status" -eq 0 ] && break
    file=$(grep -o '/[^ ]*/out/programs.rs' "$log" | head -1)
    if [ -z "$file" ]; then echo "build failed outside the generated programs; see $log"; exit 1; fi
    # The program of each error: the last `// program N` header above the error's line.
    # The first `-->` line of every error, and the program above that line.
    errors=$(awk '/^error/ { e = $0; want = 1; next }
                  want && /--> .*out\/programs.rs:/ { split($0, a, "programs.rs:"); split(a[2], b, ":"); print b[1] "\t" e; want = 0 }' "$log")
    bad=$(printf '%s\n' "$errors" | while IFS=$'\t' read -r line err; do
            [ -n "$line" ] || continue
            p=$(awk -v l="$line" 'NR <= l && /^\/\/ program [0-9]+ of seed/ { p = $3 } NR == l { print p; exit }' "$file")
            echo "$p	$err"
          done | sort -n -u -t$'\t' -k1,1)
    if [ -z "$bad" ]; then echo "no program named in the errors; see $log"; exit 1; fi
    while IFS=$'\t' read -r p err; do
      echo "  program $p does not compile: $err"
      skip="$skip${skip:+,}$p"
      total_skipped+=("$p")
    done <<< "$bad"
  done
  out=$logs/seed$seed-first$first-run.log
  ADJOINT_RANDOM_SEED=$seed ADJOINT_RANDOM_FIRST=$first ADJOINT_RANDOM_COUNT=$n ADJOINT_RANDOM_SKIP=$skip \
    cargo test -p adjoint-random-programs --test random_programs -- --nocapture >"$out" 2>&1
  grep -E '^[0-9]+ programs \(seed' "$out" || echo "  the checks did not finish; see $out"
  grep -E '^p[0-9]+ \(seed' "$out" | sed 's/^/  FAILED: /'
  first=$(( first + n ))
done
echo "did not compile: ${total_skipped[*]:-none}"
cat "$logs"/seed"$seed"-first*-run.log 2>/dev/null |
  awk '/^[0-9]+ programs \(seed/ { p += $1; e += $5; k += $10; f += $14 }
       END { printf "total: %d programs checked, %d gradient elements, %d near a kink, %d failed\n", p, e, k, f }'
# Do not edit src/generate.rs during a run: each chunk regenerates its programs when it builds.
