"""The reading of a report, in one shape everywhere, with one encoder and decoder.

- :class:`Where` — a place in the source (a line; a table, row and column; a page and box);
- :class:`Source` — the input read (path, format, hash, size, encoding, pages);
- :class:`Document` of :class:`Line` of :class:`Cell` — the common document every ingester makes
  and every later stage reads;
- :class:`Finding` — one rule not satisfied: its rule, severity, message, basis, the keys
  involved, their values and where they stand;
- :class:`Report` — the reading: the fields the template declares (``[[field]]``: format, year,
  organ, region, publication date …), every value with where it stood, the findings, the six
  sections' text;
- :class:`Unreadable` — an input that could not be read, with its error code and message;
- :class:`Doubt` — why the reader is not sure of a value (its words: the template's
  ``cells.uncertain`` reasons).

The codec (the only one): :meth:`Report.to_dict` / :func:`decode` (the JSON ``ogi parse``
prints, a line of ``--format jsonl``), :func:`to_json` / :func:`from_json`, and the store's rows,
:func:`rows` / :func:`from_rows`. A reading's fields travel by the template's field list, so a
field added there (and here, as an attribute) is carried by every output without further code.
"""

from __future__ import annotations

import hashlib
import json
import math
import zlib
from dataclasses import dataclass, field
from enum import StrEnum
from operator import attrgetter
from typing import Any

from ogi.template import Template, all_keys, fields, rule, spec, template_of, whole
from ogi.template.text import fmt_number

Value = int | float | None

SOURCE_FIELDS = ("path", "format", "sha256", "size", "encoding", "pages")


# the name in ``Document.meta`` of the text a document prints in its pages' headers and footers (a Word file's:
# a line each, once, without the pages' numbers): the organ it names there counts where the report names none
PAGE_HEADER = "PageHeader"
# the note an ingester leaves where its input ends part way (a page's markup cut inside a table): the values
# not found are in doubt (Doubt.CUT), no cells.missing of the source
CUT_SHORT = "文件在中途中断（下载不完整或文件截断），其后内容未能读取 (input cut short)"
# the note the page reader leaves where a page fills a table's place by a script from the web (an empty
# <div id="table3"> and a script loading it): what it loads is not in the file
SCRIPTED = "网页的统计表由脚本从网上加载，未包含在文件中 (tables loaded by script, not in the file)"


class Doubt(StrEnum):
    """Why the reader is not sure of a value (``TableReading.doubts``): each the key of its words in
    the template's ``cells.uncertain`` reasons (``formats.toml``), and what the check does with it."""

    COUNT = "count"  # a row with more or fewer values than columns
    ORDER = "order"  # a row placed by the table's order, its label not read
    THOUSANDS = "thousands"  # a count printed with a decimal point, read as thousands
    DECIMAL = "decimal"  # a point an image's speck put in a count
    UNREAD = "unread"  # ink the OCR did not read
    SHORT = "short"  # a value its row does not show
    UNFOUND = "unfound"  # a value not found in a report read from images
    FLAT = "flat"  # a table flattened one cell a line, placed by order
    JUMBLED = "jumbled"  # such a table out of order
    POSITION = "position"  # a value standing off its column
    WRAPPED = "wrapped"  # digits joined from the line below
    UNJOINED = "unjoined"  # digits below that no sum placed
    HEADING = "heading"  # columns ordered by headings printed one cell a line
    OCR = "ocr"  # an OCR confidence under the threshold
    GLUED = "glued"  # digits printed with no space between cells, cut more than one way
    GARBLED = "garbled"  # a letter of a digit's look among a count's digits (1O, l2), or a stray mark by it (1,)
    BRACKETED = "bracketed"  # a count or an amount printed in brackets ((7)): the number, the brackets perhaps a sign
    PICTURE = "picture"  # a table not found where a picture stands in its section (printed as a picture)
    CUT = "cut"  # a value not found in an input that ends part way (a download cut short, a file truncated)
    LABELLED = "labelled"  # a row whose label is printed in its table, its values not read
    ELSEWHERE = "elsewhere"  # a table not found that the input says is in an attachment or on another page
    LOST = "lost"  # a value not found in a text whose decoding lost characters (bytes broken, mojibake's)
    LAYER = "layer"  # a PDF's text layer giving another number than its page shows: the page's, read by OCR


