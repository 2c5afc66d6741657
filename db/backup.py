"""Verified backups with SQLite's online backup API, and their rotation.

A backup is written to `NAME.part`, checked with `PRAGMA integrity_check`, fsynced and only
then renamed, so a file named like a backup is always a complete, checked copy.
"""

import datetime as dt
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from base.errors import UserError

STAMP = "%Y%m%d-%H%M%S"
ATTACHMENTS = "attachments"  # beside the database, see app.files.attachment_path


class BackupFailed(UserError):
    pass


def integrity_ok(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except (sqlite3.Error, ValueError):  # damage can also garble the messages themselves
        return False
    finally:
        con.close()


def backup_database(source: Path, dest: Path) -> Path:
    """Copy a live database to `dest` and verify the copy; raises BackupFailed."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    out = sqlite3.connect(part)
    try:
        src.backup(out)
        out.execute("PRAGMA journal_mode=DELETE")
    finally:
        out.close()
        src.close()
    if not integrity_ok(part):
        part.unlink(missing_ok=True)
        raise BackupFailed(f"备份文件校验失败，未保存：{dest}")
    with open(part, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(part, dest)
    return dest


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
        copy.parent.mkdir(parents=True, exist_ok=True)
        part = copy.with_name(copy.name + ".part")
        shutil.copyfile(path, part)
        os.replace(part, copy)
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
                 policy: RetentionPolicy | None = None) -> None:
        self.db_path = db_path
        self.folder = db_path.parent / "backups"
        self.interval = interval
        self.policy = policy or RetentionPolicy()
        self._state_file = self.folder / f"{db_path.stem}.state.json"

    def _name(self, when: dt.datetime, label: str) -> Path:
        return self.folder / f"{self.db_path.stem}-{when.strftime(STAMP)}-{label}.db"

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
        path = backup_database(self.db_path, self._name(now, label))
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
        return removed
