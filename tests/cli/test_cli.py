"""The command line, called in-process: exit codes and one-line messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_cli


def test_build_writes_the_pdf_and_html(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_cli("build", "--out", str(tmp_path), "--html")
    assert code == 0, err
    assert (tmp_path / "metastatic-breast-cancer.en.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "metastatic-breast-cancer.en.html").is_file()
    assert "pages" in out
    assert err == ""


def test_missing_content_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    code, _, err = run_cli("build", "--content", str(tmp_path / "nope"), "--out",
                       str(tmp_path))
    assert code == 2
    assert err.count("\n") == 1
    assert "content folder" in err
    assert "nope" in err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli("build", "--colour")
    assert code == 2
    assert err.count("\n") == 1
    assert "--colour" in err
    assert "Traceback" not in err


def test_unknown_locale_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    code, _, err = run_cli("build", "--locale", "xx", "--out", str(tmp_path))
    assert code == 2
    assert "unknown locale 'xx'" in err


def test_bad_paper_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli("build", "--paper", "a6")
    assert code == 2
    assert "a6" in err


def test_broken_front_matter_names_file_and_line(capsys: pytest.CaptureFixture[str],
                                                 content_copy: Path, tmp_path: Path) -> None:
    section = content_copy / "en" / "20-how-treatment-works.md"
    section.write_text(section.read_text().replace("order: 20", "order: [20"), encoding="utf-8")
    out_dir = tmp_path / "out"
    code, _, err = run_cli("build", "--content", str(content_copy), "--out", str(out_dir))
    assert code == 1
    assert f"{section}:3: invalid YAML" in err
    assert err.count("\n") == 1
    assert not list(out_dir.glob("*.pdf"))


def test_failed_build_keeps_the_previous_pdf(capsys: pytest.CaptureFixture[str],
                                             content_copy: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    assert run_cli("build", "--content", str(content_copy), "--out", out)[0] == 0
    pdf = tmp_path / "out" / "metastatic-breast-cancer.en.pdf"
    before = pdf.read_bytes()
    (content_copy / "en" / "providers.csv").write_text("id,Provider\nmayo\n", encoding="utf-8")
    code, _, err = run_cli("build", "--content", str(content_copy), "--out", out)
    assert code == 1
    assert "providers.csv:2: row has 1 cells but the header has 2" in err
    assert pdf.read_bytes() == before
    assert [p.name for p in pdf.parent.iterdir() if p.is_file()] == [pdf.name]  # no temporaries


def test_console_script_and_module_entry_points(tmp_path: Path) -> None:
    script = str(Path(sys.executable).parent / "booklet")
    for command in ([sys.executable, "-m", "booklet"], [script]):
        done = subprocess.run([*command, "build", "--bogus"], capture_output=True, text=True,
                              check=False)
        assert done.returncode == 2, command
        assert "--bogus" in done.stderr