# ---------------------------------------------------------------- the source and its document


# Cells, places and lines (and extract's tokens, ingest's spans) are made by the million: where a reader makes one a
# cell of a table, it makes it without calling its class — ``object.__new__(Cell)``, then each of its fields — for
# a dataclass's ``__init__`` is a call of Python, two thirds of a small object's making (a text report's reading
# a twentieth faster, bench/bench_before_after.py --instructions). A field added to such a class must be set there
# too: tests/ingest/test_made_whole.py reads every field of every object the variants' documents are made of.
bare = object.__new__  # ``bare(Cell)``: an object of the class, no field of it set yet (the readers' hot paths')


@dataclass(slots=True)
class Where:
    """A place in the source. Fields that do not apply stay None. A place is never changed once made
    (the text reader's places of lines are shared: :func:`line_places`); another is made instead. Made without
    its class's call on hot paths (see above: every field set there)."""

    line: int | None = None  # 1-based line of a text source
    page: int | None = None  # 1-based page of a PDF or scan (a sheet of a workbook read as a page: ingest.xlsx)
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    table: int | None = None  # 0-based table of an HTML/DOCX/PDF source
    row: int | None = None  # 0-based row within that table
    col: int | None = None  # 0-based grid column within that table (PDF, scans: between the table's rulings)
    # How the row of a value was found when its own label did not say: "order" (placed by the
    # template's row order between rows whose labels were read), "after" (the label printed
    # after the values, as PDF text layers give wrapped labels), "sum" (the sum of the other format's
    # rows that divide it, printed instead: this the first of them), "stated" (not printed, the report
    # saying in words that the table's values are 0: this the sentence's place). None: its own label.
    placed: str | None = None
    # Text laid out in columns with spaces (pdftotext -layout): the first and past-last character of the
    # text on its line (0-based, each character one), so a value is bound to the column it stands in.
    chars: tuple[int, int] | None = None
    # 1-based picture of a Word file or web page whose text this is, read by OCR (a table printed as a
    # picture: :class:`Picture`); ``bbox`` is then in the picture's points (its pixels at its resolution)
    image: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for name in ("line", "page", "image", "table", "row", "col", "placed"):
            v = getattr(self, name)
            if v is not None:
                d[name] = v
        if self.bbox is not None:
            d["bbox"] = [round(x, 1) for x in self.bbox]
        if self.chars is not None:
            d["chars"] = list(self.chars)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Where:
        return cls(**{k: (tuple(v) if k in ("bbox", "chars") else v) for k, v in d.items()})

    @property
    def line_only(self) -> bool:
        """Whether the place is a line of a text source and nothing more (most places: stored short)."""
        nothing_else = self.page is self.table is self.bbox is self.row is self.col is self.placed is None
        nothing_else = nothing_else and self.chars is self.image is None
        return self.line is not None and nothing_else

    def to_json(self) -> str:
        """Compact JSON (``{"line":64}``): how the store keeps it."""
        if self.line_only:
            return f'{{"line":{self.line}}}'  # text sources: the common case, without json.dumps
        return json.dumps(self.to_dict(), separators=(",", ":"))

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.image is not None:
            parts.append(f"第{self.image}幅图片")
        if self.table is not None:
            parts.append(f"表格{self.table + 1}")
        if self.row is not None:
            parts.append(f"第{self.row + 1}行")
        if self.col is not None:
            parts.append(f"第{self.col + 1}列")
        return "".join(parts) or "?"


# the places of the lines of a text source, by line number (index 0 unused), shared by every document
_LINE_PLACES: list[Where] = [Where(0)]
_SHARED_LINES = 20_000  # lines whose places are kept (a report has a few hundred)


def line_places(n: int) -> list[Where]:
    """The places of lines 1 to ``n`` of a text source (``Where(line)``, by index), made once and shared
    by every document read (places are never changed): a text report's every line has one, and a
    dataclass's call a line cost a text report's reading a fiftieth of its time. Read the list, never
    change it; past :data:`_SHARED_LINES` lines, a list of the document's own."""
    global _LINE_PLACES
    places = _LINE_PLACES
    if len(places) <= n:
        # a new list, not the old one grown: a reader in another thread keeps a whole one
        places = [*places, *(Where(i) for i in range(len(places), n + 1))]
        if n <= _SHARED_LINES:
            _LINE_PLACES = places
    return places


