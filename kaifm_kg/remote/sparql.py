"""SPARQL 1.1 over HTTP: the project's one client for query endpoints and graph stores.

Every request goes through `HttpClient.request`, so every caller gets the same behaviour:

- one User-Agent naming the project and its contact URL (public services refuse anonymous clients);
- ``timeout`` is a deadline for the whole request, from connecting to the last byte: an endpoint that
  stalls, or drips its headers or its answer one byte a second, is cut off when it is spent (a timer
  shuts the socket down; urllib and SPARQLWrapper only bound each read);
- ``retries`` more tries after a 429, a 5xx, a timeout or a failed connection, waiting as the server
  asks in Retry-After (up to MAX_WAIT), else 1, 2, 4 ... s; so a request can take up to
  (retries + 1) × timeout plus the waits;
- the same failure gives the same error everywhere: a query the endpoint rejects as malformed (HTTP
  400) is the user's input (InputError, exit 2); anything else the service does wrong — no
  connection, no answer in time, another HTTP error, an answer that is not SPARQL results — is a
  RemoteError (exit 3), whose message says which.

HTTP proxies from the environment are not used.
"""

import email.utils
import http.client
import json
import math
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass
from email.message import Message

from ..errors import InputError, RemoteError, first_line, quoted

SPARQL_JSON = "application/sparql-results+json"
MAX_WAIT = 120.0  # the longest Retry-After we sit out
_RETRY_STATUS = {429, 500, 502, 503, 504}
_CELL_TYPES = {"uri", "literal", "typed-literal", "bnode", "triple"}


def user_agent() -> str:
    """kaifm-kg/VERSION (contact URL): the User-Agent of every request the project sends."""
    from .. import __version__

    return (f"kaifm-kg/{__version__} "
            "(https://w3id.org/kaifm; a knowledge graph of Korea's AI foundation model programme)")


def check_url(url: str, param: str = "endpoint") -> str:
    """url if it is an absolute http(s) URL with a host name that can be looked up, a valid port and no spaces,
    else InputError naming param."""
    try:
        parts = urllib.parse.urlsplit(url) if isinstance(url, str) else None
    except ValueError:  # e.g. an unclosed [IPv6 address
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname \
            or any(ch.isspace() for ch in url):
        raise InputError(f"{quoted(url)} is not an http(s) URL", param=param)
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as e:
        raise InputError(f"{quoted(url)} has a bad port: {e}", param=param) from e
    try:
        parts.hostname.encode("idna")
    except UnicodeError as e:
        raise InputError(f"{quoted(url)} has a bad host name ({first_line(e)})", param=param) from e
    return url


def check_timeout(seconds: float, param: str = "timeout") -> float:
    """seconds if it is a finite number above zero, else InputError naming param."""
    if not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds <= 0:
        raise InputError(f"{quoted(seconds)} is not a number of seconds above zero", param=param)
    return float(seconds)


@dataclass(frozen=True)
class Answer:
    """An HTTP response, read whole."""

    status: int
    reason: str
    headers: Message
    body: bytes

    def first_line(self) -> str:
        """The first non-empty line of the body, cut short, for messages."""
        text = self.body[:2000].decode("utf-8", "replace").strip()
        return text.splitlines()[0][:200] if text else ""


