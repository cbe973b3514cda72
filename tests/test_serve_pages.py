"""Linked Data and pages on a real server: every kind of IRI (and the ontology) in HTML, Turtle, JSON-LD,
N-Triples and RDF/XML by Accept or suffix, 404 with close matches, entity pages in English and Korean with
their sources, the home page, the query page, and replicas on one on-disk store."""

import html
import re
import urllib.parse
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from conftest import SHIPPED

from kaifm_kg.query.engines import open_engine, run_query
from kaifm_kg.rdf.prefixes import ID, KAIFM

from test_serve_sparql import call, sparql

KINDS = ("org/", "team/", "person/", "model/", "model-family/", "stage/", "source/", "claim/", "membership/",
         "outcome/", "application/", "position/", "programme/")
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
             "application/rdf+xml": "xml"}
SUFFIXES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
            ".rdf": "application/rdf+xml", ".html": "text/html"}


@pytest.fixture(scope="module")
def base(kaifm_server):
    return kaifm_server("--workers", "2")


def sample_paths(graph) -> list[str]:
    """One IRI path (after /id/) of each kind, the first in sorted order."""
    subjects = sorted(str(s) for s in set(graph.subjects()) if str(s).startswith(ID))
    return [next(s[len(ID):] for s in subjects if s[len(ID):].startswith(kind)) for kind in KINDS]


PATHS = sample_paths(SHIPPED.graph())


def subject_triples(graph, iri):
    return set(graph.triples((URIRef(iri), None, None)))


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("accept", list(RDF_TYPES))
def test_every_kind_of_iri_in_every_rdf_format_by_accept(base, graph, path, accept):
    status, headers, body = call(f"{base}/id/{path}", headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept) and "Accept" in headers["Vary"]
    assert headers["Content-Location"] == f"/id/{path}" + {v: k for k, v in SUFFIXES.items()}[accept]
    served = Graph().parse(data=body, format=RDF_TYPES[accept])
    assert subject_triples(graph, ID + path) <= set(served) and subject_triples(graph, ID + path)


