"""A scripted HTTP server on 127.0.0.1 for fault tests: each request is answered by the test's own function,
which may reply, reply with anything at all, or drip its answer a byte at a time. Stopped when the `with` ends."""

import contextlib
import http.server
import threading


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self):
        self.body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append((self.command, self.path))
        self.server.script(self)

    do_GET = do_POST = do_PUT = _answer

    def reply(self, status: int, body: bytes = b"", content_type: str = "application/sparql-results+json"):
        """A whole answer at once."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def drip(self, body: bytes, interval: float = 1.0, headers: bool = False):
        """The answer one byte every interval seconds: the body only, or (headers=True) the status line and
        headers too. Stops when the server does."""
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nX-Padding: {'x' * 400}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()  # dripped whole, the headers alone take minutes
        if not headers:
            self.wfile.write(head)
            self.wfile.flush()
        for byte in (head + body if headers else body):
            if self.server.stopped.wait(interval):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:  # the client gave up
                return
        self.close_connection = True

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(script, path: str = "/sparql", requests: list | None = None):
    """Run a server whose every request is answered by script(handler); yield its URL (with path). requests,
    if given, collects (method, path) of each request."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads, server.block_on_close = True, False
    server.script, server.stopped = script, threading.Event()
    server.requests = requests if requests is not None else []
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.stopped.set()
        server.shutdown()
        server.server_close()
