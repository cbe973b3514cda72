"""The `kaifm-kg` command line: argument parsing, one library call per command, and printing.

Errors are turned into messages and exit codes in one place (`_Cli.invoke`): a library error gives its
own code (1 problems found, 2 bad input, 3 a remote service failed) with its parameter named as the flag
the user typed; an OSError gives 2 with the path; anything else is a bug: code 70 and "rerun with
--debug" (which shows every traceback).
"""

import os
import sys
from pathlib import Path

import click

from .errors import EXIT_INTERNAL, KaifmError, ViolationError, first_line, shortened
from .export import EXPORT_FORMATS
from .query.table import ROW_FORMATS

EXIT_CODES = {0: "success; the graph conforms", 1: "the check ran and found problems (e.g. SHACL violations)",
              2: "usage or input error: a bad file (named with its line), parameter, name or unwritable path",
              3: "a remote service (a SPARQL endpoint or graph store) failed",
              EXIT_INTERNAL: "an internal error (a bug): rerun with --debug and report the traceback"}


def _flag(ctx: click.Context, param: str) -> str:
    """The command-line spelling of a library parameter name: --format, NAME, --param date."""
    if param.startswith("params"):
        return "--param" + param[len("params"):].replace(".", " ")
    for option in ctx.command.params:
        if isinstance(option, click.Option) and f"--{param.replace('_', '-')}" in option.opts:
            return f"--{param.replace('_', '-')}"
        if isinstance(option, click.Argument) and option.name == param:
            return param.upper()
    return param


def _message(ctx: click.Context, error: BaseException) -> tuple[str, int]:
    """The one-line message and exit code for an error a command raised."""
    if isinstance(error, ViolationError) and error.report:
        click.echo(error.report)
    if isinstance(error, KaifmError):
        where = f"{_flag(ctx, error.param)}: " if error.param else ""
        return where + error.message, error.exit_code
    if isinstance(error, OSError):
        path = error.filename or ""
        return f"{path}{': ' if path else ''}{error.strerror or first_line(error)}", 2
    return (f"internal error: {type(error).__name__}: {first_line(error)} "
            "(rerun with --debug for the traceback, and please report it)"), EXIT_INTERNAL


class _Cli(click.Group):
    """The command group, with the one place where errors become messages and exit codes."""

    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.exceptions.ClickException as error:  # a bad option of the group itself
            error.message = shortened(error.message)  # type: ignore[misc]  # click's stubs say Final; it is not
            raise

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.exceptions.ClickException as error:  # a usage error: click's message, cut short
            error.message = shortened(error.message)  # type: ignore[misc]  # click's stubs say Final; it is not
            raise
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush cannot fail
            ctx.exit(141)  # 128 + SIGPIPE, what a shell reports for a tool the pipe killed
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            command = ctx.invoked_subcommand and self.get_command(ctx, ctx.invoked_subcommand)
            sub = click.Context(command, parent=ctx) if command else ctx
            message, code = _message(sub, error)
            click.echo(f"kaifm-kg: error: {shortened(message)}", err=True)
            ctx.exit(code)


_ROOT_OPTION = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Project folder whose ontology/, graph/ and queries/ to use (default: the shipped data).")
_NO_VALIDATE = click.option("--no-validate", is_flag=True,
                            help="Skip the SHACL check (by default a graph that breaks the shapes is refused, exit 1).")


def _project(root: Path | None):
    from .project import Project

    return Project.open(root)


def _valid_project(root: Path | None, no_validate: bool):
    """The project, its graph checked against the shapes unless told not to."""
    project = _project(root)
    if not no_validate:
        project.check("refused (--no-validate to go on)")
    return project


def _timeout(value: float) -> float:
    from .remote.sparql import check_timeout

    return check_timeout(value)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="kaifm-kg")
def cli(debug: bool) -> None:
    """kaifm-kg: the knowledge graph of Korea's Independent AI Foundation Model programme.

    Exit codes: 0 success, 1 problems found, 2 bad input, 3 a remote service failed, 70 a bug.

    Example: kaifm-kg build --out dist
    """


