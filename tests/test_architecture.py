"""The package's shape: imports run one way (command line -> pipeline -> stages -> data types),
with no circles, lazy and TYPE_CHECKING imports included; every module is small and says what
it is for."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "booklet"

#: Floors, lowest first. A module may import from its own floor's packages only when they are
#: the same package (or the root data modules among themselves), and from any floor below.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("booklet.diagnostics", "booklet.locales", "booklet.model", "booklet.errors",
     "booklet.options", "booklet.typefaces"),
    ("booklet.load",),
    ("booklet.render",),
    ("booklet.paginate",),
    ("booklet.write",),
    ("booklet.checks",),
    ("booklet.output",),
    ("booklet.i18n",),
    ("booklet.pipeline",),
    ("booklet.processes",),
    ("booklet.cli",),
    ("booklet.__main__",),  # the command: starts the fork server, then the command line
    ("booklet",),  # the public API (lazy names)
)
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """Every booklet module `path` imports, at the top, in functions or for type checking."""
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent / "x")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                     for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name.startswith("booklet"):
                found.add(name)
    found.discard(module_name(path))
    return found


def floor(name: str) -> tuple[int, str]:
    """The floor of a module and the package it belongs to (the longest prefix listed)."""
    best = (-1, "")
    for level, packages in enumerate(FLOORS):
        for package in packages:
            if (name == package or name.startswith(package + ".")) and len(package) > len(best[1]):
                best = (level, package)
    assert best[0] >= 0, f"{name} is on no floor: add it to FLOORS"
    return best


GRAPH = {name: imports(path, set(modules())) for name, path in modules().items()}


def test_imports_run_one_way() -> None:
    wrong = []
    for name, targets in GRAPH.items():
        level, package = floor(name)
        for target in targets:
            target_level, target_package = floor(target)
            same_room = target_package == package or (level == target_level == 0)
            if target_level > level or (target_level == level and not same_room):
                wrong.append(f"{name} imports {target} (floor {level} -> {target_level})")
    assert not wrong, "\n".join(sorted(wrong))


def test_there_are_no_import_circles() -> None:
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path, 2 finished

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(GRAPH.get(name, ())):
            if state.get(target) == 1:
                circles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert not circles, "\n".join(" -> ".join(circle) for circle in circles)


def test_the_circle_finder_finds_circles() -> None:
    """The check above can fail: a made-up graph with a lazy import back is caught."""
    fake = {"booklet.a": {"booklet.b"}, "booklet.b": {"booklet.a"}}
    saved = dict(GRAPH)
    GRAPH.clear()
    GRAPH.update(fake)
    try:
        with pytest.raises(AssertionError, match=r"booklet\.a -> booklet\.b -> booklet\.a"):
            test_there_are_no_import_circles()
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


def test_processes_are_used_only_by_the_command_line() -> None:
    users = {name for name, targets in GRAPH.items()
             if any(t.startswith("booklet.processes") for t in targets)
             and not name.startswith(("booklet.processes", "booklet.cli", "booklet.__main__"))}
    assert not users


@pytest.mark.parametrize("name", sorted(modules()))
def test_every_module_is_small_and_says_what_it_is_for(name: str) -> None:
    path = modules()[name]
    text = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring, f"{path} has no docstring"
    assert len(text.splitlines()) <= MAX_LINES, f"{path} has over {MAX_LINES} lines"
