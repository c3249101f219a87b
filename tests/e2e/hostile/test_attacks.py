"""One attack per case: each is refused or removed and reported, and no byte of a canary file
outside the project reaches the PDF."""

from __future__ import annotations

import base64
import os
import shutil
import zlib
from pathlib import Path

import pikepdf
import pytest

from booklet import BookletError
from booklet.model import BuildResult
from tests.helpers import CONTENT, build

CANARY = "CANARY-7f3a9c-SECRET"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A content copy and, outside it, a canary file an attacker would like to read."""
    content = tmp_path / "project" / "content"
    shutil.copytree(CONTENT, content)
    secret = tmp_path / "secret.txt"
    secret.write_text(CANARY, encoding="utf-8")
    return content, secret


def inject(content: Path, markdown: str) -> Path:
    section = content / "en" / "60-conclusion.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n" + markdown + "\n",
                       encoding="utf-8")
    return section


def all_bytes(pdf_path: Path) -> bytes:
    """Every stream of the PDF, decompressed, plus the file itself."""
    chunks = [pdf_path.read_bytes()]
    with pikepdf.open(pdf_path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    chunks.append(obj.read_bytes())
                except pikepdf.PdfError:
                    chunks.append(obj.read_raw_bytes())
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
    return b"\n".join(chunks)


def attempt(content: Path, out: Path) -> tuple[BuildResult | None, str]:
    """Build; return the result (or None) and every error or warning line."""
    try:
        result = build(content, out)
    except BookletError as exc:
        return None, "\n".join(exc.lines())
    return result, "\n".join(str(w) for w in result.warnings)


def assert_no_canary(result: BuildResult | None) -> None:
    if result is not None:
        data = all_bytes(result.pdf)
        assert CANARY.encode() not in data
        assert base64.b64encode(CANARY.encode()) not in data
        assert zlib.compress(CANARY.encode()) not in data


ATTACKS = {
    "absolute file image": lambda s: f"![x]({s.as_uri()})",
    "dotdot image": lambda s: "![x](../../../secret.txt)",
    "raw img file url": lambda s: f'<img src="{s.as_uri()}" alt="x">',
    "raw img network": lambda s: '<img src="http://169.254.169.254/latest/meta-data" alt="x">',
    "style import": lambda s: f'<style>@import url("{s.as_uri()}");</style>',
    "style attribute": lambda s: f'<p style="background: url({s.as_uri()})">x</p>',
    "link stylesheet": lambda s: f'<link rel="stylesheet" href="{s.as_uri()}">',
    "link attachment": lambda s: f'<link rel="attachment" href="{s.as_uri()}">',
    "a attachment": lambda s: f'<a rel="attachment" href="{s.as_uri()}">file</a>',
    "iframe": lambda s: f'<iframe src="{s.as_uri()}"></iframe>',
    "object": lambda s: f'<object data="{s.as_uri()}"></object>',
    "embed": lambda s: f'<embed src="{s.as_uri()}">',
    "script": lambda s: "<script>document.write('x')</script>",
    "event handler": lambda s: '<span onclick="alert(1)">x</span>',
    "javascript link": lambda s: "[click](javascript:alert(1))",
    "svg use": lambda s: (f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{s.as_uri()}"'
                          ' width="9" height="9"/></svg>'),
    "device file": lambda s: "![x](/dev/urandom)",
    "base tag": lambda s: f'<base href="{s.parent.as_uri()}/"> ![x](secret.txt)',
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_refused_and_reported(project: tuple[Path, Path], tmp_path: Path,
                                        name: str) -> None:
    content, secret = project
    inject(content, ATTACKS[name](secret))
    result, report = attempt(content, tmp_path / "out")
    assert report, f"{name}: nothing reported"
    assert "60-conclusion.md" in report or "secret" in report or "refused" in report
    assert_no_canary(result)


def test_symlink_escape_is_refused(project: tuple[Path, Path], tmp_path: Path) -> None:
    content, secret = project
    os.symlink(secret, content / "en" / "innocent.png")
    inject(content, "![A picture](innocent.png)")
    result, report = attempt(content, tmp_path / "out")
    assert result is None
    assert "innocent.png" in report
    assert "outside the content folder" in report
