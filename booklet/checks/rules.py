"""The registry of quality rules: every rule id, the stage it reads, its family, its severity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from booklet.checks.layout import layout_findings
from booklet.checks.provenance import (
    http_source_findings,
    metadata_findings,
    review_findings,
    translation_findings,
)
from booklet.checks.structure import raw_syntax_findings, structure_findings
from booklet.diagnostics import Finding, Severity
from booklet.model import Edition, PaginatedDocument, RenderedHtml

T = TypeVar("T")
Stage = Literal["content", "document", "page", "metadata"]
#: The stages rules read, in pipeline order: the edition's text (`booklet check`, or when a
#: rule is raised to an error), the rendered HTML, the laid-out pages, the written PDF.
STAGES: tuple[Stage, ...] = ("content", "document", "page", "metadata")


@dataclass(frozen=True)
class Family:
    """Rules with the same id prefix."""

    prefix: str
    blocks_release: bool
    """Its warnings block `--release` (patients must not get these)."""


PROV = Family("PROV", blocks_release=True)
TRANS = Family("TRANS", blocks_release=True)
STRUCT = Family("STRUCT", blocks_release=False)
READ = Family("READ", blocks_release=False)
PLAIN = Family("PLAIN", blocks_release=False)
LAYOUT = Family("LAYOUT", blocks_release=True)
FAMILIES = (PROV, TRANS, STRUCT, READ, PLAIN, LAYOUT)


@dataclass(frozen=True)
class Subject:
    """What the rules of one stage read: the edition, and that stage's result."""

    edition: Edition
    rendered: RenderedHtml | None = None
    today: dt.date | None = None
    paginated: PaginatedDocument | None = None
    pdf: bytes | None = None


Check = Callable[[Subject], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """One rule: its id (what findings and `checks.severity` name it by) and its check."""

    id: str
    stage: Stage
    family: Family
    severity: Severity
    """The worst it reports when booklet.yml does not override it."""
    check: Check
    """The function that finds it (one function may find several rules of its stage)."""


def _given(value: T | None) -> T:
    if value is None:
        raise ValueError("the stage's result was not given to its rules")
    return value


def _review(subject: Subject) -> list[Finding]:
    return review_findings(subject.edition.metadata, _given(subject.today))


def _translation(subject: Subject) -> list[Finding]:
    return translation_findings(subject.edition)


def _http_sources(subject: Subject) -> list[Finding]:
    return http_source_findings(subject.edition)


def _structure(subject: Subject) -> list[Finding]:
    return structure_findings(_given(subject.rendered))


def _raw_syntax(subject: Subject) -> list[Finding]:
    return raw_syntax_findings(subject.edition)


def _readability(subject: Subject) -> list[Finding]:
    from booklet.checks.readability import readability_findings  # syllables: only when run

    return readability_findings(subject.edition)


def _plain(subject: Subject) -> list[Finding]:
    from booklet.checks.plain import plain_findings  # imported here: layout never needs it

    return plain_findings(subject.edition)


def _layout(subject: Subject) -> list[Finding]:
    return layout_findings(_given(subject.paginated))


def _pdf_metadata(subject: Subject) -> list[Finding]:
    return metadata_findings(_given(subject.pdf), subject.edition)


#: Every rule; within a stage, the checks run in this order (so findings keep their order).
RULES: tuple[Rule, ...] = (
    Rule("PROV-REVIEW", "document", PROV, Severity.ERROR, _review),
    Rule("PROV-PDF-METADATA", "metadata", PROV, Severity.ERROR, _pdf_metadata),
    Rule("TRANS-FALLBACK", "document", TRANS, Severity.WARNING, _translation),
    Rule("TRANS-OUTDATED", "document", TRANS, Severity.WARNING, _translation),
    Rule("TRANS-UNREVIEWED", "document", TRANS, Severity.WARNING, _translation),
    Rule("STRUCT-HEADING-LEVEL", "document", STRUCT, Severity.WARNING, _structure),
    Rule("STRUCT-EMPTY-HEADING", "document", STRUCT, Severity.WARNING, _structure),
    Rule("STRUCT-EMPTY-SECTION", "document", STRUCT, Severity.ERROR, _structure),
    Rule("STRUCT-BROKEN-LINK", "document", STRUCT, Severity.ERROR, _structure),
    Rule("STRUCT-IMAGE-ALT", "document", STRUCT, Severity.ERROR, _structure),
    Rule("STRUCT-TABLE-HEADER", "document", STRUCT, Severity.ERROR, _structure),
    Rule("STRUCT-HTTP-SOURCE", "document", STRUCT, Severity.WARNING, _http_sources),
    Rule("STRUCT-RAW-SYNTAX", "content", STRUCT, Severity.WARNING, _raw_syntax),
    Rule("READ-GRADE", "content", READ, Severity.WARNING, _readability),
    Rule("READ-SPANISH", "content", READ, Severity.WARNING, _readability),
    Rule("READ-NOT-SCORED", "content", READ, Severity.INFO, _readability),
    Rule("PLAIN-LONG-SENTENCE", "content", PLAIN, Severity.WARNING, _plain),
    Rule("PLAIN-ACRONYM", "content", PLAIN, Severity.WARNING, _plain),
    Rule("PLAIN-NUMBERS", "content", PLAIN, Severity.INFO, _plain),
    Rule("LAYOUT-BACK-COVER", "page", LAYOUT, Severity.ERROR, _layout),
    Rule("LAYOUT-BODY-SIZE", "page", LAYOUT, Severity.ERROR, _layout),
    Rule("LAYOUT-HEADING-ALONE", "page", LAYOUT, Severity.WARNING, _layout),
    Rule("LAYOUT-CONTENTS", "page", LAYOUT, Severity.ERROR, _layout),
    Rule("LAYOUT-PAGE-BUDGET", "page", LAYOUT, Severity.WARNING, _layout),
    Rule("LAYOUT-OVERFLOW", "page", LAYOUT, Severity.ERROR, _layout),
    Rule("LAYOUT-TABLE-STACKED", "page", LAYOUT, Severity.INFO, _layout),
)
BY_ID = {rule.id: rule for rule in RULES}


def checks_of(stage: Stage) -> list[Check]:
    """The checks that find the rules of `stage`, each once, in registry order."""
    return list(dict.fromkeys(rule.check for rule in RULES if rule.stage == stage))


def blocks_release(finding: Finding) -> bool:
    """A warning or error of a release-blocking family."""
    rule = BY_ID.get(finding.rule)
    return finding.severity >= Severity.WARNING and rule is not None and rule.family.blocks_release
