"""Property-based: random Markdown, front matter and table data either build or raise the
project's own error, never another exception; and the same input gives the same bytes.

Counts per run: 1,000 documents through load and render (in process), 50 full builds of a
small booklet (its cover, contents, one fixed and one random section, back cover) and 10 pairs
of builds compared byte for byte. Derandomized (the "ci" profile, the default) so that every
run tries the same documents; `BOOKLET_HYPOTHESIS=explore` draws new ones.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from booklet import BookletError
from booklet.load import load_edition
from booklet.options import DEFAULT_THEME
from booklet.render import render_html
from booklet.render.fonts import load_edition_fonts
from booklet.render.glyphs import check_glyphs
from booklet.typefaces import EditionFonts
from tests.helpers import CONTENT, build

settings.register_profile("ci", deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None, suppress_health_check=[HealthCheck.too_slow])
SETTINGS = settings.get_profile(os.environ.get("BOOKLET_HYPOTHESIS", "ci"))
DOCUMENTS, BUILDS, PAIRS = 1000, 50, 10
TEXT = st.text(alphabet=st.sampled_from(
    list("abcdefghij XYZ 0123456789 .,;:!?'\"()[]{}<>&*_#-+=/\\|`~^%$@\t\néüñ«»—–…·×÷°")),
    max_size=200)
LINES = st.lists(st.one_of(TEXT, st.sampled_from([
    "# Heading", "## Sub", "- item", "1. step", "> quote", "```", "::: table providers",
    "::: table nope", "![alt](missing.png)", "<b>bold</b>", "<script>x</script>", "| a | b |",
    "---", "***", "    code", "[link](https://example.org)", "<span lang=\"es\">hola</span>",
])), min_size=1, max_size=12).map(lambda lines: ["Some text.", *lines])
VALID_FRONT = st.fixed_dictionaries({"title": TEXT.filter(str.strip),
                                     "order": st.integers(61, 500)})
FRONT = st.one_of(VALID_FRONT, VALID_FRONT, st.fixed_dictionaries({}, optional={
    "title": st.one_of(TEXT, st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
    "order": st.one_of(st.integers(-5, 500), TEXT, st.floats(allow_nan=False)),
    "id": st.one_of(st.from_regex(r"[a-z]{1,8}", fullmatch=True), TEXT),
    "extra": TEXT,
}))
CELL = st.text(alphabet="abc ,\"\n01é<>&", max_size=8)
VALID_ROWS = st.integers(1, 4).flatmap(lambda width: st.lists(
    st.lists(CELL.filter(str.strip), min_size=width, max_size=width), min_size=2, max_size=6))
ROWS = st.one_of(st.just([]), st.just([]), VALID_ROWS,
                 st.lists(st.lists(CELL, max_size=5), max_size=6))


def yaml_value(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return "null" if value is None else str(value).lower() if isinstance(value, bool) \
        else str(value)


@functools.cache
def _base(small: bool) -> Path:
    """A copy of the shipped content with the source locale only (`small`: one section
    besides the random one), made once per test run and reused by every example."""
    content = Path(tempfile.mkdtemp(prefix="booklet-properties-")) / "content"
    shutil.copytree(CONTENT, content)
    shutil.rmtree(content / "es")
    meta = content / "booklet.yml"
    meta.write_text(meta.read_text().replace("locales: [en, es]", "locales: [en]"))
    if small:
        for section in (content / "en").glob("*.md"):
            if not section.name.startswith("10-"):
                section.unlink()
    return content


def content_with(front: dict[str, object], lines: list[str], rows: list[list[str]],
                 small: bool = False) -> Path:
    """The reused content folder with this example's section (and table, if any)."""
    content = _base(small)
    head = "".join(f"{key}: {yaml_value(value)}\n" for key, value in front.items())
    (content / "en" / "70-random.md").write_text(f"---\n{head}---\n" + "\n".join(lines),
                                                 encoding="utf-8")
    table = content / "en" / "providers.csv"
    if rows:
        csv = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
        table.write_text(csv + "\n", encoding="utf-8")
    else:
        shutil.copy(CONTENT / "en" / "providers.csv", table)
    return content


@functools.cache
def _fonts() -> EditionFonts:
    """The source locale's fonts, the same for every example (read once)."""
    return load_edition_fonts(DEFAULT_THEME.styles_dir, "en", "en")


@settings(SETTINGS, max_examples=DOCUMENTS)
@given(front=FRONT, lines=LINES, rows=ROWS)
def test_load_and_render_never_crash(front: dict[str, object], lines: list[str],
                                     rows: list[list[str]]) -> None:
    content = content_with(front, lines, rows)
    try:
        edition = load_edition(content)
        rendered = render_html(edition, DEFAULT_THEME, _fonts())
        check_glyphs(rendered)
    except BookletError as exc:
        event(f"error: {exc.lines()[0].split(': ', 1)[-1][:30]}")
        return
    event("rendered")
    assert "<script" not in rendered.html


@settings(SETTINGS, max_examples=BUILDS)
@given(front=VALID_FRONT, lines=LINES, rows=ROWS)
def test_builds_end_in_a_pdf_or_booklets_own_error(front: dict[str, object], lines: list[str],
                                                    rows: list[list[str]]) -> None:
    content = content_with(front, lines, rows, small=True)
    with tempfile.TemporaryDirectory() as out:
        try:
            result = build(content, Path(out))
        except BookletError as exc:
            event(f"error: {exc.lines()[0].split(': ', 1)[-1][:30]}")
            return
        event("built")
        assert result.pdf.read_bytes().startswith(b"%PDF-")
        assert [p.name for p in Path(out).iterdir()] == [result.pdf.name]  # nothing else


@settings(SETTINGS, max_examples=PAIRS)
@given(front=VALID_FRONT, lines=LINES)
def test_builds_are_errors_or_identical_pdfs(front: dict[str, object], lines: list[str]) -> None:
    content = content_with(front, lines, [], small=True)
    with tempfile.TemporaryDirectory() as folder:
        try:
            first = build(content, Path(folder) / "a").pdf.read_bytes()
        except BookletError as exc:
            event(f"error: {exc.lines()[0].split(': ', 1)[-1][:30]}")
            return
        event("built")
        assert build(content, Path(folder) / "b").pdf.read_bytes() == first
