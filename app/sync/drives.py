"""Removable drives (USB sticks) to offer first when choosing where a package goes."""

import os
import string
import sys
from dataclasses import dataclass
from pathlib import Path

LINUX_MEDIA = ("/media/", "/run/media/", "/mnt/")


@dataclass(frozen=True)
class Drive:
    label: str
    path: Path


def _unescape(field: str) -> str:
    # /proc/mounts writes spaces and other specials as octal escapes (\040).
    return field.encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")


def _removable_block(device: str) -> bool | None:
    """From sysfs: True/False for a block device, None when it cannot be told."""
    name = Path(device).name
    for candidate in (name, name.rstrip("0123456789"), name.split("p")[0]):
        flag = Path("/sys/block") / candidate / "removable"
        if flag.exists():
            return flag.read_text().strip() == "1"
    return None


def _linux(mounts: Path = Path("/proc/mounts")) -> list[Drive]:
    drives: list[Drive] = []
    try:
        lines = mounts.read_text().splitlines()
    except OSError:
        return drives
    for line in lines:
        fields = line.split()
        if len(fields) < 2:
            continue
        device, point = fields[0], _unescape(fields[1])
        if not point.startswith(LINUX_MEDIA):
            continue
        removable = _removable_block(device) if device.startswith("/dev/") else None
        if removable is False and point.startswith("/mnt/"):
            continue  # a fixed disk mounted by hand
        drives.append(Drive(f"{Path(point).name}（{point}）", Path(point)))
    return drives


def _windows() -> list[Drive]:
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel.GetLogicalDrives()
    drives = []
    for index, letter in enumerate(string.ascii_uppercase):
        root = f"{letter}:\\"
        if mask & (1 << index) and kernel.GetDriveTypeW(root) == 2:  # DRIVE_REMOVABLE
            drives.append(Drive(f"可移动磁盘 {letter}:", Path(root)))
    return drives


def _mac() -> list[Drive]:
    volumes = Path("/Volumes")
    if not volumes.is_dir():
        return []
    return [Drive(p.name, p) for p in sorted(volumes.iterdir())
            if p.is_dir() and not p.is_symlink() and os.access(p, os.W_OK)]


def removable_drives() -> list[Drive]:
    """Writable removable drives, best effort; an empty list when none can be found."""
    if os.name == "nt":
        found = _windows()
    elif sys.platform == "darwin":
        found = _mac()
    else:
        found = _linux()
    return [d for d in found if os.access(d.path, os.W_OK)]
