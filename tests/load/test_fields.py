"""load/fields.py: typed reads that collect every problem, each at its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.fields import FieldReader, raise_if_problems, read_fields
from booklet.load.yamlfile import parse_mapping

PATH = Path("clinic.yml")


def reader(text: str) -> tuple[FieldReader, list[Problem]]:
    problems: list[Problem] = []
    return FieldReader(parse_mapping(text, SourceLocation(PATH, 1)), PATH, problems,
                       "clinic file"), problems


def lines(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


def test_values_of_the_right_type() -> None:
    fields, problems = reader("name: A\norder: 3\nurgent: true\npublished: 2026-01-10\n")
    assert fields.get("name", str) == "A"
    assert fields.get("order", int) == 3
    assert fields.get("urgent", bool) is True
    assert fields.get("published", dt.date) == dt.date(2026, 1, 10)
    assert fields.get("missing", str, "default") == "default"
    assert problems == []


def test_numbers_read_as_text_keep_how_they_were_written() -> None:
    fields, _ = reader("phone: 02012345\nversion: 2.10\n")
    assert fields.get("phone", str) == "02012345"
    assert fields.get("version", str) == "2.10"


def test_every_problem_is_collected_with_its_line() -> None:
    fields, problems = reader("name: ''\norder: three\nurgent: 1\n")
    fields.get("name", str)
    fields.get("order", int)
    fields.get("urgent", bool)
    fields.get("phone", str)
    assert lines(problems) == [
        "clinic.yml:1: 'name' is empty; fill it in",
        "clinic.yml:2: 'order' must be a whole number, got 'three'; correct the value",
        "clinic.yml:3: 'urgent' must be true or false, got 1; correct the value",
        "clinic.yml:1: clinic file is missing 'phone'; add a line 'phone: ...'",
    ]


def test_a_boolean_is_not_a_whole_number() -> None:
    fields, problems = reader("order: true\n")
    assert fields.get("order", int) == 0
    assert lines(problems) == ["clinic.yml:1: 'order' must be a whole number, got True; "
                               "correct the value"]


def test_unknown_keys_are_reported() -> None:
    fields, problems = reader("name: A\nnmae: B\n")
    fields.reject_unknown(("name", "phone"))
    assert lines(problems) == ["clinic.yml:2: unknown key 'nmae' in clinic file; "
                               "expected one of: name, phone"]


def test_nested_mappings_and_lists() -> None:
    fields, problems = reader("contact:\n  phone: 1\nsources:\n  - title: A\n  - plain\n"
                              "tags: [a, 2]\nflat: 3\n")
    assert fields.mapping("contact").location("phone") == SourceLocation(PATH, 2)
    assert [item.get("title", str) for item in fields.mappings("sources")] == ["A"]
    assert fields.strings("tags") == ("a", "2")
    fields.mapping("flat")
    fields.mapping("absent")
    assert lines(problems) == [
        "clinic.yml:3: item 2 of 'sources' must be a mapping",
        "clinic.yml:6: 'tags' must list texts only",
        "clinic.yml:7: 'flat' must be a mapping; indent 'name: value' lines under it",
        "clinic.yml:1: clinic file is missing 'absent'; add a 'absent:' block",
    ]


def test_read_fields_reads_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "clinic.yml"
    path.write_text("name: Riverside\n", encoding="utf-8")
    problems: list[Problem] = []
    fields = read_fields(path, "clinic file", problems)
    assert fields.get("name", str) == "Riverside"
    fields.get("phone", str)
    assert lines(problems) == [f"{path}:1: clinic file is missing 'phone'; "
                               "add a line 'phone: ...'"]


def test_read_fields_of_a_broken_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "clinic.yml"
    path.write_text("name: A\nphone: [1\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_fields(path, "clinic file", [])
    assert caught.value.lines()[0].startswith(f"{path}:3: invalid YAML")


def test_raise_if_problems_lists_them_all() -> None:
    raise_if_problems([])
    problems = [Problem(SourceLocation(PATH, 1), "one"), Problem(SourceLocation(PATH, 2), "two")]
    with pytest.raises(ContentError) as caught:
        raise_if_problems(problems)
    assert caught.value.lines() == ["clinic.yml:1: one", "clinic.yml:2: two"]
