"""Mutate the fixtures of every format and read each mutant with ``ogi parse --format jsonl``;
print the table of outcome classes, with seconds and peak memory per input.

    python bench/fuzz.py [--seed 0] [--n 12] [--budget 900] [--timeout 20] [--keep DIR]

Fixtures: the bundled text samples, ``../shared`` (seeds, real reports in text, HTML and PDF,
the hostile PDF), a generated DOCX and HTML page, and scans made from a real PDF's pages (PNG,
JPEG, a two-frame TIFF). Each fixture gets ``--n`` mutants, drawn from a generator seeded by
``--seed`` and the fixture's name (the same seed makes the same mutants): byte flips, truncation,
splicing in part of another fixture, a slice repeated, and mutations of the format's structure
(a zip member inflating far, lying in the zip directory, a part replaced; a PDF stream deflated
into a bomb, page sizes and numbers made huge, cross-references broken; HTML nested deep, spans
and charsets and numbers past reason, a huge script; text with NULs, huge numbers, encodings
mixed; image headers with huge sizes).

Each mutant is one command, under ``--timeout`` (past 3 × it plus 30 s the bench kills it) and an
address-space cap (``--cap-gb``, so that a reader without bounds fails here rather than taking the
machine). Outcome classes: ``read`` (no error finding), ``read with findings`` (some error
finding), ``error:CODE`` (a clean error, by its code), ``internal`` (an exception the command
caught: ``内部错误``), ``traceback``, ``timeout``, ``memory`` (stopped past the memory limit),
``crash`` (the reading process died), ``killed`` (by the bench), ``invalid output`` (a line of
stdout that is not strict UTF-8 JSON: ``NaN``, ``Infinity``, undecodable bytes), and, beside the
class, ``stderr noise`` (any stderr line but ``ogi: …``). ``--budget`` bounds the whole run in
seconds: mutants not run by then are counted as such.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile_inputs import deflated_spaces  # noqa: E402

SHARED = Path(os.environ.get("OGI_SHARED", ROOT.parent / "shared"))
MAX_MUTANT = 40 * 1024 * 1024  # bytes: a mutant is cut to this (past the readers' 32 MiB on purpose)


@dataclass
class Fixture:
    name: str
    kind: str  # text, html, docx, pdf, image
    data: bytes


def fixtures() -> list[Fixture]:
    """Every format's fixtures: the project's samples and ../shared, and documents made from them."""
    from ogi.samples import generate
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    out = [Fixture(f.name, "text", f.read_bytes()) for f in sorted((ROOT / "src/ogi/samples/reports").iterdir())]
    kinds = {".txt": "text", ".md": "text", ".html": "html", ".pdf": "pdf"}
    for folder in ("seeds", "real", "hostile"):
        d = SHARED / folder
        if d.is_dir():
            for f in sorted(d.iterdir()):
                if f.suffix in kinds and not f.name.endswith(".truth.json"):
                    out.append(Fixture(f"{folder}/{f.name}", kinds[f.suffix], f.read_bytes()))
    out.append(Fixture("sample.docx", "docx", render_docx(generate(7, tid="2021"), messy=True)))
    out.append(Fixture("sample-2019.docx", "docx", render_docx(generate(8, tid="2019"))))
    out.append(Fixture("sample.html", "html", render_html(generate(9, tid="2021"), messy=True).encode("utf-8")))
    out += _scans([f.data for f in out if f.kind == "pdf" and f.name.startswith("real/")][:1])
    return out


def _scans(pdfs: list[bytes]) -> list[Fixture]:
    """PNG, JPEG and a two-frame TIFF of a real PDF's first pages (scans, read by OCR)."""
    if not pdfs:
        return []
    try:
        import pypdfium2 as pdfium
    except ModuleNotFoundError:
        return []
    doc = pdfium.PdfDocument(pdfs[0])
    pages = [doc[i].render(scale=1.5).to_pil().convert("RGB") for i in range(min(2, len(doc)))]
    out = []
    for fmt, kw in (("png", {}), ("jpeg", {"quality": 80}), ("tiff", {"save_all": True, "append_images": pages[1:]})):
        buf = io.BytesIO()
        pages[0].save(buf, fmt, **kw)
        out.append(Fixture(f"scan.{fmt}", "image", buf.getvalue()))
    return out


