"""密码保护: the branch database (and each backup) encrypted at rest with SQLCipher.

The database is encrypted with a random 256-bit key. That key is kept beside the database in
`NAME.db.key`, wrapped twice (AES-256-GCM): once by a key derived from the password (scrypt),
once by a key derived from the 恢复密钥 printed at set-up (HKDF; it has 160 random bits).
Either opens the data. Changing the password re-keys the database and issues a new 恢复密钥.
A database whose first bytes are SQLite's plain header is not encrypted, whatever lies beside
it: the header, not the key file, decides, so an interrupted switch can never lock data away.

The same envelope (a random key wrapped by the password and by the 恢复密钥) seals the city's
private keys in the city database (app/city/key_lock.py), which may be PostgreSQL.
"""

import base64
import contextlib
import json
import os
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from base.durable import fsync_folder
from base.errors import UserError

PLAIN_HEADER = b"SQLite format 3\x00"
KEY_SUFFIX = ".key"
#: scrypt cost: about 0.1 s on an office PC, at each unlock only.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSWORD = 6
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper


class WrongPassword(UserError):
    def __init__(self, what: str = "密码") -> None:
        super().__init__(f"{what}不对，无法打开数据。")


class Locked(UserError):
    """The database has a password and was opened without its key."""

    def __init__(self, database: Path) -> None:
        super().__init__(f"数据库“{database}”已设密码，请先输入密码。")


def has_key_file(database: Path) -> bool:
    return key_path(database).exists() or _new_key_path(database).exists()


def key_path(database: Path) -> Path:
    return database.with_name(database.name + KEY_SUFFIX)


def is_encrypted(database: Path) -> bool:
    try:
        with open(database, "rb") as handle:
            header = handle.read(len(PLAIN_HEADER))
    except OSError:
        return False
    return len(header) == len(PLAIN_HEADER) and header != PLAIN_HEADER


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少 {MIN_PASSWORD} 位。")


def new_recovery_key() -> str:
    """32 characters in groups of four: 160 bits, easy to copy from paper."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(32))
    return "-".join(chars[i:i + 4] for i in range(0, 32, 4))


def _normal_recovery(text: str) -> str:
    chars = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(chars[i:i + 4] for i in range(0, len(chars), 4))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


# cryptography is imported where it is used: opening a database without a password (and
# so the window's start) does without it.

def _password_kek(password: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R,
                  p: int = SCRYPT_P) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def _recovery_kek(recovery: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                info=b"BranchDesk recovery key v1").derive(
        _normal_recovery(recovery).encode("ascii"))


_KEY_PURPOSE = b"BranchDesk database key v1"


def seal(key: bytes, data: bytes, purpose: bytes) -> str:
    """`data` encrypted and authenticated (AES-256-GCM) under `key`, as base64 text."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return _b64(nonce + AESGCM(key).encrypt(nonce, data, purpose))


