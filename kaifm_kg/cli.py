"""The `kaifm-kg` command line: argument parsing, one library call per command, messages and exit codes.

Exit codes: 0 success, 1 the check ran and found problems, 2 usage or input error, 3 a remote service failed.
"""

import functools
import sys
from pathlib import Path

import click

from .errors import KaifmError


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
    """Build the graph (ontology and data) and write it as Turtle, N-Triples and JSON-LD.

    Example: kaifm-kg build --out dist
    """
    from .build import write_build
    from .describe import graph_stats

    graph = _load(root)
    for written in write_build(graph, out_dir):
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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kaifm-kg")
