"""Write the bundled sample reports: ``python -m ogi.samples.make [DIR]``.

Fictional organs, random valid tables printed in each text style, and a few
reports with deliberate problems, so ``ogi check`` has something to say.
"""

from __future__ import annotations

import sys
from pathlib import Path

import opencc

from ogi.samples.generate import generate
from ogi.samples.printers import STYLES, print_report

HERE = Path(__file__).parent / "reports"


def samples() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    # one report in each of the first five styles, in sizes from nothing to hundreds (the later
    # styles are the generator's, for the variants)
    for i, (style, scale) in enumerate(zip(STYLES, (0, 5, 20, 200, 3), strict=False)):
        rep = generate(100 + i, tid="2021", scale=scale)
        out[f"{i + 1:02d}-{style}-{rep.year}.txt"] = print_report(rep, style).encode("utf-8")
    rep = generate(200, tid="2019", scale=20)
    out[f"06-pipe-2019-format-{rep.year}.txt"] = print_report(rep, "pipe").encode("utf-8")
    # Problems a clerk should be told about:
    rep = generate(300, tid="2021", scale=20)
    rep.cells["t3.granted.natural"] += 3  # breaks 勾稽关系 in the 自然人 column
    out[f"07-arithmetic-error-{rep.year}.txt"] = print_report(rep, "pipe").encode("utf-8")
    rep = generate(301, tid="2021", scale=20)
    text = print_report(rep, "tabs")
    stated = f"共收到政府信息公开申请{rep.cells['t3.new.total']}件"
    text = text.replace(stated, f"共收到政府信息公开申请{rep.cells['t3.new.total'] + 7}件")
    out[f"08-prose-disagrees-{rep.year}.txt"] = text.encode("utf-8")
    rep = generate(302, tid="2021", scale=5)
    text = print_report(rep, "pipe")
    cut = text.index("(七)总计")
    text = text[:cut] + text[text.index("四、政府信息公开行政复议") :]
    out[f"09-truncated-table-{rep.year}.txt"] = text.encode("utf-8")
    rep = generate(303, tid="2021", scale=5)
    trad = opencc.OpenCC("s2t").convert(print_report(rep, "pipe"))
    out[f"10-traditional-gbk-big5-{rep.year}.txt"] = trad.encode("big5", errors="replace")
    return out


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else HERE
    target.mkdir(parents=True, exist_ok=True)
    for name, data in samples().items():
        (target / name).write_bytes(data)
    print(f"wrote {len(samples())} sample reports to {target}")


if __name__ == "__main__":
    main()
