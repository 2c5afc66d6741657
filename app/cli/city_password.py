"""`branchdesk city password set|change|remove|recover`: the city's private keys under a
password. The current password is asked (or read from BRANCHDESK_CITY_PASSWORD), the new
one too (BRANCHDESK_NEW_PASSWORD), the 恢复密钥 from BRANCHDESK_RECOVERY_KEY or asked."""

import argparse

from app.city import key_lock
from app.cli.common import ask_password, open_city
from app.cli.password import RECOVERY_ENV, add_password_commands, hand_out, new_password
from app.lock.sheet import recovery_sheet_pdf
from base.errors import UserError
from db import cipher
from db.city.database import CityDatabase


def _hand_out(args: argparse.Namespace, database: CityDatabase, keys: cipher.Keys) -> None:
    with database.session() as session:
        name = key_lock.city_identity(session).name
    where = key_lock.where(database)
    hand_out(keys, args.pdf, lambda: recovery_sheet_pdf(name, keys.recovery, where, city=True))


def _set(args: argparse.Namespace) -> int:
    with open_city(args, unlock=False) as database:
        if key_lock.has_password(database):
            raise UserError("工委私钥已设密码；要修改请用 branchdesk city password change。")
        keys = key_lock.set_password(database, new_password())
        print("已设置工委密码：工委私钥已加密保存。以后打开工委端、运行 city 命令都要先输入"
              "工委密码。")
        _hand_out(args, database, keys)
    return 0


def _change(args: argparse.Namespace) -> int:
    with open_city(args) as database:
        keys = key_lock.change_password(database, new_password())
        print("已修改工委密码；原来的恢复密钥不再能打开工委私钥。")
        _hand_out(args, database, keys)
    return 0


def _remove(args: argparse.Namespace) -> int:
    with open_city(args) as database:
        key_lock.remove_password(database)
    print("已取消工委密码：工委私钥不再加密保存。")
    return 0


def _recover(args: argparse.Namespace) -> int:
    with open_city(args, unlock=False) as database:
        if not key_lock.has_password(database):
            raise UserError("工委私钥没有设密码，不需要恢复密钥。")
        with database.session() as session:
            recovery = ask_password("恢复密钥", RECOVERY_ENV)
            key_lock.open_keys_with_recovery(session, recovery)  # refused before asking more
        keys = key_lock.recover(database, recovery, new_password())
        print("恢复密钥正确，已设置新的工委密码。")
        _hand_out(args, database, keys)
    return 0


def register(cmds: argparse._SubParsersAction) -> None:
    add_password_commands(
        cmds, "工委密码：加密保存工委私钥；修改、取消、找回", "city_password_command", (
            ("set", _set, "设置工委密码：加密保存工委私钥，并给出恢复密钥"),
            ("change", _change, "修改工委密码（并给出新的恢复密钥）"),
            ("remove", _remove, "取消工委密码：工委私钥不再加密"),
            ("recover", _recover, "忘记工委密码时用恢复密钥设置新密码"),
        ))
