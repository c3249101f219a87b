"""Fork the layout process of a forced one-edition build before the command line loads.

Importing WeasyPrint is the slowest part of a build's start (0.4 s) and needs nothing from the
command line. So `booklet build --force` of one edition forks, first thing, a process that
imports it and then waits for its edition; `booklet.runner` hands it the edition with `take()`.
In every other case (a guess from the arguments that turned out wrong, an edition that failed
before layout) it is stopped unused. Nothing here imports more than the standard library.
"""

from __future__ import annotations

import os
import signal
from typing import Any


class Spare:
    """The forked process, the pipe it reads its one job from and the pipe it answers on."""

    def __init__(self, process: Any, jobs: Any, answers: Any) -> None:
        self.process, self.jobs, self.answers = process, jobs, answers


_spare: Spare | None = None


def start(argv: list[str]) -> None:
    """Fork the spare layout process if `argv` asks for a forced build of one edition."""
    global _spare
    if _spare is not None or not _one_forced_build(argv):
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    job_receiver, job_sender = context.Pipe(duplex=False)
    answer_receiver, answer_sender = context.Pipe(duplex=False)
    process = context.Process(target=_serve, args=(job_receiver, answer_sender,
                                                   "--impose" in argv), daemon=True)
    process.start()
    job_receiver.close()
    answer_sender.close()
    _spare = Spare(process, job_sender, answer_receiver)


def take() -> Spare | None:
    """The spare process, now the caller's to use and to stop; None if there is none."""
    global _spare
    spare, _spare = _spare, None
    return spare


def stop() -> None:
    """Stop the spare process if nobody took it."""
    spare = take()
    if spare is not None:
        spare.process.kill()
        spare.process.join()


def _one_forced_build(argv: list[str]) -> bool:
    """Whether `argv` looks like `build --force` of one edition, on all of several CPUs."""
    words = [word for word in argv if word not in ("-v", "--verbose")]

    def count(option: str) -> int:
        return sum(word == option or word.startswith(f"{option}=") for word in argv)

    return (words[:1] == ["build"] and "--force" in argv and "--all" not in argv
            and count("--locale") <= 1 and count("--variant") <= 1 and count("--jobs") == 0
            and not {"-h", "--help"} & set(argv) and (os.cpu_count() or 1) > 1)


def _serve(jobs: Any, answers: Any, impose: bool) -> None:
    """In the spare process: load the layout half of the pipeline, then build one edition."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
    from booklet.build import preload_layout
    from booklet.runner import run_child

    preload_layout(impose)
    try:
        job = jobs.recv()
    except EOFError:
        job = None
    if job is None:
        os._exit(0)
    editions, work, scratch = job
    run_child(editions, work, answers, scratch)
