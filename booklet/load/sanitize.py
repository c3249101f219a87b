"""Raw HTML in Markdown: an allow-list (nh3) keeps the safe part; every removal is reported.

Policy: Markdown may contain a little inline HTML for what Markdown cannot say (a language
change, an abbreviation, a line break). Everything else (scripts, frames, objects, styles,
forms, event handlers, `javascript:` links, attachments) is removed before layout, and each
removal is reported as a warning with its file and line.
"""

from __future__ import annotations

import html
import re

import nh3

from booklet.diagnostics import Problem, SourceLocation
from booklet.load.syntax import IMAGE_MARKUP, lines_outside_code
from booklet.model import Section

_COMMON = {"lang", "dir"}
#: Tags and attributes that may reach the PDF (what Markdown and our table template produce,
#: plus a few inline tags an author may write).
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set() for tag in (
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "strong", "em", "b", "i",
        "code", "pre", "blockquote", "hr", "br", "thead", "tbody", "tr", "sup", "sub")},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start", "style"},
    "abbr": {"title"},
    "span": {"class"},
    "table": {"class", "id"},
    "th": {"scope", "class"},
    "td": {"class"},
    "caption": {"class"},
    "p": {"class"},
    "div": {"class", "id", "role"},
    "dl": {"class"},
    "dt": {"class"},
    "dd": {"class"},
}
URL_SCHEMES = {"https", "http", "mailto", "tel"}
#: Classes of the booklet's own pages and boxes (templates/*.html.j2): content that used them
#: could add a cover, a back cover, a contents page or an urgent-help box of its own.
RESERVED_CLASSES = frozenset({
    "cover", "back-cover", "back-title", "contents", "chapter", "notes-page", "notes-title",
    "blank-page", "blank-note", "padding", "sources", "source-list", "draft-mark", "disclaimer",
    "disclosure", "urgent", "clinic", "qr", "fallback-notice"})
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][\w:-]*)"
                  r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR = re.compile(r"(?P<name>[^\s=/>\"']+)(?:\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_LINK = re.compile(r"\]\(\s*<?\s*(?P<url>[A-Za-z&][^)\s>]*:[^)\s>]*)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<url>\S+?)>?(\s|$)", re.MULTILINE)
#: A Markdown autolink (CommonMark): `<https://example.org>`, `<name@example.org>`; not a tag.
_AUTOLINK = re.compile(r"<(?:(?P<url>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)"
                       r"|[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)>")
_LIST_START = re.compile(r"counter-reset: list-item \d{1,9}")
_INLINE_CODE = re.compile(r"`[^`]*`")
#: A Markdown link's target: `](target` (images are blanked out before this is used).
_ANY_LINK = re.compile(r"\]\(\s*<?(?P<url>[^)\s>]*)")
#: A link to another section's file, with or without an anchor: made internal by render.
SECTION_LINK = re.compile(r"^(?P<file>[^/\\#?:]+\.md)(?:#(?P<anchor>[^#]*))?$")
_PLAIN = ("printed as plain text", "link to https:, mailto: or tel: addresses, to #anchors, or "
          "to another section's file (such as 20-how-treatment-works.md)")


def sanitize(html: str) -> str:
    """Keep only the allowed tags, attributes and URL schemes."""
    return nh3.clean(html, tags=set(ATTRIBUTES),
                     attributes={tag: attrs | _COMMON for tag, attrs in ATTRIBUTES.items()},
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                     attribute_filter=_keep_attribute)


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """A link's target is kept only with an allowed scheme or as an anchor in the booklet:
    a bare path (`secret.txt`, `/etc/passwd`, `//host/x`) would become a file:// link."""
    if tag == "a" and name == "href" and not (value.startswith("#") or _scheme(value)):
        return None
    if name == "style":  # only the list start that booklet.render.dialect writes
        return value if _LIST_START.fullmatch(value) else None
    if name == "class":
        kept = [token for token in value.split() if not _reserved(token)]
        return " ".join(kept) or None
    return value


def _reserved(token: str) -> bool:
    return token in RESERVED_CLASSES or token.startswith("cover-")


