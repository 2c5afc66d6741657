"""首页: the branch at a glance and what needs doing."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.home import reminders
from ui.context import AppContext

COLOURS = {"警告": "#b00020", "注意": "#b26a00", "提醒": "#333333"}


class HomePage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.summary = QLabel()
        self.list = QListWidget()
        self.list.setObjectName("reminders")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addSpacing(8)
        layout.addWidget(QLabel("待办提醒（双击前往处理）："))
        layout.addWidget(self.list, 1)
        self.refresh()

    def refresh(self) -> None:
        from app.branch import get_profile
        from app.members.service import list_members

        today = dt.date.today()
        with self.context.session() as session:
            profile = get_profile(session)
            members = list_members(session, on=today)
            found = reminders(session, today)
        self.title.setText(profile.name if profile else "尚未设置支部信息")
        full = sum(1 for m in members if m.category == "正式党员")
        self.summary.setText(
            f"今天是{today:%Y年%m月%d日}。党员 {len(members)} 名（正式党员 {full} 名，"
            f"预备党员 {len(members) - full} 名）。"
        )
        self.list.clear()
        if not found:
            self.list.addItem("暂无待办事项。")
        for reminder in found:
            item = QListWidgetItem(f"【{reminder.level}】{reminder.text}")
            item.setData(Qt.ItemDataRole.UserRole, reminder.page)
            item.setForeground(QColor(COLOURS.get(reminder.level, "#333333")))
            self.list.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        page = item.data(Qt.ItemDataRole.UserRole)
        window = self.window()
        if page and hasattr(window, "go_to"):
            window.go_to(page)

