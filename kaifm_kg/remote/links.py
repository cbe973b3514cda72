"""graph/wikidata.ttl, the links to Wikidata and ROR: review files, accepting reviewed rows, and the file's layout.

A link is `entity skos:exactMatch <item or record IRI>` plus a claim of kaifm:wikidataId or
kaifm:rorId whose kaifm:linkMethod, kaifm:linkEvidence, kaifm:checkedOn and dcterms:source say
how it was established (docs/authoring.md, "Links to Wikidata and ROR"). `kaifm-kg link` and
`link --check` only write review files: rows with an `accept` column. accept() turns the rows a
reviewer marked (yes, true, x or 1) into edits of the links file, which it rewrites whole, atomically, in
rdflib's longturtle layout under a fixed header (render); nothing else writes into graph/.
"""

import csv
import datetime
import io
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ..errors import InputError
from ..files import write_atomically
from ..project import Project
from ..query.table import Table
from ..rdf.io import curated_turtle, parse_file
from ..rdf.namespaces import DCTERMS, ID, KAIFM, RDF, RDFS, SCHEMA, SKOS, WD, XSD
from .reconcile import CheckResult, Proposal, check_links, propose
from .wikidata import QID, WikidataClient

PROPOSAL_COLUMNS = ("action", "entity", "label", "rank", "qid", "item_label", "description", "score", "certainty",
                    "explanation", "endpoint", "retrieved", "accept")
CHECK_COLUMNS = ("action", "entity", "label", "qid", "status", "item_label", "detail", "endpoint", "retrieved",
                 "accept")
YES = {"yes", "y", "true", "x", "1"}
REVIEW_COLUMNS = ("action", "entity", "qid", "retrieved", "endpoint", "accept")  # what accept() reads
_HEADER = """\
# kaifm-kg: links to Wikidata and ROR.
#
# Each link is `entity skos:exactMatch <IRI>` plus a kaifm:wikidataId or kaifm:rorId claim that
# says how it was established: kaifm:linkMethod (curated with evidence, reviewed proposal,
# confirmed by check), kaifm:linkEvidence in words, kaifm:checkedOn, and dcterms:source citing the
# registry record or Wikidata item read (described in this file too). Only QIDs written
# next to the entity's name in evidence are here; see docs/authoring.md.
#
# `kaifm-kg link --accept FILE` rewrites this file in this layout, rdflib's longturtle (keeping
# every triple but no other comment than this header).
"""
@dataclass(frozen=True)
class AcceptResult:
    """What accept() changed in which file."""

    path: Path
    added: int
    confirmed: int


def proposal_rows(proposals: list[Proposal], endpoint: str, retrieved: str) -> Table:
    """The reconciler's proposals as review rows (accept = no)."""
    rows = [("link", p.subject.iri, p.subject.label, str(p.rank or ""), p.qid or "", p.item_label, p.description,
             f"{p.score:.2f}" if p.qid else "", p.certainty, "; ".join(p.reasons), endpoint, retrieved, "no")
            for p in proposals]
    return Table(PROPOSAL_COLUMNS, rows)


def check_rows(results: list[CheckResult], endpoint: str, retrieved: str) -> Table:
    """`link --check` results as review rows; only a link that passed can be accepted (as confirmed)."""
    rows = [("confirm" if r.status == "ok" else "", r.subject.iri, r.subject.label, r.subject.qid, r.status,
             r.item_label, r.detail, endpoint, retrieved, "no") for r in results]
    return Table(CHECK_COLUMNS, rows)


def propose_links(project: Project, client: WikidataClient, kind: str, today: str) -> Table:
    """`link`: review rows proposing Wikidata items for the project's entities of kind that have no link."""
    return proposal_rows(propose(project.graph(), client, kind), client.endpoint, today)


@dataclass(frozen=True)
class LinkCheck:
    """`link --check`: the review rows, and the links that failed (as 'label (QID: status)')."""

    rows: Table
    failed: list[str]


def check_project_links(project: Project, client: WikidataClient, today: str) -> LinkCheck:
    """Re-verify every Wikidata link of the project (see reconcile.check_links)."""
    results = check_links(project.graph(), client)
    failed = [f"{r.subject.label} ({r.subject.qid}: {r.status})" for r in results if r.status != "ok"]
    return LinkCheck(check_rows(results, client.endpoint, today), failed)


