"""Nothing lost under faults: SIGKILL mid-release and mid-build, two releases at once, file modes, and a
graph that breaks the shapes refused before it leaves the machine.

The kills are real: the command runs in a child process (tests/data/slowed.py) whose folder renames and
file replacements are slowed and announced on stderr, so a test can kill it at a chosen step, or at a
random moment, and check the invariant each time. Nothing in the code under test knows about it.
"""

import hashlib
import json
import os
import queue
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaifm_kg.cli import cli

SLOWED = Path(__file__).parent / "data" / "slowed.py"
BAD_ORGANISATION = """\
@prefix kaifm: <https://w3id.org/kaifm/ontology#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/kaifm/id/org/no-korean-name> a kaifm:Organisation ; rdfs:label "No Korean name"@en .
"""
BUILD_FILES = ("kaifm.ttl", "kaifm.nt", "kaifm.jsonld")


class Child:
    """`kaifm-kg ARGS` (or `--script FILE ARGS`) in a child process under tests/data/slowed.py, which slows the
    steps named in steps and announces each on stderr ("before rename PATH", "after exchange PATH", ...)."""

    def __init__(self, args, slow: float = 0.5, steps: str = "rename,exchange", exchange: bool = True):
        env = {**os.environ, "KAIFM_TEST_SLOW": str(slow), "KAIFM_TEST_SLOW_STEPS": steps}
        if not exchange:
            env["KAIFM_TEST_NO_EXCHANGE"] = "1"
        self.process = subprocess.Popen([sys.executable, str(SLOWED), *map(str, args)], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def kill_at(self, pattern: str, limit: float = 240) -> bool:
        """SIGKILL the child as soon as a step line matches pattern; False if it ended first."""
        while (line := self.lines.get(timeout=limit)) is not None:
            self.seen.append(line)
            if re.search(pattern, line):
                self.process.send_signal(signal.SIGKILL)
                self.process.wait(30)
                return True
        self.process.wait(30)
        return False

    def first_step(self, limit: float = 60) -> float:
        """Wait for the child's first step line; the time it came."""
        line = self.lines.get(timeout=limit)
        assert line is not None, "the child ended before its first step"
        self.seen.append(line)
        return time.monotonic()

    def finish(self, timeout: float = 240) -> tuple[int, str]:
        """Wait for the child to end: its exit status and its stderr."""
        self.process.wait(timeout)
        lines = []
        while (line := self.lines.get(timeout=30)) is not None:
            lines.append(line)
        return self.process.returncode, "\n".join(self.seen + lines)


def _sums_problems(folder: Path) -> list[str]:
    """The files SHA256SUMS lists whose bytes do not match it (['SHA256SUMS'] when it is missing)."""
    sums = folder / "SHA256SUMS"
    if not sums.is_file():
        return ["SHA256SUMS"]
    problems = []
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        path = folder / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(name)
    return problems


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


# -- release: SIGKILL at the dangerous points ----------------------------------------------------------------

def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _assert_new_release_keeps_history(folder: Path) -> None:
    changelog = (folder / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.count("## 2026.01.15 — 2026-11-23") == 1
    assert changelog.count("## 2026.01.15 — 2026-11-30") == 1
    assert "Changes from release 2026.01.15 (2026-11-23) to release 2026.01.15 (2026-11-30)" in changelog
    assert _sums_problems(folder) == []


@pytest.fixture
def previous(tiny):
    """A release of the tiny project in releases/latest, and its files."""
    folder = tiny.parent / "releases" / "latest"
    result = CliRunner().invoke(cli, ["release", str(folder), "--root", str(tiny), "--date", "2026-11-23"])
    assert result.exit_code == 0, result.output
    return folder, _snapshot(folder)


def test_release_killed_between_the_two_renames_is_recovered_by_the_next(previous, tiny):
    """Without an atomic exchange (other systems than Linux) the swap takes two renames: a kill between them
    leaves the previous release set aside, and the next release puts it back before comparing with it."""
    folder, before = previous
    child = Child(["release", folder, "--root", tiny, "--date", "2026-11-30"], exchange=False)
    assert child.kill_at(rf"after rename .*{folder.name}"), child.seen
    aside = [p for p in folder.parent.iterdir() if p.name.startswith(".latest.old-")]
    assert not folder.exists() and len(aside) == 1 and _snapshot(aside[0] / "latest") == before
    result = CliRunner().invoke(cli, ["release", str(folder), "--root", str(tiny), "--date", "2026-11-30"])
    assert result.exit_code == 0, result.output
    assert "first release" not in result.output
    _assert_new_release_keeps_history(folder)
    assert _leftovers(folder) == []


def test_release_killed_at_the_swap_leaves_a_whole_release_in_place(previous, tiny):
    folder, _ = previous
    child = Child(["release", folder, "--root", tiny, "--date", "2026-11-30"])
    assert child.kill_at("after exchange"), child.seen
    _assert_new_release_keeps_history(folder)  # the new release is whole; the old one waits to be removed
    assert [p for p in _leftovers(folder) if p.startswith(".latest.new-")]


# -- the folder swap itself, killed at random moments ----------------------------------------------------------

SWAP = """
import sys
from pathlib import Path
from kaifm_kg.files import folder_lock, recover_folder, replace_folder

target, version = Path(sys.argv[1]), sys.argv[2]
with folder_lock(target, "test", param="folder"):
    recover_folder(target)
    replace_folder(target, {f"part-{i}": f"{version}\\n".encode() for i in range(4)})
"""


def _version(folder: Path) -> str:
    """The one version all of folder's parts hold (the folder must be whole)."""
    parts = {p.name: p.read_text() for p in folder.iterdir()}
    assert sorted(parts) == [f"part-{i}" for i in range(4)], parts
    assert len(set(parts.values())) == 1, parts
    return next(iter(parts.values())).strip()


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_random_kills_never_lose_the_folder(tmp_path, exchange):
    """Kill the swap at random moments between its first slowed step and its end; after each kill the
    folder holds the old or the new files, whole (or, on the two-rename path, is set aside whole)."""
    script = tmp_path / "swap.py"
    script.write_text(SWAP, encoding="utf-8")
    target = tmp_path / "out" / "release"
    slowed = {"slow": 0.02, "steps": "rename,exchange,fsync,rmtree", "exchange": exchange}
    first = Child(["--script", script, target, "0"], **slowed)
    started = first.first_step()
    assert first.finish()[0] == 0
    span = time.monotonic() - started
    current, rng, seen = "0", random.Random(13), set()
    for version in map(str, range(1, 16)):
        child = Child(["--script", script, target, version], **slowed)
        child.first_step()
        time.sleep(rng.uniform(0, 1.5 * span))  # past the span too: a loaded machine runs a swap slower
        child.process.send_signal(signal.SIGKILL)
        child.finish()
        if target.exists():
            found = _version(target)
            assert found in (current, version)
            seen.add("new" if found == version else "old")
            current = found
        else:  # only between the two renames of the fallback, and the previous folder is set aside whole
            assert not exchange
            aside = [p / "release" for p in target.parent.iterdir() if (p / "release").is_dir()]
            assert len(aside) == 1 and _version(aside[0]) == current
            seen.add("set aside")
    assert seen >= {"old", "new"}  # the kills fell before and after the swap
    assert Child(["--script", script, target, "last"], slow=0, exchange=exchange).finish()[0] == 0
    assert _version(target) == "last"
    assert sorted(p.name for p in target.parent.iterdir()) == ["release"]  # no .release.new-*, .old-*, .lock


def test_a_folder_that_is_a_symbolic_link_is_replaced_and_nothing_is_left(tmp_path):
    from kaifm_kg.files import recover_folder, replace_folder

    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "part-0").write_text("1\n")
    target = tmp_path / "release"
    target.symlink_to("v1")
    replace_folder(target, {"part-0": b"2\n"})
    recover_folder(target)
    assert not target.is_symlink() and (target / "part-0").read_text() == "2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release", "v1"]  # the link's folder is not touched


