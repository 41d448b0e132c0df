#!/usr/bin/env python3
"""PyTorch eager / Hugging Face LlamaForCausalLM training-step benchmark (CPU reference).

Meant to be compared side by side with the GeRe-NB Java training-step benchmark, which
uses exactly the same configurations:

  common:  LlamaForCausalLM, vocab 8000, float32, attn_implementation="eager",
           tie_word_embeddings=False, rope_theta 10000, rms_norm_eps 1e-5,
           max_position_embeddings 128, no biases, SiLU MLP,
           num_key_value_heads == num_attention_heads (plain multi-head attention)
           batch 8 x seq 128 = 1024 tokens per step, random token ids in [0, 8000),
           labels = input_ids (HF shifts internally), no attention_mask (pure causal),
           AdamW(lr=1e-4, weight_decay=0.0, betas (0.9, 0.999), eps 1e-8; torch defaults
           otherwise), model.train() (all dropouts are 0), torch.set_num_threads(2)
  small:   hidden 64,  2 layers, 4 heads (head_dim 16), intermediate 172
  medium:  hidden 256, 4 layers, 8 heads (head_dim 32), intermediate 688

One step = forward (including the loss) | backward | clip_grad_norm_(1.0) + optimizer.step() +
zero_grad(set_to_none=True): the step GeRe-NB's trainer takes (global-norm clipping at 1.0, as the
Hugging Face Trainer's default max_grad_norm); --max-grad-norm 0 leaves the clipping out.
Each phase is timed separately with time.perf_counter(); 3 warm-up steps, then --steps timed
steps (default 20). tokens/s = 1024 * steps / (sum of the three phases).
Each configuration runs in its own subprocess so that the reported peak RSS
(getrusage ru_maxrss) belongs to that configuration alone.

Usage: python tools/bench/hf_train_step.py [--steps N] [--warmup N] [--configs small,medium] [--threads N]
                                          [--json]   (--json: one JSON object per config after the table)
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

CONFIGS = {
    "small": dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=172),
    "medium": dict(hidden_size=256, num_hidden_layers=4, num_attention_heads=8, intermediate_size=688),
}
VOCAB = 8000
BATCH = 8
SEQ = 128
THREADS = 2
LR = 1e-4
WEIGHT_DECAY = 0.0
MAX_GRAD_NORM = 1.0
SEED = 0


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def run_one(name, steps, warmup, threads=THREADS, max_grad_norm=MAX_GRAD_NORM):
    import torch
    import transformers
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.set_num_threads(threads)
    torch.manual_seed(SEED)
    rss_after_import = peak_rss_mb()
    c = CONFIGS[name]
    config = LlamaConfig(
        vocab_size=VOCAB,
        hidden_size=c["hidden_size"],
        intermediate_size=c["intermediate_size"],
        num_hidden_layers=c["num_hidden_layers"],
        num_attention_heads=c["num_attention_heads"],
        num_key_value_heads=c["num_attention_heads"],
        max_position_embeddings=SEQ,
        rms_norm_eps=1e-5,
        rope_theta=10000.0,
        tie_word_embeddings=False,
        attention_bias=False,
        mlp_bias=False,
    )
    config._attn_implementation = "eager"
    model = LlamaForCausalLM(config).to(torch.float32)
    model.train()
    n_params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)

    g = torch.Generator().manual_seed(SEED + 1)
    batches = [torch.randint(0, VOCAB, (BATCH, SEQ), generator=g) for _ in range(4)]

    fwd, bwd, optt = [], [], []
    loss_first = loss_last = None
    for i in range(warmup + steps):
        ids = batches[i % len(batches)]
        t0 = time.perf_counter()
        out = model(input_ids=ids, labels=ids, use_cache=False)
        loss = out.loss
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        if max_grad_norm > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
        opt.step()
        opt.zero_grad(set_to_none=True)
        t3 = time.perf_counter()
        if i == 0:
            loss_first = loss.item()
        loss_last = loss.item()
        if i >= warmup:
            fwd.append(t1 - t0)
            bwd.append(t2 - t1)
            optt.append(t3 - t2)

    total = sum(fwd) + sum(bwd) + sum(optt)
    ms = lambda xs: 1000.0 * sum(xs) / len(xs)
    return {
        "config": name,
        **c,
        "num_key_value_heads": c["num_attention_heads"],
        "head_dim": c["hidden_size"] // c["num_attention_heads"],
        "vocab": VOCAB,
        "batch": BATCH,
        "seq": SEQ,
        "params": n_params,
        "steps": steps,
        "warmup": warmup,
        "tokens_per_s": BATCH * SEQ * steps / total,
        "step_ms": 1000.0 * total / steps,
        "forward_ms": ms(fwd),
        "backward_ms": ms(bwd),
        "optimizer_ms": ms(optt),
        "peak_rss_mb": peak_rss_mb(),
        "rss_after_import_mb": rss_after_import,
        "loss_first": loss_first,
        "loss_last": loss_last,
        "max_grad_norm": max_grad_norm,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--configs", default="small,medium")
    ap.add_argument("--threads", type=int, default=THREADS, help="torch intra-op threads (default 2)")
    ap.add_argument("--max-grad-norm", type=float, default=MAX_GRAD_NORM,
                    help="global-norm clipping before each optimizer step (default 1.0; 0: none)")
    ap.add_argument("--json", action="store_true", help="also print one JSON line per config")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args._child:
        print(json.dumps(run_one(args._child, args.steps, args.warmup, args.threads, args.max_grad_norm)))
        return

    results = []
    for name in args.configs.split(","):
        cmd = [sys.executable, os.path.abspath(__file__), "--_child", name,
               "--steps", str(args.steps), "--warmup", str(args.warmup), "--threads", str(args.threads),
               "--max-grad-norm", str(args.max_grad_norm)]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))

    r0 = results[0]
    print(f"HF LlamaForCausalLM train step, CPU, threads={r0['threads']}, torch {r0['torch']}, "
          f"transformers {r0['transformers']}, batch {BATCH} x seq {SEQ}, vocab {VOCAB}, "
          f"warmup {args.warmup}, steps {args.steps}, max grad norm {args.max_grad_norm}")
    hdr = (f"{'config':8s} {'H':>4s} {'L':>2s} {'heads':>5s} {'inter':>5s} {'params':>10s} {'tok/s':>9s} "
           f"{'step ms':>8s} {'fwd ms':>8s} {'bwd ms':>8s} {'opt ms':>7s} {'peakRSS MB':>10s} {'loss0->N':>15s}")
    print(hdr)
    for r in results:
        print(f"{r['config']:8s} {r['hidden_size']:4d} {r['num_hidden_layers']:2d} {r['num_attention_heads']:5d} "
              f"{r['intermediate_size']:5d} {r['params']:10d} {r['tokens_per_s']:9.0f} {r['step_ms']:8.1f} "
              f"{r['forward_ms']:8.1f} {r['backward_ms']:8.1f} {r['optimizer_ms']:7.1f} {r['peak_rss_mb']:10.0f} "
              f"{r['loss_first']:7.3f}->{r['loss_last']:6.3f}")
    if args.json:
        for r in results:
            print(json.dumps(r))


if __name__ == "__main__":
    main()
