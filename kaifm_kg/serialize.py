"""Deterministic serialisations of a graph: the same graph always gives the same bytes."""

from rdflib import Graph

from .errors import InputError

GRAPH_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


def serialize(graph: Graph, fmt: str) -> bytes:
    """Serialise graph in fmt (ttl, nt, jsonld, xml) deterministically; JSON-LD is compacted with the
    project's context (see jsonld.py), RDF/XML is sorted (see rdfxml.py)."""
    if fmt not in GRAPH_FORMATS:
        raise InputError(f"--format: unknown graph format {fmt!r} (choose from {', '.join(GRAPH_FORMATS)})")
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode("utf-8")
    if fmt == "jsonld":
        from .jsonld import compact_graph, dumps

        return dumps(compact_graph(graph))
    if fmt == "xml":
        from .rdfxml import serialize_rdfxml

        return serialize_rdfxml(graph)
    return graph.serialize(format=GRAPH_FORMATS[fmt], encoding="utf-8")
