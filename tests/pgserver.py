"""A throw-away PostgreSQL server for tests: initdb a temp cluster, start it on a unix socket,
stop and delete it at the end. Uses the server binaries of the `postgresql` Debian package
(``/usr/lib/postgresql/*/bin``, or ``$OGI_PG_BIN``). PostgreSQL refuses to run as root: as root,
the cluster is owned by and run as the ``postgres`` user (or ``nobody``) via ``runuser``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def pg_bin() -> Path | None:
    if os.environ.get("OGI_PG_BIN"):
        return Path(os.environ["OGI_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> tuple[list[str], str | None]:
    if os.geteuid() != 0:
        return [], None
    for user in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(user)
            return ["runuser", "-u", user, "--"], user
    raise RuntimeError("running as root and no postgres/nobody user to run PostgreSQL as")


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh, empty database on a private server."""
    bindir = pg_bin()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL server binaries not found (apt-get install postgresql)")
    prefix, user = _run_as()
    base = Path(tempfile.mkdtemp(prefix="ogi-pg-"))
    data, log = base / "data", base / "log"
    if user:
        pw = pwd.getpwnam(user)
        os.chown(base, pw.pw_uid, pw.pw_gid)
    port = _free_port()
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "ogi", "-A", "trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
        env=env,
    )
    opts = f"-c listen_addresses='' -k {base} -p {port} -c fsync=off -c synchronous_commit=off"
    try:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(log), "-w", "-t", "60", "start"],
            check=True,
            capture_output=True,
            env=env,
        )
        yield f"postgresql+psycopg://ogi@/postgres?host={base}&port={port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            env=env,
        )
        shutil.rmtree(base, ignore_errors=True)
