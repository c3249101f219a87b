"""Translation status per locale and section: what is current, outdated, missing or extra."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from booklet.i18n.catalogs import CatalogStats, catalog_path, extract, stats
from booklet.load import load_booklet_metadata, load_sections, locale_folder
from booklet.load.locale_files import load_locale
from booklet.load.translations import Status, section_states
from booklet.locales import language_name
from booklet.model import Translation


@dataclass(frozen=True)
class SectionReport:
    """One section's state in one locale; `changes` is the source diff for an outdated one."""

    file: str
    title: str
    status: str
    changes: str | None = None


@dataclass(frozen=True)
class LocaleReport:
    """Everything a translator needs to know about one locale."""

    locale: str
    language: str
    translation: Translation
    sections: tuple[SectionReport, ...]
    ui: CatalogStats

    @property
    def complete(self) -> bool:
        """Every section current and every UI string translated."""
        return (all(s.status == Status.CURRENT for s in self.sections)
                and not self.ui.untranslated)


def status_report(content_dir: Path, templates_dir: Path) -> tuple[LocaleReport, ...]:
    """The status of every translated locale listed in the metadata."""
    metadata = load_booklet_metadata(content_dir)
    sources = load_sections(locale_folder(content_dir, metadata.source_locale))
    pot = extract(templates_dir)
    reports = []
    for locale in metadata.locales:
        if locale == metadata.source_locale:
            continue
        folder = locale_folder(content_dir, locale)
        _, translation = load_locale(folder, metadata)
        sections = []
        for state in section_states(sources, folder):
            shown = state.source or state.translation
            changes = None
            if state.status is Status.OUTDATED and state.source and state.translation:
                changes = _source_changes(state.translation.translated_from or "",
                                          state.source.location.path)
            title = shown.title if shown else state.file_name
            sections.append(SectionReport(state.file_name, title, state.status.value, changes))
        reports.append(LocaleReport(locale, language_name(locale, "en"), translation,
                                    tuple(sections),
                                    stats(pot, catalog_path(content_dir, locale), locale,
                                          templates_dir)))
    return tuple(reports)


def _source_changes(old_blob: str, source: Path) -> str:
    """A unified diff from the source text that was translated to the source text now."""
    git = shutil.which("git")
    old = None
    if git and old_blob:
        done = subprocess.run([git, "cat-file", "-p", old_blob], cwd=source.parent,  # noqa: S603
                              capture_output=True, check=False)
        if done.returncode == 0:
            old = done.stdout.decode("utf-8", "replace")
    if old is None:
        return (f"(the translated version {old_blob[:12]} is not in this git repository's "
                "history, so its text cannot be shown; compare the translation with the "
                "current source)")
    new = source.read_text(encoding="utf-8")
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                        f"{source.name} (translated)", f"{source.name} (now)"))


def format_text(reports: tuple[LocaleReport, ...]) -> str:
    """For people, in a terminal."""
    lines = []
    for report in reports:
        t = report.translation
        review = f"reviewed by {t.reviewed_by} on {t.reviewed_on}" if t.reviewed \
            else "NOT REVIEWED (draft)"
        by = f" by {t.translated_by}" if t.translated_by else ""
        lines.append(f"{report.locale} ({report.language}): {t.method} translation{by}, "
                     f"{review}")
        for section in report.sections:
            lines.append(f"  {section.status:<13} {section.file}  {section.title}")
            if section.changes:
                lines.extend(f"      {line}" for line in section.changes.splitlines())
        ui = report.ui
        lines.append(f"  UI strings: {ui.translated}/{ui.total} translated"
                     + (f", {ui.fuzzy} fuzzy" if ui.fuzzy else "")
                     + f" ({_sources(ui)})"
                     + (f"; missing: {', '.join(ui.untranslated)}" if ui.untranslated else ""))
    return "\n".join(lines) if lines else "no translated locales"


def _sources(ui: CatalogStats) -> str:
    """Where the UI strings come from, and how the program's catalog was translated."""
    own = f"{ui.overrides} from {ui.path}"
    if ui.program is None:
        return f"{own}; the program has no catalog for this language"
    state = ui.program_state or "translation state not recorded"
    return (f"{own}, {ui.translated - ui.overrides} from the program's catalog "
            f"{ui.program.parent.name}/{ui.program.name}, {state}")


def format_json(reports: tuple[LocaleReport, ...]) -> str:
    """For CI: a stable JSON document (see README, "booklet status")."""
    data = {"locales": [{
        "locale": r.locale,
        "language": r.language,
        "complete": r.complete,
        "translation": {"method": r.translation.method,
                        "translated_by": r.translation.translated_by,
                        "reviewed_by": r.translation.reviewed_by or None,
                        "reviewed_on": r.translation.reviewed_on.isoformat()
                        if r.translation.reviewed_on else None,
                        "reviewed": r.translation.reviewed},
        "sections": [asdict(s) for s in r.sections],
        "ui": {"total": r.ui.total, "translated": r.ui.translated, "fuzzy": r.ui.fuzzy,
               "untranslated": list(r.ui.untranslated), "overrides": r.ui.overrides,
               "program_catalog": r.ui.program.name if r.ui.program else None,
               "program_catalog_state": r.ui.program_state or None},
    } for r in reports]}
    return json.dumps(data, indent=2, ensure_ascii=False)


def format_markdown(reports: tuple[LocaleReport, ...]) -> str:
    """For a CI summary or a pull-request comment."""
    out = ["# Translation status", ""]
    for r in reports:
        state = "reviewed" if r.translation.reviewed else "**draft, not reviewed**"
        out += [f"## {r.language} (`{r.locale}`): {r.translation.method}, {state}", "",
                "| section | status |", "|---|---|"]
        out += [f"| {s.title} (`{s.file}`) | {s.status} |" for s in r.sections]
        out += ["", f"UI strings: {r.ui.translated}/{r.ui.total} translated ({_sources(r.ui)}).",
                ""]
        for s in r.sections:
            if s.changes:
                out += [f"<details><summary>{s.file}: source changes since translation"
                        "</summary>", "", "```diff", s.changes.rstrip(), "```", "", "</details>",
                        ""]
    return "\n".join(out).rstrip() + "\n"
