"""Format version of sync files and the error every malformed file raises."""

import re

from base.errors import UserError

FORMAT_MAJOR = 1
FORMAT_MINOR = 1
FORMAT = f"{FORMAT_MAJOR}.{FORMAT_MINOR}"

PACKAGE_SUFFIX = ".bdsync"
RETURN_SUFFIX = ".bdreturn"
RESTORE_SUFFIX = ".bdrestore"


class PackageError(UserError):
    """The file is damaged, forged, not for us, or of a format this program cannot read."""


class NewerFormat(PackageError):
    pass


def check_format(value: object) -> tuple[int, int]:
    """Accept our major with any minor; refuse a higher major with a message to upgrade."""
    match = re.fullmatch(r"(\d{1,4})\.(\d{1,4})", value) if isinstance(value, str) else None
    if match is None:
        raise PackageError("文件中的格式版本号无法识别，文件可能已损坏。")
    major, minor = int(match[1]), int(match[2])
    if major > FORMAT_MAJOR:
        raise NewerFormat(
            f"此文件由较新版本的支部工作台生成（数据格式 {major}.{minor}），本程序只能读取 "
            f"{FORMAT_MAJOR}.x 格式。请先把支部工作台升级到最新版本，再导入。"
        )
    if major < 1:
        raise PackageError(f"不支持的数据格式版本 {major}.{minor}。")
    return major, minor
