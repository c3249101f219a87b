"""Font families and each language's font stack (styles/fonts.yml, a content folder's own
fonts.yml over it), resolved to font files and checked against styles/fonts.lock."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.locales import resolve
from booklet.render.fontlock import lock_warnings
from booklet.typefaces import EditionFonts, FontFamily, FontFile, FontStack

if TYPE_CHECKING:
    from booklet.load.fields import FieldReader

FONTS_FILE = "fonts.yml"
_WEIGHTS = (400, 700)
_STYLES = {"Regular": 400, "Bold": 700}


def load_edition_fonts(styles_dir: Path, locale: str, source_locale: str,
                       content_dir: Path | None = None) -> EditionFonts:
    """The stacks of `locale` and of the source locale (see load_font_stack), with a warning
    for each font file that is not the one recorded in fonts.lock."""
    edition = load_font_stack(styles_dir, locale, content_dir)
    source = load_font_stack(styles_dir, source_locale, content_dir)
    return EditionFonts(edition, source, lock_warnings(styles_dir, edition.merged(source)))


def load_font_stack(styles_dir: Path, locale: str, content_dir: Path | None = None) -> FontStack:
    """The font stack of `locale`, every font file found.

    The stack is the first of the locale's tag, its language's tag ('zh-Hant' for 'zh-TW') and
    its language's stack name (styles/languages.yml) found in the content folder's fonts.yml,
    then in styles/fonts.yml; else `default`.

    Raises:
        ContentError: a fonts.yml is invalid, a bundled file is missing, or a system font is
            not installed (naming the package that installs it).
    """
    language = resolve(locale)
    return load_stack(styles_dir, (locale, language.tag, language.fonts, "default"), content_dir)


def load_stack(styles_dir: Path, keys: tuple[str, ...],
               content_dir: Path | None = None) -> FontStack:
    """The first stack of `keys` declared (the content folder's fonts.yml first), resolved.

    Raises:
        ContentError: as load_font_stack.
    """
    from booklet.load.fields import FieldReader, raise_if_problems
    from booklet.load.yamlfile import LineDict

    problems: list[Problem] = []
    layers = [(styles_dir, *_read(styles_dir / FONTS_FILE, problems))]
    own = content_dir / FONTS_FILE if content_dir is not None else None
    if own is not None and own.is_file():
        layers.insert(0, (own.parent, *_read(own, problems, optional=True)))
    raise_if_problems(problems)
    stacks, key = next(((stacks, key) for key in dict.fromkeys(keys) for _, _, stacks in layers
                        if key in stacks.data), (layers[-1][2], "default"))
    families = []
    for name in stacks.strings(key):
        found = next(((folder, declared) for folder, declared, _ in layers
                      if name in declared.data), None)
        if found is None:
            problems.append(Problem(stacks.location(key), f"font family '{name}' is not declared",
                                    "add it under 'families'"))
            continue
        folder, declared = found
        entry = declared.data[name]
        if not isinstance(entry, LineDict):
            problems.append(Problem(declared.location(name), f"'{name}' must be a mapping"))
            continue
        families.append(_family(name, FieldReader(entry, declared.path, problems,
                                                  f"font '{name}'"), folder, problems))
    raise_if_problems(problems)
    return FontStack(tuple(families), key)


def stack_names(styles_dir: Path) -> tuple[str, ...]:
    """The names of the stacks declared in styles/fonts.yml."""
    problems: list[Problem] = []
    return tuple(_read(styles_dir / FONTS_FILE, problems)[1].data)


def _read(path: Path, problems: list[Problem],
          optional: bool = False) -> tuple[FieldReader, FieldReader]:
    """The `families` and `stacks` of one fonts.yml (`optional`: either may be left out, as
    in a content folder's)."""
    from booklet.load.fields import FieldReader, read_fields
    from booklet.load.yamlfile import empty_mapping

    top = read_fields(path, FONTS_FILE, problems)
    top.reject_unknown(("families", "stacks"))
    families, stacks = (FieldReader(empty_mapping(top.data.line), path, problems, f"'{key}'")
                        if optional and key not in top.data else top.mapping(key)
                        for key in ("families", "stacks"))
    return families, stacks


def _family(name: str, fields: FieldReader, folder: Path,
            problems: list[Problem]) -> FontFamily:
    fields.reject_unknown(("files", "system"))
    where = fields.location()
    if "system" in fields.data:
        package = fields.get("system", str)
        return FontFamily(name, _system_files(name, package, where), package, where)
    files = []
    for weight, relative in zip(_WEIGHTS, fields.strings("files"), strict=False):
        font = (folder / relative).resolve()
        if not font.is_file():
            problems.append(Problem(fields.location("files"), f"font file '{relative}' not found",
                                    f"add the file under {folder.name}/ or correct fonts.yml"))
        files.append(FontFile(font, 0, weight))
    return FontFamily(name, tuple(files), None, where)


def _system_files(name: str, package: str, where: SourceLocation) -> tuple[FontFile, ...]:
    """The regular and bold faces of an installed family, found by name with fontconfig
    (fc-list; by style name, as some packaged fonts give their bold face a regular weight)."""
    hint = f"install it with: apt-get install -y {package} (or: make system-check)"
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise ContentError(where, f"cannot look up font '{name}': fc-list is not installed",
                           "apt-get install -y fontconfig")
    done = subprocess.run([fc_list, "-f", "%{file}\t%{index}\t%{family}\t%{style}\n",  # noqa: S603
                           name], capture_output=True, text=True, check=False)
    faces: dict[int, FontFile] = {}
    for line in sorted(done.stdout.splitlines()):
        file, index, families, styles = [*line.split("\t"), "", "", ""][:4]
        weight = next((_STYLES[s] for s in styles.split(",") if s in _STYLES), None)
        if name in families.split(",") and weight is not None and weight not in faces:
            faces[weight] = FontFile(Path(file), int(index or 0), weight)
    if 400 not in faces:
        raise ContentError(where, f"font '{name}' is not installed", hint)
    return tuple(faces[weight] for weight in sorted(faces))
