"""Write styles/fonts.lock: the SHA-256 of every face of every stack of styles/fonts.yml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from booklet.render.fontlock import HEADER, LOCK_FILE, lock_line  # noqa: E402
from booklet.render.fonts import load_stack, stack_names  # noqa: E402


def _package(name: str | None) -> str:
    """'fonts-noto-core 20201225-1' (the installed version when dpkg says), or 'bundled'."""
    if name is None:
        return "bundled"
    dpkg = shutil.which("dpkg-query")
    done = subprocess.run([dpkg, "-W", "-f", "${Version}", name], capture_output=True,  # noqa: S603
                          text=True, check=False) if dpkg else None
    return f"{name} {done.stdout.strip()}" if done and done.returncode == 0 else name


def main() -> int:
    """Write the lock file; print how many faces it records."""
    styles = ROOT / "styles"
    lines: dict[str, str] = {}
    for key in stack_names(styles):
        for family in load_stack(styles, (key,)).families:
            for font in family.files:
                lines[f"{family.name}|{font.weight}"] = lock_line(
                    family, font, _package(family.system_package))
    (styles / LOCK_FILE).write_text(HEADER + "\n".join(sorted(lines.values())) + "\n",
                                    encoding="utf-8")
    print(f"{LOCK_FILE}: {len(lines)} font files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
