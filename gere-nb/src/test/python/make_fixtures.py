#!/usr/bin/env python3
"""Generate the Hugging Face reference fixtures for the GeRe-NB causal-LM tests.

Usage (from the repository root, in a venv with torch + transformers + safetensors):

    python gere-nb/src/test/python/make_fixtures.py [--out DIR]

Default output: gere-nb/src/test/resources/fixtures/<case>/

Every case is a tiny randomly initialised decoder-only LM (fixed seeds, non-trivial
init: weights N(0, 0.2^2), RMSNorm weights 1 + N(0, 0.1^2), biases N(0, 0.2^2)).
Each case directory holds:

  config.json            as written by model.save_pretrained (transformers 5.x layout:
                         "rope_parameters" dict holding rope_theta, "dtype" key)
  config_v4.json         same config in the transformers 4.x on-disk layout (top-level
                         "rope_theta", "rope_scaling", "torch_dtype"), as found in most
                         published checkpoints; the script checks that transformers
                         parses it to the identical model
  generation_config.json as written by save_pretrained
  model.safetensors      (or shards + model.safetensors.index.json for llama_sharded)
  inputs.json            input_ids / attention_mask / labels, batch 3, right-padded
  reference.safetensors  float32 reference tensors (see REFERENCE_DOC below)
  generate.json          greedy-decoding reference (KV-cache generate)

All references are computed in float32 with attn_implementation="eager", model.eval().
After writing, every case is reloaded from disk with from_pretrained and recomputed to make
sure the files on disk reproduce the reference.
"""

import argparse
import copy
import json
import math
import os
import shutil
import sys

import torch
import transformers
from safetensors.torch import save_file
from transformers import (
    AutoModelForCausalLM,
    LlamaConfig,
    LlamaForCausalLM,
    MistralConfig,
    MistralForCausalLM,
    Qwen2Config,
    Qwen2ForCausalLM,
)

REFERENCE_DOC = """\
reference.safetensors (all float32):
  logits          [B,T,V]
  last_hidden     [B,T,H]   output of the final RMSNorm (== hidden.<L>)
  hidden.<i>      [B,T,H]   i = 0..L, output_hidden_states: 0 = embeddings, i = output of
                            decoder layer i (1-based) for i < L, L = final-norm output
  hidden_prenorm  [B,T,H]   output of the last decoder layer before the final norm
  loss            [1]       model(input_ids, attention_mask, labels=labels).loss
  grad.<name>     param shape, d loss / d param for every entry of model.named_parameters()
                            (tied lm_head appears only as model.embed_tokens.weight; its
                            grad is the sum of the embedding and the lm_head contributions)
  rope.inv_freq   [head_dim/2] the model's rotary inverse frequencies (after scaling)
"""

PAD_ID = 0
SEQ_LENS = (12, 9, 5)
INIT_STD = 0.2


def tiny_llama_gqa_tied():
    return LlamaConfig(
        vocab_size=97,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=64,
        rms_norm_eps=1e-5,
        rope_theta=10000.0,
        tie_word_embeddings=True,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=PAD_ID,
    )


LLAMA3_ROPE_SCALING = {
    "rope_type": "llama3",
    "type": "llama3",
    "factor": 8.0,
    "low_freq_factor": 1.0,
    "high_freq_factor": 4.0,
    # head_dim 16, theta 5e5 -> wavelengths 2*pi/inv_freq = 6.3, 32.4, 167, 862, ...
    # With original_max_position_embeddings = 64: high_freq_wavelen = 16, low_freq_wavelen = 64,
    # so the 1st frequency is kept, the 2nd is smoothly interpolated and the rest are divided by 8:
    # all three branches of the llama3 rule are exercised.
    "original_max_position_embeddings": 64,
}


def tiny_llama3():
    return LlamaConfig(
        vocab_size=97,
        hidden_size=64,
        intermediate_size=80,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=1,
        max_position_embeddings=512,
        rms_norm_eps=1e-5,
        rope_theta=500000.0,
        rope_scaling=dict(LLAMA3_ROPE_SCALING),
        tie_word_embeddings=False,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=PAD_ID,
    )


