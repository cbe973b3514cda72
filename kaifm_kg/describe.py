"""Find entities by name and describe them with the source of every fact; count what the graph holds."""

import difflib
import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from .claims import best_claims
from .errors import NotFoundError
from .namespaces import DCTERMS, KAIFM, PREFIXES, RDF, RDFS, SCHEMA, SKOS, TIME

NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
_HIDDEN = {KAIFM.hasClaim, DCTERMS.source, RDF.type, RDFS.label, SKOS.altLabel, SKOS.prefLabel}


@dataclass(frozen=True)
class Fact:
    """One fact about an entity, as labels, with the sources that report it."""

    direction: str  # "out" (entity → value) or "in" (something → entity)
    property: str
    value: str
    sources: tuple[str, ...]
    note: str = ""


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


@dataclass(frozen=True)
class Stats:
    """Size of the graph: triples and instances per class."""

    triples: int
    classes: dict[str, int]


def label(graph: Graph, node, lang: str = "en") -> str:
    """The node's label in lang (else English, else any), a CURIE, or a literal's text."""
    if isinstance(node, Literal):
        return str(node)
    labels = {l.language: str(l) for l in graph.objects(node, RDFS.label) if isinstance(l, Literal)}
    labels.update({l.language: str(l) for l in graph.objects(node, SKOS.prefLabel)
                   if isinstance(l, Literal) and l.language not in labels})
    for choice in (lang, "en", None):
        if choice in labels:
            return labels[choice]
    if labels:
        return next(iter(labels.values()))
    title = graph.value(node, DCTERMS.title)
    return str(title) if title is not None else curie(node)


def curie(node) -> str:
    """A prefixed name for node when one of the project's prefixes fits, else the full IRI."""
    text = str(node)
    best = max(((p, str(ns)) for p, ns in PREFIXES.items() if text.startswith(str(ns))),
               key=lambda item: len(item[1]), default=None)
    return f"{best[0]}:{text[len(best[1]):]}" if best else text


def find_entity(graph: Graph, name: str) -> URIRef:
    """The node whose IRI, prefixed name, label or alias is name (case-insensitive for labels)."""
    wanted = name.strip()
    candidates = set()
    if re.fullmatch(r"[A-Za-z][\w.+-]*:\S+", wanted):
        prefix, _, local = wanted.partition(":")
        candidates.add(URIRef(str(PREFIXES[prefix]) + local) if prefix in PREFIXES else URIRef(wanted))
    for node in candidates:
        if (node, None, None) in graph:
            return node
    names: dict[str, set] = {}
    for prop in NAME_PROPERTIES:
        for node, text in graph.subject_objects(prop):
            if isinstance(node, URIRef):
                names.setdefault(str(text).casefold(), set()).add(node)
    matches = names.get(wanted.casefold(), set())
    entities = sorted(n for n in matches if (n, RDF.type, KAIFM.Claim) not in graph)
    if entities:
        return entities[0]
    close = difflib.get_close_matches(wanted.casefold(), names, n=5, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise NotFoundError(f"NAME: no entity is called {name!r}.{hint}")


def _sources(graph: Graph, node, lang: str) -> tuple[str, ...]:
    return tuple(sorted(source_citation(graph, s, lang) for s in graph.objects(node, DCTERMS.source)))


def display_date(graph: Graph, node, prop) -> str | None:
    """The node's date as precisely as it is known: 2026-01-15, 2026-01 or 2026."""
    value = graph.value(node, prop)
    if value is None:
        return None
    width = {TIME.unitMonth: 7, TIME.unitYear: 4}.get(graph.value(node, KAIFM.datePrecision), 10)
    return str(value)[:width]


def source_citation(graph: Graph, source, lang: str = "en") -> str:
    """Short citation: title (publisher, date)."""
    parts = [p for p in (graph.value(source, KAIFM.publisherName), display_date(graph, source, DCTERMS.issued))
             if p is not None]
    parts = [str(p) for p in parts]
    publisher = graph.value(source, DCTERMS.publisher)
    if publisher is not None:
        parts.insert(0, label(graph, publisher, lang))
    return f"{label(graph, source, lang)} ({', '.join(parts)})" if parts else label(graph, source, lang)


def _record_summary(graph: Graph, record, skip, lang: str) -> str:
    parts = []
    for prop, value in sorted(graph.predicate_objects(record)):
        if prop in _HIDDEN or prop == skip or prop == KAIFM.score:
            continue
        parts.append(f"{label(graph, prop, lang)}: {label(graph, value, lang)}")
    return "; ".join(parts)


def describe_entity(graph: Graph, node: URIRef, lang: str = "en") -> Description:
    """Labels, facts in both directions, and the source of each fact."""
    labels = {l.language or "": str(l) for l in graph.objects(node, RDFS.label)}
    desc = Description(
        iri=str(node), labels=labels,
        aliases=sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
        types=sorted(label(graph, t, lang) for t in graph.objects(node, RDF.type)),
        sources=list(_sources(graph, node, lang)))
    best = best_claims(graph)
    is_record = not graph.value(node, RDFS.label)
    for prop, value in sorted(graph.predicate_objects(node)):
        if prop in _HIDDEN:
            continue
        claims = [c for c in best.get((node, prop), []) if graph.value(c, KAIFM.value) == value]
        sources = tuple(sorted({s for c in claims for s in _sources(graph, c, lang)}))
        if is_record and not claims:
            sources = _sources(graph, node, lang)
        desc.facts.append(Fact("out", label(graph, prop, lang), label(graph, value, lang), sources))
    for subject, prop in sorted(graph.subject_predicates(node)):
        if prop in (KAIFM.value, KAIFM.rankEvidence) or (subject, RDF.type, KAIFM.Claim) in graph:
            continue
        summary = _record_summary(graph, subject, prop, lang) if not graph.value(subject, RDFS.label) else ""
        desc.facts.append(Fact("in", label(graph, prop, lang), label(graph, subject, lang),
                               _sources(graph, subject, lang), summary))
    chosen = {c for claims in best.values() for c in claims}
    for claim in sorted(graph.objects(node, KAIFM.hasClaim)):
        if claim in chosen:
            continue
        reason = graph.value(claim, KAIFM.rankReason)
        desc.other_claims.append(Fact(
            "out", label(graph, graph.value(claim, KAIFM.property), lang),
            label(graph, graph.value(claim, KAIFM.value), lang), _sources(graph, claim, lang),
            f"{label(graph, graph.value(claim, KAIFM.rank), lang)}" + (f": {reason}" if reason else "")))
    return desc


def graph_stats(graph: Graph) -> Stats:
    """Triples, and instances of each class of the kaifm and schema namespaces."""
    counts: dict[str, int] = {}
    for cls in set(graph.objects(None, RDF.type)):
        if str(cls).startswith((str(KAIFM), str(SCHEMA))):
            counts[curie(cls)] = sum(1 for _ in graph.subjects(RDF.type, cls))
    return Stats(len(graph), dict(sorted(counts.items())))
