"""Files that travel with records: rows that name a file by its SHA-256 content hash.

By convention a Synced table with a column named `sha256` references a file in the shared
store `<database folder>/attachments/ab/abcdef…` (as meetings, aid proofs and visit photos
do): nothing to register. A table that keeps the hash in another column, or its files
elsewhere, registers once next to its model (so it is known whenever models are loaded):

    from app.sync.attachments import register_attachments
    register_attachments("member_photo", hash_column="photo_hash",
                         locate=lambda db_path, digest: db_path.parent / "photos" / digest)

Export puts each referenced file into the package as `attachments/<sha256>`; the city
keeps them; a restore package writes them back to the same place.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from app.files import attachment_path, write_safely

Locate = Callable[[Path, str], Path]


HASH_COLUMN = "sha256"


@dataclass(frozen=True)
class AttachmentSource:
    table: str
    hash_column: str
    locate: Locate


_SOURCES: dict[str, AttachmentSource] = {}


def register_attachments(table: str, hash_column: str,
                         locate: Locate = attachment_path) -> None:
    _SOURCES[table] = AttachmentSource(table, hash_column, locate)


def attachment_sources() -> dict[str, AttachmentSource]:
    """Tables whose rows reference files: by the `sha256` convention, then registrations."""
    from app.sync.records import synced_tables  # loads every model and its registrations

    found = {t.name: AttachmentSource(t.name, HASH_COLUMN, attachment_path)
             for t in synced_tables() if HASH_COLUMN in t.columns}
    return found | _SOURCES


def is_digest(value: object) -> TypeGuard[str]:
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
    if not path.exists():
        write_safely(path, data)
