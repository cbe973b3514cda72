"""kaifm-kg: the knowledge graph of Korea's Independent AI Foundation Model programme.

The public API is small:

>>> from kaifm_kg import Project, find_entity, describe_entity, run_query
>>> project = Project.open()                 # the shipped data; Project.open("path/to/checkout") for yours
>>> graph = project.graph()                  # the built rdflib graph, cached
>>> str(find_entity(graph, "업스테이지"))
'https://w3id.org/kaifm/id/org/upstage'
"""

import importlib

from .errors import InputError, KaifmError, NotFoundError, RemoteError, ViolationError

# Imported on first use, so that `kaifm-kg query` (pyoxigraph only) never pays for importing rdflib,
# nor for importlib.metadata (about 45 ms), which only __version__ needs.
_LAZY = {"Project": "project", "Table": "query.table", "run_query": "query.engines", "list_queries": "query.catalogue",
         "describe_entity": "query.describe", "graph_stats": "query.describe", "find_entity": "rdf.labels",
         "ValidationReport": "build.validate", "validate_graph": "build.validate", "render": "export",
         "make_release": "export.release", "diff_graphs": "history.diff"}

__all__ = ["InputError", "KaifmError", "NotFoundError", "RemoteError", "ViolationError", *_LAZY]


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import version

        return version("kaifm-kg")
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
