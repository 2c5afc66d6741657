"""Files that travel with records: rows that name a file by its SHA-256 content hash.

An area whose Synced rows reference stored files registers them once, next to the model
(so the registration exists whenever the models are loaded):

    from app.sync.attachments import register_attachments
    register_attachments("meeting_attachment", hash_column="sha256")

`locate(database_path, sha256)` says where the file lives; the default is
`<database folder>/<database name>-files/ab/abcdef…`. Export puts each referenced file into
the package as `attachments/<sha256>`; the city keeps them; a restore writes them back.
"""

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Locate = Callable[[Path, str], Path]


def default_location(database_path: Path, digest: str) -> Path:
    return database_path.parent / f"{database_path.stem}-files" / digest[:2] / digest


@dataclass(frozen=True)
class AttachmentSource:
    table: str
    hash_column: str
    locate: Locate


_SOURCES: dict[str, AttachmentSource] = {}


def register_attachments(table: str, hash_column: str,
                         locate: Locate = default_location) -> None:
    _SOURCES[table] = AttachmentSource(table, hash_column, locate)


def attachment_sources() -> dict[str, AttachmentSource]:
    import db.models  # noqa: F401 - registrations sit beside the models

    return dict(_SOURCES)


def is_digest(value: object) -> bool:
    return (isinstance(value, str) and len(value) == 64
            and all(c in "0123456789abcdef" for c in value))


def read_verified(path: Path, digest: str) -> bytes | None:
    """The file's bytes if it exists and matches its hash, else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def store(path: Path, data: bytes) -> None:
    """Write a content-addressed file safely (a half-written file never has the final name)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    with open(part, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(part, path)
