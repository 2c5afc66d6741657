"""What a PC is used for (branch or city) is asked once, on the first start only."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

import ui.app
from ui.app import MODE_SETTING, choose_city_mode


@pytest.fixture
def fresh_pc(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings().remove(MODE_SETTING)
    monkeypatch.setattr(ui.app, "default_database", lambda: tmp_path / "branch.db")
    return tmp_path


def test_first_start_asks_and_remembers(fresh_pc: Path) -> None:
    asked: list[str] = []

    def ask() -> str:
        asked.append("asked")
        return "city"

    assert choose_city_mode(None, False, ask) is True
    assert choose_city_mode(None, False, ask) is True
    assert asked == ["asked"]


def test_existing_branch_data_means_branch_without_asking(fresh_pc: Path) -> None:
    (fresh_pc / "branch.db").write_bytes(b"")
    assert choose_city_mode(None, False, lambda: pytest.fail("asked")) is False


def test_command_line_decides(fresh_pc: Path) -> None:
    assert choose_city_mode(None, True, lambda: pytest.fail("asked")) is True
    assert choose_city_mode("x.db", False, lambda: pytest.fail("asked")) is False
