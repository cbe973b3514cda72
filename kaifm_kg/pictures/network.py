"""The consortium network: every team and its member organisations, laid out by Graphviz, so that the
organisations in several consortia (the universities above all) stand out; or one team's view, its members
and the other teams they also belong to.

Teams are boxes coloured by how far they are in the programme; organisations are ellipses coloured by their
kind, drawn larger and labelled with a count when they are in more than one consortium; an edge's style is
the member's role, grey when the membership has ended. Graphviz (`neato`, stress majorisation from a fixed
start) places the nodes; its SVG is cleaned of comments and set inside a document with title and legend.
"""

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from ..errors import InputError, NotFoundError, quoted
from ..project import Project
from ..query.catalogue import Label, parse_query
from ..query.engines import open_engine, resolve_name, run_query
from ..rdf.names import iri_of
from .svg import FONTS, Legend, Svg, check_lang, element
from .timeline import APPLIED, local, read_events, titled

MEMBERS = parse_query("""#+ param: lang | lang | en | Language of the labels.
SELECT ?lang ?team ?team_label ?org ?org_label ?role ?role_label ?kind ?kind_label ?until WHERE {
  ?m a kaifm:ConsortiumMembership ; org:organization ?team ; org:member ?org ; org:role ?role .
  ?team a kaifm:Consortium .
  OPTIONAL { ?m schema:endDate ?until }
  OPTIONAL { ?org kaifm:organisationKind ?kind }
  OPTIONAL { ?team rdfs:label ?team_label . FILTER(LANG(?team_label) = ?lang) }
  OPTIONAL { ?org rdfs:label ?org_label . FILTER(LANG(?org_label) = ?lang) }
  OPTIONAL { ?role rdfs:label ?role_label . FILTER(LANG(?role_label) = ?lang) }
  OPTIONAL { ?kind rdfs:label ?kind_label . FILTER(LANG(?kind_label) = ?lang) }
}
ORDER BY ?team ?org ?role ?kind ?until""", "pictures/network-members")

LEADS = parse_query("""SELECT ?team ?lead WHERE { ?team a kaifm:Consortium ; kaifm:leadOrganisation ?lead }
ORDER BY ?team ?lead""", "pictures/network-leads")

KIND_COLOURS = {"University": "#F0E442", "ResearchInstitute": "#9fd3f0", "Company": "#ffffff",
                "PublicAgency": "#d9c7e8", "GovernmentBody": "#d9c7e8", "NonProfit": "#f3c6dc",
                "MediaOrganisation": "#e0e0e0"}  # the order is the legend's
OTHER_KIND = "#f2f2f2"
ROLE_STYLES = {"LeadRole": ("solid", 3.2), "ParentCompanyRole": ("solid", 2.0), "MemberRole": ("solid", 1.1),
               "ResearchPartnerRole": ("dashed", 1.3), "SupportingPartnerRole": ("dotted", 1.6)}
STATUS_COLOURS = {"in": "#bfe8d5", "out": "#f7cbb3", "not": "#e4e4e4"}
WORDS = {
    "en": {"title": "consortium network", "of": "network of the {team}", "consortia": "{n} consortia",
           "ended": "membership ended",
           "in": "team still in the programme", "out": "team eliminated or withdrew", "not": "team not selected",
           "note": "Teams (boxes) and their member organisations (ellipses, coloured by kind); an organisation in "
                   "several consortia is drawn larger with the number. Laid out by Graphviz.",
           "desc": "{teams} teams and {orgs} organisations; in several consortia: {shared}."},
    "ko": {"title": "컨소시엄 네트워크", "of": "{team} 네트워크", "consortia": "컨소시엄 {n}곳", "ended": "참여 종료",
           "in": "사업에 남은 팀", "out": "탈락 또는 철회한 팀", "not": "선정되지 않은 팀",
           "note": "팀(상자)과 참여 기관(타원, 색은 기관 유형). 여러 컨소시엄에 참여한 기관은 크게, 참여 수와 함께 "
                   "그렸습니다. 배치는 Graphviz.",
           "desc": "팀 {teams}개, 기관 {orgs}곳; 여러 컨소시엄에 참여한 기관: {shared}."},
}
_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"


@dataclass(frozen=True)
class Membership:
    team: str
    org: str
    role: str
    ended: bool


def team_status(lane) -> str:
    """in, out or not: the team's last outcome (declining a later call aside)."""
    decisive = [e.kind for e in lane if e.outcome != APPLIED and e.kind != "Declined"]
    last = decisive[-1] if decisive else ""
    return {"Eliminated": "out", "Withdrew": "out", "Withdrawn": "out", "NotSelected": "not", "": "not"}.get(last, "in")


