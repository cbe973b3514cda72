"""Namespaces and the fixed prefix map used in every serialisation."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

KAIFM = Namespace("https://w3id.org/kaifm/ontology#")
ID = Namespace("https://w3id.org/kaifm/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")

ONTOLOGY_IRI = "https://w3id.org/kaifm/ontology"

PREFIXES = {
    "kaifm": KAIFM,
    "prog": ID["programme/"],
    "korg": ID["org/"],
    "team": ID["team/"],
    "person": ID["person/"],
    "model": ID["model/"],
    "family": ID["model-family/"],
    "stage": ID["stage/"],
    "crit": ID["criterion/"],
    "support": ID["support/"],
    "place": ID["place/"],
    "licence": ID["licence/"],
    "src": ID["source/"],
    "claim": ID["claim/"],
    "membership": ID["membership/"],
    "position": ID["position/"],
    "outcome": ID["outcome/"],
    "application": ID["application/"],
    "amount": ID["amount/"],
    "bench": ID["benchmark-result/"],
    "id": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "org": ORG,
    "schema": SCHEMA,
    "prov": PROV,
    "foaf": FOAF,
    "time": TIME,
    "vann": VANN,
    "wd": WD,
}

__all__ = ["DCTERMS", "FOAF", "ID", "KAIFM", "ORG", "OWL", "PREFIXES", "PROV", "RDF", "RDFS",
           "SCHEMA", "SKOS", "TIME", "VANN", "WD", "XSD", "ONTOLOGY_IRI"]
