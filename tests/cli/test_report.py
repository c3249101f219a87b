"""What the commands print (cli/report.py): the lines, their streams, and the exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet.cli.report import Report, warning_lines
from booklet.diagnostics import Finding, Problem, Severity
from booklet.errors import ContentError, UsageError
from booklet.load import load_edition
from booklet.model import BuildResult
from booklet.options import BuildOptions
from booklet.pipeline import Outcome
from tests.helpers import CONTENT


def result(tmp_path: Path, **fields: object) -> BuildResult:
    edition = load_edition(CONTENT, "en")
    return BuildResult(pdf=tmp_path / "a.pdf", html=None, page_count=12, edition=edition,
                       **fields)  # type: ignore[arg-type]


def test_errors_go_to_stderr_and_set_the_highest_exit_code(
        capsys: pytest.CaptureFixture[str]) -> None:
    report = Report()
    assert report.exit_code == 0
    report.booklet_error(ContentError.from_problems([Problem(None, "one"),
                                                     Problem(None, "two", "fix it")]))
    report.booklet_error(UsageError("bad option", "see --help"))
    report.error("three")
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == ["error: one", "error: two; fix it",
                                "error: bad option; see --help", "error: three"]
    assert report.exit_code == 2


def test_a_built_edition_prints_its_warnings_then_its_files(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    findings = (Finding(Severity.WARNING, "LAYOUT-PAGE-BUDGET", "too long", "cut", None, "en", 3),
                Finding(Severity.INFO, "PLAIN-NUMBERS", "a number", "say it", None, "en", 2))
    built = result(tmp_path, warnings=(Problem(None, "odd"),), findings=findings,
                   imposed=tmp_path / "a.imposed.pdf")
    Report().outcome(Outcome(BuildOptions(), built, seconds=1.26))
    out, err = capsys.readouterr()
    assert warning_lines(built) == ["warning: odd",
                        "warning: en page 3: warning LAYOUT-PAGE-BUDGET: too long; cut"]
    assert err.splitlines() == warning_lines(built)
    assert out.splitlines() == [f"wrote {tmp_path}/a.pdf (12 pages, 1.3 s)",
                                f"wrote {tmp_path}/a.imposed.pdf"]


def test_failed_editions_are_counted_once_several_were_asked_for(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = Report()
    report.up_to_date(tmp_path / "a.pdf", ["warning: kept from last time"])
    report.outcome(Outcome(BuildOptions(locale="es"), errors=("es: broken",), exit_code=1))
    report.summary()
    out, err = capsys.readouterr()
    assert out == f"up to date: {tmp_path}/a.pdf\n"
    assert err.splitlines() == ["warning: kept from last time", "error: es: broken",
                                "error: 1 of 2 editions failed"]
    assert report.exit_code == 1


def test_one_failed_edition_needs_no_count(capsys: pytest.CaptureFixture[str]) -> None:
    report = Report()
    report.outcome(Outcome(BuildOptions(), errors=("en: broken",), exit_code=1))
    report.summary()
    assert capsys.readouterr().err == "error: en: broken\n"
    assert report.exit_code == 1
