"""RDF terms across engines: one text form for result values, and parameter values as a SPARQL VALUES block.

Engines spell the same literal differently (oxigraph writes the decimal 157600000000.0 as
157600000000, rdflib keeps the lexical form it read), so numbers are written in one canonical form.
"""

import re

from ..errors import InputError

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                               "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
                               "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}

# Tokens that may hold a brace or parenthesis which is not syntax: comments, strings and IRIs.
_SKIP = re.compile(r'''\#[^\n]*
    | """(?:[^"\\]|\\.|"(?!""))*""" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
    | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>
    | [{()]''', re.X)


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


def where_brace(text: str) -> int:
    """The offset just after the `{` that opens the query's WHERE group (the first one outside parentheses)."""
    depth = 0
    for match in _SKIP.finditer(text):
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        elif token == "{" and depth == 0:
            return match.end()
    raise InputError("query: no WHERE group found to bind the parameters in")


def inject_values(text: str, bindings: dict) -> str:
    """text with a one-row VALUES block for bindings opening its WHERE group.

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
            text = service.sub(lambda match, iri=str(term): match.group(1) + iri, text)
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    at = where_brace(text)
    return f"{text[:at]} VALUES ({names}) {{ ({terms}) }}{text[at:]}"
