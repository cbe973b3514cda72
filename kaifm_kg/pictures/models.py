"""The models chart: each model's total and active parameters (log scale) against its release date, coloured
by team, from the canned `models` query.

A filled dot is the total, a ring the active parameters (for a mixture of experts), joined by a tick; a
date known only to the month is drawn at the month's start with a dashed outline. A team's model that lacks
a release date or a parameter count is named under the chart; a model of no team is drawn in grey when it
has both.
"""

import math
from dataclasses import dataclass
from typing import cast

from ..project import Project
from ..query.catalogue import parse_query
from ..query.engines import open_engine, run_query
from .svg import (HALO, MUTED, PALETTE, Box, Placer, Svg, TimeAxis, When, check_lang, element, parse_when, text_element,
                  text_width, tooltip)
from .timeline import titled

TEAMS = parse_query("""#+ param: lang | lang | en | Language of the labels.
SELECT ?lang ?team ?label WHERE {
  ?team a kaifm:Consortium . OPTIONAL { ?team rdfs:label ?label . FILTER(LANG(?label) = ?lang) }
}
ORDER BY ?team ?label""", "pictures/models-teams")

OTHER = "#8a8a8a"
WORDS = {
    "en": {"title": "models", "total": "total parameters", "active": "active parameters", "other": "no team",
           "note": "Total (dot) and active (ring) parameters against release date, log scale; a dashed outline marks "
                   "a date known only to the month.", "missing": "Not drawn (no release date or parameter count): ",
           "parameters": "parameters", "released": "released"},
    "ko": {"title": "모델", "total": "전체 파라미터", "active": "활성 파라미터", "other": "팀 없음",
           "note": "공개일에 따른 전체(점)·활성(고리) 파라미터 수, 로그 눈금. "
                   "점선 테두리는 월까지만 알려진 날짜입니다.",
           "missing": "그리지 않은 모델(공개일이나 파라미터 수 없음): ", "parameters": "파라미터", "released": "공개"},
}
WIDTH, LEFT, PLOT_HEIGHT = 1200, 90, 470  # the picture's width, the plot's left edge and height


def amount(n: float, lang: str) -> str:
    """A parameter count for people: 236B, 1.2T (en); 2360억, 1.2조 (ko)."""
    def short(value: float) -> str:
        return f"{value:.1f}".rstrip("0").rstrip(".")

    if lang == "ko":
        return f"{short(n / 1e12)}조" if n >= 1e12 else f"{short(n / 1e8)}억" if n >= 1e8 else f"{short(n / 1e4)}만"
    return f"{short(n / 1e12)}T" if n >= 1e12 else f"{short(n / 1e9)}B" if n >= 1e9 else f"{short(n / 1e6)}M"


@dataclass(frozen=True)
class Model:
    label: str
    team: str | None
    total: float | None
    active: float | None
    released: When | None

    @property
    def drawn(self) -> bool:
        return self.released is not None and self.total is not None


def read_models(project: Project, lang: str, engine) -> list[Model]:
    """One Model per model of the `models` query (its rows repeat a model for each Hugging Face id)."""
    table = run_query(project, "models", {"lang": lang}, engine=engine)
    models = []
    for label, team, total, active, released in table.select(
            ("model", "team", "total_parameters", "active_parameters", "released")).rows:
        model = Model(label or "", team, float(total) if total else None, float(active) if active else None,
                      parse_when(released))
        if model not in models:
            models.append(model)
    return models


def _ticks(low: float, high: float) -> list[float]:
    """The 1-2-5 steps from the largest at or below low to the smallest at or above high."""
    steps = [s * 10.0 ** d for d in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1)
             for s in (1, 2, 5)]
    first = max(v for v in steps if v <= low)
    last = min(v for v in steps if v >= high)
    return [v for v in steps if first <= v <= last]


def _dodge(points: list, gap: float = 6) -> list:
    """Points (x, y, model) in x order, those closer than gap moved right so that their ticks stand apart."""
    placed: list[tuple[float, float, Model]] = []
    for x, y, model in sorted(points, key=lambda p: (p[0], -p[1], p[2].label)):
        placed.append((max(x, placed[-1][0] + gap) if placed else x, y, model))
    return placed


def _label_moves(x: float, width: float):
    """Where a model's label may go: right of its dot, else left, moved up or down until it is free."""
    for step in range(70):
        for dy in (0,) if step == 0 else (step * 3, -step * 3):
            for dx in (0, -width - 18):
                if x + 9 + dx >= LEFT and x + 9 + dx + width <= WIDTH - 12:
                    yield dx, dy


