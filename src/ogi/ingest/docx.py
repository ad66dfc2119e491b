"""Word documents (DOCX) to the common document, reading ``word/document.xml`` directly.

- The zip is checked before anything is inflated: members' declared sizes and
  compression ratios are bounded (a zip bomb is refused at once), and every
  member is read with a hard cap whatever its header says.
- Tables (``w:tbl`` holding no other table, more than one grid column) become
  grids: ``w:gridBefore`` and ``w:gridSpan`` give each cell its true grid
  column, a vertically merged cell (``w:vMerge``) is emitted only at its origin
  (``restart``), legacy ``w:hMerge`` continuations widen the cell before them.
  One ``Line(cells, grid=t)`` per row, ``Where(table=t, row=r, col=c)`` as for
  HTML (:mod:`ogi.ingest.html`). A cell's paragraphs and breaks are its text.
- Paragraphs outside tables are prose, one single-cell line each (a ``w:br``
  starts a new one), ``Where(line=n)`` with ``n`` the 1-based index of the
  paragraph among the document's prose paragraphs (tables not counted).
- Automatic numbering (``word/numbering.xml``: "一、", "(二)", "3." printed by
  Word, not typed) is written into the text (:mod:`ogi.ingest.wordnum`).
- Parts imported with ``w:altChunk`` (the HTML or MHT that "export to Word"
  tools embed instead of WordprocessingML) are read by the HTML reader, their
  tables and paragraphs numbered on from the document's.
- Deleted text of tracked changes, field codes and the fallback copies of
  drawings are skipped; text boxes are read as paragraphs.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field

from ogi.errors import InputError
from ogi.ingest.grid import Span, grid_lines
from ogi.ingest.pictures import Found, place
from ogi.ingest.text import MAX_LINES, TOO_LONG
from ogi.ingest.wordnum import number_paragraphs
from ogi.model import CUT_SHORT, PAGE_HEADER, Cell, Document, Line, Source, Where

try:  # python-docx's XML library; the message below names the missing component
    from lxml import etree
except ModuleNotFoundError as e:  # pragma: no cover - depends on the install
    raise ModuleNotFoundError("lxml (pip install 'ogi-reports[docx]')", name="lxml") from e

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"  # a picture (DrawingML)
V_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"  # a picture (VML, older Word)

# Bounds on what a DOCX may inflate to: the main part, everything, and the ratio
# of a member's declared size to its compressed size.
MAX_PART = 64 * 1024 * 1024
MAX_AUX_PART = 8 * 1024 * 1024  # the parts read beside it (numbering, styles, imported pages)
MAX_TOTAL = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10000
_ARTICLE_CELL = 1000

_SKIP = frozenset(
    {W + "delText", W + "instrText", W + "delInstrText", MC_FALLBACK, W + "rPr", W + "pPr", W + "tblPr", W + "sdtPr"}
)


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(W + "val", default)


def _int(s: str | None, default: int) -> int:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


def _bomb(what: str, path: str | None, cn: str = "Word 文件") -> InputError:
    return InputError(f"{cn}疑为压缩炸弹：{what}，已拒绝读取 (zip bomb refused: inflates past the limit)", path=path)


def read_parts(
    data: bytes,
    names: tuple[str, ...],
    path: str | None,
    left: list[str] | None = None,
    kind: tuple[str, str] = ("Word 文件", "DOCX"),
    damaged: list[str] | None = None,
) -> dict[str, bytes]:
    """Members of a DOCX (the first required, the others when present and no larger than
    :data:`MAX_AUX_PART`), after checking the whole archive is no bomb: no member inflating past
    :data:`MAX_PART`, nor past :data:`MAX_RATIO` times its compressed size (beyond a megabyte), nor
    all of them past :data:`MAX_TOTAL`; and whatever the sizes in its directory say, no member is
    inflated further than its bound. The names of optional parts left out for their size are
    added to ``left``. ``kind`` names the file in errors (Chinese, English: an Excel workbook's are
    read so too). A package without its directory (a download cut short) or whose first part will not
    inflate to its end gives what its local headers and its bytes before the damage hold
    (:func:`salvage`), said in ``damaged`` (notes for the document); only when the first part cannot be
    had at all is it refused."""
    cn, en = kind
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        # a download cut short (no directory at the end) or a damaged directory: the members its local headers
        # still hold (a Word file's text comes early in the package, before its styles and pictures)
        found = salvage(data, names)
        if names[0] not in found:
            raise InputError(f"{cn}已损坏：不是完整的 ZIP 包 (corrupt {en}: {e})", path=path) from e
        if damaged is not None:
            damaged.append(
                f"{cn}不是完整的 ZIP 包（缺少目录，下载不完整？），正文从各部件的文件头读出 (zip without its directory)"
            )
        out = {}
        for n, name in enumerate(names):
            if name in found:
                body, whole = found[name]
                if len(body) > (MAX_PART if n == 0 else MAX_AUX_PART):
                    raise _bomb(f"{name} 解压后超过上限", path, cn) from None
                if not whole and n == 0 and damaged is not None:
                    damaged.append(f"{cn}正文部件不完整，只读取了其前 {len(body)} 字节 (main part cut short)")
                if whole or n == 0:
                    out[name] = _transitional(body)
        return out
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{cn}包含过多部件：{len(infos)} (too many zip members)", path=path)
        for i in infos:
            ratio = i.file_size / max(i.compress_size, 1)
            if i.file_size > MAX_PART:
                raise _bomb(f"{i.filename} 解压后 {i.file_size} 字节，超过上限 {MAX_PART} 字节", path, cn)
            if i.file_size > 1024 * 1024 and ratio > MAX_RATIO:
                raise _bomb(
                    f"{i.filename} 解压后 {i.file_size} 字节，压缩比 {ratio:.0f}，超过上限 {MAX_RATIO}", path, cn
                )
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL:
            raise _bomb(f"解压后共 {total} 字节，超过上限 {MAX_TOTAL} 字节", path, cn)
        out: dict[str, bytes] = {}
        for n, name in enumerate(names):
            try:
                info = zf.getinfo(name)
            except KeyError as e:
                if n == 0:
                    raise InputError(f"{cn}缺少正文 {name} (not a {en} file)", path=path) from e
                continue
            bound = MAX_PART if n == 0 else MAX_AUX_PART
            if info.file_size > bound:  # a part around the text (numbering, styles) that big: read without
                if left is not None:
                    left.append(name)
                continue
            try:
                with zf.open(info) as f:
                    body = f.read(bound + 1)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as e:
                if n > 0:
                    continue  # a broken optional part is read without
                # the main part's compressed bytes damaged part way: what inflates before the damage
                body, whole = _inflate(data, info.header_offset, bound)
                if not body:
                    raise InputError(f"{cn}已损坏：无法解压正文 (corrupt {en}: {e})", path=path) from e
                if damaged is not None:
                    damaged.append(f"{cn}正文部件已损坏，只读取了损坏处之前的 {len(body)} 字节 (main part damaged)")
                out[name] = _transitional(body)
                continue
            if len(body) > bound:  # its directory lied about its size
                if n > 0:
                    if left is not None:
                        left.append(name)
                    continue
                raise _bomb(f"{name} 解压后超过 {bound} 字节", path, cn)
            out[name] = _transitional(body)
        return out


_LOCAL = struct.Struct("<4s5H3L2H")  # a ZIP member's local file header (APPNOTE 4.3.7)
_CHUNK = 16 * 1024  # bytes fed to the inflater at a time
_FINE = 64  # … and in the chunk holding damage: what inflates before it is kept, to within these bytes


def _inflate(data: bytes, at: int, bound: int) -> tuple[bytes, bool]:
    """The member whose local header stands at ``at``, inflated as far as its bytes allow (no further
    than ``bound`` + 1 bytes): (what came out, whether it came out whole). Stored and deflated members
    only (what Word and WPS write)."""
    try:
        sig, _, flags, method, _, _, _, size, _, name_len, extra_len = _LOCAL.unpack_from(data, at)
    except struct.error:
        return b"", False
    if sig != b"PK\x03\x04" or flags & 1:  # (an encrypted member: nothing to read)
        return b"", False
    start = at + _LOCAL.size + name_len + extra_len
    if method == 0:
        body = data[start : start + size] if size else b""
        return body[: bound + 1], bool(size) and len(body) == size
    if method != 8:
        return b"", False
    end = start + size if size and not flags & 8 else len(data)  # (sizes after the data: to the stream's end)
    inflater = zlib.decompressobj(-15)
    out: list[bytes] = []
    got = 0
    step = _CHUNK
    p = start
    while p < end:
        kept = inflater.copy()
        try:
            piece = inflater.decompress(data[p : min(p + step, end)], bound + 1 - got)
        except zlib.error:
            if step == _FINE:
                return b"".join(out), False  # the damage: what came before it
            inflater, step = kept, _FINE  # this chunk again, in small steps up to the damage
            continue
        out.append(piece)
        got += len(piece)
        p += step
        if inflater.eof or got > bound or inflater.unconsumed_tail:
            break
    return b"".join(out), inflater.eof


def salvage(data: bytes, names: tuple[str, ...]) -> dict[str, tuple[bytes, bool]]:
    """Members ``names`` of a ZIP package read from their local headers, without its central directory
    (APPNOTE 4.3.7: each member's header stands before its bytes): name → (bytes, whether whole), the
    first of each name; a member cut off by the package's end gives what its bytes hold. Each is inflated
    no further than one byte past its bound (:data:`MAX_PART` for the first of ``names``, else
    :data:`MAX_AUX_PART`): longer is a bomb, for the caller to refuse."""
    found: dict[str, tuple[bytes, bool]] = {}
    at = data.find(b"PK\x03\x04")
    while at >= 0 and len(found) < len(names):
        try:
            name_len = struct.unpack_from("<H", data, at + 26)[0]
        except struct.error:
            break
        name = data[at + _LOCAL.size : at + _LOCAL.size + name_len].decode("utf-8", "replace")
        if name in names and name not in found:
            bound = MAX_PART if name == names[0] else MAX_AUX_PART
            found[name] = _inflate(data, at, bound)
        at = data.find(b"PK\x03\x04", at + 4)
    return found


# Word's "Strict Open XML" (ECMA-376 Strict, w:conformance="strict") names its vocabularies anew; the
# same elements under the transitional names, which the reader knows
_STRICT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
    b"http://purl.oclc.org/ooxml/drawingml/main": b"http://schemas.openxmlformats.org/drawingml/2006/main",
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": (
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/math": b"http://schemas.openxmlformats.org/officeDocument/2006/math",
}


def _transitional(xml: bytes) -> bytes:
    """A part written in Strict Open XML with the transitional names of its vocabularies."""
    if b"purl.oclc.org/ooxml/" not in xml:
        return xml
    for strict, transitional in _STRICT.items():
        xml = xml.replace(strict, transitional)
    return xml


def _parse(xml: bytes, path: str | None) -> tuple[etree._Element, bool]:
    """The XML tree; recovered (partially) when the part is broken."""
    strict = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(xml, strict), False
    except etree.XMLSyntaxError:
        pass
    loose = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(xml, loose)
    except etree.XMLSyntaxError as e:
        raise InputError(f"Word 文件正文不是有效的 XML (corrupt DOCX: {e})", path=path) from e
    if root is None:
        raise InputError("Word 文件正文不是有效的 XML (corrupt DOCX)", path=path)
    return root, True


MAIN_PART = "word/document.xml"  # where Word keeps the main part (its name is the package's relationships' to say)
_OFFICE_DOCUMENT = "/officeDocument"  # the type of the package's relationship to its main part (ECMA-376-2 §9.3)


def main_part(data: bytes, path: str | None) -> str:
    """The name of the package's main part: :data:`MAIN_PART`, or where the package's own relationships
    (``_rels/.rels``, the officeDocument relationship) put it when it is not there (Word saves it as
    ``word/document2.xml`` at times). A package that cannot be opened: :data:`MAIN_PART` (:func:`read_parts`
    says what is wrong)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return MAIN_PART
    if MAIN_PART in names or "_rels/.rels" not in names:
        return MAIN_PART
    rels, _ = _parse(read_parts(data, ("_rels/.rels",), path)["_rels/.rels"], path)
    for rel in rels.iter(REL + "Relationship"):
        target = (rel.get("Target") or "").lstrip("/")
        if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode") != "External" and target:
            name = posixpath.normpath(target)
            return name if name in names else MAIN_PART
    return MAIN_PART


def _targets(data: bytes, main: str, path: str | None) -> dict[str, str]:
    """The main part's relationships to parts of the package: id → part name (its targets are relative to
    the main part's folder)."""
    folder, base = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    rels_xml = read_parts(data, (rels_name,), path).get(rels_name)
    targets: dict[str, str] = {}
    if rels_xml is not None:
        rels, _ = _parse(rels_xml, path)
        for rel in rels.iter(REL + "Relationship"):
            rid, target = rel.get("Id") or "", rel.get("Target") or ""
            if rel.get("TargetMode") != "External" and target:
                name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"{folder}/{target}")
                targets[rid] = name
    return targets


