"""Describe an entity with the source and evidence level of every fact (what `show` prints), as of the day the
graph is curated up to, and count what the graph holds."""

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from ..build.claims import best_claims
from ..rdf.io import in_order
from ..rdf.labels import curie, display_date, label
from ..rdf.namespaces import DCTERMS, KAIFM, ORG, RDF, RDFS, SCHEMA, SKOS
from ..rdf.prefixes import DATASET

_HIDDEN = {KAIFM.hasClaim, DCTERMS.source, RDF.type, RDFS.label, SKOS.altLabel, SKOS.prefLabel}
_SHORTCUTS = {ORG.hasMember, ORG.memberOf}  # derived from membership records, which `show` lists with their sources


@dataclass(frozen=True)
class Fact:
    """One fact about an entity, as labels, with the sources that report it."""

    direction: str  # "out" (entity → value) or "in" (something → entity)
    property: str
    value: str
    sources: tuple[str, ...]
    note: str = ""
    target: str = ""  # the IRI of the value ("out") or of the referring node ("in"), when it is one
    evidence: str = ""  # the best evidence level of the sources (official release, press report, ...)


@dataclass
class Description:
    """What `show` prints about one entity."""

    iri: str
    labels: dict[str, str]
    aliases: list[str]
    types: list[str]
    facts: list[Fact] = field(default_factory=list)
    other_claims: list[Fact] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    citations: dict[str, str] = field(default_factory=dict)  # each citation shown -> the IRI of its source
    as_of: str | None = None  # the day the graph is curated up to


@dataclass(frozen=True)
class Stats:
    """Size of the graph: triples and instances per class, as of the day it is curated up to."""

    triples: int
    classes: dict[str, int]
    as_of: str | None = None


def _cited(graph: Graph, node, lang: str, citations: dict, made: dict) -> tuple[str, ...]:
    """The citations of node's sources, sorted; each is recorded in citations (text -> source IRI), and made
    keeps every citation already written ((source, lang) -> text)."""
    cited = {}
    for source in graph.objects(node, DCTERMS.source):
        if (source, lang) not in made:
            made[source, lang] = source_citation(graph, source, lang)
        cited[made[source, lang]] = str(source)
    citations.update(cited)
    return tuple(sorted(cited))


def source_citation(graph: Graph, source, lang: str = "en") -> str:
    """Short citation: title (publisher, date) — evidence level."""
    parts = [p for p in (graph.value(source, KAIFM.publisherName), display_date(graph, source, DCTERMS.issued))
             if p is not None]
    parts = [str(p) for p in parts]
    publisher = graph.value(source, DCTERMS.publisher)
    if publisher is not None:
        parts.insert(0, label(graph, publisher, lang))
    level = graph.value(source, KAIFM.evidenceLevel)
    cited = f"{label(graph, source, lang)} ({', '.join(parts)})" if parts else label(graph, source, lang)
    return cited + (f" — {label(graph, level, lang)}" if level is not None else "")


def evidence_level(graph: Graph, nodes, lang: str = "en") -> str:
    """The evidence level of a claim or record: the best (lowest kaifm:levelOrder) of its sources' levels."""
    levels = {level for node in nodes for source in graph.objects(node, DCTERMS.source)
              if (level := graph.value(source, KAIFM.evidenceLevel)) is not None}
    best = min(levels, key=lambda level: (int(str(graph.value(level, KAIFM.levelOrder) or 99)), str(level)),
               default=None)
    return "" if best is None else label(graph, best, lang)


def as_of(graph: Graph) -> str | None:
    """The day the graph is curated up to (kaifm:curatedUpTo on the dataset), if it says."""
    day = graph.value(URIRef(DATASET), KAIFM.curatedUpTo)
    return None if day is None else str(day)


def _record_summary(graph: Graph, record, skip, lang: str) -> str:
    parts = []
    for prop, value in sorted(graph.predicate_objects(record)):
        if prop in _HIDDEN or prop == skip or prop == KAIFM.hasScore:
            continue
        parts.append(f"{label(graph, prop, lang)}: {label(graph, value, lang)}")
    return "; ".join(parts)


