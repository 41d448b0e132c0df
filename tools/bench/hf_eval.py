#!/usr/bin/env python3
"""Hugging Face transformers + torch doing a GeRe-NB stage evaluation from its transcript (CPU reference).

`./gere bench --sections eval --compare` writes the token ids its judge was given (one JSON object per line:
a "settings" line with max_new_tokens, eos and pad; "score" lines with prompt and continuation ids, the
prompt starting with BOS; "generate" lines with a prompt; "text" lines with a held-out text's ids) and runs
this script on the same model directory (config.json + model.safetensors). It does the work the way a
careful user writes it, in torch.inference_mode() with float32 weights and eager attention:
  score:    each distinct prompt is run once; its continuations go in batches of --batch through a copy
            of its past_key_values; log P(continuation | prompt) = the sum of the continuation tokens'
            log-probabilities (the first from the prompt's last position);
  generate: greedy decoding with model.generate in left-padded batches of --batch prompts of similar
            length, the KV cache on, stopped at EOS (EOS not returned) or after max_new_tokens;
  text:     right-padded batches of --batch texts; the summed negative log-likelihood of every token after
            the first.
It writes one JSON object to --out: seconds per part (the "part" field of the lines), and the answers in
the order of the lines of each kind, which the bench compares with its own.

Usage: python tools/bench/hf_eval.py --model DIR --transcript FILE.jsonl --out FILE.json [--threads 2]
       [--batch 16]
"""

import argparse
import copy
import json
import time
from collections import defaultdict


def read(path):
    settings, score, generate, text = None, [], [], []
    with open(path) as f:
        for line in f:
            o = json.loads(line)
            kind = o["kind"]
            if kind == "settings":
                settings = o
            else:
                {"score": score, "generate": generate, "text": text}[kind].append(o)
    return settings, score, generate, text


def chunks(items, size):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def repeat_cache(past, n):
    """The prompt's cache for n continuations: a copy with every layer's keys and values repeated n times."""
    cache = copy.deepcopy(past)
    cache.batch_repeat_interleave(n)
    return cache


def score(model, entries, pad, batch):
    import torch
    out = [0.0] * len(entries)
    by_prompt = defaultdict(list)
    for i, e in enumerate(entries):
        by_prompt[tuple(e["prompt"])].append((i, e["continuation"]))
    for prompt, items in by_prompt.items():
        first = model(torch.tensor([list(prompt)]), use_cache=True)
        last = torch.log_softmax(first.logits[0, -1].float(), dim=-1)
        for part in chunks(items, batch):
            width = max(len(c) for _, c in part)
            if width == 1:
                for i, c in part:
                    out[i] = last[c[0]].item()
                continue
            ids = torch.tensor([c + [pad] * (width - len(c)) for _, c in part])
            mask = torch.cat([torch.ones(len(part), len(prompt), dtype=torch.long),
                              torch.tensor([[1] * len(c) + [0] * (width - len(c)) for _, c in part])], dim=1)
            logits = model(ids, attention_mask=mask, past_key_values=repeat_cache(first.past_key_values, len(part)),
                           use_cache=True).logits
            logp = torch.log_softmax(logits.float(), dim=-1)
            for row, (i, c) in enumerate(part):
                total = last[c[0]].item()
                for j in range(1, len(c)):
                    total += logp[row, j - 1, c[j]].item()
                out[i] = total
    return out


def generate(model, entries, settings, batch):
    import torch
    eos, pad, budget = settings["eos"], settings["pad"], settings["max_new_tokens"]
    order = sorted(range(len(entries)), key=lambda i: len(entries[i]["prompt"]))
    out = [None] * len(entries)
    for part in chunks(order, batch):
        prompts = [entries[i]["prompt"] for i in part]
        width = max(len(p) for p in prompts)
        ids = torch.tensor([[pad] * (width - len(p)) + p for p in prompts])
        mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts])
        new = model.generate(ids, attention_mask=mask, max_new_tokens=budget, do_sample=False, eos_token_id=eos,
                             pad_token_id=pad)[:, width:].tolist()
        for i, tokens in zip(part, new):
            out[i] = tokens[:tokens.index(eos)] if eos in tokens else tokens
    return out


def nll(model, entries, pad, batch):
    import torch
    out = [0.0] * len(entries)
    for part in chunks(list(range(len(entries))), batch):
        texts = [entries[i]["ids"] for i in part]
        width = max(len(t) for t in texts)
        ids = torch.tensor([t + [pad] * (width - len(t)) for t in texts])
        mask = torch.tensor([[1] * len(t) + [0] * (width - len(t)) for t in texts])
        logp = torch.log_softmax(model(ids, attention_mask=mask).logits.float(), dim=-1)
        for row, (i, t) in enumerate(zip(part, texts)):
            targets = torch.tensor(t[1:])
            out[i] = -logp[row, :len(t) - 1].gather(1, targets.unsqueeze(1)).sum().item()
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True)
    p.add_argument("--transcript", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=16)
    args = p.parse_args()

    import torch
    import transformers
    from transformers import LlamaForCausalLM
    torch.set_num_threads(args.threads)
    model = LlamaForCausalLM.from_pretrained(args.model, dtype=torch.float32, attn_implementation="eager").eval()
    settings, scored, generated, texts = read(args.transcript)
    seconds = defaultdict(float)
    answers = {"scored": [None] * len(scored), "generated": [None] * len(generated), "texts": [None] * len(texts)}
    with torch.inference_mode():
        model(torch.tensor([[settings["eos"]] * 8]))  # warm-up: the first call pays torch's one-off set-up
        for kind, entries, work in (("scored", scored, lambda e: score(model, e, settings["pad"], args.batch)),
                                    ("generated", generated, lambda e: generate(model, e, settings, args.batch)),
                                    ("texts", texts, lambda e: nll(model, e, settings["pad"], args.batch))):
            by_part = defaultdict(list)
            for i, e in enumerate(entries):
                by_part[e["part"]].append(i)
            for part, indices in by_part.items():
                start = time.perf_counter()
                results = work([entries[i] for i in indices])
                seconds[part] += time.perf_counter() - start
                for i, r in zip(indices, results):
                    answers[kind][i] = r
    with open(args.out, "w") as f:
        json.dump({"seconds": seconds, **answers, "torch": torch.__version__,
                   "transformers": transformers.__version__, "threads": args.threads}, f)
    print("hf_eval: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())
          + f" (torch {torch.__version__}, transformers {transformers.__version__}, {args.threads} threads)")


if __name__ == "__main__":
    main()
