"""The child side of the build processes: the work a child is given, how it answers, and the
messages the fork server sends the runner.

A child runs one stage (`Stages`) on each edition of its `Job` in turn, within the edition's
time and memory limits, and sends an `Answer` for each on a pipe of its own. Whatever goes
wrong in a stage comes back as an `Outcome` with one error line: only a crash or a kill
leaves an edition unanswered, and the runner sees that as the pipe closing.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from booklet.errors import EXIT_CONTENT, BookletError, OutputError, internal_error_line
from booklet.model import BuildResult, PreparedEdition
from booklet.options import BuildOptions
from booklet.pipeline import Outcome, finish_edition, prepare_edition
from booklet.processes.limits import resource_limits

#: Pipe buffer asked for (Linux's default maximum): a child never waits for its parent to read.
PIPE_BYTES = 1 << 20


@dataclass(frozen=True)
class Stages:
    """The two halves of a build, each run in child processes of its own: render (stages 1-2)
    and lay out and write (stages 3-4). Module-level functions, so that a job can be pickled
    to the fork server."""

    prepare: Callable[[BuildOptions], PreparedEdition] = prepare_edition
    finish: Callable[[BuildOptions, PreparedEdition, int], BuildResult] = finish_edition
    """Given the edition, its rendered half and the process to leave its files to (see
    `Job.owner`)."""


PIPELINE = Stages()
"""The build's own stages (tests give others)."""


@dataclass(frozen=True)
class Job:
    """What one child does: render `editions` one after another or, given `prepared`, lay out
    and write its one edition."""

    editions: tuple[BuildOptions, ...]
    stages: Stages
    scratch: str
    """The folder for its temporary files, removed by the runner even after a kill."""
    log_level: int
    prepared: PreparedEdition | None = None
    spent: float = 0.0
    """Seconds of the edition's time limit already spent rendering it, in another process."""
    owner: int = field(default_factory=os.getpid)
    """The command's process: a layout process leaves its files under temporary names
    carrying this id, for the command to rename with the rest of the build."""


@dataclass(frozen=True)
class Answer:
    """A child's answer for one edition, with when the stage began and ended (monotonic clock,
    which is system-wide: the runner compares it with its own)."""

    value: PreparedEdition | Outcome
    began: float
    ended: float

    @property
    def seconds(self) -> float:
        return self.ended - self.began


@dataclass(frozen=True)
class Ready:
    """The fork server has imported WeasyPrint: the processes it forks start with it loaded."""


@dataclass(frozen=True)
class Started:
    """The fork server forked a process for the oldest job it was sent and not yet started.

    A file descriptor follows this message on the socket (`multiprocessing.reduction.
    send_handle`): the read end of the pipe that process answers on.
    """

    pid: int


@dataclass(frozen=True)
class Ended:
    """A process the fork server forked has ended (only the server can reap it)."""

    pid: int
    code: int
    """As `os.waitstatus_to_exitcode` gives it: negative for the signal that killed it."""


ServerMessage = Ready | Started | Ended


def widened_pipe() -> tuple[Connection, Connection]:
    """A one-way pipe (receiver, sender) with room for a batch of rendered editions (~25 KB
    each), so that a child never waits for its parent to read."""
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux
        with contextlib.suppress(OSError):
            fcntl.fcntl(receiver.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    return receiver, sender


def run_child(job: Job, sender: Connection) -> None:
    """In a forked process: do `job`, sending an `Answer` for each edition. Ends the process."""
    code = 1
    try:
        die_with_parent()
        tempfile.tempdir = job.scratch
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
        logging.basicConfig(format="%(message)s")
        logging.getLogger().setLevel(job.log_level)
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        for options in job.editions:
            began = time.monotonic()
            value = answer(options, job)
            sender.send(Answer(value, began, time.monotonic()))
        sender.close()
        code = 0
    except OSError:  # the parent is gone: nobody to answer
        pass
    finally:
        os._exit(code)  # no atexit handlers of the parent's (pytest, logging) in the child


def die_with_parent() -> None:
    """Have the kernel kill this process when the one that forked it dies (a `kill -9` of
    the command must not leave a layout process running until its own timer: Linux's
    PR_SET_PDEATHSIG; elsewhere nothing is done)."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # adopted by init: the parent died before the request took effect
        os._exit(1)


def answer(options: BuildOptions, job: Job) -> PreparedEdition | Outcome:
    """The job's stage run on `options` within its limits, or what went wrong as an Outcome."""
    what = f"edition '{options.locale or 'source'}'"
    try:
        with resource_limits(options.timeout, options.max_memory_mb, what, job.spent):
            if job.prepared is None:
                return job.stages.prepare(options)
            return Outcome(options, result=job.stages.finish(options, job.prepared,
                                                             job.owner))
    except BookletError as exc:
        return Outcome(options, errors=tuple(exc.lines()), exit_code=exc.exit_code,
                       output_failed=isinstance(exc, OutputError))
    except Exception as exc:  # a bug, or a library's: one line, the traceback kept in a file
        return Outcome(options, errors=(internal_error_line(exc, what),), exit_code=EXIT_CONTENT)
