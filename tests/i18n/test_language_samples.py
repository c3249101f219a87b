"""A sample edition per supported language (tests/samples.py: gflanguages' UDHR text, written
directly in that language), built with no font set-up by the test: it builds, embeds every font,
only declared ones, the right regional CJK faces, and runs in the language's direction.
`make test` builds a representative subset; `make test-languages` all 45."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest

from booklet.locales import resolve
from booklet.model import BuildResult
from booklet.options import DEFAULT_THEME
from booklet.render.fonts import load_font_stack
from booklet.render.ui import speaks_msgids
from tests.helpers import assert_pdfua_clean
from tests.samples import build_samples, languages_under_test, sample_result
from tests.textlayer import extract, normalize

TAGS = languages_under_test()
_SUBSET = re.compile(r"^[A-Z]{6}\+")


def embedded_fonts(path: Path) -> dict[str, tuple[bool, str]]:
    """BaseFont (without the subset tag) -> (its file is embedded, its full name (name ID 4))."""
    from fontTools.ttLib import TTFont

    found = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.get("/FontDescriptor", {})
                stream = next((descriptor[k] for k in ("/FontFile", "/FontFile2", "/FontFile3")
                               if k in descriptor), None)
                full_name = ""
                if stream is not None:
                    with TTFont(io.BytesIO(stream.read_bytes()), lazy=True) as ttf:
                        full_name = ttf["name"].getDebugName(4) if "name" in ttf else ""
                name = _SUBSET.sub("", str(font.BaseFont).lstrip("/"))
                found[name] = (stream is not None, full_name or "")
    return found


@pytest.mark.parametrize("tag", TAGS)
def test_sample_edition_builds_without_font_warnings(samples: dict, tag: str) -> None:
    result = sample_result(samples, tag)
    assert result.page_count >= 4
    assert not [w for w in result.warnings if "font" in w.message], result.warnings


@pytest.mark.parametrize("tag", TAGS)
def test_every_font_is_embedded_declared_and_the_language_s_own(samples: dict, tag: str) -> None:
    result = sample_result(samples, tag)
    fonts = embedded_fonts(result.pdf)
    stack = load_font_stack(DEFAULT_THEME.styles_dir, tag)
    declared = {f.css_name.replace(" ", "-") for f in stack.families}
    for name, (embedded, full_name) in fonts.items():
        assert embedded, f"{tag}: {name} is not embedded"
        family = next((d for d in declared if name in (d, d + "-Bold")), None)
        assert family is not None, f"{tag}: undeclared font {name} (declared: {declared})"
        # the bold face's file for bold text, the regular one for the rest
        assert ("Bold" in full_name) == name.endswith("-Bold"), (tag, name, full_name)
    first = stack.families[0].css_name.replace(" ", "-")
    assert {first, first + "-Bold"} <= set(fonts), f"{tag}: {first} not used: {set(fonts)}"


@pytest.mark.parametrize("tag", [t for t in TAGS if resolve(t).script in ("Hans", "Hant",
                                                                          "Jpan", "Kore")])
def test_cjk_editions_use_only_their_regional_face(samples: dict, tag: str) -> None:
    region = {"Hans": "SC", "Hant": "TC", "Jpan": "JP", "Kore": "KR"}[resolve(tag).script]
    fonts = embedded_fonts(sample_result(samples, tag).pdf)
    assert set(fonts) == {f"Noto-Sans-CJK-{region}", f"Noto-Sans-CJK-{region}-Bold"}
    assert {full.removesuffix(" Regular") for _, full in fonts.values()} == \
        {f"Noto Sans CJK {region}", f"Noto Sans CJK {region} Bold"}  # the faces, not their names


@pytest.mark.parametrize("tag", TAGS)
def test_sample_edition_passes_pdfua(samples: dict, tag: str) -> None:
    """An independent checker (pdfua) finds nothing in the edition, in every script."""
    assert_pdfua_clean(sample_result(samples, tag).pdf)


@pytest.mark.parametrize("tag", TAGS)
def test_sample_edition_runs_in_the_language_s_direction(samples: dict, tag: str) -> None:
    result = sample_result(samples, tag)
    assert result.html is not None
    html = result.html.read_text(encoding="utf-8")
    direction = resolve(tag).direction
    assert re.search(rf'<html lang="{tag}" dir="{direction}"[ >]', html)
    with pikepdf.open(result.pdf) as pdf:
        assert str(pdf.Root.Lang) == tag


def test_hong_kong_chinese_uses_hong_kong_glyph_forms(tmp_path: Path) -> None:
    result = build_samples(("zh-HK",), tmp_path)["zh-HK"]
    assert isinstance(result, BuildResult), result
    assert set(embedded_fonts(result.pdf)) == {"Noto-Sans-CJK-HK", "Noto-Sans-CJK-HK-Bold"}


#: Labels every sample edition prints (templates/booklet.pot msgids).
LABELS = ("Contents", "About this booklet", "Sources and further information",
          "Information for patients and families", "Published by", "Contact", "Version")


def program_catalog(tag: str) -> dict[str, str]:
    """msgid -> msgstr of the program's UI catalog for `tag` (templates/locale/<tag>.po)."""
    from babel.messages.pofile import read_po

    with (DEFAULT_THEME.templates_dir / "locale" / f"{tag}.po").open("rb") as po:
        return {str(m.id): str(m.string) for m in read_po(po) if m.id and m.string}


