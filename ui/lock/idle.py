"""Locking the window after the idle minutes of 设置 → 密码保护 (only with a password)."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from db import cipher
from ui.lock.screen import LockScreen

#: What counts as the user being there.
ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
            QEvent.Type.Wheel}


class IdleLock(QObject):
    """Covers every window with the lock screen after `minutes` without input; the same
    password (the one whose key opened the database) opens it again."""

    def __init__(self, window: QWidget, database: Path, key: bytes, minutes: int,
                 on_refused: Callable[[], None]) -> None:
        super().__init__(window)
        self.database, self.key = database, key
        self.screen: LockScreen | None = None
        self._hidden: list[QWidget] = []
        self._on_refused = on_refused
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        self._application().installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        self.timer.setInterval(max(int(minutes * 60_000), 1))
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._application().removeEventFilter(self)

    @staticmethod
    def _application() -> QCoreApplication:
        app = QApplication.instance()
        assert app is not None  # a lock exists only in a running program
        return app

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.screen is None and event.type() in ACTIVITY:
            self.timer.start()
        return False

    def _unlock(self, password: str) -> bytes:
        key = cipher.unlock(self.database, password)
        if key != self.key:
            raise cipher.WrongPassword()
        return key

    def lock(self) -> None:
        if self.screen is not None:
            return
        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        self.screen = LockScreen(self.database, self._unlock)
        self.screen.finished.connect(self._finished)
        self.screen.show()

    def _finished(self, result: int) -> None:
        self.screen = None
        if result != LockScreen.DialogCode.Accepted:
            self._on_refused()  # closed without the password: the program ends
            return
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.timer.start()
