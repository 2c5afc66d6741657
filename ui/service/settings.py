"""设置 → 志愿服务: the list of activity types (“五个一” by default)."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.service.rules import FIVE_ONES, activity_types, save_activity_types
from ui.context import AppContext


class ServiceSettings(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.types = QPlainTextEdit()
        self.types.setObjectName("activity-types")
        self.types.setPlaceholderText("每行一种")
        self.types.setFixedHeight(120)
        self.save_button = QPushButton("保存活动类型")
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton("恢复“五个一”")
        self.reset_button.clicked.connect(lambda: self.types.setPlainText("\n".join(FIVE_ONES)))
        self.status = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.status, 1)
        note = QLabel("登记志愿服务时可选的活动类型，每行一种。已登记的记录保留原来的类型。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(note)
        layout.addWidget(self.types)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        with self.context.session() as session:
            self.types.setPlainText("\n".join(activity_types(session)))

    def save(self) -> None:
        types = self.types.toPlainText().splitlines()

        def store(session: Session) -> bool:
            save_activity_types(session, types)
            return True

        if self.context.write(self, store):
            self.status.setText("已保存")
