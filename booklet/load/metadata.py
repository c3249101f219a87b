"""Load and validate the booklet's metadata file (content/booklet.yml) into Metadata."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.fields import FieldReader, raise_if_problems, read_fields
from booklet.load.urls import as_uri
from booklet.locales import locale_problem
from booklet.model import Contact, Metadata, Override, Source, Thresholds

METADATA_FILE = "booklet.yml"
PAPER_SIZES = ("a5", "a4", "letter", "half-letter")
VARIANTS = ("standard", "large-print")
#: Large print is set on full pages (UKAAF: A4 unless the purpose dictates otherwise).
LARGE_PRINT_PAPER = {"a5": "a4", "a4": "a4", "half-letter": "letter", "letter": "letter"}
MAX_REVIEW_INTERVAL_DAYS = 3 * 366  # PIF TICK: review at least every three years
THRESHOLD_KEYS = tuple(f.name for f in dataclasses.fields(Thresholds) if f.name != "severity")
#: What `checks.severity` may set a rule to (which rule ids exist, booklet.checks knows).
LEVELS = ("error", "warning", "info", "off")

_KEYS = (
    "title", "subtitle", "slug", "source_locale", "locales", "paper", "version", "publisher",
    "contact", "published", "last_reviewed", "next_review", "sources", "disclosure",
    "disclaimer", "keywords", "clinic", "checks",
)
_CONTACT_KEYS = ("phone", "email", "website", "address")
_SOURCE_KEYS = ("title", "publisher", "url")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_metadata(content_dir: Path) -> Metadata:
    """Read `content_dir`/booklet.yml; report every problem in one ContentError."""
    path = content_dir / METADATA_FILE
    if not path.is_file():
        raise ContentError(SourceLocation(path), "metadata file not found",
                           f"create {METADATA_FILE} in the content folder (see README)")
    where = SourceLocation(path, 1)
    problems: list[Problem] = []
    top = read_fields(path, METADATA_FILE, problems)
    top.reject_unknown(_KEYS)

    contact = top.mapping("contact")
    contact.reject_unknown(_CONTACT_KEYS)
    sources = []
    for item in top.mappings("sources"):
        item.reject_unknown(_SOURCE_KEYS)
        url = item.get("url", str)
        if url and not url.startswith(("https://", "http://")):
            problems.append(Problem(item.location("url"), f"source URL {url!r} is not https://",
                                    "give the full https:// address of the page"))
        sources.append(Source(title=item.get("title", str), publisher=item.get("publisher", str),
                              url=as_uri(url), location=item.location("url")))

    source_locale = top.get("source_locale", str)
    metadata = Metadata(
        title=top.get("title", str),
        subtitle=top.get("subtitle", str, ""),
        slug=top.get("slug", str),
        source_locale=source_locale,
        locales=top.strings("locales", [source_locale]),
        paper=top.get("paper", str, "a5"),
        version=top.get("version", str),
        publisher=top.get("publisher", str),
        contact=Contact(
            phone=contact.get("phone", str, ""),
            email=contact.get("email", str, ""),
            website=as_uri(contact.get("website", str, "")),
            address=contact.get("address", str, ""),
        ),
        published=top.get("published", dt.date),
        last_reviewed=top.get("last_reviewed", dt.date),
        next_review=top.get("next_review", dt.date),
        sources=tuple(sources),
        disclosure=top.get("disclosure", str, ""),
        disclaimer=top.get("disclaimer", str),
        keywords=top.strings("keywords", ()),
        location=where,
        clinic=top.get("clinic", str, ""),
        checks=_thresholds(top) if "checks" in top.data else Thresholds(),
    )
    problems.extend(_consistency(metadata, top))
    raise_if_problems(problems)
    return metadata


#: The largest value a `checks:` threshold may take (.inf, .nan or 1e20 are refused).
MAX_THRESHOLD = 100_000


def _thresholds(top: FieldReader) -> Thresholds:
    """The `checks:` block: thresholds (numbers) and `severity: {RULE: level}` overrides."""
    block = top.mapping("checks")
    block.reject_unknown((*THRESHOLD_KEYS, "severity"))
    defaults = Thresholds()
    values: dict[str, float | int] = {}
    for key in THRESHOLD_KEYS:
        if key in block.data:
            default = getattr(defaults, key)
            number = block.data[key]
            if isinstance(number, bool) or not isinstance(number, int | float):
                block.problems.append(Problem(block.location(key), f"'{key}' must be a number",
                                              f"the default is {default}"))
                continue
            if not math.isfinite(number) or not 0 <= number <= MAX_THRESHOLD:
                block.problems.append(Problem(block.location(key),
                                              f"'{key}' must be a number from 0 to "
                                              f"{MAX_THRESHOLD}, got {str(number)[:40]}",
                                              f"the default is {default}"))
                continue
            values[key] = type(default)(number)
    overrides = []
    if "severity" in block.data:
        levels = block.mapping("severity")
        for rule, value in levels.data.items():
            level = levels.data.raw.get(rule, str(value))  # as written: YAML reads off as False
            if level not in LEVELS:
                levels.problems.append(Problem(levels.location(rule),
                                               f"unknown severity {level!r} for {rule}",
                                               f"use one of: {', '.join(LEVELS)}"))
            else:
                overrides.append(Override(rule, str(level), levels.location(rule)))
    return Thresholds(**values, severity=tuple(overrides))  # type: ignore[arg-type]


def _consistency(meta: Metadata, top: FieldReader) -> list[Problem]:
    """Rules that relate several fields to each other."""
    problems = []
    if meta.slug and not _SLUG.match(meta.slug):
        problems.append(Problem(top.location("slug"), f"slug {meta.slug!r} is not a file-name slug",
                                "use lower-case letters, digits and hyphens"))
    if meta.paper not in PAPER_SIZES:
        problems.append(Problem(top.location("paper"), f"unknown paper size {meta.paper!r}",
                                f"use one of: {', '.join(PAPER_SIZES)}"))
    for key, codes in (("source_locale", (meta.source_locale,)), ("locales", meta.locales)):
        for code in codes:
            why = locale_problem(code) if code else None
            if why:
                problems.append(Problem(top.location(key), why,
                                        "use a code such as 'en', 'es' or 'pt-BR'"))
    if len(set(meta.locales)) != len(meta.locales):
        problems.append(Problem(top.location("locales"), "a locale is listed twice",
                                "list each locale once"))
    if meta.source_locale and meta.source_locale not in meta.locales:
        problems.append(Problem(top.location("locales"),
                                f"source locale {meta.source_locale!r} is not in 'locales'",
                                "list it first in 'locales'"))
    if not (meta.contact.phone or meta.contact.email):
        problems.append(Problem(top.location("contact"), "contact has neither phone nor e-mail",
                                "give at least one way to reach the publisher"))
    if meta.last_reviewed < meta.published:
        problems.append(Problem(top.location("last_reviewed"),
                                "'last_reviewed' is before 'published'", "correct the dates"))
    if meta.next_review <= meta.last_reviewed:
        problems.append(Problem(top.location("next_review"),
                                "'next_review' is not after 'last_reviewed'", "correct the dates"))
    elif (meta.next_review - meta.last_reviewed).days > MAX_REVIEW_INTERVAL_DAYS:
        problems.append(Problem(top.location("next_review"),
                                "'next_review' is more than 3 years after 'last_reviewed'",
                                "patient information must be reviewed at least every 3 years"))
    return problems
