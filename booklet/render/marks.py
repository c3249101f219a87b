"""Marks the templates leave in the HTML for later stages: where the padding pages go."""

from __future__ import annotations

from dataclasses import replace

from booklet.model import RenderedHtml

#: Where the main template marks the place of a printed booklet's padding pages
#: (templates/booklet.html.j2).
PADDING_MARK = "<!--booklet:padding-->"


def padded(rendered: RenderedHtml, pages: int) -> RenderedHtml:
    """`rendered` with `pages` padding pages before the back cover (0 to 3).

    Raises:
        ValueError: it was rendered without padding pages, or its template has no
            padding mark.
    """
    if pages == 0:
        return rendered
    if len(rendered.padding_pages) < pages or PADDING_MARK not in rendered.html:
        raise ValueError("rendered without padding pages")
    return replace(rendered, html=rendered.html.replace(PADDING_MARK,
                                                        rendered.padding_pages[pages - 1], 1))
