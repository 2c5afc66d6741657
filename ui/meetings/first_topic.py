"""第一议题 box above the 议题 table: ticked, it is 议题1 and holds what was studied, picked
from the branch's 学习篇目 or typed; the table's 议题 are then numbered from 2."""

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.meetings.service import AgendaInput
from app.meetings.study import STUDY_FORMS
from app.meetings.study_texts import StudyTextRow
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField


class FirstTopicBox(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("第一议题（会议首先学习最新重要讲话和指示精神）", parent)
        self.setObjectName("first-topic")
        self.setCheckable(True)
        self.setChecked(False)
        self._texts: dict[str, tuple[str, dt.date | None]] = {}  # title -> (source, date)
        self.study_title = ChoiceCombo([], placeholder="选择学习篇目或直接输入学习内容",
                                       editable=True)
        self.study_title.setObjectName("first-topic-title")
        self.study_title.currentTextChanged.connect(self._title_changed)
        self.source = QLineEdit()
        self.source.setObjectName("first-topic-source")
        self.source.setPlaceholderText("如 求是、人民日报、新华社")
        self.day = DateField()
        self.day.setObjectName("first-topic-date")
        self.form = ChoiceCombo(STUDY_FORMS)
        self.form.setObjectName("first-topic-form")
        form = QFormLayout(self)
        form.addRow("学习内容", self.study_title)
        when = QHBoxLayout()
        when.addWidget(self.source, 1)
        when.addWidget(QLabel("讲话或指示日期"))
        when.addWidget(self.day)
        when.addWidget(QLabel("学习形式"))
        when.addWidget(self.form)
        form.addRow("出处", when)
        for signal in (self.toggled, self.source.textChanged, self.day.changed,
                       self.form.currentTextChanged):
            signal.connect(self.changed)

    def set_texts(self, texts: list[StudyTextRow]) -> None:
        """The branch's 学习篇目 offered in the title box."""
        current = self.study_title.text()
        self._texts = {t.title: (t.source, t.issued_on) for t in texts}
        self.study_title.blockSignals(True)
        self.study_title.clear()
        self.study_title.addItems(list(self._texts))
        self.study_title.set_text(current)
        self.study_title.blockSignals(False)

    def _title_changed(self, title: str) -> None:
        """Picking a 学习篇目 fills in its source and date."""
        if title in self._texts:
            source, day = self._texts[title]
            self.source.setText(source)
            self.day.set_date(day)
        self.changed.emit()

    def load(self, item: AgendaInput | None) -> None:
        self.blockSignals(True)
        self.setChecked(item is not None)
        self.study_title.set_text(item.title if item else "")
        self.source.setText(item.study_source if item else "")
        self.day.set_date(item.study_date if item else None)
        self.form.set_text(item.study_form if item and item.study_form else STUDY_FORMS[0])
        self.blockSignals(False)

    def value(self) -> AgendaInput | None:
        if not self.isChecked():
            return None
        return AgendaInput(self.study_title.text(), first_topic=True,
                           study_source=self.source.text().strip(),
                           study_date=self.day.date(), study_form=self.form.text())
