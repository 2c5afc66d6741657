"""设置 → 支部信息: the same profile form as the setup wizard, with 保存 and 还原."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.meetings.committee import committee_from, latest_elected_committee
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
        self.elected_button = QPushButton("按最近一次换届选举填入")
        self.elected_button.setToolTip("用最近一次已定稿、有效的支部委员会选举结果填写委员名单和"
                                       "任期开始日期；连任的保留原职务，新当选的先填为委员")
        self.elected_button.clicked.connect(self.fill_from_election)
        committee_title = QHBoxLayout()
        committee_title.addWidget(QLabel("<b>书记和支部委员</b>"))
        committee_title.addStretch(1)
        committee_title.addWidget(self.elected_button)
        layout.addLayout(committee_title)
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

    def has_unsaved_changes(self) -> bool:
        return self.save_button.isEnabled()

    def refresh(self) -> None:
        """Data changed elsewhere: reload, unless the user is in the middle of editing."""
        if not self.has_unsaved_changes():
            self.load()

    def _edited(self) -> None:
        self._set_modified(True)
        self.status.setText("有未保存的修改")
        self.status.setStyleSheet("color: #b26a00;")

    def _set_modified(self, modified: bool) -> None:
        self.save_button.setEnabled(modified)
        self.revert_button.setEnabled(modified)

    def fill_from_election(self) -> None:
        with self.context.session() as session:
            elected = latest_elected_committee(session)
        if elected is None:
            QMessageBox.information(
                self, "按选举结果填入",
                "没有找到已定稿、选举有效的支部委员会选举记录（议题标题中含“支部委员会”或“支委”）。")
            return
        self.form.committee.set_value(committee_from(elected.names, self.form.committee.value()))
        self.form.term_start.set_date(elected.day)
        self.status.setText(
            f"已按 {elected.day:%Y-%m-%d} {elected.meeting} 的选举结果填入"
            f" {len(elected.names)} 名委员和任期开始日期，请核对书记、副书记和委员分工后保存。")
        self.status.setStyleSheet("color: #b26a00;")

    def save(self) -> None:
        if self.form.save(self.context):
            self.load()
            self.status.setText("已保存。")
            self.status.setStyleSheet("color: #2e7d32;")
