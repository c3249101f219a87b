"""Shared fixtures: the default booklet built once, content copies (helpers: tests/helpers.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from booklet.model import BuildResult
from tests.helpers import (  # noqa: F401 - re-exported for older imports
    CONTENT,
    FIXTURES,
    PROJECT_ROOT,
    Edit,
    Pdf,
    add_locales,
    build,
    edit_file,
    git_commit_all,
    print_problems,
)


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The shipped booklet, built once for the whole session."""
    return build(CONTENT, tmp_path_factory.mktemp("out"), save_html=True)


@pytest.fixture(scope="session")
def default_pdf(default_build: BuildResult) -> Pdf:
    return Pdf(default_build.pdf)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content folder."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def edit() -> Edit:
    """Replace `old` by `new` in a file (the text must be there)."""
    return edit_file


@pytest.fixture(scope="session")
def multiscript(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pdf]:
    """The booklet with the Arabic and Chinese fixtures added, built once per session."""
    content = tmp_path_factory.mktemp("multiscript") / "content"
    shutil.copytree(CONTENT, content)
    add_locales(content, "ar", "zh")
    out = tmp_path_factory.mktemp("multiscript-out")
    return {locale: Pdf(build(content, out, locale=locale).pdf) for locale in ("ar", "zh")}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Every imposed file any test built (under the session's temporary folder) renders
    cleanly in Ghostscript and MuPDF, as print RIPs need; a problem fails the run."""
    factory: Any = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or exitstatus not in (0, 1):
        return
    sheets = sorted(Path(factory.getbasetemp()).rglob("*.imposed.pdf"))
    found = {path: problems for path in sheets if (problems := print_problems(path))}
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"imposed sheets: {len(sheets)} files rendered by Ghostscript and "
                            f"MuPDF, {len(found)} with problems")
        for path, problems in found.items():
            reporter.write_line(f"  {path}: {'; '.join(problems)}")
    if found:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
