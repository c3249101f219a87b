"""write/provenance.py: the one table of PDF provenance fields, which the writer fills in and
PROV-PDF-METADATA reads back."""

from __future__ import annotations

import pikepdf

from booklet.load.metadata import load_metadata
from booklet.options import DEFAULT_THEME
from booklet.write.provenance import (
    INFO,
    XMP_FROM_WEASYPRINT,
    XMP_WRITTEN,
    missing_fields,
    write_xmp,
)
from tests.helpers import CONTENT, Pdf


def test_every_info_field_comes_from_a_meta_tag_of_the_template() -> None:
    template = (DEFAULT_THEME.templates_dir / "booklet.html.j2").read_text(encoding="utf-8")
    assert "<title>{{ meta.title }}</title>" in template
    for field in INFO:
        if field.key != "/Title":
            assert f'<meta name="{field.meta}"' in template, field


def test_the_built_pdf_has_every_field(default_pdf: Pdf) -> None:
    with pikepdf.open(default_pdf.path) as pdf:
        assert missing_fields(pdf, load_metadata(CONTENT)) == []


def test_a_pdf_without_provenance_lacks_every_field_in_table_order() -> None:
    meta = load_metadata(CONTENT)
    pdf = pikepdf.new()
    assert missing_fields(pdf, meta) == [field.name for field in
                                         (*INFO, *XMP_FROM_WEASYPRINT, *XMP_WRITTEN)]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        write_xmp(xmp, meta)
    assert missing_fields(pdf, meta) == [field.name for field in (*INFO, *XMP_FROM_WEASYPRINT)]


def test_a_wrong_value_is_missing() -> None:
    meta = load_metadata(CONTENT)
    pdf = pikepdf.new()
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        write_xmp(xmp, meta)
        xmp["dc:publisher"] = ["Someone else"]
    assert "publisher in XMP" in missing_fields(pdf, meta)
