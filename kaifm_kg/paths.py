"""Where the shipped data lives: inside the wheel, or at the top of a source checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding ontology/, graph/ and queries/."""
    bundled = _PACKAGE / "data"
    if (bundled / "ontology").is_dir():
        return bundled
    return _PACKAGE.parent


def ontology_files() -> list[Path]:
    """The ontology's Turtle files (the SHACL shapes excluded), sorted."""
    return sorted(p for p in (data_root() / "ontology").glob("*.ttl") if p.name != "shapes.ttl")


def graph_files() -> list[Path]:
    """The instance data's Turtle files, sorted."""
    return sorted((data_root() / "graph").glob("*.ttl"))


def source_files() -> list[Path]:
    """Everything the build reads: ontology then data."""
    return ontology_files() + graph_files()


def queries_dir() -> Path:
    """The folder of canned SPARQL queries."""
    return data_root() / "queries"
