"""会议: the meeting records (list, search, editor) and the yearly compliance calendar."""

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.meetings.service import MeetingInput, delete_meeting
from app.meetings.templates import copy_meeting, from_template
from app.meetings.types import MEETING_TYPES, MeetingType, RecordStatus
from ui.areas import Area
from ui.context import AppContext
from ui.dialogs.meeting_print import PrintButton
from ui.meetings.compliance import ComplianceView
from ui.meetings.editor import MeetingEditor
from ui.meetings.listing import MeetingList
from ui.meetings.study_texts import StudyTextsTab


class MeetingsPage(QWidget):
    AREAS = frozenset({Area.MEETINGS, Area.MEMBERS, Area.SETTINGS})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        #: Where "today" comes from (tests put the demo branch's day here).
        self.today: Callable[[], dt.date] = dt.date.today
        self.editors: list[MeetingEditor] = []
        title = QLabel("会议记录")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")

        self.new_button = QToolButton()
        self.new_button.setObjectName("new-meeting")
        self.new_button.setText("新建会议记录")
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.new_button)
        for meeting_type in MEETING_TYPES:
            if meeting_type != MeetingType.OTHER:
                menu.addAction(meeting_type, lambda t=meeting_type: self.new_meeting([t]))
        menu.addAction("主题党日暨支部党员大会",
                       lambda: self.new_meeting([MeetingType.GENERAL, MeetingType.THEME_DAY]))
        menu.addAction("组织生活会暨民主评议党员",
                       lambda: self.new_meeting([MeetingType.LIFE, MeetingType.APPRAISAL]))
        menu.addAction("其他会议（空白）", lambda: self.new_meeting([MeetingType.OTHER]))
        self.new_button.setMenu(menu)
        self.copy_button = QPushButton("复制所选")
        self.copy_button.setToolTip("以所选会议为底稿新建（保留类型、地点、人员和议题）")
        self.copy_button.clicked.connect(self.copy_selected)
        self.open_button = QPushButton("打开")
        self.open_button.setToolTip("查看或编辑所选会议（也可双击）")
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton("删除草稿")
        self.delete_button.setToolTip("删除录错的草稿；已定稿的记录不能删除，只能修订")
        self.delete_button.clicked.connect(self.delete_selected)
        #: Actions on the selected meeting; printing adds its buttons here.
        self.action_row = QHBoxLayout()
        self.print_button = PrintButton(context, self._selected, lambda: self.list.selected_year())
        for widget in (self.new_button, self.copy_button, self.open_button,
                       self.delete_button, self.print_button):
            self.action_row.addWidget(widget)
        self.action_row.addStretch(1)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(16)
        heading.addLayout(self.action_row, 1)

        self.list = MeetingList(context)
        self.list.activated.connect(self.open_meeting)
        self.compliance = ComplianceView(context, self.today)
        self.compliance.open_meeting.connect(self.open_meeting)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.list, "会议记录")
        self.tabs.addTab(self.compliance, "按期检查")
        self.study_texts = StudyTextsTab(context, lambda: self.today())
        self.tabs.addTab(self.study_texts, "学习篇目")
        self.tabs.currentChanged.connect(lambda _index: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(heading)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # -- the window's keys -----------------------------------------------------------------

    def new_record(self) -> None:
        """Which kind of meeting: the 新建 menu opens under its button."""
        self.new_button.menu().popup(
            self.new_button.mapToGlobal(self.new_button.rect().bottomLeft()))

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.list)
        self.list.search.setFocus()
        self.list.search.selectAll()

    def print_page(self) -> None:
        """The selected meeting's minutes."""
        self.print_button.minutes()

    def set_today(self, today: Callable[[], dt.date]) -> None:
        self.today = today
        self.compliance.set_today(today)

    def refresh(self) -> None:
        if self.tabs.currentWidget() is self.compliance:
            self.compliance.refresh()
        elif self.tabs.currentWidget() is self.study_texts:
            self.study_texts.refresh()
        else:
            self.list.refresh()

    def show_meetings(self, year: int, meeting_type: str, meeting_ids: list[str]) -> None:
        """The list of that year's meetings of that type, with `meeting_ids` selected (a
        period's meetings, from 首页)."""
        self.tabs.setCurrentWidget(self.list)
        self.list.show_type_of_year(year, meeting_type)
        if meeting_ids:
            self.list.select(meeting_ids[0])

    def _open_editor(self, meeting_id: str | None = None,
                     start: MeetingInput | None = None) -> MeetingEditor:
        editor = MeetingEditor(self.context, meeting_id, start, self.today, self)
        editor.saved.connect(self._saved)
        editor.finished.connect(lambda _result: self.editors.remove(editor))
        self.editors.append(editor)
        editor.show()
        return editor

    def _saved(self, meeting_id: str) -> None:
        # Saving emitted data_changed first, so the list already shows the meeting.
        self.list.select(meeting_id)

    def new_meeting(self, types: list[str]) -> MeetingEditor:
        return self._open_editor(start=from_template(types, self.today()))

    def open_meeting(self, meeting_id: str) -> MeetingEditor:
        for editor in self.editors:
            if editor.meeting_id == meeting_id:
                editor.raise_()
                editor.activateWindow()
                return editor
        return self._open_editor(meeting_id)

    def _selected(self) -> str | None:
        meeting_id = self.list.current_id()
        if meeting_id is None:
            QMessageBox.information(self, "会议记录", "请先在列表中选择一次会议")
        return meeting_id

    def open_selected(self) -> None:
        meeting_id = self._selected()
        if meeting_id:
            self.open_meeting(meeting_id)

    def copy_selected(self) -> MeetingEditor | None:
        meeting_id = self._selected()
        if meeting_id is None:
            return None
        with self.context.session() as session:
            start = copy_meeting(session, meeting_id, self.today())
        return self._open_editor(start=start)

    def delete_selected(self) -> None:
        meeting_id = self._selected()
        if meeting_id is None:
            return
        row = next((r for r in self.list.rows if r.id == meeting_id), None)
        if row is not None and row.status != RecordStatus.DRAFT:
            QMessageBox.information(self, "会议记录",
                                    "已定稿的记录不能删除；如有错误请打开后“修订”。")
            return
        answer = QMessageBox.question(self, "删除草稿", "确定删除所选的会议记录草稿吗？")
        if answer == QMessageBox.StandardButton.Yes:
            self.context.write(self, lambda session: delete_meeting(session, meeting_id))
