"""设置: one scrolling page of sections.

A section is a small widget class taking (context, parent) with a `refresh()` method; an
area adds its own by appending (title, module, class) to SECTIONS, e.g.
("会议", "ui.settings.meetings", "MeetingSettings"). Sections are built in this order, each
in its own titled box, and refreshed when data changes. Leaving the page with changes not yet
saved asks first.
"""

import importlib
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.areas import Area
from ui.context import AppContext
from ui.widgets.snapshot import entered_values

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


@runtime_checkable
class KeepsEdits(Protocol):
    """A section that keeps what the user typed when data changes elsewhere (it says itself
    whether it has unsaved changes, and `load` throws them away)."""

    def has_unsaved_changes(self) -> bool: ...

    def load(self) -> None: ...


class SettingsPage(QWidget):
    AREAS = frozenset({Area.SETTINGS, Area.DUES, Area.FUND, Area.MEMBERS, Area.MEETINGS})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.sections: dict[str, QWidget] = {}
        self._refreshers: dict[str, Callable[[], None]] = {}
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
            self._refreshers[heading] = section.refresh
            self.boxes[heading] = box
        layout.addStretch(1)
        self._mark_clean()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(column)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.body_area = scroll

    def show_section(self, heading: str) -> None:
        """Scroll so that the section's box starts at the top of the page."""
        box = self.boxes[heading]
        self.body_area.verticalScrollBar().setValue(box.y())

    def refresh(self) -> None:
        for refresh in self._refreshers.values():
            refresh()
        self._mark_clean()

    # -- unsaved changes ---------------------------------------------------------------------

    def _mark_clean(self) -> None:
        """What the sections show now counts as saved (they have just loaded it)."""
        self._clean = {heading: entered_values(section)
                       for heading, section in self.sections.items()}

    def unsaved_sections(self) -> list[str]:
        return [heading for heading, section in self.sections.items()
                if (section.has_unsaved_changes() if isinstance(section, KeepsEdits)
                    else entered_values(section) != self._clean[heading])]

    def may_leave(self) -> bool:
        """Leaving with unsaved changes: ask, and on 放弃 show what is saved again."""
        unsaved = self.unsaved_sections()
        if not unsaved:
            return True
        answer = QMessageBox.question(
            self, "设置未保存", f"“{'”“'.join(unsaved)}”中的修改还没有保存。\n"
            "要放弃这些修改吗？（选“取消”留在设置页，再点各部分的保存按钮。）",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Discard:
            return False
        for heading in unsaved:
            section = self.sections[heading]
            if isinstance(section, KeepsEdits):
                section.load()
            else:
                self._refreshers[heading]()
        self._mark_clean()
        return True
