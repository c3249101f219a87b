"""Metadata, tables and Markdown as people write them (issue 14): quoted dates, http:// and
escaped addresses, table captions, syntax the dialect cannot express reported at its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import zxingcpp
from pypdf import PdfReader

from booklet.checks.provenance import http_source_findings
from booklet.errors import ContentError
from booklet.load import load_edition
from booklet.load.metadata import load_metadata
from booklet.load.tables import load_table
from booklet.load.urls import as_uri
from tests.helpers import FIXTURES, build, edit_file

CLEAN = (FIXTURES / "clean" / "booklet.yml").read_text(encoding="utf-8")


def metadata_errors(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "booklet.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_metadata(tmp_path)
    return caught.value.lines()


def test_quoted_dates_are_dates(tmp_path: Path) -> None:
    text = CLEAN.replace("published: 2026-01-10", "published: '2026-01-10'").replace(
        "next_review: 2027-01-10", 'next_review: "2027-01-10"')
    (tmp_path / "booklet.yml").write_text(text, encoding="utf-8")
    meta = load_metadata(tmp_path)
    assert (meta.published.isoformat(), meta.next_review.isoformat()) == (
        "2026-01-10", "2027-01-10")


def test_a_date_that_is_not_one_names_its_line(tmp_path: Path) -> None:
    text = CLEAN.replace("published: 2026-01-10", "published: '10 January 2026'")
    line = text[:text.index("published:")].count("\n") + 1
    lines = metadata_errors(tmp_path, text)
    assert any(f"booklet.yml:{line}: 'published' must be a date (YYYY-MM-DD)" in x for x in lines)


def test_http_source_is_accepted_with_a_warning_naming_https(tmp_path: Path) -> None:
    text = CLEAN.replace("url: https://medlineplus.gov/breastcancer.html",
                         "url: http://www.cancer.gov/archived/page.html")
    (tmp_path / "booklet.yml").write_text(text, encoding="utf-8")
    line = text[:text.index("url: http://")].count("\n") + 1
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "clean", content)
    (content / "booklet.yml").write_text(text, encoding="utf-8")
    edition = load_edition(content, None, None)
    findings = http_source_findings(edition)
    assert [f.rule for f in findings] == ["STRUCT-HTTP-SOURCE"]
    assert findings[0].location is not None
    assert findings[0].location.line == line
    assert "https://www.cancer.gov/archived/page.html" in findings[0].hint
    result = build(content, tmp_path / "out")
    assert "STRUCT-HTTP-SOURCE" in [f.rule for f in result.findings]


def test_an_ftp_source_is_still_refused_at_its_line(tmp_path: Path) -> None:
    text = CLEAN.replace("url: https://medlineplus.gov/breastcancer.html",
                         "url: ftp://example.org/page")
    line = text[:text.index("url: ftp")].count("\n") + 1
    assert any(f":{line}: source URL" in x for x in metadata_errors(tmp_path, text))


@pytest.mark.parametrize(("written", "uri"), [
    ("https://example.org/a?x=1&y=2#top", "https://example.org/a?x=1&y=2#top"),
    ("https://example.org/100%25/done", "https://example.org/100%25/done"),
    ("https://example.org/my page.html", "https://example.org/my%20page.html"),
    ("https://bücher.example/straße?q=ä", "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A4"),
])
def test_addresses_become_valid_uris(written: str, uri: str) -> None:
    assert as_uri(written) == uri


def test_an_iri_website_is_escaped_in_the_text_and_the_qr_code(tmp_path: Path) -> None:
    import pypdfium2

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "clean", content)
    edit_file(content / "booklet.yml", "  email: patient.information@example.org",
              "  email: patient.information@example.org\n"
              "  website: https://bücher.example/a b?x=1&y=2")
    uri = "https://xn--bcher-kva.example/a%20b?x=1&y=2"
    result = build(content, tmp_path / "out")
    assert result.edition.metadata.contact.website == uri
    back = PdfReader(result.pdf).pages[-1].extract_text().replace("\u200b", "")
    assert uri in "".join(back.split())
    document = pypdfium2.PdfDocument(result.pdf)
    bitmap = document[len(document) - 1].render(scale=4).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(bitmap)] == [uri]


def test_table_caption_file_beside_the_csv(tmp_path: Path) -> None:
    (tmp_path / "rates.csv").write_text("Day,Time\nMonday,10:00\n", encoding="utf-8")
    (tmp_path / "rates.yml").write_text("caption: Opening times\ncredit: 'Source: desk'\n",
                                        encoding="utf-8")
    table = load_table(tmp_path / "rates.csv")
    assert (table.caption, table.credit, table.ids) == ("Opening times", "Source: desk", ("1",))
    (tmp_path / "rates.yml").write_text("caption: Opening times\nlicense: CC0\n",
                                        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_table(tmp_path / "rates.csv")
    assert any("rates.yml:2: unknown key 'license'" in x for x in caught.value.lines())


def test_what_the_dialect_cannot_express_is_reported_at_its_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "clean", content)
    section = content / "en" / "10-your-tablets.md"
    edit_file(section, "## What to do",
              "| a | b |\n| c | d |\n\nSee the note.[^1]\n\n- [ ] a box\n\nTerm\n: its meaning\n\n"
              "## What to do")
    lines = section.read_text(encoding="utf-8").splitlines()
    table_line = lines.index("| a | b |") + 1
    note_line = lines.index("See the note.[^1]") + 1
    warnings = [str(w) for w in load_edition(content, None, None).warnings]
    assert any(f"10-your-tablets.md:{table_line}: a table without its delimiter row" in w
               for w in warnings), warnings
    assert any(f"10-your-tablets.md:{note_line}: footnotes" in w for w in warnings), warnings
    for text, what in (("- [ ] a box", "task-list boxes"), (": its meaning", "definition lists")):
        line = lines.index(text) + 1
        assert any(f"10-your-tablets.md:{line}: {what}" in w for w in warnings), warnings
    assert len(warnings) == 4, warnings
