"""A small corpus for the web tests: generated reports of a few organs over three years, in one region."""

from __future__ import annotations

from pathlib import Path

from ogi.samples import generate, print_report

# organ → years it reported (清江浦区财政局 skipped 2023: an organ with no report that year)
ORGANS = {
    "淮安市洪泽区教育局": (2021, 2022, 2023),
    "淮安市洪泽区民政局": (2021, 2022, 2023),
    "淮安市清江浦区财政局": (2021, 2022),
}


def write_corpus(d: Path) -> list[Path]:
    d.mkdir(parents=True, exist_ok=True)
    out = []
    seed = 100
    for organ, years in ORGANS.items():
        for y in years:
            seed += 1
            text = report_text(organ, y, seed, wrong=organ.endswith("民政局") and y == 2022)
            p = d / f"{y}-{organ}.txt"
            p.write_text(text, encoding="utf-8")
            out.append(p)
    return out


def report_text(organ: str, year: int, seed: int, *, wrong: bool = False, published: str | None = None) -> str:
    """A generated report of ``organ`` for ``year`` (pipe tables); ``wrong``: its 本年新收 total 7
    more than its row sums (an arithmetic error); ``published``: a 发布日期 line (ISO day)."""
    rep = generate(seed, tid="2021", scale=5)
    rep.year = year
    rep.agency = organ
    text = print_report(rep, "pipe")
    if wrong:
        lines = text.splitlines()
        i = next(i for i, ln in enumerate(lines) if "本年新收" in ln)
        cells = lines[i].rstrip(" |").split(" | ")
        cells[-1] = str(int(cells[-1]) + 7)
        lines[i] = " | ".join(cells) + " |"
        text = "\n".join(lines) + "\n"
    if published:
        text += f"发布日期：{published}\n"
    return text


def write_more(d: Path, n: int) -> list[Path]:
    """``n`` more reports, of other organs of another district (for a build running while pages are read)."""
    from ogi.samples.generate import ORGANS as SAMPLE_ORGANS

    d.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        rep = generate(1000 + i, tid="2021", scale=5)
        rep.year = 2021 + i % 3
        rep.agency = f"淮安市淮阴区{SAMPLE_ORGANS[(i // 3) % len(SAMPLE_ORGANS)]}"
        p = d / f"{rep.year}-{rep.agency}-{i}.txt"
        p.write_text(print_report(rep, "pipe"), encoding="utf-8")
        out.append(p)
    return out
