"""The URL fetcher serves files inside the project and refuses everything else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from booklet.paginate.fetcher import RootedFetcher


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "project"
    root.mkdir()
    (root / "ok.css").write_text("p { color: black }", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("CANARY", encoding="utf-8")
    os.symlink(outside, root / "link.txt")
    return root, outside


def test_serves_files_inside_the_roots(tree: tuple[Path, Path]) -> None:
    root, _ = tree
    fetcher = RootedFetcher((root,))
    response = fetcher.fetch((root / "ok.css").as_uri())
    assert b"color" in response.read()
    assert fetcher.refused == []


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "https://example.org/logo.png",
    "ftp://example.org/x",
    "file:///dev/urandom",
])
def test_refuses_outside_and_network(tree: tuple[Path, Path], url: str) -> None:
    root, _ = tree
    fetcher = RootedFetcher((root,))
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert [r.url for r in fetcher.refused] == [url]


def test_refuses_dotdot_and_symlink_escapes(tree: tuple[Path, Path]) -> None:
    root, outside = tree
    fetcher = RootedFetcher((root,))
    for url in (f"{root.as_uri()}/../{outside.name}", (root / "link.txt").as_uri()):
        with pytest.raises(ValueError, match="outside"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 2


def test_caps_resource_size(tree: tuple[Path, Path]) -> None:
    root, _ = tree
    (root / "big.png").write_bytes(b"0" * 2_000_001)
    fetcher = RootedFetcher((root,), max_bytes=2_000_000)
    with pytest.raises(ValueError, match="larger than"):
        fetcher.fetch((root / "big.png").as_uri())
