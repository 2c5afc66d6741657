"""The document builder every printed record uses (minutes, registers, the yearly book).

    from app.reports import Document, page

    doc = Document("2026年党费交纳登记表", geometry=page.geometry(session, landscape_page=True))
    doc.title("2026年党费交纳登记表", subtitle="中共××局机关第一党支部")
    doc.fields([[("核定基数", "…"), ("交纳比例", "1%")]])
    doc.table(["姓名", "1月", "2月"], [["张三", "30.00", "30.00"]], widths=[2, 1, 1],
              align=["center", "right", "right"], size=SIZES["小五"], total_rows=1)
    doc.signatures(["经办人", "支部书记"])
    pdf: bytes = doc.build()

All text is plain text (no markup): the builder escapes it, keeps line breaks, and switches
fonts for characters the chosen font lacks. Sizes are Chinese 号 sizes from `SIZES`.
"""

import io
import time
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph

from app.progress import SILENT, Progress
from app.reports import linebreak
from app.reports import page as pages
from app.reports.fonts import BODY, HEI, KAI, SONG, TITLE, FontSet, font_set, markup

linebreak.install()

#: Chinese type sizes (字号) in points.
SIZES = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
         "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9}
BODY_SIZE = SIZES["三号"]
#: GB/T 9704: 22 lines of 3号 in the 225 mm block (a hair less, so rounding never drops one).
BODY_LEADING = 225 * mm / 22 - 0.01
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
RULE = 0.6  # table line width in points
PROGRESS_INTERVAL = 0.1  # seconds between progress reports while laying out
HEADING_ROOM = 4 * BODY_LEADING  # a heading starts a new page unless this much room is left


class _Mark(Flowable):
    """Zero-size marker: the draft watermark on/off, or where the contents go."""

    def __init__(self, kind: str, value: Any) -> None:
        super().__init__()
        self.kind, self.value = kind, value

    def wrap(self, *_args: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def _join_cjk_lines(lines: Any, start: int, stop: int) -> list[Any]:
    return [word for line in lines.lines[start:stop] for word in line.words]


class _Para(Paragraph):
    """A paragraph whose continuation after a page break gets no stray spaces.

    ReportLab rejoins the lines of a split multi-font paragraph with a space between them
    (right for Latin words); in Chinese that space shows up as an indent.
    """

    def _get_split_blParaFunc(self) -> Any:
        if self.blPara.kind == 1 and not rl_paragraph._processed_frags(self.frags):
            return _join_cjk_lines
        return super()._get_split_blParaFunc()


class _Heading(_Para):
    """A paragraph that becomes an entry of the table of contents and the PDF outline."""

    toc_level: int | None = None
    toc_index: int | None = None  # its row in the contents, set when the document is built
    plain: str = ""


def _page_ref_name(index: int) -> str:
    return f"toc{index}"


class _PageRef(Flowable):
    """The page number of a contents row, drawn as a form the canvas defines at the end.

    The contents come before the pages they list; a form may be used before it is defined,
    so one pass over the story is enough (ReportLab's own contents need two or three).
    """

    def __init__(self, index: int, width: float, size: float, leading: float) -> None:
        super().__init__()
        self.index, self.width, self.height = index, width, leading
        self.size = size
        self.baseline = leading - size  # where a one-line paragraph of that style sits

    def wrap(self, *_args: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.doForm(_page_ref_name(self.index))


class _Canvas(Canvas):
    """Defines the contents' page-number forms just before the file is written."""

    before_save: Any = None

    def save(self) -> None:
        if self.before_save is not None:
            self.before_save(self)
        super().save()


class _StrokedHeading(_Heading):
    """A title drawn filled and stroked, so a light Ming face prints as heavy as 小标宋."""

    stroke = 0.0

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(self.stroke)
        mode = canv.beginText()
        mode.setTextRenderMode(2)  # text render mode is graphics state: it holds until restore
        canv.drawText(mode)
        super().draw()
        canv.restoreState()


class _Template(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, owner: "Document") -> None:
        geo = owner.geometry
        super().__init__(
            buffer, pagesize=(geo.width, geo.height), leftMargin=geo.left,
            rightMargin=geo.right, topMargin=geo.top, bottomMargin=geo.bottom,
            title=owner.name, author=owner.author, creator="支部工作台", invariant=1,
            initialFontName=owner.fonts.name(BODY),  # else every page references Helvetica
        )
        self.owner = owner
        frame = Frame(geo.left, geo.bottom, geo.frame_width, geo.frame_height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._page_begins,
                                            onPageEnd=self._page_ends)])

    def beforeDocument(self) -> None:
        self.canv.before_save = self.owner.define_page_refs
        self.draft_on = self.owner.draft
        self.draft_page = self.draft_on

    def _page_begins(self, _canvas: Any, _doc: Any) -> None:
        self.draft_page = self.draft_on

    def _page_ends(self, canvas: Any, _doc: Any) -> None:
        if self.draft_page:
            self.owner.draw_watermark(canvas)
        self.owner.draw_page_number(canvas, canvas.getPageNumber())

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Mark) and flowable.kind == "draft":
            self.draft_on = flowable.value
            self.draft_page = self.draft_page or flowable.value
        elif isinstance(flowable, _Heading) and flowable.toc_index is not None:
            key = _page_ref_name(flowable.toc_index)
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.plain.replace("\n", ""), key,
                                      level=flowable.toc_level)
            self.owner.toc_pages[flowable.toc_index] = \
                self.canv.getPageNumber() - self.owner.unnumbered_pages


