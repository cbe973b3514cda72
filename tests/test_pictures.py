"""The pictures (kaifm_kg/pictures): valid, self-contained SVG holding every label the graph says it must, the
same bytes in every process, in English and Korean; and `kaifm-kg picture`."""

import hashlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import SHIPPED

from kaifm_kg import Project
from kaifm_kg.cli import cli
from kaifm_kg.errors import InputError, NotFoundError
from kaifm_kg.pictures import PICTURES, draw
from kaifm_kg.pictures.svg import parse_when, wrap
from kaifm_kg.query.engines import open_engine, run_query

SVG = "{http://www.w3.org/2000/svg}"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def engine(cache):
    return open_engine(SHIPPED)


@pytest.fixture(scope="module")
def pictures(engine):
    """Every picture in both languages, drawn once: (name, lang) -> SVG text."""
    return {(name, lang): draw(SHIPPED, name, lang, engine=engine) for name in PICTURES for lang in ("en", "ko")}


def texts(svg: str) -> list[str]:
    """The content of every <text> element, in document order."""
    return ["".join(t.itertext()) for t in ET.fromstring(svg.encode("utf-8")).iter(f"{SVG}text")]


def column(name: str, col: str, lang: str, engine, **params) -> list[str]:
    return [v for v in run_query(SHIPPED, name, {"lang": lang, **params}, engine=engine).column(col) if v]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", PICTURES)
def test_each_picture_is_self_contained_accessible_svg(pictures, name, lang):
    svg = pictures[name, lang]
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg" and root.get("lang") == lang
    x, y, width, height = map(float, root.get("viewBox").split())
    assert (x, y) == (0, 0) and width > 500 and height > 300
    assert root[0].tag == f"{SVG}title" and root[0].text.strip() and root[1].tag == f"{SVG}desc" and root[1].text.strip()
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}image"))
    hrefs = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("href")]
    assert all(v.startswith("#") for v in hrefs)
    assert "url(" not in svg and "@import" not in svg and "<!--" not in svg
    for element in root.iter():  # every coordinate drawn falls inside the picture
        for attr in ("x", "x1", "x2", "cx"):
            if element.get(attr) and not element.get(attr).endswith("%") and element.tag != f"{SVG}svg":
                assert -1 <= float(element.get(attr)) <= width + 1, (element.tag, element.attrib)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_timeline_has_a_lane_for_every_applicant_with_its_dated_events(pictures, engine, lang):
    shown = texts(pictures["timeline", lang])
    teams = set(column("applicants", "team", lang, engine))
    assert teams and teams <= set(shown)
    for team in sorted(teams)[:6]:  # each event of team-history is a label "what date" in the team's lane
        for date, happened in run_query(SHIPPED, "team-history", {"team": team, "lang": lang},
                                        engine=engine).select(("date", "happened")).rows:
            assert f"{happened} {date if len(date) == 10 else '~' + date}" in shown, (team, date, happened)
    stages = set(column("plan-vs-outcome", "stage", lang, engine))
    assert stages and stages <= set(shown)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_network_shows_every_member_of_every_consortium(pictures, engine, lang):
    shown = set(texts(pictures["network", lang]))
    teams = set(column("applicants", "team", lang, engine))
    assert teams <= shown
    for team in sorted(teams):
        members = column("consortium-members", "member", lang, engine, team=team)
        assert members and set(members) <= shown, team
    kaist = [t for t in texts(pictures["network", "en"]) if t.startswith("6 consortia")]
    assert kaist, "KAIST, in six consortia, is labelled with the count"


def test_one_teams_network_holds_its_members_and_the_teams_they_share(engine):
    svg = draw(SHIPPED, "network", "en", team="Motif Technologies", engine=engine)
    shown = set(texts(svg))
    members = set(column("consortium-members", "member", "en", engine, team="Motif Technologies"))
    assert members <= shown
    assert {"Motif Technologies consortium", "Naver Cloud consortium"} <= shown  # KAIST, SNU, Hanyang are shared
    assert "LG AI Research consortium" not in shown and "Motif Technologies" in ET.fromstring(svg)[0].text
    by_iri = draw(SHIPPED, "network", "en", team="https://w3id.org/kaifm/id/team/motif-technologies", engine=engine)
    assert by_iri == svg
    with pytest.raises(NotFoundError, match="neither a consortium"):
        draw(SHIPPED, "network", "en", team="Seoul National University", engine=engine)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_models_chart_names_every_team_model(pictures, engine, lang):
    shown = "\n".join(texts(pictures["models", lang]))
    rows = run_query(SHIPPED, "models", {"lang": lang}, engine=engine).select(
        ("model", "team", "released", "total_parameters")).rows
    team_models = {model for model, team, *_ in rows if team}
    assert team_models and all(model in shown for model in team_models)  # drawn, or named as not drawn
    drawn = {team for _, team, released, total in rows if team and released and total}
    assert drawn and drawn <= set(shown.splitlines())  # the legend names each team drawn


