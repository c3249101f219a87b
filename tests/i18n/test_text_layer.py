"""The text layer of the sample editions gives their text back (tests/textlayer.py's rule):
every sentence of the sample (title, subtitle, disclaimer, section title, UDHR paragraphs)
with poppler in every supported language, and with MuPDF where booklet reaches it (README,
"Known limits", for the rest). `make test` checks one language per way of drawing text
(tests/samples.TEXT_LAYER_SCRIPTS), `make test-languages` all 45."""

from __future__ import annotations

import pytest

from booklet.locales import supported_tags
from tests.samples import TEXT_LAYER_SCRIPTS, languages_under_test, sample_result, sample_text
from tests.textlayer import assert_text_layer

#: The languages whose sample edition MuPDF 1.21 reads back too (measured: README "Known
#: limits"). It ignores /ActualText and maps each glyph to one text, so split vowels, reordered
#: conjuncts, Thai, Khmer and Myanmar marks and Nastaliq do not come back from it (34 of 45).
MUPDF_HOLDS = frozenset({
    "en", "es", "fr", "pt", "de", "pl", "ro", "uk", "ru", "el", "tr", "vi", "tl", "ht", "so",
    "sw", "ar", "fa", "ps", "he", "ne", "pa", "gu", "ta", "ml", "lo", "am", "ti", "hy", "ka",
    "ko", "ja",
    "zh-Hans", "zh-Hant",
})

TAGS = languages_under_test(TEXT_LAYER_SCRIPTS)


def test_the_mupdf_set_names_supported_languages() -> None:
    assert set(supported_tags()) >= MUPDF_HOLDS


@pytest.mark.parametrize("tag", TAGS)
def test_poppler_gives_every_sentence_back(samples: dict, tag: str) -> None:
    result = sample_result(samples, tag)
    assert_text_layer(result.pdf, list(sample_text(tag).sentences), tag, ("poppler",))


@pytest.mark.parametrize("tag", [t for t in TAGS if t in MUPDF_HOLDS])
def test_mupdf_gives_every_sentence_back(samples: dict, tag: str) -> None:
    result = sample_result(samples, tag)
    assert_text_layer(result.pdf, list(sample_text(tag).sentences), tag, ("mupdf",))


@pytest.mark.parametrize("tag", [t for t in ("hi", "ta", "si") if t in TAGS])
def test_poppler_reads_the_cover_title_and_subtitle_as_one_block_each(samples: dict,
                                                                     tag: str) -> None:
    """A word whose last glyph drawn is not its rightmost (a pre-base vowel: कि draws ि after
    क, to its left) still spans its whole width for poppler, so the title and subtitle, which
    begin with the same word, are not split into columns (booklet.write.actualtext edges)."""
    import re
    import subprocess

    result = sample_result(samples, tag)
    text = sample_text(tag)
    layout = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(result.pdf),
                             "-"], capture_output=True, text=True, check=True).stdout
    blocks = [" ".join(re.findall(r"<word [^>]*>([^<]*)</word>", block))
              for block in re.findall(r"<block .*?</block>", layout, re.DOTALL)]
    for printed in (text.title, text.subtitle):
        assert printed in blocks, (printed, blocks)


def _to_unicode_texts(pdf_path: object) -> set[str]:
    """Every text a font's ToUnicode maps a glyph to, in `pdf_path`."""
    import re

    import pikepdf

    texts = set()
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.get("/Font", {}).values():
                if "/ToUnicode" not in font:
                    continue
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                texts |= {bytes.fromhex(target).decode("utf-16-be") for target in
                          re.findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]*)>", cmap)}
    return texts


@pytest.mark.parametrize(("tag", "split"), [(t, s) for t, s in (("bn", "োৌ"), ("ta", "ொோௌ"))
                                            if t in TAGS])
def test_no_glyph_stands_for_a_whole_split_vowel(samples: dict, tag: str, split: str) -> None:
    """A split vowel (ো = ে + া) is drawn as its two parts; the glyph of the second is the
    vowel on its own (া) too, so it maps to that vowel, or every া reads ো in MuPDF."""
    texts = _to_unicode_texts(sample_result(samples, tag).pdf)
    assert texts, tag
    assert not [t for t in texts if set(t) & set(split)], tag


@pytest.mark.parametrize(("tag", "word"), [(t, w) for t, w in (("hi", "कार्यों"), ("ne", "गर्ने"))
                                           if t in TAGS])
def test_mupdf_reads_a_reph_and_its_vowel_sign_in_order(samples: dict, tag: str,
                                                         word: str) -> None:
    """र्यों: the reph and the vowel sign after य are one glyph; MuPDF, reading glyphs in
    stream order, gets the letters in order from its invisible letters after य."""
    from tests.textlayer import extract, normalize

    assert normalize(word) in normalize(extract(sample_result(samples, tag).pdf, "mupdf"))
