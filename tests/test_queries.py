"""The canned queries: complete headers, golden rows checked against the sources, the same rows on both engines
(every offline query runs on both: each has a golden case, and every case runs on both)."""

import re
from pathlib import Path

import pytest

from conftest import SHIPPED

from kaifm_kg.query.engines import open_engine, run_query
from kaifm_kg.query.table import format_rows
from kaifm_kg.query.catalogue import list_queries, query_names

GOLDEN = Path(__file__).parent / "golden"

# golden file stem -> (query, parameters); every canned query that runs offline has at least one case
CASES = {
    "timeline": ("timeline", {}),
    "timeline--lang-ko": ("timeline", {"lang": "ko"}),
    "teams-on--date-2026-01-20": ("teams-on", {"date": "2026-01-20"}),
    "teams-on--date-2026-02-21": ("teams-on", {"date": "2026-02-21"}),
    "applicants": ("applicants", {}),
    "consortium-members--team-sk-telecom": ("consortium-members", {"team": "SK Telecom"}),
    "consortium-members--team-lg-ai-research-ko": ("consortium-members", {"team": "LG AI연구원", "lang": "ko"}),
    "eliminations": ("eliminations", {}),
    "phase-scores": ("phase-scores", {}),
    "models": ("models", {}),
    "organisation-roles--org-kaist": ("organisation-roles", {"org": "KAIST"}),
    "people": ("people", {}),
    "funding": ("funding", {}),
    "contested-claims": ("contested-claims", {}),
    "sources-for--entity-a-x-k1": ("sources-for", {"entity": "A.X K1"}),
    "missing-wikidata-links": ("missing-wikidata-links", {}),
    "plan-vs-outcome": ("plan-vs-outcome", {}),
    "benchmarks": ("benchmarks", {}),
    "model-lineage": ("model-lineage", {}),
    "team-history--team-naver-cloud": ("team-history", {"team": "Naver Cloud"}),
    "search--text-exaone": ("search", {"text": "exaone"}),
    "bibliography": ("bibliography", {}),
    "item-leaders": ("item-leaders", {}),
    "reported-scores": ("reported-scores", {}),
    "rubric-comparison": ("rubric-comparison", {}),
    "open-plans": ("open-plans", {}),
    "team-plans": ("team-plans", {}),
    "stale-facts": ("stale-facts", {}),
}
# more parameter values on which both engines must agree
PARITY = [
    ("teams-on", {"date": "2025-07-25"}), ("teams-on", {"date": "2025-08-04"}), ("teams-on", {"date": "2026-01-15"}),
    ("teams-on", {"date": "2026-08-05", "lang": "ko"}), ("teams-on", {}),
    ("consortium-members", {"team": "https://w3id.org/kaifm/id/team/motif-technologies"}),
    ("organisation-roles", {"org": "과학기술정보통신부"}), ("organisation-roles", {"org": "NIPA"}),
    ("sources-for", {"entity": "Riiid"}), ("sources-for", {"entity": "Phase 1 evaluation", "lang": "ko"}),
    ("team-history", {"team": "Motif Technologies"}), ("search", {"text": "연구원"}),
    ("contested-claims", {"lang": "ko"}), ("funding", {"lang": "ko"}), ("plan-vs-outcome", {"lang": "ko"}),
    ("item-leaders", {"stage": "Phase 1 evaluation", "lang": "ko"}), ("reported-scores", {"official": "no"}),
    ("rubric-comparison", {"first": "Phase 2 evaluation", "second": "Phase 1 evaluation"}),
    ("team-plans", {"lang": "ko"}), ("open-plans", {"lang": "ko"}),
]
OFFLINE = [q for q in list_queries(SHIPPED) if not q.federated]


@pytest.fixture(scope="module")
def engines():
    """Both in-process engines over the shipped project's dump."""
    return {"oxigraph": open_engine(SHIPPED, "oxigraph"), "rdflib": open_engine(SHIPPED, "rdflib")}


def test_the_query_folder_holds_what_the_issue_asks_for():
    names = set(query_names(SHIPPED))
    assert {"timeline", "teams-on", "applicants", "consortium-members", "eliminations", "phase-scores", "models",
            "organisation-roles", "people", "funding", "contested-claims", "sources-for",
            "missing-wikidata-links", "plan-vs-outcome"} <= names


@pytest.mark.parametrize("query", list_queries(SHIPPED), ids=lambda q: q.name)
def test_every_query_has_a_complete_header(query):
    assert query.summary.get("en") and query.summary.get("ko"), "summary@en and summary@ko"
    assert re.search(r"[\uac00-\ud7a3]", query.summary["ko"]), "the Korean summary is in Hangul"
    assert len(query.description) > 80
    assert query.param("lang") is not None and query.param("lang").default == "en"
    select = query.text[query.text.index("SELECT"):query.text.index("WHERE")]
    for param in query.params:
        assert param.doc, param.name
        assert re.search(rf"\?{param.name}\b", select), f"?{param.name} must be in the SELECT clause"


@pytest.mark.parametrize("query", OFFLINE, ids=lambda q: q.name)
def test_every_offline_query_has_a_golden_case(query):
    """So each runs on both engines below (test_both_engines_give_the_same_rows) and is checked against its file."""
    assert any(name == query.name for name, _ in CASES.values()), f"add a golden case for {query.name} to CASES"