def test_the_pictures_can_stand_inline_in_one_page(pictures):
    ids = []
    for name in PICTURES:
        root = ET.fromstring(pictures[name, "en"].encode("utf-8"))
        own = [e.get("id") for e in root.iter() if e.get("id")]
        assert set(root.get("aria-labelledby").split()) <= set(own)
        ids += own
    assert len(ids) == len(set(ids)) == 2 * len(PICTURES)


def test_korean_pictures_speak_korean(pictures):
    for name in PICTURES:
        korean, english = pictures[name, "ko"], pictures[name, "en"]
        title = ET.fromstring(korean.encode("utf-8"))[0].text
        assert HANGUL.search(title) and not HANGUL.search(ET.fromstring(english.encode("utf-8"))[0].text)
        assert sum(bool(HANGUL.search(t)) for t in texts(korean)) > 10


def test_pictures_are_the_same_bytes_in_every_process(pictures, cache):
    code = ("import hashlib\nfrom kaifm_kg import Project\nfrom kaifm_kg.pictures import PICTURES, draw\n"
            "for n in PICTURES:\n    print(n, hashlib.sha256(draw(Project.open(), n, 'ko').encode()).hexdigest())\n")
    runs = []
    for seed in ("0", "4242"):
        env = {**os.environ, "KAIFM_KG_CACHE": str(cache), "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        runs.append(done.stdout)
    here = "".join(f"{n} {hashlib.sha256(pictures[n, 'ko'].encode()).hexdigest()}\n" for n in PICTURES)
    assert runs[0] == runs[1] == here


@pytest.mark.parametrize("text, precision, expected", [
    ("2025-07-21", None, ("2025-07-21", "2025-07-21")),
    ("2025-07-01", "http://www.w3.org/2006/time#unitMonth", ("2025-07-01", "~2025-07")),
    ("2025-07", None, ("2025-07-01", "~2025-07")),  # xsd:gYearMonth
    ("2027", None, ("2027-01-01", "~2027")),  # xsd:gYear
    ("2026-03-05", "http://www.w3.org/2006/time#unitYear", ("2026-01-01", "~2026")),
    ("2026-02-30", None, None), ("soon", None, None), (None, None, None),
])
def test_dates_of_every_precision_are_placed_at_their_start(text, precision, expected):
    when = parse_when(text, precision)
    assert (when if when is None else (when.day.isoformat(), when.text())) == expected
    if when is not None:
        assert when.approximate == expected[1].startswith("~")


def test_month_and_year_literals_in_the_data_are_drawn_as_approximate(project_copy, tmp_path, monkeypatch):
    """An outcome known only to the month (a test-only record: the shipped data has none) is drawn with a ~ date."""
    monkeypatch.setenv("KAIFM_KG_CACHE", str(tmp_path / "cache"))
    outcomes = project_copy / "graph" / "outcomes.ttl"
    pending = ('\n[ a kaifm:Outcome ;\n  kaifm:stageOf stage:final-selection ;\n  kaifm:team team:upstage ;\n'
               '  kaifm:outcomeKind kaifm:Pending ;\n  dcterms:date "2026-09"^^xsd:gYearMonth ;\n'
               '  dcterms:source src:msit-20260818-phase-2-results ] .\n')
    outcomes.write_text(outcomes.read_text(encoding="utf-8") + pending, encoding="utf-8")
    svg = draw(Project.open(project_copy), "timeline", "en")
    assert "pending ~2026-09" in texts(svg)
    assert re.search(r"Upstage consortium: pending, [^<]*, ~2026-09</title>.*?stroke-dasharray", svg)


def test_wrap_breaks_at_spaces_within_the_width():
    lines = wrap("Teams and their member organisations, 컨소시엄 참여 기관", 12, 120)
    assert len(lines) > 1 and " ".join(lines) == "Teams and their member organisations, 컨소시엄 참여 기관"


def test_the_network_without_graphviz_says_what_to_install(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(InputError, match="apt-get install graphviz"):
        draw(SHIPPED, "network", "en", engine=engine)


@pytest.fixture
def invoke(runner, cache):
    def run(*args):
        return runner.invoke(cli, list(args), env={"KAIFM_KG_CACHE": str(cache)})
    return run


def test_picture_writes_the_file_or_prints_it(invoke, tmp_path, pictures):
    out = tmp_path / "pictures" / "timeline.svg"
    result = invoke("picture", "timeline", "--lang", "ko", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == pictures["timeline", "ko"]
    printed = invoke("picture", "models")
    assert printed.exit_code == 0 and printed.output == pictures["models", "en"]
    lg = invoke("picture", "network", "--team", "LG AI연구원", "--lang", "ko")
    assert lg.exit_code == 0 and "LG AI연구원 컨소시엄" in lg.output and "업스테이지 컨소시엄" not in lg.output


@pytest.mark.parametrize("args, message", [
    (["picture", "map"], "no picture is called 'map'"),
    (["picture", "timeline", "--team", "KT"], "--team: only the network picture"),
    (["picture", "network", "--team", "Nobody At All"], "--team: nothing in the graph is called"),
    (["picture", "network", "--team", "Seoul National University"], "--team: 'Seoul National University' is neither"),
    (["picture", "models", "--lang", "fr"], "--lang"),
])
def test_picture_bad_input_exits_2(invoke, args, message):
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.output, result.output
