"""Validate a built graph against the project's SHACL shapes (ontology/shapes.ttl) with pySHACL or rudof.

Inference is off (pySHACL ``inference="none"``): no shape needs it. The shapes are written for the
built graph, which holds the ontology (so ``sh:class`` follows ``rdfs:subClassOf*`` on its own),
the kaifm superclass types the build asserts, and the SKOS schemes the enumerations are checked
against through ``skos:inScheme``. RDFS inference would only add time.

pySHACL evaluates a SPARQL-based constraint once per focus node, and rdflib parses the query text
anew each time (about 10 ms). So the node shapes that hold a SPARQL constraint run on a pyoxigraph
copy of the graph (pySHACL accepts a pyoxigraph Store), where a query takes well under a
millisecond, and the core shapes run on the rdflib graph, where pySHACL's triple lookups are fastest.
The two reports are merged into one. Before each query pySHACL also scans its text with regular
expressions whose cost grows with the number of lines times the length, so each query is handed
over on one line (the shapes' queries hold no comments, which would end at a line break).

The second engine, rudof (`engine="pyrudof"`, the `rudof` extra), is a SHACL processor written in Rust: the
same verdict and the same focus nodes as pySHACL on every fixture and on the shipped graph (the tests compare
them), in less time on a large graph (benchmarks/pipeline_bench.py). Its results are turned into the same
report graph: the shape a result came from is found by its path and message, and its messages are the
shapes' own, in both languages.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import pyshacl
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from ..rdf.io import bind_prefixes, in_order, parse_file
from ..rdf.labels import curie, label
from ..errors import InputError, quoted
from ..rdf.namespaces import RDF

SHAPES = Namespace("https://w3id.org/kaifm/shapes#")
ENGINES = ("pyshacl", "pyrudof")
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_PATH_OPERATORS = {SH.inversePath: "^{}", SH.zeroOrMorePath: "{}*", SH.oneOrMorePath: "{}+", SH.zeroOrOnePath: "{}?"}


@dataclass(frozen=True, order=True)
class Result:
    """One problem the shapes found: where (focus node and path), what (value) and why (messages)."""

    focus: str
    path: str
    value: str
    shape: str
    constraint: str
    severity: str
    focus_label: str = field(compare=False)
    messages: dict[str, str] = field(compare=False)

    @property
    def message(self) -> str:
        """The English message (else any)."""
        return self.messages.get("en") or next(iter(self.messages.values()), "")

    def as_dict(self) -> dict:
        """The result as JSON-ready data."""
        return {"focus": self.focus, "focus_label": self.focus_label, "path": self.path, "value": self.value,
                "messages": self.messages, "severity": self.severity, "shape": self.shape,
                "constraint": self.constraint}


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a validation: whether the graph conforms, the SHACL report graph, the results and a text
    report."""

    conforms: bool
    graph: Graph
    results: list[Result]
    text: str

    @property
    def violations(self) -> list[Result]:
        """The results that make the graph fail (severity Violation); warnings and infos do not."""
        return [r for r in self.results if r.severity == "Violation"]

    def as_dict(self) -> dict:
        """The report as JSON-ready data (without the report graph)."""
        return {"conforms": self.conforms, "results": [r.as_dict() for r in self.results]}


def load_shapes(path: Path) -> Graph:
    """The shapes graph in path (a project's ontology/shapes.ttl); a malformed file raises InputError."""
    return parse_file(path)


def validate_graph(graph: Graph, shapes: Graph, engine: str = "pyshacl") -> ValidationReport:
    """Validate graph (a built graph) against shapes, inference off, with engine (pyshacl or pyrudof)."""
    if engine not in ENGINES:
        raise InputError(f"unknown SHACL engine {engine!r} (choose from {', '.join(ENGINES)})", param="engine")
    if engine == "pyrudof":
        merged = _rudof_report(graph, shapes)
    else:
        shapes = _one_line_queries(shapes)
        sparql_shapes = in_order(set(shapes.subjects(SH.sparql, None)))
        core_shapes = in_order({s for t in _TARGETS for s in shapes.subjects(t, None)} - set(sparql_shapes))
        core_report = _run(graph, shapes, core_shapes)
        merged = core_report + (_run(_oxigraph_copy(graph), shapes, sparql_shapes) if sparql_shapes else Graph())
    conforms = (None, SH.resultSeverity, SH.Violation) not in merged  # warnings and infos do not fail it
    report = _single_report(merged, conforms)
    _restore_message_languages(report, shapes)
    results = sorted(_results(report, shapes, graph))
    return ValidationReport(conforms, report, results, format_text(conforms, results))


