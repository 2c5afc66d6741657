"""打印 for meetings: minutes, sign-in sheets (entered or planned) and the yearly book.

Each action builds the PDF off the GUI thread with its own database session, then opens the
preview (打印 / 另存为PDF).
"""

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.progress import Progress
from ui.context import AppContext
from ui.dialogs.pdf_preview import PdfPreviewDialog, preview_pdf
from ui.widgets.date_field import python_date, python_time


def print_minutes(parent: QWidget, context: AppContext, meeting_id: str
                  ) -> PdfPreviewDialog | None:
    from app.meetings.detail import get_meeting_detail
    from app.meetings.minutes import minutes_pdf, record_title

    with context.session() as session:
        name = record_title(get_meeting_detail(session, meeting_id))

    def build(progress: Progress) -> bytes:
        with context.session() as session:
            return minutes_pdf(session, meeting_id, progress=progress)

    return preview_pdf(parent, "会议记录", build, file_name=f"{name}.pdf")


def print_signin(parent: QWidget, context: AppContext, meeting_id: str
                 ) -> PdfPreviewDialog | None:
    from app.meetings.signin import sheet_for_meeting, signin_pdf, signin_title

    with context.session() as session:
        sheet = sheet_for_meeting(session, meeting_id)

    def build(progress: Progress) -> bytes:
        with context.session() as session:
            return signin_pdf(session, sheet, progress=progress)

    return preview_pdf(parent, "签到表", build, file_name=f"{signin_title(sheet)}.pdf")


def print_yearbook(parent: QWidget, context: AppContext, year: int) -> PdfPreviewDialog | None:
    from app.meetings.yearbook import book_title, yearbook_pdf

    def build(progress: Progress) -> bytes:
        with context.session() as session:
            return yearbook_pdf(session, year, today=dt.date.today(), progress=progress)

    return preview_pdf(parent, book_title(year), build, file_name=f"{book_title(year)}.pdf")


def ask_yearbook(parent: QWidget, context: AppContext, default: int | None = None
                 ) -> PdfPreviewDialog | None:
    """Ask which year (those with meetings; in January last year comes first), then print."""
    from app.meetings.listing import meeting_years

    with context.session() as session:
        years = meeting_years(session)
    if not years:
        QMessageBox.information(parent, "打印年度工作记录", "还没有任何会议记录。")
        return None
    today = dt.date.today()
    preferred = default or (today.year - 1 if today.month == 1 else today.year)
    index = years.index(preferred) if preferred in years else 0
    choice, ok = QInputDialog.getItem(parent, "打印年度工作记录", "年度：",
                                      [f"{y}年" for y in years], index, False)
    if not ok:
        return None
    return print_yearbook(parent, context, int(choice.removesuffix("年")))


class PlannedSigninDialog(QDialog):
    """签到表 for a meeting not held yet: the roster of that day, numbered after the others."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        from app.branch import group_choices
        from app.meetings.types import MEETING_TYPES, MeetingType

        super().__init__(parent)
        self.context = context
        self.preview: PdfPreviewDialog | None = None
        self.setWindowTitle("打印签到表（会前）")
        self.type_boxes: dict[str, QCheckBox] = {}
        types = QGridLayout()
        for n, meeting_type in enumerate(t for t in MEETING_TYPES if t != MeetingType.OTHER):
            box = QCheckBox(meeting_type)
            box.toggled.connect(self._update_group)
            self.type_boxes[meeting_type] = box
            types.addWidget(box, n // 3, n % 3)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.time = QTimeEdit(QTime(14, 30))
        self.time.setDisplayFormat("HH:mm")
        self.group = QComboBox()
        with context.session() as session:
            for group in group_choices(session):
                self.group.addItem(group.name, group.id)
        self.title = QLineEdit()
        self.title.setPlaceholderText("例如：学习贯彻全会精神")
        self.place = QLineEdit()
        self.chair = QLineEdit()
        self.chair.setPlaceholderText("例如：王明（书记）")
        form = QFormLayout()
        form.addRow("会议类型：", types)
        form.addRow("日期：", self.date)
        form.addRow("开始时间：", self.time)
        form.addRow("党小组：", self.group)
        form.addRow("会议主题：", self.title)
        form.addRow("地点：", self.place)
        form.addRow("主持人：", self.chair)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button = buttons.addButton("生成签到表",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.make_sheet)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._update_group()

    def _update_group(self) -> None:
        from app.meetings.types import MeetingType

        self.group.setEnabled(self.type_boxes[MeetingType.GROUP].isChecked())

    def make_sheet(self) -> None:
        from app.meetings.signin import planned_sheet, signin_pdf, signin_title
        from app.meetings.types import MeetingType

        types = [t for t, box in self.type_boxes.items() if box.isChecked()]
        if not types:
            self.error.setText("请至少选择一种会议类型")
            return
        group_id = self.group.currentData() if MeetingType.GROUP in types else None
        if MeetingType.GROUP in types and not group_id:
            self.error.setText("党小组会请选择党小组（可在“设置 → 支部信息”中添加党小组）")
            return
        with self.context.session() as session:
            sheet = planned_sheet(
                session, types, python_date(self.date.date()), group_id=group_id,
                group_name=self.group.currentText() if group_id else "",
                start_time=python_time(self.time.time()), title=self.title.text().strip(),
                place=self.place.text().strip(), chair=self.chair.text().strip())

        def build(progress: Progress) -> bytes:
            with self.context.session() as session:
                return signin_pdf(session, sheet, progress=progress)

        self.preview = preview_pdf(self.parentWidget() or self, "签到表", build,
                                   file_name=f"{signin_title(sheet)}.pdf")
        if self.preview is not None:
            self.accept()


class PrintButton(QToolButton):
    """打印 on the meeting page: the selected meeting's minutes or sign-in sheet, a sheet for
    a planned meeting, or the year's book (the year chosen in the list by default)."""

    def __init__(self, context: AppContext, selected: Callable[[], str | None],
                 year: Callable[[], int | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.selected, self.year = context, selected, year
        self.last: PdfPreviewDialog | None = None
        self.setObjectName("print-meetings")
        self.setText("打印")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.minutes_action = menu.addAction("会议记录（预览、打印）…", self.minutes)
        self.signin_action = menu.addAction("所选会议的签到表…", self.signin)
        self.planned_action = menu.addAction("会前签到表（按计划）…", self.planned)
        menu.addSeparator()
        self.book_action = menu.addAction("打印年度工作记录…", self.book)
        self.setMenu(menu)

    def minutes(self) -> None:
        meeting_id = self.selected()
        if meeting_id:
            self.last = print_minutes(self.window(), self.context, meeting_id)

    def signin(self) -> None:
        meeting_id = self.selected()
        if meeting_id:
            self.last = print_signin(self.window(), self.context, meeting_id)

    def planned(self) -> PlannedSigninDialog:
        dialog = PlannedSigninDialog(self.context, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def book(self) -> None:
        self.last = ask_yearbook(self.window(), self.context, self.year())
