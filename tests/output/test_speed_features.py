"""Build cache, parallel builds and watch: what must hold, whatever the timing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from booklet.cli import main
from booklet.options import DEFAULT_THEME, PROJECT_ROOT
from tests.helpers import CONTENT, run_cli

EDITIONS = ["metastatic-breast-cancer.en.pdf", "metastatic-breast-cancer.es.pdf"]


def build_all(content: Path, out: Path, capsys: pytest.CaptureFixture[str],
              *extra: str) -> tuple[set[str], set[str]]:
    """Run `build --all`; return the PDF names written and those found up to date."""
    code, text, err = run_cli("build", "--all", "--content", str(content), "--out", str(out),
                              *extra)
    assert code == 0, err
    wrote = set(re.findall(r"^wrote \S+/([^/\s]+\.pdf) \(", text, re.MULTILINE))
    kept = set(re.findall(r"^up to date: \S+/([^/\s]+\.pdf)$", text, re.MULTILINE))
    return wrote, kept


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A content copy and an output folder."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content, tmp_path / "out"


def test_cache_rebuilds_exactly_the_affected_editions(project: tuple[Path, Path],
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    content, out = project
    assert build_all(content, out, capsys) == (set(EDITIONS), set())
    assert build_all(content, out, capsys) == (set(), set(EDITIONS))  # nothing changed
    # a translated section: only its edition
    section = content / "es" / "60-conclusion.md"
    section.write_text(section.read_text() + "\nUna frase más.\n", encoding="utf-8")
    assert build_all(content, out, capsys) == ({EDITIONS[1]}, {EDITIONS[0]})
    # a source section and the metadata: every edition
    source = content / "en" / "60-conclusion.md"
    source.write_text(source.read_text() + "\nOne more sentence.\n", encoding="utf-8")
    assert build_all(content, out, capsys)[0] == set(EDITIONS)
    meta = content / "booklet.yml"
    meta.write_text(meta.read_text().replace('version: "1.0"', 'version: "1.1"'))
    assert build_all(content, out, capsys)[0] == set(EDITIONS)
    # an option: every edition; --force: every edition
    assert build_all(content, out, capsys, "--paper", "a4")[0] == set(EDITIONS)
    assert build_all(content, out, capsys, "--paper", "a4", "--force")[0] == set(EDITIONS)
    # a deleted or edited output is rebuilt
    (out / EDITIONS[0]).write_bytes(b"%PDF-1.7 tampered")
    assert build_all(content, out, capsys, "--paper", "a4") == ({EDITIONS[0]}, {EDITIONS[1]})


@pytest.mark.parametrize("kind", ["template", "stylesheet", "font", "fonts.yml", "clinic"])
def test_fingerprint_sees_every_kind_of_input(project: tuple[Path, Path], kind: str,
                                               tmp_path: Path) -> None:
    """The CLI rebuilds when the fingerprint changes (above); here each theme input moves it."""
    from booklet.load import load_booklet_metadata
    from booklet.model import Theme
    from booklet.options import BuildOptions
    from booklet.output.cache import fingerprint

    content, out = project
    templates, styles = tmp_path / "templates", tmp_path / "styles"
    shutil.copytree(DEFAULT_THEME.templates_dir, templates)
    shutil.copytree(DEFAULT_THEME.styles_dir, styles)
    options = BuildOptions(content_dir=content, out_dir=out, theme=Theme(templates, styles),
                           clinic=content / "clinics" / "riverside.yml")
    meta = load_booklet_metadata(content)
    before = {locale: fingerprint(replace(options, locale=locale), meta) for locale in ("en", "es")}
    target = {"template": templates / "cover.html.j2", "stylesheet": styles / "booklet.css",
              "font": styles / "fonts" / "AtkinsonHyperlegible-Bold.ttf",
              "fonts.yml": styles / "fonts.yml",
              "clinic": content / "clinics" / "riverside-logo.svg"}[kind]
    with target.open("ab") as handle:
        handle.write(b"\n")
    after = {locale: fingerprint(replace(options, locale=locale), meta) for locale in ("en", "es")}
    assert before["en"] != after["en"]
    assert before["es"] != after["es"]


def test_no_op_rebuild_does_not_import_weasyprint(tmp_path: Path) -> None:
    code = ("import sys; from booklet.cli import main; "
            f"main(['build', '--out', {str(tmp_path)!r}]); "
            f"main(['build', '--out', {str(tmp_path)!r}])")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT_ROOT,
                   capture_output=True)
    probe = ("import sys; from booklet.cli import main; "
             f"main(['build', '--out', {str(tmp_path)!r}]); "
             "print('weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], check=True, cwd=PROJECT_ROOT,
                          capture_output=True, text=True)
    assert done.stdout.splitlines() == [
        f"up to date: {tmp_path}/metastatic-breast-cancer.en.pdf", "False"]


def test_parallel_and_serial_builds_give_the_same_bytes(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    for jobs, out in (("1", tmp_path / "serial"), ("2", tmp_path / "parallel")):
        assert main(["build", "--all", "--impose", "--variant", "standard", "--variant",
                     "large-print", "--jobs", jobs, "--out", str(out)]) == 0
    capsys.readouterr()
    serial = sorted(p.name for p in (tmp_path / "serial").glob("*.pdf"))
    assert len(serial) == 8
    for name in serial:
        assert (tmp_path / "serial" / name).read_bytes() == \
            (tmp_path / "parallel" / name).read_bytes(), name


def test_an_edition_with_an_error_does_not_stop_the_others(project: tuple[Path, Path],
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    content, out = project
    (content / "es" / "providers.csv").write_text("id,Proveedor\nmayo\n", encoding="utf-8")
    assert main(["build", "--all", "--content", str(content), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "1 of 2 editions failed" in err
    assert (out / EDITIONS[0]).is_file()
    assert not (out / EDITIONS[1]).exists()


def test_watch_rebuilds_after_a_change(project: tuple[Path, Path]) -> None:
    content, out = project
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    watcher = subprocess.Popen([sys.executable, "-m", "booklet", "watch", "--content",
                                str(content), "--out", str(out)], cwd=PROJECT_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    pdf = out / EDITIONS[0]
    try:
        _wait_for(lambda: pdf.is_file(), 60)
        time.sleep(1)
        before = pdf.read_bytes()
        section = content / "en" / "60-conclusion.md"
        section.write_text(section.read_text() + "\nA new last sentence.\n", encoding="utf-8")
        _wait_for(lambda: pdf.read_bytes() != before, 30)
        section.write_text("broken: no front matter\n", encoding="utf-8")  # an error...
        time.sleep(2)
        assert watcher.poll() is None  # ...and it keeps watching
    finally:
        watcher.terminate()
        output = watcher.communicate(timeout=30)[0]
    assert "watching" in output
    assert "error: " in output
    assert "Traceback" not in output


def _wait_for(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    pytest.fail("timed out")


def test_cache_sees_shared_content_and_stays_per_locale(project: tuple[Path, Path],
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    content, out = project
    images = content / "images"
    images.mkdir()
    (images / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" '
                                    'height="9"><rect width="9" height="9" fill="red"/></svg>')
    section = content / "en" / "60-conclusion.md"
    section.write_text(section.read_text() + "\n![A red square](../images/pic.svg)\n")
    build_all(content, out, capsys)
    (images / "pic.svg").write_text((images / "pic.svg").read_text().replace("red", "blue"))
    assert build_all(content, out, capsys)[0] == set(EDITIONS)  # a shared file: every edition


def test_release_is_checked_again_on_a_cached_build(project: tuple[Path, Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    content, out = project
    args = ["build", "--content", str(content), "--out", str(out), "--release"]
    assert main([*args, "--today", "2027-01-01"]) == 0
    assert main([*args, "--today", "2027-01-01"]) == 0  # up to date
    assert "up to date" in capsys.readouterr().out
    assert main([*args, "--today", "2027-10-15"]) == 1  # review due in 42 days: blocks release
    assert "PROV-REVIEW" in capsys.readouterr().err


def test_watch_refuses_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "--content", str(tmp_path / "nope")]) == 2
    assert main(["watch", "--locale", "xx"]) == 2
    assert "unknown locale 'xx'" in capsys.readouterr().err
