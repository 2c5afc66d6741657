"""One helper finds shipped files from source and frozen; portable mode keeps data beside."""

import sys
from pathlib import Path

import pytest

from base import paths

ROOT = Path(__file__).resolve().parent.parent.parent


def test_from_source_files_come_from_the_tree() -> None:
    assert paths.resource_path("icons", "branchdesk.png") == ROOT / "resources/icons/branchdesk.png"
    assert paths.bundled_path("db", "migrations", "env.py").is_file()
    assert paths.bundled_path("db", "city", "migrations", "env.py").is_file()


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake one-folder bundle: the program in tmp_path, its files in _internal/."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "BranchDesk.exe"))
    return tmp_path


def test_frozen_files_come_from_the_bundle(frozen: Path) -> None:
    assert paths.program_dir() == frozen.resolve()
    assert paths.resource_path("fonts", "a.ttf") == frozen / "_internal/resources/fonts/a.ttf"
    assert paths.bundled_path("db", "migrations") == frozen / "_internal/db/migrations"


def test_portable_marker_puts_data_beside_the_program(frozen: Path) -> None:
    assert not paths.is_portable()
    (frozen / paths.PORTABLE_MARKER).touch()
    assert paths.is_portable()
    assert paths.default_database() == frozen.resolve() / "data" / "branch.db"
    assert (frozen / "data").is_dir()