def _one_line_queries(shapes: Graph) -> Graph:
    """A copy of shapes with every sh:select query on a single line."""
    compact = Graph()
    compact += shapes
    for constraint, query in shapes.subject_objects(SH.select):
        compact.set((constraint, SH.select, Literal(" ".join(str(query).split()))))
    return compact


def _run(data, shapes: Graph, selected: list) -> Graph:
    """pySHACL, inference off, with only the selected shapes: the report graph."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", use_shapes=[str(s) for s in selected])
    return report


def _oxigraph_copy(graph: Graph) -> pyoxigraph.Store:
    """graph loaded into an in-memory pyoxigraph Store."""
    store = pyoxigraph.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _rudof_report(graph: Graph, shapes: Graph) -> Graph:
    """rudof's results as a SHACL report graph like pySHACL's: a blank source shape is found in shapes by its
    path and message, and each result carries the messages of that shape in every language."""
    try:
        import pyrudof
    except ImportError as e:
        raise InputError("the pyrudof engine needs the pyrudof package (pip install 'kaifm-kg[rudof]')",
                         param="engine") from e
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(graph.serialize(format="nt"), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(shapes.serialize(format="nt"), format=pyrudof.ShaclFormat.NTriples)
    report = Graph()
    for entry in rudof.validate_shacl():
        result = BNode()
        path = URIRef(entry.path) if entry.path else None
        shape = _term(entry.source_shape)
        if isinstance(shape, BNode) or shape is None:
            shape = _shape_by_message(shapes, path, entry.message) or shape
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, _term(entry.focus_node)))
        report.add((result, SH.resultSeverity, SH[entry.severity]))
        report.add((result, SH.sourceConstraintComponent, URIRef(entry.constraint_component)))
        for prop, value in ((SH.sourceShape, shape), (SH.resultPath, path), (SH.value, _term(entry.value))):
            if value is not None:
                report.add((result, prop, value))
        for message in _shape_messages(shapes, shape, entry.message):
            report.add((result, SH.resultMessage, message))
        report.add((BNode(), SH.result, result))
    return report


def _term(text: str | None):
    """An RDF term from rudof's text of it: N-Triples syntax, or a bare IRI."""
    if not text:
        return None
    if text[0] in '"<_':
        from rdflib.util import from_n3

        return from_n3(text)
    return URIRef(text)


def _messages_of(shapes: Graph, shape) -> list[Literal]:
    """The sh:message literals of shape and of its SPARQL constraints."""
    messages = [*shapes.objects(shape, SH.message), *(m for c in shapes.objects(shape, SH.sparql)
                                                      for m in shapes.objects(c, SH.message))]
    return [m for m in messages if isinstance(m, Literal)]


def _pattern(template: Literal) -> str:
    """A regular expression for a message template whose {?var} and {$this} are filled in."""
    return re.sub(r"\\\{\\[?$]\w+\\\}", ".*?", re.escape(str(template)))


def _found_in(template: Literal, text: str) -> str | None:
    """The message of template (filled in) in rudof's text of a result's messages, `"…"@lang, …`, if any."""
    match = re.search(f'"({_pattern(template)})"@{template.language}', text, re.S)
    return match.group(1) if match else None


def _shape_by_message(shapes: Graph, path, text: str):
    """The property shape with path whose message is in text (rudof names a blank shape by its own label)."""
    for shape in shapes.subjects(SH.path, path) if path is not None else ():
        if any(_found_in(m, text) for m in _messages_of(shapes, shape)):
            return shape
    return None


def _shape_messages(shapes: Graph, shape, text: str) -> list[Literal]:
    """The messages of shape found in rudof's text, with their language; else the shape's messages (as pySHACL
    gives them in place of its own), else the text itself."""
    messages = _messages_of(shapes, shape)
    found = [Literal(part, lang=m.language) for m in messages if (part := _found_in(m, text))]
    return found or [m for m in messages if "{" not in m] or [Literal(text)]


def _single_report(merged: Graph, conforms: bool) -> Graph:
    """One sh:ValidationReport holding every sh:result of the merged per-engine reports."""
    report = bind_prefixes(Graph())
    report.bind("sh", SH)
    report.bind("kaifmsh", SHAPES)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(conforms)))
    for s, p, o in merged:
        if p == SH.result:
            report.add((node, SH.result, o))
        elif p != SH.conforms and (s, RDF.type, SH.ValidationReport) not in merged:
            report.add((s, p, o))
    return report


