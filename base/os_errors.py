"""Errors of the operating system (disk full, write-protected stick, file in use…) told in
Chinese; the original text goes to the log for whoever investigates."""

import errno

from base.log import get_logger

_log = get_logger("os")

#: errno name → what the user is told (names, since Windows lacks some of the numbers).
_BY_NAME = {
    "ENOSPC": "磁盘空间已满",
    "EDQUOT": "磁盘空间已满（超出配额）",
    "EROFS": "磁盘或U盘是只读的（可能打开了写保护）",
    "EACCES": "没有访问权限，或文件正被其他程序（如 Excel、PDF 阅读器）打开",
    "EPERM": "没有访问权限，或文件正被其他程序（如 Excel、PDF 阅读器）打开",
    "ENOENT": "找不到该文件或文件夹（U盘可能已拔出）",
    "EEXIST": "已有同名的文件或文件夹",
    "EIO": "读写出错，磁盘或U盘可能有故障",
    "EISDIR": "这是一个文件夹，不是文件",
    "ENOTDIR": "路径中有一项不是文件夹",
    "ENAMETOOLONG": "文件名或路径太长",
    "ENODEV": "找不到该设备（U盘可能已拔出）",
    "ENXIO": "找不到该设备（U盘可能已拔出）",
    "EBUSY": "文件或设备正被占用",
    "ENOTEMPTY": "文件夹不是空的",
    "EMFILE": "同时打开的文件太多",
    "EINVAL": "文件名或路径无效",
}
_BY_ERRNO = {getattr(errno, name): text for name, text in _BY_NAME.items() if hasattr(errno, name)}
#: Windows error codes (OSError.winerror) that have no exact errno.
_BY_WINERROR = {
    5: _BY_NAME["EACCES"],
    19: _BY_NAME["EROFS"],
    21: "设备未就绪（U盘可能已拔出）",
    32: "文件正被其他程序（如 Excel、PDF 阅读器）打开，请关闭后重试",
    33: "文件正被其他程序锁定，请关闭后重试",
    39: _BY_NAME["ENOSPC"],
    112: _BY_NAME["ENOSPC"],
    123: _BY_NAME["EINVAL"],
    1392: "文件或目录已损坏，无法读取",
}


def os_error_text(exc: OSError) -> str:
    """What went wrong, in Chinese, without the system's own (often English) text; the
    original is logged."""
    _log.warning("系统错误：%r", exc)
    winerror = getattr(exc, "winerror", None)
    text = _BY_WINERROR.get(winerror) if winerror is not None else None
    text = text or _BY_ERRNO.get(exc.errno or 0)
    if text is None:
        code = f"（错误代码 {winerror or exc.errno}）" if (winerror or exc.errno) else ""
        text = f"系统无法完成此操作{code}"
    return text
