"""Line breaking for Chinese text (避头尾), in place of ReportLab's own CJK breaker.

Closing punctuation never starts a line and opening punctuation never ends one. One closing
mark that overflows hangs in the right margin; when two or more follow each other (。” or
——), the character before them goes down to the next line with them instead. A Latin word
or a number inside Chinese text is not cut where a space or a Chinese character before it
allows a break.
"""

from collections.abc import Sequence
from typing import Any

from reportlab.lib import textsplit as rl_textsplit
from reportlab.platypus import paragraph as rl_paragraph

CANNOT_START = frozenset(rl_textsplit.ALL_CANNOT_START + "，。、；：？！）》」』】〕”’…—·%")
CANNOT_END = frozenset(rl_textsplit.ALL_CANNOT_END + "“‘（《「『【〔")
_FUZZ = 1e-6


def _latin_break(text: str, start: int, overflow: int) -> int:
    """Where to end a line that overflows inside a Latin word or number: after the last
    space or Chinese character in the line's second half, else at the overflow."""
    if ord(text[overflow]) >= 0x3000 or text[overflow].isspace():
        return overflow
    for j in range(overflow - 1, (start + overflow) // 2, -1):
        if text[j].isspace() or ord(text[j]) >= 0x3000:
            return j + 1
    return overflow


def _line_end(text: str, start: int, overflow: int) -> int:
    """The end (exclusive) of a line from `start` whose character `overflow` does not fit."""
    if text[overflow] in CANNOT_START:
        run_start, run_end = overflow, overflow + 1
        while run_start > start and text[run_start - 1] in CANNOT_START:
            run_start -= 1
        while run_end < len(text) and text[run_end] in CANNOT_START:
            run_end += 1
        if run_end == overflow + 1:
            return run_end  # one mark hangs in the margin
        end = run_start - 1  # the character before the marks goes down with them
        if end <= start:
            return run_end
    else:
        end = _latin_break(text, start, overflow)
        if text[end] in CANNOT_START:  # "中,abc": the comma stays with what it follows
            end = overflow
    while end - 1 > start and text[end - 1] in CANNOT_END:
        end -= 1
    return end if end > start else overflow + 1


def line_ends(text: str, widths: Sequence[float], max_widths: Sequence[float],
              forced: Sequence[bool] = ()) -> list[int]:
    """The end index (exclusive) of each line of `text`, its characters `widths` wide, in
    lines `max_widths` wide (the last width repeats); `forced[i]` ends a line after i."""
    ends: list[int] = []
    start, used = 0, 0.0
    i = 0
    while i < len(text):
        used += widths[i]
        width = max_widths[min(len(ends), len(max_widths) - 1)]
        if forced and forced[i]:
            end = i + 1
        elif used > width + _FUZZ and i > start:
            end = _line_end(text, start, i)
        else:
            i += 1
            continue
        ends.append(end)
        start = i = end
        used = 0
    if start < len(text):
        ends.append(len(text))
    return ends


def _spans(ends: list[int]) -> list[tuple[int, int]]:
    return list(zip([0, *ends[:-1]], ends, strict=True))


def _word_split(word: str, max_widths: Any, font_name: str, font_size: float,
                encoding: str = "utf8") -> list[list[Any]]:
    """ReportLab's `wordSplit` for a paragraph in one font: [extra space, line text]."""
    max_widths = max_widths if isinstance(max_widths, list | tuple) else [max_widths]
    widths = rl_textsplit.getCharWidths(word, font_name, font_size)
    lines = []
    for number, (start, end) in enumerate(_spans(line_ends(word, widths, max_widths))):
        width = max_widths[min(number, len(max_widths) - 1)]
        lines.append([width - sum(widths[start:end]), word[start:end].strip()])
    return lines


def _frag_split(frags: list[Any], max_widths: Sequence[float], calc_bounds: bool,
                encoding: str = "utf8") -> Any:
    """ReportLab's `cjkFragSplit` for a paragraph of several runs (fonts, line breaks)."""
    chars: list[Any] = []
    for frag in frags:  # a run without text (a line break) still counts, with no width
        chars += [rl_paragraph.cjkU(c, frag, encoding) for c in frag.text] or [
            rl_paragraph.cjkU("", frag, encoding)
        ]
    widths = [float(c.width) for c in chars]
    forced = [hasattr(c.frag, "lineBreak") for c in chars]
    text = "".join(c or "\n" for c in chars)
    lines = []
    for number, (start, end) in enumerate(_spans(line_ends(text, widths, max_widths, forced))):
        width = max_widths[min(number, len(max_widths) - 1)]
        used = sum(widths[start:end])
        lines.append(rl_paragraph.makeCJKParaLine(
            chars[start:end], width, used, width - used, forced[end - 1], calc_bounds))
    return rl_paragraph.ParaLines(kind=1, lines=lines)


def install() -> None:
    """Make ReportLab's CJK paragraphs (wordWrap="CJK") break lines here."""
    rl_paragraph.wordSplit = _word_split
    rl_paragraph.cjkFragSplit = _frag_split
