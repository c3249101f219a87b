"""Font types passed between the stages: faces, families, stacks, an edition's fonts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation


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

    @property
    def by_name(self) -> bool:
        """Found by WeasyPrint through fontconfig by its name (faces of a font collection, which
        @font-face cannot pick out), rather than loaded from its files with @font-face."""
        return any(font.path.suffix.lower() in (".ttc", ".otc") for font in self.files)

    @property
    def css_name(self) -> str:
        """The family name in the CSS and the PDF. An installed family loaded from its files
        gets a name of its own, so fontconfig cannot swap in another face of the same name."""
        return f"booklet {self.name}" if self.system_package and not self.by_name else self.name

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
            if family.by_name:
                continue  # faces of a collection are found by name, through fontconfig
            for font in family.files:
                rules.append(f'@font-face {{ font-family: "{family.css_name}"; '
                             f'src: url("{font.path.as_uri()}"); '
                             f"font-weight: {font.weight}; font-style: normal; }}")
        return "\n".join(rules)

@dataclass(frozen=True)
class EditionFonts:
    """The font stacks of an edition: its own, and the source locale's for fallback text."""

    edition: FontStack
    source: FontStack
    warnings: tuple[Problem, ...] = ()
    """Font files that differ from the ones recorded in fonts.lock."""

    @property
    def all(self) -> FontStack:
        """Every family the document may use."""
        return self.edition.merged(self.source)
