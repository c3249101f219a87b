"""The text-layer rule (shared/notes/text-layer.md): does a PDF give its source text back?

Each sentence of the source, NFC-normalized with all whitespace and format characters (Cf)
removed, must be contained in the text poppler's `pdftotext` and MuPDF's `mutool draw -F txt`
extract from the PDF, normalized the same way. For Arabic-script languages and Hebrew the
combining marks (Mn: harakat, niqqud) are removed as well: letters must come back in logical
order, marks may be detached. Page furniture (running headers, page numbers: /Artifact
content, which screen readers skip) is left out first, so a sentence may run over a page
break. poppler removes the hyphen at the end of a line when it joins the
line to the next (it cannot tell "early-" + "stage" from a hyphenated word), so its text is
compared with hyphens removed on both sides. Markdown typesets quotes (an apostrophe ' prints
as U+2019), so quotes are folded to the typed ones on both sides.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from booklet.locales import locale_direction
from tests.helpers import FIXTURES, edit_file

#: The extractors of the rule, and how to run each one on a PDF (text on standard output).
TOOLS = {
    "poppler": ["pdftotext", "-enc", "UTF-8", "{pdf}", "-"],
    "mupdf": ["mutool", "draw", "-q", "-F", "txt", "-o", "-", "{pdf}"],
}

_SENTENCE_END = re.compile(r"(?<=[.!?۔।॥။។៕])\s+")


def udhr(locale: str) -> list[str]:
    """Paragraphs of the Universal Declaration of Human Rights in `locale` (fixture data)."""
    data = json.loads((FIXTURES / "udhr" / "udhr.json").read_text(encoding="utf-8"))
    paragraphs: list[str] = data["texts"][locale]
    return paragraphs


#: The quotes and apostrophes Markdown's smarty typesets (' becomes U+2019), folded to the ones
#: typed on both sides of the comparison.
_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def normalize(text: str, drop_marks: bool = False) -> str:
    """Without whitespace and format characters, NFC (and without combining marks if asked),
    quotes folded to the typed ones."""
    # whitespace goes first: a tool that puts a space between the two parts of a split vowel
    # (Tamil ே + ா) still gives the letters back, composed (ோ) as NFC composes them
    bare = "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")
    return "".join(c for c in unicodedata.normalize("NFC", bare).translate(_QUOTES)
                   if not (drop_marks and unicodedata.category(c) == "Mn"))


def sentences(paragraphs: list[str]) -> list[str]:
    """The sentences of `paragraphs` (split after sentence punctuation)."""
    return [s for p in paragraphs for s in _SENTENCE_END.split(p.strip()) if s.strip()]


def extract(pdf: Path, tool: str, artifacts: bool = True) -> str:
    """The text `tool` ("poppler" or "mupdf") extracts from `pdf`; without `artifacts`, from a
    copy without its /Artifact content (running headers, page numbers: what a screen reader
    skips), so that a sentence running over a page break reads on."""
    with tempfile.TemporaryDirectory() as scratch:
        if not artifacts:
            pdf = _without_artifacts(pdf, Path(scratch) / "content.pdf")
        argv = [arg.replace("{pdf}", str(pdf)) for arg in TOOLS[tool]]
        done = subprocess.run(argv, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def _without_artifacts(pdf: Path, target: Path) -> Path:
    """A copy of `pdf` whose pages draw nothing marked /Artifact."""
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            kept, depth = [], 0  # depth > 0: inside an artifact (and what nests in it)
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    if depth or str(operands[0]) == "/Artifact":
                        depth += 1
                        continue
                elif name == "EMC" and depth:
                    depth -= 1
                    continue
                if depth and name in _TEXT_SHOWING:
                    continue
                kept.append((operands, operator))
            page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(kept))
        doc.save(target)
    return target


#: Operators that show text (left out inside artifacts; the rest keeps the state right).
_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


@dataclass(frozen=True)
class Recovery:
    """Which sentences of a source one tool gets back from a PDF."""

    tool: str
    total: int
    missing: list[str]

    @property
    def found(self) -> int:
        return self.total - len(self.missing)

    def __str__(self) -> str:
        return f"{self.tool}: {self.found}/{self.total} sentences"


def recovery(pdf: Path, paragraphs: list[str], locale: str, tool: str) -> Recovery:
    """How many sentences of `paragraphs` (in `locale`) `tool` gets back from `pdf` (its
    content: page furniture left out)."""
    marks = locale_direction(locale) == "rtl"
    text = normalize(extract(pdf, tool, artifacts=False), marks)
    wanted = sentences(paragraphs)
    if tool == "poppler":  # it joins a line ending in "-" to the next one without the hyphen
        text, wanted = text.replace("-", ""), [s.replace("-", "") for s in wanted]
    return Recovery(tool, len(wanted), [s for s in wanted if normalize(s, marks) not in text])


def assert_text_layer(pdf: Path, paragraphs: list[str], locale: str,
                      tools: tuple[str, ...] = tuple(TOOLS)) -> None:
    """Every sentence of `paragraphs` comes back from `pdf` with every tool of `tools`."""
    results = [recovery(pdf, paragraphs, locale, tool) for tool in tools]
    assert all(not r.missing for r in results), "; ".join(
        f"{r}, first missing: {r.missing[0]!r}" for r in results if r.missing)


def sample_edition(root: Path, locale: str) -> Path:
    """A content folder written in `locale` (source_locale): the clean fixture with the UDHR
    paragraphs of that language as its section."""
    content = root / "content"
    shutil.copytree(FIXTURES / "clean", content)
    edit_file(content / "booklet.yml", "source_locale: en", f"source_locale: {locale}")
    edit_file(content / "booklet.yml", "locales: [en]", f"locales: [{locale}]")
    (content / "en").rename(content / locale)
    section = content / locale / "10-your-tablets.md"
    section.write_text("---\ntitle: UDHR\norder: 10\n---\n\n" + "\n\n".join(udhr(locale)) + "\n",
                       encoding="utf-8")
    return content
