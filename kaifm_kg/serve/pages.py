"""The HTML pages, in English and Korean, readable without JavaScript: the home page, a page for every IRI
under https://w3id.org/kaifm/id/ (labels, facts with their sources, contested claims with rank and reason,
what refers to it, links out), the query page and the query gallery. The server and the static site
(site.py) render the same templates; only their links differ (`Links`): absolute paths with ?lang= on the
server, relative file names (NAME.html, NAME.ko.html) on the site, so it works from file://.

Every IRI's RDF (Turtle, JSON-LD, N-Triples, RDF/XML) is its triples, the triples of its claims, and the
triples that point at it.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2
from rdflib import Graph, URIRef

from ..build.claims import best_claims
from ..errors import InputError, NotFoundError, quoted
from ..project import Project
from ..query.catalogue import Label, QueryDef, typed_values
from ..query.describe import describe_entity
from ..query.terms import inject_values
from ..rdf.io import bind_prefixes, in_order
from ..rdf.labels import find_entity, label
from ..rdf.names import close_names
from ..rdf.namespaces import KAIFM, RDF, SCHEMA, SKOS
from ..rdf.prefixes import ID
from ..rdf.formats import FORMATS
from .negotiation import LD_FORMATS

LANGUAGES = ("en", "ko")
SAMPLES = {"team": "LG AI Research", "org": "KAIST", "entity": "A.X K1", "text": "exaone"}  # example values
_TEMPLATES = Path(__file__).parent / "templates"
_WORDS = {  # the interface's own words: (English, Korean)
    "title": ("Korea's Independent AI Foundation Model programme", "독자 AI 파운데이션 모델 프로젝트"),
    "home": ("Home", "처음"), "query": ("Query", "질의"), "gallery": ("Query gallery", "질의 모음"),
    "ontology": ("Ontology", "온톨로지"), "downloads": ("Downloads", "내려받기"), "api": ("API", "API"),
    "still_in": ("Who is still in", "남아 있는 팀"), "how": ("How we got here", "지금까지의 과정"),
    "on": ("on", "기준일"), "facts": ("Facts", "사실"), "referenced_by": ("Referenced by", "이 항목을 가리키는 것"),
    "contested": ("Contested claims (not in the truthy view)", "다른 주장 (채택되지 않은 값)"),
    "named_in": ("Named in", "언급된 출처"), "links_out": ("Elsewhere", "외부 링크"),
    "sources": ("sources", "출처"), "property": ("property", "속성"), "value": ("value", "값"),
    "rank": ("rank and reason", "순위와 이유"), "type": ("type", "유형"), "aliases": ("also called", "다른 이름"),
    "as_data": ("This page as data", "데이터로 보기"), "run": ("Run", "실행"), "examples": ("Examples", "예시"),
    "rows": ("rows", "행"), "download": ("Download", "내려받기"), "error": ("Error", "오류"),
    "not_found": ("Not found", "찾을 수 없음"), "did_you_mean": ("Did you mean", "혹시 이것을 찾으셨나요"),
    "results": ("Results", "결과"), "sparql": ("SPARQL", "SPARQL"), "parameters": ("parameters", "매개변수"),
    "no_rows": ("No rows.", "결과가 없습니다."),
}


def words(lang: str) -> dict[str, str]:
    """The interface's words in lang."""
    index = LANGUAGES.index(lang)
    return {key: pair[index] for key, pair in _WORDS.items()}


@dataclass(frozen=True)
class Links:
    """Where a page's links point: on the server (root "/", ?lang=) or in the static site (relative files)."""

    root: str = "/"
    site: bool = False
    lang: str = "en"

    def page(self, path: str, lang: str | None = None) -> str:
        """A page by its path ("" home, "query", "queries/NAME", "id/org/upstage") in lang (default: this one)."""
        lang = lang or self.lang
        if self.site:
            return f"{self.root}{path or 'index'}{'.ko' if lang == 'ko' else ''}.html"
        return f"{self.root}{path}?lang={lang}"

    def iri(self, iri: str) -> str:
        """Where a link to iri goes: our IRIs to their pages, ontology terms into the ontology page, others out."""
        if iri.startswith(ID):
            return self.page("id/" + iri[len(ID):])
        if iri.startswith(str(KAIFM)):
            return self.ontology() + "#" + iri[len(str(KAIFM)):]
        return iri

    def ontology(self) -> str:
        return f"{self.root}ontology.html"

    def doc(self, path: str, fmt: str) -> str | None:
        """The RDF document of a page in fmt (served only by the server)."""
        return None if self.site else f"{self.root}{path}{FORMATS[fmt].suffixes[0]}"

    def file(self, path: str) -> str:
        """A plain file (a download)."""
        return f"{self.root}{path}"

    def for_lang(self, lang: str) -> "Links":
        return replace(self, lang=lang)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals.update(LANGUAGES=LANGUAGES, LD_FORMATS=LD_FORMATS)
    env.filters["citations"] = citations
    return env


