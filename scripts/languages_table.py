"""README's table of supported languages, made from styles/languages.yml, styles/fonts.yml and
the program's UI catalogs (templates/locale/<tag>.po). `--write` puts it into README.md;
tests/i18n/test_languages.py fails when README's table differs."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- languages table: written by `python scripts/languages_table.py --write` -->"
END = "<!-- end of languages table -->"
_STATE = re.compile(r'^"X-Booklet-Translation:\s*(.*?)\\n"\s*$', re.MULTILINE)


def catalog_state(tag: str, root: Path = ROOT) -> str:
    """The program catalog's translation state (its X-Booklet-Translation header), or 'none'
    (English is the language the templates are written in: it needs no catalog)."""
    if tag == "en":
        return "the templates' own language"
    catalog = root / "templates" / "locale" / f"{tag}.po"
    if not catalog.is_file():
        return "none"
    found = _STATE.search(catalog.read_text(encoding="utf-8"))
    return found.group(1).strip() if found else "no state given"


def table(root: Path = ROOT) -> str:
    """The Markdown table, one row per supported language."""
    from babel import Locale

    languages = yaml.safe_load((root / "styles" / "languages.yml").read_text("utf-8"))
    fonts = yaml.safe_load((root / "styles" / "fonts.yml").read_text("utf-8"))
    english = Locale("en")
    # A family of every stack (the signs fallback) is named once, under the table.
    everywhere = set.intersection(*(set(stack) for stack in fonts["stacks"].values()))
    rows = ["| tag | language | script | direction | fonts | readability | UI catalog |",
            "|---|---|---|---|---|---|---|"]
    for tag, entry in languages["languages"].items():
        name = Locale.parse(tag.replace("-", "_")).get_display_name("en") or tag
        stacks = [entry["fonts"], *(entry.get("regions") or {}).values()]
        shown = []
        for stack in dict.fromkeys(stacks):
            families = ", ".join(_family(f, fonts["families"][f]) for f in fonts["stacks"][stack]
                                 if f not in everywhere)
            regions = [r for r, s in (entry.get("regions") or {}).items() if s == stack]
            shown.append(f"{'-'.join(regions)}: {families}" if regions else families)
        script = english.scripts.get(entry["script"], entry["script"])
        rows.append(f"| `{tag}` | {name} | {script} ({entry['script']}) | {entry['direction']} "
                    f"| {'; '.join(shown)} | {entry['readability']} | {catalog_state(tag, root)} |")
    if everywhere:
        rows.append(f"\nEvery stack ends with {', '.join(sorted(everywhere))} (signs the text "
                    "fonts lack, no letters).")
    return "\n".join(rows)


def _family(name: str, entry: dict[str, object]) -> str:
    return f"{name} ({entry['system']})" if "system" in entry else f"{name} (bundled)"


def readme_with_table(readme: str, root: Path = ROOT) -> str:
    """README's text with the table between its markers replaced."""
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[:start] + "\n" + table(root) + "\n" + readme[end:]


def main(argv: list[str]) -> int:
    """Print the table, or with --write put it into README.md."""
    if argv[1:] == ["--write"]:
        path = ROOT / "README.md"
        path.write_text(readme_with_table(path.read_text("utf-8")), encoding="utf-8")
        return 0
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
