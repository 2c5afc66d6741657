"""工委密码 in the city window: asked when the window opens the database; set, changed or
removed from the 工委密码 menu. The opened keys stay with the database (app/city/key_lock).

The button is on screen before the database opens: the database side and the dialogs load
when first needed, after the window's first paint."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QPushButton, QWidget

from base.errors import UserError

if TYPE_CHECKING:
    from db import cipher
    from db.city.database import CityDatabase
    from ui.lock.screen import LockScreen

#: The lock screen keeps what `unlock` returns; the city's keys stay with the database.
OPENED = b""


def _show_recovery(parent: QWidget, database: "CityDatabase", keys: "cipher.Keys") -> None:
    from app.city import key_lock
    from ui.lock.dialogs import RecoveryKeyDialog

    with database.session() as session:
        name = key_lock.city_identity(session).name
    RecoveryKeyDialog(keys, name, key_lock.where(database), parent, city=True).exec()


def _recover(database: "CityDatabase", parent: QWidget) -> bytes | None:
    from app.city import key_lock
    from ui.lock.dialogs import NewPasswordDialog

    dialog = NewPasswordDialog("用恢复密钥设置新的工委密码", parent, recovery=True)
    if not dialog.exec():
        return None
    keys = key_lock.recover(database, dialog.recovery.text(), dialog.password)
    _show_recovery(parent, database, keys)
    return OPENED


def lock_screen(parent: QWidget, database: "CityDatabase") -> "LockScreen":
    from app.city import key_lock
    from ui.lock.screen import LockScreen

    def unlock(password: str) -> bytes:
        key_lock.unlock(database, password)
        return OPENED

    return LockScreen(key_lock.where(database), unlock,
                      recover=lambda dialog: _recover(database, dialog), parent=parent,
                      prompt="工委私钥已加密保护，请输入工委密码")


def unlock_at_start(parent: QWidget, database: "CityDatabase") -> bool:
    """True when the city's keys are open (or have no password)."""
    from app.city import key_lock

    if not key_lock.needs_password(database):
        return True
    return lock_screen(parent, database).exec() == QDialog.DialogCode.Accepted


class PasswordButton(QPushButton):
    """工委密码 ▾: 设置 when there is none, else 修改 and 取消."""

    def __init__(self, database: Callable[[], "CityDatabase | None"],
                 parent: QWidget | None = None) -> None:
        super().__init__("工委密码", parent)
        self.setObjectName("city_password")
        self._database = database
        menu = QMenu(self)
        self.set_action = menu.addAction("设置工委密码…", self.set_password)
        self.change_action = menu.addAction("修改工委密码…", self.change_password)
        self.remove_action = menu.addAction("取消工委密码…", self.remove_password)
        menu.aboutToShow.connect(self.refresh)
        self.setMenu(menu)

    def refresh(self) -> None:
        from app.city import key_lock

        database = self._database()
        protected = database is not None and key_lock.has_password(database)
        self.set_action.setVisible(database is not None and not protected)
        self.change_action.setVisible(protected)
        self.remove_action.setVisible(protected)

    def _run(self, work: Callable[["CityDatabase"], "cipher.Keys | None"]) -> None:
        database = self._database()
        if database is None:
            return
        try:
            keys = work(database)
        except UserError as exc:
            QMessageBox.warning(self, "工委密码", exc.message)
            return
        if keys is not None:
            _show_recovery(self, database, keys)

    def _check_current(self, database: "CityDatabase", password: str) -> None:
        from app.city import key_lock

        with database.session() as session:
            key_lock.open_keys(session, password)

    def set_password(self) -> None:
        from app.city import key_lock
        from ui.lock.dialogs import NewPasswordDialog

        dialog = NewPasswordDialog("设置工委密码", self)
        if dialog.exec():
            self._run(lambda database: key_lock.set_password(database, dialog.password))

    def change_password(self) -> None:
        from app.city import key_lock
        from ui.lock.dialogs import NewPasswordDialog

        dialog = NewPasswordDialog("修改工委密码", self, current=True)
        if not dialog.exec():
            return

        def change(database: "CityDatabase") -> "cipher.Keys":
            self._check_current(database, dialog.current.text())
            return key_lock.change_password(database, dialog.password)

        self._run(change)

    def remove_password(self) -> None:
        from app.city import key_lock
        from ui.lock.dialogs import ask_to_remove

        password = ask_to_remove(self, "取消工委密码", "取消后工委私钥不再加密保存，能读取工委"
                                 "数据库的人就能以工委的名义签发回执。确定取消吗？",
                                 "当前工委密码：")
        if password is None:
            return

        def remove(database: "CityDatabase") -> None:
            self._check_current(database, password)
            key_lock.remove_password(database)

        self._run(remove)