def _chunks(data: bytes, root: etree._Element, main: str, path: str | None) -> dict[str, bytes]:
    """The parts ``w:altChunk`` elements import, by relationship id."""
    ids = {el.get(R_ID) for el in root.iter(W + "altChunk")}
    if not ids:
        return {}
    targets = {rid: name for rid, name in _targets(data, main, path).items() if rid in ids}
    found = read_parts(data, (main, *targets.values()), path)
    return {rid: found[name] for rid, name in targets.items() if name in found}


def _join(segs: list[str]) -> str:
    out = ""
    for s in segs:
        s = " ".join(s.split())
        if not s:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and s[0].isascii() and s[0].isalnum():
            out += " "
        out += s
    return out


_T, _TAB, _BR, _CR, _P = W + "t", W + "tab", W + "br", W + "cr", W + "p"
_NB_HYPHEN, _SOFT_HYPHEN, _SYM, _CHAR = W + "noBreakHyphen", W + "softHyphen", W + "sym", W + "char"
# a symbol font's characters (w:sym, Symbol's code points from F000) a cell's value may hold: its minus, its dash
_SYMBOLS = {0x2D: "-", 0x2B: "+", 0xBE: "—", 0xBD: "|"}


def _texts(el: etree._Element) -> list[str]:
    """Text of an element as segments: paragraphs and breaks end a segment.

    ``w:t`` only: deleted text (``w:delText``) and field codes (``w:instrText``)
    are other elements; drawings' fallback copies are removed beforehand.
    """
    segs: list[str] = []
    buf: list[str] = []
    for node in el.iter(_T, _TAB, _BR, _CR, _P, _NB_HYPHEN, _SOFT_HYPHEN, _SYM):
        tag = node.tag
        if tag == _T:
            t = node.text or ""
            if t.isdigit() and len(t) <= 2 and _superscript(node):
                t = f"[{t}]"  # a note's number set above a value (70¹): its mark, not the value's last digit
            buf.append(t)
        elif tag == _TAB:
            buf.append(" ")
        elif tag == _NB_HYPHEN:
            buf.append("-")  # a hyphen Word keeps from breaking (a change's minus: -2)
        elif tag == _SYM:  # a symbol font's character: its minus, its dash; others (a check box) nothing
            code = _int_hex(node.get(_CHAR))
            buf.append(_SYMBOLS.get(code - 0xF000 if code >= 0xF000 else code, ""))
        elif tag == _SOFT_HYPHEN:
            continue
        else:
            if buf:
                segs.append("".join(buf))
            buf = []
    if buf:
        segs.append("".join(buf))
    return segs