def unseal(key: bytes, sealed: str, purpose: bytes) -> bytes | None:
    """The data, or None when `key` is not the right one."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data = _unb64(sealed)
    try:
        return AESGCM(key).decrypt(data[:12], data[12:], purpose)
    except InvalidTag:
        return None


@dataclass(frozen=True)
class Keys:
    """A fresh database key, its key file contents and the 恢复密钥 to print."""

    key: bytes
    recovery: str
    file: dict[str, Any]


def new_keys(password: str) -> Keys:
    check_password(password)
    key, recovery = os.urandom(32), new_recovery_key()
    salt, recovery_salt = os.urandom(16), os.urandom(16)
    return Keys(key, recovery, {
        "type": "branchdesk-database-key", "version": 1, "cipher": "SQLCipher 4",
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                "salt": _b64(salt)},
        "by_password": seal(_password_kek(password, salt), key, _KEY_PURPOSE),
        "recovery_salt": _b64(recovery_salt),
        "by_recovery": seal(_recovery_kek(recovery, recovery_salt), key, _KEY_PURPOSE),
    })


def _new_key_path(database: Path) -> Path:
    return database.with_name(database.name + KEY_SUFFIX + ".new")


def _read(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise UserError(f"无法读取密钥文件“{path}”：{exc}") from None


def write_key_file(path: Path, contents: dict[str, Any]) -> None:
    """Written whole or not at all (`.part`, fsync, rename)."""
    part = path.with_name(path.name + ".part")
    with open(part, "wb") as handle:
        handle.write(json.dumps(contents, ensure_ascii=False, indent=1).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(part, path)
    fsync_folder(path.parent)


def open_by_password(contents: dict[str, Any], password: str) -> bytes | None:
    """The key a key file (or the city's envelope) holds, or None for a wrong password."""
    kdf = contents["kdf"]
    kek = _password_kek(password, _unb64(kdf["salt"]), kdf["n"], kdf["r"], kdf["p"])
    return unseal(kek, contents["by_password"], _KEY_PURPOSE)


def open_by_recovery(contents: dict[str, Any], recovery: str) -> bytes | None:
    kek = _recovery_kek(recovery, _unb64(contents["recovery_salt"]))
    return unseal(kek, contents["by_recovery"], _KEY_PURPOSE)


def _unlock(database: Path, opener: Callable[[dict[str, Any]], bytes | None],
            what: str) -> bytes:
    """The key that opens the database, from its key file or from the new one an
    interrupted switch left (which then becomes the key file)."""
    candidates = [(path, contents) for path in (key_path(database), _new_key_path(database))
                  if (contents := _read(path)) is not None]
    if not candidates:
        raise UserError(f"数据库“{database}”已设密码，但它旁边的密钥文件“"
                        f"{key_path(database).name}”不见了。请把它和数据库放在同一文件夹；"
                        "找不到时，请用工委的恢复包恢复数据。")
    fitting = False
    for path, contents in candidates:
        key = opener(contents)
        if key is None:
            continue
        fitting = True
        if _opens(database, key):
            if path != key_path(database):
                os.replace(path, key_path(database))
            return key
    if fitting:
        raise UserError(f"密钥文件与数据库“{database}”不配套（可能是从别处复制来的）。")
    raise WrongPassword(what)


def unlock(database: Path, password: str) -> bytes:
    """The database key from the password; WrongPassword when it does not fit."""
    return _unlock(database, lambda contents: open_by_password(contents, password), "密码")


def unlock_with_recovery(database: Path, recovery: str) -> bytes:
    return _unlock(database, lambda contents: open_by_recovery(contents, recovery), "恢复密钥")


def _opens(database: Path, key: bytes) -> bool:
    connection = connect(database, key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except dbapi_module(key).DatabaseError:
        return False
    finally:
        connection.close()


def _pragma_key(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(path: Path | str, key: bytes | None, **kwargs: Any) -> Any:
    """A DB-API connection: plain sqlite3 without a key, SQLCipher with one."""
    if key is None:
        return sqlite3.connect(path, **kwargs)
    from sqlcipher3 import dbapi2

    connection = dbapi2.connect(str(path), **kwargs)
    connection.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message
    connection.execute(_pragma_key(key))
    return connection


def engine_options(path: Path, key: bytes | None) -> dict[str, Any]:
    """`create_engine` options: none for a plain database; for an encrypted one SQLCipher's
    DB-API module and a creator that gives each new connection the key first."""
    if key is None:
        return {}
    return {"module": dbapi_module(key),
            "creator": lambda: connect(path, key, check_same_thread=False)}


def dbapi_module(key: bytes | None) -> Any:
    if key is None:
        return sqlite3
    from sqlcipher3 import dbapi2

    return dbapi2


def _export(source: Path, source_key: bytes | None, target: Path, target_key: bytes | None
            ) -> None:
    """Copy every page's content into a new file under another key (or none): SQLCipher's
    `sqlcipher_export`, which also turns a plain database into an encrypted one."""
    target.unlink(missing_ok=True)
    connection = connect(source, source_key) if source_key else _plain_via_cipher(source)
    try:
        key = f"\"x'{target_key.hex()}'\"" if target_key else "''"
        connection.execute(f"ATTACH DATABASE ? AS target KEY {key}", (str(target),))
        connection.execute("SELECT sqlcipher_export('target')")
        version = connection.execute("PRAGMA main.user_version").fetchone()[0]
        connection.execute(f"PRAGMA target.user_version = {int(version)}")
        connection.execute("DETACH DATABASE target")
    finally:
        connection.close()


def _plain_via_cipher(path: Path) -> Any:
    from sqlcipher3 import dbapi2

    connection = dbapi2.connect(str(path))
    connection.execute("PRAGMA cipher_log_level = NONE")
    return connection


def _fingerprint(path: Path, key: bytes | None) -> list[tuple[str, int]]:
    """What must be equal between a database and its copy: each table's row count."""
    connection = connect(path, key)
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise UserError(f"数据库副本校验失败：{path}")
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return [(t, connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
                for t in tables]
    finally:
        connection.close()


def _switch(database: Path, old_key: bytes | None, new_key: bytes | None,
            before_swap: Callable[[], None]) -> None:
    """Write a verified copy under the new key, then put it in the database's place."""
    part = database.with_name(database.name + ".rekey.part")
    try:
        _export(database, old_key, part, new_key)
        if _fingerprint(part, new_key) != _fingerprint(database, old_key):
            raise UserError("加密（或解密）后的副本与原数据不一致，原数据库未改动。")
        with open(part, "rb") as handle:
            os.fsync(handle.fileno())
        wal = database.with_name(database.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:  # it would be replayed onto the copy
            raise UserError("数据库仍在使用中，请关闭支部工作台的所有窗口后重试。")
        before_swap()
        os.replace(part, database)
        fsync_folder(database.parent)
    except (sqlite3.Error, dbapi_module(b"").Error) as exc:
        raise UserError(f"转换数据库时出错，原数据库未改动：{exc}") from None
    finally:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)


def encrypt(database: Path, password: str, old_key: bytes | None = None) -> Keys:
    """Protect a closed database with a password (or, given its key, change the password
    and re-key): one step with a verified copy; returns the keys, with the 恢复密钥 to print.

    The new key file is written as `.key.new` before the swap and renamed after it; killed
    in between, `unlock` finds which of the two opens the database."""
    keys = new_keys(password)
    apply_keys(database, keys, old_key)
    return keys


def apply_keys(database: Path, keys: Keys, old_key: bytes | None = None) -> None:
    """Encrypt a closed database (a backup too) under `keys`, with its key file."""
    _switch(database, old_key, keys.key,
            lambda: write_key_file(_new_key_path(database), keys.file))
    os.replace(_new_key_path(database), key_path(database))


def decrypt(database: Path, key: bytes) -> None:
    """Take the password off a closed database (a verified plain copy replaces it)."""
    _switch(database, key, None, lambda: None)
    with contextlib.suppress(OSError):
        key_path(database).unlink(missing_ok=True)
