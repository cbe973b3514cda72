"""Find Wikidata items for the graph's entities, score each candidate with an explanation, and re-check links.

For each entity without a link, candidates are the items whose rdfs:label or skos:altLabel is
one of the entity's English or Korean labels or aliases (as written, or normalised: case,
dashes, legal suffixes, spacing; English names also as Wikidata's language-neutral "mul"). Each is scored from:

- the label match: exact or normalised, label or alias, and in which languages;
- the type: whether an instance-of (P31) value fits the kind of entity;
- the country (P17, or P27 for people) where South Korea (Q884) is expected;
- identifiers and links: the ROR id (P6782), the official website (P856), and the employer
  (P108), developer (P178) or parent organisation (P749) against the graph's own links.

Only an identifier or link match can make a candidate "certain"; a name alone is at most "likely".
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef

from ..rdf.labels import label
from ..rdf.namespaces import KAIFM, ORG, RDF, RDFS, SCHEMA, SKOS
from .wikidata import Item, WikidataClient, fetch_items, item_qid, term

KOREA = "Q884"
LANGS = {"en": "English", "ko": "Korean"}
KIND_CLASSES = {"org": (KAIFM.Organisation,), "person": (KAIFM.Person,),
                "model": (KAIFM.Model, KAIFM.ModelFamily), "programme": (KAIFM.Programme,)}
KIND_NAMES = {"org": "an organisation", "person": "a person", "model": "a model", "programme": "a programme"}
# Instance-of (P31) values that fit each kind. A fixed list rather than a subclass walk: a walk
# costs a heavy query per candidate on the public service.
FITTING_TYPES = {
    # organization, business, enterprise, public company, corporation, company, technology company;
    # university, public, private and research university, higher education institution, research institute;
    # government agency, government organisation, ministry, non-profit organisation, charity
    "org": {"Q43229", "Q4830453", "Q6881511", "Q891723", "Q167037", "Q783794", "Q210167",
            "Q3918", "Q875538", "Q902104", "Q15936437", "Q38723", "Q31855",
            "Q327333", "Q2659904", "Q192350", "Q163740", "Q708676"},
    "person": {"Q5"},  # human
    # large language model, generative pre-trained transformer, software
    "model": {"Q115305900", "Q116777014", "Q7397"},
    "programme": {"Q1298668", "Q170584"},  # research project, project
}
# The Wikidata property that links an item to an organisation, by kind, matched against the organisations
# the graph relates the entity to (position, kaifm:developedBy, kaifm:parentOrganisation).
RELATIONS = {"person": ("P108", "employer"), "model": ("P178", "developer"), "org": ("P749", "parent organisation")}
_PARTICIPANT_ROLES = (KAIFM.LeadRole, KAIFM.MemberRole, KAIFM.ParentCompanyRole)
_LEGAL = re.compile(r",?\s+(inc\.?|co\.,?\s*ltd\.?|co\.|ltd\.?|corp\.?|corporation|pbc)$", re.I)
_KO_LEGAL = re.compile(r"주식회사|\(주\)|㈜")


@dataclass(frozen=True)
class Subject:
    """An entity of the graph as the reconciler sees it."""

    iri: str
    kind: str
    label: str
    names: tuple[tuple[str, str, bool], ...]  # (text, language, is an alias)
    qid: str | None = None
    ror: str | None = None
    hosts: frozenset = frozenset()
    related: frozenset = frozenset()  # QIDs of the linked organisations it works for, was developed by or belongs to
    expect_korea: bool = False


@dataclass(frozen=True)
class Proposal:
    """One ranked candidate for one entity (qid None: no candidate found)."""

    subject: Subject
    rank: int
    qid: str | None
    item_label: str
    description: str
    score: float
    certainty: str
    reasons: tuple[str, ...]


def normalise(text: str) -> str:
    """text folded for comparison: NFKC, case, dashes, legal suffixes, punctuation and spaces removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _KO_LEGAL.sub("", _LEGAL.sub("", text.strip()))
    return re.sub(r"[\W_]+", "", text)


def variants(text: str, lang: str) -> set[str]:
    """Spellings to look up for one name: as written, typographic dashes and quotes plain, legal suffix dropped,
    and (English) other cases or (Korean) without spaces."""
    plain = unicodedata.normalize("NFKC", text).replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    found = {text, plain, _LEGAL.sub("", plain).strip(), _KO_LEGAL.sub("", plain).strip()}
    if lang == "en":
        found |= {v for f in list(found) for v in (f.lower(), f.title(), f.upper())}
    else:
        found |= {f.replace(" ", "") for f in list(found)}
    return {v for v in found if v}


