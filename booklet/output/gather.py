"""Gather the files of several builds (a CI matrix) into one folder with one manifest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import jinja2

from booklet.diagnostics import SourceLocation
from booklet.errors import ContentError, UsageError
from booklet.model import Theme
from booklet.options import DEFAULT_THEME
from booklet.output.files import Transaction
from booklet.output.release import FILE_KEYS, MANIFEST, MANIFEST_VERSION, Json, write_manifest

#: Types of the entries' fields that gathering relies on.
_TYPES: dict[str, type | tuple[type, ...]] = {
    "file": str, "locale": str, "variant": str, "imposed_of": (str, type(None)), "sha256": str,
    "bytes": int, "language": dict, "translation": dict, "findings": dict}


def gather_release_files(out_dir: Path, parts: Sequence[Path],
                         theme: Theme = DEFAULT_THEME) -> list[Path]:
    """Copy the files of several builds into `out_dir`, each checked against its build's
    manifest, and write one manifest.json, index.html and SHA256SUMS for all of them.

    Returns the paths written (copied files, then the release files).

    Raises:
        UsageError: a folder does not exist.
        ContentError: a manifest is unreadable, the builds are of different sources, or a
            file does not match its manifest.
    """
    if not parts:
        raise UsageError("no build folders to gather", "give one or more folders")
    manifests = [_read_manifest(part) for part in parts]
    first = manifests[0]
    entries: dict[str, Json] = {}
    copies: list[tuple[Path, bytes]] = []
    for part, manifest in zip(parts, manifests, strict=True):
        where = SourceLocation(part / MANIFEST)
        for key in ("booklet", "source"):
            if manifest[key] != first[key]:
                raise ContentError(where, f"'{key}' differs from {parts[0] / MANIFEST}",
                                   "gather builds of the same sources only")
        for entry in manifest["files"]:
            data = _checked_file(part, entry)
            name = entry["file"]
            if name in entries and entries[name] != entry:
                raise ContentError(where, f"'{name}' differs from the one of another build",
                                   "gather each edition from one build only")
            if name not in entries:
                entries[name] = entry
                copies.append((out_dir / name, data))
    written = []
    try:
        with Transaction() as transaction:  # the copies and the release files together
            for target, data in copies:
                if not (target.exists() and target.read_bytes() == data):
                    transaction.write(target, data)
                written.append(target)
            written += write_manifest(out_dir, {**first, "files": list(entries.values())},
                                      theme, transaction)
            transaction.commit()
    except jinja2.UndefinedError as exc:
        raise ContentError(SourceLocation(parts[0] / MANIFEST), f"not a valid manifest: {exc}",
                           "build it again with this version of booklet") from None
    return written


def _read_manifest(part: Path) -> Json:
    """A build's manifest.json, checked enough to gather its files."""
    if not part.is_dir():
        raise UsageError(f"no such folder: '{part}'", "give folders written by 'booklet build'")
    path = part / MANIFEST
    where = SourceLocation(path)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError(where, f"cannot read manifest: {exc.strerror}",
                           "build several editions into this folder first") from None
    except ValueError as exc:
        raise ContentError(where, f"not a valid manifest: {exc}", "build it again") from None
    if not isinstance(manifest, dict) or manifest.get("manifest_version") != MANIFEST_VERSION:
        raise ContentError(where, f"not a booklet manifest of version {MANIFEST_VERSION}",
                           "build it again with this version of booklet")
    problems = [key for key in ("booklet", "source", "files") if key not in manifest]
    files = manifest.get("files")
    for entry in files if isinstance(files, list) else [None]:
        problems += _entry_problems(entry)
    if problems:
        raise ContentError(where, f"not a valid manifest: {', '.join(sorted(set(problems)))}",
                           "build it again with this version of booklet")
    return manifest


def _entry_problems(entry: object) -> list[str]:
    if not isinstance(entry, dict):
        return ["'files' must be a list of objects"]
    problems = [f"'{key}' missing" for key in FILE_KEYS if key not in entry]
    problems += [f"'{key}' has the wrong type" for key, kind in _TYPES.items()
                 if key in entry and not isinstance(entry[key], kind)]
    findings = entry.get("findings")
    if isinstance(findings, dict) and not (
            isinstance(findings.get("warnings"), int)
            and isinstance(findings.get("lines"), list)
            and all(isinstance(line, str) for line in findings["lines"])):
        problems.append("'findings' must have a number of 'warnings' and a list of 'lines'")
    name = entry.get("file")
    if isinstance(name, str) and not _plain_name(name):
        problems.append(f"bad file name {name!r}")
    return problems


def _plain_name(name: str) -> bool:
    """A file name without a folder, safe in SHA256SUMS."""
    return Path(name).name == name and name not in ("", ".", "..") and not any(
        c in name for c in "\\\n\r")


def _checked_file(part: Path, entry: Json) -> bytes:
    """The bytes of a manifest's file, checked against its size and SHA-256."""
    path = part / str(entry["file"])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(SourceLocation(path), f"cannot read file: {exc.strerror}",
                           f"the build's {MANIFEST} lists it; build again") from None
    if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise ContentError(SourceLocation(path), f"file does not match {part / MANIFEST}",
                           "it changed after the build; build again")
    return data
