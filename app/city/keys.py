"""The city's key pair and the branch keys it trusts.

The city's private keys live in its database (table `city_identity`), sealed under the
city's password once one is set (app/city/key_lock.py); `export_backup` writes a
passphrase-encrypted copy to keep offline, `init_city(restore=...)` brings it back.
A branch key is trusted only after the operator confirmed its fingerprint: at first contact
during an import, or beforehand with `trust_branch`.
"""

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.city.key_lock import KEYS_INFO, CityLocked, city_identity, is_protected, public_keys
from app.sync.keys import KeyPair, PublicKeys, export_private, public_key_file
from base.errors import UserError
from db.city.models import CityBranch, CityIdentity
from db.types import utcnow

CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,49}")


def city_keys(session: Session) -> KeyPair:
    """The city's private keys; with a password, as the database's unlock opened them."""
    row = city_identity(session)
    if not is_protected(row):
        return KeyPair(row.sign_private, row.box_private)
    pair = session.info.get(KEYS_INFO)
    if pair is None:
        raise CityLocked()
    return pair


def init_city(session: Session, name: str, restore: KeyPair | None = None) -> KeyPair:
    """Create the city's key pair once (or put back a backed-up one)."""
    if not name.strip():
        raise UserError("请填写工委名称，例如“中共××市直属机关工作委员会”。")
    existing = session.get(CityIdentity, 1)
    if existing is not None:
        current = public_keys(existing)
        if restore is None or restore.public == current:
            raise UserError(f"本数据库已有工委密钥（指纹 {current.fingerprint}），"
                            "不能重复创建。")
        raise UserError("本数据库已有另一把工委密钥，不能用备份覆盖。请恢复到新的数据库。")
    pair = restore or KeyPair.generate()
    session.add(CityIdentity(id=1, name=name.strip(), sign_private=pair.sign_private,
                             box_private=pair.box_private))
    session.flush()
    return pair


def city_public_key_file(session: Session) -> bytes:
    row = city_identity(session)
    return public_key_file(public_keys(row), "city", row.name)


def export_backup(session: Session, passphrase: str) -> bytes:
    return export_private(city_keys(session), passphrase, city_identity(session).name)


def normalise_fingerprint(text: str) -> str:
    digits = re.sub(r"[\s:-]", "", text).lower()
    if not re.fullmatch(r"[0-9a-f]{32}|[0-9a-f]{64}", digits):
        raise UserError("指纹应为 32 位（或 64 位）十六进制数字，可含空格。")
    return digits


def normalise_code(code: str) -> str:
    code = code.strip().upper()
    if not CODE.fullmatch(code):
        raise UserError(f"支部代码“{code}”无效：只能包含字母、数字和连字符。")
    return code


def trust_branch(session: Session, code: str, fingerprint: str, name: str = "") -> CityBranch:
    """Accept (or replace) a branch key whose fingerprint was confirmed out of band."""
    code, key_id = normalise_code(code), normalise_fingerprint(fingerprint)
    branch = session.get(CityBranch, code)
    if branch is None:
        branch = CityBranch(code=code, name=name, key_id=key_id, last_seq=0, return_seq=0)
        session.add(branch)
    elif not branch.key_id.startswith(key_id) or branch.sign_public is None:
        branch.key_id = key_id
        branch.sign_public = branch.box_public = None
        branch.trusted_at = utcnow()
    session.flush()
    return branch


def accepts(branch: CityBranch, keys: PublicKeys) -> bool:
    """Is this the key the operator confirmed for the branch?"""
    return keys.key_id.startswith(branch.key_id)


@dataclass(frozen=True)
class KeyQuestion:
    """Put to the operator when a package comes with a key not yet confirmed."""

    code: str
    name: str
    fingerprint: str
    previous_fingerprint: str | None  # set when the branch had another key before
    key_id: str = ""
