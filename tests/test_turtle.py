"""The Turtle writer: pyoxigraph's for graphs of IRIs and literals, rdflib's where a blank node or a relative IRI
needs it; the same triples either way, and the same bytes for the same graph. The project's nt and ttl exports are
made from its dump, without the rdflib graph, and are the same bytes as from the graph."""

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kaifm_kg.export import render
from kaifm_kg.project import Project
from kaifm_kg.rdf.io import serialize, turtle_from_ntriples
from kaifm_kg.rdf.namespaces import KAIFM, RDF, RDFS, XSD

TEAM = URIRef("https://w3id.org/kaifm/id/team/sk-telecom")


def _graph(*extra) -> Graph:
    graph = Graph()
    graph.add((TEAM, RDF.type, KAIFM.Consortium))
    graph.add((TEAM, RDFS.label, Literal("SK Telecom consortium", lang="en")))
    graph.add((TEAM, KAIFM.sequence, Literal(3, datatype=XSD.integer)))
    graph.add((TEAM, RDFS.comment, Literal("plain")))
    for triple in extra:
        graph.add(triple)
    return graph


def test_a_graph_of_iris_and_literals_round_trips_with_sorted_prefixes_and_abbreviated_iris():
    graph = _graph()
    text = serialize(graph, "ttl").decode("utf-8")
    prefixes = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert prefixes == sorted(prefixes) and "@prefix team: <https://w3id.org/kaifm/id/team/> ." in prefixes
    assert "team:sk-telecom a kaifm:Consortium" in text
    assert isomorphic(Graph().parse(data=text, format="turtle"), graph)


def test_the_same_graph_gives_the_same_bytes_whatever_the_order_it_was_filled_in():
    forward = _graph()
    backward = Graph()
    for triple in sorted(forward, reverse=True):
        backward.add(triple)
    assert serialize(forward, "ttl") == serialize(backward, "ttl")


def test_a_blank_node_is_nested_and_a_relative_iri_kept_by_rdflib():
    nested = _graph((TEAM, KAIFM.hasScore, BNode()))
    text = serialize(nested, "ttl").decode("utf-8")
    assert "[]" in text or "[ " in text  # rdflib writes an unreferenced blank node in place, never as _:label
    relative = _graph((TEAM, RDFS.seeAlso, URIRef("kaifm.ttl")))
    text = serialize(relative, "ttl").decode("utf-8")
    assert "<kaifm.ttl>" in text
    assert len(Graph().parse(data=text, format="turtle")) == len(relative)


def test_turtle_from_n_triples_leaves_blank_nodes_and_relative_iris_to_rdflib():
    assert turtle_from_ntriples(serialize(_graph((TEAM, KAIFM.hasScore, BNode())), "nt")) is None
    assert turtle_from_ntriples(b"<https://example.org/a> <https://example.org/b> <kaifm.ttl> .\n") is None
    assert turtle_from_ntriples(serialize(_graph(), "nt")) == serialize(_graph(), "ttl")


def test_the_nt_and_ttl_exports_come_from_the_dump_without_parsing_the_graph_and_match_it(cache, project):
    fresh = Project.open(project.root)
    exported = {fmt: render(fresh, fmt) for fmt in ("nt", "ttl")}
    assert "graph" not in fresh._memo  # the rdflib graph was never parsed
    assert exported["nt"] == fresh.dump().read_bytes()
    graph = fresh.graph()
    assert exported == {fmt: serialize(graph, fmt) for fmt in ("nt", "ttl")}


def test_a_literal_holding_a_unicode_line_separator_stays_one_n_triples_line():
    # rdflib writes U+2028 and U+0085 into N-Triples as they are; splitting its text as str lines broke the triple
    graph = _graph((TEAM, RDFS.comment, Literal("one\u2028two\x85three")))
    for fmt in ("nt", "ttl"):
        assert isomorphic(Graph().parse(data=serialize(graph, fmt), format={"nt": "nt", "ttl": "turtle"}[fmt]), graph)
