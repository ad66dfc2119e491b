"""Rule packs: an office's own rules as data — rules on or off, severities, stricter deadlines per
kind of organ, deductions and a maximum score — in a TOML file the office edits.

The national rules are the default pack (``packs/national.toml``: every rule as ``formats.toml``
says it, a plain score); ``packs/example-local.toml`` is an example of an office's own, every key
explained in its header. :func:`load_pack` reads one (a path, or None for the national pack);
:func:`parse_pack` its text. A pack's ``id`` is a digest of its text: readings scored by two packs
(two offices, or one pack edited) are kept apart. Scoring a reading is :mod:`ogi.check.score`'s.

>>> p = national()
>>> p.name, p.full
('全国规则（默认）', 100.0)
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from ogi.errors import OgiError
from ogi.template.model import Deadline, spec

SEVERITIES = ("error", "warning", "info")
PER = ("finding", "report", "value")


class PackError(OgiError):
    """A rule pack that cannot be used: not TOML, an unknown rule or key, a bad severity or date."""

    code = "input"


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """What a pack says of one rule: checked or not, its severity (None: the rule's own), and what
    the office's rule rests on (None: the pack's basis, added to the rule's when it changes it)."""

    enabled: bool = True
    severity: str | None = None
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class LocalDeadline:
    """A stricter publication deadline for the organs whose name matches ``deadline.pattern``."""

    deadline: Deadline
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class Deduction:
    """Points taken off a report's score: ``points`` for each finding of ``rule`` and/or
    ``severity`` (``per = "finding"``), once for any (``"report"``), or for each case the values of
    ``keys`` count (``"value"``); ``above``: only findings whose rate (``values["rate"]``) is above
    it; ``max`` caps the item."""

    label: str
    points: float
    rule: str | None = None
    severity: str | None = None
    keys: tuple[str, ...] = ()
    per: str = "finding"
    above: float | None = None
    max: float | None = None
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class Pack:
    """A rule pack (see the module doc). ``full``: the score of a report without deductions (the
    maximum); ``text``: the TOML it was read from; ``source``: its file, when read from one."""

    id: str
    name: str
    basis: str | None
    full: float
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    deadlines: tuple[LocalDeadline, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    text: str = ""
    source: str | None = None

    def setting(self, rid: str) -> RuleSetting:
        return self.rules.get(rid) or RuleSetting()

    def enabled(self, rid: str) -> bool:
        return self.setting(rid).enabled

    def severity(self, rid: str) -> str:
        """The rule's severity under this pack."""
        return self.setting(rid).severity or spec().rules[rid].severity

    def deadline(self, organ: str) -> LocalDeadline | None:
        """The pack's deadline for an organ, by its name; None when the pack sets none for it
        (the national one applies)."""
        return next((d for d in self.deadlines if re.search(d.deadline.pattern, organ)), None)

    def deadline_of_kind(self, kind: str) -> LocalDeadline | None:
        """The pack's deadline for a kind of organ an organ list gives (``department`` …): the
        entry naming the kind (``kind``), else the one for the organs the national deadline of that
        kind names (``organs = "县级以上人民政府部门"``); None when the pack sets none for it."""
        national = spec().deadline_of_kind(kind)
        for d in self.deadlines:
            if d.deadline.kind == kind or (not d.deadline.kind and national and d.deadline.organs == national.organs):
                return d
        return None

    @property
    def national(self) -> bool:
        return self.id == national().id


def _err(source: str | None, msg: str) -> PackError:
    return PackError(f"规则包有误：{msg} (invalid rule pack)", path=source)


def _number(v: object, what: str, source: str | None) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
        raise _err(source, f"{what}应为非负数值，而为 {v!r}")
    return float(v)


def parse_pack(text: str, source: str | None = None) -> Pack:
    """A pack from its TOML text. Raises :class:`PackError` (a Chinese message naming what is wrong)
    for text that is not TOML or names an unknown rule, key, severity, ``per`` or date."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _err(source, f"不是有效的 TOML（{e}）") from None
    head = raw.get("pack") or {}
    if not isinstance(head, dict) or not head.get("name"):
        raise _err(source, "缺少 [pack] 的 name")
    rules = spec().rules
    keys = {k for t in spec().templates.values() for k in t.keys}
    settings: dict[str, RuleSetting] = {}
    for rid, s in (raw.get("rules") or {}).items():
        if rid not in rules:
            raise _err(source, f"未知规则 {rid}")
        if not isinstance(s, dict):
            raise _err(source, f'[rules."{rid}"] 应为表')
        sev = s.get("severity")
        if sev is not None and sev not in SEVERITIES:
            raise _err(source, f"规则 {rid} 的 severity 应为 error、warning 或 info，而为 {sev!r}")
        settings[rid] = RuleSetting(bool(s.get("enabled", True)), sev, s.get("basis"))
    deadlines = []
    for d in raw.get("deadline") or ():
        try:
            re.compile(d["pattern"])
            dl = Deadline(d["organs"], d["pattern"], d.get("month"), d.get("day"), d.get("kind", ""))
            if dl.month is not None:
                dl.for_year(2024)  # a day that exists
        except (KeyError, TypeError, ValueError, re.error) as e:
            raise _err(source, f"[[deadline]] 有误（{e}）") from None
        deadlines.append(LocalDeadline(dl, d.get("basis")))
    deductions = []
    for d in raw.get("deduction") or ():
        per = d.get("per", "value" if d.get("keys") else "finding")
        if per not in PER:
            raise _err(source, f"[[deduction]] 的 per 应为 finding、report 或 value，而为 {per!r}")
        if d.get("rule") is not None and d["rule"] not in rules:
            raise _err(source, f"[[deduction]] 未知规则 {d['rule']}")
        if d.get("severity") is not None and d["severity"] not in SEVERITIES:
            raise _err(source, f"[[deduction]] 的 severity 有误：{d['severity']!r}")
        bad = [k for k in d.get("keys", ()) if k not in keys]
        if bad:
            raise _err(source, f"[[deduction]] 未知项目 {', '.join(bad)}")
        if not d.get("label"):
            raise _err(source, "[[deduction]] 缺少 label")
        if (per == "value") != bool(d.get("keys")):
            raise _err(source, f'[[deduction]]「{d["label"]}」：按件数扣分（per = "value"）须给出 keys')
        deductions.append(
            Deduction(
                label=d["label"],
                points=_number(d.get("points"), f"「{d['label']}」的 points", source),
                rule=d.get("rule"),
                severity=d.get("severity"),
                keys=tuple(d.get("keys", ())),
                per=per,
                above=_number(d["above"], "above", source) if "above" in d else None,
                max=_number(d["max"], "max", source) if "max" in d else None,
                basis=d.get("basis"),
            )
        )
    full = _number(head.get("full", 100), "full", source)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Pack(
        digest, str(head["name"]), head.get("basis"), full, settings, tuple(deadlines), tuple(deductions), text, source
    )


def pack_file(name: str) -> Path:
    """A pack shipped with ogi (``national``, ``example-local``)."""
    return Path(str(resources.files("ogi.template").joinpath("packs", f"{name}.toml")))


@cache
def national() -> Pack:
    """The default pack: the national rules."""
    p = pack_file("national")
    return parse_pack(p.read_text("utf-8"), str(p))


def load_pack(path: str | os.PathLike[str] | None) -> Pack:
    """The pack in file ``path`` (None: the national pack). Raises :class:`PackError` for a file
    that cannot be read or is not a valid pack."""
    if path is None:
        return national()
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise _err(os.fspath(path), f"无法读取（{e}）") from None
    return parse_pack(text, os.fspath(path))


__all__ = [
    "Deduction",
    "LocalDeadline",
    "Pack",
    "PackError",
    "RuleSetting",
    "load_pack",
    "national",
    "pack_file",
    "parse_pack",
]
