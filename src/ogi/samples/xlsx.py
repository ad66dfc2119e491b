"""A sample report as an Excel workbook (openpyxl), as some organs publish theirs: the text on a sheet
of its own, a paragraph a row, the sections that hold the tables saying where they are (（见附表一）);
each table on a sheet after it, merged over rows and columns as on the page (:mod:`ogi.samples.html`),
its numbers stored as numbers."""

from __future__ import annotations

import io

from ogi.samples.generate import SampleReport
from ogi.samples.html import layout, table_pieces, table_rows
from ogi.samples.printers import contents_lines, intro, section_heading, section_texts, site_meta_grid, title_lines

SHEETS = {"t2": "主动公开", "t3": "依申请公开", "t4": "复议诉讼"}
NUMBERED = {"t2": "一", "t3": "二", "t4": "三"}


def render_xlsx(rep: SampleReport) -> bytes:
    import openpyxl

    lay = rep.layout
    _, text = section_texts(rep)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "报告正文"
    lines = [f"{k}：{v}" for k, v in lay.wrapper]
    lines += ["".join(r) for r in site_meta_grid(rep)] if lay.meta else []
    lines += [*title_lines(rep), *contents_lines(rep), intro(rep)]
    for sid in "一二三四五六":
        lines.append(section_heading(rep, sid))
        tid = {"二": "t2", "三": "t3", "四": "t4"}.get(sid)
        lines += [f"（见附表{NUMBERED[tid]}）"] if tid else text[sid].split("\n")
    lines += list(lay.back)
    for t in lines:
        ws.append([t])
    for tid in ("t2", "t3", "t4"):
        sheet = wb.create_sheet(SHEETS[tid])
        row = 1
        blocks: list[list[list[tuple[str, int, int]]]] = []
        blocks += [[[(t, 1, 1)] for t in lay.above.get(tid, ())]]
        if tid in lay.others_before:
            blocks.append([[(c, 1, 1) for c in r] for r in lay.others_before[tid]])
        blocks += table_pieces(rep, tid, table_rows(rep, tid))
        blocks += [[[(t, 1, 1)] for t in lay.below.get(tid, ())]]
        if tid in lay.others_after:
            blocks.append([[(c, 1, 1) for c in r] for r in lay.others_after[tid]])
        for block in blocks:
            if not block:
                continue
            cells, _ = layout(block)
            for r, c, rs, cs, t in cells:
                sheet.cell(row + r, c + 1, int(t) if t.isascii() and t.isdigit() else t.replace("<br>", "\n"))
                if rs > 1 or cs > 1:
                    sheet.merge_cells(
                        start_row=row + r, start_column=c + 1, end_row=row + r + rs - 1, end_column=c + cs
                    )
            row += len(block) + 1  # an empty row between tables
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
