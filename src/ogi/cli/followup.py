"""``ogi followup``: each organ's follow-up state for a year without the web app — 未报送, 待整改,
已整改, 通过, 逾期 beside it — and, for an organ that published its report again, the newest
version's findings against the one before: 已整改, 仍存在, 新出现 (:func:`ogi.export.followup.organ_states`)."""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated

import typer
from rich.console import Console

from ogi.errors import EXIT_OK, EXIT_UNREADABLE

_err = Console(stderr=True, highlight=False, soft_wrap=True)


def followup(
    year: Annotated[int, typer.Option("--year", "-y", help="The reports' year.")],
    db: Annotated[str | None, typer.Option("--db", help="Database (as ogi build --db).")] = None,
    region: Annotated[
        str | None,
        typer.Option(help="Only the organs under this region (its node, as ogi rollup --format json names it)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per organ, per line.")] = False,
) -> None:
    """Per organ: its state for the year (the organ list's organs, else every organ with a stored
    report), 逾期, its versions, and the newest version's findings against the one before
    (已整改 / 仍存在 / 新出现); then how many organs are in each state."""
    from ogi.cli.corpus import _store
    from ogi.export.followup import STATE_LABELS, STATES, counts, organ_states

    store = _store(db, create=False)
    try:
        rows = organ_states(store, year, region)
    except KeyError:
        _err.print(f"ogi: 没有这个地区：{region} (no region)", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from None
    finally:
        store.close()
    try:
        if as_json:
            for r in rows:
                sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
            return
        w = max((len(r["name"]) for r in rows), default=4)
        out = [f"{year} 年度报告整改情况（{len(rows)} 个机关）"]
        for r in rows:
            late = " 逾期" if r["late"] else ""
            line = f"  {r['name']:<{w}}  {r['state_label']}{late}"
            if r["versions"]:
                line += f"  第{r['versions']}版"
            if r["fixed"] is not None:
                line += f"  已整改 {r['fixed']} 项，仍存在 {r['still']} 项，新出现 {r['new']} 项"
            out.append(line)
        n = counts(rows)
        out.append("合计：" + "，".join(f"{STATE_LABELS[s]} {n[s]} 个" for s in STATES))
        sys.stdout.write("\n".join(out) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader of a pipe stopped (ogi followup | head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush there
        raise typer.Exit(EXIT_OK) from None


def register(app: typer.Typer) -> None:
    app.command()(followup)
