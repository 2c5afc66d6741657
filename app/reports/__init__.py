"""The document layer: printed documents (PDF) on ReportLab and spreadsheets on openpyxl.

The layer every area prints with is `Document` (app/reports/document.py):

    from app.reports import Document, SIZES
    from app.reports.fonts import HEI, KAI

    doc = Document.for_branch(session, "2026年党费交纳登记表", landscape=True)
    doc.title("2026年党费交纳登记表", subtitle=profile.name)
    doc.fields([[("年度", "2026"), ("交纳比例", "按月")]])
    doc.heading("一、在职党员")                       # 黑体; level=2 gives 楷体
    doc.paragraph("说明文字……")                       # 仿宋 3号, first line indented
    doc.table(["姓名", "1月", "2月"], rows, widths=[2, 1, 1],
              align=["center", "right", "right"], size=SIZES["小五"], total_rows=1)
    doc.signatures(["经办人", "支部书记"])
    pdf_bytes = doc.build(progress)

Text is always plain text. Page numbers, the 草稿 watermark (`draft=True` or
`draft_section`), fonts with per-character fallback and Chinese line breaking are handled
by the layer. Also: `doc.fields` (a record's header table), `doc.note`, `doc.cover`,
`doc.contents` (filled from titles/headings given toc), `doc.page_break`, `doc.keep_space`;
`table(..., spans=, row_height_mm=, header_rows=)` for registers; `app.reports.common` has
`date_text`, `chinese_number`, `branch_name`; the GUI shows any result with
`ui.dialogs.pdf_preview.preview_pdf(parent, title, build)`.

This package knows no area: each area keeps its own documents (app/meetings/minutes.py
会议记录, signin.py 签到表, yearbook.py 年度党支部工作记录; app/members/printing.py 党员名册;
app/dues, app/fund and app/visits printing.py) and builds them on this layer.
"""

from typing import Any

__all__ = ["BODY_SIZE", "SIZES", "Document"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the small helpers (app.reports.common) must not pull ReportLab
    # into every module that formats a date or a branch name, the GUI start-up among them.
    if name not in __all__:
        raise AttributeError(f"module 'app.reports' has no attribute {name!r}")
    from app.reports import document

    return getattr(document, name)
