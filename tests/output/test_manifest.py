"""Release files on real builds: manifest.json (schema, files), SHA256SUMS, index.html, the CI
workflow, the source date from git, and reproducible bytes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
import yaml
from pypdf import PdfReader

from booklet.load import load_booklet_metadata
from booklet.model import Theme
from booklet.options import DEFAULT_THEME, PROJECT_ROOT
from booklet.output.git import last_commit, shallow_clone, source_date_epoch
from booklet.output.release import write_manifest
from booklet.write.impose import impose
from tests.helpers import CONTENT, build, run_cli

SCHEMA = PROJECT_ROOT / "booklet" / "schemas" / "manifest.schema.json"
WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "booklet.yml"
SLUG = "metastatic-breast-cancer"
#: The content's commit date: later than any commit of the project's templates and styles, so
#: that it is the sources' last commit.
COMMIT_DATE = "2099-01-01T00:00:00Z"  # git takes no later year
COMMIT_EPOCH = 4070908800
RELEASE_OPTIONS = ("--impose", "--variant", "standard", "--variant", "large-print")


def git(folder: Path, *args: str, date: str = COMMIT_DATE) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          cwd=folder, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture(scope="session")
def release_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content in a git repository of its own, committed at COMMIT_DATE, with the
    Spanish conclusion missing (a fallback) and an English section changed since it was
    translated (outdated), so that the Spanish edition has warnings."""
    content = tmp_path_factory.mktemp("release-content") / "content"
    shutil.copytree(CONTENT, content)
    (content / "es" / "60-conclusion.md").unlink()
    source = content / "en" / "50-prognosis-and-life-expectancy.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "cannot predict individual outcomes", "cannot predict any one person's outcome"),
        encoding="utf-8")
    git(content, "init", "-q")
    git(content, "add", "-A")
    git(content, "commit", "-q", "-m", "content")
    return content