@pytest.mark.parametrize("path", PATHS)
def test_every_kind_of_iri_as_html_for_a_browser(base, path):
    status, headers, body = call(f"{base}/id/{path}",
                                 headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert status == 200 and headers["Content-Type"].startswith("text/html") and "Accept" in headers["Vary"]
    assert f"<code>{ID}{path}</code>" in body.decode("utf-8")


@pytest.mark.parametrize("suffix, media", list(SUFFIXES.items()))
def test_suffixes_for_people_clicking(base, suffix, media):
    status, headers, body = call(f"{base}/id/org/upstage{suffix}", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith(media)
    status, headers, body = call(f"{base}/ontology{suffix}")
    assert status == 200 and headers["Content-Type"].startswith(media)


def test_the_ontology_and_its_terms(base):
    status, headers, body = call(f"{base}/ontology", headers={"Accept": "text/turtle"})
    ontology = Graph().parse(data=body, format="turtle")
    assert status == 200 and (URIRef(KAIFM + "Consortium"), RDFS.label, None) in ontology
    status, headers, body = call(f"{base}/ontology", headers={"Accept": "text/html"})
    assert status == 200 and 'id="Consortium"' in body.decode("utf-8")  # so /ontology#Consortium lands on it


def test_an_unknown_iri_is_404_with_close_matches(base):
    status, headers, body = call(f"{base}/id/org/upstag", headers={"Accept": "text/html"})
    page = body.decode("utf-8")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert 'href="/id/org/upstage?lang=en"' in page
    status, headers, body = call(f"{base}/id/org/upstag.ttl")
    assert status == 404 and b"is not an IRI of the graph" in body and headers["Content-Type"].startswith("text/plain")
    assert call(f"{base}/id/org/upstage", headers={"Accept": "image/png"})[0] == 406


def test_entity_page_labels_sources_contested_claims_and_links_out(base, graph):
    status, _, body = call(f"{base}/id/model/a-x-k1?lang=en")
    page = html.unescape(body.decode("utf-8"))
    assert status == 200 and "A.X K1" in page and "에이닷엑스 K1" in page
    assert re.search(r'<a href="/id/source/[^"]+\?lang=en">SK Telecom unveils A.X K1', page)  # sources as links
    assert "500000000000" in page and "normal" in page.lower()  # the other claim, with its rank
    assert "https://huggingface.co/skt/A.X-K1" in page and "https://arxiv.org/abs/2601.09200" in page
    status, _, body = call(f"{base}/id/org/upstage")
    page = body.decode("utf-8")
    assert "http://www.wikidata.org/entity/Q127983087" in page and "https://ror.org/015tdma78" in page
    assert 'href="/id/membership/upstage/upstage?lang=en"' in page  # what refers to it


def test_the_language_follows_accept_language_and_the_switch(base):
    korean = call(f"{base}/id/org/upstage", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"})[2].decode()
    assert '<html lang="ko">' in korean and "<h1>업스테이지</h1>" in korean and 'href="/id/org/upstage?lang=en"' in korean
    english = call(f"{base}/id/org/upstage?lang=en", headers={"Accept-Language": "ko"})[2].decode()
    assert '<html lang="en">' in english and "<h1>Upstage</h1>" in english
    assert call(f"{base}/id/org/upstage?lang=fr")[0] == 400


def test_home_page_who_is_still_in_and_the_timeline(base, cache):
    import datetime

    page = html.unescape(call(f"{base}/?lang=en")[2].decode("utf-8"))
    engine = open_engine(SHIPPED)
    teams = run_query(SHIPPED, "teams-on", {"date": datetime.date.today().isoformat()}, engine=engine)
    assert teams.rows and all(team in page for team in teams.column("team"))
    timeline = run_query(SHIPPED, "timeline", {}, engine=engine)
    assert all(event in page for event in timeline.column("event"))
    assert "Who is still in" in page and "How we got here" in page
    assert "as of 2026-12-04: the graph holds what its sources reported up to that day" in page


def _figures(page: str) -> dict[str, str]:
    """The pictures a page shows: name -> the SVG inside its <figure class="picture picture-NAME">."""
    return dict(re.findall(r'<figure class="picture picture-(\w+)">\s*(<svg.*?</svg>)\s*</figure>', page, re.S))


@pytest.mark.parametrize("lang, words", [("en", ("Upstage consortium", "Phase 2 evaluation")),
                                         ("ko", ("업스테이지 컨소시엄", "2차 단계평가"))])
def test_the_home_page_shows_the_three_pictures_in_its_language(base, lang, words):
    figures = _figures(call(f"{base}/?lang={lang}")[2].decode("utf-8"))
    assert set(figures) == {"timeline", "network", "models"}
    text = html.unescape(figures["timeline"])
    assert all(word in text for word in words)
    assert ("K-EXAONE" in figures["models"] and "Upstage" in html.unescape(figures["network"])) or lang == "ko"


def test_a_team_s_page_and_its_lead_s_show_the_team_s_network_and_other_pages_none(base):
    team = _figures(call(f"{base}/id/team/upstage?lang=en")[2].decode("utf-8"))
    lead = _figures(call(f"{base}/id/org/upstage?lang=en")[2].decode("utf-8"))
    assert set(team) == set(lead) == {"network"} and team["network"] == lead["network"]
    drawn = html.unescape(team["network"])
    assert "Nota" in drawn and "Stanford University" in drawn and "LG AI Research consortium" not in drawn
    assert _figures(call(f"{base}/id/model/k-exaone-2-0?lang=en")[2].decode("utf-8")) == {}


def test_query_page_runs_a_query_and_shows_errors_plainly(base):
    status, _, body = call(f"{base}/query?lang=en&example=teams-on")
    page = html.unescape(body.decode("utf-8"))
    assert status == 200 and "VALUES (?date ?lang)" in page and "<textarea" in page
    query = "SELECT ?m WHERE { ?m a kaifm:Model } ORDER BY ?m"
    status, _, body = call(f"{base}/query?" + urllib.parse.urlencode({"query": query, "lang": "en"}))
    page = html.unescape(body.decode("utf-8"))
    assert status == 200 and page.count('<a href="/id/model/') >= 10
    assert "/sparql?query=" in page and "format=csv" in page
    status, _, body = call(f"{base}/query?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE {", "lang": "en"}))
    assert status == 400 and 'class="error"' in body.decode("utf-8") and "syntax error" in body.decode("utf-8")


def test_gallery_pages(base):
    status, _, body = call(f"{base}/queries/consortium-members?lang=en")
    page = html.unescape(body.decode("utf-8"))
    assert status == 200 and "team=LG AI Research" in page and "Elice" in page


def test_replicas_on_one_on_disk_store(kaifm_server, tmp_path, graph):
    store = tmp_path / "kaifm-db"
    first, second = kaifm_server("--store", str(store), "--workers", "1"), kaifm_server("--store", str(store),
                                                                                         "--workers", "1")
    for served in (first, second):
        status, _, body = sparql(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")
        assert status == 200 and body.split()[1] == str(len(graph)).encode()
        assert call(f"{served}/id/org/upstage?lang=ko")[0] == 200


def w3id_rules() -> list[tuple[re.Pattern, str, str]]:
    """(pattern, target, flags) of each RewriteRule in w3id/.htaccess."""
    rules = []
    for line in (Path(__file__).parent.parent / "w3id" / ".htaccess").read_text().splitlines():
        if line.startswith("RewriteRule "):
            _, pattern, target, flags = line.split()
            rules.append((re.compile(pattern), target, flags))
    return rules


@pytest.mark.parametrize("path", ["id/org/upstage", "id/model/a-x-k1.ttl", "id/" + PATHS[KINDS.index("claim/")],
                                  "ontology", "ontology.jsonld", "context.jsonld", "sparql", "api/queries", ""])
def test_the_w3id_rules_lead_to_the_servers_paths(base, path):
    rules = w3id_rules()
    pattern, target, flags = next(rule for rule in rules if rule[0].fullmatch(path))
    match = pattern.fullmatch(path)
    url = re.sub(r"\$(\d)", lambda m: match.group(int(m.group(1))) or "", target)
    assert url.startswith("https://kaifm-kg.example.org/") and "R=" in flags
    status, _, _ = call(base + url[len("https://kaifm-kg.example.org"):], headers={"Accept": "text/turtle"})
    assert status == 200


@pytest.mark.parametrize("wrong", ["org/upstag", "model/ax-k1", PATHS[KINDS.index("claim/")].lower() + "x"])
def test_every_suggestion_of_a_404_resolves(base, wrong):
    status, _, body = call(f"{base}/id/{wrong}", headers={"Accept": "text/html"})
    suggestions = re.findall(r'<ul class="suggestions">(.*?)</ul>', body.decode("utf-8"), re.S)
    links = re.findall(r'href="([^"]+)"', suggestions[0]) if suggestions else []
    assert status == 404 and links
    assert all(call(base + html.unescape(link))[0] == 200 for link in links)
