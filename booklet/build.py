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

from booklet.fields import raise_if_problems
from booklet.glyphs import check_glyphs
from booklet.load import load_edition
from booklet.model import BuildResult, Edition, Problem, Theme
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
    release: bool = False
    """Refuse an edition that is not ready to hand to patients (see release_problems)."""
    theme: Theme = DEFAULT_THEME


def build_edition(options: BuildOptions) -> BuildResult:
    """Build one edition's PDF (and, with `save_html`, the HTML handed to WeasyPrint).

    Raises:
        UsageError, ContentError, OutputError: nothing is written in that case.
    """
    ensure_dir(options.out_dir)
    log.info("Step 1/4 - Loading content (%s)", options.locale or "source locale")
    edition = load_edition(options.content_dir, options.locale, options.paper)
    if options.release:
        raise_if_problems(release_problems(edition))
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
                       edition=edition, warnings=edition.warnings + rendered.warnings)


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
