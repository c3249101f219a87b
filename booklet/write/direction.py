"""The reading direction of an edition in the PDF: /ViewerPreferences /Direction."""

from __future__ import annotations

import pikepdf


def set_reading_direction(pdf: pikepdf.Pdf, direction: str) -> None:
    """Right-to-left editions get /Direction /R2L, so viewers lay out two-page spreads (and
    page thumbnails) right to left, as the booklet is bound; others keep the default (L2R)."""
    if direction != "rtl":
        return
    preferences = pdf.Root.get("/ViewerPreferences")
    if not isinstance(preferences, pikepdf.Dictionary):
        preferences = pdf.Root.ViewerPreferences = pikepdf.Dictionary()
    preferences.Direction = pikepdf.Name.R2L
