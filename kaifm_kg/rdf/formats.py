"""The one table of RDF formats: short name, file extensions, media type and rdflib's name (no rdflib import)."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RdfFormat:
    """One RDF syntax: our short name, file extensions (the first is the one we write), media type, rdflib's name."""

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    rdflib_name: str


FORMATS = {f.name: f for f in (
    RdfFormat("ttl", (".ttl",), "text/turtle", "turtle"),
    RdfFormat("nt", (".nt",), "application/n-triples", "nt"),
    RdfFormat("nq", (".nq",), "application/n-quads", "nquads"),
    RdfFormat("trig", (".trig",), "application/trig", "trig"),
    RdfFormat("jsonld", (".jsonld", ".json"), "application/ld+json", "json-ld"),
    RdfFormat("xml", (".rdf", ".owl", ".xml"), "application/rdf+xml", "xml"),
)}
GRAPH_FORMATS = ("ttl", "nt", "xml")  # serialised by rdf/io.py; jsonld by export/jsonld.py, nq/trig by export/quads.py


def format_of(path: Path) -> RdfFormat | None:
    """The RDF format a file's extension names, or None."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS.values() if suffix in f.suffixes), None)
