"""QuickStatements (V1, tab-separated) commands for the graph's referenced facts about entities linked to Wikidata.

The programme has no Wikidata item yet, so the commands open with a CREATE block for it (English
and Korean labels and aliases, instance of research project, country South Korea) and state
its facts on LAST: its funder (P8324) and every linked organisation that led or was a member of
one of its consortia as a participant (P710, Wikidata's property for the participants of an
event or project; its inverse "participant in" (P1344) cannot point at an item not yet created).
Once the programme itself is linked (kaifm:wikidataId), its QID replaces CREATE and LAST. Facts
between two linked entities follow: parent organisation (P749).

Every fact statement carries one reference per source with a URL: reference URL (S854) and,
when the source's date is printed rather than inferred (and is a real day, YYYY-MM-DD), publication
date (S577) at the precision known. A fact whose sources have no URL is left out. The graph does not
record when a source was retrieved, so no retrieved date (S813) is given.
"""

from typing import cast

from rdflib import Graph, Literal, URIRef

from ..build.claims import best_claims
from ..rdf.dates import is_date
from ..rdf.io import in_order
from ..rdf.namespaces import DCTERMS, KAIFM, ORG, RDF, RDFS, SCHEMA, SKOS, TIME

RESEARCH_PROJECT = "Q1298668"
SOUTH_KOREA = "Q884"
PARTICIPANT_ROLES = (KAIFM.LeadRole, KAIFM.MemberRole)
_PRECISION = {TIME.unitYear: 9, TIME.unitMonth: 10}


def _string(text: str) -> str:
    """text as a QuickStatements string: quoted, on one line (V1 has no escape for a double quote)."""
    return '"' + " ".join(str(text).replace('"', "'").split()) + '"'


def _references(graph: Graph, sources) -> list[str]:
    """One reference (S854 URL, S577 printed date) per source with a URL, sorted."""
    found = set()
    for source in sources:
        url = graph.value(source, SCHEMA.url)
        if url is None:
            continue
        reference = f"S854\t{_string(url)}"
        issued = graph.value(source, DCTERMS.issued)
        if is_date(str(issued)) and not graph.value(source, KAIFM.dateInferred, default=Literal(False)).toPython():
            precision = _PRECISION.get(graph.value(source, KAIFM.datePrecision), 11)
            reference += f"\tS577\t+{issued}T00:00:00Z/{precision}"
        found.add(reference)
    return sorted(found)


def _qid(graph: Graph, node) -> str | None:
    value = graph.value(node, KAIFM.wikidataId)
    return str(value) if value is not None else None


def _statements(graph: Graph, subject: str, prop: str, value: str, sources) -> list[str]:
    return [f"{subject}\t{prop}\t{value}\t{ref}" for ref in _references(graph, sources)]


def _claim_statements(graph: Graph, best: dict, node, prop, pid: str, subject: str) -> list[str]:
    """Lines for the best-ranked claims of node's prop whose value is linked."""
    lines = []
    for claim in best.get((node, prop), []):
        value = _qid(graph, graph.value(claim, KAIFM.value))
        if value:
            lines += _statements(graph, subject, pid, value, graph.objects(claim, DCTERMS.source))
    return lines


def _participants(graph: Graph, programme) -> list[str]:
    """P710 lines for the linked leads and members of the programme's consortia, with the memberships' sources."""
    lines = set()
    for team in graph.subjects(KAIFM.partOfProgramme, programme):  # from the programme: linear in its teams
        for membership in graph.subjects(ORG.organization, team):
            qid = _qid(graph, graph.value(membership, ORG.member))
            if qid and (membership, RDF.type, KAIFM.ConsortiumMembership) in graph and \
                    graph.value(membership, ORG.role) in PARTICIPANT_ROLES:
                lines.update(_statements(graph, "LAST", "P710", qid, graph.objects(membership, DCTERMS.source)))
    return sorted(lines)


def _programme_block(graph: Graph, programme, best: dict) -> list[str]:
    """CREATE (or the programme's QID) with labels, then its facts."""
    qid = _qid(graph, programme)
    lines = [] if qid else ["CREATE"]
    if not qid:
        for prop, code in ((RDFS.label, "L"), (SKOS.altLabel, "A")):
            texts = (t for t in graph.objects(programme, prop) if isinstance(t, Literal))
            for text in sorted(texts, key=lambda t: (t.language or "", str(t))):
                if text.language in ("en", "ko"):
                    lines.append(f"LAST\t{code}{text.language}\t{_string(text)}")
        lines += [f"LAST\tP31\t{RESEARCH_PROJECT}", f"LAST\tP17\t{SOUTH_KOREA}"]
    facts = _claim_statements(graph, best, programme, KAIFM.fundedBy, "P8324", "LAST") + _participants(graph, programme)
    return lines + [line.replace("LAST", qid, 1) if qid else line for line in facts]


def render(graph: Graph) -> bytes:
    """The QuickStatements V1 commands, one per line, in a fixed order."""
    best = best_claims(graph)
    lines = []
    for programme in in_order(graph.subjects(RDF.type, KAIFM.Programme)):
        lines += _programme_block(graph, programme, best)
    between = []
    for node in sorted(n for n in graph.subjects(KAIFM.wikidataId, None) if isinstance(n, URIRef)):
        qid = cast(str, _qid(graph, node))  # node has a kaifm:wikidataId
        between += _claim_statements(graph, best, node, KAIFM.parentOrganisation, "P749", qid)
    lines += sorted(set(between))
    return ("\n".join(lines) + "\n").encode("utf-8")
