"""The one error handler of every command: expected errors as their lines, anything else as
one line naming the file that holds its traceback; never a traceback on the terminal."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from booklet.cli import COMMANDS, main
from booklet.cli.watch import rebuild
from booklet.model import BuildResult
from booklet.options import BuildOptions

SAVED = re.compile(r"the traceback is in (\S+booklet-err-\S+\.log);")


def explode(_args: argparse.Namespace) -> int:
    """A command with a bug."""
    raise ZeroDivisionError("a bug in a command")


@pytest.fixture
def tmpdir_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Saved tracebacks go to a temporary folder of the test's own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def test_an_unexpected_error_is_one_line_naming_its_saved_traceback(
        capsys: pytest.CaptureFixture[str], tmpdir_env: Path) -> None:
    code = main(["status"], commands={**COMMANDS, "status": f"{__name__}:explode"})
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("error: internal error ZeroDivisionError: a bug in a command; ")
    saved = SAVED.search(err)
    assert saved, err
    log = Path(saved[1])
    assert log.parent == tmpdir_env
    text = log.read_text(encoding="utf-8")
    assert text.startswith("Traceback (most recent call last):")
    assert "in explode" in text
    assert text.rstrip().endswith("ZeroDivisionError: a bug in a command")


def test_check_of_content_nested_too_deeply_prints_no_traceback(
        capsys: pytest.CaptureFixture[str], content_copy: Path) -> None:
    with (content_copy / "en" / "60-conclusion.md").open("a", encoding="utf-8") as section:
        section.write("\n\n" + ">" * 10_000 + " deep\n")
    code = main(["check", "--content", str(content_copy), "--locale", "en"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    assert err == ("error: edition 'en' (standard): the content nests too deeply (quotes or "
                   "lists inside each other); flatten the content\n")


def test_check_with_an_infinite_page_budget_prints_no_traceback(
        capsys: pytest.CaptureFixture[str], content_copy: Path, tmpdir_env: Path) -> None:
    with (content_copy / "booklet.yml").open("a", encoding="utf-8") as metadata:
        metadata.write("\nchecks:\n  page_budget: .inf\n")
    code = main(["check", "--content", str(content_copy), "--locale", "en"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    assert err.startswith(f"error: {content_copy / 'booklet.yml'}:"), err
    assert "'page_budget' must be a number from 0 to" in err
    assert len(err.splitlines()) == 1


def test_watch_reports_an_unexpected_error_and_goes_on(
        capsys: pytest.CaptureFixture[str], tmpdir_env: Path) -> None:
    def broken(_options: BuildOptions) -> BuildResult:
        raise ZeroDivisionError("a bug in the pipeline")

    rebuild(BuildOptions(), build=broken)  # returns: the watch goes on
    out, err = capsys.readouterr()
    assert err.startswith("error: edition 'source': internal error ZeroDivisionError: ")
    assert len(err.splitlines()) == 1
    assert SAVED.search(err), err
    assert re.fullmatch(r"build failed after \d+\.\d s; still watching\n", out)
