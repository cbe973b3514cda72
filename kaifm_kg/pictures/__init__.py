"""Pictures of the graph, drawn by the program as SVG documents: the programme timeline, the consortium
network (Graphviz lays it out) and the models chart.

Each is a function of a Project and a language (en or ko) that returns the SVG text, the same bytes for
the same graph; `draw` picks one by name. The data comes through the query engines (canned queries, or
the pictures' own SELECT queries run by `run_query`), so an engine opened once can serve all three.

>>> from kaifm_kg import Project
>>> from kaifm_kg.pictures import draw
>>> draw(Project.open(), "timeline", "ko").startswith("<?xml")
True
"""

from ..errors import InputError, NotFoundError, quoted
from ..project import Project

PICTURES = ("timeline", "network", "models")


def check_name(name: str) -> str:
    """name when it names a picture, else NotFoundError."""
    if name not in PICTURES:
        raise NotFoundError(f"no picture is called {quoted(name)} (choose from {', '.join(PICTURES)})", param="name")
    return name


def draw(project: Project, name: str, lang: str = "en", team: str | None = None, engine="oxigraph") -> str:
    """The picture called name as SVG text, labelled in lang; team (a consortium or its lead, by label or
    IRI) narrows the network to that team's view."""
    if check_name(name) != "network" and team is not None:
        raise InputError(f"only the network picture is drawn for one team, not the {name}", param="team")
    if name == "timeline":
        from .timeline import timeline_svg

        return timeline_svg(project, lang, engine)
    if name == "network":
        from .network import network_svg

        return network_svg(project, lang, team, engine)
    from .models import models_svg

    return models_svg(project, lang, engine)
