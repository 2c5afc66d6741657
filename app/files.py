"""Writing files (packages, PDFs, workbooks, key files) so that a file that is not complete
never looks complete, and reading them back with a message the user understands."""

import contextlib
import hashlib
import os
from pathlib import Path

from base.durable import fsync_folder
from base.errors import UserError, os_error_reason


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):  # the folder itself is unusable: nothing was left
        path.unlink(missing_ok=True)


def write_safely(path: Path, data: bytes) -> str:
    """Write NAME.part, flush, fsync, rename, then read it back; returns the SHA-256.

    Raises UserError (and leaves no file under the final name) when anything fails.
    """
    digest = hashlib.sha256(data).hexdigest()
    part = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, path)
        fsync_folder(path.parent)
        written = hashlib.sha256(path.read_bytes()).hexdigest()
    except PermissionError:
        _remove(part)
        raise UserError(f"无法写入文件“{path}”：没有权限，或文件正被其他程序（如 Excel、"
                        "PDF 阅读器）打开。请关闭后重试。") from None
    except OSError as exc:
        _remove(part)
        raise UserError(f"无法写入文件“{path}”：{os_error_reason(exc)}。"
                        "请检查磁盘或U盘是否已插好、是否写保护或空间已满。") from None
    if written != digest:
        _remove(path)
        raise UserError(f"写入后读回校验失败：“{path}”。磁盘或U盘可能有故障，请换一个位置重试。")
    return digest


def read_file(path: Path | str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件“{path}”：{os_error_reason(exc)}") from None


def attachment_path(database_path: Path, digest: str) -> Path:
    """Photos, scans and proofs are stored once by SHA-256 in a folder beside the database."""
    return database_path.parent / "attachments" / digest[:2] / digest