# -- two releases into one folder -----------------------------------------------------------------------------

def test_a_second_release_into_a_folder_being_written_fails_naming_the_holder(previous, tiny):
    folder, _ = previous
    first = Child(["release", folder, "--root", tiny, "--date", "2026-11-30"], slow=0)
    lock = folder.parent / ".latest.lock"
    for _ in range(600):
        if (lock.is_file() and lock.read_text()) or first.process.poll() is not None:
            break
        time.sleep(0.05)
    second = CliRunner().invoke(cli, ["release", str(folder), "--root", str(tiny), "--date", "2026-11-30"])
    code, err = first.finish()
    assert code == 0, err
    assert second.exit_code == 2, second.output
    assert f"pid {first.process.pid}" in second.output and "kaifm-kg release" in second.output
    assert len(second.output.strip().splitlines()) == 1
    _assert_new_release_keeps_history(folder)
    assert _leftovers(folder) == []


def test_a_lock_left_by_a_killed_run_does_not_block_the_next(tmp_path):
    from kaifm_kg.errors import InputError
    from kaifm_kg.files import folder_lock

    target = tmp_path / "release"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from kaifm_kg.files import folder_lock\n"
                               "with folder_lock(Path(sys.argv[1]), 'test'):\n print('held', flush=True); "
                               "time.sleep(60)", str(target)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(InputError, match=f"pid {holder.pid}"), folder_lock(target, "test"):
        pass
    holder.kill()
    holder.wait(30)
    with folder_lock(target, "test"):
        assert (tmp_path / ".release.lock").exists()
    assert not (tmp_path / ".release.lock").exists()


# -- build --out: stale temporary files, and a folder that says which build it holds --------------------------

