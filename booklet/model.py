"""Typed, immutable data passed between the pipeline stages; no I/O here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from booklet.diagnostics import Finding, Problem, SourceLocation
from booklet.locales import locale_direction
from booklet.typefaces import EditionFonts


@dataclass(frozen=True)
class Source:
    """A public, authoritative page for patients, listed under "Sources"."""

    title: str
    publisher: str
    url: str
    location: SourceLocation


@dataclass(frozen=True)
class Contact:
    """How readers reach the publisher."""

    phone: str
    email: str
    website: str
    address: str


@dataclass(frozen=True)
class Override:
    """A severity override of `checks.severity` in booklet.yml: a rule id and its new level."""

    rule: str
    level: str
    """'error', 'warning', 'info' or 'off'."""
    location: SourceLocation
    """Where it is written (booklet.checks names an unknown rule id there)."""


@dataclass(frozen=True)
class Thresholds:
    """Limits the rules use; defaults documented in README ("Checks"), set in booklet.yml."""

    review_warning_days: int = 90
    page_budget: int = 24
    max_sentence_words: int = 25
    body_min_pt: float = 12.0
    large_print_min_pt: float = 16.0
    fk_grade_warning: float = 8.0
    fk_grade_info: float = 6.0
    fernandez_huerta_min: float = 60.0
    fernandez_huerta_target: float = 70.0
    inflesz_min: float = 55.0
    inflesz_target: float = 65.0
    min_words_scored: int = 100
    severity: tuple[Override, ...] = ()
    """Per-rule overrides, in the order written (booklet.checks applies them)."""


@dataclass(frozen=True)
class Clinic:
    """The clinic that hands the booklet out: printed on the cover and back cover."""

    name: str
    address: str
    phone: str
    urgent_phone: str
    website: str
    logo: Path | None
    location: SourceLocation


@dataclass(frozen=True)
class Metadata:
    """The booklet's metadata file (content/booklet.yml), validated."""

    title: str
    subtitle: str
    slug: str
    source_locale: str
    locales: tuple[str, ...]
    paper: str
    version: str
    publisher: str
    contact: Contact
    published: dt.date
    last_reviewed: dt.date
    next_review: dt.date
    sources: tuple[Source, ...]
    disclosure: str
    disclaimer: str
    keywords: tuple[str, ...]
    location: SourceLocation
    clinic: str = ""
    """Path of a clinic file, relative to the content folder ('' for none)."""
    checks: Thresholds = Thresholds()
    """Thresholds and severities of the quality checks (`checks:` block)."""


@dataclass(frozen=True)
class Table:
    """A data table (CSV beside the sections, or a section's pipe table): header, rows, ids."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    ids: tuple[str, ...]
    location: SourceLocation
    row_locations: tuple[SourceLocation, ...]
    caption: str = ""  # the title: NAME.yml `caption`, or a pipe table's `Table:` line
    credit: str = ""  # source and licence: NAME.yml `credit`, or a pipe table's `Source:` line
    align: tuple[str, ...] = ()  # per column '', 'left', 'center', 'right' (pipe tables)


@dataclass(frozen=True)
class Reference:
    """A name a section refers to (a table, an image), with where it is written."""

    target: str
    location: SourceLocation


@dataclass(frozen=True)
class Section:
    """One Markdown section file: front matter plus a Markdown body."""

    id: str
    title: str
    order: int
    body: str
    location: SourceLocation
    body_location: SourceLocation
    blob: str
    """Git blob hash of the file's bytes: identifies this version of the section."""
    tables: tuple[Reference, ...] = ()
    images: tuple[Reference, ...] = ()
    translated_from: str | None = None
    """For a translation: the blob hash of the source section it was translated from."""
    untranslated: bool = False
    """For a translation: a scaffolded copy whose text is still the source's."""
    lang: str = ""
    """The language the section is written in (set by load)."""
    fallback: bool = False
    """Shown from the source locale because the edition has no translation of it."""


@dataclass(frozen=True)
class Translation:
    """Who translated an edition, how, and who reviewed it (content/<locale>/locale.yml)."""

    method: str
    """'human' or 'machine-assisted'."""
    translated_by: str
    reviewed_by: str
    reviewed_on: dt.date | None
    location: SourceLocation

    @property
    def reviewed(self) -> bool:
        """A qualified reviewer has signed the translation off."""
        return bool(self.reviewed_by) and self.reviewed_on is not None


