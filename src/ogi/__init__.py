"""ogi-reports: China's government information disclosure annual reports as checked data.

>>> import ogi
>>> report = ogi.read("report.txt")          # a path, bytes, or the text itself
>>> report.template, report.year, report.agency
>>> report.cells["t3.new.total"], report.provenance["t3.new.total"]
>>> [f.rule for f in report.findings]
"""

from __future__ import annotations

import functools

from ogi.errors import InputError, NotAReportError, OgiError
from ogi.model import Document, Finding, Report, Where
from ogi.pipeline import read, read_document


@functools.cache
def version() -> str:
    """The installed distribution's version (``ogi-reports``, from its metadata); not installed (a
    source tree on ``PYTHONPATH``), the version in the ``pyproject.toml`` beside the source; else
    ``0+unknown``. Asked for once, when wanted: ``ogi.__version__``, ``ogi --version``."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("ogi-reports")
    except PackageNotFoundError:
        pass
    from pathlib import Path

    try:
        import tomllib

        project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text("utf-8"))["project"]
        if project.get("name") == "ogi-reports" and isinstance(project.get("version"), str):
            return project["version"]
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":  # looked up when asked: importlib.metadata costs every import of ogi otherwise
        return version()
    raise AttributeError(f"module 'ogi' has no attribute {name!r}")


__all__ = [
    "Document",
    "Finding",
    "InputError",
    "NotAReportError",
    "OgiError",
    "Report",
    "Where",
    "__version__",
    "read",
    "read_document",
    "version",
]
