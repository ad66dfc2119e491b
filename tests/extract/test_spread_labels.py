"""Table 2 as a PDF-to-markdown tool gives a PDF's whose labels are spaced out across their cells: the
label's pieces with empty cells between them are one label, no columns of values; a cell holding two
values each with its unit is two values."""

from __future__ import annotations

import ogi

TABLE = """# 某县交通运输局2024年政府信息公开工作年度报告

二、主动公开政府信息情况

| | | | 第二十条第（一）项 | | |
|---|---|---|---|---|---|
|信|息|内|容|本年制<br>发件数|本年废<br>止件数<br>现行有<br>效件数|
|规|||章|0 件|1 件<br>35 件|
|行政|规范|性|文件|3 件|4 件<br>38 件|
"""


def test_a_label_spaced_out_over_cells_and_two_values_in_a_cell() -> None:
    rep = ogi.read(TABLE.encode())
    got = {k: rep.cells[k] for k in rep.cells if k.startswith(("t2.rules.", "t2.normative."))}
    assert got == {
        "t2.rules.issued": 0,
        "t2.rules.repealed": 1,
        "t2.rules.in_force": 35,
        "t2.normative.issued": 3,
        "t2.normative.repealed": 4,
        "t2.normative.in_force": 38,
    }
    assert not [
        f for f in rep.findings if f.rule in ("cells.missing", "cells.uncertain") and any(k in got for k in f.keys)
    ]
