"""Content problems: each is reported with its file and line, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet import ContentError, UsageError
from tests.helpers import Edit, build, build_errors


def test_unknown_table_names_file_and_line(content_copy: Path, tmp_path: Path, edit: Edit) -> None:
    section = content_copy / "en" / "30-treatment-provider-comparison.md"
    edit(section, "::: table providers", "::: table provider")
    [line] = build_errors(content_copy, tmp_path / "out")
    assert line.startswith(f"{section}:8: unknown table 'provider'")
    assert "providers" in line  # says which tables exist


def test_ragged_row_names_file_and_line(content_copy: Path, tmp_path: Path, edit: Edit) -> None:
    table = content_copy / "en" / "providers.csv"
    edit(table, "roche,Roche,Targeted Therapy,", "roche,Roche,Targeted Therapy,extra,")
    [line] = build_errors(content_copy, tmp_path / "out")
    assert line.startswith(f"{table}:4: row has 5 cells but the header has 4")


def test_duplicate_row_id(content_copy: Path, tmp_path: Path, edit: Edit) -> None:
    table = content_copy / "en" / "providers.csv"
    edit(table, "pfizer,", "mayo,")
    [line] = build_errors(content_copy, tmp_path / "out")
    assert line.startswith(f"{table}:5: row id 'mayo' repeats line 2")


def test_every_metadata_problem_is_listed_at_once(content_copy: Path, tmp_path: Path,
                                                  edit: Edit) -> None:
    meta = content_copy / "booklet.yml"
    edit(meta, "version: \"1.0\"\n", "")
    edit(meta, "next_review: 2027-11-26", "next_review: soon")
    edit(meta, "paper: a5", "paper: a6\ncolour: blue")
    lines = build_errors(content_copy, tmp_path / "out")
    assert any(line.startswith(f"{meta}:2: booklet.yml is missing 'version'") for line in lines)
    assert any(f"{meta}:8: unknown key 'colour'" in line for line in lines)
    assert any(f"{meta}:7: unknown paper size 'a6'" in line for line in lines)
    assert any("'next_review' must be a date" in line for line in lines)


def test_review_date_more_than_three_years_out(content_copy: Path, tmp_path: Path,
                                               edit: Edit) -> None:
    edit(content_copy / "booklet.yml", "next_review: 2027-11-26", "next_review: 2030-01-01")
    [line] = build_errors(content_copy, tmp_path / "out")
    assert "more than 3 years" in line


def test_missing_image_names_file_and_line(content_copy: Path, tmp_path: Path,
                                           edit: Edit) -> None:
    section = content_copy / "en" / "60-conclusion.md"
    edit(section, "Managing metastatic", "![A diagram](diagram.png)\n\nManaging metastatic")
    [line] = build_errors(content_copy, tmp_path / "out")
    assert line.startswith(f"{section}:6: image 'diagram.png' not found")


def test_remote_image_is_refused(content_copy: Path, tmp_path: Path, edit: Edit) -> None:
    section = content_copy / "en" / "60-conclusion.md"
    edit(section, "Managing metastatic", "![x](https://example.org/x.png) Managing metastatic")
    [line] = build_errors(content_copy, tmp_path / "out")
    assert "is not a local file" in line


def test_missing_glyph_names_the_character_and_the_section(content_copy: Path, tmp_path: Path,
                                                           edit: Edit) -> None:
    section = content_copy / "en" / "10-what-is-metastatic-breast-cancer.md"
    edit(section, "stage 4 breast cancer,", "stage 4 breast cancer ☂,")
    [line] = build_errors(content_copy, tmp_path / "out")
    assert line.startswith(f"{section}:6: character '☂' (U+2602 UMBRELLA) is not in the fonts")


@pytest.mark.parametrize(("front", "message"), [
    ("title: X\n", "section has no front matter"),
    ("---\ntitle: X\norder: 5\n", "front matter is not closed"),
    ("---\norder: 5\n---\ntext\n", "front matter is missing 'title'"),
    ("---\ntitle: X\norder: five\n---\ntext\n", "'order' must be a whole number"),
    ("---\ntitle: X\norder: 5\n---\n\n", "has no text"),
    ("---\ntitle: X\norder: 10\n---\ntext\n", "section order 10 is also used by"),
    ("---\ntitle: Conclusion\norder: 99\n---\ntext\n", "section title 'Conclusion' is also used"),
    ("---\ntitle: X\norder: 5\nautor: me\n---\ntext\n", "unknown key 'autor'"),
])
def test_section_file_problems(content_copy: Path, tmp_path: Path, front: str,
                               message: str) -> None:
    (content_copy / "en" / "99-extra.md").write_text(front, encoding="utf-8")
    lines = build_errors(content_copy, tmp_path / "out")
    assert any(message in line and "99-extra.md" in line for line in lines), lines


def test_invalid_utf8_names_the_line(content_copy: Path, tmp_path: Path) -> None:
    section = content_copy / "en" / "60-conclusion.md"
    section.write_bytes(section.read_bytes().replace(b"Managing", b"Manag\xffing"))
    [line] = build_errors(content_copy, tmp_path / "out")
    assert line.startswith(f"{section}:6: not valid UTF-8")


def test_template_error_names_the_template_line(tmp_path: Path) -> None:
    import shutil

    from booklet.model import Theme
    from booklet.options import DEFAULT_THEME
    from tests.helpers import CONTENT

    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_THEME.templates_dir, templates)
    cover = templates / "cover.html.j2"
    cover.write_text(cover.read_text().replace("{{ meta.title }}", "{{ meta.title "), "utf-8")
    theme = Theme(templates_dir=templates, styles_dir=DEFAULT_THEME.styles_dir)
    with pytest.raises(ContentError) as caught:
        build(CONTENT, tmp_path / "out", theme=theme)
    assert str(caught.value).startswith(f"{cover}:4: template error")


def test_unknown_locale_lists_the_known_ones(tmp_path: Path) -> None:
    from tests.helpers import CONTENT

    with pytest.raises(UsageError, match="this booklet has: en"):
        build(CONTENT, tmp_path, locale="fr")
