"""The portable zip: one folder with the program, its files and the `portable` marker."""

import zipfile
from pathlib import Path

import pytest

from tests.packaging import packaging_module

portable_zip = packaging_module("portable_zip")


def fake_bundle(folder: Path) -> Path:
    bundle = folder / "BranchDesk"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    (bundle / "BranchDesk.exe").write_bytes(b"MZ")
    (bundle / "_internal" / "resources" / "a.ttf").write_bytes(b"font")
    return bundle


def test_layout(tmp_path: Path) -> None:
    target = portable_zip.build(fake_bundle(tmp_path), tmp_path / "p.zip")
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == [
            "BranchDesk/BranchDesk.exe",
            "BranchDesk/_internal/resources/a.ttf",
            "BranchDesk/portable",
        ]
        assert "data" in archive.read("BranchDesk/portable").decode("utf-8")
    assert not (tmp_path / "p.zip.part").exists()


def test_refuses_a_bundle_that_was_used(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path)
    (bundle / "data").mkdir()  # someone's branch data must never end up in a release
    with pytest.raises(SystemExit):
        portable_zip.build(bundle, tmp_path / "p.zip")


def test_version_comes_from_pyproject() -> None:
    assert portable_zip.version().count(".") == 2
