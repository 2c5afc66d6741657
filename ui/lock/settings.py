"""设置 → 密码保护: switch the password on or off, change it, and the idle minutes."""

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import settings
from app.lock import service
from app.lock.idle import IDLE_MINUTES
from app.reports.common import branch_name
from base.errors import UserError
from db import cipher
from ui.context import AppContext
from ui.lock.dialogs import NewPasswordDialog, RecoveryKeyDialog, ask_to_remove
from ui.lock.idle import IdleLock

#: Converts the database at the path with the key it has; returns the key it has after.
Change = Callable[[Path, bytes | None], bytes | None]


@runtime_checkable
class ReopeningWindow(Protocol):
    """The branch window: it closes its database, lets `change` convert it, and reopens it."""

    def reopen(self, change: Change) -> None: ...


def switch(parent: QWidget, change: Change) -> bool:
    """Run a conversion through the main window (which closes and reopens the data)."""
    window = parent.window()
    assert isinstance(window, ReopeningWindow), "a password is set in the branch window"
    try:
        window.reopen(change)
    except UserError as exc:
        QMessageBox.warning(parent, "密码保护", exc.message)
        return False
    return True


def show_recovery(parent: QWidget, context: AppContext, keys: cipher.Keys) -> None:
    with context.session() as session:
        branch = branch_name(session)
    RecoveryKeyDialog(keys, branch, context.branch_database.path, parent).exec()


def protect(parent: QWidget, context: AppContext, password: str) -> bool:
    """Switch the password on (from 设置 or the first-run wizard) and hand out the 恢复密钥."""
    made: list[cipher.Keys] = []

    def change(path: Path, _key: bytes | None) -> bytes:
        made.append(service.set_password(path, password))
        return made[0].key

    if not switch(parent, change):
        return False
    show_recovery(parent, context, made[0])
    return True


class PasswordSection(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.state = QLabel()
        self.state.setObjectName("lock-state")
        self.state.setWordWrap(True)
        self.set_button = QPushButton("设置密码…")
        self.set_button.setObjectName("set-password")
        self.set_button.clicked.connect(self.set_password)
        self.change_button = QPushButton("修改密码…")
        self.change_button.clicked.connect(self.change_password)
        self.remove_button = QPushButton("取消密码…")
        self.remove_button.clicked.connect(self.remove_password)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("idle-minutes")
        self.minutes.setRange(1, 240)
        self.minutes.setSuffix(" 分钟")
        self.minutes.valueChanged.connect(self._save_minutes)
        buttons = QHBoxLayout()
        for button in (self.set_button, self.change_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        idle = QHBoxLayout()
        idle.addWidget(QLabel("无人操作多久后锁定："))
        idle.addWidget(self.minutes)
        idle.addStretch(1)
        note = QLabel("设置密码后，数据库和每份备份都加密保存：别人复制走文件也看不到党员信息。"
                      "打开程序和离开电脑一段时间后需要输入密码。设置时会给出恢复密钥，"
                      "请打印后锁进保密柜；忘记密码时用它打开数据。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addLayout(idle)
        self.refresh()

    def refresh(self) -> None:
        locked = self.context.branch_database.key is not None
        self.state.setText("已设置密码：数据库和备份加密保存。" if locked
                           else "未设置密码：数据库文件可被任何能使用这台电脑的人读取。")
        self.set_button.setVisible(not locked)
        self.change_button.setVisible(locked)
        self.remove_button.setVisible(locked)
        with self.context.session() as session:
            minutes = settings.get(session, IDLE_MINUTES)
        self.minutes.blockSignals(True)
        self.minutes.setValue(minutes)
        self.minutes.blockSignals(False)
        self.minutes.setEnabled(locked)

    def _save_minutes(self, minutes: int) -> None:
        self.context.write(self, lambda session: settings.put(session, IDLE_MINUTES, minutes))
        idle_lock = getattr(self.window(), "idle_lock", None)
        if isinstance(idle_lock, IdleLock):
            idle_lock.set_minutes(minutes)

    def _switch(self, change: Change) -> bool:
        ok = switch(self, change)
        self.refresh()
        return ok

    def _show_recovery(self, keys: cipher.Keys) -> None:
        show_recovery(self, self.context, keys)

    def set_password(self) -> None:
        dialog = NewPasswordDialog("设置密码", self)
        if dialog.exec():
            protect(self, self.context, dialog.password)
            self.refresh()

    def change_password(self) -> None:
        dialog = NewPasswordDialog("修改密码", self, current=True)
        if not dialog.exec():
            return
        made: list[cipher.Keys] = []

        def change(path: Path, key: bytes | None) -> bytes | None:
            if cipher.unlock(path, dialog.current.text()) != key:
                raise cipher.WrongPassword("当前密码")
            made.append(service.change_password(path, key, dialog.password))
            return made[0].key

        if self._switch(change):
            self._show_recovery(made[0])

    def remove_password(self) -> None:
        password = ask_to_remove(self, "取消密码", "取消后数据库不再加密，任何能使用这台"
                                 "电脑的人都能读取党员信息。确定取消密码吗？", "当前密码：")
        if password is None:
            return

        def change(path: Path, key: bytes | None) -> None:
            if cipher.unlock(path, password) != key:
                raise cipher.WrongPassword("当前密码")
            assert key is not None
            service.remove_password(path, key)

        self._switch(change)
