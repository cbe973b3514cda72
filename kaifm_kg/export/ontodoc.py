"""The ontology's HTML documentation: pyLODE's OntPub page, in English and Korean, with the concept schemes.

pyLODE renders the ontology's metadata, classes and properties. What it cannot do for this ontology, and
how this module makes up for it:

- Two languages. pyLODE runs a term's labels together ("Consortium컨소시엄") and picks one language for
  links to it. It is given one label per term, "English / 한국어"; it shows both definitions. It marks no
  text with its language: only the concept tables below have lang="ko" cells.
- Term IRIs that lead into the page. pyLODE makes fragment ids from labels (#Consortiummembership); its
  table of ids is filled first with each term's local name, so that
  https://w3id.org/kaifm/ontology#ConsortiumMembership lands on its section.
- Datatypes. OntPub has no section for rdfs:Datatype (kaifm:DateValue); a hand-written "Datatypes" section
  gives each its anchor, labels and definitions.
- SKOS concept schemes. OntPub documents no skos:ConceptScheme or skos:Concept (the values the shapes
  require for ranks, outcomes, roles, ...) and takes every scheme in its input for a second ontology
  (its header then runs all their titles together). It is given the ontology without the schemes; a
  hand-written "Concept Schemes" section, a table of concepts per scheme, is added to pyLODE's page and
  its table of contents.
- Valid HTML. pyLODE lists a functional property twice (under its kind and under "Functional
  Properties") with one id; it is told the property is functional in words instead.
- The same bytes for the same ontology. Given no concept schemes, pyLODE's page depends only on its
  input (with schemes, its schema.org JSON-LD lists them in hash order); the page names the pyLODE
  version that made it.
- Offline use. pyLODE inlines its style sheet and icons (data: URIs): the page loads nothing remote
  (a test checks).

Also worked around: importing pyLODE calls logging.basicConfig(level=DEBUG), and it logs through the root
logger, so it runs under a silent root logger that is restored afterwards; pyLODE 3.4.1 cannot be
imported from its wheel (RDFLib/pyLODE#256), hence the range in pyproject.toml. Left as it is: the first
page made caches pyLODE's background ontologies as a pickle inside its installed package, so a release
made from a read-only installation stops there with an OSError naming that file; pyLODE reads
definitions as Markdown, so *, _, ` or HTML in one would be rendered, not shown (none has any today).
"""

import logging
from contextlib import contextmanager

from rdflib import Graph, Literal

from ..rdf.io import bind_prefixes
from ..rdf.labels import curie
from ..rdf.namespaces import DCTERMS, KAIFM, OWL, RDF, RDFS, SKOS

_FUNCTIONAL = Literal("A functional property (owl:FunctionalProperty): a subject has at most one value.", lang="en")


@contextmanager
def _quiet_root_logger():
    """A root logger that prints nothing and that pyLODE cannot set up (it calls basicConfig(DEBUG) when imported,
    and logs through the root logger), restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers[:] = [logging.NullHandler()]  # basicConfig does nothing while the root has a handler
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def _texts(graph: Graph, node, prop, lang: str) -> list[str]:
    return sorted(str(t) for t in graph.objects(node, prop) if isinstance(t, Literal) and t.language == lang)


def _both(graph: Graph, node, prop) -> str:
    """node's first prop text in English and in Korean, as "English / 한국어"."""
    return " / ".join(t for lang in ("en", "ko") for t in _texts(graph, node, prop, lang)[:1]) or curie(node)


def _local(node) -> str:
    return str(node)[len(str(KAIFM)):]


def _kaifm(nodes) -> list:
    return sorted((n for n in nodes if str(n).startswith(str(KAIFM))), key=str)


