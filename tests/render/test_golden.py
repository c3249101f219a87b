"""Snapshot of the HTML handed to WeasyPrint; `make golden` regenerates it after a wanted change."""

from __future__ import annotations

import difflib
import os

from booklet.load import load_edition
from booklet.options import DEFAULT_THEME, PROJECT_ROOT
from booklet.render import render_html
from booklet.render.fonts import load_edition_fonts
from tests.helpers import CONTENT

GOLDEN = PROJECT_ROOT / "tests" / "golden" / "metastatic-breast-cancer.en.html"


def test_rendered_html_matches_snapshot() -> None:
    edition = load_edition(CONTENT)
    fonts = load_edition_fonts(DEFAULT_THEME.styles_dir, "en", "en")
    html = render_html(edition, DEFAULT_THEME, fonts).html
    if os.environ.get("BOOKLET_UPDATE_GOLDEN"):
        GOLDEN.write_text(html, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), html.splitlines(True),
                                        "golden", "rendered", n=2))
    assert html == expected, f"rendered HTML changed; if intended, run `make golden`\n{diff}"
