"""What went wrong with a database file, in words the user can act on.

SQLite reports a wrong key, a damaged file, a full disk or a read-only folder as driver
errors; `database_errors` turns them into UserError wherever a database is opened or written.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from base.errors import UserError


def version_number(version: str) -> int:
    """1.2.3 → 1002003: the app version as the SQLite header's `user_version` integer."""
    parts = [int(p) if p.isdigit() else 0 for p in version.split(".")[:3]]
    major, minor, patch = [*parts, 0, 0, 0][:3]
    return major * 1_000_000 + min(minor, 999) * 1000 + min(patch, 999)


def version_text(number: int) -> str:
    return f"{number // 1_000_000}.{number // 1000 % 1000}.{number % 1000}"


def newer_schema(path: Path | str, needed: int) -> UserError:
    use = (f"请使用支部工作台 {version_text(needed)} 或更新的版本打开" if needed
           else "请使用最新版本的支部工作台打开")
    return UserError(f"数据库“{path}”由较新版本的支部工作台建立或升级过，本程序不能打开它。"
                     f"{use}。数据没有改动。")


def message_for(error: BaseException, path: Path | str) -> str | None:
    """The user's message for a driver error about the file `path`; None if it is a bug."""
    text = str(getattr(error, "orig", error)).lower()
    if "file is not a database" in text or "file is encrypted" in text:
        return (f"“{path}”不是支部工作台的数据库，或已设密码而密码不对"
                "（也可能文件已损坏）。请检查所选的文件和输入的密码。")
    if "disk is full" in text or "database or disk is full" in text:
        return (f"磁盘空间已满，数据库“{path}”未能保存这次修改（已保存的数据没有受影响）。"
                "请清理磁盘空间后重试。")
    if "readonly" in text or "read-only" in text:
        return (f"数据库“{path}”所在位置只能读、不能写（可能是写保护的U盘、只读文件夹或"
                "没有权限）。这次修改没有保存；请把数据库放到可写的位置。")
    if "unable to open database" in text:
        return f"无法打开数据库“{path}”：文件夹不存在或没有权限。"
    if "disk i/o error" in text:
        return (f"读写数据库“{path}”时磁盘出错，这次修改没有保存。"
                "请检查磁盘或U盘是否插好，再重试。")
    if "malformed" in text:
        return (f"数据库“{path}”已损坏。请用“设置 → 备份”中最近的备份恢复，"
                "或联系工委用恢复包恢复。")
    return None


@contextmanager
def database_errors(path: Path | str) -> Iterator[None]:
    """Re-raise the driver errors the user can act on as UserError (the rest as they are)."""
    try:
        yield
    except DBAPIError as exc:
        message = message_for(exc, path)
        if message is None:
            raise
        raise UserError(message) from None
