"""The same sources give the same bytes in processes under different PYTHONHASHSEEDs, each building the graph from
Turtle (conftest._OtherRuns: `released` under 1, `other_run` under 2; this process's seed is random): the
build's files, every export format and the whole release. Also what `build` writes and says, and that it
leaves the dump the query path loads."""

from conftest import OUTSIDE_RELEASE, SHIPPED

from kaifm_kg.export import BUILD_FILES, EXPORT_FORMATS, MANIFEST, guess_format, render
from kaifm_kg.query.engines import OxigraphEngine


def _files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_build_writes_three_files_and_their_manifest_and_says_so(other_run):
    output = other_run.output("build")
    assert sorted(p.name for p in other_run.dist.iterdir()) == sorted([*BUILD_FILES, MANIFEST])
    for name in BUILD_FILES:
        assert f"wrote {other_run.dist / name} (" in output
    assert "kaifm:Consortium" in output


def test_build_writes_the_dump_the_query_path_loads(other_run):
    dump = other_run.cache / SHIPPED.dump_path().name  # the file Project.open().dump() looks for
    assert dump.read_bytes() == (other_run.dist / "kaifm.nt").read_bytes()
    assert len(OxigraphEngine(dump).store) == len(dump.read_bytes().splitlines())


def test_the_build_files_are_the_release_files_of_another_run(other_run, released):
    """The build writes the same bytes as the release's files of the same names, which test_export.py and
    test_jsonld.py parse back to the graph."""
    folder, _ = released
    for name in BUILD_FILES:
        assert (other_run.dist / name).read_bytes() == (folder / name).read_bytes(), name


def test_a_release_is_byte_identical_under_another_hash_seed(other_run, released):
    """Every file, every export format a release holds among them: the date and the options are the same."""
    ours, theirs = _files(released[0]), _files(other_run.release)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in sorted(ours) if ours[name] != theirs[name]] == []


def test_the_other_exports_are_byte_identical_under_another_hash_seed(other_run, released):
    in_release = {guess_format(released[0] / name) for name in _files(released[0])
                  if name.startswith("kaifm.") or name == "kaifm-csv.zip"}
    assert in_release | set(OUTSIDE_RELEASE) == set(EXPORT_FORMATS)  # so every format is compared
    for fmt, path in other_run.exports.items():
        assert path.read_bytes() == render(SHIPPED, fmt), fmt
