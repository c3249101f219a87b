"""WeasyPrint's log records (ignored CSS, unloadable fonts) fail the build and name the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from booklet.model import Theme
from booklet.options import DEFAULT_THEME
from tests.helpers import CONTENT, build_errors


@pytest.fixture
def styles(tmp_path: Path) -> Path:
    target = tmp_path / "styles"
    shutil.copytree(DEFAULT_THEME.styles_dir, target)
    return target


def failing_build(styles: Path, out: Path) -> list[str]:
    theme = Theme(templates_dir=DEFAULT_THEME.templates_dir, styles_dir=styles)
    return build_errors(CONTENT, out, theme=theme)


def test_ignored_css_names_stylesheet_and_line(styles: Path, tmp_path: Path) -> None:
    css = styles / "booklet.css"
    lines = css.read_text().splitlines()
    css.write_text("\n".join([*lines, "p { colour: red; }"]), encoding="utf-8")
    [line] = failing_build(styles, tmp_path / "out")
    assert line.startswith(f"{css}:{len(lines) + 1}: Ignored `colour: red`")


def test_missing_font_file_fails_the_build(styles: Path, tmp_path: Path) -> None:
    (styles / "fonts" / "AtkinsonHyperlegible-Bold.ttf").unlink()
    declared = styles / "fonts.yml"
    line = declared.read_text().splitlines().index("  Atkinson Hyperlegible:") + 2
    assert failing_build(styles, tmp_path / "out") == [
        f"{declared}:{line}: font file 'fonts/AtkinsonHyperlegible-Bold.ttf' not found; "
        "add the file under styles/ or correct fonts.yml"]


def test_a_file_that_is_not_a_font(styles: Path, tmp_path: Path) -> None:
    (styles / "fonts" / "AtkinsonHyperlegible-Bold.ttf").write_text("not a font")
    lines = failing_build(styles, tmp_path / "out")
    assert any("AtkinsonHyperlegible-Bold.ttf" in line and "font" in line for line in lines)
