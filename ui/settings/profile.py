"""设置 → 支部信息: the same profile form as the setup wizard, with 保存 and 还原."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.widgets.profile_form import ProfileForm


class ProfileSection(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.form = ProfileForm(self)
        self.form.edited.connect(self._edited)
        self.save_button = QPushButton("保存支部信息")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("放弃修改")
        self.revert_button.setToolTip("恢复为已保存的内容")
        self.revert_button.clicked.connect(self.load)
        self.status = QLabel()
        self.status.setObjectName("status")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form.basics)
        layout.addWidget(QLabel("<b>书记和支部委员</b>"))
        layout.addWidget(self.form.committee)
        layout.addWidget(QLabel("<b>党小组</b>"))
        layout.addWidget(self.form.groups)
        layout.addLayout(buttons)
        self.setMaximumWidth(760)
        self.load()

    def load(self) -> None:
        with self.context.session() as session:
            self.form.load(session)
        self._set_modified(False)
        self.status.clear()

    def refresh(self) -> None:
        """Data changed elsewhere: reload, unless the user is in the middle of editing."""
        if not self.save_button.isEnabled():
            self.load()

    def _edited(self) -> None:
        self._set_modified(True)
        self.status.setText("有未保存的修改")
        self.status.setStyleSheet("color: #b26a00;")

    def _set_modified(self, modified: bool) -> None:
        self.save_button.setEnabled(modified)
        self.revert_button.setEnabled(modified)

    def save(self) -> None:
        if self.form.save(self.context):
            self.load()
            self.status.setText("已保存。")
            self.status.setStyleSheet("color: #2e7d32;")
