"""Which files are inputs: the files named, the report files under the directories named, and the
members of the ZIP archives among them (:mod:`ogi.runner.archive`: ``batch.zip!/报告.pdf``).

Shared by ``ogi parse`` and ``ogi build`` (which resolves them to absolute paths).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

# Files under a directory (or in an archive) that are never reports: readings and truth files (JSON),
# and the programs and data files that sit beside reports in a working folder.
NOT_REPORTS = (
    ".json", ".jsonl", ".ndjson", ".py", ".pyc", ".js", ".mjs", ".ts", ".css", ".sh", ".bat", ".ps1",
    ".csv", ".tsv", ".parquet", ".sqlite", ".db", ".log", ".toml", ".yaml", ".yml", ".ini", ".cfg",
)  # fmt: skip
# Notes kept beside reports, by how their name begins (any case, any suffix): README.md, SOURCES.md, CHANGELOG.
NOTES = ("readme", "sources", "changelog")
# A write-up about the reports (REPORT.md) is passed over only as notes are written (markdown, reST, no
# suffix): report.html, report-12.pdf, report.txt are reports as sites, tools and clerks name them.
WRITE_UP, WRITE_UP_SUFFIXES = "report", ("", ".md", ".markdown", ".rst", ".org", ".adoc")


def not_a_report(name: str) -> bool:
    """Whether a file found under a directory or in an archive is passed over by its name: its
    suffix (:data:`NOT_REPORTS`: ``*.json`` readings and ``*.truth.json`` files, programs, data), or
    notes beside the reports (:data:`NOTES`, ``REPORT.md``); a file named on the command line is
    read whatever its name."""
    base = os.path.basename(name.replace("/", os.sep)).lower()
    if base.endswith(NOT_REPORTS) or base.startswith(NOTES):
        return True
    return base.startswith(WRITE_UP) and os.path.splitext(base)[1] in WRITE_UP_SUFFIXES


def iter_inputs(paths: list[Path], *, skipped: list[str] | None = None) -> Iterator[Path]:
    """Files named, and files under directories named (recursively, sorted); a ZIP archive's
    members in its place (:func:`ogi.runner.archive.members`).

    Under a directory, hidden files and files never reports (:func:`not_a_report`: ``*.json``
    readings and truth files, ``*.py``, ``*.csv``, README and other notes …) are skipped; the
    latter's paths are added to ``skipped`` when given (what ``ogi check`` says it passed over).
    """
    return map(Path, input_strs(paths, skipped=skipped))


def input_strs(paths: list[Path], *, archives: bool = True, skipped: list[str] | None = None) -> Iterator[str]:
    """:func:`iter_inputs` as strings (no Path object made per file: a build plans 10,000s);
    ``archives=False``: a ZIP archive as the file it is."""
    from ogi.runner.archive import is_archive, members

    for p in paths:
        files = sorted(_files_under(os.fspath(p), skipped), key=_parts) if p.is_dir() else [os.fspath(p)]
        for f in files:
            if archives and is_archive(f):
                yield from (m.path for m in members(f))
            else:
                yield f


def printable(path: str | bytes | os.PathLike[str]) -> str:
    """A path as text every output can hold (UTF-8, JSON, a database): the bytes of a name that
    are not UTF-8 (a GBK name unpacked from a Windows zip) as ``\\xNN`` escapes; other names as
    they are. Python holds such bytes as lone surrogates, which no UTF-8 output accepts."""
    s = os.fsdecode(path)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return s


def _parts(path: str) -> tuple[str, ...]:
    return tuple(path.split(os.sep))  # the order of sorted Paths: part by part


def _files_under(top: str, skipped: list[str] | None = None) -> Iterator[str]:
    """Regular files under ``top`` (symbolic links to files followed, to directories not: as
    ``Path.rglob``, so no link loop is walked), hidden names and :func:`not_a_report` skipped (the
    latter added to ``skipped``, when given); entries typed
    without a stat each. Any depth: the walk keeps its own stack (a recursive one stops about a
    thousand directories down). A directory that cannot be listed is passed over, unless its path
    is too long for the system (deeper than ``PATH_MAX``): it is then given as an input itself, so
    that its reading says why it could not be read."""
    stack = [top]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = list(it)
        except OSError as e:
            if e.errno == errno.ENAMETOOLONG:
                yield d
            continue
        subdirs = []
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=False):
                    subdirs.append(e.path)
                elif e.is_file() and not e.name.startswith("."):
                    if not not_a_report(e.name):
                        yield e.path
                    elif skipped is not None:
                        skipped.append(e.path)
            except OSError:
                continue
        stack.extend(reversed(subdirs))
