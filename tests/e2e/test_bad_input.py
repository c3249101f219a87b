"""The bad-input list of the hostile-input issue, through the command line: each gives exit 1
or 2, one line per problem naming file and line, no traceback, and the previous PDF stays."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from booklet.cli import main
from tests.helpers import CONTENT, edit_file


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(content: Path) -> None:
        edit_file(content / path, old, new)
    return change


def write(path: str, data: bytes) -> Callable[[Path], None]:
    def change(content: Path) -> None:
        (content / path).write_bytes(data)
    return change


SECTION = "en/20-how-treatment-works.md"
CASES = {
    "malformed front matter": (replace(SECTION, "order: 20", "order: [20"), 1,
                               r"20-how-treatment-works\.md:3: invalid YAML"),
    "invalid UTF-8": (write(SECTION, b"---\ntitle: X\norder: 20\n---\n\nbad \xff byte\n"), 1,
                      r"20-how-treatment-works\.md:6: not valid UTF-8"),
    "unknown key and wrong type, together": (
        lambda c: (replace("booklet.yml", "paper: a5", "papr: a5")(c),
                   replace("booklet.yml", 'version: "1.0"', "version: [1]")(c)), 1,
        r"booklet\.yml:7: unknown key 'papr'.*\n.*booklet\.yml:\d+: 'version' must be text"),
    "missing required metadata": (replace("booklet.yml", "publisher: Sample Cancer Centre\n", ""),
                                  1, r"booklet\.yml:2: booklet\.yml is missing 'publisher'"),
    "empty section file": (write("en/70-empty.md", b""), 1,
                           r"70-empty\.md:1: section has no front matter"),
    "duplicate order": (write("en/70-dup.md", b"---\ntitle: Dup\norder: 20\n---\n\nText.\n"), 1,
                        r"section order 20 is also used by"),
    "duplicate id": (write("en/70-conclusion.md", b"---\ntitle: Dup\norder: 70\n---\n\nT.\n"), 1,
                     r"section id 'conclusion' is also used by"),
    "ragged table": (replace("en/providers.csv", "roche,Roche,", "roche,Roche,,"), 1,
                     r"providers\.csv:4: row has 5 cells but the header has 4"),
    "unknown table": (replace("en/30-treatment-provider-comparison.md", "table providers",
                              "table clinics"), 1,
                      r"30-treatment-provider-comparison\.md:8: unknown table 'clinics'"),
    "missing image": (replace(SECTION, "Hormone therapy", "![Scan](scan.png)\n\nHormone therapy"),
                      1, r"20-how-treatment-works\.md:8: image 'scan\.png' not found"),
}


@pytest.fixture
def built(content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A content copy with a good PDF already built from it; returns the output folder."""
    out = tmp_path / "out"
    assert main(["build", "--content", str(content_copy), "--out", str(out)]) == 0
    capsys.readouterr()
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(case: str, content_copy: Path, built: Path,
                   capsys: pytest.CaptureFixture[str]) -> None:
    change, code, pattern = CASES[case]
    pdf = built / "metastatic-breast-cancer.en.pdf"
    before = pdf.read_bytes()
    change(content_copy)
    assert main(["build", "--content", str(content_copy), "--out", str(built)]) == code
    err = capsys.readouterr().err
    assert re.search(pattern, err), err
    assert "Traceback" not in err
    assert all(line.startswith("error: ") for line in err.splitlines())
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in built.iterdir() if p.name != ".booklet-cache") == [pdf.name]


def test_unknown_locale_is_a_usage_error(built: Path, content_copy: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--content", str(content_copy), "--out", str(built),
                 "--locale", "fr"]) == 2
    assert "unknown locale 'fr'" in capsys.readouterr().err


def test_output_folder_that_cannot_be_written(capsys: pytest.CaptureFixture[str]) -> None:
    # /proc refuses new folders even to root (CI runs as root, so chmod would not do).
    assert main(["build", "--out", "/proc/booklet-output"]) == 1
    err = capsys.readouterr().err
    assert "cannot create output folder '/proc/booklet-output'" in err
    assert err.count("\n") == 1


def test_output_path_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    assert main(["build", "--out", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert "cannot create output folder" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_leaves_the_old_pdf(content_copy: Path, tmp_path: Path,
                                              sig: signal.Signals) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    command = [sys.executable, "-m", "booklet", "build", "--content", str(content_copy),
               "--impose", "--variant", "standard", "--variant", "large-print", "--force"]
    subprocess.run([*command, "--out", str(out)], check=True, capture_output=True,
                   cwd=CONTENT.parent)
    names = sorted(p.name for p in out.glob("*.pdf"))
    old = {name: (out / name).read_bytes() for name in names}
    section = content_copy / "en" / "60-conclusion.md"
    section.write_text(section.read_text() + "\nOne more sentence.\n", encoding="utf-8")
    subprocess.run([*command, "--out", str(fresh)], check=True, capture_output=True,
                   cwd=CONTENT.parent)
    new = {name: (fresh / name).read_bytes() for name in names}
    assert all(old[name] != new[name] for name in names)
    for delay in (0.8, 1.1, 1.4, 1.7):  # interrupt during layout or while writing
        child = subprocess.Popen([*command, "--out", str(out)], cwd=CONTENT.parent,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        child.send_signal(sig)
        _, err = child.communicate(timeout=60)
        assert b"Traceback" not in err
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
        for name in names:  # each file is the old one or the complete new one, never a part
            assert (out / name).read_bytes() in (old[name], new[name]), (delay, name)


def test_a_build_over_its_time_limit_is_stopped(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--out", str(tmp_path), "--timeout", "0.05"]) == 1
    err = capsys.readouterr().err
    assert "stopped after 0.05 s" in err
    assert "--timeout" in err
    assert not list(tmp_path.glob("*.pdf"))
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_build_over_its_memory_limit_is_stopped(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # 100 MB of address space is far too little for Pango and WeasyPrint: the worker dies
    # (a C allocation failure) or raises MemoryError; either way the user gets one line.
    assert main(["build", "--out", str(tmp_path), "--max-memory", "100"]) == 1
    err = capsys.readouterr().err
    assert "memory" in err
    assert "--max-memory" in err
    assert err.count("\n") == 1
    assert not list(tmp_path.glob("*.pdf"))
