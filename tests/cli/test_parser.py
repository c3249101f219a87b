"""The command line's grammar, and the fork-server sniff checked against it."""

from __future__ import annotations

import os

import pytest

from booklet.cli.parser import build_parser, wants_fork_server
from booklet.errors import UsageError

CAN_FORK = (os.cpu_count() or 1) > 1 and hasattr(os, "pidfd_open")

#: argv -> whether it is `build --force` with the default number of processes.
CASES = [
    (["build", "--force"], True),
    (["-v", "build", "--force", "--locale", "es", "--impose"], True),
    (["--verbose", "build", "-v", "--force", "--out", "x"], True),
    (["build", "--force", "--all", "--variant", "standard", "--variant", "large-print"], True),
    (["build", "--locale=es", "--force", "--out=--force"], True),
    (["build"], False),  # may well be up to date: WeasyPrint is not even imported then
    (["build", "--out", "x"], False),
    (["build", "--force", "--jobs", "1"], False),  # one process at a time
    (["build", "--force", "--jobs=2"], False),  # as asked: this process imports it
    (["build", "--force", "--jo", "2"], False),  # an abbreviation of --jobs
    (["check", "--force"], False),
    (["status", "--content", "build", "--force"], False),
    (["build", "--force", "--help"], False),
    (["build", "--force", "-h"], False),
    (["build", "--force", "--he"], False),  # an abbreviation of --help
    (["build", "--force", "-vh"], False),  # -v -h
    (["-h", "build", "--force"], False),
]


@pytest.mark.parametrize(("argv", "wanted"), CASES)
def test_the_fork_server_starts_only_for_a_forced_build(argv: list[str], wanted: bool) -> None:
    assert wants_fork_server(argv) is (wanted and CAN_FORK)


@pytest.mark.parametrize(("argv", "wanted"), CASES)
def test_every_command_the_sniff_accepts_is_a_forced_build(argv: list[str], wanted: bool) -> None:
    """What the sniff says yes to, the real parser reads as `build --force`, default jobs."""
    try:
        args = build_parser().parse_args(argv)
    except (SystemExit, UsageError):  # --help (printed, the command ends), or not valid
        args = None
    forced = (args is not None and args.command == "build" and args.force
              and args.jobs is None)
    assert forced is wanted
    if wants_fork_server(argv):
        assert forced


def test_a_parse_error_is_one_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        build_parser().parse_args(["build", "--paper", "a6"])
    assert caught.value.exit_code == 2
    assert caught.value.lines() == [
        "argument --paper: invalid choice: 'a6' (choose from 'a5', 'a4', 'letter', "
        "'half-letter'); see 'booklet build --help'"]


def test_the_parser_is_built_from_the_standard_library_alone() -> None:
    """`booklet.__main__` imports it before forking the server: nothing of booklet's but
    the package itself may come with it."""
    import subprocess
    import sys

    probe = ("import sys; import booklet.cli.parser; "
             "print(sorted(m for m in sys.modules if m.startswith('booklet')))")
    done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True,
                          text=True)
    assert done.stdout.strip() == "['booklet', 'booklet.cli', 'booklet.cli.parser']"
