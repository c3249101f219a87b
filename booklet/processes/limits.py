"""Stop a build that runs too long or takes too much memory, with a message, never a hang."""

from __future__ import annotations

import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from booklet.errors import ResourceLimitError


class _TimeoutError(Exception):
    """Raised inside the build by the interval timer."""


@contextmanager
def resource_limits(timeout: float | None, max_memory_mb: int | None, what: str,
                    elapsed: float = 0.0) -> Iterator[None]:
    """Run the block with a wall-clock `timeout` (seconds) and an address-space cap.

    `elapsed` seconds of the timeout were already spent (by an earlier stage elsewhere).

    The timer works in the main thread only (it is a signal); the memory cap applies to the
    whole process while the block runs, and is restored afterwards.

    Raises:
        ResourceLimitError: naming `what`, the limit and the option that sets it.
    """
    timer = bool(timeout) and threading.current_thread() is threading.main_thread()
    previous_handler = None
    if timer:
        def expire(_signum: int, _frame: FrameType | None) -> None:
            raise _TimeoutError

        previous_handler = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, max(0.001, float(timeout or 0) - elapsed))
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if max_memory_mb:
        cap = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap if hard < 0 else min(cap, hard), hard))
    try:
        yield
    except _TimeoutError:
        raise ResourceLimitError(f"{what}: stopped after {timeout:g} s",
                                 "find what makes it slow, or raise --timeout") from None
    except Exception as exc:
        # A failed allocation is a MemoryError in Python code, but C code (libraries, the
        # interpreter's own) often fails differently: SystemError, ImportError, OSError.
        if max_memory_mb and (isinstance(exc, MemoryError)
                              or _peak_bytes() >= 0.8 * max_memory_mb * 1024 * 1024):
            raise ResourceLimitError(f"{what}: stopped at the memory limit of {max_memory_mb} MB",
                                     "find what makes it large, or raise --max-memory") from None
        raise
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _peak_bytes() -> int:
    """The most address space this process has had (Linux /proc), 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
