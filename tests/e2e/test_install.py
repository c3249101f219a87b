"""`pip install .` (a wheel, not an editable install) gives a working `booklet build`: the
templates, styles and fonts are package data."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pypdf

from tests.helpers import CONTENT, PROJECT_ROOT, Pdf


def test_a_wheel_install_builds_the_booklet(tmp_path: Path, default_pdf: Pdf) -> None:
    source = tmp_path / "source"  # a clean copy: setuptools reuses a build/ folder it finds
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "booklet", "templates", "styles"):
        copy = shutil.copytree if (PROJECT_ROOT / name).is_dir() else shutil.copy
        copy(PROJECT_ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(wheels), str(source)],
                   check=True, capture_output=True)
    [wheel] = wheels.glob("booklet-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True).stdout.strip())
    # The pinned dependencies come from the project's environment (its .pth hooks, among them
    # the editable booklet, are not run from a path listed here); booklet itself from the wheel.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    out = tmp_path / "out"
    done = subprocess.run(
        [str(python), "-m", "booklet", "build", "--content", str(CONTENT), "--out", str(out)],
        capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # The font checksums and the languages' data are package data too: no font is unchecked.
    assert "fonts.lock" not in done.stderr, done.stderr
    for name in ("fonts.lock", "languages.yml"):
        assert (site / "booklet/theme/styles" / name).is_file(), name
    where = subprocess.run([str(python), "-c", "import booklet, booklet.options as o; "
                            "print(booklet.__file__); print(o.DEFAULT_THEME.templates_dir)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path).stdout
    assert str(site) in where, where
    assert str(PROJECT_ROOT) not in where, where
    # The program's UI catalogs are package data (page labels of every edition's language).
    installed = sorted(p.name for p in (site / "booklet/theme/templates/locale").glob("*.po"))
    assert installed == sorted(p.name for p in (PROJECT_ROOT / "templates/locale").glob("*.po"))
    assert len(installed) == 44
    built = pypdf.PdfReader(out / default_pdf.path.name)
    assert [page.extract_text() for page in built.pages] == [
        page.extract_text() for page in default_pdf.reader.pages]
