"""Property-based tests (hypothesis) of every place a user's text goes in: query parameters on all three
engines (pyoxigraph, rdflib, an Oxigraph server), names, `--file` text, review files and dates.

The properties: no exception but the library's own (KaifmError: the CLI's one-line message and exit
code), and no text ever reaching a query as SPARQL (a value comes back as the one value it was). Each
test is bounded (max_examples, derandomized so every run tries the same cases) to keep the suite fast.
"""

import csv
import io
import json
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pyoxigraph import NamedNode
from rdflib import Graph, Namespace, URIRef
from rdflib import Literal as RdfLiteral

from conftest import SHIPPED
from kaifm_kg import Project
from kaifm_kg.cli import cli
from kaifm_kg.errors import InputError, KaifmError
from kaifm_kg.query.catalogue import Label, Param, convert, parse_assignments, parse_query, typed_values
from kaifm_kg.query.engines import EndpointEngine, open_engine, run_query
from kaifm_kg.query.table import Table

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ECHO = parse_query("#+ param: q | string | required | Any text.\nSELECT ?q ?echo WHERE { BIND(STR(?q) AS ?echo) }\n",
                   "echo")
# Any text, lone surrogates too (what Python makes of command-line bytes that are not UTF-8).
TEXT = st.text() | st.lists(st.characters(categories=["Cs"]) | st.characters(), max_size=8).map("".join)
SPARQLISH = st.sampled_from(['"', "'", "}", "{", " UNION ", "<", ">", "\\", "\\u0022", "#", "\n", " . ", "?s",
                             "DROP ALL ;", '"""', "'''", "^^", "@en", "VALUES", "SERVICE", ")", "(", "kaifm:"])
HOSTILE = st.lists(SPARQLISH | st.text(max_size=4), max_size=12).map("".join)
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open: rdflib's closed XSD warns when pytest inspects it
LABELS = ["LG AI Research", "업스테이지", "SK Telecom consortium", "Upstage", "NC AI", "Naver Cloud"]


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


@pytest.fixture(scope="module")
def engines(cache, oxigraph_server):
    """The three engines: pyoxigraph and rdflib in process, and an Oxigraph server holding the same graph."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KAIFM_KG_CACHE", str(cache))
        local = {"oxigraph": open_engine(SHIPPED, "oxigraph"), "rdflib": open_engine(SHIPPED, "rdflib")}
    base = oxigraph_server(SHIPPED.dump())
    return {**local, "endpoint": EndpointEngine(f"{base}/query", timeout=30)}


ENGINES = ["oxigraph", "rdflib", "endpoint"]


# -- parameters -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
@FUZZ
@given(value=TEXT | HOSTILE)
@example(value='x" } UNION { ?s ?p ?o } # \'\'\' """ \\" \\u0022 }} {{ <http://evil/> . UNION\n DROP ALL ;')
@example(value="\x00\r\n\t\u2028\ufeff")
def test_a_string_parameter_comes_back_as_the_one_value_it_was(engines, engine, value):
    try:
        table = run_query(SHIPPED, ECHO, {"q": value}, engine=engines[engine])
    except InputError as e:
        assert not _encodable(value) and "params.q" in str(e)
        return
    assert table == Table(("echo",), [(value,)])


@pytest.mark.parametrize("engine", ENGINES)
@settings(FUZZ, max_examples=15)  # a name not found costs a scan of every name (for the closest ones)
@given(name=TEXT | HOSTILE | st.sampled_from(LABELS).map(lambda s: f"  {s.swapcase()} "))
def test_a_label_parameter_is_looked_up_never_pasted(engines, engine, name):
    try:
        table = run_query(SHIPPED, "consortium-members", {"team": name}, engine=engines[engine])
    except InputError as e:  # not found, ambiguous or not a valid IRI: a message naming the parameter
        assert str(e).startswith("params.team: ") and len(str(e)) < 1500
        return
    assert isinstance(table, Table)


@settings(FUZZ, max_examples=5)
@given(name=st.sampled_from(LABELS), spaces=st.text(" \t", max_size=3), flip=st.booleans())
def test_a_name_is_found_whatever_its_case_and_surrounding_space(engines, name, spaces, flip):
    spelled = spaces + (name.swapcase() if flip else name) + spaces
    expected = run_query(SHIPPED, "consortium-members", {"team": name}, engine=engines["oxigraph"])
    for engine in ENGINES:
        assert run_query(SHIPPED, "consortium-members", {"team": spelled}, engine=engines[engine]) == expected


@FUZZ
@given(pairs=st.lists(TEXT | st.tuples(st.sampled_from(["date", "team", "n", "lang", "q", ""]), TEXT)
                      .map(lambda kv: "=".join(kv)), max_size=5))
