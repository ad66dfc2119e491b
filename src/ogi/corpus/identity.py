"""Organ identity: the names an organ prints for itself, brought to one identity.

``平潭综合实验区管委会``, ``平潭综合实验区管理委员会`` and ``平潭综合实验区`` are one
organ; so are ``淮安市洪泽区人民政府`` and ``洪泽区人民政府``. A name is read as a chain
of region segments (``淮安市`` ``洪泽区``) and an organ part (``人民政府``); the identity
is the innermost region with the organ part, after 繁→简, widths, spaces, brackets and
the abbreviations of ``identity.toml``.

>>> identify("淮安市洪泽区人民政府").id == identify("洪泽区人民政府").id
True
>>> identify("平潭综合实验区").name
'平潭综合实验区管理委员会'
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ogi.normalize import normalize_text


@dataclass(frozen=True, slots=True)
class OrganType:
    id: str
    name: str
    exact: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OrganIdentity:
    """One organ. ``id`` is stable across the forms of its name; ``regions`` is the
    region chain as printed (outermost first), ``region`` its joined form."""

    id: str
    name: str
    regions: tuple[str, ...]
    organ: str
    type: str
    relative: bool = False  # names no place (县投资促进局): not an identity on its own

    @property
    def region(self) -> str | None:
        return "".join(self.regions) or None

    @property
    def parents(self) -> tuple[str, ...]:
        """The regions above the innermost one (``("淮安市",)`` for 淮安市洪泽区…)."""
        return self.regions[:-1]

    @property
    def type_name(self) -> str:
        return organ_type(self.type).name

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "region": self.region,
            "regions": list(self.regions),
            "organ": self.organ,
            "type": self.type,
            "type_name": self.type_name,
            "relative": self.relative,
        }


@dataclass(frozen=True, slots=True)
class _Tables:
    suffixes: tuple[str, ...]
    rejects: tuple[str, ...]
    not_containing: tuple[str, ...]
    extend: dict[str, tuple[str, ...]]
    extend_unless: tuple[str, ...]
    min_length: int
    max_length: int
    bare: tuple[tuple[tuple[str, ...], str], ...]
    organ_alias: dict[str, str]
    abbreviations: tuple[tuple[str, str], ...]
    types: tuple[OrganType, ...]
    drop_brackets: bool
    relative_starts: tuple[str, ...]
    generic_organs: tuple[str, ...]
    level_words: tuple[str, ...]


@cache
def tables() -> _Tables:
    raw = tomllib.loads(resources.files("ogi.corpus").joinpath("identity.toml").read_text("utf-8"))
    reg = raw["region"]
    return _Tables(
        suffixes=tuple(sorted(reg["suffixes"], key=len, reverse=True)),
        rejects=tuple(sorted(reg["reject_endings"], key=len, reverse=True)),
        not_containing=tuple(reg.get("not_containing", ())),
        extend={k: tuple(v) for k, v in reg.get("extend", {}).items()},
        extend_unless=tuple(reg.get("extend_unless_next", ())),
        min_length=reg.get("min_length", 2),
        max_length=reg.get("max_length", 14),
        bare=tuple((tuple(b["suffix"]), b["organ"]) for b in raw.get("bare", ())),
        organ_alias=dict(raw.get("organ_alias", {})),
        abbreviations=tuple((a["short"], a["full"]) for a in raw.get("abbreviation", ())),
        types=tuple(
            OrganType(t["id"], t["name"], tuple(t.get("exact", ())), tuple(t.get("endings", ()))) for t in raw["type"]
        ),
        drop_brackets=raw.get("brackets", {}).get("drop_trailing", True),
        relative_starts=tuple(reg.get("relative_starts", ())),
        generic_organs=tuple(reg.get("generic_organs", ())),
        level_words=tuple(reg.get("level_words", ())),
    )


def organ_types() -> tuple[OrganType, ...]:
    return tables().types


def organ_type(tid: str) -> OrganType:
    for t in tables().types:
        if t.id == tid:
            return t
    raise KeyError(tid)


_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "【": "(", "】": ")"})
_QUOTES = re.compile(r"[《》“”\"'‘’「」]")
_TRAILING = re.compile(r"\([^()]*\)$")


def clean(name: str) -> str:
    """繁→简, widths, no spaces or quotes, half-width brackets."""
    s = normalize_text(name).translate(_BRACKETS)
    s = _SPACE.sub("", s)
    return _QUOTES.sub("", s)


def _region_end(name: str, pos: int, inner: bool) -> int | None:
    t = tables()
    stop = min(len(name), pos + t.max_length)
    for end in range(pos + t.min_length, stop + 1):
        cand = name[pos:end]
        suf = next((s for s in t.suffixes if cand.endswith(s)), None)
        if suf is None or (len(cand) == len(suf) and not (inner and len(suf) >= 3)):
            continue
        if any(w in cand for w in t.not_containing):
            return None
        rej = next((r for r in t.rejects if cand.endswith(r)), None)
        if rej is not None and len(rej) > len(suf):
            continue
        more = t.extend.get(suf, ())
        if end < len(name) and name[end] in more and name[end + 1 : end + 2] not in t.extend_unless:
            end += 1
        return end
    return None


def split_regions(name: str) -> tuple[tuple[str, ...], str]:
    """A cleaned name as (region segments, organ part)."""
    segs: list[str] = []
    pos = 0
    while pos < len(name):
        end = _region_end(name, pos, bool(segs))
        if end is None:
            break
        segs.append(name[pos:end])
        pos = end
    return tuple(segs), name[pos:]


def _type_of(organ: str) -> str:
    for t in tables().types:
        if organ in t.exact or any(organ.endswith(e) for e in t.endings):
            return t.id
    return tables().types[-1].id


def identify(name: str | None, within: str | None = None) -> OrganIdentity | None:
    """The identity of an organ's name; None for an empty name.

    A relative name (``县投资促进局``, no place of its own) is placed in ``within`` (the
    reading's region, e.g. ``砚山县``) when given: its leading level word is replaced.
    """
    ident = _identify(name or "")
    if ident is None or not ident.relative or not within:
        return ident
    place = _identify(within)
    if place is None or not place.regions:
        return ident
    t = tables()
    leading = ident.organ.startswith(t.relative_starts) and not ident.organ.startswith(t.level_words)
    rest = ident.organ[1:] if leading else ident.organ
    placed = _identify("".join(place.regions) + rest)
    return placed if placed is not None and not placed.relative else ident


@cache
def _identify(name: str) -> OrganIdentity | None:
    t = tables()
    s = clean(name)
    if t.drop_brackets:
        while _TRAILING.search(s) and not _TRAILING.fullmatch(s):
            s = _TRAILING.sub("", s)
    for short, full in t.abbreviations:
        s = s.replace(short, full)
    if not s:
        return None
    regions, organ = split_regions(s)
    organ = t.organ_alias.get(organ, organ)
    if not organ and regions:
        last = regions[-1]
        for suffixes, default in t.bare:
            if last.endswith(suffixes):
                organ = default
                break
    inner = regions[-1:] if regions else ()
    if inner and inner[0] in t.suffixes and len(regions) > 1:  # 苏州工业园区: 工业园区 alone names nothing
        inner = regions[-2:]
    key = "".join(inner) + organ
    relative = not regions and (organ.startswith(t.relative_starts) or organ in t.generic_organs)
    return OrganIdentity(
        id=key, name="".join(regions) + organ, regions=regions, organ=organ, type=_type_of(organ), relative=relative
    )


__all__ = ["OrganIdentity", "OrganType", "clean", "identify", "organ_type", "organ_types", "split_regions", "tables"]