@pytest.mark.parametrize("stem", sorted(CASES))
def test_rows_match_the_golden_file(stem, engines, request):
    name, params = CASES[stem]
    text = format_rows(run_query(SHIPPED, name, params, engine=engines["oxigraph"]), "csv")
    path = GOLDEN / f"{stem}.csv"
    if request.config.getoption("--regen-golden"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path} differs (pytest --regen-golden, then review the diff)"


@pytest.mark.parametrize("name, params", [CASES[s] for s in sorted(CASES)] + PARITY,
                         ids=lambda v: v if isinstance(v, str) else ",".join(f"{k}={x}" for k, x in v.items()))
def test_both_engines_give_the_same_rows(name, params, engines):
    ox = run_query(SHIPPED, name, params, engine=engines["oxigraph"])
    rd = run_query(SHIPPED, name, params, engine=engines["rdflib"])
    assert ox.columns and ox.columns == rd.columns
    assert ox.rows == rd.rows


def test_teams_on_20_january_2026_is_lg_skt_and_upstage(engines):
    rows = run_query(SHIPPED, "teams-on", {"date": "2026-01-20"}, engine=engines["oxigraph"])
    assert [r[rows.columns.index("lead")] for r in rows.rows] == ["LG AI Research", "SK Telecom", "Upstage"]


def test_teams_on_21_february_2026_adds_motif(engines):
    rows = run_query(SHIPPED, "teams-on", {"date": "2026-02-21"}, engine=engines["oxigraph"])
    leads = [r[rows.columns.index("lead")] for r in rows.rows]
    assert leads == ["LG AI Research", "Motif Technologies", "SK Telecom", "Upstage"]


def test_contested_claims_show_the_disagreements_with_sources(engines):
    result = run_query(SHIPPED, "contested-claims", {}, engine=engines["oxigraph"])
    rows = [dict(zip(result.columns, r)) for r in result.rows]
    assert all(r["sources"] for r in rows)

    def values(subject, prop):
        return {r["value"]: r["rank"] for r in rows if r["subject"] == subject and r["property"] == prop}

    assert values("Phase 1 evaluation", "teams after") == {"3": "preferred", "4": "deprecated"}
    assert values("SK Telecom consortium", "has member") == {"Riiid": "deprecated"}
    assert values("A.X K1", "total parameters") == {"519000000000": "preferred", "500000000000": "normal"}
    # issue 10: the settled 2025 budget (158.6 + 50 + 5 billion won) is preferred; the earlier figures stay, ranked normal
    budget = values("Independent AI Foundation Model Project", "total budget")
    assert budget == {"213600000000": "preferred", "193600000000": "normal", "200000000000": "normal"}
    assert values("Third-stage evaluation (final selection of two teams)", "planned date") == {
        "2027-02": "preferred", "2026-12": "normal", "2027": "normal"}
    assert values("Motif 3", "total parameters") == {
        "314000000000": "preferred", "315000000000": "normal", "300000000000": "deprecated"}


def test_labels_follow_the_language(engines):
    ko = run_query(SHIPPED, "eliminations", {"lang": "ko"}, engine=engines["oxigraph"])
    assert "네이버클라우드 컨소시엄" in {r[ko.columns.index("team")] for r in ko.rows}
    assert "탈락" in {r[ko.columns.index("outcome")] for r in ko.rows}


def test_every_row_of_a_fact_query_cites_a_source(engines):
    for stem, (name, params) in CASES.items():
        result = run_query(SHIPPED, name, params, engine=engines["oxigraph"])
        for column in ("sources", "source"):
            if column in result.columns:
                assert all(row[result.columns.index(column)] for row in result.rows), stem


@pytest.mark.parametrize("text, field", [("NIPA", "alias"), ("nipa", "alias"), ("정보통신산업진흥원", "name")])
def test_search_finds_an_agency_by_its_abbreviation_or_korean_name_first(text, field, engines):
    result = run_query(SHIPPED, "search", {"text": text}, engine=engines["oxigraph"])
    first = dict(zip(result.columns, result.rows[0]))
    assert (first["iri"], first["field"], first["matched"].casefold()) == (
        "https://w3id.org/kaifm/id/org/nipa", field, text.casefold())


def test_search_ranks_whole_matches_first_and_names_before_aliases_before_descriptions(engines):
    result = run_query(SHIPPED, "search", {"text": "exaone"}, engine=engines["oxigraph"])
    rows = [dict(zip(result.columns, row)) for row in result.rows]
    whole = [r for r in rows if r["matched"].casefold() == "exaone"]
    assert rows[:len(whole)] == whole and [r["field"] for r in whole] == ["name", "alias", "alias"]
    fields = [r["field"] for r in rows[len(whole):]]
    assert fields == sorted(fields, key=["name", "alias", "description"].index)


def test_search_reads_descriptions(engines):
    result = run_query(SHIPPED, "search", {"text": "tokenizer"}, engine=engines["oxigraph"])
    assert ("https://w3id.org/kaifm/id/model/k-exaone", "description") in set(zip(result.column("iri"),
                                                                                 result.column("field")))
