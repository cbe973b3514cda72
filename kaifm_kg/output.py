"""Rows as text: an aligned table, CSV, JSON or a Markdown table; the one place row formats are written."""

import functools
import io
import unicodedata

from .errors import InputError
from .queries import QueryResult

ROW_FORMATS = ("table", "csv", "json", "md")


@functools.lru_cache(maxsize=4096)  # a table measures each cell twice
def _width(text: str) -> int:
    """Columns text takes in a terminal: Hangul and other wide characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cells(result: QueryResult) -> list[list[str]]:
    return [["" if value is None else value for value in row] for row in result.rows]


def _table(result: QueryResult) -> str:
    rows = [[" ".join(cell.split()) for cell in row] for row in _cells(result)]
    widths = [max([_width(name)] + [_width(row[i]) for row in rows]) for i, name in enumerate(result.vars)]

    def line(cells):
        return "  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths)).rstrip()

    out = [line(result.vars), line(["-" * w for w in widths])] + [line(row) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _csv(result: QueryResult) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.vars)
    writer.writerows(_cells(result))
    return buffer.getvalue()


def _json(result: QueryResult) -> str:
    import json

    rows = [dict(zip(result.vars, row)) for row in result.rows]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def _md(result: QueryResult) -> str:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")

    out = ["| " + " | ".join(result.vars) + " |", "|" + "---|" * len(result.vars)]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in _cells(result)]
    return "\n".join(out) + "\n"


def format_rows(result: QueryResult, fmt: str = "table") -> str:
    """result as text in fmt (table, csv, json, md); unbound values are empty (null in JSON)."""
    writers = {"table": _table, "csv": _csv, "json": _json, "md": _md}
    if fmt not in writers:
        raise InputError(f"--format: unknown row format {fmt!r} (choose from {', '.join(ROW_FORMATS)})")
    return writers[fmt](result)
