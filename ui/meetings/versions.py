"""版本记录: every finalised version of a record, each readable as it stood."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.meetings.detail import get_meeting_detail
from app.meetings.snapshots import version_detail
from app.meetings.text import minutes_text
from ui.context import AppContext


class VersionsDialog(QDialog):
    def __init__(self, context: AppContext, meeting_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meeting-versions")
        self.context = context
        self.meeting_id = meeting_id
        self.setWindowTitle("版本记录")
        self.resize(900, 620)
        self.list = QListWidget()
        self.list.setObjectName("version-list")
        self.text = QPlainTextEdit()
        self.text.setObjectName("version-text")
        self.text.setReadOnly(True)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.text)
        split.setSizes([260, 640])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        with context.session() as session:
            versions = get_meeting_detail(session, meeting_id).versions
        for version in reversed(versions):
            item = QListWidgetItem(f"第{version.number}版  {version.at.astimezone():%Y-%m-%d %H:%M}"
                                   f"\n{version.reason}（{version.actor}）")
            item.setData(Qt.ItemDataRole.UserRole, version.number)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._show)
        self.list.setCurrentRow(0)

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        with self.context.session() as session:
            detail = version_detail(session, self.meeting_id, item.data(Qt.ItemDataRole.UserRole))
        self.text.setPlainText(minutes_text(detail))