def where_dict(text: str | None) -> dict[str, Any] | None:
    """A place as the store keeps it (:meth:`Where.to_json`) back to its dict."""
    if not text:
        return None
    if text.startswith('{"line":') and text[8:-1].isdigit():  # the common case, without json.loads
        return {"line": int(text[8:-1])}
    return json.loads(text)  # type: ignore[no-any-return]


@dataclass(slots=True)
class Cell:
    """One cell or word of a line: its text, its place, the OCR's confidence. Made without its class's call on
    hot paths (see :class:`Where`: every field set there)."""

    text: str
    where: Where
    confidence: float | None = None  # OCR confidence 0..1; None when read from a text layer


_CELL_TEXT = attrgetter("text")


@dataclass(slots=True)
class Line:
    """A line of the document: its cells, the grid it is a row of, its width. Made without its class's call on
    hot paths (see :class:`Where`: every field set there)."""

    cells: list[Cell]
    grid: int | None = None  # index of the table this row belongs to; None for prose
    # Columns of the table across this row, where the source says (an HTML/Word grid's width; a
    # PDF or scan row ruled by a table's vertical lines: the spaces between them). Cells then carry
    # their column in ``where.col``, so a value is bound to its column by where it stands.
    width: int | None = None

    @property
    def text(self) -> str:
        """The line's cells' texts, a space between each."""
        cells = self.cells
        return cells[0].text if len(cells) == 1 else " ".join(map(_CELL_TEXT, cells))


@dataclass(slots=True)
class Source:
    path: str | None
    format: str  # text, html, docx, pdf, image ...
    sha256: str | None = None
    size: int | None = None
    encoding: str | None = None
    pages: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k in SOURCE_FIELDS if (v := getattr(self, k)) is not None and v != ""}

    @classmethod
    def from_dict(cls, d: dict[str, Any], default_format: str = "text") -> Source:
        """A source from its dict; ``format`` ``default_format`` when not given ("" for an input
        never read: its format is not known)."""
        given = {k: d[k] for k in SOURCE_FIELDS if k in d}
        return cls(**given | {"path": d.get("path"), "format": d.get("format") or default_format})


@dataclass(slots=True)
class Picture:
    """A picture in a document's text (a Word file's, a web page's, a PDF page's with a text layer): a
    table is often printed as one. ``number``: 1-based, in the document's order; ``at``: the index of the
    line it stands before in ``Document.lines``; ``name``: what the source calls it (its file name, else
    图片N); ``table``: whether OCR read a table's text in it, put in the lines before ``at`` (True), found it
    no table's (False: too small, or a seal's, a photograph's text), or it was not read (None)
    (:mod:`ogi.ingest.pictures`)."""

    number: int
    at: int
    name: str
    table: bool | None = None


@dataclass(slots=True)
class Document:
    """Lines in reading order: a table row is a line of several cells (``grid`` its table), prose
    a one-cell line; every cell knows where it stood."""

    source: Source
    lines: list[Line] = field(default_factory=list)
    # Problems met while ingesting that did not stop it (pages unreadable,
    # conversions partial...). Each becomes an `input.partial` finding.
    notes: list[str] = field(default_factory=list)
    # What the source declares about itself beside its text, by name (a web page's
    # ``<meta name="PubDate">`` as "PubDate").
    meta: dict[str, str] = field(default_factory=dict)
    # The pictures standing among the lines (big enough to be a table; a table printed as a picture is
    # read by OCR when the pipeline asks for it: ``ogi.pipeline.read``)
    pictures: list[Picture] = field(default_factory=list)
    # characters of the source its decoding lost (U+FFFD in their place: bytes broken on the way, bytes a
    # mojibake's first misreading dropped): values not found are then doubt (Doubt.LOST), not missing
    lost: int = 0

    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


def document_lines(doc: Document) -> list[list[Any]]:
    """The document as kept beside a reading (the source view): ``[grid, [[text, where], ...]]``
    per line, where as :meth:`Where.to_dict`."""
    return [[ln.grid, [[c.text, c.where.to_dict()] for c in ln.cells]] for ln in doc.lines]


