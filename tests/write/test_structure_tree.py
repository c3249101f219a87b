"""The structure tree and annotations of real builds, read with pikepdf: the contents page is a
/TOC, every link is one element with one readable annotation, the parent tree matches the tree
(issue 16, points 2-4)."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from booklet.model import BuildResult
from booklet.write.structure import elements, kids
from tests.helpers import CONTENT, Pdf, assert_pdfua_clean, build, pdfua


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """The shipped booklet's standard and large-print editions in English and Spanish."""
    out = tmp_path_factory.mktemp("structure")
    return {f"{locale}-{variant}": build(CONTENT, out, locale=locale, variant=variant)
            for locale in ("en", "es") for variant in ("standard", "large-print")}


def tree_of(path: Path) -> pikepdf.Pdf:
    return pikepdf.open(path)


def objrs(element: pikepdf.Object) -> list[pikepdf.Object]:
    return [kid for kid in kids(element)
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"]


def descendants(element: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found = []
    for kid in kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += [kid, *descendants(kid)]
    return found


def page_of(pdf: pikepdf.Pdf, element: pikepdf.Object) -> int:
    """1-based page of an element."""
    return [page.obj.objgen for page in pdf.pages].index(element.Pg.objgen) + 1


def dest_page(pdf: pikepdf.Pdf, name: str) -> int:
    """1-based page of a named destination."""
    names = list(pdf.Root.Names.Dests.Names)
    targets = dict(zip((str(n) for n in names[::2]), names[1::2], strict=True))
    pages = [page.obj.objgen for page in pdf.pages]
    return pages.index(targets[name][0].objgen) + 1


def marked_text(path: Path, number: int) -> dict[int, str]:
    """MCID -> text on 1-based page `number`, and -1 -> the text of its artifacts."""
    text: dict[int, str] = defaultdict(str)
    with pdfplumber.open(path) as pdf:
        for char in pdf.pages[number - 1].chars:
            mcid = char.get("mcid")
            text[-1 if mcid is None else int(mcid)] += char["text"]
    return text


def test_contents_page_is_a_toc_with_one_item_per_entry(
        editions: dict[str, BuildResult]) -> None:
    with tree_of(editions["en-standard"].pdf) as pdf:
        tocs = [e for e in elements(pdf) if e.S == "/TOC"]
        assert len(tocs) == 1
        items = [kid for kid in kids(tocs[0]) if isinstance(kid, pikepdf.Dictionary)]
        assert [str(item.S) for item in items] == ["/TOCI"] * 7  # 6 sections and Sources
        for item in items:
            links = [e for e in descendants(item) if e.S == "/Link"]
            assert len(links) == 1
            assert len(objrs(links[0])) == 1
        assert all(str(e.S) != "/NonStruct" for e in descendants(tocs[0]))


@pytest.mark.parametrize(("edition", "word"), [("en-standard", "page"),
                                               ("es-standard", "página"),
                                               ("en-large-print", "page")])
def test_contents_links_are_one_annotation_each_with_readable_contents(
        editions: dict[str, BuildResult], edition: str, word: str) -> None:
    path = editions[edition].pdf
    with tree_of(path) as pdf:
        toc = next(e for e in elements(pdf) if e.S == "/TOC")
        page = page_of(pdf, toc)
        annots = list(pdf.pages[page - 1].obj.Annots)
        assert len(annots) == 7  # one tab stop per entry: 21 before
        assert page == 2
        printed = Pdf(path).contents()  # (title, page) as printed, wrapped titles joined
        for annot, (title, number) in zip(annots, printed, strict=True):
            assert dest_page(pdf, str(annot.Dest)) == number
            assert str(annot.Contents) == f"{title}, {word} {number}"
        assert pdf.pages[page - 1].obj.Tabs == "/S"


def test_dot_leaders_are_artifacts(editions: dict[str, BuildResult]) -> None:
    path = editions["en-standard"].pdf
    text = marked_text(path, 2)
    assert text[-1].count(".") > 300  # the leaders are still drawn...
    tagged = [t for mcid, t in text.items() if mcid >= 0]
    assert all(not set(t.strip()) <= {"."} for t in tagged), tagged  # ...but not read
    assert len(tagged) == 1 + 2 * 7  # the heading, and each entry's title and page


def test_no_link_is_inside_a_link_and_each_has_one_annotation(
        editions: dict[str, BuildResult]) -> None:
    for result in editions.values():
        with tree_of(result.pdf) as pdf:
            links = [e for e in elements(pdf) if e.S == "/Link"]
            assert links
            for link in links:
                assert not [e for e in descendants(link) if e.S == "/Link"]
                assert len(objrs(link)) == 1, result.pdf.name
            annots = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
            assert len(annots) == len(links)


def test_back_cover_page_reference_reads_as_a_sentence(
        editions: dict[str, BuildResult]) -> None:
    with tree_of(editions["en-standard"].pdf) as pdf:
        last = pdf.pages[-1].obj.Annots
        internal = [a for a in last if "/Dest" in a]
        assert len(internal) == 1
        page = dest_page(pdf, str(internal[0].Dest))
        assert str(internal[0].Contents) == f"Sources and further information, page {page}"


def test_parent_tree_and_annotations_match_the_tree(editions: dict[str, BuildResult]) -> None:
    """Every marked-content sequence on every page is an artifact or belongs to the one
    element the parent tree names; every annotation belongs to the element it names."""
    for result in editions.values():
        assert consistency_problems(result.pdf) == [], result.pdf.name


def consistency_problems(path: Path) -> list[str]:
    problems = []
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        owner: dict[tuple[int, int], pikepdf.Object] = {}
        for element in elements(pdf):
            for kid in kids(element):
                if isinstance(kid, int):
                    key = (pages[element.Pg.objgen], int(kid))
                    if key in owner:
                        problems.append(f"MCID {key} in two elements")
                    owner[key] = element
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        parent_tree = dict(zip((int(k) for k in nums[::2]), nums[1::2], strict=True))
        for index, page in enumerate(pdf.pages):
            contents = page.obj.Contents
            streams = [contents] if isinstance(contents, pikepdf.Stream) else list(contents)
            data = b"".join(stream.read_bytes() for stream in streams)
            for match in re.finditer(rb"/\w+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC", data):
                mcid = int(match[1])
                element = owner.get((index, mcid))
                if element is None:
                    problems.append(f"page {index + 1} MCID {mcid} neither tagged nor artifact")
                    continue
                listed = parent_tree[int(page.obj.StructParents)][mcid]
                if listed.objgen != element.objgen:
                    problems.append(f"page {index + 1} MCID {mcid}: parent tree differs")
            for annot in page.obj.get("/Annots", []):
                element = parent_tree[int(annot.StructParent)]
                if not any(o.Obj.objgen == annot.objgen for o in objrs(element)):
                    problems.append(f"page {index + 1}: annotation not in its element")
    return problems


def content_of(pdf: pikepdf.Pdf, element: pikepdf.Object) -> list[tuple[int, int]]:
    """(1-based page, MCID) of the marked content under `element`, in tree order."""
    pages = [page.obj.objgen for page in pdf.pages]
    found = []
    for kid in kids(element):
        if isinstance(kid, int):
            found.append((pages.index(element.Pg.objgen) + 1, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            found.append((pages.index(kid.get("/Pg", element.Pg).objgen) + 1, int(kid.MCID)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += content_of(pdf, kid)
    return found


def text_of(path: Path, pdf: pikepdf.Pdf, element: pikepdf.Object) -> dict[int, str]:
    """1-based page -> the text of `element` on it."""
    pieces = content_of(pdf, element)
    texts = {page: marked_text(path, page) for page in {page for page, _ in pieces}}
    by_page: dict[int, str] = defaultdict(str)
    for page, mcid in pieces:
        by_page[page] += texts[page].get(mcid, "")
    return dict(by_page)


@pytest.fixture(scope="session")
def split_paragraph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The booklet with a paragraph too long for what is left of its page: the first
    section's three paragraphs (the shipped text), three times over, as one paragraph."""
    content = tmp_path_factory.mktemp("split") / "content"
    shutil.copytree(CONTENT, content)
    section = content / "en" / "10-what-is-metastatic-breast-cancer.md"
    text = section.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("---", 2)[2].split("\n\n") if p.strip()][:3]
    long = " ".join(" ".join(p.split()) for p in paragraphs * 2)
    section.write_text(text.rstrip() + "\n\n" + long + "\n", encoding="utf-8")
    return build(content, tmp_path_factory.mktemp("split-out")).pdf, long


def test_a_paragraph_broken_across_pages_is_one_element(
        split_paragraph: tuple[Path, str]) -> None:
    path, long = split_paragraph
    with pikepdf.open(path) as pdf:
        paragraphs = [e for e in elements(pdf) if e.S == "/P"]
        split = [p for p in paragraphs if len({page for page, _ in content_of(pdf, p)}) > 1]
        assert len(split) == 1
        text = text_of(path, pdf, split[0])
        assert sorted(text) == [3, 4]
        joined = "".join(text[3].split()) + "".join(text[4].split())  # lines have no spaces
        assert joined == "".join(long.split())  # all of it, in order, in one element
        assert len(text[3]) > 100
        assert len(text[4]) > 100
        sections = [e for e in elements(pdf) if e.S == "/Sect"]
        first = [s for s in sections if split[0] in descendants(s)]
        assert len(first) == 1  # and one section
        assert page_of(pdf, first[0]) == 3
        assert len(sections) == 1 + 7 + 1  # cover, 6 sections and Sources, back cover
    assert consistency_problems(path) == []


def test_large_print_sections_and_lists_broken_across_pages_are_one_element(
        editions: dict[str, BuildResult]) -> None:
    path = editions["en-large-print"].pdf
    with pikepdf.open(path) as pdf:
        sections = [e for e in elements(pdf) if e.S == "/Sect"]
        assert len(sections) == 1 + 7 + 1
        spread = [s for s in sections if len({page for page, _ in content_of(pdf, s)}) > 1]
        assert len(spread) >= 2  # the providers and the sources run over two pages
        sources = sections[-2]  # before the back cover
        lists = [kid for kid in kids(sources) if isinstance(kid, pikepdf.Dictionary)
                 and kid.get("/S") == "/L"]
        assert len(lists) == 1
        assert len({page for page, _ in content_of(pdf, lists[0])}) == 2
        assert len([kid for kid in kids(lists[0]) if kid.get("/S") == "/LI"]) == 6


def id_tree(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    names = list(pdf.Root.StructTreeRoot.IDTree.Names)
    return dict(zip((str(key) for key in names[::2]), names[1::2], strict=True))


@pytest.mark.parametrize("edition", ["en-standard", "en-large-print", "es-large-print"])
def test_every_header_reference_resolves_through_the_id_tree(
        editions: dict[str, BuildResult], edition: str) -> None:
    with pikepdf.open(editions[edition].pdf) as pdf:
        ids = id_tree(pdf)
        named = [e for e in elements(pdf) if "/ID" in e]
        assert sorted(ids) == sorted(str(e.ID) for e in named)
        assert len(named) == len(ids)  # unique
        cells = [e for e in elements(pdf) if e.S == "/TD"]
        assert len(cells) >= 8  # the provider table: 4 providers x 2 values
        for cell in cells:
            headers = [str(h) for h in cell.A.Headers]
            assert headers
            for header in headers:
                assert ids[header].S == "/TH"


def test_large_print_stacked_rows_pair_each_label_with_its_value(
        editions: dict[str, BuildResult]) -> None:
    """Each provider is a two-column table: the column name as a row header beside the
    value, the value's /Headers naming it."""
    with pikepdf.open(editions["en-large-print"].pdf) as pdf:
        ids = id_tree(pdf)
        tables = [e for e in elements(pdf) if e.S == "/Table"]
        assert len(tables) == 4  # one per provider
        for table in tables:
            rows = [e for e in descendants(table) if e.S == "/TR"]
            assert len(rows) == 3  # provider, specialty focus, treatment approach
            for row in rows:
                cells = [kid for kid in kids(row) if isinstance(kid, pikepdf.Dictionary)]
                assert [str(c.S) for c in cells] == ["/TH", "/TD"]
                assert cells[0].A.Scope == "/Row"
                assert [ids[str(h)].objgen for h in cells[1].A.Headers] == [cells[0].objgen]
    text = " ".join(" ".join(Pdf(editions["en-large-print"].pdf).pages_text).split())
    assert "Provider Mayo Clinic Specialty focus Comprehensive Care" in text


@pytest.mark.parametrize("clinic", [False, True])
def test_back_cover_reads_heading_first_and_links_its_addresses(
        tmp_path: Path, editions: dict[str, BuildResult], clinic: bool) -> None:
    path = build(CONTENT, tmp_path, clinic=CONTENT / "clinics" / "riverside.yml").pdf \
        if clinic else editions["en-standard"].pdf
    with pikepdf.open(path) as pdf:
        back = [e for e in elements(pdf) if e.S == "/Sect"][-1]
        order = [str(e.S) for e in descendants(back) if e.S in ("/H2", "/Figure")]
        assert order == (["/H2", "/Figure", "/H2"] if clinic else ["/H2", "/Figure"])
        uris = {str(a.A.URI) for a in pdf.pages[-1].obj.Annots if "/A" in a}
        expected = {"mailto:patient.information@example.org"}
        if not clinic:  # a clinic's back cover has its own QR code instead of the website
            expected.add("https://www.example.org/booklets")
        assert uris == expected
    assert consistency_problems(path) == []


def test_pdfua_finds_nothing_in_any_edition(
        editions: dict[str, BuildResult], multiscript: dict[str, Pdf],
        split_paragraph: tuple[Path, str], tmp_path: Path) -> None:
    """Every edition of the shipped booklet (both variants, English and Spanish), the clinic
    edition, the Arabic and Chinese fixtures and the split-paragraph fixture."""
    clinic = build(CONTENT, tmp_path, clinic=CONTENT / "clinics" / "riverside.yml").pdf
    paths = [*(r.pdf for r in editions.values()), clinic,
             *(pdf.path for pdf in multiscript.values()), split_paragraph[0]]
    assert_pdfua_clean(*paths)


def test_pdfua_reports_an_untagged_file(tmp_path: Path) -> None:
    """The checker runs and can fail: the imposed sheets are an untagged print master."""
    imposed = build(CONTENT, tmp_path, impose=True).imposed
    assert imposed is not None
    (report,) = pdfua(imposed)
    assert report["exit_code"] == 3
    assert "UA-01-005" in {f["rule_id"] for f in report["findings"]}


def test_no_heading_is_empty(editions: dict[str, BuildResult]) -> None:
    """What pdfua's UA-14-001 would check: every heading element has text."""
    for result in editions.values():
        with pikepdf.open(result.pdf) as pdf:
            headings = [e for e in elements(pdf) if re.fullmatch(r"/H[1-6]", str(e.S))]
            assert len(headings) >= 9
            for heading in headings:
                assert "".join(text_of(result.pdf, pdf, heading).values()).strip()


@pytest.mark.parametrize("edition", ["en-standard", "es-standard", "en-large-print"])
def test_sources_list_reads_in_the_order_it_is_painted(
        editions: dict[str, BuildResult], edition: str) -> None:
    """Each source's number is an /Lbl before its /LBody, and is painted before it: the
    marked content of the Sources section, in tree order, is in the order it is drawn (the
    list markers WeasyPrint paints after the items were 79 % in order)."""
    with pikepdf.open(editions[edition].pdf) as pdf:
        sources = [e for e in elements(pdf) if e.S == "/Sect"][-2]
        order = content_of(pdf, sources)
        assert order == sorted(order)  # (page, MCID): pages in order, drawn in order
        (listed,) = [e for e in kids(sources)
                     if isinstance(e, pikepdf.Dictionary) and e.get("/S") == "/L"]
        items = [e for e in kids(listed) if isinstance(e, pikepdf.Dictionary)]
        assert len(items) == 6
        for number, item in enumerate(items, 1):
            parts = [e for e in kids(item) if isinstance(e, pikepdf.Dictionary)]
            assert [str(e.S) for e in parts] == ["/Lbl", "/LBody"]
            (page, mcid), = content_of(pdf, parts[0])
            assert marked_text(editions[edition].pdf, page)[mcid] == f"{number}."
