"""The four tables, readable in a terminal (rich)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table as RichTable
from rich.text import Text

from ogi.model import Report
from ogi.template import Template, fields, fmt_number

_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def _fmt(v: object) -> str:
    return fmt_number(v, "—")


def render_tables(report: Report) -> Group:
    tpl: Template = report.format
    flagged: dict[str, str] = {}
    for f in report.findings:
        for k in f.keys:
            if f.severity == "error" or k not in flagged:
                flagged[k] = f.severity
    parts: list[object] = []
    head = Text()
    head.append(f"{report.source.path or '(text)'}\n", style="bold")
    head.append("  ".join(f"{f.label} {_fmt(getattr(report, f.id))}" for f in fields()))
    parts.append(head)
    for t in tpl.tables:
        rt = RichTable(title=t.heading, title_justify="left", show_lines=False, expand=False)
        if t.columns:
            rt.add_column("", no_wrap=True, max_width=28)
            for c in t.columns:
                rt.add_column(c.label, justify="right")
        else:
            rt.add_column("")
            width = max(len(r.columns) for r in t.rows)
            for i in range(width):
                rt.add_column(str(i + 1), justify="right")
        for r in t.rows:
            vals = []
            for c in r.columns:
                k = f"{t.id}.{r.key}.{c.key}"
                v = report.cells.get(k)
                txt = f"{c.label}={_fmt(v)}" if not t.columns else _fmt(v)
                style = _STYLE.get(flagged.get(k, ""), "")
                if v is None and k in report.inferred:
                    txt = f"({_fmt(report.inferred[k])})"
                    style = "italic magenta"
                vals.append(Text(txt, style=style))
            rt.add_row(r.label if t.columns else f"{r.label}", *vals)
        parts.append(rt)
    if report.findings:
        ft = Text()
        for f in report.findings:
            ft.append(f"[{f.severity}] {f.rule}: ", style=_STYLE.get(f.severity, ""))
            ft.append(f.message + "\n")
        parts.append(ft)
    return Group(*parts)  # type: ignore[arg-type]


def print_tables(report: Report, console: Console) -> None:
    console.print(render_tables(report))
