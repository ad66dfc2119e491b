"""``ogi notices``: what each organ must correct, sent back — an Excel list and a Word notice
(整改通知) per organ and year (:mod:`ogi.export.notices`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ogi.errors import EXIT_UNREADABLE

_err = Console(stderr=True, highlight=False, soft_wrap=True)


def notices(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder the files are written to.")],
    db: Annotated[str | None, typer.Option("--db", help="Database (as ogi build --db).")] = None,
    organ: Annotated[str | None, typer.Option(help="One organ (any form of its name); default: every organ.")] = None,
    year: Annotated[int | None, typer.Option(help="The reports' year; default: every year.")] = None,
    confirmed_only: Annotated[
        bool, typer.Option("--confirmed-only", help="Only findings a reviewer confirmed.")
    ] = False,
    all_findings: Annotated[
        bool, typer.Option("--all-findings", help="Every finding, dismissed and reading doubts too (a working list).")
    ] = False,
    office: Annotated[str, typer.Option(help="The office sending the notices (its name; the signature too).")] = "",
    deadline: Annotated[str | None, typer.Option(help="Corrections due by this day, YYYY-MM-DD.")] = None,
    signature: Annotated[str, typer.Option(help="The notice's signature (default: the office).")] = "",
    date: Annotated[
        str | None, typer.Option(help="The notice's date, YYYY-MM-DD (default: today, Beijing time).")
    ] = None,
    wording: Annotated[
        Path | None, typer.Option(help="A TOML file of the notice's wording (see ogi/export/notice.toml).")
    ] = None,
) -> None:
    """Per organ and year: an Excel list of its report's problems (cells by their template labels,
    values, where each stands, the review) and a Word notice (整改通知) listing them."""
    from datetime import date as day

    from ogi.cli.corpus import _store
    from ogi.export.notices import Letterhead, write_notices

    if confirmed_only and all_findings:
        _err.print("ogi: --confirmed-only and --all-findings exclude each other", markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    for name, v in (("--deadline", deadline), ("--date", date)):
        try:
            if v is not None:
                day.fromisoformat(v)
        except ValueError:
            _err.print(f"ogi: {name} {v}: not a day (YYYY-MM-DD)", markup=False)
            raise typer.Exit(EXIT_UNREADABLE) from None
    select = "confirmed" if confirmed_only else "all" if all_findings else "sendable"
    store = _store(db, create=False)
    try:
        sent, summary = write_notices(
            store,
            out,
            year=year,
            organ=organ,
            select=select,
            head=Letterhead(office=office, deadline=deadline, signature=signature, date=date),
            wording_file=wording,
        )
    except (OSError, ValueError) as e:
        _err.print(f"ogi: {e}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from e
    finally:
        store.close()
    if not sent:
        _err.print("ogi: 库中没有符合条件（机关、年度）的报告", markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    for s in sent:
        _err.print(f"{s.organ} {s.year}年：{s.problems} 个问题 → {s.excel.name}、{s.notice.name}", markup=False)
    if summary is not None:
        _err.print(f"{len(sent)} 个机关 → {summary.name}", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(notices)