@cli.command()
@_ROOT_OPTION
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="Folder to write kaifm.ttl, kaifm.nt and kaifm.jsonld into.")
def build(root: Path | None, out: Path) -> None:
    """Build the graph (ontology and data), check it against the SHACL shapes, and write it as Turtle,
    N-Triples and JSON-LD (plus the dump `kaifm-kg query` loads, in the per-user cache). A graph that
    breaks a shape is refused: the report is printed, nothing is written, exit status 1.

    Example: kaifm-kg build --out dist
    """
    from .export import write_build
    from .query.describe import graph_stats

    project = _project(root)
    project.check("nothing was written")
    for written in write_build(project, out):
        click.echo(f"wrote {written.path} ({written.triples} triples)")
    click.echo(f"wrote {out / 'SHA256SUMS'} (to check the folder: cd {out} && sha256sum -c SHA256SUMS)")
    stats = graph_stats(project.graph())
    click.echo(", ".join(f"{n} {cls}" for cls, n in stats.classes.items() if cls.startswith("kaifm:")))


@cli.command()
@_ROOT_OPTION
def stats(root: Path | None) -> None:
    """Print the number of triples and of instances per class.

    Example: kaifm-kg stats
    """
    from .query.describe import graph_stats

    result = graph_stats(_project(root).graph())
    if result.as_of:
        click.echo(f"as of\t{result.as_of}")
    click.echo(f"triples\t{result.triples}")
    for cls, count in result.classes.items():
        click.echo(f"{cls}\t{count}")


@cli.command()
@_ROOT_OPTION
@click.argument("name")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
              help="Language of the labels shown.")
def show(root: Path | None, name: str, lang: str) -> None:
    """Show one entity, found by IRI, prefixed name, English or Korean label or alias, with its sources.
    A name several things carry is refused with the candidates (give an IRI or prefixed name).

    Example: kaifm-kg show "LG AI Research"   or   kaifm-kg show 업스테이지
    """
    from .query.describe import describe_entity, render_description
    from .rdf.labels import find_entity

    graph = _project(root).graph()
    click.echo(render_description(describe_entity(graph, find_entity(graph, name), lang)), nl=False)


def _read_query_file(handle) -> tuple[str, str]:
    """The text of a --file (a file or standard input) and its name, for messages."""
    from .files import utf8_text

    name = getattr(handle, "name", "<stdin>")
    return utf8_text(handle.read(), name), name


@cli.command()
@_ROOT_OPTION
@click.argument("name", required=False)
@click.option("--list", "list_only", is_flag=True, help="List the canned queries with their parameters and summaries.")
@click.option("--file", "query_file", type=click.File("rb"), default=None,
              help="Run the SPARQL SELECT query in this file instead of a canned one ('-' reads standard input); "
                   "the project's prefixes (kaifm:, schema:, org:, ...) are declared for it.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query; repeat for several.")
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True,
              help="How to print the rows.")
@click.option("--wide", is_flag=True, help="table: print every cell whole instead of fitting the terminal's width.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default=None,
              help="Language of the labels in the rows (the same as --param lang=…; default en).")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="The in-process SPARQL engine.")
@click.option("--endpoint", metavar="URL", default=None,
              help="Run the query on this SPARQL 1.1 endpoint instead, e.g. http://127.0.0.1:7878/query.")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Seconds the endpoint has for the whole answer.")
@_NO_VALIDATE
def query(root, name, list_only, query_file, params, fmt, wide, lang, engine, endpoint, timeout, no_validate) -> None:
    """Run the canned query NAME, or any SPARQL SELECT query with --file, and print its rows.

    A table shows the sources as numbered references listed under it, and fits the terminal (long cells
    cut with …; --wide prints them whole).

    \b
    Examples:
      kaifm-kg query --list
      kaifm-kg query teams-on --param date=2026-01-20
      kaifm-kg query consortium-members -p team="LG AI Research" --lang ko --format md
      kaifm-kg query --file my.rq --endpoint http://127.0.0.1:7878/query
    """
    from .query.catalogue import catalogue, parse_assignments, parse_query
    from .query.engines import get_query, run_query
    from .query.table import format_rows, terminal_width

    width = None if wide else terminal_width()
    if list_only:
        click.echo(format_rows(catalogue(_project(root), lang or "en"), fmt, width), nl=False)
        return
    if (name is None) == (query_file is None):
        raise click.UsageError("give either a query NAME or --file (kaifm-kg query --list shows the names)")
    timeout = _timeout(timeout)
    project = _project(root) if endpoint else _valid_project(root, no_validate)
    definition = parse_query(*_read_query_file(query_file)) if query_file else get_query(project, name)
    pairs = list(params) + ([f"lang={lang}"] if lang and definition.param("lang") else [])
    table = run_query(project, definition, parse_assignments(pairs), engine=engine, endpoint=endpoint,
                      timeout=timeout)
    click.echo(format_rows(table, fmt, width), nl=False)
    if fmt in ("csv", "json"):  # the rows alone on standard output
        for note in table.notes:
            click.echo(note, err=True)


