"""The sample editions of the language tests, built once a session (tests/samples.py)."""

from __future__ import annotations

import pytest

from booklet.model import BuildResult
from tests.samples import TEXT_LAYER_SCRIPTS, build_samples, languages_under_test


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult | tuple[str, ...]]:
    """Every tested language's sample edition (and the text-layer test's), built in parallel
    once a session: tag -> its result, or the error lines of a failed build."""
    tags = tuple(dict.fromkeys((*languages_under_test(), *languages_under_test(
        TEXT_LAYER_SCRIPTS))))
    return build_samples(tags, tmp_path_factory.mktemp("samples"), save_html=True)

