"""Names of things in an rdflib graph: a node's label in a language, dates as precisely as known, and
finding an entity by name (the rule is in names.py)."""

from rdflib import Graph, Literal, URIRef

from ..errors import NotFoundError, quoted
from .names import choose, curie, iri_of
from .namespaces import DCTERMS, KAIFM, RDF, RDFS, SKOS, TIME

NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
__all__ = ["NAME_PROPERTIES", "curie", "display_date", "find_entity", "label"]


def label(graph: Graph, node, lang: str = "en") -> str:
    """The node's label in lang (else English, else any), its title, a CURIE, or a literal's text."""
    if isinstance(node, Literal):
        return str(node)
    labels = {l.language: str(l) for l in graph.objects(node, RDFS.label) if isinstance(l, Literal)}
    labels.update({l.language: str(l) for l in graph.objects(node, SKOS.prefLabel)
                   if isinstance(l, Literal) and l.language not in labels})
    for choice in (lang, "en", None):
        if choice in labels:
            return labels[choice]
    if labels:
        return next(iter(labels.values()))
    title = graph.value(node, DCTERMS.title)
    return str(title) if title is not None else curie(node)


def display_date(graph: Graph, node, prop) -> str | None:
    """The node's date as precisely as it is known: 2026-01-15, 2026-01 or 2026."""
    value = graph.value(node, prop)
    if value is None:
        return None
    width = {TIME.unitMonth: 7, TIME.unitYear: 4}.get(graph.value(node, KAIFM.datePrecision), 10)
    return str(value)[:width]


def find_entity(graph: Graph, name: str, param: str | None = "name") -> URIRef:
    """The node name stands for in graph, by the rule above."""
    iri = iri_of(name)
    if iri is not None:
        node = URIRef(iri)
        if (node, None, None) in graph:
            return node
        raise NotFoundError(f"{quoted(name)} is not a node of the graph", param=param)
    wanted = name.strip().casefold()
    names: dict[str, set] = {}
    for prop in NAME_PROPERTIES:
        for subject, text in graph.subject_objects(prop):
            if isinstance(subject, URIRef) and (subject, RDF.type, KAIFM.Claim) not in graph:
                names.setdefault(str(text).strip().casefold(), set()).add(str(subject))
    return URIRef(choose(name, names.get(wanted, ()), names, param))