@cli.command()
@_ROOT_OPTION
@click.argument("name", metavar="timeline|network|models")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
              help="Language of the labels.")
@click.option("--team", metavar="NAME", default=None,
              help="network only: one team's view (a consortium or its lead organisation, by label or IRI).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SVG file to write (default: standard output).")
@_NO_VALIDATE
def picture(root, name, lang, team, out, no_validate) -> None:
    """Draw a picture of the graph as SVG: the programme timeline (stages and each team's lane), the
    consortium network (laid out by Graphviz, which must be installed) or the models chart (parameters
    against release date).

    \b
    Examples:
      kaifm-kg picture timeline --lang ko --out timeline.svg
      kaifm-kg picture network --team "LG AI Research" --out lg.svg
      kaifm-kg picture models > models.svg
    """
    from .files import write_atomically
    from .pictures import check_name, draw

    check_name(name)  # before the graph is checked
    text = draw(_valid_project(root, no_validate), name, lang, team)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomically(out, text.encode("utf-8"))
        click.echo(f"wrote {out}")


@cli.command()
@_ROOT_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Serve an on-disk Oxigraph store, opened read-only (an empty or new folder is first loaded "
                   "with the built graph); several servers can share one. Default: the graph in memory.")
@click.option("--timeout", type=float, default=5.0, show_default=True,
              help="Seconds a query may run; past it the query is stopped and its client gets HTTP 504.")
@click.option("--max-rows", type=click.IntRange(1), default=10000, show_default=True,
              help="Most rows (or triples) a SPARQL answer may hold; a larger one is refused (HTTP 400).")
@click.option("--allow-service", is_flag=True, help="Let /sparql queries call other endpoints with SERVICE "
                                                    "(refused by default, so the server is not a proxy).")
@click.option("--workers", type=click.IntRange(1, 64), default=6, show_default=True,
              help="Worker processes that run queries (each holds the data). More than the cores, so that quick "
                   "queries find a worker while slow ones, demoted to the lowest CPU priority, run to the limit.")
@_NO_VALIDATE
def serve(root, host, port, store, timeout, max_rows, allow_service, workers, no_validate) -> None:
    """Serve the graph over HTTP: a read-only SPARQL 1.1 endpoint (/sparql), the canned queries as an API
    (/api/queries, described by /api/openapi.json), a page for every IRI (/id/..., /ontology) in HTML, Turtle,
    JSON-LD, N-Triples or RDF/XML by Accept, and a query page (/query).

    \b
    Examples:
      kaifm-kg serve                                   # http://127.0.0.1:8000/
      kaifm-kg serve --store /srv/kaifm-db --port 8001 --workers 4
    """
    from .serve.app import Settings, run
    from .serve.workers import Source, prepare_store

    timeout = _timeout(timeout)
    project = _valid_project(root, no_validate)
    source = prepare_store(store, project.dump()) if store else Source(dump=project.dump())
    run(Settings(project, source, timeout, max_rows, allow_service, workers), host, port)


