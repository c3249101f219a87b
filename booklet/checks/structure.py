"""Structure rules on each section's rendered HTML: heading levels, empty headings, internal
links, image alt text, table header rows."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from booklet.diagnostics import Finding, Severity, SourceLocation
from booklet.model import Edition, RenderedHtml, Section

_SECTION = re.compile(r'<section class="chapter[^"]*" id="section-(?P<id>[^"]+)"')


class _Outline(HTMLParser):
    """Headings, ids, links, images and tables of one section, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []  # (level, text)
        self.after_heading: list[bool] = []  # did content follow each heading?
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[tuple[str, str | None]] = []  # (src, alt)
        self.tables: list[bool] = []  # has a header cell
        self._heading: int | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = int(tag[1]), ""
            return
        content = ("p", "ul", "ol", "table", "img", "dl", "blockquote", "pre", "div")
        if tag in content and self.after_heading and not self.after_heading[-1]:
            self.after_heading[-1] = True
        if tag == "a" and (values.get("href") or "").startswith("#"):
            self.links.append(str(values["href"])[1:])
        elif tag == "img":
            self.images.append((str(values.get("src")), values.get("alt")))
        elif tag == "table":
            self.tables.append(False)
        elif tag == "th" and self.tables:
            self.tables[-1] = True

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading}":
            self.headings.append((self._heading, self._text.strip()))
            self.after_heading.append(False)
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._text += data


def structure_findings(rendered: RenderedHtml) -> list[Finding]:
    """Every structure rule, for every section of the document."""
    edition = rendered.edition
    sections = {section.id: section for section in edition.sections}
    parts = _SECTION.split(rendered.html)
    all_ids = set(re.findall(r'\sid="([^"]+)"', rendered.html))
    findings = []
    for section_id, html in zip(parts[1::2], parts[2::2], strict=True):
        section = sections.get(section_id)
        if section is None:
            continue  # the sources section, made from the metadata
        outline = _Outline()
        outline.feed(html.split("</section>", 1)[0])
        findings += _headings(section, outline) + _links(section, outline, all_ids)
        findings += _images(section, outline) + _tables(section, outline)
    return findings


def _where(section: Section, text: str) -> SourceLocation:
    """The line of the section's source that contains `text` (else the file)."""
    for offset, line in enumerate(section.body.split("\n")):
        if text and text in line:
            return section.body_location.at(offset)
    return section.location


def _headings(section: Section, outline: _Outline) -> list[Finding]:
    findings = []
    level = 1  # the section title
    headings, after = outline.headings[1:], outline.after_heading[1:]
    for index, ((depth, text), content) in enumerate(zip(headings, after, strict=True)):
        # Something under it before the next heading of its level or higher (a heading
        # followed directly by its subheadings is not empty).
        end = next((n for n in range(index + 1, len(headings)) if headings[n][0] <= depth),
                   len(headings))
        followed = content or any(after[index + 1:end])
        if depth > level + 1:
            findings.append(Finding(Severity.WARNING, "STRUCT-HEADING-LEVEL",
                                    f"heading '{text}' skips from level {level} to {depth}",
                                    f"use {'#' * (level + 1)} for it", _where(section, text)))
        if not followed:
            findings.append(Finding(Severity.WARNING, "STRUCT-EMPTY-HEADING",
                                    f"heading '{text}' is followed by nothing",
                                    "write its text, or remove the heading",
                                    _where(section, text)))
        level = depth
    if outline.headings and not any(outline.after_heading):
        findings.append(Finding(Severity.ERROR, "STRUCT-EMPTY-SECTION",
                                f"section '{section.title}' has a title but no text",
                                "write the section, or remove it", section.location))
    return findings


def _links(section: Section, outline: _Outline, ids: set[str]) -> list[Finding]:
    return [Finding(Severity.ERROR, "STRUCT-BROKEN-LINK", f"link to '#{target}' goes nowhere",
                    "link to a section id (see 'booklet check' output) or remove it",
                    _where(section, f"#{target}")) for target in outline.links
            if target not in ids]


def _images(section: Section, outline: _Outline) -> list[Finding]:
    return [Finding(Severity.ERROR, "STRUCT-IMAGE-ALT", f"image '{src}' has no alt text",
                    "describe it: ![what the image shows](file)", _where(section, src))
            for src, alt in outline.images if not (alt or "").strip()]


def _tables(section: Section, outline: _Outline) -> list[Finding]:
    return [Finding(Severity.ERROR, "STRUCT-TABLE-HEADER", "a table has no header row",
                    "give the table a header row", section.location)
            for has_header in outline.tables if not has_header]


def edition_name(edition: Edition) -> str:
    """How findings name an edition."""
    return edition.file_stem


def raw_syntax_findings(edition: Edition) -> list[Finding]:
    """Markdown the dialect cannot express (a pipe table without its delimiter row,
    footnotes), which would print as raw text: the build's load warnings, for `check`."""
    from booklet.load.unsupported import unsupported

    return [Finding(Severity.WARNING, "STRUCT-RAW-SYNTAX", problem.message, problem.hint,
                    problem.location, edition.file_stem)
            for section in edition.sections for problem in unsupported(section)]
