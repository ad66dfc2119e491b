"""text.copied at corpus scale: the MinHash/LSH index of sections 一 and 五 in the store.

A store of N readings (sections 一 and 五 of generated reports, each organ its own text; a share of
them copies of another organ's text with the names and figures changed), indexed by
``Store.refresh_copies``; then new reports added a few at a time, and what comparing each with the
whole corpus costs: signing it, looking its buckets up, measuring the candidates.

    python bench/bench_copies.py --n 10000 --n 100000 --new 200

A new report is compared as a web upload's is (``refresh_copies(whole=False)``: readings added).
Prints per N: the time to index the corpus (readings/s), the time per new report (ms, median and
p95), and the copies found among the new ones against those planted (recall: the report named is
the one copied or another copy of the same text) and among the clean ones (false alarms).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from ogi.model import Report, Source
from ogi.samples import generate
from ogi.samples.printers import prose
from ogi.store import Store

PLACES = "东西南北中上下新老大小"


def reading(i: int, copy_of: int | None = None) -> Report:
    """A reading holding sections 一 and 五 only: its own text, or the text of report ``copy_of``
    under another organ's name, with other figures."""
    rep = generate(copy_of if copy_of is not None else i)
    rng = random.Random(f"copy:{i}")
    if copy_of is not None:
        rep.cells = dict(generate(i).cells)  # other figures (normalized away: still a copy)
        rep.year = generate(i).year
    agency = f"{PLACES[i % 11]}{PLACES[(i // 11) % 11]}{i}号县{rep.agency[3:]}"
    rep.agency = agency
    text = prose(rep, random.Random(copy_of if copy_of is not None else i))
    if copy_of is not None and rng.random() < 0.5:  # a sentence of its own added
        text["五"] += f"\n{agency}将持续改进工作方法。"
    return Report(
        source=Source(path=f"bench:{i}", format="text", sha256=f"{i:064d}"),
        template=rep.template.id,
        year=rep.year,
        agency=agency,
        region=None,
        cells={},
        provenance={},
        findings=[],
        sections={"一": text["一"], "五": text["五"]},
    )


def run(n: int, new: int, copy_share: float, db: Path) -> dict[str, float]:
    rng = random.Random(n)
    with Store(db) as store:
        t0 = time.perf_counter()
        batch = []
        root: dict[int, int] = {}  # each reading's original text: itself, or the one it copies
        for i in range(n):
            src = rng.randrange(i) if i > 10 and rng.random() < copy_share else None
            root[i] = i if src is None else root[src]
            batch.append(reading(i, src))
            if len(batch) == 2000:
                store.put(batch)
                batch = []
        store.put(batch)
        t_put = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.refresh_copies()
        t_index = time.perf_counter() - t0
        per = []
        planted = found = false = 0
        for j in range(new):
            i = n + j
            src = rng.randrange(n) if j % 2 == 0 else None
            store.put([reading(i, src)])
            t0 = time.perf_counter()
            store.refresh_copies(whole=False)  # readings added, as a web upload adds them
            per.append((time.perf_counter() - t0) * 1000)
            root[i] = i if src is None else root[src]
            rid = store.report_id(f"bench:{i}")
            got = store.copies_of([rid])
            if src is not None:
                planted += 1
                # found: the report named is the one copied, or another copy of the same text
                named = int(store.get(got[0]["copy_of"], sections=False)["source"]["path"][6:]) if got else None
                found += named is not None and root[named] == root[i]
            else:
                false += bool(got)
    per.sort()
    return {
        "n": n,
        "put_s": t_put,
        "index_s": t_index,
        "index_per_s": n / t_index,
        "new_ms_p50": statistics.median(per),
        "new_ms_p95": per[int(len(per) * 0.95) - 1],
        "recall": found / planted if planted else 0.0,
        "false_alarms": false,
        "clean_new": new - planted,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="corpus sizes (default 10000)")
    ap.add_argument("--new", type=int, default=200, help="new reports added one at a time")
    ap.add_argument("--copies", type=float, default=0.05, help="share of the corpus that copies another organ")
    a = ap.parse_args()
    for n in a.n or [10000]:
        with tempfile.TemporaryDirectory() as d:
            r = run(n, a.new, a.copies, Path(d) / "c.db")
        print(
            f"N={r['n']:>7}: stored in {r['put_s']:.0f}s, indexed in {r['index_s']:.0f}s ({r['index_per_s']:.0f}/s); "
            f"a new report compared with the corpus in {r['new_ms_p50']:.1f} ms (p95 {r['new_ms_p95']:.1f} ms); "
            f"planted copies found {r['recall']:.0%}, false alarms {r['false_alarms']}/{r['clean_new']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
