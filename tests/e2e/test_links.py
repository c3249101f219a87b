"""Links in content: to another section's file they become internal links; any other link
without an allowed scheme is reported at file:line and printed as plain text, never as a
file:// link that carries the build machine's paths (red-team report, row 33)."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from tests.helpers import Pdf, append_file, run_cli

LINKS = ("\nSee [the treatment section](20-how-treatment-works.md), [notes](secret.txt), "
         "[p](/etc/passwd), [s](//evil.example/x), <a href=\"/etc/group\">group</a>, "
         "[a missing one](25-nothing.md), [web](https://www.cancer.gov/) and "
         "[the top](#conclusion).\n")


def annotations(path: Path) -> list[dict[str, str]]:
    found = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                found.append({"page": str(number),
                              "uri": str(action.get("/URI", "")) if action is not None else "",
                              "dest": str(annot.get("/Dest", "")) if "/Dest" in annot else ""})
    return found


def test_links_without_a_scheme_are_reported_and_never_become_file_links(
        content_copy: Path, tmp_path: Path) -> None:
    section = content_copy / "en" / "60-conclusion.md"
    line = len(section.read_text(encoding="utf-8").splitlines()) + 2
    append_file(section, LINKS)
    (content_copy / "secret.txt").write_text("not for the PDF\n", encoding="utf-8")
    code, _, err = run_cli("build", "--content", str(content_copy), "--out", str(tmp_path))
    assert code == 0, err
    assert "Traceback" not in err
    for target in ("secret.txt", "/etc/passwd", "//evil.example/x", "/etc/group",
                   "25-nothing.md"):
        assert f"warning: {section}:{line}: link to '{target}' printed as plain text" in err, err
    assert "link to '20-how-treatment-works.md'" not in err
    pdf = tmp_path / "metastatic-breast-cancer.en.pdf"
    uris = [a["uri"] for a in annotations(pdf)]
    assert "https://www.cancer.gov/" in uris
    assert not [u for u in uris if u and not u.startswith(("https:", "http:", "mailto:", "tel:"))]
    assert str(content_copy) not in pdf.read_bytes().decode("latin-1")
    text = Pdf(pdf).pages_text
    [conclusion] = Pdf(pdf).pages_with("Managing metastatic breast cancer")
    for words in ("the treatment section", "notes", "group", "a missing one"):
        assert words in text[conclusion - 1].replace("\n", " ")


def test_a_link_to_a_section_file_goes_to_that_section(content_copy: Path,
                                                        tmp_path: Path) -> None:
    append_file(content_copy / "en" / "60-conclusion.md", LINKS)
    code, _, err = run_cli("build", "--content", str(content_copy), "--out", str(tmp_path))
    assert code == 0, err
    pdf = Pdf(tmp_path / "metastatic-breast-cancer.en.pdf")
    treatment = pdf.pages_with("How Advanced Breast Cancer Treatment Works")[1]  # after contents
    conclusion = pdf.pages_with("Managing metastatic breast cancer")[0]
    reader = pdf.reader
    targets = set()
    for annot in reader.pages[conclusion - 1].get("/Annots", []):
        annot = annot.get_object()
        dest = annot.get("/Dest")
        if dest is None and "/A" in annot and annot["/A"].get("/S") == "/GoTo":
            dest = annot["/A"]["/D"]
        if dest is not None:
            named = reader.named_destinations.get(str(dest)) if isinstance(dest, str) else None
            page_ref = named.page if named is not None else dest[0]
            page = page_ref.get_object() if hasattr(page_ref, "get_object") else page_ref
            targets.add(reader.get_page_number(page) + 1)
    assert treatment in targets, (targets, treatment)
    assert conclusion in targets  # [the top](#conclusion)
