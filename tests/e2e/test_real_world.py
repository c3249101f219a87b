"""Real content as authors write it (tests/fixtures/real-world): every construct of pasted
public pages prints as real, tagged structure, and nothing is printed off the page, in A5,
half-letter, large print and imposed sheets."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from booklet import ContentError
from booklet.model import BuildResult, Theme
from booklet.options import DEFAULT_THEME
from tests.helpers import FIXTURES, Pdf, assert_pdfua_clean, build

REAL_WORLD = FIXTURES / "real-world"
MM = 72 / 25.4
#: The narrowest side margin of the booklet pages (the cover has none, but 12 % padding).
SIDE_MARGIN_MM = 12
VARIANTS = {
    "a5": {"impose": True},
    "half-letter": {"paper": "half-letter"},
    "large-print": {"variant": "large-print"},
}


@pytest.fixture(scope="module")
def real_world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """The fixture built once in every variant."""
    out = tmp_path_factory.mktemp("real-world")
    return {name: build(REAL_WORLD, out / name, **options)  # type: ignore[arg-type]
            for name, options in VARIANTS.items()}


def pdfs(real_world: dict[str, BuildResult]) -> list[Path]:
    result = [r.pdf for r in real_world.values()]
    imposed = real_world["a5"].imposed
    assert imposed is not None
    return [*result, imposed]


def structure(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Every structure element as (type, types of its ancestors, outermost first)."""
    found: list[tuple[str, tuple[str, ...]]] = []

    def walk(node: object, ancestors: tuple[str, ...]) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, ancestors)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            kind = str(node["/S"])
            found.append((kind, ancestors))
            walk(node.get("/K"), (*ancestors, kind))

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot.get("/K"), ())
    return found


def flat_text(path: Path) -> str:
    """The text of every page in reading order, without the running header and page number
    (so that text continued on the next page reads on)."""
    lines = []
    for page in Pdf(path).pages_text:
        page_lines = page.splitlines()
        if page_lines and re.fullmatch(r"Page \d+ of \d+", page_lines[-1]):
            page_lines = page_lines[1:-1]  # the running header is the first line
        lines.extend(page_lines)
    return " ".join(" ".join(lines).split()).replace("\u200b", "")


@pytest.mark.parametrize("variant", VARIANTS)
def test_structure_tree_has_tables_and_lists_three_deep(real_world: dict[str, BuildResult],
                                                        variant: str) -> None:
    tree = structure(real_world[variant].pdf)
    kinds = [kind for kind, _ in tree]
    if variant == "large-print":  # every table of more than 2 columns is stacked, by design:
        assert "/THead" not in kinds  # a two-column table per row, with row headers only
        assert any(kind == "/TH" and "/TR" in above for kind, above in tree)
    else:
        assert "/Table" in kinds
        assert any(kind == "/TH" and "/TR" in above for kind, above in tree)
    # Both captions (the pipe table's, the stacked CSV's) are /Caption inside their /Table.
    assert sum(1 for kind, above in tree if kind == "/Caption" and "/Table" in above) == 2
    deepest = max(above.count("/LI") for kind, above in tree if kind == "/L")
    assert deepest >= 3  # a list inside an item of a list inside an item of a list ...


@pytest.mark.parametrize("variant", VARIANTS)
def test_list_numbers_and_markup_print_as_written(real_world: dict[str, BuildResult],
                                                  variant: str) -> None:
    text = flat_text(real_world[variant].pdf)
    # Items of several paragraphs keep the list's numbering; a list keeps its start number.
    assert "1. Find a quiet place. Sit down and take your time. 2. Open the guide." in text
    assert "3. Write down your questions." in text
    assert "7. The seventh step 8. The eighth step" in text
    # Literal brackets stay text; nothing of the pipe syntax is printed.
    assert "[*]and[*].Sodo[1][2]and[3,4]." in text.replace(" ", "")  # pdfplumber spaces ][
    assert "|" not in text
    assert "---" not in text
    # The pasted `# Reading This Guide` is not printed a second time.
    assert text.count("Reading This Guide") == 2  # the contents entry and the heading
    # The pipe table's caption and credit line.
    assert "Where to find help in the building" in text
    assert "Source: Sample Cancer Centre visitor desk, 2026. Licence: CC BY 4.0." in text


def test_pipe_table_is_a_real_table_with_header_cells(real_world: dict[str, BuildResult]) -> None:
    html = real_world["a5"].html
    assert html is None or html.exists()
    text = flat_text(real_world["a5"].pdf)
    assert "Service Where Hours Notes Library Main hall 9 to 5 Quiet room" in text
    tree = structure(real_world["a5"].pdf)
    # the pipe table has a header row; the 7-column CSV is stacked: a two-column table per
    # row, its column names as row headers
    assert sum(1 for kind, _ in tree if kind == "/THead") == 1
    assert sum(1 for kind, _ in tree if kind == "/Table") > 1
    assert sum(1 for kind, above in tree if kind == "/TH" and "/TR" in above) >= 4 + 3


@pytest.mark.parametrize("variant", VARIANTS)
def test_seven_column_table_is_stacked_with_an_info_finding(real_world: dict[str, BuildResult],
                                                            variant: str) -> None:
    text = flat_text(real_world[variant].pdf)
    assert "Service Quiet hour Day Friday Time 09:00 Room Room 3" in text
    stacked = [f for f in real_world[variant].findings if f.rule == "LAYOUT-TABLE-STACKED"]
    assert len(stacked) == (0 if variant == "large-print" else 1)