def find_team(backend, name: str, leads: dict[str, str]) -> str:
    """The team name gives: a consortium, or the organisation that leads one, by IRI or label."""
    if not name.strip():
        raise InputError("give a team's label or IRI", param="team")
    node = iri_of(name) or resolve_name(backend, Label(name.strip()), "team").value
    found = [team for team, lead in sorted(leads.items()) if node in (team, lead)]
    if not found:
        raise NotFoundError(f"{quoted(name)} is neither a consortium nor the lead organisation of one", param="team")
    return found[0]


def _layout(nodes: list[tuple[str, dict]], edges: list[tuple[str, str, dict]], notes: dict[str, str]) -> ET.Element:
    """The laid-out graph as Graphviz's SVG element: comments dropped, text in the pictures' fonts, and each
    node's and edge's <title> (Graphviz writes its id there) replaced by its note, and no ids."""
    import graphviz

    graph = graphviz.Graph(engine="neato", graph_attr={
        "overlap": "prism", "overlap_scaling": "-4", "splines": "true", "sep": "+6", "start": "7", "mode": "major",
        "outputorder": "edgesfirst", "pad": "0.2", "bgcolor": "transparent"},
        node_attr={"fontname": "DejaVu Sans", "fontsize": "11", "style": "filled", "margin": "0.06,0.03"},
        edge_attr={"color": "#7a7a7a"})
    for name, attrs in nodes:
        graph.node(name, **attrs)
    for a, b, attrs in edges:
        graph.edge(a, b, **attrs)
    try:
        data = graph.pipe(format="svg")
    except graphviz.ExecutableNotFound as e:
        raise InputError("Graphviz is not installed: the network picture needs its `neato` program "
                         "(Debian: apt-get install graphviz)") from e
    root = ET.fromstring(data)  # the default parser drops comments (the generator's version among them)
    for text in root.iter(f"{{{_SVG}}}text"):
        if "Bold" in text.get("font-family", ""):
            text.set("font-weight", "bold")
        text.set("font-family", FONTS)
    for title in root.iter(f"{{{_SVG}}}title"):
        title.text = notes.get(title.text or "", "")
    for node in root.iter():  # Graphviz's ids (graph0, node1 ...) would clash beside another drawing
        node.attrib.pop("id", None)
    return root


