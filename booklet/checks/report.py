"""Print check reports: text for people (with a readability table), JSON for CI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from booklet.checks.readability import Score
from booklet.diagnostics import Finding, Severity

#: Version of the JSON document; booklet/schemas/findings.schema.json describes it.
FORMAT_VERSION = 1


@dataclass(frozen=True)
class CheckReport:
    """Everything `booklet check` found for one edition, and its readability table."""

    edition: str
    findings: tuple[Finding, ...]
    scores: tuple[Score, ...]


def format_text(reports: Sequence[CheckReport]) -> str:
    """Findings grouped by edition, worst first, then each edition's readability table."""
    lines = []
    for report in reports:
        counts = {level: sum(1 for f in report.findings if f.severity is level)
                  for level in Severity}
        lines.append(f"{report.edition}: {counts[Severity.ERROR]} errors, "
                     f"{counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} notes")
        for finding in sorted(report.findings, key=lambda f: -f.severity):
            lines.append(f"  {finding}")
        lines.append("  readability:")
        for score in report.scores:
            measures = ", ".join(f"{name} {value:g}" for name, value in score.measures) \
                or "not scored (no validated formula for this language)"
            lines.append(f"    {' + '.join(score.sections)[:60]:<60}  {score.words:>4} words"
                         f"  {score.sentences:>3} sentences  {measures}")
    return "\n".join(lines)


def format_json(reports: Sequence[CheckReport]) -> str:
    """The stable JSON document (schema: booklet/schemas/findings.schema.json)."""
    data: dict[str, Any] = {"format": FORMAT_VERSION, "editions": [{
        "edition": report.edition,
        "findings": [{
            "severity": str(f.severity), "rule": f.rule, "message": f.message, "hint": f.hint,
            "file": str(f.location.path) if f.location else None,
            "line": f.location.line if f.location else None,
            "page": f.page,
        } for f in report.findings],
        "readability": [{
            "sections": list(score.sections), "words": score.words,
            "sentences": score.sentences,
            "measures": {name: value for name, value in score.measures},
        } for score in report.scores],
    } for report in reports]}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)


def exit_code(reports: Sequence[CheckReport], strict: bool) -> int:
    """1 on errors, or on warnings with --strict; else 0."""
    worst = max((f.severity for r in reports for f in r.findings), default=Severity.INFO)
    return 1 if worst is Severity.ERROR or (strict and worst >= Severity.WARNING) else 0
