"""帮助 in the menu bar: 用户手册 (F1) and 关于支部工作台. Light to build before the window's first
paint; the manual's code loads when an item is chosen."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenuBar, QWidget


def add_help_menu(menu_bar: QMenuBar, window: QWidget,
                  data_folder: Callable[[], Path | None]) -> None:
    menu = menu_bar.addMenu("帮助(&H)")
    menu.addAction("用户手册\tF1").triggered.connect(lambda: _manual(window))
    menu.addAction("关于支部工作台").triggered.connect(lambda: _about(window, data_folder()))


def _manual(window: QWidget) -> None:
    from ui.help import section_for, show_help

    show_help(section_for(window), window)


def _about(window: QWidget, data_folder: Path | None) -> None:
    from ui.help import AboutDialog

    AboutDialog(data_folder, window).exec()
