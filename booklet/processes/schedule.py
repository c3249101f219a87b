"""Which edition goes next to which stage: the longest first, so that the last process to
finish waits least for the others."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from booklet.errors import EXIT_CONTENT
from booklet.model import PreparedEdition
from booklet.options import BuildOptions
from booklet.pipeline import Outcome


@dataclass(frozen=True)
class Rendered:
    """An edition through stages 1-2, waiting to be laid out."""

    prepared: PreparedEdition
    seconds: float
    """Spent rendering it: they count towards its time limit (time spent waiting does not)."""


class Schedule:
    """The editions of one run, each waiting to be rendered, waiting to be laid out, or done.

    Editions are known by their index in `requests`. One being worked on is in none of the
    three: the process that has it owes an answer for it.
    """

    def __init__(self, requests: Sequence[BuildOptions], seconds: Sequence[float | None]
                 ) -> None:
        self.requests = requests
        known = [*seconds, *[None] * len(requests)]
        costs = [expected_seconds(options, known[index])
                 for index, options in enumerate(requests)]
        self._order = sorted(range(len(requests)), key=lambda index: -costs[index])
        self._to_render = list(self._order)
        self._rendered: dict[int, Rendered] = {}
        self._done: dict[int, Outcome] = {}

    def finished(self) -> bool:
        return len(self._done) == len(self.requests)

    def outcomes(self) -> list[Outcome]:
        """Every edition's outcome, in the order of the requests."""
        return [self._done[index] for index in range(len(self.requests))]

    def render_batches(self, processes: int) -> list[list[int]]:
        """Share the editions still to render among up to `processes` new processes, as
        evenly as they go; the first batches take the longest editions."""
        batches = []
        for share in range(min(processes, len(self._to_render)), 0, -1):
            count = -(-len(self._to_render) // share)  # rounded up
            batch, self._to_render = self._to_render[:count], self._to_render[count:]
            batches.append(batch)
        return batches

    def render_again(self, indexes: list[int]) -> None:
        """Editions whose process died before it rendered them: they go first."""
        self._to_render[:0] = indexes

    def rendered(self, index: int, edition: Rendered) -> None:
        self._rendered[index] = edition

    def next_to_lay_out(self) -> tuple[int, Rendered] | None:
        """The longest rendered edition, now taken off the queue; None if none waits."""
        for index in self._order:
            if index in self._rendered:
                return index, self._rendered.pop(index)
        return None

    def done(self, index: int, outcome: Outcome) -> None:
        self._done[index] = outcome

    def failed(self, index: int, started: float, message: str) -> None:
        """The edition failed with `message`; its time counts from `started`."""
        options = self.requests[index]
        what = f"edition '{options.locale or 'source'}' ({options.variant})"
        self._done[index] = Outcome(options, errors=(f"{what}: {message}",),
                                    exit_code=EXIT_CONTENT, seconds=time.monotonic() - started)


def expected_seconds(options: BuildOptions, last_time: float | None) -> float:
    """The seconds laying out an edition is expected to take: last time's, else a guess.

    The guess: a standard edition ~0.5 s; large print has ~1.4 times the pages; imposing
    lays out a second time to pad to a multiple of 4 pages, three times out of four.
    """
    if last_time is not None:
        return last_time
    return 0.5 * (1.4 if options.variant == "large-print" else 1.0) * (1.75 if options.impose
                                                                       else 1.0)
