"""Each source document's citation, derived once by the build so that queries read it instead of building it."""

from rdflib import Graph, Literal

from ..rdf.namespaces import DCTERMS, KAIFM, RDF, SCHEMA, TIME

_CUT = {TIME.unitYear: 4, TIME.unitMonth: 7}  # characters of the date kept at that precision


def _first(graph: Graph, node, prop):
    """The least value of prop on node (a deterministic pick should there be several), or None."""
    return min(graph.objects(node, prop), default=None)  # type: ignore[type-var]  # rdflib's terms order


def citation(graph: Graph, source) -> Literal | None:
    """`publisher published where` for source: its publisher's name (else its title), its date cut to the
    month or year when only that is known, and its URL or stored file name; None without a title or date."""
    title, issued = _first(graph, source, DCTERMS.title), _first(graph, source, DCTERMS.issued)
    if title is None or issued is None:
        return None
    publisher = _first(graph, source, KAIFM.publisherName)
    published = str(issued)[:_CUT.get(_first(graph, source, KAIFM.datePrecision))]
    where = _first(graph, source, SCHEMA.url) or _first(graph, source, KAIFM.sourceFile) or ""
    return Literal(f"{title if publisher is None else publisher} {published} {where}")


def add_citations(graph: Graph) -> None:
    """Give every source document without one its dcterms:bibliographicCitation."""
    for source in list(graph.subjects(RDF.type, KAIFM.SourceDocument)):
        text = citation(graph, source)
        if text is not None and graph.value(source, DCTERMS.bibliographicCitation) is None:
            graph.add((source, DCTERMS.bibliographicCitation, text))
