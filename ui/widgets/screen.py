"""Window sizes that fit the user's screen (1366×768 at 125 % leaves about 1093×614)."""

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room for the window's title bar and borders, which Windows adds around the size asked.
FRAME = 40


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """The preferred size, shrunk to the screen's free area so the buttons stay on it."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, area.width() - FRAME // 4)
        height = min(height, area.height() - FRAME)
    widget.resize(width, height)
