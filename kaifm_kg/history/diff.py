"""What changed between two versions of the graph, by entity and in words a curator understands.

The triples only in OLD are removed, those only in NEW added. Each is filed under the entity it is
about: an entity's own triples under itself; a claim's under the entity that has it; a membership's
under its consortium; a post's under its person; an outcome's under its team; an application's under
its applicant; a benchmark result's under its model; a score or a money amount under the node that
holds it. A property of one node that lost one value and gained one is *changed*, not removed and
added; a claim's IRI does not depend on its value (build/mint.py), so a corrected claim value is a
change of that claim's kaifm:value. Besides the facts, the report lists the entities
added and removed (an entity with no triple of its own on the other side), the claims whose rank
changed (not repeated among the facts), and the source documents added and removed (their
descriptions are not repeated among the facts either). Every node and value is given with its
label; IRIs are kept alongside for tools.
"""

import json
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..project import Project
from ..rdf.labels import label
from ..rdf.namespaces import KAIFM, ORG, RDF, RDFS, SCHEMA, SKOS
from .snapshot import load_snapshot

_ANCHORS = {KAIFM.ConsortiumMembership: ORG.organization, KAIFM.Position: ORG.member, KAIFM.Outcome: KAIFM.team,
            KAIFM.Application: KAIFM.applicant, KAIFM.BenchmarkResult: KAIFM.benchmarkedModel}
_PARENTS = {KAIFM.Claim: (KAIFM.hasClaim,), KAIFM.Score: (KAIFM.hasScore, KAIFM.averageScore),
            SCHEMA.MonetaryAmount: (KAIFM.amount, KAIFM.totalBudget, KAIFM.gpuSupportBudget,
                                    KAIFM.reportedEquivalent, KAIFM.value)}
_RECORD_TEXT = {KAIFM.ConsortiumMembership: ("membership of {}", ORG.member),
                KAIFM.Position: ("post in {}", ORG.organization),
                KAIFM.Outcome: ("outcome at {}", KAIFM.stageOf),
                KAIFM.Application: ("application to {}", KAIFM.appliedTo),
                KAIFM.BenchmarkResult: ("{} result", KAIFM.benchmark),
                KAIFM.Score: ("score for {}", KAIFM.criterion)}
_WORDS = {RDF.type: "type", RDFS.label: "name", SKOS.altLabel: "alternative name"}  # when the graph has no label


def _property_label(graph: Graph, prop) -> str:
    return label(graph, prop) if (prop, RDFS.label, None) in graph else _WORDS.get(prop, label(graph, prop))


def _types(graph: Graph, node) -> set:
    return set(graph.objects(node, RDF.type))


def anchor(graph: Graph, node, seen: frozenset = frozenset()):
    """The entity node's facts are filed under (see the module's docstring)."""
    types = _types(graph, node)
    for cls, prop in _ANCHORS.items():
        target = graph.value(node, prop) if cls in types else None
        if target is not None:
            return target
    for cls, links in _PARENTS.items():
        parents = sorted({p for link in links for p in graph.subjects(link, node)} - seen - {node}, key=str)
        if cls in types and parents:
            return anchor(graph, parents[0], seen | {node})
    return node


def node_text(graph: Graph, node) -> str:
    """The node in words: its label, a record's kind and what it names, a claim's property and value."""
    types = _types(graph, node)
    if KAIFM.Claim in types:
        prop, value = graph.value(node, KAIFM.property), graph.value(node, KAIFM.value)
        return f"claim: {label(graph, prop)} = {value_text(graph, value)}"
    for cls, (pattern, prop) in _RECORD_TEXT.items():
        if cls in types and graph.value(node, prop) is not None:
            return pattern.format(label(graph, graph.value(node, prop)))
    if SCHEMA.MonetaryAmount in types:
        return f"amount: {graph.value(node, SCHEMA.value)} {graph.value(node, SCHEMA.currency)}"
    return label(graph, node)


def value_text(graph: Graph, value) -> str:
    if isinstance(value, URIRef) and SCHEMA.MonetaryAmount in _types(graph, value):
        return node_text(graph, value)[len("amount: "):]
    return label(graph, value) if value is not None else ""


