"""A county's season for the tests: its organ list (CSV text) and a store of its reports — on time,
late, of a town without deadline, of an organ off the list, one organ missing."""

from __future__ import annotations

from pathlib import Path

from ogi.runner.build import build
from ogi.samples import generate, print_report
from ogi.store import Store

LIST_CSV = """机关,简称,层级,上级,类型
白水县人民政府,白水县政府,县,,政府
白水县教育局,县教育局、白水教育局,县,白水县人民政府,部门
白水县财政局,,县,白水县人民政府,部门
白水县水务局,,县,白水县人民政府,部门
白水县经济开发区管理委员会,开发区管委会,县,白水县人民政府,政府
青石镇人民政府,青石镇,乡,白水县人民政府,乡镇
"""


def season_report(organ: str, year: int, published: str | None, seed: int) -> str:
    """A generated report (2021 format) of ``organ`` on ``year``, published on ``published``."""
    rep = generate(seed, "2021")
    rep.year = year
    rep.agency = organ
    lines = print_report(rep, "pipe").splitlines()
    if published is not None:
        lines.insert(1, f"发布日期：{published}")
    return "\n".join(lines) + "\n"


def season(tmp_path: Path) -> Store:
    d = tmp_path / "reports"
    d.mkdir()
    files = {
        "gov.txt": ("白水县人民政府", 2024, "2025-03-20", 1),  # a government: due 31 March, on time
        "edu.txt": ("县教育局", 2024, "2025-02-05", 2),  # its short name; a department, due 31 January: late
        "fin.txt": ("白水县财政局", 2024, "2025-01-20", 3),  # on time
        "zone.txt": ("白水县经济开发区管理委员会", 2024, "2025-03-01", 4),  # listed as 政府: on time
        "town.txt": ("青石镇人民政府", 2024, "2025-05-01", 5),  # towns: no national deadline
        "fin23.txt": ("白水县财政局", 2023, "2024-01-10", 6),
        "other.txt": ("南岭县公安局", 2024, "2025-01-10", 7),  # not on the list
        "other22.txt": ("南岭县公安局", 2022, "2023-01-10", 8),
    }
    for name, (organ, year, pub, seed) in files.items():
        (d / name).write_text(season_report(organ, year, pub, seed), "utf-8")
    store = Store(tmp_path / "season.db")
    build([d], store, jobs=1)
    return store