def _for_pylode(ontology: Graph) -> Graph:
    """The ontology as pyLODE is given it: no concept schemes or concepts, one bilingual label or title per node,
    functional properties said to be so in words."""
    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    left_out = schemes | set(ontology.subjects(SKOS.inScheme, None))
    graph = bind_prefixes(Graph(bind_namespaces="none"))  # only the project's prefixes: pyLODE lists them all
    for s, p, o in ontology:
        if s not in left_out and p not in (RDFS.label, DCTERMS.title) and o != OWL.FunctionalProperty:
            graph.add((s, p, o))
    for prop in ontology.subjects(RDF.type, OWL.FunctionalProperty):
        graph.add((prop, RDFS.comment, _FUNCTIONAL))
    for prop in (RDFS.label, DCTERMS.title):
        for node in set(ontology.subjects(prop, None)) - left_out:
            graph.add((node, prop, Literal(_both(ontology, node, prop))))
    return graph


def _definitions(ontology: Graph, node) -> list:
    """node's IRI and definitions (English, then Korean) as rows of pyLODE's term tables."""
    from dominate.tags import code, td, th, tr

    return [tr(th("IRI"), td(code(str(node))))] + [
        tr(th("Definition"), td(text, lang=lang))
        for lang in ("en", "ko") for text in _texts(ontology, node, SKOS.definition, lang)]


def _datatypes_section(ontology: Graph):
    """The hand-written part for each kaifm datatype: its labels and definitions, in pyLODE's markup."""
    from dominate.tags import div, h2, h3, table

    section = div(h2("Datatypes"), id="datatypes", _class="section")
    for datatype in _kaifm(ontology.subjects(RDF.type, RDFS.Datatype)):
        section.add(div(h3(_both(ontology, datatype, RDFS.label)), table(*_definitions(ontology, datatype)),
                        id=_local(datatype), _class="property entity"))
    return section


def _schemes_section(ontology: Graph):
    """The hand-written part: each kaifm concept scheme, and a table of its concepts, in pyLODE's markup."""
    from dominate.tags import code, div, h2, h3, table, td, th, tr

    section = div(h2("Concept Schemes"), id="conceptschemes", _class="section")
    for scheme in _kaifm(ontology.subjects(RDF.type, SKOS.ConceptScheme)):
        rows = _definitions(ontology, scheme)
        concepts = table(tr(th("Concept"), th("English"), th("Korean"), th("Definition")))
        for concept in _kaifm(ontology.subjects(SKOS.inScheme, scheme)):
            concepts.add(tr(td(code(curie(concept))), td(" ".join(_texts(ontology, concept, SKOS.prefLabel, "en"))),
                            td(" ".join(_texts(ontology, concept, SKOS.prefLabel, "ko")), lang="ko"),
                            td(" ".join(_texts(ontology, concept, SKOS.definition, "en"))), id=_local(concept)))
        section.add(div(h3(_both(ontology, scheme, RDFS.label)), table(*rows), concepts,
                        id=_local(scheme), _class="property entity"))
    return section


def render(ontology: Graph) -> bytes:
    """The documentation page of the ontology (the ontology files only) as UTF-8 HTML."""
    with _quiet_root_logger():
        from dominate.tags import a, h4, li, ul
        from pylode import OntPub

        class Page(OntPub):
            def _make_main_sections(self):
                super()._make_main_sections()
                self.content.add(_datatypes_section(ontology))
                self.content.add(_schemes_section(ontology))

            def _make_toc(self):
                super()._make_toc()
                schemes = _kaifm(ontology.subjects(RDF.type, SKOS.ConceptScheme))
                datatypes = _kaifm(ontology.subjects(RDF.type, RDFS.Datatype))
                outer = self.doc.get(id="toc")[0].get("ul")[0]  # the table of contents' outer list
                outer.add(li(h4(a("Datatypes", href="#datatypes")),
                             ul(*[li(a(_both(ontology, d, RDFS.label), href=f"#{_local(d)}")) for d in datatypes],
                                _class="second")))
                outer.add(li(
                    h4(a("Concept Schemes", href="#conceptschemes")),
                    ul(*[li(a(_both(ontology, s, RDFS.label), href=f"#{_local(s)}")) for s in schemes],
                       _class="second")))

        page = Page(_for_pylode(ontology), sort_subjects=True)
        page.fids.update({str(term): _local(term) for term in _kaifm(ontology.subjects())})
        page.doc["lang"] = "en"
        return page.make_html().encode("utf-8")
