"""The project's fixed prefixes as plain text, for the code that must not import rdflib (the query path)."""

ID = "https://w3id.org/kaifm/id/"
KAIFM = "https://w3id.org/kaifm/ontology#"
DATASET = "https://w3id.org/kaifm/dataset"  # the dataset node of graph/dataset.ttl: its version and as-of day

PREFIXES = {
    "kaifm": KAIFM,
    "prog": ID + "programme/",
    "korg": ID + "org/",
    "team": ID + "team/",
    "person": ID + "person/",
    "model": ID + "model/",
    "family": ID + "model-family/",
    "stage": ID + "stage/",
    "crit": ID + "criterion/",
    "support": ID + "support/",
    "place": ID + "place/",
    "licence": ID + "licence/",
    "src": ID + "source/",
    "claim": ID + "claim/",
    "membership": ID + "membership/",
    "position": ID + "position/",
    "outcome": ID + "outcome/",
    "application": ID + "application/",
    "amount": ID + "amount/",
    "bench": ID + "benchmark-result/",
    "plan": ID + "plan/",
    "copy": ID + "copy/",
    "id": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
}


def sparql_prologue() -> str:
    """PREFIX declarations for every project prefix, to put before a user's query."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
