"""The layout is the architecture: every module belongs to a stage, and no module imports from a later one.

Stages, in order (a module may import its own stage's and earlier stages' modules only):

    template, errors, runtime    the template as data; errors users see; process settings
    model                        the reading: Report, Finding, Where, the document, one codec
    samples                      synthetic reports of our own making (from the template)
    ingest → normalize → extract → check
    pipeline                     the four in a row: ogi.read (and the ogi package itself)
    corpus                       many readings: organ identity, series, metrics, roll-up, diff
    store                        every table and query, cross-year findings computed when stored
    runner                       reading inputs in worker processes: parse, build, web uploads
    fetch                        reports fetched from the organs' sites, read through the runner
    export                       rows, files, downloads, terminal tables
    web                          the web app
    cli                          the ogi command

Imports are read from the source (every ``import`` and ``from … import``, at the top of a module or
inside a function), so a late import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("ogi.template", "ogi.errors", "ogi.runtime")),
    ("model", ("ogi.model",)),
    ("samples", ("ogi.samples",)),
    ("ingest", ("ogi.ingest",)),
    ("normalize", ("ogi.normalize",)),
    ("extract", ("ogi.extract",)),
    ("check", ("ogi.check",)),
    ("pipeline", ("ogi.pipeline", "ogi")),
    ("corpus", ("ogi.corpus",)),
    ("store", ("ogi.store",)),
    ("runner", ("ogi.runner",)),
    ("fetch", ("ogi.fetch",)),
    ("export", ("ogi.export",)),
    ("web", ("ogi.web",)),
    ("cli", ("ogi.cli", "ogi.__main__")),
]


def stage_of(module: str) -> int:
    """The stage of a module: the one whose prefix it matches longest."""
    best, length = -1, -1
    for i, (_name, prefixes) in enumerate(STAGES):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > length:
                best, length = i, len(p)
    assert best >= 0, f"{module} belongs to no stage: add it to STAGES"
    return best


def modules() -> dict[str, Path]:
    out = {}
    for f in sorted((SRC / "ogi").rglob("*.py")):
        parts = list(f.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


def imports(module: str, path: Path) -> set[str]:
    """The ``ogi`` modules a module imports (relative imports resolved)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name == "ogi" or a.name.startswith("ogi."))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = package.split(".")
                base = ".".join(pkg[: len(pkg) - node.level + 1] + ([base] if base else []))
            if base == "ogi" or base.startswith("ogi."):
                out.add(base)
                out.update(f"{base}.{a.name}" for a in node.names)  # a submodule imported by name
    mods = modules()
    return {m for m in out if m in mods}


def test_every_module_belongs_to_a_stage() -> None:
    for m in modules():
        stage_of(m)


def test_no_module_imports_from_a_later_stage() -> None:
    bad = []
    for m, path in modules().items():
        mine = stage_of(m)
        for other in imports(m, path):
            if stage_of(other) > mine:
                bad.append(f"{m} ({STAGES[mine][0]}) imports {other} ({STAGES[stage_of(other)][0]})")
    assert not bad, "\n".join(bad)


def test_the_checker_sees_a_late_import() -> None:
    """The check itself can fail: a store module importing the web app is caught."""
    assert stage_of("ogi.store.readings") < stage_of("ogi.web.app")
    src = "def f():\n    from ogi.web.app import create_app\n"
    tree = ast.parse(src)
    names = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert names == ["ogi.web.app"] and stage_of(names[0]) > stage_of("ogi.store")


def test_every_doubt_has_its_words_in_the_template() -> None:
    # the reasons a value may be in doubt are declared once (ogi.model.Doubt); their words are data
    from ogi.model import Doubt
    from ogi.template import rule

    assert set(rule("cells.uncertain").params["reasons"]) == {d.value for d in Doubt}
