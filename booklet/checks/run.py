"""Which rules run where: the fast ones in every build, all of them in `booklet check`."""

from __future__ import annotations

import datetime as dt

from booklet.checks.layout import layout_findings
from booklet.checks.provenance import review_findings, translation_findings
from booklet.checks.structure import structure_findings
from booklet.diagnostics import Finding
from booklet.model import Edition, PaginatedDocument, RenderedHtml


def document_findings(rendered: RenderedHtml, today: dt.date) -> list[Finding]:
    """Provenance, translation state and structure: read before layout (fast)."""
    edition = rendered.edition
    found = [*review_findings(edition.metadata, today), *translation_findings(edition),
             *structure_findings(rendered)]
    return _adjusted(found, edition)


def page_findings(paginated: PaginatedDocument) -> list[Finding]:
    """Layout rules, on the laid-out pages."""
    return _adjusted(layout_findings(paginated), paginated.rendered.edition)


def content_findings(edition: Edition) -> list[Finding]:
    """Readability and plain language: for `booklet check` (slower: syllable dictionaries)."""
    from booklet.checks.plain import plain_findings  # imported here: layout never needs them
    from booklet.checks.readability import readability_findings

    return _adjusted([*readability_findings(edition), *plain_findings(edition)], edition)


def _adjusted(found: list[Finding], edition: Edition) -> list[Finding]:
    """Apply the booklet's severity overrides; name the edition on every finding."""
    out = []
    for finding in found:
        adjusted = edition.metadata.checks.adjust(finding)
        if adjusted is not None:
            out.append(adjusted if adjusted.edition else _named(adjusted, edition.file_stem))
    return out


def _named(finding: Finding, edition: str) -> Finding:
    return Finding(finding.severity, finding.rule, finding.message, finding.hint,
                   finding.location, edition, finding.page)