def tiny_mistral():
    return MistralConfig(
        vocab_size=101,
        hidden_size=32,
        intermediate_size=72,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=128,
        rms_norm_eps=1e-5,
        rope_theta=10000.0,
        sliding_window=None,
        tie_word_embeddings=False,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=PAD_ID,
    )


def tiny_qwen2():
    return Qwen2Config(
        vocab_size=103,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=128,
        rms_norm_eps=1e-6,
        rope_theta=1000000.0,
        tie_word_embeddings=True,
        use_sliding_window=False,
        bos_token_id=None,
        eos_token_id=2,
        pad_token_id=PAD_ID,
    )


def set_seed(seed):
    torch.manual_seed(seed)


def random_init_(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight") or name.endswith("layernorm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g))
            elif name.endswith(".bias"):
                p.copy_(INIT_STD * torch.randn(p.shape, generator=g))
            else:
                p.copy_(INIT_STD * torch.randn(p.shape, generator=g))


def build_model(cls, config, seed):
    set_seed(seed)
    config = copy.deepcopy(config)
    config._attn_implementation = "eager"
    model = cls(config).to(torch.float32)
    random_init_(model, seed + 1)
    model.eval()
    return model


def make_inputs(vocab_size, seed):
    g = torch.Generator().manual_seed(seed)
    B, T = len(SEQ_LENS), max(SEQ_LENS)
    input_ids = torch.full((B, T), PAD_ID, dtype=torch.long)
    attention_mask = torch.zeros((B, T), dtype=torch.long)
    for b, n in enumerate(SEQ_LENS):
        input_ids[b, :n] = torch.randint(1, vocab_size, (n,), generator=g)
        attention_mask[b, :n] = 1
    labels = input_ids.clone()
    labels[attention_mask == 0] = -100
    labels[0, :2] = -100  # simulated masked prompt
    return input_ids, attention_mask, labels


def compute_reference(model, input_ids, attention_mask, labels):
    model.zero_grad(set_to_none=True)
    out = model(
        input_ids=input_ids,
        attention_mask=attention_mask,
        labels=labels,
        output_hidden_states=True,
        use_cache=False,
    )
    out.loss.backward()
    ref = {
        "logits": out.logits.detach(),
        "loss": out.loss.detach().reshape(1),
    }
    hs = out.hidden_states
    L = model.config.num_hidden_layers
    assert len(hs) == L + 1, len(hs)
    for i, h in enumerate(hs):
        ref[f"hidden.{i}"] = h.detach()
    ref["last_hidden"] = hs[-1].detach()

    # pre-norm output of the last decoder layer, captured with a hook
    captured = {}
    layer = model.model.layers[-1]
    handle = layer.register_forward_hook(
        lambda m, i, o: captured.__setitem__("h", (o[0] if isinstance(o, tuple) else o).detach())
    )
    with torch.no_grad():
        out2 = model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False)
    handle.remove()
    ref["hidden_prenorm"] = captured["h"]
    # sanity: final norm of the pre-norm output equals hidden.<L>; logits deterministic
    assert torch.allclose(model.model.norm(captured["h"]), hs[-1], atol=1e-6)
    assert torch.equal(out2.logits, out.logits)

    for name, p in model.named_parameters():
        assert p.grad is not None, name
        ref[f"grad.{name}"] = p.grad.detach().clone()
    ref["rope.inv_freq"] = model.model.rotary_emb.inv_freq.detach().clone()

    # independent loss check: mean CE over the shifted labels that are not -100
    logits = out.logits.detach()
    sl = labels[:, 1:].reshape(-1)
    lg = logits[:, :-1].reshape(-1, logits.shape[-1])
    keep = sl != -100
    manual = torch.nn.functional.cross_entropy(lg[keep], sl[keep], reduction="mean")
    assert torch.allclose(manual, out.loss.detach(), atol=1e-6), (manual, out.loss)
    model.zero_grad(set_to_none=True)
    return {k: v.to(torch.float32).contiguous().clone() for k, v in ref.items()}


