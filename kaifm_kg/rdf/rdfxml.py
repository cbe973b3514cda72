"""Deterministic RDF/XML: one rdf:Description per subject, subjects and their properties sorted.

rdflib's RDF/XML writers order nodes by Python's hash of them, which changes from run to run, so
two releases of the same graph would differ. This writer sorts everything and uses the project's
prefixes (a namespace without one gets ns1, ns2, ... in sorted order).
"""

import re
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef

from ..errors import InputError
from .namespaces import PREFIXES, RDF, XSD

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*$")


def _split(iri: str) -> tuple[str, str]:
    """A property IRI as (namespace, local name), the local name a valid XML name."""
    match = _LOCAL.search(iri)
    if match is None or match.start() == 0:
        raise InputError(f"RDF/XML cannot name the property {iri} (its IRI does not end in an XML name)")
    return iri[: match.start()], match.group()


def _prefixes(graph: Graph) -> dict[str, str]:
    """namespace -> prefix for every property's namespace (and rdf's)."""
    known = {str(ns): prefix for prefix, ns in PREFIXES.items()}
    spaces = {str(RDF)} | {_split(str(p))[0] for p in set(graph.predicates())}
    extra = sorted(ns for ns in spaces if ns not in known)
    known.update({ns: f"ns{i}" for i, ns in enumerate(extra, start=1)})
    return {ns: known[ns] for ns in sorted(spaces, key=lambda ns: known[ns])}


def _node_attribute(node) -> str:
    if isinstance(node, BNode):
        return f"rdf:nodeID={quoteattr(str(node))}"
    return f"rdf:about={quoteattr(str(node))}"


def _property(tag: str, value) -> str:
    if isinstance(value, URIRef):
        return f"    <{tag} rdf:resource={quoteattr(str(value))}/>"
    if isinstance(value, BNode):
        return f"    <{tag} rdf:nodeID={quoteattr(str(value))}/>"
    attribute = ""
    if value.language:
        attribute = f" xml:lang={quoteattr(value.language)}"
    elif value.datatype is not None and value.datatype != XSD.string:
        attribute = f" rdf:datatype={quoteattr(str(value.datatype))}"
    return f"    <{tag}{attribute}>{escape(str(value))}</{tag}>"


def _sort_key(term) -> tuple:
    return (isinstance(term, Literal), isinstance(term, BNode), term.n3())


def serialize_rdfxml(graph: Graph) -> bytes:
    """graph as RDF/XML, the same bytes for the same graph."""
    prefixes = _prefixes(graph)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"  xmlns:{prefix}={quoteattr(ns)}" for ns, prefix in prefixes.items()]
    lines[-1] += ">"
    for subject in sorted(set(graph.subjects()), key=_sort_key):
        lines.append(f"  <rdf:Description {_node_attribute(subject)}>")
        for prop, value in sorted(graph.predicate_objects(subject), key=lambda pv: (str(pv[0]), _sort_key(pv[1]))):
            namespace, local = _split(str(prop))
            lines.append(_property(f"{prefixes[namespace]}:{local}", value))
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    return ("\n".join(lines) + "\n").encode("utf-8")