_TCPR, _GRIDSPAN, _VMERGE, _HMERGE, _VAL = W + "tcPr", W + "gridSpan", W + "vMerge", W + "hMerge", W + "val"
_RPR, _VERTALIGN = W + "rPr", W + "vertAlign"


def _int_hex(v: str | None) -> int:
    try:
        return int(v or "", 16)
    except ValueError:
        return 0


def _superscript(t: etree._Element) -> bool:
    """Whether the run of a ``w:t`` is set as a superscript (``w:vertAlign w:val="superscript"``)."""
    run = t.getparent()
    rpr = run.find(_RPR) if run is not None else None
    va = rpr.find(_VERTALIGN) if rpr is not None else None
    return va is not None and va.get(_VAL) == "superscript"


def _cell_info(tc: etree._Element) -> tuple[int, str | None, bool]:
    """gridSpan, vMerge state (None, "restart" or "continue"), hMerge continuation."""
    span, vmerge, hcont = 1, None, False
    for child in tc:
        if child.tag != _TCPR:
            continue
        for el in child:
            tag = el.tag
            if tag == _GRIDSPAN:
                span = _int(el.get(_VAL), 1)
            elif tag == _VMERGE:
                vmerge = el.get(_VAL) or "continue"
            elif tag == _HMERGE:
                hcont = (el.get(_VAL) or "continue") == "continue"
        break
    return max(1, span), vmerge, hcont


