"""The build processes the runner watches: what each still owes, and whether it overran."""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Protocol

from booklet.processes.child import Answer, Job, run_child, widened_pipe


class ChildProcess(Protocol):
    """What the runner needs of a process: a multiprocessing.Process, or one the fork
    server forked."""

    @property
    def pid(self) -> int | None: ...

    @property
    def exitcode(self) -> int | None: ...

    def is_alive(self) -> bool: ...

    def kill(self) -> None: ...

    def join(self) -> None: ...


@dataclass
class Child:
    """A running build process, the pipe it answers on, and the editions it still owes."""

    process: ChildProcess
    receiver: Connection
    owed: list[int]
    """Request indexes, in the order it answers them; the first is in progress."""
    started: float
    """When the edition in progress started, less the time it already spent rendering in
    another process: its time limit counts from there."""
    spent: float = 0.0
    """Seconds the edition spent rendering, for a process that lays one out."""
    hung_up: bool = False
    """Whether its end of the pipe is closed: it answers no more."""

    def take_answers(self) -> list[tuple[int, Answer]]:
        """The answers it has sent so far, each with the edition it is for."""
        answers = []
        while self.owed and self.receiver.poll():
            try:
                answer: Answer = self.receiver.recv()
            except EOFError:
                self.hung_up = True
                break
            answers.append((self.owed.pop(0), answer))
            self.started = answer.ended  # by the child's clock, when the next one began
        return answers

    def answered_all(self) -> bool:
        return not self.owed

    def overran(self, limit: float | None) -> bool:
        """Whether the edition in progress has taken more than `limit` seconds."""
        return limit is not None and time.monotonic() - self.started > limit

    def give_up(self) -> tuple[int, list[int]]:
        """Forget what it owes: the edition in progress, and those it had not begun."""
        (current, *others), self.owed = self.owed, []
        return current, others

    def stop(self) -> None:
        self.process.kill()
        self.process.join()


def fork_child(job: Job, owed: list[int], started: float) -> Child:
    """Fork a process here to do `job`, owing the editions `owed`."""
    receiver, sender = widened_pipe()
    process = multiprocessing.get_context("fork").Process(target=run_child, args=(job, sender),
                                                           daemon=True)
    process.start()
    sender.close()
    return Child(process, receiver, owed, started, job.spent)
