"""Readability per section, with each language's own formula; never English formulas for
another language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from booklet.checks.prose import Sentence, sentences
from booklet.diagnostics import Finding, Severity
from booklet.model import Edition, Section


@dataclass(frozen=True)
class Score:
    """One section's (or merged sections') readability."""

    sections: tuple[str, ...]
    words: int
    sentences: int
    measures: tuple[tuple[str, float], ...]
    """(formula, value) pairs; empty when the language has no validated formula here."""


def scores(edition: Edition) -> list[Score]:
    """Scores per section; sections under the minimum word count are merged with the next."""
    minimum = edition.metadata.checks.min_words_scored
    language = edition.locale.split("-")[0]
    groups: list[tuple[list[Section], list[Sentence]]] = []
    pending: tuple[list[Section], list[Sentence]] = ([], [])
    for section in edition.sections:
        pending[0].append(section)
        pending[1].extend(sentences(section))
        if sum(len(s.words) for s in pending[1]) >= minimum:
            groups.append(pending)
            pending = ([], [])
    if pending[0]:
        if groups:
            groups[-1][0].extend(pending[0])
            groups[-1][1].extend(pending[1])
        else:
            groups.append(pending)
    return [_score(language, [s.title for s in group], prose) for group, prose in groups]


def _score(language: str, titles: list[str], prose: list[Sentence]) -> Score:
    words = [word for sentence in prose for word in sentence.words if not word[0].isdigit()]
    count = max(1, len(words))
    per_sentence = count / max(1, len(prose))
    if language == "en":
        syllables = sum(_english_syllables(word) for word in words)
        grade = 0.39 * per_sentence + 11.8 * syllables / count - 15.59
        return Score(tuple(titles), count, len(prose), (("Flesch-Kincaid grade", round(grade, 1)),))
    if language == "es":
        syllables = sum(spanish_syllables(word) for word in words)
        huerta = 206.84 - 60 * syllables / count - 1.02 * per_sentence
        inflesz = 206.835 - 62.3 * syllables / count - per_sentence
        return Score(tuple(titles), count, len(prose),
                     (("Fernandez-Huerta", round(huerta, 1)), ("INFLESZ", round(inflesz, 1))))
    return Score(tuple(titles), count, len(prose), ())


def readability_findings(edition: Edition) -> list[Finding]:
    """READ-GRADE (English), READ-SPANISH, READ-NOT-SCORED."""
    checks = edition.metadata.checks
    by_title = {section.title: section for section in edition.sections}
    findings = []
    for score in scores(edition):
        where = by_title[score.sections[0]].location
        names = " + ".join(score.sections)
        values = dict(score.measures)
        if not values:
            findings.append(Finding(Severity.INFO, "READ-NOT-SCORED",
                                    f"'{names}': no validated readability formula for "
                                    f"'{edition.locale}'", "have a native speaker review it",
                                    where))
        elif "Flesch-Kincaid grade" in values:
            grade = values["Flesch-Kincaid grade"]
            level = (Severity.WARNING if grade > checks.fk_grade_warning else
                     Severity.INFO if grade > checks.fk_grade_info else None)
            if level:
                findings.append(Finding(level, "READ-GRADE",
                                        f"'{names}': reading grade {grade} (target at "
                                        f"most {checks.fk_grade_info:g}, limit "
                                        f"{checks.fk_grade_warning:g})",
                                        "use shorter sentences and everyday words", where))
        else:
            huerta, inflesz = values["Fernandez-Huerta"], values["INFLESZ"]
            if huerta < checks.fernandez_huerta_min or inflesz < checks.inflesz_min:
                level = Severity.WARNING
            elif huerta < checks.fernandez_huerta_target or inflesz < checks.inflesz_target:
                level = Severity.INFO
            else:
                continue
            findings.append(Finding(level, "READ-SPANISH",
                                    f"'{names}': Fernandez-Huerta {huerta:.1f}, INFLESZ "
                                    f"{inflesz} (targets {checks.fernandez_huerta_target:g}"
                                    f" and {checks.inflesz_target:g})",
                                    "use shorter sentences and everyday words", where))
    return findings


def _english_syllables(word: str) -> int:
    import textstat

    return max(1, int(textstat.syllable_count(word)))


_VOWELS = "aeiouáéíóúü"
_STRONG = set("aeoáéó") | set("íú")  # accented i/u break a diphthong (hiatus)


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word: vowel groups, split at hiatus (two strong vowels, or an
    accented i/u next to a vowel); 'y' at the end of a word is a vowel."""
    word = word.lower()
    word = re.sub(r"y$", "i", word)
    word = re.sub(r"(?<=[qg])u(?=[eiéí])", "", word)  # que, qui, gue, gui: silent u
    count = 0
    previous = ""
    for char in word:
        if char not in _VOWELS:
            previous = ""
            continue
        if not previous or (previous in _STRONG and char in _STRONG):
            count += 1
        previous = char
    return max(1, count)
