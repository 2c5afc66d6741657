"""Opens every entry of tests/ui_inventory.py on this process's screen and writes, as JSON,
what did not fit: a window's frame outside the screen's available area, or a save/OK button
not visible. Run by tests/test_screen_fit.py once per supported screen:

    QT_QPA_PLATFORM=offscreen:configfile=screen.json QT_SCALE_FACTOR=1.25 \
        python -m tests.screen_fit_probe branch.db city.db settings/ out.json
"""

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QWidget

from tests.ui_inventory import ENTRIES, Entry, Harness, find_button, settings_in
from ui.app import guard_windows, setup_application
from ui.widgets.form_dialog import FormDialog


def must_show(window: QWidget, entry: Entry) -> list[QAbstractButton]:
    buttons = [find_button(window, key) for key in entry.buttons]
    if isinstance(window, FormDialog):
        buttons += [window.ok_button, window.cancel_button]
    for box in window.findChildren(QDialogButtonBox):
        if box.window() is window:
            buttons += [b for b in box.buttons() if not b.isHidden()]
    return buttons


def problems(window: QWidget, entry: Entry) -> list[str]:
    found = []
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if not area.contains(frame):
        found.append(f"{entry.name}: 窗口 {frame.getRect()} 超出屏幕可用区域 {area.getRect()}")
    for button in must_show(window, entry):
        place = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        on_screen = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        if not button.isVisible() or not window.rect().contains(place) \
                or not area.contains(on_screen):
            found.append(f"{entry.name}: 按钮“{button.text()}”不可见（{place.getRect()}）")
    return found


def main(branch_db: str, city_db: str, settings: str, out: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings_in(Path(settings))
    setup_application(app)
    guard_windows(app)
    screen = app.primaryScreen().availableGeometry()
    found: list[str] = []
    checked: list[str] = []
    with Harness(Path(branch_db), Path(city_db)) as harness:
        for entry in ENTRIES:
            try:
                window = harness.open(entry)
                found += problems(window, entry)
                checked.append(entry.name)
            except Exception as exc:  # reported; the next entry is still tried
                found.append(f"{entry.name}: {type(exc).__name__}: {exc}")
            harness.close_dialogs()
    Path(out).write_text(json.dumps({"screen": screen.getRect(), "checked": checked,
                                     "problems": found}, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