def greedy_reference(model, input_ids):
    prompt = input_ids[0, :5].unsqueeze(0)
    max_new = 6
    gen = model.generate(
        input_ids=prompt,
        attention_mask=torch.ones_like(prompt),
        max_new_tokens=max_new,
        min_new_tokens=max_new,
        do_sample=False,
        eos_token_id=None,
        pad_token_id=PAD_ID,
        use_cache=True,
    )
    new = gen[0, prompt.shape[1]:].tolist()
    assert len(new) == max_new, new
    # independent check without KV cache; record the smallest top1-top2 logit margin
    seq = prompt.clone()
    margins = []
    with torch.no_grad():
        for _ in range(max_new):
            logits = model(input_ids=seq, use_cache=False).logits[0, -1]
            top2 = torch.topk(logits, 2).values
            margins.append(float(top2[0] - top2[1]))
            nxt = int(torch.argmax(logits))
            seq = torch.cat([seq, torch.tensor([[nxt]])], dim=1)
    assert seq[0, prompt.shape[1]:].tolist() == new, (seq, new)
    return {
        "prompt": prompt[0].tolist(),
        "max_new_tokens": max_new,
        "greedy": new,
        "min_top2_logit_margin": min(margins),
    }


def legacy_config_dict(config_json_path):
    """transformers 4.x on-disk layout of the same config."""
    with open(config_json_path) as f:
        d = json.load(f)
    rp = d.pop("rope_parameters", None)
    out = {}
    for k, v in d.items():
        if k == "dtype":
            out["torch_dtype"] = v
        else:
            out[k] = v
    if rp is not None:
        rp = dict(rp)
        out["rope_theta"] = rp.pop("rope_theta")
        if rp.get("rope_type", "default") == "default" and len(rp) == 1:
            out["rope_scaling"] = None
        else:
            out["rope_scaling"] = rp
    out.pop("transformers_version", None)
    out["transformers_version"] = "4.x-layout (derived)"
    return dict(sorted(out.items()))


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def write_compact_json(path, obj):
    """Top-level keys one per line; each list row of numbers on one line."""
    lines = []
    for k, v in obj.items():
        if isinstance(v, list) and v and isinstance(v[0], list):
            rows = ",\n    ".join(json.dumps(r) for r in v)
            lines.append(f"  {json.dumps(k)}: [\n    {rows}\n  ]")
        else:
            lines.append(f"  {json.dumps(k)}: {json.dumps(v)}")
    with open(path, "w") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")
    with open(path) as f:
        assert json.load(f) == obj


def write_inputs(case_dir, input_ids, attention_mask, labels):
    write_compact_json(
        os.path.join(case_dir, "inputs.json"),
        {
            "input_ids": input_ids.tolist(),
            "attention_mask": attention_mask.tolist(),
            "labels": labels.tolist(),
        },
    )


def save_case(case_dir, model, input_ids, attention_mask, labels, ref, gen, save_dtype=None, shard_size=None):
    if os.path.isdir(case_dir):
        shutil.rmtree(case_dir)
    os.makedirs(case_dir)
    to_save = model
    if save_dtype is not None:
        to_save = copy.deepcopy(model).to(save_dtype)
    kwargs = {"safe_serialization": True}
    if shard_size is not None:
        kwargs["max_shard_size"] = shard_size
    try:
        to_save.save_pretrained(case_dir, **kwargs)
    except TypeError:
        kwargs.pop("safe_serialization")
        to_save.save_pretrained(case_dir, **kwargs)
    write_json(os.path.join(case_dir, "config_v4.json"), legacy_config_dict(os.path.join(case_dir, "config.json")))
    write_inputs(case_dir, input_ids, attention_mask, labels)
    save_file(ref, os.path.join(case_dir, "reference.safetensors"), metadata={"format": "pt"})
    write_compact_json(os.path.join(case_dir, "generate.json"), gen)


