"""Token ids that Hugging Face gives for held-out texts under the project's tokenizer.

Writes src/test/resources/fixtures/tokenizer/hf_ids.json: for 40 held-out passages (plus a few edge cases),
the ids of AutoTokenizer(text) (with special tokens) and of tokenizer(text, add_special_tokens=False).
Run with a Python that has transformers: python make_tokenizer_fixture.py
"""
import json
from pathlib import Path

from transformers import AutoTokenizer

root = Path(__file__).resolve().parents[4]
tok = AutoTokenizer.from_pretrained(str(root / "datasets/tokenizer"))
texts = [json.loads(line)["text"] for line in (root / "datasets/general/heldout.jsonl").open()][:40]
texts += ["", " ", "Hello, world!", "  two  spaces\nand a newline\t tab", "caf\u00e9 \u00fcber \u4e2d\u6587 \U0001F600"]
cases = [{"text": t, "with_special": tok(t)["input_ids"], "plain": tok(t, add_special_tokens=False)["input_ids"]}
         for t in texts]
out = Path(__file__).resolve().parents[1] / "resources/fixtures/tokenizer/hf_ids.json"
out.write_text(json.dumps(cases, ensure_ascii=False))
print("wrote", out, len(cases))
