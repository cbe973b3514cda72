"""Where the data lives: inside the wheel, at the top of a source checkout, or in a folder the user names."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The shipped folder holding ontology/, graph/ and queries/."""
    bundled = _PACKAGE / "data"
    if (bundled / "ontology").is_dir():
        return bundled
    return _PACKAGE.parent


def ontology_files(root: Path | None = None) -> list[Path]:
    """The ontology's Turtle files (the SHACL shapes excluded), sorted."""
    folder = (root or data_root()) / "ontology"
    return sorted(p for p in folder.glob("*.ttl") if p.name != "shapes.ttl")


def shapes_file(root: Path | None = None) -> Path:
    """The SHACL shapes the graph is validated against."""
    return (root or data_root()) / "ontology" / "shapes.ttl"


def context_file(root: Path | None = None) -> Path:
    """The JSON-LD context that compacted and framed JSON-LD output uses."""
    return (root or data_root()) / "ontology" / "context.jsonld"


def frames_dir(root: Path | None = None) -> Path:
    """The folder of JSON-LD frames (consortium.jsonld, ...), each with the CONSTRUCT query of what it selects."""
    return (root or data_root()) / "ontology" / "frames"


def graph_files(root: Path | None = None) -> list[Path]:
    """The instance data's Turtle files, sorted."""
    return sorted(((root or data_root()) / "graph").glob("*.ttl"))


def source_files(root: Path | None = None) -> list[Path]:
    """Everything the build reads: ontology then data."""
    return ontology_files(root) + graph_files(root)


def queries_dir(root: Path | None = None) -> Path:
    """The folder of canned SPARQL queries."""
    return (root or data_root()) / "queries"
