"""Content negotiation: the media type an `Accept` header prefers among those offered, and the file
suffixes (.ttl, .jsonld, .nt, .rdf, .html) that name a representation for people clicking.

The RDF media types and suffixes come from the one format table (rdf/formats.py).
"""

from ..rdf.formats import FORMATS

HTML = "text/html"
LD_FORMATS = ("ttl", "jsonld", "nt", "xml")  # the RDF formats every IRI is served in (names of rdf/formats.FORMATS)
SUFFIXES = {".html": "html", **{FORMATS[name].suffixes[0]: name for name in LD_FORMATS}}  # .ttl -> ttl, ...


def media_type(fmt: str) -> str:
    """The media type of an LD representation (html or an RDF format name)."""
    return HTML if fmt == "html" else FORMATS[fmt].media_type


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    """The media ranges of an Accept header with their q-values and specificity (*/* 0, type/* 1, exact 2)."""
    ranges = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        kind, q = pieces[0].lower(), 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        if kind:
            ranges.append((kind, q, 0 if kind == "*/*" else 1 if kind.endswith("/*") else 2))
    return ranges


def _quality(offer: str, ranges) -> float:
    """The q-value the most specific matching range gives offer (0 when none matches)."""
    best = (-1, 0.0)
    for kind, q, specificity in ranges:
        if kind == offer or kind == "*/*" or (specificity == 1 and offer.startswith(kind[:-1])):
            best = max(best, (specificity, q))
    return best[1]


def choose(accept: str | None, offers: list[str] | tuple[str, ...]) -> str | None:
    """The offer the Accept header prefers (the first offer on a tie, or when there is no header); None when the
    header accepts none of them (the caller answers 406)."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = _ranges(accept)
    scored = [(_quality(offer, ranges), -index, offer) for index, offer in enumerate(offers)]
    q, _, offer = max(scored)
    return offer if q > 0 else None


def split_suffix(path: str) -> tuple[str, str | None]:
    """path without a representation suffix, and the format it names (None when it has none)."""
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], fmt
    return path, None


def language(accept_language: str | None, languages: tuple[str, ...]) -> str:
    """The language of languages that an Accept-Language header prefers (by primary subtag), else the first."""
    best = (0.0, 0, languages[0])
    for kind, q, _ in _ranges(accept_language or ""):
        primary = kind.split("-")[0]
        if primary in languages and q > 0:
            best = max(best, (q, -languages.index(primary), primary))
    return best[2]
