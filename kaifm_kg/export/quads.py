"""One named graph per source document: TriG and N-Quads, so a user can load "what source X says".

Each triple goes to the graph of every source that reports it; the graph's name is the source's IRI:

- a claim's triples, the ``kaifm:hasClaim`` link to it and the truthy triple it yields (when it is
  best-ranked) go to the graphs of the claim's sources;
- every other triple of a node that cites sources itself (an entity's identity: type, labels,
  aliases, kind, lead, website, ...; all the facts of a record: membership, outcome, stage, score,
  ...) goes to the graphs of that node's sources;
- a ``dcterms:source`` triple goes only to the graph of the source it names;
- a money amount (``schema:MonetaryAmount``), which cites nothing itself, goes to every graph that
  holds a triple pointing at it;
- everything else — the ontology, the SKOS concepts, the source documents' own descriptions (the
  curators' catalogue, not something a source says), entities citing no source — goes to the
  default graph.

A triple reported by several sources is in several graphs, so the union of all graphs (the default
one included) is exactly the built graph.
"""

from collections import defaultdict

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.plugins.serializers.nt import _nt_row  # the line of one triple, as rdflib's N-Triples writer makes it

from ..build.claims import best_claims
from ..rdf.io import written_by_oxigraph
from ..rdf.namespaces import DCTERMS, KAIFM, RDF, SCHEMA

DEFAULT = None  # the default graph's name where _graph_names() maps triples to graphs


def _graph_names(graph: Graph) -> dict[tuple, set]:
    """Map each triple that some source reports to the IRIs of those sources."""
    names: dict[tuple, set] = defaultdict(set)
    sources = {node: set(graph.objects(node, DCTERMS.source)) for node in set(graph.subjects(DCTERMS.source, None))}
    claimed = set()
    for subject, claim in graph.subject_objects(KAIFM.hasClaim):
        claimed.add((subject, KAIFM.hasClaim, claim))
        names[(subject, KAIFM.hasClaim, claim)] |= sources.get(claim, set())
    for (subject, prop), claims in best_claims(graph).items():
        for claim in claims:
            triple = (subject, prop, graph.value(claim, KAIFM.value))
            claimed.add(triple)
            names[triple] |= sources.get(claim, set())
    for node, cited in sources.items():
        for triple in graph.triples((node, None, None)):
            if triple[1] == DCTERMS.source:
                names[triple].add(triple[2])
            elif triple not in claimed:
                names[triple] |= cited
    _follow_amounts(graph, names, set(sources))
    return names


def _follow_amounts(graph: Graph, names: dict, citing: set) -> None:
    """Put the triples of each money amount that cites nothing into the graphs of the triples pointing at it."""
    amounts = [a for a in graph.subjects(RDF.type, SCHEMA.MonetaryAmount) if a not in citing]
    changed = True
    while changed:  # an amount may point at another (kaifm:reportedEquivalent)
        changed = False
        for amount in amounts:
            wanted = set().union(*(names.get(t, set()) for t in graph.triples((None, None, amount))))
            for triple in graph.triples((amount, None, None)):
                if not wanted <= names[triple]:
                    names[triple] |= wanted
                    changed = True


def _quad_bodies(graph: Graph) -> dict[str, list[str]]:
    """Each graph's triples as N-Quads lines without their end (` GRAPH .`), unsorted, keyed by that end: ` .` for
    the default graph, first, then ` <IRI> .` for each source, by IRI."""
    names = _graph_names(graph)
    split: dict = defaultdict(list)
    for triple in graph:
        body = _nt_row(triple)[: -len(" .\n")]  # the line rdflib's N-Triples writer gives the triple
        for name in names.get(triple) or (DEFAULT,):
            split[name].append(body)
    order = sorted(split, key=lambda n: (n is not DEFAULT, str(n)))
    return {(" ." if name is DEFAULT else f" {URIRef(name).n3()} ."): split[name] for name in order}


def render_nquads(graph: Graph) -> bytes:
    """The named graphs as N-Quads, lines sorted (a default-graph triple is a line without a graph name)."""
    lines = sorted(body + end for end, bodies in _quad_bodies(graph).items() for body in bodies)
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_trig(graph: Graph) -> bytes:
    """The named graphs as TriG, written by pyoxigraph: the project's prefixes, the default graph, then one block
    per source, by IRI, each block's triples in N-Triples order (the built graph has no blank node to label:
    build/mint.py names every one)."""
    quads = "".join(f"{body}{end}\n" for end, bodies in _quad_bodies(graph).items() for body in sorted(bodies))
    return written_by_oxigraph(ox.parse(quads.encode("utf-8"), format=ox.RdfFormat.N_QUADS), ox.RdfFormat.TRIG)
