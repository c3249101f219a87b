"""Python-Markdown extensions: `::: table NAME` directives and content-relative image paths."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from booklet.load.syntax import TABLE_DIRECTIVE

TableRenderer = Callable[[str], str]
_ABSOLUTE = re.compile(r"^([a-z][a-z0-9+.-]*:|/|#)", re.IGNORECASE)


class _TablePreprocessor(Preprocessor):
    """Replace each directive line by the table's HTML, stashed so Markdown leaves it alone."""

    def __init__(self, md: Markdown, render_table: TableRenderer) -> None:
        super().__init__(md)
        self.render_table = render_table

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            match = TABLE_DIRECTIVE.match(line)
            if match is None:
                out.append(line)
                continue
            placeholder = self.md.htmlStash.store(self.render_table(match["name"]))
            out.extend(["", placeholder, ""])
        return out


class TableExtension(Extension):
    """Register the table directive; `render_table(name)` returns the table's HTML."""

    def __init__(self, render_table: TableRenderer) -> None:
        super().__init__()
        self.render_table = render_table

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        # After fenced code (25) has stashed code blocks, before raw HTML blocks (20).
        md.preprocessors.register(_TablePreprocessor(md, self.render_table), "booklet_table", 22)


class _ContentPathTreeprocessor(Treeprocessor):
    """Make relative image paths relative to the content folder (the document's base URL)."""

    def __init__(self, md: Markdown, extension: ContentPathExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        for image in root.iter("img"):
            src = image.get("src", "")
            if src and not _ABSOLUTE.match(src):
                image.set("src", posixpath.normpath(f"{self.extension.folder}/{src}"))


class ContentPathExtension(Extension):
    """Images are written relative to their section file; the document's base is content/.

    `folder` (the section's folder, relative to content/) may change between conversions.
    """

    def __init__(self, folder: str) -> None:
        super().__init__()
        self.folder = folder

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        md.treeprocessors.register(_ContentPathTreeprocessor(md, self), "booklet_paths", 5)
