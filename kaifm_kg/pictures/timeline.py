"""The programme timeline: its stages as bands on a date axis, and one lane per team with what happened to
it (applied, advanced, selected, eliminated, withdrew ...) and when.

Stages come with every date the graph gives them (start, end, result; a planned date for a stage that has
none of those); a lane shows a team's applications and outcomes, a marker per event with its label and
date, and a bar while the team is in the programme (from being selected or added until it is eliminated or
withdraws). Outcome kinds the picture does not know yet are drawn alike and named by their graph label.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from ..errors import InputError
from ..project import Project
from ..query.catalogue import parse_query
from ..query.engines import open_engine, run_query
from .svg import (HALO, MUTED, Box, Legend, Placer, Svg, TimeAxis, When, check_lang, darker, element, parse_when,
                  text_element, text_width, tooltip)

KAIFM = "https://w3id.org/kaifm/ontology#"
APPLIED = KAIFM + "Application"  # what an application is drawn as, beside the outcome concepts

STAGES = parse_query("""#+ param: lang | lang | en | Language of the labels.
SELECT ?lang ?stage ?label ?class ?class_label ?seq ?which ?day ?precision WHERE {
  ?stage a kaifm:Stage ; a ?class ; kaifm:sequence ?seq .
  FILTER(?class IN (kaifm:Call, kaifm:EvaluationRound, kaifm:Milestone))
  VALUES (?p ?which) { (schema:startDate "start") (schema:endDate "end") (kaifm:resultDate "result")
                       (kaifm:plannedDate "planned") }
  ?stage ?p ?day .
  OPTIONAL { ?stage kaifm:hasClaim ?claim . ?claim kaifm:property ?p ; kaifm:value ?day ; kaifm:datePrecision ?claimed }
  OPTIONAL { ?stage kaifm:datePrecision ?recorded }
  OPTIONAL { ?stage rdfs:label ?label . FILTER(LANG(?label) = ?lang) }
  OPTIONAL { ?class rdfs:label ?class_label . FILTER(LANG(?class_label) = ?lang) }
  BIND(COALESCE(?claimed, ?recorded) AS ?precision)
}
ORDER BY ?seq ?stage ?which ?day ?precision""", "pictures/timeline-stages")

EVENTS = parse_query("""#+ param: lang | lang | en | Language of the labels.
SELECT ?lang ?team ?team_label ?stage ?stage_label ?seq ?outcome ?outcome_label ?day ?precision WHERE {
  { ?record kaifm:applicant ?team ; kaifm:appliedTo ?stage ; dcterms:date ?day . BIND(kaifm:Application AS ?outcome) }
  UNION
  { ?record kaifm:team ?team ; kaifm:stageOf ?stage ; kaifm:outcomeKind ?outcome ; dcterms:date ?day . }
  ?team a kaifm:Consortium .
  OPTIONAL { ?stage kaifm:sequence ?seq }
  OPTIONAL { ?record kaifm:datePrecision ?precision }
  OPTIONAL { ?team rdfs:label ?team_label . FILTER(LANG(?team_label) = ?lang) }
  OPTIONAL { ?stage rdfs:label ?stage_label . FILTER(LANG(?stage_label) = ?lang) }
  OPTIONAL { ?outcome rdfs:label ?outcome_label . FILTER(LANG(?outcome_label) = ?lang) }
}
ORDER BY ?team ?day ?seq ?outcome ?precision""", "pictures/timeline-events")

PROGRAMME = parse_query("""#+ param: lang | lang | en | Language of the labels.
SELECT ?lang ?label WHERE { ?p a kaifm:Programme ; rdfs:label ?label . FILTER(LANG(?label) = ?lang) } ORDER BY ?label
""", "pictures/programme")

# outcome (local name) -> (shape, colour, filled); the order is the legend's
STYLES = {"Application": ("circle", "#555555", False), "Advanced": ("circle", "#56B4E9", True),
          "Selected": ("diamond", "#009E73", True), "Added": ("diamond", "#0072B2", True),
          "Pending": ("circle", "#CC79A7", False), "NotSelected": ("square", "#999999", True),
          "Eliminated": ("cross", "#D55E00", True), "Withdrew": ("triangle", "#E69F00", True),
          "Withdrawn": ("triangle", "#E69F00", True), "Declined": ("triangle", "#999999", False)}
OTHER_STYLE = ("circle", "#8C6D1F", True)
IN = {"Selected", "Added"}  # outcomes that put a team in the programme
OUT = {"Eliminated", "Withdrew", "Withdrawn"}  # and that take it out
BAND_COLOURS = {"Call": "#0072B2", "EvaluationRound": "#E69F00", "Milestone": "#CC79A7"}
WORDS = {
    "en": {"title": "timeline", "applied": "applied", "planned": "planned", "in": "in the programme",
           "note": "Stages as bands on a date axis; one lane per team. ~ marks a date known only to the month or year "
                   "(drawn at its start, dashed).", "teams": "teams", "stages": "stages"},
    "ko": {"title": "일정", "applied": "지원", "planned": "예정", "in": "사업 참여 기간",
           "note": "단계는 날짜 축 위의 띠로, 팀마다 한 줄로 나타냅니다. ~ 표시는 월이나 연도까지만 알려진 날짜입니다"
                   "(그 시작에 점선으로 표시).", "teams": "팀", "stages": "단계"},
}

WIDTH = 1400
LANE = 46  # height of a team's lane
CHIP = 10  # font size of the event labels
STAGE_ROW = 30
IN_BAR = {"stroke": "#009E73", "stroke_width": 6, "stroke_opacity": 0.35}  # while a team is in the programme


def local(iri: str | None) -> str:
    """The last part of an IRI: kaifm:Selected -> Selected."""
    return (iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Stage:
    iri: str
    label: str
    kind: str  # Call, EvaluationRound or Milestone
    kind_label: str
    seq: int
    dates: dict  # start / end / result / planned -> When

    @property
    def span(self) -> tuple[When, When]:
        """The first and last date drawn: the stage's own dates, else its planned date."""
        held = [self.dates[w] for w in ("start", "end", "result") if w in self.dates] or [self.dates["planned"]]
        return min(held), max(held)

    @property
    def planned(self) -> bool:
        return not any(w in self.dates for w in ("start", "end", "result"))

    def dates_text(self, words: dict) -> str:
        first, last = self.span
        text = first.text() if first == last else f"{first.text()} – {last.text()}"
        return f"{words['planned']} {text}" if self.planned else text