def _value(graph: Graph, term) -> dict | None:
    """A value for the report: its label, and its IRI or its literal's text, datatype and language."""
    if term is None:
        return None
    found = {"label": value_text(graph, term)}
    if isinstance(term, Literal):
        found["value"] = str(term)
        found.update({k: str(v) for k, v in (("datatype", term.datatype), ("language", term.language)) if v})
    else:
        found["iri"] = str(term)
    return found


def _names(graph: Graph, node) -> dict:
    labels = {l.language: str(l) for l in graph.objects(node, RDFS.label) if isinstance(l, Literal)}
    return {"iri": str(node), "label": labels.get("en") or label(graph, node), "label_ko": labels.get("ko", ""),
            "types": sorted(label(graph, t) for t in _types(graph, node))}


def _term_key(term) -> tuple:
    return (isinstance(term, Literal), term.n3())


def _pair(removed: list, added: list) -> list[tuple]:
    """(old, new) value pairs of one node's property: one for one is a change, anything else adds and removes."""
    if len(removed) == 1 and len(added) == 1:
        return [(removed[0], added[0])]
    return [(o, None) for o in removed] + [(None, n) for n in added]


def diff_graphs(old: Graph, new: Graph, old_name: str = "old", new_name: str = "new") -> dict:
    """The change from old to new as a report (a dict ready for JSON; see format_markdown for reading it)."""
    both = old + new
    before, after = set(old), set(new)
    gone, came = before - after, after - before
    old_subjects, new_subjects = set(old.subjects()), set(new.subjects())
    reranked, sources = _reranks(both, gone, came), {}
    for kind, graph, others in (("sources_added", new, old_subjects), ("sources_removed", old, new_subjects)):
        nodes = sorted((s for s in graph.subjects(RDF.type, KAIFM.SourceDocument) if s not in others), key=str)
        sources[kind] = [{"iri": str(s), "citation": label(graph, s)} for s in nodes]
    skipped = {URIRef(item["iri"]) for items in sources.values() for item in items}
    reranked_claims = {URIRef(r["claim"]) for r in reranked}
    changes: defaultdict[tuple[Node, Node], tuple[list[Node], list[Node]]] = defaultdict(lambda: ([], []))
    for index, triples in ((0, gone), (1, came)):
        for s, p, o in triples:
            if s not in skipped and not (p == KAIFM.rank and s in reranked_claims):
                changes[(s, p)][index].append(o)
    entities = defaultdict(list)
    for (s, p), (removed, added) in changes.items():
        for before, after in _pair(sorted(removed, key=_term_key), sorted(added, key=_term_key)):
            kind = "removed" if after is None else "added" if before is None else "changed"
            entities[anchor(both, s)].append({
                "change": kind, "node": str(s), "node_label": node_text(both, s), "property": str(p),
                "property_label": _property_label(both, p), "old": _value(both, before), "new": _value(both, after)})
    report_entities = []
    for entity in sorted(entities, key=str):
        status = ("added" if entity not in old_subjects else "removed" if entity not in new_subjects else "changed")
        facts = sorted(entities[entity], key=lambda f: (f["node"], f["property"], json.dumps(f, sort_keys=True)))
        report_entities.append({**_names(both, entity), "status": status, "facts": facts})
    return {"old": old_name, "new": new_name, "summary": _summary(report_entities, reranked, sources),
            "entities": report_entities, "claims_reranked": reranked, **sources}


def diff_snapshots(project: Project, old: str, new: str | None = None) -> dict:
    """The report from the graph old names to the one new names (a release or project folder, a dump file or a
    git revision of root's repository: see snapshot.load_snapshot); new defaults to the graph built from root's
    files (or the shipped data)."""
    repository = None if project.shipped else project.root
    after = load_snapshot(new, repository) if new else project.graph()
    label_new = new or ("the shipped graph" if project.shipped else f"the graph in {project.root}")
    return diff_graphs(load_snapshot(old, repository), after, old, label_new)


