"""The inside of a sync file: a ZIP archive with `manifest.json`, records and attachments.

Members are `records/<table>.jsonl` (one JSON record per line) and `attachments/<sha256>`.
The manifest lists every other member with its size and SHA-256. Reading trusts nothing:
names, counts and sizes are checked against fixed limits and the manifest before and while
anything is decompressed, and nothing is ever written to disk under a member's name.
"""

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.sync.format import PackageError, check_format
from app.sync.records import dumps

MANIFEST = "manifest.json"
MAX_MEMBERS = 100_000
MAX_MANIFEST = 16 * 1024 * 1024
MAX_MEMBER = 512 * 1024 * 1024
MAX_TOTAL = 2 * 1024 * 1024 * 1024
MEMBER_NAME = re.compile(r"records/([a-z][a-z0-9_]{0,62})\.jsonl|attachments/([0-9a-f]{64})")


@dataclass
class Contents:
    manifest: dict[str, Any]
    #: table -> records; a line that is not JSON is kept as None (rejected with a reason later).
    records: dict[str, list[Any]] = field(default_factory=dict)
    #: table -> each record's JSON text as it arrived (the city keeps it without encoding again).
    texts: dict[str, list[str]] = field(default_factory=dict)
    attachments: dict[str, bytes] = field(default_factory=dict)


def table_counts(records: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, int]]:
    return {
        table: {"records": len(rows),
                "tombstones": sum(1 for r in rows if r.get("deleted_at") is not None)}
        for table, rows in sorted(records.items()) if rows
    }


def build(manifest: dict[str, Any], records: dict[str, list[dict[str, Any]]],
          attachments: dict[str, bytes]) -> bytes:
    """The archive bytes; fills in the manifest's `tables` and `members`."""
    members: list[tuple[str, bytes, int]] = []
    for table, rows in sorted(records.items()):
        if rows:
            text = "".join(dumps(row) + "\n" for row in rows)
            members.append((f"records/{table}.jsonl", text.encode("utf-8"), zipfile.ZIP_DEFLATED))
    for digest, data in sorted(attachments.items()):
        members.append((f"attachments/{digest}", data, zipfile.ZIP_STORED))
    manifest = {**manifest, "tables": table_counts(records), "members": [
        {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data, _how in members
    ]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1),
                         zipfile.ZIP_DEFLATED)
        for name, data, how in members:
            archive.writestr(name, data, how)
    return buffer.getvalue()


def _bad(reason: str) -> PackageError:
    return PackageError(f"数据包内容不合规：{reason}。此数据包已拒收。")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _bad(f"成员“{info.filename}”超出声明的大小")
    return data


def _declared(manifest: dict[str, Any]) -> dict[str, tuple[int, str]]:
    members = manifest.get("members")
    if not isinstance(members, list) or len(members) > MAX_MEMBERS:
        raise _bad("清单中的成员列表无效或过长")
    declared: dict[str, tuple[int, str]] = {}
    total = 0
    for entry in members:
        if not isinstance(entry, dict):
            raise _bad("清单中的成员条目无效")
        name, size, digest = entry.get("name"), entry.get("size"), entry.get("sha256")
        if not isinstance(name, str) or not MEMBER_NAME.fullmatch(name) or name in declared:
            raise _bad(f"清单中有不安全或重复的成员名“{str(name)[:80]}”")
        if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= MAX_MEMBER:
            raise _bad(f"成员“{name}”的大小无效或过大")
        if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise _bad(f"成员“{name}”缺少有效的校验值")
        total += size
        if total > MAX_TOTAL:
            raise _bad("成员总大小超过上限")
        declared[name] = (size, digest)
    return declared


#: The JSON decoder's own scanner: one record per call without `json.loads`' checks around
#: it, which cost a third of the parse on a package's tens of thousands of short lines.
_scan: Callable[[str, int], tuple[Any, int]] = (
    json.JSONDecoder().scan_once)  # type: ignore[attr-defined]


def _record(line: str) -> Any:
    """The line's JSON value (None when it is not JSON), as `json.loads` reads it."""
    try:
        value, end = _scan(line, 0)
    except (StopIteration, ValueError):
        value, end = None, -1
    if end == len(line):
        return value
    try:  # around whitespace, or not JSON: the general reading decides
        return json.loads(line)
    except ValueError:
        return None


def _parse_lines(data: bytes) -> tuple[list[Any], list[str]]:
    texts = [line for line in data.decode("utf-8", errors="replace").splitlines()
             if line.strip()]
    return [_record(line) for line in texts], texts


def read(data: bytes, manifest_only: bool = False) -> Contents:
    """Check and unpack an archive; raises PackageError for anything out of place.

    `manifest_only` stops after the names and the manifest (members are not read).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _bad("不是有效的数据包归档") from None
    if len(infos) > MAX_MEMBERS + 1:
        raise _bad(f"成员过多（{len(infos)} 个）")
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if name != MANIFEST and not MEMBER_NAME.fullmatch(name):
            raise _bad(f"包含不安全的成员名“{name[:80]}”")
        if name in by_name:
            raise _bad(f"成员“{name}”重复出现")
        by_name[name] = info
    try:
        if MANIFEST not in by_name:
            raise _bad("缺少清单 manifest.json")
        try:
            manifest = json.loads(_read(archive, by_name[MANIFEST], MAX_MANIFEST))
        except (UnicodeDecodeError, ValueError):
            raise _bad("清单无法读取") from None
        if not isinstance(manifest, dict):
            raise _bad("清单格式错误")
        check_format(manifest.get("format"))
        declared = _declared(manifest)
        if set(by_name) - {MANIFEST} != set(declared):
            raise _bad("归档成员与清单不一致")
        contents = Contents(manifest)
        if manifest_only:
            return contents
        for name, (size, digest) in declared.items():
            body = _read(archive, by_name[name], size)
            if len(body) != size or hashlib.sha256(body).hexdigest() != digest:
                raise _bad(f"成员“{name}”的校验值不符")
            match = MEMBER_NAME.fullmatch(name)
            assert match is not None
            if match[1]:
                contents.records[match[1]], contents.texts[match[1]] = _parse_lines(body)
            else:
                contents.attachments[match[2]] = body
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError):
        raise _bad("归档已损坏") from None
    return contents