def test_a_killed_build_is_detectable_and_the_next_build_cleans_up(tiny, tmp_path):
    out = tmp_path / "dist"
    first = CliRunner().invoke(cli, ["build", "--root", str(tiny), "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert _sums_problems(out) == []
    old = _snapshot(out)
    data = tiny / "graph" / "data.ttl"
    data.write_text(data.read_text(encoding="utf-8").replace('"Acme consortium"@en', '"Acme team"@en'),
                    encoding="utf-8")
    child = Child(["build", "--root", tiny, "--out", out], slow=0.5, steps="replace")
    assert child.kill_at(rf"before replace {re.escape(str(out / 'kaifm.nt'))}"), child.seen
    assert (out / "kaifm.ttl").read_bytes() != old["kaifm.ttl"]  # new
    assert (out / "kaifm.nt").read_bytes() == old["kaifm.nt"]  # old: the folder mixes two builds ...
    assert _sums_problems(out) == ["kaifm.ttl"]  # ... and says so
    assert [p.name for p in out.iterdir() if p.name.startswith(".kaifm.nt.")]  # the half-written kaifm.nt
    if shutil.which("sha256sum"):
        assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=out, capture_output=True).returncode
    again = CliRunner().invoke(cli, ["build", "--root", str(tiny), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.iterdir()) == sorted([*BUILD_FILES, "SHA256SUMS"])
    assert _sums_problems(out) == []
    assert "Acme team" in (out / "kaifm.nt").read_text(encoding="utf-8")


def test_diff_refuses_a_folder_whose_dump_does_not_match_its_sums(tiny, tmp_path):
    out = tmp_path / "dist"
    assert CliRunner().invoke(cli, ["build", "--root", str(tiny), "--out", str(out)]).exit_code == 0
    assert CliRunner().invoke(cli, ["diff", str(out), str(tiny)]).exit_code == 0
    with (out / "kaifm.nt").open("a", encoding="utf-8") as dump:
        dump.write("<https://w3id.org/kaifm/id/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .\n")
    result = CliRunner().invoke(cli, ["diff", str(out), str(tiny)])
    assert result.exit_code == 2 and "does not match" in result.output and "two builds" in result.output


# -- file modes -----------------------------------------------------------------------------------------------

@pytest.fixture
def umask():
    def set_mask(mask):
        os.umask(mask)
    previous = os.umask(0o022)
    yield set_mask
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_honour_the_umask(tmp_path, umask, mask, expected, cache):
    from kaifm_kg.files import write_atomically

    umask(mask)
    write_atomically(tmp_path / "new.txt", b"x")
    assert _mode(tmp_path / "new.txt") == expected
    assert CliRunner().invoke(cli, ["export", "--format", "nt", "--out", str(tmp_path / "kaifm.nt")]).exit_code == 0
    assert _mode(tmp_path / "kaifm.nt") == expected


def test_an_existing_file_keeps_its_mode(tmp_path, umask):
    from kaifm_kg.files import write_atomically

    umask(0o077)
    for mode in (0o644, 0o640, 0o664):
        path = tmp_path / f"{mode:o}.txt"
        path.write_bytes(b"old")
        path.chmod(mode)
        write_atomically(path, b"new")
        assert _mode(path) == mode and path.read_bytes() == b"new"


def test_link_accept_keeps_the_mode_of_the_links_file(tiny, tmp_path, umask):
    umask(0o077)
    links = tiny / "graph" / "wikidata.ttl"
    links.write_text("# links to Wikidata\n", encoding="utf-8")
    links.chmod(0o644)
    review = tmp_path / "review.json"
    review.write_text(json.dumps([{"action": "link", "entity": "https://w3id.org/kaifm/id/org/beta",
                                   "qid": "Q900999", "endpoint": "http://127.0.0.1:1/sparql",
                                   "retrieved": "2026-11-23", "accept": "yes"}]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["link", "--root", str(tiny), "--accept", str(review)])
    assert result.exit_code == 0, result.output
    assert "Q900999" in links.read_text(encoding="utf-8")
    assert _mode(links) == 0o644


def test_build_files_honour_the_umask(tiny, tmp_path, umask):
    umask(0o027)
    result = CliRunner().invoke(cli, ["build", "--root", str(tiny), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    assert {_mode(p) for p in (tmp_path / "dist").iterdir()} == {0o640}


# -- a graph that breaks the shapes does not leave the machine -------------------------------------------------

@pytest.fixture
def broken_project(tiny):
    (tiny / "graph" / "bad.ttl").write_text(BAD_ORGANISATION, encoding="utf-8")
    return tiny


@pytest.mark.parametrize("args", [["export", "--format", "ttl"], ["query", "timeline"],
                                  ["push", "--endpoint", "http://127.0.0.1:1/store", "--timeout", "1"]])
def test_a_graph_that_breaks_the_shapes_is_refused_unless_told(broken_project, args):
    refused = CliRunner().invoke(cli, [*args, "--root", str(broken_project)])
    assert refused.exit_code == 1, refused.output
    assert "no-korean-name" in refused.output and "--no-validate" in refused.output
    assert "cannot connect" not in refused.output  # push sent nothing
    told = CliRunner().invoke(cli, [*args, "--root", str(broken_project), "--no-validate"])
    assert told.exit_code == (3 if args[0] == "push" else 0), told.output
    if args[0] == "export":
        assert "no-korean-name" in told.output
