"""Stage 2, render: turn an Edition into one HTML document (Markdown + Jinja templates)."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from pathlib import Path

import jinja2
import markdown
from babel.dates import format_date, format_skeleton
from markupsafe import Markup

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.sanitize import sanitize
from booklet.locales import babel_code, language_name, locale_direction
from booklet.model import Edition, EditionFonts, RenderedHtml, Section, Theme
from booklet.render.markdown import ContentPathExtension, TableExtension
from booklet.render.templates import template_cache

MAIN_TEMPLATE = "booklet.html.j2"
TABLE_TEMPLATE = "table.html.j2"
PADDING_TEMPLATE = "padding.html.j2"
MARKDOWN_EXTENSIONS = ("fenced_code", "sane_lists", "smarty")


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
    qr_url = (edition.clinic.website if edition.clinic else "") or edition.metadata.contact.website
    catalog = _Catalog(edition)
    env = _environment(edition.locale, theme.templates_dir, catalog)
    try:
        env.globals["large_print"] = edition.variant == "large-print"
        converter = _MarkdownConverter(edition, env.get_template(TABLE_TEMPLATE))
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
        padding_pages = tuple(env.get_template(PADDING_TEMPLATE).render(padding=pages)
                              for pages in (1, 2, 3)) if padding else ()
    except jinja2.TemplateSyntaxError as exc:
        where = SourceLocation(Path(exc.filename or theme.templates_dir), exc.lineno)
        raise ContentError(where, f"template error: {exc.message}", "fix the template") from None
    except jinja2.TemplateError as exc:
        raise ContentError(_failing_template_line(exc, theme.templates_dir),
                           f"template error: {exc}", "fix the template") from None
    stylesheets: tuple[Path, ...] = (theme.styles_dir / "booklet.css",
                                     theme.styles_dir / "paper" / f"{edition.paper}.css")
    if edition.variant != "standard":
        stylesheets += (theme.styles_dir / "variant" / f"{edition.variant}.css",)
    return RenderedHtml(html=html, stylesheets=stylesheets, base_dir=edition.content_dir,
                        edition=edition, theme=theme, fonts=fonts,
                        warnings=catalog.warnings(), padding_pages=padding_pages)


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


class _Catalog(gettext.NullTranslations):
    """The edition's UI strings; remembers which ones it had to leave in the source language."""

    def __init__(self, edition: Edition) -> None:
        super().__init__()
        self.messages = edition.messages
        self.missing: dict[str, None] = {}

    def gettext(self, message: str) -> str:
        if self.messages is None:
            return message
        translated = self.messages.get(message)
        if translated is None:
            self.missing[message] = None
            return message
        return translated

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)

    def warnings(self) -> tuple[Problem, ...]:
        if self.messages is None or not self.missing:
            return ()
        return (Problem(self.messages.location,
                        f"{len(self.missing)} UI strings not translated, shown in the source "
                        f"language: {', '.join(repr(m) for m in self.missing)}",
                        "translate them in the PO file"),)


def _environment(locale: str, templates_dir: Path, catalog: _Catalog) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=template_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    env.filters["month_year"] = lambda d: format_skeleton("yMMMM", d, locale=babel_code(locale))
    env.filters["long_date"] = lambda d: _format_date(d, "long", locale)
    env.filters["css_string"] = css_string
    env.filters["ltr"] = lambda text: Markup('<span dir="ltr">{}</span>').format(text)
    env.filters["css_counters"] = css_counters
    return env


class _MarkdownConverter:
    """One Python-Markdown instance for all of an edition's sections (reset between them)."""

    def __init__(self, edition: Edition, table_template: jinja2.Template) -> None:
        self.edition = edition
        self.table_template = table_template
        self.section: Section | None = None
        self.paths = ContentPathExtension("")
        self.md = markdown.Markdown(
            extensions=[*MARKDOWN_EXTENSIONS, TableExtension(self._table), self.paths],
            output_format="html")

    def _table(self, name: str) -> str:
        return self.table_template.render(table=self.edition.table(name), section=self.section)

    def convert(self, section: Section) -> Markup:
        """The section's body as sanitized HTML."""
        self.section = section
        self.paths.folder = section.location.path.parent.relative_to(
            self.edition.content_dir).as_posix()
        html = self.md.reset().convert(section.body)
        return Markup(sanitize(html))  # noqa: S704 - sanitized just now


def _format_date(value: dt.date, pattern: str, locale: str) -> str:
    return format_date(value, pattern, locale=babel_code(locale))





def css_string(text: str) -> Markup:
    """Quote `text` as a CSS string literal (for `content:` in generated styles)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    escaped = re.sub(r"[<>&]", lambda m: f"\\{ord(m[0]):x} ", escaped)
    return Markup(f'"{escaped}"')  # noqa: S704 - escaped above


def css_counters(template: str) -> Markup:
    """Turn 'Page {page} of {pages}' into CSS: "Page " counter(page) " of " counter(pages)."""
    parts = re.split(r"\{(page|pages)\}", template)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"counter({part})")
        elif part:
            out.append(str(css_string(part)))
    return Markup(" ".join(out))  # noqa: S704 - built from escaped pieces


def _failing_template_line(exc: BaseException, templates_dir: Path) -> SourceLocation:
    """The innermost template frame of a runtime error (Jinja rewrites tracebacks to them)."""
    found = SourceLocation(templates_dir)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith(str(templates_dir)):
            found = SourceLocation(Path(name), tb.tb_lineno)
        tb = tb.tb_next
    return found


def standalone_html(rendered: RenderedHtml) -> str:
    """The HTML with its base URL, stylesheets and fonts linked in, so that it renders alone
    (`weasyprint file.html out.pdf`): what `--html` saves for debugging and benchmarks."""
    links = "".join(f'<link rel="stylesheet" href="{path.resolve().as_uri()}">\n'
                    for path in rendered.stylesheets)
    head = (f'<base href="{rendered.base_dir.resolve().as_uri()}/">\n{links}'
            f"<style>\n{rendered.fonts.all.font_face_css()}\n</style>\n")
    return rendered.html.replace("<head>\n", "<head>\n" + head, 1)
