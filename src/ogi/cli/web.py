"""``ogi serve`` (the web app), ``ogi user`` (its accounts), ``ogi backup`` and ``ogi restore``
(a copy of a live SQLite store, and the store brought back from it), kept apart from the reader's CLI.

The web extra is imported only when these commands run, so ``ogi parse``
works without it. Every change ``ogi user`` makes is in the web app's audit log (user
``cli:NAME``, NAME the system user running the command).
"""

from __future__ import annotations

import getpass
import ipaddress
import os
import socket
import sys
from typing import Annotated, Any

import typer

from ogi.errors import EXIT_UNREADABLE, OgiError

DEFAULT_DB_HELP = "数据库：SQLite 文件路径或 postgresql://… URL（与 ogi build --db 相同）；默认 $OGI_DB 或 ./ogi.db"

user_app = typer.Typer(help="网页应用的用户。Users of the web app.", no_args_is_help=True)


def _fail(msg: str) -> None:
    typer.echo(f"ogi: {msg}", err=True)
    raise typer.Exit(EXIT_UNREADABLE)


def _db(db: str | None) -> str:
    from ogi.store import resolve_url

    return resolve_url(db)


def _web() -> None:
    try:
        import ogi.web.auth  # noqa: F401
    except ImportError as e:
        _fail(f"需要 web 组件：pip install 'ogi-reports[web,corpus]' (missing {e.name})")


def _store(db: str | None, *, create: bool = True) -> Any:
    """The store ``--db`` names; ``create=False`` (a command on what a store holds): a SQLite file
    that is not there is an error, not a new empty store (:func:`ogi.cli.corpus.no_such_store`)."""
    from ogi.cli.corpus import no_such_store
    from ogi.store import Store

    if not create and (missing := no_such_store(db)):
        _fail(missing)
    try:
        return Store(_db(db))
    except OgiError as e:
        _fail(str(e))
    except Exception as e:  # a server that cannot be reached, a file that cannot be opened
        _fail(f"无法打开数据库 {db or ''}（{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}）")


def _me() -> str:
    try:
        return "cli:" + getpass.getuser()
    except Exception:
        return "cli"


