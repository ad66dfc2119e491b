"""Plain data objects for the template, loaded from ``formats.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

Kind = Literal["count", "amount", "change"]
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True, eq=False)
class Column:
    key: str
    label: str
    kind: Kind = "count"
    unit: str | None = None
    group: str | None = None
    variants: tuple[str, ...] = ()
    as_printed: bool = False  # a value printed in another unit than ``unit`` is kept as printed (not converted)
    said: tuple[str, ...] = ()  # what prose calls the column's count besides its label (企业申请3件: 商业企业)


@dataclass(frozen=True, slots=True, eq=False)
class Row:
    key: str
    label: str
    columns: tuple[Column, ...]
    group: str | None = None
    short: str | None = None
    outcome: bool = False
    signs: tuple[str, ...] = ()
    stands_for: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        """The label a clerk recognises: group and row, as printed."""
        if self.group and not self.label.startswith(self.group):
            return f"{self.group}{self.label}"
        return self.label


@dataclass(frozen=True, slots=True, eq=False)
class Table:
    id: str
    number: str
    title: str
    section: str
    rows: tuple[Row, ...]
    anchors: tuple[str, ...] = ()
    layout: str = "rows"
    deviations: tuple[Row, ...] = ()
    own_columns: tuple[str, ...] = ()  # headings of columns some reports add that the format lacks (小计)
    after_columns: tuple[str, ...] = ()  # and of those they add after its last (上年总计, 同比增减)
    own_rows: tuple[str, ...] = ()  # labels of rows some reports add that the format lacks (a 合计 of table 2's)
    # the columns shared by every row (tables 3 and 4); empty for table 2 (worked out on construction)
    columns: tuple[Column, ...] = field(init=False)

    def __post_init__(self) -> None:
        first = self.rows[0].columns if self.rows else ()
        object.__setattr__(self, "columns", first if all(r.columns == first for r in self.rows) else ())

    @property
    def name(self) -> str:
        """The table as messages name it: 表三."""
        return f"表{self.number}"

    @property
    def heading(self) -> str:
        return f"{self.name}「{self.title}」"

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        for r in self.deviations:
            if r.key == key:
                return r
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class Key:
    """One value of the template: ``table.row.column``."""

    key: str
    table: Table
    row: Row
    column: Column

    @property
    def label(self) -> str:
        """Chinese label as a clerk reads it, e.g. 表三「(一)予以公开」「自然人」."""
        return f"{self.table.name}「{self.row.display}」「{self.column.label}」"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule a report is held to: its severity, title, the source it rests on (``basis``) and
    its message template (see ``formats.toml``); ``params`` holds what a rule's check reads
    besides (rows, sections, thresholds)."""

    id: str
    severity: Severity
    title: str
    table: str | None = None
    each: str | None = None
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    explain: str | None = None
    needs: str | None = None
    left_text: str | None = None
    right_text: str | None = None
    basis: str | None = None
    message: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def say(self, **fields: Any) -> str:
        """The rule's message with its named fields filled in (:func:`ogi.template.text.fill`);
        ``title`` and ``explain`` are the rule's own. Raises KeyError for a field not given."""
        from ogi.template.text import fill

        if self.message is None:
            raise KeyError(f"rule {self.id} has no message template")
        return fill(self.message, {"title": self.title, "explain": self.explain, **fields})

    def part(self, **fields: Any) -> str:
        """The rule's ``part`` template filled in (a piece of a message said once per item)."""
        return self.text("part", **fields)

    def text(self, name: str, **fields: Any) -> str:
        """Another of the rule's templates (a piece of its message, by name) filled in. Raises
        KeyError for a name the rule does not have, or a field not given."""
        from ogi.template.text import fill

        return fill(self.params[name], fields)

    def basis_for(self, tpl: Template | None) -> str | None:
        """What the rule rests on, for a report of format ``tpl``: ``{notice}`` is that format's
        notice (none when the format is not known), ``{formats}`` every format with its years."""
        if self.basis is None:
            return None
        formats = "、".join(
            f"{t.notice}（{t.first_year}{f'—{t.last_year}' if t.last_year else ''}年度{'' if t.last_year else '起'}）"
            for t in spec().templates.values()
        )
        return self.basis.format(notice=tpl.notice if tpl else "年度报告格式", formats=formats)


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    keywords: tuple[str, ...]
    role: str | None = None  # what the reader looks in it for: 'overview' (一: the year reported on)


FieldType = Literal["text", "int", "date", "interval"]


