"""Two readings side by side: every changed value, each side's findings, and the prose changes.

Works on readings (:class:`ogi.model.Report`, from ``ogi.read`` or from the store), so the same
comparison serves files, stored reports and the web app.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ogi.model import Report
from ogi.template import all_keys, fields, key_labels, spec, whole
from ogi.template.text import fmt_number

_SENTENCE = re.compile(r"(?<=[。；;！？!?])")
_SENTENCE_END = re.compile(r"[。；;！？!?]$")


def _side(r: Report, rid: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {"path": r.source.path, "sha256": r.source.sha256}
    if rid is not None:
        out["id"] = rid
    return out | r.fields()


def _sentences(text: str | None, prose_only: bool = False) -> list[str]:
    """Sentences of a section, one per line; in a section holding a table, only the sentences that
    end like prose (table rows are compared as values, not as text)."""
    if not text:
        return []
    out: list[str] = []
    for para in text.splitlines():
        out.extend(s for s in _SENTENCE.split(para.strip()) if s and (not prose_only or _SENTENCE_END.search(s)))
    return out


def _table_sections(*tids: str | None) -> set[str]:
    return {t.section for tid in tids if tid in spec().templates for t in spec().templates[tid].tables}


def _fid(f: dict[str, Any]) -> tuple[str, str, tuple[str, ...]]:
    return (f["rule"], f.get("scope", "report"), tuple(f.get("keys") or ()))


def _decimals(v: float) -> int:
    t = fmt_number(v)
    return len(t) - t.index(".") - 1 if "." in t else 0


def difference(a: float, b: float) -> int | float:
    """``b - a`` with the values' own precision: 20000.5 → 32702.47 is +12701.97 (never
    12701.970000000001, nor a rounded 12702); between whole numbers, a whole number."""
    places = max(_decimals(a), _decimals(b))
    d = round(b - a, places)
    return whole(d) if places == 0 else d


def signed(v: float | None) -> str:
    """A change as shown: ``+12701.97``, ``-3``, ``0`` (every decimal the values have)."""
    if v is None:
        return ""
    t = fmt_number(v)
    return t if t.startswith("-") or v == 0 else "+" + t


def diff_reports(
    a: Report, b: Report, *, context: int = 0, ids: tuple[int | None, int | None] = (None, None)
) -> dict[str, Any]:
    """The differences from reading ``a`` to reading ``b`` (``ids``: their ids in a store).

    Returns ``{"a", "b", "meta", "changed", "findings", "sections"}``: ``changed`` lists
    ``{"key", "label", "a", "b", "change"}`` for every key whose value differs (a key missing on one
    side has ``None`` there; ``change`` is ``b - a`` when both are numbers), in template order;
    ``findings`` has each side's findings and those only one side raises (same rule and keys);
    ``sections`` lists the
    sections whose text differs, with a sentence-level unified diff.
    """
    ca, cb = a.cells, b.cells
    labels = key_labels()
    order = {k: i for i, k in enumerate(all_keys())}
    changed = []
    for k in sorted(set(ca) | set(cb), key=lambda k: (order.get(k, 10**6), k)):
        va, vb = ca.get(k), cb.get(k)
        if va == vb and (k in ca) == (k in cb):
            continue
        if va == vb:  # None on both sides, the key only in one template
            continue
        change = difference(va, vb) if isinstance(va, int | float) and isinstance(vb, int | float) else None
        changed.append({"key": k, "label": labels.get(k, k), "a": va, "b": vb, "change": change})
    fa, fb = [f.to_dict() for f in a.findings], [f.to_dict() for f in b.findings]
    ra, rb = {_fid(f) for f in fa}, {_fid(f) for f in fb}
    sa, sb = a.sections, b.sections
    tables = _table_sections(a.template, b.template)
    secs = []
    for name in list(dict.fromkeys([*sa, *sb])):
        ta, tb = sa.get(name), sb.get(name)
        if (ta or "").strip() == (tb or "").strip():
            continue
        la, lb = _sentences(ta, name in tables), _sentences(tb, name in tables)
        if la == lb:
            continue
        lines = list(difflib.unified_diff(la, lb, f"a/{name}", f"b/{name}", n=context, lineterm=""))
        ratio = difflib.SequenceMatcher(None, ta or "", tb or "", autojunk=False).quick_ratio()
        secs.append(
            {
                "name": name,
                "a_chars": len(ta or ""),
                "b_chars": len(tb or ""),
                "similarity": round(ratio, 3),
                "diff": lines,
            }
        )
    return {
        "a": _side(a, ids[0]),
        "b": _side(b, ids[1]),
        "meta": {f.id: {"a": va, "b": vb} for f in fields() if (va := getattr(a, f.id)) != (vb := getattr(b, f.id))},
        "changed": changed,
        "findings": {
            "a": fa,
            "b": fb,
            "only_a": [f for f in fa if _fid(f) not in rb],  # resolved in b
            "only_b": [f for f in fb if _fid(f) not in ra],  # new in b
        },
        "sections": secs,
    }


def render_text(d: dict[str, Any]) -> str:
    """The diff as plain text for a terminal or a file."""
    out: list[str] = []
    for side in ("a", "b"):
        s = d[side]
        ident = f"#{s['id']} " if s.get("id") is not None else ""
        out.append(f"{side.upper()}: {ident}{s['path']}  {s['template']}版 {s['year']}年 {s['agency'] or '机关未识别'}")
    for k, v in d["meta"].items():
        out.append(f"  {k}: {v['a']} → {v['b']}")
    out.append("")
    out.append(f"数值变化 {len(d['changed'])} 项 (changed values)")
    if d["changed"]:
        w = max(len(c["key"]) for c in d["changed"])
        for c in d["changed"]:
            ch = c["change"]
            chs = signed(ch)
            va, vb = fmt_number(c["a"], "—"), fmt_number(c["b"], "—")
            out.append(f"  {c['key']:<{w}}  {va:>10} → {vb:<10} {chs:>8}  {c['label']}")
    out.append("")
    for side, name, mark in (("a", "A", "-"), ("b", "B", "+")):
        fs = d["findings"][side]
        only = {id(f) for f in d["findings"]["only_" + side]}
        out.append(f"{name} 的问题 {len(fs)} 项 (findings; {mark} only in {name})")
        for f in fs:
            scope = f" [{f['scope']}]" if f.get("scope") else ""
            m = mark if id(f) in only else " "
            out.append(f" {m}{f['severity']:<7} {f['rule']}{scope}  {f['message']}")
    out.append("")
    out.append(f"文字变化 {len(d['sections'])} 节 (prose sections changed)")
    for s in d["sections"]:
        out.append(f"  第{s['name']}节: {s['a_chars']} → {s['b_chars']} 字, 相似度 {s['similarity']:.0%}")
        for line in s["diff"]:
            if line.startswith(("---", "+++")):
                continue
            out.append(f"    {line}")
    return "\n".join(out) + "\n"
