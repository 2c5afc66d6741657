"""密码保护 in the window: the lock screen at start and after the idle minutes, three wrong
passwords make it wait, and 设置 → 密码保护 switches the password on."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from app import settings
from app.cli import main
from app.lock import service
from app.lock.idle import IDLE_MINUTES
from db import cipher
from ui.lock.dialogs import NewPasswordDialog, RecoveryKeyDialog
from ui.lock.screen import LockScreen
from ui.main_window import MainWindow

PASSWORD = "党支部2026"


@pytest.fixture
def branch_db(tmp_path: Path) -> Path:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    path = tmp_path / "data" / "branch.db"
    assert main(["--db", str(path), "init", "--name", "中共测试单位支部", "--code", "T-01"]) == 0
    return path


def when_shown(kind: type, act: Callable[[QDialog], None], title: str = "") -> None:
    """Run `act` on the dialog of that kind once it is on screen (it may still be coming)."""

    def look() -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)
                 and w.isVisible() and (not title or w.windowTitle() == title)]
        if found:
            act(found[0])
        else:
            QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)


def opened(qtbot, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_database(path)
    return window


def test_lock_screen_at_start_opens_with_the_password(qtbot, branch_db: Path) -> None:
    service.set_password(branch_db, PASSWORD)

    messages: list[str] = []

    def type_password(screen: LockScreen) -> None:  # no assert here: it runs inside exec()
        screen.password.setText("不对的密码")
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
        messages.append(screen.message.text())
        screen.password.setText(PASSWORD)
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)

    when_shown(LockScreen, type_password)
    window = opened(qtbot, branch_db)
    assert "密码不对" in messages[0]
    assert window.context.database.key is not None
    with window.context.session() as session:
        assert settings.get(session, IDLE_MINUTES) == 10
    assert window.idle_lock is not None and window.idle_lock.timer.interval() == 10 * 60_000
    window.close()


def test_lock_screen_appears_after_the_idle_time(qtbot, branch_db: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    service.set_password(branch_db, PASSWORD)
    monkeypatch.setenv(service.PASSWORD_ENV, PASSWORD)  # start without the dialog
    window = opened(qtbot, branch_db)
    idle = window.idle_lock
    idle.set_minutes(0.01)  # 0.6 s instead of 10 minutes
    qtbot.waitUntil(lambda: idle.screen is not None and idle.screen.isVisible(), timeout=10_000)
    assert not window.isVisible()  # nothing of the data is shown behind the lock
    screen = idle.screen
    screen.password.setText(PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(window.isVisible, timeout=5000)
    assert idle.screen is None and idle.timer.isActive()
    window.close()


def test_three_wrong_passwords_make_it_wait() -> None:
    now = [100.0]
    screen = LockScreen(Path("branch.db"), lambda _p: (_ for _ in ()).throw(
        cipher.WrongPassword()), clock=lambda: now[0])
    for _try in range(2):
        screen.password.setText("x")
        screen.try_unlock()
        assert screen.unlock_button.isEnabled()
    screen.password.setText("x")
    screen.try_unlock()
    assert not screen.unlock_button.isEnabled() and not screen.password.isEnabled()
    assert screen.unlock_button.text() == "请 30 秒后再试"
    screen.try_unlock()
    assert screen.wrong == 3  # no try while waiting
    now[0] += 30
    screen._count_down()
    assert screen.unlock_button.isEnabled() and screen.unlock_button.text() == "解锁"
    screen.password.setText("x")
    screen.try_unlock()
    assert screen.unlock_button.text() == "请 60 秒后再试"  # each further one doubles it


def test_settings_switch_the_password_on(qtbot, branch_db: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window = opened(qtbot, branch_db)
    window.go_to("设置")
    section = window.page("设置").sections["密码保护"]
    assert section.set_button.isVisible() and not section.minutes.isEnabled()
    shown: list[str] = []

    def answer(dialog: NewPasswordDialog) -> None:
        dialog.first.setText(PASSWORD)
        dialog.second.setText(PASSWORD)
        when_shown(RecoveryKeyDialog, close_recovery)
        dialog._check()

    def close_recovery(dialog: RecoveryKeyDialog) -> None:
        shown.append(dialog.findChild(QLabel, "recovery-key").text())
        dialog.accept()

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(str(a)))
    when_shown(NewPasswordDialog, answer)
    section.set_button.click()
    assert shown and cipher.unlock_with_recovery(branch_db, shown[0])
    assert cipher.is_encrypted(branch_db)
    assert window.context.database.key == cipher.unlock(branch_db, PASSWORD)
    assert section.change_button.isVisible() and section.minutes.isEnabled()
    assert window.idle_lock is not None
    with window.context.session() as session:  # the reopened database works
        assert settings.get(session, IDLE_MINUTES) == 10
    section.minutes.setValue(3)
    assert window.idle_lock.timer.interval() == 3 * 60_000
    window.close()