def _rows(tbl: etree._Element) -> list[etree._Element]:
    rows = []
    for child in tbl:
        if child.tag == W + "tr":
            rows.append(child)
        elif child.tag in (W + "sdt", W + "customXml"):  # rows wrapped in content controls
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                rows.extend(r for r in content.iter(W + "tr"))
    return rows


def _cells(tr: etree._Element) -> list[etree._Element]:
    """A row's cells, those wrapped in content controls or custom XML too, however deep (a control in a control);
    a cell deleted with changes tracked (``w:cellDel``: the document as it stands has it no more) is none."""
    out = []
    for child in tr:
        if child.tag == W + "tc":
            pr = child.find(W + "tcPr")
            if pr is None or pr.find(W + "cellDel") is None:
                out.append(child)
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                out.extend(_cells(content))
    return out


def _grid(tbl: etree._Element) -> list[list[Span]] | None:
    """Rows of a data table as spans at their grid columns; None for a layout table."""
    if any(True for _ in tbl.iterdescendants(W + "tbl")):
        return None
    rows: list[list[Span]] = []
    width = 0
    merged: dict[int, Span] = {}  # grid column → the cell a vertical merge there began with
    for tr in _rows(tbl):
        pr = tr.find(W + "trPr")
        col = _int(_val(pr.find(W + "gridBefore")), 0) if pr is not None else 0
        row: list[Span] = []
        for tc in _cells(tr):
            span, vmerge, hcont = _cell_info(tc)
            if hcont and row:
                row[-1].colspan += span
            elif vmerge == "continue":
                if col in merged:
                    merged[col].rowspan += 1  # the merge goes on down this row
            else:
                text = _join(_texts(tc))
                if len(text) > _ARTICLE_CELL and not text.isdigit():  # digits: a bad value, no article
                    return None
                row.append(Span(text, 1, span, col))
                if vmerge == "restart":
                    merged[col] = row[-1]
                else:
                    merged.pop(col, None)
            col += span
        width = max(width, col)
        rows.append(row)
    if width < 2:
        return None
    return rows


