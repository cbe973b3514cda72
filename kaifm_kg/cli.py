"""The `kaifm-kg` command line: argument parsing, one library call per command, messages and exit codes.

Exit codes: 0 success, 1 the check ran and found problems, 2 usage or input error, 3 a remote service failed.
"""

import functools
import sys
from pathlib import Path

import click

from .errors import KaifmError
from .export import EXPORT_FORMATS
from .output import ROW_FORMATS


_ROOT_OPTION = click.option(
    "--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
    help="Project folder whose ontology/ and graph/ to use (default: the shipped data).")


def _load(root: Path | None):
    """The built graph of root's files, or of the shipped data."""
    from .build import build_graph
    from .paths import source_files

    return build_graph(source_files(root) if root else None)


def _handle_errors(func):
    """Turn library errors into a one-line message on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KaifmError as e:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            click.echo(f"kaifm-kg: error: {e}", err=True)
            sys.exit(e.exit_code)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="kaifm-kg")
def cli(debug: bool) -> None:
    """kaifm-kg: the knowledge graph of Korea's Independent AI Foundation Model programme.

    Example: kaifm-kg build --out dist
    """


@cli.command()
@_ROOT_OPTION
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="Folder to write kaifm.ttl, kaifm.nt and kaifm.jsonld into.")
@_handle_errors
def build(root: Path | None, out_dir: Path) -> None:
    """Build the graph (ontology and data) and write it as Turtle, N-Triples and JSON-LD, and the
    N-Triples dump that `kaifm-kg query` loads into the per-user cache. The graph is validated
    first: if it breaks a SHACL shape, the report is printed, nothing is written and the exit
    status is 1.

    Example: kaifm-kg build --out dist
    """
    from .build import write_build
    from .describe import graph_stats
    from .dump import dump_path

    dump = dump_path(root)
    graph = _load(root)
    report = _validation(graph, root)
    if not report.conforms:
        click.echo(report.text)
        raise _violation_error(report, "nothing was written")
    for written in write_build(graph, out_dir, dump=dump):
        click.echo(f"wrote {written.path} ({written.triples} triples)")
    stats = graph_stats(graph)
    click.echo(", ".join(f"{n} {cls}" for cls, n in stats.classes.items() if cls.startswith("kaifm:")))


@cli.command()
@_ROOT_OPTION
@_handle_errors
def stats(root: Path | None) -> None:
    """Print the number of triples and of instances per class.

    Example: kaifm-kg stats
    """
    from .describe import graph_stats

    result = graph_stats(_load(root))
    click.echo(f"triples\t{result.triples}")
    for cls, count in result.classes.items():
        click.echo(f"{cls}\t{count}")


@cli.command()
@_ROOT_OPTION
@click.argument("name")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
              help="Language of the labels shown.")
@_handle_errors
def show(root: Path | None, name: str, lang: str) -> None:
    """Show one entity, found by IRI, prefixed name, English or Korean label or alias, with its sources.

    Example: kaifm-kg show "LG AI Research"   or   kaifm-kg show 업스테이지
    """
    from .describe import describe_entity, find_entity

    graph = _load(root)
    desc = describe_entity(graph, find_entity(graph, name), lang)
    click.echo(" / ".join(desc.labels[k] for k in sorted(desc.labels)) or desc.iri)
    click.echo(f"  IRI:     {desc.iri}")
    click.echo(f"  type:    {', '.join(desc.types)}")
    if desc.aliases:
        click.echo(f"  aliases: {'; '.join(desc.aliases)}")
    for title, facts in (("Facts", [f for f in desc.facts if f.direction == "out"]),
                         ("Referenced by", [f for f in desc.facts if f.direction == "in"]),
                         ("Other claims (not in the truthy view)", desc.other_claims)):
        if facts:
            click.echo(f"{title}:")
        for fact in facts:
            note = f" — {fact.note}" if fact.note else ""
            click.echo(f"  {fact.property}: {fact.value}{note}")
            for source in fact.sources:
                click.echo(f"      source: {source}")
    if desc.sources:
        click.echo("Named in:")
        for source in desc.sources:
            click.echo(f"  {source}")


@cli.command()
@_ROOT_OPTION
@click.argument("name", required=False)
@click.option("--list", "list_only", is_flag=True, help="List the canned queries with their parameters and summaries.")
@click.option("--file", "query_file", type=click.File("r", encoding="utf-8"), default=None,
              help="Run the SPARQL SELECT query in this file instead of a canned one ('-' reads standard input).")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query; repeat for several.")
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True,
              help="How to print the rows.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default=None,
              help="Language of the labels in the rows (the same as --param lang=…; default en).")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="The in-process SPARQL engine.")
@click.option("--endpoint", metavar="URL", default=None,
              help="Run the query on this SPARQL 1.1 endpoint instead, e.g. http://127.0.0.1:7878/query.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for the endpoint.")
@_handle_errors
def query(root, name, list_only, query_file, params, fmt, lang, engine, endpoint, timeout) -> None:
    """Run the canned query NAME, or any SPARQL SELECT query with --file, and print its rows.

    \b
    Examples:
      kaifm-kg query --list
      kaifm-kg query teams-on --param date=2026-01-20
      kaifm-kg query consortium-members -p team="LG AI Research" --lang ko --format md
      kaifm-kg query --file my.rq --endpoint http://127.0.0.1:7878/query
    """
    from .engines import get_query, run_query
    from .output import format_rows
    from .queries import catalogue, parse_assignments, parse_query

    if list_only:
        click.echo(format_rows(catalogue(root, lang or "en"), fmt), nl=False)
        return
    if (name is None) == (query_file is None):
        raise click.UsageError("give either a query NAME or --file (kaifm-kg query --list shows the names)")
    definition = parse_query(query_file.read(), query_file.name) if query_file else get_query(name, root)
    pairs = list(params) + ([f"lang={lang}"] if lang and definition.param("lang") else [])
    result = run_query(definition, parse_assignments(pairs), engine=engine, endpoint=endpoint, root=root,
                       timeout=timeout)
    click.echo(format_rows(result, fmt), nl=False)


@cli.command()
@_ROOT_OPTION
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL: Oxigraph http://HOST:7878/store, "
                   "Fuseki http://HOST:3030/DATASET/data.")
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="Load into this named graph (default: the store's default graph).")
@click.option("--append", is_flag=True, help="Add to the graph (HTTP POST) instead of replacing it (HTTP PUT).")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for the store.")
@_handle_errors
def push(root, endpoint, graph_iri, append, timeout) -> None:
    """Load the built graph into a SPARQL store through the SPARQL 1.1 Graph Store Protocol.

    \b
    Example:
      oxigraph serve --location kaifm-db --bind 127.0.0.1:7878 &
      kaifm-kg push --endpoint http://127.0.0.1:7878/store
      kaifm-kg query timeline --endpoint http://127.0.0.1:7878/query
    """
    from .push import push_graph

    pushed = push_graph(endpoint, graph_iri, replace=not append, root=root, timeout=timeout)
    click.echo(f"{'added' if append else 'loaded'} {pushed.triples} triples into {pushed.url} (HTTP {pushed.status})")


def _validation(graph, root: Path | None):
    """The SHACL validation report of graph against root's shapes (or the shipped ones)."""
    from .validate import load_shapes, validate_graph

    return validate_graph(graph, load_shapes(root))


