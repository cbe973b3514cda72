"""Load the built graph into a SPARQL store through the SPARQL 1.1 Graph Store Protocol.

The URL is the store's graph-store endpoint: Oxigraph's is `http://HOST:7878/store`, Fuseki's
`http://HOST:3030/DATASET/data`, GraphDB's `http://HOST:7200/repositories/REPO/rdf-graphs/service`.
The dump is sent as N-Triples: HTTP PUT replaces the graph, POST adds to it.
"""

import urllib.parse
from dataclasses import dataclass

from pyoxigraph import NamedNode

from ..errors import InputError, quoted
from ..project import Project
from .sparql import HttpClient, check_url, send_graph


@dataclass(frozen=True)
class PushResult:
    """What push_graph sent, where, and the store's HTTP status."""

    url: str
    triples: int
    status: int


def graph_url(endpoint: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL of graph (an IRI) at endpoint, or of the default graph when graph is None."""
    check_url(endpoint)
    if graph is None:
        query = "default"
    else:
        try:
            NamedNode(graph)
        except ValueError as e:
            raise InputError(f"{quoted(graph)} is not a valid IRI: {e}", param="graph") from e
        query = urllib.parse.urlencode({"graph": graph})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def push_graph(project: Project, endpoint: str, graph: str | None = None, replace: bool = True,
               timeout: float = 60.0) -> PushResult:
    """Send the project's built graph to the store at endpoint (PUT replaces the graph, POST adds to it)."""
    url = graph_url(endpoint, graph)
    client = HttpClient(endpoint, timeout)
    data = project.dump().read_bytes()
    answer = send_graph(client, url, data, "application/n-triples", replace)
    return PushResult(url, data.count(b"\n"), answer.status)
