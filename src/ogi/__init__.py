"""ogi-reports: China's government information disclosure annual reports as checked data.

>>> import ogi
>>> report = ogi.read("report.txt")          # a path, bytes, or the text itself
>>> report.template, report.year, report.agency
>>> report.cells["t3.new.total"], report.provenance["t3.new.total"]
>>> [f.rule for f in report.findings]
"""

from __future__ import annotations

from ogi.errors import InputError, NotAReportError, OgiError
from ogi.model import Document, Finding, Report, Where
from ogi.pipeline import read, read_document

__version__ = "0.1.0"

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
]