def loopback(host: str) -> bool:
    """Whether ``host`` (an address or a name) is reached from this machine only."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


def serve(
    db: Annotated[str | None, typer.Option(help=DEFAULT_DB_HELP)] = None,
    host: Annotated[str, typer.Option(help="监听地址（非本机地址须先有管理员）")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    workers: Annotated[int, typer.Option(help="同时读取上传文件的进程数（读取不在网页服务进程内进行）")] = 2,
    timeout: Annotated[float, typer.Option(help="读取一个上传文件的时限（秒），超时记为无法读取（0：不限）")] = 300.0,
    secure_cookie: Annotated[
        str,
        typer.Option(help="会话 Cookie 的 Secure 属性：auto（经 HTTPS 访问时）、on 或 off；默认 $OGI_SECURE_COOKIE"),
    ] = "",
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            help="信任其 X-Forwarded-For/-Proto 的反向代理地址（逗号分隔）；默认 127.0.0.1。"
            "经这些代理的请求以代理报告的客户地址与协议为准"
        ),
    ] = "127.0.0.1",
    ssl_certfile: Annotated[str | None, typer.Option(help="直接以 HTTPS 提供服务：证书文件（PEM）")] = None,
    ssl_keyfile: Annotated[str | None, typer.Option(help="直接以 HTTPS 提供服务：私钥文件（PEM）")] = None,
) -> None:
    """启动网页应用：上传核对报告、审核问题、浏览报告库。Start the web application.

    在非本机地址（如 0.0.0.0）上监听前，数据库中须已有管理员（ogi user add 名字 --role admin）。"""
    try:
        import uvicorn

        from ogi.web.app import create_app
    except ImportError as e:
        _fail(f"网页应用需要 web 组件：pip install 'ogi-reports[web,corpus]' (missing {e.name})")
    secure = secure_cookie or os.environ.get("OGI_SECURE_COOKIE") or "auto"
    if secure not in ("auto", "on", "off"):
        _fail("--secure-cookie 须为 auto、on 或 off")
    if not loopback(host):
        with _store(db) as store:
            admins = store.admins()
        if not admins:
            _fail(
                f"在 {host} 上对网络开放之前，须先创建一位管理员，否则无人能管理账号："
                f"ogi user add 名字 --role admin --db {db or '…'}；"
                "只在本机使用时请用 --host 127.0.0.1 (no admin: refusing to listen beyond this machine)"
            )
    app = create_app(_db(db), workers=workers, timeout=timeout or None, secure_cookie=secure)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        server_header=False,
    )


def _password(password_stdin: bool, name: str) -> str:
    """A new password from stdin, $OGI_PASSWORD or a prompt, checked against the policy."""
    from ogi.web.auth import password_problem

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif os.environ.get("OGI_PASSWORD"):
        password = os.environ["OGI_PASSWORD"]
    else:
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, name)
    if problem:
        _fail(problem)
    return password


PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码")]
DbOption = Annotated[str | None, typer.Option(help=DEFAULT_DB_HELP)]


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option(help="viewer（查看员）、reviewer（审核员）或 admin（管理员）")] = "viewer",
    db: DbOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """新建用户（或修改已有用户的角色与密码，其会话随即失效）。密码来自 --password-stdin、环境变量
    OGI_PASSWORD 或提示输入；至少 10 个字符，不能是常见或容易猜到的密码。"""
    _web()
    from ogi.store import ROLES, LastAdmin
    from ogi.web.admin import NAME
    from ogi.web.auth import hash_password

    if role not in ROLES:
        _fail(f"角色须为 {', '.join(ROLES)}")
    if not NAME.match(name):
        _fail("用户名须为 1–64 个字符，不含空格、斜杠、引号和 < > & ? # %")
    password = _password(password_stdin, name)
    with _store(db) as store:
        try:
            created = store.add_user(name, role, hash_password(password))
        except LastAdmin as e:
            _fail(str(e))
        store.audit("user_created" if created else "user_changed", _me(), None, name, {"role": role})
    typer.echo(f"用户 {name}（{role}）已{'新建' if created else '更新'}")


@user_app.command("passwd")
def user_passwd(
    name: Annotated[str, typer.Argument(help="用户名")], db: DbOption = None, password_stdin: PasswordStdin = False
) -> None:
    """重设用户的密码（其会话随即失效）。"""
    _web()
    from ogi.web.auth import hash_password

    password = _password(password_stdin, name)
    with _store(db, create=False) as store:
        if not store.update_user(name, pw_hash=hash_password(password)):
            _fail(f"用户 {name} 不存在")
        store.audit("user_changed", _me(), None, name, {"password": "reset"})
    typer.echo(f"用户 {name} 的密码已重设")


def _change(name: str, db: str | None, action: str, **change: Any) -> None:
    from ogi.store import LastAdmin

    with _store(db, create=False) as store:
        try:
            ok = store.delete_user(name) if action == "user_deleted" else store.update_user(name, **change)
        except LastAdmin as e:
            _fail(str(e))
        if not ok:
            _fail(f"用户 {name} 不存在")
        store.audit(action, _me(), None, name)


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument(help="用户名")], db: DbOption = None) -> None:
    """停用用户：不能再登录，已登录的会话立即失效。"""
    _change(name, db, "user_disabled", disabled=True)
    typer.echo(f"用户 {name} 已停用")


@user_app.command("enable")
def user_enable(name: Annotated[str, typer.Argument(help="用户名")], db: DbOption = None) -> None:
    """重新启用停用的用户。"""
    _change(name, db, "user_enabled", disabled=False)
    typer.echo(f"用户 {name} 已启用")


@user_app.command("delete")
def user_delete(name: Annotated[str, typer.Argument(help="用户名")], db: DbOption = None) -> None:
    """删除用户（其审核与更正记录保留其名字）。"""
    _change(name, db, "user_deleted")
    typer.echo(f"用户 {name} 已删除")


@user_app.command("unlock")
def user_unlock(
    name: Annotated[str, typer.Argument(help="被锁定的用户名，或 --address 时的网络地址")],
    address: Annotated[bool, typer.Option("--address", help="解除的是网络地址的锁定")] = False,
    db: DbOption = None,
) -> None:
    """解除因多次登录失败造成的锁定。"""
    key = ("addr:" + name) if address else ("user:" + name.strip().casefold())
    with _store(db, create=False) as store:
        if not store.unlock(key):
            _fail(f"{name} 没有被锁定")
        store.audit("unlocked", _me(), None, key)
    typer.echo(f"{name} 的锁定已解除")


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """列出用户：名字、角色、创建时间、状态（停用）、在线会话数。"""
    with _store(db, create=False) as store:
        for u in store.users():
            state = "disabled" if u["disabled"] else "active"
            typer.echo(f"{u['name']}\t{u['role']}\t{u['created_at']}\t{state}\t{u['sessions']}")


def backup(
    out: Annotated[str, typer.Argument(help="备份文件（SQLite 文件）")],
    db: DbOption = None,
    force: Annotated[bool, typer.Option(help="覆盖已有的备份文件")] = False,
) -> None:
    """为正在使用中的 SQLite 数据库做一份一致的备份（SQLite 在线备份），无需停止 ogi serve 或 ogi build。
    PostgreSQL 请用 pg_dump。"""
    from ogi.store.backup import backup as run

    try:
        got = run(db or os.environ.get("OGI_DB") or "ogi.db", out, force=force)
    except OgiError as e:
        _fail(str(e))
    typer.echo(f"已备份到 {out}：" + "，".join(f"{k} {v}" for k, v in got.items()))


def restore(
    copy: Annotated[str, typer.Argument(help="ogi backup 做的备份文件")],
    db: DbOption = None,
    force: Annotated[bool, typer.Option(help="覆盖已有的数据库（先停止 ogi serve）")] = False,
) -> None:
    """以备份恢复 SQLite 数据库（备份先经检查）。PostgreSQL 请用 pg_restore。"""
    from ogi.store.backup import restore as run

    try:
        got = run(copy, db or os.environ.get("OGI_DB") or "ogi.db", force=force)
    except OgiError as e:
        _fail(str(e))
    typer.echo(f"已从 {copy} 恢复：" + "，".join(f"{k} {v}" for k, v in got.items()))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
    app.command("backup")(backup)
    app.command("restore")(restore)
