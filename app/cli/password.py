"""`branchdesk password set|change|remove|recover`: 密码保护 from the command line.

Passwords are asked on the terminal (or read from BRANCHDESK_PASSWORD, and the new one from
BRANCHDESK_NEW_PASSWORD, for scripts); the 恢复密钥 from BRANCHDESK_RECOVERY_KEY or asked.
"""

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli.common import ask_password, database_path, write_output
from app.lock import service
from base.errors import UserError
from db import cipher
from db.database import Database, NoDatabase, exists

NEW_PASSWORD_ENV = "BRANCHDESK_NEW_PASSWORD"
RECOVERY_ENV = "BRANCHDESK_RECOVERY_KEY"


def _database(args: argparse.Namespace) -> Path:
    path = database_path(args).resolve()
    if not exists(path):
        raise NoDatabase(path)
    return path


def new_password() -> str:
    password = ask_password("新密码", NEW_PASSWORD_ENV, twice=True)
    cipher.check_password(password)
    return password


def _branch_name(path: Path, key: bytes) -> str:
    from app.reports.common import branch_name

    with Database.open(path, create=False, key=key) as database, database.session() as session:
        return branch_name(session)


def hand_out(keys: cipher.Keys, pdf: str | None, sheet: Callable[[], bytes]) -> None:
    """Show the new 恢复密钥 and write its sheet (`sheet()`) where `--pdf` asked."""
    print(f"恢复密钥：{keys.recovery}")
    print("请把恢复密钥抄写或打印下来，锁在保密柜中；忘记密码时用它打开数据。")
    write_output(pdf, sheet)


def _hand_out(args: argparse.Namespace, path: Path, keys: cipher.Keys) -> None:
    from app.lock.sheet import recovery_sheet_pdf

    hand_out(keys, args.pdf, lambda: recovery_sheet_pdf(
        _branch_name(path, keys.key), keys.recovery, str(path)))


def _set(args: argparse.Namespace) -> int:
    path = _database(args)
    if service.is_protected(path):
        raise UserError("数据库已设密码；要修改密码请用 branchdesk password change。")
    with Database.open(path, create=False):
        pass  # migrated and checked before it is converted
    keys = service.set_password(path, new_password())
    print(f"已设置密码：数据库和备份均已加密保存（{path}）。")
    _hand_out(args, path, keys)
    return 0


def _unlock(path: Path) -> bytes:
    if not service.is_protected(path):
        raise UserError("数据库没有设密码。")
    return cipher.unlock(path, ask_password("当前密码"))


def _change(args: argparse.Namespace) -> int:
    path = _database(args)
    key = _unlock(path)
    keys = service.change_password(path, key, new_password())
    print("已修改密码，数据库已用新密钥重新加密；原来的恢复密钥不再能打开它。")
    _hand_out(args, path, keys)
    return 0


def _remove(args: argparse.Namespace) -> int:
    path = _database(args)
    service.remove_password(path, _unlock(path))
    print(f"已取消密码：数据库不再加密（{path}）。以前的加密备份仍需当时的密码打开。")
    return 0


def _recover(args: argparse.Namespace) -> int:
    path = _database(args)
    if not service.is_protected(path):
        raise UserError("数据库没有设密码，不需要恢复密钥。")
    recovery = ask_password("恢复密钥", RECOVERY_ENV)
    cipher.unlock_with_recovery(path, recovery)  # a wrong one is refused before asking more
    keys = service.recover(path, recovery, new_password())
    print("恢复密钥正确，已设置新密码。")
    _hand_out(args, path, keys)
    return 0


Handler = Callable[[argparse.Namespace], int]


def add_password_commands(sub: argparse._SubParsersAction, help_text: str, dest: str,
                          commands: tuple[tuple[str, Handler, str], ...]) -> None:
    """`password set|change|remove|recover`: each but remove can write the 恢复密钥 sheet."""
    password = sub.add_parser("password", help=help_text).add_subparsers(
        dest=dest, metavar="操作", required=True)
    for name, handler, text in commands:
        p = password.add_parser(name, help=text)
        if name != "remove":
            p.add_argument("--pdf", metavar="FILE", help="把恢复密钥页写成 PDF，以便打印")
        p.set_defaults(handler=handler)


def register(sub: argparse._SubParsersAction) -> None:
    add_password_commands(
        sub, "密码保护：设置、修改、取消密码，用恢复密钥找回", "password_command", (
            ("set", _set, "设置密码：加密数据库和备份，并给出恢复密钥"),
            ("change", _change, "修改密码（重新加密，并给出新的恢复密钥）"),
            ("remove", _remove, "取消密码：数据库恢复为不加密"),
            ("recover", _recover, "忘记密码时用恢复密钥设置新密码"),
        ))
