"""Which rules run where: the cheap ones in every build, all of them in `booklet check`."""

from __future__ import annotations

import datetime as dt

from booklet.checks.layout import layout_findings
from booklet.checks.plain import plain_findings
from booklet.checks.provenance import review_findings, translation_findings
from booklet.checks.readability import readability_findings
from booklet.checks.structure import structure_findings
from booklet.model import Finding, PaginatedDocument


def build_findings(paginated: PaginatedDocument, today: dt.date) -> list[Finding]:
    """Provenance, translation state, structure and layout: fast enough for every build."""
    rendered = paginated.rendered
    edition = rendered.edition
    found = [*review_findings(edition, today), *translation_findings(edition),
             *structure_findings(rendered), *layout_findings(paginated)]
    return _adjusted(found, paginated)


def content_findings(paginated: PaginatedDocument) -> list[Finding]:
    """Readability and plain language: for `booklet check` (they need no layout)."""
    edition = paginated.rendered.edition
    return _adjusted([*readability_findings(edition), *plain_findings(edition)], paginated)


def _adjusted(found: list[Finding], paginated: PaginatedDocument) -> list[Finding]:
    """Apply the booklet's severity overrides; name the edition on every finding."""
    edition = paginated.rendered.edition
    out = []
    for finding in found:
        adjusted = edition.metadata.checks.adjust(finding)
        if adjusted is not None:
            out.append(adjusted if adjusted.edition else _named(adjusted, edition.file_stem))
    return out


def _named(finding: Finding, edition: str) -> Finding:
    return Finding(finding.severity, finding.rule, finding.message, finding.hint,
                   finding.location, edition, finding.page)
