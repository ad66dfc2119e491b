"""The web application: check uploaded reports, review findings, browse the corpus.

``create_app(db_url)`` returns a FastAPI app; ``ogi serve`` runs it with uvicorn. One route per
resource, uploads and stored reports alike; every page is server-rendered (Jinja2, in Chinese) and
its data is the same path with ``.json`` (the OpenAPI schema at ``/openapi.json`` lists those).
Everything is kept in the store (:mod:`ogi.store`); uploads are read by the runner's worker
processes (:mod:`ogi.runner.uploads`), never in this process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import AsyncIterator
from importlib import resources
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ogi import __version__
from ogi.export.notices import beijing
from ogi.runner.uploads import UploadReader
from ogi.store import LastAdmin, Store, WriteConflict, resolve_url
from ogi.template import fmt_number, key_label
from ogi.web import accounts, admin, browse, fetches, notices, organlist, problemlist, reports, scores, uploads
from ogi.web.auth import Guard, Session, SessionMiddleware, Sessions
from ogi.web.corpus import Corpus, finding_words, rule_title
from ogi.web.deps import Denied, Refused, need, wants_json
from ogi.web.headers import SecurityHeaders
from ogi.web.housekeeping import Housekeeper
from ogi.web.pagecache import PageCache

log = logging.getLogger("ogi.web")

GENERIC = {
    400: "提交的内容无法解析。粘贴的文本不能超过 1 MB，较大的报告请以文件上传。",
    404: "页面或记录不存在。",
    405: "不支持该操作。",
    413: "上传的内容过大。",
}

# what a parameter's validation error says (pydantic's error types), in Chinese
PROBLEMS = {
    "missing": "缺少",
    "int_parsing": "须为整数",
    "int_from_float": "须为整数",
    "float_parsing": "须为数字",
    "finite_number": "须为有限的数字",
    "bool_parsing": "须为是或否",
    "less_than_equal": "过大",
    "less_than": "过大",
    "greater_than_equal": "过小",
    "greater_than": "过小",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "too_long": "过多",
    "literal_error": "不是可选的值",
    "enum": "不是可选的值",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "格式不对",
    "dict_type": "格式不对",
    "list_type": "格式不对",
    "string_type": "须为文字",
    "value_error": "无效",
}


def problems(exc: RequestValidationError) -> tuple[str, list[dict[str, str]]]:
    """A validation error as a Chinese sentence naming each parameter, and as data (where, what)."""
    items = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body", "form", "header", "cookie")]
        items.append({"field": ".".join(loc) or "请求", "problem": PROBLEMS.get(str(e.get("type")), "无效")})
    seen = dict.fromkeys(f"{i['field']}（{i['problem']}）" for i in items)
    return "请求中的参数无效：" + "、".join(list(seen)[:8]) + "。请检查后重试。", items


def _dir(name: str) -> str:
    return str(resources.files("ogi.web").joinpath(name))


_GLOSS = re.compile(r"\s*\((?=[^)]*[A-Za-z])[A-Za-z0-9 ,.'/:_-]+\)")


def chinese_only(message: str | None) -> str:
    """A message of the readers (``文件为空 (empty input)``) as a page shows it: without the English
    gloss in brackets the command line keeps for those who grep it."""
    return _GLOSS.sub("", message or "")


def create_app(
    db_url: str | None = None,
    *,
    workers: int = 2,
    timeout: float | None = 300.0,
    secure_cookie: str | None = None,
) -> FastAPI:
    """The web app on the store ``db_url`` (as ``--db``: a path or URL), reading uploads in
    ``workers`` processes, ``timeout`` seconds at most each. ``secure_cookie``: 'auto' (the
    default, ``$OGI_SECURE_COOKIE``: Secure cookies on requests that came over HTTPS), 'on' or
    'off'. Raises :class:`ogi.errors.OgiError` for a store it cannot open."""
    url = resolve_url(db_url)  # the same database `ogi build --db` writes
    store = Store(url)
    secure = secure_cookie or os.environ.get("OGI_SECURE_COOKIE") or "auto"
    sessions = Sessions(store, os.environ.get("OGI_SECRET") or store.secret(), secure=secure)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the housekeeping thread runs while the server does (an app never started has none)
        app.state.housekeeper = Housekeeper(store, sessions, app.state.corpus)
        yield
        app.state.housekeeper.close()
        app.state.fetches.close()
        app.state.reader.close()
        app.state.store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="ogi 政府信息公开工作年度报告核对",
        version=__version__,
        description="Check government information disclosure annual reports; review findings; browse the corpus.",
        docs_url=None,  # Swagger UI would load its scripts from a CDN: nothing is fetched at run time
        redoc_url=None,
        openapi_url=None,  # served below, to signed-in users only
    )
    app.state.store = store
    app.state.reader = UploadReader(url, jobs=workers, timeout=timeout)  # reads what a stopped server left too
    app.state.sessions = sessions
    app.state.guard = Guard(store)
    app.state.fetches = fetches.Fetches(url)
    app.state.db_url = url
    app.state.corpus = Corpus(store)
    app.state.pages = PageCache()
    templates = Jinja2Templates(directory=_dir("templates"))
    templates.env.globals["version"] = __version__
    templates.env.globals["rule_title"] = rule_title  # a rule is shown by its Chinese title
    templates.env.filters["beijing"] = beijing  # the store keeps UTC; pages say Beijing time
    templates.env.filters["cell_label"] = key_label  # a cell by the template's label (表三「…」「…」)
    templates.env.filters["finding_words"] = finding_words  # a finding by its rule's title and cells
    templates.env.filters["number"] = fmt_number  # 5, not 5.0
    templates.env.filters["zh"] = chinese_only  # a reader's message without its English gloss
    templates.env.filters["beijing_marks"] = lambda marks: {
        k: [m | {"at": beijing(m.get("at"))} for m in ms] for k, ms in (marks or {}).items()
    }
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=_dir("static")), name="static")

    app.add_middleware(SessionMiddleware, sessions=sessions)
    app.add_middleware(SecurityHeaders)  # outermost: on every response, error pages too

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(request: Request) -> JSONResponse:
        need(request)
        return JSONResponse(app.openapi())

    @app.exception_handler(Denied)
    async def denied(request: Request, exc: Denied) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.message}, status_code=exc.status)
        if exc.status == 401:
            nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(nxt)}", status_code=303)
        return error_page(request, exc.status, exc.message)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        if wants_json(request):
            out = JSONResponse({"detail": exc.message, "files": exc.details}, status_code=exc.status)
        else:
            out = error_page(request, exc.status, exc.message, exc.details)
        out.headers.update(exc.headers)
        return out

    @app.exception_handler(WriteConflict)
    async def conflict(request: Request, exc: WriteConflict) -> Response:
        return answer(request, 409, exc.message)

    @app.exception_handler(LastAdmin)
    async def last_admin(request: Request, exc: LastAdmin) -> Response:
        return answer(request, 409, str(exc))

    @app.exception_handler(sa.exc.OperationalError)
    async def busy(request: Request, exc: sa.exc.OperationalError) -> Response:
        log.error("database: %s", exc)  # locked past the wait, or the server gone
        return answer(request, 503, "数据库正忙或暂时无法连接，请稍后重试。", {"Retry-After": "5"})

    @app.exception_handler(sa.exc.DataError)
    async def unstorable(request: Request, exc: sa.exc.DataError) -> Response:
        return answer(request, 400, "提交的内容含有无法保存的字符或超出范围的数值。")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return answer(request, 500, "服务器内部错误，请稍后重试；如果一再出现，请告诉管理员。")

    def answer(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        if wants_json(request):
            out: Response = JSONResponse({"detail": message}, status_code=status)
        else:
            out = error_page(request, status, message)
        out.headers.update(headers or {})
        return out

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        msg = str(exc.detail)
        if not any("\u4e00" <= ch <= "\u9fff" for ch in msg):  # a framework message: say it in Chinese
            msg = GENERIC.get(exc.status_code, f"请求无法完成（{msg}）。")
        return error_page(request, exc.status_code, msg)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message, items = problems(exc)
        if wants_json(request):
            return JSONResponse({"detail": message, "errors": items}, status_code=400)
        return error_page(request, 400, message)

    def error_page(request: Request, status: int, message: str, details: list[str] | None = None) -> Response:
        return templates.TemplateResponse(
            request,
            "error.html",
            {
                "s": getattr(request.state, "session", None) or Session(user=None, role=None, csrf=""),
                "status": status,
                "message": message,
                "details": details or [],
            },
            status_code=status,
        )

    app.state.error_page = error_page

    routers = (accounts, admin, uploads, fetches, reports, problemlist, notices, browse, organlist, scores)
    for r in (m.router for m in routers):
        app.include_router(r)
    return app
