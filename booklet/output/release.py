"""Release files describing built editions: manifest.json, SHA256SUMS and index.html."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pikepdf

from booklet.diagnostics import Severity
from booklet.errors import OutputError
from booklet.load import load_booklet_metadata
from booklet.locales import language_name
from booklet.model import BuildResult, Commit, Metadata, Theme
from booklet.options import DEFAULT_THEME
from booklet.output.files import Transaction
from booklet.output.git import last_commit
from booklet.render.templates import environment

MANIFEST_VERSION = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
INDEX = "index.html"
INDEX_TEMPLATE = "index.html.j2"
_VARIANTS = ("standard", "large-print")
#: What every entry of the manifest's "files" has.
FILE_KEYS = ("file", "locale", "language", "title", "variant", "imposed_of", "paper", "pages",
             "bytes", "sha256", "source_commit", "published", "last_reviewed", "next_review",
             "translation", "findings")

Json = dict[str, Any]


def write_release_files(out_dir: Path, results: Sequence[BuildResult], content_dir: Path,
                        theme: Theme = DEFAULT_THEME, metadata: Metadata | None = None,
                        transaction: Transaction | None = None) -> list[Path]:
    """Describe the files of `results` (PDFs and imposed sheets, all in `out_dir`).

    `metadata`: the booklet's (source) metadata, if already loaded from `content_dir`.
    `transaction`: the build's, whose files may not be renamed yet, to write into (then
    the caller commits); without one the release files are written at once.

    Returns the paths written: manifest.json, index.html, SHA256SUMS.

    Raises:
        UsageError, ContentError: the content's metadata cannot be read.
        OutputError: a result's file is not in `out_dir`, or a file cannot be read or written.
    """
    commits = {result.source_commit for result in results}  # found while building, or:
    commit = commits.pop() if len(commits) == 1 and None not in commits \
        else last_commit(content_dir, theme)
    portable = _portable((content_dir, theme.templates_dir, theme.styles_dir, out_dir))
    files = []
    current = transaction.current if transaction else (lambda path: path)
    for result in results:
        files.append(_file_entry(out_dir, result.pdf, result, commit, None, portable, current))
        if result.imposed:
            files.append(_file_entry(out_dir, result.imposed, result, commit, result.pdf.name,
                                     portable, current))
    meta = metadata or load_booklet_metadata(content_dir)
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "booklet": {"slug": meta.slug, "title": meta.title, "version": meta.version},
        "source": {"commit": commit.sha if commit else None,
                   "date": _iso(commit.epoch) if commit else None,
                   "date_epoch": commit.epoch if commit else None},
        "files": files,
    }
    return write_manifest(out_dir, manifest, theme, transaction)


def _file_entry(out_dir: Path, path: Path, result: BuildResult, commit: Commit | None,
                imposed_of: str | None, portable: Callable[[str], str],
                current: Callable[[Path], Path]) -> Json:
    if path.parent.resolve() != out_dir.resolve():
        raise OutputError(f"'{path}' is not in the output folder '{out_dir}'",
                          "build every edition into the same --out folder")
    edition = result.edition
    meta = edition.metadata
    translation = edition.translation
    state = "source" if translation is None else "reviewed" if translation.reviewed else "draft"
    data = _read(current(path))
    english, native = result.language_names
    pages = result.imposed_pages if imposed_of else result.page_count
    return {
        "file": path.name, "locale": edition.locale, "title": meta.title,
        "language": {"name": english or language_name(edition.locale, "en"),
                     "native": native or language_name(edition.locale, edition.locale)},
        "variant": edition.variant, "imposed_of": imposed_of, "paper": edition.paper,
        "pages": pages or _page_count(current(path)), "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "source_commit": commit.sha if commit else None,
        "published": meta.published.isoformat(), "last_reviewed": meta.last_reviewed.isoformat(),
        "next_review": meta.next_review.isoformat(),
        "translation": {
            "state": state,
            "method": translation.method if translation else None,
            "translated_by": (translation.translated_by or None) if translation else None,
            "reviewed_by": (translation.reviewed_by or None) if translation else None,
            "reviewed_on": translation.reviewed_on.isoformat()
            if translation and translation.reviewed_on else None,
            "fallback_sections": [section.title for section in edition.fallbacks],
            "outdated_sections": [section.title for section in edition.outdated],
        },
        "findings": _findings(result, portable),
    }


def write_manifest(out_dir: Path, manifest: Json, theme: Theme,
                   transaction: Transaction | None = None) -> list[Path]:
    """Write manifest.json, index.html and SHA256SUMS (which covers both and every file),
    into `transaction` if given (the caller commits), else renamed into place together."""
    manifest = {**manifest, "files": sorted(manifest["files"], key=_order)}
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    env = environment(theme.templates_dir)
    index = env.get_template(INDEX_TEMPLATE).render(manifest=manifest, MANIFEST=MANIFEST,
                                                    SUMS=SUMS)
    outputs = {MANIFEST: text.encode("utf-8"), INDEX: index.encode("utf-8")}
    sums = {entry["file"]: entry["sha256"] for entry in manifest["files"]}
    sums |= {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()}
    outputs[SUMS] = "".join(f"{sums[name]}  {name}\n" for name in sorted(sums)).encode("ascii")
    with Transaction() as own:
        for name, data in outputs.items():
            (transaction or own).write(out_dir / name, data)
        own.commit()
    return [out_dir / name for name in outputs]


def _order(entry: Json) -> tuple[str, int, bool, str]:
    """Locale, then standard before large print, each booklet before its imposed sheets."""
    variant = entry["variant"]
    rank = _VARIANTS.index(variant) if variant in _VARIANTS else len(_VARIANTS)
    return entry["locale"], rank, entry["imposed_of"] is not None, entry["file"]


def _iso(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OutputError(f"cannot read '{path}': {exc.strerror}", "build it again") from None


def _page_count(path: Path) -> int:
    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise OutputError(f"'{path}' is not a readable PDF: {exc}", "build it again") from None


def _findings(result: BuildResult, portable: Callable[[str], str]) -> Json:
    """The build's warnings: problems of loading and rendering, and the checks' findings."""
    lines = [str(warning) for warning in result.warnings]
    lines += [str(f) for f in result.findings if f.severity >= Severity.WARNING]
    return {"warnings": len(lines), "lines": [portable(line) for line in lines]}


def _portable(folders: Sequence[Path]) -> Callable[[str], str]:
    """A function that writes the absolute paths of `folders` in a line as the folder's own
    name: the release files name `content/es/locale.yml`, not the build machine's
    `/home/someone/content/es/locale.yml`, whatever --content and --out were given as."""
    prefixes: dict[str, str] = {}
    for folder in folders:
        for form in {folder, folder.absolute(), folder.resolve()}:
            if form.is_absolute():
                prefixes[f"{form}{os.sep}"] = f"{folder.resolve().name}/"
    order = sorted(prefixes, key=len, reverse=True)  # the deepest folder first

    def portable(line: str) -> str:
        for prefix in order:
            line = line.replace(prefix, prefixes[prefix])
        return line

    return portable
