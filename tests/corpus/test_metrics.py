"""Metrics: defined once as data, computed per report and over groups, documented from the data."""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest

from analysis_data import REAL, altered, hongze, pingtan, real_truths, truth_report
from conftest import ROOT
from ogi.corpus.identity import identify
from ogi.corpus.metrics import Sum, evaluate, metric, metrics, metrics_markdown, stats
from ogi.template import template

OUTCOME_RATES = ("disclosure_rate", "denial_rate", "unable_rate", "rejection_rate", "other_rate")


def test_docs_are_generated_from_the_data() -> None:
    assert (ROOT / "docs" / "metrics.md").read_text("utf-8") == metrics_markdown()
    for m in metrics():
        assert f"`{m.id}`" in metrics_markdown() and m.name in metrics_markdown()


def test_every_metric_names_keys_of_both_formats() -> None:
    for m in metrics():
        for tid in ("2021", "2019"):
            keys = [k for _, k in m.numerator.keys(template(tid))]
            keys += [k for _, k in m.denominator.keys(template(tid))] if m.denominator else []
            assert keys and all(k in template(tid).keys for k in keys)
    other = metric("other_rate").numerator
    assert [k for _, k in other.keys(template("2019"))] == ["t3.other.total"]
    assert len(other.keys(template("2021"))) == 3


def test_formula_parsing() -> None:
    s = Sum.parse("t4.review.total - t4.review.pending")
    assert s.terms == ((1, "t4.review.total"), (-1, "t4.review.pending"))
    with pytest.raises(ValueError):
        Sum.parse("t4.review.total t4.review.pending")
    with pytest.raises(ValueError):
        Sum.parse("")


def _rows_total(cells: dict, prefix: str) -> float:
    return sum(v for k, v in cells.items() if k.startswith(prefix) and k.endswith(".total"))


@pytest.mark.parametrize("i", range(7))
def test_rates_of_each_pingtan_report(i: int, shared: object) -> None:
    r = pingtan()[i]
    c = r.cells
    got = evaluate(r)
    handled = c["t3.total.total"]
    assert got["received"] == c["t3.new.total"] and got["handled"] == handled
    assert math.isclose(got["disclosure_rate"], (c["t3.granted.total"] + c["t3.partial.total"]) / handled)
    assert math.isclose(got["denial_rate"], _rows_total(c, "t3.denied.") / handled)
    assert math.isclose(got["unable_rate"], _rows_total(c, "t3.unable.") / handled)
    assert math.isclose(got["rejection_rate"], _rows_total(c, "t3.rejected.") / handled)
    assert math.isclose(
        got["carryover_rate"], c["t3.carried_out.total"] / (c["t3.new.total"] + c["t3.carried_in.total"])
    )
    # the outcome rates add up to 1 exactly when the report's outcome rows add up to its total
    t = json.loads((REAL / f"{r.year}-pingtan.truth.json").read_text("utf-8"))
    whole = sum(got[m] for m in OUTCOME_RATES)  # type: ignore[misc]
    assert math.isclose(whole, 1.0) == ("t3.outcome_sum" not in t["findings"]), (r.year, whole)


def test_division_by_zero_and_missing_values_are_null(shared: object) -> None:
    r = pingtan()[-1]
    none_closed = altered(r, t4__review__total=3, t4__review__pending=3, t4__review__upheld=0, t4__review__corrected=0)
    assert evaluate(none_closed)["review_correction_rate"] is None
    missing = altered(r, t3__total__total=None)  # type: ignore[arg-type]
    got = evaluate(missing)
    assert got["handled"] is None and all(got[m] is None for m in OUTCOME_RATES)
    # Hongze's (六)其他处理 was printed as one undivided row: the 2021 keys are missing
    assert evaluate(hongze()[0])["other_rate"] is None


def test_suit_loss_rate_counts_both_suit_groups(shared: object) -> None:
    r = hongze()[1]
    c = r.cells
    closed = sum(c[f"t4.{g}.total"] - c[f"t4.{g}.pending"] for g in ("suit_direct", "suit_after_review"))
    corrected = c["t4.suit_direct.corrected"] + c["t4.suit_after_review.corrected"]
    assert closed > 0
    assert evaluate(r)["suit_loss_rate"] == corrected / closed
    assert evaluate(r)["suits"] == c["t4.suit_direct.total"] + c["t4.suit_after_review.total"]


def test_stats_by_year_sums_the_reports_of_each_year(shared: object) -> None:
    readings = real_truths()
    groups = {g.key: g for g in stats(readings, by="year")}
    assert set(groups) == {r.year for r in readings} >= set(range(2019, 2026))
    in_2024 = [r for r in readings if r.year == 2024]
    g = groups[2024]
    assert g.reports == len(in_2024) >= 3
    assert g.metrics["received"].value == sum(r.cells["t3.new.total"] for r in in_2024)
    num = sum(r.cells["t3.granted.total"] + r.cells["t3.partial.total"] for r in in_2024)
    den = sum(r.cells["t3.total.total"] for r in in_2024)
    assert math.isclose(g.metrics["disclosure_rate"].value, num / den)  # a ratio of sums
    assert g.metrics["disclosure_rate"].n == sum(1 for r in in_2024 if r.cells["t3.total.total"])


def test_a_report_read_twice_is_counted_once(shared: object) -> None:
    twins = [truth_report(f) for f in sorted(REAL.glob("*.pdftext.truth.json"))]
    once = stats(real_truths())[0]
    twice = stats(real_truths() + twins)[0]
    assert once.reports == twice.reports == len(real_truths())
    assert once.metrics["received"].value == twice.metrics["received"].value


def test_zero_denominator_report_adds_nothing_to_a_rate(shared: object) -> None:
    # Hongze 2023 prints 行政复议 总计 0 beside 结果纠正 1 (a source inconsistency)
    a, b = hongze()
    assert evaluate(a)["review_correction_rate"] is None
    g = stats([a, b])[0]
    assert g.metrics["review_correction_rate"].value == evaluate(b)["review_correction_rate"]
    assert g.metrics["review_correction_rate"].n == 1


def test_stats_by_organ_type_and_region(shared: object) -> None:
    readings = real_truths()
    kinds = Counter(identify(r.agency).type for r in readings)  # type: ignore[union-attr]
    by_type = {g.key: g for g in stats(readings, by="organ-type")}
    assert by_type["government"].label == "人民政府" and by_type["government"].reports == kinds["government"] >= 10
    assert {k: g.reports for k, g in by_type.items()} == dict(kinds)
    by_region = {g.key: g.reports for g in stats(readings, by="region")}
    assert by_region["平潭综合实验区"] == 7 and by_region["淮安市洪泽区"] == 2
    assert sum(by_region.values()) == len(readings)
    with pytest.raises(ValueError):
        stats([], by="nonsense")


def test_stats_by_region_joins_short_region_forms(shared: object) -> None:
    a, b = hongze()
    dept = altered(b)
    dept.agency = "洪泽区教育局"  # names only its district; 淮安市洪泽区 is known from the government
    groups = {g.key: g.reports for g in stats([a, b, dept], by="region")}
    assert groups == {"淮安市洪泽区": 3}
