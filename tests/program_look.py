"""The program's own look for GUI tests that measure or read text: the bundled font at its
size and Qt's Chinese translations, as the program sets them up for the user."""

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture
def program_look(qapp: QApplication) -> Iterator[QApplication]:
    from ui.app import install_font
    from ui.qt_chinese import install_translations

    font = qapp.font()
    install_font(qapp)
    install_translations(qapp)
    yield qapp
    qapp.setFont(font)
