"""Build the graph: load the ontology and the data, mint IRIs, derive the truthy view, the ORG shortcuts,
the superclass types and the citations. `Project.graph()` is the way in; it caches what `build_graph` makes."""

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from ..rdf.io import bind_prefixes, load_files
from ..rdf.namespaces import KAIFM, ORG, RDF, RDFS
from .citations import add_citations
from .claims import add_default_ranks, add_truthy_triples
from .mint import mint_iris


def add_superclass_types(graph: Graph) -> None:
    """Type each instance with the kaifm superclasses of its kaifm classes (Call is a Stage, Consortium an Organisation)."""
    parents: dict = {}
    for cls, parent in graph.subject_objects(RDFS.subClassOf):
        if str(cls).startswith(str(KAIFM)) and str(parent).startswith(str(KAIFM)):
            parents.setdefault(cls, set()).add(parent)
    for cls in parents:
        ancestors, todo = set(), list(parents[cls])
        while todo:
            parent = todo.pop()
            if parent not in ancestors:
                ancestors.add(parent)
                todo.extend(parents.get(parent, ()))
        for instance in list(graph.subjects(RDF.type, cls)):
            for ancestor in ancestors:
                graph.add((instance, RDF.type, ancestor))


def add_org_shortcuts(graph: Graph) -> None:
    """`team org:hasMember member` and `member org:memberOf team` for every membership record and every
    truthy org:hasMember claim, so a plain W3C ORG query finds the members; a deprecated claim gives neither."""
    for membership in list(graph.subjects(RDF.type, KAIFM.ConsortiumMembership)):
        for team in list(graph.objects(membership, ORG.organization)):
            for member in list(graph.objects(membership, ORG.member)):
                graph.add((team, ORG.hasMember, member))
    for team, member in list(graph.subject_objects(ORG.hasMember)):
        graph.add((member, ORG.memberOf, team))


def build_graph(files: Iterable[Path]) -> Graph:
    """The built graph of files (ontology and data): IRIs minted, truthy triples, kaifm superclass types
    and source citations added."""
    origins: dict = {}  # blank node -> (file, line), for messages naming where a node was written
    graph = mint_iris(load_files(files, origins), origins)
    add_default_ranks(graph)
    add_truthy_triples(graph)
    add_org_shortcuts(graph)
    add_superclass_types(graph)
    add_citations(graph)
    return bind_prefixes(graph)


def dumped_graph(path: Path) -> Graph:
    """A built graph read back from its N-Triples dump, with the project's prefixes."""
    return bind_prefixes(Graph().parse(path, format="nt"))
