"""Who must report: a region's list of organs (CSV or XLSX), as a supervising office keeps it.

One row per organ: its name, the short names its reports may print (``县教育局``), its level
(省/市/县/乡, as the office writes it), its parent (the organ or region it reports to) and its kind
— 政府 (a local government), 部门 (a department) or 乡镇 (a town or street) — which sets its
publication deadline (条例 第四十九条; the kinds and their deadlines are template data, the
``[[deadline]]`` entries of ``formats.toml``). A missing kind is taken from the name, as
``published.late`` takes it.

>>> rows = read_organ_list("机关,简称,层级,上级,类型\\n某县教育局,县教育局,县,某县人民政府,部门\\n".encode(), "a.csv")
>>> rows[0].kind, rows[0].short
('department', ('县教育局',))

:func:`hierarchy_from_list` turns the list into the hierarchy a roll-up counts against
(:func:`ogi.corpus.rollup.rollup`): only listed organs are expected to report.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ogi.corpus.identity import identify
from ogi.errors import InputError
from ogi.template import Deadline, spec

MAX_ROWS = 20_000  # organs in one list (a province's departments, towns and streets)
MAX_BYTES = 16 * 1024 * 1024

# Column headers, by what they hold (header cells are matched after removing spaces, lower case).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("机关", "机关名称", "名称", "单位", "单位名称", "报送机关", "organ", "name"),
    "short": ("简称", "别名", "其他名称", "简称别名", "short", "short_names", "aliases"),
    "level": ("层级", "级别", "行政级别", "level"),
    "parent": ("上级", "上级机关", "上级单位", "所属", "所属地区", "所属机关", "parent"),
    "kind": ("类型", "类别", "机关类型", "性质", "kind", "type"),
}
_SPLIT = re.compile(r"[、，,；;|/\s]+")


@dataclass(frozen=True, slots=True)
class ListedOrgan:
    """One organ of a list. ``kind`` is a deadline kind id (``government``, ``department``,
    ``township``); ``row`` the 1-based row of the file it came from."""

    name: str
    short: tuple[str, ...] = ()
    level: str | None = None
    parent: str | None = None
    kind: str = "department"
    row: int = 0

    @property
    def deadline(self) -> Deadline | None:
        return spec().deadline_of_kind(self.kind)

    def due(self, year: int) -> date | None:
        """The day its report on ``year`` must be published by; None when no deadline is set."""
        d = self.deadline
        return d.for_year(year) if d else None

    @property
    def kind_name(self) -> str:
        d = self.deadline
        return d.organs if d else self.kind

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "short": list(self.short),
            "level": self.level,
            "parent": self.parent,
            "kind": self.kind,
            "kind_name": self.kind_name,
        }


def kinds() -> dict[str, str]:
    """Kind id → the organs it names (县级以上地方人民政府 …), from the template's deadlines."""
    return {d.kind: d.organs for d in spec().deadlines if d.kind}


def as_listed(name: str, listed: dict[str, str], region: str | None = None) -> str:
    """``name`` as the organ list names its organ: a short name the list gives (县教育局, by its
    identity; ``listed``: short name's identity → the organ's name in the list, as
    :meth:`ogi.store.Store.listed_short_names` gives it) becomes the organ's name; any other stays."""
    ident = identify(name, region) if name and listed else None
    return listed.get(ident.id, name) if ident is not None else name


def _kind(value: str, name: str, row: int) -> str:
    if value.strip():
        d = spec().deadline_of_kind(value)
        if d is None:
            names = "、".join(n for d in spec().deadlines for n in d.names[:2])
            raise InputError(f"机关名单第{row}行：类型「{value.strip()}」无法识别（可填：{names}）")
        return d.kind
    d = spec().deadline(name)
    return d.kind if d and d.kind else "department"


def _rows_csv(data: bytes) -> list[list[str]]:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes every byte string; kept for the type checker
        raise InputError("机关名单无法解码（应为 UTF-8 或 GBK 编码的 CSV）")
    if "\x00" in text:
        raise InputError("机关名单不是文本（CSV）或 Excel 文件")
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):  # one column only: the default
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    return [[c.strip() for c in r] for r in csv.reader(io.StringIO(text), dialect)]


def _rows_xlsx(data: bytes) -> list[list[str]]:
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - a corpus install has it
        raise InputError("读取 Excel 机关名单需要 openpyxl：pip install 'ogi-reports[corpus]'") from e
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged workbook
        raise InputError(f"Excel 机关名单无法打开：{type(e).__name__}") from None
    try:
        ws = wb.worksheets[0]
        out = []
        for r in ws.iter_rows(values_only=True):
            out.append(["" if v is None else str(v).strip() for v in r])
            if len(out) > MAX_ROWS + 1:
                break
        return out
    finally:
        wb.close()


def _columns(header: list[str]) -> dict[str, int] | None:
    """Which column holds what, when ``header`` is a header row (it names the organ column)."""
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        h = re.sub(r"\s+", "", cell).lower()
        for what, names in HEADERS.items():
            if h in names and what not in cols:
                cols[what] = i
    return cols if "name" in cols else None


def read_organ_list(data: bytes, filename: str = "") -> list[ListedOrgan]:
    """The organs of a list: CSV (UTF-8 or GBK; comma, tab or semicolon) or XLSX (its first sheet).

    A header row names the columns (:data:`HEADERS`, Chinese or English); without one the columns
    are taken in the order 机关, 简称, 层级, 上级, 类型. Short names are separated by 、，,;| or
    spaces. Raises :class:`ogi.errors.InputError` (in Chinese, naming the row) for an unreadable
    file, a row without a name, an unknown kind, a name listed twice, no organ at all, or more than
    :data:`MAX_ROWS` organs."""
    if len(data) > MAX_BYTES:
        raise InputError(f"机关名单过大（上限 {MAX_BYTES // (1024 * 1024)} MB）")
    if not data.strip():
        raise InputError("机关名单为空")
    is_xlsx = data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))
    rows = _rows_xlsx(data) if is_xlsx else _rows_csv(data)
    numbered = [(i, r) for i, r in enumerate(rows, 1) if any(c for c in r)]
    if not numbered:
        raise InputError("机关名单为空")
    cols = _columns(numbered[0][1])
    if cols is not None:
        numbered = numbered[1:]
    else:
        cols = {"name": 0, "short": 1, "level": 2, "parent": 3, "kind": 4}
    if not numbered:
        raise InputError("机关名单中没有机关（只有表头）")
    if len(numbered) > MAX_ROWS:
        raise InputError(f"机关名单超过 {MAX_ROWS} 个机关")

    def cell(r: list[str], what: str) -> str:
        i = cols.get(what)
        return r[i].strip() if i is not None and i < len(r) else ""

    out: list[ListedOrgan] = []
    seen: dict[str, int] = {}
    for i, r in numbered:
        name = cell(r, "name")
        if not name:
            raise InputError(f"机关名单第{i}行缺少机关名称")
        ident = identify(name)
        key = ident.id if ident else name
        if key in seen:
            raise InputError(f"机关名单第{i}行：「{name}」与第{seen[key]}行是同一机关")
        seen[key] = i
        short = tuple(s for s in _SPLIT.split(cell(r, "short")) if s and s != name)
        out.append(
            ListedOrgan(
                name=name,
                short=short,
                level=cell(r, "level") or None,
                parent=cell(r, "parent") or None,
                kind=_kind(cell(r, "kind"), name, i),
                row=i,
            )
        )
    return out


__all__ = ["HEADERS", "ListedOrgan", "kinds", "read_organ_list"]