@cli.command()
@_ROOT_OPTION
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL: Oxigraph http://HOST:7878/store, "
                   "Fuseki http://HOST:3030/DATASET/data.")
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="Load into this named graph (default: the store's default graph).")
@click.option("--append", is_flag=True, help="Add to the graph (HTTP POST) instead of replacing it (HTTP PUT).")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="Seconds the store has for the whole request.")
@_NO_VALIDATE
def push(root, endpoint, graph_iri, append, timeout, no_validate) -> None:
    """Load the built graph into a SPARQL store through the SPARQL 1.1 Graph Store Protocol.

    \b
    Example:
      oxigraph serve --location kaifm-db --bind 127.0.0.1:7878 &
      kaifm-kg push --endpoint http://127.0.0.1:7878/store
      kaifm-kg query timeline --endpoint http://127.0.0.1:7878/query
    """
    from .remote.push import graph_url, push_graph

    timeout = _timeout(timeout)
    graph_url(endpoint, graph_iri)  # a bad URL or IRI fails before the graph is built
    pushed = push_graph(_valid_project(root, no_validate), endpoint, graph_iri, replace=not append,
                        timeout=timeout)
    click.echo(f"{'added' if append else 'loaded'} {pushed.triples} triples into {pushed.url} (HTTP {pushed.status})")


@cli.command()
@_ROOT_OPTION
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ttl"]), default="text", show_default=True,
              help="text: one line per problem, grouped by node; json: the same as data; "
                   "ttl: the SHACL validation report graph.")
@click.option("--engine", type=click.Choice(["pyshacl", "pyrudof"]), default="pyshacl", show_default=True,
              help="The SHACL processor: pySHACL, or rudof (faster on a large graph; the rudof extra). "
                   "Both give the same verdict and focus nodes.")
def validate(root: Path | None, files: tuple[Path, ...], fmt: str, engine: str) -> None:
    """Check the built graph, or FILES built together with the ontology, against the SHACL shapes.

    FILES are Turtle, N-Triples or JSON-LD data files (by extension); they are built with the
    ontology as `build` would (minted IRIs, truthy triples) before validation. Exit status: 0 the
    graph conforms, 1 it has violations (the report is printed), 2 a file cannot be read or parsed.

    \b
    Example:
      kaifm-kg validate
      kaifm-kg validate my-edit.ttl graph/sources.ttl --format json
    """
    from .build.validate import format_report

    project = _project(root)
    if files:
        project = project.with_data_files(files)
    report = project.validation(engine)
    click.echo(format_report(report, fmt))
    if not report.conforms:
        raise ViolationError(f"{len(report.violations)} SHACL violation(s) found; see the report above")


def _write_rows(rows, out: Path | None, fmt: str, table: tuple[str, ...]) -> None:
    """Rows to the review file out (format from its extension), else printed in fmt (a table shows only table)."""
    from .files import write_atomically
    from .query.table import format_rows
    from .remote.links import review_format

    if out is not None:
        write_atomically(out, format_rows(rows, review_format(out)).encode("utf-8"))
        click.echo(f"wrote {out} ({len(rows.rows)} rows); mark the rows to accept with accept=yes")
        return
    click.echo(format_rows(rows.select(table) if fmt == "table" else rows, fmt), nl=False)


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
              help="Turn the rows marked accept=yes in this review file into edits of graph/wikidata.ttl "
                   "(needs --root: the installed package's data is read-only).")
@click.option("--check", is_flag=True, help="Re-verify the graph's Wikidata links: exit 1 if an item is missing, "
                                            "a redirect or relabelled.")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Seconds each request has for the whole answer.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Tries again after a 429, a 5xx, a timeout or a refused connection (waiting as the server asks "
                   "in Retry-After, else 1, 2, 4 ... s); a silent endpoint costs (retries + 1) × timeout plus the "
                   "waits per request.")
def link(root, endpoint, kind, out, fmt, no_cache, review, check, timeout, retries) -> None:
    """Propose Wikidata items for the entities without a link, each ranked with the reasons for its score;
    write nothing into graph/ until reviewed rows are accepted.

    \b
    Examples:
      kaifm-kg link --type org --out proposals.csv    # then set accept=yes on the right rows
      kaifm-kg link --accept proposals.csv --root .    # adds those links to ./graph/wikidata.ttl
      kaifm-kg link --check                            # exit 1 if a link is missing, redirected or relabelled
      kaifm-kg link --check --out check.json           # accept its confirm rows to record the check
    """
    import datetime

    from .remote.links import accept, check_project_links, propose_links, review_format
    from .remote.wikidata import WikidataClient

    project = _project(root)
    if review is not None:
        if check or out is not None:
            raise click.UsageError("--accept takes no --check or --out")
        result = accept(project, review)
        if result.added + result.confirmed:
            click.echo(f"wrote {result.path}: {result.added} link(s) added, {result.confirmed} confirmed")
        else:
            click.echo(f"no row of {review} is marked accept=yes; nothing written")
        return
    if out is not None:
        review_format(out)  # a wrong extension fails before any request
    client = WikidataClient(endpoint, timeout=_timeout(timeout), retries=retries, use_cache=not (no_cache or check))
    today = datetime.date.today().isoformat()
    if check:
        checked = check_project_links(project, client, today)
        _write_rows(checked.rows, out, fmt, ("label", "qid", "status", "detail"))
        if checked.failed:
            raise ViolationError(f"{len(checked.failed)} of {len(checked.rows.rows)} Wikidata links failed the "
                                 f"check: {', '.join(checked.failed)}")
        return
    _write_rows(propose_links(project, client, kind, today), out, fmt,
                ("label", "rank", "qid", "item_label", "score", "certainty", "explanation"))


