"""Skip editions whose inputs have not changed: a fingerprint of every input per output.

The fingerprint covers the content files the edition reads, the templates, the styles and
fonts (bundled or installed), the clinic file, the build options and the versions of booklet,
WeasyPrint and Python. A record beside the outputs stores it with the outputs' checksums, so a
changed, deleted or replaced output is rebuilt too. Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import platform
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import OutputError
from booklet.model import BuildResult, Metadata
from booklet.options import BuildOptions
from booklet.output.files import Transaction

CACHE_DIR = ".booklet-cache"
#: The kinds of content file a build reads (metadata, sections, tables, catalogs, images, a
#: clinic's logo): only these are hashed, so an unrelated file (notes.txt, an archive) in the
#: content folder can neither slow a build down nor stop it.
READ_SUFFIXES = frozenset({".yml", ".yaml", ".md", ".csv", ".po", ".png", ".jpg", ".jpeg",
                           ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".avif"})
#: Files larger than this are counted by size and time, not read (images over 20 MB are
#: refused by the build anyway).
HASHED_BYTES = 64 * 1024 * 1024
PACKAGE_DIR = Path(__file__).resolve().parent
_VERSIONED = ("booklet", "weasyprint", "pydyf", "fonttools", "pikepdf", "Jinja2", "Markdown",
              "nh3", "segno", "Babel")


@dataclass(frozen=True)
class CacheRecord:
    """What a build wrote and from which inputs."""

    fingerprint: str
    outputs: dict[str, str]
    """Output file name -> sha256."""
    messages: list[str]
    """The warnings the build printed, printed again when it is skipped."""
    pages: int
    seconds: float = 0.0
    """How long laying it out took: the next build starts the longest editions first."""


def fingerprint(options: BuildOptions, meta: Metadata) -> str:
    """A hash of everything that can change this edition's outputs."""
    digest = hashlib.sha256()
    locale = options.locale or meta.source_locale
    content = options.content_dir
    # Every file of the content folder except other locales' folders (an edition reads only
    # its own locale and the source), the outputs and the compiled catalogs.
    others = {content / name for name in meta.locales} - {content / meta.source_locale,
                                                          content / locale}
    out = options.out_dir.resolve()
    inside = out.is_relative_to(content.resolve())  # outputs written into the content folder
    files = [path for path in sorted(content.rglob("*"))
             if path.suffix.lower() in READ_SUFFIXES
             and not any(path.is_relative_to(folder) for folder in others)
             and not (inside and path.resolve().is_relative_to(out))]
    files += sorted(options.theme.templates_dir.rglob("*"))
    files += sorted(options.theme.styles_dir.rglob("*"))
    files += sorted(PACKAGE_DIR.rglob("*.py")) + sorted(PACKAGE_DIR.rglob("*.json"))
    clinic = options.clinic or (content / meta.clinic if meta.clinic else None)
    if clinic is not None and clinic.is_file():
        files += [clinic, *_clinic_logo(clinic)]
    for path in files:
        if path.name.endswith(".mo") or path.is_dir():
            continue
        digest.update(str(path.relative_to(path.anchor)).encode())
        if path.is_file():
            stat = path.stat()
            digest.update(_file_digest(path, stat.st_mtime_ns, stat.st_size))
        else:  # a FIFO, a device, a broken link: never read here; the build refuses it
            digest.update(b"\0not a file")
    settings = dataclasses.asdict(dataclasses.replace(options, today=None))
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    digest.update(_versions().encode())
    digest.update(_system_fonts().encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=4096)
def _file_digest(path: Path, mtime_ns: int, size: int) -> bytes:
    """The sha256 of a file, read in chunks; editions share most of theirs (templates,
    styles, fonts), so each is read once a run, and again only once its time or size changed.
    A file over HASHED_BYTES (the build refuses to use one that large) counts by its size and
    time only, so that a huge or sparse file is never read whole.

    Raises:
        ContentError: the file cannot be read (named, with what to do).
    """
    if size > HASHED_BYTES:
        return hashlib.sha256(f"{size}:{mtime_ns}".encode()).digest()
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        from booklet.errors import ContentError

        raise ContentError(SourceLocation(path), f"cannot read the file: {exc.strerror or exc}",
                           "make it readable, or move it out of the content folder") from None
    return digest.digest()


def _clinic_logo(clinic: Path) -> list[Path]:
    """The logo a clinic file names (the build checks it; here it only has to be hashed)."""
    from booklet.errors import BookletError
    from booklet.load.clinic import load_clinic

    try:
        logo = load_clinic(clinic).logo
    except BookletError:
        return []
    return [logo] if logo else []


def output_stem(options: BuildOptions, meta: Metadata) -> str:
    """The edition's file stem, as build_edition names it."""
    locale = options.locale or meta.source_locale
    return f"{meta.slug}.{locale}" + ("" if options.variant == "standard"
                                       else f".{options.variant}")


def up_to_date(options: BuildOptions, meta: Metadata, print_: str) -> CacheRecord | None:
    """The record of an edition whose outputs match `print_` and are untouched, else None."""
    record = _read(options.out_dir / CACHE_DIR / f"{output_stem(options, meta)}.json")
    if record is None or record.fingerprint != print_:
        return None
    for name, checksum in record.outputs.items():
        path = options.out_dir / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != checksum:
            return None
    return record


