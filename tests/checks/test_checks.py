"""`booklet check`: one fixture per rule that triggers it, a clean fixture that triggers none,
the JSON against its schema, and the exit codes of --strict and --release."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from booklet.cli import main
from booklet.diagnostics import Severity
from booklet.model import Theme
from booklet.options import DEFAULT_THEME, PROJECT_ROOT, BuildOptions
from booklet.pipeline import check_edition
from tests.helpers import FIXTURES, add_locales, append_file, edit_file

CLEAN = FIXTURES / "clean"
SCHEMA = json.loads((PROJECT_ROOT / "booklet" / "schemas" / "findings.schema.json").read_text())
TODAY = dt.date(2026, 6, 1)
SECTION = "en/10-your-tablets.md"


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    target = tmp_path / "clean"
    shutil.copytree(CLEAN, target)
    return target


def rules(content: Path, locale: str = "en", theme: Theme = DEFAULT_THEME,
          today: dt.date = TODAY, variant: str = "standard") -> dict[str, Severity]:
    report = check_edition(BuildOptions(content_dir=content, locale=locale, theme=theme,
                                        today=today, variant=variant))
    found: dict[str, Severity] = {}
    for finding in report.findings:
        found[finding.rule] = max(found.get(finding.rule, finding.severity), finding.severity)
    return found


def theme_with_css(tmp_path: Path, css: str) -> Theme:
    styles = tmp_path / "styles"
    shutil.copytree(DEFAULT_THEME.styles_dir, styles)
    with (styles / "booklet.css").open("a") as sheet:
        sheet.write("\n" + css + "\n")
    return Theme(DEFAULT_THEME.templates_dir, styles)


def test_clean_fixture_triggers_nothing(clean: Path) -> None:
    assert rules(clean) == {}


Change = Callable[[Path], None]
CONTENT_RULES: dict[str, tuple[Change, Severity]] = {
    "STRUCT-HEADING-LEVEL": (lambda c: append_file(c / SECTION, "\n#### Deep\n\nText here.\n"),
                             Severity.WARNING),
    "STRUCT-EMPTY-HEADING": (lambda c: append_file(c / SECTION, "\n## Nothing after\n"),
                             Severity.WARNING),
    "STRUCT-BROKEN-LINK": (lambda c: append_file(c / SECTION, "\nSee [this part](#nowhere).\n"),
                           Severity.ERROR),
    "STRUCT-IMAGE-ALT": (lambda c: (shutil.copy(PROJECT_ROOT / "content" / "clinics" /
                                                "riverside-logo.svg", c / "en" / "pic.svg"),
                                    append_file(c / SECTION, "\n![](pic.svg)\n")), Severity.ERROR),
    "STRUCT-TABLE-HEADER": (lambda c: append_file(c / SECTION,
                                             "\n<table><tr><td>a</td></tr></table>\n"),
                            Severity.ERROR),
    "STRUCT-EMPTY-SECTION": (lambda c: (c / "en" / "20-empty.md").write_text(
        "---\ntitle: Empty\norder: 20\n---\n\n## Only a heading\n"), Severity.ERROR),
    "READ-GRADE": (lambda c: append_file(c / SECTION, "\n" + "Comprehensive multidisciplinary "
                   "coordination necessitates sophisticated administrative infrastructure and "
                   "considerable institutional investment. " * 8 + "\n"), Severity.WARNING),
    "PLAIN-LONG-SENTENCE": (lambda c: append_file(c / SECTION, "\n" + "Take it and " * 10 +
                                             "rest.\n"), Severity.WARNING),
    "PLAIN-ACRONYM": (lambda c: append_file(c / SECTION, "\nAsk about the PICC line.\n"),
                      Severity.WARNING),
    "PLAIN-NUMBERS": (lambda c: append_file(c / SECTION, "\nIt helps 40% of people.\n"),
                      Severity.INFO),
    "STRUCT-RAW-SYNTAX": (lambda c: append_file(c / SECTION, "\nA note.[^1]\n"),
                          Severity.WARNING),
    "STRUCT-HTTP-SOURCE": (lambda c: edit_file(c / "booklet.yml", "url: https://medlineplus",
                                               "url: http://medlineplus"), Severity.WARNING),
    "LAYOUT-TABLE-STACKED": (lambda c: ((c / "en" / "wide.csv").write_text(
        "a,b,c,d,e,f\n1,2,3,4,5,6\n"), append_file(c / SECTION, "\n::: table wide\n")),
        Severity.INFO),
    "PROV-REVIEW": (lambda c: None, Severity.ERROR),  # with a later 'today', below
    "LAYOUT-PAGE-BUDGET": (lambda c: append_file(c / "booklet.yml", "").__class__ and
                           edit_file(c / "booklet.yml", "page_budget: 8", "page_budget: 4"),
                           Severity.WARNING),
    "LAYOUT-BACK-COVER": (lambda c: edit_file(c / "booklet.yml",
                                             "Talk to your care team about you.",
                                             "Talk to your care team. " * 60),
                          Severity.ERROR),
}


@pytest.mark.parametrize("rule", sorted(CONTENT_RULES))
def test_rule_triggers(rule: str, clean: Path) -> None:
    change, severity = CONTENT_RULES[rule]
    change(clean)
    today = dt.date(2027, 2, 1) if rule == "PROV-REVIEW" else TODAY
    found = rules(clean, today=today)
    assert found.get(rule) == severity, found


def test_review_due_soon_is_a_warning(clean: Path) -> None:
    assert rules(clean, today=dt.date(2026, 12, 1)) == {"PROV-REVIEW": Severity.WARNING}


def test_severity_override_in_metadata(clean: Path) -> None:
    CONTENT_RULES["PLAIN-ACRONYM"][0](clean)
    append_file(clean / "booklet.yml", "  severity:\n    PLAIN-ACRONYM: off\n")
    assert rules(clean) == {}


def test_layout_rules_from_the_styles(clean: Path, tmp_path: Path) -> None:
    small = theme_with_css(tmp_path / "a", "p { font-size: 9pt; }")
    assert rules(clean, theme=small).get("LAYOUT-BODY-SIZE") == Severity.ERROR
    wrong = theme_with_css(tmp_path / "b", '.contents a::after { content: " 99"; }')
    assert rules(clean, theme=wrong).get("LAYOUT-CONTENTS") == Severity.ERROR


def test_large_print_needs_16pt(clean: Path, tmp_path: Path) -> None:
    theme = theme_with_css(tmp_path, ".variant-check { }")
    styles = theme.styles_dir / "variant" / "large-print.css"
    styles.write_text(styles.read_text().replace("font-size: 18pt", "font-size: 14pt"))
    assert rules(clean, theme=theme, variant="large-print").get("LAYOUT-BODY-SIZE") \
        == Severity.ERROR


def test_heading_alone_at_the_bottom_of_a_page(clean: Path, tmp_path: Path) -> None:
    theme = theme_with_css(tmp_path, "h2 { break-after: auto !important; }")
    section = clean / SECTION
    base = section.read_text(encoding="utf-8")
    for lines in range(10, 40):  # move a heading down until it is the last line of a page
        section.write_text(base + "\n" + "\n\n".join(["Line."] * lines) +
                           "\n\n## Stranded\n\nText.\n", encoding="utf-8")
        if "LAYOUT-HEADING-ALONE" in rules(clean, theme=theme):
            return
    pytest.fail("no layout put the heading last on a page")


def test_translation_rules(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    add_locales(content, "ar")
    found = rules(content, locale="ar")
    assert found["TRANS-FALLBACK"] == Severity.WARNING  # 3 of 6 sections translated
    assert found["TRANS-UNREVIEWED"] == Severity.WARNING
    assert found["READ-NOT-SCORED"] == Severity.INFO
    edit_file(content / "en" / "10-what-is-metastatic-breast-cancer.md", "bones, liver",
             "bones, the liver")
    assert rules(content, locale="ar")["TRANS-OUTDATED"] == Severity.WARNING


def test_spanish_is_scored_with_spanish_formulas() -> None:
    report = check_edition(BuildOptions(locale="es", today=TODAY))
    names = {name for score in report.scores for name, _ in score.measures}
    assert names == {"Fernandez-Huerta", "INFLESZ"}


def test_pdf_metadata_rule(clean: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_THEME.templates_dir, templates)
    edit_file(templates / "booklet.html.j2", '<meta name="booklet-next-review"', '<meta name="x"')
    theme = Theme(templates, DEFAULT_THEME.styles_dir)
    assert rules(clean, theme=theme).get("PROV-PDF-METADATA") == Severity.ERROR


def test_json_output_matches_its_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", "--today", "2026-06-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SCHEMA)
    assert [e["edition"] for e in data["editions"]] == ["metastatic-breast-cancer.en",
                                                        "metastatic-breast-cancer.es"]
    assert data["editions"][0]["readability"]


def test_exit_codes(clean: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--content", str(clean)]
    assert main(["check", *args, "--today", "2026-06-01"]) == 0
    assert main(["check", *args, "--today", "2026-12-01"]) == 0  # a warning
    assert main(["check", *args, "--today", "2026-12-01", "--strict"]) == 1
    assert main(["check", *args, "--today", "2027-02-01"]) == 1  # an error
    capsys.readouterr()
    out = str(tmp_path / "out")
    CONTENT_RULES["STRUCT-BROKEN-LINK"][0](clean)  # an error-level rule: no PDF
    assert main(["build", *args, "--out", out, "--today", "2026-06-01"]) == 1
    assert "STRUCT-BROKEN-LINK" in capsys.readouterr().err
    assert not list(Path(out).glob("*.pdf"))


def test_release_refuses_blocking_warnings(clean: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    edit_file(clean / "booklet.yml", "page_budget: 8", "page_budget: 4")  # LAYOUT warning
    args = ["build", "--content", str(clean), "--out", str(tmp_path), "--today", "2026-06-01"]
    assert main(args) == 0
    assert "LAYOUT-PAGE-BUDGET" in capsys.readouterr().err
    assert main([*args, "--release"]) == 1
    assert "LAYOUT-PAGE-BUDGET" in capsys.readouterr().err
