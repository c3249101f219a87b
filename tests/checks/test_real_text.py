"""Checks right on real text (issue 14 point 6), generated characters in the glyph preflight
(point 5), and layout rules that name their source line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from booklet import BuildOptions
from booklet.checks.prose import split_sentences
from booklet.errors import ContentError
from booklet.model import Theme
from booklet.options import DEFAULT_THEME
from booklet.pipeline import check_edition
from tests.helpers import FIXTURES, append_file, build

SECTION = "en/10-your-tablets.md"


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    target = tmp_path / "clean"
    shutil.copytree(FIXTURES / "clean", target)
    return target


def findings(content: Path, theme: Theme = DEFAULT_THEME) -> list[tuple[str, str]]:
    report = check_edition(BuildOptions(content_dir=content, theme=theme))
    return [(f.rule, str(f.location)) for f in report.findings if f.rule != "PROV-REVIEW"]


@pytest.mark.parametrize(("text", "parts"), [
    ("It helps growth. The cells stop.", 2),
    ("It helps growth.[2] The cells stop.[3,4] Then they rest.", 3),  # markers removed first
    ("Dr. Lee works in the U.S. clinic. Bring a list, e.g. of questions.", 2),
    ("यह पहला वाक्य है। यह दूसरा वाक्य है।", 2),
    ("هذه جملة أولى؟ وهذه جملة ثانية۔ وهذه ثالثة.", 3),
    ("这是第一句。这是第二句！这是第三句？", 3),
])
def test_sentences_split_where_they_end(text: str, parts: int) -> None:
    from booklet.checks.prose import CITATION

    assert len(split_sentences(CITATION.sub("", text))) == parts


def test_citation_markers_codes_and_stages_are_no_findings(clean: Path) -> None:
    append_file(clean / SECTION, "\nThese cells grow slowly.[2] The team checks them.[3,4] "
                "The code D002283 names the topic. Stage IIIA is one stage.\n\n"
                "- A list item. It has two sentences.\n\n"
                "> A quote with a sentence. And another one, e.g. this.\n")
    assert findings(clean) == []


def test_a_heading_followed_by_its_subheading_is_not_empty(clean: Path) -> None:
    append_file(clean / SECTION, "\n## Parent\n\n### Child\n\nText of the child.\n")
    assert findings(clean) == []
    append_file(clean / SECTION, "\n## Nothing under it\n\n## Next\n\nText.\n")
    assert [rule for rule, _ in findings(clean)] == ["STRUCT-EMPTY-HEADING"]


def test_a_list_item_of_many_sentences_is_split(clean: Path) -> None:
    append_file(clean / SECTION, "\n- " + "Take it now. " * 20 + "\n")
    assert findings(clean) == []  # 20 sentences of 3 words, not one of 60


def theme_with_css(tmp_path: Path, css: str) -> Theme:
    styles = tmp_path / "styles"
    shutil.copytree(DEFAULT_THEME.styles_dir, styles)
    with (styles / "booklet.css").open("a", encoding="utf-8") as sheet:
        sheet.write("\n" + css + "\n")
    return Theme(DEFAULT_THEME.templates_dir, styles)


def test_a_marker_the_fonts_lack_is_reported_at_its_stylesheet_line(clean: Path,
                                                                       tmp_path: Path) -> None:
    theme = theme_with_css(tmp_path, 'ol { list-style-type: "\\27A4  "; }')  # ➤, in no font
    line = (theme.styles_dir / "booklet.css").read_text(encoding="utf-8").count("\n")
    with pytest.raises(ContentError) as caught:
        build(clean, tmp_path / "out", theme=theme)
    lines = caught.value.lines()
    assert any(f"booklet.css:{line}: character '\u27a4' (U+27A4" in x and "list-style" in x
               for x in lines), lines


def test_signs_of_patient_text_and_nested_bullets_print(clean: Path, tmp_path: Path) -> None:
    signs = "\u2010 \u2011 \u2212 \u2013 \u00b1 \u2264 \u2265 \u00d7 \u00f7 \u00b0 \u00b5 " \
            "\u00bd \u00bc \u00ae \u2122 \u00a9 \u2192 \u2713 \u2022 \u2030"
    append_file(clean / SECTION, f"\nSigns: {signs}\n\n- One\n  - Two\n    - Three\n")
    result = build(clean, tmp_path / "out")
    from tests.helpers import Pdf

    text = "".join(Pdf(result.pdf).pages_text)
    for sign in [*signs.split(), "\u25e6", "\u25aa"]:  # ◦ and ▪: second and third level
        assert sign in text, sign


def test_body_size_names_the_source_line(clean: Path, tmp_path: Path) -> None:
    theme = theme_with_css(tmp_path, ".chapter h2 + p { font-size: 9pt; }")
    found = findings(clean, theme)
    body = [where for rule, where in found if rule == "LAYOUT-BODY-SIZE"]
    lines = (clean / SECTION).read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines, 1) if line.startswith("Take one tablet"))
    assert body == [f"{clean / SECTION}:{first}"]
