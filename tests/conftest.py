"""Shared fixtures: the real reports and their truth files, read in place from ../shared.

Tests are by stage (``model/``, ``ingest/``, ``normalize/``, ``extract/``, ``check/``, ``corpus/``, ``store/``,
``cli/``, ``web/``); the helpers beside this file serve them all.

Without ``../shared`` beside the checkout (or ``$OGI_SHARED``), the fixture tests skip, saying so;
with ``OGI_REQUIRE_SHARED=1`` (CI) they fail instead: a missing ../shared is then an error.
"""

from __future__ import annotations

import faulthandler
import json
import math
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("OGI_SHARED", ROOT.parent / "shared"))
REQUIRE_SHARED = os.environ.get("OGI_REQUIRE_SHARED") == "1"
MISSING = (
    f"{SHARED} is missing: the fixture tests read the real reports and their hand-read truth files "
    "there (set OGI_SHARED to their folder; OGI_REQUIRE_SHARED=1 makes this a failure)"
)


def need_shared() -> Path:
    """../shared, or the test is skipped (failed with OGI_REQUIRE_SHARED=1) saying it is missing."""
    if not SHARED.is_dir():
        if REQUIRE_SHARED:
            pytest.fail(MISSING, pytrace=False)
        pytest.skip(MISSING)
    return SHARED


def pytest_unconfigure(config: pytest.Config) -> None:
    """A thread some test left stuck must not keep the run from ending (CI would wait on it until
    its time limit): once the summary is out, the process has two minutes to exit, else every
    thread's stack is printed and it exits 1."""
    faulthandler.dump_traceback_later(120, exit=True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_shared: reads ../shared (else skipped; OGI_REQUIRE_SHARED=1: failed)")


@pytest.hookimpl(tryfirst=True)  # before skipif marks that look inside ../shared
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("needs_shared") is not None:
        need_shared()


def fixture_params(folder: str, suffixes: tuple[str, ...]) -> list:  # type: ignore[type-arg]
    """:func:`fixtures` for parametrizing a test at import: without ../shared, one placeholder
    marked ``needs_shared`` (so the test skips, or fails, saying why) instead of none."""
    if not SHARED.is_dir():
        return [pytest.param(SHARED / folder / "missing", marks=pytest.mark.needs_shared, id="no-shared")]
    return _fixtures(folder, suffixes)


def fixtures(folder: str, suffixes: tuple[str, ...]) -> list[Path]:
    """The fixtures of a folder of ../shared that have truth files (inside a test: skips, or
    fails, without ../shared)."""
    need_shared()
    return _fixtures(folder, suffixes)


def _fixtures(folder: str, suffixes: tuple[str, ...]) -> list[Path]:
    d = SHARED / folder
    if not d.is_dir():
        return []
    out = []
    for f in sorted(d.iterdir()):
        if f.name.endswith(".truth.json") or not f.name.endswith(suffixes):
            continue
        if truth_path(f).exists():
            out.append(f)
    return out


def truth_path(f: Path) -> Path:
    return f.with_name(f.name.rsplit(".", 1)[0] + ".truth.json")


def truth(f: Path) -> dict:
    return json.loads(truth_path(f).read_text("utf-8"))


def same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-6)  # type: ignore[arg-type]


def assert_matches_truth(report, t: dict) -> None:  # type: ignore[no-untyped-def]
    assert report.template == t["template"]
    assert report.year == t["year"]
    assert report.agency in t["agency"], (report.agency, t["agency"])
    bad = {k: (report.cells.get(k), v) for k, v in t["cells"].items() if not same(report.cells.get(k), v)}
    assert not bad, f"{len(bad)} cells differ (got, truth): {dict(list(bad.items())[:8])}"
    raised = {f.rule for f in report.findings if f.severity in ("error", "warning")}
    errors = {f.rule for f in report.findings if f.severity == "error"}
    assert set(t["findings"]) <= raised, f"missed {set(t['findings']) - raised}"
    assert errors <= set(t["findings"]), f"false errors {errors - set(t['findings'])}"


@pytest.fixture(scope="session")
def shared() -> Path:
    return need_shared()


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A throw-away PostgreSQL server for the test module (tests/pgserver.py): its URL."""
    from pgserver import pg_bin, postgres_server

    if pg_bin() is None:
        pytest.skip("PostgreSQL server binaries not installed")
    with postgres_server() as url:
        yield url
