"""Deterministic IRIs for the blank nodes curators write (claims, memberships, outcomes, ...).

Each IRI is made from the node's content, so the same data always gives the same IRI and a
release diff can track the node. docs/authoring.md lists the patterns.
"""

import hashlib
import re

from rdflib import BNode, Graph, Literal, URIRef

from ..errors import InputError
from ..rdf.namespaces import ID, KAIFM, ORG, PREFIXES, RDF, SCHEMA

# node type -> (IRI folder, properties whose values name the node, in order)
_BY_CONTENT = {
    KAIFM.ConsortiumMembership: ("membership", (ORG.organization, ORG.member)),
    KAIFM.Position: ("position", (ORG.member, ORG.organization)),
    KAIFM.Application: ("application", (KAIFM.call, KAIFM.applicant)),
    KAIFM.Outcome: ("outcome", (KAIFM.stageOf, KAIFM.team)),
    KAIFM.BenchmarkResult: ("benchmark-result", (KAIFM.model, KAIFM.benchmark)),
}
# property linking a parent to a child node -> type the child gets
_CHILD_TYPES = {
    KAIFM.hasClaim: KAIFM.Claim,
    KAIFM.score: KAIFM.Score,
    KAIFM.averageScore: KAIFM.Score,
    KAIFM.amount: SCHEMA.MonetaryAmount,
    KAIFM.reportedEquivalent: SCHEMA.MonetaryAmount,
}


def slugify(text: str, limit: int = 60) -> str:
    """Lower-case ASCII words joined by '-' (non-ASCII text gives an empty slug)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _key(node, minted: dict) -> str | None:
    """The IRI-safe key of a node, or None while it is an unminted blank node."""
    node = minted.get(node, node)
    if isinstance(node, BNode):
        return None
    if isinstance(node, URIRef):
        text = str(node)
        if text.startswith(str(ID)):
            return text[len(str(ID)):].split("/", 1)[-1].replace("/", "-")
        return slugify(re.split(r"[/#]", text.rstrip("/#"))[-1]) or _short_hash(text)
    if isinstance(node, Literal):
        lexical = str(node)
        if node.language is None and len(lexical) <= 40 and slugify(lexical):
            return slugify(lexical.replace(".", "-"))
        words = slugify(lexical, 40)
        digest = _short_hash(node.n3())
        return f"{words}-{digest}" if words else digest
    return None


def _property_key(prop: URIRef) -> str:
    """kaifm terms by local name, others as prefix-local (schema-datePublished)."""
    text = str(prop)
    for prefix, ns in PREFIXES.items():
        local = text[len(str(ns)):]
        if text.startswith(str(ns)) and local and "/" not in local:
            return local if prefix == "kaifm" else f"{prefix}-{local}"
    return _short_hash(text)


def _subject_path(subject, minted: dict) -> str | None:
    subject = minted.get(subject, subject)
    if isinstance(subject, BNode):
        return None
    text = str(subject)
    return text[len(str(ID)):] if text.startswith(str(ID)) else _short_hash(text)


def _amount_key(graph: Graph, node: BNode) -> str | None:
    value = graph.value(node, SCHEMA.value)
    currency = graph.value(node, SCHEMA.currency)
    if value is None or currency is None:
        return None
    number = format(value.toPython(), "f").rstrip("0").rstrip(".") if "." in str(value) else str(value)
    return f"amount/{number}-{str(currency).lower()}"


def _parent(graph: Graph, node: BNode, props) -> tuple:
    for prop in props:
        for parent in graph.subjects(prop, node):
            return parent, prop
    return None, None


def _try_mint(graph: Graph, node: BNode, minted: dict) -> str | None:
    """The id-relative path for one blank node, or None if its inputs are not minted yet."""
    types = set(graph.objects(node, RDF.type))
    if SCHEMA.MonetaryAmount in types:
        return _amount_key(graph, node)
    if KAIFM.Claim in types:
        subject, _ = _parent(graph, node, [KAIFM.hasClaim])
        prop, value = graph.value(node, KAIFM.property), graph.value(node, KAIFM.value)
        path = _subject_path(subject, minted) if subject is not None else None
        value_key = _key(value, minted) if value is not None else None
        if prop is None or path is None or value_key is None:
            return None
        return f"claim/{path}/{_property_key(prop)}/{value_key}"
    if KAIFM.Score in types:
        parent, _ = _parent(graph, node, [KAIFM.score, KAIFM.averageScore])
        criterion = graph.value(node, KAIFM.criterion)
        path = _subject_path(parent, minted) if parent is not None else None
        if path is None or criterion is None:
            return None
        return f"{path}/score/{_key(criterion, minted)}"
    for node_type, (folder, props) in _BY_CONTENT.items():
        if node_type in types:
            keys = [_key(graph.value(node, prop), minted) for prop in props]
            return None if None in keys else "/".join([folder, *keys])
    return None


def _describe(graph: Graph, node: BNode) -> str:
    triples = sorted(f"{p.n3(graph.namespace_manager)} {o.n3(graph.namespace_manager)}"
                     for p, o in graph.predicate_objects(node))
    return "[ " + " ; ".join(triples[:6]) + (" ; …" if len(triples) > 6 else "") + " ]"


def type_child_nodes(graph: Graph) -> None:
    """Give untyped claim, score and amount nodes the type their parent property implies."""
    for prop, node_type in _CHILD_TYPES.items():
        for child in list(graph.objects(None, prop)):
            if isinstance(child, BNode):
                graph.add((child, RDF.type, node_type))
    for claim in list(graph.subjects(RDF.type, KAIFM.Claim)):
        value = graph.value(claim, KAIFM.value)
        if isinstance(value, BNode) and graph.value(value, SCHEMA.currency) is not None:
            graph.add((value, RDF.type, SCHEMA.MonetaryAmount))


def mint_iris(graph: Graph) -> Graph:
    """Return a copy of graph with every blank node replaced by its content-derived IRI.

    Raises InputError naming a node that has no rule or lacks the values its IRI is made from.
    """
    type_child_nodes(graph)
    blanks = {n for n in graph.all_nodes() if isinstance(n, BNode)}
    minted: dict = {}
    progress = True
    while progress:
        progress = False
        for node in blanks - minted.keys():
            path = _try_mint(graph, node, minted)
            if path is not None:
                minted[node] = ID[path]
                progress = True
    left = blanks - minted.keys()
    if left:
        details = "\n  ".join(sorted(_describe(graph, n) for n in left)[:5])
        raise InputError(
            f"{len(left)} blank node(s) cannot be given an IRI (unknown type, or missing the values "
            f"its IRI is made from; see docs/authoring.md):\n  {details}")
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=False)
    for s, p, o in graph:
        out.add((minted.get(s, s), p, minted.get(o, o)))
    return out
