"""Stage 2, render: turn an Edition into one HTML document (Markdown + Jinja templates).

Jinja and Markdown are imported when an edition is rendered, not with the package: the layout
processes and a no-op rebuild import modules of this package (the glyph preflight) too.
"""

from __future__ import annotations

from pathlib import Path

from booklet.diagnostics import SourceLocation
from booklet.errors import ContentError
from booklet.locales import language_name, locale_direction
from booklet.model import Edition, RenderedHtml, Theme
from booklet.typefaces import EditionFonts

MAIN_TEMPLATE = "booklet.html.j2"
TABLE_TEMPLATE = "table.html.j2"
PADDING_TEMPLATE = "padding.html.j2"


def render_html(edition: Edition, theme: Theme, fonts: EditionFonts,
                padding: bool = False) -> RenderedHtml:
    """Render `edition` into the HTML handed to WeasyPrint.

    Args:
        fonts: the font stacks of the edition and of its source locale.
        padding: also render 1, 2 and 3 padding pages (a notes page, then blank ones) for a
            printed booklet, whose page count must be a multiple of 4 (booklet.render.marks.padded).

    Raises:
        ContentError: a template is broken (named with its file and line).
    """
    import jinja2

    from booklet.render.linebreaks import with_break_opportunities
    from booklet.render.markdown import MarkdownConverter
    from booklet.render.templates import edition_environment, failing_template_line
    from booklet.render.ui import Catalog

    qr_url = (edition.clinic.website if edition.clinic else "") or edition.metadata.contact.website
    catalog = Catalog(edition, theme.templates_dir)
    env = edition_environment(edition.locale, theme.templates_dir, catalog)
    try:
        env.globals["large_print"] = edition.variant == "large-print"
        converter = MarkdownConverter(edition, env.get_template(TABLE_TEMPLATE))
        sections = [(section, converter.convert(section)) for section in edition.sections]
        html = env.get_template(MAIN_TEMPLATE).render(
            edition=edition, meta=edition.metadata, sections=sections, fonts=fonts.edition,
            source_fonts=fonts.source,
            language=language_name(edition.locale, edition.locale),
            source_language=language_name(edition.metadata.source_locale, edition.locale),
            source_direction=locale_direction(edition.metadata.source_locale),
            clinic=edition.clinic, logo_src=_logo_src(edition),
            qr_url=qr_url, qr_src=qr_svg_data_uri(qr_url) if qr_url else "",
        )
        html = with_break_opportunities(html)  # Thai, Lao, Khmer, Myanmar: no word spaces
        padding_pages = tuple(env.get_template(PADDING_TEMPLATE).render(padding=pages)
                              for pages in (1, 2, 3)) if padding else ()
    except jinja2.TemplateSyntaxError as exc:
        where = SourceLocation(Path(exc.filename or theme.templates_dir), exc.lineno)
        raise ContentError(where, f"template error: {exc.message}", "fix the template") from None
    except jinja2.TemplateError as exc:
        raise ContentError(failing_template_line(exc, theme.templates_dir),
                           f"template error: {exc}", "fix the template") from None
    stylesheets: tuple[Path, ...] = (theme.styles_dir / "booklet.css",
                                     theme.styles_dir / "paper" / f"{edition.paper}.css")
    if edition.variant != "standard":
        stylesheets += (theme.styles_dir / "variant" / f"{edition.variant}.css",)
    return RenderedHtml(html=html, stylesheets=stylesheets, base_dir=edition.content_dir,
                        edition=edition, theme=theme, fonts=fonts,
                        warnings=catalog.warnings() + fonts.warnings, padding_pages=padding_pages)


def qr_svg_data_uri(url: str) -> str:
    """A vector QR code of `url`, as an SVG data: URI (segno)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return str(code.svg_data_uri(border=2, dark="#000000", light="#ffffff", nl=False))


def _logo_src(edition: Edition) -> str:
    """The clinic logo's URL: relative to the content folder (the base URL) when inside it."""
    if edition.clinic is None or edition.clinic.logo is None:
        return ""
    logo = edition.clinic.logo
    content = edition.content_dir.resolve()
    return logo.relative_to(content).as_posix() if logo.is_relative_to(content) \
        else logo.as_uri()


