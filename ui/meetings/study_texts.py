"""学习篇目 tab: the speeches and instructions the branch studies as 第一议题 (its own and
the city's recommendations), and what it studied this year."""

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.meetings.study_texts import (
    StudyTextInput,
    add_study_text,
    delete_study_text,
    list_study_texts,
)
from base.errors import UserError
from ui.context import AppContext
from ui.widgets.date_field import DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.record_tab import NOTE_STYLE, RecordTab
from ui.widgets.tables import fill_table, record_table, selected_key

HEADERS = ("篇目", "出处", "讲话或指示日期", "来源")


class StudyTextDialog(FormDialog):
    """A 学习篇目: title, source, date and a note, handed to `save` (the branch adds it to
    its list; the city recommends it to branches). A ValidationError shows by its field."""

    def __init__(self, window_title: str, save: Callable[[StudyTextInput], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(window_title, parent, ok_text="保存")
        self._save = save
        self.title = self.form.add("title", "篇目", QLineEdit(), required=True)
        self.source = self.form.add("source", "出处", QLineEdit())
        self.source.setPlaceholderText("如 求是、人民日报、新华社")
        self.issued_on = self.form.add("issued_on", "日期", DateField())
        self.notes = self.form.add("notes", "备注", QLineEdit())

    def save(self) -> None:
        self.clear_errors()
        if self.issued_on.error():
            self.form.show_message("issued_on", self.issued_on.error() or "")
            return
        data = StudyTextInput(self.title.text(), self.source.text(), self.issued_on.date(),
                              self.notes.text())
        try:
            result = self._save(data)
        except UserError as exc:
            self.show_error(exc)
            return
        self.finish(result)


class StudyTextsTab(RecordTab):
    def __init__(self, context: AppContext, today: Callable[[], dt.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.today = context, today
        self.add_button = QPushButton("增加篇目…")
        self.add_button.clicked.connect(self.add_text)
        self.delete_button = QPushButton("删除所选")
        self.delete_button.clicked.connect(self.delete_selected)
        self.add_buttons([self.add_button, self.delete_button])
        self.table = self.add_body(record_table("study-texts", HEADERS))
        self.add_note("会议记录“议题与表决”中勾选“第一议题”时，可从这里选择学习内容。"
                      "工委推荐的篇目随回执文件自动加入。", style=NOTE_STYLE)

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
