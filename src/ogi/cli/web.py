"""``ogi serve`` (the web app) and ``ogi user`` (its accounts), kept apart from the reader's CLI.

The web extra is imported only when these commands run, so ``ogi parse``
works without it.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from ogi.errors import EXIT_UNREADABLE

DEFAULT_DB_HELP = "数据库：SQLite 文件路径或 postgresql://… URL（与 ogi build --db 相同）；默认 $OGI_DB 或 ./ogi.db"

user_app = typer.Typer(help="网页应用的用户。Users of the web app.", no_args_is_help=True)


def _fail(msg: str) -> None:
    typer.echo(f"ogi: {msg}", err=True)
    raise typer.Exit(EXIT_UNREADABLE)


def _db(db: str | None) -> str:
    from ogi.store import resolve_url

    return resolve_url(db)


def serve(
    db: Annotated[str | None, typer.Option(help=DEFAULT_DB_HELP)] = None,
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[int, typer.Option(help="同时读取上传文件的进程数（读取不在网页服务进程内进行）")] = 2,
    timeout: Annotated[float, typer.Option(help="读取一个上传文件的时限（秒），超时记为无法读取（0：不限）")] = 300.0,
) -> None:
    """启动网页应用：上传核对报告、审核问题、浏览报告库。Start the web application."""
    try:
        import uvicorn

        from ogi.web.app import create_app
    except ImportError as e:
        _fail(f"网页应用需要 web 组件：pip install 'ogi-reports[web,corpus]' (missing {e.name})")
    app = create_app(_db(db), workers=workers, timeout=timeout or None)
    uvicorn.run(app, host=host, port=port, log_level="info")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option(help="viewer（查看员）、reviewer（审核员）或 admin（管理员）")] = "viewer",
    db: Annotated[str | None, typer.Option(help=DEFAULT_DB_HELP)] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码")] = False,
) -> None:
    """新建用户（或修改其角色与密码）。密码来自 --password-stdin、环境变量 OGI_PASSWORD 或提示输入。"""
    try:
        from ogi.store import ROLES, Store
        from ogi.web.auth import hash_password
    except ImportError as e:
        _fail(f"需要 web 组件：pip install 'ogi-reports[web,corpus]' (missing {e.name})")
    if role not in ROLES:
        _fail(f"角色须为 {', '.join(ROLES)}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif os.environ.get("OGI_PASSWORD"):
        password = os.environ["OGI_PASSWORD"]
    else:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        _fail("密码至少 8 位")
    with Store(_db(db)) as store:
        store.add_user(name, role, hash_password(password))
    typer.echo(f"用户 {name}（{role}）已保存")


@user_app.command("list")
def user_list(db: Annotated[str | None, typer.Option(help=DEFAULT_DB_HELP)] = None) -> None:
    """列出用户。"""
    from ogi.store import Store

    with Store(_db(db)) as store:
        for u in store.users():
            typer.echo(f"{u['name']}\t{u['role']}\t{u['created_at']}")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
