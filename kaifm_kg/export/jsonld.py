"""JSON-LD that reads like JSON: compaction with the project's context and framing into nested documents.

The context (ontology/context.jsonld) gives short, stable keys (``name``, ``members``, ``parameters``,
...), language maps for the bilingual labels, ``@type`` coercion for dates, numbers and IRIs, and
``@base`` https://w3id.org/kaifm/id/ so node ids read ``team/upstage``. Integers and booleans are
written as JSON numbers and ``true``/``false`` (with the datatype in the context, so they expand to
the same literal); decimals stay strings so their lexical form survives. Every output embeds the
context, so a JSON-LD processor needs no network to read it, and never fetches one either: the
document loader serves only the context's own URL, from the shipped file.

A frame (ontology/frames/NAME.jsonld) selects the nodes of one type and nests what belongs to them;
ontology/frames/NAME.rq is the SPARQL CONSTRUCT of exactly the triples a framed document holds, and pyld
frames those triples alone, a few documents at a time (`frame_graph`). Frames are applied with
``omitDefault`` (a property a node lacks is left out rather than null).
"""

import json
from collections.abc import Iterable

import pyoxigraph as ox
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import InputError, quoted
from ..files import utf8_text
from ..project import Project
from ..rdf.namespaces import RDF, XSD

CONTEXT_URL = "https://w3id.org/kaifm/context.jsonld"
FRAMES = ("consortium", "model", "round")


def _read_json(path) -> dict:
    try:
        return json.loads(utf8_text(path.read_bytes(), str(path)))
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read as JSON: {e}") from e


def load_context(project: Project) -> dict:
    """The project's context document ({"@context": {...}}), read afresh (callers may change it)."""
    return _read_json(project.context_file)


def _options(context: dict) -> dict:
    """pyld options whose document loader serves the context's URL from context, and nothing from the network."""
    def load_document(url: str, options=None) -> dict:
        if url != CONTEXT_URL:
            raise InputError(f"JSON-LD: will not fetch {url} (only {CONTEXT_URL} is known, from the project's file)")
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": context}

    return {"documentLoader": load_document}


def _value(term) -> dict:
    """An RDF term as an expanded JSON-LD value; canonical integers and booleans become JSON numbers and booleans."""
    if isinstance(term, URIRef):
        return {"@id": str(term)}
    if not isinstance(term, Literal):
        raise InputError(f"JSON-LD: blank node {term} in the graph (every node is expected to have an IRI)")
    text = str(term)
    if term.language:
        return {"@value": text, "@language": term.language}
    if term.datatype == XSD.integer and text.lstrip("-").isdigit() and str(int(text)) == text:
        return {"@value": int(text), "@type": str(XSD.integer)}
    if term.datatype == XSD.boolean and text in ("true", "false"):
        return {"@value": text == "true", "@type": str(XSD.boolean)}
    if term.datatype is not None and term.datatype != XSD.string:
        return {"@value": text, "@type": str(term.datatype)}
    return {"@value": text}


def expanded(triples: Iterable) -> list[dict]:
    """triples (a graph) as expanded JSON-LD: one node object per subject, sorted by IRI."""
    nodes: dict[str, dict] = {}
    for s, p, o in triples:
        node = nodes.setdefault(str(s), {"@id": str(s)})
        if p == RDF.type and isinstance(o, URIRef):
            node.setdefault("@type", []).append(str(o))
        else:
            node.setdefault(str(p), []).append(_value(o))
    return [nodes[key] for key in sorted(nodes)]


def _sorted_json(value):
    """Sort every array by its JSON text (node arrays, value arrays, language-map arrays; never an @list)."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted_json(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _iri(name: str, terms: dict) -> str:
    """The IRI a compacted @vocab value stands for: a term (its @id), a prefixed name, or a name under @vocab."""
    definition = terms.get(name)
    if isinstance(definition, dict) and "@id" in definition:
        name = definition["@id"]
    prefix, colon, local = name.partition(":")
    if colon and isinstance(terms.get(prefix), str):
        return terms[prefix] + local
    return name if "://" in name else terms["@vocab"] + name


def _property_keys(doc, terms: dict):
    """doc with each claim's kaifm:property spelled as the key an entity uses for that property (parameters,
    developer, ...), so a reader needs no second table; JSON-LD expands the key back to the same IRI."""
    keys: dict[str, str] = {}
    for key, definition in sorted(terms.items()):
        if isinstance(definition, dict) and "@id" in definition:
            keys.setdefault(_iri(key, terms), key)

    def fix(value):
        if isinstance(value, list):
            return [fix(item) for item in value]
        if not isinstance(value, dict):
            return value
        fixed = {k: fix(v) for k, v in value.items()}
        if isinstance(fixed.get("property"), str):
            fixed["property"] = keys.get(_iri(fixed["property"], terms), fixed["property"])
        return fixed

    return fix(doc)


def compact_graph(graph: Graph, context: dict) -> dict:
    """graph as one compacted JSON-LD document: the context inline, then an @graph of nodes sorted by id."""
    doc = jsonld.compact(expanded(graph), context, {**_options(context), "graph": True})
    return {**_sorted_json(_property_keys(doc, context["@context"])), "@context": context["@context"]}


def load_frame(project: Project, name: str) -> dict:
    """The project's frame NAME (one of FRAMES)."""
    if name not in FRAMES:
        raise InputError(f"unknown frame {quoted(name)} (choose from {', '.join(FRAMES)})", param="frame")
    return _read_json(project.frames_dir / f"{name}.jsonld")


