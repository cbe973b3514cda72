"""The polite Wikidata client against a small local HTTP server that throttles, fails or hangs (no internet)."""

import http.server
import json
import socket
import threading
import time

import pytest

from kaifm_kg.cli import cli
from kaifm_kg.errors import RemoteError
from kaifm_kg.remote.wikidata import WikidataClient

ANSWER = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers POSTs from the script in server.plan: ("429", seconds), ("500",), ("hang",) or ("ok",)."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        server = self.server
        server.agents.append(self.headers.get("User-Agent", ""))
        step = server.plan.pop(0) if len(server.plan) > 1 else server.plan[0]
        if step[0] == "hang":
            server.release.wait(10)
            return
        status = {"429": 429, "500": 500, "ok": 200}[step[0]]
        body = json.dumps(ANSWER).encode() if status == 200 else b"no"
        self.send_response(status)
        if status != 200:
            self.send_header("Retry-After", str(step[1]))
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_endpoint():
    """A function plan -> endpoint URL; the server's agents list records each request's User-Agent."""
    servers = []

    def start(*plan):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.plan, server.agents, server.release = list(plan), [], threading.Event()
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/sparql", server

    yield start
    for server in servers:
        server.release.set()
        server.shutdown()
        server.server_close()


def _client(url, tmp_path, **options):
    settings = {"timeout": 1, "retries": 2, "backoff": 0.01, "cache": tmp_path / "cache", **options}
    return WikidataClient(url, **settings)


def _dead_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/sparql"


def test_retries_after_a_429_honouring_retry_after(fake_endpoint, tmp_path):
    url, server = fake_endpoint(("429", 1), ("ok",))
    started = time.monotonic()
    rows = _client(url, tmp_path).select("SELECT ?x WHERE {}")
    assert rows == ANSWER["results"]["bindings"]
    assert time.monotonic() - started >= 1.0
    assert len(server.agents) == 2


def test_sends_a_descriptive_user_agent_with_a_contact_url(fake_endpoint, tmp_path):
    url, server = fake_endpoint(("ok",))
    _client(url, tmp_path).select("SELECT ?x WHERE {}")
    assert server.agents[0].startswith("kaifm-kg/") and "https://" in server.agents[0]


def test_answers_are_cached_with_an_expiry_and_a_bypass(fake_endpoint, tmp_path):
    url, server = fake_endpoint(("ok",))
    _client(url, tmp_path).select("SELECT ?x WHERE {}")
    _client(url, tmp_path).select("SELECT ?x WHERE {}")
    assert len(server.agents) == 1
    _client(url, tmp_path, use_cache=False).select("SELECT ?x WHERE {}")
    _client(url, tmp_path, max_age=0).select("SELECT ?x WHERE {}")
    assert len(server.agents) == 3


def test_gives_up_on_a_500_after_its_retries(fake_endpoint, tmp_path):
    url, server = fake_endpoint(("500", 0))
    with pytest.raises(RemoteError, match=r"HTTP 500 .*\(3 attempts\)"):
        _client(url, tmp_path).select("SELECT ?x WHERE {}")
    assert len(server.agents) == 3


def test_gives_up_when_asked_to_wait_too_long(fake_endpoint, tmp_path):
    url, _ = fake_endpoint(("429", 3600))
    with pytest.raises(RemoteError, match="asks to wait 3600 s"):
        _client(url, tmp_path).select("SELECT ?x WHERE {}")


def test_gives_up_on_a_hanging_endpoint(fake_endpoint, tmp_path):
    url, _ = fake_endpoint(("hang",))
    started = time.monotonic()
    with pytest.raises(RemoteError, match="no complete answer within 1 s"):
        _client(url, tmp_path, retries=0).select("SELECT ?x WHERE {}")
    assert time.monotonic() - started < 5


def test_gives_up_on_a_dead_endpoint(tmp_path):
    with pytest.raises(RemoteError, match="cannot connect"):
        _client(_dead_url(), tmp_path).select("SELECT ?x WHERE {}")


@pytest.mark.parametrize("plan, command", [
    (("500", 0), ["--check"]), (("429", 0), ["--type", "person"]), (("hang",), ["--check"]), (None, ["--type", "org"])])
def test_link_exits_3_with_a_clear_message_and_writes_nothing(runner, fake_endpoint, tmp_path, private_cache, plan,
                                                              command):
    url = fake_endpoint(plan)[0] if plan else _dead_url()
    out = tmp_path / "rows.json"
    result = runner.invoke(cli, ["link", "--endpoint", url, "--timeout", "1", "--retries", "0", "--out", str(out),
                                 *command])
    assert result.exit_code == 3, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"kaifm-kg: error: {url}: " in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
