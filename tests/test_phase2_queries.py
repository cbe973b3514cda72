"""The phase-2 questions (issue 10), answered by the canned queries and checked against the ministry's releases
of 2026-08-18 and 2026-08-20 and the press reports the graph cites."""

from kaifm_kg.query.engines import run_query
from conftest import SHIPPED


def _rows(table):
    return [dict(zip(table.columns, row)) for row in table.rows]


def test_the_official_leader_of_each_phase_2_item():
    rows = {r["criterion"]: r for r in _rows(run_query(SHIPPED, "item-leaders", {}))}
    leaders = {name: (r["leader"], r["score"], r["out_of"], r["average"]) for name, r in rows.items() if r["leader"]}
    assert leaders == {  # the release of 2026-08-20: each item's leader, its score and the four-team average
        "Expert evaluation (phase 2)": ("LG AI Research consortium", "29.5", "35", "28.75"),
        "General public evaluation": ("LG AI Research consortium", "7.6", "10", "7.03"),
        "NIA benchmark (phase 2)": ("SK Telecom consortium", "13.4", "15", "13.05"),
        "AI expert user evaluation": ("SK Telecom consortium", "11.6", "15", "10.53"),
        "AAII benchmark evaluation": ("Motif Technologies consortium", "11.9", "25", "9.48"),
    }
    gaps = {name: (r["average"], r["gap"]) for name, r in rows.items() if r["gap"]}
    assert gaps == {"Benchmark evaluation (phase 2)": ("22.5", "4"), "Expert evaluation (phase 2)": ("28.75", "2.4"),
                    "User evaluation (phase 2)": ("17.6", "5")}  # the release of 2026-08-18
    assert {r["evidence"] for r in rows.values()} == {"official release"}
    assert all("korea.kr" in r["sources"] for r in rows.values())


def test_the_totals_only_the_press_reported_say_they_are_not_official():
    rows = _rows(run_query(SHIPPED, "reported-scores", {"official": "no"}))
    totals = {r["team"]: r["score"] for r in rows if r["criterion"] == "Total score (phase 2)"}
    assert totals == {"SK Telecom consortium": "70.6", "Upstage consortium": "69.9",
                      "LG AI Research consortium": "69", "Motif Technologies consortium": "65.8"}
    motif = {r["criterion"]: r["score"] for r in rows if r["team"] == "Motif Technologies consortium"}
    assert motif == {"Total score (phase 2)": "65.8", "Benchmark evaluation (phase 2)": "24.6",
                     "NIA benchmark (phase 2)": "12.7", "Expert evaluation (phase 2)": "27.1",
                     "User evaluation (phase 2)": "14.1"}
    assert {r["published"] for r in rows} == {"no"} and all(r["note"] for r in rows)
    official = _rows(run_query(SHIPPED, "reported-scores", {"official": "yes"}))
    assert len(official) == 5 and {r["published"] for r in official} == {"yes"}
    assert len(_rows(run_query(SHIPPED, "reported-scores", {}))) == len(rows) + len(official)


def test_the_two_rubrics_side_by_side():
    rows = _rows(run_query(SHIPPED, "rubric-comparison", {}))
    changed = {(r["component"], r["was"]): (r["points"], r["points_before"], r["change"]) for r in rows
               if r["component"] and r["was"]}
    assert changed[("Benchmark evaluation (phase 2)", "Benchmark evaluation")] == ("40", "40", "0")
    assert changed[("Development results and plan (phase 2)", "Development results and plan")] == ("10", "15", "-5")
    assert changed[("Impact and contribution plan (phase 2)", "Impact and contribution plan")] == ("15", "10", "5")
    assert changed[("NIA benchmark (phase 2)", "NIA benchmark")] == ("15", "10", "5")
    new = {r["component"]: r for r in rows if r["component"] and not r["was"]}
    assert new["AAII benchmark evaluation"]["points"] == "25"
    assert new["AAII benchmark evaluation"]["conducted_by"] == "Artificial Analysis"
    assert new["General public evaluation"]["points"] == "10"
    gone = {r["was"]: r["points_before"] for r in rows if not r["component"]}
    assert gone == {"Global common benchmark": "20", "Global individual benchmark": "10"}
    check = [r for r in rows if r["pass_fail"]]
    assert [(r["component"], r["was"]) for r in check] == [("Independence minimum-standard check",
                                                             "Independence (sovereignty) test")]
    total = sum(float(r["points"]) for r in rows if r["level"] == "1")
    assert total == 100


def test_open_plans_and_the_stale_check_agree_with_the_as_of_day():
    plans = _rows(run_query(SHIPPED, "open-plans", {}))
    assert plans and all(r["last_checked"] for r in plans)
    passed = [r for r in plans if r["target"] and r["target"] < "2026-12-04"[:len(r["target"])]]
    stale = _rows(run_query(SHIPPED, "stale-facts", {}))
    assert {r["name"] for r in stale if r["kind"] == "open plan"} == {r["plan"] for r in passed}
    assert all(r["explanation"] for r in stale), "every overdue item is explained"


def test_a_team_s_plans_against_what_came_of_them():
    rows = _rows(run_query(SHIPPED, "team-plans", {}))
    motif = {r["plan"]: (r["status"], r["resolved_by"]) for r in rows if r["team"] == "Motif Technologies consortium"}
    assert motif["Motif's 300B-class reasoning model"] == ("met", "Motif 3")
    assert motif["Motif's 320B-class vision-language-action model"] == ("dropped", "eliminated at Phase 2 evaluation")
    assert {r["status"] for r in rows} <= {"open", "met", "missed", "dropped", "superseded"}
