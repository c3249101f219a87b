"""Unit tests of the render stage's pieces: CSS filters, the UI catalog, the Markdown converter,
the QR code and the standalone HTML."""

from __future__ import annotations

import dataclasses

import pytest

from booklet.load import load_edition
from booklet.model import Messages
from booklet.options import DEFAULT_THEME
from booklet.render import qr_svg_data_uri, render_html
from booklet.render.debug import standalone_html
from booklet.render.fonts import load_edition_fonts
from booklet.render.markdown import MarkdownConverter
from booklet.render.templates import Catalog, css_counters, css_string, edition_environment
from tests.helpers import CONTENT


@pytest.mark.parametrize(("text", "css"), [
    ("Page", '"Page"'),
    ('say "hi"', '"say \\"hi\\""'),
    ("a\\b", '"a\\\\b"'),
    ("line\nbreak", '"line\\A break"'),
    ("</style>", '"\\3c /style\\3e "'),
])
def test_css_string_quotes_for_a_content_property(text: str, css: str) -> None:
    assert str(css_string(text)) == css


def test_css_counters_turn_placeholders_into_counters() -> None:
    assert str(css_counters("Page {page} of {pages}")) == \
        '"Page " counter(page) " of " counter(pages)'
    assert str(css_counters("{page}/{pages}")) == 'counter(page) "/" counter(pages)'


def test_the_catalog_translates_and_lists_what_it_could_not() -> None:
    edition = load_edition(CONTENT, "es")
    catalog = Catalog(edition)
    assert catalog.gettext("Contents") != "Contents"
    assert catalog.gettext("A string nobody translated") == "A string nobody translated"
    [warning] = catalog.warnings()
    assert "'A string nobody translated'" in warning.message
    assert warning.location == edition.messages.location  # type: ignore[union-attr]


def test_the_source_edition_has_no_catalog_and_no_warning() -> None:
    catalog = Catalog(load_edition(CONTENT, None))
    assert catalog.gettext("Contents") == "Contents"
    assert catalog.warnings() == ()


def test_the_environment_formats_dates_in_the_edition_language() -> None:
    edition = load_edition(CONTENT, "es")
    env = edition_environment("es", DEFAULT_THEME.templates_dir, Catalog(edition))
    text = env.from_string("{{ d | long_date }} / {{ d | month_year }}").render(
        d=edition.metadata.published)
    assert "de" in text  # Spanish: "26 de noviembre de 2026 / noviembre de 2026"
    assert str(edition.metadata.published.year) in text


def test_the_markdown_converter_sanitizes_and_resets_between_sections() -> None:
    edition = load_edition(CONTENT, None)
    env = edition_environment("en", DEFAULT_THEME.templates_dir, Catalog(edition))
    converter = MarkdownConverter(edition, env.get_template("table.html.j2"))
    first, second = edition.sections[:2]
    risky = dataclasses.replace(first, body="Hello <script>alert(1)</script> **there**")
    html = converter.convert(risky)
    assert "<script>" not in html
    assert "<strong>there</strong>" in html
    assert "Hello" in converter.convert(dataclasses.replace(second, body="Hello"))


def test_qr_code_is_an_svg_data_uri() -> None:
    uri = qr_svg_data_uri("https://www.example.org/booklets")
    assert uri.startswith("data:image/svg+xml")


def test_standalone_html_links_its_stylesheets_and_fonts() -> None:
    edition = load_edition(CONTENT, None)
    fonts = load_edition_fonts(DEFAULT_THEME.styles_dir, "en", "en")
    rendered = render_html(edition, DEFAULT_THEME, fonts)
    html = standalone_html(rendered)
    assert all(path.resolve().as_uri() in html for path in rendered.stylesheets)
    assert "@font-face" in html
    assert html.count("<base href=") == 1


def test_messages_lookup_is_by_msgid() -> None:
    messages = Messages(pairs=(("Contents", "Índice"),), location=None)  # type: ignore[arg-type]
    assert messages.get("Contents") == "Índice"
    assert messages.get("Other") is None