@dataclass(frozen=True)
class Edition:
    """Everything one booklet edition is made of, loaded and checked for consistency."""

    metadata: Metadata
    locale: str
    paper: str
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    content_dir: Path
    translation: Translation | None = None
    """None for the source locale."""
    variant: str = "standard"
    """'standard' or 'large-print'."""
    clinic: Clinic | None = None
    messages: Messages | None = None
    """content/<locale>/ui.po, if any: overrides the program's catalog string by string."""
    outdated: tuple[Section, ...] = ()
    """Translated sections whose source changed since they were translated."""
    warnings: tuple[Problem, ...] = ()

    @property
    def direction(self) -> str:
        """'rtl' or 'ltr', from the locale's script."""
        return locale_direction(self.locale)

    @property
    def fallbacks(self) -> tuple[Section, ...]:
        """Sections shown in the source language."""
        return tuple(section for section in self.sections if section.fallback)

    @property
    def is_source(self) -> bool:
        """This is the edition in the source language."""
        return self.locale == self.metadata.source_locale

    def table(self, name: str) -> Table:
        """The table called `name` (load checked that every reference exists).

        Raises:
            KeyError: there is no such table.
        """
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    @property
    def file_stem(self) -> str:
        """Base name of this edition's output files."""
        variant = "" if self.variant == "standard" else f".{self.variant}"
        return f"{self.metadata.slug}.{self.locale}{variant}"


@dataclass(frozen=True)
class Messages:
    """A UI catalog (PO file): msgid -> translated forms (one per plural form of its
    Plural-Forms expression `plural`); fuzzy (msgid, line) apart; `state` is its
    X-Booklet-Translation header ('machine-assisted, unreviewed')."""

    pairs: tuple[tuple[str, tuple[str, ...]], ...]
    location: SourceLocation
    plural: str = "(n != 1)"
    fuzzy: tuple[tuple[str, int | None], ...] = ()
    state: str = ""

    def get(self, msgid: str) -> tuple[str, ...] | None:
        """The translated forms of `msgid` (a plural string's singular), or None."""
        return next((forms for key, forms in self.pairs if key == msgid), None)


@dataclass(frozen=True)
class Theme:
    """Where the Jinja templates and the CSS (with its fonts) of a build come from."""

    templates_dir: Path
    styles_dir: Path


@dataclass(frozen=True)
class RenderedHtml:
    """The single HTML document handed to WeasyPrint, with the stylesheets it needs."""

    html: str
    stylesheets: tuple[Path, ...]
    base_dir: Path
    edition: Edition
    theme: Theme
    fonts: EditionFonts
    """The font stacks: the edition's, and the source locale's for fallback sections."""
    warnings: tuple[Problem, ...] = ()
    padding_pages: tuple[str, ...] = ()
    """For a printed booklet: the HTML of 1, 2 and 3 padding pages (a notes page, then blank
    ones), to splice in before the back cover (booklet.render.marks.padded)."""


@dataclass(frozen=True)
class Commit:
    """A git commit: its hash and its commit time (seconds since the epoch, UTC)."""

    sha: str
    epoch: int


@dataclass(frozen=True)
class PreparedEdition:
    """An edition through stages 1-2: its HTML, the checks' findings so far, the sources' date.

    What a render process hands to a layout process; everything in it can be pickled.
    """

    rendered: RenderedHtml
    findings: tuple[Finding, ...]
    source_date_epoch: int | None
    """SOURCE_DATE_EPOCH while writing: as given, else the commit time of the sources."""
    source_commit: Commit | None = None
    """The last commit touching the sources (git), None outside git."""
    language_names: tuple[str, str] = ("", "")
    """The edition's language, named in English and in itself."""


@dataclass(frozen=True)
class PageInfo:
    """What layout put on one page: the anchors (element ids) that start on it."""

    number: int
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class OutlineEntry:
    """A PDF bookmark: its label and the 1-based page it points at."""

    label: str
    page: int
    children: tuple[OutlineEntry, ...] = ()


@dataclass(frozen=True)
class PaginatedDocument:
    """A laid-out document: WeasyPrint's Document plus what we read from it."""

    document: Any
    pages: tuple[PageInfo, ...]
    outline: tuple[OutlineEntry, ...]
    rendered: RenderedHtml
    font_config: Any  # kept alive until the PDF is written (WeasyPrint deletes its font files)
    fetcher: Any  # the RootedFetcher: writing the PDF may fetch more (attachments, SVG images)

    @property
    def page_count(self) -> int:
        """Number of pages, cover and back cover included."""
        return len(self.pages)


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    pdf: Path
    html: Path | None
    page_count: int
    edition: Edition
    warnings: tuple[Problem, ...] = ()
    imposed: Path | None = None
    findings: tuple[Finding, ...] = ()
    """What the build's checks found (below error level, or the build would have failed)."""
    imposed_pages: int | None = None
    """Pages (sheet sides) of the imposed PDF."""
    source_commit: Commit | None = None
    """The last commit touching the sources, for the release manifest."""
    language_names: tuple[str, str] = ("", "")
    """The edition's language in English and in itself, for the manifest ("": not known)."""
    staged: tuple[tuple[Path, Path], ...] = ()
    """Files written under temporary names and not yet renamed, (path, temporary): a build
    process leaves them for the command to rename with the rest of the build."""
