"""The corpus commands of ``ogi``: ``build``, ``diff``, ``export`` (registered in :mod:`ogi.cli`).

They mirror the API in :mod:`ogi.runner.build`, :mod:`ogi.corpus.diff` and :mod:`ogi.export.files`.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from ogi.errors import EXIT_UNREADABLE, OgiError

_err = Console(stderr=True, highlight=False, soft_wrap=True)

DB_HELP = "Database: a SQLite file path (default $OGI_DB or ./ogi.db) or a URL (postgresql://user@host/db)."


class Engine(StrEnum):
    local = "local"
    ray = "ray"


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"
    jsonl = "jsonl"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


class Labels(StrEnum):
    keys = "keys"
    zh = "zh"


def no_such_store(db: str | None) -> str | None:
    """The error to give when ``--db`` (None: ``$OGI_DB`` or ``./ogi.db``) names a SQLite file that is
    not there, else None. A command that reads a store must say so: opening it would make an empty
    store there and answer as if it held no report (exit 0). A server's database (PostgreSQL) says
    itself when it is not there."""
    from ogi.store.backup import sqlite_path

    try:
        path = sqlite_path(db)
    except OgiError:  # not a SQLite file: a server's database, or one in memory
        return None
    if path.exists():
        return None
    return f"{db or path}: 数据库不存在 (no such store: build one with ogi build)"


def _store(db: str | None, *, create: bool = True) -> Any:
    """The store ``--db`` names, opened (an older one brought up to date). ``create=False``, for a
    command that reads a store: a SQLite file that is not there is an error (exit 2,
    :func:`no_such_store`), not a new empty store."""
    try:
        from ogi.store import Store
    except ModuleNotFoundError as e:
        _err.print(f"ogi: the corpus needs its extra: pip install 'ogi-reports[corpus]' ({e.name} missing)")
        raise typer.Exit(EXIT_UNREADABLE) from e
    if not create and (missing := no_such_store(db)):
        _err.print(f"ogi: {missing}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    try:
        return Store(db)
    except Exception as e:
        _err.print(f"ogi: cannot open the database {db or ''}: {type(e).__name__}: {str(e).splitlines()[0]}")
        raise typer.Exit(EXIT_UNREADABLE) from e


def build(
    paths: Annotated[list[Path], typer.Argument(help="Report files or directories.")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: every core).")] = None,
    engine: Annotated[Engine, typer.Option(help="local (process pool) or ray.")] = Engine.local,
    ray_address: Annotated[
        str | None, typer.Option("--ray-address", help="Ray cluster address (default: start a local instance).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Read every file again, even unchanged ones.")] = False,
    batch: Annotated[int, typer.Option(help="Reports committed per transaction.")] = 200,
    timeout: Annotated[
        float, typer.Option(help="Seconds one file may take; past it, it is stored as unreadable (0: no limit).")
    ] = 300.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    source: Annotated[
        bool,
        typer.Option(help="Keep each report's source lines: the report page shows them (about a quarter more CPU)."),
    ] = True,
    rules: Annotated[
        Path | None,
        typer.Option("--rules", help="A rule pack (TOML) every reading is scored under (default: the national rules)."),
    ] = None,
) -> None:
    """Read every report under PATHS in parallel and store the readings (incremental by content),
    with their cross-year and corpus findings and their scores under the rule pack."""
    from ogi.cli import load_rules

    pack = load_rules(rules)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from ogi.runner.build import build as run_build

    store = _store(db)
    bar = Progress(
        TextColumn("读取 reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=_err,
        disable=quiet,
        transient=False,
    )
    task = bar.add_task("build", total=None, rate="")
    state = {"t": 0.0}

    def progress(p: Any) -> None:
        """A :class:`ogi.runner.build.Progress`: files, bytes, rate and time left (by bytes)."""
        import time

        now = time.monotonic()
        if p.done == 0:
            bar.update(task, total=p.total, completed=0)
        elif p.done == p.total or now - state["t"] > 0.1:
            state["t"] = now
            left = p.seconds_left
            rate = f"{p.files_per_second:.0f}/s {p.bytes_per_second / 1048576:.1f} MiB/s"
            rate += f" ({p.bytes_done / 1048576:.1f}/{p.bytes_total / 1048576:.1f} MiB"
            rate += f", ~{left:.0f}s left)" if left is not None else ")"
            bar.update(task, completed=p.done, rate=rate)

    from sqlalchemy.exc import SQLAlchemyError

    try:
        with bar:
            res = run_build(
                paths,
                store,
                jobs=jobs,
                engine=engine.value,
                ray_address=ray_address,
                force=force,
                batch=batch,
                timeout=timeout or None,
                progress=progress,
                source=source,
                pack=pack,
            )
    except OgiError as e:
        _err.print(f"ogi: {e}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from e
    except SQLAlchemyError as e:
        cause = getattr(e, "orig", None) or e
        _err.print(f"ogi: 写入数据库失败 (could not write the store): {type(cause).__name__}: {cause}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from e
    finally:
        store.close()
    for line in res.failures[:20]:
        _err.print(f"ogi: {line}", markup=False)
    if len(res.failures) > 20:
        _err.print(f"ogi: … and {len(res.failures) - 20} more unreadable inputs (stored with their errors)")
    rate = res.read / res.seconds if res.seconds else 0.0
    _err.print(
        f"{res.seen} files: {res.read} read ({res.ok} ok, {res.with_errors} with error findings, "
        f"{res.unreadable} unreadable), {res.skipped} unchanged, {res.removed} marked removed"
        f"{f', {res.restored} back' if res.restored else ''}; {res.pairs_checked} year pairs checked, "
        f"{res.cross_year} cross-year findings, {res.copies} reports alike another organ's, {res.scored} scored "
        f"({pack.name}); in {res.seconds:.1f}s ({rate:.{0 if rate >= 10 else 2}f} reports/s, "
        f"{res.engine}) "
        f"→ {store.url}",
        markup=False,
    )


def _load(ref: str, store: Any | None) -> tuple[Any, int | None]:
    """A stored reading (by id or path) with its id, else a file read now; raises OgiError when neither."""
    from ogi.runner import read_one

    if store is not None:
        try:
            rid = store.report_id(ref)
            return store.reading(rid), rid
        except KeyError:
            pass
    p = Path(ref)
    if not p.is_file():
        where = " in the store" if store is not None else ""
        raise OgiError(f"没有这份报告 (no such file or stored report{where})", path=ref)
    return read_one(p), None


def diff(
    a: Annotated[str, typer.Argument(help="First report: a file, or a stored id/path with --db.")],
    b: Annotated[str, typer.Argument(help="Second report.")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="text or json.")] = DiffFormat.text,
    context: Annotated[int, typer.Option(help="Unchanged sentences shown around each prose change.")] = 0,
) -> None:
    """Two readings side by side: changed values (both numbers, the change), findings, prose changes."""
    from ogi.corpus.diff import diff_reports, render_text
    from ogi.model import Unreadable

    store = _store(db, create=False) if db else None
    try:
        (da, ia), (db_, ib) = _load(a, store), _load(b, store)
    except OgiError as e:
        _err.print(f"ogi: {e}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from e
    finally:
        if store is not None:
            store.close()
    for d in (da, db_):
        if isinstance(d, Unreadable):
            _err.print(f"ogi: {d.source.path}: {d.message}", markup=False)
            raise typer.Exit(EXIT_UNREADABLE)
    res = diff_reports(da, db_, context=context, ids=(ia, ib))
    if fmt == DiffFormat.json:
        sys.stdout.write(json.dumps(res, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(res))


def export(
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="The file to write; - or none: standard output (csv or jsonl).")
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    fmt: Annotated[ExportFormat | None, typer.Option("--format", "-f", help="csv, parquet, xlsx or jsonl.")] = None,
    long: Annotated[bool, typer.Option("--long", help="One row per (report, key, value).")] = False,
    labels: Annotated[Labels, typer.Option(help="Column names: keys or zh (the template's labels).")] = Labels.keys,
    include_removed: Annotated[bool, typer.Option(help="Also reports whose file is gone.")] = False,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="The rule pack of the score columns (default: the national rules).")
    ] = None,
) -> None:
    """Export the stored readings: wide (one row per report) or long; CSV, Parquet, Excel, JSON lines.
    Without -o (or with -o -) CSV or JSON lines go to standard output, for a pipe. The wide tables
    carry each report's score under the rule pack and its deductions."""
    from ogi.cli import load_rules
    from ogi.export.files import export_store

    pack = load_rules(rules)
    to_stdout = output in (None, "-")
    path = None if to_stdout else Path(output or "")
    f = fmt.value if fmt else ("csv" if path is None else path.suffix.lstrip(".").lower())
    if f not in ExportFormat.__members__:
        name = path.name if path is not None else ""
        _err.print(f"ogi: say --format (csv, parquet, xlsx, jsonl); cannot tell from {name!r}")
        raise typer.Exit(EXIT_UNREADABLE)
    if to_stdout and f in ("parquet", "xlsx"):
        _err.print(f"ogi: {f} is written to a file: say -o FILE.{f}")
        raise typer.Exit(EXIT_UNREADABLE)
    store = _store(db, create=False)
    try:
        n = export_store(
            store,
            path if path is not None else sys.stdout,
            f,
            long=long,
            labels=labels.value,
            include_removed=include_removed,
            pack=pack,
        )
    except BrokenPipeError:  # the reader of a pipe stopped (head): not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush there
        raise typer.Exit(0) from None
    except OSError as e:
        _err.print(f"ogi: {output}: cannot write: {e.strerror}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from e
    finally:
        store.close()
    _err.print(f"{n} {'values' if long and f != 'jsonl' else 'reports'} → {output if path else 'stdout'}", markup=False)


class RankFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def rank(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="The rule pack scored under (default: the national rules).")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Only this year.")] = None,
    region: Annotated[str | None, typer.Option(help="Only regions containing this.")] = None,
    fmt: Annotated[RankFormat, typer.Option("--format", "-f", help="table, csv or json.")] = RankFormat.table,
) -> None:
    """Rank the stored reports by their score under a rule pack, per region and year, with the
    deductions itemised (scores are brought up to date first)."""
    from ogi.cli import load_rules

    pack = load_rules(rules)
    store = _store(db, create=False)
    try:
        store.score_all(pack)
        rows = store.rankings(pack, year=year, region=region)
    finally:
        store.close()
    items = ["；".join(f"{d['label']}−{d['points']:g}" for d in r["deductions"]) for r in rows]
    if fmt == RankFormat.json:
        sys.stdout.write(json.dumps({"pack": pack.name, "rankings": rows}, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == RankFormat.csv:
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(["地区", "年度", "名次", "参评数", "机关", "得分", "扣分", "扣分明细", "文件"])
        for r, it in zip(rows, items, strict=True):
            head = [r["region"], r["year"], r["rank"], r["of"], r["agency"]]
            w.writerow([*head, r["score"], r["deducted"], it, r["path"]])
        return
    from rich.table import Table

    t = Table(title=f"得分排名（{pack.name}，满分 {pack.full:g}）")
    for h in ("地区", "年度", "名次", "机关", "得分", "扣分明细"):
        t.add_column(h)
    for r, it in zip(rows, items, strict=True):
        t.add_row(
            r["region"] or "—",
            str(r["year"] or "—"),
            f"{r['rank']}/{r['of']}",
            r["agency"] or "—",
            f"{r['score']:g}",
            it,
        )
    Console(highlight=False).print(t)


def register(app: typer.Typer) -> None:
    """Add the corpus commands to the ``ogi`` app."""
    app.command()(build)
    app.command()(diff)
    app.command()(export)
    app.command()(rank)
