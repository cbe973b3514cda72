"""Build the graph: load the ontology and the data, mint IRIs, derive the truthy view, the superclass
types and the citations. `Project.graph()` is the way in; it caches what `build_graph` makes."""

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from ..rdf.io import bind_prefixes, load_files
from ..rdf.namespaces import KAIFM, RDF, RDFS
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


def build_graph(files: Iterable[Path]) -> Graph:
    """The built graph of files (ontology and data): IRIs minted, truthy triples, kaifm superclass types
    and source citations added."""
    origins: dict = {}  # blank node -> (file, line), for messages naming where a node was written
    graph = mint_iris(load_files(files, origins), origins)
    add_default_ranks(graph)
    add_truthy_triples(graph)
    add_superclass_types(graph)
    add_citations(graph)
    return bind_prefixes(graph)


def dumped_graph(path: Path) -> Graph:
    """A built graph read back from its N-Triples dump, with the project's prefixes."""
    return bind_prefixes(Graph().parse(path, format="nt"))
