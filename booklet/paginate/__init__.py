"""Stage 3, paginate: lay out the rendered HTML with WeasyPrint into a PaginatedDocument."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.model import Edition, OutlineEntry, PageInfo, PaginatedDocument, RenderedHtml
from booklet.paginate import weasylog


def paginate(rendered: RenderedHtml) -> PaginatedDocument:
    """Lay out `rendered` into pages.

    Raises:
        ContentError: WeasyPrint refused or could not load a resource (image, font, style),
            drew a missing glyph, or reported any other warning.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from booklet.paginate.fetcher import RootedFetcher

    content_dir = rendered.edition.content_dir
    theme = rendered.theme
    roots = [content_dir, theme.templates_dir, theme.styles_dir]
    clinic = rendered.edition.clinic
    if clinic is not None and clinic.logo is not None:  # a clinic file given on the command
        roots.append(clinic.logo)  # line may live elsewhere: its logo, not its whole folder
    roots += [font.path for family in rendered.fonts.all.families for font in family.files]
    fetcher = RootedFetcher(tuple(roots))
    font_config = FontConfiguration()
    problems: list[Problem] = []
    stylesheets = []
    for path in rendered.stylesheets:
        with weasylog.captured() as records:
            stylesheets.append(CSS(filename=path, url_fetcher=fetcher, font_config=font_config))
        problems += weasylog.problems(records, SourceLocation(path))
    with weasylog.captured() as records:
        stylesheets.append(CSS(string=rendered.fonts.all.font_face_css(), url_fetcher=fetcher,
                               font_config=font_config))
    problems += weasylog.problems(records, SourceLocation(theme.styles_dir / "fonts.yml"))
    with weasylog.captured() as records:
        html = HTML(string=rendered.html, base_url=rendered.base_dir.resolve().as_uri() + "/",
                    url_fetcher=fetcher)
        document = html.render(stylesheets=stylesheets, font_config=font_config)
    base = SourceLocation(rendered.base_dir)
    problems += [Problem(_used_at(r.url, rendered.edition, base), f"refused {r.url}: {r.reason}",
                         "use only files inside the content folder") for r in fetcher.refused]
    problems += [Problem(_used_at(failed[1], rendered.edition, problem.location), problem.message,
                         problem.hint)
                 if (failed := _FAILED_IMAGE.match(problem.message)) else problem
                 for problem in weasylog.problems(records, base)]
    if problems:
        raise ContentError.from_problems(problems)
    pages = tuple(
        PageInfo(number=index + 1, anchors=tuple(page.anchors))
        for index, page in enumerate(document.pages)
    )
    return PaginatedDocument(document=document, pages=pages,
                             outline=_outline(document.make_bookmark_tree()),
                             rendered=rendered, font_config=font_config, fetcher=fetcher)


_FAILED_IMAGE = re.compile(r"Failed to load image at '([^']*)'")


def _used_at(url: str, edition: Edition, default: SourceLocation | None) -> SourceLocation | None:
    """The first section line naming the file of `url` (WeasyPrint does not say where an
    image it could not load was used), else `default`."""
    name = unquote(urlsplit(url).path).rsplit("/", 1)[-1]
    for section in edition.sections if name else ():
        for offset, line in enumerate(section.body.split("\n")):
            if name in line or quote(name) in line:
                return section.body_location.at(offset)
    return default


def _outline(tree: list[Any]) -> tuple[OutlineEntry, ...]:
    """WeasyPrint's bookmark tuples (label, (page_index, x, y), children, state) as entries."""
    return tuple(
        OutlineEntry(label=label, page=target[0] + 1, children=_outline(children))
        for label, target, children, _state in tree
    )
