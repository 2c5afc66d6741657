"""What the payment dialogs share: asking before breaking a soft rule (预交/补交 beyond six
months), and amount boxes that may stay empty."""

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.orm import Session

from app.dues.payments import ConfirmationRequired
from base.errors import UserError
from base.money import parse_yuan
from ui.widgets.form_dialog import FormDialog

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


class DuesDialog(FormDialog):
    def run_confirmed(self, action: Callable[[Session, bool], T]) -> None:
        """Save with `action(session, confirmed)`; ask when a soft rule needs confirming,
        show refusals inline and close only when saved."""
        self.clear_errors()
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
        self.finish(result)
