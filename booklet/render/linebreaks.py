"""Line-break opportunities for scripts written without spaces between words (Thai, Lao, Khmer,
Myanmar): Pango breaks such text only at spaces, so a title or a long phrase ran off the page.
ICU's dictionary line breaker (icu4py) finds the word boundaries; a zero-width space (U+200B,
a format character: not drawn, not part of the words) is put at each."""

from __future__ import annotations

import re

#: Unicode blocks of the scripts without word spaces, and the locale ICU segments each with.
_RUN = re.compile("[\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u19e0-\u19ff"
                  "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff\u200c\u200d]+")
_LOCALES = (("\u0e00", "\u0e7f", "th"), ("\u0e80", "\u0eff", "lo"), ("\u1780", "\u19ff", "km"),
            ("\u1000", "\u109f", "my"), ("\uaa60", "\uaa7f", "my"), ("\ua9e0", "\ua9ff", "my"))
_TEXT = re.compile(r">([^<]+)<")
ZWSP = "\u200b"


def with_break_opportunities(html: str) -> str:
    """`html` with a zero-width space at each word boundary inside runs of Thai, Lao, Khmer
    and Myanmar text: in the body's text between tags only, never in tags or attributes, nor
    in the head (the title is the PDF's metadata)."""
    head, body_tag, body = html.partition("<body")
    if not body_tag or not _RUN.search(body):
        return html
    return head + body_tag + _TEXT.sub(
        lambda text: ">" + _RUN.sub(_segmented, text.group(1)) + "<", body)


def _segmented(run: re.Match[str]) -> str:
    from icu4py.breakers import LineBreaker  # ICU is loaded only for these scripts

    text = run.group(0)
    first = next((c for c in text if c not in "\u200c\u200d"), "")
    locale = next((code for low, high, code in _LOCALES if low <= first <= high), "th")
    return ZWSP.join(LineBreaker(text, locale))
