"""设置: one scrolling page of sections.

A section is a small widget class taking (context, parent) with a `refresh()` method; an
area adds its own by appending (title, module, class) to SECTIONS, e.g.
("会议", "ui.settings.meetings", "MeetingSettings"). Sections are built in this order, each
in its own titled box, and refreshed when data changes.
"""

import importlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.context import AppContext

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("支部信息", "ui.settings.profile", "ProfileSection"),
    ("数据与备份", "ui.settings.backups", "BackupSection"),
    ("密码保护", "ui.lock.settings", "PasswordSection"),
    ("会议", "ui.settings.meetings", "MeetingSettings"),
    ("打印", "ui.settings.printing", "PrintingSection"),
    ("党费", "ui.settings.dues", "DuesSection"),
    ("互助金和慰问", "ui.settings.fund", "FundSection"),
    ("志愿服务", "ui.service.settings", "ServiceSettings"),
)


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.sections: dict[str, QWidget] = {}
        self.boxes: dict[str, QGroupBox] = {}
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(16, 12, 24, 16)
        layout.setSpacing(14)
        title = QLabel("设置")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        layout.addWidget(title)
        for heading, module, cls in SECTIONS:
            section = getattr(importlib.import_module(module), cls)(context, self)
            box = QGroupBox(heading)
            box.setObjectName(f"section-{heading}")
            box.setStyleSheet("QGroupBox { font-weight: bold; } "
                              "QGroupBox * { font-weight: normal; }")
            QVBoxLayout(box).addWidget(section)
            layout.addWidget(box)
            self.sections[heading] = section
            self.boxes[heading] = box
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(column)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.scroll = scroll

    def show_section(self, heading: str) -> None:
        """Scroll so that the section's box starts at the top of the page."""
        box = self.boxes[heading]
        self.scroll.verticalScrollBar().setValue(box.y())

    def refresh(self) -> None:
        for section in self.sections.values():
            section.refresh()
