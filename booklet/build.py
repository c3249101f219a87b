"""Build one edition: the only module that knows the order of the pipeline's stages.

Steps:
    1. load      content/ -> Edition             (booklet.load)
    2. render    Edition -> RenderedHtml         (booklet.render); fonts cover it (booklet.glyphs)
    3. paginate  RenderedHtml -> PaginatedDocument (booklet.paginate, WeasyPrint)
    4. write     PaginatedDocument -> PDF bytes  (booklet.write) -> output/ (booklet.output);
                 with `impose`, a padded layout imposed two-up (booklet.impose)
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from booklet.errors import ContentError
from booklet.fields import raise_if_problems
from booklet.fonts import EditionFonts, load_edition_fonts
from booklet.glyphs import check_glyphs
from booklet.impose import impose
from booklet.load import load_edition
from booklet.model import BuildResult, Edition, PaginatedDocument, Problem, Theme
from booklet.output import ensure_dir, write_atomic
from booklet.paginate import paginate
from booklet.paths import DEFAULT_THEME
from booklet.provenance import source_date_epoch
from booklet.render import render_html
from booklet.write import write_pdf

log = logging.getLogger("booklet")


@dataclass(frozen=True)
class BuildOptions:
    """What to build and where; every CLI option of `booklet build` is a field here."""

    content_dir: Path = Path("content")
    out_dir: Path = Path("output")
    locale: str | None = None
    paper: str | None = None
    variant: str = "standard"
    """'standard' or 'large-print'."""
    clinic: Path | None = None
    """A clinic file for the cover and back cover (default: the metadata's)."""
    impose: bool = False
    """Also write <stem>.imposed.pdf: padded to a multiple of 4 pages, two-up, folding order."""
    save_html: bool = False
    release: bool = False
    """Refuse an edition that is not ready to hand to patients (see release_problems)."""
    theme: Theme = DEFAULT_THEME


def build_edition(options: BuildOptions) -> BuildResult:
    """Build one edition's PDF (and, with `save_html`, the HTML handed to WeasyPrint).

    Raises:
        UsageError, ContentError, OutputError: nothing is written in that case.
    """
    ensure_dir(options.out_dir)
    if "SOURCE_DATE_EPOCH" not in os.environ:  # for tools that stamp dates (fontTools)
        epoch = source_date_epoch(options.content_dir, options.theme)
        if epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    log.info("Step 1/4 - Loading content (%s)", options.locale or "source locale")
    edition = load_edition(options.content_dir, options.locale, options.paper,
                           options.variant, options.clinic)
    if options.release:
        raise_if_problems(release_problems(edition))
    log.info("Step 2/4 - Rendering HTML (%s, %s)", edition.locale, edition.paper)
    fonts = load_edition_fonts(options.theme.styles_dir, edition.locale,
                               edition.metadata.source_locale)
    rendered = render_html(edition, options.theme, fonts)
    check_glyphs(rendered)
    log.info("Step 3/4 - Laying out pages")
    paginated = paginate(rendered)
    check_back_cover(paginated)
    log.info("Step 4/4 - Writing PDF (%d pages)", paginated.page_count)
    pdf = write_pdf(paginated)
    pdf_path = options.out_dir / f"{edition.file_stem}.pdf"
    html_path = None
    if options.save_html:
        html_path = options.out_dir / f"{edition.file_stem}.html"
        write_atomic(html_path, rendered.html.encode("utf-8"))
    imposed_path = None
    if options.impose:
        imposed_path = options.out_dir / f"{edition.file_stem}.imposed.pdf"
        imposed = _imposed(edition, options.theme, fonts, paginated)
    write_atomic(pdf_path, pdf)
    if imposed_path:
        write_atomic(imposed_path, imposed)
    return BuildResult(pdf=pdf_path, html=html_path, page_count=paginated.page_count,
                       edition=edition, warnings=edition.warnings + rendered.warnings,
                       imposed=imposed_path)


def _imposed(edition: Edition, theme: Theme, fonts: EditionFonts,
             paginated: PaginatedDocument) -> bytes:
    """The print-ready sheets: the booklet padded to a multiple of 4 pages, then imposed."""
    padding = -paginated.page_count % 4
    if padding:
        log.info("Step 4b - Laying out %d padding pages for the printed booklet", padding)
        paginated = paginate(render_html(edition, theme, fonts, padding=padding))
    return impose(write_pdf(paginated), right_to_left=edition.direction == "rtl")


def check_back_cover(paginated: PaginatedDocument) -> None:
    """The back cover is one page: the last one.

    Raises:
        ContentError: it runs over, with what to shorten.
    """
    start = next((p.number for p in paginated.pages if "back-cover" in p.anchors), None)
    if start is not None and start != paginated.page_count:
        edition = paginated.rendered.edition
        raise ContentError(edition.metadata.location,
                           f"the back cover runs over {paginated.page_count - start + 1} pages",
                           "shorten the disclaimer, disclosure or clinic details, or the "
                           "translation of the back-cover labels")


def release_problems(edition: Edition) -> list[Problem]:
    """Why an edition may not be released: fallback or outdated sections, no review."""
    problems = [Problem(section.location, f"section '{section.title}' is not translated",
                        "translate it before release") for section in edition.fallbacks]
    problems += [Problem(section.location, "section is outdated: its source changed",
                         "update the translation ('booklet status' shows the changes)")
                 for section in edition.outdated]
    if edition.translation is not None and not edition.translation.reviewed:
        problems.append(Problem(edition.translation.location,
                                "translation has not been reviewed",
                                "a qualified reviewer fills in reviewed_by and reviewed_on"))
    return problems