@pytest.mark.parametrize("tag", [t for t in TAGS if not speaks_msgids(t)])
def test_page_labels_are_in_the_edition_s_language(samples: dict, tag: str) -> None:
    """The cover, contents, running footer and back cover say their labels in the edition's
    language (the program's catalog), not in English, though nothing was set up for it."""
    marks = resolve(tag).direction == "rtl"
    text = normalize(extract(sample_result(samples, tag).pdf, "poppler"), marks)
    catalog = program_catalog(tag)
    for label in LABELS:
        translated = catalog.get(label, "")
        assert translated, f"{tag}: no translation of {label!r}"
        assert normalize(translated, marks) in text, (tag, label, translated)
        if normalize(label) not in normalize(translated):
            assert normalize(label) not in text, (tag, label)
    assert not re.search(r"Page\d+of\d+", text), tag


def _lines(page: Any) -> dict[int, list[dict[str, Any]]]:
    """The characters of a pdfplumber page by line (baseline to 3 pt: fonts of two scripts
    on one line differ in height), unmapped ones and zero-width spaces left out."""
    lines: dict[int, list[dict[str, Any]]] = {}
    for char in page.chars:
        if char["text"] not in ("", "\u200b"):
            lines.setdefault(round(float(char["matrix"][5]) / 3), []).append(char)
    return lines


@pytest.mark.parametrize("tag", [t for t in TAGS if resolve(t).direction == "rtl"])
def test_right_to_left_labels_and_page_numbers_run_right_to_left(samples: dict,
                                                                 tag: str) -> None:
    """A right-to-left edition prints a label right of its colon and its (Latin) value, page
    numbers in the reading order of its catalog's phrase, and asks viewers for right to left."""
    result = sample_result(samples, tag)
    with pikepdf.open(result.pdf) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
    with pdfplumber.open(result.pdf) as doc:
        back = _lines(doc.pages[-1])
        [line] = [chars for chars in back.values()
                  if "SampleCancerCentre" in "".join(c["text"] for c in chars if c["text"].strip())]
        value = [c for c in line if c["text"].isascii() and c["text"].isalpha()]
        label = [c for c in line if unicodedata.bidirectional(c["text"][0]) in ("R", "AL")]
        colons = [c for c in line if c["text"] in ":\u061b"]
        assert label, (tag, "".join(c["text"] for c in line))
        assert colons, (tag, "".join(c["text"] for c in line))
        right_of_value = max(float(c["x1"]) for c in value)
        assert right_of_value <= min(float(c["x0"]) for c in colons) + 0.5
        assert max(float(c["x1"]) for c in colons) <= min(float(c["x0"]) for c in label) + 0.5
    # the page number, the lowest line of page 2, as poppler places its words (pdfplumber
    # reads a Nastaliq digit twice: its glyph and its invisible baseline copy)
    layout = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox", str(result.pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    words = [(float(x), float(y), text) for x, y, text in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" '
                        r'yMax="([\d.]+)">([^<]*)</word>', layout)]
    lowest = max(y for _, y, _ in words)
    by_value = {int("".join(str(unicodedata.digit(c)) for c in text)): x
                for x, y, text in words if abs(y - lowest) < 1
                and all(unicodedata.digit(c, None) is not None for c in text)}
    assert set(by_value) == {2, result.page_count}, (tag, by_value)
    phrase = program_catalog(tag)["Page {page} of {pages}"]
    page_first = phrase.index("{page}") < phrase.index("{pages}")
    page_x, total_x = by_value[2], by_value[result.page_count]
    assert (page_x > total_x) == page_first, (tag, phrase)  # the first read is rightmost
