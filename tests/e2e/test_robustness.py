"""Bad or unusual input found in review: each gives a one-line error with its file, or the
right output; never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from booklet.cli import main
from booklet.model import Theme
from booklet.options import DEFAULT_THEME
from tests.helpers import CONTENT, Edit, Pdf, build, build_errors


def test_unquoted_numbers_keep_their_text(content_copy: Path, tmp_path: Path,
                                          edit: Edit) -> None:
    meta = content_copy / "booklet.yml"
    edit(meta, 'phone: "+1 555 0100"', "phone: 02012345")
    edit(meta, 'version: "1.0"', "version: 2.10")
    back = " ".join(Pdf(build(content_copy, tmp_path).pdf).pages_text[-1].split())
    assert "02012345" in back
    assert "Version: 2.10" in back


@pytest.mark.parametrize(("old", "new", "message"), [
    ("published: 2026-11-26", "published: 2026-02-30", "invalid value for 'published'"),
    ("paper: a5", "paper: a5\npaper: a4", "key 'paper' appears twice"),
    ("locales: [en, es]", "locales: [en, es, xx]", "'xx' is not a locale Babel knows"),
    ("locales: [en, es]", "locales: [en, es, EN]", "'EN' is not a locale code"),
])
def test_metadata_values_name_their_line(content_copy: Path, tmp_path: Path, edit: Edit,
                                         old: str, new: str, message: str) -> None:
    edit(content_copy / "booklet.yml", old, new)
    lines = build_errors(content_copy, tmp_path)
    assert any(message in line and "booklet.yml:" in line for line in lines), lines


def test_table_line_inside_a_code_block_is_code(content_copy: Path, tmp_path: Path) -> None:
    section = content_copy / "en" / "60-conclusion.md"
    section.write_text(section.read_text() + "\n```\n::: table nope\n```\n", encoding="utf-8")
    pdf = Pdf(build(content_copy, tmp_path).pdf)
    assert pdf.pages_with("::: table nope")


def test_region_locale_from_scaffold_to_status(content_copy: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-locale", "pt-BR", "--content", str(content_copy)]) == 0
    assert main(["status", "--content", str(content_copy)]) == 0
    assert "pt-BR (Portuguese (Brazil))" in capsys.readouterr().out
    assert main(["catalog", "update", "--content", str(content_copy)]) == 0
    result = build(content_copy, tmp_path, locale="pt-BR")
    assert Pdf(result.pdf).pages_with("Esta seção ainda não está disponível") or \
        Pdf(result.pdf).pages_with("This section is not yet available")


@pytest.mark.parametrize("code", ["EN", "zh_Hans", "qq", "e"])
def test_new_locale_refuses_bad_codes_and_writes_nothing(content_copy: Path, code: str,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    before = sorted(p.name for p in content_copy.iterdir())
    assert main(["new-locale", code, "--content", str(content_copy)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert sorted(p.name for p in content_copy.iterdir()) == before


@pytest.mark.parametrize("msgstr", ["Edición: {date} {}", "Edición: {Date}"])
def test_stray_braces_in_a_translation(content_copy: Path, tmp_path: Path,
                                       msgstr: str, edit: Edit) -> None:
    edit(content_copy / "es" / "ui.po", 'msgstr "Edición: {date}"', f'msgstr "{msgstr}"')
    lines = build_errors(content_copy, tmp_path, locale="es")
    assert any("ui.po:" in line and "placeholders" in line for line in lines)


def test_broken_po_file_is_reported_by_every_command(content_copy: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    po = content_copy / "es" / "ui.po"
    po.with_suffix(".mo").unlink(missing_ok=True)
    po.write_bytes(po.read_bytes() + b'\nmsgid "x"\nmsgstr "\xff\n')
    for argv in (["status"], ["catalog", "compile"], ["catalog", "update"],
                 ["build", "--locale", "es", "--out", str(tmp_path)]):
        assert main([*argv, "--content", str(content_copy)]) == 1, argv
        err = capsys.readouterr().err
        assert "ui.po" in err
        assert "Traceback" not in err
    assert not po.with_suffix(".mo").exists()


def test_catalog_update_for_a_locale_without_folder(content_copy: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(content_copy / "es")
    assert main(["catalog", "update", "--content", str(content_copy)]) == 1
    assert "no folder for locale 'es'" in capsys.readouterr().err


def test_extra_table_in_a_locale_is_an_error(content_copy: Path, tmp_path: Path) -> None:
    shutil.copy(content_copy / "es" / "providers.csv", content_copy / "es" / "other.csv")
    lines = build_errors(content_copy, tmp_path, locale="es")
    assert any("other.csv: no source table has this file name" in line for line in lines)


def test_character_in_locale_file_names_it(content_copy: Path, tmp_path: Path,
                                           edit: Edit) -> None:
    locale_file = content_copy / "es" / "locale.yml"
    edit(locale_file, "title: Cáncer de mama metastásico", "title: Cáncer de mama ☂")
    [line] = build_errors(content_copy, tmp_path, locale="es")
    assert line.startswith(f"{locale_file}:1: character '☂'")
    assert "'latin' stack" in line


def test_css_generated_text_in_a_system_font_is_refused(content_copy: Path,
                                                        tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    shutil.copytree(DEFAULT_THEME.styles_dir, styles)
    with (styles / "booklet.css").open("a") as css:
        css.write("\nol { list-style-type: cjk-decimal; }\n")
    section = content_copy / "en" / "60-conclusion.md"
    section.write_text(section.read_text() + "\n1. one\n2. two\n", encoding="utf-8")
    theme = Theme(templates_dir=DEFAULT_THEME.templates_dir, styles_dir=styles)
    lines = build_errors(content_copy, tmp_path / "out", theme=theme)
    assert any("undeclared font" in line for line in lines), lines


def test_network_image_inside_svg_is_refused(content_copy: Path, tmp_path: Path) -> None:
    svg = content_copy / "en" / "picture.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
                   '<image href="http://169.254.169.254/x.png" width="9" height="9"/></svg>',
                   encoding="utf-8")
    section = content_copy / "en" / "60-conclusion.md"
    section.write_text(section.read_text() + "\n![A picture](picture.svg)\n", encoding="utf-8")
    lines = build_errors(content_copy, tmp_path)
    assert any("refused http://169.254.169.254/x.png" in line for line in lines), lines


def test_same_bytes_from_a_separate_process(default_pdf: Pdf, tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "booklet", "build", "--out", str(tmp_path)],
                   check=True, capture_output=True, cwd=CONTENT.parent)
    assert (tmp_path / default_pdf.path.name).read_bytes() == default_pdf.path.read_bytes()


def test_subheading_right_after_the_title_is_content(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "en" / "70-visit.md").write_text(
        "---\ntitle: Your Visit\norder: 70\n---\n\n## Before your visit\n\nBring your list.\n",
        encoding="utf-8")
    result = build(content_copy, tmp_path)
    assert not [f for f in result.findings if f.rule.startswith("STRUCT")]


def test_a_content_file_linked_from_outside_is_refused(content_copy: Path,
                                                       tmp_path: Path) -> None:
    canary = tmp_path / "canary.csv"
    canary.write_text("id,Secret\nx,CANARY\n", encoding="utf-8")
    table = content_copy / "en" / "providers.csv"
    table.unlink()
    table.symlink_to(canary)
    [line] = build_errors(content_copy, tmp_path / "out")
    assert line.startswith(f"{table}: links to a file outside the content folder")


@pytest.mark.parametrize(("markdown", "reported"), [
    ("<script\n>alert(1)</script>", "raw HTML <script> removed"),
    ('<img src="en/x.png"\n onerror="alert(1)" alt="x">', "attribute 'onerror' of <img> removed"),
    ("[x][e]\n\n[e]: javascript:alert(1)", "link to 'javascript:alert(1)' removed"),
    ('<a href="jav&#x61;script:alert(1)">x</a>', "link to 'javascript:alert(1)' removed"),
])
def test_hidden_raw_html_is_still_reported(content_copy: Path, tmp_path: Path, markdown: str,
                                           reported: str) -> None:
    shutil.copy(CONTENT / "clinics" / "riverside-logo.svg", content_copy / "en" / "x.png")
    section = content_copy / "en" / "60-conclusion.md"
    section.write_text(section.read_text() + "\n" + markdown + "\n", encoding="utf-8")
    result = build(content_copy, tmp_path)
    assert any(reported in str(w) for w in result.warnings), result.warnings
    assert b"alert" not in Pdf(result.pdf).path.read_bytes()
