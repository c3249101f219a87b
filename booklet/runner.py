"""Run edition builds in child processes: all cores, time and memory limits, crashes contained.

WeasyPrint is imported once, in the parent, before the children are forked, so each child
starts with it loaded. A child that overruns its time is killed; one that runs out of memory
(often a crash inside Pango or HarfBuzz rather than a Python MemoryError) is reported as such;
either way the others go on, and no partial file is left behind.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from booklet.errors import EXIT_CONTENT, BookletError
from booklet.model import BuildResult
from booklet.options import BuildOptions

#: Extra seconds a child gets past its own timer before the parent kills it.
GRACE_SECONDS = 5.0


@dataclass(frozen=True)
class Outcome:
    """What building one edition gave: a result, or the error lines and exit code."""

    options: BuildOptions
    result: BuildResult | None = None
    errors: tuple[str, ...] = ()
    exit_code: int = 0
    seconds: float = 0.0


def run_builds(requests: Sequence[BuildOptions], jobs: int) -> list[Outcome]:
    """Build every requested edition, `jobs` at a time; outcomes in request order."""
    import weasyprint  # noqa: F401 - loaded once here, inherited by every forked child

    import booklet.build  # noqa: F401 - the pipeline too

    context = multiprocessing.get_context("fork")
    # Longest first (large print has more pages, imposing lays out twice): the last worker
    # to finish then waits least for the others.
    pending = sorted(enumerate(requests), key=lambda item: -_cost(item[1]))
    running: dict[int, tuple[Any, Connection, float, float]] = {}
    outcomes: dict[int, Outcome] = {}
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                index, options = pending.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                child = context.Process(target=_child, args=(options, sender), daemon=True)
                child.start()
                sender.close()
                limit = options.timeout + GRACE_SECONDS if options.timeout else float("inf")
                running[index] = (child, receiver, time.monotonic(), limit)
            wait([entry[1] for entry in running.values()], timeout=0.2)
            for index, (child, receiver, started, limit) in list(running.items()):
                outcome = _collect(requests[index], child, receiver, started, limit)
                if outcome is not None:
                    outcomes[index] = outcome
                    del running[index]
    finally:
        for child, receiver, _, _ in running.values():  # interrupted: stop the rest
            child.kill()
            child.join()
            receiver.close()
            _remove_temporaries(requests[0].out_dir, child.pid)
    return [outcomes[index] for index in range(len(requests))]


def _cost(options: BuildOptions) -> float:
    """A rough relative cost of building an edition, for scheduling."""
    return (2.0 if options.variant == "large-print" else 1.0) * (1.5 if options.impose else 1.0)


def _collect(options: BuildOptions, child: Any, receiver: Connection, started: float,
             limit: float) -> Outcome | None:
    """The child's outcome if it is done (or has to be stopped), else None."""
    elapsed = time.monotonic() - started
    what = f"edition '{options.locale or 'source'}' ({options.variant})"
    if receiver.poll():
        try:
            outcome: Outcome = receiver.recv()
        except EOFError:
            outcome = None  # type: ignore[assignment]
        child.join()
        receiver.close()
        if outcome is not None:
            return dataclasses.replace(outcome, seconds=elapsed)
    elif child.is_alive():
        if elapsed <= limit:
            return None
        child.kill()
        child.join()
        receiver.close()
        _remove_temporaries(options.out_dir, child.pid)
        return Outcome(options, errors=(f"{what}: stopped after {options.timeout:g} s; find what "
                                        "makes it slow, or raise --timeout",),
                       exit_code=EXIT_CONTENT, seconds=elapsed)
    child.join()
    receiver.close()
    _remove_temporaries(options.out_dir, child.pid)
    code = child.exitcode or 0
    cause = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
    return Outcome(options, errors=(
        f"{what}: the build process died ({cause}), most likely out of memory "
        f"(limit {options.max_memory_mb} MB); find what makes it large, or raise --max-memory",),
        exit_code=EXIT_CONTENT, seconds=elapsed)


def _child(options: BuildOptions, sender: Connection) -> None:
    """Build one edition in this forked process and send the outcome back."""
    from booklet.build import build_edition

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
    what = f"edition '{options.locale or 'source'}'"
    try:
        result = build_edition(options)  # sets the time and memory limits itself
        outcome = Outcome(options, result=result)
    except BookletError as exc:
        outcome = Outcome(options, errors=tuple(exc.lines()), exit_code=exc.exit_code)
    except RecursionError:
        outcome = Outcome(options, errors=(
            f"{what}: the layout nests too deeply (quotes or lists inside each other); "
            "flatten the content",), exit_code=EXIT_CONTENT)
    except Exception as exc:
        outcome = Outcome(options, errors=(
            f"{what}: internal error {type(exc).__name__}: {exc}; please report it with the "
            "content that caused it",), exit_code=EXIT_CONTENT)
    sender.send(outcome)
    sender.close()
    os._exit(0)  # no atexit handlers of the parent's (pytest, logging) in the child


def _remove_temporaries(out_dir: Path, pid: int | None) -> None:
    """Delete the temporary files a killed child left (write_atomic names them by pid)."""
    if pid is not None and out_dir.is_dir():
        for leftover in out_dir.glob(f".*.{pid}.*.tmp"):
            leftover.unlink(missing_ok=True)
