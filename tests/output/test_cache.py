"""The build cache (output/cache.py), without building: fingerprints, records, partitions."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from booklet.load import load_booklet_metadata
from booklet.model import Metadata
from booklet.options import BuildOptions
from booklet.output.cache import (
    CACHE_DIR,
    cached_result,
    fingerprint,
    last_seconds,
    partition,
    remember,
    up_to_date,
)
from tests.helpers import without_permission_override

PDF = "metastatic-breast-cancer.{}.pdf"


@pytest.fixture
def setup(content_copy: Path, tmp_path: Path) -> tuple[BuildOptions, Metadata]:
    """Options for the source edition of a content copy, and its metadata."""
    return (BuildOptions(content_dir=content_copy, out_dir=tmp_path / "out", locale="en"),
            load_booklet_metadata(content_copy))


def fake_build(options: BuildOptions, meta: Metadata, pages: int = 12,
               messages: tuple[str, ...] = ()) -> Path:
    """Write a stand-in PDF for the edition and remember it, as the CLI does after a build."""
    pdf = options.out_dir / PDF.format(options.locale)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(b"%PDF-1.7 " + (options.locale or "").encode())
    remember(options, meta, fingerprint(options, meta), [pdf], list(messages), pages, 2.5)
    return pdf


def test_fingerprint_follows_the_edition_s_inputs_only(setup: tuple[BuildOptions, Metadata]
                                                       ) -> None:
    options, meta = setup
    first = fingerprint(options, meta)
    assert fingerprint(options, meta) == first
    assert fingerprint(replace(options, today=None), meta) == first  # review dates: not inputs
    assert fingerprint(replace(options, paper="a4"), meta) != first
    assert fingerprint(replace(options, locale="es"), meta) != first
    spanish = options.content_dir / "es" / "60-conclusion.md"
    spanish.write_text(spanish.read_text(encoding="utf-8") + "\nMás.\n", encoding="utf-8")
    assert fingerprint(options, meta) == first  # another locale's file
    source = options.content_dir / "en" / "60-conclusion.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert fingerprint(options, meta) != first


def test_a_remembered_build_is_up_to_date_until_its_output_changes(
        setup: tuple[BuildOptions, Metadata]) -> None:
    options, meta = setup
    print_ = fingerprint(options, meta)
    assert up_to_date(options, meta, print_) is None
    assert last_seconds(options, meta) is None
    pdf = fake_build(options, meta, messages=("warning: odd",))
    assert (options.out_dir / CACHE_DIR / "metastatic-breast-cancer.en.json").is_file()
    record = up_to_date(options, meta, print_)
    assert record is not None
    assert (record.pages, record.messages) == (12, ["warning: odd"])
    assert last_seconds(options, meta) == 2.5
    assert up_to_date(options, meta, "another fingerprint") is None
    pdf.write_bytes(b"%PDF-1.7 tampered")
    assert up_to_date(options, meta, print_) is None
    pdf.unlink()
    assert up_to_date(options, meta, print_) is None
    assert last_seconds(options, meta) == 2.5  # how long it took, changed or not


def test_partition_skips_the_current_editions(setup: tuple[BuildOptions, Metadata]) -> None:
    options, meta = setup
    spanish = replace(options, locale="es")
    pdf = fake_build(options, meta)
    skipped, todo, prints = partition([options, spanish], meta)
    assert [(s.options, s.pdf) for s in skipped] == [(options, pdf)]
    assert todo == [spanish]
    assert prints == {options: fingerprint(options, meta), spanish: fingerprint(spanish, meta)}
    assert partition([options, spanish], meta, force=True)[1] == [options, spanish]
    rebuilt = partition([options, spanish], meta, rebuild=lambda o, _r: o.locale == "en")
    assert (rebuilt[0], rebuilt[1]) == ([], [options, spanish])


def test_a_skipped_edition_s_result_comes_from_its_record(setup: tuple[BuildOptions, Metadata]
                                                          ) -> None:
    options, meta = setup
    options = replace(options, impose=True)
    pdf = fake_build(options, meta, pages=9, messages=("warning: odd",))
    [skipped], _, _ = partition([options], meta)
    result = cached_result(skipped)
    assert (result.pdf, result.page_count, result.imposed) == (
        pdf, 9, pdf.with_suffix(".imposed.pdf"))
    assert [str(w) for w in result.warnings] == ["odd"]
    assert result.edition.locale == "en"


def test_an_unreadable_unrelated_file_is_ignored_and_an_unreadable_section_is_one_error(
        content_copy: Path, tmp_path: Path) -> None:
    prefix = without_permission_override()
    notes = content_copy / "notes.txt"
    notes.write_text("private\n", encoding="utf-8")
    notes.chmod(0)
    command = [*prefix, sys.executable, "-m", "booklet", "build", "--force",
               "--content", str(content_copy), "--out", str(tmp_path / "out")]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    section = content_copy / "en" / "60-conclusion.md"
    section.chmod(0)
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == (f"error: {section}: cannot read the file: Permission denied; make it "
                           "readable, or move it out of the content folder\n")


def test_a_huge_file_in_the_content_folder_is_never_read_whole(content_copy: Path,
                                                                tmp_path: Path) -> None:
    for name in ("big.bin", "en/huge.png"):  # sparse: 8 GB that take no disk
        with (content_copy / name).open("wb") as file:
            file.truncate(8 << 30)
    limit = 1 << 30  # the whole build within 1 GB of address space... and more for Python
    done = subprocess.run(
        ["prlimit", f"--as={3 * limit}", sys.executable, "-m", "booklet", "build",
         "--content", str(content_copy), "--out", str(tmp_path / "out"), "--max-memory", "2048"],
        capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
