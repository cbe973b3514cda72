"""`kaifm-kg site DIR`: the server's pages as static files that work from any web host and from file://.

The site holds the home page, a page for every IRI under https://w3id.org/kaifm/id/ (id/PATH.html, and
id/PATH.ko.html in Korean), the ontology's documentation (ontology.html), the query gallery (queries/NAME.html
with each canned query's rows, and the rows as .csv and .json) and the release files for download
(download/: every dump, the ontology, void.ttl, SHA256SUMS; export/release.py). Every link is relative.
The query page needs a server and is left out. Like a release, the site is written into a new folder next to
DIR and swapped in only when complete.
"""

import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..export.release import make_release
from ..files import folder_lock, recover_folder, replace_folder
from ..project import Project
from ..query.catalogue import list_queries
from ..query.engines import open_engine, run_query
from ..query.table import format_rows
from ..rdf.prefixes import ID
from .pages import LANGUAGES, Links, Pages

MARKER = ".kaifm-site"  # names a folder as a site this command wrote (so it may replace it)


@dataclass(frozen=True)
class Site:
    """What `site` wrote: where, how many files and pages."""

    folder: Path
    files: int
    pages: int


def _links(path: str, lang: str) -> Links:
    """The links of the page at path (e.g. "id/org/upstage"): relative to its folder."""
    return Links(root="../" * path.count("/"), site=True, lang=lang)


def _page_name(path: str, lang: str) -> str:
    return Links(root="", site=True, lang=lang).page(path)


def _check(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: exists and is not a folder", param="folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise InputError(f"{target}: not empty and holds no site written by kaifm-kg site; give a new or empty "
                         "folder, or the folder of a previous site", param="folder")


def _release_files(project: Project, date: str) -> dict[str, bytes]:
    """The files of a release, made in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="kaifm-kg-site-") as tmp:
        folder = Path(tmp) / "release"
        make_release(project, folder, date)
        return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def build_site(project: Project, target: Path, date: str | None = None) -> Site:
    """Write the static site of project into target (see the module's docstring); ViolationError (nothing
    written) when the graph does not conform to the shapes."""
    target, date = Path(target), date or datetime.date.today().isoformat()
    _check(target)
    project.check("no site was written")
    pages, engine = Pages(project, project.graph()), open_engine(project)
    definitions = [d for d in list_queries(project) if not d.federated]
    files: dict[str, bytes] = {MARKER: b"written by kaifm-kg site\n"}
    count = 0
    for lang in LANGUAGES:
        teams = run_query(project, "teams-on", {"date": date, "lang": lang}, engine=engine)
        timeline = run_query(project, "timeline", {"lang": lang}, engine=engine)
        files[_page_name("", lang)] = pages.home(_links("", lang), date, teams, timeline).encode("utf-8")
        files[_page_name("queries/index", lang)] = pages.gallery(_links("queries/index", lang),
                                                                 definitions).encode("utf-8")
        for definition in definitions:
            path = f"queries/{definition.name}"
            values = pages.example_values(definition, lang)
            table = run_query(project, definition, values, engine=engine)
            suffix = ".ko" if lang == "ko" else ""
            downloads = {fmt: f"{definition.name}{suffix}.{fmt}" for fmt in ("csv", "json")}
            for fmt, name in downloads.items():
                files[f"queries/{name}"] = format_rows(table, fmt).encode("utf-8")
            files[_page_name(path, lang)] = pages.gallery_query(_links(path, lang), definition, values, table,
                                                                downloads).encode("utf-8")
        for iri in sorted(pages.nodes):
            path = "id/" + iri[len(ID):]
            files[_page_name(path, lang)] = pages.entity(iri, _links(path, lang)).encode("utf-8")
            count += 1
    files["ontology.html"] = pages.ontology("html")
    release = _release_files(project, date)
    files.update({f"download/{name}": data for name, data in release.items()})
    listing = [(name, len(data)) for name, data in release.items()]
    files["download/index.html"] = pages.render("downloads.html", _links("download/index", "en"), title="Downloads",
                                                path=None, files=listing).encode("utf-8")
    with folder_lock(target, "site", param="folder"):
        recover_folder(target)
        replace_folder(target, files)
    return Site(target, len(files), count + 2 * (2 + len(definitions)))
