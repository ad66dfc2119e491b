"""ZIP archives as inputs of ``ogi build`` and ``ogi parse``: each member a report of its own, stored
under a path naming its archive and member; unsafe names, zip bombs, nested archives, GBK names;
progress in files and bytes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

from ogi.runner import read_one
from ogi.runner.archive import MAX_RATIO, SEP, is_archive, members
from ogi.runner.build import Progress, build
from ogi.samples import generate
from ogi.samples.docx import render_docx
from ogi.store import Store
from zipbatch import make_batch, report_text

OGI = [sys.executable, "-m", "ogi"]


def test_a_zip_is_a_folder_of_inputs_read_where_they_lie(tmp_path: Path) -> None:
    z = tmp_path / "batch.zip"
    seeds = make_batch(z)
    assert is_archive(str(z))
    docx = tmp_path / "one.docx"
    docx.write_bytes(render_docx(generate(1)))
    assert not is_archive(str(docx))  # a Word file is a zip, not a folder
    listed = {m.path.split(SEP, 1)[1]: m for m in members(str(z))}
    assert set(listed) == {*seeds, "../../etc/passwd.txt", "bomb.txt"}  # hidden and macOS files skipped
    assert listed["../../etc/passwd.txt"].problem
    for name, seed in seeds.items():
        rep = read_one(f"{z}{SEP}{name}")
        truth = generate(seed)
        assert getattr(rep, "cells", None) is not None, (name, rep)
        assert rep.source.path == f"{z}{SEP}{name}"
        assert rep.agency == truth.agency and rep.year == truth.year
        assert all(rep.cells[k] == v for k, v in truth.cells.items()), name
    unsafe = read_one(f"{z}{SEP}../../etc/passwd.txt")
    assert unsafe.code == "input" and "不安全" in unsafe.message  # type: ignore[union-attr]
    bomb = read_one(f"{z}{SEP}bomb.txt")
    assert bomb.code == "input" and "压缩炸弹" in bomb.message and str(MAX_RATIO) in bomb.message  # type: ignore[union-attr]


def test_build_stores_each_member_with_its_archive_and_resumes(tmp_path: Path) -> None:
    z = tmp_path / "batch.zip"
    seeds = make_batch(z)
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "a.txt").write_bytes(report_text(31))
    seen: list[Progress] = []
    with Store(tmp_path / "c.db") as store:
        res = build([z, loose], store, jobs=2, progress=lambda p: seen.append(replace(p)))
        assert res.seen == len(seeds) + 3 and res.ok == len(seeds) + 1 and res.unreadable == 2
        paths = {r["path"]: r for r in store.reports()}
        for name, seed in seeds.items():
            row = paths[f"{z.resolve()}{SEP}{name}"]
            assert row["status"] == "ok" and row["agency"] == generate(seed).agency
        assert paths[f"{z.resolve()}{SEP}bomb.txt"]["error_code"] == "input"
        # progress: files and bytes, every step, time left once something was read
        assert seen[0].done == 0 and seen[-1].done == seen[-1].total == len(seeds) + 3
        assert seen[-1].bytes_done == seen[-1].bytes_total > 4 * 1024 * 1024  # the bomb's stated size counts
        assert [p.done for p in seen] == list(range(len(seen)))
        assert seen[-1].seconds_left == 0.0 and seen[0].seconds_left is None
        # again: nothing read; the members' content decides, as a file's does
        again = build([z, loose], store, jobs=2)
        assert again.read == 0 and again.skipped == again.seen
        # a member changed: only it is read again; a member gone is marked removed
        make_batch(z, {"县教育局/更正版.txt": 41})
        third = build([z, loose], store, jobs=2)
        assert third.read == 1 and third.ok == 1
        make_batch(z, {"县教育局/更正版.txt": 41}, leave_out="县民政局")
        fourth = build([z, loose], store, jobs=2)
        assert fourth.removed == 1 and fourth.read == 0


def test_ogi_parse_reads_a_zip_and_names_each_member(tmp_path: Path) -> None:
    z = tmp_path / "batch.zip"
    seeds = make_batch(z)
    out = subprocess.run([*OGI, "parse", "--format", "jsonl", str(z)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 2  # two members cannot be read, the others are
    got = [json.loads(line) for line in out.stdout.splitlines()]
    by = {d["source"]["path"].split(SEP, 1)[1]: d for d in got}
    assert {k for k, d in by.items() if "error" not in d} == set(seeds)
    assert "压缩炸弹" in by["bomb.txt"]["error"]["message"]
    assert f"ogi: {z}{SEP}bomb.txt: " in out.stderr


def test_an_archive_past_the_depth_or_damaged_is_an_input_that_says_why(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.zip"
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", report_text(5))
    data = bytearray(good.getvalue())
    data[40:60] = b"\xff" * 20  # the member's deflated bytes
    damaged.write_bytes(bytes(data))
    got = [read_one(m.path) for m in members(str(damaged))]
    assert len(got) == 1 and got[0].code == "input"  # type: ignore[union-attr]
    assert "损坏" in got[0].message or "炸弹" in got[0].message  # type: ignore[union-attr]
    # four levels: the fourth archive is an input of its own, which is no report
    level = report_text(6)
    name = "r.txt"
    for i in range(4):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(name, level)
        level, name = buf.getvalue(), f"l{i}.zip"
    deep = tmp_path / "deep.zip"
    deep.write_bytes(level)
    ms = [m.path for m in members(str(deep))]
    assert ms == [f"{deep}{SEP}l2.zip{SEP}l1.zip{SEP}l0.zip"]
    assert read_one(ms[0]).code == "unsupported_format"  # type: ignore[union-attr]