@dataclass(frozen=True)
class Event:
    team: str
    stage: str
    stage_label: str
    seq: int
    outcome: str  # an outcome concept's IRI, or APPLIED
    label: str
    when: When

    @property
    def kind(self) -> str:
        return local(self.outcome)


def read_stages(project: Project, lang: str, engine) -> list[Stage]:
    """Every stage with at least one date, in the programme's order."""
    found: dict[str, dict] = {}
    rows = run_query(project, STAGES, {"lang": lang}, engine=engine).rows
    # the query binds every column but the labels and the precision
    for iri, label, kind, kind_label, seq, which, day, precision in cast(
            "Sequence[tuple[str, str | None, str, str | None, str, str, str, str | None]]", rows):
        when = parse_when(day, precision)
        if when is None:
            continue
        stage = found.setdefault(iri, {"iri": iri, "label": label or local(iri), "kind": local(kind),
                                       "kind_label": kind_label or local(kind), "seq": int(seq), "dates": {}})
        stage["dates"].setdefault(which, when)  # rows come in a fixed order: the first value of each kind
    return [Stage(**s) for s in sorted(found.values(), key=lambda s: (s["seq"], s["iri"]))]


def read_events(project: Project, lang: str, engine) -> tuple[dict[str, str], dict[str, list[Event]]]:
    """Each team's label, and its applications and outcomes in date order."""
    labels: dict[str, str] = {}
    events: defaultdict[str, list[Event]] = defaultdict(list)
    seen = set()
    rows = run_query(project, EVENTS, {"lang": lang}, engine=engine).rows
    # the query binds the team, stage, outcome and day; the labels, sequence and precision may be missing
    for team, team_label, stage, stage_label, seq, outcome, outcome_label, day, precision in cast(
            "Sequence[tuple[str, str | None, str, str | None, str | None, str, str | None, str, str | None]]", rows):
        when = parse_when(day, precision)
        if when is None or (team, stage, outcome, day) in seen:
            continue
        seen.add((team, stage, outcome, day))
        labels[team] = team_label or local(team)
        label = WORDS[lang]["applied"] if outcome == APPLIED else outcome_label or local(outcome)
        events[team].append(Event(team, stage, stage_label or local(stage), int(seq or 0), outcome, label, when))
    for lane in events.values():
        lane.sort(key=lambda e: (e.when, e.seq, e.outcome))
    return labels, dict(events)


def titled(project: Project, lang: str, engine, what: str) -> str:
    """A picture's title: "programme: what", in lang (what alone when the graph names no programme)."""
    programme = next(iter(run_query(project, PROGRAMME, {"lang": lang}, engine=engine).column("label")), None)
    return f"{programme}: {what}" if programme else what


