"""A polite client for Wikidata's SPARQL service (or any SPARQL 1.1 endpoint holding Wikidata-shaped data).

Requests go through the project's HTTP client (sparql.py: one User-Agent with a contact URL, a
deadline per request, retries with backoff on 429, 5xx, timeouts and lost connections that honour
Retry-After); this module adds what a shared public service asks of its clients besides: one request
at a time (the process never sends one before the last is answered) and answers cached on disk
(CACHE_MAX_AGE, bypassed with use_cache=False).

Queries are built from text the project controls; values from the graph or the user go in
only as terms written by term() and qid_term(), which escape or validate them.
"""

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, quoted
from ..files import write_atomically
from ..project import cache_dir
from .sparql import HttpClient, select

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
WD = "http://www.wikidata.org/entity/"
QID = re.compile(r"Q[1-9][0-9]*")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
# The statements fetched for each item: type, country, citizenship, website, ROR id, employer, developer, parent.
DETAIL_PROPERTIES = ("P31", "P17", "P27", "P856", "P6782", "P108", "P178", "P749")
CACHE_MAX_AGE = 7 * 24 * 3600  # seconds
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <http://schema.org/>
"""
_ONE_AT_A_TIME = threading.Lock()  # shared by every client of the process


def term(text: str, lang: str | None = None) -> str:
    """text as a SPARQL literal (with its language tag), escaped by pyoxigraph: safe to put in a query."""
    return str(ox.Literal(text, language=lang) if lang else ox.Literal(text))


def qid_term(qid: str) -> str:
    """The IRI of a Wikidata item as a SPARQL term; anything but Q and digits raises InputError."""
    if not QID.fullmatch(qid):
        raise InputError(f"{quoted(qid)} is not a Wikidata item id (Q followed by digits)")
    return f"<{WD}{qid}>"


class WikidataClient:
    """Sends SELECT queries to one endpoint, one at a time, politely; answers are SPARQL JSON bindings."""

    def __init__(self, endpoint: str = WIKIDATA_SPARQL, timeout: float = 30.0, retries: int = 3,
                 backoff: float = 1.0, use_cache: bool = True, cache: Path | None = None,
                 max_age: float = CACHE_MAX_AGE):
        self.http = HttpClient(endpoint, timeout, retries, backoff)
        self.endpoint = self.http.url
        self.use_cache, self.max_age = use_cache, max_age
        self.cache = cache if cache is not None else cache_dir() / "wikidata"

    def select(self, query: str) -> list[dict]:
        """The bindings of a SELECT query (PREFIXES prepended): one dict per row, variable -> SPARQL JSON term."""
        text = PREFIXES + query
        path = self.cache / f"{hashlib.sha256((self.endpoint + chr(0) + text).encode()).hexdigest()[:32]}.json"
        if self.use_cache and path.is_file() and time.time() - path.stat().st_mtime < self.max_age:
            try:
                return json.loads(path.read_text(encoding="utf-8"))["results"]["bindings"]
            except (OSError, ValueError, KeyError):
                pass  # a damaged cache entry is fetched again
        with _ONE_AT_A_TIME:
            data = select(self.http, text)
        write_atomically(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        return data["results"]["bindings"]


@dataclass
class Item:
    """What the endpoint says about one item: labels, aliases, descriptions, statements and labels of their values."""

    qid: str
    labels: set = field(default_factory=set)  # (text, language)
    aliases: set = field(default_factory=set)
    descriptions: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)  # property id -> set of values (QIDs or text)
    value_labels: dict = field(default_factory=dict)  # QID -> English label
    redirect: str | None = None

    def name(self, lang: str = "en") -> str:
        """The item's label in lang, else any."""
        by_lang = {lang: text for text, lang in sorted(self.labels)}
        return by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()), "")

    def show(self, qid: str) -> str:
        """A value as 'label (Q…)'."""
        return f"{self.value_labels[qid]} ({qid})" if qid in self.value_labels else qid


def item_qid(iri: str) -> str | None:
    """The QID of a Wikidata item IRI, else None."""
    text = str(iri)
    return text[len(WD):] if text.startswith(WD) and QID.fullmatch(text[len(WD):]) else None


def details_query(qids: list[str]) -> str:
    """The labels, aliases, descriptions, redirect and DETAIL_PROPERTIES statements of the items (with value labels)."""
    items = " ".join(qid_term(q) for q in qids)
    props = " ".join(f"wdt:{p}" for p in DETAIL_PROPERTIES)
    return f"""SELECT ?item ?p ?o ?oLabel WHERE {{
  VALUES ?item {{ {items} }}
  VALUES ?p {{ rdfs:label skos:altLabel schema:description owl:sameAs {props} }}
  ?item ?p ?o .
  FILTER(!isLiteral(?o) || LANG(?o) IN ("", "en", "ko", "mul"))
  OPTIONAL {{ ?o rdfs:label ?oLabel . FILTER(LANG(?oLabel) = "en") }}
}}"""


def fetch_items(client: WikidataClient, qids, batch: int = 50) -> dict[str, Item]:
    """The items the endpoint knows among qids (an unknown or deleted item is left out)."""
    items: dict[str, Item] = {}
    wanted = sorted(set(qids), key=lambda q: int(q[1:]))
    for start in range(0, len(wanted), batch):
        for row in client.select(details_query(wanted[start:start + batch])):
            qid = item_qid(row["item"]["value"])
            if qid is None:  # not an item's IRI (the query asks only for items)
                continue
            item = items.setdefault(qid, Item(qid))
            prop, value = row["p"]["value"], row["o"]
            lang = value.get("xml:lang", "")
            if prop == RDFS_LABEL:
                item.labels.add((value["value"], lang))
            elif prop == SKOS_ALT_LABEL:
                item.aliases.add((value["value"], lang))
            elif prop == "http://schema.org/description":
                item.descriptions.setdefault(lang, value["value"])
            elif prop == "http://www.w3.org/2002/07/owl#sameAs":
                item.redirect = item_qid(value["value"]) or value["value"]
            else:
                shown = item_qid(value["value"]) or value["value"]
                item.claims.setdefault(prop.rsplit("/", 1)[-1], set()).add(shown)
                if "oLabel" in row:
                    item.value_labels[shown] = row["oLabel"]["value"]
    return items
