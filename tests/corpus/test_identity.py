"""Organ identity: the forms of one organ's name are one organ; different organs stay apart."""

from __future__ import annotations

import json

import pytest

from analysis_data import REAL
from conftest import SHARED
from ogi.corpus.identity import identify, organ_types, split_regions
from ogi.corpus.series import group_series
from ogi.model import Report, Source


def _truth_agencies(folder: str) -> list:  # type: ignore[type-arg]
    if not SHARED.is_dir():
        return [pytest.param(["(../shared missing)"], marks=pytest.mark.needs_shared, id="no-shared")]
    out: list = []  # type: ignore[type-arg]
    for f in sorted((SHARED / folder).glob("*.truth.json")):
        names = [a for a in json.loads(f.read_text("utf-8"))["agency"] if a]
        if names:
            out.append(names)
    return out


@pytest.mark.parametrize("names", _truth_agencies("real"), ids=lambda n: n[0])
def test_every_accepted_name_of_a_real_report_is_one_organ(names: list[str], shared: object) -> None:
    # a name without a place of its own (县发展和改革局) is placed in the region of the report
    region = next((i.region for i in map(identify, names) if i and not i.relative and i.region), None)
    ids = {identify(n, within=region).id for n in names}  # type: ignore[union-attr]
    assert len(ids) == 1, {n: identify(n, within=region) for n in names}


def test_pingtan_full_short_and_bare_forms() -> None:
    forms = ["平潭综合实验区管委会", "平潭综合实验区管理委员会", "平潭综合实验区", " 平潭综合实验区 管委会 "]
    idents = [identify(n) for n in forms]
    assert {i.id for i in idents} == {"平潭综合实验区管理委员会"}  # type: ignore[union-attr]
    assert all(i.type == "government" for i in idents)  # type: ignore[union-attr]


def test_region_prefix_is_dropped_from_the_id_but_kept_in_the_name() -> None:
    full, short = identify("淮安市洪泽区人民政府"), identify("洪泽区人民政府")
    assert full and short and full.id == short.id
    assert full.regions == ("淮安市", "洪泽区") and full.parents == ("淮安市",)
    assert full.region == "淮安市洪泽区" and short.region == "洪泽区"
    assert identify("江苏省淮安市洪泽区人民政府").id == full.id  # type: ignore[union-attr]
    # the city itself is another organ
    assert identify("淮安市人民政府").id != full.id  # type: ignore[union-attr]


def test_traditional_width_spaces_brackets_and_abbreviations() -> None:
    base = identify("安居区人民政府办公室")
    assert base and base.type == "government_office"
    for v in ("安居區人民政府辦公室", "安居区 人民政府 办公室", "安居区政府办", "安居区府办", "安居区政府办公室"):
        assert identify(v).id == base.id, v  # type: ignore[union-attr]
    assert identify("淮安市发改委").id == identify("淮安市发展和改革委员会").id  # type: ignore[union-attr]
    dual = identify("洪泽区交通运输局（洪泽区港口管理局）")
    assert dual and dual.id == identify("洪泽区交通运输局").id  # type: ignore[union-attr]


def test_organ_words_are_not_read_as_regions() -> None:
    assert split_regions("淮安市城市管理局") == (("淮安市",), "城市管理局")
    assert split_regions("淮安市住房和城乡建设局") == (("淮安市",), "住房和城乡建设局")
    assert split_regions("淮安市市场监督管理局") == (("淮安市",), "市场监督管理局")
    assert identify("国家税务总局淮安市税务局").regions == ()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("淮安市人民政府", "government"),
        ("上海市人民政府办公厅", "government_office"),
        ("包头市昆区商务局", "department"),
        ("卫滨区科技和工业信息化局", "department"),
        ("高良涧街道办事处", "government"),
        ("某某有限公司", "other"),
    ],
)
def test_organ_types(name: str, kind: str) -> None:
    assert identify(name).type == kind  # type: ignore[union-attr]
    assert kind in {t.id for t in organ_types()}


def _reading(agency: str, year: int) -> Report:
    return Report(Source(path=f"{agency}-{year}", format="text"), "2021", year, agency, None, {}, {}, [], {})


def test_same_name_under_different_parents_is_two_series() -> None:
    rs = [
        _reading("北京市朝阳区人民政府", 2023),
        _reading("长春市朝阳区人民政府", 2023),
        _reading("北京市朝阳区人民政府", 2024),
        _reading("朝阳区人民政府", 2024),  # which one? stays apart
    ]
    series, _ = group_series(rs)
    assert len(series) == 3
    beijing = next(s for s in series if s.organ.name == "北京市朝阳区人民政府")
    assert beijing.years == [2023, 2024]


def test_a_name_without_parent_joins_the_only_organ_of_that_name() -> None:
    rs = [_reading("淮安市洪泽区人民政府", 2023), _reading("洪泽区人民政府", 2024), _reading("洪泽区政府", 2025)]
    series, unnamed = group_series(rs)
    assert not unnamed and len(series) == 1
    assert series[0].years == [2023, 2024, 2025] and series[0].organ.name == "淮安市洪泽区人民政府"


