"""OFD (GB/T 33190) reports: a package we print ourselves (a ZIP of XML pages) read through ofdkit,
every value exact with its page and box; damaged packages and zip bombs refused with a reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("ofdkit")

from ogi.ingest import detect
from ogi.model import Report
from ogi.runner import read_one
from ogi.runner.archive import is_archive
from ogi.samples import generate
from ogi.samples.ofd import render_ofd


# both formats, negative changes, two pages; each character a text object (as print drivers write them)
@pytest.mark.parametrize(
    ("seed", "per_glyph"), [(0, False), (3, False), (9, False), (24, False), (3, True), (24, True)]
)
def test_an_ofd_report_reads_exactly_with_pages_and_boxes(tmp_path: Path, seed: int, per_glyph: bool) -> None:
    truth = generate(seed)
    p = tmp_path / "report.bin"  # the format comes from the content, never the name
    p.write_bytes(render_ofd(truth, per_glyph=per_glyph))
    assert detect(p.read_bytes()) == "ofd" and not is_archive(str(p))
    rep = read_one(p)
    assert isinstance(rep, Report), rep
    assert rep.source.format == "ofd" and rep.source.pages == 2
    assert (rep.agency, rep.year, rep.template) == (truth.agency, truth.year, truth.template.id)
    assert {k: rep.cells[k] for k in truth.cells} == truth.cells
    assert not rep.errors
    w = rep.provenance["t3.new.total"]
    assert w.page == 1 and w.bbox is not None and 0 < w.bbox[0] < w.bbox[2] < 600 and 0 < w.bbox[1] < w.bbox[3] < 842


def test_a_damaged_ofd_or_a_bomb_is_refused_saying_why(tmp_path: Path) -> None:
    data = render_ofd(generate(1))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    # no document where OFD.xml points
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            if n != "Doc_0/Document.xml":
                z.writestr(n, b)
    got = read_one(("broken.ofd", broken.getvalue()))
    assert got.code == "input" and "OFD" in got.message  # type: ignore[union-attr]
    # a page inflating 8 MiB from a few KiB
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
        z.writestr("Doc_0/Pages/Page_9/Content.xml", b" " * (8 * 1024 * 1024))
    got = read_one(("bomb.ofd", bomb.getvalue()))
    assert got.code == "input" and "压缩炸弹" in got.message  # type: ignore[union-attr]
    # no text at all
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b if "Content.xml" not in n else b'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"/>')
    got = read_one(("empty.ofd", empty.getvalue()))
    assert got.code == "input" and "没有可读取的文字" in got.message  # type: ignore[union-attr]
