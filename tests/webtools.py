"""Running the web app for tests: `ogi serve` in a subprocess on a free port, users made with `ogi user add`."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
OGI = [sys.executable, "-m", "ogi"]
PASSWORD = "secret-pass-1"
USERS = {"admin": "admin", "rita": "reviewer", "vic": "viewer"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def add_users(db: str, users: dict[str, str] = USERS) -> None:
    env = {**os.environ, "OGI_PASSWORD": PASSWORD}
    for name, role in users.items():
        subprocess.run(
            [*OGI, "user", "add", name, "--role", role, "--db", db], check=True, env=env, capture_output=True
        )


@contextlib.contextmanager
def serve(db: str, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `ogi serve --db DB` on a free port; yields its base URL; stops it after."""
    with serving(db, extra_env) as (base, _):
        yield base


@contextlib.contextmanager
def serving(db: str, extra_env: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """As :func:`serve`, yielding the base URL and the server's process."""
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    (ROOT / "test-output").mkdir(parents=True, exist_ok=True)  # a fresh clone has none
    log = open(ROOT / "test-output" / f"server-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [*OGI, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if proc.poll() is not None:
                raise RuntimeError(f"ogi serve exited: {(ROOT / 'test-output' / f'server-{port}.log').read_text()}")
            try:
                if httpx.get(base + "/login", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("ogi serve did not start")
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def client(base: str, user: str | None = None) -> httpx.Client:
    """An HTTP client with a session; logged in as `user` when given. CSRF token in c.headers."""
    c = httpx.Client(base_url=base, timeout=30)
    me = c.get("/me.json").json()
    c.headers["X-CSRF-Token"] = me["csrf"]
    if user:
        r = c.post("/login.json", json={"name": user, "password": PASSWORD})
        r.raise_for_status()
        c.headers["X-CSRF-Token"] = r.json()["csrf"]
    return c


def wait_batch(c: httpx.Client, batch: str, timeout: float = 60) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        b = c.get(f"/batches/{batch}.json").json()
        if b["done"]:
            return b
        time.sleep(0.2)
    raise TimeoutError(batch)


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """$OGI_TEST_PG, or a throwaway PostgreSQL server (the corpus tests' tests/pgserver.py); yields its URL."""
    if os.environ.get("OGI_TEST_PG"):
        yield os.environ["OGI_TEST_PG"]
        return
    from pgserver import pg_bin, postgres_server

    if pg_bin() is None:
        import pytest

        pytest.skip("PostgreSQL server binaries not installed")
    with postgres_server() as url:
        yield url