def verify_case(case_dir, cls, ref, input_ids, attention_mask, labels, atol):
    """Reload from disk (both config layouts) and recompute."""
    from safetensors.torch import load_file

    disk_ref = load_file(os.path.join(case_dir, "reference.safetensors"))
    for k in ref:
        assert torch.equal(disk_ref[k], ref[k]), k
    model = AutoModelForCausalLM.from_pretrained(case_dir, dtype=torch.float32, attn_implementation="eager")
    assert isinstance(model, cls), type(model)
    model.eval()
    r2 = compute_reference(model, input_ids, attention_mask, labels)
    worst = 0.0
    for k, v in ref.items():
        d = float((r2[k] - v).abs().max()) if v.numel() else 0.0
        worst = max(worst, d)
        assert d <= atol, (case_dir, k, d)
    # legacy (4.x) config layout must parse to the same model
    with open(os.path.join(case_dir, "config_v4.json")) as f:
        legacy = json.load(f)
    legacy.pop("transformers_version")
    cfg_cls = type(model.config)
    lcfg = cfg_cls.from_dict(legacy)
    assert lcfg.rope_parameters == model.config.rope_parameters, (lcfg.rope_parameters, model.config.rope_parameters)
    lcfg._attn_implementation = "eager"
    lm = cls(lcfg).to(torch.float32)
    lm.load_state_dict(model.state_dict())
    lm.eval()
    assert torch.equal(lm.model.rotary_emb.inv_freq, model.model.rotary_emb.inv_freq)
    with torch.no_grad():
        lg = lm(input_ids=input_ids, attention_mask=attention_mask).logits
    assert float((lg - ref["logits"]).abs().max()) <= atol
    return worst


def round_weights_(model, dtype):
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.to(dtype).to(torch.float32))


