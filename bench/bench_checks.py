"""Recall and false alarms of issue 14's rules on generated reports.

For each rule, ``--n`` generated reports (seeds 1000…, both formats where the rule applies, the
text styles in turn) are read as printed (false alarms: the rule raised on a clean report) and with
the rule's fault injected (recall: the rule raised on the faulty one). The cross-year rules are
measured on pairs of one organ's consecutive reports, text.copied on pairs of two organs' reports
compared as the store compares them (the Jaccard similarity of the shingles of sections 一 and 五;
the index's own recall is bench_copies.py's).

    python bench/bench_checks.py --n 200

Prints one line per rule: recall (found / injected), false alarms (raised / clean).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
from collections.abc import Callable

import ogi
from ogi.check import copies as C
from ogi.check.cross_year import jump, repeated
from ogi.model import Report
from ogi.samples import generate, print_report

STYLES = ("pipe", "markdown", "cells", "tabs")


def _read(text: str) -> Report:
    r = ogi.read(text)
    assert isinstance(r, Report)
    return r


def _rules(text: str) -> set[str]:
    return {f.rule for f in _read(text).findings if f.severity in ("error", "warning")}


def _between(text: str, start: str, end: str) -> tuple[int, int]:
    i = text.index(start)
    return i, text.index(end, i)


# Each fault: (rule, formats, inject(report, text, rng) -> faulty text, or None when it does not apply)
def _period(rep: object, text: str, rng: random.Random) -> str | None:
    y = rep.year  # type: ignore[attr-defined]
    end = rng.choice([f"{y}年11月30日", f"{y}年6月30日", f"{y + 1}年3月31日"])
    return text.replace(f"至{y}年12月31日止", f"至{end}止")


def _template_year(rep: object, text: str, rng: random.Random) -> str | None:
    rep.year = rng.choice([2021, 2022, 2023, 2024]) if rep.template.id == "2019" else rng.choice([2019, 2020])  # type: ignore[attr-defined]
    return print_report(rep, rng.choice(STYLES))  # type: ignore[arg-type]


def _unit(rep: object, text: str, rng: random.Random) -> str | None:
    fee = rep.cells.get("t2.fees.amount")  # type: ignore[attr-defined]
    if not fee:
        return None  # 0 is 0 in either unit
    pat = re.compile(rf"(行政事业性收费[^0-9\n]{{0,12}}\n?[^0-9\n]{{0,4}})(?<![\d.]){fee}(?![\d.])")
    return pat.sub(lambda m: f"{m.group(1)}{round(fee * 10000)}元", text)


def _narrative(rep: object, text: str, rng: random.Random) -> str | None:
    c = rep.cells  # type: ignore[attr-defined]
    issued = "issued" if "t2.rules.issued" in c else "made"
    said = [
        f"制发行政规范性文件{c[f't2.normative.{issued}']}件",
        f"行政许可决定{c['t2.licensing.decisions']}件",
        f"行政处罚决定{c['t2.penalty.decisions']}件",
    ]
    s = rng.choice(said)
    n = int(s.rstrip("件").split("件")[-1].lstrip("制发行政规范性文件许可处罚决定"))
    return text.replace(s, s.replace(f"{n}件", f"{n + rng.randint(1, 9)}件"), 1) if s in text else None


def _section_one(rep: object, text: str, rng: random.Random) -> str | None:
    """Section 一 without one of its parts: its heading and its text, to the next part's heading."""
    heading = rng.choice(["(三)政府信息管理", "(四)政府信息公开平台建设", "(五)监督保障"])
    i = text.index(heading)
    nxt = re.compile(r"\n(?:\([一二三四五六]\)|二、主动公开)")
    m = nxt.search(text, i + len(heading))
    return text[:i] + text[m.start() + 1 :] if m else None


