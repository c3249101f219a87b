"""Sample editions, one per supported language (styles/languages.yml), written directly in that
language from gflanguages' sample texts (the Universal Declaration of Human Rights, by the
United Nations): neutral text, no medical content. Used by tests/i18n/test_languages.py,
the text-layer tests and `make bench`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from booklet.locales import resolve, supported_tags
from booklet.model import BuildResult
from booklet.options import BuildOptions

#: The languages `make test` builds; `make test-languages` builds all of supported_tags().
REPRESENTATIVE = ("en", "vi", "ru", "ar", "ur", "zh-Hant", "hi", "th")

#: The text-layer test's languages in `make test`, one per way of drawing text that
#: booklet.write.actualtext treats apart (Hebrew and Naskh right to left, Gurmukhi, Bengali
#: and Tamil words, Khmer and Myanmar clusters, Sinhala, a Ukrainian apostrophe).
TEXT_LAYER_SCRIPTS = (*REPRESENTATIVE, "es", "he", "fa", "ps", "pa", "bn", "ta", "si", "km",
                      "my", "uk")


@dataclass(frozen=True)
class SampleText:
    """The neutral text of one language's sample edition, and where it comes from."""

    tag: str
    source: str
    """The gflanguages sample text it is taken from ('vi_Latn')."""
    title: str
    subtitle: str
    disclaimer: str
    section_title: str
    paragraphs: tuple[str, ...]

    @property
    def sentences(self) -> tuple[str, ...]:
        """Every text line the edition prints (for the text-layer rule)."""
        return (self.title, self.subtitle, self.disclaimer, self.section_title, *self.paragraphs)


def sample_text(tag: str) -> SampleText:
    """The sample text of a supported language."""
    import gflanguages

    source = resolve(tag).sample
    assert source, f"{tag} has no sample text in styles/languages.yml"
    text = gflanguages.LoadLanguages()[source].sample_text
    paragraphs = [line.strip() for field in (text.specimen_32, text.specimen_21,
                                             text.specimen_16)
                  for line in field.splitlines() if line.strip()]
    # Short text for the cover and the heading (it runs in the page header too): the fields'
    # lengths vary by language, so the first words of one are taken.
    return SampleText(tag, source, _first_words(text.styles, 30), _first_words(text.tester, 40),
                      text.specimen_36.strip(), text.styles.strip(), tuple(paragraphs))


def _first_words(text: str, limit: int) -> str:
    """The words of `text` that fit in `limit` characters (all of it if it has no spaces)."""
    words = text.split()
    kept = words[:1]
    for word in words[1:]:
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    return " ".join(kept)


def write_sample_content(tag: str, folder: Path) -> Path:
    """A content folder whose source language is `tag`, with one section of sample text."""
    sample = sample_text(tag)
    folder.mkdir(parents=True)
    slug = "sample-" + tag.lower()
    (folder / "booklet.yml").write_text(f"""\
# Sample edition of the language tests: text from gflanguages ({sample.source}), the Universal
# Declaration of Human Rights (United Nations).
title: {_quoted(sample.title)}
subtitle: {_quoted(sample.subtitle)}
slug: {slug}
source_locale: {tag}
locales: [{tag}]
paper: a5
version: "1.0"
publisher: Sample Cancer Centre
contact:
  phone: "+1 555 0100"
  email: patient.information@example.org
  website: https://www.example.org/booklets
published: 2026-11-26
last_reviewed: 2026-11-26
next_review: 2027-11-26
disclaimer: {_quoted(sample.disclaimer)}
sources:
  - title: Universal Declaration of Human Rights
    publisher: United Nations
    url: https://www.un.org/en/about-us/universal-declaration-of-human-rights
""", encoding="utf-8")
    (folder / tag).mkdir()
    body = "\n\n".join(sample.paragraphs)
    (folder / tag / "10-sample.md").write_text(
        f"---\ntitle: {_quoted(sample.section_title)}\norder: 10\n---\n\n{body}\n",
        encoding="utf-8")
    return folder


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sample_requests(tags: tuple[str, ...], root: Path, **options: Any) -> list[BuildOptions]:
    """The build options of the sample editions of `tags`, content written under `root`."""
    requests = []
    for tag in tags:
        content = write_sample_content(tag, root / "content" / tag)
        requests.append(BuildOptions(content_dir=content, out_dir=root / "out" / tag, **options))
    return requests


def build_samples(tags: tuple[str, ...], root: Path, jobs: int | None = None,
                  **options: Any) -> dict[str, BuildResult | tuple[str, ...]]:
    """Build the sample editions of `tags` in parallel through the library's jobs
    (booklet.processes.runner; `options`: BuildOptions fields such as save_html): tag -> the
    result, or the error lines of a failed build."""
    from booklet.output.files import Transaction
    from booklet.processes.runner import run_builds

    outcomes = run_builds(sample_requests(tags, root, **options), jobs or os.cpu_count() or 1)
    with Transaction() as transaction:  # the build processes' files renamed into place
        for outcome in outcomes:
            transaction.adopt(outcome.result.staged if outcome.result else ())
        transaction.commit()
    return {tag: outcome.result if outcome.result is not None else outcome.errors
            for tag, outcome in zip(tags, outcomes, strict=True)}


def sample_result(samples: dict[str, BuildResult | tuple[str, ...]], tag: str) -> BuildResult:
    """The sample edition of `tag` in `samples` (build_samples'), which must have built."""
    result = samples[tag]
    assert isinstance(result, BuildResult), f"{tag} did not build: {result}"
    return result


def languages_under_test(subset: tuple[str, ...] = REPRESENTATIVE) -> tuple[str, ...]:
    """The languages a sample test builds: all of them with BOOKLET_LANGUAGES=all
    (`make test-languages`), else `subset` (`make test`)."""
    return supported_tags() if os.environ.get("BOOKLET_LANGUAGES") == "all" else subset


def main(argv: list[str]) -> int:
    """`python -m tests.samples FOLDER [TAG ...]`: build the sample editions (default: all 45)
    with the default jobs; print each one's pages and fonts; exit 1 if one failed (make bench)."""
    import pikepdf

    tags = tuple(argv[2:]) or supported_tags()
    failed = 0
    for tag, result in build_samples(tags, Path(argv[1])).items():
        if isinstance(result, tuple):
            failed += 1
            print(f"{tag}: failed: {' '.join(result)[:300]}")
            continue
        with pikepdf.open(result.pdf) as pdf:
            fonts = {str(f.BaseFont).split("+", 1)[-1] for page in pdf.pages
                     for f in page.obj.Resources.get("/Font", {}).values()}
        print(f"{tag}: {result.page_count} pages, {len(fonts)} fonts: {', '.join(sorted(fonts))}")
    return 1 if failed else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv))
