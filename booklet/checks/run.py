"""Run the rules of a stage (booklet.checks.rules), with booklet.yml's severity overrides."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import replace

from booklet.checks.rules import BY_ID, RULES, Stage, Subject, blocks_release, checks_of
from booklet.diagnostics import Finding, Problem, Severity
from booklet.errors import ContentError
from booklet.model import Edition, PaginatedDocument, RenderedHtml, Thresholds


def findings_for(stage: Stage, subject: Subject) -> list[Finding]:
    """Every rule of `stage` on `subject`, overrides applied, the edition named.

    Raises:
        ContentError: `checks.severity` names a rule that does not exist.
    """
    thresholds = subject.edition.metadata.checks
    check_overrides(thresholds)
    found = [finding for check in checks_of(stage) for finding in check(subject)]
    return _adjusted(found, thresholds, subject.edition.file_stem)


def document_findings(rendered: RenderedHtml, today: dt.date) -> list[Finding]:
    """Provenance, translation state and structure: read before layout (fast)."""
    return findings_for("document", Subject(rendered.edition, rendered=rendered, today=today))


def page_findings(paginated: PaginatedDocument) -> list[Finding]:
    """Layout rules, on the laid-out pages."""
    return findings_for("page", Subject(paginated.rendered.edition, paginated=paginated))


def content_findings(edition: Edition) -> list[Finding]:
    """Readability and plain language: for `booklet check` (slower: syllable dictionaries)."""
    return findings_for("content", Subject(edition))


def pdf_findings(pdf: bytes, edition: Edition) -> list[Finding]:
    """The written PDF's metadata, read back."""
    return findings_for("metadata", Subject(edition, pdf=pdf))


def runs_content_rules(thresholds: Thresholds) -> bool:
    """A content rule (readability, plain language) is made an error, so builds must run it."""
    return any(override.level == "error" and override.rule in BY_ID
               and BY_ID[override.rule].stage == "content" for override in thresholds.severity)


def refused(findings: Iterable[Finding], release: bool) -> list[Finding]:
    """The findings that stop a build: errors, and with `release` release-blocking warnings."""
    return [finding for finding in findings if finding.severity is Severity.ERROR
            or (release and blocks_release(finding))]


def check_overrides(thresholds: Thresholds) -> None:
    """Every rule `checks.severity` names exists (a typo would otherwise be ignored).

    Raises:
        ContentError: naming each unknown rule id at its line of booklet.yml.
    """
    ids = [rule.id for rule in RULES]
    problems = []
    for override in thresholds.severity:
        if override.rule not in BY_ID:
            close = difflib.get_close_matches(override.rule, ids, n=1)
            problems.append(Problem(override.location, f"unknown rule '{override.rule}' in "
                                    "'severity'", f"did you mean '{close[0]}'?" if close else
                                    "use a rule id of README's 'Checks' table"))
    if problems:
        raise ContentError.from_problems(problems)


def _adjusted(found: list[Finding], thresholds: Thresholds, edition: str) -> list[Finding]:
    """Apply the severity overrides; name the edition on every finding."""
    levels = {override.rule: override.level for override in thresholds.severity}
    out = []
    for finding in found:
        level = levels.get(finding.rule)
        if level == "off":
            continue
        out.append(replace(finding, edition=finding.edition or edition,
                           severity=Severity[level.upper()] if level else finding.severity))
    return out
