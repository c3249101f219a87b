"""Build one edition: the only module that knows the order of the pipeline's stages.

Steps (`prepare_edition` runs 1-2, `finish_edition` 3-4, in separate processes when the
runner builds; `build_edition` runs them all here). No stage limits its own time or memory:
whoever runs them does (`booklet.processes` around each stage, the watch command around a build).
    1. load      content/ -> Edition             (booklet.load)
    2. render    Edition -> RenderedHtml         (booklet.render); the fonts must cover it
    3. paginate  RenderedHtml -> PaginatedDocument (booklet.paginate, WeasyPrint)
    4. write     PaginatedDocument -> PDF bytes  (booklet.write) -> output/ (booklet.output.files);
                 with `impose`, a padded layout imposed two-up (booklet.write.impose)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from booklet.checks.run import (
    content_findings,
    document_findings,
    page_findings,
    pdf_findings,
    refused,
    runs_content_rules,
)
from booklet.diagnostics import Finding, Problem, Severity
from booklet.errors import ContentError
from booklet.model import (
    BuildResult,
    Edition,
    PaginatedDocument,
    PreparedEdition,
    RenderedHtml,
    Theme,
)
from booklet.options import BuildOptions
from booklet.output.files import Transaction, ensure_dir
from booklet.output.git import last_commit
from booklet.paginate import paginate
from booklet.render.glyphs import check_glyphs
from booklet.render.marks import padded

if TYPE_CHECKING:
    from booklet.checks.report import CheckReport

log = logging.getLogger("booklet")


@dataclass(frozen=True)
class Outcome:
    """What building one edition gave: a result, or the error lines and exit code."""

    options: BuildOptions
    result: BuildResult | None = None
    errors: tuple[str, ...] = ()
    exit_code: int = 0
    seconds: float = 0.0
    layout_seconds: float = 0.0
    """Of `seconds`, those spent laying out and writing: what scheduling goes by."""
    output_failed: bool = False
    """Its files could not be written (a full disk, permissions): then the command renames
    none of the build's files."""


def build_edition(options: BuildOptions) -> BuildResult:
    """Build one edition's PDF (and, with `save_html`, the HTML handed to WeasyPrint), here.

    `options.timeout` and `options.max_memory_mb` are not applied: the caller wraps the build
    in `booklet.processes.limits.resource_limits` if it wants them (the runner's processes
    and the watch command do).

    Raises:
        UsageError, ContentError, OutputError: nothing is written then.
    """
    return finish_edition(options, prepare_edition(options))


def finish_edition(options: BuildOptions, prepared: PreparedEdition,
                   owner: int | None = None) -> BuildResult:
    """Stages 3-4 of a prepared edition (no limits: see `build_edition`).

    The edition's files (PDF, imposed sheets, HTML) are renamed into place together once all
    are written. With `owner` (a process id) they are not: they are left under temporary
    names for that process, listed in the result's `staged`, to be renamed with the rest of
    its build (`booklet.output.files.Transaction.adopt`).

    Raises:
        ContentError, OutputError: nothing is written then.
    """
    with _source_date(prepared.source_date_epoch), Transaction(owner) as transaction:
        result = _lay_out_and_write(options, prepared, transaction)
        if owner is None:
            transaction.commit()
            return result
        return dataclasses.replace(result, staged=transaction.handed_over())


def preload_layout() -> None:
    """Import what laying out, writing and imposing need (WeasyPrint, pikepdf), for the
    processes forked to do it."""
    import weasyprint  # noqa: F401



def prepare_edition(options: BuildOptions) -> PreparedEdition:
    """Stages 1-2 alone: load, render, the checks that need no layout (no limits: see
    `build_edition`).

    Raises:
        UsageError, ContentError.
    """
    from booklet.load import load_edition  # YAML, Babel, nh3: not needed to lay out
    from booklet.locales import language_name

    ensure_dir(options.out_dir)
    log.info("Step 1/4 - Loading content (%s)", options.locale or "source locale")
    edition = load_edition(options.content_dir, options.locale, options.paper,
                           options.variant, options.clinic)
    log.info("Step 2/4 - Rendering HTML (%s, %s)", edition.locale, edition.paper)
    rendered = _render(edition, options.theme, padding=options.impose)
    findings = document_findings(rendered, options.today or dt.date.today())
    if runs_content_rules(edition.metadata.checks):
        findings += content_findings(edition)  # a clinic made a readability rule an error
    _refuse(findings, options.release)
    commit = last_commit(options.content_dir, options.theme)
    given = os.environ.get("SOURCE_DATE_EPOCH", "")
    epoch = int(given) if given.isdigit() else commit.epoch if commit else None
    names = (language_name(edition.locale, "en"), language_name(edition.locale, edition.locale))
    return PreparedEdition(rendered, tuple(findings), epoch, commit, names)


