"""Break opportunities in URLs and e-mail addresses, so that a long one wraps inside its box.

After each `/ . - ? & @` of an address in the text (never in a link's target), a zero-width
space lets the line break there; the stylesheet breaks other long words as a last resort.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

#: A web address or an e-mail address in running text.
ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>\x02\x03]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BREAK_AFTER = re.compile(r"(?<=[/.\-?&@])(?=[^\s/.\-?&@])")
BREAK = "\u200b"


def breakable(text: str) -> str:
    """`text` with a break opportunity after each `/ . - ? & @` of its addresses."""
    return ADDRESS.sub(lambda m: _BREAK_AFTER.sub(BREAK, m[0]), text)


class _Addresses(Treeprocessor):
    def run(self, root: Element) -> None:
        for el in root.iter():
            if el.text and el.tag not in ("pre", "code"):
                el.text = type(el.text)(breakable(el.text))
            if el.tail:
                el.tail = type(el.tail)(breakable(el.tail))


class AddressBreakExtension(Extension):
    """Register the address breaking (after the inline patterns, before pipe tables)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        md.treeprocessors.register(_Addresses(md), "booklet_addresses", 6)
