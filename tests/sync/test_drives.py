"""Finding USB sticks among the mounted file systems."""

from pathlib import Path

from app.sync import drives


def test_media_mounts_are_offered(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "/dev/sdb1 /media/user/U\\040盘 vfat rw 0 0\n"
        "/dev/sdc1 /run/media/user/KINGSTON vfat rw 0 0\n"
        "proc /proc proc rw 0 0\n".replace("盘", "\\347\\233\\230")
    )
    found = drives._linux(mounts)
    assert [str(d.path) for d in found] == ["/media/user/U 盘", "/run/media/user/KINGSTON"]
    assert found[0].label.startswith("U 盘")


def test_no_mount_table_means_no_drives(tmp_path: Path) -> None:
    assert drives._linux(tmp_path / "missing") == []
