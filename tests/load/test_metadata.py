"""load/metadata.py: booklet.yml into Metadata; required keys, dates and severity overrides,
every problem at its line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from booklet.diagnostics import SourceLocation
from booklet.errors import ContentError
from booklet.load.metadata import load_metadata
from booklet.model import Override
from tests.helpers import FIXTURES

CLEAN = (FIXTURES / "clean" / "booklet.yml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "booklet.yml").write_text(text, encoding="utf-8")
    return tmp_path / "booklet.yml"


def errors(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(ContentError) as caught:
        load_metadata(tmp_path)
    return [line.replace(str(path), "booklet.yml") for line in caught.value.lines()]


def line_of(text: str, key: str) -> int:
    return text[:text.index(f"\n{key}:") + 1].count("\n") + 1


def without(text: str, key: str) -> str:
    return re.sub(rf"^{key}:.*\n", "", text, flags=re.MULTILINE)


def test_the_clean_metadata_loads(tmp_path: Path) -> None:
    write(tmp_path, CLEAN)
    meta = load_metadata(tmp_path)
    assert meta.title == "Taking Your Tablets"
    assert meta.version == "2.0"
    assert meta.next_review == dt.date(2027, 1, 10)
    assert meta.checks.page_budget == 8
    assert meta.checks.severity == ()


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_metadata(tmp_path)
    assert caught.value.lines() == [f"{tmp_path / 'booklet.yml'}: metadata file not found; "
                                    "create booklet.yml in the content folder (see README)"]


@pytest.mark.parametrize("key", ["title", "slug", "version", "publisher", "published",
                                 "disclaimer"])
def test_required_keys(tmp_path: Path, key: str) -> None:
    """Named at the mapping's line: its first key, below the comment."""
    assert f"booklet.yml:2: booklet.yml is missing '{key}'; add a line '{key}: ...'" in errors(
        tmp_path, without(CLEAN, key))


def test_a_date_error_names_the_value_line(tmp_path: Path) -> None:
    text = CLEAN.replace("next_review: 2027-01-10", "next_review: soon")
    assert errors(tmp_path, text)[0] == (
        f"booklet.yml:{line_of(text, 'next_review')}: 'next_review' must be a date (YYYY-MM-DD), "
        "got 'soon'; correct the value")


def test_an_impossible_date_is_invalid_yaml_at_its_line(tmp_path: Path) -> None:
    text = CLEAN.replace("published: 2026-01-10", "published: 2026-02-30")
    [line] = errors(tmp_path, text)
    assert line.startswith(f"booklet.yml:{line_of(text, 'published')}: invalid YAML: "
                           "invalid value for 'published'")


def test_dates_in_the_wrong_order(tmp_path: Path) -> None:
    text = CLEAN.replace("next_review: 2027-01-10", "next_review: 2026-01-01")
    assert errors(tmp_path, text) == [
        f"booklet.yml:{line_of(text, 'next_review')}: 'next_review' is not after "
        "'last_reviewed'; correct the dates"]


def test_severity_overrides_keep_their_lines(tmp_path: Path) -> None:
    text = CLEAN + "  severity:\n    PLAIN-NUMBERS: info\n    READ-GRADE: off\n"
    write(tmp_path, text)
    lines = text.count("\n")
    where = tmp_path / "booklet.yml"
    assert load_metadata(tmp_path).checks.severity == (
        Override("PLAIN-NUMBERS", "info", SourceLocation(where, lines - 1)),
        Override("READ-GRADE", "off", SourceLocation(where, lines)))  # 'off', not False


def test_an_unknown_severity_level_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = CLEAN + "  severity:\n    PLAIN-NUMBERS: loud\n"
    assert errors(tmp_path, text) == [
        f"booklet.yml:{text.count(chr(10))}: unknown severity 'loud' for PLAIN-NUMBERS; "
        "use one of: error, warning, info, off"]


def test_thresholds_must_be_numbers_and_known(tmp_path: Path) -> None:
    text = CLEAN.replace("page_budget: 8", "page_budget: many\n  page_budgte: 9")
    budget = line_of(text, "  page_budget")
    assert errors(tmp_path, text) == [
        f"booklet.yml:{budget + 1}: unknown key 'page_budgte' in 'checks'; expected one of: "
        "body_min_pt, fernandez_huerta_min, fernandez_huerta_target, fk_grade_info, "
        "fk_grade_warning, inflesz_min, inflesz_target, large_print_min_pt, "
        "max_sentence_words, min_words_scored, page_budget, review_warning_days, severity",
        f"booklet.yml:{budget}: 'page_budget' must be a number; the default is 24"]
