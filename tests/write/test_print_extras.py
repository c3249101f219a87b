"""Print extras for print shops (issue 16 point 6): the cover panel's 3 mm bleed, --marks on
the imposed sheets (bleed, crop and fold marks; off by default), and font subset names unique
per file. Read with pikepdf and from pixels rendered by poppler."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from booklet.model import BuildResult
from tests.helpers import CONTENT, build, run_cli

MM = 72 / 25.4
TEAL = (0x0B, 0x4F, 0x6C)  # the cover panel (styles/booklet.css --accent)


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    out = tmp_path_factory.mktemp("marks")
    return {"plain": build(CONTENT, out / "plain", impose=True),
            "marks": build(CONTENT, out / "marks", impose=True, marks=True)}


def boxes(path: Path) -> tuple[list[float], list[float], list[float]]:
    """MediaBox, TrimBox, BleedBox of the first page (TrimBox and BleedBox default to the
    MediaBox)."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0].obj
        media = [float(v) for v in page.MediaBox]
        trim = [float(v) for v in page.get("/TrimBox", page.MediaBox)]
        bleed = [float(v) for v in page.get("/BleedBox", page.MediaBox)]
        return media, trim, bleed


def pixel(path: Path, tmp_path: Path, x_pt: float, y_pt: float) -> tuple[int, int, int]:
    """The colour of sheet side 1 at (x, y) in points from its bottom left, at 72 dpi."""
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "side")], check=True)
    (png,) = tmp_path.glob("side*.png")
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        value: tuple[int, int, int] = rgb.getpixel((int(x_pt), rgb.height - 1 - int(y_pt)))
    png.unlink()
    return value


def near(colour: tuple[int, int, int], other: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(colour, other, strict=True))


def test_imposed_sheets_have_no_marks_by_default(sheets: dict[str, BuildResult]) -> None:
    assert sheets["plain"].imposed is not None
    media, trim, bleed = boxes(sheets["plain"].imposed)
    assert media == trim == bleed
    assert media[2] == pytest.approx(2 * 148 * MM, abs=0.1)  # two A5 pages on A4
    assert media[3] == pytest.approx(210 * MM, abs=0.1)


def test_marks_add_bleed_and_crop_marks_around_the_trim(sheets: dict[str, BuildResult],
                                                         tmp_path: Path) -> None:
    path = sheets["marks"].imposed
    assert path is not None
    media, trim, bleed = boxes(path)
    assert trim == pytest.approx([12 * MM, 12 * MM, 12 * MM + 2 * 148 * MM, 12 * MM + 210 * MM],
                                 abs=0.01)
    assert bleed == pytest.approx([trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM,
                                   trim[3] + 3 * MM], abs=0.01)
    assert media == pytest.approx([0, 0, trim[2] + 12 * MM, trim[3] + 12 * MM], abs=0.01)
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            data = page.obj.Contents.read_bytes()
            assert data.count(b" l\n") == 8 + 2  # two lines at each corner, two fold marks
    # Sheet side 1: the back cover on the left, the cover on the right. The cover's panel
    # runs past the trim at the top right into the bleed, and stops at the bleed's edge.
    right, top = trim[2], trim[3]
    assert near(pixel(path, tmp_path, right - 2 * MM, top - 2 * MM), TEAL)  # inside the trim
    assert near(pixel(path, tmp_path, right + 1.5 * MM, top + 1.5 * MM), TEAL)  # the bleed
    assert near(pixel(path, tmp_path, right + 5 * MM, top - 5 * MM), (255, 255, 255))
    # The plain sheets end at the trim: the panel's bleed is cut off there.
    assert sheets["plain"].imposed is not None
    assert near(pixel(sheets["plain"].imposed, tmp_path, 2 * 148 * MM - 1, 210 * MM - 1), TEAL)


def test_cover_panel_is_marked_as_bleed_and_passes_the_layout_check(
        sheets: dict[str, BuildResult]) -> None:
    result = sheets["marks"]
    assert not [f for f in result.findings if f.rule == "LAYOUT-OVERFLOW"]
    with pikepdf.open(result.pdf) as pdf:  # the booklet itself stays at its trim size
        assert [float(v) for v in pdf.pages[0].obj.MediaBox] == pytest.approx(
            [0, 0, 148 * MM, 210 * MM], abs=0.01)
        cover = pdf.pages[0].obj.Contents.read_bytes()
    bleed = f"{-3 * 96 / 25.4:.6f} {-3 * 96 / 25.4:.6f}".encode()  # CSS px, before the scale
    assert re.search(re.escape(bleed) + rb" [\d.]+ [\d.]+ re\nf", cover)  # the panel's fill


def test_marks_need_impose(tmp_path: Path) -> None:
    code, _, err = run_cli("build", "--marks", "--out", str(tmp_path))
    assert code == 2
    assert err == "error: --marks is for imposed sheets; give --impose too\n"


def test_font_subset_names_differ_between_files(tmp_path: Path,
                                                sheets: dict[str, BuildResult]) -> None:
    """WeasyPrint named the subsets of every edition alike (JCZLPB+Atkinson-Hyperlegible-Bold
    in en, es and ar, with different glyphs in each)."""
    others = [build(CONTENT, tmp_path, locale=locale, variant=variant).pdf
              for locale in ("en", "es") for variant in ("standard", "large-print")]
    names: dict[str, str] = {}
    for path in others:
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                    name = str(obj.FontName).lstrip("/")
                    assert re.fullmatch(r"[A-Z]{6}\+Atkinson-Hyperlegible(-Bold)?", name)
                    assert name not in names, (name, names.get(name), path.name)
                    names[name] = path.name
    assert len(names) == 4 * 2  # regular and bold in each of the four editions
    assert sheets["plain"].pdf.read_bytes() == sheets["marks"].pdf.read_bytes()  # same input
