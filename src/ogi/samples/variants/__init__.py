"""Report variants: the kinds of input the reader meets in real reports (issue 10), generated in every
format where they occur, each with the truth a correct reading must give.

>>> from ogi.samples.variants import variant, variants
>>> v = variant("blank", "html", seed=3)
>>> v.name, v.kind, v.form, v.fmt, v.suffix, len(v.data) > 0
>>> v.truth["findings"]            # e.g. ['cells.blank']
>>> for v in variants(seed=0, per=2, formats=["pipe", "docx"]): ...

Kinds (:data:`KINDS`; the docstrings of :mod:`ogi.samples.variants.kinds` say what each prints):
``plain`` (the control), ``blank`` (1), ``shift`` (2), ``doubt`` (3, scans only), ``apart`` (4, PDF text
and markdown only), ``notes`` (5), ``pieces`` (6), ``organ`` (7), ``prose`` (8), ``year`` (9), and kinds
met since: ``pictures`` (tables printed as pictures: HTML, DOCX, PDF), ``script`` (converters' and reading
aids' characters: text and HTML), ``retyped`` (tables retyped as sentences or key–value lines, or said to be
all 0: text, HTML, DOCX), ``margins`` (line numbers and a watermark's glyphs a page printed beside the
report: text from PDFs), ``ocr_text`` (text other OCR tools give: uneven spaces, digits as letters of their
look: laid-out and PDF text), ``markup`` (tables made of other markup than ``<table>``: ARIA, CSS grid,
lists, cards; HTML).
Formats (:data:`FORMATS`): the text styles ``pipe markdown cells tabs pdftext lines layout csv mineru``, ``html``,
``docx``, ``xlsx``, ``pdf2xlsx`` (the ``layout`` text's pages put on sheets by position, as a PDF converter
does), ``markitdown`` (the workbook as markitdown prints it: pandas' markdown, NaN and Unnamed: N), ``eml``, and
the heavy ones, ``pdf`` (HTML printed by LibreOffice), ``scan`` (image-only PDF), ``png``,
``jpg`` (one tall image), which need ``soffice`` and ``pdftoppm`` (:data:`HEAVY`; skip them with ``formats=LIGHT``).

The truth is a dict in the format of the shared truth files (``shared/spec/TEMPLATE.md``, "Truth
files"): ``template``, ``year``, ``agency`` (acceptable names, ``[None]`` when the report never names
its organ), ``cells`` (every key of the template; ``None`` for a value not printed) and ``findings``
(the rule ids a correct check must raise; complete for the rules score.py counts false warnings of).
Everything is deterministic by (kind, format, seed).

Command line: ``python -m ogi.samples.variants OUT_DIR --n 200 [--kinds …] [--formats …] [--seed S]``
writes the files, their ``.truth.json`` and a ``manifest.jsonl``; ``shared/tools/score.py OUT_DIR`` scores
them. :func:`compare` is score.py's comparison of one reading with its truth.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ogi.samples.variants.kinds import FORMATS, KINDS, PAGED, SCANS, TEXT, Plan, applies, is_blank, plan
from ogi.samples.variants.render import (
    SUFFIX,
    Scan,
    ToolMissing,
    heavy_tools,
    messy,
    render_light,
    scan_of,
    scanned,
    to_pdfs,
)
from ogi.template import Template, spec

HEAVY = PAGED
LIGHT = tuple(f for f in FORMATS if f not in HEAVY)

# Rules whose truth the generator states completely (as shared/tools/score.py counts false warnings; and
# fees.processing: its reports never leave a fee unsaid).
COMPLETE_RULES = (
    "narrative.mismatch",
    "year.mismatch",
    "table.duplicate",
    "cells.blank",
    "cells.missing",
    "fees.processing",
)


@dataclass(frozen=True, slots=True)
class Variant:
    """One generated report: its file's bytes and suffix, and the truth of it.

    ``name`` is unique for (kind, format, seed) and safe as a file name (without suffix; the report's title after
    it where the plan saves the file under it: :attr:`~ogi.samples.variants.kinds.Plan.file_name`); ``form`` says
    which form of the kind it is (e.g. blank's ``corp_columns``), ``scan`` how a scan was degraded."""

    name: str
    kind: str
    form: str
    fmt: str
    seed: int
    data: bytes
    suffix: str
    truth: dict[str, Any]
    scan: str | None = None

    @property
    def filename(self) -> str:
        return self.name + self.suffix

    def manifest(self) -> dict[str, Any]:
        return {
            "file": self.filename,
            "kind": self.kind,
            "form": self.form,
            "format": self.fmt,
            "seed": self.seed,
            "scan": self.scan,
            "findings": self.truth["findings"],
        }


def broken_rules(tpl: Template, cells: dict[str, Any]) -> set[str]:
    """The arithmetic rules of the template (``formats.toml``: t3.balance, t3.outcome_sum,
    t3.column_sum, t4.sum) that ``cells`` break; an equation with a value that is None is not counted."""
    out: set[str] = set()
    for r in spec().rules.values():
        if not r.table or not r.each:
            continue
        table = tpl.table(r.table)
        outcome = [row.key for row in table.rows if row.outcome]

        def terms(names: Sequence[str]) -> list[str]:
            return [t for n in names for t in (outcome if n == "@outcome" else [n])]  # noqa: B023

        left, right = terms(r.left), terms(r.right)
        if r.each == "column":
            pairs = [
                ([f"{table.id}.{t}.{c.key}" for t in left], [f"{table.id}.{t}.{c.key}" for t in right])
                for c in table.columns
            ]
        else:
            pairs = [
                ([f"{table.id}.{row.key}.{t}" for t in left], [f"{table.id}.{row.key}.{t}" for t in right])
                for row in table.rows
            ]
        for lk, rk in pairs:
            vals = [cells.get(k) for k in lk + rk]
            if any(v is None for v in vals):
                continue
            if not math.isclose(sum(cells[k] for k in lk), sum(cells[k] for k in rk), abs_tol=1e-6):
                out.add(r.id)
    return out


def truth_of(p: Plan) -> dict[str, Any]:
    """The truth of a plan, as a shared truth file states it."""
    rep = p.rep
    tpl = rep.template
    cells = {k: rep.cells.get(k) for k in tpl.keys}
    findings = set(p.findings)
    if any(is_blank(t) for k, t in rep.layout.texts.items() if k in tpl.keys):
        findings.add("cells.blank")
    if any(v is None for k, v in cells.items() if k not in p.unread):
        findings.add("cells.missing")
    findings |= broken_rules(tpl, cells)
    return {
        "template": tpl.id,
        "year": rep.year,
        "agency": list(p.agency),
        "cells": cells,
        "findings": sorted(findings),
    }


def _slug(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", s).strip("_")


def _name(kind: str, form: str, fmt: str, seed: int) -> str:
    return f"{kind}-{_slug(form)}-{fmt}-s{seed}"


def cases(
    seed: int = 0,
    n: int | None = None,
    kinds: Iterable[str] | None = None,
    formats: Iterable[str] | None = None,
    per: int = 1,
) -> list[tuple[str, str, int]]:
    """The (kind, format, seed) of a set: every pair where the kind occurs in the format, with seeds
    ``seed``, ``seed+1``, …: ``per`` seeds each, or ``n`` in all, the pairs taken in turn (every kind
    in the first format, then in the next …)."""
    ks = list(kinds or KINDS)
    fs = list(formats or FORMATS)
    for k in ks:
        if k not in KINDS:
            raise KeyError(f"unknown kind {k!r} (kinds: {', '.join(KINDS)})")
    for f in fs:
        if f not in FORMATS:
            raise KeyError(f"unknown format {f!r} (formats: {', '.join(FORMATS)})")
    pairs = [(k, f) for f in fs for k in ks if applies(k, f)]  # the kinds in turn in each format
    if not pairs:
        return []
    if n is None:
        return [(k, f, seed + i) for i in range(per) for k, f in pairs]
    return [(*pairs[i % len(pairs)], seed + i // len(pairs)) for i in range(n)]


@dataclass(slots=True)
class _Pending:
    kind: str
    fmt: str
    seed: int
    plan: Plan
    data: bytes = b""
    scan: Scan | None = None
    html: str = field(default="")


def make(todo: Sequence[tuple[str, str, int]]) -> list[Variant]:
    """The variants of these (kind, format, seed), in order; the heavy ones printed by one LibreOffice
    run. Raises ToolMissing when a heavy format's program is missing."""
    from ogi.samples.html import render_html

    pend = []
    for kind, fmt, seed in todo:
        p = plan(kind, seed, fmt)
        item = _Pending(kind, fmt, seed, p)
        if fmt in HEAVY:
            p.rep.layout.whole_tables = not p.split_rows  # a table broken inside a row is a case of its own
            item.html = render_html(p.rep, messy=messy(seed, fmt, p.messy), paged=True)
            if fmt in SCANS:
                item.scan = scan_of(seed, fmt, harsh=kind == "doubt")
        else:
            item.data = render_light(p.rep, fmt, seed, p.messy)
        pend.append(item)
    heavy = [it for it in pend if it.fmt in HEAVY]
    if heavy:
        missing = heavy_tools()
        if missing:
            raise ToolMissing(f"formats {sorted({it.fmt for it in heavy})} need {', '.join(missing)}")
        for it, pdf in zip(heavy, to_pdfs([it.html for it in heavy]), strict=True):
            it.data = pdf if it.scan is None else scanned(pdf, it.fmt, it.scan, it.seed)
    return [
        Variant(
            name=_name(it.kind, it.plan.form, it.fmt, it.seed) + (f"-{it.plan.file_name}" if it.plan.file_name else ""),
            kind=it.kind,
            form=it.plan.form,
            fmt=it.fmt,
            seed=it.seed,
            data=it.data,
            suffix=SUFFIX[it.fmt],
            truth=truth_of(it.plan),
            scan=it.scan.describe() if it.scan else None,
        )
        for it in pend
    ]


def variant(kind: str, fmt: str, seed: int) -> Variant:
    """One variant of ``kind`` in ``fmt``. Raises KeyError for an unknown kind or format, ValueError when
    the kind does not occur in the format, ToolMissing when a heavy format's program is missing."""
    if fmt not in FORMATS:
        raise KeyError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    if kind in KINDS and not applies(kind, fmt):
        raise ValueError(f"kind {kind!r} does not occur in format {fmt!r}")
    return make([(kind, fmt, seed)])[0]


def variants(
    seed: int = 0,
    n: int | None = None,
    kinds: Iterable[str] | None = None,
    formats: Iterable[str] | None = None,
    per: int = 1,
    batch: int = 60,
) -> Iterator[Variant]:
    """The variants of :func:`cases` (same arguments), made ``batch`` at a time (one LibreOffice run
    per batch for the heavy formats)."""
    todo = cases(seed, n, kinds, formats, per)
    for i in range(0, len(todo), batch):
        yield from make(todo[i : i + batch])


def write(out: Path, items: Iterable[Variant]) -> int:
    """Write each variant's file and ``.truth.json`` into ``out``, and ``manifest.jsonl`` (one object
    per file: file, kind, form, format, seed, scan, findings). Returns how many were written."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as man:
        for v in items:
            (out / v.filename).write_bytes(v.data)
            (out / f"{v.name}.truth.json").write_text(json.dumps(v.truth, ensure_ascii=False, indent=1), "utf-8")
            man.write(json.dumps(v.manifest(), ensure_ascii=False) + "\n")
            n += 1
    return n


# ------------------------------------------------------------------------------- comparing a reading


def same(a: Any, b: Any) -> bool:
    """Two cell values agree (as score.py: both None, or equal within 1e-6)."""
    if a is None or b is None:
        return a is None and b is None
    try:
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-6)
    except (TypeError, ValueError):
        return False


def complete_rule(rule: str | None) -> bool:
    return rule in COMPLETE_RULES or (rule or "").startswith(("t3.", "t4."))


@dataclass(slots=True)
class Outcome:
    """One reading compared with its truth, as shared/tools/score.py compares them.

    ``exact``: every cell right, template, year and agency right, every finding of the truth raised
    (as error or warning), no error outside the truth. ``false_warnings``: findings of the completely
    stated rules (:data:`COMPLETE_RULES`, t3.*, t4.*) the truth does not list."""

    cells_right: int
    cells_all: int
    bad: dict[str, tuple[Any, Any]]  # key → (read, truth)
    template_ok: bool
    year_ok: bool
    organ_ok: bool
    missed: set[str]
    false_errors: set[str]
    false_warnings: set[str]
    read: dict[str, Any] | None  # template, year, agency as read; None when unread
    error: str | None = None  # why the reader gave no reading
    silent: set[str] = field(default_factory=set)  # wrong cells no error or warning names
    # right cells the reading says it is not sure of (cells.uncertain): a doubt a clerk checks for nothing — where
    # the input is clear (no scan, no picture), a doubt of the reader's own making
    doubted: set[str] = field(default_factory=set)

    @property
    def sure(self) -> bool:
        """What a scan must give (issue 10): every cell right or marked as doubtful (named by a
        finding), template and year right, every finding of the truth raised, no false error."""
        return (
            self.error is None
            and self.template_ok
            and self.year_ok
            and not self.silent
            and not self.missed
            and not self.false_errors
        )

    @property
    def meta_ok(self) -> bool:
        return self.template_ok and self.year_ok and self.organ_ok

    @property
    def exact(self) -> bool:
        return not self.bad and self.meta_ok and not self.missed and not self.false_errors and self.error is None

    def describe(self, n: int = 3) -> str:
        """The differences in one line (empty when exact and without false warnings)."""
        if self.error:
            return f"unread: {self.error}"
        msg = []
        if self.bad:
            msg.append(
                f"{len(self.bad)} cells wrong e.g. "
                + ", ".join(f"{k}={g!r}≠{t!r}" for k, (g, t) in list(self.bad.items())[:n])
            )
        r = self.read or {}
        if not self.template_ok:
            msg.append(f"template {r.get('template')}")
        if not self.year_ok:
            msg.append(f"year {r.get('year')}")
        if not self.organ_ok:
            msg.append(f"organ {r.get('agency')!r}")
        if self.missed:
            msg.append(f"missed {sorted(self.missed)}")
        if self.false_errors:
            msg.append(f"false errors {sorted(self.false_errors)}")
        if self.silent:
            msg.append(f"{len(self.silent)} wrong cells unflagged")
        if self.false_warnings - self.false_errors:
            msg.append(f"false warnings {sorted(self.false_warnings - self.false_errors)}")
        return "; ".join(msg)


def compare(reading: dict[str, Any] | None, truth: dict[str, Any], error: str | None = None) -> Outcome:
    """A reading (``Report.to_dict()`` or a line of ``ogi parse --format jsonl``; None when unread)
    against its truth."""
    keys = list(truth["cells"])
    exp = set(truth["findings"])
    if reading is None or "cells" not in reading:
        why = error or ((reading or {}).get("error") or {}).get("message") or "no reading"
        return Outcome(0, len(keys), {}, False, False, False, exp, set(), set(), None, why)
    cells = reading.get("cells") or {}
    bad = {k: (cells.get(k), truth["cells"][k]) for k in keys if not same(cells.get(k), truth["cells"][k])}
    ag = reading.get("agency")
    organ_ok = ag in truth["agency"] or (ag is None and None in truth["agency"])
    found = reading.get("findings") or []
    raised = {f.get("rule") for f in found if f.get("severity") in ("error", "warning")}
    named = {k for f in found if f.get("severity") in ("error", "warning") for k in f.get("keys") or ()}
    errors = {f.get("rule") for f in found if f.get("severity") == "error"}
    return Outcome(
        cells_right=len(keys) - len(bad),
        cells_all=len(keys),
        bad=bad,
        template_ok=reading.get("template") == truth["template"],
        year_ok=reading.get("year") == truth["year"],
        organ_ok=organ_ok,
        missed=exp - raised,
        false_errors=errors - exp,
        false_warnings={r for r in raised if complete_rule(r)} - exp,
        read={k: reading.get(k) for k in ("template", "year", "agency")},
        silent=set(bad) - named,
        doubted={k for f in found if f.get("rule") == "cells.uncertain" for k in f.get("keys") or ()} - set(bad),
    )


__all__ = [
    "COMPLETE_RULES",
    "FORMATS",
    "HEAVY",
    "KINDS",
    "LIGHT",
    "SCANS",
    "TEXT",
    "Outcome",
    "Plan",
    "ToolMissing",
    "Variant",
    "applies",
    "broken_rules",
    "cases",
    "compare",
    "heavy_tools",
    "make",
    "plan",
    "same",
    "truth_of",
    "variant",
    "variants",
    "write",
]
