"""The statement model: default ranks and the truthy view derived from ranked claims."""

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph
from rdflib.term import Node

from ..rdf.namespaces import KAIFM, RDF

RANK_ORDER = (KAIFM.PreferredRank, KAIFM.NormalRank)


def add_default_ranks(graph: Graph) -> None:
    """Give every claim without a rank the normal rank."""
    for claim in list(graph.subjects(RDF.type, KAIFM.Claim)):
        if graph.value(claim, KAIFM.rank) is None:
            graph.add((claim, KAIFM.rank, KAIFM.NormalRank))


def best_claims(graph: Graph) -> dict:
    """Map (subject, property) to the claims of the best rank present (deprecated never)."""
    return best_ranked((subject, graph.value(claim, KAIFM.property),
                        graph.value(claim, KAIFM.rank, default=KAIFM.NormalRank), claim)
                       for subject, claim in graph.subject_objects(KAIFM.hasClaim))


def best_ranked(claims: Iterable[tuple]) -> dict:
    """Map (subject, property) to the claims of the best rank present (deprecated never), from
    (subject, property, rank, claim) tuples whose rank is an rdflib IRI."""
    by_key: defaultdict[tuple, defaultdict[Node | None, list]] = defaultdict(lambda: defaultdict(list))
    for subject, prop, rank, claim in claims:
        by_key[(subject, prop)][rank].append(claim)
    best = {}
    for key, ranks in by_key.items():
        for rank in RANK_ORDER:
            if ranks.get(rank):
                best[key] = ranks[rank]
                break
    return best


def add_truthy_triples(graph: Graph) -> int:
    """Assert `subject property value` for each best-ranked claim; return how many were added."""
    before = len(graph)
    for (subject, prop), claims in best_claims(graph).items():
        for claim in claims:
            graph.add((subject, prop, graph.value(claim, KAIFM.value)))
    return len(graph) - before
