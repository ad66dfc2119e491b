"""The ``ogi`` command. It mirrors the Python API: ``ogi parse`` is ``ogi.read`` (through the
runner, :mod:`ogi.runner`), the corpus commands are :mod:`ogi.cli.corpus`, the analyses
:mod:`ogi.cli.analysis`, the web app's :mod:`ogi.cli.web`.

Exit codes: 0 every input read and no error finding; 1 some error finding;
2 some input could not be read (see :mod:`ogi.errors`).
"""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from ogi import version as ogi_version
from ogi.cli import analysis
from ogi.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, OgiError
from ogi.model import Report, json_text
from ogi.runner import printable, read_all, read_one
from ogi.template import rule, severity_labels

app = typer.Typer(
    name="ogi",
    context_settings={"help_option_names": ["-h", "--help"]},
    help="政府信息公开工作年度报告：读取、核对、导出。Read, check and export China's government "
    "information disclosure annual reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_err = Console(stderr=True, highlight=False, soft_wrap=True)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"ogi {ogi_version()}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """政府信息公开工作年度报告：读取、核对、导出。Read, check and export China's government information
    disclosure annual reports."""


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


TimeoutOption = Annotated[
    float, typer.Option(help="Seconds one input may take; past it, it counts as unreadable (0: no limit).")
]


def _exit_code(reports: int, errors: int, unreadable: int) -> int:
    if not reports and not unreadable:  # a directory holding no file (a mistyped one): nothing was read
        _err.print("ogi: 未找到报告文件 (no input files)", markup=False)
        return EXIT_UNREADABLE
    if unreadable:
        return EXIT_UNREADABLE
    if errors:
        return EXIT_FINDINGS
    return EXIT_OK


def _say_error(path: object, message: str) -> None:
    _err.print(f"ogi: {printable(str(path))}: {message}", markup=False)


@app.command()
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Report files or directories.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="json, jsonl, csv or table.")] = Format.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    sections: Annotated[bool, typer.Option(help="Include the six sections' text in JSON.")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes; 0 = all cores when many inputs.")] = 0,
    timeout: TimeoutOption = 300.0,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Read reports into the template: every value, where it came from, and every finding."""
    # lone surrogates cannot be written as UTF-8: escaped, never an error after the readings are done
    out = output.open("w", encoding="utf-8", errors="backslashreplace", newline="") if output else sys.stdout
    if out is sys.stdout and hasattr(out, "reconfigure"):
        out.reconfigure(errors="backslashreplace")
    n = errors = unreadable = 0
    console = Console(file=out, highlight=False, width=None if out.isatty() else 160) if fmt == Format.table else None
    writer = None
    if fmt == Format.csv:
        from ogi.export.rows import wide_header

        writer = csv.writer(out)
        writer.writerow(wide_header())
    many: list[dict[str, Any]] = []
    try:
        for p, rep in read_all(paths, jobs=jobs, timeout=timeout or None, debug=debug):
            if not isinstance(rep, Report):
                unreadable += 1
                _say_error(p, rep.message)
                if fmt == Format.jsonl:
                    out.write(json_text(rep.to_dict()) + "\n")
                continue
            n += 1
            errors += bool(rep.errors)
            if fmt == Format.jsonl:
                out.write(json_text(rep.to_dict(sections=sections)) + "\n")
            elif fmt == Format.json:
                many.append(rep.to_dict(sections=sections))
            elif fmt == Format.csv:
                from ogi.export.rows import wide_row

                assert writer is not None
                writer.writerow(wide_row(rep))
            else:
                from ogi.export.terminal import print_tables

                assert console is not None
                print_tables(rep, console)
        if fmt == Format.json and many:
            doc: Any = many[0] if len(many) == 1 else many
            out.write(json_text(doc, indent=2) + "\n")
    finally:
        if output:
            out.close()
    raise typer.Exit(_exit_code(n, errors, unreadable))


RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="A rule pack (TOML): the office's rules, deadlines and deductions (default: the national rules).",
    ),
]


def load_rules(path: Path | None) -> Any:
    """The rule pack of ``--rules`` (the national pack when None); a bad pack ends the command (exit 2)."""
    from ogi.template.packs import load_pack

    try:
        return load_pack(path)
    except OgiError as e:
        _say_error(path, e.message)
        raise typer.Exit(EXIT_UNREADABLE) from None


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Report files or directories.")],
    warnings: Annotated[bool, typer.Option("--warnings/--errors-only", help="Also list warnings.")] = True,
    rules: RulesOption = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes; 0 = all cores when many inputs.")] = 0,
    timeout: TimeoutOption = 300.0,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Print the problems of each report (errors, warnings), in Chinese with the template's labels,
    each with the rule it rests on, and the report's score under the rule pack with its deductions."""
    from ogi.check.score import evaluate

    pack = load_rules(rules)
    console = Console(highlight=False, soft_wrap=True)
    n = errors = unreadable = 0
    styles = {"error": "bold red", "warning": "yellow", "info": "dim"}
    names = severity_labels()
    skipped: list[str] = []  # README, SOURCES, *.truth.json … under the folders named: not read
    for p, rep in read_all(paths, jobs=jobs, timeout=timeout or None, debug=debug, skipped=skipped):
        if not isinstance(rep, Report):
            unreadable += 1
            console.print(f"[bold]{escape(printable(p))}[/bold]  [red]无法读取[/red]：", rep.message, markup=True)
            _say_error(p, rep.message)  # stderr's one line per unreadable input, as every command gives it
            continue
        n += 1
        ev = evaluate(rep, pack)
        errs = [f for f in ev.findings if f.severity == "error"]
        errors += bool(errs)
        shown = [f for f in ev.findings if f.severity == "error" or (warnings and f.severity == "warning")]
        doubtful = {k for f in ev.findings if f.rule == "cells.uncertain" for k in f.keys}
        if errs:
            status = f"[red]{len(errs)} 个错误[/red]"
        elif doubtful:  # no error found, but not every value read surely: no pass to give
            status = f"[yellow]无错误，{len(doubtful)} 格读取存疑，须核对原件[/yellow]"
        elif unknown := [w for w, v in (("年度", rep.year), ("机关", rep.agency)) if v is None]:
            # a report that never says whose or which year it is (an empty form) passes nothing
            status = f"[yellow]无错误，未识别{'、'.join(unknown)}[/yellow]"
        else:
            status = "[green]通过[/green]"
        name = escape(printable(p))
        year = f"{rep.year}年" if rep.year is not None else "年度未识别"
        console.print(f"[bold]{name}[/bold]  {rep.template}版 {year} {rep.agency or '机关未识别'}  {status}")
        for f in shown:
            where = "；".join(list(dict.fromkeys(str(w) for w in f.where))[:3])  # a row's cells share a line
            # a finding about the reading (读取存疑), not about the report: called so, not 警告
            about = rule(f.rule)
            reading = bool(about.params.get("reading"))
            console.print(
                f"  [{'cyan' if reading else styles[f.severity]}]{about.title if reading else names[f.severity]}[/]"
                f" {f.rule}  ",
                f.message,
                f"  〔{where}〕" if where else "",
                markup=True,
            )
            if f.basis:
                console.print(f"    [dim]依据：{escape(f.basis)}[/dim]", markup=True)
        items = ev.itemised()
        console.print(f"  得分 {ev.score:g}/{ev.full:g}（{escape(ev.name)}）" + (f"：{escape(items)}" if items else ""))
    passed = f"；另有 {len(skipped)} 个文件不是报告（说明、数据、*.json 等），未读取" if skipped else ""
    console.print(f"共 {n + unreadable} 份：{n - errors} 份无错误，{errors} 份有错误，{unreadable} 份无法读取{passed}")
    raise typer.Exit(_exit_code(n, errors, unreadable))


@app.command("debug-image")
def debug_image(
    path: Annotated[Path, typer.Argument(help="A PDF or image report.")],
    page: Annotated[int, typer.Argument(help="Page number, from 1.")],
    out: Annotated[Path, typer.Argument(help="PNG to write.")],
) -> None:
    """Draw the box of every value read on a page, with its key (PDF and scans)."""
    from ogi.export.debug_image import draw_boxes

    rep = read_one(path)
    if not isinstance(rep, Report):
        _say_error(path, rep.message)
        raise typer.Exit(EXIT_UNREADABLE)
    try:
        n = draw_boxes(path, page, rep, out)
    except OgiError as e:
        _say_error(path, e.message)
        raise typer.Exit(EXIT_UNREADABLE) from None
    typer.echo(f"{out}: {n} 个数值框 (boxes drawn)")


analysis.register(app)  # ogi stats, ogi rollup, ogi series


@app.command()
def version() -> None:
    """Print the version (as ogi --version)."""
    _print_version(True)


from ogi.cli.corpus import register as _register_corpus  # noqa: E402

_register_corpus(app)

from ogi.cli.fetch import register as _register_fetch  # noqa: E402

_register_fetch(app)

from ogi.cli.followup import register as _register_followup  # noqa: E402

_register_followup(app)

from ogi.cli.notices import register as _register_notices  # noqa: E402

_register_notices(app)

from ogi.cli.organs import register as _register_organs  # noqa: E402

_register_organs(app)

from ogi.cli.web import register as _register_web  # noqa: E402

_register_web(app)


def main() -> None:
    from ogi.runtime import tune_gc

    tune_gc()
    try:
        app()
    except KeyboardInterrupt:
        _err.print("ogi: interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