def _section_five(rep: object, text: str, rng: random.Random) -> str | None:
    i, j = _between(text, "(二)改进情况", "六、其他需要报告的事项")
    if rng.random() < 0.5:
        return text[:i] + text[j:]
    a, _ = _between(text, "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    return text[:a] + "五、存在的主要问题及改进情况\n无。\n" + text[j:]


def _fees(rep: object, text: str, rng: random.Random) -> str | None:
    if rng.random() < 0.5:
        if not rep.cells.get("t3.other.no_fee.total"):  # type: ignore[attr-defined]
            return None
        return text.replace("本年度未收取信息处理费。", "")
    return text.replace("本年度未收取信息处理费。", "本年度依规收取信息处理费。")


FAULTS: list[tuple[str, tuple[str, ...], Callable[[object, str, random.Random], str | None]]] = [
    ("period.mismatch", ("2021", "2019"), _period),
    ("template.year", ("2021", "2019"), _template_year),
    ("cells.unit", ("2021",), _unit),
    ("narrative.mismatch", ("2021", "2019"), _narrative),
    ("section.incomplete", ("2021",), _section_one),
    ("section.incomplete", ("2021", "2019"), _section_five),
    ("fees.processing", ("2021",), _fees),
]


def single(n: int) -> list[tuple[str, int, int, int, int]]:
    out = []
    for rid, tids, inject in FAULTS:
        found = injected = false = clean = 0
        for k in range(n):
            seed = 1000 + k
            tid = tids[k % len(tids)]
            rep = generate(seed, tid=tid, scale=rng_scale(seed))
            text = print_report(rep, STYLES[k % len(STYLES)])
            clean += 1
            false += rid in _rules(text)
            bad = inject(rep, text, random.Random(seed))
            if bad is None or bad == text:
                continue
            injected += 1
            found += rid in _rules(bad)
        out.append((f"{rid} ({inject.__name__.strip('_')})", found, injected, false, clean))
    return out


def rng_scale(seed: int) -> int:
    return (1, 5, 20, 200)[seed % 4]


def pairs(n: int) -> list[tuple[str, int, int, int, int]]:
    """cross_year.jump, text.repeated (one organ's years) and text.copied (two organs)."""
    j = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    c = [0, 0, 0, 0]
    at = C.params().at
    for k in range(n):
        seed = 5000 + 2 * k
        a, b = generate(seed, tid="2021", scale=20), generate(seed + 1, tid="2021", scale=20)
        b.agency, b.year = a.agency, a.year + 1
        ra, rb = _read(print_report(a, "pipe")), _read(print_report(b, "pipe"))
        # jump: a clean pair is the organ's values of one year drawn again at 0.5–2 times the size
        # (the generator's figures of two seeds are unrelated: no organ's years differ so), and a
        # faulty one has a count 6–20 times the year before's
        grown = generate(seed, tid="2021", scale=random.Random(seed).choice([10, 20, 30, 40]))
        grown.agency, grown.year = a.agency, a.year + 1
        j[3] += 1
        j[2] += bool(jump(ra, _read(print_report(grown, "pipe"))))
        key = random.Random(seed).choice(["t2.licensing.decisions", "t2.penalty.decisions", "t2.normative.issued"])
        issued = key if key in b.cells else key.replace("issued", "made")
        a.cells[issued], b.cells[issued] = 25, 25 * random.Random(seed).randint(6, 20)
        ja, jb = _read(print_report(a, "pipe")), _read(print_report(b, "pipe"))
        j[1] += 1
        j[0] += any(issued in f.keys for f in jump(ja, jb))
        # text.repeated: clean pair; and b's sections 一 and 五 those of a
        r[3] += 1
        r[2] += bool(repeated(ra, rb))
        copied = {**rb.sections, "一": ra.sections.get("一"), "五": ra.sections.get("五")}
        r[1] += 1
        r[0] += bool(repeated(ra, dataclasses.replace(rb, sections=copied)))
        # text.copied: two organs' texts, clean and copied (the other's name put in)
        other = generate(seed + 7919, tid="2021", scale=20)
        ro = _read(print_report(other, "pipe"))
        sa = C.shingle_set(C.compared_text(ra.sections, a.agency))
        c[3] += 1
        c[2] += C.jaccard(sa, C.shingle_set(C.compared_text(ro.sections, other.agency))) >= at
        taken = {s: (ra.sections.get(s) or "").replace(a.agency, other.agency) for s in ("一", "五")}
        c[1] += 1
        c[0] += C.jaccard(sa, C.shingle_set(C.compared_text(taken, other.agency))) >= at
    return [("cross_year.jump", *j), ("text.repeated", *r), ("text.copied (similarity)", *c)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="reports (or pairs) per rule")
    a = ap.parse_args()
    for name, found, injected, false, clean in single(a.n) + pairs(a.n // 2):
        print(
            f"{name:<40} recall {found}/{injected} = {found / max(injected, 1):.1%}   "
            f"false alarms {false}/{clean} = {false / max(clean, 1):.1%}",
            flush=True,
        )


if __name__ == "__main__":
    main()
