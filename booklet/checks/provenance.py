"""Provenance and translation-state rules: review dates, what the back cover and PDF carry."""

from __future__ import annotations

import datetime as dt

from booklet.diagnostics import Finding, Severity, SourceLocation
from booklet.model import Edition, Metadata
from booklet.write.provenance import missing_fields


def review_findings(meta: Metadata, today: dt.date) -> list[Finding]:
    """PROV-REVIEW: the next review date must not have passed, nor be close."""
    days = (meta.next_review - today).days
    if days < 0:
        return [Finding(Severity.ERROR, "PROV-REVIEW",
                        f"the next review date {meta.next_review} has passed",
                        "review the booklet, then update last_reviewed and next_review",
                        meta.location)]
    if days <= meta.checks.review_warning_days:
        return [Finding(Severity.WARNING, "PROV-REVIEW",
                        f"the next review is due in {days} days ({meta.next_review})",
                        "start the review now", meta.location)]
    return []


def translation_findings(edition: Edition) -> list[Finding]:
    """TRANS-*: sections shown untranslated, outdated sections, an unreviewed translation."""
    locale_dir = edition.content_dir / edition.locale
    findings = [Finding(Severity.WARNING, "TRANS-FALLBACK",
                        f"section '{section.title}' is not translated: shown in {section.lang}",
                        f"translate {section.location.path.name} into this folder",
                        SourceLocation(locale_dir / section.location.path.name))
                for section in edition.fallbacks]
    findings += [Finding(Severity.WARNING, "TRANS-OUTDATED",
                         "section is outdated: its source changed since it was translated",
                         "update it ('booklet status' shows the changes)", section.location)
                 for section in edition.outdated]
    if edition.translation is not None and not edition.translation.reviewed:
        findings.append(Finding(Severity.WARNING, "TRANS-UNREVIEWED",
                                "the translation has not been reviewed",
                                "a qualified reviewer fills in reviewed_by and reviewed_on",
                                edition.translation.location))
    return findings


def metadata_findings(pdf_bytes: bytes, edition: Edition) -> list[Finding]:
    """PROV-PDF-METADATA: the PDF's Info and XMP carry every field of the provenance table
    (booklet.write.provenance): title, publisher, version, dates, contact, sources, disclaimer."""
    import io

    import pikepdf

    meta = edition.metadata
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        missing = missing_fields(pdf, meta)
    if not missing:
        return []
    return [Finding(Severity.ERROR, "PROV-PDF-METADATA",
                    f"the PDF metadata lacks {', '.join(missing)}",
                    "check templates/booklet.html.j2 (meta tags) and booklet/write/",
                    meta.location)]


def http_source_findings(edition: Edition) -> list[Finding]:
    """A source at an http:// address (archived government pages often are): accepted, with
    the https:// address to try."""
    return [Finding(Severity.WARNING, "STRUCT-HTTP-SOURCE",
                    f"source {source.title!r} is at an http:// address",
                    f"use https://{source.url[len('http://'):]} if the page is served there",
                    source.location, edition.file_stem)
            for source in edition.metadata.sources if source.url.startswith("http://")]
