"""What the pictures share: an SVG document built as text, text measured without fonts, label placement,
dates of any precision on a time axis, and the words of the pictures in English and Korean.

Everything here is deterministic: coordinates are written with one decimal, elements in the order they
are drawn, and nothing depends on the clock, the locale or a hash seed. The documents are self-contained
(system fonts only, no scripts, no remote references) and carry a <title> and <desc> for screen readers.
"""

import datetime
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..errors import InputError, quoted
from ..query.catalogue import LANGUAGES
from ..query.table import display_width

# Fonts found on the reader's system: Latin first, then the common Hangul faces of each platform.
FONTS = ("'DejaVu Sans', 'Noto Sans', 'Noto Sans KR', 'Noto Sans CJK KR', NanumGothic, 'Malgun Gothic', "
         "'Apple SD Gothic Neo', Arial, sans-serif")
INK, MUTED, FAINT = "#222222", "#666666", "#dddddd"
HALO = {"stroke": "#ffffff", "stroke_width": 3, "stroke_linejoin": "round", "paint_order": "stroke"}  # text over lines
# Okabe and Ito's palette, told apart by people with colour-blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F", "#000000")
TIME = "http://www.w3.org/2006/time#"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # not the locale's
_EM_LATIN = 0.58  # the average advance of a Latin letter, digit or space in ems


def check_lang(lang: str) -> str:
    """lang when the graph has labels in it, else InputError."""
    if lang not in LANGUAGES:
        raise InputError(f"{quoted(lang)} is not a language of the graph ({', '.join(LANGUAGES)})", param="lang")
    return lang


def num(value: float) -> str:
    """A coordinate as short, stable text: one decimal at most."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of the width of text set at size (px): a Latin letter takes about 0.58 em, a Hangul syllable
    (or another wide character) one em."""
    wide = display_width(text) - len(text)
    return ((len(text) - wide) * _EM_LATIN + wide) * size * (1.1 if bold else 1)


