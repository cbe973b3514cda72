"""JSON-LD that reads like JSON: the maintained context, compaction and frames, each tested both ways
(expanded with pyld, and parsed by rdflib) against the graph it came from. The documents are the session
release's (conftest.released): kaifm.jsonld (the compacted graph, as `export` and `build` write it) and the
framed kaifm-consortia.jsonld, kaifm-models.jsonld and kaifm-rounds.jsonld."""

import json
import sys
from pathlib import Path

import pytest
from pyld import jsonld as pyld
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kaifm_kg.errors import InputError
from conftest import SHIPPED

from kaifm_kg.export.jsonld import CONTEXT_URL, FRAMES, frame_graph, frame_selection, load_context, load_frame
from kaifm_kg import run_query
from kaifm_kg.project import Project
from kaifm_kg.query.engines import OxigraphEngine

FRAMED = {"consortium": "kaifm-consortia.jsonld", "model": "kaifm-models.jsonld", "round": "kaifm-rounds.jsonld"}
KEYS = ("name", "altNames", "members", "memberships", "member", "lead", "role", "parameters", "activeParameters",
        "released", "licence", "huggingFace", "wikidata", "sources", "date", "outcome", "outcomes", "stage",
        "team", "score", "scores", "claims", "developer")


def _through_pyld(doc: dict) -> Graph:
    nquads = pyld.to_rdf(pyld.expand(doc, {"documentLoader": _no_network}), {"format": "application/n-quads"})
    return Graph().parse(data=nquads, format="nt")


def _through_rdflib(doc: dict) -> Graph:
    return Graph().parse(data=json.dumps(doc), format="json-ld")


def _no_network(url, options=None):
    raise AssertionError(f"fetched {url}")


