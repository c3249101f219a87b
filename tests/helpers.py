"""What the tests share: a PDF reader, in-process builds and CLI runs, file edits."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from booklet import BuildOptions, ContentError, build_edition
from booklet.cli import main
from booklet.model import BuildResult
from booklet.options import PROJECT_ROOT

CONTENT = PROJECT_ROOT / "content"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
_ENTRY = re.compile(r"^(?P<title>.+?)[ .]*\.{2,}[ .]*(?P<page>\d+)$")

#: Replace `old` by `new` in a file (see `edit_file`).
Edit = Callable[[Path, str, str], None]


@dataclass
class Pdf:
    """A built PDF with lazily extracted text, outline and metadata."""

    path: Path

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    @cached_property
    def pages_text(self) -> list[str]:
        with pdfplumber.open(self.path) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]

    def page_lines(self, number: int) -> list[str]:
        """Lines of text on 1-based page `number`."""
        return self.pages_text[number - 1].splitlines()

    def pages_with(self, text: str) -> list[int]:
        """1-based numbers of the pages whose text contains `text`."""
        return [n for n, page in enumerate(self.pages_text, 1) if text in page]

    def contents(self) -> list[tuple[str, int]]:
        """(title, page) of each entry of the contents page (page 2), left-to-right text."""
        entries = []
        pending = ""  # a title that wrapped onto the next line
        for line in self.page_lines(2)[2:]:
            match = _ENTRY.match(f"{pending} {line}".strip())
            if match:
                entries.append((match["title"].strip(), int(match["page"])))
                pending = ""
            elif not line.startswith("Page") and not line.startswith("Página"):
                pending = f"{pending} {line}".strip()
        return entries

    def outline(self) -> list[tuple[str, int]]:
        """Top-level bookmarks as (title, 1-based page)."""
        return [(item.title, self.reader.get_destination_page_number(item) + 1)
                for item in self.reader.outline if not isinstance(item, list)]


def build(content: Path, out: Path, **options: object) -> BuildResult:
    """Build in-process, as the CLI does."""
    return build_edition(BuildOptions(content_dir=content, out_dir=out, **options))  # type: ignore[arg-type]


def build_errors(content: Path, out: Path, **options: object) -> list[str]:
    """Build in-process a content that must fail: its error lines (no new PDF is written)."""
    before = set(out.glob("*.pdf")) if out.exists() else set()
    with pytest.raises(ContentError) as caught:
        build(content, out, **options)
    assert (set(out.glob("*.pdf")) if out.exists() else set()) == before
    return caught.value.lines()


def run_cli(*argv: str) -> tuple[int, str, str]:
    """Run the command line in-process: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def edit_file(path: Path, old: str, new: str) -> None:
    """Replace the first `old` by `new` in a file (the text must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append_file(path: Path, text: str) -> None:
    """Add `text` at the end of a file."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def add_locales(content: Path, *locales: str) -> None:
    """Add fixture locales (tests/fixtures/locales/<ll>) to a content copy, translated from
    the source as it is now."""
    from booklet.load.files import read_versioned

    meta = content / "booklet.yml"
    text = meta.read_text(encoding="utf-8")
    listed = re.search(r"^locales: \[(.*)\]$", text, re.MULTILINE)
    assert listed is not None
    names = [*listed[1].split(", "), *locales]
    meta.write_text(text.replace(listed[0], f"locales: [{', '.join(names)}]"), encoding="utf-8")
    for locale in locales:
        shutil.copytree(FIXTURES / "locales" / locale, content / locale)
        for section in (content / locale).glob("*.md"):
            _, blob = read_versioned(content / "en" / section.name)
            body = re.sub(r"^translated_from: \w+$", f"translated_from: {blob}",
                          section.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
            section.write_text(body, encoding="utf-8")


def git_commit_all(folder: Path) -> None:
    """Make `folder` a git repository with everything committed."""
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "content")


def pdfua(*paths: Path) -> list[dict[str, object]]:
    """The reports of the `pdfua` checker (PyPI, pinned in requirements.txt) on `paths`."""
    found = shutil.which("pdfua", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    assert found, "pdfua is not installed: pip install -r requirements.txt"
    reports = []
    for path in paths:
        done = subprocess.run([found, "check", "-f", "json", str(path)], capture_output=True,
                              text=True, check=False)
        report = json.loads(done.stdout)
        assert report["exit_code"] == done.returncode
        reports.append(report)
    return reports


def assert_pdfua_clean(*paths: Path) -> None:
    """`pdfua` finds nothing in any of `paths` and ran its rules (tagged editions only: the
    imposed sheets are an untagged print master)."""
    for path, report in zip(paths, pdfua(*paths), strict=True):
        assert report["findings"] == [], (path.name, report["findings"])
        assert report["exit_code"] == 0
        summary = report["summary"]
        assert isinstance(summary, dict)
        assert summary["rules_run"] >= 11
        # UA-14-001 (empty headings) crashes inside pdfua 0.1.3 on pikepdf arrays: checked
        # in tests/write/test_structure_tree.py instead
        assert [s["rule_id"] for s in report["skipped"]] in ([], ["UA-14-001"])


def print_problems(path: Path) -> list[str]:
    """What a print RIP would say of the PDF at `path`: Ghostscript stopping on warnings, then
    MuPDF drawing every page (Debian's MuPDF line about its missing ICC support is left out:
    it is about the build of the tool, not the file)."""
    gs = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONWARNING",
                         "-sDEVICE=nullpage", str(path)], capture_output=True, text=True)
    problems = [f"gs exit {gs.returncode}"] if gs.returncode else []
    problems += [f"gs: {line}" for line in (gs.stdout + gs.stderr).splitlines()]
    mupdf = subprocess.run(["mutool", "draw", "-q", "-F", "txt", "-o", "/dev/null", str(path)],
                           capture_output=True, text=True)
    problems += [f"mutool exit {mupdf.returncode}"] if mupdf.returncode else []
    problems += [f"mutool: {line}" for line in mupdf.stderr.splitlines()
                 if "ICC support is not available" not in line]
    return problems


def without_permission_override() -> list[str]:
    """A command prefix under which root, like any user, cannot read a mode-000 file or write
    a read-only folder (setpriv drops the override); nothing is needed for other users."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's permission override")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
