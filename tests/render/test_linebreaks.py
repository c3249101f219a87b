"""Break opportunities for scripts without word spaces (booklet/render/linebreaks.py)."""

from __future__ import annotations

from booklet.render.linebreaks import ZWSP, with_break_opportunities

#: The start of the UDHR preamble in Khmer, Lao and Myanmar (gflanguages' sample texts).
KHMER = "ដោយយល់ឃើញថា ការទទួលស្គាល់សេចក្ដីថ្លៃថ្នូរ"
LAO = "ດ້ວຍເຫດວ່າ ການຮັບຮູ້ກຽດຕິສັກ"
MYANMAR = "လူခပ်သိမ်း၏ မျိုးရိုးဂုဏ်သိက္ခာနှင့်တကွ"


def _body(text: str) -> str:
    return f'<html><head><title>{text}</title></head><body><h1 title="{text}">{text}</h1></body>'


def test_words_of_khmer_lao_and_myanmar_get_a_break_opportunity() -> None:
    for text, words in ((KHMER, ["ដោយ", "យល់ឃើញ", "ថា"]), (LAO, ["ດ້ວຍ", "ເຫດ", "ວ່າ"]),
                        (MYANMAR, ["လူ", "ခပ်သိမ်း၏"])):
        html = with_break_opportunities(_body(text))
        heading = html.split('">', 2)[-1].split("</h1>")[0]
        assert heading.replace(ZWSP, "") == text  # the text itself is unchanged
        assert heading.split(" ")[0].split(ZWSP)[:len(words)] == words


def test_the_head_tags_attributes_and_other_scripts_are_left_alone() -> None:
    html = with_break_opportunities(_body(KHMER))
    assert f"<title>{KHMER}</title>" in html  # the PDF's title metadata
    assert f'title="{KHMER}"' in html
    english = _body("Every one of these words stays as it is")
    assert with_break_opportunities(english) == english
