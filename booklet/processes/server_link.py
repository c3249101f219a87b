"""The runner's side of the fork server: it asks for layout processes and hears of their
starts and ends (see `booklet.processes.forkserver` for the server's side)."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import recv_handle

from booklet.processes import forkserver
from booklet.processes.child import Ended, Job, Ready, ServerMessage, Started
from booklet.processes.children import Child
from booklet.processes.schedule import Rendered
from booklet.processes.signals import signals_held


class ServerLink:
    """A fork server in use: the jobs sent to it and not yet started, the processes it
    forked and how they ended.

    `on_start` is given each process the server starts, `on_lost` the editions sent to it
    and not yet started when it dies (they are to be laid out elsewhere).
    """

    def __init__(self, server: forkserver.Server, grace: float,
                 on_start: Callable[[Child], None],
                 on_lost: Callable[[list[tuple[int, Rendered]]], None]) -> None:
        self.server, self.grace = server, grace
        self._on_start, self._on_lost = on_start, on_lost
        self.ready = False
        """Whether it has imported WeasyPrint; till then it counts as a working process."""
        self.lost = False
        self.exits: dict[int, int] = {}
        """Exit codes of the processes it forked, by process id."""
        self._waiting: list[tuple[int, Rendered]] = []

    @property
    def control(self) -> Connection:
        control: Connection = self.server.control
        return control

    def waiting(self) -> int:
        """Jobs sent that it has not started yet: each will be a process."""
        return len(self._waiting)

    def ask(self, index: int, edition: Rendered, job: Job) -> bool:
        """Send it a job for edition `index`; False if it is gone (then it is lost)."""
        self.server.used = True
        self._waiting.append((index, edition))
        try:
            self.control.send(job)
        except OSError:
            self.lose()
            return False
        return True

    def hear(self, until_ended: int | None = None) -> None:
        """Take in what it has said so far; with `until_ended`, wait until that process has
        ended."""
        while not self.lost:
            if (until_ended is None or until_ended in self.exits) and not self.control.poll():
                return
            with signals_held():  # a message and the descriptor after it go together
                try:
                    message: ServerMessage = self.control.recv()
                    handle = recv_handle(self.control) if isinstance(message, Started) else -1
                except (EOFError, OSError):
                    self.lose()
                    return
            if isinstance(message, Ready):
                self.ready = True
            elif isinstance(message, Started):
                index, edition = self._waiting.pop(0)
                self._on_start(Child(ServedProcess(message.pid, self), Connection(
                    handle, writable=False), [index], time.monotonic() - edition.seconds,
                    edition.seconds))
            elif isinstance(message, Ended):
                self.exits[message.pid] = message.code

    def lose(self) -> None:
        """It died: stop what is left of it; what it had not started goes back."""
        if self.lost:
            return
        self.lost = True
        self.server.process.join(timeout=1)
        self.control.close()
        forkserver.stop(self.server)
        waiting, self._waiting = self._waiting, []
        self._on_lost(waiting)


class ServedProcess:
    """A layout process the server forked: killed through a pidfd (never another process
    that got its id after it), its end heard from the server, or seen on the pidfd if the
    server died."""

    def __init__(self, pid: int, link: ServerLink) -> None:
        self.pid, self.link = pid, link
        try:
            self.pidfd: int | None = os.pidfd_open(pid)
        except OSError:  # already gone
            self.pidfd = None

    @property
    def exitcode(self) -> int | None:
        return self.link.exits.get(self.pid)

    def is_alive(self) -> bool:
        """As far as heard so far (the runner hears the server before it asks)."""
        if not self.link.lost:
            return self.pid not in self.link.exits
        return self.pidfd is not None and not wait([self.pidfd], timeout=0)

    def kill(self) -> None:
        if self.pidfd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    def join(self) -> None:
        self.link.hear(until_ended=self.pid)
        if self.link.lost and self.pidfd is not None:
            wait([self.pidfd], timeout=self.link.grace)
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None
