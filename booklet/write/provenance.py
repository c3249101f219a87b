"""The PDF provenance fields (Info, XMP): written by write_pdf, read back by PROV-PDF-METADATA."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from booklet.model import Metadata

#: XMP namespace for the booklet's provenance (version, review dates).
BOOKLET_NS = "https://booklet.example.org/ns/provenance/1.0/"


@dataclass(frozen=True)
class Field:
    """One provenance field of the PDF: where it is, and what it must hold."""

    key: str
    """Info key ('/Title') or XMP property ('dc:title', '{namespace}name')."""
    value: Callable[[Metadata], str]
    label: str = ""
    """How a missing field is named ('': by its key)."""
    meta: str = ""
    """For an Info field: the <meta name> of templates/booklet.html.j2 it comes from."""
    bag: bool = False
    """An XMP bag (unordered list) holding the one value."""

    @property
    def name(self) -> str:
        """The field's name in a message."""
        return self.label or self.key

    def holds(self, found: Any, meta: Metadata) -> bool:
        """`found` (what the PDF has) is the value this field must hold."""
        if self.bag:
            return isinstance(found, set | list) and list(found) == [self.value(meta)]
        return str(found) == self.value(meta)


def _contact(meta: Metadata) -> str:
    return " ".join(value for value in (meta.contact.phone, meta.contact.email) if value)


def _sources(meta: Metadata) -> str:
    return " ".join(source.url for source in meta.sources)


#: Info fields: WeasyPrint writes them from the template's <title> and <meta> tags.
INFO: tuple[Field, ...] = (
    Field("/Title", lambda m: m.title),
    Field("/Author", lambda m: m.publisher, meta="author"),
    Field("/bookletversion", lambda m: m.version, meta="booklet-version"),
    Field("/bookletlastreviewed", lambda m: m.last_reviewed.isoformat(),
          meta="booklet-last-reviewed"),
    Field("/bookletnextreview", lambda m: m.next_review.isoformat(), meta="booklet-next-review"),
    Field("/bookletdisclaimer", lambda m: m.disclaimer, meta="booklet-disclaimer"),
)
#: XMP fields WeasyPrint writes itself (pdf/ua-1).
XMP_FROM_WEASYPRINT: tuple[Field, ...] = (
    Field("dc:title", lambda m: m.title),
    Field("pdfuaid:part", lambda m: "1"),
)
#: XMP fields write_pdf adds, in the order it writes them.
XMP_WRITTEN: tuple[Field, ...] = (
    Field("dc:publisher", lambda m: m.publisher, "publisher in XMP", bag=True),
    Field(f"{{{BOOKLET_NS}}}version", lambda m: m.version, "version in XMP"),
    Field(f"{{{BOOKLET_NS}}}published", lambda m: m.published.isoformat(), "published in XMP"),
    Field(f"{{{BOOKLET_NS}}}lastReviewed", lambda m: m.last_reviewed.isoformat(),
          "last reviewed in XMP"),
    Field(f"{{{BOOKLET_NS}}}nextReview", lambda m: m.next_review.isoformat(),
          "next review in XMP"),
    Field(f"{{{BOOKLET_NS}}}contact", _contact, "contact in XMP"),
    Field(f"{{{BOOKLET_NS}}}sources", _sources, "sources in XMP"),
    Field("dc:rights", lambda m: m.disclaimer, "disclaimer in XMP"),
)


def write_xmp(xmp: Any, meta: Metadata) -> None:
    """Add the XMP_WRITTEN fields to an open pikepdf metadata block."""
    for field in XMP_WRITTEN:
        value = field.value(meta)
        xmp[field.key] = [value] if field.bag else value


def missing_fields(pdf: Any, meta: Metadata) -> list[str]:
    """The names of the fields an open pikepdf PDF lacks or holds wrongly, in table order."""
    missing = [field.name for field in INFO if not field.holds(pdf.docinfo.get(field.key), meta)]
    with pdf.open_metadata() as xmp:
        missing += [field.name for field in (*XMP_FROM_WEASYPRINT, *XMP_WRITTEN)
                    if not field.holds(xmp.get(field.key), meta)]
    return missing
