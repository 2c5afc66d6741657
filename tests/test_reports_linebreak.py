"""Chinese line breaking (避头尾) of printed text: app/reports/linebreak.py."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.reports import Document
from app.reports.fonts import font_set
from app.reports.linebreak import CANNOT_END, CANNOT_START, line_ends
from tests import pdfcheck


def lines(text: str, width: int, forced: tuple[int, ...] = ()) -> list[str]:
    """Lines of `text` where every character is 1 wide."""
    marks = [i in forced for i in range(len(text))] if forced else ()
    ends = line_ends(text, [1] * len(text), [width], marks)
    return [text[start:end] for start, end in zip([0, *ends], ends, strict=False)]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("一二三四五六", 4, ["一二三四", "五六"]),
        # one closing mark hangs in the margin
        ("一二三四。五六", 4, ["一二三四。", "五六"]),
        # two would start the next line: the character before them goes down with them
        ("一二三四。”五六", 4, ["一二三", "四。”五", "六"]),
        ("一二三四——五六", 4, ["一二三", "四——五", "六"]),
        ("一二三四……。五", 4, ["一二三", "四……。", "五"]),
        # an opening mark never ends a line
        ("一二三“四五”", 4, ["一二三", "“四五”"]),
        ("一二《三四》", 3, ["一二", "《三四》"]),
        # a number is not cut where it can move down whole
        ("一二三四五六七八2026年", 10, ["一二三四五六七八", "2026年"]),
        # nor a Latin word after a space
        ("一二三四五 Excel表", 8, ["一二三四五 ", "Excel表"]),
        # a comma after Chinese text stays with it even in a Latin run
        ("一二三四五六,abcdef", 8, ["一二三四五六,a", "bcdef"]),
    ],
)
def test_lines(text: str, width: int, expected: list[str]) -> None:
    assert lines(text, width) == expected


def test_forced_breaks_end_lines() -> None:
    assert lines("一二三四五", 10, forced=(1,)) == ["一二", "三四五"]


def test_a_run_of_marks_wider_than_the_room_hangs_whole() -> None:
    assert lines("一。”", 1) == ["一。”"]


CHARACTERS = st.sampled_from("党支部会议记录学习讨论通过" "，。、；：？！）》”’…—" "“‘（《" "ab12 ")


@given(text=st.text(CHARACTERS, min_size=1, max_size=80), width=st.integers(4, 20),
       wide=st.lists(st.booleans(), min_size=80, max_size=80))
def test_every_line_keeps_the_rules(text: str, width: int, wide: list[bool]) -> None:
    widths = [2 if big else 1 for big in wide[: len(text)]]
    ends = line_ends(text, widths, [width])

    assert ends == sorted(set(ends)) and ends[-1] == len(text)
    starts = [0, *ends[:-1]]
    for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
        line = text[start:end]
        if number:
            assert line[0] not in CANNOT_START, (text, width, line)
        if end < len(text) and len(line) > 1:
            assert line[-1] not in CANNOT_END, (text, width, line)
        body = line.rstrip("".join(CANNOT_START))
        assert sum(widths[start : start + len(body)]) <= width, (text, width, line)


def test_printed_text_never_starts_a_line_with_a_mark() -> None:
    """Quotes closing a sentence (。”) land at every position of a line somewhere."""
    doc = Document("测试", fonts=font_set(use_system=False))
    for shift in range(30):
        doc.paragraph("会" * shift + "学习贯彻“三会一课”制度。”他说：“要认真落实。”" * 6)
    pdf = doc.build()

    assert pdfcheck.lines_starting_with_punctuation(pdf) == []
    assert "“三会一课”" in pdfcheck.compact(pdf)