# The packed lines: one line of text per document line, its grid and cells apart by separators no
# report text holds (control characters, taken out of the text); each cell's text, then where it
# stood as compact JSON. Plain text, deflated: a fifth of the CPU of JSON, for every report a build stores.
_LINE, _GRID, _CELL, _WHERE = "\n", "\x1e", "\x1f", "\x1d"
_CONTROL = str.maketrans({c: " " for c in "\n\x1c\x1d\x1e\x1f"})


def pack_document(doc: Document) -> bytes:
    """The document's lines as the store keeps them (:func:`unpack_lines` gives them back)."""
    out = []
    for ln in doc.lines:
        cells = _CELL.join(c.text.translate(_CONTROL) + _WHERE + c.where.to_json() for c in ln.cells)
        out.append(("" if ln.grid is None else str(ln.grid)) + _GRID + cells)
    return zlib.compress(_LINE.join(out).encode("utf-8"), 1)


def unpack_lines(data: bytes | None) -> list[list[Any]] | None:
    """Packed lines (:func:`pack_document`) as :func:`document_lines` gives them; None for none."""
    if not data:
        return None
    out: list[list[Any]] = []
    for line in zlib.decompress(data).decode("utf-8").split(_LINE):
        grid, _, cells = line.partition(_GRID)
        row = []
        for cell in cells.split(_CELL):
            text, _, where = cell.partition(_WHERE)
            row.append([text, where_dict(where) or {}])
        out.append([int(grid) if grid else None, row])
    return out


# ---------------------------------------------------------------- findings


def finding_id(rule: str, keys: list[str] | tuple[str, ...], message: str = "") -> str:
    """A finding's identity within a report: its rule and keys (a digest of its message when it
    has no keys). Review marks are kept by it."""
    if keys:
        return f"{rule}|{','.join(keys)}"
    return f"{rule}|#{hashlib.sha1(message.encode()).hexdigest()[:12]}"


@dataclass(slots=True)
class Finding:
    """One rule not satisfied. ``basis`` is what the rule rests on (an article of the 条例, the
    format's notice); ``scope`` is ``report`` for a rule of one report, ``cross_year`` for one that
    compares it with ``related`` (the path of the other report)."""

    rule: str
    severity: str
    message: str
    keys: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    where: list[Where] = field(default_factory=list)
    basis: str | None = None
    scope: str = "report"
    related: str | None = None

    @classmethod
    def of(
        cls,
        rule: str,
        message: str | None = None,
        keys: list[str] | None = None,
        values: dict[str, Any] | None = None,
        where: list[Where] | None = None,
        severity: str | None = None,
        *,
        template: Template | None = None,
        says: dict[str, Any] | None = None,
    ) -> Finding:
        """A finding of ``rule`` (severity from the template unless given). The message is
        ``message``, or the rule's message template filled with ``says``; the basis is the rule's,
        for a report of format ``template`` (filled in later by :func:`with_basis` when not
        given). Raises KeyError for an unknown rule."""
        spec_rule = _rule(rule)
        if message is None:
            message = spec_rule.say(**(says or {}))
        return cls(
            rule=rule,
            severity=severity or spec_rule.severity,
            message=message,
            keys=keys or [],
            values=values or {},
            where=where or [],
            basis=spec_rule.basis_for(template) if template is not None else None,
        )

    @property
    def id(self) -> str:
        """:func:`finding_id` of this finding."""
        return finding_id(self.rule, self.keys, self.message)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "message": self.message}
        if self.basis:
            d["basis"] = self.basis
        if self.keys:
            d["keys"] = self.keys
        if self.values:
            d["values"] = self.values
        if self.where:
            d["where"] = [w.to_dict() for w in self.where]
        if self.scope != "report":
            d["scope"] = self.scope
            if self.related is not None:
                d["related"] = self.related
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(
            rule=d["rule"],
            severity=d["severity"],
            message=d.get("message", ""),
            keys=list(d.get("keys", [])),
            values=dict(d.get("values", {})),
            where=[Where.from_dict(w) for w in d.get("where", [])],
            basis=d.get("basis"),
            scope=d.get("scope", "report"),
            related=d.get("related"),
        )


