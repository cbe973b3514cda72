"""CSV tables for spreadsheet users: one table per main class, packed into one zip file.

kaifm-csv.zip holds programme.csv, consortia.csv, organisations.csv (consortia excluded), people.csv,
models.csv, stages.csv, outcomes.csv, memberships.csv, sources.csv and claims.csv. Each row is one
node, the first column its IRI (``id``); entities have ``name_en`` and ``name_ko``. A column that
links to other nodes comes with two more, ``…_en`` and ``…_ko``, holding their English and Korean
labels. A cell with several values joins them with `` | ``, in the order of their IRIs or text.
Values are the plain-text literal (dates as YYYY-MM-DD, numbers as written); entity values are the
truthy (best-ranked) ones, and claims.csv has every claim with its rank. Files are UTF-8 with a byte
order mark (so spreadsheet programs read the Korean text right), comma-separated, CRLF line ends
(RFC 4180), rows sorted by id; the zip's timestamps are fixed, so the same graph gives the same bytes.
"""

import csv
import io
import zipfile

from rdflib import Graph, Literal, URIRef

from ..build.claims import best_claims
from ..rdf.labels import label
from ..rdf.namespaces import DCTERMS, KAIFM, ORG, RDF, RDFS, SCHEMA, SKOS

SEPARATOR = " | "
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _labels(graph: Graph, node, lang: str) -> str:
    """The node's label in exactly lang, or '' (a literal is its own text)."""
    if isinstance(node, Literal):
        return str(node)
    for text in graph.objects(node, RDFS.label):
        if isinstance(text, Literal) and text.language == lang:
            return str(text)
    return ""


def _amount(graph: Graph, node) -> str:
    """A money amount as '157600000000.0 KRW', else the node's text."""
    value, currency = graph.value(node, SCHEMA.value), graph.value(node, SCHEMA.currency)
    return f"{value} {currency}" if value is not None else str(node)


def _join(values) -> str:
    return SEPARATOR.join(values)


def text(header: str, prop, lang: str | None = None) -> list:
    """One column: the values of prop (only those in lang when given), as text."""
    def cell(graph, node):
        values = [v for v in graph.objects(node, prop) if lang is None or getattr(v, "language", None) == lang]
        return _join(sorted(_amount(graph, v) if isinstance(v, URIRef) else str(v) for v in values))
    return [(header, cell)]


def link(header: str, prop, inverse: bool = False) -> list:
    """Three columns: the IRIs prop links to (or, inverse, links from), and their English and Korean labels."""
    def targets(graph, node):
        found = graph.subjects(prop, node) if inverse else graph.objects(node, prop)
        return sorted(found, key=str)
    return [(header, lambda g, n: _join(str(t) for t in targets(g, n))),
            (f"{header}_en", lambda g, n: _join(_labels(g, t, "en") for t in targets(g, n))),
            (f"{header}_ko", lambda g, n: _join(_labels(g, t, "ko") for t in targets(g, n)))]


def names() -> list:
    """id, name_en, name_ko and alt_names."""
    return [("id", lambda g, n: str(n)), ("name_en", lambda g, n: _labels(g, n, "en")),
            ("name_ko", lambda g, n: _labels(g, n, "ko"))] + text("alt_names", SKOS.altLabel)


def _posts(lang: str):
    def cell(graph, person):
        posts = sorted(graph.objects(person, ORG.hasMembership), key=str)
        return _join(str(t) for p in posts for t in graph.objects(p, KAIFM.postTitle) if t.language == lang)
    return cell


def _scores(graph: Graph, outcome) -> str:
    scores = sorted(graph.objects(outcome, KAIFM.hasScore), key=str)
    return _join(f"{label(graph, graph.value(s, KAIFM.criterion))}: {graph.value(s, SCHEMA.ratingValue)}"
                 f"/{graph.value(s, SCHEMA.bestRating)}" for s in scores)


def _claim_value(lang: str):
    def cell(graph, claim):
        value = graph.value(claim, KAIFM.value)
        if isinstance(value, URIRef) and (value, SCHEMA.value, None) in graph:
            return _amount(graph, value)
        return _labels(graph, value, lang) if isinstance(value, URIRef) else str(value)
    return cell


_ID = [("id", lambda g, n: str(n))]
_SOURCES = text("sources", DCTERMS.source)