class _Walker:
    def __init__(self, chunks: dict[str, bytes] | None = None) -> None:
        self.lines: list[Line] = []
        self.prose = 0
        self.tables = 0
        self.chunks = chunks or {}  # relationship id → imported part
        self.missing: list[str] = []
        self.cut = False  # stopped at MAX_LINES
        self.with_pictures = False  # whether the document holds pictures (looked for in paragraphs then)
        self.pictures: list[tuple[int, str]] = []  # (the line a picture stands before, its relationship id)

    def para(self, el: etree._Element) -> None:
        for seg in _texts(el):
            text = " ".join(seg.split())
            if text:
                self.prose += 1
                self.lines.append(Line([Cell(text, Where(line=self.prose))]))
        if self.with_pictures:
            for pic in el.iter(A_BLIP, V_IMAGEDATA):
                rid = pic.get(R_EMBED) if pic.tag == A_BLIP else pic.get(R_ID)
                if rid:
                    self.pictures.append((len(self.lines), rid))

    def walk(self, body: etree._Element) -> None:
        stack: list[etree._Element] = list(reversed(body))
        while stack:
            if len(self.lines) >= MAX_LINES:
                self.cut = True
                break
            node = stack.pop()
            tag = node.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "p":
                self.para(node)
            elif tag == W + "tbl":
                rows = _grid(node)
                if rows is None:  # a layout table: its cells are read in order
                    stack.extend(reversed([c for tr in _rows(node) for c in _cells(tr)]))
                    continue
                self.lines.extend(grid_lines(rows, self.tables))
                self.tables += 1
            elif tag == W + "altChunk":
                self.chunk(node)
            elif tag != W + "sectPr":
                stack.extend(reversed(node))

    def chunk(self, node: etree._Element) -> None:
        """An imported part (``w:altChunk``: HTML or MHT that "export to Word" tools embed), read as a page."""
        rid = node.get(R_ID)
        target = self.chunks.get(rid or "")
        if target is None:
            self.missing.append(rid or "?")
            return
        from ogi.ingest import html

        data = target
        text = (html._mht_page(data, None) if html.is_mht(data) else html._decode(data)).text
        sub = html.ingest_html(text, Source(path=None, format="html"))
        for ln in sub.lines:
            for c in ln.cells:
                if c.where.line is not None:
                    c.where.line += self.prose
                if c.where.table is not None:
                    c.where.table += self.tables
            if ln.grid is not None:
                ln.grid += self.tables
        self.prose += sum(1 for ln in sub.lines if ln.grid is None)
        self.tables += len({ln.grid for ln in sub.lines if ln.grid is not None})
        self.lines.extend(sub.lines)


_VANISH = W + "vanish"
_OFF = frozenset({"0", "false", "off"})


@dataclass(frozen=True, slots=True)
class Hiding:
    """What ``word/styles.xml`` says of hidden text (:func:`hidden_styles`)."""

    # style id → whether the style hides its text (``w:vanish`` in its run properties or in a style it is based
    # on; ``w:val="0"`` shows it), for the styles that say either, of every type (character, paragraph, table:
    # Word's style ids are one namespace)
    styles: dict[str, bool] = field(default_factory=dict)
    paragraph: str | None = None  # the default paragraph style's id (``w:default="1"``)
    table: str | None = None  # the default table style's id
    default: bool | None = None  # what the document's defaults say (``w:docDefaults``), if anything

    def hides(self) -> bool:
        """Whether any style or the defaults hide text."""
        return bool(self.default) or any(self.styles.values())


def _drop_hidden(root: etree._Element, hiding: Hiding | None = None) -> None:
    """Remove the runs Word does not print because they are set hidden (``w:vanish``), whichever way: in the run's
    own properties; else in its character style (``w:rStyle``); else in its paragraph's style (``w:pStyle``, or
    the default paragraph style: a reviewer's old draft kept in a style that hides it); else in the style of the
    table it stands in (``w:tblStyle``, or the default table style); else in the document's defaults
    (``hiding``: :func:`hidden_styles`). A value typed over and hidden, 20 with a hidden 1 after it, prints 20;
    last year's figure after this year's in a hidden style, 61 then 6 hidden, prints 61. A paragraph mark's own
    property (``w:pPr/w:rPr/w:vanish``) hides only the mark, no text; ``w:val="0"`` (or false, off) shows what a
    style hides."""
    styled = hiding is not None and hiding.hides()
    hidden = []
    for run in root.iter(W + "r"):
        verdict = _own_vanish(run)
        if verdict is None and styled and hiding is not None:
            verdict = _styled_vanish(run, hiding)
        if verdict:
            hidden.append(run)
    for run in hidden:
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)