def _restore_message_languages(report: Graph, shapes: Graph) -> None:
    """Give back the language tag pySHACL drops from a SPARQL constraint's message when it fills in {?var}."""
    for result, message in list(report.subject_objects(SH.resultMessage)):
        if not isinstance(message, Literal) or message.language:
            continue
        shape = report.value(result, SH.sourceShape)
        templates = (m for c in shapes.objects(shape, SH.sparql) for m in shapes.objects(c, SH.message))
        for template in (t for t in templates if isinstance(t, Literal)):
            if template.language and re.fullmatch(_pattern(template), str(message), re.S):
                report.remove((result, SH.resultMessage, message))
                report.add((result, SH.resultMessage, Literal(_with_curies(str(message)), lang=template.language)))
                break


def _with_curies(text: str) -> str:
    """text with the IRIs pySHACL writes into messages shortened to prefixed names where a prefix fits."""
    return re.sub(r"https?://[^\s(){}<>\"]+", lambda m: curie(m.group()), text)


def _results(report: Graph, shapes: Graph, data: Graph):
    """A Result per sh:result, labelled from the validated data."""
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        source = report.value(result, SH.sourceShape)
        yield Result(
            focus=str(focus),
            path=_path_text(report, path) if path is not None else "",
            value=_term_text(value) if value not in (None, focus) else "",
            shape=_short(_owning_shape(shapes, source)),
            constraint=_short(report.value(result, SH.sourceConstraintComponent)),
            severity=_short(report.value(result, SH.resultSeverity)),
            focus_label=label(data, focus),
            messages=dict(sorted((m.language or "", str(m)) for m in report.objects(result, SH.resultMessage)
                                 if isinstance(m, Literal))),
        )


def _short(node) -> str:
    """SHACL terms by local name, shapes as kaifmsh:…, anything else as a project CURIE."""
    text = str(node)
    if text.startswith(str(SH)):
        return text[len(str(SH)):]
    if text.startswith(str(SHAPES)):
        return "kaifmsh:" + text[len(str(SHAPES)):]
    return curie(node)


def _owning_shape(shapes: Graph, shape):
    """The named node shape a (possibly blank) property shape belongs to."""
    while isinstance(shape, BNode):
        parent = shapes.value(None, SH.property, shape)
        if parent is None:
            break
        shape = parent
    return shape


def _path_text(graph: Graph, path) -> str:
    """A SHACL path as SPARQL property-path text with prefixed names."""
    if isinstance(path, URIRef):
        return curie(path)
    for operator, template in _PATH_OPERATORS.items():
        inner = graph.value(path, operator)
        if inner is not None:
            return template.format(_path_text(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    return "/".join(_path_text(graph, p) for p in Collection(graph, path))


def _term_text(term) -> str:
    """A value as in Turtle, with prefixed names."""
    if isinstance(term, Literal):
        text = str(term)
        if term.language:
            return f'"{text}"@{term.language}'
        return f'"{text}"^^{curie(term.datatype)}' if term.datatype else f'"{text}"'
    return curie(term) if isinstance(term, URIRef) else str(term)


def format_text(conforms: bool, results: list[Result]) -> str:
    """The text report: a summary, then one line per problem (warnings too), grouped by focus node."""
    if not results:
        return "Conforms: the graph satisfies every shape."
    nodes = sorted({r.focus for r in results})
    warnings = sum(1 for r in results if r.severity != "Violation")
    if conforms:
        lines = [f"Conforms, with {warnings} warning(s) on {len(nodes)} node(s) for the curators to look at."]
    else:
        lines = [f"Does not conform: {len(results) - warnings} violation(s)"
                 + (f" and {warnings} warning(s)" if warnings else "") + f" on {len(nodes)} node(s)."]
    previous = None
    for r in results:
        if r.focus != previous:
            lines.append("")
            previous = r.focus
        where = " ".join(part for part in (r.path, r.value) if part)
        severity = "" if r.severity == "Violation" else f"{r.severity}: "
        lines.append(f"{r.focus_label} <{r.focus}>{' ' + where if where else ''}: {severity}{r.message} [{r.shape}]")
    return "\n".join(lines)


def format_report(report: ValidationReport, fmt: str = "text") -> str:
    """report as text, json (results as data) or ttl (the SHACL validation report graph)."""
    if fmt == "json":
        return json.dumps(report.as_dict(), ensure_ascii=False, indent=1)
    if fmt == "ttl":
        return report.graph.serialize(format="turtle")
    if fmt == "text":
        return report.text
    raise InputError(f"unknown report format {quoted(fmt)} (choose from text, json, ttl)", param="format")
