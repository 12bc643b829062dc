#!/usr/bin/env bash
# The build time #[differentiable] adds: a 20-layer MLP loss written out (x.dot(&w) + &b, relu,
# softmax_cross_entropy), compiled as a library crate with and without the attribute.
# Dependencies are built first and not timed; each figure is the median of $REPEATS rebuilds
# of the model crate alone.
#
#   bash benches/compile_cost.sh            # from the repository root
#
# Environment: CARGO_TARGET_DIR (default /tmp/target-compile-cost), REPEATS (default 5).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/target-compile-cost}"
repeats="${REPEATS:-5}"
layers=20

mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<EOF
[package]
name = "compile-cost"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
adjoint = { path = "$root" }

[workspace]
EOF

# Writes src/lib.rs; $1 is the attribute line (empty for none).
model() {
    {
        echo "use adjoint::ndarray::{Array1, Array2};"
        echo "use adjoint::nn::Dense;"
        echo "use adjoint::prelude::*;"
        echo
        echo "#[derive(Params, Clone)]"
        echo "pub struct Deep {"
        for i in $(seq 1 $layers); do echo "    pub l$i: Dense<f32>,"; done
        echo "}"
        echo
        echo "$1"
        echo "pub fn loss(m: &Deep, x: &Array2<f32>, labels: &Array1<usize>) -> f32 {"
        echo "    let h1 = relu(&(x.dot(&m.l1.w) + &m.l1.b));"
        for i in $(seq 2 $((layers - 1))); do
            echo "    let h$i = relu(&(h$((i - 1)).dot(&m.l$i.w) + &m.l$i.b));"
        done
        echo "    softmax_cross_entropy(&(h$((layers - 1)).dot(&m.l$layers.w) + &m.l$layers.b), labels)"
        echo "}"
    } > "$work/src/lib.rs"
}

# Prints "wall cpu": the medians, in seconds, of the wall time and of the CPU time (user + system,
# cargo and rustc together) of rebuilding the model crate with `cargo $@`. CPU time is the
# figure to compare on a busy machine.
time_build() {
    cargo "$@" --quiet --manifest-path "$work/Cargo.toml" # dependencies, untimed
    local times="$work/times"
    : > "$times"
    for _ in $(seq "$repeats"); do
        touch "$work/src/lib.rs"
        /usr/bin/time -a -o "$times" -f "%e %U %S" cargo "$@" --quiet --manifest-path "$work/Cargo.toml"
    done
    local mid=$(((repeats + 1) / 2))
    local wall cpu
    wall=$(awk '{print $1}' "$times" | sort -n | sed -n "${mid}p")
    cpu=$(awk '{print $2 + $3}' "$times" | sort -n | sed -n "${mid}p")
    echo "$wall $cpu"
}

echo "| command | without: wall / CPU (s) | with: wall / CPU (s) | added CPU (s) |"
echo "|---|---:|---:|---:|"
for command in "check" "build" "build --release"; do
    # shellcheck disable=SC2086
    {
        model ""
        read -r without_wall without_cpu < <(time_build $command)
        model "#[differentiable(wrt(m))]"
        read -r with_wall with_cpu < <(time_build $command)
    }
    printf '| cargo %s | %.2f / %.2f | %.2f / %.2f | %.2f |\n' "$command" \
        "$without_wall" "$without_cpu" "$with_wall" "$with_cpu" \
        "$(echo "$with_cpu - $without_cpu" | bc)"
done
