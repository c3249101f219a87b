"""Plain-language rules: long sentences, unexplained acronyms, percentages and decimals."""

from __future__ import annotations

import re

from booklet.checks.prose import sentences
from booklet.diagnostics import Finding, Severity
from booklet.model import Edition

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9/]*[A-Z0-9]\b")
_NUMBERS = re.compile(r"\d+\s?%|\d+[.,]\d+|\bper ?cent\b|\bpercent\b", re.IGNORECASE)
#: A cancer stage in Roman numerals, with an optional sub-stage letter: II, IIIA, IVB.
_ROMAN_STAGE = re.compile(r"(?:I{1,3}|IV|V|0)[A-C]?")
#: Acronyms patients know, that need no expansion.
COMMON_ACRONYMS = frozenset({"AI", "IA", "USA", "UK", "OK", "DNA", "ADN", "PDF", "QR"})


def plain_findings(edition: Edition) -> list[Finding]:
    """PLAIN-LONG-SENTENCE, PLAIN-ACRONYM, PLAIN-NUMBERS for every section."""
    limit = edition.metadata.checks.max_sentence_words
    findings = []
    seen: set[str] = set()
    for section in edition.sections:
        for sentence in sentences(section):
            count = len(sentence.words)
            if count > limit:
                findings.append(Finding(Severity.WARNING, "PLAIN-LONG-SENTENCE",
                                        f"a sentence of {count} words: "
                                        f"'{sentence.text[:50]}...'",
                                        f"split it (at most {limit} words)", sentence.location))
            for match in _ACRONYM.finditer(sentence.text):
                acronym = match.group()
                if acronym in seen or acronym in COMMON_ACRONYMS or len(acronym) < 2 \
                        or not _is_acronym(acronym):
                    continue
                seen.add(acronym)
                if not _expanded(sentence.text, match):
                    findings.append(Finding(Severity.WARNING, "PLAIN-ACRONYM",
                                            f"'{acronym}' is not explained at first use",
                                            f"write it out: 'words in full ({acronym})'",
                                            sentence.location))
            for match in _NUMBERS.finditer(sentence.text):
                findings.append(Finding(Severity.INFO, "PLAIN-NUMBERS",
                                        f"'{match.group()}': percentages and decimals are hard "
                                        "to read", "consider '1 in 10' style", sentence.location))
    return findings


def _is_acronym(word: str) -> bool:
    """A code with digits (D002283, HER2, CDK4/6) or a Roman-numeral stage (IIIA, IV) is
    not an abbreviation to spell out."""
    return not any(char.isdigit() for char in word) and not _ROMAN_STAGE.fullmatch(word)


def _expanded(text: str, match: re.Match[str]) -> bool:
    """'words in full (ACR)' or 'ACR (words in full)'."""
    before = text[:match.start()].rstrip()
    after = text[match.end():].lstrip()
    return before.endswith("(") or bool(re.match(r"\([^)]{6,}\)", after))
