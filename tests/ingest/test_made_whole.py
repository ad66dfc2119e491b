"""The hot paths of ingest and extract make their cells, places, lines, spans, tokens and runs without calling
their classes (``ogi.model.bare``: ``object.__new__``, then each field — a dataclass's ``__init__`` is a Python
call, two thirds of a small object's making). Each such object must still have every field set: one left unset (a
field added to the class and not to a path that makes it so) raises AttributeError where it is read. Every object
of every generated variant's document (the light formats, every kind), of its tokens and of their runs is read
whole here (a dataclass's repr reads each field) and equals the one its class makes of the same fields. And the
places of a text's lines, made once and shared by every document read (:func:`ogi.model.line_places`), are never
changed by a reading: a reader that gives a line a shared place and then renumbers it (a page's title put first)
moves every later report's lines."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import ogi
from ogi.extract.tables import _make_runs
from ogi.extract.tokens import tokens_of
from ogi.ingest import ingest_path
from ogi.ingest.grid import spans_of
from ogi.model import Where, line_places
from ogi.normalize import normalize_document
from ogi.samples.variants import LIGHT, variants


def _whole(obj: object) -> None:
    repr(obj)  # (reads every field: AttributeError where one is unset)
    assert obj == dataclasses.replace(obj)  # type: ignore[type-var]


def test_every_object_made_whole(tmp_path: Path) -> None:
    made = 0
    for v in variants(formats=LIGHT, per=1):
        p = tmp_path / v.filename
        p.write_bytes(v.data)
        doc = normalize_document(ingest_path(p))
        for ln in doc.lines:
            _whole(ln)
            for c in ln.cells:
                _whole(c)
                _whole(c.where)
        for split in (True, False):
            toks = tokens_of(doc.lines, 0, len(doc.lines), split, notes=True)
            for t in toks:
                _whole(t)
            for run in _make_runs(toks):
                _whole(run)
        ogi.read(p)  # (the whole reading: what may change a place after ingest)
        made += 1
    assert made > 100
    # a page whose title, not among its first lines, is put before them (its lines renumbered)
    page = tmp_path / "titled.html"
    page.write_text(
        "<html><head><title>某某局2023年政府信息公开工作年度报告</title></head><body>"
        + "".join(f"<p>第{i}段。</p>" for i in range(1, 40))
        + "</body></html>",
        encoding="utf-8",
    )
    lines = normalize_document(ingest_path(page)).lines
    assert [(ln.cells[0].text, ln.cells[0].where.line) for ln in lines[:2]] == [
        ("某某局2023年政府信息公开工作年度报告", 1),
        ("第1段。", 2),
    ]
    assert all(w == Where(i) for i, w in enumerate(line_places(2000)))


def test_spans_made_whole() -> None:
    rows = spans_of([[("规章", 1, 1), ("5", 2, 3)], [("", 1, 1)]])
    for row in rows:
        for sp in row:
            _whole(sp)
    assert [[(s.text, s.rowspan, s.colspan, s.col) for s in r] for r in rows] == [
        [("规章", 1, 1, None), ("5", 2, 3, None)],
        [("", 1, 1, None)],
    ]