class Document:
    """A printed document: add content in reading order, then `build()` the PDF bytes."""

    def __init__(self, name: str, *, geometry: pages.Geometry | None = None,
                 fonts: FontSet | None = None, draft: bool = False, author: str = "") -> None:
        self.name = name
        self.author = author
        self.geometry = geometry or pages.portrait()
        self.fonts = fonts or font_set()
        self.draft = draft
        self.story: list[Flowable] = []
        self.unnumbered_pages = 0
        self.toc_pages: dict[int, int] = {}  # contents row -> page number shown
        self._page_refs: list[_PageRef] = []
        self._styles: dict[tuple[Any, ...], ParagraphStyle] = {}

    @classmethod
    def for_branch(cls, session: Any, name: str, *, landscape: bool = False,
                   draft: bool = False, author: str = "") -> "Document":
        """A document with the branch's page style and font choice from 设置."""
        from app import settings

        fonts = font_set(settings.get(session, pages.USE_SYSTEM_FONTS))
        return cls(name, geometry=pages.geometry(session, landscape_page=landscape),
                   fonts=fonts, draft=draft, author=author)

    # -- styles and text ---------------------------------------------------------------

    def style(self, role: str = BODY, size: float = BODY_SIZE, *, align: str = "justify",
              indent: float = 0, leading: float | None = None) -> ParagraphStyle:
        """A paragraph style in a role's font; 3号 text keeps the 22-line grid."""
        key = (role, size, align, indent, leading)
        if key not in self._styles:
            self._styles[key] = ParagraphStyle(
                f"s{len(self._styles)}", fontName=self.fonts.name(role), fontSize=size,
                leading=leading or (BODY_LEADING if size == BODY_SIZE else size * 1.4),
                alignment=_ALIGN[align], firstLineIndent=indent, wordWrap="CJK",
                allowWidows=0, allowOrphans=0)
        return self._styles[key]

    def text(self, text: str, role: str = BODY) -> str:
        """Markup for plain text in a role's font (for building rich cells by hand)."""
        return markup(text, self.fonts, role)

    def para(self, text: str, role: str = BODY, size: float = BODY_SIZE, *,
             align: str = "justify", lead: str = "", lead_role: str = HEI,
             **style: Any) -> Paragraph:
        """A paragraph flowable; `lead` is a run in another face before the text (e.g. 黑体)."""
        body = markup(text, self.fonts, role)
        if lead:
            body = f'<font face="{self.fonts.name(lead_role)}">' \
                   f"{markup(lead, self.fonts, lead_role)}</font>{body}"
        return _Para(body, self.style(role, size, align=align, **style))

    def add(self, *flowables: Flowable) -> None:
        self.story.extend(flowables)

    # -- content -----------------------------------------------------------------------

    def title(self, text: str, *, subtitle: str = "", size: float = SIZES["二号"],
              toc_level: int | None = None) -> None:
        """The document title (小标宋, centred), an optional 楷体 subtitle, then a blank line."""
        self.add(CondPageBreak(HEADING_ROOM + size * 3))
        heading = _StrokedHeading if self.fonts.fake_bold_title else _Heading
        flowable = heading(markup(text, self.fonts, TITLE),
                           self.style(TITLE, size, align="center", leading=size * 1.5))
        flowable.stroke = size / 45
        flowable.toc_level, flowable.plain = toc_level, text
        self.add(flowable)
        if subtitle:
            self.add(self.para(subtitle, KAI, align="center"))
        self.add(Spacer(0, BODY_LEADING / 2))

    def heading(self, text: str, level: int = 1, *, toc: bool = False) -> None:
        """一级标题 in 黑体, 二级 in 楷体; `toc` lists it in the table of contents."""
        role = HEI if level == 1 else KAI
        flowable = _Heading(markup(text, self.fonts, role), self.style(role, align="left"))
        flowable.toc_level, flowable.plain = (level - 1 if toc else None), text
        # Not keepWithNext: that would move a whole long table after it to the next page.
        self.add(CondPageBreak(HEADING_ROOM), flowable)

    def paragraph(self, text: str, *, indent: bool = True, lead: str = "",
                  lead_role: str = HEI, size: float = BODY_SIZE, align: str = "justify") -> None:
        """Body text (仿宋 3号); each line of `text` is its own paragraph, indented two chars."""
        for line in text.replace("\r\n", "\n").split("\n") or [""]:
            self.add(self.para(line, size=size, align=align, lead=lead, lead_role=lead_role,
                               indent=2 * size if indent else 0))
            lead = ""

    def note(self, text: str, *, size: float = SIZES["四号"], align: str = "left") -> None:
        """A smaller remark line (e.g. 补录 or 修订 notices)."""
        self.add(self.para(text, KAI, size, align=align))

    def spacer(self, height_mm: float) -> None:
        self.add(Spacer(0, height_mm * mm))

    def page_break(self) -> None:
        self.add(PageBreak())

    def keep_space(self, height_mm: float) -> None:
        """Start a new page unless this much room is left (keeps a block's head with it)."""
        self.add(CondPageBreak(height_mm * mm))

    def fields(self, rows: Sequence[Sequence[tuple[str, str]]], *,
               size: float = SIZES["四号"]) -> None:
        """The header table of a record: each row holds one or two (label, value) pairs;
        a single pair spans the whole width. Labels print in 黑体, values in 仿宋."""
        longest = max((len(label) for row in rows for label, _value in row), default=4)
        label_w = max(4, longest) * size + 2 * max(2.0, size / 4) + 2
        value_w = (self.geometry.frame_width - 2 * label_w) / 2
        data: list[list[Any]] = []
        commands: list[tuple[Any, ...]] = []
        for r, row in enumerate(rows):
            cells: list[Any] = []
            for label, value in row:
                cells += [self.para(label, HEI, size, align="center"),
                          self.para(value, BODY, size, align="left")]
            if len(row) == 1:
                cells += ["", ""]
                commands.append(("SPAN", (1, r), (3, r)))
            data.append(cells)
        self.add(self._table(data, [label_w, value_w, label_w, value_w], commands))
        self.add(Spacer(0, BODY_LEADING / 2))

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Any]], *,
              widths: Sequence[float] | None = None, align: Sequence[str] | None = None,
              size: float = SIZES["小四"], total_rows: int = 0, repeat_header: bool = True,
              header_rows: Sequence[Sequence[str]] = (),
              spans: Sequence[tuple[int, int, int, int]] = (),
              row_height_mm: float | None = None) -> None:
        """A ruled table that splits across pages, repeating its header.

        `widths` are relative weights of the columns; `align` per column (left/center/right);
        the last `total_rows` rows (合计) print in 黑体. `header_rows` go above `header`.
        `spans` merge cells: (first column, first row, last column, last row), rows counted
        over all rows including the header ones; give "" for the covered cells.
        `row_height_mm` gives body rows a fixed height (room to sign by hand).
        """
        count = len(header)
        weights = list(widths or [1] * count)
        unit = self.geometry.frame_width / sum(weights)
        aligns = list(align or ["center"] * count)
        heads = [*header_rows, header]
        data: list[list[Any]] = [
            [self.para(str(h), HEI, size, align="center") for h in row] for row in heads
        ]
        for i, row in enumerate(rows):
            role = HEI if i >= len(rows) - total_rows else BODY
            data.append([self.para("" if v is None else str(v), role, size, align=a)
                         for v, a in zip(row, aligns, strict=True)])
        merges = [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans]
        heights = None if row_height_mm is None else \
            [None] * len(heads) + [row_height_mm * mm] * len(rows)
        self.add(self._table(data, [w * unit for w in weights], merges, heights=heights,
                             repeat=len(heads) if repeat_header else 0, size=size),
                 Spacer(0, BODY_LEADING / 3))

    def _table(self, data: list[list[Any]], widths: list[float],
               commands: list[tuple[Any, ...]], *, repeat: int = 0,
               size: float = SIZES["四号"], heights: list[float | None] | None = None
               ) -> Table:
        pad = max(2.0, size / 4)
        style = TableStyle([
            *self._cell_font(),
            ("GRID", (0, 0), (-1, -1), RULE, colors.black),
            ("BOX", (0, 0), (-1, -1), RULE * 2, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            *commands,
        ])
        return Table(data, colWidths=widths, rowHeights=heights, style=style, repeatRows=repeat)

    def _cell_font(self) -> list[tuple[Any, ...]]:
        """Cells given as plain strings (blanks) would otherwise select Helvetica."""
        return [("FONT", (0, 0), (-1, -1), self.fonts.name(BODY))]

    def signatures(self, labels: Sequence[str], *, dated: bool = True) -> None:
        """Lines to sign on, two per row: 「主持人（签字）：______」, with a date line."""
        size = SIZES["四号"]
        half = self.geometry.frame_width / 2
        label_w = (max(len(label) for label in labels) + 5) * size
        cells = [self.para(f"{label}（签字）：", BODY, size, align="left") for label in labels]
        rows: list[list[Any]] = [[cells[i], "", *(cells[i + 1:i + 2] or [""]), ""]
                                 for i in range(0, len(cells), 2)]
        if dated:
            rows.append(["", "", self.para("年      月      日", BODY, size, align="right"), ""])
        style = [*self._cell_font(),
                 ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                 ("TOPPADDING", (0, 0), (-1, -1), 14 * mm - size),
                 ("LEFTPADDING", (0, 0), (-1, -1), 0)]
        for r, row in enumerate(rows):
            for c in (1, 3):
                if row[c - 1] and not (dated and r == len(rows) - 1):
                    style.append(("LINEBELOW", (c, r), (c, r), RULE, colors.black))
        if dated:
            style.append(("SPAN", (2, len(rows) - 1), (3, len(rows) - 1)))
        table = Table(rows, colWidths=[label_w, half - label_w, label_w, half - label_w],
                      style=TableStyle(style))
        # Signatures never stand alone on a page: they take the last paragraph along.
        last = [self.story.pop()] if self.story and isinstance(self.story[-1], Paragraph) else []
        self.add(KeepTogether([*last, Spacer(0, BODY_LEADING / 2), table]))

    def cover(self, title: str, lines: Sequence[tuple[str, str]], *, footer: str = "") -> None:
        """A cover page (unnumbered): a large title, then 「label：value」 lines, a footer."""
        self.add(Spacer(0, self.geometry.frame_height * 0.22))
        self.title(title, size=SIZES["小初"])
        self.add(Spacer(0, self.geometry.frame_height * 0.18))
        size = SIZES["三号"]
        label_w = (max(len(label) for label, _ in lines) + 1) * size
        value_w = self.geometry.frame_width - label_w
        rows = [[self.para(f"{label}：", HEI, size, align="left"),
                 self.para(value, BODY, size, align="center")] for label, value in lines]
        table = Table(rows, colWidths=[label_w, value_w], hAlign="CENTER", style=TableStyle([
            *self._cell_font(),
            ("LINEBELOW", (1, 0), (1, -1), RULE, colors.black),
            ("TOPPADDING", (0, 0), (-1, -1), 10),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ]))
        self.add(table)
        if footer:
            self.add(Spacer(0, self.geometry.frame_height * 0.18))
            self.add(self.para(footer, KAI, align="center"))
        self.add(PageBreak())
        self.unnumbered_pages = 1

    def contents(self, title: str = "目  录") -> None:
        """The table of contents: every title or heading added with toc on, wherever it is
        in the story (filled in when the document is built)."""
        self.title(title)
        self.add(_Mark("contents", None), PageBreak())

    def _contents_table(self) -> Table:
        entries = [f for f in self.story if isinstance(f, _Heading) and f.toc_level is not None]
        number_w = 2 * SIZES["四号"]
        rows = []
        self._page_refs = []
        for index, heading in enumerate(entries):
            heading.toc_index = index
            size = SIZES["四号"] if heading.toc_level == 0 else SIZES["小四"]
            style = ParagraphStyle(
                f"toc{heading.toc_level}", parent=self.style(BODY, size, align="left"),
                leading=size * 1.9, leftIndent=2 * SIZES["四号"] * (heading.toc_level or 0),
                endDots=" .")
            text = markup(heading.plain.replace("\n", ""), self.fonts, BODY)
            self._page_refs.append(_PageRef(index, number_w, size, style.leading))
            rows.append([Paragraph(f'<a href="#{_page_ref_name(index)}">{text}</a>', style),
                         self._page_refs[-1]])
        return Table(rows or [["", ""]], colWidths=[self.geometry.frame_width - number_w,
                                                   number_w],
                     style=TableStyle([*self._cell_font(),
                                       ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                       ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))

    def define_page_refs(self, canvas: Any) -> None:
        """Write each contents row's page number, now that every heading is placed."""
        for index, ref in enumerate(self._page_refs):
            canvas.beginForm(_page_ref_name(index), 0, 0, ref.width, ref.height)
            canvas.setFont(self.fonts.name(BODY), ref.size)
            canvas.drawRightString(ref.width, ref.baseline, str(self.toc_pages.get(index, "")))
            canvas.endForm()

    def draft_section(self, on: bool) -> None:
        """Pages from here on (until turned off) carry the 草稿 watermark."""
        self.add(_Mark("draft", on))

    # -- page furniture ----------------------------------------------------------------

    def draw_page_number(self, canvas: Any, page_number: int) -> None:
        """「— N —」 in 4号 宋体 7 mm below the block; odd pages right, even pages left."""
        shown = page_number - self.unnumbered_pages
        if shown < 1:
            return
        geo, size = self.geometry, SIZES["四号"]
        text = f"— {shown} —"
        canvas.saveState()
        canvas.setFont(self.fonts.name(SONG), size)
        y = geo.bottom - 7 * mm - size * 0.8
        if shown % 2:
            canvas.drawRightString(geo.width - geo.right - size, y, text)
        else:
            canvas.drawString(geo.left + size, y, text)
        canvas.restoreState()

    def draw_watermark(self, canvas: Any) -> None:
        canvas.saveState()
        canvas.setFont(self.fonts.name(HEI), 120)
        canvas.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.22))
        canvas.translate(self.geometry.width / 2, self.geometry.height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -40, "草稿")
        canvas.restoreState()

    # -- output ------------------------------------------------------------------------

    def build(self, progress: Progress = SILENT) -> bytes:
        """Lay out the story and return the PDF. `progress` hears of the placed flowables at
        most every PROGRESS_INTERVAL seconds (each report crosses threads in the GUI)."""
        buffer = io.BytesIO()
        template = _Template(buffer, self)
        total = len(self.story)
        last = [-PROGRESS_INTERVAL]  # the first placement reports

        def report(kind: str, value: int) -> None:
            if kind == "PROGRESS" and time.monotonic() - last[0] >= PROGRESS_INTERVAL:
                last[0] = time.monotonic()
                progress.step(value, total, "正在排版…")

        template.setProgressCallBack(report)
        self._page_refs = []
        story = [self._contents_table() if isinstance(f, _Mark) and f.kind == "contents" else f
                 for f in self.story]
        self.toc_pages.clear()
        template.build(story, canvasmaker=_Canvas)
        return buffer.getvalue()
