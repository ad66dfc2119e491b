"""The office's rule pack and the scores it gives: ``/rules`` (the pack in force; an admin sets the
office's own, or goes back to the national rules) and ``/rankings`` (every report's score under it,
ranked per region and year, the deductions itemised). A report's page shows its score and its
findings as the pack says them (:func:`pack_of`, used by :mod:`ogi.web.reports`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ogi.store import PACK_SETTING
from ogi.template import rule, severity_labels, spec
from ogi.template.packs import Pack, PackError, national, pack_file, parse_pack
from ogi.web.deps import Refused, Text, View, Year, audit, check_csrf, need, resource, store

router = APIRouter(tags=["scores"])


def pack_of(request: Request) -> Pack:
    """The pack the office set (the national rules when none)."""
    return store(request).office_pack()


def pack_view(pack: Pack) -> dict[str, Any]:
    """A pack as the page and its ``.json`` show it: name, basis, full, every rule with its severity
    under the pack and whether it is checked, the deadlines and the deductions."""
    sev = severity_labels()
    rules = []
    for rid, r in spec().rules.items():
        s = pack.setting(rid)
        rules.append(
            {
                "rule": rid,
                "title": r.title,
                "enabled": s.enabled,
                "severity": pack.severity(rid),
                "severity_label": sev[pack.severity(rid)],
                "changed": (s.severity is not None and s.severity != r.severity) or not s.enabled,
                "basis": s.basis or rule(rid).basis_for(None),
            }
        )
    return {
        "id": pack.id,
        "name": pack.name,
        "basis": pack.basis,
        "full": pack.full,
        "national": pack.national,
        "rules": rules,
        "deadlines": [
            {"organs": d.deadline.organs, "month": d.deadline.month, "day": d.deadline.day, "basis": d.basis}
            for d in pack.deadlines
        ],
        "deductions": [
            {
                "label": d.label,
                "points": d.points,
                "rule": d.rule,
                "severity": d.severity,
                "keys": list(d.keys),
                "per": d.per,
                "above": d.above,
                "max": d.max,
            }
            for d in pack.deductions
        ],
    }


@resource(router, "/rules", summary="The rule pack in force: rules, severities, deadlines, deductions")
def rules_page(request: Request) -> View:
    s = need(request)
    pack = pack_of(request)
    example = pack_file("example-local").read_text("utf-8")
    page = {"text": pack.text if not pack.national else example, "can_edit": s.can("admin")}
    return View("rules.html", pack_view(pack), page)


def set_pack(request: Request, text: str | None) -> Pack:
    """Set the office's pack from its TOML text (None or empty: the national rules). Refuses (400)
    a text that is not a valid pack, saying what is wrong. The change is in the audit log."""
    need(request, "admin")
    if not text or not text.strip():
        store(request).set_setting(PACK_SETTING, None)
        audit(request, "rule_pack_set", national().id)
        return national()
    try:
        pack = parse_pack(text, "规则包")
    except PackError as e:
        raise Refused(400, e.message) from None
    store(request).set_setting(PACK_SETTING, text)
    audit(request, "rule_pack_set", pack.id)
    return pack


@router.post("/rules", include_in_schema=False)
def rules_set(
    request: Request,
    text: Annotated[str, Form()] = "",
    reset: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    need(request, "admin")
    check_csrf(request, csrf)
    set_pack(request, None if reset else text)
    return RedirectResponse("/rules", status_code=303)


@router.post("/rules.json", summary='Set the office\'s rule pack: {"text": TOML} (empty: the national rules; admin)')
def rules_set_json(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    need(request, "admin")
    check_csrf(request, None)
    return pack_view(set_pack(request, str(body.get("text") or "")))


@resource(router, "/rankings", summary="Scores under the office's rule pack, ranked per region and year")
def rankings(request: Request, year: Year = None, region: Text = None) -> View:
    need(request)
    pack = pack_of(request)
    st = store(request)
    st.score_all(pack)  # only readings whose findings changed since are scored again
    rows = st.rankings(pack, year=year, region=region or None)
    data = {"pack": {"id": pack.id, "name": pack.name, "full": pack.full}, "rankings": rows}
    return View("rankings.html", data, {"p": {"year": str(year or ""), "region": region or ""}})


__all__ = ["pack_of", "pack_view", "router"]
