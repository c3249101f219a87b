"""Stage 4, write: turn a PaginatedDocument into PDF bytes (metadata, identifier)."""

from __future__ import annotations

from booklet.model import PaginatedDocument

#: Options for WeasyPrint's write_pdf shared by every edition.
PDF_OPTIONS = {
    "pdf_identifier": True,   # /ID from the md5 of the file: stable for the same content
    "custom_metadata": False,
}


def write_pdf(paginated: PaginatedDocument) -> bytes:
    """The PDF of `paginated`; the same document always gives the same bytes."""
    pdf: bytes = paginated.document.write_pdf(**PDF_OPTIONS)
    return pdf
