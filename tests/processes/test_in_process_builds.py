"""Builds in one process (watch, the tests) leave nothing behind for the next one."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from booklet.model import Theme
from booklet.options import DEFAULT_THEME
from tests.helpers import CONTENT, build

#: fontTools' head dates count seconds from 1904, SOURCE_DATE_EPOCH from 1970.
SINCE_1904 = 2082844800


def _committed_copy(folder: Path, date: str) -> Path:
    """The shipped content in a git repository of its own, last committed at `date`."""
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "content"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       cwd=content, env=env, check=True, capture_output=True)
    return content


def _woff_theme(folder: Path) -> Theme:
    """The default theme with its Latin fonts as WOFF 1.0, which WeasyPrint has fontTools
    decode and save: the saved fonts' head.modified is SOURCE_DATE_EPOCH."""
    styles = folder / "styles"
    shutil.copytree(DEFAULT_THEME.styles_dir, styles)
    for font in (styles / "fonts").glob("AtkinsonHyperlegible-*.ttf"):
        woff = TTFont(font)
        woff.flavor = "woff"
        woff.save(font.with_suffix(".woff"))
    fonts = styles / "fonts.yml"
    fonts.write_text(fonts.read_text(encoding="utf-8").replace(
        "Regular.ttf, fonts/AtkinsonHyperlegible-Bold.ttf",
        "Regular.woff, fonts/AtkinsonHyperlegible-Bold.woff"), encoding="utf-8")
    return Theme(DEFAULT_THEME.templates_dir, styles)


def _font_dates(pdf: Path) -> set[int]:
    """The head.modified dates of the fonts embedded on the first page (as Unix times)."""
    dates = set()
    with pikepdf.open(pdf) as document:
        for font in document.pages[0].Resources.Font.values():
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0] if descendants else font).FontDescriptor
            data = descriptor.FontFile2.read_bytes()
            dates.add(TTFont(io.BytesIO(data))["head"].modified - SINCE_1904)
    return dates


def test_each_build_in_a_process_has_its_own_sources_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    theme = _woff_theme(tmp_path)
    dates = {"2030-01-01T00:00:00Z": 1893456000, "2031-06-01T12:00:00Z": 1938081600}
    for number, (date, epoch) in enumerate(dates.items()):
        content = _committed_copy(tmp_path / str(number), date)
        result = build(content, tmp_path / f"out-{number}", theme=theme)
        assert result.source_commit is not None
        assert result.source_commit.epoch == epoch
        assert _font_dates(result.pdf) == {epoch}
        assert "SOURCE_DATE_EPOCH" not in os.environ


def test_a_given_source_date_epoch_is_used_and_left_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    content = _committed_copy(tmp_path, "2030-01-01T00:00:00Z")
    result = build(content, tmp_path / "out", theme=_woff_theme(tmp_path))
    assert _font_dates(result.pdf) == {1234567890}
    assert os.environ["SOURCE_DATE_EPOCH"] == "1234567890"
