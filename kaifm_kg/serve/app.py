"""The web application of `kaifm-kg serve`: its settings, its routes, and the one place where the library's
errors become HTTP statuses.

Errors: InputError 400 (naming the parameter), Refused 403, NotFoundError 404, NotAcceptable 406,
RemoteError 502, Busy 503 (no worker free in time), QueryTimeout 504 (a query stopped at the limit),
anything else 500. /sparql answers errors as text, /api as JSON, pages as HTML.
"""

import contextlib
import datetime
import gc
import urllib.parse
from dataclasses import dataclass
from typing import cast

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import InputError, KaifmError, NotFoundError, RemoteError, first_line
from ..project import Project
from ..query.catalogue import list_queries, load_query
from ..rdf.prefixes import ID
from . import api, protocol
from .negotiation import HTML, LD_FORMATS, choose, language, media_type, split_suffix
from .pages import LANGUAGES, Links, Pages
from .workers import Busy, QueryTimeout, Source, WorkerFailed, WorkerPool

MAX_BODY = 1 << 20  # bytes of a POST to /sparql
STATUSES = ((protocol.Refused, 403), (protocol.NotAcceptable, 406), (NotFoundError, 404),
            (protocol.TooLarge, 400), (RemoteError, 502), (Busy, 503), (QueryTimeout, 504),
            (WorkerFailed, 500))


class UnknownIri(NotFoundError):
    """An IRI of ours that the graph does not hold (HTTP 404), with the closest ones."""

    def __init__(self, message: str, suggestions: list[str]):
        super().__init__(message, param="iri")
        self.suggestions = suggestions


@dataclass(frozen=True)
class Settings:
    """What the operator chose: the project, the data the workers open, and the limits."""

    project: Project
    source: Source
    timeout: float = 5.0
    max_rows: int = 10000
    allow_service: bool = False
    workers: int = 6


def status_of(error: Exception) -> int:
    """The HTTP status for an error the library or the server raised."""
    for cls, status in STATUSES:
        if isinstance(error, cls):
            return status
    return 400 if isinstance(error, KaifmError) else 500


def http_param(param: str | None) -> str | None:
    """The name a client uses for a library parameter: a canned query's params.date is the URL's date."""
    return param[len("params."):] if param and param.startswith("params.") else param


