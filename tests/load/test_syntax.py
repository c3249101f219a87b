"""load/syntax.py: what counts as code, and the directive and image patterns."""

from __future__ import annotations

from booklet.load.syntax import (
    IMAGE,
    IMAGE_MARKUP,
    INDENTED_CODE,
    TABLE_DIRECTIVE,
    image_source,
    lines_outside_code,
)


def outside(text: str) -> list[str]:
    return [line for _, line in lines_outside_code(text.split("\n"))]


def test_backtick_fences_blank_the_block_and_keep_the_line_count() -> None:
    text = "before\n```\n::: table doses\n![x](a.png)\n```\nafter"
    assert outside(text) == ["before", "", "", "", "", "after"]
    assert [offset for offset, _ in lines_outside_code(text.split("\n"))] == list(range(6))


def test_tilde_fences_and_indented_fences_count_too() -> None:
    assert outside("~~~\n<script>\n~~~\ntext") == ["", "", "", "text"]
    assert outside("  ```python\ncode\n  ```\ntext") == ["", "", "", "text"]


def test_an_unclosed_fence_runs_to_the_end() -> None:
    assert outside("text\n```\ncode\nmore code") == ["text", "", "", ""]


def test_indented_lines_are_left_for_the_caller() -> None:
    """Four spaces may be code or a list item's continuation: only Markdown can tell."""
    assert outside("- item\n\n    ![x](a.png)") == ["- item", "", "    ![x](a.png)"]
    assert INDENTED_CODE.match("    code")
    assert not INDENTED_CODE.match("   three spaces")


def test_directives_inside_code_are_ignored() -> None:
    lines = outside("::: table a\n```\n::: table b\n```\n:::table c ")
    assert [m["name"] for line in lines if (m := TABLE_DIRECTIVE.match(line))] == ["a", "c"]


def test_table_directive_is_a_line_of_its_own() -> None:
    assert TABLE_DIRECTIVE.match("::: table doses")["name"] == "doses"  # type: ignore[index]
    assert not TABLE_DIRECTIVE.match("see ::: table doses")
    assert not TABLE_DIRECTIVE.match("::: table two names")
    assert not TABLE_DIRECTIVE.match("    ::: table doses")


def test_image_names_its_source_and_image_markup_spans_it() -> None:
    line = 'See ![a pill](<pill.svg> "title") and ![](two.png) and ![x](<my pic#1.png>).'
    assert [image_source(m) for m in IMAGE.finditer(line)] == ["pill.svg", "two.png",
                                                               "my pic#1.png"]
    assert IMAGE_MARKUP.sub("", line) == "See  and  and ."
