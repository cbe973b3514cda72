"""Tables of text: what a SELECT query, a catalogue or a review file gives, and the one place they are
written out (an aligned table, CSV, JSON or a Markdown table)."""

import functools
import io
import unicodedata
from dataclasses import dataclass

from ..errors import InputError, quoted

ROW_FORMATS = ("table", "csv", "json", "md")


@dataclass(frozen=True)
class Table:
    """Rows of text under named columns; a cell is None when it has no value (an unbound variable)."""

    columns: tuple[str, ...]
    rows: list[tuple[str | None, ...]]

    def column(self, name: str) -> list[str | None]:
        """The cells of one column, in row order."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def select(self, names) -> "Table":
        """A table of only the named columns, in that order."""
        keep = [self.columns.index(name) for name in names]
        return Table(tuple(names), [tuple(row[i] for i in keep) for row in self.rows])


@functools.lru_cache(maxsize=4096)  # a table measures each cell twice
def _width(text: str) -> int:
    """Columns text takes in a terminal: Hangul and other wide characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cells(result: Table) -> list[list[str]]:
    return [["" if value is None else value for value in row] for row in result.rows]


def _table(result: Table) -> str:
    rows = [[" ".join(cell.split()) for cell in row] for row in _cells(result)]
    widths = [max([_width(name)] + [_width(row[i]) for row in rows]) for i, name in enumerate(result.columns)]

    def line(cells):
        return "  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths)).rstrip()

    out = [line(result.columns), line(["-" * w for w in widths])] + [line(row) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


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
    return "\n".join(out) + "\n"


def format_rows(result: Table, fmt: str = "table") -> str:
    """result as text in fmt (table, csv, json, md); unbound values are empty (null in JSON)."""
    writers = {"table": _table, "csv": _csv, "json": _json, "md": _md}
    if fmt not in writers:
        raise InputError(f"unknown row format {quoted(fmt)} (choose from {', '.join(ROW_FORMATS)})", param="format")
    return writers[fmt](result)