def models_svg(project: Project, lang: str = "en", engine="oxigraph") -> str:
    """The models chart as an SVG document, labelled in lang (en or ko)."""
    words = WORDS[check_lang(lang)]
    backend = open_engine(project, engine) if isinstance(engine, str) else engine
    models = read_models(project, lang, backend)
    shown = [m for m in models if m.drawn]
    missing = [m for m in models if m.team and not m.drawn]
    by_iri = run_query(project, TEAMS, {"lang": lang}, engine=backend).rows
    teams_with_models = {m.team for m in shown}
    # in IRI order: the same colours in any language
    order = [label for _, label in by_iri if label is not None and label in teams_with_models]
    colours = {team: PALETTE[i % len(PALETTE)] for i, team in enumerate(order)}

    svg = Svg("models", WIDTH, 0, titled(project, lang, backend, words["title"]), lang)
    top = svg.heading(svg.title, words["note"]) + 30
    bottom = top + PLOT_HEIGHT
    right = WIDTH - 300
    if shown:  # a model is shown when it has a release date and a total (Model.drawn)
        axis = TimeAxis.around([cast(When, m.released).day for m in shown], LEFT, right, before=1, after=2)
        values = [v for m in shown for v in (m.total, m.active) if v]
        ticks = _ticks(min(values), max(values))
        low, high = math.log10(ticks[0]), math.log10(ticks[-1])

        def y(v: float) -> float:
            return bottom - (math.log10(v) - low) / (high - low) * (bottom - top)

        axis.draw(svg, top, bottom, lang)
        for value in ticks:
            decade = math.log10(value).is_integer()
            svg.add("line", x1=float(LEFT), y1=y(value), x2=float(right), y2=y(value),
                    stroke="#bbbbbb" if decade else "#eeeeee", stroke_width=1)
            svg.text(LEFT - 8, y(value) + 4, amount(value, lang), 11 if decade else 10, text_anchor="end",
                     fill=None if decade else MUTED)
        svg.text(18, (top + bottom) / 2, words["parameters"], 12, fill=MUTED,
                 transform=f"rotate(-90 18 {(top + bottom) / 2:.1f})", text_anchor="middle")

        points = _dodge([(axis.x(cast(When, m.released).day), y(cast(float, m.total)), m) for m in shown])
        legend = Box(right + 24, top - 16, WIDTH - right, 22 * (len(colours) + 1) + 70)
        placer = Placer([legend] + [Box(x - 6, py - 6, 12, 12) for x, py, _ in points]
                        + [Box(x - 6, y(m.active) - 6, 12, 12) for x, _, m in points if m.active])
        for x, py, m in points:
            colour = colours.get(m.team, OTHER)
            dash = "2 1.5" if m.released.approximate else None
            parts = [tooltip(f"{m.label} ({m.team or words['other']}): {words['total']} {amount(m.total, lang)}"
                             + (f", {words['active']} {amount(m.active, lang)}" if m.active else "")
                             + f", {words['released']} {m.released.text()}")]
            if m.active and m.active != m.total:
                parts.append(element("line", x1=x, y1=py, x2=x, y2=y(m.active), stroke=colour, stroke_width=2))
                parts.append(element("circle", cx=x, cy=y(m.active), r=4.5, fill="#ffffff", stroke=colour,
                                     stroke_width=2, stroke_dasharray=dash))
            parts.append(element("circle", cx=x, cy=py, r=6, fill=colour, stroke="#333333" if dash else colour,
                                 stroke_width=1.2, stroke_dasharray=dash))
            text = f"{m.label} {amount(m.total, lang)}" + (f"/{amount(m.active, lang)}" if m.active else "")
            width = text_width(text, 11)
            box = placer.place(Box(x + 9, py - 7, width, 13), _label_moves(x, width))
            if abs(box.y - (py - 7)) > 2 or box.x < x:
                edge = box.x + width if box.x < x else box.x
                parts.append(element("line", x1=x, y1=py, x2=edge, y2=box.y + 7, stroke=colour, stroke_width=0.7))
            parts.append(text_element(box.x, box.y + 10, text, 11, **HALO))
            svg.raw("<g>" + "".join(parts) + "</g>")

    # the legend, right of the plot: teams, then what the marks mean
    lx, ly = right + 30, top + 4
    entries = [(colours[t], t) for t in order] + ([(OTHER, words["other"])] if any(not m.team for m in shown) else [])
    for colour, label in entries:
        svg.add("circle", cx=lx + 6, cy=ly - 4, r=6, fill=colour)
        svg.text(lx + 18, ly, label, 12)
        ly += 22
    ly += 10
    svg.add("circle", cx=lx + 6, cy=ly - 4, r=6, fill="#555555")
    svg.text(lx + 18, ly, words["total"], 12)
    svg.add("line", x1=lx + 6, y1=ly + 2, x2=lx + 6, y2=ly + 18, stroke="#555555", stroke_width=2)
    svg.add("circle", cx=lx + 6, cy=ly + 22, r=4.5, fill="#ffffff", stroke="#555555", stroke_width=2)
    svg.text(lx + 18, ly + 26, words["active"], 12)
    end = svg.paragraph(20, bottom + 66, words["missing"] + ", ".join(f"{m.label} ({m.team})" for m in missing), 12,
                        WIDTH - 40, fill=MUTED) if missing else bottom + 50
    svg.height = max(end, ly + 40) + 10
    svg.desc = f"{words['note']} " + "; ".join(
        f"{m.label} ({m.team or words['other']}): {words['total']} {amount(cast(float, m.total), lang)}"
        + (f", {words['active']} {amount(m.active, lang)}" if m.active else "")
        + f", {words['released']} {cast(When, m.released).text()}"
        for m in shown) + (f". {words['missing']}" + ", ".join(m.label for m in missing) if missing else "") + "."
    return svg.document()
