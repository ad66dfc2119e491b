"""A table printed plainly is read without the joining of broken rows and the search for their places
(:func:`ogi.extract.tables._printed_plainly`): the reading must be the one that work would give. Each report —
the generator's variants of every kind in the light formats, and the shared fixtures — is read both ways (the
switch :data:`ogi.extract.tables.PLAIN_FIRST` off: every table the long way) and the two readings compared whole."""

from __future__ import annotations

from pathlib import Path

import pytest

import ogi
import ogi.extract.tables as tables
from ogi.extract import extract
from ogi.extract.tokens import tokens_of
from ogi.ingest import ingest_path
from ogi.model import to_json
from ogi.normalize import normalize_document
from ogi.samples.variants import LIGHT, variants
from ogi.samples.variants.kinds import SHIFT_FORMS

SHARED = Path(__file__).resolve().parents[3] / "shared"
GRIDS = ("pipe", "markdown", "html", "docx")
# text whose rows stand over lines: a cell a line (cells), labels over two lines around their values (pdftext)
OVER_LINES = ("cells", "pdftext")


def _inputs(tmp: Path) -> list[Path]:
    out = []
    # every kind in every light format; and every form of the kind that moves columns and rows about (headings
    # printing table 2's or 3's columns in another order …) in the formats of a table's grid and of text
    for k, made in enumerate(
        (variants(formats=LIGHT, per=2), variants(kinds=["shift"], formats=GRIDS + OVER_LINES, per=len(SHIFT_FORMS)))
    ):
        for v in made:
            p = tmp / f"{k}-{v.filename}"
            p.write_bytes(v.data)
            out.append(p)
    for d in ("seeds", "real"):
        for p in sorted((SHARED / d).glob("*")):
            if p.suffix in (".txt", ".md", ".html", ".pdf") and not p.name.endswith(".truth.json"):
                out.append(p)
    return out


def test_plain_tables_read_as_the_long_way_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _inputs(tmp_path)
    assert len(paths) > 300
    quick = {p.name: to_json(ogi.read(p)) for p in paths}
    monkeypatch.setattr(tables, "PLAIN_FIRST", False)
    differ = [p.name for p in paths if to_json(ogi.read(p)) != quick[p.name]]
    assert differ == []


@pytest.mark.parametrize("fmt", GRIDS + OVER_LINES)
def test_plain_reports_take_the_short_way(fmt: str, tmp_path: Path) -> None:
    """The generator's plain reports' tables 2 and 3 are printed plainly (else the short way is never taken): in
    a grid, and in text whose rows stand over lines (a cell a line; table 3's long labels over two lines in a PDF's
    text, its values after the first)."""
    v = next(iter(variants(kinds=["plain"], formats=[fmt], n=1)))
    path = tmp_path / v.filename
    path.write_bytes(v.data)
    doc = ingest_path(path)
    normalize_document(doc)
    ex = extract(doc)
    assert ex.meta.template is not None
    for table in ex.meta.template.tables:
        if table.id not in ("t2", "t3"):
            continue
        start, end = ex.regions[table.id]
        runs = tables._make_runs(tokens_of(doc.lines, start, end, True, notes=True))
        plain = tables._printed_plainly(table, runs)
        assert plain is not None, (fmt, table.id)
        assert len(plain[1]) == len(table.rows)
