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

from rdflib import Graph, URIRef

from ..rdf.io import bind_prefixes
from ..build.claims import best_claims
from ..rdf.namespaces import DCTERMS, KAIFM, RDF, SCHEMA
from ..rdf.io import serialize

DEFAULT = None  # the key of the default graph in named_graphs()


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


def named_graphs(graph: Graph) -> dict:
    """The graph split by source: {source IRI: Graph, ..., DEFAULT: Graph of what no source reports}."""
    names = _graph_names(graph)
    split: dict = defaultdict(Graph)
    for triple in graph:
        for name in names.get(triple) or (DEFAULT,):
            split[name].add(triple)
    return {name: bind_prefixes(split[name]) for name in sorted(split, key=lambda n: (n is not DEFAULT, str(n)))}


def render_nquads(graph: Graph) -> bytes:
    """The named graphs as N-Quads, lines sorted (a default-graph triple is a line without a graph name)."""
    lines = []
    for name, part in named_graphs(graph).items():
        suffix = " ." if name is DEFAULT else f" {URIRef(name).n3()} ."
        lines += [line[: -len(" .")] + suffix for line in serialize(part, "nt").decode("utf-8").splitlines()]
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


def render_trig(graph: Graph) -> bytes:
    """The named graphs as TriG: the prefixes, the default graph, then one block per source, by IRI."""
    prefixes: set[str] = set()
    blocks = []
    for name, part in named_graphs(graph).items():
        lines = serialize(part, "ttl").decode("utf-8").splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        body = "\n".join(line for line in lines if not line.startswith("@prefix")).strip("\n")
        blocks.append(body if name is DEFAULT else f"{URIRef(name).n3()} {{\n{body}\n}}")
    return ("\n\n".join(["\n".join(sorted(prefixes)), *blocks]) + "\n").encode("utf-8")
