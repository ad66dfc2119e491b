"""What a site's pages say: a 年报栏目's list page (its report links, with the date listed beside
each, and the links to its other pages) and a report's page (its attachments, its publication
date, its title). Parsed with selectolax; the page's text decoded as the HTML reader decodes it
(BOM, UTF-8, the declared charset, GB2312/GBK as GB18030, else detected).

Pagination, in the forms 年报栏目 take: links reading 下一页/下页/尾页/末页/»/>, links whose text
is a page number, links to ``index_N.html`` (the CMS's page files), and the script that writes them
(``createPageHTML(total, current, "index", "html")``: pages ``index.html``, ``index_1.html`` …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from posixpath import splitext
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

# what an attachment's name ends with: the report formats ogi reads
ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".rtf", ".odt", ".jpg", ".jpeg", ".png", ".tif", ".tiff")
DEFAULT_MATCH = r"年度报告|年报"  # a link to a report, by its text
_NEXT = re.compile(r"^(?:[上下]一?页|[前后]一?页|尾页|末页|最后一?页|>|>>|»|›|next)$", re.IGNORECASE)
_PAGE_NO = re.compile(r"^\[?\d{1,4}\]?$")
_PAGE_FILE = re.compile(r"(?:^|/)index_\d+\.s?html?$", re.IGNORECASE)
_Q = "['\"]"
_CREATE_PAGE = re.compile(
    rf"createPageHTML\(\s*{_Q}?(\d+){_Q}?\s*,\s*{_Q}?(\d+){_Q}?\s*,\s*{_Q}([^'\"]+){_Q}\s*,\s*{_Q}([^'\"]+){_Q}"
)
_DATE = re.compile(r"(20\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATED = re.compile(r"(?:发布|公开|成文|上网|发表)?\s*(?:日期|时间)\s*[:：]?\s*" + _DATE.pattern)
_META_DATES = ("pubdate", "publishdate", "firstpublishedtime", "dc.date", "article:published_time")


def decode(data: bytes) -> str:
    """A page's text (see the module doc)."""
    from ogi.ingest.html import _decode  # the HTML reader's own decoding

    return _decode(data).text


@dataclass(slots=True)
class Link:
    url: str
    text: str
    date: str | None = None  # the date listed beside it (ISO day)


@dataclass(slots=True)
class ListPage:
    reports: list[Link] = field(default_factory=list)  # report pages, and files linked directly
    pages: list[str] = field(default_factory=list)  # the column's other list pages


@dataclass(slots=True)
class ReportPage:
    title: str | None
    published: str | None
    attachments: list[Link] = field(default_factory=list)


def _iso(m: re.Match[str]) -> str | None:
    y, mo, d = (int(x) for x in m.group(1, 2, 3))
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _clean_url(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    url = urljoin(base, href)
    u = urlsplit(url)
    if u.scheme not in ("http", "https"):
        return None
    return urlunsplit((u.scheme, u.netloc, u.path or "/", u.query, ""))  # without the fragment


def is_attachment(url: str, text: str = "") -> bool:
    """A link to a file ogi reads as a report: by the name its URL or its text ends with (a
    viewer's ``?file=…`` too)."""
    u = urlsplit(url)
    names = [u.path, text.strip()]
    names += [v for vs in parse_qs(u.query).values() for v in vs]
    return any(splitext(n.lower())[1] in ATTACHMENT_EXT for n in names if n)


def _viewer_file(url: str) -> str:
    """``/pdfjs/viewer.html?file=/a.pdf`` → the file's URL."""
    u = urlsplit(url)
    for v in parse_qs(u.query).get("file", []):
        if splitext(urlsplit(v).path.lower())[1] in ATTACHMENT_EXT:
            return urljoin(url, v)
    return url


def _text(node: object) -> str:
    t = node.text(separator="", strip=True) if node is not None else ""  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", t or "").strip()


def _title_attr(node: object) -> str:
    attrs = getattr(node, "attributes", {}) or {}
    return (attrs.get("title") or "").strip()


def list_page(data: bytes, url: str, match: str = DEFAULT_MATCH) -> ListPage:
    """A 年报栏目 list page's report links (by their text, ``match`` a regular expression) and its
    other pages (see the module doc)."""
    tree = LexborHTMLParser(decode(data))
    out = ListPage()
    want = re.compile(match)
    seen: set[str] = set()
    here = urlsplit(url)
    for a in tree.css("a[href]"):
        target = _clean_url(url, a.attributes.get("href"))
        if target is None:
            continue
        text = _text(a) or _title_attr(a)
        same_site = urlsplit(target).netloc == here.netloc
        if same_site and (_NEXT.match(text) or _PAGE_NO.match(text) or _PAGE_FILE.search(urlsplit(target).path)):
            if target != url and target not in out.pages:
                out.pages.append(target)
            continue
        label = " ".join(x for x in (text, _title_attr(a)) if x)
        if not want.search(label) or target in seen:
            continue
        seen.add(target)
        row = a.parent
        for _ in range(3):  # the list item holding the link, and the date beside it
            if row is None or row.tag in ("li", "tr", "dd", "p"):
                break
            row = row.parent
        m = _DATE.search(_text(row) if row is not None else "")
        out.reports.append(Link(_viewer_file(target), text or label, _iso(m) if m else None))
    for script in tree.css("script"):
        m = _CREATE_PAGE.search(script.text() or "")
        if m:
            total, name, ext = int(m.group(1)), m.group(3), m.group(4)
            for i in range(total):
                page = urljoin(url, f"{name}.{ext}" if i == 0 else f"{name}_{i}.{ext}")
                if page != url and page not in out.pages:
                    out.pages.append(page)
    return out


def report_page(data: bytes, url: str) -> ReportPage:
    """A report's page: its title, its publication date (a ``<meta name="PubDate">``, else the
    first 发布日期/发布时间/日期 line of its text), its attachments (links, viewers' frames)."""
    tree = LexborHTMLParser(decode(data))
    published = None
    for m in tree.css("meta[name], meta[property]"):
        name = (m.attributes.get("name") or m.attributes.get("property") or "").lower()
        if name in _META_DATES:
            d = _DATE.search(m.attributes.get("content") or "")
            if d and (published := _iso(d)):
                break
    body = tree.body
    if published is None and body is not None:
        d = _DATED.search(body.text(separator="\n"))
        published = _iso(d) if d else None
    title = None
    for sel in ('meta[name="ArticleTitle"]', "h1", "title"):
        node = tree.css_first(sel)
        if node is not None:
            title = (node.attributes.get("content") if node.tag == "meta" else _text(node)) or None
            if title:
                break
    atts: list[Link] = []
    seen: set[str] = set()
    for node in tree.css("a[href], iframe[src], embed[src], object[data]"):
        ref = node.attributes.get("href") or node.attributes.get("src") or node.attributes.get("data")
        target = _clean_url(url, ref)
        if target is None:
            continue
        text = _text(node) if node.tag == "a" else ""
        if not is_attachment(target, text):
            continue
        target = _viewer_file(target)
        if target in seen:
            continue
        seen.add(target)
        atts.append(Link(target, text or splitext(urlsplit(target).path)[0].rsplit("/", 1)[-1], published))
    return ReportPage(title, published, atts)
