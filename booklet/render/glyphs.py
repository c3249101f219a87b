"""Check before layout that the declared fonts cover every character of the document."""

from __future__ import annotations

import unicodedata
from functools import cache
from html.parser import HTMLParser

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.model import RenderedHtml
from booklet.typefaces import FontFile

#: Characters that are never drawn as glyphs (layout controls).
_INVISIBLE = {"\n", "\r", "\t", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


@cache
def _cmap(font: FontFile) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with font.path.open("rb") as handle, \
                TTFont(handle, lazy=True, fontNumber=font.index) as ttf:
            return frozenset(ttf.getBestCmap() or {})
    except (OSError, TTLibError, AssertionError, KeyError) as exc:
        raise ContentError(SourceLocation(font.path), f"not a usable font file: {exc}",
                           "replace it with a TrueType/OpenType font") from None


def raise_if_problems(problems: list[Problem]) -> None:
    """Raise one ContentError listing every problem, if there are any."""
    if problems:
        raise ContentError.from_problems(problems)


def check_glyphs(rendered: RenderedHtml) -> None:
    """Raise if a character of the document is in none of the declared fonts (no tofu).

    Raises:
        ContentError: naming each missing character and the source lines that use it.
    """
    stack = rendered.fonts.all
    fonts = [font for family in stack.families for font in family.files]
    covered: set[int] = set()
    for font in fonts:
        covered |= _cmap(font)
    missing = sorted(
        char for char in _document_text(rendered.html)
        if ord(char) not in covered and char not in _INVISIBLE and not char.isspace()
    )
    names = ", ".join(family.name for family in stack.families)
    problems = _generated_problems(rendered, covered, names)
    if not missing and not problems:
        return
    for char in missing:
        name = unicodedata.name(char, "unnamed character")
        where = _find_uses(char, rendered)
        problems.append(Problem(where[0] if where else None,
                                f"character '{char}' (U+{ord(char):04X} {name}) is not in the "
                                f"fonts of this edition ({names})"
                                + (f"; also used at {', '.join(map(str, where[1:4]))}"
                                   if len(where) > 1 else ""),
                                f"replace the character, or add a font that has it to the "
                                f"'{rendered.fonts.edition.key}' stack (styles/fonts.yml, or the "
                                f"content folder's fonts.yml)"))
    raise_if_problems(problems)


def _generated_problems(rendered: RenderedHtml, covered: set[int], names: str) -> list[Problem]:
    """Characters the stylesheets draw (list markers of every level, counters, leaders,
    `content` strings) that the edition's fonts lack, at the stylesheet line."""
    from booklet.render.generated import generated_characters

    problems = []
    for char, uses in sorted(generated_characters(rendered.stylesheets).items()):
        if ord(char) in covered or char in _INVISIBLE or char.isspace():
            continue
        where, what = uses[0]
        problems.append(Problem(where, f"character '{char}' (U+{ord(char):04X} "
                                f"{unicodedata.name(char, 'unnamed character')}), drawn by "
                                f"'{what[:60]}', is not in the fonts of this edition ({names})",
                                "use a marker or sign these fonts have, or add a font that has "
                                f"it to the '{rendered.fonts.edition.key}' stack"))
    return problems


def _document_text(html: str) -> set[str]:
    parser = _TextCollector()
    parser.feed(html)
    parser.close()
    return set("".join(parser.parts))


class _TextCollector(HTMLParser):
    """All character data of a document, entity references decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _find_uses(char: str, rendered: RenderedHtml) -> list[SourceLocation]:
    """Source lines (content files, then the UI catalog and templates) that contain `char`
    (comments of PO files left out)."""
    from booklet.render.ui import program_catalog_path

    edition = rendered.edition
    locale_dir = edition.content_dir / edition.locale
    program = program_catalog_path(rendered.theme.templates_dir, edition.locale)
    files = [edition.metadata.location.path, locale_dir / "locale.yml", locale_dir / "ui.po",
             *([program] if program else []),
             *(s.location.path for s in edition.sections),
             *(t.location.path for t in edition.tables),
             *([edition.clinic.location.path] if edition.clinic else []),
             *sorted(rendered.theme.templates_dir.glob("*"))]
    found: list[SourceLocation] = []
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        found.extend(SourceLocation(path, n) for n, line in enumerate(lines, 1)
                     if char in line and not (path.suffix == ".po" and line.startswith("#")))
    return found
