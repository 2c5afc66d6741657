"""设置 → 会议: how often each kind of meeting is due, the 补录 threshold, the 民主评议 grades
and the phrases offered when writing minutes."""

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app import settings
from app.meetings.first_topic import required_types, save_required_types
from app.meetings.settings import (
    BACKDATED_DAYS,
    FREQUENCIES,
    FREQUENCY_CHOICES,
    GRADES,
    NOT_REQUIRED,
    PHRASES,
    frequency_of,
    save_meeting_settings,
)
from app.meetings.types import MEETING_TYPES, MeetingType
from ui.context import AppContext

GRADE_SEPARATORS = "、,，;；/ "


class MeetingSettings(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.frequency_boxes: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for index, meeting_type in enumerate(t for t in MEETING_TYPES if t != MeetingType.OTHER):
            box = QComboBox()
            box.addItems(FREQUENCY_CHOICES)
            self.frequency_boxes[meeting_type] = box
            grid.addWidget(QLabel(meeting_type + "："), index // 2, (index % 2) * 2)
            grid.addWidget(box, index // 2, (index % 2) * 2 + 1)
        grid.setColumnStretch(4, 1)
        self.backdated = QSpinBox()
        self.backdated.setObjectName("backdated-days")
        self.backdated.setRange(1, 365)
        self.backdated.setSuffix(" 天")
        self.grades = QLineEdit()
        self.grades.setObjectName("grades")
        self.grades.setPlaceholderText("用顿号分隔，第一个为最高等次")
        self.phrases = QPlainTextEdit()
        self.phrases.setObjectName("phrases")
        self.phrases.setPlaceholderText("每行一句")
        self.phrases.setFixedHeight(120)
        self.first_topic_boxes: dict[str, QCheckBox] = {}
        topics = QHBoxLayout()
        for meeting_type in (t for t in MEETING_TYPES if t != MeetingType.OTHER):
            check = QCheckBox(meeting_type)
            self.first_topic_boxes[meeting_type] = check
            topics.addWidget(check)
        topics.addStretch(1)
        form = QFormLayout()
        form.addRow("须有第一议题：", topics)
        form.addRow("会后超过", self._with_note(self.backdated, "录入的记录标为“补录”"))
        form.addRow("民主评议等次：", self.grades)
        form.addRow("会议记录常用语：", self.phrases)
        self.save_button = QPushButton("保存会议设置")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setObjectName("status")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.status, 1)
        note = QLabel("按期检查依据下列频次（《中国共产党支部工作条例（试行）》：党员大会每季度、"
                      "支委会每月、党小组会每月、党课每季度等）；党小组会按每个党小组分别检查。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.refresh()

    @staticmethod
    def _with_note(widget: QWidget, note: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        layout.addWidget(QLabel(note))
        layout.addStretch(1)
        return row

    def refresh(self) -> None:
        with self.context.session() as session:
            frequencies = settings.get(session, FREQUENCIES)
            days = settings.get(session, BACKDATED_DAYS)
            grades = settings.get(session, GRADES)
            phrases = settings.get(session, PHRASES)
            topic_types = required_types(session)
        for meeting_type, box in self.frequency_boxes.items():
            box.setCurrentText(frequency_of(frequencies, meeting_type) or NOT_REQUIRED)
        for meeting_type, check in self.first_topic_boxes.items():
            check.setChecked(meeting_type in topic_types)
        self.backdated.setValue(days)
        self.grades.setText("、".join(grades))
        self.phrases.setPlainText("\n".join(phrases))

    def save(self) -> None:
        text = self.grades.text()
        for separator in GRADE_SEPARATORS:
            text = text.replace(separator, "、")
        values = (
            {t: box.currentText() for t, box in self.frequency_boxes.items()},
            self.backdated.value(), text.split("、"), self.phrases.toPlainText().splitlines(),
        )
        topic_types = [t for t, check in self.first_topic_boxes.items() if check.isChecked()]

        def save_all(session: Session) -> bool:
            save_meeting_settings(session, *values)
            save_required_types(session, topic_types)
            return True

        if self.context.write(self, save_all):
            self.status.setText("已保存")