def reach(lane: list[Event]) -> int:
    """How far a team got: the last stage (in the programme's order) of an outcome other than declining."""
    outcomes = [e.seq for e in lane if e.outcome != APPLIED and e.kind != "Declined"]
    return max(outcomes or [e.seq for e in lane] or [0])


def marker(kind: str, x: float, y: float, approximate: bool = False, r: float = 5.5) -> str:
    """The marker of an outcome kind at (x, y); an approximate date gets a dashed outline."""
    shape, colour, filled = STYLES.get(kind, OTHER_STYLE)
    paint = {"fill": colour if filled else "#ffffff", "stroke": colour, "stroke_width": 1.8,
             "stroke_dasharray": "2 1.5" if approximate else None}
    if shape == "circle":
        return element("circle", cx=x, cy=y, r=r, **paint)
    if shape == "square":
        return element("rect", x=x - r + 0.8, y=y - r + 0.8, width=2 * r - 1.6, height=2 * r - 1.6, **paint)
    if shape == "cross":
        d = r * 0.8
        return element("path", d=f"M{x - d:.1f} {y - d:.1f}L{x + d:.1f} {y + d:.1f}M{x - d:.1f} {y + d:.1f}"
                                 f"L{x + d:.1f} {y - d:.1f}", stroke=colour, stroke_width=3, fill="none")
    if shape == "triangle":
        return element("path", d=f"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y + r * 0.8:.1f}L{x - r:.1f} {y + r * 0.8:.1f}Z",
                       **paint)
    return element("path", d=f"M{x:.1f} {y - r - 1:.1f}L{x + r + 1:.1f} {y:.1f}L{x:.1f} {y + r + 1:.1f}"
                             f"L{x - r - 1:.1f} {y:.1f}Z", **paint)  # diamond


def _chip_moves(x: float, width: float, left: float, right: float):
    """Where an event's label may go: right of its marker, above or below the lane line, pushed right (then
    left) until it is free, never past the picture's edges."""
    for shift in [s for n in range(160) for s in ((n * 4,) if n == 0 else (n * 4, -n * 4))]:
        if left <= x + shift and x + shift + width <= right:
            yield shift, 0
            yield shift, 1


def _draw_stage(svg: Svg, stage: Stage, x0: float, x1: float, box: Box, lanes_top: float, lanes_bottom: float,
                words: dict) -> None:
    """A stage: its bar and label in the header (in box), and its band across the lanes."""
    colour, (first, _) = BAND_COLOURS.get(stage.kind, MUTED), stage.span
    dash = "4 3" if stage.planned or first.approximate else None
    svg.raw(f"<g>{tooltip(f'{stage.label} ({stage.kind_label}): {stage.dates_text(words)}')}"
            + element("rect", x=x0, y=lanes_top, width=max(x1 - x0, 1.5), height=lanes_bottom - lanes_top, fill=colour,
                      fill_opacity=0.10, stroke=colour, stroke_opacity=0.5, stroke_width=1, stroke_dasharray=dash)
            + element("line", x1=x0, y1=box.y + 3, x2=x0, y2=lanes_top, stroke=colour, stroke_opacity=0.5,
                      stroke_dasharray="2 2")
            + element("rect", x=x0, y=box.y, width=max(x1 - x0, 3), height=5, rx=1.5, fill=colour,
                      fill_opacity=0.5 if dash else 0.9, stroke=colour, stroke_dasharray=dash)
            + text_element(box.x, box.y + 16, stage.label, 11, font_weight="bold")
            + text_element(box.x, box.y + 27, stage.dates_text(words), 10, fill=MUTED) + "</g>")


