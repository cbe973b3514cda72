"""Deterministic serialisations of a graph: the same graph always gives the same bytes."""

import json

from rdflib import Graph

from .errors import InputError
from .namespaces import PREFIXES

GRAPH_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "pretty-xml"}


def _sorted_json(value):
    """Sort JSON-LD node arrays and value arrays (never an @list, whose order is data)."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted_json(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld_context() -> dict:
    """The prefix context of compacted JSON-LD output."""
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def serialize(graph: Graph, fmt: str) -> bytes:
    """Serialise graph in fmt (ttl, nt, jsonld, xml) deterministically."""
    if fmt not in GRAPH_FORMATS:
        raise InputError(f"--format: unknown graph format {fmt!r} (choose from {', '.join(GRAPH_FORMATS)})")
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode("utf-8")
    if fmt == "jsonld":
        data = json.loads(graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True))
        data = _sorted_json(data)
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return graph.serialize(format=GRAPH_FORMATS[fmt], encoding="utf-8")
