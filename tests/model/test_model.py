"""The model's one codec: a reading to dict, JSON and the store's rows and back, unchanged."""

from __future__ import annotations

import json
from types import SimpleNamespace

import ogi
from ogi.ingest import ingest_str
from ogi.model import (
    _SHARED_LINES,
    FINDING_COLUMNS,
    Cell,
    Document,
    Line,
    Report,
    Source,
    Unreadable,
    Where,
    decode,
    document_lines,
    finding_from_row,
    from_json,
    from_rows,
    line_places,
    pack_document,
    rows,
    to_json,
    unpack_lines,
)
from ogi.samples.make import samples


def readings() -> list[Report]:
    return [ogi.read(data) for data in samples().values()]


def test_dict_and_json_round_trip() -> None:
    for r in readings():
        back = from_json(to_json(r))
        assert isinstance(back, Report)
        assert back.to_dict() == r.to_dict()
        assert decode(json.loads(json.dumps(r.to_dict()))).to_dict() == r.to_dict()


def test_rows_round_trip() -> None:
    """What the store writes of a reading reads back as the same reading (findings with their basis)."""

    for r in readings():
        rs = rows(r, "/abs/x.txt")
        # each row as the database gives it: its columns as attributes
        finds = [SimpleNamespace(**dict(zip(FINDING_COLUMNS, f, strict=True))) for f in rs.findings]
        back = from_rows(rs.report, rs.cells, finds, [(n, t) for n, _o, t in rs.sections])
        assert isinstance(back, Report)
        want = r.to_dict()
        want["source"]["path"] = "/abs/x.txt"
        assert back.to_dict() == want
        assert all(f.basis for f in back.findings)
        assert [finding_from_row(f).message for f in finds] == [f.message for f in r.findings]


def test_an_unreadable_input_round_trips() -> None:
    u = Unreadable(Source("/abs/empty.txt", ""), "input", "文件为空 (empty)")
    d = u.to_dict()
    err = {"code": "input", "message": "文件为空 (empty)", "path": "/abs/empty.txt"}
    assert d == {"source": {"path": "/abs/empty.txt"}, "error": err}
    assert decode(d) == u
    back = from_rows(rows(u).report)
    assert back == u


def test_document_lines_pack_and_unpack() -> None:
    doc = Document(
        Source(None, "pdf"),
        [
            Line([Cell("一、总体情况", Where(line=1))]),
            Line(
                [Cell("收到申请", Where(page=2, bbox=(1.0, 2.0, 3.0, 4.0))), Cell("12", Where(table=0, row=3, col=2))],
                grid=0,
            ),
            Line([Cell("text with\na newline\x1f and separators", Where(line=9))]),
        ],
    )
    back = unpack_lines(pack_document(doc))
    want = document_lines(doc)
    want[2][1][0][0] = "text with a newline  and separators"  # separators in text are spaces
    assert back == want
    for data in samples().values():
        d = ogi.read(data).document
        assert d is not None and unpack_lines(pack_document(d)) == document_lines(d)


def test_a_place_in_text_laid_out_with_spaces_round_trips() -> None:
    """Where.chars (the characters a value stands on in text laid out with spaces) survives the dict,
    JSON and the store's rows."""
    from ogi.samples import generate, print_report

    r = ogi.read(print_report(generate(5, tid="2021", scale=20), "layout"))
    assert any(w.chars is not None for w in r.provenance.values())
    assert from_json(to_json(r)).to_dict() == r.to_dict()
    w = next(w for w in r.provenance.values() if w.chars is not None)
    assert Where.from_dict(json.loads(w.to_json())) == w
    rs = rows(r, "/abs/x.txt")
    finds = [SimpleNamespace(**dict(zip(FINDING_COLUMNS, f, strict=True))) for f in rs.findings]
    back = from_rows(rs.report, rs.cells, finds, [(n, t) for n, _o, t in rs.sections])
    assert back.provenance == r.provenance


def test_line_places_are_each_lines_and_shared_between_documents() -> None:
    """A text report's lines' places are made once and shared: every document read gets the same
    place for its line 3, each place names its own line, and a document longer than the places kept
    gets a list of its own, right all the same."""
    a = ingest_str("x局2023年政府信息公开工作年度报告\n一、总体情况\n本年度…\n" * 3)
    b = ingest_str("y局2023年政府信息公开工作年度报告\n一、总体情况\n本年度…\n" * 3)
    third = [ln.cells[0].where for d in (a, b) for ln in d.lines if ln.cells[0].where.line == 3]
    assert len(third) == 2 and third[0] is third[1] and third[0] == Where(3)
    places = line_places(40)
    assert all(w.line == i for i, w in enumerate(places[1:41], start=1))
    long = line_places(_SHARED_LINES + 5)
    assert long[_SHARED_LINES + 5] == Where(_SHARED_LINES + 5) and line_places(3) is not long
