"""The one dialog base: a body that scrolls when the screen is small, an error line and a
button row that always stay visible, Ctrl+S for the main button, and Esc (取消, the close box)
asking before what was typed is thrown away."""

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from base.errors import UserError, ValidationError
from ui.context import AppContext
from ui.widgets.date_field import DateField
from ui.widgets.field_form import ERROR_STYLE, FieldForm
from ui.widgets.screen import default_size, fit_to_screen
from ui.widgets.snapshot import entered_values

T = TypeVar("T")
#: Wide enough for a form of labelled fields; as tall as the fields need.
DEFAULT_SIZE = QSize(560, 0)


def ask_to_discard(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent, "放弃修改", "填写的内容还没有保存，确定要放弃吗？",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard


class FormDialog(QDialog):
    #: Saved; carries what the action returned (an id, a receipt number…).
    saved = Signal(object)

    def __init__(self, title: str, parent: QWidget | None = None, *,
                 context: AppContext | None = None, ok_text: str = "确定",
                 cancel_text: str = "取消", size: QSize = DEFAULT_SIZE) -> None:
        """`context` is where `run` saves; `size` is the size wanted (0: as the contents
        need), a smaller screen gets less."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self._context = context
        self._wanted = size
        self._clean: object = None
        #: Above the scrolling body: headings that must stay in view.
        self.top = QVBoxLayout()
        self.form = FieldForm()
        inner = QWidget()
        #: The scrolling body; the field form is its first item.
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.form)
        self.body_area = QScrollArea()
        self.body_area.setObjectName("dialog-body")
        self.body_area.setWidgetResizable(True)
        self.body_area.setFrameShape(QFrame.Shape.NoFrame)
        self.body_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body_area.setWidget(inner)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("ok")
        self.cancel_button = self.buttons.addButton(cancel_text,
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancel")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        #: The button row: extra buttons on the left (`add_button`), then the main ones.
        self.footer = QHBoxLayout()
        self.footer.addStretch(1)
        self.footer.addWidget(self.buttons)
        #: What Ctrl+S presses (a dialog with several saving buttons may point it elsewhere).
        self.save_button: QPushButton = self.ok_button
        QShortcut(QKeySequence.StandardKey.Save, self, self._save_key)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(self.top)
        self._layout.addWidget(self.body_area, 1)
        self._layout.addWidget(self.error)
        self._layout.addLayout(self.footer)

    # -- the frame --------------------------------------------------------------------------

    def add_button(self, text: str, slot: Callable[[], object], *, name: str = "",
                   tip: str = "") -> QPushButton:
        """A button at the left of the button row."""
        widget = QPushButton(text)
        widget.setObjectName(name)
        widget.setToolTip(tip)
        widget.setAutoDefault(False)
        widget.clicked.connect(lambda: slot())
        self.footer.insertWidget(self.footer.count() - 2, widget)
        return widget

    def set_body(self, widget: QWidget, form: FieldForm | None = None) -> None:
        """`widget` (tabs, say) instead of the field form as the scrolling body; `form` is
        the field form inside it that shows the fields' messages, if it has one."""
        self.body_area.takeWidget().deleteLater()
        self.body_area.setWidget(widget)
        self.form = form or FieldForm()

    def add_above_buttons(self, widget: QWidget) -> None:
        """A fixed line just above the button row (it never scrolls away)."""
        self._layout.insertWidget(self._layout.indexOf(self.error) + 1, widget)

    def sizeHint(self) -> QSize:
        # The body's whole height when it fits; fit_to_screen shrinks it otherwise.
        hint = super().sizeHint()
        body = self._body().sizeHint()
        chrome = hint.height() - self.body_area.sizeHint().height()
        wanted = QSize(max(hint.width(), body.width() + 24, self._wanted.width()),
                       max(chrome + body.height() + 4, self._wanted.height()))
        return default_size(self, wanted)

    def showEvent(self, event: QShowEvent) -> None:
        if self._clean is None:
            self.resize(self.sizeHint())
            self.mark_clean()
        super().showEvent(event)
        fit_to_screen(self)

    def _save_key(self) -> None:
        if self.save_button.isVisible() and self.save_button.isEnabled():
            self.save_button.click()

    # -- unsaved changes --------------------------------------------------------------------

    def snapshot(self) -> object:
        """What the user has entered; a change from the shown state counts as unsaved."""
        return entered_values(self._body())

    def _body(self) -> QWidget:
        body = self.body_area.widget()
        assert body is not None  # the scroll area always holds the body
        return body

    def mark_clean(self) -> None:
        """What is shown now counts as saved."""
        self._clean = self.snapshot()

    def has_unsaved_changes(self) -> bool:
        return self._clean is not None and self.snapshot() != self._clean

    def reject(self) -> None:
        """取消, Esc and the close box: ask before throwing away what was typed."""
        if self.has_unsaved_changes() and not ask_to_discard(self):
            return
        super().reject()

    # -- saving -----------------------------------------------------------------------------

    @property
    def context(self) -> AppContext:
        assert self._context is not None, "this dialog saves nothing itself"
        return self._context

    def save(self) -> None:
        """The main button: check, save, close (`run` does the last two)."""
        self.accept()

    def required_date(self, key: str, field: DateField, missing: str = "请填写日期"
                      ) -> dt.date | None:
        """The date in `field`, or None after saying under it why there is none."""
        day = field.date()
        if day is None:
            self.form.show_message(key, field.error() or missing)
        return day

    def run(self, action: Callable[[Session], T]) -> None:
        """Save with `action(session)`; show a refusal inline and close only when saved."""
        self.clear_errors()
        try:
            result = self.context.apply(action)
        except UserError as exc:
            self.show_error(exc)
            return
        self.finish(result)

    def finish(self, result: object) -> None:
        self.saved.emit(result)
        self._clean = None
        self.accept()

    def clear_errors(self) -> None:
        self.error.clear()
        self.form.clear_messages()

    def show_error(self, exc: UserError) -> None:
        if isinstance(exc, ValidationError):
            for key, message in exc.fields.items():
                if key in self.form.fields:
                    self.form.show_message(key, message)
        self.error.setText(exc.message)