def frame_selection(project: Project, name: str) -> Graph:
    """The triples the frame NAME holds: each value, in the built graph, of every (subject, property) pair that
    its CONSTRUCT query (ontology/frames/NAME.rq) returns, run on pyoxigraph over the build's dump. Framing these
    gives the documents that framing the whole graph gives, several times faster: pyld expands and maps every
    node it is given. The values are the built graph's, as the store writes a decimal canonically (69.0 as 69)."""
    path = project.frames_dir / f"{name}.rq"
    try:
        query = utf8_text(path.read_bytes(), str(path))
    except OSError as e:
        raise InputError(f"{path}: cannot read the frame's query: {e.strerror}") from e
    try:
        found = project.oxigraph().store.query(query)
    except SyntaxError as e:
        raise InputError(f"{path}: not a SPARQL query: {e}") from e
    if not isinstance(found, ox.QueryTriples):
        raise InputError(f"{path}: not a CONSTRUCT query")
    graph, selected = project.graph(), Graph()
    for subject, prop in {(URIRef(t.subject.value), URIRef(t.predicate.value)) for t in found}:
        for value in graph.objects(subject, prop):
            selected.add((subject, prop, value))
    return selected


def _reverse_properties(frame: dict, terms: dict) -> set[URIRef]:
    """The properties frame follows backwards: its keys whose term in the context is an @reverse one."""
    found: set[URIRef] = set()

    def walk(value) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, inner in value.items():
                definition = terms.get(key)
                if isinstance(definition, dict) and "@reverse" in definition:
                    found.add(URIRef(_iri(definition["@reverse"], terms)))
                walk(inner)

    walk(frame)
    return found


def _reachable(graph: Graph, start: Node, reverse: set[URIRef]) -> set[Node]:
    """The nodes a framed document of start can hold: those reached from it through any property but rdf:type,
    and back through the reverse properties, again and again."""
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        linked = [o for p, o in graph.predicate_objects(node) if p != RDF.type and not isinstance(o, Literal)]
        linked += [s for p in reverse for s in graph.subjects(p, node)]
        for other in linked:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def frame_graph(graph: Graph, frame: dict, context: dict, per: int | None = 16) -> dict:
    """graph framed by frame: an @graph of nested documents (one per node of the frame's @type), sorted.

    pyld frames a reverse property (a consortium's memberships, a round's outcomes) by scanning every node it
    is given once per framed node, so one call on the whole graph grows with its square. Instead, `per`
    documents are framed at a time, each call given only the triples those documents can reach (the same
    documents: a node's document depends on nothing else). Give it a frame's selection (`frame_selection`): in
    the whole graph, what a node reaches through its sources and programme is most of it. per=None frames the
    graph in one call."""
    terms, options = context["@context"], {**_options(context), "omitDefault": True, "omitGraph": False}
    if per is None or "@type" not in frame:
        documents = jsonld.frame(expanded(graph), frame, options)["@graph"]
    else:
        types = frame["@type"] if isinstance(frame["@type"], list) else [frame["@type"]]
        framed = sorted({s for t in types for s in graph.subjects(RDF.type, URIRef(_iri(t, terms)))}, key=str)
        reverse, untyped = _reverse_properties(frame, terms), {k: v for k, v in frame.items() if k != "@type"}
        documents = []
        for first in range(0, len(framed), per):
            batch = framed[first:first + per]
            nodes = sorted(set().union(*(_reachable(graph, node, reverse) for node in batch)), key=str)
            triples = (t for node in nodes for t in graph.triples((node, None, None)))
            by_id = {**untyped, "@id": [str(node) for node in batch]}  # the batch's nodes, matched by IRI
            documents += jsonld.frame(expanded(triples), by_id, options)["@graph"]
    doc = {"@graph": documents}
    return {**_sorted_json(_property_keys(doc, terms)), "@context": terms}


def dumps(doc: dict) -> bytes:
    """A JSON-LD document as deterministic UTF-8 JSON text (sorted keys, one-space indent, final newline)."""
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