def _violation_error(report, consequence: str):
    from .errors import ViolationError

    return ViolationError(f"{len(report.results)} SHACL violation(s) found; {consequence}")


@cli.command()
@_ROOT_OPTION
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ttl"]), default="text", show_default=True,
              help="text: one line per problem, grouped by node; json: the same as data; "
                   "ttl: the SHACL validation report graph.")
@_handle_errors
def validate(root: Path | None, files: tuple[Path, ...], fmt: str) -> None:
    """Check the built graph, or FILES built together with the ontology, against the SHACL shapes.

    FILES are Turtle, N-Triples or JSON-LD data files (by extension); they are built with the
    ontology as `build` would (minted IRIs, truthy triples) before validation. Exit status: 0 the
    graph conforms, 1 it has violations (the report is printed), 2 a file cannot be read or parsed.

    \b
    Example:
      kaifm-kg validate
      kaifm-kg validate my-edit.ttl graph/sources.ttl --format json
    """
    from .build import build_graph
    from .paths import ontology_files
    from .validate import format_report

    graph = build_graph(ontology_files(root) + list(files)) if files else _load(root)
    report = _validation(graph, root)
    click.echo(format_report(report, fmt))
    if not report.conforms:
        raise _violation_error(report, "see the report above")


def _write_rows(rows, out: Path | None, fmt: str, table: tuple[str, ...]) -> None:
    """Rows to the review file out (format from its extension), else printed in fmt (a table shows only table)."""
    from .build import write_atomically
    from .links import review_format
    from .output import format_rows
    from .queries import QueryResult

    if out is not None:
        write_atomically(out, format_rows(rows, review_format(out)).encode("utf-8"))
        click.echo(f"wrote {out} ({len(rows.rows)} rows); mark the rows to accept with accept=yes")
        return
    if fmt == "table":
        keep = [rows.vars.index(name) for name in table]
        rows = QueryResult(table, [tuple(row[i] for i in keep) for row in rows.rows])
    click.echo(format_rows(rows, fmt), nl=False)


