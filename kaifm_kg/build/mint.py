"""Deterministic IRIs for the blank nodes curators write (claims, memberships, outcomes, ...).

A record's IRI is made from what identifies it (a membership from its consortium and member), so the
same data always gives the same IRI and a release diff can track the node. A claim's IRI is made from
its subject and property, plus the curator's kaifm:claimKey when the subject has several claims of
that property, never from its value: correcting a value keeps the IRI. Two different nodes that would
get one IRI are an error naming both (a record told apart by kaifm:recordKey is no longer one);
only money amounts, which are values, may share an IRI, when they say the same. docs/authoring.md
lists the patterns.
"""

import hashlib
import re
from collections import defaultdict

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import InputError, quoted
from ..rdf.namespaces import DCTERMS, ID, KAIFM, ORG, PREFIXES, RDF, SCHEMA

# node type -> (IRI folder, properties whose values name the node, in order)
_BY_CONTENT = {
    KAIFM.ConsortiumMembership: ("membership", (ORG.organization, ORG.member)),
    KAIFM.Position: ("position", (ORG.member, ORG.organization)),
    KAIFM.Application: ("application", (KAIFM.appliedTo, KAIFM.applicant)),
    KAIFM.Outcome: ("outcome", (KAIFM.stageOf, KAIFM.team)),
    KAIFM.BenchmarkResult: ("benchmark-result", (KAIFM.benchmarkedModel, KAIFM.benchmark)),
}
# property linking a parent to a child node -> type the child gets
_CHILD_TYPES = {
    KAIFM.hasClaim: KAIFM.Claim,
    KAIFM.hasScore: KAIFM.Score,
    KAIFM.averageScore: KAIFM.Score,
    KAIFM.amount: SCHEMA.MonetaryAmount,
    KAIFM.reportedEquivalent: SCHEMA.MonetaryAmount,
}
KEY = re.compile(r"[a-z0-9][a-z0-9-]*")  # kaifm:claimKey and kaifm:recordKey (the shapes say the same)


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


def _property_key(prop: Node) -> str:
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
    if not isinstance(value, Literal) or currency is None:
        return None
    number = format(value.toPython(), "f").rstrip("0").rstrip(".") if "." in str(value) else str(value)
    return f"amount/{number}-{str(currency).lower()}"


def _parent(graph: Graph, node: BNode, props) -> tuple:
    for prop in props:
        for parent in graph.subjects(prop, node):
            return parent, prop
    return None, None


def _content_path(graph: Graph, node: BNode, types: set, minted: dict) -> str | None:
    """The id-relative path one blank node's content gives, or None if its inputs are not minted yet."""
    if SCHEMA.MonetaryAmount in types:
        return _amount_key(graph, node)
    if KAIFM.Claim in types:
        subject, _ = _parent(graph, node, [KAIFM.hasClaim])
        prop = graph.value(node, KAIFM.property)
        path = _subject_path(subject, minted) if subject is not None else None
        return None if prop is None or path is None else f"claim/{path}/{_property_key(prop)}"
    if KAIFM.Score in types:
        parent, _ = _parent(graph, node, [KAIFM.hasScore, KAIFM.averageScore])
        criterion = graph.value(node, KAIFM.criterion)
        path = _subject_path(parent, minted) if parent is not None else None
        if path is None or criterion is None:
            return None
        return f"{path}/score/{_key(criterion, minted)}"
    for node_type, (folder, props) in _BY_CONTENT.items():
        if node_type in types:
            keys = [_key(graph.value(node, prop), minted) for prop in props]
            found = [k for k in keys if k is not None]
            return "/".join([folder, *found]) if len(found) == len(keys) else None
    return None


def _record(graph: Graph, node: BNode, origins: dict, minted: dict | None = None) -> str:
    """The node for a message: where it opens (file:line, when known) and what it says, in short Turtle."""
    name, minted, said = graph.namespace_manager, minted or {}, defaultdict(list)
    for p, o in graph.predicate_objects(node):
        text = minted.get(o, o).n3(name)
        said[p].append(text if len(text) <= 60 else text[:59] + "…")
    order = sorted(said, key=lambda p: (p != RDF.type, p == DCTERMS.source, p.n3(name)))
    parts = [f"{'a' if p == RDF.type else p.n3(name)} {' , '.join(sorted(said[p]))}" for p in order]
    text = "[ " + " ; ".join(parts[:8]) + (" ; …" if len(parts) > 8 else "") + " ]"
    return f"{origins[node][0]}:{origins[node][1]} {text}" if node in origins else text


