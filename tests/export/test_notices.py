"""Sending problems back: per organ an Excel list and a Word notice (整改通知), opened and read —
Chinese throughout, cells by their template labels, where each stands in words, the review."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")
pytest.importorskip("openpyxl")
pytest.importorskip("docx")

import docx
import openpyxl

from ogi.export.notices import Letterhead, write_notices
from ogi.model import Report
from ogi.runner.build import build
from ogi.samples import generate, print_report
from ogi.samples.ofd import render_ofd
from ogi.store import Store
from ogi.template import key_label

OGI = [sys.executable, "-m", "ogi"]
LATIN = re.compile(r"[A-Za-z]")
KEY = "t3.new.natural"


def wrong(seed: int) -> object:
    """A report whose 表三 new applications by natural persons are 5 too many: two arithmetic errors."""
    rep = generate(seed)
    rep.cells[KEY] += 5  # type: ignore[operator]
    return rep


def corpus(tmp_path: Path) -> tuple[Store, dict[str, Report]]:
    d = tmp_path / "reports"
    d.mkdir()
    a, b, c = wrong(3), wrong(5), generate(8)
    (d / "a.ofd").write_bytes(render_ofd(a))  # type: ignore[arg-type]
    (d / "b.txt").write_text(print_report(b, "pipe"), "utf-8")  # type: ignore[arg-type]
    (d / "c.txt").write_text(print_report(c, "pipe"), "utf-8")
    store = Store(tmp_path / "c.db")
    build([d], store, jobs=1)
    got = {}
    for row in store.reports():
        r = store.reading(row["id"])
        assert isinstance(r, Report)
        got[Path(row["path"]).stem] = r
    return store, got


def sheet(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def words(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def no_latin(row: dict[str, object]) -> bool:
    return not any(LATIN.search(str(v or "")) for k, v in row.items() if k not in ("规则", "来源文件"))


def test_an_organs_list_and_notice_say_each_problem_where_it_stands(tmp_path: Path) -> None:
    store, reps = corpus(tmp_path)
    a = reps["a"]
    errs = {f.rule: f for f in a.findings if f.severity == "error"}
    assert set(errs) == {"t3.balance", "t3.column_sum"}
    store.add_review(a.source.sha256, errs["t3.balance"].id, "t3.balance", "confirmed", "已与原件核对", "张三")  # type: ignore[arg-type]
    store.add_review(a.source.sha256, errs["t3.column_sum"].id, "t3.column_sum", "dismissed", "误报", "李四")  # type: ignore[arg-type]
    out = tmp_path / "out"
    head = Letterhead(office="某县人民政府办公室", deadline="2026-04-15", date="2026-03-20")
    sent, summary = write_notices(store, out, organ=a.agency, head=head, select="all")
    assert len(sent) == 1 and summary is None
    rows = sheet(sent[0].excel)
    assert [r["规则名称"] for r in rows] == ["表三勾稽关系", "表三总计列"]
    bal = rows[0]
    assert (bal["机关"], bal["年度"], bal["规则"], bal["级别"]) == (a.agency, a.year, "t3.balance", "错误")
    label = key_label(KEY, a.template)
    assert label in str(bal["涉及项目"]).split("\n")
    assert f"{label}={a.cells[KEY]}" in str(bal["数值"]).split("\n")
    assert f"第1页 {label}" in str(bal["位置"]) and "bbox" not in str(bal["位置"])
    assert (bal["审核结论"], bal["审核意见"], bal["审核人"]) == ("已确认", "已与原件核对", "张三")
    assert rows[1]["审核结论"] == "已驳回"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", str(bal["审核时间（北京时间）"]))
    assert all(no_latin(r) for r in rows)
    text = words(sent[0].notice)
    assert f"关于{a.agency}{a.year}年政府信息公开工作年度报告问题的整改通知" in text
    assert "存在以下2个问题" in text and "【表三勾稽关系】" in text and "【表三总计列】" in text
    assert f"位置：第1页 {label}" in text
    assert "请于2026年4月15日前完成整改" in text and "某县人民政府办公室" in text and "2026年3月20日" in text
    assert not LATIN.search(text)


def test_the_default_sends_what_is_not_dismissed_and_confirmed_only_what_was_confirmed(tmp_path: Path) -> None:
    store, reps = corpus(tmp_path)
    b = reps["b"]
    errs = {f.rule: f for f in b.findings if f.severity == "error"}
    store.add_review(b.source.sha256, errs["t3.balance"].id, "t3.balance", "dismissed", "", "李四")  # type: ignore[arg-type]
    sent, _ = write_notices(store, tmp_path / "o1", organ=b.agency)
    rows = sheet(sent[0].excel)
    assert [r["规则名称"] for r in rows] == ["表三总计列"]  # the dismissed one is not sent
    assert re.search(r"第\d+行 表三", str(rows[0]["位置"]))  # a text report: its line
    assert "存在以下1个问题" in words(sent[0].notice)
    sent, _ = write_notices(store, tmp_path / "o2", organ=b.agency, select="confirmed")
    assert sheet(sent[0].excel) == [] and "未发现需要整改的问题" in words(sent[0].notice)


def test_ogi_notices_for_a_whole_batch(tmp_path: Path) -> None:
    store, reps = corpus(tmp_path)
    store.close()
    out = tmp_path / "out"
    run = subprocess.run(
        [*OGI, "notices", "--db", str(tmp_path / "c.db"), "--out", str(out), "--office", "某县政务公开办"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in out.iterdir())
    assert len([n for n in names if n.endswith("整改通知.docx")]) == 3
    assert "全部年度-问题汇总.xlsx" in names
    every = sheet(out / "全部年度-问题汇总.xlsx")
    assert {r["机关"] for r in every} == {reps["a"].agency, reps["b"].agency}  # c has nothing to correct
    c = reps["c"]
    assert "未发现需要整改的问题" in words(out / f"{c.agency}-{c.year}-整改通知.docx")
    bad = subprocess.run(
        [*OGI, "notices", "--db", str(tmp_path / "c.db"), "--out", str(out), "--deadline", "4月"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "not a day" in bad.stderr


def test_notices_address_an_organ_by_the_organ_lists_name(tmp_path: Path) -> None:
    """With an organ list, a notice and its files name the organ as the office lists it (its full
    name), not as its report printed it (a short form the list gives as 简称)."""
    store, reps = corpus(tmp_path)
    b = reps["b"]
    full = "东江省" + (b.agency or "")  # the list's name; the report prints the short form
    csv = tmp_path / "名单.csv"
    csv.write_text(f"机关,简称,层级,上级,类型\n{full},{b.agency},区,,部门\n", encoding="utf-8")
    store.close()
    imp = subprocess.run(
        [*OGI, "organs", "import", str(csv), "--db", str(tmp_path / "c.db")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert imp.returncode == 0, imp.stderr
    out = tmp_path / "out"
    run = subprocess.run(
        [*OGI, "notices", "--db", str(tmp_path / "c.db"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    notice = out / f"{full}-{b.year}-整改通知.docx"
    assert notice.exists(), sorted(p.name for p in out.iterdir())
    assert f"{full}：" in words(notice)
    assert {r["机关"] for r in sheet(out / f"{full}-{b.year}-问题清单.xlsx")} == {full}
    a = reps["a"]  # not on the list: named as its report names it
    assert (out / f"{a.agency}-{a.year}-整改通知.docx").exists()