def _draw_lane(svg: Svg, team: str, lane: list[Event], cy: float, axis: TimeAxis, label_width: float) -> str:
    """A team's lane centred at cy: its label, line, bars while in the programme and dated events; returns the
    lane in words."""
    svg.text(label_width - 14, cy + 4, team, 12, text_anchor="end", font_weight="bold")
    xs = [axis.x(e.when.day) for e in lane]
    svg.add("line", x1=min(xs), y1=cy, x2=max(xs), y2=cy, stroke="#b0b0b0", stroke_width=1.5)
    start = None
    for event, x in zip(lane, xs):
        if event.kind in IN and start is None:
            start = x
        elif event.kind in OUT and start is not None:
            svg.add("line", x1=start, y1=cy, x2=x, y2=cy, **IN_BAR)
            start = None
    if start is not None:
        svg.add("line", x1=start, y1=cy, x2=max(xs), y2=cy, **IN_BAR)
    chips = Placer()
    for event, x in zip(lane, xs):
        text = f"{event.label} {event.when.text()}"
        width = text_width(text, CHIP)
        box = chips.place(Box(x - 3, cy - 19, width, 12),
                          ((dx, tier * 25) for dx, tier in _chip_moves(x - 3, width, 12, svg.width - 12)))
        below, colour = box.y > cy, STYLES.get(event.kind, OTHER_STYLE)[1]
        leader = (element("line", x1=x, y1=cy + (5 if below else -5), x2=box.x + 3, y2=box.y + (0 if below else 12),
                          stroke=colour, stroke_width=0.8) if abs(box.x + 3 - x) > 5 else "")
        svg.raw(f"<g>{tooltip(f'{team}: {event.label}, {event.stage_label}, {event.when.text()}')}{leader}"
                f"{marker(event.kind, x, cy, event.when.approximate)}"
                + text_element(box.x, box.y + 10, text, CHIP, fill=darker(colour), **HALO) + "</g>")
    return f"{team}: " + ", ".join(f"{e.label} {e.when.text()} ({e.stage_label})" for e in lane)


def timeline_svg(project: Project, lang: str = "en", engine="oxigraph") -> str:
    """The programme timeline as an SVG document, labelled in lang (en or ko)."""
    words = WORDS[check_lang(lang)]
    backend = open_engine(project, engine) if isinstance(engine, str) else engine
    stages = read_stages(project, lang, backend)
    team_labels, events = read_events(project, lang, backend)
    teams = sorted(events, key=lambda t: (-reach(events[t]), team_labels[t], t))

    label_width = max([text_width(team_labels[t], 12, bold=True) for t in teams] + [80]) + 28
    days = [w.day for s in stages for w in s.span] + [e.when.day for lane in events.values() for e in lane]
    if not days:
        raise InputError("the graph has no dated stage or team event to draw", param="root")
    axis = TimeAxis.around(days, label_width, WIDTH - 30)

    svg = Svg("timeline", WIDTH, 0, titled(project, lang, backend, words["title"]), lang)
    header_top = svg.heading(svg.title, words["note"]) + 16

    # stages: a band for each in the header, packed into rows so that no two labels meet
    placer, placed = Placer(), []
    for stage in stages:
        first, last = stage.span
        x0, x1 = axis.x(first.day), axis.x(last.day)
        width = max(x1 - x0, text_width(stage.label, 11, bold=True) + 4, text_width(stage.dates_text(words), 10) + 4)
        start = min(x0, WIDTH - 12 - width)  # a label that would cross the right edge ends at it
        box = placer.place(Box(start, header_top, width, STAGE_ROW - 4), ((0, row * STAGE_ROW) for row in range(40)))
        placed.append((stage, x0, x1, box))
    lanes_top = max([box.y for *_, box in placed] + [header_top - STAGE_ROW]) + STAGE_ROW + 8
    lanes_bottom = lanes_top + LANE * len(teams)

    for i in range(0, len(teams), 2):
        svg.add("rect", x=10, y=float(lanes_top + i * LANE), width=WIDTH - 20, height=LANE, fill="#f6f6f6")
    axis.draw(svg, header_top - 6, lanes_bottom, lang)
    for stage, x0, x1, box in placed:
        _draw_stage(svg, stage, x0, x1, box, lanes_top, lanes_bottom, words)
    summary = [_draw_lane(svg, team_labels[team], events[team], lanes_top + i * LANE + LANE / 2, axis, label_width)
               for i, team in enumerate(teams)]

    legend = Legend(svg, 20, lanes_bottom + 62)
    kinds = {e.kind: e.label for lane in events.values() for e in lane}
    for kind in [k for k in STYLES if k in kinds] + sorted(k for k in kinds if k not in STYLES):
        legend.entry(lambda x, y, kind=kind: marker(kind, x + 8, y - 4), kinds[kind], 16)
    legend.entry(lambda x, y: element("line", x1=x, y1=y - 4, x2=x + 24, y2=y - 4, **IN_BAR), words["in"])
    for kind, label in {s.kind: s.kind_label for s in stages}.items():
        legend.entry(lambda x, y, kind=kind: element("rect", x=x, y=y - 9, width=12, height=10, fill_opacity=0.5,
                                                     fill=BAND_COLOURS.get(kind, MUTED)), label, 12)
    svg.height = legend.y + 30

    stages_text = "; ".join(f"{s.label} ({s.kind_label}) {s.dates_text(words)}" for s in stages)
    svg.desc = (f"{words['note']} {len(stages)} {words['stages']}: {stages_text}. "
                f"{len(teams)} {words['teams']}: " + "; ".join(summary) + ".")
    return svg.document()
