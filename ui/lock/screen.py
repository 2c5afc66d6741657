"""The lock screen: the password opens the data; three wrong ones in a row make it wait."""

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.lock.idle import wait_after
from base.errors import UserError


class LockScreen(QDialog):
    """Asks for the password until `unlock(password)` returns a key (kept in `key`).

    `recover` (given at start only, when nothing is open yet) offers 忘记密码.
    """

    def __init__(self, database: Path | str, unlock: Callable[[str], bytes],
                 recover: Callable[[QWidget], bytes | None] | None = None,
                 parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic,
                 prompt: str = "数据已加密保护，请输入密码") -> None:
        super().__init__(parent)
        self.setWindowTitle("支部工作台已锁定")
        self.setObjectName("lock-screen")
        self.key: bytes | None = None
        self._unlock = unlock
        self._recover = recover
        self._clock = clock
        self.wrong = 0
        self._until = 0.0
        title = QLabel(prompt)
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        where = QLabel(f"数据库：{database}")
        where.setWordWrap(True)
        where.setStyleSheet("color: #666;")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("密码")
        self.password.returnPressed.connect(self.try_unlock)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.unlock_button = QPushButton("解锁")
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        buttons = QHBoxLayout()
        if recover is not None:
            forgot = QPushButton("忘记密码…")
            forgot.setObjectName("forgot")
            forgot.clicked.connect(self._forgot)
            buttons.addWidget(forgot)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        self.setMinimumWidth(420)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, True)

    def try_unlock(self) -> None:
        if self._clock() < self._until:
            return
        try:
            self.key = self._unlock(self.password.text())
        except UserError as exc:
            self.wrong += 1
            self.password.clear()
            wait = wait_after(self.wrong)
            self.message.setText(exc.message + (f"已连续输错 {self.wrong} 次。" if wait else ""))
            if wait:
                self._until = self._clock() + wait
                self._set_waiting(True)
                self._count_down()
            return
        self.accept()

    def _set_waiting(self, waiting: bool) -> None:
        self.password.setEnabled(not waiting)
        self.unlock_button.setEnabled(not waiting)
        if waiting:
            self._tick.start()
        else:
            self._tick.stop()
            self.unlock_button.setText("解锁")
            self.password.setFocus()

    def _count_down(self) -> None:
        left = int(self._until - self._clock() + 0.999)
        if left <= 0:
            self._set_waiting(False)
            self.message.setText(f"已连续输错 {self.wrong} 次，请仔细输入。")
            return
        self.unlock_button.setText(f"请 {left} 秒后再试")

    def _forgot(self) -> None:
        assert self._recover is not None
        try:
            key = self._recover(self)
        except UserError as exc:
            QMessageBox.warning(self, "无法恢复", exc.message)
            return
        if key is not None:
            self.key = key
            self.accept()