@dataclass(frozen=True, slots=True)
class Field:
    """What a reading states about its report beside the values (``[[field]]``): an attribute of
    :class:`ogi.model.Report`, a column of the store, of the exports and a line of the pages."""

    id: str
    label: str
    type: FieldType = "text"


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    title: str
    notice: str
    first_year: int
    last_year: int | None
    markers: tuple[str, ...]
    tables: tuple[Table, ...]
    keys: dict[str, Key] = field(default_factory=dict)

    def table(self, tid: str) -> Table:
        for t in self.tables:
            if t.id == tid:
                return t
        raise KeyError(tid)

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


def _columns(spec: dict[str, Any]) -> tuple[Column, ...]:
    out = []
    for key, c in spec.items():
        out.append(
            Column(
                key=key,
                label=c["label"],
                kind=c.get("kind", "count"),
                unit=c.get("unit"),
                group=c.get("group"),
                variants=tuple(c.get("variants", ())),
                as_printed=c.get("as_printed", False),
                said=tuple(c.get("said", ())),
            )
        )
    return tuple(out)


def _row(spec: dict[str, Any], cols: tuple[Column, ...]) -> Row:
    return Row(
        key=spec["key"],
        label=spec["label"],
        columns=cols,
        group=spec.get("group"),
        short=spec.get("short"),
        outcome=spec.get("outcome", False),
        signs=tuple(spec.get("signs", ())),
        stands_for=tuple(spec.get("stands_for", ())),
    )


