"""What the user has entered in a form, to tell whether anything changed since it was shown."""

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QWidget,
)


def _value(widget: QWidget) -> object:
    """What the user can change in `widget` (None for widgets that hold no input)."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    if isinstance(widget, QTableWidget):
        return [(item.text(), item.checkState()) if item else None
                for r in range(widget.rowCount()) for c in range(widget.columnCount())
                for item in (widget.item(r, c),)]
    return None


def entered_values(form: QWidget) -> list[object]:
    """The values of every input field inside `form`, in a fixed order."""
    return [_value(w) for w in form.findChildren(QWidget)]
