"""Make styles/fonts/BookletSigns-Regular.ttf: the typographic and medical signs the text
fonts lack, subset from Debian's fonts-noto-core (SIL OFL 1.1) and merged into one family.

Run: .venv/bin/python scripts/make_signs_font.py (needs fonts-noto-core installed).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
#: Source file -> the characters taken from it.
PARTS = {
    # hyphen, non-breaking hyphen, triangular bullet, hyphen bullet
    "NotoSans-Regular.ttf": "\u2010\u2011\u2023\u2043",
    # minus, less/greater or equal, arrows, plus-minus, times, divide, infinity, approx, not equal
    "NotoSansMath-Regular.ttf": "\u2212\u2264\u2265\u2192\u2190\u2191\u2193\u00b1\u00d7"
                                "\u00f7\u221e\u2248\u2260",
    # white bullet, small squares, squares, circles, check marks, crosses
    "NotoSansSymbols2-Regular.ttf": "\u25e6\u25aa\u25ab\u25a0\u25a1\u25cb\u25cf\u2713\u2714"
                                    "\u2717\u2718",
}
FAMILY = "Booklet Signs"
OUT = Path(__file__).resolve().parent.parent / "styles" / "fonts" / "BookletSigns-Regular.ttf"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for name, chars in PARTS.items():
            font = TTFont(NOTO / name)
            options = subset.Options()
            options.layout_features = ["*"]
            options.name_IDs = ["*"]
            options.notdef_outline = True
            options.drop_tables += ["MATH"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(text=chars + " ")
            subsetter.subset(font)
            parts.append(str(Path(tmp) / name))
            font.save(parts[-1])
        merged = Merger().merge(parts)
    names = {1: FAMILY, 16: FAMILY, 4: f"{FAMILY} Regular", 6: "BookletSigns-Regular",
             3: "BookletSigns-Regular; subset of Noto Sans, Noto Sans Math, Noto Sans Symbols 2"}
    for record in merged["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    merged.save(OUT)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