def removals(section: Section, section_files: frozenset[str] = frozenset()) -> list[Problem]:
    """What sanitize() will remove from the section's raw HTML and links, with their lines
    (`section_files`: the file names of the edition's sections, which links may name).

    Tags may span lines and attribute values may hide a scheme behind character references,
    so the whole body is scanned (code blocks and inline code blanked out first).
    """
    text = _without_code(section.body)

    def where(offset: int) -> SourceLocation:
        return section.body_location.at(text.count("\n", 0, offset))

    problems = []
    for link in _AUTOLINK.finditer(text):
        if link["url"] and _bad_scheme(html.unescape(link["url"])):
            problems.append(Problem(where(link.start()), f"link to '{link['url'][:40]}' removed",
                                    "link to https:, mailto: or tel: addresses"))
    text = _AUTOLINK.sub(lambda m: " " * len(m[0]), text)  # offsets (and lines) kept
    # An image's `<my pic.png>` destination is not a tag either.
    for tag in _TAG.finditer(IMAGE_MARKUP.sub(lambda m: " " * len(m[0]), text)):
        name = tag["name"].lower()
        if name not in ATTRIBUTES:
            if not tag["close"]:
                problems.append(Problem(where(tag.start()), f"raw HTML <{name}> removed",
                                        "use Markdown; see README, 'Untrusted content'"))
            continue
        for attr in _ATTR.finditer(tag["attrs"]):
            key = attr["name"].lower()
            value = html.unescape((attr["value"] or "").strip("'\""))
            if key not in ATTRIBUTES[name] | _COMMON:
                problems.append(Problem(where(tag.start()),
                                        f"attribute '{key}' of <{name}> removed",
                                        "use Markdown; see README, 'Untrusted content'"))
            elif key == "class" and any(_reserved(token) for token in value.split()):
                problems.append(Problem(where(tag.start()),
                                        f"class '{value[:40]}' of <{name}> removed: the "
                                        "booklet's own pages use it",
                                        "use Markdown; see README, 'Untrusted content'"))
            elif key in ("href", "src") and _bad_scheme(value):
                problems.append(Problem(where(tag.start()), f"link to '{value[:40]}' removed",
                                        "link to https:, mailto: or tel: addresses"))
            elif key == "href" and not (value.startswith("#") or _scheme(value)):
                problems.append(Problem(where(tag.start()),
                                        f"link to '{_shown(value)}' {_PLAIN[0]}", _PLAIN[1]))
    for link in _ANY_LINK.finditer(IMAGE_MARKUP.sub(lambda m: " " * len(m[0]), text)):
        url = html.unescape(link["url"])
        if url and not (url.startswith("#") or _scheme(url)):
            target = SECTION_LINK.match(url)
            if target is None or target["file"] not in section_files:
                problems.append(Problem(where(link.start()),
                                        f"link to '{_shown(url)}' {_PLAIN[0]}", _PLAIN[1]))
    for link in (*_LINK.finditer(text), *_REFERENCE.finditer(text)):
        url = html.unescape(link["url"])
        if _bad_scheme(url):
            problems.append(Problem(where(link.start()), f"link to '{url[:40]}' removed",
                                    "link to https:, mailto: or tel: addresses"))
    return problems


def _without_code(body: str) -> str:
    """The body with fenced code blocks and inline code replaced by blanks (lines kept)."""
    return "\n".join(_INLINE_CODE.sub(lambda m: " " * len(m[0]), line)
                     for _, line in lines_outside_code(body.split("\n")))


def _scheme(url: str) -> str:
    """The URL's scheme in lower case ('' for a path or an anchor)."""
    url = re.sub(r"[\x00-\x20]", "", html.unescape(url))  # browsers ignore these too
    return url.split(":", 1)[0].lower() if re.match(r"^[A-Za-z][\w+.-]*:", url) else ""


def _bad_scheme(url: str) -> bool:
    scheme = _scheme(url)
    return bool(scheme) and scheme not in URL_SCHEMES


def _shown(url: str) -> str:
    """A link target as messages show it: short, with control characters escaped."""
    return url[:60].encode("unicode_escape").decode("ascii")
