"""``ogi organs import FILE`` and ``ogi organs list``: the region's list of organs that must report
(:mod:`ogi.corpus.organs`), kept in the store; ``ogi rollup`` and the web app's region pages count
against it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ogi.errors import EXIT_OK, EXIT_UNREADABLE, OgiError

_err = Console(stderr=True, highlight=False, soft_wrap=True)

organs_app = typer.Typer(help="The region's list of organs that must report (机关名单).", no_args_is_help=True)

Db = Annotated[str | None, typer.Option("--db", help="Database (as ogi build --db).")]


@organs_app.command("import")
def import_cmd(
    path: Annotated[Path, typer.Argument(help="CSV or XLSX: 机关, 简称, 层级, 上级, 类型 (政府/部门/乡镇).")],
    db: Db = None,
) -> None:
    """Replace the store's organ list with the organs of a CSV or XLSX file (a header row names
    the columns; see docs/office.md). Exit 2 when the file cannot be read, naming the row."""
    from ogi.cli.corpus import _store
    from ogi.corpus.organs import read_organ_list

    try:
        data = path.read_bytes()
    except OSError as e:
        _err.print(f"ogi: {path}: 无法读取（{e.strerror or e}）", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from None
    try:
        organs = read_organ_list(data, path.name)
    except OgiError as e:
        _err.print(f"ogi: {path}: {e.message}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from None
    store = _store(db)
    try:
        n = store.put_organ_list(organs, source=path.name)
    finally:
        store.close()
    by_kind: dict[str, int] = {}
    for o in organs:
        by_kind[o.kind_name] = by_kind.get(o.kind_name, 0) + 1
    kinds = "，".join(f"{k} {v} 个" for k, v in by_kind.items())
    _err.print(f"已导入机关名单：{n} 个机关（{kinds}）", markup=False)
    raise typer.Exit(EXIT_OK)


@organs_app.command("list")
def list_cmd(
    db: Db = None,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """The store's organ list: name, short names, level, parent, kind and its deadline."""
    from ogi.cli.corpus import _store

    store = _store(db, create=False)
    try:
        organs = store.organ_list()
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps([o.to_dict() for o in organs], ensure_ascii=False, indent=2))
        raise typer.Exit(EXIT_OK)
    if not organs:
        _err.print("尚未导入机关名单（ogi organs import FILE）", markup=False)
        raise typer.Exit(EXIT_OK)
    t = Table(title=f"机关名单（{len(organs)} 个）")
    for c in ("机关", "简称", "层级", "上级", "类型"):
        t.add_column(c)
    for o in organs:
        t.add_row(o.name, "、".join(o.short), o.level or "", o.parent or "", o.kind_name)
    Console(highlight=False).print(t)
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.add_typer(organs_app, name="organs")
