"""Tables of text: what a SELECT query, a catalogue or a review file gives, and the one place they are
written out (an aligned table, CSV, JSON or a Markdown table).

The aligned table is for people at a terminal: the citations of a column that holds them (`sources`,
`source`, `*_sources`) are shown as numbered references, [1], [2] …, listed under the table, and given
a width the table fits it, the widest cells cut with an ellipsis (Hangul takes two columns). CSV, JSON
and Markdown keep every cell whole.
"""

import functools
import io
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import InputError, quoted

ROW_FORMATS = ("table", "csv", "json", "md")
CITATION_SEPARATOR = "; "  # how the canned queries join the citations of a cell (GROUP_CONCAT)
_CITATION_END = re.compile(r"\b\d{4}(-\d\d){0,2}( \S+)?$")  # a citation ends "date where" (build/citations.py)
_GAP = "  "
_NARROWEST = 6  # columns a cut column keeps at least


@dataclass(frozen=True)
class Table:
    """Rows of text under named columns; a cell is None when it has no value (an unbound variable). notes say
    what the rows hold as of when (query/asof.py): an aligned table and Markdown print them under the rows, CSV
    and JSON leave them out (the CLI writes them to standard error)."""

    columns: tuple[str, ...]
    rows: Sequence[tuple[str | None, ...]]
    notes: tuple[str, ...] = field(default=(), compare=False)  # two tables of the same rows are equal

    def column(self, name: str) -> list[str | None]:
        """The cells of one column, in row order."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def select(self, names) -> "Table":
        """A table of only the named columns, in that order."""
        keep = [self.columns.index(name) for name in names]
        return Table(tuple(names), [tuple(row[i] for i in keep) for row in self.rows], self.notes)


@functools.lru_cache(maxsize=4096)  # a table measures each cell twice
def display_width(text: str) -> int:
    """Columns text takes in a terminal: Hangul and other wide characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def terminal_width() -> int | None:
    """The width of the terminal standard output shows in ($COLUMNS when set), or None when it is no terminal."""
    if os.environ.get("COLUMNS") or sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def is_citation_column(name: str) -> bool:
    """Whether a column holds citations (the canned queries name them source, sources or *_sources)."""
    return name in ("source", "sources") or name.endswith("_sources")


def split_citations(cell: str) -> list[str]:
    """The citations of a cell, split where the queries joined them (a title's own "; " stays inside)."""
    citations, pending = [], ""
    for piece in cell.split(CITATION_SEPARATOR):
        pending = f"{pending}{CITATION_SEPARATOR}{piece}" if pending else piece
        if _CITATION_END.search(pending):
            citations.append(pending)
            pending = ""
    return citations + ([pending] if pending else [])


def _reference(numbers: list[int]) -> str:
    """Reference numbers as one short mark: [1-3,7]."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return "[" + ",".join(str(a) if a == b else f"{a}{'-' if b > a + 1 else ','}{b}" for a, b in runs) + "]"


def _cut(text: str, width: int) -> str:
    """text cut to width columns, an ellipsis marking the cut."""
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for ch in text:
        used += display_width(ch)
        if used > width - 1:
            break
        kept.append(ch)
    return "".join(kept) + "…"


def _fit(natural: list[int], fixed: list[bool], width: int) -> list[int]:
    """Column widths that fit width: the cuttable columns wider than a common cap are cut to it."""
    room = width - len(_GAP) * (len(natural) - 1) - sum(w for w, f in zip(natural, fixed) if f)
    free = [w for w, f in zip(natural, fixed) if not f]
    if sum(free) <= room:
        return natural
    cap = max((c for c in range(_NARROWEST, max(free) + 1) if sum(min(w, c) for w in free) <= room),
              default=_NARROWEST)
    widths = [w if f else min(w, cap) for w, f in zip(natural, fixed)]
    spare = room - sum(w for w, f in zip(widths, fixed) if not f)
    for i, w in enumerate(natural):  # columns left of the others get the columns left over
        extra = max(0, min(spare, w - widths[i]))
        widths[i] += extra
        spare -= extra
    return widths


def _table(result: Table, width: int | None = None) -> str:
    cited = [is_citation_column(name) for name in result.columns]
    numbers: dict[str, int] = {}
    rows = []
    for row in _cells(result):
        rows.append([_reference([numbers.setdefault(c, len(numbers) + 1) for c in split_citations(cell)])
                     if is_cited and cell else " ".join(cell.split()) for cell, is_cited in zip(row, cited)])
    natural = [max([display_width(name)] + [display_width(row[i]) for row in rows])
               for i, name in enumerate(result.columns)]
    widths = natural if width is None else _fit(natural, cited, width)

    def line(cells):
        cells = [_cut(cell, w) for cell, w in zip(cells, widths)]
        return _GAP.join(cell + " " * (w - display_width(cell)) for cell, w in zip(cells, widths)).rstrip()

    out = [line(result.columns), line(["-" * w for w in widths])] + [line(row) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    out += list(result.notes)
    if numbers:
        out += [""] + [f"[{n}] {citation}" for citation, n in numbers.items()]
    return "\n".join(out) + "\n"


def _cells(result: Table) -> list[list[str]]:
    return [["" if value is None else value for value in row] for row in result.rows]


def _csv(result: Table) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows(_cells(result))
    return buffer.getvalue()


def _json(result: Table) -> str:
    import json

    rows = [dict(zip(result.columns, row)) for row in result.rows]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def _md(result: Table) -> str:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")

    out = ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in _cells(result)]
    out += [""] + [f"*{cell(note)}*" for note in result.notes] if result.notes else []
    return "\n".join(out) + "\n"


def format_rows(result: Table, fmt: str = "table", width: int | None = None) -> str:
    """result as text in fmt (table, csv, json, md); unbound values are empty (null in JSON). A table cites its
    sources by number, listed under it, and fits width columns when width is given (other formats ignore it)."""
    if fmt not in ROW_FORMATS:
        raise InputError(f"unknown row format {quoted(fmt)} (choose from {', '.join(ROW_FORMATS)})", param="format")
    if fmt == "table":
        return _table(result, width)
    return {"csv": _csv, "json": _json, "md": _md}[fmt](result)
