"""Volumes (分卷): a transfer larger than one file may hold is split into several files.

Each volume is a complete sealed file of its own, built and written one at a time, so memory
stays bounded by the volume limit. Records go in the first volume; attachments fill it and
as many more as needed. The manifest says which volume a file is: `"volume": {"index": 2,
"count": 3}`; a file without it (format 1.0) is volume 1 of 1.
"""

import re
from pathlib import Path
from typing import Any

from app.sync.format import PackageError

#: Payload bytes per volume (records and attachments before compression). A volume is built
#: in memory several times over while it is sealed and checked, so this bounds memory use.
VOLUME_LIMIT = 128 * 1024 * 1024
MAX_VOLUMES = 9999


def plan(sizes: list[tuple[str, int]], first_used: int) -> list[list[str]]:
    """Group attachments (digest, size) into volumes, in the given order.

    The first volume already holds `first_used` bytes (the records). A volume is closed when
    the next attachment would overflow it, unless it is still empty (an attachment larger
    than the limit travels alone, up to the reader's limit per member). There is always at
    least one volume.
    """
    volumes: list[list[str]] = [[]]
    used = first_used
    for digest, size in sizes:
        if used and used + size > VOLUME_LIMIT:
            volumes.append([])
            used = 0
        volumes[-1].append(digest)
        used += size
    return volumes


def volume_entry(index: int, count: int) -> dict[str, int]:
    return {"index": index, "count": count}


def volume_of(manifest: dict[str, Any]) -> tuple[int, int]:
    """(index, count) of a file; (1, 1) for a file written before volumes existed."""
    volume = manifest.get("volume")
    if volume is None:
        return 1, 1
    index = volume.get("index") if isinstance(volume, dict) else None
    count = volume.get("count") if isinstance(volume, dict) else None
    if (not isinstance(index, int) or not isinstance(count, int) or isinstance(index, bool)
            or isinstance(count, bool) or not 1 <= index <= count <= MAX_VOLUMES):
        raise PackageError("文件清单中的分卷信息无效，文件可能已损坏。")
    return index, count


def volume_path(path: Path, index: int, count: int) -> Path:
    """`X.bdrestore` for a single file; `X-1of3.bdrestore`, `X-2of3.bdrestore`… for volumes."""
    if count == 1:
        return path
    return path.with_name(f"{path.stem}-{index}of{count}{path.suffix}")


def sibling_paths(path: Path, index: int, count: int) -> list[Path]:
    """All volumes of the set `path` (volume `index` of `count`) belongs to, by their names."""
    if count == 1:
        return [path]
    match = re.fullmatch(rf"(.*)-{index}of{count}", path.stem)
    if match is None:
        raise PackageError(f"文件“{path.name}”是分卷文件（共 {count} 个）中的第 {index} 个，"
                           "但文件名被改过，无法找到其余的文件。请使用工委生成时的原文件名。")
    return [path.with_name(f"{match[1]}-{i}of{count}{path.suffix}")
            for i in range(1, count + 1)]


def number_ranges(values: list[int]) -> str:
    """"1–12、15" as people read a list of sequence numbers."""
    parts: list[tuple[int, int]] = []
    for n in sorted(values):
        if parts and parts[-1][1] == n - 1:
            parts[-1] = (parts[-1][0], n)
        else:
            parts.append((n, n))
    return "、".join(f"{a}" if a == b else f"{a}–{b}" for a, b in parts)


def numbers(first: int, last: int) -> str:
    """"第 13 号" or "第 13–15 号" as people read it."""
    return f"第 {first} 号" if first == last else f"第 {first}–{last} 号"
