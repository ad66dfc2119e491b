"""The ``ogi`` command. It mirrors the Python API: ``ogi parse`` is ``ogi.read``.

Exit codes: 0 every input read and no error finding; 1 some error finding;
2 some input could not be read (see :mod:`ogi.errors`).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from ogi import __version__, cli_analysis
from ogi.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, OgiError
from ogi.inputs import iter_inputs, printable
from ogi.pipeline import read
from ogi.report import Report

app = typer.Typer(
    name="ogi",
    help="政府信息公开工作年度报告：读取、核对、导出。Read, check and export China's government "
    "information disclosure annual reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_err = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


TimeoutOption = Annotated[
    float, typer.Option(help="Seconds one input may take; past it, it counts as unreadable (0: no limit).")
]


def _read_one(
    p: Path, debug: bool = False, timeout: float | None = None
) -> tuple[Path, Report | None, OgiError | None]:
    from ogi.runtime import quiet, time_limit

    try:
        with quiet(), time_limit(timeout, str(p)):
            rep = read(p)
        rep.document = None  # not needed by any output; keeps worker results small
        rep.source.path = printable(rep.source.path or p)
        return p, rep, None
    except OgiError as e:
        e.path = printable(e.path or p)
        return p, None, e
    except Exception as e:  # never a traceback for a user; say what failed
        if debug:
            raise
        return p, None, OgiError(f"内部错误，无法读取 ({type(e).__name__}: {e})", path=printable(p))


def _read_one_safe(p: Path, timeout: float | None) -> tuple[Path, Report | None, tuple[str, str, str] | None]:
    """Process-pool worker: errors travel as plain data (exceptions' extra fields don't pickle)."""
    path, rep, err = _read_one(p, timeout=timeout)
    return path, rep, (type(err).__name__, err.message, err.path or printable(p)) if err else None


def read_all(
    paths: list[Path],
    debug: bool = False,
    jobs: int = 0,
    timeout: float | None = None,
    work: Callable[..., list[tuple[int, Path, Report | None, tuple[str, str, str] | None]]] | None = None,
) -> Iterator[tuple[Path, Report | None, OgiError | None]]:
    """Read every input, in input order; in parallel (``jobs`` processes) when there are many.
    ``timeout``: seconds one input may take (None: no limit); past it, it is unreadable. Each
    input is read in a worker process, one alone too, which is killed when it stays past the time
    limit (stuck in C code, where the time limit does not reach) or past the memory a reading may
    take (:func:`ogi.runtime.memory_limit`); here only with ``debug`` or no limit at all. ``work``
    reads a chunk in a worker (tests give their own; default :func:`_read_chunk_safe`)."""
    from ogi.runtime import memory_limit

    files = list(iter_inputs(paths))
    if jobs == 0:
        jobs = (os.cpu_count() or 1) if len(files) >= 16 else 1
    limit = memory_limit()
    if debug or not files or ((jobs <= 1 or len(files) < 2) and not (timeout or limit)):
        for f in files:
            yield _read_one(f, debug, timeout)
        return
    if len(files) < 2:
        jobs = 1
    import multiprocessing as mp
    from functools import partial

    from ogi import errors
    from ogi.runtime import pool_worker, stuck_after
    from ogi.workers import CRASH_MESSAGE, CRASHED, OUT_OF_MEMORY, TIMED_OUT, isolating_map

    numbered = list(enumerate(files))
    chunks = [numbered[i : i + 8] for i in range(0, len(numbered), 8)]
    ready: dict[int, tuple[Path, Report | None, OgiError | None]] = {}
    nxt = 0
    for chunk, got in isolating_map(
        work or _read_chunk_safe,
        chunks,
        jobs=jobs,
        context=mp.get_context(),
        initializer=partial(pool_worker, share_cores=jobs > 1),
        args=(timeout,),
        item_seconds=stuck_after(timeout),
        item_bytes=limit,
    ):
        if got == CRASHED:
            (i, p), *_ = chunk
            ready[i] = (p, None, errors.CrashError(CRASH_MESSAGE, path=printable(p)))
        elif got == TIMED_OUT:  # its worker, stuck where the time limit never reaches, was killed
            (i, p), *_ = chunk
            ready[i] = (p, None, errors.ReadTimeoutError.after(timeout, path=printable(p)))
        elif got == OUT_OF_MEMORY:  # its worker grew past the memory a reading may take, and was killed
            (i, p), *_ = chunk
            ready[i] = (p, None, errors.MemoryLimitError.after(limit, path=printable(p)))
        else:
            for i, p, rep, err in got:
                ready[i] = (p, rep, None if err is None else getattr(errors, err[0], OgiError)(err[1], path=err[2]))
        while nxt in ready:  # in input order
            yield ready.pop(nxt)
            nxt += 1
    assert nxt == len(files), f"{len(files) - nxt} inputs not accounted for"


def _read_chunk_safe(
    chunk: list[tuple[int, Path]], timeout: float | None = None
) -> list[tuple[int, Path, Report | None, tuple[str, str, str] | None]]:
    from ogi.workers import beat

    out = []
    for i, p in chunk:
        beat()  # alive, on the next input (a worker silent too long is killed)
        out.append((i, *_read_one_safe(p, timeout)))
    return out


def _dumps(obj: Any, indent: int | None = None) -> str:
    """Strict JSON: a number past the float range (which no reading should hold) is ``null``,
    never ``Infinity`` or ``NaN``, which JSON does not have."""
    try:
        return json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(obj), ensure_ascii=False, indent=indent, allow_nan=False)


def _finite(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj


def _exit_code(reports: int, errors: int, unreadable: int) -> int:
    if unreadable:
        return EXIT_UNREADABLE
    if errors:
        return EXIT_FINDINGS
    return EXIT_OK


def _say_error(e: OgiError) -> None:
    _err.print(f"ogi: {e}", markup=False)


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
    if not output and isinstance(out, io.TextIOWrapper):
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
        for p, rep, err in read_all(paths, debug, jobs, timeout or None):
            if err is not None:
                unreadable += 1
                _say_error(err)
                if fmt == Format.jsonl:
                    out.write(_dumps({"source": {"path": printable(p)}, "error": err.to_dict()}) + "\n")
                continue
            assert rep is not None
            n += 1
            errors += bool(rep.errors)
            if fmt == Format.jsonl:
                out.write(_dumps(rep.to_dict(sections=sections)) + "\n")
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
            out.write(_dumps(doc, indent=2) + "\n")
    finally:
        if output:
            out.close()
    raise typer.Exit(_exit_code(n, errors, unreadable))


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Report files or directories.")],
    warnings: Annotated[bool, typer.Option("--warnings/--errors-only", help="Also list warnings.")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes; 0 = all cores when many inputs.")] = 0,
    timeout: TimeoutOption = 300.0,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Print the problems of each report (errors, warnings), in Chinese with the template's labels."""
    console = Console(highlight=False, soft_wrap=True)
    n = errors = unreadable = 0
    styles = {"error": "bold red", "warning": "yellow", "info": "dim"}
    names = {"error": "错误", "warning": "警告", "info": "提示"}
    for p, rep, err in read_all(paths, debug, jobs, timeout or None):
        if err is not None:
            unreadable += 1
            console.print(f"[bold]{escape(printable(p))}[/bold]  [red]无法读取[/red]：", err.message, markup=True)
            continue
        assert rep is not None
        n += 1
        errors += bool(rep.errors)
        shown = [f for f in rep.findings if f.severity == "error" or (warnings and f.severity == "warning")]
        status = "[green]通过[/green]" if not rep.errors else f"[red]{len(rep.errors)} 个错误[/red]"
        name = escape(printable(p))
        console.print(f"[bold]{name}[/bold]  {rep.template}版 {rep.year}年 {rep.agency or '机关未识别'}  {status}")
        for f in shown:
            where = "；".join(str(w) for w in f.where[:3])
            console.print(
                f"  [{styles[f.severity]}]{names[f.severity]}[/] {f.rule}  ",
                f.message,
                f"  〔{where}〕" if where else "",
                markup=True,
            )
    console.print(f"共 {n + unreadable} 份：{n - errors} 份无错误，{errors} 份有错误，{unreadable} 份无法读取")
    raise typer.Exit(_exit_code(n, errors, unreadable))


@app.command("debug-image")
def debug_image(
    path: Annotated[Path, typer.Argument(help="A PDF or image report.")],
    page: Annotated[int, typer.Argument(help="Page number, from 1.")],
    out: Annotated[Path, typer.Argument(help="PNG to write.")],
) -> None:
    """Draw the box of every value read on a page, with its key (PDF and scans)."""
    from ogi.export.debug_image import draw_boxes

    try:
        n = draw_boxes(path, page, read(path), out)
    except OgiError as e:
        e.path = e.path or str(path)
        _say_error(e)
        raise typer.Exit(EXIT_UNREADABLE) from None
    typer.echo(f"{out}: {n} 个数值框 (boxes drawn)")


cli_analysis.register(app)  # ogi stats, ogi rollup, ogi series


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


from ogi.cli_corpus import register as _register_corpus  # noqa: E402

_register_corpus(app)

from ogi.cli_web import register as _register_web  # noqa: E402

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