def _korean_organisations(graph: Graph) -> set:
    """Public bodies, consortium leads and members: organisations expected to be South Korean."""
    found = set(graph.subjects(KAIFM.organisationKind, KAIFM.GovernmentBody))
    found |= set(graph.subjects(KAIFM.organisationKind, KAIFM.PublicAgency))
    found |= set(graph.objects(None, KAIFM.leadOrganisation))
    for membership in graph.subjects(RDF.type, KAIFM.ConsortiumMembership):
        if graph.value(membership, ORG.role) in _PARTICIPANT_ROLES:
            found |= set(graph.objects(membership, ORG.member))
    return found


def _related(graph: Graph, node, kind: str) -> set:
    """The organisations the entity holds a position in, was developed by, or belongs to."""
    if kind == "person":
        return {graph.value(p, ORG.organization) for p in graph.objects(node, ORG.hasMembership)}
    if kind == "model":
        return set(graph.objects(node, KAIFM.developedBy))
    return set(graph.objects(node, KAIFM.parentOrganisation)) if kind == "org" else set()


def subjects(graph: Graph, kind: str = "all", linked: bool | None = False) -> list[Subject]:
    """The entities of kind (org, person, model, programme or all), sorted by IRI; linked=False keeps those
    without a Wikidata link, True those with one, None all."""
    korean = _korean_organisations(graph)
    found = []
    for each, classes in KIND_CLASSES.items():
        if kind not in ("all", each):
            continue
        nodes = {n for cls in classes for n in graph.subjects(RDF.type, cls) if isinstance(n, URIRef)}
        nodes -= set(graph.subjects(RDF.type, KAIFM.Consortium))
        for node in nodes:
            qid = graph.value(node, KAIFM.wikidataId)
            if linked is not None and linked != (qid is not None):
                continue
            names = tuple(sorted((str(t), t.language, prop == SKOS.altLabel)
                                 for prop in (RDFS.label, SKOS.altLabel) for t in graph.objects(node, prop)
                                 if isinstance(t, Literal) and t.language in LANGS))
            organisations = _related(graph, node, each)
            related = {graph.value(o, KAIFM.wikidataId) for o in organisations}
            ror = graph.value(node, KAIFM.rorId)
            found.append(Subject(
                str(node), each, label(graph, node, "en"), names, str(qid) if qid else None,
                str(ror) if ror else None, frozenset(_host(str(u)) for u in graph.objects(node, SCHEMA.url)),
                frozenset(str(q) for q in related if q is not None),
                each == "programme" or node in korean or (each == "person" and bool(organisations & korean))))
    return sorted(found, key=lambda s: s.iri)


def _host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.").lower()


def lookup_query(subject: Subject) -> tuple[str, dict]:
    """The candidate query for subject, and what each looked-up literal stands for (term -> [(name, exact)])."""
    looked_up: dict[str, list] = {}
    for text, lang, alias in subject.names:
        for spelling in sorted(variants(text, lang)):
            for tag in (lang, "mul") if lang == "en" else (lang,):  # Wikidata keeps names alike in all languages as mul
                looked_up.setdefault(term(spelling, tag), []).append(((text, lang, alias), spelling == text))
    values = " ".join(sorted(looked_up))
    query = f"""SELECT DISTINCT ?item ?name ?via WHERE {{
  VALUES ?name {{ {values} }}
  {{ ?item rdfs:label ?name . BIND("label" AS ?via) }} UNION {{ ?item skos:altLabel ?name . BIND("alias" AS ?via) }}
}} LIMIT 200"""
    return query, looked_up


def _label_points(matches) -> tuple[float, list[str]]:
    """The best label match's points and its description, plus 0.05 when both languages match."""
    best, reasons = 0.0, []
    for (text, lang, alias), exact, via, spelling in sorted(matches):
        points = (0.45 if not alias and via == "label" else 0.25 if alias and via == "alias" else 0.30)
        points -= 0.0 if exact else 0.10
        if points > best:
            ours = "alias" if alias else "label"
            how = "exactly" if exact else f"as {spelling!r} (normalised)"
            best, reasons = points, [f"{LANGS[lang]} {ours} {text!r} is the item's {via} {how}"]
    if len({m[0][1] for m in matches}) > 1:
        best += 0.05
        reasons.append("names match in English and Korean")
    return best, reasons


