"""Dates as the graph writes them: xsd:date's YYYY-MM-DD, in ASCII digits, a day that exists (no rdflib import)."""

import datetime
import re

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_date(text: object) -> bool:
    """Whether text is a real day written YYYY-MM-DD (the one rule for a date a user or a file gives)."""
    if not isinstance(text, str) or not _DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
