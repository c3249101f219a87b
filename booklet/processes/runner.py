"""Run edition builds in child processes: all cores, time and memory limits, crashes contained.

An edition is rendered (stages 1-2) in one child process and laid out and written (stages 3-4)
in another. At most `jobs` processes work at once, this one included while it imports
WeasyPrint: the first render children start before that import and overlap it (it is the
slowest part of starting), each rendering a share of the editions one after another; the
layout children are forked after it, one per edition, so each starts with WeasyPrint loaded.
(In a forced build they are forked by `booklet.processes.forkserver`, started before anything else.)

A child that overruns an edition's time is killed; one that runs out of memory (often a crash
inside Pango or HarfBuzz rather than a Python MemoryError) is reported as such; either way the
other editions go on, and no partial file is left behind.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import recv_handle
from pathlib import Path
from typing import Any

import booklet.processes.forkserver
from booklet.errors import EXIT_CONTENT, BookletError
from booklet.model import PreparedEdition
from booklet.options import BuildOptions
from booklet.pipeline import Outcome

#: Extra seconds a child gets past its own timer before the parent kills it.
GRACE_SECONDS = 5.0
#: Pipe buffer asked for (Linux's default maximum): a child never waits for this process to read.
PIPE_BYTES = 1 << 20


@dataclass
class _Child:
    """A running child: its process, the pipe it answers on, the editions it still owes."""

    process: Any
    receiver: Connection
    owed: list[int]
    """Request indexes, in the order the child answers them; the first is in progress."""
    started: float
    """When the edition in progress started (less any time it already spent rendering):
    its time limit counts from there."""
    laying_out: bool
    spent: float = 0.0
    """Seconds its edition spent rendering (a layout child)."""


def run_builds(requests: Sequence[BuildOptions], jobs: int,
               seconds: Sequence[float | None] = ()) -> list[Outcome]:
    """Build every requested edition, at most `jobs` processes at a time; outcomes in order.

    `seconds`: how long laying out each edition took last time (None: unknown), to start
    the longest first, so that the last process to finish waits least for the others.
    """
    return _Run(requests, max(1, jobs), seconds).outcomes()


class _Run:
    """One run of the scheduler: which editions wait for which stage, and the children."""

    def __init__(self, requests: Sequence[BuildOptions], jobs: int,
                 seconds: Sequence[float | None]) -> None:
        self.requests, self.jobs = requests, jobs
        self.context = multiprocessing.get_context("fork")
        costs = [_cost(options, known) for options, known
                 in zip(requests, [*seconds, *[None] * len(requests)], strict=False)]
        self.order = sorted(range(len(requests)), key=lambda index: -costs[index])
        self.to_render = list(self.order)
        self.rendered: dict[int, tuple[PreparedEdition, float]] = {}
        self.running: list[_Child] = []
        self.done: dict[int, Outcome] = {}
        # forks layout processes, if it was started
        self.server = booklet.processes.forkserver.take()
        self.in_flight: list[tuple[int, float, PreparedEdition]] = []
        """Editions sent to the server to lay out, not yet started: index, time spent
        rendering, the rendered edition."""
        self.exits: dict[int, int] = {}
        """Exit codes the server reported, by process id."""
        self.ready = False
        """Whether the server has imported WeasyPrint."""
        self.answered: list[Any] = []
        """Processes that gave all their answers and are ending, to be joined."""
        self.scratch = ""

    def outcomes(self) -> list[Outcome]:
        # The children's temporary files (WeasyPrint copies web fonts into a folder it removes
        # only when its FontConfiguration is collected) go here, removed even after a kill.
        self.scratch = tempfile.mkdtemp(prefix="booklet-")
        self.loaded = self.server is not None or self.jobs == 1
        if self.server is None and self.jobs == 1:  # one process at a time: import first
            self._preload()
        try:
            while len(self.done) < len(self.requests):
                self._start_layouts()
                if not self.loaded:  # this process counts as one while it imports WeasyPrint
                    self._start_renders(self.jobs - 1)
                    self._preload()
                    self.loaded = True
                    continue
                # The server counts as one process while it imports WeasyPrint.
                self._start_renders(self.jobs - (self.server is not None and not self.ready))
                wait([child.receiver for child in self.running]
                     + ([self.server.control] if self.server else []), timeout=0.2)
                self._hear_server()
                for child in list(self.running):
                    self._collect(child)
        finally:
            with _signals_held():  # a second Ctrl-C must not cut the cleaning up short
                self._stop_all()
        return [self.done[index] for index in range(len(self.requests))]

    def _stop_all(self) -> None:
        """Stop every child and the server; remove what they left (after an interruption)."""
        while self.running:  # stopping one may hear of another the server just started
            child = self.running[0]
            self._stop(child.process)
            self._close(child)
        for process in self.answered:
            process.join()
        booklet.processes.forkserver.stop(self.server)
        shutil.rmtree(self.scratch, ignore_errors=True)
        for out_dir in {options.out_dir for options in self.requests}:
            _remove_temporaries(out_dir, None)  # of processes that are gone, whoever forked them

    def _preload(self) -> None:
        from booklet.pipeline import preload_layout

        preload_layout()

    def _start_layouts(self) -> None:
        """Lay out rendered editions, longest first, while processes are free."""
        for index in [i for i in self.order if i in self.rendered] if self.loaded else []:
            if len(self.running) + len(self.in_flight) >= self.jobs:
                return
            prepared, spent = self.rendered.pop(index)  # time spent waiting does not count
            work = partial(_finish, prepared, spent)
            started = time.monotonic() - spent
            if self.server is not None:
                self.server.used = True
                self.in_flight.append((index, spent, prepared))
                try:
                    self.server.control.send(([self.requests[index]], work, self.scratch,
                                              _log_level()))
                except OSError:
                    self._lose_server()
                    return
            else:
                self._fork([index], work, started, laying_out=True, spent=spent)

    def _hear_server(self, until_ended: int | None = None) -> None:
        """Read what the server said: a layout process started (with the pipe it answers on)
        or ended; with `until_ended`, wait until that process has."""
        while self.server is not None:
            if (until_ended is None or until_ended in self.exits) \
                    and not self.server.control.poll():
                return
            with _signals_held():  # a message and the descriptor after it are read together
                try:
                    message = self.server.control.recv()
                    handle = recv_handle(self.server.control) if message[0] == "started" \
                        else -1
                except (EOFError, OSError):
                    self._lose_server()
                    return
            if message[0] == "ready":
                self.ready = True
            elif message[0] == "started":
                index, spent, _ = self.in_flight.pop(0)
                self.running.append(_Child(  # its time starts now, not when it was asked for
                    _Forked(message[1], self), Connection(handle, writable=False), [index],
                    time.monotonic() - spent, True, spent))
            else:
                self.exits[message[1]] = message[2]

    def _lose_server(self) -> None:
        """The server died: lay out here what it was asked to, and what is still to come."""
        if self.server is None:
            return
        self.server.process.join(timeout=1)
        self.server.control.close()
        booklet.processes.forkserver.stop(self.server)
        for index, spent, prepared in self.in_flight:
            self.rendered[index] = (prepared, spent)
        self.in_flight, self.server, self.loaded = [], None, False

    def _start_renders(self, processes: int) -> None:
        """Share the editions still to render among the free processes (up to `processes`)."""
        free = min(processes - len(self.running) - len(self.in_flight), len(self.to_render))
        for share in range(free, 0, -1):
            count = -(-len(self.to_render) // share)  # ceiling: the first take the longest
            batch, self.to_render = self.to_render[:count], self.to_render[count:]
            self._fork(batch, _prepare, time.monotonic(), laying_out=False)

    def _fork(self, owed: list[int], work: Callable[[BuildOptions], object], started: float,
              laying_out: bool, spent: float = 0.0) -> None:
        receiver, sender = widened_pipe()
        process = self.context.Process(
            target=run_child, daemon=True,
            args=([self.requests[index] for index in owed], work, sender, self.scratch,
                  _log_level()))
        process.start()
        sender.close()
        self.running.append(_Child(process, receiver, owed, started, laying_out, spent))

    def _collect(self, child: _Child) -> None:
        """Take the child's answers so far; stop it if its edition overran its time."""
        ended = False
        while child.owed and child.receiver.poll():
            try:
                answer, began, finished = child.receiver.recv()  # the child's own clock
            except EOFError:
                ended = True
                break
            index = child.owed.pop(0)
            if isinstance(answer, PreparedEdition):
                self.rendered[index] = (answer, finished - began)
            else:
                self.done[index] = dataclasses.replace(answer, seconds=child.spent + finished
                                                       - began, layout_seconds=finished - began)
            child.started = finished  # the next edition starts
        if not child.owed:  # all answered: let it end in its own time, joined at the end
            self.answered.append(child.process)
            child.receiver.close()
            self.running.remove(child)
            return
        if not ended:
            if not child.process.is_alive():
                return  # gone, but its last answers or its end are still to be read
            options = self.requests[child.owed[0]]
            limit = options.timeout + GRACE_SECONDS if options.timeout else float("inf")
            if time.monotonic() - child.started <= limit:
                return
            self._stop(child.process)
            self._fail(child, f"stopped after {options.timeout:g} s; find what makes it slow, "
                              "or raise --timeout")
        child.process.join()
        if child.owed:  # it ended without answering for all its editions
            code = child.process.exitcode or 0
            cause = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
            self._fail(child, f"the build process died ({cause}), most likely out of memory "
                              f"(limit {self.requests[child.owed[0]].max_memory_mb} MB); find "
                              "what makes it large, or raise --max-memory")
        self._close(child)

    def _close(self, child: _Child) -> None:
        """Forget a finished or stopped child; remove the temporary files it left."""
        child.receiver.close()
        self.running.remove(child)
        for out_dir in {options.out_dir for options in self.requests}:
            _remove_temporaries(out_dir, child.process.pid)

    def _fail(self, child: _Child, message: str) -> None:
        """The child's edition in progress failed with `message`; its others wait again."""
        index, *others = child.owed
        self._failed(index, child.started, message)
        self.to_render[:0] = others
        child.owed = []

    def _failed(self, index: int, started: float, message: str) -> None:
        options = self.requests[index]
        what = f"edition '{options.locale or 'source'}' ({options.variant})"
        self.done[index] = Outcome(options, errors=(f"{what}: {message}",),
                                   exit_code=EXIT_CONTENT, seconds=time.monotonic() - started)

    @staticmethod
    def _stop(process: Any) -> None:
        process.kill()
        process.join()