def _reranks(both: Graph, gone: set, came: set) -> list[dict]:
    before = {s: o for s, p, o in gone if p == KAIFM.rank}
    found = []
    for claim, rank in sorted((s, o) for s, p, o in came if p == KAIFM.rank and s in before):
        entity = anchor(both, claim)
        found.append({"claim": str(claim), "entity": str(entity), "entity_label": label(both, entity),
                      "property": str(both.value(claim, KAIFM.property)),
                      "property_label": _property_label(both, both.value(claim, KAIFM.property)),
                      "value": _value(both, both.value(claim, KAIFM.value)),
                      "old_rank": _value(both, before[claim]), "new_rank": _value(both, rank)})
    return found


def _summary(entities: list, reranked: list, sources: dict) -> dict:
    count = {"entities_added": 0, "entities_removed": 0, "entities_changed": 0,
             "facts_added": 0, "facts_removed": 0, "facts_changed": 0}
    for entity in entities:
        count[f"entities_{entity['status']}"] += 1
        for fact in entity["facts"]:
            count[f"facts_{fact['change']}"] += 1
    return {**count, "claims_reranked": len(reranked),
            **{kind: len(items) for kind, items in sources.items()}}


def _fact_line(fact: dict) -> str:
    old, new = (fact[k]["label"] if fact[k] else "" for k in ("old", "new"))
    text = {"added": new, "removed": old, "changed": f"{old} → {new}"}[fact["change"]]
    return f"{fact['change']}: {fact['property_label']}: {text}"


def _entity_title(entity: dict) -> str:
    names = " / ".join(n for n in (entity["label"], entity["label_ko"]) if n)
    return f"{names} ({', '.join(entity['types'])})" if entity["types"] else names


def format_markdown(report: dict, level: int = 1) -> str:
    """The report as Markdown, its title a heading of level (sections one level below)."""
    h1, h2, h3 = ("#" * n for n in (level, level + 1, level + 2))
    s = report["summary"]
    lines = [f"{h1} Changes from {report['old']} to {report['new']}", ""]
    if not any(s.values()):
        return "\n".join(lines + ["No changes.", ""])
    lines += [f"Entities: {s['entities_added']} added, {s['entities_removed']} removed, {s['entities_changed']} "
              f"changed. Facts: {s['facts_added']} added, {s['facts_removed']} removed, {s['facts_changed']} "
              f"changed. Claims re-ranked: {s['claims_reranked']}. Sources: {s['sources_added']} added, "
              f"{s['sources_removed']} removed.", ""]
    for status in ("added", "removed"):
        chosen = [e for e in report["entities"] if e["status"] == status]
        if chosen:
            lines += [f"{h2} Entities {status}", ""] + [f"- {_entity_title(e)} — {e['iri']}" for e in chosen] + [""]
    if report["entities"]:
        lines += [f"{h2} Facts by entity", ""]
    for entity in report["entities"]:
        lines += [f"{h3} {_entity_title(entity)}", "", f"{entity['iri']} ({entity['status']})", ""]
        by_node = defaultdict(list)
        for fact in entity["facts"]:
            by_node[fact["node"]].append(fact)
        for node, facts in sorted(by_node.items(), key=lambda item: (item[0] != entity["iri"], item[0])):
            if node == entity["iri"]:
                lines += [f"- {_fact_line(f)}" for f in facts]
            else:
                lines += [f"- {facts[0]['node_label']} ({node}):"] + [f"  - {_fact_line(f)}" for f in facts]
        lines.append("")
    if report["claims_reranked"]:
        lines += [f"{h2} Claims re-ranked", ""]
        lines += [f"- {r['entity_label']}: {r['property_label']} = {r['value']['label']}: "
                  f"{r['old_rank']['label']} → {r['new_rank']['label']}" for r in report["claims_reranked"]] + [""]
    for kind, title in (("sources_added", "Sources added"), ("sources_removed", "Sources removed")):
        if report[kind]:
            lines += [f"{h2} {title}", ""] + [f"- {x['citation']} — {x['iri']}" for x in report[kind]] + [""]
    return "\n".join(lines)


def format_report(report: dict, fmt: str = "md") -> str:
    """The report as Markdown (md) or JSON (json)."""
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return format_markdown(report)
