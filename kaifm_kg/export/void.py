"""The VoID + DCAT description of a release (void.ttl): what the dataset is, how big, and where its files are.

The dataset is the built graph (ontology, data, minted IRIs and truthy triples), as in every dump.
``void:entities`` counts the distinct subjects under ``void:uriSpace`` (https://w3id.org/kaifm/id/);
a class partition's ``void:entities`` counts the subjects typed with its class (the build asserts
the kaifm superclasses, so a consortium is counted as an organisation too); a property partition's
``void:triples`` counts the triples with its property. Each file is a ``dcat:Distribution`` with its
media type, size in bytes and download URL: the file's name, relative to void.ttl, unless a base
URL is given. Partitions and distributions have hash IRIs on the dataset's IRI, so the description
needs no blank node and serialises the same way every time.
"""

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef

from ..errors import InputError
from ..rdf import prefixes
from ..rdf.io import bind_prefixes
from ..rdf.labels import curie
from ..rdf.namespaces import DCTERMS, ID, KAIFM, ONTOLOGY_IRI, OWL, PREFIXES, RDF, XSD

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DATASET = URIRef(prefixes.DATASET)
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
_EXAMPLE_CLASSES = (KAIFM.Programme, KAIFM.Consortium, KAIFM.Model, KAIFM.EvaluationRound)


@dataclass(frozen=True)
class Distribution:
    """One file of the release as a DCAT distribution: its name, a title, its size, media type, and what it holds."""

    name: str
    title: str
    size: int
    media_type: str
    of: str = "dataset"  # "dataset" or "ontology"
    dump: bool = False  # a dump of the whole graph (void:dataDump)
    package_of: str | None = None  # the media type of the files inside a package (csv in a zip)


def _local(node) -> str:
    """A fragment naming node: its prefixed name with ':' and anything a fragment may not hold as '-'."""
    return re.sub(r"[^A-Za-z0-9._~-]", "-", curie(node))


def _add_counts(void: Graph, graph: Graph) -> None:
    subjects, objects = set(graph.subjects()), set(graph.objects())
    entities = {s for s in subjects if str(s).startswith(str(ID))}
    for prop, count in ((VOID.triples, len(graph)), (VOID.entities, len(entities)),
                        (VOID.distinctSubjects, len(subjects)), (VOID.distinctObjects, len(objects)),
                        (VOID.properties, len(set(graph.predicates()))),
                        (VOID.classes, len(set(graph.objects(None, RDF.type))))):
        void.add((DATASET, prop, Literal(count)))
    for cls in sorted(set(graph.objects(None, RDF.type)), key=str):
        part = URIRef(f"{DATASET}#class-{_local(cls)}")
        void.add((DATASET, VOID.classPartition, part))
        void.add((part, VOID["class"], cls))
        void.add((part, VOID.entities, Literal(len(set(graph.subjects(RDF.type, cls))))))
    for predicate in sorted(set(graph.predicates()), key=str):
        part = URIRef(f"{DATASET}#property-{_local(predicate)}")
        void.add((DATASET, VOID.propertyPartition, part))
        void.add((part, VOID.property, predicate))
        void.add((part, VOID.triples, Literal(sum(1 for _ in graph.triples((None, predicate, None))))))


def _media_type(name: str) -> URIRef:
    return URIRef(f"https://www.iana.org/assignments/media-types/{name}")


def _add_distribution(void: Graph, dist: Distribution, base_url: str | None) -> None:
    node = URIRef(f"{DATASET}#file-{_local(dist.name)}")
    url = URIRef(f"{base_url.rstrip('/')}/{dist.name}" if base_url else dist.name)
    owner = DATASET if dist.of == "dataset" else URIRef(ONTOLOGY_IRI)
    void.add((owner, DCAT.distribution, node))
    if dist.dump:
        void.add((DATASET, VOID.dataDump, url))
    media = dist.package_of or dist.media_type
    for prop, value in ((RDF.type, DCAT.Distribution), (DCTERMS.title, Literal(dist.title, lang="en")),
                        (DCAT.mediaType, _media_type(media)),
                        (DCAT.byteSize, Literal(dist.size, datatype=XSD.nonNegativeInteger)),
                        (DCAT.downloadURL, url), (DCAT.accessURL, url), (DCTERMS.license, LICENCE)):
        void.add((node, prop, value))
    if dist.package_of:
        void.add((node, DCAT.packageFormat, _media_type(dist.media_type)))


def dataset_version(graph: Graph) -> str:
    """The data's version: the dataset node's owl:versionInfo in graph/dataset.ttl (the code and the ontology
    carry versions of their own)."""
    version = graph.value(DATASET, OWL.versionInfo)
    if version is None:
        raise InputError(f"the graph gives no version of its data: add `<{DATASET}> owl:versionInfo \"YYYY.MM.DD\"` "
                         "(see graph/dataset.ttl)")
    return str(version)


def describe_release(graph: Graph, version: str, date: str, files: list[Distribution],
                     base_url: str | None = None, endpoint: str | None = None) -> Graph:
    """The VoID + DCAT description of graph released as version on date (YYYY-MM-DD) in files."""
    void = Graph()
    void.bind("void", VOID)
    void.bind("dcat", DCAT)
    bind_prefixes(void)
    issued = Literal(date, datatype=XSD.date)
    for prop, value in (
            (RDF.type, VOID.Dataset), (RDF.type, DCAT.Dataset),
            (DCTERMS.title, Literal("kaifm-kg: Korea's Independent AI Foundation Model programme", lang="en")),
            (DCTERMS.title, Literal("kaifm-kg: 독자 AI 파운데이션 모델 프로젝트 지식 그래프", lang="ko")),
            (DCTERMS.description, Literal("A knowledge graph of South Korea's Independent AI Foundation Model "
                                          "programme: its stages, the consortia, their members and people, "
                                          "the models, each team's outcomes, and a source for every fact.", lang="en")),
            (DCTERMS.license, LICENCE), (DCTERMS.creator, Literal("kaifm-kg maintainers")),
            (DCTERMS.publisher, Literal("kaifm-kg maintainers")), (DCTERMS.issued, issued),
            (DCTERMS.modified, issued), (OWL.versionInfo, Literal(version)), (DCAT.version, Literal(version)),
            (VOID.uriSpace, Literal(str(ID))), (VOID.vocabulary, URIRef(str(KAIFM)))):
        void.add((DATASET, prop, value))
    used = {str(t) for t in set(graph.predicates()) | set(graph.objects(None, RDF.type))}
    for ns in PREFIXES.values():
        if not str(ns).startswith(str(ID)) and any(t.startswith(str(ns)) for t in used):
            void.add((DATASET, VOID.vocabulary, URIRef(str(ns))))
    for cls in _EXAMPLE_CLASSES:
        example = min(graph.subjects(RDF.type, cls), key=str, default=None)
        if example is not None:
            void.add((DATASET, VOID.exampleResource, example))
    if endpoint:
        void.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))
    _add_counts(void, graph)
    for dist in files:
        _add_distribution(void, dist, base_url)
    return void
