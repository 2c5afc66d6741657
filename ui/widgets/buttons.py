"""Push buttons of the pages' action rows."""

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton


def button(text: str, tip: str, slot: Callable[[], object], name: str = "") -> QPushButton:
    """A button that runs `slot()` (without `clicked`'s argument) and never grabs Enter."""
    widget = QPushButton(text)
    widget.setToolTip(tip)
    widget.setAutoDefault(False)
    if name:
        widget.setObjectName(name)
    widget.clicked.connect(lambda: slot())
    return widget