def test_parameter_assignments_are_parsed_or_refused(pairs):
    definition = parse_query("#+ param: date | date | today | d\n#+ param: team | iri-or-label | required | t\n"
                             "#+ param: n | integer | 1 | n\n#+ param: lang | lang | en | l\n"
                             "SELECT ?date ?team ?n ?lang WHERE {}", "fuzz")
    try:
        values = typed_values(definition, parse_assignments(pairs))
    except InputError as e:
        assert str(e).startswith("params")
        assert len(str(e)) < 600  # the value quoted cut short
        return
    assert set(values) == {"date", "team", "n", "lang"}


@FUZZ
@given(text=TEXT | st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True)
       | st.dates().map(str) | st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True))
def test_a_date_is_a_real_ascii_day_or_refused(text):
    import datetime

    try:
        term = convert(Param("date", "date", None, ""), text)
    except InputError as e:
        assert str(e).startswith("params.date: ")
        return
    if text != "today":
        assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) and term.value == text
    datetime.date.fromisoformat(term.value)
    assert term.datatype == NamedNode("http://www.w3.org/2001/XMLSchema#date")


@FUZZ
@given(text=TEXT | st.from_regex(r"[+-]?\d{1,30}", fullmatch=True))
def test_an_integer_is_ascii_digits_or_refused(text):
    try:
        term = convert(Param("n", "integer", None, ""), text)
    except InputError:
        assert not re.fullmatch(r"[+-]?[0-9]+", text)
        return
    assert re.fullmatch(r"[+-]?[0-9]+", text) and int(term.value) == int(text)


@FUZZ
@given(text=TEXT | HOSTILE | st.sampled_from(["kaifm:", "http://", "korg:lg ai", "https://x/ y", "wd:Q1"]).flatmap(
    lambda head: TEXT.map(lambda tail: head + tail)))
def test_an_iri_or_label_is_a_valid_iri_a_label_or_refused(text):
    try:
        term = convert(Param("team", "iri-or-label", None, ""), text)
    except InputError as e:
        assert str(e).startswith("params.team: ")
        return
    assert isinstance(term, (Label, NamedNode))
    if isinstance(term, NamedNode):
        assert NamedNode(term.value) == term  # pyoxigraph accepted it as an IRI


@FUZZ
@given(name=TEXT | HOSTILE | st.sampled_from(LABELS))
def test_show_finds_a_node_or_says_why_not(graph, name):
    from kaifm_kg.rdf.labels import find_entity

    try:
        node = find_entity(graph, name)
    except InputError as e:
        assert str(e).startswith("name: ") and len(str(e)) < 1500
        return
    assert isinstance(node, URIRef) and (node, None, None) in graph


# -- `--file` text ------------------------------------------------------------------------------------------

BASES = ["SELECT ?s ?name WHERE { ?s rdfs:label ?name . FILTER(LANG(?name) = 'ko') } LIMIT 3",
         "#+ summary@en: Names.\n#+ param: q | string | x | Text.\nSELECT ?q ?s WHERE { ?s rdfs:label ?q } LIMIT 2",
         "PREFIX ex: <http://example.org/>\nSELECT (COUNT(*) AS ?n) WHERE { ?s a kaifm:Consortium }",
         "ASK { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s a kaifm:Model }"]


@st.composite
def query_texts(draw):
    """A real query, cut, spliced with hostile text, or header lines added: mostly broken, sometimes fine."""
    text = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "header"]))
        if action == "insert":
            text = text[:at] + draw(HOSTILE | TEXT) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)):]
        else:
            text = f"#+ {draw(st.sampled_from(['param', 'summary@en', 'federated', 'x']))}: {draw(HOSTILE)}\n" + text
    return text


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@FUZZ
@given(text=query_texts())
def test_any_query_text_runs_or_is_refused_as_bad_input(engines, engine, text):
    try:
        definition = parse_query(text, "fuzz.rq")
        table = run_query(SHIPPED, definition, {}, engine=engines[engine])
    except KaifmError as e:
        assert e.exit_code == 2, e
        return
    assert isinstance(table, Table)


@settings(FUZZ, max_examples=25)
@given(data=st.binary(max_size=60) | query_texts().map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_the_cli_reads_any_bytes_as_a_query_file_without_a_traceback(cache, data):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["query", "--file", "-", "--format", "csv"], input=data,
                                                env={"KAIFM_KG_CACHE": str(cache)})
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr, result.exception)
    if result.exit_code:
        assert len(result.stderr.strip().splitlines()) == 1 and "kaifm-kg: error:" in result.stderr


# -- review files ---------------------------------------------------------------------------------------------

