"""Typing into widgets as a user does: keys for ASCII, the input method for Chinese.

QTest.keyClicks only knows ASCII (other characters abort Qt), while Chinese is entered
through an input method that commits whole words, so that is what is simulated here.
"""

from itertools import groupby

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    for is_ascii, run in groupby(text, key=str.isascii):
        chunk = "".join(run)
        if is_ascii:
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)
