#!/usr/bin/env python3
"""Byte-level BPE trainer and encoder (Python standard library only).

Trains a GPT-2 style byte-level BPE on a JSONL corpus ({"text": ...} per line) and writes a Hugging Face
`tokenizer.json` (model BPE, ByteLevel pre-tokenizer/decoder, TemplateProcessing that puts <s> in front of
single sequences) plus `tokenizer_config.json` and `special_tokens_map.json`.

    python3 datasets/train_tokenizer.py datasets/general/pretrain.jsonl datasets/tokenizer --vocab-size 4096

Ids: 0 <pad>, 1 <s>, 2 </s>, 3..258 the 256 single bytes (in byte order, written with the GPT-2
byte-to-unicode map), then one id per merge in the order the merges were learned.

Pre-tokenization: the GPT-2 pattern
    's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+
Python's `re` has no \\p{..} classes, so \\p{L} and \\p{N} are built as explicit character classes from
`unicodedata` (general categories L* and N* of the running Python's Unicode database), and \\s is
replaced by an explicit class of the Unicode White_Space characters (what Oniguruma's \\s matches in the
Hugging Face library), instead of Python's \\s (which also matches U+001C..U+001F). The only possible
deviation from the Hugging Face pre-tokenizer is therefore for code points whose category differs
between the two Unicode database versions.

Training: word frequencies of the pre-tokens, then repeated merging of the most frequent adjacent
symbol pair, with pair counts updated incrementally only for the words that contain the merged pair
(lazy max-heap). Ties are broken by the smaller (left id, right id) pair, so training is deterministic.
"""
import argparse
import heapq
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter

SPECIAL_TOKENS = ["<pad>", "<s>", "</s>"]
N_SPECIAL = len(SPECIAL_TOKENS)

_WHITESPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
               "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def bytes_to_unicode():
    """GPT-2's reversible map from the 256 byte values to printable unicode characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\xa1"), ord("\xac") + 1)) + \
        list(range(ord("\xae"), ord("\xff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_ENCODER = bytes_to_unicode()
BYTE_DECODER = {v: k for k, v in BYTE_ENCODER.items()}


def _class_from(pred):
    """Regex character-class body (without brackets) for all code points satisfying pred."""
    parts = []
    start = None
    prev = None
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            ok = False
        else:
            ok = pred(unicodedata.category(chr(cp)))
        if ok and start is None:
            start = cp
        if not ok and start is not None:
            parts.append((start, prev))
            start = None
        prev = cp
    if start is not None:
        parts.append((start, 0x10FFFF))

    def esc(c):
        return "\\U%08x" % c
    return "".join(esc(a) if a == b else esc(a) + "-" + esc(b) for a, b in parts)


_PATTERN = None


def gpt2_pattern():
    global _PATTERN
    if _PATTERN is None:
        letters = _class_from(lambda cat: cat[0] == "L")
        numbers = _class_from(lambda cat: cat[0] == "N")
        ws = "".join("\\U%08x" % ord(c) for c in _WHITESPACE)
        pat = ("'s|'t|'re|'ve|'m|'ll|'d"
               "| ?[" + letters + "]+"
               "| ?[" + numbers + "]+"
               "| ?[^" + ws + letters + numbers + "]+"
               "|[" + ws + "]+(?![^" + ws + "])"
               "|[" + ws + "]+")
        _PATTERN = re.compile(pat)
    return _PATTERN


def pretokenize(text):
    """Split text into pre-tokens and map each to its byte-level unicode string."""
    return ["".join(BYTE_ENCODER[b] for b in piece.encode("utf-8")) for piece in gpt2_pattern().findall(text)]


def read_texts(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)["text"]


def train(texts, vocab_size, log=print):
    t0 = time.time()
    pat = gpt2_pattern()
    counts = Counter()
    for text in texts:
        counts.update(pat.findall(text))
    log("pre-tokenized: %d distinct pre-tokens, %d in all (%.1fs)" % (len(counts), sum(counts.values()),
                                                                         time.time() - t0))
    # symbols: ids; 0..255 are bytes here (shifted by N_SPECIAL when written out)
    words = []
    freqs = []
    for piece, c in sorted(counts.items()):
        words.append(list(piece.encode("utf-8")))
        freqs.append(c)
    pair_count = Counter()
    pair_where = {}
    for wi, w in enumerate(words):
        f = freqs[wi]
        for a, b in zip(w, w[1:]):
            pair_count[(a, b)] += f
            pair_where.setdefault((a, b), set()).add(wi)
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)
    n_merges = vocab_size - N_SPECIAL - 256
    merges = []
    token_bytes = {i: bytes([i]) for i in range(256)}
    next_id = 256
    while len(merges) < n_merges and heap:
        negc, pair = heapq.heappop(heap)
        c = pair_count.get(pair, 0)
        if c <= 0:
            continue
        if -negc != c:
            heapq.heappush(heap, (-c, pair))
            continue
        a, b = pair
        new = next_id
        next_id += 1
        merges.append(pair)
        token_bytes[new] = token_bytes[a] + token_bytes[b]
        changed = set()
        for wi in sorted(pair_where.pop(pair, ())):
            w = words[wi]
            f = freqs[wi]
            # remove old pairs
            for p in zip(w, w[1:]):
                pair_count[p] -= f
                changed.add(p)
            nw = []
            i = 0
            L = len(w)
            while i < L:
                if i + 1 < L and w[i] == a and w[i + 1] == b:
                    nw.append(new)
                    i += 2
                else:
                    nw.append(w[i])
                    i += 1
            words[wi] = nw
            for p in zip(nw, nw[1:]):
                pair_count[p] += f
                changed.add(p)
                pair_where.setdefault(p, set()).add(wi)
        pair_count.pop(pair, None)
        for p in changed:
            if p == pair:
                continue
            c2 = pair_count.get(p, 0)
            if c2 > 0:
                heapq.heappush(heap, (-c2, p))
            else:
                pair_count.pop(p, None)
        if len(merges) % 500 == 0:
            log("  %d merges (%.1fs)" % (len(merges), time.time() - t0))
    log("learned %d merges (%.1fs)" % (len(merges), time.time() - t0))
    return merges, token_bytes


def to_unicode(bs):
    return "".join(BYTE_ENCODER[x] for x in bs)


def build_vocab(merges, token_bytes):
    """(vocab dict token->id, merges as 'a b' strings) in the id layout described above."""
    vocab = {}
    for i, t in enumerate(SPECIAL_TOKENS):
        vocab[t] = i
    for byte in range(256):
        vocab[to_unicode(bytes([byte]))] = N_SPECIAL + byte
    merge_strs = []
    for k, (a, b) in enumerate(merges):
        tok = to_unicode(token_bytes[256 + k])
        if tok in vocab:
            raise ValueError("duplicate token %r" % tok)
        vocab[tok] = N_SPECIAL + 256 + k
        merge_strs.append(to_unicode(token_bytes[a]) + " " + to_unicode(token_bytes[b]))
    return vocab, merge_strs


def write_tokenizer(out_dir, vocab, merge_strs, model_max_length=1024):
    os.makedirs(out_dir, exist_ok=True)
    added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i, t in enumerate(SPECIAL_TOKENS)]
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                          "use_regex": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "<s>", "type_id": 1}},
                     {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}},
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": vocab,
            "merges": merge_strs,
        },
    }
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False, indent=1)
        f.write("\n")
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": "<s>",
        "eos_token": "</s>",
        "pad_token": "<pad>",
        "add_bos_token": True,
        "add_eos_token": False,
        "model_max_length": model_max_length,
        "clean_up_tokenization_spaces": False,
        "added_tokens_decoder": {str(i): {k: v for k, v in a.items() if k != "id"} for i, a in enumerate(added)},
    }
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(out_dir, "special_tokens_map.json"), "w", encoding="utf-8") as f:
        json.dump({"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>"}, f, indent=2)
        f.write("\n")


class Encoder:
    """Pure-Python encoder for a tokenizer.json written by this script (no special tokens added)."""

    def __init__(self, tokenizer_json):
        with open(tokenizer_json, encoding="utf-8") as f:
            tok = json.load(f)
        self.vocab = tok["model"]["vocab"]
        self.inv = {v: k for k, v in self.vocab.items()}
        merges = tok["model"]["merges"]
        self.ranks = {}
        for r, m in enumerate(merges):
            a, b = m.split(" ") if isinstance(m, str) else m
            self.ranks[(a, b)] = r
        self.cache = {}
        self.bos_id = self.vocab["<s>"]
        self.eos_id = self.vocab["</s>"]
        self.pad_id = self.vocab["<pad>"]

    def _bpe(self, piece):
        ids = self.cache.get(piece)
        if ids is not None:
            return ids
        syms = list(piece)
        ranks = self.ranks
        while len(syms) > 1:
            best = None
            best_rank = None
            for i in range(len(syms) - 1):
                r = ranks.get((syms[i], syms[i + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = i, r
            if best is None:
                break
            pair = (syms[best], syms[best + 1])
            merged = pair[0] + pair[1]
            out = []
            i = 0
            while i < len(syms):
                if i + 1 < len(syms) and syms[i] == pair[0] and syms[i + 1] == pair[1]:
                    out.append(merged)
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            syms = out
        ids = [self.vocab[s] for s in syms]
        if len(self.cache) < 500000:
            self.cache[piece] = ids
        return ids

    def encode(self, text, add_bos=False):
        out = [self.bos_id] if add_bos else []
        for piece in pretokenize(text):
            out.extend(self._bpe(piece))
        return out

    def decode(self, ids):
        s = "".join(self.inv[i] for i in ids if i >= N_SPECIAL)
        return bytes(BYTE_DECODER[c] for c in s).decode("utf-8", "replace")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", help="JSONL file with a 'text' field per line")
    ap.add_argument("out_dir")
    ap.add_argument("--vocab-size", type=int, default=4096)
    ap.add_argument("--model-max-length", type=int, default=1024)
    args = ap.parse_args(argv)
    merges, token_bytes = train(read_texts(args.corpus), args.vocab_size)
    vocab, merge_strs = build_vocab(merges, token_bytes)
    write_tokenizer(args.out_dir, vocab, merge_strs, args.model_max_length)
    print("wrote %s (vocab %d)" % (os.path.join(args.out_dir, "tokenizer.json"), len(vocab)))


if __name__ == "__main__":
    sys.exit(main())
