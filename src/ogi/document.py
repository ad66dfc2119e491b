"""The common document every ingester produces and every later stage reads.

A :class:`Document` is a list of :class:`Line` objects in reading order. A line
is either prose (one cell) or a table row (several cells, ``grid`` set to the
index of the table it belongs to). Each :class:`Cell` carries its text and
:class:`Where` it stands in the source, so every value read later can be traced
back: a line number for text, table/row/column for HTML and Word, page and box
for PDF and scans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Where:
    """A place in the source. Fields that do not apply stay None."""

    line: int | None = None  # 1-based line of a text source
    page: int | None = None  # 1-based page of a PDF or scan
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    table: int | None = None  # 0-based table of an HTML/DOCX/PDF source
    row: int | None = None  # 0-based row within that table
    col: int | None = None  # 0-based grid column within that table (PDF, scans: between the table's rulings)
    # How the row of a value was found when its own label did not say: "order" (placed by the
    # template's row order between rows whose labels were read), "after" (the label printed
    # after the values, as PDF text layers give wrapped labels). None: its own label.
    placed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for name in ("line", "page", "table", "row", "col", "placed"):
            v = getattr(self, name)
            if v is not None:
                d[name] = v
        if self.bbox is not None:
            d["bbox"] = [round(x, 1) for x in self.bbox]
        return d

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.table is not None:
            parts.append(f"表格{self.table + 1}")
        if self.row is not None:
            parts.append(f"第{self.row + 1}行")
        if self.col is not None:
            parts.append(f"第{self.col + 1}列")
        return "".join(parts) or "?"


@dataclass(slots=True)
class Cell:
    text: str
    where: Where
    confidence: float | None = None  # OCR confidence 0..1; None when read from a text layer


@dataclass(slots=True)
class Line:
    cells: list[Cell]
    grid: int | None = None  # index of the table this row belongs to; None for prose
    # Columns of the table across this row, where the source says (an HTML/Word grid's width; a
    # PDF or scan row ruled by a table's vertical lines: the spaces between them). Cells then carry
    # their column in ``where.col``, so a value is bound to its column by where it stands.
    width: int | None = None

    @property
    def text(self) -> str:
        if len(self.cells) == 1:
            return self.cells[0].text
        return " ".join(c.text for c in self.cells)


@dataclass(slots=True)
class Source:
    path: str | None
    format: str  # text, html, docx, pdf, image ...
    sha256: str | None = None
    size: int | None = None
    encoding: str | None = None
    pages: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            k: getattr(self, k)
            for k in ("path", "format", "sha256", "size", "encoding", "pages")
            if getattr(self, k) is not None
        }


@dataclass(slots=True)
class Document:
    source: Source
    lines: list[Line] = field(default_factory=list)
    # Problems met while ingesting that did not stop it (pages unreadable,
    # conversions partial...). Each becomes an `input.partial` finding.
    notes: list[str] = field(default_factory=list)
    # What the source declares about itself beside its text, by name (a web page's
    # ``<meta name="PubDate">`` as "PubDate").
    meta: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)
