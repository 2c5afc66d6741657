"""Photos and scans, stored once by content hash in a folder beside the database.

<database folder>/attachments/<sha256[:2]>/<sha256>; the meeting_attachment row keeps the
original file name, so the same photo attached twice takes the space once.
"""

import hashlib
import os
import shutil
from pathlib import Path

from sqlalchemy.orm import Session

from app.files import attachment_path
from app.meetings.service import AttachmentInput
from base.errors import UserError

MAX_BYTES = 50 * 1024 * 1024
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


def stored_path(session: Session, sha256: str) -> Path:
    database = session.get_bind().engine.url.database
    if not database or database == ":memory:":
        raise UserError("内存数据库不能保存附件")
    return attachment_path(Path(database).resolve(), sha256)


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def store_file(session: Session, source: Path | str, caption: str = "") -> AttachmentInput:
    """Copy a file into the store (once per content) and describe it for a MeetingInput."""
    source = Path(source)
    if not source.is_file():
        raise UserError(f"找不到文件：{source}")
    size = source.stat().st_size
    if size > MAX_BYTES:
        raise UserError(f"文件“{source.name}”超过 {MAX_BYTES // 1024 // 1024} MB，请压缩后再添加")
    sha256 = _digest(source)
    target = stored_path(session, sha256)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        shutil.copyfile(source, partial)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        if _digest(partial) != sha256:
            partial.unlink()
            raise UserError(f"复制文件“{source.name}”时内容发生变化，请重试")
        partial.replace(target)
    return AttachmentInput(sha256, source.name, size, caption)


def is_image(filename: str) -> bool:
    return Path(filename).suffix.lower() in IMAGE_SUFFIXES