def _read(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compacted(released):
    return _read(released[0] / "kaifm.jsonld")


@pytest.fixture(scope="module")
def nodes(compacted):
    return {node["@id"]: node for node in compacted["@graph"]}


def test_the_context_defines_short_stable_keys():
    terms = json.loads(SHIPPED.context_file.read_text(encoding="utf-8"))["@context"]
    assert set(KEYS) <= set(terms)
    assert terms["name"] == {"@id": "rdfs:label", "@container": "@language"}
    assert terms["parameters"]["@type"] == "xsd:integer"
    assert "@type" not in terms["released"]  # a date's datatype (xsd:date, gYearMonth, gYear) is its precision: kept
    assert terms["lead"]["@type"] == "@id" and terms["outcome"]["@type"] == "@vocab"
    assert terms["memberships"] == {"@reverse": "org:organization", "@container": "@set"}


@pytest.mark.parametrize("through", [_through_pyld, _through_rdflib], ids=["pyld", "rdflib"])
def test_the_whole_graph_round_trips(graph, compacted, through):
    parsed = through(compacted)
    assert len(parsed) == len(graph)
    assert isomorphic(parsed, graph)


def test_compacted_nodes_read_like_json(nodes):
    model = nodes["model/a-x-k1"]
    assert model["@type"] == "Model"
    assert model["name"] == {"en": "A.X K1", "ko": "에이닷엑스 K1"}
    assert model["parameters"] == 519000000000 and model["activeParameters"] == 33000000000
    assert model["released"] == {"@value": "2025-12-28", "@type": "xsd:date"}  # dates carry their precision
    assert model["developer"] == "org/sk-telecom"
    assert "claim/model/a-x-k1/totalParameters/developer" in model["claims"]
    outcome = nodes["outcome/phase-1/naver-cloud"]
    assert (outcome["outcome"], outcome["stage"]) == ("Eliminated", "stage/phase-1")
    assert outcome["team"] == "team/naver-cloud"
    assert nodes["membership/lg-ai-research/elice"]["role"] == "MemberRole"


def test_output_embeds_the_context(compacted):
    assert compacted["@context"] == load_context(SHIPPED)["@context"]


@pytest.fixture(scope="module")
def subgraphs(cache) -> dict[str, Graph]:
    """Per frame, the triples it selects (its CONSTRUCT query, ontology/frames/NAME.rq)."""
    return {name: frame_selection(SHIPPED, name) for name in FRAMES}


@pytest.mark.parametrize("per", [1, 5, 16])
@pytest.mark.parametrize("name", FRAMES)
def test_framing_the_frames_selection_a_few_nodes_at_a_time_gives_what_pyld_gives_for_the_whole_graph(
        subgraphs, graph, name, per):
    frame, context = load_frame(SHIPPED, name), load_context(SHIPPED)
    assert len(subgraphs[name]) < len(graph) / 3
    assert frame_graph(subgraphs[name], frame, context, per=per) == frame_graph(graph, frame, context, per=None)


def test_each_framing_call_is_given_no_more_on_a_graph_twice_the_size(cache, tmp_path, monkeypatch):
    """pyld frames a reverse property (memberships, outcomes) by scanning all it was given once per framed
    node: framing grows linearly only if what one call is given does not grow with the graph."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from scale import scaled_project

    larger = Project.open(scaled_project(SHIPPED.root, 2, tmp_path / "project"))
    given: list[int] = []
    frame = pyld.frame

    def counted(nodes, *args, **kwargs):
        given.append(len(nodes))
        return frame(nodes, *args, **kwargs)

    monkeypatch.setattr(pyld, "frame", counted)
    for name in FRAMES:
        sizes = []
        for project in (SHIPPED, larger):
            given.clear()
            frame_graph(frame_selection(project, name), load_frame(project, name), load_context(project), per=1)
            sizes.append((len(given), max(given)))
        (calls, most), (calls_twice, most_twice) = sizes
        assert calls_twice == 2 * calls and most_twice == most, name


def test_a_frame_query_that_is_missing_malformed_or_not_a_construct_is_named(project_copy):
    project = Project.open(project_copy)
    (project.frames_dir / "round.rq").write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(InputError, match=r"round\.rq: not a CONSTRUCT query"):
        frame_selection(project, "round")
    (project.frames_dir / "round.rq").write_text("CONSTRUCT { ?s ?p ?o", encoding="utf-8")
    with pytest.raises(InputError, match=r"round\.rq: not a SPARQL query"):
        frame_selection(project, "round")
    (project.frames_dir / "round.rq").unlink()
    with pytest.raises(InputError, match=r"round\.rq: cannot read the frame's query"):
        frame_selection(project, "round")


@pytest.fixture(scope="module")
def framed(released):
    assert set(FRAMED) == set(FRAMES)
    return {name: _read(released[0] / FRAMED[name]) for name in FRAMES}


@pytest.mark.parametrize("through", [_through_pyld, _through_rdflib], ids=["pyld", "rdflib"])
@pytest.mark.parametrize("name", FRAMES)
def test_each_frame_round_trips_to_its_subgraph(subgraphs, framed, name, through):
    expected = subgraphs[name]
    assert len(expected) > 100
    parsed = through(framed[name])
    assert len(parsed) == len(expected)
    assert isomorphic(parsed, expected)


def test_a_framed_consortium_lists_its_members_with_both_names_and_roles(framed):
    teams = {doc["@id"]: doc for doc in framed["consortium"]["@graph"]}
    assert len(teams) == 16
    lg = teams["team/lg-ai-research"]
    assert lg["name"] == {"en": "LG AI Research consortium", "ko": "LG AI연구원 컨소시엄"}
    assert lg["lead"]["name"] == {"en": "LG AI Research", "ko": "LG AI연구원"}
    members = {m["member"]["@id"]: m for m in lg["memberships"]}
    assert members["org/elice"]["member"]["name"] == {"en": "Elice", "ko": "엘리스"}
    assert members["org/elice"]["role"]["name"] == {"en": "member", "ko": "참여 기관"}
    assert members["org/lg-ai-research"]["role"]["@id"] == "kaifm:LeadRole"
    assert all(set(m["member"]["name"]) == {"en", "ko"} and m["role"]["name"]["ko"] for m in lg["memberships"])


def test_a_framed_model_nests_developer_and_the_sources_of_its_claims(framed):
    model = next(doc for doc in framed["model"]["@graph"] if doc["@id"] == "model/a-x-k1")
    assert model["developer"]["name"]["ko"] == "SK텔레콤"
    assert model["team"]["name"]["en"] == "SK Telecom consortium"
    claim = next(c for c in model["claims"] if c["@id"] == "claim/model/a-x-k1/totalParameters/developer")
    assert claim["rank"] == "PreferredRank"
    assert {s["@id"] for s in claim["sources"]} >= {"source/github-skt-a-x-k1"}
    assert all("title" in s for s in claim["sources"])


def test_a_framed_round_nests_its_outcomes_and_scores(framed):
    phase1 = next(doc for doc in framed["round"]["@graph"] if doc["@id"] == "stage/phase-1")
    outcomes = {o["team"]["@id"]: o for o in phase1["outcomes"]}
    assert outcomes["team/naver-cloud"]["outcome"]["name"] == {"en": "eliminated", "ko": "탈락"}
    scores = {s["criterion"]["@id"]: s["score"] for s in outcomes["team/lg-ai-research"]["scores"]}
    assert scores["criterion/total"] == "90.2"
    assert {s["criterion"]["@id"] for s in phase1["averageScores"]} >= {"criterion/total"}


def test_frames_name_the_context_and_nothing_is_fetched(graph):
    for name in FRAMES:
        frame = json.loads((SHIPPED.frames_dir / f"{name}.jsonld").read_text(encoding="utf-8"))
        assert frame["@context"] == CONTEXT_URL
    with pytest.raises(InputError, match="unknown frame"):
        load_frame(SHIPPED, "people")


def test_a_claims_property_is_spelled_as_the_key_its_entity_uses(compacted):
    """One spelling per property: a claim says "parameters" where the model says "parameters" (not
    totalParameters or kaifm:activeParameters), and it still expands to the property's IRI."""
    terms = compacted["@context"]
    claims = [n for n in compacted["@graph"] if n.get("@type") == "Claim"]
    spelled = {c["property"] for c in claims}
    assert {"parameters", "activeParameters", "developer", "released"} <= spelled
    assert not {p for p in spelled if ":" in p}, "every claim property has a short name"
    vocab, ontology = terms["@vocab"], Graph().parse(SHIPPED.ontology_dir / "kaifm.ttl")
    assert not {p for p in spelled if p not in terms and (URIRef(vocab + p), None, None) not in ontology}, \
        "every claim property is a term of the context or a property of the ontology (@vocab)"
    entity_keys = {k for n in compacted["@graph"] if n.get("@type") != "Claim" for k in n}
    assert spelled <= entity_keys, "a claim property no entity carries as a key"


def test_integers_and_booleans_are_json_numbers_and_booleans(compacted):
    """Outside a claim's `value` (which holds values of any type), no integer or boolean needs a lookup: the
    context types every such property, so it compacts to a JSON number or true/false."""
    typed = set()

    def walk(node, key=None):
        if isinstance(node, list):
            for item in node:
                walk(item, key)
        elif isinstance(node, dict):
            if "@value" in node and node.get("@type") in ("xsd:integer", "xsd:boolean") and key != "value":
                typed.add(key)
            for k, v in node.items():
                walk(v, k)
    walk(compacted["@graph"])
    assert typed == set()
    nodes = {n["@id"]: n for n in compacted["@graph"]}
    assert nodes["outcome/phase-2/lg-ai-research/score/phase-2-expert"]["placing"] == 1


def test_the_frames_and_queries_of_one_project_load_its_dump_into_pyoxigraph_once(cache, monkeypatch):
    loaded: list = []
    load = OxigraphEngine.__init__
    monkeypatch.setattr(OxigraphEngine, "__init__", lambda self, dump: loaded.append(dump) or load(self, dump))
    project = Project.open(SHIPPED.root)
    for name in FRAMES:
        assert len(frame_selection(project, name)) > 100
    assert run_query(project, "timeline").rows
    assert loaded == [project.dump()]
