"""Where the project's templates and styles live (the package's sibling folders)."""

from __future__ import annotations

from pathlib import Path

from booklet.model import Theme

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_THEME = Theme(templates_dir=PROJECT_ROOT / "templates", styles_dir=PROJECT_ROOT / "styles")
