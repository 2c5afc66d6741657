"""Verified backups with SQLite's online backup API, and their rotation.

A backup is written to `NAME.part`, checked with `PRAGMA integrity_check`, fsynced and only
then renamed, so a file named like a backup is always a complete, checked copy.
"""

import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from base.errors import UserError, os_error_reason
from db import cipher

STAMP = "%Y%m%d-%H%M%S"
ATTACHMENTS = "attachments"  # beside the database, see app.files.attachment_path


class BackupFailed(UserError):
    pass


def integrity_ok(path: Path, key: bytes | None = None) -> bool:
    con = cipher.connect(f"file:{path}?mode=ro", key, uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except (cipher.dbapi_module(key).Error, ValueError):  # damage can garble the messages
        return False
    finally:
        con.close()


def _failed(dest: Path, error: OSError | sqlite3.Error) -> BackupFailed:
    if isinstance(error, OSError):
        reason = os_error_reason(error)
    elif "full" in str(error):
        reason = "磁盘空间已满"
    elif "readonly" in str(error) or "unable to open" in str(error):
        reason = "备份文件夹不能写入（只读或没有权限）"
    else:
        reason = str(error)
    return BackupFailed(f"备份没有完成（{reason}），数据库本身没有受影响。"
                        f"请清理或换一个可写的位置后重试。未保存：{dest}")


def backup_database(source: Path, dest: Path, key: bytes | None = None) -> Path:
    """Copy a live database to `dest` and verify the copy; raises BackupFailed and leaves
    no `.part` behind (a full disk, a read-only folder). A database with a password is
    backed up encrypted under the same key, with a copy of its key file beside it."""
    part = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        part.unlink(missing_ok=True)
        _copy(source, part, key)
        if not integrity_ok(part, key):
            raise BackupFailed(f"备份文件校验失败，未保存：{dest}")
        with open(part, "rb") as handle:
            os.fsync(handle.fileno())
        if key is not None:
            shutil.copyfile(cipher.key_path(source), cipher.key_path(dest))
        os.replace(part, dest)
    except (sqlite3.Error, cipher.dbapi_module(key).Error, OSError) as exc:
        _remove(part)
        raise _failed(dest, exc) from None
    except BaseException:
        _remove(part)
        raise
    return dest


def _copy(source: Path, part: Path, key: bytes | None) -> None:
    src = cipher.connect(source, key)
    out = cipher.connect(part, key)
    try:
        src.backup(out)
        out.execute("PRAGMA journal_mode=DELETE")
    finally:
        out.close()
        src.close()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def mirror_attachments(source: Path, target: Path) -> int:
    """Copy attachment files the backup folder lacks; they are named by their content hash,
    never change, and so need one copy each, whatever the number of backups."""
    copied = 0
    if not source.is_dir():
        return copied
    for path in source.rglob("*"):
        if not path.is_file() or path.suffix == ".part":
            continue
        copy = target / path.relative_to(source)
        if copy.exists():
            continue
        part = copy.with_name(copy.name + ".part")
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, part)
            os.replace(part, copy)
        except OSError as exc:
            _remove(part)
            raise _failed(copy, exc) from None
        copied += 1
    return copied


@dataclass(frozen=True)
class RetentionPolicy:
    recent: int = 10  # the newest backups, whatever their age
    daily: int = 7
    weekly: int = 5
    monthly: int = 12


def backups_to_keep(stamps: list[dt.datetime], policy: RetentionPolicy) -> set[dt.datetime]:
    """Newest `recent`, plus the newest backup of each of the last N days, weeks and months."""
    ordered = sorted(stamps, reverse=True)
    keep = set(ordered[: policy.recent])
    buckets = (
        (policy.daily, lambda t: t.date()),
        (policy.weekly, lambda t: t.isocalendar()[:2]),
        (policy.monthly, lambda t: (t.year, t.month)),
    )
    for count, bucket_of in buckets:
        seen: list[object] = []
        for stamp in ordered:
            bucket = bucket_of(stamp)
            if bucket not in seen:
                if len(seen) == count:
                    break
                seen.append(bucket)
                keep.add(stamp)
    return keep


class BackupRotation:
    """Automatic backups of one database into `<db folder>/backups/`.

    `maybe_backup` takes one when data changed (a change marker differs from the last
    backup's) and the last one is at least `interval` old, then prunes by the policy.
    """

    def __init__(self, db_path: Path, interval: dt.timedelta = dt.timedelta(minutes=30),
                 policy: RetentionPolicy | None = None, key: bytes | None = None) -> None:
        self.db_path = db_path
        self.key = key
        self.folder = db_path.parent / "backups"
        self.interval = interval
        self.policy = policy or RetentionPolicy()
        self._state_file = self.folder / f"{db_path.stem}.state.json"

    def _name(self, when: dt.datetime, label: str) -> Path:
        """A new file: a second backup within the same second takes the next second's name
        rather than replacing the first."""
        while True:
            path = self.folder / f"{self.db_path.stem}-{when.strftime(STAMP)}-{label}.db"
            if not path.exists():
                return path
            when += dt.timedelta(seconds=1)

    def existing(self) -> dict[dt.datetime, Path]:
        found: dict[dt.datetime, Path] = {}
        prefix = self.db_path.stem + "-"
        for path in self.folder.glob(f"{prefix}*-auto.db"):
            stamp = path.name[len(prefix): len(prefix) + 15]
            try:
                found[dt.datetime.strptime(stamp, STAMP)] = path
            except ValueError:
                continue
        return found

    def listing(self) -> list[tuple[dt.datetime, str, Path]]:
        """Every backup of this database (automatic, manual, before a migration): time, label
        and file, newest first."""
        found = []
        prefix = self.db_path.stem + "-"
        for path in self.folder.glob(f"{prefix}*.db"):
            rest = path.stem[len(prefix):]
            try:
                stamp = dt.datetime.strptime(rest[:15], STAMP)
            except ValueError:
                continue
            found.append((stamp, rest[16:], path))
        return sorted(found, reverse=True)

    def _state(self) -> dict[str, object]:
        try:
            return json.loads(self._state_file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def take(self, label: str, now: dt.datetime | None = None) -> Path:
        now = now or dt.datetime.now()
        path = backup_database(self.db_path, self._name(now, label), self.key)
        mirror_attachments(self.db_path.parent / ATTACHMENTS, self.folder / ATTACHMENTS)
        return path

    def maybe_backup(self, change_marker: object, now: dt.datetime | None = None) -> Path | None:
        now = now or dt.datetime.now()
        state = self._state()
        if state.get("marker") == change_marker:
            return None
        last = state.get("at")
        if isinstance(last, str) and now - dt.datetime.fromisoformat(last) < self.interval:
            return None
        path = self.take("auto", now)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._state_file.write_text(
            json.dumps({"marker": change_marker, "at": now.isoformat()}), "utf-8"
        )
        self.prune()
        return path

    def prune(self) -> list[Path]:
        existing = self.existing()
        keep = backups_to_keep(list(existing), self.policy)
        removed = [path for stamp, path in existing.items() if stamp not in keep]
        for path in removed:
            path.unlink(missing_ok=True)
            cipher.key_path(path).unlink(missing_ok=True)
        return removed