def review_format(path: Path) -> str:
    """csv or json, from the review file's extension."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "json"):
        raise InputError(f"{path}: a review file ends in .json or .csv", param="review")
    return fmt


def read_review(path: Path) -> list[dict]:
    """The rows of a review file (JSON list of objects, or CSV with a header), values as text; a file without
    the columns accept() reads raises InputError."""
    fmt = review_format(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start})") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    try:
        if fmt == "json":
            rows = json.loads(text)
            columns = {key for row in rows for key in row} if isinstance(rows, list) and \
                all(isinstance(r, dict) for r in rows) else set()
        else:
            reader = csv.DictReader(io.StringIO(text))
            rows, columns = list(reader), set(reader.fieldnames or ())
    except (ValueError, csv.Error) as e:
        raise InputError(f"{path}: not a {fmt.upper()} review file: {e}") from e
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError(f"{path}: expected a list of rows")
    missing = [c for c in REVIEW_COLUMNS if c not in columns]
    if missing and (rows or fmt == "csv"):
        raise InputError(f"{path}: not a review file written by link: no {', '.join(missing)} column")
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


def accept(project: Project, review: Path) -> AcceptResult:
    """Apply the rows of review marked accepted to the project's links file; nothing is written when no row
    is accepted, or when a row is wrong. The shipped project is refused (its data is read-only)."""
    project.require_writable("accepting reviewed links")
    graph, path = project.graph(), project.links_file
    links = parse_file(path) if path.is_file() else Graph()
    linked = {str(e): str(q) for e, q in graph.subject_objects(KAIFM.wikidataId)}  # entity -> QID, as rows add
    added = confirmed = 0
    for number, row in enumerate(read_review(review), start=1):
        if row.get("accept", "").strip().lower() not in YES:
            continue
        where = f"{review}: row {number}"
        entity, qid, date = _checked(graph, row, where)
        if row.get("action") == "link":
            if str(entity) in linked:
                raise InputError(f"{where}: {entity} already has a Wikidata link; accept one row per entity")
            holders = sorted(e for e, q in linked.items() if q == qid)
            if holders:
                raise InputError(f"{where}: {qid} is already the link of {', '.join(holders)}")
            linked[str(entity)] = qid
            _add_link(links, entity, qid, date, row)
            added += 1
        elif row.get("action") == "confirm":
            _confirm(links, entity, qid, date, row, where)
            confirmed += 1
        else:
            raise InputError(f"{where}: cannot be accepted: only a proposal (action link) or a check result with "
                             f"status ok (action confirm) can")
    if not added + confirmed:
        return AcceptResult(path, 0, 0)
    data = render(links)
    if not isomorphic(links, Graph().parse(data=data, format="turtle")):
        raise InputError(f"{path}: the rewritten file would not hold the same triples; nothing written")
    write_atomically(path, data)
    return AcceptResult(path, added, confirmed)


def _checked(graph: Graph, row: dict, where: str) -> tuple[URIRef, str, str]:
    entity, qid, date = URIRef(row.get("entity", "")), row.get("qid", ""), row.get("retrieved", "")
    if (entity, RDFS.label, None) not in graph:
        raise InputError(f"{where}: {row.get('entity')!r} is not an entity of the graph")
    if not QID.fullmatch(qid):
        raise InputError(f"{where}: {qid!r} is not a Wikidata item id")
    try:
        datetime.date.fromisoformat(date)
    except ValueError as e:
        raise InputError(f"{where}: retrieved {date!r} is not a date (YYYY-MM-DD)") from e
    if not row.get("endpoint", "").startswith(("http://", "https://")):
        raise InputError(f"{where}: endpoint {row.get('endpoint')!r} is not an http(s) URL")
    return entity, qid, date


def _item_source(links: Graph, qid: str, label: str, date: str, endpoint: str, note: str) -> URIRef:
    """src:wikidata-q… describing the item as read on date (created, or its date and note updated)."""
    source = ID[f"source/wikidata-{qid.lower()}"]
    for prop in (DCTERMS.issued, DCTERMS.description, DCTERMS.title):
        links.remove((source, prop, None))
    links.add((source, RDF.type, KAIFM.SourceDocument))
    links.add((source, DCTERMS.title, Literal(f"Wikidata item {qid}" + (f": {label}" if label else ""), lang="en")))
    links.add((source, KAIFM.titleSupplied, Literal(True)))
    links.add((source, DCTERMS.issued, Literal(date, datatype=XSD.date)))
    links.add((source, KAIFM.dateInferred, Literal(True)))
    links.set((source, KAIFM.dateBasis, Literal("A Wikidata item has no publication date; this is the day it "
                                                "was read.", lang="en")))
    links.add((source, SCHEMA.url, URIRef(f"https://www.wikidata.org/wiki/{qid}")))
    links.add((source, KAIFM.sourceKind, KAIFM.DatabaseRecordSource))
    links.add((source, DCTERMS.description, Literal(f"Read at {endpoint} by kaifm-kg link. {note}", lang="en")))
    return source


def _add_link(links: Graph, entity: URIRef, qid: str, date: str, row: dict) -> None:
    source = _item_source(links, qid, row.get("item_label", ""), date, row["endpoint"],
                          f"Proposed with score {row.get('score')} ({row.get('certainty')}).")
    links.add((entity, SKOS.exactMatch, WD[qid]))
    claim = BNode()
    links.add((entity, KAIFM.hasClaim, claim))
    for prop, value in ((KAIFM.property, KAIFM.wikidataId), (KAIFM.value, Literal(qid)),
                        (KAIFM.linkMethod, KAIFM.ReviewedProposal),
                        (KAIFM.linkEvidence, Literal(row.get("explanation", "") + ".", lang="en")),
                        (KAIFM.checkedOn, Literal(date, datatype=XSD.date)), (DCTERMS.source, source)):
        links.add((claim, prop, value))


def _confirm(links: Graph, entity: URIRef, qid: str, date: str, row: dict, where: str) -> None:
    claims = [c for c in links.objects(entity, KAIFM.hasClaim)
              if (c, KAIFM.property, KAIFM.wikidataId) in links and (c, KAIFM.value, Literal(qid)) in links]
    if not claims:
        raise InputError(f"{where}: the links file has no kaifm:wikidataId {qid} claim on {entity}")
    source = _item_source(links, qid, row.get("item_label", ""), date, row["endpoint"],
                          f"Checked by link --check: {row.get('detail', '')}.")
    for claim in claims:
        links.set((claim, KAIFM.linkMethod, KAIFM.ConfirmedByCheck))
        links.set((claim, KAIFM.checkedOn, Literal(date, datatype=XSD.date)))
        links.add((claim, DCTERMS.source, source))


def render(links: Graph) -> bytes:
    """The links file's text: the header, then the triples in rdflib's longturtle layout (rdf.io.curated_turtle),
    so the same triples always give the same bytes."""
    return curated_turtle(links, _HEADER)