def test_no_glyph_outside_the_page(real_world: dict[str, BuildResult]) -> None:
    for path in pdfs(real_world):
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                margin = SIDE_MARGIN_MM * MM * (0 if "imposed" in path.name else 1) - 0.5
                chars = [c for c in page.chars if c["text"].strip()]
                outside = [c["text"] for c in chars
                           if c["x0"] < margin or c["x1"] > page.width - margin
                           or c["top"] < 0 or c["bottom"] > page.height]
                assert not outside, (path.name, number, "".join(outside)[:80])


def test_long_word_and_url_print_whole(real_world: dict[str, BuildResult]) -> None:
    source = (REAL_WORLD / "en" / "10-reading-this-guide.md").read_text(encoding="utf-8")
    word = next(w for w in source.split() if len(w) == 2000)
    url = next(w for w in source.split() if w.startswith("https://") and len(w) == 300)
    for result in real_world.values():
        text = "".join(flat_text(result.pdf).split())
        assert word in text
        assert text.count(url) >= 1
        with pikepdf.open(result.pdf) as pdf:
            links = [str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", [])
                     if "/A" in a and "/URI" in a.A]
        assert url in links


def test_pdfua_finds_nothing_in_any_variant(real_world: dict[str, BuildResult]) -> None:
    """The constructs (pipe and stacked tables, captions, lists three deep, long words) in A5,
    half-letter and large print pass the independent checker."""
    assert_pdfua_clean(*(result.pdf for result in real_world.values()))


def test_no_layout_overflow_on_the_clean_fixtures(real_world: dict[str, BuildResult]) -> None:
    for result in real_world.values():
        assert not [f for f in result.findings if f.rule == "LAYOUT-OVERFLOW"]


def test_a_box_wider_than_the_page_is_a_layout_overflow(tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    shutil.copytree(DEFAULT_THEME.styles_dir, styles)
    with (styles / "booklet.css").open("a", encoding="utf-8") as css:
        css.write("\n.chapter p:first-of-type { width: 190mm; }\n")
    theme = Theme(templates_dir=DEFAULT_THEME.templates_dir, styles_dir=styles)
    with pytest.raises(ContentError) as caught:
        build(REAL_WORLD, tmp_path / "out", theme=theme)
    lines = [line for line in caught.value.lines() if "LAYOUT-OVERFLOW" in line]
    assert lines
    assert any("10-reading-this-guide.md:" in line and "page 3" in line
               and "past the right edge" in line for line in lines), lines
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_bleed_element_may_leave_the_content_area(tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_THEME.styles_dir, styles)
    shutil.copytree(DEFAULT_THEME.templates_dir, templates)
    cover = templates / "cover.html.j2"
    cover.write_text(cover.read_text(encoding="utf-8").replace(
        'class="cover-band', 'class="bleed cover-band', 1), encoding="utf-8")
    with (styles / "booklet.css").open("a", encoding="utf-8") as css:
        css.write("\n.cover-band { margin: -3mm -3mm 0; }\n")
    theme = Theme(templates_dir=templates, styles_dir=styles)
    result = build(REAL_WORLD, tmp_path / "out", theme=theme)
    assert not [f for f in result.findings if f.rule == "LAYOUT-OVERFLOW"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_csv_table_caption_and_credit_print(real_world: dict[str, BuildResult],
                                            variant: str) -> None:
    text = flat_text(real_world[variant].pdf)
    assert "Weekly activities for visitors" in text
    assert "Source: Sample Cancer Centre activities desk, 2026. Licence: CC0 1.0." in text


def test_metadata_url_with_ampersand_reaches_xmp_and_links(
        real_world: dict[str, BuildResult]) -> None:
    url = ("https://vsearch.nlm.nih.gov/vivisimo/cgi-bin/query-meta?v:project=medlineplus"
           "&query=reading%20skills&x=12#results")
    for result in real_world.values():
        assert result.edition.metadata.published.isoformat() == "2026-01-10"  # quoted in YAML
        with pikepdf.open(result.pdf) as pdf:
            with pdf.open_metadata() as xmp:
                sources = str(xmp.get("{https://booklet.example.org/ns/provenance/1.0/}sources"))
            links = [str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", [])
                     if "/A" in a and "/URI" in a.A]
        assert url in sources.split()
        assert url in links


@pytest.mark.parametrize(("paper", "variant"), [
    (None, "standard"), ("half-letter", "standard"), (None, "large-print")])
def test_no_rule_finds_anything_in_the_constructs(paper: str | None, variant: str) -> None:
    from booklet import BuildOptions
    from booklet.pipeline import check_edition

    report = check_edition(BuildOptions(content_dir=REAL_WORLD, paper=paper, variant=variant,
                                        today=dt.date(2026, 6, 1)))
    found = [f"{f.rule} {f.location}: {f.message}" for f in report.findings]
    expected = [] if variant == "large-print" else [  # the 7-column table, stacked by design
        f"LAYOUT-TABLE-STACKED {REAL_WORLD / 'en' / 'services.csv'}:1"]
    assert [line.split(": ")[0] for line in found] == expected, found
