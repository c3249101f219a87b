"""A process forked at start-up that imports WeasyPrint, then forks the layout processes.

Importing WeasyPrint is the slowest part of starting a build (0.4 s) and needs nothing from
the command line. So `booklet build --force` forks this server first thing, before the command
line is even imported: while it imports WeasyPrint, the command line loads the metadata and
renders the editions. The runner (`booklet.runner`) then asks it for one layout process per
edition; each is forked from it, so starts with WeasyPrint loaded, and answers the runner on a
pipe of its own, handed over with its process id. The server says when it is ready, and when
each process ends (and how), since only it can reap them. A build that turns out not to need
it stops it unused.

Nothing here imports more than the standard library until the server process is forked.
"""

from __future__ import annotations

import contextlib
import os
import signal
from typing import Any


class Server:
    """The server process and the socket the runner talks to it on."""

    def __init__(self, process: Any, control: Any) -> None:
        self.process, self.control = process, control
        self.used = False
        """Whether it was asked to fork: then it must stop what it forked, not just die."""


_server: Server | None = None
_launched: list[Server] = []  # every server not stopped yet, taken or not


def start(argv: list[str]) -> None:
    """Fork the server if `argv` asks for a forced build that may use several processes."""
    if _server is None and _forced_parallel_build(argv):
        launch("--impose" in argv)


def launch(impose: bool) -> None:
    """Fork the server now (`impose`: have it import what imposing needs too)."""
    global _server
    import multiprocessing

    context = multiprocessing.get_context("fork")
    control, remote = context.Pipe(duplex=True)  # a socket pair: it can pass descriptors
    process = context.Process(target=_serve, args=(remote, control, impose), daemon=True)
    process.start()
    remote.close()
    _server = Server(process, control)
    _launched.append(_server)


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


def stop_all() -> None:
    """Stop every server still running (the command is ending, maybe interrupted)."""
    for server in list(_launched):
        stop(server)


def _forced_parallel_build(argv: list[str]) -> bool:
    """Whether `argv` looks like `build --force` with the default number of processes."""
    words = [word for word in argv if word not in ("-v", "--verbose")]
    return (words[:1] == ["build"] and "--force" in argv
            and not any(word.startswith("--j") for word in argv)  # --jobs, abbreviated or not
            and not {"-h", "--help"} & set(argv) and (os.cpu_count() or 1) > 1
            and hasattr(os, "pidfd_open"))


def _serve(control: Any, runner_end: Any, impose: bool) -> None:
    """In the server: load the layout half of the pipeline, then fork on request until told
    to stop or the runner goes away; report how each forked process ended."""
    import multiprocessing
    from multiprocessing.connection import wait
    from multiprocessing.reduction import send_handle

    runner_end.close()  # or the socket never reports the runner's end
    parent = multiprocessing.parent_process()
    gone = parent.sentinel if parent is not None else None  # readable once the runner died

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from booklet.build import preload_layout

    preload_layout(impose)
    control.send(("ready",))
    children: dict[int, int] = {}  # pidfd -> pid
    runner = os.getppid()
    while True:
        ready = wait([control, *children, *([gone] if gone is not None else [])])
        if gone is not None and gone in ready:
            _stop_children(children)
        for pidfd in [fd for fd in ready if isinstance(fd, int) and fd in children]:
            pid = children.pop(pidfd)
            _, status = os.waitpid(pid, 0)
            os.close(pidfd)
            control.send(("ended", pid, os.waitstatus_to_exitcode(status)))
        if control not in ready:
            continue
        try:
            job = control.recv()
        except (EOFError, OSError):
            job = None
        if job is None:
            _stop_children(children)
        pid, receiver = _fork_child(job, control)
        children[os.pidfd_open(pid)] = pid
        control.send(("started", pid))
        send_handle(control, receiver.fileno(), runner)
        receiver.close()


def _stop_children(children: dict[int, int]) -> None:
    """Kill what this server forked, and end it."""
    for pid in children.values():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    os._exit(0)


def _fork_child(job: tuple[Any, ...], control: Any) -> tuple[int, Any]:
    """Fork a layout process for `job` (run_child's arguments but the pipe): its id, and
    the end of the pipe it answers on."""
    from booklet.runner import run_child, widened_pipe

    editions, work, scratch, level = job
    receiver, sender = widened_pipe()
    pid = os.fork()
    if pid == 0:
        try:
            control.close()
            receiver.close()
            run_child(editions, work, sender, scratch, level)  # ends the process
        finally:
            os._exit(1)  # never back into the server's code
    sender.close()
    return pid, receiver
