"""The worker pool: every query runs in a worker process that the server kills and replaces when it runs
past the time limit, so a timeout really stops a runaway query (pyoxigraph cannot cancel a query running
in a thread).

Each worker opens the same data (`Source`): the project's N-Triples dump loaded into memory, or a
read-only on-disk store (`--store DIR`; several servers may open one store). A job is a module-level
function called in the worker as fn(store, *args); its result (or its KaifmError, re-raised in the
server with the same class, message and parameter) comes back through a pipe. The event loop reads the
pipe when it is readable, so waiting for a worker blocks nothing. When a job runs past the limit its
worker is killed (SIGKILL) and a new one started in the background; the client gets QueryTimeout (504).
A job waits for a free worker up to QUEUE_WAIT seconds, then the client gets Busy (503). A job
still running after GRACE seconds is demoted to the lowest CPU priority (see `_wait`).
"""

import asyncio
import multiprocessing
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import errors
from ..errors import KaifmError, first_line

# Workers are forked from a fork server (a fresh single-threaded process, never the server's own, which runs an
# event loop and threads) that has imported the job modules once, so a replacement starts in a fraction of a second.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["__main__", "pyoxigraph", "kaifm_kg.serve.protocol", "kaifm_kg.serve.api"])
GRACE = 0.2  # seconds a job runs at normal priority; after that it yields the CPU to quicker jobs
QUEUE_WAIT = 30.0  # seconds a request may wait for a free worker (beyond the time limit); then 503


def _set_priority(worker: "_Worker", niceness: int) -> None:
    """Set a worker process's CPU niceness (raising it back needs privileges: without them it stays low)."""
    if worker.process.pid is None:  # not started
        return
    try:
        os.setpriority(os.PRIO_PROCESS, worker.process.pid, niceness)
    except (OSError, AttributeError):
        pass


class QueryTimeout(KaifmError):
    """A query ran past the server's time limit and was stopped (HTTP 504)."""


class Busy(KaifmError):
    """No worker became free within the time limit (HTTP 503)."""


class WorkerFailed(KaifmError):
    """A worker process died while running a job (HTTP 500)."""


@dataclass(frozen=True)
class Source:
    """The data every worker opens: an N-Triples dump (loaded into memory) or a read-only on-disk store."""

    dump: Path | None = None
    store: Path | None = None

    def open(self):
        """A pyoxigraph store holding the data."""
        import pyoxigraph as ox

        if self.store is not None:
            return ox.Store.read_only(str(self.store))
        store = ox.Store()
        store.bulk_load(path=str(self.dump), format=ox.RdfFormat.N_TRIPLES)
        return store

    def graph(self):
        """The data as an rdflib graph (for the pages), with the project's prefixes."""
        from ..build import dumped_graph

        if self.store is None:
            return dumped_graph(self.dump)
        import pyoxigraph as ox
        from rdflib import Graph

        from ..rdf.io import bind_prefixes

        data = self.open().dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        return bind_prefixes(Graph().parse(data=data, format="nt"))


def prepare_store(folder: Path, dump: Path) -> Source:
    """A Source on the on-disk store in folder; a missing or empty folder is first filled from dump, in a new
    folder renamed into place when loaded (so servers started together on one folder load it once)."""
    import pyoxigraph as ox

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise errors.InputError(f"{folder}: exists and is not a folder", param="store")
    if not folder.is_dir() or not any(folder.iterdir()):
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
        try:
            store = ox.Store(str(staging))
            store.bulk_load(path=str(dump), format=ox.RdfFormat.N_TRIPLES)
            store.flush()
            del store
            if folder.is_dir():
                folder.rmdir()  # empty; if another server filled it meanwhile, rmdir fails and its copy is kept
            os.rename(staging, folder)
        except OSError:
            if not folder.is_dir() or not any(folder.iterdir()):
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    try:
        Source(store=folder).open()
    except OSError as e:
        raise errors.InputError(f"{folder}: not an Oxigraph store: {first_line(e)}", param="store") from e
    return Source(store=folder)


