"""Switching 密码保护 on and off, changing the password, and recovering with the 恢复密钥.

Each runs on a closed database while holding its instance lock (no window may have it
open), as one step with a verified copy (db.cipher). Switching on also encrypts the plain
backups already in `backups/`, so no copy of the members' data stays readable.
"""

from pathlib import Path

from base.errors import UserError
from db import cipher
from db.backup import BackupRotation
from db.lock import InstanceLock

#: Scripts give the database's password here; the program never takes it as an argument.
PASSWORD_ENV = "BRANCHDESK_PASSWORD"


def _locked(database: Path) -> InstanceLock:
    lock = InstanceLock(database)
    lock.acquire()
    return lock


def check_new_password(first: str, second: str) -> None:
    """A new password typed twice in a form: the same both times and long enough."""
    if first != second:
        raise UserError("两次输入的密码不一致。")
    cipher.check_password(first)


def is_protected(database: Path) -> bool:
    return cipher.is_encrypted(database) and cipher.has_key_file(database)


def set_password(database: Path, password: str) -> cipher.Keys:
    """Plain → encrypted; returns the keys (print `recovery`)."""
    if is_protected(database):
        raise UserError("数据库已设密码；要修改密码，请用“修改密码”。")
    lock = _locked(database)
    try:
        keys = cipher.encrypt(database, password)
        for _stamp, _label, backup in BackupRotation(database).listing():
            if not cipher.is_encrypted(backup):
                cipher.apply_keys(backup, keys)
    finally:
        lock.release()
    return keys


def change_password(database: Path, key: bytes, password: str) -> cipher.Keys:
    """Re-key under a new password; the old 恢复密钥 no longer opens the database."""
    lock = _locked(database)
    try:
        return cipher.encrypt(database, password, old_key=key)
    finally:
        lock.release()


def recover(database: Path, recovery: str, password: str) -> cipher.Keys:
    """Forgotten password: the 恢复密钥 opens the data, which is re-keyed under `password`."""
    cipher.check_password(password)
    return change_password(database, cipher.unlock_with_recovery(database, recovery), password)


def remove_password(database: Path, key: bytes) -> None:
    lock = _locked(database)
    try:
        cipher.decrypt(database, key)
    finally:
        lock.release()
