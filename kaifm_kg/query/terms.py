"""RDF terms across engines: one text form for result values, and parameter values as a SPARQL VALUES block.

Engines spell the same literal differently (oxigraph writes the decimal 157600000000.0 as
157600000000, rdflib keeps the lexical form it read), so numbers are written in one canonical form.
"""

import functools
import re

from ..errors import InputError

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                               "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
                               "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}

# Tokens that may hold a brace, a parenthesis or the word SELECT which is not syntax (comments, strings and
# IRIs), and the tokens looked for: braces, parentheses and the keyword SELECT (not a variable ?select).
_SKIP = re.compile(r'''\#[^\n]*
    | """(?:[^"\\]|\\.|"(?!""))*""" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
    | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>
    | [{()] | (?<![?$\w])(?i:SELECT)\b''', re.X)
_ALL = re.compile(r"\s*(?i:DISTINCT|REDUCED)?\s*\*")  # SELECT * projects every variable in scope


def lexical(value: str, datatype: str | None) -> str:
    """The text of a literal, numbers in canonical form (no plus sign or leading zeros, no trailing decimal zeros)."""
    try:
        if datatype in _INTEGERS:
            return str(int(value))
        if datatype in _FLOATS:
            return repr(float(value))
        if datatype == XSD + "decimal":
            from decimal import Decimal

            number = Decimal(value).normalize()
            return format(number, "f") if number else "0"
    except (ValueError, ArithmeticError):  # decimal.InvalidOperation is an ArithmeticError
        pass  # an ill-typed literal keeps its text
    return value


def where_brace(text: str, start: int = 0) -> int:
    """The offset just after the `{` that opens the WHERE group of the query (or of the SELECT at start): the first
    one outside parentheses."""
    depth = 0
    for match in _SKIP.finditer(text, start):
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        elif token == "{" and depth == 0:
            return match.end()
    raise InputError("query: no WHERE group found to bind the parameters in")


def _selects(text: str) -> list[int]:
    """Where each SELECT keyword of text ends, the query's own first, then its subqueries'."""
    return [m.end() for m in _SKIP.finditer(text) if m.group().upper() == "SELECT"]


def _named_service(iri: str, match: re.Match[str]) -> str:
    """A SERVICE keyword (match) followed by iri in place of its variable."""
    return match.group(1) + iri


def inject_values(text: str, bindings: dict) -> str:
    """text with a one-row VALUES block for bindings opening its WHERE group, and opening the WHERE group of each
    subquery that projects a bound variable (for the variables it projects), as an engine that substitutes the
    values (pyoxigraph, rdflib) sees them there too.

    bindings maps variable names (checked when the header was read) to pyoxigraph terms; each term
    is written in its N-Triples form, escaped by pyoxigraph, so no user text reaches the query as syntax.
    An IRI bound to a variable that names a SERVICE (`SERVICE ?wikidata`) is also written in the
    variable's place there: stores such as Oxigraph do not take a SERVICE's name from VALUES.
    """
    if not bindings:
        return text
    for name, term in bindings.items():
        if str(term).startswith("<"):
            service = re.compile(rf"(\bSERVICE\s+(?:SILENT\s+)?)\?{name}\b", re.I)
            text = service.sub(functools.partial(_named_service, str(term)), text)
    blocks = []
    for number, select in enumerate(_selects(text) or [0]):
        at = where_brace(text, select)
        projection = text[select:at]
        names = [name for name in bindings
                 if number == 0 or _ALL.match(projection) or re.search(rf"[?$]{name}\b", projection)]
        if names:
            terms = " ".join(str(bindings[name]) for name in names)
            blocks.append((at, f" VALUES ({' '.join(f'?{name}' for name in names)}) {{ ({terms}) }}"))
    for at, block in reversed(blocks):
        text = text[:at] + block + text[at:]
    return text
