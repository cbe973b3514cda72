"""An HTML5 page documenting the ontology: classes, properties and concept schemes, in English and Korean.

Each kaifm term has a section whose id is its local name (so https://w3id.org/kaifm/ontology#Consortium
can point into the page), with its labels in both languages, definitions, superclasses or
superproperties, and for properties their kind, domain and range. The page is self-contained (no
script, no external style sheet) and escapes every text it prints.
"""

from html import escape

from rdflib import Graph, Literal, URIRef

from ..rdf.labels import curie
from ..rdf.namespaces import DCTERMS, KAIFM, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS

_STYLE = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem;line-height:1.5}"
          "section{border-top:1px solid #ccc;padding:.5rem 0}dt{font-weight:bold}dd{margin:0 0 .4rem 1.5rem}"
          "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}")


def _texts(graph: Graph, node, prop, lang: str) -> list[str]:
    return sorted(str(t) for t in graph.objects(node, prop) if isinstance(t, Literal) and t.language == lang)


def _link(node) -> str:
    """A term as a link: into this page for kaifm terms, else to the term's IRI."""
    text = escape(curie(node))
    if isinstance(node, URIRef) and str(node).startswith(str(KAIFM)):
        return f'<a href="#{escape(str(node)[len(str(KAIFM)):])}"><code>{text}</code></a>'
    return f'<a href="{escape(str(node))}"><code>{text}</code></a>' if isinstance(node, URIRef) else text


def _links(nodes) -> str:
    return ", ".join(_link(n) for n in sorted(nodes, key=str))


def _title(graph: Graph, node) -> str:
    names = [n for lang in ("en", "ko") for n in _texts(graph, node, RDFS.label, lang)[:1]]
    return escape(" / ".join(names) or curie(node))


def _term_section(graph: Graph, node, rows: list[tuple[str, str]]) -> str:
    local = str(node)[len(str(KAIFM)):]
    items = [("IRI", f"<code>{escape(str(node))}</code>")]
    for prop, names in ((RDFS.label, ("Label (English)", "Label (Korean)")),
                        (SKOS.definition, ("Definition", "Definition (Korean)"))):
        for lang, name in zip(("en", "ko"), names):
            items += [(name, f'<span lang="{lang}">{escape(t)}</span>') for t in _texts(graph, node, prop, lang)]
    items += [(name, value) for name, value in rows if value]
    items += [("See also", _links(graph.objects(node, RDFS.seeAlso)))] if (node, RDFS.seeAlso, None) in graph else []
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in items)
    return f'<section id="{escape(local)}"><h3>{_title(graph, node)}</h3><dl>{body}</dl></section>'


def _kaifm_terms(graph: Graph, cls) -> list:
    return sorted((n for n in graph.subjects(RDF.type, cls) if str(n).startswith(str(KAIFM))), key=str)


def _class_section(graph: Graph, cls) -> str:
    return _term_section(graph, cls, [
        ("Superclasses", _links(graph.objects(cls, RDFS.subClassOf))),
        ("Subclasses", _links(graph.subjects(RDFS.subClassOf, cls))),
        ("Properties with this domain", _links(graph.subjects(RDFS.domain, cls)))])


def _property_section(graph: Graph, prop) -> str:
    kinds = [curie(t) for t in sorted(graph.objects(prop, RDF.type), key=str)]
    return _term_section(graph, prop, [
        ("Kind", escape(", ".join(kinds))), ("Superproperties", _links(graph.objects(prop, RDFS.subPropertyOf))),
        ("Domain", _links(graph.objects(prop, RDFS.domain))), ("Range", _links(graph.objects(prop, RDFS.range)))])


def _scheme_section(graph: Graph, scheme) -> str:
    rows = "".join(
        f'<tr id="{escape(str(c)[len(str(KAIFM)):])}"><td><code>{escape(curie(c))}</code></td>'
        f"<td>{escape(' '.join(_texts(graph, c, SKOS.prefLabel, 'en')))}</td>"
        f"<td lang=\"ko\">{escape(' '.join(_texts(graph, c, SKOS.prefLabel, 'ko')))}</td>"
        f"<td>{escape(' '.join(_texts(graph, c, SKOS.definition, 'en')))}</td></tr>"
        for c in sorted(graph.subjects(SKOS.inScheme, scheme), key=str) if str(c).startswith(str(KAIFM)))
    table = ("<table><thead><tr><th>Concept</th><th>English</th><th>Korean</th><th>Definition</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>") if rows else ""
    return _term_section(graph, scheme, [])[: -len("</section>")] + table + "</section>"


def _header(graph: Graph, version: str, date: str) -> str:
    ontology = URIRef(ONTOLOGY_IRI)
    meta = [("Ontology IRI", f"<code>{escape(ONTOLOGY_IRI)}</code>"),
            ("Version IRI", _links(graph.objects(ontology, OWL.versionIRI))),
            ("Version", escape(", ".join(str(v) for v in graph.objects(ontology, OWL.versionInfo)))),
            ("Namespace", f"<code>{escape(str(KAIFM))}</code> (prefix <code>kaifm:</code>)"),
            ("Licence", _links(graph.objects(ontology, DCTERMS.license))),
            ("Created / modified", escape(" / ".join(str(graph.value(ontology, p) or "")
                                                     for p in (DCTERMS.created, DCTERMS.modified)))),
            ("Creator", escape(", ".join(str(c) for c in graph.objects(ontology, DCTERMS.creator)))),
            ("This page", escape(f"release {version} of {date}"))]
    titles = "".join(f"<p lang=\"{lang}\">{escape(t)}</p>" for lang in ("ko",)
                     for t in _texts(graph, ontology, DCTERMS.title, lang))
    description = "".join(f"<p>{escape(t)}</p>" for t in _texts(graph, ontology, DCTERMS.description, "en"))
    rows = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in meta)
    return f"{titles}{description}<dl>{rows}</dl>"


def render(graph: Graph, version: str, date: str) -> bytes:
    """The documentation page of the ontology in graph (the ontology files only) as UTF-8 HTML5."""
    title = escape(" ".join(_texts(graph, URIRef(ONTOLOGY_IRI), DCTERMS.title, "en")) or "kaifm ontology")
    parts = [("classes", "Classes", [_class_section(graph, c) for c in _kaifm_terms(graph, OWL.Class)]),
             ("object-properties", "Object properties",
              [_property_section(graph, p) for p in _kaifm_terms(graph, OWL.ObjectProperty)]),
             ("datatype-properties", "Datatype properties",
              [_property_section(graph, p) for p in _kaifm_terms(graph, OWL.DatatypeProperty)]),
             ("concept-schemes", "Concept schemes",
              [_scheme_section(graph, s) for s in _kaifm_terms(graph, SKOS.ConceptScheme)])]
    contents = "".join(f'<li><a href="#{key}">{name}</a> ({len(items)})</li>' for key, name, items in parts)
    body = "".join(f'<section id="{key}"><h2>{name}</h2>{"".join(items)}</section>' for key, name, items in parts)
    page = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<style>{_STYLE}</style>\n'
            f"</head>\n<body>\n<header><h1>{title}</h1>{_header(graph, version, date)}</header>\n"
            f'<nav><h2>Contents</h2><ul>{contents}</ul></nav>\n<main>{body}</main>\n</body>\n</html>\n')
    return page.encode("utf-8")