def describe_entity(graph: Graph, node: URIRef, lang: str = "en", best: dict | None = None,
                    made_citations: dict | None = None) -> Description:
    """Labels, facts in both directions, and the source of each fact. A caller who describes many entities of
    one unchanging graph keeps best (best_claims(graph)) and made_citations (a dict this fills) between calls."""
    labels = {l.language or "": str(l) for l in graph.objects(node, RDFS.label) if isinstance(l, Literal)}
    cited: dict[str, str] = {}
    made = {} if made_citations is None else made_citations

    desc = Description(
        iri=str(node), labels=labels,
        aliases=sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
        types=sorted(label(graph, t, lang) for t in graph.objects(node, RDF.type)),
        sources=list(_cited(graph, node, lang, cited, made)), citations=cited, as_of=as_of(graph))
    best = best_claims(graph) if best is None else best
    is_record = not graph.value(node, RDFS.label)
    for prop, value in sorted(graph.predicate_objects(node)):
        if prop in _HIDDEN:
            continue
        claims = [c for c in best.get((node, prop), []) if graph.value(c, KAIFM.value) == value]
        if prop in _SHORTCUTS and not claims:
            continue
        behind = [node] if is_record and not claims else claims
        sources = tuple(sorted({s for c in behind for s in _cited(graph, c, lang, cited, made)}))
        desc.facts.append(Fact("out", label(graph, prop, lang), label(graph, value, lang), sources,
                               target=str(value) if isinstance(value, URIRef) else "",
                               evidence=evidence_level(graph, behind, lang)))
    for subject, prop in sorted(graph.subject_predicates(node)):
        if prop in (KAIFM.value, KAIFM.rankEvidence) or (subject, RDF.type, KAIFM.Claim) in graph:
            continue
        if prop in _SHORTCUTS and not any(graph.value(c, KAIFM.value) == node for c in best.get((subject, prop), [])):
            continue
        summary = _record_summary(graph, subject, prop, lang) if not graph.value(subject, RDFS.label) else ""
        desc.facts.append(Fact("in", label(graph, prop, lang), label(graph, subject, lang),
                               _cited(graph, subject, lang, cited, made), summary, target=str(subject),
                               evidence=evidence_level(graph, [subject], lang)))
    chosen = {c for claims in best.values() for c in claims}
    for claim in in_order(graph.objects(node, KAIFM.hasClaim)):
        if claim in chosen:
            continue
        reason, claimed = graph.value(claim, KAIFM.rankReason), graph.value(claim, KAIFM.value)
        desc.other_claims.append(Fact(
            "out", label(graph, graph.value(claim, KAIFM.property), lang),
            label(graph, claimed, lang), _cited(graph, claim, lang, cited, made),
            f"{label(graph, graph.value(claim, KAIFM.rank), lang)}" + (f": {reason}" if reason else ""),
            target=str(claimed) if isinstance(claimed, URIRef) else "", evidence=evidence_level(graph, [claim], lang)))
    return desc


def graph_stats(graph: Graph) -> Stats:
    """Triples, and instances of each class of the kaifm and schema namespaces."""
    counts: dict[str, int] = {}
    for cls in set(graph.objects(None, RDF.type)):
        if str(cls).startswith((str(KAIFM), str(SCHEMA))):
            counts[curie(cls)] = sum(1 for _ in graph.subjects(RDF.type, cls))
    return Stats(len(graph), dict(sorted(counts.items())), as_of(graph))


def render_description(desc: Description) -> str:
    """The text `show` prints: labels, IRI, types, aliases, the as-of day, facts both ways and other claims, each
    with its evidence level and sources, then the documents that name the entity."""
    out = [" / ".join(desc.labels[k] for k in sorted(desc.labels)) or desc.iri,
           f"  IRI:     {desc.iri}", f"  type:    {', '.join(desc.types)}"]
    if desc.as_of:
        out.append(f"  as of:   {desc.as_of} (what the graph's sources reported up to that day)")
    if desc.aliases:
        out.append(f"  aliases: {'; '.join(desc.aliases)}")
    for title, facts in (("Facts", [f for f in desc.facts if f.direction == "out"]),
                         ("Referenced by", [f for f in desc.facts if f.direction == "in"]),
                         ("Other claims (not in the truthy view)", desc.other_claims)):
        if facts:
            out.append(f"{title}:")
        for fact in facts:
            out.append(f"  {fact.property}: {fact.value}" + (f" — {fact.note}" if fact.note else "")
                       + (f"  [{fact.evidence}]" if fact.evidence else ""))
            out += [f"      source: {source}" for source in fact.sources]
    if desc.sources:
        out.append("Named in:")
        out += [f"  {source}" for source in desc.sources]
    return "\n".join(out) + "\n"