TABLES = {
    "programme": (KAIFM.Programme, names() + text("goal_en", KAIFM.goal, "en") + text("goal_ko", KAIFM.goal, "ko")
                  + link("funded_by", KAIFM.fundedBy) + link("agencies", KAIFM.agency)
                  + text("total_budget", KAIFM.totalBudget) + text("gpu_support_budget", KAIFM.gpuSupportBudget)
                  + text("target_performance_ratio", KAIFM.targetPerformanceRatio)
                  + text("target_reference_window", KAIFM.targetReferenceWindow) + _SOURCES),
    "consortia": (KAIFM.Consortium, names() + link("lead", KAIFM.leadOrganisation)
                  + text("member_count", KAIFM.memberCount) + text("project_title", KAIFM.projectTitle) + _SOURCES),
    "organisations": (KAIFM.Organisation, names() + link("kind", KAIFM.organisationKind)
                      + link("parent", KAIFM.parentOrganisation) + link("spun_off_from", KAIFM.spunOffFrom)
                      + text("url", SCHEMA.url) + text("wikidata", KAIFM.wikidataId) + text("ror", KAIFM.rorId)
                      + text("comment", RDFS.comment) + _SOURCES),
    "people": (KAIFM.Person, names() + [("posts_en", _posts("en")), ("posts_ko", _posts("ko"))]
               + text("wikidata", KAIFM.wikidataId) + _SOURCES),
    "models": (KAIFM.Model, names() + link("developer", KAIFM.developedBy) + link("team", KAIFM.team)
               + link("family", KAIFM.inFamily) + text("total_parameters", KAIFM.totalParameters)
               + text("active_parameters", KAIFM.activeParameters) + text("context_length", KAIFM.contextLength)
               + text("training_tokens", KAIFM.trainingTokens) + text("released", SCHEMA.datePublished)
               + link("licence", SCHEMA.license) + text("hugging_face", KAIFM.huggingFaceId)
               + link("modality", KAIFM.modality) + text("trained_from_scratch", KAIFM.trainedFromScratch)
               + text("architecture", KAIFM.architecture) + link("reuses_weights_from", KAIFM.reusesWeightsFrom)
               + link("architecture_based_on", KAIFM.architectureBasedOn)
               + text("technical_report", KAIFM.technicalReport) + link("submitted_to", KAIFM.submittedTo)
               + text("wikidata", KAIFM.wikidataId) + _SOURCES),
    "stages": (KAIFM.Stage, names() + link("type", RDF.type) + text("sequence", KAIFM.sequence)
               + link("status", KAIFM.stageStatus) + text("start", SCHEMA.startDate) + text("end", SCHEMA.endDate)
               + text("result_date", KAIFM.resultDate) + text("planned_date", KAIFM.plannedDate)
               + text("teams_before", KAIFM.teamsBefore) + text("teams_after", KAIFM.teamsAfter)
               + link("location", SCHEMA.location) + link("announced_by", KAIFM.announcedBy) + _SOURCES),
    "outcomes": (KAIFM.Outcome, _ID + link("stage", KAIFM.stageOf) + link("team", KAIFM.team)
                 + link("outcome", KAIFM.outcomeKind) + text("date", DCTERMS.date) + text("grounds", KAIFM.grounds)
                 + link("grounds_criterion", KAIFM.groundsCriterion) + [("scores", _scores)] + _SOURCES),
    "memberships": (KAIFM.ConsortiumMembership, _ID + link("consortium", ORG.organization)
                    + link("member", ORG.member) + link("role", ORG.role) + text("contribution", KAIFM.contribution)
                    + text("start", SCHEMA.startDate) + text("end", SCHEMA.endDate) + text("comment", RDFS.comment)
                    + _SOURCES),
    "sources": (KAIFM.SourceDocument, _ID + text("title_en", DCTERMS.title, "en")
                + text("title_ko", DCTERMS.title, "ko")
                + text("publisher_name", KAIFM.publisherName) + link("publisher", DCTERMS.publisher)
                + text("published", DCTERMS.issued) + link("date_precision", KAIFM.datePrecision)
                + text("date_inferred", KAIFM.dateInferred) + text("url", SCHEMA.url) + link("kind", KAIFM.sourceKind)
                + text("language", DCTERMS.language) + text("source_file", KAIFM.sourceFile)
                + text("title_supplied", KAIFM.titleSupplied)),
    "claims": (KAIFM.Claim, _ID + link("subject", KAIFM.hasClaim, inverse=True) + link("property", KAIFM.property)
               + [("value", lambda g, n: str(g.value(n, KAIFM.value))), ("value_en", _claim_value("en")),
                  ("value_ko", _claim_value("ko"))]
               + link("rank", KAIFM.rank) + text("rank_reason", KAIFM.rankReason)
               + link("rank_evidence", KAIFM.rankEvidence) + text("approximate", KAIFM.approximate)
               + link("date_precision", KAIFM.datePrecision) + _SOURCES),
}


def table_rows(graph: Graph, name: str) -> list[list[str]]:
    """The table NAME as rows: the header, then one row per node of its class, sorted by IRI."""
    cls, columns = TABLES[name]
    nodes = sorted(set(graph.subjects(RDF.type, cls)), key=str)
    if name == "organisations":
        nodes = [n for n in nodes if (n, RDF.type, KAIFM.Consortium) not in graph]
    rows = [[header for header, _ in columns]]
    if name == "claims":
        chosen = {c for claims in best_claims(graph).values() for c in claims}
        rows[0].append("truthy")
        return rows + [[cell(graph, n) for _, cell in columns] + [str(n in chosen).lower()] for n in nodes]
    return rows + [[cell(graph, n) for _, cell in columns] for n in nodes]


def render_csv(rows: list[list[str]]) -> bytes:
    """Rows as RFC 4180 CSV, UTF-8 with a byte order mark."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def render(graph: Graph) -> bytes:
    """Every table as NAME.csv in one zip file with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(TABLES):
            info = zipfile.ZipInfo(f"{name}.csv", date_time=_ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, render_csv(table_rows(graph, name)))
    return buffer.getvalue()
