#!/usr/bin/env bash
# GPU check (issue 11 item 9): on one CUDA GPU, a random-weight model with Llama-3.1-8B's config, one LoRA
# step (r 8 on q,k) and one full fine-tuning step at the paper's lengths (563 tokens, micro-batch 1 by
# default), printing peak GPU memory, step time, tokens/s and MFU beside ./gere plan's estimate.
# Precision: fp32, the only one this project trains in (DJL cannot hold BF16 tensors; bf16 autocast is
# not implemented), so compare with the plan's fp32 lines. Full fine-tuning of 8B in fp32 needs about
# 120 GiB before activations: on an 80 GiB GPU that step is expected to fail with out-of-memory.
# Knobs: GPU_CHECK_MICRO_BATCH (1), GPU_CHECK_SEQ (563), GPU_CHECK_PEAK_TFLOPS (the GPU's dense peak for
# the precision measured; default: a table of fp32 / tf32 peaks by GPU name), GPU_CHECK_TIMEOUT (s per step, 210).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MICRO="${GPU_CHECK_MICRO_BATCH:-1}"
SEQ="${GPU_CHECK_SEQ:-563}"
STEP_TIMEOUT="${GPU_CHECK_TIMEOUT:-210}"

fail() { echo "gpu_check: $*" >&2; exit 3; }

command -v nvidia-smi >/dev/null 2>&1 || fail "no CUDA GPU here (nvidia-smi not found); run this on a machine with one NVIDIA GPU"
GPU_NAME="$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)"
[[ -n "$GPU_NAME" ]] || fail "nvidia-smi lists no GPU; run this on a machine with one NVIDIA GPU"
GPU_MIB="$(nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits -i 0 | head -1)"

# Dense peak TFLOP/s at the precision measured (fp32 matmuls run as TF32 only if PyTorch allows it; the
# TF32 figure is the upper bound). Override with GPU_CHECK_PEAK_TFLOPS for other GPUs or precisions.
peak_tflops() {
  case "$1" in
    *H200*|*H100*SXM*|*H100*HBM3*) echo 494 ;;  # TF32 dense (bf16 dense: 989)
    *H100*) echo 378 ;;
    *A100*) echo 156 ;;
    *L40S*) echo 183 ;;
    *) echo "" ;;
  esac
}
PEAK="${GPU_CHECK_PEAK_TFLOPS:-$(peak_tflops "$GPU_NAME")}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
MODEL="$WORK/llama-3.1-8b-config"
mkdir -p "$MODEL"
cat > "$MODEL/config.json" <<'JSON'
{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336,
 "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256,
 "max_position_embeddings": 131072, "rms_norm_eps": 1e-05, "rope_theta": 500000.0, "tie_word_embeddings": false,
 "hidden_act": "silu", "attention_bias": false, "bos_token_id": 128000, "eos_token_id": 128001,
 "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                  "original_max_position_embeddings": 8192, "rope_type": "llama3"}}
JSON

echo "gpu_check: $GPU_NAME ($GPU_MIB MiB), micro-batch $MICRO x $SEQ tokens, fp32"
echo "== ./gere plan (estimate)"
"$ROOT/gere" plan table2 --scale paper --model "$MODEL" --micro-batch "$MICRO" --gpu-gib "$((GPU_MIB / 1024))" | tee "$WORK/plan.txt"

# Peak of memory.used while a command runs, sampled every 0.2 s (includes the CUDA context).
with_peak_memory() {
  local samples="$WORK/mem.txt"
  : > "$samples"
  ( while true; do nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i 0 >> "$samples"; sleep 0.2; done ) &
  local sampler=$!
  timeout "$STEP_TIMEOUT" "$@"
  local rc=$?
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
  PEAK_MIB="$(sort -n "$samples" | tail -1)"
  return $rc
}

# MFU = model FLOPs per token x tokens/s / peak. Full fine-tuning: 6 N per token (forward 2N, backward 4N);
# LoRA: about 4 N (no weight gradients of the frozen base). Attention's s^2 term is left out.
report() {
  local regime="$1" line="$2" params="$3" factor="$4"
  local step tps mfu="n/a"
  step="$(sed -E 's/.*step_s ([0-9.]+).*/\1/' <<<"$line")"
  tps="$(sed -E 's/.*tokens_per_s ([0-9.]+).*/\1/' <<<"$line")"
  if [[ -n "$PEAK" ]]; then
    mfu="$(awk -v f="$factor" -v n="$params" -v t="$tps" -v p="$PEAK" 'BEGIN { printf "%.1f%%", 100 * f * n * t / (p * 1e12) }')"
  fi
  local planned
  planned="$(awk -v r="$regime" '/^(full fine-tuning|LoRA).*, fp32:$/ { cur = ($0 ~ /^full/) ? "full" : "lora" }
            /^total GiB:/ { if (cur == r) { print $3; cur = "" } }' "$WORK/plan.txt")"
  printf 'gpu_check %-5s peak %6.1f GiB (plan fp32: %s GiB)  step %s s  tokens/s %s  MFU %s (peak %s TFLOP/s)\n' \
    "$regime" "$(awk -v m="$PEAK_MIB" 'BEGIN { print m / 1024 }')" "$planned" "$step" "$tps" "$mfu" "${PEAK:-unknown}"
}

PARAMS="$(sed -nE 's/.*, ([0-9.e+]+) parameters.*/\1/p' "$WORK/plan.txt" | head -1)"
status=0
for regime in lora full; do
  echo "== $regime step (first step is warm-up, the second is timed)"
  if with_peak_memory "$ROOT/gere" step-check --model "$MODEL" --regime "$regime" --micro-batch "$MICRO" --seq "$SEQ" \
      --device gpu > "$WORK/$regime.out" 2>&1; then
    line="$(grep '^step-check:' "$WORK/$regime.out" | tail -1)"
    report "$regime" "$line" "$PARAMS" "$([[ $regime == full ]] && echo 6 || echo 4)"
  else
    status=1
    echo "gpu_check $regime: failed (peak ${PEAK_MIB:-?} MiB); last lines:"
    tail -5 "$WORK/$regime.out"
  fi
done
exit $status