def dir_size(path):
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, "..", "resources", "fixtures"))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=default_out)
    args = ap.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)

    report = []

    def do_case(name, cls, config, seed, save_dtype=None, round_dtype=None, shard_size=None, base=None):
        if base is None:
            model = build_model(cls, config, seed)
        else:
            model = copy.deepcopy(base)
        if round_dtype is not None:
            round_weights_(model, round_dtype)
        input_ids, attention_mask, labels = make_inputs(model.config.vocab_size, seed + 100)
        ref = compute_reference(model, input_ids, attention_mask, labels)
        gen = greedy_reference(model, input_ids)
        case_dir = os.path.join(out, name)
        save_case(case_dir, model, input_ids, attention_mask, labels, ref, gen, save_dtype, shard_size)
        worst = verify_case(case_dir, cls, ref, input_ids, attention_mask, labels, atol=1e-5)
        report.append((name, float(ref["loss"][0]), worst, dir_size(case_dir), gen["min_top2_logit_margin"]))
        return model

    base_llama = do_case("llama_gqa_tied", LlamaForCausalLM, tiny_llama_gqa_tied(), seed=1000)

    # llama3 rope: verify the scaling actually changes the frequencies at this head dim
    llama3 = do_case("llama3_rope_untied", LlamaForCausalLM, tiny_llama3(), seed=2000)
    unscaled_cfg = tiny_llama3()
    unscaled_cfg.rope_parameters = {"rope_type": "default", "rope_theta": 500000.0}
    unscaled = LlamaForCausalLM(unscaled_cfg).model.rotary_emb.inv_freq
    scaled = llama3.model.rotary_emb.inv_freq
    ratio = (unscaled / scaled).tolist()
    print("llama3 inv_freq unscaled:", unscaled.tolist())
    print("llama3 inv_freq scaled:  ", scaled.tolist())
    print("llama3 unscaled/scaled:  ", ratio)
    assert abs(ratio[0] - 1.0) < 1e-6, "first frequency should be untouched (high-frequency band)"
    assert 1.0 < ratio[1] < 8.0, "second frequency should be in the smoothed band"
    assert all(abs(r - 8.0) < 1e-4 for r in ratio[2:]), "low frequencies should be divided by factor"

    do_case("mistral", MistralForCausalLM, tiny_mistral(), seed=3000)
    do_case("qwen2_bias", Qwen2ForCausalLM, tiny_qwen2(), seed=4000)

    # reduced-precision storage of the llama_gqa_tied weights; reference = f32 math on rounded weights
    do_case("llama_bf16", LlamaForCausalLM, None, seed=1000, base=base_llama,
            save_dtype=torch.bfloat16, round_dtype=torch.bfloat16)
    do_case("llama_f16", LlamaForCausalLM, None, seed=1000, base=base_llama,
            save_dtype=torch.float16, round_dtype=torch.float16)

    # sharded copy of llama3_rope_untied (same weights, same inputs, same reference)
    total = sum(p.numel() * 4 for p in llama3.parameters())
    do_case("llama_sharded", LlamaForCausalLM, None, seed=2000, base=llama3, shard_size=int(total * 0.6))
    sh_dir = os.path.join(out, "llama_sharded")
    files = sorted(f for f in os.listdir(sh_dir) if f.startswith("model-"))
    assert files == ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"], files
    assert os.path.exists(os.path.join(sh_dir, "model.safetensors.index.json"))
    with open(os.path.join(out, "llama3_rope_untied", "inputs.json")) as a, open(os.path.join(sh_dir, "inputs.json")) as b:
        assert a.read() == b.read()

    with open(os.path.join(out, "README.md"), "w") as f:
        f.write(
            "# Hugging Face reference fixtures\n\n"
            "Generated by `gere-nb/src/test/python/make_fixtures.py` (fixed seeds; rerun to regenerate) with\n"
            f"torch {torch.__version__}, transformers {transformers.__version__}, python {sys.version.split()[0]}.\n"
            "Tiny random models, float32 eager attention, `model.eval()`.\n\n"
            "Cases: " + ", ".join(f"`{r[0]}`" for r in report) + ".\n\n"
            "Per case: `config.json` (as written by transformers 5.x `save_pretrained`: rope settings live in\n"
            "`rope_parameters`, dtype in `dtype`), `config_v4.json` (same config in the 4.x layout: top-level\n"
            "`rope_theta`/`rope_scaling`/`torch_dtype`), weights (`model.safetensors`, or two shards plus\n"
            "`model.safetensors.index.json` for `llama_sharded`), `inputs.json` (batch 3, right-padded with id 0,\n"
            "labels -100 on padding and on the first 2 tokens of row 0), `reference.safetensors`, `generate.json`\n"
            "(greedy continuation of the first 5 tokens of row 0 by `generate(do_sample=False, eos_token_id=None,\n"
            "min_new_tokens=6)` with KV cache, checked against an uncached argmax loop; it does not stop at the\n"
            "config's eos id 2; `min_top2_logit_margin` is the smallest top-1/top-2 logit gap over the 6 steps).\n\n"
            "`llama_bf16`/`llama_f16`: the `llama_gqa_tied` weights stored as BF16/F16; references are float32 math\n"
            "on the rounded weights. `llama_sharded`: the `llama3_rope_untied` model split over two files.\n\n"
            "```\n" + REFERENCE_DOC + "```\n"
        )

    print()
    print(f"torch {torch.__version__} transformers {transformers.__version__}")
    print(f"{'case':22s} {'loss':>10s} {'reload max|d|':>14s} {'bytes':>9s} {'gen margin':>10s}")
    for name, loss, worst, size, margin in report:
        print(f"{name:22s} {loss:10.6f} {worst:14.3g} {size:9d} {margin:10.4f}")
    print("total bytes:", sum(r[3] for r in report) + os.path.getsize(os.path.join(out, "README.md")))


if __name__ == "__main__":
    main()
