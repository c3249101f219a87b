"""Stage 4, write: turn a PaginatedDocument into PDF/UA-1 bytes (tags completed, metadata).

pikepdf and the tagging patch of WeasyPrint are imported when a PDF is written, not with the
package: the PROV-PDF-METADATA rule imports its field table (write/provenance.py) on every run.
"""

from __future__ import annotations

import io

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.model import PaginatedDocument

#: Options for WeasyPrint's write_pdf shared by every edition.
PDF_OPTIONS = {
    "pdf_variant": "pdf/ua-1",  # tagged, /Lang, title shown, PDF/UA identifier in XMP
    "pdf_identifier": True,     # /ID from the md5 of the file: stable for the same content
    "custom_metadata": True,    # <meta name="booklet-..."> -> Info: version, review dates
}


def write_pdf(paginated: PaginatedDocument) -> bytes:
    """The PDF of `paginated`; the same document always gives the same bytes.

    Raises:
        ContentError: WeasyPrint reported a problem while writing (an image without alt text),
            refused a resource, or drew text with a font that is not declared.
    """
    from booklet.paginate import weasylog
    from booklet.write.actualtext import actual_text
    from booklet.write.links import links_and_contents
    from booklet.write.structure import source_marks
    from booklet.write.tagging import language_and_scope

    refused_before = len(paginated.fetcher.refused)
    with (weasylog.captured() as records, language_and_scope(), links_and_contents(),
          source_marks(), actual_text()):
        pdf: bytes = paginated.document.write_pdf(**PDF_OPTIONS)
    where = SourceLocation(paginated.rendered.base_dir)
    problems = [Problem(where, f"refused {r.url}: {r.reason}", "use only files inside the "
                        "content folder") for r in paginated.fetcher.refused[refused_before:]]
    problems += weasylog.problems(records, where)
    if problems:
        raise ContentError.from_problems(problems)
    return _postprocess(pdf, paginated)


def _postprocess(pdf_bytes: bytes, paginated: PaginatedDocument) -> bytes:
    """One pikepdf pass: check the fonts, mark page furniture as artifacts, XMP provenance
    (booklet.write.provenance).

    Raises:
        ContentError: text was drawn with a font that is not declared.
    """
    import pikepdf

    from booklet.write.direction import set_reading_direction
    from booklet.write.fonts import undeclared_fonts, unique_subset_names
    from booklet.write.links import merge_link_annotations
    from booklet.write.listtags import nest_lists
    from booklet.write.provenance import write_xmp
    from booklet.write.structure import (
        add_id_tree,
        labels_before_bodies,
        merge_split_elements,
        rebuild_parent_tree,
    )
    from booklet.write.tagging import mark_artifacts

    meta = paginated.rendered.edition.metadata
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        problems = undeclared_fonts(pdf, paginated.rendered.fonts.all)
        if problems:
            raise ContentError.from_problems(problems)
        mark_artifacts(pdf)
        merge_link_annotations(pdf)
        merge_split_elements(pdf)  # before nesting: a list's pieces joined first
        nest_lists(pdf)
        labels_before_bodies(pdf)
        rebuild_parent_tree(pdf)
        add_id_tree(pdf)
        unique_subset_names(pdf, paginated.rendered.edition.file_stem)
        set_reading_direction(pdf, paginated.rendered.edition.direction)
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            write_xmp(xmp, meta)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()
