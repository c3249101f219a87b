"""load/sanitize.py: raw HTML outside the allow-list is removed, and each removal is reported
at its file and line; allowed markup is kept, code is never scanned."""

from __future__ import annotations

from pathlib import Path

from booklet.diagnostics import SourceLocation
from booklet.load.sanitize import removals, sanitize
from booklet.model import Section

PATH = Path("content/en/10-tablets.md")


def section(body: str) -> Section:
    """A section whose body starts on line 5 of its file."""
    return Section(id="tablets", title="Tablets", order=10, body=body,
                   location=SourceLocation(PATH, 1), body_location=SourceLocation(PATH, 5),
                   blob="0" * 40)


def reported(body: str) -> list[str]:
    return [str(problem) for problem in removals(section(body))]


def test_removed_tags_are_reported_at_their_line() -> None:
    assert reported("Text.\n\n<script>alert(1)</script>\n<iframe src='x'></iframe>\n") == [
        f"{PATH}:7: raw HTML <script> removed; use Markdown; see README, 'Untrusted content'",
        f"{PATH}:8: raw HTML <iframe> removed; use Markdown; see README, 'Untrusted content'",
    ]


def test_a_tag_over_several_lines_is_reported_where_it_starts() -> None:
    assert reported("Text\n<span\n  onclick='x()'>hi</span>\n") == [
        f"{PATH}:6: attribute 'onclick' of <span> removed; use Markdown; see README, "
        "'Untrusted content'"]


def test_bad_link_schemes_are_reported_even_when_encoded() -> None:
    assert reported("[a](javascript:alert(1))\n\n<a href='&#106;avascript:x'>b</a>\n"
                    "[c]: vbscript:x\n") == [
        f"{PATH}:7: link to 'javascript:x' removed; link to https:, mailto: or tel: addresses",
        f"{PATH}:5: link to 'javascript:alert(1' removed; link to https:, mailto: or tel: "
        "addresses",
        f"{PATH}:8: link to 'vbscript:x' removed; link to https:, mailto: or tel: addresses",
    ]


def test_allowed_markup_is_kept_and_not_reported() -> None:
    body = ('<abbr title="milligrams">mg</abbr>, <span lang="es">hola</span>, line<br>\n'
            "[call us](tel:+15550100) or [write](mailto:a@example.org) or "
            "[read](https://example.org)\n")
    assert reported(body) == []
    html = '<p><abbr title="milligrams">mg</abbr> <span lang="es">hola</span><br></p>'
    assert sanitize(html) == html


def test_sanitize_removes_what_is_reported() -> None:
    assert sanitize('<p onclick="x()">a<script>b</script></p>') == "<p>a</p>"
    assert sanitize('<a href="javascript:x">a</a>') == "<a>a</a>"


def test_code_is_not_scanned() -> None:
    body = "```html\n<script>x</script>\n```\n~~~\n<iframe>\n~~~\nUse `<script>` tags.\n"
    assert reported(body) == []
