"""A combo box of fixed choices that still shows a value it does not list (e.g. imported)."""

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QWidget


class ChoiceCombo(QComboBox):
    def __init__(self, choices: Iterable[str], parent: QWidget | None = None, *,
                 placeholder: str = "", editable: bool = False) -> None:
        super().__init__(parent)
        self.addItems(list(choices))
        self.setEditable(editable)
        if placeholder:
            self.setPlaceholderText(placeholder)
            line = self.lineEdit()
            if line is not None:  # editable
                line.setPlaceholderText(placeholder)
        self.setCurrentIndex(-1 if placeholder else 0)

    def text(self) -> str:
        return self.currentText().strip()

    def set_text(self, value: str) -> None:
        if not value:
            self.setCurrentIndex(-1)
            if self.isEditable():
                self.setEditText("")
            return
        if self.findText(value) < 0:
            self.addItem(value)
        self.setCurrentIndex(self.findText(value))