def citations(cell: str) -> list[tuple[str, str | None]]:
    """A query's sources cell ("Publisher date URL; …") as (text, URL or None) pairs, to show as links."""
    items: list[tuple[str, str | None]] = []
    for item in cell.split("; "):
        text, _, last = item.rpartition(" ")
        items.append((text, last) if text and last.startswith(("http://", "https://")) else (item, None))
    return items


class Pages:
    """The pages of one graph (read-only while serving, so every page and document is cached once made)."""

    def __init__(self, project: Project, graph: Graph):
        self.project, self.graph = project, graph
        self.best = best_claims(graph)
        self.made_citations: dict = {}  # (source, lang) -> its citation, made once for every page
        self.nodes = {str(s) for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(ID)}
        self.env = _environment()

    # -- IRIs --------------------------------------------------------------------------------------
    def node(self, path: str) -> str:
        """The IRI of the page at path (after /id/); an unknown one raises NotFoundError with close matches."""
        iri = ID + path
        if iri in self.nodes:
            return iri
        raise NotFoundError(f"{quoted(iri)} is not an IRI of the graph.", param="iri")

    def suggestions(self, path: str) -> list[str]:
        """The IRI paths closest to path, by the name rule's closeness (rdf/names.py)."""
        paths = {n[len(ID):].casefold(): n[len(ID):] for n in self.nodes}
        return [paths[close] for close in close_names(path, paths)]

    def rdf(self, iri: str, fmt: str) -> bytes:
        """The RDF document of iri in fmt: its triples, its claims' triples and the triples that point at it."""
        from ..export.release import render_ontology

        node, document = URIRef(iri), bind_prefixes(Graph())
        for triple in self.graph.triples((node, None, None)):
            document.add(triple)
        for claim in self.graph.objects(node, KAIFM.hasClaim):
            for triple in self.graph.triples((claim, None, None)):
                document.add(triple)
        for triple in self.graph.triples((None, None, node)):
            document.add(triple)
        return render_ontology(document, fmt, self.project)

    @functools.cached_property
    def ontology_graph(self) -> Graph:
        from ..rdf.io import load_files

        return bind_prefixes(load_files(self.project.ontology_files()))

    @functools.lru_cache(maxsize=16)  # noqa: B019 (a Pages lives as long as the process that serves it)
    def ontology(self, fmt: str) -> bytes:
        """The ontology in fmt (html: its documentation page)."""
        from ..export.ontodoc import render as render_page
        from ..export.release import render_ontology

        if fmt == "html":
            return render_page(self.ontology_graph)
        return render_ontology(self.ontology_graph, fmt, self.project)

    # -- pages -------------------------------------------------------------------------------------
    def render(self, template: str, links: Links, **values) -> str:
        return self.env.get_template(template).render(links=links, w=words(links.lang), lang=links.lang,
                                                      pictures=self.pictures(template, links.lang, values), **values)

    def pictures(self, template: str, lang: str, values: dict) -> dict[str, str]:
        """The SVG pictures a page shows, by name, as markup (macros.html: picture): the home page shows the
        timeline, the network and the models chart; a team's page, or its lead organisation's, shows that team's
        network. Without Graphviz the network is left out and the page is whole otherwise."""
        if template == "home.html":
            return {name: svg for name in ("timeline", "network", "models") if (svg := self.picture(name, lang))}
        desc = values.get("desc")
        if template == "entity.html" and desc is not None and URIRef(desc.iri) in self.teams_and_leads:
            svg = self.picture("network", lang, desc.iri)
            return {"network": svg} if svg else {}
        return {}

    @functools.cached_property
    def teams_and_leads(self) -> set:
        """The consortia and their lead organisations: the entities with a network picture of their own."""
        teams = set(self.graph.subjects(RDF.type, KAIFM.Consortium))
        return teams | {lead for team in teams for lead in self.graph.objects(team, KAIFM.leadOrganisation)}

    @functools.lru_cache(maxsize=256)  # noqa: B019 (the data do not change while a Pages lives)
    def picture(self, name: str, lang: str, team: str | None = None) -> str:
        """One picture as SVG markup to put inside HTML (the SVG file's XML declaration left out), or "" when it
        cannot be drawn here (no Graphviz for the network)."""
        from ..pictures import draw

        try:
            svg = draw(self.project, name, lang, team, engine=self.picture_engine)
        except InputError:
            return ""
        return svg[svg.index("?>") + 2:].lstrip() if svg.startswith("<?xml") else svg

    @functools.cached_property
    def picture_engine(self):
        """The store the pictures read (their queries run on it; the pages' own facts come from self.graph)."""
        from ..query.engines import open_engine

        return open_engine(self.project)

    def links_out(self, node: URIRef) -> list[tuple[str, str]]:
        """(name, URL) of the entity elsewhere: Wikidata, ROR, Hugging Face, arXiv, the document itself."""
        out = []
        for match in in_order(self.graph.objects(node, SKOS.exactMatch)):
            name = "Wikidata" if "wikidata.org" in str(match) else "ROR" if "ror.org" in str(match) else "link"
            out.append((f"{name} {str(match).rsplit('/', 1)[-1]}", str(match)))
        for model in in_order(self.graph.objects(node, KAIFM.huggingFaceId)):
            out.append((f"Hugging Face {model}", f"https://huggingface.co/{model}"))
        for report in in_order(self.graph.objects(node, KAIFM.technicalReport)):
            name = "arXiv " + str(report).rsplit("/", 1)[-1] if "arxiv.org" in str(report) else "report"
            out.append((name, str(report)))
        for url in in_order(self.graph.objects(node, SCHEMA.url)):
            out.append((str(url), str(url)))
        return out

    def source_urls(self, sources: dict[str, str]) -> dict[str, str]:
        """The document URL of each cited source that has one."""
        urls = {}
        for citation, iri in sources.items():
            url = self.graph.value(URIRef(iri), SCHEMA.url)
            if url is not None:
                urls[citation] = str(url)
        return urls

    def entity(self, iri: str, links: Links) -> str:
        """The page of one IRI."""
        node = URIRef(iri)
        desc = describe_entity(self.graph, node, links.lang, self.best, self.made_citations)
        other = "ko" if links.lang == "en" else "en"
        title = desc.labels.get(links.lang) or desc.labels.get(other) or label(self.graph, node, links.lang)
        return self.render("entity.html", links, desc=desc, title=title, path="id/" + iri[len(ID):],
                           links_out=self.links_out(node), urls=self.source_urls(desc.citations))

    def home(self, links: Links, date: str, teams, timeline) -> str:
        """The home page: the teams still in on date, and the timeline."""
        return self.render("home.html", links, title=words(links.lang)["title"], path="", date=date, teams=teams,
                           timeline=timeline)

    def query_page(self, links: Links, definitions: list[QueryDef], text: str, result=None, error: str = "",
                   downloads: dict | None = None) -> str:
        """The query page: an editor with the examples, and the result as a table (or the error, plainly)."""
        return self.render("query.html", links, title=words(links.lang)["query"], path="query",
                           definitions=definitions, text=text, result=result, error=error, downloads=downloads or {})

    def gallery(self, links: Links, definitions: list[QueryDef]) -> str:
        """The list of canned queries, each linking to its results."""
        return self.render("gallery.html", links, title=words(links.lang)["gallery"], path="queries/index",
                           definitions=definitions)

    def gallery_query(self, links: Links, definition: QueryDef, values: dict, result, downloads: dict) -> str:
        """One canned query with its example values, its rows and its SPARQL text."""
        return self.render("gallery_query.html", links, title=definition.name, path=f"queries/{definition.name}",
                           definition=definition, values=values, result=result, downloads=downloads,
                           text=self.example(definition, links.lang))

    def error_page(self, links: Links, status: int, message: str, suggestions: Sequence[str] = ()) -> str:
        return self.render("error.html", links, title=f"{status}", path=None, status=status, message=message,
                           suggestions=suggestions)

    def example_values(self, definition: QueryDef, lang: str) -> dict[str, str]:
        """The parameter values of a query's example: defaults, samples for the required ones, lang."""
        values = {p.name: SAMPLES[p.name] for p in definition.params if p.default is None and p.name in SAMPLES}
        if definition.param("lang"):
            values["lang"] = lang
        return values

    def example(self, definition: QueryDef, lang: str) -> str:
        """A canned query's text with its example values in a VALUES block, so it runs as it is on /sparql."""
        bindings = {}
        for name, value in typed_values(definition, self.example_values(definition, lang)).items():
            if isinstance(value, Label):
                import pyoxigraph as ox

                value = ox.NamedNode(str(find_entity(self.graph, value.text, f"params.{name}")))
            bindings[name] = value
        return inject_values(definition.text, bindings)
