"""Font stacks resolved to files: pinned by styles/fonts.lock, overridden by a content folder's
own fonts.yml, installed faces loaded from their own files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf

from booklet.options import DEFAULT_THEME
from booklet.render.fontlock import LOCK_FILE, file_digest, lock_warnings, read_lock
from booklet.render.fonts import load_edition_fonts, load_stack, stack_names
from tests.helpers import Pdf, build


def test_every_font_of_every_stack_is_the_locked_file_on_this_machine() -> None:
    styles = DEFAULT_THEME.styles_dir
    locked = read_lock(styles / LOCK_FILE)
    for key in stack_names(styles):
        stack = load_stack(styles, (key,))
        assert lock_warnings(styles, stack) == (), key
        for family in stack.families:
            for font in family.files:
                assert locked[(family.name, font.weight)][3] == file_digest(font.path)


def test_a_font_file_other_than_the_locked_one_is_a_warning(tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    shutil.copytree(DEFAULT_THEME.styles_dir, styles)
    lock = styles / LOCK_FILE
    lines = lock.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("Noto Sans | 400 |"))
    digest = lines[number - 1].rsplit("| ", 1)[1]
    lines[number - 1] = lines[number - 1].replace(digest, "0" * 64)
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fonts = load_edition_fonts(styles, "vi", "vi")
    [warning] = fonts.warnings
    assert warning.location is not None
    assert (warning.location.path, warning.location.line) == (lock, number)
    assert "font 'Noto Sans' (400) on this machine" in warning.message
    assert "NotoSans-Regular.ttf" in warning.message
    assert "fonts-noto-core 20201225-1" in warning.message  # the package it expected
    assert "lock_fonts.py" in (warning.hint or "")


def test_a_font_missing_from_the_lock_is_a_warning(tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    shutil.copytree(DEFAULT_THEME.styles_dir, styles)
    lock = styles / LOCK_FILE
    kept = [line for line in lock.read_text(encoding="utf-8").splitlines()
            if not line.startswith("Noto Sans Thai |")]
    lock.write_text("\n".join(kept) + "\n", encoding="utf-8")
    messages = [w.message for w in load_edition_fonts(styles, "th", "th").warnings]
    assert len(messages) == 2  # regular and bold
    assert all("'Noto Sans Thai'" in m and "not in fonts.lock" in m for m in messages)


def test_a_content_folder_overrides_a_stack_with_its_own_font(content_copy: Path,
                                                              tmp_path: Path) -> None:
    (content_copy / "fonts").mkdir()
    for weight in ("Regular", "Bold"):
        shutil.copy(DEFAULT_THEME.styles_dir / "fonts" / f"Almarai-{weight}.ttf",
                    content_copy / "fonts" / f"Clinic-{weight}.ttf")
    (content_copy / "fonts.yml").write_text(
        "families:\n  Clinic Sans:\n    files: [fonts/Clinic-Regular.ttf, fonts/Clinic-Bold.ttf]\n"
        "stacks:\n  en: [Clinic Sans, Booklet Signs]\n", encoding="utf-8")
    result = build(content_copy, tmp_path / "out")
    assert not [w for w in result.warnings if "font" in w.message]  # clinic files: not locked
    with pikepdf.open(result.pdf) as pdf:
        names = {str(f.BaseFont).split("+", 1)[-1] for page in pdf.pages
                 for f in page.obj.Resources.Font.values()}
    assert {"Clinic-Sans", "Clinic-Sans-Bold"} <= names
    assert not any(name.startswith("Atkinson") for name in names)
    assert Pdf(result.pdf).pages_text[0].strip()


def test_a_content_folder_stack_naming_an_unknown_family_is_an_error(content_copy: Path) -> None:
    from tests.helpers import build_errors

    (content_copy / "fonts.yml").write_text("stacks:\n  en: [Nowhere Sans]\n", encoding="utf-8")
    [line] = build_errors(content_copy, content_copy.parent / "out")
    assert line.startswith(f"{content_copy / 'fonts.yml'}:2: font family 'Nowhere Sans' is not "
                           "declared")


def test_installed_faces_are_loaded_from_their_own_files() -> None:
    """Debian's Noto Nastaliq Urdu Bold says it is of regular weight: found by family name,
    fontconfig gave the bold file for regular text. The stack names each face's own file, and
    @font-face loads it under a name of booklet's."""
    [urdu, _, _] = load_stack(DEFAULT_THEME.styles_dir, ("nastaliq",)).families
    assert [(f.path.name, f.weight) for f in urdu.files] == [
        ("NotoNastaliqUrdu-Regular.ttf", 400), ("NotoNastaliqUrdu-Bold.ttf", 700)]
    assert urdu.css_name == "booklet Noto Nastaliq Urdu"
    css = load_stack(DEFAULT_THEME.styles_dir, ("nastaliq",)).font_face_css()
    assert 'font-family: "booklet Noto Nastaliq Urdu"; src: url("file:///usr/share/fonts/' \
           'truetype/noto/NotoNastaliqUrdu-Regular.ttf"); font-weight: 400' in css
