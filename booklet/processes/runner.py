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

import dataclasses
import logging
import shutil
import signal
import tempfile
import time
from collections.abc import Sequence
from multiprocessing.connection import wait

from booklet.model import PreparedEdition
from booklet.options import BuildOptions
from booklet.pipeline import Outcome, preload_layout
from booklet.processes import forkserver
from booklet.processes.child import PIPELINE, Job, Stages
from booklet.processes.children import Child, ChildProcess, fork_child
from booklet.processes.leftovers import remove_temporaries
from booklet.processes.schedule import Rendered, Schedule
from booklet.processes.server_link import ServerLink
from booklet.processes.signals import signals_held

#: Seconds a child gets past its own timer before it is killed: the timer is a signal, which
#: a child stuck in C code never sees.
GRACE_SECONDS = 5.0


def run_builds(requests: Sequence[BuildOptions], jobs: int,
               seconds: Sequence[float | None] = (), *, stages: Stages = PIPELINE,
               grace: float = GRACE_SECONDS) -> list[Outcome]:
    """Build every requested edition, at most `jobs` processes at a time; outcomes in order.

    `seconds`: how long laying out each edition took last time (None: unknown), to start
    the longest first. `stages`: what the processes run. `grace`: see GRACE_SECONDS.
    If the fork server was launched, it forks the layout processes, and is stopped after.
    """
    return _Run(requests, max(1, jobs), seconds, stages, grace).outcomes()


class _Run:
    """One run: starts processes while there is work and room, and hears what they say."""

    def __init__(self, requests: Sequence[BuildOptions], jobs: int,
                 seconds: Sequence[float | None], stages: Stages, grace: float) -> None:
        self.requests, self.jobs, self.stages, self.grace = requests, jobs, stages, grace
        self.schedule = Schedule(requests, seconds)
        self.children: list[Child] = []
        self.ending: list[ChildProcess] = []
        """Processes that gave all their answers, left to end in their own time."""
        server = forkserver.take()
        self.server = None if server is None else ServerLink(
            server, grace, self.children.append, self._server_lost)
        self.scratch = ""
        self.loaded = self.server is not None or jobs == 1
        """Whether layout processes can start with WeasyPrint loaded."""

    def outcomes(self) -> list[Outcome]:
        # Children's temporary files (WeasyPrint copies web fonts into a folder it removes
        # only when its FontConfiguration is collected) go here, removed even after a kill.
        self.scratch = tempfile.mkdtemp(prefix="booklet-")
        if self.server is None and self.jobs == 1:  # nothing to overlap the import with
            preload_layout()
        try:
            while not self.schedule.finished():
                self._start_layouts()
                if not self.loaded:  # this process counts as one while it imports WeasyPrint
                    self._start_renders(self.jobs - 1)
                    preload_layout()
                    self.loaded = True
                    continue
                importing = self.server is not None and not self.server.ready
                self._start_renders(self.jobs - importing)
                wait([child.receiver for child in self.children]
                     + ([self.server.control] if self.server else []), timeout=0.2)
                if self.server is not None:
                    self.server.hear()
                for child in list(self.children):
                    self._collect(child)
        finally:
            with signals_held():  # a second Ctrl-C must not cut the cleaning up short
                self._stop_all()
        return self.schedule.outcomes()

    def _busy(self) -> int:
        """Processes working or asked for."""
        return len(self.children) + (self.server.waiting() if self.server else 0)

    def _start_layouts(self) -> None:
        """Lay out rendered editions, longest first, while processes are free."""
        while self.loaded and self._busy() < self.jobs:
            taken = self.schedule.next_to_lay_out()
            if taken is None:
                return
            index, edition = taken
            job = Job((self.requests[index],), self.stages, self.scratch, _log_level(),
                      edition.prepared, edition.seconds)
            if self.server is None:
                self.children.append(fork_child(job, [index],
                                                time.monotonic() - edition.seconds))
            elif not self.server.ask(index, edition, job):
                return

    def _start_renders(self, processes: int) -> None:
        """Share the editions still to render among the free processes (up to `processes`)."""
        for batch in self.schedule.render_batches(processes - self._busy()):
            job = Job(tuple(self.requests[index] for index in batch), self.stages,
                      self.scratch, _log_level())
            self.children.append(fork_child(job, batch, time.monotonic()))

    def _server_lost(self, waiting: list[tuple[int, Rendered]]) -> None:
        """Lay out here what the server was sent, and what is still to come."""
        for index, edition in waiting:
            self.schedule.rendered(index, edition)
        self.server, self.loaded = None, False

    def _collect(self, child: Child) -> None:
        """Take the child's answers so far; stop it if its edition overran its time."""
        for index, answer in child.take_answers():
            if isinstance(answer.value, PreparedEdition):
                self.schedule.rendered(index, Rendered(answer.value, answer.seconds))
            else:
                self.schedule.done(index, dataclasses.replace(
                    answer.value, seconds=child.spent + answer.seconds,
                    layout_seconds=answer.seconds))
        if child.answered_all():  # joined at the end: no need to wait for it to exit
            self.ending.append(child.process)
            child.receiver.close()
            self.children.remove(child)
            return
        if not child.hung_up:
            if not child.process.is_alive():
                return  # gone, but its last answers or its end are still to be read
            timeout = self.requests[child.owed[0]].timeout
            if not child.overran(timeout + self.grace if timeout else None):
                return
            child.stop()
            self._fail(child, f"stopped after {timeout:g} s; find what makes it slow, "
                              "or raise --timeout")
        child.process.join()
        if child.owed:  # it ended without answering for all its editions
            code = child.process.exitcode or 0
            cause = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
            self._fail(child, f"the build process died ({cause}), most likely out of memory "
                              f"(limit {self.requests[child.owed[0]].max_memory_mb} MB); find "
                              "what makes it large, or raise --max-memory")
        self._close(child)

    def _fail(self, child: Child, message: str) -> None:
        """The child's edition in progress failed with `message`; its others wait again."""
        index, others = child.give_up()
        self.schedule.failed(index, child.started, message)
        self.schedule.render_again(others)

    def _close(self, child: Child) -> None:
        """Forget a finished or stopped child; remove the temporary files it left."""
        child.receiver.close()
        self.children.remove(child)
        remove_temporaries((options.out_dir for options in self.requests), child.process.pid)

    def _stop_all(self) -> None:
        """Stop every child and the server; remove what they left (after an interruption)."""
        while self.children:  # stopping one may hear of another the server just started
            child = self.children[0]
            child.stop()
            self._close(child)
        for process in self.ending:
            process.join()
        forkserver.stop(self.server.server if self.server else None)
        shutil.rmtree(self.scratch, ignore_errors=True)
        # of processes that are gone, whoever forked them
        remove_temporaries((options.out_dir for options in self.requests), None)


def _log_level() -> int:
    """The level this process logs at, for its children to log at too."""
    return logging.getLogger().getEffectiveLevel()