def _own_vanish(run: etree._Element) -> bool | None:
    """Whether a run's own properties hide it (True), show it (False: ``w:vanish w:val="0"``) or say nothing."""
    rpr = run.find(_RPR)
    v = rpr.find(_VANISH) if rpr is not None else None
    return None if v is None else v.get(_VAL) not in _OFF


def _style_of(el: etree._Element | None, props: str, tag: str, default: str | None) -> str | None:
    """The style an element (a paragraph, a table) names in its properties ``props`` (``tag``), else ``default``."""
    if el is None:
        return None
    pr = el.find(props)
    st = pr.find(tag) if pr is not None else None
    return (st.get(_VAL) or None) if st is not None else default


def _styled_vanish(run: etree._Element, hiding: Hiding) -> bool:
    """Whether the styles over a run hide it: its character style's say, else its paragraph's style's (or the
    default paragraph style's), else its table's style's (or the default table style's), else the document's
    defaults' (ECMA-376-1 §17.7.2: the style hierarchy)."""
    rpr = run.find(_RPR)
    rs = rpr.find(W + "rStyle") if rpr is not None else None
    char = (rs.get(_VAL) or None) if rs is not None else None
    para = _style_of(next(run.iterancestors(_P), None), W + "pPr", W + "pStyle", hiding.paragraph)
    table = _style_of(next(run.iterancestors(W + "tbl"), None), W + "tblPr", W + "tblStyle", hiding.table)
    for sid in (char, para, table):
        if sid is not None and (v := hiding.styles.get(sid)) is not None:
            return v
    return bool(hiding.default)


def hidden_styles(styles: bytes, path: str | None) -> Hiding:
    """What ``word/styles.xml`` (its bytes) says of hidden text: which styles hide their text, through the
    styles they are based on (eight deep at most), the default paragraph and table styles, the document's
    defaults. A part broken beyond recovery raises :class:`InputError`."""
    root, _ = _parse(styles, path)
    vanish: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for st in root.iter(W + "style"):
        sid = st.get(W + "styleId")
        if not sid:
            continue
        rpr = st.find(_RPR)
        v = rpr.find(_VANISH) if rpr is not None else None
        vanish[sid] = None if v is None else v.get(_VAL) not in _OFF
        if (b := st.find(W + "basedOn")) is not None and b.get(_VAL):
            based[sid] = b.get(_VAL) or ""
        if st.get(W + "default") in ("1", "true", "on"):
            defaults.setdefault(st.get(W + "type") or "", sid)

    def says(sid: str, depth: int = 0) -> bool | None:
        v = vanish.get(sid)
        if v is not None or depth > 8 or sid not in based:
            return v
        return says(based[sid], depth + 1)

    verdicts = {sid: v for sid in vanish if (v := says(sid)) is not None}
    d = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}vanish")
    default = None if d is None else d.get(_VAL) not in _OFF
    return Hiding(verdicts, defaults.get("paragraph"), defaults.get("table"), default)


_FLDCHAR, _FLDCHAR_TYPE = W + "fldChar", W + "fldCharType"


def _drop_field_codes(root: etree._Element) -> None:
    """Take out the text standing in a field's code (between its ``begin`` and ``separate`` marks): the results
    of fields nested in it ({ IF {=SUM(LEFT)} > 0 "{=SUM(LEFT)}" "0" } caches 68 three times, Word shows the outer
    field's result once). A field's result (after ``separate``) is shown, the codes of fields in it are not;
    a field with no ``separate`` shows nothing (ECMA-376-1 §17.16.18). A field's code ends with its paragraph
    (a field left open there, never separated nor ended, hides nothing after it); its result may run on (a
    table of contents)."""
    code: list[bool] = []  # the fields open at this point, innermost last: whether in its code
    drop = []
    for el in root.iter(_FLDCHAR, _T, _P):
        if el.tag == _T:
            if code and any(code):
                drop.append(el)
            continue
        if el.tag == _P:
            if code:
                code = [c for c in code if not c]
            continue
        kind = el.get(_FLDCHAR_TYPE)
        if kind == "begin":
            code.append(True)
        elif kind == "separate" and code:
            code[-1] = False
        elif kind == "end" and code:
            code.pop()
    for t in drop:
        if (parent := t.getparent()) is not None:
            parent.remove(t)


def _drop_note_marks(root: etree._Element) -> None:
    """Take out the text of a note's own mark typed after its reference (``w:customMarkFollows``: 28 then a
    superscript 注, a, ①): a mark, not the value's last character."""
    for ref in root.iter(W + "footnoteReference", W + "endnoteReference"):
        if ref.get(W + "customMarkFollows") in (None, *_OFF):
            continue
        run = ref.getparent()
        if run is not None:
            for t in run.findall(_T):
                run.remove(t)


