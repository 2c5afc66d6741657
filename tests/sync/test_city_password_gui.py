"""工委密码 in the city window: set from the 工委密码 menu with its 恢复密钥, asked when the
window opens the database (a wrong one refused), and the window closes when it is not given."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QPushButton

from app.city import key_lock
from app.city.keys import city_keys, init_city
from db.city.database import CityDatabase
from tests.test_lock_gui import when_shown
from ui.lock.dialogs import NewPasswordDialog, RecoveryKeyDialog
from ui.lock.screen import LockScreen

PASSWORD = "工委密码2026"


@pytest.fixture
def city_path(tmp_path: Path) -> Path:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    path = tmp_path / "city.db"
    with CityDatabase.open(path) as database, database.session() as session:
        init_city(session, "中共市直属机关工作委员会")
    return path


def press_ok(dialog: NewPasswordDialog) -> None:
    dialog.ok_button.click()


def open_window(qtbot, path: Path):  # type: ignore[no-untyped-def]
    from ui.city.window import CityWindow

    window = CityWindow()
    qtbot.addWidget(window)
    return window, window.open_database(path)


def test_the_menu_sets_the_city_password_and_hands_out_the_recovery_key(
        qtbot, city_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window, opened = open_window(qtbot, city_path)
    assert opened
    with window.database.session() as session:
        pair = city_keys(session)
    button = window.findChild(QPushButton, "city_password")
    button.refresh()
    assert button.set_action.isVisible() and not button.change_action.isVisible()
    shown: list[str] = []

    def answer(dialog: NewPasswordDialog) -> None:
        dialog.first.setText(PASSWORD)
        dialog.second.setText(PASSWORD)
        when_shown(RecoveryKeyDialog, close_recovery)
        press_ok(dialog)

    def close_recovery(dialog: RecoveryKeyDialog) -> None:
        shown.append(dialog.findChild(QLabel, "recovery-key").text())
        dialog.save_pdf(str(city_path.with_name("恢复密钥.pdf")))
        dialog.accept()

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(str(a)))
    when_shown(NewPasswordDialog, answer)
    button.set_action.trigger()
    assert shown and city_path.with_name("恢复密钥.pdf").read_bytes()[:4] == b"%PDF"
    assert key_lock.has_password(window.database)
    assert pair.sign_private not in city_path.read_bytes()
    with window.database.session() as session:  # the open window keeps working
        assert city_keys(session) == pair
        assert key_lock.open_keys_with_recovery(session, shown[0]) == pair
    button.refresh()
    assert button.change_action.isVisible() and not button.set_action.isVisible()

    # 取消工委密码 needs the current one: a wrong one is refused in Chinese
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("不对的密码", True))
    button.remove_action.trigger()
    assert "工委密码不对" in warnings[0] and key_lock.has_password(window.database)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (PASSWORD, True))
    button.remove_action.trigger()
    assert not key_lock.has_password(window.database) and len(warnings) == 1
    window.close()


def test_the_window_asks_for_the_city_password_when_it_opens(qtbot, city_path: Path) -> None:
    with CityDatabase.open(city_path) as database:
        key_lock.set_password(database, PASSWORD)
    messages: list[str] = []

    def type_password(screen: LockScreen) -> None:  # no assert here: it runs inside exec()
        messages.append(screen.findChildren(QLabel)[0].text())
        screen.password.setText("不对的密码")
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
        messages.append(screen.message.text())
        screen.password.setText(PASSWORD)
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)

    when_shown(LockScreen, type_password)
    window, opened = open_window(qtbot, city_path)
    assert opened and "工委密码" in messages[0] and "工委密码不对" in messages[1]
    assert "工委密钥指纹" in window.key_line.text()
    with window.database.session() as session:
        assert city_keys(session)  # open for imports and returns
    window.close()

    when_shown(LockScreen, lambda screen: screen.reject())
    window, opened = open_window(qtbot, city_path)
    assert not opened and window.database is None
