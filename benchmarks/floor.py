"""The floor: WeasyPrint alone turns the final HTML (saved by `booklet build --html`) into a PDF.

Same write options as booklet (PDF/UA-1, a fixed identifier), so the ratio measures what
booklet adds: loading, Markdown, templates, checks, post-processing, process isolation.
"""

import sys

from weasyprint import HTML

HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], pdf_variant="pdf/ua-1", pdf_identifier=True)
