"""Widgets kept as plain QWidget (in a form's field map, a table cell, a delegate's editor)
taken back as the kind they were made."""

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def of_kind(widget: QWidget | None, kind: type[W]) -> W:
    """`widget` as a `kind`; anything else is a programming error."""
    if not isinstance(widget, kind):
        raise TypeError(f"expected a {kind.__name__}, found {type(widget).__name__}")
    return widget
