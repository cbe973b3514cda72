"""Every model in the column layout of Epoch AI's Notable AI Models CSV, so analysts can set them beside it.

The columns are those of Epoch AI's bulk download (https://epoch.ai/data/notable-ai-models, documented at
https://epoch.ai/data/notable-ai-models-documentation), in their order. A cell holds what the graph states
(the truthy, best-ranked value) and is empty where the graph does not know, never a guess:

- Model: the English label; Organization: the developers' English labels; Publication date: the release
  date as precisely as known (2026-07-31, 2026-07 or 2026); Link: the technical report, else the Hugging
  Face repository; Parameters: the total count, with the active count in Parameters notes;
  Training dataset size (datapoints): the training tokens (so noted in Dataset size notes);
  Base model: the model whose weights it reuses; Domain: Language for a text-only model, Multimodal for
  several modalities, else the modality's name.
- Model accessibility: "Open weights (unrestricted)" for a model on Hugging Face under Apache-2.0 or MIT;
  empty for any other licence (the graph does not classify custom licences) or none.
- Training compute, hardware, cost, country and the rest: empty — the graph records none of them.
"""

import csv
import io

from rdflib import Graph, URIRef

from ..build.claims import best_claims
from ..rdf.labels import display_date, label
from ..rdf.namespaces import KAIFM, RDF, SCHEMA

COLUMNS = ("Model", "Domain", "Task", "Organization", "Authors", "Publication date", "Reference", "Link",
           "Citations", "Notability criteria", "Notability criteria notes", "Parameters", "Parameters notes",
           "Training compute (FLOP)", "Training compute notes", "Training dataset", "Training dataset notes",
           "Training dataset size (datapoints)", "Dataset size notes", "Batch size", "Batch size notes", "Epochs",
           "Training hardware", "Hardware quantity", "Abstract", "Model accessibility", "Hardware utilization",
           "Confidence", "Base model", "Finetune compute (FLOP)", "Finetune compute notes",
           "Training code accessibility", "Accessibility notes", "Training compute cost (2023 USD)",
           "Training compute estimation method", "Country (of organization)")
UNRESTRICTED = {"Apache-2.0", "MIT"}  # SPDX ids of the licences that make open weights unrestricted
_DOMAINS = {KAIFM.TextModality: "Language", KAIFM.ImageModality: "Vision", KAIFM.AudioModality: "Speech",
            KAIFM.VideoModality: "Video", KAIFM.ActionModality: "Robotics"}


def _truthy(graph: Graph, best: dict, model, prop) -> list:
    """The best-ranked values of prop on model, sorted."""
    return sorted(graph.value(claim, KAIFM.value) for claim in best.get((model, prop), []))


def _spdx_id(licence) -> str | None:
    text = str(licence)
    for base in ("https://spdx.org/licenses/", "http://spdx.org/licenses/"):
        if text.startswith(base):
            return text[len(base):].removesuffix(".html")
    return None


def _row(graph: Graph, best: dict, model) -> dict[str, str]:
    def values(prop):
        return _truthy(graph, best, model, prop)

    def first(prop) -> str:
        found = values(prop)
        return str(found[0]) if found else ""

    row = dict.fromkeys(COLUMNS, "")
    modalities = values(KAIFM.modality)
    active, tokens = first(KAIFM.activeParameters), first(KAIFM.trainingTokens)
    hugging_face, report = first(KAIFM.huggingFaceId), first(KAIFM.technicalReport)
    licences = {_spdx_id(licence) for licence in values(SCHEMA.license)}
    row.update({
        "Model": label(graph, model, "en"),
        "Domain": ("Multimodal" if len(modalities) > 1 else _DOMAINS.get(modalities[0], label(graph, modalities[0]))
                   if modalities else ""),
        "Organization": ", ".join(label(graph, org, "en") for org in values(KAIFM.developedBy)),
        "Publication date": next((display_date(graph, claim, KAIFM.value) or ""
                                  for claim in sorted(best.get((model, SCHEMA.datePublished), []))), ""),
        "Link": report or (f"https://huggingface.co/{hugging_face}" if hugging_face else ""),
        "Parameters": first(KAIFM.totalParameters),
        "Parameters notes": f"{active} active parameters per token (mixture of experts)" if active else "",
        "Training dataset size (datapoints)": tokens,
        "Dataset size notes": "tokens" if tokens else "",
        "Model accessibility": ("Open weights (unrestricted)"
                                if hugging_face and licences and licences <= UNRESTRICTED else ""),
        "Base model": ", ".join(label(graph, base, "en") for base in values(KAIFM.reusesWeightsFrom)),
    })
    return row


def render(graph: Graph) -> bytes:
    """The models as Epoch AI's CSV: UTF-8, a header row, one row per model sorted by name, CRLF line ends."""
    best = best_claims(graph)
    models = sorted((m for m in set(graph.subjects(RDF.type, KAIFM.Model)) if isinstance(m, URIRef)),
                    key=lambda m: (label(graph, m, "en").casefold(), str(m)))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(_row(graph, best, model) for model in models)
    return buffer.getvalue().encode("utf-8")
