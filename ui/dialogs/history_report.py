"""What the upgrade to member history could not derive, item by item; once the secretary
has put it right (委员 任职 in 设置, 起止日期 in 党籍变化), 已核对 stops the reminder."""

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.members.history import confirm_history_report
from ui.context import AppContext


class HistoryReportDialog(QDialog):
    def __init__(self, context: AppContext, lines: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history-report")
        self.setWindowTitle("升级后需要核对的党员历史")
        self.context = context
        note = QLabel("升级到本版时，程序从已有记录推出了党员的转正批准、党籍变化和支部委员的任职。"
                      "以下各项无法从记录中推出，请逐项核对、补录；核对完后点“已核对，不再提醒”。")
        note.setWordWrap(True)
        self.items = QListWidget()
        self.items.setWordWrap(True)
        self.items.setSpacing(4)
        self.items.addItems(lines)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.checked_button = QPushButton("已核对，不再提醒")
        self.checked_button.setObjectName("checked")
        buttons.addButton(self.checked_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.checked_button.clicked.connect(self._checked)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.items, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def _checked(self) -> None:
        if self.context.write(self, confirm_history_report) is not None:
            self.accept()