def _rule(rid: str) -> Any:
    return rule(rid)


def with_basis(findings: list[Finding], tpl: Template | None) -> list[Finding]:
    """Give each finding its rule's basis for a report of format ``tpl`` (in place)."""
    rules = spec().rules
    for f in findings:
        if f.basis is None and f.rule in rules:  # not a rule another version made
            k = (f.rule, tpl.id if tpl else None)  # a format's id names it (its notice)
            if k not in _BASIS:
                _BASIS[k] = rule(f.rule).basis_for(tpl)
            f.basis = _BASIS[k]
    return findings


_BASIS: dict[tuple[str, str | None], str | None] = {}  # (rule, format id) → basis: the same text for many findings


# ---------------------------------------------------------------- the reading


@dataclass(slots=True)
class Report:
    """The reading of one report. Besides ``source``: the template's fields (``template`` the
    format id, ``year``, ``agency`` the organ, ``region``, ``published`` the publication date it
    states, ISO; ``signed`` the date it is signed with, ISO; ``period`` the statistics period it
    states, ISO days start/end), ``cells`` key → value (None: not in the report), ``provenance`` key →
    Where, ``findings``, ``sections`` 一…六 → text (None: absent), ``inferred`` values the rules
    determine where the report left them out, ``extras`` values of rows outside the format."""

    source: Source
    template: str | None
    year: int | None
    agency: str | None
    region: str | None
    cells: dict[str, Value]
    provenance: dict[str, Where]
    findings: list[Finding]
    sections: dict[str, str | None]
    inferred: dict[str, Value] = field(default_factory=dict)
    extras: dict[str, Value] = field(default_factory=dict)
    published: str | None = None  # the publication date the report states (ISO), when it states one
    signed: str | None = None  # the date it is signed with (落款日期, ISO): under the organ's name closing it
    period: str | None = None  # the statistics period it states (统计期限), "2024-01-01/2024-12-31"
    document: Document | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def format(self) -> Template:
        """The reading's format (its own, else the one its year follows)."""
        return template_of(self.template, self.year)

    def fields(self) -> dict[str, Any]:
        """The template's fields of this reading, in order: ``{"template": "2021", "year": …}``."""
        return {f.id: getattr(self, f.id) for f in fields()}

    def to_dict(self, *, sections: bool = True) -> dict[str, Any]:
        """The reading as JSON-ready data (what ``ogi parse`` prints)."""
        d: dict[str, Any] = {"source": self.source.to_dict(), **self.fields()}
        d["cells"] = self.cells
        d["provenance"] = {k: w.to_dict() for k, w in self.provenance.items()}
        d["findings"] = [f.to_dict() for f in self.findings]
        if self.inferred:
            d["inferred"] = self.inferred
        if self.extras:
            d["extras"] = self.extras
        if sections:
            d["sections"] = self.sections
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        return cls(
            source=Source.from_dict(d.get("source") or {}),
            cells=dict(d.get("cells", {})),
            provenance={k: Where.from_dict(w) for k, w in d.get("provenance", {}).items()},
            findings=[Finding.from_dict(f) for f in d.get("findings", [])],
            sections=dict(d.get("sections") or {}),
            inferred=dict(d.get("inferred") or {}),
            extras=dict(d.get("extras") or {}),
            **{f.id: d.get(f.id) for f in fields()},
        )


@dataclass(slots=True)
class Unreadable:
    """An input that could not be read: its source and the error (``code`` as
    :class:`ogi.errors.OgiError`'s, a one-line Chinese/English ``message``)."""

    source: Source
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "error": {"code": self.code, "message": self.message, "path": self.source.path},
        }


Reading = Report | Unreadable


def decode(d: dict[str, Any]) -> Reading:
    """A reading from its dict (:meth:`Report.to_dict`, or an unreadable input's
    ``{"source", "error"}``)."""
    if "error" in d and "cells" not in d:
        err = d["error"] or {}
        src = d.get("source") or {}
        return Unreadable(Source.from_dict(src, ""), err.get("code") or "error", err.get("message") or "")
    return Report.from_dict(d)