# Mutations: each takes (random, data, fixtures) and gives (description, mutant).

Mutation = Callable[[random.Random, bytes, list[Fixture]], tuple[str, bytes]]


def flip(rng: random.Random, data: bytes, _: list[Fixture]) -> tuple[str, bytes]:
    b = bytearray(data)
    k = rng.choice((1, 2, 8, 64))
    for _ in range(k):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return f"flip {k} bytes", bytes(b)


def truncate(rng: random.Random, data: bytes, _: list[Fixture]) -> tuple[str, bytes]:
    at = rng.randrange(1, len(data))
    return f"truncate at {at}", data[:at]


def splice(rng: random.Random, data: bytes, pool: list[Fixture]) -> tuple[str, bytes]:
    other = rng.choice(pool)
    a, b = sorted(rng.randrange(len(other.data)) for _ in range(2))
    at = rng.randrange(len(data))
    return f"splice {other.name}[{a}:{b}] at {at}", data[:at] + other.data[a:b] + data[at:]


def repeat(rng: random.Random, data: bytes, _: list[Fixture]) -> tuple[str, bytes]:
    a = rng.randrange(len(data))
    piece = data[a : a + rng.choice((1, 16, 256, 4096))]
    times = rng.choice((1000, 100_000, 10**7)) // max(len(piece), 1) + 1
    return f"repeat {len(piece)} bytes × {times}", data[:a] + piece * times + data[a:]


GENERIC: list[Mutation] = [flip, truncate, splice, repeat]


