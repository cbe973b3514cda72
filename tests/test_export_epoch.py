"""`export --format epoch`: every model in the columns of Epoch AI's Notable AI Models CSV, empty where unknown."""

import csv
import io

from conftest import SHIPPED

from kaifm_kg.build.claims import best_claims
from kaifm_kg.cli import cli
from kaifm_kg.export import render
from kaifm_kg.export.epoch import COLUMNS
from kaifm_kg.rdf.labels import label
from kaifm_kg.rdf.namespaces import KAIFM, RDF, SCHEMA


def _rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(render(SHIPPED, "epoch").decode("utf-8"))))


def test_the_header_is_epochs_and_every_model_has_a_row(graph):
    text = render(SHIPPED, "epoch").decode("utf-8")
    assert text.splitlines()[0].split(",")[:4] == ["Model", "Domain", "Task", "Organization"]
    assert tuple(next(csv.reader(io.StringIO(text)))) == COLUMNS
    models = {label(graph, m, "en") for m in graph.subjects(RDF.type, KAIFM.Model)}
    assert sorted(r["Model"] for r in _rows()) == sorted(models)


def test_cells_hold_the_graphs_truthy_values_and_nothing_else(graph):
    best = best_claims(graph)
    by_name = {r["Model"]: r for r in _rows()}
    for model in graph.subjects(RDF.type, KAIFM.Model):
        row = by_name[label(graph, model, "en")]
        total = [graph.value(c, KAIFM.value) for c in best.get((model, KAIFM.totalParameters), [])]
        assert row["Parameters"] == (str(total[0]) if total else "")
        developers = sorted(label(graph, graph.value(c, KAIFM.value), "en")
                            for c in best.get((model, KAIFM.developedBy), []))
        assert row["Organization"] == ", ".join(developers)
        released = best.get((model, SCHEMA.datePublished), [])
        assert bool(row["Publication date"]) == bool(released)
        for never_known in ("Training compute (FLOP)", "Training hardware", "Country (of organization)",
                            "Training compute cost (2023 USD)", "Citations", "Authors"):
            assert row[never_known] == "", (row["Model"], never_known)


def test_open_weights_only_where_the_licence_says_so():
    rows = {r["Model"]: r for r in _rows()}
    assert rows["A.X K1"]["Model accessibility"] == "Open weights (unrestricted)"  # Apache-2.0 on Hugging Face
    assert rows["K-EXAONE"]["Model accessibility"] == ""  # its own licence: not classified, so not guessed
    assert rows["Whisper"]["Model accessibility"] == ""


def test_the_cli_guesses_it_from_a_csv_name(runner, tmp_path):
    out = tmp_path / "models.csv"
    result = runner.invoke(cli, ["export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == render(SHIPPED, "epoch")
