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
from booklet.render.templates import css_counters, css_string, edition_environment
from booklet.render.ui import Catalog, program_catalog_path
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
    catalog = Catalog(edition, DEFAULT_THEME.templates_dir)
    assert catalog.gettext("Contents") != "Contents"
    assert catalog.gettext("A string nobody translated") == "A string nobody translated"
    [warning] = catalog.warnings()
    assert "'A string nobody translated'" in warning.message
    assert warning.location == edition.messages.location  # type: ignore[union-attr]
    assert "es/ui.po" in warning.message
    assert "locale/es.po" in warning.message


def test_the_english_source_edition_needs_no_catalog_and_warns_nothing() -> None:
    catalog = Catalog(load_edition(CONTENT, None), DEFAULT_THEME.templates_dir)
    assert catalog.gettext("Contents") == "Contents"
    assert catalog.ngettext("{n} page", "{n} pages", 2) == "{n} pages"
    assert catalog.warnings() == ()


@pytest.mark.parametrize(("tag", "catalog"), [
    ("es", "es"), ("pt-BR", "pt"), ("zh", "zh-Hans"), ("zh-CN", "zh-Hans"),
    ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("pa", "pa"), ("pa-Arab", "pa-Arab"),
    ("sr-Latn", None), ("en", None),
])
def test_a_locale_finds_the_program_catalog_of_its_language(tag: str,
                                                            catalog: str | None) -> None:
    found = program_catalog_path(DEFAULT_THEME.templates_dir, tag)
    assert (found.stem if found else None) == catalog


@pytest.mark.parametrize(("locale", "forms"), [
    ("ru", {1: "раздел показан", 3: "раздела показаны", 5: "разделов показаны",
            21: "раздел показан"}),
    ("ar", {1: "قسم معروض", 2: "قسمان", 3: "أقسام", 11: "قسمًا"}),
    ("ja", {1: "個のセクション", 7: "個のセクション"}),
])
def test_plural_forms_follow_the_catalog_rules(locale: str, forms: dict[int, str]) -> None:
    edition = dataclasses.replace(load_edition(CONTENT, None), locale=locale)
    catalog = Catalog(edition, DEFAULT_THEME.templates_dir)
    for count, text in forms.items():
        assert text in catalog.ngettext("{count} section is shown in {language}: page {pages}",
                                        "{count} sections are shown in {language}: pages "
                                        "{pages}", count), (locale, count)
    assert catalog.warnings() == ()


def test_the_environment_formats_dates_in_the_edition_language() -> None:
    edition = load_edition(CONTENT, "es")
    env = edition_environment("es", DEFAULT_THEME.templates_dir,
                              Catalog(edition, DEFAULT_THEME.templates_dir))
    text = env.from_string("{{ d | long_date }} / {{ d | month_year }}").render(
        d=edition.metadata.published)
    assert "de" in text  # Spanish: "26 de noviembre de 2026 / noviembre de 2026"
    assert str(edition.metadata.published.year) in text


def test_the_markdown_converter_sanitizes_and_resets_between_sections() -> None:
    edition = load_edition(CONTENT, None)
    env = edition_environment("en", DEFAULT_THEME.templates_dir,
                              Catalog(edition, DEFAULT_THEME.templates_dir))
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
    messages = Messages(pairs=(("Contents", ("Índice",)),), location=None)  # type: ignore[arg-type]
    assert messages.get("Contents") == ("Índice",)
    assert messages.get("Other") is None