class Svg:
    """An SVG document written element by element; `document()` wraps them with the title and description, whose
    ids start with name (so that several pictures can stand inline in one HTML page)."""

    def __init__(self, name: str, width: float, height: float, title: str, lang: str):
        self.name, self.width, self.height, self.title, self.desc, self.lang = name, width, height, title, "", lang
        self.parts: list[str] = []

    def add(self, tag: str, content: str | None = None, /, **attrs) -> None:
        """One element: attrs with a trailing underscore lose it (class_), other underscores become dashes."""
        self.parts.append(element(tag, content, **attrs))

    def text(self, x: float, y: float, text: str, size: float = 12, **attrs) -> None:
        self.parts.append(text_element(x, y, text, size, **attrs))

    def raw(self, markup: str) -> None:
        self.parts.append(markup)

    def paragraph(self, x: float, y: float, text: str, size: float, width: float, **attrs) -> float:
        """text from baseline y in lines no wider than width; returns the baseline after the last line."""
        for line in wrap(text, size, width, attrs.get("font_weight") == "bold"):
            self.text(x, y, line, size, **attrs)
            y += size * 1.35
        return y

    def heading(self, title: str, note: str) -> float:
        """The title and a note under it, across the picture; returns where the content may start."""
        y = self.paragraph(20, 32, title, 20, self.width - 40, font_weight="bold")
        return self.paragraph(20, y - 4, note, 12, self.width - 40, fill=MUTED) + 4

    def document(self) -> str:
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(self.width)}" height="{num(self.height)}" '
                f'viewBox="0 0 {num(self.width)} {num(self.height)}" role="img" lang="{self.lang}" '
                f'xml:lang="{self.lang}" aria-labelledby="{self.name}-title {self.name}-desc" '
                f'font-family={quoteattr(FONTS)} fill="{INK}">')
        return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', head,
                          f'<title id="{self.name}-title">{escape(self.title)}</title>',
                          f'<desc id="{self.name}-desc">{escape(self.desc)}</desc>',
                          '<rect width="100%" height="100%" fill="#ffffff"/>', *self.parts, "</svg>"]) + "\n"


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """text broken at spaces into lines no wider than width (a word longer than that stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def element(tag: str, content: str | None = None, /, **attrs) -> str:
    """An element as text; numbers become short coordinates, None values are left out."""
    written = " ".join(f"{name.rstrip('_').replace('_', '-')}={quoteattr(num(v) if isinstance(v, float) else str(v))}"
                       for name, v in attrs.items() if v is not None)
    opening = f"<{tag}{' ' if written else ''}{written}"
    return f"{opening}/>" if content is None else f"{opening}>{content}</{tag}>"


def text_element(x: float, y: float, text: str, size: float = 12, **attrs) -> str:
    """A <text> element holding text (escaped)."""
    return element("text", escape(text), x=x, y=y, font_size=size, **attrs)


def darker(colour: str, by: float = 0.35) -> str:
    """colour (#rrggbb) mixed with black, for text in that colour that reads on white."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * (1 - by)):02x}" for c in (r, g, b))


def tooltip(text: str) -> str:
    """A <title> child: shown on hover, read by screen readers."""
    return f"<title>{escape(text)}</title>"


class Legend:
    """Legend entries, a swatch and a label each, set left to right from (x, y) and wrapped at the picture's edge."""

    def __init__(self, svg: Svg, x: float, y: float):
        self.svg, self.left, self.x, self.y = svg, x, x, y

    def entry(self, swatch, label: str, swatch_width: float = 24) -> None:
        """swatch(x, y) draws the mark (y is the label's baseline)."""
        width = swatch_width + 6 + text_width(label, 12)
        if self.x > self.left and self.x + width > self.svg.width - 20:
            self.newline()
        self.svg.raw(swatch(self.x, self.y))
        self.svg.text(self.x + swatch_width + 6, self.y, label, 12)
        self.x += width + 18

    def newline(self) -> None:
        self.x, self.y = self.left, self.y + 24


# -- placing labels ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: "Box", gap: float = 2) -> bool:
        return (self.x < other.x + other.w + gap and other.x < self.x + self.w + gap
                and self.y < other.y + other.h + gap and other.y < self.y + self.h + gap)

    def moved(self, dx: float, dy: float) -> "Box":
        return Box(self.x + dx, self.y + dy, self.w, self.h)


class Placer:
    """Puts labels where they overlap nothing placed before: the first free move among the candidates."""

    def __init__(self, taken: list[Box] | None = None):
        self.taken = list(taken or [])

    def place(self, box: Box, moves) -> Box:
        """box moved by the first (dx, dy) of moves where it overlaps no placed box (else by the first move)."""
        moves = list(moves)
        chosen = next((box.moved(*m) for m in moves if not any(box.moved(*m).overlaps(t) for t in self.taken)),
                      box.moved(*moves[0]))
        self.taken.append(chosen)
        return chosen


# -- dates of any precision --------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class When:
    """A date as the graph gives it: a day, or only a month or year (then placed at its start, approximate)."""

    day: datetime.date
    precision: str = "day"  # day, month or year

    @property
    def approximate(self) -> bool:
        return self.precision != "day"

    def text(self) -> str:
        """The date as far as it is known: 2026-08-01, ~2026-08 or ~2027."""
        if self.precision == "year":
            return f"~{self.day.year}"
        if self.precision == "month":
            return f"~{self.day.isoformat()[:7]}"
        return self.day.isoformat()


_DATE = re.compile(r"(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?")


def parse_when(text: str | None, precision: str | None = None) -> When | None:
    """A When from a date's text (xsd:date 2025-07-21, xsd:gYearMonth 2025-07 or xsd:gYear 2025, a time zone
    ignored) and, for a full date, the precision the graph records for it (an IRI of time:unitMonth, ...)."""
    match = _DATE.match(text or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        value = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    unit = (precision or "").removeprefix(TIME)
    if day is None or unit in ("unitMonth", "unitYear"):
        known = "year" if month is None or unit == "unitYear" else "month"
        value = value.replace(day=1, month=1) if known == "year" else value.replace(day=1)
        return When(value, known)
    return When(value)


def month_start(day: datetime.date, months: int = 0) -> datetime.date:
    """The first day of day's month, months later (or earlier)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class TimeAxis:
    """A linear scale from whole months to pixels."""

    start: datetime.date
    end: datetime.date
    left: float
    right: float

    @classmethod
    def around(cls, days, left: float, right: float, before: int = 0, after: int = 1) -> "TimeAxis":
        """An axis over whole months from the month of the first day (less before) to after the last day's."""
        days = sorted(days)
        return cls(month_start(days[0], -before), month_start(days[-1], after), left, right)

    def x(self, day: datetime.date) -> float:
        span = (self.end - self.start).days
        return self.left + (day - self.start).days / span * (self.right - self.left)

    def months(self):
        """The first day of every month on the axis (the end excluded)."""
        day = self.start
        while day < self.end:
            yield day
            day = month_start(day, 1)

    def draw(self, svg: Svg, top: float, bottom: float, lang: str) -> None:
        """Grid lines at each month, month names under bottom, and each year under its first month."""
        for day in self.months():
            x = self.x(day)
            january = day.month == 1 or day == self.start
            svg.add("line", x1=x, y1=top, x2=x, y2=bottom + 4, stroke="#bbbbbb" if january else FAINT,
                    stroke_width=1)
            middle = (x + self.x(month_start(day, 1))) / 2
            name = f"{day.month}월" if lang == "ko" else _MONTHS[day.month - 1]
            svg.text(middle, bottom + 16, name, 10, text_anchor="middle", fill=MUTED)
            if january:
                svg.text(x + 2, bottom + 31, f"{day.year}{'년' if lang == 'ko' else ''}", 11, font_weight="bold")
