"""Where a build's sources come from: the last git commit touching content, templates, styles."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from booklet.model import Commit, Theme


def last_commit(content_dir: Path, theme: Theme) -> Commit | None:
    """The latest commit that touched the content, the templates or the styles.

    None when the content folder is not in a git checkout (or git is not installed):
    then nothing names the sources' version. Uncommitted changes are not seen.
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


def _last_commit_of(folder: Path) -> Commit | None:
    """`git log -1 --format='%H %ct' -- .` run in `folder`, or None."""
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return None
    done = subprocess.run([git, "log", "-1", "--format=%H %ct", "--", "."],  # noqa: S603
                          cwd=folder, capture_output=True, text=True, check=False)
    fields = done.stdout.split()
    if done.returncode != 0 or len(fields) != 2 or not fields[1].isdigit():
        return None
    return Commit(fields[0], int(fields[1]))
