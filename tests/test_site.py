"""`kaifm-kg site DIR`: the static site — every internal link resolves (a link checker over every page, anchors
included), the pages and the gallery hold what the server shows, the release files are there, and the folder
is written atomically."""

import csv
import hashlib
import io
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kaifm_kg.cli import cli
from kaifm_kg.rdf.prefixes import ID


class _Links(HTMLParser):
    """The href/src values and the element ids of one page."""

    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parsed(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory, cache):
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("site") / "public"
    result = CliRunner().invoke(cli, ["site", str(folder), "--date", "2026-01-20"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {folder}: ")
    return folder


def test_every_internal_link_resolves(site):
    pages = {page: parsed(page) for page in sorted(site.rglob("*.html"))}
    ids = {page: found.ids for page, found in pages.items()}
    broken, checked = [], 0
    for page, found in pages.items():
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                assert parts.scheme in ("http", "https", "data", "mailto"), (page, link)  # nothing on file:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            if not target.is_file() or not target.is_relative_to(site.resolve()) or (parts.fragment and target.suffix == ".html" and parts.fragment not in ids[target]):
                broken.append((str(page.relative_to(site)), link))
    assert not broken, broken[:20]
    assert checked > 10000


def test_a_page_for_every_iri_in_both_languages(site, graph):
    subjects = {str(s) for s in graph.subjects() if str(s).startswith(ID)}
    for iri in subjects:
        path = iri[len(ID):]
        assert (site / "id" / f"{path}.html").is_file() and (site / "id" / f"{path}.ko.html").is_file(), path
    page = (site / "id" / "model" / "a-x-k1.ko.html").read_text(encoding="utf-8")
    assert "<h1>에이닷엑스 K1</h1>" in page and "A.X K1" in page and "../../id/source/" in page


def test_home_page_and_gallery(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "on 2026-01-20" in home and "LG AI Research consortium" in home and "Naver Cloud" in home
    assert "Who is still in" in (site / "index.html").read_text() and "남아 있는 팀" in (site / "index.ko.html").read_text()
    rows = list(csv.DictReader(io.StringIO((site / "queries" / "consortium-members.csv").read_text(encoding="utf-8"))))
    assert rows and {"member"} <= set(rows[0])
    gallery = (site / "queries" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="../queries/{name}.html"' in gallery for name in ("timeline", "teams-on", "contested-claims"))
    assert "wikidata-models" not in gallery  # federated: needs an endpoint


def test_the_release_files_are_there_and_check(site):
    download = site / "download"
    for name in ("kaifm.ttl", "kaifm.nt", "kaifm.jsonld", "kaifm-ontology.html", "void.ttl", "SHA256SUMS"):
        assert (download / name).is_file(), name
    for line in (download / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((download / name).read_bytes()).hexdigest() == digest
    assert 'id="Consortium"' in (site / "ontology.html").read_text(encoding="utf-8")


def test_the_site_is_replaced_whole_and_a_foreign_folder_refused(site, tmp_path, runner):
    before = {p.relative_to(site) for p in site.rglob("*")}
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    result = runner.invoke(cli, ["site", str(foreign)])
    assert result.exit_code == 2 and "holds no site" in result.output
    assert (foreign / "notes.txt").read_text() == "keep me"
    (site / "stale.html").write_text("from an older site")
    result = runner.invoke(cli, ["site", str(site), "--date", "2026-01-20"])
    assert result.exit_code == 0, result.output
    assert not (site / "stale.html").exists() and {p.relative_to(site) for p in site.rglob("*")} == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".public.")]  # no staging folder left
