#!/usr/bin/env python3
"""Optional check of datasets/tokenizer against the Hugging Face `tokenizers`/`transformers` libraries.

Not part of the build and not needed by the product; run it in a throwaway environment that has the
two libraries, e.g.  /path/to/venv/bin/python datasets/verify_tokenizer.py

Checks, for every passage of general/heldout.jsonl (and replay.jsonl, pretrain.jsonl with --all):
  * HF encode (no special tokens) == the project's pure-Python encoder (train_tokenizer.Encoder);
  * decode(encode(text)) == text exactly;
  * AutoTokenizer(text).input_ids == [1] + ids (BOS from the post-processor, no EOS).
Prints token counts per file.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train_tokenizer as T  # noqa: E402


def main():
    from tokenizers import Tokenizer
    from transformers import AutoTokenizer
    tdir = os.path.join(HERE, "tokenizer")
    hf = Tokenizer.from_file(os.path.join(tdir, "tokenizer.json"))
    auto = AutoTokenizer.from_pretrained(tdir)
    ours = T.Encoder(os.path.join(tdir, "tokenizer.json"))
    assert hf.get_vocab_size() == 4096, hf.get_vocab_size()
    assert (auto.bos_token_id, auto.eos_token_id, auto.pad_token_id) == (1, 2, 0)
    files = ["heldout", "replay", "pretrain"] if "--all" in sys.argv else ["heldout", "replay"]
    ok = True
    for name in files:
        texts = [json.loads(l)["text"] for l in open(os.path.join(HERE, "general", name + ".jsonl"),
                                                      encoding="utf-8")]
        encs = hf.encode_batch(texts, add_special_tokens=False)
        total = 0
        mism = rt = bos = 0
        for text, e in zip(texts, encs):
            ids = e.ids
            total += len(ids)
            if ours.encode(text) != ids:
                mism += 1
            if hf.decode(ids, skip_special_tokens=False) != text:
                rt += 1
        for text in texts[:200]:
            if auto(text).input_ids != [1] + hf.encode(text, add_special_tokens=False).ids:
                bos += 1
        ok = ok and mism == 0 and rt == 0 and bos == 0
        print("%-9s %6d passages  %9d tokens  %.1f tokens/passage  max %d  | encoder mismatches %d, "
              "round-trip failures %d, BOS failures %d/200"
              % (name, len(texts), total, total / len(texts), max(len(e.ids) for e in encs), mism, rt, bos))
    sample = "Hello world!  It's 2025 — naïve café, 東京.\n\n  def f(x):\n\treturn x"
    ids = hf.encode(sample, add_special_tokens=False).ids
    print("sample round-trip:", hf.decode(ids) == sample, "| ours == hf:", ours.encode(sample) == ids)
    print("ALL OK" if ok else "FAILURES")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
