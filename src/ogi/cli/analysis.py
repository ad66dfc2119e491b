"""``ogi stats``, ``ogi rollup``, ``ogi series``: many readings together.

Each reads a store (``--db``) or readings (``ogi parse --format jsonl`` output, ``-`` for stdin, put
in a store in memory first) and asks the store's analysis (:mod:`ogi.store.analysis`: SQL over the
values and the derived tables, the figures of :func:`ogi.corpus.metrics.stats` and
:func:`ogi.corpus.rollup.rollup` without loading every reading); ``ogi series`` shows the
cross-year findings the store keeps (:meth:`ogi.store.Store.refresh_cross_year`), one organ at a time.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ogi.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, InputError, OgiError
from ogi.template import fmt_number, severity_labels, templates, whole

_err = Console(stderr=True, highlight=False, soft_wrap=True)


class By(StrEnum):
    all = "all"
    year = "year"
    region = "region"
    organ_type = "organ-type"
    organ = "organ"


class Out(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class SeriesOut(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


Readings = Annotated[
    list[Path] | None,
    typer.Argument(help="Readings: `ogi parse --format jsonl` output (- for stdin); or use --db."),
]
Db = Annotated[str | None, typer.Option("--db", help="Read the readings from a store built by `ogi build`.")]


def _store_of(paths: list[Path] | None, db: str | None) -> Any:
    """The store ``--db`` names, or one in memory holding the readings files' readings (each
    under a path of its own) with their cross-year findings; and what each stored path was."""
    from ogi.cli.corpus import _store
    from ogi.corpus.readings import load_readings
    from ogi.store import Store

    if db is not None or not paths:
        return _store(db, create=False), {}  # a store of an earlier version is brought up to date
    try:
        readings = list(load_readings(paths))
    except OgiError as e:
        _err.print(f"ogi: {e}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from None
    store = Store(":memory:")
    shown: dict[str, str | None] = {}
    for n, r in enumerate(readings):
        path = r.source.path
        if path is None or path in shown:  # text read from stdin, a file read twice: kept apart
            r.source.path = f"{path or ''}#{n}"
        shown[r.source.path or ""] = path
    store.put(readings)
    store.refresh_cross_year()
    return store, shown


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1%}"


def _num(v: float | None) -> str:
    return fmt_number(v, "—")


def _console() -> Console:
    return Console(highlight=False, width=None if sys.stdout.isatty() else 200)


def _print_table(t: Table, con: Console | None = None) -> None:
    """A table on the terminal as rich draws it; into a file or a pipe as plain lines (its title,
    then each row's cells aligned by their width on screen, two spaces apart, none cut): rich's
    layout of a corpus's thousands of rows costs seconds, and its box drawing is noise in a file."""
    if sys.stdout.isatty():
        (con or _console()).print(t)
        return
    cols = [[str(c.header), *(str(x) for x in c.cells)] for c in t.columns]
    widths = [max(map(cell_len, col)) for col in cols]
    right = [c.justify == "right" for c in t.columns]
    lines = [str(t.title)] if t.title else []
    for row in zip(*cols, strict=True):
        cells = [
            " " * (w - cell_len(v)) + v if r else v + " " * (w - cell_len(v))
            for v, w, r in zip(row, widths, right, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    sys.stdout.write("\n".join(lines) + "\n")


def stats_cmd(
    paths: Readings = None,
    db: Db = None,
    by: Annotated[By, typer.Option("--by", help="Group by year, region, organ-type or organ.")] = By.all,
    fmt: Annotated[Out, typer.Option("--format", "-f", help="table, csv or json.")] = Out.table,
) -> None:
    """Totals and derived metrics (公开率, 复议纠错率, …; see docs/metrics.md) over readings."""
    from ogi.corpus.metrics import metrics

    store, _ = _store_of(paths, db)
    with store:
        groups = store.stats(by.value)
    ms = metrics()
    if fmt == Out.json:
        doc = {
            "by": by.value,
            "metrics": [{"id": m.id, "name": m.name, "formula": m.formula, "rate": m.is_rate} for m in ms],
            "groups": [g.to_dict() for g in groups],
        }
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    elif fmt == Out.csv:
        w = csv.writer(sys.stdout)
        w.writerow([by.value, "label", "reports", *(m.id for m in ms)])
        for g in groups:
            w.writerow(
                [g.key if g.key is not None else "", g.label, g.reports, *(_csv(g.metrics[m.id].value) for m in ms)]
            )
    else:
        t = Table(title=f"统计（按{_BY_NAME[by]}）", show_lines=False)
        t.add_column(_BY_NAME[by])
        t.add_column("报告数", justify="right")
        for m in ms:
            t.add_column(m.name, justify="right")
        for g in groups:
            cells = [(_pct if m.is_rate else _num)(g.metrics[m.id].value) for m in ms]
            t.add_row(g.label, str(g.reports), *cells)
        _print_table(t)
    raise typer.Exit(EXIT_OK)


_BY_NAME = {By.all: "全部", By.year: "年度", By.region: "地区", By.organ_type: "机关类型", By.organ: "机关"}


def _csv(v: float | None) -> str:
    """A number for a CSV file: whole as such, any other at full precision."""
    return "" if v is None else str(whole(v))


# The counts a roll-up table shows (metrics of one key); CSV and JSON carry every summed key.
_ROLLUP_SHOWN = ("received", "handled", "carried_out", "reviews")


def rollup_cmd(
    paths: Readings = None,
    db: Db = None,
    hierarchy: Annotated[
        Path | None,
        typer.Option(
            "--hierarchy",
            help="CSV of organ,parent, or an organ list (as ogi organs import); default: the store's organ list,"
            " else inferred from the names.",
        ),
    ] = None,
    year: Annotated[list[int] | None, typer.Option("--year", "-y", help="Only this year (repeatable).")] = None,
    fmt: Annotated[Out, typer.Option("--format", "-f", help="table, csv or json.")] = Out.table,
) -> None:
    """Sum each region's (or parent organ's) organs, and count per year the organs expected, those
    whose report is in, on time or late (published.late), and those missing. With an organ list
    (ogi organs import) only listed organs count; a year is shown where the corpus has reports of
    the region's organs."""
    from ogi.corpus.metrics import metric
    from ogi.corpus.organs import read_organ_list
    from ogi.corpus.rollup import hierarchy_from_list, load_hierarchy, summed_keys

    store, _ = _store_of(paths, db)
    try:
        h = None
        if hierarchy is not None:
            try:
                data = hierarchy.read_bytes()
            except OSError as e:
                raise InputError(f"层级文件无法读取：{e}", path=str(hierarchy)) from e
            # a CSV of two columns, organ,parent, keeps its meaning: every name (parents too) an organ
            first = data.decode("utf-8", "replace").lstrip("\ufeff").splitlines()[:1]
            two_columns = hierarchy.suffix.lower() == ".csv" and bool(first) and len(next(csv.reader(first))) <= 2
            h = load_hierarchy(hierarchy) if two_columns else hierarchy_from_list(read_organ_list(data, hierarchy.name))
        else:  # the store's organ list (ogi organs import); readings files given have none
            listed = store.organ_list()
            h = hierarchy_from_list(listed) if listed else None
    except OgiError as e:
        store.close()
        _err.print(f"ogi: {e}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from None
    with store:
        ru = store.rollup(h, year or None)
    names = ru.hierarchy.name
    if fmt == Out.json:
        typer.echo(json.dumps(ru.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == Out.csv:
        keys: list[str] = []
        for tpl in templates():
            keys += [k for k in summed_keys(tpl) if k not in keys]
        w = csv.writer(sys.stdout)
        w.writerow(["node", "name", "year", "expected", "reported", "on_time", "late", "undated", "missing", *keys])
        for r in ru.rows:
            w.writerow(
                [
                    r.node,
                    r.name,
                    r.year,
                    r.expected,
                    len(r.organs),
                    len(r.on_time),
                    len(r.late),
                    len(r.undated),
                    "；".join(names.get(o, o) for o in r.missing),
                    *(_csv(r.cells.get(k)) for k in keys),
                ]
            )
    else:
        con = _console()
        t = Table(title="汇总（按机关名单）" if ru.hierarchy.from_list else "汇总")
        for c in ("地区/上级", "年度"):
            t.add_column(c)
        for c in ("应报", "已报", "按时", "逾期", "日期不详", "缺报"):
            t.add_column(c, justify="right")
        shown = [metric(m) for m in _ROLLUP_SHOWN]
        for m in shown:
            t.add_column(m.name, justify="right")
        for r in ru.rows:
            t.add_row(
                r.name,
                str(r.year),
                str(r.expected),
                str(len(r.organs)),
                str(len(r.on_time)),
                str(len(r.late)),
                str(len(r.undated)),
                str(len(r.missing)),
                *(_num(r.cells.get(m.numerator.terms[0][1])) if r.organs else "—" for m in shown),
            )
        _print_table(t, con)
        for y, ms in ru.missing().items():
            if ms:
                con.print(f"{y}年未见报告（{len(ms)}）：" + "、".join(ms))
        late: dict[int, set[str]] = {}
        for r in ru.rows:
            late.setdefault(r.year, set()).update(names.get(o, o) for o in r.late)
        for y, ls in sorted(late.items()):
            if ls:
                con.print(f"{y}年逾期发布（{len(ls)}）：" + "、".join(sorted(ls)))
        if ru.unplaced:
            head = "不在机关名单中的机关：" if ru.hierarchy.from_list else "未列入层级的机关："
            con.print(head + "、".join(ru.unplaced))
    raise typer.Exit(EXIT_OK)


def series_cmd(
    paths: Readings = None,
    db: Db = None,
    fmt: Annotated[SeriesOut, typer.Option("--format", "-f", help="table, json or jsonl.")] = SeriesOut.table,
    warnings: Annotated[bool, typer.Option("--warnings/--errors-only", help="Also list warnings.")] = True,
) -> None:
    """Each organ's reports as a series, and the cross-year findings of each consecutive pair
    (上年结转, 现行有效件数, 正文重复率). Exit 1 when a finding is an error."""
    store, as_given = _store_of(paths, db)
    errors = n = 0
    out = sys.stdout
    plain = fmt == SeriesOut.table
    con = _console() if plain and out.isatty() else None
    with store:
        if fmt == SeriesOut.json:
            out.write("[")
        for doc in store.series_docs(detail=not plain):
            pairs = []
            for prev, year, fs in doc.pop("pairs"):
                errors += sum(f.severity == "error" for f in fs)
                shown = [f for f in fs if f.severity == "error" or warnings]
                # the lines read the findings as they are; JSON has them as data
                listed = shown if plain else [f.to_dict() for f in shown]
                pairs.append({"previous": prev, "year": year, "findings": listed})
            doc["reports"] = {str(y): as_given.get(p, p) for y, p in doc["reports"].items()}
            doc["pairs"] = pairs
            if fmt == SeriesOut.jsonl:
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            elif fmt == SeriesOut.json:
                out.write(("," if n else "") + "\n" + json.dumps(doc, ensure_ascii=False, indent=2))
            elif con is not None:
                con.print(_series_lines(doc))
            else:  # not a terminal: the same lines, plain (rich's Text costs a millisecond an organ)
                out.write("".join(text for text, _ in _series_parts(doc)) + "\n")
            n += 1
        unnamed = store.unnamed_count()
    if fmt == SeriesOut.json:
        out.write("\n]\n")
    elif fmt == SeriesOut.table:
        (con or _console()).print(f"共 {n} 个机关序列；{unnamed} 份报告未识别机关；{errors} 个跨年错误")
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


def _series_parts(doc: dict[str, Any]) -> list[tuple[str, str | None]]:
    """One organ's series as the terminal shows it, as (text, style) pieces: its years, each pair's
    findings (:class:`ogi.model.Finding`)."""
    organ = doc["organ"]
    years = "、".join(str(y) for y in doc["years"])
    gap = f"  缺{'、'.join(str(y) for y in doc['missing_years'])}年" if doc["missing_years"] else ""
    out: list[tuple[str, str | None]] = [(organ["name"], "bold"), (f"（{organ['type_name']}）  {years}年{gap}", None)]
    labels = severity_labels()
    for p in doc["pairs"]:
        status = "一致" if not p["findings"] else f"{len(p['findings'])} 项"
        out.append((f"\n  {p['previous']}→{p['year']}  {status}", None))
        for f in p["findings"]:
            out.append(("\n    ", None))
            out.append((labels.get(f.severity, f.severity), "bold red" if f.severity == "error" else "yellow"))
            out.append((f" {f.rule}  {f.message}", None))
    return out


def _series_lines(doc: dict[str, Any]) -> Text:
    """:func:`_series_parts` as one rich Text (printed at once: rich's cost is per print)."""
    t = Text()
    for text, style in _series_parts(doc):
        t.append(text, style=style)
    return t


def _guarded(fn: Callable[..., None]) -> Callable[..., None]:
    """No traceback for a user: an unexpected failure is one line and exit 2."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader of a pipe stopped (ogi series | head): not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush there
            raise typer.Exit(EXIT_OK) from None
        except OgiError as e:
            _err.print(f"ogi: {e}", markup=False)
            raise typer.Exit(EXIT_UNREADABLE) from None
        except Exception as e:
            if os.environ.get("OGI_DEBUG"):
                raise
            _err.print(f"ogi: 内部错误 ({type(e).__name__}: {e})", markup=False)
            raise typer.Exit(EXIT_UNREADABLE) from None

    return run


def register(app: typer.Typer) -> None:
    app.command("stats")(_guarded(stats_cmd))
    app.command("rollup")(_guarded(rollup_cmd))
    app.command("series")(_guarded(series_cmd))


__all__ = ["register", "rollup_cmd", "series_cmd", "stats_cmd"]