KEYS = ["action", "entity", "qid", "retrieved", "endpoint", "accept", "item_label", "score", "explanation"]
PLAUSIBLE = {"action": st.sampled_from(["link", "confirm", "", "LINK"]),
             "entity": st.sampled_from(["https://w3id.org/kaifm/id/org/ncsoft", "https://w3id.org/kaifm/id/org/upstage",
                                        "korg:ncsoft", ""]),
             "qid": st.sampled_from(["Q900999", "Q127983087", "Q0", "q1", "Q1 ", "Q١"]),
             "retrieved": st.sampled_from(["2026-11-23", "20261123", "2026-W47-1", "2026-02-30", "today"]),
             "endpoint": st.sampled_from(["http://127.0.0.1:1/sparql", "ftp://x", "http://x y", ""]),
             "accept": st.sampled_from(["yes", "YES", " x ", "no", "", "1"])}
ROWS = st.lists(st.fixed_dictionaries({}, optional={k: PLAUSIBLE.get(k, TEXT) | TEXT for k in KEYS})
                | st.dictionaries(TEXT, TEXT, max_size=3), max_size=4)


@pytest.fixture(scope="module")
def review_project(tmp_path_factory, cache):
    import shutil

    root = tmp_path_factory.mktemp("review-project")
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(SHIPPED.root / folder, root / folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KAIFM_KG_CACHE", str(cache))
        project = Project.open(root)
        project.graph()
    return project


def _review_file(folder, rows, fmt):
    path = folder / f"review.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8", errors="surrogatepass")
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=sorted({k for row in rows for k in row}) or ["accept"])
        writer.writeheader()
        writer.writerows(rows)
        path.write_bytes(out.getvalue().encode("utf-8", "surrogatepass"))
    return path


GOOD_ROW = {"action": "link", "entity": "https://w3id.org/kaifm/id/org/ncsoft", "qid": "Q900999",
            "endpoint": "http://127.0.0.1:1/sparql", "retrieved": "2026-11-23", "accept": "yes"}


@pytest.mark.parametrize("fmt", ["json", "csv"])
@settings(FUZZ, max_examples=25)
@given(rows=ROWS)
@example(rows=[GOOD_ROW])
@example(rows=[GOOD_ROW | {"retrieved": "20261123"}])  # fromisoformat takes it; xsd:date does not
@example(rows=[GOOD_ROW | {"endpoint": "http://[::1/"}])
def test_a_review_file_is_applied_whole_or_refused_whole(review_project, tmp_path_factory, fmt, rows):
    from kaifm_kg.remote.links import accept

    links = review_project.links_file
    before = links.read_bytes()
    path = _review_file(tmp_path_factory.mktemp("review"), rows, fmt)
    try:
        result = accept(review_project, path)
    except InputError as e:
        assert links.read_bytes() == before and len(str(e)) < 1500
        return
    finally:
        changed = links.read_bytes()
        links.write_bytes(before)
    assert (changed != before) == bool(result.added + result.confirmed)
    if changed != before:  # what was written is Turtle whose dates are real days
        written = Graph().parse(data=changed, format="turtle")
        for date in written.objects(None, URIRef("https://w3id.org/kaifm/ontology#checkedOn")):
            assert date.datatype == XSD.date and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(date))


# -- dates in the data, with their precision ----------------------------------------------------------------

KAIFM = "https://w3id.org/kaifm/ontology#"
PRECISIONS = [None, "http://www.w3.org/2006/time#unitMonth", "http://www.w3.org/2006/time#unitYear",
              "http://www.w3.org/2006/time#unitDay", "http://example.org/unit"]


@FUZZ
@given(lexical=TEXT.filter(_encodable) | st.dates().map(str) | st.sampled_from(["2026-01", "2026", "2026-01-15T09:00:00"]),
       datatype=st.sampled_from([XSD.date, XSD.gYearMonth, XSD.gYear, XSD.dateTime, XSD.string, None]),
       precision=st.sampled_from(PRECISIONS))
def test_a_source_date_at_any_precision_is_shown_cut_or_left_out_never_a_crash(lexical, datatype, precision):
    from kaifm_kg.build.citations import citation
    from kaifm_kg.export.quickstatements import _references
    from kaifm_kg.rdf.labels import display_date
    from kaifm_kg.rdf.namespaces import DCTERMS, KAIFM as K, SCHEMA

    graph = Graph()
    source = URIRef("https://w3id.org/kaifm/id/source/fuzz")
    graph.add((source, DCTERMS.title, RdfLiteral("A source")))
    graph.add((source, DCTERMS.issued, RdfLiteral(lexical, datatype=datatype)))
    graph.add((source, SCHEMA.url, URIRef("https://example.org/a")))
    if precision:
        graph.add((source, K.datePrecision, URIRef(precision)))
    assert lexical[:10] in str(citation(graph, source)) or lexical[:4] in str(citation(graph, source))
    shown = display_date(graph, source, DCTERMS.issued)
    assert shown is not None and lexical.startswith(shown)
    for reference in _references(graph, [source]):
        date = reference.partition("\tS577\t")[2]
        assert not date or re.fullmatch(r"\+[0-9]{4}-[0-9]{2}-[0-9]{2}T00:00:00Z/(9|10|11)", date), reference
