"""Namespaces as rdflib objects, and the fixed prefix map (prefixes.py) used in every serialisation."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from . import prefixes

KAIFM = Namespace(prefixes.KAIFM)
ID = Namespace(prefixes.ID)
ORG = Namespace(prefixes.PREFIXES["org"])
SCHEMA = Namespace(prefixes.PREFIXES["schema"])
FOAF = Namespace(prefixes.PREFIXES["foaf"])
VANN = Namespace(prefixes.PREFIXES["vann"])
WD = Namespace(prefixes.PREFIXES["wd"])

ONTOLOGY_IRI = "https://w3id.org/kaifm/ontology"

PREFIXES = {name: Namespace(iri) for name, iri in prefixes.PREFIXES.items()}

__all__ = ["DCTERMS", "FOAF", "ID", "KAIFM", "ONTOLOGY_IRI", "ORG", "OWL", "PREFIXES", "PROV", "RDF", "RDFS",
           "SCHEMA", "SKOS", "TIME", "VANN", "WD", "XSD"]
