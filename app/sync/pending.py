"""Packages written but not yet recorded: the export's intent, noted before the rename.

A package gets its final name (rename) before the export is committed. Killed in between,
the branch would hold a valid, signed package it never recorded, and its next export would
reuse the number: the city would see 分叉. So each volume's intent (its history row, with the
SHA-256 of the file) is written to `<database folder>/sync-pending/` and fsynced before the
rename, and removed after the commit. Whatever is still there at the next start or export
was interrupted and is settled by `resolve`:

- the export was committed after all: the note is removed;
- the file is on the target under its final name with the noted SHA-256: it is recorded
  (its number stays used; its records go again in the next package, which the city takes
  as unchanged);
- the target is there but the file is not, or is not the one noted: the file and its `.part`
  are removed and the number is free again (nothing with that number ever left the PC);
- the target cannot be reached (the stick is not plugged in): at start the note waits; an
  export records it, since a number that may have left the PC is never given out again.
"""

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.files import write_safely
from db.database import Database
from db.models import SyncExport

FOLDER = "sync-pending"


@dataclass
class Intent:
    """A volume about to get its final name: exactly the history row it will have."""

    seq: int
    package_id: str
    kind: str
    file_name: str
    folder: str
    sha256: str
    previous_sha256: str | None
    record_count: int = 0
    counts: dict[str, Any] = field(default_factory=dict)
    size: int = 0

    @property
    def path(self) -> Path:
        return Path(self.folder) / self.file_name

    def row(self) -> SyncExport:
        return SyncExport(**asdict(self))


def _folder(database_path: Path) -> Path:
    return database_path.parent / FOLDER


def _note_path(database_path: Path, seq: int) -> Path:
    return _folder(database_path) / f"{seq:06d}.json"


def note(database_path: Path, intent: Intent) -> None:
    """Durably note the intent (before the rename)."""
    data = json.dumps(asdict(intent), ensure_ascii=False).encode("utf-8")
    write_safely(_note_path(database_path, intent.seq), data)


def settle(database_path: Path, seqs: list[int]) -> None:
    """The export was committed (or rolled back and its files removed): drop the notes."""
    for seq in seqs:
        with contextlib.suppress(OSError):
            _note_path(database_path, seq).unlink(missing_ok=True)


def noted(database_path: Path) -> list[Intent]:
    intents = []
    for path in sorted(_folder(database_path).glob("*.json")):
        try:
            intents.append(Intent(**json.loads(path.read_text("utf-8"))))
        except (OSError, ValueError, TypeError):
            path.unlink(missing_ok=True)  # a note cut short: written before any rename
    return intents


def _sha256(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def resolve(session: Session, database_path: Path, *, exporting: bool) -> list[Intent]:
    """Settle the notes of interrupted exports (see the module); returns those recorded.

    Newest first: once a volume is recorded, the earlier ones of that export are too, so
    the recorded numbers never leave a hole that a later export would fill twice.
    """
    recorded: list[Intent] = []
    keep_earlier = False
    for intent in sorted(noted(database_path), key=lambda i: i.seq, reverse=True):
        if session.get(SyncExport, intent.seq) is not None:
            settle(database_path, [intent.seq])
            continue
        reachable = Path(intent.folder).is_dir()
        if not reachable and not exporting:
            keep_earlier = True  # decided when the stick is back, or at the next export
            continue
        if keep_earlier or not reachable or _sha256(intent.path) == intent.sha256:
            session.add(intent.row())
            recorded.append(intent)
            keep_earlier = True
        else:
            _remove(intent.path)
            _remove(intent.path.with_name(intent.path.name + ".part"))
            settle(database_path, [intent.seq])
    session.flush()
    return recorded


def resolve_interrupted(database: Database, *, exporting: bool = False) -> list[Intent]:
    """`resolve` in a transaction of its own; at start (GUI) and before every export."""
    with database.session() as session:
        recorded = resolve(session, database.path, exporting=exporting)
    settle(database.path, [intent.seq for intent in recorded])
    return recorded
