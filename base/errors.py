"""Typed errors whose message is shown to the user as it is (in Chinese)."""

import errno


class UserError(Exception):
    """Bad input or a refused action; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """One or more fields are invalid; `fields` maps field name to message. `warnings` are
    the non-blocking remarks found on the way, for a form that shows both."""

    def __init__(self, fields: dict[str, str], warnings: list[str] | None = None) -> None:
        super().__init__("；".join(fields.values()))
        self.fields = fields
        self.warnings = warnings or []


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘空间已满",
    errno.EROFS: "磁盘或U盘是只读的（写保护）",
    errno.EACCES: "没有权限，或文件正被其他程序打开",
    errno.EPERM: "没有权限，或文件正被其他程序打开",
    errno.ENOENT: "文件或文件夹不存在（U盘可能已拔出）",
    errno.EIO: "磁盘读写出错（U盘可能已拔出或损坏）",
    errno.ENODEV: "磁盘或U盘已不在",
}


def os_error_reason(error: OSError) -> str:
    """Why a file operation failed, in words for the user (any OS error)."""
    return _OS_REASONS.get(error.errno or 0) or error.strerror or str(error)
