"""kaifm-kg: the knowledge graph of Korea's Independent AI Foundation Model programme.

The public API is small:

>>> from kaifm_kg import build_graph, find_entity, describe_entity
>>> graph = build_graph()
>>> str(find_entity(graph, "업스테이지"))
'https://w3id.org/kaifm/id/org/upstage'
"""

from .build import build_graph, load_files, write_build
from .describe import describe_entity, find_entity, graph_stats
from .errors import InputError, KaifmError, NotFoundError, RemoteError, ViolationError

__version__ = "0.1.0"

__all__ = [
    "InputError", "KaifmError", "NotFoundError", "RemoteError", "ViolationError",
    "build_graph", "describe_entity", "find_entity", "graph_stats", "load_files", "write_build",
]