def _render(edition: Edition, theme: Theme, padding: bool = False) -> RenderedHtml:
    """The edition's HTML (with `padding`, its padding pages too), its fonts checked to cover
    every character."""
    from booklet.render import render_html  # Jinja and Markdown: not needed to lay out
    from booklet.render.fonts import load_edition_fonts

    fonts = load_edition_fonts(theme.styles_dir, edition.locale, edition.metadata.source_locale,
                               edition.content_dir)
    rendered = render_html(edition, theme, fonts, padding=padding)
    check_glyphs(padded(rendered, 3) if padding else rendered)
    return rendered


@contextmanager
def _source_date(epoch: int | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to `epoch` for the block, then put back as it was.

    fontTools stamps every font it saves (WeasyPrint has it decode and subset some) with
    the time in that variable, else with now. It is put back so that the next build in this
    process (watch, the tests) reads its own sources' date, not this one's.
    """
    if epoch is None:
        yield
        return
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _lay_out_and_write(options: BuildOptions, prepared: PreparedEdition,
                       transaction: Transaction) -> BuildResult:
    from booklet.write import write_pdf

    rendered, findings = prepared.rendered, list(prepared.findings)
    edition = rendered.edition
    log.info("Step 3/4 - Laying out pages")
    paginated = paginate(rendered)
    findings += page_findings(paginated)  # refused after writing, with the PDF's own findings
    log.info("Step 4/4 - Writing PDF (%d pages)", paginated.page_count)
    pdf = write_pdf(paginated)
    findings += pdf_findings(pdf, edition)
    _refuse(findings, options.release)
    pdf_path = options.out_dir / f"{edition.file_stem}.pdf"
    html_path = None
    if options.save_html:
        html_path = options.out_dir / f"{edition.file_stem}.html"
        from booklet.render.debug import standalone_html

        transaction.write(html_path, standalone_html(rendered).encode("utf-8"))
    imposed_path = None
    if options.impose:
        imposed_path = options.out_dir / f"{edition.file_stem}.imposed.pdf"
        imposed = _imposed(paginated, options.marks)
    transaction.write(pdf_path, pdf)
    if imposed_path:
        transaction.write(imposed_path, imposed)
    return BuildResult(pdf=pdf_path, html=html_path, page_count=paginated.page_count,
                       edition=edition, warnings=edition.warnings + rendered.warnings,
                       imposed=imposed_path, findings=tuple(findings),
                       imposed_pages=(paginated.page_count + -paginated.page_count % 4) // 2
                       if imposed_path else None,  # two pages a sheet side
                       source_commit=prepared.source_commit,
                       language_names=prepared.language_names)


def _refuse(findings: list[Finding], release: bool) -> None:
    """Stop on error-level findings, and with `release` on release-blocking warnings."""
    if stopping := refused(findings, release):
        raise ContentError.from_problems([Problem(f.location, f"{f.rule}: {f.message}"
                                                  + (f" ({f.edition} page {f.page})"
                                                     if f.page else ""), f.hint)
                                          for f in stopping])


def _imposed(paginated: PaginatedDocument, marks: bool = False) -> bytes:
    """The print-ready sheets: the booklet padded to a multiple of 4 pages, then imposed
    (with `marks`, bleed, crop and fold marks)."""
    from booklet.write import write_pdf
    from booklet.write.impose import impose

    padding = -paginated.page_count % 4
    if padding:
        log.info("Step 4b - Laying out %d padding pages for the printed booklet", padding)
        paginated = paginate(padded(paginated.rendered, padding))
    return impose(write_pdf(paginated),
                  right_to_left=paginated.rendered.edition.direction == "rtl", marks=marks)


def check_edition(options: BuildOptions) -> CheckReport:
    """Run every rule on one edition (the build's stages, nothing written to disk).

    Raises:
        UsageError, ContentError: the edition cannot even be laid out.
    """
    from booklet.checks.readability import scores
    from booklet.checks.report import CheckReport
    from booklet.load import load_edition
    from booklet.write import write_pdf

    edition = load_edition(options.content_dir, options.locale, options.paper,
                           options.variant, options.clinic)
    rendered = _render(edition, options.theme)
    findings = [*document_findings(rendered, options.today or dt.date.today()),
                *content_findings(edition)]
    if not any(f.severity is Severity.ERROR for f in findings):  # else layout would fail too
        paginated = paginate(rendered)
        findings += [*page_findings(paginated),
                     *pdf_findings(write_pdf(paginated), edition)]
    return CheckReport(edition.file_stem, tuple(findings), tuple(scores(edition)))
