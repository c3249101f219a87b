"""Skip editions whose inputs have not changed: a fingerprint of every input per output.

The fingerprint covers the content files the edition reads, the templates, the styles and
fonts (bundled or installed), the clinic file, the build options and the versions of booklet,
WeasyPrint and Python. A record beside the outputs stores it with the outputs' checksums, so a
changed, deleted or replaced output is rebuilt too. Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
from dataclasses import dataclass
from importlib import metadata as package_metadata
from pathlib import Path

from booklet.model import Metadata
from booklet.options import BuildOptions
from booklet.output import write_atomic

CACHE_DIR = ".booklet-cache"
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


def fingerprint(options: BuildOptions, meta: Metadata) -> str:
    """A hash of everything that can change this edition's outputs."""
    digest = hashlib.sha256()
    locale = options.locale or meta.source_locale
    content = options.content_dir
    files = [content / "booklet.yml", *sorted((content / meta.source_locale).rglob("*"))]
    if locale != meta.source_locale:
        files += sorted((content / locale).rglob("*"))
    files += sorted(options.theme.templates_dir.rglob("*"))
    files += sorted(options.theme.styles_dir.rglob("*"))
    clinic = options.clinic or (content / meta.clinic if meta.clinic else None)
    if clinic is not None:
        files += sorted(clinic.parent.rglob("*"))
    for path in files:
        if path.is_file() and not path.name.endswith(".mo"):
            digest.update(str(path.relative_to(path.anchor)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    settings = dataclasses.asdict(dataclasses.replace(options, today=None))
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    digest.update(_versions().encode())
    digest.update(_system_fonts().encode())
    return digest.hexdigest()


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


def remember(options: BuildOptions, meta: Metadata, print_: str, outputs: list[Path],
             messages: list[str], pages: int) -> None:
    """Record a successful build."""
    record = {"fingerprint": print_, "messages": messages, "pages": pages,
              "outputs": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in outputs}}
    write_atomic(options.out_dir / CACHE_DIR / f"{output_stem(options, meta)}.json",
                 json.dumps(record, indent=1, sort_keys=True).encode())


def _read(path: Path) -> CacheRecord | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return CacheRecord(str(data["fingerprint"]), dict(data["outputs"]),
                           list(data["messages"]), int(data["pages"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _versions() -> str:
    versions = [platform.python_version()]
    for name in _VERSIONED:
        try:
            versions.append(f"{name}={package_metadata.version(name)}")
        except package_metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return ";".join(versions)


def _system_fonts() -> str:
    """Installed fonts the stacks name (Noto CJK): their files' sizes and times."""
    folder = Path("/usr/share/fonts/opentype/noto")
    if not folder.is_dir():
        return ""
    return ";".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                    for p in sorted(folder.glob("NotoSansCJK*")))