@cli.command()
@_ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="The export format: ttl, nt, xml (RDF/XML), jsonld (compacted with ontology/context.jsonld), "
                   "nq and trig (one named graph per source document), csv (a zip of one table per main class), "
                   "quickstatements (QuickStatements V1 commands for Wikidata editors), epoch (every model in the "
                   "columns of Epoch AI's Notable AI Models CSV). Default: guessed from "
                   "--out's extension; required on standard output.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.option("--frame", metavar="NAME", default=None,
              help="JSON-LD only: nested documents from the frame NAME (consortium, model or round).")
@_NO_VALIDATE
def export(root, fmt, out, frame, no_validate) -> None:
    """Export the graph for another system.

    \b
    Examples:
      kaifm-kg export --out kaifm.trig                      # named graphs, one per source
      kaifm-kg export --format jsonld --frame consortium    # nested consortium documents on stdout
      kaifm-kg export --out kaifm-csv.zip                   # CSV tables for spreadsheets
      kaifm-kg export --format quickstatements --out kaifm.qs.tsv   # review, then paste into QuickStatements
      kaifm-kg export --format epoch --out kaifm-models.csv          # beside Epoch AI's Notable AI Models
    """
    from .export import EXPORTS, guess_format, render
    from .files import write_atomically

    if fmt is None:
        if out is None:
            raise click.UsageError("give --format, or --out FILE whose extension names the format")
        fmt = guess_format(out)
    if out is None and EXPORTS[fmt].binary:
        raise click.UsageError(f"--format {fmt} is a zip file: give --out FILE.zip")
    data = render(_valid_project(root, no_validate), fmt, frame)
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
    from .export.release import make_release

    made = make_release(_project(root), folder, date, base_url, sparql_endpoint, repository)
    click.echo(f"released data {made.version} ({made.date}, made with kaifm-kg {made.code_version}) into "
               f"{made.folder}: {len(made.files)} files, {made.triples} triples")
    if made.changes is None:
        click.echo("first release in this folder (see CHANGELOG.md)")
    else:
        changed = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in made.changes["summary"].items() if n)
        click.echo(f"changes since the previous release: {changed or 'none'} (see CHANGELOG.md)")


@cli.command()
@_ROOT_OPTION
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--date", metavar="YYYY-MM-DD", default=None,
              help="The day the home page's \"who is still in\" looks at, and the release date (default: today).")
def site(root, folder, date) -> None:
    """Write the graph's pages as a static site into FOLDER: the home page, a page for every IRI in English and
    Korean, the query gallery (each canned query with its rows, as CSV and JSON too), the ontology's
    documentation and the release files for download. Every link is relative, so the site works from any web
    host and from file://. It is written next to FOLDER and swapped in when complete. Exit status: 0 written;
    1 the graph does not conform (nothing is written); 2 bad input (FOLDER holds something else).

    \b
    Example:
      kaifm-kg site public && python -m http.server -d public 8080
    """
    from .serve.site import build_site

    made = build_site(_project(root), folder, date)
    click.echo(f"wrote {made.folder}: {made.pages} pages, {made.files} files")


@cli.command()
@_ROOT_OPTION
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="md: a report to read, grouped by entity; json: the same as data.")
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
    from .history.diff import diff_snapshots, format_report

    click.echo(format_report(diff_snapshots(_project(root), old, new), fmt), nl=False)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kaifm-kg")
