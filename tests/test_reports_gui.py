"""Print preview, printing to a file, 另存为PDF, the meeting print actions and 设置 → 打印."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from app import settings
from app.progress import Cancelled
from app.reports.page import PAGE_STYLE, WORD_DEFAULT
from tests import pdfcheck
from tests.printing_data import make_branch, make_meeting
from ui.dialogs import meeting_print
from ui.dialogs.pdf_preview import PdfPreviewDialog, preview_pdf


@pytest.fixture
def meeting_id(app_context):
    with app_context.session() as session:
        return make_meeting(session, make_branch(session))


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _close(dialog: PdfPreviewDialog | None) -> PdfPreviewDialog:
    assert dialog is not None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return dialog


def test_minutes_preview_save_and_print(parent, app_context, meeting_id, tmp_path: Path,
                                        monkeypatch, qtbot):
    dialog = _close(meeting_print.print_minutes(parent, app_context, meeting_id))
    assert dialog.isVisible()
    pages = dialog.document.pageCount()
    assert pages >= 2 and dialog.pages_label.text() == f"共 {pages} 页"
    assert dialog.file_name.endswith("活动记录.pdf")

    target = tmp_path / "保存的记录"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(target), "PDF 文件 (*.pdf)"))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = target.with_suffix(".pdf")
    assert saved.read_bytes() == dialog.pdf
    assert told == [f"已保存到：\n{saved}"]  # says where it went

    printer = dialog.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    assert len(pdfcheck.reader((tmp_path / "printed.pdf").read_bytes()).pages) == pages
    dialog.close()


def test_signin_and_planned_signin(parent, app_context, meeting_id, qtbot):
    dialog = _close(meeting_print.print_signin(parent, app_context, meeting_id))
    assert "签到表" in pdfcheck.text(dialog.pdf)
    dialog.close()

    planned = meeting_print.PlannedSigninDialog(app_context, parent)
    qtbot.addWidget(planned)
    planned.show()
    qtbot.mouseClick(planned.preview_button, Qt.MouseButton.LeftButton)
    assert planned.error.text() == "请至少选择一种会议类型" and planned.preview is None
    planned.type_boxes["支部委员会"].setChecked(True)
    planned.title.insert("研究发展党员工作")  # keyClicks handles ASCII only
    qtbot.mouseClick(planned.preview_button, Qt.MouseButton.LeftButton)
    preview = _close(planned.preview)
    text = pdfcheck.compact(preview.pdf)
    assert "第1次支部委员会签到表" in text and "研究发展党员工作" in text
    assert "王喆" in text and "孙磊" not in text  # 委员 only
    preview.close()


def test_yearbook_asks_the_year_and_can_be_cancelled(parent, app_context, meeting_id,
                                                     monkeypatch):
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("2026年", True))
    dialog = _close(meeting_print.ask_yearbook(parent, app_context))
    assert "2026年度党支部工作记录" in pdfcheck.text(dialog.pdf)
    assert dialog.file_name == "2026年度党支部工作记录.pdf"
    dialog.close()

    def cancelled(_progress):
        raise Cancelled()

    assert preview_pdf(parent, "年度工作记录", cancelled) is None


def test_print_settings_section(app_context, qtbot):
    from ui.settings.printing import PrintingSection

    section = PrintingSection(app_context)
    qtbot.addWidget(section)
    assert section.style_box.currentText() == "公文格式"
    section.style_box.setCurrentText(WORD_DEFAULT)
    with app_context.session() as session:
        assert settings.get(session, PAGE_STYLE) == WORD_DEFAULT
    assert "3.18" in section.style_hint.text()
    qtbot.mouseClick(section.fonts_button, Qt.MouseButton.LeftButton)
    assert "正文：" in section.fonts_label.text() and "黑体" in section.fonts_label.text()


def test_print_menu_on_the_meeting_page(app_context, meeting_id, monkeypatch, qtbot):
    from ui.meetings.page import MeetingsPage

    page = MeetingsPage(app_context)
    qtbot.addWidget(page)
    page.show()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text, *a, **k: shown.append(text))
    button = page.print_button
    button.minutes_action.trigger()  # nothing selected yet
    assert shown == ["请先在列表中选择一次会议"] and button.last is None

    page.list.select(meeting_id)
    button.minutes_action.trigger()
    minutes = _close(button.last)
    assert "会议记录" in minutes.windowTitle() and minutes.document.pageCount() >= 2
    minutes.close()
    button.signin_action.trigger()
    assert "签到表" in pdfcheck.text(_close(button.last).pdf)
    button.last.close()

    years: list[list[str]] = []

    def choose(_parent, _title, _label, items, *_a, **_k):
        years.append(items)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    button.book_action.trigger()
    assert years == [["2026年"]]
    assert "2026年度党支部工作记录" in pdfcheck.text(_close(button.last).pdf)
    button.last.close()

    planned = button.planned()
    assert planned.isVisible() and planned.windowTitle() == "打印签到表（会前）"
    planned.close()
