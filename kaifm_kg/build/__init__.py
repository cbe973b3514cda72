"""Build the graph: load the ontology and the data, give renamed properties their new names, mint IRIs, derive
the truthy view, the ORG shortcuts, the superclass types and the citations. `Project.graph()` is the way in;
it caches what `build_graph` makes."""

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal

from ..rdf.io import bind_prefixes, load_files
from ..rdf.namespaces import DCTERMS, KAIFM, ORG, OWL, RDF, RDFS, TIME, XSD
from .citations import add_citations
from .claims import add_default_ranks, add_truthy_triples
from .mint import mint_iris


def rename_deprecated_properties(graph: Graph) -> Graph:
    """Data written with a property's old name (owl:deprecated, dcterms:isReplacedBy in the ontology, such as
    kaifm:outcome for kaifm:outcomeKind) gets the new one, as a triple's predicate and as a claim's property."""
    renamed = {old: new for old in graph.subjects(OWL.deprecated, Literal(True))
               if (new := graph.value(old, DCTERMS.isReplacedBy)) is not None}
    for old, new in renamed.items():
        for subject, value in list(graph.subject_objects(old)):
            graph.remove((subject, old, value))
            graph.add((subject, new, value))
        for claim in list(graph.subjects(KAIFM.property, old)):
            graph.set((claim, KAIFM.property, new))
    return graph


def add_superclass_types(graph: Graph) -> None:
    """Type each instance with the kaifm superclasses of its kaifm classes (Call is a Stage, Consortium an
    Organisation)."""
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


_PRECISION = {XSD.date: TIME.unitDay, XSD.gYearMonth: TIME.unitMonth, XSD.gYear: TIME.unitYear}
_BOOKKEEPING_DATES = (KAIFM.checkedOn, KAIFM.readOn, KAIFM.lastChecked)  # when a curator looked, not a fact


def add_date_precision(graph: Graph) -> None:
    """kaifm:datePrecision (time:unitMonth or time:unitYear, Wikidata's precision qualifier) on each node whose
    dates are all known to the month, or all to the year (claims, records and sources; an entity's truthy dates
    have theirs on their claims; a claim's own is its value's, never a qualifier's such as kaifm:pointInTime):
    the datatype carries the precision, this repeats it for queries that filter on it. Nodes with dates of
    several precisions get none."""
    precisions: dict = {}
    for node, prop, value in graph:
        if prop in _BOOKKEEPING_DATES or (prop != KAIFM.value and (node, KAIFM.property, None) in graph):
            continue
        if isinstance(value, Literal) and value.datatype in _PRECISION:
            precisions.setdefault(node, set()).add(_PRECISION[value.datatype])
    for node, found in precisions.items():
        if (node, RDFS.label, None) in graph:  # an entity: the precision is on its claim, not on it
            continue
        if len(found) == 1 and found != {TIME.unitDay} and graph.value(node, KAIFM.datePrecision) is None:
            graph.add((node, KAIFM.datePrecision, found.pop()))


def build_graph(files: Iterable[Path]) -> Graph:
    """The built graph of files (ontology and data): IRIs minted, truthy triples, kaifm superclass types
    and source citations added."""
    origins: dict = {}  # blank node -> (file, line), for messages naming where a node was written
    graph = mint_iris(rename_deprecated_properties(load_files(files, origins)), origins)
    add_default_ranks(graph)
    add_truthy_triples(graph)
    add_org_shortcuts(graph)
    add_date_precision(graph)
    add_superclass_types(graph)
    add_citations(graph)
    return bind_prefixes(graph)


def dumped_graph(path: Path) -> Graph:
    """A built graph read back from its N-Triples dump, with the project's prefixes."""
    return bind_prefixes(Graph().parse(path, format="nt"))
