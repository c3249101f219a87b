"""Atomic output files, and the clean-up of leftovers: only files booklet made are removed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from booklet.output.files import TEMPORARY, Transaction, temporary_prefix, write_atomic
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


def test_a_transaction_renames_all_its_files_or_none(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_text("old")

    def fail_at_the_third_file() -> None:
        with Transaction() as transaction:
            transaction.write(tmp_path / "a.pdf", b"new")
            transaction.write(tmp_path / "b.pdf", b"new")
            assert transaction.current(tmp_path / "a.pdf").read_bytes() == b"new"
            assert transaction.current(tmp_path / "c.pdf") == tmp_path / "c.pdf"
            raise RuntimeError("the third file failed")

    with pytest.raises(RuntimeError):
        fail_at_the_third_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]
    assert {p.read_text() for p in tmp_path.iterdir()} == {"old"}
    with Transaction() as transaction:
        transaction.write(tmp_path / "a.pdf", b"new")
        transaction.write(tmp_path / "a.pdf", b"newer")  # the last one counts
        transaction.write(tmp_path / "sub" / "b.pdf", b"new")
        transaction.commit()
    assert _tree(tmp_path) == {"a.pdf": b"newer", "b.pdf": b"old", "sub/b.pdf": b"new"}


def test_files_handed_over_are_renamed_by_the_process_that_adopts_them(tmp_path: Path) -> None:
    with Transaction(owner=DEAD) as child:
        child.write(tmp_path / "a.pdf", b"new")
        staged = child.handed_over()
    [(path, tmp)] = staged
    assert path == tmp_path / "a.pdf"
    assert tmp.name.startswith(temporary_prefix("a.pdf", DEAD))
    assert tmp.is_file()  # not removed when the child's transaction ended
    with Transaction() as parent:
        parent.adopt(staged)
    assert not list(tmp_path.iterdir())  # not committed: removed
    with Transaction(owner=DEAD) as child:
        child.write(tmp_path / "a.pdf", b"new")
        staged = child.handed_over()
    with Transaction() as parent:
        parent.adopt(staged)
        parent.commit()
    assert _tree(tmp_path) == {"a.pdf": b"new"}


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}