def _work(conn, source: Source) -> None:
    """A worker's life: open the data, say ready, then answer jobs until the pipe closes."""
    store = source.open()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[object, ...] = ("ok", fn(store, *args))
        except KaifmError as e:
            reply = ("error", type(e), e.message, e.param)  # the class goes by reference
        except Exception as e:  # a bug: reported as an internal error, the worker lives on
            reply = ("error", WorkerFailed, f"internal error: {type(e).__name__}: {first_line(e)}", None)
        conn.send(reply)


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, source: Source):
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_work, args=(child, source), daemon=True, name="kaifm-kg-worker")
        self.process.start()
        child.close()

    async def receive(self):
        """The next message from the worker, read when the pipe is readable."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        fd = self.conn.fileno()

        def readable():
            if not future.done():
                try:
                    os.set_blocking(fd, True)  # uvloop makes a watched fd non-blocking; a message is read whole
                    future.set_result(self.conn.recv())
                except (EOFError, OSError) as e:
                    future.set_exception(WorkerFailed(f"a worker process ended unexpectedly ({first_line(e)})"))

        loop.add_reader(fd, readable)
        try:
            return await future
        finally:
            if not self.conn.closed:  # once closed, the fd number may already belong to another pipe
                loop.remove_reader(fd)

    def kill(self) -> None:
        self.process.kill()
        if not self.conn.closed:
            try:
                asyncio.get_running_loop().remove_reader(self.conn.fileno())
            except RuntimeError:  # no running loop (closing)
                pass
            self.conn.close()


def _raise(cls: type[KaifmError], message: str, param: str | None):
    """Raise again, in the server, the error a job raised in a worker."""
    error = cls.__new__(cls)
    KaifmError.__init__(error, message, param=param)
    raise error


class WorkerPool:
    """size worker processes over source; `run` sends a job to a free one, with a time limit of timeout seconds."""

    def __init__(self, source: Source, size: int, timeout: float):
        self.source, self.size, self.timeout = source, size, timeout
        self._idle: asyncio.Queue | None = None
        self._workers: set[_Worker] = set()
        self._spawning: set[asyncio.Task] = set()  # the loop keeps only weak references to its tasks

    async def start(self) -> None:
        """Start the workers and wait until each has opened the data."""
        self._idle = asyncio.Queue()
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def _spawn(self) -> None:
        if self._idle is None:
            raise RuntimeError("the worker pool was not started")
        worker = _Worker(self.source)
        self._workers.add(worker)
        try:
            await worker.receive()  # ("ready", pid)
        except WorkerFailed:
            self._workers.discard(worker)
            raise
        self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill worker and start another in its place (in the background)."""
        self._workers.discard(worker)
        worker.kill()
        asyncio.get_running_loop().run_in_executor(None, worker.process.join)  # reap it
        task = asyncio.create_task(self._spawn())
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    async def run(self, fn, *args):
        """fn(store, *args) in a worker: its result, or its error raised here; QueryTimeout past the limit."""
        try:
            worker = await asyncio.wait_for(self._idle.get(), max(QUEUE_WAIT, self.timeout))
        except TimeoutError:
            raise Busy(f"every worker stayed busy for {max(QUEUE_WAIT, self.timeout):g} s; try again shortly") from None
        try:
            os.set_blocking(worker.conn.fileno(), True)
            worker.conn.send((fn, args))
            reply = await self._wait(worker)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(f"the query ran longer than the server's limit of {self.timeout:g} s and was "
                               "stopped; narrow it down (a LIMIT, fewer unbound patterns or paths)",
                               param="query") from None
        except BaseException:  # the worker died, or the client went away mid-job: its answer would be stale
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        if reply[0] == "ok":
            return reply[1]
        _raise(*reply[1:])

    async def _wait(self, worker: _Worker):
        """The worker's reply within the time limit (else TimeoutError). A job still running after GRACE seconds
        is demoted to the lowest CPU priority, so a runaway takes only the CPU time that quick jobs leave; its
        worker gets its priority back when it answers in time."""
        receiving = asyncio.ensure_future(worker.receive())
        grace = min(GRACE, self.timeout)
        try:
            done, _ = await asyncio.wait({receiving}, timeout=grace)
            if not done:
                _set_priority(worker, 19)
                done, _ = await asyncio.wait({receiving}, timeout=self.timeout - grace)
                if not done:
                    raise TimeoutError
                _set_priority(worker, 0)
            return receiving.result()
        finally:
            receiving.cancel()

    async def close(self) -> None:
        """Stop every worker."""
        for worker in list(self._workers):
            worker.kill()
            worker.process.join(timeout=5)
        self._workers.clear()
