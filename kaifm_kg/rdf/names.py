"""The one rule for finding a node by name, without rdflib (the query path uses it too).

A name is an IRI, a prefixed name of the project's prefixes, or a label or alias (rdfs:label,
skos:prefLabel, skos:altLabel; case-insensitive, surrounding space ignored) of exactly one node. A
name that several nodes carry is ambiguous and refused with the candidates; an unknown name is
refused with the closest names. rdf/labels.py applies it to an rdflib graph, query/engines.py to an
engine.
"""

import difflib
import re
from collections.abc import Iterable

from ..errors import InputError, NotFoundError, quoted
from .prefixes import PREFIXES

_CURIE = re.compile(r"([A-Za-z][\w.-]*):(\S*)")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")  # a name that starts like this is meant as an IRI


def curie(node) -> str:
    """A prefixed name for node when one of the project's prefixes fits, else the full IRI."""
    text = str(node)
    best = max(((p, ns) for p, ns in PREFIXES.items() if text.startswith(ns)),
               key=lambda item: len(item[1]), default=None)
    return f"{best[0]}:{text[len(best[1]):]}" if best else text


def iri_of(name: str) -> str | None:
    """The IRI a name spells (a full IRI, or a prefixed name of the project's prefixes), else None."""
    text = name.strip()
    if _IRI.match(text):
        return text
    match = _CURIE.fullmatch(text)
    if match and match.group(1) in PREFIXES:
        return PREFIXES[match.group(1)] + match.group(2)
    return None


def choose(name: str, matches: Iterable[str], known_names: Iterable[str] = (), param: str | None = None) -> str:
    """The one node (IRI text) among the label matches of name; none or several raise an error naming them."""
    found = sorted(set(matches))
    if len(found) == 1:
        return found[0]
    if found:
        shown = ", ".join(curie(n) for n in found[:8]) + (", …" if len(found) > 8 else "")
        raise InputError(f"{quoted(name)} names {len(found)} things ({shown}); give an IRI or a prefixed name",
                         param=param)
    close = close_names(name, known_names)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise NotFoundError(f"nothing in the graph is called {quoted(name)}.{hint}", param=param)


def close_names(name: str, known_names: Iterable[str]) -> list[str]:
    """The known names closest to name (at most five), for a "Did you mean" hint."""
    return difflib.get_close_matches(name.strip().casefold(), sorted(set(known_names)), n=5, cutoff=0.6)