# fields whose results are the page's number or the pages' count (第 1 页 共 4 页): no words of the document's
_PAGE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF"})
# at most this many header and footer parts are read (a section each for first, even and other pages: a few)
_MAX_FURNITURE = 12


def _drop_page_numbers(root: etree._Element) -> None:
    """Take out the results of the fields numbering the pages (:data:`_PAGE_FIELDS`: ``w:fldSimple``, or a field's
    begin, code, separate, result, end): Word prints each page's own number there, no text of the document."""
    for simple in list(root.iter(W + "fldSimple")):
        words = (simple.get(W + "instr") or "").split()
        if words and words[0].upper() in _PAGE_FIELDS and (parent := simple.getparent()) is not None:
            parent.remove(simple)
    fields: list[list[str]] = []  # the fields open here, innermost last: [their code so far, "code" or "result"]
    drop = []
    for el in root.iter(_FLDCHAR, _T, W + "instrText"):
        if el.tag == W + "instrText":
            if fields and fields[-1][1] == "code":
                fields[-1][0] += el.text or ""
            continue
        if el.tag == _T:
            if any(f[1] == "result" and (f[0].split() or [""])[0].upper() in _PAGE_FIELDS for f in fields):
                drop.append(el)
            continue
        kind = el.get(_FLDCHAR_TYPE)
        if kind == "begin":
            fields.append(["", "code"])
        elif kind == "separate" and fields:
            fields[-1][1] = "result"
        elif kind == "end" and fields:
            fields.pop()
    for t in drop:
        if (parent := t.getparent()) is not None:
            parent.remove(t)


def page_furniture(data: bytes, root: etree._Element, main: str, hiding: Hiding | None, path: str | None) -> list[str]:
    """The lines the pages' headers and footers print (the parts the main part's sections name: ``w:headerReference``,
    ``w:footerReference``, headers first), each once, in order: what Word shows there — hidden runs, field codes,
    the pages' numbers (:func:`_drop_page_numbers`) and drawings' fallback copies left out (a footer's 第 1 页 共 4
    页 is 第 页 共 页). A header's part missing or broken beyond recovery is read without."""
    ids = [
        el.get(R_ID)
        for tag in ("headerReference", "footerReference")
        for el in root.iter(W + tag)
        if el.get(R_ID) is not None
    ]
    if not ids:
        return []
    try:
        targets = _targets(data, main, path)
    except InputError:
        return []  # (the parts' relationships past reading: the document without its headers, as before them)
    names = list(dict.fromkeys(targets[rid] for rid in ids if rid in targets))[:_MAX_FURNITURE]
    lines: list[str] = []
    for name in names:
        try:
            part = read_parts(data, (name,), path).get(name)
            if part is None or len(part) > MAX_AUX_PART:  # (a header that big: read without, as numbering's)
                continue
            tree, _ = _parse(part, path)
        except InputError:
            continue
        for el in list(tree.iter(MC_FALLBACK, W + "moveFrom")):
            if (parent := el.getparent()) is not None:
                parent.remove(el)
        _drop_hidden(tree, hiding)
        _drop_page_numbers(tree)
        _drop_field_codes(tree)
        for seg in _texts(tree):
            if (text := " ".join(seg.split())) and text not in lines:
                lines.append(text)
    return lines


def _pictures(
    data: bytes, found: list[tuple[int, str]], wanted: Collection[int], main: str, path: str | None
) -> list[Found]:
    """The pictures the walker met (line, relationship id), each with its file's bytes where ``wanted`` holds
    its number (1-based, in order; the others' bytes are not read) and the file is in the package."""
    targets = _targets(data, main, path)
    names = [targets.get(rid, "") for _, rid in found]
    want = [n for k, n in enumerate(names) if k + 1 in wanted and n]
    files = read_parts(data, (main, *want), path) if want else {}
    return [
        Found(at, posixpath.basename(name) or rid, files.get(name) if k + 1 in wanted else b"")
        for k, ((at, rid), name) in enumerate(zip(found, names, strict=True))
    ]


