"""The web application of `kaifm-kg serve`: its settings, its routes, and the one place where the library's
errors become HTTP statuses.

Errors: InputError 400 (naming the parameter), Refused 403, NotFoundError 404, NotAcceptable 406,
RemoteError 502, Busy 503 (no worker free in time), QueryTimeout 504 (a query stopped at the limit),
anything else 500. /sparql answers errors as text, /api as JSON, pages as HTML.
"""

import contextlib
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import InputError, KaifmError, NotFoundError, RemoteError, first_line
from ..project import Project
from ..query.catalogue import list_queries, load_query
from . import api, protocol
from .negotiation import HTML, LD_FORMATS, choose, media_type
from .workers import Busy, QueryTimeout, Source, WorkerFailed, WorkerPool

STATUSES = ((protocol.Refused, 403), (protocol.NotAcceptable, 406), (NotFoundError, 404),
            (protocol.TooLarge, 400), (RemoteError, 502), (Busy, 503), (QueryTimeout, 504),
            (WorkerFailed, 500))


@dataclass(frozen=True)
class Settings:
    """What the operator chose: the project, the data the workers open, and the limits."""

    project: Project
    source: Source
    timeout: float = 5.0
    max_rows: int = 10000
    allow_service: bool = False
    workers: int = 2


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

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        await self.pool.start()
        try:
            yield
        finally:
            await self.pool.close()

    async def sparql(self, request: Request) -> Response:
        """The SPARQL 1.1 Protocol (see protocol.py); without a query, the Service Description."""
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

    async def error(self, request: Request, error: Exception) -> Response:
        """An error as the client's kind of page: text on /sparql, JSON on /api, else HTML."""
        status = status_of(error)
        param = http_param(getattr(error, "param", None))
        if status == 500 and not isinstance(error, KaifmError):
            message = f"internal error: {type(error).__name__}: {first_line(error)}"
        else:
            message = f"{param}: {error.message}" if param else error.message
        headers = {"Retry-After": "1"} if status == 503 else {}
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "param": param, "status": status}, status, headers=headers)
        return PlainTextResponse(message + "\n", status, headers=headers)


def create_app(settings: Settings) -> Starlette:
    """The ASGI application serving settings' data."""
    server = Server(settings)
    routes = [Route("/sparql", server.sparql, methods=["GET", "POST"]),
              Route("/api/queries", server.query_list), Route("/api/openapi.json", server.openapi),
              Route("/api/queries/{name}", server.query_run)]
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
