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

Both are made from the build's N-Triples dump with pyoxigraph's terms, never rdflib's graph: each triple is
taken as the dump writes it (a store would canonicalise a literal, 69.0 to 69, and no longer match it to its
claim), and the text stays bytes, since at a million triples each copy of it as str costs seconds.
"""

from collections import defaultdict

import pyoxigraph as ox
from rdflib import URIRef

from ..build.claims import best_ranked
from ..rdf.io import written_by_oxigraph
from ..rdf.namespaces import DCTERMS, KAIFM, RDF, SCHEMA

SOURCE, HAS_CLAIM, TYPE = ox.NamedNode(DCTERMS.source), ox.NamedNode(KAIFM.hasClaim), ox.NamedNode(RDF.type)
PROPERTY, VALUE, RANK = ox.NamedNode(KAIFM.property), ox.NamedNode(KAIFM.value), ox.NamedNode(KAIFM.rank)
AMOUNT, RANK_NORMAL = ox.NamedNode(SCHEMA.MonetaryAmount), ox.NamedNode(KAIFM.NormalRank)
DEFAULT = None  # the default graph, where a triple no source reports goes


class _Split:
    """Which sources' graphs each triple of the built graph goes to."""

    def __init__(self, triples: list[ox.Triple]):
        self.cited: dict = defaultdict(set)  # node citing sources -> their IRIs
        links, facts, amounts = [], {}, set()  # claim links; (claim, kaifm:property|value|rank) -> object
        for triple in triples:
            subject, prop, value = triple
            if prop == SOURCE:
                self.cited[subject].add(value)
            elif prop == HAS_CLAIM:
                links.append(triple)
            elif prop in (PROPERTY, VALUE, RANK):
                facts[(subject, prop)] = value
            elif prop == TYPE and value == AMOUNT:
                amounts.add(subject)
        self.claimed: dict = defaultdict(set)  # claim link or truthy triple -> the sources of its claims
        for link in links:
            self.claimed[link] |= self.cited.get(link.object, set())
        ranked = ((subject, facts.get((claim, PROPERTY)), URIRef(facts.get((claim, RANK), RANK_NORMAL).value), claim)
                  for subject, _, claim in links)
        for (subject, prop), claims in best_ranked(ranked).items():
            for claim in claims:
                self.claimed[ox.Triple(subject, prop, facts[(claim, VALUE)])] |= self.cited.get(claim, set())
        # money amount citing nothing -> the sources of the triples pointing at it
        self.amounts: dict = dict.fromkeys(amounts - self.cited.keys(), frozenset())
        self._follow_amounts(triples)

    def _follow_amounts(self, triples: list[ox.Triple]) -> None:
        """Give each money amount citing nothing the sources of the triples pointing at it."""
        pointing = defaultdict(list)
        for triple in triples:
            if triple.object in self.amounts:
                pointing[triple.object].append(triple)
        changed = True
        while changed:  # an amount may point at another (kaifm:reportedEquivalent)
            changed = False
            for amount, at in pointing.items():
                wanted = set().union(*map(self.sources, at))
                if not wanted <= self.amounts[amount]:
                    self.amounts[amount] = frozenset(wanted | self.amounts[amount])
                    changed = True

    def sources(self, triple: ox.Triple) -> set:
        """The IRIs of the sources whose graphs hold triple (none: the default graph)."""
        if triple.predicate == SOURCE:
            return {triple.object}
        if triple in self.claimed:
            return self.claimed[triple]
        return self.cited.get(triple.subject) or self.amounts.get(triple.subject, set())


def _graphs(dump: bytes) -> dict:
    """The triples of each graph, in the dump's (sorted) order: the default graph's (key DEFAULT) first, then each
    source's, by IRI."""
    triples = [quad.triple for quad in ox.parse(dump, format=ox.RdfFormat.N_TRIPLES)]
    split = _Split(triples)
    graphs: dict = defaultdict(list)
    for triple in triples:
        for source in split.sources(triple) or (DEFAULT,):
            graphs[source].append(triple)
    order = sorted(graphs, key=lambda source: (source is not DEFAULT, source.value if source else ""))
    return {source: graphs[source] for source in order}


def _quad(triple: ox.Triple, source) -> ox.Quad:
    """triple in the graph of source (DEFAULT: the default graph)."""
    return ox.Quad(triple.subject, triple.predicate, triple.object, source)


def render_nquads(dump: bytes) -> bytes:
    """The named graphs as N-Quads, lines sorted (a default-graph triple is a line without a graph name)."""
    lines = sorted(f"{_quad(triple, source)} .\n" for source, triples in _graphs(dump).items() for triple in triples)
    return b"".join([line.encode("utf-8") for line in lines])  # line by line: a str of it all is two more copies


def render_trig(dump: bytes) -> bytes:
    """The named graphs as TriG, written by pyoxigraph: the project's prefixes, the default graph, then one block
    per source, by IRI, each block's triples in N-Triples order (the built graph has no blank node to label:
    build/mint.py names every one)."""
    quads = (_quad(triple, source) for source, triples in _graphs(dump).items() for triple in triples)
    return written_by_oxigraph(quads, ox.RdfFormat.TRIG)