def network_svg(project: Project, lang: str = "en", team: str | None = None, engine="oxigraph") -> str:
    """The consortium network as an SVG document labelled in lang; with team (a label or IRI of a consortium
    or of its lead organisation) only that team, its members and the other teams they belong to."""
    words = WORDS[check_lang(lang)]
    backend = open_engine(project, engine) if isinstance(engine, str) else engine
    # the queries bind the team, organisation, role and lead; the rest may be missing
    rows = cast("Sequence[tuple[str, str | None, str, str | None, str, str | None, str | None, str | None, "
                "str | None]]", run_query(project, MEMBERS, {"lang": lang}, engine=backend).rows)
    leads = dict(cast("Sequence[tuple[str, str]]", run_query(project, LEADS, engine=backend).rows))
    team_labels, events = read_events(project, lang, backend)
    labels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    kind_labels: dict[str, str] = {}
    role_labels: dict[str, str] = {}
    memberships: list[Membership] = []
    for t, t_label, org, org_label, role, role_label, kind, kind_label, until in rows:
        labels[t], labels[org] = t_label or local(t), org_label or local(org)
        kinds.setdefault(org, local(kind))
        kind_labels.setdefault(local(kind), kind_label or local(kind))
        role_labels.setdefault(local(role), role_label or local(role))
        membership = Membership(t, org, local(role), until is not None)
        if membership not in memberships:
            memberships.append(membership)
    for t in leads:
        labels.setdefault(t, team_labels.get(t, local(t)))

    chosen = find_team(backend, team, leads) if team is not None else None
    if chosen is not None:
        members = {m.org for m in memberships if m.team == chosen}
        memberships = [m for m in memberships if m.org in members]
    teams_of = defaultdict(set)
    for m in memberships:
        teams_of[m.org].add(m.team)
    teams = sorted({m.team for m in memberships} | ({chosen} if chosen else set(leads)))
    orgs = sorted(teams_of)

    ids = {node: f"{'t' if node in teams else 'o'}{i}" for i, node in enumerate(teams + orgs)}
    notes = {ids[n]: f"{labels[n]} <{n}>" for n in teams + orgs}
    nodes = []
    for t in teams:
        status = team_status(events.get(t, []))
        nodes.append((ids[t], {"label": labels[t], "shape": "box", "style": "rounded,filled",
                               "fillcolor": STATUS_COLOURS[status],
                               "fontsize": "13" if t == chosen else "12", "penwidth": "2.5" if t == chosen else "1.4",
                               "fontname": "DejaVu Sans Bold"}))
    for org in orgs:
        n = len(teams_of[org])
        label = labels[org] + (f"\n{words['consortia'].format(n=n)}" if n > 1 else "")
        nodes.append((ids[org], {"label": label, "shape": "ellipse",
                                 "fillcolor": KIND_COLOURS.get(kinds[org], OTHER_KIND),
                                 "fontsize": "13" if n > 1 else "10", "penwidth": "2.6" if n > 1 else "0.8",
                                 "fontname": "DejaVu Sans Bold" if n > 1 else "DejaVu Sans"}))
    edges = []
    for m in memberships:
        style, width = ROLE_STYLES.get(m.role, ("solid", 1.0))
        notes[f"{ids[m.team]}--{ids[m.org]}"] = f"{labels[m.team]} – {labels[m.org]}: {role_labels[m.role]}"
        lead = m.role == "LeadRole"
        edges.append((ids[m.team], ids[m.org], {"style": style, "penwidth": str(width), "len": "1.3" if lead else "1.9",
                                                "color": "#bbbbbb" if m.ended else ("#333333" if lead else "#7a7a7a")}))
    drawing = _layout(nodes, edges, notes)
    view = drawing.get("viewBox", "0 0 800 600").split()
    graph_w, graph_h = float(view[2]), float(view[3])

    # the document: heading, the drawing at scale 1, and the legend under it
    title = titled(project, lang, backend, words["of"].format(team=labels[chosen]) if chosen else words["title"])
    svg = Svg("network", max(graph_w + 40, 1000), 0, title, lang)
    top = svg.heading(title, words["note"])
    legend_top = top + graph_h + 20
    for attr in ("width", "height"):
        drawing.attrib.pop(attr, None)
    drawing.set("x", "20")
    drawing.set("y", f"{top:.0f}")
    drawing.set("width", f"{graph_w:.0f}")
    drawing.set("height", f"{graph_h:.0f}")
    ET.register_namespace("", _SVG)
    ET.register_namespace("xlink", _XLINK)
    svg.raw(ET.tostring(drawing, encoding="unicode"))

    legend = Legend(svg, 20, legend_top + 10)
    for key in ("in", "out", "not"):
        legend.entry(lambda x, y, key=key: element("rect", x=x, y=y - 11, width=22, height=14, rx=4,
                                                   fill=STATUS_COLOURS[key], stroke="#333333"), words[key])
    legend.newline()
    present = {kinds[o] for o in orgs}
    for kind in [k for k in KIND_COLOURS if k in present] + sorted(present - set(KIND_COLOURS)):
        legend.entry(lambda x, y, kind=kind: element("ellipse", cx=x + 11, cy=y - 4, rx=11, ry=7, stroke="#333333",
                                                     fill=KIND_COLOURS.get(kind, OTHER_KIND)), kind_labels[kind])
    legend.newline()
    roles = {m.role for m in memberships}
    for role in [r for r in ROLE_STYLES if r in roles] + sorted(roles - set(ROLE_STYLES)):
        style, stroke = ROLE_STYLES.get(role, ("solid", 1.0))
        dash = {"dashed": "6 4", "dotted": "1.5 3"}.get(style)
        legend.entry(lambda x, y, stroke=stroke, dash=dash: element(
            "line", x1=x, y1=y - 4, x2=x + 30, y2=y - 4, stroke="#333333", stroke_width=stroke, stroke_dasharray=dash),
            role_labels[role], 30)
    if any(m.ended for m in memberships):
        legend.entry(lambda x, y: element("line", x1=x, y1=y - 4, x2=x + 30, y2=y - 4, stroke="#bbbbbb",
                                          stroke_width=1.5), words["ended"], 30)
    svg.height = legend.y + 30

    shared = [f"{labels[o]} ({len(teams_of[o])})" for o in sorted(orgs, key=lambda o: (-len(teams_of[o]), labels[o]))
              if len(teams_of[o]) > 1]
    member_lists = "; ".join(f"{labels[t]}: " + ", ".join(sorted(labels[m.org] for m in memberships if m.team == t))
                             for t in teams)
    counts = words["desc"].format(teams=len(teams), orgs=len(orgs), shared=", ".join(shared) or "-")
    svg.desc = f"{words['note']} {counts} {member_lists}."
    return svg.document()