@pytest.mark.needs_shared
def test_real_reports_form_their_series() -> None:
    from analysis_data import real_truths

    series, unnamed = group_series(real_truths())
    assert not unnamed
    years = {s.organ.name: s.years for s in series}
    assert years["平潭综合实验区管理委员会"] == list(range(2019, 2026))
    assert years["淮安市洪泽区人民政府"] == [2023, 2024]
    assert len(series) == len({identify(r.agency).id for r in real_truths()}), years  # type: ignore[union-attr]
    assert REAL.is_dir()


def test_identity_is_stable_under_its_own_name_and_never_fails() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ogi.samples.generate import ORGANS, PLACES

    cities = ("淮安市", "包头市", "上海市", "")
    names = st.builds(
        lambda c, p, o, sp: c + (" " if sp else "") + p + o,
        st.sampled_from(cities),
        st.sampled_from(PLACES),
        st.sampled_from(ORGANS),
        st.booleans(),
    )

    @settings(max_examples=60, deadline=None)
    @given(names)
    def same(name: str) -> None:
        i = identify(name)
        assert i is not None
        again = identify(i.name)
        assert again is not None and again.id == i.id and again.name == i.name
        assert i.regions and i.regions[-1] in PLACES  # the place, whatever city precedes it

    @settings(max_examples=100, deadline=None)
    @given(st.text(max_size=40))
    def total(name: str) -> None:
        i = identify(name)
        assert i is None or (i.id and i.type in {t.id for t in organ_types()})

    same()
    total()


@pytest.mark.parametrize(
    ("name", "regions", "organ"),
    [
        ("北京市东城区人民政府", ("北京市", "东城区"), "人民政府"),
        ("阳泉市矿区人民政府", ("阳泉市", "矿区"), "人民政府"),
        ("武汉市青山区人民政府", ("武汉市", "青山区"), "人民政府"),
        ("上海市浦东新区人民政府", ("上海市", "浦东新区"), "人民政府"),
        ("杭州市西湖区人民政府", ("杭州市", "西湖区"), "人民政府"),
        ("北京市通州区人民政府", ("北京市", "通州区"), "人民政府"),
        ("徐州市政府", ("徐州市",), "人民政府"),
        ("徐州市政务服务管理办公室", ("徐州市",), "政务服务管理办公室"),
        ("凉山州市场监督管理局", ("凉山州",), "市场监督管理局"),
        ("广西壮族自治区南宁市人民政府", ("广西壮族自治区", "南宁市"), "人民政府"),
        ("内蒙古自治区鄂尔多斯市伊金霍洛旗人民政府", ("内蒙古自治区", "鄂尔多斯市", "伊金霍洛旗"), "人民政府"),
        ("深圳市南山区粤海街道办事处", ("深圳市", "南山区", "粤海街道"), "办事处"),
        ("苏州工业园区管委会", ("苏州", "工业园区"), "管理委员会"),
    ],
)
def test_real_place_names(name: str, regions: tuple[str, ...], organ: str) -> None:
    i = identify(name)
    assert i is not None and (i.regions, i.organ) == (regions, organ)


def test_relative_names_are_placed_in_the_readings_region_or_kept_apart() -> None:
    rel = identify("县投资促进局")
    assert rel is not None and rel.relative
    assert identify("县投资促进局", "砚山县").id == identify("砚山县投资促进局").id  # type: ignore[union-attr]
    assert identify("区政府办", "洪泽区").id == identify("洪泽区人民政府办公室").id  # type: ignore[union-attr]
    assert identify("市场监督管理局", "淮安市").name == "淮安市市场监督管理局"  # type: ignore[union-attr]
    assert identify("人民政府办公室").relative  # type: ignore[union-attr]
    assert not identify("砚山县投资促进局").relative  # type: ignore[union-attr]
    # two counties' 县投资促进局 without a region are two organs, not one series
    a = Report(Source(path="a.txt", format="text"), "2021", 2023, "县投资促进局", None, {}, {}, [], {})
    b = Report(Source(path="b.txt", format="text"), "2021", 2024, "县投资促进局", None, {}, {}, [], {})
    c = Report(Source(path="c.txt", format="text"), "2021", 2024, "县投资促进局", "砚山县", {}, {}, [], {})
    d = Report(Source(path="d.txt", format="text"), "2021", 2023, "砚山县投资促进局", None, {}, {}, [], {})
    series, _ = group_series([a, b, c, d])
    assert sorted(len(s.by_year) for s in series) == [1, 1, 2]
    yanshan = next(s for s in series if len(s.by_year) == 2)
    assert yanshan.organ.name == "砚山县投资促进局" and yanshan.years == [2023, 2024]


def test_seed_agency_readings(shared: object) -> None:
    import ogi

    r = ogi.read(SHARED / "seeds" / "004_4a2e86469314abd7.txt")
    accepted = json.loads((SHARED / "seeds" / "004_4a2e86469314abd7.truth.json").read_text("utf-8"))["agency"]
    assert r.agency in accepted
    full = identify(accepted[0])
    assert full is not None and not full.relative
    assert identify(r.agency, "砚山县").id == full.id  # type: ignore[union-attr]
