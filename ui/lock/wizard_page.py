"""The first-run wizard's page offering 密码保护 (recommended, and skippable)."""

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWizardPage

from app.lock import service
from base.errors import UserError
from db import cipher


class PasswordPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("密码保护（推荐）")
        self.setSubTitle("设置密码后，党员信息加密保存：别人复制走数据库或备份也无法查看。")
        self.enabled = QCheckBox("设置密码，加密保存数据")
        self.enabled.setObjectName("use-password")
        self.enabled.setChecked(True)
        self.first, self.second = QLineEdit(), QLineEdit()
        for name, edit in (("first", self.first), ("second", self.second)):
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("密码", self.first)
        form.addRow("再输入一次", self.second)
        note = QLabel(f"密码至少 {cipher.MIN_PASSWORD} 位。完成后程序给出恢复密钥，请打印保存；"
                      "忘记密码时用它打开数据。也可以以后在“设置 → 密码保护”中设置。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.enabled.toggled.connect(self.first.setEnabled)
        self.enabled.toggled.connect(self.second.setEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addStretch(1)

    @property
    def password(self) -> str | None:
        """The chosen password, None when the user chose none."""
        return self.first.text() if self.enabled.isChecked() else None

    def validatePage(self) -> bool:
        if not self.enabled.isChecked():
            return True
        try:
            service.check_new_password(self.first.text(), self.second.text())
        except UserError as exc:
            self.error.setText(exc.message)
            return False
        return True
