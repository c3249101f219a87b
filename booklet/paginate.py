"""Stage 3, paginate: lay out the rendered HTML with WeasyPrint into a PaginatedDocument."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from booklet.errors import ContentError
from booklet.model import (
    OutlineEntry,
    PageInfo,
    PaginatedDocument,
    Problem,
    RenderedHtml,
    SourceLocation,
)


def paginate(rendered: RenderedHtml) -> PaginatedDocument:
    """Lay out `rendered` into pages.

    Raises:
        ContentError: WeasyPrint refused or could not load a resource (image, font, style),
            drew a missing glyph, or reported any other warning.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from booklet.fetcher import RootedFetcher

    content_dir = rendered.edition.content_dir
    theme = rendered.theme
    fetcher = RootedFetcher((content_dir, theme.templates_dir, theme.styles_dir))
    font_config = FontConfiguration()
    problems: list[Problem] = []
    stylesheets = []
    for path in rendered.stylesheets:
        with _captured_warnings() as records:
            stylesheets.append(CSS(filename=path, url_fetcher=fetcher, font_config=font_config))
        problems += _problems(records, SourceLocation(path))
    with _captured_warnings() as records:
        stylesheets.append(CSS(string=rendered.fonts.font_face_css(), url_fetcher=fetcher,
                               font_config=font_config))
    problems += _problems(records, SourceLocation(theme.styles_dir / "fonts.yml"))
    with _captured_warnings() as records:
        html = HTML(string=rendered.html, base_url=rendered.base_dir.resolve().as_uri() + "/",
                    url_fetcher=fetcher)
        document = html.render(stylesheets=stylesheets, font_config=font_config)
    problems += [Problem(SourceLocation(rendered.base_dir), f"refused {r.url}: {r.reason}",
                         "use only files inside the content folder") for r in fetcher.refused]
    problems += _problems(records, SourceLocation(rendered.base_dir))
    if problems:
        raise ContentError.from_problems(problems)
    pages = tuple(
        PageInfo(number=index + 1, anchors=tuple(page.anchors))
        for index, page in enumerate(document.pages)
    )
    return PaginatedDocument(document=document, pages=pages,
                             outline=_outline(document.make_bookmark_tree()),
                             rendered=rendered, font_config=font_config)


def _outline(tree: list[Any]) -> tuple[OutlineEntry, ...]:
    """WeasyPrint's bookmark tuples (label, (page_index, x, y), children, state) as entries."""
    return tuple(
        OutlineEntry(label=label, page=target[0] + 1, children=_outline(children))
        for label, target, children, _state in tree
    )


def _problems(records: list[logging.LogRecord], where: SourceLocation) -> list[Problem]:
    """WeasyPrint's warnings as problems; a CSS message's 'at LINE:COL' gives the line."""
    problems = []
    for record in records:
        message = record.getMessage()
        if message.startswith("Failed to load") and "refused" in message:
            continue  # reported from the fetcher's own record
        line = re.search(r" at (\d+):\d+", message)
        location = SourceLocation(where.path, int(line[1])) if line else where
        problems.append(Problem(location, message.rstrip("."),
                                "fix or remove what this names"))
    return problems


@contextmanager
def _captured_warnings() -> Iterator[list[logging.LogRecord]]:
    """Collect WeasyPrint's WARNING and ERROR records (it only logs missing images, glyphs...)."""
    records: list[logging.LogRecord] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("weasyprint")
    handler = _Collect(level=logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
