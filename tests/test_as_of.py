""""As of": every answer says the day the graph is curated up to (graph/dataset.ttl), a date asked about after
it gets a caveat instead of a silent extrapolation, and `show` gives each fact's evidence level (issue 10)."""

import subprocess
import sys

import pytest

from kaifm_kg.cli import cli
from kaifm_kg.query.asof import as_of_notes
from kaifm_kg.query.describe import as_of
from kaifm_kg.query.engines import run_query
from conftest import SHIPPED

AS_OF = as_of(SHIPPED.graph())


def test_the_graph_states_the_day_it_is_curated_up_to():
    assert AS_OF == "2026-12-04"


def test_teams_on_says_as_of_and_lists_the_three_teams_of_phase_2(runner):
    result = runner.invoke(cli, ["query", "teams-on", "-p", f"date={AS_OF}", "--wide"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[lines.index("(3 rows)") + 1].startswith(f"as of {AS_OF}:")
    assert "is after" not in result.output


def test_a_date_after_the_as_of_day_is_answered_with_a_caveat():
    later = run_query(SHIPPED, "teams-on", {"date": "2027-03-01"})
    now = run_query(SHIPPED, "teams-on", {"date": AS_OF})
    assert later.rows == now.rows  # what was known then, not a forecast
    assert later.notes[1] == (f"date 2027-03-01 is after {AS_OF}, the day the graph is curated up to: the rows say "
                              "what was known then, not what has happened since")
    assert len(run_query(SHIPPED, "teams-on", {"date": "2026-08-17"}).notes) == 1


def test_the_notes_are_in_the_language_asked_for():
    notes = run_query(SHIPPED, "teams-on", {"date": "2027-03-01", "lang": "ko"}).notes
    assert notes[0].startswith(f"{AS_OF} 기준") and "이후" in notes[1]
    assert as_of_notes(None, {"date": "2030-01-01"}) == ()  # a graph that does not say: no notes


def test_csv_and_json_keep_the_rows_alone_and_the_notes_go_to_standard_error():
    run = subprocess.run([sys.executable, "-m", "kaifm_kg", "query", "teams-on", "-p", "date=2027-03-01",
                          "--format", "csv"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith("team,") and len(run.stdout.splitlines()) == 4
    assert f"as of {AS_OF}" in run.stderr and "2027-03-01 is after" in run.stderr


def test_markdown_prints_the_notes_under_the_table(runner):
    result = runner.invoke(cli, ["query", "timeline", "--format", "md"])
    assert result.output.rstrip().endswith(f"*as of {AS_OF}: the graph holds what its sources reported up to that day*")


def test_stats_and_show_say_as_of(runner):
    assert runner.invoke(cli, ["stats"]).output.startswith(f"as of\t{AS_OF}\n")
    assert f"  as of:   {AS_OF}" in runner.invoke(cli, ["show", "Upstage"]).output


def _facts(output: str) -> dict[str, list[tuple[str, list[str]]]]:
    """show's "Facts:" section: property -> [(value line, its source lines)]."""
    facts: dict[str, list[tuple[str, list[str]]]] = {}
    current = ""
    section = output.split("\nFacts:\n")[1].split("\nReferenced by:")[0]
    for line in section.splitlines():
        if line.startswith("      source: "):
            facts[current][-1][1].append(line[len("      source: "):])
        else:
            current, _, value = line.strip().partition(": ")
            facts.setdefault(current, []).append((value, []))
    return facts


def test_k_exaone_2_0_with_each_fact_s_source_and_evidence_level(runner):
    result = runner.invoke(cli, ["show", "K-EXAONE 2.0"])
    assert result.exit_code == 0, result.output
    facts = _facts(result.output)
    expected = {"total parameters": "750000000000", "active parameters": "37000000000",
                "release date": "2026-07-31", "licence": "Apache License 2.0",
                "Hugging Face id": "LGAI-EXAONE/K-EXAONE-2.0-750B-A37B",
                "technical report": "https://arxiv.org/abs/2608.04505"}
    for prop, value in expected.items():
        (line, sources), = [(v, s) for v, s in facts[prop] if v.startswith(value)]
        assert line.endswith("]") and line.rsplit("[", 1)[1][:-1] in (
            "official release", "developer publication"), (prop, line)
        assert sources and all(" — " in s for s in sources), (prop, sources)


@pytest.mark.parametrize("args", [["stats"], ["query", "timeline"]])
def test_a_reader_that_went_away_ends_the_command_quietly(args):
    """`kaifm-kg … | head -1`: no error message when the pipe is closed, exit 141 as a shell reports SIGPIPE.
    The reading end is closed before the command writes, so every write meets the closed pipe."""
    process = subprocess.Popen([sys.executable, "-m", "kaifm_kg", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert (process.returncode, err) == (141, b"")
