"""Sections' Markdown to HTML: Python-Markdown with the `::: table` directive and image paths."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import quote
from xml.etree.ElementTree import Element

import jinja2
import markdown
from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from booklet.load.sanitize import SECTION_LINK, sanitize
from booklet.load.syntax import TABLE_DIRECTIVE, lines_outside_code
from booklet.locales import locale_direction
from booklet.model import Edition, Section, Table
from booklet.render.bidi import isolate_runs
from booklet.render.dialect import DialectExtension, pipe_table_lines
from booklet.render.lists import ListIndentExtension
from booklet.render.tablefit import stacked
from booklet.render.wrapping import AddressBreakExtension

TableRenderer = Callable[[str], str]
_ABSOLUTE = re.compile(r"^([a-z][a-z0-9+.-]*:|/|#)", re.IGNORECASE)


class _TablePreprocessor(Preprocessor):
    """Replace each directive line by the table's HTML, stashed so Markdown leaves it alone."""

    def __init__(self, md: Markdown, render_table: TableRenderer) -> None:
        super().__init__(md)
        self.render_table = render_table

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        # Past a fence Markdown left open (closed ones are stashed by now), load saw code,
        # not a directive: the same scanner decides here.
        for (_, outside), line in zip(lines_outside_code(lines), lines, strict=True):
            match = TABLE_DIRECTIVE.match(outside)
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
            if src and not _ABSOLUTE.match(src):  # a file path: `#`, `%`, spaces are its own
                image.set("src", quote(posixpath.normpath(f"{self.extension.folder}/{src}")))


class _SectionLinkTreeprocessor(Treeprocessor):
    """`[see](20-how-treatment-works.md)` (with or without `#anchor`) -> a link inside the
    booklet: to the anchor, or to the section whose file it names."""

    def __init__(self, md: Markdown, extension: SectionLinkExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            match = SECTION_LINK.match(link.get("href", ""))
            if match and match["file"] in self.extension.anchors:
                link.set("href", f"#{match['anchor'] or self.extension.anchors[match['file']]}")


class SectionLinkExtension(Extension):
    """Links to another section's file become internal links (booklet.load.sanitize reports,
    and drops, every other link without an allowed scheme)."""

    def __init__(self, anchors: dict[str, str]) -> None:
        super().__init__()
        self.anchors = anchors
        """Section file name -> the id of its heading."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        md.treeprocessors.register(_SectionLinkTreeprocessor(md, self), "booklet_links", 4)


class ContentPathExtension(Extension):
    """Images are written relative to their section file; the document's base is content/.

    `folder` (the section's folder, relative to content/) may change between conversions.
    """

    def __init__(self, folder: str) -> None:
        super().__init__()
        self.folder = folder

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        md.treeprocessors.register(_ContentPathTreeprocessor(md, self), "booklet_paths", 5)


#: Python-Markdown's own extensions of the dialect (README, "The Markdown dialect").
MARKDOWN_EXTENSIONS = ("fenced_code", "sane_lists", "smarty", "tables")


class _LtrRunTreeprocessor(Treeprocessor):
    """In right-to-left text, URLs, addresses and numbers become `<span dir="ltr">` runs."""

    def __init__(self, md: Markdown, extension: LtrRunExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        if self.extension.rtl:
            isolate_runs(root)


class LtrRunExtension(Extension):
    """Isolate left-to-right runs (booklet.render.bidi) while `rtl` is set (per section)."""

    def __init__(self) -> None:
        super().__init__()
        self.rtl = False

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        md.treeprocessors.register(_LtrRunTreeprocessor(md, self), "booklet_ltr_runs", 3)


class MarkdownConverter:
    """One Python-Markdown instance for all of an edition's sections (reset between them)."""

    def __init__(self, edition: Edition, table_template: jinja2.Template) -> None:
        self.edition = edition
        self.table_template = table_template
        self.section: Section | None = None
        self.paths = ContentPathExtension("")
        links = SectionLinkExtension({s.location.path.name: s.id for s in edition.sections})
        self.dialect = DialectExtension(self._render_table)
        self.ltr_runs = LtrRunExtension()
        self.md = markdown.Markdown(
            extensions=[*MARKDOWN_EXTENSIONS, ListIndentExtension(), AddressBreakExtension(),
                        TableExtension(self._table), self.paths, links, self.dialect,
                        self.ltr_runs],
            output_format="html")

    def _table(self, name: str) -> str:
        return self._render_table(self.edition.table(name))

    def _render_table(self, table: Table) -> str:
        return self.table_template.render(table=table, section=self.section,
                                          stacked=stacked(table, self.edition))

    def convert(self, section: Section) -> Markup:
        """The section's body as sanitized HTML."""
        self.section = section
        self.paths.folder = section.location.path.parent.relative_to(
            self.edition.content_dir).as_posix()
        self.dialect.section_path = section.location.path
        self.dialect.section_title = section.title
        self.dialect.locations = [section.body_location.at(offset)
                                      for offset in pipe_table_lines(section.body)]
        self.ltr_runs.rtl = locale_direction(section.lang or self.edition.locale) == "rtl"
        html = self.md.reset().convert(section.body)
        return Markup(sanitize(html))  # noqa: S704 - sanitized just now
