"""kaifm-kg: the knowledge graph of Korea's Independent AI Foundation Model programme.

The public API is small:

>>> from kaifm_kg import build_graph, find_entity, describe_entity
>>> graph = build_graph()
>>> str(find_entity(graph, "업스테이지"))
'https://w3id.org/kaifm/id/org/upstage'
"""

import importlib

from .errors import InputError, KaifmError, NotFoundError, RemoteError, ViolationError

# Imported on first use, so that `kaifm-kg query` (pyoxigraph only) never pays for importing rdflib,
# nor for importlib.metadata (about 45 ms), which only __version__ needs.
_LAZY = {"build_graph": "build", "load_files": "build", "write_build": "build",
         "describe_entity": "describe", "find_entity": "describe", "graph_stats": "describe",
         "QueryResult": "queries", "list_queries": "queries", "run_query": "engines",
         "ValidationReport": "validate", "validate_graph": "validate",
         "compact_graph": "jsonld", "frame_graph": "jsonld", "named_graphs": "quads",
         "make_release": "release", "diff_graphs": "diff"}

__all__ = [
    "InputError", "KaifmError", "NotFoundError", "RemoteError", "ViolationError", *_LAZY,
]


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import version

        return version("kaifm-kg")
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
