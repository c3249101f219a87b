"""Font families and each locale's font stack (styles/fonts.yml), resolved to font files."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from booklet.errors import ContentError
from booklet.model import Problem, SourceLocation

if TYPE_CHECKING:
    from booklet.fields import FieldReader

FONTS_FILE = "fonts.yml"
_WEIGHTS = (400, 700)


@dataclass(frozen=True)
class FontFile:
    """One face of a font: its file, and its index inside a collection (.ttc)."""

    path: Path
    index: int = 0
    weight: int = 400


@dataclass(frozen=True)
class FontFamily:
    """A family of the stack: bundled files, or a font installed by a system package."""

    name: str
    files: tuple[FontFile, ...]
    system_package: str | None
    location: SourceLocation


@dataclass(frozen=True)
class FontStack:
    """The families an edition's text is drawn with, first choice first."""

    families: tuple[FontFamily, ...]
    key: str = "default"
    """The entry of `stacks:` in fonts.yml this stack comes from."""

    def merged(self, other: FontStack) -> FontStack:
        """This stack followed by the families of `other` it does not have yet."""
        names = {family.name for family in self.families}
        return FontStack(self.families + tuple(f for f in other.families if f.name not in names),
                         self.key)

    def font_face_css(self) -> str:
        """@font-face rules for the bundled families (absolute file URLs)."""
        rules = []
        for family in self.families:
            if family.system_package:
                continue  # installed fonts are found by name, through fontconfig
            for font in family.files:
                rules.append(f'@font-face {{ font-family: "{family.name}"; '
                             f'src: url("{font.path.as_uri()}"); '
                             f"font-weight: {font.weight}; font-style: normal; }}")
        return "\n".join(rules)


@dataclass(frozen=True)
class EditionFonts:
    """The font stacks of an edition: its own, and the source locale's for fallback text."""

    edition: FontStack
    source: FontStack

    @property
    def all(self) -> FontStack:
        """Every family the document may use."""
        return self.edition.merged(self.source)


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
    from booklet.fields import FieldReader, raise_if_problems  # YAML: laying out needs none
    from booklet.sourcefile import read_text
    from booklet.yamlfile import LineDict, parse_mapping

    path = styles_dir / FONTS_FILE
    problems: list[Problem] = []
    top = FieldReader(parse_mapping(read_text(path), SourceLocation(path, 1)), path, problems,
                      FONTS_FILE)
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


def undeclared_fonts(pdf: Any, stack: FontStack) -> list[Problem]:
    """Fonts embedded in the (pikepdf) PDF that are not in `stack` (text fell back to a
    system font, for example characters generated by CSS such as list numbering)."""
    declared = tuple(family.name.replace(" ", "-") for family in stack.families)
    found: set[str] = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        for font in fonts.values() if fonts is not None else ():
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
            if name and not name.startswith(declared):
                found.add(name)
    return [Problem(stack.families[0].location if stack.families else None,
                    f"text was drawn with the undeclared font '{name}'",
                    "a character is not in the edition's fonts (CSS-generated text such as "
                    "list numbering?); use characters the declared fonts have")
            for name in sorted(found)]
