"""Run one piece of work (`booklet check` on an edition) in a child process within a build's
time and memory limits: an overrun or a crash is one error line, never a traceback or a hang."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Callable
from typing import TypeVar

from booklet.errors import EXIT_CONTENT, BookletError, ResourceLimitError, internal_error_line
from booklet.processes.child import die_with_parent, widened_pipe
from booklet.processes.limits import resource_limits

T = TypeVar("T")
R = TypeVar("R")
#: Seconds the child gets past its own timer before it is killed (see runner.GRACE_SECONDS).
GRACE_SECONDS = 5.0


class ChildError(BookletError):
    """What went wrong in the child: its error lines and exit code, raised here again."""

    def __init__(self, lines: list[str], exit_code: int) -> None:
        super().__init__(lines[0] if lines else "failed")
        self._lines = lines
        self.exit_code = exit_code

    def lines(self) -> list[str]:
        return list(self._lines)


def run_limited(work: Callable[[T], R], argument: T, timeout: float | None,
                max_memory_mb: int | None, what: str, grace: float = GRACE_SECONDS) -> R:
    """`work(argument)` in a forked process, within `timeout` seconds and `max_memory_mb`
    of memory, as a build's edition is; its result returned here.

    Raises:
        BookletError: what `work` raised (its lines), an unexpected error (one line, the
            traceback saved), the limit it went over, or the process's death.
    """
    receiver, sender = widened_pipe()
    scratch = tempfile.mkdtemp(prefix="booklet-")
    process = multiprocessing.get_context("fork").Process(
        target=_child, args=(work, argument, timeout, max_memory_mb, what, scratch, sender),
        daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout + grace if timeout else None):
            raise ResourceLimitError(f"{what}: stopped after {timeout:g} s",
                                     "find what makes it slow, or raise --timeout")
        try:
            kind, value = receiver.recv()
        except EOFError:
            process.join()
            code = process.exitcode or 0
            cause = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
            raise ResourceLimitError(
                f"{what}: the process died ({cause}), most likely out of memory (limit "
                f"{max_memory_mb} MB)", "find what makes it large, or raise --max-memory"
            ) from None
        if kind == "failed":
            raise ChildError(*value)
        result: R = value
        return result
    finally:
        receiver.close()
        process.kill()
        process.join()
        shutil.rmtree(scratch, ignore_errors=True)


def _child(work: Callable[[T], R], argument: T, timeout: float | None,
           max_memory_mb: int | None, what: str, scratch: str, sender: object) -> None:
    """In the forked process: do the work, send ("done", result) or ("failed", (lines,
    exit code)). Ends the process."""
    code = 1
    try:
        die_with_parent()
        tempfile.tempdir = scratch
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
        try:
            with resource_limits(timeout, max_memory_mb, what):
                message: tuple[str, object] = ("done", work(argument))
        except BookletError as exc:
            message = ("failed", (exc.lines(), exc.exit_code))
        except Exception as exc:  # a bug, or a library's: one line, the traceback kept
            message = ("failed", ([internal_error_line(exc, what)], EXIT_CONTENT))
        sender.send(message)  # type: ignore[attr-defined]
        code = 0
    except OSError:  # the parent is gone
        pass
    finally:
        os._exit(code)
