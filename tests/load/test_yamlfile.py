"""load/yamlfile.py: mappings that remember their lines; duplicate keys, tags and bad YAML
refused with the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet.diagnostics import SourceLocation
from booklet.errors import ContentError
from booklet.load.files import read_text
from booklet.load.yamlfile import LineDict, parse_mapping

WHERE = SourceLocation(Path("booklet.yml"), 1)


def error(text: str, where: SourceLocation = WHERE) -> str:
    with pytest.raises(ContentError) as caught:
        parse_mapping(text, where)
    return "\n".join(caught.value.lines())


def test_keys_remember_their_lines_and_raw_text() -> None:
    data = parse_mapping("title: A\ncontact:\n  phone: 02012345\n  version: 2.10\n", WHERE)
    assert data.line_of("title") == 1
    assert data.line_of("contact") == 2
    contact = data["contact"]
    assert isinstance(contact, LineDict)
    assert contact.line_of("phone") == 3
    assert contact.raw["phone"] == "02012345"
    assert contact.raw["version"] == "2.10"
    assert data.line_of("missing") == data.line == 1


def test_lines_count_from_where_the_text_starts() -> None:
    """Front matter starts on line 2 of its file."""
    data = parse_mapping("title: A\norder: 3\n", SourceLocation(Path("a.md"), 2))
    assert data.line_of("order") == 3


def test_a_duplicate_key_names_both_lines() -> None:
    message = error("title: A\nslug: a\ntitle: B\n")
    assert message.startswith("booklet.yml:3: invalid YAML: key 'title' appears twice "
                              "(first on line 1)")


def test_a_duplicate_nested_key_names_its_line() -> None:
    message = error("contact:\n  phone: 1\n  email: a@b\n  phone: 2\n",
                    SourceLocation(Path("booklet.yml"), 5))
    assert message.startswith("booklet.yml:8: invalid YAML: key 'phone' appears twice "
                              "(first on line 6)")


@pytest.mark.parametrize("text", ["run: !!python/object/apply:os.system [ls]\n",
                                  "x: !custom 1\n"])
def test_tags_are_refused(text: str) -> None:
    assert error(text).startswith("booklet.yml:1: invalid YAML: ")


def test_a_bad_date_names_its_line() -> None:
    assert "booklet.yml:2: invalid YAML: invalid value for 'published'" in error(
        "title: A\npublished: 2026-02-30\n")


def test_not_a_mapping() -> None:
    assert error("- a\n- b\n").startswith("booklet.yml:1: expected a YAML mapping")


def test_empty_text_is_an_empty_mapping() -> None:
    assert parse_mapping("", WHERE) == {}


def test_a_bom_is_not_part_of_the_first_key(tmp_path: Path) -> None:
    path = tmp_path / "booklet.yml"
    path.write_bytes(b"\xef\xbb\xbftitle: A\r\nslug: a\r\n")
    data = parse_mapping(read_text(path), SourceLocation(path, 1))
    assert list(data) == ["title", "slug"]
    assert data.line_of("slug") == 2
