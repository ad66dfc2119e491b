"""``ogi fetch``: a site's annual-report column into the corpus (:mod:`ogi.fetch`)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ogi.errors import EXIT_UNREADABLE

_err = Console(stderr=True, highlight=False, soft_wrap=True)


def fetch(
    urls: Annotated[list[str], typer.Argument(help="URLs of 年报栏目 list pages (a site's annual-report column).")],
    db: Annotated[str | None, typer.Option("--db", help="Database (as ogi build --db).")] = None,
    match: Annotated[
        str | None, typer.Option(help="Regular expression a report link's text matches (default: 年度报告|年报).")
    ] = None,
    max_pages: Annotated[int, typer.Option(help="List pages followed per column.")] = 50,
    rate: Annotated[float, typer.Option(help="Requests per second per host (0: no limit).")] = 1.0,
    retries: Annotated[int, typer.Option(help="Tries again after a failure that may pass (503, timeout …).")] = 3,
    max_mb: Annotated[
        float, typer.Option("--max-mb", help="Largest file fetched, MiB (default: the reader's bound).")
    ] = 0,
    timeout: Annotated[float, typer.Option(help="Seconds to connect and per read.")] = 30.0,
    read_timeout: Annotated[float, typer.Option(help="Seconds one file's reading may take (0: no limit).")] = 300.0,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Reading processes (default: every core).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No line per file.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="The counts as JSON on stdout at the end (what the web app reads).")
    ] = False,
) -> None:
    """Fetch reports from organs' websites politely (robots.txt, a rate per host, retries, a size
    limit; resumable) and read them into the corpus: each report's path is its URL, its
    publication date the page's."""
    from ogi.cli.corpus import _store
    from ogi.fetch import DEFAULT_MATCH
    from ogi.fetch import fetch as run_fetch

    store = _store(db)

    def progress(kind: str, url: str) -> None:
        if not quiet:
            _err.print(
                f"{ {'list': '栏目', 'page': '页面', 'file': '附件', 'read': '读取'}[kind] } {url}", markup=False
            )

    try:
        res = run_fetch(
            urls,
            store,
            match=match or DEFAULT_MATCH,
            max_pages=max_pages,
            rate=rate,
            retries=retries,
            max_bytes=int(max_mb * 1024 * 1024) or None,
            timeout=timeout,
            jobs=jobs,
            read_timeout=read_timeout or None,
            progress=progress,
        )
    except KeyboardInterrupt:
        raise
    finally:
        store.close()
    if as_json:
        import json

        typer.echo(json.dumps(res.to_dict(), ensure_ascii=False))
    for line in res.failures[:20]:
        _err.print(f"ogi: {line}", markup=False)
    rate_s = (res.lists + res.unchanged + res.pages + res.files) / res.seconds if res.seconds else 0
    _err.print(
        f"{res.lists} list pages fetched ({res.unchanged} unchanged), {res.pages} report pages, {res.files} files; "
        f"{res.known} known before, {res.robots} refused by robots.txt, {res.too_large} too large, "
        f"{res.errors} failed; "
        f"{res.requests} requests, {res.bytes / 1048576:.1f} MiB in {res.seconds:.1f}s ({rate_s:.1f} pages/s); "
        f"read {res.read} ({res.ok} reports, {res.unreadable} unreadable)",
        markup=False,
    )
    if res.errors or res.unreadable:
        raise typer.Exit(EXIT_UNREADABLE)


def register(app: typer.Typer) -> None:
    app.command()(fetch)
