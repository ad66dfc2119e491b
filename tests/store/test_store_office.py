"""The corpus rules of issue 14 as ``ogi build`` keeps them: text.copied (sections 一 and 五 alike
another organ's report, found through the MinHash/LSH index in the store), text.repeated against any
earlier year of the organ, cross_year.jump; each on generated reports with the fault injected and
without it."""

from __future__ import annotations

from pathlib import Path

import pytest

import ogi
from ogi.runner.build import build
from ogi.samples import generate, print_report
from ogi.store import Store
from ogi.store import copies as store_copies
from ogi.store import schema as S


def _span(text: str, start: str, end: str) -> tuple[int, int]:
    i = text.index(start)
    return i, text.index(end, i)


def _sections(text: str) -> dict[str, str]:
    """Sections 一 and 五 as printed (heading included)."""
    a, b = _span(text, "一、总体情况", "二、主动公开政府信息情况")
    c, d = _span(text, "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    return {"一": text[a:b], "五": text[c:d]}


def _with_sections(text: str, secs: dict[str, str]) -> str:
    mine = _sections(text)
    for k, v in secs.items():
        text = text.replace(mine[k], v)
    return text


def _report(seed: int, agency: str, year: int) -> tuple[object, str]:
    rep = generate(seed, tid="2021", scale=5)
    rep.agency, rep.year = agency, year
    return rep, print_report(rep, "pipe")


ORGANS = [
    "淮安市洪泽区教育局",
    "淮安市洪泽区民政局",
    "淮安市清江浦区财政局",
    "淮安市淮阴区水利局",
    "淮安市涟水县商务局",
]


def _by_rule(store: Store, rid: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in store.findings(rule=rid):
        out.setdefault(Path(f["path"]).name, []).append(f)
    return out


@pytest.fixture(params=["sqlite", "postgresql"])
def store_at(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store's address: a SQLite file, or an emptied PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "c.db")
    url = request.getfixturevalue("pg_url")
    with Store(url) as s:
        S.drop_all(s.engine)
    return url


def test_a_report_copying_another_organs_sections_is_found_with_its_similarity(tmp_path: Path, store_at: str) -> None:
    d = tmp_path / "in"
    d.mkdir()
    texts = {}
    for i, organ in enumerate(ORGANS):
        _, texts[organ] = _report(300 + i, organ, 2024)
    src, copier = ORGANS[0], ORGANS[3]
    # the copier takes the other organ's sections 一 and 五, its own name put in
    taken = {k: v.replace(src, copier) for k, v in _sections(texts[src]).items()}
    texts[copier] = _with_sections(texts[copier], taken)
    for organ, text in texts.items():
        (d / f"{organ}.txt").write_text(text, encoding="utf-8")
    with Store(store_at) as store:
        res = build([d], store, jobs=1)
        assert res.ok == len(ORGANS)
        got = _by_rule(store, "text.copied")
        assert set(got) == {f"{src}.txt", f"{copier}.txt"}  # each names the other; the others none
        (f,) = got[f"{copier}.txt"]
        assert f["severity"] == "warning" and f["scope"] == "corpus"
        assert f["values"]["similarity"] >= 0.8 and f["values"]["other_agency"] == src
        assert f["message"].startswith("第一、五部分正文与淮安市洪泽区教育局2024年度报告的相似度为")
        assert "疑为照搬其他机关的报告" in f["message"]
        assert f["related_id"] == store.report_id(str(d / f"{src}.txt"))
        # the same build again: nothing to look up, the same findings
        again = build([d], store, jobs=1)
        assert again.read == 0 and _by_rule(store, "text.copied") == got
        # the copier rewrites its text: its finding goes, and the other's with it
        (d / f"{copier}.txt").write_text(_report(303, copier, 2024)[1], encoding="utf-8")
        build([d], store, jobs=1)
        assert _by_rule(store, "text.copied") == {}


def test_a_copy_is_found_among_many_reports_of_one_common_wording(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lookup reads a bounded number of each bucket's reports (FANOUT): where a province's organs
    all print one model text, their buckets hold more reports than that, and a report copying
    another organ's own text is still found, naming it."""
    monkeypatch.setattr(store_copies, "FANOUT", 2)
    store_copies._shared.cache_clear()
    d = tmp_path / "in"
    d.mkdir()
    model = _sections(_report(900, ORGANS[0], 2024)[1])
    organs = [f"淮安市{n}区{u}" for n in ("洪泽", "清江浦", "淮阴") for u in ("教育局", "民政局")]
    for i, organ in enumerate(organs):  # six organs printing the model's sections
        (d / f"{organ}.txt").write_text(_with_sections(_report(910 + i, organ, 2024)[1], model), encoding="utf-8")
    src, copier = "淮安市涟水县商务局", "淮安市金湖县商务局"
    own = _report(950, src, 2024)[1]
    (d / f"{src}.txt").write_text(own, encoding="utf-8")
    taken = {k: v.replace(src, copier) for k, v in _sections(own).items()}
    (d / f"{copier}.txt").write_text(_with_sections(_report(951, copier, 2024)[1], taken), encoding="utf-8")
    try:
        with Store(tmp_path / "c.db") as store:
            build([d], store, jobs=1)
            got = _by_rule(store, "text.copied")
            assert got[f"{copier}.txt"][0]["values"]["other_agency"] == src
            assert got[f"{src}.txt"][0]["values"]["other_agency"] == copier
            assert {f"{o}.txt" for o in organs} <= set(got)  # the model's printers are alike each other
    finally:
        store_copies._shared.cache_clear()


def test_repetition_of_an_earlier_year_than_the_last(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    organ = ORGANS[1]
    texts = {y: _report(1700 + y, organ, y)[1] for y in (2022, 2023, 2024)}  # repeating under 50 %
    for y, t in texts.items():
        (d / f"{y}.txt").write_text(t, encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        build([d], store, jobs=1)
        assert _by_rule(store, "text.repeated") == {}  # each year its own text
        old = {k: v.replace("2022", "2024").replace("2023", "2025") for k, v in _sections(texts[2022]).items()}
        (d / "2024.txt").write_text(_with_sections(texts[2024], old), encoding="utf-8")
        build([d], store, jobs=1)
        got = _by_rule(store, "text.repeated")
        assert set(got) == {"2024.txt"}
        (f,) = got["2024.txt"]
        assert f["severity"] == "warning" and f["values"]["previous_year"] == 2022 and f["values"]["rate"] >= 0.5
        assert "与2022年报告重复率为" in f["message"] and "上年" not in f["message"]
        assert f["related_id"] == store.report_id(str(d / "2022.txt"))


def test_a_value_that_jumps_between_consecutive_years(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    organ = ORGANS[2]
    prev, _ = _report(501, organ, 2023)
    cur, _ = _report(502, organ, 2024)
    prev.cells["t2.licensing.decisions"], cur.cells["t2.licensing.decisions"] = 30, 400  # 13 times
    prev.cells["t2.penalty.decisions"], cur.cells["t2.penalty.decisions"] = 3, 90  # under 20 the year before
    prev.cells["t2.coercion.decisions"], cur.cells["t2.coercion.decisions"] = 40, 200  # 5 times: not more
    (d / "2023.txt").write_text(print_report(prev, "pipe"), encoding="utf-8")
    (d / "2024.txt").write_text(print_report(cur, "pipe"), encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        build([d], store, jobs=1)
        jumps = [f for f in store.findings(rule="cross_year.jump") if f["keys"] == ["t2.licensing.decisions"]]
        assert len(jumps) == 1
        f = jumps[0]
        assert Path(f["path"]).name == "2024.txt" and f["severity"] == "warning" and f["scope"] == "cross_year"
        assert "上年（2023年）为30，本年为400，相差13.3倍" in f["message"] and "行政许可" in f["message"]
        keys = {k for f in store.findings(rule="cross_year.jump") for k in f["keys"]}
        assert "t2.penalty.decisions" not in keys and "t2.coercion.decisions" not in keys


def test_a_copy_added_later_is_found_by_the_added_readings_refresh(tmp_path: Path) -> None:
    """Readings added after the index was made (as web uploads add them): the refresh that looks at
    the added readings only (whole=False) signs the copier and finds it."""
    d, more = tmp_path / "in", tmp_path / "more"
    d.mkdir()
    more.mkdir()
    texts = {organ: _report(300 + i, organ, 2024)[1] for i, organ in enumerate(ORGANS[:3])}
    for organ, text in texts.items():
        (d / f"{organ}.txt").write_text(text, encoding="utf-8")
    src, copier = ORGANS[0], ORGANS[3]
    taken = {k: v.replace(src, copier) for k, v in _sections(texts[src]).items()}
    (more / f"{copier}.txt").write_text(_with_sections(_report(303, copier, 2024)[1], taken), encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        build([d], store, jobs=1)
        assert _by_rule(store, "text.copied") == {}
        store.put([ogi.read(more / f"{copier}.txt")])
        res = store.refresh_copies(whole=False)
        assert (res.signed, res.looked_up) == (1, 1)
        assert set(_by_rule(store, "text.copied")) == {f"{src}.txt", f"{copier}.txt"}