class _Retryable(Exception):
    """A failure worth another try, with the wait the server asked for (seconds), if any."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


class HttpClient:
    """Requests to one URL with a deadline, retries and the project's User-Agent."""

    def __init__(self, url: str, timeout: float = 30.0, retries: int = 0, backoff: float = 1.0,
                 param: str = "endpoint"):
        self.url = check_url(url, param)
        self.timeout = check_timeout(timeout)
        self.retries, self.backoff = retries, backoff

    def request(self, method: str, body: bytes | None, headers: dict[str, str], url: str | None = None) -> Answer:
        """Send one request (retrying as the module says); any answer with a status comes back."""
        attempt = 0
        while True:
            try:
                answer = self._once(method, url or self.url, body, headers)
                if answer.status in _RETRY_STATUS:
                    raise _Retryable(f"HTTP {answer.status} {answer.reason}", _retry_after(answer.headers))
                return answer
            except _Retryable as e:
                attempt += 1
                if attempt > self.retries:
                    tries = f" ({attempt} attempts)" if attempt > 1 else ""
                    raise RemoteError(f"{url or self.url}: {e.reason}{tries}") from e
                wait = self.backoff * 2 ** (attempt - 1) if e.retry_after is None else e.retry_after
                if wait > MAX_WAIT:
                    raise RemoteError(f"{url or self.url}: {e.reason}; it asks to wait {wait:.0f} s, more than "
                                      f"{MAX_WAIT:.0f} s") from e
                time.sleep(wait)

    def _once(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Answer:
        """One request, cut off when the deadline passes: a timer shuts the socket down, which ends whatever
        read or write is waiting (each socket operation is also bounded by the timeout)."""
        parts = urllib.parse.urlsplit(url)
        if parts.hostname is None:  # check_url refuses such a URL before it gets here
            raise RemoteError(f"{url}: no host name")
        if parts.scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=self.timeout, context=ssl.create_default_context())
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        expired = threading.Event()
        timer = threading.Timer(self.timeout, _cut, (connection, expired))
        timer.daemon = True
        timer.start()
        try:
            try:
                connection.connect()
            except (OSError, http.client.HTTPException) as e:
                if expired.is_set():
                    raise _Retryable(f"no connection within {self.timeout:g} s") from e
                raise _Retryable(f"cannot connect: {_reason(e)}") from e
            if expired.is_set():  # connected after the timer fired (e.g. on a second address): too late
                raise _Retryable(f"no connection within {self.timeout:g} s")
            try:
                connection.request(method, target, body=body, headers={"User-Agent": user_agent(), **headers})
                response = connection.getresponse()
                chunks = []
                while chunk := response.read1(65536):
                    chunks.append(chunk)
                if expired.is_set():
                    raise TimeoutError
            except (OSError, http.client.HTTPException) as e:
                if expired.is_set() or isinstance(e, (TimeoutError, socket.timeout)):
                    raise _Retryable(f"no complete answer within {self.timeout:g} s") from e
                raise _Retryable(f"connection lost: {_reason(e)}") from e
            return Answer(response.status, response.reason, response.headers, b"".join(chunks))
        finally:
            timer.cancel()
            connection.close()


def _cut(connection: http.client.HTTPConnection, expired: threading.Event) -> None:
    """The deadline has passed: end the request's socket operations."""
    expired.set()
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or first_line(error)


def _retry_after(headers: Message) -> float | None:
    """The Retry-After header in seconds (given as seconds or as an HTTP date), if any."""
    value = headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def select(client: HttpClient, query: str) -> dict:
    """POST a SELECT query; the answer, checked to be SPARQL JSON results ({head: {vars}, results: {bindings}})."""
    body = urllib.parse.urlencode({"query": query}).encode("utf-8")
    answer = client.request("POST", body, {"Content-Type": "application/x-www-form-urlencoded",
                                           "Accept": SPARQL_JSON})
    if answer.status == 400:
        raise InputError(f"the endpoint {client.url} rejected the query as malformed: {answer.first_line()}",
                         param="query")
    if not 200 <= answer.status < 300:
        raise RemoteError(f"{client.url}: answered HTTP {answer.status} {answer.reason}"
                          + (f": {answer.first_line()}" if answer.first_line() else ""))
    try:
        data = json.loads(answer.body)
    except ValueError as e:
        raise RemoteError(f"{client.url}: the answer is not JSON ({first_line(e)}); is it a SPARQL endpoint?") from e
    problem = results_problem(data)
    if problem:
        raise RemoteError(f"{client.url}: the answer is not SPARQL JSON SELECT results: {problem}")
    return data


def results_problem(data) -> str | None:
    """What makes data not SPARQL 1.1 JSON SELECT results, or None when it is."""
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object"
    head, results = data.get("head"), data.get("results")
    if not isinstance(head, dict) or not isinstance(head.get("vars"), list) \
            or not all(isinstance(v, str) for v in head["vars"]):
        return "no head.vars list"
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        return "no results.bindings list"
    for row in results["bindings"]:
        if not isinstance(row, dict):
            return "a row that is not an object"
        for name, cell in row.items():
            if not isinstance(cell, dict) or cell.get("type") not in _CELL_TYPES or "value" not in cell:
                return f"cell {name!r} has no known type and value"
    return None


def send_graph(client: HttpClient, url: str, data: bytes, media_type: str, replace: bool) -> Answer:
    """Graph Store Protocol: PUT (replace) or POST (add) data to url; a non-2xx answer raises RemoteError."""
    answer = client.request("PUT" if replace else "POST", data, {"Content-Type": media_type}, url=url)
    if not 200 <= answer.status < 300:
        raise RemoteError(f"{url}: answered HTTP {answer.status} {answer.reason}"
                          + (f": {answer.first_line()}" if answer.first_line() else ""))
    return answer
