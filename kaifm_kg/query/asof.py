""""As of": the day the graph is curated up to (kaifm:curatedUpTo on the dataset, graph/dataset.ttl), and the
notes a query's rows or a description carry about it.

Every answer holds what the sources read reported up to that day. A date asked about after it is answered
with what was known on that day, and says so, rather than extrapolating.

>>> as_of_notes("2026-12-04", {"date": "2027-01-05"}, "en")[1].split(":")[0]
'date 2027-01-05 is after 2026-12-04, the day the graph is curated up to'
"""

from ..errors import RemoteError
from ..rdf.dates import is_date
from ..rdf.prefixes import DATASET, KAIFM
from .catalogue import QueryDef

AS_OF_QUERY = f"SELECT ?day WHERE {{ <{DATASET}> <{KAIFM}curatedUpTo> ?day }}"

_AS_OF = {"en": "as of {day}: the graph holds what its sources reported up to that day",
          "ko": "{day} 기준: 그날까지 출처가 보도한 내용만 담고 있습니다"}
_AFTER = {"en": "{name} {value} is after {day}, the day the graph is curated up to: the rows say what was known then, "
                "not what has happened since",
          "ko": "{name} {value}은(는) 정리 기준일 {day} 이후입니다: "
                "결과는 그날까지 알려진 내용이며 그 뒤의 일은 담지 않습니다"}


def curated_up_to(backend) -> str | None:
    """The day the graph on backend (an engine of query/engines.py) is curated up to, or None where it says
    none: an endpoint holding other data, or one that fails this second question (the answer stands without)."""
    try:
        table = backend.select(AS_OF_QUERY, {})
    except RemoteError:
        return None
    days = table.column("day") if "day" in table.columns else []
    return next((day for day in days if day and is_date(day)), None)


def as_of_notes(day: str | None, dates: dict[str, str], lang: str = "en") -> tuple[str, ...]:
    """The notes for an answer from a graph curated up to day (None: the graph does not say), given the dates
    asked about (parameter name -> YYYY-MM-DD): the as-of line, and a caveat for each date after it."""
    if day is None:
        return ()
    lang = lang if lang in _AS_OF else "en"
    notes = [_AS_OF[lang].format(day=day)]
    notes += [_AFTER[lang].format(name=name, value=value, day=day) for name, value in sorted(dates.items())
              if value > day]
    return tuple(notes)


def query_dates(definition: QueryDef, values: dict) -> dict[str, str]:
    """The date parameters' values of a query run (name -> YYYY-MM-DD)."""
    return {p.name: values[p.name].value for p in definition.params if p.type == "date" and p.name in values}
