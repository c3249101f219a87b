"""Where a build's sources come from: the last git commit touching content, templates, styles."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from booklet.model import Commit, Theme


def last_commit(content_dir: Path, theme: Theme) -> Commit | None:
    """The latest commit that touched the content, the templates or the styles.

    None when the content folder is not in a git checkout (or git is not installed), or
    when the checkout is shallow and its history stops before that commit (`shallow_clone`
    says so): then nothing names the sources' version. Uncommitted changes are not seen.
    """
    commits = [_last_commit_of(folder) for folder in
               (content_dir, theme.templates_dir, theme.styles_dir)]
    if commits[0] is None:
        return None
    return max((c for c in commits if c is not None), key=lambda c: (c.epoch, c.sha))


def source_date_epoch(content_dir: Path, theme: Theme) -> int | None:
    """The commit time of the last commit touching the sources, for SOURCE_DATE_EPOCH.

    None outside git.
    """
    commit = last_commit(content_dir, theme)
    return commit.epoch if commit else None


def shallow_clone(content_dir: Path) -> bool:
    """Whether `content_dir` is in a shallow git clone (`git clone --depth`): there, the
    oldest commit of the history holds every file, so it would pass for the last change."""
    return _git(content_dir, "rev-parse", "--is-shallow-repository") == "true"


def _last_commit_of(folder: Path) -> Commit | None:
    """`git log -1 --format='%H %ct' -- .` run in `folder`, or None (also when the commit
    found is where a shallow clone's history is cut off: the real one may be older)."""
    fields = (_git(folder, "log", "-1", "--format=%H %ct", "--", ".") or "").split()
    if len(fields) != 2 or not fields[1].isdigit():
        return None
    if fields[0] in _shallow_boundary(folder):
        return None
    return Commit(fields[0], int(fields[1]))


def _shallow_boundary(folder: Path) -> set[str]:
    """The commits whose parents a shallow clone does not have (empty in a full clone)."""
    name = _git(folder, "rev-parse", "--path-format=absolute", "--git-path", "shallow")
    try:
        return set(Path(name).read_text(encoding="ascii").split()) if name else set()
    except (OSError, UnicodeDecodeError):
        return set()


def _git(folder: Path, *args: str) -> str | None:
    """The output of `git ARGS` run in `folder`, stripped; None if it fails or git is
    missing."""
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return None
    done = subprocess.run([git, *args], cwd=folder, capture_output=True,  # noqa: S603
                          text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None
