"""Build one edition: the only module that knows the order of the pipeline's stages.

Steps:
    1. load      content/ -> Edition             (booklet.load)
    2. render    Edition -> RenderedHtml         (booklet.render); fonts cover it (booklet.glyphs)
    3. paginate  RenderedHtml -> PaginatedDocument (booklet.paginate, WeasyPrint)
    4. write     PaginatedDocument -> PDF bytes  (booklet.write) -> output/ (booklet.output)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from booklet.glyphs import check_glyphs
from booklet.load import load_edition
from booklet.model import BuildResult, Theme
from booklet.output import ensure_dir, write_atomic
from booklet.paginate import paginate
from booklet.paths import DEFAULT_THEME
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
    save_html: bool = False
    theme: Theme = DEFAULT_THEME


def build_edition(options: BuildOptions) -> BuildResult:
    """Build one edition's PDF (and, with `save_html`, the HTML handed to WeasyPrint).

    Raises:
        UsageError, ContentError, OutputError: nothing is written in that case.
    """
    ensure_dir(options.out_dir)
    log.info("Step 1/4 - Loading content (%s)", options.locale or "source locale")
    edition = load_edition(options.content_dir, options.locale, options.paper)
    log.info("Step 2/4 - Rendering HTML (%s, %s)", edition.locale, edition.paper)
    rendered = render_html(edition, options.theme)
    check_glyphs(rendered)
    log.info("Step 3/4 - Laying out pages")
    paginated = paginate(rendered)
    log.info("Step 4/4 - Writing PDF (%d pages)", paginated.page_count)
    pdf = write_pdf(paginated)
    pdf_path = options.out_dir / f"{edition.file_stem}.pdf"
    html_path = None
    if options.save_html:
        html_path = options.out_dir / f"{edition.file_stem}.html"
        write_atomic(html_path, rendered.html.encode("utf-8"))
    write_atomic(pdf_path, pdf)
    return BuildResult(pdf=pdf_path, html=html_path, page_count=paginated.page_count,
                       edition=edition)