def _zip(members: dict[str, bytes], bomb: tuple[str, int] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            if bomb and name == bomb[0]:
                with z.open(name, "w", force_zip64=True) as w:
                    w.write(body)
                    block = b" " * (1 << 20)
                    for _ in range(bomb[1]):
                        w.write(block)
            else:
                z.writestr(name, body)
    return buf.getvalue()


def docx_structure(rng: random.Random, data: bytes, pool: list[Fixture]) -> tuple[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    members = {i.filename: z.read(i) for i in z.infolist()}
    doc = "word/document.xml"
    what = rng.choice(("bomb", "xml-flip", "drop", "numbering", "span", "deep", "dup", "lie"))
    if what == "bomb":
        mb = rng.choice((70, 300))
        return f"docx: {doc} + {mb} MB of spaces", _zip(members, (doc, mb))
    if what == "xml-flip":
        body = bytearray(members[doc])
        for _ in range(rng.choice((1, 10, 100))):
            body[rng.randrange(len(body))] = rng.choice(b"<>/\"'&=w: \x00")
        members[doc] = bytes(body)
    elif what == "drop":
        name = rng.choice(sorted(members))
        members.pop(name)
        what = f"drop {name}"
    elif what == "numbering":
        start = rng.choice(("1000000000000", "-5", "9" * 400, "x"))
        fmt = rng.choice(("upperLetter", "upperRoman", "chineseCounting", "decimalEnclosedCircle", "bogus"))
        text = rng.choice(("%1、", "%1" * 5000, "%9%8%7", ""))
        members[doc] = members[doc].replace(
            b"<w:p>", b'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>', 50
        )
        members["word/numbering.xml"] = (
            '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
        ).encode()
        what = f"numbering start={start[:20]} fmt={fmt} text×{len(text)}"
    elif what == "span":
        val = rng.choice(("1000000000", "-3", "②", "9" * 50))
        members[doc] = members[doc].replace(b"<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{val}"/>'.encode(), 3)
        what = f"gridSpan {val[:20]}"
    elif what == "deep":
        n = rng.choice((1000, 100_000))
        members[doc] = members[doc].replace(b"<w:body>", b"<w:body>" + b"<w:tbl><w:tr><w:tc>" * n, 1)
        what = f"{n} unclosed nested tables"
    elif what == "dup":
        body = members[doc]
        a = body.find(b"<w:tbl>")
        b = body.find(b"</w:tbl>", a) + len(b"</w:tbl>")
        times = rng.choice((10, 2000))
        if a >= 0:
            members[doc] = body[:b] + body[a:b] * times + body[b:]
        what = f"first table × {times}"
    else:  # the central directory lies about a size
        raw = bytearray(_zip(members))
        cd = raw.rfind(b"PK\x01\x02")
        raw[cd + 24 : cd + 28] = rng.choice((0, 2**32 - 1, 3 * 10**9)).to_bytes(4, "little")
        return "docx: directory lies about a size", bytes(raw)
    return f"docx: {what}", _zip(members)


def pdf_structure(rng: random.Random, data: bytes, pool: list[Fixture]) -> tuple[str, bytes]:
    what = rng.choice(("bomb", "mediabox", "numbers", "xref", "stream-flip", "endstream", "objstm"))
    if what == "bomb":
        layers = rng.choice((1, 2))
        body = deflated_spaces(rng.choice((100, 600, 4096)) << 20)
        if layers == 2:
            body = zlib.compress(body, 9)
        filt = b"/FlateDecode" if layers == 1 else b"[/FlateDecode /FlateDecode]"
        m = re.search(rb"/Contents\s+(\d+)\s+0\s+R", data)
        if m:
            obj = (
                m.group(1)
                + b" 0 obj\n<< /Length "
                + str(len(body)).encode()
                + b" /Filter "
                + filt
                + b" >>\nstream\n"
                + body
                + b"\nendstream\nendobj\n"
            )
            at = data.rfind(b"xref")
            at = at if at > 0 else len(data)
            return f"pdf: page contents → {layers}-layer bomb", data[:at] + obj + data[at:]
        return "pdf: bomb (no contents found, appended)", data + body
    if what == "mediabox":
        big = rng.choice((b"14400 14400", b"1e9 1e9", b"-5 -5", b"0 0"))
        box = b"/MediaBox [0 0 " + big + b"]"
        return f"pdf: MediaBox {big.decode()}", re.sub(rb"/MediaBox\s*\[[^\]]*\]", box, data)
    if what == "numbers":
        big = rng.choice((b"99999999999999999999", b"-1", b"1e308", b"NaN"))
        return f"pdf: /Length and /Count {big.decode()}", re.sub(rb"/(Length|Count) \d+", rb"/\1 " + big, data, count=5)
    if what == "xref":
        shifted = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), data)
        return "pdf: xref offsets shifted", shifted
    if what == "stream-flip":
        b = bytearray(data)
        starts = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
        for _ in range(8):
            if starts:
                at = rng.choice(starts) + rng.randrange(64)
                if at < len(b):
                    b[at] ^= 0xFF
        return "pdf: bytes flipped inside streams", bytes(b)
    if what == "endstream":
        return "pdf: endstream removed", data.replace(b"endstream", b"", rng.choice((1, 100)))
    return "pdf: object streams' /N made huge", re.sub(rb"/N \d+", b"/N 99999999", data)


def html_structure(rng: random.Random, data: bytes, pool: list[Fixture]) -> tuple[str, bytes]:
    text = data.decode("utf-8", "replace")
    what = rng.choice(("deep", "span", "charset", "number", "script", "entity", "tables"))
    if what == "deep":
        n = rng.choice((1000, 50_000))
        return f"html: {n} unclosed <div><span>", text.replace("<body>", "<body>" + "<div><span>" * n, 1).encode()
    if what == "span":
        v = rng.choice(("②", "99999999", "-1", "0", "1e9", "３", "٣"))
        k = rng.choice(("colspan", "rowspan"))
        return f'html: {k}="{v}"', re.sub(r"<td", f'<td {k}="{v}"', text, count=5).encode()
    if what == "charset":
        cs = rng.choice(("rot13", "zlib", "undefined", "punycode", "utf-16", "idna", "hex", "x" * 40))
        return f"html: charset={cs}, bytes GB18030", text.replace("<head>", f'<head><meta charset="{cs}">', 1).encode(
            "gb18030", "replace"
        )
    if what == "number":
        v = rng.choice(("9" * 400, "9" * 400 + ".5", "1" * 5000, "1e999", "0x1F", "١٢٣"))
        return f"html: numbers → {v[:12]}…", re.sub(r">(\d{1,4})<", f">{v}<", text, count=3).encode()
    if what == "script":
        mb = rng.choice((1, 12, 30))
        unit = "<table><tr><td>信息公开</td><td>1</td></tr></table>"
        body = unit * (mb * 1024 * 1024 // len(unit.encode()))
        script = f'<script>var c="{body}";</script>'
        return f"html: {mb} MB script string", text.replace("</body>", script + "</body>").encode()
    if what == "entity":
        ent = rng.choice(("&#xD800;", "&#0;", "&#x110000;", "&#99999999999;", "&nbsp;" * 10000))
        return "html: odd character references", re.sub(r">(\d{1,4})<", f">{ent}<", text, count=5).encode()
    n = rng.choice((2000, 60_000))
    tables = "<table><tr><td>其他</td><td>1</td></tr></table>" * n
    return f"html: {n} more tables", text.replace("</body>", tables + "</body>").encode()


def text_structure(rng: random.Random, data: bytes, pool: list[Fixture]) -> tuple[str, bytes]:
    text = data.decode("utf-8", "replace")
    what = rng.choice(("nul", "number", "encoding", "lines", "bom"))
    if what == "nul":
        return "text: NUL bytes sprinkled", text.replace("\n", "\n\x00", 50).encode()
    if what == "number":
        v = rng.choice(("9" * 400, "9" * 20 + ".5", "1" * 5000, "１２３４５"))
        return f"text: numbers → {v[:12]}…", re.sub(r"(?<=\| )\d+(?= \|)", v, text, count=5).encode()
    if what == "encoding":
        half = len(text) // 2
        return "text: half UTF-8, half GBK", text[:half].encode() + text[half:].encode("gbk", "replace")
    if what == "lines":
        return "text: one line of 2 MB", (text.replace("\n", " ") * 50)[: 2 << 20].encode()
    return "text: UTF-16 BOM on UTF-8 bytes", b"\xff\xfe" + data


def image_structure(rng: random.Random, data: bytes, pool: list[Fixture]) -> tuple[str, bytes]:
    b = bytearray(data)
    if data.startswith(b"\x89PNG"):  # IHDR width and height at 16..24
        b[16:24] = rng.choice((b"\x00\x00\xff\xff\x00\x00\xff\xff", b"\x7f\xff\xff\xff\x00\x00\x00\x01"))
        return "png: IHDR size made huge", bytes(b)
    if data.startswith(b"\xff\xd8"):
        at = data.find(b"\xff\xc0")
        if at > 0:
            b[at + 5 : at + 9] = b"\xff\xff\xff\xff"
        return "jpeg: SOF size made huge", bytes(b)
    from PIL import Image

    frames = rng.choice((12, 30))
    w, h = rng.choice(((9000, 9000), (30000, 2600), (2600, 30000)))
    pages = [Image.new("1", (w, h), 1) for _ in range(3)]
    buf = io.BytesIO()
    pages[0].save(buf, "tiff", save_all=True, append_images=pages[1:] * (frames // 3), compression="group4")
    return f"tiff: {frames} frames of {w}×{h}", buf.getvalue()


STRUCTURE: dict[str, Mutation] = {
    "docx": docx_structure,
    "pdf": pdf_structure,
    "html": html_structure,
    "text": text_structure,
    "image": image_structure,
}


def mutants(fx: Fixture, n: int, seed: int, pool: list[Fixture]) -> Iterator[tuple[str, bytes]]:
    """``n`` mutants of ``fx``, made one at a time (the same ``seed`` gives the same ones)."""
    rng = random.Random(f"{seed}:{fx.name}")
    for _ in range(n):
        m = STRUCTURE[fx.kind] if rng.random() < 0.5 else rng.choice(GENERIC)
        try:
            what, data = m(rng, fx.data, pool)
        except Exception as e:  # a mutation that does not apply to this fixture
            what, data = f"(mutation failed: {type(e).__name__}) flip", flip(rng, fx.data, pool)[1]
        yield what, data[:MAX_MUTANT]


# Running and classifying


@dataclass
class Outcome:
    fixture: str
    kind: str
    what: str
    cls: str
    seconds: float
    peak_mb: float
    noise: list[str] = field(default_factory=list)
    detail: str = ""


def _strict(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def classify(code: int | None, out: bytes, err: bytes) -> tuple[str, str]:
    text = err.decode("utf-8", "replace")
    if code is None:
        return "killed", ""
    if "Traceback" in text:
        return "traceback", [ln for ln in text.splitlines() if ln.strip()][-1][:200]
    if "内部错误" in text:
        return "internal", text.strip()[-200:]
    objs = []
    try:
        for line in out.decode("utf-8").splitlines():
            objs.append(json.loads(line, parse_constant=_strict))
    except ValueError as e:
        return "invalid output", str(e)[:200]
    if code < 0:
        return "crash", f"signal {-code}"
    if len(objs) != 1:
        return "invalid output", f"{len(objs)} objects for one input"
    o = objs[0]
    if "error" in o:
        c = o["error"]["code"]
        if c in ("timeout", "memory", "crash"):
            return c, o["error"]["message"]
        return f"error:{c}", o["error"]["message"]
    errs = [f["rule"] for f in o.get("findings", []) if f["severity"] == "error"]
    return ("read with findings" if errs else "read"), ",".join(sorted(set(errs)))[:200]


TIME = shutil.which("time", path="/usr/bin:/bin")  # GNU time: the peak of the command alone


def run_one(path: Path, timeout: float, cap_gb: float) -> tuple[int | None, bytes, bytes, float, float]:
    """Run ``ogi parse`` on one mutant: exit code (None: killed here), stdout, stderr, seconds,
    peak resident MB of its largest process (the command or its reading worker). The peak comes
    from GNU time, a small process between: Linux counts in a process's peak the memory of the
    process it was started from, until it runs its program (this one holds every fixture)."""
    cmd = [sys.executable, "-m", "ogi", "parse", "--format", "jsonl", "--timeout", str(timeout), str(path)]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe, tempfile.NamedTemporaryFile() as fm:
        if TIME:
            cmd = [TIME, "-f", "%M", "-o", fm.name, *cmd]
        p = subprocess.Popen(cmd, stdout=fo, stderr=fe, start_new_session=True)
        if cap_gb:  # set from here, before the command has imported anything
            b = int(cap_gb * (1 << 30))
            resource.prlimit(p.pid, resource.RLIMIT_AS, (b, b))
        deadline = t0 + 3 * timeout + 30
        code: int | None = None
        rusage = None
        while True:
            pid, status, rusage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() > deadline:
                os.killpg(p.pid, 9)
                _, _, rusage = os.wait4(p.pid, 0)
                break
            time.sleep(0.02)
        p.returncode = code if code is not None else -9  # reaped here, not by Popen
        secs = time.perf_counter() - t0
        fo.seek(0)
        fe.seek(0)
        out, err = fo.read(), fe.read()
        got = Path(fm.name).read_text().split()
    if TIME and got and got[-1].isdigit():
        peak = int(got[-1]) / 1024
        m = re.search(r"Command (?:exited with non-zero status|terminated by signal) (\d+)", " ".join(got))
        if code is not None and m:
            code = int(m.group(1)) if "exited" in m.group(0) else -int(m.group(1))
    else:
        peak = rusage.ru_maxrss / 1024 if rusage else float("nan")
    return code, out, err, secs, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n", type=int, default=12, help="mutants per fixture")
    ap.add_argument("--budget", type=float, default=900.0, help="seconds for the whole run")
    ap.add_argument("--timeout", type=float, default=20.0, help="--timeout of each ogi parse")
    ap.add_argument("--cap-gb", type=float, default=4.0, help="address space of each command (0: none)")
    ap.add_argument("--kinds", nargs="*", default=None, help="only these formats (text html docx pdf image)")
    ap.add_argument("--keep", type=Path, help="copy here the mutants whose outcome is not a clean one")
    ap.add_argument("--jsonl", type=Path, help="write every outcome here")
    a = ap.parse_args()

    pool = fixtures()
    chosen = [fx for fx in pool if not a.kinds or fx.kind in a.kinds]
    planned = len(chosen) * a.n
    print(f"{len(chosen)} fixtures, {planned} mutants (seed {a.seed}, {a.n} each); budget {a.budget:.0f} s", flush=True)
    results: list[Outcome] = []
    t0 = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="ogi-fuzz-"))
    log = a.jsonl.open("w", encoding="utf-8") if a.jsonl else None
    # made one fixture at a time, as they are run
    todo = ((fx, what, data) for fx in chosen for what, data in mutants(fx, a.n, a.seed, pool))
    try:
        for i, (fx, what, data) in enumerate(todo):
            if time.monotonic() - t0 > a.budget:
                break
            f = tmp / f"m{i:05d}{Path(fx.name).suffix}"
            f.write_bytes(data)
            code, out, err, secs, peak = run_one(f, a.timeout, a.cap_gb)
            cls, detail = classify(code, out, err)
            lines = err.decode("utf-8", "replace").splitlines()
            noise = [ln for ln in lines if ln.strip() and not ln.startswith("ogi: ")]
            o = Outcome(fx.name, fx.kind, what, cls, secs, peak, noise[:3], detail)
            results.append(o)
            if log:
                log.write(json.dumps(o.__dict__, ensure_ascii=False) + "\n")
                log.flush()
            bad = cls in ("traceback", "internal", "invalid output", "crash", "killed") or noise
            if bad:
                print(f"  ! {cls:18} {fx.name} ({what}): {detail or noise[:1]}", flush=True)
                if a.keep:
                    a.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(f, a.keep / f"{cls.replace(' ', '-')}-{i:05d}-{Path(fx.name).name}")
            f.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if log:
            log.close()
    report(results, planned, time.monotonic() - t0)


def report(results: list[Outcome], planned: int, seconds: float) -> None:
    by: dict[str, list[Outcome]] = defaultdict(list)
    for o in results:
        by[o.cls].append(o)
    noisy = [o for o in results if o.noise]
    print(f"\n{len(results)} of {planned} mutants run in {seconds:.0f} s\n")
    print("| outcome | inputs | share | median s | max s | median peak MB | max peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")

    def med(xs: list[float]) -> float:
        xs = sorted(xs)
        return xs[len(xs) // 2] if xs else float("nan")

    for cls, os_ in sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        s = [o.seconds for o in os_]
        m = [o.peak_mb for o in os_]
        print(
            f"| {cls} | {len(os_)} | {len(os_) / max(len(results), 1):.1%} | {med(s):.1f} | {max(s):.1f} "
            f"| {med(m):.0f} | {max(m):.0f} |"
        )
    print(f"| (stderr noise, any class) | {len(noisy)} | {len(noisy) / max(len(results), 1):.1%} | | | | |")
    print("\nby format:", dict(sorted(Counter(o.kind for o in results).items())))
    worst = sorted(results, key=lambda o: -o.peak_mb)[:5]
    print("largest peaks:", "; ".join(f"{o.peak_mb:.0f} MB {o.cls} ({o.fixture}: {o.what})" for o in worst))
    slow = sorted(results, key=lambda o: -o.seconds)[:5]
    print("slowest:", "; ".join(f"{o.seconds:.0f} s {o.cls} ({o.fixture}: {o.what})" for o in slow))


if __name__ == "__main__":
    main()