@cli.command()
@_ROOT_OPTION
@click.option("--endpoint", metavar="URL", default="https://query.wikidata.org/sparql", show_default=True,
              help="Wikidata's SPARQL service, or any SPARQL 1.1 store holding Wikidata-shaped data.")
@click.option("--type", "kind", type=click.Choice(["org", "person", "model", "all"]), default="all", show_default=True,
              help="Which entities to find items for (all also takes the programme).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the rows to this review file instead of printing them (JSON or CSV, by its extension).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="How to print the rows.")
@click.option("--no-cache", is_flag=True, help="Ask the endpoint again instead of reusing answers cached on disk "
                                               "(kept 7 days; --check never reuses them).")
@click.option("--accept", "review", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Turn the rows marked accept=yes in this review file into edits of graph/wikidata.ttl.")
@click.option("--check", is_flag=True, help="Re-verify the graph's Wikidata links: exit 1 if an item is missing, "
                                            "a redirect or relabelled.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for each answer.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Tries again after a 429, a 5xx, a timeout or a refused connection (waiting as the server asks "
                   "in Retry-After, else 1, 2, 4 ... s).")
@_handle_errors
def link(root, endpoint, kind, out, fmt, no_cache, review, check, timeout, retries) -> None:
    """Propose Wikidata items for the entities without a link, each ranked with the reasons for its score;
    write nothing into graph/ until reviewed rows are accepted.

    \b
    Examples:
      kaifm-kg link --type org --out proposals.csv    # then set accept=yes on the right rows
      kaifm-kg link --accept proposals.csv             # adds those links to graph/wikidata.ttl
      kaifm-kg link --check                            # exit 1 if a link is missing, redirected or relabelled
      kaifm-kg link --check --out check.json           # accept its confirm rows to record the check
    """
    import datetime

    from .errors import ViolationError
    from .links import accept, check_rows, proposal_rows, review_format
    from .reconcile import check_links, propose
    from .wikidata import WikidataClient

    if review is not None:
        if check or out is not None:
            raise click.UsageError("--accept takes no --check or --out")
        result = accept(_load(root), review, root)
        if result.added + result.confirmed:
            click.echo(f"wrote {result.path}: {result.added} link(s) added, {result.confirmed} confirmed")
        else:
            click.echo(f"no row of {review} is marked accept=yes; nothing written")
        return
    if out is not None:
        review_format(out)  # a wrong extension fails before any request
    client = WikidataClient(endpoint, timeout=timeout, retries=retries, use_cache=not (no_cache or check))
    graph, today = _load(root), datetime.date.today().isoformat()
    if check:
        results = check_links(graph, client)
        _write_rows(check_rows(results, endpoint, today), out, fmt, ("label", "qid", "status", "detail"))
        failed = [f"{r.subject.label} ({r.subject.qid}: {r.status})" for r in results if r.status != "ok"]
        if failed:
            raise ViolationError(f"{len(failed)} of {len(results)} Wikidata links failed the check: {', '.join(failed)}")
        return
    _write_rows(proposal_rows(propose(graph, client, kind), endpoint, today), out, fmt,
                ("label", "rank", "qid", "item_label", "score", "certainty", "explanation"))


@cli.command()
@_ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="The export format: ttl, nt, xml (RDF/XML), jsonld (compacted with ontology/context.jsonld), "
                   "nq and trig (one named graph per source document), csv (a zip of one table per main class), "
                   "quickstatements (QuickStatements V1 commands for Wikidata editors). Default: guessed from "
                   "--out's extension; required on standard output.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.option("--frame", metavar="NAME", default=None,
              help="JSON-LD only: nested documents from the frame NAME (consortium, model or round).")
@_handle_errors
def export(root, fmt, out, frame) -> None:
    """Export the graph for another system.

    \b
    Examples:
      kaifm-kg export --out kaifm.trig                      # named graphs, one per source
      kaifm-kg export --format jsonld --frame consortium    # nested consortium documents on stdout
      kaifm-kg export --out kaifm-csv.zip                   # CSV tables for spreadsheets
      kaifm-kg export --format quickstatements --out kaifm.qs.tsv   # review, then paste into QuickStatements
    """
    from .build import write_atomically
    from .export import BINARY_FORMATS, guess_format
    from .export import export as render

    if fmt is None:
        if out is None:
            raise click.UsageError("give --format, or --out FILE whose extension names the format")
        fmt = guess_format(out)
    if out is None and fmt in BINARY_FORMATS:
        raise click.UsageError(f"--format {fmt} is a zip file: give --out FILE.zip")
    data = render(_load(root), fmt, frame)
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomically(out, data)
        click.echo(f"wrote {out}")


@cli.command()
@_ROOT_OPTION
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--date", metavar="YYYY-MM-DD", default=None, help="The release date (default: today).")
@click.option("--base-url", metavar="URL", default=None,
              help="Where the files will be published; void.ttl's download URLs start with it "
                   "(default: the file names, relative to void.ttl).")
@click.option("--sparql-endpoint", metavar="URL", default=None,
              help="A SPARQL endpoint that serves this release, named in void.ttl (void:sparqlEndpoint).")
@click.option("--repository", metavar="URL", default=None,
              help="The repository URL written into CITATION.cff (default: https://w3id.org/kaifm).")
@_handle_errors
def release(root, folder, date, base_url, sparql_endpoint, repository) -> None:
    """Build, validate and publish a release of the graph into FOLDER.

    Writes every export format, the ontology (Turtle, RDF/XML, JSON-LD, HTML), the JSON-LD context, the
    shapes and the SHACL report, void.ttl (VoID + DCAT), CITATION.cff, CHANGELOG.md (the change from the
    release already in FOLDER, above the older entries) and SHA256SUMS. The files are written next to
    FOLDER and moved into place only when all are there. Exit status: 0 released; 1 the graph does not
    conform (the report is printed, nothing is written); 2 bad input (FOLDER holds something else than a
    release, a bad date, a malformed data file).

    \b
    Example:
      kaifm-kg release releases/latest --sparql-endpoint http://127.0.0.1:7878/query
      cd releases/latest && sha256sum -c SHA256SUMS
    """
    from .release import make_release

    made = make_release(folder, root, date, base_url, sparql_endpoint, repository)
    click.echo(f"released {made.version} ({made.date}) into {made.folder}: {len(made.files)} files, "
               f"{made.triples} triples")
    if made.changes is None:
        click.echo("first release in this folder (see CHANGELOG.md)")
    else:
        changed = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in made.changes["summary"].items() if n)
        click.echo(f"changes since the previous release: {changed or 'none'} (see CHANGELOG.md)")


@cli.command()
@_ROOT_OPTION
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="md: a report to read, grouped by entity; json: the same as data.")
@_handle_errors
def diff(root, old, new, fmt) -> None:
    """Show what changed from OLD to NEW, by entity, with labels: entities added and removed, facts added,
    removed and changed, claims re-ranked, sources added and removed.

    OLD and NEW are each a release folder (or a `build --out` folder), a project folder with graph/, a dump
    file (.ttl, .nt, .jsonld, .rdf) or a git revision of --root's repository (default: the current folder),
    whose ontology/ and graph/ files are built. NEW defaults to the graph of --root (or the shipped data).
    Exit status: 0 when the comparison ran, whether or not anything changed; 2 bad input.

    \b
    Examples:
      kaifm-kg diff HEAD~1 HEAD --root .         # what the last commit changed
      kaifm-kg diff releases/2026-01 releases/latest --format json
    """
    from .diff import diff_snapshots, format_report

    click.echo(format_report(diff_snapshots(old, new, root), fmt), nl=False)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kaifm-kg")
