#!/usr/bin/env bash
# Stage evaluation before issue 10 (commit 686aa00, built in a worktree) and now, on the same questions,
# alternated for ROUNDS rounds in one window: each round runs `./gere bench --sections eval --compare`
# (the current judge beside transformers + torch; it writes the questions and our answers to
# results/bench-eval/eval-transcript.jsonl), then tools/bench/EvalBefore.java on the old jar with the
# environment it had (no environment/native.env) and with ours.
# Usage: tools/bench/eval-before-after.sh PYTHON [ROUNDS (2)] [WORKTREE (/tmp/gere-before)]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PYTHON="$1"
ROUNDS="${2:-2}"
BEFORE="${3:-/tmp/gere-before}"
if [[ ! -f "$BEFORE/gere-nb/target/gere-nb.jar" ]]; then
  [[ -d "$BEFORE" ]] || git -C "$ROOT" worktree add --detach "$BEFORE" 686aa00
  (cd "$BEFORE" && mvn -q -B -DskipTests package -pl gere-nb)
fi
NATIVE="$(grep -E '^MALLOC_MMAP_MAX_=' "$ROOT/environment/native.env")"
before() {
  env "$@" DJL_OFFLINE=true OPT_OUT_TRACKING=true java -Xmx8g -Dai.djl.offline=true \
    -cp "$BEFORE/gere-nb/target/gere-nb.jar:$BEFORE/gere-nb/target/lib/*" "$ROOT/tools/bench/EvalBefore.java" \
    "$ROOT/datasets/model" "$ROOT/results/bench-eval/eval-transcript.jsonl" 16 2>&1 | grep -v '^WARNING'
}
cd "$ROOT"
for round in $(seq 1 "$ROUNDS"); do
  echo "## round $round: now ($(git rev-parse --short HEAD))"
  ./gere bench --sections eval --compare --python "$PYTHON" --out "results/bench-eval/eval-round$round.csv" 2>&1 \
    | grep -v 'Loading weights'
  echo "## round $round: before (686aa00), its own environment"
  before -u MALLOC_MMAP_MAX_
  echo "## round $round: before (686aa00), with environment/native.env"
  before "$NATIVE"
done