def _records(graph: Graph, nodes, origins: dict, minted: dict | None = None) -> list[str]:
    """_record of each node, in the order they were written (files, then lines), else by what they say."""
    return [text for _, text in sorted((origins.get(n, ()), _record(graph, n, origins, minted)) for n in nodes)]


def _types(graph: Graph, blanks: set) -> dict:
    """Each blank node's types: its own, and the one its parent property implies (claims, scores, amounts)."""
    types = {node: set(graph.objects(node, RDF.type)) for node in blanks}
    for prop, node_type in _CHILD_TYPES.items():
        for child in graph.objects(None, prop):
            if child in types:
                types[child].add(node_type)
    for node in blanks:
        value = graph.value(node, KAIFM.value) if KAIFM.Claim in types[node] else None
        if value in types and graph.value(value, SCHEMA.currency) is not None:
            types[value].add(SCHEMA.MonetaryAmount)
    return types


def _curator_keys(graph: Graph, types: dict, origins: dict) -> dict:
    """Each blank node's kaifm:claimKey (claims) or kaifm:recordKey (records), checked to be one slug."""
    found = {}
    for node, node_types in types.items():
        prop = KAIFM.claimKey if KAIFM.Claim in node_types else KAIFM.recordKey
        keys = list(graph.objects(node, prop))
        if len(keys) > 1 or (keys and not KEY.fullmatch(str(keys[0]))):
            given = ", ".join(quoted(str(k)) for k in keys)
            raise InputError(f"{_record(graph, node, origins)}: {prop.n3(graph.namespace_manager)} must be one "
                             f"lower-case slug (a-z, 0-9, '-'), not {given}")
        if keys:
            found[node] = str(keys[0])
    return found


def _check_collisions(graph: Graph, minted: dict, types: dict, origins: dict) -> None:
    """Raise InputError naming the nodes that would share an IRI (amounts that say the same excepted)."""
    by_iri = defaultdict(list)
    for node, iri in minted.items():
        by_iri[iri].append(node)
    clashes = []
    for iri, nodes in sorted((iri, nodes) for iri, nodes in by_iri.items() if len(nodes) > 1):
        said = {frozenset((p, minted.get(o, o)) for p, o in graph.predicate_objects(n)) for n in nodes}
        if len(said) == 1 and all(SCHEMA.MonetaryAmount in types[n] for n in nodes):
            continue
        key = "kaifm:claimKey" if KAIFM.Claim in types[nodes[0]] else "kaifm:recordKey"
        clashes.append(f"{len(nodes)} nodes would get the IRI <{iri}>; tell them apart with {key}:\n    "
                       + "\n    ".join(_records(graph, nodes, origins, minted)))
    if clashes:
        raise InputError("two different nodes cannot share one IRI (see docs/authoring.md):\n  "
                         + "\n  ".join(clashes))


def mint_iris(graph: Graph, origins: dict | None = None) -> Graph:
    """A new graph: graph (left unchanged) with every blank node replaced by its IRI, and the types claims,
    scores and amounts get from the property that holds them.

    origins maps blank nodes to where they were written ((path, line), from rdf.io.load_files) for messages.
    Raises InputError naming a node that has no rule, lacks the values its IRI is made from or has a bad key,
    and naming both nodes when two would get one IRI.
    """
    origins = origins or {}
    blanks = {n for n in graph.all_nodes() if isinstance(n, BNode)}
    types = _types(graph, blanks)
    keys = _curator_keys(graph, types, origins)
    minted: dict = {}
    progress = True
    while progress:
        progress = False
        for node in blanks - minted.keys():
            path = _content_path(graph, node, types[node], minted)
            if path is not None:
                minted[node] = ID[f"{path}/{keys[node]}" if node in keys else path]
                progress = True
    left = blanks - minted.keys()
    if left:
        details = "\n  ".join(_records(graph, left, origins)[:5])
        raise InputError(
            f"{len(left)} blank node(s) cannot be given an IRI (unknown type, or missing the values "
            f"its IRI is made from; see docs/authoring.md):\n  {details}")
    _check_collisions(graph, minted, types, origins)
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=False)
    for s, p, o in graph:
        out.add((minted.get(s, s), p, minted.get(o, o)))
    for node, node_types in types.items():
        for node_type in node_types:
            out.add((minted[node], RDF.type, node_type))
    return out
