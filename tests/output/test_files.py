"""Atomic output files, and the clean-up of leftovers: only files booklet made are removed."""

from __future__ import annotations

import os
from pathlib import Path

from booklet.output.files import TEMPORARY, temporary_prefix, write_atomic
from booklet.processes.leftovers import remove_temporaries
from tests.helpers import run_cli

DEAD = 2**22 + 12345  # above Linux's default pid_max: no such process


def test_write_atomic_leaves_only_the_file(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.pdf", b"%PDF-1.7")
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]
    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644


def test_leftovers_of_dead_processes_go_and_users_files_stay(tmp_path: Path) -> None:
    ours_dead = tmp_path / f"{temporary_prefix('x.pdf', DEAD)}abcd_123.tmp"
    ours_alive = tmp_path / f"{temporary_prefix('y.pdf', os.getpid())}abcd_123.tmp"
    users = [tmp_path / name for name in (".notes.4242.draft.tmp", ".backup.2024.01.tmp",
                                          f".z.{DEAD}.abcdefgh.tmp", ".other.tmp")]
    for path in (ours_dead, ours_alive, *users):
        path.write_text("x")
    assert TEMPORARY.match(ours_dead.name)
    remove_temporaries([tmp_path], None)
    assert not ours_dead.exists()
    assert ours_alive.exists()
    assert all(path.exists() for path in users)
    remove_temporaries([tmp_path], os.getpid())
    assert not ours_alive.exists()


def test_a_build_keeps_the_users_files_in_the_output_folder(tmp_path: Path) -> None:
    """Red-team row 88: `.notes.4242.draft.tmp` and `.backup.2024.01.tmp` were deleted."""
    notes = [tmp_path / ".notes.4242.draft.tmp", tmp_path / ".backup.2024.01.tmp"]
    for path in notes:
        path.write_text("mine\n")
    code, _, err = run_cli("build", "--force", "--out", str(tmp_path))
    assert code == 0, err
    assert [path.read_text() for path in notes] == ["mine\n", "mine\n"]