class Server:
    """The state of one running server (its settings and worker pool) and its route handlers."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.pool = WorkerPool(settings.source, settings.workers, settings.timeout)
        self.queries = {definition.name: definition for definition in list_queries(settings.project)}
        self.offline = [d for d in self.queries.values() if not d.federated or settings.allow_service]
        self.pages: Pages | None = None
        self._home: dict = {}  # (date, lang) -> the home page
        self._made: dict = {}  # (path, format, links) -> a representation made once (the data do not change)

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        graph = await run_in_threadpool(self.settings.source.graph)
        self.pages = Pages(self.settings.project, graph)
        gc.collect()
        gc.freeze()  # the graph is never freed: keep the collector from walking it on every full pass
        await self.pool.start()
        try:
            yield
        finally:
            await self.pool.close()

    async def sparql(self, request: Request) -> Response:
        """The SPARQL 1.1 Protocol (see protocol.py); without a query, the Service Description."""
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_BODY:
            raise InputError(f"the request is larger than {MAX_BODY // 1024} KiB", param="query")
        body = await request.body() if request.method == "POST" else b""
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        if request.method == "POST" and request.headers.get("content-type", "").startswith(protocol.FORM_TYPE):
            form = await request.form()
            for key in form:
                params.setdefault(key, []).extend(str(v) for v in form.getlist(key))
            body = b""
        fields = protocol.read_request(request.method, params, request.headers.get("content-type", ""), body)
        if "query" not in fields:
            return self.service_description(request)
        text = fields["query"][0]
        protocol.check_query(text, self.settings.allow_service)
        job = protocol.SparqlRequest(text, request.headers.get("accept"), (fields.get("format") or [None])[0],
                                     tuple(fields.get("default-graph-uri", ())),
                                     tuple(fields.get("named-graph-uri", ())),
                                     self.settings.allow_service, self.settings.max_rows)
        media, data = await self.pool.run(protocol.execute, job)
        return Response(data, media_type=media, headers={"Vary": "Accept"})

    def service_description(self, request: Request) -> Response:
        """The Service Description in an RDF format by Accept; a browser is sent to the query page."""
        offers = [media_type(fmt) for fmt in LD_FORMATS]
        chosen = choose(request.headers.get("accept"), offers + [HTML])
        if chosen == HTML:
            return RedirectResponse("/query", status_code=303, headers={"Vary": "Accept"})
        if chosen is None:
            raise protocol.NotAcceptable(f"offered: {', '.join(offers)}", param="accept")
        from ..export.release import render_ontology

        fmt = LD_FORMATS[offers.index(chosen)]
        graph = protocol.service_description(str(request.url.replace(query="", fragment="")))
        return Response(render_ontology(graph, fmt, self.settings.project), media_type=chosen,
                        headers={"Vary": "Accept"})

    async def query_list(self, request: Request) -> Response:
        """GET /api/queries: every canned query with its typed parameters."""
        return JSONResponse([api.describe(d) for d in self.queries.values()])

    async def query_run(self, request: Request) -> Response:
        """GET /api/queries/NAME?PARAM=…&format=…: the rows of one canned query."""
        name = request.path_params["name"]
        definition = self.queries.get(name) or load_query(name, self.settings.project)  # unknown: 404, close names
        params = {}
        for key in request.query_params:
            values = request.query_params.getlist(key)
            if len(values) > 1:
                raise InputError("given more than once", param=key)
            params[key] = values[0]
        fmt = params.pop("format", "json")
        api.check_call(definition, params, fmt, self.settings.allow_service)
        table = await self.pool.run(api.run_canned, definition, params)
        media, body = api.answer(table, fmt)
        return Response(body, media_type=media)

    async def openapi(self, request: Request) -> Response:
        """GET /api/openapi.json: the OpenAPI document of the API."""
        return JSONResponse(api.openapi(list(self.queries.values())))

    # -- pages and Linked Data -----------------------------------------------------------------------
    def started_pages(self) -> Pages:
        """The pages, made as the server starts (before it answers any request)."""
        if self.pages is None:
            raise RuntimeError("the server has not started")
        return self.pages

    def links(self, request: Request) -> Links:
        """The links of a page in the language asked for (?lang=), else the one Accept-Language prefers."""
        lang = request.query_params.get("lang")
        if lang is not None and lang not in LANGUAGES:
            raise InputError(f"{lang!r} is not a language of the pages ({', '.join(LANGUAGES)})", param="lang")
        return Links(lang=lang or language(request.headers.get("accept-language"), LANGUAGES))

    async def represent(self, request: Request, path: str, fmt: str | None, html, rdf) -> Response:
        """A resource in the representation its suffix names, else the one Accept prefers (HTML first): answered
        directly (no redirect), with Vary: Accept and Content-Location naming the suffixed document."""
        headers = {"Vary": "Accept"}
        if fmt is None:
            offers = [HTML] + [media_type(f) for f in LD_FORMATS]
            chosen = choose(request.headers.get("accept"), offers)
            if chosen is None:
                raise protocol.NotAcceptable(f"offered: {', '.join(offers)}", param="accept")
            fmt = (["html"] + list(LD_FORMATS))[offers.index(chosen)]
            # the server's Links (not a static site's) always name the document
            headers["Content-Location"] = f"/{path}.html" if fmt == "html" else cast(str, Links().doc(path, fmt))
        links = self.links(request) if fmt == "html" else None
        key = (path, fmt, links)
        if key not in self._made:  # made in a thread, so the event loop goes on answering meanwhile
            self._made[key] = await run_in_threadpool(html, links) if fmt == "html" else await run_in_threadpool(rdf,
                                                                                                             fmt)
        return Response(self._made[key], media_type=media_type(fmt), headers=headers)

    async def resource(self, request: Request) -> Response:
        """GET /id/PATH[.html|.ttl|.jsonld|.nt|.rdf]: the page or RDF of https://w3id.org/kaifm/id/PATH."""
        raw = request.path_params["path"]
        path, fmt = split_suffix(raw)
        pages = self.started_pages()
        if ID + raw in pages.nodes:  # an IRI that merely ends like a suffix
            path, fmt = raw, None
        try:
            iri = pages.node(path)
        except NotFoundError as e:
            raise UnknownIri(e.message, pages.suggestions(path)) from e
        return await self.represent(request, "id/" + path, fmt, lambda links: pages.entity(iri, links),
                                    lambda f: pages.rdf(iri, f))

    async def ontology(self, request: Request) -> Response:
        """GET /ontology[.html|.ttl|...]: the ontology (its terms are /ontology#Term)."""
        fmt, pages = split_suffix(request.url.path)[1], self.started_pages()
        return await self.represent(request, "ontology", fmt, lambda links: pages.ontology("html"), pages.ontology)

    async def context(self, request: Request) -> Response:
        """GET /context.jsonld: the JSON-LD context the compacted documents name."""
        return Response(self.settings.project.context_file.read_bytes(), media_type=media_type("jsonld"))

    async def canned(self, name: str, params: dict[str, str]):
        """The rows (a Table) of a canned query, run in a worker."""
        return await self.pool.run(api.run_canned, self.queries[name], params)

    async def home(self, request: Request) -> Response:
        """GET /: who is still in (teams-on today) and how we got here (timeline)."""
        links, today = self.links(request), datetime.date.today().isoformat()
        key = (today, links.lang)
        if key not in self._home:
            teams = await self.canned("teams-on", {"date": today, "lang": links.lang})
            timeline = await self.canned("timeline", {"lang": links.lang})
            self._home = {k: page for k, page in self._home.items() if k[0] == today}  # yesterday's pages go
            self._home[key] = self.started_pages().home(links, today, teams, timeline)
        return HTMLResponse(self._home[key])

    async def query_page(self, request: Request) -> Response:
        """GET /query: the editor (?example=NAME fills it with a canned query), and ?query=… run as a table."""
        links, params = self.links(request), request.query_params
        example = params.get("example") or ("timeline" if "query" not in params else None)
        text = params.get("query", "")
        if example:
            definition = self.queries.get(example) or load_query(example, self.settings.project)
            text = self.started_pages().example(definition, links.lang)
        result, error, status, downloads = None, "", 200, {}
        if "query" in params and not params.get("example"):
            try:
                result, downloads = await self.run_for_page(text)
            except KaifmError as e:
                error, status = self.message(e), status_of(e)
        html = self.started_pages().query_page(links, self.offline, text, result, error, downloads)
        return HTMLResponse(html, status)

    async def run_for_page(self, text: str):
        """Run text for the query page: a Table (or {"boolean"} / {"text"}) and its download links."""
        protocol.check_query(text, self.settings.allow_service)
        job = protocol.SparqlRequest(text, "application/sparql-results+json, text/turtle",
                                     allow_service=self.settings.allow_service, max_rows=self.settings.max_rows)
        media, body = await self.pool.run(protocol.execute, job)
        result = protocol.for_page(media, body)
        formats = ("csv", "json") if media == protocol.RESULT_FORMATS["json"] else ("ttl", "jsonld")
        return result, {f: "/sparql?" + urllib.parse.urlencode({"query": text, "format": f}) for f in formats}

    async def gallery(self, request: Request) -> Response:
        """GET /queries/index and /queries/NAME: the canned queries, each with its results."""
        links, name, pages = self.links(request), request.path_params["name"], self.started_pages()
        if name == "index":
            return HTMLResponse(pages.gallery(links, self.offline))
        definition = self.queries.get(name) or load_query(name, self.settings.project)
        values = pages.example_values(definition, links.lang)
        api.check_call(definition, values, "json", self.settings.allow_service)
        table = await self.canned(name, values)
        downloads = {f: f"/api/queries/{name}?" + urllib.parse.urlencode({**values, "format": f})
                     for f in ("csv", "json")}
        return HTMLResponse(pages.gallery_query(links, definition, values, table, downloads))

    def message(self, error: Exception) -> str:
        """The one-line message of an error, its parameter named as the client names it."""
        if not isinstance(error, KaifmError):
            return f"internal error: {type(error).__name__}: {first_line(error)}"
        param = http_param(error.param)
        return f"{param}: {error.message}" if param else error.message

    async def error(self, request: Request, error: Exception) -> Response:
        """An error as the client's kind of page: text on /sparql, JSON on /api, else HTML."""
        status, message = status_of(error), self.message(error)
        headers = {"Retry-After": "1"} if status == 503 else {}
        if request.url.path.startswith("/api/"):
            param = http_param(getattr(error, "param", None))
            return JSONResponse({"error": message, "param": param, "status": status}, status, headers=headers)
        wants_html = (request.url.path.endswith(".html")
                      or choose(request.headers.get("accept"), ["text/plain", HTML]) == HTML)
        if request.url.path != "/sparql" and self.pages is not None and wants_html:
            try:
                links = self.links(request)
            except InputError:
                links = Links()
            html = self.pages.error_page(links, status, message, getattr(error, "suggestions", []))
            return HTMLResponse(html, status, headers=headers)
        return PlainTextResponse(message + "\n", status, headers=headers)


def create_app(settings: Settings) -> Starlette:
    """The ASGI application serving settings' data."""
    server = Server(settings)
    routes = [Route("/sparql", server.sparql, methods=["GET", "POST"]),
              Route("/api/queries", server.query_list), Route("/api/openapi.json", server.openapi),
              Route("/api/queries/{name}", server.query_run),
              Route("/", server.home), Route("/query", server.query_page), Route("/queries/{name}", server.gallery),
              Route("/id/{path:path}", server.resource), Route("/context.jsonld", server.context),
              *(Route(f"/ontology{suffix}", server.ontology) for suffix in ("", ".html", ".ttl", ".jsonld", ".nt",
                                                                          ".rdf"))]
    app = Starlette(routes=routes, lifespan=server.lifespan,
                    exception_handlers={KaifmError: server.error, Exception: server.error},
                    middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                           allow_headers=["*"], max_age=86400)])
    app.state.server = server
    return app


def run(settings: Settings, host: str, port: int) -> None:
    """Serve settings' data on host:port until interrupted."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", access_log=False)
