"""An office's follow-up through the web app's data (PATH.json), on a real store: the list of
problems after a batch, re-published reports as versions of their organ-year, the region's states,
a reviewer's corrections re-checked, comparing by organ and year, and pages without English.

Expected findings come from ``ogi.read`` of the same texts, never from the pages."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

import openpyxl
from test_web_api import make_client

import ogi
from ogi.corpus.diff import difference, signed
from webcorpus import report_text
from webtools import postgres, wait_batch

EDU, CIVIL, FIN = "淮安市洪泽区教育局", "淮安市洪泽区民政局", "淮安市洪泽区财政局"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The store the app keeps: a SQLite file, and a PostgreSQL server (the follow-up is the store's SQL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'web.sqlite3'}"
    else:
        pytest.importorskip("psycopg")
        with postgres() as url:
            yield url


def _upload(c, files: dict[str, str]) -> list[int]:  # type: ignore[no-untyped-def]
    r = c.post("/uploads.json", files=[("files", (n, t.encode("utf-8"))) for n, t in files.items()])
    assert r.status_code == 200, r.text
    b = wait_batch(c, r.json()["batch"])
    assert [u["status"] for u in b["uploads"]] == ["done"] * len(files), b
    return [u["report_id"] for u in b["uploads"]], r.json()["batch"]  # type: ignore[return-value]


def _read(tmp: Path, name: str, text: str) -> ogi.Report:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    r = ogi.read(p)
    assert isinstance(r, ogi.Report)
    return r


def test_a_season_problems_versions_and_states(db_url: str, tmp_path: Path) -> None:
    c = make_client(db_url, "rita")
    texts = {
        "civil-2022.txt": report_text(CIVIL, 2022, 12),
        "fin-2022.txt": report_text(FIN, 2022, 13),
        "edu-2023.txt": report_text(EDU, 2023, 21, wrong=True),
        "civil-2023.txt": report_text(CIVIL, 2023, 22, published="2024-03-05"),
    }
    expected = {n: _read(tmp_path, n, t) for n, t in texts.items()}
    ids, batch = _upload(c, texts)
    by = dict(zip(texts, ids, strict=True))
    # one list of problems for the batch: one row per report, in the batch's order
    lst = c.get("/problems.json", params={"batch": batch}).json()
    rows = {r["id"]: r for r in lst["reports"]}
    assert [r["id"] for r in lst["reports"]] == ids
    for n, rid in by.items():
        e = expected[n]
        assert rows[rid]["organ"] == e.agency and rows[rid]["year"] == e.year and rows[rid]["format"] == "text"
        assert rows[rid]["errors"] >= len(e.errors)  # its own, and the cross-year ones against 2022
        assert rows[rid]["unreviewed"] == rows[rid]["errors"] + rows[rid]["warnings"]
    wrong = rows[by["edu-2023.txt"]]
    assert wrong["status"] == "pending" and wrong["status_label"] == "待整改"
    assert {f.rule for f in expected["edu-2023.txt"].errors} <= set(wrong["rules"])
    late = rows[by["civil-2023.txt"]]
    assert late["late"] and "published.late" in late["rules"]
    # filters: severity, rule, organ, review state
    errs = c.get("/problems.json", params={"batch": batch, "severity": "error"}).json()["reports"]
    assert {r["id"] for r in errs} == {r["id"] for r in lst["reports"] if r["errors"]}
    assert by["edu-2023.txt"] in {r["id"] for r in errs}
    rule = next(f.rule for f in expected["edu-2023.txt"].errors)
    got = c.get("/problems.json", params={"batch": batch, "rule": rule}).json()["reports"]
    assert {r["id"] for r in got} == {r["id"] for r in lst["reports"] if rule in r["rules"]}
    got = c.get("/problems.json", params={"batch": batch, "organ": "教育局"}).json()["reports"]
    assert {r["id"] for r in got} == {by["edu-2023.txt"]}
    # a reviewer confirms one finding: one fewer 未审核, the confirmed filter finds it
    d = c.get(f"/reports/{by['edu-2023.txt']}.json").json()
    fid = next(f["id"] for f in d["findings"] if f["rule"] == rule)
    mark = {"finding": fid, "status": "confirmed"}
    assert c.post(f"/reports/{by['edu-2023.txt']}/reviews.json", json=mark).is_success
    got = c.get("/problems.json", params={"batch": batch, "review": "confirmed"}).json()["reports"]
    assert [r["id"] for r in got] == [by["edu-2023.txt"]]
    assert got[0]["unreviewed"] == wrong["unreviewed"] - 1
    # the region: each organ's state for 2023
    g = c.get("/regions/region:淮安市洪泽区.json", params={"year": 2023}).json()
    states = {o["name"]: o for o in g["organs"]}
    assert states[EDU]["state"] == "pending" and states[EDU]["report"] == by["edu-2023.txt"]
    assert states[FIN]["state"] == "missing"  # reported 2022, not 2023
    assert states[CIVIL]["late"] and states[CIVIL]["state"] in ("passed", "pending")
    assert g["states"]["missing"] == 1 and g["states"]["late"] == 1 and g["states"]["pending"] >= 1
    # the organ publishes its report again, corrected: a new version of the same organ-year
    fixed_text = report_text(EDU, 2023, 21)
    fixed = _read(tmp_path, "edu-2023-v2.txt", fixed_text)
    (v2,), batch2 = _upload(c, {"edu-2023-v2.txt": fixed_text})
    g = c.get("/regions/region:淮安市洪泽区.json", params={"year": 2023}).json()
    edu = next(o for o in g["organs"] if o["name"] == EDU)
    assert (edu["state"], edu["state_label"], edu["versions"], edu["report"]) == ("fixed", "已整改", 2, v2)
    assert [y["year"] for y in c.get("/organs/洪泽区教育局.json").json()["years"]] == [2023]  # not another year
    d = c.get(f"/reports/{v2}.json").json()
    assert [v["id"] for v in d["versions"]] == [by["edu-2023.txt"], v2] and d["previous_version"] == by["edu-2023.txt"]
    gone = {f.rule for f in expected["edu-2023.txt"].errors} - {f.rule for f in fixed.errors}
    assert gone and gone <= {f["rule"] for f in d["fixed"]}
    for f in d["findings"]:  # each finding of the new version: still there, or new
        keys = [k["key"] for k in f["cells"]]
        was = any(x.rule == f["rule"] and x.keys == keys for x in expected["edu-2023.txt"].findings)
        assert f["mark"] == ("still" if was else "new")
    old = c.get("/problems.json", params={"batch": batch}).json()["reports"]
    assert next(r for r in old if r["id"] == by["edu-2023.txt"])["status"] == "superseded"
    assert c.get("/problems.json", params={"batch": batch2}).json()["reports"][0]["status"] == "fixed"
    # refused in Chinese, never a 500
    assert c.get("/problems.json", params={"batch": "nosuch"}).status_code == 404
    assert "批次不存在" in c.get("/problems", params={"batch": "nosuch"}).text
    for odd in ({"year": "二〇二三"}, {"severity": "x"}, {"status": "y"}, {"review": "z"}):  # a Chinese 400
        r = c.get("/problems", params=odd)
        assert r.status_code == 400 and "参数无效" in r.text, (odd, r.status_code)
    assert c.get("/problems", params={"year": "", "severity": "", "status": ""}).status_code == 200  # a form's "all"
    assert c.get("/regions/region:淮安市洪泽区", params={"year": "abc"}).status_code == 400
    # the page shows it in words, no error
    page = c.get(f"/reports/{v2}")
    assert page.status_code == 200 and "已整改" in page.text and "第2版" in page.text
    assert "已整改" in c.get("/regions/region:淮安市洪泽区?year=2023").text


def test_a_correction_rechecks_the_rules(db_url: str, tmp_path: Path) -> None:
    c = make_client(db_url, "rita")
    text = report_text(EDU, 2023, 31, wrong=True)
    read = _read(tmp_path, "a.txt", text)
    right = _read(tmp_path, "b.txt", report_text(EDU, 2023, 31))
    (rid,), batch = _upload(c, {"a.txt": text})
    key = "t3.new.total"
    assert read.cells[key] == right.cells[key] + 7
    summed = [f for f in read.errors if key in f.keys]
    assert summed
    r = c.post(f"/reports/{rid}/corrections.json", json={"key": key, "value": right.cells[key], "comment": "按原件"})
    assert r.status_code == 200, r.text
    d = c.get(f"/reports/{rid}.json").json()
    assert d["reading"]["cells"][key] == read.cells[key]  # the reading as read is kept
    assert len(d["findings"]) == len(read.findings)
    again = d["rechecked"]["findings"]
    assert not [f for f in again if f["rule"] == summed[0].rule and key in [x["key"] for x in f["cells"]]]
    assert len(again) == len(right.findings)
    # a wrong correction is found wrong again
    c.post(f"/reports/{rid}/corrections.json", json={"key": key, "value": right.cells[key] + 3})
    again = c.get(f"/reports/{rid}.json").json()["rechecked"]["findings"]
    assert any(f["rule"] == summed[0].rule for f in again)
    assert all(f["basis"] for f in again if f["rule"] == summed[0].rule)  # found again: with its basis
    assert "按人工更正值重新检查" in c.get(f"/reports/{rid}").text
    # what is sent back follows the corrected values: the sum error a right correction settles is not sent
    c.post(f"/reports/{rid}/corrections.json", json={"key": key, "value": right.cells[key]})
    listed = c.get(f"/notices.json?batch={batch}").json()["organs"]
    assert [(o["report_id"], o["errors"]) for o in listed] == [(rid, len(right.errors))]
    book = openpyxl.load_workbook(io.BytesIO(c.get(f"/notices/{rid}.xlsx", params={"select": "all"}).content))
    sent = [r[2] for r in list(book.active.iter_rows(values_only=True))[1:]]
    assert summed[0].rule not in sent and len(sent) == len(right.findings)
    state = c.get("/problems.json", params={"batch": batch}).json()["reports"][0]["status"]
    assert state == ("pending" if any(f.severity in ("error", "warning") for f in right.findings) else "passed")


def test_compare_by_organ_and_year_with_the_values_precision(db_url: str, tmp_path: Path) -> None:
    assert difference(20000.5, 32702.47) == 12701.97 and signed(12701.97) == "+12701.97"
    assert difference(5, 2) == -3 and isinstance(difference(5, 2), int) and signed(0) == "0"
    c = make_client(db_url, "vic")
    texts = {"a.txt": report_text(EDU, 2022, 41), "b.txt": report_text(EDU, 2023, 42)}
    a, b = (_read(tmp_path, n, t) for n, t in texts.items())
    ids, _ = _upload(c, texts)
    d = c.get("/compare.json", params={"organ": "洪泽区教育局", "a": 2022, "b": 2023}).json()
    assert (d["a"]["id"], d["b"]["id"]) == tuple(ids)
    amounts = [x for x in d["changed"] if isinstance(x["a"], float) or isinstance(x["b"], float)]
    assert amounts
    for x in d["changed"]:
        va, vb = a.cells[x["key"]], b.cells[x["key"]]
        if va is None or vb is None:
            continue
        exact = Decimal(repr(vb)) - Decimal(repr(va))  # decimal arithmetic: the printed digits, exactly
        assert x["change"] == float(exact), (x, exact)
        assert signed(x["change"]) == ("+" if exact > 0 else "") + format(exact.normalize(), "f")
    # the page shows each change as the values have it
    page = c.get("/compare", params={"organ": EDU, "a": 2022}).text
    for x in amounts:
        assert signed(x["change"]) in page
    # the report page links to the same organ's report of last year
    assert "/compare?organ=" in c.get(f"/reports/{ids[1]}").text
    assert c.get("/compare.json", params={"organ": "没有这个机关", "a": 2022}).status_code == 404
    assert c.get("/compare", params={"organ": EDU, "a": 2019}).status_code == 404
    assert c.get("/compare", params={"organ": EDU, "a": "abc"}).status_code == 400


class _Text(HTMLParser):
    """The text a page shows (no scripts, styles, nor attribute values)."""

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


# Names of file formats and the program's own are words a clerk meets as they are.
NAMES = {"JSON", "CSV", "Excel", "PDF", "Word", "HTML", "TXT", "DOCX", "DOC", "WPS", "RTF", "PNG", "JPEG", "TIFF"}
NAMES |= {"OFD", "ZIP", "MB", "KB", "ogi", "GBK", "UTF-"}  # and encodings


def test_no_english_on_any_page(tmp_path: Path) -> None:
    c = make_client(f"sqlite:///{tmp_path / 'w.sqlite3'}", "admin")
    late = report_text(EDU, 2023, 52, wrong=True, published="2024-03-05")
    ids, batch = _upload(c, {"a.txt": report_text(EDU, 2022, 51), "b.txt": late})
    # a ZIP whose member is no document: its batch lists the member with the reader's message
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("c.txt", bytes(range(256)) * 8)
    r = c.post("/uploads.json", files=[("files", ("c.zip", buf.getvalue()))])
    assert r.status_code == 200, r.text
    bad = r.json()["batch"]
    assert any(u["status"] == "error" for u in wait_batch(c, bad)["uploads"])
    # times in the data say their zone (UTC), as the pages say Beijing time
    got = c.get(f"/batches/{batch}.json").json()
    times = [v for u in got["uploads"] for k, v in u.items() if k.endswith("_at") and v]
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", t) for t in times), times
    pages = ["/uploads", f"/batches/{batch}", "/problems", f"/problems?batch={batch}", "/reports", "/regions"]
    pages += [f"/reports/{i}" for i in ids] + ["/regions/region:淮安市洪泽区", "/organs/洪泽区教育局", "/users"]
    pages += [f"/compare?organ={EDU}&a=2022&b=2023", "/compare", "/reports/99999", "/no-such-page"]
    pages += ["/fetches", "/notices", f"/notices?batch={batch}", "/organ-list", "/rankings", "/retention"]
    pages += [f"/batches/{bad}", f"/problems?batch={bad}"]
    for path in pages:
        r = c.get(path)
        assert r.status_code in (200, 404), (path, r.status_code)
        p = _Text()
        p.feed(r.text)
        shown = " ".join(p.out)
        names = ("admin", "rita", "vic", "a.txt", "b.txt", "c.zip", "c.txt", "robots.txt")
        for data in names:  # users' and files' own names
            shown = shown.replace(data, "")
        shown = re.sub(r"[0-9a-f]{12,}", "", shown)  # a file's fingerprint (SHA-256, hexadecimal)
        words = set(re.findall(r"[A-Za-z][A-Za-z-]+", shown)) - NAMES
        assert not words, (path, words)


def test_charts_count_in_whole_numbers() -> None:
    import json

    from ogi.web.browse import region_charts

    year = {"year": 2023, "reported": 2, "on_time": ["甲局"], "late": ["乙局"], "undated": [], "missing": ["丙局"]}
    g = {"years": [year | {"metrics": {}, "outcomes": {}}]}
    for option in map(json.loads, region_charts(g)):
        assert option["yAxis"]["minInterval"] == 1  # an axis of organs never reads 0.5 个机关


def test_a_list_longer_than_a_page_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ogi.web import problemlist

    c = make_client(f"sqlite:///{tmp_path / 'w.sqlite3'}", "vic")
    organs = ("教育局", "民政局", "财政局")
    _upload(c, {f"{i}.txt": report_text(f"淮安市洪泽区{o}", 2023, 80 + i) for i, o in enumerate(organs)})
    monkeypatch.setattr(problemlist, "MAX_ROWS", 2)
    d = c.get("/problems.json").json()
    assert (len(d["reports"]), d["totals"]["found"], d["totals"]["cut"]) == (2, 3, True)
    assert "只列出前 2 份" in c.get("/problems").text
    assert len(c.get("/problems.json", params={"organ": "财政局"}).json()["reports"]) == 1  # narrowed before the cut


def test_a_regions_states_follow_a_reviewers_marks_at_once(db_url: str, tmp_path: Path) -> None:
    """A region's follow-up is kept between views (a province's is every organ's); a reviewer's
    marks change the store's state, so the next view shows the organ's new state."""
    c = make_client(db_url, "rita")
    (rid,), _ = _upload(c, {"edu.txt": report_text(EDU, 2023, 51, wrong=True)})

    def state() -> str:
        g = c.get("/regions/region:淮安市洪泽区.json", params={"year": 2023}).json()
        return next(o["state"] for o in g["organs"] if o["name"] == EDU)

    assert state() == state() == "pending"
    for f in c.get(f"/reports/{rid}.json").json()["findings"]:
        if f["severity"] in ("error", "warning"):
            r = c.post(f"/reports/{rid}/reviews.json", json={"finding": f["id"], "status": "dismissed"})
            assert r.is_success, r.text
    assert state() == "passed"


def test_a_regions_follow_up_is_made_again_after_a_change_before_it_is_asked(db_url: str, tmp_path: Path) -> None:
    """The housekeeper's rewarm makes the top regions' follow-ups at its first call, and after a
    change (a reviewer's marks) makes again the follow-ups kept for the old state: the next view
    finds the page made for the store as it is, and shows the organ's new state."""
    c = make_client(db_url, "rita")
    (rid,), _ = _upload(c, {"edu.txt": report_text(EDU, 2023, 51, wrong=True)})
    corpus = c.app.state.corpus  # type: ignore[attr-defined]
    corpus.rewarm()
    c.get("/regions/region:淮安市洪泽区.json", params={"year": 2023})
    assert corpus.rewarm() == 0  # nothing changed: nothing made again
    kept = set(corpus._kept_states)
    for f in c.get(f"/reports/{rid}.json").json()["findings"]:
        if f["severity"] in ("error", "warning"):
            assert c.post(f"/reports/{rid}/reviews.json", json={"finding": f["id"], "status": "dismissed"}).is_success
    made = corpus.rewarm()
    assert made >= 1
    now = corpus.signature(fresh=True)
    assert {(n, y) for _, n, y in kept} <= {(n, y) for s, n, y in corpus._kept_states if s == now}
    assert not [k for k in corpus._kept_states if k[0] != now]  # the old state's are dropped
    g = c.get("/regions/region:淮安市洪泽区.json", params={"year": 2023}).json()
    assert next(o["state"] for o in g["organs"] if o["name"] == EDU) == "passed"


def test_a_broad_search_is_counted_up_to_its_cap(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A search counts its matches up to COUNT_CAP + 1 (its cost is its page's, not its matches'):
    past the cap, the list says 超过 N 份 and goes on page by page while pages are full."""
    from ogi.store import browse
    from ogi.web import reports

    c = make_client(db_url, "rita")
    _upload(c, {f"{i}.txt": report_text(o, 2023, 51 + i) for i, o in enumerate((EDU, CIVIL, FIN))})
    d = c.get("/reports.json").json()
    assert (d["total"], d["more"], d["page"], d["pages"]) == (3, False, 1, 1)
    monkeypatch.setattr(browse, "COUNT_CAP", 2)
    monkeypatch.setattr(reports, "COUNT_CAP", 2)
    total, rows = c.app.state.store.search(limit=1)  # type: ignore[attr-defined]
    assert (total, len(rows)) == (3, 1)  # 2 + 1: more than 2
    d = c.get("/reports.json").json()
    assert (d["total"], d["more"], len(d["reports"])) == (2, True, 3)
    assert "超过 2 份" in c.get("/reports").text
    assert c.get("/reports.json", params={"q": "教育局"}).json()["more"] is False


def test_a_search_by_an_unknown_severity_is_refused(db_url: str) -> None:
    """severity is error, warning or clean; another word is refused in Chinese (400), not ignored
    (which listed every report)."""
    c = make_client(db_url, "rita")
    r = c.get("/reports.json", params={"severity": "bogus"})
    assert r.status_code == 400 and "问题级别" in r.json()["detail"]
    assert c.get("/reports", params={"severity": "bogus"}).status_code == 400
    assert c.get("/reports.json", params={"severity": "clean"}).status_code == 200
