"""The city's password: the city's private keys sealed in the city database.

The branch's keys are safe inside its SQLCipher database; the city's database may be
PostgreSQL, so there only the private keys are encrypted, in the same way as the branch's
database key (db.cipher): a random key seals the pair (AES-256-GCM) and is itself wrapped
once by the password (scrypt) and once by the 恢复密钥 printed at set-up.

An unprotected `city_identity` row holds the raw 32-byte keys. A protected one holds in
`sign_private` the sealed pair with its envelope and the public keys (JSON; the public part
lets the fingerprint and the public key file be shown without the password) and nothing in
`box_private`. SQLite's `secure_delete` overwrites the raw keys in the file when they are
replaced, and the backups made before migrations get the sealed form too.
"""

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.sync.keys import KeyPair, PublicKeys
from base.errors import UserError
from db import cipher
from db.city.database import CityDatabase, is_url
from db.city.models import CityIdentity

SEALED_TYPE = "branchdesk-sealed-city-keys"
_PURPOSE = b"BranchDesk city private keys v1"
#: Scripts give the city's password here; the program never takes it as an argument.
CITY_PASSWORD_ENV = "BRANCHDESK_CITY_PASSWORD"
#: Where an unlocked database keeps the opened pair for its sessions (app.city.keys).
KEYS_INFO = "city_keys"


class CityLocked(UserError):
    def __init__(self) -> None:
        super().__init__("工委私钥已设密码，请先输入工委密码。")


def city_identity(session: Session) -> CityIdentity:
    row = session.get(CityIdentity, 1)
    if row is None:
        raise UserError("工委密钥尚未创建。请先运行 branchdesk city init --name 工委名称。")
    return row


def is_protected(row: CityIdentity) -> bool:
    return not row.box_private


def _sealed(row: CityIdentity) -> dict[str, Any]:
    try:
        contents = json.loads(row.sign_private.decode("utf-8"))
        if contents.get("type") != SEALED_TYPE:
            raise ValueError("not sealed keys")
        return contents
    except (ValueError, UnicodeDecodeError, AttributeError):
        raise UserError("工委数据库中的私钥记录已损坏，无法打开。请用私钥备份恢复到新的数据库。"
                        ) from None


def public_keys(row: CityIdentity) -> PublicKeys:
    if is_protected(row):
        return PublicKeys.from_json(_sealed(row)["public"])
    return KeyPair(row.sign_private, row.box_private).public


def _open(row: CityIdentity, opener: Callable[[dict[str, Any]], bytes | None],
          what: str) -> KeyPair:
    contents = _sealed(row)
    key = opener(contents["envelope"])
    pair = None if key is None else cipher.unseal(key, contents["sealed"], _PURPOSE)
    if pair is None:
        raise cipher.WrongPassword(what)
    return KeyPair(pair[:32], pair[32:])


def open_keys(session: Session, password: str) -> KeyPair:
    """The city's pair from its password; WrongPassword when it does not fit."""
    return _open(city_identity(session),
                 lambda envelope: cipher.open_by_password(envelope, password), "工委密码")


def open_keys_with_recovery(session: Session, recovery: str) -> KeyPair:
    return _open(city_identity(session),
                 lambda envelope: cipher.open_by_recovery(envelope, recovery), "恢复密钥")


def unlock(database: CityDatabase, password: str) -> KeyPair:
    """Open the city's keys for this database's sessions (the window, a command)."""
    with database.session() as session:
        pair = open_keys(session, password)
    database.session_info[KEYS_INFO] = pair
    return pair


def has_password(database: CityDatabase) -> bool:
    with database.session() as session:
        row = session.get(CityIdentity, 1)
        return row is not None and is_protected(row)


def needs_password(database: CityDatabase) -> bool:
    """Has the city a password and are its keys not yet opened?"""
    return KEYS_INFO not in database.session_info and has_password(database)


def _store(database: CityDatabase, row_values: tuple[bytes, bytes],
           pair: KeyPair | None) -> None:
    with database.session() as session:
        if database.engine.dialect.name == "sqlite":
            session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
        row = city_identity(session)
        row.sign_private, row.box_private = row_values
    if database.engine.dialect.name == "sqlite":
        with database.engine.connect() as connection:  # no raw key left in the WAL file
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        _store_in_backups(Path(database.target).resolve(), row_values)
    if pair is None:
        database.session_info.pop(KEYS_INFO, None)
    else:
        database.session_info[KEYS_INFO] = pair


def _store_in_backups(path: Path, row_values: tuple[bytes, bytes]) -> None:
    """The backups taken before migrations hold the same keys: the same form there."""
    for backup in sorted(path.parent.glob(f"{path.stem}-before-migration-*.db")):
        connection = sqlite3.connect(backup)
        try:
            connection.execute("PRAGMA secure_delete = ON")
            with connection:
                connection.execute("UPDATE city_identity SET sign_private = ?, box_private = ?"
                                   " WHERE id = 1", row_values)
        except sqlite3.Error as exc:
            raise UserError(f"无法更新工委数据库的备份“{backup}”：{exc}") from None
        finally:
            connection.close()


def _sealed_values(pair: KeyPair, keys: cipher.Keys) -> tuple[bytes, bytes]:
    contents = {"type": SEALED_TYPE, "version": 1, "envelope": keys.file,
                "public": pair.public.as_json(),
                "sealed": cipher.seal(keys.key, pair.sign_private + pair.box_private, _PURPOSE)}
    return json.dumps(contents, ensure_ascii=False).encode("utf-8"), b""


def _current(database: CityDatabase) -> tuple[CityIdentity, KeyPair | None]:
    with database.session() as session:
        row = city_identity(session)
        if not is_protected(row):
            return row, KeyPair(row.sign_private, row.box_private)
    return row, database.session_info.get(KEYS_INFO)


def set_password(database: CityDatabase, password: str) -> cipher.Keys:
    """Seal the city's raw keys under a password; returns the keys (print `recovery`)."""
    row, pair = _current(database)
    if is_protected(row):
        raise UserError("工委私钥已设密码；要修改密码，请用“修改密码”。")
    assert pair is not None
    keys = cipher.new_keys(password)
    _store(database, _sealed_values(pair, keys), pair)
    return keys


def change_password(database: CityDatabase, password: str) -> cipher.Keys:
    """Seal the opened keys under a new password; the old 恢复密钥 no longer opens them."""
    row, pair = _current(database)
    if not is_protected(row):
        raise UserError("工委私钥没有设密码。")
    if pair is None:
        raise CityLocked()
    keys = cipher.new_keys(password)
    _store(database, _sealed_values(pair, keys), pair)
    return keys


def recover(database: CityDatabase, recovery: str, password: str) -> cipher.Keys:
    """Forgotten password: the 恢复密钥 opens the keys, which get a new password."""
    cipher.check_password(password)
    with database.session() as session:
        database.session_info[KEYS_INFO] = open_keys_with_recovery(session, recovery)
    return change_password(database, password)


def remove_password(database: CityDatabase) -> None:
    """Keep the opened keys raw again (the password no longer protects them)."""
    row, pair = _current(database)
    if not is_protected(row):
        raise UserError("工委私钥没有设密码。")
    if pair is None:
        raise CityLocked()
    _store(database, (pair.sign_private, pair.box_private), pair)


def where(database: CityDatabase) -> str:
    """The database as the 恢复密钥 sheet names it (a URL without its password)."""
    if is_url(database.target):
        return database.engine.url.render_as_string(hide_password=True)
    return str(Path(database.target).resolve())
