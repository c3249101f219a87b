"""A sample edition per supported language (tests/samples.py: gflanguages' UDHR text, written
directly in that language), built with no font set-up by the test: it builds, embeds every font,
only declared ones, the right regional CJK faces, and runs in the language's direction.
`make test` builds a representative subset; `make test-languages` all 45."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest

from booklet.locales import resolve
from booklet.model import BuildResult
from booklet.options import DEFAULT_THEME
from booklet.render.fonts import load_font_stack
from tests.helpers import assert_pdfua_clean
from tests.samples import build_samples, languages_under_test, sample_result

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
