"""What the dues dialogs share: a field form, an error line, 确定/取消, and asking before
breaking a soft rule (预交/补交 beyond six months)."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.dues.payments import ConfirmationRequired
from base.errors import UserError, ValidationError
from base.money import parse_yuan
from ui.context import AppContext
from ui.widgets.field_form import FieldForm

T = TypeVar("T")


def ask_to_confirm(parent: QWidget, warnings: list[str]) -> bool:
    answer = QMessageBox.question(
        parent, "请确认",
        "；\n".join(warnings) + "。\n\n党费预交、补交一般不超过6个月。"
        "确认该党员经支部同意，仍要登记吗？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def optional_yuan(text: str) -> Decimal:
    """An amount box that may be left empty (0)."""
    return parse_yuan(text) if text.strip() else Decimal("0.00")


class DuesDialog(QDialog):
    #: Saved; carries what the action returned (a receipt number, a result…).
    saved = Signal(object)

    def __init__(self, context: AppContext, title: str, today: dt.date,
                 parent: QWidget | None = None, ok_text: str = "确定") -> None:
        super().__init__(parent)
        self.context = context
        self.today = today
        self.setWindowTitle(title)
        self.form = FieldForm()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(buttons)

    def save(self) -> None:
        raise NotImplementedError

    def run(self, action: Callable[[Session, bool], T]) -> None:
        """Save with `action(session, confirmed)`; ask when a soft rule needs confirming,
        show refusals inline and close only when saved."""
        self.error.clear()
        self.form.clear_messages()
        try:
            try:
                result = self.context.apply(lambda s: action(s, False))
            except ConfirmationRequired as exc:
                if not ask_to_confirm(self, exc.warnings):
                    return
                result = self.context.apply(lambda s: action(s, True))
        except UserError as exc:
            self.show_error(exc)
            return
        self.saved.emit(result)
        self.accept()

    def show_error(self, exc: UserError) -> None:
        if isinstance(exc, ValidationError):
            for key, message in exc.fields.items():
                if key in self.form.fields:
                    self.form.show_message(key, message)
        self.error.setText(exc.message)
