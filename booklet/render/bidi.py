"""Right-to-left editions: left-to-right runs isolated so they print as written.

WeasyPrint 70 does not implement `unicode-bidi` or `dir="auto"`, but it lays out every inline
box with its own base direction (`dir="ltr"` sets `direction: ltr`). So a URL, an e-mail
address, a phone number or an English label inside Arabic text is wrapped in
`<span dir="ltr">`: its characters keep their order ("+1 555 0100", not "0100 555 1+") and its
punctuation stays on its side ("Published by:", not ":Published by").
"""

from __future__ import annotations

import re
import unicodedata
from xml.etree.ElementTree import Element

from markupsafe import Markup, escape

#: Runs that must read left to right whatever surrounds them: URLs, e-mail addresses, phone
#: numbers and dates written with digits (7 characters or more). The zero-width spaces that
#: booklet.render.wrapping puts into addresses as break opportunities may be inside.
LTR_RUN = re.compile(
    r"(?:https?://|www\.)[^\s<>\"\x02\x03]*[^\s<>\"\x02\x03.,;:!?)\]\u200b]"
    r"|[\w.+\-\u200b]+@[\w\-\u200b]+(?:\.[\w\-\u200b]+)+"
    r"|\+?\(?\d[\d ()./-]{5,}\d"
)


def text_direction(text: str) -> str | None:
    """'ltr' or 'rtl' from the first strong character of `text` (as dir="auto" would), 'ltr'
    for text with digits and no strong character, None when nothing decides."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr" if any(char.isdigit() for char in text) else None


def isolate(text: object, direction: str) -> Markup:
    """`text`, escaped, in a `<span dir>` when its own direction is not `direction`."""
    own = text_direction(str(text))
    if own is None or own == direction:
        return escape(text)
    return Markup('<span dir="{}">{}</span>').format(own, text)


def isolate_runs(root: Element) -> None:
    """Wrap the URLs, addresses and numbers in the text under `root` in `<span dir="ltr">`
    (a Markdown tree, before it is serialized)."""
    for element in list(root.iter()):
        if element.get("dir") == "ltr":
            continue
        if element.text:
            pieces = _split(element.text)
            if pieces:
                element.text = pieces[0]
                for index, span in enumerate(_spans(pieces)):
                    element.insert(index, span)
        for index, child in reversed(list(enumerate(element))):
            if child.tail:
                pieces = _split(child.tail)
                if pieces:
                    child.tail = pieces[0]
                    for offset, span in enumerate(_spans(pieces), 1):
                        element.insert(index + offset, span)


def _split(text: str) -> list[str] | None:
    """[before, run, between, run, ..., after] of `text`, or None without a run."""
    parts = LTR_RUN.split(text)
    runs = LTR_RUN.findall(text)
    if not runs:
        return None
    pieces = [parts[0]]
    for run, after in zip(runs, parts[1:], strict=True):
        pieces += [run, after]
    return pieces


def _spans(pieces: list[str]) -> list[Element]:
    """The `<span dir="ltr">` elements of `pieces` (from `_split`), each with its tail."""
    spans = []
    for run, after in zip(pieces[1::2], pieces[2::2], strict=True):
        span = Element("span", {"dir": "ltr"})
        span.text, span.tail = run, after
        spans.append(span)
    return spans