def score(subject: Subject, item: Item, matches) -> tuple[float, str, tuple[str, ...]]:
    """(score 0-1, certainty, reasons) of item as the match for subject, given how its names matched."""
    points, reasons = _label_points(matches)
    strong = False
    types = item.claims.get("P31", set())
    fitting = sorted(types & FITTING_TYPES[subject.kind])
    if fitting:
        points += 0.15
        reasons.append(f"type {item.show(fitting[0])} fits {KIND_NAMES[subject.kind]}")
    elif types:
        points -= 0.35
        shown = ", ".join(item.show(t) for t in sorted(types))
        reasons.append(f"type {shown} does not fit {KIND_NAMES[subject.kind]}")
    countries = item.claims.get("P27" if subject.kind == "person" else "P17", set())
    if subject.expect_korea and KOREA in countries:
        points += 0.10
        reasons.append("country South Korea (Q884), as expected")
    elif subject.expect_korea and countries:
        points -= 0.20
        reasons.append(f"country {', '.join(item.show(c) for c in sorted(countries))}, but South Korea was expected")
    if subject.ror and item.claims.get("P6782"):
        if subject.ror in item.claims["P6782"]:
            points, strong = points + 0.35, True
            reasons.append(f"ROR id {subject.ror} matches (P6782)")
        else:
            points -= 0.50
            reasons.append(f"ROR id {', '.join(sorted(item.claims['P6782']))} differs from the graph's {subject.ror}")
    if subject.hosts & {_host(u) for u in item.claims.get("P856", ())}:
        points, strong = points + 0.25, True
        reasons.append(f"official website {', '.join(sorted(subject.hosts))} matches (P856)")
    if subject.kind in RELATIONS:
        prop, name = RELATIONS[subject.kind]
        shared = sorted(item.claims.get(prop, set()) & subject.related)
        if shared:
            points, strong = points + 0.25, True
            reasons.append(f"{name} {item.show(shared[0])} ({prop}) is linked to this entity in the graph")
    points = round(min(max(points, 0.0), 1.0), 2)
    certainty = "certain" if strong and points >= 0.75 else "likely" if points >= 0.5 else "possible"
    return points, certainty, tuple(reasons)


def candidates(client: WikidataClient, subject: Subject) -> dict[str, list]:
    """The items one of subject's names finds: QID -> [(name, exact, via, spelling), ...]."""
    query, looked_up = lookup_query(subject)
    found: dict[str, list] = {}
    for row in client.select(query):
        qid = item_qid(row["item"]["value"])
        if not qid:
            continue
        cell = row["name"]
        key = term(cell["value"], cell.get("xml:lang"))
        for name, exact in looked_up.get(key, []):
            found.setdefault(qid, []).append((name, exact, row["via"]["value"], cell["value"]))
    return found


def propose(graph: Graph, client: WikidataClient, kind: str = "all", limit: int = 5) -> list[Proposal]:
    """Ranked proposals (best first, at most limit) for every entity of kind without a Wikidata link."""
    proposals = []
    for subject in subjects(graph, kind, linked=False):
        found = candidates(client, subject)
        items = fetch_items(client, found) if found else {}
        scored = [(score(subject, items[q], found[q]), q) for q in found if q in items and not items[q].redirect]
        ranked = sorted(scored, key=lambda pair: (-pair[0][0], int(pair[1][1:])))
        if not ranked:
            proposals.append(Proposal(subject, 0, None, "", "", 0.0, "none",
                                      ("no item has one of its labels or aliases",)))
        for rank, ((points, certainty, reasons), qid) in enumerate(ranked[:limit], start=1):
            item = items[qid]
            proposals.append(Proposal(subject, rank, qid, item.name(), item.descriptions.get("en", ""),
                                      points, certainty, reasons))
    return proposals


@dataclass(frozen=True)
class CheckResult:
    """The re-verification of one Wikidata link: status ok, missing, redirect or relabelled."""

    subject: Subject
    status: str
    detail: str
    item_label: str = ""


def check_links(graph: Graph, client: WikidataClient) -> list[CheckResult]:
    """Re-verify every Wikidata link of the graph: the item exists, is not a redirect, and a label or alias
    of it matches one of the entity's (normalised)."""
    linked = subjects(graph, "all", linked=True)
    items = fetch_items(client, [s.qid for s in linked])
    results = []
    for subject in linked:
        item = items.get(cast(str, subject.qid))  # a linked subject has its QID
        if item is None:
            results.append(CheckResult(subject, "missing", f"the endpoint has no label, alias or statement of "
                                                           f"{subject.qid}: the item is missing or deleted"))
        elif item.redirect:
            results.append(CheckResult(subject, "redirect", f"{subject.qid} redirects to {item.redirect}; "
                                                            f"link that item instead"))
        else:
            ours = {normalise(text) for text, _, _ in subject.names}
            names = sorted(item.labels | item.aliases)
            shared = [text for text, _ in names if normalise(text) in ours]
            if shared:
                results.append(CheckResult(subject, "ok", f"labels match: {', '.join(dict.fromkeys(shared))}",
                                           item.name()))
            else:
                shown = ", ".join(f"{text!r}@{lang}" for text, lang in names) or "no labels"
                results.append(CheckResult(subject, "relabelled", f"none of the item's names ({shown}) matches "
                                                                  f"the graph's labels or aliases", item.name()))
    return results