class _Forked:
    """A layout process the server forked: killed through a pidfd (never another process
    that got its id), its end reported by the server, or seen on the pidfd if it died."""

    def __init__(self, pid: int, run: _Run) -> None:
        self.pid, self.run = pid, run
        try:
            self.pidfd: int | None = os.pidfd_open(pid)
        except OSError:  # already gone
            self.pidfd = None

    def is_alive(self) -> bool:
        self.run._hear_server()
        if self.run.server is not None:
            return self.pid not in self.run.exits
        return self.pidfd is not None and not wait([self.pidfd], timeout=0)

    def kill(self) -> None:
        if self.pidfd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    def join(self) -> None:
        self.run._hear_server(until_ended=self.pid)
        if self.run.server is None and self.pidfd is not None:
            wait([self.pidfd], timeout=GRACE_SECONDS)
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None

    @property
    def exitcode(self) -> int | None:
        return self.run.exits.get(self.pid)


def widened_pipe() -> tuple[Connection, Connection]:
    """A one-way pipe (receiver, sender) with room for a batch of rendered editions (~25 KB
    each), so that a child never waits for its parent to read."""
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux
        with contextlib.suppress(OSError):
            fcntl.fcntl(receiver.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    return receiver, sender


def _prepare(options: BuildOptions) -> PreparedEdition:
    from booklet.pipeline import prepare_edition

    return prepare_edition(options)


def _finish(prepared: PreparedEdition, elapsed: float, options: BuildOptions) -> Outcome:
    from booklet.pipeline import finish_edition

    return Outcome(options, result=finish_edition(options, prepared, elapsed))


def _cost(options: BuildOptions, seconds: float | None) -> float:
    """The seconds laying out an edition is expected to take: last time's, else a guess.

    The guess: a standard edition ~0.5 s; large print has ~1.4 times the pages; imposing
    lays out a second time to pad to a multiple of 4 pages, three times out of four.
    """
    if seconds is not None:
        return seconds
    return 0.5 * (1.4 if options.variant == "large-print" else 1.0) * (1.75 if options.impose
                                                                       else 1.0)


def run_child(editions: list[BuildOptions], work: Callable[[BuildOptions], object],
              sender: Connection, scratch: str, level: int) -> None:
    """In a forked process: run `work` on each edition in turn, sending each answer back
    with when it began and ended; log at `level`. Ends the process."""
    code = 1
    try:
        tempfile.tempdir = scratch
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
        logging.basicConfig(format="%(message)s")
        logging.getLogger().setLevel(level)
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        for options in editions:
            began = time.monotonic()  # system-wide: the parent compares it with its own
            answer = _answer(options, work)
            sender.send((answer, began, time.monotonic()))
        sender.close()
        code = 0
    except OSError:  # the parent is gone: nobody to answer
        pass
    finally:
        os._exit(code)  # no atexit handlers of the parent's (pytest, logging) in the child


def _log_level() -> int:
    """The level this process logs at, for its children to log at too."""
    return logging.getLogger().getEffectiveLevel()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back (in the main thread) until the block is done."""
    held = {signal.SIGINT, signal.SIGTERM}
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _answer(options: BuildOptions, work: Callable[[BuildOptions], object]) -> object:
    """What `work` gives for `options`, or its error as an Outcome."""
    what = f"edition '{options.locale or 'source'}'"
    try:
        return work(options)  # the stage sets the time and memory limits itself
    except BookletError as exc:
        return Outcome(options, errors=tuple(exc.lines()), exit_code=exc.exit_code)
    except RecursionError:
        return Outcome(options, errors=(
            f"{what}: the layout nests too deeply (quotes or lists inside each other); "
            "flatten the content",), exit_code=EXIT_CONTENT)
    except Exception as exc:
        return Outcome(options, errors=(
            f"{what}: internal error {type(exc).__name__}: {exc}; please report it with the "
            "content that caused it",), exit_code=EXIT_CONTENT)


def _remove_temporaries(out_dir: Path, pid: int | None) -> None:
    """Delete the temporary files a killed child left (write_atomic names them by pid);
    with `pid` None, those of every process that no longer exists."""
    if not out_dir.is_dir():
        return
    for leftover in out_dir.glob(f".*.{pid if pid is not None else '*'}.*.tmp"):
        owner = pid
        if owner is None:
            try:
                owner = int(leftover.name.rsplit(".", 3)[-3])
                os.kill(owner, 0)
                continue  # still running (another build writing here)
            except (ValueError, IndexError, ProcessLookupError):
                pass
            except PermissionError:
                continue
        leftover.unlink(missing_ok=True)
