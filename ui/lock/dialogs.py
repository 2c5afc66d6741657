"""Dialogs of 密码保护: a new password (twice), the 恢复密钥 to print, recovery with it."""

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.lock import service
from base.errors import UserError
from db import cipher
from ui.widgets.form_dialog import FormDialog


def _secret(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class NewPasswordDialog(FormDialog):
    """The new password, typed twice; with `current`, the present one first."""

    def __init__(self, title: str, parent: QWidget | None = None, *, current: bool = False,
                 recovery: bool = False) -> None:
        super().__init__(title, parent)
        self.current = _secret("current")
        self.recovery = QLineEdit()
        self.recovery.setObjectName("recovery")
        self.recovery.setPlaceholderText("恢复密钥页上的8组字符，每组4个，用“-”隔开")
        if recovery:
            self.form.add("recovery", "恢复密钥", self.recovery)
        if current:
            self.form.add("current", "当前密码", self.current)
        self.first, self.second = _secret("first"), _secret("second")
        self.form.add("first", "新密码", self.first)
        self.form.add("second", "再输入一次", self.second)
        note = QLabel(f"密码至少 {cipher.MIN_PASSWORD} 位。设置后程序会给出恢复密钥，请打印保存。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.body.addWidget(note)

    def save(self) -> None:
        self.clear_errors()
        try:
            service.check_new_password(self.first.text(), self.second.text())
        except UserError as exc:
            self.show_error(exc)
            return
        self.finish(None)

    @property
    def password(self) -> str:
        return self.first.text()


class RecoveryKeyDialog(QDialog):
    """Shows the new 恢复密钥 once, with a button to save its sheet as PDF for printing."""

    def __init__(self, keys: cipher.Keys, branch: str, database: Path | str,
                 parent: QWidget | None = None, city: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("恢复密钥")
        self._keys, self._branch, self._database = keys, branch, database
        self._city = city
        heading = QLabel("请打印或抄写恢复密钥，锁在保密柜中。忘记密码时，用它打开数据。")
        heading.setWordWrap(True)
        key = QLabel(keys.recovery)
        key.setObjectName("recovery-key")
        key.setStyleSheet("font-size: 20px; font-family: monospace; padding: 8px;")
        key.setTextInteractionFlags(key.textInteractionFlags().TextSelectableByMouse)
        save = QPushButton("保存恢复密钥页（PDF）…")
        save.clicked.connect(self.save_pdf)
        done = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        done.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(key)
        layout.addWidget(save)
        layout.addWidget(done)

    def save_pdf(self, path: str | None = None) -> None:
        from app.files import write_safely
        from app.lock.sheet import recovery_sheet_pdf

        if not path:
            path, _filter = QFileDialog.getSaveFileName(self, "保存恢复密钥页", "恢复密钥.pdf",
                                                        "PDF 文件 (*.pdf)")
        if not path:
            return
        try:
            write_safely(Path(path), recovery_sheet_pdf(self._branch, self._keys.recovery,
                                                        str(self._database), city=self._city))
        except UserError as exc:
            QMessageBox.warning(self, "无法保存", exc.message)


def recover_at_start(database: Path, parent: QWidget) -> bytes | None:
    """忘记密码 on the lock screen: the 恢复密钥 and a new password re-key the database."""
    dialog = NewPasswordDialog("用恢复密钥设置新密码", parent, recovery=True)
    if not dialog.exec():
        return None
    keys = service.recover(database, dialog.recovery.text(), dialog.password)
    RecoveryKeyDialog(keys, "", database, parent).exec()
    return keys.key


def ask_to_remove(parent: QWidget, title: str, warning: str, prompt: str) -> str | None:
    """Taking a password off: the warning, then the current password (None when declined)."""
    sure = QMessageBox.question(parent, title, warning)
    if sure != QMessageBox.StandardButton.Yes:
        return None
    password, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
    return password if ok else None