@dataclass(frozen=True)
class Skipped:
    """An edition whose outputs are current: what was asked, its record, and its PDF."""

    options: BuildOptions
    record: CacheRecord
    pdf: Path


def partition(requests: Iterable[BuildOptions], meta: Metadata, force: bool = False,
              rebuild: Callable[[BuildOptions, CacheRecord], bool] = lambda _o, _r: False
              ) -> tuple[list[Skipped], list[BuildOptions], dict[BuildOptions, str]]:
    """The editions whose outputs are current, those to build, and every one's fingerprint.

    With `force` every edition is built; `rebuild` says which current ones (given their
    record) to build anyway, for what changes without their inputs, such as review dates
    going by.
    """
    skipped, todo, prints = [], [], {}
    for options in requests:
        prints[options] = print_ = fingerprint(options, meta)
        record = None if force else up_to_date(options, meta, print_)
        if record is None or rebuild(options, record):
            todo.append(options)
            continue
        pdf = options.out_dir / next(name for name in record.outputs
                                     if not name.endswith((".imposed.pdf", ".html")))
        skipped.append(Skipped(options, record, pdf))
    return skipped, todo, prints


def cached_result(skipped: Skipped) -> BuildResult:
    """The BuildResult of a skipped edition, for the release files: its content loaded again
    (not rendered), its pages and warnings from the record.

    Raises:
        UsageError, ContentError: the content cannot be loaded.
    """
    from booklet.load import load_edition

    options = skipped.options
    edition = load_edition(options.content_dir, options.locale, options.paper,
                           options.variant, options.clinic)
    imposed = skipped.pdf.with_suffix(".imposed.pdf") if options.impose else None
    return BuildResult(pdf=skipped.pdf, html=None, page_count=skipped.record.pages,
                       edition=edition, imposed=imposed,
                       warnings=tuple(Problem(None, line.removeprefix("warning: "))
                                      for line in skipped.record.messages))


def last_seconds(options: BuildOptions, meta: Metadata) -> float | None:
    """How long laying out the edition took last time, changed inputs or not; None if it
    was never built."""
    record = _read(options.out_dir / CACHE_DIR / f"{output_stem(options, meta)}.json")
    return record.seconds if record is not None and record.seconds > 0 else None


def remember(options: BuildOptions, meta: Metadata, print_: str, outputs: list[Path],
             messages: list[str], pages: int, seconds: float,
             transaction: Transaction | None = None) -> None:
    """Record a successful build, in the build's `transaction` if given (its outputs may
    still be under their temporary names there; the caller commits), else at once."""
    if transaction is None:
        with Transaction() as own:
            remember(options, meta, print_, outputs, messages, pages, seconds, own)
            own.commit()
        return
    record = {"fingerprint": print_, "messages": messages, "pages": pages,
              "seconds": round(seconds, 3),
              "outputs": {p.name: hashlib.sha256(transaction.current(p).read_bytes()).hexdigest()
                          for p in outputs}}
    transaction.write(options.out_dir / CACHE_DIR / f"{output_stem(options, meta)}.json",
                      json.dumps(record, indent=1, sort_keys=True).encode())


def check_writable(out_dir: Path) -> None:
    """Refuse, before anything is built, an output or cache folder that cannot be written.

    Raises:
        OutputError: it exists and is not writable.
    """
    for folder in (out_dir, out_dir / CACHE_DIR):
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"output folder '{folder}' is not writable",
                              "fix its permissions or choose another folder with --out")


def _read(path: Path) -> CacheRecord | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return CacheRecord(str(data["fingerprint"]), dict(data["outputs"]),
                           list(data["messages"]), int(data["pages"]),
                           float(data.get("seconds", 0.0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


@functools.cache
def _versions() -> str:
    """Python's version and the installed versions of the packages that shape the output.

    Read from the names of the `*.dist-info` folders, as pip writes them (importing
    importlib.metadata and asking for each package costs more than the whole no-op build).
    """
    wanted = {_normalized(name): name for name in _VERSIONED}
    found: dict[str, str] = {}
    for entry in sys.path:
        folder = Path(entry or ".")
        try:
            names = [path.name for path in folder.iterdir() if path.name.endswith(".dist-info")]
        except OSError:
            continue
        for name in names:
            match = _DIST_INFO.match(name)
            if match and _normalized(match["name"]) in wanted:
                found.setdefault(wanted[_normalized(match["name"])], match["version"])
    return ";".join([platform.python_version(),
                     *(f"{name}={found.get(name, '?')}" for name in _VERSIONED)])


_DIST_INFO = re.compile(r"(?P<name>[^-]+)-(?P<version>[^-]+)\.dist-info$")


def _normalized(name: str) -> str:
    """A distribution name as packaging compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _system_fonts() -> str:
    """Installed fonts the stacks name (the Noto packages): their files' sizes and times."""
    parts = []
    for folder in (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto")):
        if folder.is_dir():
            parts += [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                      for p in sorted(folder.glob("Noto*"))]
    return ";".join(parts)