def ingest(data: bytes, source: Source, pictures: Collection[int] | None = None) -> Document:
    """Read a Word file; ``pictures``: the numbers (1-based, in order) of the pictures to read by OCR
    (:mod:`ogi.ingest.pictures`), None or empty: none (each is noted in ``Document.pictures``)."""
    left: list[str] = []
    damaged: list[str] = []
    name = main_part(data, source.path)
    parts = read_parts(data, (name, "word/numbering.xml", "word/styles.xml"), source.path, left, damaged=damaged)
    main = parts[name]
    root, recovered = _parse(main, source.path)
    # a drawing's second copy (for old readers) and text a tracked change moved elsewhere
    for fb in list(root.iter(MC_FALLBACK, W + "moveFrom")):
        parent = fb.getparent()
        if parent is not None:
            parent.remove(fb)
    styles = parts.get("word/styles.xml", b"")
    hiding = hidden_styles(styles, source.path) if b"vanish" in styles else None
    if b"vanish" in main or b"vanish" in styles:
        _drop_hidden(root, hiding)
    if b"CustomMark" in main or b"customMark" in main:
        _drop_note_marks(root)
    if b"fldChar" in main:
        _drop_field_codes(root)
    if "word/numbering.xml" in parts:
        number_paragraphs(root, parts["word/numbering.xml"], parts.get("word/styles.xml"))
    body = root.find(W + "body")
    if body is None:
        body = root
    w = _Walker(_chunks(data, root, name, source.path))
    w.with_pictures = b"blip" in main or b"imagedata" in main
    w.walk(body)
    doc = Document(source=source, lines=w.lines)
    # the pages' headers and footers (the report may name its organ there only)
    furniture = page_furniture(data, root, name, hiding, source.path) if b"Reference" in main else []
    if furniture:
        doc.meta[PAGE_HEADER] = "\n".join(furniture)
    if w.pictures:
        place(doc, _pictures(data, w.pictures, pictures or (), name, source.path), pictures)
    if w.missing:
        doc.notes.append(f"Word 文件引用的嵌入部件缺失 (altChunk part missing: {', '.join(w.missing)})")
    if w.cut:
        doc.notes.append(TOO_LONG)
    if left:
        doc.notes.append(f"Word 文件的部件过大，未读取：{'、'.join(left)} (part too large, read without)")
    doc.notes += damaged
    if recovered:
        doc.notes.append("Word 文件正文 XML 已损坏，只读取了可恢复的部分 (document.xml partly recovered)")
        doc.notes.append(CUT_SHORT)
    return doc


# Word 2003 XML ("WordprocessingML", one XML file): its vocabulary, and the hints' (wx:sect wraps a section's blocks)
_WORD_2003 = "http://schemas.microsoft.com/office/word/2003/wordml"
_WX = "{http://schemas.microsoft.com/office/word/2003/auxHint}"
_AML = "{http://schemas.microsoft.com/aml/2001/core}"
# its elements that Word 2007 renamed (a cell merged down: w:vmerge, w:vMerge since)
_RENAMED_2003 = {"vmerge": "vMerge", "hmerge": "hMerge", "wordDocument": "document"}


def from_word_2003(data: bytes, path: str | None = None) -> bytes:
    """A Word 2003 XML document (``<w:wordDocument>``, one XML file: Word's "XML Document" and what OA systems
    export) as a Word package of one part, ``word/document.xml``, for :func:`ingest`: the same elements under
    the 2006 vocabulary's name (its few renamed ones, ``w:vmerge`` → ``w:vMerge``, renamed too), the sections'
    wrappers (``wx:sect``, ``wx:sub-section``) undone, its styles as ``word/styles.xml`` (a style may hide its
    text), the document's properties, fonts and lists left out (their text: none of the report's). Raises
    :class:`InputError` for XML that does not parse.
    (LibreOffice's conversion loses a cell merged down's continuations: table 3's values moved a column.)"""
    root, _ = _parse(data, path)
    w_old = "{" + _WORD_2003 + "}"
    # notes and comments stand inline in 2003's runs (w:footnote, aml:annotation of a comment): no text of the body
    for el in list(root.iter(w_old + "footnote", w_old + "endnote", _AML + "annotation")):
        if el.tag != _AML + "annotation" or (el.get(w_old + "type") or "").startswith("Word.Comment"):
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
    for el in list(root.iter(_WX + "sect", _WX + "sub-section")):
        parent = el.getparent()
        if parent is None:
            continue
        at = parent.index(el)
        for k, child in enumerate(list(el)):
            parent.insert(at + k, child)
        parent.remove(el)
    for el in root.iter():
        tag = el.tag
        if isinstance(tag, str) and tag.startswith(w_old):
            local = tag[len(w_old) :]
            el.tag = W + _RENAMED_2003.get(local, local)
        for name in [a for a in el.attrib if a.startswith(w_old)]:
            el.set(W + name[len(w_old) :], el.attrib.pop(name))
    body = root.find(W + "body")
    document = etree.Element(W + "document", nsmap={"w": W[1:-1]})
    document.append(body if body is not None else etree.Element(W + "body"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("word/document.xml", etree.tostring(document, xml_declaration=True, encoding="UTF-8"))
        if (styles := root.find(W + "styles")) is not None:  # (a style hiding its text: w:vanish)
            zf.writestr("word/styles.xml", etree.tostring(styles, xml_declaration=True, encoding="UTF-8"))
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
