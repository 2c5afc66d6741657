"""学习篇目 tab: the speeches and instructions the branch studies as 第一议题 (its own and
the city's recommendations), and what it studied this year."""

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.meetings.study_texts import (
    StudyTextInput,
    add_study_text,
    delete_study_text,
    list_study_texts,
)
from base.errors import UserError, ValidationError
from ui.context import AppContext
from ui.fund.common import selected_key
from ui.widgets.date_field import DateField
from ui.widgets.field_form import FieldForm
from ui.widgets.tables import fill_table, record_table

HEADERS = ("篇目", "出处", "讲话或指示日期", "来源")


class StudyTextDialog(QDialog):
    """A 学习篇目: title, source, date and a note, handed to `save` (the branch adds it to
    its list; the city recommends it to branches). A ValidationError shows by its field."""

    def __init__(self, window_title: str, save: Callable[[StudyTextInput], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(window_title)
        self.form = FieldForm()
        self.title = self.form.add("title", "篇目", QLineEdit(), required=True)
        self.source = self.form.add("source", "出处", QLineEdit())
        self.source.setPlaceholderText("如 求是、人民日报、新华社")
        self.issued_on = self.form.add("issued_on", "日期", DateField())
        self.notes = self.form.add("notes", "备注", QLineEdit())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def save(self) -> None:
        self.form.clear_messages()
        if self.issued_on.error():
            self.form.show_message("issued_on", self.issued_on.error() or "")
            return
        data = StudyTextInput(self.title.text(), self.source.text(), self.issued_on.date(),
                              self.notes.text())
        try:
            self._save(data)
        except ValidationError as exc:
            for key, message in exc.fields.items():
                self.form.show_message(key, message)
            return
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), exc.message)
            return
        self.accept()


class StudyTextsTab(QWidget):
    def __init__(self, context: AppContext, today: Callable[[], dt.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.today = context, today
        self.add_button = QPushButton("增加篇目…")
        self.add_button.clicked.connect(self.add_text)
        self.delete_button = QPushButton("删除所选")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        self.table = record_table("study-texts", HEADERS)
        note = QLabel("会议记录“议题与表决”中勾选“第一议题”时，可从这里选择学习内容。"
                      "工委推荐的篇目随回执文件自动加入。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def refresh(self) -> None:
        with self.context.session() as session:
            texts = list_study_texts(session)
            rows = [(t.id, [t.title, t.source, f"{t.issued_on:%Y-%m-%d}" if t.issued_on else "",
                            t.origin]) for t in texts]
        fill_table(self.table, rows)

    def add_text(self) -> StudyTextDialog:
        today = self.today()
        dialog = StudyTextDialog("增加学习篇目", lambda data: self.context.apply(
            lambda session: add_study_text(session, data, today)), self)
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        key = selected_key(self.table)
        if key is None:
            QMessageBox.information(self, "学习篇目", "请先在表中选择一个篇目。")
            return
        answer = QMessageBox.question(self, "删除学习篇目", "删除所选的学习篇目吗？已记录的会议"
                                                          "不受影响。")
        if answer == QMessageBox.StandardButton.Yes:
            self.context.write(self, lambda session: delete_study_text(session, str(key)))
