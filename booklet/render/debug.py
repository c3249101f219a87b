"""The rendered HTML as a file that renders alone, for `--html` (debugging, benchmarks)."""

from __future__ import annotations

from booklet.model import RenderedHtml


def standalone_html(rendered: RenderedHtml) -> str:
    """The HTML with its base URL, stylesheets and fonts linked in, so that it renders alone
    (`weasyprint file.html out.pdf`): what `--html` saves for debugging and benchmarks."""
    links = "".join(f'<link rel="stylesheet" href="{path.resolve().as_uri()}">\n'
                    for path in rendered.stylesheets)
    head = (f'<base href="{rendered.base_dir.resolve().as_uri()}/">\n{links}'
            f"<style>\n{rendered.fonts.all.font_face_css()}\n</style>\n")
    return rendered.html.replace("<head>\n", "<head>\n" + head, 1)