def to_json(r: Reading, *, sections: bool = True, indent: int | None = None) -> str:
    """A reading as JSON text (a line of ``ogi parse --format jsonl``; :func:`json_text`)."""
    d = r.to_dict(sections=sections) if isinstance(r, Report) else r.to_dict()
    return json_text(d, indent)


def json_text(obj: Any, indent: int | None = None) -> str:
    """Strict JSON: a number past the float range (which no reading should hold) is ``null``,
    never ``Infinity`` or ``NaN``, which JSON does not have."""
    try:
        return json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(obj), ensure_ascii=False, indent=indent, allow_nan=False)


def _finite(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj


def from_json(text: str) -> Reading:
    return decode(json.loads(text))


# ---------------------------------------------------------------- store rows

SECTION_COLUMNS = ("name", "ord", "text")
FINDING_COLUMNS = ("scope", "related_id", "ord", "rule", "severity", "message", "keys", "vals", "where")
# The ``vals`` table's own columns, before one column per key of every format (ogi.template.all_keys):
# the reading's format; the keys it holds when they are not exactly its format's (JSON list, else
# NULL); its inferred values (JSON object, else NULL); values of keys no format has (JSON, else NULL);
# how many of its format's keys it lacks a value for.
VALUE_COLUMNS = ("tpl", "keyset", "inferred", "odd", "gaps")
# The long form of a reading's values (one tuple per key): what ``from_rows`` also takes, and what
# stores of schema version 4 kept (table ``cells``), read when they are brought up to date.
CELL_COLUMNS = ("key", "value", "inferred", "where")


@dataclass(slots=True)
class StoredCells:
    """A reading's values as the store keeps them: ``row``, its ``vals`` row (:data:`VALUE_COLUMNS`
    then one column per key of every format, the value or None), and ``where``, where each value
    stood, packed (:func:`pack_places`; None when none is known). One row of ~230 numbers instead of
    ~200 rows of (report, key, value, place): a tenth of the store, and a table SQL computes over."""

    row: dict[str, Any]
    where: bytes | None = None

    def values(self) -> list[Any]:
        """The row's values in the ``vals`` table's column order (less ``report_id``)."""
        r = self.row
        return [r.get(c) for c in _value_columns()]


def _value_columns() -> tuple[str, ...]:
    return (*VALUE_COLUMNS, *_all_keys())


@dataclass(slots=True)
class Rows:
    """A reading as the store's rows: its ``reports`` row (a dict, template fields included), its
    values (:class:`StoredCells`, None for an unreadable input), tuples of :data:`SECTION_COLUMNS`
    and :data:`FINDING_COLUMNS`; ``document`` the packed source lines (:func:`pack_document`) or None."""

    report: dict[str, Any]
    cells: StoredCells | None
    sections: list[tuple[Any, ...]]
    findings: list[tuple[Any, ...]]
    document: bytes | None = None


def rows(r: Reading, path: str | None = None, *, document: bool = False) -> Rows:
    """The store's rows of a reading; ``path`` replaces the source's path (the store keys inputs
    by absolute path); ``document``: keep the source lines too (when the reading has its document)."""
    src = r.source.to_dict()
    if path is not None:
        src["path"] = path
    report = {k: src.get(k) for k in SOURCE_FIELDS}
    if isinstance(r, Unreadable):
        report |= dict.fromkeys(f.id for f in fields())
        report |= {"status": "error", "error_code": r.code, "error_message": r.message}
        report |= {"errors": 0, "warnings": 0, "cells_read": 0, "extras": None}
        return Rows(report, None, [], [])
    sev = [f.severity for f in r.findings if f.scope == "report"]
    report |= r.fields()
    report |= {"status": "ok", "error_code": None, "error_message": None}
    report |= {"errors": sev.count("error"), "warnings": sev.count("warning")}
    report["cells_read"] = sum(v is not None for v in r.cells.values())
    report["extras"] = json.dumps(r.extras, ensure_ascii=False) if r.extras else None
    secs = [(name, i, text) for i, (name, text) in enumerate(r.sections.items())]
    finds = finding_rows([f for f in r.findings if f.scope == "report"], "report", None)
    doc = pack_document(r.document) if document and r.document is not None else None
    return Rows(report, pack_cells(r.format, r.cells, r.inferred, r.provenance), secs, finds, doc)


def pack_cells(
    tpl: Template, cells: dict[str, Value], inferred: dict[str, Value], provenance: dict[str, Where]
) -> StoredCells:
    """A reading's values (``cells`` key → value, of format ``tpl``), the values its rules
    inferred and where each stood, as the store keeps them (:class:`StoredCells`)."""
    order = _order(tpl.id)
    known = _key_set()
    keys = sorted(cells, key=lambda k: (order.get(k, 10**6), k))
    fkeys = tpl.keys
    default = len(keys) == len(fkeys) and all(k in order for k in keys)
    row: dict[str, Any] = dict.fromkeys(_all_keys())
    odd = {}
    for k, v in cells.items():
        if k in known:
            row[k] = v
        else:
            odd[k] = v
    row["tpl"] = tpl.id
    row["keyset"] = None if default else json.dumps(keys, ensure_ascii=False)
    row["inferred"] = json.dumps(inferred, ensure_ascii=False) if inferred else None
    row["odd"] = json.dumps(odd, ensure_ascii=False) if odd else None
    row["gaps"] = sum(1 for k in fkeys if cells.get(k) is None)
    return StoredCells(row, pack_places([provenance.get(k) for k in keys]))


def pack_places(places: list[Where | None]) -> bytes | None:
    """Where each value stood, in the reading's key order, packed: each place as compact JSON
    (:meth:`Where.to_json`; a line alone as its number), apart by a separator, deflated. About a
    twentieth of the same places as JSON text per value. None when no place is known."""
    if not any(places):
        return None
    parts = []
    for w in places:
        if w is None:
            parts.append("")
        elif w.line_only:
            parts.append(str(w.line))
        else:
            parts.append(w.to_json())
    return zlib.compress(_CELL.join(parts).encode("utf-8"), 6)


def unpack_places(data: bytes | None, n: int) -> list[dict[str, Any] | None]:
    """:func:`pack_places` back: ``n`` places (dicts as :meth:`Where.to_dict`, None when unknown)."""
    if not data:
        return [None] * n
    out: list[dict[str, Any] | None] = []
    for p in zlib.decompress(data).decode("utf-8").split(_CELL):
        if not p:
            out.append(None)
        elif p.isdigit():
            out.append({"line": int(p)})
        else:
            out.append(json.loads(p))
    return out + [None] * (n - len(out))


def cell_tuples(
    stored: StoredCells | Any, where: bytes | None = None, *, provenance: bool = True
) -> list[tuple[Any, ...]]:
    """A reading's values in their long form, tuples of :data:`CELL_COLUMNS` (where as a dict or
    None), from its ``vals`` row (a :class:`StoredCells`, or the row as the database gives it with
    ``where`` its packed places); a row of some key columns only gives those keys."""
    if isinstance(stored, StoredCells):
        row, where = stored.row, stored.where
    else:
        row = stored if isinstance(stored, dict) else stored._mapping
    keyset = row["keyset"]
    keys = json.loads(keyset) if keyset else list(_template(row["tpl"]).keys)
    odd = json.loads(row["odd"]) if row["odd"] else {}
    inferred = json.loads(row["inferred"]) if row["inferred"] else {}
    places = unpack_places(where, len(keys)) if provenance else [None] * len(keys)
    return [
        (k, odd[k] if k in odd else row[k], inferred.get(k), w)
        for k, w in zip(keys, places, strict=True)
        if k in row or k in odd  # a row of some columns only: those keys
    ]


def finding_rows(findings: list[Finding], scope: str, related: int | None) -> list[tuple[Any, ...]]:
    """Findings as rows of the store's ``findings`` table (less ``report_id``)."""
    return [
        (
            scope,
            related,
            i,
            f.rule,
            f.severity,
            f.message,
            json.dumps(f.keys, ensure_ascii=False),
            json.dumps(f.values, ensure_ascii=False),
            json.dumps([w.to_dict() for w in f.where], ensure_ascii=False),
        )
        for i, f in enumerate(findings)
    ]


def _json(v: Any) -> Any:
    if not isinstance(v, str):
        return v
    return None if v in ("[]", "{}") else json.loads(v)  # the empty ones, common, without the parser


def finding_from_row(f: Any) -> Finding:
    """A finding from a row of the store's ``findings`` table (with ``related_path``, the related
    report's path, when it was joined; a row without ``vals`` or ``where`` — a query that left them
    out — gives none); its basis is given by :func:`with_basis`."""
    return Finding(
        rule=f.rule,
        severity=f.severity,
        message=f.message,
        keys=_json(f.keys) or [],
        values=_json(getattr(f, "vals", None)) or {},
        where=[Where.from_dict(w) for w in _json(getattr(f, "where", None)) or []],
        scope=f.scope,
        related=getattr(f, "related_path", None) if f.scope != "report" else None,
    )


def from_rows(
    report: Any,
    cells: StoredCells | list[tuple[Any, ...]] | None = None,
    findings: list[Any] = (),  # type: ignore[assignment]
    sections: list[tuple[str, str | None]] | None = None,
    *,
    provenance: bool = True,
) -> Reading:
    """A reading from the store's rows: ``report`` its ``reports`` row (a mapping or a row with
    attributes), ``cells`` its values (:class:`StoredCells`, or tuples of :data:`CELL_COLUMNS`
    with where as compact JSON text or a dict; None: none loaded), ``findings`` rows of
    :data:`FINDING_COLUMNS` with ``related_path`` (the related report's path), ``sections``
    (name, text) in order (None: not loaded). Counts come back as int, amounts as stored."""
    get = report.get if isinstance(report, dict) else lambda k, d=None: getattr(report, k, d)
    src = Source.from_dict({k: get(k) for k in SOURCE_FIELDS if get(k) is not None}, "")
    if get("status") == "error":
        return Unreadable(src, get("error_code") or "error", get("error_message") or "")
    tpl = template_of(get("template"), get("year"))
    if isinstance(cells, StoredCells):
        cells = cell_tuples(cells, provenance=provenance)
    else:
        order = _order(tpl.id)
        cells = sorted(cells or (), key=lambda c: (order.get(c[0], 10**6), c[0]))
    amount = _amounts()
    values = {k: whole(v, k in amount) for k, v, _i, _w in cells}
    inferred = {k: whole(i, k in amount) for k, _v, i, _w in cells if i is not None}
    prov = {}
    if provenance:
        for k, _v, _i, w in cells:
            if w:
                prov[k] = Where.from_dict(where_dict(w) if isinstance(w, str) else w)  # type: ignore[arg-type]
    finds = [finding_from_row(f) for f in findings]
    return Report(
        source=src,
        cells=values,
        provenance=prov,
        findings=with_basis(finds, tpl),
        sections=dict(sections) if sections is not None else {},
        inferred=inferred,
        extras=_json(get("extras")) or {},
        **{f.id: get(f.id) for f in fields()},
    )


_ORDER: dict[str, dict[str, int]] = {}


def _order(tid: str) -> dict[str, int]:
    if tid not in _ORDER:
        _ORDER[tid] = {k: i for i, k in enumerate(spec().templates[tid].keys)}
    return _ORDER[tid]


def _all_keys() -> tuple[str, ...]:
    return all_keys()


_KEY_SET: set[str] = set()


def _key_set() -> set[str]:
    if not _KEY_SET:
        _KEY_SET.update(all_keys())
    return _KEY_SET


def _template(tid: str) -> Template:
    return spec().templates[tid]


_AMOUNTS: set[str] = set()


def _amounts() -> set[str]:
    if not _AMOUNTS:
        for t in spec().templates.values():
            _AMOUNTS.update(k for k, key in t.keys.items() if key.column.kind == "amount")
    return _AMOUNTS


__all__ = [
    "CELL_COLUMNS",
    "FINDING_COLUMNS",
    "SECTION_COLUMNS",
    "VALUE_COLUMNS",
    "Cell",
    "Document",
    "Finding",
    "Line",
    "Reading",
    "Report",
    "Rows",
    "Source",
    "StoredCells",
    "Unreadable",
    "Value",
    "Where",
    "cell_tuples",
    "decode",
    "document_lines",
    "finding_from_row",
    "finding_id",
    "finding_rows",
    "fmt_number",
    "from_json",
    "from_rows",
    "pack_cells",
    "pack_document",
    "pack_places",
    "rows",
    "to_json",
    "unpack_lines",
    "unpack_places",
    "where_dict",
    "with_basis",
]