@dataclass(frozen=True, slots=True)
class Measure:
    """A figure the prose states, and the table values it must agree with: the sum of ``keys``,
    or of one of the ``alternatives`` (受理N件 may count the applications carried in). A
    measure is met when every group of ``words`` has a word present, or one of ``patterns``
    (regular expressions) matches."""

    id: str
    words: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]
    not_words: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, ...], ...] = ()
    patterns: tuple[str, ...] = ()
    share_of: tuple[tuple[str, ...], ...] = ()  # sums a share printed after the figure may be of
    other_years: tuple[int, ...] = ()  # years its words may name besides the report's (-1: the year before)
    # words of a note in brackets after the figure that make it count more (含上年结转), and the sums it may then be
    noted: tuple[str, ...] = ()
    noted_alternatives: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Rate:
    """A rate the prose states without a count (申请公开率…为47.2%): met by one of ``words`` (none of
    ``not_words`` in its clause); it agrees when the sum of one of ``parts`` is that share, in per cent, of the sum
    of one of ``share_of``."""

    id: str
    words: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]
    share_of: tuple[tuple[str, ...], ...]
    not_words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Negation:
    """A sentence saying nothing happened: its keys must all be 0."""

    id: str
    pattern: str
    keys: tuple[str, ...]
    unless: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit a value may be printed with (``件``, ``万元`` …). ``factor``: a money unit's size in
    the smallest (元 = 1, 万元 = 10000), None for a counting unit; ``header``: how a column header
    states it (a regular expression, e.g. ``单位:?元|\\(元\\)``), None when no header does."""

    name: str
    factor: int | None = None
    header: str | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    """When organs whose name matches ``pattern`` must publish the report on year Y:
    ``month``/``day`` of Y+1; None when no deadline is set for them."""

    organs: str
    pattern: str
    month: int | None = None
    day: int | None = None
    kind: str = ""  # township, government, department: what an organ list calls the organ
    names: tuple[str, ...] = ()  # the kind's Chinese names an organ list may give

    def for_year(self, year: int) -> date | None:
        return date(year + 1, self.month, self.day) if self.month and self.day else None


@dataclass(frozen=True, slots=True)
class Spec:
    """Everything in formats.toml."""

    templates: dict[str, Template]  # by format id, in the file's order (the newest first)
    rules: dict[str, Rule]
    sections: tuple[Section, ...]
    fields: tuple[Field, ...] = ()
    severities: dict[str, str] = field(default_factory=dict)  # severity → its Chinese name
    measures: tuple[Measure, ...] = ()
    rates: tuple[Rate, ...] = ()
    negations: tuple[Negation, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    units: tuple[Unit, ...] = ()  # in the order a column header is searched for them (万元 before 元)

    def section_id(self, role: str) -> str:
        """The id of the section the template gives ``role`` ('overview': 总体情况). Raises
        KeyError for a role no section has."""
        for sec in self.sections:
            if sec.role == role:
                return sec.id
        raise KeyError(role)

    def deadline(self, organ: str) -> Deadline | None:
        """The publication deadline that applies to an organ, by its name."""
        return next((d for d in self.deadlines if re.search(d.pattern, organ)), None)

    def deadline_of_kind(self, kind: str) -> Deadline | None:
        """The deadline of a kind of organ, by its id (``government``) or any of its names (``部门``)."""
        k = kind.strip().lower()
        return next((d for d in self.deadlines if k == d.kind or k in d.names), None)


@cache
def spec() -> Spec:
    raw = tomllib.loads(resources.files("ogi.template").joinpath("formats.toml").read_text("utf-8"))
    column_sets = {name: _columns(c) for name, c in raw["columns"].items()}
    templates: dict[str, Template] = {}
    for tid, f in raw["format"].items():
        tables = []
        for t in f["table"]:
            shared = t.get("columns")
            specs = [r for item in t["rows"] for r in (raw["rowset"][item[1:]] if isinstance(item, str) else [item])]
            rows = tuple(_row(r, column_sets[r.get("columns", shared)]) for r in specs)
            devs = tuple(_row(r, column_sets[shared]) for r in t.get("deviations", ()))
            tables.append(
                Table(
                    id=t["id"],
                    number=t["number"],
                    title=t["title"],
                    section=t["section"],
                    rows=rows,
                    anchors=tuple(t.get("anchors", ())),
                    layout=t.get("layout", "rows"),
                    deviations=devs,
                    own_columns=tuple(t.get("own_columns", ())),
                    after_columns=tuple(t.get("after_columns", ())),
                    own_rows=tuple(t.get("own_rows", ())),
                )
            )
        tpl = Template(
            id=tid,
            title=f["title"],
            notice=f["notice"],
            first_year=f["first_year"],
            last_year=f.get("last_year"),
            markers=tuple(f["markers"]),
            tables=tuple(tables),
        )
        for t in tpl.tables:
            for r in t.rows:
                for c in r.columns:
                    k = f"{t.id}.{r.key}.{c.key}"
                    tpl.keys[k] = Key(k, t, r, c)
        templates[tid] = tpl
    rules = {}
    known = set(Rule.__dataclass_fields__) - {"params"}
    equation_message = raw.get("equation", {}).get("message")  # the message every equation rule says
    for r in raw["rule"]:
        rules[r["id"]] = Rule(
            id=r["id"],
            severity=r["severity"],
            title=r["title"],
            table=r.get("table"),
            each=r.get("each"),
            left=tuple(r.get("left", ())),
            right=tuple(r.get("right", ())),
            explain=r.get("explain"),
            needs=r.get("needs"),
            left_text=r.get("left_text"),
            right_text=r.get("right_text"),
            basis=r.get("basis"),
            message=r.get("message", equation_message if r.get("each") else None),
            params={k: v for k, v in r.items() if k not in known},
        )
    sections = tuple(Section(s["id"], s["title"], tuple(s["keywords"]), s.get("role")) for s in raw["section"])
    measures = tuple(
        Measure(
            m["id"],
            tuple(tuple(g) for g in m.get("words", ())),
            tuple(m["keys"]),
            tuple(m.get("not", ())),
            tuple(tuple(a) for a in m.get("alternatives", ())),
            tuple(m.get("patterns", ())),
            tuple(tuple(a) for a in m.get("share_of", ())),
            tuple(m.get("other_years", ())),
            tuple(m.get("noted", ())),
            tuple(tuple(a) for a in m.get("noted_alternatives", ())),
        )
        for m in raw.get("measure", ())
    )
    rates = tuple(
        Rate(
            r["id"],
            tuple(r["words"]),
            tuple(tuple(p) for p in r["parts"]),
            tuple(tuple(b) for b in r["share_of"]),
            tuple(r.get("not", ())),
        )
        for r in raw.get("rate", ())
    )
    negations = tuple(
        Negation(n["id"], n["pattern"], tuple(n["keys"]), tuple(n.get("unless", ()))) for n in raw.get("negation", ())
    )
    deadlines = tuple(
        Deadline(d["organs"], d["pattern"], d.get("month"), d.get("day"), d.get("kind", ""), tuple(d.get("names", ())))
        for d in raw.get("deadline", ())
    )
    fields = tuple(Field(f["id"], f["label"], f.get("type", "text")) for f in raw.get("field", ()))
    units = tuple(Unit(u["name"], u.get("factor"), u.get("header")) for u in raw.get("unit", ()))
    return Spec(
        templates=templates,
        rules=rules,
        sections=sections,
        fields=fields,
        severities=dict(raw.get("severity", {})),
        measures=measures,
        rates=rates,
        negations=negations,
        deadlines=deadlines,
        units=units,
    )
