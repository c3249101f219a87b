"""A process forked at start-up that imports WeasyPrint, then forks the layout processes.

Importing WeasyPrint is the slowest part of starting a build (0.4 s) and needs nothing from
the command line. So `booklet build --force` forks this server first thing, before the command
line is even imported: while it imports WeasyPrint, the command line loads the metadata and
renders the editions. The runner (`booklet.processes.runner`, through `server_link`) then asks
it for one layout process per edition (a `child.Job`); each is forked from it, so starts with
WeasyPrint loaded, and answers the runner on a pipe of its own, handed over with its process id
(`child.Started`). The server says when it is ready (`child.Ready`), and when each process ends
and how (`child.Ended`), since only it can reap them. A build that turns out not to need it
stops it unused.

Nothing here imports more than the standard library until the server process is forked.
"""

from __future__ import annotations

import contextlib
import os
import signal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from booklet.processes.child import Job


class Server:
    """The server process and the socket the runner talks to it on."""

    def __init__(self, process: Any, control: Any, scratch: str) -> None:
        self.process, self.control, self.scratch = process, control, scratch
        self.used = False
        """Whether it was asked to fork: then it must stop what it forked, not just die."""


_server: Server | None = None
_launched: list[Server] = []  # every server not stopped yet, taken or not


def start() -> None:
    """Fork the server, unless one is waiting already (`booklet.cli.parser.wants_fork_server`
    says when a command needs it)."""
    if _server is None:
        launch()


def launch() -> Server:
    """Fork the server now; the runner's next build takes it (see `take`)."""
    global _server
    import socket

    control, remote = socket.socketpair()  # a socket pair: it can pass descriptors
    scratch = _new_folder()
    pid = os.fork()  # not multiprocessing: importing it and starting a Process take 18 ms
    if pid == 0:
        try:
            control.close()
            _serve(remote, scratch)
        finally:
            os._exit(0)
    remote.close()
    from multiprocessing.connection import Connection

    _server = Server(_Process(pid), Connection(control.detach()), scratch)
    _launched.append(_server)
    return _server


class _Process:
    """The server's process: what the runner needs of a multiprocessing.Process."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.exitcode: int | None = None

    def is_alive(self) -> bool:
        if self.exitcode is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.exitcode = os.waitstatus_to_exitcode(status)
        return self.exitcode is None

    def kill(self) -> None:
        if self.is_alive():
            os.kill(self.pid, signal.SIGKILL)

    def join(self, timeout: float | None = None) -> None:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.is_alive() and (deadline is None or time.monotonic() < deadline):
            time.sleep(0.002)


def take() -> Server | None:
    """The server, now the caller's to use and to stop; None if there is none."""
    global _server
    server, _server = _server, None
    return server


def stop(server: Server | None = None) -> None:
    """Stop `server` (by default, the one nobody took) and every process it forked."""
    server = server or take()
    if server is not None and server in _launched:
        _launched.remove(server)
        if server.used:  # it stops its processes, then itself
            with contextlib.suppress(OSError):
                server.control.send(None)
            server.process.join(timeout=5)
        if server.process.is_alive():  # unused (it may still be importing): no need to wait
            server.process.kill()
            server.process.join()
        server.control.close()
        import shutil

        shutil.rmtree(server.scratch, ignore_errors=True)


def stop_all() -> None:
    """Stop every server still running (the command is ending, maybe interrupted)."""
    for server in list(_launched):
        stop(server)


def _new_folder() -> str:
    """A new private folder in the temporary folder (without importing tempfile, which would
    delay the fork)."""
    base = os.environ.get("TMPDIR") or "/tmp"  # noqa: S108 - tempfile's own first choice
    for attempt in range(100):
        folder = os.path.join(base, f"booklet-server-{os.getpid()}-{attempt}")
        try:
            os.mkdir(folder, 0o700)
            return folder
        except FileExistsError:
            continue
    raise FileExistsError(folder)


def _serve(socket: Any, scratch: str) -> None:
    """In the server: load the layout half of the pipeline, then fork on request until told
    to stop or the runner goes away; report how each forked process ended. Its temporary
    files (importing may write some) go to `scratch`, removed when it is stopped."""
    import tempfile

    tempfile.tempdir = scratch
    from multiprocessing.connection import Connection

    control = Connection(socket.detach())
    gone = os.pidfd_open(os.getppid())  # readable once the runner has ended

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from booklet.pipeline import preload_layout
    from booklet.processes.child import Ready

    preload_layout()
    children: dict[int, int] = {}  # pidfd -> pid
    try:
        control.send(Ready())
        _fork_on_request(control, gone, children)
    except OSError:  # the runner is gone
        pass
    _stop_children(children, scratch)


def _fork_on_request(control: Any, gone: int, children: dict[int, int]) -> None:
    """Fork a layout process for each job; report their ends; return when told to stop or
    the runner has ended."""
    from multiprocessing.connection import wait
    from multiprocessing.reduction import send_handle

    from booklet.processes.child import Ended, Started

    runner = os.getppid()
    while True:
        ready = wait([control, gone, *children])
        if gone in ready:
            return
        for pidfd in [fd for fd in ready if isinstance(fd, int) and fd in children]:
            pid = children.pop(pidfd)
            _, status = os.waitpid(pid, 0)
            os.close(pidfd)
            control.send(Ended(pid, os.waitstatus_to_exitcode(status)))
        if control not in ready:
            continue
        try:
            job = control.recv()
        except EOFError:
            job = None
        if job is None:
            return
        pid, receiver = _fork_child(job, control)
        children[os.pidfd_open(pid)] = pid
        control.send(Started(pid))  # the descriptor must follow at once
        send_handle(control, receiver.fileno(), runner)
        receiver.close()


def _stop_children(children: dict[int, int], scratch: str) -> None:
    """Kill what this server forked, remove its temporary files, and end it."""
    import shutil

    for pid in children.values():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(scratch, ignore_errors=True)
    os._exit(0)


def _fork_child(job: Job, control: Any) -> tuple[int, Any]:
    """Fork a layout process for `job`: its id, and the end of the pipe it answers on."""
    from booklet.processes.child import run_child, widened_pipe

    receiver, sender = widened_pipe()
    pid = os.fork()
    if pid == 0:
        try:
            control.close()
            receiver.close()
            run_child(job, sender)  # ends the process
        finally:
            os._exit(1)  # never back into the server's code
    sender.close()
    return pid, receiver
