"""The rule registry: it knows every rule id the rule modules report, and an override of a
rule id it does not know is an error at its line of booklet.yml, in `check` and in `build`."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from booklet.checks import rules
from booklet.checks.rules import BY_ID, FAMILIES, RULES, STAGES, blocks_release, checks_of
from booklet.checks.run import runs_content_rules
from booklet.cli import main
from booklet.diagnostics import Finding, Severity, SourceLocation
from booklet.model import Override, Thresholds
from tests.checks.test_checks import CONTENT_RULES
from tests.helpers import FIXTURES

CHECKS_DIR = Path(rules.__file__).parent


def reported_ids() -> dict[str, str]:
    """Rule id -> module, for every `Finding(severity, "RULE-ID", ...)` in the rule modules."""
    found = {}
    for path in sorted(CHECKS_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "Finding" and len(node.args) > 1):
                rule = node.args[1]
                where = f"{path.name}:{node.lineno}: write the rule id out"
                assert isinstance(rule, ast.Constant), where
                assert isinstance(rule.value, str), where
                found[rule.value] = path.name
    return found


def test_the_registry_covers_every_rule_id_the_modules_report() -> None:
    reported = reported_ids()
    assert len(reported) >= 22
    assert sorted(reported) == sorted(BY_ID), "RULES and the rule modules disagree"
    assert len(BY_ID) == len(RULES), "a rule id is registered twice"


def test_rules_belong_to_their_family_and_stage() -> None:
    for rule in RULES:
        assert rule.id.startswith(rule.family.prefix + "-"), rule
        assert rule.family in FAMILIES
        assert rule.stage in STAGES
    assert {f.prefix for f in FAMILIES if f.blocks_release} == {"PROV", "TRANS", "LAYOUT"}
    assert all(checks_of(stage) for stage in STAGES)


@pytest.mark.parametrize("rule", sorted(CONTENT_RULES))
def test_registered_severity_is_the_worst_a_rule_reports(rule: str) -> None:
    assert CONTENT_RULES[rule][1] <= BY_ID[rule].severity


def test_release_blocking_is_a_property_of_the_family() -> None:
    def finding(rule: str, severity: Severity = Severity.WARNING) -> Finding:
        return Finding(severity, rule, "message", "hint")

    assert blocks_release(finding("TRANS-UNREVIEWED"))
    assert blocks_release(finding("LAYOUT-PAGE-BUDGET"))
    assert not blocks_release(finding("PLAIN-ACRONYM"))
    assert not blocks_release(finding("PROV-REVIEW", Severity.INFO))


def test_content_rules_run_in_builds_when_one_is_made_an_error() -> None:
    where = SourceLocation(Path("booklet.yml"), 3)
    assert runs_content_rules(Thresholds(severity=(Override("READ-GRADE", "error", where),)))
    assert not runs_content_rules(Thresholds(severity=(Override("READ-GRADE", "info", where),)))
    assert not runs_content_rules(Thresholds(severity=(Override("STRUCT-IMAGE-ALT", "error",
                                                                where),)))


@pytest.fixture
def misspelt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """The clean fixture as ./content, overriding a misspelt rule; the line it is on."""
    shutil.copytree(FIXTURES / "clean", tmp_path / "content")
    meta = tmp_path / "content" / "booklet.yml"
    text = meta.read_text(encoding="utf-8") + "  severity:\n    PLAIN-NUMBERS: info\n" \
        "    PROV-REVEIW: off\n"
    meta.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return text.count("\n")


@pytest.mark.parametrize("command", [["check"], ["build", "--out", "out"]])
def test_a_misspelt_rule_id_is_an_error_at_its_line(command: list[str], misspelt: int,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*command, "--content", "content", "--today", "2026-06-01"])
    err = capsys.readouterr().err
    assert code == 1
    assert (f"error: content/booklet.yml:{misspelt}: unknown rule 'PROV-REVEIW' in "
            "'severity'; did you mean 'PROV-REVIEW'?") in err.splitlines()
    assert "PLAIN-NUMBERS" not in err
    assert not list(Path("out").glob("*.pdf"))
