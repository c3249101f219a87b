"""Font families and each locale's font stack (styles/fonts.yml), resolved to font files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.model import EditionFonts, FontFamily, FontFile, FontStack

if TYPE_CHECKING:
    from booklet.load.fields import FieldReader

FONTS_FILE = "fonts.yml"
_WEIGHTS = (400, 700)


def load_edition_fonts(styles_dir: Path, locale: str, source_locale: str) -> EditionFonts:
    """The stacks of `locale` and of the source locale (see load_font_stack)."""
    return EditionFonts(load_font_stack(styles_dir, locale),
                        load_font_stack(styles_dir, source_locale))


def load_font_stack(styles_dir: Path, locale: str) -> FontStack:
    """The font stack of `locale`, every font file found.

    Raises:
        ContentError: fonts.yml is invalid, a bundled file is missing, or a system font is
            not installed (naming the package that installs it).
    """
    # Imported here: YAML is not needed to lay out.
    from booklet.load.fields import FieldReader, raise_if_problems, read_fields
    from booklet.load.yamlfile import LineDict

    path = styles_dir / FONTS_FILE
    problems: list[Problem] = []
    top = read_fields(path, FONTS_FILE, problems)
    top.reject_unknown(("families", "stacks"))
    families_data = top.mapping("families")
    stacks = top.mapping("stacks")
    raise_if_problems(problems)
    language = locale.split("-")[0]
    key = next((k for k in (locale, language) if k in stacks.data), "default")
    names = stacks.strings(key)
    families = []
    for name in names:
        if name not in families_data.data:
            problems.append(Problem(stacks.location(key), f"font family '{name}' is not declared",
                                    "add it under 'families'"))
            continue
        entry = families_data.data[name]
        if not isinstance(entry, LineDict):
            problems.append(Problem(families_data.location(name), f"'{name}' must be a mapping"))
            continue
        families.append(_family(name, FieldReader(entry, path, problems, f"font '{name}'"),
                                styles_dir, problems))
    raise_if_problems(problems)
    return FontStack(tuple(families), key)


def _family(name: str, fields: FieldReader, styles_dir: Path,
            problems: list[Problem]) -> FontFamily:
    fields.reject_unknown(("files", "system"))
    where = fields.location()
    if "system" in fields.data:
        package = fields.get("system", str)
        return FontFamily(name, (_system_font(name, package, where),), package, where)
    files = []
    for weight, relative in zip(_WEIGHTS, fields.strings("files"), strict=False):
        font = (styles_dir / relative).resolve()
        if not font.is_file():
            problems.append(Problem(fields.location("files"), f"font file '{relative}' not found",
                                    "add the file under styles/ or correct fonts.yml"))
        files.append(FontFile(font, 0, weight))
    return FontFamily(name, tuple(files), None, where)


def _system_font(name: str, package: str, where: SourceLocation) -> FontFile:
    """Find an installed font by family name with fontconfig (fc-match)."""
    hint = f"install it with: apt-get install -y {package}"
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise ContentError(where, f"cannot look up font '{name}': fc-match is not installed",
                           "apt-get install -y fontconfig")
    done = subprocess.run([fc_match, "-f", "%{file}\t%{index}\t%{family}", name],  # noqa: S603
                          capture_output=True, text=True, check=False)
    file, _, rest = done.stdout.partition("\t")
    index, _, families = rest.partition("\t")
    if done.returncode or name not in families.split(","):
        raise ContentError(where, f"font '{name}' is not installed", hint)
    return FontFile(Path(file), int(index or 0))


