"""Load the built graph into a SPARQL store through the SPARQL 1.1 Graph Store Protocol.

The URL is the store's graph-store endpoint: Oxigraph's is `http://HOST:7878/store`, Fuseki's
`http://HOST:3030/DATASET/data`, GraphDB's `http://HOST:7200/repositories/REPO/rdf-graphs/service`.
The dump is sent as N-Triples: HTTP PUT replaces the graph, POST adds to it.
"""

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode

from .dump import ensure_dump
from .errors import InputError, RemoteError


@dataclass(frozen=True)
class PushResult:
    """What push_graph sent, where, and the store's HTTP status."""

    url: str
    triples: int
    status: int


def graph_url(endpoint: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL of graph (an IRI) at endpoint, or of the default graph when graph is None."""
    if not endpoint.startswith(("http://", "https://")):
        raise InputError(f"--endpoint: {endpoint!r} is not an http(s) URL")
    if graph is None:
        query = "default"
    else:
        try:
            NamedNode(graph)
        except ValueError as e:
            raise InputError(f"--graph: {graph!r} is not a valid IRI: {e}") from e
        query = urllib.parse.urlencode({"graph": graph})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def push_graph(endpoint: str, graph: str | None = None, replace: bool = True, root: Path | None = None,
               timeout: float = 60.0) -> PushResult:
    """Send the built graph (root's data, or the shipped data) to the store at endpoint."""
    url = graph_url(endpoint, graph)
    data = ensure_dump(root).read_bytes()
    request = urllib.request.Request(url, data=data, method="PUT" if replace else "POST",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as e:
        detail = e.read(300).decode("utf-8", "replace").strip().splitlines()
        raise RemoteError(f"store {url} answered HTTP {e.code} {e.reason}" +
                          (f": {detail[0]}" if detail else "")) from e
    except (urllib.error.URLError, OSError) as e:
        raise RemoteError(f"store {url} failed: {getattr(e, 'reason', e)}") from e
    return PushResult(url, data.count(b"\n"), status)