@pytest.fixture(scope="session")
def parts(release_content: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One build per locale, as the CI matrix does: both variants and imposed sheets."""
    root = tmp_path_factory.mktemp("parts")
    folders = {}
    for locale in ("en", "es"):
        code, out, err = run_cli("build", "--content", str(release_content), "--locale", locale,
                             *RELEASE_OPTIONS, "--out", str(root / locale))
        assert code == 0, err
        for name in ("manifest.json", "index.html", "SHA256SUMS"):
            assert f"wrote {root / locale / name}\n" in out
        folders[locale] = root / locale
    return folders


@pytest.fixture(scope="session")
def release(parts: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The parts gathered into one release, as the CI's last job does."""
    out = tmp_path_factory.mktemp("release")
    code, _, err = run_cli("manifest", str(parts["en"]), str(parts["es"]), "--out", str(out))
    assert code == 0, err
    return out


def manifest_of(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data


def files_of(folder: Path) -> list[dict[str, object]]:
    files = manifest_of(folder)["files"]
    assert isinstance(files, list)
    return files


def test_manifest_validates_against_its_schema(release: Path, parts: dict[str, Path]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator
    validator.check_schema(schema)
    for folder in (release, *parts.values()):
        validator(schema, format_checker=validator.FORMAT_CHECKER).validate(manifest_of(folder))


def test_schema_rejects_a_wrong_manifest(release: Path) -> None:
    """The schema is strict enough to catch a missing checksum or an unknown state."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    manifest = manifest_of(release)
    files = manifest["files"]
    assert isinstance(files, list)
    del files[0]["sha256"]
    files[1]["translation"]["state"] = "unknown"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(manifest))
    assert len(errors) == 2


def test_manifest_matches_the_files(release: Path) -> None:
    files = files_of(release)
    assert sorted(str(f["file"]) for f in files) == sorted(p.name for p in release.glob("*.pdf"))
    for entry in files:
        path = release / str(entry["file"])
        data = path.read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["pages"] == len(PdfReader(path).pages)


def test_manifest_lists_every_edition_and_its_imposed_sheets(release: Path) -> None:
    kinds = {(f["locale"], f["variant"], f["imposed_of"] is not None): f["file"]
             for f in files_of(release)}
    for locale in ("en", "es"):
        assert kinds[(locale, "standard", False)] == f"{SLUG}.{locale}.pdf"
        assert kinds[(locale, "standard", True)] == f"{SLUG}.{locale}.imposed.pdf"
        assert kinds[(locale, "large-print", False)] == f"{SLUG}.{locale}.large-print.pdf"
        assert kinds[(locale, "large-print", True)] == f"{SLUG}.{locale}.large-print.imposed.pdf"
    assert len(kinds) == 8
    by_name = {f["file"]: f for f in files_of(release)}
    for entry in by_name.values():
        if entry["imposed_of"]:
            booklet = by_name[entry["imposed_of"]]
            assert (booklet["locale"], booklet["variant"]) == (entry["locale"], entry["variant"])
            assert entry["pages"] == (booklet["pages"] + 3) // 4 * 2  # sheet sides, padded
    assert [f["file"] for f in files_of(release)][:2] == [f"{SLUG}.en.pdf",
                                                           f"{SLUG}.en.imposed.pdf"]


def test_manifest_records_dates_translation_findings_and_source(
        release: Path, release_content: Path) -> None:
    manifest = manifest_of(release)
    head = git(release_content, "rev-parse", "HEAD")
    assert manifest["source"] == {"commit": head, "date": COMMIT_DATE,
                                  "date_epoch": COMMIT_EPOCH}
    meta = load_booklet_metadata(release_content)
    assert manifest["booklet"] == {"slug": SLUG, "title": meta.title, "version": meta.version}
    by_name = {f["file"]: f for f in files_of(release)}
    for entry in by_name.values():
        assert entry["source_commit"] == head
        assert (entry["published"], entry["last_reviewed"], entry["next_review"]) == (
            meta.published.isoformat(), meta.last_reviewed.isoformat(),
            meta.next_review.isoformat())
    en, es = by_name[f"{SLUG}.en.pdf"], by_name[f"{SLUG}.es.pdf"]
    assert (en["paper"], by_name[f"{SLUG}.en.large-print.pdf"]["paper"]) == ("a5", "a4")
    assert en["translation"]["state"] == "source"
    assert en["findings"] == {"warnings": 0, "lines": []}
    assert es["language"] == {"name": "Spanish", "native": "español"}
    assert es["title"] == "Cáncer de mama metastásico"
    translation = es["translation"]
    assert (translation["state"], translation["method"]) == ("draft", "machine-assisted")
    assert translation["reviewed_by"] is None
    assert translation["fallback_sections"] == ["Conclusion"]
    assert translation["outdated_sections"] == ["Comprender el pronóstico y la esperanza de vida"]
    findings = es["findings"]
    assert findings["warnings"] == len(findings["lines"]) >= 2
    assert any("60-conclusion.md" in line and "TRANS-FALLBACK" in line
               for line in findings["lines"])
    assert any("50-prognosis" in line and "TRANS-OUTDATED" in line
               for line in findings["lines"])


def test_sha256sums_verifies_every_file(release: Path, parts: dict[str, Path]) -> None:
    for folder in (release, *parts.values()):
        done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=folder,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        checked = {line.rsplit(": ", 1)[0] for line in done.stdout.splitlines()}
        assert checked == {p.name for p in folder.iterdir() if p.is_file()} - {"SHA256SUMS"}


def test_sha256sums_catches_a_changed_file(release: Path, tmp_path: Path) -> None:
    copy = tmp_path / "release"
    shutil.copytree(release, copy)
    pdf = copy / f"{SLUG}.es.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 1
    pdf.write_bytes(bytes(data))
    done = subprocess.run(["sha256sum", "--check", "SHA256SUMS"], cwd=copy, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 1
    assert f"{SLUG}.es.pdf: FAILED" in done.stdout


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value for name, value in attrs if name in ("href", "src") and value]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_index(folder: Path) -> _Links:
    parser = _Links()
    parser.feed((folder / "index.html").read_text(encoding="utf-8"))
    return parser


def test_every_link_in_the_index_resolves(release: Path) -> None:
    index = parse_index(release)
    assert index.links
    for link in index.links:
        parts = urlsplit(link)
        assert not parts.scheme, link
        assert not parts.netloc, link
        assert not parts.path.startswith("/"), link
        target = (release / unquote(parts.path)).resolve()
        assert target.parent == release.resolve(), link
        assert target.is_file(), link
    linked = {unquote(link) for link in index.links}
    assert {str(f["file"]) for f in files_of(release)} | {"manifest.json", "SHA256SUMS"} <= linked


def test_index_lists_what_each_edition_is(release: Path) -> None:
    text = " ".join("".join(parse_index(release).text).split())
    for expected in ("Spanish (español) es", "English en", "large-print", "imposed sheets of",
                     "draft (not reviewed)", "source language", "Conclusion", "2027-11-26",
                     "sha256sum -c SHA256SUMS", "A5", "A4"):
        assert expected in text, expected
    for entry in files_of(release):
        assert f"{entry['file']} {str(entry['sha256'])[:16]}" in text


def test_index_escapes_what_it_shows(tmp_path: Path) -> None:
    """Titles and warnings come from content: the index shows them as text, never as HTML."""
    entry = {
        "file": "x.es.pdf", "locale": "es", "title": "T", "variant": "standard",
        "language": {"name": "Spanish", "native": "español"}, "imposed_of": None,
        "paper": "a5", "pages": 1, "bytes": 5, "sha256": hashlib.sha256(b"%PDF-").hexdigest(),
        "source_commit": None, "published": "2026-01-01", "last_reviewed": "2026-01-01",
        "next_review": "2027-01-01",
        "translation": {"state": "draft", "method": "human", "translated_by": None,
                        "reviewed_by": None, "reviewed_on": None, "outdated_sections": [],
                        "fallback_sections": ["<script>alert(1)</script>"]},
        "findings": {"warnings": 1, "lines": ['a.md:1: "<b>" & more']},
    }
    manifest = {"manifest_version": 1, "source": {"commit": None, "date": None,
                                                  "date_epoch": None},
                "booklet": {"slug": "x", "title": "Tom & <Jerry>", "version": "1"},
                "files": [entry]}
    (tmp_path / "x.es.pdf").write_bytes(b"%PDF-")
    write_manifest(tmp_path, manifest, DEFAULT_THEME)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Tom &amp; &lt;Jerry&gt;" in html
    assert "&#34;&lt;b&gt;&#34; &amp; more" in html


def test_two_builds_give_the_same_bytes(release: Path, release_content: Path,
                                        tmp_path: Path) -> None:
    """A second build of every edition, in another process with another hash seed and its
    own SOURCE_DATE_EPOCH, gives the same files, manifest and checksums as the per-locale
    builds gathered into the release."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env |= {"PYTHONHASHSEED": "12345", "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run([sys.executable, "-m", "booklet", "build", "--content",
                           str(release_content), "--all", *RELEASE_OPTIONS, "--out",
                           str(tmp_path)], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "SHA256SUMS").read_text() == (release / "SHA256SUMS").read_text()
    for name in ("manifest.json", "index.html"):
        assert (tmp_path / name).read_bytes() == (release / name).read_bytes(), name


def test_imposing_twice_gives_the_same_bytes() -> None:
    from tests.write.test_print import numbered_pdf

    pdf = numbered_pdf(8)
    assert impose(pdf) == impose(pdf)


def test_one_edition_writes_no_release_files(release_content: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("build", "--content", str(release_content), "--out", str(tmp_path))
    assert code == 0, err
    assert "manifest" not in out
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [f"{SLUG}.en.pdf"]


def test_gather_refuses_a_file_that_changed(parts: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "es"
    shutil.copytree(parts["es"], copy)
    pdf = copy / f"{SLUG}.es.large-print.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n")
    code, _, err = run_cli("manifest", str(parts["en"]), str(copy), "--out", str(tmp_path / "r"))
    assert code == 1
    assert err == f"error: {pdf}: file does not match {copy / 'manifest.json'}; it changed " \
                  "after the build; build again\n"
    assert not (tmp_path / "r").exists()


def test_gather_refuses_builds_of_different_sources(parts: dict[str, Path],
                                                    tmp_path: Path) -> None:
    copy = tmp_path / "es"
    shutil.copytree(parts["es"], copy)
    manifest = manifest_of(copy)
    manifest["source"] = {"commit": "0" * 40, "date": COMMIT_DATE, "date_epoch": COMMIT_EPOCH}
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, _, err = run_cli("manifest", str(parts["en"]), str(copy), "--out", str(tmp_path / "r"))
    assert code == 1
    assert "'source' differs from" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not a valid manifest: Expecting property name"),
    ('{"manifest_version": 7}', "not a booklet manifest of version 1"),
    ('{"manifest_version": 1, "booklet": {}, "source": {}, "files": [{"file": "../x.pdf"}]}',
     "not a valid manifest: "),
])
def test_gather_reports_a_bad_manifest_in_one_line(tmp_path: Path, text: str,
                                                   message: str) -> None:
    (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    code, _, err = run_cli("manifest", str(tmp_path), "--out", str(tmp_path / "r"))
    assert code == 1
    assert err.startswith(f"error: {tmp_path / 'manifest.json'}: {message}")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_gather_of_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run_cli("manifest", str(tmp_path / "nope"))
    assert code == 2
    assert err == f"error: no such folder: '{tmp_path / 'nope'}'; give folders written by " \
                  "'booklet build'\n"


def actionlint() -> str:
    """The actionlint of the environment running the tests (requirements.txt installs it)."""
    found = shutil.which("actionlint", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    assert found, "actionlint is not installed: pip install -r requirements.txt"
    return found


def test_workflow_passes_actionlint() -> None:
    done = subprocess.run([actionlint(), "-no-color", str(WORKFLOW.relative_to(PROJECT_ROOT))],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace(
        "editions-${{ matrix.locale }}", "editions-${{ matrix.language }}"), encoding="utf-8")
    done = subprocess.run([actionlint(), "-no-color", str(broken)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 1
    assert 'property "language" is not defined' in done.stdout


def test_workflow_builds_every_locale_and_publishes_the_release_files() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert jobs["editions"]["strategy"]["matrix"]["locale"] == list(
        load_booklet_metadata(CONTENT).locales)
    steps = " ".join(str(step.get("run", "")) + str(step.get("with", ""))
                     for step in jobs["release"]["steps"])
    assert "booklet manifest parts/editions-*" in steps
    assert "booklets-${{ steps.sha.outputs.short }}" in steps
    assert "sha256sum --check SHA256SUMS" in steps
    publish = " ".join(str(step.get("run", "")) for step in jobs["publish"]["steps"])
    assert "gh release upload" in publish
    assert set(workflow[True]) == {"push", "pull_request"}  # YAML 1.1 reads 'on' as true
    assert workflow[True]["push"]["tags"] == ["v*"]


def test_workflow_gives_write_permission_only_to_publishing_a_tag() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {}
    writers = {name: job for name, job in workflow["jobs"].items()
               if "write" in job.get("permissions", {}).values()}
    assert set(writers) == {"publish"}
    assert writers["publish"]["permissions"] == {"contents": "write"}
    assert writers["publish"]["if"] == "startsWith(github.ref, 'refs/tags/v')"
    for name, job in workflow["jobs"].items():
        if name != "publish":
            assert job["permissions"] == {"contents": "read"}, name


def test_workflow_pins_every_action_to_a_commit() -> None:
    uses = [line.split("uses:", 1)[1].split()[0]
            for path in (WORKFLOW, PROJECT_ROOT / ".github" / "actions" / "setup" / "action.yml")
            for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    remote = [use for use in uses if not use.startswith("./")]
    assert len(remote) >= 8
    for use in remote:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use), use


def zizmor() -> str:
    """The zizmor of the environment running the tests (requirements.txt pins it)."""
    found = shutil.which("zizmor", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    assert found, "zizmor is not installed: pip install -r requirements.txt"
    return found


def test_workflow_passes_zizmor() -> None:
    done = subprocess.run([zizmor(), "--offline", "--no-progress", ".github/"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def test_zizmor_catches_an_unpinned_action(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "booklet.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v6",
                             WORKFLOW.read_text(encoding="utf-8")), encoding="utf-8")
    done = subprocess.run([zizmor(), "--offline", "--no-progress", str(broken)],
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "unpinned-uses" in done.stdout


def test_release_files_name_no_folder_of_the_build_machine(
        parts: dict[str, Path], release: Path, release_content: Path) -> None:
    """--content and --out were absolute paths: the release files name files by the
    content folder's own name."""
    for folder in (*parts.values(), release):
        for name in ("manifest.json", "index.html", "SHA256SUMS"):
            text = (folder / name).read_text(encoding="utf-8")
            assert str(release_content.parent) not in text, (folder, name)
            assert str(folder.parent) not in text, (folder, name)
    lines = [line for entry in files_of(parts["es"])
             for line in entry["findings"]["lines"]]  # type: ignore[index]
    assert any(line.startswith("content/es/") for line in lines), lines


def _repo_with_sources(root: Path) -> Theme:
    """A git repository with content/, templates/ and styles/, each committed separately."""
    for name in ("content", "templates", "styles"):
        (root / name).mkdir(parents=True)
        (root / name / "file.txt").write_text(name, encoding="utf-8")
    git(root, "init", "-q")
    for name, date in (("templates", "2030-01-01T00:00:00Z"), ("content", "2031-01-01T00:00:00Z"),
                       ("styles", "2030-06-01T00:00:00Z")):
        git(root, "add", name, date=date)
        git(root, "commit", "-q", "-m", name, date=date)
    return Theme(templates_dir=root / "templates", styles_dir=root / "styles")


def test_source_date_is_the_last_commit_touching_the_sources(tmp_path: Path) -> None:
    theme = _repo_with_sources(tmp_path)
    assert source_date_epoch(tmp_path / "content", theme) == 1924992000  # 2031-01-01
    (tmp_path / "styles" / "file.txt").write_text("changed", encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "styles", date="2032-01-01T00:00:00Z")
    commit = last_commit(tmp_path / "content", theme)
    assert commit is not None
    assert commit.epoch == 1956528000  # 2032-01-01: a change of the styles counts
    assert commit.sha == git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / "README").write_text("not a source", encoding="utf-8")
    git(tmp_path, "add", "README")
    git(tmp_path, "commit", "-q", "-m", "other", date="2033-01-01T00:00:00Z")
    assert source_date_epoch(tmp_path / "content", theme) == 1956528000  # other files do not


def test_no_source_date_outside_git(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    assert source_date_epoch(content, DEFAULT_THEME) is None
    assert last_commit(content, DEFAULT_THEME) is None


def test_build_leaves_source_date_epoch_as_it_was(release_content: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # restored after the test
    build(release_content, tmp_path, locale="en")
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234")
    build(release_content, tmp_path, locale="en")
    assert os.environ["SOURCE_DATE_EPOCH"] == "1234"


def test_shallow_clone_records_the_source_commit_as_unknown(tmp_path: Path) -> None:
    theme = _repo_with_sources(tmp_path / "repo")
    (tmp_path / "repo" / "README").write_text("not a source", encoding="utf-8")
    git(tmp_path / "repo", "add", "README")
    git(tmp_path / "repo", "commit", "-q", "-m", "other", date="2033-01-01T00:00:00Z")
    full = last_commit(tmp_path / "repo" / "content", theme)
    assert full is not None
    assert full.epoch == 1924992000  # 2031-01-01, the content's commit
    # the history: templates, content, styles, other. Cut after 1, 2 or 3 commits, its
    # oldest commit ("other", "styles", "content") would pass for the content's last change:
    # git cannot tell whether that commit changed the content. With 4 the content's own
    # commit has its parent.
    for depth in (1, 2, 3, 4):
        clone = tmp_path / f"depth-{depth}"
        git(tmp_path, "clone", "-q", "--depth", str(depth), f"file://{tmp_path / 'repo'}",
            str(clone))
        assert shallow_clone(clone / "content")
        theme = Theme(templates_dir=clone / "templates", styles_dir=clone / "styles")
        assert last_commit(clone / "content", theme) == (full if depth == 4 else None), depth
    assert not shallow_clone(tmp_path / "repo" / "content")


def test_build_in_a_shallow_clone_warns_and_names_no_commit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "content")
    (repo / "README").write_text("not a source", encoding="utf-8")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", "other")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    code, _, err = run_cli("build", "--content", str(clone / "content"), "--locale", "en",
                           "--variant", "standard", "--variant", "large-print",
                           "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert "the source commit is unknown (a shallow git clone's history" in err
    manifest = manifest_of(tmp_path / "out")
    assert manifest["source"] == {"commit": None, "date": None, "date_epoch": None}
    assert {entry["source_commit"] for entry in files_of(tmp_path / "out")} == {None}
