"""Python-Markdown extension: place a data table with a `::: table NAME` line."""

from __future__ import annotations

from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from booklet.sections import TABLE_DIRECTIVE

TableRenderer = Callable[[str], str]


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
